//! Where the parts of a table with a frozen header row and a frozen first column are on the
//! screen: the agreement table and the code matrices. The table is one scroll area in both
//! directions; its header row and first column are placed at the visible edges of that area
//! every frame, so they stay in view while the values scroll under them, and only the cells in
//! view are built (egui_extras' `TableBuilder` scrolls only vertically and cannot freeze a
//! column).

use egui::{Align, Id, Layout, Pos2, Rangef, Rect, Ui, UiBuilder, Vec2, vec2};
use std::ops::Range;

/// The space between a cell's edge and its contents.
pub const CELL_PADDING: Vec2 = vec2(4.0, 1.5);

/// The fixed sizes of a table's parts.
#[derive(Clone, Copy, Debug)]
pub struct GridSizes {
    pub row_height: f32,
    pub header_height: f32,
    /// The width of every value column.
    pub value_width: f32,
}

/// Where the parts of the table are on the screen this frame.
pub struct Grid {
    /// The table's top-left corner as scrolled (above or left of the view once scrolled).
    pub origin: Pos2,
    /// The part of the scroll area in view.
    pub visible: Rect,
    /// The width of the frozen first column.
    pub code_width: f32,
    pub sizes: GridSizes,
}

impl Grid {
    /// The whole table's size, for the scroll area to know how far it scrolls.
    pub fn size(&self, rows: usize, columns: usize) -> Vec2 {
        vec2(
            self.code_width + columns as f32 * self.sizes.value_width,
            self.sizes.header_height + rows as f32 * self.sizes.row_height,
        )
    }

    /// A row of values, as scrolled.
    pub fn row_y(&self, row: usize) -> Rangef {
        let top = self.origin.y + self.sizes.header_height + row as f32 * self.sizes.row_height;
        Rangef::new(top, top + self.sizes.row_height)
    }

    /// A column of values, as scrolled.
    pub fn column_x(&self, column: usize) -> Rangef {
        let left = self.origin.x + self.code_width + column as f32 * self.sizes.value_width;
        Rangef::new(left, left + self.sizes.value_width)
    }

    /// The first column, frozen at the left edge of the view.
    pub fn frozen_x(&self) -> Rangef {
        Rangef::new(self.visible.left(), self.visible.left() + self.code_width)
    }

    /// The header row, frozen at the top edge of the view.
    pub fn header_y(&self) -> Rangef {
        Rangef::new(
            self.visible.top(),
            self.visible.top() + self.sizes.header_height,
        )
    }

    /// The view below the header.
    pub fn body_y(&self) -> Rangef {
        Rangef::new(self.header_y().max, self.visible.bottom())
    }

    /// The view right of the first column.
    pub fn values_x(&self) -> Rangef {
        Rangef::new(self.frozen_x().max, self.visible.right())
    }

    /// Where values show: scrolled under the first column or the header, they are cut off
    /// (and cannot be clicked there).
    pub fn body_clip(&self) -> Rect {
        Rect::from_x_y_ranges(self.values_x(), self.body_y())
    }

    pub fn frozen_clip(&self) -> Rect {
        Rect::from_x_y_ranges(self.frozen_x(), self.body_y())
    }

    pub fn header_clip(&self) -> Rect {
        Rect::from_x_y_ranges(self.values_x(), self.header_y())
    }

    pub fn corner_clip(&self) -> Rect {
        Rect::from_x_y_ranges(self.frozen_x(), self.header_y())
    }

    /// The rows at least partly in view.
    pub fn visible_rows(&self, count: usize) -> Range<usize> {
        let body_top = self.origin.y + self.sizes.header_height;
        in_view(self.body_y(), body_top, self.sizes.row_height, count)
    }

    /// The value columns at least partly in view.
    pub fn visible_columns(&self, count: usize) -> Range<usize> {
        let values_left = self.origin.x + self.code_width;
        in_view(self.values_x(), values_left, self.sizes.value_width, count)
    }
}

/// The items of `size` laid out from `start` that overlap `view`.
pub fn in_view(view: Rangef, start: f32, size: f32, count: usize) -> Range<usize> {
    let index = |at: f32| ((at - start) / size).clamp(0.0, count as f32);
    index(view.min).floor() as usize..index(view.max).ceil() as usize
}

/// A cell's Ui: its own id (the same whichever cells are in view), its contents inside the
/// padding and clipped to the cell's part of the table.
pub fn cell_ui(ui: &mut Ui, id: Id, rect: Rect, clip: Rect) -> Ui {
    let mut cell = ui.new_child(
        UiBuilder::new()
            .scope_id(id)
            .max_rect(rect.shrink2(CELL_PADDING))
            .layout(Layout::left_to_right(Align::Center)),
    );
    cell.shrink_clip_rect(clip.intersect(rect));
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_view_counts_the_items_partly_visible() {
        let view = Rangef::new(0.0, 250.0);
        assert_eq!(in_view(view, 0.0, 100.0, 10), 0..3);
        // Scrolled by 150: the second item is half hidden, the fourth half shown.
        assert_eq!(in_view(view, -150.0, 100.0, 10), 1..4);
        assert_eq!(in_view(view, 0.0, 100.0, 2), 0..2);
        assert_eq!(in_view(view, 300.0, 100.0, 10), 0..0);
        assert_eq!(in_view(view, -2000.0, 100.0, 10), 10..10);
    }
}
