//! A codebook read from a `.qdc` merged into an open project, as edits: codes the project
//! lacks are added (under their matched parents), codes it has are kept as they are. Codes
//! match by id, then by name under the same parent.

use crate::model::{Code, CodeId, Project};
use crate::ops::Edit;
use std::collections::{HashMap, HashSet};

/// What merging a codebook will do.
#[derive(Debug, Default)]
pub struct CodebookMerge {
    /// `InsertCode` edits, parents first, appended to the codebook.
    pub edits: Vec<Edit>,
    /// Paths of the codes added.
    pub added: Vec<String>,
    /// Codes the project already has.
    pub matched: usize,
    /// Codes the project has whose fields differ in the file: the project's are kept.
    pub differing: Vec<String>,
}

/// Plan adding `codebook`'s codes (a project read from a `.qdc`) to `project`.
pub fn merge_codebook(project: &Project, codebook: &Project) -> CodebookMerge {
    let mut merge = CodebookMerge::default();
    let mut mapped: HashMap<CodeId, CodeId> = HashMap::new();
    let mut used: HashSet<CodeId> = project.codes.iter().map(|c| c.id).collect();
    // The codebook's codes in an order where every parent comes first.
    let order = codebook
        .children(None)
        .map(|c| c.id)
        .chain(
            codebook
                .codes
                .iter()
                .filter(|c| c.parent.is_some())
                .map(|c| c.id),
        )
        .collect::<Vec<_>>();
    let mut pending: Vec<CodeId> = order;
    let mut added_codes: Vec<Code> = Vec::new();
    let mut guard = 0;
    while !pending.is_empty() && guard <= codebook.codes.len() {
        guard += 1;
        let mut later = Vec::new();
        for id in pending {
            let Some(code) = codebook.code(id) else {
                continue;
            };
            let parent = match code.parent {
                None => None,
                Some(p) => match mapped.get(&p) {
                    Some(target) => Some(*target),
                    None => {
                        later.push(id);
                        continue;
                    }
                },
            };
            let existing = project
                .code(code.id)
                .filter(|c| c.parent == parent)
                .or_else(|| project.children(parent).find(|c| c.name == code.name))
                .or_else(|| {
                    added_codes
                        .iter()
                        .find(|c| c.parent == parent && c.name == code.name)
                });
            if let Some(existing) = existing {
                mapped.insert(code.id, existing.id);
                if added_codes.iter().any(|c| c.id == existing.id) {
                    continue;
                }
                merge.matched += 1;
                let same = existing.description == code.description
                    && existing.inclusion == code.inclusion
                    && existing.exclusion == code.exclusion
                    && existing.example == code.example
                    && existing.memo == code.memo
                    && existing.color == code.color;
                if !same {
                    merge.differing.push(project.code_path(existing.id));
                }
                continue;
            }
            let mut new = code.clone();
            if !used.insert(new.id) {
                new.id = CodeId::new();
                used.insert(new.id);
            }
            new.parent = parent;
            new.hotkey = None;
            mapped.insert(code.id, new.id);
            added_codes.push(new);
        }
        pending = later;
    }
    let first = project.codes.len();
    let mut paths: HashMap<CodeId, String> = HashMap::new();
    for (i, code) in added_codes.into_iter().enumerate() {
        let path = match code.parent {
            Some(parent) => {
                let parent_path = paths
                    .get(&parent)
                    .cloned()
                    .unwrap_or_else(|| project.code_path(parent));
                format!("{parent_path}/{}", code.name)
            }
            None => code.name.clone(),
        };
        paths.insert(code.id, path.clone());
        merge.added.push(path);
        merge.edits.push(Edit::InsertCode {
            index: first + i,
            code: Box::new(code),
        });
    }
    merge
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Color;

    #[test]
    fn adds_missing_codes_under_matched_parents_and_keeps_existing_ones() {
        let mut project = Project::new("p");
        let mut theme = Code::new("Theme", None, Color::from_palette(0));
        theme.description = "ours".into();
        let theme_id = theme.id;
        project.codes.push(theme);
        let mut book = Project::new("b");
        let mut other_theme = Code::new("Theme", None, Color::from_palette(0));
        other_theme.description = "theirs".into();
        let other_id = other_theme.id;
        book.codes.push(other_theme);
        book.codes
            .push(Code::new("Sub", Some(other_id), Color::from_palette(1)));
        let merge = merge_codebook(&project, &book);
        assert_eq!(merge.matched, 1);
        assert_eq!(merge.differing, ["Theme"]);
        assert_eq!(merge.added, ["Theme/Sub"]);
        crate::ops::apply(&mut project, Edit::Batch(merge.edits)).unwrap();
        assert_eq!(project.codes[1].parent, Some(theme_id));
        assert_eq!(project.codes[0].description, "ours");
    }
}
