//! One item merged field by field: a change made on one side only is taken, the same change on
//! both sides is taken, different changes are a conflict; deleted on one side and changed on the
//! other is a conflict too.

use super::chooser::Chooser;
use super::{OURS, SIDE_NAMES, Side, THEIRS, ThreeWayConflict, other};
use crate::model::Color;
use std::borrow::Cow;

/// One field's value on one side, comparable across sides: references to other items are
/// compared as matched items (classes), not by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum V<'a> {
    Text(Cow<'a, str>),
    Color(Color),
    Hotkey(Option<u8>),
    Ref(Option<usize>),
    Range(usize, usize),
}

impl V<'_> {
    pub(super) fn text(&self) -> &str {
        match self {
            V::Text(t) => t,
            _ => unreachable!("a text field"),
        }
    }

    pub(super) fn owned_text(&self) -> String {
        self.text().to_string()
    }

    pub(super) fn color(&self) -> Color {
        match self {
            V::Color(c) => *c,
            _ => unreachable!("a colour field"),
        }
    }

    pub(super) fn hotkey(&self) -> Option<u8> {
        match self {
            V::Hotkey(h) => *h,
            _ => unreachable!("a hotkey field"),
        }
    }

    pub(super) fn range(&self) -> (usize, usize) {
        match self {
            V::Range(start, end) => (*start, *end),
            _ => unreachable!("a range field"),
        }
    }

    pub(super) fn reference(&self) -> Option<usize> {
        match self {
            V::Ref(r) => *r,
            _ => unreachable!("a reference field"),
        }
    }
}

/// The outcome for one item.
pub(super) enum Outcome<'a> {
    Gone,
    /// Deleted on one side and changed on the other, and the deleting side was taken.
    Deleted,
    Keep(Vec<V<'a>>),
    /// Conflicting: not merged. The values are ours (or theirs), kept only so that other items
    /// referring to this one are not reported as well.
    Conflict(Vec<V<'a>>),
}

impl<'a> Outcome<'a> {
    pub(super) fn into_values(self) -> Option<Vec<V<'a>>> {
        match self {
            Outcome::Gone | Outcome::Deleted => None,
            Outcome::Keep(v) | Outcome::Conflict(v) => Some(v),
        }
    }
}

/// The value both sides agree on, given the base: `None` when they changed it differently.
pub(super) fn pick<'v, T: PartialEq>(
    base: Option<&T>,
    ours: &'v T,
    theirs: &'v T,
) -> Option<&'v T> {
    if ours == theirs || base == Some(theirs) {
        Some(ours)
    } else if base == Some(ours) {
        Some(theirs)
    } else {
        None
    }
}

/// One item's values on each side (base, ours, theirs); `None` where the side does not have it.
pub(super) type Sides<'a> = [Option<Vec<V<'a>>>; 3];

/// Merges one item's fields, asking the chooser about each conflict.
pub(super) struct Merger<'a, 'c, 'k> {
    pub(super) fields: &'static [&'static str],
    pub(super) item: String,
    pub(super) show: &'c dyn Fn(usize, &V<'a>) -> String,
    pub(super) chooser: &'c mut Chooser<'k>,
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
    pub(super) fn merge(&mut self, sides: Sides<'a>) -> Outcome<'a> {
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

/// A field of the project itself (its name or memo), merged as an item's field is.
pub(super) fn merge_project_field(
    chooser: &mut Chooser,
    what: &str,
    values: [&String; 3],
) -> String {
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
}
