//! The document view: a read-only text widget built for coding.
//!
//! Only the paragraphs in view are laid out. Paragraph heights start as estimates and are
//! replaced by measured ones as paragraphs come into view; a prefix sum of heights maps scroll
//! positions to paragraphs. Codings are painted over the text (translucent fills that blend where
//! codes overlap, one underline lane per code) and as stripes in a left margin, one lane per code,
//! as NVivo's and MAXQDA's coding stripes do. The selection lives in app state, so clicking a code
//! in the codebook keeps it.

mod cache;
mod input;
mod paint;
mod text;

pub use cache::{DocViewCache, Span, ViewCaches, paragraph_count};
pub use input::key_scroll;
pub use paint::selection_paint;
pub use text::{LINE_SPACING, styled_job};

use input::{handle_keys, handle_pointer};
use paint::paint;

use crate::model::{CharRange, CodeId, CoderId, DocId, Document, Project, SegmentId};
use egui::{Align, Color32, FontFamily, FontId, Id, Pos2, Rect, Sense, Ui, pos2, vec2};
use std::sync::Arc;

/// Width of one coding stripe in the margin, and the gap after the stripes.
const LANE_WIDTH: f32 = 5.0;
const MAX_LANES: usize = 10;
const MARGIN_GAP: f32 = 8.0;
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
    /// Scroll so that this char is in view.
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewEvent {
    /// The view was clicked or focused: it becomes the focused document.
    Focused,
    /// The user resized the selected segment by dragging a boundary.
    Resize(SegmentId, CharRange),
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
#[allow(clippy::too_many_arguments)]
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
    let gutter = cache.lanes as f32 * LANE_WIDTH + MARGIN_GAP;
    let available = ui.available_width();
    let wrap = (available - gutter - RIGHT_PAD - ui.spacing().scroll.bar_width).max(80.0);
    let font = FontId::new(cx.text_size, FontFamily::Proportional);
    let (row_height, char_width) =
        ui.fonts_mut(|f| (f.row_height(&font), f.glyph_width(&font, 'n')));
    let key = (wrap.round() as u32, cx.text_size.to_bits());
    if cache.layout_key != key {
        cache.layout_key = key;
        cache.reset_heights(wrap, row_height, char_width);
    }
    cache.rebuild_prefix();
    let view_id = Id::unique(("document-view", doc.id));

    egui::ScrollArea::vertical()
        .id_salt(("document-scroll", doc.id))
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            let origin = ui.max_rect().min;
            ui.set_min_height(cache.prefix[cache.paragraphs.len()]);
            ui.set_min_width(available - ui.spacing().scroll.bar_width);
            if let Some(offset) = cx.scroll_to {
                let p = cache.paragraph_of_char(offset);
                let top = origin.y + cache.prefix[p];
                ui.scroll_to_rect(
                    Rect::from_min_size(pos2(origin.x, top), vec2(1.0, cache.heights[p])),
                    Some(Align::Center),
                );
            }

            // Lay out the paragraphs in view (a little beyond, for smooth scrolling).
            let mut visible = Vec::new();
            let first = cache.paragraph_at_y(viewport.min.y - row_height);
            let mut measured_changed = false;
            for index in first..cache.paragraphs.len() {
                let top = cache.prefix[index];
                if top > viewport.max.y + row_height {
                    break;
                }
                let para = cache.paragraphs[index];
                let text = &doc.text.as_str()[para.bytes.0..para.bytes.1];
                let job = styled_job(ui, text, para.chars.0, &doc.styles, cx.text_size, wrap);
                let galley = ui.fonts_mut(|f| f.layout_job(job));
                let height = galley.size().y.max(row_height);
                if (height - cache.heights[index]).abs() > 0.5 {
                    cache.heights[index] = height;
                    measured_changed = true;
                }
                visible.push(Visible {
                    index,
                    chars: para.chars,
                    origin: pos2(origin.x + gutter, origin.y + top),
                    galley,
                });
            }
            if let Some(first) = visible.first() {
                cache.first_visible_char = first.chars.0;
            }
            if measured_changed {
                cache.prefix_dirty = true;
                ui.ctx().request_repaint();
            }

            let view_rect = Rect::from_min_size(origin + viewport.min.to_vec2(), viewport.size());
            let response = ui.interact(view_rect, view_id, Sense::click_and_drag());
            response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, &doc.name));
            let pointer_char = |pos: Pos2| -> Option<usize> {
                let v = visible
                    .iter()
                    .rev()
                    .find(|v| v.origin.y <= pos.y)
                    .or_else(|| visible.first())?;
                let cursor = v.galley.cursor_from_pos(pos - v.origin);
                Some((v.chars.0 + cursor.index.0).min(v.chars.1))
            };

            handle_pointer(
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
            if response.has_focus() {
                // The arrows scroll and extend the selection here; they must not move the
                // keyboard focus to another widget (Tab still does).
                ui.memory_mut(|m| {
                    m.set_focus_lock_filter(
                        view_id,
                        egui::EventFilter {
                            horizontal_arrows: true,
                            vertical_arrows: true,
                            ..Default::default()
                        },
                    )
                });
                handle_keys(ui, cache, doc, selection, selected_segment, &mut events);
                let total = cache.prefix[cache.paragraphs.len()];
                let delta: f32 = ui.input(|i| {
                    i.events
                        .iter()
                        .filter_map(|e| match e {
                            egui::Event::Key {
                                key,
                                pressed: true,
                                modifiers,
                                ..
                            } if !modifiers.shift && !modifiers.alt => {
                                key_scroll(*key, viewport.height(), row_height, total)
                            }
                            _ => None,
                        })
                        .sum()
                });
                if delta != 0.0 {
                    ui.scroll_with_delta_animation(
                        vec2(0.0, delta),
                        egui::style::ScrollAnimation::none(),
                    );
                }
            }

            let painter = ui.painter_at(view_rect);
            paint(
                ui,
                &painter,
                cache,
                cx,
                &visible,
                *selection,
                *selected_segment,
                origin.x,
            );

            // Hovering a coded passage names its codes, coders and memos.
            if let Some(pos) = response.hover_pos()
                && cache.drag_anchor.is_none()
                && let Some(offset) = pointer_char(pos)
            {
                let spans = cache.spans_at(offset);
                if !spans.is_empty() {
                    response.clone().on_hover_ui_at_pointer(|ui| {
                        for span in &spans {
                            let code = cx.project.code_path(span.code);
                            let coder = cx
                                .project
                                .coder(span.coder)
                                .map_or("?", |c| c.name.as_str());
                            ui.horizontal(|ui| {
                                let (rect, _) =
                                    ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
                                ui.painter().rect_filled(rect, 2.0, span.color);
                                ui.label(format!("{code} — {coder}"));
                            });
                            if let Some(memo) = cx
                                .project
                                .segments
                                .get(&span.segment)
                                .map(|s| s.memo.as_str())
                                && !memo.is_empty()
                            {
                                ui.label(egui::RichText::new(memo).italics());
                            }
                        }
                    });
                }
            }
        });
    events
}
