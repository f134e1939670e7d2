//! An agreement report written out: JSON (the schema of `docs/AGREEMENT.md`), CSV, a readable
//! text table per code, and a self-contained HTML page.

use crate::agreement::{Counts, Metric, Report, Row, Scope, Value};
use crate::model::{CoderId, Project};
use serde_json::json;
use std::fmt::Write as _;

mod html;
pub use html::{escape_html, to_html};

/// "all", or the document's name.
pub fn scope_name(project: &Project, scope: Scope) -> String {
    match scope {
        Scope::All => "all".to_string(),
        Scope::Document(id) => project
            .document(id)
            .map_or_else(|| id.to_string(), |d| d.name.clone()),
    }
}

fn coder_names(project: &Project, coders: &[CoderId]) -> Vec<String> {
    coders
        .iter()
        .map(|&id| {
            project
                .coder(id)
                .map_or_else(|| id.to_string(), |c| c.name.clone())
        })
        .collect()
}

fn code_name(project: &Project, row: &Row) -> Option<String> {
    row.code.map(|id| project.code_path(id))
}

/// A value for people: percentages with one decimal, coefficients with three. A value that
/// rounds to zero is written without a sign ("-0.000" reads as a real negative agreement).
pub fn format_value(metric: Metric, value: &Value) -> String {
    let unsigned_zero = |text: String| match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| matches!(c, '0' | '.' | ' ' | '%')) => rest.to_string(),
        _ => text,
    };
    match value {
        Value::Defined(v) if metric.is_percentage() => unsigned_zero(format!("{:.1} %", v * 100.0)),
        Value::Defined(v) => unsigned_zero(format!("{v:.3}")),
        Value::Undefined(_) => "undefined".to_string(),
    }
}

