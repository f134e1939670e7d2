//! A QDA-XML file read into a light tree of elements: local names (namespace prefixes and the
//! `codebook:0:4` / `project:1:0` namespace variants do not matter), attributes by local name,
//! and each element's text. Built without recursion and with a depth limit, so no input can
//! overflow the stack.

use crate::wording::one_line;
use quick_xml::events::Event;
use std::borrow::Cow;

/// Deeper nesting than any real project (codes nest, sources do not) is refused.
const MAX_DEPTH: usize = 400;

pub struct Element {
    pub name: Cow<'static, str>,
    pub attributes: Vec<(Cow<'static, str>, String)>,
    pub children: Vec<usize>,
    pub text: String,
}

impl Element {
    /// The attribute `name` (compared case-sensitively, as XML does).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The whole document; element 0 is the root.
pub struct Tree {
    pub elements: Vec<Element>,
}

impl Tree {
    pub fn root(&self) -> &Element {
        &self.elements[0]
    }

    pub fn get(&self, index: usize) -> &Element {
        &self.elements[index]
    }

    /// The children of `parent`, with their indexes.
    pub fn children(&self, parent: usize) -> impl Iterator<Item = (usize, &Element)> {
        self.elements[parent]
            .children
            .iter()
            .map(|&i| (i, &self.elements[i]))
    }

    /// The first child of `parent` named `name`.
    pub fn child(&self, parent: usize, name: &str) -> Option<(usize, &Element)> {
        self.children(parent).find(|(_, e)| &*e.name == name)
    }

