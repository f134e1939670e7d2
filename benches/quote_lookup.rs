//! Quote lookup in codings CSV import on a 10 MB document: the five seed documents one after the
//! other, repeated to 10,000,000 bytes, so that every quote occurs about 20 times and each row
//! names its occurrence. Measured: building the index, one row's lookup (with the suffix array,
//! by scanning, and the whole-document search used before), and 100,000 quoted rows through the
//! import planner end to end (reading the CSV, building the index, planning the codings).
//! Target: at most 50 µs per row (`docs/PERFORMANCE.md`, "Quote lookup").

use coda::io::codings_csv::{ImportOptions, plan_import};
use coda::io::quote_index::QuoteIndex;
use coda::model::{
    CharRange, Code, Coder, CoderId, Color, Document, DocumentSource, Project, SourceFormat, Text,
};
use coda::ops::{Edit, apply};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

mod common;
use common::Rng;

const DOCUMENT_BYTES: usize = 10_000_000;
const ROWS: usize = 100_000;
const DOCUMENT: &str = "seeds.txt";

/// The five seed documents, one after the other, repeated and cut (at a char boundary) to
/// `DOCUMENT_BYTES` bytes.
fn document_text() -> String {
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
    let mut text = String::new();
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
}

/// A project holding the document, one code and one (current) coder.
fn project(text: &str) -> Project {
    let mut project = Project::new("bench");
    let coder = Coder {
        id: CoderId::new(),
        name: "Aigerim".into(),
    };
    let document = Document::new(
        DOCUMENT,
        DocumentSource {
            file_name: DOCUMENT.into(),
            format: SourceFormat::PlainText,
            encoding: "UTF-8".into(),
        },
        text.to_string(),
    );
    let edits = vec![
        Edit::InsertDocument {
            index: 0,
            document: Box::new(document),
        },
        Edit::InsertCode {
            index: 0,
            code: Box::new(Code::new("Push factors", None, Color::from_palette(0))),
        },
        Edit::InsertCoder {
            index: 0,
            coder: coder.clone(),
        },
        Edit::SetCurrentCoder(Some(coder.id)),
    ];
    apply(&mut project, Edit::Batch(edits)).unwrap();
    project
}

/// `n` passages of 40–240 chars anywhere in the text: each quote, which occurrence of it the
/// passage is (1-based), and where it is.
fn quotes(text: &Text, index: &QuoteIndex, n: usize) -> Vec<(String, usize, CharRange)> {
    let mut rng = Rng(2026);
    let chars = text.char_len();
    let mut quotes = Vec::with_capacity(n);
    while quotes.len() < n {
        let start = rng.below(chars - 300);
        let range = CharRange::new(start, start + 40 + rng.below(200));
        let quote = text.slice(range).unwrap().trim();
        let found = index.find(quote);
        let Some(occurrence) = (0..found.len()).find(|&k| found.get(k).unwrap().start >= start)
        else {
            continue;
        };
        quotes.push((
            quote.to_string(),
            occurrence + 1,
            found.get(occurrence).unwrap(),
        ));
    }
    quotes
}

fn bench(c: &mut Criterion) {
    let text = Text::from(document_text());
    assert_eq!(text.as_str().len(), DOCUMENT_BYTES);
    let indexed = QuoteIndex::with_suffix_array(&text);
    let scanning = QuoteIndex::scanning(&text);
    let rows = quotes(&text, &indexed, ROWS);
    let mean_occurrences = rows
        .iter()
        .take(1000)
        .map(|(q, _, _)| indexed.find(q).len())
        .sum::<usize>() as f64
        / 1000.0;
    eprintln!(
        "document: {} bytes, {} chars; a quote occurs {mean_occurrences:.1} times on average",
        text.as_str().len(),
        text.char_len()
    );
    // Both ways find the same passages.
    for (quote, occurrence, range) in rows.iter().take(20) {
        assert_eq!(scanning.find(quote).get(occurrence - 1), Some(*range));
    }

    let mut group = c.benchmark_group("quote lookup, 10 MB");
    group.sample_size(10);
    group.bench_function("build the index with a suffix array", |b| {
        b.iter(|| black_box(QuoteIndex::with_suffix_array(&text)))
    });
    group.bench_function("build the index without (collapse only)", |b| {
        b.iter(|| black_box(QuoteIndex::scanning(&text)))
    });
    group.bench_function("one row, whole-document search of before", |b| {
        let (quote, occurrence, _) = &rows[0];
        b.iter(|| black_box(text.find_ignoring_whitespace(quote)[occurrence - 1]))
    });
    group.throughput(Throughput::Elements(10));
    group.bench_function("10 rows by scanning", |b| {
        b.iter(|| {
            for (quote, occurrence, _) in &rows[..10] {
                black_box(scanning.find(quote).get(occurrence - 1));
            }
        })
    });
    group.sample_size(50);
    group.throughput(Throughput::Elements(1000));
    group.bench_function("1000 rows with the suffix array", |b| {
        b.iter(|| {
            for (quote, occurrence, _) in &rows[..1000] {
                black_box(indexed.find(quote).get(occurrence - 1));
            }
        })
    });
    group.finish();

    let project = project(text.as_str());
    drop((indexed, scanning));
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["document", "code", "occurrence", "quote"])
        .unwrap();
    for (quote, occurrence, _) in &rows {
        csv.write_record([DOCUMENT, "Push factors", &occurrence.to_string(), quote])
            .unwrap();
    }
    let csv = csv.into_inner().unwrap();
    let options = ImportOptions::default();
    let plan = plan_import(&project, &csv, b',', options).expect("every row is valid");
    assert!(plan.segments_added + plan.duplicates_skipped == ROWS);
    drop(plan);
    let mut group = c.benchmark_group("import planner");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("100,000 quoted rows, one 10 MB document", |b| {
        b.iter_with_large_drop(|| plan_import(&project, &csv, b',', options).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
