//! The agreement report as a self-contained HTML page.

use super::{
    CHAR_BASED_WHY, GROUP_COLUMNS, PAIR_COLUMNS, coder_names, format_interval, format_value,
    scope_name, sections,
};
use crate::agreement::{Grade, Metric, Report, Row, Scope};
use crate::model::Project;
use std::fmt::Write as _;

/// `text` with the characters HTML gives a meaning (& < > " ') written as entities.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn grade_class(grade: Grade) -> &'static str {
    match grade {
        Grade::Poor => "poor",
        Grade::Fair => "fair",
        Grade::Moderate => "moderate",
        Grade::Substantial => "substantial",
        Grade::AlmostPerfect => "high",
        Grade::Undefined => "undef",
    }
}

/// A self-contained HTML page (inline style, no scripts or external files): the same tables
/// as the text report, cells coloured by grade, reasons as tooltips and footnotes.
pub fn to_html(report: &Report, project: &Project) -> String {
    let mut out = String::new();
    let coders = coder_names(project, &report.options.coders).join(", ");
    let title = format!("Agreement report: {}", project.name);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{}</title><style>\
         body{{font-family:sans-serif;margin:2em;color:#222}}\
         table{{border-collapse:collapse;margin:0.5em 0 1.5em}}\
         th,td{{border:1px solid #ccc;padding:3px 8px;text-align:right}}\
         th:first-child,td:first-child{{text-align:left}}\
         .poor{{background:#f4b4b4}}.fair{{background:#f8d3a8}}.moderate{{background:#f6eaa0}}\
         .substantial{{background:#cfe8a8}}.high{{background:#9fd69f}}.undef{{color:#777;font-style:italic}}\
         .note{{color:#555;font-size:90%}}\
         </style></head><body>\n<h1>{}</h1>\n",
        escape_html(&title),
        escape_html(&title)
    );
    let _ = writeln!(
        out,
        "<p>Coders: {}. Unit: {}. Documents: {}. Codes: {}{}. Segment threshold: {:.0} %. \
         Colours: below 0 or under 40 % red; kappa-type values graded at 0.2/0.4/0.6/0.8.</p>",
        escape_html(&coders),
        report.options.unit,
        report.documents.len(),
        report.options.codes.len(),
        if report.options.include_children {
            " (each with its subcodes)"
        } else {
            ""
        },
        report.options.threshold * 100.0
    );
    if report.restricted() {
        let (compared, of) = report
            .compared_chars
            .iter()
            .fold((0, 0), |(c, o), &(a, b)| (c + a, o + b));
        let _ = writeln!(
            out,
            "<p>Compared on the text every coder coded (their recorded coverage): {compared} of              {of} chars of the compared documents.</p>"
        );
        if !report.not_compared.is_empty() {
            out.push_str("<p>Not compared:</p><ul>\n");
            for (doc, reason) in &report.not_compared {
                let _ = writeln!(
                    out,
                    "<li>{}: {}</li>",
                    escape_html(&scope_name(project, Scope::Document(*doc))),
                    escape_html(reason)
                );
            }
            out.push_str("</ul>\n");
        }
    }
    html_usage(&mut out, report, project);
    for (code, scopes) in sections(report) {
        let heading = code.map_or_else(
            || "All codes together".to_string(),
            |c| project.code_path(c),
        );
        let _ = writeln!(
            out,
            "<h2>{}</h2>\n<table><tr><th>Scope</th>",
            escape_html(&heading)
        );
        for (metric, _) in GROUP_COLUMNS {
            let _ = write!(out, "<th>{}</th>", escape_html(metric.label()));
        }
        out.push_str("</tr>\n");
        for &scope in &scopes {
            let name = match scope {
                Scope::All => "All documents".to_string(),
                _ => scope_name(project, scope),
            };
            let _ = write!(out, "<tr><td>{}</td>", escape_html(&name));
            for (metric, _) in GROUP_COLUMNS {
                html_cell(
                    &mut out,
                    metric,
                    report.value(metric, code, &report.options.coders, scope),
                );
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n<table><tr><th>Pair (all documents)</th>");
        for (metric, _) in PAIR_COLUMNS {
            let _ = write!(out, "<th>{}</th>", escape_html(metric.label()));
        }
        out.push_str("</tr>\n");
        for pair in report.find(Metric::SegmentAgreement, code, Scope::All) {
            let name = coder_names(project, &pair.coders).join(" & ");
            let _ = write!(out, "<tr><td>{}</td>", escape_html(&name));
            for (metric, _) in PAIR_COLUMNS {
                html_cell(
                    &mut out,
                    metric,
                    report.value(metric, code, &pair.coders, Scope::All),
                );
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// What each code's figures rest on, with the warnings as marks (explained in tooltips and
/// below the table).
fn html_usage(out: &mut String, report: &Report, project: &Project) {
    let options = &report.options;
    let unit = options.unit.name();
    let _ = write!(
        out,
        "<h2>What each figure rests on</h2>\n<p>All documents pooled; {unit}s coded (and \
         segments) by each coder. Values in brackets are bootstrap 95 % intervals ({} \
         resamples, seed {}).</p>\n<table><tr><th>Code</th><th>Units</th><th>Coded by anyone</th>",
        options.bootstrap, options.seed
    );
    for name in coder_names(project, &options.coders) {
        let _ = write!(out, "<th>{}</th>", escape_html(&name));
    }
    out.push_str("<th>Warnings</th></tr>\n");
    for usage in &report.usage {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td>",
            escape_html(&project.code_path(usage.code)),
            usage.units,
            usage.coded_units
        );
        for coder in &usage.coders {
            let _ = write!(out, "<td>{} ({})</td>", coder.coded_units, coder.segments);
        }
        out.push_str("<td>");
        for warning in &usage.warnings {
            let _ = write!(
                out,
                "<span title=\"{}\">⚠ {}</span> ",
                escape_html(&warning.explanation()),
                warning.mark()
            );
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</table>\n");
    if options.unit != crate::agreement::Unit::Char {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}.</p>",
            escape_html(CHAR_BASED_WHY)
        );
    }
}

fn html_cell(out: &mut String, metric: Metric, row: Option<&Row>) {
    match row {
        None => out.push_str("<td>-</td>"),
        Some(row) => {
            let class = grade_class(Grade::of(metric, &row.value));
            let title = crate::agreement::explain::undefined_in_plain_words(row)
                .map(|text| escape_html(&text))
                .unwrap_or_default();
            let interval = row.ci95.map_or_else(String::new, |ci| {
                format!(" <span class=\"note\">{}</span>", format_interval(ci))
            });
            let _ = write!(
                out,
                "<td class=\"{class}\" title=\"{title}\">{}{interval}</td>",
                escape_html(&format_value(metric, &row.value))
            );
        }
    }
}
