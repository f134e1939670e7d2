//! OpenDocument text (.odt, LibreOffice's and OpenOffice's format): headings (as heading
//! styles), lists with their markers, tables (a row a line, cells separated by tabs), footnotes
//! and endnotes collected after the text, each marked where it was referenced. Tracked changes
//! are read as accepted (the deleted text ODF keeps aside is left out); comments are left out
//! with a note.

use crate::io::office_package::{Node, Package, PackageError, Skip, attr, local, walk};
use crate::io::rich_text::{BlockKind, Converted, Flow, Numbering, append_to_cell, roman};
use crate::wording::plural;
use quick_xml::events::BytesStart;
use std::collections::{BTreeMap, HashMap};

const TEXT: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const TABLE: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const OFFICE: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const STYLE: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:style:1.0";
const SVG: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";

const KIND: &str = "an OpenDocument text (.odt)";

/// One level of a list style: a bullet, or a number with what stands around it.
#[derive(Clone, Debug)]
struct ListLevel {
    format: Numbering,
    prefix: String,
    suffix: String,
    start: u32,
}

/// Paragraph styles' parents and list styles' levels, from `styles.xml` and `content.xml`.
#[derive(Debug, Default)]
struct Styles {
    parent: HashMap<String, String>,
    lists: HashMap<String, HashMap<u8, ListLevel>>,
}

fn numbering_format(value: &str) -> Numbering {
    match value {
        "a" => Numbering::LowerLetter,
        "A" => Numbering::UpperLetter,
        "i" => Numbering::LowerRoman,
        "I" => Numbering::UpperRoman,
        "" => Numbering::None,
        _ => Numbering::Decimal,
    }
}

impl Styles {
    /// Read the style definitions of a part (its automatic and common styles).
    fn read(&mut self, element: &BytesStart<'_>, ns: &[u8], list_style: &mut Option<String>) {
        match (ns, local(element)) {
            (STYLE, b"style") => {
                if let (Some(name), Some(parent)) =
                    (attr(element, b"name"), attr(element, b"parent-style-name"))
                {
                    self.parent.insert(name, parent);
                }
            }
            (TEXT, b"list-style") => *list_style = attr(element, b"name"),
            (
                TEXT,
                kind @ (b"list-level-style-number"
                | b"list-level-style-bullet"
                | b"list-level-style-image"),
            ) => {
                let (Some(list), Some(level)) = (
                    list_style.as_ref(),
                    attr(element, b"level").and_then(|l| l.parse::<u8>().ok()),
                ) else {
                    return;
                };
                let numbered = kind == b"list-level-style-number";
                let level_style = ListLevel {
                    format: if numbered {
                        numbering_format(&attr(element, b"num-format").unwrap_or_default())
                    } else {
                        Numbering::Bullet
                    },
                    prefix: attr(element, b"num-prefix").unwrap_or_default(),
                    suffix: attr(element, b"num-suffix").unwrap_or_default(),
                    start: attr(element, b"start-value")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1),
                };
                self.lists
                    .entry(list.clone())
                    .or_default()
                    .insert(level, level_style);
            }
            _ => {}
        }
    }

    /// Whether the paragraph style `name` is (or derives from) the Title style.
    fn is_title(&self, name: &str) -> bool {
        let mut next = Some(name);
        for _ in 0..32 {
            let Some(name) = next else { break };
            if name == "Title" {
                return true;
            }
            next = self.parent.get(name).map(String::as_str);
        }
        false
    }
}

#[derive(Default)]
struct Para {
    text: String,
    links: Vec<(usize, usize)>,
    kind: Option<BlockKind>,
}

struct List {
    style: Option<String>,
    counter: u32,
    /// The current item has not yet shown its marker.
    item_pending: bool,
    /// The current item is a list header (no marker).
    header: bool,
}

#[derive(Default)]
struct Table {
    row: Vec<String>,
    cell: Option<String>,
}

struct OpenNote {
    marker: String,
    footnote: bool,
    text: String,
}

#[derive(Default)]
struct Walker {
    styles: Styles,
    list_style: Option<String>,
    in_body: bool,
    skip: Skip,
    flow: Flow,
    paras: Vec<Para>,
    lists: Vec<List>,
    tables: Vec<Table>,
    link_start: Option<usize>,
    notes: Vec<OpenNote>,
    in_note_body: usize,
    footnotes: Vec<(String, String)>,
    endnotes: Vec<(String, String)>,
    comments: usize,
    tracked_changes: usize,
}

impl Walker {
    fn push_text(&mut self, s: &str) {
        if let Some(para) = self.paras.last_mut() {
            para.text.push_str(s);
        }
    }

    /// Text content: ODF collapses runs of white space to one space, as HTML does.
    fn content(&mut self, s: &str) {
        let Some(para) = self.paras.last_mut() else {
            return;
        };
        for (i, piece) in s.split([' ', '\t', '\n', '\r']).enumerate() {
            if i > 0 && !para.text.is_empty() && !para.text.ends_with(' ') {
                para.text.push(' ');
            }
            para.text.push_str(piece);
        }
    }

