//! What each command does.

use crate::analysis::filter::DocumentFilter;
use crate::analysis::stats;
use crate::cli::{Command, git_commands, merge_commands};
use crate::io::codebook_outline;
use crate::io::codings_csv;
use crate::io::import::{ImportOptions, Reflow, import_document};
use crate::io::project_file::{self, ProjectFile, ProjectFileError};
use crate::io::safe_write::write_output;
use crate::model::{Coder, CoderId, Project};
use crate::ops::{Edit, apply};
use crate::wording::plural;
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
        Command::ExportCodings {
            file,
            output,
            filter,
            coders,
        } => {
            let project = load_checked(&file)?;
            let filter = DocumentFilter::new(&project, &filter.spec(&coders)).map_err(CliError)?;
            let keep = |s: &crate::model::Segment| filter.includes(s);
            match output {
                Some(path) => {
                    let mut bytes = Vec::new();
                    codings_csv::export_where(&project, keep, &mut bytes)?;
                    write_output(&path, &bytes)?;
                    eprintln!(
                        "wrote {} to {}",
                        plural(
                            project.segments.values().filter(|s| keep(s)).count(),
                            "coding",
                            "codings"
                        ),
                        path.display()
                    );
                }
                None => codings_csv::export_where(&project, keep, std::io::stdout().lock())?,
            }
            Ok(())
        }
        Command::Validate { file } => match project_file::load(&file) {
            Ok(loaded) => {
                print_repairs(&loaded.repairs);
                let project = loaded.project;
                println!(
                    "{}: valid ({}, {}, {})",
                    file.display(),
                    plural(project.documents.len(), "document", "documents"),
                    plural(project.codes.len(), "code", "codes"),
                    plural(project.segments.len(), "segment", "segments")
                );
                Ok(())
            }
            Err(ProjectFileError::Invalid { path, problems }) => {
                // Every problem, not the first few that other commands show.
                let mut message = format!(
                    "{}: {}",
                    path.display(),
                    plural(problems.len(), "problem", "problems")
                );
                for located in problems {
                    match located.line {
                        Some(line) => {
                            message.push_str(&format!("\n  line {line}: {}", located.problem))
                        }
                        None => message.push_str(&format!("\n  {}", located.problem)),
                    }
                }
                Err(CliError(message))
            }
            Err(other) => Err(other.into()),
        },
        Command::CopyForCoder {
            master,
            coder,
            output,
            blind,
            documents,
        } => merge_commands::copy_for_coder(&master, &coder, &output, blind, &documents),
        Command::Merge {
            files,
            output,
            on_conflict,
            report,
        } => merge_commands::merge_files(&files, &output, on_conflict, report.as_deref()),
        Command::MergeDriver { base, ours, theirs } => {
            merge_commands::merge_driver(&base, &ours, &theirs)
        }
        Command::GitSetup { dir } => git_commands::git_setup(&dir),
        Command::Resolve { file, ours, theirs } => {
            let side = match (ours, theirs) {
                (true, _) => Some(crate::merge::Side::Ours),
                (_, true) => Some(crate::merge::Side::Theirs),
                _ => None,
            };
            git_commands::resolve(&file, side)
        }
        Command::Stats { file } => {
            let project = load_checked(&file)?;
            print!("{}", stats::compute(&project).render());
            Ok(())
        }
        Command::Agree(args) => super::agree_command::agree(args),
        Command::Search(args) => super::search_command::search(args),
        Command::Coverage {
            file,
            coder,
            document,
            ranges,
            clear,
        } => super::coverage_command::coverage(super::coverage_command::CoverageRequest {
            file,
            coder,
            document,
            ranges,
            clear,
        }),
        Command::Variables {
            file,
            import,
            export,
            output,
        } => super::variables_command::variables(super::variables_command::VariablesRequest {
            file,
            import,
            export,
            output,
        }),
        Command::Matrix(args) => super::matrix_command::matrix(args),
        Command::Cooccurrence(args) => super::matrix_command::cooccurrence_command(args),
        Command::Report(args) => super::report_command::report(args),
        Command::Groups { file, add, remove } => {
            super::variables_command::groups(&file, &add, &remove)
        }
        Command::ExportRefi { file, output } => super::refi_command::export_refi(&file, &output),
        Command::ImportRefi {
            input,
            output,
            into,
        } => super::refi_command::import_refi(&input, output.as_deref(), into.as_deref()),
    }
}

