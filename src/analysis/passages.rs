//! From find hits to the passages "code all" codes: each hit as found, or extended to the
//! word(s), sentence(s) or paragraph(s) it touches, with overlapping or touching passages merged
//! so that one passage is coded once; and the keyword-in-context line that previews a passage.
//!
//! Sentences follow the agreement units' rule (`agreement::units`). Paragraphs are lines, except
//! in hard-wrapped text (PDF extracts), where a line joins the next as reflowing would join them
//! (`io::reflow`): a single line break inside a paragraph is not a paragraph end.

use crate::agreement::units;
use crate::io::reflow::{detect_wrap_width, joins_lines};
use crate::model::{CharRange, Text};
use std::ops::Range;

/// How far each hit is extended before coding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Extent {
    /// The text the search matched.
    #[default]
    Hit,
    /// The whole word(s) the hit touches: "recruit" in "recruitment" codes "recruitment".
    Word,
    Sentence,
    Paragraph,
}

impl Extent {
    pub const ALL: [Extent; 4] = [
        Extent::Hit,
        Extent::Word,
        Extent::Sentence,
        Extent::Paragraph,
    ];
}

/// A passage to code and the hits it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    pub range: CharRange,
    /// Indices into the hits it was made from.
    pub hits: Range<usize>,
}

/// The passages for `hits` (sorted, not overlapping, as `search::find_all` returns them), each
/// hit extended by `extent`, in text order. An extension never shrinks a hit, and passages that
/// overlap or touch are merged.
pub fn passages(text: &Text, hits: &[CharRange], extent: Extent) -> Vec<Passage> {
    debug_assert!(hits.windows(2).all(|w| w[0].end <= w[1].start));
    let extended: Vec<CharRange> = match extent {
        Extent::Hit => hits.to_vec(),
        Extent::Word => hits.iter().map(|h| word_extent(text, *h)).collect(),
        Extent::Sentence => {
            let units = sentences(text);
            hits.iter().map(|h| unit_extent(&units, *h)).collect()
        }
        Extent::Paragraph => {
            let units = paragraphs(text);
            hits.iter().map(|h| unit_extent(&units, *h)).collect()
        }
    };
    let mut merged: Vec<Passage> = Vec::new();
    for (i, range) in extended.into_iter().enumerate() {
        match merged.last_mut() {
            Some(last) if range.start <= last.range.end => {
                last.range.end = last.range.end.max(range.end);
                last.hits.end = i + 1;
            }
            _ => merged.push(Passage {
                range,
                hits: i..i + 1,
            }),
        }
    }
    merged
}

/// The paragraphs of a text, in order, without surrounding whitespace. In text that looks
/// hard-wrapped, lines are joined where reflowing would join them; elsewhere each non-blank line
/// is a paragraph (as the agreement units have it).
pub fn paragraphs(text: &Text) -> Vec<CharRange> {
    paragraph_spans(text.as_str())
        .into_iter()
        .map(|p| CharRange::new(p.chars.0, p.chars.1))
        .collect()
}

/// [`paragraphs`] with their byte ranges.
fn paragraph_spans(content: &str) -> Vec<units::ParagraphSpan> {
    let lines = units::paragraph_spans(content);
    let Some(width) = detect_wrap_width(content) else {
        return lines;
    };
    let mut out: Vec<units::ParagraphSpan> = Vec::new();
    let mut previous_line: Option<&units::ParagraphSpan> = None;
    for line in &lines {
        let joins = previous_line.is_some_and(|previous| {
            let between = &content[previous.bytes.end..line.bytes.start];
            between.matches('\n').count() == 1
                && joins_lines(
                    &content[previous.bytes.clone()],
                    &content[line.bytes.clone()],
                    width,
                )
        });
        match out.last_mut() {
            Some(paragraph) if joins => {
                paragraph.chars.1 = line.chars.1;
                paragraph.bytes.end = line.bytes.end;
            }
            _ => out.push(line.clone()),
        }
        previous_line = Some(line);
    }
    out
}

