//! The edits of document variables and groups (`model::variables`): each a primitive whose
//! inverse is another primitive, applied through [`super::apply`] like every edit.

use super::{Edit, EditError};
use crate::model::{
    DocId, Group, Project, Typed, Variable, VariableValue, group_name_problem,
    variable_name_problem,
};

pub(super) fn insert_variable(
    project: &mut Project,
    index: usize,
    variable: Variable,
) -> Result<Edit, EditError> {
    if let Some(problem) = variable_name_problem(&variable.name) {
        return Err(EditError::BadName(problem));
    }
    if index > project.variables.len() {
        return Err(EditError::BadIndex {
            index,
            len: project.variables.len(),
        });
    }
    if project.variable(&variable.name).is_some() {
        return Err(EditError::DuplicateVariable(variable.name));
    }
    let name = variable.name.clone();
    project.variables.insert(index, variable);
    Ok(Edit::RemoveVariable(name))
}

/// Removes a variable no document has a value of.
pub(super) fn remove_variable(project: &mut Project, name: &str) -> Result<Edit, EditError> {
    let index = project
        .variable_index(name)
        .ok_or_else(|| EditError::NoSuchVariable(name.to_string()))?;
    let count = project.values.iter().filter(|v| v.variable == name).count();
    if count > 0 {
        return Err(EditError::InUse {
            what: format!("variable {name:?}"),
            detail: crate::wording::plural(count, "document has a value", "documents have values"),
        });
    }
    let variable = project.variables.remove(index);
    Ok(Edit::InsertVariable { index, variable })
}

/// The steps that delete a variable with its values.
pub(super) fn expand_delete_variable(
    project: &Project,
    name: &str,
) -> Result<Vec<Edit>, EditError> {
    project
        .variable(name)
        .ok_or_else(|| EditError::NoSuchVariable(name.to_string()))?;
    let mut steps: Vec<Edit> = project
        .values
        .iter()
        .filter(|v| v.variable == name)
        .map(|v| Edit::SetVariableValue {
            document: v.document,
            variable: name.to_string(),
            value: None,
        })
        .collect();
    steps.push(Edit::RemoveVariable(name.to_string()));
    Ok(steps)
}

/// Sets (canonicalised, checked against the variable's type) or clears one value.
pub(super) fn set_value(
    project: &mut Project,
    document: DocId,
    variable: String,
    value: Option<String>,
) -> Result<Edit, EditError> {
    project
        .document(document)
        .ok_or(EditError::NoSuchDocument(document))?;
    let kind = project
        .variable(&variable)
        .ok_or_else(|| EditError::NoSuchVariable(variable.clone()))?
        .kind;
    let value = value
        .map(|text| {
            Typed::parse(kind, &text)
                .map(|v| v.canonical())
                .map_err(|expected| EditError::BadValue {
                    variable: variable.clone(),
                    expected,
                })
        })
        .transpose()?;
    let old = match (project.value_position(document, &variable), value) {
        (Ok(i), Some(value)) => Some(std::mem::replace(&mut project.values[i].value, value)),
        (Ok(i), None) => Some(project.values.remove(i).value),
        (Err(i), Some(value)) => {
            project.values.insert(
                i,
                VariableValue {
                    document,
                    variable: variable.clone(),
                    value,
                },
            );
            None
        }
        (Err(_), None) => None,
    };
    Ok(Edit::SetVariableValue {
        document,
        variable,
        value: old,
    })
}

pub(super) fn insert_group(
    project: &mut Project,
    index: usize,
    mut group: Group,
) -> Result<Edit, EditError> {
    if let Some(problem) = group_name_problem(&group.name) {
        return Err(EditError::BadName(problem));
    }
    if index > project.groups.len() {
        return Err(EditError::BadIndex {
            index,
            len: project.groups.len(),
        });
    }
    if project.group(&group.name).is_some() {
        return Err(EditError::DuplicateGroup(group.name));
    }
    if let Some(&missing) = group
        .documents
        .iter()
        .find(|&&d| project.document(d).is_none())
    {
        return Err(EditError::NoSuchDocument(missing));
    }
    group.documents.sort();
    group.documents.dedup();
    let name = group.name.clone();
    project.groups.insert(index, group);
    Ok(Edit::RemoveGroup(name))
}

/// Removes a group (its documents stay in the project).
pub(super) fn remove_group(project: &mut Project, name: &str) -> Result<Edit, EditError> {
    let index = project
        .group_index(name)
        .ok_or_else(|| EditError::NoSuchGroup(name.to_string()))?;
    let group = project.groups.remove(index);
    Ok(Edit::InsertGroup { index, group })
}

