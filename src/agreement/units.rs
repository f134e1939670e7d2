//! The units of comparison: characters, sentences or paragraphs of a document's text.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// What one unit of comparison is. A sentence or paragraph counts as coded when any of its
/// characters is coded, and every unit weighs the same whatever its length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    #[default]
    Char,
    Sentence,
    Paragraph,
}

impl Unit {
    pub const ALL: [Unit; 3] = [Unit::Char, Unit::Sentence, Unit::Paragraph];

    pub fn name(self) -> &'static str {
        match self {
            Unit::Char => "char",
            Unit::Sentence => "sentence",
            Unit::Paragraph => "paragraph",
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Unit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Unit::ALL
            .into_iter()
            .find(|u| u.name() == s)
            .ok_or_else(|| format!("unknown unit {s:?}: expected char, sentence or paragraph"))
    }
}

/// A paragraph located in a text both ways: its chars (what units are counted in) and its bytes
/// (what the sentence scan reads, so it never has to decode the text before the paragraph).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParagraphSpan {
    pub chars: (usize, usize),
    pub bytes: std::ops::Range<usize>,
}

/// The paragraphs of a text as char ranges: the lines between line breaks, without their
/// leading and trailing whitespace; blank lines are not units.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    paragraph_spans(text).into_iter().map(|p| p.chars).collect()
}

/// [`paragraphs`] with their byte ranges. Line by line, counting chars with `str`'s fast count
/// rather than decoding every char: this is what the co-occurrence and agreement units of a
/// 10 MB project spend their time on.
pub fn paragraph_spans(text: &str) -> Vec<ParagraphSpan> {
    let mut spans = Vec::new();
    let (mut byte, mut char) = (0, 0);
    for line in text.split('\n') {
        let trimmed_start = line.trim_start();
        if !trimmed_start.is_empty() {
            let content = trimmed_start.trim_end();
            let lead_bytes = line.len() - trimmed_start.len();
            let first_char = char + line[..lead_bytes].chars().count();
            let start = byte + lead_bytes;
            spans.push(ParagraphSpan {
                chars: (first_char, first_char + content.chars().count()),
                bytes: start..start + content.len(),
            });
        }
        byte += line.len() + 1;
        char += line.chars().count() + 1;
    }
    spans
}

/// The sentences of a text as char ranges. A sentence ends at a paragraph end, or after a
/// run of terminators (. ! ? … ؟ and closing quotes or brackets right after them) that is
/// followed by whitespace. Abbreviations such as "e.g. " therefore end a sentence: the rule is
/// simple so that a researcher can predict it.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    sentences_in(text, &paragraph_spans(text))
}

/// The sentences inside the given paragraphs (of `text`, in order), by the rule of
/// [`sentences`]: for paragraphs found by another rule, such as hard-wrapped lines joined.
/// Line breaks inside a paragraph count as whitespace. The scan jumps from one terminator to
/// the next and counts the chars in between with `str`'s fast count, so most chars are never
/// decoded one by one.
pub fn sentences_in(text: &str, paragraphs: &[ParagraphSpan]) -> Vec<(usize, usize)> {
    let mut units = Vec::new();
    for paragraph in paragraphs {
        let para = &text[paragraph.bytes.clone()];
        let mut offsets = CharOffsets {
            text: para,
            byte: 0,
            char: paragraph.chars.0,
        };
        let mut push = |start: usize, end: usize, offsets: &mut CharOffsets| {
            let piece = &para[start..end];
            let content = piece.trim();
            if !content.is_empty() {
                let first = start + (piece.len() - piece.trim_start().len());
                let from = offsets.at(first);
                units.push((from, offsets.at(first + content.len())));
            }
        };
        let mut start = 0;
        let mut from = 0;
        for terminator in terminators(para) {
            if terminator < from {
                continue; // inside the run of terminators just read
            }
            let mut end = terminator;
            let mut rest = para[terminator..].chars();
            // The terminator itself, then any run of terminators and closers after it.
            for c in rest.by_ref() {
                if end > terminator && !(is_terminator(c) || is_closer(c)) {
                    break;
                }
                end += c.len_utf8();
            }
            if para[end..].chars().next().is_none_or(char::is_whitespace) {
                push(start, end, &mut offsets);
                start = end;
            }
            from = end;
        }
        push(start, para.len(), &mut offsets);
    }
    units
}

/// Char offsets of byte positions met in increasing order: each is counted on from the last.
struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

impl CharOffsets<'_> {
    fn at(&mut self, byte: usize) -> usize {
        self.char += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.char
    }
}

