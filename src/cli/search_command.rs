//! `coda search`: every hit of a pattern across the project, in context.

use crate::analysis::filter::DocumentFilter;
use crate::analysis::search::{Query, kwic, search_project};
use crate::cli::SearchArgs;
use crate::cli::commands::{CliError, load_checked};
use crate::wording::plural;
use serde_json::json;
use std::collections::HashSet;

pub fn search(args: SearchArgs) -> Result<(), CliError> {
    let project = load_checked(&args.file)?;
    let filter = DocumentFilter::new(&project, &args.filter.spec(&[]))
        .map_err(|e| CliError(format!("{}: {e}", args.file.display())))?;
    let query = Query {
        pattern: args.pattern.clone(),
        regex: args.regex,
        case_sensitive: args.case_sensitive,
        whole_word: args.whole_word,
    };
    let hits = search_project(&project, &query, |d| filter.includes_document(d.id))?;
    let documents: HashSet<_> = hits.iter().map(|h| h.document).collect();
    let lines = hits.iter().filter_map(|hit| {
        let doc = project.document(hit.document)?;
        Some((doc, hit.range, kwic(&doc.text, hit.range, args.context)))
    });
    if args.json {
        let hits: Vec<_> = lines
            .map(|(doc, range, line)| {
                json!({
                    "document": doc.name,
                    "start": range.start,
                    "end": range.end,
                    "left": line.left,
                    "hit": line.hit,
                    "right": line.right,
                })
            })
            .collect();
        let out = json!({
            "pattern": args.pattern,
            "regex": args.regex,
            "case_sensitive": args.case_sensitive,
            "whole_word": args.whole_word,
            "documents": documents.len(),
            "hits": hits,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("JSON values")
        );
    } else {
        for (doc, range, line) in lines {
            println!(
                "{}\t{}–{}\t{}[{}]{}",
                doc.name, range.start, range.end, line.left, line.hit, line.right
            );
        }
        eprintln!(
            "{} in {}",
            plural(hits.len(), "hit", "hits"),
            plural(documents.len(), "document", "documents")
        );
    }
    Ok(())
}
