//! Several coders' project files as one comparison: aligning the files into one project, and
//! choosing which coders to compare.
//!
//! Combining is the merge's job ([`combine`]); nothing else here depends on how the files were
//! combined, only on the combined project.

use crate::model::{Coder, CoderId, Project};
use std::collections::HashSet;

/// Combines several coders' projects into one with the lossless merge (`crate::merge`):
/// documents matched by content hash, codes by id then full path, coders by id then name.
/// Where files disagree about a code's name or criteria, the first file's value is kept: the
/// statistics depend only on which text each coder coded with which (matched) code.
pub fn combine(inputs: &[(String, Project)]) -> Result<Project, crate::merge::MergeError> {
    let merge_inputs: Vec<crate::merge::MergeInput> = inputs
        .iter()
        .map(|(label, project)| crate::merge::MergeInput::new(label, project))
        .collect();
    crate::merge::merge(&merge_inputs, &crate::merge::Resolution::First).map(|m| m.project)
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
    use crate::model::{
        Code, CodeId, Color, Document, DocumentSource, Segment, SegmentId, SourceFormat,
    };

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
        let p = push.id;
        project.codes.extend([push, jobs, channels]);
        for (name, text) in docs {
            project.documents.push(document(name, text));
        }
        File {
            project,
            coder,
            push: p,
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
        let one = combine(&[("a.ron".into(), a.project.clone())]).unwrap();
        let chosen = choose_coders(&one, &inputs[..1], &[]).unwrap();
        assert_eq!(names(&one, &chosen), ["Ann"]);
        // Several: Bob's empty file still makes Bob a coder who coded nothing; Cem too.
        let combined = combine(&[
            ("a.ron".into(), a.project),
            ("b.ron".into(), b.project),
            ("c.ron".into(), c.project),
        ])
        .unwrap();
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
        let combined =
            combine(&[("a.ron".into(), a.project), ("b.ron".into(), b.project)]).unwrap();
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
