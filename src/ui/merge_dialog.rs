//! File → Merge Projects… and Coder → Compare Coders' Files…: choose project files, settle
//! each code conflict by picking one file's value (the values side by side), merge with
//! `crate::merge`, and read the merge report.

use crate::io::project_file;
use crate::merge::{
    self, Choices, CodeConflict, MergeInput, MergeReport, Resolution, VariableConflict,
    list_conflicts, list_variable_conflicts,
};
use crate::model::Project;
use crate::wording::plural;
use egui::{RichText, Ui};
use std::path::Path;

/// What the merged project is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Merge other files into the open project.
    Merge,
    /// Combine coders' separate files to compare them.
    Compare,
}

pub struct MergeDialog {
    pub purpose: Purpose,
    /// The projects to merge, in order, each with its label (file name).
    pub inputs: Vec<(String, Project)>,
    pub conflicts: Vec<CodeConflict>,
    /// A variable's type or a document's value that differs between the files.
    pub variable_conflicts: Vec<VariableConflict>,
    /// Per conflict (of codes and of variables), the input whose value wins.
    pub choices: Choices,
    pub error: Option<String>,
    /// After merging: the report, shown until the dialog is closed.
    pub report: Option<MergeReport>,
    /// Files being read, or the merge being computed, off the frame.
    pub busy: Option<&'static str>,
}

/// What the app must do after a frame of the dialog.
pub enum Outcome {
    Keep,
    Close,
    Merged(Box<Project>, Purpose),
    /// Merge the inputs with the chosen values (off the frame: see [`merge_off_the_frame`]).
    MergeRequested,
    /// Ask for more project files to add; the dialog stays open.
    AddFiles,
    /// Save the merge report (Markdown) somewhere; the dialog stays open.
    SaveReport(String),
}

impl MergeDialog {
    pub fn new(purpose: Purpose, inputs: Vec<(String, Project)>) -> Self {
        let mut dialog = MergeDialog {
            purpose,
            inputs,
            conflicts: Vec::new(),
            variable_conflicts: Vec::new(),
            choices: Choices::default(),
            error: None,
            report: None,
            busy: None,
        };
        dialog.refresh_conflicts();
        dialog
    }

    fn merge_inputs(&self) -> Vec<MergeInput<'_>> {
        self.inputs
            .iter()
            .map(|(label, project)| MergeInput::new(label, project))
            .collect()
    }

    /// Lists the conflicts of the current inputs, keeping choices that still apply.
    fn refresh_conflicts(&mut self) {
        let inputs = self.merge_inputs();
        match list_conflicts(&inputs).and_then(|c| Ok((c, list_variable_conflicts(&inputs)?))) {
            Ok((conflicts, variable_conflicts)) => {
                let mut choices = Choices::default();
                for c in &conflicts {
                    let before = self.choices.codes.get(&c.key);
                    let inputs = c.values.iter().map(|v| v.input);
                    choices
                        .codes
                        .insert(c.key, kept_choice(before, inputs, c.chosen));
                }
                for c in &variable_conflicts {
                    let before = self.choices.variables.get(&c.key);
                    let inputs = c.values.iter().map(|v| v.input);
                    let kept = kept_choice(before, inputs, c.chosen);
                    choices.variables.insert(c.key.clone(), kept);
                }
                self.conflicts = conflicts;
                self.variable_conflicts = variable_conflicts;
                self.choices = choices;
                self.error = None;
            }
            Err(e) => {
                self.conflicts.clear();
                self.variable_conflicts.clear();
                self.error = Some(e.to_string());
            }
        }
    }

    /// Add the files read off the frame (see [`read_project_files`]); the first that could not
    /// be read is told.
    pub fn add_loaded(&mut self, loaded: Vec<Result<(String, Project), String>>) {
        let mut unread = None;
        for result in loaded {
            match result {
                Ok(input) => self.inputs.push(input),
                Err(e) => {
                    unread.get_or_insert(e);
                }
            }
        }
        self.refresh_conflicts();
        if unread.is_some() {
            self.error = unread;
        }
    }
}

/// The choice made before for a conflict while its file still has a value there (`inputs`),
/// else `default`.
fn kept_choice(
    before: Option<&usize>,
    mut inputs: impl Iterator<Item = usize>,
    default: usize,
) -> usize {
    before
        .copied()
        .filter(|&i| inputs.any(|input| input == i))
        .unwrap_or(default)
}

