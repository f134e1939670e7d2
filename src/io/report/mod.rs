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

/// A piece of a paragraph and how it is set: (text, bold, italic).
pub(super) type Run = (String, bool, bool);

/// A code's description, which the codebook shows as Markdown, as paragraphs of runs: its
/// emphasis and strong emphasis kept (italic, bold), other markup read as the codebook reads it
/// (`io::markdown`), so that a report shows "*why*" as an italic word, not with its asterisks.
pub(super) fn description_paragraphs(markdown: &str) -> Vec<Vec<Run>> {
    let rendered = crate::io::markdown::render(markdown);
    let chars: Vec<char> = rendered.text.chars().collect();
    let styled = |at: usize, style: crate::model::Style| {
        rendered
            .styles
            .iter()
            .any(|s| s.style == style && s.start <= at && at < s.end)
    };
    let mut paragraphs: Vec<Vec<Run>> = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if chars[at] == '\n' {
            // A blank line ends a paragraph; a single line break stays inside it.
            let breaks = chars[at..].iter().take_while(|&&c| c == '\n').count();
            if breaks > 1 {
                paragraphs.extend((!runs.is_empty()).then(|| std::mem::take(&mut runs)));
                at += breaks;
                continue;
            }
        }
        let bold = styled(at, crate::model::Style::Strong);
        let italic = styled(at, crate::model::Style::Emphasis);
        let c = chars[at];
        match runs.last_mut() {
            // A line break goes with the run before it, whatever its style.
            Some(run) if c == '\n' || (run.1, run.2) == (bold, italic) => run.0.push(c),
            _ => runs.push((c.to_string(), bold, italic)),
        }
        at += 1;
    }
    paragraphs.extend((!runs.is_empty()).then_some(runs));
    paragraphs
}

#[cfg(test)]
mod description_tests {
    use super::*;

    /// The sample's "Push factors" description reads: 'Conditions and motives the texts give
    /// for *why* people…'.
    #[test]
    fn every_format_sets_the_samples_emphasis_as_emphasis() {
        let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_projects/central-asia-cve.ron");
        let project = crate::io::project_file::load(&sample).unwrap().project;
        let filter = crate::analysis::filter::DocumentFilter::everything();
        let report = crate::analysis::report::build(&project, &filter, Vec::new(), true);
        let html = to_html(&report);
        assert!(html.contains("give for <em>why</em> people"), "HTML");
        let markdown = to_markdown(&report);
        assert!(markdown.contains("give for *why* people"), "Markdown");
        assert!(!markdown.contains("\\*why"), "not escaped");
        let docx = to_docx(&report);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        assert!(
            xml.contains("<w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">why</w:t></w:r>"),
            "Word"
        );
    }

    #[test]
    fn a_description_keeps_its_emphasis_and_its_paragraphs() {
        let paragraphs =
            description_paragraphs("Motives for *why* people **join**.\n\nA second paragraph");
        assert_eq!(
            paragraphs,
            vec![
                vec![
                    ("Motives for ".to_string(), false, false),
                    ("why".to_string(), false, true),
                    (" people ".to_string(), false, false),
                    ("join".to_string(), true, false),
                    (".".to_string(), false, false),
                ],
                vec![("A second paragraph".to_string(), false, false)],
            ]
        );
    }
}