/// The whole report as one JSON object.
pub fn to_json(report: &Report, project: &Project) -> serde_json::Value {
    let results: Vec<serde_json::Value> = report
        .rows
        .iter()
        .map(|row| {
            json!({
                "metric": row.metric.key(),
                "code": code_name(project, row),
                "coders": coder_names(project, &row.coders),
                "scope": scope_name(project, row.scope),
                "value": row.value.number(),
                "status": if row.value.number().is_some() { "ok" } else { "undefined" },
                "reason": row.value.reason(),
                "counts": counts_json(&row.counts),
                "ci95": row.ci95.map(|(low, high)| [low, high]),
                "unit": metric_unit(report, row.metric),
            })
        })
        .collect();
    json!({
        "unit": report.options.unit.name(),
        "coders": coder_names(project, &report.options.coders),
        "documents": report
            .documents
            .iter()
            .map(|&d| scope_name(project, Scope::Document(d)))
            .collect::<Vec<_>>(),
        "codes": report.options.codes.iter().map(|&c| project.code_path(c)).collect::<Vec<_>>(),
        "include_children": report.options.include_children,
        "threshold": report.options.threshold,
        "missing": report
            .missing
            .iter()
            .map(|&(coder, doc)| json!({
                "coder": coder_names(project, &[coder])[0],
                "document": scope_name(project, Scope::Document(doc)),
            }))
            .collect::<Vec<_>>(),
        "compared_text": report
            .documents
            .iter()
            .zip(&report.compared_chars)
            .map(|(&doc, &(chars, of))| json!({
                "document": scope_name(project, Scope::Document(doc)),
                "chars": chars,
                "of": of,
            }))
            .collect::<Vec<_>>(),
        "not_compared": report
            .not_compared
            .iter()
            .map(|(doc, reason)| json!({
                "document": scope_name(project, Scope::Document(*doc)),
                "reason": reason,
            }))
            .collect::<Vec<_>>(),
        "bootstrap": {"resamples": report.options.bootstrap, "seed": report.options.seed},
        "usage": report.usage.iter().map(|u| json!({
            "code": project.code_path(u.code),
            "unit": report.options.unit.name(),
            "units": u.units,
            "coded_units": u.coded_units,
            "coders": u.coders.iter().map(|c| json!({
                "coder": coder_names(project, &[c.coder])[0],
                "segments": c.segments,
                "coded_chars": c.coded_chars,
                "coded_units": c.coded_units,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "warnings": report.usage.iter().flat_map(|u| u.warnings.iter().map(|w| json!({
            "code": project.code_path(u.code),
            "warning": w.key(),
            "message": w.explanation(),
        }))).collect::<Vec<_>>(),
        "results": results,
    })
}

/// The unit a metric was computed on: `--unit`, except for the statistics about where coded
/// stretches begin and end, which are defined on characters.
pub fn metric_unit(report: &Report, metric: Metric) -> &'static str {
    if is_char_based(metric) {
        "char"
    } else {
        report.options.unit.name()
    }
}

/// Unitized alpha (defined on continua), segment agreement and Brennan–Prediger's kappa (both
/// about coded stretches) are computed on characters whatever the unit.
pub fn is_char_based(metric: Metric) -> bool {
    matches!(
        metric,
        Metric::UnitizedAlpha | Metric::SegmentAgreement | Metric::BrennanPredigerKappa
    )
}

/// Why a column is on characters, for headers and legends.
pub const CHAR_BASED_WHY: &str = "u-alpha, segments and BP kappa are computed on characters     whatever the unit: unitized alpha is defined on continua, and segments are matched by their     overlap in characters";

/// A 95 % interval as text: `[0.712, 0.801]`.
pub fn format_interval((low, high): (f64, f64)) -> String {
    format!(
        "[{}, {}]",
        format_value(Metric::CohenKappa, &Value::Defined(low)),
        format_value(Metric::CohenKappa, &Value::Defined(high))
    )
}

fn counts_json(counts: &Counts) -> serde_json::Value {
    serde_json::to_value(counts).unwrap_or_else(|_| json!({}))
}

/// One line per row: metric, code, coders, scope, value, status, reason, counts (as JSON).
pub fn write_csv(report: &Report, project: &Project, out: impl std::io::Write) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "metric",
        "code",
        "coders",
        "scope",
        "value",
        "status",
        "reason",
        "counts",
        "ci95_low",
        "ci95_high",
        "unit",
        "warnings",
    ])?;
    let warnings_of = |code: Option<crate::model::CodeId>| {
        code.and_then(|c| report.usage_of(c))
            .map(|u| {
                u.warnings
                    .iter()
                    .map(|w| w.key())
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .unwrap_or_default()
    };
    for row in &report.rows {
        writer.write_record([
            row.metric.key().to_string(),
            code_name(project, row).unwrap_or_default(),
            coder_names(project, &row.coders).join(";"),
            scope_name(project, row.scope),
            row.value
                .number()
                .map(|v| v.to_string())
                .unwrap_or_default(),
            if row.value.number().is_some() {
                "ok"
            } else {
                "undefined"
            }
            .to_string(),
            row.value.reason().unwrap_or_default().to_string(),
            counts_json(&row.counts).to_string(),
            row.ci95.map(|c| c.0.to_string()).unwrap_or_default(),
            row.ci95.map(|c| c.1.to_string()).unwrap_or_default(),
            metric_unit(report, row.metric).to_string(),
            warnings_of(row.code),
        ])?;
    }
    for usage in &report.usage {
        let counts = json!({
            "units": usage.units,
            "coded_units": usage.coded_units,
            "coders": usage.coders.iter().map(|c| json!({
                "coder": coder_names(project, &[c.coder])[0],
                "segments": c.segments,
                "coded_chars": c.coded_chars,
                "coded_units": c.coded_units,
            })).collect::<Vec<_>>(),
        });
        let explanations: Vec<String> = usage.warnings.iter().map(|w| w.explanation()).collect();
        writer.write_record([
            "usage".to_string(),
            project.code_path(usage.code),
            coder_names(project, &report.options.coders).join(";"),
            "all".to_string(),
            String::new(),
            "info".to_string(),
            explanations.join(" | "),
            counts.to_string(),
            String::new(),
            String::new(),
            report.options.unit.name().to_string(),
            warnings_of(Some(usage.code)),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// The columns of the readable tables: statistics over all coders.
const GROUP_COLUMNS: [(Metric, &str); 5] = [
    (Metric::MeanPairwisePercentAgreement, "agree"),
    (Metric::MeanPairwiseCohenKappa, "kappa"),
    (Metric::FleissKappa, "Fleiss"),
    (Metric::KrippendorffAlpha, "alpha"),
    (Metric::UnitizedAlpha, "u-alpha"),
];

/// Statistics per pair of coders.
const PAIR_COLUMNS: [(Metric, &str); 5] = [
    (Metric::PercentAgreement, "agree"),
    (Metric::CohenKappa, "kappa"),
    (Metric::UnitizedAlpha, "u-alpha"),
    (Metric::SegmentAgreement, "segments"),
    (Metric::BrennanPredigerKappa, "BP kappa"),
];

/// The groups of rows of a report, in report order: each code (then all codes together),
/// each with its scopes (all documents first).
pub fn sections(report: &Report) -> Vec<(Option<crate::model::CodeId>, Vec<Scope>)> {
    let mut codes: Vec<Option<crate::model::CodeId>> =
        report.options.codes.iter().map(|&c| Some(c)).collect();
    codes.push(None);
    let mut scopes = vec![Scope::All];
    scopes.extend(report.documents.iter().map(|&d| Scope::Document(d)));
    codes.into_iter().map(|c| (c, scopes.clone())).collect()
}

/// The columns of the text tables for two coders: the pair's own values, segment agreement
/// included (the mean over pairs would only repeat them). Fleiss' kappa is left out: for two
/// coders it is Scott's pi, within a rounding of alpha (it is in the JSON and CSV).
const TWO_CODER_COLUMNS: [(Metric, &str); 6] = [
    (Metric::PercentAgreement, "agree"),
    (Metric::CohenKappa, "kappa"),
    (Metric::KrippendorffAlpha, "alpha"),
    (Metric::UnitizedAlpha, "u-alpha"),
    (Metric::SegmentAgreement, "segments"),
    (Metric::BrennanPredigerKappa, "BP kappa"),
];

/// The width of a value column: "undef.[12]" and "100.0 %" fit.
const VALUE_WIDTH: usize = 10;

/// Undefined values' reasons, numbered once for the whole report.
#[derive(Default)]
struct Notes(Vec<String>);

impl Notes {
    fn cell(&mut self, metric: Metric, row: Option<&Row>) -> String {
        match row.map(|r| &r.value) {
            None => "-".to_string(),
            Some(Value::Undefined(reason)) => {
                let n = match self.0.iter().position(|r| r == reason) {
                    Some(i) => i + 1,
                    None => {
                        self.0.push(reason.clone());
                        self.0.len()
                    }
                };
                format!("undef.[{n}]")
            }
            Some(value) => format_value(metric, value),
        }
    }
}

/// True when no compared coder used the code in this scope (every pair's table has nothing
/// coded): 100 % agreement and no coefficient, so not worth a line.
fn nobody_coded(report: &Report, code: Option<crate::model::CodeId>, scope: Scope) -> bool {
    let rows = report.find(Metric::PercentAgreement, code, scope);
    !rows.is_empty()
        && rows.iter().all(|row| {
            matches!(row.counts, Counts::Pair(t) if t.both + t.first_only + t.second_only == 0)
        })
}

/// A readable report: a summary with one line per code (all documents pooled), then a table
/// per code with a line per document, then the reasons of undefined values. With two coders
/// each line shows the pair's values; with more, the values over all coders, and a second table
/// per code gives each pair's (pooled) values. Documents where no coder used a code are left
/// out of that code's table and counted below it.
pub fn to_text(report: &Report, project: &Project) -> String {
    let mut out = String::new();
    let mut notes = Notes::default();
    let options = &report.options;
    let names = coder_names(project, &options.coders);
    let two = options.coders.len() == 2;
    let columns: &[(Metric, &str)] = if two {
        &TWO_CODER_COLUMNS
    } else {
        &GROUP_COLUMNS
    };
    let coders_list = match names.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => names.join(", "),
    };
    let _ = writeln!(out, "Agreement of {coders_list}");
    let _ = writeln!(
        out,
        "  unit: {}; {}; {}{}; segments agree at {:.0} % overlap or more",
        options.unit,
        count(report.documents.len(), "document"),
        count(options.codes.len(), "code"),
        if options.include_children {
            ", each with its subcodes"
        } else {
            ""
        },
        options.threshold * 100.0
    );
    let legend = if two {
        "  agree: percent agreement; kappa: Cohen's kappa; alpha: Krippendorff's alpha;\n  \
         u-alpha: unitized alpha; segments: segment agreement; BP kappa: Brennan-Prediger kappa\n  \
         (Fleiss' kappa, Scott's pi for two coders, is in the --json and --csv output)"
    } else {
        "  agree, kappa: percent agreement and Cohen's kappa, mean over pairs;\n  \
         Fleiss: Fleiss' kappa; alpha: Krippendorff's alpha; u-alpha: unitized alpha;\n  \
         per pair: segments: segment agreement; BP kappa: Brennan-Prediger kappa"
    };
    let _ = writeln!(out, "{legend}");
    if options.unit != crate::agreement::Unit::Char {
        for line in wrap(&format!("* {CHAR_BASED_WHY}"), 94) {
            let _ = writeln!(out, "  {line}");
        }
    }
    if report.restricted() {
        let (compared, of) = report
            .compared_chars
            .iter()
            .fold((0, 0), |(c, o), &(a, b)| (c + a, o + b));
        let _ = writeln!(
            out,
            "  compared on the text every coder coded (their recorded coverage): {compared} of {of} chars of the compared documents"
        );
        for (&doc, &(chars, of)) in report.documents.iter().zip(&report.compared_chars) {
            if chars != of {
                let _ = writeln!(
                    out,
                    "    {}: {chars} of {of} chars",
                    scope_name(project, Scope::Document(doc))
                );
            }
        }
        for (doc, reason) in &report.not_compared {
            let _ = writeln!(
                out,
                "  not compared: {}: {reason}",
                scope_name(project, Scope::Document(*doc))
            );
        }
    }
    for &(coder, doc) in &report.missing {
        let _ = writeln!(
            out,
            "  missing: {} did not code {}",
            coder_names(project, &[coder])[0],
            scope_name(project, Scope::Document(doc))
        );
    }

    let mut codes: Vec<Option<crate::model::CodeId>> =
        options.codes.iter().map(|&c| Some(c)).collect();
    codes.push(None);
    let write_values = |out: &mut String, notes: &mut Notes, code, scope| {
        for &(metric, _) in columns {
            let value = notes.cell(metric, report.value(metric, code, &options.coders, scope));
            let _ = write!(out, "{value:>VALUE_WIDTH$}");
        }
        out.push('\n');
    };
    let starred = |metric: Metric, label: &str| {
        if options.unit != crate::agreement::Unit::Char && is_char_based(metric) {
            format!("{label}*")
        } else {
            label.to_string()
        }
    };
    let write_header = |out: &mut String, first: &str, width: usize| {
        let _ = write!(out, "  {first:<width$}");
        for &(metric, label) in columns {
            let label = starred(metric, label);
            let _ = write!(out, "{label:>VALUE_WIDTH$}");
        }
        out.push('\n');
    };

    // The summary: codes indented under their parents.
    let label = |code: Option<crate::model::CodeId>| match code {
        Some(id) => {
            let path = project.code_path_names(id);
            let depth = path.len().saturating_sub(1);
            format!(
                "{}{}",
                "  ".repeat(depth),
                path.last().copied().unwrap_or("?")
            )
        }
        None => "All codes together".to_string(),
    };
    let name_width = codes
        .iter()
        .map(|&c| label(c).chars().count())
        .max()
        .unwrap_or(0)
        .clamp(20, 48);
    let _ = writeln!(out, "\nSummary: all documents pooled");
    write_header(&mut out, "code", name_width);
    for &code in &codes {
        let _ = write!(out, "  {:<name_width$}", truncate(&label(code), name_width));
        write_values(&mut out, &mut notes, code, Scope::All);
    }
    write_usage(&mut out, report, project, &label, name_width);

    // A table per code.
    let pair_label = "pairs, all documents";
    let pair_names: Vec<String> = if two {
        Vec::new()
    } else {
        report
            .find(Metric::SegmentAgreement, None, Scope::All)
            .iter()
            .map(|row| coder_names(project, &row.coders).join(" & "))
            .chain([pair_label.to_string()])
            .collect()
    };
    let scope_width = report
        .documents
        .iter()
        .map(|&d| scope_name(project, Scope::Document(d)))
        .chain(pair_names)
        .map(|name| name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(14, 32);
    for &code in &codes {
        let title = code.map_or_else(
            || "All codes together".to_string(),
            |c| project.code_path(c),
        );
        let _ = writeln!(out, "\n{title}");
        if code.is_some() && nobody_coded(report, code, Scope::All) {
            let _ = writeln!(out, "  no coder used this code in any document");
            continue;
        }
        write_header(&mut out, "document", scope_width);
        let _ = write!(out, "  {:<scope_width$}", "all documents");
        write_values(&mut out, &mut notes, code, Scope::All);
        let mut left_out = 0;
        for &doc in &report.documents {
            let scope = Scope::Document(doc);
            if code.is_some() && nobody_coded(report, code, scope) {
                left_out += 1;
                continue;
            }
            let name = truncate(&scope_name(project, scope), scope_width);
            let _ = write!(out, "  {name:<scope_width$}");
            write_values(&mut out, &mut notes, code, scope);
        }
        if left_out > 0 {
            let _ = writeln!(
                out,
                "  (and {} where no coder used the code)",
                count(left_out, "document")
            );
        }
        if !two {
            let _ = write!(out, "  {pair_label:<scope_width$}");
            for (_, label) in PAIR_COLUMNS {
                let _ = write!(out, "{label:>VALUE_WIDTH$}");
            }
            out.push('\n');
            for pair in report.find(Metric::SegmentAgreement, code, Scope::All) {
                let name = coder_names(project, &pair.coders).join(" & ");
                let _ = write!(out, "  {:<scope_width$}", truncate(&name, scope_width));
                for (metric, _) in PAIR_COLUMNS {
                    let value =
                        notes.cell(metric, report.value(metric, code, &pair.coders, Scope::All));
                    let _ = write!(out, "{value:>VALUE_WIDTH$}");
                }
                out.push('\n');
            }
        }
    }
    if !notes.0.is_empty() {
        let _ = writeln!(out, "\nUndefined values");
        for (i, note) in notes.0.iter().enumerate() {
            let mark = format!("  [{}] ", i + 1);
            let indent = " ".repeat(mark.len());
            for (j, line) in wrap(note, 96 - mark.len()).iter().enumerate() {
                let _ = writeln!(out, "{}{line}", if j == 0 { &mark } else { &indent });
            }
        }
    }
    out
}

/// The table of what each code's figures rest on: units, each coder's coded units and
/// segments, the 95 % intervals, and the warnings (marks, explained below the table).
fn write_usage(
    out: &mut String,
    report: &Report,
    project: &Project,
    label: &dyn Fn(Option<crate::model::CodeId>) -> String,
    name_width: usize,
) {
    let options = &report.options;
    let unit = options.unit.name();
    let two = options.coders.len() == 2;
    let _ = writeln!(
        out,
        "\nWhat each figure rests on: all documents pooled; {unit}s coded (segments) by each coder"
    );
    if options.bootstrap > 0 {
        let _ = writeln!(
            out,
            "  95 % intervals: bootstrap, {} resamples, seed {} (docs/AGREEMENT.md)",
            options.bootstrap, options.seed
        );
    }
    let names = coder_names(project, &options.coders);
    let _ = write!(out, "  {:<name_width$}{:>9}{:>9}", "code", "units", "coded");
    for name in &names {
        let _ = write!(out, " {:>16}", truncate(name, 16));
    }
    if two {
        let _ = write!(out, " {:>16}", "kappa 95 % CI");
    }
    let _ = writeln!(out, " {:>16}  notes", "alpha 95 % CI");
    let interval = |metric: Metric, code, coders: &[CoderId]| {
        report
            .value(metric, code, coders, Scope::All)
            .and_then(|r| r.ci95)
            .map_or_else(|| "-".to_string(), format_interval)
    };
    // Each kind of warning once, with the codes it concerns.
    let mut explained: Vec<(&str, String, Vec<String>)> = Vec::new();
    for usage in &report.usage {
        let code = Some(usage.code);
        let _ = write!(
            out,
            "  {:<name_width$}{:>9}{:>9}",
            truncate(&label(code), name_width),
            usage.units,
            usage.coded_units
        );
        for coder in &usage.coders {
            let cell = format!("{} ({})", coder.coded_units, coder.segments);
            let _ = write!(out, " {cell:>16}");
        }
        if two {
            let _ = write!(
                out,
                " {:>16}",
                interval(Metric::CohenKappa, code, &options.coders)
            );
        }
        let _ = write!(
            out,
            " {:>16}",
            interval(Metric::KrippendorffAlpha, code, &options.coders)
        );
        let marks: Vec<&str> = usage.warnings.iter().map(|w| w.mark()).collect();
        let _ = writeln!(out, "  {}", marks.join(", "));
        for warning in &usage.warnings {
            let kind = explained
                .iter()
                .position(|(mark, _, _)| *mark == warning.mark())
                .unwrap_or_else(|| {
                    explained.push((warning.mark(), warning.meaning(), Vec::new()));
                    explained.len() - 1
                });
            explained[kind].2.push(format!(
                "{}: {}",
                project.code_path(usage.code),
                warning.detail()
            ));
        }
    }
    if !explained.is_empty() {
        let _ = writeln!(out, "\nWarnings");
        for (mark, meaning, codes) in explained {
            for (j, line) in wrap(&format!("{mark}: {meaning}"), 94).iter().enumerate() {
                let _ = writeln!(out, "  {}{line}", if j == 0 { "" } else { "  " });
            }
            for code in codes {
                let _ = writeln!(out, "    - {code}");
            }
        }
    }
}

/// "1 document", "2 documents".
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Splits text into lines of at most `width` chars at spaces (a longer word gets a line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let kept: String = text.chars().take(width.saturating_sub(3)).collect();
        format!("{kept}...")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_that_round_to_zero_have_no_sign() {
        let kappa = |v| format_value(Metric::CohenKappa, &Value::Defined(v));
        assert_eq!(kappa(-0.0001), "0.000");
        assert_eq!(kappa(-0.0), "0.000");
        assert_eq!(kappa(-0.0006), "-0.001");
        assert_eq!(kappa(0.5714), "0.571");
        let percent = |v| format_value(Metric::PercentAgreement, &Value::Defined(v));
        assert_eq!(percent(-0.00001), "0.0 %");
        assert_eq!(percent(0.85), "85.0 %");
    }

    #[test]
    fn html_escapes_names() {
        assert_eq!(
            html::escape_html("<a & 'b'>"),
            "&lt;a &amp; &#39;b&#39;&gt;"
        );
    }

    use crate::agreement::{Options, compare};
    use crate::model::{
        Code, Coder, CoderId, Color, Document, DocumentSource, Segment, SegmentId, SourceFormat,
    };

    /// Two coders, two documents, codes "Push" (coded in the first document only) and "Pull"
    /// (never coded).
    fn small_report() -> (Report, Project) {
        let mut project = Project::new("p");
        for (name, text) in [
            ("first.txt", "a".repeat(100)),
            ("second.txt", "b".repeat(50)),
        ] {
            let source = DocumentSource {
                file_name: name.into(),
                format: SourceFormat::PlainText,
                encoding: "UTF-8".into(),
            };
            project.documents.push(Document::new(name, source, text));
        }
        for name in ["Ann", "Bob"] {
            project.coders.push(Coder {
                id: CoderId::new(),
                name: name.into(),
            });
        }
        project
            .codes
            .push(Code::new("Push", None, Color::from_palette(0)));
        project
            .codes
            .push(Code::new("Pull", None, Color::from_palette(1)));
        for (coder, start, end) in [(0, 0, 40), (1, 20, 50)] {
            let segment = Segment {
                id: SegmentId::new(),
                document: project.documents[0].id,
                start,
                end,
                code: project.codes[0].id,
                coder: project.coders[coder].id,
                created: String::new(),
                memo: String::new(),
            };
            project.segments.insert(segment.id, segment);
        }
        let coders = project.coders.iter().map(|c| c.id).collect();
        let report = compare(&project, &Options::all_codes(&project, coders)).unwrap();
        (report, project)
    }

    #[test]
    fn text_tables_are_aligned_and_skip_documents_nobody_coded() {
        let (report, project) = small_report();
        let text = to_text(&report, &project);
        let block = |title: &str| -> Vec<&str> {
            text.split("\n\n")
                .find(|b| b.starts_with(title))
                .unwrap_or_else(|| panic!("no {title:?} in {text}"))
                .lines()
                .skip(1)
                .collect()
        };
        let summary = block("Summary");
        assert_eq!(summary.len(), 4, "{text}");
        let width = summary[0].chars().count();
        assert!(summary.iter().all(|l| l.chars().count() == width), "{text}");
        // Push: 150 chars over both documents, 60 % agreement in first.txt, 80 % pooled.
        let push = block("Push\n");
        assert!(push[1].starts_with("  all documents") && push[1].contains("80.0 %"));
        assert!(push[2].starts_with("  first.txt") && push[2].contains("70.0 %"));
        assert_eq!(push[3], "  (and 1 document where no coder used the code)");
        assert_eq!(
            block("Pull\n"),
            ["  no coder used this code in any document"]
        );
        // Pull's undefined kappa is explained once, at the end.
        assert!(text.contains("undef.[1]"));
        assert_eq!(text.matches("[1] no variation").count(), 1, "{text}");
    }

    #[test]
    fn notes_wrap_at_spaces() {
        assert_eq!(wrap("aa bb cc dd", 5), ["aa bb", "cc dd"]);
        assert_eq!(wrap("a verylongword b", 4), ["a", "verylongword", "b"]);
        assert_eq!(wrap("", 4), [""]);
    }

    #[test]
    fn values_are_formatted_by_kind() {
        assert_eq!(
            format_value(Metric::PercentAgreement, &Value::Defined(0.8512)),
            "85.1 %"
        );
        assert_eq!(
            format_value(Metric::CohenKappa, &Value::Defined(0.41234)),
            "0.412"
        );
        assert_eq!(
            format_value(Metric::CohenKappa, &Value::Undefined("x".into())),
            "undefined"
        );
    }
}
