//! Document variables and groups: what a study knows about each document beyond its text.
//!
//! A **variable** (an attribute: the outlet, the year, whether it is state media) is defined once
//! per project with a type (text, number, date, yes/no); each document has at most one value of
//! it. A **group** is a named set of documents; a document may be in any number of groups.
//! Values are kept as text in their canonical form (`2018`, `2013-05-01`, `yes`) and read as
//! typed values ([`Typed`]) to compare them.

use crate::model::{DocId, Project};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// What kind of values a variable holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum VariableType {
    Text,
    Number,
    Date,
    YesNo,
}

impl VariableType {
    pub const ALL: [VariableType; 4] = [
        VariableType::Text,
        VariableType::Number,
        VariableType::Date,
        VariableType::YesNo,
    ];

    /// What the type is called on the command line, in CSV headers and in the window.
    pub fn name(self) -> &'static str {
        match self {
            VariableType::Text => "text",
            VariableType::Number => "number",
            VariableType::Date => "date",
            VariableType::YesNo => "yes/no",
        }
    }

    /// The type a name stands for: `text`, `number`, `date`, `yes/no` (also `yesno`, `boolean`).
    pub fn from_name(name: &str) -> Option<VariableType> {
        match name.trim().to_lowercase().as_str() {
            "text" => Some(VariableType::Text),
            "number" => Some(VariableType::Number),
            "date" => Some(VariableType::Date),
            "yes/no" | "yesno" | "boolean" => Some(VariableType::YesNo),
            _ => None,
        }
    }

    /// What a value of this type looks like, for messages.
    pub fn expected(self) -> &'static str {
        match self {
            VariableType::Text => "one line of text",
            VariableType::Number => "a number such as 2018 or 3.5",
            VariableType::Date => "a date written YYYY-MM-DD, such as 2018-03-14",
            VariableType::YesNo => "yes or no",
        }
    }

    /// The narrowest type all `values` (non-empty) are valid in: number, else date, else
    /// yes/no, else text. No values: text.
    pub fn infer<'a>(values: impl IntoIterator<Item = &'a str>) -> VariableType {
        let values: Vec<&str> = values
            .into_iter()
            .filter(|v| !v.trim().is_empty())
            .collect();
        if values.is_empty() {
            return VariableType::Text;
        }
        [
            VariableType::Number,
            VariableType::Date,
            VariableType::YesNo,
        ]
        .into_iter()
        .find(|&kind| values.iter().all(|v| Typed::parse(kind, v).is_ok()))
        .unwrap_or(VariableType::Text)
    }
}

impl fmt::Display for VariableType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A variable of the project: its name and the type of its values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variable {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: VariableType,
}

/// One document's value of one variable (one line of the project file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariableValue {
    pub document: DocId,
    pub variable: String,
    /// The value as text, valid for the variable's type.
    pub value: String,
}

/// A named set of documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    /// The members, sorted by id, each once.
    #[serde(default)]
    pub documents: Vec<DocId>,
}

impl Group {
    pub fn contains(&self, document: DocId) -> bool {
        self.documents.binary_search(&document).is_ok()
    }
}

/// A value read as its type, to compare values of one variable.
#[derive(Clone, Debug, PartialEq)]
pub enum Typed {
    Text(String),
    Number(f64),
    /// Year, month, day.
    Date(i32, u32, u32),
    YesNo(bool),
}

