//! Every file the window asks the user for goes through [`CodaApp::ask_file`]: the system dialog
//! when there is one, else Coda's own picker (see [`crate::ui::file_picker`]), after telling the
//! user once why. Either way the answer comes back to [`CodaApp::picked`], which carries on with
//! what asked for it, so a missing portal never makes a command silently do nothing.

use crate::ui::actions::Export;
use crate::ui::app::CodaApp;
use crate::ui::dialogs::{DialogSpec, NO_SYSTEM_DIALOG_NOTICE};
use crate::ui::file_picker::{FilePicker, PickerState};
use crate::ui::modals::AfterSave;
use crate::ui::{merge_dialog, report_dialog};
use std::path::PathBuf;

/// What a file is asked for, and so what happens once it is chosen.
#[derive(Debug)]
pub enum PickPurpose {
    OpenProject,
    /// Save under a new name; then carry on with `next` (quit, open…), if any.
    SaveProject(Option<AfterSave>),
    AddDocuments,
    ImportCodings,
    Export(Export),
    /// A REFI-QDA project or codebook to import.
    ImportRefi,
    /// Where to write the project as REFI-QDA (.qdpx) or its codebook (.qdc).
    ExportRefi,
    /// Other projects to merge into this one.
    MergeProjects,
    /// Coders' separate files to combine and compare.
    CompareFiles,
    /// More files for the open merge dialog.
    MoreMergeFiles,
    /// Where to save a copy of unsaved work found at start ("Save elsewhere…").
    RecoveredCopy {
        label: String,
        suggested: String,
    },
}

/// The in-window picker, while it is open.
pub struct PendingPick {
    purpose: PickPurpose,
    picker: FilePicker,
}

impl CodaApp {
    fn spec_for(&self, purpose: &PickPurpose) -> DialogSpec {
        let name = self.session.ws.display_name();
        match purpose {
            PickPurpose::OpenProject => DialogSpec::open_project(),
            PickPurpose::SaveProject(_) => DialogSpec::save_project(&format!("{name}.ron")),
            PickPurpose::AddDocuments => DialogSpec::pick_documents(),
            PickPurpose::ImportCodings => DialogSpec::open_csv(),
            PickPurpose::ImportRefi => DialogSpec::open_refi(),
            PickPurpose::ExportRefi => DialogSpec::save_refi(&format!("{name}.qdpx")),
            PickPurpose::Export(Export::Codings) => {
                DialogSpec::save_csv(&format!("{name}-codings.csv"))
            }
            PickPurpose::Export(Export::Passages(_)) => DialogSpec::save_csv("retrieval.csv"),
            PickPurpose::Export(Export::AgreementCsv(_)) => {
                DialogSpec::save_report("agreement.csv", "CSV", "csv")
            }
            PickPurpose::Export(Export::AgreementHtml(_)) => {
                DialogSpec::save_report("agreement.html", "HTML", "html")
            }
            PickPurpose::Export(Export::MergeReport(_)) => {
                DialogSpec::save_report("merge-report.md", "Markdown", "md")
            }
            PickPurpose::Export(Export::Variables) => DialogSpec::save_export(
                "Export the document variables as CSV",
                &format!("{name}-variables.csv"),
                "CSV",
                "csv",
            ),
            PickPurpose::Export(Export::Report(request)) => {
                let extension = report_dialog::extension(request.format);
                DialogSpec::save_report(
                    &format!("{name}-report.{extension}"),
                    report_dialog::kind(request.format),
                    extension,
                )
            }
            PickPurpose::Export(Export::Table { file_name, .. }) => DialogSpec::save_csv(file_name),
            PickPurpose::Export(Export::ChartPng(chart)) => DialogSpec::save_export(
                "Export the chart as PNG",
                &format!("{}.png", chart.file_stem()),
                "PNG image",
                "png",
            ),
            PickPurpose::Export(Export::ChartSvg(chart)) => DialogSpec::save_export(
                "Export the chart as SVG",
                &format!("{}.svg", chart.file_stem()),
                "SVG drawing",
                "svg",
            ),
            PickPurpose::Export(Export::ChartCsv { stem, .. }) => DialogSpec::save_export(
                "Export the chart's numbers as CSV",
                &format!("{stem}.csv"),
                "CSV",
                "csv",
            ),
            PickPurpose::MergeProjects => {
                DialogSpec::pick_projects("Merge project files into this project")
            }
            PickPurpose::CompareFiles => {
                DialogSpec::pick_projects("Coders' project files to compare")
            }
            PickPurpose::MoreMergeFiles => DialogSpec::pick_projects("Add project files to merge"),
            PickPurpose::RecoveredCopy { suggested, .. } => DialogSpec::save_project(suggested),
        }
    }

