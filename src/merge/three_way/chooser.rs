//! Deciding conflicts: collecting them, or asking which side to take.

use super::{Resolved, Side, ThreeWayConflict};

/// What happens to a conflict: [`three_way`](super::three_way) collects them all and resolves
/// none; [`three_way_resolving`](super::three_way_resolving) asks for a side each time.
pub(super) enum Chooser<'c> {
    Collect(Vec<ThreeWayConflict>),
    Ask {
        choose: &'c mut dyn FnMut(&ThreeWayConflict) -> Side,
        resolved: Vec<Resolved>,
    },
}

impl Chooser<'_> {
    /// The side to take for `conflict`; `None` when collecting (the conflict stays).
    pub(super) fn decide(&mut self, conflict: ThreeWayConflict) -> Option<Side> {
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

    pub(super) fn collecting(&self) -> bool {
        matches!(self, Chooser::Collect(_))
    }

    /// The conflicts collected so far, if any: then nothing is to be merged.
    pub(super) fn unresolved(&mut self) -> Option<Vec<ThreeWayConflict>> {
        match self {
            Chooser::Collect(conflicts) if !conflicts.is_empty() => Some(std::mem::take(conflicts)),
            _ => None,
        }
    }

    /// Each conflict with the side taken for it, in the order they were met (none when
    /// collecting).
    pub(super) fn take_resolved(&mut self) -> Vec<Resolved> {
        match self {
            Chooser::Ask { resolved, .. } => std::mem::take(resolved),
            Chooser::Collect(_) => Vec::new(),
        }
    }
}
