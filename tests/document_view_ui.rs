//! The document view in the real app, headless through egui_kittest, on a copy of the sample
//! project (which holds seed 001, a 458,000-char report): jumps land on their target in the first
//! frame, the mouse wheel crosses a long document in a sensible number of notches, and codes are
//! named beside their margin stripes when the pane has room.

mod common;

use coda::model::{CharRange, DocId, Project, Segment};
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{Action, CodaApp, Workspace};
use egui::{Modifiers, Pos2, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::{Path, PathBuf};

/// A copy of the sample in a folder of its own (an open project is locked).
fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("central-asia-cve.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
        &path,
    )
    .unwrap();
    (dir, path)
}

/// The real app on a copy of the sample, in a window `width` points wide, after its first frames.
fn harness_of_width(width: f32) -> (tempfile::TempDir, Harness<'static, CodaApp>) {
    let (dir, path) = sample_copy();
    let ws = Workspace::open(&path).expect("sample project opens");
    let app = CodaApp::new(
        ws,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    let mut harness = Harness::builder()
        .with_size(vec2(width, 900.0))
        .with_max_steps(200)
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut CodaApp| app.frame(ui), app);
    harness.run();
    (dir, harness)
}

fn doc_001(project: &Project) -> &coda::model::Document {
    project
        .documents
        .iter()
        .find(|d| d.name.starts_with("001"))
        .expect("the sample holds seed 001")
}

fn visible(harness: &Harness<'_, CodaApp>, doc: DocId) -> CharRange {
    harness
        .state()
        .session
        .document_view(doc)
        .expect("the document is shown")
        .visible_chars()
}

/// The screen rect of a document's view.
fn view_rect(harness: &Harness<'_, CodaApp>, name: &str) -> Rect {
    harness
        .get_by_role_and_label(egui::accesskit::Role::Document, name)
        .rect()
}

/// The target is in view, and not squeezed against the top or bottom edge.
fn assert_shown_well(harness: &Harness<'_, CodaApp>, doc: DocId, target: usize, when: &str) {
    let v = visible(harness, doc);
    assert!(
        v.contains(target),
        "{when}: char {target} is not in view (the view shows {}..{})",
        v.start,
        v.end
    );
    let at = (target - v.start) as f32 / v.len() as f32;
    assert!(
        (0.1..0.6).contains(&at),
        "{when}: char {target} is at {at:.2} of the view ({}..{}), not near a third",
        v.start,
        v.end
    );
}

/// The coding of 001 that starts furthest into it (near char 450,000 of 458,000).
fn last_coding_of_001(project: &Project) -> Segment {
    let doc = doc_001(project).id;
    project
        .segments
        .values()
        .filter(|s| s.document == doc)
        .max_by_key(|s| s.start)
        .unwrap()
        .clone()
}

#[test]
fn a_jump_far_into_an_unmeasured_document_shows_the_target_in_the_first_frame() {
    let (_dir, mut harness) = harness_of_width(1400.0);
    let segment = last_coding_of_001(&harness.state().session.ws.project);
    assert!(segment.start > 400_000, "a coding far into 001");
    harness.state_mut().queue(Action::JumpToSegment(segment.id));
    // The action is applied at the end of this frame; the next frame draws the document.
    harness.step();
    harness.step();
    assert_shown_well(&harness, segment.document, segment.start, "first frame");
    // Later frames measure more paragraphs: the target must stay where it was put.
    harness.run();
    assert_shown_well(&harness, segment.document, segment.start, "settled");
}

/// Open the find bar over the focused document and type a pattern.
fn find(harness: &mut Harness<'_, CodaApp>, doc_name: &str, pattern: &str) {
    harness
        .get_by_role_and_label(egui::accesskit::Role::Document, doc_name)
        .click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::F);
    harness.run();
    harness.get_by_label("Find").type_text(pattern);
    // The frame that sees the pattern finds the hits; the view shows the first in the next.
    harness.step();
    harness.step();
}

