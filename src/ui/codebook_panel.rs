//! The codebook: a tree of codes with colour swatches, hotkeys and counts; a click applies a code
//! to the selection; the details of the selected code below (name, colour, hotkey, description
//! in Markdown, inclusion and exclusion criteria, example, memo).

use crate::io::markdown;
use crate::model::{CodeId, Color, Project};
use crate::ops::{CodeField, Edit, MemoTarget};
use crate::ui::actions::Action;
use crate::ui::document_view::{color32, styled_job};
use egui::{Sense, Ui, vec2};
use std::collections::{HashMap, HashSet};

type CodeCounts = HashMap<CodeId, (usize, usize)>;

#[derive(Default)]
pub struct CodebookState {
    collapsed: HashSet<CodeId>,
    /// Text being typed into a field of the selected code, until it loses focus.
    drafts: HashMap<&'static str, String>,
    draft_code: Option<CodeId>,
    /// A newly added code whose name field should take focus.
    pub rename_focus: Option<CodeId>,
    show_description_source: bool,
    /// Codings per code (current coder, all coders), for the revision they were counted at.
    counts: Option<(u64, CodeCounts)>,
}

impl CodebookState {
    /// The code whose fields are being typed in, if any.
    pub fn draft_code(&self) -> Option<CodeId> {
        self.draft_code.filter(|_| !self.drafts.is_empty())
    }

    /// The edits that commit every field being typed in, where it differs from the project.
    pub fn pending_edits(&self, project: &Project) -> Vec<Edit> {
        let Some(code) = self.draft_code.and_then(|id| project.code(id)) else {
            return Vec::new();
        };
        let id = code.id;
        let mut edits = Vec::new();
        for (key, text) in &self.drafts {
            let field = match *key {
                "name" if text.trim() != code.name && !text.trim().is_empty() => {
                    CodeField::Name(text.trim().to_string())
                }
                "description" if *text != code.description => CodeField::Description(text.clone()),
                "inclusion" if *text != code.inclusion => CodeField::Inclusion(text.clone()),
                "exclusion" if *text != code.exclusion => CodeField::Exclusion(text.clone()),
                "example" if *text != code.example => CodeField::Example(text.clone()),
                "memo" if *text != code.memo => {
                    edits.push(Edit::SetMemo {
                        target: MemoTarget::Code(id),
                        text: text.clone(),
                    });
                    continue;
                }
                _ => continue,
            };
            edits.push(Edit::SetCodeField { id, field });
        }
        edits
    }

    /// Drop the drafts (after committing them).
    pub fn forget_drafts(&mut self) {
        self.drafts.clear();
    }
}

/// Segments per code: (current coder, all coders), cached per revision.
fn counts<'a>(
    state: &'a mut CodebookState,
    project: &Project,
    revision: u64,
) -> &'a HashMap<CodeId, (usize, usize)> {
    if state.counts.as_ref().is_none_or(|(r, _)| *r != revision) {
        let mut map = CodeCounts::new();
        for s in project.segments.values() {
            let entry = map.entry(s.code).or_default();
            entry.1 += 1;
            if Some(s.coder) == project.current_coder {
                entry.0 += 1;
            }
        }
        state.counts = Some((revision, map));
    }
    &state.counts.as_ref().expect("just set").1
}

pub fn show(
    ui: &mut Ui,
    project: &Project,
    state: &mut CodebookState,
    selected: Option<CodeId>,
    has_selection: bool,
    revision: u64,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.heading("Codebook");
        if ui
            .button("+ Code")
            .on_hover_text("Add a top-level code")
            .clicked()
        {
            actions.push(Action::AddCode { parent: None });
        }
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("+ Subcode"))
            .on_hover_text("Add a code under the selected code")
            .clicked()
        {
            actions.push(Action::AddCode { parent: selected });
        }
    });
    ui.label(
        egui::RichText::new(if has_selection {
            "Click a code (or press its hotkey) to code the selected passage."
        } else {
            "Select a passage in a document, then click a code. Counts: you / all coders."
        })
        .small()
        .weak(),
    );
    ui.separator();
    let counts = counts(state, project, revision).clone();
    // The details of a selected code take the lower part; otherwise the tree has all the room.
    let tree_height = if selected.is_some() {
        (ui.available_height() * 0.5).max(120.0)
    } else {
        ui.available_height()
    };
    egui::ScrollArea::vertical()
        .id_salt("codebook-tree")
        .max_height(tree_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for code in project.children(None) {
                code_row(
                    ui,
                    project,
                    state,
                    code.id,
                    0,
                    selected,
                    has_selection,
                    &counts,
                    actions,
                );
            }
            if project.codes.is_empty() {
                ui.label("No codes yet: add one with + Code.");
            }
        });
    ui.separator();
    if let Some(id) = selected
        && project.code(id).is_some()
    {
        egui::ScrollArea::vertical()
            .id_salt("code-details")
            .auto_shrink([false, false])
            .show(ui, |ui| details(ui, project, state, id, actions));
    }
}

