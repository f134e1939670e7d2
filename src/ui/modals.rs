//! Dialogs that need an answer: unsaved changes, deleting a code, reflowing PDF text, adding a
//! coder, and errors.

use crate::model::{CodeId, Project};
use crate::ops::DeletePolicy;
use std::path::PathBuf;

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterSave {
    Quit,
    New,
    Open,
}

#[derive(Clone, Debug)]
pub enum Modal {
    UnsavedChanges(AfterSave),
    DeleteCode(CodeId),
    /// Documents that look like hard-wrapped PDF text: reflow them?
    Reflow(Vec<PathBuf>),
    AddCoder(String),
    Error(String),
    /// Something to read before going on (what an import or export did), with a title.
    Notice {
        title: String,
        text: String,
    },
    /// A save found the file changed by another program since it was read; what to do, and
    /// what was to follow the save.
    ChangedOnDisk(Option<AfterSave>),
}

/// The user's answer.
#[derive(Clone, Debug)]
pub enum Outcome {
    SaveThen(AfterSave),
    DiscardThen(AfterSave),
    DeleteCode(CodeId, DeletePolicy),
    Reflow(Vec<PathBuf>, bool),
    AddCoder(String),
    /// Merge the file's new content in, save, then go on.
    MergeDiskThen(Option<AfterSave>),
    /// Save under another name, then go on.
    SaveAsThen(Option<AfterSave>),
    /// Replace the file (its version goes to the backups), then go on.
    OverwriteThen(Option<AfterSave>),
}

/// Show a modal; returns it again while it stays open, and the answer once given.
pub fn show(
    ctx: &egui::Context,
    modal: Modal,
    project: &Project,
) -> (Option<Modal>, Option<Outcome>) {
    let mut keep = Some(modal.clone());
    let mut outcome = None;
    let response = egui::Modal::new(egui::Id::unique("coda-modal")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        match &modal {
            Modal::UnsavedChanges(next) => {
                ui.heading("Unsaved changes");
                ui.label(format!("Save the changes to “{}” first?", project.name));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        outcome = Some(Outcome::SaveThen(*next));
                        keep = None;
                    }
                    if ui.button("Discard changes").clicked() {
                        outcome = Some(Outcome::DiscardThen(*next));
                        keep = None;
                    }
                    if ui.button("Cancel").clicked() {
                        keep = None;
                    }
                });
            }
            Modal::DeleteCode(id) => {
                let Some(code) = project.code(*id) else {
                    keep = None;
                    return;
                };
                let subtree = project.subtree(*id);
                let codings = project.segments.values().filter(|s| subtree.contains(&s.code)).count();
                let own = project.segments.values().filter(|s| s.code == *id).count();
                ui.heading(format!("Delete “{}”?", project.code_path(*id)));
                ui.label(format!(
                    "It has {} subcodes; {own} codings use it, {codings} with its subcodes.",
                    subtree.len() - 1
                ));
                let parent = code.parent.and_then(|p| project.code(p));
                ui.horizontal(|ui| {
                    if ui
                        .button("Delete it and its codings")
                        .on_hover_text("Removes the code, its subcodes and all their codings")
                        .clicked()
                    {
                        outcome = Some(Outcome::DeleteCode(*id, DeletePolicy::DeleteSegments));
                        keep = None;
                    }
                    let label = match parent {
                        Some(p) => format!("Move its codings to “{}”", p.name),
                        None => "Move its codings to the parent".to_string(),
                    };
                    if ui
                        .add_enabled(parent.is_some(), egui::Button::new(label))
                        .on_disabled_hover_text("A top-level code has no parent")
                        .clicked()
                    {
                        outcome = Some(Outcome::DeleteCode(*id, DeletePolicy::MoveToParent));
                        keep = None;
                    }
                    if ui.button("Cancel").clicked() {
                        keep = None;
                    }
                });
            }
            Modal::Reflow(paths) => {
                ui.heading("Reflow PDF text?");
                ui.label("These files look like text extracted from a PDF, with lines broken at a fixed width:");
                for p in paths {
                    ui.label(format!("  {}", p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
                }
                ui.label("Reflowing joins the lines into paragraphs (and drops page numbers), so a passage that crossed a line break can be selected in one drag.");
                ui.horizontal(|ui| {
                    if ui.button("Reflow into paragraphs").clicked() {
                        outcome = Some(Outcome::Reflow(paths.clone(), true));
                        keep = None;
                    }
                    if ui.button("Keep the lines").clicked() {
                        outcome = Some(Outcome::Reflow(paths.clone(), false));
                        keep = None;
                    }
                });
            }
            Modal::AddCoder(name) => {
                let mut name = name.clone();
                ui.heading("Add a coder");
                let label = ui.label("Name");
                let field = ui.add(egui::TextEdit::singleline(&mut name)).labelled_by(label.id);
                field.request_focus();
                let taken = project.coder_by_name(name.trim()).is_some();
                if taken {
                    ui.colored_label(ui.visuals().error_fg_color, "A coder with that name exists");
                }
                let ok = !name.trim().is_empty() && !taken;
                let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if ui.add_enabled(ok, egui::Button::new("Add and switch to them")).clicked() || (enter && ok) {
                        outcome = Some(Outcome::AddCoder(name.clone()));
                        keep = None;
                    } else if ui.button("Cancel").clicked() {
                        keep = None;
                    }
                });
                if keep.is_some() {
                    keep = Some(Modal::AddCoder(name));
                }
            }
            Modal::ChangedOnDisk(next) => {
                ui.heading("The file was changed elsewhere");
                ui.label(
                    "Another program changed this project's file since Coda opened or last \
                     saved it. Saving now would throw those changes away.",
                );
                ui.label(
                    "Merge their changes keeps every coding of both versions (and this \
                     window's value where the two disagree); Overwrite keeps their version \
                     only in the backups folder.",
                );
                ui.horizontal(|ui| {
                    if ui.button("Merge their changes").clicked() {
                        outcome = Some(Outcome::MergeDiskThen(*next));
                        keep = None;
                    }
                    if ui.button("Save As…").clicked() {
                        outcome = Some(Outcome::SaveAsThen(*next));
                        keep = None;
                    }
                    if ui.button("Overwrite").clicked() {
                        outcome = Some(Outcome::OverwriteThen(*next));
                        keep = None;
                    }
                    if ui.button("Cancel").clicked() {
                        keep = None;
                    }
                });
            }
            Modal::Notice { title, text } => {
                ui.heading(title);
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| ui.label(text));
                if ok_button(ui).clicked() {
                    keep = None;
                }
            }
            Modal::Error(message) => {
                ui.heading("Something went wrong");
                ui.label(message);
                if ok_button(ui).clicked() {
                    keep = None;
                }
            }
        }
    });
    // A message closes on Escape or a click beside it. A question is cancelled by Escape only
    // (a stray click must not throw away a typed name); reflow, which has no "Cancel", stays.
    let closes = match modal {
        Modal::Notice { .. } | Modal::Error(_) => response.should_close(),
        Modal::Reflow(_) => false,
        _ => ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)),
    };
    if closes && outcome.is_none() {
        keep = None;
    }
    (keep, outcome)
}

/// A message's OK button, with the keyboard focus while nothing else has it, so Enter (or
/// Space) closes the message as a click does.
fn ok_button(ui: &mut egui::Ui) -> egui::Response {
    let ok = ui.button("OK");
    if ui.memory(|m| m.focused().is_none()) {
        ok.request_focus();
    }
    ok
}