    fn list_label(&mut self) -> Option<BlockKind> {
        let depth = self.lists.len();
        let style = self.lists.iter().rev().find_map(|l| l.style.clone());
        let list = self.lists.last_mut()?;
        if !list.item_pending {
            return None;
        }
        list.item_pending = false;
        if list.header {
            return Some(BlockKind::ListItem {
                depth,
                label: String::new(),
            });
        }
        let level = style
            .as_ref()
            .and_then(|s| self.styles.lists.get(s))
            .and_then(|levels| levels.get(&(depth.min(10) as u8)))
            .cloned();
        let start = level.as_ref().map_or(1, |l| l.start);
        list.counter = if list.counter == 0 {
            start
        } else {
            list.counter + 1
        };
        let label = match level {
            Some(l) if !matches!(l.format, Numbering::Bullet | Numbering::None) => {
                format!("{}{}{}", l.prefix, l.format.format(list.counter), l.suffix)
            }
            _ => String::new(),
        };
        Some(BlockKind::ListItem { depth, label })
    }

    fn start(&mut self, ns: &[u8], element: &BytesStart<'_>) {
        if self.skip.active() {
            self.skip.enter();
            return;
        }
        if !self.in_body {
            if ns == OFFICE && local(element) == b"text" {
                self.in_body = true;
            } else {
                let mut list_style = self.list_style.take();
                self.styles.read(element, ns, &mut list_style);
                self.list_style = list_style;
            }
            return;
        }
        match (ns, local(element)) {
            (OFFICE, b"annotation") => {
                self.comments += 1;
                self.skip.enter();
            }
            (TEXT, b"tracked-changes") | (TEXT, b"note-citation") | (SVG, _) => self.skip.enter(),
            (TEXT, b"changed-region") => self.tracked_changes += 1,
            (TEXT, b"p" | b"h") => {
                let kind = if local(element) == b"h" {
                    let level = attr(element, b"outline-level")
                        .and_then(|l| l.parse::<u8>().ok())
                        .unwrap_or(1);
                    Some(BlockKind::Heading(level.clamp(1, 9)))
                } else if attr(element, b"style-name").is_some_and(|s| self.styles.is_title(&s)) {
                    Some(BlockKind::Heading(1))
                } else if self.in_note_body == 0 {
                    self.list_label()
                } else {
                    None
                };
                self.paras.push(Para {
                    kind,
                    ..Para::default()
                });
            }
            (TEXT, b"s") => {
                let count = attr(element, b"c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(1000);
                self.push_text(&" ".repeat(count));
            }
            (TEXT, b"tab") => self.push_text("\t"),
            (TEXT, b"line-break") => self.push_text("\n"),
            (TEXT, b"a") => self.link_start = self.paras.last().map(|p| p.text.len()),
            (TEXT, b"list") => {
                let style = attr(element, b"style-name");
                self.lists.push(List {
                    style,
                    counter: 0,
                    item_pending: false,
                    header: false,
                });
            }
            (TEXT, name @ (b"list-item" | b"list-header")) => {
                let start = attr(element, b"start-value").and_then(|v| v.parse::<u32>().ok());
                if let Some(list) = self.lists.last_mut() {
                    list.item_pending = true;
                    list.header = name == b"list-header";
                    if let Some(start) = start {
                        // The next item takes this number.
                        list.counter = start.saturating_sub(1);
                    }
                }
            }
            (TEXT, b"note") => {
                let footnote = attr(element, b"note-class").is_none_or(|c| c != "endnote");
                let count = if footnote {
                    self.footnotes.len()
                } else {
                    self.endnotes.len()
                } + 1
                    + self.notes.iter().filter(|n| n.footnote == footnote).count();
                let marker = if footnote {
                    format!("[{count}]")
                } else {
                    format!("[{}]", roman(count as u32))
                };
                self.push_text(&marker);
                self.notes.push(OpenNote {
                    marker,
                    footnote,
                    text: String::new(),
                });
            }
            (TEXT, b"note-body") => self.in_note_body += 1,
            (TABLE, b"table") => self.tables.push(Table::default()),
            (TABLE, b"table-row") => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                }
            }
            (TABLE, b"table-cell") => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(String::new());
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, ns: &[u8], name: &[u8]) {
        if self.skip.active() {
            self.skip.leave();
            return;
        }
        if !self.in_body {
            if ns == TEXT && name == b"list-style" {
                self.list_style = None;
            }
            return;
        }
        match (ns, name) {
            (OFFICE, b"text") => self.in_body = false,
            (TEXT, b"a") => {
                if let (Some(start), Some(para)) = (self.link_start.take(), self.paras.last_mut())
                    && para.text.len() > start
                {
                    para.links.push((start, para.text.len()));
                }
            }
            (TEXT, b"p" | b"h") => {
                if let Some(para) = self.paras.pop() {
                    self.finish_paragraph(para);
                }
            }
            (TEXT, b"list") => {
                self.lists.pop();
            }
            (TEXT, b"note-body") => self.in_note_body = self.in_note_body.saturating_sub(1),
            (TEXT, b"note") => {
                if let Some(note) = self.notes.pop() {
                    let list = if note.footnote {
                        &mut self.footnotes
                    } else {
                        &mut self.endnotes
                    };
                    list.push((note.marker, note.text));
                }
            }
            (TABLE, b"table-cell") => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(cell) = t.cell.take()
                {
                    t.row.push(cell);
                }
            }
            (TABLE, b"table-row") => {
                let Some(t) = self.tables.last_mut() else {
                    return;
                };
                let row = std::mem::take(&mut t.row);
                let depth = self.tables.len();
                if depth > 1 {
                    if let Some(cell) = self.tables[depth - 2].cell.as_mut() {
                        append_to_cell(cell, &row.join(" "));
                    }
                } else if let Some(note) = self.notes.last_mut().filter(|_| self.in_note_body > 0) {
                    append_line(&mut note.text, &row.join("\t"));
                } else {
                    self.flow.row(&row);
                }
            }
            (TABLE, b"table") => {
                self.tables.pop();
            }
            _ => {}
        }
    }

    fn finish_paragraph(&mut self, para: Para) {
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            append_to_cell(cell, &para.text);
        } else if self.in_note_body > 0
            && let Some(note) = self.notes.last_mut()
        {
            append_line(&mut note.text, para.text.trim());
        } else {
            let kind = para.kind.unwrap_or(BlockKind::Paragraph);
            self.flow.block(&kind, &para.text, &para.links);
        }
    }
}

