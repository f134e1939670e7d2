//! From the positioned lines of a PDF's pages to a document's text and page map: running
//! headers, footers and page numbers dropped, footnotes moved after their page's text, lines
//! joined into paragraphs (words hyphenated at a line end rejoined), ligatures expanded.
//!
//! Pure: no PDF parsing here (`super::extract` gives the lines), so every rule is tested on
//! lines written out in the tests.

use crate::io::reflow::Vocabulary;
use crate::model::PageStart;
use std::collections::HashMap;

/// One line of text on a page, in reading order, with its box in points measured from the top
/// left of the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    /// The font size of most of its chars.
    pub size: f32,
    /// The right edge of the column the line stands in, when the page is set in columns
    /// (`super::columns`); 0 for a line across the page.
    pub column_right: f32,
}

impl Line {
    /// The right edge a full line reaches where this line stands: its column's, else the
    /// page's (`page_right`).
    fn edge(&self, page_right: f32) -> f32 {
        if self.column_right > 0.0 {
            self.column_right
        } else {
            page_right
        }
    }
}

/// One page: its label (`"iv"`, `"12"`) and size, and its lines in reading order.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub label: String,
    pub height: f32,
    pub lines: Vec<Line>,
}

/// The document's text and where each page begins in it.
#[derive(Debug, PartialEq)]
pub struct Laid {
    pub text: String,
    pub pages: Vec<PageStart>,
    /// Lines dropped as running headers, footers or page numbers.
    pub furniture_dropped: usize,
    /// Footnotes moved after their page's text.
    pub notes_moved: usize,
}

/// The top and bottom share of a page where running headers and footers stand.
const MARGIN_BAND: f32 = 0.12;
/// The same for a line that is only a page number (LaTeX sets it 15 % up from the bottom).
const NUMBER_BAND: f32 = 0.2;
/// How many of a page's lines, from its top and from its bottom, may be page furniture.
const FURNITURE_LINES: usize = 3;
/// A footnote's font is at most this share of the body font.
const NOTE_SIZE_SHARE: f32 = 0.92;
/// What marks a footnote as such in the text.
pub const NOTE_MARK: &str = "Note";

