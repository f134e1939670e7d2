//! The view in a bare egui context, on a long document whose paragraphs vary in length (so that
//! estimated heights are wrong): the text in view stays put while paragraphs are measured, and
//! through a change of width.

use super::*;
use crate::model::{DocumentSource, SourceFormat};
use egui::{Event, Key, Modifiers, RawInput};

struct Fixture {
    project: Project,
    ctx: egui::Context,
    cache: DocViewCache,
    width: f32,
}

impl Fixture {
    fn new() -> Self {
        // Paragraphs of 1 to 40 sentences, so that their heights vary far from any estimate.
        let sentence = "Recruiters reach labour migrants online, offering belonging and purpose. ";
        let mut text = String::new();
        for i in 0..3_000u64 {
            let n = 1 + (i * 7919 % 40) as usize;
            text.push_str(&sentence.repeat(n));
            text.push('\n');
        }
        let document = Document::new(
            "long.txt",
            DocumentSource {
                file_name: "long.txt".into(),
                format: SourceFormat::PlainText,
                encoding: "UTF-8".into(),
            },
            text,
        );
        let mut project = Project::new("test");
        let cache = DocViewCache::new(&document);
        project.documents.push(document);
        let ctx = egui::Context::default();
        ctx.all_styles_mut(|s| s.scroll_animation = egui::style::ScrollAnimation::none());
        Self {
            project,
            ctx,
            cache,
            width: 900.0,
        }
    }

    fn doc(&self) -> &Document {
        &self.project.documents[0]
    }

    /// One frame, with these input events and perhaps a jump.
    fn frame(&mut self, events: Vec<Event>, scroll_to: Option<usize>) {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(self.width, 700.0))),
            events,
            ..Default::default()
        };
        let (project, cache) = (&self.project, &mut self.cache);
        let mut output = self.ctx.run_ui(input, |ui| {
            let cx = ViewContext {
                project,
                doc: &project.documents[0],
                revision: 1,
                text_size: 15.0,
                find_hits: &[],
                current_hit: None,
                flash: None,
                scroll_to,
                overlay: None,
            };
            show(ui, cache, &cx, &mut None, &mut None);
        });
        // No renderer takes the font atlas here.
        output.textures_delta.clear();
    }

    fn top_row(&self) -> (usize, f32) {
        self.cache.top_row.expect("the view has been shown")
    }
}

fn key(key: Key) -> Vec<Event> {
    vec![Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    }]
}

#[test]
fn scrolling_up_into_unmeasured_text_does_not_move_the_text_in_view() {
    let mut f = Fixture::new();
    f.frame(Vec::new(), None);
    let target = f.doc().text.char_len() * 9 / 10;
    f.frame(Vec::new(), Some(target));
    f.frame(Vec::new(), None);
    assert!(f.cache.visible_chars.contains(target));
    // Give the view the keyboard, as a click would.
    let view_id = Id::unique(("document-view", f.doc().id));
    f.ctx.memory_mut(|m| m.request_focus(view_id));
    f.frame(Vec::new(), None);
    let start = f.top_row().0;
    for _ in 0..20 {
        // Page Up takes effect in the next frame, which lays out (and measures) new paragraphs.
        f.frame(key(Key::PageUp), None);
        f.frame(Vec::new(), None);
        let (shown, rows) = (f.top_row(), f.cache.visible_chars);
        // A frame without input shows the same text at the same place.
        f.frame(Vec::new(), None);
        assert_eq!(f.top_row().0, shown.0, "the text in view moved by itself");
        assert!((f.top_row().1 - shown.1).abs() < 0.5);
        assert_eq!(
            f.cache.visible_chars, rows,
            "the text in view moved by itself"
        );
    }
    assert!(f.top_row().0 < start, "Page Up went back through the text");
}

#[test]
fn a_new_width_keeps_the_top_row_in_view() {
    let mut f = Fixture::new();
    f.frame(Vec::new(), None);
    let target = f.doc().text.char_len() / 2;
    f.frame(Vec::new(), Some(target));
    f.frame(Vec::new(), None);
    let (top_char, _) = f.top_row();
    for width in [600.0, 1200.0] {
        f.width = width;
        f.frame(Vec::new(), None);
        let (now, dy) = f.top_row();
        // The row that held the old top char is now at the top (rows are shorter than 200 chars).
        assert!(
            now <= top_char && top_char - now < 200,
            "at width {width} the view starts at char {now}, not near {top_char}"
        );
        assert!(dy <= 0.5);
    }
}
