//! The code matrices in the window (Analyse menu): the code × document matrix and code
//! co-occurrence, each a view showing a heat map of the core's table (`analysis::matrix`,
//! `analysis::cooccurrence`; definitions in docs/ANALYSIS.md) for the options and filter chosen
//! in the view. A table is computed off the frame, only when the project or the options
//! changed; the previous one stays shown, marked as updating, until the new one arrives. A
//! click on a cell lists exactly its passages in the Retrieval view; Export CSV writes the table
//! shown as `coda matrix --csv` / `coda cooccurrence --csv` would.

mod cell;
mod heat_map;

pub use cell::{CellCodings, CellQuery};

use crate::analysis::cooccurrence::{Within, cooccurrence};
use crate::analysis::filter::{DocumentFilter, FilterSpec};
use crate::analysis::matrix::{Columns, Measure, Table, code_document_matrix};
use crate::model::Project;
use crate::ui::actions::{Action, Export};
use crate::ui::app::CodaApp;
use crate::ui::filter_bar::{self, FilterBar};
use crate::ui::retrieval_panel::PassageSet;
use crate::wording::plural;
use egui::Ui;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatrixKind {
    CodeDocument,
    Cooccurrence,
}

impl MatrixKind {
    pub fn title(self) -> &'static str {
        match self {
            MatrixKind::CodeDocument => "Code × document",
            MatrixKind::Cooccurrence => "Co-occurrence",
        }
    }

    /// The name the CSV export suggests.
    fn file_name(self) -> &'static str {
        match self {
            MatrixKind::CodeDocument => "code-document-matrix.csv",
            MatrixKind::Cooccurrence => "code-cooccurrence.csv",
        }
    }
}

/// The options of a matrix, as `coda matrix` and `coda cooccurrence` take them.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixOptions {
    /// The code × document matrix's columns, measure, and whether a code's row counts its
    /// subcodes' codings.
    pub columns: Columns,
    pub measure: Measure,
    pub include_children: bool,
    /// Where two codings must meet (co-occurrence).
    pub within: Within,
}

impl Default for MatrixOptions {
    fn default() -> Self {
        MatrixOptions {
            columns: Columns::Documents,
            measure: Measure::Count,
            include_children: false,
            within: Within::Overlap,
        }
    }
}

/// A table to compute off the frame: the shell runs it as a job ([`Action::ComputeMatrix`])
/// and hands the result to [`MatrixState::computed`].
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixRequest {
    pub kind: MatrixKind,
    pub revision: u64,
    pub options: MatrixOptions,
    pub spec: FilterSpec,
}

impl MatrixRequest {
    /// The table, by the core's functions (the same as the command line's).
    pub fn compute(&self, project: &Project) -> Result<Table, String> {
        let filter = DocumentFilter::new(project, &self.spec)?;
        let o = &self.options;
        match self.kind {
            MatrixKind::CodeDocument => {
                code_document_matrix(project, &filter, &o.columns, o.measure, o.include_children)
            }
            MatrixKind::Cooccurrence => Ok(cooccurrence(project, &filter, o.within)),
        }
    }

    /// The passages behind a cell of this request's table (codes found by path, so that a
    /// table shown while a newer one is computed still names the right code); `None` for a
    /// code no longer in the project.
    fn cell(
        &self,
        project: &Project,
        table: &Table,
        row: usize,
        column: usize,
    ) -> Option<CellQuery> {
        let code = |path: &str| project.code_by_path(path).map(|c| c.id);
        Some(match self.kind {
            MatrixKind::CodeDocument => CellQuery::CodeDocument {
                spec: self.spec.clone(),
                columns: self.options.columns.clone(),
                include_children: self.options.include_children,
                code: code(&table.rows[row])?,
                column: table.columns[column].clone(),
            },
            MatrixKind::Cooccurrence => CellQuery::Cooccurrence {
                spec: self.spec.clone(),
                within: self.options.within,
                a: code(&table.rows[row])?,
                b: code(&table.columns[column])?,
            },
        })
    }
}

pub struct MatrixState {
    pub kind: MatrixKind,
    pub options: MatrixOptions,
    pub filter: FilterBar,
    /// The table shown and the request it answers.
    shown: Option<(MatrixRequest, Result<Arc<Table>, String>)>,
    /// The table being computed off the frame, if any.
    requested: Option<MatrixRequest>,
}

impl MatrixState {
    pub fn new(kind: MatrixKind) -> Self {
        MatrixState {
            kind,
            options: MatrixOptions::default(),
            filter: FilterBar::default(),
            shown: None,
            requested: None,
        }
    }

    /// The table shown, if it was computed (it may be for options since changed: see
    /// [`MatrixState::is_updating`]).
    pub fn table(&self) -> Option<&Arc<Table>> {
        self.shown.as_ref().and_then(|(_, t)| t.as_ref().ok())
    }

