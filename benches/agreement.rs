//! Agreement on a large comparison: 10 MB of text in 10 documents (the sample seeds repeated),
//! 3 coders, 20 codes, 100,000 segments of 50–2000 chars. Every metric, by characters and by
//! sentences. Target: under 200 ms (`docs/PERFORMANCE.md`).
//!
//! With `CODA_AGREEMENT_EXPORT=FILE` set, the case and some of Coda's values are also written to
//! FILE as JSON, for `benches/agreement_python.py` to compute the same statistics with
//! scikit-learn, statsmodels and krippendorff on per-character vectors.

use coda::agreement::{self, Metric, Options, Scope, Unit};
use coda::model::{
    Code, CodeId, Coder, CoderId, Color, DocId, Document, DocumentSource, Project, Segment,
    SegmentId, SourceFormat,
};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use std::hint::black_box;
use std::path::Path;

mod common;
use common::Rng;

const DOCUMENTS: usize = 10;
const DOCUMENT_BYTES: usize = 1_000_000;
const CODERS: usize = 3;
const SEGMENTS: usize = 100_000;

/// The five seed documents, one after the other, repeated and cut (at a char boundary) to
/// `DOCUMENT_BYTES` bytes per document.
fn texts() -> Vec<String> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/seeds");
    let mut names: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    let base: String = names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap().replace("\r\n", "\n"))
        .collect::<Vec<_>>()
        .join("\n\n");
    (0..DOCUMENTS)
        .map(|k| {
            let mut text = format!("Document {}\n\n", k + 1);
            while text.len() < DOCUMENT_BYTES {
                text.push_str(&base);
                text.push_str("\n\n");
            }
            let mut cut = DOCUMENT_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            text
        })
        .collect()
}

/// The project: 4 themes with 4 subcodes each (20 codes), 3 coders, and 100,000 segments.
/// Segments come from shared passages (log-uniform 50–2000 chars, any code, anywhere): each
/// coder codes a passage with probability 0.7, moves each boundary by up to 20 chars, and uses
/// another code one time in ten. Overlaps, within a coder too, are allowed.
fn project() -> Project {
    let mut project = Project::new("agreement benchmark");
    for (k, text) in texts().into_iter().enumerate() {
        let name = format!("document {:02}.txt", k + 1);
        let source = DocumentSource {
            file_name: name.clone(),
            format: SourceFormat::PlainText,
            encoding: "UTF-8".into(),
        };
        let mut document = Document::new(name, source, text);
        document.id = DocId::from_u128(1000 + k as u128);
        project.documents.push(document);
    }
    for k in 0..CODERS {
        project.coders.push(Coder {
            id: CoderId::from_u128(2000 + k as u128),
            name: ["A", "B", "C"][k].into(),
        });
    }
    for theme in 0..4 {
        let mut parent = Code::new(
            format!("Theme {}", theme + 1),
            None,
            Color::from_palette(theme),
        );
        parent.id = CodeId::from_u128(3000 + 10 * theme as u128);
        let parent_id = parent.id;
        project.codes.push(parent);
        for sub in 0..4 {
            let mut code = Code::new(
                format!("Subtheme {}.{}", theme + 1, sub + 1),
                Some(parent_id),
                Color::from_palette(theme),
            );
            code.id = CodeId::from_u128(3000 + 10 * theme as u128 + sub as u128 + 1);
            project.codes.push(code);
        }
    }
    let lengths: Vec<usize> = project
        .documents
        .iter()
        .map(|d| d.text.char_len())
        .collect();
    let mut rng = Rng(20_261_122);
    let mut n = 0;
    while n < SEGMENTS {
        let doc = rng.below(DOCUMENTS);
        let length = (50.0 * 40f64.powf(rng.unit())) as usize;
        let start = rng.below(lengths[doc] - length);
        let code = rng.below(project.codes.len());
        for coder in 0..CODERS {
            if n == SEGMENTS || rng.unit() >= 0.7 {
                continue;
            }
            let mut jitter = |at: usize| (at + rng.below(41)).saturating_sub(20).min(lengths[doc]);
            let (s, e) = (jitter(start), jitter(start + length));
            let code = if rng.unit() < 0.1 {
                rng.below(project.codes.len())
            } else {
                code
            };
            if s >= e {
                continue;
            }
            let segment = Segment {
                id: SegmentId::from_u128(n as u128),
                document: project.documents[doc].id,
                start: s,
                end: e,
                code: project.codes[code].id,
                coder: project.coders[coder].id,
                created: "2026-11-22T00:00:00Z".into(),
                memo: String::new(),
            };
            project.segments.insert(segment.id, segment);
            n += 1;
        }
    }
    project
}

