//! The document view: a read-only text widget built for coding.
//!
//! Only the paragraphs in view are laid out. Paragraph heights start as estimates and are
//! replaced by measured ones as paragraphs come into view; a prefix sum of heights maps scroll
//! positions to paragraphs. Codings are painted over the text (translucent fills that blend where
//! codes overlap, one underline lane per code) and as stripes in a left margin, one lane per code,
//! as NVivo's and MAXQDA's coding stripes do. The selection lives in app state, so clicking a code
//! in the codebook keeps it.

use crate::model::{CharRange, CodeId, CoderId, DocId, Document, Project, SegmentId, Style};
use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, FontFamily, FontId, Id, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};
use std::collections::HashMap;
use std::sync::Arc;

/// Width of one coding stripe in the margin, and the gap after the stripes.
const LANE_WIDTH: f32 = 5.0;
const MAX_LANES: usize = 10;
const MARGIN_GAP: f32 = 8.0;
const RIGHT_PAD: f32 = 12.0;
const HANDLE_RADIUS: f32 = 5.0;
/// Line height as a multiple of the text size.
pub const LINE_SPACING: f32 = 1.7;

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

#[derive(Clone, Copy, Debug)]
struct Paragraph {
    chars: (usize, usize),
    bytes: (usize, usize),
}

/// One coding as painted.
#[derive(Clone, Copy, Debug)]
pub struct Span {
    pub range: CharRange,
    pub segment: SegmentId,
    pub code: CodeId,
    pub coder: CoderId,
    pub color: Color32,
    pub lane: usize,
}

/// What the view remembers about one document between frames.
pub struct DocViewCache {
    paragraphs: Vec<Paragraph>,
    heights: Vec<f32>,
    /// `prefix[i]` is the top of paragraph `i`; `prefix[n]` the total height.
    prefix: Vec<f32>,
    prefix_dirty: bool,
    layout_key: (u32, u32),
    /// What the spans were built for: the project revision and the comparison overlay.
    spans_key: Option<(u64, Option<CompareOverlay>)>,
    spans: Vec<Span>,
    /// For each paragraph, the spans that touch it.
    paragraph_spans: Vec<Vec<u32>>,
    lanes: usize,
    /// Where a mouse drag started (char offset), while it lasts.
    drag_anchor: Option<usize>,
    /// Which boundary of the selected segment is being dragged, and where it is now.
    handle_drag: Option<(HandleEnd, CharRange)>,
    /// The first char of the first paragraph shown in the last frame.
    first_visible_char: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HandleEnd {
    Start,
    End,
}

impl DocViewCache {
    pub fn new(doc: &Document) -> Self {
        let text = doc.text.as_str();
        let mut paragraphs = Vec::new();
        let (mut char_start, mut byte_start) = (0usize, 0usize);
        for line in text.split('\n') {
            let chars = line.chars().count();
            paragraphs.push(Paragraph {
                chars: (char_start, char_start + chars),
                bytes: (byte_start, byte_start + line.len()),
            });
            char_start += chars + 1;
            byte_start += line.len() + 1;
        }
        let n = paragraphs.len();
        Self {
            paragraphs,
            heights: vec![0.0; n],
            prefix: vec![0.0; n + 1],
            prefix_dirty: true,
            layout_key: (0, 0),
            spans_key: None,
            spans: Vec::new(),
            paragraph_spans: vec![Vec::new(); n],
            lanes: 0,
            drag_anchor: None,
            handle_drag: None,
            first_visible_char: 0,
        }
    }

    fn paragraph_of_char(&self, offset: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.chars.1 < offset)
            .min(self.paragraphs.len() - 1)
    }

    fn paragraph_at_y(&self, y: f32) -> usize {
        self.prefix
            .partition_point(|&top| top <= y)
            .saturating_sub(1)
            .min(self.paragraphs.len() - 1)
    }

