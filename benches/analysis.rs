//! The code matrices (`analysis::matrix`, `analysis::cooccurrence`, as `coda matrix` and
//! `coda cooccurrence` run them) on the 10 MB, 100,000-coding document set of `benches/common`,
//! with a variable and two groups added to its documents. Target (issue 14): both matrices
//! ≤ 50 ms. Besides criterion's wall-clock estimates, prints each case's median CPU time of
//! this thread (what the machine's load does not inflate).

use coda::analysis::cooccurrence::{Within, cooccurrence};
use coda::analysis::filter::{DocumentFilter, FilterSpec};
use coda::analysis::matrix::{Columns, Measure, code_document_matrix};
use coda::model::{Group, Project, Variable, VariableType};
use coda::ops::{Edit, apply};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

mod common;
use common::{document_set_project, median, thread_cpu_time};

/// The document set with `year` (2013…2022 by document) and the groups "Odd" and "Even".
fn project() -> Project {
    let mut project = document_set_project();
    let ids: Vec<_> = project.documents.iter().map(|d| d.id).collect();
    let mut edits = vec![Edit::InsertVariable {
        index: 0,
        variable: Variable {
            name: "year".into(),
            kind: VariableType::Number,
        },
    }];
    for (i, &id) in ids.iter().enumerate() {
        edits.push(Edit::SetVariableValue {
            document: id,
            variable: "year".into(),
            value: Some((2013 + i).to_string()),
        });
    }
    for (index, name) in ["Odd", "Even"].into_iter().enumerate() {
        edits.push(Edit::InsertGroup {
            index,
            group: Group {
                name: name.into(),
                documents: ids.iter().skip(1 - index).step_by(2).copied().collect(),
            },
        });
    }
    apply(&mut project, Edit::Batch(edits)).expect("the bench's variables apply");
    project
}

fn bench(c: &mut Criterion) {
    let project = project();
    let everything = DocumentFilter::everything();
    let recent = DocumentFilter::new(
        &project,
        &FilterSpec {
            conditions: vec!["year>=2018".into()],
            ..FilterSpec::default()
        },
    )
    .unwrap();
    let by_year = Columns::Variable("year".into());
    type Case<'a> = (&'a str, Box<dyn Fn() -> usize + 'a>);
    let cases: Vec<Case> = vec![
        (
            "matrix: count by document",
            Box::new(|| {
                code_document_matrix(
                    &project,
                    &everything,
                    &Columns::Documents,
                    Measure::Count,
                    false,
                )
                .unwrap()
                .rows
                .len()
            }),
        ),
        (
            "matrix: chars by document, with subcodes",
            Box::new(|| {
                code_document_matrix(
                    &project,
                    &everything,
                    &Columns::Documents,
                    Measure::Chars,
                    true,
                )
                .unwrap()
                .rows
                .len()
            }),
        ),
        (
            "matrix: coverage by group",
            Box::new(|| {
                code_document_matrix(
                    &project,
                    &everything,
                    &Columns::Groups,
                    Measure::Coverage,
                    false,
                )
                .unwrap()
                .rows
                .len()
            }),
        ),
        (
            "matrix: count by year, year>=2018",
            Box::new(|| {
                code_document_matrix(&project, &recent, &by_year, Measure::Count, false)
                    .unwrap()
                    .rows
                    .len()
            }),
        ),
        (
            "matrix: chars by coder (the chart's numbers)",
            Box::new(|| {
                code_document_matrix(
                    &project,
                    &everything,
                    &Columns::Coders,
                    Measure::Chars,
                    true,
                )
                .unwrap()
                .rows
                .len()
            }),
        ),
        (
            "co-occurrence: overlap",
            Box::new(|| {
                cooccurrence(&project, &everything, Within::Overlap)
                    .rows
                    .len()
            }),
        ),
        (
            "co-occurrence: sentence",
            Box::new(|| {
                cooccurrence(&project, &everything, Within::Sentence)
                    .rows
                    .len()
            }),
        ),
        (
            "co-occurrence: paragraph",
            Box::new(|| {
                cooccurrence(&project, &everything, Within::Paragraph)
                    .rows
                    .len()
            }),
        ),
    ];
    let pairs: f64 = cooccurrence(&project, &everything, Within::Overlap)
        .cells
        .iter()
        .flatten()
        .sum::<f64>()
        - project.segments.len() as f64;
    println!(
        "{} codings, {} codes; {} overlapping pairs (counted both ways)",
        project.segments.len(),
        project.codes.len(),
        pairs
    );
    for (label, run) in &cases {
        let times: Vec<_> = (0..15)
            .filter_map(|_| {
                let start = thread_cpu_time()?;
                black_box(run());
                Some(thread_cpu_time()? - start)
            })
            .collect();
        if !times.is_empty() {
            println!("{label}: median CPU time {:.1?}", median(times));
        }
    }
    let mut group = c.benchmark_group("analysis 10 MB, 100,000 codings");
    group.sample_size(20);
    for (label, run) in &cases {
        group.bench_function(*label, |b| b.iter(|| black_box(run())));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
