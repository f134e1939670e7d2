//! What each command does.

use crate::analysis::stats;
use crate::cli::{Command, merge_commands};
use crate::io::codebook_outline;
use crate::io::codings_csv;
use crate::io::import::{ImportOptions, Reflow, import_document};
use crate::io::project_file;
use crate::model::{Coder, CoderId, Project, validate};
use crate::ops::{Edit, apply};
use std::path::Path;

/// A command's failure: a one-line reason, possibly followed by detail lines.
#[derive(Debug)]
pub struct CliError(pub String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<E: std::error::Error> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError(e.to_string())
    }
}

type Result<T = ()> = std::result::Result<T, CliError>;

/// Run one command, printing its results to standard output and notes to standard error.
pub fn run(command: Command) -> Result {
    match command {
        Command::New {
            file,
            name,
            coder,
            codebook,
        } => new_project(&file, name, coder, codebook.as_deref()),
        Command::AddDocument {
            file,
            documents,
            encoding,
            reflow,
            no_reflow,
        } => {
            let reflow = match (reflow, no_reflow) {
                (true, _) => Reflow::Always,
                (_, true) => Reflow::Never,
                _ => Reflow::Suggest,
            };
            add_documents(&file, &documents, ImportOptions { encoding, reflow })
        }
        Command::ImportCodings {
            file,
            codings,
            create_codes,
            ignore_extra_columns,
        } => import_codings(
            &file,
            &codings,
            codings_csv::ImportOptions {
                create_codes,
                ignore_extra_columns,
            },
        ),
        Command::ExportCodings { file, output } => {
            let project = project_file::load(&file)?;
            match output {
                Some(path) => {
                    let mut bytes = Vec::new();
                    codings_csv::export(&project, &mut bytes)?;
                    crate::io::atomic::write_atomically(&path, &bytes)
                        .map_err(|e| CliError(format!("{}: cannot write: {e}", path.display())))?;
                    eprintln!(
                        "wrote {} codings to {}",
                        project.segments.len(),
                        path.display()
                    );
                }
                None => codings_csv::export(&project, std::io::stdout().lock())?,
            }
            Ok(())
        }
        Command::Validate { file } => {
            let project = project_file::load(&file)?;
            let problems = validate(&project);
            if problems.is_empty() {
                println!(
                    "{}: valid ({} documents, {} codes, {} segments)",
                    file.display(),
                    project.documents.len(),
                    project.codes.len(),
                    project.segments.len()
                );
                Ok(())
            } else {
                let mut message = format!("{}: {} problems", file.display(), problems.len());
                for problem in problems {
                    message.push_str(&format!("\n  {problem}"));
                }
                Err(CliError(message))
            }
        }
        Command::CopyForCoder {
            master,
            coder,
            output,
            blind,
        } => merge_commands::copy_for_coder(&master, &coder, &output, blind),
        Command::Merge {
            files,
            output,
            on_conflict,
            report,
        } => merge_commands::merge_files(&files, &output, on_conflict, report.as_deref()),
        Command::MergeDriver { base, ours, theirs } => {
            merge_commands::merge_driver(&base, &ours, &theirs)
        }
        Command::Stats { file } => {
            let project = project_file::load(&file)?;
            print!("{}", stats::compute(&project).render());
            Ok(())
        }
        Command::Agree(args) => super::agree_command::agree(args),
    }
}

/// Load a project that is about to be changed: it must be sound, or the change could make
/// things worse.
pub(super) fn load_for_change(path: &Path) -> Result<Project> {
    let project = project_file::load(path)?;
    let problems = validate(&project);
    if let Some(first) = problems.first() {
        return Err(CliError(format!(
            "{}: {} problems (first: {first}); run `coda validate {}`. Nothing was changed.",
            path.display(),
            problems.len(),
            path.display()
        )));
    }
    Ok(project)
}

pub(super) fn apply_all(project: &mut Project, edits: Vec<Edit>) -> Result {
    apply(project, Edit::Batch(edits))
        .map(|_| ())
        .map_err(CliError::from)
}

