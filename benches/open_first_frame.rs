//! Opening a project file until its first frame is painted: everything a person waits for
//! between choosing a project and seeing it.
//!
//! Two project files are written once (outside the measurement) with the one writer,
//! `project_file::save`:
//! - seed 001 (477 KB of hard-wrapped text from a PDF, reflowed as `--reflow` does on import) with
//!   10,000 codings by 2 coders and the sample project's 26 codes;
//! - a 10 MB document set (10 documents of 1,000,000 bytes: the five seeds reflowed, one after
//!   the other, repeated) with 100,000 codings by 2 coders and the same codes.
//!
//! Each measured run: `Workspace::open` (lock, read, parse, check), `CodaApp::new`, the first
//! frame of the whole window (1400 × 880 points) in a new headless `egui::Context`, as eframe
//! runs it at start-up (fonts included), and the tessellation of its shapes into meshes; only
//! the GPU upload is missing. Dropping the app (which releases the lock) is not measured.
//! "From a running window" is File > Open in a window that already shows a project: from
//! `CodaApp::open_project` (which reads the file as a job) to the frame that shows the project,
//! the window painting meanwhile, in a context whose fonts are loaded.
//!
//! Before measuring, each case prints where the time goes (median of a few runs of each step).
//! Targets (`docs/PERFORMANCE.md`): ≤ 100 ms for seed 001, ≤ 500 ms for the 10 MB set.

use coda::io::lock::{Holder, ProjectLock};
use coda::io::project_file;
use coda::model::{DocId, Project};
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{CodaApp, Workspace};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use egui::epaint::{ClippedShape, Shape};
use egui::{Pos2, RawInput, Rect, vec2};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;
use common::{document_set_project, median, seed_001_project, thread_cpu_time};

/// The window's size at start-up (`ui::run`).
const WINDOW: egui::Vec2 = vec2(1400.0, 880.0);

/// A project file written once, and what its first frame must show.
struct Case {
    label: &'static str,
    path: PathBuf,
    /// The document in the first pane.
    doc: DocId,
    /// The start of its first paragraph of body text (30 chars or more).
    first_words: String,
}

fn write_case(label: &'static str, project: &Project, dir: &Path, file: &str) -> Case {
    let path = dir.join(file);
    project_file::save(project, &path).unwrap();
    let doc = &project.documents[0];
    let first_words: String = doc
        .text
        .as_str()
        .lines()
        .find(|line| line.chars().count() >= 30)
        .unwrap()
        .chars()
        .take(30)
        .collect();
    eprintln!(
        "{label}: {} documents, {} bytes of text, {} codings, {} codes; file {} bytes",
        project.documents.len(),
        project
            .documents
            .iter()
            .map(|d| d.text.as_str().len())
            .sum::<usize>(),
        project.segments.len(),
        project.codes.len(),
        std::fs::metadata(&path).unwrap().len()
    );
    Case {
        label,
        path,
        doc: doc.id,
        first_words,
    }
}

fn input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, WINDOW)),
        ..Default::default()
    }
}

/// A new context, as eframe makes it before the app's first frame.
fn new_context() -> egui::Context {
    egui::Context::default()
}

fn open_app(path: &Path) -> CodaApp {
    let ws = Workspace::open(path).expect("the project opens");
    CodaApp::new(
        ws,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    )
}

