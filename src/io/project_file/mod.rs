//! The `.ron` project file: one self-contained file per project. See `docs/FORMAT.md`.
//!
//! Output is deterministic: the same project always gives the same bytes. Collections are
//! written in a canonical order, every coder, code, document and segment starts on a line of its
//! own, and document text is written as a multi-line string so that a changed line of text is a
//! changed line of the file.

use crate::io::lock::LockError;
use crate::io::safe_write::{Backups, WriteError, write_file};
use crate::model::Segments;
use crate::model::{
    Code, Coder, CoderId, Coverage, Document, Group, Project, ProjectId, Segment, Variable,
    VariableValue,
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The format this Coda writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
/// The oldest format this Coda reads (older ones would be migrated up to `FORMAT_VERSION`).
pub const OLDEST_FORMAT_VERSION: u32 = 1;

const HEADER: &str = "// Coda project file. Format: docs/FORMAT.md in the Coda repository.\n";

mod handle;
mod load;

pub use handle::ProjectFile;
pub use load::{Loaded, load, looks_like_project_file, parse};

#[derive(Debug, thiserror::Error)]
pub enum ProjectFileError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: empty file: a Coda project file is never empty")]
    Empty { path: PathBuf },
    #[error("{path}:{line}:{column}: the file is not UTF-8 text: a project file is always UTF-8")]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error("{path}: this is not a Coda project file: {reason}")]
    NotProject { path: PathBuf, reason: String },
    #[error(
        "{path}: has git conflict markers (lines {lines}): git merged it as text. Run `coda resolve {path}` to finish the merge with Coda's merge (and `coda git-setup` so that git uses it next time)"
    )]
    ConflictMarkers { path: PathBuf, lines: String },
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: written by a newer Coda ({written_by}, project format {found}); this Coda {ours} reads formats {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}: update Coda to open it"
    )]
    TooNew {
        path: PathBuf,
        found: String,
        written_by: String,
        ours: &'static str,
    },
    #[error(
        "{path}: project format version {found} is not one Coda ever wrote (the first is {OLDEST_FORMAT_VERSION})"
    )]
    TooOld { path: PathBuf, found: u32 },
    #[error("{path}: {}; nothing was changed:{}", crate::wording::plural(problems.len(), "problem", "problems"), load::list_problems(problems))]
    Invalid {
        path: PathBuf,
        /// Each with the line it concerns where one could be found.
        problems: Vec<load::LocatedProblem>,
    },
    #[error(transparent)]
    Locked(#[from] LockError),
    #[error(
        "{path}: changed on disk since it was opened (another program wrote it); not overwriting it. Merge their changes, save under another name, or overwrite"
    )]
    ChangedOnDisk { path: PathBuf },
    #[error("{path}: already exists; not overwriting it")]
    Exists { path: PathBuf },
    #[error(transparent)]
    Write(#[from] WriteError),
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
    /// Left out when empty, so a project without coverage is written as before coverage existed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    coverage: Vec<&'a Coverage>,
    /// Document variables, their values and document groups: each left out when empty, so a
    /// project without them is written as before they existed.
    #[serde(skip_serializing_if = "<[Variable]>::is_empty")]
    variables: &'a [Variable],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    values: Vec<&'a VariableValue>,
    #[serde(skip_serializing_if = "<[Group]>::is_empty")]
    groups: &'a [Group],
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
    #[serde(default)]
    coverage: Vec<Coverage>,
    #[serde(default)]
    variables: Vec<Variable>,
    #[serde(default)]
    values: Vec<VariableValue>,
    #[serde(default)]
    groups: Vec<Group>,
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
        coverage: project.coverage_sorted(),
        variables: &project.variables,
        values: project.values_sorted(),
        groups: &project.groups,
    };
    let body = ron::ser::to_string_pretty(&file, pretty())
        .expect("a project always serialises: it holds only strings, numbers and lists");
    format!("{HEADER}{body}\n")
}

/// Parse and check a project file's content (see [`parse`]). `path` is only used in messages.
pub fn from_ron_str(text: &str, path: &Path) -> Result<Project, ProjectFileError> {
    parse(text.as_bytes(), path).map(|loaded| loaded.project)
}

/// Bring a file of any supported version up to the current model. Version 1 is the first
/// format, so there is nothing to convert yet; a future version 2 adds its step here.
/// Segments are keyed by id: the loader has refused a file with a duplicate id before this.
fn migrate(file: FileIn) -> Project {
    debug_assert!(file.format_version <= FORMAT_VERSION);
    let segments: Segments = file.segments.into_iter().map(|s| (s.id, s)).collect();
    Project {
        id: file.id,
        name: file.name,
        memo: file.memo,
        coders: file.coders,
        current_coder: file.current_coder,
        codes: file.codes,
        documents: file.documents,
        segments,
        coverage: {
            let mut coverage = file.coverage;
            coverage.sort_by_key(|c| (c.coder, c.document));
            coverage
        },
        variables: file.variables,
        values: {
            let mut values = file.values;
            values.sort_by(|a, b| (a.document, &a.variable).cmp(&(b.document, &b.variable)));
            values
        },
        groups: file
            .groups
            .into_iter()
            .map(|mut group| {
                // Duplicates stay for validation to report.
                group.documents.sort();
                group
            })
            .collect(),
    }
}

/// Write `project` to `path` in one go, whatever the file holds now: locked while writing, the
/// old file kept in the backups. For one-shot writers (tests, scripts); an editing session keeps
/// a [`ProjectFile`] instead, which also refuses to overwrite changes made on disk.
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    ProjectFile::replace(path, "coda")?.save_overwriting(project)
}

/// Write a project to a file that is not the user's own (a merge driver's temporary files): no
/// backup, no lock. A user's project is saved through [`ProjectFile`].
pub fn save_without_backup(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    write_file(path, to_ron_string(project).as_bytes(), Backups::None)?;
    Ok(())
}
