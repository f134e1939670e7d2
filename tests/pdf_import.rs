//! PDF import on real files: `../shared/fixtures/pdf/` (written by LibreOffice, pdfTeX, Google
//! Docs, Qt, Ghostscript, ImageMagick), `../shared/refi-qda/REFI-QDA-1-5.pdf` (60 pages, a
//! running head and a page number on each page) and the Ghostscript-made files in
//! `tests/fixtures/pdf/` (their README gives the commands).

use coda::io::import::{ImportOptions, Imported, import_document};
use coda::model::{CharRange, SourceFormat, page_map_problems, page_span};
use std::path::{Path, PathBuf};

fn shared(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(name)
}

fn ours(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name)
}

fn import(path: &Path) -> Imported {
    let imported = import_document(path, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = &imported.document;
    assert_eq!(doc.source.format, SourceFormat::Pdf);
    assert!(page_map_problems(&doc.pages, doc.text.char_len()).is_empty());
    imported
}

fn refused(path: &Path) -> String {
    import_document(path, &ImportOptions::default())
        .map(|_| ())
        .expect_err("refused")
        .to_string()
}

/// The labels of the page map in order.
fn labels(imported: &Imported) -> Vec<&str> {
    imported
        .document
        .pages
        .iter()
        .map(|p| p.label.as_str())
        .collect()
}

/// The page a passage lies on.
fn page_of(imported: &Imported, passage: &str) -> String {
    let text = imported.document.text.as_str();
    let at = text
        .find(passage)
        .unwrap_or_else(|| panic!("{passage:?} not in the text"));
    let start = text[..at].chars().count();
    let range = CharRange::new(start, start + passage.chars().count());
    page_span(&imported.document.pages, range)
}

const LOREM: &str = "Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod tempor invidunt ut labore et dolore magna aliquyam erat, sed diam voluptua. At vero eos et accusam et justo duo dolores et ea rebum. Stet clita kasd gubergren, no sea takimata sanctus est Lorem ipsum dolor sit amet. Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod tempor invidunt ut labore et dolore magna aliquyam erat, sed diam voluptua. At vero eos et accusam et justo duo dolores et ea rebum. Stet clita kasd gubergren, no sea takimata sanctus est Lorem ipsum dolor sit amet.";

#[test]
fn a_libreoffice_pdf_is_one_paragraph_of_exact_text() {
    let imported = import(&shared("fixtures/pdf/002-trivial-libre-office-writer.pdf"));
    assert_eq!(imported.document.text.as_str(), LOREM);
    assert_eq!(labels(&imported), ["1"]);
}

#[test]
fn an_encrypted_pdf_with_an_empty_user_password_opens() {
    let imported = import(&ours("empty-user-password.pdf"));
    assert_eq!(imported.document.text.as_str(), LOREM);
}

#[test]
fn headers_page_numbers_hyphens_footnotes_and_page_labels() {
    let imported = import(&ours("footnotes.pdf"));
    assert_eq!(
        imported.document.text.as_str(),
        "Border Communities and Trade\n\n\
         Traders in the border towns described how the closure of the market in 2016 changed \
         their work.1 Many of them moved their stalls to the next village, where the local \
         administration allowed them to sell without a licence for the first year. Those who \
         stayed faced new checks and long queues at the crossing, and several said they had paid \
         bribes. Women traders were the first to leave the market.\n\n\
         Note 1: Interviews were held in Osh and Kara-Suu in 2019.\n\n\
         A second paragraph begins here and ends on this page.\n\n\
         Note 2: A note that has no reference in the text above it.\n\n\
         The last page has one short paragraph."
    );
    // The PDF's own labels; the first page's note is on page ix though it follows text of 1.
    assert_eq!(labels(&imported), ["ix", "1", "ix", "1", "2"]);
    assert_eq!(page_of(&imported, "the local administration"), "ix");
    assert_eq!(page_of(&imported, "long queues at the crossing"), "ix–1");
    assert_eq!(page_of(&imported, "Women traders"), "1");
    assert_eq!(page_of(&imported, "Note 1: Interviews"), "ix");
    assert_eq!(page_of(&imported, "The last page"), "2");
    assert_eq!(
        imported.notes,
        [
            "footnotes.pdf: 3 pages; left out 6 lines (running headers, footers and page numbers); moved 2 footnotes to the end of their page's text"
        ]
    );
}

#[test]
fn a_pdftex_file_loses_its_page_numbers_and_keeps_four_pages() {
    let imported = import(&shared("fixtures/pdf/pdflatex-4-pages.pdf"));
    let text = imported.document.text.as_str();
    assert_eq!(labels(&imported), ["1", "2", "3", "4"]);
    assert!(text.starts_with("Hello, here is some text without a meaning."));
    for n in ["1", "2", "3", "4"] {
        assert!(
            !text.split("\n\n").any(|p| p == n),
            "page number {n} left in"
        );
    }
}

#[test]
fn the_refi_standard_loses_its_running_head_and_cites_pages() {
    let imported = import(&shared("refi-qda/REFI-QDA-1-5.pdf"));
    let text = imported.document.text.as_str();
    assert_eq!(imported.document.pages.len(), 60);
    // "REFI-QDA" heads every page; it stays only as the title on page 1.
    let heads = text.split("\n\n").filter(|p| *p == "REFI-QDA").count();
    assert_eq!(heads, 1);
    assert_eq!(
        page_of(&imported, "REFI-QDA\n\nExchange of processed data"),
        "1"
    );
    assert!(
        !text
            .split("\n\n")
            .any(|p| p.chars().all(|c| c.is_ascii_digit()))
    );
    assert_eq!(
        page_of(
            &imported,
            "Users of qualitative data analysis (QDA) software"
        ),
        "5"
    );
    // A hyphen at a line end that belongs to the word stays.
    assert!(text.contains("communicating in-between via specific online forums"));
}

#[test]
fn protected_scanned_and_damaged_pdfs_are_refused_with_name_and_reason() {
    let protected = shared("fixtures/pdf/libreoffice-writer-password.pdf");
    let message = refused(&protected);
    assert!(
        message.starts_with(&protected.display().to_string()),
        "{message}"
    );
    assert!(message.contains("protected by a password"), "{message}");

    let scanned = shared("fixtures/pdf/imagemagick-images.pdf");
    let message = refused(&scanned);
    assert!(message.contains("no text layer"), "{message}");
    assert!(message.contains("6 pages"), "{message}");

    let dir = tempfile::tempdir().unwrap();
    let not_pdf = dir.path().join("report.pdf");
    std::fs::write(&not_pdf, b"<html>not a pdf</html>").unwrap();
    assert!(refused(&not_pdf).contains("not a readable PDF"));
}

/// Every real PDF cut short at several points and with bytes overwritten: each gives a document
/// or a refusal naming the file, never a panic or a hang.
#[test]
fn truncated_and_mangled_pdfs_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        shared("fixtures/pdf/002-trivial-libre-office-writer.pdf"),
        shared("fixtures/pdf/pdflatex-4-pages.pdf"),
        shared("fixtures/pdf/google-doc-document.pdf"),
        shared("fixtures/pdf/pdfkit.pdf"),
        shared("fixtures/pdf/crazyones-pdfa.pdf"),
        ours("footnotes.pdf"),
        ours("empty-user-password.pdf"),
    ];
    let mut refusals = 0;
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let mut variants: Vec<Vec<u8>> = [1, 2, 3, 5, 8]
            .iter()
            .map(|eighths| bytes[..bytes.len() * eighths / 10].to_vec())
            .collect();
        for step in [7usize, 31, 101] {
            let mut mangled = bytes.clone();
            for i in (step..mangled.len()).step_by(step * 13) {
                mangled[i] = mangled[i].wrapping_add(step as u8);
            }
            variants.push(mangled);
        }
        for (n, variant) in variants.iter().enumerate() {
            let path = dir.path().join(format!("damaged-{n}.pdf"));
            std::fs::write(&path, variant).unwrap();
            if let Err(e) = import_document(&path, &ImportOptions::default()) {
                assert!(e.to_string().starts_with(&path.display().to_string()));
                refusals += 1;
            }
        }
    }
    assert!(refusals > 0);
}

