//! The merge dialog, headless through egui_kittest: File → Merge Projects… lists a code
//! conflict with both files' values side by side, the user picks one, and the merged project
//! keeps it and every coding of both files.

mod common;

use coda::model::{CodeId, Project, Segment, SegmentId};
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{CodaApp, Workspace};
use egui_kittest::kittest::Queryable;
use std::path::Path;

fn code_segment(project: &mut Project, code: CodeId, coder_name: &str, start: usize, end: usize) {
    let coder = project.coder_by_name(coder_name).unwrap().id;
    let id = SegmentId::new();
    let document = project.documents[0].id;
    project.segments.insert(
        id,
        Segment {
            id,
            document,
            start,
            end,
            code,
            coder,
            created: String::new(),
            memo: String::new(),
        },
    );
}

/// Two copies of one project: Alice coded in a.ron, Bob in b.ron, and Bob renamed a code.
fn fixture(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, CodeId) {
    let text = "Unemployment pushes young men to migrate, where recruiters find them. ".repeat(10);
    let base = common::small_project(&[text]);
    let code = base.code_by_path("Push factors/Unemployment").unwrap().id;
    let mut a = base.clone();
    code_segment(&mut a, code, "Alice", 0, 40);
    let mut b = base;
    code_segment(&mut b, code, "Bob", 10, 60);
    b.codes.iter_mut().find(|c| c.id == code).unwrap().name = "Joblessness".into();
    let (a_path, b_path) = (dir.join("a.ron"), dir.join("b.ron"));
    coda::io::project_file::save(&a, &a_path).unwrap();
    coda::io::project_file::save(&b, &b_path).unwrap();
    (a_path, b_path, code)
}

#[test]
fn merge_dialog_resolves_a_code_conflict_as_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, code) = fixture(dir.path());
    let ws = Workspace::open(&a).unwrap();
    let dialogs = ScriptedDialogs::default().answer(vec![b.clone()]);
    let app = CodaApp::new(ws, Settings::default(), Box::new(dialogs));
    let mut harness = common::app_harness(app);

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Merge Projects…").click();
    harness.run();
    // The conflict shows both values; the first file's is chosen until the user picks.
    harness.get_by_label("Push factors/Unemployment: name");
    harness.get_by_label("a.ron: Unemployment");
    harness.get_by_label("b.ron: Joblessness").click();
    harness.run();
    harness.get_by_label("Merge").click();
    harness.run();

    let project = &harness.state().session.ws.project;
    assert_eq!(project.code(code).unwrap().name, "Joblessness");
    assert_eq!(project.segments.len(), 2, "both coders' codings are kept");
    assert_eq!(
        harness.state().session.ws.path.as_deref(),
        Some(a.as_path()),
        "merged into the open project, which keeps its file"
    );
    assert!(harness.state().session.ws.is_dirty());
    // The report says how the conflict was resolved; closing it leaves the merged project.
    harness.get_by_label_contains("each as chosen");
    common::close_merge_report(&mut harness);
    harness.run();
    assert!(harness.state().merge_dialog.is_none());
    // The merge is one undoable step.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    let project = &harness.state().session.ws.project;
    assert_eq!(project.code(code).unwrap().name, "Unemployment");
    assert_eq!(
        project.segments.len(),
        1,
        "undo leaves this project as it was"
    );
    // The files merged are untouched.
    assert_eq!(
        coda::io::project_file::load(&b)
            .unwrap()
            .project
            .code(code)
            .unwrap()
            .name,
        "Joblessness"
    );
    assert_eq!(
        coda::io::project_file::load(&a)
            .unwrap()
            .project
            .code(code)
            .unwrap()
            .name,
        "Unemployment"
    );
}

