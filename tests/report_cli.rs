//! `coda report` on the sample project: every code of the codebook, and exactly the passages
//! `coda export-codings` lists for the same filter (read here from its CSV), with PDF pages;
//! filters; refusals that write nothing; the Word package.

mod common;

use coda::io::project_file;
use std::path::{Path, PathBuf};

const PDF: &str = "003_2441cd64ad2c0a4f.pdf";

fn sample_copy(dir: &Path) -> PathBuf {
    let path = dir.join("sample.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
        &path,
    )
    .unwrap();
    path
}

/// The sample with a `year` variable, a group "State media" (documents 2 and 4) and one coding
/// by a second coder, Bakyt, in the first document.
fn sample_with_filters(dir: &Path) -> (PathBuf, Vec<String>) {
    let path = sample_copy(dir);
    let file = path.to_str().unwrap();
    let project = project_file::load(&path).unwrap().project;
    let names: Vec<String> = project.documents.iter().map(|d| d.name.clone()).collect();
    let vars = dir.join("vars.csv");
    std::fs::write(
        &vars,
        format!(
            "document,year\n{},2013\n{},2016\n{},2018\n{},2021\n",
            names[0], names[1], names[2], names[3]
        ),
    )
    .unwrap();
    common::ok(&["variables", file, "--import", vars.to_str().unwrap()]);
    common::ok(&["groups", file, "--add", "State media", &names[1], &names[3]]);
    let codings = dir.join("bakyt.csv");
    std::fs::write(
        &codings,
        format!(
            "document,start,end,code,coder\n{},0,40,{},Bakyt\n",
            names[0],
            project.code_path(project.codes[0].id)
        ),
    )
    .unwrap();
    common::ok(&["import-codings", file, codings.to_str().unwrap()]);
    (path, names)
}

/// Markdown with its backslash escapes taken out.
fn unescape(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            out.push(chars.next().unwrap());
        } else {
            out.push(c);
        }
    }
    out
}

/// The report's sections, read from its (unescaped) Markdown: the codebook's code headings
/// with their counts line, and per passage its code heading and source line.
struct Parsed {
    codebook: Vec<(String, String)>,
    passages: Vec<(String, String)>,
    text: String,
}

fn parse(markdown: &str) -> Parsed {
    let text = unescape(markdown);
    let mut codebook = Vec::new();
    let mut passages = Vec::new();
    let mut section = "";
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(name) = line.strip_prefix("## ") {
            section = if name == "Codebook" {
                "codebook"
            } else {
                "passages"
            };
        } else if let Some(name) = line.strip_prefix("### ") {
            code = name.to_string();
            if section == "codebook" {
                lines.next();
                codebook.push((code.clone(), lines.next().unwrap().to_string()));
            }
        } else if let Some(source) = line.strip_prefix("— ") {
            assert_eq!(section, "passages");
            passages.push((code.clone(), source.to_string()));
        }
    }
    Parsed {
        codebook,
        passages,
        text,
    }
}

/// The exported codings as (code path, source line as the report writes it), and their texts.
fn exported(file: &str, filter: &[&str]) -> (Vec<(String, String)>, Vec<String>) {
    let mut args = vec!["export-codings", file];
    args.extend(filter);
    let csv = common::ok(&args);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut rows = Vec::new();
    let mut texts = Vec::new();
    for record in reader.records() {
        let r = record.unwrap();
        let (document, start, end, page, code, coder, text) =
            (&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[7]);
        let pages = match page {
            "" => String::new(),
            p if p.contains('–') => format!(", pp. {p}"),
            p => format!(", p. {p}"),
        };
        rows.push((
            code.to_string(),
            format!("{document}{pages}, chars {start}–{end}, {coder}"),
        ));
        texts.push(text.to_string());
    }
    (rows, texts)
}

fn report(file: &str, output: &Path, filter: &[&str]) -> Parsed {
    let mut args = vec!["report", file, "-o", output.to_str().unwrap()];
    args.extend(filter);
    common::ok(&args);
    parse(&std::fs::read_to_string(output).unwrap())
}

