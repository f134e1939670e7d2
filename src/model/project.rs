//! The project and its entities: pure data, no I/O.

use crate::model::{
    CharRange, CodeId, CoderId, Color, DocId, PageStart, ProjectId, SegmentId, Text,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every coding of a project by id. A persistent map (same calls as a `BTreeMap`): cloning it is
/// O(1) and shares the codings, so a snapshot of a 100,000-coding project handed to a job or to
/// autosave costs no copying on the window's thread.
pub type Segments = imbl::OrdMap<SegmentId, Segment>;

/// A whole Coda project: documents with their text, the codebook, coders and codings.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Project {
    pub id: ProjectId,
    pub name: String,
    pub memo: String,
    pub coders: Vec<Coder>,
    /// The coder whose name new codings carry.
    pub current_coder: Option<CoderId>,
    /// The codebook in display order; a code's children are the codes whose `parent` is it, in
    /// the order they appear here.
    pub codes: Vec<Code>,
    pub documents: Vec<Document>,
    pub segments: Segments,
    /// Which text each coder coded (`model::coverage`); empty: everyone coded everything.
    /// Sorted by (coder id, document id), one entry per pair.
    pub coverage: Vec<crate::model::Coverage>,
    /// Document variables (`model::variables`), in the order people see them.
    pub variables: Vec<crate::model::Variable>,
    /// Each document's values, sorted by (document id, variable name), one per pair.
    pub values: Vec<crate::model::VariableValue>,
    /// Document groups, in the order people see them.
    pub groups: Vec<crate::model::Group>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coder {
    pub id: CoderId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    pub id: CodeId,
    pub name: String,
    pub parent: Option<CodeId>,
    pub color: Color,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub inclusion: String,
    #[serde(default)]
    pub exclusion: String,
    #[serde(default)]
    pub example: String,
    /// Key 1–9 that applies this code to the selection.
    #[serde(default)]
    pub hotkey: Option<u8>,
    #[serde(default)]
    pub memo: String,
}

impl Code {
    pub fn new(name: impl Into<String>, parent: Option<CodeId>, color: Color) -> Self {
        Self {
            id: CodeId::new(),
            name: name.into(),
            parent,
            color,
            description: String::new(),
            inclusion: String::new(),
            exclusion: String::new(),
            example: String::new(),
            hotkey: None,
            memo: String::new(),
        }
    }
}

/// How a document's text came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceFormat {
    /// Plain text, stored as decoded (line endings normalised).
    PlainText,
    /// Plain text extracted from a PDF whose hard-wrapped lines were reflowed into paragraphs.
    ReflowedText,
    /// Markdown rendered to the text a reader sees; formatting kept in `styles`.
    Markdown,
    /// A Word document (.docx): its text, headings and lists kept in `styles`.
    Docx,
    /// An OpenDocument text (.odt): its text, headings and lists kept in `styles`.
    Odt,
    /// A web page (.html): the article's text without the page's navigation and furniture.
    Html,
    /// The text layer of a PDF in reading order, page furniture removed, footnotes after their
    /// page's text; where each page begins kept in `pages`.
    Pdf,
}

impl SourceFormat {
    /// What the format is called in the window and in messages.
    pub fn describe(self) -> &'static str {
        match self {
            SourceFormat::PlainText => "plain text",
            SourceFormat::ReflowedText => "reflowed PDF text",
            SourceFormat::Markdown => "Markdown",
            SourceFormat::Docx => "Word document",
            SourceFormat::Odt => "OpenDocument text",
            SourceFormat::Html => "web page",
            SourceFormat::Pdf => "PDF",
        }
    }
}

/// Where a document came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSource {
    /// The imported file's name (no folder).
    pub file_name: String,
    pub format: SourceFormat,
    /// The encoding the file was decoded from (WHATWG name, e.g. `UTF-8`, `windows-1251`).
    pub encoding: String,
}

/// A display style on a char range of a document (from Markdown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Style {
    Heading(u8),
    Emphasis,
    Strong,
    Strikethrough,
    InlineCode,
    CodeBlock,
    BlockQuote,
    /// A list item at a nesting depth (1 = top level).
    ListItem(u8),
    Link,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StyleSpan {
    pub start: usize,
    pub end: usize,
    pub style: Style,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub name: String,
    pub source: DocumentSource,
    /// `sha256:` + hex digest of the UTF-8 bytes of `text`: recognises the same document in
    /// every coder's file even when ids differ.
    pub hash: String,
    #[serde(default)]
    pub memo: String,
    #[serde(default)]
    pub styles: Vec<StyleSpan>,
    /// What the file said about itself: `title`, `author`, `date`, `url` (a web page's
    /// canonical address). Written only when there are any, so older files read the same.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
    /// Where each page of a paged original (PDF) begins; empty for other documents, and then
    /// not written to the file (older files load unchanged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PageStart>,
    pub text: Text,
}

impl Document {
    /// A document whose hash is computed from its text.
    pub fn new(name: impl Into<String>, source: DocumentSource, text: String) -> Self {
        let hash = content_hash(&text);
        Self {
            id: DocId::new(),
            name: name.into(),
            source,
            hash,
            memo: String::new(),
            styles: Vec::new(),
            properties: BTreeMap::new(),
            pages: Vec::new(),
            text: Text::new(text),
        }
    }
}

