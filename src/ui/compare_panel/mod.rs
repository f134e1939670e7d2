//! Compare coders: a table of agreement per code × document, the passages where two coders
//! differ, and adjudication into a "consensus" coder. The statistics come from
//! `crate::agreement`; this panel only picks what to compare and shows the results.

use crate::agreement::adjudication::{self, CONSENSUS, Choice, Passage, Settlement};
use crate::agreement::{self, Grade, Metric, Options, Report, Scope, Unit, Value};
use crate::io::agreement_report::{self, format_value};
use crate::model::{CharRange, CodeId, CoderId, DocId, Project};
use crate::ui::actions::Action;
use crate::ui::dialogs::FileDialogs;
use crate::ui::document_view::CompareOverlay;
use crate::wording::plural;
use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use std::collections::HashMap;
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

/// Chars of context shown around a passage in the list.
const CONTEXT: usize = 40;

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
    /// Scroll the passage list to the current passage at the next frame.
    scroll_list: bool,
    /// Shared so that a frame can hold the report while it changes the state.
    report: Option<(ReportKey, Result<Arc<Report>, String>)>,
    /// The passages of the clicked cell, with how the consensus settled each.
    passages: Option<(PassagesKey, Arc<PassageList>)>,
}

type ReportKey = (u64, CoderId, CoderId, Unit, bool, u64);
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
            scroll_list: false,
            report: None,
            passages: None,
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

    /// The agreement report for the chosen pair, recomputed when the project or the options
    /// change.
    pub fn report(
        &mut self,
        project: &Project,
        revision: u64,
    ) -> Option<&Result<Arc<Report>, String>> {
        let (first, second) = (self.first?, self.second?);
        let key = (
            revision,
            first,
            second,
            self.unit,
            self.include_children,
            self.threshold.to_bits(),
        );
        if self.report.as_ref().map(|(k, _)| *k) != Some(key) {
            let mut options = Options::all_codes(project, vec![first, second]);
            options.unit = self.unit;
            options.include_children = self.include_children;
            options.threshold = self.threshold;
            let report = agreement::compare(project, &options)
                .map(Arc::new)
                .map_err(|e| e.to_string());
            self.report = Some((key, report));
        }
        self.report.as_ref().map(|(_, r)| r)
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

fn grade_color(ui: &Ui, grade: Grade) -> Color32 {
    let dark = ui.visuals().dark_mode;
    let (r, g, b) = match grade {
        Grade::Undefined => return Color32::TRANSPARENT,
        Grade::Poor => (230, 120, 120),
        Grade::Fair => (235, 170, 110),
        Grade::Moderate => (230, 210, 110),
        Grade::Substantial => (170, 215, 120),
        Grade::AlmostPerfect => (110, 195, 110),
    };
    Color32::from_rgba_unmultiplied(r, g, b, if dark { 90 } else { 150 })
}

#[allow(clippy::too_many_arguments)]
pub fn show(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    state: &mut CompareState,
    dialogs: &mut dyn FileDialogs,
    actions: &mut Vec<Action>,
    status: &mut String,
) {
    controls(ui, project, revision, state, dialogs, status);
    ui.separator();
    if state.first.is_none() || state.second.is_none() || state.first == state.second {
        ui.label("Choose two different coders to compare. Coders appear here once they have coded something; to compare coders' separate project files, use Coder > Compare Coders' Files…");
        return;
    }
    let report = match state.report(project, revision) {
        Some(Ok(report)) => Arc::clone(report),
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e.clone());
            return;
        }
        None => return,
    };
    // The passages on the right, the table filling the rest.
    egui::Panel::right("compare-passages")
        .resizable(true)
        .default_size(ui.available_width() * 0.36)
        .show(ui, |ui| {
            passages_list(ui, project, revision, state, actions)
        });
    egui::CentralPanel::default().show(ui, |ui| {
        // Many documents make many columns: scroll sideways rather than squeeze them.
        egui::ScrollArea::horizontal()
            .id_salt("compare-table-scroll")
            .show(ui, |ui| table(ui, project, &report, state, actions));
    });
}