/// Ligatures and other presentation forms a PDF font maps a glyph to, as the letters they are.
pub fn expand_ligatures(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            // A soft hyphen only ever shows where a line was broken.
            '\u{00AD}' => out.push('-'),
            '\u{00A0}' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A line's text with digits and roman page numbers taken out, to recognise the same running
/// head or footer on every page ("Page 3 of 60" and "Page 4 of 60" are one footer).
fn furniture_key(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .filter(|w| !is_page_number(w))
        .map(|w| {
            w.chars()
                .filter(|c| !c.is_ascii_digit())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// A word that is only a page number: `12`, `iv`, `-3-`, `[12]`.
fn is_page_number(word: &str) -> bool {
    let core =
        word.trim_matches(|c: char| matches!(c, '-' | '–' | '—' | '[' | ']' | '(' | ')' | '|'));
    !core.is_empty()
        && (core.chars().all(|c| c.is_ascii_digit()) && core.len() <= 4
            || core.len() <= 7 && core.chars().all(|c| "ivxlcdm".contains(c))
            || core.len() <= 7 && core.chars().all(|c| "IVXLCDM".contains(c)))
}

/// Which lines of every page are page furniture: among the first and last lines of a page, in
/// the margin band, those that are only a page number, and those whose text (numbers aside)
/// recurs in the margins of several pages.
fn furniture(pages: &[Page]) -> Vec<Vec<bool>> {
    let in_band = |page: &Page, i: usize, share: f32| {
        let line = &page.lines[i];
        let band = page.height * share;
        (i < FURNITURE_LINES && line.bottom <= band)
            || (i + FURNITURE_LINES >= page.lines.len() && line.top >= page.height - band)
    };
    let candidates = |page: &Page| -> Vec<usize> {
        (0..page.lines.len())
            .filter(|&i| in_band(page, i, MARGIN_BAND))
            .collect()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let mut seen: Vec<String> = candidates(page)
            .into_iter()
            .map(|i| furniture_key(&page.lines[i].text))
            .filter(|k| !k.is_empty())
            .collect();
        seen.sort();
        seen.dedup();
        for key in seen {
            *counts.entry(key).or_insert(0) += 1;
        }
    }
    // Repeating on three pages, or on every page of a two-page document.
    let repeats = pages.len().clamp(2, 3);
    pages
        .iter()
        .map(|page| {
            (0..page.lines.len())
                .map(|i| {
                    let text = &page.lines[i].text;
                    let numbered = text.split_whitespace().all(is_page_number);
                    numbered && in_band(page, i, NUMBER_BAND)
                        || in_band(page, i, MARGIN_BAND)
                            && counts
                                .get(&furniture_key(text))
                                .is_some_and(|&n| n >= repeats)
                })
                .collect()
        })
        .collect()
}

/// The body font size: the size of most chars of the document.
fn body_size(pages: &[Page]) -> f32 {
    let mut chars_by_size: HashMap<u32, usize> = HashMap::new();
    for line in pages.iter().flat_map(|p| &p.lines) {
        *chars_by_size
            .entry((line.size * 10.0).round() as u32)
            .or_insert(0) += line.text.chars().count();
    }
    chars_by_size
        .into_iter()
        .max_by_key(|&(size, n)| (n, size))
        .map_or(10.0, |(size, _)| size as f32 / 10.0)
}

/// Where a page's footnotes begin: the last run of lines, below all body text, set smaller than
/// the body, whose first line starts with a note mark (a number or a symbol).
fn notes_start(lines: &[&Line], body: f32) -> Option<usize> {
    let small = |l: &Line| l.size < body * NOTE_SIZE_SHARE;
    let mut start = lines.len();
    while start > 0 && small(lines[start - 1]) {
        start -= 1;
    }
    if start == lines.len() || start == 0 {
        return None;
    }
    // The notes start at the first of those lines that opens with a mark; lines above it that
    // are small too (a caption) stay in the text.
    let body_bottom = lines[..start].iter().map(|l| l.bottom).fold(0.0, f32::max);
    (start..lines.len())
        .find(|&i| lines[i].top >= body_bottom && note_mark(&lines[i].text).is_some())
}

/// The mark a footnote opens with (`1`, `12`, `*`, `†`), if it opens with one.
fn note_mark(text: &str) -> Option<&str> {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=3).contains(&digits) {
        return Some(&text[..digits]);
    }
    let first = text.chars().next()?;
    matches!(first, '*' | '†' | '‡' | '§').then(|| &text[..first.len_utf8()])
}

/// A line that starts a new item: a bullet or a numbered item.
fn is_list_item(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some('•' | '–' | '—' | '▪' | '◦' | '·' | '●' | '○' | '■' | '-' | '*') => {
            chars.next().is_some_and(char::is_whitespace)
        }
        Some(c) if c.is_ascii_digit() => {
            let rest = text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            text.len() - rest.len() <= 6
                && (rest.starts_with(' ') || rest.starts_with(") "))
                && text
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.ends_with(['.', ')']))
        }
        _ => false,
    }
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '”', '»', ')', ']'])
}