fn new_project(
    path: &Path,
    name: Option<String>,
    coder: Option<String>,
    codebook: Option<&Path>,
) -> Result {
    if path.exists() {
        return Err(CliError(format!(
            "{}: already exists; not overwriting it",
            path.display()
        )));
    }
    let name = name.unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled project".into())
    });
    let mut project = Project::new(name);
    let mut edits = Vec::new();
    if let Some(coder) = coder {
        let coder = Coder {
            id: CoderId::new(),
            name: coder,
        };
        let id = coder.id;
        edits.push(Edit::InsertCoder { index: 0, coder });
        edits.push(Edit::SetCurrentCoder(Some(id)));
    }
    if let Some(codebook) = codebook {
        let source = std::fs::read_to_string(codebook)
            .map_err(|e| CliError(format!("{}: cannot read: {e}", codebook.display())))?;
        let codes = codebook_outline::parse(&source.replace("\r\n", "\n")).map_err(|errors| {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| format!("{}:{e}", codebook.display()))
                .collect();
            CliError(format!(
                "{}: not a valid codebook outline:\n{}",
                codebook.display(),
                lines.join("\n")
            ))
        })?;
        for (index, code) in codes.into_iter().enumerate() {
            edits.push(Edit::InsertCode {
                index,
                code: Box::new(code),
            });
        }
    }
    apply_all(&mut project, edits)?;
    project_file::save(&project, path)?;
    println!(
        "created {} with {} codes",
        path.display(),
        project.codes.len()
    );
    Ok(())
}

fn add_documents(path: &Path, documents: &[std::path::PathBuf], options: ImportOptions) -> Result {
    let mut project = load_for_change(path)?;
    let mut edits = Vec::new();
    let mut added = Vec::new();
    for doc_path in documents {
        let imported = import_document(doc_path, &options)?;
        for note in &imported.notes {
            eprintln!("note: {note}");
        }
        let mut document = imported.document;
        let same_text = project
            .documents
            .iter()
            .chain(added.iter())
            .find(|d| d.hash == document.hash);
        if let Some(existing) = same_text {
            return Err(CliError(format!(
                "{}: the same text is already in the project as {:?}; nothing was added",
                doc_path.display(),
                existing.name
            )));
        }
        // A different text under a name already used keeps both, the new one renamed.
        let base = document.name.clone();
        let mut n = 2;
        while project
            .documents
            .iter()
            .chain(added.iter())
            .any(|d| d.name == document.name)
        {
            document.name = format!("{base} ({n})");
            n += 1;
        }
        if document.name != base {
            eprintln!(
                "note: a different document is already named {base:?}; this one is named {:?}",
                document.name
            );
        }
        added.push(document);
    }
    for (offset, document) in added.iter().enumerate() {
        edits.push(Edit::InsertDocument {
            index: project.documents.len() + offset,
            document: Box::new(document.clone()),
        });
    }
    apply_all(&mut project, edits)?;
    project_file::save(&project, path)?;
    for document in &added {
        println!(
            "added {:?}: {} characters, {}{}",
            document.name,
            document.text.char_len(),
            document.source.encoding,
            match document.source.format {
                crate::model::SourceFormat::ReflowedText => ", reflowed",
                crate::model::SourceFormat::Markdown => ", Markdown",
                crate::model::SourceFormat::PlainText => "",
            }
        );
    }
    Ok(())
}

fn import_codings(path: &Path, csv_path: &Path, options: codings_csv::ImportOptions) -> Result {
    let mut project = load_for_change(path)?;
    let plan = codings_csv::plan_import_file_with(&project, csv_path, options)?;
    if !plan.ignored_columns.is_empty() {
        eprintln!("note: left out the columns {:?}", plan.ignored_columns);
    }
    let added = plan.segments_added;
    let skipped = plan.duplicates_skipped;
    for coder in &plan.new_coders {
        eprintln!("note: new coder {coder:?}");
    }
    for code in &plan.new_codes {
        eprintln!("note: new code {code:?}");
    }
    apply_all(&mut project, plan.edits)?;
    if added > 0 || !plan.new_coders.is_empty() || !plan.new_codes.is_empty() {
        project_file::save(&project, path)?;
    }
    println!(
        "imported {added} codings into {}{}",
        path.display(),
        if skipped > 0 {
            format!(" ({skipped} already present, skipped)")
        } else {
            String::new()
        }
    );
    Ok(())
}
