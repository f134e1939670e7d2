//! The layout of a code's `<Description>`: REFI-QDA has one text per code, Coda has a
//! description and three criteria (and, in a `.qdc` file, which has no notes, the memo). They
//! are written as the description followed by a Markdown heading per non-empty field:
//!
//! ```text
//! Conditions that make people receptive to extremist ideas.
//!
//! ## Inclusion criteria
//! Economic, political and social conditions named as causes.
//!
//! ## Exclusion criteria
//! How people are contacted.
//!
//! ## Example
//! "There is no work here, so they go to Russia."
//!
//! ## Memo
//! Merged from two codes in May.
//! ```
//!
//! Each heading stands on a line of its own after a blank line (or at the very start when the
//! description is empty), in this order. A description from another program without these
//! headings is read whole as the description.

/// The fields of a code that share the `Description` element.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeTexts {
    pub description: String,
    pub inclusion: String,
    pub exclusion: String,
    pub example: String,
    /// Only in `.qdc` files; in a project the memo is a note.
    pub memo: String,
}

const HEADINGS: [&str; 4] = [
    "## Inclusion criteria",
    "## Exclusion criteria",
    "## Example",
    "## Memo",
];

impl CodeTexts {
    fn sections(&self) -> [&String; 4] {
        [&self.inclusion, &self.exclusion, &self.example, &self.memo]
    }

    fn section_mut(&mut self, i: usize) -> &mut String {
        match i {
            0 => &mut self.inclusion,
            1 => &mut self.exclusion,
            2 => &mut self.example,
            _ => &mut self.memo,
        }
    }
}

/// The `Description` text for these fields (empty when all are empty).
pub fn compose(texts: &CodeTexts) -> String {
    let mut out = texts.description.clone();
    for (heading, value) in HEADINGS.iter().zip(texts.sections()) {
        if value.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(heading);
        out.push('\n');
        out.push_str(value);
    }
    out
}

/// Split a `Description` into the fields [`compose`] wrote.
pub fn parse(text: &str) -> CodeTexts {
    let mut texts = CodeTexts::default();
    // Where each section's heading starts and its value starts, in heading order.
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    let mut from = 0;
    for (i, heading) in HEADINGS.iter().enumerate() {
        let at_start =
            from == 0 && text.starts_with(heading) && text[heading.len()..].starts_with('\n');
        if at_start {
            found.push((i, 0, heading.len() + 1));
            from = heading.len() + 1;
            continue;
        }
        let pattern = format!("\n\n{heading}\n");
        if let Some(pos) = text[from..].find(&pattern) {
            let start = from + pos;
            found.push((i, start, start + pattern.len()));
            from = start + pattern.len();
        }
    }
    let description_end = found.first().map_or(text.len(), |f| f.1);
    texts.description = text[..description_end].to_string();
    for (n, &(i, _, value_start)) in found.iter().enumerate() {
        let value_end = found.get(n + 1).map_or(text.len(), |next| next.1);
        *texts.section_mut(i) = text[value_start..value_end].to_string();
    }
    texts
}

/// Whether [`parse`] gives these fields back from [`compose`] (it does not when a field holds a
/// line that looks like one of the headings).
pub fn round_trips(texts: &CodeTexts) -> bool {
    parse(&compose(texts)) == *texts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(d: &str, i: &str, x: &str, e: &str, m: &str) -> CodeTexts {
        CodeTexts {
            description: d.into(),
            inclusion: i.into(),
            exclusion: x.into(),
            example: e.into(),
            memo: m.into(),
        }
    }

    #[test]
    fn every_combination_of_fields_reads_back() {
        let values = ["", "one", "two\nlines\n", "## Not a heading of ours"];
        for d in values {
            for i in values {
                for x in ["", "ex"] {
                    for e in ["", "\"quote\""] {
                        for m in ["", "memo\n\nwith a gap"] {
                            let t = texts(d, i, x, e, m);
                            assert_eq!(parse(&compose(&t)), t, "{:?}", compose(&t));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn layout_is_as_documented() {
        let t = texts("Desc.", "In.", "", "Ex.", "");
        assert_eq!(
            compose(&t),
            "Desc.\n\n## Inclusion criteria\nIn.\n\n## Example\nEx."
        );
        assert_eq!(
            compose(&texts("", "In.", "", "", "")),
            "## Inclusion criteria\nIn."
        );
    }

    #[test]
    fn another_programs_text_is_the_description() {
        let t = parse("A definition\n\nwith paragraphs.");
        assert_eq!(t.description, "A definition\n\nwith paragraphs.");
        assert!(t.inclusion.is_empty() && t.memo.is_empty());
    }

    #[test]
    fn a_field_holding_a_heading_is_detected() {
        let t = texts("Intro\n\n## Example\nnot ours", "", "", "", "");
        assert!(!round_trips(&t));
    }
}
