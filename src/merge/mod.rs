//! Merging projects: several coders' files into one (`merge`), and git's three-way merge of one
//! project file (`three_way`). Pure: no window, no files. The rules are in `docs/MERGE.md`.
//!
//! - [`merge`] takes any number of projects and gives their union: documents matched by text,
//!   codes by id then path, coders by id then name, identical codings once. Conflicting code
//!   fields are resolved by a [`Resolution`] and listed in the [`MergeReport`].
//! - [`list_conflicts`] gives the conflicts alone, so that a person can choose per conflict and
//!   then merge with [`Resolution::Choices`].
//! - [`three_way`] merges "ours" and "theirs" against their common base;
//!   [`three_way_resolving`] does so taking, per conflict, the side a person chooses.

mod codebook;
mod conflicts;
mod coverage;
mod documents;
mod ids;
mod matching;
mod parallel;
mod report;
mod segments;
mod three_way;
mod variables;

pub use conflicts::{CodeConflict, ConflictField, ConflictKey, ConflictValue};
pub use report::{Counts, InputReport, MergeReport, Renamed, RenamedKind, ResolvedBy};
pub use segments::SegmentMap;
pub use three_way::{
    Resolved, Side, ThreeWayConflict, ThreeWayMerged, three_way, three_way_resolving,
};
pub use variables::{VariableConflict, VariableConflictKey, VariableConflictValue};

use crate::model::{CodeId, CoderId, DocId, Document, Problem, Project, validate};
use crate::ops::combine_all_memos;
use matching::Classes;
use report::plural;
use std::collections::BTreeMap;

/// One project to merge, with the label the report calls it by (its file name).
#[derive(Clone, Copy, Debug)]
pub struct MergeInput<'a> {
    pub label: &'a str,
    pub project: &'a Project,
}

impl<'a> MergeInput<'a> {
    pub fn new(label: &'a str, project: &'a Project) -> Self {
        Self { label, project }
    }
}

/// What to do when files disagree about a code's name, parent, colour, description or criteria.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Resolution {
    /// Keep the value of the first file that has the code.
    #[default]
    First,
    /// Keep the value of the last file that has the code.
    Last,
    /// Merge nothing and return [`MergeError::Conflicts`] if there is any conflict.
    Fail,
    /// Per conflict, the input whose value wins (its position in the inputs). A conflict not in
    /// the map keeps the first file's value.
    Choices(Choices),
}

/// A person's choice per conflict: whose value each code field, variable type and document
/// value takes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    pub codes: BTreeMap<ConflictKey, usize>,
    pub variables: BTreeMap<VariableConflictKey, usize>,
}

impl From<BTreeMap<ConflictKey, usize>> for Choices {
    fn from(codes: BTreeMap<ConflictKey, usize>) -> Self {
        Choices {
            codes,
            variables: BTreeMap::new(),
        }
    }
}

/// For one input: its ids → the merged project's ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdMap {
    pub documents: BTreeMap<DocId, DocId>,
    pub codes: BTreeMap<CodeId, CodeId>,
    pub coders: BTreeMap<CoderId, CoderId>,
    pub segments: SegmentMap,
}