/// A project file's label in the dialog and the report: its file name.
pub fn label_of(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

pub fn show(ctx: &egui::Context, dialog: &mut MergeDialog) -> Outcome {
    let mut outcome = Outcome::Keep;
    egui::Modal::new(egui::Id::unique("merge-dialog")).show(ctx, |ui| {
        ui.set_max_width(760.0);
        let title = match dialog.purpose {
            Purpose::Merge => "Merge projects",
            Purpose::Compare => "Compare coders' files",
        };
        ui.heading(title);
        if let Some(report) = &dialog.report {
            outcome = report_stage(ui, report);
            return;
        }
        ui.label(match dialog.purpose {
            Purpose::Merge => "The files are merged into one project: documents matched by their text, codes by id and then by name path, coders by id and then by name. No coding is lost; identical codings are kept once. The merged project opens unsaved.",
            Purpose::Compare => "The coders' files are combined into one project (nothing is lost), which opens unsaved with the comparison of its coders.",
        });
        ui.add_space(6.0);
        ui.strong("Files, in order");
        let mut remove = None;
        for (i, (label, project)) in dialog.inputs.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{}. {label}: {} documents, {} codes, {} codings",
                    i + 1,
                    project.documents.len(),
                    project.codes.len(),
                    project.segments.len()
                ));
                let button = ui.small_button("Remove");
                let name = format!("Remove {label}");
                button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if button.clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            dialog.inputs.remove(i);
            dialog.refresh_conflicts();
        }
        if ui.button("Add Files…").clicked() {
            outcome = Outcome::AddFiles;
        }
        ui.separator();
        conflicts_stage(ui, dialog);
        if let Some(error) = &dialog.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        ui.separator();
        if let Some(busy) = dialog.busy {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(busy);
            });
            return;
        }
        ui.horizontal(|ui| {
            let ready = dialog.inputs.len() >= 2;
            let merge_label = match dialog.purpose {
                Purpose::Merge => "Merge",
                Purpose::Compare => "Combine and Compare",
            };
            if ui
                .add_enabled(ready, egui::Button::new(merge_label))
                .on_disabled_hover_text("Choose at least two project files")
                .clicked()
            {
                outcome = Outcome::MergeRequested;
            }
            if ui.button("Cancel").clicked() {
                outcome = Outcome::Close;
            }
        });
    });
    outcome
}

/// Each conflict with every file's value side by side; the chosen one is kept.
fn conflicts_stage(ui: &mut Ui, dialog: &mut MergeDialog) {
    let count = dialog.conflicts.len() + dialog.variable_conflicts.len();
    if count == 0 {
        ui.label("No conflicts: the files agree on every code and document variable they share.");
        return;
    }
    ui.strong(format!(
        "{}: choose whose value to keep",
        plural(count, "conflict", "conflicts")
    ));
    egui::ScrollArea::vertical()
        .id_salt("merge-conflicts")
        .max_height(360.0)
        .show(ui, |ui| {
            for conflict in &dialog.conflicts {
                ui.label(
                    RichText::new(format!("{}: {}", conflict.path, conflict.key.field)).strong(),
                );
                let choice = dialog
                    .choices
                    .codes
                    .entry(conflict.key)
                    .or_insert(conflict.chosen);
                let values = conflict
                    .values
                    .iter()
                    .map(|v| (v.input, &v.label, &v.value));
                side_by_side(ui, choice, values);
            }
            for conflict in &dialog.variable_conflicts {
                let title = match &conflict.document {
                    Some(document) => format!("{document}: variable {}", conflict.variable),
                    None => format!("Variable {}: its type", conflict.variable),
                };
                ui.label(RichText::new(title).strong());
                if !conflict.dropped.is_empty() {
                    ui.weak(format!(
                        "Values the type kept cannot read are left out: {}",
                        conflict.dropped.join(", ")
                    ));
                }
                let choice = dialog
                    .choices
                    .variables
                    .entry(conflict.key.clone())
                    .or_insert(conflict.chosen);
                let values = conflict
                    .values
                    .iter()
                    .map(|v| (v.input, &v.label, &v.value));
                side_by_side(ui, choice, values);
            }
        });
}

/// One conflict's values, one per file, as a choice of one.
fn side_by_side<'a>(
    ui: &mut Ui,
    choice: &mut usize,
    values: impl Iterator<Item = (usize, &'a String, &'a String)>,
) {
    ui.horizontal_wrapped(|ui| {
        for (input, label, value) in values {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_max_width(320.0);
                let text = if value.is_empty() { "(empty)" } else { value };
                ui.radio_value(choice, input, format!("{label}: {text}"));
            });
        }
    });
    ui.add_space(4.0);
}

fn report_stage(ui: &mut Ui, report: &MergeReport) -> Outcome {
    let mut outcome = Outcome::Keep;
    egui::ScrollArea::vertical()
        .id_salt("merge-report")
        .max_height(420.0)
        .show(ui, |ui| {
            ui.label(RichText::new(report.summary()).monospace());
        });
    ui.horizontal(|ui| {
        if ui.button("Save Report…").clicked() {
            outcome = Outcome::SaveReport(report.to_markdown());
        }
        if ui.button("Close").clicked() {
            outcome = Outcome::Close;
        }
    });
    outcome
}

/// Read project files through the one loader (slow for big files: run it off the frame).
pub fn read_project_files(paths: &[std::path::PathBuf]) -> Vec<Result<(String, Project), String>> {
    paths
        .iter()
        .map(|path| {
            project_file::load(path)
                .map(|loaded| (label_of(path), loaded.project))
                .map_err(|e| e.to_string())
        })
        .collect()
}

/// The merge of `inputs` with `choices`, for a job: the merged project and its report.
pub fn merge_off_the_frame(
    inputs: &[(String, Project)],
    choices: Choices,
) -> Result<(Project, MergeReport), String> {
    let inputs: Vec<MergeInput<'_>> = inputs
        .iter()
        .map(|(label, project)| MergeInput::new(label, project))
        .collect();
    merge::merge(&inputs, &Resolution::Choices(choices))
        .map(|merged| (merged.project, merged.report))
        .map_err(|e| e.to_string())
}
