//! The code × document matrix: per code (rows) and document, group or value of a variable
//! (columns), the number of codings, the coded characters, or the share of the column's text
//! coded. Definitions: docs/ANALYSIS.md.

use crate::analysis::filter::DocumentFilter;
use crate::model::{CodeId, CoderId, DocId, Project, Typed};
use std::collections::HashMap;

/// A table of numbers with labelled rows and columns: what the matrices give.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Code paths, in codebook order (parents before their subcodes).
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<f64>>,
    /// Whether every cell is a whole number (counts, characters), to be written without a
    /// fraction.
    pub whole_numbers: bool,
}

/// What the columns of the code × document matrix are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Columns {
    /// Each document the filter keeps, in project order.
    Documents,
    /// Each group, in project order: the documents of the group that the filter keeps.
    Groups,
    /// Each value of the variable among the documents kept (in the type's order), then
    /// `(no value)` if a document kept has none.
    Variable(String),
    /// Each coder the filter keeps, in project order: the codings that coder made.
    Coders,
}

impl Columns {
    /// `document`, `group`, `coder` or `variable:NAME`.
    pub fn parse(text: &str) -> Result<Columns, String> {
        match text.trim() {
            "document" | "documents" => Ok(Columns::Documents),
            "group" | "groups" => Ok(Columns::Groups),
            "coder" | "coders" => Ok(Columns::Coders),
            other => match other.split_once(':') {
                Some(("variable", name)) if !name.trim().is_empty() => {
                    Ok(Columns::Variable(name.trim().to_string()))
                }
                _ => Err(format!(
                    "{text:?}: columns are by document, group, coder or variable:NAME (e.g. variable:year)"
                )),
            },
        }
    }
}

/// What a cell of the code × document matrix counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Measure {
    /// Codings.
    #[default]
    Count,
    /// Characters coded (each character once, however many codings cover it).
    Chars,
    /// Characters coded as a percentage of the column's characters.
    Coverage,
}

impl Measure {
    pub fn parse(text: &str) -> Result<Measure, String> {
        match text.trim() {
            "count" => Ok(Measure::Count),
            "chars" => Ok(Measure::Chars),
            "coverage" => Ok(Measure::Coverage),
            _ => Err(format!("{text:?}: the measure is count, chars or coverage")),
        }
    }
}

/// The codes in codebook order: each top-level code, then its subcodes (depth first), in the
/// order of the list. Linear in the number of codes.
pub fn codes_in_tree_order(project: &Project) -> Vec<CodeId> {
    let mut children: HashMap<Option<CodeId>, Vec<CodeId>> = HashMap::new();
    for code in &project.codes {
        children.entry(code.parent).or_default().push(code.id);
    }
    let mut out = Vec::with_capacity(project.codes.len());
    let mut stack: Vec<CodeId> = children.get(&None).cloned().unwrap_or_default();
    stack.reverse();
    while let Some(id) = stack.pop() {
        out.push(id);
        if let Some(kids) = children.get(&Some(id)) {
            stack.extend(kids.iter().rev());
        }
    }
    out
}

/// Per code id: the rows a coding of it counts in: its own, and with `include_children` its
/// ancestors' too.
pub(crate) fn rows_of_codes(
    project: &Project,
    order: &[CodeId],
    include_children: bool,
) -> HashMap<CodeId, Vec<usize>> {
    let row_of: HashMap<CodeId, usize> = order.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let parent: HashMap<CodeId, Option<CodeId>> =
        project.codes.iter().map(|c| (c.id, c.parent)).collect();
    order
        .iter()
        .map(|&code| {
            let mut rows = vec![row_of[&code]];
            if include_children {
                let mut next = parent.get(&code).copied().flatten();
                while let Some(ancestor) = next {
                    if rows.len() > order.len() {
                        break;
                    }
                    rows.push(row_of[&ancestor]);
                    next = parent.get(&ancestor).copied().flatten();
                }
            }
            (code, rows)
        })
        .collect()
}

