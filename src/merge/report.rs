//! What a merge did, for a person: what each file added, what was matched, every conflict and
//! how it was resolved, and every name that had to change. Printed by `coda merge`, shown in the
//! window, and written as Markdown with `--report`.

use super::conflicts::CodeConflict;
use super::variables::VariableConflict;
use std::fmt::Write;

/// How many of each thing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub documents: usize,
    pub codes: usize,
    pub coders: usize,
    pub segments: usize,
}

/// What one input brought to the merge. Items of the first input are all "added"; an item of a
/// later input is "matched" when an earlier input has it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputReport {
    pub label: String,
    /// What the file holds.
    pub holds: Counts,
    /// Documents added from this file, by their name in the merged project.
    pub added_documents: Vec<String>,
    /// Codes added from this file, by their path in the merged project.
    pub added_codes: Vec<String>,
    /// Coders added from this file, by their name in the merged project.
    pub added_coders: Vec<String>,
    pub added_segments: usize,
    pub matched_documents: usize,
    pub codes_matched_by_id: usize,
    pub codes_matched_by_path: usize,
    pub coders_matched_by_id: usize,
    pub coders_matched_by_name: usize,
    /// Codings identical (same document, range, code, coder) to one of an earlier file.
    pub identical_segments: usize,
}

/// What had to be renamed because another item already had the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenamedKind {
    Document,
    Code,
    Coder,
}

impl RenamedKind {
    pub fn label(self) -> &'static str {
        match self {
            RenamedKind::Document => "document",
            RenamedKind::Code => "code",
            RenamedKind::Coder => "coder",
        }
    }
}

/// An item kept under a new name: `name` was taken by a different item (of `taken_by`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renamed {
    pub kind: RenamedKind,
    /// The input the renamed item comes from (the first that has it).
    pub from: String,
    pub name: String,
    pub new_name: String,
    /// The input of the item that kept the name.
    pub taken_by: String,
}

/// How conflicts were resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResolvedBy {
    /// The first file that has the code.
    First,
    /// The last file that has the code.
    Last,
    /// A choice per conflict (the first file's value where no choice was made).
    Choice,
}

/// The whole account of one merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeReport {
    pub inputs: Vec<InputReport>,
    /// What the merged project holds.
    pub merged: Counts,
    pub conflicts: Vec<CodeConflict>,
    /// Variables whose type, and documents whose value of a variable, differ between files.
    pub variable_conflicts: Vec<VariableConflict>,
    pub resolved_by: ResolvedBy,
    pub renamed: Vec<Renamed>,
    /// Merged codings whose memo combines the different memos of their copies.
    pub memos_combined: usize,
    /// Other things worth knowing: a matched document or coder named differently in a later
    /// file, a hotkey dropped because an earlier code has it.
    pub notes: Vec<String>,
}

pub(crate) use crate::wording::plural;

pub(crate) fn counts(c: &Counts) -> String {
    format!(
        "{}, {}, {}, {}",
        plural(c.documents, "document", "documents"),
        plural(c.codes, "code", "codes"),
        plural(c.coders, "coder", "coders"),
        plural(c.segments, "coding", "codings")
    )
}

/// `what` listed after `n` when there are any: "2 codes (a, b)".
fn listed(names: &[String], one: &str, many: &str) -> Option<String> {
    if names.is_empty() {
        return None;
    }
    const SHOWN: usize = 8;
    let mut shown: Vec<String> = names.iter().take(SHOWN).map(|n| format!("{n:?}")).collect();
    if names.len() > SHOWN {
        shown.push(format!("and {} more", names.len() - SHOWN));
    }
    Some(format!(
        "{} ({})",
        plural(names.len(), one, many),
        shown.join(", ")
    ))
}

