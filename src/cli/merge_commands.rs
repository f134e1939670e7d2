//! The team commands: a copy of the master project for each coder, merging the coders' files
//! back into one, and the merge driver git calls for project files.

use super::commands::{CliError, apply_all, create_for_writing, load_checked};
use crate::io::project_file::{self, ProjectFile};
use crate::io::safe_write::write_output;
use crate::merge::{MergeError, MergeInput, Resolution, merge, three_way};
use crate::model::{Coder, CoderId, Project, validate};
use crate::ops::{Edit, MemoTarget};
use std::path::{Path, PathBuf};

type Result<T = ()> = std::result::Result<T, CliError>;

/// What `coda merge` does when files disagree about a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OnConflict {
    /// Keep the value of the first file that has the code, and report the conflict.
    First,
    /// Keep the value of the last file that has the code, and report the conflict.
    Last,
    /// List every conflict, write nothing and exit non-zero.
    Fail,
}

/// `coda copy-for-coder`: the master's documents and codebook, with `coder` as current coder;
/// `blind` leaves out other coders' codings and every memo.
pub(super) fn copy_for_coder(
    master: &Path,
    coder: &str,
    output: &Path,
    blind: bool,
    documents: &[String],
) -> Result {
    let coder = coder.trim();
    if coder.is_empty() {
        return Err(CliError("--coder: the coder's name is empty".into()));
    }
    let mut file = create_for_writing(output, "coda copy-for-coder")?;
    let mut project = load_checked(master)?;
    let mut edits = Vec::new();
    let coder_id = match project.coder_by_name(coder) {
        Some(existing) => existing.id,
        None => {
            let id = CoderId::new();
            edits.push(Edit::InsertCoder {
                index: project.coders.len(),
                coder: Coder {
                    id,
                    name: coder.to_string(),
                },
            });
            id
        }
    };
    edits.push(Edit::SetCurrentCoder(Some(coder_id)));
    let mut removed_codings = 0;
    let mut removed_memos = 0;
    if blind {
        for segment in project.segments.values().filter(|s| s.coder != coder_id) {
            edits.push(Edit::RemoveSegment(segment.id));
            removed_codings += 1;
        }
        let memos = std::iter::once((MemoTarget::Project, &project.memo))
            .chain(
                project
                    .documents
                    .iter()
                    .map(|d| (MemoTarget::Document(d.id), &d.memo)),
            )
            .chain(
                project
                    .codes
                    .iter()
                    .map(|c| (MemoTarget::Code(c.id), &c.memo)),
            );
        for (target, memo) in memos {
            if !memo.is_empty() {
                edits.push(Edit::SetMemo {
                    target,
                    text: String::new(),
                });
                removed_memos += 1;
            }
        }
    }
    apply_all(&mut project, edits)?;
    let assignment = super::coverage_command::assignment_edits(&project, coder_id, documents)?;
    apply_all(&mut project, assignment)?;
    file.save(&project)?;
    if !documents.is_empty() {
        println!(
            "{coder} is recorded as coding {}",
            crate::wording::plural(documents.len(), "document", "documents")
        );
    }
    println!(
        "wrote {} for {coder}: {} documents, {} codes, {} codings{}",
        output.display(),
        project.documents.len(),
        project.codes.len(),
        project.segments.len(),
        if blind {
            format!(
                " (blind: left out {removed_codings} codings of other coders and {removed_memos} memos)"
            )
        } else {
            String::new()
        }
    );
    Ok(())
}

/// `coda merge`: every file loaded and checked, merged, then the report and the merged project
/// written (nothing at all when a conflict makes `--on-conflict fail` stop).
pub(super) fn merge_files(
    files: &[PathBuf],
    output: &Path,
    on_conflict: OnConflict,
    report: Option<&Path>,
) -> Result {
    let projects: Vec<Project> = files
        .iter()
        .map(|f| load_checked(f))
        .collect::<Result<_>>()?;
    let labels: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let inputs: Vec<MergeInput> = labels
        .iter()
        .zip(&projects)
        .map(|(label, project)| MergeInput::new(label, project))
        .collect();
    let resolution = match on_conflict {
        OnConflict::First => Resolution::First,
        OnConflict::Last => Resolution::Last,
        OnConflict::Fail => Resolution::Fail,
    };
    let merged = merge(&inputs, &resolution).map_err(|e| match e {
        MergeError::Conflicts(_) | MergeError::VariableConflicts(_) => CliError(format!(
            "{e}\nNothing was written. To keep one file's value for each, use --on-conflict first or last."
        )),
        other => CliError::from(other),
    })?;
    let problems = validate(&merged.project);
    if let Some(first) = problems.first() {
        return Err(CliError(format!(
            "the merged project would have {} problems (first: {first}); this is a bug in Coda. Nothing was written.",
            problems.len()
        )));
    }
    let mut file = ProjectFile::replace(output, "coda merge")?;
    if let Some(path) = report {
        write_output(path, merged.report.to_markdown().as_bytes())?;
    }
    file.save(&merged.project)?;
    println!("wrote {}", output.display());
    print!("{}", merged.report.summary());
    if let Some(path) = report {
        println!("report: {}", path.display());
    }
    Ok(())
}

/// `coda merge-driver %O %A %B`: merge theirs (`%B`) into ours (`%A`) against the base (`%O`).
/// On success ours is replaced by the merge; on a conflict it is left byte for byte as it was.
pub(super) fn merge_driver(base: &Path, ours: &Path, theirs: &Path) -> Result {
    let base_project = if std::fs::metadata(base).is_ok_and(|m| m.len() == 0) {
        // Git gives an empty base when both sides added the file.
        Project::default()
    } else {
        load_checked(base)?
    };
    let ours_project = load_checked(ours)?;
    let theirs_project = load_checked(theirs)?;
    match three_way(&base_project, &ours_project, &theirs_project) {
        Ok(merged) => {
            project_file::save_without_backup(&merged.project, ours)?;
            eprintln!("coda: {}", merged.summary());
            Ok(())
        }
        Err(e) => Err(CliError(format!(
            "cannot merge the Coda project automatically: {e}\nGit marks the file as conflicted. Finish the merge with `coda resolve FILE` (it asks which side to take for each conflict, or give --ours or --theirs) and commit: every other change of both sides is kept. Do not use `git checkout --ours/--theirs` on it, which drops the other side's changes."
        ))),
    }
}
