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
    let spec = args.filter.spec(&args.coders);
    let filter = DocumentFilter::new(&project, &spec).map_err(CliError)?;
    let report = build(&project, &filter, spec.describe(), args.codebook_only);
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