impl InputReport {
    fn added_line(&self) -> String {
        let mut parts: Vec<String> = [
            listed(&self.added_documents, "document", "documents"),
            listed(&self.added_codes, "code", "codes"),
            listed(&self.added_coders, "coder", "coders"),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.push(plural(self.added_segments, "coding", "codings"));
        parts.join(", ")
    }

    fn matched_line(&self) -> String {
        let split = |n_id: usize, n_other: usize, other: &str, one: &str, many: &str| {
            let n = n_id + n_other;
            let how = match (n_id, n_other) {
                (_, 0) => "by id".to_string(),
                (0, _) => format!("by {other}"),
                _ => format!("{n_id} by id, {n_other} by {other}"),
            };
            (n > 0).then(|| format!("{} ({how})", plural(n, one, many)))
        };
        let mut parts: Vec<String> = [
            (self.matched_documents > 0)
                .then(|| plural(self.matched_documents, "document", "documents")),
            split(
                self.codes_matched_by_id,
                self.codes_matched_by_path,
                "path",
                "code",
                "codes",
            ),
            split(
                self.coders_matched_by_id,
                self.coders_matched_by_name,
                "name",
                "coder",
                "coders",
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.push(format!(
            "{} identical to an earlier file's",
            plural(self.identical_segments, "coding", "codings")
        ));
        parts.join(", ")
    }
}

impl CodeConflict {
    pub(crate) fn line(&self) -> String {
        let values: Vec<String> = self
            .values
            .iter()
            .map(|v| {
                let kept = if v.input == self.chosen {
                    " (kept)"
                } else {
                    ""
                };
                format!("{} {:?}{kept}", v.label, v.value)
            })
            .collect();
        format!("{:?} {}: {}", self.path, self.key.field, values.join(" / "))
    }
}

impl Renamed {
    fn line(&self) -> String {
        format!(
            "{} {:?} from {} is now {:?}: a different {} of {} has that name",
            self.kind.label(),
            self.name,
            self.from,
            self.new_name,
            self.kind.label(),
            self.taken_by
        )
    }
}

impl MergeReport {
    /// The rule that resolved the conflicts, in words.
    pub fn resolution_label(&self) -> &'static str {
        match self.resolved_by {
            ResolvedBy::First => "each kept from the first file that has the code",
            ResolvedBy::Last => "each kept from the last file that has the code",
            ResolvedBy::Choice => "each as chosen",
        }
    }

    /// "2 conflicts, each kept from the first file that has the code".
    fn conflicts_heading(&self) -> String {
        format!(
            "{}, {}",
            plural(self.conflicts.len(), "conflict", "conflicts"),
            self.resolution_label()
        )
    }

    /// "1 variable conflict, each kept from the first file that has a value".
    fn variable_conflicts_heading(&self) -> String {
        format!(
            "{}, {}",
            plural(
                self.variable_conflicts.len(),
                "variable conflict",
                "variable conflicts"
            ),
            match self.resolved_by {
                ResolvedBy::Last => "each kept from the last file that has a value",
                ResolvedBy::First | ResolvedBy::Choice => {
                    "each kept from the first file that has a value"
                }
            }
        )
    }

    /// Plain text for a terminal: one line per file, then renamings, conflicts and notes.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "merged {} into {}",
            plural(self.inputs.len(), "file", "files"),
            counts(&self.merged)
        );
        for (i, input) in self.inputs.iter().enumerate() {
            if i == 0 {
                let _ = writeln!(out, "  {}: the base: {}", input.label, counts(&input.holds));
            } else {
                let _ = writeln!(
                    out,
                    "  {}: added {}; matched {}",
                    input.label,
                    input.added_line(),
                    input.matched_line()
                );
            }
        }
        if self.memos_combined > 0 {
            let _ = writeln!(
                out,
                "  {} with different memos in different files: the memos were combined",
                plural(self.memos_combined, "coding", "codings")
            );
        }
        for renamed in &self.renamed {
            let _ = writeln!(out, "  renamed: {}", renamed.line());
        }
        if !self.conflicts.is_empty() {
            let _ = writeln!(out, "{}:", self.conflicts_heading());
            for conflict in &self.conflicts {
                let _ = writeln!(out, "  {}", conflict.line());
            }
        }
        if !self.variable_conflicts.is_empty() {
            let _ = writeln!(out, "{}:", self.variable_conflicts_heading());
            for conflict in &self.variable_conflicts {
                let _ = writeln!(out, "  {}", conflict.line());
            }
        }
        for note in &self.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        out
    }

    /// The report as a Markdown document.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("# Merge report\n\n");
        let _ = writeln!(
            out,
            "Merged {} into one project with {}.\n",
            plural(self.inputs.len(), "file", "files"),
            counts(&self.merged)
        );
        out.push_str("## Files\n\n");
        out.push_str("| file | documents | codes | coders | codings | codings added | codings identical to an earlier file's |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
        for input in &self.inputs {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                table_cell(&input.label),
                input.holds.documents,
                input.holds.codes,
                input.holds.coders,
                input.holds.segments,
                input.added_segments,
                input.identical_segments
            );
        }
        out.push_str("\n## Added and matched\n\n");
        for (i, input) in self.inputs.iter().enumerate() {
            let _ = writeln!(out, "### {}\n", input.label);
            if i == 0 {
                let _ = writeln!(
                    out,
                    "The base of the merge: everything in it is in the merged project.\n"
                );
                continue;
            }
            let _ = writeln!(out, "- Added: {}.", input.added_line());
            let _ = writeln!(out, "- Matched: {}.\n", input.matched_line());
        }
        if self.memos_combined > 0 {
            let _ = writeln!(
                out,
                "{} had different memos in different files; each keeps all of them, once each.\n",
                plural(self.memos_combined, "coding", "codings")
            );
        }
        let _ = writeln!(out, "## Conflicts\n");
        if self.conflicts.is_empty() {
            out.push_str("None: every matched code has the same name, parent, colour, description and criteria in every file.\n\n");
        } else {
            let _ = writeln!(out, "{}.\n", self.conflicts_heading());
            for conflict in &self.conflicts {
                let _ = writeln!(out, "### `{}`: {}\n", conflict.path, conflict.key.field);
                for value in &conflict.values {
                    let kept = if value.input == conflict.chosen {
                        " **(kept)**"
                    } else {
                        ""
                    };
                    let _ = writeln!(out, "- {}{kept}: {:?}", value.label, value.value);
                }
                out.push('\n');
            }
        }
        if !self.variable_conflicts.is_empty() {
            let _ = writeln!(out, "## Variable conflicts\n");
            let _ = writeln!(out, "{}.\n", self.variable_conflicts_heading());
            for conflict in &self.variable_conflicts {
                let _ = writeln!(out, "- {}", conflict.line());
            }
            out.push('\n');
        }
        if !self.renamed.is_empty() {
            out.push_str("## Renamed\n\n");
            for renamed in &self.renamed {
                let _ = writeln!(out, "- {}.", renamed.line());
            }
            out.push('\n');
        }
        if !self.notes.is_empty() {
            out.push_str("## Notes\n\n");
            for note in &self.notes {
                let _ = writeln!(out, "- {note}.");
            }
            out.push('\n');
        }
        out
    }
}

fn table_cell(text: &str) -> String {
    text.replace('|', "\\|")
}
