//! Searching the whole project (`analysis::search::search_project`, as the search pane and
//! `coda search` run it) on the 10 MB, 100,000-coding document set of `benches/common`.
//! Target (issue 14): a literal or simple regular expression over 10 MB in ≤ 50 ms.

use coda::analysis::search::{Query, search_project};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

mod common;
use common::document_set_project;

fn query(pattern: &str, regex: bool, case_sensitive: bool, whole_word: bool) -> Query {
    Query {
        pattern: pattern.into(),
        regex,
        case_sensitive,
        whole_word,
    }
}

fn bench(c: &mut Criterion) {
    let project = document_set_project();
    let bytes: usize = project
        .documents
        .iter()
        .map(|d| d.text.as_str().len())
        .sum();
    let cases = [
        (
            "literal, any case: recruit",
            query("recruit", false, false, false),
        ),
        (
            "literal, match case: Kyrgyzstan",
            query("Kyrgyzstan", false, true, false),
        ),
        (
            "whole word, any case: state",
            query("state", false, false, true),
        ),
        (
            "regex, any case: recruit\\w*",
            query(r"recruit\w*", true, false, false),
        ),
        (
            "regex, any case: (jihad|extremis)\\w*",
            query(r"(jihad|extremis)\w*", true, false, false),
        ),
    ];
    for (label, query) in &cases {
        let hits = search_project(&project, query, |_| true).unwrap();
        println!("{label}: {} hits in {bytes} bytes", hits.len());
    }
    let mut group = c.benchmark_group("search 10 MB");
    group.sample_size(20);
    for (label, query) in &cases {
        group.bench_function(*label, |b| {
            b.iter(|| black_box(search_project(&project, query, |_| true).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
