//! Several coders' project files as one comparison: aligning the files into one project, and
//! choosing which coders to compare.
//!
//! [`align`] is a plain alignment, enough for agreement: documents are matched by content hash,
//! codes by id and then by full path, coders by id and then by name. It is meant to be replaced
//! by the lossless merge of `crate::merge` once that exists; nothing else here depends on how
//! the files were combined, only on the combined project.

use crate::model::{Code, CodeId, Coder, CoderId, DocId, Document, Project, Segment, SegmentId};
use std::collections::{HashMap, HashSet};

/// Combines several projects into one. The first is the base: it keeps its name, coders, codes,
/// documents and segments as they are. For each later project, in order:
///
/// * a document is the base document with the same content hash; otherwise it is added, keeping
///   its name unless a different document already has that name (then `NAME (from LABEL)`);
/// * a code is the code with the same id, else the code with the same path
///   (`Parent/Child`); otherwise it is added under its (mapped) parent, without its hotkey if
///   that hotkey is taken;
/// * a coder is the coder with the same id, else the one with the same name; otherwise added;
/// * each segment is copied with the mapped document, code and coder, unless the combined
///   project already has a segment of that coder, document, range and code.
///
/// Ids of added entities are kept unless already used for something else. Each input should
/// be valid (`model::validate`); the result then is too.
pub fn align(inputs: Vec<(String, Project)>) -> Project {
    let mut inputs = inputs.into_iter();
    let Some((_, mut combined)) = inputs.next() else {
        return Project::new("no projects");
    };
    let mut present: HashSet<SegmentKey> = combined.segments.values().map(key).collect();
    for (label, project) in inputs {
        let documents = map_documents(&mut combined, &project, &label);
        let codes = map_codes(&mut combined, &project);
        let coders = map_coders(&mut combined, &project);
        for segment in project.segments_sorted() {
            let (Some(&document), Some(&code), Some(&coder)) = (
                documents.get(&segment.document),
                codes.get(&segment.code),
                coders.get(&segment.coder),
            ) else {
                // A segment whose document, code or coder is not in its own file: an invalid
                // input, which callers reject before aligning.
                continue;
            };
            let copy = Segment {
                id: if combined.segments.contains_key(&segment.id) {
                    SegmentId::new()
                } else {
                    segment.id
                },
                document,
                code,
                coder,
                ..segment.clone()
            };
            if present.insert(key(&copy)) {
                combined.segments.insert(copy.id, copy);
            }
        }
    }
    combined
}

/// What makes two segments the same coding.
type SegmentKey = (DocId, usize, usize, CodeId, CoderId);

fn key(s: &Segment) -> SegmentKey {
    (s.document, s.start, s.end, s.code, s.coder)
}

fn map_documents(combined: &mut Project, project: &Project, label: &str) -> HashMap<DocId, DocId> {
    let mut map = HashMap::new();
    // Stored hashes: validation checks each against its text.
    let mut by_hash: HashMap<String, DocId> = HashMap::new();
    for d in &combined.documents {
        by_hash.entry(d.hash.clone()).or_insert(d.id);
    }
    for doc in &project.documents {
        if let Some(&existing) = by_hash.get(&doc.hash) {
            map.insert(doc.id, existing);
            continue;
        }
        let mut added: Document = doc.clone();
        if combined.document(added.id).is_some() {
            added.id = DocId::new();
        }
        if combined.document_by_name(&added.name).is_some() {
            let base = format!("{} (from {label})", doc.name);
            added.name = base.clone();
            let mut n = 2;
            while combined.document_by_name(&added.name).is_some() {
                added.name = format!("{base} {n}");
                n += 1;
            }
        }
        map.insert(doc.id, added.id);
        by_hash.insert(added.hash.clone(), added.id);
        combined.documents.push(added);
    }
    map
}

