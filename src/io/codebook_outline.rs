//! A codebook written as a Markdown outline:
//!
//! ```markdown
//! - Push factors: Conditions that make people receptive to *extremist* ideas.
//!   - Include: economic, political and social conditions named as causes.
//!   - Exclude: how people are contacted (see Recruitment channels).
//!   - Hotkey: 1
//!   - Unemployment and labour migration: Lack of work at home; migration for work.
//! ```
//!
//! Each bullet is a code; text after the first colon is its description (Markdown). A nested
//! bullet starting with `Include:`, `Exclude:`, `Example:`, `Hotkey:`, `Colour:`/`Color:` or
//! `Memo:` sets that field of its parent instead of making a subcode.

use crate::model::{Code, Color, PATH_SEPARATOR};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct OutlineError {
    pub line: usize,
    pub message: String,
}

#[derive(Default)]
struct Item {
    /// Source bytes of the item's own text (before any nested list).
    text: Option<Range<usize>>,
    children: Vec<Item>,
}

fn line_of(source: &str, byte: usize) -> usize {
    source[..byte].matches('\n').count() + 1
}

/// Parse an outline into codes, parents before their children, coloured from the palette.
pub fn parse(source: &str) -> Result<Vec<Code>, Vec<OutlineError>> {
    // Build the tree of list items with the source range of each item's own text.
    let mut stack: Vec<Item> = vec![Item::default()];
    // Depth of nested lists inside the innermost item: text belongs to an item only before its
    // first nested list starts.
    let mut nested_list_seen: Vec<bool> = vec![false];
    for (event, range) in Parser::new(source).into_offset_iter() {
        match event {
            Event::Start(Tag::Item) => {
                stack.push(Item::default());
                nested_list_seen.push(false);
            }
            Event::End(TagEnd::Item) => {
                let item = stack.pop().expect("items are balanced");
                nested_list_seen.pop();
                stack.last_mut().expect("root stays").children.push(item);
            }
            Event::Start(Tag::List(_)) => {
                if let Some(seen) = nested_list_seen.last_mut() {
                    *seen = true;
                }
            }
            Event::Text(_)
            | Event::Code(_)
            | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link)
                if stack.len() > 1 && !nested_list_seen.last().copied().unwrap_or(true) =>
            {
                let item = stack.last_mut().expect("inside an item");
                item.text = Some(match item.text.take() {
                    Some(r) => r.start.min(range.start)..r.end.max(range.end),
                    None => range,
                });
            }
            _ => {}
        }
    }
    let root = stack.pop().expect("root");
    let mut codes = Vec::new();
    let mut errors = Vec::new();
    for item in &root.children {
        convert(source, item, None, &mut codes, &mut errors);
    }
    if codes.is_empty() && errors.is_empty() {
        errors.push(OutlineError {
            line: 1,
            message: "no codes found: write the codebook as a bulleted list (- Code: description)"
                .into(),
        });
    }
    // Sibling names must be unique for code paths to name one code.
    let mut seen = HashSet::new();
    for code in &codes {
        if !seen.insert((code.parent, code.name.clone())) {
            errors.push(OutlineError {
                line: 0,
                message: format!(
                    "the code {:?} appears twice under the same parent",
                    code.name
                ),
            });
        }
    }
    if errors.is_empty() {
        Ok(codes)
    } else {
        Err(errors)
    }
}

fn convert(
    source: &str,
    item: &Item,
    parent: Option<usize>,
    codes: &mut Vec<Code>,
    errors: &mut Vec<OutlineError>,
) {
    let Some(range) = item.text.clone() else {
        return;
    };
    let line = line_of(source, range.start);
    let raw = source[range].trim();
    let (name, description) = match raw.split_once(':') {
        Some((name, rest)) => (name.trim(), rest.trim()),
        None => (raw, ""),
    };
    let mut error = |message: String| errors.push(OutlineError { line, message });
    if name.is_empty() {
        error("a code needs a name before the colon".into());
        return;
    }
    if name.contains(PATH_SEPARATOR) {
        error(format!(
            "the code name {name:?} contains {PATH_SEPARATOR:?}, which separates code paths"
        ));
        return;
    }
    let mut code = Code::new(
        name,
        parent.map(|p| codes[p].id),
        Color::from_palette(codes.len()),
    );
    code.description = description.to_string();
    let index = codes.len();
    codes.push(code);
    for child in &item.children {
        let Some(child_range) = child.text.clone() else {
            continue;
        };
        let child_line = line_of(source, child_range.start);
        let text = source[child_range].trim();
        let field = text
            .split_once(':')
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()));
        let code = &mut codes[index];
        match field {
            Some((key, value)) if key == "include" => code.inclusion = value,
            Some((key, value)) if key == "exclude" => code.exclusion = value,
            Some((key, value)) if key == "example" => code.example = value,
            Some((key, value)) if key == "memo" => code.memo = value,
            Some((key, value)) if key == "colour" || key == "color" => match value.parse() {
                Ok(color) => code.color = color,
                Err(e) => errors.push(OutlineError {
                    line: child_line,
                    message: e.to_string(),
                }),
            },
            Some((key, value)) if key == "hotkey" => match value.parse::<u8>() {
                Ok(k @ 1..=9) => code.hotkey = Some(k),
                _ => errors.push(OutlineError {
                    line: child_line,
                    message: format!("hotkey must be a digit from 1 to 9, found {value:?}"),
                }),
            },
            _ => convert(source, child, Some(index), codes, errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_fields_and_subcodes() {
        let md = "# Codebook\n\n- Push factors: Why people are *drawn* in.\n  - Include: causes named by the author\n  - Hotkey: 1\n  - Colour: #112233\n  - Unemployment: No work: at home.\n    - Example: “no jobs”\n- Policy responses\n";
        let codes = parse(md).unwrap();
        assert_eq!(codes.len(), 3);
        assert_eq!(codes[0].name, "Push factors");
        assert_eq!(codes[0].description, "Why people are *drawn* in.");
        assert_eq!(codes[0].inclusion, "causes named by the author");
        assert_eq!(codes[0].hotkey, Some(1));
        assert_eq!(codes[0].color, Color::rgb(0x11, 0x22, 0x33));
        assert_eq!(codes[1].name, "Unemployment");
        assert_eq!(codes[1].description, "No work: at home.");
        assert_eq!(codes[1].parent, Some(codes[0].id));
        assert_eq!(codes[1].example, "“no jobs”");
        assert_eq!(codes[2].parent, None);
    }

    #[test]
    fn reports_bad_lines() {
        let errors = parse("- A\n  - Hotkey: 12\n- B/C: x\n").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 2);
        assert_eq!(errors[1].line, 3);
        assert!(parse("just prose\n").is_err());
    }
}
