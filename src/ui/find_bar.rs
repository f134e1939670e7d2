//! Find in the focused document (Ctrl+F): literal or regular expression, with or without case;
//! hits are highlighted, next/previous walk them, and "Code all" codes every hit in one step.

use crate::model::{DocId, Project};
use crate::ui::actions::Action;
use crate::ui::app::FindState;
use egui::Ui;

pub fn show(
    ui: &mut Ui,
    project: &Project,
    doc: Option<DocId>,
    find: &mut FindState,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Find");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut find.query.pattern)
                    .desired_width(220.0)
                    .hint_text("text or pattern"),
            )
            .labelled_by(label.id);
        if find.focus_field {
            field.request_focus();
            find.focus_field = false;
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.checkbox(&mut find.query.regex, "Regex");
        ui.checkbox(&mut find.query.case_sensitive, "Match case");
        let n = find.hits.len();
        let step = |find: &mut FindState, forward: bool| {
            if n > 0 {
                let current = find.current.unwrap_or(0);
                find.current = Some(if forward {
                    (current + 1) % n
                } else {
                    (current + n - 1) % n
                });
            }
        };
        if ui
            .add_enabled(n > 0, egui::Button::new("‹ Previous"))
            .clicked()
        {
            step(find, false);
        }
        if ui.add_enabled(n > 0, egui::Button::new("Next ›")).clicked() || enter {
            step(find, true);
            if enter {
                field.request_focus();
            }
        }
        match (&find.error, doc.and_then(|d| project.document(d))) {
            (Some(error), _) => {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            (None, None) => {
                ui.label("Click in a document to search it");
            }
            (None, Some(d)) => {
                let at = find.current.map_or(0, |c| c + 1);
                ui.label(format!("{at} of {n} in {}", d.name));
            }
        }
        ui.separator();
        let code_label = ui.label("Code all hits with");
        let name = find
            .code_for_all
            .and_then(|c| project.code(c))
            .map_or("(choose a code)".to_string(), |c| project.code_path(c.id));
        egui::ComboBox::from_id_salt("find-code-all")
            .selected_text(name)
            .width(220.0)
            .height(420.0)
            .show_ui(ui, |ui| {
                for code in &project.codes {
                    ui.selectable_value(
                        &mut find.code_for_all,
                        Some(code.id),
                        project.code_path(code.id),
                    );
                }
            })
            .response
            .labelled_by(code_label.id);
        let can_code = n > 0 && find.code_for_all.is_some();
        if ui
            .add_enabled(can_code, egui::Button::new("Code all"))
            .on_hover_text("Code every hit with the chosen code, as one step you can undo")
            .clicked()
            && let Some(code) = find.code_for_all
        {
            actions.push(Action::CodeAllHits(code));
        }
        if ui
            .button("Close")
            .on_hover_text("Close the find bar (Esc)")
            .clicked()
        {
            find.open = false;
        }
    });
    ui.separator();
}
