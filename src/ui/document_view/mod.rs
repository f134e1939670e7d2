//! The document view: a read-only text widget built for coding.
//!
//! Only the paragraphs in view are laid out (`layout`). Paragraph heights start as estimates and
//! are replaced by measured ones as paragraphs come into view; a prefix sum of heights maps scroll
//! positions to paragraphs, and `scroll` keeps jumps and the text in view exact while estimates
//! are replaced. Codings are painted over the text (translucent fills that blend where codes
//! overlap, one underline lane per code) and as stripes in a left margin, one lane per code, with
//! the code's name beside them when there is room (`margin`). The selection lives in app state,
//! so clicking a code in the codebook keeps it.

mod cache;
mod context_menu;
mod coverage_band;
mod input;
mod layout;
mod margin;
mod page_marks;
mod paint;
mod scroll;
mod text;

pub use cache::{DocViewCache, Span, ViewCaches, paragraph_count};
pub use input::key_scroll;
pub use paint::selection_paint;
pub use text::{LINE_SPACING, styled_job};

use crate::model::{CharRange, CodeId, CoderId, DocId, Document, Project, SegmentId};
use egui::{Color32, FontFamily, FontId, Id, Pos2, Rect, Sense, Ui, vec2};
use margin::Margin;
use scroll::{Anchor, Measure};
use std::sync::Arc;

const MAX_LANES: usize = 10;
const RIGHT_PAD: f32 = 12.0;
const HANDLE_RADIUS: f32 = 5.0;

/// A text selection inside one document (char offsets; `anchor` is where it started).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextSelection {
    pub doc: DocId,
    pub anchor: usize,
    pub head: usize,
}

impl TextSelection {
    pub fn range(&self) -> CharRange {
        CharRange::new(self.anchor.min(self.head), self.anchor.max(self.head))
    }
}

pub fn color32(c: crate::model::Color) -> Color32 {
    Color32::from_rgb(c.r, c.g, c.b)
}

/// Everything the view needs from the app for one frame.
pub struct ViewContext<'a> {
    pub project: &'a Project,
    pub doc: &'a Document,
    pub revision: u64,
    pub text_size: f32,
    pub find_hits: &'a [CharRange],
    pub current_hit: Option<usize>,
    /// A passage to flash (after a jump), with its strength 0..1.
    pub flash: Option<(CharRange, f32)>,
    /// Jump to this char: it is shown a third of the way down the view in this frame, unless it
    /// is in view already. (A change of the current find hit jumps to it in the same way.)
    pub scroll_to: Option<usize>,
    /// When comparing coders: show only these coders' codings of these codes, coloured by coder.
    pub overlay: Option<&'a CompareOverlay>,
}

/// The document view while coders are compared: which codings to show and each coder's colour
/// (each coder also gets a margin lane, so who coded what stays visible where fills blend).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CompareOverlay {
    /// The compared code, with its subcodes when they are included.
    pub codes: Vec<CodeId>,
    pub coders: Vec<(CoderId, Color32)>,
}

impl CompareOverlay {
    pub fn shows(&self, code: CodeId, coder: CoderId) -> bool {
        self.codes.contains(&code) && self.coders.iter().any(|(c, _)| *c == coder)
    }
}

/// What happened in the view that the app must act on.
#[derive(Debug, Clone)]
pub enum ViewEvent {
    /// The view was clicked or focused: it becomes the focused document.
    Focused,
    /// The user resized the selected segment by dragging a boundary.
    Resize(SegmentId, CharRange),
    /// Something chosen in the view's context menu.
    Chosen(crate::ui::actions::Action),
}

/// A laid-out paragraph in view this frame.
pub(super) struct Visible {
    pub(super) index: usize,
    /// The paragraph's chars in the document.
    pub(super) chars: (usize, usize),
    pub(super) origin: Pos2,
    pub(super) galley: Arc<egui::Galley>,
}

