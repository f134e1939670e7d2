//! "Mark as coded by coder…": recording in the window which text each coder coded
//! (`model::coverage`), so that agreement compares the double-coded text alone. The same
//! submenu is in a document's context menu (document list) and in the document view's (where a
//! selection adds "this passage").

use crate::model::{CharRange, Coder, Document, Extent, Project};
use crate::ops::Edit;
use crate::ui::actions::Action;
use egui::Ui;

const HINT: &str = "Agreement compares each document over the text every compared coder \
                    coded. A coder with nothing marked anywhere coded every document.";

/// The submenu: per coder, mark the whole document or the selected `passage` as coded by them,
/// take the passage out, or clear what is marked.
pub fn menu(
    ui: &mut Ui,
    project: &Project,
    doc: &Document,
    passage: Option<CharRange>,
    actions: &mut Vec<Action>,
) {
    if project.coders.is_empty() {
        return;
    }
    let passage = passage.filter(|p| !p.is_empty());
    ui.menu_button("Mark as coded by coder…", |ui| {
        for (n, coder) in project.coders.iter().enumerate() {
            if n > 0 {
                ui.separator();
            }
            for (label, extent, step) in choices(project, doc, coder, passage) {
                if ui.button(label).on_hover_text(HINT).clicked() {
                    actions.push(Action::Edit {
                        edit: Edit::SetCoverage {
                            coder: coder.id,
                            document: doc.id,
                            extent,
                        },
                        label: step,
                    });
                    ui.close();
                }
            }
        }
    });
}

/// What can be marked for one coder: (button, new extent or `None` to clear, undo step name).
fn choices(
    project: &Project,
    doc: &Document,
    coder: &Coder,
    passage: Option<CharRange>,
) -> Vec<(String, Option<Extent>, String)> {
    let len = doc.text.char_len();
    let (name, title) = (&coder.name, &doc.name);
    let current = project.coverage_entry(coder.id, doc.id).map(|c| &c.extent);
    let mut out = Vec::new();
    if let Some(p) = passage {
        match current {
            Some(Extent::Whole) => out.push((
                format!("{name}: only this passage"),
                Some(Extent::Ranges(vec![p])),
                format!("Mark only a passage of “{title}” as coded by {name}"),
            )),
            Some(extent) if extent.contains(p, len) => {}
            Some(extent) => out.push((
                format!("{name}: this passage too"),
                Some(extent.union(&Extent::Ranges(vec![p]))),
                format!("Mark a passage of “{title}” as coded by {name}"),
            )),
            None => out.push((
                format!("{name}: this passage"),
                Some(Extent::Ranges(vec![p])),
                format!("Mark a passage of “{title}” as coded by {name}"),
            )),
        }
        if let Some(extent) = current {
            let left = extent.without(p, len);
            if !left.is_empty() && left != extent.ranges(len) {
                out.push((
                    format!("{name}: not this passage"),
                    Some(Extent::Ranges(left)),
                    format!("Unmark a passage of “{title}” as coded by {name}"),
                ));
            }
        }
    }
    if current != Some(&Extent::Whole) {
        out.push((
            format!("{name}: whole document"),
            Some(Extent::Whole),
            format!("Mark “{title}” as coded by {name}"),
        ));
    }
    if current.is_some() {
        out.push((
            format!("{name}: not coded (clear)"),
            None,
            format!("Clear {name}'s coverage of “{title}”"),
        ));
    }
    out
}
