//! What the benchmarks share: a seeded generator, the bundled seeds and codebook, and the
//! projects built from them (seed 001 with 10,000 codings; the 10 MB set with 100,000), so that
//! every benchmark that names one of these cases measures the same data.
#![allow(dead_code)]

use coda::io::import::{ImportOptions, Reflow, import_document};
use coda::io::project_file;
use coda::model::{
    Coder, CoderId, Document, DocumentSource, Project, Segment, SegmentId, SourceFormat,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// SplitMix64: a small seeded generator, so that the case is the same on every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The seed documents in name order, each imported as the importer does with reflow on.
pub fn seeds() -> Vec<Document> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo("sample_projects/seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let options = ImportOptions {
        reflow: Reflow::Always,
        ..Default::default()
    };
    paths
        .iter()
        .map(|p| import_document(p, &options).unwrap().document)
        .collect()
}

/// A project with the sample project's codebook (3 themes and their subcodes, with their
/// descriptions) and two coders, the first of them current.
pub fn project_with_codebook(name: &str) -> Project {
    let sample = project_file::load(&repo("sample_projects/central-asia-cve.ron")).unwrap();
    let mut project = Project::new(name);
    project.codes = sample.project.codes;
    project.coders = ["Aigerim", "Daniyar"]
        .into_iter()
        .map(|name| Coder {
            id: CoderId::new(),
            name: name.into(),
        })
        .collect();
    project.current_coder = Some(project.coders[0].id);
    project
}

/// `count` codings spread over the documents (a document in proportion to its length): passages
/// of 20–2000 chars (log-uniform) anywhere, by any code and either coder; overlaps allowed.
pub fn add_codings(project: &mut Project, count: usize, rng: &mut Rng) {
    let lengths: Vec<usize> = project
        .documents
        .iter()
        .map(|d| d.text.char_len())
        .collect();
    let total: usize = lengths.iter().sum();
    for n in 0..count {
        let mut at = rng.below(total);
        let doc = lengths
            .iter()
            .position(|&len| {
                let here = at < len;
                if !here {
                    at -= len;
                }
                here
            })
            .unwrap();
        let length = ((20.0 * 100f64.powf(rng.unit())) as usize).min(lengths[doc] - 1);
        let start = rng.below(lengths[doc] - length);
        let segment = Segment {
            id: SegmentId::from_u128(n as u128 + 1),
            document: project.documents[doc].id,
            start,
            end: start + length,
            code: project.codes[rng.below(project.codes.len())].id,
            coder: project.coders[rng.below(project.coders.len())].id,
            created: "2026-11-30T09:00:00Z".into(),
            memo: String::new(),
        };
        project.segments.insert(segment.id, segment);
    }
}

/// Seed 001 alone, with 10,000 codings.
pub fn seed_001_project() -> Project {
    let mut project = project_with_codebook("Seed 001, 10,000 codings");
    let doc = seeds()
        .into_iter()
        .find(|d| d.name.starts_with("001_"))
        .unwrap();
    project.documents.push(doc);
    add_codings(&mut project, 10_000, &mut Rng(20_261_201));
    project
}

/// 10 documents of 1,000,000 bytes (the seeds one after the other, repeated, cut at a char
/// boundary), with 100,000 codings.
pub fn document_set_project() -> Project {
    const DOCUMENTS: usize = 10;
    const BYTES: usize = 1_000_000;
    let base = seeds()
        .iter()
        .map(|d| d.text.as_str().to_owned())
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut project = project_with_codebook("10 MB, 100,000 codings");
    for k in 0..DOCUMENTS {
        let mut text = format!("Document {}\n\n", k + 1);
        while text.len() < BYTES {
            text.push_str(&base);
            text.push_str("\n\n");
        }
        let mut cut = BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        let name = format!("document {:02}.txt", k + 1);
        let source = DocumentSource {
            file_name: name.clone(),
            format: SourceFormat::ReflowedText,
            encoding: "UTF-8".into(),
        };
        project.documents.push(Document::new(name, source, text));
    }
    add_codings(&mut project, 100_000, &mut Rng(20_261_202));
    project
}

/// CPU time this thread has used: the measured steps' own work, whatever other threads and
/// processes do meanwhile.
#[cfg(unix)]
pub fn thread_cpu_time() -> Option<Duration> {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill in.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    ok.then(|| Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
}

#[cfg(not(unix))]
pub fn thread_cpu_time() -> Option<Duration> {
    None
}

pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
