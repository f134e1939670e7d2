//! Variables and their values. `<Variables>` is read first (sources and cases refer to it);
//! each `VariableValue` of a source or a case is kept until the whole file is read. Then every
//! variable becomes a document variable (in Coda's own files, the ones its "Coda details" note
//! names are document properties), its type is decided, and each value is checked against it
//! and put on its document. A value that cannot be read, a reference to no variable, and a
//! second, different value for the same document and variable are skipped with a line naming
//! the element.

use super::{Importer, guid_key};
use crate::io::refi::variables::{RefiType, VALUE_ELEMENTS, day_of, property_guid, same_decimal};
use crate::model::{DocId, Typed, VARIABLE_NAME_FORBIDDEN, Variable, VariableType, VariableValue};
use crate::wording::{one_line, plural};
use std::collections::{BTreeMap, HashMap};

/// A `<Variable>` of the file.
pub(super) struct FileVariable {
    /// The name as written.
    name: String,
    /// `None`: missing, or not one of the six.
    refi_type: Option<RefiType>,
    written_type: String,
    guid: Option<String>,
}

/// A value read from a source or a case, applied when the whole file is read.
pub(super) struct PendingValue {
    document: DocId,
    /// The variable (an index into the file's variables).
    variable: usize,
    /// The value's element (`TextValue`, …).
    element: String,
    text: String,
    /// The source or case it came from, for report lines.
    owner: String,
}

/// What a file's variable became.
enum Role {
    /// A document property of this name (Coda's own files).
    Property(String),
    /// A document variable (its index in the project's variables).
    Variable(usize),
    /// Nothing (reported).
    None,
}

