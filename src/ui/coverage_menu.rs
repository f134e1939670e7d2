//! "Mark as coded by coder…": recording in the window which documents each coder coded
//! (`model::coverage`), so that agreement compares the double-coded text alone.

use crate::model::{Document, Extent, Project};
use crate::ui::actions::Action;
use egui::Ui;

/// The submenu of a document's context menu: per coder, mark the whole document as coded by
/// them, or (when it is) clear it.
pub fn document_menu(ui: &mut Ui, project: &Project, doc: &Document, actions: &mut Vec<Action>) {
    if project.coders.is_empty() {
        return;
    }
    ui.menu_button("Mark as coded by coder…", |ui| {
        for coder in &project.coders {
            let whole = matches!(
                project.coverage_entry(coder.id, doc.id).map(|c| &c.extent),
                Some(Extent::Whole)
            );
            let (label, extent, step) = if whole {
                (
                    format!("{}: not coded (clear)", coder.name),
                    None,
                    format!("Clear {}'s coverage of “{}”", coder.name, doc.name),
                )
            } else {
                (
                    format!("{}: whole document", coder.name),
                    Some(Extent::Whole),
                    format!("Mark “{}” as coded by {}", doc.name, coder.name),
                )
            };
            let hint = "Agreement compares each document over the text every compared coder \
                        coded. A coder with nothing marked coded every document.";
            if ui.button(label).on_hover_text(hint).clicked() {
                actions.push(Action::Edit {
                    edit: crate::ops::Edit::SetCoverage {
                        coder: coder.id,
                        document: doc.id,
                        extent,
                    },
                    label: step,
                });
                ui.close();
            }
        }
    });
}
