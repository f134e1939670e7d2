//! REFI-QDA exchange of the 10 MB, 100,000-coding project of `benches/common` (target, issue 13:
//! export and import ≤ 1 s each).
//!
//! - "export .qdpx": `io::refi::export_project`, the whole of `coda export-refi -o OUT.qdpx`
//!   but the file write: project.qde written, every text and the XML deflated into the zip.
//! - "import .qdpx": `io::refi::import_bytes` of that archive, the whole of `coda import-refi`
//!   but reading the file and saving the project: unzip, parse, map, validate.
//!
//! After criterion's figures it prints the median CPU time of this thread for each (the work's
//! own cost, whatever else the machine is doing).

use coda::io::refi;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

mod common;

fn bench(c: &mut Criterion) {
    let project = common::document_set_project();
    let (archive, _) = refi::export_project(&project).unwrap();
    println!(
        "10 MB project: {} documents, {} codings; the .qdpx is {:.1} MB",
        project.documents.len(),
        project.segments.len(),
        archive.len() as f64 / 1e6
    );
    let mut group = c.benchmark_group("REFI-QDA, 10 MB, 100,000 codings");
    group.sample_size(10);
    group.bench_function("export .qdpx", |b| {
        b.iter(|| black_box(refi::export_project(black_box(&project)).unwrap()))
    });
    group.bench_function("import .qdpx", |b| {
        b.iter(|| black_box(refi::import_bytes(black_box(&archive), "bench.qdpx").unwrap()))
    });
    group.finish();

    for (what, run) in [
        (
            "export .qdpx",
            Box::new(|| drop(refi::export_project(&project).unwrap())) as Box<dyn Fn()>,
        ),
        (
            "import .qdpx",
            Box::new(|| drop(refi::import_bytes(&archive, "bench.qdpx").unwrap())),
        ),
    ] {
        let times: Vec<_> = (0..5)
            .filter_map(|_| {
                let before = common::thread_cpu_time()?;
                run();
                Some(common::thread_cpu_time()? - before)
            })
            .collect();
        if !times.is_empty() {
            println!("{what}: median CPU time {:?}", common::median(times));
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
