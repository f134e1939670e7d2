//! Sets of positions stored as sorted, disjoint, non-touching half-open intervals.
//!
//! Every agreement statistic is computed on these sets rather than on per-character arrays:
//! a coder's coding of one code in one document is the union of their spans, and all counts
//! (overlaps, how many coders cover a position) come from sweeps over interval boundaries.

/// A set of positions `0..` as maximal half-open intervals `(start, end)`: sorted, disjoint,
/// and never touching (touching or overlapping input intervals are joined).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntervalSet {
    intervals: Vec<(usize, usize)>,
}

impl IntervalSet {
    /// The union of the given intervals; empty ones are ignored.
    pub fn from_unsorted(mut spans: Vec<(usize, usize)>) -> Self {
        spans.retain(|&(s, e)| s < e);
        spans.sort_unstable();
        let mut intervals: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (start, end) in spans {
            match intervals.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => intervals.push((start, end)),
            }
        }
        Self { intervals }
    }

    pub fn intervals(&self) -> &[(usize, usize)] {
        &self.intervals
    }

    pub fn is_empty(&self) -> bool {
        self.intervals.is_empty()
    }

    /// The number of positions in the set.
    pub fn measure(&self) -> u64 {
        self.intervals.iter().map(|&(s, e)| (e - s) as u64).sum()
    }

    /// The sum of the squared lengths of the maximal intervals (unitized alpha's λ for coded
    /// sections).
    pub fn sum_of_squared_lengths(&self) -> f64 {
        self.intervals
            .iter()
            .map(|&(s, e)| {
                let l = (e - s) as f64;
                l * l
            })
            .sum()
    }

    /// The number of positions both sets contain, by a merge of the two sorted lists.
    pub fn intersection_measure(&self, other: &IntervalSet) -> u64 {
        let (a, b) = (&self.intervals, &other.intervals);
        let (mut i, mut j, mut total) = (0, 0, 0u64);
        while i < a.len() && j < b.len() {
            let start = a[i].0.max(b[j].0);
            let end = a[i].1.min(b[j].1);
            if start < end {
                total += (end - start) as u64;
            }
            if a[i].1 <= b[j].1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        total
    }

    /// The union of several sets.
    pub fn union_of<'a>(sets: impl IntoIterator<Item = &'a IntervalSet>) -> IntervalSet {
        IntervalSet::from_unsorted(
            sets.into_iter()
                .flat_map(|s| s.intervals.iter().copied())
                .collect(),
        )
    }

    /// True when two different sets share a position (used to tell whether a coder put two
    /// codes on one character).
    /// The positions in both sets.
    pub fn intersection(&self, other: &IntervalSet) -> IntervalSet {
        let (a, b) = (&self.intervals, &other.intervals);
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < a.len() && j < b.len() {
            let start = a[i].0.max(b[j].0);
            let end = a[i].1.min(b[j].1);
            if start < end {
                out.push((start, end));
            }
            if a[i].1 <= b[j].1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        IntervalSet { intervals: out }
    }

    pub fn intersects(&self, other: &IntervalSet) -> bool {
        self.intersection_measure(other) > 0
    }

    /// Maps a set of char positions onto unit indices: unit `u` is in the result when any of
    /// its chars is in the set. `units` are sorted, disjoint char ranges.
    pub fn to_units(&self, units: &[(usize, usize)]) -> IntervalSet {
        let mut mapped = Vec::with_capacity(self.intervals.len());
        for &(start, end) in &self.intervals {
            // The first unit ending after `start`, and the first unit starting at or after `end`.
            let first = units.partition_point(|&(_, unit_end)| unit_end <= start);
            let last = units.partition_point(|&(unit_start, _)| unit_start < end);
            if first < last {
                mapped.push((first, last));
            }
        }
        IntervalSet::from_unsorted(mapped)
    }
}

/// How many of the given sets cover each position of `0..length`, as a histogram:
/// `histogram[c]` = number of positions covered by exactly `c` sets. One sweep over the sorted
/// boundaries of all sets.
pub fn coverage_histogram(sets: &[&IntervalSet], length: usize) -> Vec<u64> {
    let mut events: Vec<(usize, i32)> = Vec::new();
    for set in sets {
        for &(s, e) in set.intervals() {
            events.push((s.min(length), 1));
            events.push((e.min(length), -1));
        }
    }
    events.sort_unstable();
    let mut histogram = vec![0u64; sets.len() + 1];
    let (mut depth, mut position) = (0i32, 0usize);
    for (at, delta) in events {
        histogram[depth as usize] += (at - position) as u64;
        position = at;
        depth += delta;
    }
    histogram[0] += (length - position.min(length)) as u64;
    histogram
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_joins_overlapping_and_touching_spans() {
        let set = IntervalSet::from_unsorted(vec![(10, 20), (0, 5), (5, 8), (15, 30), (40, 40)]);
        assert_eq!(set.intervals(), &[(0, 8), (10, 30)]);
        assert_eq!(set.measure(), 28);
        assert_eq!(set.sum_of_squared_lengths(), 64.0 + 400.0);
    }

    #[test]
    fn intersection_counts_shared_positions() {
        let a = IntervalSet::from_unsorted(vec![(0, 10), (20, 30)]);
        let b = IntervalSet::from_unsorted(vec![(5, 25), (29, 40)]);
        assert_eq!(a.intersection_measure(&b), 5 + 5 + 1);
        assert_eq!(b.intersection_measure(&a), 11);
        assert_eq!(
            a.intersection(&b).intervals(),
            &[(5, 10), (20, 25), (29, 30)]
        );
        assert!(!a.intersects(&IntervalSet::from_unsorted(vec![(10, 20)])));
    }

    #[test]
    fn mapping_to_units_marks_every_touched_unit() {
        let units = [(0, 5), (6, 10), (11, 20), (21, 22)];
        let set = IntervalSet::from_unsorted(vec![(4, 5), (10, 11), (12, 13)]);
        // 4..5 touches unit 0; 10..11 is the gap between units 1 and 2; 12..13 is in unit 2.
        assert_eq!(set.to_units(&units).intervals(), &[(0, 1), (2, 3)]);
    }

    #[test]
    fn histogram_counts_depths_over_the_whole_length() {
        let a = IntervalSet::from_unsorted(vec![(0, 10)]);
        let b = IntervalSet::from_unsorted(vec![(5, 15)]);
        let c = IntervalSet::default();
        // Uncovered: 15..20; once: 0..5 and 10..15; twice: 5..10.
        assert_eq!(coverage_histogram(&[&a, &b, &c], 20), vec![5, 10, 5, 0]);
    }
}
