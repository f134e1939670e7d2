//! The header of a codings CSV: which column holds what; columns the import does not read, and
//! values under no column, refused unless ignored.

use super::{ImportOptions, KNOWN_COLUMNS, preview};

/// Where the columns an import reads are (0-based), as the header names them.
pub(super) struct Columns {
    /// The header's names, trimmed and lowercased.
    pub(super) headers: Vec<String>,
    pub(super) document: usize,
    pub(super) code: usize,
    /// `start` and `end`: a header has both or neither.
    pub(super) offsets: Option<(usize, usize)>,
    pub(super) quote: Option<usize>,
    pub(super) occurrence: Option<usize>,
    pub(super) coder: Option<usize>,
    pub(super) memo: Option<usize>,
    pub(super) text: Option<usize>,
    /// Columns left out under [`ImportOptions::ignore_extra_columns`], as the header names them.
    pub(super) ignored: Vec<String>,
}

impl Columns {
    /// Read the header: refused (with lines such as `line 1: …`) when it names a column twice,
    /// a column the import does not read (unless ignored), or not enough columns to place a
    /// coding.
    pub(super) fn read<R: std::io::Read>(
        reader: &mut csv::Reader<R>,
        options: ImportOptions,
    ) -> Result<Self, Vec<String>> {
        let written: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
            Err(e) => return Err(vec![format!("line 1: cannot read the header: {e}")]),
        };
        let headers: Vec<String> = written.iter().map(|h| h.to_ascii_lowercase()).collect();
        let ignored_columns = check_header(&written, &headers, options)?;
        let column = |name: &str| headers.iter().position(|h| h == name);
        let offsets = match (column("start"), column("end")) {
            (Some(start), Some(end)) => Some((start, end)),
            (None, None) => None,
            (Some(_), None) | (None, Some(_)) => {
                return Err(vec![
                    "line 1: the header has only one of start and end; give both, or neither and a quote column".into(),
                ]);
            }
        };
        let quote_col = column("quote");
        let occurrence_col = column("occurrence");
        if offsets.is_none() && quote_col.is_none() {
            return Err(vec![
                "line 1: the header needs start and end columns (or a quote column); expected document,start,end,code,coder[,memo]".into(),
            ]);
        }
        let (Some(doc_col), Some(code_col)) = (column("document"), column("code")) else {
            return Err(vec![
                "line 1: the header needs document and code columns; expected document,start,end,code,coder[,memo]".into(),
            ]);
        };
        let coder_col = column("coder");
        let memo_col = column("memo");
        let text_col = column("text");
        Ok(Columns {
            headers,
            document: doc_col,
            code: code_col,
            offsets,
            quote: quote_col,
            occurrence: occurrence_col,
            coder: coder_col,
            memo: memo_col,
            text: text_col,
            ignored: ignored_columns,
        })
    }
}

/// A row's values under no column of the header (past its end, or under an empty name), as a
/// problem; `None` when there are none.
pub(super) fn stray_values(
    headers: &[String],
    record: &csv::StringRecord,
    delimiter: u8,
) -> Option<String> {
    let stray: Vec<(usize, &str)> = record
        .iter()
        .enumerate()
        .filter(|&(i, value)| {
            headers.get(i).is_none_or(String::is_empty) && !value.trim().is_empty()
        })
        .collect();
    if stray.is_empty() {
        return None;
    }
    let columns: Vec<String> = stray.iter().map(|(i, _)| (i + 1).to_string()).collect();
    let values: Vec<String> = stray.iter().map(|(_, v)| preview(v.trim())).collect();
    Some(format!(
        "{} {} that the header does not name: {} (quote a value that holds {}, or \
         leave such values out with --ignore-extra-columns)",
        if stray.len() == 1 {
            "a value in column"
        } else {
            "values in columns"
        },
        columns.join(", "),
        values.join(", "),
        if delimiter == b'\t' {
            "a tab"
        } else {
            "a comma"
        }
    ))
}

/// Refuse a header whose columns would be read ambiguously or not at all; returns the
/// columns left out when `options` says to ignore them.
fn check_header(
    written: &[String],
    headers: &[String],
    options: ImportOptions,
) -> Result<Vec<String>, Vec<String>> {
    let mut problems = Vec::new();
    for (i, name) in headers.iter().enumerate() {
        if let Some(first) = headers[..i].iter().position(|h| h == name)
            && !name.is_empty()
        {
            problems.push(format!(
                "line 1: the column {:?} appears more than once (columns {} and {}); keep one",
                written[i],
                first + 1,
                i + 1
            ));
        }
    }
    let unknown: Vec<String> = written
        .iter()
        .zip(headers)
        .filter(|(_, h)| !h.is_empty() && !KNOWN_COLUMNS.contains(&h.as_str()))
        .map(|(w, _)| w.clone())
        .collect();
    if !unknown.is_empty() && !options.ignore_extra_columns {
        problems.push(format!(
            "line 1: {} {}; the columns an import reads are {}. Rename or remove {}, or import \
             without {} with --ignore-extra-columns",
            if unknown.len() == 1 {
                "unknown column"
            } else {
                "unknown columns"
            },
            unknown
                .iter()
                .map(|c| format!("{c:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            KNOWN_COLUMNS.join(", "),
            if unknown.len() == 1 { "it" } else { "them" },
            if unknown.len() == 1 { "it" } else { "them" },
        ));
    }
    if problems.is_empty() {
        Ok(unknown)
    } else {
        Err(problems)
    }
}
