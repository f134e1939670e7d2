//! The passages of the clicked cell's code in its document where the two coders differ (and
//! where they agree), with navigation between disagreements and adjudication into the
//! consensus coder.

use super::{CONSENSUS_COLOR, CompareState, FIRST_COLOR, SECOND_COLOR, coder_name};
use crate::agreement::adjudication::{self, CONSENSUS, Choice, Passage, Settlement};
use crate::model::{CharRange, DocId, Project};
use crate::ui::actions::Action;
use crate::wording::plural;
use egui::{Color32, RichText, Ui};

/// Chars of context shown around a passage in the list.
const CONTEXT: usize = 40;

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
/// Rows of buttons wrap, so that the list fits the width the user gives it.
pub(super) fn show(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    state: &mut CompareState,
    actions: &mut Vec<Action>,
) {
    let (Some(code), Some(doc)) = (state.code, state.doc) else {
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
    ui.horizontal_wrapped(|ui| {
        let response = ui
            .button("Close")
            .on_hover_text("Close the passages: the table takes the whole width");
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, "Close the passages")
        });
        if response.clicked() {
            state.close_passages();
        }
        ui.strong(format!("{} in {doc_name}", project.code_path(code)));
    });
    ui.label(format!(
        "{} among {}",
        plural(disagreements, "disagreement", "disagreements"),
        plural(passages.len(), "passage", "passages")
    ));
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!("A: {}", coder_name(project, Some(first)))).color(FIRST_COLOR),
        );
        ui.label(
            RichText::new(format!("B: {}", coder_name(project, Some(second)))).color(SECOND_COLOR),
        );
        ui.label(RichText::new(CONSENSUS).color(CONSENSUS_COLOR));
    });
    ui.horizontal_wrapped(|ui| {
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
                        ui.horizontal_wrapped(|ui| {
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
