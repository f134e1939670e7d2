//! The union of every file's codings. A coding is identified by its document, range, code and
//! coder (after matching); identical codings become one coding whose memo combines theirs, be
//! they in several files or twice in one.

use super::IdMap;
use super::ids::free_derived_uuid;
use crate::model::{CodeId, CoderId, DocId, Project, Segment, SegmentId};
use crate::ops::combine_all_memos;
use std::collections::{BTreeMap, HashMap};

type Key = (DocId, usize, usize, CodeId, CoderId);

/// The merged codings, and for each input how its codings were taken.
pub(crate) struct Union {
    pub segments: BTreeMap<SegmentId, Segment>,
    /// Per input: its segment ids → the merged segment ids.
    pub maps: Vec<BTreeMap<SegmentId, SegmentId>>,
    /// Per input: codings it added (not in an earlier input).
    pub added: Vec<usize>,
    /// Per input: codings identical to one of an earlier input (or earlier in the same input).
    pub identical: Vec<usize>,
    /// Merged codings whose memo combines different memos.
    pub memos_combined: usize,
}

/// One merged coding while it is being gathered.
struct Gathered<'a> {
    key: Key,
    /// The coding of the first input that has it: its id is kept when free.
    source: &'a Segment,
    /// The distinct non-empty memos of its copies.
    memos: Vec<&'a str>,
    /// The earliest creation time of its copies.
    created: &'a str,
}

/// Merge the codings of `projects`, whose documents, codes and coders `maps` already map.
pub(crate) fn union_segments(projects: &[&Project], maps: &[IdMap]) -> Union {
    let total: usize = projects.iter().map(|p| p.segments.len()).sum();
    let mut classes_by_key: HashMap<Key, u32> = HashMap::with_capacity(total);
    let mut gathered: Vec<Gathered> = Vec::with_capacity(total);
    let mut class_of: Vec<Vec<u32>> = Vec::with_capacity(projects.len());
    let mut added = vec![0; projects.len()];
    let mut identical = vec![0; projects.len()];
    for (input, (project, map)) in projects.iter().zip(maps).enumerate() {
        let mut classes = Vec::with_capacity(project.segments.len());
        for segment in project.segments.values() {
            let key = (
                map.documents[&segment.document],
                segment.start,
                segment.end,
                map.codes[&segment.code],
                map.coders[&segment.coder],
            );
            let next = gathered.len() as u32;
            let class = *classes_by_key.entry(key).or_insert(next);
            if class == next {
                added[input] += 1;
                gathered.push(Gathered {
                    key,
                    source: segment,
                    memos: if segment.memo.is_empty() {
                        Vec::new()
                    } else {
                        vec![&segment.memo]
                    },
                    created: &segment.created,
                });
            } else {
                identical[input] += 1;
                let merged = &mut gathered[class as usize];
                if !segment.memo.is_empty() && !merged.memos.contains(&segment.memo.as_str()) {
                    merged.memos.push(&segment.memo);
                }
                if segment.created.as_str() < merged.created {
                    merged.created = &segment.created;
                }
            }
            classes.push(class);
        }
        class_of.push(classes);
    }
    drop(classes_by_key);

    let ids = assign_ids(&gathered);
    let memos_combined = gathered.iter().filter(|g| g.memos.len() > 1).count();
    let segments: BTreeMap<SegmentId, Segment> = gathered
        .iter()
        .zip(&ids)
        .map(|(g, &id)| {
            let (document, start, end, code, coder) = g.key;
            let memo = match g.memos.len() {
                0 => String::new(),
                1 => g.memos[0].to_string(),
                _ => combine_all_memos(g.memos.iter().copied()),
            };
            let segment = Segment {
                id,
                document,
                start,
                end,
                code,
                coder,
                created: g.created.to_string(),
                memo,
            };
            (id, segment)
        })
        .collect();
    let maps = projects
        .iter()
        .zip(&class_of)
        .map(|(project, classes)| {
            project
                .segments
                .keys()
                .zip(classes)
                .map(|(&from, &class)| (from, ids[class as usize]))
                .collect()
        })
        .collect();
    Union {
        segments,
        maps,
        added,
        identical,
        memos_combined,
    }
}

/// Each merged coding keeps the id of its first copy, unless an earlier merged coding (in input
/// order) has that id; then it gets an id derived from that id and its content, which a re-merge
/// derives again.
fn assign_ids(gathered: &[Gathered]) -> Vec<SegmentId> {
    let mut claims: Vec<(SegmentId, u32)> = gathered
        .iter()
        .enumerate()
        .map(|(class, g)| (g.source.id, class as u32))
        .collect();
    claims.sort_unstable();
    let mut ids: Vec<Option<SegmentId>> = vec![None; gathered.len()];
    for (i, &(id, class)) in claims.iter().enumerate() {
        if i == 0 || claims[i - 1].0 != id {
            ids[class as usize] = Some(id);
        }
    }
    let mut derived: Vec<SegmentId> = Vec::new();
    for (class, id) in ids.iter_mut().enumerate() {
        if id.is_some() {
            continue;
        }
        let g = &gathered[class];
        let (document, start, end, code, coder) = g.key;
        let new = SegmentId(free_derived_uuid(
            "segment",
            &[
                g.source.id.0.as_bytes(),
                document.0.as_bytes(),
                &start.to_le_bytes(),
                &end.to_le_bytes(),
                code.0.as_bytes(),
                coder.0.as_bytes(),
            ],
            |candidate| {
                let candidate = SegmentId(candidate);
                claims
                    .binary_search_by(|(id, _)| id.cmp(&candidate))
                    .is_ok()
                    || derived.contains(&candidate)
            },
        ));
        derived.push(new);
        *id = Some(new);
    }
    ids.into_iter()
        .map(|id| id.expect("every coding has an id"))
        .collect()
}