    /// Whether the table shown is not (yet) the one for the project and options as they are.
    pub fn is_updating(&self) -> bool {
        self.requested.is_some()
    }

    /// A table computed off the frame. A result for options since changed is kept only until
    /// the newer one arrives.
    pub fn computed(&mut self, request: MatrixRequest, table: Result<Table, String>) {
        if self.requested.as_ref() == Some(&request) {
            self.requested = None;
        }
        self.shown = Some((request, table.map(Arc::new)));
    }

    /// What to compute, when the table shown is not the one wanted and it is not already being
    /// computed.
    fn request(&mut self, wanted: &MatrixRequest) -> Option<MatrixRequest> {
        let shown = self.shown.as_ref().map(|(r, _)| r);
        if shown == Some(wanted) || self.requested.as_ref() == Some(wanted) {
            return None;
        }
        self.requested = Some(wanted.clone());
        Some(wanted.clone())
    }
}

fn columns_label(columns: &Columns) -> String {
    match columns {
        Columns::Documents => "documents".into(),
        Columns::Groups => "groups".into(),
        Columns::Coders => "coders".into(),
        Columns::Variable(name) => format!("values of {name}"),
    }
}

fn measure_label(measure: Measure) -> &'static str {
    match measure {
        Measure::Count => "codings",
        Measure::Chars => "characters coded",
        Measure::Coverage => "% of the text coded",
    }
}

fn within_label(within: Within) -> &'static str {
    match within {
        Within::Overlap => "overlapping",
        Within::Sentence => "in one sentence",
        Within::Paragraph => "in one paragraph",
    }
}

/// A combo box named `name` for screen readers and tests.
fn choice<R>(
    ui: &mut Ui,
    id_salt: &str,
    name: &str,
    selected: &str,
    tooltip: &str,
    options: impl FnOnce(&mut Ui) -> R,
) {
    let response = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(selected)
        .show_ui(ui, options)
        .response
        .on_hover_text(tooltip);
    response.widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::Role::ComboBox, true, name);
        info.current_text_value = Some(selected.to_string());
        info
    });
}

fn options_row(ui: &mut Ui, project: &Project, state: &mut MatrixState) {
    let kind = state.kind;
    let options = &mut state.options;
    match kind {
        MatrixKind::CodeDocument => {
            ui.label("Columns:");
            choice(
                ui,
                "matrix-columns",
                "Columns",
                &columns_label(&options.columns),
                "One column per document, per group, per coder, or per value of a document variable",
                |ui| {
                    ui.selectable_value(&mut options.columns, Columns::Documents, "documents");
                    ui.selectable_value(&mut options.columns, Columns::Groups, "groups");
                    ui.selectable_value(&mut options.columns, Columns::Coders, "coders");
                    for variable in &project.variables {
                        let by = Columns::Variable(variable.name.clone());
                        let label = columns_label(&by);
                        ui.selectable_value(&mut options.columns, by, label);
                    }
                },
            );
            ui.label("Cells:");
            choice(
                ui,
                "matrix-measure",
                "Measure",
                measure_label(options.measure),
                "What a cell counts (docs/ANALYSIS.md)",
                |ui| {
                    for measure in [Measure::Count, Measure::Chars, Measure::Coverage] {
                        ui.selectable_value(&mut options.measure, measure, measure_label(measure));
                    }
                },
            );
            ui.checkbox(
                &mut options.include_children,
                "Count subcodes in their parent",
            )
            .on_hover_text("A code's row also counts the codings of every code below it");
        }
        MatrixKind::Cooccurrence => {
            ui.label("Pairs of codings:");
            choice(
                ui,
                "matrix-within",
                "Codings meet",
                within_label(options.within),
                "Where two codings must meet to count as a pair: sharing a character, or \
                 touching one sentence or paragraph",
                |ui| {
                    for within in [Within::Overlap, Within::Sentence, Within::Paragraph] {
                        ui.selectable_value(&mut options.within, within, within_label(within));
                    }
                },
            );
        }
    }
}

/// A cell's value in words: "12 codings", "1,024 characters coded", "3.25 % of the text
/// coded", "4 pairs".
fn describe(kind: MatrixKind, measure: Measure, row: usize, column: usize, value: f64) -> String {
    let n = value.round() as usize;
    match kind {
        MatrixKind::Cooccurrence if row == column => plural(n, "coding", "codings"),
        MatrixKind::Cooccurrence => plural(n, "pair", "pairs"),
        MatrixKind::CodeDocument => match measure {
            Measure::Count => plural(n, "coding", "codings"),
            Measure::Chars => format!("{} coded", plural(n, "character", "characters")),
            Measure::Coverage => format!("{value:.2} % of the text coded"),
        },
    }
}

