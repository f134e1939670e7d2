//! Document variables, values and groups in a three-way merge. Variables and groups are matched
//! by name, values by (matched document, variable), group members by matched document. Each
//! variable's type and each value is merged as an item's field is (one side's change taken,
//! different changes a conflict, deleted on one side and changed on the other a conflict); a
//! group's members follow each side's additions and removals; a group added on both sides has
//! the members of both.

use super::chooser::Chooser;
use super::fields::pick;
use super::kinds::Kinds;
use super::matched::Matched;
use super::{BASE, OURS, SIDE_NAMES, Side, THEIRS, ThreeWayConflict};
use crate::model::{Typed, Variable, VariableType};
use std::collections::{BTreeMap, BTreeSet};

/// The merged variables, values and groups, documents named by their class.
pub(super) struct Attributes {
    pub(super) variables: Vec<Variable>,
    /// (document class, variable, value).
    pub(super) values: Vec<(usize, String, String)>,
    /// (name, document classes).
    pub(super) groups: Vec<(String, BTreeSet<usize>)>,
}

/// One keyed value merged across the sides; `None`: not in the result.
fn merge_one<T: Clone + PartialEq>(
    chooser: &mut Chooser,
    item: &str,
    field: &str,
    values: [Option<T>; 3],
    show: &dyn Fn(&T) -> String,
) -> Option<T> {
    let [base, ours, theirs] = values;
    let conflict = |what: String, b: &Option<T>, o: &Option<T>, t: &Option<T>| ThreeWayConflict {
        item: item.to_string(),
        what,
        base: b.as_ref().map(show),
        ours: o.as_ref().map(show),
        theirs: t.as_ref().map(show),
    };
    match (&base, &ours, &theirs) {
        (_, None, None) => None,
        (None, Some(one), None) | (None, None, Some(one)) => Some(one.clone()),
        (Some(b), Some(kept), None) | (Some(b), None, Some(kept)) => {
            if kept == b {
                return None;
            }
            let (deleter, keeper) = if ours.is_none() {
                (OURS, THEIRS)
            } else {
                (THEIRS, OURS)
            };
            let what = format!(
                "deleted in {}, but its {field} changed in {}",
                SIDE_NAMES[deleter], SIDE_NAMES[keeper]
            );
            match chooser.decide(conflict(what, &base, &ours, &theirs)) {
                Some(side) if side_index(side) == deleter => None,
                _ => Some(kept.clone()),
            }
        }
        (b, Some(o), Some(t)) => {
            if let Some(v) = pick(b.as_ref(), o, t) {
                return Some(v.clone());
            }
            let what = match b {
                Some(_) => format!("{field} changed differently on each side"),
                None => format!("added on both sides with different {field}"),
            };
            match chooser.decide(conflict(what, &base, &ours, &theirs)) {
                Some(Side::Theirs) => Some(t.clone()),
                _ => Some(o.clone()),
            }
        }
    }
}

fn side_index(side: Side) -> usize {
    match side {
        Side::Ours => OURS,
        Side::Theirs => THEIRS,
    }
}

/// Names in ours' order, then those only theirs (then only the base) has, in their order.
fn names_in_order(lists: [Vec<&str>; 3]) -> Vec<&str> {
    let mut order: Vec<&str> = Vec::new();
    for s in [OURS, THEIRS, BASE] {
        for &name in &lists[s] {
            if !order.contains(&name) {
                order.push(name);
            }
        }
    }
    order
}

