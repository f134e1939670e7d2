//! Merging ten coders' files of 100,000 codings each: the same 20 documents and 40-code
//! codebook in every file (as `copy-for-coder` makes them), each file with its own coder's
//! 90,000 codings plus 10,000 codings of a lead coder that every file shares (identical
//! codings, merged once; 1 in 100 of them with a memo that differs per file, so memos are
//! combined). The merge validates its inputs, matches, resolves and builds the merged project.

use coda::merge::{MergeInput, Resolution, merge};
use coda::model::{
    Code, CodeId, Coder, CoderId, Color, Document, DocumentSource, Project, ProjectId, Segment,
    SegmentId, Segments, SourceFormat,
};
use criterion::{Criterion, criterion_group, criterion_main};
use std::collections::HashSet;
use std::hint::black_box;
use std::time::Duration;

const FILES: usize = 10;
const CODINGS_PER_FILE: usize = 100_000;
const SHARED: usize = 10_000;
const DOCUMENTS: usize = 20;

const PARAGRAPH: &str = "Labour migrants in Russia — often isolated, with little Russian and no local \
    ties — are reached online by recruiters who offer belonging and purpose. Трудовые мигранты в \
    России уязвимы для вербовки через социальные сети. ";

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn coding(
    rng: &mut Rng,
    docs: &[(uuid::Uuid, usize)],
    codes: &[CodeId],
    coder: CoderId,
) -> Segment {
    let (doc, len) = docs[rng.next() % docs.len()];
    let start = rng.next() % (len - 500);
    Segment {
        id: SegmentId::new(),
        document: coda::model::DocId(doc),
        start,
        end: start + 20 + rng.next() % 400,
        code: codes[rng.next() % codes.len()],
        coder,
        created: "2026-11-22T10:00:00Z".into(),
        memo: String::new(),
    }
}

/// The ten coders' files.
fn files() -> Vec<Project> {
    let mut rng = Rng(7);
    let documents: Vec<Document> = (0..DOCUMENTS)
        .map(|i| {
            let text = format!("Document {i}.\n").to_string() + &PARAGRAPH.repeat(150);
            Document::new(
                format!("doc{i:02}.txt"),
                DocumentSource {
                    file_name: format!("doc{i:02}.txt"),
                    format: SourceFormat::PlainText,
                    encoding: "UTF-8".into(),
                },
                text,
            )
        })
        .collect();
    let docs: Vec<(uuid::Uuid, usize)> = documents
        .iter()
        .map(|d| (d.id.0, d.text.char_len()))
        .collect();
    let mut codes: Vec<Code> = Vec::new();
    for top in 0..8 {
        let parent = Code::new(format!("Theme {top}"), None, Color::from_palette(top));
        let parent_id = parent.id;
        codes.push(parent);
        for sub in 0..4 {
            let mut code = Code::new(
                format!("Sub {sub}"),
                Some(parent_id),
                Color::from_palette(sub),
            );
            code.description = format!("What theme {top}, aspect {sub} covers.");
            codes.push(code);
        }
    }
    let code_ids: Vec<CodeId> = codes.iter().map(|c| c.id).collect();
    let lead = Coder {
        id: CoderId::new(),
        name: "Lead".into(),
    };
    let mut shared: Vec<Segment> = Vec::with_capacity(SHARED);
    let mut seen = HashSet::new();
    while shared.len() < SHARED {
        let s = coding(&mut rng, &docs, &code_ids, lead.id);
        if seen.insert((s.document, s.start, s.end, s.code)) {
            shared.push(s);
        }
    }
    let id = ProjectId::new();
    (0..FILES)
        .map(|f| {
            let coder = Coder {
                id: CoderId::new(),
                name: format!("Coder {f}"),
            };
            let mut segments = Segments::new();
            for (n, s) in shared.iter().enumerate() {
                let mut s = s.clone();
                if n % 100 == 0 {
                    s.memo = format!("Coder {f} read this as ambiguous.");
                }
                segments.insert(s.id, s);
            }
            // Distinct codings (a coder rarely codes one passage twice with one code).
            let mut seen = HashSet::new();
            while segments.len() < CODINGS_PER_FILE {
                let s = coding(&mut rng, &docs, &code_ids, coder.id);
                if seen.insert((s.document, s.start, s.end, s.code)) {
                    segments.insert(s.id, s);
                }
            }
            Project {
                id,
                name: "Study".into(),
                memo: String::new(),
                current_coder: Some(coder.id),
                coders: vec![lead.clone(), coder],
                codes: codes.clone(),
                documents: documents.clone(),
                segments,
                coverage: Vec::new(),
                variables: Vec::new(),
                values: Vec::new(),
                groups: Vec::new(),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let projects = files();
    let labels: Vec<String> = (0..FILES).map(|f| format!("coder{f}.ron")).collect();
    let inputs: Vec<MergeInput> = labels
        .iter()
        .zip(&projects)
        .map(|(l, p)| MergeInput::new(l, p))
        .collect();
    let merged = merge(&inputs, &Resolution::First).expect("merges");
    assert_eq!(
        merged.project.segments.len(),
        SHARED + FILES * (CODINGS_PER_FILE - SHARED),
        "every coding once"
    );
    assert_eq!(merged.report.memos_combined, SHARED / 100);
    drop(merged);
    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("10 files × 100,000 codings", |b| {
        b.iter_with_large_drop(|| black_box(merge(&inputs, &Resolution::First).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
