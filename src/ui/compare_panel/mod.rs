//! Compare coders: a table of agreement per code × document (`table`), the passages where two
//! coders differ beside it (`passages`), and adjudication into a "consensus" coder. The
//! statistics come from `crate::agreement`; this panel only picks what to compare and shows the
//! results.

mod divider;
mod passages;
mod table;

use crate::agreement::adjudication::{self, CONSENSUS, Passage, Settlement};
use crate::agreement::{Metric, Options, Report, Unit};
use crate::analysis::filter::DocumentFilter;
use crate::model::{CharRange, CodeId, CoderId, DocId, Project};
use crate::ui::actions::{Action, Export};
use crate::ui::document_view::CompareOverlay;
use crate::ui::filter_bar::{self, FilterBar};
use divider::Divider;
use egui::{Color32, Rangef, Rect, RichText, Ui, UiBuilder};
use std::sync::Arc;

/// The coders' colours in the document view while comparing.
pub const FIRST_COLOR: Color32 = Color32::from_rgb(40, 110, 230);
pub const SECOND_COLOR: Color32 = Color32::from_rgb(235, 125, 20);
pub const CONSENSUS_COLOR: Color32 = Color32::from_rgb(40, 160, 70);

/// Statistics that can fill the table's cells (all for the pair A–B).
const CELL_METRICS: [Metric; 7] = [
    Metric::CohenKappa,
    Metric::PercentAgreement,
    Metric::KrippendorffAlpha,
    Metric::FleissKappa,
    Metric::UnitizedAlpha,
    Metric::SegmentAgreement,
    Metric::BrennanPredigerKappa,
];

/// The passages beside the table: by default this share of the panel, and never narrower
/// than `MIN_PASSAGES_WIDTH` nor so wide that the table is narrower than `MIN_TABLE_WIDTH`
/// (when the panel has room for both).
const DEFAULT_PASSAGES_SHARE: f32 = 0.36;
const MIN_PASSAGES_WIDTH: f32 = 180.0;
const MIN_TABLE_WIDTH: f32 = 260.0;

pub struct CompareState {
    pub open: bool,
    pub first: Option<CoderId>,
    pub second: Option<CoderId>,
    pub unit: Unit,
    pub include_children: bool,
    pub threshold: f64,
    pub metric: Metric,
    /// The column rows are sorted by (0: code, then one per scope) and whether descending.
    pub sort: (usize, bool),
    /// The cell last clicked: its code and document.
    pub code: Option<CodeId>,
    pub doc: Option<DocId>,
    /// The passage shown, an index into the passages of (code, doc).
    pub current: Option<usize>,
    /// The widths the user dragged the code column and the passages to (for the session);
    /// `None` until then.
    pub code_width: Option<f32>,
    pub passages_width: Option<f32>,
    /// Scroll the passage list to the current passage at the next frame.
    scroll_list: bool,
    /// Shared so that a frame can hold the report while it changes the state.
    report: Option<(ReportKey, Result<Arc<Report>, String>)>,
    /// The comparison being computed off the frame, if any.
    requested: Option<ReportKey>,
    /// The passages of the clicked cell, with how the consensus settled each.
    passages: Option<(PassagesKey, Arc<PassageList>)>,
    /// Which documents are compared (by name, group or variables; the coders are A and B).
    pub filter: FilterBar,
    /// Counts the filter's changes, so that a comparison is keyed by the filter it used.
    filter_changes: u64,
}

/// A comparison to compute off the frame (see [`CompareState::computed`]).
#[derive(Debug, Clone)]
pub struct ComparisonRequest {
    pub key: ReportKey,
    pub options: Options,
    /// The documents compared: those the filter keeps.
    pub filter: DocumentFilter,
}

/// Revision, coders, unit, with subcodes, threshold, filter changes.
pub type ReportKey = (u64, CoderId, CoderId, Unit, bool, u64, u64);
type PassagesKey = (u64, CodeId, DocId, CoderId, CoderId, bool);

/// The passages of one code in one document, and how the consensus settled each (computed once
/// per project revision, not every frame).
#[derive(Default)]
pub struct PassageList {
    pub passages: Vec<Passage>,
    pub settled: Vec<Settlement>,
}

