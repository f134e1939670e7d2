//! Code conflicts: a code matched across files whose name, parent, colour, description or
//! criteria differ. Each conflict lists every file's value; the resolution says whose value wins.

use super::{MergeError, MergeInput, Resolution};
use crate::model::{Code, CodeId};
use std::fmt;

/// A property of a code that files may disagree on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConflictField {
    Name,
    Parent,
    Color,
    Description,
    Inclusion,
    Exclusion,
    Example,
}

impl ConflictField {
    pub const ALL: [ConflictField; 7] = [
        ConflictField::Name,
        ConflictField::Parent,
        ConflictField::Color,
        ConflictField::Description,
        ConflictField::Inclusion,
        ConflictField::Exclusion,
        ConflictField::Example,
    ];

    /// How the field is called in reports and in the window.
    pub fn label(self) -> &'static str {
        match self {
            ConflictField::Name => "name",
            ConflictField::Parent => "parent",
            ConflictField::Color => "colour",
            ConflictField::Description => "description",
            ConflictField::Inclusion => "inclusion criteria",
            ConflictField::Exclusion => "exclusion criteria",
            ConflictField::Example => "example",
        }
    }
}

impl fmt::Display for ConflictField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Names one conflict: a field of a code of the merged project (its id in the output, which is
/// the id it has in the first file that has it). Stable between [`super::list_conflicts`] and
/// [`super::merge`] on the same files in the same order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConflictKey {
    pub code: CodeId,
    pub field: ConflictField,
}

/// One file's value of a conflicting field, as shown to a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictValue {
    /// The input's position in the list given to the merge.
    pub input: usize,
    /// The input's label (its file name).
    pub label: String,
    /// The value: text as written; a colour as `#rrggbb`; a parent as its code path in that
    /// file, or `(top level)`.
    pub value: String,
}

/// A field of a matched code that differs between the files that have the code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeConflict {
    pub key: ConflictKey,
    /// The code's path in the merged project.
    pub path: String,
    /// The value in each file that has the code, in input order.
    pub values: Vec<ConflictValue>,
    /// The input whose value the merged project has.
    pub chosen: usize,
}

impl CodeConflict {
    /// The value the merged project has.
    pub fn chosen_value(&self) -> &ConflictValue {
        self.values
            .iter()
            .find(|v| v.input == self.chosen)
            .expect("the chosen input is one of the values")
    }
}

/// A field's value in one file, comparable across files: parents are compared as matched codes
/// (classes), not by name.
#[derive(PartialEq)]
enum Value<'a> {
    Text(&'a str),
    Color(crate::model::Color),
    Parent(Option<usize>),
}

fn value(code: &Code, field: ConflictField, parent_class: Option<usize>) -> Value<'_> {
    match field {
        ConflictField::Name => Value::Text(&code.name),
        ConflictField::Parent => Value::Parent(parent_class),
        ConflictField::Color => Value::Color(code.color),
        ConflictField::Description => Value::Text(&code.description),
        ConflictField::Inclusion => Value::Text(&code.inclusion),
        ConflictField::Exclusion => Value::Text(&code.exclusion),
        ConflictField::Example => Value::Text(&code.example),
    }
}

fn shown(input: &MergeInput, code: &Code, field: ConflictField) -> String {
    match field {
        ConflictField::Parent => code
            .parent
            .map(|p| input.project.code_path(p))
            .unwrap_or_else(|| "(top level)".into()),
        ConflictField::Color => code.color.to_string(),
        _ => match value(code, field, None) {
            Value::Text(text) => text.to_string(),
            _ => unreachable!("the other fields are text"),
        },
    }
}

/// One matched code as seen by conflict resolution: its items in the files that have it.
pub(crate) struct Matched<'a> {
    /// The code's id in the merged project.
    pub id: CodeId,
    /// (input, the code in that input, its parent's class), in input order.
    pub members: Vec<(usize, &'a Code, Option<usize>)>,
}

/// For each field (in [`ConflictField::ALL`] order), the member whose value the merged code
/// takes; every field on which the members differ is added to `conflicts` (with an empty path,
/// filled in once the codebook is built).
pub(crate) fn resolve_fields(
    inputs: &[MergeInput],
    code: &Matched,
    resolution: &Resolution,
    conflicts: &mut Vec<CodeConflict>,
) -> Result<[usize; 7], MergeError> {
    let mut sources = [0; 7];
    for (slot, field) in sources.iter_mut().zip(ConflictField::ALL) {
        let first = value(code.members[0].1, field, code.members[0].2);
        if code
            .members
            .iter()
            .all(|(_, c, parent)| value(c, field, *parent) == first)
        {
            continue;
        }
        let key = ConflictKey {
            code: code.id,
            field,
        };
        let member = match resolution {
            Resolution::First | Resolution::Fail => 0,
            Resolution::Last => code.members.len() - 1,
            Resolution::Choices(choices) => match choices.codes.get(&key) {
                None => 0,
                Some(&input) => code
                    .members
                    .iter()
                    .position(|(i, _, _)| *i == input)
                    .ok_or_else(|| MergeError::BadChoice {
                        field: field.label(),
                        code: code.members[0].1.name.clone(),
                        input: inputs
                            .get(input)
                            .map_or_else(|| format!("input {input}"), |i| i.label.to_string()),
                    })?,
            },
        };
        *slot = member;
        conflicts.push(CodeConflict {
            key,
            path: String::new(),
            values: code
                .members
                .iter()
                .map(|(input, c, _)| ConflictValue {
                    input: *input,
                    label: inputs[*input].label.to_string(),
                    value: shown(&inputs[*input], c, field),
                })
                .collect(),
            chosen: code.members[member].0,
        });
    }
    Ok(sources)
}