/// Load a project to read it, through the one loader (which refuses anything unsound), telling
/// what was repaired on the way.
pub(crate) fn load_checked(path: &Path) -> Result<Project> {
    let loaded = project_file::load(path)?;
    print_repairs(&loaded.repairs);
    Ok(loaded.project)
}

/// Lock a project that `program` is about to change, then load it: no other writer can change
/// it until the returned handle is dropped, after the save.
pub(super) fn open_for_change(path: &Path, program: &str) -> Result<(ProjectFile, Project)> {
    let (file, loaded) = ProjectFile::open(path, program)?;
    if let Some(holder) = file.took_over_from() {
        eprintln!("note: took over the lock left by {holder}, which is no longer running");
    }
    print_repairs(&loaded.repairs);
    Ok((file, loaded.project))
}

/// Lock a project file about to be created by `program`; refuses an existing file.
pub(super) fn create_for_writing(path: &Path, program: &str) -> Result<ProjectFile> {
    Ok(ProjectFile::create(path, program)?)
}

fn print_repairs(repairs: &[String]) {
    for repair in repairs {
        eprintln!("note: repaired in memory (saved at the next change): {repair}");
    }
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
    let mut file = create_for_writing(path, "coda new")?;
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
    file.save(&project)?;
    println!(
        "created {} with {} codes",
        path.display(),
        project.codes.len()
    );
    Ok(())
}

fn add_documents(path: &Path, documents: &[std::path::PathBuf], options: ImportOptions) -> Result {
    let (mut file, mut project) = open_for_change(path, "coda add-document")?;
    let mut imported_documents = Vec::new();
    for doc_path in documents {
        let imported = import_document(doc_path, &options)?;
        for note in &imported.notes {
            eprintln!("note: {note}");
        }
        imported_documents.push((doc_path, imported.document));
    }
    let paths: Vec<_> = imported_documents
        .iter()
        .map(|(p, d)| (d.name.clone(), *p))
        .collect();
    let plan = crate::ops::plan_adding(
        &project,
        imported_documents.into_iter().map(|(_, d)| d).collect(),
    );
    if let Some((given, existing)) = plan.duplicates.first() {
        let doc_path = paths
            .iter()
            .find(|(name, _)| name == given)
            .map_or_else(|| given.clone(), |(_, p)| p.display().to_string());
        return Err(CliError(format!(
            "{doc_path}: the same text is already in the project as {existing:?}; nothing was added"
        )));
    }
    for (given, used) in &plan.renamed {
        eprintln!(
            "note: a different document is already named {given:?}; this one is named {used:?}"
        );
    }
    let added: Vec<_> = plan
        .edits
        .iter()
        .filter_map(|e| match e {
            Edit::InsertDocument { document, .. } => Some((**document).clone()),
            _ => None,
        })
        .collect();
    apply_all(&mut project, plan.edits)?;
    file.save(&project)?;
    for document in &added {
        println!(
            "added {:?}: {} characters, {}",
            document.name,
            document.text.char_len(),
            match document.source.format {
                crate::model::SourceFormat::PlainText => document.source.encoding.clone(),
                crate::model::SourceFormat::ReflowedText => {
                    format!("{}, reflowed", document.source.encoding)
                }
                crate::model::SourceFormat::Pdf => format!(
                    "PDF, {}",
                    crate::wording::plural(
                        crate::model::page_count(&document.pages),
                        "page",
                        "pages"
                    )
                ),
                format => format!("{}, {}", document.source.encoding, format.describe()),
            }
        );
    }
    Ok(())
}

fn import_codings(path: &Path, csv_path: &Path, options: codings_csv::ImportOptions) -> Result {
    let (mut file, mut project) = open_for_change(path, "coda import-codings")?;
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
        file.save(&project)?;
    }
    println!(
        "imported {} into {}{}",
        plural(added, "coding", "codings"),
        path.display(),
        if skipped > 0 {
            format!(" ({skipped} already present, skipped)")
        } else {
            String::new()
        }
    );
    Ok(())
}
