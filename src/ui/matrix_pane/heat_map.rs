//! A table of numbers as a heat map: each cell's background shaded by its value against the
//! table's largest, its number in black or white, whichever reads better on that shade (light
//! and dark theme). Codes down the frozen first column as an indented tree; only the cells in
//! view are built (`ui::frozen_grid`), so a codebook of thousands of codes and hundreds of
//! documents scrolls smoothly.

use crate::analysis::matrix::Table;
use crate::io::table_output::cell_text;
use crate::ui::frozen_grid::{CELL_PADDING, Grid, GridSizes, cell_ui};
use egui::{Align2, Color32, Label, Rect, RichText, Sense, TextStyle, Ui, UiBuilder, WidgetInfo};

const SIZES: GridSizes = GridSizes {
    row_height: 24.0,
    header_height: 26.0,
    value_width: 92.0,
};
/// Indentation per level of the code tree.
const INDENT: f32 = 14.0;
const MIN_CODE_WIDTH: f32 = 140.0;
/// Until the view is wider, the code column takes at most this share of it.
const MAX_CODE_SHARE: f32 = 0.4;
/// The lightest shade a value above zero gets, so that a small value still shows.
const LOWEST_SHARE: f32 = 0.12;

/// How the heat map is shown and its cells named.
pub struct HeatMap<'a> {
    pub table: &'a Table,
    pub id_salt: &'static str,
    /// The columns are codes too (co-occurrence): their headers show the code's name, and the
    /// diagonal (a code's own codings) is shown apart, unshaded, so that it does not pale the
    /// pairs.
    pub columns_are_codes: bool,
    /// A cell's value in words, for its accessible name and tooltip: "12 codings".
    pub describe: &'a dyn Fn(usize, usize, f64) -> String,
}

/// The code a path names, and how deep in the tree it is.
fn name_and_depth(path: &str) -> (&str, usize) {
    match path.rsplit_once('/') {
        Some((_, name)) => (name, path.matches('/').count()),
        None => (path, 0),
    }
}

/// The largest value that sets the shades (off the diagonal when it is shown apart).
fn largest(table: &Table, diagonal_apart: bool) -> f64 {
    let mut max = 0.0_f64;
    for (r, row) in table.cells.iter().enumerate() {
        for (c, &value) in row.iter().enumerate() {
            if !(diagonal_apart && r == c) {
                max = max.max(value);
            }
        }
    }
    max
}

/// The two ends of the shades: the lightest (just above zero) and the darkest (the largest
/// value) in the light theme; in the dark theme the largest value is the brightest.
fn shades(dark: bool) -> (Color32, Color32) {
    if dark {
        (
            Color32::from_rgb(34, 52, 78),
            Color32::from_rgb(120, 190, 250),
        )
    } else {
        (
            Color32::from_rgb(222, 235, 247),
            Color32::from_rgb(8, 69, 148),
        )
    }
}

/// The background of a value that is `share` (0–1) of the largest; `None` for nothing.
pub fn heat_fill(dark: bool, share: f64) -> Option<Color32> {
    if share <= 0.0 || share.is_nan() {
        return None;
    }
    let (low, high) = shades(dark);
    let t = LOWEST_SHARE + (1.0 - LOWEST_SHARE) * share.min(1.0) as f32;
    Some(low.lerp_to_gamma(high, t))
}

/// WCAG relative luminance of an opaque colour.
fn luminance(color: Color32) -> f32 {
    let channel = |c: u8| {
        let c = c as f32 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color.r()) + 0.7152 * channel(color.g()) + 0.0722 * channel(color.b())
}

