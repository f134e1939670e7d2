//! The compare view, headless through egui_kittest: the agreement table shows the engine's
//! values, a cell opens the document's passages, navigation steps through disagreements, and
//! adjudication writes (undoably) into the consensus coder.

mod common;

use coda::agreement::adjudication::CONSENSUS;
use coda::model::{CharRange, CodeId, CoderId, DocId, Project, Segment, SegmentId};
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{CodaApp, Workspace};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;

/// A 1000-char document coded by Alice and Bob. With code Unemployment:
/// Alice 0..100 and 200..300; Bob 0..100, 250..300 and 500..600. So n11 = 150, n10 = 50,
/// n01 = 100, n00 = 700: p_o = 0.85, p_e = (200·250 + 800·750)/10⁶ = 0.65, κ = 0.2/0.35.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let sentence = "Young men leave for Russia to find work and some meet recruiters there. ";
    let text: String = sentence.chars().cycle().take(1000).collect();
    let mut project = common::small_project(&[text]);
    let doc = project.documents[0].id;
    let alice = project.coder_by_name("Alice").unwrap().id;
    let bob = project.coder_by_name("Bob").unwrap().id;
    let unemployment = project
        .code_by_path("Push factors/Unemployment")
        .unwrap()
        .id;
    let channels = project.code_by_path("Recruitment channels").unwrap().id;
    for (coder, code, start, end) in [
        (alice, unemployment, 0, 100),
        (alice, unemployment, 200, 300),
        (bob, unemployment, 0, 100),
        (bob, unemployment, 250, 300),
        (bob, unemployment, 500, 600),
        (alice, channels, 700, 800),
        (bob, channels, 700, 800),
    ] {
        let id = SegmentId::new();
        project.segments.insert(
            id,
            Segment {
                id,
                document: doc,
                start,
                end,
                code,
                coder,
                created: String::new(),
                memo: String::new(),
            },
        );
    }
    assert!(coda::model::validate(&project).is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two-coders.ron");
    coda::io::project_file::save(&project, &path).unwrap();
    (dir, path)
}

fn harness(path: &std::path::Path, dialogs: ScriptedDialogs) -> Harness<'static, CodaApp> {
    let ws = Workspace::open(path).unwrap();
    let app = CodaApp::new(ws, Settings::default(), Box::new(dialogs));
    common::app_harness(app)
}

fn ids(project: &Project) -> (DocId, CodeId) {
    (
        project.documents[0].id,
        project
            .code_by_path("Push factors/Unemployment")
            .unwrap()
            .id,
    )
}

/// Opens Coder → Compare Coders.
fn open_compare(harness: &mut Harness<'_, CodaApp>) {
    harness.get_by_label("Coder").click();
    harness.run();
    harness.get_by_label("Compare Coders").click();
    harness.run();
}

fn consensus_segments(project: &Project) -> Vec<(CodeId, CharRange)> {
    let Some(consensus) = project.coder_by_name(CONSENSUS) else {
        return Vec::new();
    };
    project
        .segments_sorted()
        .into_iter()
        .filter(|s| s.coder == consensus.id)
        .map(|s| (s.code, s.range()))
        .collect()
}

#[test]
fn the_table_shows_each_codes_agreement_per_document() {
    let (_dir, path) = fixture();
    let mut harness = harness(&path, ScriptedDialogs::default());
    open_compare(&mut harness);
    let state = harness.state();
    let names = |id: Option<CoderId>| {
        state
            .session
            .ws
            .project
            .coder(id.unwrap())
            .unwrap()
            .name
            .clone()
    };
    assert_eq!(names(state.session.compare.first), "Alice");
    assert_eq!(names(state.session.compare.second), "Bob");
    // κ = 0.2/0.35 = 0.571 for Unemployment, in the pooled column and the document's column.
    harness.get_by_label("Push factors/Unemployment in All documents: 0.571");
    harness.get_by_label("Push factors/Unemployment in doc0.txt: 0.571");
    harness.get_by_label("Recruitment channels in All documents: 1.000");
    // Nobody coded "Push factors" itself: no variation, so kappa is undefined, not 0 or 1.
    harness.get_by_label("Push factors in All documents: undefined");

    // Switching the statistic to percent agreement shows (150 + 700)/1000.
    harness.get_by_label("Statistic").click();
    harness.run();
    harness.get_by_label("Agreement %").click();
    harness.run();
    harness.get_by_label("Push factors/Unemployment in All documents: 85.0 %");

    // Sorting by the pooled column puts the undefined value last.
    harness.get_by_label("Sort by All documents").click();
    harness.run();
    assert_eq!(harness.state().session.compare.sort, (1, false));
}

