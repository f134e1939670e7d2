//! Markdown documents rendered to the text a reader sees, with headings, emphasis, lists and
//! quotes kept as display styles on char ranges of that text.

pub use crate::io::rich_text::Rendered;
use crate::io::rich_text::{Builder, list_marker};
use crate::model::Style;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

struct Renderer {
    b: Builder,
    /// One entry per open list: the next item number of an ordered list.
    lists: Vec<Option<u64>>,
    in_table_row_cells: usize,
}

impl Renderer {
    fn push(&mut self, s: &str) {
        self.b.push(s);
    }

    fn block_break(&mut self, breaks: usize) {
        self.b.block_break(breaks);
    }

    fn open(&mut self, style: Style) {
        self.b.open(style);
    }

    fn close(&mut self, style: Style) {
        self.b.close(style);
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Render Markdown source (already decoded and newline-normalised).
pub fn render(source: &str) -> Rendered {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut r = Renderer {
        b: Builder::with_capacity(source.len()),
        lists: Vec::new(),
        in_table_row_cells: 0,
    };
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => r.block_break(if r.lists.is_empty() { 2 } else { 1 }),
                Tag::Heading { level, .. } => {
                    r.block_break(2);
                    r.open(Style::Heading(heading_level(level)));
                }
                Tag::BlockQuote(_) => {
                    r.block_break(2);
                    r.open(Style::BlockQuote);
                }
                Tag::CodeBlock(_) => {
                    r.block_break(2);
                    r.open(Style::CodeBlock);
                }
                Tag::List(start) => {
                    r.block_break(if r.lists.is_empty() { 2 } else { 1 });
                    r.lists.push(start);
                }
                Tag::Item => {
                    r.block_break(1);
                    let depth = r.lists.len();
                    let marker = match r.lists.last_mut() {
                        Some(Some(n)) => {
                            let m = format!("{n}.");
                            *n += 1;
                            m
                        }
                        _ => String::new(),
                    };
                    r.open(Style::ListItem(depth.clamp(1, 255) as u8));
                    r.push(&list_marker(depth, &marker));
                }
                Tag::Emphasis => r.open(Style::Emphasis),
                Tag::Strong => r.open(Style::Strong),
                Tag::Strikethrough => r.open(Style::Strikethrough),
                Tag::Link { .. } => r.open(Style::Link),
                Tag::Table(_) => r.block_break(2),
                Tag::TableHead | Tag::TableRow => {
                    r.block_break(1);
                    r.in_table_row_cells = 0;
                }
                Tag::TableCell => {
                    if r.in_table_row_cells > 0 {
                        r.push("\t");
                    }
                    r.in_table_row_cells += 1;
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph => r.block_break(if r.lists.is_empty() { 2 } else { 1 }),
                TagEnd::Heading(level) => {
                    r.close(Style::Heading(heading_level(level)));
                    r.block_break(2);
                }
                TagEnd::BlockQuote(_) => {
                    r.close(Style::BlockQuote);
                    r.block_break(2);
                }
                TagEnd::CodeBlock => {
                    // The code block's text ends with its last newline: keep it out of the span.
                    if r.b.ends_with("\n") {
                        r.b.pop();
                    }
                    r.close(Style::CodeBlock);
                    r.block_break(2);
                }
                TagEnd::List(_) => {
                    r.lists.pop();
                    r.block_break(if r.lists.is_empty() { 2 } else { 1 });
                }
                TagEnd::Item => {
                    let depth = r.lists.len();
                    r.close(Style::ListItem(depth.clamp(1, 255) as u8));
                    r.block_break(1);
                }
                TagEnd::Emphasis => r.close(Style::Emphasis),
                TagEnd::Strong => r.close(Style::Strong),
                TagEnd::Strikethrough => r.close(Style::Strikethrough),
                TagEnd::Link => r.close(Style::Link),
                TagEnd::Table => r.block_break(2),
                TagEnd::TableHead | TagEnd::TableRow => r.block_break(1),
                _ => {}
            },
            Event::Text(text) => r.push(&text),
            Event::Code(code) => {
                r.open(Style::InlineCode);
                r.push(&code);
                r.close(Style::InlineCode);
            }
            Event::SoftBreak => r.push(" "),
            Event::HardBreak => r.push("\n"),
            Event::Rule => r.block_break(2),
            Event::TaskListMarker(done) => r.push(if done { "[x] " } else { "[ ] " }),
            Event::InlineMath(m) | Event::DisplayMath(m) => r.push(&m),
            Event::Html(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) => {}
        }
    }
    r.b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CharRange, Text};

    fn styled<'a>(r: &'a Rendered, text: &'a Text, style: Style) -> Vec<&'a str> {
        r.styles
            .iter()
            .filter(|s| s.style == style)
            .map(|s| text.slice(CharRange::new(s.start, s.end)).unwrap())
            .collect()
    }

    #[test]
    fn renders_reader_text_with_styles() {
        let md = "# Вербовка online\n\nSome *emphasis* and **strong** text with a [link](http://x.org).\n\n- first item\n- second\n  - nested `code`\n\n1. one\n2. two\n\n> quoted\n";
        let r = render(md);
        assert_eq!(
            r.text,
            "Вербовка online\n\nSome emphasis and strong text with a link.\n\n• first item\n• second\n    • nested code\n\n1. one\n2. two\n\nquoted"
        );
        let text = Text::from(r.text.as_str());
        assert_eq!(styled(&r, &text, Style::Heading(1)), ["Вербовка online"]);
        assert_eq!(styled(&r, &text, Style::Emphasis), ["emphasis"]);
        assert_eq!(styled(&r, &text, Style::Strong), ["strong"]);
        assert_eq!(styled(&r, &text, Style::Link), ["link"]);
        assert_eq!(styled(&r, &text, Style::InlineCode), ["code"]);
        assert_eq!(styled(&r, &text, Style::ListItem(2)), ["    • nested code"]);
        assert_eq!(styled(&r, &text, Style::BlockQuote), ["quoted"]);
        assert!(!r.text.contains('#') && !r.text.contains('*') && !r.text.contains("]("));
    }
}