/// The content hash stored with each document.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// A coded span: one coder applied one code to a char range of one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub id: SegmentId,
    pub document: DocId,
    pub start: usize,
    pub end: usize,
    pub code: CodeId,
    pub coder: CoderId,
    /// RFC 3339, UTC, seconds.
    pub created: String,
    #[serde(default)]
    pub memo: String,
}

impl Segment {
    pub fn range(&self) -> CharRange {
        CharRange::new(self.start, self.end)
    }
}

/// Separator of code names in a code path (`Push factors/Unemployment`).
pub const PATH_SEPARATOR: char = '/';

impl Project {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    pub fn document(&self, id: DocId) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    pub fn document_index(&self, id: DocId) -> Option<usize> {
        self.documents.iter().position(|d| d.id == id)
    }

    pub fn document_by_name(&self, name: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.name == name)
    }

    pub fn code(&self, id: CodeId) -> Option<&Code> {
        self.codes.iter().find(|c| c.id == id)
    }

    pub fn code_index(&self, id: CodeId) -> Option<usize> {
        self.codes.iter().position(|c| c.id == id)
    }

    pub fn coder(&self, id: CoderId) -> Option<&Coder> {
        self.coders.iter().find(|c| c.id == id)
    }

    pub fn coder_by_name(&self, name: &str) -> Option<&Coder> {
        self.coders.iter().find(|c| c.name == name)
    }

    /// The codes directly under `parent` (top level for `None`), in codebook order.
    pub fn children(&self, parent: Option<CodeId>) -> impl Iterator<Item = &Code> {
        self.codes.iter().filter(move |c| c.parent == parent)
    }

    /// The code and all codes below it, the code first. Each code once, even in a project with
    /// a cycle (which validation refuses), so this always ends.
    pub fn subtree(&self, root: CodeId) -> Vec<CodeId> {
        let mut out = vec![root];
        let mut seen: std::collections::HashSet<CodeId> = std::iter::once(root).collect();
        let mut i = 0;
        while i < out.len() {
            let parent = out[i];
            for child in self.children(Some(parent)) {
                if seen.insert(child.id) {
                    out.push(child.id);
                }
            }
            i += 1;
        }
        out
    }

    /// The names from the top-level ancestor down to the code. Stops at a missing parent or a
    /// cycle, so it is safe on a project that fails validation.
    pub fn code_path_names(&self, id: CodeId) -> Vec<&str> {
        let mut names = Vec::new();
        let mut next = Some(id);
        while let Some(current) = next {
            let Some(code) = self.code(current) else {
                break;
            };
            if names.len() > self.codes.len() {
                break;
            }
            names.push(code.name.as_str());
            next = code.parent;
        }
        names.reverse();
        names
    }

    /// `Parent/Child/Grandchild`.
    pub fn code_path(&self, id: CodeId) -> String {
        self.code_path_names(id).join(&PATH_SEPARATOR.to_string())
    }

    /// The code at a path such as `Push factors/Unemployment`.
    pub fn code_by_path(&self, path: &str) -> Option<&Code> {
        let mut parent = None;
        let mut found = None;
        for name in path.split(PATH_SEPARATOR).map(str::trim) {
            let code = self.children(parent).find(|c| c.name == name)?;
            parent = Some(code.id);
            found = Some(code);
        }
        found
    }

    /// The code named by `reference`: a code id, or else a code path.
    pub fn resolve_code(&self, reference: &str) -> Option<&Code> {
        if let Ok(id) = reference.trim().parse::<CodeId>()
            && let Some(code) = self.code(id)
        {
            return Some(code);
        }
        self.code_by_path(reference)
    }

    pub fn code_with_hotkey(&self, key: u8) -> Option<&Code> {
        self.codes.iter().find(|c| c.hotkey == Some(key))
    }

    /// Segments of one document, in no particular order.
    pub fn segments_of_document(&self, doc: DocId) -> impl Iterator<Item = &Segment> {
        self.segments.values().filter(move |s| s.document == doc)
    }

    /// The segments in the canonical order of project files and exports: document order, then
    /// start, end, code, coder, id.
    pub fn segments_sorted(&self) -> Vec<&Segment> {
        let doc_order: BTreeMap<DocId, usize> = self
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect();
        let mut all: Vec<&Segment> = self.segments.values().collect();
        all.sort_by_key(|s| {
            (
                doc_order.get(&s.document).copied().unwrap_or(usize::MAX),
                s.start,
                s.end,
                s.code,
                s.coder,
                s.id,
            )
        });
        all
    }

    /// Whether an identical coding (same document, range, code and coder) already exists.
    pub fn find_identical_segment(
        &self,
        document: DocId,
        range: CharRange,
        code: CodeId,
        coder: CoderId,
    ) -> Option<&Segment> {
        self.segments.values().find(|s| {
            s.document == document && s.range() == range && s.code == code && s.coder == coder
        })
    }

    /// A palette colour that no top-level code uses yet, if there is one.
    pub fn next_free_color(&self) -> Color {
        (0..Color::PALETTE.len())
            .map(Color::from_palette)
            .find(|c| !self.codes.iter().any(|code| code.color == *c))
            .unwrap_or_else(|| Color::from_palette(self.codes.len()))
    }
}
