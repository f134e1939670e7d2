//! MAXQDA-style segment agreement: matching one coder's segments against another's.

use super::coefficients::SegmentCounts;
use super::intervals::IntervalSet;

/// Tests every segment of both coders (for one code in one document). A segment agrees when
/// the other coder has a segment overlapping it with |intersection| / |union| ≥ `threshold`.
/// Segments are the maximal intervals of each coder's union of spans, so a coder's overlapping
/// or touching spans of one code count as one segment.
pub fn segment_counts(first: &IntervalSet, second: &IntervalSet, threshold: f64) -> SegmentCounts {
    SegmentCounts {
        first_segments: first.intervals().len() as u64,
        first_agreeing: agreeing(first, second, threshold),
        second_segments: second.intervals().len() as u64,
        second_agreeing: agreeing(second, first, threshold),
    }
}

/// How many intervals of `tested` have a partner in `other` at the threshold.
fn agreeing(tested: &IntervalSet, other: &IntervalSet, threshold: f64) -> u64 {
    let others = other.intervals();
    let mut count = 0;
    // Both lists are sorted and disjoint: the candidates of the next tested interval start no
    // earlier than the first candidate of this one.
    let mut first_candidate = 0;
    for &(start, end) in tested.intervals() {
        while first_candidate < others.len() && others[first_candidate].1 <= start {
            first_candidate += 1;
        }
        let matched = others[first_candidate..]
            .iter()
            .take_while(|&&(other_start, _)| other_start < end)
            .any(|&(other_start, other_end)| {
                let intersection = end.min(other_end) - start.max(other_start);
                let union = end.max(other_end) - start.min(other_start);
                meets(intersection, union, threshold)
            });
        count += u64::from(matched);
    }
    count
}

/// intersection / union ≥ threshold, tolerant of the threshold's binary rounding (0.9 is not
/// exactly representable, and 9/10 must count as 90 %).
fn meets(intersection: usize, union: usize, threshold: f64) -> bool {
    intersection as f64 / union as f64 >= threshold - 1e-12
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(spans: &[(usize, usize)]) -> IntervalSet {
        IntervalSet::from_unsorted(spans.to_vec())
    }

    #[test]
    fn overlap_is_measured_against_the_union() {
        // 0..10 vs 1..10: 9/10 = 90 % agrees at 0.9; 0..10 vs 2..10: 80 % does not.
        let counts = segment_counts(&set(&[(0, 10)]), &set(&[(1, 10)]), 0.9);
        assert_eq!(counts.agreements(), 2);
        let counts = segment_counts(&set(&[(0, 10)]), &set(&[(2, 10)]), 0.9);
        assert_eq!(counts.agreements(), 0);
        assert_eq!(counts.total(), 2);
    }

    #[test]
    fn each_side_is_tested_separately() {
        // A: 0..100. B: 0..95 (agrees both ways) and 200..210 (B only).
        let a = set(&[(0, 100)]);
        let b = set(&[(0, 95), (200, 210)]);
        let counts = segment_counts(&a, &b, 0.9);
        assert_eq!(
            counts,
            SegmentCounts {
                first_segments: 1,
                first_agreeing: 1,
                second_segments: 2,
                second_agreeing: 1,
            }
        );
    }

    #[test]
    fn a_long_segment_split_by_the_other_coder_matches_neither_half() {
        let a = set(&[(0, 100)]);
        let b = set(&[(0, 50), (51, 100)]);
        assert_eq!(segment_counts(&a, &b, 0.9).agreements(), 0);
        // At 40 % both of B's halves agree with A, and A agrees with one of them.
        assert_eq!(segment_counts(&a, &b, 0.4).agreements(), 3);
    }
}
