//! Finding a quote in a document fast: every place a passage occurs, whatever its line breaks
//! and spacing, as char ranges.
//!
//! The document's text is collapsed once (each run of whitespace becomes one space) with a small
//! table that maps offsets in the collapsed text back to the document's; a quote is collapsed
//! the same way and looked up in the collapsed text. For many quotes in one document, a suffix
//! array of the collapsed text answers each with two binary searches (under 10 µs on a 10 MB
//! document), but it takes about a third of a second per 10 MB to build; a scan of the
//! collapsed text for one quote takes about a quarter of a millisecond per 10 MB, so for a few
//! quotes scanning is cheaper. [`QuoteIndex::for_lookups`] chooses. The suffix array is built by
//! `libsais`; why, and the figures: `docs/PERFORMANCE.md`, "Quote lookup".

use crate::model::{CharRange, Text};
use memchr::memmem;

/// From how many quotes to find in one document on, a suffix array is built for it. Building
/// one costs as much as about 1,300 typical scans; below 256 the scans together cost at most a
/// fifth of that, and still less than the build for quotes that scan five times slower (made
/// of common letters). See `docs/PERFORMANCE.md`, "Quote lookup".
pub const SUFFIX_ARRAY_FROM: usize = 256;

/// One document's text, collapsed for quote lookups.
pub struct QuoteIndex<'t> {
    text: &'t Text,
    /// The text with each whitespace run replaced by one space.
    collapsed: String,
    /// `(collapsed byte, text byte)` pairs, by collapsed byte: from each pair's collapsed byte
    /// on, until the next pair's, a non-space byte of `collapsed` is at the text byte
    /// `text byte + (collapsed byte - pair's collapsed byte)`. A pair is added only where a
    /// whitespace run is not one byte long, so the table stays small.
    shifts: Vec<(usize, usize)>,
    /// The collapsed text's suffixes in sorted order, as their byte offsets.
    suffixes: Option<Vec<i32>>,
}

impl<'t> QuoteIndex<'t> {
    /// An index for `lookups` quotes to be found in `text`: with a suffix array when that is
    /// cheaper than scanning for each.
    pub fn for_lookups(text: &'t Text, lookups: usize) -> Self {
        if lookups >= SUFFIX_ARRAY_FROM {
            Self::with_suffix_array(text)
        } else {
            Self::scanning(text)
        }
    }

    /// An index that scans the collapsed text for each quote.
    pub fn scanning(text: &'t Text) -> Self {
        let (collapsed, shifts) = collapse_with_shifts(text.as_str());
        Self {
            text,
            collapsed,
            shifts,
            suffixes: None,
        }
    }

    /// An index with a suffix array of the collapsed text. A text too long for one (2 GiB) is
    /// scanned instead.
    pub fn with_suffix_array(text: &'t Text) -> Self {
        let mut index = Self::scanning(text);
        index.suffixes = libsais::SuffixArrayConstruction::for_text(index.collapsed.as_bytes())
            .in_owned_buffer32()
            .single_threaded()
            .run()
            .ok()
            .map(|result| result.into_vec());
        index
    }

    pub fn has_suffix_array(&self) -> bool {
        self.suffixes.is_some()
    }

    /// Every place `quote` occurs, in document order, overlapping ones included. Whitespace at
    /// either end of the quote is left out and any run of whitespace in it matches any run in
    /// the text. An empty quote occurs nowhere.
    pub fn find(&self, quote: &str) -> Found<'_, 't> {
        let needle = collapse(quote.trim());
        let bytes = self.collapsed.as_bytes();
        let pattern = needle.as_bytes();
        let starts = if pattern.is_empty() {
            Vec::new()
        } else if let Some(suffixes) = &self.suffixes {
            // Suffixes that start with the pattern are one run of the sorted array.
            let first = suffixes.partition_point(|&s| &bytes[s as usize..] < pattern);
            let count =
                suffixes[first..].partition_point(|&s| bytes[s as usize..].starts_with(pattern));
            let mut starts: Vec<usize> = suffixes[first..first + count]
                .iter()
                .map(|&s| s as usize)
                .collect();
            starts.sort_unstable();
            starts
        } else {
            let finder = memmem::Finder::new(pattern);
            let mut starts = Vec::new();
            let mut from = 0;
            while let Some(at) = finder.find(&bytes[from..]) {
                starts.push(from + at);
                // A match of UTF-8 starts on a char boundary, so the next one starts later.
                from += at + 1;
            }
            starts
        };
        Found {
            index: self,
            starts,
            len: pattern.len(),
            last_char: needle.chars().next_back().map_or(0, char::len_utf8),
        }
    }

    /// The text's byte offset of a non-space byte of the collapsed text.
    fn text_byte(&self, collapsed: usize) -> usize {
        let k = self.shifts.partition_point(|&(c, _)| c <= collapsed) - 1;
        let (c, t) = self.shifts[k];
        t + (collapsed - c)
    }
}

/// The occurrences of one quote.
pub struct Found<'i, 't> {
    index: &'i QuoteIndex<'t>,
    /// Byte offsets in the collapsed text, ascending.
    starts: Vec<usize>,
    /// The collapsed quote's length in bytes, and its last char's.
    len: usize,
    last_char: usize,
}

