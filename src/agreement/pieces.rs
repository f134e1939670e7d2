//! The text compared in a document: what every compared coder covered (`model::coverage`), as
//! pieces, each compared like a document of its own and pooled into its document.

use super::intervals::IntervalSet;
use crate::model::{CoderId, DocId, Project};

/// One covered range of a document, in offsets from its start: `chars[x][k]` is coder k's
/// union of spans for compared code x clipped to the range, `units[x][k]` the same mapped to
/// the units inside the range. Sections and units never cross a piece's ends, as they never
/// cross a document's.
pub(super) struct Piece {
    pub char_len: usize,
    pub unit_count: usize,
    pub chars: Vec<Vec<IntervalSet>>,
    pub units: Vec<Vec<IntervalSet>>,
}

impl Piece {
    /// The piece `start..end` of a document whose coders' spans are `spans[x][k]` and whose
    /// units (if not characters) are `unit_ranges`.
    pub fn new(
        spans: &[Vec<Vec<(usize, usize)>>],
        unit_ranges: Option<&[(usize, usize)]>,
        (start, end): (usize, usize),
    ) -> Piece {
        let clip = |list: &[(usize, usize)]| -> Vec<(usize, usize)> {
            list.iter()
                .filter_map(|&(s, e)| {
                    let (s, e) = (s.max(start), e.min(end));
                    (s < e).then(|| (s - start, e - start))
                })
                .collect()
        };
        let chars: Vec<Vec<IntervalSet>> = spans
            .iter()
            .map(|per_coder| {
                per_coder
                    .iter()
                    .map(|spans| IntervalSet::from_unsorted(clip(spans)))
                    .collect()
            })
            .collect();
        // A unit partly outside the covered text counts as its covered part.
        let local_units = unit_ranges.map(clip);
        let units = match &local_units {
            None => chars.clone(),
            Some(ranges) => chars
                .iter()
                .map(|per_coder| per_coder.iter().map(|s| s.to_units(ranges)).collect())
                .collect(),
        };
        Piece {
            char_len: end - start,
            unit_count: local_units.as_ref().map_or(end - start, Vec::len),
            chars,
            units,
        }
    }
}

/// The char ranges of a document that every one of `coders` covered.
pub(super) fn covered_by_all(
    project: &Project,
    coders: &[CoderId],
    document: DocId,
) -> Vec<(usize, usize)> {
    let mut common: Option<IntervalSet> = None;
    for &coder in coders {
        let mine = IntervalSet::from_unsorted(
            project
                .covered_ranges(coder, document)
                .iter()
                .map(|r| (r.start, r.end))
                .collect(),
        );
        common = Some(match common {
            None => mine,
            Some(so_far) => so_far.intersection(&mine),
        });
    }
    common.map_or_else(Vec::new, |set| set.intervals().to_vec())
}

/// Why a document has no text every compared coder covered.
pub(super) fn not_compared_reason(
    project: &Project,
    coders: &[CoderId],
    document: DocId,
) -> String {
    let name = |id: CoderId| {
        project
            .coder(id)
            .map_or("?", |c| c.name.as_str())
            .to_string()
    };
    let without: Vec<String> = coders
        .iter()
        .filter(|&&c| project.covered_ranges(c, document).is_empty())
        .map(|&c| name(c))
        .collect();
    if without.is_empty() {
        "the passages the coders coded do not overlap".to_string()
    } else {
        format!(
            "not coded by {} (coverage recorded elsewhere)",
            crate::wording::join_names(&without)
        )
    }
}