/// The codes of `project`, parents before their children (codebook order among siblings).
fn parents_first(project: &Project) -> Vec<&Code> {
    let mut order: Vec<&Code> = Vec::with_capacity(project.codes.len());
    let mut seen = HashSet::new();
    let mut stack: Vec<&Code> = project.children(None).collect();
    stack.reverse();
    while let Some(code) = stack.pop() {
        if !seen.insert(code.id) {
            continue;
        }
        order.push(code);
        let mut children: Vec<&Code> = project.children(Some(code.id)).collect();
        children.reverse();
        stack.extend(children);
    }
    // Codes unreachable from the top level (a broken parent link) come last.
    order.extend(project.codes.iter().filter(|c| !seen.contains(&c.id)));
    order
}

fn map_codes(combined: &mut Project, project: &Project) -> HashMap<CodeId, CodeId> {
    let mut map = HashMap::new();
    for code in parents_first(project) {
        if combined.code(code.id).is_some() {
            map.insert(code.id, code.id);
            continue;
        }
        if let Some(existing) = combined.code_by_path(&project.code_path(code.id)) {
            map.insert(code.id, existing.id);
            continue;
        }
        let mut added = code.clone();
        added.parent = code.parent.and_then(|p| map.get(&p).copied());
        if added
            .hotkey
            .is_some_and(|key| combined.code_with_hotkey(key).is_some())
        {
            added.hotkey = None;
        }
        map.insert(code.id, added.id);
        combined.codes.push(added);
    }
    map
}

fn map_coders(combined: &mut Project, project: &Project) -> HashMap<CoderId, CoderId> {
    let mut map = HashMap::new();
    for coder in &project.coders {
        let id = match combined
            .coder(coder.id)
            .or_else(|| combined.coder_by_name(&coder.name))
        {
            Some(existing) => existing.id,
            None => {
                combined.coders.push(coder.clone());
                coder.id
            }
        };
        map.insert(coder.id, id);
    }
    map
}

/// What one input file says about its coders: who has segments in it, and whose file it is
/// (the current coder). Taken from the file before combining.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputCoders {
    pub label: String,
    /// The coders with at least one segment in this file, in the file's coder order.
    pub coded: Vec<Coder>,
    /// The file's current coder.
    pub current: Option<Coder>,
}

impl InputCoders {
    pub fn of(label: impl Into<String>, project: &Project) -> Self {
        let with_segments: HashSet<CoderId> = project.segments.values().map(|s| s.coder).collect();
        InputCoders {
            label: label.into(),
            coded: project
                .coders
                .iter()
                .filter(|c| with_segments.contains(&c.id))
                .cloned()
                .collect(),
            current: project
                .current_coder
                .and_then(|id| project.coder(id))
                .cloned(),
        }
    }
}

/// Why the coders to compare could not be chosen.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CoderChoiceError {
    #[error("no coder named {name:?}; the coders found are: {}", .available.join(", "))]
    UnknownCoder {
        name: String,
        available: Vec<String>,
    },
    #[error("the coder {0:?} is given twice")]
    Twice(String),
}

/// The coder of the combined project that an input file's coder became (same id, else the same
/// name), as [`align`] maps them.
fn in_combined(combined: &Project, coder: &Coder) -> Option<CoderId> {
    combined
        .coder(coder.id)
        .or_else(|| combined.coder_by_name(&coder.name))
        .map(|c| c.id)
}

