//! Builds every coder's coded sets per document and code, then every row of the report.

use super::coefficients::{
    self, CoverageCounts, PairCounts, SegmentCounts, UnitizedTallies, Value,
};
use super::intervals::{IntervalSet, coverage_histogram};
use super::pieces::{Piece, covered_by_all, not_compared_reason};
use super::units::unit_ranges;
use super::usage::{CoderUsage, Usage};
use super::{
    AgreementError, Counts, Metric, Options, Report, Row, Scope, bootstrap, segments, unitized,
};
use crate::model::{CodeId, CoderId, DocId, Project};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Compares the chosen coders on the chosen codes of every document of `project`.
pub fn compare(project: &Project, options: &Options) -> Result<Report, AgreementError> {
    check(project, options)?;
    let comparison = Comparison::new(project, options);
    Ok(comparison.run())
}

fn check(project: &Project, options: &Options) -> Result<(), AgreementError> {
    if options.coders.len() < 2 {
        return Err(AgreementError::TooFewCoders(options.coders.len()));
    }
    let mut seen = HashSet::new();
    for &coder in &options.coders {
        if project.coder(coder).is_none() {
            return Err(AgreementError::UnknownCoder(coder));
        }
        if !seen.insert(coder) {
            return Err(AgreementError::DuplicateCoder);
        }
    }
    if let Some(&code) = options.codes.iter().find(|&&c| project.code(c).is_none()) {
        return Err(AgreementError::UnknownCode(code));
    }
    if !(options.threshold > 0.0 && options.threshold <= 1.0) {
        return Err(AgreementError::BadThreshold(options.threshold));
    }
    Ok(())
}

/// One document's coded sets over the text every compared coder covered, as pieces: one per
/// covered range (one piece, the whole text, when nobody recorded coverage).
struct DocumentSets {
    id: DocId,
    char_len: usize,
    present: Vec<bool>,
    pieces: Vec<Piece>,
}

struct Comparison<'a> {
    project: &'a Project,
    options: &'a Options,
    pairs: Vec<(usize, usize)>,
    documents: Vec<DocumentSets>,
    /// Documents left out, with the reason (no text every compared coder covered).
    not_compared: Vec<(DocId, String)>,
}

/// Pooled sums for one compared code (or, for the across-codes rows, all codes).
#[derive(Default)]
struct Pooled {
    pairs: Vec<Option<PairCounts>>,
    fleiss: Option<CoverageCounts>,
    alpha: BTreeMap<usize, CoverageCounts>,
    /// Unitized tallies over all coders, then per pair, with the number of documents used.
    unitized_all: Option<(UnitizedTallies, usize)>,
    unitized_pairs: Vec<Option<(UnitizedTallies, usize)>>,
    segments: Vec<Option<SegmentCounts>>,
    /// Set when unitized alpha cannot be computed at all (codes overlap within a coder).
    not_applicable: Option<String>,
}

