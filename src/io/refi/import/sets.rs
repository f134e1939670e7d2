//! Sets: a set of sources (ATLAS.ti's document groups, Coda's groups) becomes a group of the
//! documents it names. Coda's groups hold documents only: a set of codes or notes alone is
//! reported, and so are the code and note members of a mixed set. A set's description joins
//! the project memo.

use super::{Importer, guid_key};
use crate::model::{DocId, Group};
use crate::wording::{one_line, plural};

impl Importer<'_> {
    pub(super) fn sets(&mut self, sets: usize) {
        let tree = self.tree;
        for (index, set) in tree.children(sets) {
            if &*set.name != "Set" {
                self.report
                    .skip(format!("<{}> in <Sets>", one_line(&set.name, 40)));
                continue;
            }
            let name = set.attr("name").unwrap_or_default();
            let label = format!("Set {:?}", one_line(name, 60));
            let mut documents = Vec::new();
            let (mut sources, mut codes, mut notes) = (0, 0, 0);
            let mut description = None;
            for (_, member) in tree.children(index) {
                match &*member.name {
                    "MemberSource" => {
                        sources += 1;
                        // Transana (before 1.0) writes `guid` for `targetGUID`.
                        let target = member
                            .attr("targetGUID")
                            .or(member.attr("guid"))
                            .unwrap_or_default();
                        match self.source_ids.get(&guid_key(target)) {
                            Some(id) => documents.push(*id),
                            None => self.report.skip(format!(
                                "MemberSource {:?} of {label}: no text source of that GUID was \
                                 read (the source was skipped above, or is not in the file)",
                                one_line(target, 60)
                            )),
                        }
                    }
                    "MemberCode" => codes += 1,
                    "MemberNote" => notes += 1,
                    "Description" if !member.text.is_empty() => {
                        description = Some(member.text.clone());
                    }
                    "Description" => {}
                    other => self
                        .report
                        .skip(format!("<{}> in {label}", one_line(other, 40))),
                }
            }
            let mut others = Vec::new();
            if codes > 0 {
                others.push(plural(codes, "MemberCode", "MemberCodes"));
            }
            if notes > 0 {
                others.push(plural(notes, "MemberNote", "MemberNotes"));
            }
            if sources == 0 && !others.is_empty() {
                self.report.skip(format!(
                    "{label} ({}): Coda's groups hold documents, not codes or notes",
                    others.join(" and ")
                ));
                if let Some(text) = description {
                    self.memo_additions.push(format!("{label}: {text}"));
                    self.report.change(format!(
                        "{label}: its description added to the project memo"
                    ));
                }
                continue;
            }
            if !others.is_empty() {
                self.report.skip(format!(
                    "{label}: its {} not read; Coda's groups hold documents only (its {} kept)",
                    others.join(" and "),
                    plural(documents.len(), "document is", "documents are")
                ));
            }
            let group = self.add_group(name, documents, &label);
            if let Some(text) = description {
                self.memo_additions.push(format!("Group {group:?}: {text}"));
                self.report.change(format!(
                    "{label}: its description added to the project memo (Coda's groups have none)"
                ));
            }
        }
        self.report.groups = self.project.groups.len();
    }

    /// A group of `documents` named `name` (made one line, unique: " (2)"); a group of that
    /// name and those documents already there (a case that repeats a set) is taken as it is.
    /// Returns the group's name.
    pub(super) fn add_group(
        &mut self,
        name: &str,
        mut documents: Vec<DocId>,
        label: &str,
    ) -> String {
        documents.sort();
        documents.dedup();
        let mut clean = name
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_string();
        if clean.is_empty() {
            clean = format!("Group {}", self.project.groups.len() + 1);
        }
        if self
            .project
            .group(&clean)
            .is_some_and(|g| g.documents == documents)
        {
            return clean;
        }
        let mut candidate = clean.clone();
        let mut n = 2;
        while self.project.group(&candidate).is_some() {
            candidate = format!("{clean} ({n})");
            n += 1;
        }
        if candidate != name {
            self.report.change(format!(
                "{label}: a group's name is one line, not empty, and unique; named {candidate:?}"
            ));
        }
        self.project.groups.push(Group {
            name: candidate.clone(),
            documents,
        });
        self.report.groups = self.project.groups.len();
        candidate
    }

    /// The sets of a codebook file: they group codes, which Coda does not.
    pub(super) fn skip_code_sets(&mut self, sets: usize) {
        for (_, set) in self.tree.children(sets) {
            let members = set.children.len();
            self.report.skip(format!(
                "Set {:?} ({}): a codebook's sets group codes; Coda has no code groups",
                one_line(set.attr("name").unwrap_or_default(), 60),
                plural(members, "member", "members")
            ));
        }
    }
}
