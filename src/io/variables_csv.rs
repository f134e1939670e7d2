//! Document variables as CSV: `document,VARIABLE[:TYPE],…`, one row per document.
//!
//! Import checks every row first and returns the edits, or every problem with its line: an
//! unknown document, a value the variable's type does not read, a type that contradicts the
//! project's. A column's type is the one its header declares (`year:number`), else the
//! variable's type in the project, else inferred from the column (number, else date, else
//! yes/no, else text). An empty cell clears the document's value. Export writes every document
//! and every variable, with the types declared in the header, so that it imports back as is.

use crate::model::{Project, Typed, VariableType, variable_name_problem};
use crate::ops::Edit;
use std::collections::HashSet;
use std::io::Write;

/// The most problems an import lists.
const PROBLEMS_SHOWN: usize = 20;

/// A column of the CSV: its variable, and its type once known.
struct Column {
    name: String,
    declared: Option<VariableType>,
}

/// What an import will do, for the command to tell.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub documents: usize,
    pub values: usize,
    pub cleared: usize,
    /// Variables the import defines, with their types.
    pub new_variables: Vec<(String, VariableType)>,
}

/// The edits that set the values the CSV gives (one batch, to apply at once), or every problem,
/// each starting with `label:LINE:`.
pub fn plan_import(
    project: &Project,
    bytes: &[u8],
    label: &str,
) -> Result<(Vec<Edit>, ImportSummary), Vec<String>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| vec![format!("{label}: not UTF-8 text; save the CSV as UTF-8")])?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                rows.push((line, record.iter().map(str::to_string).collect()));
            }
            Err(e) => return Err(vec![format!("{label}: {e}")]),
        }
    }
    let mut problems = Vec::new();
    let Some((_, header)) = rows.first() else {
        return Err(vec![format!(
            "{label}: empty; expected a header such as document,year,outlet"
        )]);
    };
    if header.first().map(|h| h.trim().to_lowercase()) != Some("document".into()) {
        return Err(vec![format!(
            "{label}:1: the first column must be `document` (the document's name), then one column per variable"
        )]);
    }
    let mut columns = Vec::new();
    let mut seen = HashSet::new();
    for cell in &header[1..] {
        let (name, declared) = match cell.rsplit_once(':') {
            Some((name, kind)) => match VariableType::from_name(kind) {
                Some(kind) => (name.trim(), Some(kind)),
                None => {
                    problems.push(format!(
                        "{label}:1: column {cell:?}: unknown type {kind:?}; the types are text, number, date and yes/no"
                    ));
                    continue;
                }
            },
            None => (cell.trim(), None),
        };
        if let Some(problem) = variable_name_problem(name) {
            problems.push(format!("{label}:1: column {cell:?}: {problem}"));
            continue;
        }
        if !seen.insert(name.to_string()) {
            problems.push(format!("{label}:1: variable {name:?} has two columns"));
            continue;
        }
        if let (Some(existing), Some(kind)) = (project.variable(name), declared)
            && existing.kind != kind
        {
            problems.push(format!(
                "{label}:1: variable {name:?} is of type {} in the project, but the header declares {kind}",
                existing.kind
            ));
        }
        columns.push(Column {
            name: name.to_string(),
            declared,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let body = &rows[1..];
    let kinds: Vec<VariableType> = columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            column
                .declared
                .or_else(|| project.variable(&column.name).map(|v| v.kind))
                .unwrap_or_else(|| {
                    VariableType::infer(
                        body.iter()
                            .map(|(_, row)| row.get(c + 1).map_or("", String::as_str)),
                    )
                })
        })
        .collect();

    let mut summary = ImportSummary::default();
    let mut edits = Vec::new();
    for (column, &kind) in columns.iter().zip(&kinds) {
        if project.variable(&column.name).is_none() {
            edits.push(Edit::InsertVariable {
                index: project.variables.len() + summary.new_variables.len(),
                variable: crate::model::Variable {
                    name: column.name.clone(),
                    kind,
                },
            });
            summary.new_variables.push((column.name.clone(), kind));
        }
    }
    let mut documents_seen = HashSet::new();
    for (line, row) in body {
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let name = row[0].trim();
        let Some(document) = project.document_by_name(name) else {
            problems.push(format!(
                "{label}:{line}: no document named {name:?} in the project"
            ));
            continue;
        };
        if !documents_seen.insert(document.id) {
            problems.push(format!(
                "{label}:{line}: document {name:?} has a row already"
            ));
            continue;
        }
        if row.len() > columns.len() + 1 {
            problems.push(format!(
                "{label}:{line}: {} cells, but the header has {} columns",
                row.len(),
                columns.len() + 1
            ));
            continue;
        }
        summary.documents += 1;
        for ((column, &kind), cell) in columns.iter().zip(&kinds).zip(row[1..].iter()) {
            let value = if cell.trim().is_empty() {
                if project.variable_value(document.id, &column.name).is_none() {
                    continue;
                }
                summary.cleared += 1;
                None
            } else {
                match Typed::parse(kind, cell) {
                    Ok(value) => {
                        summary.values += 1;
                        Some(value.canonical())
                    }
                    Err(expected) => {
                        problems.push(format!(
                            "{label}:{line}: variable {:?} ({kind}): {expected}",
                            column.name
                        ));
                        continue;
                    }
                }
            };
            edits.push(Edit::SetVariableValue {
                document: document.id,
                variable: column.name.clone(),
                value,
            });
        }
    }
    if problems.is_empty() {
        Ok((edits, summary))
    } else {
        let more = problems.len().saturating_sub(PROBLEMS_SHOWN);
        problems.truncate(PROBLEMS_SHOWN);
        if more > 0 {
            problems.push(format!("… and {more} more"));
        }
        Err(problems)
    }
}

/// Every document (project order) with its value of every variable (project order); the header
/// declares each variable's type.
pub fn export(project: &Project, out: impl Write) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["document".to_string()];
    header.extend(
        project
            .variables
            .iter()
            .map(|v| format!("{}:{}", v.name, v.kind.name())),
    );
    writer.write_record(&header)?;
    for document in &project.documents {
        let mut row = vec![document.name.as_str()];
        row.extend(
            project
                .variables
                .iter()
                .map(|v| project.variable_value(document.id, &v.name).unwrap_or("")),
        );
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}
