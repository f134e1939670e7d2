//! Walking a Word part (the document, or its footnotes or endnotes) into blocks: paragraphs
//! with their style, list and links; table rows as cells. Tracked changes are read as accepted
//! (insertions kept, deletions dropped); hidden text, field codes and the fallback copies of
//! drawings are skipped.

use super::is_w;
use super::styles::NumRef;
use crate::io::office_package::{Node, PackageError, Skip, attr, local, walk};
use crate::io::rich_text::append_to_cell;

const MC: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// A note a paragraph refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    Footnote,
    Endnote,
}

#[derive(Debug, Default)]
pub struct Para {
    pub text: String,
    /// Byte ranges of `text` that are hyperlinks.
    pub links: Vec<(usize, usize)>,
    pub style: Option<String>,
    pub num: NumRef,
    /// A direct outline level (`w:outlineLvl`, 0-based; 9 is body text).
    pub outline: Option<u8>,
}

#[derive(Debug)]
pub enum Block {
    Para(Para),
    /// A table row's cells, as text.
    Row(Vec<String>),
}

/// The blocks of one part, and what was met on the way.
#[derive(Debug, Default)]
pub struct Walked {
    /// Blocks with the id of the note they belong to (`None` in the document body).
    pub blocks: Vec<(Option<String>, Block)>,
    /// Note references in the order they appear: the note's kind and id.
    pub references: Vec<(NoteKind, String)>,
    /// Insertions and deletions (tracked changes) met.
    pub tracked_changes: usize,
}

#[derive(Default)]
struct Table {
    row: Vec<String>,
    cell: Option<String>,
}

#[derive(Default)]
struct Walker {
    out: Walked,
    skip: Skip,
    paras: Vec<Para>,
    tables: Vec<Table>,
    note: Option<String>,
    in_ppr: bool,
    in_rpr: bool,
    in_text: bool,
    run_hidden: bool,
    link_start: Option<usize>,
}

/// Elements whose whole content is not part of the accepted, visible text.
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"del"
            | b"moveFrom"
            | b"delText"
            | b"instrText"
            | b"delInstrText"
            | b"pPrChange"
            | b"rPrChange"
            | b"sectPrChange"
            | b"tblPrChange"
            | b"trPrChange"
            | b"tcPrChange"
            | b"tblGridChange"
            | b"numberingChange"
    )
}

impl Walker {
    fn text(&mut self, s: &str) {
        if let Some(para) = self.paras.last_mut() {
            para.text.push_str(s);
        }
    }

    fn start(
        &mut self,
        element: &quick_xml::events::BytesStart<'_>,
        note_marker: &mut impl FnMut(NoteKind) -> String,
    ) {
        let name = local(element);
        if skipped(name) {
            if matches!(name, b"del" | b"moveFrom") {
                self.out.tracked_changes += 1;
            }
            self.skip.enter();
            return;
        }
        match name {
            b"ins" | b"moveTo" => self.out.tracked_changes += 1,
            b"footnote" | b"endnote" => {
                let kind = attr(element, b"type").unwrap_or_default();
                if matches!(
                    kind.as_str(),
                    "separator" | "continuationSeparator" | "continuationNotice"
                ) {
                    self.skip.enter();
                } else {
                    self.note = attr(element, b"id");
                }
            }
            b"p" => self.paras.push(Para::default()),
            b"pPr" => self.in_ppr = true,
            b"rPr" => self.in_rpr = true,
            b"r" => self.run_hidden = false,
            b"t" => self.in_text = true,
            _ if self.in_ppr => {
                let val = || attr(element, b"val");
                if let Some(para) = self.paras.last_mut() {
                    match name {
                        b"pStyle" => para.style = val(),
                        b"numId" => para.num.num_id = val(),
                        b"ilvl" => para.num.level = val().and_then(|v| v.parse().ok()),
                        b"outlineLvl" => para.outline = val().and_then(|v| v.parse().ok()),
                        _ => {}
                    }
                }
            }
            b"vanish" if self.in_rpr => {
                self.run_hidden = !matches!(
                    attr(element, b"val").as_deref(),
                    Some("0" | "false" | "off")
                );
            }
            b"tab" | b"ptab" => self.text("\t"),
            b"br" | b"cr" => {
                let kind = attr(element, b"type").unwrap_or_default();
                if !matches!(kind.as_str(), "page" | "column") {
                    self.text("\n");
                }
            }
            b"noBreakHyphen" => self.text("-"),
            b"hyperlink" => self.link_start = self.paras.last().map(|p| p.text.len()),
            b"footnoteReference" | b"endnoteReference" => {
                let kind = if name == b"footnoteReference" {
                    NoteKind::Footnote
                } else {
                    NoteKind::Endnote
                };
                if let Some(id) = attr(element, b"id") {
                    let marker = note_marker(kind);
                    self.text(&marker);
                    self.out.references.push((kind, id));
                }
            }
            b"tbl" => self.tables.push(Table::default()),
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                }
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(String::new());
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"footnote" | b"endnote" => self.note = None,
            b"pPr" => self.in_ppr = false,
            b"rPr" => self.in_rpr = false,
            b"t" => self.in_text = false,
            b"hyperlink" => {
                if let (Some(start), Some(para)) = (self.link_start.take(), self.paras.last_mut())
                    && para.text.len() > start
                {
                    para.links.push((start, para.text.len()));
                }
            }
            b"p" => {
                if let Some(para) = self.paras.pop() {
                    self.finish_paragraph(para);
                }
            }
            b"tc" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(cell) = t.cell.take()
                {
                    t.row.push(cell);
                }
            }
            b"tr" => {
                let Some(t) = self.tables.last_mut() else {
                    return;
                };
                let row = std::mem::take(&mut t.row);
                if row.iter().all(|c| c.trim().is_empty()) {
                    return;
                }
                // A table inside a cell: its rows become text of the outer cell.
                let depth = self.tables.len();
                if depth > 1
                    && let Some(cell) = self.tables[depth - 2].cell.as_mut()
                {
                    append_to_cell(cell, &row.join(" "));
                } else {
                    self.out.blocks.push((self.note.clone(), Block::Row(row)));
                }
            }
            b"tbl" => {
                self.tables.pop();
            }
            _ => {}
        }
    }

    fn finish_paragraph(&mut self, para: Para) {
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            append_to_cell(cell, &para.text);
        } else if !para.text.trim().is_empty() {
            self.out.blocks.push((self.note.clone(), Block::Para(para)));
        }
    }
}

/// Walk the part `name`. `note_marker` gives the text that stands for a note reference (it
/// numbers them as it is called).
pub fn walk_part(
    xml: &[u8],
    name: &str,
    mut note_marker: impl FnMut(NoteKind) -> String,
) -> Result<Walked, PackageError> {
    let mut w = Walker::default();
    walk(xml, name, |node| match node {
        Node::Start { ns, element } => {
            if w.skip.active() {
                w.skip.enter();
            } else if ns == MC && local(element) == b"Fallback" {
                // Word writes a drawing twice (new and old form); keep the first.
                w.skip.enter();
            } else if is_w(ns) {
                w.start(element, &mut note_marker);
            }
        }
        Node::End { ns, local } => {
            if w.skip.active() {
                w.skip.leave();
            } else if is_w(ns) {
                w.end(local);
            }
        }
        Node::Text(text) => {
            if w.in_text && !w.run_hidden && !w.skip.active() {
                w.text(text);
            }
        }
    })?;
    Ok(w.out)
}
