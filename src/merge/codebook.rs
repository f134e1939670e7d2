//! The merged codebook: matched codes with their conflicts resolved, in the first file's order
//! followed by the codes new in later files.

use super::conflicts::{CodeConflict, ConflictField, Matched, resolve_fields};
use super::ids::rename_clashes;
use super::matching::{Classes, match_codes};
use super::{MergeError, MergeInput, Resolution};
use crate::model::{Code, CodeId, Project};
use crate::ops::combine_all_memos;
use std::collections::{HashMap, HashSet};

pub(crate) struct Codebook {
    pub classes: Classes,
    /// The merged codes, one per class, in class order.
    pub codes: Vec<Code>,
    pub conflicts: Vec<CodeConflict>,
    /// (class, name it would have had, name it has): a sibling already had the name.
    pub renamed: Vec<(usize, String, String)>,
    /// (class, hotkey): the hotkey already belonged to a code earlier in the codebook.
    pub dropped_hotkeys: Vec<(usize, u8)>,
}

pub(crate) fn merge_codebook(
    inputs: &[MergeInput],
    resolution: &Resolution,
) -> Result<Codebook, MergeError> {
    let projects: Vec<&Project> = inputs.iter().map(|i| i.project).collect();
    let classes = match_codes(&projects);
    let positions: Vec<HashMap<CodeId, usize>> = projects
        .iter()
        .map(|p| p.codes.iter().enumerate().map(|(i, c)| (c.id, i)).collect())
        .collect();
    let out_ids: Vec<CodeId> = classes
        .members
        .iter()
        .map(|members| projects[members[0].0].codes[members[0].1].id)
        .collect();
    let parent_class = |input: usize, code: &Code| {
        code.parent
            .and_then(|p| positions[input].get(&p))
            .map(|&pos| classes.class_of[input][pos])
    };

    let mut conflicts = Vec::new();
    let mut codes = Vec::with_capacity(classes.members.len());
    for (class, members) in classes.members.iter().enumerate() {
        let matched = Matched {
            id: out_ids[class],
            members: members
                .iter()
                .map(|&(input, pos)| {
                    let code = &projects[input].codes[pos];
                    (input, code, parent_class(input, code))
                })
                .collect(),
        };
        let sources = resolve_fields(inputs, &matched, resolution, &mut conflicts)?;
        let from = |field: ConflictField| {
            let at = ConflictField::ALL.iter().position(|f| *f == field).unwrap();
            matched.members[sources[at]]
        };
        let first = matched.members[0].1;
        let (_, _, parent) = from(ConflictField::Parent);
        codes.push(Code {
            id: out_ids[class],
            name: from(ConflictField::Name).1.name.clone(),
            parent: parent.map(|c| out_ids[c]),
            color: from(ConflictField::Color).1.color,
            description: from(ConflictField::Description).1.description.clone(),
            inclusion: from(ConflictField::Inclusion).1.inclusion.clone(),
            exclusion: from(ConflictField::Exclusion).1.exclusion.clone(),
            example: from(ConflictField::Example).1.example.clone(),
            hotkey: first.hotkey,
            memo: combine_all_memos(matched.members.iter().map(|(_, c, _)| c.memo.as_str())),
        });
    }

    check_no_cycle(&codes)?;

    // Two codes can end up with one name under one parent (a conflict resolved to a name that a
    // code of another file has). The code whose files all agree on its name and parent keeps the
    // name: it may have been matched by that path, and must be found by it again.
    let settled: Vec<bool> = classes
        .members
        .iter()
        .map(|members| {
            let key = |&(input, pos): &(usize, usize)| {
                let code = &projects[input].codes[pos];
                (code.name.as_str(), parent_class(input, code))
            };
            members.iter().all(|m| key(m) == key(&members[0]))
        })
        .collect();
    let renamed = rename_clashes(&mut codes, &settled, |c| c.parent, |c| &mut c.name);

    let mut hotkeys = HashSet::new();
    let mut dropped_hotkeys = Vec::new();
    for (class, code) in codes.iter_mut().enumerate() {
        if let Some(key) = code.hotkey
            && !hotkeys.insert(key)
        {
            code.hotkey = None;
            dropped_hotkeys.push((class, key));
        }
    }

    let paths = Project {
        codes,
        ..Project::default()
    };
    for conflict in &mut conflicts {
        conflict.path = paths.code_path(conflict.key.code);
    }
    Ok(Codebook {
        classes,
        codes: paths.codes,
        conflicts,
        renamed,
        dropped_hotkeys,
    })
}

/// Chosen parents taken from different files can close a loop (one file moved A under B, the
/// other B under A). Taking every value from the first file (or every one from the last) never
/// does, since each file is a tree; a mix of choices can.
fn check_no_cycle(codes: &[Code]) -> Result<(), MergeError> {
    let index: HashMap<CodeId, usize> = codes.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    for (start, code) in codes.iter().enumerate() {
        let mut chain = vec![code.name.as_str()];
        let mut next = code.parent.map(|p| index[&p]);
        while let Some(at) = next {
            chain.push(&codes[at].name);
            if at == start {
                chain.reverse();
                return Err(MergeError::ParentCycle {
                    codes: chain.join(" → "),
                });
            }
            if chain.len() > codes.len() + 1 {
                break; // a loop above this code, found when starting from it
            }
            next = codes[at].parent.map(|p| index[&p]);
        }
    }
    Ok(())
}
