//! A report (`analysis::report`) written out: Markdown, a self-contained HTML page, or a Word
//! document. The format is chosen by the output file's extension.

mod docx;
mod html;
mod markdown;

use crate::analysis::report::{CodeEntry, ReportPassage};
use crate::wording::plural;
use std::path::Path;

pub use docx::to_docx;
pub use html::to_html;
pub use markdown::to_markdown;

/// The formats a report is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Docx,
}

impl Format {
    /// The format an output file's extension names (case ignored): .md/.markdown, .html/.htm,
    /// .docx.
    pub fn from_path(path: &Path) -> Result<Format, String> {
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "docx" => Ok(Format::Docx),
            _ => Err(format!(
                "{}: cannot tell the report's format from the name: end it with .html, .md or .docx",
                path.display()
            )),
        }
    }
}

/// The report in `format`, as the bytes of the file.
pub fn render(report: &crate::analysis::report::Report, format: Format) -> Vec<u8> {
    match format {
        Format::Markdown => to_markdown(report).into_bytes(),
        Format::Html => to_html(report).into_bytes(),
        Format::Docx => to_docx(report),
    }
}

/// "12 codings in 3 documents, by 1 coder" (or "No codings").
fn counts_line(code: &CodeEntry) -> String {
    if code.codings == 0 {
        return "No codings".to_string();
    }
    format!(
        "{} in {}, by {}",
        plural(code.codings, "coding", "codings"),
        plural(code.documents, "document", "documents"),
        plural(code.coders, "coder", "coders")
    )
}

/// Where a passage comes from: "003.pdf, p. 2, chars 100–180, Aigerim".
fn source_line(passage: &ReportPassage) -> String {
    let mut line = passage.document.clone();
    if !passage.page.is_empty() {
        let pages = if passage.page.contains('–') {
            "pp."
        } else {
            "p."
        };
        line.push_str(&format!(", {pages} {}", passage.page));
    }
    line.push_str(&format!(", chars {}–{}", passage.start, passage.end));
    if !passage.coder.is_empty() {
        line.push_str(&format!(", {}", passage.coder));
    }
    line
}

/// The definition fields of a code that are filled in, labelled.
fn criteria(code: &CodeEntry) -> impl Iterator<Item = (&'static str, &str)> {
    [
        ("Include", code.inclusion.as_str()),
        ("Exclude", code.exclusion.as_str()),
        ("Example", code.example.as_str()),
    ]
    .into_iter()
    .filter(|(_, value)| !value.trim().is_empty())
}

fn title(report: &crate::analysis::report::Report) -> String {
    if report.codebook_only {
        format!("Codebook: {}", report.project)
    } else {
        format!("Report: {}", report.project)
    }
}
