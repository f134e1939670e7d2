//! Which documents, codes and coders of several projects are one and the same.
//!
//! - Documents: by content hash; the k-th document with a given text in one file is the k-th
//!   with that text in another (a file rarely holds the same text twice, but it may).
//! - Coders: by id, then by name.
//! - Codes: by id, then by path: codes with the same name under the same (matched) parent are
//!   one code, found level by level until nothing changes. So a code that two coders created
//!   independently is one code, and so are subcodes created under a code one coder renamed.
//!
//! Matching by name or path is cautious: only items whose files all agree on their name (and, for
//! codes, parent) are matched that way. A code one file renamed keeps its own identity (its id),
//! and is not also matched by either of its names with a code made elsewhere; otherwise the
//! merged file, which can hold only one of the names, could not be matched again with the file
//! whose name it lost, and re-merging would add the code twice.
//!
//! An item of one file is never matched with two items of another file. Every decision depends
//! on the items only (ids, names, texts), never on the order of the files, so every order of the
//! same files gives the same classes.

use crate::model::{CodeId, CoderId, Project};
use std::collections::HashMap;

/// Items of several inputs grouped into classes of matched items.
#[derive(Debug, Clone)]
pub(crate) struct Classes {
    /// Per class: its members as (input, position in that input's list), in input order. The
    /// classes come in output order: the first input's items in its order, then the items new in
    /// each later input in that input's order.
    pub members: Vec<Vec<(usize, usize)>>,
    /// Per input, per position in its list: the class.
    pub class_of: Vec<Vec<usize>>,
}

impl Classes {
    /// Each of an input's items (its list of one kind) paired with its class, by the item's id.
    pub fn of_items<'i, T, Id>(
        &'i self,
        input: usize,
        items: &'i [T],
        id: impl Fn(&T) -> Id + 'i,
    ) -> impl Iterator<Item = (Id, usize)> + 'i {
        items
            .iter()
            .zip(&self.class_of[input])
            .map(move |(item, &class)| (id(item), class))
    }

    /// The class's item in `input`, as a position in that input's list.
    pub fn member(&self, class: usize, input: usize) -> Option<usize> {
        self.members[class]
            .iter()
            .find(|(i, _)| *i == input)
            .map(|(_, pos)| *pos)
    }
}

/// Union-find over the items of all inputs, refusing to join two classes that both have an item
/// in the same input.
struct Partition {
    parent: Vec<usize>,
    /// Per root: the inputs its class has an item in, as a bitset.
    inputs: Vec<Vec<u64>>,
    /// The first node of each input.
    offsets: Vec<usize>,
}

impl Partition {
    fn new(lens: &[usize]) -> Self {
        let words = lens.len().div_ceil(64);
        let mut offsets = Vec::with_capacity(lens.len());
        let mut inputs = Vec::new();
        for (input, &len) in lens.iter().enumerate() {
            offsets.push(inputs.len());
            for _ in 0..len {
                let mut bits = vec![0u64; words];
                bits[input / 64] |= 1 << (input % 64);
                inputs.push(bits);
            }
        }
        Self {
            parent: (0..inputs.len()).collect(),
            inputs,
            offsets,
        }
    }

    fn node(&self, input: usize, pos: usize) -> usize {
        self.offsets[input] + pos
    }

    /// Every item as (input, position in its list), in input order.
    fn items(lens: &[usize]) -> impl Iterator<Item = (usize, usize)> + '_ {
        lens.iter()
            .enumerate()
            .flat_map(|(input, &len)| (0..len).map(move |pos| (input, pos)))
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Join the classes of `a` and `b` unless they share an input. True if they were joined.
    fn join(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb
            || self.inputs[ra]
                .iter()
                .zip(&self.inputs[rb])
                .any(|(x, y)| x & y != 0)
        {
            return false;
        }
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        self.parent[gone] = keep;
        let bits = std::mem::take(&mut self.inputs[gone]);
        for (word, other) in self.inputs[keep].iter_mut().zip(bits) {
            *word |= other;
        }
        true
    }

    /// Join the classes of nodes that share a key: for each key (in key order), its classes in
    /// the order of `rank` (something intrinsic to the class, such as its smallest id), each
    /// joined to the first earlier class of that key it shares no input with. True if anything
    /// was joined.
    fn join_by_key<K: Ord, R: Ord>(&mut self, mut entries: Vec<(K, R, usize)>) -> bool {
        entries.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let mut changed = false;
        let mut groups: Vec<usize> = Vec::new();
        for (i, (key, _, node)) in entries.iter().enumerate() {
            if i == 0 || entries[i - 1].0 != *key {
                groups.clear();
            }
            let root = self.find(*node);
            if groups.iter().any(|&g| self.find(g) == root) {
                continue;
            }
            let mut joined = false;
            for g in groups.clone() {
                if self.join(g, *node) {
                    joined = true;
                    changed = true;
                    break;
                }
            }
            if !joined {
                groups.push(*node);
            }
        }
        changed
    }

