//! A vertical divider the user drags sideways to move a boundary: between the code column and
//! the values, and between the table and the passages.

use egui::{CursorIcon, Id, Rangef, Rect, Response, Role, Sense, Ui, WidgetInfo, accesskit};

/// How far one step of assistive technology (Increment, Decrement) moves a divider.
const STEP: f32 = 24.0;

pub(super) struct Divider {
    pub id: Id,
    /// The accessible name.
    pub name: &'static str,
}

impl Divider {
    /// Where the user moves the divider (now at `x`) this frame: to the pointer while it is
    /// dragged, or a step asked for by assistive technology. Read before the layout, from this
    /// frame's input, so that the layout follows the pointer without a frame's lag.
    pub fn moved_to(&self, ui: &Ui, x: f32) -> Option<f32> {
        if let Some(response) = ui.ctx().read_response(self.id)
            && (response.dragged() || response.drag_stopped())
            && let Some(pointer) = response.interact_pointer_pos()
        {
            return Some(pointer.x);
        }
        let steps = ui.input(|i| {
            i.num_accesskit_action_requests(self.id, accesskit::Action::Increment) as f32
                - i.num_accesskit_action_requests(self.id, accesskit::Action::Decrement) as f32
        });
        (steps != 0.0).then_some(x + steps * STEP)
    }

    /// Registers and paints the divider at `x` over `y`, where it can move within `range`.
    /// Call it after the contents on either side, so that it is on top of them for the pointer.
    pub fn show(&self, ui: &Ui, x: f32, y: Rangef, range: Rangef) -> Response {
        let grab = ui.style().interaction.resize_grab_radius_side;
        let rect = Rect::from_x_y_ranges(Rangef::new(x - grab, x + grab), y);
        let response = ui.interact(rect, self.id, Sense::drag());
        let fraction = f64::from((x - range.min) / range.span().max(1.0));
        response.widget_info(|| {
            let mut info = WidgetInfo::labeled(Role::Splitter, ui.is_enabled(), self.name);
            info.value = Some(fraction.clamp(0.0, 1.0));
            info
        });
        ui.ctx().accesskit_node_builder(self.id, |node| {
            node.set_orientation(accesskit::Orientation::Vertical);
            node.add_action(accesskit::Action::Increment);
            node.add_action(accesskit::Action::Decrement);
        });
        let visuals = &ui.visuals().widgets;
        let stroke = if response.dragged() {
            visuals.active.fg_stroke
        } else if response.hovered() {
            visuals.hovered.fg_stroke
        } else {
            visuals.noninteractive.bg_stroke
        };
        if response.hovered() || response.dragged() {
            ui.set_cursor_icon(CursorIcon::ResizeHorizontal);
        }
        ui.painter().vline(x, y, stroke);
        response
    }
}