impl Default for CompareState {
    fn default() -> Self {
        CompareState {
            open: false,
            first: None,
            second: None,
            unit: Unit::Char,
            include_children: false,
            threshold: 0.9,
            metric: Metric::CohenKappa,
            sort: (0, false),
            code: None,
            doc: None,
            current: None,
            code_width: None,
            passages_width: None,
            scroll_list: false,
            report: None,
            requested: None,
            passages: None,
            filter: FilterBar::default(),
            filter_changes: 0,
        }
    }
}

impl CompareState {
    /// Opens the comparison of two coders, picking the first two coders with codings (other
    /// than the consensus) when none are chosen yet.
    pub fn open_with_defaults(&mut self, project: &Project) {
        self.open = true;
        let known = |c: Option<CoderId>| c.filter(|&id| project.coder(id).is_some());
        self.first = known(self.first);
        self.second = known(self.second);
        if self.first.is_none() || self.second.is_none() || self.first == self.second {
            let coders = coders_with_codings(project);
            self.first = coders.first().copied();
            self.second = coders.get(1).copied();
        }
    }

    /// Closes the passages of the clicked cell (and their colours in the document).
    pub fn close_passages(&mut self) {
        self.code = None;
        self.doc = None;
        self.current = None;
    }

    fn codes_of(&self, project: &Project, code: CodeId) -> Vec<CodeId> {
        if self.include_children {
            project.subtree(code)
        } else {
            vec![code]
        }
    }

    /// The document view's overlay: the clicked code, coloured by coder.
    pub fn overlay(&self, project: &Project) -> Option<(DocId, CompareOverlay)> {
        if !self.open {
            return None;
        }
        let (code, doc, first, second) = (self.code?, self.doc?, self.first?, self.second?);
        let mut coders = vec![(first, FIRST_COLOR), (second, SECOND_COLOR)];
        if let Some(consensus) = project.coder_by_name(CONSENSUS)
            && consensus.id != first
            && consensus.id != second
        {
            coders.push((consensus.id, CONSENSUS_COLOR));
        }
        Some((
            doc,
            CompareOverlay {
                codes: self.codes_of(project, code),
                coders,
            },
        ))
    }

    /// The comparison the view should show now, or `None` without two coders chosen.
    fn wanted_key(&self, revision: u64) -> Option<ReportKey> {
        Some((
            revision,
            self.first?,
            self.second?,
            self.unit,
            self.include_children,
            self.threshold.to_bits(),
            self.filter_changes,
        ))
    }

    /// The options of the comparison with `key` (built only when it is to be computed: this
    /// lists every code, and [`CompareState::request`] runs every frame).
    fn options_for(&self, project: &Project, key: ReportKey) -> Options {
        let (_, first, second, unit, include_children, ..) = key;
        let mut options = Options::all_codes(project, vec![first, second]);
        options.unit = unit;
        options.include_children = include_children;
        options.threshold = self.threshold;
        options
    }

    /// The agreement report last computed for the chosen pair: current, or (while a new one is
    /// computed off the frame, see [`CompareState::request`]) the one before.
    pub fn report(&self) -> Option<&Result<Arc<Report>, String>> {
        self.report.as_ref().map(|(_, r)| r)
    }

    /// Whether the report shown is not (yet) the one for the project and options as they are.
    pub fn is_updating(&self) -> bool {
        self.requested.is_some()
    }

    /// What to compute, when the report shown is not the one for the project and options as
    /// they are and it is not already being computed: the shell runs it as a job
    /// ([`Action::CompareCoders`]) and hands the result to [`CompareState::computed`].
    fn request(&mut self, project: &Project, revision: u64) -> Option<(ReportKey, Options)> {
        let key = self.wanted_key(revision)?;
        let shown = self.report.as_ref().map(|(k, _)| *k);
        if shown == Some(key) || self.requested == Some(key) {
            return None;
        }
        self.requested = Some(key);
        Some((key, self.options_for(project, key)))
    }

    /// A comparison computed off the frame. A result for options since changed is kept only
    /// until the newer one arrives.
    pub fn computed(&mut self, key: ReportKey, report: Result<Arc<Report>, String>) {
        if self.requested == Some(key) {
            self.requested = None;
        }
        self.report = Some((key, report));
    }

