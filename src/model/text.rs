//! A document's stored text and the one place where char offsets become byte offsets.
//!
//! Offsets in Coda are chars (Unicode scalar values). Rust strings are indexed by bytes, so every
//! slice of a document goes through [`Text`], which keeps a checkpoint table: the byte offset of
//! every [`STRIDE`]-th char. A lookup jumps to the checkpoint and walks fewer than `STRIDE` chars,
//! so it costs O(1) for char → byte and O(log n) for byte → char, even on a 10 MB text.
//!
//! A text never changes once made, so copies share it: cloning a [`Text`] (and so a document or
//! a whole project, as autosave does every 30 s) copies two pointers, not megabytes, and the
//! copies share the index too, whichever of them builds it.

use crate::model::CharRange;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::{Arc, OnceLock};

/// Chars between two checkpoints.
const STRIDE: usize = 64;

/// Immutable document text with a lazily built char ↔ byte index, both shared by clones.
#[derive(Clone, Default)]
pub struct Text {
    content: Arc<str>,
    index: Arc<OnceLock<CharIndex>>,
}

#[derive(Debug, Clone)]
struct CharIndex {
    /// `checkpoints[k]` is the byte offset of char `k * STRIDE`.
    checkpoints: Vec<usize>,
    char_len: usize,
    ascii: bool,
}

impl CharIndex {
    fn build(text: &str) -> Self {
        if text.is_ascii() {
            return Self {
                checkpoints: Vec::new(),
                char_len: text.len(),
                ascii: true,
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut char_len = 0;
        for (n, (byte, _)) in text.char_indices().enumerate() {
            if n % STRIDE == 0 {
                checkpoints.push(byte);
            }
            char_len = n + 1;
        }
        Self {
            checkpoints,
            char_len,
            ascii: false,
        }
    }
}

impl Text {
    pub fn new(content: String) -> Self {
        Self {
            content: content.into(),
            index: Arc::default(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.content
    }

    fn index(&self) -> &CharIndex {
        self.index.get_or_init(|| CharIndex::build(&self.content))
    }

    /// Length in chars.
    pub fn char_len(&self) -> usize {
        self.index().char_len
    }

    /// Byte offset of char `offset`; `offset == char_len()` gives the text's byte length.
    /// Returns `None` past the end.
    pub fn byte_of_char(&self, offset: usize) -> Option<usize> {
        let index = self.index();
        if offset > index.char_len {
            return None;
        }
        if index.ascii {
            return Some(offset);
        }
        if offset == index.char_len {
            return Some(self.content.len());
        }
        let base = index.checkpoints[offset / STRIDE];
        let walk = offset % STRIDE;
        self.content[base..]
            .char_indices()
            .nth(walk)
            .map(|(b, _)| base + b)
    }

    /// Char offset of byte `byte`, which must lie on a char boundary (or be the byte length).
    pub fn char_of_byte(&self, byte: usize) -> Option<usize> {
        if byte > self.content.len() || !self.content.is_char_boundary(byte) {
            return None;
        }
        let index = self.index();
        if index.ascii {
            return Some(byte);
        }
        let k = index.checkpoints.partition_point(|&b| b <= byte) - 1;
        let base = index.checkpoints[k];
        Some(k * STRIDE + self.content[base..byte].chars().count())
    }

    /// The byte range of a char range, or `None` if it does not lie inside the text.
    pub fn byte_range(&self, range: CharRange) -> Option<std::ops::Range<usize>> {
        if range.start > range.end {
            return None;
        }
        Some(self.byte_of_char(range.start)?..self.byte_of_char(range.end)?)
    }

    /// The text of a char range, or `None` if it does not lie inside the text.
    pub fn slice(&self, range: CharRange) -> Option<&str> {
        self.byte_range(range).map(|r| &self.content[r])
    }
}

impl Text {
    /// Every place `needle` occurs, where any run of whitespace in either matches any run of
    /// whitespace in the other: a quote copied across a line break still finds its passage.
    /// Ranges are in chars and cover the passage as stored, from its first to its last
    /// non-whitespace char.
    pub fn find_ignoring_whitespace(&self, needle: &str) -> Vec<CharRange> {
        let (needle, _) = collapse_whitespace(needle.trim());
        if needle.is_empty() {
            return Vec::new();
        }
        let (haystack, origin) = collapse_whitespace(&self.content);
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = haystack[from..].find(&needle) {
            let start_byte = from + at;
            let start = haystack[..start_byte].chars().count();
            let len = needle.chars().count();
            found.push(CharRange::new(origin[start], origin[start + len - 1] + 1));
            // Continue after this match's first char, so overlapping matches are found too.
            from = start_byte
                + haystack[start_byte..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
        }
        found
    }
}

/// The text with every whitespace run replaced by one space, and for each char of the result the
/// char offset in the original it came from.
fn collapse_whitespace(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut in_space = false;
    for (i, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                origin.push(i);
            }
            in_space = true;
        } else {
            out.push(c);
            origin.push(i);
            in_space = false;
        }
    }
    (out, origin)
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        // Copies of one text are equal without comparing megabytes.
        Arc::ptr_eq(&self.content, &other.content) || self.content == other.content
    }
}

impl Eq for Text {}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let preview: String = self.content.chars().take(40).collect();
        write!(f, "Text({} bytes: {preview:?}…)", self.content.len())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::new(s.to_string())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::new(s)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.content)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_and_unicode() {
        let t = Text::from("György Szabó");
        assert_eq!(t.char_len(), 12);
        assert_eq!(t.slice(CharRange::new(0, 6)), Some("György"));
        assert_eq!(t.slice(CharRange::new(7, 12)), Some("Szabó"));
        assert_eq!(t.slice(CharRange::new(7, 13)), None);
        assert_eq!(t.char_of_byte(3), None, "inside ö");
        let a = Text::from("plain");
        assert_eq!(a.byte_of_char(5), Some(5));
        assert_eq!(a.byte_of_char(6), None);
    }

