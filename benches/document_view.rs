//! The document view on a synthetic 10 MB document with 100,000 codings, driven headless: an
//! egui `Context` runs the real widget and its output is tessellated, as a frame on screen would
//! be (only the GPU upload is missing).
//!
//! - "open": a new view of the document (its caches built from nothing) and its first frame.
//! - "scroll frame": one frame while scrolling 300 points per frame through the document.
//! - "jump frame": the frame of a jump to a char far from anything shown before (its paragraphs
//!   laid out and measured so that it lands exactly).

use coda::model::{
    Code, Coder, CoderId, Color, Document, DocumentSource, Project, Segment, SegmentId,
    SourceFormat,
};
use coda::ui::document_view::{DocViewCache, TextSelection, ViewContext, show};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use egui::{Event, MouseWheelUnit, Pos2, RawInput, Rect, vec2};
use std::hint::black_box;

const PARAGRAPH: &str = "Labour migrants in Russia — often isolated, with little Russian and no local \
    ties — are reached online by recruiters who offer belonging and purpose. Трудовые мигранты в \
    России уязвимы для вербовки через социальные сети. The state programme for 2018–2022 funds \
    theological rehabilitation centres, information work in schools and the monitoring of \
    extremist content, while critics point to the vague legal definition of “extremism”. ";

struct Fixture {
    project: Project,
    doc: usize,
}

/// About 10 MB of text in paragraphs of varying length, 20 codes and 100,000 codings.
fn fixture() -> Fixture {
    let mut text = String::with_capacity(10_400_000);
    let mut n: u64 = 7;
    let mut next = move || {
        n = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (n >> 33) as usize
    };
    while text.len() < 10_000_000 {
        for _ in 0..(1 + next() % 4) {
            text.push_str(PARAGRAPH);
        }
        text.push_str("\n\n");
    }
    let mut project = Project::new("bench");
    let coder = Coder {
        id: CoderId::new(),
        name: "A".into(),
    };
    let codes: Vec<Code> = (0..20)
        .map(|i| Code::new(format!("Code {i}"), None, Color::from_palette(i)))
        .collect();
    let document = Document::new(
        "synthetic.txt",
        DocumentSource {
            file_name: "synthetic.txt".into(),
            format: SourceFormat::PlainText,
            encoding: "UTF-8".into(),
        },
        text,
    );
    let chars = document.text.char_len();
    for _ in 0..100_000 {
        let start = next() % (chars - 500);
        let segment = Segment {
            id: SegmentId::new(),
            document: document.id,
            start,
            end: start + 20 + next() % 400,
            code: codes[next() % codes.len()].id,
            coder: coder.id,
            created: "2026-11-22T00:00:00Z".into(),
            memo: String::new(),
        };
        project.segments.insert(segment.id, segment);
    }
    project.codes = codes;
    project.coders = vec![coder];
    project.documents = vec![document];
    Fixture { project, doc: 0 }
}

fn input(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(900.0, 800.0))),
        events,
        ..Default::default()
    }
}

/// One frame of the view, tessellated. Returns the number of primitives.
fn frame(
    ctx: &egui::Context,
    fixture: &Fixture,
    cache: &mut DocViewCache,
    events: Vec<Event>,
    scroll_to: Option<usize>,
) -> usize {
    let doc = &fixture.project.documents[fixture.doc];
    let mut selection: Option<TextSelection> = None;
    let mut selected = None;
    let output = ctx.run_ui(input(events), |ui| {
        let cx = ViewContext {
            project: &fixture.project,
            doc,
            revision: 1,
            text_size: 15.0,
            find_hits: &[],
            current_hit: None,
            flash: None,
            scroll_to,
            overlay: None,
        };
        show(ui, cache, &cx, &mut selection, &mut selected);
    });
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    primitives.len()
}

fn context() -> egui::Context {
    let ctx = egui::Context::default();
    ctx.all_styles_mut(|s| s.scroll_animation = egui::style::ScrollAnimation::none());
    // Let the fonts load before anything is measured.
    let _ = ctx.run_ui(input(Vec::new()), |ui| {
        ui.label("warm-up");
    });
    ctx
}

fn wheel(dy: f32) -> Vec<Event> {
    vec![
        Event::PointerMoved(Pos2::new(450.0, 400.0)),
        Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        },
    ]
}

fn bench(c: &mut Criterion) {
    let fixture = fixture();
    let doc = &fixture.project.documents[fixture.doc];
    eprintln!(
        "document: {} bytes, {} chars, {} codings",
        doc.text.as_str().len(),
        doc.text.char_len(),
        fixture.project.segments.len()
    );
    let mut group = c.benchmark_group("document view, 10 MB, 100,000 codings");
    group.sample_size(20);
    group.bench_function("open (caches + first frame + tessellation)", |b| {
        b.iter_batched(
            context,
            |ctx| {
                let mut cache = DocViewCache::new(doc);
                black_box(frame(&ctx, &fixture, &mut cache, Vec::new(), None))
            },
            BatchSize::PerIteration,
        )
    });
    group.sample_size(100);
    let ctx = context();
    let mut cache = DocViewCache::new(doc);
    frame(&ctx, &fixture, &mut cache, Vec::new(), None);
    // The wheel really scrolls: 20 frames move the view deep into the document.
    for _ in 0..20 {
        frame(&ctx, &fixture, &mut cache, wheel(-300.0), None);
    }
    let reached = cache.first_visible_char();
    eprintln!("after 20 frames of scrolling the view starts at char {reached}");
    assert!(reached > 5_000, "the view did not scroll");
    let mut step = 0u64;
    group.bench_function("scroll frame (300 points per frame, + tessellation)", |b| {
        b.iter(|| {
            // Scroll down for a while, then back up, so frames keep meeting new paragraphs.
            step += 1;
            let dy = if (step / 3000).is_multiple_of(2) {
                -300.0
            } else {
                300.0
            };
            black_box(frame(&ctx, &fixture, &mut cache, wheel(dy), None))
        })
    });
    // Jumps land where they were asked to, in their first frame.
    let chars = doc.text.char_len();
    for target in [chars / 2, chars - 10] {
        frame(&ctx, &fixture, &mut cache, Vec::new(), Some(target));
        let shown = cache.visible_chars();
        assert!(shown.contains(target), "a jump to {target} shows {shown:?}");
    }
    let mut jump = 0usize;
    group.bench_function(
        "jump frame (far into unmeasured text, + tessellation)",
        |b| {
            b.iter(|| {
                // Targets spread over the whole text, so that each meets unmeasured paragraphs.
                jump = (jump + 7_919_993) % chars;
                black_box(frame(&ctx, &fixture, &mut cache, Vec::new(), Some(jump)))
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
