//! Git's three-way merge of one project file: "ours" and "theirs" against their common "base".
//!
//! Items are matched as in the n-way merge (documents by text, codes by id then path, coders by
//! id then name; codings by id, and codings added on both sides by content). Then, per item and
//! per field: a change made on one side only is taken; the same change on both sides is taken;
//! different changes are a conflict. An item deleted on one side and unchanged on the other is
//! deleted; deleted on one side and changed on the other is a conflict. Codings added on both
//! sides are all kept, identical ones once (their memos combined). A merged project that would
//! refer to something deleted, or break an invariant (two sibling codes with one name, a hotkey
//! twice), is a conflict too. On any conflict nothing is merged.

use super::MergeError;
use super::ids::free_derived_uuid;
use super::matching::{Classes, match_coders, match_codes, match_documents};
use super::report::{Counts, counts};
use crate::model::{
    Code, CodeId, Coder, CoderId, Color, DocId, Document, Project, Segment, SegmentId, validate,
};
use crate::ops::combine_all_memos;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

const BASE: usize = 0;
const OURS: usize = 1;
const THEIRS: usize = 2;

/// Something changed differently on the two sides, or deleted on one and changed on the other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreeWayConflict {
    /// The item: `code "Push factors/Unemployment"`, `document "004.txt"`, `coding …`.
    pub item: String,
    /// The field that differs, or what happened to the item.
    pub what: String,
    /// The values on each side; `None` where the item is not on that side.
    pub base: Option<String>,
    pub ours: Option<String>,
    pub theirs: Option<String>,
}

impl fmt::Display for ThreeWayConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.item, self.what)?;
        if self.base.is_none() && self.ours.is_none() && self.theirs.is_none() {
            return Ok(());
        }
        let show = |value: &Option<String>, missing: &str| match value {
            Some(v) => format!("{v:?}"),
            None => missing.to_string(),
        };
        write!(
            f,
            ": base {}, ours {}, theirs {}",
            show(&self.base, "(not there)"),
            show(&self.ours, "(deleted)"),
            show(&self.theirs, "(deleted)")
        )
    }
}