impl<'a> Comparison<'a> {
    fn new(project: &'a Project, options: &'a Options) -> Self {
        let m = options.coders.len();
        let pairs = (0..m)
            .flat_map(|i| (i + 1..m).map(move |j| (i, j)))
            .collect();
        let coder_index: HashMap<CoderId, usize> = options
            .coders
            .iter()
            .enumerate()
            .map(|(k, &c)| (c, k))
            .collect();
        // Which compared codes a segment's own code counts for.
        let mut counts_for: HashMap<CodeId, Vec<usize>> = HashMap::new();
        for (x, &code) in options.codes.iter().enumerate() {
            let members = if options.include_children {
                project.subtree(code)
            } else {
                vec![code]
            };
            for member in members {
                counts_for.entry(member).or_default().push(x);
            }
        }
        let doc_index: HashMap<DocId, usize> = project
            .documents
            .iter()
            .enumerate()
            .map(|(d, doc)| (doc.id, d))
            .collect();

        let codes = options.codes.len();
        let mut spans = vec![vec![vec![Vec::new(); m]; codes]; project.documents.len()];
        let mut has_segments = vec![vec![false; m]; project.documents.len()];
        for segment in project.segments.values() {
            let (Some(&k), Some(&d)) = (
                coder_index.get(&segment.coder),
                doc_index.get(&segment.document),
            ) else {
                continue;
            };
            has_segments[d][k] = true;
            for &x in counts_for.get(&segment.code).into_iter().flatten() {
                spans[d][x][k].push((segment.start, segment.end));
            }
        }

        let mut documents = Vec::new();
        let mut not_compared = Vec::new();
        for ((doc, spans), has_segments) in project.documents.iter().zip(spans).zip(has_segments) {
            let covered = covered_by_all(project, &options.coders, doc.id);
            if covered.is_empty() {
                not_compared.push((
                    doc.id,
                    not_compared_reason(project, &options.coders, doc.id),
                ));
                continue;
            }
            let ranges = unit_ranges(options.unit, doc.text.as_str());
            documents.push(DocumentSets {
                id: doc.id,
                char_len: doc.text.char_len(),
                present: has_segments
                    .iter()
                    .map(|&has| has || !options.missing)
                    .collect(),
                pieces: covered
                    .iter()
                    .map(|&range| Piece::new(&spans, ranges.as_deref(), range))
                    .collect(),
            });
        }
        Comparison {
            project,
            options,
            pairs,
            documents,
            not_compared,
        }
    }

    fn coder_name(&self, k: usize) -> &str {
        self.project
            .coder(self.options.coders[k])
            .map_or("?", |c| c.name.as_str())
    }

    fn pair_ids(&self, (i, j): (usize, usize)) -> Vec<CoderId> {
        vec![self.options.coders[i], self.options.coders[j]]
    }

    fn absent_reason(&self, doc: &DocumentSets, coders: &[usize]) -> Option<String> {
        coders.iter().find(|&&k| !doc.present[k]).map(|&k| {
            format!(
                "{} did not code this document (missing)",
                self.coder_name(k)
            )
        })
    }

    fn run(&self) -> Report {
        let mut rows = Vec::new();
        let all_coders: Vec<usize> = (0..self.options.coders.len()).collect();
        for x in 0..self.options.codes.len() {
            let code = Some(self.options.codes[x]);
            let mut pooled = Pooled::new(self.pairs.len());
            for doc in &self.documents {
                let scope = Scope::Document(doc.id);
                let mut rows_here = Pooled::new(self.pairs.len());
                self.code_in_document(doc, x, &all_coders, &mut rows_here);
                self.emit(&rows_here, code, scope, &mut rows);
                pooled.absorb(rows_here);
            }
            self.emit(&pooled, code, Scope::All, &mut rows);
        }
        self.across_codes(&all_coders, &mut rows);

        let missing = self
            .documents
            .iter()
            .flat_map(|doc| {
                doc.present
                    .iter()
                    .enumerate()
                    .filter(|&(_, &present)| !present)
                    .map(|(k, _)| (self.options.coders[k], doc.id))
            })
            .collect();
        let mut report = Report {
            options: self.options.clone(),
            documents: self.documents.iter().map(|d| d.id).collect(),
            compared_chars: self
                .documents
                .iter()
                .map(|d| {
                    let compared: usize = d.pieces.iter().map(|p| p.char_len).sum();
                    (compared as u64, d.char_len as u64)
                })
                .collect(),
            not_compared: self.not_compared.clone(),
            missing,
            rows,
            usage: Vec::new(),
        };
        report.usage = self.usage(&report);
        report
    }

