//! Every change to a project is an [`Edit`], applied by [`apply`], which returns the edit that
//! undoes it. The GUI, the CLI, importers and merges all change projects only through here.
//!
//! Primitive edits check their preconditions and change one thing; their inverse is another
//! primitive. Compound edits (delete a code with its subtree, merge two codes, delete a
//! document) are expanded against the current project into a [`Edit::Batch`] of primitives, so
//! their inverse is exact by construction. A failed edit leaves the project unchanged.

use super::variables;
use crate::model::{
    CharRange, Code, CodeId, Coder, CoderId, Color, Coverage, DocId, Document, Extent,
    PATH_SEPARATOR, Project, Segment, SegmentId,
};
use std::collections::{HashMap, HashSet};

/// What a memo is attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemoTarget {
    Project,
    Document(DocId),
    Code(CodeId),
    Segment(SegmentId),
}

/// One editable property of a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeField {
    Name(String),
    Color(Color),
    Description(String),
    Inclusion(String),
    Exclusion(String),
    Example(String),
    Hotkey(Option<u8>),
}

/// What happens to the codings of a code that is deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeletePolicy {
    /// Delete the code, its subcodes and every segment coded with any of them.
    DeleteSegments,
    /// Recode the code's segments to its parent and move its subcodes up to the parent.
    MoveToParent,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    RenameProject(String),
    /// Primitive: insert a document at a position of the document list.
    InsertDocument {
        index: usize,
        document: Box<Document>,
    },
    /// Primitive: remove a document no segment refers to.
    RemoveDocument(DocId),
    /// Compound: remove a document and all its segments.
    DeleteDocument(DocId),
    RenameDocument {
        id: DocId,
        name: String,
    },
    /// Primitive: insert a code at a position of the codebook.
    InsertCode {
        index: usize,
        code: Box<Code>,
    },
    /// Primitive: remove a code with no subcodes and no segments.
    RemoveCode(CodeId),
    SetCodeField {
        id: CodeId,
        field: CodeField,
    },
    /// Give a code a new parent and a new position (`index` into the codebook once the code has
    /// been taken out of it).
    MoveCode {
        id: CodeId,
        parent: Option<CodeId>,
        index: usize,
    },
    /// Compound: delete a code and its subtree; `policy` says what happens to the segments.
    DeleteCode {
        id: CodeId,
        policy: DeletePolicy,
    },
    /// Compound: recode `from`'s segments to `into`, move its subcodes under `into`, drop `from`.
    MergeCodes {
        from: CodeId,
        into: CodeId,
    },
    InsertSegment(Box<Segment>),
    RemoveSegment(SegmentId),
    SetSegmentCode {
        id: SegmentId,
        code: CodeId,
    },
    ResizeSegment {
        id: SegmentId,
        range: CharRange,
    },
    SetMemo {
        target: MemoTarget,
        text: String,
    },
    InsertCoder {
        index: usize,
        coder: Coder,
    },
    /// Primitive: remove a coder who has no segments and is not current.
    RemoveCoder(CoderId),
    SetCurrentCoder(Option<CoderId>),
    /// Set (`Some`) or clear (`None`) what a coder coded of a document (`model::coverage`).
    SetCoverage {
        coder: CoderId,
        document: DocId,
        extent: Option<Extent>,
    },
    /// Primitive: define a variable at a position of the variable list.
    InsertVariable {
        index: usize,
        variable: crate::model::Variable,
    },
    /// Primitive: remove a variable no document has a value of.
    RemoveVariable(String),
    /// Compound: remove a variable and every document's value of it.
    DeleteVariable(String),
    /// Set (`Some`, checked against the variable's type and written canonically) or clear
    /// (`None`) a document's value of a variable.
    SetVariableValue {
        document: DocId,
        variable: String,
        value: Option<String>,
    },
    /// Primitive: add a group (with its documents) at a position of the group list.
    InsertGroup {
        index: usize,
        group: crate::model::Group,
    },
    /// Primitive: remove a group (its documents stay).
    RemoveGroup(String),
    /// Put a document in a group (`member`) or take it out.
    SetGroupMember {
        group: String,
        document: DocId,
        member: bool,
    },
    /// Several edits applied in order, as one step of undo.
    Batch(Vec<Edit>),
    /// Replace the whole project (merging another version in): the result of a merge is checked
    /// by the merge, so this step only swaps, and its inverse swaps back.
    ReplaceProject(Box<Project>),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no document with id {0}")]
    NoSuchDocument(DocId),
    #[error("no code with id {0}")]
    NoSuchCode(CodeId),
    #[error("no coder with id {0}")]
    NoSuchCoder(CoderId),
    #[error("no segment with id {0}")]
    NoSuchSegment(SegmentId),
    #[error("the id {0} is already used")]
    DuplicateId(String),
    #[error("a document named {0:?} already exists")]
    DuplicateDocumentName(String),
    #[error("a coder named {0:?} already exists")]
    DuplicateCoderName(String),
    #[error("{parent} already has a code named {name:?}")]
    DuplicateCodeName { parent: String, name: String },
    #[error("a name cannot be empty")]
    EmptyName,
    #[error(
        "a code name cannot contain {PATH_SEPARATOR:?}: it separates the levels of a code path"
    )]
    SeparatorInName,
    #[error("position {index} is outside the list of {len}")]
    BadIndex { index: usize, len: usize },
    #[error("range {range} is not a non-empty range inside the document's {len} chars")]
    BadRange { range: CharRange, len: usize },
    #[error("hotkey {0} is not between 1 and 9")]
    BadHotkey(u8),
    #[error("hotkey {key} already belongs to {owner:?}")]
    HotkeyTaken { key: u8, owner: String },
    #[error("a code cannot be moved or merged into itself or one of its own subcodes")]
    Cycle,
    #[error("{what} is still in use: {detail}")]
    InUse { what: String, detail: String },
    #[error("{0:?} is a top-level code: there is no parent to move its segments to")]
    NoParent(String),
    #[error("the document's stored hash does not match its text")]
    HashMismatch,
    #[error("coverage by ranges needs at least one non-empty range")]
    EmptyCoverage,
    #[error("{0}")]
    BadName(String),
    #[error("a variable named {0:?} already exists")]
    DuplicateVariable(String),
    #[error("no variable named {0:?}")]
    NoSuchVariable(String),
    #[error("variable {variable:?}: {expected}")]
    BadValue { variable: String, expected: String },
    #[error("a group named {0:?} already exists")]
    DuplicateGroup(String),
    #[error("no group named {0:?}")]
    NoSuchGroup(String),
}

