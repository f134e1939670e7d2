//! Word, OpenDocument and web-page files written by real programs, read through the one
//! importer and added with `coda add-document`: headings, lists, tables, notes, comments,
//! tracked changes, properties; and damaged or foreign files refused with the file's name and
//! the reason, the project untouched.
//!
//! Files: `tests/fixtures/documents/` (pandoc and LibreOffice, see its README) and Word's own
//! files in `../shared/fixtures/docx/` and LibreOffice's ODT in `../shared/fixtures/pdf/`.

mod common;

use coda::io::import::{ImportError, ImportOptions, Imported, import_document};
use coda::model::{CharRange, SourceFormat, Style};
use common::{fails, ok};
use std::fs;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name)
}

fn shared(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(name)
}

fn import(path: &Path) -> Imported {
    import_document(path, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text under each span of `style`.
fn styled(imported: &Imported, style: Style) -> Vec<String> {
    let doc = &imported.document;
    doc.styles
        .iter()
        .filter(|s| s.style == style)
        .map(|s| {
            doc.text
                .slice(CharRange::new(s.start, s.end))
                .unwrap()
                .to_string()
        })
        .collect()
}

/// The interview as every word processor's file holds it, up to its notes.
const INTERVIEW_BODY: &str = "Interview 7 with a community worker

Field team

2026-03-14

Interview 7

Background

The interview took place in Osh in March 2026.[1] The respondent works with young people in two districts.

Topics raised:

• unemployment and labour migration
• online recruitment
    • closed messenger groups
• the role of families

Steps the respondent described:

1. first contact in a chat
2. a meeting in person
3. travel abroad

Findings

District\tYoung people met\tProgrammes
Kara-Suu\t120\t3
Aravan\t85\t2

The respondent said that young people are reached through relatives abroad. Several cases were reported.[2]

Footnotes

[1] Notes were taken by hand and typed the same day.

";

#[test]
fn a_word_document_keeps_headings_lists_tables_and_its_footnotes_after_the_text() {
    let imported = import(&fixture("interview-pandoc.docx"));
    let doc = &imported.document;
    assert_eq!(
        doc.text.as_str(),
        format!(
            "{INTERVIEW_BODY}[2] The respondent asked that the districts’ schools not be named."
        )
    );
    assert_eq!(doc.source.format, SourceFormat::Docx);
    assert_eq!(
        styled(&imported, Style::Heading(1)),
        ["Interview 7 with a community worker", "Interview 7"]
    );
    assert_eq!(
        styled(&imported, Style::Heading(2)),
        ["Background", "Findings", "Footnotes"]
    );
    assert_eq!(
        styled(&imported, Style::ListItem(2)),
        ["    • closed messenger groups"]
    );
    assert_eq!(styled(&imported, Style::ListItem(1)).len(), 6);
    // The comment is dropped with a note; the tracked change is read as accepted ("young men"
    // was deleted, "young people" inserted).
    assert!(!doc.text.as_str().contains("Check this claim"));
    assert!(!doc.text.as_str().contains("young men"));
    assert_eq!(
        imported.notes,
        [
            "interview-pandoc.docx: 1 comment left out (Coda keeps the document's text, not its comments)",
            "interview-pandoc.docx: 2 tracked changes accepted: the text is the document with every change accepted"
        ]
    );
    assert_eq!(
        doc.properties.get("title").map(String::as_str),
        Some("Interview 7 with a community worker")
    );
    assert_eq!(
        doc.properties.get("author").map(String::as_str),
        Some("Field team")
    );
}

#[test]
fn libreoffice_word_and_opendocument_files_read_alike() {
    // LibreOffice read pandoc's second footnote with the first one's text (fixtures README).
    let expected = format!("{INTERVIEW_BODY}[2] Notes were taken by hand and typed the same day.");
    for name in ["interview-libreoffice.docx", "interview-libreoffice.odt"] {
        let imported = import(&fixture(name));
        assert_eq!(imported.document.text.as_str(), expected, "{name}");
        assert_eq!(
            styled(&imported, Style::Heading(1)),
            ["Interview 7 with a community worker", "Interview 7"],
            "{name}"
        );
        assert_eq!(
            styled(&imported, Style::ListItem(1)).len(),
            6,
            "{name}: lists"
        );
        assert!(
            imported.notes[0]
                .ends_with("1 comment left out (Coda keeps the document's text, not its comments)"),
            "{name}: {:?}",
            imported.notes
        );
        assert_eq!(
            imported
                .document
                .properties
                .get("author")
                .map(String::as_str),
            Some("Field team")
        );
    }
    let odt = import(&fixture("interview-libreoffice.odt"));
    assert_eq!(odt.document.source.format, SourceFormat::Odt);
}

#[test]
fn the_libreoffice_odt_of_the_shared_fixtures_is_one_paragraph() {
    let imported = import(&shared("pdf/002-trivial-libre-office-writer.odt"));
    let text = imported.document.text.as_str();
    assert!(text.starts_with("Lorem ipsum dolor sit amet, consetetur sadipscing elitr"));
    assert!(text.ends_with("no sea takimata sanctus est Lorem ipsum dolor sit amet."));
    assert!(!text.contains('\n'));
}

#[test]
fn files_written_by_microsoft_word() {
    let known = import(&shared("docx/par-known-paragraphs.docx"));
    assert_eq!(
        known.document.text.as_str(),
        "Heading Paragraph\n\nNormal paragraph"
    );
    assert_eq!(styled(&known, Style::Heading(1)), ["Heading Paragraph"]);

    let numbered = import(&shared("docx/num-having-numbering-part.docx"));
    assert_eq!(
        numbered.document.text.as_str(),
        "1. Paragraph having List Number style."
    );

    // A table nested in a cell becomes that cell's text; the row is one line.
    let tables = import(&shared("docx/blk-paras-and-tables.docx"));
    assert_eq!(
        tables.document.text.as_str(),
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\n\
         Text before Table Between Text after\n\n\
         Donec semper facilisis metus finibus malesuada."
    );

    let links = import(&shared("docx/par-hyperlinks.docx"));
    assert_eq!(
        styled(&links, Style::Link),
        ["awesome hyperlink", "the first one", "second one", "third"]
    );

    // Headers and footers are page furniture, not the document's text.
    let header = import(&shared("docx/hdr-header-footer.docx"));
    assert_eq!(
        header.document.text.as_str(),
        "section with header\n\nsection without header of its own."
    );

    let comments = import(&shared("docx/comments-rich-para.docx"));
    assert_eq!(
        comments.notes,
        [
            "comments-rich-para.docx: 4 comments left out (Coda keeps the document's text, not its comments)"
        ]
    );
    assert!(
        comments
            .document
            .text
            .as_str()
            .starts_with("Document text\n\nSome text worthy of note.")
    );
}

#[test]
fn web_pages_saved_by_libreoffice_and_pandoc_keep_text_headings_and_properties() {
    for name in ["interview-libreoffice.html", "interview-pandoc.html"] {
        let imported = import(&fixture(name));
        let text = imported.document.text.as_str();
        assert_eq!(imported.document.source.format, SourceFormat::Html);
        // pandoc marks the tracked deletion (as <span class="deletion">), so the accepted text
        // is read; LibreOffice writes both words unmarked.
        let said = if name == "interview-pandoc.html" {
            "The respondent said that young people are reached through relatives abroad."
        } else {
            "The respondent said that young menyoung people are reached through relatives abroad."
        };
        assert!(text.contains(said), "{name}: {text}");
        assert!(
            !text.contains("font-family") && !text.contains("@page"),
            "{name}"
        );
        assert!(
            text.contains("• online recruitment\n    • closed messenger groups"),
            "{name}: {text}"
        );
        assert!(text.contains("Kara-Suu\t120\t3\nAravan\t85\t2"), "{name}");
        assert_eq!(
            styled(&imported, Style::Heading(2))[0],
            "Background",
            "{name}"
        );
        assert_eq!(
            imported
                .document
                .properties
                .get("title")
                .map(String::as_str),
            Some("Interview 7 with a community worker"),
            "{name}"
        );
        assert_eq!(
            imported.document.properties.get("date").map(String::as_str),
            Some("2026-03-14"),
            "{name}"
        );
    }
}

fn refusal(path: &Path) -> String {
    match import_document(path, &ImportOptions::default()) {
        Ok(_) => panic!("{} was read", path.display()),
        Err(e) => {
            assert!(
                matches!(e, ImportError::Convert { .. } | ImportError::Empty { .. }),
                "{e:?}"
            );
            e.to_string()
        }
    }
}

#[test]
fn damaged_foreign_and_empty_files_are_refused_with_their_name_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let good = fs::read(fixture("interview-pandoc.docx")).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    };
    let truncated = write("truncated.docx", &good[..good.len() / 2]);
    assert!(
        refusal(&truncated).contains("truncated.docx: damaged: the zip package cannot be read"),
        "{}",
        refusal(&truncated)
    );
    let text = write("notes.docx", b"Just some text saved with the wrong name.");
    assert_eq!(
        refusal(&text),
        format!(
            "{}: not a Word document (.docx): it is not a zip package",
            text.display()
        )
    );
    let empty = write("empty.odt", b"");
    assert_eq!(
        refusal(&empty),
        format!("{}: the file is empty", empty.display())
    );
    // An OpenDocument file named .docx, and a Word file named .odt.
    let odt = fs::read(fixture("interview-libreoffice.odt")).unwrap();
    let swapped = write("swapped.docx", &odt);
    assert!(
        refusal(&swapped).ends_with(
            "not a Word document (.docx): the package has no Word document part (word/document.xml)"
        ),
        "{}",
        refusal(&swapped)
    );
    let swapped = write("swapped.odt", &good);
    assert!(
        refusal(&swapped).contains("not an OpenDocument text (.odt)"),
        "{}",
        refusal(&swapped)
    );
    // A Word file whose only table has empty cells has no text.
    let blank = shared("docx/tbl-2x2-table.docx");
    assert_eq!(
        refusal(&blank),
        format!("{}: the file is empty", blank.display())
    );
    // A damaged part: the XML of the document cut short inside a valid zip.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).unwrap();
    std::io::Write::write_all(
        &mut zip,
        br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>cut</w:r>"#,
    )
    .unwrap();
    let cut = write("cut.docx", &zip.finish().unwrap().into_inner());
    assert!(
        refusal(&cut)
            .contains("cut.docx: damaged: its part word/document.xml is not well-formed XML"),
        "{}",
        refusal(&cut)
    );
}

