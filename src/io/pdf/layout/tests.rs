//! The layout rules on lines written out by hand: a page of A4 (842 pt high), body text at
//! 10 pt on 12 pt spacing from y = 100, footnotes at 8 pt.

use super::*;

fn line(text: &str, top: f32, size: f32) -> Line {
    // A full line reaches x = 500; shorter text ends earlier (5 pt a char).
    let right = (72.0 + text.chars().count() as f32 * 5.0).min(500.0);
    Line {
        text: text.into(),
        left: 72.0,
        right,
        top,
        bottom: top + size,
        size,
        column_right: 0.0,
    }
}

fn page(label: &str, lines: Vec<Line>) -> Page {
    Page {
        label: label.into(),
        height: 842.0,
        lines,
    }
}

/// Body lines from y = 100 on 12 pt spacing, a blank line's height where `""` is given.
fn body(texts: &[&str]) -> Vec<Line> {
    texts
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(i, t)| line(t, 100.0 + i as f32 * 12.0, 10.0))
        .collect()
}

const FULL_1: &str =
    "The first paragraph runs over several lines of the page as set by the typesetter, and";
const FULL_2: &str =
    "it goes on to the right edge of the column until the paragraph is nearly over at";

#[test]
fn running_heads_and_page_numbers_are_dropped_and_paragraphs_joined() {
    let pages: Vec<Page> = (1..=3)
        .map(|n| {
            let mut lines = vec![line("Annual Report 2024", 30.0, 9.0)];
            lines.extend(body(&[FULL_1, FULL_2, "last.", "", "A second paragraph."]));
            lines.push(line(&format!("Page {n} of 3"), 800.0, 9.0));
            page(&n.to_string(), lines)
        })
        .collect();
    let laid = lay_out(pages);
    let paragraph = format!("{FULL_1} {FULL_2} last.\n\nA second paragraph.");
    assert_eq!(
        laid.text,
        format!("{paragraph}\n\n{paragraph}\n\n{paragraph}")
    );
    assert_eq!(laid.furniture_dropped, 6);
    let starts: Vec<(usize, &str)> = laid
        .pages
        .iter()
        .map(|p| (p.start, p.label.as_str()))
        .collect();
    let len = paragraph.chars().count() + 2;
    assert_eq!(starts, [(0, "1"), (len, "2"), (2 * len, "3")]);
}

#[test]
fn a_lone_page_number_is_dropped_even_on_one_page() {
    let mut lines = body(&["Only one short paragraph."]);
    lines.push(line("iv", 800.0, 10.0));
    let laid = lay_out(vec![page("iv", lines)]);
    assert_eq!(laid.text, "Only one short paragraph.");
}

#[test]
fn a_hyphenated_word_is_rejoined_and_a_real_compound_keeps_its_hyphen() {
    let lines = body(&[
        "The typesetter broke the word infor-",
        "mation at the line end, and the decision-",
        "making of the state was written decision-making elsewhere in the text of the page.",
    ]);
    // Every line is full width: none ends a paragraph.
    let lines = lines
        .into_iter()
        .map(|l| Line { right: 500.0, ..l })
        .collect();
    let laid = lay_out(vec![page("1", lines)]);
    assert_eq!(
        laid.text,
        "The typesetter broke the word information at the line end, and the decision-making of \
         the state was written decision-making elsewhere in the text of the page."
    );
}

#[test]
fn a_hyphen_before_a_capital_or_a_digit_at_the_line_end_joins_without_a_space() {
    // LibreOffice breaks lines after the hyphen of a name or a number; the hyphen stays.
    let lines = body(&[
        "a Kazakh named Abu-Mu'adh al-",
        "Muhajir appeared in a video with Syrian rebels and a report on the COVID-",
        "19 pandemic was published by the ministry at the end of the same long year.",
    ])
    .into_iter()
    .map(|l| Line { right: 500.0, ..l })
    .collect();
    let laid = lay_out(vec![page("1", lines)]);
    assert_eq!(
        laid.text,
        "a Kazakh named Abu-Mu'adh al-Muhajir appeared in a video with Syrian rebels and a report \
         on the COVID-19 pandemic was published by the ministry at the end of the same long year."
    );
}

#[test]
fn a_paragraph_runs_on_to_the_next_page_before_a_capital_but_a_heading_at_the_foot_does_not() {
    // The first page ends in a full line that ends no sentence; the next starts with a name.
    let first = body(&[FULL_1, FULL_2])
        .into_iter()
        .map(|l| Line { right: 500.0, ..l })
        .collect();
    let second = body(&["Salafist-Jihadist threats, it said.", "", "Findings"]);
    // A short heading-like line closes the second page: it does not run on.
    let third = body(&["The last page opens a paragraph of its own here."]);
    let laid = lay_out(vec![page("1", first), page("2", second), page("3", third)]);
    assert_eq!(
        laid.text,
        format!(
            "{FULL_1} {FULL_2} Salafist-Jihadist threats, it said.\n\nFindings\n\n\
             The last page opens a paragraph of its own here."
        )
    );
}

#[test]
fn ligatures_are_expanded() {
    assert_eq!(
        expand_ligatures("e\u{FB03}cient \u{FB01}eld \u{FB02}ow"),
        "efficient field flow"
    );
}

#[test]
fn footnotes_move_after_the_page_text_and_the_sentence_across_the_page_stays_whole() {
    let mut first = body(&[FULL_1, FULL_2]);
    first.push(line("1 A note at the foot of the first page.", 760.0, 8.0));
    first.push(line("continued on a second line of the note.", 770.0, 8.0));
    let second = body(&["the next page, where it ends.", "", "Another paragraph."]);
    let laid = lay_out(vec![page("1", first), page("2", second)]);
    let running = format!("{FULL_1} {FULL_2} the next page, where it ends.");
    let note =
        "Note 1: A note at the foot of the first page. continued on a second line of the note.";
    assert_eq!(
        laid.text,
        format!("{running}\n\n{note}\n\nAnother paragraph.")
    );
    assert_eq!(laid.notes_moved, 1);
    // Page 2 starts where the sentence runs on; the note is page 1's; then page 2 again.
    let page_2 = running.find("the next page").unwrap();
    let note_at = running.chars().count() + 2;
    let after_note = note_at + note.chars().count() + 2;
    let starts: Vec<(usize, &str)> = laid
        .pages
        .iter()
        .map(|p| (p.start, p.label.as_str()))
        .collect();
    assert_eq!(
        starts,
        [(0, "1"), (page_2, "2"), (note_at, "1"), (after_note, "2")]
    );
    assert!(crate::model::page_map_problems(&laid.pages, laid.text.chars().count()).is_empty());
}

#[test]
fn a_page_without_text_has_no_page_start_and_the_map_is_valid() {
    let laid = lay_out(vec![
        page("i", vec![]),
        page("1", body(&["Text on page one."])),
        page("2", vec![]),
        page("3", body(&["Text on page three."])),
    ]);
    assert_eq!(laid.text, "Text on page one.\n\nText on page three.");
    let labels: Vec<&str> = laid.pages.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["1", "3"]);
    assert_eq!(laid.pages[0].start, 0);
}