mod common;

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `coda add-document` takes a PDF through the one rule for adding documents; a coding by
/// `quote` across a page break is found whatever the page break did to the lines, and
/// `export-codings` cites its pages.
#[test]
fn a_pdf_added_by_the_cli_is_coded_by_quote_and_exported_with_its_pages() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("study.ron");
    common::ok(&["new", path_str(&project), "--coder", "Aigerim"]);
    let pdf = ours("footnotes.pdf");
    let out = common::ok(&["add-document", path_str(&project), path_str(&pdf)]);
    assert!(out.contains("added \"footnotes.pdf\":"), "{out}");
    assert!(out.contains("PDF, 3 pages"), "{out}");
    // Adding it again adds nothing: the one rule sees the same text.
    let again = common::fails(&["add-document", path_str(&project), path_str(&pdf)]);
    assert!(
        again.contains("the same text is already in the project"),
        "{again}"
    );
    let loaded = coda::io::project_file::load(&project).unwrap().project;
    assert_eq!(loaded.documents.len(), 1);
    assert_eq!(loaded.documents[0].pages.len(), 5);

    let csv = dir.path().join("codings.csv");
    std::fs::write(
        &csv,
        "document,code,quote\n\
         footnotes.pdf,Border,long queues at the crossing\n\
         footnotes.pdf,Border,Interviews were held in Osh\n\
         footnotes.pdf,Border,The last page\n",
    )
    .unwrap();
    common::ok(&[
        "import-codings",
        path_str(&project),
        path_str(&csv),
        "--create-codes",
    ]);
    let exported = common::ok(&["export-codings", path_str(&project)]);
    let lines: Vec<&str> = exported.lines().collect();
    assert_eq!(lines[0], "document,start,end,page,code,coder,memo,text");
    let rows: Vec<(&str, &str)> = lines[1..]
        .iter()
        .map(|l| {
            let fields: Vec<&str> = l.split(',').collect();
            (fields[3], fields[7])
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("ix–1", "long queues at the crossing"),
            ("ix", "Interviews were held in Osh"),
            ("2", "The last page"),
        ]
    );
    // What was exported imports again (the page column is accepted, not read).
    let again = dir.path().join("again.csv");
    std::fs::write(&again, &exported).unwrap();
    common::ok(&["import-codings", path_str(&project), path_str(&again)]);
    let loaded = coda::io::project_file::load(&project).unwrap().project;
    assert_eq!(loaded.segments.len(), 3);
}

