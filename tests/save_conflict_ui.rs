//! The window and a project file that another program changed while it was open: saving never
//! silently throws the other program's changes away. The user is asked, and each answer does
//! what it says.

mod common;

use coda::io::project_file;
use coda::model::{Coder, CoderId, Project};
use coda::ops::{Edit, apply};
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{CodaApp, Workspace};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::fs;
use std::path::{Path, PathBuf};

fn open_copy(dir: &Path) -> (PathBuf, Harness<'static, CodaApp>) {
    let path = dir.join("study.ron");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
        &path,
    )
    .unwrap();
    let ws = Workspace::open(&path).unwrap();
    let app = CodaApp::new(
        ws,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    (path, common::app_harness(app))
}

/// What another program (an editor, `git pull`) does: write the file without Coda's lock.
fn changed_elsewhere(path: &Path) -> Project {
    let mut theirs = project_file::load(path).unwrap().project;
    let coder = Coder {
        id: CoderId::new(),
        name: "Bakyt".into(),
    };
    let index = theirs.coders.len();
    apply(&mut theirs, Edit::InsertCoder { index, coder }).unwrap();
    fs::write(path, project_file::to_ron_string(&theirs)).unwrap();
    theirs
}

/// An edit in the window: a new coder of our own, added through the same edit path.
fn edit_in_window(harness: &mut Harness<'_, CodaApp>, name: &str) {
    let coder = Coder {
        id: CoderId::new(),
        name: name.into(),
    };
    let index = harness.state().session.ws.project.coders.len();
    harness
        .state_mut()
        .session
        .ws
        .apply(Edit::InsertCoder { index, coder }, "Add coder")
        .unwrap();
    harness.run();
}

fn save(harness: &mut Harness<'_, CodaApp>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
}

#[test]
fn merge_their_changes_keeps_both_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut harness) = open_copy(dir.path());
    edit_in_window(&mut harness, "Aizada");
    changed_elsewhere(&path);
    let theirs_bytes = fs::read(&path).unwrap();

    save(&mut harness);
    harness.get_by_label("The file was changed elsewhere");
    assert_eq!(
        fs::read(&path).unwrap(),
        theirs_bytes,
        "nothing written yet"
    );
    assert!(
        harness.state().window_title().contains('•'),
        "still unsaved"
    );

    harness.get_by_label("Merge their changes").click();
    harness.run();
    let saved = project_file::load(&path).unwrap().project;
    assert!(saved.coder_by_name("Bakyt").is_some(), "their change kept");
    assert!(saved.coder_by_name("Aizada").is_some(), "ours kept");
    assert_eq!(saved, harness.state().session.ws.project);
    assert!(!harness.state().window_title().contains('•'));

    // The merge is one undo step.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        harness
            .state()
            .session
            .ws
            .project
            .coder_by_name("Bakyt")
            .is_none()
    );
    assert!(
        harness
            .state()
            .session
            .ws
            .project
            .coder_by_name("Aizada")
            .is_some()
    );

    // Later saves check against the merged file, not the one first opened.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    edit_in_window(&mut harness, "Dana");
    save(&mut harness);
    assert!(
        harness
            .query_by_label("The file was changed elsewhere")
            .is_none()
    );
    let saved = project_file::load(&path).unwrap().project;
    assert!(saved.coder_by_name("Dana").is_some());
    assert!(saved.coder_by_name("Bakyt").is_some());
}

#[test]
fn overwrite_replaces_their_version_but_keeps_it_in_the_backups() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut harness) = open_copy(dir.path());
    edit_in_window(&mut harness, "Aizada");
    changed_elsewhere(&path);
    let theirs_bytes = fs::read(&path).unwrap();

    save(&mut harness);
    harness.get_by_label("Overwrite").click();
    harness.run();
    let saved = project_file::load(&path).unwrap().project;
    assert!(saved.coder_by_name("Bakyt").is_none());
    assert!(saved.coder_by_name("Aizada").is_some());
    let backups = coda::io::safe_write::list_backups(&path).unwrap();
    assert!(
        backups.iter().any(|b| fs::read(b).unwrap() == theirs_bytes),
        "their version is in the backups folder"
    );
}

#[test]
fn cancel_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut harness) = open_copy(dir.path());
    edit_in_window(&mut harness, "Aizada");
    changed_elsewhere(&path);
    let theirs_bytes = fs::read(&path).unwrap();
    save(&mut harness);
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(fs::read(&path).unwrap(), theirs_bytes);
    assert!(harness.state().window_title().contains('•'));
}

#[test]
fn a_command_cannot_write_a_project_open_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let (path, harness) = open_copy(dir.path());
    let csv = dir.path().join("c.csv");
    fs::write(
        &csv,
        "document,start,end,code,coder\n004_6008982b3c3d21b7.txt,0,5,Push factors,Bakyt\n",
    )
    .unwrap();
    let before = fs::read(&path).unwrap();
    let message = common::fails(&[
        "import-codings",
        path.to_str().unwrap(),
        csv.to_str().unwrap(),
    ]);
    assert!(
        message.contains("is open for writing by coda window"),
        "{message}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    drop(harness);
    common::ok(&[
        "import-codings",
        path.to_str().unwrap(),
        csv.to_str().unwrap(),
    ]);
}
