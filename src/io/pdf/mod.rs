//! PDF documents in: the text layer in reading order, with a page map (`docs/IMPORT.md`).
//!
//! `extract` reads the PDF (with `pdf_oxide`) into positioned lines per page, `columns` puts
//! them in reading order, and `layout` turns them into the document's text. A PDF that cannot give text is refused with the reason:
//! damaged, encrypted with a password, or scanned (no text layer; Coda does no OCR).

mod columns;
mod extract;
pub mod layout;

use crate::model::{Document, DocumentSource, SourceFormat};

/// Why a PDF gives no document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PdfError {
    #[error("not a readable PDF ({0})")]
    Damaged(String),
    #[error(
        "the PDF is protected by a password; Coda opens only PDFs that need none: open it in a PDF reader with the password and save or print it to a new PDF without one"
    )]
    Encrypted,
    #[error(
        "the PDF has no text layer (a scan or images of text, {pages}); Coda does no OCR: run it through OCR first (for example ocrmypdf) and add the result"
    )]
    NoText { pages: String },
}

/// The document a PDF's bytes make, named `file_name`, with what the importer should be told.
pub fn import(bytes: &[u8], file_name: &str) -> Result<(Document, Vec<String>), PdfError> {
    let pages = extract::pages(bytes)?;
    let page_count = pages.len();
    let laid = layout::lay_out(pages);
    if laid.text.trim().is_empty() {
        return Err(PdfError::NoText {
            pages: crate::wording::plural(page_count, "page", "pages"),
        });
    }
    let mut notes = Vec::new();
    if laid.furniture_dropped > 0 || laid.notes_moved > 0 {
        notes.push(format!(
            "{file_name}: {} pages; left out {} (running headers, footers and page numbers); moved {} to the end of their page's text",
            page_count,
            crate::wording::plural(laid.furniture_dropped, "line", "lines"),
            crate::wording::plural(laid.notes_moved, "footnote", "footnotes"),
        ));
    }
    let source = DocumentSource {
        file_name: file_name.to_string(),
        format: SourceFormat::Pdf,
        encoding: String::new(),
    };
    let mut document = Document::new(file_name, source, laid.text);
    document.pages = laid.pages;
    Ok((document, notes))
}