/// The paragraphs of a text: split at blank lines, spacing inside them made single.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

#[test]
fn the_samples_libreoffice_pdf_keeps_the_seed_text_and_names_broken_after_a_hyphen() {
    // sample_projects/make_office_seeds.sh: LibreOffice's PDF export of seed 003.
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/seeds");
    let imported = import(&seeds.join("003_2441cd64ad2c0a4f.pdf"));
    let seed = std::fs::read_to_string(seeds.join("003_2441cd64ad2c0a4f.txt")).unwrap();
    let text = imported.document.text.as_str();
    // LibreOffice broke the line after "al-"; the name is whole again, as in the seed.
    assert!(text.contains("“Brother Abu-Mu’adh al-Muhajir”"), "{text}");
    let (ours, theirs) = (paragraphs(text), paragraphs(&seed));
    for (a, b) in ours.iter().zip(&theirs) {
        if a != b {
            let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            let tail = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(30))
                    .take(80)
                    .collect::<String>()
            };
            eprintln!("DIFF\n  pdf:  {}\n  seed: {}", tail(a), tail(b));
        }
    }
    assert_eq!(ours.len(), theirs.len());
    assert_eq!(ours, theirs);
    assert_eq!(labels(&imported), ["1", "2", "3", "4"]);
    assert_eq!(
        page_of(&imported, "Brother Abu-Mu’adh al-Muhajir"),
        page_of(&imported, "a Kazakh named")
    );
}

#[test]
fn a_page_in_two_columns_is_read_column_by_column() {
    // tests/fixtures/pdf/two-columns.pdf: LibreOffice's PDF of two-columns.fodt (its README).
    let imported = import(&ours("two-columns.pdf"));
    let source = std::fs::read_to_string(ours("two-columns.fodt")).unwrap();
    // The source's paragraphs, as the flat ODT holds them (escaped as XML).
    let expected: Vec<String> = source
        .split("<text:p text:style-name=\"P1\">")
        .skip(1)
        .map(|p| {
            p[..p.find("</text:p>").unwrap()]
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect();
    assert_eq!(expected.len(), 11);
    let (ours, theirs) = (
        paragraphs(imported.document.text.as_str()),
        paragraphs(&expected.join("\n\n")),
    );
    for (a, b) in ours.iter().zip(&theirs) {
        if a != b {
            let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            let tail = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(30))
                    .take(80)
                    .collect::<String>()
            };
            eprintln!("DIFF\n  pdf:  {}\n  src:  {}", tail(a), tail(b));
        }
    }
    assert_eq!(
        paragraphs(imported.document.text.as_str()),
        paragraphs(&expected.join("\n\n"))
    );
    assert_eq!(labels(&imported), ["1", "2"]);
}
