//! Git's three-way merge of one project file: "ours" and "theirs" against their common "base".
//!
//! Items are matched as in the n-way merge (documents by text, codes by id then path, coders by
//! id then name; codings by id, and codings added on both sides by content). Then, per item and
//! per field: a change made on one side only is taken; the same change on both sides is taken;
//! different changes are a conflict. An item deleted on one side and unchanged on the other is
//! deleted; deleted on one side and changed on the other is a conflict. Codings added on both
//! sides are all kept, identical ones once (their memos combined). A merged project that would
//! refer to something deleted, or break an invariant (two sibling codes with one name, a hotkey
//! twice), is a conflict too. [`three_way`] merges nothing on any conflict;
//! [`three_way_resolving`] asks, per conflict, which side to take, and keeps every change of both
//! sides that did not conflict.

use super::MergeError;
use super::ids::free_derived_uuid;
use super::matching::{Classes, match_coders, match_codes, match_documents};
use super::report::{Counts, counts, plural};
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

/// The side of a git merge whose version a conflict takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Ours,
    Theirs,
}

impl Side {
    fn index(self) -> usize {
        match self {
            Side::Ours => OURS,
            Side::Theirs => THEIRS,
        }
    }

    /// `ours` or `theirs`.
    pub fn name(self) -> &'static str {
        SIDE_NAMES[self.index()]
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A conflict, and the side that was taken for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub conflict: ThreeWayConflict,
    pub side: Side,
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
    /// Each conflict with the side taken for it, in the order they were met (empty for
    /// [`three_way`], which resolves none).
    pub resolved: Vec<Resolved>,
    /// What followed from the sides taken: items left out because what they refer to stays
    /// deleted, items renamed and hotkeys dropped so that the project stays valid.
    pub notes: Vec<String>,
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
    /// Deleted on one side and changed on the other, and the deleting side was taken.
    Deleted,
    Keep(Vec<V<'a>>),
    /// Conflicting: not merged. The values are ours (or theirs), kept only so that other items
    /// referring to this one are not reported as well.
    Conflict(Vec<V<'a>>),
}

impl<'a> Outcome<'a> {
    fn into_values(self) -> Option<Vec<V<'a>>> {
        match self {
            Outcome::Gone | Outcome::Deleted => None,
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

/// What happens to a conflict: [`three_way`] collects them all and resolves none;
/// [`three_way_resolving`] asks for a side each time.
enum Chooser<'c> {
    Collect(Vec<ThreeWayConflict>),
    Ask {
        choose: &'c mut dyn FnMut(&ThreeWayConflict) -> Side,
        resolved: Vec<Resolved>,
    },
}

impl Chooser<'_> {
    /// The side to take for `conflict`; `None` when collecting (the conflict stays).
    fn decide(&mut self, conflict: ThreeWayConflict) -> Option<Side> {
        match self {
            Chooser::Collect(conflicts) => {
                conflicts.push(conflict);
                None
            }
            Chooser::Ask { choose, resolved } => {
                let side = choose(&conflict);
                resolved.push(Resolved { conflict, side });
                Some(side)
            }
        }
    }

    fn collecting(&self) -> bool {
        matches!(self, Chooser::Collect(_))
    }

    /// The conflicts collected so far, if any: then nothing is to be merged.
    fn unresolved(&mut self) -> Option<Vec<ThreeWayConflict>> {
        match self {
            Chooser::Collect(conflicts) if !conflicts.is_empty() => Some(std::mem::take(conflicts)),
            _ => None,
        }
    }
}

struct Merger<'a, 'c, 'k> {
    fields: &'static [&'static str],
    item: String,
    show: &'c dyn Fn(usize, &V<'a>) -> String,
    chooser: &'c mut Chooser<'k>,
}

impl<'a> Merger<'a, '_, '_> {
    fn decide(&mut self, what: String, values: [Option<String>; 3]) -> Option<Side> {
        let [base, ours, theirs] = values;
        self.chooser.decide(ThreeWayConflict {
            item: self.item.clone(),
            what,
            base,
            ours,
            theirs,
        })
    }

    /// Merge one item's fields, given its values on each side.
    fn merge(&mut self, sides: Sides<'a>) -> Outcome<'a> {
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
                    if let Some(v) = pick(b, o, t) {
                        merged.push(v.clone());
                        continue;
                    }
                    let show = |v: &V<'a>| (self.show)(i, v);
                    let values = [b.map(show), Some(show(o)), Some(show(t))];
                    let what = match b {
                        Some(_) => format!("{} changed differently on each side", self.fields[i]),
                        None => format!("added on both sides with different {}", self.fields[i]),
                    };
                    match self.decide(what, values) {
                        Some(Side::Ours) => merged.push(o.clone()),
                        Some(Side::Theirs) => merged.push(t.clone()),
                        None => {
                            conflicting = true;
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
        let keeper = other(deleter);
        let show = |v: &V<'a>| (self.show)(changed, v);
        let mut values = [Some(show(&base[changed])), None, None];
        values[keeper] = Some(show(&kept[changed]));
        let what = format!(
            "deleted in {}, but its {} changed in {}",
            SIDE_NAMES[deleter], self.fields[changed], SIDE_NAMES[keeper]
        );
        match self.decide(what, values) {
            Some(side) if side.index() == deleter => Outcome::Deleted,
            Some(_) => Outcome::Keep(kept),
            None => Outcome::Conflict(kept),
        }
    }
}

const SIDE_NAMES: [&str; 3] = ["base", "ours", "theirs"];

/// Ours for theirs, theirs for ours.
fn other(side: usize) -> usize {
    if side == OURS { THEIRS } else { OURS }
}

type Sides<'a> = [Option<Vec<V<'a>>>; 3];

/// Every item of one kind (a class of matched items each) as it is merged.
struct Kind<'a> {
    /// Per class: its values in the result; `None` when it is not in the result.
    result: Vec<Option<Vec<V<'a>>>>,
    /// Per class: its values on each side.
    sides: Vec<Sides<'a>>,
    /// Per class: left out by a side taken for a conflict (deleted there), so that whatever
    /// refers to it goes too, or takes that side's reference.
    dropped: Vec<bool>,
}

impl<'a> Kind<'a> {
    fn kept(&self, class: usize) -> bool {
        self.result[class].is_some()
    }

    fn len(&self) -> usize {
        self.result.len()
    }

    /// A kept class's field.
    fn value(&self, class: usize, field: usize) -> &V<'a> {
        &self.result[class].as_ref().expect("a kept item")[field]
    }

