//! Building a document's reader text block by block, with display styles on char ranges: the
//! one writer behind every importer of structured files (Markdown, Word, OpenDocument, web
//! pages), so they all separate paragraphs, lists and tables alike.

use crate::model::{Style, StyleSpan};

/// Rendered text and its styles (sorted by start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub styles: Vec<StyleSpan>,
}

/// A converted file: its reader text, what the person adding it should know, and the
/// document's properties (title, author, date, address: see `Document::properties`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub rendered: Rendered,
    /// Notes in plain words, without the file's name (the importer adds it).
    pub notes: Vec<String>,
    pub properties: std::collections::BTreeMap<String, String>,
}

/// Text written so far, the line breaks owed before the next text, and the open styles.
#[derive(Debug, Default)]
pub struct Builder {
    out: String,
    /// Length of `out` in chars: style spans are char offsets.
    chars: usize,
    /// Line breaks owed before the next text: 1 between list items and table rows, 2 between
    /// blocks. Owed breaks are written only when text follows, so empty blocks leave no gap.
    pending_breaks: usize,
    open: Vec<(Style, usize)>,
    styles: Vec<StyleSpan>,
}

impl Builder {
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            out: String::with_capacity(bytes),
            ..Self::default()
        }
    }

    /// Append text, after any line breaks owed. Spaces and tabs left at the end of the previous
    /// block are dropped first: they are invisible and would only make codings end oddly.
    pub fn push(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if !self.out.is_empty() && self.pending_breaks > 0 {
            self.trim_trailing_blanks();
            let breaks = "\n".repeat(self.pending_breaks);
            self.out.push_str(&breaks);
            self.chars += self.pending_breaks;
        }
        self.pending_breaks = 0;
        self.out.push_str(s);
        self.chars += s.chars().count();
    }

    /// Owe at least `breaks` line breaks before the next text.
    pub fn block_break(&mut self, breaks: usize) {
        self.pending_breaks = self.pending_breaks.max(breaks);
    }

    /// Start `style` where the next text will go (after any owed line breaks).
    pub fn open(&mut self, style: Style) {
        let start = if self.out.is_empty() {
            0
        } else {
            self.chars + self.pending_breaks
        };
        self.open.push((style, start));
    }

    /// End the innermost open `style`; a style around no text leaves no span.
    pub fn close(&mut self, style: Style) {
        if let Some(pos) = self.open.iter().rposition(|(s, _)| *s == style) {
            let (style, start) = self.open.remove(pos);
            if self.chars > start {
                self.styles.push(StyleSpan {
                    start,
                    end: self.chars,
                    style,
                });
            }
        }
    }

    /// Whether the text ends with `suffix` (owed breaks not counted).
    pub fn ends_with(&self, suffix: &str) -> bool {
        self.out.ends_with(suffix)
    }

    /// Drop the last char written (e.g. a code block's closing newline).
    pub fn pop(&mut self) {
        if self.out.pop().is_some() {
            self.chars -= 1;
            self.clamp_styles();
        }
    }

    fn trim_trailing_blanks(&mut self) {
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        if trimmed < self.out.len() {
            self.chars -= self.out[trimmed..].chars().count();
            self.out.truncate(trimmed);
            self.clamp_styles();
        }
    }

    /// Keep closed spans inside the text after chars were removed from its end.
    fn clamp_styles(&mut self) {
        let len = self.chars;
        for span in &mut self.styles {
            span.end = span.end.min(len);
        }
        self.styles.retain(|s| s.start < s.end);
    }

    pub fn finish(mut self) -> Rendered {
        self.trim_trailing_blanks();
        self.styles.sort();
        Rendered {
            text: self.out,
            styles: self.styles,
        }
    }
}

/// What a block of a word-processor or web document is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    /// A list item at `depth` (1 = top level) with its marker label (`"2."`; `""` for a bullet).
    ListItem {
        depth: usize,
        label: String,
    },
}

