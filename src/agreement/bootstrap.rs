//! Bootstrap 95 % confidence intervals, seeded and deterministic.
//!
//! * Cohen's kappa: the units are resampled with replacement (the ordinary nonparametric
//!   bootstrap). A unit is one of four kinds (both coded, first only, second only, neither), so
//!   a resample of N units is one multinomial draw of the 2×2 table, drawn as binomials.
//! * Krippendorff's alpha: Hayes & Krippendorff (2007), as their KALPHA macro does it: the
//!   expected disagreement D_e stays as observed; M pairs of values are drawn from the observed
//!   coincidences (M = Σ_u m_u(m_u − 1)/2, the pairs of coders' values within units), and
//!   α* = 1 − D_o*/D_e with D_o* the share of drawn pairs that disagree. For binary values a
//!   pair disagrees with probability D_o, so the number of disagreeing pairs is one binomial
//!   draw; an α* below −1 is taken as −1, as in the macro.
//!
//! The interval is the 2.5th and 97.5th percentiles of the resampled values (linear
//! interpolation between order statistics, numpy's default). Resamples where the coefficient is
//! undefined (no variation) are left out; if more than 5 % are, no interval is given.

use super::coefficients::{PairCounts, Value, cohen_kappa};

/// A small, fast generator with a fixed algorithm (SplitMix64), so that a seed gives the same
/// draws on every platform and in every version.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// The seed of one row's resamples: the run's seed mixed with what identifies the row, so that
/// a row's interval does not depend on which other rows were computed.
pub fn row_seed(seed: u64, parts: &[u64]) -> u64 {
    let mut state = SplitMix64::new(seed);
    let mut out = state.next_u64();
    for &part in parts {
        state = SplitMix64::new(out ^ part.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        out = state.next_u64();
    }
    out
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-13).
fn ln_gamma(x: f64) -> f64 {
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEFFICIENTS[0];
    for (i, &c) in COEFFICIENTS.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// One draw from Binomial(n, p), exactly: inversion that starts at the mode and walks outwards
/// (mode, mode+1, mode−1, …), so it takes about √(np(1−p)) steps.
pub fn binomial(rng: &mut SplitMix64, n: u64, p: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    let q = 1.0 - p;
    let nf = n as f64;
    let mode = (((nf + 1.0) * p).floor() as u64).min(n);
    let ln_pmf = |k: u64| {
        let k = k as f64;
        ln_gamma(nf + 1.0) - ln_gamma(k + 1.0) - ln_gamma(nf - k + 1.0)
            + k * p.ln()
            + (nf - k) * q.ln()
    };
    let at_mode = ln_pmf(mode).exp();
    let mut u = rng.uniform();
    // Walk up and down from the mode, taking each side's next probability in turn.
    let (mut up_k, mut up_f) = (mode, at_mode);
    let (mut down_k, mut down_f) = (mode, at_mode);
    u -= at_mode;
    if u < 0.0 {
        return mode;
    }
    let ratio = p / q;
    loop {
        let mut moved = false;
        if up_k < n {
            up_f *= (nf - up_k as f64) / (up_k as f64 + 1.0) * ratio;
            up_k += 1;
            u -= up_f;
            if u < 0.0 {
                return up_k;
            }
            moved = true;
        }
        if down_k > 0 {
            down_f *= down_k as f64 / (nf - down_k as f64 + 1.0) / ratio;
            down_k -= 1;
            u -= down_f;
            if u < 0.0 {
                return down_k;
            }
            moved = true;
        }
        if !moved {
            // Rounding left a sliver of probability: the mode is the likeliest answer.
            return mode;
        }
    }
}

/// The 2.5th and 97.5th percentiles of the defined values among `resamples` draws.
fn percentile_interval(mut values: Vec<f64>, resamples: usize) -> Option<(f64, f64)> {
    if values.is_empty() || (values.len() as f64) < 0.95 * resamples as f64 {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let quantile = |q: f64| {
        let position = q * (values.len() - 1) as f64;
        let below = position.floor() as usize;
        let above = position.ceil() as usize;
        values[below] + (values[above] - values[below]) * (position - below as f64)
    };
    Some((quantile(0.025), quantile(0.975)))
}

/// A 95 % interval for Cohen's kappa from `resamples` resamples of the units.
pub fn cohen_kappa_interval(t: &PairCounts, resamples: usize, seed: u64) -> Option<(f64, f64)> {
    if t.units == 0 || resamples == 0 {
        return None;
    }
    let mut rng = SplitMix64::new(seed);
    let n = t.units;
    // Rarest kinds first, so that each binomial draw is short; the commonest is the rest.
    let kinds = [t.both, t.first_only, t.second_only, t.neither];
    let mut order = [0usize, 1, 2, 3];
    order.sort_by_key(|&i| kinds[i]);
    let mut values = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        let mut left = n;
        let mut left_weight = n;
        let mut drawn = [0u64; 4];
        for &i in &order[..3] {
            let p = if left_weight == 0 {
                0.0
            } else {
                kinds[i] as f64 / left_weight as f64
            };
            drawn[i] = binomial(&mut rng, left, p);
            left -= drawn[i];
            left_weight -= kinds[i];
        }
        drawn[order[3]] = left;
        let table = PairCounts {
            units: n,
            both: drawn[0],
            first_only: drawn[1],
            second_only: drawn[2],
            neither: drawn[3],
        };
        if let Value::Defined(v) = cohen_kappa(&table) {
            values.push(v);
        }
    }
    percentile_interval(values, resamples)
}

/// A 95 % interval for binary Krippendorff's alpha (Hayes & Krippendorff 2007): `pairs` M,
/// observed disagreement `observed` D_o and expected disagreement `expected` D_e.
pub fn alpha_interval(
    pairs: u64,
    observed: f64,
    expected: f64,
    resamples: usize,
    seed: u64,
) -> Option<(f64, f64)> {
    if pairs == 0 || expected <= 0.0 || resamples == 0 {
        return None;
    }
    let mut rng = SplitMix64::new(seed);
    let values = (0..resamples)
        .map(|_| {
            let disagreeing = binomial(&mut rng, pairs, observed.clamp(0.0, 1.0));
            (1.0 - (disagreeing as f64 / pairs as f64) / expected).max(-1.0)
        })
        .collect();
    percentile_interval(values, resamples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_draws_have_the_right_mean_and_variance() {
        for &(n, p) in &[(10u64, 0.3), (1000, 0.5), (500_000, 0.002), (50, 0.99)] {
            let mut rng = SplitMix64::new(7);
            let draws: Vec<f64> = (0..20_000)
                .map(|_| binomial(&mut rng, n, p) as f64)
                .collect();
            let mean = draws.iter().sum::<f64>() / draws.len() as f64;
            let var = draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / draws.len() as f64;
            let (m, v) = (n as f64 * p, n as f64 * p * (1.0 - p));
            assert!(
                (mean - m).abs() < 4.0 * (v / 20_000.0).sqrt() + 1e-9,
                "{n} {p}: mean {mean} vs {m}"
            );
            assert!(
                (var / v - 1.0).abs() < 0.05,
                "{n} {p}: variance {var} vs {v}"
            );
        }
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        let mut factorial = 1.0f64;
        for k in 1..30 {
            factorial *= k as f64;
            assert!((ln_gamma(k as f64 + 1.0) - factorial.ln()).abs() < 1e-10);
        }
    }

    #[test]
    fn intervals_contain_the_estimate_shrink_with_data_and_repeat_with_a_seed() {
        let table = |scale: u64| PairCounts {
            units: 100 * scale,
            both: 20 * scale,
            first_only: 5 * scale,
            second_only: 5 * scale,
            neither: 70 * scale,
        };
        let kappa = cohen_kappa(&table(1)).number().unwrap();
        let small = cohen_kappa_interval(&table(1), 1000, 42).unwrap();
        let large = cohen_kappa_interval(&table(100), 1000, 42).unwrap();
        assert!(small.0 < kappa && kappa < small.1, "{small:?} {kappa}");
        assert!(large.0 < kappa && kappa < large.1, "{large:?} {kappa}");
        assert!(large.1 - large.0 < (small.1 - small.0) / 5.0);
        assert_eq!(cohen_kappa_interval(&table(1), 1000, 42), Some(small));
        assert_ne!(cohen_kappa_interval(&table(1), 1000, 43), Some(small));
        let alpha = alpha_interval(100, 0.1, 0.42, 1000, 1).unwrap();
        let point = 1.0 - 0.1 / 0.42;
        assert!(alpha.0 < point && point < alpha.1, "{alpha:?}");
    }
}
