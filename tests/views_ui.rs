//! Views docked as panes, memos written in the window, and work done off the frame: the real
//! app, headless, through egui_kittest.

mod common;

use coda::ops::MemoTarget;
use coda::ui::CodaApp;
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::layout;
use coda::ui::settings::ViewKind;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[test]
fn the_memos_view_docks_and_a_project_memo_typed_there_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut harness = common::harness_with(&path, ScriptedDialogs::default());
    assert!(!layout::has_view(
        &harness.state().session.tree,
        ViewKind::Memos
    ));
    common::menu(&mut harness, "View", "Memos Panel");
    assert!(layout::has_view(
        &harness.state().session.tree,
        ViewKind::Memos
    ));

    let project_entry = format!("Project “{}”", harness.state().session.ws.project.name);
    harness.get_by_label(&project_entry).click();
    harness.run();
    assert_eq!(
        harness.state().session.memos.editing,
        Some(MemoTarget::Project)
    );
    let memo_label = format!("Memo of {project_entry}");
    harness.get_by_label(&memo_label).focus();
    harness.run();
    harness
        .get_by_label(&memo_label)
        .type_text("Second round: code the 2018 texts.");
    harness.run();
    // Saved while the field still has the focus: what was typed is in the file.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = coda::io::project_file::load(&path).unwrap().project;
    assert!(
        saved.memo.ends_with("Second round: code the 2018 texts."),
        "saved memo: {:?}",
        saved.memo
    );
    assert!(!harness.state().session.ws.is_dirty());
}

#[test]
fn a_document_memo_is_written_in_the_memos_view_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut harness = common::harness_with(&path, ScriptedDialogs::default());
    common::menu(&mut harness, "View", "Memos Panel");
    let doc = harness.state().session.ws.project.documents[1].clone();
    let entry = format!("Document “{}”", doc.name);
    harness.get_by_label(&entry).click();
    harness.run();
    let memo_label = format!("Memo of {entry}");
    harness.get_by_label(&memo_label).focus();
    harness.run();
    harness
        .get_by_label(&memo_label)
        .type_text("Written by a state outlet.");
    harness.run();
    // Closing the editor keeps what was typed.
    harness.get_by_label("Done").click();
    harness.run();
    let memo = |h: &Harness<'_, CodaApp>| {
        h.state()
            .session
            .ws
            .project
            .document(doc.id)
            .unwrap()
            .memo
            .clone()
    };
    assert!(memo(&harness).ends_with("Written by a state outlet."));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(memo(&harness), doc.memo, "one undo step takes it back");
}

#[test]
fn views_are_panes_that_toggle_from_the_view_menu() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut harness = common::harness_with(&path, ScriptedDialogs::default());
    let tree = |h: &Harness<'_, CodaApp>| h.state().session.tree.clone();
    assert!(layout::has_view(&tree(&harness), ViewKind::Codebook));
    assert!(layout::has_view(&tree(&harness), ViewKind::Retrieval));
    common::menu(&mut harness, "View", "Codebook Panel");
    assert!(!layout::has_view(&tree(&harness), ViewKind::Codebook));
    common::menu(&mut harness, "View", "Codebook Panel");
    assert!(layout::has_view(&tree(&harness), ViewKind::Codebook));
    harness.get_by_label("+ Code");
    common::menu(&mut harness, "Coder", "Compare Coders");
    assert!(layout::has_view(&tree(&harness), ViewKind::Compare));
    assert!(harness.state().session.compare.open);
}

#[test]
fn exporting_codings_runs_off_the_frame_and_writes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let out = dir.path().join("codings.csv");
    let mut harness =
        common::harness_with(&path, ScriptedDialogs::default().answer(vec![out.clone()]));
    common::menu(&mut harness, "File", "Export Codings CSV…");
    common::settle(&mut harness);
    let text = std::fs::read_to_string(&out).unwrap();
    let rows = text.lines().count() - 1;
    assert_eq!(rows, harness.state().session.ws.project.segments.len());
    assert!(harness.state().status.starts_with("Exported"));
}

#[test]
fn opening_another_project_replaces_the_whole_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let other_dir = tempfile::tempdir().unwrap();
    let other = other_dir.path().join("other.ron");
    let project = common::small_project(&["Unemployment pushes young men to migrate.".repeat(5)]);
    coda::io::project_file::save(&project, &other).unwrap();
    let mut harness = common::harness_with(
        &path,
        ScriptedDialogs::default().answer(vec![other.clone()]),
    );
    common::menu(&mut harness, "View", "Memos Panel");
    let old_revision = harness.state().session.ws.revision;
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    common::settle(&mut harness);
    let state = harness.state();
    assert_eq!(state.session.ws.path.as_deref(), Some(other.as_path()));
    assert_ne!(state.session.ws.revision, old_revision);
    assert_eq!(state.session.ws.project.documents.len(), 1);
    assert!(state.session.selected_code.is_none());
    assert!(
        !layout::has_view(&state.session.tree, ViewKind::Memos),
        "the new project has its own layout"
    );
}

#[test]
fn the_codebook_pane_keeps_within_the_window_when_a_coding_is_selected() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut harness = common::harness_with(&path, ScriptedDialogs::default());
    let project = harness.state().session.ws.project.clone();
    // A coding with a long code path in a document with a long name.
    let segment = project
        .segments
        .values()
        .max_by_key(|s| project.code_path(s.code).len())
        .unwrap()
        .id;
    harness
        .state_mut()
        .queue(coda::ui::Action::JumpToSegment(segment));
    harness.run();
    let window = 1400.0;
    for name in ["Coding memo", "+ Code", "+ Subcode"] {
        let right = harness
            .get_all_by_label(name)
            .map(|n| n.rect().right())
            .fold(0.0_f32, f32::max);
        assert!(
            right <= window,
            "“{name}” reaches x = {right}, beyond the window's {window}"
        );
    }
}
