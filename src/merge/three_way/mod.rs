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
//!
//! The merge goes in steps, each in its module: items are matched across the sides (`matched`);
//! each kind of item is merged field by field (`fields`, `kinds`, and `codings`), every conflict
//! going to the `chooser`; references to items not in the result are settled (`references`),
//! then the invariants of a project (`invariants`); last, the project is built from what was
//! kept (`assemble`) and validated.

mod assemble;
mod chooser;
mod codings;
mod fields;
mod invariants;
mod kinds;
mod matched;
mod references;
#[cfg(test)]
mod tests;
mod variables;

use super::MergeError;
use super::report::{Counts, counts};
use crate::model::Project;
use assemble::assemble;
use chooser::Chooser;
use codings::{match_codings, merge_codings};
use fields::merge_project_field;
use invariants::{settle_invariants, validated};
use kinds::{Kinds, merge_coders, merge_codes, merge_documents};
use matched::Matched;
use references::settle_references;
use std::fmt;

const BASE: usize = 0;
const OURS: usize = 1;
const THEIRS: usize = 2;
const SIDE_NAMES: [&str; 3] = ["base", "ours", "theirs"];

/// Ours for theirs, theirs for ours.
fn other(side: usize) -> usize {
    if side == OURS { THEIRS } else { OURS }
}

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

fn run<'p>(
    base: &'p Project,
    ours: &'p Project,
    theirs: &'p Project,
    chooser: &mut Chooser,
) -> Result<ThreeWayMerged, MergeError> {
    let m = Matched::new([base, ours, theirs]);
    let coders = merge_coders(&m, chooser);
    let docs = merge_documents(&m, chooser);
    let codes = merge_codes(&m, chooser);
    let seg_classes = match_codings(&m);
    let codings = merge_codings(&m, &seg_classes, chooser);
    let mut kinds = Kinds {
        coders,
        docs,
        codes,
        codings,
    };

    // The project's own fields.
    let name = merge_project_field(chooser, "name", [&base.name, &ours.name, &theirs.name]);
    let memo = merge_project_field(chooser, "memo", [&base.memo, &ours.memo, &theirs.memo]);

    let mut notes = Vec::new();
    settle_references(&m, &seg_classes, &mut kinds, chooser, &mut notes)?;
    if let Some(conflicts) = chooser.unresolved() {
        return Err(MergeError::ThreeWay(conflicts));
    }
    settle_invariants(&m, &mut kinds, chooser, &mut notes)?;
    if let Some(conflicts) = chooser.unresolved() {
        return Err(MergeError::ThreeWay(conflicts));
    }

    let attributes = variables::merge_attributes(&m, &kinds, chooser, &mut notes);
    if let Some(conflicts) = chooser.unresolved() {
        return Err(MergeError::ThreeWay(conflicts));
    }

    let project = validated(
        assemble(&m, &kinds, &seg_classes, (name, memo), &attributes),
        chooser,
    )?;
    let [added, changed, removed] = kinds.tally();
    Ok(ThreeWayMerged {
        project,
        added,
        changed,
        removed,
        resolved: chooser.take_resolved(),
        notes,
    })
}

/// The sides taken keep undoing each other: settling references or invariants went on for more
/// rounds than there are items to change.
fn stuck() -> MergeError {
    MergeError::Unresolvable(vec![ThreeWayConflict {
        item: "the merged project".into(),
        what: "the sides taken keep undoing each other".into(),
        base: None,
        ours: None,
        theirs: None,
    }])
}
