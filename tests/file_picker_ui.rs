//! Coda's own file picker (for machines without a system file dialog), headless through
//! egui_kittest, on files in a temporary folder. The harness's accessibility check is on: every
//! widget of the picker has a name.

use coda::ui::dialogs::DialogSpec;
use coda::ui::file_picker::{FilePicker, PickerState};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;

type Picking = (FilePicker, PickerState);

/// A harness that shows `picker` each frame and keeps its last answer.
fn harness(spec: DialogSpec, folder: &Path) -> Harness<'static, Picking> {
    let picker = FilePicker::new(spec, Some(folder));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 700.0))
        .build_ui_state(
            |ui, (picker, state): &mut Picking| *state = picker.show(ui.ctx()),
            (picker, PickerState::Open),
        );
    harness.run();
    harness
}

/// A folder with `files` (each holding a little text) and sub-folders `folders`.
fn folder_with(files: &[&str], folders: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in files {
        std::fs::write(dir.path().join(name), "text").unwrap();
    }
    for name in folders {
        std::fs::create_dir(dir.path().join(name)).unwrap();
    }
    dir
}

fn answer(harness: &Harness<'static, Picking>) -> PickerState {
    harness.state().1.clone()
}

#[test]
fn typing_a_file_name_and_enter_chooses_it() {
    let dir = folder_with(&["interviews.ron"], &[]);
    let mut harness = harness(DialogSpec::open_project(), dir.path());
    // The file name field has the focus from the start: typing needs no mouse.
    assert!(harness.get_by_label("File name:").is_focused());
    harness
        .get_by_label("File name:")
        .type_text("interviews.ron");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        answer(&harness),
        PickerState::Chosen(vec![dir.path().join("interviews.ron")])
    );
}

#[test]
fn typing_a_whole_path_chooses_a_file_in_another_folder() {
    let start = folder_with(&[], &[]);
    let elsewhere = folder_with(&["coder-b.ron"], &[]);
    let target = elsewhere.path().join("coder-b.ron");
    let mut harness = harness(DialogSpec::open_project(), start.path());
    harness
        .get_by_label("File name:")
        .type_text(&target.display().to_string());
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(answer(&harness), PickerState::Chosen(vec![target]));
}

#[test]
fn the_listing_shows_folders_and_matching_files_and_a_click_then_open_chooses() {
    let dir = folder_with(&["a.ron", "notes.txt"], &["round-2"]);
    std::fs::write(dir.path().join("round-2/b.ron"), "text").unwrap();
    let mut harness = harness(DialogSpec::open_project(), dir.path());
    assert!(
        harness.query_by_label("notes.txt").is_none(),
        "filtered out"
    );
    harness.get_by_label("a.ron").click();
    harness.get_by_label("round-2/").click();
    harness.run();
    // In the sub-folder now: the listing and the folder field follow.
    assert!(harness.query_by_label("a.ron").is_none());
    let shown = dir.path().join("round-2").display().to_string();
    assert_eq!(
        harness.get_by_label("Folder:").value().as_deref(),
        Some(shown.as_str())
    );
    harness.get_by_label("b.ron").click();
    harness.run();
    assert_eq!(answer(&harness), PickerState::Open);
    harness.get_by_label("Open").click();
    harness.run();
    assert_eq!(
        answer(&harness),
        PickerState::Chosen(vec![dir.path().join("round-2/b.ron")])
    );
}

#[test]
fn a_folder_typed_in_the_folder_field_is_listed_and_the_file_name_field_has_the_focus_again() {
    let dir = folder_with(&["a.ron"], &["round-2"]);
    std::fs::write(dir.path().join("round-2/b.ron"), "text").unwrap();
    let mut harness = harness(DialogSpec::open_project(), dir.path());
    harness.get_by_label("Folder:").focus();
    harness.run();
    harness.key_press(Key::End);
    harness.get_by_label("Folder:").type_text("/round-2");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.query_by_label("a.ron").is_none());
    harness.get_by_label("b.ron");
    assert!(harness.get_by_label("File name:").is_focused());
    harness.get_by_label("File name:").type_text("b.ron");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        answer(&harness),
        PickerState::Chosen(vec![dir.path().join("round-2/b.ron")])
    );
}

#[test]
fn escape_cancels() {
    let dir = folder_with(&["a.ron"], &[]);
    let mut harness = harness(DialogSpec::open_project(), dir.path());
    harness.get_by_label("File name:").type_text("a.ron");
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(answer(&harness), PickerState::Cancelled);
}

#[test]
fn the_cancel_button_cancels() {
    let dir = folder_with(&["a.ron"], &[]);
    let mut harness = harness(DialogSpec::open_project(), dir.path());
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(answer(&harness), PickerState::Cancelled);
}

#[test]
fn a_file_of_another_kind_is_refused_with_a_reason_and_the_picker_stays() {
    let dir = folder_with(&["a.ron", "notes.txt"], &[]);
    let mut harness = harness(DialogSpec::open_project(), dir.path());
    harness.get_by_label("File name:").type_text("notes.txt");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(answer(&harness), PickerState::Open);
    harness.get_by_label_contains("is not one of the Coda project files");
}

#[test]
fn several_documents_are_ticked_and_opened_together() {
    let dir = folder_with(&["b.md", "notes.txt", "project.ron"], &[]);
    let mut harness = harness(DialogSpec::pick_documents(), dir.path());
    assert!(
        harness.query_by_label("project.ron").is_none(),
        "filtered out"
    );
    harness.get_by_label("notes.txt").click();
    harness.get_by_label("b.md").click();
    harness.run();
    harness.get_by_label("Open").click();
    harness.run();
    assert_eq!(
        answer(&harness),
        PickerState::Chosen(vec![dir.path().join("b.md"), dir.path().join("notes.txt")])
    );
}

#[test]
fn saving_offers_the_suggested_name_and_answers_a_new_path() {
    let dir = folder_with(&[], &[]);
    let mut harness = harness(DialogSpec::save_csv("codings.csv"), dir.path());
    assert_eq!(
        harness.get_by_label("File name:").value().as_deref(),
        Some("codings.csv")
    );
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        answer(&harness),
        PickerState::Chosen(vec![dir.path().join("codings.csv")])
    );
}
