//! REFI-QDA exchange (QDA-XML 1.0, the standard NVivo, MAXQDA, ATLAS.ti and QualCoder share):
//! a whole project as `.qdpx` (a zip of `project.qde` and `sources/`) and a codebook as
//! `.qdc`, both ways. Pure: bytes in, bytes out; files are read and written by the callers
//! (through `safe_write`). What maps to what: `docs/REFI-QDA.md`.
//!
//! - `xml_write`, `export`: the writer, in the schemas' element order.
//! - `xml_tree`, `import`: the reader, lenient with the known vendor deviations and strict on
//!   data loss (every skipped element is a line of the [`ImportReport`]).
//! - `description`: the layout of a code's `Description` (description and criteria).
//! - `details`: the note that carries what REFI-QDA has no place for.
//! - `variables`, `export_variables`: document variables, values and groups (`Variables`,
//!   `Cases`, `Sets`).

mod archive;
mod description;
mod details;
mod export;
mod export_variables;
mod import;
mod report;
mod variables;
mod xml_tree;
mod xml_write;

pub use archive::{RefiError, export_codebook, export_project, read_file_bytes};
pub use description::{CodeTexts, compose as compose_description, parse as parse_description};
pub use import::{CodebookMerge, ImportKind, Imported, import_bytes, merge_codebook};
pub use report::{ExportReport, ImportReport};

use uuid::Uuid;

pub const PROJECT_NAMESPACE: &str = "urn:QDA-XML:project:1.0";
pub const CODEBOOK_NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";
const PROJECT_SCHEMA_LOCATION: &str =
    "urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd";
const CODEBOOK_SCHEMA_LOCATION: &str =
    "urn:QDA-XML:codebook:1.0 http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd";

/// The `origin` attribute: this program and its version.
fn origin() -> String {
    format!("Coda {}", env!("CARGO_PKG_VERSION"))
}

/// A GUID as written: lower-case, hyphenated.
fn guid_text(id: Uuid) -> String {
    id.hyphenated().to_string()
}

/// A GUID derived from what it stands for (SHA-256 of a kind and parts, as a version-8 UUID),
/// so that exporting the same project twice gives the same GUIDs for selections and notes,
/// which Coda has no ids of its own for.
fn derived_guid(kind: &str, parts: &[&[u8]]) -> Uuid {
    crate::model::ids::derived_uuid(b"coda-refi:", kind, parts)
}
