//! Which documents and coders a question is about: by document, by group, by conditions on
//! document variables (`year>=2018`), and by coder. One parse ([`DocumentFilter::new`]) and one
//! matcher for every command and view that retrieves, searches, compares or counts.
//!
//! A document is included when it is one of the documents named (if any are), in one of the
//! groups named (if any are), and meets every condition. A condition compares the document's
//! value as the variable's type (numbers as numbers, dates by day, text by Unicode code
//! points); a document without a value meets no condition. A coding is included when its
//! document is and its coder is one of the coders named (if any are).

use crate::fast_hash::FastSet;
use crate::model::{CoderId, DocId, Document, Project, Segment, Typed, VariableType};
use std::cmp::Ordering;
use std::fmt;

/// How a condition compares a document's value with the value given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Comparison {
    /// Longest first, so that `>=` is not read as `>` followed by `=`.
    const SYMBOLS: [(&'static str, Comparison); 7] = [
        ("==", Comparison::Equal),
        ("!=", Comparison::NotEqual),
        ("<=", Comparison::LessOrEqual),
        (">=", Comparison::GreaterOrEqual),
        ("=", Comparison::Equal),
        ("<", Comparison::Less),
        (">", Comparison::Greater),
    ];

    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Equal => "=",
            Comparison::NotEqual => "!=",
            Comparison::Less => "<",
            Comparison::LessOrEqual => "<=",
            Comparison::Greater => ">",
            Comparison::GreaterOrEqual => ">=",
        }
    }

    fn holds(self, order: Ordering) -> bool {
        match self {
            Comparison::Equal => order == Ordering::Equal,
            Comparison::NotEqual => order != Ordering::Equal,
            Comparison::Less => order == Ordering::Less,
            Comparison::LessOrEqual => order != Ordering::Greater,
            Comparison::Greater => order == Ordering::Greater,
            Comparison::GreaterOrEqual => order != Ordering::Less,
        }
    }
}

/// A condition as written: `year>=2018`, `outlet = "Radio Azattyk"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub variable: String,
    pub comparison: Comparison,
    pub value: String,
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}{}",
            self.variable,
            self.comparison.symbol(),
            self.value
        )
    }
}

/// Reads `VARIABLE OP VALUE`, OP one of `=` (or `==`), `!=`, `<`, `<=`, `>`, `>=`; spaces around
/// the parts and quotes around the value are dropped.
pub fn parse_condition(text: &str) -> Result<Condition, String> {
    let operator = text
        .char_indices()
        .find_map(|(i, _)| {
            Comparison::SYMBOLS
                .iter()
                .find(|(symbol, _)| text[i..].starts_with(symbol))
                .map(|&(symbol, comparison)| (i, symbol.len(), comparison))
        })
        .ok_or_else(|| {
            format!(
                "{text:?} is not a condition: write VARIABLE, an operator (= != < <= > >=) and a value, e.g. year>=2018"
            )
        })?;
    let (at, len, comparison) = operator;
    let variable = text[..at].trim();
    let value = text[at + len..].trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    if variable.is_empty() {
        return Err(format!(
            "{text:?}: the variable's name is missing before {}",
            comparison.symbol()
        ));
    }
    if value.is_empty() {
        return Err(format!(
            "{text:?}: the value is missing after {}",
            comparison.symbol()
        ));
    }
    Ok(Condition {
        variable: variable.to_string(),
        comparison,
        value: value.to_string(),
    })
}

/// What to keep, as given on a command line or in a view: names and conditions as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterSpec {
    /// `year>=2018`: every one must hold.
    pub conditions: Vec<String>,
    /// Group names: a document in any of them.
    pub groups: Vec<String>,
    /// Document names: any of them.
    pub documents: Vec<String>,
    /// Coder names: codings by any of them.
    pub coders: Vec<String>,
}

impl FilterSpec {
    /// The filter in words, one line per kind of limit, for a report's reader; empty when it
    /// keeps everything.
    pub fn describe(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.documents.is_empty() {
            lines.push(format!("Documents: {}", self.documents.join(", ")));
        }
        if !self.groups.is_empty() {
            lines.push(format!(
                "Documents in the groups: {}",
                self.groups.join(", ")
            ));
        }
        for condition in &self.conditions {
            lines.push(format!("Documents where {condition}"));
        }
        if !self.coders.is_empty() {
            lines.push(format!("Codings by: {}", self.coders.join(", ")));
        }
        lines
    }
}

/// A filter checked against a project: the documents and coders it keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentFilter {
    /// `None`: every document.
    documents: Option<FastSet<DocId>>,
    /// `None`: every coder.
    coders: Option<FastSet<CoderId>>,
}

fn listing<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    if names.is_empty() {
        "(none)".into()
    } else {
        names.join(", ")
    }
}

impl DocumentFilter {
    /// Everything: every document, every coder.
    pub fn everything() -> DocumentFilter {
        DocumentFilter::default()
    }