    /// Each compared code's usage in the compared text, and its warnings.
    fn usage(&self, report: &Report) -> Vec<Usage> {
        let m = self.options.coders.len();
        let pieces = || self.documents.iter().flat_map(|d| d.pieces.iter());
        let units: u64 = pieces().map(|p| p.unit_count as u64).sum();
        let names = |id: CoderId| self.project.coder(id).map_or("?", |c| &c.name).to_string();
        (0..self.options.codes.len())
            .map(|x| {
                let coders: Vec<CoderUsage> = (0..m)
                    .map(|k| CoderUsage {
                        coder: self.options.coders[k],
                        segments: pieces()
                            .map(|p| p.chars[x][k].intervals().len() as u64)
                            .sum(),
                        coded_chars: pieces().map(|p| p.chars[x][k].measure()).sum(),
                        coded_units: pieces().map(|p| p.units[x][k].measure()).sum(),
                    })
                    .collect();
                let coded_units = pieces()
                    .map(|p| IntervalSet::union_of(&p.units[x]).measure())
                    .sum();
                let code = self.options.codes[x];
                let warnings =
                    super::usage::warnings(report, code, units, coded_units, &coders, &names);
                Usage {
                    code,
                    units,
                    coded_units,
                    coders,
                    warnings,
                }
            })
            .collect()
    }

    /// Counts for compared code `x` in one document: its pieces' counts summed.
    fn code_in_document(&self, doc: &DocumentSets, x: usize, all: &[usize], out: &mut Pooled) {
        for piece in &doc.pieces {
            let mut here = Pooled::new(self.pairs.len());
            self.code_in_piece(&doc.present, piece, x, all, &mut here);
            out.absorb(here);
        }
        out.count_as_one_document();
    }

    /// Counts for compared code `x` in one piece of a document.
    fn code_in_piece(
        &self,
        present_in_doc: &[bool],
        piece: &Piece,
        x: usize,
        all: &[usize],
        out: &mut Pooled,
    ) {
        let unit_sets = &piece.units[x];
        let char_sets = &piece.chars[x];
        let units = piece.unit_count as u64;
        for (p, &(i, j)) in self.pairs.iter().enumerate() {
            if present_in_doc[i] && present_in_doc[j] {
                let (a, b) = (&unit_sets[i], &unit_sets[j]);
                out.pairs[p] = Some(PairCounts::from_sizes(
                    units,
                    a.measure(),
                    b.measure(),
                    a.intersection_measure(b),
                ));
                out.segments[p] = Some(segments::segment_counts(
                    &char_sets[i],
                    &char_sets[j],
                    self.options.threshold,
                ));
            }
        }
        let present: Vec<&IntervalSet> = all
            .iter()
            .filter(|&&k| present_in_doc[k])
            .map(|&k| &unit_sets[k])
            .collect();
        let mut coverage = CoverageCounts::new(present.len());
        coverage.add(&coverage_histogram(&present, piece.unit_count));
        if present.len() == all.len() {
            out.fleiss = Some(coverage.clone());
        }
        out.alpha.insert(present.len(), coverage);

        let binary = |coders: &[usize]| {
            let sets: Vec<Vec<&IntervalSet>> =
                coders.iter().map(|&k| vec![&char_sets[k]]).collect();
            (unitized::tallies(&sets, piece.char_len), 1)
        };
        if all.iter().all(|&k| present_in_doc[k]) {
            out.unitized_all = Some(binary(all));
        }
        if self.pairs.len() > 1 {
            for (p, &(i, j)) in self.pairs.iter().enumerate() {
                if present_in_doc[i] && present_in_doc[j] {
                    out.unitized_pairs[p] = Some(binary(&[i, j]));
                }
            }
        }
    }

