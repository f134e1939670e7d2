//! The agreement coefficients as functions of counts: no documents, codes or coders here.
//! Formulas are in `docs/AGREEMENT.md`; each function says which one it computes. Where the
//! counts are integers the numerator and denominator are formed exactly in `i128` and divided
//! once, so results do not drift with the number of units.

use serde::Serialize;
use std::collections::BTreeMap;

/// A coefficient's value, or why it has none. 0/0 is never shown as 0 or 1.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Defined(f64),
    Undefined(String),
}

impl Value {
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Defined(v) => Some(*v),
            Value::Undefined(_) => None,
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Value::Defined(_) => None,
            Value::Undefined(reason) => Some(reason),
        }
    }

    fn ratio(numerator: f64, denominator: f64, reason: impl FnOnce() -> String) -> Value {
        if denominator == 0.0 {
            Value::Undefined(reason())
        } else {
            Value::Defined(numerator / denominator)
        }
    }
}

pub const NO_UNITS: &str = "no units to compare";
pub const NO_VARIATION: &str =
    "no variation: every unit has the same value for every coder, so chance agreement is 1 (0/0)";

/// The 2×2 table of two coders for one code: units both coded, only the first, only the
/// second, neither.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PairCounts {
    pub units: u64,
    pub both: u64,
    pub first_only: u64,
    pub second_only: u64,
    pub neither: u64,
}

impl PairCounts {
    /// The table from the two coders' coded sets' sizes, their overlap and the number of units.
    pub fn from_sizes(units: u64, first: u64, second: u64, both: u64) -> Self {
        PairCounts {
            units,
            both,
            first_only: first - both,
            second_only: second - both,
            neither: units + both - first - second,
        }
    }

    pub fn add(&mut self, other: &PairCounts) {
        self.units += other.units;
        self.both += other.both;
        self.first_only += other.first_only;
        self.second_only += other.second_only;
        self.neither += other.neither;
    }
}

/// Percent agreement (n11 + n00) / N, as a fraction.
pub fn percent_agreement(t: &PairCounts) -> Value {
    Value::ratio((t.both + t.neither) as f64, t.units as f64, || {
        NO_UNITS.to_string()
    })
}

/// Cohen's kappa (p_o − p_e)/(1 − p_e), written over N²:
/// (N·(n11+n00) − E) / (N² − E) with E = (n11+n10)(n11+n01) + (n01+n00)(n10+n00).
pub fn cohen_kappa(t: &PairCounts) -> Value {
    if t.units == 0 {
        return Value::Undefined(NO_UNITS.to_string());
    }
    let n = t.units as i128;
    let (a, b, c, d) = (
        t.both as i128,
        t.first_only as i128,
        t.second_only as i128,
        t.neither as i128,
    );
    let expected = (a + b) * (a + c) + (c + d) * (b + d);
    Value::ratio(
        (n * (a + d) - expected) as f64,
        (n * n - expected) as f64,
        || NO_VARIATION.to_string(),
    )
}

/// For each unit, how many of the `coders` coders coded it: `histogram[c]` = units coded by
/// exactly c coders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CoverageCounts {
    pub coders: usize,
    pub histogram: Vec<u64>,
}

impl CoverageCounts {
    pub fn new(coders: usize) -> Self {
        CoverageCounts {
            coders,
            histogram: vec![0; coders + 1],
        }
    }

    pub fn units(&self) -> u64 {
        self.histogram.iter().sum()
    }

    pub fn add(&mut self, histogram: &[u64]) {
        for (total, n) in self.histogram.iter_mut().zip(histogram) {
            *total += n;
        }
    }
}

/// Fleiss' kappa with the two categories "coded" and "not coded" (Fleiss 1971). With c_i the
/// coders who coded unit i, m coders, N units, T = Σ_i (c_i² + (m−c_i)² − m) and C = Σ_i c_i:
/// P̄ = T/(N m (m−1)), P̄_e = (C² + (Nm−C)²)/(Nm)², and κ = (P̄ − P̄_e)/(1 − P̄_e)
/// = (T N m − (m−1)(C² + (Nm−C)²)) / (2 (m−1) C (Nm−C)).
pub fn fleiss_kappa(counts: &CoverageCounts) -> Value {
    let m = counts.coders as i128;
    if m < 2 {
        return Value::Undefined("needs at least two coders".to_string());
    }
    let n = counts.units() as i128;
    if n == 0 {
        return Value::Undefined(NO_UNITS.to_string());
    }
    let (mut t, mut c_total) = (0i128, 0i128);
    for (c, &units) in counts.histogram.iter().enumerate() {
        let (c, units) = (c as i128, units as i128);
        t += units * (c * c + (m - c) * (m - c) - m);
        c_total += units * c;
    }
    let not_coded = n * m - c_total;
    let numerator = t * n * m - (m - 1) * (c_total * c_total + not_coded * not_coded);
    let denominator = 2 * (m - 1) * c_total * not_coded;
    Value::ratio(numerator as f64, denominator as f64, || {
        NO_VARIATION.to_string()
    })
}

