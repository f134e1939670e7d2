//! The `.qdpx` archive: a zip holding `project.qde` and the flat folder `sources/`. Written
//! exactly as the spec names them (lower case); read leniently (any `*.qde` at the root, the
//! sources folder in any case, extra entries tolerated).

use super::export::{codebook_xml, project_xml};
use super::report::ExportReport;
use crate::io::office_package::{Package, PackageError};
use crate::model::Project;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// Why a REFI-QDA file could not be written or read. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum RefiError {
    #[error("{file}: not a REFI-QDA file: {reason}")]
    NotRefi { file: String, reason: String },
    #[error("{file}: damaged: {reason}")]
    Damaged { file: String, reason: String },
    #[error("{file}: {reason}")]
    Refused { file: String, reason: String },
    #[error("cannot write the archive: {0}")]
    Write(String),
}

/// The project as a `.qdpx` archive, and what the export could not put where REFI-QDA readers
/// look for it.
pub fn export_project(project: &Project) -> Result<(Vec<u8>, ExportReport), RefiError> {
    let now = crate::clock::now_rfc3339();
    let (qde, sources, report) = project_xml(project, &now);
    let total: usize = sources.iter().map(|s| s.text.len()).sum::<usize>() + qde.len();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(total / 3 + 1024)));
    // A fixed time stamp on the entries: the same project gives the same archive bytes
    // (project.qde carries the export time itself).
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default())
        .large_file(false);
    let write_error = |e: &dyn std::fmt::Display| RefiError::Write(e.to_string());
    zip.start_file("project.qde", options)
        .map_err(|e| write_error(&e))?;
    zip.write_all(&qde).map_err(|e| write_error(&e))?;
    drop(qde);
    for source in &sources {
        zip.start_file(source.path.as_str(), options)
            .map_err(|e| write_error(&e))?;
        zip.write_all(source.text.as_bytes())
            .map_err(|e| write_error(&e))?;
    }
    let bytes = zip.finish().map_err(|e| write_error(&e))?.into_inner();
    Ok((bytes, report))
}

/// The project's codebook as a `.qdc` file. A project without codes has none to write (the
/// schema wants at least one code).
pub fn export_codebook(project: &Project) -> Result<(Vec<u8>, ExportReport), RefiError> {
    if project.codes.is_empty() {
        return Err(RefiError::Refused {
            file: project.name.clone(),
            reason: "the project has no codes, and a codebook file (.qdc) needs at least one"
                .into(),
        });
    }
    Ok(codebook_xml(project))
}

/// An opened `.qdpx`: its `.qde` and the files it holds.
pub(super) struct Archive<'a> {
    package: Package<'a>,
    names: Vec<String>,
    file: String,
}

impl<'a> Archive<'a> {
    pub fn open(bytes: &'a [u8], file: &str) -> Result<Self, RefiError> {
        let package = Package::open(bytes, "a REFI-QDA project (.qdpx)").map_err(|e| {
            if bytes.starts_with(b"PK") {
                RefiError::Damaged {
                    file: file.to_string(),
                    reason: e.0.trim_start_matches("damaged: ").to_string(),
                }
            } else {
                RefiError::NotRefi {
                    file: file.to_string(),
                    reason: e.0,
                }
            }
        })?;
        let names = package.names();
        Ok(Self {
            package,
            names,
            file: file.to_string(),
        })
    }

    /// The project XML: `project.qde`, else the one `*.qde` at the root (ATLAS.ti may name it
    /// after the project), in any case.
    pub fn project_xml(&mut self) -> Result<Vec<u8>, RefiError> {
        let at_root: Vec<&String> = self
            .names
            .iter()
            .filter(|n| !n.contains('/') && n.to_ascii_lowercase().ends_with(".qde"))
            .collect();
        let chosen = at_root
            .iter()
            .find(|n| n.eq_ignore_ascii_case("project.qde"))
            .or(at_root.first())
            .map(|n| n.to_string());
        let Some(name) = chosen else {
            return Err(RefiError::NotRefi {
                file: self.file.clone(),
                reason: "the archive holds no project.qde".into(),
            });
        };
        self.read(&name)?.ok_or_else(|| RefiError::Damaged {
            file: self.file.clone(),
            reason: format!("{name} cannot be read"),
        })
    }

    /// An internal file named by a path attribute: `internal://NAME`, or (as `qc` wrote it) a
    /// bare `NAME`; looked up in `sources/` in any case, then anywhere in the archive.
    pub fn source(&mut self, path: &str) -> Result<Option<(String, Vec<u8>)>, RefiError> {
        let name = path
            .strip_prefix("internal://")
            .unwrap_or(path)
            .trim_start_matches('/');
        if name.is_empty() || name.contains("..") {
            return Ok(None);
        }
        let wanted = format!("sources/{name}").to_lowercase();
        let found = self
            .names
            .iter()
            .find(|n| n.to_lowercase() == wanted)
            .or_else(|| {
                let leaf = name.rsplit('/').next().unwrap_or(name).to_lowercase();
                self.names.iter().find(|n| {
                    n.rsplit('/')
                        .next()
                        .is_some_and(|l| l.to_lowercase() == leaf)
                })
            })
            .cloned();
        match found {
            Some(entry) => Ok(self.read(&entry)?.map(|bytes| (entry, bytes))),
            None => Ok(None),
        }
    }

    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, RefiError> {
        self.package
            .part(name)
            .map_err(|PackageError(reason)| RefiError::Damaged {
                file: self.file.clone(),
                reason: reason.trim_start_matches("damaged: ").to_string(),
            })
    }
}

/// Read a file's bytes for import (a missing or unreadable file is a plain error).
pub fn read_file_bytes(path: &std::path::Path) -> Result<Vec<u8>, RefiError> {
    std::fs::read(path).map_err(|e| RefiError::Refused {
        file: path.display().to_string(),
        reason: format!("cannot read: {e}"),
    })
}
