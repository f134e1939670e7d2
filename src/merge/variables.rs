//! Document variables, their values and document groups from several projects.
//!
//! Variables are matched by name and groups by name; values by (matched document, variable).
//! A group's documents are the union of every file's. A variable whose type differs between
//! files, and a document whose value of a variable differs, are conflicts, resolved like code
//! conflicts (`Resolution`): the first file's (or the last file's) wins and the report lists
//! every file's value. A value not valid for the type a type conflict kept is left out, and
//! the conflict lists it.

use super::{MergeError, MergeInput, Resolution};
use crate::model::{DocId, Group, Typed, Variable, VariableType, VariableValue};
use std::collections::BTreeMap;

/// One file's value in a variable conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariableConflictValue {
    pub input: usize,
    pub label: String,
    /// The type's name for a type conflict, else the value.
    pub value: String,
}

/// Names one variable conflict, as [`super::Choices::variables`] takes it: the variable, and
/// for a value conflict the document (its id in the merged project). Stable between
/// [`super::list_variable_conflicts`] and [`super::merge`] on the same files in the same order.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VariableConflictKey {
    pub variable: String,
    pub document: Option<DocId>,
}

/// A variable whose type differs between files, or a document whose value differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariableConflict {
    pub key: VariableConflictKey,
    pub variable: String,
    /// The document (its name in the merged project) for a value conflict; `None` for a
    /// conflict about the variable's type.
    pub document: Option<String>,
    /// Each file's value, in input order (only files that have one).
    pub values: Vec<VariableConflictValue>,
    /// The input whose value the merged project has.
    pub chosen: usize,
    /// For a type conflict: the values left out because the kept type does not read them, as
    /// `document (file): value`.
    pub dropped: Vec<String>,
}

impl VariableConflict {
    pub(crate) fn line(&self) -> String {
        let values: Vec<String> = self
            .values
            .iter()
            .map(|v| {
                let kept = if v.input == self.chosen {
                    " (kept)"
                } else {
                    ""
                };
                format!("{} {:?}{kept}", v.label, v.value)
            })
            .collect();
        let what = match &self.document {
            Some(document) => format!("variable {:?} of document {document:?}", self.variable),
            None => format!("variable {:?} type", self.variable),
        };
        let mut line = format!("{what}: {}", values.join(" / "));
        if !self.dropped.is_empty() {
            line.push_str(&format!(
                "; left out, not of the kept type: {}",
                self.dropped.join(", ")
            ));
        }
        line
    }
}

pub(crate) struct MergedVariables {
    pub variables: Vec<Variable>,
    pub values: Vec<VariableValue>,
    pub groups: Vec<Group>,
    pub conflicts: Vec<VariableConflict>,
}

/// Which of `members` (inputs in input order) the conflict `key` keeps; a choice of a file
/// that has no value is an error (`what` names the conflict in it).
fn chosen(
    inputs: &[MergeInput],
    members: &[usize],
    resolution: &Resolution,
    key: &VariableConflictKey,
    what: impl FnOnce() -> String,
) -> Result<usize, MergeError> {
    match resolution {
        Resolution::Last => Ok(*members.last().expect("a conflict has members")),
        Resolution::First | Resolution::Fail => Ok(members[0]),
        Resolution::Choices(choices) => match choices.variables.get(key) {
            None => Ok(members[0]),
            Some(input) if members.contains(input) => Ok(*input),
            Some(&input) => Err(MergeError::BadVariableChoice {
                what: what(),
                input: inputs
                    .get(input)
                    .map_or_else(|| format!("input {input}"), |i| i.label.to_string()),
            }),
        },
    }
}