fn controls(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    state: &mut CompareState,
    dialogs: &mut dyn FileDialogs,
    status: &mut String,
) {
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
        let report = state
            .report(project, revision)
            .and_then(|r| r.as_ref().ok());
        if let Some(report) = report {
            if ui
                .button("Export CSV…")
                .on_hover_text("Save every statistic of this comparison as CSV")
                .clicked()
                && let Some(path) = dialogs.save_report("agreement.csv", "CSV", "csv")
            {
                let mut bytes = Vec::new();
                let result = agreement_report::write_csv(report, project, &mut bytes)
                    .map_err(|e| e.to_string())
                    .and_then(|()| {
                        crate::io::safe_write::write_output(&path, &bytes)
                            .map_err(|e| e.to_string())
                    });
                *status = exported(result, &path);
            }
            if ui
                .button("Export HTML…")
                .on_hover_text("Save the agreement report as a self-contained web page")
                .clicked()
                && let Some(path) = dialogs.save_report("agreement.html", "HTML", "html")
            {
                let html = agreement_report::to_html(report, project);
                let result = crate::io::safe_write::write_output(&path, html.as_bytes())
                    .map_err(|e| e.to_string());
                *status = exported(result, &path);
            }
        }
    });
}

fn exported(result: Result<(), String>, path: &std::path::Path) -> String {
    match result {
        Ok(()) => format!("Exported the agreement report to {}", path.display()),
        Err(e) => format!("Could not export to {}: {e}", path.display()),
    }
}

/// Codes down, scopes across ("All documents" first); a cell shows the chosen statistic for
/// the pair A–B and opens that document's passages when clicked.
fn table(
    ui: &mut Ui,
    project: &Project,
    report: &Report,
    state: &mut CompareState,
    actions: &mut Vec<Action>,
) {
    let pair = [
        state.first.unwrap_or_default(),
        state.second.unwrap_or_default(),
    ];
    let mut scopes = vec![Scope::All];
    scopes.extend(report.documents.iter().map(|&d| Scope::Document(d)));
    let metric = state.metric;
    // One pass over the report's rows, rather than a search per cell and per sort comparison.
    // The report is computed for the pair, so a row is either the pair's or all coders'.
    let cells: HashMap<(CodeId, Scope), &Value> = report
        .rows
        .iter()
        .filter(|r| r.metric == metric && (r.coders == pair || r.coders == report.options.coders))
        .filter_map(|r| Some(((r.code?, r.scope), &r.value)))
        .collect();
    let value_of = |code: CodeId, scope: Scope| cells.get(&(code, scope)).map(|v| (*v).clone());
    let mut codes: Vec<CodeId> = report.options.codes.clone();
    let (column, descending) = state.sort;
    if column > 0 {
        let scope = scopes[column - 1];
        codes.sort_by(|&a, &b| {
            let key = |c| value_of(c, scope).and_then(|v| v.number());
            match (key(a), key(b)) {
                (Some(x), Some(y)) => {
                    let o = x.total_cmp(&y);
                    if descending { o.reverse() } else { o }
                }
                // Undefined values sort last either way.
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
        });
    } else if descending {
        codes.reverse();
    }

    let scope_title = |scope: Scope| match scope {
        Scope::All => "All documents".to_string(),
        _ => agreement_report::scope_name(project, scope),
    };
    TableBuilder::new(ui)
        .id_salt("compare-table")
        .striped(true)
        .auto_shrink([false, false])
        .column(
            Column::initial(200.0)
                .at_least(120.0)
                .resizable(true)
                .clip(true),
        )
        .columns(
            Column::initial(92.0).at_least(60.0).clip(true),
            scopes.len(),
        )
        .header(22.0, |mut header| {
            let titles: Vec<String> = std::iter::once("Code".to_string())
                .chain(scopes.iter().map(|&s| scope_title(s)))
                .collect();
            for (i, title) in titles.iter().enumerate() {
                header.col(|ui| {
                    let arrow = match state.sort {
                        (c, false) if c == i => " ^",
                        (c, true) if c == i => " v",
                        _ => "",
                    };
                    let response = ui
                        .add(
                            egui::Button::new(RichText::new(format!("{title}{arrow}")).strong())
                                .frame(false),
                        )
                        .on_hover_text(format!("Sort by {title}"));
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::Button,
                            true,
                            format!("Sort by {title}"),
                        )
                    });
                    if response.clicked() {
                        state.sort = (i, state.sort.0 == i && !state.sort.1);
                    }
                });
            }
        })
        .body(|mut body| {
            for &code in &codes {
                body.row(22.0, |mut row| {
                    let path = project.code_path(code);
                    row.col(|ui| {
                        ui.label(&path).on_hover_text(&path);
                    });
                    for &scope in &scopes {
                        row.col(|ui| {
                            let value = value_of(code, scope);
                            let text = value
                                .as_ref()
                                .map_or_else(|| "-".to_string(), |v| format_value(metric, v));
                            let fill = value.as_ref().map_or(Color32::TRANSPARENT, |v| {
                                grade_color(ui, Grade::of(metric, v))
                            });
                            let doc = match scope {
                                Scope::Document(d) => Some(d),
                                Scope::All => None,
                            };
                            let selected =
                                state.code == Some(code) && (doc.is_none() || state.doc == doc);
                            let response = ui.add(
                                egui::Button::selectable(selected, text.clone())
                                    .fill(fill)
                                    .min_size(egui::vec2(ui.available_width(), 0.0)),
                            );
                            let name = format!("{path} in {}: {text}", scope_title(scope));
                            response.widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                            });
                            let response = match value.as_ref().and_then(|v| v.reason()) {
                                Some(reason) => response.on_hover_text(reason),
                                None => response
                                    .on_hover_text("Show this code's passages in the document"),
                            };
                            if response.clicked() {
                                state.code = Some(code);
                                state.doc = doc
                                    .or_else(|| first_disagreeing_document(project, state, code))
                                    .or(report.documents.first().copied());
                                state.current = None;
                                if let Some(doc) = state.doc {
                                    actions.push(Action::OpenDocument(doc));
                                }
                            }
                        });
                    }
                });
            }
        });
}