/// The sums behind Krippendorff's alpha for binary values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct AlphaTallies {
    /// n: the values in units that two or more coders rated.
    pub pairable_values: u64,
    /// n_1: how many of them are "coded".
    pub coded_values: u64,
    /// o_01: the coincidences of "coded" with "not coded".
    pub disagreeing_coincidences: f64,
}

/// Units are grouped by how many coders rated them: `by_raters[m_u]` is the coverage
/// histogram of the units that exactly m_u coders rated. Units rated by fewer than two coders
/// are not pairable and drop out. n = Σ m_u, n_1 = Σ c_u, o_01 = Σ_u c_u (m_u − c_u)/(m_u − 1).
pub fn alpha_tallies(by_raters: &BTreeMap<usize, CoverageCounts>) -> AlphaTallies {
    let mut t = AlphaTallies::default();
    for (&m, counts) in by_raters.range(2..) {
        for (c, &units) in counts.histogram.iter().enumerate() {
            t.pairable_values += units * m as u64;
            t.coded_values += units * c as u64;
            t.disagreeing_coincidences += units as f64 * (c * (m - c)) as f64 / (m - 1) as f64;
        }
    }
    t
}

/// Krippendorff's alpha, nominal, for binary values with possibly missing values:
/// α = 1 − (n − 1) o_01 / (n_0 n_1), with the tallies of [`alpha_tallies`] and n_0 = n − n_1.
pub fn krippendorff_alpha_binary(t: &AlphaTallies) -> Value {
    let n = t.pairable_values;
    if n == 0 {
        return Value::Undefined("no unit was rated by two or more coders".to_string());
    }
    let expected = (n - t.coded_values) as f64 * t.coded_values as f64;
    if expected == 0.0 {
        return Value::Undefined(NO_VARIATION.to_string());
    }
    Value::Defined(1.0 - (n - 1) as f64 * t.disagreeing_coincidences / expected)
}

/// The mean of several values; undefined (naming the first undefined one) if any is.
pub fn mean(values: &[(String, Value)]) -> Value {
    if values.is_empty() {
        return Value::Undefined("no pairs of coders".to_string());
    }
    let mut sum = 0.0;
    for (label, value) in values {
        match value {
            Value::Defined(v) => sum += v,
            Value::Undefined(reason) => {
                return Value::Undefined(format!("{label} is undefined: {reason}"));
            }
        }
    }
    Value::Defined(sum / values.len() as f64)
}

/// The coincidence tallies of Krippendorff's unitizing alpha (Krippendorff et al. 2016,
/// Krippendorff 2019 §12.6) for m coders over a continuum of total length L, summed over
/// documents. Values are the codes compared plus the gap ∅.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitizedTallies {
    pub coders: usize,
    /// L: the continuum's length (all documents' chars).
    pub length: u64,
    /// Σ_c l_cc: observed coincidences of equal values, (1/(m−1)) Σ_i Σ_{j≠i} |same value|.
    pub matching: f64,
    /// Per value (the gap included): l_c·, the total length coders gave that value.
    pub value_totals: Vec<f64>,
    /// Per value: Σ_i Σ_g λ(l_ig), with λ(l) = l² for coded sections and l for gaps.
    pub value_lambdas: Vec<f64>,
}

impl UnitizedTallies {
    pub fn add(&mut self, other: &UnitizedTallies) {
        self.length += other.length;
        self.matching += other.matching;
        for (a, b) in self.value_totals.iter_mut().zip(&other.value_totals) {
            *a += b;
        }
        for (a, b) in self.value_lambdas.iter_mut().zip(&other.value_lambdas) {
            *a += b;
        }
    }
}

/// uα = 1 − (l·· − Σ_c l_cc) / (l·· − Σ_c e_cc) with l·· = mL and
/// e_cc = l·· (l_c·² − Σλ_c) / (l··² − Σ_c Σλ_c).
pub fn unitized_alpha(t: &UnitizedTallies) -> Value {
    if t.coders < 2 {
        return Value::Undefined("needs at least two coders".to_string());
    }
    if t.length == 0 {
        return Value::Undefined(NO_UNITS.to_string());
    }
    let total = (t.coders as u64 * t.length) as f64;
    let lambda_total: f64 = t.value_lambdas.iter().sum();
    let expected_denominator = total * total - lambda_total;
    if expected_denominator == 0.0 {
        return Value::Undefined(NO_VARIATION.to_string());
    }
    let expected_matching: f64 = t
        .value_totals
        .iter()
        .zip(&t.value_lambdas)
        .map(|(l, lambda)| total * (l * l - lambda) / expected_denominator)
        .sum();
    let expected_disagreement = total - expected_matching;
    // Exact 0 only when the expected disagreement vanishes; guard against the rounding of
    // a sum that is 0 in exact arithmetic.
    if expected_disagreement.abs() <= total * 1e-12 {
        return Value::Undefined(NO_VARIATION.to_string());
    }
    Value::Defined(1.0 - (total - t.matching) / expected_disagreement)
}

