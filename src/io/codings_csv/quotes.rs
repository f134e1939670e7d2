//! Rows that give their passage by quote: each found in its document with one [`QuoteIndex`]
//! per document, and the occurrence the row means chosen, never guessed.

use super::preview;
use crate::io::quote_index::QuoteIndex;
use crate::model::{CharRange, DocId, Document};
use std::collections::HashMap;

/// Where a row's passage is: its document (if known), its quote (if any) and whether its start
/// and end give the passage instead.
#[derive(Clone, Copy)]
pub(super) struct Place<'p, 'r> {
    pub(super) document: Option<&'p Document>,
    pub(super) quote: Option<&'r str>,
    pub(super) by_offsets: bool,
}

/// The passage of every row that gives it by quote, indexed like `places` (`None` for the other
/// rows), with its `occurrence`. Each document's quotes are found with one [`QuoteIndex`], and
/// only one index is in memory at a time.
pub(super) fn locate_quotes<'r>(
    places: &[Place<'_, 'r>],
    occurrence: impl Fn(usize) -> Option<&'r str>,
) -> Vec<Option<Result<CharRange, String>>> {
    let mut rows_by_document: HashMap<DocId, (&Document, Vec<usize>)> = HashMap::new();
    for (row, place) in places.iter().enumerate() {
        if let (Some(document), Some(_), false) = (place.document, place.quote, place.by_offsets) {
            rows_by_document
                .entry(document.id)
                .or_insert_with(|| (document, Vec::new()))
                .1
                .push(row);
        }
    }
    let mut located: Vec<Option<Result<CharRange, String>>> = vec![None; places.len()];
    for (document, rows) in rows_by_document.into_values() {
        let index = QuoteIndex::for_lookups(&document.text, rows.len());
        for row in rows {
            let quote = places[row].quote.unwrap_or_default();
            let found = index.find(quote);
            located[row] = Some(pick_occurrence(
                quote,
                occurrence(row),
                &document.name,
                found.len(),
                |n| {
                    found
                        .get(n)
                        .expect("pick_occurrence asks for n < found.len()")
                },
            ));
        }
    }
    located
}

/// How many of a quote's occurrences an error message lists.
const OCCURRENCES_LISTED: usize = 10;

/// The occurrence a row means of a quote found `count` times (`nth(i)`: the `i`-th, 0-based, in
/// document order). Without an `occurrence`, the quote must occur exactly once: taking the
/// first of several would code a passage nobody chose.
fn pick_occurrence(
    quote: &str,
    occurrence: Option<&str>,
    doc_name: &str,
    count: usize,
    nth: impl Fn(usize) -> CharRange,
) -> Result<CharRange, String> {
    if count == 0 {
        return Err(format!(
            "the quote {} does not occur in {doc_name:?} (line breaks and spacing aside)",
            preview(quote)
        ));
    }
    let listed = || {
        let mut list: Vec<String> = (0..count.min(OCCURRENCES_LISTED))
            .map(|i| nth(i).to_string())
            .collect();
        if count > OCCURRENCES_LISTED {
            list.push("…".into());
        }
        list.join(", ")
    };
    let Some(occurrence) = occurrence else {
        if count == 1 {
            return Ok(nth(0));
        }
        return Err(format!(
            "the quote {} occurs {count} times in {doc_name:?}, at chars {}; say which with an \
             occurrence column (1 to {count}, in that order) or give the row start and end",
            preview(quote),
            listed()
        ));
    };
    match occurrence.parse::<usize>() {
        Ok(n) if (1..=count).contains(&n) => Ok(nth(n - 1)),
        Ok(n) => Err(format!(
            "the quote {} occurs {count} times in {doc_name:?}, so there is no occurrence {n} \
             (occurrences count from 1 to {count}): at chars {}",
            preview(quote),
            listed()
        )),
        Err(_) => Err(format!(
            "occurrence {occurrence:?} is not a whole number from 1 to {count}"
        )),
    }
}

/// The text trimmed, with every run of whitespace as one space: how quotes are compared.
pub(super) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
