//! The union of every file's codings. A coding is identified by its document, range, code and
//! coder (after matching); identical codings become one coding whose memo combines theirs, be
//! they in several files or twice in one.
//!
//! Built for a million codings: codings are keyed by positions in the merged lists rather than
//! ids and found by the hash of that key; the gathered codings stay small; nothing is copied
//! until the merged codings are built, which is split over the cores.

use super::ids::free_derived_uuid;
use super::matching::Classes;
use super::parallel;
use crate::fast_hash::{FastHasher, FastMap, fast_map};
use crate::model::Segments;
use crate::model::{Code, Coder, Document, Project, Segment, SegmentId};
use crate::ops::combine_all_memos;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, BuildHasherDefault};
use std::ops::Index;

/// An input's coding ids → the merged coding ids. Sorted pairs, looked up by binary search:
/// cheaper than a map to build for a million codings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SegmentMap(Vec<(SegmentId, SegmentId)>);

impl SegmentMap {
    /// The merged id of the input's coding `id`.
    pub fn get(&self, id: &SegmentId) -> Option<SegmentId> {
        self.0
            .binary_search_by(|(from, _)| from.cmp(id))
            .ok()
            .map(|i| self.0[i].1)
    }

    /// (input id, merged id), by input id.
    pub fn iter(&self) -> impl Iterator<Item = (SegmentId, SegmentId)> + '_ {
        self.0.iter().copied()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Index<&SegmentId> for SegmentMap {
    type Output = SegmentId;

    /// Panics if the input has no coding `id`.
    fn index(&self, id: &SegmentId) -> &SegmentId {
        let i = self
            .0
            .binary_search_by(|(from, _)| from.cmp(id))
            .expect("a coding of this input");
        &self.0[i].1
    }
}

/// The merged codings, and for each input how its codings were taken.
pub(crate) struct Union {
    pub segments: Segments,
    /// Per input: its coding ids → the merged ones.
    pub maps: Vec<SegmentMap>,
    /// Per input: codings it added (not in an earlier input).
    pub added: Vec<usize>,
    /// Per input: codings identical to one of an earlier input (or earlier in the same input).
    pub identical: Vec<usize>,
    /// Merged codings whose memo combines different memos.
    pub memos_combined: usize,
}

/// A coding as positions in the merged lists: document, start, end, code, coder.
type Key = (u32, usize, usize, u32, u32);

/// The merged items of one kind: how the inputs' items were matched, and the merged list.
pub(crate) type Merged<'a, T> = (&'a Classes, &'a [T]);

/// One merged coding while it is being gathered.
struct Gathered<'a> {
    key: Key,
    /// The copy of the first input that has it: its id is kept when free.
    source: &'a Segment,
    /// The copy with the earliest `created`.
    earliest: &'a Segment,
    /// The first non-empty memo of its copies, if any.
    memo: Option<&'a str>,
    /// Where the other distinct non-empty memos are kept, if there are any.
    more_memos: Option<u32>,
}

