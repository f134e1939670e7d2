//! The `.ron` project file: one self-contained file per project. See `docs/FORMAT.md`.
//!
//! Output is deterministic: the same project always gives the same bytes. Collections are
//! written in a canonical order, every coder, code, document and segment starts on a line of its
//! own, and document text is written as a multi-line string so that a changed line of text is a
//! changed line of the file.

use crate::io::atomic::{replace_atomically, write_atomically};
use crate::model::{Code, Coder, CoderId, Document, Project, ProjectId, Segment};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The format this Coda writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
/// The oldest format this Coda reads (older ones would be migrated up to `FORMAT_VERSION`).
pub const OLDEST_FORMAT_VERSION: u32 = 1;

const HEADER: &str = "// Coda project file. Format: docs/FORMAT.md in the Coda repository.\n";

#[derive(Debug, thiserror::Error)]
pub enum ProjectFileError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: project format version {found} was written by Coda {written_by}; this Coda {ours} reads versions {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}: update Coda to open it"
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        written_by: String,
        ours: &'static str,
    },
    #[error(
        "{path}: project format version {found} is not one Coda ever wrote (the first is {OLDEST_FORMAT_VERSION})"
    )]
    TooOld { path: PathBuf, found: u32 },
    #[error("{path}: cannot save: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What is read before anything else, to decide how to read the rest.
#[derive(Deserialize)]
struct VersionProbe {
    format_version: u32,
    #[serde(default)]
    coda_version: String,
}

/// The file as written: borrows the project so that saving copies no text.
#[derive(Serialize)]
struct FileOut<'a> {
    format_version: u32,
    coda_version: &'static str,
    id: ProjectId,
    name: &'a str,
    memo: &'a str,
    current_coder: Option<CoderId>,
    coders: &'a [Coder],
    codes: &'a [Code],
    documents: &'a [Document],
    segments: Vec<&'a Segment>,
}

/// The file as read.
#[derive(Deserialize)]
struct FileIn {
    format_version: u32,
    #[serde(default)]
    #[allow(dead_code)] // read to accept the field; the probe reports it
    coda_version: String,
    id: ProjectId,
    name: String,
    #[serde(default)]
    memo: String,
    #[serde(default)]
    current_coder: Option<CoderId>,
    #[serde(default)]
    coders: Vec<Coder>,
    #[serde(default)]
    codes: Vec<Code>,
    #[serde(default)]
    documents: Vec<Document>,
    #[serde(default)]
    segments: Vec<Segment>,
}

fn pretty() -> ron::ser::PrettyConfig {
    // Depth 1 is the project, 2 its lists: every element of a list (a coder, code, document,
    // segment) is written on one line, except that strings keep their line breaks.
    ron::ser::PrettyConfig::new()
        .depth_limit(2)
        .escape_strings(false)
        .struct_names(false)
        .indentor("    ".to_string())
        .new_line("\n".to_string())
}

/// The project as the bytes of a project file.
pub fn to_ron_string(project: &Project) -> String {
    let file = FileOut {
        format_version: FORMAT_VERSION,
        coda_version: env!("CARGO_PKG_VERSION"),
        id: project.id,
        name: &project.name,
        memo: &project.memo,
        current_coder: project.current_coder,
        coders: &project.coders,
        codes: &project.codes,
        documents: &project.documents,
        segments: project.segments_sorted(),
    };
    let body = ron::ser::to_string_pretty(&file, pretty())
        .expect("a project always serialises: it holds only strings, numbers and lists");
    format!("{HEADER}{body}\n")
}

/// Parse a project file's content. `path` is only used in messages.
pub fn from_ron_str(text: &str, path: &Path) -> Result<Project, ProjectFileError> {
    let syntax = |e: ron::error::SpannedError| ProjectFileError::Syntax {
        path: path.to_path_buf(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    };
    // The version decides how to read the rest, so a newer file is refused with its version
    // rather than with whatever field it added.
    if let Ok(probe) = ron::from_str::<VersionProbe>(text) {
        if probe.format_version > FORMAT_VERSION {
            return Err(ProjectFileError::TooNew {
                path: path.to_path_buf(),
                found: probe.format_version,
                written_by: if probe.coda_version.is_empty() {
                    "(unknown version)".into()
                } else {
                    probe.coda_version
                },
                ours: env!("CARGO_PKG_VERSION"),
            });
        }
        if probe.format_version < OLDEST_FORMAT_VERSION {
            return Err(ProjectFileError::TooOld {
                path: path.to_path_buf(),
                found: probe.format_version,
            });
        }
    }
    let file: FileIn = ron::from_str(text).map_err(syntax)?;
    Ok(migrate(file))
}

/// Bring a file of any supported version up to the current model. Version 1 is the first
/// format, so there is nothing to convert yet; a future version 2 adds its step here.
fn migrate(file: FileIn) -> Project {
    debug_assert!(file.format_version <= FORMAT_VERSION);
    let segments: BTreeMap<_, _> = file.segments.into_iter().map(|s| (s.id, s)).collect();
    Project {
        id: file.id,
        name: file.name,
        memo: file.memo,
        coders: file.coders,
        current_coder: file.current_coder,
        codes: file.codes,
        documents: file.documents,
        segments,
    }
}

/// Read a project file. Never writes anything.
pub fn load(path: &Path) -> Result<Project, ProjectFileError> {
    let bytes = std::fs::read(path).map_err(|source| ProjectFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        ProjectFileError::Syntax {
            path: path.to_path_buf(),
            line: valid.matches('\n').count() + 1,
            column: valid
                .rsplit('\n')
                .next()
                .unwrap_or_default()
                .chars()
                .count()
                + 1,
            message: "the file is not UTF-8 text: a project file is always UTF-8".into(),
        }
    })?;
    from_ron_str(&text, path)
}

/// Save atomically, keeping the previous file as `NAME.ron.bak`.
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    save_with(project, path, write_atomically)
}

/// Save atomically without keeping a backup (for a merge driver's temporary files).
pub fn save_without_backup(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    save_with(project, path, replace_atomically)
}

fn save_with(
    project: &Project,
    path: &Path,
    write: fn(&Path, &[u8]) -> std::io::Result<()>,
) -> Result<(), ProjectFileError> {
    write(path, to_ron_string(project).as_bytes()).map_err(|source| ProjectFileError::Write {
        path: path.to_path_buf(),
        source,
    })
}
