//! Faint bands at the left edge of the margin: the text each coder has marked as coded
//! (`model::coverage`), one band per coder with coverage recorded in the document. They show
//! which part of a long document was double-coded, so which part agreement is computed on.
//! Each band piece is a widget named "Coverage: coded by NAME" (screen readers, tests).

use super::margin::BAND_WIDTH;
use super::paint::vertical_extent;
use super::text::range_rects;
use super::{ViewContext, Visible};
use crate::model::{CharRange, CoderId, Extent};
use egui::{Id, Rect, Sense, Ui, WidgetInfo, pos2};

/// One coder's recorded coverage of the document in view.
pub(super) struct Band {
    coder: CoderId,
    name: String,
    whole: bool,
    ranges: Vec<CharRange>,
}

/// The bands of the document in view, in the project's coder order.
pub(super) fn bands(cx: &ViewContext<'_>) -> Vec<Band> {
    let len = cx.doc.text.char_len();
    cx.project
        .coders
        .iter()
        .filter_map(|coder| {
            let entry = cx.project.coverage_entry(coder.id, cx.doc.id)?;
            Some(Band {
                coder: coder.id,
                name: coder.name.clone(),
                whole: entry.extent == Extent::Whole,
                ranges: entry.extent.ranges(len),
            })
        })
        .collect()
}

/// Paint the bands beside the paragraphs in view; `left` is the margin's left edge.
pub(super) fn show(
    ui: &Ui,
    cx: &ViewContext<'_>,
    bands: &[Band],
    visible: &[Visible],
    left: f32,
    (view_rect, view_id): (Rect, Id),
) {
    let painter = ui.painter_at(view_rect);
    let neutral = ui.visuals().weak_text_color().gamma_multiply(0.45);
    for (i, band) in bands.iter().enumerate() {
        // Coloured by coder while coders are compared (the colours of the overlay), else grey.
        let color = cx
            .overlay
            .and_then(|o| o.coders.iter().find(|(c, _)| *c == band.coder))
            .map_or(neutral, |(_, c)| c.gamma_multiply(0.55));
        let x = left + 1.0 + i as f32 * BAND_WIDTH;
        for (n, &range) in band.ranges.iter().enumerate() {
            let Some((top, bottom)) = extent_in_view(visible, range) else {
                continue;
            };
            let rect = Rect::from_min_max(pos2(x, top), pos2(x + BAND_WIDTH - 1.0, bottom));
            painter.rect_filled(rect, 1.0, color);
            let visible_rect = rect.intersect(view_rect);
            if !visible_rect.is_positive() {
                continue;
            }
            let response = ui.interact(
                visible_rect,
                view_id.with(("coverage band", band.coder, n)),
                Sense::hover(),
            );
            let label = format!("Coverage: coded by {}", band.name);
            response.widget_info(|| WidgetInfo::labeled(egui::Role::Image, true, &label));
            response.on_hover_text(describe(band, range, cx.doc.text.char_len()));
        }
    }
}

/// The screen extent of `range` beside the paragraphs in view, if it is in view.
fn extent_in_view(visible: &[Visible], range: CharRange) -> Option<(f32, f32)> {
    let mut out: Option<(f32, f32)> = None;
    for v in visible {
        let para = CharRange::new(v.chars.0, v.chars.1.max(v.chars.0 + 1));
        if !range.overlaps(&para) {
            continue;
        }
        let rects = range_rects(&v.galley, v.origin, v.chars.0, range);
        if let Some((top, bottom)) = vertical_extent(v, v.chars, range, &rects) {
            out = Some(out.map_or((top, bottom), |(t, b)| (t.min(top), b.max(bottom))));
        }
    }
    out
}

fn describe(band: &Band, range: CharRange, len: usize) -> String {
    let what = if band.whole {
        "the whole document".to_owned()
    } else {
        format!(
            "chars {}–{}, {} of the document's {len}",
            range.start,
            range.end,
            range.len()
        )
    };
    format!(
        "Coded by {}: {what}.\nAgreement compares only the text every compared coder coded \
         (right-click the text: Mark as coded by coder…).",
        band.name
    )
}
