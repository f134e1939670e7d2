//! A small streaming XML writer: elements and attributes appended to a byte buffer, escaped so
//! that every string reads back exactly (line breaks and tabs in attributes, carriage returns
//! anywhere, are written as character references, which XML parsers do not normalise away).

/// Writes one XML document into a buffer. Elements are opened and closed explicitly; an element
/// with no content is written as `<Name .../>`.
pub struct XmlWriter {
    out: Vec<u8>,
    /// Names of the open elements, innermost last.
    open: Vec<&'static str>,
    /// The last start tag is not yet closed with `>` (it may still become `/>`).
    tag_pending: bool,
    /// Indentation: each element on its own line, children indented by two spaces. Text
    /// content is written as it is, so indentation never changes a value.
    indent: bool,
}

impl XmlWriter {
    /// A document starting with the XML declaration (UTF-8, no byte-order mark).
    pub fn new(capacity: usize) -> Self {
        let mut out = Vec::with_capacity(capacity);
        out.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        Self {
            out,
            open: Vec::new(),
            tag_pending: false,
            indent: true,
        }
    }

    fn close_pending(&mut self) {
        if self.tag_pending {
            self.out.push(b'>');
            self.tag_pending = false;
        }
    }

    fn newline(&mut self) {
        if self.indent {
            self.out.push(b'\n');
            for _ in 0..self.open.len() {
                self.out.extend_from_slice(b"  ");
            }
        }
    }

    /// Open an element with its attributes (pairs with a `None` value are left out).
    pub fn start(&mut self, name: &'static str, attributes: &[(&str, Option<&str>)]) {
        self.close_pending();
        self.newline();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        for (key, value) in attributes {
            if let Some(value) = value {
                self.out.push(b' ');
                self.out.extend_from_slice(key.as_bytes());
                self.out.extend_from_slice(b"=\"");
                escape_into(&mut self.out, value, true);
                self.out.push(b'"');
            }
        }
        self.open.push(name);
        self.tag_pending = true;
    }

    /// Close the innermost open element.
    pub fn end(&mut self) {
        let name = self.open.pop().expect("an element is open");
        if self.tag_pending {
            self.out.extend_from_slice(b"/>");
            self.tag_pending = false;
            return;
        }
        self.newline();
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }

    /// An element with attributes and no content.
    pub fn empty(&mut self, name: &'static str, attributes: &[(&str, Option<&str>)]) {
        self.start(name, attributes);
        self.end();
    }

    /// An element holding only `text` (written exactly, no indentation inside).
    pub fn text_element(&mut self, name: &'static str, text: &str) {
        self.start(name, &[]);
        self.close_pending();
        escape_into(&mut self.out, text, false);
        // The closing tag follows the text directly.
        let name = self.open.pop().expect("just opened");
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }

    /// The finished document (every element must be closed).
    pub fn finish(mut self) -> Vec<u8> {
        debug_assert!(self.open.is_empty(), "unclosed elements: {:?}", self.open);
        self.out.push(b'\n');
        self.out
    }
}

/// Append `text` escaped for element content or (with `attribute`) a double-quoted attribute.
/// Characters XML 1.0 cannot carry at all (other control characters) are left out; the
/// exporter reports texts that hold them.
pub fn escape_into(out: &mut Vec<u8>, text: &str, attribute: bool) {
    let bytes = text.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let replacement: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' if attribute => b"&quot;",
            b'\r' => b"&#13;",
            b'\n' if attribute => b"&#10;",
            b'\t' if attribute => b"&#9;",
            b'\n' | b'\t' => continue,
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[from..i]);
        out.extend_from_slice(replacement);
        from = i + 1;
    }
    out.extend_from_slice(&bytes[from..]);
}

/// Whether `text` holds a character that XML 1.0 cannot carry (a control character other than
/// tab, line feed and carriage return).
pub fn has_unwritable_chars(text: &str) -> bool {
    text.bytes()
        .any(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        || text.chars().any(|c| matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_keeps_line_breaks_recoverable() {
        let mut w = XmlWriter::new(64);
        w.start("A", &[("name", Some("a&b \"c\"\nd\te\r")), ("skip", None)]);
        w.text_element("T", "x < y\r\nz");
        w.end();
        let text = String::from_utf8(w.finish()).unwrap();
        assert!(text.contains(r#"<A name="a&amp;b &quot;c&quot;&#10;d&#9;e&#13;">"#));
        assert!(text.contains("<T>x &lt; y&#13;\nz</T>"));
        assert!(!text.contains("skip"));
    }

    #[test]
    fn empty_elements_close_themselves() {
        let mut w = XmlWriter::new(64);
        w.start("A", &[]);
        w.empty("B", &[("k", Some("v"))]);
        w.end();
        let text = String::from_utf8(w.finish()).unwrap();
        assert!(text.ends_with("<A>\n  <B k=\"v\"/>\n</A>\n"), "{text}");
    }
}