    fn rebuild_prefix(&mut self) {
        if self.prefix_dirty {
            let mut y = 0.0;
            for (i, h) in self.heights.iter().enumerate() {
                self.prefix[i] = y;
                y += h;
            }
            self.prefix[self.heights.len()] = y;
            self.prefix_dirty = false;
        }
    }

    /// Heights for a new wrap width or text size: estimates until paragraphs are measured.
    fn reset_heights(&mut self, wrap_width: f32, row_height: f32, char_width: f32) {
        let per_row = (wrap_width / char_width).max(1.0);
        for (h, p) in self.heights.iter_mut().zip(&self.paragraphs) {
            let chars = (p.chars.1 - p.chars.0) as f32;
            *h = (chars / per_row).ceil().max(1.0) * row_height;
        }
        self.prefix_dirty = true;
    }

    fn rebuild_spans(
        &mut self,
        project: &Project,
        doc: DocId,
        revision: u64,
        overlay: Option<&CompareOverlay>,
    ) {
        let key = (revision, overlay.cloned());
        if self.spans_key.as_ref() == Some(&key) {
            return;
        }
        let mut segments: Vec<_> = project
            .segments_of_document(doc)
            .filter(|s| overlay.is_none_or(|o| o.shows(s.code, s.coder)))
            .collect();
        segments.sort_by_key(|s| (s.start, s.end, s.code, s.coder, s.id));
        match overlay {
            // Comparing coders: one lane and one colour per coder.
            Some(overlay) => {
                self.lanes = overlay.coders.len();
                self.spans = segments
                    .iter()
                    .filter_map(|s| {
                        let lane = overlay.coders.iter().position(|(c, _)| *c == s.coder)?;
                        Some(Span {
                            range: s.range(),
                            segment: s.id,
                            code: s.code,
                            coder: s.coder,
                            color: overlay.coders[lane].1,
                            lane,
                        })
                    })
                    .collect();
            }
            None => {
                // One lane per code, in codebook order, so a code keeps its lane across the
                // document.
                let mut codes: Vec<CodeId> = segments.iter().map(|s| s.code).collect();
                codes.sort_by_key(|c| project.code_index(*c));
                codes.dedup();
                let lane_of: HashMap<CodeId, usize> = codes
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (*c, i.min(MAX_LANES - 1)))
                    .collect();
                self.lanes = codes.len().min(MAX_LANES);
                self.spans = segments
                    .iter()
                    .map(|s| Span {
                        range: s.range(),
                        segment: s.id,
                        code: s.code,
                        coder: s.coder,
                        color: project
                            .code(s.code)
                            .map_or(Color32::GRAY, |c| color32(c.color)),
                        lane: lane_of[&s.code],
                    })
                    .collect();
            }
        }
        for list in &mut self.paragraph_spans {
            list.clear();
        }
        for (i, span) in self.spans.iter().enumerate() {
            let first = self
                .paragraphs
                .partition_point(|p| p.chars.1 < span.range.start);
            for p in first..self.paragraphs.len() {
                if self.paragraphs[p].chars.0 >= span.range.end {
                    break;
                }
                self.paragraph_spans[p].push(i as u32);
            }
        }
        self.spans_key = Some(key);
    }

    /// The first char of the first paragraph in view at the last frame.
    pub fn first_visible_char(&self) -> usize {
        self.first_visible_char
    }

    /// The spans covering a char, shortest first.
    pub fn spans_at(&self, offset: usize) -> Vec<Span> {
        let p = self.paragraph_of_char(offset);
        let mut found: Vec<Span> = self.paragraph_spans[p]
            .iter()
            .map(|&i| self.spans[i as usize])
            .filter(|s| s.range.contains(offset))
            .collect();
        found.sort_by_key(|s| s.range.len());
        found
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
struct Visible {
    index: usize,
    /// The paragraph's chars in the document.
    chars: (usize, usize),
    origin: Pos2,
    galley: Arc<egui::Galley>,
}

/// The rects (screen space) covering chars `range` of a paragraph galley at `origin`.
fn range_rects(
    galley: &egui::Galley,
    origin: Pos2,
    para_start: usize,
    range: CharRange,
) -> Vec<Rect> {
    let mut rects = Vec::new();
    let mut row_start = para_start;
    for row in &galley.rows {
        let count = row.char_count_including_newline().0;
        let row_end = row_start + row.glyphs.len();
        let a = range.start.max(row_start);
        let b = range.end.min(row_end);
        if a < b || (a == b && range.start < row_start && range.end > row_end) {
            let x0 = row.pos.x + row.x_offset(egui::text::CharIndex(a - row_start));
            let x1 = row.pos.x + row.x_offset(egui::text::CharIndex(b - row_start));
            rects.push(Rect::from_min_max(
                origin + vec2(x0, row.min_y()),
                origin + vec2(x1.max(x0 + 2.0), row.max_y()),
            ));
        }
        row_start += count.max(row.glyphs.len());
    }
    rects
}

/// A layout job for `text` with display styles, whose offsets count chars from `base` (the
/// char offset of `text` within its document).
pub fn styled_job(
    ui: &Ui,
    text: &str,
    base: usize,
    styles: &[crate::model::StyleSpan],
    text_size: f32,
    wrap: f32,
) -> LayoutJob {
    let visuals = ui.visuals();
    let plain = TextFormat {
        font_id: FontId::new(text_size, FontFamily::Proportional),
        color: visuals.text_color(),
        // Generous leading: easier to read long reports, and room below the descenders for the
        // underlines of overlapping codes.
        line_height: Some((text_size * LINE_SPACING).round()),
        ..Default::default()
    };
    let mut job = LayoutJob {
        wrap: egui::text::TextWrapping::wrap_at_width(wrap),
        ..Default::default()
    };
    let len = text.chars().count();
    let styles: Vec<_> = styles
        .iter()
        .filter(|s| s.start < base + len && s.end > base)
        .collect();
    if styles.is_empty() {
        job.append(text, 0.0, plain);
        return job;
    }
    // Cut the text at every style boundary and format each piece by the styles over it.
    let mut cuts = vec![0, len];
    for s in &styles {
        cuts.push(s.start.saturating_sub(base).min(len));
        cuts.push(s.end.saturating_sub(base).min(len));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let byte_at: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let piece = &text[byte_at[a]..byte_at[b]];
        let mut format = plain.clone();
        for s in styles
            .iter()
            .filter(|s| s.start <= base + a && s.end >= base + b)
        {
            match s.style {
                Style::Heading(level) => {
                    let scale = [1.6, 1.4, 1.25, 1.15, 1.1, 1.05][(level.clamp(1, 6) - 1) as usize];
                    format.font_id.size = text_size * scale;
                    format.line_height = Some((text_size * scale * LINE_SPACING).round());
                    format.color = visuals.strong_text_color();
                }
                Style::Emphasis => format.italics = true,
                Style::Strong => format.color = visuals.strong_text_color(),
                Style::Strikethrough => {
                    format.strikethrough = Stroke::new(1.0, visuals.text_color())
                }
                Style::InlineCode | Style::CodeBlock => {
                    format.font_id.family = FontFamily::Monospace
                }
                Style::BlockQuote => {
                    format.italics = true;
                    format.color = visuals.weak_text_color();
                }
                Style::Link => {
                    format.color = visuals.hyperlink_color;
                    format.underline = Stroke::new(1.0, visuals.hyperlink_color);
                }
                Style::ListItem(_) => {}
            }
        }
        job.append(piece, 0.0, format);
    }
    job
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

#[allow(clippy::too_many_arguments)]
fn handle_pointer(
    ui: &Ui,
    cache: &mut DocViewCache,
    cx: &ViewContext<'_>,
    response: &egui::Response,
    visible: &[Visible],
    pointer_char: &dyn Fn(Pos2) -> Option<usize>,
    selection: &mut Option<TextSelection>,
    selected_segment: &mut Option<SegmentId>,
    events: &mut Vec<ViewEvent>,
) {
    let doc = cx.doc.id;
    let shift = ui.input(|i| i.modifiers.shift);
    if response.clicked() || response.drag_started() {
        response.request_focus();
        events.push(ViewEvent::Focused);
    }
    let press = ui.input(|i| i.pointer.press_origin());

    // Dragging a boundary handle of the selected segment.
    if response.drag_started()
        && let (Some(id), Some(press)) = (*selected_segment, press)
        && let Some(segment) = cx.project.segments.get(&id)
    {
        for (end, offset) in [
            (HandleEnd::Start, segment.start),
            (HandleEnd::End, segment.end),
        ] {
            if let Some(p) = handle_position(cache, visible, offset, end == HandleEnd::End)
                && p.distance(press) <= HANDLE_RADIUS * 2.0
            {
                cache.handle_drag = Some((end, segment.range()));
            }
        }
    }
    if let Some((end, range)) = cache.handle_drag {
        if let Some(pos) = response.interact_pointer_pos()
            && let Some(c) = pointer_char(pos)
        {
            let new = match end {
                HandleEnd::Start => CharRange::new(c.min(range.end - 1), range.end),
                HandleEnd::End => CharRange::new(range.start, c.max(range.start + 1)),
            };
            cache.handle_drag = Some((end, new));
        }
        if response.drag_stopped() || !response.is_pointer_button_down_on() {
            if let (Some(id), Some((_, new))) = (*selected_segment, cache.handle_drag.take())
                && cx
                    .project
                    .segments
                    .get(&id)
                    .is_some_and(|s| s.range() != new)
            {
                events.push(ViewEvent::Resize(id, new));
            }
            cache.handle_drag = None;
        }
        return;
    }

    // Selecting text with a drag.
    if response.is_pointer_button_down_on() && response.dragged() {
        if cache.drag_anchor.is_none() {
            cache.drag_anchor = match (shift, *selection) {
                (true, Some(sel)) if sel.doc == doc => Some(sel.anchor),
                _ => press.and_then(pointer_char),
            };
        }
        if let (Some(anchor), Some(pos)) = (cache.drag_anchor, response.interact_pointer_pos())
            && let Some(head) = pointer_char(pos)
        {
            *selection = Some(TextSelection { doc, anchor, head });
            *selected_segment = None;
        }
        // Keep scrolling while the pointer is dragged past the top or bottom edge.
        if let Some(pos) = response.interact_pointer_pos() {
            let rect = response.rect;
            let dy = if pos.y < rect.top() {
                rect.top() - pos.y
            } else if pos.y > rect.bottom() {
                rect.bottom() - pos.y
            } else {
                0.0
            };
            if dy != 0.0 {
                ui.scroll_with_delta(vec2(0.0, dy.clamp(-40.0, 40.0)));
            }
        }
        return;
    }
    if !response.is_pointer_button_down_on() {
        cache.drag_anchor = None;
    }

    let Some(pos) = response.interact_pointer_pos() else {
        return;
    };
    let Some(offset) = pointer_char(pos) else {
        return;
    };
    let text = cx.doc.text.as_str();
    if response.triple_clicked() {
        let p = cache.paragraphs[cache.paragraph_of_char(offset)];
        *selection = Some(TextSelection {
            doc,
            anchor: p.chars.0,
            head: p.chars.1,
        });
        *selected_segment = None;
    } else if response.double_clicked() {
        let (start, end) = word_at(text, &cx.doc.text, offset);
        *selection = Some(TextSelection {
            doc,
            anchor: start,
            head: end,
        });
        *selected_segment = None;
    } else if response.clicked() {
        match (shift, *selection) {
            (true, Some(sel)) if sel.doc == doc => {
                *selection = Some(TextSelection {
                    head: offset,
                    ..sel
                });
            }
            _ => {
                // A click on a coded passage selects its (shortest) coding; elsewhere it clears.
                let spans = cache.spans_at(offset);
                *selected_segment = match *selected_segment {
                    // Clicking again cycles through overlapping codings.
                    Some(current) if spans.iter().any(|s| s.segment == current) => {
                        let i = spans.iter().position(|s| s.segment == current).unwrap_or(0);
                        spans.get((i + 1) % spans.len()).map(|s| s.segment)
                    }
                    _ => spans.first().map(|s| s.segment),
                };
                *selection = Some(TextSelection {
                    doc,
                    anchor: offset,
                    head: offset,
                });
            }
        }
    }
}

/// The word around a char: letters, digits and joiners; a lone other char selects itself.
fn word_at(text: &str, t: &crate::model::Text, offset: usize) -> (usize, usize) {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '\'' || c == '’' || c == '-';
    let Some(byte) = t.byte_of_char(offset) else {
        return (offset, offset);
    };
    let after = text[byte..].chars().take_while(|&c| is_word(c)).count();
    let before = text[..byte]
        .chars()
        .rev()
        .take_while(|&c| is_word(c))
        .count();
    if after + before == 0 {
        return (offset, (offset + 1).min(t.char_len()));
    }
    (offset - before, offset + after)
}

/// How the selection is drawn over coded text: a light tint and an outline, so that the colour
/// of a code just applied shows through at once (an opaque selection hid it until deselected).
pub fn selection_paint(visuals: &egui::Visuals) -> (Color32, Stroke) {
    let base = visuals.selection.bg_fill;
    (base.gamma_multiply(0.2), Stroke::new(1.0, base))
}

/// How far a key scrolls a document (points; negative moves on through the document), for a
/// view `page` high, lines `row` high, the whole text `total` high: arrows a line, Page Up/Down
/// a page less a line, Home/End (with or without Ctrl, as in editors) the whole way. `None` for
/// other keys.
pub fn key_scroll(key: egui::Key, page: f32, row: f32, total: f32) -> Option<f32> {
    use egui::Key;
    match key {
        Key::ArrowDown => Some(-row),
        Key::ArrowUp => Some(row),
        Key::PageDown => Some(-(page - row).max(row)),
        Key::PageUp => Some((page - row).max(row)),
        Key::End => Some(-total),
        Key::Home => Some(total),
        _ => None,
    }
}

fn handle_keys(
    ui: &Ui,
    cache: &DocViewCache,
    doc: &Document,
    selection: &mut Option<TextSelection>,
    selected_segment: &mut Option<SegmentId>,
    events: &mut Vec<ViewEvent>,
) {
    let len = doc.text.char_len();
    let text = doc.text.as_str();
    let (shift, word, alt, keys) = ui.input(|i| {
        let keys: Vec<egui::Key> = i
            .events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key {
                    key, pressed: true, ..
                } => Some(*key),
                _ => None,
            })
            .collect();
        (
            i.modifiers.shift,
            i.modifiers.command,
            i.modifiers.alt,
            keys,
        )
    });
    for key in keys {
        if alt && shift {
            // Alt+Shift+arrows move the end of the selected coding; with Ctrl, its start.
            let Some(id) = *selected_segment else {
                continue;
            };
            let Some(seg) = cache.spans.iter().find(|s| s.segment == id) else {
                continue;
            };
            let r = seg.range;
            let new = match (key, word) {
                (egui::Key::ArrowRight, false) => CharRange::new(r.start, (r.end + 1).min(len)),
                (egui::Key::ArrowLeft, false) => {
                    CharRange::new(r.start, (r.end - 1).max(r.start + 1))
                }
                (egui::Key::ArrowRight, true) => {
                    CharRange::new((r.start + 1).min(r.end - 1), r.end)
                }
                (egui::Key::ArrowLeft, true) => CharRange::new(r.start.saturating_sub(1), r.end),
                _ => continue,
            };
            if new != r {
                events.push(ViewEvent::Resize(id, new));
            }
            continue;
        }
        if !shift {
            continue;
        }
        let Some(sel) = selection.filter(|s| s.doc == doc.id) else {
            continue;
        };
        let head = sel.head;
        let new_head = match key {
            egui::Key::ArrowRight if word => {
                let (_, end) = word_at(text, &doc.text, head.min(len.saturating_sub(1)));
                if end > head { end } else { (head + 1).min(len) }
            }
            egui::Key::ArrowLeft if word => {
                let (start, _) = word_at(text, &doc.text, head.saturating_sub(1));
                if start < head {
                    start
                } else {
                    head.saturating_sub(1)
                }
            }
            egui::Key::ArrowRight => (head + 1).min(len),
            egui::Key::ArrowLeft => head.saturating_sub(1),
            egui::Key::ArrowDown | egui::Key::End => {
                let p = cache.paragraphs[cache.paragraph_of_char(head)];
                if head < p.chars.1 {
                    p.chars.1
                } else {
                    (p.chars.1 + 1).min(len)
                }
            }
            egui::Key::ArrowUp | egui::Key::Home => {
                let p = cache.paragraphs[cache.paragraph_of_char(head)];
                if head > p.chars.0 {
                    p.chars.0
                } else {
                    head.saturating_sub(1)
                }
            }
            _ => continue,
        };
        *selection = Some(TextSelection {
            head: new_head,
            ..sel
        });
        *selected_segment = None;
    }
}

