//! Context menus that the keyboard opens too: a secondary click, or Shift+F10 or the Menu key
//! while the widget has the keyboard focus (as in every desktop toolkit; egui's own context
//! menus open on a click only). Opened from the keyboard, the menu shows at a given point.

use egui::{Key, Modifiers, Popup, Pos2, Response, SetOpenCommand, Ui};

/// Show `response`'s context menu when it is open. Opened from the keyboard it shows at
/// `key_anchor`, else below the widget's left corner.
pub fn show<R>(
    ui: &Ui,
    response: &Response,
    key_anchor: Option<Pos2>,
    add_contents: impl FnOnce(&mut Ui) -> R,
) -> Option<R> {
    let by_key = response.has_focus()
        && ui.input_mut(|i| {
            i.consume_key(Modifiers::SHIFT, Key::F10) || i.consume_key(Modifiers::NONE, Key::Menu)
        });
    let at_id = response.id.with("context menu opened from the keyboard at");
    let mut popup = Popup::context_menu(response);
    if by_key {
        let at = key_anchor.unwrap_or(response.rect.left_bottom());
        ui.data_mut(|d| d.insert_temp(at_id, at));
        popup = popup.open_memory(Some(SetOpenCommand::Bool(true)));
    } else if response.secondary_clicked() {
        ui.data_mut(|d| d.remove::<Pos2>(at_id));
    }
    if let Some(at) = ui.data(|d| d.get_temp::<Pos2>(at_id)) {
        popup = popup.at_position(at);
    }
    let shown = popup.show(add_contents);
    if shown.is_none() {
        ui.data_mut(|d| d.remove::<Pos2>(at_id));
    }
    shown.map(|r| r.inner)
}
