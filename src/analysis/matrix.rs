//! The code × document matrix: per code (rows) and document, group or value of a variable
//! (columns), the number of codings, the coded characters, or the share of the column's text
//! coded. Definitions: docs/ANALYSIS.md.

use crate::analysis::filter::DocumentFilter;
use crate::model::{CodeId, CoderId, DocId, Project, Segment, SegmentId, Typed};
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

/// Which cells of the code × document matrix a coding counts in: the one rule behind the
/// matrix's numbers ([`code_document_matrix`]) and the codings of a cell ([`cell_codings`]).
struct Layout<'a> {
    filter: &'a DocumentFilter,
    order: Vec<CodeId>,
    code_rows: HashMap<CodeId, Vec<usize>>,
    kept: Vec<&'a crate::model::Document>,
    doc_pos: HashMap<DocId, usize>,
    /// Per kept document, the columns it counts in.
    doc_columns: Vec<Vec<usize>>,
    /// By coder: each kept coder's column (a coding counts there, wherever its document is).
    coder_columns: Option<HashMap<CoderId, usize>>,
    labels: Vec<String>,
}

impl<'a> Layout<'a> {
    fn new(
        project: &'a Project,
        filter: &'a DocumentFilter,
        columns: &Columns,
        include_children: bool,
    ) -> Result<Layout<'a>, String> {
        let order = codes_in_tree_order(project);
        let code_rows = rows_of_codes(project, &order, include_children);
        let kept: Vec<&crate::model::Document> = filter.documents(project).collect();
        let doc_pos: HashMap<DocId, usize> =
            kept.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let mut doc_columns: Vec<Vec<usize>> = vec![Vec::new(); kept.len()];
        let (labels, coder_columns) = if *columns == Columns::Coders {
            let coders: Vec<_> = project
                .coders
                .iter()
                .filter(|c| filter.includes_coder(c.id))
                .collect();
            let by_coder = coders.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
            (
                coders.iter().map(|c| c.name.clone()).collect(),
                Some(by_coder),
            )
        } else {
            let labels = column_labels(project, columns, &kept, &doc_pos, &mut doc_columns)?;
            (labels, None)
        };
        Ok(Layout {
            filter,
            order,
            code_rows,
            kept,
            doc_pos,
            doc_columns,
            coder_columns,
            labels,
        })
    }

    /// The kept document a coding is in, the rows and the columns it counts in, or `None`
    /// when the filter leaves it out or it is in no column.
    fn place(&self, segment: &Segment) -> Option<(usize, &[usize], &[usize])> {
        if !self.filter.includes_coder(segment.coder) {
            return None;
        }
        let doc = *self.doc_pos.get(&segment.document)?;
        let rows = self.code_rows.get(&segment.code)?;
        let columns = self.columns_of(doc, segment.coder)?;
        (!columns.is_empty()).then_some((doc, rows.as_slice(), columns))
    }

    /// The columns a coding of `coder` in kept document `doc` counts in: its coder's, by coder;
    /// else those of its document.
    fn columns_of(&self, doc: usize, coder: CoderId) -> Option<&[usize]> {
        match &self.coder_columns {
            Some(by_coder) => by_coder.get(&coder).map(std::slice::from_ref),
            None => Some(&self.doc_columns[doc]),
        }
    }
}

/// The columns' labels, and per kept document (`kept`, indexed by `doc_pos`) the columns it
/// counts in.
fn column_labels(
    project: &Project,
    columns: &Columns,
    kept: &[&crate::model::Document],
    doc_pos: &HashMap<DocId, usize>,
    doc_columns: &mut [Vec<usize>],
) -> Result<Vec<String>, String> {
    Ok(match columns {
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
        Columns::Coders => unreachable!("coders' columns are not documents'"),
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
    })
}