/// One frame of the whole window, tessellated. Returns the number of meshes.
fn paint(ctx: &egui::Context, app: &mut CodaApp) -> usize {
    let output = ctx.run_ui(input(), |ui| app.frame(ui));
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

/// One frame of the whole window, tessellated, for checking: the meshes and the shapes they
/// were made from.
fn paint_kept(
    ctx: &egui::Context,
    app: &mut CodaApp,
) -> (Vec<egui::ClippedPrimitive>, Vec<ClippedShape>) {
    let output = ctx.run_ui(input(), |ui| app.frame(ui));
    let shapes = output.shapes.clone();
    (
        ctx.tessellate(output.shapes, output.pixels_per_point),
        shapes,
    )
}

/// Whether some text shape shows `needle`.
fn shows_text(shapes: &[ClippedShape], needle: &str) -> bool {
    fn visit(shape: &Shape, needle: &str) -> bool {
        match shape {
            Shape::Text(text) => text.galley.text().contains(needle),
            Shape::Vec(shapes) => shapes.iter().any(|s| visit(s, needle)),
            _ => false,
        }
    }
    shapes.iter().any(|s| visit(&s.shape, needle))
}

/// The measured part at start-up: open, build the app, first frame, tessellate.
fn open_and_paint(ctx: &egui::Context, path: &Path) -> (CodaApp, usize) {
    let mut app = open_app(path);
    let meshes = paint(ctx, &mut app);
    (app, meshes)
}

/// A window already showing a small project (no file), its fonts loaded.
fn running_window() -> (egui::Context, CodaApp) {
    let ctx = new_context();
    let mut app = CodaApp::new(
        Workspace::new(Project::new("Before"), None),
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    for _ in 0..2 {
        paint(&ctx, &mut app);
    }
    (ctx, app)
}

/// File > Open in a running window: the file is read as a job while the window goes on painting
/// (a frame every 2 ms here, where eframe paints one every 100 ms while a job runs); returns when
/// a frame has shown the project (a job's result is applied at the start of a frame, before it
/// draws), with that frame's meshes and its time.
fn open_in_running_window(
    ctx: &egui::Context,
    app: &mut CodaApp,
    path: &Path,
) -> (usize, Duration) {
    app.open_project(path);
    loop {
        let t = Instant::now();
        let meshes = paint(ctx, app);
        let frame = t.elapsed();
        if !app.is_busy() {
            return (meshes, frame);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The first frame really shows the document: its pane was laid out from the start and its
/// first words were painted; the window is not showing an error.
fn check_first_frame(case: &Case) {
    let ctx = new_context();
    let mut app = open_app(&case.path);
    let (primitives, shapes) = paint_kept(&ctx, &mut app);
    assert_eq!(app.session.first_visible_char(case.doc), Some(0));
    assert!(app.modal.is_none(), "the window shows a message");
    assert!(
        shows_text(&shapes, &case.first_words),
        "the first frame does not show {:?}",
        case.first_words
    );
    let vertices: usize = primitives
        .iter()
        .map(|p| match &p.primitive {
            egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum();
    eprintln!(
        "{}: the first frame shows {:?}…: {} shapes, {} meshes, {} vertices",
        case.label,
        case.first_words,
        shapes.len(),
        primitives.len(),
        vertices
    );
    drop(app);

    let (ctx, mut app) = running_window();
    open_in_running_window(&ctx, &mut app, &case.path);
    let (_, shapes) = paint_kept(&ctx, &mut app);
    assert_eq!(app.session.first_visible_char(case.doc), Some(0));
    assert!(shows_text(&shapes, &case.first_words));
}

/// Where the time goes: each step timed on its own, median of `runs`.
fn breakdown(case: &Case, runs: usize) {
    let mut load = Vec::new();
    let mut lock = Vec::new();
    let mut open = Vec::new();
    let mut new = Vec::new();
    let mut app_frame = Vec::new();
    let mut frame = Vec::new();
    let mut tessellate = Vec::new();
    let mut second_frame = Vec::new();
    let mut open_project = Vec::new();
    let mut warm_frame = Vec::new();
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        black_box(project_file::load(&case.path).unwrap());
        load.push(t.elapsed());

        let t = Instant::now();
        drop(black_box(
            ProjectLock::acquire(&case.path, &Holder::this_process("coda window")).unwrap(),
        ));
        lock.push(t.elapsed());

        let (start, start_cpu) = (Instant::now(), thread_cpu_time());
        let t = Instant::now();
        let ws = Workspace::open(&case.path).unwrap();
        open.push(t.elapsed());
        let t = Instant::now();
        let mut app = CodaApp::new(
            ws,
            Settings::default(),
            Box::new(ScriptedDialogs::default()),
        );
        new.push(t.elapsed());
        let ctx = new_context();
        let mut inside = Duration::ZERO;
        let t = Instant::now();
        let output = ctx.run_ui(input(), |ui| {
            let t = Instant::now();
            app.frame(ui);
            inside += t.elapsed();
        });
        frame.push(t.elapsed());
        app_frame.push(inside);
        let t = Instant::now();
        black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
        tessellate.push(t.elapsed());
        wall.push(start.elapsed());
        if let (Some(before), Some(after)) = (start_cpu, thread_cpu_time()) {
            cpu.push(after - before);
        }
        let t = Instant::now();
        black_box(paint(&ctx, &mut app));
        second_frame.push(t.elapsed());
        drop(app);

        let (ctx, mut app) = running_window();
        let t = Instant::now();
        let (_, frame) = open_in_running_window(&ctx, &mut app, &case.path);
        open_project.push(t.elapsed());
        warm_frame.push(frame);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    eprintln!(
        "{} (median of {runs}): project_file::load {:.1} ms; taking and releasing the lock {:.1} ms; \
         Workspace::open {:.1} ms; \
         CodaApp::new {:.2} ms; first frame in a new context {:.1} ms (in CodaApp::frame {:.1} ms); \
         tessellation {:.1} ms; the second frame, tessellated, {:.1} ms; \
         in a running window, from File > Open to a frame showing the project {:.1} ms, that frame {:.1} ms. \
         From Workspace::open to tessellation: {:.1} ms, of which CPU time {}",
        case.label,
        ms(median(load)),
        ms(median(lock)),
        ms(median(open)),
        ms(median(new)),
        ms(median(frame)),
        ms(median(app_frame)),
        ms(median(tessellate)),
        ms(median(second_frame)),
        ms(median(open_project)),
        ms(median(warm_frame)),
        ms(median(wall)),
        if cpu.is_empty() {
            "unknown".to_string()
        } else {
            format!("{:.1} ms", ms(median(cpu)))
        },
    );
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        write_case(
            "seed 001, 10,000 codings",
            &seed_001_project(),
            dir.path(),
            "seed-001.ron",
        ),
        write_case(
            "10 MB, 100,000 codings",
            &document_set_project(),
            dir.path(),
            "ten-mb.ron",
        ),
    ];
    for case in &cases {
        check_first_frame(case);
        breakdown(case, 5);
    }

    let mut group = c.benchmark_group("open a project file → first frame painted");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(20));
    for case in &cases {
        group.bench_function(format!("{}, at start-up", case.label), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let ctx = new_context();
                    let t = Instant::now();
                    let (app, meshes) = open_and_paint(&ctx, &case.path);
                    total += t.elapsed();
                    black_box(meshes);
                    // Releases the lock before the next open.
                    drop(app);
                }
                total
            })
        });
        group.bench_function(format!("{}, from a running window", case.label), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (ctx, mut app) = running_window();
                    let t = Instant::now();
                    let meshes = open_in_running_window(&ctx, &mut app, &case.path);
                    total += t.elapsed();
                    black_box(meshes);
                    drop(app);
                }
                total
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