impl Importer<'_> {
    pub(super) fn read_variables(&mut self, variables: usize) {
        let tree = self.tree;
        for (index, element) in tree.children(variables) {
            if &*element.name != "Variable" {
                self.report
                    .skip(format!("<{}> in <Variables>", one_line(&element.name, 40)));
                continue;
            }
            let name = element.attr("name").unwrap_or_default().to_string();
            let label = format!("Variable {:?}", one_line(&name, 60));
            let guid = element.attr("guid").map(guid_key);
            match &guid {
                None => self.report.change(format!(
                    "{label}: no guid, so no value can name it; defined without values"
                )),
                Some(key) if self.variable_keys.contains_key(key) => {
                    self.report.skip(format!(
                        "{label}: its GUID {key} names an earlier variable; its values go to that one"
                    ));
                    continue;
                }
                Some(key) => {
                    self.variable_keys
                        .insert(key.clone(), self.file_variables.len());
                }
            }
            if let Some(description) = tree.child_text(index, "Description") {
                self.memo_additions.push(format!("{label}: {description}"));
                self.report.change(format!(
                    "{label}: its description added to the project memo (Coda's variables have none)"
                ));
            }
            let written_type = element.attr("typeOfVariable").unwrap_or_default();
            self.file_variables.push(FileVariable {
                name,
                refi_type: RefiType::parse(written_type),
                written_type: written_type.to_string(),
                guid,
            });
        }
    }

    /// A `VariableValue` (`index`) of a source or case (`owner`), for each of `documents`.
    pub(super) fn variable_value(&mut self, index: usize, documents: &[DocId], owner: &str) {
        let tree = self.tree;
        let target = tree
            .child(index, "VariableRef")
            .and_then(|(_, r)| r.attr("targetGUID"))
            .unwrap_or_default();
        let Some(&variable) = self.variable_keys.get(&guid_key(target)) else {
            self.report.skip(format!(
                "VariableValue in {owner}: no variable has the GUID {:?}",
                one_line(target, 60)
            ));
            return;
        };
        let mut value = None;
        let mut unread = false;
        for (_, element) in tree.children(index) {
            match &*element.name {
                "VariableRef" => {}
                name if VALUE_ELEMENTS.contains(&name) && value.is_none() => {
                    value = Some((name.to_string(), element.text.clone()));
                }
                name if VALUE_ELEMENTS.contains(&name) => self.report.skip(format!(
                    "<{name}> in a VariableValue of {owner}: a second value (a VariableValue \
                     holds one); the first is read"
                )),
                other => {
                    unread = true;
                    self.report.skip(format!(
                        "<{}> in a VariableValue of {owner}: not a value Coda reads",
                        one_line(other, 40)
                    ));
                }
            }
        }
        if value.is_none() && unread {
            return;
        }
        let (element, text) = value.unwrap_or_default();
        if text.trim().is_empty() {
            self.empty_values += 1;
            return;
        }
        for &document in documents {
            self.pending_values.push(PendingValue {
                document,
                variable,
                element: element.clone(),
                text: text.clone(),
                owner: owner.to_string(),
            });
        }
    }

    /// Every variable of the file as a document variable or property, and every value read
    /// put on its document.
    pub(super) fn resolve_variables(&mut self) {
        let file_variables = std::mem::take(&mut self.file_variables);
        let roles = self.roles(&file_variables);
        let positions: HashMap<DocId, usize> = self
            .project
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect();
        let mut values: BTreeMap<(DocId, String), (String, String)> = BTreeMap::new();
        for pending in std::mem::take(&mut self.pending_values) {
            let Some(&position) = positions.get(&pending.document) else {
                continue;
            };
            let file_variable = &file_variables[pending.variable];
            let element = &pending.element;
            let (key, value) = match &roles[pending.variable] {
                Role::None => continue,
                Role::Property(name) => {
                    let one_line_value = on_one_line(&pending.text);
                    if one_line_value != pending.text {
                        self.report.change(format!(
                            "{element} of the property {name:?} in {}: kept on one line",
                            pending.owner
                        ));
                    }
                    let document = &mut self.project.documents[position];
                    match document.properties.get(name) {
                        Some(existing) if *existing != one_line_value => {
                            self.report.skip(format!(
                                "{element} of the property {name:?} in {}: {:?}, but {:?} already \
                                 has {:?}; not taken",
                                pending.owner,
                                one_line(&one_line_value, 60),
                                document.name,
                                one_line(existing, 60)
                            ));
                        }
                        _ => {
                            document.properties.insert(name.clone(), one_line_value);
                        }
                    }
                    continue;
                }
                Role::Variable(index) => {
                    let variable = &self.project.variables[*index];
                    let label = || {
                        format!(
                            "{element} of variable {:?} in {}",
                            variable.name, pending.owner
                        )
                    };
                    match read_value(variable.kind, file_variable.refi_type, &pending.text) {
                        Ok((value, None)) => (variable.name.clone(), value),
                        Ok((value, Some(change))) => {
                            self.report.change(format!("{}: {change}", label()));
                            (variable.name.clone(), value)
                        }
                        Err(reason) => {
                            self.report.skip(format!("{}: {reason}; skipped", label()));
                            continue;
                        }
                    }
                }
            };
            match values.get(&(pending.document, key.clone())) {
                Some((existing, from)) if *existing != value => {
                    self.report.skip(format!(
                        "{element} of variable {key:?} in {}: {:?} for {:?}, which already has \
                         {:?} from {from}; not taken",
                        pending.owner,
                        one_line(&value, 60),
                        self.project.documents[position].name,
                        one_line(existing, 60)
                    ));
                }
                Some(_) => {}
                None => {
                    values.insert((pending.document, key), (value, pending.owner));
                }
            }
        }
        if self.empty_values > 0 {
            self.report.skip(format!(
                "{}: nothing to keep",
                plural(
                    self.empty_values,
                    "VariableValue without a value",
                    "VariableValues without a value"
                )
            ));
        }
        self.project.values = values
            .into_iter()
            .map(|((document, variable), (value, _))| VariableValue {
                document,
                variable,
                value,
            })
            .collect();
        self.report.variables = self.project.variables.len();
    }

    /// What each of the file's variables becomes; the document variables are added to the
    /// project.
    fn roles(&mut self, file_variables: &[FileVariable]) -> Vec<Role> {
        // Coda's own note says which variables are properties; a note from before Coda had
        // document variables means all of them; another program's file has none.
        let listed: Option<HashMap<String, String>> = match &self.details {
            None => Some(HashMap::new()),
            Some(details) => details.property_variables.as_ref().map(|names| {
                names
                    .iter()
                    .map(|n| (guid_key(&property_guid(n)), n.clone()))
                    .collect()
            }),
        };
        // Whether a variable has a value that is not a day at midnight (for DateTime ones).
        let mut timed = vec![false; file_variables.len()];
        for pending in &self.pending_values {
            if day_of(&pending.text).is_none_or(|day| day.time) {
                timed[pending.variable] = true;
            }
        }
        let mut roles = Vec::with_capacity(file_variables.len());
        for (index, file_variable) in file_variables.iter().enumerate() {
            let label = format!("Variable {:?}", one_line(&file_variable.name, 60));
            let property = match &listed {
                None => Some(file_variable.name.as_str()),
                Some(listed) => file_variable
                    .guid
                    .as_ref()
                    .and_then(|g| listed.get(g))
                    .map(String::as_str),
            };
            if let Some(property) = property {
                roles.push(match property_key(property) {
                    Some(key) => {
                        if key != property {
                            self.report
                                .change(format!("{label}: kept as the document property {key:?}"));
                        }
                        Role::Property(key)
                    }
                    None => {
                        self.report.skip(format!(
                            "{label}: a name no document property can have; its values are not read"
                        ));
                        Role::None
                    }
                });
                continue;
            }
            let kind = match file_variable.refi_type {
                Some(RefiType::DateTime) if timed[index] => {
                    self.report.change(format!(
                        "{label}: a DateTime variable with times of day; read as text, each \
                         value as written (Coda's dates are days)"
                    ));
                    VariableType::Text
                }
                Some(RefiType::DateTime) => {
                    self.report.change(format!(
                        "{label}: a DateTime variable whose values are all at midnight; read as \
                         a date"
                    ));
                    VariableType::Date
                }
                Some(refi_type) => refi_type.coda_type(),
                None => {
                    self.report.change(format!(
                        "{label}: typeOfVariable {:?} is not one of Text, Boolean, Integer, \
                         Float, Date, DateTime; read as text",
                        one_line(&file_variable.written_type, 40)
                    ));
                    VariableType::Text
                }
            };
            let name = self.variable_name(&file_variable.name, &label);
            roles.push(Role::Variable(self.project.variables.len()));
            self.project.variables.push(Variable { name, kind });
        }
        roles
    }

    /// A name Coda can give a variable: control characters as spaces, Coda's separators
    /// (`: = ! < >`) as their full-width forms, unique (" (2)").
    fn variable_name(&mut self, written: &str, label: &str) -> String {
        let mut name: String = written
            .chars()
            .map(|c| match c {
                c if c.is_control() => ' ',
                c if VARIABLE_NAME_FORBIDDEN.contains(&c) => {
                    // ':' U+003A … '>' U+003E have full-width forms at U+FF1A … U+FF1E, '!'
                    // (U+0021) at U+FF01.
                    char::from_u32(c as u32 + 0xFEE0).unwrap_or('_')
                }
                c => c,
            })
            .collect::<String>()
            .trim()
            .to_string();
        if name.is_empty() {
            name = format!("Variable {}", self.project.variables.len() + 1);
        }
        let base = name.clone();
        let mut n = 2;
        while self.project.variable(&name).is_some() {
            name = format!("{base} ({n})");
            n += 1;
        }
        if name != written {
            self.report.change(format!(
                "{label}: Coda's variable names hold no line breaks, none of : = ! < > and are \
                 unique; named {name:?}"
            ));
        }
        name
    }
}

