//! Reading a `.qdpx` project or a `.qdc` codebook into a Coda project.
//!
//! Lenient with what real files do (NOTES in `docs/REFI-QDA.md`): any `urn:QDA-XML:` namespace
//! or none, prefixes, `guid` or `targetGUID` on set members, GUIDs of any case or version or in
//! braces, sources in `sources/` or `Sources/` or named without `internal://`, no XML
//! declaration. Strict on data loss: every element not carried into the project is a line of
//! the report, with the reason.

mod cases;
mod codes;
mod merge;
mod positions;
mod sets;
mod sources;
mod variables;

pub use merge::{CodebookMerge, merge_codebook};

use super::archive::{Archive, RefiError};
use super::details::{self, Details};
use super::report::ImportReport;
use super::xml_tree::{self, Tree};
use crate::model::{Coder, CoderId, Project};
use crate::wording::{one_line, plural};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What was in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    /// A whole project (`.qdpx`, or a bare `.qde`).
    Project,
    /// A codebook (`.qdc`): codes only.
    Codebook,
}

/// A project read from a REFI-QDA file, and what the reading did.
#[derive(Debug)]
pub struct Imported {
    pub project: Project,
    pub report: ImportReport,
    pub kind: ImportKind,
}

/// Read a `.qdpx` or `.qdc` file's bytes; `file` names it in messages. Refuses what is not
/// QDA-XML or cannot be read at all; reads everything else, reporting what it skipped.
pub fn import_bytes(bytes: &[u8], file: &str) -> Result<Imported, RefiError> {
    import_checked(bytes, file).map_err(|e| match e {
        RefiError::NotRefi { file, reason } => RefiError::NotRefi {
            file,
            reason: one_line(&reason, 300),
        },
        RefiError::Damaged { file, reason } => RefiError::Damaged {
            file,
            reason: one_line(&reason, 300),
        },
        RefiError::Refused { file, reason } => RefiError::Refused {
            file,
            reason: one_line(&reason, 600),
        },
        other => other,
    })
}

fn import_checked(bytes: &[u8], file: &str) -> Result<Imported, RefiError> {
    let mut archive = None;
    let xml = if bytes.starts_with(b"PK") {
        let mut opened = Archive::open(bytes, file)?;
        let xml = opened.project_xml()?;
        archive = Some(opened);
        xml
    } else {
        bytes.to_vec()
    };
    let tree = xml_tree::parse(&xml).map_err(|reason| {
        if archive.is_some() {
            RefiError::Damaged {
                file: file.to_string(),
                reason: format!("its project.qde is {reason}"),
            }
        } else {
            RefiError::NotRefi {
                file: file.to_string(),
                reason,
            }
        }
    })?;
    drop(xml);
    let root = tree.root();
    if let Some(ns) = root.attr("xmlns")
        && !ns.starts_with("urn:QDA-XML:")
    {
        return Err(RefiError::NotRefi {
            file: file.to_string(),
            reason: format!(
                "its root element is in the namespace {:?}, not QDA-XML",
                one_line(ns, 80)
            ),
        });
    }
    let kind = match &*root.name {
        "Project" => ImportKind::Project,
        "CodeBook" if archive.is_none() => ImportKind::Codebook,
        other => {
            return Err(RefiError::NotRefi {
                file: file.to_string(),
                reason: format!(
                    "its root element is <{}>, not <Project> or <CodeBook>",
                    one_line(other, 40)
                ),
            });
        }
    };
    let mut importer = Importer::new(&tree, archive, file);
    match kind {
        ImportKind::Project => importer.project()?,
        ImportKind::Codebook => importer.codebook(),
    }
    let Importer {
        project, report, ..
    } = importer;
    let problems = crate::model::validate(&project);
    if !problems.is_empty() {
        let listed: Vec<String> = problems.iter().take(5).map(|p| p.to_string()).collect();
        return Err(RefiError::Refused {
            file: file.to_string(),
            reason: format!(
                "read into a project that breaks {}: {}",
                plural(problems.len(), "rule", "rules"),
                listed.join("; ")
            ),
        });
    }
    Ok(Imported {
        project,
        report,
        kind,
    })
}

