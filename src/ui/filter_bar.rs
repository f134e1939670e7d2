//! One widget for "which documents and coders": documents, groups, conditions on document
//! variables (`year>=2018`) and coders, edited as a [`FilterSpec`]. The retrieval, search and
//! matrix views each hold one. The window only edits the spec: the rule that applies it is the
//! core's ([`DocumentFilter`]), so a view filters exactly as `coda … --document/--group/--where/
//! --coder` does.

use crate::analysis::filter::{DocumentFilter, FilterSpec, parse_condition};
use crate::model::Project;
use crate::wording::{join_names, plural};
use egui::{PopupCloseBehavior, Ui, WidgetInfo};

/// What separates conditions typed in the one field.
const SEPARATOR: char = ';';

#[derive(Default)]
pub struct FilterBar {
    pub spec: FilterSpec,
    /// The conditions as typed, separated by `;`: taken into `spec` on Enter or when the field
    /// loses focus, so that a half-typed condition is never applied.
    conditions: String,
    /// The filter compiled for (revision, spec), or why it cannot be.
    compiled: Option<(u64, FilterSpec, Result<DocumentFilter, String>)>,
}

impl FilterBar {
    /// The filter the spec describes in `project` (compiled once per revision and spec), or
    /// why it cannot be applied, in plain words.
    pub fn filter(&mut self, project: &Project, revision: u64) -> Result<&DocumentFilter, String> {
        let fresh = self
            .compiled
            .as_ref()
            .is_some_and(|(r, spec, _)| *r == revision && *spec == self.spec);
        if !fresh {
            let compiled = DocumentFilter::new(project, &self.spec);
            self.compiled = Some((revision, self.spec.clone(), compiled));
        }
        match &self.compiled.as_ref().expect("compiled above").2 {
            Ok(filter) => Ok(filter),
            Err(e) => Err(e.clone()),
        }
    }

    /// Take what is typed in the conditions field into the spec; whether the spec changed.
    fn commit_conditions(&mut self) -> bool {
        let conditions = split_conditions(&self.conditions);
        let changed = conditions != self.spec.conditions;
        self.spec.conditions = conditions;
        changed
    }
}