#[allow(clippy::too_many_arguments)]
fn code_row(
    ui: &mut Ui,
    project: &Project,
    state: &mut CodebookState,
    id: CodeId,
    depth: usize,
    selected: Option<CodeId>,
    has_selection: bool,
    counts: &CodeCounts,
    actions: &mut Vec<Action>,
) {
    let Some(code) = project.code(id) else { return };
    let has_children = project.children(Some(id)).next().is_some();
    let collapsed = state.collapsed.contains(&id);
    ui.horizontal(|ui| {
        ui.add_space(depth as f32 * 14.0);
        if has_children {
            let arrow = if collapsed { "+" } else { "–" };
            let toggle = ui
                .add(egui::Button::new(arrow).frame(false).small())
                .on_hover_text(if collapsed {
                    "Show subcodes"
                } else {
                    "Hide subcodes"
                });
            toggle.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("Toggle subcodes of {}", code.name),
                )
            });
            if toggle.clicked() && !state.collapsed.remove(&id) {
                state.collapsed.insert(id);
            }
        } else {
            ui.add_space(14.0);
        }
        // The drag handle moves the code under another one (drop it on a code's name).
        let handle = ui.dnd_drag_source(egui::Id::unique(("drag-code", id)), id, |ui| {
            let (rect, response) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
            ui.painter().rect_filled(rect, 3.0, color32(code.color));
            response
        });
        handle
            .response
            .on_hover_text("Drag onto another code to move this code under it");
        let (mine, all) = counts.get(&id).copied().unwrap_or((0, 0));
        let hotkey = code.hotkey.map(|k| format!(" [{k}]")).unwrap_or_default();
        // A long name is elided to the pane's width (the full path shows on hover), so the
        // codebook fits a narrow pane.
        let counts_width = 56.0;
        let name = ui
            .scope(|ui| {
                ui.set_max_width((ui.available_width() - counts_width).max(40.0));
                ui.add(
                    egui::Button::selectable(
                        selected == Some(id),
                        format!("{}{hotkey}", code.name),
                    )
                    .truncate(),
                )
            })
            .inner
            .on_hover_text(if code.description.is_empty() {
                project.code_path(id)
            } else {
                format!("{}\n\n{}", project.code_path(id), code.description)
            });
        if name.clicked() {
            actions.push(Action::SelectCode(Some(id)));
            if has_selection {
                actions.push(Action::ApplyCode(id));
            }
        }
        if let Some(dragged) = name.dnd_release_payload::<CodeId>()
            && *dragged != id
        {
            actions.push(Action::Edit {
                edit: Edit::MoveCode {
                    id: *dragged,
                    parent: Some(id),
                    index: project.codes.len() - 1,
                },
                label: format!("Move code under “{}”", code.name),
            });
        }
        ui.label(egui::RichText::new(format!("{mine}/{all}")).weak().small());
        crate::ui::context_menu::show(ui, &name, None, |ui| code_menu(ui, project, id, actions));
    });
    if has_children && !collapsed {
        let children: Vec<CodeId> = project.children(Some(id)).map(|c| c.id).collect();
        for child in children {
            code_row(
                ui,
                project,
                state,
                child,
                depth + 1,
                selected,
                has_selection,
                counts,
                actions,
            );
        }
    }
}

