//! A frame of the window while long work runs on a worker thread: the window must stay smooth
//! (issue 10: with a job running on a 10 MB, 100,000-coding project, a frame's CPU time stays
//! under 4 ms).
//!
//! The project file is written once (outside the measurement) with the one writer,
//! `project_file::save`: a 10 MB document set (10 documents of 1,000,000 bytes: the five seeds
//! reflowed, one after the other, repeated) with 100,000 codings by 2 coders and the sample
//! project's 26 codes, the same case as `benches/open_first_frame.rs`.
//!
//! The window opens it (`Workspace::open`, `CodaApp::new`) and runs in a headless
//! `egui::Context` at its start-up size (1400 × 880 points); every frame is the whole window
//! (`CodaApp::frame`) with the mouse wheel scrolling the first document 300 points, its shapes
//! tessellated into meshes (only the GPU upload is missing). The job is the real File > Export
//! Codings CSV: the command is queued as the menu queues it, the (scripted) file dialog answers
//! a path in a temporary folder, and the window starts `write_export`, which renders every coding
//! with its coded text as CSV and writes it safely, on a worker thread. When an export ends, the
//! next one starts, so that frames keep meeting a running job.
//!
//! Before measuring, the benchmark prints the distribution of frames paced at 60 Hz (as a window
//! scrolling on screen runs them): CPU time of the window's thread (`CLOCK_THREAD_CPUTIME_ID`:
//! the frame's own work, which the worker's does not add to) and wall time (which grows when the
//! worker and other processes hold the cores), with no job and with an export running all along;
//! the frames that start an export and that apply its result are also shown apart. It also
//! prints what starting and ending a job costs the window's thread, part by part. Criterion then measures frames back to back (the frames that
//! start an export are not timed: the printed distribution has them), the worker competing with
//! them for the machine's cores.

use coda::io::project_file;
use coda::model::DocId;
use coda::ui::commands::Command;
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{Action, CodaApp, Workspace};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use egui::epaint::{ClippedShape, Shape};
use egui::{Event, MouseWheelUnit, Pos2, RawInput, Rect, vec2};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

mod common;
use common::{document_set_project, median, thread_cpu_time};

/// The window's size at start-up (`ui::run`).
const WINDOW: egui::Vec2 = vec2(1400.0, 880.0);
/// How far the wheel scrolls each frame, in points.
const SCROLL: f32 = 300.0;
/// A window scrolling on screen runs a frame per refresh of a 60 Hz display.
const REFRESH: Duration = Duration::from_micros(16_667);
/// Frames sampled for the printed distribution, with a job and without (10 s each at 60 Hz).
const SAMPLED_FRAMES: usize = 600;
/// The target for a frame's CPU time.
const TARGET: Duration = Duration::from_millis(4);

/// Page faults this thread has taken (minor and major).
#[cfg(target_os = "linux")]
fn thread_page_faults() -> Option<u64> {
    // SAFETY: all-zero is a valid `rusage` for the call to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid rusage for the call to fill in.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) } == 0;
    ok.then(|| (usage.ru_minflt + usage.ru_majflt) as u64)
}

#[cfg(not(target_os = "linux"))]
fn thread_page_faults() -> Option<u64> {
    None
}

/// One frame's cost on the window's thread.
#[derive(Clone, Copy)]
struct Timing {
    /// `None` where the platform cannot tell a thread's CPU time.
    cpu: Option<Duration>,
    wall: Duration,
    /// Page faults the thread took (memory touched for the first time, or again after the
    /// allocator gave it back to the system); `None` where the platform cannot tell.
    page_faults: Option<u64>,
}

fn input(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, WINDOW)),
        events,
        ..Default::default()
    }
}

fn wheel(at: Pos2, dy: f32) -> Vec<Event> {
    vec![
        Event::PointerMoved(at),
        Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        },
    ]
}

/// Whether some text shape shows `needle`; the clip rect of the first that does.
fn clip_of_text(shapes: &[ClippedShape], needle: &str) -> Option<Rect> {
    fn visit(shape: &Shape, needle: &str) -> bool {
        match shape {
            Shape::Text(text) => text.galley.text().contains(needle),
            Shape::Vec(shapes) => shapes.iter().any(|s| visit(s, needle)),
            _ => false,
        }
    }
    shapes
        .iter()
        .find(|s| visit(&s.shape, needle))
        .map(|s| s.clip_rect)
}

