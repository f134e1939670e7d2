//! A table of numbers (`analysis::matrix::Table`: the code matrices) as text for a terminal,
//! as CSV, or as JSON (`{"rows": [...], "columns": [...], "cells": [[...]]}`).

use crate::analysis::matrix::Table;
use serde_json::{Value, json};
use std::io::Write;

/// A cell as written: whole numbers without a fraction, percentages to two decimals.
pub fn cell_text(table: &Table, value: f64) -> String {
    if table.whole_numbers {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

/// Aligned columns: the row labels on the left, the numbers right-aligned under their column.
pub fn to_text(table: &Table) -> String {
    let label_width = table
        .rows
        .iter()
        .map(|r| r.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let texts: Vec<Vec<String>> = table
        .cells
        .iter()
        .map(|row| row.iter().map(|&v| cell_text(table, v)).collect())
        .collect();
    let widths: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, label)| {
            texts
                .iter()
                .map(|row| row[c].len())
                .chain(std::iter::once(label.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let pad_left = |text: &str, width: usize| {
        format!(
            "{}{text}",
            " ".repeat(width.saturating_sub(text.chars().count()))
        )
    };
    let mut out = " ".repeat(label_width);
    for (label, &width) in table.columns.iter().zip(&widths) {
        out.push_str("  ");
        out.push_str(&pad_left(label, width));
    }
    out.push('\n');
    for (label, row) in table.rows.iter().zip(&texts) {
        out.push_str(label);
        out.push_str(&" ".repeat(label_width - label.chars().count()));
        for (text, &width) in row.iter().zip(&widths) {
            out.push_str("  ");
            out.push_str(&pad_left(text, width));
        }
        out.push('\n');
    }
    out
}

/// A header `code,COLUMN,...`, then one line per row.
pub fn write_csv(table: &Table, out: impl Write) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["code".to_string()];
    header.extend(table.columns.iter().cloned());
    writer.write_record(&header)?;
    for (label, row) in table.rows.iter().zip(&table.cells) {
        let mut record = vec![label.clone()];
        record.extend(row.iter().map(|&v| cell_text(table, v)));
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

/// `{"rows": [code paths], "columns": [labels], "cells": [[number]]}`: whole numbers as
/// integers, percentages as they are.
pub fn to_json(table: &Table) -> Value {
    let cells: Vec<Vec<Value>> = table
        .cells
        .iter()
        .map(|row| {
            row.iter()
                .map(|&v| {
                    if table.whole_numbers {
                        json!(v as u64)
                    } else {
                        json!(v)
                    }
                })
                .collect()
        })
        .collect();
    json!({
        "rows": table.rows,
        "columns": table.columns,
        "cells": cells,
    })
}
