//! The report as one self-contained HTML page: inline style, no scripts or external files,
//! every text from the project escaped; printed, a passage is never split across pages and a
//! heading never ends a page.

use super::{counts_line, criteria, description_paragraphs, source_line, title};
use crate::analysis::report::Report;
use crate::io::agreement_report::escape_html;
use std::fmt::Write as _;

const STYLE: &str = "\
body{font-family:Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
h1,h2,h3{font-family:sans-serif;line-height:1.2}\
h2{border-bottom:1px solid #999;margin-top:2em}\
h3{margin:1.5em 0 0.3em}\
.counts{color:#555;font-size:0.9em;margin:0 0 0.5em}\
.text,.quote{white-space:pre-wrap}\
dl{margin:0.3em 0 1em}dt{font-weight:bold;font-family:sans-serif;font-size:0.9em}dd{margin:0 0 0.4em 1.5em}\
.passage{margin:0 0 1.2em}\
blockquote{margin:0;padding:0.2em 0 0.2em 1em;border-left:3px solid #bbb}\
.source{color:#555;font-size:0.9em;margin:0.2em 0 0 1em}\
.memo{font-size:0.9em;margin:0.2em 0 0 1em}\
@media print{body{margin:0;max-width:none}\
h2{break-before:page;page-break-before:always}\
h2:first-of-type{break-before:auto;page-break-before:auto}\
h1,h2,h3{break-after:avoid;page-break-after:avoid}\
.passage,dl{break-inside:avoid;page-break-inside:avoid}}";

/// The report as an HTML page.
pub fn to_html(report: &Report) -> String {
    let mut out = String::new();
    let title = escape_html(&title(report));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n"
    );
    if !report.scope.is_empty() {
        out.push_str("<ul class=\"scope\">");
        for line in &report.scope {
            let _ = write!(out, "<li>{}</li>", escape_html(line));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>Codebook</h2>\n");
    for code in &report.codes {
        let _ = write!(
            out,
            "<section class=\"code\"><h3>{}</h3><p class=\"counts\">{}</p>",
            escape_html(&code.path),
            escape_html(&counts_line(code))
        );
        for paragraph in description_paragraphs(&code.description) {
            out.push_str("<p class=\"text\">");
            for (text, bold, italic) in &paragraph {
                let text = escape_html(text);
                let _ = match (bold, italic) {
                    (true, true) => write!(out, "<strong><em>{text}</em></strong>"),
                    (true, false) => write!(out, "<strong>{text}</strong>"),
                    (false, true) => write!(out, "<em>{text}</em>"),
                    (false, false) => write!(out, "{text}"),
                };
            }
            out.push_str("</p>");
        }
        let mut criteria = criteria(code).peekable();
        if criteria.peek().is_some() {
            out.push_str("<dl>");
            for (label, value) in criteria {
                let _ = write!(
                    out,
                    "<dt>{label}</dt><dd class=\"text\">{}</dd>",
                    escape_html(value.trim())
                );
            }
            out.push_str("</dl>");
        }
        out.push_str("</section>\n");
    }
    if !report.codebook_only {
        out.push_str("<h2>Coded passages</h2>\n");
        for code in report.codes.iter().filter(|c| !c.passages.is_empty()) {
            let _ = writeln!(
                out,
                "<section class=\"code\"><h3>{}</h3>",
                escape_html(&code.path)
            );
            for passage in &code.passages {
                let _ = write!(
                    out,
                    "<div class=\"passage\"><blockquote class=\"quote\">{}</blockquote>\
                     <p class=\"source\">— {}</p>",
                    escape_html(passage.text.trim()),
                    escape_html(&source_line(passage))
                );
                if !passage.memo.trim().is_empty() {
                    let _ = write!(
                        out,
                        "<p class=\"memo text\"><em>Memo:</em> {}</p>",
                        escape_html(passage.memo.trim())
                    );
                }
                out.push_str("</div>\n");
            }
            out.push_str("</section>\n");
        }
    }
    out.push_str("</body></html>\n");
    out
}