/// Screen position of a segment boundary handle, if the char is in view.
fn handle_position(
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

#[allow(clippy::too_many_arguments)]
fn paint(
    ui: &Ui,
    painter: &egui::Painter,
    cache: &DocViewCache,
    cx: &ViewContext<'_>,
    visible: &[Visible],
    selection: Option<TextSelection>,
    selected_segment: Option<SegmentId>,
    margin_x: f32,
) {
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

        // Underlines (one lane per code) and margin stripes.
        let para_bottom = v.origin.y + v.galley.size().y;
        for span in &spans {
            for rect in range_rects(&v.galley, v.origin, para.chars.0, span.range) {
                let y = rect.bottom() - 1.5 - span.lane.min(2) as f32 * 2.0;
                painter.line_segment(
                    [pos2(rect.left(), y), pos2(rect.right(), y)],
                    Stroke::new(1.5, span.color),
                );
            }
            let rects = range_rects(&v.galley, v.origin, para.chars.0, span.range);
            let (top, bottom) = match (rects.first(), rects.last()) {
                (Some(a), Some(b)) => (a.top(), b.bottom()),
                _ if span.range.start <= para.chars.0 && span.range.end > para.chars.1 => {
                    (v.origin.y, para_bottom)
                }
                _ => continue,
            };
            // A coding that continues into the next paragraph also covers the gap to it.
            let bottom = if span.range.end > para.chars.1 {
                para_bottom
            } else {
                bottom
            };
            let x = margin_x + 2.0 + span.lane as f32 * LANE_WIDTH;
            painter.rect_filled(
                Rect::from_min_max(pos2(x, top), pos2(x + LANE_WIDTH - 1.5, bottom)),
                1.0,
                span.color,
            );
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
}

/// Per-document caches, kept by the app across frames.
#[derive(Default)]
pub struct ViewCaches {
    caches: HashMap<DocId, DocViewCache>,
}

impl ViewCaches {
    pub fn get(&mut self, doc: &Document) -> &mut DocViewCache {
        self.caches
            .entry(doc.id)
            .or_insert_with(|| DocViewCache::new(doc))
    }

    /// The first char in view of a document shown before.
    pub fn first_visible_char(&self, doc: DocId) -> Option<usize> {
        self.caches.get(&doc).map(|c| c.first_visible_char)
    }

    /// Forget documents that are gone.
    pub fn retain(&mut self, keep: impl Fn(DocId) -> bool) {
        self.caches.retain(|id, _| keep(*id));
    }
}

/// For the margin: the range of paragraphs (for tests and benches).
pub fn paragraph_count(cache: &DocViewCache) -> usize {
    cache.paragraphs.len()
}
