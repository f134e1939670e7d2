//! Shared builders for the integration tests.
#![allow(dead_code)]

pub mod git;

use coda::model::{Code, Coder, CoderId, Color, Document, DocumentSource, Project, SourceFormat};
use coda::ops::{Edit, apply};
use std::path::{Path, PathBuf};

/// The folder of the bundled seed documents.
pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/seeds")
}

pub fn seed(prefix: &str) -> PathBuf {
    let dir = seeds();
    let name = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    dir.join(name)
}

pub fn text_document(name: &str, text: &str) -> Document {
    Document::new(
        name,
        DocumentSource {
            file_name: name.into(),
            format: SourceFormat::PlainText,
            encoding: "UTF-8".into(),
        },
        text.into(),
    )
}

/// A small project with documents holding the given texts, two coders and a two-level codebook.
pub fn small_project(texts: &[String]) -> Project {
    let mut project = Project::new("test");
    let mut edits = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        edits.push(Edit::InsertDocument {
            index: i,
            document: Box::new(text_document(&format!("doc{i}.txt"), text)),
        });
    }
    let alice = Coder {
        id: CoderId::new(),
        name: "Alice".into(),
    };
    let bob = Coder {
        id: CoderId::new(),
        name: "Bob".into(),
    };
    let current = alice.id;
    edits.push(Edit::InsertCoder {
        index: 0,
        coder: alice,
    });
    edits.push(Edit::InsertCoder {
        index: 1,
        coder: bob,
    });
    edits.push(Edit::SetCurrentCoder(Some(current)));
    let push = Code::new("Push factors", None, Color::from_palette(0));
    let unemployment = Code::new("Unemployment", Some(push.id), Color::from_palette(1));
    let channel = Code::new("Recruitment channels", None, Color::from_palette(2));
    for (index, code) in [push, unemployment, channel].into_iter().enumerate() {
        edits.push(Edit::InsertCode {
            index,
            code: Box::new(code),
        });
    }
    apply(&mut project, Edit::Batch(edits)).expect("fixture is valid");
    project
}

/// Run the `coda` binary.
pub fn coda(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_coda"))
        .args(args)
        .output()
        .expect("coda runs")
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Run `coda`, which must succeed; its standard output.
pub fn ok(args: &[&str]) -> String {
    let out = coda(args);
    assert!(
        out.status.success(),
        "coda {args:?} failed: {}",
        stderr(&out)
    );
    stdout(&out)
}

/// Run `coda`, which must fail; its standard error.
pub fn fails(args: &[&str]) -> String {
    let out = coda(args);
    assert!(
        !out.status.success(),
        "coda {args:?} should fail: {}",
        stdout(&out)
    );
    stderr(&out)
}

/// The real app in egui_kittest, headless, at 1400×900, after its first frames.
pub fn app_harness(app: coda::ui::CodaApp) -> egui_kittest::Harness<'static, coda::ui::CodaApp> {
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        // Paragraph heights are measured as they come into view, which takes a few frames.
        .with_max_steps(200)
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut coda::ui::CodaApp| app.frame(ui), app);
    harness.run();
    harness
}

/// Run frames until the work the window started off the frame (opening, importing, exporting)
/// has ended and its result is applied.
pub fn settle(harness: &mut egui_kittest::Harness<'_, coda::ui::CodaApp>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while harness.state().is_busy() {
        assert!(
            std::time::Instant::now() < deadline,
            "the window's background work did not end within a minute"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
    }
    harness.run();
}

/// The real app on a copy of the bundled sample project, in a folder of its own (an open
/// project is locked); keep the folder as long as the harness.
pub fn sample_harness() -> (
    tempfile::TempDir,
    egui_kittest::Harness<'static, coda::ui::CodaApp>,
) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("central-asia-cve.ron");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron");
    std::fs::copy(sample, &path).unwrap();
    let ws = coda::ui::Workspace::open(&path).expect("the sample project opens");
    let app = coda::ui::CodaApp::new(
        ws,
        coda::ui::settings::Settings::default(),
        Box::new(coda::ui::dialogs::ScriptedDialogs::default()),
    );
    (dir, app_harness(app))
}

/// Drag with the mouse from `a` to `b`, frame by frame as a person would.
pub fn drag(
    harness: &mut egui_kittest::Harness<'_, coda::ui::CodaApp>,
    a: egui::Pos2,
    b: egui::Pos2,
) {
    harness.hover_at(a);
    harness.step();
    harness.drag_at(a);
    harness.step();
    for i in 1..=4 {
        harness.hover_at(a + (b - a) * (i as f32 / 4.0));
        harness.step();
    }
    harness.drop_at(b);
    harness.run();
}

/// Click the merge report's Close button, not a document tab's small close cross (both are
/// named "Close").
pub fn close_merge_report(harness: &mut egui_kittest::Harness<'_, coda::ui::CodaApp>) {
    use egui_kittest::kittest::Queryable;
    harness
        .get_all_by_label("Close")
        .find(|n| n.rect().width() > 20.0)
        .expect("the report's Close button")
        .click();
}

/// A project file's text with "Push factors" made a child of its own first subcode: a cycle in
/// the code tree. The ids are read from the file, so a rebuilt sample keeps the test valid.
pub fn with_code_cycle(text: &str) -> String {
    let id_before = |marker: &str| -> String {
        let at = text.find(marker).expect("the code is in the file");
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[line_start..at];
        let id = line
            .split("id: \"")
            .nth(1)
            .expect("an id on the code's line");
        id[..id.find('"').unwrap()].to_string()
    };
    let top = id_before("name: \"Push factors\", parent: None");
    let child = id_before(&format!("parent: Some(\"{top}\")"));
    let cyclic = text.replacen(
        "name: \"Push factors\", parent: None",
        &format!("name: \"Push factors\", parent: Some(\"{child}\")"),
        1,
    );
    assert_ne!(cyclic, text);
    cyclic
}

/// A copy of the bundled sample project in `dir` (an open project is locked, and the
/// repository's sample must never be written).
pub fn sample_copy(dir: &Path) -> PathBuf {
    let path = dir.join("central-asia-cve.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
        &path,
    )
    .unwrap();
    path
}

/// The real app on the project at `path`, the file dialogs answering as `dialogs` says.
pub fn harness_with(
    path: &Path,
    dialogs: coda::ui::dialogs::ScriptedDialogs,
) -> egui_kittest::Harness<'static, coda::ui::CodaApp> {
    let ws = coda::ui::Workspace::open(path).unwrap();
    app_harness(coda::ui::CodaApp::new(
        ws,
        coda::ui::settings::Settings::default(),
        Box::new(dialogs),
    ))
}

/// Click `item` in the menu `menu`, and wait for the work it starts.
pub fn menu(harness: &mut egui_kittest::Harness<'_, coda::ui::CodaApp>, menu: &str, item: &str) {
    use egui_kittest::kittest::Queryable;
    harness.get_by_label(menu).click();
    harness.run();
    harness.get_by_label(item).click();
    harness.run();
    settle(harness);
}