    /// The side's value of a class's field, if the side has the class.
    fn side_value(&self, class: usize, side: usize, field: usize) -> Option<&V<'a>> {
        self.sides[class][side].as_ref().map(|v| &v[field])
    }

    /// A kept code's path in the result (`Parent/Child`), up to a parent not kept or a loop.
    fn path(&self, class: usize) -> String {
        let mut names = Vec::new();
        let mut next = Some(class);
        while let Some(c) = next {
            let Some(values) = &self.result[c] else {
                break;
            };
            if names.len() > self.len() {
                break;
            }
            names.push(values[NAME].text());
            next = values[PARENT].reference();
        }
        names.reverse();
        names.join("/")
    }

    /// What changed between ours and the result, counted: added, changed, removed.
    fn tally(&self) -> (usize, usize, usize) {
        let (mut added, mut changed, mut removed) = (0, 0, 0);
        for (result, sides) in self.result.iter().zip(&self.sides) {
            match (result, &sides[OURS]) {
                (Some(_), None) => added += 1,
                (None, Some(_)) => removed += 1,
                (Some(result), Some(ours)) if result != ours => changed += 1,
                _ => {}
            }
        }
        (added, changed, removed)
    }

    /// `class` and the ancestors it needs (through the reference field `parent`, for codes)
    /// that are not in the result, as `side` has them: what putting it back takes. `None` when
    /// one of them was left out by a side taken earlier, or `side` does not have it.
    fn restorable(&self, class: usize, side: usize, parent: Option<usize>) -> Option<Vec<usize>> {
        let mut chain = Vec::new();
        let mut next = Some(class);
        while let Some(c) = next {
            if self.kept(c) || chain.contains(&c) {
                break;
            }
            let values = self.sides[c][side].as_ref()?;
            if self.dropped[c] {
                return None;
            }
            chain.push(c);
            next = parent.and_then(|f| values[f].reference());
        }
        Some(chain)
    }

    /// Put `class` back into the result as `side` has it, with the ancestors it needs there.
    /// Changes nothing when [`Kind::restorable`] refuses: the reference then stays dangling, and
    /// the final validation reports the project as one no side's choice makes valid.
    fn restore(&mut self, class: usize, side: usize, parent: Option<usize>) {
        for c in self.restorable(class, side, parent).unwrap_or_default() {
            self.result[c] = self.sides[c][side].clone();
        }
    }
}

/// Merge every item of one kind.
fn merge_kind<'a>(
    count: usize,
    fields: &'static [&'static str],
    sides_of: impl Fn(usize) -> Sides<'a>,
    label: impl Fn(usize) -> String,
    show: &dyn Fn(usize, &V<'a>) -> String,
    chooser: &mut Chooser,
) -> Kind<'a> {
    let mut kind = Kind {
        result: Vec::with_capacity(count),
        sides: Vec::with_capacity(count),
        dropped: Vec::with_capacity(count),
    };
    for class in 0..count {
        let sides = sides_of(class);
        let mut merger = Merger {
            fields,
            item: label(class),
            show,
            chooser,
        };
        let outcome = merger.merge(sides.clone());
        kind.dropped.push(matches!(outcome, Outcome::Deleted));
        kind.result.push(outcome.into_values());
        kind.sides.push(sides);
    }
    kind
}

/// A kept item refers, through one of its fields, to an item that is not in the result.
struct Dangling<'k, 'a> {
    /// The kind of the item referred to, and the item.
    target_kind: &'k mut Kind<'a>,
    target: usize,
    /// The target kind's reference to a parent (codes), which a restored target needs too.
    parent: Option<usize>,
}

/// How a dangling reference was settled.
enum Settled {
    /// Nothing decided (collecting conflicts).
    Open,
    /// The target is back in the result.
    Restored,
    /// The target stays out, as the side without it has it: the referring item takes that
    /// side's reference, or goes if that side does not have it either.
    TakeSide(usize),
}

impl Dangling<'_, '_> {
    fn settle(self, chooser: &mut Chooser, conflict: impl FnOnce() -> ThreeWayConflict) -> Settled {
        if chooser.collecting() {
            chooser.decide(conflict());
            return Settled::Open;
        }
        let sides = &self.target_kind.sides[self.target];
        let Some(keeper) = [OURS, THEIRS].into_iter().find(|&s| sides[s].is_some()) else {
            // Neither side has it: no side's choice could keep it.
            return Settled::TakeSide(OURS);
        };
        let deleter = other(keeper);
        // Left out by an earlier choice, or needing an ancestor that was: follow that choice.
        if self
            .target_kind
            .restorable(self.target, keeper, self.parent)
            .is_none()
        {
            return Settled::TakeSide(deleter);
        }
        match chooser.decide(conflict()) {
            Some(side) if side.index() == keeper => {
                self.target_kind.restore(self.target, keeper, self.parent);
                Settled::Restored
            }
            _ => {
                self.target_kind.dropped[self.target] = true;
                Settled::TakeSide(deleter)
            }
        }
    }
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

// Positions of the fields that matter beyond their values.
const NAME: usize = 0;
const PARENT: usize = 1;
const HOTKEY: usize = 7;
const SEG_DOCUMENT: usize = 0;
const SEG_CODE: usize = 2;
const SEG_CODER: usize = 3;

/// Merge `ours` and `theirs`, the two sides of a git merge, against their common `base` (for a
/// file both sides added, an empty project). The result has ours' id; a project name, memo or
/// current coder changed on one side only is taken (the current coder, a personal setting, is
/// ours when both changed it). On any conflict, returns [`MergeError::ThreeWay`] listing all.
pub fn three_way<'p>(
    base: &'p Project,
    ours: &'p Project,
    theirs: &'p Project,
) -> Result<ThreeWayMerged, MergeError> {
    run(base, ours, theirs, &mut Chooser::Collect(Vec::new()))
}

/// Like [`three_way`], but each conflict is resolved by the side `choose` returns for it, and
/// every change of either side that does not conflict is kept. Per kind of conflict, taking a
/// side means:
///
/// - a field changed differently on each side (or added on both with different values): that
///   side's value;
/// - an item deleted on one side and changed on the other: deleted, or kept as changed;
/// - a kept item refers to one that a side deleted (a coding of a deleted code, document or
///   coder; a subcode of a deleted code): the side that has it puts it back (with the ancestors
///   it needs); the side that deleted it leaves it out, and the item referring to it takes that
///   side's reference, or is left out too when that side does not have it. Everything else that
///   refers to an item left out so follows without being asked;
/// - the result would break an invariant (codes under each other in a loop; two sibling codes,
///   two coders or two documents with one name; a hotkey twice): the items involved take that
///   side's values (name and parent, or hotkey); one that side does not have is renamed
///   `name (2)`, or loses the hotkey.
///
/// What followed from the choices without a question is listed in [`ThreeWayMerged::notes`].
/// If the result would still be invalid, returns [`MergeError::Unresolvable`].
pub fn three_way_resolving<'p>(
    base: &'p Project,
    ours: &'p Project,
    theirs: &'p Project,
    choose: &mut dyn FnMut(&ThreeWayConflict) -> Side,
) -> Result<ThreeWayMerged, MergeError> {
    let mut chooser = Chooser::Ask {
        choose,
        resolved: Vec::new(),
    };
    run(base, ours, theirs, &mut chooser)
}