    /// Rows for one code (or all codes) and one scope from its counts. Missing pieces become
    /// undefined rows that say why.
    fn emit(&self, counts: &Pooled, code: Option<CodeId>, scope: Scope, rows: &mut Vec<Row>) {
        let doc = match scope {
            Scope::Document(id) => self.documents.iter().find(|d| d.id == id),
            Scope::All => None,
        };
        let all_ids = self.options.coders.clone();
        let all: Vec<usize> = (0..all_ids.len()).collect();
        let why_absent = |coders: &[usize]| -> String {
            doc.and_then(|d| self.absent_reason(d, coders))
                .unwrap_or_else(|| "no document where all these coders coded".to_string())
        };
        // The interval of the next row pushed, if it has one.
        let next_interval = std::cell::Cell::new(None);
        let mut row = |metric, coders: Vec<CoderId>, value, counts| {
            rows.push(Row {
                metric,
                code,
                coders,
                scope,
                value,
                counts,
                ci95: next_interval.take(),
            })
        };
        // Intervals for the pooled values of one code (see `bootstrap`).
        let code_index = code
            .and_then(|c| self.options.codes.iter().position(|&x| x == c))
            .unwrap_or(usize::MAX) as u64;
        let resamples = match scope {
            Scope::All => self.options.bootstrap,
            Scope::Document(_) => 0,
        };
        let seed = |metric: u64, pair: u64| {
            bootstrap::row_seed(self.options.seed, &[metric, code_index, pair])
        };

        // Character- or unit-based statistics exist only for single codes.
        if code.is_some() {
            let mut percents = Vec::new();
            let mut kappas = Vec::new();
            for (p, &pair) in self.pairs.iter().enumerate() {
                let label = format!("{}–{}", self.coder_name(pair.0), self.coder_name(pair.1));
                let (percent, kappa, table) = match &counts.pairs[p] {
                    Some(t) => (
                        coefficients::percent_agreement(t),
                        coefficients::cohen_kappa(t),
                        Counts::Pair(*t),
                    ),
                    None => {
                        let reason = why_absent(&[pair.0, pair.1]);
                        (
                            Value::Undefined(reason.clone()),
                            Value::Undefined(reason),
                            Counts::None {},
                        )
                    }
                };
                row(
                    Metric::PercentAgreement,
                    self.pair_ids(pair),
                    percent.clone(),
                    table.clone(),
                );
                let interval = match (&counts.pairs[p], &kappa) {
                    (Some(t), Value::Defined(_)) if resamples > 0 => {
                        bootstrap::cohen_kappa_interval(t, resamples, seed(1, p as u64))
                    }
                    _ => None,
                };
                next_interval.set(interval);
                row(
                    Metric::CohenKappa,
                    self.pair_ids(pair),
                    kappa.clone(),
                    table,
                );
                // A pair that shares no document (missing data) has nothing to average.
                if counts.pairs[p].is_some() {
                    percents.push((label.clone(), percent));
                    kappas.push((label, kappa));
                }
            }
            let pairs = Counts::Pairs {
                pairs: percents.len(),
            };
            let mean = |values: &[(String, Value)]| {
                if values.is_empty() {
                    Value::Undefined(why_absent(&all))
                } else {
                    coefficients::mean(values)
                }
            };
            row(
                Metric::MeanPairwisePercentAgreement,
                all_ids.clone(),
                mean(&percents),
                pairs.clone(),
            );
            row(
                Metric::MeanPairwiseCohenKappa,
                all_ids.clone(),
                mean(&kappas),
                pairs,
            );
            let (fleiss, fleiss_counts) = match &counts.fleiss {
                Some(c) => (
                    coefficients::fleiss_kappa(c),
                    Counts::Coverage {
                        units: c.units(),
                        histogram: c.histogram.clone(),
                    },
                ),
                None => (
                    Value::Undefined(format!(
                        "Fleiss' kappa needs every coder on every unit: {}",
                        why_absent(&all)
                    )),
                    Counts::None {},
                ),
            };
            row(Metric::FleissKappa, all_ids.clone(), fleiss, fleiss_counts);
            let tallies = coefficients::alpha_tallies(&counts.alpha);
            let alpha = coefficients::krippendorff_alpha_binary(&tallies);
            let interval = match alpha {
                Value::Defined(_) if resamples > 0 => {
                    // M: the pairs of values within units, Σ_u m_u(m_u − 1)/2.
                    let pairs: u64 = counts
                        .alpha
                        .iter()
                        .filter(|(raters, _)| **raters >= 2)
                        .map(|(&raters, c)| {
                            c.histogram.iter().sum::<u64>() * (raters * (raters - 1) / 2) as u64
                        })
                        .sum();
                    let n = tallies.pairable_values as f64;
                    let coded = tallies.coded_values as f64;
                    let observed = 2.0 * tallies.disagreeing_coincidences / n;
                    let expected = 2.0 * (n - coded) * coded / (n * (n - 1.0));
                    bootstrap::alpha_interval(pairs, observed, expected, resamples, seed(2, 0))
                }
                _ => None,
            };
            next_interval.set(interval);
            row(
                Metric::KrippendorffAlpha,
                all_ids.clone(),
                alpha,
                Counts::Alpha(tallies),
            );
        }

        let unitized_row =
            |tallies: &Option<(UnitizedTallies, usize)>, coders: &[usize]| match tallies {
                Some((t, documents)) => (
                    coefficients::unitized_alpha(t),
                    Counts::Unitized {
                        length: t.length,
                        matching_coincidences: t.matching,
                        documents: *documents,
                    },
                ),
                None => (Value::Undefined(why_absent(coders)), Counts::None {}),
            };
        if let Some(reason) = &counts.not_applicable {
            row(
                Metric::UnitizedAlpha,
                all_ids.clone(),
                Value::Undefined(reason.clone()),
                Counts::None {},
            );
        } else {
            let (value, c) = unitized_row(&counts.unitized_all, &all);
            row(Metric::UnitizedAlpha, all_ids.clone(), value, c);
            if self.pairs.len() > 1 {
                for (p, &pair) in self.pairs.iter().enumerate() {
                    let (value, c) = unitized_row(&counts.unitized_pairs[p], &[pair.0, pair.1]);
                    row(Metric::UnitizedAlpha, self.pair_ids(pair), value, c);
                }
            }
        }

        // Brennan–Prediger: per code the decision is binary (coded or not, q = 2), so the
        // value does not depend on how many codes are in the run; over all codes together, q is
        // the number of codes, as MAXQDA has it.
        let k = if code.is_some() {
            2
        } else {
            self.options.codes.len()
        };
        for (p, &pair) in self.pairs.iter().enumerate() {
            let (agreement, kappa, c) = match &counts.segments[p] {
                Some(s) => (
                    coefficients::segment_agreement(s),
                    coefficients::brennan_prediger_kappa(s, k),
                    Counts::Segments {
                        segments: *s,
                        agreements: s.agreements(),
                        total: s.total(),
                        codes: k,
                    },
                ),
                None => {
                    let reason = why_absent(&[pair.0, pair.1]);
                    (
                        Value::Undefined(reason.clone()),
                        Value::Undefined(reason),
                        Counts::None {},
                    )
                }
            };
            row(
                Metric::SegmentAgreement,
                self.pair_ids(pair),
                agreement,
                c.clone(),
            );
            row(Metric::BrennanPredigerKappa, self.pair_ids(pair), kappa, c);
        }
    }