#[test]
fn a_cell_opens_the_document_and_navigation_steps_through_disagreements() {
    let (_dir, path) = fixture();
    let mut harness = harness(&path, ScriptedDialogs::default());
    open_compare(&mut harness);
    harness
        .get_by_label("Push factors/Unemployment in doc0.txt: 0.571")
        .click();
    harness.run();
    let (doc, code) = ids(&harness.state().session.ws.project);
    assert_eq!(harness.state().session.compare.code, Some(code));
    assert_eq!(harness.state().session.compare.doc, Some(doc));
    assert!(harness.state().session.open_documents().contains(&doc));
    harness.get_by_label("2 disagreements among 3 passages");

    // The first passage (0..100) agrees; the disagreements are 200..300 and 500..600.
    harness.get_by_label("Next disagreement").click();
    harness.run();
    assert_eq!(harness.state().session.compare.current, Some(1));
    harness.get_by_label("Next disagreement").click();
    harness.run();
    assert_eq!(harness.state().session.compare.current, Some(2));
    harness.get_by_label("Next disagreement").click();
    harness.run();
    assert_eq!(
        harness.state().session.compare.current,
        Some(1),
        "wraps around"
    );
    harness.get_by_label("Previous disagreement").click();
    harness.run();
    assert_eq!(
        harness.state().session.compare.current,
        Some(2),
        "wraps backwards"
    );
}

#[test]
fn adjudication_writes_the_consensus_and_undo_takes_it_back() {
    let (_dir, path) = fixture();
    let mut harness = harness(&path, ScriptedDialogs::default());
    open_compare(&mut harness);
    harness
        .get_by_label("Push factors/Unemployment in doc0.txt: 0.571")
        .click();
    harness.run();
    let (_, code) = ids(&harness.state().session.ws.project);

    // Bob's boundary wins at 200..300; Bob's passage at 500..600 is accepted as well.
    harness.get_by_label("Next disagreement").click();
    harness.run();
    harness.get_by_label("Accept B for 200–300").click();
    harness.run();
    assert_eq!(
        consensus_segments(&harness.state().session.ws.project),
        vec![(code, CharRange::new(250, 300))]
    );
    harness.get_by_label("Next disagreement").click();
    harness.run();
    harness.get_by_label("Accept both for 500–600").click();
    harness.run();
    harness.get_by_label("Previous disagreement").click();
    harness.run();
    // Changing the decision at 200..300 replaces the consensus coding there.
    harness.get_by_label("Accept A for 200–300").click();
    harness.run();
    assert_eq!(
        consensus_segments(&harness.state().session.ws.project),
        vec![
            (code, CharRange::new(200, 300)),
            (code, CharRange::new(500, 600))
        ]
    );
    // The passages now say how the consensus settled them.
    harness.get_by_label("Disagreement 200–300: consensus as A");
    // The agreed passage is accepted in one step.
    harness.get_by_label("Accept 1 agreement").click();
    harness.run();
    assert_eq!(
        consensus_segments(&harness.state().session.ws.project).len(),
        3
    );

    // Each decision is one undo step; undoing all of them removes the consensus coder too.
    for _ in 0..4 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        harness.run();
    }
    assert!(consensus_segments(&harness.state().session.ws.project).is_empty());
    assert!(
        harness
            .state()
            .session
            .ws
            .project
            .coder_by_name(CONSENSUS)
            .is_none()
    );
}

#[test]
fn the_report_exports_as_csv_and_html() {
    let (dir, path) = fixture();
    let csv = dir.path().join("agreement.csv");
    let html = dir.path().join("agreement.html");
    let dialogs = ScriptedDialogs::default()
        .answer(vec![csv.clone()])
        .answer(vec![html.clone()]);
    let mut harness = harness(&path, dialogs);
    open_compare(&mut harness);
    harness.get_by_label("Export CSV…").click();
    harness.run();
    harness.get_by_label("Export HTML…").click();
    harness.run();
    let csv = std::fs::read_to_string(csv).unwrap();
    assert!(csv.starts_with("metric,code,coders,scope,value,status,reason,counts"));
    assert!(csv.contains("cohen_kappa,Push factors/Unemployment,Alice;Bob,all,0.5714285714285"));
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h2>Push factors/Unemployment</h2>"));
    assert!(!html.contains("<script"), "self-contained, no scripts");
}
