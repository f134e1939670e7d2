//! Code co-occurrence: how often codings of two codes meet in the same place. Cell (A, B), for
//! A ≠ B, is the number of pairs (a, b) of a coding a with code A and a coding b with code B in
//! the same document that overlap by at least one character (or, `--within sentence` /
//! `paragraph`, that both touch one sentence or paragraph); the diagonal (A, A) is the number
//! of codings of A. Definitions: docs/ANALYSIS.md.

use crate::analysis::filter::DocumentFilter;
use crate::analysis::matrix::{Table, codes_in_tree_order};
use crate::analysis::passages;
use crate::fast_hash::FastMap;
use crate::model::{CharRange, CodeId, DocId, Project};

/// Where two codings must meet to count as a pair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Within {
    /// They share at least one character.
    #[default]
    Overlap,
    /// They touch the same sentence.
    Sentence,
    /// They touch the same paragraph.
    Paragraph,
}

impl Within {
    pub fn parse(text: &str) -> Result<Within, String> {
        match text.trim() {
            "overlap" => Ok(Within::Overlap),
            "sentence" => Ok(Within::Sentence),
            "paragraph" => Ok(Within::Paragraph),
            _ => Err(format!(
                "{text:?}: codings meet within overlap, sentence or paragraph"
            )),
        }
    }
}

/// The first and one-past-last unit (sorted, disjoint) that `range` shares a char with, if any.
fn units_touched(units: &[CharRange], range: CharRange) -> Option<(usize, usize)> {
    let first = units.partition_point(|u| u.end <= range.start);
    let end = units.partition_point(|u| u.start < range.end);
    (first < end).then_some((first, end))
}

/// Adds to `cells` every pair of spans `(start, end, row)` (one document's) that overlap, for
/// rows that differ: a sweep in start order over the spans still open.
fn count_overlapping_pairs(mut spans: Vec<(usize, usize, usize)>, cells: &mut [Vec<f64>]) {
    spans.sort_unstable();
    let mut open: Vec<(usize, usize)> = Vec::new(); // (end, row)
    for (start, end, row) in spans {
        open.retain(|&(e, _)| e > start);
        for &(_, other) in &open {
            if other != row {
                cells[row][other] += 1.0;
                cells[other][row] += 1.0;
            }
        }
        open.push((end, row));
    }
}

/// The co-occurrence matrix of the codings `filter` keeps (documents and coders).
pub fn cooccurrence(project: &Project, filter: &DocumentFilter, within: Within) -> Table {
    let order = codes_in_tree_order(project);
    let row_of: FastMap<CodeId, usize> = order.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let mut cells = vec![vec![0.0; order.len()]; order.len()];
    let mut per_doc: FastMap<DocId, Vec<(usize, usize, usize)>> = FastMap::default();
    for segment in project.segments.values() {
        if !filter.includes(segment) {
            continue;
        }
        let Some(&row) = row_of.get(&segment.code) else {
            continue;
        };
        cells[row][row] += 1.0;
        per_doc
            .entry(segment.document)
            .or_default()
            .push((segment.start, segment.end, row));
    }
    for (document, spans) in per_doc {
        let spans = match within {
            Within::Overlap => spans,
            Within::Sentence | Within::Paragraph => {
                let Some(doc) = project.document(document) else {
                    continue;
                };
                let units = if within == Within::Sentence {
                    passages::sentences(&doc.text)
                } else {
                    passages::paragraphs(&doc.text)
                };
                spans
                    .into_iter()
                    .filter_map(|(start, end, row)| {
                        units_touched(&units, CharRange::new(start, end))
                            .map(|(first, last)| (first, last, row))
                    })
                    .collect()
            }
        };
        count_overlapping_pairs(spans, &mut cells);
    }
    let rows: Vec<String> = order.iter().map(|&c| project.code_path(c)).collect();
    Table {
        columns: rows.clone(),
        rows,
        cells,
        whole_numbers: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_counted_once_per_overlapping_pair_of_different_rows() {
        let mut cells = vec![vec![0.0; 3]; 3];
        // Row 0: [0,10) and [20,30); row 1: [5,25) overlaps both; row 2: [10,20) overlaps
        // row 1 only ([0,10) ends where it starts: no shared char).
        count_overlapping_pairs(
            vec![(0, 10, 0), (20, 30, 0), (5, 25, 1), (10, 20, 2)],
            &mut cells,
        );
        assert_eq!(cells[0][1], 2.0);
        assert_eq!(cells[1][0], 2.0);
        assert_eq!(cells[1][2], 1.0);
        assert_eq!(cells[0][2], 0.0);
        assert_eq!(cells[0][0], 0.0, "the diagonal is counted elsewhere");
    }

    #[test]
    fn units_touched_are_those_sharing_a_char() {
        let units = [
            CharRange::new(0, 10),
            CharRange::new(12, 20),
            CharRange::new(22, 30),
        ];
        assert_eq!(units_touched(&units, CharRange::new(5, 13)), Some((0, 2)));
        assert_eq!(units_touched(&units, CharRange::new(10, 12)), None);
        assert_eq!(units_touched(&units, CharRange::new(29, 40)), Some((2, 3)));
    }
}
