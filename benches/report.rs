//! `coda report` on the sample project (sample_projects/central-asia-cve.ron: 4 documents,
//! 26 codes, 164 codings): the report built once, then written as Markdown, HTML and Word, and
//! the whole command's work (load, build, write HTML) in memory. Target (issue 14): the
//! sample's report ≤ 1 s.

use coda::analysis::filter::DocumentFilter;
use coda::analysis::report::build;
use coda::io::project_file;
use coda::io::report::{Format, render};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron")
}

fn bench(c: &mut Criterion) {
    let project = project_file::load(&sample())
        .expect("the sample project loads")
        .project;
    let everything = DocumentFilter::everything();
    let report = build(&project, &everything, Vec::new(), false);
    c.bench_function("report: build", |b| {
        b.iter(|| build(black_box(&project), &everything, Vec::new(), false))
    });
    for (name, format) in [
        ("report: write Markdown", Format::Markdown),
        ("report: write HTML", Format::Html),
        ("report: write Word", Format::Docx),
    ] {
        c.bench_function(name, |b| b.iter(|| render(black_box(&report), format)));
    }
    c.bench_function("report: load, build and write HTML", |b| {
        b.iter(|| {
            let project = project_file::load(&sample()).expect("loads").project;
            render(
                &build(&project, &DocumentFilter::everything(), Vec::new(), false),
                Format::Html,
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
