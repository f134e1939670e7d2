//! File > Export Report… in the real window (issue 14): the dialog's choices reach the file,
//! which is the one `coda report` writes for the same choices; the format follows the choice
//! or the name typed; keyboard alone works.

mod common;

use coda::ui::CodaApp;
use coda::ui::dialogs::ScriptedDialogs;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};

/// A copy of the sample project in `dir`, opened with a save dialog that answers `answers`.
fn harness(dir: &Path, answers: &[PathBuf]) -> (Harness<'static, CodaApp>, PathBuf) {
    let project = common::sample_copy(dir);
    let mut dialogs = ScriptedDialogs::default();
    for answer in answers {
        dialogs = dialogs.answer(vec![answer.clone()]);
    }
    (common::harness_with(&project, dialogs), project)
}

fn open_dialog(harness: &mut Harness<'_, CodaApp>) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export Report…").click();
    harness.run();
    harness.get_by_label("Export a report");
}

#[test]
fn the_window_writes_the_report_coda_report_writes() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = dir.path().join("from the window.html");
    let (mut harness, project) = harness(dir.path(), std::slice::from_ref(&chosen));
    open_dialog(&mut harness);
    harness.get_by_label("Export…").click();
    harness.run();
    common::settle(&mut harness);
    assert!(chosen.is_file(), "{}", harness.state().status);
    assert_eq!(
        harness.state().status,
        format!(
            "Exported a report of 26 codes and 164 passages to {}",
            chosen.display()
        )
    );
    assert!(harness.state().report_dialog.is_none(), "the dialog closed");

    let by_cli = dir.path().join("by the command.html");
    common::ok(&[
        "report",
        project.to_str().unwrap(),
        "-o",
        by_cli.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&chosen).unwrap(),
        std::fs::read(&by_cli).unwrap()
    );
}

#[test]
fn a_codebook_only_word_report_chosen_with_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    // A name without an extension: the chosen format's is added.
    let chosen = dir.path().join("codebook");
    let (mut harness, project) = harness(dir.path(), std::slice::from_ref(&chosen));
    open_dialog(&mut harness);
    // Tab to "The codebook only" (the second choice) and pick it, then to the Word format.
    for _ in 0..2 {
        harness.key_press(Key::Tab);
    }
    harness.key_press(Key::Space);
    harness.run();
    for _ in 0..2 {
        harness.key_press(Key::Tab);
    }
    harness.key_press(Key::Space);
    harness.run();
    let request = &harness.state().report_dialog.as_ref().unwrap().request;
    assert!(request.codebook_only, "{request:?}");
    assert_eq!(request.format, coda::io::report::Format::Docx);
    // Tab past Markdown and the filter to Export…, and press Enter.
    let mut tabs = 0;
    while !harness.get_by_label("Export…").is_focused() {
        assert!(tabs < 10, "Tab never reaches Export…");
        harness.key_press(Key::Tab);
        harness.run();
        tabs += 1;
    }
    harness.key_press(Key::Enter);
    harness.run();
    common::settle(&mut harness);
    let written = dir.path().join("codebook.docx");
    assert!(written.is_file(), "{}", harness.state().status);

    let by_cli = dir.path().join("by the command.docx");
    common::ok(&[
        "report",
        project.to_str().unwrap(),
        "--codebook-only",
        "-o",
        by_cli.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&written).unwrap(),
        std::fs::read(&by_cli).unwrap()
    );
}

#[test]
fn escape_closes_the_dialog_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, _) = harness(dir.path(), &[]);
    open_dialog(&mut harness);
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().report_dialog.is_none());
    let files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    assert_eq!(
        files,
        ["central-asia-cve.ron"],
        "only the project (and its lock)"
    );
}

#[test]
fn the_reports_filter_is_the_commands_group_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = dir.path().join("speeches.md");
    let (mut harness, project) = harness(dir.path(), std::slice::from_ref(&chosen));
    // Drop the window, give the copy a group and a variable with the command, and reopen.
    drop(harness);
    let file = project.to_str().unwrap();
    let names: Vec<String> = coda::io::project_file::load(&project)
        .unwrap()
        .project
        .documents
        .iter()
        .map(|d| d.name.clone())
        .collect();
    common::ok(&["groups", file, "--add", "Speeches", &names[1], &names[3]]);
    let csv = dir.path().join("years.csv");
    std::fs::write(
        &csv,
        format!("document,year\n{},2018\n{},2020\n", names[1], names[3]),
    )
    .unwrap();
    common::ok(&["variables", file, "--import", csv.to_str().unwrap()]);
    let dialogs = ScriptedDialogs::default().answer(vec![chosen.clone()]);
    harness = common::harness_with(&project, dialogs);

    open_dialog(&mut harness);
    harness.get_by_label("Markdown (.md)").click();
    harness.run();
    harness.get_by_label("Filter by group").click();
    harness.run();
    harness.get_by_label("Speeches").click();
    harness.run();
    harness.key_press(Key::Escape); // closes the group list, not the dialog
    harness.run();
    harness.get_by_label("Export a report");
    harness.get_by_label("Filter condition").focus();
    harness.run();
    harness
        .get_by_label("Filter condition")
        .type_text("year>=2019");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    common::settle(&mut harness);
    assert!(chosen.is_file(), "{}", harness.state().status);

    let by_cli = dir.path().join("by the command.md");
    common::ok(&[
        "report",
        file,
        "--group",
        "Speeches",
        "--where",
        "year>=2019",
        "-o",
        by_cli.to_str().unwrap(),
    ]);
    let written = std::fs::read_to_string(&chosen).unwrap();
    assert_eq!(written, std::fs::read_to_string(&by_cli).unwrap());
    assert!(written.contains("year\\>=2019"), "the scope is stated");
    assert!(written.contains(&names[3]) && !written.contains(&format!("{} ", names[1])));
}