/// The coders to compare, in the combined project's coder order.
///
/// * `explicit` names given (`--coder`): exactly those, in the order given; a name must be a
///   coder of the combined project, and may be given once.
/// * otherwise, from one file: the coders with at least one segment;
/// * from several files: every coder with a segment in any file, plus each file's current
///   coder (whose empty file means they coded nothing). A coder found in several files is one
///   coder.
pub fn choose_coders(
    combined: &Project,
    inputs: &[InputCoders],
    explicit: &[String],
) -> Result<Vec<CoderId>, CoderChoiceError> {
    if !explicit.is_empty() {
        let mut chosen = Vec::with_capacity(explicit.len());
        for name in explicit {
            let Some(coder) = combined.coder_by_name(name) else {
                return Err(CoderChoiceError::UnknownCoder {
                    name: name.clone(),
                    available: combined.coders.iter().map(|c| c.name.clone()).collect(),
                });
            };
            if chosen.contains(&coder.id) {
                return Err(CoderChoiceError::Twice(name.clone()));
            }
            chosen.push(coder.id);
        }
        return Ok(chosen);
    }
    let mut wanted: HashSet<CoderId> = HashSet::new();
    for input in inputs {
        let current = if inputs.len() > 1 {
            input.current.as_ref()
        } else {
            None
        };
        for coder in input.coded.iter().chain(current) {
            wanted.extend(in_combined(combined, coder));
        }
    }
    Ok(combined
        .coders
        .iter()
        .map(|c| c.id)
        .filter(|id| wanted.contains(id))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Color, DocumentSource, SourceFormat, validate};

    fn document(name: &str, text: &str) -> Document {
        Document::new(
            name,
            DocumentSource {
                file_name: name.into(),
                format: SourceFormat::PlainText,
                encoding: "UTF-8".into(),
            },
            text.into(),
        )
    }

    /// One coder's file: the given documents, a codebook `Push/Jobs` + `Channels`, the coder
    /// as current coder.
    struct File {
        project: Project,
        coder: CoderId,
        push: CodeId,
        jobs: CodeId,
        channels: CodeId,
    }

    fn file(coder: &str, docs: &[(&str, &str)]) -> File {
        let mut project = Project::new(format!("{coder}'s file"));
        let me = Coder {
            id: CoderId::new(),
            name: coder.into(),
        };
        project.current_coder = Some(me.id);
        let coder = me.id;
        project.coders.push(me);
        let push = Code::new("Push", None, Color::from_palette(0));
        let jobs = Code::new("Jobs", Some(push.id), Color::from_palette(1));
        let channels = Code::new("Channels", None, Color::from_palette(2));
        let (p, j, c) = (push.id, jobs.id, channels.id);
        project.codes.extend([push, jobs, channels]);
        for (name, text) in docs {
            project.documents.push(document(name, text));
        }
        File {
            project,
            coder,
            push: p,
            jobs: j,
            channels: c,
        }
    }

    fn code(f: &mut File, doc: usize, start: usize, end: usize, code: CodeId) {
        let coder = f.coder;
        code_as(f, doc, start, end, code, coder);
    }

    fn code_as(f: &mut File, doc: usize, start: usize, end: usize, code: CodeId, coder: CoderId) {
        let segment = Segment {
            id: SegmentId::new(),
            document: f.project.documents[doc].id,
            start,
            end,
            code,
            coder,
            created: "2026-01-01T00:00:00Z".into(),
            memo: String::new(),
        };
        f.project.segments.insert(segment.id, segment);
    }

    /// (document name, start, end, code path, coder name) of every segment, sorted.
    fn codings(p: &Project) -> Vec<(String, usize, usize, String, String)> {
        let mut out: Vec<_> = p
            .segments
            .values()
            .map(|s| {
                (
                    p.document(s.document).unwrap().name.clone(),
                    s.start,
                    s.end,
                    p.code_path(s.code),
                    p.coder(s.coder).unwrap().name.clone(),
                )
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn one_input_is_returned_as_it_is() {
        let mut a = file("Ann", &[("d.txt", "some text")]);
        let push = a.push;
        code(&mut a, 0, 0, 4, push);
        let original = a.project.clone();
        assert_eq!(align(vec![("a.ron".into(), a.project)]), original);
    }

    #[test]
    fn documents_match_by_text_whatever_their_ids_and_names() {
        let mut a = file("Ann", &[("one.txt", "first text"), ("two.txt", "second")]);
        // Bob's file lists the documents in another order, under other names and ids.
        let mut b = file("Bob", &[("2.txt", "second"), ("1.txt", "first text")]);
        let (a_push, b_push) = (a.push, b.push);
        code(&mut a, 0, 0, 5, a_push);
        code(&mut b, 1, 0, 5, b_push);
        code(&mut b, 0, 1, 3, b_push);
        let combined = align(vec![
            ("a.ron".into(), a.project),
            ("b.ron".into(), b.project),
        ]);
        assert!(validate(&combined).is_empty(), "{:?}", validate(&combined));
        assert_eq!(combined.documents.len(), 2);
        assert_eq!(
            codings(&combined),
            [
                ("one.txt".into(), 0, 5, "Push".into(), "Ann".into()),
                ("one.txt".into(), 0, 5, "Push".into(), "Bob".into()),
                ("two.txt".into(), 1, 3, "Push".into(), "Bob".into()),
            ]
        );
    }

    #[test]
    fn a_document_only_one_file_has_is_added_and_a_clashing_name_is_qualified() {
        let a = file("Ann", &[("notes.txt", "Ann's notes")]);
        let mut b = file(
            "Bob",
            &[("notes.txt", "Bob's notes"), ("extra.txt", "extra")],
        );
        let b_channels = b.channels;
        code(&mut b, 0, 0, 3, b_channels);
        let combined = align(vec![
            ("a.ron".into(), a.project),
            ("b.ron".into(), b.project),
        ]);
        assert!(validate(&combined).is_empty(), "{:?}", validate(&combined));
        let names: Vec<&str> = combined.documents.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["notes.txt", "notes.txt (from b.ron)", "extra.txt"]);
        assert_eq!(
            codings(&combined),
            [(
                "notes.txt (from b.ron)".into(),
                0,
                3,
                "Channels".into(),
                "Bob".into()
            )]
        );
    }

    #[test]
    fn codes_match_by_id_then_by_path_and_new_codes_keep_their_parent() {
        let mut a = file("Ann", &[("d.txt", "0123456789")]);
        let mut b = file("Bob", &[("d.txt", "0123456789")]);
        // Bob's "Channels" is Ann's by id although he renamed it; his Push/Jobs matches by path.
        b.project.codes.retain(|c| c.id != b.channels);
        let mut renamed = a.project.code(a.channels).unwrap().clone();
        renamed.name = "Routes".into();
        b.project.codes.push(renamed);
        // A code only Bob has, under his Push, with a hotkey Ann's codebook already uses.
        a.project.codes[0].hotkey = Some(1);
        let mut family = Code::new("Family", Some(b.push), Color::from_palette(3));
        family.hotkey = Some(1);
        let family_id = family.id;
        b.project.codes.push(family);
        let (a_jobs, b_jobs, channels) = (a.jobs, b.jobs, a.channels);
        code(&mut a, 0, 0, 2, a_jobs);
        code(&mut b, 0, 0, 2, b_jobs);
        code(&mut b, 0, 2, 4, channels);
        code(&mut b, 0, 4, 6, family_id);
        let combined = align(vec![
            ("a.ron".into(), a.project),
            ("b.ron".into(), b.project),
        ]);
        assert!(validate(&combined).is_empty(), "{:?}", validate(&combined));
        let paths: Vec<String> = combined
            .codes
            .iter()
            .map(|c| combined.code_path(c.id))
            .collect();
        assert_eq!(paths, ["Push", "Push/Jobs", "Channels", "Push/Family"]);
        assert_eq!(combined.code(family_id).unwrap().hotkey, None);
        assert_eq!(
            codings(&combined),
            [
                ("d.txt".into(), 0, 2, "Push/Jobs".into(), "Ann".into()),
                ("d.txt".into(), 0, 2, "Push/Jobs".into(), "Bob".into()),
                ("d.txt".into(), 2, 4, "Channels".into(), "Bob".into()),
                ("d.txt".into(), 4, 6, "Push/Family".into(), "Bob".into()),
            ]
        );
    }

    #[test]
    fn coders_match_by_id_then_name_and_identical_segments_are_kept_once() {
        let mut a = file("Ann", &[("d.txt", "0123456789")]);
        let (ann, push) = (a.coder, a.push);
        code(&mut a, 0, 0, 5, push);
        // Bob started from a copy of Ann's file: the same ids, Ann's segment included.
        let bob = Coder {
            id: CoderId::new(),
            name: "Bob".into(),
        };
        let mut b = File {
            project: a.project.clone(),
            coder: bob.id,
            push,
            jobs: a.jobs,
            channels: a.channels,
        };
        b.project.coders.push(bob.clone());
        b.project.current_coder = Some(bob.id);
        code(&mut b, 0, 3, 8, push);
        // A file of her own by "Ann" with other ids: the same coder, matched by name; her
        // 0..5 there is the coding already present.
        let mut c = file("Ann", &[("d.txt", "0123456789")]);
        let c_push = c.push;
        code(&mut c, 0, 0, 5, c_push);
        code(&mut c, 0, 5, 9, c_push);
        let combined = align(vec![
            ("a.ron".into(), a.project),
            ("b.ron".into(), b.project),
            ("c.ron".into(), c.project),
        ]);
        assert!(validate(&combined).is_empty(), "{:?}", validate(&combined));
        assert_eq!(combined.coders.len(), 2);
        assert_eq!(combined.coder_by_name("Ann").unwrap().id, ann);
        assert_eq!(combined.codes.len(), 3);
        assert_eq!(
            codings(&combined),
            [
                ("d.txt".into(), 0, 5, "Push".into(), "Ann".into()),
                ("d.txt".into(), 3, 8, "Push".into(), "Bob".into()),
                ("d.txt".into(), 5, 9, "Push".into(), "Ann".into()),
            ]
        );
    }

    fn names(p: &Project, ids: &[CoderId]) -> Vec<String> {
        ids.iter()
            .map(|&id| p.coder(id).unwrap().name.clone())
            .collect()
    }

    #[test]
    fn coders_compared_by_default() {
        let mut a = file("Ann", &[("d.txt", "0123456789")]);
        let b = file("Bob", &[("d.txt", "0123456789")]);
        let mut c = file("Cem", &[("d.txt", "0123456789")]);
        let push = a.push;
        code(&mut a, 0, 0, 5, push);
        // Cem's file also holds a segment by Dana, who is not its current coder.
        let dana = Coder {
            id: CoderId::new(),
            name: "Dana".into(),
        };
        c.project.coders.push(dana.clone());
        let c_push = c.push;
        code_as(&mut c, 0, 1, 4, c_push, dana.id);
        let inputs = vec![
            InputCoders::of("a.ron", &a.project),
            InputCoders::of("b.ron", &b.project),
            InputCoders::of("c.ron", &c.project),
        ];
        // One file: only coders with segments (Ann alone).
        let one = align(vec![("a.ron".into(), a.project.clone())]);
        let chosen = choose_coders(&one, &inputs[..1], &[]).unwrap();
        assert_eq!(names(&one, &chosen), ["Ann"]);
        // Several: Bob's empty file still makes Bob a coder who coded nothing; Cem too.
        let combined = align(vec![
            ("a.ron".into(), a.project),
            ("b.ron".into(), b.project),
            ("c.ron".into(), c.project),
        ]);
        let chosen = choose_coders(&combined, &inputs, &[]).unwrap();
        assert_eq!(names(&combined, &chosen), ["Ann", "Bob", "Cem", "Dana"]);
    }

    #[test]
    fn coders_chosen_by_name() {
        let a = file("Ann", &[]);
        let b = file("Bob", &[]);
        let inputs = vec![
            InputCoders::of("a.ron", &a.project),
            InputCoders::of("b.ron", &b.project),
        ];
        let combined = align(vec![
            ("a.ron".into(), a.project),
            ("b.ron".into(), b.project),
        ]);
        let chosen = choose_coders(&combined, &inputs, &["Bob".into(), "Ann".into()]).unwrap();
        assert_eq!(names(&combined, &chosen), ["Bob", "Ann"]);
        assert_eq!(
            choose_coders(&combined, &inputs, &["Zoe".into()]),
            Err(CoderChoiceError::UnknownCoder {
                name: "Zoe".into(),
                available: vec!["Ann".into(), "Bob".into()],
            })
        );
        assert_eq!(
            choose_coders(&combined, &inputs, &["Ann".into(), "Ann".into()]),
            Err(CoderChoiceError::Twice("Ann".into()))
        );
    }
}
