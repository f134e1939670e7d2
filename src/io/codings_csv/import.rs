//! Planning an import: every row checked, the coders and codes it needs planned, and its
//! segments (duplicates skipped), as edits still to be applied; or every problem, by line.

use super::header::{Columns, stray_values};
use super::quotes::{Place, collapse_whitespace, locate_quotes};
use super::{CodingsError, ImportOptions, ImportPlan, preview};
use crate::model::{
    CharRange, Code, CodeId, Coder, CoderId, DocId, PATH_SEPARATOR, Project, Segment, SegmentId,
};
use crate::ops::Edit;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

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
    let columns = Columns::read(&mut reader, options)?;

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
            let doc_name = field(columns.document);
            let document = project
                .document_by_name(doc_name)
                .or_else(|| doc_name.parse().ok().and_then(|id| project.document(id)));
            // A row gives its passage by start and end when it has them, else by its quote.
            let quote = columns
                .quote
                .map(|c| record.get(c).unwrap_or(""))
                .filter(|q| !q.trim().is_empty());
            let by_offsets = match columns.offsets {
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
        columns
            .occurrence
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
        if !options.ignore_extra_columns
            && let Some(problem) = stray_values(&columns.headers, record, delimiter)
        {
            row_problems.push(problem);
        }

        if document.is_none() {
            let doc_name = field(columns.document);
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
        let (start, end) = match (columns.offsets, quote, document) {
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
        if let (Some(doc), Some(range), Some(col)) = (document, range, columns.text) {
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

        let code_ref = field(columns.code);
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

        let coder_name = columns.coder.map(field).unwrap_or("");
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
            memo: columns
                .memo
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
        ignored_columns: columns.ignored,
    })
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