/// The code × document matrix of the codings `filter` keeps.
pub fn code_document_matrix(
    project: &Project,
    filter: &DocumentFilter,
    columns: &Columns,
    measure: Measure,
    include_children: bool,
) -> Result<Table, String> {
    let order = codes_in_tree_order(project);
    let code_rows = rows_of_codes(project, &order, include_children);
    let kept: Vec<&crate::model::Document> = filter.documents(project).collect();
    let doc_pos: HashMap<DocId, usize> = kept.iter().enumerate().map(|(i, d)| (d.id, i)).collect();

    // The columns, and per kept document the columns it counts in; by coder, a coding counts in
    // its coder's column instead, wherever its document is.
    let mut doc_columns: Vec<Vec<usize>> = vec![Vec::new(); kept.len()];
    let mut coder_column: HashMap<CoderId, usize> = HashMap::new();
    let by_coder = *columns == Columns::Coders;
    let labels: Vec<String> = match columns {
        Columns::Documents => {
            for (i, cols) in doc_columns.iter_mut().enumerate() {
                cols.push(i);
            }
            kept.iter().map(|d| d.name.clone()).collect()
        }
        Columns::Groups => {
            for (g, group) in project.groups.iter().enumerate() {
                for document in &group.documents {
                    if let Some(&i) = doc_pos.get(document) {
                        doc_columns[i].push(g);
                    }
                }
            }
            project.groups.iter().map(|g| g.name.clone()).collect()
        }
        Columns::Coders => {
            let coders: Vec<_> = project
                .coders
                .iter()
                .filter(|c| filter.includes_coder(c.id))
                .collect();
            coder_column = coders.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
            coders.iter().map(|c| c.name.clone()).collect()
        }
        Columns::Variable(name) => {
            let variable = project.variable(name).ok_or_else(|| {
                format!(
                    "no variable named {name:?}; the variables are: {}",
                    project
                        .variables
                        .iter()
                        .map(|v| v.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            let values: Vec<Option<Typed>> = kept
                .iter()
                .map(|d| project.typed_value(d.id, variable))
                .collect();
            let mut distinct: Vec<&Typed> = values.iter().flatten().collect();
            distinct.sort_by(|a, b| a.compare(b).unwrap_or(std::cmp::Ordering::Equal));
            distinct.dedup_by(|a, b| a.compare(b) == Some(std::cmp::Ordering::Equal));
            let mut labels: Vec<String> = distinct.iter().map(|v| v.canonical()).collect();
            let missing = values.iter().any(Option::is_none);
            for (i, value) in values.iter().enumerate() {
                let column = match value {
                    Some(v) => distinct
                        .iter()
                        .position(|d| d.compare(v) == Some(std::cmp::Ordering::Equal))
                        .expect("a distinct value"),
                    None => labels.len(),
                };
                doc_columns[i].push(column);
            }
            if missing {
                labels.push("(no value)".into());
            }
            labels
        }
    };
    // The columns a coding counts in: its coder's, or those of its document.
    fn columns_of<'a>(
        doc_columns: &'a [Vec<usize>],
        by_coder: bool,
        doc: usize,
        coder_col: &'a usize,
    ) -> &'a [usize] {
        if by_coder {
            std::slice::from_ref(coder_col)
        } else {
            &doc_columns[doc]
        }
    }

    let mut cells = vec![vec![0.0; labels.len()]; order.len()];
    // Per kept document, the codings kept: (coder's column, row, start, end) for every row they
    // count in (the coder's column only by coder: else the spans of all coders are one union).
    let mut per_doc: Vec<Vec<(usize, usize, usize, usize)>> = vec![Vec::new(); kept.len()];
    for segment in project.segments.values() {
        if !filter.includes_coder(segment.coder) {
            continue;
        }
        let (Some(&doc), Some(rows)) =
            (doc_pos.get(&segment.document), code_rows.get(&segment.code))
        else {
            continue;
        };
        let coder_col = if by_coder {
            match coder_column.get(&segment.coder) {
                Some(&c) => c,
                None => continue,
            }
        } else {
            0
        };
        let targets = columns_of(&doc_columns, by_coder, doc, &coder_col);
        if targets.is_empty() {
            continue;
        }
        for &row in rows {
            if measure == Measure::Count {
                for &column in targets {
                    cells[row][column] += 1.0;
                }
            } else {
                per_doc[doc].push((coder_col, row, segment.start, segment.end));
            }
        }
    }
    if measure != Measure::Count {
        for (doc, mut spans) in per_doc.into_iter().enumerate() {
            spans.sort_unstable();
            // The union of each (coder's column, row)'s spans, swept in start order.
            let mut i = 0;
            while i < spans.len() {
                let (coder_col, row) = (spans[i].0, spans[i].1);
                let (mut covered, mut start, mut end) = (0usize, spans[i].2, spans[i].3);
                i += 1;
                while i < spans.len() && (spans[i].0, spans[i].1) == (coder_col, row) {
                    let (_, _, s, e) = spans[i];
                    if s > end {
                        covered += end - start;
                        (start, end) = (s, e);
                    } else {
                        end = end.max(e);
                    }
                    i += 1;
                }
                covered += end - start;
                for &column in columns_of(&doc_columns, by_coder, doc, &coder_col) {
                    cells[row][column] += covered as f64;
                }
            }
        }
    }
    if measure == Measure::Coverage {
        let mut column_chars = vec![0usize; labels.len()];
        for (doc, cols) in doc_columns.iter().enumerate() {
            let chars = kept[doc].text.char_len();
            if by_coder {
                // Each coder could have coded any document kept.
                column_chars.iter_mut().for_each(|c| *c += chars);
            }
            for &column in cols {
                column_chars[column] += chars;
            }
        }
        for row in &mut cells {
            for (cell, &chars) in row.iter_mut().zip(&column_chars) {
                *cell = if chars == 0 {
                    0.0
                } else {
                    *cell * 100.0 / chars as f64
                };
            }
        }
    }
    Ok(Table {
        rows: order.iter().map(|&c| project.code_path(c)).collect(),
        columns: labels,
        cells,
        whole_numbers: measure != Measure::Coverage,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_read_by_name() {
        assert_eq!(Columns::parse("coder"), Ok(Columns::Coders));
        assert_eq!(Columns::parse(" groups "), Ok(Columns::Groups));
        assert_eq!(
            Columns::parse("variable:year"),
            Ok(Columns::Variable("year".into()))
        );
        let error = Columns::parse("outlet").unwrap_err();
        assert!(
            error.contains("document, group, coder or variable:NAME"),
            "{error}"
        );
    }
}
