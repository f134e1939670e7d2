//! Code co-occurrence: how often codings of two codes meet in the same place. Cell (A, B), for
//! A ≠ B, is the number of pairs (a, b) of a coding a with code A and a coding b with code B in
//! the same document that overlap by at least one character (or, `--within sentence` /
//! `paragraph`, that both touch one sentence or paragraph); the diagonal (A, A) is the number
//! of codings of A. Definitions: docs/ANALYSIS.md.

use crate::analysis::filter::DocumentFilter;
use crate::analysis::matrix::{Table, codes_in_tree_order};
use crate::analysis::passages;
use crate::fast_hash::FastMap;
use crate::model::{CharRange, CodeId, DocId, Project, SegmentId};

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

/// A coding in one document as the sweep sees it: its span (chars, or the units it touches),
/// its row, its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Span {
    start: usize,
    end: usize,
    row: usize,
    id: SegmentId,
}

/// Calls `pair` for every pair of `spans` (one document's) that overlap, for rows that differ:
/// a sweep in start order over the spans still open.
fn overlapping_pairs(mut spans: Vec<Span>, mut pair: impl FnMut(&Span, &Span)) {
    spans.sort_unstable();
    let mut open: Vec<Span> = Vec::new();
    for span in spans {
        open.retain(|o| o.end > span.start);
        for other in &open {
            if other.row != span.row {
                pair(other, &span);
            }
        }
        open.push(span);
    }
}

/// Walks the codings `filter` keeps whose row `wanted` selects: `coding` for each, `pair` for
/// each pair of them that meets `within` (in one document, of different rows). The one rule
/// behind the matrix's numbers ([`cooccurrence`]) and the codings of a cell ([`cell_pairs`]).
fn walk(
    project: &Project,
    filter: &DocumentFilter,
    within: Within,
    row_of: &FastMap<CodeId, usize>,
    wanted: impl Fn(usize) -> bool,
    mut coding: impl FnMut(usize, SegmentId),
    mut pair: impl FnMut(&Span, &Span),
) {
    let mut per_doc: FastMap<DocId, Vec<Span>> = FastMap::default();
    for segment in project.segments.values() {
        if !filter.includes(segment) {
            continue;
        }
        let Some(&row) = row_of.get(&segment.code).filter(|&&row| wanted(row)) else {
            continue;
        };
        coding(row, segment.id);
        per_doc.entry(segment.document).or_default().push(Span {
            start: segment.start,
            end: segment.end,
            row,
            id: segment.id,
        });
    }
    for (document, spans) in per_doc {
        // Codings of one code only make no pair (and need no sentences found).
        if spans.iter().all(|s| s.row == spans[0].row) {
            continue;
        }
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
                    .filter_map(|span| {
                        units_touched(&units, CharRange::new(span.start, span.end)).map(
                            |(first, last)| Span {
                                start: first,
                                end: last,
                                ..span
                            },
                        )
                    })
                    .collect()
            }
        };
        overlapping_pairs(spans, &mut pair);
    }
}

fn rows_by_code(order: &[CodeId]) -> FastMap<CodeId, usize> {
    order.iter().enumerate().map(|(i, &c)| (c, i)).collect()
}

/// The co-occurrence matrix of the codings `filter` keeps (documents and coders).
pub fn cooccurrence(project: &Project, filter: &DocumentFilter, within: Within) -> Table {
    let order = codes_in_tree_order(project);
    let mut cells = vec![vec![0.0; order.len()]; order.len()];
    let mut diagonal = vec![0.0; order.len()];
    walk(
        project,
        filter,
        within,
        &rows_by_code(&order),
        |_| true,
        |row, _| diagonal[row] += 1.0,
        |a, b| {
            cells[a.row][b.row] += 1.0;
            cells[b.row][a.row] += 1.0;
        },
    );
    for (row, n) in diagonal.into_iter().enumerate() {
        cells[row][row] = n;
    }
    let rows: Vec<String> = order.iter().map(|&c| project.code_path(c)).collect();
    Table {
        columns: rows.clone(),
        rows,
        cells,
        whole_numbers: true,
    }
}