/// A GUID as a map key: without braces, lower case.
fn guid_key(guid: &str) -> String {
    guid.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_lowercase()
}

/// `text` after `memo`, a blank line between them when both have text.
fn append_memo(memo: &str, text: &str) -> String {
    match (memo.is_empty(), text.is_empty()) {
        (_, true) => memo.to_string(),
        (true, false) => text.to_string(),
        (false, false) => format!("{memo}\n\n{text}"),
    }
}

/// A note of the file: its name and text.
struct NoteText {
    name: String,
    text: String,
}

/// The state of one import.
struct Importer<'t> {
    tree: &'t Tree,
    archive: Option<Archive<'t>>,
    file: String,
    project: Project,
    report: ImportReport,
    /// Every id given out, so that a GUID used twice gets a new id the second time.
    used_ids: HashSet<Uuid>,
    coders: HashMap<String, CoderId>,
    codes: HashMap<String, crate::model::CodeId>,
    notes: HashMap<String, NoteText>,
    /// Notes attached to something (the others go to the project memo).
    notes_used: HashSet<String>,
    /// The file's `<Variable>`s, and which one each GUID names.
    file_variables: Vec<variables::FileVariable>,
    variable_keys: HashMap<String, usize>,
    /// Values read from sources and cases, put on the documents when the file is read.
    pending_values: Vec<variables::PendingValue>,
    /// `VariableValue`s with no value (reported as one line).
    empty_values: usize,
    /// Descriptions of what Coda has no description for (sets, cases, variables), for the
    /// project memo.
    memo_additions: Vec<String>,
    /// The document each source GUID became.
    source_ids: HashMap<String, crate::model::DocId>,
    /// The coder for codings that name none.
    fallback_coder: Option<CoderId>,
    details: Option<Details>,
    now: String,
}

impl<'t> Importer<'t> {
    fn new(tree: &'t Tree, archive: Option<Archive<'t>>, file: &str) -> Self {
        Self {
            tree,
            archive,
            file: file.to_string(),
            project: Project::new(""),
            report: ImportReport::default(),
            used_ids: HashSet::new(),
            coders: HashMap::new(),
            codes: HashMap::new(),
            notes: HashMap::new(),
            notes_used: HashSet::new(),
            file_variables: Vec::new(),
            variable_keys: HashMap::new(),
            pending_values: Vec::new(),
            empty_values: 0,
            memo_additions: Vec::new(),
            source_ids: HashMap::new(),
            fallback_coder: None,
            details: None,
            now: crate::clock::now_rfc3339(),
        }
    }

    /// An id for an element's GUID: the GUID itself when it is one and not yet used, else a
    /// new one (reported).
    fn id_for(&mut self, guid: Option<&str>, what: &str) -> Uuid {
        self.id_for_lazy(guid, &|| what.to_string())
    }

    /// [`Importer::id_for`] with the element's description built only for a report line.
    fn id_for_lazy(&mut self, guid: Option<&str>, what: &dyn Fn() -> String) -> Uuid {
        if let Some(guid) = guid {
            match Uuid::parse_str(&guid_key(guid)) {
                Ok(id) if self.used_ids.insert(id) => return id,
                Ok(_) => self.report.change(format!(
                    "{}: its GUID {guid} is used by another element; given a new id",
                    what()
                )),
                Err(_) => self.report.change(format!(
                    "{}: {:?} is not a GUID; given a new id",
                    what(),
                    one_line(guid, 60)
                )),
            }
        }
        loop {
            let id = Uuid::new_v4();
            if self.used_ids.insert(id) {
                return id;
            }
        }
    }

    fn codebook(&mut self) {
        self.report.origin = self.tree.root().attr("origin").map(str::to_string);
        let root = 0;
        let mut seen_codes = false;
        for (index, element) in self.tree.children(root) {
            match &*element.name {
                "Codes" if !seen_codes => {
                    seen_codes = true;
                    self.codes_element(index, false);
                }
                "Sets" => self.skip_code_sets(index),
                other => self
                    .report
                    .skip(format!("<{}>: not part of a codebook", one_line(other, 40))),
            }
        }
        self.report.codes = self.project.codes.len();
    }