    /// The passages of the clicked code and document.
    pub fn passages(&mut self, project: &Project, revision: u64) -> Arc<PassageList> {
        let (Some(code), Some(doc), Some(first), Some(second)) =
            (self.code, self.doc, self.first, self.second)
        else {
            return Arc::default();
        };
        let key = (revision, code, doc, first, second, self.include_children);
        if self.passages.as_ref().map(|(k, _)| *k) != Some(key) {
            let codes = self.codes_of(project, code);
            let passages = adjudication::passages(project, doc, &codes, first, second);
            let settled = adjudication::settlements(project, doc, &codes, &passages);
            self.passages = Some((key, Arc::new(PassageList { passages, settled })));
        }
        self.passages
            .as_ref()
            .map_or_else(Arc::default, |(_, p)| Arc::clone(p))
    }

    /// Moves to the next (or previous) disagreement after the current passage, wrapping.
    pub fn step(&mut self, project: &Project, revision: u64, forward: bool) -> Option<CharRange> {
        let current = self.current;
        let list = self.passages(project, revision);
        let passages = &list.passages;
        let disagreements: Vec<usize> = (0..passages.len())
            .filter(|&i| !passages[i].agrees())
            .collect();
        let next = if forward {
            disagreements
                .iter()
                .find(|&&i| current.is_none_or(|c| i > c))
                .or(disagreements.first())
        } else {
            disagreements
                .iter()
                .rev()
                .find(|&&i| current.is_none_or(|c| i < c))
                .or(disagreements.last())
        }
        .copied();
        let range = next.map(|i| passages[i].range);
        if next.is_some() {
            self.current = next;
            self.scroll_list = true;
        }
        range
    }
}

/// Coders who coded something, the consensus coder last.
pub fn coders_with_codings(project: &Project) -> Vec<CoderId> {
    let mut coders: Vec<CoderId> = project
        .coders
        .iter()
        .filter(|c| project.segments.values().any(|s| s.coder == c.id))
        .map(|c| c.id)
        .collect();
    coders.sort_by_key(|&id| project.coder(id).is_some_and(|c| c.name == CONSENSUS));
    coders
}

fn coder_name(project: &Project, id: Option<CoderId>) -> &str {
    id.and_then(|id| project.coder(id))
        .map_or("(none)", |c| c.name.as_str())
}

#[allow(clippy::too_many_arguments)]
pub fn show(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    state: &mut CompareState,
    actions: &mut Vec<Action>,
) {
    controls(ui, project, state, actions);
    if filter_bar::show(
        ui,
        project,
        revision,
        &mut state.filter,
        "compare-filter",
        false,
    ) {
        state.filter_changes += 1;
        state.close_passages();
    }
    ui.separator();
    if state.first.is_none() || state.second.is_none() || state.first == state.second {
        ui.label("Choose two different coders to compare. Coders appear here once they have coded something; to compare coders' separate project files, use Coder > Compare Coders' Files…");
        return;
    }
    let Ok(filter) = state.filter.filter(project, revision).cloned() else {
        // The bar says what is wrong; nothing is compared rather than everything.
        return;
    };
    if let Some((key, options)) = state.request(project, revision) {
        actions.push(Action::CompareCoders(Box::new(ComparisonRequest {
            key,
            options,
            filter,
        })));
    }
    let report = match state.report() {
        Some(Ok(report)) => Arc::clone(report),
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e.clone());
            return;
        }
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Computing agreement…");
            });
            return;
        }
    };
    if state.is_updating() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Updating the figures to the latest changes…");
        });
    }
    // Shown also beside the passages, so that the table does not move when they open.
    ui.weak("Click a cell to see where the two coders differ on that code.");
    let chosen = state.code.is_some() && state.doc.is_some();
    let area = ui.available_rect_before_wrap();
    ui.advance_cursor_after_rect(area);
    let pane = |ui: &mut Ui, salt: &str, rect: Rect| {
        let mut pane = ui.new_child(UiBuilder::new().id_salt(salt).max_rect(rect));
        pane.shrink_clip_rect(rect);
        pane
    };
    if !chosen {
        let table = &mut pane(ui, "table", area);
        table::show(table, project, &report, state, actions, area.width());
        return;
    }
    // The passages on the right, as wide as the user last made them; the table in the rest.
    let divider = Divider {
        id: ui.scope_id().with("passages-divider"),
        name: "Resize the passages",
    };
    let widths = passages_widths(area.width());
    // Whole points, so that the panes' edges fall on pixels.
    let fit = |width: f32| width.clamp(widths.min, widths.max).round();
    let mut width = fit(state
        .passages_width
        .unwrap_or(area.width() * DEFAULT_PASSAGES_SHARE));
    if let Some(x) = divider.moved_to(ui, area.right() - width) {
        width = fit(area.right() - x);
        state.passages_width = Some(width);
    }
    let x = area.right() - width;
    let half_gap = ui.spacing().item_spacing.x / 2.0;
    let table_rect = area.with_max_x(x - half_gap);
    let passages_rect = area.with_min_x(x + half_gap);
    let table = &mut pane(ui, "table", table_rect);
    table::show(table, project, &report, state, actions, area.width());
    passages::show(
        &mut pane(ui, "passages", passages_rect),
        project,
        revision,
        state,
        actions,
    );
    divider.show(
        ui,
        x,
        area.y_range(),
        Rangef::new(area.left(), area.right()),
    );
}

