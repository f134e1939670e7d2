//! Ids and names that a merge has to make up: deterministic, so that merging the same files
//! again gives the same output.

use std::collections::HashSet;
use std::hash::Hash;
use uuid::Uuid;

/// A UUID (version 8, "custom") made from a SHA-256 of `parts`: the same parts always give the
/// same id, so a re-merge re-derives the ids it derived before.
pub(crate) fn derived_uuid(kind: &str, parts: &[&[u8]]) -> Uuid {
    crate::model::ids::derived_uuid(b"coda merge\0", kind, parts)
}

/// The first id derived from `parts` (with a counter) that `taken` does not hold.
pub(crate) fn free_derived_uuid(kind: &str, parts: &[&[u8]], taken: impl Fn(Uuid) -> bool) -> Uuid {
    (0u64..)
        .map(|n| {
            let counter = n.to_le_bytes();
            let mut all = parts.to_vec();
            all.push(&counter);
            derived_uuid(kind, &all)
        })
        .find(|id| !taken(*id))
        .expect("some counter gives a free id")
}

/// Give every item a name unique within its group (documents and coders: one group; codes: their
/// parent). Items are in output order; of the items claiming one name, the first of those that
/// are `settled` keeps it, else the first; the others are renamed `name (2)`, `name (3)`…
/// skipping every name an item of the group has. Returns (position, old name, new name) of each
/// renamed item.
pub(crate) fn rename_clashes<T, G: Hash + Eq + Clone>(
    items: &mut [T],
    settled: &[bool],
    group: impl Fn(&T) -> G,
    name: impl Fn(&mut T) -> &mut String,
) -> Vec<(usize, String, String)> {
    let names: Vec<(G, String)> = items
        .iter_mut()
        .map(|i| (group(i), name(i).clone()))
        .collect();
    let keyed: Vec<(G, &str)> = names.iter().map(|(g, n)| (g.clone(), n.as_str())).collect();
    let renamed: Vec<(usize, String, String)> = unique_names(&keyed, settled)
        .into_iter()
        .enumerate()
        .filter_map(|(i, new)| new.map(|n| (i, names[i].1.clone(), n)))
        .collect();
    for (i, _, new) in &renamed {
        *name(&mut items[*i]) = new.clone();
    }
    renamed
}

/// For items (group, name) in output order: the new name of each that must be renamed.
fn unique_names<G: Hash + Eq + Clone>(
    items: &[(G, &str)],
    settled: &[bool],
) -> Vec<Option<String>> {
    let mut taken: HashSet<(G, String)> = items
        .iter()
        .map(|(g, n)| (g.clone(), n.to_string()))
        .collect();
    let mut claimed: HashSet<(G, &str)> = HashSet::new();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (!settled[i], i));
    let mut renamed = vec![None; items.len()];
    for i in order {
        let (group, name) = &items[i];
        if claimed.insert((group.clone(), name)) {
            continue;
        }
        let new = (2..)
            .map(|n| format!("{name} ({n})"))
            .find(|candidate| !taken.contains(&(group.clone(), candidate.clone())))
            .expect("some number is free");
        taken.insert((group.clone(), new.clone()));
        renamed[i] = Some(new);
    }
    renamed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_avoid_taken_ones() {
        let a = derived_uuid("segment", &[b"x", b"y"]);
        assert_eq!(a, derived_uuid("segment", &[b"x", b"y"]));
        assert_ne!(a, derived_uuid("segment", &[b"xy"]));
        let first = free_derived_uuid("segment", &[b"x"], |_| false);
        let second = free_derived_uuid("segment", &[b"x"], |id| id == first);
        assert_ne!(first, second);
    }

    #[test]
    fn later_items_are_renamed_around_every_existing_name() {
        let items = [
            (0, "a"),
            (0, "a (2)"),
            (1, "a"),
            (0, "a"),
            (0, "b"),
            (0, "a"),
        ];
        assert_eq!(
            unique_names(&items, &[true; 6]),
            [
                None,
                None,
                None,
                Some("a (3)".to_string()),
                None,
                Some("a (4)".to_string())
            ]
        );
        // A settled item keeps its name over an earlier unsettled one: the first settled "a"
        // (the fourth item) keeps it; the later one, then the unsettled first, are renamed.
        let settled = [false, true, true, true, true, true];
        assert_eq!(
            unique_names(&items, &settled),
            [
                Some("a (4)".to_string()),
                None,
                None,
                None,
                None,
                Some("a (3)".to_string())
            ]
        );
    }
}