#[test]
fn add_document_adds_word_opendocument_and_web_pages_and_refuses_a_damaged_one_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("study.ron");
    let p = project.to_str().unwrap();
    ok(&["new", p]);
    let docx = fixture("interview-pandoc.docx");
    let odt = shared("pdf/002-trivial-libre-office-writer.odt");
    let html = fixture("interview-pandoc.html");
    let out = ok(&[
        "add-document",
        p,
        docx.to_str().unwrap(),
        odt.to_str().unwrap(),
        html.to_str().unwrap(),
    ]);
    assert!(
        out.contains("Word document")
            && out.contains("OpenDocument text")
            && out.contains("web page"),
        "{out}"
    );
    let loaded = coda::io::project_file::load(&project).unwrap().project;
    assert_eq!(loaded.documents.len(), 3);
    let word = &loaded.documents[0];
    assert_eq!(word.source.format, SourceFormat::Docx);
    assert_eq!(
        word.properties.get("title").map(String::as_str),
        Some("Interview 7 with a community worker"),
        "properties are saved in the project file and read back"
    );
    assert!(word.styles.iter().any(|s| s.style == Style::Heading(2)));

    let before = fs::read(&project).unwrap();
    let damaged = dir.path().join("damaged.docx");
    let bytes = fs::read(&docx).unwrap();
    fs::write(&damaged, &bytes[..bytes.len() - 100]).unwrap();
    let err = fails(&["add-document", p, damaged.to_str().unwrap()]);
    assert!(
        err.contains("damaged.docx") && err.contains("damaged"),
        "{err}"
    );
    assert_eq!(
        fs::read(&project).unwrap(),
        before,
        "the project is untouched"
    );
}

