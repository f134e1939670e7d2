//! `coda coverage`: which text each coder coded (`model::coverage`), listed or set.

use super::commands::{CliError, apply_all, load_checked, open_for_change};
use crate::model::{CharRange, CoderId, Extent, Project};
use crate::ops::Edit;
use crate::wording::plural;

type Result<T = ()> = std::result::Result<T, CliError>;

/// What `coda coverage` was asked to do.
pub(super) struct CoverageRequest {
    pub file: std::path::PathBuf,
    pub coder: Option<String>,
    pub document: Option<String>,
    pub ranges: Vec<CharRange>,
    pub clear: bool,
}

pub(super) fn coverage(request: CoverageRequest) -> Result {
    let CoverageRequest {
        file,
        coder,
        document,
        ranges,
        clear,
    } = request;
    let Some(coder) = coder else {
        if document.is_some() || !ranges.is_empty() || clear {
            return Err(CliError(
                "--document, --range and --clear need --coder NAME: whose coverage to change"
                    .into(),
            ));
        }
        let project = load_checked(&file)?;
        print!("{}", listing(&project, None));
        return Ok(());
    };
    if document.is_none() && !clear {
        if !ranges.is_empty() {
            return Err(CliError("--range needs --document DOC".into()));
        }
        let project = load_checked(&file)?;
        let id = coder_id(&project, &coder)?;
        print!("{}", listing(&project, Some(id)));
        return Ok(());
    }
    if clear && !ranges.is_empty() {
        return Err(CliError(
            "--clear removes coverage; it takes no --range".into(),
        ));
    }
    let (mut handle, mut project) = open_for_change(&file, "coda coverage")?;
    let id = coder_id(&project, &coder)?;
    let edits = match &document {
        Some(name) => {
            let doc = project.document_by_name(name).ok_or_else(|| {
                CliError(format!(
                    "no document named {name:?}; the documents are: {}",
                    project
                        .documents
                        .iter()
                        .map(|d| d.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            let len = doc.text.char_len();
            if let Some(bad) = ranges.iter().find(|r| r.end > len) {
                return Err(CliError(format!(
                    "--range {bad}: {name:?} has {len} chars, so a range ends at {len} at most"
                )));
            }
            let extent = if clear {
                None
            } else if ranges.is_empty() {
                Some(Extent::Whole)
            } else {
                Some(Extent::Ranges(ranges))
            };
            vec![Edit::SetCoverage {
                coder: id,
                document: doc.id,
                extent,
            }]
        }
        None => project
            .coverage
            .iter()
            .filter(|c| c.coder == id)
            .map(|c| Edit::SetCoverage {
                coder: id,
                document: c.document,
                extent: None,
            })
            .collect(),
    };
    apply_all(&mut project, edits)?;
    handle.save(&project)?;
    print!("{}", listing(&project, Some(id)));
    Ok(())
}

fn coder_id(project: &Project, name: &str) -> Result<CoderId> {
    project.coder_by_name(name).map(|c| c.id).ok_or_else(|| {
        CliError(format!(
            "no coder named {name:?}; the coders are: {}",
            project
                .coders
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

/// Each coder's coverage (or one coder's), one document per line.
pub fn listing(project: &Project, only: Option<CoderId>) -> String {
    let mut out = String::new();
    for coder in project
        .coders
        .iter()
        .filter(|c| only.is_none_or(|id| id == c.id))
    {
        if !project.has_coverage(coder.id) {
            out.push_str(&format!(
                "{}: every document, whole (no coverage recorded)\n",
                coder.name
            ));
            continue;
        }
        let entries: Vec<_> = project
            .coverage_sorted()
            .into_iter()
            .filter(|c| c.coder == coder.id)
            .collect();
        out.push_str(&format!(
            "{}: {}\n",
            coder.name,
            plural(entries.len(), "document", "documents")
        ));
        for entry in entries {
            let Some(doc) = project.document(entry.document) else {
                continue;
            };
            let len = doc.text.char_len();
            let what = match &entry.extent {
                Extent::Whole => format!("whole ({len} chars)"),
                Extent::Ranges(ranges) => {
                    let covered: usize = ranges.iter().map(CharRange::len).sum();
                    let list: Vec<String> = ranges.iter().map(ToString::to_string).collect();
                    format!("{} ({covered} of {len} chars)", list.join(", "))
                }
            };
            out.push_str(&format!("  {}: {what}\n", doc.name));
        }
    }
    out
}

/// `copy-for-coder --documents`: the coder's assignment, each document whole.
pub(super) fn assignment_edits(
    project: &Project,
    coder: CoderId,
    documents: &[String],
) -> Result<Vec<Edit>> {
    documents
        .iter()
        .map(|name| {
            let doc = project.document_by_name(name).ok_or_else(|| {
                CliError(format!(
                    "--documents: no document named {name:?} in the master; its documents are: {}",
                    project
                        .documents
                        .iter()
                        .map(|d| d.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            Ok(Edit::SetCoverage {
                coder,
                document: doc.id,
                extent: Some(Extent::Whole),
            })
        })
        .collect()
}
