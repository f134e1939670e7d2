//! Reading a file into a [`Document`]: plain text in any supported encoding, Markdown,
//! PDF-extracted text reflowed into paragraphs, PDF files, Word and OpenDocument files, and web
//! pages. The formats are told apart by the file's extension (a PDF also by its first bytes);
//! each has its own module.

use crate::io::decode::{DecodeError, decode};
use crate::io::pdf::PdfError;
use crate::io::rich_text::Converted;
use crate::io::{docx, html, markdown, odt, pdf, reflow};
use crate::model::{Document, DocumentSource, SourceFormat};
use std::path::{Path, PathBuf};

/// The extensions of the files Coda reads as documents (what the window's file dialog offers);
/// any other file is read as plain text.
pub const DOCUMENT_EXTENSIONS: [&str; 8] =
    ["txt", "md", "markdown", "pdf", "docx", "odt", "html", "htm"];

/// Whether to join hard-wrapped lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Reflow {
    /// Keep the lines; say so when the text looks hard-wrapped.
    #[default]
    Suggest,
    Always,
    Never,
}

#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// An encoding label that overrides detection.
    pub encoding: Option<String>,
    pub reflow: Reflow,
}

#[derive(Debug)]
pub struct Imported {
    pub document: Document,
    /// Things the person importing should know (a suggestion to reflow, the detected encoding).
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Decode { path: PathBuf, source: DecodeError },
    #[error("{path}: the file is empty")]
    Empty { path: PathBuf },
    /// A structured file (Word, OpenDocument, web page) that cannot be read, and why.
    #[error("{path}: {reason}")]
    Convert { path: PathBuf, reason: String },
    #[error("{path}: {source}")]
    Pdf { path: PathBuf, source: PdfError },
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()))
}

fn is_markdown(path: &Path) -> bool {
    has_extension(path, &["md", "markdown"])
}

/// Read and convert one file. The document is named after the file.
pub fn import_document(path: &Path, options: &ImportOptions) -> Result<Imported, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    import_named_bytes(&bytes, &file_name, options).map_err(|e| e.at(path))
}

/// Convert a file already read into memory (a source inside a REFI-QDA archive): what
/// [`import_document`] does after reading the file, the format told by `file_name`'s extension.
/// Errors name `file_name`.
pub fn import_named_bytes(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let path = Path::new(file_name);
    import_bytes(bytes, file_name, options).map_err(|e| match e {
        BytesError::Decode(source) => ImportError::Decode {
            path: path.to_path_buf(),
            source,
        },
        BytesError::Empty => ImportError::Empty {
            path: path.to_path_buf(),
        },
        BytesError::Convert(reason) => ImportError::Convert {
            path: path.to_path_buf(),
            reason,
        },
        BytesError::Pdf(source) => ImportError::Pdf {
            path: path.to_path_buf(),
            source,
        },
    })
}

impl ImportError {
    /// The same error naming `path` instead of the file name it was given.
    fn at(self, path: &Path) -> Self {
        let path = path.to_path_buf();
        match self {
            ImportError::Read { source, .. } => ImportError::Read { path, source },
            ImportError::Decode { source, .. } => ImportError::Decode { path, source },
            ImportError::Empty { .. } => ImportError::Empty { path },
            ImportError::Convert { reason, .. } => ImportError::Convert { path, reason },
            ImportError::Pdf { source, .. } => ImportError::Pdf { path, source },
        }
    }
}

#[derive(Debug)]
enum BytesError {
    Decode(DecodeError),
    Empty,
    Convert(String),
    Pdf(PdfError),
}

