//! Writing a project as REFI-QDA: `project.qde` (the whole project; elements in the order of
//! `Project-mrt2019.xsd`) and a codebook as `.qdc` (`Codebook-mrt2019.xsd`).
//!
//! Positions are char offsets (Unicode scalar values) into exactly the text written to
//! `sources/<document id>.txt`, which is the document's stored text (UTF-8, LF, no BOM), so they
//! are Coda's own offsets unchanged.

use super::description::{self, CodeTexts};
use super::details::{self, Details, DocumentDetails};
use super::export_variables::{VariablePlan, write_sets};
use super::report::ExportReport;
use super::xml_write::{XmlWriter, has_unwritable_chars};
use super::{
    CODEBOOK_NAMESPACE, CODEBOOK_SCHEMA_LOCATION, PROJECT_NAMESPACE, PROJECT_SCHEMA_LOCATION,
};
use super::{derived_guid, guid_text, origin};
use crate::model::{Code, CodeId, Project, Segment};
use crate::wording::plural;
use std::collections::HashMap;

/// A selection's `name`: the start of its text, as ATLAS.ti writes it (importers check offsets
/// against it); longer passages are cut with "…".
const SELECTION_NAME_CHARS: usize = 80;

/// A note to write in `<Notes>`.
struct Note {
    guid: String,
    name: String,
    text: String,
}

/// The text file of each document in the archive, with the document's text.
pub struct SourceFile<'p> {
    /// `sources/<guid>.txt`
    pub path: String,
    pub text: &'p str,
}

/// `project.qde` for a project, the source files it names, and the report.
pub fn project_xml<'p>(
    project: &'p Project,
    now: &str,
) -> (Vec<u8>, Vec<SourceFile<'p>>, ExportReport) {
    let mut report = ExportReport {
        documents: project.documents.len(),
        codes: project.codes.len(),
        coders: project.coders.len(),
        codings: project.segments.len(),
        ..ExportReport::default()
    };
    let text_bytes: usize = project
        .documents
        .iter()
        .map(|d| d.text.as_str().len())
        .sum();
    let mut w = XmlWriter::new(4096 + project.segments.len() * 400 + text_bytes / 8);
    let current = project.current_coder.map(|c| guid_text(c.0));
    w.start(
        "Project",
        &[
            ("xmlns", Some(PROJECT_NAMESPACE)),
            (
                "xmlns:xsi",
                Some("http://www.w3.org/2001/XMLSchema-instance"),
            ),
            ("xsi:schemaLocation", Some(PROJECT_SCHEMA_LOCATION)),
            ("name", Some(&project.name)),
            ("origin", Some(&origin())),
            ("creatingUserGUID", current.as_deref()),
            ("creationDateTime", Some(now)),
            ("modifyingUserGUID", current.as_deref()),
            ("modifiedDateTime", Some(now)),
        ],
    );
    if !project.coders.is_empty() {
        w.start("Users", &[]);
        for coder in &project.coders {
            w.empty(
                "User",
                &[
                    ("guid", Some(&guid_text(coder.id.0))),
                    ("name", Some(&coder.name)),
                ],
            );
        }
        w.end();
    }
    let mut notes: Vec<Note> = Vec::new();
    if !project.codes.is_empty() {
        w.start("CodeBook", &[]);
        write_codes(&mut w, project, true, &mut notes, &mut report);
        w.end();
    }
    let variables = VariablePlan::new(project, &mut report);
    variables.write_variables(&mut w);
    variables.write_cases(&mut w, project);
    let sources = write_sources(&mut w, project, &mut notes, &mut report);
    let mut details = project_details(project, &mut report);
    details.property_variables = Some(variables.property_names());
    let details_guid = guid_text(derived_guid("details", &[project.id.0.as_bytes()]));
    notes.push(Note {
        guid: details_guid.clone(),
        name: details::NOTE_NAME.to_string(),
        text: details::to_note_text(&details),
    });
    report.notes = notes.len();
    w.start("Notes", &[]);
    for note in &notes {
        w.start(
            "Note",
            &[("guid", Some(&note.guid)), ("name", Some(&note.name))],
        );
        w.text_element("PlainTextContent", &note.text);
        w.end();
    }
    w.end();
    write_sets(&mut w, project);
    if !project.memo.is_empty() {
        w.text_element("Description", &project.memo);
    }
    w.empty("NoteRef", &[("targetGUID", Some(&details_guid))]);
    w.end();
    check_writable(project, &mut report);
    (w.finish(), sources, report)
}