    /// Unitized alpha with every compared code as a value (where no coder puts two codes on
    /// one character) and segment agreement pooled over the codes.
    fn across_codes(&self, all: &[usize], rows: &mut Vec<Row>) {
        let codes = self.options.codes.len();
        if codes == 0 {
            return;
        }
        let mut pooled = Pooled::new(self.pairs.len());
        let mut overlap_anywhere = None;
        for doc in &self.documents {
            let mut here = Pooled::new(self.pairs.len());
            let overlap = self.code_overlap(doc);
            for piece in &doc.pieces {
                let mut in_piece = Pooled::new(self.pairs.len());
                self.codes_in_piece(&doc.present, piece, all, overlap.is_none(), &mut in_piece);
                here.absorb(in_piece);
            }
            here.count_as_one_document();
            if let Some(reason) = overlap {
                overlap_anywhere.get_or_insert_with(|| reason.clone());
                here.not_applicable = Some(reason);
            }
            self.emit(&here, None, Scope::Document(doc.id), rows);
            pooled.absorb(here);
        }
        pooled.not_applicable = overlap_anywhere;
        self.emit(&pooled, None, Scope::All, rows);
    }

    /// Segment counts summed over the codes, and (when the codes partition the text,
    /// `partition`) unitized tallies with every code as a value, in one piece of a document.
    fn codes_in_piece(
        &self,
        present: &[bool],
        piece: &Piece,
        all: &[usize],
        partition: bool,
        out: &mut Pooled,
    ) {
        let codes = self.options.codes.len();
        for x in 0..codes {
            for (p, &(i, j)) in self.pairs.iter().enumerate() {
                if present[i] && present[j] {
                    let s = segments::segment_counts(
                        &piece.chars[x][i],
                        &piece.chars[x][j],
                        self.options.threshold,
                    );
                    out.segments[p].get_or_insert_with(Default::default).add(&s);
                }
            }
        }
        if !partition {
            return;
        }
        let tallies = |coders: &[usize]| {
            let sets: Vec<Vec<&IntervalSet>> = coders
                .iter()
                .map(|&k| (0..codes).map(|x| &piece.chars[x][k]).collect())
                .collect();
            (unitized::tallies(&sets, piece.char_len), 1)
        };
        if all.iter().all(|&k| present[k]) {
            out.unitized_all = Some(tallies(all));
        }
        if self.pairs.len() > 1 {
            for (p, &(i, j)) in self.pairs.iter().enumerate() {
                if present[i] && present[j] {
                    out.unitized_pairs[p] = Some(tallies(&[i, j]));
                }
            }
        }
    }