pub(crate) fn conflict_lines(conflicts: &[ThreeWayConflict]) -> String {
    conflicts
        .iter()
        .map(|c| format!("  {c}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The merged project, and what of it came from theirs.
#[derive(Clone, Debug)]
pub struct ThreeWayMerged {
    pub project: Project,
    /// Items of theirs that ours did not have.
    pub added: Counts,
    /// Items ours has that theirs changed.
    pub changed: Counts,
    /// Items of ours that theirs deleted.
    pub removed: Counts,
}

impl ThreeWayMerged {
    /// One line for a terminal.
    pub fn summary(&self) -> String {
        format!(
            "merged theirs into ours: added {}; changed {}; removed {}",
            counts(&self.added),
            counts(&self.changed),
            counts(&self.removed)
        )
    }
}

/// One field's value on one side, comparable across sides: references to other items are
/// compared as matched items (classes), not by id.
#[derive(Clone, Debug, PartialEq, Eq)]
enum V<'a> {
    Text(Cow<'a, str>),
    Color(Color),
    Hotkey(Option<u8>),
    Ref(Option<usize>),
    Range(usize, usize),
}

impl V<'_> {
    fn text(&self) -> &str {
        match self {
            V::Text(t) => t,
            _ => unreachable!("a text field"),
        }
    }

    fn owned_text(&self) -> String {
        self.text().to_string()
    }

    fn color(&self) -> Color {
        match self {
            V::Color(c) => *c,
            _ => unreachable!("a colour field"),
        }
    }

    fn hotkey(&self) -> Option<u8> {
        match self {
            V::Hotkey(h) => *h,
            _ => unreachable!("a hotkey field"),
        }
    }

    fn range(&self) -> (usize, usize) {
        match self {
            V::Range(start, end) => (*start, *end),
            _ => unreachable!("a range field"),
        }
    }

    fn reference(&self) -> Option<usize> {
        match self {
            V::Ref(r) => *r,
            _ => unreachable!("a reference field"),
        }
    }
}

/// The outcome for one item.
enum Outcome<'a> {
    Gone,
    Keep(Vec<V<'a>>),
    /// Conflicting: not merged. The values are ours (or theirs), kept only so that other items
    /// referring to this one are not reported as well.
    Conflict(Vec<V<'a>>),
}

impl<'a> Outcome<'a> {
    fn values(&self) -> Option<&[V<'a>]> {
        match self {
            Outcome::Gone => None,
            Outcome::Keep(v) | Outcome::Conflict(v) => Some(v),
        }
    }
}

/// The value both sides agree on, given the base: `None` when they changed it differently.
fn pick<'v, T: PartialEq>(base: Option<&T>, ours: &'v T, theirs: &'v T) -> Option<&'v T> {
    if ours == theirs || base == Some(theirs) {
        Some(ours)
    } else if base == Some(ours) {
        Some(theirs)
    } else {
        None
    }
}

struct Merger<'a, 'c> {
    fields: &'static [&'static str],
    item: String,
    show: &'c dyn Fn(usize, &V<'a>) -> String,
    conflicts: &'c mut Vec<ThreeWayConflict>,
}

impl<'a> Merger<'a, '_> {
    fn conflict(&mut self, what: String, values: [Option<String>; 3]) {
        let [base, ours, theirs] = values;
        self.conflicts.push(ThreeWayConflict {
            item: self.item.clone(),
            what,
            base,
            ours,
            theirs,
        });
    }

    /// Merge one item's fields, given its values on each side.
    fn merge(&mut self, sides: [Option<Vec<V<'a>>>; 3]) -> Outcome<'a> {
        let [base, ours, theirs] = sides;
        match (base, ours, theirs) {
            (_, None, None) => Outcome::Gone,
            (None, Some(one), None) | (None, None, Some(one)) => Outcome::Keep(one),
            (Some(base), Some(kept), None) => self.deleted_on_one_side(&base, kept, THEIRS),
            (Some(base), None, Some(kept)) => self.deleted_on_one_side(&base, kept, OURS),
            (base, Some(ours), Some(theirs)) => {
                let mut merged = Vec::with_capacity(ours.len());
                let mut conflicting = false;
                for (i, (o, t)) in ours.iter().zip(&theirs).enumerate() {
                    let b = base.as_ref().map(|b| &b[i]);
                    match pick(b, o, t) {
                        Some(v) => merged.push(v.clone()),
                        None => {
                            conflicting = true;
                            let show = |v: &V<'a>| (self.show)(i, v);
                            let values = [b.map(show), Some(show(o)), Some(show(t))];
                            let what = match b {
                                Some(_) => {
                                    format!("{} changed differently on each side", self.fields[i])
                                }
                                None => {
                                    format!("added on both sides with different {}", self.fields[i])
                                }
                            };
                            self.conflict(what, values);
                            merged.push(o.clone());
                        }
                    }
                }
                if conflicting {
                    Outcome::Conflict(merged)
                } else {
                    Outcome::Keep(merged)
                }
            }
        }
    }

    /// The item is in the base and on one side only: deleted by the other side.
    fn deleted_on_one_side(
        &mut self,
        base: &[V<'a>],
        kept: Vec<V<'a>>,
        deleter: usize,
    ) -> Outcome<'a> {
        let Some(changed) = (0..base.len()).find(|&i| base[i] != kept[i]) else {
            return Outcome::Gone;
        };
        let keeper = if deleter == OURS { THEIRS } else { OURS };
        let show = |v: &V<'a>| (self.show)(changed, v);
        let mut values = [Some(show(&base[changed])), None, None];
        values[keeper] = Some(show(&kept[changed]));
        self.conflict(
            format!(
                "deleted in {}, but its {} changed in {}",
                SIDE_NAMES[deleter], self.fields[changed], SIDE_NAMES[keeper]
            ),
            values,
        );
        Outcome::Conflict(kept)
    }
}

const SIDE_NAMES: [&str; 3] = ["base", "ours", "theirs"];

type Sides<'a> = [Option<Vec<V<'a>>>; 3];

/// Merge every item of one kind; returns each class's outcome and its values in ours.
fn merge_kind<'a>(
    count: usize,
    fields: &'static [&'static str],
    sides_of: impl Fn(usize) -> Sides<'a>,
    label: impl Fn(usize) -> String,
    show: &dyn Fn(usize, &V<'a>) -> String,
    conflicts: &mut Vec<ThreeWayConflict>,
) -> Vec<(Outcome<'a>, Option<Vec<V<'a>>>)> {
    (0..count)
        .map(|class| {
            let sides = sides_of(class);
            let ours = sides[OURS].clone();
            let mut merger = Merger {
                fields,
                item: label(class),
                show,
                conflicts,
            };
            (merger.merge(sides), ours)
        })
        .collect()
}

