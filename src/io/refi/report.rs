//! What an export or import did with what the other side has no place for: REFI-QDA §7 asks an
//! importer to show which elements it discarded, in as much detail as possible. Nothing is left
//! out or changed without a line here.

use crate::wording::{join_names, one_line, plural};

/// The counts of variables and groups, for a report's summary: only when there are any, so
/// that a project without them is summed up as before they existed.
fn variables_and_groups(variables: usize, groups: usize) -> Vec<String> {
    let mut counts = Vec::new();
    if variables > 0 {
        counts.push(plural(variables, "variable", "variables"));
    }
    if groups > 0 {
        counts.push(plural(groups, "group", "groups"));
    }
    counts
}

/// What an export wrote and what it could not write where REFI-QDA readers look for it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportReport {
    pub documents: usize,
    pub codes: usize,
    pub coders: usize,
    pub codings: usize,
    pub notes: usize,
    pub variables: usize,
    pub groups: usize,
    /// One line per kind of thing REFI-QDA has no element for, or that was written differently.
    pub lines: Vec<String>,
}

impl ExportReport {
    /// The report as lines of plain text (a summary first).
    pub fn render(&self) -> String {
        let mut counts = vec![
            plural(self.documents, "document", "documents"),
            plural(self.codes, "code", "codes"),
            plural(self.coders, "coder", "coders"),
            plural(self.codings, "coding", "codings"),
            plural(self.notes, "note", "notes"),
        ];
        counts.extend(variables_and_groups(self.variables, self.groups));
        let mut out = format!("exported {}\n", join_names(&counts));
        for line in &self.lines {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// What an import read and every element it skipped or changed, with the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The program that wrote the file (`origin`), if it says.
    pub origin: Option<String>,
    pub documents: usize,
    pub codes: usize,
    pub coders: usize,
    pub codings: usize,
    pub variables: usize,
    pub groups: usize,
    /// Elements skipped: nothing of them is in the project.
    pub skipped: Vec<String>,
    /// Elements read with a change (a name made unique, an id replaced, a memo moved).
    pub changed: Vec<String>,
}

impl ImportReport {
    /// Lines quote names and values from the file: kept on one line (and of bounded length)
    /// whatever the file holds.
    pub(super) fn skip(&mut self, line: impl Into<String>) {
        self.skipped.push(one_line(&line.into(), 1000));
    }

    pub(super) fn change(&mut self, line: impl Into<String>) {
        self.changed.push(one_line(&line.into(), 1000));
    }

    /// The report as lines of plain text (a summary first).
    pub fn render(&self) -> String {
        let mut counts = vec![
            plural(self.documents, "document", "documents"),
            plural(self.codes, "code", "codes"),
            plural(self.coders, "coder", "coders"),
            plural(self.codings, "coding", "codings"),
        ];
        counts.extend(variables_and_groups(self.variables, self.groups));
        let mut out = format!(
            "imported {}{}\n",
            join_names(&counts),
            self.origin
                .as_deref()
                .map(|o| format!(" from {o}"))
                .unwrap_or_default(),
        );
        if !self.skipped.is_empty() {
            out.push_str(&format!(
                "skipped {}:\n",
                plural(self.skipped.len(), "element", "elements")
            ));
            for line in &self.skipped {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
        }
        if !self.changed.is_empty() {
            out.push_str("read with a change:\n");
            for line in &self.changed {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }
}
