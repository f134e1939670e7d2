//! The Variables view: a table of documents (rows) × document variables and groups (columns)
//! whose cells are edited in place, each value checked against its variable's type and each
//! group membership a checkbox; and rows to define a new variable or group. Every change is an
//! `Action::Edit` (one undo step each).

use crate::model::{DocId, Group, Project, Typed, Variable, VariableType, group_name_problem};
use crate::ops::Edit;
use crate::ui::actions::{Action, Export};
use egui::Ui;

#[derive(Default)]
pub struct VariablesState {
    /// The new variable's name and type, as typed.
    pub new_name: String,
    pub new_kind: Option<VariableType>,
    /// The new group's name, as typed.
    pub new_group: String,
    /// The cell being typed in, and what it holds, until committed (Enter or leaving it).
    draft: Option<(DocId, String, String)>,
    /// Why the last value typed was not taken.
    pub error: Option<String>,
}

impl VariablesState {
    /// The edit that commits what is typed in a cell (nothing if unchanged or not of the
    /// variable's type); used before any command runs.
    pub fn pending_edit(&self, project: &Project) -> Option<Edit> {
        let (document, variable, text) = self.draft.as_ref()?;
        value_edit(project, *document, variable, text)
            .ok()
            .flatten()
    }

    pub fn forget(&mut self) {
        self.draft = None;
    }
}

/// The edit setting a document's value of a variable to `text` (empty: none); `Ok(None)` when
/// it is unchanged; the error when the type does not read it.
fn value_edit(
    project: &Project,
    document: DocId,
    variable: &str,
    text: &str,
) -> Result<Option<Edit>, String> {
    let kind = project
        .variable(variable)
        .map(|v| v.kind)
        .ok_or_else(|| format!("there is no variable {variable:?} any more"))?;
    let value = if text.trim().is_empty() {
        None
    } else {
        Some(Typed::parse(kind, text)?.canonical())
    };
    if value.as_deref() == project.variable_value(document, variable) {
        return Ok(None);
    }
    Ok(Some(Edit::SetVariableValue {
        document,
        variable: variable.to_string(),
        value,
    }))
}

fn edit_label(variable: &str, document: &str) -> String {
    format!("Set {variable} of {document}")
}

pub fn show(ui: &mut Ui, project: &Project, state: &mut VariablesState, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.heading("Document variables");
        let export = ui
            .add_enabled(
                !project.variables.is_empty(),
                egui::Button::new("Export CSV…"),
            )
            .on_hover_text(
                "Save every document's values as CSV (document,VARIABLE,…), as coda variables \
                 --export writes them; coda variables --import reads such a file back",
            );
        if export.clicked() {
            actions.push(Action::Export(Export::Variables));
        }
    });
    new_variable_row(ui, project, state, actions);
    new_group_row(ui, project, state, actions);
    if let Some(error) = &state.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    ui.separator();
    if project.variables.is_empty() && project.groups.is_empty() {
        ui.label(
            "No variables or groups yet: add them above, or import variables from a CSV with \
             `coda variables --import`.",
        );
        return;
    }
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("variables-table")
                .striped(true)
                .num_columns(project.variables.len() + project.groups.len() + 1)
                .show(ui, |ui| {
                    ui.strong("Document");
                    for variable in &project.variables {
                        ui.strong(format!("{} ({})", variable.name, variable.kind));
                    }
                    for group in &project.groups {
                        group_header(ui, group, actions);
                    }
                    ui.end_row();
                    for document in &project.documents {
                        ui.label(&document.name);
                        for variable in &project.variables {
                            cell(
                                ui,
                                project,
                                document.id,
                                &document.name,
                                variable,
                                state,
                                actions,
                            );
                        }
                        for group in &project.groups {
                            membership(ui, group, document.id, &document.name, actions);
                        }
                        ui.end_row();
                    }
                });
        });
}

/// A group's column head: its name, and a button that removes the group (not its documents).
fn group_header(ui: &mut Ui, group: &Group, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.strong(format!("{} (group)", group.name));
        let remove = ui
            .small_button("×")
            .on_hover_text("Remove the group (its documents stay in the project)");
        let name = format!("Remove group “{}”", group.name);
        remove.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        if remove.clicked() {
            actions.push(Action::Edit {
                edit: Edit::RemoveGroup(group.name.clone()),
                label: name,
            });
        }
    });
}

/// Whether a document is in a group, as a checkbox.
fn membership(
    ui: &mut Ui,
    group: &Group,
    document: DocId,
    document_name: &str,
    actions: &mut Vec<Action>,
) {
    let mut member = group.contains(document);
    let response = ui
        .checkbox(&mut member, "")
        .accessible_name(format!("{document_name} in group {}", group.name));
    if response.changed() {
        let label = if member {
            format!("Put {document_name} in group “{}”", group.name)
        } else {
            format!("Take {document_name} out of group “{}”", group.name)
        };
        actions.push(Action::Edit {
            edit: Edit::SetGroupMember {
                group: group.name.clone(),
                document,
                member,
            },
            label,
        });
    }
}

