//! The quick pick (Ctrl+K): type to filter the codes, arrows to choose, Enter to apply to the
//! selection; a "New code" entry creates the typed name and applies it.

use crate::model::{CodeId, Project};
use crate::ui::actions::Action;

#[derive(Default)]
pub struct QuickPick {
    pub filter: String,
    pub highlighted: usize,
    focused: bool,
}

enum Choice {
    Code(CodeId),
    New(String),
}

fn choices(project: &Project, filter: &str) -> Vec<(Choice, String)> {
    let needle = filter.trim().to_lowercase();
    let mut out: Vec<(Choice, String)> = project
        .codes
        .iter()
        .map(|c| (c.id, project.code_path(c.id)))
        .filter(|(_, path)| needle.is_empty() || path.to_lowercase().contains(&needle))
        .map(|(id, path)| (Choice::Code(id), path))
        .collect();
    let exact = project
        .codes
        .iter()
        .any(|c| c.name.eq_ignore_ascii_case(filter.trim()));
    if !needle.is_empty() && !exact && !filter.contains(crate::model::PATH_SEPARATOR) {
        out.push((
            Choice::New(filter.trim().to_string()),
            format!("New code “{}”", filter.trim()),
        ));
    }
    out
}

/// Show the popup. Returns true when it is finished (applied or cancelled).
pub fn show(
    ctx: &egui::Context,
    pick: &mut QuickPick,
    project: &Project,
    actions: &mut Vec<Action>,
) -> bool {
    let mut done = false;
    egui::Modal::new(egui::Id::unique("quick-pick")).show(ctx, |ui| {
        ui.set_width(360.0);
        let label = ui.label("Apply code");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut pick.filter)
                    .hint_text("type to filter, Enter to apply")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if !pick.focused {
            field.request_focus();
            pick.focused = true;
        }
        let list = choices(project, &pick.filter);
        let (down, up, enter, escape) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowDown),
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::Enter),
                i.key_pressed(egui::Key::Escape),
            )
        });
        if down {
            pick.highlighted = (pick.highlighted + 1).min(list.len().saturating_sub(1));
        }
        if up {
            pick.highlighted = pick.highlighted.saturating_sub(1);
        }
        pick.highlighted = pick.highlighted.min(list.len().saturating_sub(1));
        let mut chosen = None;
        egui::ScrollArea::vertical()
            .max_height(300.0)
            .show(ui, |ui| {
                for (i, (choice, label)) in list.iter().enumerate() {
                    if ui.selectable_label(i == pick.highlighted, label).clicked() {
                        chosen = Some(i);
                    }
                    let _ = choice;
                }
            });
        if enter && !list.is_empty() {
            chosen = Some(pick.highlighted);
        }
        if let Some(i) = chosen {
            match &list[i].0 {
                Choice::Code(id) => actions.push(Action::ApplyCode(*id)),
                Choice::New(name) => actions.push(Action::CreateCodeAndApply(name.clone())),
            }
            done = true;
        }
        if escape || ui.button("Cancel").clicked() {
            done = true;
        }
    });
    done
}
