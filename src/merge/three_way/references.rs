//! A kept item that refers to one not in the result (a coding of a deleted code, document or
//! coder; a subcode of a deleted code): a conflict, settled by the side taken by putting the
//! item back, or by leaving it out with whatever refers to it.

use super::chooser::Chooser;
use super::codings::{CodingClass, SEG_CODE, SEG_CODER, SEG_DOCUMENT, coding_label};
use super::kinds::{Kind, Kinds, PARENT};
use super::matched::{Matched, who_deleted};
use super::{OURS, THEIRS, ThreeWayConflict, other, stuck};
use crate::merge::MergeError;
use crate::merge::report::plural;
use std::collections::BTreeMap;

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

/// Whatever a kept item refers to must be kept too. Each round settles every reference to an
/// item not in the result, which changes something, so a round can only be followed by as many
/// more as there are items to put back or leave out. What followed from the sides taken is
/// added to `notes`.
pub(super) fn settle_references(
    m: &Matched,
    seg_classes: &[CodingClass],
    kinds: &mut Kinds,
    chooser: &mut Chooser,
    notes: &mut Vec<String>,
) -> Result<(), MergeError> {
    let limit = kinds.round_limit();
    let mut left_out_codings: BTreeMap<String, usize> = BTreeMap::new();
    for round in 0.. {
        if round > limit {
            return Err(stuck());
        }
        let mut changed = false;
        for class in 0..kinds.codes.len() {
            if !kinds.codes.kept(class) {
                continue;
            }
            let Some(parent) = kinds.codes.value(class, PARENT).reference() else {
                continue;
            };
            if kinds.codes.kept(parent) {
                continue;
            }
            let conflict = || ThreeWayConflict {
                item: format!("code {:?}", m.code_path(class)),
                what: format!(
                    "is under {:?}, which {} deleted",
                    m.code_path(parent),
                    who_deleted(&m.codes, parent)
                ),
                base: None,
                ours: None,
                theirs: None,
            };
            let dangling = Dangling {
                target_kind: &mut kinds.codes,
                target: parent,
                parent: Some(PARENT),
            };
            match dangling.settle(chooser, conflict) {
                Settled::Open => {}
                Settled::Restored => changed = true,
                Settled::TakeSide(side) => {
                    changed = true;
                    match kinds.codes.side_value(class, side, PARENT).cloned() {
                        Some(v) => kinds.codes.result[class].as_mut().expect("kept")[PARENT] = v,
                        None => {
                            kinds.codes.result[class] = None;
                            kinds.codes.dropped[class] = true;
                            notes.push(format!(
                                "left out code {:?}: it was under {:?}, which stays deleted",
                                m.code_path(class),
                                m.code_path(parent)
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
                if !kinds.codings.kept(class) {
                    break;
                }
                let target = kinds
                    .codings
                    .value(class, field)
                    .reference()
                    .expect("codings refer");
                let (target_kind, classes, parent, name) = match field {
                    SEG_DOCUMENT => (&mut kinds.docs, &m.docs, None, m.doc_name(target)),
                    SEG_CODE => (
                        &mut kinds.codes,
                        &m.codes,
                        Some(PARENT),
                        m.code_path(target),
                    ),
                    _ => (&mut kinds.coders, &m.coders, None, m.coder_name(target)),
                };
                if target_kind.kept(target) {
                    continue;
                }
                let target_label = format!("{noun} {name:?}");
                let conflict = || ThreeWayConflict {
                    item: coding_label(m, members),
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
                        match kinds.codings.side_value(class, side, field).cloned() {
                            Some(v) => {
                                kinds.codings.result[class].as_mut().expect("kept")[field] = v
                            }
                            None => {
                                kinds.codings.result[class] = None;
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
    Ok(())
}