fn new_group_row(
    ui: &mut Ui,
    project: &Project,
    state: &mut VariablesState,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        let name_label = ui.label("New group");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.new_group)
                    .desired_width(140.0)
                    .hint_text("e.g. State media"),
            )
            .labelled_by(name_label.id);
        let name = state.new_group.trim().to_string();
        let problem = group_name_problem(&name).or_else(|| {
            project
                .group(&name)
                .map(|_| format!("there is a group {name:?} already"))
        });
        let add = ui
            .add_enabled(problem.is_none(), egui::Button::new("Add group"))
            .on_hover_text("Then tick the documents that belong to it")
            .on_disabled_hover_text(problem.clone().unwrap_or_default());
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (add.clicked() || entered) && problem.is_none() {
            actions.push(Action::Edit {
                edit: Edit::InsertGroup {
                    index: project.groups.len(),
                    group: Group {
                        name: name.clone(),
                        documents: Vec::new(),
                    },
                },
                label: format!("Add group “{name}”"),
            });
            state.new_group.clear();
        }
    });
}

fn new_variable_row(
    ui: &mut Ui,
    project: &Project,
    state: &mut VariablesState,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        let name_label = ui.label("New variable");
        ui.add(
            egui::TextEdit::singleline(&mut state.new_name)
                .desired_width(140.0)
                .hint_text("e.g. year"),
        )
        .labelled_by(name_label.id);
        let type_label = ui.label("of type");
        let kind = state.new_kind.unwrap_or(VariableType::Text);
        egui::ComboBox::from_id_salt("new-variable-type")
            .selected_text(kind.name())
            .show_ui(ui, |ui| {
                for option in VariableType::ALL {
                    if ui.selectable_label(kind == option, option.name()).clicked() {
                        state.new_kind = Some(option);
                    }
                }
            })
            .response
            .labelled_by(type_label.id);
        let name = state.new_name.trim().to_string();
        let problem = crate::model::variable_name_problem(&name).or_else(|| {
            project
                .variable(&name)
                .map(|_| format!("there is a variable {name:?} already"))
        });
        let add = ui
            .add_enabled(problem.is_none(), egui::Button::new("Add variable"))
            .on_disabled_hover_text(problem.unwrap_or_default());
        if add.clicked() {
            actions.push(Action::Edit {
                edit: Edit::InsertVariable {
                    index: project.variables.len(),
                    variable: Variable {
                        name: name.clone(),
                        kind,
                    },
                },
                label: format!("Add variable “{name}”"),
            });
            state.new_name.clear();
            state.error = None;
        }
    });
}

fn cell(
    ui: &mut Ui,
    project: &Project,
    document: DocId,
    document_name: &str,
    variable: &Variable,
    state: &mut VariablesState,
    actions: &mut Vec<Action>,
) {
    let name = format!("{} of {document_name}", variable.name);
    let stored = project
        .variable_value(document, &variable.name)
        .unwrap_or_default();
    if variable.kind == VariableType::YesNo {
        let mut chosen: Option<&str> = None;
        egui::ComboBox::from_id_salt(("variable-cell", document, &variable.name))
            .selected_text(stored)
            .width(70.0)
            .show_ui(ui, |ui| {
                for option in ["", "yes", "no"] {
                    let shown = if option.is_empty() { "(none)" } else { option };
                    if ui.selectable_label(stored == option, shown).clicked() {
                        chosen = Some(option);
                    }
                }
            })
            .response
            .accessible_name(name);
        if let Some(option) = chosen
            && let Ok(Some(edit)) = value_edit(project, document, &variable.name, option)
        {
            actions.push(Action::Edit {
                edit,
                label: edit_label(&variable.name, document_name),
            });
        }
        return;
    }
    let is_draft = |d: &(DocId, String, String)| d.0 == document && d.1 == variable.name;
    let mut text = match &state.draft {
        Some(d) if is_draft(d) => d.2.clone(),
        _ => stored.to_string(),
    };
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .desired_width(110.0)
                .hint_text(match variable.kind {
                    VariableType::Number => "number",
                    VariableType::Date => "YYYY-MM-DD",
                    _ => "",
                }),
        )
        .accessible_name(name);
    if response.has_focus() {
        state.draft = Some((document, variable.name.clone(), text.clone()));
    }
    let committed = response.lost_focus();
    if committed && state.draft.as_ref().is_some_and(is_draft) {
        state.draft = None;
        match value_edit(project, document, &variable.name, &text) {
            Ok(Some(edit)) => {
                state.error = None;
                actions.push(Action::Edit {
                    edit,
                    label: edit_label(&variable.name, document_name),
                });
            }
            Ok(None) => state.error = None,
            Err(expected) => {
                state.error = Some(format!(
                    "{} of {document_name} not changed: {expected}",
                    variable.name
                ))
            }
        }
    }
}