fn split_conditions(text: &str) -> Vec<String> {
    text.split(SEPARATOR)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// The spec in words, for a title: "year>=2018; group State media; coder Aigerim"; `None`
/// when it keeps everything.
pub fn describe(spec: &FilterSpec) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let named = |one: &str, many: &str, names: &[String]| {
        (!names.is_empty()).then(|| {
            format!(
                "{} {}",
                if names.len() == 1 { one } else { many },
                join_names(names)
            )
        })
    };
    parts.extend(named("document", "documents", &spec.documents));
    parts.extend(named("group", "groups", &spec.groups));
    parts.extend(spec.conditions.iter().cloned());
    parts.extend(named("coder", "coders", &spec.coders));
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A combo box of names to tick (any number; none ticked: all), named for screen readers and
/// tests as `name`. Whether the ticked names changed.
fn pick_names(
    ui: &mut Ui,
    id_salt: &str,
    name: &str,
    all: &str,
    names: Vec<String>,
    ticked: &mut Vec<String>,
) -> bool {
    let summary = match ticked.len() {
        0 => all.to_string(),
        1 => ticked[0].clone(),
        n => format!("{n} of {}", names.len()),
    };
    let mut changed = false;
    let response = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(&summary)
        .truncate()
        .width(130.0)
        .close_behavior(PopupCloseBehavior::CloseOnClickOutside)
        .show_ui(ui, |ui| {
            if ui
                .add_enabled(!ticked.is_empty(), egui::Button::new(all))
                .clicked()
            {
                ticked.clear();
                changed = true;
            }
            ui.separator();
            for option in &names {
                let mut on = ticked.contains(option);
                if ui.checkbox(&mut on, option).changed() {
                    if on {
                        ticked.push(option.clone());
                    } else {
                        ticked.retain(|t| t != option);
                    }
                    changed = true;
                }
            }
        })
        .response;
    // Ticked in the order of the list, whatever order they were ticked in.
    ticked.sort_by_key(|t| names.iter().position(|n| n == t));
    response.widget_info(|| {
        let mut info = WidgetInfo::labeled(egui::Role::ComboBox, ui.is_enabled(), name);
        info.current_text_value = Some(summary.clone());
        info
    });
    changed
}

/// The bar, on one wrapping line, with what is wrong with the filter below it; whether the spec
/// changed. `id_salt` keeps the bars of different views apart; `with_coders` offers the coders
/// (a text search has none to filter).
pub fn show(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    bar: &mut FilterBar,
    id_salt: &str,
    with_coders: bool,
) -> bool {
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        ui.label("Filter:");
        let documents = project.documents.iter().map(|d| d.name.clone()).collect();
        changed |= pick_names(
            ui,
            &format!("{id_salt}-documents"),
            "Filter by document",
            "all documents",
            documents,
            &mut bar.spec.documents,
        );
        let groups: Vec<String> = project.groups.iter().map(|g| g.name.clone()).collect();
        ui.add_enabled_ui(!groups.is_empty() || !bar.spec.groups.is_empty(), |ui| {
            changed |= pick_names(
                ui,
                &format!("{id_salt}-groups"),
                "Filter by group",
                "any group",
                groups,
                &mut bar.spec.groups,
            );
        })
        .response
        .on_disabled_hover_text(
            "The project has no document groups: add them in View > Variables Panel (or coda groups --add)",
        );
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut bar.conditions)
                    .desired_width(170.0)
                    .hint_text("where year>=2018"),
            )
            .on_hover_text(
                "Only documents whose variables meet these conditions: VARIABLE OP VALUE, \
                 OP one of = != < <= > >=, several separated by ; (Enter applies them)",
            );
        field.widget_info(|| {
            let mut info = WidgetInfo::labeled(egui::Role::TextInput, true, "Filter condition");
            info.current_text_value = Some(bar.conditions.clone());
            info
        });
        if field.lost_focus() {
            changed |= bar.commit_conditions();
        }
        if with_coders {
            let coders = project.coders.iter().map(|c| c.name.clone()).collect();
            changed |= pick_names(
                ui,
                &format!("{id_salt}-coders"),
                "Filter by coder",
                "all coders",
                coders,
                &mut bar.spec.coders,
            );
        }
        if ui
            .add_enabled(
                bar.spec != FilterSpec::default() || !bar.conditions.is_empty(),
                egui::Button::new("Clear filter"),
            )
            .on_hover_text("Every document and coder")
            .clicked()
        {
            bar.spec = FilterSpec::default();
            bar.conditions.clear();
            changed = true;
        }
    });
    // A condition being typed is checked as it is typed; the whole filter (names, variables,
    // values) once applied.
    let typing = split_conditions(&bar.conditions)
        .iter()
        .find_map(|c| parse_condition(c).err());
    let problem = typing.or_else(|| bar.filter(project, revision).err());
    if let Some(problem) = problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    } else if let Ok(filter) = bar.filter(project, revision)
        && !filter.is_everything()
    {
        let kept = filter.documents(project).count();
        ui.weak(format!(
            "Keeps {kept} of {}",
            plural(project.documents.len(), "document", "documents")
        ));
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_are_split_at_semicolons_and_trimmed() {
        assert_eq!(
            split_conditions(" year>=2013 ; year<2018;; "),
            vec!["year>=2013".to_string(), "year<2018".to_string()]
        );
        assert!(split_conditions("  ").is_empty());
    }

    #[test]
    fn a_spec_is_described_in_words() {
        assert_eq!(describe(&FilterSpec::default()), None);
        let spec = FilterSpec {
            conditions: vec!["year>=2018".into()],
            groups: vec!["State media".into()],
            documents: vec![],
            coders: vec!["Aigerim".into(), "Bakyt".into()],
        };
        assert_eq!(
            describe(&spec).unwrap(),
            "group State media; year>=2018; coders Aigerim and Bakyt"
        );
    }
}
