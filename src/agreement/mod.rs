//! Inter-coder agreement: how far coders who coded the same documents agree, per code, per
//! document and pooled. Pure: a `Project` holding every coder's segments goes in, a `Report`
//! comes out. Several coders' files are first combined into one project (`inputs`).
//!
//! Every statistic is computed from interval sets (a coder's union of spans of a code in a
//! document) by sweeps over sorted boundaries, never from per-character arrays. Definitions:
//! `docs/AGREEMENT.md`.

pub mod adjudication;
pub mod bootstrap;
pub mod coefficients;
mod compute;
pub mod explain;
pub mod inputs;
pub mod intervals;
mod pieces;
mod segments;
mod unitized;
pub mod units;
pub mod usage;

pub use coefficients::{AlphaTallies, PairCounts, SegmentCounts, Value};
pub use compute::compare;
pub use units::Unit;

use crate::model::{CodeId, CoderId, DocId, Project};
use serde::Serialize;

/// Bootstrap resamples unless told otherwise.
pub const DEFAULT_BOOTSTRAP: usize = 1000;
/// The bootstrap's seed unless told otherwise.
pub const DEFAULT_SEED: u64 = 20_070_101;

/// What to compare and how.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The coders compared, at least two.
    pub coders: Vec<CoderId>,
    /// The codes compared, each reported on its own (codebook order).
    pub codes: Vec<CodeId>,
    /// A code's coded text includes the text coded with any code below it.
    pub include_children: bool,
    pub unit: Unit,
    /// A coder who has no segment at all in a document did not code it: their values there are
    /// missing rather than "not coded".
    pub missing: bool,
    /// Segment agreement: the least intersection-over-union for two segments to agree.
    pub threshold: f64,
    /// Bootstrap resamples for the 95 % intervals of pooled kappa and alpha (0: none).
    pub bootstrap: usize,
    /// The bootstrap's seed: the same seed gives the same intervals.
    pub seed: u64,
}

impl Options {
    /// Every code of the project, the given coders, characters, threshold 90 %.
    pub fn all_codes(project: &Project, coders: Vec<CoderId>) -> Options {
        Options {
            coders,
            codes: project.codes.iter().map(|c| c.id).collect(),
            include_children: false,
            unit: Unit::Char,
            missing: false,
            threshold: 0.9,
            bootstrap: DEFAULT_BOOTSTRAP,
            seed: DEFAULT_SEED,
        }
    }
}

/// The statistics, named as in the JSON report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    PercentAgreement,
    CohenKappa,
    MeanPairwisePercentAgreement,
    MeanPairwiseCohenKappa,
    FleissKappa,
    KrippendorffAlpha,
    UnitizedAlpha,
    SegmentAgreement,
    BrennanPredigerKappa,
}

impl Metric {
    pub const ALL: [Metric; 9] = [
        Metric::PercentAgreement,
        Metric::CohenKappa,
        Metric::MeanPairwisePercentAgreement,
        Metric::MeanPairwiseCohenKappa,
        Metric::FleissKappa,
        Metric::KrippendorffAlpha,
        Metric::UnitizedAlpha,
        Metric::SegmentAgreement,
        Metric::BrennanPredigerKappa,
    ];

    /// The name used in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Metric::PercentAgreement => "percent_agreement",
            Metric::CohenKappa => "cohen_kappa",
            Metric::MeanPairwisePercentAgreement => "mean_pairwise_percent_agreement",
            Metric::MeanPairwiseCohenKappa => "mean_pairwise_cohen_kappa",
            Metric::FleissKappa => "fleiss_kappa",
            Metric::KrippendorffAlpha => "krippendorff_alpha",
            Metric::UnitizedAlpha => "unitized_alpha",
            Metric::SegmentAgreement => "segment_agreement",
            Metric::BrennanPredigerKappa => "brennan_prediger_kappa",
        }
    }

    /// A short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            Metric::PercentAgreement => "Agreement %",
            Metric::CohenKappa => "Cohen's kappa",
            Metric::MeanPairwisePercentAgreement => "Mean pairwise agreement %",
            Metric::MeanPairwiseCohenKappa => "Mean pairwise Cohen's kappa",
            Metric::FleissKappa => "Fleiss' kappa",
            Metric::KrippendorffAlpha => "Krippendorff's alpha",
            Metric::UnitizedAlpha => "Unitized alpha",
            Metric::SegmentAgreement => "Segment agreement %",
            Metric::BrennanPredigerKappa => "Brennan-Prediger kappa",
        }
    }

    /// Percentages are shown as such; coefficients as numbers.
    pub fn is_percentage(self) -> bool {
        matches!(
            self,
            Metric::PercentAgreement
                | Metric::MeanPairwisePercentAgreement
                | Metric::SegmentAgreement
        )
    }
}