/// Paragraphs made of a run of lines: a line joins the one before unless the gap between them
/// is wider than the usual line spacing, the font changes (a heading), the line before stopped
/// short of the column's right edge, or it starts a list item.
fn paragraphs(lines: &[&Line], vocab: &Vocabulary) -> Vec<String> {
    let mut gaps: Vec<f32> = lines
        .windows(2)
        .map(|w| w[1].top - w[0].top)
        .filter(|&g| g > 0.0)
        .collect();
    gaps.sort_by(f32::total_cmp);
    let usual_gap = gaps.get(gaps.len() / 2).copied();
    let right_edge = lines.iter().map(|l| l.right).fold(0.0, f32::max);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        let joins = i > 0 && !current.is_empty() && {
            let previous = lines[i - 1];
            let gap = line.top - previous.top;
            // Lines are usually set 1.2 font sizes apart; a gap of 1.7 is a blank line.
            // From the foot of one column to the head of the next: the paragraph may go on.
            let column_break = gap < 0.0 && line.left >= previous.right - 1.0;
            let spaced = !column_break
                && (gap < 0.0
                    || gap > previous.size * 1.7
                    || usual_gap.is_some_and(|usual| gap > usual * 1.45));
            let resized = (line.size - previous.size).abs() > previous.size * 0.08;
            let edge = previous.edge(right_edge);
            let short = previous.right < edge - previous.size * 4.0
                && ends_sentence(&previous.text)
                || previous.right < edge * 0.6 && !ends_with_word_hyphen(&previous.text);
            !(spaced || resized || short || is_list_item(text))
        };
        if joins {
            join_line(&mut current, text, vocab);
        } else {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            current.push_str(text);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A word broken at the line end: a letter and then a hyphen.
fn ends_with_word_hyphen(text: &str) -> bool {
    let mut rev = text.trim_end().chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic)
}

/// Join `next` onto `out`: a word hyphenated at the line end is rejoined (the hyphen kept when
/// the document writes the word with one); a hyphen before a capital or a digit belongs to a
/// name or number broken there ("al-|Muhajir", "COVID-|19") and joins without a space;
/// otherwise one space.
fn join_line(out: &mut String, next: &str, vocab: &Vocabulary) {
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    let first = next.chars().next();
    if ends_with_word_hyphen(out) && first.is_some_and(char::is_lowercase) {
        let cut = out.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let before = out[cut..].to_string();
        out.truncate(cut);
        out.push_str(&vocab.join_typeset_hyphen(&before, next));
    } else if ends_with_word_hyphen(out)
        && first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        out.push_str(next);
    } else {
        out.push(' ');
        out.push_str(next);
    }
}

/// Lay out the pages as one text: each page's body paragraphs, then its footnotes (each a
/// paragraph opening with "Note"); a paragraph that runs on to the next page is joined there,
/// and the notes of the page it started on follow it.
pub fn lay_out(mut pages: Vec<Page>) -> Laid {
    for page in &mut pages {
        for line in &mut page.lines {
            line.text = expand_ligatures(&line.text);
        }
        page.lines.retain(|l| !l.text.trim().is_empty());
    }
    let furniture = furniture(&pages);
    let body = body_size(&pages);
    let vocab = Vocabulary::new(&unbroken_words(&pages));

    let mut laid = Laid {
        text: String::new(),
        pages: Vec::new(),
        furniture_dropped: 0,
        notes_moved: 0,
    };
    // Notes waiting for the paragraph that runs across a page break to end.
    let mut pending_notes: Vec<(String, Vec<String>)> = Vec::new();
    let mut open_paragraph = false;
    let mut last_line_full = false;
    for (page, flags) in pages.iter().zip(&furniture) {
        laid.furniture_dropped += flags.iter().filter(|&&f| f).count();
        let lines: Vec<&Line> = page
            .lines
            .iter()
            .zip(flags)
            .filter(|(_, furniture)| !**furniture)
            .map(|(l, _)| l)
            .collect();
        if lines.is_empty() {
            continue;
        }
        let (body_lines, note_lines) = match notes_start(&lines, body) {
            Some(start) => lines.split_at(start),
            None => (&lines[..], &[][..]),
        };
        let body_paragraphs = paragraphs(body_lines, &vocab);
        let notes = notes(note_lines, &vocab);
        laid.notes_moved += notes.len();
        let page_start = laid.text.chars().count();
        let mut page_marked = false;
        let mark_page = |laid: &mut Laid, at: usize| {
            laid.pages.push(PageStart {
                start: at,
                label: page.label.clone(),
            });
        };
        for (i, paragraph) in body_paragraphs.iter().enumerate() {
            // The paragraph left open at the foot of the page before goes on here when this
            // one starts in lower case, or when that page's last line was full (a line that
            // does not end a sentence and runs to the right edge is not a heading).
            let continues = i == 0
                && open_paragraph
                && (last_line_full || paragraph.chars().next().is_some_and(char::is_lowercase));
            if continues {
                let at = laid.text.chars().count() + 1;
                mark_page(&mut laid, at);
                page_marked = true;
                join_line(&mut laid.text, paragraph, &vocab);
            } else {
                flush_notes(
                    &mut laid,
                    &mut pending_notes,
                    page_marked.then_some(&page.label),
                );
                if !laid.text.is_empty() {
                    laid.text.push_str("\n\n");
                }
                if !page_marked {
                    let at = laid.text.chars().count();
                    mark_page(&mut laid, at);
                    page_marked = true;
                }
                laid.text.push_str(paragraph);
            }
        }
        if !page_marked {
            let at = page_start.max(laid.text.chars().count());
            mark_page(&mut laid, at);
        }
        let last = body_paragraphs.last();
        open_paragraph = last.is_some_and(|p| !ends_sentence(p));
        let right_edge = body_lines.iter().map(|l| l.right).fold(0.0, f32::max);
        last_line_full = body_lines
            .last()
            .is_some_and(|l| l.right >= l.edge(right_edge) - l.size * 4.0);
        if !notes.is_empty() {
            pending_notes.push((page.label.clone(), notes));
        }
        if !open_paragraph {
            flush_notes(&mut laid, &mut pending_notes, None);
        }
    }
    flush_notes(&mut laid, &mut pending_notes, None);
    let len = laid.text.chars().count();
    dedupe_page_starts(&mut laid.pages, len);
    laid
}