/// Apply `edit` to `project`. Returns the edit that undoes it; on error nothing has changed.
pub fn apply(project: &mut Project, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::RenameProject(name) => {
            let old = std::mem::replace(&mut project.name, name);
            Ok(Edit::RenameProject(old))
        }
        Edit::InsertDocument { index, document } => insert_document(project, index, *document),
        Edit::RemoveDocument(id) => remove_document(project, id),
        Edit::DeleteDocument(id) => {
            project.document(id).ok_or(EditError::NoSuchDocument(id))?;
            let mut steps: Vec<Edit> = project
                .segments_of_document(id)
                .map(|s| Edit::RemoveSegment(s.id))
                .collect();
            steps.extend(
                project
                    .coverage
                    .iter()
                    .filter(|c| c.document == id)
                    .map(|c| Edit::SetCoverage {
                        coder: c.coder,
                        document: id,
                        extent: None,
                    }),
            );
            steps.extend(variables::detach_document(project, id));
            steps.push(Edit::RemoveDocument(id));
            apply_batch(project, steps)
        }
        Edit::RenameDocument { id, name } => {
            check_name(&name)?;
            let index = project
                .document_index(id)
                .ok_or(EditError::NoSuchDocument(id))?;
            if project
                .documents
                .iter()
                .any(|d| d.id != id && d.name == name)
            {
                return Err(EditError::DuplicateDocumentName(name));
            }
            let old = std::mem::replace(&mut project.documents[index].name, name);
            Ok(Edit::RenameDocument { id, name: old })
        }
        Edit::InsertCode { index, code } => insert_code(project, index, *code),
        Edit::RemoveCode(id) => remove_code(project, id),
        Edit::SetCodeField { id, field } => set_code_field(project, id, field),
        Edit::MoveCode { id, parent, index } => move_code(project, id, parent, index),
        Edit::DeleteCode { id, policy } => {
            let steps = expand_delete_code(project, id, policy)?;
            apply_batch(project, steps)
        }
        Edit::MergeCodes { from, into } => {
            let steps = expand_merge_codes(project, from, into)?;
            apply_batch(project, steps)
        }
        Edit::InsertSegment(segment) => insert_segment(project, *segment),
        Edit::RemoveSegment(id) => {
            let segment = project
                .segments
                .remove(&id)
                .ok_or(EditError::NoSuchSegment(id))?;
            Ok(Edit::InsertSegment(Box::new(segment)))
        }
        Edit::SetSegmentCode { id, code } => {
            project.code(code).ok_or(EditError::NoSuchCode(code))?;
            let segment = project
                .segments
                .get_mut(&id)
                .ok_or(EditError::NoSuchSegment(id))?;
            let old = std::mem::replace(&mut segment.code, code);
            Ok(Edit::SetSegmentCode { id, code: old })
        }
        Edit::ResizeSegment { id, range } => {
            let segment = project
                .segments
                .get(&id)
                .ok_or(EditError::NoSuchSegment(id))?;
            check_range(project, segment.document, range)?;
            let segment = project.segments.get_mut(&id).expect("checked above");
            let old = segment.range();
            segment.start = range.start;
            segment.end = range.end;
            Ok(Edit::ResizeSegment { id, range: old })
        }
        Edit::SetMemo { target, text } => {
            let slot = memo_slot(project, target)?;
            let old = std::mem::replace(slot, text);
            Ok(Edit::SetMemo { target, text: old })
        }
        Edit::InsertCoder { index, coder } => {
            check_name(&coder.name)?;
            check_insert_index(index, project.coders.len())?;
            if project.coder(coder.id).is_some() {
                return Err(EditError::DuplicateId(coder.id.to_string()));
            }
            if project.coder_by_name(&coder.name).is_some() {
                return Err(EditError::DuplicateCoderName(coder.name));
            }
            let id = coder.id;
            project.coders.insert(index, coder);
            Ok(Edit::RemoveCoder(id))
        }
        Edit::RemoveCoder(id) => {
            let index = project
                .coders
                .iter()
                .position(|c| c.id == id)
                .ok_or(EditError::NoSuchCoder(id))?;
            let name = project.coders[index].name.clone();
            let count = project.segments.values().filter(|s| s.coder == id).count();
            if count > 0 {
                return Err(EditError::InUse {
                    what: format!("coder {name:?}"),
                    detail: format!("{count} segments are theirs"),
                });
            }
            if project.current_coder == Some(id) {
                return Err(EditError::InUse {
                    what: format!("coder {name:?}"),
                    detail: "they are the current coder".into(),
                });
            }
            if project.has_coverage(id) {
                return Err(EditError::InUse {
                    what: format!("coder {name:?}"),
                    detail: "the text they coded is recorded".into(),
                });
            }
            let coder = project.coders.remove(index);
            Ok(Edit::InsertCoder { index, coder })
        }
        Edit::SetCurrentCoder(coder) => {
            if let Some(id) = coder {
                project.coder(id).ok_or(EditError::NoSuchCoder(id))?;
            }
            let old = std::mem::replace(&mut project.current_coder, coder);
            Ok(Edit::SetCurrentCoder(old))
        }
        Edit::SetCoverage {
            coder,
            document,
            extent,
        } => set_coverage(project, coder, document, extent),
        Edit::InsertVariable { index, variable } => {
            variables::insert_variable(project, index, variable)
        }
        Edit::RemoveVariable(name) => variables::remove_variable(project, &name),
        Edit::DeleteVariable(name) => {
            let steps = variables::expand_delete_variable(project, &name)?;
            apply_batch(project, steps)
        }
        Edit::SetVariableValue {
            document,
            variable,
            value,
        } => variables::set_value(project, document, variable, value),
        Edit::InsertGroup { index, group } => variables::insert_group(project, index, group),
        Edit::RemoveGroup(name) => variables::remove_group(project, &name),
        Edit::SetGroupMember {
            group,
            document,
            member,
        } => variables::set_group_member(project, group, document, member),
        Edit::Batch(steps) => apply_batch(project, steps),
        Edit::ReplaceProject(mut other) => {
            std::mem::swap(project, &mut other);
            Ok(Edit::ReplaceProject(other))
        }
    }
}

