//! `coda report`: the codebook and the coded passages (`analysis::report`) as Markdown, HTML or
//! Word, the format from the output's extension.

use super::ReportArgs;
use super::commands::{CliError, load_checked};
use crate::analysis::filter::DocumentFilter;
use crate::analysis::report::build;
use crate::io::report::{Format, render};
use crate::io::safe_write::write_output;
use crate::wording::plural;

pub(super) fn report(args: ReportArgs) -> Result<(), CliError> {
    let format = Format::from_path(&args.output).map_err(CliError)?;
    let project = load_checked(&args.file)?;
    let filter =
        DocumentFilter::new(&project, &args.filter.spec(&args.coders)).map_err(CliError)?;
    let report = build(&project, &filter, scope(&args), args.codebook_only);
    write_output(&args.output, &render(&report, format))?;
    let passages: usize = report.codes.iter().map(|c| c.passages.len()).sum();
    if args.codebook_only {
        eprintln!(
            "wrote the codebook ({}) to {}",
            plural(report.codes.len(), "code", "codes"),
            args.output.display()
        );
    } else {
        eprintln!(
            "wrote {} and {} to {}",
            plural(report.codes.len(), "code", "codes"),
            plural(passages, "passage", "passages"),
            args.output.display()
        );
    }
    Ok(())
}

/// The filter in words, one line per kind of limit, for the report's reader.
fn scope(args: &ReportArgs) -> Vec<String> {
    let mut lines = Vec::new();
    let filter = &args.filter;
    if !filter.documents.is_empty() {
        lines.push(format!("Documents: {}", filter.documents.join(", ")));
    }
    if !filter.groups.is_empty() {
        lines.push(format!(
            "Documents in the groups: {}",
            filter.groups.join(", ")
        ));
    }
    for condition in &filter.conditions {
        lines.push(format!("Documents where {condition}"));
    }
    if !args.coders.is_empty() {
        lines.push(format!("Codings by: {}", args.coders.join(", ")));
    }
    lines
}
