//! Web pages (.html, .htm) saved from a browser: the article's text without the page's
//! navigation, scripts, styles and furniture, found by `dom_smoothie` (a port of Firefox's
//! Reader View, readability.js; `docs/IMPORT.md` says why this crate). Headings, lists and
//! tables are kept as in Word documents; the page's title, author, canonical address and date go
//! to the document's properties. A page with no article (an index, a form) is read whole, less
//! its navigation, scripts and forms.

use crate::io::decode::decode;
use crate::io::rich_text::{BlockKind, Converted, Flow};
use dom_query::{Document, NodeRef};
use std::collections::BTreeMap;

/// Why a page could not be read, in words for the person adding it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct HtmlError(pub String);

/// A converted page and the encoding its bytes were read in.
#[derive(Debug)]
pub struct Page {
    pub converted: Converted,
    pub encoding: &'static str,
}

/// Elements that are never text a reader reads.
const NEVER_TEXT: [&str; 13] = [
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select",
    "button", "textarea", "head",
    // Text marked deleted (tracked changes saved as HTML): the accepted text is kept.
    "del",
];

/// Furniture never part of an article's text.
const FURNITURE: [&str; 3] = ["nav", "aside", "form"];

/// Furniture also left out when a page has no article and is read whole (an article's own
/// header holds its headline and byline).
const PAGE_FURNITURE: [&str; 2] = ["header", "footer"];

/// How deep the walk goes; deeper elements are read as plain text (no stack overflow on a
/// hostile page).
const MAX_DEPTH: usize = 256;

/// Nesting beyond which Reader View's scoring is not tried: its walks up and down the tree grow
/// with the square of the depth (a page nested 20,000 deep took a minute); real pages nest a
/// few dozen deep.
const MAX_ARTICLE_DEPTH: usize = 400;

