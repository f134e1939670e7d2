//! Character ranges: 0-based, end-exclusive offsets counted in Unicode scalar values (`char`s).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A span of a document's text in chars, `start..end`, end exclusive.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct CharRange {
    pub start: usize,
    pub end: usize,
}

impl CharRange {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when the two ranges share at least one char.
    pub fn overlaps(&self, other: &CharRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The chars both ranges share, if any.
    pub fn intersection(&self, other: &CharRange) -> Option<CharRange> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(CharRange { start, end })
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

impl fmt::Debug for CharRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl fmt::Display for CharRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_and_intersection() {
        let a = CharRange::new(0, 10);
        let b = CharRange::new(10, 12);
        assert!(!a.overlaps(&b));
        assert_eq!(a.intersection(&b), None);
        let c = CharRange::new(5, 15);
        assert!(a.overlaps(&c));
        assert_eq!(a.intersection(&c), Some(CharRange::new(5, 10)));
        assert_eq!(c.len(), 10);
    }
}