fn code_menu(ui: &mut Ui, project: &Project, id: CodeId, actions: &mut Vec<Action>) {
    let Some(code) = project.code(id) else { return };
    if ui.button("Add subcode").clicked() {
        actions.push(Action::AddCode { parent: Some(id) });
        ui.close();
    }
    let subtree = project.subtree(id);
    let others: Vec<(CodeId, String)> = project
        .codes
        .iter()
        .filter(|c| !subtree.contains(&c.id))
        .map(|c| (c.id, project.code_path(c.id)))
        .collect();
    ui.menu_button("Move under", |ui| {
        if code.parent.is_some() && ui.button("(top level)").clicked() {
            actions.push(Action::Edit {
                edit: Edit::MoveCode {
                    id,
                    parent: None,
                    index: project.codes.len() - 1,
                },
                label: format!("Move “{}” to the top level", code.name),
            });
            ui.close();
        }
        for (other, path) in &others {
            if ui.button(path).clicked() {
                actions.push(Action::Edit {
                    edit: Edit::MoveCode {
                        id,
                        parent: Some(*other),
                        index: project.codes.len() - 1,
                    },
                    label: format!("Move “{}” under “{path}”", code.name),
                });
                ui.close();
            }
        }
    });
    // Up and down among siblings: swap positions with the neighbouring sibling.
    let siblings: Vec<CodeId> = project.children(code.parent).map(|c| c.id).collect();
    let position = siblings.iter().position(|c| *c == id).unwrap_or(0);
    for (label, neighbour) in [
        (
            "Move up",
            position.checked_sub(1).and_then(|p| siblings.get(p)),
        ),
        ("Move down", siblings.get(position + 1)),
    ] {
        if ui
            .add_enabled(neighbour.is_some(), egui::Button::new(label))
            .clicked()
        {
            if let Some(&n) = neighbour {
                let index = project.code_index(n).unwrap_or(0);
                actions.push(Action::Edit {
                    edit: Edit::MoveCode {
                        id,
                        parent: code.parent,
                        index,
                    },
                    label: format!("{label} “{}”", code.name),
                });
            }
            ui.close();
        }
    }
    ui.menu_button("Merge into", |ui| {
        for (other, path) in &others {
            if ui
                .button(path)
                .on_hover_text("Its codings and subcodes move there; this code is removed")
                .clicked()
            {
                actions.push(Action::Edit {
                    edit: Edit::MergeCodes {
                        from: id,
                        into: *other,
                    },
                    label: format!("Merge “{}” into “{path}”", code.name),
                });
                ui.close();
            }
        }
    });
    ui.separator();
    if ui.button("Delete…").clicked() {
        actions.push(Action::ConfirmDeleteCode(id));
        ui.close();
    }
}

/// A text field of the selected code: typing goes into a draft, committed when focus leaves.
fn field(
    ui: &mut Ui,
    state: &mut CodebookState,
    key: &'static str,
    label: &str,
    current: &str,
    multiline: bool,
    focus: bool,
) -> Option<String> {
    let label_response = ui.label(label);
    let draft = state
        .drafts
        .entry(key)
        .or_insert_with(|| current.to_string());
    let editor = if multiline {
        egui::TextEdit::multiline(draft)
            .desired_rows(2)
            .desired_width(f32::INFINITY)
    } else {
        egui::TextEdit::singleline(draft).desired_width(f32::INFINITY)
    };
    let response = ui.add(editor).labelled_by(label_response.id);
    if focus {
        response.request_focus();
    }
    let committed = (response.lost_focus() && *draft != current).then(|| draft.clone());
    if !response.has_focus() {
        // Not being edited: follow the project (so undo and other edits show at once).
        state.drafts.remove(key);
    }
    committed
}

