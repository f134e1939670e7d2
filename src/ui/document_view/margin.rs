//! The margin beside the text: a stripe per coding, one lane per code (as NVivo's and MAXQDA's
//! coding stripes do), and, when the pane has room, the code's name beside the start of each
//! coding. Stripes and names are widgets of their own: hovering one names the code's full path,
//! and screen readers (and tests) find the code's name on them.

use super::ViewContext;
use super::cache::DocViewCache;
use egui::text::{LayoutJob, TextWrapping};
use egui::{FontId, Id, Painter, Rect, Sense, Ui, WidgetInfo, pos2};

/// Width of one coding stripe.
pub(super) const LANE_WIDTH: f32 = 5.0;
/// The gap between the stripes and the text.
const STRIPES_GAP: f32 = 8.0;
/// The column for code names, shown only where the text keeps `TEXT_BESIDE_NAMES` points.
const NAMES_WIDTH: f32 = 120.0;
const TEXT_BESIDE_NAMES: f32 = 480.0;
/// The gap between a name and the stripes.
const NAME_GAP: f32 = 4.0;

/// One paragraph's piece of a coding's stripe (screen y), found while painting the text.
pub(super) struct StripePiece {
    /// The coding, as an index into the cache's spans.
    pub span: u32,
    pub top: f32,
    pub bottom: f32,
    /// Whether the coding starts in this paragraph (its name goes beside `top`).
    pub starts_here: bool,
}

/// How the margin is laid out, left to right: a coverage band per coder who has coverage
/// recorded in the document (`coverage_band`), a column of names (zero wide when there is no
/// room) and a lane per code.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Margin {
    pub(super) bands: usize,
    names: f32,
    lanes: usize,
}

impl Margin {
    /// The margin for `bands` coverage bands and `lanes` lanes in a view that leaves `room`
    /// points for margin and text.
    pub(super) fn new(bands: usize, lanes: usize, room: f32) -> Self {
        let stripes = bands_width(bands) + lanes as f32 * LANE_WIDTH + STRIPES_GAP;
        let names = if lanes > 0 && room - stripes - NAMES_WIDTH >= TEXT_BESIDE_NAMES {
            NAMES_WIDTH
        } else {
            0.0
        };
        Self {
            bands,
            names,
            lanes,
        }
    }

    pub(super) fn width(&self) -> f32 {
        bands_width(self.bands) + self.names + self.lanes as f32 * LANE_WIDTH + STRIPES_GAP
    }
}

/// Width of one coverage band, and the room the bands take.
pub(super) const BAND_WIDTH: f32 = 4.0;
fn bands_width(bands: usize) -> f32 {
    if bands == 0 {
        0.0
    } else {
        bands as f32 * BAND_WIDTH + 2.0
    }
}

/// Draw the stripes and names for the pieces found while painting the text. `left` is the left
/// edge of the margin, `view` the view's rect on screen.
pub(super) fn show(
    ui: &Ui,
    cache: &DocViewCache,
    cx: &ViewContext<'_>,
    pieces: &[StripePiece],
    margin: Margin,
    left: f32,
    view: (Rect, Id),
) {
    let (view_rect, view_id) = view;
    let painter = ui.painter_at(view_rect);
    let stripes_left = left + bands_width(margin.bands) + margin.names;
    let lane_x = |lane: usize| stripes_left + 2.0 + lane as f32 * LANE_WIDTH;
    for piece in pieces {
        let span = &cache.spans[piece.span as usize];
        let x = lane_x(span.lane);
        painter.rect_filled(
            Rect::from_min_max(pos2(x, piece.top), pos2(x + LANE_WIDTH - 1.5, piece.bottom)),
            1.0,
            span.color,
        );
    }

    // One widget per coding in view, over its whole stripe.
    let mut extents: Vec<(u32, f32, f32)> =
        pieces.iter().map(|p| (p.span, p.top, p.bottom)).collect();
    extents.sort_by_key(|e| e.0);
    extents.dedup_by(|later, first| {
        let same = later.0 == first.0;
        if same {
            first.1 = first.1.min(later.1);
            first.2 = first.2.max(later.2);
        }
        same
    });
    for (index, top, bottom) in extents {
        let span = cache.spans[index as usize];
        let x = lane_x(span.lane);
        let rect = Rect::from_min_max(pos2(x, top), pos2(x + LANE_WIDTH, bottom));
        if !rect.intersects(view_rect) {
            continue;
        }
        let response = ui.interact(
            rect.intersect(view_rect),
            view_id.with(("coding stripe", span.segment)),
            Sense::hover(),
        );
        response.widget_info(|| {
            WidgetInfo::labeled(
                egui::Role::Image,
                true,
                format!("Coding stripe: {}", cx.project.code_path(span.code)),
            )
        });
        response.on_hover_ui(|ui| {
            ui.label(describe(cx, span.code, span.coder));
        });
    }

    if margin.names > 0.0 {
        names(ui, &painter, cache, cx, pieces, stripes_left, view);
    }
}

/// The code's names beside the starts of codings, top to bottom; a name that would overlap the
/// one above it is left out (its stripe still names it on hover).
fn names(
    ui: &Ui,
    painter: &Painter,
    cache: &DocViewCache,
    cx: &ViewContext<'_>,
    pieces: &[StripePiece],
    stripes_left: f32,
    (view_rect, view_id): (Rect, Id),
) {
    let mut starts: Vec<(f32, usize, u32)> = pieces
        .iter()
        .filter(|p| p.starts_here)
        .map(|p| (p.top, cache.spans[p.span as usize].lane, p.span))
        .collect();
    starts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let font = FontId::proportional((cx.text_size * 0.8).round().max(10.0));
    let text_color = ui.visuals().text_color();
    let mut free_from = f32::NEG_INFINITY;
    for (row_top, _, index) in starts {
        let span = cache.spans[index as usize];
        let Some(code) = cx.project.code(span.code) else {
            continue;
        };
        // The code's colour, drawn towards the text colour so that light colours stay legible.
        let color = span.color.lerp_to_gamma(text_color, 0.35);
        let mut job = LayoutJob::simple_singleline(code.name.clone(), font.clone(), color);
        job.wrap = TextWrapping::truncate_at_width(NAMES_WIDTH - 2.0 * NAME_GAP);
        let galley = ui.fonts_mut(|f| f.layout_job(job));
        let size = galley.size();
        // Centred on the first line of the coding.
        let y = row_top + ((cache.line_height - size.y) * 0.5).max(0.0);
        if y < free_from {
            continue;
        }
        let rect = Rect::from_min_size(pos2(stripes_left - NAME_GAP - size.x, y), size);
        free_from = rect.bottom() + 1.0;
        if !rect.intersects(view_rect) {
            continue;
        }
        painter.galley(rect.min, galley, color);
        let response = ui.interact(
            rect.intersect(view_rect),
            view_id.with(("code name", span.segment)),
            Sense::hover(),
        );
        response.widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, &code.name));
        response.on_hover_ui(|ui| {
            ui.label(describe(cx, span.code, span.coder));
        });
    }
}

/// A coding's code (its full path) and coder, for a tooltip.
fn describe(
    cx: &ViewContext<'_>,
    code: crate::model::CodeId,
    coder: crate::model::CoderId,
) -> String {
    let coder = cx.project.coder(coder).map_or("?", |c| c.name.as_str());
    format!("{} — coded by {coder}", cx.project.code_path(code))
}