/// Paragraphs, list items and table rows written as Markdown documents show them: a blank line
/// between blocks, list items and table rows of one list or table on consecutive lines, cells
/// separated by tabs, and notes collected under a heading after the text.
#[derive(Debug, Default)]
pub struct Flow {
    b: Builder,
    last: Last,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Last {
    #[default]
    Nothing,
    Paragraph,
    ListItem,
    Row,
}

impl Flow {
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            b: Builder::with_capacity(bytes),
            last: Last::Nothing,
        }
    }

    /// A block's text, with `links` (byte ranges of `text`) styled as links. A block of blank
    /// text is left out.
    pub fn block(&mut self, kind: &BlockKind, text: &str, links: &[(usize, usize)]) {
        if text.trim().is_empty() {
            return;
        }
        let style = match kind {
            BlockKind::Paragraph => None,
            BlockKind::Heading(level) => Some(Style::Heading((*level).clamp(1, 9))),
            BlockKind::ListItem { depth, .. } => {
                Some(Style::ListItem((*depth).clamp(1, 255) as u8))
            }
        };
        let is_item = matches!(kind, BlockKind::ListItem { .. });
        self.b
            .block_break(if is_item && self.last == Last::ListItem {
                1
            } else {
                2
            });
        if let Some(style) = style {
            self.b.open(style);
        }
        if let BlockKind::ListItem { depth, label } = kind {
            self.b.push(&list_marker(*depth, label));
        }
        // Leading blanks are dropped; link ranges count from the text as given.
        let lead = text.len() - text.trim_start_matches([' ', '\t']).len();
        let mut at = lead;
        for &(start, end) in links {
            let start = start.max(at);
            let (Some(before), Some(link)) = (text.get(at..start), text.get(start..end)) else {
                continue;
            };
            self.b.push(before);
            self.b.open(Style::Link);
            self.b.push(link);
            self.b.close(Style::Link);
            at = end;
        }
        self.b.push(text.get(at..).unwrap_or_default());
        if let Some(style) = style {
            self.b.close(style);
        }
        self.last = if is_item {
            Last::ListItem
        } else {
            Last::Paragraph
        };
    }

    /// A table row: its cells on one line, separated by tabs.
    pub fn row(&mut self, cells: &[String]) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        self.b
            .block_break(if self.last == Last::Row { 1 } else { 2 });
        self.b.push(&cells.join("\t"));
        self.last = Last::Row;
    }

    /// Notes after the text: `heading`, then each note as a paragraph starting with its marker.
    pub fn notes(&mut self, heading: &str, notes: &[(String, String)]) {
        if notes.is_empty() {
            return;
        }
        self.block(&BlockKind::Heading(2), heading, &[]);
        for (marker, text) in notes {
            self.b.block_break(2);
            self.b.push(&format!("{marker} {}", text.trim()));
            self.last = Last::Paragraph;
        }
    }

    pub fn finish(self) -> Rendered {
        self.b.finish()
    }
}

/// Cell text is one line: its paragraphs, tabs and line breaks become spaces.
pub fn append_to_cell(cell: &mut String, text: &str) {
    let text = text.replace(['\t', '\n'], " ");
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push(' ');
    }
    cell.push_str(text);
}

/// A list item's marker: the ordinal in a numbering format, or a bullet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numbering {
    Bullet,
    Decimal,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    /// A list item shown with no marker.
    None,
}

impl Numbering {
    /// The ordinal `n` (1-based) in this format ("" for bullets and none).
    pub fn format(self, n: u32) -> String {
        match self {
            Numbering::Decimal => n.to_string(),
            Numbering::LowerLetter => letters(n),
            Numbering::UpperLetter => letters(n).to_uppercase(),
            Numbering::LowerRoman => roman(n),
            Numbering::UpperRoman => roman(n).to_uppercase(),
            Numbering::Bullet | Numbering::None => String::new(),
        }
    }
}

/// 1 → a, 26 → z, 27 → aa (as word processors count).
fn letters(n: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    let letter = (b'a' + ((n - 1) % 26) as u8) as char;
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

/// Lower-case Roman numerals; numbers from 4000 on are written in decimal.
pub fn roman(n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// The indent and marker that start a list item at `depth` (1 = top level), as Markdown
/// documents show them: four spaces a level, `• ` for bullets.
pub fn list_marker(depth: usize, label: &str) -> String {
    let indent = "    ".repeat(depth.saturating_sub(1));
    if label.is_empty() {
        format!("{indent}• ")
    } else {
        format!("{indent}{label} ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_separated_only_between_texts_and_trailing_blanks_dropped() {
        let mut b = Builder::default();
        b.block_break(2);
        b.open(Style::Heading(1));
        b.push("Title  ");
        b.close(Style::Heading(1));
        b.block_break(2);
        // An empty paragraph owes breaks but writes nothing.
        b.block_break(2);
        b.push("Body");
        b.block_break(1);
        let r = b.finish();
        assert_eq!(r.text, "Title\n\nBody");
        assert_eq!(
            r.styles,
            [StyleSpan {
                start: 0,
                end: 5,
                style: Style::Heading(1)
            }]
        );
    }

    #[test]
    fn numbering_formats() {
        assert_eq!(Numbering::Decimal.format(12), "12");
        assert_eq!(Numbering::LowerLetter.format(28), "bb");
        assert_eq!(Numbering::UpperRoman.format(1994), "MCMXCIV");
        assert_eq!(roman(4000), "4000");
        assert_eq!(list_marker(2, ""), "    • ");
        assert_eq!(list_marker(1, "3."), "3. ");
    }
}