/// The window showing the 10 MB project, scrolling its first document.
struct Window {
    ctx: egui::Context,
    app: CodaApp,
    doc: DocId,
    /// Over the first document's pane.
    pointer: Pos2,
    frames: u64,
    exports_started: usize,
}

impl Window {
    /// Open `path`; every export asks for a file and gets `export_to`.
    fn open(path: &Path, first_words: &str, export_to: &Path) -> Self {
        let mut dialogs = ScriptedDialogs::default();
        // One answer per export the benchmark may start; the queue is never emptied.
        for _ in 0..100_000 {
            dialogs = dialogs.answer(vec![export_to.to_path_buf()]);
        }
        let ws = Workspace::open(path).expect("the project opens");
        let doc = ws.project.documents[0].id;
        let app = CodaApp::new(ws, Settings::default(), Box::new(dialogs));
        let mut window = Self {
            ctx: egui::Context::default(),
            app,
            doc,
            pointer: Pos2::ZERO,
            frames: 0,
            exports_started: 0,
        };
        // Fonts, the theme, the panels' first layouts.
        for _ in 0..5 {
            window.paint(Vec::new());
        }
        window
            .ctx
            .all_styles_mut(|s| s.scroll_animation = egui::style::ScrollAnimation::none());
        let output = window
            .ctx
            .run_ui(input(Vec::new()), |ui| window.app.frame(ui));
        let pane = clip_of_text(&output.shapes, first_words)
            .unwrap_or_else(|| panic!("the window does not show {first_words:?}"));
        window.pointer = pane.center();
        assert!(window.app.modal.is_none(), "the window shows a message");
        window
    }

    /// One frame with `events`, tessellated; its cost on this thread.
    fn paint(&mut self, events: Vec<Event>) -> Timing {
        let (start, start_cpu, start_faults) =
            (Instant::now(), thread_cpu_time(), thread_page_faults());
        let output = self.ctx.run_ui(input(events), |ui| self.app.frame(ui));
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        black_box(primitives);
        let wall = start.elapsed();
        let cpu = start_cpu.zip(thread_cpu_time()).map(|(a, b)| b - a);
        let page_faults = start_faults.zip(thread_page_faults()).map(|(a, b)| b - a);
        Timing {
            cpu,
            wall,
            page_faults,
        }
    }

    /// One frame scrolling the first document: down for 2,000 frames, then up for 2,000, so
    /// that frames keep meeting paragraphs not laid out before.
    fn scroll_frame(&mut self) -> Timing {
        self.frames += 1;
        let dy = if (self.frames / 2_000).is_multiple_of(2) {
            -SCROLL
        } else {
            SCROLL
        };
        self.paint(wheel(self.pointer, dy))
    }

    /// File > Export Codings CSV, as the menu runs it; the frame that starts the export.
    fn start_export(&mut self) -> Timing {
        assert!(!self.app.is_busy());
        self.app.queue(Action::Run(Command::ExportCodings));
        let timing = self.scroll_frame();
        assert!(self.app.is_busy(), "the export did not start");
        assert!(self.app.modal.is_none(), "the window shows a message");
        self.exports_started += 1;
        timing
    }

    /// Keep an export running: start the next one if the last has ended. The frame that
    /// started it, if one was started.
    fn keep_busy(&mut self) -> Option<Timing> {
        (!self.app.is_busy()).then(|| self.start_export())
    }

