//! One window, several projects in turn: nothing derived from one project is shown for another.

mod common;

use coda::io::project_file;
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{CodaApp, Workspace};
use egui_kittest::kittest::Queryable;
use std::path::Path;

#[test]
fn opening_a_second_project_shows_its_own_counts() {
    let dir = tempfile::tempdir().unwrap();
    // First an uncoded project, then the sample with its 164 codings.
    let first = dir.path().join("first.ron");
    project_file::save(&common::small_project(&["Some text.".into()]), &first).unwrap();
    let second = dir.path().join("second.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
        &second,
    )
    .unwrap();

    let ws = Workspace::open(&first).unwrap();
    let app = CodaApp::new(
        ws,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    let mut harness = common::app_harness(app);
    harness.get_by_label("Push factors");
    harness.state_mut().open_project(&second);
    harness.run();
    // "Online propaganda and social media" has 18 codings, all by the current coder.
    harness.get_by_label("18/18");
    assert!(
        harness
            .query_by_label("Online propaganda and social media")
            .is_some()
    );
}

#[test]
fn a_project_with_a_code_cycle_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cycle.ron");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
    )
    .unwrap();
    // "Push factors" becomes a child of its own first subcode.
    let cyclic = common::with_code_cycle(&text);
    std::fs::write(&path, &cyclic).unwrap();
    let err = Workspace::open(&path).err().expect("refused");
    assert!(err.to_string().contains("is its own ancestor"), "{err}");

    // Opened from the window: a dialog with the reason; the open project stays.
    let dir2 = tempfile::tempdir().unwrap();
    let good = dir2.path().join("good.ron");
    project_file::save(&common::small_project(&["Some text.".into()]), &good).unwrap();
    let ws = Workspace::open(&good).unwrap();
    let app = CodaApp::new(
        ws,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    let mut harness = common::app_harness(app);
    harness.state_mut().open_project(&path);
    harness.run();
    harness.get_by_label_contains("is its own ancestor");
    assert_eq!(
        harness.state().session.ws.path.as_deref(),
        Some(good.as_path())
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), cyclic);
}

#[test]
fn the_first_start_opens_a_copy_of_the_sample_never_the_sample_itself() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron");
    let original = std::fs::read(&sample).unwrap();
    let data = tempfile::tempdir().unwrap();
    let copy = coda::ui::user_copy_of_sample(&sample, data.path()).unwrap();
    assert!(copy.starts_with(data.path()));
    assert_eq!(
        project_file::load(&copy).unwrap().project,
        project_file::load(&sample).unwrap().project
    );

    // Work in the copy is saved to the copy.
    let ws = Workspace::open(&copy).unwrap();
    let app = CodaApp::new(
        ws,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    let mut harness = common::app_harness(app);
    harness
        .state_mut()
        .session
        .ws
        .apply(
            coda::ops::Edit::RenameProject("My pilot study".into()),
            "Rename",
        )
        .unwrap();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    drop(harness);
    assert_eq!(
        project_file::load(&copy).unwrap().project.name,
        "My pilot study"
    );
    assert_eq!(
        std::fs::read(&sample).unwrap(),
        original,
        "the sample is untouched"
    );

    // A later start finds the copy with the work in it, not a fresh one.
    let again = coda::ui::user_copy_of_sample(&sample, data.path()).unwrap();
    assert_eq!(again, copy);
    assert_eq!(
        project_file::load(&again).unwrap().project.name,
        "My pilot study"
    );
}

#[test]
fn at_start_the_first_project_that_opens_is_read_as_a_job_and_refusals_are_told() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = dir.path().join("recent.ron");
    std::fs::write(&damaged, "(format_version: 1, name: \"cut off").unwrap();
    let sample_copy = dir.path().join("sample.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
        &sample_copy,
    )
    .unwrap();

    let app = CodaApp::new(
        Workspace::new(coda::model::Project::new("Untitled project"), None),
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    let mut harness = common::app_harness(app);
    harness
        .state_mut()
        .open_first_of(vec![damaged.clone(), sample_copy.clone()], false);
    // The window goes on while the files are read.
    assert!(harness.state().is_busy());
    assert_eq!(harness.state().session.ws.path, None);
    common::settle(&mut harness);

    let app = harness.state();
    assert_eq!(app.session.ws.path.as_deref(), Some(sample_copy.as_path()));
    assert!(
        app.modal.is_none(),
        "a refusal before a project opened is no dialog"
    );
    assert!(
        app.status.contains("recent.ron") && app.status.contains("Opened"),
        "{}",
        app.status
    );
    assert_eq!(app.session.ws.project.codes.len(), 26);
}
