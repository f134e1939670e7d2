//! Codings, matched and merged: by id; then a coding only ours added and one only theirs added
//! are one when they have the same document, range, code and coder, once, with both memos.

use super::chooser::Chooser;
use super::fields::V;
use super::kinds::{Kind, merge_kind};
use super::matched::Matched;
use super::{BASE, OURS, THEIRS};
use crate::model::{Segment, SegmentId};
use crate::ops::combine_all_memos;
use std::borrow::Cow;
use std::collections::HashMap;

pub(super) const SEGMENT_FIELDS: &[&str] =
    &["document", "range", "code", "coder", "memo", "created"];

// Positions of the references to other kinds.
pub(super) const SEG_DOCUMENT: usize = 0;
pub(super) const SEG_CODE: usize = 2;
pub(super) const SEG_CODER: usize = 3;

/// One coding as base, ours and theirs have it; `None` where a side does not.
pub(super) type CodingClass<'p> = [Option<&'p Segment>; 3];

/// The codings of the three sides as classes.
pub(super) fn match_codings<'p>(m: &Matched<'p>) -> Vec<CodingClass<'p>> {
    let (sides, doc_class, code_class, coder_class) =
        (m.sides, &m.doc_class, &m.code_class, &m.coder_class);
    let mut seg_classes: Vec<CodingClass<'p>> = Vec::new();
    let mut by_id: HashMap<SegmentId, usize> = HashMap::new();
    for (s, side) in sides.iter().enumerate() {
        for segment in side.segments.values() {
            let class = *by_id.entry(segment.id).or_insert_with(|| {
                seg_classes.push([None; 3]);
                seg_classes.len() - 1
            });
            seg_classes[class][s] = Some(segment);
        }
    }
    let key = |s: usize, seg: &Segment| {
        (
            doc_class[s][&seg.document],
            seg.start,
            seg.end,
            code_class[s][&seg.code],
            coder_class[s][&seg.coder],
        )
    };
    let mut theirs_only: HashMap<_, Vec<usize>> = HashMap::new();
    for (class, members) in seg_classes.iter().enumerate() {
        if let [None, None, Some(t)] = members {
            theirs_only.entry(key(THEIRS, t)).or_default().push(class);
        }
    }
    for list in theirs_only.values_mut() {
        list.reverse();
    }
    for class in 0..seg_classes.len() {
        if let [None, Some(o), None] = seg_classes[class]
            && let Some(other) = theirs_only.get_mut(&key(OURS, o)).and_then(Vec::pop)
        {
            seg_classes[class][THEIRS] = seg_classes[other][THEIRS].take();
        }
    }
    seg_classes.retain(|members| members.iter().any(Option::is_some));
    seg_classes
}

/// `coding of "doc" 0..8 with "Code" by "Coder"`, as ours has it, else theirs, else the base.
pub(super) fn coding_label(m: &Matched, members: &CodingClass) -> String {
    let (doc_class, code_class, coder_class) = (&m.doc_class, &m.code_class, &m.coder_class);
    let (s, seg) = [OURS, THEIRS, BASE]
        .into_iter()
        .find_map(|s| members[s].map(|seg| (s, seg)))
        .expect("a class has a member");
    let (doc, code, coder) = (
        doc_class[s][&seg.document],
        code_class[s][&seg.code],
        coder_class[s][&seg.coder],
    );
    format!(
        "coding of {:?} {}..{} with {:?} by {:?}",
        m.doc_name(doc),
        seg.start,
        seg.end,
        m.code_path(code),
        m.coder_name(coder)
    )
}

/// Merge the codings (their document, code and coder compared as classes).
pub(super) fn merge_codings<'p>(
    m: &Matched<'p>,
    seg_classes: &[CodingClass<'p>],
    chooser: &mut Chooser,
) -> Kind<'p> {
    let (doc_class, code_class, coder_class) = (&m.doc_class, &m.code_class, &m.coder_class);
    let seg_values = |s: usize, seg: &'p Segment| {
        vec![
            V::Ref(Some(doc_class[s][&seg.document])),
            V::Range(seg.start, seg.end),
            V::Ref(Some(code_class[s][&seg.code])),
            V::Ref(Some(coder_class[s][&seg.coder])),
            V::Text(Cow::Borrowed(seg.memo.as_str())),
            V::Text(Cow::Borrowed(seg.created.as_str())),
        ]
    };
    merge_kind(
        seg_classes.len(),
        SEGMENT_FIELDS,
        |class| {
            let members = &seg_classes[class];
            let mut values = [BASE, OURS, THEIRS].map(|s| members[s].map(|seg| seg_values(s, seg)));
            // The same coding added on both sides: once, with both memos.
            if let [None, Some(o), Some(t)] = &mut values
                && o[..4] == t[..4]
            {
                let memo = combine_all_memos([o[4].text(), t[4].text()]);
                let created = o[5].text().min(t[5].text()).to_string();
                o[4] = V::Text(Cow::Owned(memo));
                o[5] = V::Text(Cow::Owned(created));
                *t = o.clone();
            }
            values
        },
        |class| coding_label(m, &seg_classes[class]),
        &|field, v| match v {
            V::Ref(Some(c)) if field == 0 => m.doc_name(*c),
            V::Ref(Some(c)) if field == 2 => m.code_path(*c),
            V::Ref(Some(c)) => m.coder_name(*c),
            V::Range(start, end) => format!("{start}..{end}"),
            V::Text(t) => t.to_string(),
            _ => unreachable!("codings have no other values"),
        },
        chooser,
    )
}