/// Whether any element of the page lies deeper than `limit` (an iterative walk).
fn nested_deeper_than(page: &Document, limit: usize) -> bool {
    let mut stack = vec![(page.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > limit {
            return true;
        }
        for child in node.children() {
            if child.is_element() {
                stack.push((child, depth + 1));
            }
        }
    }
    false
}

/// The `charset` a page declares in its first kilobytes (`<meta charset>` or `http-equiv`).
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let value: String = head[at..]
        .trim_start_matches(['"', '\'', ' '])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

/// Collapse runs of white space to one space, as a browser shows text.
fn collapse(text: &str, out: &mut String) {
    for (i, word) in text.split(char::is_whitespace).enumerate() {
        if i > 0 && !out.is_empty() && !out.ends_with([' ', '\n']) {
            out.push(' ');
        }
        out.push_str(word);
    }
}

struct Converter {
    flow: Flow,
    text: String,
    links: Vec<(usize, usize)>,
    kind: BlockKind,
    /// Open lists: the next number of an ordered list, `None` for a bulleted one.
    lists: Vec<Option<u32>>,
    skip_furniture: bool,
    in_pre: usize,
}

impl Converter {
    /// Write the block read so far. A block with no text yet keeps its kind, so a list item's
    /// first paragraph (`<li><p>…`) is still the item.
    fn flush(&mut self) {
        if !self.text.trim().is_empty() {
            let kind = std::mem::replace(&mut self.kind, BlockKind::Paragraph);
            self.flow.block(&kind, &self.text, &self.links);
        }
        self.text.clear();
        self.links.clear();
    }

    /// End a heading or list item: what follows is a paragraph, even when it had no text.
    fn end_block(&mut self) {
        self.flush();
        self.kind = BlockKind::Paragraph;
    }

    fn element(&mut self, node: &NodeRef<'_>, depth: usize) {
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        let name = name.as_str();
        if NEVER_TEXT.contains(&name)
            || FURNITURE.contains(&name)
            || (self.skip_furniture && PAGE_FURNITURE.contains(&name))
            || node.attr("hidden").is_some()
            // pandoc writes a Word document's tracked deletions and comments as classed spans.
            || node.attr("class").is_some_and(|c| {
                c.split_whitespace()
                    .any(|c| c == "deletion" || c == "comment-start")
            })
            || node
                .attr("aria-hidden")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            return;
        }
        if depth > MAX_DEPTH {
            collapse(&node.text(), &mut self.text);
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.kind = BlockKind::Heading(name.as_bytes()[1] - b'0');
                self.children(node, depth);
                self.end_block();
            }
            "ul" | "ol" => {
                self.flush();
                let start = node.attr("start").and_then(|s| s.trim().parse().ok());
                self.lists
                    .push((name == "ol").then_some(start.unwrap_or(1)));
                self.children(node, depth);
                self.flush();
                self.lists.pop();
            }
            "li" => {
                self.flush();
                let depth_in_lists = self.lists.len().max(1);
                let label = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let label = format!("{n}.");
                        *n += 1;
                        label
                    }
                    _ => String::new(),
                };
                self.kind = BlockKind::ListItem {
                    depth: depth_in_lists,
                    label,
                };
                self.children(node, depth);
                self.end_block();
            }
            "table" => {
                self.flush();
                self.table(node);
            }
            "br" => self.text.push('\n'),
            "pre" => {
                self.flush();
                self.in_pre += 1;
                self.children(node, depth);
                self.in_pre -= 1;
                self.flush();
            }
            "a" => {
                let start = self.text.len();
                self.children(node, depth);
                if self.text.len() > start && node.attr("href").is_some() {
                    self.links.push((start, self.text.len()));
                }
            }
            "p" | "div" | "section" | "article" | "main" | "header" | "footer" | "aside"
            | "blockquote" | "figure" | "figcaption" | "dl" | "dt" | "dd" | "address" | "hr"
            | "details" | "summary" | "body" | "html" | "caption" | "center" => {
                self.flush();
                self.children(node, depth);
                self.flush();
            }
            _ => self.children(node, depth),
        }
    }

    fn children(&mut self, node: &NodeRef<'_>, depth: usize) {
        for child in node.children() {
            if child.is_text() {
                let text = child.text();
                if self.in_pre > 0 {
                    self.text.push_str(&text);
                } else {
                    collapse(&text, &mut self.text);
                }
            } else if child.is_element() {
                self.element(&child, depth + 1);
            }
        }
    }

    /// A table's rows, each row's cells as text (a table in a cell becomes that cell's text).
    fn table(&mut self, table: &NodeRef<'_>) {
        let mut rows = Vec::new();
        collect_rows(table, &mut rows, 0);
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .map(|cell| {
                    let mut text = String::new();
                    collapse(&cell.text(), &mut text);
                    text.trim().to_string()
                })
                .collect();
            self.flow.row(&cells);
        }
    }
}

/// The rows of `node`'s table (not of tables inside its cells).
fn collect_rows<'a>(node: &NodeRef<'a>, rows: &mut Vec<Vec<NodeRef<'a>>>, depth: usize) {
    if depth > 8 {
        return;
    }
    for child in node.children() {
        match child.node_name().map(|n| n.to_ascii_lowercase()).as_deref() {
            Some("tr") => rows.push(
                child
                    .children()
                    .into_iter()
                    .filter(|c| {
                        matches!(
                            c.node_name().map(|n| n.to_ascii_lowercase()).as_deref(),
                            Some("td" | "th")
                        )
                    })
                    .collect(),
            ),
            Some("thead" | "tbody" | "tfoot") => collect_rows(&child, rows, depth + 1),
            _ => {}
        }
    }
}

