//! `coda matrix` and `coda cooccurrence`: the code matrices (`analysis::matrix`,
//! `analysis::cooccurrence`) of the codings a filter keeps, as text, CSV or JSON.

use super::commands::{CliError, load_checked};
use super::{CooccurrenceArgs, MatrixArgs, TableFormat};
use crate::analysis::cooccurrence::{Within, cooccurrence};
use crate::analysis::filter::DocumentFilter;
use crate::analysis::matrix::{Columns, Measure, Table, code_document_matrix};
use crate::io::safe_write::write_output;
use crate::io::table_output;
use std::io::Write;
use std::path::Path;

type Result<T = ()> = std::result::Result<T, CliError>;

pub(super) fn matrix(args: MatrixArgs) -> Result {
    let columns = Columns::parse(&args.by).map_err(CliError)?;
    let measure = Measure::parse(&args.measure).map_err(CliError)?;
    let project = load_checked(&args.file)?;
    let filter =
        DocumentFilter::new(&project, &args.filter.spec(&args.coders)).map_err(CliError)?;
    let table = code_document_matrix(&project, &filter, &columns, measure, args.include_children)
        .map_err(CliError)?;
    write_table(&table, &args.format, args.output.as_deref())
}

pub(super) fn cooccurrence_command(args: CooccurrenceArgs) -> Result {
    let within = Within::parse(&args.within).map_err(CliError)?;
    let project = load_checked(&args.file)?;
    let filter =
        DocumentFilter::new(&project, &args.filter.spec(&args.coders)).map_err(CliError)?;
    let table = cooccurrence(&project, &filter, within);
    write_table(&table, &args.format, args.output.as_deref())
}

fn write_table(table: &Table, format: &TableFormat, output: Option<&Path>) -> Result {
    let bytes = if format.json {
        let mut text = serde_json::to_string_pretty(&table_output::to_json(table))?;
        text.push('\n');
        text.into_bytes()
    } else if format.csv {
        let mut bytes = Vec::new();
        table_output::write_csv(table, &mut bytes)?;
        bytes
    } else {
        table_output::to_text(table).into_bytes()
    };
    match output {
        Some(path) => {
            write_output(path, &bytes)?;
            eprintln!(
                "wrote {} × {} to {}",
                crate::wording::plural(table.rows.len(), "row", "rows"),
                crate::wording::plural(table.columns.len(), "column", "columns"),
                path.display()
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|e| CliError(format!("cannot write to standard output: {e}")))?;
        }
    }
    Ok(())
}
