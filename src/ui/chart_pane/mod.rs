//! The Chart view: a bar chart of how often each code is used (codings or coded characters) by
//! document, group or coder, for the top-level codes or the subcodes of the code selected in
//! the codebook; bars side by side or stacked, upright or lying down; exported as PNG, SVG or
//! CSV.
//!
//! The numbers are counted off the frame (a job, [`Action::ChartFrequencies`]) by
//! [`code_frequencies`], the same count as `coda matrix`; the chart shown is a [`ChartData`],
//! which the exports draw too, so the files hold what the pane shows.

mod plot;

use crate::analysis::filter::DocumentFilter;
use crate::analysis::frequencies::{
    ChartData, ChartStyle, CodeScope, Frequencies, FrequencyQuery, SeriesBy, code_frequencies,
};
use crate::analysis::matrix::Measure;
use crate::model::{CodeId, Project};
use crate::ui::actions::{Action, Export};
use crate::ui::app::CodaApp;
use crate::ui::filter_bar::{self, FilterBar};
use egui::Ui;
use std::sync::Arc;

/// Which way the bars run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Orientation {
    /// Lying down when the categories' names would not fit under upright bars.
    #[default]
    Automatic,
    Vertical,
    Horizontal,
}

/// The numbers a chart shows: for which project revision, question and filter.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartKey {
    revision: u64,
    query: FrequencyQuery,
    filter: DocumentFilter,
}

/// Numbers to count off the frame (see [`ChartState::computed`]).
#[derive(Clone, Debug)]
pub struct ChartRequest {
    key: ChartKey,
}

pub struct ChartState {
    pub by: SeriesBy,
    /// Codings or coded characters.
    pub measure: Measure,
    /// The subcodes of the code selected in the codebook, rather than the top-level codes.
    pub subcodes_of_selected: bool,
    /// A code's bar also counts its subcodes' codings.
    pub include_subcodes: bool,
    pub stacked: bool,
    /// The documents (groups, coders) along the axis and the codes as the series.
    pub per_series: bool,
    pub orientation: Orientation,
    /// The documents and coders counted (the same bar as the retrieval's and the matrices').
    pub filter: FilterBar,
    /// Being counted off the frame.
    requested: Option<ChartKey>,
    /// The numbers last counted, and for what.
    computed: Option<(ChartKey, Result<Arc<Frequencies>, String>)>,
    /// The chart drawn in the last frame (the exports write this one).
    pub shown: Option<Arc<ChartData>>,
}

impl Default for ChartState {
    fn default() -> Self {
        ChartState {
            by: SeriesBy::Document,
            measure: Measure::Count,
            subcodes_of_selected: false,
            // A top-level code is mostly coded through its subcodes: its bar counts them.
            include_subcodes: true,
            stacked: false,
            per_series: false,
            orientation: Orientation::Automatic,
            filter: FilterBar::default(),
            requested: None,
            computed: None,
            shown: None,
        }
    }
}

impl ChartState {
    /// What to count, given the code selected in the codebook; `None` when the subcodes of the
    /// selected code are asked for and no code is selected.
    pub fn query(&self, selected_code: Option<CodeId>) -> Option<FrequencyQuery> {
        let codes = if self.subcodes_of_selected {
            CodeScope::ChildrenOf(selected_code?)
        } else {
            CodeScope::TopLevel
        };
        Some(FrequencyQuery {
            by: self.by,
            measure: self.measure,
            codes,
            include_subcodes: self.include_subcodes,
        })
    }

    /// The request to send when the numbers shown are not for `key` and are not being counted.
    fn request(&mut self, key: ChartKey) -> Option<ChartRequest> {
        if self.computed.as_ref().is_some_and(|(k, _)| *k == key)
            || self.requested.as_ref() == Some(&key)
        {
            return None;
        }
        self.requested = Some(key.clone());
        Some(ChartRequest { key })
    }