#[test]
fn find_shows_a_first_hit_far_into_the_document() {
    let (_dir, mut harness) = harness_of_width(1400.0);
    let project = harness.state().session.ws.project.clone();
    let doc = doc_001(&project);
    // A phrase that occurs once, near the end of the report.
    let text = doc.text.as_str();
    let start_byte = doc.text.byte_of_char(430_000).unwrap();
    let phrase: String = text[start_byte..]
        .split_whitespace()
        .skip(1)
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(text.matches(&phrase).count(), 1, "{phrase:?} is unique");
    let target = doc.text.char_of_byte(text.find(&phrase).unwrap()).unwrap();
    find(&mut harness, &doc.name, &phrase);
    assert_eq!(harness.state().session.find.hits.len(), 1);
    // Typing finds; the first Next shows hit 1.
    harness.get_by_label("Next ›").click();
    harness.step();
    harness.step();
    assert_shown_well(&harness, doc.id, target, "first frames after Next");
    harness.run();
    assert_shown_well(&harness, doc.id, target, "settled");
}

#[test]
fn find_previous_from_the_first_hit_shows_the_last_one() {
    let (_dir, mut harness) = harness_of_width(1400.0);
    let project = harness.state().session.ws.project.clone();
    let doc = doc_001(&project);
    find(&mut harness, &doc.name, "Tajikistan");
    harness.run();
    let hits = harness.state().session.find.hits.clone();
    assert!(hits.len() > 10);
    let last = *hits.last().unwrap();
    assert!(last.start > 400_000, "the last hit is far into 001");
    harness.get_by_label("‹ Previous").click();
    harness.step();
    assert_shown_well(&harness, doc.id, last.start, "first frame after Previous");
    harness.run();
    assert_shown_well(&harness, doc.id, last.start, "settled after Previous");
    // Next wraps round to the first hit, at the top.
    harness.get_by_label("Next ›").click();
    harness.run();
    assert!(visible(&harness, doc.id).contains(hits[0].start));
}

/// One notch of a mouse wheel (winit reports a wheel's notches in lines) over a point.
fn wheel_notch(harness: &mut Harness<'_, CodaApp>, at: Pos2, notches: f32) {
    harness.hover_at(at);
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: vec2(0.0, -notches),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
}

fn offset(harness: &Harness<'_, CodaApp>, doc: DocId) -> f32 {
    harness
        .state()
        .session
        .document_view(doc)
        .unwrap()
        .scroll_offset()
}

#[test]
fn one_wheel_notch_scrolls_three_lines() {
    let (_dir, mut harness) = harness_of_width(1400.0);
    let project = harness.state().session.ws.project.clone();
    let doc = doc_001(&project);
    let centre = view_rect(&harness, &doc.name).center();
    let line = harness
        .state()
        .session
        .document_view(doc.id)
        .unwrap()
        .line_height();
    let before = offset(&harness, doc.id);
    wheel_notch(&mut harness, centre, 1.0);
    harness.run();
    let lines = (offset(&harness, doc.id) - before) / line;
    eprintln!("one notch scrolled {lines:.2} lines");
    assert!(
        (2.5..=4.0).contains(&lines),
        "one notch scrolled {lines:.2} lines, not about three"
    );
}

#[test]
fn a_spinning_wheel_crosses_seed_001_in_a_few_hundred_notches() {
    let (_dir, mut harness) = harness_of_width(1400.0);
    let project = harness.state().session.ws.project.clone();
    let doc = doc_001(&project);
    let len = doc.text.char_len();
    let centre = view_rect(&harness, &doc.name).center();
    // A brisk spin: a notch every third frame (20 a second).
    let mut notches = 0;
    while visible(&harness, doc.id).end < len * 99 / 100 && notches < 700 {
        wheel_notch(&mut harness, centre, 1.0);
        harness.step();
        harness.step();
        harness.step();
        notches += 1;
    }
    eprintln!(
        "{notches} notches reached char {} of {len}",
        visible(&harness, doc.id).end
    );
    assert!(
        visible(&harness, doc.id).end >= len * 99 / 100,
        "700 notches did not cross 001"
    );
}

