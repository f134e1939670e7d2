//! Writing document variables, their values and groups (`<Variables>`, `<Cases>`, `<Sets>`),
//! and the document properties, which travel as text variables beside them.
//!
//! Each document's values are written in a `Case` of its own, without a name, naming the
//! document by one `SourceRef`: the layout MAXQDA writes for document variables and QualCoder
//! reads as a file's attributes. A group is a `Set` with a `MemberSource` per document, as
//! ATLAS.ti writes document groups.

use super::report::ExportReport;
use super::variables::{
    RefiType, case_guid, fits_decimal, group_guid, property_guid, value_element, variable_guid,
};
use super::xml_write::XmlWriter;
use crate::model::{DocId, Project, Typed, VariableType, VariableValue};
use crate::wording::{join_names, plural};
use std::collections::{BTreeSet, HashMap};

/// A `<Variable>` to write.
struct Written<'p> {
    guid: String,
    name: String,
    refi_type: RefiType,
    /// Coda's type of a document variable; `None` for a document property.
    coda: Option<VariableType>,
    property: Option<&'p str>,
}

/// The variables of an export, decided once: their GUIDs, names and types.
pub struct VariablePlan<'p> {
    written: Vec<Written<'p>>,
    /// A document variable's position in `written`, by name.
    by_name: HashMap<&'p str, usize>,
    /// Each document's values, in the project's order of variables.
    values: HashMap<DocId, Vec<&'p VariableValue>>,
}

impl<'p> VariablePlan<'p> {
    pub fn new(project: &'p Project, report: &mut ExportReport) -> Self {
        let mut values: HashMap<DocId, Vec<&VariableValue>> = HashMap::new();
        for value in &project.values {
            values.entry(value.document).or_default().push(value);
        }
        let mut written = Vec::new();
        let mut by_name = HashMap::new();
        for variable in &project.variables {
            let refi_type = match variable.kind {
                VariableType::Text => RefiType::Text,
                VariableType::Date => RefiType::Date,
                VariableType::YesNo => RefiType::Boolean,
                VariableType::Number => {
                    // Values written as text (too many digits) do not count.
                    let fraction = project.values.iter().any(|v| {
                        v.variable == variable.name
                            && Typed::parse(VariableType::Number, &v.value)
                                .map(|t| t.canonical())
                                .is_ok_and(|c| fits_decimal(&c) && c.contains('.'))
                    });
                    if fraction {
                        RefiType::Float
                    } else {
                        RefiType::Integer
                    }
                }
            };
            by_name.insert(variable.name.as_str(), written.len());
            written.push(Written {
                guid: variable_guid(&variable.name),
                name: variable.name.clone(),
                refi_type,
                coda: Some(variable.kind),
                property: None,
            });
        }
        let properties: BTreeSet<&str> = project
            .documents
            .iter()
            .flat_map(|d| d.properties.keys().map(String::as_str))
            .collect();
        let mut renamed = Vec::new();
        for property in properties {
            let mut name = property.to_string();
            if project.variable(property).is_some() {
                name = format!("{property} (document property)");
                renamed.push(format!("{property:?} as {name:?}"));
            }
            written.push(Written {
                guid: property_guid(property),
                name,
                refi_type: RefiType::Text,
                coda: None,
                property: Some(property),
            });
        }
        for values in values.values_mut() {
            values.sort_by_key(|v| by_name.get(v.variable.as_str()).copied());
        }
        let plan = Self {
            written,
            by_name,
            values,
        };
        plan.report(project, renamed, report);
        plan
    }

    /// The names of the properties written as variables (for the "Coda details" note).
    pub fn property_names(&self) -> Vec<String> {
        self.written
            .iter()
            .filter_map(|w| w.property.map(str::to_string))
            .collect()
    }

