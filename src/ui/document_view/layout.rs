//! Laying out the paragraphs in view. The paragraph at the top of the view stays where the
//! scroll offset puts it; the paragraphs around it are placed by their measured heights. When a
//! paragraph above it turns out taller or shorter than estimated, the scroll offset moves by the
//! difference, so the text in view does not jump while the reader scrolls up into unmeasured
//! text.

use super::cache::DocViewCache;
use super::text::paragraph_galley;
use super::{ViewContext, Visible};
use crate::model::CharRange;
use egui::{Pos2, Rect, Ui, pos2, vec2};

/// Where this frame lays out text.
pub(super) struct Frame {
    pub wrap: f32,
    pub line_height: f32,
    /// The part of the text in view (points from the top of the text).
    pub viewport: Rect,
    /// The screen position of the top of the text.
    pub origin: Pos2,
    /// The screen x where the text starts (right of the margin).
    pub text_left: f32,
}

/// Lay out the paragraphs in view (and a line beyond, for smooth scrolling), record their heights
/// and what is in view in the cache.
pub(super) fn lay_out(
    ui: &Ui,
    cache: &mut DocViewCache,
    cx: &ViewContext<'_>,
    f: Frame,
) -> Vec<Visible> {
    let n = cache.paragraphs.len();
    let top = cache.paragraph_at_y(f.viewport.min.y);
    let first = cache.paragraph_at_y(f.viewport.min.y - f.line_height);
    // The top paragraph's place, from the heights as they were when the offset was chosen.
    let top_y = cache.prefix[top];
    let place = |cache: &mut DocViewCache, index: usize, y: f32| {
        let para = cache.paragraphs[index];
        let galley = paragraph_galley(ui, cx.doc, para, cx.text_size, f.wrap);
        let before = cache.heights[index];
        let height = cache.set_height(index, galley.size().y, f.line_height);
        let visible = Visible {
            index,
            chars: para.chars,
            origin: pos2(f.text_left, f.origin.y + y),
            galley,
        };
        (visible, height, height - before)
    };

    // Above the top paragraph: placed upwards from it.
    let mut visible = Vec::new();
    let (mut y, mut growth_above) = (top_y, 0.0);
    for index in (first..top).rev() {
        let (mut v, height, growth) = place(cache, index, y);
        y -= height;
        v.origin.y -= height;
        growth_above += growth;
        visible.push(v);
    }
    visible.reverse();
    // The top paragraph and those below it, down to a line past the view.
    let mut y = top_y;
    for index in top..n {
        if y > f.viewport.max.y + f.line_height {
            break;
        }
        let (v, height, _) = place(cache, index, y);
        visible.push(v);
        y += height;
    }
    if cache.prefix_dirty {
        cache.rebuild_prefix();
        ui.ctx().request_repaint();
    }
    if growth_above != 0.0 {
        // The top paragraph now starts `growth_above` lower in the text: follow it.
        ui.scroll_with_delta_animation(
            vec2(0.0, -growth_above),
            egui::style::ScrollAnimation::none(),
        );
    }

    let view_top = f.origin.y + f.viewport.min.y;
    let (chars, top_row) = rows_in_view(&visible, view_top, view_top + f.viewport.height());
    cache.visible_chars = chars;
    cache.top_row = top_row;
    cache.scroll_offset = f.viewport.min.y;
    visible
}

/// The chars of the rows entirely inside `top..bottom` (screen y), and the first char of the top
/// row (the first whose bottom is below `top`) with how far below `top` it starts.
fn rows_in_view(visible: &[Visible], top: f32, bottom: f32) -> (CharRange, Option<(usize, f32)>) {
    let mut inside: Option<(usize, usize)> = None;
    let mut top_row = None;
    for v in visible {
        let mut row_start = v.chars.0;
        for row in &v.galley.rows {
            let count = row.char_count_including_newline().0.max(row.glyphs.len());
            let (row_top, row_bottom) = (v.origin.y + row.min_y(), v.origin.y + row.max_y());
            if top_row.is_none() && row_bottom > top {
                top_row = Some((row_start, row_top - top));
            }
            if row_top >= top - 0.5 && row_bottom <= bottom + 0.5 {
                let end = (row_start + row.glyphs.len()).min(v.chars.1);
                inside = Some(inside.map_or((row_start, end), |(a, _)| (a, end)));
            }
            row_start += count;
        }
    }
    let chars = inside.map_or(CharRange::new(0, 0), |(a, b)| CharRange::new(a, b));
    (chars, top_row)
}
