//! What a clicked matrix cell stands for, kept as a question rather than a list of ids so that
//! its passages follow the project as it changes (a coding removed from the list drops out).
//! The answer comes from the same core functions as the numbers
//! (`analysis::matrix::cell_codings`, `analysis::cooccurrence::cell_pairs`).

use crate::analysis::cooccurrence::{Within, cell_pairs};
use crate::analysis::filter::{DocumentFilter, FilterSpec};
use crate::analysis::matrix::{Columns, cell_codings, codes_in_tree_order, column_labels_of};
use crate::fast_hash::FastSet;
use crate::model::{CodeId, Project, SegmentId};
use crate::wording::plural;

#[derive(Clone, Debug, PartialEq)]
pub enum CellQuery {
    /// The codings of a code (and its subcodes, with `include_children`) in a column of the
    /// code × document matrix.
    CodeDocument {
        spec: FilterSpec,
        columns: Columns,
        include_children: bool,
        code: CodeId,
        /// The column's label (a document, group or value).
        column: String,
    },
    /// The codings of A and of B that form the pairs counted in a co-occurrence cell (on the
    /// diagonal, the codings of A).
    Cooccurrence {
        spec: FilterSpec,
        within: Within,
        a: CodeId,
        b: CodeId,
    },
}

/// The passages of a cell.
#[derive(Debug, Default, PartialEq)]
pub struct CellCodings {
    /// In document order then position, each once.
    pub ids: Vec<SegmentId>,
    /// For a co-occurrence cell off the diagonal: the pairs they form.
    pub pairs: Option<usize>,
}

impl CellCodings {
    /// "12 passages", or "5 pairs, 8 passages".
    pub fn describe(&self) -> String {
        let passages = plural(self.ids.len(), "passage", "passages");
        match self.pairs {
            Some(pairs) => format!("{}, {passages}", plural(pairs, "pair", "pairs")),
            None => passages,
        }
    }
}

fn row_of(project: &Project, code: CodeId) -> Result<usize, String> {
    codes_in_tree_order(project)
        .iter()
        .position(|&c| c == code)
        .ok_or_else(|| "the code of this cell is no longer in the project".to_string())
}

fn code_name(project: &Project, code: CodeId) -> &str {
    project
        .code(code)
        .map_or("(removed code)", |c| c.name.as_str())
}

impl CellQuery {
    pub fn spec(&self) -> &FilterSpec {
        match self {
            CellQuery::CodeDocument { spec, .. } | CellQuery::Cooccurrence { spec, .. } => spec,
        }
    }

    /// "Political alienation and repression × 001.txt", "Prisons × Online propaganda".
    pub fn title(&self, project: &Project) -> String {
        match self {
            CellQuery::CodeDocument {
                code,
                column,
                include_children,
                ..
            } => {
                let subcodes = if *include_children {
                    " (with subcodes)"
                } else {
                    ""
                };
                format!("{}{subcodes} × {column}", code_name(project, *code))
            }
            CellQuery::Cooccurrence { a, b, .. } if a == b => code_name(project, *a).to_string(),
            CellQuery::Cooccurrence { a, b, .. } => {
                format!("{} × {}", code_name(project, *a), code_name(project, *b))
            }
        }
    }

    /// The cell's passages in `project` as it is now.
    pub fn codings(&self, project: &Project) -> Result<CellCodings, String> {
        let filter = DocumentFilter::new(project, self.spec())?;
        match self {
            CellQuery::CodeDocument {
                columns,
                include_children,
                code,
                column,
                ..
            } => {
                let row = row_of(project, *code)?;
                let labels = column_labels_of(project, &filter, columns)?;
                // A column gone (its document removed, its value changed) has no passages.
                let Some(column) = labels.iter().position(|l| l == column) else {
                    return Ok(CellCodings::default());
                };
                let ids = cell_codings(project, &filter, columns, *include_children, row, column)?;
                Ok(CellCodings { ids, pairs: None })
            }
            CellQuery::Cooccurrence { within, a, b, .. } => {
                let pairs = cell_pairs(
                    project,
                    &filter,
                    *within,
                    row_of(project, *a)?,
                    row_of(project, *b)?,
                );
                let wanted: FastSet<SegmentId> = pairs.iter().flat_map(|&(x, y)| [x, y]).collect();
                let ids = project
                    .segments_sorted()
                    .into_iter()
                    .map(|s| s.id)
                    .filter(|id| wanted.contains(id))
                    .collect();
                Ok(CellCodings {
                    ids,
                    pairs: (a != b).then_some(pairs.len()),
                })
            }
        }
    }
}
