//! Retrieval: every passage coded with the selected code (optionally with its subcodes), across
//! the documents and coders the filter keeps, with a little context; or, after a click on a
//! matrix cell, exactly that cell's passages. Jump to a passage, remove a false positive, export
//! the list as CSV.

use crate::analysis::filter::FilterSpec;
use crate::model::{CodeId, Project, SegmentId};
use crate::ops::Edit;
use crate::ui::actions::{Action, Export};
use crate::ui::filter_bar::{self, FilterBar};
use crate::ui::matrix_pane::{CellCodings, CellQuery};
use crate::wording::plural;
use egui::Ui;
use egui::text::{LayoutJob, TextFormat};
use egui_extras::{Column, TableBuilder};

/// Chars of context shown on each side of a coded passage.
const CONTEXT: usize = 60;
/// Lines of each passage shown in the list.
const PREVIEW_LINES: usize = 4;

/// An explicit set of passages listed instead of the selected code's: a matrix cell's. Kept as
/// the cell's question, so the list follows the project as it changes.
#[derive(Clone, Debug, PartialEq)]
pub struct PassageSet {
    pub query: CellQuery,
}

impl PassageSet {
    pub fn new(query: CellQuery) -> Self {
        PassageSet { query }
    }
}

/// What the listed rows were computed from.
#[derive(Clone, Debug, PartialEq)]
enum RowsKey {
    Code {
        revision: u64,
        code: CodeId,
        subcodes: bool,
        spec: FilterSpec,
    },
    Set {
        revision: u64,
        set: PassageSet,
    },
}

#[derive(Default)]
pub struct RetrievalState {
    pub include_subcodes: bool,
    /// Which documents and coders the selected code's passages come from.
    pub filter: FilterBar,
    /// A matrix cell's passages, listed instead of the selected code's until "Back" or until
    /// another code is selected.
    pub set: Option<PassageSet>,
    /// The code selected when the set was first shown.
    set_shown_with: Option<Option<CodeId>>,
    rows: Vec<SegmentId>,
    /// For a set: its passages (and pairs) in words, or why it has none.
    set_summary: Option<Result<String, String>>,
    computed_for: Option<RowsKey>,
}

impl RetrievalState {
    /// The coded segments listed, in document order then position.
    pub fn rows(&self) -> &[SegmentId] {
        &self.rows
    }

    /// List a matrix cell's passages.
    pub fn show_set(&mut self, set: PassageSet) {
        self.set = Some(set);
        self.set_shown_with = None;
    }

    /// The set to list, if any: selecting another code since it was shown ends it.
    fn current_set(&mut self, selected_code: Option<CodeId>) -> Option<PassageSet> {
        let shown_with = *self.set_shown_with.get_or_insert(selected_code);
        if shown_with != selected_code {
            self.set = None;
        }
        self.set.clone()
    }

    fn refresh_code(&mut self, project: &Project, revision: u64, code: CodeId) {
        let key = RowsKey::Code {
            revision,
            code,
            subcodes: self.include_subcodes,
            spec: self.filter.spec.clone(),
        };
        if self.computed_for.as_ref() == Some(&key) {
            return;
        }
        let codes = if self.include_subcodes {
            project.subtree(code)
        } else {
            vec![code]
        };
        // A filter that does not apply lists nothing (the bar says why).
        self.rows = match self.filter.filter(project, revision) {
            Ok(filter) => project
                .segments_sorted()
                .into_iter()
                .filter(|s| codes.contains(&s.code) && filter.includes(s))
                .map(|s| s.id)
                .collect(),
            Err(_) => Vec::new(),
        };
        self.computed_for = Some(key);
    }

    fn refresh_set(&mut self, project: &Project, revision: u64, set: PassageSet) {
        let key = RowsKey::Set { revision, set };
        if self.computed_for.as_ref() == Some(&key) {
            return;
        }
        let RowsKey::Set { set, .. } = &key else {
            unreachable!("made above")
        };
        let found = set.query.codings(project);
        self.set_summary = Some(
            found
                .as_ref()
                .map(CellCodings::describe)
                .map_err(Clone::clone),
        );
        self.rows = found.map(|c| c.ids).unwrap_or_default();
        self.computed_for = Some(key);
    }
}

fn passage_job(ui: &Ui, project: &Project, id: SegmentId, width: f32) -> LayoutJob {
    let mut job = LayoutJob {
        wrap: egui::text::TextWrapping {
            max_width: width,
            max_rows: PREVIEW_LINES,
            overflow_character: Some('…'),
            ..Default::default()
        },
        ..Default::default()
    };
    let Some(segment) = project.segments.get(&id) else {
        return job;
    };
    let Some(doc) = project.document(segment.document) else {
        return job;
    };
    let text = &doc.text;
    let before = crate::model::CharRange::new(segment.start.saturating_sub(CONTEXT), segment.start);
    let after =
        crate::model::CharRange::new(segment.end, (segment.end + CONTEXT).min(text.char_len()));
    let weak = TextFormat {
        color: ui.visuals().weak_text_color(),
        ..Default::default()
    };
    let strong = TextFormat {
        color: ui.visuals().strong_text_color(),
        ..Default::default()
    };
    let clean = |s: &str| s.replace('\n', " ¶ ");
    job.append(
        &format!("…{}", clean(text.slice(before).unwrap_or(""))),
        0.0,
        weak.clone(),
    );
    job.append(
        &clean(text.slice(segment.range()).unwrap_or("")),
        0.0,
        strong,
    );
    job.append(
        &format!("{}…", clean(text.slice(after).unwrap_or(""))),
        0.0,
        weak,
    );
    job
}

