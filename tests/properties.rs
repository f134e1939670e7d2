//! Property tests of the edit path and the project file:
//! - an edit that fails changes nothing; one that succeeds keeps every invariant, and its
//!   inverse restores the project exactly;
//! - undoing a whole random history gives back the start, redoing it gives back the end;
//! - deleting codes never leaves orphan segments or subcodes;
//! - save → load → save gives identical bytes and an equal project.

mod common;

use coda::io::project_file::{from_ron_str, to_ron_string};
use coda::model::{CharRange, Code, Coder, CoderId, Color, Project, Segment, SegmentId, validate};
use coda::ops::{CodeField, DeletePolicy, Edit, History, MemoTarget, apply};
use proptest::prelude::*;
use std::path::Path;

/// An edit described by small numbers, resolved against whatever the project holds when it is
/// applied (so that shrinking keeps sequences meaningful).
#[derive(Debug, Clone)]
enum Spec {
    RenameDocument(u8, String),
    DeleteDocument(u8),
    AddCode(Option<u8>, String, Option<u8>),
    RenameCode(u8, String),
    Recolour(u8, u8),
    SetHotkey(u8, Option<u8>),
    SetDescription(u8, String),
    MoveCode(u8, Option<u8>, u8),
    DeleteCode(u8, bool),
    MergeCodes(u8, u8),
    AddSegment(u8, u16, u16, u8, u8),
    RemoveSegment(u8),
    RecodeSegment(u8, u8),
    ResizeSegment(u8, u16, u16),
    SetMemo(u8, u8, String),
    AddCoder(String),
    SetCurrentCoder(Option<u8>),
    RenameProject(String),
}

fn name() -> impl Strategy<Value = String> {
    // Mostly ordinary names, sometimes empty, clashing or with the path separator.
    prop_oneof![
        4 => "[A-Za-zÀ-ž ]{1,10}",
        1 => Just(String::new()),
        1 => Just("Push factors".to_string()),
        1 => "[a-z]{1,3}/[a-z]{1,3}",
    ]
}

fn free_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,30}",
        any::<String>(),
        Just("quote \" backslash \\ hash # r#\"raw\"# \n newline".to_string()),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    let k = any::<u8>;
    prop_oneof![
        1 => (k(), name()).prop_map(|(a, n)| Spec::RenameDocument(a, n)),
        1 => k().prop_map(Spec::DeleteDocument),
        3 => (proptest::option::of(k()), name(), proptest::option::of(0u8..11))
            .prop_map(|(p, n, h)| Spec::AddCode(p, n, h)),
        1 => (k(), name()).prop_map(|(a, n)| Spec::RenameCode(a, n)),
        1 => (k(), k()).prop_map(|(a, c)| Spec::Recolour(a, c)),
        1 => (k(), proptest::option::of(0u8..11)).prop_map(|(a, h)| Spec::SetHotkey(a, h)),
        1 => (k(), free_text()).prop_map(|(a, t)| Spec::SetDescription(a, t)),
        1 => (k(), proptest::option::of(k()), k()).prop_map(|(a, p, i)| Spec::MoveCode(a, p, i)),
        1 => (k(), any::<bool>()).prop_map(|(a, b)| Spec::DeleteCode(a, b)),
        1 => (k(), k()).prop_map(|(a, b)| Spec::MergeCodes(a, b)),
        5 => (k(), any::<u16>(), 0u16..80, k(), k()).prop_map(|(d, s, l, c, r)| Spec::AddSegment(d, s, l, c, r)),
        1 => k().prop_map(Spec::RemoveSegment),
        1 => (k(), k()).prop_map(|(a, b)| Spec::RecodeSegment(a, b)),
        1 => (k(), any::<u16>(), 0u16..80).prop_map(|(a, s, l)| Spec::ResizeSegment(a, s, l)),
        1 => (0u8..4, k(), free_text()).prop_map(|(t, a, x)| Spec::SetMemo(t, a, x)),
        1 => name().prop_map(Spec::AddCoder),
        1 => proptest::option::of(k()).prop_map(Spec::SetCurrentCoder),
        1 => free_text().prop_map(Spec::RenameProject),
    ]
}

