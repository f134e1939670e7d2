//! The invariants a merged project must keep, and the conflicts that breaking one is: codes
//! under each other in a loop; two sibling codes, two coders or two documents with one name; a
//! hotkey twice. Taking a side gives the items involved that side's values; one the side does
//! not have is renamed `name (2)`, or loses its hotkey. Last, the whole project is validated.

use super::chooser::Chooser;
use super::fields::V;
use super::kinds::{HOTKEY, Kind, Kinds, NAME, PARENT};
use super::matched::Matched;
use super::{BASE, OURS, SIDE_NAMES, THEIRS, ThreeWayConflict, other, stuck};
use crate::merge::MergeError;
use crate::model::{Project, validate};
use std::borrow::Cow;
use std::collections::HashMap;

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

/// Names joined with ` | `; `(not there)` for a member a side does not have.
fn joined(names: Vec<Option<String>>) -> String {
    names
        .into_iter()
        .map(|n| n.unwrap_or_else(|| "(not there)".into()))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A broken invariant as a conflict, with what each side has of the items involved.
fn describe(matched: &Matched, broken: &Broken, kinds: &Kinds) -> ThreeWayConflict {
    let (code_kind, coder_kind, doc_kind) = (&kinds.codes, &kinds.coders, &kinds.docs);
    let members_per_side = |members: &[usize], name: &dyn Fn(usize, usize) -> Option<String>| {
        [BASE, OURS, THEIRS].map(|s| Some(joined(members.iter().map(|&m| name(m, s)).collect())))
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
                members_per_side(members, &|c, s| matched.side_code_path(c, s)),
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
                members_per_side(members, &|c, s| matched.side_code_path(c, s)),
            )
        }
        Broken::Hotkey(key, members) => {
            let holders: Vec<String> = members
                .iter()
                .map(|&m| format!("{:?}", code_kind.path(m)))
                .collect();
            let holder = |s: usize| {
                (0..code_kind.len())
                    .find(|&c| code_kind.side_value(c, s, HOTKEY) == Some(&V::Hotkey(Some(*key))))
                    .and_then(|c| matched.side_code_path(c, s))
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
            members_per_side(members, &|c, s| matched.side_coder_name(c, s)),
        ),
        Broken::DocumentNames(members) => (
            format!("document {:?}", result_name(doc_kind, members[0])),
            format!(
                "would be invalid: {} documents are named {:?}",
                members.len(),
                result_name(doc_kind, members[0])
            ),
            members_per_side(members, &|c, s| matched.side_doc_name(c, s)),
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
}

/// Collecting conflicts, each broken invariant is one; asking, the first broken one is settled
/// by the side taken, then the next, until none is left. What followed from the sides taken is
/// added to `notes`.
pub(super) fn settle_invariants(
    matched: &Matched,
    kinds: &mut Kinds,
    chooser: &mut Chooser,
    notes: &mut Vec<String>,
) -> Result<(), MergeError> {
    let limit = kinds.round_limit();
    for round in 0.. {
        let found = broken_invariants(&kinds.codes, &kinds.coders, &kinds.docs);
        if found.is_empty() {
            break;
        }
        if chooser.collecting() {
            for broken in &found {
                chooser.decide(describe(matched, broken, kinds));
            }
            break;
        }
        if round > limit {
            return Err(stuck());
        }
        let broken = &found[0];
        let side = chooser
            .decide(describe(matched, broken, kinds))
            .expect("asking")
            .index();
        match broken {
            Broken::Loop(members) => {
                for &m in members {
                    if let Some(v) = kinds.codes.side_value(m, side, PARENT).cloned() {
                        kinds.codes.result[m].as_mut().expect("kept")[PARENT] = v.clone();
                        if let Some(p) = v.reference() {
                            kinds.codes.restore(p, side, Some(PARENT));
                        }
                    }
                }
            }
            Broken::CodeNames(members) => {
                notes.extend(take_names(
                    &mut kinds.codes,
                    members,
                    side,
                    Some(PARENT),
                    "code",
                ));
            }
            Broken::CoderNames(members) => {
                notes.extend(take_names(&mut kinds.coders, members, side, None, "coder"));
            }
            Broken::DocumentNames(members) => {
                notes.extend(take_names(&mut kinds.docs, members, side, None, "document"));
            }
            Broken::Hotkey(key, members) => {
                let holder = members.iter().copied().find(|&m| {
                    kinds.codes.side_value(m, side, HOTKEY) == Some(&V::Hotkey(Some(*key)))
                });
                for &m in members {
                    if Some(m) == holder {
                        continue;
                    }
                    let wanted = kinds.codes.side_value(m, side, HOTKEY).map(V::hotkey);
                    let free = |k: u8| {
                        (0..kinds.codes.len()).all(|c| {
                            c == m
                                || !kinds.codes.kept(c)
                                || kinds.codes.value(c, HOTKEY).hotkey() != Some(k)
                        })
                    };
                    let hotkey = match wanted {
                        Some(Some(k)) if k != *key && free(k) => Some(k),
                        Some(None) => None,
                        _ => {
                            notes.push(format!(
                                "code {:?} lost its hotkey {key}: it went to {}",
                                kinds.codes.path(m),
                                holder.map_or_else(
                                    || "no code".to_string(),
                                    |h| format!("{:?}", kinds.codes.path(h))
                                )
                            ));
                            None
                        }
                    };
                    kinds.codes.result[m].as_mut().expect("kept")[HOTKEY] = V::Hotkey(hotkey);
                }
            }
        }
    }
    Ok(())
}

/// The merged project, if it is valid. Else each problem is a conflict: one that taking a side
/// cannot resolve when sides were taken.
pub(super) fn validated(project: Project, chooser: &Chooser) -> Result<Project, MergeError> {
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
    Ok(project)
}
