//! Word documents (.docx, Office Open XML): the text of the main document with its headings
//! (as heading styles), lists (with their markers), tables (a row a line, cells separated by
//! tabs), and footnotes and endnotes collected after the text, each marked where it was
//! referenced. Tracked changes are read as accepted; comments, headers and footers are left out
//! (comments with a note).

mod body;
mod styles;

use crate::io::office_package::{Node, Package, PackageError, attr, local, walk};
use crate::io::rich_text::{BlockKind, Converted, Flow, roman};
use crate::wording::plural;
use body::{Block, NoteKind, walk_part};
use std::collections::{BTreeMap, HashMap};
use styles::{Lists, Styles};

const W_NAMESPACES: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    // ISO 29500 Strict
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];

fn is_w(ns: &[u8]) -> bool {
    W_NAMESPACES.contains(&ns)
}

const KIND: &str = "a Word document (.docx)";

/// Where each part is, from the package's relationships.
struct Parts {
    document: String,
    /// Relationship type suffix (`styles`, `numbering`, `footnotes`, …) → part name.
    related: HashMap<String, String>,
}

/// `target` of a relationship in the part folder `dir`, as a package part name.
fn resolve_target(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None if dir.is_empty() => target.to_string(),
        None => format!("{dir}/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Relationships of a `.rels` part: type suffix (after the last `/`) → target part name.
fn relationships(
    package: &mut Package<'_>,
    rels: &str,
    dir: &str,
) -> Result<HashMap<String, String>, PackageError> {
    let mut out = HashMap::new();
    if let Some(xml) = package.part(rels)? {
        walk(&xml, rels, |node| {
            if let Node::Start { element, .. } = node
                && local(element) == b"Relationship"
                && attr(element, b"TargetMode").is_none_or(|m| m != "External")
                && let (Some(kind), Some(target)) =
                    (attr(element, b"Type"), attr(element, b"Target"))
            {
                let suffix = kind.rsplit('/').next().unwrap_or_default().to_string();
                out.entry(suffix)
                    .or_insert_with(|| resolve_target(dir, &target));
            }
        })?;
    }
    Ok(out)
}

fn find_parts(package: &mut Package<'_>) -> Result<Parts, PackageError> {
    let root = relationships(package, "_rels/.rels", "")?;
    let document = root
        .get("officeDocument")
        .cloned()
        .filter(|d| package.has(d))
        .or_else(|| {
            package
                .has("word/document.xml")
                .then(|| "word/document.xml".into())
        })
        .ok_or_else(|| {
            PackageError(format!(
                "not {KIND}: the package has no Word document part (word/document.xml)"
            ))
        })?;
    let (dir, file) = document.rsplit_once('/').unwrap_or(("", &document));
    let rels = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let related = relationships(package, &rels, dir)?;
    Ok(Parts { document, related })
}

/// The document's title, author and creation date from `docProps/core.xml`.
fn core_properties(package: &mut Package<'_>) -> Result<BTreeMap<String, String>, PackageError> {
    let mut props = BTreeMap::new();
    let part = "docProps/core.xml";
    let Some(xml) = package.part(part)? else {
        return Ok(props);
    };
    let mut current: Option<&'static str> = None;
    walk(&xml, part, |node| match node {
        Node::Start { element, .. } => {
            current = match local(element) {
                b"title" => Some("title"),
                b"creator" => Some("author"),
                b"created" => Some("date"),
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
                    .or_insert_with(String::new)
                    .push_str(text.trim());
            }
        }
    })?;
    Ok(props)
}

/// Read a Word document. Errors say what is wrong, without the file name.
pub fn convert(bytes: &[u8]) -> Result<Converted, PackageError> {
    let mut package = Package::open(bytes, KIND)?;
    let parts = find_parts(&mut package)?;
    let mut read_related = |kind: &str| -> Result<Option<(String, Vec<u8>)>, PackageError> {
        let Some(name) = parts.related.get(kind) else {
            return Ok(None);
        };
        Ok(package.part(name)?.map(|xml| (name.clone(), xml)))
    };
    let styles = match read_related("styles")? {
        Some((name, xml)) => Styles::parse(&xml, &name)?,
        None => Styles::default(),
    };
    let mut lists = match read_related("numbering")? {
        Some((name, xml)) => Lists::parse(&xml, &name)?,
        None => Lists::default(),
    };
    let footnotes_xml = read_related("footnotes")?;
    let endnotes_xml = read_related("endnotes")?;
    let comments_xml = read_related("comments")?;
    let document_xml = package.part(&parts.document)?.unwrap_or_default();

    let (mut footnotes, mut endnotes) = (0u32, 0u32);
    let body = walk_part(&document_xml, &parts.document, |kind| match kind {
        NoteKind::Footnote => {
            footnotes += 1;
            format!("[{footnotes}]")
        }
        NoteKind::Endnote => {
            endnotes += 1;
            format!("[{}]", roman(endnotes))
        }
    })?;

    let mut flow = Flow::with_capacity(document_xml.len() / 4);
    for (_, block) in &body.blocks {
        render_block(&mut flow, block, &styles, &mut lists);
    }
    let mut notes = Vec::new();
    for (kind, part, heading) in [
        (NoteKind::Footnote, footnotes_xml, "Footnotes"),
        (NoteKind::Endnote, endnotes_xml, "Endnotes"),
    ] {
        let referenced: Vec<&String> = body
            .references
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| id)
            .collect();
        if referenced.is_empty() {
            continue;
        }
        let texts = match part {
            Some((name, xml)) => note_texts(&xml, &name)?,
            None => HashMap::new(),
        };
        let items: Vec<(String, String)> = referenced
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let ordinal = i as u32 + 1;
                let marker = match kind {
                    NoteKind::Footnote => format!("[{ordinal}]"),
                    NoteKind::Endnote => format!("[{}]", roman(ordinal)),
                };
                (marker, texts.get(*id).cloned().unwrap_or_default())
            })
            .collect();
        flow.notes(heading, &items);
    }
    let comments = match comments_xml {
        Some((name, xml)) => count_elements(&xml, &name, b"comment")?,
        None => 0,
    };
    if comments > 0 {
        notes.push(format!(
            "{} left out (Coda keeps the document's text, not its comments)",
            plural(comments, "comment", "comments")
        ));
    }
    if body.tracked_changes > 0 {
        notes.push(format!(
            "{} accepted: the text is the document with every change accepted",
            plural(body.tracked_changes, "tracked change", "tracked changes")
        ));
    }
    Ok(Converted {
        rendered: flow.finish(),
        notes,
        properties: core_properties(&mut package)?,
    })
}