    /// The filter `spec` describes in `project`; an unknown document, group, variable or coder,
    /// or a value the variable's type does not read, is an error in plain words.
    pub fn new(project: &Project, spec: &FilterSpec) -> Result<DocumentFilter, String> {
        let mut named: Option<FastSet<DocId>> = None;
        if !spec.documents.is_empty() {
            let mut set = FastSet::default();
            for name in &spec.documents {
                let doc = project.document_by_name(name).ok_or_else(|| {
                    format!(
                        "no document named {name:?}; the documents are: {}",
                        listing(project.documents.iter().map(|d| d.name.as_str()))
                    )
                })?;
                set.insert(doc.id);
            }
            named = Some(set);
        }
        let mut grouped: Option<FastSet<DocId>> = None;
        if !spec.groups.is_empty() {
            let mut set = FastSet::default();
            for name in &spec.groups {
                let group = project.group(name).ok_or_else(|| {
                    format!(
                        "no group named {name:?}; the groups are: {}",
                        listing(project.groups.iter().map(|g| g.name.as_str()))
                    )
                })?;
                set.extend(group.documents.iter().copied());
            }
            grouped = Some(set);
        }
        let mut conditions = Vec::new();
        for text in &spec.conditions {
            let condition = parse_condition(text)?;
            let variable = project.variable(&condition.variable).ok_or_else(|| {
                format!(
                    "{text:?}: no variable named {:?}; the variables are: {}",
                    condition.variable,
                    listing(project.variables.iter().map(|v| v.name.as_str()))
                )
            })?;
            let value = Typed::parse(variable.kind, &condition.value).map_err(|expected| {
                format!(
                    "{text:?}: {:?} is of type {}, and {expected}",
                    variable.name, variable.kind
                )
            })?;
            if variable.kind == VariableType::YesNo
                && !matches!(
                    condition.comparison,
                    Comparison::Equal | Comparison::NotEqual
                )
            {
                return Err(format!(
                    "{text:?}: yes/no values have no order; use = or !="
                ));
            }
            conditions.push((variable, condition.comparison, value));
        }
        let documents = if named.is_none() && grouped.is_none() && conditions.is_empty() {
            None
        } else {
            Some(
                project
                    .documents
                    .iter()
                    .map(|d| d.id)
                    .filter(|id| named.as_ref().is_none_or(|s| s.contains(id)))
                    .filter(|id| grouped.as_ref().is_none_or(|s| s.contains(id)))
                    .filter(|&id| {
                        conditions.iter().all(|(variable, comparison, wanted)| {
                            project
                                .typed_value(id, variable)
                                .and_then(|value| value.compare(wanted))
                                .is_some_and(|order| comparison.holds(order))
                        })
                    })
                    .collect(),
            )
        };
        let coders = if spec.coders.is_empty() {
            None
        } else {
            let mut set = FastSet::default();
            for name in &spec.coders {
                let coder = project.coder_by_name(name).ok_or_else(|| {
                    format!(
                        "no coder named {name:?}; the coders are: {}",
                        listing(project.coders.iter().map(|c| c.name.as_str()))
                    )
                })?;
                set.insert(coder.id);
            }
            Some(set)
        };
        Ok(DocumentFilter { documents, coders })
    }

    pub fn includes_document(&self, id: DocId) -> bool {
        self.documents.as_ref().is_none_or(|s| s.contains(&id))
    }

    pub fn includes_coder(&self, id: CoderId) -> bool {
        self.coders.as_ref().is_none_or(|s| s.contains(&id))
    }

    /// Whether a coding is kept: its document and its coder are.
    pub fn includes(&self, segment: &Segment) -> bool {
        self.includes_document(segment.document) && self.includes_coder(segment.coder)
    }

    /// Whether it keeps every document and every coder.
    pub fn is_everything(&self) -> bool {
        self.documents.is_none() && self.coders.is_none()
    }

    /// The documents kept, in project order.
    pub fn documents<'p>(&self, project: &'p Project) -> impl Iterator<Item = &'p Document> {
        project
            .documents
            .iter()
            .filter(move |d| self.includes_document(d.id))
    }

    /// The project with only the documents kept (with their codings by the coders kept, their
    /// coverage, values and group memberships). Codes, coders and variables stay.
    pub fn restrict(&self, project: &Project) -> Project {
        if self.is_everything() {
            return project.clone();
        }
        let mut out = project.clone();
        out.documents.retain(|d| self.includes_document(d.id));
        out.segments = project
            .segments
            .iter()
            .filter(|(_, s)| self.includes(s))
            .map(|(id, s)| (*id, s.clone()))
            .collect();
        out.coverage.retain(|c| self.includes_document(c.document));
        out.values.retain(|v| self.includes_document(v.document));
        for group in &mut out.groups {
            group.documents.retain(|&d| self.includes_document(d));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_parse_with_every_operator() {
        let c = parse_condition("year>=2018").unwrap();
        assert_eq!(
            (c.variable.as_str(), c.comparison, c.value.as_str()),
            ("year", Comparison::GreaterOrEqual, "2018")
        );
        let c = parse_condition(" outlet = \"Radio Azattyk\" ").unwrap();
        assert_eq!(
            (c.variable.as_str(), c.comparison, c.value.as_str()),
            ("outlet", Comparison::Equal, "Radio Azattyk")
        );
        assert_eq!(
            parse_condition("a!=b").unwrap().comparison,
            Comparison::NotEqual
        );
        assert_eq!(parse_condition("a<b").unwrap().comparison, Comparison::Less);
        assert_eq!(
            parse_condition("a<=b").unwrap().comparison,
            Comparison::LessOrEqual
        );
        assert_eq!(
            parse_condition("a>b").unwrap().comparison,
            Comparison::Greater
        );
        assert_eq!(
            parse_condition("a==b").unwrap().comparison,
            Comparison::Equal
        );
        assert!(
            parse_condition("year 2018")
                .unwrap_err()
                .contains("not a condition")
        );
        assert!(
            parse_condition(">=2018")
                .unwrap_err()
                .contains("name is missing")
        );
        assert!(
            parse_condition("year>=")
                .unwrap_err()
                .contains("value is missing")
        );
    }
}