/// The merged project, what the merge did, and where each input's items went.
#[derive(Clone, Debug)]
pub struct Merged {
    pub project: Project,
    pub report: MergeReport,
    /// One per input, in input order.
    pub maps: Vec<IdMap>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("nothing to merge: no projects were given")]
    NoInputs,
    #[error("{label}: {} (first: {}); only a valid project can be merged", plural(.problems.len(), "problem", "problems"), .problems[0])]
    InvalidInput {
        label: String,
        problems: Vec<Problem>,
    },
    #[error("{} between the files; nothing was merged:\n{}", plural(.0.len(), "conflict", "conflicts"), conflict_lines(.0))]
    Conflicts(Vec<CodeConflict>),
    #[error("{} between the files; nothing was merged:\n{}", plural(.0.len(), "variable conflict", "variable conflicts"), variable_conflict_lines(.0))]
    VariableConflicts(Vec<VariableConflict>),
    #[error(
        "the {field} of code {code:?} was to be taken from {input}, which does not have that code"
    )]
    BadChoice {
        field: &'static str,
        code: String,
        input: String,
    },
    #[error("the {what} was to be taken from {input}, which does not have one")]
    BadVariableChoice { what: String, input: String },
    #[error("the chosen parents put codes in a loop, each under the next: {codes}")]
    ParentCycle { codes: String },
    #[error("{} between ours and theirs; ours is left as it was:\n{}", plural(.0.len(), "conflict", "conflicts"), three_way::conflict_lines(.0))]
    ThreeWay(Vec<ThreeWayConflict>),
    #[error("{} that taking one side cannot resolve; nothing was merged:\n{}", plural(.0.len(), "conflict", "conflicts"), three_way::conflict_lines(.0))]
    Unresolvable(Vec<ThreeWayConflict>),
}