impl Found<'_, '_> {
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The `n`-th occurrence (0-based, in document order) as a range of the document's chars,
    /// from the quote's first to its last non-whitespace char.
    pub fn get(&self, n: usize) -> Option<CharRange> {
        let start = *self.starts.get(n)?;
        let index = self.index;
        // The quote begins and ends with a non-space char, copied as it is from the text.
        let first = index.text_byte(start);
        let last = index.text_byte(start + self.len - self.last_char);
        let char_of = |byte| {
            index
                .text
                .char_of_byte(byte)
                .expect("a match begins and ends on a char boundary of the text")
        };
        Some(CharRange::new(char_of(first), char_of(last) + 1))
    }
}

/// `text` with each run of whitespace replaced by one space.
fn collapse(text: &str) -> String {
    collapse_with_shifts(text).0
}

/// `text` collapsed, and the table of [`QuoteIndex::shifts`].
fn collapse_with_shifts(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(text.len());
    let mut shifts = vec![(0, 0)];
    let mut shift = 0;
    let mut in_space = false;
    let mut rest = text;
    let mut at = 0;
    while !rest.is_empty() {
        // Copy the run up to the next whitespace as it is.
        let run = rest
            .char_indices()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(rest.len(), |(i, _)| i);
        if run > 0 {
            if in_space && at - out.len() != shift {
                shift = at - out.len();
                shifts.push((out.len(), at));
            }
            out.push_str(&rest[..run]);
            in_space = false;
        }
        // Then the whitespace run as one space.
        let space = rest[run..]
            .char_indices()
            .find(|&(_, c)| !c.is_whitespace())
            .map_or(rest.len() - run, |(i, _)| i);
        if space > 0 {
            out.push(' ');
            in_space = true;
        }
        at += run + space;
        rest = &rest[run + space..];
    }
    (out, shifts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_quotes_across_line_breaks_in_chars() {
        let text = Text::from(
            "Трудовые\u{a0}мигранты в\n\nРоссии — often\tonline.  Трудовые мигранты  в России",
        );
        for index in [
            QuoteIndex::scanning(&text),
            QuoteIndex::with_suffix_array(&text),
        ] {
            let found = index.find("  мигранты в России ");
            assert_eq!(found.len(), 2);
            assert_eq!(found.get(0), Some(CharRange::new(9, 27)));
            assert_eq!(
                text.slice(found.get(0).unwrap()),
                Some("мигранты в\n\nРоссии")
            );
            assert_eq!(
                text.slice(found.get(1).unwrap()),
                Some("мигранты  в России")
            );
            assert_eq!(found.get(2), None);
            assert_eq!(index.find("— often online.").len(), 1);
            assert!(index.find("absent").is_empty());
            assert!(index.find(" \n ").is_empty());
        }
    }

    #[test]
    fn overlapping_occurrences_are_all_found() {
        let text = Text::from("aaaa");
        for index in [
            QuoteIndex::scanning(&text),
            QuoteIndex::with_suffix_array(&text),
        ] {
            let found = index.find("aa");
            let ranges: Vec<CharRange> = (0..found.len()).filter_map(|n| found.get(n)).collect();
            assert_eq!(
                ranges,
                [
                    CharRange::new(0, 2),
                    CharRange::new(1, 3),
                    CharRange::new(2, 4)
                ]
            );
        }
    }

    #[test]
    fn many_lookups_get_a_suffix_array() {
        let text = Text::from("x");
        assert!(!QuoteIndex::for_lookups(&text, SUFFIX_ARRAY_FROM - 1).has_suffix_array());
        assert!(QuoteIndex::for_lookups(&text, SUFFIX_ARRAY_FROM).has_suffix_array());
    }

    fn text_and_quotes() -> impl Strategy<Value = (String, Vec<String>)> {
        let chars = proptest::sample::select(vec![
            'a', 'b', 'a', 'b', 'ж', '—', ' ', ' ', '\n', '\t', '\u{a0}', '\u{2003}', '\r',
        ]);
        proptest::collection::vec(chars, 0..200).prop_flat_map(|chars| {
            let len = chars.len();
            let text: String = chars.iter().collect();
            // Quotes cut from the text (so most occur), and a few of its chars in another order.
            let cut = (0..=len, 0..=12usize).prop_map(move |(start, n)| {
                chars[start..(start + n).min(len)]
                    .iter()
                    .collect::<String>()
            });
            (Just(text), proptest::collection::vec(cut, 1..8))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// Both ways of looking up agree with the plain search of `Text`.
        #[test]
        fn lookups_match_the_plain_search((text, quotes) in text_and_quotes()) {
            let text = Text::from(text.as_str());
            let scanning = QuoteIndex::scanning(&text);
            let indexed = QuoteIndex::with_suffix_array(&text);
            for quote in quotes.iter().map(String::as_str).chain(["ab a", "ж—", "b\u{a0}\na"]) {
                let expected = text.find_ignoring_whitespace(quote);
                for index in [&scanning, &indexed] {
                    let found = index.find(quote);
                    let ranges: Vec<CharRange> =
                        (0..found.len()).filter_map(|n| found.get(n)).collect();
                    prop_assert_eq!(&ranges, &expected, "quote {:?}", quote);
                }
            }
        }
    }
}