fn pick<T>(items: &[T], k: u8) -> Option<&T> {
    (!items.is_empty()).then(|| &items[k as usize % items.len()])
}

fn nth_segment(project: &Project, k: u8) -> Option<&Segment> {
    let n = project.segments.len();
    (n > 0).then(|| project.segments.values().nth(k as usize % n).unwrap())
}

/// Turn a spec into an edit against the current project (possibly an invalid one: that is part
/// of what is tested). `None` when there is nothing to act on.
fn resolve(project: &Project, spec: &Spec) -> Option<Edit> {
    let code = |k: u8| pick(&project.codes, k).map(|c| c.id);
    let doc = |k: u8| pick(&project.documents, k);
    Some(match spec.clone() {
        Spec::RenameDocument(k, name) => Edit::RenameDocument {
            id: doc(k)?.id,
            name,
        },
        Spec::DeleteDocument(k) => Edit::DeleteDocument(doc(k)?.id),
        Spec::AddCode(parent, name, hotkey) => {
            let mut new = Code::new(
                name,
                parent.and_then(code),
                Color::from_palette(project.codes.len()),
            );
            new.hotkey = hotkey;
            Edit::InsertCode {
                index: project.codes.len() / 2,
                code: Box::new(new),
            }
        }
        Spec::RenameCode(k, name) => Edit::SetCodeField {
            id: code(k)?,
            field: CodeField::Name(name),
        },
        Spec::Recolour(k, c) => Edit::SetCodeField {
            id: code(k)?,
            field: CodeField::Color(Color::from_palette(c as usize)),
        },
        Spec::SetHotkey(k, h) => Edit::SetCodeField {
            id: code(k)?,
            field: CodeField::Hotkey(h),
        },
        Spec::SetDescription(k, t) => Edit::SetCodeField {
            id: code(k)?,
            field: CodeField::Description(t),
        },
        Spec::MoveCode(k, parent, index) => Edit::MoveCode {
            id: code(k)?,
            parent: parent.and_then(code),
            index: index as usize % (project.codes.len() + 1),
        },
        Spec::DeleteCode(k, delete) => Edit::DeleteCode {
            id: code(k)?,
            policy: if delete {
                DeletePolicy::DeleteSegments
            } else {
                DeletePolicy::MoveToParent
            },
        },
        Spec::MergeCodes(a, b) => Edit::MergeCodes {
            from: code(a)?,
            into: code(b)?,
        },
        Spec::AddSegment(d, start, len, c, r) => {
            let document = doc(d)?;
            let n = document.text.char_len().max(1);
            let start = start as usize % n;
            Edit::InsertSegment(Box::new(Segment {
                id: SegmentId::new(),
                document: document.id,
                start,
                end: start + len as usize,
                code: code(c)?,
                coder: pick(&project.coders, r)?.id,
                created: "2026-11-22T00:00:00Z".into(),
                memo: String::new(),
            }))
        }
        Spec::RemoveSegment(k) => Edit::RemoveSegment(nth_segment(project, k)?.id),
        Spec::RecodeSegment(k, c) => Edit::SetSegmentCode {
            id: nth_segment(project, k)?.id,
            code: code(c)?,
        },
        Spec::ResizeSegment(k, start, len) => {
            let segment = nth_segment(project, k)?;
            let n = project.document(segment.document)?.text.char_len().max(1);
            let start = start as usize % n;
            Edit::ResizeSegment {
                id: segment.id,
                range: CharRange::new(start, start + len as usize),
            }
        }
        Spec::SetMemo(target, k, text) => Edit::SetMemo {
            target: match target {
                0 => MemoTarget::Project,
                1 => MemoTarget::Document(doc(k)?.id),
                2 => MemoTarget::Code(code(k)?),
                _ => MemoTarget::Segment(nth_segment(project, k)?.id),
            },
            text,
        },
        Spec::AddCoder(name) => Edit::InsertCoder {
            index: project.coders.len(),
            coder: Coder {
                id: CoderId::new(),
                name,
            },
        },
        Spec::SetCurrentCoder(k) => Edit::SetCurrentCoder(match k {
            Some(k) => Some(pick(&project.coders, k)?.id),
            None => None,
        }),
        Spec::RenameProject(name) => Edit::RenameProject(name),
    })
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec("\\PC{1,120}(\n\\PC{0,60}){0,3}", 1..4)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_edit_is_undone_exactly_and_keeps_invariants(
        texts in texts(),
        specs in proptest::collection::vec(spec(), 1..40),
    ) {
        let mut project = common::small_project(&texts);
        let start = project.clone();
        let mut history = History::new();
        for spec in &specs {
            let Some(edit) = resolve(&project, spec) else { continue };
            let before = project.clone();
            match apply(&mut project, edit.clone()) {
                Err(_) => prop_assert_eq!(&project, &before, "a failed edit changed the project"),
                Ok(inverse) => {
                    let problems = validate(&project);
                    prop_assert!(problems.is_empty(), "{:?} broke invariants: {:?}", edit, problems);
                    let mut undone = project.clone();
                    apply(&mut undone, inverse).expect("an inverse applies");
                    prop_assert_eq!(&undone, &before, "the inverse of {:?} did not restore the project", edit);
                    // Replay through the history to test undo/redo of the whole sequence.
                    project = before;
                    history.apply(&mut project, edit, "step").expect("applied once already");
                }
            }
        }
        let end = project.clone();
        while history.undo(&mut project).expect("undo applies").is_some() {}
        prop_assert_eq!(&project, &start);
        prop_assert!(!history.is_dirty());
        while history.redo(&mut project).expect("redo applies").is_some() {}
        prop_assert_eq!(&project, &end);
    }

    #[test]
    fn deleting_codes_never_orphans(
        texts in texts(),
        specs in proptest::collection::vec(spec(), 1..30),
        victims in proptest::collection::vec((any::<u8>(), any::<bool>()), 1..6),
    ) {
        let mut project = common::small_project(&texts);
        for spec in &specs {
            if let Some(edit) = resolve(&project, spec) {
                let _ = apply(&mut project, edit);
            }
        }
        for (k, delete_segments) in victims {
            let Some(code) = pick(&project.codes, k).map(|c| c.id) else { break };
            let segments_before = project.segments.len();
            let policy = if delete_segments { DeletePolicy::DeleteSegments } else { DeletePolicy::MoveToParent };
            if apply(&mut project, Edit::DeleteCode { id: code, policy }).is_ok() {
                prop_assert!(project.code(code).is_none());
                prop_assert!(validate(&project).is_empty(), "{:?}", validate(&project));
                if policy == DeletePolicy::MoveToParent {
                    // Segments are recoded, or merged into an identical one of the parent.
                    prop_assert!(project.segments.len() <= segments_before);
                }
            }
        }
    }

    #[test]
    fn project_file_round_trips_to_identical_bytes(
        texts in proptest::collection::vec(any::<String>().prop_filter("non-empty", |s| !s.is_empty()), 1..4),
        specs in proptest::collection::vec(spec(), 0..40),
    ) {
        let mut project = common::small_project(&texts);
        for spec in &specs {
            if let Some(edit) = resolve(&project, spec) {
                let _ = apply(&mut project, edit);
            }
        }
        let first = to_ron_string(&project);
        let loaded = from_ron_str(&first, Path::new("mem.ron")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&loaded, &project);
        let second = to_ron_string(&loaded);
        prop_assert_eq!(first, second);
    }
}