/// The coding of 001 whose start is furthest from any other coding's start, so that its code's
/// name never yields to another name.
fn isolated_coding_of_001(project: &Project) -> Segment {
    let doc = doc_001(project).id;
    let mut starts: Vec<&Segment> = project
        .segments
        .values()
        .filter(|s| s.document == doc)
        .collect();
    starts.sort_by_key(|s| s.start);
    let gap = |i: usize| {
        let before = i
            .checked_sub(1)
            .map_or(usize::MAX, |j| starts[i].start - starts[j].start);
        let after = starts
            .get(i + 1)
            .map_or(usize::MAX, |s| s.start - starts[i].start);
        before.min(after)
    };
    let best = (0..starts.len()).max_by_key(|&i| gap(i)).unwrap();
    starts[best].clone()
}

/// The names drawn in the margin of a document's view: labels at its left edge.
fn names_in_margin(harness: &Harness<'_, CodaApp>, doc_name: &str) -> Vec<String> {
    let view = view_rect(harness, doc_name);
    harness
        .get_all_by_role(egui::accesskit::Role::Label)
        .filter(|n| {
            let r = n.rect();
            view.contains_rect(r) && r.right() < view.left() + 200.0
        })
        // AccessKit keeps a label's text as its value.
        .filter_map(|n| n.accesskit_node().value())
        .collect()
}

/// Jump to the isolated coding of 001 in a window `width` wide; the coding and the code's name.
fn show_isolated_coding(width: f32) -> (tempfile::TempDir, Harness<'static, CodaApp>, String) {
    let (dir, mut harness) = harness_of_width(width);
    let project = harness.state().session.ws.project.clone();
    let segment = isolated_coding_of_001(&project);
    harness.state_mut().queue(Action::JumpToSegment(segment.id));
    harness.run();
    assert!(visible(&harness, segment.document).contains(segment.start));
    let name = project.code(segment.code).unwrap().name.clone();
    (dir, harness, name)
}

#[test]
fn a_wide_pane_names_the_code_beside_the_start_of_a_coding() {
    let (_dir, mut harness, name) = show_isolated_coding(2400.0);
    let doc = doc_001(&harness.state().session.ws.project).name.clone();
    let names = names_in_margin(&harness, &doc);
    assert!(
        names.contains(&name),
        "{name:?} is not among the names in the margin: {names:?}"
    );
    // Hovering the name shows the code's full path and its coder.
    let label = harness
        .get_all_by_role_and_label(egui::accesskit::Role::Label, &name)
        .find(|n| view_rect(&harness, &doc).contains_rect(n.rect()))
        .unwrap()
        .rect();
    harness.hover_at(label.center());
    // Tooltips wait for the pointer to rest a moment.
    harness.run_steps(60);
    assert!(
        harness
            .query_all_by_label_contains("— coded by Aigerim")
            .next()
            .is_some(),
        "hovering the name shows a tooltip"
    );
}

#[test]
fn a_narrow_pane_draws_no_names_but_its_stripes_are_named() {
    let (_dir, harness, name) = show_isolated_coding(1400.0);
    let project = &harness.state().session.ws.project;
    let doc = doc_001(project).name.clone();
    assert_eq!(names_in_margin(&harness, &doc), Vec::<String>::new());
    let path = project.code_path(isolated_coding_of_001(project).code);
    assert!(path.ends_with(&name));
    assert!(
        harness
            .query_by_role_and_label(
                egui::accesskit::Role::Image,
                &format!("Coding stripe: {path}")
            )
            .is_some(),
        "the coding's stripe carries its code's name"
    );
}

/// A project holding `tests/fixtures/pdf/footnotes.pdf` (pages ix, 1, 2), a coder, and a code
/// "Border" on the passage across the break from page ix to page 1; the app on it.
fn pdf_harness() -> (tempfile::TempDir, Harness<'static, CodaApp>, DocId) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.ron");
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/footnotes.pdf");
    let imported =
        coda::io::import::import_document(&pdf, &coda::io::import::ImportOptions::default())
            .unwrap();
    let mut project = Project::new("PDF");
    let doc = imported.document.id;
    let range = imported
        .document
        .text
        .find_ignoring_whitespace("long queues at the crossing")[0];
    project.documents.push(imported.document);
    let coder = coda::model::Coder {
        id: coda::model::CoderId::new(),
        name: "Aigerim".into(),
    };
    let code = coda::model::Code::new("Border", None, coda::model::Color::rgb(200, 80, 40));
    let segment = Segment {
        id: coda::model::SegmentId::new(),
        document: doc,
        start: range.start,
        end: range.end,
        code: code.id,
        coder: coder.id,
        created: "2026-12-01T10:00:00Z".into(),
        memo: String::new(),
    };
    project.current_coder = Some(coder.id);
    project.coders.push(coder);
    project.codes.push(code);
    project.segments.insert(segment.id, segment);
    coda::io::project_file::save(&project, &path).unwrap();
    let ws = Workspace::open(&path).expect("project opens");
    let app = CodaApp::new(
        ws,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    );
    let mut harness = Harness::builder()
        .with_size(vec2(1200.0, 900.0))
        .with_max_steps(200)
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut CodaApp| app.frame(ui), app);
    harness.run();
    (dir, harness, doc)
}