/// MAXQDA-style segment agreement between two coders: each coder's segments are tested; a
/// segment agrees when the other coder has one of the same code overlapping it by at least
/// the threshold (intersection over union).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SegmentCounts {
    pub first_segments: u64,
    pub first_agreeing: u64,
    pub second_segments: u64,
    pub second_agreeing: u64,
}

impl SegmentCounts {
    pub fn agreements(&self) -> u64 {
        self.first_agreeing + self.second_agreeing
    }

    pub fn total(&self) -> u64 {
        self.first_segments + self.second_segments
    }

    pub fn add(&mut self, other: &SegmentCounts) {
        self.first_segments += other.first_segments;
        self.first_agreeing += other.first_agreeing;
        self.second_segments += other.second_segments;
        self.second_agreeing += other.second_agreeing;
    }
}

/// Agreements / (segments of both coders).
pub fn segment_agreement(t: &SegmentCounts) -> Value {
    Value::ratio(t.agreements() as f64, t.total() as f64, || {
        "neither coder has a segment to test".to_string()
    })
}

/// Brennan & Prediger's kappa with k categories: (P_o − 1/k)/(1 − 1/k) = (k P_o − 1)/(k − 1),
/// P_o being the segment agreement.
pub fn brennan_prediger_kappa(t: &SegmentCounts, categories: usize) -> Value {
    if categories < 2 {
        return Value::Undefined(
            "chance agreement 1/k needs at least two codes in the comparison (k < 2)".to_string(),
        );
    }
    match segment_agreement(t) {
        Value::Defined(p) => {
            let k = categories as f64;
            Value::Defined((k * p - 1.0) / (k - 1.0))
        }
        undefined => undefined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nvivo_help_example() {
        // 1000 characters: 50 coded by both, 150 by one, 800 by neither → 85 %.
        let t = PairCounts::from_sizes(1000, 150, 100, 50);
        assert_eq!(t.neither, 800);
        assert_eq!(percent_agreement(&t), Value::Defined(0.85));
        // p_e = (150·100 + 850·900)/10⁶ = 0.78 → κ = (0.85 − 0.78)/0.22.
        let kappa = cohen_kappa(&t).number().unwrap();
        assert!((kappa - 0.07 / 0.22).abs() < 1e-12);
    }

    #[test]
    fn one_coder_empty_gives_kappa_zero_and_no_variation_is_undefined() {
        let t = PairCounts::from_sizes(100, 10, 0, 0);
        assert_eq!(cohen_kappa(&t), Value::Defined(0.0));
        let nothing = PairCounts::from_sizes(100, 0, 0, 0);
        assert_eq!(percent_agreement(&nothing), Value::Defined(1.0));
        assert!(matches!(cohen_kappa(&nothing), Value::Undefined(_)));
    }

    #[test]
    fn fleiss_with_two_coders_is_scotts_pi_not_cohens_kappa() {
        // A codes 0..60 of 100, B codes 0..30: n11 = 30, n10 = 30, n00 = 40.
        let mut coverage = CoverageCounts::new(2);
        coverage.add(&[40, 30, 30]);
        let pi = fleiss_kappa(&coverage).number().unwrap();
        // Scott: p_o = 0.7, pooled p = 0.45, p_e = 0.45² + 0.55² = 0.505.
        assert!((pi - (0.7 - 0.505) / (1.0 - 0.505)).abs() < 1e-12);
        let kappa = cohen_kappa(&PairCounts::from_sizes(100, 60, 30, 30))
            .number()
            .unwrap();
        assert!((kappa - pi).abs() > 1e-3);
    }

    #[test]
    fn alpha_for_286_characters_all_disagreeing() {
        // agreement.md §5: two coders, 286 characters, every one disagreeing → α = −0.9965.
        let mut by_raters = BTreeMap::new();
        let mut coverage = CoverageCounts::new(2);
        coverage.add(&[0, 286, 0]);
        by_raters.insert(2, coverage);
        let alpha = krippendorff_alpha_binary(&alpha_tallies(&by_raters))
            .number()
            .unwrap();
        // n = 572, o_01 = 286, n_0 = n_1 = 286: α = 1 − 571·286/286².
        assert!((alpha - (1.0 - 571.0 / 286.0)).abs() < 1e-12);
        assert!((alpha - -0.9965).abs() < 5e-5);
    }

    #[test]
    fn brennan_prediger_needs_two_codes() {
        let t = SegmentCounts {
            first_segments: 4,
            first_agreeing: 3,
            second_segments: 4,
            second_agreeing: 3,
        };
        assert_eq!(segment_agreement(&t), Value::Defined(0.75));
        assert!(matches!(brennan_prediger_kappa(&t, 1), Value::Undefined(_)));
        // k = 4: (4·0.75 − 1)/3 = 2/3.
        let kappa = brennan_prediger_kappa(&t, 4).number().unwrap();
        assert!((kappa - 2.0 / 3.0).abs() < 1e-12);
    }
}