impl Typed {
    /// `text` read as a value of `kind`; the error says what was expected.
    pub fn parse(kind: VariableType, text: &str) -> Result<Typed, String> {
        let text = text.trim();
        let wrong = || {
            format!(
                "{:?} is not {}; expected {}",
                crate::wording::one_line(text, 60),
                match kind {
                    VariableType::Text => "one line of text",
                    VariableType::Number => "a number",
                    VariableType::Date => "a date",
                    VariableType::YesNo => "yes or no",
                },
                kind.expected()
            )
        };
        if text.is_empty() {
            return Err(format!("the value is empty; expected {}", kind.expected()));
        }
        match kind {
            VariableType::Text if text.chars().any(char::is_control) => Err(wrong()),
            VariableType::Text => Ok(Typed::Text(text.to_string())),
            VariableType::Number => {
                let plain = text
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
                match text.parse::<f64>() {
                    Ok(n) if plain && n.is_finite() => {
                        Ok(Typed::Number(if n == 0.0 { 0.0 } else { n }))
                    }
                    _ => Err(wrong()),
                }
            }
            VariableType::Date => parse_date(text)
                .map(|(y, m, d)| Typed::Date(y, m, d))
                .ok_or_else(wrong),
            VariableType::YesNo => match text.to_lowercase().as_str() {
                "yes" | "true" => Ok(Typed::YesNo(true)),
                "no" | "false" => Ok(Typed::YesNo(false)),
                _ => Err(wrong()),
            },
        }
    }

    /// The canonical text of the value: how the project file and exports write it.
    pub fn canonical(&self) -> String {
        match self {
            Typed::Text(t) => t.clone(),
            Typed::Number(n) => format!("{n}"),
            Typed::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            Typed::YesNo(true) => "yes".into(),
            Typed::YesNo(false) => "no".into(),
        }
    }

    /// The order of two values of one type (text by Unicode code points; no before yes);
    /// `None` for values of different types.
    pub fn compare(&self, other: &Typed) -> Option<Ordering> {
        match (self, other) {
            (Typed::Text(a), Typed::Text(b)) => Some(a.cmp(b)),
            (Typed::Number(a), Typed::Number(b)) => a.partial_cmp(b),
            (Typed::Date(a, b, c), Typed::Date(x, y, z)) => Some((a, b, c).cmp(&(x, y, z))),
            (Typed::YesNo(a), Typed::YesNo(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

/// `YYYY-MM-DD` with a real month and day (leap years counted).
fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || y.len() != 4
        || m.len() != 2
        || d.len() != 2
        || ![y, m, d]
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// The canonical text of `text` as a value of `kind`, or what was expected.
pub fn canonical_value(kind: VariableType, text: &str) -> Result<String, String> {
    Typed::parse(kind, text).map(|v| v.canonical())
}

/// Characters a variable name cannot hold: they separate a name from its type in a CSV header
/// (`:`) and from a value in a condition (`year>=2018`).
pub const VARIABLE_NAME_FORBIDDEN: [char; 5] = [':', '=', '!', '<', '>'];

/// Why `name` cannot name a variable, if it cannot.
pub fn variable_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("a variable's name cannot be empty".into());
    }
    if name.trim() != name {
        return Some(format!(
            "variable name {name:?} begins or ends with a space"
        ));
    }
    if name.chars().any(char::is_control) {
        return Some(format!(
            "variable name {name:?} holds a line break or control character"
        ));
    }
    if let Some(c) = name.chars().find(|c| VARIABLE_NAME_FORBIDDEN.contains(c)) {
        return Some(format!(
            "variable name {name:?} holds {c:?}; a variable's name cannot hold any of : = ! < >"
        ));
    }
    None
}

/// Why `name` cannot name a group, if it cannot.
pub fn group_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("a group's name cannot be empty".into());
    }
    if name.trim() != name {
        return Some(format!("group name {name:?} begins or ends with a space"));
    }
    if name.chars().any(char::is_control) {
        return Some(format!(
            "group name {name:?} holds a line break or control character"
        ));
    }
    None
}

impl Project {
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    pub fn variable_index(&self, name: &str) -> Option<usize> {
        self.variables.iter().position(|v| v.name == name)
    }

    /// Where the value of (document, variable) is or would go in `values` (kept sorted by
    /// document id, then variable name).
    pub fn value_position(&self, document: DocId, variable: &str) -> Result<usize, usize> {
        self.values
            .binary_search_by(|v| (v.document, v.variable.as_str()).cmp(&(document, variable)))
    }

