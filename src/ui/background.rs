//! The window's long work, started as jobs (see [`crate::ui::jobs`]): opening a project, adding
//! documents, importing codings, exporting, comparing coders and searching the project. Each reads what it needs from a snapshot, works on
//! a worker thread, and hands its result back to the UI thread, which applies it through the one
//! edit path.

use crate::io::codings_csv;
use crate::io::import::{ImportOptions, Reflow, import_document};
use crate::io::reflow::detect_wrap_width;
use crate::io::{agreement_report, safe_write::write_output};
use crate::model::{Document, Project};
use crate::ops::{Edit, plan_adding};
use crate::ui::actions::Export;
use crate::ui::app::CodaApp;
use crate::ui::compare_panel::ComparisonRequest;
use crate::ui::merge_dialog;
use crate::ui::modals::Modal;
use crate::ui::workspace::Workspace;
use crate::wording::plural;
use std::path::{Path, PathBuf};

/// What importing a batch of files found, before anything is added.
struct ImportedFiles {
    documents: Vec<Document>,
    /// Hard-wrapped texts, to ask about (reflow or keep the line breaks).
    wrapped: Vec<PathBuf>,
    notes: Vec<String>,
    errors: Vec<String>,
}

fn import_files(
    paths: &[PathBuf],
    reflow: Reflow,
    progress: &crate::ui::jobs::Progress,
) -> ImportedFiles {
    let mut out = ImportedFiles {
        documents: Vec::new(),
        wrapped: Vec::new(),
        notes: Vec::new(),
        errors: Vec::new(),
    };
    progress.set_total(paths.len());
    for path in paths {
        if progress.is_cancelled() {
            break;
        }
        let options = ImportOptions {
            encoding: None,
            reflow,
        };
        match import_document(path, &options) {
            Ok(imported) => {
                // Only plain text can be hard-wrapped PDF text (a Word table is not).
                if reflow == Reflow::Suggest
                    && imported.document.source.format == crate::model::SourceFormat::PlainText
                    && detect_wrap_width(imported.document.text.as_str()).is_some()
                {
                    out.wrapped.push(path.clone());
                } else {
                    out.notes.extend(imported.notes);
                    out.documents.push(imported.document);
                }
            }
            Err(e) => out.errors.push(e.to_string()),
        }
        progress.advance(1);
    }
    out
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl CodaApp {
    /// Show an error until the user dismisses it.
    pub fn show_error(&mut self, message: impl Into<String>) {
        self.modal = Some(Modal::Error(message.into()));
    }

    /// Whether work is running off the frame.
    pub fn is_busy(&self) -> bool {
        self.session.jobs.is_busy()
    }

    /// Open the project at `path` in the background; the open project stays usable meanwhile.
    /// A file that cannot be opened is told in a message.
    pub fn open_project(&mut self, path: &Path) {
        self.open_first_of(vec![path.to_path_buf()], true);
    }

    /// Open the first of `candidates` that opens, in the background: at start-up the most
    /// recent project, else the user's copy of the sample, while the window already shows.
    /// When none opens, the last refusal is told in a message if `tell_refusal`, else in the
    /// status line; refusals before the one that opened are kept in the status line.
    pub fn open_first_of(&mut self, candidates: Vec<PathBuf>, tell_refusal: bool) {
        let Some(first) = candidates.first() else {
            return;
        };
        let revision = self.session.ws.revision;
        let label = format!("Opening {}", file_name(first));
        self.session.jobs.spawn(label, false, move |_| {
            let mut refusals = Vec::new();
            let mut opened = None;
            for path in candidates {
                match Workspace::open(&path) {
                    Ok(ws) => {
                        opened = Some((ws, path));
                        break;
                    }
                    Err(e) => refusals.push(e.to_string()),
                }
            }
            Box::new(move |app: &mut CodaApp| match opened {
                Some((ws, path))
                    if app.session.ws.revision == revision || !app.session.ws.is_dirty() =>
                {
                    app.install_opened(ws, &path);
                    if !refusals.is_empty() {
                        app.status = format!("{}; {}", refusals.join("; "), app.status);
                    }
                }
                // Changed while the file was read: never drop those changes unasked.
                Some((_, path)) => {
                    app.status = format!(
                        "Did not open {}: this project changed meanwhile; save it, then open again",
                        path.display()
                    )
                }
                None => {
                    let refusal = refusals.join("; ");
                    if tell_refusal {
                        app.show_error(refusal);
                    } else {
                        app.status = refusal;
                    }
                }
            })
        });
    }

    /// Read `paths` in the background, then add them (see [`plan_adding`]) as one undo step.
    pub(crate) fn add_documents(&mut self, paths: Vec<PathBuf>, reflow: Reflow) {
        let label = format!("Adding {}", plural(paths.len(), "document", "documents"));
        self.session.jobs.spawn(label, true, move |progress| {
            let imported = import_files(&paths, reflow, progress);
            Box::new(move |app: &mut CodaApp| app.finish_adding(imported))
        });
    }

    fn finish_adding(&mut self, imported: ImportedFiles) {
        let ImportedFiles {
            documents,
            wrapped,
            notes,
            mut errors,
        } = imported;
        let plan = plan_adding(&self.session.ws.project, documents);
        errors.extend(plan.duplicates.iter().map(|(given, existing)| {
            format!("{given}: the same text is already in the project as “{existing}”")
        }));
        let added = plan.added();
        if added > 0 {
            self.edit(
                Edit::Batch(plan.edits),
                format!("Add {}", plural(added, "document", "documents")),
            );
            let mut told: Vec<String> = notes;
            told.extend(
                plan.renamed
                    .iter()
                    .map(|(given, used)| format!("“{given}” was added as “{used}”")),
            );
            // What the import chose (an encoding, say) is told after the edit's own status.
            if !told.is_empty() {
                self.status = told.join("; ");
            }
        }
        if !wrapped.is_empty() {
            self.modal = Some(Modal::Reflow(wrapped));
        } else if !errors.is_empty() {
            self.show_error(errors.join("\n"));
        }
    }

    /// Import codings from a CSV file: read and matched in the background, added as one step.
    pub(crate) fn import_codings(&mut self, path: PathBuf) {
        let project = self.session.ws.project.clone();
        let label = format!("Importing {}", file_name(&path));
        self.session.jobs.spawn(label, false, move |_| {
            let planned = codings_csv::plan_import_file(&project, &path, false);
            drop(project);
            Box::new(move |app: &mut CodaApp| match planned {
                Ok(plan) => {
                    let n = plan.segments_added;
                    let skipped = plan.duplicates_skipped;
                    if !plan.edits.is_empty() {
                        app.edit(
                            Edit::Batch(plan.edits),
                            format!("Import {}", plural(n, "coding", "codings")),
                        );
                    }
                    app.status = format!(
                        "Imported {} ({skipped} already present)",
                        plural(n, "coding", "codings")
                    );
                }
                Err(e) => app.show_error(e.to_string()),
            })
        });
    }

    /// Read project files for the merge dialog in the background.
    pub(crate) fn read_into_merge_dialog(&mut self, paths: Vec<PathBuf>) {
        let Some(dialog) = &mut self.merge_dialog else {
            return;
        };
        dialog.busy = Some("Reading the project files…");
        let label = format!(
            "Reading {}",
            plural(paths.len(), "project file", "project files")
        );
        self.session.jobs.spawn(label, false, move |progress| {
            progress.set_total(paths.len());
            let loaded = merge_dialog::read_project_files(&paths);
            Box::new(move |app: &mut CodaApp| {
                if let Some(dialog) = &mut app.merge_dialog {
                    dialog.busy = None;
                    dialog.add_loaded(loaded);
                }
            })
        });
    }

    /// Merge the dialog's files in the background; the result opens as the dialog's purpose
    /// says.
    pub(crate) fn merge_in_background(&mut self) {
        let Some(dialog) = &mut self.merge_dialog else {
            return;
        };
        dialog.busy = Some("Merging…");
        dialog.error = None;
        // The inputs go to the job and come back with the result.
        let inputs = std::mem::take(&mut dialog.inputs);
        let choices = dialog.choices.clone();
        let purpose = dialog.purpose;
        self.session.jobs.spawn("Merging", false, move |_| {
            let merged = merge_dialog::merge_off_the_frame(&inputs, choices);
            Box::new(move |app: &mut CodaApp| {
                let Some(dialog) = &mut app.merge_dialog else {
                    return;
                };
                dialog.busy = None;
                dialog.inputs = inputs;
                match merged {
                    Ok((project, report)) => {
                        dialog.report = Some(report);
                        app.open_merged(project, purpose);
                    }
                    Err(e) => dialog.error = Some(e),
                }
            })
        });
    }

    /// Compute an agreement report for the compare view in the background.
    pub(crate) fn compare_coders(&mut self, request: ComparisonRequest) {
        let project = self.session.ws.project.clone();
        self.session
            .jobs
            .spawn("Comparing coders", false, move |_| {
                let ComparisonRequest {
                    key,
                    options,
                    filter,
                } = request;
                // Only the documents the filter keeps are compared, as `coda agree` does.
                let compared = filter.restrict(&project);
                drop(project);
                let report = crate::agreement::compare(&compared, &options)
                    .map(std::sync::Arc::new)
                    .map_err(|e| e.to_string());
                drop(compared);
                Box::new(move |app: &mut CodaApp| app.session.compare.computed(key, report))
            });
    }

    /// Search the documents `spec` keeps in the background; the search pane shows the hits.
    pub(crate) fn search_project(
        &mut self,
        query: crate::analysis::search::Query,
        spec: crate::analysis::filter::FilterSpec,
    ) {
        let project = self.session.ws.project.clone();
        self.session.search.searching = Some((query.clone(), spec.clone()));
        self.session
            .jobs
            .spawn("Searching the project", true, move |_| {
                let documents = project.documents.iter().map(|d| d.id).collect();
                let found = crate::analysis::filter::DocumentFilter::new(&project, &spec).and_then(
                    |filter| {
                        crate::analysis::search::search_project(&project, &query, |d| {
                            filter.includes_document(d.id)
                        })
                        .map_err(|e| e.to_string())
                    },
                );
                drop(project);
                Box::new(move |app: &mut CodaApp| {
                    app.session.search.finish(query, spec, documents, found)
                })
            });
    }

    /// Ask where, then render and write the export in the background.
    pub(crate) fn export(&mut self, what: Export) {
        self.ask_file(crate::ui::file_requests::PickPurpose::Export(what));
    }

    /// Render and write an export to `path` in the background.
    pub(crate) fn write_export(&mut self, what: Export, path: PathBuf) {
        let project = self.session.ws.project.clone();
        let label = format!("Exporting {}", file_name(&path));
        self.session.jobs.spawn(label, false, move |_| {
            let written = render(&project, &what).and_then(|(bytes, what)| {
                write_output(&path, &bytes)
                    .map(|()| what)
                    .map_err(|e| e.to_string())
            });
            Box::new(move |app: &mut CodaApp| match written {
                Ok(what) => app.status = format!("Exported {what} to {}", path.display()),
                Err(e) => app.show_error(format!("Could not export to {}: {e}", path.display())),
            })
        });
    }
}

/// The bytes of an export, and what they hold in words.
fn render(project: &Project, what: &Export) -> Result<(Vec<u8>, String), String> {
    let mut bytes = Vec::new();
    let said = match what {
        Export::Codings => {
            codings_csv::export(project, &mut bytes).map_err(|e| e.to_string())?;
            plural(project.segments.len(), "coding", "codings")
        }
        Export::Passages(rows) => {
            codings_csv::export_segments(project, rows, &mut bytes).map_err(|e| e.to_string())?;
            plural(rows.len(), "passage", "passages")
        }
        Export::AgreementCsv(report) => {
            agreement_report::write_csv(report, project, &mut bytes).map_err(|e| e.to_string())?;
            "the agreement report".into()
        }
        Export::AgreementHtml(report) => {
            bytes = agreement_report::to_html(report, project).into_bytes();
            "the agreement report".into()
        }
        Export::MergeReport(markdown) => {
            bytes = markdown.clone().into_bytes();
            "the merge report".into()
        }
        Export::Variables => {
            crate::io::variables_csv::export(project, &mut bytes).map_err(|e| e.to_string())?;
            format!(
                "the values of {}",
                plural(project.variables.len(), "variable", "variables")
            )
        }
        Export::Report(request) => {
            let (report, said) = request.render(project)?;
            bytes = report;
            said
        }
        Export::Table { table, .. } => {
            crate::io::table_output::write_csv(table, &mut bytes).map_err(|e| e.to_string())?;
            format!(
                "a table of {} × {}",
                plural(table.rows.len(), "row", "rows"),
                plural(table.columns.len(), "column", "columns")
            )
        }
        Export::ChartPng(chart) => {
            bytes = crate::io::chart_png::to_png(chart)?;
            "the chart".into()
        }
        Export::ChartSvg(chart) => {
            bytes = crate::io::chart_svg::to_svg(chart).into_bytes();
            "the chart".into()
        }
        Export::ChartCsv { table, .. } => {
            crate::io::table_output::write_csv(table, &mut bytes).map_err(|e| e.to_string())?;
            "the chart's numbers".into()
        }
    };
    Ok((bytes, said))
}