pub fn show(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    state: &mut MatrixState,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.heading(state.kind.title());
        options_row(ui, project, state);
        let current = state.table().filter(|_| !state.is_updating()).cloned();
        let export = ui
            .add_enabled(current.is_some(), egui::Button::new("Export CSV…"))
            .on_hover_text("Save this table as CSV (as the command line writes it)")
            .on_disabled_hover_text("Wait until the table is up to date");
        if export.clicked()
            && let Some(table) = current
        {
            actions.push(Action::Export(Export::Table {
                file_name: state.kind.file_name(),
                table,
            }));
        }
        if state.is_updating() {
            ui.spinner();
            ui.weak("Updating…");
        }
    });
    filter_bar::show(
        ui,
        project,
        revision,
        &mut state.filter,
        "matrix-filter",
        true,
    );
    if state.filter.filter(project, revision).is_err() {
        // The bar says what is wrong; nothing is computed for a filter that does not apply.
        return;
    }
    let wanted = MatrixRequest {
        kind: state.kind,
        revision,
        options: state.options.clone(),
        spec: state.filter.spec.clone(),
    };
    if let Some(request) = state.request(&wanted) {
        actions.push(Action::ComputeMatrix(Box::new(request)));
    }
    ui.separator();
    let Some((shown, table)) = &state.shown else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Computing…");
        });
        return;
    };
    let table = match table {
        Ok(table) => Arc::clone(table),
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return;
        }
    };
    if table.rows.is_empty() || table.columns.is_empty() {
        ui.weak(if table.rows.is_empty() {
            "The codebook has no codes yet."
        } else {
            "No columns: no document is kept, or none is in a group or has a value."
        });
        return;
    }
    let measure = shown.options.measure;
    let kind = shown.kind;
    let describe = move |row, column, value| describe(kind, measure, row, column, value);
    let map = heat_map::HeatMap {
        table: &table,
        id_salt: match kind {
            MatrixKind::CodeDocument => "code-document-heat-map",
            MatrixKind::Cooccurrence => "cooccurrence-heat-map",
        },
        columns_are_codes: kind == MatrixKind::Cooccurrence,
        describe: &describe,
    };
    if let Some((row, column)) = heat_map::show(ui, &map)
        && let Some(query) = shown.cell(project, &table, row, column)
    {
        actions.push(Action::ShowPassages(Box::new(PassageSet::new(query))));
    }
}

impl CodaApp {
    /// Compute a matrix for its view in the background.
    pub(crate) fn compute_matrix(&mut self, request: MatrixRequest) {
        let project = self.session.ws.project.clone();
        let label = format!(
            "Computing the {} matrix",
            request.kind.title().to_lowercase()
        );
        self.session.jobs.spawn(label, false, move |_| {
            let table = request.compute(&project);
            drop(project);
            Box::new(move |app: &mut CodaApp| {
                let state = match request.kind {
                    MatrixKind::CodeDocument => &mut app.session.matrix,
                    MatrixKind::Cooccurrence => &mut app.session.cooccurrence,
                };
                state.computed(request, table);
            })
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_made_once_and_again_only_when_something_changed() {
        let mut state = MatrixState::new(MatrixKind::CodeDocument);
        let wanted = MatrixRequest {
            kind: MatrixKind::CodeDocument,
            revision: 1,
            options: MatrixOptions::default(),
            spec: FilterSpec::default(),
        };
        assert_eq!(state.request(&wanted), Some(wanted.clone()));
        assert_eq!(state.request(&wanted), None, "already being computed");
        let empty = Table {
            rows: Vec::new(),
            columns: Vec::new(),
            cells: Vec::new(),
            whole_numbers: true,
        };
        state.computed(wanted.clone(), Ok(empty));
        assert!(!state.is_updating());
        assert_eq!(state.request(&wanted), None, "already shown");
        let changed = MatrixRequest {
            revision: 2,
            ..wanted.clone()
        };
        assert_eq!(state.request(&changed), Some(changed.clone()));
        assert!(state.is_updating());
        assert!(state.table().is_some(), "the old table stays until then");
    }

    #[test]
    fn cells_are_described_in_words() {
        let words = |kind, measure, r, c, v| describe(kind, measure, r, c, v);
        assert_eq!(
            words(MatrixKind::CodeDocument, Measure::Count, 0, 1, 1.0),
            "1 coding"
        );
        assert_eq!(
            words(MatrixKind::CodeDocument, Measure::Chars, 0, 1, 120.0),
            "120 characters coded"
        );
        assert_eq!(
            words(MatrixKind::CodeDocument, Measure::Coverage, 0, 1, 3.254),
            "3.25 % of the text coded"
        );
        assert_eq!(
            words(MatrixKind::Cooccurrence, Measure::Count, 2, 2, 7.0),
            "7 codings"
        );
        assert_eq!(
            words(MatrixKind::Cooccurrence, Measure::Count, 2, 3, 2.0),
            "2 pairs"
        );
    }
}