fn extension(file_name: &str) -> String {
    Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// A document from a converted structured file; its notes are prefixed with the file's name.
fn from_converted(
    converted: Converted,
    file_name: &str,
    format: SourceFormat,
    encoding: &str,
) -> Result<Imported, BytesError> {
    let Converted {
        rendered,
        notes,
        properties,
    } = converted;
    if rendered.text.trim().is_empty() {
        return Err(BytesError::Empty);
    }
    let source = DocumentSource {
        file_name: file_name.to_string(),
        format,
        encoding: encoding.to_string(),
    };
    let mut document = Document::new(file_name, source, rendered.text);
    document.styles = rendered.styles;
    // Properties are one line each (the project file's rule): white space runs become a space.
    document.properties = properties
        .into_iter()
        .map(|(k, v)| {
            let v = v
                .split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            (k, v)
        })
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let notes = notes
        .into_iter()
        .map(|n| format!("{file_name}: {n}"))
        .collect();
    Ok(Imported { document, notes })
}

/// Whether the file is a PDF: by its extension, or by its first bytes.
fn is_pdf(path: &Path, bytes: &[u8]) -> bool {
    has_extension(path, &["pdf"]) || bytes.starts_with(b"%PDF-")
}

fn import_bytes(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
) -> Result<Imported, BytesError> {
    if bytes.is_empty() {
        return Err(BytesError::Empty);
    }
    if is_pdf(Path::new(file_name), bytes) {
        let (document, notes) = pdf::import(bytes, file_name).map_err(BytesError::Pdf)?;
        return Ok(Imported { document, notes });
    }
    let office = |result: Result<Converted, _>, format| {
        let converted = result
            .map_err(|e: crate::io::office_package::PackageError| BytesError::Convert(e.0))?;
        from_converted(converted, file_name, format, "UTF-8")
    };
    match extension(file_name).as_str() {
        "docx" => return office(docx::convert(bytes), SourceFormat::Docx),
        "odt" => return office(odt::convert(bytes), SourceFormat::Odt),
        "html" | "htm" => {
            let page = html::convert(bytes, options.encoding.as_deref())
                .map_err(|e| BytesError::Convert(e.0))?;
            return from_converted(page.converted, file_name, SourceFormat::Html, page.encoding);
        }
        _ => {}
    }
    let decoded = decode(bytes, options.encoding.as_deref()).map_err(BytesError::Decode)?;
    if decoded.text.trim().is_empty() {
        return Err(BytesError::Empty);
    }
    let mut notes = Vec::new();
    if let Some(note) = decoded.note() {
        notes.push(format!("{file_name}: {note}"));
    }
    let source = |format| DocumentSource {
        file_name: file_name.to_string(),
        format,
        encoding: decoded.encoding.to_string(),
    };
    let document = if is_markdown(Path::new(file_name)) {
        let rendered = markdown::render(&decoded.text);
        let mut doc = Document::new(file_name, source(SourceFormat::Markdown), rendered.text);
        doc.styles = rendered.styles;
        doc
    } else {
        let width = reflow::detect_wrap_width(&decoded.text);
        let reflowed = match options.reflow {
            Reflow::Always => true,
            Reflow::Never => false,
            Reflow::Suggest => {
                if let Some(width) = width {
                    notes.push(format!(
                        "{file_name}: its lines look hard-wrapped at about {width} characters (text extracted from a PDF?); add it with --reflow to join them into paragraphs"
                    ));
                }
                false
            }
        };
        if reflowed {
            let text = reflow::reflow(&decoded.text, width);
            Document::new(file_name, source(SourceFormat::ReflowedText), text)
        } else {
            Document::new(file_name, source(SourceFormat::PlainText), decoded.text)
        }
    };
    Ok(Imported { document, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_by_extension() {
        let imported = import_bytes(
            b"# Title\n\nBody *text*.\n",
            "notes.md",
            &ImportOptions::default(),
        )
        .unwrap();
        assert_eq!(imported.document.text.as_str(), "Title\n\nBody text.");
        assert_eq!(imported.document.source.format, SourceFormat::Markdown);
        assert_eq!(imported.document.styles.len(), 2);
    }

    fn encoding_notes(bytes: &[u8], encoding: Option<&str>) -> Vec<String> {
        let options = ImportOptions {
            encoding: encoding.map(str::to_string),
            ..ImportOptions::default()
        };
        let imported = import_bytes(bytes, "a.txt", &options).unwrap();
        imported
            .notes
            .into_iter()
            .filter(|n| n.contains("decoded as"))
            .collect()
    }

    #[test]
    fn the_note_says_which_encoding_was_chosen_why_and_how_to_override_it() {
        // Short: chardetng alone says windows-1252; the Cyrillic reading is taken instead.
        let (short, _, _) = encoding_rs::WINDOWS_1251.encode("Чай или кофе?");
        assert_eq!(
            encoding_notes(&short, None),
            [
                "a.txt: decoded as windows-1251 (detected: Cyrillic reading more plausible than \
                 windows-1252, with 3 of 3 words well-formed against 0 of 3); if the text looks \
                 wrong, add it again with --encoding NAME (e.g. windows-1252)"
            ]
        );
        // Long enough for chardetng.
        let (long, _, _) = encoding_rs::WINDOWS_1251
            .encode("Радикализация молодежи в Центральной Азии: причины и последствия.");
        assert_eq!(
            encoding_notes(&long, None),
            [
                "a.txt: decoded as windows-1251 (detected); if the text looks wrong, add it again \
                 with --encoding NAME (e.g. KOI8-R or windows-1252)"
            ]
        );
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("Le café est très élevé à Genève");
        assert_eq!(
            encoding_notes(&latin, None),
            [
                "a.txt: decoded as windows-1252 (detected); if the text looks wrong, add it again \
                 with --encoding NAME (e.g. windows-1251 or KOI8-R)"
            ]
        );
        assert_eq!(
            encoding_notes(&long, Some("windows-1251")),
            ["a.txt: decoded as windows-1251, as named with --encoding"]
        );
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("Ташкент".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            encoding_notes(&utf16, None),
            [
                "a.txt: decoded as UTF-16LE (byte-order mark); if the text looks wrong, add it \
                 again with --encoding NAME"
            ]
        );
        // UTF-8, with or without a byte-order mark, and ASCII need no note.
        assert!(encoding_notes("Ташкент".as_bytes(), None).is_empty());
        assert!(encoding_notes("\u{feff}Ташкент".as_bytes(), None).is_empty());
        assert!(encoding_notes(b"Tashkent", None).is_empty());
    }

    #[test]
    fn empty_is_refused() {
        assert!(matches!(
            import_bytes(b"  \n", "a.txt", &ImportOptions::default()),
            Err(BytesError::Empty)
        ));
    }
}
