//! Painting a frame of the view: coding fills and underlines, hits, the flash, the selection,
//! the text, margin stripes and the boundary handles of the selected coding.

use super::cache::{DocViewCache, Span};
use super::margin::StripePiece;
use super::text::range_rects;
use super::{HANDLE_RADIUS, TextSelection, ViewContext, Visible};
use crate::model::{CharRange, SegmentId};
use egui::{Color32, Pos2, Stroke, Ui, pos2, vec2};

/// How the selection is drawn over coded text: a light tint and an outline, so that the colour
/// of a code just applied shows through at once (an opaque selection hid it until deselected).
pub fn selection_paint(visuals: &egui::Visuals) -> (Color32, Stroke) {
    let base = visuals.selection.bg_fill;
    (base.gamma_multiply(0.2), Stroke::new(1.0, base))
}

/// Screen position of a segment boundary handle, if the char is in view.
pub(super) fn handle_position(
    cache: &DocViewCache,
    visible: &[Visible],
    offset: usize,
    is_end: bool,
) -> Option<Pos2> {
    let p = cache.paragraph_of_char(if is_end {
        offset.saturating_sub(1)
    } else {
        offset
    });
    let v = visible.iter().find(|v| v.index == p)?;
    let local = offset - cache.paragraphs[p].chars.0;
    let rect = v.galley.pos_from_cursor(egui::text::CCursor::new(local));
    Some(v.origin + vec2(rect.min.x, if is_end { rect.max.y } else { rect.min.y }))
}

/// Where a margin mark of chars `range` goes beside a paragraph in view (screen y, top and
/// bottom), given the range's `rects` in it; `None` when the range is not in the paragraph. A
/// range that goes on into the next paragraph also covers the gap to it.
pub(super) fn vertical_extent(
    v: &Visible,
    para: (usize, usize),
    range: CharRange,
    rects: &[egui::Rect],
) -> Option<(f32, f32)> {
    let para_bottom = v.origin.y + v.galley.size().y;
    let (top, bottom) = match (rects.first(), rects.last()) {
        (Some(a), Some(b)) => (a.top(), b.bottom()),
        _ if range.start <= para.0 && range.end > para.1 => (v.origin.y, para_bottom),
        _ => return None,
    };
    Some((
        top,
        if range.end > para.1 {
            para_bottom
        } else {
            bottom
        },
    ))
}

/// Paint the paragraphs in view; returns the pieces of margin stripe beside them.
pub(super) fn paint(
    ui: &Ui,
    painter: &egui::Painter,
    cache: &DocViewCache,
    cx: &ViewContext<'_>,
    visible: &[Visible],
    selection: Option<TextSelection>,
    selected_segment: Option<SegmentId>,
) -> Vec<StripePiece> {
    let mut stripes = Vec::new();
    let dark = ui.visuals().dark_mode;
    let fill_alpha = if dark { 80 } else { 70 };
    let selection_range = selection.filter(|s| s.doc == cx.doc.id).map(|s| s.range());
    let live_handle_range = cache.handle_drag.map(|(_, r)| r);
    for v in visible {
        let para = cache.paragraphs[v.index];
        let para_range = CharRange::new(para.chars.0, para.chars.1.max(para.chars.0 + 1));
        let spans: Vec<&Span> = cache.paragraph_spans[v.index]
            .iter()
            .map(|&i| &cache.spans[i as usize])
            .collect();
        // Fills first (they blend where codes overlap), then selection and hits, then text.
        for span in &spans {
            let range = match (live_handle_range, selected_segment) {
                (Some(r), Some(id)) if id == span.segment => r,
                _ => span.range,
            };
            for rect in range_rects(&v.galley, v.origin, para.chars.0, range) {
                painter.rect_filled(rect, 0.0, span.color.gamma_multiply_u8(fill_alpha));
            }
        }
        for (i, hit) in cx
            .find_hits
            .iter()
            .enumerate()
            .filter(|(_, h)| h.overlaps(&para_range))
        {
            let color = if Some(i) == cx.current_hit {
                Color32::from_rgb(255, 150, 0)
            } else {
                Color32::from_rgba_unmultiplied(255, 220, 0, 110)
            };
            for rect in range_rects(&v.galley, v.origin, para.chars.0, *hit) {
                painter.rect_filled(rect, 1.0, color);
            }
        }
        if let Some((range, strength)) = cx.flash
            && range.overlaps(&para_range)
        {
            for rect in range_rects(&v.galley, v.origin, para.chars.0, range) {
                painter.rect_filled(
                    rect.expand(2.0),
                    2.0,
                    ui.visuals().warn_fg_color.gamma_multiply(0.6 * strength),
                );
            }
        }
        if let Some(range) = selection_range.filter(|r| !r.is_empty()) {
            let (fill, stroke) = selection_paint(ui.visuals());
            for rect in range_rects(&v.galley, v.origin, para.chars.0, range) {
                painter.rect_filled(rect, 0.0, fill);
                painter.rect_stroke(rect, 0.0, stroke, egui::StrokeKind::Inside);
            }
        }
        painter.galley(v.origin, v.galley.clone(), ui.visuals().text_color());

        // Underlines (one lane per code), and where the margin stripes go.
        for (&index, span) in cache.paragraph_spans[v.index].iter().zip(&spans) {
            let rects = range_rects(&v.galley, v.origin, para.chars.0, span.range);
            for rect in &rects {
                let y = rect.bottom() - 1.5 - span.lane.min(2) as f32 * 2.0;
                painter.line_segment(
                    [pos2(rect.left(), y), pos2(rect.right(), y)],
                    Stroke::new(1.5, span.color),
                );
            }
            let Some((top, bottom)) = vertical_extent(v, para.chars, span.range, &rects) else {
                continue;
            };
            let starts_here = span.range.start >= para.chars.0 && !rects.is_empty();
            stripes.push(StripePiece {
                span: index,
                top,
                bottom,
                starts_here,
            });
        }
        if let Some(id) = selected_segment
            && let Some(span) = spans.iter().find(|s| s.segment == id)
        {
            let range = live_handle_range.unwrap_or(span.range);
            for rect in range_rects(&v.galley, v.origin, para.chars.0, range) {
                painter.rect_stroke(
                    rect.expand(1.0),
                    2.0,
                    Stroke::new(1.5, ui.visuals().strong_text_color()),
                    egui::StrokeKind::Outside,
                );
            }
        }
    }
    // Boundary handles of the selected coding.
    if let Some(id) = selected_segment
        && let Some(span) = cache.spans.iter().find(|s| s.segment == id)
    {
        let range = live_handle_range.unwrap_or(span.range);
        for (offset, is_end) in [(range.start, false), (range.end, true)] {
            if let Some(p) = handle_position(cache, visible, offset, is_end) {
                painter.circle(
                    p,
                    HANDLE_RADIUS,
                    span.color,
                    Stroke::new(1.5, ui.visuals().strong_text_color()),
                );
            }
        }
    }
    stripes
}