/// Where a value was computed: one document, or all documents pooled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    All,
    Document(DocId),
}

/// The counts behind a value, shown so that anyone can recompute it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Counts {
    /// Two coders' 2×2 table.
    Pair(PairCounts),
    /// How many units were coded by how many coders (`histogram[c]`: by exactly c).
    Coverage { units: u64, histogram: Vec<u64> },
    /// Krippendorff's alpha: pairable values and the coincidences of 0 and 1 among them.
    Alpha(AlphaTallies),
    /// The number of pair values averaged.
    Pairs { pairs: usize },
    /// Unitized alpha's coincidence totals.
    Unitized {
        length: u64,
        matching_coincidences: f64,
        documents: usize,
    },
    /// Segment agreement, with the number of codes `k` for Brennan–Prediger.
    Segments {
        #[serde(flatten)]
        segments: SegmentCounts,
        agreements: u64,
        total: u64,
        codes: usize,
    },
    /// Nothing to count (the value is undefined before any counting).
    None {},
}

/// One statistic for one code (or all codes), one set of coders and one scope.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub metric: Metric,
    /// `None`: over all compared codes.
    pub code: Option<CodeId>,
    pub coders: Vec<CoderId>,
    pub scope: Scope,
    pub value: Value,
    pub counts: Counts,
    /// Bootstrap 95 % interval (pooled Cohen's kappa and Krippendorff's alpha).
    pub ci95: Option<(f64, f64)>,
}

/// Everything computed for one comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub options: Options,
    /// The documents compared, in project order: those with text every compared coder covered.
    pub documents: Vec<DocId>,
    /// Per compared document (same order): the chars compared (the text every compared coder
    /// covered) and the document's length in chars.
    pub compared_chars: Vec<(u64, u64)>,
    /// Documents not compared, each with the reason (no text every compared coder covered).
    pub not_compared: Vec<(DocId, String)>,
    /// (coder, document) pairs treated as missing (`Options::missing`).
    pub missing: Vec<(CoderId, DocId)>,
    pub rows: Vec<Row>,
    /// Per compared code (same order): what its figures rest on, and warnings.
    pub usage: Vec<usage::Usage>,
}

impl Report {
    /// Whether some compared document is compared on part of its text only (coverage).
    pub fn restricted(&self) -> bool {
        !self.not_compared.is_empty() || self.compared_chars.iter().any(|(c, of)| c != of)
    }

    /// The usage of one code.
    pub fn usage_of(&self, code: CodeId) -> Option<&usage::Usage> {
        self.usage.iter().find(|u| u.code == code)
    }

    /// The rows of one metric, code and scope (several when the metric is per pair).
    pub fn find(&self, metric: Metric, code: Option<CodeId>, scope: Scope) -> Vec<&Row> {
        self.rows
            .iter()
            .filter(|r| r.metric == metric && r.code == code && r.scope == scope)
            .collect()
    }

    /// The single row of a metric for these coders, code and scope.
    pub fn value(
        &self,
        metric: Metric,
        code: Option<CodeId>,
        coders: &[CoderId],
        scope: Scope,
    ) -> Option<&Row> {
        self.rows.iter().find(|r| {
            r.metric == metric && r.code == code && r.scope == scope && r.coders == coders
        })
    }
}

/// Why a comparison cannot be made at all.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AgreementError {
    #[error("agreement needs at least two coders; got {0}")]
    TooFewCoders(usize),
    #[error("no such coder in the project: {0}")]
    UnknownCoder(CoderId),
    #[error("no such code in the project: {0}")]
    UnknownCode(CodeId),
    #[error("the same coder is listed twice")]
    DuplicateCoder,
    #[error("the threshold must be greater than 0 and at most 1; got {0}")]
    BadThreshold(f64),
}

/// A rough reading of a value, for colouring tables: kappa-type coefficients on Landis &
/// Koch's steps (0.2/0.4/0.6/0.8, negative is poor), percentages on the same steps of
/// 50–100 %. It is a visual aid only; the number is what counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grade {
    Undefined,
    Poor,
    Fair,
    Moderate,
    Substantial,
    AlmostPerfect,
}

impl Grade {
    pub fn of(metric: Metric, value: &Value) -> Grade {
        let Some(v) = value.number() else {
            return Grade::Undefined;
        };
        // Map a percentage's 50–100 % onto 0–1 so both kinds share the steps.
        let v = if metric.is_percentage() {
            (v - 0.5) * 2.0
        } else {
            v
        };
        match v {
            v if v < 0.2 => Grade::Poor,
            v if v < 0.4 => Grade::Fair,
            v if v < 0.6 => Grade::Moderate,
            v if v < 0.8 => Grade::Substantial,
            _ => Grade::AlmostPerfect,
        }
    }
}
