//! Coverage: which text each coder coded. A study usually double-codes a subsample (some
//! documents, or parts of long ones); agreement is then computed on that text alone.
//!
//! A coder with no coverage recorded at all covers every document whole (the default, so that
//! projects made before coverage existed compare as they always did). A coder with some
//! coverage covers exactly what is recorded: whole documents, or char ranges of them.

use crate::model::{CharRange, CoderId, DocId, Project};
use serde::{Deserialize, Serialize};

/// What one coder coded of one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Extent {
    /// The whole document.
    Whole,
    /// These char ranges (sorted, disjoint, non-empty once normalised).
    Ranges(Vec<CharRange>),
}

impl Extent {
    /// The ranges sorted, with overlapping or touching ones joined and empty ones dropped.
    pub fn normalised(self) -> Extent {
        match self {
            Extent::Whole => Extent::Whole,
            Extent::Ranges(ranges) => Extent::Ranges(normalise(ranges)),
        }
    }

    /// The union of two extents of one document.
    pub fn union(&self, other: &Extent) -> Extent {
        match (self, other) {
            (Extent::Ranges(a), Extent::Ranges(b)) => {
                Extent::Ranges(normalise(a.iter().chain(b).copied().collect()))
            }
            _ => Extent::Whole,
        }
    }

    /// This extent of a document of `len` chars without `cut`: the ranges left (possibly
    /// none).
    pub fn without(&self, cut: CharRange, len: usize) -> Vec<CharRange> {
        let mut left = Vec::new();
        for range in self.ranges(len) {
            if !range.overlaps(&cut) {
                left.push(range);
                continue;
            }
            if range.start < cut.start {
                left.push(CharRange::new(range.start, cut.start));
            }
            if cut.end < range.end {
                left.push(CharRange::new(cut.end, range.end));
            }
        }
        left
    }

    /// Whether every char of `passage` is in this extent (of a document of `len` chars).
    pub fn contains(&self, passage: CharRange, len: usize) -> bool {
        self.ranges(len)
            .iter()
            .any(|r| r.start <= passage.start && passage.end <= r.end)
    }

    /// The covered ranges in a document of `len` chars.
    pub fn ranges(&self, len: usize) -> Vec<CharRange> {
        match self {
            Extent::Whole if len > 0 => vec![CharRange::new(0, len)],
            Extent::Whole => Vec::new(),
            Extent::Ranges(ranges) => ranges.clone(),
        }
    }
}

/// Sorted, disjoint, non-empty ranges covering the same chars as `ranges`.
pub fn normalise(mut ranges: Vec<CharRange>) -> Vec<CharRange> {
    ranges.retain(|r| !r.is_empty());
    ranges.sort_unstable();
    let mut out: Vec<CharRange> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match out.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

/// One coder's coverage of one document (one line of the project file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub coder: CoderId,
    pub document: DocId,
    pub extent: Extent,
}

impl Project {
    /// The recorded coverage of a coder in a document, if any.
    pub fn coverage_entry(&self, coder: CoderId, document: DocId) -> Option<&Coverage> {
        self.coverage
            .iter()
            .find(|c| c.coder == coder && c.document == document)
    }

    /// Whether any coverage is recorded for the coder.
    pub fn has_coverage(&self, coder: CoderId) -> bool {
        self.coverage.iter().any(|c| c.coder == coder)
    }

    /// The char ranges of `document` that `coder` coded: the whole text when the coder has no
    /// coverage recorded at all, else what is recorded (nothing for a document not listed).
    pub fn covered_ranges(&self, coder: CoderId, document: DocId) -> Vec<CharRange> {
        let len = self.document(document).map_or(0, |d| d.text.char_len());
        if !self.has_coverage(coder) {
            return Extent::Whole.ranges(len);
        }
        self.coverage_entry(coder, document)
            .map_or_else(Vec::new, |c| c.extent.ranges(len))
    }

    /// The coverage entries in the canonical order of project files: coder order, then
    /// document order.
    pub fn coverage_sorted(&self) -> Vec<&Coverage> {
        let coder_pos = |id: CoderId| self.coders.iter().position(|c| c.id == id);
        let doc_pos = |id: DocId| self.document_index(id);
        let mut all: Vec<&Coverage> = self.coverage.iter().collect();
        all.sort_by_key(|c| (coder_pos(c.coder), doc_pos(c.document), c.coder, c.document));
        all
    }
}

/// Parses `START..END` (char offsets, end exclusive), as the command line takes a range.
pub fn parse_range(text: &str) -> Result<CharRange, String> {
    let (start, end) = text
        .trim()
        .split_once("..")
        .ok_or_else(|| format!("{text:?} is not a range: write START..END, e.g. 0..1200"))?;
    let number = |s: &str| {
        s.trim()
            .parse::<usize>()
            .map_err(|_| format!("{s:?} in {text:?} is not a char offset (a whole number ≥ 0)"))
    };
    let range = CharRange::new(number(start)?, number(end)?);
    if range.is_empty() {
        return Err(format!(
            "{text:?} is empty: the end must be greater than the start"
        ));
    }
    Ok(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_normalised_and_united() {
        let r = |s, e| CharRange::new(s, e);
        let extent = Extent::Ranges(vec![r(10, 20), r(0, 5), r(5, 8), r(15, 30), r(40, 40)]);
        assert_eq!(
            extent.normalised(),
            Extent::Ranges(vec![r(0, 8), r(10, 30)])
        );
        let a = Extent::Ranges(vec![r(0, 5)]);
        let b = Extent::Ranges(vec![r(3, 9), r(20, 25)]);
        assert_eq!(a.union(&b), Extent::Ranges(vec![r(0, 9), r(20, 25)]));
        assert_eq!(a.union(&Extent::Whole), Extent::Whole);
    }

    #[test]
    fn a_passage_is_cut_out_of_whole_documents_and_of_ranges() {
        let r = CharRange::new;
        assert_eq!(
            Extent::Whole.without(r(10, 20), 50),
            vec![r(0, 10), r(20, 50)]
        );
        assert_eq!(Extent::Whole.without(r(0, 50), 50), vec![]);
        let ranges = Extent::Ranges(vec![r(0, 8), r(10, 30), r(40, 45)]);
        assert_eq!(
            ranges.without(r(5, 12), 50),
            vec![r(0, 5), r(12, 30), r(40, 45)]
        );
        assert_eq!(
            ranges.without(r(30, 40), 50),
            vec![r(0, 8), r(10, 30), r(40, 45)]
        );
        assert!(ranges.contains(r(12, 30), 50));
        assert!(!ranges.contains(r(5, 12), 50));
        assert!(Extent::Whole.contains(r(5, 12), 50));
    }

    #[test]
    fn ranges_parse_from_the_command_line() {
        assert_eq!(parse_range("10..25"), Ok(CharRange::new(10, 25)));
        assert!(parse_range("25..10").unwrap_err().contains("empty"));
        assert!(parse_range("10-25").unwrap_err().contains("START..END"));
        assert!(
            parse_range("a..5")
                .unwrap_err()
                .contains("not a char offset")
        );
    }
}