/// The code × document matrix of the codings `filter` keeps.
pub fn code_document_matrix(
    project: &Project,
    filter: &DocumentFilter,
    columns: &Columns,
    measure: Measure,
    include_children: bool,
) -> Result<Table, String> {
    let layout = Layout::new(project, filter, columns, include_children)?;
    let Layout {
        order,
        kept,
        doc_columns,
        labels,
        ..
    } = &layout;
    let by_coder = layout.coder_columns.is_some();
    let mut cells = vec![vec![0.0; labels.len()]; order.len()];
    // Per kept document, the codings kept: (coder's column, row, start, end) for every row they
    // count in (the coder's column only by coder: else the spans of all coders are one union).
    let mut per_doc: Vec<Vec<(usize, usize, usize, usize)>> = vec![Vec::new(); kept.len()];
    for segment in project.segments.values() {
        let Some((doc, rows, columns)) = layout.place(segment) else {
            continue;
        };
        let coder_column = if by_coder { columns[0] } else { 0 };
        for &row in rows {
            if measure == Measure::Count {
                for &column in columns {
                    cells[row][column] += 1.0;
                }
            } else {
                per_doc[doc].push((coder_column, row, segment.start, segment.end));
            }
        }
    }
    if measure != Measure::Count {
        for (doc, mut spans) in per_doc.into_iter().enumerate() {
            spans.sort_unstable();
            // The union of each (coder's column, row)'s spans, swept in start order.
            let mut i = 0;
            while i < spans.len() {
                let (coder_column, row) = (spans[i].0, spans[i].1);
                let (mut covered, mut start, mut end) = (0usize, spans[i].2, spans[i].3);
                i += 1;
                while i < spans.len() && (spans[i].0, spans[i].1) == (coder_column, row) {
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
                let columns = if by_coder {
                    std::slice::from_ref(&coder_column)
                } else {
                    doc_columns[doc].as_slice()
                };
                for &column in columns {
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
        columns: labels.clone(),
        cells,
        whole_numbers: measure != Measure::Coverage,
    })
}

/// The column labels of the code × document matrix with these columns, as the matrix has them.
pub fn column_labels_of(
    project: &Project,
    filter: &DocumentFilter,
    columns: &Columns,
) -> Result<Vec<String>, String> {
    Layout::new(project, filter, columns, false).map(|layout| layout.labels)
}

/// The codings behind cell (`row`, `column`) of the code × document matrix with these options,
/// in document order then position: those the matrix counts there (for `count`, as many as the
/// cell's number; `chars` and `coverage` measure the text of the same codings). Rows are
/// [`codes_in_tree_order`], columns as in the matrix's table; a cell outside it has none.
pub fn cell_codings(
    project: &Project,
    filter: &DocumentFilter,
    columns: &Columns,
    include_children: bool,
    row: usize,
    column: usize,
) -> Result<Vec<SegmentId>, String> {
    let layout = Layout::new(project, filter, columns, include_children)?;
    Ok(project
        .segments_sorted()
        .into_iter()
        .filter(|segment| {
            layout
                .place(segment)
                .is_some_and(|(_, rows, columns)| rows.contains(&row) && columns.contains(&column))
        })
        .map(|segment| segment.id)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::filter::FilterSpec;
    use crate::analysis::test_sample::sample_with_variables;

    #[test]
    fn every_cell_has_as_many_codings_as_it_counts() {
        let project = sample_with_variables();
        let everything = DocumentFilter::everything();
        let late = DocumentFilter::new(
            &project,
            &FilterSpec {
                conditions: vec!["year>=2016".into()],
                coders: vec![project.coders[0].name.clone()],
                ..FilterSpec::default()
            },
        )
        .unwrap();
        let mut checked = 0.0;
        for filter in [&everything, &late] {
            for columns in [
                Columns::Documents,
                Columns::Groups,
                Columns::Variable("year".into()),
                Columns::Coders,
            ] {
                for include_children in [false, true] {
                    let table = code_document_matrix(
                        &project,
                        filter,
                        &columns,
                        Measure::Count,
                        include_children,
                    )
                    .unwrap();
                    let order = codes_in_tree_order(&project);
                    for (row, cells) in table.cells.iter().enumerate() {
                        let codes = if include_children {
                            project.subtree(order[row])
                        } else {
                            vec![order[row]]
                        };
                        for (column, &count) in cells.iter().enumerate() {
                            let ids = cell_codings(
                                &project,
                                filter,
                                &columns,
                                include_children,
                                row,
                                column,
                            )
                            .unwrap();
                            assert_eq!(
                                ids.len() as f64,
                                count,
                                "{} × {} ({columns:?}, subcodes {include_children})",
                                table.rows[row],
                                table.columns[column]
                            );
                            for id in &ids {
                                let segment = &project.segments[id];
                                assert!(codes.contains(&segment.code));
                                assert!(filter.includes(segment));
                            }
                            checked += count;
                        }
                    }
                    // Outside the table: nothing.
                    assert!(
                        cell_codings(
                            &project,
                            filter,
                            &columns,
                            include_children,
                            table.rows.len(),
                            0
                        )
                        .unwrap()
                        .is_empty()
                    );
                }
            }
        }
        assert!(checked > 500.0, "the cells checked hold codings: {checked}");
    }

    #[test]
    fn a_cells_codings_are_in_document_order() {
        let project = sample_with_variables();
        let filter = DocumentFilter::everything();
        let ids = cell_codings(&project, &filter, &Columns::Groups, true, 0, 0).unwrap();
        assert!(ids.len() > 1);
        let sorted: Vec<SegmentId> = project
            .segments_sorted()
            .into_iter()
            .map(|s| s.id)
            .filter(|id| ids.contains(id))
            .collect();
        assert_eq!(ids, sorted);
    }

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