pub fn show(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    selected_code: Option<CodeId>,
    state: &mut RetrievalState,
    actions: &mut Vec<Action>,
) {
    if let Some(set) = state.current_set(selected_code) {
        state.refresh_set(project, revision, set.clone());
        set_header(ui, project, &set, state, actions);
    } else {
        let Some(code) = selected_code.filter(|c| project.code(*c).is_some()) else {
            ui.heading("Retrieval");
            ui.label("Select a code in the codebook to see every passage coded with it.");
            return;
        };
        state.refresh_code(project, revision, code);
        ui.horizontal(|ui| {
            ui.heading(format!("Retrieval: {}", project.code_path(code)));
            ui.label(plural(state.rows.len(), "passage", "passages"));
        });
        ui.horizontal(|ui| {
            ui.checkbox(&mut state.include_subcodes, "With subcodes");
            export_button(ui, state, actions);
        });
        filter_bar::show(
            ui,
            project,
            revision,
            &mut state.filter,
            "retrieval-filter",
            true,
        );
    }
    passage_table(ui, project, state, actions);
}

/// The title of a matrix cell's passages, the filter they were counted with, and the way back.
fn set_header(
    ui: &mut Ui,
    project: &Project,
    set: &PassageSet,
    state: &mut RetrievalState,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.heading(set.query.title(project));
        match &state.set_summary {
            Some(Ok(summary)) => {
                ui.label(format!("({summary})"));
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            None => {}
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Back to the code's passages")
            .on_hover_text("List the passages of the code selected in the codebook again")
            .clicked()
        {
            state.set = None;
        }
        export_button(ui, state, actions);
        if let Some(filter) = filter_bar::describe(set.query.spec()) {
            ui.weak(format!("Filter: {filter}"));
        }
    });
}

fn export_button(ui: &mut Ui, state: &RetrievalState, actions: &mut Vec<Action>) {
    if ui
        .button("Export CSV…")
        .on_hover_text("Save these passages as CSV")
        .clicked()
    {
        actions.push(Action::Export(Export::Passages(state.rows.clone())));
    }
}

/// The passages listed, only those in sight laid out.
fn passage_table(
    ui: &mut Ui,
    project: &Project,
    state: &RetrievalState,
    actions: &mut Vec<Action>,
) {
    let width = ui.available_width();
    let passage_width = (width - 420.0).max(200.0);
    // Each passage shows at most PREVIEW_LINES lines (the rest behind an ellipsis), so every row
    // has the same height and long passages cannot push the list around.
    let line = ui.fonts_mut(|f| f.row_height(&egui::FontId::default()));
    let row_height = line * PREVIEW_LINES as f32 + 8.0;
    TableBuilder::new(ui)
        .id_salt("retrieval-table")
        .striped(true)
        .auto_shrink([false, false])
        .column(Column::exact(150.0))
        .column(Column::exact(passage_width))
        .column(Column::exact(90.0))
        .column(Column::remainder())
        .header(20.0, |mut header| {
            for title in ["Document", "Passage", "Coder", "Memo"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            let rows = state.rows.clone();
            body.rows(row_height, rows.len(), |mut row| {
                let id = rows[row.index()];
                let Some(segment) = project.segments.get(&id) else {
                    return;
                };
                row.col(|ui| {
                    let document = project.document(segment.document);
                    ui.vertical(|ui| {
                        let name = document.map_or("?", |d| d.name.as_str());
                        if ui
                            .link(name)
                            .on_hover_text("Jump to this passage")
                            .clicked()
                        {
                            actions.push(Action::JumpToSegment(id));
                        }
                        // The page to cite, for a document from a PDF.
                        let page = document.map_or_else(String::new, |d| {
                            crate::model::page_span(&d.pages, segment.range())
                        });
                        if !page.is_empty() {
                            ui.weak(format!("p. {page}"));
                        }
                    });
                });
                row.col(|ui| {
                    let job = passage_job(ui, project, id, passage_width - 24.0);
                    let galley = ui.fonts_mut(|f| f.layout_job(job));
                    let (rect, response) =
                        ui.allocate_exact_size(galley.size(), egui::Sense::click());
                    let text = galley.text().to_string();
                    response
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, &text));
                    ui.painter()
                        .galley(rect.min, galley, ui.visuals().text_color());
                    if response
                        .on_hover_text("Click to jump to this passage")
                        .clicked()
                    {
                        actions.push(Action::JumpToSegment(id));
                    }
                });
                row.col(|ui| {
                    ui.label(
                        project
                            .coder(segment.coder)
                            .map_or("?", |c| c.name.as_str()),
                    );
                });
                row.col(|ui| {
                    ui.horizontal(|ui| {
                        let remove = ui
                            .small_button("×")
                            .on_hover_text("Remove this coding (Ctrl+Z restores it)");
                        remove.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, "Remove coding")
                        });
                        if remove.clicked() {
                            actions.push(Action::Edit {
                                edit: Edit::RemoveSegment(id),
                                label: format!(
                                    "Remove coding “{}”",
                                    project.code_path(segment.code)
                                ),
                            });
                        }
                        ui.label(&segment.memo);
                    });
                });
            });
        });
}