#[test]
fn the_loader_refuses_a_property_that_is_not_one_line_or_not_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("study.ron");
    let p = project.to_str().unwrap();
    ok(&["new", p]);
    let docx = fixture("interview-pandoc.docx");
    ok(&["add-document", p, docx.to_str().unwrap()]);
    let saved = fs::read_to_string(&project).unwrap();
    assert!(
        saved.contains(r#"properties: {"author": "Field team""#),
        "{saved}"
    );
    for (bad, says) in [
        (
            r#"properties: {"Author Name": "Field team""#,
            r#"property name "Author Name" is not a lower-case word"#,
        ),
        (
            r#"properties: {"author": "Field\tteam""#,
            r#"property "author" has a line break or control character"#,
        ),
    ] {
        fs::write(
            &project,
            saved.replace(r#"properties: {"author": "Field team""#, bad),
        )
        .unwrap();
        let err = fails(&["validate", p]);
        assert!(err.contains(says), "{err}");
    }
}

#[test]
fn endnotes_follow_the_footnotes_each_marked_where_it_was_referenced() {
    for name in ["endnotes-libreoffice.odt", "endnotes-libreoffice.docx"] {
        let imported = import(&fixture(name));
        assert_eq!(
            imported.document.text.as_str(),
            "Field notes, Osh\n\n\
             The meeting was held in the mosque's courtyard.[1] Twelve people came, most of them parents.[i]\n\n\
             Footnotes\n\n[1] The imam had agreed the week before.\n\n\
             Endnotes\n\n[i] Counted from the sign-in sheet.",
            "{name}"
        );
        assert_eq!(
            styled(&imported, Style::Heading(2)),
            ["Footnotes", "Endnotes"],
            "{name}"
        );
    }
}
