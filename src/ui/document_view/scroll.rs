//! Where the view is scrolled. Paragraph heights are estimates until a paragraph is laid out, so
//! an offset computed from them lands somewhere else far into a long document. A jump therefore
//! measures the paragraphs it will show and places its target by their real heights, in the frame
//! it is asked for; a new wrap width keeps the row at the top of the view where it was. The mouse
//! wheel moves by lines of text, and faster while it spins.

use super::cache::DocViewCache;
use super::text::paragraph_galley;
use crate::model::Document;
use egui::{Event, MouseWheelUnit, Ui};

/// How many lines of text one notch of a mouse wheel scrolls, as in browsers.
const WHEEL_LINES: f32 = 3.0;
/// Notches less than this many seconds apart belong to one spin of the wheel.
const SPIN_GAP: f64 = 0.25;
/// A spin's first notches scroll at the plain speed; each further notch adds this much speed.
const SLOW_NOTCHES: f32 = 3.0;
const SPIN_ACCELERATION: f32 = 0.25;
/// The most one notch moves, as a share of the view: a fast spin skims, but never skips a page.
const MAX_NOTCH_SHARE: f32 = 0.9;
/// How far down the view a jump puts its target: the reader sees what leads up to it.
const JUMP_AT: f32 = 1.0 / 3.0;

/// Where a char should be in the next frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Anchor {
    /// Show this char a third of the way down the view, unless it is in view already.
    Jump(usize),
    /// Keep the row holding this char this many points below the top of the view (negative: the
    /// row starts above it).
    Keep(usize, f32),
}

/// Everything `place` needs to lay out paragraphs as the frame will.
pub(super) struct Measure<'a> {
    pub doc: &'a Document,
    pub text_size: f32,
    pub wrap: f32,
    pub line_height: f32,
    pub view_height: f32,
}

/// The scroll offset that puts the anchor's char where it asks, or `None` when a jump's target is
/// already in view (`in_view_holds`: the last frame's visible chars are still where they were). The
/// paragraphs the view will show are laid out and measured first, so the offset is exact.
pub(super) fn place(
    ui: &Ui,
    cache: &mut DocViewCache,
    m: &Measure<'_>,
    anchor: Anchor,
    in_view_holds: bool,
) -> Option<f32> {
    let (char, screen_y) = match anchor {
        Anchor::Jump(c) if in_view_holds && cache.visible_chars.contains(c) => return None,
        Anchor::Jump(c) => (c, (m.view_height * JUMP_AT).round()),
        Anchor::Keep(c, dy) => (c, dy),
    };
    let n = cache.paragraphs.len();
    let measure = |cache: &mut DocViewCache, index: usize| -> (f32, f32) {
        let para = cache.paragraphs[index];
        let galley = paragraph_galley(ui, m.doc, para, m.text_size, m.wrap);
        let local = char.clamp(para.chars.0, para.chars.1) - para.chars.0;
        let row_y = galley
            .pos_from_cursor(egui::text::CCursor::new(local))
            .min
            .y;
        (
            cache.set_height(index, galley.size().y, m.line_height),
            row_y,
        )
    };
    let p = cache.paragraph_of_char(char);
    let (height, row_y) = measure(cache, p);
    // The paragraph's top, in points below the top of the view.
    let p_top = screen_y - row_y;
    // Measure down to the bottom of the view, then up to its top; near the end of the text the
    // view cannot scroll that far, so it shows more above.
    let (mut bottom, mut j) = (p_top + height, p + 1);
    while j < n && bottom < m.view_height + m.line_height {
        bottom += measure(cache, j).0;
        j += 1;
    }
    let needed_top = if j == n {
        (bottom - m.view_height).min(0.0) - m.line_height
    } else {
        -m.line_height
    };
    let (mut top, mut i) = (p_top, p);
    while i > 0 && top > needed_top {
        i -= 1;
        top -= measure(cache, i).0;
    }
    cache.rebuild_prefix();
    let total = cache.prefix[n];
    let offset = cache.prefix[p] + row_y - screen_y;
    Some(offset.clamp(0.0, (total - m.view_height).max(0.0)))
}

/// How fast the mouse wheel scrolls: egui moves a fixed number of points per notch (about one
/// and a half of our lines); the view asks for three lines, more while the wheel spins.
#[derive(Default)]
pub(super) struct WheelSpin {
    /// Notches in the current spin.
    notches: f32,
    /// When the last notch came (seconds).
    last: f64,
    /// Whether the latest scrolling came from a wheel with notches (trackpads report points,
    /// which must follow the fingers unchanged).
    by_notches: bool,
}

impl WheelSpin {
    /// The factor for egui's wheel delta in this frame, for a view `page` high of lines `line`
    /// high; `hovered` says whether the wheel's events are over this view.
    pub(super) fn multiplier(&mut self, ui: &Ui, hovered: bool, line: f32, page: f32) -> f32 {
        let (time, notches, smooth) = ui.input(|i| {
            let (mut notches, mut smooth) = (0.0, false);
            for event in &i.events {
                if let Event::MouseWheel {
                    unit,
                    delta,
                    modifiers,
                    ..
                } = event
                    && !modifiers.command
                {
                    match unit {
                        MouseWheelUnit::Line => notches += delta.y.abs(),
                        MouseWheelUnit::Point | MouseWheelUnit::Page => smooth = true,
                    }
                }
            }
            (i.time, notches, smooth)
        });
        if hovered && notches > 0.0 {
            if time - self.last > SPIN_GAP {
                self.notches = 0.0;
            }
            self.notches += notches;
            self.last = time;
            self.by_notches = true;
        } else if hovered && smooth {
            self.by_notches = false;
            self.notches = 0.0;
        }
        if !self.by_notches {
            return 1.0;
        }
        let egui_step = ui.ctx().options(|o| o.input_options.line_scroll_speed);
        notch_points(self.notches, line, page) / egui_step.max(1.0)
    }
}

/// How far one notch scrolls, `notches` into a spin, for lines `line` high in a view `page` high.
pub(super) fn notch_points(notches: f32, line: f32, page: f32) -> f32 {
    let speed = 1.0 + (notches - SLOW_NOTCHES).max(0.0) * SPIN_ACCELERATION;
    (WHEEL_LINES * line * speed).min((page * MAX_NOTCH_SHARE).max(WHEEL_LINES * line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notch_is_three_lines_and_a_spin_speeds_up_to_most_of_a_page() {
        assert_eq!(notch_points(1.0, 26.0, 700.0), 78.0);
        assert_eq!(notch_points(3.0, 26.0, 700.0), 78.0);
        assert!(notch_points(10.0, 26.0, 700.0) > 78.0 * 2.0);
        assert_eq!(notch_points(1_000.0, 26.0, 700.0), 630.0);
        // A view lower than three lines still moves three lines a notch.
        assert_eq!(notch_points(1_000.0, 26.0, 50.0), 78.0);
    }
}
