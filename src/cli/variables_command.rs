//! `coda variables` and `coda groups`: document variables and groups listed, imported, exported
//! and changed. Changes take the project's lock and are saved once, through the one writer.

use super::commands::{CliError, apply_all, load_checked, open_for_change};
use crate::io::safe_write::write_output;
use crate::io::variables_csv;
use crate::model::{DocId, Group, Project};
use crate::ops::Edit;
use crate::wording::plural;
use std::path::{Path, PathBuf};

type Result<T = ()> = std::result::Result<T, CliError>;

/// What `coda variables` was asked to do.
pub(super) struct VariablesRequest {
    pub file: PathBuf,
    pub import: Option<PathBuf>,
    pub export: bool,
    pub output: Option<PathBuf>,
}

pub(super) fn variables(request: VariablesRequest) -> Result {
    let VariablesRequest {
        file,
        import,
        export,
        output,
    } = request;
    if output.is_some() && !export {
        return Err(CliError("-o/--output goes with --export".into()));
    }
    if let Some(csv_path) = import {
        return import_values(&file, &csv_path);
    }
    let project = load_checked(&file)?;
    if export {
        let mut bytes = Vec::new();
        variables_csv::export(&project, &mut bytes)?;
        match output {
            Some(path) => {
                write_output(&path, &bytes)?;
                eprintln!(
                    "wrote {} of {} to {}",
                    plural(project.variables.len(), "variable", "variables"),
                    plural(project.documents.len(), "document", "documents"),
                    path.display()
                );
            }
            None => {
                use std::io::Write;
                std::io::stdout().lock().write_all(&bytes)?;
            }
        }
        return Ok(());
    }
    print!("{}", variables_listing(&project));
    Ok(())
}

fn import_values(file: &Path, csv_path: &Path) -> Result {
    let bytes = std::fs::read(csv_path)
        .map_err(|e| CliError(format!("{}: cannot read: {e}", csv_path.display())))?;
    let (mut handle, mut project) = open_for_change(file, "coda variables")?;
    let label = csv_path.display().to_string();
    let (edits, summary) =
        variables_csv::plan_import(&project, &bytes, &label).map_err(|problems| {
            CliError(format!(
                "{}; nothing was changed:\n  {}",
                plural(problems.len(), "problem", "problems"),
                problems.join("\n  ")
            ))
        })?;
    apply_all(&mut project, edits)?;
    handle.save(&project)?;
    let mut said = format!(
        "set {} for {}",
        plural(summary.values, "value", "values"),
        plural(summary.documents, "document", "documents")
    );
    if summary.cleared > 0 {
        said.push_str(&format!(
            ", cleared {}",
            plural(summary.cleared, "value", "values")
        ));
    }
    if !summary.new_variables.is_empty() {
        let new: Vec<String> = summary
            .new_variables
            .iter()
            .map(|(name, kind)| format!("{name} ({kind})"))
            .collect();
        said.push_str(&format!("; new variables: {}", new.join(", ")));
    }
    println!("{said}");
    Ok(())
}

/// Each variable with its type and how many documents have a value, then each document's
/// values.
pub fn variables_listing(project: &Project) -> String {
    let mut out = String::new();
    if project.variables.is_empty() {
        out.push_str("no variables\n");
        return out;
    }
    for variable in &project.variables {
        let count = project
            .values
            .iter()
            .filter(|v| v.variable == variable.name)
            .count();
        out.push_str(&format!(
            "{} ({}): {} of {}\n",
            variable.name,
            variable.kind,
            plural(count, "value", "values"),
            plural(project.documents.len(), "document", "documents")
        ));
    }
    for document in &project.documents {
        let values: Vec<String> = project
            .variables
            .iter()
            .filter_map(|v| {
                project
                    .variable_value(document.id, &v.name)
                    .map(|value| format!("{}={value}", v.name))
            })
            .collect();
        if !values.is_empty() {
            out.push_str(&format!("  {}: {}\n", document.name, values.join(", ")));
        }
    }
    out
}

/// `coda groups FILE [--add NAME DOC...] [--remove NAME [DOC...]]`.
pub(super) fn groups(file: &Path, add: &[String], remove: &[String]) -> Result {
    if add.is_empty() && remove.is_empty() {
        let project = load_checked(file)?;
        print!("{}", groups_listing(&project));
        return Ok(());
    }
    let (mut handle, mut project) = open_for_change(file, "coda groups")?;
    let mut edits = Vec::new();
    if let Some((name, docs)) = add.split_first() {
        let ids = document_ids(&project, docs)?;
        if ids.is_empty() {
            return Err(CliError(format!(
                "--add {name:?}: name the documents to add after the group's name"
            )));
        }
        if project.group(name).is_none() {
            edits.push(Edit::InsertGroup {
                index: project.groups.len(),
                group: Group {
                    name: name.clone(),
                    documents: Vec::new(),
                },
            });
        }
        edits.extend(ids.into_iter().map(|document| Edit::SetGroupMember {
            group: name.clone(),
            document,
            member: true,
        }));
    }
    if let Some((name, docs)) = remove.split_first() {
        if project.group(name).is_none() && add.first().is_none_or(|a| a != name) {
            return Err(CliError(format!(
                "no group named {name:?}; the groups are: {}",
                names(project.groups.iter().map(|g| g.name.as_str()))
            )));
        }
        let ids = document_ids(&project, docs)?;
        if ids.is_empty() {
            edits.push(Edit::RemoveGroup(name.clone()));
        } else {
            edits.extend(ids.into_iter().map(|document| Edit::SetGroupMember {
                group: name.clone(),
                document,
                member: false,
            }));
        }
    }
    apply_all(&mut project, edits)?;
    handle.save(&project)?;
    print!("{}", groups_listing(&project));
    Ok(())
}

fn document_ids(project: &Project, names_given: &[String]) -> Result<Vec<DocId>> {
    names_given
        .iter()
        .map(|name| {
            project.document_by_name(name).map(|d| d.id).ok_or_else(|| {
                CliError(format!(
                    "no document named {name:?}; the documents are: {}",
                    names(project.documents.iter().map(|d| d.name.as_str()))
                ))
            })
        })
        .collect()
}

fn names<'a>(list: impl Iterator<Item = &'a str>) -> String {
    list.collect::<Vec<_>>().join(", ")
}

/// Each group with its documents (in document order).
pub fn groups_listing(project: &Project) -> String {
    if project.groups.is_empty() {
        return "no groups\n".into();
    }
    let mut out = String::new();
    for group in &project.groups {
        let members: Vec<&str> = project
            .documents
            .iter()
            .filter(|d| group.contains(d.id))
            .map(|d| d.name.as_str())
            .collect();
        out.push_str(&format!(
            "{} ({}): {}\n",
            group.name,
            plural(members.len(), "document", "documents"),
            members.join(", ")
        ));
    }
    out
}