/// A PDF's pages show as quiet markers beside the text, named by the PDF's own page labels,
/// level with the line where each page's text begins.
#[test]
fn a_pdf_document_shows_its_page_markers() {
    let (_dir, mut harness, doc) = pdf_harness();
    harness.state_mut().queue(Action::OpenDocument(doc));
    harness.run();
    let view = view_rect(&harness, "footnotes.pdf");
    // Page ix's footnote follows the sentence that runs on to page 1: ix, 1, ix, 1, 2.
    let tops = |label: &str| -> Vec<f32> {
        harness
            .query_all_by_label(label)
            .map(|n| n.rect().top())
            .collect()
    };
    let (ix, one, two) = (tops("Page ix"), tops("Page 1"), tops("Page 2"));
    assert_eq!((ix.len(), one.len(), two.len()), (2, 2, 1));
    assert!(ix[0] < one[0] && one[0] < ix[1] && ix[1] < one[1] && one[1] < two[0]);
    // In the gutter right of the text.
    let mark = harness.query_all_by_label("Page 2").next().unwrap().rect();
    assert!(mark.right() <= view.right() && mark.left() > view.center().x);
}

/// The retrieval pane cites the pages of each passage from a PDF.
#[test]
fn retrieval_shows_the_pages_of_a_pdf_passage() {
    let (_dir, mut harness, _doc) = pdf_harness();
    let code = harness.state().session.ws.project.codes[0].id;
    harness.state_mut().session.selected_code = Some(code);
    harness.run();
    assert_eq!(harness.state().session.retrieval.rows().len(), 1);
    assert!(harness.query_by_label("p. ix–1").is_some());
}

/// Press Tab until the widget named `label` has the keyboard focus.
fn tab_to(harness: &mut Harness<'_, CodaApp>, label: &str) {
    for _ in 0..30 {
        if harness
            .query_by_label(label)
            .is_some_and(|n| n.is_focused())
        {
            return;
        }
        harness.key_press(egui::Key::Tab);
        harness.run();
    }
    panic!("Tab never reached {label:?}");
}

#[test]
fn the_texts_context_menu_opens_from_the_keyboard_and_marks_the_selected_passage() {
    let (_dir, mut harness) = harness_of_width(1200.0);
    let doc = harness
        .state()
        .session
        .focused_doc
        .expect("a document is shown");
    let name = harness
        .state()
        .session
        .ws
        .project
        .document(doc)
        .unwrap()
        .name
        .clone();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Document, &name)
        .click();
    harness.run();
    // A passage selected (as a drag or Shift+arrows would), then Shift+F10.
    harness.state_mut().session.selection = Some(coda::ui::document_view::TextSelection {
        doc,
        anchor: 10,
        head: 60,
    });
    harness.key_press_modifiers(Modifiers::SHIFT, egui::Key::F10);
    harness.run();
    tab_to(&mut harness, "Mark as coded by coder…");
    harness.key_press(egui::Key::Enter);
    harness.run();
    tab_to(&mut harness, "Aigerim: this passage");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let project = &harness.state().session.ws.project;
    let aigerim = project.coder_by_name("Aigerim").unwrap().id;
    assert_eq!(
        project
            .coverage_entry(aigerim, doc)
            .map(|c| c.extent.clone()),
        Some(coda::model::Extent::Ranges(vec![CharRange::new(10, 60)]))
    );
    // The band beside the passage names the coder.
    assert!(
        harness
            .query_by_label("Coverage: coded by Aigerim")
            .is_some()
    );
}