    fn classes(mut self, lens: &[usize]) -> Classes {
        let mut class_of_root: HashMap<usize, usize> = HashMap::new();
        let mut members: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut class_of: Vec<Vec<usize>> =
            lens.iter().map(|&len| Vec::with_capacity(len)).collect();
        for (input, pos) in Partition::items(lens) {
            let root = self.find(self.node(input, pos));
            let class = *class_of_root.entry(root).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[class].push((input, pos));
            class_of[input].push(class);
        }
        Classes { members, class_of }
    }
}

/// The smallest id in each node's class, by root.
fn smallest_ids<Id: Ord + Copy>(
    p: &mut Partition,
    lens: &[usize],
    id: impl Fn(usize, usize) -> Id,
) -> HashMap<usize, Id> {
    let mut smallest: HashMap<usize, Id> = HashMap::new();
    for (input, pos) in Partition::items(lens) {
        let root = p.find(p.node(input, pos));
        let this = id(input, pos);
        smallest
            .entry(root)
            .and_modify(|s| *s = (*s).min(this))
            .or_insert(this);
    }
    smallest
}

/// The entries (key, rank, node) to join by key: one per class whose items all have the same
/// key; classes whose items disagree are left out.
fn keyed_if_agreed<K: Ord + Copy, R: Copy>(
    p: &mut Partition,
    lens: &[usize],
    rank: &HashMap<usize, R>,
    key: impl Fn(usize, usize) -> K,
) -> Vec<(K, R, usize)> {
    let mut per_root: HashMap<usize, (K, bool, usize)> = HashMap::new();
    for (input, pos) in Partition::items(lens) {
        let node = p.node(input, pos);
        let this = key(input, pos);
        per_root
            .entry(p.find(node))
            .and_modify(|(k, agreed, _)| *agreed &= *k == this)
            .or_insert((this, true, node));
    }
    per_root
        .into_iter()
        .filter(|(_, (_, agreed, _))| *agreed)
        .map(|(root, (key, _, node))| (key, rank[&root], node))
        .collect()
}

/// Join the items that have the same id (an id is unique within an input).
fn join_by_id<Id: std::hash::Hash + Eq>(
    p: &mut Partition,
    lens: &[usize],
    id: impl Fn(usize, usize) -> Id,
) {
    let mut first: HashMap<Id, usize> = HashMap::new();
    for (input, pos) in Partition::items(lens) {
        let node = p.node(input, pos);
        match first.entry(id(input, pos)) {
            std::collections::hash_map::Entry::Occupied(e) => {
                p.join(*e.get(), node);
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(node);
            }
        }
    }
}

/// Documents matched by content hash.
pub(crate) fn match_documents(projects: &[&Project]) -> Classes {
    let lens: Vec<usize> = projects.iter().map(|p| p.documents.len()).collect();
    let mut p = Partition::new(&lens);
    let mut entries = Vec::new();
    for (input, project) in projects.iter().enumerate() {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (pos, doc) in project.documents.iter().enumerate() {
            let occurrence = seen.entry(doc.hash.as_str()).or_default();
            entries.push(((doc.hash.as_str(), *occurrence), (), p.node(input, pos)));
            *occurrence += 1;
        }
    }
    p.join_by_key(entries);
    p.classes(&lens)
}

/// Coders matched by id, then by name.
pub(crate) fn match_coders(projects: &[&Project]) -> Classes {
    let lens: Vec<usize> = projects.iter().map(|p| p.coders.len()).collect();
    let mut p = Partition::new(&lens);
    let id = |input: usize, pos: usize| -> CoderId { projects[input].coders[pos].id };
    join_by_id(&mut p, &lens, id);
    let smallest = smallest_ids(&mut p, &lens, id);
    let entries = keyed_if_agreed(&mut p, &lens, &smallest, |input, pos| {
        projects[input].coders[pos].name.as_str()
    });
    p.join_by_key(entries);
    p.classes(&lens)
}

/// Codes matched by id, then by name under the same matched parent, to a fixed point.
pub(crate) fn match_codes(projects: &[&Project]) -> Classes {
    let lens: Vec<usize> = projects.iter().map(|p| p.codes.len()).collect();
    let mut p = Partition::new(&lens);
    let id = |input: usize, pos: usize| -> CodeId { projects[input].codes[pos].id };
    join_by_id(&mut p, &lens, id);
    let positions: Vec<HashMap<CodeId, usize>> = projects
        .iter()
        .map(|project| {
            project
                .codes
                .iter()
                .enumerate()
                .map(|(pos, c)| (c.id, pos))
                .collect()
        })
        .collect();
    loop {
        let smallest = smallest_ids(&mut p, &lens, id);
        // The parent as a class (its smallest id), as the classes stand in this round.
        let parents: Vec<Vec<Option<CodeId>>> = projects
            .iter()
            .enumerate()
            .map(|(input, project)| {
                project
                    .codes
                    .iter()
                    .map(|code| {
                        code.parent
                            .and_then(|parent| positions[input].get(&parent))
                            .map(|&pos| smallest[&p.find(p.node(input, pos))])
                    })
                    .collect()
            })
            .collect();
        let entries = keyed_if_agreed(&mut p, &lens, &smallest, |input, pos| {
            (
                parents[input][pos],
                projects[input].codes[pos].name.as_str(),
            )
        });
        if !p.join_by_key(entries) {
            break;
        }
    }
    p.classes(&lens)
}