/// `doc_maps[i]`: input i's document ids → the merged ones; `doc_name`: a merged document's
/// name.
pub(crate) fn merge_variables(
    inputs: &[MergeInput],
    doc_maps: &[&BTreeMap<DocId, DocId>],
    doc_name: &dyn Fn(DocId) -> String,
    resolution: &Resolution,
) -> Result<MergedVariables, MergeError> {
    let mut conflicts = Vec::new();

    // Variables by name, in order of first appearance; the type per the resolution.
    let mut order: Vec<&str> = Vec::new();
    let mut kinds: BTreeMap<&str, Vec<(usize, VariableType)>> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        for variable in &input.project.variables {
            let members = kinds.entry(&variable.name).or_default();
            if members.is_empty() {
                order.push(&variable.name);
            }
            members.push((i, variable.kind));
        }
    }
    let mut kept_kind: BTreeMap<&str, VariableType> = BTreeMap::new();
    let mut type_conflict: BTreeMap<&str, usize> = BTreeMap::new();
    for &name in &order {
        let members = &kinds[name];
        let first = members[0].1;
        if members.iter().all(|&(_, k)| k == first) {
            kept_kind.insert(name, first);
            continue;
        }
        let inputs_of: Vec<usize> = members.iter().map(|&(i, _)| i).collect();
        let key = VariableConflictKey {
            variable: name.to_string(),
            document: None,
        };
        let winner = chosen(inputs, &inputs_of, resolution, &key, || {
            format!("type of variable {name:?}")
        })?;
        let kind = members
            .iter()
            .find(|&&(i, _)| i == winner)
            .expect("a member")
            .1;
        kept_kind.insert(name, kind);
        type_conflict.insert(name, conflicts.len());
        conflicts.push(VariableConflict {
            key,
            variable: name.to_string(),
            document: None,
            values: members
                .iter()
                .map(|&(i, k)| VariableConflictValue {
                    input: i,
                    label: inputs[i].label.to_string(),
                    value: k.name().to_string(),
                })
                .collect(),
            chosen: winner,
            dropped: Vec::new(),
        });
    }

    // Values by (merged document, variable): every file's, canonical under the kept type.
    let mut values: BTreeMap<(DocId, &str), Vec<(usize, String)>> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        for value in &input.project.values {
            let Some(&document) = doc_maps[i].get(&value.document) else {
                continue;
            };
            let Some((&name, &kind)) = kept_kind.get_key_value(value.variable.as_str()) else {
                continue;
            };
            match Typed::parse(kind, &value.value) {
                Ok(typed) => values
                    .entry((document, name))
                    .or_default()
                    .push((i, typed.canonical())),
                Err(_) => {
                    if let Some(&c) = type_conflict.get(name) {
                        conflicts[c].dropped.push(format!(
                            "{:?} ({}): {:?}",
                            doc_name(document),
                            input.label,
                            value.value
                        ));
                    }
                }
            }
        }
    }
    let mut merged_values = Vec::with_capacity(values.len());
    for ((document, name), members) in values {
        let first = &members[0].1;
        let kept = if members.iter().all(|(_, v)| v == first) {
            first.clone()
        } else {
            let inputs_of: Vec<usize> = members.iter().map(|&(i, _)| i).collect();
            let key = VariableConflictKey {
                variable: name.to_string(),
                document: Some(document),
            };
            let winner = chosen(inputs, &inputs_of, resolution, &key, || {
                format!(
                    "value of variable {name:?} for document {:?}",
                    doc_name(document)
                )
            })?;
            conflicts.push(VariableConflict {
                key,
                variable: name.to_string(),
                document: Some(doc_name(document)),
                values: members
                    .iter()
                    .map(|(i, v)| VariableConflictValue {
                        input: *i,
                        label: inputs[*i].label.to_string(),
                        value: v.clone(),
                    })
                    .collect(),
                chosen: winner,
                dropped: Vec::new(),
            });
            members
                .iter()
                .find(|(i, _)| *i == winner)
                .expect("a member")
                .1
                .clone()
        };
        merged_values.push(VariableValue {
            document,
            variable: name.to_string(),
            value: kept,
        });
    }

    // Groups by name, in order of first appearance, with every file's documents.
    let mut groups: Vec<Group> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        for group in &input.project.groups {
            let members = group
                .documents
                .iter()
                .filter_map(|d| doc_maps[i].get(d).copied());
            match groups.iter_mut().find(|g| g.name == group.name) {
                Some(merged) => merged.documents.extend(members),
                None => groups.push(Group {
                    name: group.name.clone(),
                    documents: members.collect(),
                }),
            }
        }
    }
    for group in &mut groups {
        group.documents.sort();
        group.documents.dedup();
    }

    Ok(MergedVariables {
        variables: order
            .iter()
            .map(|&name| Variable {
                name: name.to_string(),
                kind: kept_kind[name],
            })
            .collect(),
        values: merged_values,
        groups,
        conflicts,
    })
}
