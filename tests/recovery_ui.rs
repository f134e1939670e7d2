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
