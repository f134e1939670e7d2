//! File > Export REFI-QDA… and File > Import REFI-QDA… in the real window (issue 13): both run
//! as jobs and end by showing their report; an imported project opens unsaved, with every
//! document, code and coding of the exported one.

mod common;

use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{CodaApp, Workspace};
use egui_kittest::kittest::Queryable;
use std::path::Path;

#[test]
fn export_then_import_refi_from_the_file_menu_shows_each_report() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("central-asia-cve.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
        &project,
    )
    .unwrap();
    let exported = dir.path().join("exchange.qdpx");
    let dialogs = ScriptedDialogs::default()
        .answer(vec![exported.clone()])
        .answer(vec![exported.clone()]);
    let ws = Workspace::open(&project).unwrap();
    let mut harness = common::app_harness(CodaApp::new(ws, Settings::default(), Box::new(dialogs)));
    let original = harness.state().session.ws.project.clone();

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export REFI-QDA…").click();
    harness.run();
    common::settle(&mut harness);
    assert!(exported.is_file(), "{}", harness.state().status);
    harness.get_by_label("Exported exchange.qdpx");
    harness.get_by_label_contains("REFI-QDA has no place for");
    // The message closes from the keyboard: Enter presses its OK.
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(harness.query_by_label("Exported exchange.qdpx").is_none());

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import REFI-QDA…").click();
    harness.run();
    common::settle(&mut harness);
    harness.get_by_label("Imported exchange.qdpx");
    harness.get_by_label_contains("imported 5 documents, 26 codes, 1 coder and 164 codings");
    // Escape closes it too.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Imported exchange.qdpx").is_none());
    let app = harness.state();
    assert_eq!(app.session.ws.path, None, "a new project, not yet saved");
    assert!(app.session.ws.is_dirty());
    assert_eq!(app.session.ws.project, original);
}