    /// Numbers counted off the frame. Numbers for a question since changed are shown only until
    /// the newer ones arrive.
    pub fn computed(&mut self, key: ChartKey, result: Result<Arc<Frequencies>, String>) {
        if self.requested.as_ref() == Some(&key) {
            self.requested = None;
        }
        self.computed = Some((key, result));
    }

    /// Whether the numbers shown are not (yet) those asked for.
    pub fn is_updating(&self) -> bool {
        self.requested.is_some()
    }

    /// The numbers last counted.
    pub fn frequencies(&self) -> Option<&Result<Arc<Frequencies>, String>> {
        self.computed.as_ref().map(|(_, f)| f)
    }
}

impl CodaApp {
    /// Count the numbers of a chart in the background.
    pub(crate) fn count_for_chart(&mut self, request: ChartRequest) {
        let project = self.session.ws.project.clone();
        self.session
            .jobs
            .spawn("Counting codings for the chart", false, move |_| {
                let ChartRequest { key } = request;
                let result = code_frequencies(&project, &key.filter, &key.query).map(Arc::new);
                drop(project);
                Box::new(move |app: &mut CodaApp| app.session.chart.computed(key, result))
            });
    }
}

/// A labelled drop-down of `options`; whether the choice changed.
fn choice<T: PartialEq + Copy>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    options: &[(T, &str)],
) -> bool {
    let label_response = ui.label(label);
    let current = options
        .iter()
        .find(|(v, _)| v == value)
        .map_or("", |(_, text)| *text);
    let mut changed = false;
    egui::ComboBox::from_id_salt(("chart-option", label))
        .selected_text(current)
        .show_ui(ui, |ui| {
            for (option, text) in options {
                if ui.selectable_label(option == value, *text).clicked() && option != value {
                    *value = *option;
                    changed = true;
                }
            }
        })
        .response
        .labelled_by(label_response.id);
    changed
}

/// What is counted (first row) and how it is drawn (second row).
fn options(ui: &mut Ui, state: &mut ChartState) {
    ui.horizontal_wrapped(|ui| {
        choice(
            ui,
            "Compare",
            &mut state.by,
            &[
                (SeriesBy::Document, "documents"),
                (SeriesBy::Group, "groups"),
                (SeriesBy::Coder, "coders"),
            ],
        );
        choice(
            ui,
            "Count",
            &mut state.measure,
            &[
                (Measure::Count, "codings"),
                (Measure::Chars, "coded characters"),
            ],
        );
        choice(
            ui,
            "Codes",
            &mut state.subcodes_of_selected,
            &[
                (false, "top-level codes"),
                (true, "subcodes of the selected code"),
            ],
        );
        ui.checkbox(&mut state.include_subcodes, "With subcodes")
            .on_hover_text("A code's bar also counts the codings of the codes below it");
    });
    ui.horizontal_wrapped(|ui| {
        choice(
            ui,
            "Bars",
            &mut state.stacked,
            &[(false, "side by side"), (true, "stacked")],
        );
        let series_noun = match state.by {
            SeriesBy::Document => "documents",
            SeriesBy::Group => "groups",
            SeriesBy::Coder => "coders",
        };
        choice(
            ui,
            "Axis",
            &mut state.per_series,
            &[(false, "codes"), (true, series_noun)],
        );
        choice(
            ui,
            "Orientation",
            &mut state.orientation,
            &[
                (Orientation::Automatic, "automatic"),
                (Orientation::Vertical, "upright bars"),
                (Orientation::Horizontal, "lying bars"),
            ],
        );
    });
}