/// The widths the passages can take in a panel `panel` wide: at least `MIN_PASSAGES_WIDTH`,
/// leaving the table at least `MIN_TABLE_WIDTH`; a panel too narrow for both is halved.
fn passages_widths(panel: f32) -> Rangef {
    let max = (panel - MIN_TABLE_WIDTH).max(MIN_PASSAGES_WIDTH.min(panel / 2.0));
    Rangef::new(MIN_PASSAGES_WIDTH.min(max), max)
}

fn controls(ui: &mut Ui, project: &Project, state: &mut CompareState, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Compare coders");
        for (label, salt, slot, color) in [
            ("Coder A", "compare-first", &mut state.first, FIRST_COLOR),
            ("Coder B", "compare-second", &mut state.second, SECOND_COLOR),
        ] {
            let text = ui.label(RichText::new(label).color(color).strong());
            egui::ComboBox::from_id_salt(salt)
                .selected_text(coder_name(project, *slot))
                .show_ui(ui, |ui| {
                    for coder in &project.coders {
                        ui.selectable_value(slot, Some(coder.id), &coder.name);
                    }
                })
                .response
                .labelled_by(text.id);
        }
        let metric_label = ui.label("Statistic");
        egui::ComboBox::from_id_salt("compare-metric")
            .selected_text(state.metric.label())
            .show_ui(ui, |ui| {
                for metric in CELL_METRICS {
                    ui.selectable_value(&mut state.metric, metric, metric.label());
                }
            })
            .response
            .labelled_by(metric_label.id);
        let unit_label = ui.label("Unit");
        egui::ComboBox::from_id_salt("compare-unit")
            .selected_text(state.unit.name())
            .show_ui(ui, |ui| {
                for unit in Unit::ALL {
                    ui.selectable_value(&mut state.unit, unit, unit.name());
                }
            })
            .response
            .labelled_by(unit_label.id)
            .on_hover_text("A sentence or paragraph counts as coded when any of its characters is");
        ui.checkbox(&mut state.include_children, "With subcodes")
            .on_hover_text("Count text coded with a subcode as coded with its parent");
        let threshold_label = ui.label("Segment overlap");
        let mut percent = state.threshold * 100.0;
        if ui
            .add(
                egui::DragValue::new(&mut percent)
                    .range(1.0..=100.0)
                    .suffix(" %"),
            )
            .labelled_by(threshold_label.id)
            .on_hover_text(
                "Segment agreement: the least overlap (of the union) for two segments to agree",
            )
            .changed()
        {
            state.threshold = percent / 100.0;
        }
        let report = state.report().and_then(|r| r.as_ref().ok());
        if let Some(report) = report {
            if ui
                .button("Export CSV…")
                .on_hover_text("Save every statistic of this comparison as CSV")
                .clicked()
            {
                actions.push(Action::Export(Export::AgreementCsv(report.clone())));
            }
            if ui
                .button("Export HTML…")
                .on_hover_text("Save the agreement report as a self-contained web page")
                .clicked()
            {
                actions.push(Action::Export(Export::AgreementHtml(report.clone())));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_passages_leave_the_table_its_share() {
        assert_eq!(passages_widths(800.0), Rangef::new(180.0, 540.0));
        // Too narrow for both minimums: halved.
        assert_eq!(passages_widths(300.0), Rangef::new(150.0, 150.0));
    }
}
