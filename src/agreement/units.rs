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

/// The paragraphs of a text as char ranges: the lines between line breaks, without their
/// leading and trailing whitespace; blank lines are not units.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut units = Vec::new();
    // The first and one-past-last non-whitespace char of the current line, if any.
    let mut content: Option<(usize, usize)> = None;
    for (offset, c) in text.chars().enumerate() {
        if c == '\n' {
            units.extend(content.take());
        } else if !c.is_whitespace() {
            content = Some(match content {
                Some((first, _)) => (first, offset + 1),
                None => (offset, offset + 1),
            });
        }
    }
    units.extend(content);
    units
}

/// The sentences of a text as char ranges. A sentence ends at a paragraph end, or after a
/// run of terminators (. ! ? … ؟ and closing quotes or brackets right after them) that is
/// followed by whitespace. Abbreviations such as "e.g. " therefore end a sentence: the rule is
/// simple so that a researcher can predict it.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    sentences_in(text, &paragraphs(text))
}

/// The sentences inside the given paragraphs (char ranges of `text`, in order), by the rule of
/// [`sentences`]: for paragraphs found by another rule, such as hard-wrapped lines joined.
/// Line breaks inside a paragraph count as whitespace.
pub fn sentences_in(text: &str, paragraphs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut units = Vec::new();
    for &(para_start, para_end) in paragraphs {
        let mut start = para_start;
        let mut i = para_start;
        while i < para_end {
            if is_terminator(chars[i]) {
                let mut end = i + 1;
                while end < para_end && (is_terminator(chars[end]) || is_closer(chars[end])) {
                    end += 1;
                }
                if end == para_end || chars[end].is_whitespace() {
                    push_trimmed(chars[start..end].iter().copied(), start, &mut units);
                    start = end;
                }
                i = end;
            } else {
                i += 1;
            }
        }
        push_trimmed(chars[start..para_end].iter().copied(), start, &mut units);
    }
    units
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

/// Pushes the range of `chars` (starting at char offset `start`) without surrounding
/// whitespace, if anything is left.
fn push_trimmed(chars: impl Iterator<Item = char>, start: usize, units: &mut Vec<(usize, usize)>) {
    let chars: Vec<char> = chars.collect();
    let Some(first) = chars.iter().position(|c| !c.is_whitespace()) else {
        return;
    };
    let last = chars
        .iter()
        .rposition(|c| !c.is_whitespace())
        .unwrap_or(first);
    units.push((start + first, start + last + 1));
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

    #[test]
    fn unit_names_parse() {
        assert_eq!("sentence".parse::<Unit>(), Ok(Unit::Sentence));
        assert!("word".parse::<Unit>().is_err());
    }
}