/// A value as Coda stores it for a variable of `kind` (first), and what was changed in reading
/// it (second); the error says why it cannot be read.
fn read_value(
    kind: VariableType,
    refi_type: Option<RefiType>,
    text: &str,
) -> Result<(String, Option<String>), String> {
    let text = text.trim();
    match kind {
        VariableType::Text => {
            let line = on_one_line(text);
            let change = (line != text).then(|| "kept on one line".to_string());
            Typed::parse(kind, &line).map(|v| (v.canonical(), change))
        }
        VariableType::Number => {
            let canonical = Typed::parse(kind, text)?.canonical();
            let change = (!same_decimal(text, &canonical))
                .then(|| format!("{text:?} read as the number {canonical}"));
            Ok((canonical, change))
        }
        VariableType::Date => {
            let Some(day) = day_of(text) else {
                return Err(Typed::parse(kind, text).err().unwrap_or_else(|| {
                    format!("{text:?} is not a date; expected {}", kind.expected())
                }));
            };
            // A DateTime variable read as dates says so once, for all its values.
            let change = match (refi_type == Some(RefiType::DateTime), day.time, day.zone) {
                (false, true, _) => Some(format!("{text:?}: its time of day not kept")),
                (false, false, true) => Some(format!("{text:?}: its time zone not kept")),
                _ => None,
            };
            Ok((day.date.to_string(), change))
        }
        VariableType::YesNo => match text {
            "1" => Ok(("yes".into(), None)),
            "0" => Ok(("no".into(), None)),
            _ => Typed::parse(kind, text).map(|v| (v.canonical(), None)),
        },
    }
}

/// Text with its line breaks and other control characters (and the spaces around them) as
/// one space; text without any is returned as it is.
fn on_one_line(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A property name Coda can hold (lower-case letters, digits and `_`), if one can be made.
fn property_key(name: &str) -> Option<String> {
    let key: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    (!key.trim_matches('_').is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_as_their_variables_type() {
        let read = |kind, refi, text| read_value(kind, refi, text);
        let number = VariableType::Number;
        assert_eq!(read(number, None, " 2.50 "), Ok(("2.5".into(), None)));
        assert_eq!(
            read(number, None, "1E3"),
            Ok((
                "1000".into(),
                Some("\"1E3\" read as the number 1000".into())
            ))
        );
        assert!(
            read(number, None, "NaN")
                .unwrap_err()
                .contains("not a number")
        );
        let yes_no = VariableType::YesNo;
        assert_eq!(read(yes_no, None, "1"), Ok(("yes".into(), None)));
        assert_eq!(read(yes_no, None, "false"), Ok(("no".into(), None)));
        assert!(read(yes_no, None, "maybe").is_err());
        let date = VariableType::Date;
        assert_eq!(
            read(date, Some(RefiType::DateTime), "2019-03-01T00:00:00Z"),
            Ok(("2019-03-01".into(), None))
        );
        assert_eq!(
            read(date, Some(RefiType::Date), "2019-03-01Z"),
            Ok((
                "2019-03-01".into(),
                Some("\"2019-03-01Z\": its time zone not kept".into())
            ))
        );
        assert!(
            read(date, None, "1 March 2019")
                .unwrap_err()
                .contains("not a date")
        );
        assert_eq!(
            read(VariableType::Text, None, "two\nlines"),
            Ok(("two lines".into(), Some("kept on one line".into())))
        );
        assert_eq!(
            read(VariableType::Text, None, "two  spaces"),
            Ok(("two  spaces".into(), None))
        );
        assert_eq!(property_key("Date"), Some("date".into()));
        assert_eq!(property_key("--"), None);
    }
}
