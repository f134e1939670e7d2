//! The find bar in the real app, headless: Next and Previous walk the hits from the first, and
//! "Code all" extends each hit to its word, sentence or paragraph, previews the passages and
//! codes exactly those as one undoable step.

mod common;

use coda::model::{CharRange, DocId, Project};
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{CodaApp, Workspace};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::PathBuf;

const ONLINE: &str = "Recruitment channels/Online propaganda and social media";

/// A new project holding the seed 001 as extracted from its PDF: hard-wrapped, not reflowed.
fn hard_wrapped_harness() -> Harness<'static, CodaApp> {
    let text = std::fs::read_to_string(common::seed("001")).unwrap();
    assert!(
        coda::io::reflow::detect_wrap_width(&text).is_some(),
        "seed 001 is hard-wrapped"
    );
    let project = common::small_project(&[text]);
    let ws = Workspace::new(project, None::<PathBuf>);
    common::app_harness(CodaApp::new(
        ws,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
    ))
}

fn doc_named(project: &Project, prefix: &str) -> (DocId, String) {
    let doc = project
        .documents
        .iter()
        .find(|d| d.name.starts_with(prefix))
        .unwrap();
    (doc.id, doc.name.clone())
}

/// Show a document (by name prefix) from the document list, open the find bar, type a pattern.
fn open_and_find(harness: &mut Harness<'_, CodaApp>, prefix: &str, pattern: &str) -> DocId {
    let (doc, name) = doc_named(&harness.state().session.ws.project, prefix);
    harness
        .get_all_by_role_and_label(Role::Button, &name)
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap()
        .click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Find").type_text(pattern);
    harness.run();
    doc
}

/// Choose the code for "Code all" from its list.
fn choose_code(harness: &mut Harness<'_, CodaApp>, code: &str) {
    harness.get_by_label("Code all hits with").click();
    harness.run();
    harness.get_by_label(code).scroll_to_me();
    harness.run();
    harness.get_by_label(code).click();
    harness.run();
}

/// Open the preview of "Code all".
fn open_preview(harness: &mut Harness<'_, CodaApp>) {
    harness.get_by_label("Code all…").click();
    harness.run();
}

/// Choose in the preview how far each hit is extended.
fn extend_to(harness: &mut Harness<'_, CodaApp>, extent: &str) {
    harness
        .get_by_role_and_label(Role::RadioButton, extent)
        .click();
    harness.run();
}

/// The passages the open preview would code.
fn previewed(harness: &Harness<'_, CodaApp>) -> Vec<CharRange> {
    harness
        .state()
        .session
        .find
        .preview
        .as_ref()
        .expect("the preview is open")
        .passages()
        .collect()
}

fn coded_with(project: &Project, doc: DocId, code: &str) -> Vec<CharRange> {
    let code = project.code_by_path(code).unwrap().id;
    let mut ranges: Vec<CharRange> = project
        .segments_of_document(doc)
        .filter(|s| s.code == code)
        .map(|s| s.range())
        .collect();
    ranges.sort();
    ranges
}

fn one_spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn focused(harness: &Harness<'_, CodaApp>, label: &str) -> bool {
    harness.get_by_label(label).is_focused()
}

#[test]
fn code_all_extends_hits_to_whole_words_after_a_preview_by_keyboard() {
    let (_dir, mut harness) = common::sample_harness();
    let before = harness.state().session.ws.project.clone();
    let doc = open_and_find(&mut harness, "002", "recruit");
    let text = &before.document(doc).unwrap().text;
    assert_eq!(harness.state().session.find.hits.len(), 6);
    choose_code(&mut harness, ONLINE);
    // From here on, only the keyboard: the preview opens with its "Code" button focused.
    harness.get_by_label("Code all…").focus();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(focused(&harness, "Code 6 passages"));
    // Shift+Tab goes back through the choices to "Word"; Space picks it.
    for _ in 0..3 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
        harness.run();
    }
    assert!(
        harness
            .get_by_role_and_label(Role::RadioButton, "Word")
            .is_focused()
    );
    harness.key_press(Key::Space);
    harness.run();
    let passages = previewed(&harness);
    let words: Vec<&str> = passages.iter().map(|p| text.slice(*p).unwrap()).collect();
    assert_eq!(
        words,
        [
            "recruiting",
            "recruit",
            "recruitment",
            "recruits",
            "recruitment",
            "recruitment"
        ]
    );
    // The preview says how many, and shows each passage in its context.
    harness.get_by_label_contains("6 passages will be coded");
    let lines = harness
        .get_all_by_role(Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.contains("recruit"))
        .count();
    assert_eq!(lines, 6);
    harness.get_by_label_contains("extremist recruitment");
    // Nothing is coded before the user confirms: Tab back to "Code", Enter.
    assert_eq!(harness.state().session.ws.project, before);
    for _ in 0..3 {
        harness.key_press(Key::Tab);
        harness.run();
    }
    assert!(focused(&harness, "Code 6 passages"));
    harness.key_press(Key::Enter);
    harness.run();
    let after = harness.state().session.ws.project.clone();
    let mut expected = coded_with(&before, doc, ONLINE);
    expected.extend(&passages);
    expected.sort();
    assert_eq!(coded_with(&after, doc, ONLINE), expected);
    assert_eq!(after.segments.len(), before.segments.len() + 6);
    assert!(harness.state().session.find.preview.is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().session.ws.project,
        before,
        "one undo takes back every passage"
    );
}