/// Apply edits in order; if one fails, undo the ones already applied and report the failure.
fn apply_batch(project: &mut Project, steps: Vec<Edit>) -> Result<Edit, EditError> {
    let mut inverses = Vec::with_capacity(steps.len());
    for step in steps {
        match apply(project, step) {
            Ok(inverse) => inverses.push(inverse),
            Err(error) => {
                for inverse in inverses.into_iter().rev() {
                    apply(project, inverse).expect("the inverse of an applied edit applies");
                }
                return Err(error);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

/// A position at which an element can be inserted into a list of `len`.
fn check_insert_index(index: usize, len: usize) -> Result<(), EditError> {
    if index > len {
        Err(EditError::BadIndex { index, len })
    } else {
        Ok(())
    }
}

fn check_name(name: &str) -> Result<(), EditError> {
    if name.trim().is_empty() {
        Err(EditError::EmptyName)
    } else {
        Ok(())
    }
}

fn check_code_name(
    project: &Project,
    id: CodeId,
    parent: Option<CodeId>,
    name: &str,
) -> Result<(), EditError> {
    check_name(name)?;
    if name.contains(PATH_SEPARATOR) {
        return Err(EditError::SeparatorInName);
    }
    if project
        .children(parent)
        .any(|c| c.id != id && c.name == name)
    {
        let parent = match parent {
            Some(p) => format!("code {:?}", project.code_path(p)),
            None => "the top level of the codebook".into(),
        };
        return Err(EditError::DuplicateCodeName {
            parent,
            name: name.to_string(),
        });
    }
    Ok(())
}

fn check_hotkey(project: &Project, id: CodeId, key: Option<u8>) -> Result<(), EditError> {
    let Some(key) = key else { return Ok(()) };
    if !(1..=9).contains(&key) {
        return Err(EditError::BadHotkey(key));
    }
    if let Some(owner) = project
        .codes
        .iter()
        .find(|c| c.id != id && c.hotkey == Some(key))
    {
        return Err(EditError::HotkeyTaken {
            key,
            owner: owner.name.clone(),
        });
    }
    Ok(())
}

fn check_range(project: &Project, doc: DocId, range: CharRange) -> Result<(), EditError> {
    let document = project
        .document(doc)
        .ok_or(EditError::NoSuchDocument(doc))?;
    let len = document.text.char_len();
    if range.start >= range.end || range.end > len {
        return Err(EditError::BadRange { range, len });
    }
    Ok(())
}

fn insert_document(
    project: &mut Project,
    index: usize,
    document: Document,
) -> Result<Edit, EditError> {
    check_name(&document.name)?;
    check_insert_index(index, project.documents.len())?;
    if project.document(document.id).is_some() {
        return Err(EditError::DuplicateId(document.id.to_string()));
    }
    if project.document_by_name(&document.name).is_some() {
        return Err(EditError::DuplicateDocumentName(document.name.clone()));
    }
    if crate::model::content_hash(document.text.as_str()) != document.hash {
        return Err(EditError::HashMismatch);
    }
    let id = document.id;
    project.documents.insert(index, document);
    Ok(Edit::RemoveDocument(id))
}

/// Sets or clears one coverage entry; ranges are normalised and must lie inside the text.
fn set_coverage(
    project: &mut Project,
    coder: CoderId,
    document: DocId,
    extent: Option<Extent>,
) -> Result<Edit, EditError> {
    project.coder(coder).ok_or(EditError::NoSuchCoder(coder))?;
    project
        .document(document)
        .ok_or(EditError::NoSuchDocument(document))?;
    let extent = extent.map(Extent::normalised);
    if let Some(Extent::Ranges(ranges)) = &extent {
        if ranges.is_empty() {
            return Err(EditError::EmptyCoverage);
        }
        for &range in ranges {
            check_range(project, document, range)?;
        }
    }
    // Kept sorted by (coder, document) id, so that undoing puts an entry back where it was.
    let position = project
        .coverage
        .binary_search_by_key(&(coder, document), |c| (c.coder, c.document));
    let old = match (position, extent) {
        (Ok(i), Some(extent)) => Some(std::mem::replace(&mut project.coverage[i].extent, extent)),
        (Ok(i), None) => Some(project.coverage.remove(i).extent),
        (Err(i), Some(extent)) => {
            project.coverage.insert(
                i,
                Coverage {
                    coder,
                    document,
                    extent,
                },
            );
            None
        }
        (Err(_), None) => None,
    };
    Ok(Edit::SetCoverage {
        coder,
        document,
        extent: old,
    })
}

fn remove_document(project: &mut Project, id: DocId) -> Result<Edit, EditError> {
    let index = project
        .document_index(id)
        .ok_or(EditError::NoSuchDocument(id))?;
    let count = project.segments_of_document(id).count();
    if count > 0 {
        return Err(EditError::InUse {
            what: format!("document {:?}", project.documents[index].name),
            detail: format!("{count} segments are coded in it"),
        });
    }
    if project.coverage.iter().any(|c| c.document == id) {
        return Err(EditError::InUse {
            what: format!("document {:?}", project.documents[index].name),
            detail: "coders' coverage of it is recorded".into(),
        });
    }
    if let Some(detail) = variables::attached(project, id) {
        return Err(EditError::InUse {
            what: format!("document {:?}", project.documents[index].name),
            detail,
        });
    }
    let document = project.documents.remove(index);
    Ok(Edit::InsertDocument {
        index,
        document: Box::new(document),
    })
}

fn insert_code(project: &mut Project, index: usize, code: Code) -> Result<Edit, EditError> {
    check_insert_index(index, project.codes.len())?;
    if project.code(code.id).is_some() {
        return Err(EditError::DuplicateId(code.id.to_string()));
    }
    if let Some(parent) = code.parent {
        project.code(parent).ok_or(EditError::NoSuchCode(parent))?;
    }
    check_code_name(project, code.id, code.parent, &code.name)?;
    check_hotkey(project, code.id, code.hotkey)?;
    let id = code.id;
    project.codes.insert(index, code);
    Ok(Edit::RemoveCode(id))
}

fn remove_code(project: &mut Project, id: CodeId) -> Result<Edit, EditError> {
    let index = project.code_index(id).ok_or(EditError::NoSuchCode(id))?;
    let what = || format!("code {:?}", project.code_path(id));
    let children = project.children(Some(id)).count();
    if children > 0 {
        return Err(EditError::InUse {
            what: what(),
            detail: format!("it has {children} subcodes"),
        });
    }
    let count = project.segments.values().filter(|s| s.code == id).count();
    if count > 0 {
        return Err(EditError::InUse {
            what: what(),
            detail: format!("{count} segments are coded with it"),
        });
    }
    let code = project.codes.remove(index);
    Ok(Edit::InsertCode {
        index,
        code: Box::new(code),
    })
}

fn set_code_field(project: &mut Project, id: CodeId, field: CodeField) -> Result<Edit, EditError> {
    let index = project.code_index(id).ok_or(EditError::NoSuchCode(id))?;
    match &field {
        CodeField::Name(name) => check_code_name(project, id, project.codes[index].parent, name)?,
        CodeField::Hotkey(key) => check_hotkey(project, id, *key)?,
        _ => {}
    }
    let code = &mut project.codes[index];
    let old = match field {
        CodeField::Name(v) => CodeField::Name(std::mem::replace(&mut code.name, v)),
        CodeField::Color(v) => CodeField::Color(std::mem::replace(&mut code.color, v)),
        CodeField::Description(v) => {
            CodeField::Description(std::mem::replace(&mut code.description, v))
        }
        CodeField::Inclusion(v) => CodeField::Inclusion(std::mem::replace(&mut code.inclusion, v)),
        CodeField::Exclusion(v) => CodeField::Exclusion(std::mem::replace(&mut code.exclusion, v)),
        CodeField::Example(v) => CodeField::Example(std::mem::replace(&mut code.example, v)),
        CodeField::Hotkey(v) => CodeField::Hotkey(std::mem::replace(&mut code.hotkey, v)),
    };
    Ok(Edit::SetCodeField { id, field: old })
}

fn move_code(
    project: &mut Project,
    id: CodeId,
    parent: Option<CodeId>,
    index: usize,
) -> Result<Edit, EditError> {
    let old_index = project.code_index(id).ok_or(EditError::NoSuchCode(id))?;
    if let Some(p) = parent {
        project.code(p).ok_or(EditError::NoSuchCode(p))?;
        if project.subtree(id).contains(&p) {
            return Err(EditError::Cycle);
        }
    }
    // The code is taken out before it is put back, so the list is one shorter.
    check_insert_index(index, project.codes.len() - 1)?;
    let name = project.codes[old_index].name.clone();
    check_code_name(project, id, parent, &name)?;
    let mut code = project.codes.remove(old_index);
    let old_parent = std::mem::replace(&mut code.parent, parent);
    project.codes.insert(index, code);
    Ok(Edit::MoveCode {
        id,
        parent: old_parent,
        index: old_index,
    })
}

fn insert_segment(project: &mut Project, segment: Segment) -> Result<Edit, EditError> {
    if project.segments.contains_key(&segment.id) {
        return Err(EditError::DuplicateId(segment.id.to_string()));
    }
    project
        .code(segment.code)
        .ok_or(EditError::NoSuchCode(segment.code))?;
    project
        .coder(segment.coder)
        .ok_or(EditError::NoSuchCoder(segment.coder))?;
    check_range(project, segment.document, segment.range())?;
    let id = segment.id;
    project.segments.insert(id, segment);
    Ok(Edit::RemoveSegment(id))
}

fn memo_slot(project: &mut Project, target: MemoTarget) -> Result<&mut String, EditError> {
    Ok(match target {
        MemoTarget::Project => &mut project.memo,
        MemoTarget::Document(id) => {
            &mut project
                .documents
                .iter_mut()
                .find(|d| d.id == id)
                .ok_or(EditError::NoSuchDocument(id))?
                .memo
        }
        MemoTarget::Code(id) => {
            &mut project
                .codes
                .iter_mut()
                .find(|c| c.id == id)
                .ok_or(EditError::NoSuchCode(id))?
                .memo
        }
        MemoTarget::Segment(id) => {
            &mut project
                .segments
                .get_mut(&id)
                .ok_or(EditError::NoSuchSegment(id))?
                .memo
        }
    })
}

/// Two memos as one, each kept once, in an order that does not depend on which came first.
pub fn combine_memos(a: &str, b: &str) -> String {
    combine_all_memos([a, b])
}

/// Several memos as one: each distinct memo once, in sorted order (so the result does not depend
/// on the order they come in), separated by a blank line. A memo that another memo already holds
/// as whole paragraphs is left out, so combining a combined memo with one of its parts changes
/// nothing. Blank memos count only when every memo is blank.
pub fn combine_all_memos<'a>(memos: impl IntoIterator<Item = &'a str>) -> String {
    let mut all: Vec<&str> = memos.into_iter().collect();
    all.sort_unstable();
    all.dedup();
    let written: Vec<&str> = all
        .iter()
        .copied()
        .filter(|m| !m.trim().is_empty())
        .collect();
    if written.is_empty() {
        return all.last().copied().unwrap_or_default().to_string();
    }
    let kept: Vec<&str> = written
        .iter()
        .copied()
        .filter(|m| {
            !written
                .iter()
                .any(|other| other != m && holds_as_paragraphs(other, m))
        })
        .collect();
    kept.join("\n\n")
}

/// Whether `part` stands in `memo` as whole paragraphs: bounded by the memo's ends or blank lines.
fn holds_as_paragraphs(memo: &str, part: &str) -> bool {
    // Every occurrence, overlapping ones included.
    let mut from = 0;
    while let Some(found) = memo[from..].find(part) {
        let at = from + found;
        let before = &memo[..at];
        let after = &memo[at + part.len()..];
        if (before.is_empty() || before.ends_with("\n\n"))
            && (after.is_empty() || after.starts_with("\n\n"))
        {
            return true;
        }
        from = at + memo[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Recode every segment of `from` to `to`. A segment that would then be identical to one the
/// same coder already has with `to` is removed instead, its memo joined to the survivor's.
fn recode_steps(project: &Project, from: CodeId, to: CodeId, steps: &mut Vec<Edit>) {
    let mut existing: HashMap<(DocId, CharRange, CoderId), &Segment> = project
        .segments
        .values()
        .filter(|s| s.code == to)
        .map(|s| ((s.document, s.range(), s.coder), s))
        .collect();
    let mut memos: HashMap<SegmentId, String> = HashMap::new();
    for segment in project.segments.values().filter(|s| s.code == from) {
        let key = (segment.document, segment.range(), segment.coder);
        match existing.get(&key) {
            Some(survivor) => {
                let current = memos
                    .get(&survivor.id)
                    .cloned()
                    .unwrap_or_else(|| survivor.memo.clone());
                let joined = combine_memos(&current, &segment.memo);
                if joined != current {
                    memos.insert(survivor.id, joined);
                }
                steps.push(Edit::RemoveSegment(segment.id));
            }
            None => {
                steps.push(Edit::SetSegmentCode {
                    id: segment.id,
                    code: to,
                });
                existing.insert(key, segment);
            }
        }
    }
    let mut memo_steps: Vec<_> = memos.into_iter().collect();
    memo_steps.sort_by_key(|(id, _)| *id);
    for (id, text) in memo_steps {
        steps.push(Edit::SetMemo {
            target: MemoTarget::Segment(id),
            text,
        });
    }
}

fn expand_delete_code(
    project: &Project,
    id: CodeId,
    policy: DeletePolicy,
) -> Result<Vec<Edit>, EditError> {
    let code = project.code(id).ok_or(EditError::NoSuchCode(id))?;
    let mut steps = Vec::new();
    match policy {
        DeletePolicy::DeleteSegments => {
            let subtree = project.subtree(id);
            let doomed: HashSet<CodeId> = subtree.iter().copied().collect();
            steps.extend(
                project
                    .segments
                    .values()
                    .filter(|s| doomed.contains(&s.code))
                    .map(|s| Edit::RemoveSegment(s.id)),
            );
            // Children before their parents, so that each removed code is a leaf by then.
            steps.extend(subtree.iter().rev().map(|&c| Edit::RemoveCode(c)));
        }
        DeletePolicy::MoveToParent => {
            let parent = code
                .parent
                .ok_or_else(|| EditError::NoParent(code.name.clone()))?;
            let first = project.code_index(id).expect("code exists");
            for (index, child) in (first..).zip(project.children(Some(id))) {
                let name_taken = project.children(Some(parent)).any(|c| c.name == child.name);
                if name_taken {
                    return Err(EditError::DuplicateCodeName {
                        parent: format!("code {:?}", project.code_path(parent)),
                        name: child.name.clone(),
                    });
                }
                // Each child takes the deleted code's place, keeping the children's order.
                steps.push(Edit::MoveCode {
                    id: child.id,
                    parent: Some(parent),
                    index,
                });
            }
            recode_steps(project, id, parent, &mut steps);
            steps.push(Edit::RemoveCode(id));
        }
    }
    Ok(steps)
}

fn expand_merge_codes(
    project: &Project,
    from: CodeId,
    into: CodeId,
) -> Result<Vec<Edit>, EditError> {
    let source = project.code(from).ok_or(EditError::NoSuchCode(from))?;
    let target = project.code(into).ok_or(EditError::NoSuchCode(into))?;
    if project.subtree(from).contains(&into) {
        return Err(EditError::Cycle);
    }
    let mut steps = Vec::new();
    let last = project.codes.len() - 1;
    for child in project.children(Some(from)) {
        if project.children(Some(into)).any(|c| c.name == child.name) {
            return Err(EditError::DuplicateCodeName {
                parent: format!("code {:?}", project.code_path(into)),
                name: child.name.clone(),
            });
        }
        steps.push(Edit::MoveCode {
            id: child.id,
            parent: Some(into),
            index: last,
        });
    }
    recode_steps(project, from, into, &mut steps);
    let memo = combine_memos(&target.memo, &source.memo);
    if memo != target.memo {
        steps.push(Edit::SetMemo {
            target: MemoTarget::Code(into),
            text: memo,
        });
    }
    steps.push(Edit::RemoveCode(from));
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memos_combine_once_in_any_order_and_again_changes_nothing() {
        assert_eq!(combine_memos("b", "a"), "a\n\nb");
        assert_eq!(combine_memos("a", "b"), "a\n\nb");
        assert_eq!(combine_memos("a", "a"), "a");
        assert_eq!(combine_memos("", "a"), "a");
        assert_eq!(combine_memos(" ", ""), " ");
        assert_eq!(combine_memos("", " "), " ");
        let all = combine_all_memos(["c", "a\n\nb", "a"]);
        assert_eq!(
            all, "a\n\nb\n\nc",
            "\"a\" is already a paragraph of \"a\\n\\nb\""
        );
        for part in ["a", "a\n\nb", "c", ""] {
            assert_eq!(combine_all_memos([all.as_str(), part]), all);
        }
        // A memo inside another, but not as whole paragraphs, is kept.
        assert_eq!(combine_memos("ab", "b"), "ab\n\nb");
        // Overlapping occurrences are all looked at.
        assert_eq!(combine_memos("xa\n\na\n\na", "a\n\na"), "xa\n\na\n\na");
    }
}
