//! The report as a Word document: a minimal WordprocessingML package (content types, relations,
//! the document and its styles). Headings use the Heading1/Heading2 styles, so that Word and
//! LibreOffice show them in their outline; a passage is a Quote paragraph kept on one page with
//! the source line that follows it.

use super::{counts_line, criteria, description_paragraphs, source_line, title};
use crate::analysis::report::Report;
use quick_xml::escape::escape;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia" w:cs="Georgia"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:b/><w:sz w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:b/><w:sz w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="BBBBBB"/></w:pBdr><w:spacing w:after="60"/><w:ind w:left="567"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Source"><w:name w:val="Source"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:spacing w:after="200"/><w:ind w:left="567"/></w:pPr><w:rPr><w:i/><w:color w:val="555555"/><w:sz w:val="18"/></w:rPr></w:style>
</w:styles>"#;

/// Paragraphs of the document body, as XML.
#[derive(Default)]
struct Body(String);

impl Body {
    /// A paragraph of `style` (empty: Normal) with `runs`: (text, bold, italic). A line break
    /// in a text becomes a line break in the paragraph.
    fn paragraph(&mut self, style: &str, extra: &str, runs: &[(&str, bool, bool)]) {
        self.0.push_str("<w:p>");
        if !style.is_empty() || !extra.is_empty() {
            self.0.push_str("<w:pPr>");
            if !style.is_empty() {
                self.0.push_str(&format!("<w:pStyle w:val=\"{style}\"/>"));
            }
            self.0.push_str(extra);
            self.0.push_str("</w:pPr>");
        }
        for &(text, bold, italic) in runs {
            self.0.push_str("<w:r>");
            if bold || italic {
                self.0.push_str("<w:rPr>");
                if bold {
                    self.0.push_str("<w:b/>");
                }
                if italic {
                    self.0.push_str("<w:i/>");
                }
                self.0.push_str("</w:rPr>");
            }
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    self.0.push_str("<w:br/>");
                }
                self.0.push_str("<w:t xml:space=\"preserve\">");
                self.0.push_str(&escape(line.trim_end_matches('\r')));
                self.0.push_str("</w:t>");
            }
            self.0.push_str("</w:r>");
        }
        self.0.push_str("</w:p>");
    }

    fn text(&mut self, style: &str, text: &str) {
        self.paragraph(style, "", &[(text, false, false)]);
    }
}

/// The text's paragraphs (split at line breaks, blank lines dropped).
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').map(str::trim).filter(|l| !l.is_empty())
}

fn document_xml(report: &Report) -> String {
    let mut body = Body::default();
    body.text("Title", &title(report));
    for line in &report.scope {
        body.text("", line);
    }
    body.text("Heading1", "Codebook");
    for code in &report.codes {
        body.text("Heading2", &code.path);
        body.paragraph("", "", &[(&counts_line(code), false, true)]);
        for paragraph in description_paragraphs(&code.description) {
            let runs: Vec<(&str, bool, bool)> = paragraph
                .iter()
                .map(|(text, bold, italic)| (text.as_str(), *bold, *italic))
                .collect();
            body.paragraph("", "", &runs);
        }
        for (label, value) in criteria(code) {
            body.paragraph(
                "",
                "",
                &[
                    (&format!("{label}: "), true, false),
                    (value.trim(), false, false),
                ],
            );
        }
    }
    if !report.codebook_only {
        body.paragraph(
            "Heading1",
            "<w:pageBreakBefore/>",
            &[("Coded passages", false, false)],
        );
        for code in report.codes.iter().filter(|c| !c.passages.is_empty()) {
            body.text("Heading2", &code.path);
            for passage in &code.passages {
                let lines: Vec<&str> = paragraphs(&passage.text).collect();
                for line in &lines {
                    body.text("Quote", line);
                }
                if lines.is_empty() {
                    body.text("Quote", "");
                }
                body.text("Source", &format!("— {}", source_line(passage)));
                if !passage.memo.trim().is_empty() {
                    body.paragraph(
                        "Source",
                        "",
                        &[("Memo: ", true, false), (passage.memo.trim(), false, false)],
                    );
                }
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1418\" w:right=\"1418\" w:bottom=\"1418\" w:left=\"1418\" \
         w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
        body.0
    )
}

/// The report as the bytes of a .docx file.
pub fn to_docx(report: &Report) -> Vec<u8> {
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", PACKAGE_RELS.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/styles.xml", STYLES.to_string()),
        ("word/document.xml", document_xml(report)),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    for (name, content) in parts {
        // Writing to memory cannot fail.
        zip.start_file(name, options)
            .and_then(|()| zip.write_all(content.as_bytes()).map_err(Into::into))
            .expect("a zip in memory");
    }
    zip.finish().expect("a zip in memory").into_inner()
}
