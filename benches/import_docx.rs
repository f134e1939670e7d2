//! Reading a 100-page Word document: the web-article seeds (000, 002, 003, 004) repeated to
//! 100 pages of about 3,000 characters (300,000 characters), written as Word writes a document
//! (runs of about 80 characters with their formatting, a heading every 12 paragraphs, a
//! numbered list every 30, a 4-row table every 50, a footnote every 20 paragraphs) into a
//! deflated .docx package built here. Measured: the conversion of the package's bytes, and the
//! whole import from the file (reading it, converting, hashing the text into a `Document`).
//! Target: at most 0.5 s (`docs/PERFORMANCE.md`, "Importing a 100-page Word document").

use coda::io::docx;
use coda::io::import::{ImportOptions, import_document};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::Write;
use std::path::Path;

const PAGES: usize = 100;
const CHARS_PER_PAGE: usize = 3_000;
const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn seed_paragraphs() -> Vec<String> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/seeds");
    let mut names: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".txt")
                && ["000_", "002_", "003_", "004_"]
                    .iter()
                    .any(|s| name.starts_with(s))
        })
        .collect();
    names.sort();
    names
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .split("\n\n")
                .map(|para| para.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|para| !para.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A paragraph in runs of about 80 characters, as Word splits them (by editing session).
fn paragraph(style: Option<&str>, num: Option<u32>, text: &str, footnote: Option<usize>) -> String {
    let mut xml = String::from("<w:p><w:pPr>");
    if let Some(style) = style {
        xml.push_str(&format!(r#"<w:pStyle w:val="{style}"/>"#));
    }
    if let Some(num) = num {
        xml.push_str(&format!(
            r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>"#
        ));
    }
    xml.push_str(r#"<w:spacing w:after="160"/></w:pPr>"#);
    let chars: Vec<char> = text.chars().collect();
    for run in chars.chunks(80) {
        let run: String = run.iter().collect();
        xml.push_str(&format!(
            r#"<w:r w:rsidR="00A1B2C3"><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
            escape(&run)
        ));
    }
    if let Some(id) = footnote {
        xml.push_str(&format!(
            r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
        ));
    }
    xml.push_str("</w:p>");
    xml
}

/// The 100-page package's bytes and the number of characters of text written.
fn hundred_pages() -> (Vec<u8>, usize) {
    let paragraphs = seed_paragraphs();
    let mut body = String::new();
    let mut footnotes = String::new();
    let (mut chars, mut i, mut notes) = (0, 0, 0);
    while chars < PAGES * CHARS_PER_PAGE {
        let text = &paragraphs[i % paragraphs.len()];
        if i % 12 == 0 {
            body.push_str(&paragraph(
                Some("Heading1"),
                None,
                &format!("Part {}", i / 12 + 1),
                None,
            ));
        }
        let footnote = (i % 20 == 19).then(|| {
            notes += 1;
            footnotes.push_str(&format!(
                r#"<w:footnote w:id="{notes}">{}</w:footnote>"#,
                paragraph(
                    Some("FootnoteText"),
                    None,
                    "A note on the source of this passage.",
                    None
                )
            ));
            notes
        });
        body.push_str(&paragraph(None, None, text, footnote));
        if i % 30 == 29 {
            for item in ["first item of the list", "second item", "third item"] {
                body.push_str(&paragraph(Some("ListParagraph"), Some(1), item, None));
            }
        }
        if i % 50 == 49 {
            body.push_str("<w:tbl>");
            for row in 0..4 {
                body.push_str("<w:tr>");
                for cell in 0..3 {
                    body.push_str(&format!(
                        "<w:tc>{}</w:tc>",
                        paragraph(None, None, &format!("row {row} cell {cell}"), None)
                    ));
                }
                body.push_str("</w:tr>");
            }
            body.push_str("</w:tbl>");
        }
        chars += text.chars().count();
        i += 1;
    }
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/styles.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {W}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/></w:style></w:styles>"#
            ),
        ),
        (
            "word/numbering.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
            ),
        ),
        (
            "word/footnotes.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>{footnotes}</w:footnotes>"#
            ),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, xml) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    (zip.finish().unwrap().into_inner(), chars)
}

fn bench(c: &mut Criterion) {
    let (bytes, chars) = hundred_pages();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hundred-pages.docx");
    std::fs::write(&path, &bytes).unwrap();
    let converted = docx::convert(&bytes).unwrap();
    eprintln!(
        "100-page document: {} KB package, {chars} characters of paragraphs, {} characters read, {} styles",
        bytes.len() / 1024,
        converted.rendered.text.chars().count(),
        converted.rendered.styles.len()
    );
    let mut group = c.benchmark_group("import_docx_100_pages");
    group.sample_size(10);
    group.bench_function("convert", |b| {
        b.iter(|| docx::convert(black_box(&bytes)).unwrap())
    });
    group.bench_function("import_document", |b| {
        b.iter(|| import_document(black_box(&path), &ImportOptions::default()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
