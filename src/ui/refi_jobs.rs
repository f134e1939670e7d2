//! File > Import REFI-QDA… and File > Export REFI-QDA…: the work runs as a job, and what it did
//! (the import or export report, `io::refi`) is shown when it ends.

use crate::io::refi::{self, ImportKind};
use crate::io::safe_write::write_output;
use crate::ops::Edit;
use crate::ui::app::CodaApp;
use crate::ui::modals::Modal;
use crate::ui::workspace::Workspace;
use crate::wording::plural;
use std::path::{Path, PathBuf};

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

impl CodaApp {
    /// Write the open project to `path` as REFI-QDA: a project for `.qdpx`, the codebook for
    /// `.qdc` (any other extension gets `.qdpx`).
    pub(crate) fn export_refi(&mut self, mut path: PathBuf) {
        let codebook = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("qdc"));
        if !codebook
            && !path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("qdpx"))
        {
            path.set_extension("qdpx");
        }
        let project = self.session.ws.project.clone();
        let label = format!("Exporting {}", file_name(&path));
        self.session.jobs.spawn(label, false, move |_| {
            let written = if codebook {
                refi::export_codebook(&project).map_err(|e| e.to_string())
            } else {
                refi::export_project(&project).map_err(|e| e.to_string())
            }
            .and_then(|(bytes, report)| {
                write_output(&path, &bytes)
                    .map(|()| report)
                    .map_err(|e| e.to_string())
            });
            drop(project);
            Box::new(move |app: &mut CodaApp| match written {
                Ok(report) => {
                    app.status = format!("Exported to {}", path.display());
                    app.modal = Some(Modal::Notice {
                        title: format!("Exported {}", file_name(&path)),
                        text: report.render(),
                    });
                }
                Err(e) => app.show_error(format!("Could not export to {}: {e}", path.display())),
            })
        });
    }

    /// Read a REFI-QDA file in the background. A codebook's codes are added to the open project
    /// (one undoable step); a project opens as a new, unsaved project, unless the open one has
    /// unsaved changes.
    pub(crate) fn import_refi(&mut self, path: PathBuf) {
        let label = format!("Importing {}", file_name(&path));
        self.session.jobs.spawn(label, false, move |_| {
            let imported = refi::read_file_bytes(&path)
                .and_then(|bytes| refi::import_bytes(&bytes, &path.display().to_string()));
            Box::new(move |app: &mut CodaApp| match imported {
                Err(e) => app.show_error(e.to_string()),
                Ok(imported) if imported.kind == ImportKind::Codebook => {
                    let merge = refi::merge_codebook(&app.session.ws.project, &imported.project);
                    let added = merge.added.len();
                    if added > 0 {
                        app.edit(
                            Edit::Batch(merge.edits),
                            format!("Import {}", plural(added, "code", "codes")),
                        );
                    }
                    let mut text = format!(
                        "Added {} ({} already in the project).\n",
                        plural(added, "code", "codes"),
                        merge.matched
                    );
                    if !merge.differing.is_empty() {
                        text.push_str(&format!(
                            "Kept this project's description, criteria, memo and colour of: {}\n",
                            crate::wording::join_names(&merge.differing)
                        ));
                    }
                    text.push('\n');
                    text.push_str(&imported.report.render());
                    app.status = format!("Imported the codebook {}", file_name(&path));
                    app.modal = Some(Modal::Notice {
                        title: format!("Imported {}", file_name(&path)),
                        text,
                    });
                }
                Ok(imported) => {
                    if app.session.ws.is_dirty() {
                        app.show_error(format!(
                            "{} was read, but this project has unsaved changes: save or discard \
                             them first, then import it again",
                            file_name(&path)
                        ));
                        return;
                    }
                    let mut ws = Workspace::new(imported.project, None);
                    ws.history.mark_unsaved();
                    app.replace_session(ws);
                    app.status = format!("Imported {} (not saved yet)", file_name(&path));
                    app.modal = Some(Modal::Notice {
                        title: format!("Imported {}", file_name(&path)),
                        text: imported.report.render(),
                    });
                }
            })
        });
    }
}
