//! The coincidence tallies of Krippendorff's unitizing alpha, from coders' coded sections.

use super::coefficients::UnitizedTallies;
use super::intervals::IntervalSet;

/// Tallies for one document of length `length`. `coders[i][c]` is coder i's coded set for
/// value c (a code); every position a coder left uncoded has the gap value ∅. The maximal
/// intervals of a set are that coder's sections of value c. A coder's sets must be disjoint
/// (the caller checks), since a position has one value per coder.
pub fn tallies(coders: &[Vec<&IntervalSet>], length: usize) -> UnitizedTallies {
    let m = coders.len();
    let values = coders.first().map_or(0, Vec::len);
    let length_u = length as u64;
    let coded: Vec<IntervalSet> = coders
        .iter()
        .map(|sets| IntervalSet::union_of(sets.iter().copied()))
        .collect();
    let coded_sizes: Vec<u64> = coded.iter().map(IntervalSet::measure).collect();

    // Σ over unordered pairs of the positions where both have the same value: the same code,
    // or both the gap. Ordered pairs count each twice, hence 2/(m−1).
    let mut same = 0u64;
    for i in 0..m {
        for j in i + 1..m {
            for (a, b) in coders[i].iter().zip(&coders[j]) {
                same += a.intersection_measure(b);
            }
            let both_coded = coded[i].intersection_measure(&coded[j]);
            same += length_u + both_coded - coded_sizes[i] - coded_sizes[j];
        }
    }
    let matching = if m > 1 {
        2.0 * same as f64 / (m - 1) as f64
    } else {
        0.0
    };

    let mut value_totals = Vec::with_capacity(values + 1);
    let mut value_lambdas = Vec::with_capacity(values + 1);
    for c in 0..values {
        value_totals.push(coders.iter().map(|sets| sets[c].measure() as f64).sum());
        value_lambdas.push(
            coders
                .iter()
                .map(|sets| sets[c].sum_of_squared_lengths())
                .sum(),
        );
    }
    // A gap counts as that many one-character units: λ(l) = l, so its λ is its length.
    let gap_total = (m as u64 * length_u - coded_sizes.iter().sum::<u64>()) as f64;
    value_totals.push(gap_total);
    value_lambdas.push(gap_total);

    UnitizedTallies {
        coders: m,
        length: length_u,
        matching,
        value_totals,
        value_lambdas,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::coefficients::{Value, unitized_alpha};

    #[test]
    fn identical_unitizing_gives_one_and_gap_splits_do_not_matter() {
        let a = IntervalSet::from_unsorted(vec![(10, 20), (50, 60)]);
        let t = tallies(&[vec![&a], vec![&a]], 100);
        assert_eq!(unitized_alpha(&t), Value::Defined(1.0));
        // Two documents of 50 give the same tallies as one of 100 when no section crosses.
        let first = IntervalSet::from_unsorted(vec![(10, 20)]);
        let second = IntervalSet::from_unsorted(vec![(0, 10)]);
        let mut pooled = tallies(&[vec![&first], vec![&first]], 50);
        pooled.add(&tallies(&[vec![&second], vec![&second]], 50));
        assert_eq!(pooled, t);
    }

    #[test]
    fn nobody_coding_is_undefined() {
        let empty = IntervalSet::default();
        let t = tallies(&[vec![&empty], vec![&empty]], 100);
        assert!(matches!(unitized_alpha(&t), Value::Undefined(_)));
    }
}
