//! Pointer and keyboard input in the view: selecting, clicking codings, dragging their
//! boundaries, and keys that extend the selection, resize a coding or scroll.

use super::cache::{DocViewCache, HandleEnd};
use super::paint::handle_position;
use super::text::word_at;
use super::{HANDLE_RADIUS, TextSelection, ViewContext, ViewEvent, Visible};
use crate::model::{CharRange, Document, SegmentId};
use egui::{Id, Pos2, Sense, Ui, vec2};

#[allow(clippy::too_many_arguments)]
pub(super) fn handle_pointer(
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

pub(super) fn handle_keys(
    ui: &Ui,
    cache: &DocViewCache,
    doc: &Document,
    selection: &mut Option<TextSelection>,
    selected_segment: &mut Option<SegmentId>,
    events: &mut Vec<ViewEvent>,
) {
    let len = doc.text.char_len();
    let text = doc.text.as_str();
    // Each key press with the modifiers it was pressed with: a fast typist (or a script) may
    // press and release Shift+Right within one frame, when the frame's modifiers are already up.
    let keys: Vec<(egui::Key, egui::Modifiers)> = ui.input(|i| {
        i.events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => Some((*key, *modifiers)),
                _ => None,
            })
            .collect()
    });
    for (key, modifiers) in keys {
        let (shift, word, alt) = (modifiers.shift, modifiers.command, modifiers.alt);
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

/// Keys for the focused view: the arrows, Page Up/Down and Home/End scroll (a line is a line of
/// text), and the arrows must not move the keyboard focus to another widget (Tab still does).
pub(super) fn focused_keys(ui: &Ui, cache: &DocViewCache, view_id: Id, page: f32) {
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
                    key_scroll(*key, page, cache.line_height, total)
                }
                _ => None,
            })
            .sum()
    });
    if delta != 0.0 {
        ui.scroll_with_delta_animation(vec2(0.0, delta), egui::style::ScrollAnimation::none());
    }
}

/// The tooltip over a coded passage: its codes, coders and memos.
pub(super) fn passage_tooltip(
    cx: &ViewContext<'_>,
    cache: &DocViewCache,
    response: &egui::Response,
    offset: usize,
) {
    let spans = cache.spans_at(offset);
    if spans.is_empty() {
        return;
    }
    response.clone().on_hover_ui_at_pointer(|ui| {
        for span in &spans {
            let code = cx.project.code_path(span.code);
            let coder = cx
                .project
                .coder(span.coder)
                .map_or("?", |c| c.name.as_str());
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
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
