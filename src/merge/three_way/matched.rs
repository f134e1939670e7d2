//! The items of base, ours and theirs matched into classes (documents by text, codes by id then
//! path, coders by id then name), and what a class is called in conflicts and notes.

use super::super::matching::{Classes, match_coders, match_codes, match_documents};
use super::{BASE, OURS, THEIRS};
use crate::model::{CodeId, CoderId, DocId, Project};
use std::collections::HashMap;

/// The three sides, and their documents, coders and codes as matched items (classes).
pub(super) struct Matched<'p> {
    /// Base, ours, theirs.
    pub(super) sides: [&'p Project; 3],
    pub(super) docs: Classes,
    pub(super) coders: Classes,
    pub(super) codes: Classes,
    /// Per side: an item's id → its class.
    pub(super) doc_class: Vec<HashMap<DocId, usize>>,
    pub(super) code_class: Vec<HashMap<CodeId, usize>>,
    pub(super) coder_class: Vec<HashMap<CoderId, usize>>,
}

impl<'p> Matched<'p> {
    pub(super) fn new(sides: [&'p Project; 3]) -> Self {
        let docs = match_documents(&sides);
        let coders = match_coders(&sides);
        let codes = match_codes(&sides);

        let doc_class: Vec<HashMap<DocId, usize>> = (0..3)
            .map(|s| docs.of_items(s, &sides[s].documents, |d| d.id).collect())
            .collect();
        let code_class: Vec<HashMap<CodeId, usize>> = (0..3)
            .map(|s| codes.of_items(s, &sides[s].codes, |c| c.id).collect())
            .collect();
        let coder_class: Vec<HashMap<CoderId, usize>> = (0..3)
            .map(|s| coders.of_items(s, &sides[s].coders, |c| c.id).collect())
            .collect();
        Matched {
            sides,
            docs,
            coders,
            codes,
            doc_class,
            code_class,
            coder_class,
        }
    }

    /// A code's path, as ours has it, else theirs, else the base.
    pub(super) fn code_path(&self, class: usize) -> String {
        let (s, pos) = present(&self.codes, class);
        self.sides[s].code_path(self.sides[s].codes[pos].id)
    }

    /// A document's name, as ours has it, else theirs, else the base.
    pub(super) fn doc_name(&self, class: usize) -> String {
        let (s, pos) = present(&self.docs, class);
        self.sides[s].documents[pos].name.clone()
    }

    /// A coder's name, as ours has it, else theirs, else the base.
    pub(super) fn coder_name(&self, class: usize) -> String {
        let (s, pos) = present(&self.coders, class);
        self.sides[s].coders[pos].name.clone()
    }

    /// A code's path as side `s` has it.
    pub(super) fn side_code_path(&self, class: usize, s: usize) -> Option<String> {
        self.codes
            .member(class, s)
            .map(|pos| self.sides[s].code_path(self.sides[s].codes[pos].id))
    }

    /// A document's name as side `s` has it.
    pub(super) fn side_doc_name(&self, class: usize, s: usize) -> Option<String> {
        self.docs
            .member(class, s)
            .map(|pos| self.sides[s].documents[pos].name.clone())
    }

    /// A coder's name as side `s` has it.
    pub(super) fn side_coder_name(&self, class: usize, s: usize) -> Option<String> {
        self.coders
            .member(class, s)
            .map(|pos| self.sides[s].coders[pos].name.clone())
    }
}

/// An item of a class as ours has it, else theirs, else the base: its side and position.
pub(super) fn present(classes: &Classes, class: usize) -> (usize, usize) {
    [OURS, THEIRS, BASE]
        .into_iter()
        .find_map(|s| classes.member(class, s).map(|pos| (s, pos)))
        .expect("a class has a member")
}

/// Which side deleted an item of the base that is not in the result.
pub(super) fn who_deleted(classes: &Classes, class: usize) -> &'static str {
    match (classes.member(class, OURS), classes.member(class, THEIRS)) {
        (None, None) => "both sides",
        (None, _) => "ours",
        _ => "theirs",
    }
}
