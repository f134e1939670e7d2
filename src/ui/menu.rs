//! The menu bar, built from the command table.

use crate::ui::actions::Action;
use crate::ui::app::CodaApp;
use crate::ui::commands::Command;
use crate::ui::layout;
use crate::ui::settings::ViewKind;
use egui::Ui;

/// A menu entry for a command: its label, shortcut and tooltip all come from the table.
fn item(ui: &mut Ui, app: &mut CodaApp, command: Command, checked: Option<bool>) {
    let shortcut = command
        .shortcuts()
        .first()
        .map(|s| ui.ctx().format_shortcut(s))
        .unwrap_or_default();
    // A toggle shows its state by highlighting, so its accessible name stays the plain label.
    let label = command.label();
    let enabled = match command {
        Command::Undo => app.session.ws.history.undo_label().is_some(),
        Command::Redo => app.session.ws.history.redo_label().is_some(),
        Command::DeleteSegment => app.session.selected_segment.is_some(),
        Command::QuickPick => app.session.selection.is_some_and(|s| !s.range().is_empty()),
        _ => true,
    };
    let mut tooltip = command.tooltip().to_string();
    if let (Command::Undo, Some(label)) = (command, app.session.ws.history.undo_label()) {
        tooltip = format!("Undo: {label}");
    }
    if let (Command::Redo, Some(label)) = (command, app.session.ws.history.redo_label()) {
        tooltip = format!("Redo: {label}");
    }
    let mut button = match checked {
        Some(on) => egui::Button::selectable(on, label),
        None => egui::Button::new(label),
    };
    if !shortcut.is_empty() {
        button = button.shortcut_text(shortcut);
    }
    let response = ui.add_enabled(enabled, button).on_hover_text(tooltip);
    if response.clicked() {
        app.queue(Action::Run(command));
        ui.close();
    }
}

pub fn menu_bar(ui: &mut Ui, app: &mut CodaApp) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, app, Command::NewProject, None);
            item(ui, app, Command::OpenProject, None);
            ui.menu_button("Open Recent", |ui| {
                if app.settings.recent.is_empty() {
                    ui.label("No recent projects");
                }
                for path in app.settings.recent.clone() {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    if ui
                        .button(name)
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        app.queue(Action::OpenProject(path));
                        ui.close();
                    }
                }
            });
            ui.separator();
            item(ui, app, Command::Save, None);
            item(ui, app, Command::SaveAs, None);
            ui.separator();
            item(ui, app, Command::AddDocuments, None);
            item(ui, app, Command::ImportCodings, None);
            item(ui, app, Command::ExportCodings, None);
            item(ui, app, Command::ImportRefi, None);
            item(ui, app, Command::ExportRefi, None);
            item(ui, app, Command::ExportReport, None);
            item(ui, app, Command::MergeProjects, None);
            ui.separator();
            item(ui, app, Command::Quit, None);
        });
        ui.menu_button("Edit", |ui| {
            item(ui, app, Command::Undo, None);
            item(ui, app, Command::Redo, None);
            ui.separator();
            item(ui, app, Command::Find, None);
            item(ui, app, Command::SearchProject, None);
            item(ui, app, Command::QuickPick, None);
            item(ui, app, Command::DeleteSegment, None);
        });
        ui.menu_button("View", |ui| {
            let tree = &app.session.tree;
            let codebook = layout::has_view(tree, ViewKind::Codebook);
            let retrieval = layout::has_view(tree, ViewKind::Retrieval);
            let memos = layout::has_view(tree, ViewKind::Memos);
            let variables = layout::has_view(tree, ViewKind::Variables);
            let (docs, dark) = (app.settings.show_documents, app.settings.dark);
            item(ui, app, Command::ToggleDocuments, Some(docs));
            item(ui, app, Command::ToggleCodebook, Some(codebook));
            item(ui, app, Command::ToggleRetrieval, Some(retrieval));
            item(ui, app, Command::ToggleMemos, Some(memos));
            item(ui, app, Command::ToggleVariables, Some(variables));
            ui.separator();
            item(ui, app, Command::ToggleTheme, Some(dark));
            item(ui, app, Command::ZoomIn, None);
            item(ui, app, Command::ZoomOut, None);
            item(ui, app, Command::ZoomReset, None);
        });
        ui.menu_button("Analyse", |ui| {
            let tree = &app.session.tree;
            let matrix = layout::has_view(tree, ViewKind::Matrix);
            let cooccurrence = layout::has_view(tree, ViewKind::Cooccurrence);
            let chart = layout::has_view(tree, ViewKind::Chart);
            item(ui, app, Command::ToggleMatrix, Some(matrix));
            item(ui, app, Command::ToggleCooccurrence, Some(cooccurrence));
            item(ui, app, Command::ToggleChart, Some(chart));
        });
        ui.menu_button("Coder", |ui| {
            let current = app.session.ws.project.current_coder;
            let coders: Vec<_> = app
                .session
                .ws
                .project
                .coders
                .iter()
                .map(|c| (c.id, c.name.clone()))
                .collect();
            for (id, name) in coders {
                let label = if Some(id) == current {
                    format!("• {name}")
                } else {
                    format!("    {name}")
                };
                if ui
                    .button(label)
                    .on_hover_text("Make this the current coder")
                    .clicked()
                {
                    app.queue(Action::SetCurrentCoder(id));
                    ui.close();
                }
            }
            ui.separator();
            item(ui, app, Command::AddCoder, None);
            let comparing = app.session.compare.open;
            item(ui, app, Command::CompareCoders, Some(comparing));
            item(ui, app, Command::CompareFiles, None);
        });
    });
}