/// The sentences of a text, in order: the agreement units' sentence rule applied inside
/// [`paragraphs`], so a sentence may run across the line breaks of hard-wrapped text.
pub fn sentences(text: &Text) -> Vec<CharRange> {
    let content = text.as_str();
    units::sentences_in(content, &paragraph_spans(content))
        .into_iter()
        .map(|(start, end)| CharRange::new(start, end))
        .collect()
}

/// The hit widened to every unit (sorted, disjoint) it shares a char with.
fn unit_extent(units: &[CharRange], hit: CharRange) -> CharRange {
    let first = units.partition_point(|u| u.end <= hit.start);
    let touched = units[first..].iter().take_while(|u| u.start < hit.end);
    touched.fold(hit, |range, unit| {
        CharRange::new(range.start.min(unit.start), range.end.max(unit.end))
    })
}

/// Letters, digits and the marks that combine with them.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || matches!(c,
            '\u{0300}'..='\u{036F}' // combining diacritical marks
            | '\u{0483}'..='\u{0489}' // Cyrillic combining marks
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}')
}

/// Apostrophes and hyphens belong to a word between two word chars ("don't", "co-operation").
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐')
}

/// The hit widened to the whole words at its ends: an end is moved only when the hit's char
/// there is part of a word, so a hit that begins or ends with a space or a full stop keeps it.
fn word_extent(text: &Text, hit: CharRange) -> CharRange {
    let Some(bytes) = text.byte_range(hit) else {
        return hit;
    };
    let content = text.as_str();
    let inside = &content[bytes.clone()];
    let mut range = hit;
    if inside.chars().next().is_some_and(is_word_char) {
        let mut before = content[..bytes.start].chars().rev().peekable();
        let mut right_is_word = true;
        while let Some(c) = before.next() {
            let joined =
                is_joiner(c) && right_is_word && before.peek().is_some_and(|&p| is_word_char(p));
            if !(is_word_char(c) || joined) {
                break;
            }
            right_is_word = is_word_char(c);
            range.start -= 1;
        }
    }
    if inside.chars().next_back().is_some_and(is_word_char) {
        let mut after = content[bytes.end..].chars().peekable();
        let mut left_is_word = true;
        while let Some(c) = after.next() {
            let joined =
                is_joiner(c) && left_is_word && after.peek().is_some_and(|&n| is_word_char(n));
            if !(is_word_char(c) || joined) {
                break;
            }
            left_is_word = is_word_char(c);
            range.end += 1;
        }
    }
    range
}

/// What a piece of a keyword-in-context line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KwicPart {
    /// Text around the passage, shown for orientation only.
    Context,
    /// Text of the passage that is not the hit (what extending added).
    Passage,
    Hit,
}

/// A keyword-in-context line for the hit inside `passage`: up to `reach` chars on each side of
/// the hit (a hit longer than twice `reach` is cut), whitespace runs and line breaks shown as
/// one space, "…" where the text goes on. Empty parts are left out.
pub fn keyword_in_context(
    text: &Text,
    passage: CharRange,
    hit: CharRange,
    reach: usize,
) -> Vec<(KwicPart, String)> {
    let len = text.char_len();
    let hit_end = hit.end.min(hit.start + 2 * reach).min(len);
    let cut = hit_end < hit.end;
    // A cut hit ends the line: what follows it is not its context.
    let window_end = if cut {
        hit_end
    } else {
        (hit_end + reach).min(len)
    };
    let window = CharRange::new(hit.start.saturating_sub(reach), window_end);
    // Whole words at the edges: the window grows to the next whitespace, within reason.
    let window = if cut {
        CharRange::new(word_edge_before(text, window.start), window.end)
    } else {
        CharRange::new(
            word_edge_before(text, window.start),
            word_edge_after(text, window.end),
        )
    };
    let piece = |start: usize, end: usize| -> String {
        let start = start.max(window.start);
        let end = end.min(window.end);
        if start >= end {
            return String::new();
        }
        collapse_whitespace(text.slice(CharRange::new(start, end)).unwrap_or(""))
    };
    let mut parts = vec![
        (KwicPart::Context, piece(window.start, passage.start)),
        (KwicPart::Passage, piece(passage.start, hit.start)),
        (KwicPart::Hit, piece(hit.start, hit_end)),
        (KwicPart::Passage, piece(hit.end, passage.end)),
        (KwicPart::Context, piece(passage.end, window.end)),
    ];
    parts.retain(|(_, s)| !s.is_empty());
    if let Some((_, first)) = parts.first_mut() {
        let trimmed = first.trim_start();
        *first = if window.start > 0 {
            format!("…{trimmed}")
        } else {
            trimmed.to_string()
        };
    }
    if let Some((_, last)) = parts.last_mut() {
        let trimmed = last.trim_end();
        *last = if window.end < len {
            format!("{trimmed}…")
        } else {
            trimmed.to_string()
        };
    }
    parts
}