fn export_buttons(ui: &mut Ui, state: &ChartState, actions: &mut Vec<Action>) {
    let chart = state.shown.clone();
    let frequencies = match state.frequencies() {
        Some(Ok(frequencies)) => Some(frequencies.clone()),
        _ => None,
    };
    ui.horizontal(|ui| {
        let enabled = chart.as_ref().is_some_and(|c| !c.categories.is_empty());
        let png = ui
            .add_enabled(enabled, egui::Button::new("Export PNG…"))
            .on_hover_text(
                "Save the chart as a PNG image (twice its size on screen, white ground)",
            );
        let svg = ui
            .add_enabled(enabled, egui::Button::new("Export SVG…"))
            .on_hover_text("Save the chart as an SVG drawing (for reports; scales without blur)");
        let csv = ui
            .add_enabled(
                enabled && frequencies.is_some(),
                egui::Button::new("Export CSV…"),
            )
            .on_hover_text("Save the chart's numbers as CSV: a line per code, a column per series");
        let Some(chart) = chart else {
            return;
        };
        if png.clicked() {
            actions.push(Action::Export(Export::ChartPng(chart.clone())));
        }
        if svg.clicked() {
            actions.push(Action::Export(Export::ChartSvg(chart.clone())));
        }
        if csv.clicked()
            && let Some(frequencies) = frequencies
        {
            actions.push(Action::Export(Export::ChartCsv {
                table: Arc::new(frequencies.table()),
                stem: chart.file_stem(),
            }));
        }
    });
}

pub fn show(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    selected_code: Option<CodeId>,
    state: &mut ChartState,
    actions: &mut Vec<Action>,
) {
    options(ui, state);
    filter_bar::show(
        ui,
        project,
        revision,
        &mut state.filter,
        "chart-filter",
        true,
    );
    let Ok(filter) = state.filter.filter(project, revision).cloned() else {
        // The bar says what is wrong; nothing is charted rather than everything.
        state.shown = None;
        return;
    };
    let Some(query) = state.query(selected_code) else {
        ui.separator();
        ui.label("Select a code in the codebook to chart its subcodes.");
        state.shown = None;
        return;
    };
    let filtered = !filter.is_everything();
    let key = ChartKey {
        revision,
        query,
        filter,
    };
    if let Some(request) = state.request(key) {
        actions.push(Action::ChartFrequencies(Box::new(request)));
    }
    let frequencies = match state.frequencies() {
        Some(Ok(frequencies)) => frequencies.clone(),
        Some(Err(e)) => {
            ui.separator();
            ui.colored_label(ui.visuals().error_fg_color, e.clone());
            state.shown = None;
            return;
        }
        None => {
            ui.separator();
            ui.label("Counting…");
            return;
        }
    };
    let style = ChartStyle {
        stacked: state.stacked,
        per_series: state.per_series,
        horizontal: false,
    };
    let mut chart = ChartData::new(project, &frequencies, style);
    // An exported chart says what it was limited to, as the window does beside the title.
    if filtered && let Some(limits) = filter_bar::describe(&state.filter.spec) {
        chart.title = format!("{} (only {limits})", chart.title);
    }
    chart.style.horizontal = match state.orientation {
        Orientation::Vertical => false,
        Orientation::Horizontal => true,
        Orientation::Automatic => plot::names_too_wide_for_columns(ui, &chart),
    };
    // A new chart starts the plot afresh (its bounds, the series hidden in the legend).
    let fresh = state.shown.as_deref() != Some(&chart);
    if fresh {
        state.shown = Some(Arc::new(chart));
    }
    let chart = state.shown.clone().expect("set above");

    ui.horizontal(|ui| {
        ui.strong(&chart.title);
        if state.is_updating() {
            ui.weak("(updating…)");
        }
    });
    export_buttons(ui, state, actions);
    ui.separator();
    if chart.categories.is_empty() {
        ui.label(match frequencies.query.codes {
            CodeScope::TopLevel => "The codebook has no codes yet.".to_string(),
            CodeScope::ChildrenOf(id) => format!(
                "“{}” has no subcodes.",
                project.code(id).map_or("?", |c| c.name.as_str())
            ),
        });
        return;
    }
    if chart.series.is_empty() {
        ui.label(format!(
            "There are no {} to compare.",
            match frequencies.query.by {
                SeriesBy::Document => "documents",
                SeriesBy::Group => "groups (make them in View > Variables Panel)",
                SeriesBy::Coder => "coders",
            }
        ));
        return;
    }
    if chart.is_empty() {
        ui.weak(format!("No {} yet.", frequencies.unit(2.0)));
    }
    plot::show(ui, &chart, fresh);
}