/// A codebook as a `.qdc` file, and the report.
pub fn codebook_xml(project: &Project) -> (Vec<u8>, ExportReport) {
    let mut report = ExportReport {
        codes: project.codes.len(),
        ..ExportReport::default()
    };
    let mut w = XmlWriter::new(4096 + project.codes.len() * 300);
    w.start(
        "CodeBook",
        &[
            ("xmlns", Some(CODEBOOK_NAMESPACE)),
            (
                "xmlns:xsi",
                Some("http://www.w3.org/2001/XMLSchema-instance"),
            ),
            ("xsi:schemaLocation", Some(CODEBOOK_SCHEMA_LOCATION)),
            ("origin", Some(&origin())),
        ],
    );
    let mut notes = Vec::new();
    write_codes(&mut w, project, false, &mut notes, &mut report);
    w.end();
    let hotkeys = project.codes.iter().filter(|c| c.hotkey.is_some()).count();
    if hotkeys > 0 {
        report.lines.push(format!(
            "hotkeys of {}: a codebook file has no place for them; not exported",
            plural(hotkeys, "code", "codes")
        ));
    }
    let memos = project.codes.iter().filter(|c| !c.memo.is_empty()).count();
    if memos > 0 {
        report.lines.push(format!(
            "memos of {}: in each code's Description under \"## Memo\" (a codebook file has no notes)",
            plural(memos, "code", "codes")
        ));
    }
    if !tree_order_is_list_order(project) {
        report.lines.push(
            "the codebook's list order differs from its tree order: written in tree order".into(),
        );
    }
    (w.finish(), report)
}