/// Puts a document in a group or takes it out.
pub(super) fn set_group_member(
    project: &mut Project,
    group: String,
    document: DocId,
    member: bool,
) -> Result<Edit, EditError> {
    project
        .document(document)
        .ok_or(EditError::NoSuchDocument(document))?;
    let index = project
        .group_index(&group)
        .ok_or_else(|| EditError::NoSuchGroup(group.clone()))?;
    let documents = &mut project.groups[index].documents;
    let was = match documents.binary_search(&document) {
        Ok(i) => {
            if !member {
                documents.remove(i);
            }
            true
        }
        Err(i) => {
            if member {
                documents.insert(i, document);
            }
            false
        }
    };
    Ok(Edit::SetGroupMember {
        group,
        document,
        member: was,
    })
}

/// The steps that take a document's values and group memberships away (before deleting it).
pub(super) fn detach_document(project: &Project, document: DocId) -> Vec<Edit> {
    let values = project
        .values
        .iter()
        .filter(|v| v.document == document)
        .map(|v| Edit::SetVariableValue {
            document,
            variable: v.variable.clone(),
            value: None,
        });
    let groups = project
        .groups
        .iter()
        .filter(|g| g.contains(document))
        .map(|g| Edit::SetGroupMember {
            group: g.name.clone(),
            document,
            member: false,
        });
    values.chain(groups).collect()
}

/// Why a document cannot be removed as it is: it has values or is in a group.
pub(super) fn attached(project: &Project, document: DocId) -> Option<String> {
    let values = project
        .values
        .iter()
        .filter(|v| v.document == document)
        .count();
    if values > 0 {
        return Some(format!(
            "it has {}",
            crate::wording::plural(values, "variable value", "variable values")
        ));
    }
    project
        .groups
        .iter()
        .find(|g| g.contains(document))
        .map(|g| format!("it is in group {:?}", g.name))
}

#[cfg(test)]
mod tests {
    use crate::model::{
        DocId, Document, DocumentSource, Group, Project, SourceFormat, Variable, VariableType,
    };
    use crate::ops::{Edit, EditError, apply};

    fn project() -> (Project, DocId) {
        let mut project = Project::new("P");
        let doc = Document::new(
            "a.txt",
            DocumentSource {
                file_name: "a.txt".into(),
                format: SourceFormat::PlainText,
                encoding: "UTF-8".into(),
            },
            "Some text.".into(),
        );
        let id = doc.id;
        project.documents.push(doc);
        (project, id)
    }

    /// Applies `edit`, then its inverse, and checks the project is back as it was.
    fn round_trip(project: &mut Project, edit: Edit) {
        let before = project.clone();
        let inverse = apply(project, edit).expect("applies");
        assert!(crate::model::validate(project).is_empty());
        let after = project.clone();
        let redo = apply(project, inverse).expect("the inverse applies");
        assert_eq!(*project, before);
        apply(project, redo).expect("redo applies");
        assert_eq!(*project, after);
    }

    #[test]
    fn variables_values_and_groups_are_edited_and_undone_exactly() {
        let (mut p, doc) = project();
        let year = Variable {
            name: "year".into(),
            kind: VariableType::Number,
        };
        round_trip(
            &mut p,
            Edit::InsertVariable {
                index: 0,
                variable: year,
            },
        );
        round_trip(
            &mut p,
            Edit::SetVariableValue {
                document: doc,
                variable: "year".into(),
                value: Some("2018.0".into()),
            },
        );
        assert_eq!(p.variable_value(doc, "year"), Some("2018"), "canonical");
        round_trip(
            &mut p,
            Edit::SetVariableValue {
                document: doc,
                variable: "year".into(),
                value: None,
            },
        );
        let bad = apply(
            &mut p,
            Edit::SetVariableValue {
                document: doc,
                variable: "year".into(),
                value: Some("soon".into()),
            },
        );
        assert!(matches!(bad, Err(EditError::BadValue { .. })));
        round_trip(
            &mut p,
            Edit::InsertGroup {
                index: 0,
                group: Group {
                    name: "State media".into(),
                    documents: vec![doc],
                },
            },
        );
        round_trip(
            &mut p,
            Edit::SetGroupMember {
                group: "State media".into(),
                document: doc,
                member: false,
            },
        );
        apply(
            &mut p,
            Edit::Batch(vec![
                Edit::SetVariableValue {
                    document: doc,
                    variable: "year".into(),
                    value: Some("2013".into()),
                },
                Edit::SetGroupMember {
                    group: "State media".into(),
                    document: doc,
                    member: true,
                },
            ]),
        )
        .unwrap();
        assert!(matches!(
            apply(&mut p, Edit::RemoveDocument(doc)),
            Err(EditError::InUse { .. })
        ));
        assert!(matches!(
            apply(&mut p, Edit::RemoveVariable("year".into())),
            Err(EditError::InUse { .. })
        ));
        round_trip(&mut p, Edit::DeleteVariable("year".into()));
        round_trip(&mut p, Edit::DeleteDocument(doc));
        round_trip(&mut p, Edit::RemoveGroup("State media".into()));
    }
}
