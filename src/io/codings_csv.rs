//! Codings as CSV: `document,start,end,code,coder,memo` (+ `text` on export).
//!
//! On import, `coder` and `memo` may be left out (the current coder is used), and instead of
//! `start,end` a `quote` column may give the passage itself, found in the document whatever its
//! line breaks. A quote that occurs more than once must say which: `occurrence` (1-based) or
//! `start,end` in that row; it is never guessed. A `text` column, as exported, is checked against
//! the document. A `.tsv` file is read tab-separated. Columns other than [`KNOWN_COLUMNS`] are
//! refused unless [`ImportOptions::ignore_extra_columns`], so that nothing in the file is
//! dropped without the user knowing.
//!
//! Import is planned first and applied as one edit: either every row is valid and all are
//! imported, or nothing is, and every bad row is reported with its line number.

use crate::io::quote_index::QuoteIndex;
use crate::model::{
    CharRange, Code, CodeId, Coder, CoderId, DocId, Document, PATH_SEPARATOR, Project, Segment,
    SegmentId,
};
use crate::ops::Edit;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What an import will do, as edits still to be applied.
#[derive(Debug)]
pub struct ImportPlan {
    /// New coders, then new codes (parents first), then the segments.
    pub edits: Vec<Edit>,
    pub segments_added: usize,
    /// Rows identical to a coding already in the project (or earlier in the file).
    pub duplicates_skipped: usize,
    pub new_coders: Vec<String>,
    pub new_codes: Vec<String>,
    /// Columns left out under [`ImportOptions::ignore_extra_columns`], as the header names them.
    pub ignored_columns: Vec<String>,
}

/// How an import treats what the project or the importer does not know.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Create codes named in the file that the codebook lacks (with their parents).
    pub create_codes: bool,
    /// Leave out columns the import does not read (and values past the header's columns)
    /// instead of refusing the file.
    pub ignore_extra_columns: bool,
}

/// The columns an import reads, in the order messages list them.
pub const KNOWN_COLUMNS: [&str; 9] = [
    "document",
    "start",
    "end",
    "quote",
    "occurrence",
    "code",
    "coder",
    "memo",
    "text",
];

#[derive(Debug, thiserror::Error)]
pub enum CodingsError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {}, nothing imported:\n{}", plural(.problems.len(), "problem"), .problems.join("\n"))]
    Invalid {
        path: PathBuf,
        problems: Vec<String>,
    },
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Read a codings CSV and plan its import into `project`, refusing columns it does not read.
pub fn plan_import_file(
    project: &Project,
    path: &Path,
    create_codes: bool,
) -> Result<ImportPlan, CodingsError> {
    let options = ImportOptions {
        create_codes,
        ..ImportOptions::default()
    };
    plan_import_file_with(project, path, options)
}