fn details(
    ui: &mut Ui,
    project: &Project,
    state: &mut CodebookState,
    id: CodeId,
    actions: &mut Vec<Action>,
) {
    let Some(code) = project.code(id) else { return };
    if state.draft_code != Some(id) {
        state.drafts.clear();
        state.draft_code = Some(id);
    }
    let mut queued: Vec<Action> = Vec::new();
    let set = |queued: &mut Vec<Action>, field: CodeField, what: &str| {
        queued.push(Action::Edit {
            edit: Edit::SetCodeField { id, field },
            label: format!("Change {what} of “{}”", code.name),
        })
    };
    // Wrapped, so that a long code path never pushes the button out of a narrow pane.
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(project.code_path(id)).strong());
        if ui
            .button("Delete code…")
            .on_hover_text("Delete this code (asks what happens to its codings)")
            .clicked()
        {
            queued.push(Action::ConfirmDeleteCode(id));
        }
    });
    let focus_name = state.rename_focus.take() == Some(id);
    if let Some(name) = field(ui, state, "name", "Name", &code.name, false, focus_name) {
        set(
            &mut queued,
            CodeField::Name(name.trim().to_string()),
            "the name",
        );
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Colour");
        for n in 0..Color::PALETTE.len() {
            let color = Color::from_palette(n);
            let (rect, response) = ui.allocate_exact_size(vec2(16.0, 16.0), Sense::click());
            ui.painter().rect_filled(rect, 3.0, color32(color));
            if color == code.color {
                ui.painter().rect_stroke(
                    rect,
                    3.0,
                    ui.visuals().widgets.active.fg_stroke,
                    egui::StrokeKind::Outside,
                );
            }
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Colour {color}"))
            });
            if response.on_hover_text(format!("Use {color}")).clicked() && color != code.color {
                set(&mut queued, CodeField::Color(color), "the colour");
            }
        }
        let mut rgb = [code.color.r, code.color.g, code.color.b];
        let picker = ui
            .color_edit_button_srgb(&mut rgb)
            .on_hover_text("Any colour");
        picker.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Custom colour"));
        if picker.changed() {
            set(
                &mut queued,
                CodeField::Color(Color::rgb(rgb[0], rgb[1], rgb[2])),
                "the colour",
            );
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Hotkey");
        let text = code.hotkey.map_or("none".to_string(), |k| k.to_string());
        egui::ComboBox::from_id_salt(("hotkey", id))
            .selected_text(text)
            .show_ui(ui, |ui| {
                for key in std::iter::once(None).chain((1..=9).map(Some)) {
                    let owner = key
                        .and_then(|k| project.code_with_hotkey(k))
                        .filter(|c| c.id != id);
                    let label = match (key, owner) {
                        (None, _) => "none".to_string(),
                        (Some(k), Some(o)) => format!("{k} (now {})", o.name),
                        (Some(k), None) => k.to_string(),
                    };
                    if ui.selectable_label(code.hotkey == key, label).clicked()
                        && code.hotkey != key
                    {
                        // Taking a hotkey from another code frees it there, in the same step.
                        let mut edits = Vec::new();
                        if let Some(o) = owner {
                            edits.push(Edit::SetCodeField {
                                id: o.id,
                                field: CodeField::Hotkey(None),
                            });
                        }
                        edits.push(Edit::SetCodeField {
                            id,
                            field: CodeField::Hotkey(key),
                        });
                        queued.push(Action::Edit {
                            edit: Edit::Batch(edits),
                            label: format!("Set the hotkey of “{}”", code.name),
                        });
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        ui.label("Description (Markdown)");
        ui.toggle_value(&mut state.show_description_source, "Edit")
            .on_hover_text("Edit the Markdown source");
    });
    if state.show_description_source {
        if let Some(text) = field(
            ui,
            state,
            "description",
            "Source",
            &code.description,
            true,
            false,
        ) {
            set(&mut queued, CodeField::Description(text), "the description");
        }
    } else if code.description.is_empty() {
        ui.label(egui::RichText::new("No description yet (click Edit).").weak());
    } else {
        let rendered = markdown::render(&code.description);
        let job = styled_job(
            ui,
            &rendered.text,
            0,
            &rendered.styles,
            13.0,
            ui.available_width(),
        );
        ui.label(job);
    }
    for (key, label, current, make) in [
        (
            "inclusion",
            "Include when",
            code.inclusion.as_str(),
            CodeField::Inclusion as fn(String) -> CodeField,
        ),
        (
            "exclusion",
            "Exclude when",
            code.exclusion.as_str(),
            CodeField::Exclusion,
        ),
        (
            "example",
            "Example",
            code.example.as_str(),
            CodeField::Example,
        ),
    ] {
        if let Some(text) = field(ui, state, key, label, current, true, false) {
            set(&mut queued, make(text), &label.to_lowercase());
        }
    }
    if let Some(text) = field(ui, state, "memo", "Memo", &code.memo, true, false) {
        queued.push(Action::Edit {
            edit: Edit::SetMemo {
                target: MemoTarget::Code(id),
                text,
            },
            label: format!("Change the memo of “{}”", code.name),
        });
    }
    actions.extend(queued);
}