/// The passage's first [`SELECTION_NAME_CHARS`] chars as they are (line breaks too: the
/// writer escapes them), "…" after a cut.
fn selection_name(text: &str) -> String {
    match text.char_indices().nth(SELECTION_NAME_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// `<Codes>` with the tree of codes. In a project (`in_project`) a code's memo becomes a note;
/// in a codebook file it joins the Description.
fn write_codes(
    w: &mut XmlWriter,
    project: &Project,
    in_project: bool,
    notes: &mut Vec<Note>,
    report: &mut ExportReport,
) {
    let mut children: HashMap<Option<CodeId>, Vec<&Code>> = HashMap::new();
    for code in &project.codes {
        children.entry(code.parent).or_default().push(code);
    }
    let Some(top) = children.get(&None) else {
        return;
    };
    w.start("Codes", &[]);
    // Depth-first without recursion: a stack of sibling lists and how far each has got.
    let mut stack: Vec<(&[&Code], usize)> = vec![(top.as_slice(), 0)];
    let mut unclear = Vec::new();
    while let Some((siblings, next)) = stack.last_mut() {
        let Some(code) = siblings.get(*next).copied() else {
            stack.pop();
            if !stack.is_empty() {
                w.end();
            }
            continue;
        };
        *next += 1;
        let texts = CodeTexts {
            description: code.description.clone(),
            inclusion: code.inclusion.clone(),
            exclusion: code.exclusion.clone(),
            example: code.example.clone(),
            memo: if in_project {
                String::new()
            } else {
                code.memo.clone()
            },
        };
        if !description::round_trips(&texts) {
            unclear.push(project.code_path(code.id));
        }
        let guid = guid_text(code.id.0);
        w.start(
            "Code",
            &[
                ("guid", Some(&guid)),
                ("name", Some(&code.name)),
                ("isCodable", Some("true")),
                ("color", Some(&code.color.to_string().to_uppercase())),
            ],
        );
        let composed = description::compose(&texts);
        if !composed.is_empty() {
            w.text_element("Description", &composed);
        }
        if in_project && !code.memo.is_empty() {
            let note = guid_text(derived_guid("code-memo", &[code.id.0.as_bytes()]));
            w.empty("NoteRef", &[("targetGUID", Some(&note))]);
            notes.push(Note {
                guid: note,
                name: format!("Memo: {}", project.code_path(code.id)),
                text: code.memo.clone(),
            });
        }
        match children.get(&Some(code.id)) {
            Some(kids) => stack.push((kids.as_slice(), 0)),
            None => w.end(),
        }
    }
    w.end();
    if !unclear.is_empty() {
        report.lines.push(format!(
            "{} a line that reads like one of the Description's headings (\"## Inclusion \
             criteria\", …), so its fields will not separate exactly when read back: {}",
            if unclear.len() == 1 {
                "1 code's text holds"
            } else {
                "some codes' texts hold"
            },
            crate::wording::join_names(&unclear)
        ));
    }
}

fn tree_order_is_list_order(project: &Project) -> bool {
    let mut tree = Vec::with_capacity(project.codes.len());
    let mut stack: Vec<CodeId> = project.children(None).map(|c| c.id).collect();
    stack.reverse();
    while let Some(id) = stack.pop() {
        tree.push(id);
        let mut kids: Vec<CodeId> = project.children(Some(id)).map(|c| c.id).collect();
        kids.reverse();
        stack.extend(kids);
    }
    tree.iter().copied().eq(project.codes.iter().map(|c| c.id))
}

/// `<Sources>`: a `TextSource` per document with its selections; returns the files to write.
fn write_sources<'p>(
    w: &mut XmlWriter,
    project: &'p Project,
    notes: &mut Vec<Note>,
    report: &mut ExportReport,
) -> Vec<SourceFile<'p>> {
    let mut by_document: HashMap<crate::model::DocId, Vec<&Segment>> = HashMap::new();
    for segment in project.segments.values() {
        by_document
            .entry(segment.document)
            .or_default()
            .push(segment);
    }
    let mut bad_dates = 0;
    let mut files = Vec::with_capacity(project.documents.len());
    if project.documents.is_empty() {
        return files;
    }
    w.start("Sources", &[]);
    for document in &project.documents {
        let guid = guid_text(document.id.0);
        let path = format!("sources/{guid}.txt");
        let plain_text_path = format!("internal://{guid}.txt");
        w.start(
            "TextSource",
            &[
                ("guid", Some(&guid)),
                ("name", Some(&document.name)),
                ("plainTextPath", Some(&plain_text_path)),
            ],
        );
        if !document.memo.is_empty() {
            w.text_element("Description", &document.memo);
        }
        let mut segments = by_document.remove(&document.id).unwrap_or_default();
        segments.sort_by_key(|s| (s.start, s.end, s.coder, s.code, s.id));
        for selection in
            segments.chunk_by(|a, b| (a.start, a.end, a.coder) == (b.start, b.end, b.coder))
        {
            let first = selection[0];
            let selection_guid = guid_text(derived_guid(
                "selection",
                &[
                    document.id.0.as_bytes(),
                    &first.start.to_le_bytes(),
                    &first.end.to_le_bytes(),
                    first.coder.0.as_bytes(),
                ],
            ));
            let name = document
                .text
                .slice(first.range())
                .map(selection_name)
                .unwrap_or_default();
            let coder = guid_text(first.coder.0);
            let earliest = selection
                .iter()
                .map(|s| s.created.as_str())
                .filter(|c| valid_date_time(c))
                .min();
            w.start(
                "PlainTextSelection",
                &[
                    ("guid", Some(&selection_guid)),
                    ("name", Some(&name)),
                    ("startPosition", Some(&first.start.to_string())),
                    ("endPosition", Some(&first.end.to_string())),
                    ("creatingUser", Some(&coder)),
                    ("creationDateTime", earliest),
                ],
            );
            for segment in selection {
                let created = valid_date_time(&segment.created).then_some(segment.created.as_str());
                if created.is_none() {
                    bad_dates += 1;
                }
                w.start(
                    "Coding",
                    &[
                        ("guid", Some(&guid_text(segment.id.0))),
                        ("creatingUser", Some(&coder)),
                        ("creationDateTime", created),
                    ],
                );
                w.empty(
                    "CodeRef",
                    &[("targetGUID", Some(&guid_text(segment.code.0)))],
                );
                if !segment.memo.is_empty() {
                    let note = guid_text(derived_guid("coding-memo", &[segment.id.0.as_bytes()]));
                    w.empty("NoteRef", &[("targetGUID", Some(&note))]);
                    notes.push(Note {
                        guid: note,
                        name: format!(
                            "Memo: {} in {} ({}–{})",
                            project.code_path(segment.code),
                            document.name,
                            segment.start,
                            segment.end
                        ),
                        text: segment.memo.clone(),
                    });
                }
                w.end();
            }
            w.end();
        }
        w.end();
        files.push(SourceFile {
            path,
            text: document.text.as_str(),
        });
    }
    w.end();
    if bad_dates > 0 {
        report.lines.push(format!(
            "{} a creation time that is not an XML date and time: written without one",
            plural(bad_dates, "coding has", "codings have")
        ));
    }
    files
}

