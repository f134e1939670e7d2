//! The document list: open a document in a pane, see how much of it is coded.

use crate::model::{DocId, Project};
use crate::ui::actions::Action;
use egui::Ui;
use std::collections::HashMap;

/// Codings per document, counted once per project revision rather than every frame.
#[derive(Default)]
pub struct DocumentsState {
    counts: Option<(u64, HashMap<DocId, usize>)>,
}

pub fn show(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    state: &mut DocumentsState,
    open: &[DocId],
    focused: Option<DocId>,
    actions: &mut Vec<Action>,
) {
    ui.heading("Documents");
    if state.counts.as_ref().is_none_or(|(r, _)| *r != revision) {
        let mut counts: HashMap<DocId, usize> = HashMap::new();
        for segment in project.segments.values() {
            *counts.entry(segment.document).or_default() += 1;
        }
        state.counts = Some((revision, counts));
    }
    let counts = &state.counts.as_ref().expect("counted above").1;
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    egui::ScrollArea::vertical().id_salt("documents-list").show(ui, |ui| {
        for doc in &project.documents {
            let count = counts.get(&doc.id).copied().unwrap_or(0);
            let is_open = open.contains(&doc.id);
            // Documents shown in a pane are in bold.
            let label = if is_open {
                egui::RichText::new(&doc.name).strong()
            } else {
                egui::RichText::new(&doc.name)
            };
            let response = ui
                .selectable_label(focused == Some(doc.id), label)
                .on_hover_text(format!(
                    "{} characters, {} codings, {}{}\nClick to show it; Ctrl+click or middle click to open it in a pane beside the others",
                    doc.text.char_len(),
                    count,
                    source_description(doc),
                    properties_lines(doc)
                ));
            let beside = response.middle_clicked()
                || (response.clicked() && ui.input(|i| i.modifiers.command));
            if beside {
                actions.push(Action::OpenDocumentBeside(doc.id));
            } else if response.clicked() {
                actions.push(Action::OpenDocument(doc.id));
            }
            crate::ui::context_menu::show(ui, &response, None, |ui| {
                if ui.button("Open").clicked() {
                    actions.push(Action::OpenDocument(doc.id));
                    ui.close();
                }
                if ui.button("Open beside").clicked() {
                    actions.push(Action::OpenDocumentBeside(doc.id));
                    ui.close();
                }
                if is_open && ui.button("Close pane").clicked() {
                    actions.push(Action::CloseDocument(doc.id));
                    ui.close();
                }
                crate::ui::coverage_menu::menu(ui, project, doc, None, actions);
                if ui
                    .button("Remove from project")
                    .on_hover_text("Removes the document and its codings (Ctrl+Z restores them)")
                    .clicked()
                {
                    actions.push(Action::CloseDocument(doc.id));
                    actions.push(Action::Edit {
                        edit: crate::ops::Edit::DeleteDocument(doc.id),
                        label: format!("Remove document “{}”", doc.name),
                    });
                    ui.close();
                }
            });
        }
        if project.documents.is_empty() {
            ui.label("No documents yet: File > Add Documents…, or drop .txt/.md files on the window.");
        }
    });
}

/// A document's properties (title, author, date, address), one per line, for its tooltip.
fn properties_lines(doc: &crate::model::Document) -> String {
    let mut out = String::new();
    for (key, label) in [
        ("title", "Title"),
        ("author", "Author"),
        ("date", "Date"),
        ("url", "Address"),
    ] {
        if let Some(value) = doc.properties.get(key) {
            out.push_str(&format!(
                "\n{label}: {}",
                crate::wording::one_line(value, 200)
            ));
        }
    }
    out
}

/// How a document came to be, for its tooltip: "UTF-8 (plain text)", "PDF, 60 pages".
fn source_description(doc: &crate::model::Document) -> String {
    use crate::model::SourceFormat;
    match doc.source.format {
        SourceFormat::Pdf => format!(
            "PDF, {}",
            crate::wording::plural(crate::model::page_count(&doc.pages), "page", "pages")
        ),
        format => format!("{} ({})", doc.source.encoding, format.describe()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, DocumentSource, SourceFormat};

    #[test]
    fn the_tooltip_lists_the_properties_the_file_gave() {
        let source = DocumentSource {
            file_name: "a.html".into(),
            format: SourceFormat::Html,
            encoding: "UTF-8".into(),
        };
        let mut doc = Document::new("a.html", source, "Text".into());
        assert_eq!(properties_lines(&doc), "");
        doc.properties
            .insert("url".into(), "https://example.org/a".into());
        doc.properties.insert("title".into(), "A page".into());
        assert_eq!(
            properties_lines(&doc),
            "\nTitle: A page\nAddress: https://example.org/a"
        );
    }
}