/// Merge the codings of `projects`, whose documents, codes and coders are already merged.
pub(crate) fn union_segments<'a>(
    projects: &[&'a Project],
    documents: Merged<Document>,
    codes: Merged<Code>,
    coders: Merged<Coder>,
) -> Union {
    let total: usize = projects.iter().map(|p| p.segments.len()).sum();
    // Codings by the hash of their key: a table of 16-byte entries stays in cache far better
    // than one of whole keys. Two keys with one hash (rare) are told apart by `collided`.
    let mut classes_by_hash: FastMap<u64, u32> = fast_map(total);
    let mut collided: FastMap<Key, u32> = FastMap::default();
    let hasher = BuildHasherDefault::<FastHasher>::default();
    let mut gathered: Vec<Gathered<'a>> = Vec::with_capacity(total);
    let mut more_memos: Vec<Vec<&'a str>> = Vec::new();
    let mut class_of: Vec<Vec<u32>> = Vec::with_capacity(projects.len());
    let mut added = vec![0; projects.len()];
    let mut identical = vec![0; projects.len()];
    for (input, project) in projects.iter().enumerate() {
        let doc_at = positions(documents.0, input, &project.documents, |d| d.id);
        let code_at = positions(codes.0, input, &project.codes, |c| c.id);
        let coder_at = positions(coders.0, input, &project.coders, |c| c.id);
        let mut classes = Vec::with_capacity(project.segments.len());
        for segment in project.segments.values() {
            let key = (
                doc_at[&segment.document],
                segment.start,
                segment.end,
                code_at[&segment.code],
                coder_at[&segment.coder],
            );
            let next = gathered.len() as u32;
            let class = match classes_by_hash.entry(hasher.hash_one(key)) {
                Entry::Vacant(slot) => *slot.insert(next),
                Entry::Occupied(slot) if gathered[*slot.get() as usize].key == key => *slot.get(),
                Entry::Occupied(_) => *collided.entry(key).or_insert(next),
            };
            let memo = (!segment.memo.is_empty()).then_some(segment.memo.as_str());
            if class == next {
                added[input] += 1;
                gathered.push(Gathered {
                    key,
                    source: segment,
                    earliest: segment,
                    memo,
                    more_memos: None,
                });
            } else {
                identical[input] += 1;
                let merged = &mut gathered[class as usize];
                if segment.created < merged.earliest.created {
                    merged.earliest = segment;
                }
                match (merged.memo, memo) {
                    (_, None) => {}
                    (None, Some(_)) => merged.memo = memo,
                    (Some(first), Some(this)) if first == this => {}
                    (Some(_), Some(this)) => match merged.more_memos {
                        None => {
                            merged.more_memos = Some(more_memos.len() as u32);
                            more_memos.push(vec![this]);
                        }
                        Some(at) => {
                            let list = &mut more_memos[at as usize];
                            if !list.contains(&this) {
                                list.push(this);
                            }
                        }
                    },
                }
            }
            classes.push(class);
        }
        class_of.push(classes);
    }
    drop(classes_by_hash);

    let (ids, order) = assign_ids(&gathered, documents.1, codes.1, coders.1);
    // Copying a million codings (their strings) is most of the work: split over the cores.
    // Built in id order, so that collecting into the map needs no real sorting.
    let build = |chunk: &[u32]| -> Vec<(SegmentId, Segment)> {
        chunk
            .iter()
            .map(|&class| {
                let g = &gathered[class as usize];
                let id = ids[class as usize];
                let (document, start, end, code, coder) = g.key;
                let memo = match (g.memo, g.more_memos) {
                    (None, _) => String::new(),
                    (Some(memo), None) => memo.to_string(),
                    (Some(memo), Some(at)) => combine_all_memos(
                        std::iter::once(memo).chain(more_memos[at as usize].iter().copied()),
                    ),
                };
                let segment = Segment {
                    id,
                    document: documents.1[document as usize].id,
                    start,
                    end,
                    code: codes.1[code as usize].id,
                    coder: coders.1[coder as usize].id,
                    created: g.earliest.created.clone(),
                    memo,
                };
                (id, segment)
            })
            .collect()
    };
    let mut parts = parallel::map_chunks(&order, |_| 1, build).into_iter();
    let mut built = parts.next().unwrap_or_default();
    for part in parts {
        built.extend(part);
    }
    let (segments, maps) = parallel::join(
        built.len(),
        || built.into_iter().collect::<Segments>(),
        || {
            projects
                .iter()
                .zip(&class_of)
                .map(|(project, classes)| {
                    SegmentMap(
                        project
                            .segments
                            .keys()
                            .zip(classes)
                            .map(|(&from, &class)| (from, ids[class as usize]))
                            .collect(),
                    )
                })
                .collect()
        },
    );
    Union {
        segments,
        maps,
        added,
        identical,
        memos_combined: more_memos.len(),
    }
}

/// An input's items of one kind, by id → their positions in the merged list.
fn positions<T, Id: std::hash::Hash + Eq>(
    classes: &Classes,
    input: usize,
    items: &[T],
    id: impl Fn(&T) -> Id,
) -> FastMap<Id, u32> {
    classes
        .of_items(input, items, id)
        .map(|(id, class)| (id, class as u32))
        .collect()
}

/// Each merged coding keeps the id of its first copy, unless an earlier merged coding (in input
/// order) has that id; then it gets an id derived from that id and its content, which a re-merge
/// derives again. Returns the ids, and the merged codings (by index) in id order.
fn assign_ids(
    gathered: &[Gathered],
    documents: &[Document],
    codes: &[Code],
    coders: &[Coder],
) -> (Vec<SegmentId>, Vec<u32>) {
    let mut claims: Vec<(SegmentId, u32)> = gathered
        .iter()
        .enumerate()
        .map(|(class, g)| (g.source.id, class as u32))
        .collect();
    // Stable sort: each input's new codings come in id order, and it merges such runs fast.
    claims.sort();
    let mut ids: Vec<Option<SegmentId>> = vec![None; gathered.len()];
    let mut order: Vec<(SegmentId, u32)> = Vec::with_capacity(claims.len());
    for (i, &(id, class)) in claims.iter().enumerate() {
        if i == 0 || claims[i - 1].0 != id {
            ids[class as usize] = Some(id);
            order.push((id, class));
        }
    }
    let kept = order.len();
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
                documents[document as usize].id.0.as_bytes(),
                &start.to_le_bytes(),
                &end.to_le_bytes(),
                codes[code as usize].id.0.as_bytes(),
                coders[coder as usize].id.0.as_bytes(),
            ],
            |candidate| {
                let candidate = SegmentId(candidate);
                claims
                    .binary_search_by(|(id, _)| id.cmp(&candidate))
                    .is_ok()
                    || order[kept..].iter().any(|(id, _)| *id == candidate)
            },
        ));
        *id = Some(new);
        order.push((new, class as u32));
    }
    if order.len() > kept {
        order.sort_unstable();
    }
    let ids = ids
        .into_iter()
        .map(|id| id.expect("every coding has an id"))
        .collect();
    (ids, order.into_iter().map(|(_, class)| class).collect())
}