/// What changed between ours and the result, counted.
fn tally(outcomes: &[(Outcome, Option<Vec<V>>)]) -> (usize, usize, usize) {
    let (mut added, mut changed, mut removed) = (0, 0, 0);
    for (outcome, ours) in outcomes {
        match (outcome.values(), ours) {
            (Some(_), None) => added += 1,
            (None, Some(_)) => removed += 1,
            (Some(result), Some(ours)) if result != ours.as_slice() => changed += 1,
            _ => {}
        }
    }
    (added, changed, removed)
}

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

const CODER_FIELDS: &[&str] = &["name"];
const DOCUMENT_FIELDS: &[&str] = &["name", "memo"];
const CODE_FIELDS: &[&str] = &[
    "name",
    "parent",
    "colour",
    "description",
    "inclusion criteria",
    "exclusion criteria",
    "example",
    "hotkey",
    "memo",
];
const SEGMENT_FIELDS: &[&str] = &["document", "range", "code", "coder", "memo", "created"];

/// Merge `ours` and `theirs`, the two sides of a git merge, against their common `base` (for a
/// file both sides added, an empty project). The result has ours' id; a project name, memo or
/// current coder changed on one side only is taken (the current coder, a personal setting, is
/// ours when both changed it). On any conflict, returns [`MergeError::ThreeWay`] listing all.
pub fn three_way<'p>(
    base: &'p Project,
    ours: &'p Project,
    theirs: &'p Project,
) -> Result<ThreeWayMerged, MergeError> {
    let sides = [base, ours, theirs];
    let docs = match_documents(&sides);
    let coders = match_coders(&sides);
    let codes = match_codes(&sides);
    let mut conflicts = Vec::new();

    let doc_class: Vec<HashMap<DocId, usize>> = (0..3)
        .map(|s| docs.of_items(s, &sides[s].documents, |d| d.id).collect())
        .collect();
    let code_class: Vec<HashMap<CodeId, usize>> = (0..3)
        .map(|s| codes.of_items(s, &sides[s].codes, |c| c.id).collect())
        .collect();
    let coder_class: Vec<HashMap<CoderId, usize>> = (0..3)
        .map(|s| coders.of_items(s, &sides[s].coders, |c| c.id).collect())
        .collect();
    // An item of a class as ours has it, else theirs, else the base.
    let present = |classes: &Classes, class: usize| {
        [OURS, THEIRS, BASE]
            .into_iter()
            .find_map(|s| classes.member(class, s).map(|pos| (s, pos)))
            .expect("a class has a member")
    };
    let code_path = |class: usize| {
        let (s, pos) = present(&codes, class);
        sides[s].code_path(sides[s].codes[pos].id)
    };
    let doc_name = |class: usize| {
        let (s, pos) = present(&docs, class);
        sides[s].documents[pos].name.clone()
    };
    let coder_name = |class: usize| {
        let (s, pos) = present(&coders, class);
        sides[s].coders[pos].name.clone()
    };
    let text = |v: &V| v.owned_text();

    let coder_outcomes = merge_kind(
        coders.members.len(),
        CODER_FIELDS,
        |class| {
            [BASE, OURS, THEIRS].map(|s| {
                coders
                    .member(class, s)
                    .map(|pos| vec![V::Text(Cow::Borrowed(sides[s].coders[pos].name.as_str()))])
            })
        },
        |class| format!("coder {:?}", coder_name(class)),
        &|_, v| text(v),
        &mut conflicts,
    );
    let doc_outcomes = merge_kind(
        docs.members.len(),
        DOCUMENT_FIELDS,
        |class| {
            [BASE, OURS, THEIRS].map(|s| {
                docs.member(class, s).map(|pos| {
                    let d = &sides[s].documents[pos];
                    vec![
                        V::Text(Cow::Borrowed(d.name.as_str())),
                        V::Text(Cow::Borrowed(d.memo.as_str())),
                    ]
                })
            })
        },
        |class| format!("document {:?}", doc_name(class)),
        &|_, v| text(v),
        &mut conflicts,
    );
    let code_outcomes = merge_kind(
        codes.members.len(),
        CODE_FIELDS,
        |class| {
            [BASE, OURS, THEIRS].map(|s| {
                codes.member(class, s).map(|pos| {
                    let c = &sides[s].codes[pos];
                    vec![
                        V::Text(Cow::Borrowed(c.name.as_str())),
                        V::Ref(c.parent.map(|p| code_class[s][&p])),
                        V::Color(c.color),
                        V::Text(Cow::Borrowed(c.description.as_str())),
                        V::Text(Cow::Borrowed(c.inclusion.as_str())),
                        V::Text(Cow::Borrowed(c.exclusion.as_str())),
                        V::Text(Cow::Borrowed(c.example.as_str())),
                        V::Hotkey(c.hotkey),
                        V::Text(Cow::Borrowed(c.memo.as_str())),
                    ]
                })
            })
        },
        |class| format!("code {:?}", code_path(class)),
        &|field, v| match v {
            V::Ref(None) => "(top level)".into(),
            V::Ref(Some(parent)) => code_path(*parent),
            V::Color(c) => c.to_string(),
            V::Hotkey(None) => "none".into(),
            V::Hotkey(Some(k)) => k.to_string(),
            V::Text(t) => t.to_string(),
            V::Range(..) => unreachable!("codes have no range; field {field}"),
        },
        &mut conflicts,
    );

    // Codings: by id; then a coding only ours added and one only theirs added are one when
    // they have the same document, range, code and coder.
    let mut seg_classes: Vec<[Option<&Segment>; 3]> = Vec::new();
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
    let seg_label = |members: &[Option<&Segment>; 3]| {
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
            doc_name(doc),
            seg.start,
            seg.end,
            code_path(code),
            coder_name(coder)
        )
    };
    let seg_outcomes = merge_kind(
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
        |class| seg_label(&seg_classes[class]),
        &|field, v| match v {
            V::Ref(Some(c)) if field == 0 => doc_name(*c),
            V::Ref(Some(c)) if field == 2 => code_path(*c),
            V::Ref(Some(c)) => coder_name(*c),
            V::Range(start, end) => format!("{start}..{end}"),
            V::Text(t) => t.to_string(),
            _ => unreachable!("codings have no other values"),
        },
        &mut conflicts,
    );

    // Ids of what is kept: ours', else theirs', else the base's.
    let kept_id = |classes: &Classes, outcomes: &[(Outcome, Option<Vec<V>>)], class: usize| {
        outcomes[class].0.values().map(|_| present(classes, class))
    };
    let coder_ids: Vec<Option<CoderId>> = (0..coders.members.len())
        .map(|c| kept_id(&coders, &coder_outcomes, c).map(|(s, p)| sides[s].coders[p].id))
        .collect();
    let code_ids: Vec<Option<CodeId>> = (0..codes.members.len())
        .map(|c| kept_id(&codes, &code_outcomes, c).map(|(s, p)| sides[s].codes[p].id))
        .collect();
    let mut taken_doc_ids = HashSet::new();
    let doc_ids: Vec<Option<DocId>> = (0..docs.members.len())
        .map(|c| {
            kept_id(&docs, &doc_outcomes, c).map(|(s, p)| {
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

    // Whatever a kept item refers to must be kept too.
    let who_deleted = |classes: &Classes, class: usize| match (
        classes.member(class, OURS),
        classes.member(class, THEIRS),
    ) {
        (None, None) => "both sides",
        (None, _) => "ours",
        _ => "theirs",
    };
    for (class, (outcome, _)) in code_outcomes.iter().enumerate() {
        if let Some(values) = outcome.values()
            && let Some(parent) = values[1].reference()
            && code_ids[parent].is_none()
        {
            conflicts.push(ThreeWayConflict {
                item: format!("code {:?}", code_path(class)),
                what: format!(
                    "is under {:?}, which {} deleted",
                    code_path(parent),
                    who_deleted(&codes, parent)
                ),
                base: None,
                ours: None,
                theirs: None,
            });
        }
    }
    for (class, (outcome, _)) in seg_outcomes.iter().enumerate() {
        let Some(values) = outcome.values() else {
            continue;
        };
        let refs = [
            (
                "document",
                &docs,
                doc_ids[values[0].reference().unwrap()].is_some(),
                values[0].reference().unwrap(),
            ),
            (
                "code",
                &codes,
                code_ids[values[2].reference().unwrap()].is_some(),
                values[2].reference().unwrap(),
            ),
            (
                "coder",
                &coders,
                coder_ids[values[3].reference().unwrap()].is_some(),
                values[3].reference().unwrap(),
            ),
        ];
        for (noun, classes, kept, target) in refs {
            if !kept {
                let name = match noun {
                    "document" => doc_name(target),
                    "code" => code_path(target),
                    _ => coder_name(target),
                };
                conflicts.push(ThreeWayConflict {
                    item: seg_label(&seg_classes[class]),
                    what: format!(
                        "its {noun} {name:?} was deleted by {}",
                        who_deleted(classes, target)
                    ),
                    base: None,
                    ours: None,
                    theirs: None,
                });
            }
        }
    }

    // The project's own fields.
    let mut project_field = |what: &str, values: [&'p String; 3]| {
        let [b, o, t] = values;
        let picked = pick(Some(b), o, t);
        if picked.is_none() {
            conflicts.push(ThreeWayConflict {
                item: "the project".into(),
                what: format!("{what} changed differently on each side"),
                base: Some(b.clone()),
                ours: Some(o.clone()),
                theirs: Some(t.clone()),
            });
        }
        picked
    };
    let name = project_field("name", [&base.name, &ours.name, &theirs.name]);
    let memo = project_field("memo", [&base.memo, &ours.memo, &theirs.memo]);
    let current = |s: usize| sides[s].current_coder.map(|c| coder_class[s][&c]);
    let current_coder = pick(Some(&current(BASE)), &current(OURS), &current(THEIRS))
        .copied()
        .unwrap_or(current(OURS))
        .and_then(|class| coder_ids[class]);

    if !conflicts.is_empty() {
        return Err(MergeError::ThreeWay(conflicts));
    }

    let kept = |outcomes: &[(Outcome, Option<Vec<V>>)]| {
        let flags: Vec<bool> = outcomes.iter().map(|(o, _)| o.values().is_some()).collect();
        move |class: usize| flags[class]
    };
    let lists = |classes: &Classes| [BASE, OURS, THEIRS].map(|s| side_order(classes, s));
    let coder_list: Vec<Coder> = merge_order(lists(&coders), kept(&coder_outcomes))
        .into_iter()
        .map(|class| {
            let values = coder_outcomes[class].0.values().expect("kept");
            Coder {
                id: coder_ids[class].expect("kept"),
                name: values[0].owned_text(),
            }
        })
        .collect();
    let code_list: Vec<Code> = merge_order(lists(&codes), kept(&code_outcomes))
        .into_iter()
        .map(|class| {
            let v = code_outcomes[class].0.values().expect("kept");
            Code {
                id: code_ids[class].expect("kept"),
                name: v[0].owned_text(),
                parent: v[1]
                    .reference()
                    .map(|p| code_ids[p].expect("checked above")),
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
    let doc_list: Vec<Document> = merge_order(lists(&docs), kept(&doc_outcomes))
        .into_iter()
        .map(|class| {
            let v = doc_outcomes[class].0.values().expect("kept");
            let (s, pos) = present(&docs, class);
            Document {
                id: doc_ids[class].expect("kept"),
                name: v[0].owned_text(),
                memo: v[1].owned_text(),
                ..sides[s].documents[pos].clone()
            }
        })
        .collect();
    let segments: BTreeMap<SegmentId, Segment> = seg_outcomes
        .iter()
        .zip(&seg_classes)
        .filter_map(|((outcome, _), members)| {
            let v = outcome.values()?;
            let id = [OURS, THEIRS, BASE]
                .into_iter()
                .find_map(|s| members[s].map(|seg| seg.id))
                .expect("a class has a member");
            let (start, end) = v[1].range();
            Some((
                id,
                Segment {
                    id,
                    document: doc_ids[v[0].reference().unwrap()].expect("checked above"),
                    start,
                    end,
                    code: code_ids[v[2].reference().unwrap()].expect("checked above"),
                    coder: coder_ids[v[3].reference().unwrap()].expect("checked above"),
                    memo: v[4].owned_text(),
                    created: v[5].owned_text(),
                },
            ))
        })
        .collect();
    let project = Project {
        id: ours.id,
        name: name.expect("checked above").clone(),
        memo: memo.expect("checked above").clone(),
        coders: coder_list,
        current_coder,
        codes: code_list,
        documents: doc_list,
        segments,
    };
    let problems = validate(&project);
    if !problems.is_empty() {
        return Err(MergeError::ThreeWay(
            problems
                .into_iter()
                .map(|p| ThreeWayConflict {
                    item: "the merged project".into(),
                    what: format!("would be invalid: {p}"),
                    base: None,
                    ours: None,
                    theirs: None,
                })
                .collect(),
        ));
    }

    let (coders_added, coders_changed, coders_removed) = tally(&coder_outcomes);
    let (codes_added, codes_changed, codes_removed) = tally(&code_outcomes);
    let (docs_added, docs_changed, docs_removed) = tally(&doc_outcomes);
    let (segs_added, segs_changed, segs_removed) = tally(&seg_outcomes);
    let counts = |documents, codes, coders, segments| Counts {
        documents,
        codes,
        coders,
        segments,
    };
    Ok(ThreeWayMerged {
        project,
        added: counts(docs_added, codes_added, coders_added, segs_added),
        changed: counts(docs_changed, codes_changed, coders_changed, segs_changed),
        removed: counts(docs_removed, codes_removed, coders_removed, segs_removed),
    })
}
