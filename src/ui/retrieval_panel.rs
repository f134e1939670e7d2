//! Retrieval: every passage coded with the selected code (optionally with its subcodes), across
//! all documents, with a little context; filter by document and coder, jump to a passage, remove
//! a false positive, export the list as CSV.

use crate::model::{CodeId, CoderId, DocId, Project, SegmentId};
use crate::ops::Edit;
use crate::ui::actions::{Action, Export};
use crate::wording::plural;
use egui::Ui;
use egui::text::{LayoutJob, TextFormat};
use egui_extras::{Column, TableBuilder};

/// Chars of context shown on each side of a coded passage.
const CONTEXT: usize = 60;
/// Lines of each passage shown in the list.
const PREVIEW_LINES: usize = 4;

/// What the listed rows were computed from: revision, code, with subcodes, filters.
type RowsKey = (u64, CodeId, bool, Option<DocId>, Option<CoderId>);

#[derive(Default)]
pub struct RetrievalState {
    pub include_subcodes: bool,
    pub document: Option<DocId>,
    pub coder: Option<CoderId>,
    rows: Vec<SegmentId>,
    computed_for: Option<RowsKey>,
}

impl RetrievalState {
    /// The coded segments listed, in document order then position.
    pub fn rows(&self) -> &[SegmentId] {
        &self.rows
    }

    fn refresh(&mut self, project: &Project, revision: u64, code: CodeId) {
        let key = (
            revision,
            code,
            self.include_subcodes,
            self.document,
            self.coder,
        );
        if self.computed_for == Some(key) {
            return;
        }
        let codes = if self.include_subcodes {
            project.subtree(code)
        } else {
            vec![code]
        };
        self.rows = project
            .segments_sorted()
            .into_iter()
            .filter(|s| codes.contains(&s.code))
            .filter(|s| self.document.is_none_or(|d| d == s.document))
            .filter(|s| self.coder.is_none_or(|c| c == s.coder))
            .map(|s| s.id)
            .collect();
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
    let Some(code) = selected_code.filter(|c| project.code(*c).is_some()) else {
        ui.heading("Retrieval");
        ui.label("Select a code in the codebook to see every passage coded with it.");
        return;
    };
    state.refresh(project, revision, code);
    ui.horizontal(|ui| {
        ui.heading(format!("Retrieval: {}", project.code_path(code)));
        ui.label(plural(state.rows.len(), "passage", "passages"));
    });
    ui.horizontal(|ui| {
        ui.checkbox(&mut state.include_subcodes, "With subcodes");
        let doc_label = ui.label("Document");
        let doc_name = state
            .document
            .and_then(|d| project.document(d))
            .map_or("all", |d| d.name.as_str());
        egui::ComboBox::from_id_salt("retrieval-document")
            .selected_text(doc_name)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.document, None, "all");
                for doc in &project.documents {
                    ui.selectable_value(&mut state.document, Some(doc.id), &doc.name);
                }
            })
            .response
            .labelled_by(doc_label.id);
        let coder_label = ui.label("Coder");
        let coder_name = state
            .coder
            .and_then(|c| project.coder(c))
            .map_or("all", |c| c.name.as_str());
        egui::ComboBox::from_id_salt("retrieval-coder")
            .selected_text(coder_name)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.coder, None, "all");
                for coder in &project.coders {
                    ui.selectable_value(&mut state.coder, Some(coder.id), &coder.name);
                }
            })
            .response
            .labelled_by(coder_label.id);
        if ui
            .button("Export CSV…")
            .on_hover_text("Save these passages as CSV")
            .clicked()
        {
            actions.push(Action::Export(Export::Passages(state.rows.clone())));
        }
    });
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