#[test]
fn coders_separate_files_are_combined_and_compared() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, _) = fixture(dir.path());
    // The window starts on an unrelated new project; the coders' files are picked together.
    let ws = Workspace::new(coda::model::Project::new("other"), None);
    let dialogs = ScriptedDialogs::default().answer(vec![a.clone(), b.clone()]);
    let app = CodaApp::new(ws, Settings::default(), Box::new(dialogs));
    let mut harness = common::app_harness(app);
    harness.get_by_label("Coder").click();
    harness.run();
    harness.get_by_label("Compare Coders' Files…").click();
    harness.run();
    harness.get_by_label("Combine and Compare").click();
    harness.run();
    common::close_merge_report(&mut harness);
    harness.run();

    let state = harness.state();
    assert!(state.session.compare.open);
    let name = |id: Option<coda::model::CoderId>| {
        state
            .session
            .ws
            .project
            .coder(id.unwrap())
            .unwrap()
            .name
            .clone()
    };
    assert_eq!(
        (
            name(state.session.compare.first),
            name(state.session.compare.second)
        ),
        ("Alice".into(), "Bob".into())
    );
    // Alice 0..40 and Bob 10..60 of 700 chars: n11 = 30, n10 = 10, n01 = 20, n00 = 640;
    // p_o = 670/700, p_e = (40·50 + 660·650)/700², κ = (700·670 − 431000)/(700² − 431000).
    let kappa = (700.0 * 670.0 - 431_000.0) / (490_000.0 - 431_000.0);
    harness.get_by_label(&format!(
        "Push factors/Unemployment in All documents: {kappa:.3}"
    ));
}

#[test]
fn a_damaged_file_among_those_to_merge_is_told_and_the_others_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, _) = fixture(dir.path());
    let damaged = dir.path().join("damaged.ron");
    std::fs::write(&damaged, "(format: 1, name: \"half").unwrap();
    let ws = Workspace::open(&a).unwrap();
    let dialogs = ScriptedDialogs::default().answer(vec![damaged.clone(), b.clone()]);
    let app = CodaApp::new(ws, Settings::default(), Box::new(dialogs));
    let mut harness = common::app_harness(app);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Merge Projects…").click();
    harness.run();
    common::settle(&mut harness);
    let dialog = harness
        .state()
        .merge_dialog
        .as_ref()
        .expect("the dialog is open");
    assert_eq!(dialog.inputs.len(), 2, "this project and b.ron");
    let error = dialog.error.clone().unwrap_or_default();
    assert!(error.contains("damaged.ron"), "{error}");
    // The file was only read.
    assert_eq!(
        std::fs::read_to_string(&damaged).unwrap(),
        "(format: 1, name: \"half"
    );
}

/// a.ron and b.ron give the first document a different `year`, and type `outlet` differently.
fn variable_fixture(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    use coda::model::{Variable, VariableType, VariableValue};
    let base = common::small_project(&["A text about migration and recruitment.".to_string()]);
    let document = base.documents[0].id;
    let with = |year: &str, outlet: VariableType| {
        let mut p = base.clone();
        p.variables = vec![
            Variable {
                name: "year".into(),
                kind: VariableType::Number,
            },
            Variable {
                name: "outlet".into(),
                kind: outlet,
            },
        ];
        p.values = vec![VariableValue {
            document,
            variable: "year".into(),
            value: year.into(),
        }];
        p
    };
    let (a_path, b_path) = (dir.join("a.ron"), dir.join("b.ron"));
    coda::io::project_file::save(&with("2013", VariableType::Text), &a_path).unwrap();
    coda::io::project_file::save(&with("2018", VariableType::YesNo), &b_path).unwrap();
    (a_path, b_path)
}

#[test]
fn merge_dialog_resolves_variable_conflicts_as_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = variable_fixture(dir.path());
    let ws = Workspace::open(&a).unwrap();
    let dialogs = ScriptedDialogs::default().answer(vec![b.clone()]);
    let mut harness = common::app_harness(CodaApp::new(ws, Settings::default(), Box::new(dialogs)));

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Merge Projects…").click();
    harness.run();
    harness.get_by_label("2 conflicts: choose whose value to keep");
    harness.get_by_label("doc0.txt: variable year");
    harness.get_by_label("a.ron: 2013");
    harness.get_by_label("Variable outlet: its type");
    harness.get_by_label("a.ron: text");
    // Keep b's year and a's type of outlet.
    harness.get_by_label("b.ron: 2018").click();
    harness.run();
    harness.get_by_label("Merge").click();
    harness.run();
    common::settle(&mut harness);

    let project = &harness.state().session.ws.project;
    let document = project.documents[0].id;
    assert_eq!(project.variable_value(document, "year"), Some("2018"));
    assert_eq!(
        project.variable("outlet").unwrap().kind,
        coda::model::VariableType::Text
    );
    harness.get_by_label_contains(
        "variable \"year\" of document \"doc0.txt\": a.ron \"2013\" / b.ron \"2018\" (kept)",
    );
}