fn render_block(flow: &mut Flow, block: &Block, styles: &Styles, lists: &mut Lists) {
    let para = match block {
        Block::Row(cells) => return flow.row(cells),
        Block::Para(para) => para,
    };
    let heading = para
        .outline
        .filter(|o| *o < 9)
        .map(|o| o + 1)
        .or_else(|| para.style.as_deref().and_then(|s| styles.heading_level(s)));
    let kind = if let Some(level) = heading {
        BlockKind::Heading(level)
    } else {
        let num = if para.num.num_id.is_some() {
            para.num.clone()
        } else {
            para.style
                .as_deref()
                .map(|s| styles.numbering(s))
                .unwrap_or_default()
        };
        let level = num.level.unwrap_or(0);
        match num
            .num_id
            .as_deref()
            .and_then(|id| lists.next_marker(id, level))
        {
            Some(label) => BlockKind::ListItem {
                depth: usize::from(level) + 1,
                label,
            },
            None => BlockKind::Paragraph,
        }
    };
    flow.block(&kind, &para.text, &para.links);
}

/// Each note's text by id: its paragraphs on separate lines.
fn note_texts(xml: &[u8], name: &str) -> Result<HashMap<String, String>, PackageError> {
    let walked = walk_part(xml, name, |_| String::new())?;
    let mut texts: HashMap<String, String> = HashMap::new();
    for (id, block) in walked.blocks {
        let Some(id) = id else { continue };
        let line = match block {
            Block::Para(p) => p.text.trim().to_string(),
            Block::Row(cells) => cells.join("\t"),
        };
        let text = texts.entry(id).or_default();
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&line);
    }
    Ok(texts)
}

fn count_elements(xml: &[u8], name: &str, element_name: &[u8]) -> Result<usize, PackageError> {
    let mut count = 0;
    walk(xml, name, |node| {
        if let Node::Start { ns, element } = node
            && is_w(ns)
            && local(element) == element_name
        {
            count += 1;
        }
    })?;
    Ok(count)
}

#[cfg(test)]
mod tests;
