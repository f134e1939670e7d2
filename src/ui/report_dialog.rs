//! File > Export Report…: what the report holds (the codebook alone, or with the coded
//! passages), its format, and which documents and coders it covers. Then a file name is asked
//! for and the report is built and written as a job (`Export::Report`), by the same code as
//! `coda report`.

use crate::analysis::filter::{DocumentFilter, FilterSpec};
use crate::analysis::report::build;
use crate::io::report::{Format, render};
use crate::model::Project;
use crate::ui::filter_bar::{self, FilterBar};
use crate::wording::plural;
use egui::{Context, Key, Ui};
use std::path::PathBuf;

/// What to write: the dialog's choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRequest {
    pub codebook_only: bool,
    pub format: Format,
    pub filter: FilterSpec,
}

impl Default for ReportRequest {
    fn default() -> Self {
        ReportRequest {
            codebook_only: false,
            format: Format::Html,
            filter: FilterSpec::default(),
        }
    }
}

/// The formats offered, with the words and extension for each.
const FORMATS: [(Format, &str, &str); 3] = [
    (Format::Html, "Web page (.html), prints well", "html"),
    (Format::Docx, "Word document (.docx)", "docx"),
    (Format::Markdown, "Markdown (.md)", "md"),
];

pub fn extension(format: Format) -> &'static str {
    FORMATS
        .iter()
        .find(|(f, ..)| *f == format)
        .map_or("html", |(_, _, e)| e)
}

/// What the save dialog calls the kind of file.
pub fn kind(format: Format) -> &'static str {
    match format {
        Format::Html => "HTML",
        Format::Docx => "Word",
        Format::Markdown => "Markdown",
    }
}

impl ReportRequest {
    /// The request and path to write: a name ending in another report format's extension
    /// (typed in the save dialog) is written in that format; any other name gets the chosen
    /// format's extension.
    pub fn settle(mut self, mut path: PathBuf) -> (ReportRequest, PathBuf) {
        match Format::from_path(&path) {
            Ok(format) => self.format = format,
            Err(_) => {
                let name = path
                    .file_name()
                    .map(|n| format!("{}.{}", n.to_string_lossy(), extension(self.format)))
                    .unwrap_or_else(|| format!("report.{}", extension(self.format)));
                path.set_file_name(name);
            }
        }
        (self, path)
    }

    /// The report's bytes, and what they hold in words ("26 codes and 164 passages").
    pub fn render(&self, project: &Project) -> Result<(Vec<u8>, String), String> {
        let filter = DocumentFilter::new(project, &self.filter)?;
        let report = build(project, &filter, self.filter.describe(), self.codebook_only);
        let codes = plural(report.codes.len(), "code", "codes");
        let said = if self.codebook_only {
            format!("the codebook ({codes})")
        } else {
            let passages: usize = report.codes.iter().map(|c| c.passages.len()).sum();
            format!(
                "a report of {codes} and {}",
                plural(passages, "passage", "passages")
            )
        };
        Ok((render(&report, self.format), said))
    }
}

/// The open dialog.
#[derive(Default)]
pub struct ReportDialog {
    pub request: ReportRequest,
    /// Which documents and coders the report covers (the same bar as the retrieval's).
    pub filter: FilterBar,
}

pub enum Outcome {
    Keep,
    Close,
    /// Ask where to write it.
    Export(ReportRequest),
}

pub fn show(ctx: &Context, dialog: &mut ReportDialog, project: &Project, revision: u64) -> Outcome {
    let mut outcome = Outcome::Keep;
    let modal = egui::Modal::new(egui::Id::unique("coda-report-dialog")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        // Enter exports unless a widget had the keyboard focus as the frame began: then Enter
        // is that widget's (a choice picked, a condition applied).
        let nothing_focused = ui.memory(|m| m.focused().is_none());
        ui.heading("Export a report");
        contents(ui, &mut dialog.request);
        ui.add_space(6.0);
        format(ui, &mut dialog.request);
        ui.add_space(6.0);
        ui.label("Documents and coders");
        filter_bar::show(
            ui,
            project,
            revision,
            &mut dialog.filter,
            "report-filter",
            true,
        );
        let problem = dialog.filter.filter(project, revision).err();
        dialog.request.filter = dialog.filter.spec.clone();
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let export = ui
                .add_enabled(problem.is_none(), egui::Button::new("Export…"))
                .on_hover_text("Choose where to save the report (Enter)");
            let enter = nothing_focused && ui.input(|i| i.key_pressed(Key::Enter));
            if export.clicked() || (enter && problem.is_none()) {
                outcome = Outcome::Export(dialog.request.clone());
            }
            if ui.button("Cancel").clicked() {
                outcome = Outcome::Close;
            }
        });
    });
    if modal.should_close() && matches!(outcome, Outcome::Keep) {
        outcome = Outcome::Close;
    }
    outcome
}

fn contents(ui: &mut Ui, request: &mut ReportRequest) {
    ui.label("Contents");
    ui.radio_value(
        &mut request.codebook_only,
        false,
        "The codebook and the coded passages, by code",
    )
    .on_hover_text("Each code's definition and counts, then every passage coded with it, with its document, page, coder and memo");
    ui.radio_value(&mut request.codebook_only, true, "The codebook only")
        .on_hover_text("Each code's definition, criteria, example and counts");
}

fn format(ui: &mut Ui, request: &mut ReportRequest) {
    ui.label("Format");
    for (format, words, _) in FORMATS {
        ui.radio_value(&mut request.format, format, words);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_without_a_report_extension_gets_the_chosen_formats() {
        let request = ReportRequest {
            format: Format::Docx,
            ..ReportRequest::default()
        };
        let (request, path) = request.clone().settle(PathBuf::from("/tmp/study report"));
        assert_eq!(path, PathBuf::from("/tmp/study report.docx"));
        assert_eq!(request.format, Format::Docx);
        let (request, path) = request.settle(PathBuf::from("/tmp/study.md"));
        assert_eq!(path, PathBuf::from("/tmp/study.md"));
        assert_eq!(
            request.format,
            Format::Markdown,
            "the typed extension decides"
        );
    }
}
