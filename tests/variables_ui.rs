//! The Variables view: a variable defined, values typed in the table (checked against the type,
//! one undo step each), and what is typed saved even while the cell has the focus.

mod common;

use coda::model::VariableType;
use coda::ui::layout;
use coda::ui::settings::ViewKind;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn variables_are_defined_and_edited_in_the_table_with_undo_and_type_checks() {
    let (dir, mut harness) = common::sample_harness();
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Variables Panel").click();
    harness.run();
    assert!(layout::has_view(
        &harness.state().session.tree,
        ViewKind::Variables
    ));

    harness.get_by_label("New variable").focus();
    harness.run();
    harness.get_by_label("New variable").type_text("year");
    harness.run();
    harness.get_by_label("of type").click();
    harness.run();
    harness.get_by_label("number").click();
    harness.run();
    harness.get_by_label("Add variable").click();
    harness.run();
    let project = &harness.state().session.ws.project;
    assert_eq!(project.variables.len(), 1);
    assert_eq!(project.variables[0].name, "year");
    assert_eq!(project.variables[0].kind, VariableType::Number);
    let docs: Vec<(coda::model::DocId, String)> = project
        .documents
        .iter()
        .map(|d| (d.id, d.name.clone()))
        .collect();

    let cell = |i: usize| format!("year of {}", docs[i].1);
    harness.get_by_label(&cell(0)).focus();
    harness.run();
    harness.get_by_label(&cell(0)).type_text("2018.0");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let value = |h: &egui_kittest::Harness<'_, coda::ui::CodaApp>, i: usize| {
        h.state()
            .session
            .ws
            .project
            .variable_value(docs[i].0, "year")
            .map(str::to_string)
    };
    assert_eq!(value(&harness, 0).as_deref(), Some("2018"), "canonical");

    // A value the type does not read is refused, said, and changes nothing.
    harness.get_by_label(&cell(1)).focus();
    harness.run();
    harness.get_by_label(&cell(1)).type_text("soon");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(value(&harness, 1), None);
    let error = harness.state().session.variables.error.clone().unwrap();
    assert!(error.contains("\"soon\" is not a number"), "{error}");
    harness.get_by_label_contains("is not a number");

    // One undo step takes the value back; the variable stays.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(value(&harness, 0), None);
    assert_eq!(harness.state().session.ws.project.variables.len(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(value(&harness, 0).as_deref(), Some("2018"));

    // Saved while the cell still has the focus: what was typed is in the file.
    harness.get_by_label(&cell(2)).focus();
    harness.run();
    harness.get_by_label(&cell(2)).type_text("2021");
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = coda::io::project_file::load(&dir.path().join("central-asia-cve.ron"))
        .unwrap()
        .project;
    assert_eq!(saved.variable_value(docs[2].0, "year"), Some("2021"));
    assert_eq!(saved.variable_value(docs[0].0, "year"), Some("2018"));
}

#[test]
fn groups_are_made_filled_and_removed_in_the_table_by_keyboard_and_mouse() {
    let (_dir, mut harness) = common::sample_harness();
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Variables Panel").click();
    harness.run();
    let docs: Vec<(coda::model::DocId, String)> = harness
        .state()
        .session
        .ws
        .project
        .documents
        .iter()
        .map(|d| (d.id, d.name.clone()))
        .collect();

    // Name a group and press Enter.
    harness.get_by_label("New group").focus();
    harness.run();
    harness.get_by_label("New group").type_text("Speeches");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().session.ws.project.groups.len(), 1);

    // Tick two documents: one with the mouse, one with Space.
    let member = |i: usize| format!("{} in group Speeches", docs[i].1);
    harness.get_by_label(&member(1)).click();
    harness.run();
    harness.get_by_label(&member(3)).focus();
    harness.run();
    harness.key_press(Key::Space);
    harness.run();
    let group = harness
        .state()
        .session
        .ws
        .project
        .group("Speeches")
        .unwrap();
    let mut expected = vec![docs[1].0, docs[3].0];
    expected.sort();
    assert_eq!(group.documents, expected);

    // Each step is undone on its own; then the group goes, its documents stay.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let group = harness
        .state()
        .session
        .ws
        .project
        .group("Speeches")
        .unwrap();
    assert_eq!(group.documents, vec![docs[1].0]);
    harness.get_by_label("Remove group “Speeches”").click();
    harness.run();
    let project = &harness.state().session.ws.project;
    assert!(project.groups.is_empty());
    assert_eq!(project.documents.len(), docs.len());
}

#[test]
fn the_variables_table_is_exported_as_the_command_exports_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let file = path.to_str().unwrap();
    let names: Vec<String> = coda::io::project_file::load(&path)
        .unwrap()
        .project
        .documents
        .iter()
        .map(|d| d.name.clone())
        .collect();
    let csv = dir.path().join("in.csv");
    std::fs::write(
        &csv,
        format!(
            "document,year,state media\n{},2018,yes\n{},2020,no\n",
            names[0], names[2]
        ),
    )
    .unwrap();
    common::ok(&["variables", file, "--import", csv.to_str().unwrap()]);
    let by_cli = dir.path().join("by the command.csv");
    common::ok(&[
        "variables",
        file,
        "--export",
        "-o",
        by_cli.to_str().unwrap(),
    ]);

    let chosen = dir.path().join("from the window.csv");
    let dialogs = coda::ui::dialogs::ScriptedDialogs::default().answer(vec![chosen.clone()]);
    let mut harness = common::harness_with(&path, dialogs);
    common::menu(&mut harness, "View", "Variables Panel");
    harness.get_by_label("Export CSV…").click();
    harness.run();
    common::settle(&mut harness);
    assert_eq!(
        std::fs::read_to_string(&chosen).unwrap(),
        std::fs::read_to_string(&by_cli).unwrap()
    );
}
