//! File > Add Documents in the real window with Word, OpenDocument and web-page files (issue
//! 12): read as a job, added as one step with their headings and properties, notes told in the
//! status bar, a damaged file refused with its name and nothing else changed.

mod common;

use coda::model::{SourceFormat, Style};
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{CodaApp, Workspace};
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name)
}

fn add_through_the_menu(
    paths: Vec<PathBuf>,
) -> (tempfile::TempDir, egui_kittest::Harness<'static, CodaApp>) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("central-asia-cve.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
        &project,
    )
    .unwrap();
    let ws = Workspace::open(&project).unwrap();
    let dialogs = ScriptedDialogs::default().answer(paths);
    let mut harness = common::app_harness(CodaApp::new(ws, Settings::default(), Box::new(dialogs)));
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Add Documents…").click();
    harness.run();
    common::settle(&mut harness);
    (dir, harness)
}

#[test]
fn word_opendocument_and_web_pages_are_added_from_the_file_menu() {
    let docx = fixture("interview-pandoc.docx");
    let odt = fixture("interview-libreoffice.odt");
    let html = fixture("interview-pandoc.html");
    let (_dir, harness) = add_through_the_menu(vec![docx, odt, html]);
    let app = harness.state();
    let project = &app.session.ws.project;
    let word = project
        .document_by_name("interview-pandoc.docx")
        .expect("added");
    assert_eq!(word.source.format, SourceFormat::Docx);
    assert!(word.text.as_str().contains("Kara-Suu\t120\t3"));
    assert!(word.styles.iter().any(|s| s.style == Style::Heading(2)));
    assert_eq!(
        word.properties.get("title").map(String::as_str),
        Some("Interview 7 with a community worker")
    );
    let odt = project
        .document_by_name("interview-libreoffice.odt")
        .expect("added");
    assert_eq!(odt.source.format, SourceFormat::Odt);
    let page = project
        .document_by_name("interview-pandoc.html")
        .expect("added");
    assert_eq!(page.source.format, SourceFormat::Html);
    assert_eq!(
        page.properties.get("date").map(String::as_str),
        Some("2026-03-14")
    );
    // What the import left out is told.
    assert!(
        app.status
            .contains("interview-pandoc.docx: 1 comment left out"),
        "{}",
        app.status
    );
    harness.get_by_label("interview-pandoc.docx");
}

#[test]
fn a_damaged_word_file_is_refused_with_its_name_and_the_project_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture("interview-pandoc.docx")).unwrap();
    let damaged = dir.path().join("damaged.docx");
    std::fs::write(&damaged, &bytes[..bytes.len() / 3]).unwrap();
    let (_project_dir, harness) = add_through_the_menu(vec![damaged]);
    let documents = harness.state().session.ws.project.documents.len();
    let sample = coda::io::project_file::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
    )
    .unwrap()
    .project;
    assert_eq!(documents, sample.documents.len());
    harness.get_by_label_contains("damaged.docx: damaged: the zip package cannot be read");
}

/// A Word document of short paragraphs of one length (a transcript's turns) looks like
/// hard-wrapped text line by line; the window used to stop and offer to reflow it.
#[test]
fn a_word_document_of_short_even_paragraphs_is_added_without_a_reflow_question() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::new();
    for turn in 0..30 {
        body.push_str(&format!(
            "<w:p><w:r><w:t>Respondent: we met on the square every Friday, week {turn:02}.</w:t></w:r></w:p>"
        ));
    }
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    std::io::Write::write_all(&mut zip, xml.as_bytes()).unwrap();
    let path = dir.path().join("transcript.docx");
    std::fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
    let (_project_dir, harness) = add_through_the_menu(vec![path]);
    let project = &harness.state().session.ws.project;
    let added = project
        .document_by_name("transcript.docx")
        .expect("added at once");
    assert!(
        added
            .text
            .as_str()
            .starts_with("Respondent: we met on the square every Friday, week 00.\n\n")
    );
}