    fn first_visible_char(&self) -> usize {
        self.app
            .session
            .first_visible_char(self.doc)
            .expect("the first document is shown")
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Median, 95th percentile and largest of `times`, and how many exceed the target.
fn summary(mut times: Vec<Duration>) -> String {
    if times.is_empty() {
        return "not measured".into();
    }
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    format!(
        "median {}, 95th percentile {}, largest {}; {} of {} over {}",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(1.0)),
        times.iter().filter(|&&t| t > TARGET).count(),
        times.len(),
        ms(TARGET)
    )
}

/// Frames paced at 60 Hz, by what they did.
#[derive(Default)]
struct Sampled {
    /// Frames that only scroll (with an export running, or with no job at all).
    scrolling: Vec<Timing>,
    /// Frames that started an export (File > Export Codings CSV).
    starts: Vec<Timing>,
    /// Frames that applied the result of an export that had ended.
    finishes: Vec<Timing>,
}

impl Sampled {
    /// Every frame, whatever it did.
    fn all(&self) -> Vec<Timing> {
        [&self.scrolling, &self.starts, &self.finishes]
            .into_iter()
            .flatten()
            .copied()
            .collect()
    }
}

/// `SAMPLED_FRAMES` frames paced at 60 Hz, scrolling; with `with_job`, an export runs all along
/// (the next starts in the frame after the last one's result was applied).
fn sample(window: &mut Window, with_job: bool) -> Sampled {
    let mut sampled = Sampled::default();
    let mut next = Instant::now();
    for _ in 0..SAMPLED_FRAMES {
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
        next = Instant::now() + REFRESH;
        if !with_job {
            assert!(!window.app.is_busy());
            sampled.scrolling.push(window.scroll_frame());
        } else if let Some(start) = window.keep_busy() {
            sampled.starts.push(start);
        } else {
            let timing = window.scroll_frame();
            if window.app.is_busy() {
                sampled.scrolling.push(timing);
            } else {
                sampled.finishes.push(timing);
            }
        }
    }
    if with_job {
        // Let the last export end and be applied, so that the next measurement starts idle.
        while window.app.is_busy() {
            std::thread::sleep(REFRESH);
            window.paint(Vec::new());
        }
    }
    sampled
}

fn report(label: &str, timings: &[Timing]) {
    let cpu: Vec<Duration> = timings.iter().filter_map(|t| t.cpu).collect();
    let wall: Vec<Duration> = timings.iter().map(|t| t.wall).collect();
    let slowest = timings
        .iter()
        .max_by_key(|t| t.cpu.unwrap_or(t.wall))
        .and_then(|t| t.page_faults)
        .map_or(String::new(), |n| {
            format!(" (the slowest took {n} page faults)")
        });
    let faults: Vec<u64> = timings.iter().filter_map(|t| t.page_faults).collect();
    let faulting = faults.iter().filter(|&&n| n > 0).count();
    eprintln!(
        "{label}:\n  CPU time: {}{slowest}\n  wall time: {}\n  {faulting} of {} frames took page \
         faults, {} in all",
        summary(cpu),
        summary(wall),
        faults.len(),
        faults.iter().sum::<u64>()
    );
}

/// The exported file holds every coding, and the window said so.
fn check_export(window: &Window, export_to: &Path, codings: usize) {
    assert!(window.app.modal.is_none(), "the window shows a message");
    assert!(
        window
            .app
            .status
            .starts_with(&format!("Exported {codings} codings")),
        "status: {}",
        window.app.status
    );
    let mut rows = 0;
    for record in csv::Reader::from_path(export_to).unwrap().records() {
        // document, start, end, code, coder, memo, text
        assert_eq!(record.unwrap().len(), 7);
        rows += 1;
    }
    assert_eq!(rows, codings);
}

/// How long one export takes on the worker, from the frame that starts it to the frame that
/// applies its result (frames paced at 60 Hz, scrolling).
fn export_duration(window: &mut Window) -> Duration {
    let start = Instant::now();
    window.start_export();
    while window.app.is_busy() {
        std::thread::sleep(REFRESH);
        window.scroll_frame();
    }
    start.elapsed()
}

/// What starting and ending an export costs the window's thread, each part on its own (median
/// of `RUNS`, CPU time): the snapshot `write_export` takes of the project (`Project::clone`), and
/// the frame that applies a job's result when the job held such a snapshot for as long as an
/// export takes and dropped it on the worker, against the same frame after a job that held
/// nothing as long.
fn where_the_time_goes(window: &mut Window) {
    const RUNS: usize = 9;
    let cpu = |from: Option<Duration>| {
        from.zip(thread_cpu_time())
            .map_or(Duration::ZERO, |(a, b)| b - a)
    };
    let mut clone = Vec::new();
    let mut drop_here = Vec::new();
    for _ in 0..RUNS {
        let start = thread_cpu_time();
        let snapshot = window.app.session.ws.project.clone();
        clone.push(cpu(start));
        let start = thread_cpu_time();
        drop(black_box(snapshot));
        drop_here.push(cpu(start));
        window.scroll_frame();
    }
    let mut after_snapshot = Vec::new();
    let mut after_nothing = Vec::new();
    for run in 0..2 * RUNS {
        let holds_snapshot = run % 2 == 0;
        let snapshot = holds_snapshot.then(|| window.app.session.ws.project.clone());
        // As long as an export, with the window scrolling meanwhile, so that the window's heap
        // is in the state an export leaves it in.
        window
            .app
            .session
            .jobs
            .spawn("Holding a snapshot", false, move |_| {
                std::thread::sleep(Duration::from_millis(600));
                drop(snapshot);
                Box::new(|_: &mut CodaApp| {})
            });
        loop {
            std::thread::sleep(REFRESH);
            let timing = window.scroll_frame();
            if !window.app.is_busy() {
                let frame = timing.cpu.unwrap_or(timing.wall);
                if holds_snapshot {
                    after_snapshot.push(frame);
                } else {
                    after_nothing.push(frame);
                }
                break;
            }
        }
    }
    eprintln!(
        "where the time goes (CPU time of the window's thread, median of {RUNS}): \
         Project::clone (write_export's snapshot) {}; dropping such a copy on this thread {}; \
         the frame that applies a job's result {} when the job dropped a snapshot on its worker, \
         {} when it held nothing",
        ms(median(clone)),
        ms(median(drop_here)),
        ms(median(after_snapshot)),
        ms(median(after_nothing)),
    );
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ten-mb.ron");
    let export_to = dir.path().join("codings.csv");
    let project = document_set_project();
    project_file::save(&project, &path).unwrap();
    let first_words: String = project.documents[0]
        .text
        .as_str()
        .lines()
        .find(|line| line.chars().count() >= 30)
        .unwrap()
        .chars()
        .take(30)
        .collect();
    let codings = project.segments.len();
    eprintln!(
        "{} documents, {} bytes of text, {codings} codings; file {} bytes",
        project.documents.len(),
        project
            .documents
            .iter()
            .map(|d| d.text.as_str().len())
            .sum::<usize>(),
        std::fs::metadata(&path).unwrap().len()
    );
    drop(project);

    let mut window = Window::open(&path, &first_words, &export_to);
    let before = window.first_visible_char();
    for _ in 0..20 {
        window.scroll_frame();
    }
    let reached = window.first_visible_char();
    eprintln!("after 20 frames of scrolling the first document starts at char {reached}");
    assert!(
        reached > before + 5_000,
        "the wheel did not scroll the view"
    );

    // The job: one export, checked; then what its start costs the window's thread.
    let took = export_duration(&mut window);
    check_export(&window, &export_to, codings);
    eprintln!(
        "one export of every coding as CSV ({} bytes) takes {} on the worker, start to result",
        std::fs::metadata(&export_to).unwrap().len(),
        ms(took)
    );
    where_the_time_goes(&mut window);

    let idle = sample(&mut window, false);
    let busy = sample(&mut window, true);
    check_export(&window, &export_to, codings);
    eprintln!(
        "{SAMPLED_FRAMES} frames paced at 60 Hz, scrolling {SCROLL} points a frame, with no job; \
         then {SAMPLED_FRAMES} with an export running all along ({} exports):",
        busy.starts.len()
    );
    report("  no job", &idle.scrolling);
    report("  an export running: every frame", &busy.all());
    report("  — the frames that only scroll", &busy.scrolling);
    report("  — the frame that starts an export", &busy.starts);
    report(
        "  — the frame that applies an export's result",
        &busy.finishes,
    );

    let mut group = c.benchmark_group("a frame of the window, 10 MB, 100,000 codings");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(50);
    group.measurement_time(Duration::from_secs(10));
    let measure = |window: &mut Window, iters: u64, with_job: bool, cpu: bool| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            if with_job {
                window.keep_busy();
            }
            let timing = window.scroll_frame();
            total += if cpu {
                timing.cpu.expect("CPU time is known on this platform")
            } else {
                timing.wall
            };
        }
        total
    };
    let cpu_known = thread_cpu_time().is_some();
    for (with_job, case) in [(false, "no job"), (true, "an export running")] {
        if cpu_known {
            group.bench_function(format!("CPU time, {case}"), |b| {
                b.iter_custom(|iters| measure(&mut window, iters, with_job, true))
            });
        }
        group.bench_function(format!("wall time, {case}"), |b| {
            b.iter_custom(|iters| measure(&mut window, iters, with_job, false))
        });
        while window.app.is_busy() {
            std::thread::sleep(REFRESH);
            window.paint(Vec::new());
        }
    }
    group.finish();
    eprintln!("{} exports started in all", window.exports_started);
}

criterion_group!(benches, bench);
criterion_main!(benches);