fn sorted(mut rows: Vec<(String, String)>) -> Vec<(String, String)> {
    rows.sort();
    rows
}

#[test]
fn the_report_lists_every_code_and_exactly_the_exported_passages_with_pdf_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let file = path.to_str().unwrap();
    let project = project_file::load(&path).unwrap().project;
    let parsed = report(file, &dir.path().join("report.md"), &[]);

    let mut paths: Vec<String> = project
        .codes
        .iter()
        .map(|c| project.code_path(c.id))
        .collect();
    let mut listed: Vec<String> = parsed.codebook.iter().map(|(c, _)| c.clone()).collect();
    paths.sort();
    listed.sort();
    assert_eq!(listed, paths);

    let (rows, texts) = exported(file, &[]);
    assert!(rows.len() > 100);
    assert_eq!(sorted(parsed.passages.clone()), sorted(rows.clone()));
    // The counts line of each code: its codings in the export.
    for (code, counts) in &parsed.codebook {
        let n = rows.iter().filter(|(c, _)| c == code).count();
        match n {
            0 => assert_eq!(counts, "No codings."),
            1 => assert!(counts.starts_with("1 coding in "), "{code}: {counts}"),
            n => assert!(
                counts.starts_with(&format!("{n} codings in ")),
                "{code}: {counts}"
            ),
        }
    }
    let pdf_pages: Vec<&String> = parsed
        .passages
        .iter()
        .map(|(_, s)| s)
        .filter(|s| s.starts_with(PDF))
        .collect();
    assert!(!pdf_pages.is_empty());
    assert!(
        pdf_pages
            .iter()
            .all(|s| s.starts_with(&format!("{PDF}, p")))
    );
    assert!(
        pdf_pages
            .iter()
            .any(|s| !s.starts_with(&format!("{PDF}, p. 1,")))
    );
    for text in [&texts[0], &texts[texts.len() / 2], &texts[texts.len() - 1]] {
        let first_line = text.lines().next().unwrap().trim();
        assert!(
            parsed.text.contains(&format!("> {first_line}")),
            "passage {first_line:?} missing"
        );
    }

    let codebook = report(file, &dir.path().join("codebook.md"), &["--codebook-only"]);
    assert_eq!(codebook.codebook, parsed.codebook);
    assert!(codebook.passages.is_empty());
    assert!(!codebook.text.contains("Coded passages"));
}

#[test]
fn where_group_and_coder_restrict_the_report_as_they_restrict_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let (path, names) = sample_with_filters(dir.path());
    let file = path.to_str().unwrap();
    let (all, _) = exported(file, &[]);
    for filter in [
        vec!["--where", "year>=2018"],
        vec!["--group", "State media"],
        vec!["--coder", "Bakyt"],
        vec!["--document", names[0].as_str(), "--coder", "Aigerim"],
    ] {
        let (rows, _) = exported(file, &filter);
        assert!(!rows.is_empty() && rows.len() < all.len(), "{filter:?}");
        let parsed = report(file, &dir.path().join("report.md"), &filter);
        assert_eq!(sorted(parsed.passages), sorted(rows), "{filter:?}");
        assert_eq!(parsed.codebook.len(), all_codes(&path), "{filter:?}");
    }
    let bakyt = report(file, &dir.path().join("b.md"), &["--coder", "Bakyt"]);
    assert_eq!(bakyt.passages.len(), 1);
    assert!(bakyt.text.contains("* Codings by: Bakyt"));
}

fn all_codes(path: &Path) -> usize {
    project_file::load(path).unwrap().project.codes.len()
}

