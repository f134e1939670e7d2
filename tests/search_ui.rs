//! The search pane in the real app, headless: Ctrl+Shift+F, a query run over every document as a
//! job, hits listed in context, a click showing a hit in its document, and "Code all" coding
//! every hit (extended to its word) as one undoable step.

mod common;

use coda::model::{CharRange, DocId, Project};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

const ONLINE: &str = "Recruitment channels/Online propaganda and social media";

/// Every hit of `needle` (ASCII, any case) in every document, counted by a plain scan.
fn occurrences(project: &Project, needle: &str) -> Vec<(DocId, CharRange)> {
    let mut found = Vec::new();
    for doc in &project.documents {
        let chars: Vec<char> = doc.text.as_str().chars().collect();
        let n: Vec<char> = needle.chars().collect();
        let mut i = 0;
        while i + n.len() <= chars.len() {
            if chars[i..i + n.len()]
                .iter()
                .zip(&n)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
            {
                found.push((doc.id, CharRange::new(i, i + n.len())));
                i += n.len();
            } else {
                i += 1;
            }
        }
    }
    found
}

fn search(harness: &mut Harness<'_, coda::ui::CodaApp>, pattern: &str) {
    harness.key_press_modifiers(
        Modifiers {
            shift: true,
            ..Modifiers::COMMAND
        },
        Key::F,
    );
    harness.run();
    // The field has the keyboard focus: typing and Enter need no click.
    harness
        .get_by_label("Search the project")
        .type_text(pattern);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    common::settle(harness);
}

#[test]
fn the_project_is_searched_and_a_hit_shown_in_its_document() {
    let (_dir, mut harness) = common::sample_harness();
    search(&mut harness, "recruit");

    let project = &harness.state().session.ws.project;
    let expected = occurrences(project, "recruit");
    let documents: std::collections::HashSet<_> = expected.iter().map(|(d, _)| *d).collect();
    assert!(
        expected.len() > 20 && documents.len() > 2,
        "{}",
        expected.len()
    );
    let results = harness.state().session.search.results.as_ref().unwrap();
    let got: Vec<_> = results.hits.iter().map(|h| (h.document, h.range)).collect();
    assert_eq!(got, expected);
    harness.get_by_label(&format!(
        "{} hits for “recruit” in {} documents",
        expected.len(),
        documents.len()
    ));

    // The first line, clicked, shows its hit in its document.
    let (doc, range) = expected[0];
    let first_line = harness
        .get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.to_lowercase().contains("recruit"))
        })
        .expect("a hit line");
    first_line.click();
    harness.run();
    let session = &harness.state().session;
    assert_eq!(session.focused_doc, Some(doc));
    assert_eq!(session.flash.map(|(d, r, _)| (d, r)), Some((doc, range)));
}

#[test]
fn code_all_codes_every_hit_extended_to_its_word_in_one_undoable_step() {
    let (_dir, mut harness) = common::sample_harness();
    search(&mut harness, "recruit");
    let before = harness.state().session.ws.project.segments.len();

    harness.get_by_label("Code all hits with").click();
    harness.run();
    harness.get_by_label(ONLINE).scroll_to_me();
    harness.run();
    harness.get_by_label(ONLINE).click();
    harness.run();
    harness.get_by_label("extended to").click();
    harness.run();
    harness
        .get_all_by_label("Word")
        .last()
        .expect("the Word choice")
        .click();
    harness.run();

    // What the button promises is what gets coded: each hit's whole word ("recruitment").
    let project = &harness.state().session.ws.project;
    let code = project.code_by_path(ONLINE).unwrap().id;
    let coder = project.current_coder.unwrap();
    let mut words: Vec<(DocId, CharRange)> = occurrences(project, "recruit")
        .into_iter()
        .map(|(doc, hit)| {
            let text: Vec<char> = project
                .document(doc)
                .unwrap()
                .text
                .as_str()
                .chars()
                .collect();
            // A word: letters, digits and `_`, joined by an apostrophe or hyphen between two
            // of them ("co-operation").
            let word = |c: char| c.is_alphanumeric() || c == '_';
            let joiner = |c: char| matches!(c, '\'' | '’' | '-' | '‐');
            let (mut start, mut end) = (hit.start, hit.end);
            while start > 0
                && (word(text[start - 1])
                    || joiner(text[start - 1]) && start >= 2 && word(text[start - 2]))
            {
                start -= 1;
            }
            while end < text.len()
                && (word(text[end])
                    || joiner(text[end]) && end + 1 < text.len() && word(text[end + 1]))
            {
                end += 1;
            }
            (doc, CharRange::new(start, end))
        })
        .filter(|(doc, r)| {
            project
                .find_identical_segment(*doc, *r, code, coder)
                .is_none()
        })
        .collect();
    words.dedup();
    let button = harness
        .get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Code ") && l.contains(" in "))
        })
        .expect("the Code all button");
    assert!(
        button
            .accesskit_node()
            .label()
            .unwrap()
            .starts_with(&format!("Code {} passages", words.len())),
        "{:?}",
        button.accesskit_node().label()
    );
    button.click();
    harness.run();

    let project = &harness.state().session.ws.project;
    assert_eq!(project.segments.len(), before + words.len());
    for (doc, range) in &words {
        assert!(
            project
                .find_identical_segment(*doc, *range, code, coder)
                .is_some(),
            "{range:?} in {doc:?} not coded"
        );
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().session.ws.project.segments.len(), before);
}