    /// A document's value of a variable, as stored.
    pub fn variable_value(&self, document: DocId, variable: &str) -> Option<&str> {
        self.value_position(document, variable)
            .ok()
            .map(|i| self.values[i].value.as_str())
    }

    /// A document's value of a variable, read as its type (`None` without a value, or for a
    /// value the variable's type does not read, which validation refuses).
    pub fn typed_value(&self, document: DocId, variable: &Variable) -> Option<Typed> {
        let text = self.variable_value(document, &variable.name)?;
        Typed::parse(variable.kind, text).ok()
    }

    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }

    pub fn group_index(&self, name: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.name == name)
    }

    /// The values in the canonical order of project files: document order, then variable
    /// order.
    pub fn values_sorted(&self) -> Vec<&VariableValue> {
        let doc_pos: std::collections::HashMap<DocId, usize> = self
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect();
        let mut all: Vec<&VariableValue> = self.values.iter().collect();
        all.sort_by_key(|v| {
            (
                doc_pos.get(&v.document).copied(),
                self.variable_index(&v.variable),
                v.document,
                v.variable.clone(),
            )
        });
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_as_their_type_and_written_canonically() {
        let canon = |kind, text| canonical_value(kind, text);
        assert_eq!(canon(VariableType::Number, " 2018.0 "), Ok("2018".into()));
        assert_eq!(canon(VariableType::Number, "-0"), Ok("0".into()));
        assert_eq!(canon(VariableType::Number, "3.50"), Ok("3.5".into()));
        assert!(canon(VariableType::Number, "inf").is_err());
        assert!(
            canon(VariableType::Number, "20x8")
                .unwrap_err()
                .contains("not a number")
        );
        assert_eq!(
            canon(VariableType::Date, "2016-02-29"),
            Ok("2016-02-29".into())
        );
        assert!(canon(VariableType::Date, "2018-02-29").is_err());
        assert!(canon(VariableType::Date, "2018-3-1").is_err());
        assert_eq!(canon(VariableType::YesNo, "TRUE"), Ok("yes".into()));
        assert!(
            canon(VariableType::YesNo, "maybe")
                .unwrap_err()
                .contains("yes or no")
        );
        assert!(canon(VariableType::Text, "two\nlines").is_err());
        assert!(
            canon(VariableType::Text, "  ")
                .unwrap_err()
                .contains("empty")
        );
    }

    #[test]
    fn types_are_inferred_narrowest_first() {
        assert_eq!(
            VariableType::infer(["2013", "", "2018.5"]),
            VariableType::Number
        );
        assert_eq!(VariableType::infer(["2013-01-02"]), VariableType::Date);
        assert_eq!(VariableType::infer(["yes", "No"]), VariableType::YesNo);
        assert_eq!(VariableType::infer(["yes", "2"]), VariableType::Text);
        assert_eq!(VariableType::infer([""]), VariableType::Text);
    }

    #[test]
    fn typed_values_compare_within_their_type() {
        let n = |t| Typed::parse(VariableType::Number, t).unwrap();
        assert_eq!(n("9").compare(&n("10")), Some(Ordering::Less));
        let t = |t| Typed::parse(VariableType::Text, t).unwrap();
        assert_eq!(t("9").compare(&t("10")), Some(Ordering::Greater));
        let d = |t| Typed::parse(VariableType::Date, t).unwrap();
        assert_eq!(
            d("2013-12-31").compare(&d("2014-01-01")),
            Some(Ordering::Less)
        );
        assert_eq!(n("1").compare(&t("1")), None);
    }

    #[test]
    fn names_with_separators_are_refused() {
        assert!(variable_name_problem("year").is_none());
        assert!(variable_name_problem("outlet type").is_none());
        assert!(variable_name_problem("a:b").is_some());
        assert!(variable_name_problem("a>b").is_some());
        assert!(variable_name_problem(" year").is_some());
        assert!(group_name_problem("State media").is_none());
        assert!(group_name_problem("").is_some());
    }
}