/// The codings behind cell (`a`, `b`) of the co-occurrence matrix (rows in
/// [`codes_in_tree_order`]): for `a` ≠ `b` each pair counted, as (the coding of A, the coding
/// of B); on the diagonal each coding of A, paired with itself. As many pairs as the cell's
/// number, in document order then position.
pub fn cell_pairs(
    project: &Project,
    filter: &DocumentFilter,
    within: Within,
    a: usize,
    b: usize,
) -> Vec<(SegmentId, SegmentId)> {
    let order = codes_in_tree_order(project);
    let mut pairs = Vec::new();
    let mut own = Vec::new();
    walk(
        project,
        filter,
        within,
        &rows_by_code(&order),
        |row| row == a || row == b,
        |_, id| {
            if a == b {
                own.push((id, id));
            }
        },
        |x, y| {
            pairs.push(if x.row == a {
                (x.id, y.id)
            } else {
                (y.id, x.id)
            });
        },
    );
    let mut pairs = if a == b { own } else { pairs };
    let position: FastMap<SegmentId, usize> = project
        .segments_sorted()
        .into_iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    pairs.sort_by_key(|(x, y)| (position[x].min(position[y]), position[x].max(position[y])));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_counted_once_per_overlapping_pair_of_different_rows() {
        let mut cells = vec![vec![0.0; 3]; 3];
        let span = |start, end, row| Span {
            start,
            end,
            row,
            id: SegmentId::new(),
        };
        // Row 0: [0,10) and [20,30); row 1: [5,25) overlaps both; row 2: [10,20) overlaps
        // row 1 only ([0,10) ends where it starts: no shared char).
        overlapping_pairs(
            vec![
                span(0, 10, 0),
                span(20, 30, 0),
                span(5, 25, 1),
                span(10, 20, 2),
            ],
            |a, b| {
                cells[a.row][b.row] += 1.0;
                cells[b.row][a.row] += 1.0;
            },
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

    #[test]
    fn cells_have_as_many_pairs_as_they_count_and_the_pairs_meet() {
        let project = crate::analysis::test_sample::sample_with_variables();
        let everything = DocumentFilter::everything();
        // The sample's own coder, without the second coder's copies.
        let first = DocumentFilter::new(
            &project,
            &crate::analysis::filter::FilterSpec {
                conditions: vec!["year>=2016".into()],
                coders: vec![project.coders[0].name.clone()],
                ..Default::default()
            },
        )
        .unwrap();
        let order = codes_in_tree_order(&project);
        let cases = [
            (&everything, Within::Overlap),
            (&everything, Within::Sentence),
            (&everything, Within::Paragraph),
            (&first, Within::Overlap),
        ];
        for (filter, within) in cases {
            let table = cooccurrence(&project, filter, within);
            // Every cell for overlaps. For sentences and paragraphs each cell finds the units
            // of its documents again (40 ms for the long document in a debug build): the
            // row with most pairs, against every column.
            let rows: Vec<usize> = if within == Within::Overlap {
                (0..table.rows.len()).collect()
            } else {
                let pairs = |r: usize| table.cells[r].iter().sum::<f64>() - table.cells[r][r];
                vec![
                    (0..table.rows.len())
                        .max_by(|&x, &y| pairs(x).total_cmp(&pairs(y)))
                        .unwrap(),
                ]
            };
            let (mut codings, mut pairs_met) = (0, 0);
            for a in rows {
                for (b, &count) in table.cells[a].iter().enumerate() {
                    let pairs = cell_pairs(&project, filter, within, a, b);
                    assert_eq!(
                        pairs.len() as f64,
                        count,
                        "{} × {} ({within:?}, {filter:?})",
                        table.rows[a],
                        table.rows[b]
                    );
                    for (x, y) in &pairs {
                        let (x, y) = (&project.segments[x], &project.segments[y]);
                        assert_eq!((x.code, y.code), (order[a], order[b]));
                        assert!(filter.includes(x) && filter.includes(y));
                        if a == b {
                            assert_eq!(x.id, y.id);
                            codings += 1;
                        } else {
                            assert_eq!(x.document, y.document);
                            if within == Within::Overlap {
                                assert!(x.start.max(y.start) < x.end.min(y.end));
                            }
                            pairs_met += 1;
                        }
                    }
                }
            }
            assert!(
                codings > 0 && pairs_met > 0,
                "the sample has codings meeting ({within:?}, {filter:?})"
            );
        }
    }
}