/// The first document (in project order) where the two coders differ on the code.
fn first_disagreeing_document(
    project: &Project,
    state: &CompareState,
    code: CodeId,
) -> Option<DocId> {
    let (first, second) = (state.first?, state.second?);
    let codes = state.codes_of(project, code);
    project.documents.iter().map(|d| d.id).find(|&doc| {
        adjudication::passages(project, doc, &codes, first, second)
            .iter()
            .any(|p| !p.agrees())
    })
}

fn describe(project: &Project, doc: DocId, parts: &[CharRange]) -> String {
    if parts.is_empty() {
        return "not coded".to_string();
    }
    let text = project.document(doc).map(|d| &d.text);
    parts
        .iter()
        .map(|r| {
            let words = text
                .and_then(|t| t.slice(*r))
                .map(|s| s.chars().count())
                .unwrap_or(0);
            format!("{}–{} ({words} chars)", r.start, r.end)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn preview(project: &Project, doc: DocId, range: CharRange) -> String {
    let Some(text) = project.document(doc).map(|d| &d.text) else {
        return String::new();
    };
    let shown = CharRange::new(range.start, range.end.min(range.start + 2 * CONTEXT + 40));
    let mut s = text.slice(shown).unwrap_or("").replace('\n', " ");
    if shown.end < range.end {
        s.push('…');
    }
    s
}

/// The passages of the clicked code in the clicked document, with the adjudication buttons.
fn passages_list(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    state: &mut CompareState,
    actions: &mut Vec<Action>,
) {
    let (Some(code), Some(doc)) = (state.code, state.doc) else {
        ui.label("Click a cell to see where the two coders differ on that code.");
        return;
    };
    let (Some(first), Some(second)) = (state.first, state.second) else {
        return;
    };
    let doc_name = project
        .document(doc)
        .map_or("?", |d| d.name.as_str())
        .to_string();
    let list = state.passages(project, revision);
    let passages = &list.passages;
    let codes = state.codes_of(project, code);
    let disagreements = passages.iter().filter(|p| !p.agrees()).count();
    ui.strong(format!("{} in {doc_name}", project.code_path(code)));
    ui.label(format!(
        "{} among {}",
        plural(disagreements, "disagreement", "disagreements"),
        plural(passages.len(), "passage", "passages")
    ));
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("A: {}", coder_name(project, Some(first)))).color(FIRST_COLOR),
        );
        ui.label(
            RichText::new(format!("B: {}", coder_name(project, Some(second)))).color(SECOND_COLOR),
        );
        ui.label(RichText::new(CONSENSUS).color(CONSENSUS_COLOR));
    });
    ui.horizontal(|ui| {
        for (label, forward) in [("Previous disagreement", false), ("Next disagreement", true)] {
            if ui.button(label).clicked()
                && let Some(range) = state.step(project, revision, forward)
            {
                actions.push(Action::ShowPassage(doc, range));
            }
        }
        let agreed: Vec<Passage> = passages
            .iter()
            .zip(&list.settled)
            .filter(|(p, settled)| p.agrees() && **settled == Settlement::Open)
            .map(|(p, _)| p.clone())
            .collect();
        if ui
            .add_enabled(!agreed.is_empty(), egui::Button::new(format!(
                    "Accept {}",
                    plural(agreed.len(), "agreement", "agreements")
                )))
            .on_hover_text("Code every passage both coders coded identically for the consensus (one undo step)")
            .clicked()
        {
            let mut scratch = project.clone();
            let mut edits = Vec::new();
            let created = crate::clock::now_rfc3339();
            for passage in &agreed {
                if let Some(edit) = adjudication::settle(&scratch, doc, &codes, passage, (first, second), Choice::First, &created)
                    && crate::ops::apply(&mut scratch, edit.clone()).is_ok()
                {
                    edits.push(edit);
                }
            }
            if !edits.is_empty() {
                actions.push(Action::Edit {
                    edit: crate::ops::Edit::Batch(edits),
                    label: format!(
                        "Consensus: accept {}",
                        plural(agreed.len(), "agreement", "agreements")
                    ),
                });
            }
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("compare-passages")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, passage) in passages.iter().enumerate() {
                let settled = list.settled[i];
                let current = state.current == Some(i);
                let frame = egui::Frame::group(ui.style()).fill(if current {
                    ui.visuals().selection.bg_fill.gamma_multiply(0.4)
                } else {
                    Color32::TRANSPARENT
                });
                frame.show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let title = format!(
                        "{} {}–{}: {}",
                        if passage.agrees() { "Agreement" } else { "Disagreement" },
                        passage.range.start,
                        passage.range.end,
                        match settled {
                            Settlement::Open => "open",
                            Settlement::AsFirst => "consensus as A",
                            Settlement::AsSecond => "consensus as B",
                            Settlement::AsBoth => "consensus as both",
                            Settlement::Edited => "consensus edited",
                        }
                    );
                    let title_response = ui.selectable_label(current, RichText::new(&title).strong());
                    if current && state.scroll_list {
                        title_response.scroll_to_me(Some(egui::Align::Min));
                        state.scroll_list = false;
                    }
                    if title_response.clicked() {
                        state.current = Some(i);
                        actions.push(Action::ShowPassage(doc, passage.range));
                    }
                    ui.label(RichText::new(format!("A: {}", describe(project, doc, &passage.first))).color(FIRST_COLOR));
                    ui.label(RichText::new(format!("B: {}", describe(project, doc, &passage.second))).color(SECOND_COLOR));
                    ui.label(RichText::new(preview(project, doc, passage.range)).weak());
                    if current || !passage.agrees() {
                        ui.horizontal(|ui| {
                            for (label, choice) in [("Accept A", Choice::First), ("Accept B", Choice::Second), ("Accept both", Choice::Both)] {
                                let name = format!("{label} for {}–{}", passage.range.start, passage.range.end);
                                let response = ui.button(label);
                                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                                if response.clicked() {
                                    state.current = Some(i);
                                    match adjudication::settle(project, doc, &codes, passage, (first, second), choice, &crate::clock::now_rfc3339()) {
                                        Some(edit) => actions.push(Action::Edit {
                                            edit,
                                            label: format!("Consensus: {label} at {}–{}", passage.range.start, passage.range.end),
                                        }),
                                        None => actions.push(Action::Status(format!(
                                            "The consensus already has this ({label} changes nothing)"
                                        ))),
                                    }
                                }
                            }
                            let name = format!("Edit {}–{}", passage.range.start, passage.range.end);
                            let response = ui.button("Edit").on_hover_text(
                                "Select the passage and code as the consensus coder: adjust the selection, then apply the code",
                            );
                            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                            if response.clicked() {
                                state.current = Some(i);
                                actions.push(Action::CodeAsConsensus(doc, passage.range));
                            }
                        });
                    }
                });
            }
        });
}
