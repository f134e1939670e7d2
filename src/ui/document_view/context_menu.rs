//! The text's context menu (right-click, or Shift+F10 / the Menu key while the view has focus,
//! then at the selection): what applies to the selected passage, "Mark as coded by coder…"
//! (`ui::coverage_menu`).

use super::cache::DocViewCache;
use super::paint::handle_position;
use super::{TextSelection, ViewContext, ViewEvent, Visible};
use egui::{Response, Ui, vec2};

pub(super) fn show(
    ui: &Ui,
    cache: &DocViewCache,
    cx: &ViewContext<'_>,
    response: &Response,
    visible: &[Visible],
    selection: Option<TextSelection>,
    events: &mut Vec<ViewEvent>,
) {
    if cx.project.coders.is_empty() {
        return;
    }
    let selection = selection.filter(|s| s.doc == cx.doc.id);
    // From the keyboard: at the selection's end when it is in view, else near the top-left.
    let key_anchor = selection
        .and_then(|s| handle_position(cache, visible, s.head, true))
        .unwrap_or(response.rect.left_top() + vec2(40.0, 40.0));
    crate::ui::context_menu::show(ui, response, Some(key_anchor), |ui| {
        let mut chosen = Vec::new();
        let passage = selection.map(|s| s.range());
        crate::ui::coverage_menu::menu(ui, cx.project, cx.doc, passage, &mut chosen);
        events.extend(chosen.into_iter().map(ViewEvent::Chosen));
    });
}