    fn project(&mut self) -> Result<(), RefiError> {
        let tree = self.tree;
        let root = tree.root();
        self.project.name = root.attr("name").unwrap_or_default().to_string();
        if self.project.name.trim().is_empty() {
            self.project.name = std::path::Path::new(&self.file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Imported project".into());
        }
        self.report.origin = root.attr("origin").map(str::to_string);
        // Notes and variables first: codes, sources and the project refer to them.
        for (index, element) in tree.children(0) {
            match &*element.name {
                "Notes" => self.read_notes(index)?,
                "Variables" => self.read_variables(index),
                "Users" => self.read_users(index),
                _ => {}
            }
        }
        // Cases and sets name sources, which must be read first.
        let (mut cases, mut sets) = (None, None);
        for (index, element) in tree.children(0) {
            match &*element.name {
                "Users" | "Notes" | "Variables" | "Description" | "NoteRef" => {}
                "CodeBook" => match tree.child(index, "Codes") {
                    Some((codes, _)) => self.codes_element(codes, true),
                    None => self.report.skip("<CodeBook> without <Codes>"),
                },
                "Sources" => self.sources(index)?,
                "Cases" => cases = Some(index),
                "Sets" => sets = Some(index),
                "Links" => {
                    let n = tree.children(index).count();
                    self.report.skip(format!(
                        "<Links>: {}; Coda has no links between items",
                        plural(n, "link", "links")
                    ));
                }
                "Graphs" => {
                    let n = tree.children(index).count();
                    self.report.skip(format!(
                        "<Graphs>: {}; Coda has no graphs",
                        plural(n, "graph", "graphs")
                    ));
                }
                other => self.report.skip(format!(
                    "<{}>: not an element of a QDA-XML project",
                    one_line(other, 40)
                )),
            }
        }
        // The file's own groups first, so that they keep their names.
        if let Some(sets) = sets {
            self.sets(sets);
        }
        if let Some(cases) = cases {
            self.cases(cases);
        }
        self.resolve_variables();
        let mut memo = tree
            .child_text(0, "Description")
            .unwrap_or_default()
            .to_string();
        for (_, element) in tree.children(0).filter(|(_, e)| &*e.name == "NoteRef") {
            if let Some(text) = self.note_for(element.attr("targetGUID"), "the project") {
                memo = append_memo(&memo, &text);
            }
        }
        // Notes attached to nothing (free memos, journals) join the project memo.
        let mut loose: Vec<(&String, &NoteText)> = self
            .notes
            .iter()
            .filter(|(k, _)| !self.notes_used.contains(*k))
            .collect();
        loose.sort_by(|a, b| a.1.name.cmp(&b.1.name).then(a.0.cmp(b.0)));
        let loose_count = loose.len();
        for (_, note) in loose {
            let text = if note.name.is_empty() {
                note.text.clone()
            } else {
                format!("{}\n{}", note.name, note.text)
            };
            memo = append_memo(&memo, &text);
        }
        if loose_count > 0 {
            self.report.change(format!(
                "{} attached to nothing Coda has: added to the project memo",
                plural(loose_count, "note", "notes")
            ));
        }
        for addition in std::mem::take(&mut self.memo_additions) {
            memo = append_memo(&memo, &addition);
        }
        self.project.memo = memo;
        self.apply_details();
        if self.project.current_coder.is_none() {
            let creator = root.attr("creatingUserGUID").map(guid_key);
            self.project.current_coder = creator
                .and_then(|k| self.coders.get(&k).copied())
                .or_else(|| self.project.coders.first().map(|c| c.id));
        }
        self.report.documents = self.project.documents.len();
        self.report.codes = self.project.codes.len();
        self.report.coders = self.project.coders.len();
        self.report.codings = self.project.segments.len();
        Ok(())
    }

    fn read_users(&mut self, users: usize) {
        for (_, user) in self.tree.children(users) {
            if &*user.name != "User" {
                self.report
                    .skip(format!("<{}> in <Users>", one_line(&user.name, 40)));
                continue;
            }
            let name = user
                .attr("name")
                .filter(|n| !n.trim().is_empty())
                .or(user.attr("id").filter(|n| !n.trim().is_empty()))
                .map(str::to_string)
                .unwrap_or_else(|| format!("User {}", self.project.coders.len() + 1));
            let Some(guid) = user.attr("guid") else {
                self.report.skip(format!(
                    "User {name:?}: no guid, so no coding can name them"
                ));
                continue;
            };
            let key = guid_key(guid);
            if self.coders.contains_key(&key) {
                self.report
                    .skip(format!("User {name:?}: its GUID {guid} is listed twice"));
                continue;
            }
            let id = CoderId(self.id_for(Some(guid), &format!("User {name:?}")));
            let name = self.unique_coder_name(&name);
            self.project.coders.push(Coder { id, name });
            self.coders.insert(key, id);
        }
    }

    fn unique_coder_name(&mut self, name: &str) -> String {
        let name = name.trim();
        let mut candidate = name.to_string();
        let mut n = 2;
        while self.project.coder_by_name(&candidate).is_some() {
            candidate = format!("{name} ({n})");
            n += 1;
        }
        if candidate != name {
            self.report.change(format!(
                "User {name:?}: another user has that name; named {candidate:?}"
            ));
        }
        candidate
    }

    /// The coder a coding names (a GUID not among the users becomes a new coder), else the
    /// fallback coder.
    fn coder_for(&mut self, guid: Option<&str>) -> CoderId {
        if let Some(guid) = guid {
            let key = guid_key(guid);
            if let Some(id) = self.coders.get(&key) {
                return *id;
            }
            let short: String = key.chars().take(8).collect();
            let name = self.unique_coder_name(&format!("User {short}"));
            self.report.change(format!(
                "codings by {guid}, who is not among the file's users: the coder {name:?}"
            ));
            let id = CoderId(self.id_for(Some(guid), &format!("User {guid}")));
            self.project.coders.push(Coder { id, name });
            self.coders.insert(key, id);
            return id;
        }
        if let Some(id) = self.fallback_coder {
            return id;
        }
        let creator = self.tree.root().attr("creatingUserGUID").map(guid_key);
        let id = match creator.and_then(|k| self.coders.get(&k).copied()) {
            Some(id) => id,
            None => {
                let name = self.unique_coder_name("Imported");
                self.report
                    .change(format!("codings that name no user: the coder {name:?}"));
                let id = CoderId(self.id_for(None, "coder"));
                self.project.coders.push(Coder { id, name });
                id
            }
        };
        self.fallback_coder = Some(id);
        id
    }

    fn read_notes(&mut self, notes: usize) -> Result<(), RefiError> {
        for (index, note) in self.tree.children(notes) {
            let name = note.attr("name").unwrap_or_default().to_string();
            let Some(guid) = note.attr("guid") else {
                self.report.skip(format!("Note {name:?}: no guid"));
                continue;
            };
            let text = match self.tree.child(index, "PlainTextContent") {
                Some((_, content)) => Some(content.text.clone()),
                None => match note.attr("plainTextPath") {
                    Some(path) => self
                        .internal_text(path)?
                        .map(|(_, raw)| positions::SourceText::new(&raw).text),
                    None => None,
                },
            };
            let Some(text) = text else {
                self.report.skip(format!(
                    "Note {name:?}: its text is not in the file as plain text"
                ));
                continue;
            };
            if name == details::NOTE_NAME
                && let Ok(found) = details::from_note_text(&text)
            {
                self.details = Some(found);
                self.notes_used.insert(guid_key(guid));
                continue;
            }
            self.notes.insert(guid_key(guid), NoteText { name, text });
        }
        Ok(())
    }

    /// The text of the note a `NoteRef` names, marking it used; an unknown target is reported.
    fn note_for(&mut self, target: Option<&str>, owner: &str) -> Option<String> {
        self.note_for_lazy(target, &|| owner.to_string())
    }

    /// [`Importer::note_for`] with the owner's description built only for a report line.
    fn note_for_lazy(
        &mut self,
        target: Option<&str>,
        owner: &dyn Fn() -> String,
    ) -> Option<String> {
        let target = target?;
        let key = guid_key(target);
        match self.notes.get(&key) {
            Some(note) => {
                self.notes_used.insert(key);
                Some(note.text.clone())
            }
            None if self.notes_used.contains(&key) => None,
            None => {
                self.report.skip(format!(
                    "NoteRef from {} to {target}: no such note",
                    owner()
                ));
                None
            }
        }
    }

    /// The decoded text of an internal file (`internal://…` or a bare name), lossy with a
    /// report line when it is not UTF-8. `None` (reported by the caller) when it is not there.
    fn internal_text(&mut self, path: &str) -> Result<Option<(String, String)>, RefiError> {
        let Some((entry, bytes)) = self.internal_file(path)? else {
            return Ok(None);
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                self.report.change(format!(
                    "{entry}: not UTF-8; unreadable bytes replaced with U+FFFD"
                ));
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        Ok(Some((entry, text)))
    }

    fn internal_file(&mut self, path: &str) -> Result<Option<(String, Vec<u8>)>, RefiError> {
        if path.starts_with("relative://") || path.starts_with("absolute://") {
            return Ok(None);
        }
        match self.archive.as_mut() {
            Some(archive) => archive.source(path),
            None => Ok(None),
        }
    }

    /// Apply what the "Coda details" note kept, where the ids still match.
    fn apply_details(&mut self) {
        let Some(details) = self.details.take() else {
            return;
        };
        if let Some(id) = details.project_id {
            self.project.id = id;
        }
        if let Some(coder) = details.current_coder
            && self.project.coder(coder).is_some()
        {
            self.project.current_coder = Some(coder);
        }
        if !details.code_order.is_empty() {
            let position: HashMap<_, _> = details
                .code_order
                .iter()
                .enumerate()
                .map(|(i, id)| (*id, i))
                .collect();
            // Codes the note does not name keep their tree order after those it names; a
            // parent always stays before its children (the order came from a valid project).
            let mut keyed: Vec<(usize, usize)> = self
                .project
                .codes
                .iter()
                .enumerate()
                .map(|(i, c)| (position.get(&c.id).copied().unwrap_or(usize::MAX), i))
                .collect();
            keyed.sort();
            let old = std::mem::take(&mut self.project.codes);
            let mut slots: Vec<Option<crate::model::Code>> = old.into_iter().map(Some).collect();
            self.project.codes = keyed
                .into_iter()
                .filter_map(|(_, i)| slots[i].take())
                .collect();
        }
        let mut taken = HashSet::new();
        for code in &self.project.codes {
            if let Some(key) = code.hotkey {
                taken.insert(key);
            }
        }
        for (id, key) in details.hotkeys {
            if (1..=9).contains(&key)
                && !taken.contains(&key)
                && let Some(index) = self.project.code_index(id)
            {
                self.project.codes[index].hotkey = Some(key);
                taken.insert(key);
            }
        }
        for found in details.documents {
            let Some(index) = self.project.document_index(found.id) else {
                continue;
            };
            let document = &mut self.project.documents[index];
            document.source.file_name = found.file_name;
            document.source.format = found.format;
            document.source.encoding = found.encoding;
            let len = document.text.char_len();
            if found
                .styles
                .iter()
                .all(|s| s.start <= s.end && s.end <= len)
            {
                document.styles = found.styles;
            }
            if crate::model::page_map_problems(&found.pages, len).is_empty() {
                document.pages = found.pages;
            }
        }
        let coverage: Vec<_> = details
            .coverage
            .into_iter()
            .filter(|c| {
                self.project.coder(c.coder).is_some()
                    && self
                        .project
                        .document(c.document)
                        .is_some_and(|d| match &c.extent {
                            crate::model::Extent::Whole => true,
                            crate::model::Extent::Ranges(r) => r
                                .iter()
                                .all(|r| r.start < r.end && r.end <= d.text.char_len()),
                        })
            })
            .collect();
        self.project.coverage = coverage;
        self.project.coverage.sort_by_key(|c| (c.coder, c.document));
        self.project
            .coverage
            .dedup_by_key(|c| (c.coder, c.document));
    }
}