/// Whether `text` is an `xsd:dateTime` Coda writes (RFC 3339).
fn valid_date_time(text: &str) -> bool {
    humantime::parse_rfc3339_weak(text).is_ok() && text.contains('T')
}

/// What goes into the "Coda details" note, with a report line naming it.
fn project_details(project: &Project, report: &mut ExportReport) -> Details {
    let documents: Vec<DocumentDetails> = project
        .documents
        .iter()
        .map(|d| DocumentDetails {
            id: d.id,
            file_name: d.source.file_name.clone(),
            format: d.source.format,
            encoding: d.source.encoding.clone(),
            styles: d.styles.clone(),
            pages: d.pages.clone(),
        })
        .collect();
    let hotkeys: Vec<_> = project
        .codes
        .iter()
        .filter_map(|c| c.hotkey.map(|k| (c.id, k)))
        .collect();
    let mut kept = vec!["the project's id and current coder".to_string()];
    if !tree_order_is_list_order(project) {
        kept.push("the codebook's list order".into());
    }
    if !hotkeys.is_empty() {
        kept.push(format!("hotkeys ({})", hotkeys.len()));
    }
    if !documents.is_empty() {
        kept.push("each document's original file name, format and encoding".into());
    }
    let styled = project
        .documents
        .iter()
        .filter(|d| !d.styles.is_empty())
        .count();
    if styled > 0 {
        kept.push(format!(
            "the styles of {}",
            plural(styled, "document", "documents")
        ));
    }
    let paged = project
        .documents
        .iter()
        .filter(|d| !d.pages.is_empty())
        .count();
    if paged > 0 {
        kept.push(format!(
            "the page maps of {}",
            plural(paged, "document", "documents")
        ));
    }
    if !project.coverage.is_empty() {
        kept.push(format!(
            "coverage ({}, which text each coder coded)",
            plural(project.coverage.len(), "entry", "entries")
        ));
    }
    report.lines.push(format!(
        "REFI-QDA has no place for {}: kept in the project note \"{}\", which Coda reads back \
         and other programs show as a note",
        crate::wording::join_names(&kept),
        details::NOTE_NAME
    ));
    Details {
        project_id: Some(project.id),
        current_coder: project.current_coder,
        code_order: project.codes.iter().map(|c| c.id).collect(),
        hotkeys,
        documents,
        coverage: project.coverage.clone(),
        property_variables: None,
    }
}

/// Report texts holding characters XML cannot carry (they are left out of the file).
fn check_writable(project: &Project, report: &mut ExportReport) {
    let mut names = Vec::new();
    for document in &project.documents {
        if has_unwritable_chars(&document.name) || has_unwritable_chars(&document.memo) {
            names.push(format!("document {:?}", document.name));
        }
    }
    for code in &project.codes {
        let texts = [
            &code.name,
            &code.description,
            &code.inclusion,
            &code.exclusion,
            &code.example,
            &code.memo,
        ];
        if texts.iter().any(|t| has_unwritable_chars(t)) {
            names.push(format!("code {:?}", project.code_path(code.id)));
        }
    }
    if project
        .segments
        .values()
        .any(|s| has_unwritable_chars(&s.memo))
    {
        names.push("coding memos".into());
    }
    if !names.is_empty() {
        report.lines.push(format!(
            "control characters that XML cannot hold were left out of the names and memos of: {}",
            crate::wording::join_names(&names)
        ));
    }
}
