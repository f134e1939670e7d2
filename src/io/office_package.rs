//! What Word (.docx) and OpenDocument (.odt) files share: a zip package of XML parts. Reading
//! a part is bounded (a damaged or hostile package cannot make Coda allocate without limit),
//! and XML is walked as a stream of namespace-resolved starts, ends and text.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// The largest part Coda unpacks: far above any real document's XML, far below memory.
const PART_LIMIT: u64 = 512 * 1024 * 1024;

/// Why a package could not be read, in words for the person adding it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PackageError(pub String);

/// An opened zip package.
pub struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Package<'a> {
    /// Open `bytes` as a zip package; `kind` names what it should be ("a Word document").
    pub fn open(bytes: &'a [u8], kind: &str) -> Result<Self, PackageError> {
        // Word writes password-protected documents (and Word 97-2003 wrote every .doc) as an
        // OLE compound file, not a zip: say that rather than "not a zip".
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Err(PackageError(format!(
                "not {kind}: it is password-protected or an old binary Word/Office file (.doc); \
                 open it in the program that made it and save it unprotected as .docx or .odt"
            )));
        }
        if !bytes.starts_with(b"PK") {
            return Err(PackageError(format!("not {kind}: it is not a zip package")));
        }
        ZipArchive::new(Cursor::new(bytes))
            .map(|zip| Self { zip })
            .map_err(|e| PackageError(format!("damaged: the zip package cannot be read ({e})")))
    }

    /// Whether the package holds a part of this name.
    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The names of every part, in the package's order.
    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }

    /// The part `name`, or `None` when the package has none.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, PackageError> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let damaged = |e: &dyn std::fmt::Display| {
            PackageError(format!("damaged: its part {name} cannot be read ({e})"))
        };
        let file = self.zip.by_index(index).map_err(|e| damaged(&e))?;
        if file.encrypted() {
            return Err(PackageError(format!(
                "its part {name} is encrypted; save the file unprotected and add it again"
            )));
        }
        let mut out = Vec::with_capacity(file.size().min(64 * 1024 * 1024) as usize);
        file.take(PART_LIMIT + 1)
            .read_to_end(&mut out)
            .map_err(|e| damaged(&e))?;
        if out.len() as u64 > PART_LIMIT {
            return Err(PackageError(format!(
                "its part {name} unpacks to more than {} MB",
                PART_LIMIT / 1024 / 1024
            )));
        }
        Ok(Some(out))
    }
}

/// One step of an XML part. Empty elements come as a start and its end.
pub enum Node<'e> {
    Start {
        ns: &'e [u8],
        element: &'e BytesStart<'e>,
    },
    End {
        ns: &'e [u8],
        local: &'e [u8],
    },
    Text(&'e str),
}

/// The namespace an element resolved to (empty when unbound).
fn namespace<'r>(resolved: &'r ResolveResult<'_>) -> &'r [u8] {
    match resolved {
        ResolveResult::Bound(ns) => ns.0,
        _ => b"",
    }
}

/// Walk the XML part `name` (its bytes in `xml`), calling `visit` for each node.
pub fn walk(xml: &[u8], name: &str, mut visit: impl FnMut(Node<'_>)) -> Result<(), PackageError> {
    let mut reader = quick_xml::NsReader::from_reader(xml);
    reader.config_mut().expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut text = String::new();
    loop {
        let read = reader.read_resolved_event_into(&mut buf);
        let (resolved, event) = match read {
            Ok(x) => x,
            Err(e) => {
                let message = e.to_string();
                drop(e);
                return Err(PackageError(format!(
                    "damaged: its part {name} is not well-formed XML (at byte {}: {message})",
                    reader.error_position()
                )));
            }
        };
        let ns = namespace(&resolved).to_vec();
        let bad_text = |e: &dyn std::fmt::Display| {
            PackageError(format!(
                "damaged: its part {name} has unreadable text ({e})"
            ))
        };
        match event {
            Event::Start(element) => visit(Node::Start {
                ns: &ns,
                element: &element,
            }),
            Event::End(end) => visit(Node::End {
                ns: &ns,
                local: end.local_name().into_inner(),
            }),
            Event::Text(t) => {
                text.clear();
                text.push_str(&t.decode().map_err(|e| bad_text(&e))?);
                visit(Node::Text(&text));
            }
            Event::CData(t) => {
                text.clear();
                text.push_str(&t.decode().map_err(|e| bad_text(&e))?);
                visit(Node::Text(&text));
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| bad_text(&e))? {
                    Some(c) => Some(c),
                    None => match &*r {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    let mut utf8 = [0; 4];
                    visit(Node::Text(c.encode_utf8(&mut utf8)));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// The value of the attribute whose local name is `local` (any prefix), unescaped.
pub fn attr(element: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// An element's local name.
pub fn local<'e>(element: &'e BytesStart<'_>) -> &'e [u8] {
    element.local_name().into_inner()
}

/// Counts nesting so a whole subtree can be skipped: entered at a start, left at its end.
#[derive(Debug, Default)]
pub struct Skip {
    depth: usize,
}

impl Skip {
    pub fn active(&self) -> bool {
        self.depth > 0
    }

    /// Call at every start while active, or to begin skipping at this start.
    pub fn enter(&mut self) {
        self.depth += 1;
    }

    /// Call at every end while active.
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_zip_and_ole_files_are_told_apart() {
        let err = |b: &[u8]| Package::open(b, "a Word document").err().unwrap().0;
        assert_eq!(
            err(b"hello"),
            "not a Word document: it is not a zip package"
        );
        assert!(
            err(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0])
                .contains("password-protected")
        );
        assert!(err(b"PK\x03\x04garbage").starts_with("damaged: the zip package cannot be read"));
    }

    #[test]
    fn walk_resolves_namespaces_and_references() {
        let xml = br#"<a:x xmlns:a="urn:a"><a:y k="v&amp;w"/>1 &lt; 2&#x20AC;</a:x>"#;
        let mut seen = Vec::new();
        walk(xml, "t.xml", |node| match node {
            Node::Start { ns, element } => seen.push(format!(
                "<{}:{}:{:?}>",
                String::from_utf8_lossy(ns),
                String::from_utf8_lossy(local(element)),
                attr(element, b"k")
            )),
            Node::End { local, .. } => seen.push(format!("</{}>", String::from_utf8_lossy(local))),
            Node::Text(t) => seen.push(t.to_string()),
        })
        .unwrap();
        assert_eq!(
            seen.concat(),
            "<urn:a:x:None><urn:a:y:Some(\"v&w\")></y>1 < 2€</x>"
        );
        let err = walk(b"<a><b></a>", "t.xml", |_| {}).unwrap_err().0;
        assert!(
            err.starts_with("damaged: its part t.xml is not well-formed XML"),
            "{err}"
        );
    }
}