/// Chars a keyword-in-context window may grow by to show a word whole.
const WORD_SLACK: usize = 20;

/// `at`, or the start of the word it falls inside if that is near.
fn word_edge_before(text: &Text, at: usize) -> usize {
    let Some(byte) = text.byte_of_char(at) else {
        return at;
    };
    let before = text.as_str()[..byte].chars().rev().take(WORD_SLACK + 1);
    match before.take_while(|c| !c.is_whitespace()).count() {
        n if n <= WORD_SLACK => at - n,
        _ => at,
    }
}

/// `at`, or the end of the word it falls inside if that is near.
fn word_edge_after(text: &Text, at: usize) -> usize {
    let Some(byte) = text.byte_of_char(at) else {
        return at;
    };
    let after = text.as_str()[byte..].chars().take(WORD_SLACK + 1);
    match after.take_while(|c| !c.is_whitespace()).count() {
        n if n <= WORD_SLACK => at + n,
        _ => at,
    }
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::search::{Query, find_all};

    fn hits(text: &Text, pattern: &str) -> Vec<CharRange> {
        let query = Query {
            pattern: pattern.into(),
            ..Default::default()
        };
        find_all(text, &query).unwrap()
    }

    /// The text of each passage for `pattern` extended by `extent`.
    fn coded(text: &str, pattern: &str, extent: Extent) -> Vec<String> {
        let text = Text::from(text);
        passages(&text, &hits(&text, pattern), extent)
            .iter()
            .map(|p| text.slice(p.range).unwrap().to_string())
            .collect()
    }

    #[test]
    fn words_are_completed_at_either_end_and_never_shrunk() {
        let text = "Recruitment, recruit. Pre-recruitment co-operation (recruit)";
        assert_eq!(
            coded(text, "ecruit", Extent::Word),
            ["Recruitment", "recruit", "Pre-recruitment", "recruit"]
        );
        // Ends that are not inside a word stay as they are, punctuation included.
        assert_eq!(coded(text, "recruit)", Extent::Word), ["recruit)"]);
        assert_eq!(coded(text, " co", Extent::Word), [" co-operation"]);
        // A hit spanning two words completes the first and the last.
        assert_eq!(
            coded(text, "ruitment co-op", Extent::Word),
            ["Pre-recruitment co-operation"]
        );
    }

    #[test]
    fn hits_at_the_start_and_end_of_the_text() {
        assert_eq!(coded("recruiters", "rec", Extent::Word), ["recruiters"]);
        assert_eq!(coded("recruiters", "ters", Extent::Word), ["recruiters"]);
        assert_eq!(
            coded("recruiters", "recruiters", Extent::Word),
            ["recruiters"]
        );
        assert_eq!(coded("One. Two", "One", Extent::Sentence), ["One."]);
        assert_eq!(coded("One. Two", "Tw", Extent::Sentence), ["Two"]);
        assert_eq!(coded("x", "x", Extent::Paragraph), ["x"]);
    }

    #[test]
    fn cyrillic_words_and_sentences() {
        let text = "Вербовщики вербуют молодёжь. Вербовка идёт онлайн!\nНовый абзац";
        assert_eq!(
            coded(text, "вербов", Extent::Word),
            ["Вербовщики", "Вербовка"]
        );
        assert_eq!(
            coded(text, "вербу", Extent::Sentence),
            ["Вербовщики вербуют молодёжь."]
        );
        assert_eq!(
            coded(text, "онлайн", Extent::Paragraph),
            ["Вербовщики вербуют молодёжь. Вербовка идёт онлайн!"]
        );
        // Offsets are chars: "молодёжь" with a combining diaeresis is still one word.
        let combining = "моло\u{0434}е\u{0308}жь";
        assert_eq!(coded(combining, "моло", Extent::Word), [combining]);
    }

    #[test]
    fn overlapping_and_touching_passages_are_merged() {
        let text = Text::from("aaa bb. Recruit and recruit. Third recruit.\n\nNext");
        let found = hits(&text, "recruit");
        let sentences = passages(&text, &found, Extent::Sentence);
        assert_eq!(sentences.len(), 2);
        assert_eq!(text.slice(sentences[0].range), Some("Recruit and recruit."));
        assert_eq!(sentences[0].hits, 0..2);
        assert_eq!(sentences[1].hits, 2..3);
        let paragraph = passages(&text, &found, Extent::Paragraph);
        assert_eq!(paragraph.len(), 1);
        assert_eq!(paragraph[0].hits, 0..3);
        // Hits that touch become one passage even as found.
        let touching = Text::from("aaaa b");
        let found = hits(&touching, "aa");
        assert_eq!(found.len(), 2);
        let merged = passages(&touching, &found, Extent::Hit);
        assert_eq!(
            merged,
            [Passage {
                range: CharRange::new(0, 4),
                hits: 0..2
            }]
        );
    }

    /// Hard-wrapped text as PDF extraction leaves it: `lines` full lines per paragraph.
    fn hard_wrapped() -> String {
        let mut text = String::new();
        for paragraph in 0..12 {
            text.push_str(&format!(
                "Paragraph {paragraph} opens a sentence that runs on across the line\n"
            ));
            text.push_str("break of the printed page. A second sentence also wraps onto the\n");
            text.push_str("next line, and the last line of the paragraph is short.\n\n");
        }
        text.push_str("A list follows:\n");
        text.push_str("1. first item of the list\n2. second item\n");
        text
    }

    #[test]
    fn hard_wrapped_lines_join_into_paragraphs_and_sentences() {
        let text = hard_wrapped();
        assert!(detect_wrap_width(&text).is_some());
        let paragraph = coded(&text, "Paragraph 3 ", Extent::Paragraph);
        assert_eq!(
            paragraph,
            [
                "Paragraph 3 opens a sentence that runs on across the line\nbreak of the printed page. \
              A second sentence also wraps onto the\nnext line, and the last line of the paragraph is short."
            ]
        );
        let sentence = coded(&text, "Paragraph 3 ", Extent::Sentence);
        assert_eq!(
            sentence,
            [
                "Paragraph 3 opens a sentence that runs on across the line\nbreak of the printed page."
            ]
        );
        // A short line ends its paragraph; list items stay apart.
        assert_eq!(
            coded(&text, "list", Extent::Paragraph),
            ["A list follows:", "1. first item of the list"]
        );
        // The same lines in a text that is not hard-wrapped are paragraphs of their own.
        let short = "One line.\nAnother line.";
        assert_eq!(
            coded(short, "line", Extent::Paragraph),
            ["One line.", "Another line."]
        );
    }

    #[test]
    fn a_hit_outside_every_unit_stays_as_it_is() {
        assert_eq!(coded("One.\n\n\nTwo.", "\n\n", Extent::Paragraph), ["\n\n"]);
    }

    #[test]
    fn keyword_in_context_marks_the_hit_and_the_extension() {
        let text = Text::from("Young men\nare recruited online   by recruiters abroad.");
        let hit = hits(&text, "recruit")[0];
        let word = word_extent(&text, hit);
        let parts = keyword_in_context(&text, word, hit, 8);
        assert_eq!(
            parts,
            [
                (KwicPart::Context, "…men are ".to_string()),
                (KwicPart::Hit, "recruit".to_string()),
                (KwicPart::Passage, "ed".to_string()),
                (KwicPart::Context, " online…".to_string()),
            ]
        );
        let whole = CharRange::new(0, text.char_len());
        let long = keyword_in_context(&text, whole, whole, 5);
        assert_eq!(long, [(KwicPart::Hit, "Young men…".to_string())]);
    }
}
