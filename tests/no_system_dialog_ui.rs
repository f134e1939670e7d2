//! A machine without xdg-desktop-portal and zenity (issue 10, defect 5): file commands used to do
//! nothing at all. Now the window says why and asks with its own picker, and the command goes on.

mod common;

use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{CodaApp, Workspace};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;

fn harness_without_dialogs(path: &Path) -> Harness<'static, CodaApp> {
    let ws = Workspace::open(path).unwrap();
    let dialogs = ScriptedDialogs::default().unavailable("no portal, no zenity");
    common::app_harness(CodaApp::new(ws, Settings::default(), Box::new(dialogs)))
}

fn project_in(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let project = common::small_project(&[text.repeat(5)]);
    coda::io::project_file::save(&project, &path).unwrap();
    path
}

#[test]
fn open_without_a_system_dialog_tells_why_and_opens_through_codas_picker() {
    let dir = tempfile::tempdir().unwrap();
    let first = project_in(
        dir.path(),
        "first.ron",
        "Unemployment pushes young men abroad. ",
    );
    let second = project_in(
        dir.path(),
        "second.ron",
        "Recruiters find them in markets. ",
    );
    let mut harness = harness_without_dialogs(&first);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    assert!(
        harness
            .state()
            .status
            .contains("No system file dialog is available"),
        "status: {}",
        harness.state().status
    );
    harness.get_by_label("Open a Coda project");
    harness
        .get_by_label("File name:")
        .type_text(&second.display().to_string());
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    common::settle(&mut harness);
    assert_eq!(
        harness.state().session.ws.path.as_deref(),
        Some(second.as_path())
    );
}

#[test]
fn export_without_a_system_dialog_writes_where_the_picker_says() {
    let dir = tempfile::tempdir().unwrap();
    let project = project_in(
        dir.path(),
        "p.ron",
        "Unemployment pushes young men abroad. ",
    );
    let mut harness = harness_without_dialogs(&project);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export Codings CSV…").click();
    harness.run();
    let out = dir.path().join("out.csv");
    // The suggested name is offered; replace it with a whole path.
    harness.get_by_label("File name:").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_label("File name:")
        .type_text(&out.display().to_string());
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    common::settle(&mut harness);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("document,"), "{written}");
}

#[test]
fn escape_closes_the_picker_and_nothing_happens_behind_it() {
    let dir = tempfile::tempdir().unwrap();
    let project = project_in(
        dir.path(),
        "p.ron",
        "Unemployment pushes young men abroad. ",
    );
    let mut harness = harness_without_dialogs(&project);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness.get_by_label("Open a Coda project");
    // Ctrl+N behind the picker does nothing.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Open a Coda project").is_none());
    assert_eq!(
        harness.state().session.ws.path.as_deref(),
        Some(project.as_path())
    );
}
