//! The merged documents and coders: matched items once, under the first file's id and name;
//! a name that two different items claim is kept by the first and changed for the other.

use super::ids::{free_derived_uuid, rename_clashes};
use super::matching::{Classes, match_coders, match_documents};
use crate::model::{Coder, DocId, Document, Project};
use crate::ops::combine_all_memos;
use std::collections::HashSet;

pub(crate) struct Merged<T> {
    pub classes: Classes,
    /// One item per class, in class order.
    pub items: Vec<T>,
    /// (class, name it would have had, name it has).
    pub renamed: Vec<(usize, String, String)>,
}

/// Documents matched by text. Each keeps the first file's id, name, source and styles; memos
/// are combined. A document whose id another text already took gets an id derived from its
/// text and original id.
pub(crate) fn merge_documents(projects: &[&Project]) -> Merged<Document> {
    let classes = match_documents(projects);
    let mut taken: HashSet<DocId> = HashSet::new();
    let mut items: Vec<Document> = classes
        .members
        .iter()
        .map(|members| {
            let (input, pos) = members[0];
            let first = &projects[input].documents[pos];
            let id = if taken.insert(first.id) {
                first.id
            } else {
                let id = DocId(free_derived_uuid(
                    "document",
                    &[first.hash.as_bytes(), first.id.0.as_bytes()],
                    |id| taken.contains(&DocId(id)),
                ));
                taken.insert(id);
                id
            };
            Document {
                id,
                memo: combine_all_memos(
                    members
                        .iter()
                        .map(|&(i, p)| projects[i].documents[p].memo.as_str()),
                ),
                ..first.clone()
            }
        })
        .collect();
    let settled = vec![true; items.len()];
    let renamed = rename_clashes(&mut items, &settled, |_| (), |d| &mut d.name);
    Merged {
        classes,
        items,
        renamed,
    }
}

/// Coders matched by id, then name; each keeps the first file's id and name. Where two coders
/// would have one name, a coder whose files all agree on the name keeps it.
pub(crate) fn merge_coders(projects: &[&Project]) -> Merged<Coder> {
    let classes = match_coders(projects);
    let mut items: Vec<Coder> = classes
        .members
        .iter()
        .map(|members| projects[members[0].0].coders[members[0].1].clone())
        .collect();
    let settled: Vec<bool> = classes
        .members
        .iter()
        .map(|members| {
            let name = |&(i, p): &(usize, usize)| &projects[i].coders[p].name;
            members.iter().all(|m| name(m) == name(&members[0]))
        })
        .collect();
    let renamed = rename_clashes(&mut items, &settled, |_| (), |c| &mut c.name);
    Merged {
        classes,
        items,
        renamed,
    }
}