#[test]
fn the_preview_leaves_out_what_is_coded_already_and_escape_codes_nothing() {
    let (_dir, mut harness) = common::sample_harness();
    open_and_find(&mut harness, "002", "recruit");
    choose_code(&mut harness, ONLINE);
    open_preview(&mut harness);
    // The hits as found.
    harness.key_press(Key::Enter);
    harness.run();
    let coded = harness.state().session.ws.project.clone();
    assert!(harness.state().session.find.preview.is_none());
    // Extended to words, the hit that is a whole word ("recruit") is coded already.
    open_preview(&mut harness);
    extend_to(&mut harness, "Word");
    harness.get_by_label_contains("5 passages will be coded");
    harness.get_by_label_contains("1 passage already coded so is left out");
    assert_eq!(previewed(&harness).len(), 5);
    // As found, every hit is.
    extend_to(&mut harness, "Hit only");
    harness.get_by_label_contains("Every passage is already coded");
    assert!(
        harness
            .get_by_label("Code 0 passages")
            .accesskit_node()
            .is_disabled()
    );
    // Escape closes the preview and codes nothing; the find bar opens again without it.
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label_contains("already coded").is_none());
    assert_eq!(harness.state().session.ws.project, coded);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(harness.state().session.find.preview.is_none());
    assert!(harness.query_by_label_contains("already coded").is_none());
    assert_eq!(harness.state().session.ws.project, coded);
}

#[test]
fn sentences_and_paragraphs_of_the_hard_wrapped_seed_run_across_its_line_breaks() {
    let mut harness = hard_wrapped_harness();
    let doc = open_and_find(&mut harness, "doc0", "building up its forces");
    let text_of = |h: &Harness<'_, CodaApp>, r: CharRange| {
        let project = &h.state().session.ws.project;
        project
            .document(doc)
            .unwrap()
            .text
            .slice(r)
            .unwrap()
            .to_string()
    };
    choose_code(&mut harness, "Push factors/Unemployment");
    open_preview(&mut harness);
    extend_to(&mut harness, "Sentence");
    let sentence = previewed(&harness);
    assert_eq!(sentence.len(), 1);
    let raw = text_of(&harness, sentence[0]);
    assert_eq!(raw.matches('\n').count(), 4, "five wrapped lines");
    assert_eq!(
        one_spaced(&raw),
        "For the past few years, the CSTO has been building up its forces and strengthening its \
         military and technical potential in countering possible terrorist threats both from \
         Afghanistan and within the Central Asian CSTO member countries."
    );
    extend_to(&mut harness, "Paragraph");
    let paragraph = previewed(&harness);
    assert_eq!(paragraph.len(), 1);
    let raw = text_of(&harness, paragraph[0]);
    assert!(raw.starts_with("• Significant progress in identifying underground cells"));
    assert!(raw.ends_with("to the countries in this region to \ncombat extremism."));
    assert_eq!(raw.matches('\n').count(), 8, "nine wrapped lines");
    // A line of the preview shows its passage in the document, far down the text.
    assert!(harness.state().session.first_visible_char(doc).unwrap() < 10_000);
    harness
        .get_by_label_contains("building up its forces")
        .click();
    harness.run();
    let first = harness.state().session.first_visible_char(doc).unwrap();
    assert!(
        first <= paragraph[0].start && paragraph[0].start - first < 3000,
        "the view shows the passage: first char {first}, passage at {}",
        paragraph[0].start
    );
    harness.get_by_label("Code 1 passage").click();
    harness.run();
    assert_eq!(
        coded_with(
            &harness.state().session.ws.project,
            doc,
            "Push factors/Unemployment"
        ),
        paragraph
    );
}

/// Whether the find bar says this about the hits in 001 ("3 of 12 in 001…").
fn says(harness: &Harness<'_, CodaApp>, position: &str) -> bool {
    harness
        .query_by_label_contains(&format!("{position} in 001"))
        .is_some()
}

#[test]
fn next_goes_to_the_first_hit_first_and_the_document_follows() {
    let (_dir, mut harness) = common::sample_harness();
    let doc = open_and_find(&mut harness, "001", "Uzbekistan");
    let hits = harness.state().session.find.hits.clone();
    assert!(hits.len() > 5);
    assert_eq!(
        harness.state().session.find.current,
        None,
        "typing shows no hit yet"
    );
    assert!(says(&harness, &format!("{} hits", hits.len())));
    let shows = |h: &Harness<'_, CodaApp>, hit: CharRange| {
        let first = h.state().session.first_visible_char(doc).unwrap();
        first <= hit.start && hit.start - first < 3000
    };
    // Enter in the field: hit 1, then hit 2; Shift+Enter back to hit 1; Previous round to the
    // last; Next round to hit 1 again.
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().session.find.current, Some(0));
    assert!(says(&harness, &format!("1 of {}", hits.len())));
    assert!(shows(&harness, hits[0]), "the document shows hit 1");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().session.find.current, Some(1));
    assert!(says(&harness, &format!("2 of {}", hits.len())));
    assert!(shows(&harness, hits[1]), "the document shows hit 2");
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    assert_eq!(harness.state().session.find.current, Some(0));
    assert!(shows(&harness, hits[0]), "the document shows hit 1 again");
    let last = hits.len() - 1;
    harness.get_by_label("‹ Previous").click();
    harness.run();
    assert_eq!(
        harness.state().session.find.current,
        Some(last),
        "Previous wraps"
    );
    assert!(
        shows(&harness, hits[last]),
        "the document shows the last hit"
    );
    harness.get_by_label("Next ›").click();
    harness.run();
    assert_eq!(harness.state().session.find.current, Some(0), "Next wraps");
    assert!(shows(&harness, hits[0]), "the document is back at hit 1");
}