    fn report(&self, project: &Project, renamed: Vec<String>, report: &mut ExportReport) {
        report.variables = project.variables.len();
        report.groups = project.groups.len();
        if !project.variables.is_empty() {
            report.lines.push(format!(
                "{} and {}: <Variable>s (a number as Integer when every value is whole, else \
                 Float; yes/no as Boolean), each document's values in an unnamed <Case> that \
                 names the document by its <SourceRef>, as MAXQDA writes document variables",
                plural(project.variables.len(), "variable", "variables"),
                plural(project.values.len(), "value", "values")
            ));
        }
        if !renamed.is_empty() {
            report.lines.push(format!(
                "document properties named like a document variable, written as text \
                 variables of other names (Coda tells them apart by their GUIDs): {}",
                join_names(&renamed)
            ));
        }
        let mut as_text: Vec<String> = Vec::new();
        for value in &project.values {
            let Some(&index) = self.by_name.get(value.variable.as_str()) else {
                continue;
            };
            let written = &self.written[index];
            let Some(kind) = written.coda else {
                continue;
            };
            let integer = written.refi_type == RefiType::Integer;
            if value_element(kind, integer, &value.value).0 == "TextValue"
                && kind != VariableType::Text
            {
                let document = project
                    .document(value.document)
                    .map_or(String::new(), |d| d.name.clone());
                as_text.push(format!("{:?} of {:?}", value.variable, document));
            }
        }
        if !as_text.is_empty() {
            report.lines.push(format!(
                "{} no form in {}: written as <TextValue>s, which Coda reads back as the \
                 variable's type (a number of more than 18 digits, the year 0000): {}",
                plural(as_text.len(), "value has", "values have"),
                if as_text.len() == 1 {
                    "its element"
                } else {
                    "their elements"
                },
                join_names(&as_text)
            ));
        }
        if !project.groups.is_empty() {
            report.lines.push(format!(
                "{}: <Set>s with a <MemberSource> for each document, as ATLAS.ti writes \
                 document groups",
                plural(project.groups.len(), "group", "groups")
            ));
        }
    }

    /// `<Variables>`, when there are any.
    pub fn write_variables(&self, w: &mut XmlWriter) {
        if self.written.is_empty() {
            return;
        }
        w.start("Variables", &[]);
        for variable in &self.written {
            w.empty(
                "Variable",
                &[
                    ("guid", Some(&variable.guid)),
                    ("name", Some(&variable.name)),
                    ("typeOfVariable", Some(variable.refi_type.name())),
                ],
            );
        }
        w.end();
    }

    /// `<Cases>`: a case for each document with values or properties.
    pub fn write_cases(&self, w: &mut XmlWriter, project: &Project) {
        let mut open = false;
        for document in &project.documents {
            let values = self.values.get(&document.id);
            if values.is_none() && document.properties.is_empty() {
                continue;
            }
            if !open {
                w.start("Cases", &[]);
                open = true;
            }
            w.start("Case", &[("guid", Some(&case_guid(document.id)))]);
            for value in values.into_iter().flatten() {
                let Some(&index) = self.by_name.get(value.variable.as_str()) else {
                    continue;
                };
                let written = &self.written[index];
                let Some(kind) = written.coda else {
                    continue;
                };
                let integer = written.refi_type == RefiType::Integer;
                let (element, text) = value_element(kind, integer, &value.value);
                write_value(w, &written.guid, element, &text);
            }
            for (name, value) in &document.properties {
                write_value(w, &property_guid(name), "TextValue", value);
            }
            w.empty(
                "SourceRef",
                &[("targetGUID", Some(&super::guid_text(document.id.0)))],
            );
            w.end();
        }
        if open {
            w.end();
        }
    }
}

fn write_value(w: &mut XmlWriter, variable: &str, element: &'static str, text: &str) {
    w.start("VariableValue", &[]);
    w.empty("VariableRef", &[("targetGUID", Some(variable))]);
    w.text_element(element, text);
    w.end();
}

/// `<Sets>`: a set for each group, when there are any.
pub fn write_sets(w: &mut XmlWriter, project: &Project) {
    if project.groups.is_empty() {
        return;
    }
    w.start("Sets", &[]);
    for group in &project.groups {
        w.start(
            "Set",
            &[
                ("guid", Some(&group_guid(&group.name))),
                ("name", Some(&group.name)),
            ],
        );
        for document in &group.documents {
            w.empty(
                "MemberSource",
                &[("targetGUID", Some(&super::guid_text(document.0)))],
            );
        }
        w.end();
    }
    w.end();
}
