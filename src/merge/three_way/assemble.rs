//! The merged project built from the items kept: each with ours' id, else theirs', else the
//! base's; in the merged order of each kind.

use super::codings::{CodingClass, SEG_CODE, SEG_CODER, SEG_DOCUMENT};
use super::fields::pick;
use super::kinds::{Kinds, NAME};
use super::matched::{Matched, present};
use super::variables::Attributes;
use super::{BASE, OURS, THEIRS};
use crate::merge::ids::free_derived_uuid;
use crate::merge::matching::Classes;
use crate::model::{
    Code, CodeId, Coder, CoderId, DocId, Document, Group, Project, Segment, Segments, VariableValue,
};
use std::collections::HashSet;

/// The merged order of one kind of item (classes): if ours kept the base's order of the items
/// both sides have, theirs' order of them is taken (theirs may have moved some), else ours'.
/// An item only one side has goes before the item it precedes on that side, or at the end.
fn merge_order(lists: [Vec<usize>; 3], kept: impl Fn(usize) -> bool) -> Vec<usize> {
    let [base, ours, theirs] = lists;
    let in_ours: HashSet<usize> = ours.iter().copied().collect();
    let in_theirs: HashSet<usize> = theirs.iter().copied().collect();
    let in_base: HashSet<usize> = base.iter().copied().collect();
    let common = |c: &usize| kept(*c) && in_ours.contains(c) && in_theirs.contains(c);
    let base_order: Vec<usize> = base.iter().copied().filter(common).collect();
    let ours_order: Vec<usize> = ours.iter().copied().filter(common).collect();
    let ours_of_base: Vec<usize> = ours_order
        .iter()
        .copied()
        .filter(|c| in_base.contains(c))
        .collect();
    let mut order = if ours_of_base == base_order {
        theirs.iter().copied().filter(common).collect()
    } else {
        ours_order
    };
    for list in [&ours, &theirs] {
        for (i, &item) in list.iter().enumerate() {
            if !kept(item) || order.contains(&item) {
                continue;
            }
            let before = list[i + 1..]
                .iter()
                .find_map(|next| order.iter().position(|o| o == next));
            order.insert(before.unwrap_or(order.len()), item);
        }
    }
    order
}

/// A side's items of one kind as classes, in its list order.
fn side_order(classes: &Classes, side: usize) -> Vec<usize> {
    classes.class_of.get(side).cloned().unwrap_or_default()
}