/// Show a document. Reads the project, updates the selection and the selected segment (app
/// state, not project data) and reports what the app must apply.
pub fn show(
    ui: &mut Ui,
    cache: &mut DocViewCache,
    cx: &ViewContext<'_>,
    selection: &mut Option<TextSelection>,
    selected_segment: &mut Option<SegmentId>,
) -> Vec<ViewEvent> {
    let mut events = Vec::new();
    let doc = cx.doc;
    cache.rebuild_spans(cx.project, doc.id, cx.revision, cx.overlay);
    let line_height = (cx.text_size * LINE_SPACING).round();
    let bar = ui.spacing().scroll.bar_width;
    let available = ui.available_width();
    let right_pad = RIGHT_PAD + page_marks::gutter(doc);
    let bands = coverage_band::bands(cx);
    let margin = Margin::new(bands.len(), cache.lanes, available - right_pad - bar);
    let wrap = (available - margin.width() - right_pad - bar).max(80.0);
    let key = (wrap.round() as u32, cx.text_size.to_bits());
    let relayout = cache.layout_key != key;
    if relayout {
        // Heights go back to estimates: keep the row at the top of the view where it was.
        if cache.anchor.is_none()
            && let Some((char, dy)) = cache.top_row
        {
            cache.anchor = Some(Anchor::Keep(char, dy));
        }
        cache.layout_key = key;
        let font = FontId::new(cx.text_size, FontFamily::Proportional);
        let char_width = ui.fonts_mut(|f| f.glyph_width(&font, 'n'));
        cache.reset_heights(wrap, line_height, char_width);
    }
    cache.line_height = line_height;
    // Jumps: one asked for by the app, or a new current find hit.
    let hit = cx.current_hit.and_then(|i| cx.find_hits.get(i)).copied();
    if hit != cache.shown_hit {
        cache.shown_hit = hit;
        if let Some(hit) = hit {
            cache.anchor = Some(Anchor::Jump(hit.start));
        }
    }
    if let Some(offset) = cx.scroll_to {
        cache.anchor = Some(Anchor::Jump(offset));
    }
    cache.rebuild_prefix();
    let view_height = ui.available_height();
    let offset = cache.anchor.take().and_then(|anchor| {
        let m = Measure {
            doc,
            text_size: cx.text_size,
            wrap,
            line_height,
            view_height,
        };
        scroll::place(ui, cache, &m, anchor, !relayout)
    });
    let hovered = ui.rect_contains_pointer(ui.max_rect());
    let wheel = cache
        .wheel
        .multiplier(ui, hovered, line_height, view_height);
    let view_id = Id::unique(("document-view", doc.id));

    // No rubber band past the ends: egui judges overscroll against the last frame's text
    // height, so a jump past it (estimates just replaced by measured heights) would spring back
    // and coast away from its target.
    ui.spacing_mut().scroll.kinetic.rubber_band = false;
    let mut area = egui::ScrollArea::vertical()
        .id_salt(("document-scroll", doc.id))
        .auto_shrink([false, false])
        // Scroll requests (keys, keeping the text in place) take effect in the next frame; an
        // animation, even of no length, would wait a frame more.
        .animated(false)
        .wheel_scroll_multiplier(vec2(1.0, wheel));
    if let Some(offset) = offset {
        area = area.vertical_scroll_offset(offset);
    }
    area.show_viewport(ui, |ui, viewport| {
        let origin = ui.max_rect().min;
        ui.set_min_width(available - bar);
        let visible = layout::lay_out(
            ui,
            cache,
            cx,
            layout::Frame {
                wrap,
                line_height,
                viewport,
                origin,
                text_left: origin.x + margin.width(),
            },
        );
        ui.set_min_height(cache.prefix[cache.paragraphs.len()]);

        let view_rect = Rect::from_min_size(origin + viewport.min.to_vec2(), viewport.size());
        let response = ui.interact(view_rect, view_id, Sense::click_and_drag());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, &doc.name));
        let pointer_char = |pos: Pos2| -> Option<usize> {
            let v = visible
                .iter()
                .rev()
                .find(|v| v.origin.y <= pos.y)
                .or_else(|| visible.first())?;
            let cursor = v.galley.cursor_from_pos(pos - v.origin);
            Some((v.chars.0 + cursor.index.0).min(v.chars.1))
        };

        input::handle_pointer(
            ui,
            cache,
            cx,
            &response,
            &visible,
            &pointer_char,
            selection,
            selected_segment,
            &mut events,
        );
        context_menu::show(ui, cache, cx, &response, &visible, *selection, &mut events);
        if response.has_focus() {
            input::focused_keys(ui, cache, view_id, viewport.height());
            input::handle_keys(ui, cache, doc, selection, selected_segment, &mut events);
        }

        let painter = ui.painter_at(view_rect);
        let stripes = paint::paint(
            ui,
            &painter,
            cache,
            cx,
            &visible,
            *selection,
            *selected_segment,
        );
        margin::show(
            ui,
            cache,
            cx,
            &stripes,
            margin,
            origin.x,
            (view_rect, view_id),
        );
        coverage_band::show(ui, cx, &bands, &visible, origin.x, (view_rect, view_id));
        let gutter_right = origin.x + margin.width() + wrap + right_pad;
        page_marks::show(ui, cache, doc, &visible, gutter_right, cx.text_size);
        // Hovering a coded passage names its codes, coders and memos (the margin's stripes and
        // names say their own).
        if let Some(pos) = response.hover_pos()
            && pos.x >= origin.x + margin.width()
            && cache.drag_anchor.is_none()
            && let Some(offset) = pointer_char(pos)
        {
            input::passage_tooltip(cx, cache, &response, offset);
        }
    });
    events
}

#[cfg(test)]
mod tests;