pub(super) fn merge_attributes(
    m: &Matched,
    kinds: &Kinds,
    chooser: &mut Chooser,
    notes: &mut Vec<String>,
) -> Attributes {
    let sides = m.sides;
    // A side's document → its class, if the document is kept.
    let class_of = |s: usize, id| {
        m.doc_class[s]
            .get(&id)
            .copied()
            .filter(|&c| kinds.docs.kept(c))
    };

    let names =
        names_in_order(sides.map(|p| p.variables.iter().map(|v| v.name.as_str()).collect()));
    // A side's values of a variable, by document class.
    let values_of = |s: usize, name: &str| -> BTreeMap<usize, &str> {
        sides[s]
            .values
            .iter()
            .filter(|v| v.variable == name)
            .filter_map(|v| Some((class_of(s, v.document)?, v.value.as_str())))
            .collect()
    };
    let mut variables = Vec::new();
    // Variables deleted on one side and changed (type or values) on the other, kept as the
    // keeping side has them: their values come from that side alone.
    let mut whole_from: BTreeMap<&str, usize> = BTreeMap::new();
    for name in names {
        let kinds_of = [BASE, OURS, THEIRS].map(|s| sides[s].variable(name).map(|v| v.kind));
        let item = format!("variable {name:?}");
        let kind = match kinds_of {
            [Some(base), Some(kept), None] | [Some(base), None, Some(kept)] => {
                let (deleter, keeper) = if kinds_of[OURS].is_none() {
                    (OURS, THEIRS)
                } else {
                    (THEIRS, OURS)
                };
                if base == kept && values_of(BASE, name) == values_of(keeper, name) {
                    continue;
                }
                let what = format!(
                    "deleted in {}, but its type or values changed in {}",
                    SIDE_NAMES[deleter], SIDE_NAMES[keeper]
                );
                let show = |k: Option<VariableType>| k.map(|k| k.name().to_string());
                let side = chooser.decide(ThreeWayConflict {
                    item: item.clone(),
                    what,
                    base: show(kinds_of[BASE]),
                    ours: show(kinds_of[OURS]),
                    theirs: show(kinds_of[THEIRS]),
                });
                if side.is_some_and(|side| side_index(side) == deleter) {
                    continue;
                }
                whole_from.insert(name, keeper);
                Some(kept)
            }
            _ => merge_one(chooser, &item, "type", kinds_of, &|k: &VariableType| {
                k.name().to_string()
            }),
        };
        if let Some(kind) = kind {
            variables.push(Variable {
                name: name.to_string(),
                kind,
            });
        }
    }

    let mut keys: BTreeMap<(usize, &str), [Option<String>; 3]> = BTreeMap::new();
    for s in [BASE, OURS, THEIRS] {
        for value in &sides[s].values {
            if let Some(class) = class_of(s, value.document) {
                keys.entry((class, value.variable.as_str())).or_default()[s] =
                    Some(value.value.clone());
            }
        }
    }
    let mut values = Vec::new();
    for ((class, name), sided) in keys {
        let item = format!(
            "value of variable {name:?} for document {:?}",
            m.doc_name(class)
        );
        // A variable deleted (unchanged on the other side, or by the side taken) takes its
        // values with it.
        let Some(variable) = variables.iter().find(|v| v.name == name) else {
            continue;
        };
        let value = match whole_from.get(name) {
            Some(&keeper) => sided[keeper].clone(),
            None => merge_one(chooser, &item, "value", sided, &|v: &String| v.clone()),
        };
        let Some(value) = value else {
            continue;
        };
        match Typed::parse(variable.kind, &value) {
            Ok(typed) => values.push((class, name.to_string(), typed.canonical())),
            Err(expected) => notes.push(format!(
                "{item} left out: the variable is now of type {}, and {expected}",
                variable.kind
            )),
        }
    }

    let names = names_in_order(sides.map(|p| p.groups.iter().map(|g| g.name.as_str()).collect()));
    let mut groups = Vec::new();
    for name in names {
        let members: [Option<BTreeSet<usize>>; 3] = [BASE, OURS, THEIRS].map(|s| {
            sides[s]
                .group(name)
                .map(|g| g.documents.iter().filter_map(|&d| class_of(s, d)).collect())
        });
        let merged = match &members {
            [Some(b), Some(o), Some(t)] => Some(
                b.union(o)
                    .chain(t.iter())
                    .copied()
                    .filter(|c| {
                        let has = |set: &BTreeSet<usize>| set.contains(c);
                        *pick(Some(&has(b)), &has(o), &has(t)).expect("a yes or no always merges")
                    })
                    .collect(),
            ),
            [None, Some(o), Some(t)] => Some(o.union(t).copied().collect()),
            _ => {
                let item = format!("group {name:?}");
                let show = |set: &BTreeSet<usize>| {
                    set.iter()
                        .map(|&c| m.doc_name(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                merge_one(chooser, &item, "documents", members.clone(), &show)
            }
        };
        if let Some(documents) = merged {
            groups.push((name.to_string(), documents));
        }
    }

    Attributes {
        variables,
        values,
        groups,
    }
}