    /// Ask for a file (or files) for `purpose`; what was chosen goes to [`CodaApp::picked`].
    pub(crate) fn ask_file(&mut self, purpose: PickPurpose) {
        if self.pending_pick.is_some() {
            return;
        }
        if let Err(reason) = self.dialogs.native_available() {
            if !self.told_no_system_dialog {
                self.status = format!("{NO_SYSTEM_DIALOG_NOTICE} ({reason})");
                self.told_no_system_dialog = true;
            }
            let folder = self
                .session
                .ws
                .path
                .as_deref()
                .and_then(|p| p.parent())
                .map(|p| p.to_path_buf());
            let picker = FilePicker::new(self.spec_for(&purpose), folder.as_deref());
            self.pending_pick = Some(PendingPick { purpose, picker });
            return;
        }
        let spec = self.spec_for(&purpose);
        let chosen = self.dialogs.ask(&spec);
        if !chosen.is_empty() {
            self.picked(purpose, chosen);
        }
    }

    /// Show the in-window picker, if one is open; carry on when the user has chosen.
    pub(crate) fn show_picker(&mut self, ctx: &egui::Context) {
        let Some(pending) = &mut self.pending_pick else {
            return;
        };
        match pending.picker.show(ctx) {
            PickerState::Open => {}
            PickerState::Cancelled => self.pending_pick = None,
            PickerState::Chosen(paths) => {
                let pending = self.pending_pick.take().expect("checked above");
                if !paths.is_empty() {
                    self.picked(pending.purpose, paths);
                }
            }
        }
    }

    /// Carry on with what asked for a file, now that `paths` (never empty) were chosen.
    fn picked(&mut self, purpose: PickPurpose, paths: Vec<PathBuf>) {
        let first = paths[0].clone();
        match purpose {
            PickPurpose::OpenProject => self.open_project(&first),
            PickPurpose::SaveProject(next) => self.save_then(Some(first), next),
            PickPurpose::AddDocuments => {
                self.add_documents(paths, crate::io::import::Reflow::Suggest)
            }
            PickPurpose::ImportCodings => self.import_codings(first),
            PickPurpose::Export(Export::Report(request)) => {
                let (request, path) = request.settle(first);
                self.write_export(Export::Report(request), path)
            }
            PickPurpose::Export(what) => self.write_export(what, first),
            PickPurpose::ImportRefi => self.import_refi(first),
            PickPurpose::ExportRefi => self.export_refi(first),
            PickPurpose::MergeProjects => {
                let label = self
                    .session
                    .ws
                    .path
                    .as_deref()
                    .map_or_else(|| "this project".to_string(), merge_dialog::label_of);
                self.merge_dialog = Some(merge_dialog::MergeDialog::new(
                    merge_dialog::Purpose::Merge,
                    vec![(label, self.session.ws.project.clone())],
                ));
                self.read_into_merge_dialog(paths);
            }
            PickPurpose::CompareFiles => {
                self.merge_dialog = Some(merge_dialog::MergeDialog::new(
                    merge_dialog::Purpose::Compare,
                    Vec::new(),
                ));
                self.read_into_merge_dialog(paths);
            }
            PickPurpose::MoreMergeFiles => self.read_into_merge_dialog(paths),
            PickPurpose::RecoveredCopy { label, .. } => self.save_recovered_copy(&label, first),
        }
    }
}