/// The merged project: ours' id, with the project's `name` and `memo` as merged; the current
/// coder as one side changed it, else ours'.
pub(super) fn assemble(
    m: &Matched,
    kinds: &Kinds,
    seg_classes: &[CodingClass],
    (name, memo): (String, String),
    attributes: &Attributes,
) -> Project {
    let Matched {
        sides,
        docs,
        coders,
        codes,
        coder_class,
        ..
    } = m;
    let Kinds {
        coders: coder_kind,
        docs: doc_kind,
        codes: code_kind,
        codings: seg_kind,
    } = kinds;
    // Ids of what is kept: ours', else theirs', else the base's.
    let coder_ids: Vec<Option<CoderId>> = (0..coder_kind.len())
        .map(|c| {
            coder_kind.kept(c).then(|| {
                let (s, p) = present(coders, c);
                sides[s].coders[p].id
            })
        })
        .collect();
    let code_ids: Vec<Option<CodeId>> = (0..code_kind.len())
        .map(|c| {
            code_kind.kept(c).then(|| {
                let (s, p) = present(codes, c);
                sides[s].codes[p].id
            })
        })
        .collect();
    let mut taken_doc_ids = HashSet::new();
    let doc_ids: Vec<Option<DocId>> = (0..doc_kind.len())
        .map(|c| {
            doc_kind.kept(c).then(|| {
                let (s, p) = present(docs, c);
                let doc = &sides[s].documents[p];
                let mut id = doc.id;
                if !taken_doc_ids.insert(id) {
                    id = DocId(free_derived_uuid(
                        "document",
                        &[doc.hash.as_bytes(), doc.id.0.as_bytes()],
                        |candidate| taken_doc_ids.contains(&DocId(candidate)),
                    ));
                    taken_doc_ids.insert(id);
                }
                id
            })
        })
        .collect();

    let current = |s: usize| sides[s].current_coder.map(|c| coder_class[s][&c]);
    let current_coder = pick(Some(&current(BASE)), &current(OURS), &current(THEIRS))
        .copied()
        .unwrap_or(current(OURS))
        .and_then(|class| coder_ids[class]);

    let lists = |classes: &Classes| [BASE, OURS, THEIRS].map(|s| side_order(classes, s));
    let coder_list: Vec<Coder> = merge_order(lists(coders), |c| coder_kind.kept(c))
        .into_iter()
        .map(|class| Coder {
            id: coder_ids[class].expect("kept"),
            name: coder_kind.value(class, NAME).owned_text(),
        })
        .collect();
    let code_list: Vec<Code> = merge_order(lists(codes), |c| code_kind.kept(c))
        .into_iter()
        .map(|class| {
            let v = code_kind.result[class].as_ref().expect("kept");
            Code {
                id: code_ids[class].expect("kept"),
                name: v[0].owned_text(),
                parent: v[1].reference().and_then(|p| code_ids[p]),
                color: v[2].color(),
                description: v[3].owned_text(),
                inclusion: v[4].owned_text(),
                exclusion: v[5].owned_text(),
                example: v[6].owned_text(),
                hotkey: v[7].hotkey(),
                memo: v[8].owned_text(),
            }
        })
        .collect();
    let doc_list: Vec<Document> = merge_order(lists(docs), |c| doc_kind.kept(c))
        .into_iter()
        .map(|class| {
            let v = doc_kind.result[class].as_ref().expect("kept");
            let (s, pos) = present(docs, class);
            Document {
                id: doc_ids[class].expect("kept"),
                name: v[0].owned_text(),
                memo: v[1].owned_text(),
                ..sides[s].documents[pos].clone()
            }
        })
        .collect();
    // A reference to an item not kept (only after a choice left one out where it could not be
    // followed) gives an invalid project, which validation below reports.
    let missing_code = CodeId::new();
    let missing_doc = DocId::new();
    let missing_coder = CoderId::new();
    let segments: Segments = seg_kind
        .result
        .iter()
        .zip(seg_classes)
        .filter_map(|(v, members)| {
            let v = v.as_ref()?;
            let id = [OURS, THEIRS, BASE]
                .into_iter()
                .find_map(|s| members[s].map(|seg| seg.id))
                .expect("a class has a member");
            let (start, end) = v[1].range();
            let target = |field: usize| v[field].reference().expect("codings refer");
            Some((
                id,
                Segment {
                    id,
                    document: doc_ids[target(SEG_DOCUMENT)].unwrap_or(missing_doc),
                    start,
                    end,
                    code: code_ids[target(SEG_CODE)].unwrap_or(missing_code),
                    coder: coder_ids[target(SEG_CODER)].unwrap_or(missing_coder),
                    memo: v[4].owned_text(),
                    created: v[5].owned_text(),
                },
            ))
        })
        .collect();
    // Coverage: what either side records, united (a coder's coverage only grows in a merge).
    let (coder_ids_ref, doc_ids_ref) = (&coder_ids, &doc_ids);
    let coverage = crate::merge::coverage::unite([OURS, THEIRS].into_iter().flat_map(|s| {
        sides[s].coverage.iter().map(move |entry| {
            let coder = coder_class[s]
                .get(&entry.coder)
                .and_then(|&class| coder_ids_ref[class]);
            let document = sides[s]
                .document_index(entry.document)
                .and_then(|p| docs.class_of[s].get(p))
                .and_then(|&class| doc_ids_ref[class]);
            (coder, document, entry.clone())
        })
    }));
    Project {
        id: sides[OURS].id,
        name,
        memo,
        coders: coder_list,
        current_coder,
        codes: code_list,
        documents: doc_list,
        segments,
        coverage,
        variables: attributes.variables.clone(),
        values: {
            let mut values: Vec<VariableValue> = attributes
                .values
                .iter()
                .filter_map(|(class, variable, value)| {
                    Some(VariableValue {
                        document: doc_ids[*class]?,
                        variable: variable.clone(),
                        value: value.clone(),
                    })
                })
                .collect();
            values.sort_by(|a, b| (a.document, &a.variable).cmp(&(b.document, &b.variable)));
            values
        },
        groups: attributes
            .groups
            .iter()
            .map(|(name, classes)| {
                let mut documents: Vec<DocId> =
                    classes.iter().filter_map(|&c| doc_ids[c]).collect();
                documents.sort();
                Group {
                    name: name.clone(),
                    documents,
                }
            })
            .collect(),
    }
}
