//! What the view keeps about a document between frames: its paragraphs, their heights (estimated,
//! then measured) and the codings as painted spans, indexed by paragraph.

use super::scroll::{Anchor, WheelSpin};
use super::{CompareOverlay, MAX_LANES, color32};
use crate::model::{CharRange, CodeId, CoderId, DocId, Document, Project, SegmentId};
use egui::Color32;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug)]
pub(super) struct Paragraph {
    pub(super) chars: (usize, usize),
    pub(super) bytes: (usize, usize),
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
    pub(super) paragraphs: Vec<Paragraph>,
    pub(super) heights: Vec<f32>,
    /// `prefix[i]` is the top of paragraph `i`; `prefix[n]` the total height.
    pub(super) prefix: Vec<f32>,
    pub(super) prefix_dirty: bool,
    pub(super) layout_key: (u32, u32),
    /// What the spans were built for: the project revision and the comparison overlay.
    pub(super) spans_key: Option<(u64, Option<CompareOverlay>)>,
    pub(super) spans: Vec<Span>,
    /// For each paragraph, the spans that touch it.
    pub(super) paragraph_spans: Vec<Vec<u32>>,
    pub(super) lanes: usize,
    /// Where a mouse drag started (char offset), while it lasts.
    pub(super) drag_anchor: Option<usize>,
    /// Which boundary of the selected segment is being dragged, and where it is now.
    pub(super) handle_drag: Option<(HandleEnd, CharRange)>,
    /// The chars of the rows entirely in view in the last frame.
    pub(super) visible_chars: CharRange,
    /// The first char of the top row in view in the last frame, and how far below the top of
    /// the view that row started (negative: above it).
    pub(super) top_row: Option<(usize, f32)>,
    /// Where the next frame must put a char (a jump, or the top row after a relayout).
    pub(super) anchor: Option<Anchor>,
    /// The find hit the view last brought into view.
    pub(super) shown_hit: Option<CharRange>,
    pub(super) wheel: WheelSpin,
    /// How far the view was scrolled in the last frame (points from the top of the text).
    pub(super) scroll_offset: f32,
    /// The height of a line of body text in the last frame.
    pub(super) line_height: f32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum HandleEnd {
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
            visible_chars: CharRange::new(0, 0),
            top_row: None,
            anchor: None,
            shown_hit: None,
            wheel: WheelSpin::default(),
            scroll_offset: 0.0,
            line_height: 0.0,
        }
    }

    pub(super) fn paragraph_of_char(&self, offset: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.chars.1 < offset)
            .min(self.paragraphs.len() - 1)
    }

    pub(super) fn paragraph_at_y(&self, y: f32) -> usize {
        self.prefix
            .partition_point(|&top| top <= y)
            .saturating_sub(1)
            .min(self.paragraphs.len() - 1)
    }

    pub(super) fn rebuild_prefix(&mut self) {
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
    pub(super) fn reset_heights(&mut self, wrap_width: f32, line_height: f32, char_width: f32) {
        let per_row = (wrap_width / char_width).max(1.0);
        for (h, p) in self.heights.iter_mut().zip(&self.paragraphs) {
            let chars = (p.chars.1 - p.chars.0) as f32;
            *h = (chars / per_row).ceil().max(1.0) * line_height;
        }
        self.prefix_dirty = true;
    }

    /// Record a paragraph's measured height (at least a line); returns the height kept.
    pub(super) fn set_height(&mut self, index: usize, measured: f32, line_height: f32) -> f32 {
        let height = measured.max(line_height);
        if (height - self.heights[index]).abs() > 0.5 {
            self.heights[index] = height;
            self.prefix_dirty = true;
        }
        self.heights[index]
    }

    pub(super) fn rebuild_spans(
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

    /// The first char in view in the last frame (of the first row entirely in view).
    pub fn first_visible_char(&self) -> usize {
        self.visible_chars.start
    }

    /// The chars of the rows entirely in view in the last frame.
    pub fn visible_chars(&self) -> CharRange {
        self.visible_chars
    }

    /// How far the view was scrolled in the last frame, in points from the top of the text.
    pub fn scroll_offset(&self) -> f32 {
        self.scroll_offset
    }

    /// The height of a line of body text in the last frame, in points.
    pub fn line_height(&self) -> f32 {
        self.line_height
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
        self.caches.get(&doc).map(|c| c.first_visible_char())
    }

    /// The view of a document shown before (where it is scrolled, what is in view).
    pub fn view(&self, doc: DocId) -> Option<&DocViewCache> {
        self.caches.get(&doc)
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