    #[test]
    fn clones_share_the_text_and_its_index() {
        let original = Text::from("Трудовые мигранты — labour migrants");
        let copy = original.clone();
        assert!(std::ptr::eq(original.as_str(), copy.as_str()));
        assert_eq!(copy.char_len(), 35);
        assert!(
            original.index.get().is_some(),
            "the index the copy built serves the original"
        );
        assert_eq!(original, copy);
        assert_ne!(original, Text::from("Трудовые"));
    }

    #[test]
    fn finds_quotes_across_line_breaks() {
        let t = Text::from(
            "Migrants in Russia\nare  recruited — often\tonline. Migrants in Russia are",
        );
        let found = t.find_ignoring_whitespace("Russia are recruited —");
        assert_eq!(found.len(), 1);
        assert_eq!(t.slice(found[0]), Some("Russia\nare  recruited —"));
        assert_eq!(t.find_ignoring_whitespace(" Migrants in Russia ").len(), 2);
        assert!(t.find_ignoring_whitespace("absent").is_empty());
        assert!(t.find_ignoring_whitespace("  ").is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn char_byte_conversion_matches_naive(s in "\\PC{0,400}", picks in proptest::collection::vec(0usize..500, 1..20)) {
            let t = Text::from(s.as_str());
            let naive: Vec<usize> = s.char_indices().map(|(b, _)| b).chain([s.len()]).collect();
            prop_assert_eq!(t.char_len(), naive.len() - 1);
            for p in picks {
                let expected = naive.get(p).copied();
                prop_assert_eq!(t.byte_of_char(p), expected);
                if let Some(b) = expected {
                    prop_assert_eq!(t.char_of_byte(b), Some(p));
                }
            }
            for (c, &b) in naive.iter().enumerate() {
                prop_assert_eq!(t.byte_of_char(c), Some(b));
                prop_assert_eq!(t.char_of_byte(b), Some(c));
            }
        }
    }
}