    /// Why the codes cannot be values of one unitized alpha in this document: some coder
    /// coded one character of the compared text with two compared codes.
    fn code_overlap(&self, doc: &DocumentSets) -> Option<String> {
        let codes = self.options.codes.len();
        for k in 0..self.options.coders.len() {
            for x in 0..codes {
                for y in x + 1..codes {
                    if doc
                        .pieces
                        .iter()
                        .any(|piece| piece.chars[x][k].intersects(&piece.chars[y][k]))
                    {
                        let name = |i: usize| self.project.code_path(self.options.codes[i]);
                        let doc_name = self.project.document(doc.id).map_or("?", |d| &d.name);
                        return Some(format!(
                            "not applicable: {} coded text in {doc_name} with both {} and {}, \
                             so the codes do not partition the text",
                            self.coder_name(k),
                            name(x),
                            name(y)
                        ));
                    }
                }
            }
        }
        None
    }
}

impl Pooled {
    fn new(pairs: usize) -> Self {
        Pooled {
            pairs: vec![None; pairs],
            unitized_pairs: vec![None; pairs],
            segments: vec![None; pairs],
            ..Default::default()
        }
    }

    /// Unitized tallies summed over a document's pieces count as one document.
    fn count_as_one_document(&mut self) {
        for (_, documents) in self
            .unitized_all
            .iter_mut()
            .chain(self.unitized_pairs.iter_mut().flatten())
        {
            *documents = 1;
        }
    }

    /// Adds one document's counts into the pooled counts.
    fn absorb(&mut self, doc: Pooled) {
        fn add_to<T: Clone>(total: &mut Option<T>, part: Option<T>, add: impl Fn(&mut T, &T)) {
            if let Some(part) = part {
                match total {
                    Some(total) => add(total, &part),
                    None => *total = Some(part),
                }
            }
        }
        for (total, part) in self.pairs.iter_mut().zip(doc.pairs) {
            add_to(total, part, PairCounts::add);
        }
        for (total, part) in self.segments.iter_mut().zip(doc.segments) {
            add_to(total, part, SegmentCounts::add);
        }
        add_to(&mut self.fleiss, doc.fleiss, |a, b| a.add(&b.histogram));
        for (raters, coverage) in doc.alpha {
            self.alpha
                .entry(raters)
                .or_insert_with(|| CoverageCounts::new(raters))
                .add(&coverage.histogram);
        }
        let add_tallies = |a: &mut (UnitizedTallies, usize), b: &(UnitizedTallies, usize)| {
            a.0.add(&b.0);
            a.1 += b.1;
        };
        add_to(&mut self.unitized_all, doc.unitized_all, add_tallies);
        for (total, part) in self.unitized_pairs.iter_mut().zip(doc.unitized_pairs) {
            add_to(total, part, add_tallies);
        }
    }
}