/// Read a codings CSV and plan its import into `project`.
pub fn plan_import_file_with(
    project: &Project,
    path: &Path,
    options: ImportOptions,
) -> Result<ImportPlan, CodingsError> {
    let bytes = std::fs::read(path).map_err(|source| CodingsError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let tab_separated = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let delimiter = if tab_separated { b'\t' } else { b',' };
    plan_import(project, &bytes, delimiter, options).map_err(|problems| CodingsError::Invalid {
        path: path.to_path_buf(),
        problems,
    })
}

fn preview(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

/// Plan the import of CSV bytes. Errors are lines such as `line 7: end 90000 is past the end of
/// "004.txt" (23412 chars)`.
pub fn plan_import(
    project: &Project,
    bytes: &[u8],
    delimiter: u8,
    options: ImportOptions,
) -> Result<ImportPlan, Vec<String>> {
    let create_codes = options.create_codes;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
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

    let mut problems = Vec::new();
    let mut unknown_codes = BTreeSet::new();
    let mut coder_ids: HashMap<String, CoderId> = project
        .coders
        .iter()
        .map(|c| (c.name.clone(), c.id))
        .collect();
    let mut new_coders = Vec::new();
    let mut code_ids: HashMap<String, CodeId> = HashMap::new();
    let mut new_code_edits = Vec::new();
    let mut new_codes = Vec::new();
    let mut new_code_count = 0usize;
    let mut seen: HashSet<(DocId, CharRange, CodeId, CoderId)> = project
        .segments
        .values()
        .map(|s| (s.document, s.range(), s.code, s.coder))
        .collect();
    let mut segments = Vec::new();
    let mut duplicates = 0;
    let now = crate::clock::now_rfc3339();

    // Read every row first, so that each document's quotes are looked up together with one
    // index (built only for documents that rows quote), one document at a time.
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => rows.push(record),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(format!("line {line}: {e}"));
            }
        }
    }
    let places: Vec<Place> = rows
        .iter()
        .map(|record| {
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let doc_name = field(doc_col);
            let document = project
                .document_by_name(doc_name)
                .or_else(|| doc_name.parse().ok().and_then(|id| project.document(id)));
            // A row gives its passage by start and end when it has them, else by its quote.
            let quote = quote_col
                .map(|c| record.get(c).unwrap_or(""))
                .filter(|q| !q.trim().is_empty());
            let by_offsets = match offsets {
                Some((start, end)) => {
                    quote.is_none() || !field(start).is_empty() || !field(end).is_empty()
                }
                None => false,
            };
            Place {
                document,
                quote,
                by_offsets,
            }
        })
        .collect();
    let mut located = locate_quotes(&places, |row| {
        occurrence_col
            .and_then(|c| rows[row].get(c))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    });

    for (row, record) in rows.iter().enumerate() {
        let Place {
            document,
            quote,
            by_offsets,
        } = places[row];
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let mut row_problems = Vec::new();
        if !options.ignore_extra_columns {
            let stray: Vec<(usize, &str)> = record
                .iter()
                .enumerate()
                .filter(|&(i, value)| {
                    headers.get(i).is_none_or(String::is_empty) && !value.trim().is_empty()
                })
                .collect();
            if !stray.is_empty() {
                let columns: Vec<String> = stray.iter().map(|(i, _)| (i + 1).to_string()).collect();
                let values: Vec<String> = stray.iter().map(|(_, v)| preview(v.trim())).collect();
                row_problems.push(format!(
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
                ));
            }
        }

        if document.is_none() {
            let doc_name = field(doc_col);
            row_problems.push(format!("no document named {doc_name:?} in the project"));
        }
        let number =
            |i: usize, what: &str, problems: &mut Vec<String>| match field(i).parse::<usize>() {
                Ok(n) => Some(n),
                Err(_) => {
                    problems.push(format!("{what} {:?} is not a whole number ≥ 0", field(i)));
                    None
                }
            };
        let (start, end) = match (offsets, quote, document) {
            (Some((start, end)), _, _) if by_offsets => (
                number(start, "start", &mut row_problems),
                number(end, "end", &mut row_problems),
            ),
            (_, Some(_), Some(_)) => match located[row].take() {
                Some(Ok(range)) => (Some(range.start), Some(range.end)),
                Some(Err(problem)) => {
                    row_problems.push(problem);
                    (None, None)
                }
                None => unreachable!("every quoted row of a known document is located"),
            },
            (_, None, Some(_)) => {
                row_problems.push("the quote is empty (and the row has no start and end)".into());
                (None, None)
            }
            (_, _, None) => (None, None),
        };
        let mut range = None;
        if let (Some(doc), Some(start), Some(end)) = (document, start, end) {
            let len = doc.text.char_len();
            if start >= end {
                row_problems.push(format!("start {start} is not before end {end}"));
            } else if end > len {
                row_problems.push(format!(
                    "end {end} is past the end of {:?} ({len} chars)",
                    doc.name
                ));
            } else {
                range = Some(CharRange::new(start, end));
            }
        }
        if let (Some(doc), Some(range), Some(quote), true) = (document, range, quote, by_offsets) {
            let actual = doc.text.slice(range).unwrap_or("");
            if collapse_whitespace(quote) != collapse_whitespace(actual) {
                row_problems.push(format!(
                    "the quote {} differs from the document's text at {range}: {}",
                    preview(quote),
                    preview(actual)
                ));
            }
        }
        if let (Some(doc), Some(range), Some(col)) = (document, range, text_col) {
            let expected = record.get(col).unwrap_or("");
            let actual = doc.text.slice(range).unwrap_or("");
            if !expected.is_empty() && expected != actual {
                row_problems.push(format!(
                    "the text column {} differs from the document's text at {range}: {}",
                    preview(expected),
                    preview(actual)
                ));
            }
        }

        let code_ref = field(code_col);
        let code = match project.resolve_code(code_ref) {
            Some(code) => Some(code.id),
            None if code_ref.is_empty() => {
                row_problems.push("the code is empty".into());
                None
            }
            None if create_codes => {
                match plan_code_path(
                    project,
                    code_ref,
                    &mut code_ids,
                    &mut new_code_edits,
                    &mut new_codes,
                    &mut new_code_count,
                ) {
                    Ok(id) => Some(id),
                    Err(e) => {
                        row_problems.push(e);
                        None
                    }
                }
            }
            None => {
                unknown_codes.insert(code_ref.to_string());
                None
            }
        };

        let coder_name = coder_col.map(field).unwrap_or("");
        let coder = if coder_name.is_empty() {
            match project.current_coder {
                Some(id) => Some(id),
                None => {
                    row_problems
                        .push("the coder is empty and the project has no current coder".into());
                    None
                }
            }
        } else {
            Some(*coder_ids.entry(coder_name.to_string()).or_insert_with(|| {
                let coder = Coder {
                    id: CoderId::new(),
                    name: coder_name.to_string(),
                };
                new_coders.push(coder.clone());
                coder.id
            }))
        };

        if !row_problems.is_empty() {
            problems.extend(
                row_problems
                    .into_iter()
                    .map(|p| format!("line {line}: {p}")),
            );
            continue;
        }
        let (Some(doc), Some(range), Some(code), Some(coder)) = (document, range, code, coder)
        else {
            continue;
        };
        if !seen.insert((doc.id, range, code, coder)) {
            duplicates += 1;
            continue;
        }
        segments.push(Segment {
            id: SegmentId::new(),
            document: doc.id,
            start: range.start,
            end: range.end,
            code,
            coder,
            created: now.clone(),
            memo: memo_col
                .map(|c| record.get(c).unwrap_or("").to_string())
                .unwrap_or_default(),
        });
    }
    if !unknown_codes.is_empty() {
        problems.push(format!(
            "unknown codes (create them with --create-codes, or fix the paths): {}",
            unknown_codes
                .iter()
                .map(|c| format!("{c:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut edits = Vec::new();
    let new_coder_names = new_coders.iter().map(|c| c.name.clone()).collect();
    for (offset, coder) in new_coders.into_iter().enumerate() {
        edits.push(Edit::InsertCoder {
            index: project.coders.len() + offset,
            coder,
        });
    }
    edits.extend(new_code_edits);
    let segments_added = segments.len();
    edits.extend(
        segments
            .into_iter()
            .map(|s| Edit::InsertSegment(Box::new(s))),
    );
    Ok(ImportPlan {
        edits,
        segments_added,
        duplicates_skipped: duplicates,
        new_coders: new_coder_names,
        new_codes,
        ignored_columns,
    })
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

/// Where a row's passage is: its document (if known), its quote (if any) and whether its start
/// and end give the passage instead.
#[derive(Clone, Copy)]
struct Place<'p, 'r> {
    document: Option<&'p Document>,
    quote: Option<&'r str>,
    by_offsets: bool,
}

/// The passage of every row that gives it by quote, indexed like `places` (`None` for the other
/// rows), with its `occurrence`. Each document's quotes are found with one [`QuoteIndex`], and
/// only one index is in memory at a time.
fn locate_quotes<'r>(
    places: &[Place<'_, 'r>],
    occurrence: impl Fn(usize) -> Option<&'r str>,
) -> Vec<Option<Result<CharRange, String>>> {
    let mut rows_by_document: HashMap<DocId, (&Document, Vec<usize>)> = HashMap::new();
    for (row, place) in places.iter().enumerate() {
        if let (Some(document), Some(_), false) = (place.document, place.quote, place.by_offsets) {
            rows_by_document
                .entry(document.id)
                .or_insert_with(|| (document, Vec::new()))
                .1
                .push(row);
        }
    }
    let mut located: Vec<Option<Result<CharRange, String>>> = vec![None; places.len()];
    for (document, rows) in rows_by_document.into_values() {
        let index = QuoteIndex::for_lookups(&document.text, rows.len());
        for row in rows {
            let quote = places[row].quote.unwrap_or_default();
            let found = index.find(quote);
            located[row] = Some(pick_occurrence(
                quote,
                occurrence(row),
                &document.name,
                found.len(),
                |n| {
                    found
                        .get(n)
                        .expect("pick_occurrence asks for n < found.len()")
                },
            ));
        }
    }
    located
}

/// How many of a quote's occurrences an error message lists.
const OCCURRENCES_LISTED: usize = 10;

/// The occurrence a row means of a quote found `count` times (`nth(i)`: the `i`-th, 0-based, in
/// document order). Without an `occurrence`, the quote must occur exactly once: taking the
/// first of several would code a passage nobody chose.
fn pick_occurrence(
    quote: &str,
    occurrence: Option<&str>,
    doc_name: &str,
    count: usize,
    nth: impl Fn(usize) -> CharRange,
) -> Result<CharRange, String> {
    if count == 0 {
        return Err(format!(
            "the quote {} does not occur in {doc_name:?} (line breaks and spacing aside)",
            preview(quote)
        ));
    }
    let listed = || {
        let mut list: Vec<String> = (0..count.min(OCCURRENCES_LISTED))
            .map(|i| nth(i).to_string())
            .collect();
        if count > OCCURRENCES_LISTED {
            list.push("…".into());
        }
        list.join(", ")
    };
    let Some(occurrence) = occurrence else {
        if count == 1 {
            return Ok(nth(0));
        }
        return Err(format!(
            "the quote {} occurs {count} times in {doc_name:?}, at chars {}; say which with an \
             occurrence column (1 to {count}, in that order) or give the row start and end",
            preview(quote),
            listed()
        ));
    };
    match occurrence.parse::<usize>() {
        Ok(n) if (1..=count).contains(&n) => Ok(nth(n - 1)),
        Ok(n) => Err(format!(
            "the quote {} occurs {count} times in {doc_name:?}, so there is no occurrence {n} \
             (occurrences count from 1 to {count}): at chars {}",
            preview(quote),
            listed()
        )),
        Err(_) => Err(format!(
            "occurrence {occurrence:?} is not a whole number from 1 to {count}"
        )),
    }
}

/// The text trimmed, with every run of whitespace as one space: how quotes are compared.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plan the codes of a path that does not exist yet; returns the id of its last level.
fn plan_code_path(
    project: &Project,
    path: &str,
    planned: &mut HashMap<String, CodeId>,
    edits: &mut Vec<Edit>,
    names: &mut Vec<String>,
    count: &mut usize,
) -> Result<CodeId, String> {
    let mut parent: Option<CodeId> = None;
    let mut prefix = String::new();
    for name in path.split(PATH_SEPARATOR).map(str::trim) {
        if name.is_empty() {
            return Err(format!("the code path {path:?} has an empty level"));
        }
        if !prefix.is_empty() {
            prefix.push(PATH_SEPARATOR);
        }
        prefix.push_str(name);
        let existing = project
            .children(parent)
            .find(|c| c.name == name)
            .map(|c| c.id)
            .or_else(|| planned.get(&prefix).copied());
        parent = Some(match existing {
            Some(id) => id,
            None => {
                let color = crate::model::Color::from_palette(project.codes.len() + *count);
                let code = Code::new(name, parent, color);
                let id = code.id;
                edits.push(Edit::InsertCode {
                    index: project.codes.len() + *count,
                    code: Box::new(code),
                });
                *count += 1;
                planned.insert(prefix.clone(), id);
                names.push(prefix.clone());
                id
            }
        });
    }
    parent.ok_or_else(|| "the code is empty".to_string())
}

/// Write every segment as CSV, ordered by document name, start, end, code path and coder.
pub fn export(project: &Project, out: impl Write) -> csv::Result<()> {
    let mut rows: Vec<(String, usize, usize, String, String, &Segment)> = project
        .segments
        .values()
        .map(|s| {
            (
                project
                    .document(s.document)
                    .map(|d| d.name.clone())
                    .unwrap_or_default(),
                s.start,
                s.end,
                project.code_path(s.code),
                project
                    .coder(s.coder)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                s,
            )
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.0, a.1, a.2, &a.3, &a.4, a.5.id).cmp(&(&b.0, b.1, b.2, &b.3, &b.4, b.5.id))
    });
    let segments: Vec<SegmentId> = rows.iter().map(|r| r.5.id).collect();
    export_segments(project, &segments, out)
}

/// Write the given segments as CSV, in the order given (unknown ids are skipped).
pub fn export_segments(
    project: &Project,
    segments: &[SegmentId],
    out: impl Write,
) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(["document", "start", "end", "code", "coder", "memo", "text"])?;
    for segment in segments.iter().filter_map(|id| project.segments.get(id)) {
        let document = project.document(segment.document);
        writer.write_record([
            document.map_or("", |d| d.name.as_str()),
            &segment.start.to_string(),
            &segment.end.to_string(),
            &project.code_path(segment.code),
            project.coder(segment.coder).map_or("", |c| c.name.as_str()),
            &segment.memo,
            document
                .and_then(|d| d.text.slice(segment.range()))
                .unwrap_or(""),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Color, DocumentSource, SourceFormat};
    use crate::ops::apply;

    /// A project with one coder (current), the code "Push factors" and one document `doc.txt`.
    fn project_with(text: &str) -> Project {
        let mut project = Project::new("test");
        let coder = Coder {
            id: CoderId::new(),
            name: "Aigerim".into(),
        };
        let document = Document::new(
            "doc.txt",
            DocumentSource {
                file_name: "doc.txt".into(),
                format: SourceFormat::PlainText,
                encoding: "UTF-8".into(),
            },
            text.into(),
        );
        let edits = vec![
            Edit::InsertDocument {
                index: 0,
                document: Box::new(document),
            },
            Edit::SetCurrentCoder(None),
            Edit::InsertCode {
                index: 0,
                code: Box::new(Code::new("Push factors", None, Color::from_palette(0))),
            },
            Edit::InsertCoder {
                index: 0,
                coder: coder.clone(),
            },
            Edit::SetCurrentCoder(Some(coder.id)),
        ];
        apply(&mut project, Edit::Batch(edits)).expect("valid fixture");
        project
    }

    fn plan(
        project: &Project,
        csv: &str,
        ignore_extra_columns: bool,
    ) -> Result<ImportPlan, String> {
        let options = ImportOptions {
            create_codes: false,
            ignore_extra_columns,
        };
        plan_import(project, csv.as_bytes(), b',', options).map_err(|p| p.join("\n"))
    }

    /// The ranges of the segments a plan adds, in file order.
    fn ranges(plan: &ImportPlan) -> Vec<CharRange> {
        plan.edits
            .iter()
            .filter_map(|e| match e {
                Edit::InsertSegment(s) => Some(s.range()),
                _ => None,
            })
            .collect()
    }

    const MIGRANTS: &str =
        "Migrants in Russia are recruited online. Migrants in\nRussia  send money home.";

    #[test]
    fn an_ambiguous_quote_is_refused_with_its_offsets() {
        let project = project_with(MIGRANTS);
        let err = plan(
            &project,
            "document,code,quote\ndoc.txt,Push factors,are recruited\ndoc.txt,Push factors,Migrants in Russia\n",
            false,
        )
        .unwrap_err();
        assert!(err.starts_with("line 3: "), "{err}");
        assert!(
            err.contains("\"Migrants in Russia\" occurs 2 times"),
            "{err}"
        );
        assert!(err.contains("0..18, 41..59;"), "{err}");
        assert!(err.contains("occurrence column") && err.contains("start and end"));
        assert!(!err.contains("line 2"), "{err}");
    }

    #[test]
    fn only_the_first_ten_occurrences_are_listed() {
        let project = project_with(&"ab ".repeat(12));
        let err = plan(
            &project,
            "document,code,quote\ndoc.txt,Push factors,ab\n",
            false,
        )
        .unwrap_err();
        assert!(err.contains("occurs 12 times"), "{err}");
        assert!(err.contains("24..26, 27..29, …;"), "{err}");
        assert!(!err.contains("30..32"), "{err}");
    }

    #[test]
    fn occurrence_picks_one_and_must_exist() {
        let project = project_with(MIGRANTS);
        let csv = "document,code,occurrence,quote\ndoc.txt,Push factors,2,Migrants in Russia\n";
        let planned = plan(&project, csv, false).unwrap();
        assert_eq!(ranges(&planned), [CharRange::new(41, 59)]);
        for bad in ["3", "0"] {
            let csv = format!(
                "document,code,occurrence,quote\ndoc.txt,Push factors,{bad},Migrants in Russia\n"
            );
            let err = plan(&project, &csv, false).unwrap_err();
            assert!(err.contains(&format!("no occurrence {bad}")), "{err}");
            assert!(err.contains("0..18, 41..59"), "{err}");
        }
        // An empty cell chooses nothing.
        let csv = "document,code,occurrence,quote\ndoc.txt,Push factors,,Migrants in Russia\n";
        assert!(
            plan(&project, csv, false)
                .unwrap_err()
                .contains("occurs 2 times")
        );
        // A quote found once needs no occurrence.
        let csv = "document,code,occurrence,quote\ndoc.txt,Push factors,,send money\n";
        assert_eq!(
            ranges(&plan(&project, csv, false).unwrap()),
            [CharRange::new(61, 71)]
        );
    }

    #[test]
    fn start_and_end_pick_one_and_must_hold_the_quote() {
        let project = project_with(MIGRANTS);
        let csv = "document,code,start,end,quote\n\
                   doc.txt,Push factors,41,59,Migrants in Russia\n\
                   doc.txt,Push factors,,,are recruited\n";
        let planned = plan(&project, csv, false).unwrap();
        assert_eq!(
            ranges(&planned),
            [CharRange::new(41, 59), CharRange::new(19, 32)]
        );
        let csv = "document,code,start,end,quote\ndoc.txt,Push factors,0,8,Russia\n";
        let err = plan(&project, csv, false).unwrap_err();
        assert!(
            err.contains("differs from the document's text at 0..8"),
            "{err}"
        );
        let csv = "document,code,start\ndoc.txt,Push factors,0\n";
        assert!(
            plan(&project, csv, false)
                .unwrap_err()
                .contains("only one of start and end")
        );
    }

    #[test]
    fn unknown_columns_are_refused_unless_ignored() {
        let project = project_with(MIGRANTS);
        let csv = "document,start,end,code,Colour,note\ndoc.txt,0,8,Push factors,red,x\n";
        let err = plan(&project, csv, false).unwrap_err();
        assert!(
            err.starts_with("line 1: unknown columns \"Colour\", \"note\";"),
            "{err}"
        );
        assert!(err.contains(&KNOWN_COLUMNS.join(", ")), "{err}");
        assert!(err.contains("--ignore-extra-columns"), "{err}");
        let planned = plan(&project, csv, true).unwrap();
        assert_eq!(planned.ignored_columns, ["Colour", "note"]);
        assert_eq!(planned.segments_added, 1);
    }

    #[test]
    fn a_column_given_twice_is_refused() {
        let project = project_with(MIGRANTS);
        let csv = "document,start,end,code,memo,Memo\ndoc.txt,0,8,Push factors,one,two\n";
        for ignore in [false, true] {
            let err = plan(&project, csv, ignore).unwrap_err();
            assert!(
                err.contains("\"Memo\" appears more than once (columns 5 and 6)"),
                "{err}"
            );
        }
    }

    #[test]
    fn values_outside_the_named_columns_are_refused_unless_ignored() {
        let project = project_with(MIGRANTS);
        // More values than the header has columns: a memo with an unquoted comma.
        let csv = "document,start,end,code,memo\ndoc.txt,0,8,Push factors,one, two\n";
        let err = plan(&project, csv, false).unwrap_err();
        assert!(err.starts_with("line 2: a value in column 6"), "{err}");
        assert!(err.contains("\"two\""), "{err}");
        assert_eq!(plan(&project, csv, true).unwrap().segments_added, 1);
        // A column without a name (a spreadsheet's trailing comma) that holds nothing is fine.
        let csv = "document,start,end,code,\ndoc.txt,0,8,Push factors,\ndoc.txt,0,9,Push factors\n";
        assert_eq!(plan(&project, csv, false).unwrap().segments_added, 2);
        let csv = "document,start,end,code,\ndoc.txt,0,8,Push factors,lost?\n";
        assert!(plan(&project, csv, false).unwrap_err().contains("column 5"));
    }

    #[test]
    fn many_quoted_rows_are_located_as_few_are() {
        // Enough rows for the document to get a suffix array.
        let project = project_with(MIGRANTS);
        let rows = crate::io::quote_index::SUFFIX_ARRAY_FROM + 1;
        let mut csv = String::from("document,code,coder,occurrence,quote\n");
        for n in 0..rows {
            csv.push_str(&format!(
                "doc.txt,Push factors,Coder {n},{},Migrants in Russia\n",
                n % 2 + 1
            ));
        }
        let planned = plan(&project, &csv, false).unwrap();
        let expected: Vec<CharRange> = (0..rows)
            .map(|n| [CharRange::new(0, 18), CharRange::new(41, 59)][n % 2])
            .collect();
        assert_eq!(ranges(&planned), expected);
        csv.push_str("doc.txt,Push factors,Coder 0,,Migrants in Russia\n");
        let err = plan(&project, &csv, false).unwrap_err();
        assert!(err.starts_with(&format!("line {}: ", rows + 2)), "{err}");
        assert!(err.contains("occurs 2 times"), "{err}");
    }
}