/// The byte positions of a text's terminators, in order. Only bytes that can begin one (ASCII
/// . ! ? and the lead bytes of … ؟ 。) are looked at closer; memchr finds both kinds with SIMD.
fn terminators(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut ascii = memchr::memchr3_iter(b'.', b'!', b'?', bytes).peekable();
    let mut leads = memchr::memchr3_iter(0xD8, 0xE2, 0xE3, bytes)
        .filter(move |&at| text[at..].chars().next().is_some_and(is_terminator))
        .peekable();
    std::iter::from_fn(move || match (ascii.peek(), leads.peek()) {
        (Some(a), Some(l)) if l < a => leads.next(),
        (Some(_), _) => ascii.next(),
        (None, _) => leads.next(),
    })
}

/// The unit ranges of a text for `unit` (characters need no list: unit i is char i).
pub fn unit_ranges(unit: Unit, text: &str) -> Option<Vec<(usize, usize)>> {
    match unit {
        Unit::Char => None,
        Unit::Sentence => Some(sentences(text)),
        Unit::Paragraph => Some(paragraphs(text)),
    }
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '؟' | '。')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, ranges: &[(usize, usize)]) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        ranges
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect())
            .collect()
    }

    #[test]
    fn paragraphs_are_non_blank_lines() {
        let text = "  First line.\n\nSecond — Ωμέγα \n   \nThird";
        assert_eq!(
            texts(text, &paragraphs(text)),
            ["First line.", "Second — Ωμέγα", "Third"]
        );
    }

    #[test]
    fn sentences_split_after_terminators_followed_by_space() {
        let text =
            "He left (in 2014.) Then? \"Yes!\" he said. Version 1.5 is out…\nНовый абзац. Да";
        assert_eq!(
            texts(text, &sentences(text)),
            [
                "He left (in 2014.)",
                "Then?",
                // The rule has no exception for quoted speech.
                "\"Yes!\"",
                "he said.",
                "Version 1.5 is out…",
                "Новый абзац.",
                "Да"
            ]
        );
    }

    /// The rule as first written: every char decoded into one array, each unit trimmed from
    /// its own copy. Slow, but plainly the rule; the fast scan must agree with it.
    fn paragraphs_by_the_letter(text: &str) -> Vec<(usize, usize)> {
        let mut lines = Vec::new();
        let mut content: Option<(usize, usize)> = None;
        for (offset, c) in text.chars().enumerate() {
            if c == '\n' {
                lines.extend(content.take());
            } else if !c.is_whitespace() {
                content = Some((content.map_or(offset, |(first, _)| first), offset + 1));
            }
        }
        lines.extend(content);
        lines
    }

    fn sentences_by_the_letter(text: &str) -> Vec<(usize, usize)> {
        let chars: Vec<char> = text.chars().collect();
        let lines = paragraphs_by_the_letter(text);
        let trimmed = |start: usize, end: usize| {
            let first = (start..end).find(|&i| !chars[i].is_whitespace())?;
            let last = (start..end).rfind(|&i| !chars[i].is_whitespace())?;
            Some((first, last + 1))
        };
        let mut units = Vec::new();
        for &(para_start, para_end) in &lines {
            let (mut start, mut i) = (para_start, para_start);
            while i < para_end {
                if is_terminator(chars[i]) {
                    let mut end = i + 1;
                    while end < para_end && (is_terminator(chars[end]) || is_closer(chars[end])) {
                        end += 1;
                    }
                    if end == para_end || chars[end].is_whitespace() {
                        units.extend(trimmed(start, end));
                        start = end;
                    }
                    i = end;
                } else {
                    i += 1;
                }
            }
            units.extend(trimmed(start, para_end));
        }
        units
    }

    proptest::proptest! {
        #[test]
        fn the_fast_scan_finds_the_units_the_rule_gives(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Ω", "да", "ب", "—", "、", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\u{2028}", ".",
                    "!", "?", "…", "؟", "。", "\"", "'", "»", ")", "]", "e.g.", "1.5",
                ]),
                0..60,
            )
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(sentences(&text), sentences_by_the_letter(&text));
            proptest::prop_assert_eq!(paragraphs(&text), paragraphs_by_the_letter(&text));
            for span in paragraph_spans(&text) {
                let by_chars: String =
                    text.chars().skip(span.chars.0).take(span.chars.1 - span.chars.0).collect();
                proptest::prop_assert_eq!(&text[span.bytes], by_chars.as_str());
            }
        }
    }

    #[test]
    fn unit_names_parse() {
        assert_eq!("sentence".parse::<Unit>(), Ok(Unit::Sentence));
        assert!("word".parse::<Unit>().is_err());
    }
}