/// WCAG contrast ratio of two opaque colours (1 to 21).
fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever contrasts more with `fill`: at least 4.58 to 1 whatever the fill
/// (pure black and white; greys would leave mid shades below WCAG's 4.5).
pub fn text_on(fill: Color32) -> Color32 {
    if contrast(fill, Color32::BLACK) >= contrast(fill, Color32::WHITE) {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// Wide enough for the deepest, longest code name, but not more than a share of the view.
fn code_width(ui: &Ui, table: &Table, view_width: f32) -> f32 {
    let font = TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let widest = table
        .rows
        .iter()
        .map(|path| {
            let (name, depth) = name_and_depth(path);
            let text = ui.fonts_mut(|f| {
                f.layout_no_wrap(name.to_string(), font.clone(), color)
                    .size()
                    .x
            });
            depth as f32 * INDENT + text
        })
        .fold(0.0, f32::max);
    (widest + 2.0 * CELL_PADDING.x + 4.0)
        .clamp(
            MIN_CODE_WIDTH,
            (view_width * MAX_CODE_SHARE).max(MIN_CODE_WIDTH),
        )
        .round()
}

/// Shows the heat map in the whole of `ui`; the cell clicked, as (row, column).
pub fn show(ui: &mut Ui, map: &HeatMap<'_>) -> Option<(usize, usize)> {
    let table = map.table;
    let max = largest(table, map.columns_are_codes);
    let dark = ui.visuals().dark_mode;
    let id = ui.scope_id().with(map.id_salt);
    let view_width = ui.available_width();
    let mut clicked = None;
    egui::ScrollArea::both()
        .id_salt(map.id_salt)
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, _| {
            let visible = ui.clip_rect();
            let grid = Grid {
                origin: ui.max_rect().min,
                visible,
                code_width: code_width(ui, table, view_width),
                sizes: SIZES,
            };
            ui.expand_to_include_rect(Rect::from_min_size(
                grid.origin,
                grid.size(table.rows.len(), table.columns.len()),
            ));
            let rows = grid.visible_rows(table.rows.len());
            let columns = grid.visible_columns(table.columns.len());
            for row in rows {
                for column in columns.clone() {
                    let rect = Rect::from_x_y_ranges(grid.column_x(column), grid.row_y(row));
                    let value = table.cells[row][column];
                    let diagonal = map.columns_are_codes && row == column;
                    let mut cell = ui.new_child(
                        UiBuilder::new()
                            .scope_id(id.with((row, column)))
                            .max_rect(rect),
                    );
                    cell.shrink_clip_rect(grid.body_clip().intersect(rect));
                    let words = (map.describe)(row, column, value);
                    let name = format!("{} × {}: {words}", table.rows[row], table.columns[column]);
                    let fill = if diagonal {
                        Some(cell.visuals().faint_bg_color)
                    } else {
                        heat_fill(dark, if max > 0.0 { value / max } else { 0.0 })
                    };
                    if value_cell(&mut cell, rect, value, table, fill, diagonal, &name) {
                        clicked = Some((row, column));
                    }
                }
                let rect = Rect::from_x_y_ranges(grid.frozen_x(), grid.row_y(row));
                let mut cell = cell_ui(ui, id.with(("code", row)), rect, grid.frozen_clip());
                let path = &table.rows[row];
                let (name, depth) = name_and_depth(path);
                cell.add_space(depth as f32 * INDENT);
                cell.add(Label::new(name).truncate())
                    .on_hover_text(path)
                    .widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, path));
            }
            for column in columns {
                let rect = Rect::from_x_y_ranges(grid.column_x(column), grid.header_y());
                let mut cell = cell_ui(ui, id.with(("header", column)), rect, grid.header_clip());
                let label = &table.columns[column];
                let shown = if map.columns_are_codes {
                    name_and_depth(label).0
                } else {
                    label.as_str()
                };
                cell.add(Label::new(RichText::new(shown).strong()).truncate())
                    .on_hover_text(label)
                    .widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, label));
            }
            let rect = Rect::from_x_y_ranges(grid.frozen_x(), grid.header_y());
            let mut corner = cell_ui(ui, id.with("corner"), rect, grid.corner_clip());
            corner.strong("Code");
            ui.painter().hline(
                visible.x_range(),
                grid.header_y().max,
                ui.visuals().widgets.noninteractive.bg_stroke,
            );
            ui.painter().vline(
                grid.frozen_x().max,
                visible.y_range(),
                ui.visuals().widgets.noninteractive.bg_stroke,
            );
        });
    clicked
}

/// One value: its shade, its number, a button when it has passages behind it (a label for a
/// zero); whether it was clicked.
fn value_cell(
    ui: &mut Ui,
    rect: Rect,
    value: f64,
    table: &Table,
    fill: Option<Color32>,
    diagonal: bool,
    name: &str,
) -> bool {
    let clickable = value > 0.0;
    let sense = if clickable {
        Sense::click()
    } else {
        Sense::hover()
    };
    let response = ui.allocate_rect(rect, sense);
    let inner = rect.shrink(1.0);
    let painter = ui.painter();
    let text_color = match fill {
        Some(fill) => {
            painter.rect_filled(inner, 2.0, fill);
            if diagonal {
                ui.visuals().strong_text_color()
            } else {
                text_on(fill)
            }
        }
        None => ui.visuals().weak_text_color(),
    };
    let font = TextStyle::Monospace.resolve(ui.style());
    let text = cell_text(table, value);
    painter.text(
        inner.right_center() - egui::vec2(CELL_PADDING.x + 2.0, 0.0),
        Align2::RIGHT_CENTER,
        text,
        font,
        text_color,
    );
    if clickable && response.hovered() {
        painter.rect_stroke(
            inner,
            2.0,
            ui.visuals().widgets.hovered.fg_stroke,
            egui::StrokeKind::Inside,
        );
    }
    if response.has_focus() {
        painter.rect_stroke(
            inner,
            2.0,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Inside,
        );
    }
    let role = if clickable {
        egui::Role::Button
    } else {
        egui::Role::Label
    };
    response.widget_info(|| WidgetInfo::labeled(role, true, name));
    let response = if clickable {
        response
            .on_hover_cursor(egui::CursorIcon::PointingHand)
            .on_hover_text(format!("{name}\nClick: show these passages in Retrieval"))
    } else {
        response.on_hover_text(name)
    };
    response.clicked()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shade_keeps_its_number_readable_in_both_themes() {
        for dark in [false, true] {
            for step in 1..=100 {
                let fill = heat_fill(dark, step as f64 / 100.0).unwrap();
                let ratio = contrast(fill, text_on(fill));
                assert!(
                    ratio >= 4.5,
                    "share {step}% (dark {dark}): {fill:?} contrast {ratio}"
                );
            }
            assert_eq!(heat_fill(dark, 0.0), None, "zero is not shaded");
        }
    }

    #[test]
    fn larger_values_are_further_from_the_lightest_shade() {
        for dark in [false, true] {
            let (low, _) = shades(dark);
            let distance = |share: f64| contrast(heat_fill(dark, share).unwrap(), low);
            assert!(distance(0.2) < distance(0.5));
            assert!(distance(0.5) < distance(1.0));
        }
    }

    #[test]
    fn a_path_gives_the_code_name_and_its_depth() {
        assert_eq!(name_and_depth("Push factors"), ("Push factors", 0));
        assert_eq!(
            name_and_depth("Push factors/Unemployment/Abroad"),
            ("Abroad", 2)
        );
    }
}