/// An invariant the merged codes, coders or documents would break (classes involved).
enum Broken {
    Loop(Vec<usize>),
    CodeNames(Vec<usize>),
    Hotkey(u8, Vec<usize>),
    CoderNames(Vec<usize>),
    DocumentNames(Vec<usize>),
}

/// The kept classes that share a key, per key, in the order of their first member.
fn clashes<K: Eq + std::hash::Hash>(
    kind: &Kind,
    key: impl Fn(&[V]) -> Option<K>,
) -> Vec<Vec<usize>> {
    let mut groups: HashMap<K, Vec<usize>> = HashMap::new();
    for (class, values) in kind.result.iter().enumerate() {
        if let Some(k) = values.as_deref().and_then(&key) {
            groups.entry(k).or_default().push(class);
        }
    }
    let mut found: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    found.sort();
    found
}

fn broken_invariants(codes: &Kind, coders: &Kind, docs: &Kind) -> Vec<Broken> {
    let mut found = Vec::new();
    let parent = |c: usize| codes.result[c].as_ref().and_then(|v| v[PARENT].reference());
    let mut in_loop = vec![false; codes.len()];
    for start in 0..codes.len() {
        if !codes.kept(start) || in_loop[start] {
            continue;
        }
        let mut path = vec![start];
        let mut next = parent(start);
        while let Some(c) = next {
            if c == start {
                for &member in &path {
                    in_loop[member] = true;
                }
                found.push(Broken::Loop(path));
                break;
            }
            if path.contains(&c) || path.len() > codes.len() {
                break;
            }
            path.push(c);
            next = parent(c);
        }
    }
    let name = |v: &[V]| v[NAME].owned_text();
    found.extend(
        clashes(codes, |v| Some((v[PARENT].reference(), name(v))))
            .into_iter()
            .map(Broken::CodeNames),
    );
    for group in clashes(codes, |v| v[HOTKEY].hotkey()) {
        let key = codes
            .value(group[0], HOTKEY)
            .hotkey()
            .expect("grouped by hotkey");
        found.push(Broken::Hotkey(key, group));
    }
    found.extend(
        clashes(coders, |v| Some(name(v)))
            .into_iter()
            .map(Broken::CoderNames),
    );
    found.extend(
        clashes(docs, |v| Some(name(v)))
            .into_iter()
            .map(Broken::DocumentNames),
    );
    found
}

/// `name (2)`, `name (3)`… the first that is not taken.
fn numbered(name: &str, taken: impl Fn(&str) -> bool) -> String {
    (2..)
        .map(|n| format!("{name} ({n})"))
        .find(|candidate| !taken(candidate))
        .expect("some number is free")
}

/// Give the members of a name clash that `side` has that side's name (and, for codes, parent);
/// rename any other member that still clashes. Returns notes on the renamed ones.
fn take_names(
    kind: &mut Kind,
    members: &[usize],
    side: usize,
    parent: Option<usize>,
    noun: &str,
) -> Vec<String> {
    let mut notes = Vec::new();
    for &m in members {
        let Some(values) = kind.sides[m][side].clone() else {
            continue;
        };
        let result = kind.result[m].as_mut().expect("a kept item");
        result[NAME] = values[NAME].clone();
        if let Some(f) = parent {
            result[f] = values[f].clone();
            if let Some(p) = values[f].reference() {
                kind.restore(p, side, parent);
            }
        }
    }
    let key = |kind: &Kind, c: usize| {
        let v = kind.result[c].as_ref().expect("a kept item");
        (parent.map(|f| v[f].reference()), v[NAME].owned_text())
    };
    for &m in members {
        if kind.sides[m][side].is_some() {
            continue;
        }
        let (place, name) = key(kind, m);
        let taken = |candidate: &str| {
            (0..kind.len())
                .any(|c| c != m && kind.kept(c) && key(kind, c) == (place, candidate.to_string()))
        };
        if !taken(&name) {
            continue;
        }
        let new_name = numbered(&name, taken);
        notes.push(format!(
            "{noun} {name:?} of {} is renamed {new_name:?}: {} has another {noun} of that name",
            SIDE_NAMES[other(side)],
            SIDE_NAMES[side]
        ));
        kind.result[m].as_mut().expect("a kept item")[NAME] = V::Text(Cow::Owned(new_name));
    }
    notes
}