fn meta(doc: &Document, selector: &str, attribute: &str) -> Option<String> {
    doc.select(selector)
        .nodes()
        .iter()
        .find_map(|n| n.attr(attribute))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Read a web page. `forced` is an encoding named by the person adding it.
pub fn convert(bytes: &[u8], forced: Option<&str>) -> Result<Page, HtmlError> {
    let declared = declared_charset(bytes);
    let decoded = match forced.or(declared.as_deref()) {
        Some(label) => decode(bytes, Some(label)).or_else(|_| decode(bytes, None)),
        None => decode(bytes, None),
    }
    // A binary file (NUL bytes) is refused here, as for text files.
    .map_err(|e| HtmlError(e.to_string()))?;
    let html = decoded.text.as_str();
    let page = Document::from(html);

    let mut properties = BTreeMap::new();
    let url = meta(&page, r#"link[rel="canonical"]"#, "href")
        .or_else(|| meta(&page, r#"meta[property="og:url"]"#, "content"));
    let date = meta(
        &page,
        r#"meta[property="article:published_time"]"#,
        "content",
    )
    .or_else(|| meta(&page, r#"meta[name="dcterms.date"]"#, "content"))
    .or_else(|| meta(&page, r#"meta[name="date"]"#, "content"))
    .or_else(|| meta(&page, r#"meta[name="DC.date"]"#, "content"))
    .or_else(|| meta(&page, "time[datetime]", "datetime"));

    let mut flow = Flow::with_capacity(html.len() / 4);
    let mut notes = Vec::new();
    // Reader View's own test decides whether the page is an article (a page of links or a
    // short note is read whole).
    let too_deep = nested_deeper_than(&page, MAX_ARTICLE_DEPTH);
    let article = dom_smoothie::Readability::new(html, None, None).and_then(|mut r| {
        if !too_deep && r.is_probably_readable() {
            r.parse()
        } else {
            Err(dom_smoothie::ReadabilityError::GrabFailed)
        }
    });
    match article {
        Ok(article) => {
            let title = article.title.trim().to_string();
            // Reader View takes the headline out of the text (it is the title): put it back,
            // as the researcher quoting the article needs it.
            let content_start: String = article
                .text_content
                .trim_start()
                .chars()
                .take(400)
                .collect();
            if !title.is_empty() && !content_start.starts_with(&title) {
                flow.block(&BlockKind::Heading(1), &title, &[]);
            }
            let content = Document::from(article.content.as_ref());
            let mut c = Converter {
                flow,
                text: String::new(),
                links: Vec::new(),
                kind: BlockKind::Paragraph,
                lists: Vec::new(),
                skip_furniture: false,
                in_pre: 0,
            };
            c.element(&content.root(), 0);
            c.flush();
            flow = c.flow;
            if !title.is_empty() {
                properties.insert("title".to_string(), title);
            }
            if let Some(author) = article.byline.filter(|b| !b.trim().is_empty()) {
                properties.insert("author".to_string(), author);
            }
            let date = article
                .published_time
                .filter(|d| !d.trim().is_empty())
                .or(date);
            if let Some(date) = date {
                properties.insert("date".to_string(), date);
            }
            if let Some(url) = url.or(article.url) {
                properties.insert("url".to_string(), url);
            }
        }
        Err(_) => {
            notes.push(
                "no article found in the page; its whole text was kept, less navigation, \
                 headers, footers and forms"
                    .to_string(),
            );
            let mut c = Converter {
                flow,
                text: String::new(),
                links: Vec::new(),
                kind: BlockKind::Paragraph,
                lists: Vec::new(),
                skip_furniture: true,
                in_pre: 0,
            };
            c.element(&page.root(), 0);
            c.flush();
            flow = c.flow;
            if let Some(title) = meta_title(&page) {
                properties.insert("title".to_string(), title);
            }
            if let Some(date) = date {
                properties.insert("date".to_string(), date);
            }
            if let Some(url) = url {
                properties.insert("url".to_string(), url);
            }
        }
    }
    Ok(Page {
        converted: Converted {
            rendered: flow.finish(),
            notes,
            properties,
        },
        encoding: decoded.encoding,
    })
}

fn meta_title(page: &Document) -> Option<String> {
    let mut title = String::new();
    collapse(&page.select("title").text(), &mut title);
    let title = title.trim().to_string();
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests;
