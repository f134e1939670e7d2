//! Crash recovery in the window: work a killed window left is offered at the next start and
//! restored into the window, unsaved, with its file.

mod common;

use coda::io::recovery::{RecoveryMeta, RecoveryStore};
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{CodaApp, Workspace};
use egui_kittest::kittest::Queryable;

#[test]
fn work_left_by_a_killed_window_is_offered_and_restored_unsaved_into_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.ron");
    let saved = common::small_project(&["Unemployment pushes young men abroad. ".repeat(5)]);
    coda::io::project_file::save(&saved, &path).unwrap();
    // What the killed window had: the saved project plus a memo never saved.
    let mut unsaved = saved.clone();
    unsaved.memo = "Typed just before the crash".into();
    let folder = dir.path().join("recovery");
    {
        let store = RecoveryStore::new(&folder);
        let lease = store.claim().unwrap();
        let meta = RecoveryMeta::new(&unsaved.name, Some(path.clone()), None);
        store.write(&lease, &meta, &unsaved).unwrap();
        // The lease is dropped without finishing: as after kill -9.
    }

    let other = dir.path().join("other.ron");
    coda::io::project_file::save(&common::small_project(&["Other text. ".repeat(3)]), &other)
        .unwrap();
    let ws = Workspace::open(&other).unwrap();
    let mut app = CodaApp::new(
        ws,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    app.start_recovery(folder.clone());
    let mut harness = common::app_harness(app);
    harness.get_by_label("Unsaved work was found");
    harness
        .get_by_label(&format!("Restore {}", unsaved.name))
        .click();
    harness.run();

    let ws = &harness.state().session.ws;
    assert_eq!(ws.project.memo, "Typed just before the crash");
    assert_eq!(ws.path.as_deref(), Some(path.as_path()));
    assert!(ws.is_dirty(), "restored work is unsaved until saved");
    assert!(
        harness
            .state()
            .status
            .starts_with("Restored the unsaved work")
    );
    // The file itself is unchanged until the user saves.
    assert_eq!(coda::io::project_file::load(&path).unwrap().project, saved);
    harness.state_mut().finish_autosave();
}

#[test]
fn the_window_writes_a_copy_after_thirty_seconds_of_unsaved_changes() {
    use coda::io::recovery::autosave::{Autosaver, ManualClock};
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.ron");
    let saved = common::small_project(&["Unemployment pushes young men abroad. ".repeat(5)]);
    coda::io::project_file::save(&saved, &path).unwrap();
    let folder = dir.path().join("recovery");
    let clock = ManualClock::default();
    let autosaver = Autosaver::with_clock(
        RecoveryStore::new(&folder),
        Box::new(clock.clone()),
        Duration::from_secs(30),
    );
    let ws = Workspace::open(&path).unwrap();
    let mut app = CodaApp::new(
        ws,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    app.start_recovery_with(folder.clone(), autosaver);
    let mut harness = common::app_harness(app);
    harness.state_mut().queue(coda::ui::Action::Edit {
        edit: coda::ops::Edit::SetMemo {
            target: coda::ops::MemoTarget::Project,
            text: "not saved yet".into(),
        },
        label: "memo".into(),
    });
    harness.run();
    assert!(harness.state().session.ws.is_dirty());
    clock.advance(Duration::from_secs(29));
    harness.state_mut().autosaver_mut().unwrap().wait_idle();
    assert_eq!(harness.state_mut().autosaver_mut().unwrap().writes(), 0);
    clock.advance(Duration::from_secs(2));
    harness.state_mut().autosaver_mut().unwrap().wait_idle();
    assert_eq!(harness.state_mut().autosaver_mut().unwrap().error(), None);
    assert_eq!(harness.state_mut().autosaver_mut().unwrap().writes(), 1);
    // The copy on disk holds the unsaved memo (a normal close removes it; a kill leaves it,
    // as `tests/recovery.rs` shows with a killed process).
    let copies: Vec<String> = walk(&folder)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(
        copies.iter().any(|c| c.contains("not saved yet")),
        "no copy with the memo in {folder:?}"
    );
    harness.state_mut().finish_autosave();
    assert!(
        !walk(&folder)
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "ron")),
        "a normal close removes the copy"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
