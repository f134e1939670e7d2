//! The report as plain CommonMark: every text from the project escaped, so that a passage or a
//! code name never turns into a heading, a list or a link.

use super::{counts_line, criteria, description_paragraphs, source_line, title};
use crate::analysis::report::Report;
use std::fmt::Write as _;

/// Backslash-escape what CommonMark would read as markup: the inline punctuation anywhere, and
/// at a line's start what would open a block (list, heading, quote, numbered item). Leading
/// spaces are dropped (four would make a code block).
pub(super) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_start().trim_end_matches('\r');
        let chars: Vec<char> = line.chars().collect();
        let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        for (j, &c) in chars.iter().enumerate() {
            let opens_block = j == 0 && matches!(c, '-' | '+' | '=')
                || (j == digits && digits > 0 && matches!(c, '.' | ')'));
            // An underscore inside a word (file_name) cannot open or close emphasis.
            let inside_word = c == '_'
                && j > 0
                && chars[j - 1].is_alphanumeric()
                && chars.get(j + 1).is_some_and(|n| n.is_alphanumeric());
            if opens_block
                || matches!(
                    c,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&'
                ) && !inside_word
            {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// One paragraph: lines joined by hard breaks would be markup; a blank line would end it, so
/// the text's own paragraphs become separate paragraphs.
fn paragraphs(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(escape_markdown)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A paragraph of runs as CommonMark: each run's text escaped, its emphasis as `*` / `**`
/// around it (the spaces at its ends left outside, where CommonMark wants them).
fn emphasised(runs: &[super::Run]) -> String {
    let mut out = String::new();
    for (text, bold, italic) in runs {
        let core = text.trim();
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        let marks = match (bold, italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        out.push_str(lead);
        if !core.is_empty() {
            out.push_str(marks);
            out.push_str(&escape_markdown(core));
            out.push_str(marks);
        }
        out.push_str(trail);
    }
    out.trim().to_string()
}

/// The report as CommonMark.
pub fn to_markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape_markdown(&title(report)));
    for line in &report.scope {
        let _ = writeln!(out, "* {}", escape_markdown(line));
    }
    if !report.scope.is_empty() {
        out.push('\n');
    }
    out.push_str("## Codebook\n\n");
    for code in &report.codes {
        let _ = writeln!(out, "### {}\n", escape_markdown(&code.path));
        let _ = writeln!(out, "{}.\n", counts_line(code));
        for paragraph in description_paragraphs(&code.description) {
            let _ = writeln!(out, "{}\n", emphasised(&paragraph));
        }
        for (label, value) in criteria(code) {
            let _ = writeln!(out, "**{label}:** {}\n", paragraphs(value));
        }
    }
    if report.codebook_only {
        return out;
    }
    out.push_str("## Coded passages\n\n");
    for code in report.codes.iter().filter(|c| !c.passages.is_empty()) {
        let _ = writeln!(out, "### {}\n", escape_markdown(&code.path));
        for passage in &code.passages {
            let quoted: Vec<String> = passage
                .text
                .split('\n')
                .map(|line| {
                    let line = escape_markdown(line);
                    if line.is_empty() {
                        ">".to_string()
                    } else {
                        format!("> {line}")
                    }
                })
                .collect();
            let _ = writeln!(out, "{}\n", quoted.join("\n"));
            let _ = writeln!(out, "— {}\n", escape_markdown(&source_line(passage)));
            if !passage.memo.trim().is_empty() {
                let _ = writeln!(out, "*Memo:* {}\n", paragraphs(&passage.memo));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_markdown;

    #[test]
    fn markup_is_escaped_so_that_it_reads_as_text() {
        assert_eq!(escape_markdown("# not a heading"), "\\# not a heading");
        assert_eq!(escape_markdown("- item\n2. step"), "\\- item\n2\\. step");
        assert_eq!(
            escape_markdown("a *b* [c](d) <e> x_y _z_"),
            "a \\*b\\* \\[c\\](d) \\<e\\> x_y \\_z\\_"
        );
        assert_eq!(escape_markdown("    code"), "code");
        assert_eq!(escape_markdown("2018 was"), "2018 was");
    }
}