fn options(project: &Project, unit: Unit) -> Options {
    let coders = project.coders.iter().map(|c| c.id).collect();
    Options {
        unit,
        ..Options::all_codes(project, coders)
    }
}

/// Writes the case and Coda's pooled per-code values for the Python comparison.
fn export(project: &Project, path: &str) {
    let report = agreement::compare(project, &options(project, Unit::Char)).unwrap();
    let coders: Vec<CoderId> = project.coders.iter().map(|c| c.id).collect();
    let name = |id: CoderId| project.coder(id).unwrap().name.clone();
    let number = |metric, code, coders: &[CoderId]| {
        report
            .value(metric, Some(code), coders, Scope::All)
            .and_then(|r| r.value.number())
    };
    let mut values = serde_json::Map::new();
    for code in &project.codes {
        let mut pairs = serde_json::Map::new();
        for i in 0..coders.len() {
            for j in i + 1..coders.len() {
                let pair = [coders[i], coders[j]];
                pairs.insert(
                    format!("{}-{}", name(pair[0]), name(pair[1])),
                    json!({
                        "percent_agreement": number(Metric::PercentAgreement, code.id, &pair),
                        "cohen_kappa": number(Metric::CohenKappa, code.id, &pair),
                    }),
                );
            }
        }
        values.insert(
            project.code_path(code.id),
            json!({
                "pairs": pairs,
                "fleiss_kappa": number(Metric::FleissKappa, code.id, &coders),
                "krippendorff_alpha": number(Metric::KrippendorffAlpha, code.id, &coders),
            }),
        );
    }
    let doc_index = |id: DocId| project.document_index(id).unwrap();
    let code_index = |id: CodeId| project.code_index(id).unwrap();
    let coder_index = |id: CoderId| coders.iter().position(|&c| c == id).unwrap();
    let segments: Vec<[usize; 5]> = project
        .segments_sorted()
        .into_iter()
        .map(|s| {
            [
                doc_index(s.document),
                s.start,
                s.end,
                code_index(s.code),
                coder_index(s.coder),
            ]
        })
        .collect();
    let case = json!({
        "documents": project.documents.iter().map(|d| json!({
            "name": d.name, "bytes": d.text.as_str().len(), "chars": d.text.char_len()
        })).collect::<Vec<_>>(),
        "coders": project.coders.iter().map(|c| &c.name).collect::<Vec<_>>(),
        "codes": project.codes.iter().map(|c| project.code_path(c.id)).collect::<Vec<_>>(),
        "segments": segments,
        "coda": values,
    });
    std::fs::write(path, serde_json::to_string(&case).unwrap()).unwrap();
    eprintln!("wrote the case to {path}");
}

fn bench(c: &mut Criterion) {
    let project = project();
    assert_eq!(project.segments.len(), SEGMENTS);
    let bytes: usize = project
        .documents
        .iter()
        .map(|d| d.text.as_str().len())
        .sum();
    assert_eq!(bytes, DOCUMENTS * DOCUMENT_BYTES);
    if let Ok(path) = std::env::var("CODA_AGREEMENT_EXPORT") {
        export(&project, &path);
    }
    let mut group = c.benchmark_group("agreement");
    group.sample_size(20);
    for unit in [Unit::Char, Unit::Sentence] {
        // The statistics alone; the bootstrap is measured below.
        let options = Options {
            bootstrap: 0,
            ..options(&project, unit)
        };
        // Every metric is computed: each code's rows for every document and pooled.
        let report = agreement::compare(&project, &options).unwrap();
        assert!(report.rows.len() > 20 * 11 * 9);
        group.bench_function(
            format!("10 MB, 3 coders, 20 codes, 100k segments, {unit}"),
            |b| b.iter(|| black_box(agreement::compare(&project, &options).unwrap())),
        );
    }
    // Every metric plus 1,000 bootstrap resamples of every pooled Cohen's kappa (3 pairs) and
    // Krippendorff's alpha, 20 codes: 80 intervals. Target: the resamples within 1 s.
    let options = Options {
        bootstrap: 1000,
        ..options(&project, Unit::Char)
    };
    let report = agreement::compare(&project, &options).unwrap();
    let intervals = report.rows.iter().filter(|r| r.ci95.is_some()).count();
    assert_eq!(intervals, 20 * 4);
    group.bench_function(
        "10 MB, 3 coders, 20 codes, 100k segments, char, with 1,000 bootstrap resamples",
        |b| b.iter(|| black_box(agreement::compare(&project, &options).unwrap())),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
