//! Codings as CSV: `document,start,end,code,coder,memo` (+ `page` and `text` on export; on
//! import `page` is accepted and not read, since the passage gives it).
//!
//! On import, `coder` and `memo` may be left out (the current coder is used), and instead of
//! `start,end` a `quote` column may give the passage itself, found in the document whatever its
//! line breaks. A quote that occurs more than once must say which: `occurrence` (1-based) or
//! `start,end` in that row; it is never guessed. A `text` column, as exported, is checked against
//! the document. A `.tsv` file is read tab-separated. Columns other than [`KNOWN_COLUMNS`] are
//! refused unless [`ImportOptions::ignore_extra_columns`], so that nothing in the file is
//! dropped without the user knowing.
//!
//! Import is planned first and applied as one edit: either every row is valid and all are
//! imported, or nothing is, and every bad row is reported with its line number.

mod export;
mod header;
mod import;
mod quotes;
#[cfg(test)]
mod tests;

pub use export::{export, export_segments, export_where};
pub use import::{plan_import, plan_import_file, plan_import_file_with};

use crate::ops::Edit;
use std::path::PathBuf;

/// What an import will do, as edits still to be applied.
#[derive(Debug)]
pub struct ImportPlan {
    /// New coders, then new codes (parents first), then the segments.
    pub edits: Vec<Edit>,
    pub segments_added: usize,
    /// Rows identical to a coding already in the project (or earlier in the file).
    pub duplicates_skipped: usize,
    pub new_coders: Vec<String>,
    pub new_codes: Vec<String>,
    /// Columns left out under [`ImportOptions::ignore_extra_columns`], as the header names them.
    pub ignored_columns: Vec<String>,
}

/// How an import treats what the project or the importer does not know.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Create codes named in the file that the codebook lacks (with their parents).
    pub create_codes: bool,
    /// Leave out columns the import does not read (and values past the header's columns)
    /// instead of refusing the file.
    pub ignore_extra_columns: bool,
}

/// The columns an import reads, in the order messages list them.
pub const KNOWN_COLUMNS: [&str; 10] = [
    "document",
    "start",
    "end",
    "page",
    "quote",
    "occurrence",
    "code",
    "coder",
    "memo",
    "text",
];

#[derive(Debug, thiserror::Error)]
pub enum CodingsError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {}, nothing imported:\n{}", plural(.problems.len(), "problem"), .problems.join("\n"))]
    Invalid {
        path: PathBuf,
        problems: Vec<String>,
    },
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A value as messages show it: quoted, and cut after 60 characters.
fn preview(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}