fn run<'p>(
    base: &'p Project,
    ours: &'p Project,
    theirs: &'p Project,
    chooser: &mut Chooser,
) -> Result<ThreeWayMerged, MergeError> {
    let sides = [base, ours, theirs];
    let docs = match_documents(&sides);
    let coders = match_coders(&sides);
    let codes = match_codes(&sides);

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
    // An item's name (a code's path) as one side has it.
    let side_code_path = |class: usize, s: usize| {
        codes
            .member(class, s)
            .map(|pos| sides[s].code_path(sides[s].codes[pos].id))
    };
    let side_doc_name = |class: usize, s: usize| {
        docs.member(class, s)
            .map(|pos| sides[s].documents[pos].name.clone())
    };
    let side_coder_name = |class: usize, s: usize| {
        coders
            .member(class, s)
            .map(|pos| sides[s].coders[pos].name.clone())
    };
    let text = |v: &V| v.owned_text();

    let mut coder_kind = merge_kind(
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
        chooser,
    );
    let mut doc_kind = merge_kind(
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
        chooser,
    );
    let mut code_kind = merge_kind(
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
        chooser,
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
    let mut seg_kind = merge_kind(
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
        chooser,
    );

    // The project's own fields.
    let mut project_field = |what: &str, values: [&'p String; 3]| {
        let [b, o, t] = values;
        match pick(Some(b), o, t) {
            Some(v) => v.clone(),
            None => {
                let side = chooser.decide(ThreeWayConflict {
                    item: "the project".into(),
                    what: format!("{what} changed differently on each side"),
                    base: Some(b.clone()),
                    ours: Some(o.clone()),
                    theirs: Some(t.clone()),
                });
                if side == Some(Side::Theirs) {
                    t.clone()
                } else {
                    o.clone()
                }
            }
        }
    };
    let name = project_field("name", [&base.name, &ours.name, &theirs.name]);
    let memo = project_field("memo", [&base.memo, &ours.memo, &theirs.memo]);

    // Whatever a kept item refers to must be kept too. Each round settles every reference to
    // an item not in the result, which changes something, so a round can only be followed by
    // as many more as there are items to put back or leave out.
    let who_deleted = |classes: &Classes, class: usize| match (
        classes.member(class, OURS),
        classes.member(class, THEIRS),
    ) {
        (None, None) => "both sides",
        (None, _) => "ours",
        _ => "theirs",
    };
    let limit = code_kind.len() + doc_kind.len() + coder_kind.len() + seg_kind.len() + 2;
    let stuck = || {
        MergeError::Unresolvable(vec![ThreeWayConflict {
            item: "the merged project".into(),
            what: "the sides taken keep undoing each other".into(),
            base: None,
            ours: None,
            theirs: None,
        }])
    };
    let mut notes = Vec::new();
    let mut left_out_codings: BTreeMap<String, usize> = BTreeMap::new();
    for round in 0.. {
        if round > limit {
            return Err(stuck());
        }
        let mut changed = false;
        for class in 0..code_kind.len() {
            if !code_kind.kept(class) {
                continue;
            }
            let Some(parent) = code_kind.value(class, PARENT).reference() else {
                continue;
            };
            if code_kind.kept(parent) {
                continue;
            }
            let conflict = || ThreeWayConflict {
                item: format!("code {:?}", code_path(class)),
                what: format!(
                    "is under {:?}, which {} deleted",
                    code_path(parent),
                    who_deleted(&codes, parent)
                ),
                base: None,
                ours: None,
                theirs: None,
            };
            let dangling = Dangling {
                target_kind: &mut code_kind,
                target: parent,
                parent: Some(PARENT),
            };
            match dangling.settle(chooser, conflict) {
                Settled::Open => {}
                Settled::Restored => changed = true,
                Settled::TakeSide(side) => {
                    changed = true;
                    match code_kind.side_value(class, side, PARENT).cloned() {
                        Some(v) => code_kind.result[class].as_mut().expect("kept")[PARENT] = v,
                        None => {
                            code_kind.result[class] = None;
                            code_kind.dropped[class] = true;
                            notes.push(format!(
                                "left out code {:?}: it was under {:?}, which stays deleted",
                                code_path(class),
                                code_path(parent)
                            ));
                        }
                    }
                }
            }
        }
        for (class, members) in seg_classes.iter().enumerate() {
            for (field, noun) in [
                (SEG_DOCUMENT, "document"),
                (SEG_CODE, "code"),
                (SEG_CODER, "coder"),
            ] {
                if !seg_kind.kept(class) {
                    break;
                }
                let target = seg_kind
                    .value(class, field)
                    .reference()
                    .expect("codings refer");
                let (target_kind, classes, parent, name) = match field {
                    SEG_DOCUMENT => (&mut doc_kind, &docs, None, doc_name(target)),
                    SEG_CODE => (&mut code_kind, &codes, Some(PARENT), code_path(target)),
                    _ => (&mut coder_kind, &coders, None, coder_name(target)),
                };
                if target_kind.kept(target) {
                    continue;
                }
                let target_label = format!("{noun} {name:?}");
                let conflict = || ThreeWayConflict {
                    item: seg_label(members),
                    what: format!(
                        "its {target_label} was deleted by {}",
                        who_deleted(classes, target)
                    ),
                    base: None,
                    ours: None,
                    theirs: None,
                };
                let dangling = Dangling {
                    target_kind,
                    target,
                    parent,
                };
                match dangling.settle(chooser, conflict) {
                    Settled::Open => {}
                    Settled::Restored => changed = true,
                    Settled::TakeSide(side) => {
                        changed = true;
                        match seg_kind.side_value(class, side, field).cloned() {
                            Some(v) => seg_kind.result[class].as_mut().expect("kept")[field] = v,
                            None => {
                                seg_kind.result[class] = None;
                                *left_out_codings.entry(target_label).or_default() += 1;
                            }
                        }
                    }
                }
            }
        }
        if !changed || chooser.collecting() {
            break;
        }
    }
    for (target, n) in left_out_codings {
        notes.push(format!(
            "left out {} with {target}, which stays deleted",
            plural(n, "coding", "codings")
        ));
    }
    if let Some(conflicts) = chooser.unresolved() {
        return Err(MergeError::ThreeWay(conflicts));
    }

    // Invariants: codes under each other in a loop, names twice, a hotkey twice.
    let joined = |names: Vec<Option<String>>| {
        names
            .into_iter()
            .map(|n| n.unwrap_or_else(|| "(not there)".into()))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let describe = |broken: &Broken, code_kind: &Kind, coder_kind: &Kind, doc_kind: &Kind| {
        let members_per_side =
            |members: &[usize], name: &dyn Fn(usize, usize) -> Option<String>| {
                [BASE, OURS, THEIRS]
                    .map(|s| Some(joined(members.iter().map(|&m| name(m, s)).collect())))
            };
        let result_name = |kind: &Kind, class: usize| kind.value(class, NAME).owned_text();
        let (item, what, values) = match broken {
            Broken::Loop(members) => {
                let chain: Vec<String> = members
                    .iter()
                    .chain(&members[..1])
                    .map(|&m| format!("{:?}", result_name(code_kind, m)))
                    .collect();
                (
                    format!("code {:?}", result_name(code_kind, members[0])),
                    format!(
                        "would be invalid: codes under each other in a loop: {}",
                        chain.join(" under ")
                    ),
                    members_per_side(members, &side_code_path),
                )
            }
            Broken::CodeNames(members) => {
                let place = match code_kind.value(members[0], PARENT).reference() {
                    None => "at the top level".to_string(),
                    Some(p) => format!("under {:?}", code_kind.path(p)),
                };
                (
                    format!("code {:?}", code_kind.path(members[0])),
                    format!(
                        "would be invalid: {} codes {place} are named {:?}",
                        members.len(),
                        result_name(code_kind, members[0])
                    ),
                    members_per_side(members, &side_code_path),
                )
            }
            Broken::Hotkey(key, members) => {
                let holders: Vec<String> = members
                    .iter()
                    .map(|&m| format!("{:?}", code_kind.path(m)))
                    .collect();
                let holder = |s: usize| {
                    (0..code_kind.len())
                        .find(|&c| {
                            code_kind.side_value(c, s, HOTKEY) == Some(&V::Hotkey(Some(*key)))
                        })
                        .and_then(|c| side_code_path(c, s))
                        .unwrap_or_else(|| "no code".into())
                };
                (
                    "the merged project".to_string(),
                    format!(
                        "would be invalid: hotkey {key} belongs to {}{}",
                        if members.len() == 2 {
                            "both "
                        } else {
                            "all of "
                        },
                        holders.join(" and ")
                    ),
                    [BASE, OURS, THEIRS].map(|s| Some(holder(s))),
                )
            }
            Broken::CoderNames(members) => (
                format!("coder {:?}", result_name(coder_kind, members[0])),
                format!(
                    "would be invalid: {} coders are named {:?}",
                    members.len(),
                    result_name(coder_kind, members[0])
                ),
                members_per_side(members, &side_coder_name),
            ),
            Broken::DocumentNames(members) => (
                format!("document {:?}", result_name(doc_kind, members[0])),
                format!(
                    "would be invalid: {} documents are named {:?}",
                    members.len(),
                    result_name(doc_kind, members[0])
                ),
                members_per_side(members, &side_doc_name),
            ),
        };
        let [base, ours, theirs] = values;
        ThreeWayConflict {
            item,
            what,
            base,
            ours,
            theirs,
        }
    };
    for round in 0.. {
        let found = broken_invariants(&code_kind, &coder_kind, &doc_kind);
        if found.is_empty() {
            break;
        }
        if chooser.collecting() {
            for broken in &found {
                chooser.decide(describe(broken, &code_kind, &coder_kind, &doc_kind));
            }
            break;
        }
        if round > limit {
            return Err(stuck());
        }
        let broken = &found[0];
        let side = chooser
            .decide(describe(broken, &code_kind, &coder_kind, &doc_kind))
            .expect("asking")
            .index();
        match broken {
            Broken::Loop(members) => {
                for &m in members {
                    if let Some(v) = code_kind.side_value(m, side, PARENT).cloned() {
                        code_kind.result[m].as_mut().expect("kept")[PARENT] = v.clone();
                        if let Some(p) = v.reference() {
                            code_kind.restore(p, side, Some(PARENT));
                        }
                    }
                }
            }
            Broken::CodeNames(members) => {
                notes.extend(take_names(
                    &mut code_kind,
                    members,
                    side,
                    Some(PARENT),
                    "code",
                ));
            }
            Broken::CoderNames(members) => {
                notes.extend(take_names(&mut coder_kind, members, side, None, "coder"));
            }
            Broken::DocumentNames(members) => {
                notes.extend(take_names(&mut doc_kind, members, side, None, "document"));
            }
            Broken::Hotkey(key, members) => {
                let holder = members.iter().copied().find(|&m| {
                    code_kind.side_value(m, side, HOTKEY) == Some(&V::Hotkey(Some(*key)))
                });
                for &m in members {
                    if Some(m) == holder {
                        continue;
                    }
                    let wanted = code_kind.side_value(m, side, HOTKEY).map(V::hotkey);
                    let free = |k: u8| {
                        (0..code_kind.len()).all(|c| {
                            c == m
                                || !code_kind.kept(c)
                                || code_kind.value(c, HOTKEY).hotkey() != Some(k)
                        })
                    };
                    let hotkey = match wanted {
                        Some(Some(k)) if k != *key && free(k) => Some(k),
                        Some(None) => None,
                        _ => {
                            notes.push(format!(
                                "code {:?} lost its hotkey {key}: it went to {}",
                                code_kind.path(m),
                                holder.map_or_else(
                                    || "no code".to_string(),
                                    |h| format!("{:?}", code_kind.path(h))
                                )
                            ));
                            None
                        }
                    };
                    code_kind.result[m].as_mut().expect("kept")[HOTKEY] = V::Hotkey(hotkey);
                }
            }
        }
    }
    if let Some(conflicts) = chooser.unresolved() {
        return Err(MergeError::ThreeWay(conflicts));
    }

    // Ids of what is kept: ours', else theirs', else the base's.
    let coder_ids: Vec<Option<CoderId>> = (0..coder_kind.len())
        .map(|c| {
            coder_kind.kept(c).then(|| {
                let (s, p) = present(&coders, c);
                sides[s].coders[p].id
            })
        })
        .collect();
    let code_ids: Vec<Option<CodeId>> = (0..code_kind.len())
        .map(|c| {
            code_kind.kept(c).then(|| {
                let (s, p) = present(&codes, c);
                sides[s].codes[p].id
            })
        })
        .collect();
    let mut taken_doc_ids = HashSet::new();
    let doc_ids: Vec<Option<DocId>> = (0..doc_kind.len())
        .map(|c| {
            doc_kind.kept(c).then(|| {
                let (s, p) = present(&docs, c);
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
    let coder_list: Vec<Coder> = merge_order(lists(&coders), |c| coder_kind.kept(c))
        .into_iter()
        .map(|class| Coder {
            id: coder_ids[class].expect("kept"),
            name: coder_kind.value(class, NAME).owned_text(),
        })
        .collect();
    let code_list: Vec<Code> = merge_order(lists(&codes), |c| code_kind.kept(c))
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
    let doc_list: Vec<Document> = merge_order(lists(&docs), |c| doc_kind.kept(c))
        .into_iter()
        .map(|class| {
            let v = doc_kind.result[class].as_ref().expect("kept");
            let (s, pos) = present(&docs, class);
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
    let segments: BTreeMap<SegmentId, Segment> = seg_kind
        .result
        .iter()
        .zip(&seg_classes)
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
    let project = Project {
        id: ours.id,
        name,
        memo,
        coders: coder_list,
        current_coder,
        codes: code_list,
        documents: doc_list,
        segments,
    };
    let problems = validate(&project);
    if !problems.is_empty() {
        let asked = !chooser.collecting();
        let conflicts = problems
            .into_iter()
            .map(|p| ThreeWayConflict {
                item: "the merged project".into(),
                what: if asked {
                    format!("would still be invalid: {p}")
                } else {
                    format!("would be invalid: {p}")
                },
                base: None,
                ours: None,
                theirs: None,
            })
            .collect();
        return Err(if asked {
            MergeError::Unresolvable(conflicts)
        } else {
            MergeError::ThreeWay(conflicts)
        });
    }

    let (coders_added, coders_changed, coders_removed) = coder_kind.tally();
    let (codes_added, codes_changed, codes_removed) = code_kind.tally();
    let (docs_added, docs_changed, docs_removed) = doc_kind.tally();
    let (segs_added, segs_changed, segs_removed) = seg_kind.tally();
    let counts = |documents, codes, coders, segments| Counts {
        documents,
        codes,
        coders,
        segments,
    };
    let resolved = match chooser {
        Chooser::Ask { resolved, .. } => std::mem::take(resolved),
        Chooser::Collect(_) => Vec::new(),
    };
    Ok(ThreeWayMerged {
        project,
        added: counts(docs_added, codes_added, coders_added, segs_added),
        changed: counts(docs_changed, codes_changed, coders_changed, segs_changed),
        removed: counts(docs_removed, codes_removed, coders_removed, segs_removed),
        resolved,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocumentSource, SourceFormat};
    use crate::ops::{CodeField, DeletePolicy, Edit, MemoTarget, apply};

    fn edit(p: &mut Project, edit: Edit) {
        apply(p, edit).expect("a valid edit");
    }

    fn code(p: &Project, path: &str) -> CodeId {
        p.code_by_path(path)
            .unwrap_or_else(|| panic!("no code {path}"))
            .id
    }

    fn document(name: &str, text: &str) -> Document {
        Document::new(
            name,
            DocumentSource {
                file_name: name.into(),
                format: SourceFormat::PlainText,
                encoding: "UTF-8".into(),
            },
            text.into(),
        )
    }

    /// Two documents, coders Alice and Bob, codes "Push factors" > "Unemployment" and
    /// "Recruitment channels", and one coding of Alice's.
    fn base() -> Project {
        let mut p = Project::new("study");
        let push = Code::new("Push factors", None, Color::from_palette(0));
        let unemployment = Code::new("Unemployment", Some(push.id), Color::from_palette(1));
        let channels = Code::new("Recruitment channels", None, Color::from_palette(2));
        let mut edits = vec![
            Edit::InsertDocument {
                index: 0,
                document: Box::new(document("doc0.txt", "There is no work at home.")),
            },
            Edit::InsertDocument {
                index: 1,
                document: Box::new(document("doc1.txt", "Recruited online, on Telegram.")),
            },
        ];
        for (index, name) in ["Alice", "Bob"].into_iter().enumerate() {
            edits.push(Edit::InsertCoder {
                index,
                coder: Coder {
                    id: CoderId::new(),
                    name: name.into(),
                },
            });
        }
        for (index, code) in [push, unemployment, channels].into_iter().enumerate() {
            edits.push(Edit::InsertCode {
                index,
                code: Box::new(code),
            });
        }
        edit(&mut p, Edit::Batch(edits));
        coding(&mut p, 0, (0, 8), "Push factors", "Alice");
        p
    }

    fn coding(
        p: &mut Project,
        doc: usize,
        range: (usize, usize),
        path: &str,
        coder: &str,
    ) -> SegmentId {
        let segment = Segment {
            id: SegmentId::new(),
            document: p.documents[doc].id,
            start: range.0,
            end: range.1,
            code: code(p, path),
            coder: p.coder_by_name(coder).unwrap().id,
            created: "2026-11-22T10:00:00Z".into(),
            memo: String::new(),
        };
        let id = segment.id;
        edit(p, Edit::InsertSegment(Box::new(segment)));
        id
    }

    fn set(p: &mut Project, path: &str, field: CodeField) {
        let id = code(p, path);
        edit(p, Edit::SetCodeField { id, field });
    }

    fn add_code(p: &mut Project, parent: Option<&str>, name: &str) -> CodeId {
        let parent = parent.map(|path| code(p, path));
        let new = Code::new(name, parent, Color::from_palette(5));
        let id = new.id;
        let index = p.codes.len();
        edit(
            p,
            Edit::InsertCode {
                index,
                code: Box::new(new),
            },
        );
        id
    }

    fn delete_code(p: &mut Project, path: &str) {
        let id = code(p, path);
        edit(
            p,
            Edit::DeleteCode {
                id,
                policy: DeletePolicy::DeleteSegments,
            },
        );
    }

    /// Merge taking `side` for every conflict; the merge, and the conflicts asked about.
    fn resolve(
        base: &Project,
        ours: &Project,
        theirs: &Project,
        side: Side,
    ) -> (ThreeWayMerged, Vec<ThreeWayConflict>) {
        let mut asked = Vec::new();
        let merged = three_way_resolving(base, ours, theirs, &mut |c| {
            asked.push(c.clone());
            side
        })
        .unwrap_or_else(|e| panic!("taking {side}: {e}"));
        assert!(
            validate(&merged.project).is_empty(),
            "taking {side}: {:?}",
            validate(&merged.project)
        );
        assert_eq!(
            merged
                .resolved
                .iter()
                .map(|r| &r.conflict)
                .collect::<Vec<_>>(),
            asked.iter().collect::<Vec<_>>()
        );
        assert!(merged.resolved.iter().all(|r| r.side == side));
        (merged, asked)
    }

    fn codings_by(p: &Project, coder: &str) -> usize {
        let id = p.coder_by_name(coder).unwrap().id;
        p.segments.values().filter(|s| s.coder == id).count()
    }

    fn hotkey(p: &Project, path: &str) -> Option<u8> {
        p.code_by_path(path).unwrap().hotkey
    }

    fn top_level(p: &Project) -> Vec<&str> {
        p.children(None).map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn a_field_changed_both_ways_takes_the_chosen_value_and_keeps_the_rest() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        set(&mut ours, "Push factors", CodeField::Name("Drivers".into()));
        set(
            &mut theirs,
            "Push factors",
            CodeField::Name("Causes".into()),
        );
        coding(&mut ours, 1, (0, 9), "Recruitment channels", "Alice");
        coding(&mut theirs, 1, (0, 9), "Recruitment channels", "Bob");
        set(
            &mut theirs,
            "Recruitment channels",
            CodeField::Description("how".into()),
        );
        assert!(matches!(
            three_way(&base, &ours, &theirs),
            Err(MergeError::ThreeWay(c)) if c.len() == 1
        ));

        let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].what, "name changed differently on each side");
        assert_eq!(
            (
                asked[0].base.as_deref(),
                asked[0].ours.as_deref(),
                asked[0].theirs.as_deref()
            ),
            (Some("Push factors"), Some("Drivers"), Some("Causes"))
        );
        let p = &merged.project;
        assert!(p.code_by_path("Drivers/Unemployment").is_some());
        assert_eq!((codings_by(p, "Alice"), codings_by(p, "Bob")), (2, 1));
        assert_eq!(
            p.code_by_path("Recruitment channels").unwrap().description,
            "how"
        );

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
        let p = &merged.project;
        assert!(p.code_by_path("Causes/Unemployment").is_some());
        assert_eq!((codings_by(p, "Alice"), codings_by(p, "Bob")), (2, 1));
    }

    #[test]
    fn the_project_name_changed_both_ways() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        edit(&mut ours, Edit::RenameProject("Ours".into()));
        edit(&mut theirs, Edit::RenameProject("Theirs".into()));
        assert_eq!(
            resolve(&base, &ours, &theirs, Side::Ours).0.project.name,
            "Ours"
        );
        assert_eq!(
            resolve(&base, &ours, &theirs, Side::Theirs).0.project.name,
            "Theirs"
        );
    }

    #[test]
    fn deleted_on_one_side_and_changed_on_the_other() {
        let mut base = base();
        let doomed = coding(&mut base, 0, (9, 13), "Push factors", "Bob");
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        edit(&mut ours, Edit::RemoveSegment(doomed));
        edit(
            &mut theirs,
            Edit::SetMemo {
                target: MemoTarget::Segment(doomed),
                text: "keep this".into(),
            },
        );
        // A change on each side that does not conflict.
        coding(&mut ours, 1, (0, 9), "Recruitment channels", "Alice");
        coding(&mut theirs, 1, (0, 9), "Recruitment channels", "Bob");

        let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
        assert_eq!(asked.len(), 1);
        assert_eq!(
            asked[0].what,
            "deleted in ours, but its memo changed in theirs"
        );
        let p = &merged.project;
        assert!(!p.segments.contains_key(&doomed));
        assert_eq!((codings_by(p, "Alice"), codings_by(p, "Bob")), (2, 1));

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
        let p = &merged.project;
        assert_eq!(p.segments[&doomed].memo, "keep this");
        assert_eq!((codings_by(p, "Alice"), codings_by(p, "Bob")), (2, 2));
    }

    #[test]
    fn a_deleted_code_the_other_side_changed_and_coded_with() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        delete_code(&mut ours, "Recruitment channels");
        set(
            &mut theirs,
            "Recruitment channels",
            CodeField::Description("how".into()),
        );
        coding(&mut theirs, 1, (0, 9), "Recruitment channels", "Bob");
        coding(&mut theirs, 1, (11, 29), "Recruitment channels", "Bob");
        coding(&mut theirs, 0, (9, 13), "Push factors", "Bob");

        let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
        assert_eq!(asked.len(), 1, "the codings follow the code: {asked:?}");
        let p = &merged.project;
        assert!(p.code_by_path("Recruitment channels").is_none());
        assert_eq!(codings_by(p, "Bob"), 1, "theirs' coding with another code");
        assert_eq!(
            merged.notes,
            [r#"left out 2 codings with code "Recruitment channels", which stays deleted"#]
        );

        let (merged, asked) = resolve(&base, &ours, &theirs, Side::Theirs);
        assert_eq!(asked.len(), 1);
        let p = &merged.project;
        assert_eq!(
            p.code_by_path("Recruitment channels").unwrap().description,
            "how"
        );
        assert_eq!(codings_by(p, "Bob"), 3);
        assert!(merged.notes.is_empty());
    }

    #[test]
    fn codings_of_a_code_the_other_side_deleted() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        delete_code(&mut ours, "Recruitment channels");
        coding(&mut theirs, 1, (0, 9), "Recruitment channels", "Bob");
        coding(&mut theirs, 1, (11, 29), "Recruitment channels", "Bob");
        assert_eq!(
            three_way(&base, &ours, &theirs)
                .unwrap_err()
                .to_string()
                .matches("was deleted by ours")
                .count(),
            2
        );

        let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
        assert_eq!(asked.len(), 1, "asked once for the code: {asked:?}");
        assert!(
            asked[0]
                .what
                .contains(r#"its code "Recruitment channels" was deleted by ours"#)
        );
        let p = &merged.project;
        assert!(p.code_by_path("Recruitment channels").is_none());
        assert_eq!(codings_by(p, "Bob"), 0);
        assert_eq!(merged.notes.len(), 1, "{:?}", merged.notes);

        let (merged, asked) = resolve(&base, &ours, &theirs, Side::Theirs);
        assert_eq!(asked.len(), 1);
        let p = &merged.project;
        assert!(p.code_by_path("Recruitment channels").is_some());
        assert_eq!(codings_by(p, "Bob"), 2);
    }

    #[test]
    fn a_coding_recoded_to_a_code_the_other_side_deleted() {
        let base = base();
        let recoded = *base.segments.keys().next().unwrap();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        delete_code(&mut ours, "Recruitment channels");
        let channels = code(&theirs, "Recruitment channels");
        edit(
            &mut theirs,
            Edit::SetSegmentCode {
                id: recoded,
                code: channels,
            },
        );

        let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
        assert_eq!(asked.len(), 1);
        let p = &merged.project;
        assert_eq!(
            p.segments[&recoded].code,
            code(p, "Push factors"),
            "ours' code of the coding"
        );
        assert!(p.code_by_path("Recruitment channels").is_none());

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
        let p = &merged.project;
        assert_eq!(p.segments[&recoded].code, code(p, "Recruitment channels"));
    }

    #[test]
    fn a_subcode_under_a_code_the_other_side_deleted() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        // Ours deletes "Push factors" with "Unemployment" and Alice's coding.
        delete_code(&mut ours, "Push factors");
        add_code(
            &mut theirs,
            Some("Push factors/Unemployment"),
            "Labour migration",
        );
        coding(
            &mut theirs,
            0,
            (9, 13),
            "Push factors/Unemployment/Labour migration",
            "Bob",
        );

        let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
        assert_eq!(asked.len(), 1, "{asked:?}");
        assert_eq!(
            asked[0].what,
            r#"is under "Push factors/Unemployment", which ours deleted"#
        );
        let p = &merged.project;
        assert_eq!(top_level(p), ["Recruitment channels"]);
        assert!(p.segments.is_empty());
        assert_eq!(
            merged.notes,
            [
                r#"left out code "Push factors/Unemployment/Labour migration": it was under "Push factors/Unemployment", which stays deleted"#,
                r#"left out 1 coding with code "Push factors/Unemployment/Labour migration", which stays deleted"#
            ]
        );

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
        let p = &merged.project;
        assert!(
            p.code_by_path("Push factors/Unemployment/Labour migration")
                .is_some()
        );
        assert_eq!(codings_by(p, "Bob"), 1);
        assert_eq!(
            codings_by(p, "Alice"),
            0,
            "Alice's coding, which ours deleted and theirs left alone, stays deleted"
        );
    }

    #[test]
    fn two_sibling_codes_with_one_name() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        set(&mut ours, "Push factors", CodeField::Name("Drivers".into()));
        add_code(&mut theirs, None, "Drivers");
        coding(&mut theirs, 1, (0, 9), "Drivers", "Bob");
        assert!(
            three_way(&base, &ours, &theirs)
                .unwrap_err()
                .to_string()
                .contains(r#"would be invalid: 2 codes at the top level are named "Drivers""#)
        );

        let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].ours.as_deref(), Some("Drivers | (not there)"));
        assert_eq!(asked[0].theirs.as_deref(), Some("Push factors | Drivers"));
        let p = &merged.project;
        assert_eq!(
            top_level(p),
            ["Drivers", "Recruitment channels", "Drivers (2)"]
        );
        assert_eq!(codings_by(p, "Bob"), 1);
        assert_eq!(
            merged.notes,
            [
                r#"code "Drivers" of theirs is renamed "Drivers (2)": ours has another code of that name"#
            ]
        );

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
        let p = &merged.project;
        assert_eq!(
            top_level(p),
            ["Push factors", "Recruitment channels", "Drivers"]
        );
        assert!(merged.notes.is_empty());
    }

    #[test]
    fn a_code_moved_onto_a_name_the_other_side_added() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let channels = code(&ours, "Recruitment channels");
        let push = code(&ours, "Push factors");
        edit(
            &mut ours,
            Edit::MoveCode {
                id: channels,
                parent: Some(push),
                index: 2,
            },
        );
        add_code(&mut theirs, Some("Push factors"), "Recruitment channels");

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Ours);
        let p = &merged.project;
        assert!(
            p.code_by_path("Push factors/Recruitment channels")
                .is_some()
        );
        assert!(
            p.code_by_path("Push factors/Recruitment channels (2)")
                .is_some()
        );

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
        let p = &merged.project;
        assert_eq!(top_level(p), ["Push factors", "Recruitment channels"]);
        assert_eq!(
            p.code_by_path("Push factors/Recruitment channels")
                .unwrap()
                .id,
            code(&theirs, "Push factors/Recruitment channels")
        );
    }

    #[test]
    fn one_hotkey_on_two_codes() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        set(&mut ours, "Push factors", CodeField::Hotkey(Some(4)));
        set(
            &mut theirs,
            "Recruitment channels",
            CodeField::Hotkey(Some(4)),
        );

        let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
        assert_eq!(asked.len(), 1);
        assert_eq!(
            asked[0].to_string(),
            r#"the merged project: would be invalid: hotkey 4 belongs to both "Push factors" and "Recruitment channels": base "no code", ours "Push factors", theirs "Recruitment channels""#
        );
        let p = &merged.project;
        assert_eq!(
            (hotkey(p, "Push factors"), hotkey(p, "Recruitment channels")),
            (Some(4), None)
        );
        assert!(
            merged.notes.is_empty(),
            "ours' own value: {:?}",
            merged.notes
        );

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
        let p = &merged.project;
        assert_eq!(
            (hotkey(p, "Push factors"), hotkey(p, "Recruitment channels")),
            (None, Some(4))
        );
    }

    #[test]
    fn a_hotkey_taken_by_a_code_the_other_side_added() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        set(&mut ours, "Push factors", CodeField::Hotkey(Some(4)));
        add_code(&mut theirs, None, "Policy");
        set(&mut theirs, "Policy", CodeField::Hotkey(Some(4)));

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Ours);
        let p = &merged.project;
        assert_eq!(
            (hotkey(p, "Push factors"), hotkey(p, "Policy")),
            (Some(4), None)
        );
        assert_eq!(
            merged.notes,
            [r#"code "Policy" lost its hotkey 4: it went to "Push factors""#]
        );

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
        let p = &merged.project;
        assert_eq!(
            (hotkey(p, "Push factors"), hotkey(p, "Policy")),
            (None, Some(4))
        );
    }

    #[test]
    fn codes_moved_under_each_other() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let push = code(&base, "Push factors");
        let channels = code(&base, "Recruitment channels");
        edit(
            &mut ours,
            Edit::MoveCode {
                id: push,
                parent: Some(channels),
                index: 2,
            },
        );
        edit(
            &mut theirs,
            Edit::MoveCode {
                id: channels,
                parent: Some(push),
                index: 2,
            },
        );
        let err = three_way(&base, &ours, &theirs).unwrap_err().to_string();
        assert!(err.contains("codes under each other in a loop"), "{err}");

        let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
        assert_eq!(asked.len(), 1, "{asked:?}");
        let p = &merged.project;
        assert!(
            p.code_by_path("Recruitment channels/Push factors/Unemployment")
                .is_some()
        );

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
        let p = &merged.project;
        assert!(
            p.code_by_path("Push factors/Recruitment channels")
                .is_some()
        );
        assert!(p.code_by_path("Push factors/Unemployment").is_some());
    }

    #[test]
    fn two_documents_with_one_name() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let first = base.documents[0].id;
        edit(
            &mut ours,
            Edit::RenameDocument {
                id: first,
                name: "a.txt".into(),
            },
        );
        edit(
            &mut theirs,
            Edit::InsertDocument {
                index: 2,
                document: Box::new(document("a.txt", "Another text.")),
            },
        );
        let names = |p: &Project| {
            p.documents
                .iter()
                .map(|d| d.name.clone())
                .collect::<Vec<_>>()
        };

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Ours);
        assert_eq!(names(&merged.project), ["a.txt", "doc1.txt", "a.txt (2)"]);
        let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
        assert_eq!(names(&merged.project), ["doc0.txt", "doc1.txt", "a.txt"]);
    }

    #[test]
    fn two_coders_with_one_name() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.coders[1].name = "Dana".into();
        edit(
            &mut theirs,
            Edit::InsertCoder {
                index: 2,
                coder: Coder {
                    id: CoderId::new(),
                    name: "Dana".into(),
                },
            },
        );
        coding(&mut theirs, 1, (0, 9), "Recruitment channels", "Dana");
        let names = |p: &Project| p.coders.iter().map(|c| c.name.clone()).collect::<Vec<_>>();

        let (merged, _) = resolve(&base, &ours, &theirs, Side::Ours);
        assert_eq!(names(&merged.project), ["Alice", "Dana", "Dana (2)"]);
        assert_eq!(codings_by(&merged.project, "Dana (2)"), 1);
        let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
        assert_eq!(names(&merged.project), ["Alice", "Bob", "Dana"]);
        assert_eq!(codings_by(&merged.project, "Dana"), 1);
    }

    #[test]
    fn without_conflicts_nothing_is_asked() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        coding(&mut ours, 1, (0, 9), "Recruitment channels", "Alice");
        coding(&mut theirs, 1, (0, 9), "Recruitment channels", "Bob");
        let (merged, asked) = resolve(&base, &ours, &theirs, Side::Theirs);
        assert!(asked.is_empty());
        assert_eq!(
            merged.project,
            three_way(&base, &ours, &theirs).unwrap().project
        );
    }
}
