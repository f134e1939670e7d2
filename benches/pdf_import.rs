//! PDF import (`src/io/pdf/`): reading the text layer with pdf_oxide and laying it out (page
//! furniture, footnotes, paragraphs, page map). Targets (`docs/PERFORMANCE.md`, "PDF import"):
//! a 60-page PDF in at most 1 s, a 500-page PDF in at most 8 s and 500 MB peak memory.
//!
//! - 60 pages: `../shared/refi-qda/REFI-QDA-1-5.pdf`, a real standard (Word export).
//! - 540 pages: that PDF nine times over, joined into one file by Ghostscript at bench time
//!   (`gs -q -dNOPAUSE -dBATCH -sDEVICE=pdfwrite -o refi-x9.pdf REFI-QDA-1-5.pdf ×9`), kept in
//!   the target folder. Without `gs` the long case is left out, with a note.
//!
//! Peak memory is the process's peak resident set (`VmHWM` in `/proc/self/status`, Linux),
//! printed after the long case: an upper bound on the import's, since criterion and the
//! 60-page case ran in the same process.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn refi() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/refi-qda/REFI-QDA-1-5.pdf")
}

/// The 540-page PDF, made once with Ghostscript; `None` when gs is not installed.
fn long_pdf() -> Option<PathBuf> {
    let folder = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let path = folder.join("refi-x9.pdf");
    if path.exists() {
        return Some(path);
    }
    let mut gs = Command::new("gs");
    gs.args(["-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", "-o"])
        .arg(&path);
    for _ in 0..9 {
        gs.arg(refi());
    }
    match gs.status() {
        Ok(status) if status.success() => Some(path),
        _ => {
            eprintln!("gs (Ghostscript) is not installed or failed: the 540-page case is left out");
            None
        }
    }
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn import(bytes: &[u8]) -> usize {
    let (document, _) = coda::io::pdf::import(bytes, "report.pdf").expect("the PDF imports");
    document.pages.len()
}

fn bench(c: &mut Criterion) {
    let short = std::fs::read(refi()).expect("../shared/refi-qda/REFI-QDA-1-5.pdf");
    let mut group = c.benchmark_group("pdf_import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("60 pages (REFI-QDA 1.5)", |b| {
        b.iter(|| import(black_box(&short)))
    });
    if let Some(path) = long_pdf() {
        let long = std::fs::read(&path).unwrap();
        let pages = import(&long);
        eprintln!("540-page PDF: {} bytes, {pages} page starts", long.len());
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(60));
        group.bench_function("540 pages (REFI-QDA 1.5 nine times)", |b| {
            b.iter(|| import(black_box(&long)))
        });
        if let Some(mb) = peak_rss_mb() {
            eprintln!("peak resident memory of the bench process: {mb:.0} MB");
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