fn append_line(text: &mut String, line: &str) {
    if line.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

/// Title, author and creation date from `meta.xml`.
fn meta_properties(package: &mut Package<'_>) -> Result<BTreeMap<String, String>, PackageError> {
    let mut props = BTreeMap::new();
    let Some(xml) = package.part("meta.xml")? else {
        return Ok(props);
    };
    let mut current: Option<&'static str> = None;
    walk(&xml, "meta.xml", |node| match node {
        Node::Start { element, .. } => {
            current = match local(element) {
                b"title" => Some("title"),
                b"initial-creator" | b"creator" => Some("author"),
                b"creation-date" => Some("date"),
                _ => None,
            }
        }
        Node::End { .. } => current = None,
        Node::Text(text) => {
            if let Some(key) = current
                && !text.trim().is_empty()
            {
                props
                    .entry(key.to_string())
                    .or_insert_with(|| text.trim().to_string());
            }
        }
    })?;
    Ok(props)
}

/// Read an OpenDocument text. Errors say what is wrong, without the file name.
pub fn convert(bytes: &[u8]) -> Result<Converted, PackageError> {
    let mut package = Package::open(bytes, KIND)?;
    let content = package.part("content.xml")?.ok_or_else(|| {
        PackageError(format!(
            "not {KIND}: the package has no content.xml (is it a spreadsheet or a drawing?)"
        ))
    })?;
    if let Some(mimetype) = package.part("mimetype")? {
        let mimetype = String::from_utf8_lossy(&mimetype);
        if !mimetype
            .trim()
            .starts_with("application/vnd.oasis.opendocument.text")
        {
            return Err(PackageError(format!(
                "not {KIND}: it is {} (Coda reads text documents)",
                mimetype.trim()
            )));
        }
    }
    let mut w = Walker {
        flow: Flow::with_capacity(content.len() / 4),
        ..Walker::default()
    };
    if let Some(styles) = package.part("styles.xml")? {
        walk(&styles, "styles.xml", |node| {
            if let Node::Start { ns, element } = node {
                w.styles.read(element, ns, &mut w.list_style);
            }
            if let Node::End { ns, local } = node
                && ns == TEXT
                && local == b"list-style"
            {
                w.list_style = None;
            }
        })?;
    }
    walk(&content, "content.xml", |node| match node {
        Node::Start { ns, element } => w.start(ns, element),
        Node::End { ns, local } => w.end(ns, local),
        Node::Text(text) => {
            if w.in_body && !w.skip.active() {
                w.content(text);
            }
        }
    })?;
    let Walker {
        mut flow,
        footnotes,
        endnotes,
        comments,
        tracked_changes,
        ..
    } = w;
    flow.notes("Footnotes", &footnotes);
    flow.notes("Endnotes", &endnotes);
    let mut notes = Vec::new();
    if comments > 0 {
        notes.push(format!(
            "{} left out (Coda keeps the document's text, not its comments)",
            plural(comments, "comment", "comments")
        ));
    }
    if tracked_changes > 0 {
        notes.push(format!(
            "{} accepted: the text is the document with every change accepted",
            plural(tracked_changes, "tracked change", "tracked changes")
        ));
    }
    Ok(Converted {
        rendered: flow.finish(),
        notes,
        properties: meta_properties(&mut package)?,
    })
}