    /// The text of the first child named `name`, when it has any (an empty `<Description/>`
    /// counts as none).
    pub fn child_text(&self, parent: usize, name: &str) -> Option<&str> {
        self.child(parent, name)
            .map(|(_, e)| e.text.as_str())
            .filter(|t| !t.is_empty())
    }
}

/// The names of QDA-XML's elements and attributes: a name read is one of these, shared, not a
/// new string for each of the hundreds of thousands of elements of a large project.
const KNOWN_NAMES: &[&str] = &[
    // The most frequent first (every selection and coding has these).
    "guid",
    "targetGUID",
    "creatingUser",
    "creationDateTime",
    "Coding",
    "CodeRef",
    "name",
    "startPosition",
    "endPosition",
    "PlainTextSelection",
    "NoteRef",
    "Code",
    "isCodable",
    "color",
    "Description",
    "Note",
    "PlainTextContent",
    "TextSource",
    "plainTextPath",
    "Project",
    "Users",
    "User",
    "CodeBook",
    "Codes",
    "Variables",
    "Variable",
    "Cases",
    "Case",
    "Sources",
    "VariableValue",
    "VariableRef",
    "TextValue",
    "Notes",
    "Links",
    "Link",
    "Sets",
    "Set",
    "MemberCode",
    "MemberSource",
    "MemberNote",
    "Graphs",
    "PDFSource",
    "PDFSelection",
    "Representation",
    "SourceRef",
    "SelectionRef",
    "modifyingUser",
    "modifiedDateTime",
    "richTextPath",
    "path",
    "origin",
    "xmlns",
    "id",
    "typeOfVariable",
];

fn intern(name: &[u8]) -> Cow<'static, str> {
    match KNOWN_NAMES.iter().find(|k| k.as_bytes() == name) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(String::from_utf8_lossy(name).into_owned()),
    }
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// Parse `xml` (UTF-8; a leading byte-order mark is skipped). The error says where it failed,
/// on one line.
pub fn parse(xml: &[u8]) -> Result<Tree, String> {
    parse_lines(xml).map_err(|e| one_line(&e, 240))
}

fn parse_lines(xml: &[u8]) -> Result<Tree, String> {
    let xml = xml.strip_prefix("\u{feff}".as_bytes()).unwrap_or(xml);
    if let Err(e) = std::str::from_utf8(xml) {
        return Err(format!("not UTF-8 at byte {}", e.valid_up_to()));
    }
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut elements: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut buf = Vec::new();
    let mut root_closed = false;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            format!(
                "not well-formed XML at byte {}: {e}",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(start) => {
                if root_closed {
                    return Err("more than one root element".into());
                }
                if open.len() >= MAX_DEPTH {
                    return Err(format!("elements nested more than {MAX_DEPTH} deep"));
                }
                let name = intern(local(start.name().as_ref()));
                let mut attributes = Vec::new();
                for attribute in start.attributes() {
                    let attribute = attribute.map_err(|e| {
                        format!(
                            "a damaged attribute at byte {}: {e}",
                            reader.buffer_position()
                        )
                    })?;
                    let key = intern(local(attribute.key.as_ref()));
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| {
                            format!(
                                "a damaged attribute at byte {}: {e}",
                                reader.buffer_position()
                            )
                        })?
                        .into_owned();
                    // Keep the default namespace under its own name: `xmlns:x` and `xmlns`
                    // would otherwise both become `x`/`xmlns`.
                    let key = if attribute.key.as_ref() == b"xmlns" {
                        Cow::Borrowed("xmlns")
                    } else {
                        key
                    };
                    attributes.push((key, value));
                }
                let index = elements.len();
                elements.push(Element {
                    name,
                    attributes,
                    children: Vec::new(),
                    text: String::new(),
                });
                if let Some(&parent) = open.last() {
                    elements[parent].children.push(index);
                }
                open.push(index);
            }
            Event::End(_) => {
                open.pop();
                if open.is_empty() {
                    root_closed = true;
                }
            }
            Event::Text(text) => {
                if let Some(&current) = open.last() {
                    let content = text
                        .xml10_content()
                        .map_err(|e| format!("unreadable text: {e}"))?;
                    elements[current].text.push_str(&content);
                }
            }
            Event::CData(data) => {
                if let Some(&current) = open.last() {
                    let content = data.decode().map_err(|e| format!("unreadable text: {e}"))?;
                    elements[current].text.push_str(&content);
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(&current) = open.last() {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        Ok(None) => match reference.decode().as_deref() {
                            Ok("lt") => '<',
                            Ok("gt") => '>',
                            Ok("amp") => '&',
                            Ok("apos") => '\'',
                            Ok("quot") => '"',
                            _ => {
                                return Err(format!(
                                    "an unknown entity at byte {}",
                                    reader.buffer_position()
                                ));
                            }
                        },
                        Err(e) => return Err(format!("a damaged character reference: {e}")),
                    };
                    elements[current].text.push(resolved);
                }
            }
            Event::Eof => break,
            // Empty elements come as a start and an end (expand_empty_elements).
            Event::Empty(_)
            | Event::Decl(_)
            | Event::PI(_)
            | Event::Comment(_)
            | Event::DocType(_) => {}
        }
        buf.clear();
    }
    if elements.is_empty() {
        return Err("no XML element".into());
    }
    if !open.is_empty() {
        return Err("the XML ends before its elements are closed".into());
    }
    Ok(Tree { elements })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_local_names_attributes_and_escaped_text() {
        let tree = parse(
            "\u{feff}<q:Project xmlns:q=\"urn:QDA-XML:project:1.0\" name=\"a&amp;b&#10;c\"><q:Description>x &lt; y&#13;\r\nz<![CDATA[<w>]]></q:Description></q:Project>"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(&*tree.root().name, "Project");
        assert_eq!(tree.root().attr("name"), Some("a&b\nc"));
        assert_eq!(tree.child_text(0, "Description"), Some("x < y\r\nz<w>"));
    }

    #[test]
    fn refuses_damage_without_panicking() {
        for bad in [
            &b""[..],
            b"<a>",
            b"<a></b>",
            b"<a x='1' x='2'/>",
            b"<a>&nope;</a>",
            b"\xff\xfe<\x00",
            b"<a/><b/>",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = "<a>".repeat(100_000);
        assert!(parse(deep.as_bytes()).is_err());
    }
}