fn conflict_lines(conflicts: &[CodeConflict]) -> String {
    conflicts
        .iter()
        .map(|c| format!("  {}", c.line()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn variable_conflict_lines(conflicts: &[VariableConflict]) -> String {
    conflicts
        .iter()
        .map(|c| format!("  {}", c.line()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_inputs(inputs: &[MergeInput]) -> Result<(), MergeError> {
    if inputs.is_empty() {
        return Err(MergeError::NoInputs);
    }
    let problems = parallel::map_chunks(
        inputs,
        |input| input.project.segments.len(),
        |chunk| {
            chunk
                .iter()
                .map(|input| validate(input.project))
                .collect::<Vec<_>>()
        },
    );
    for (input, problems) in inputs.iter().zip(problems.into_iter().flatten()) {
        if !problems.is_empty() {
            return Err(MergeError::InvalidInput {
                label: input.label.to_string(),
                problems,
            });
        }
    }
    Ok(())
}

/// The conflicts a merge of `inputs` meets, each with the first file's value chosen: what a
/// person chooses from before calling [`merge`] with [`Resolution::Choices`].
pub fn list_conflicts(inputs: &[MergeInput]) -> Result<Vec<CodeConflict>, MergeError> {
    check_inputs(inputs)?;
    Ok(codebook::merge_codebook(inputs, &Resolution::First)?.conflicts)
}

/// The variable conflicts a merge of `inputs` meets (a variable's type, a document's value),
/// each with the first file's value chosen; keyed as [`Choices::variables`] takes them.
pub fn list_variable_conflicts(inputs: &[MergeInput]) -> Result<Vec<VariableConflict>, MergeError> {
    check_inputs(inputs)?;
    let projects: Vec<&Project> = inputs.iter().map(|i| i.project).collect();
    let documents = documents::merge_documents(&projects);
    let maps = document_maps(&projects, &documents);
    let doc_maps: Vec<&BTreeMap<DocId, DocId>> = maps.iter().collect();
    let doc_name = document_names(&documents.items);
    let merged = variables::merge_variables(inputs, &doc_maps, &doc_name, &Resolution::First)?;
    Ok(merged.conflicts)
}

/// For each input: its document ids → the merged ones.
fn document_maps(
    projects: &[&Project],
    documents: &documents::Merged<Document>,
) -> Vec<BTreeMap<DocId, DocId>> {
    projects
        .iter()
        .enumerate()
        .map(|(input, project)| {
            id_map(
                &documents.classes,
                input,
                &project.documents,
                |d| d.id,
                &documents.items,
                |d| d.id,
            )
        })
        .collect()
}

/// A merged document's name by its id.
fn document_names(documents: &[Document]) -> impl Fn(DocId) -> String + '_ {
    let names: BTreeMap<DocId, &str> = documents.iter().map(|d| (d.id, d.name.as_str())).collect();
    move |id| names.get(&id).copied().unwrap_or_default().to_string()
}

/// Merge the projects into one. The output has the first input's id, name and current coder;
/// its documents, codes and coders are the first input's in their order, then those new in each
/// later input. Every coding of every input is in it (under the ids in [`Merged::maps`]);
/// merging it again with any of the inputs changes nothing. The same inputs in the same order
/// always give the same output.
pub fn merge(inputs: &[MergeInput], resolution: &Resolution) -> Result<Merged, MergeError> {
    check_inputs(inputs)?;
    let projects: Vec<&Project> = inputs.iter().map(|i| i.project).collect();
    let codebook = codebook::merge_codebook(inputs, resolution)?;
    if *resolution == Resolution::Fail && !codebook.conflicts.is_empty() {
        return Err(MergeError::Conflicts(codebook.conflicts));
    }
    let documents = documents::merge_documents(&projects);
    let coders = documents::merge_coders(&projects);

    let mut maps: Vec<IdMap> = document_maps(&projects, &documents)
        .into_iter()
        .map(|documents| IdMap {
            documents,
            ..IdMap::default()
        })
        .collect();
    for (input, map) in maps.iter_mut().enumerate() {
        let project = projects[input];
        map.codes = id_map(
            &codebook.classes,
            input,
            &project.codes,
            |c| c.id,
            &codebook.codes,
            |c| c.id,
        );
        map.coders = id_map(
            &coders.classes,
            input,
            &project.coders,
            |c| c.id,
            &coders.items,
            |c| c.id,
        );
    }
    let union = segments::union_segments(
        &projects,
        (&documents.classes, &documents.items),
        (&codebook.classes, &codebook.codes),
        (&coders.classes, &coders.items),
    );
    for (map, segments) in maps.iter_mut().zip(union.maps) {
        map.segments = segments;
    }
    let doc_maps: Vec<&BTreeMap<DocId, DocId>> = maps.iter().map(|m| &m.documents).collect();
    let attributes = {
        let doc_name = document_names(&documents.items);
        variables::merge_variables(inputs, &doc_maps, &doc_name, resolution)?
    };
    if *resolution == Resolution::Fail && !attributes.conflicts.is_empty() {
        return Err(MergeError::VariableConflicts(attributes.conflicts));
    }

    let first = projects[0];
    let project = Project {
        id: first.id,
        name: first.name.clone(),
        memo: combine_all_memos(projects.iter().map(|p| p.memo.as_str())),
        current_coder: first.current_coder.map(|c| maps[0].coders[&c]),
        coders: coders.items,
        codes: codebook.codes,
        documents: documents.items,
        segments: union.segments,
        coverage: coverage::unite(projects.iter().zip(&maps).flat_map(|(project, map)| {
            project.coverage.iter().map(|entry| {
                (
                    map.coders.get(&entry.coder).copied(),
                    map.documents.get(&entry.document).copied(),
                    entry.clone(),
                )
            })
        })),
        variables: attributes.variables,
        values: attributes.values,
        groups: attributes.groups,
    };

    let mut inputs_report: Vec<InputReport> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| InputReport {
            label: input.label.to_string(),
            holds: Counts {
                documents: input.project.documents.len(),
                codes: input.project.codes.len(),
                coders: input.project.coders.len(),
                segments: input.project.segments.len(),
            },
            added_segments: union.added[i],
            identical_segments: union.identical[i],
            ..InputReport::default()
        })
        .collect();
    let mut notes = Vec::new();
    for (class, members) in documents.classes.members.iter().enumerate() {
        let merged = &project.documents[class];
        inputs_report[members[0].0]
            .added_documents
            .push(merged.name.clone());
        for &(input, pos) in &members[1..] {
            inputs_report[input].matched_documents += 1;
            let name = &projects[input].documents[pos].name;
            let first_name = &projects[members[0].0].documents[members[0].1].name;
            if name != first_name {
                notes.push(format!(
                    "document {:?} is named {name:?} in {}",
                    merged.name, inputs[input].label
                ));
            }
        }
    }
    for (class, members) in codebook.classes.members.iter().enumerate() {
        let id = project.codes[class].id;
        inputs_report[members[0].0]
            .added_codes
            .push(project.code_path(id));
        for (n, &(input, pos)) in members.iter().enumerate().skip(1) {
            let this = projects[input].codes[pos].id;
            let by_id = members[..n]
                .iter()
                .any(|&(i, p)| projects[i].codes[p].id == this);
            let report = &mut inputs_report[input];
            if by_id {
                report.codes_matched_by_id += 1;
            } else {
                report.codes_matched_by_path += 1;
            }
        }
    }
    for (class, members) in coders.classes.members.iter().enumerate() {
        let merged = &project.coders[class];
        inputs_report[members[0].0]
            .added_coders
            .push(merged.name.clone());
        for (n, &(input, pos)) in members.iter().enumerate().skip(1) {
            let this = &projects[input].coders[pos];
            let by_id = members[..n]
                .iter()
                .any(|&(i, p)| projects[i].coders[p].id == this.id);
            let report = &mut inputs_report[input];
            if by_id {
                report.coders_matched_by_id += 1;
            } else {
                report.coders_matched_by_name += 1;
            }
            let first_name = &projects[members[0].0].coders[members[0].1].name;
            if this.name != *first_name {
                notes.push(format!(
                    "coder {:?} is named {:?} in {}",
                    merged.name, this.name, inputs[input].label
                ));
            }
        }
    }
    for &(class, key) in &codebook.dropped_hotkeys {
        notes.push(format!(
            "code {:?} lost its hotkey {key}: an earlier code in the codebook has it",
            project.code_path(project.codes[class].id)
        ));
    }

    let mut renamed = Vec::new();
    let mut record = |kind,
                      classes: &Classes,
                      list: &[(usize, String, String)],
                      holder: &dyn Fn(usize, &str) -> Option<usize>| {
        for (class, name, new_name) in list {
            let from = |class: usize| inputs[classes.members[class][0].0].label.to_string();
            renamed.push(Renamed {
                kind,
                from: from(*class),
                name: name.clone(),
                new_name: new_name.clone(),
                taken_by: holder(*class, name).map(from).unwrap_or_default(),
            });
        }
    };
    record(
        RenamedKind::Document,
        &documents.classes,
        &documents.renamed,
        &|_, name| project.documents.iter().position(|d| d.name == name),
    );
    record(
        RenamedKind::Code,
        &codebook.classes,
        &codebook.renamed,
        &|class, name| {
            let parent = project.codes[class].parent;
            project
                .codes
                .iter()
                .position(|c| c.name == name && c.parent == parent)
        },
    );
    record(
        RenamedKind::Coder,
        &coders.classes,
        &coders.renamed,
        &|_, name| project.coders.iter().position(|c| c.name == name),
    );

    let report = MergeReport {
        inputs: inputs_report,
        merged: Counts {
            documents: project.documents.len(),
            codes: project.codes.len(),
            coders: project.coders.len(),
            segments: project.segments.len(),
        },
        conflicts: codebook.conflicts,
        variable_conflicts: attributes.conflicts,
        resolved_by: match resolution {
            Resolution::First | Resolution::Fail => ResolvedBy::First,
            Resolution::Last => ResolvedBy::Last,
            Resolution::Choices(_) => ResolvedBy::Choice,
        },
        renamed,
        memos_combined: union.memos_combined,
        notes,
    };
    Ok(Merged {
        project,
        report,
        maps,
    })
}

/// An input's ids of one kind → the merged ids of their classes.
fn id_map<T, U, Id: Ord, Out>(
    classes: &Classes,
    input: usize,
    items: &[T],
    id: impl Fn(&T) -> Id,
    merged: &[U],
    merged_id: impl Fn(&U) -> Out,
) -> BTreeMap<Id, Out> {
    classes
        .of_items(input, items, id)
        .map(|(id, class)| (id, merged_id(&merged[class])))
        .collect()
}