#[test]
fn a_bad_filter_an_unknown_format_or_an_unwritable_output_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let file = path.to_str().unwrap();
    let out = dir.path().join("report.md");
    let out_arg = out.to_str().unwrap();

    let error = common::fails(&["report", file, "-o", out_arg, "--group", "Radio"]);
    assert!(error.contains("no group named \"Radio\""), "{error}");
    let error = common::fails(&["report", file, "-o", out_arg, "--where", "year"]);
    assert!(error.contains("is not a condition"), "{error}");
    let error = common::fails(&["report", file, "-o", out_arg, "--coder", "Nobody"]);
    assert!(error.contains("Nobody"), "{error}");
    assert!(!out.exists());

    let text = dir.path().join("report.txt");
    let error = common::fails(&["report", file, "-o", text.to_str().unwrap()]);
    assert!(
        error.contains(
            "cannot tell the report's format from the name: end it with .html, .md or .docx"
        ),
        "{error}"
    );
    assert!(!text.exists());

    let missing = dir.path().join("no such folder").join("report.html");
    let error = common::fails(&["report", file, "-o", missing.to_str().unwrap()]);
    assert!(error.contains("no such folder"), "{error}");
    assert!(!missing.exists());

    let before = std::fs::read(&path).unwrap();
    let error = common::fails(&[
        "report",
        file,
        "-o",
        dir.path().join("x.ron").to_str().unwrap(),
    ]);
    assert!(error.contains("cannot tell the report's format"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_html_report_is_one_escaped_page_with_every_code_and_passage() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let file = path.to_str().unwrap();
    let out = dir.path().join("report.html");
    common::ok(&["report", file, "-o", out.to_str().unwrap()]);
    let html = std::fs::read_to_string(&out).unwrap();
    let project = project_file::load(&path).unwrap().project;
    let (rows, _) = exported(file, &[]);
    assert_eq!(html.matches("<div class=\"passage\">").count(), rows.len());
    for code in &project.codes {
        let heading = format!(
            "<h3>{}</h3>",
            coda::io::agreement_report::escape_html(&project.code_path(code.id))
        );
        assert!(html.contains(&heading), "{heading}");
    }
    // Self-contained: no script, no external file.
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="));
    assert!(html.contains("@media print"));
    // Every text is escaped: the sample's quotes and ampersands never appear raw in a passage.
    let body = &html[html.find("<body>").unwrap()..];
    assert!(body.contains("&quot;") || body.contains("&#39;"));
    assert!(!body.replace("<br>", "").contains("\"for one person"));
}

#[test]
fn the_word_report_is_a_zip_whose_document_parses_and_names_every_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let file = path.to_str().unwrap();
    let out = dir.path().join("report.docx");
    common::ok(&["report", file, "-o", out.to_str().unwrap()]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    for part in ["[Content_Types].xml", "_rels/.rels", "word/styles.xml"] {
        assert!(zip.by_name(part).is_ok(), "{part} missing");
    }
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    // Well-formed: read it through, collecting the text and the paragraph styles.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut text = String::new();
    let mut styles = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Text(t) => text.push_str(&t.decode().unwrap()),
            quick_xml::events::Event::GeneralRef(r) => {
                text.push(r.resolve_char_ref().unwrap().unwrap_or_else(|| {
                    match &*r.decode().unwrap() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        _ => '\'',
                    }
                }))
            }
            quick_xml::events::Event::Empty(e) if e.name().as_ref() == b"w:pStyle" => {
                let value = e.try_get_attribute("w:val").unwrap().unwrap().value;
                styles.push(String::from_utf8(value.to_vec()).unwrap());
            }
            _ => {}
        }
    }
    let project = project_file::load(&path).unwrap().project;
    for code in &project.codes {
        assert!(text.contains(&project.code_path(code.id)), "{}", code.name);
    }
    let (rows, _) = exported(file, &[]);
    for (_, source) in &rows {
        assert!(text.contains(&format!("— {source}")), "{source}");
    }
    assert_eq!(text.matches(", chars ").count(), rows.len());
    assert!(styles.iter().filter(|s| *s == "Source").count() >= rows.len());
    assert!(styles.iter().filter(|s| *s == "Quote").count() >= rows.len());
    assert_eq!(styles.iter().filter(|s| *s == "Heading1").count(), 2);
    assert!(text.contains(&format!("— {PDF}, p. ")));
}