/// The document's words without the halves of words hyphenated at a line end, so that those
/// halves do not count as words of their own when deciding whether a hyphen is the typesetter's.
fn unbroken_words(pages: &[Page]) -> String {
    let mut out = String::new();
    let mut broken_before = false;
    for line in pages.iter().flat_map(|p| &p.lines) {
        let mut words: Vec<&str> = line.text.split_whitespace().collect();
        if broken_before && !words.is_empty() {
            words.remove(0);
        }
        broken_before = ends_with_word_hyphen(&line.text);
        if broken_before {
            words.pop();
        }
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
}

/// Footnotes as paragraphs, one per note: a line that opens with a mark starts a note.
fn notes(lines: &[&Line], vocab: &Vocabulary) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    for line in lines {
        let text = line.text.trim();
        match (note_mark(text), notes.last_mut()) {
            (Some(mark), _) => {
                let rest = text[mark.len()..].trim_start();
                notes.push(format!("{NOTE_MARK} {mark}: {rest}"));
            }
            (None, Some(note)) => join_line(note, text, vocab),
            (None, None) => notes.push(format!("{NOTE_MARK}: {text}")),
        }
    }
    notes
}

/// Write the notes held back for a paragraph that crossed a page break; they belong to the page
/// they stood on, so the page map goes back to that page for them and on to `resume` after.
fn flush_notes(laid: &mut Laid, pending: &mut Vec<(String, Vec<String>)>, resume: Option<&String>) {
    let held = std::mem::take(pending);
    let any = !held.is_empty();
    for (label, notes) in held {
        laid.text.push_str("\n\n");
        let at = laid.text.chars().count();
        if laid.pages.last().is_none_or(|p| p.label != label) {
            laid.pages.push(PageStart { start: at, label });
        }
        laid.text.push_str(&notes.join("\n\n"));
    }
    if any && let Some(label) = resume {
        // The next paragraph (written by the caller after "\n\n") is on the page being laid.
        let at = laid.text.chars().count() + 2;
        laid.pages.push(PageStart {
            start: at,
            label: label.clone(),
        });
    }
}

/// Keep one start per offset (the last: a page with no text of its own before the next), none
/// past the text's `len` chars, and no start that repeats the page before.
fn dedupe_page_starts(pages: &mut Vec<PageStart>, len: usize) {
    let mut out: Vec<PageStart> = Vec::with_capacity(pages.len());
    for page in pages.drain(..).filter(|p| p.start < len) {
        if out.last().is_some_and(|p| p.start == page.start) {
            out.pop();
        }
        if out.last().is_some_and(|p| p.label == page.label) {
            continue;
        }
        out.push(page);
    }
    if let Some(first) = out.first_mut() {
        first.start = 0;
    }
    *pages = out;
}

#[cfg(test)]
mod tests;
