//! Quiet page markers for a document from a PDF: the page's label ("p. 12") in a narrow
//! gutter right of the text, level with the line where the page's text begins. Each marker is
//! a widget of its own, named "Page 12", so screen readers (and tests) find it.

use super::Visible;
use super::cache::DocViewCache;
use crate::model::Document;
use egui::{Align2, FontId, Id, Sense, Ui, WidgetInfo, pos2, vec2};

/// The gutter's width; none for documents without pages.
pub(super) fn gutter(doc: &Document) -> f32 {
    if doc.pages.is_empty() { 0.0 } else { 44.0 }
}

/// Paint the markers of the pages that begin in the visible paragraphs. `right` is the right
/// edge of the gutter.
pub(super) fn show(
    ui: &Ui,
    cache: &DocViewCache,
    doc: &Document,
    visible: &[Visible],
    right: f32,
    text_size: f32,
) {
    let (Some(first), Some(last)) = (visible.first(), visible.last()) else {
        return;
    };
    let (from, to) = (
        cache.paragraphs[first.index].chars.0,
        cache.paragraphs[last.index].chars.1,
    );
    let start = doc.pages.partition_point(|p| p.start < from);
    let font = FontId::proportional((text_size * 0.75).max(9.0));
    let color = ui.visuals().weak_text_color();
    for (n, page) in doc.pages[start..].iter().enumerate() {
        if page.start > to {
            break;
        }
        let p = cache.paragraph_of_char(page.start);
        let Some(v) = visible.iter().find(|v| v.index == p) else {
            continue;
        };
        let local = page.start - cache.paragraphs[p].chars.0;
        let line = v.galley.pos_from_cursor(egui::text::CCursor::new(local));
        let y = v.origin.y + line.min.y;
        let text = format!("p. {}", page.label);
        let rect = ui.painter().text(
            pos2(right, y),
            Align2::RIGHT_TOP,
            &text,
            font.clone(),
            color,
        );
        let id = Id::unique(("page-mark", doc.id, start + n));
        let response = ui.interact(rect.expand2(vec2(0.0, 1.0)), id, Sense::hover());
        let name = format!("Page {}", page.label);
        response.widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, &name));
        response.on_hover_text(format!("Page {} of the PDF begins here", page.label));
    }
}
