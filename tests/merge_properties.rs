//! Properties of `merge` on random projects: copies of one base project changed independently
//! (as coders change their copies: codings added, removed, resized, recoded; codes added,
//! renamed, moved, recoloured; documents added and deleted; memos), and now and then a project
//! made independently with the same texts and names but other ids.
//!
//! - lossless: every coding of every input is in the output under the mapped ids, with its
//!   memo; identical codings once; the output is valid;
//! - idempotent: merging the output with any input, or with itself, changes nothing; merging a
//!   file with itself gives the file;
//! - order-independent: another order of the inputs gives the same documents, codes (as sets of
//!   matched input codes), coders, codings, memos and conflicts: only ids and order differ.

mod common;

use coda::merge::{MergeInput, Merged, Resolution, merge};
use coda::model::{
    Code, CodeId, Coder, CoderId, Color, Document, Project, ProjectId, Segment, SegmentId, validate,
};
use coda::ops::{CodeField, Edit, MemoTarget, apply};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};

const TEXTS: [&str; 4] = [
    "Migrants in Russia are recruited online.",
    "The state funds rehabilitation centres.",
    "Телеграм-каналы вербуют молодёжь.",
    "Short.",
];
const DOCUMENT_NAMES: [&str; 3] = ["a.txt", "b.txt", "c.txt"];
const CODE_NAMES: [&str; 4] = ["Push", "Online", "Debt", "Jobs"];
const CODER_NAMES: [&str; 3] = ["Alice", "Bob", "Cem"];
const MEMOS: [&str; 6] = ["", "note", "other", "note\n\nother", " ", "x\n\nnote"];
const FIELD_TEXTS: [&str; 3] = ["", "why", "how"];

/// One change a coder makes to their copy; numbers pick among what the project holds.
#[derive(Debug, Clone)]
enum Change {
    AddCoder(usize),
    RenameCoder(u8, usize),
    AddCode(Option<u8>, usize),
    RenameCode(u8, usize),
    Recolour(u8, u8),
    Describe(u8, usize),
    MoveCode(u8, Option<u8>),
    Hotkey(u8, Option<u8>),
    CodeMemo(u8, usize),
    AddCoding(u8, u8, u8, u8, u8, usize),
    RemoveCoding(u8),
    ResizeCoding(u8, u8, u8),
    RecodeCoding(u8, u8),
    CodingMemo(u8, usize),
    AddDocument(usize, usize),
    DeleteDocument(u8),
    DocumentMemo(u8, usize),
    ProjectMemo(usize),
}

/// A change as six random bytes (cheap to generate, so that 10,000 cases run in seconds): the
/// first picks the kind, with the weights below, the others what it applies to.
type ChangeBytes = [u8; 6];

const KINDS: [u8; 25] = [
    0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9, 9, 9, 10, 11, 12, 13, 13, 14, 15, 16, 17,
];

fn decode(bytes: ChangeBytes) -> Change {
    let [kind, a, b, c, d, e] = bytes;
    let of = |x: u8, n: usize| x as usize % n;
    let maybe = |x: u8| (!x.is_multiple_of(4)).then_some(x / 4);
    match KINDS[of(kind, KINDS.len())] {
        0 => Change::AddCoder(of(a, CODER_NAMES.len())),
        1 => Change::RenameCoder(a, of(b, CODER_NAMES.len())),
        2 => Change::AddCode(maybe(a), of(b, CODE_NAMES.len())),
        3 => Change::RenameCode(a, of(b, CODE_NAMES.len())),
        4 => Change::Recolour(a, b % 3),
        5 => Change::Describe(a, of(b, FIELD_TEXTS.len())),
        6 => Change::MoveCode(a, maybe(b)),
        7 => Change::Hotkey(a, maybe(b).map(|k| 1 + k % 3)),
        8 => Change::CodeMemo(a, of(b, MEMOS.len())),
        9 => Change::AddCoding(a, b % 6, 1 + c % 5, d, e, of(kind / 25, MEMOS.len())),
        10 => Change::RemoveCoding(a),
        11 => Change::ResizeCoding(a, b % 6, 1 + c % 5),
        12 => Change::RecodeCoding(a, b),
        13 => Change::CodingMemo(a, of(b, MEMOS.len())),
        14 => Change::AddDocument(of(a, TEXTS.len()), of(b, DOCUMENT_NAMES.len())),
        15 => Change::DeleteDocument(a),
        16 => Change::DocumentMemo(a, of(b, MEMOS.len())),
        _ => Change::ProjectMemo(of(a, MEMOS.len())),
    }
}

/// An input: whether it was made independently (other ids), and the changes made to it.
fn inputs() -> impl Strategy<Value = Vec<(bool, Vec<ChangeBytes>)>> {
    proptest::collection::vec(
        (
            proptest::bool::weighted(0.2),
            proptest::collection::vec(any::<ChangeBytes>(), 0..8),
        ),
        2..=3,
    )
}

fn document(name: &str, text: &str, id: u128) -> Document {
    let mut doc = common::text_document(name, text);
    doc.id = coda::model::DocId::from_u128(id);
    doc
}

/// The base every copy starts from: two documents, two coders, three codes, two codings. Its
/// ids are derived from `lineage`, so an independent project has other ids.
fn base(lineage: u128) -> Project {
    let id = |k: u128| (lineage << 64) | k;
    let code = |name: &str, parent: Option<CodeId>, k: u128| {
        let mut c = Code::new(name, parent, Color::from_palette(k as usize));
        c.id = CodeId::from_u128(id(k));
        c
    };
    let push = code("Push", None, 10);
    let jobs = code("Jobs", Some(push.id), 11);
    let online = code("Online", None, 12);
    let coders = vec![
        Coder {
            id: CoderId::from_u128(id(20)),
            name: "Alice".into(),
        },
        Coder {
            id: CoderId::from_u128(id(21)),
            name: "Bob".into(),
        },
    ];
    let documents = vec![
        document(DOCUMENT_NAMES[0], TEXTS[0], id(30)),
        document(DOCUMENT_NAMES[1], TEXTS[1], id(31)),
    ];
    let segment =
        |k: u128, doc: usize, start, end, code: CodeId, coder: usize, memo: &str| Segment {
            id: SegmentId::from_u128(id(k)),
            document: documents[doc].id,
            start,
            end,
            code,
            coder: coders[coder].id,
            created: "2026-11-22T10:00:00Z".into(),
            memo: memo.into(),
        };
    let segments = [
        segment(40, 0, 0, 5, push.id, 0, ""),
        segment(41, 1, 2, 8, online.id, 1, "note"),
    ];
    Project {
        id: ProjectId::from_u128(id(1)),
        name: "Study".into(),
        memo: String::new(),
        current_coder: Some(coders[0].id),
        coders,
        codes: vec![push, jobs, online],
        documents,
        segments: segments.into_iter().map(|s| (s.id, s)).collect(),
        coverage: Vec::new(),
        variables: Vec::new(),
        values: Vec::new(),
        groups: Vec::new(),
    }
}

fn pick<T>(items: &[T], k: u8) -> Option<&T> {
    (!items.is_empty()).then(|| &items[k as usize % items.len()])
}

fn nth_segment(p: &Project, k: u8) -> Option<SegmentId> {
    let n = p.segments.len();
    (n > 0).then(|| *p.segments.keys().nth(k as usize % n).unwrap())
}

/// Make the change if it is valid for the project (invalid edits change nothing).
fn change_project(p: &mut Project, change: &Change, next_id: &mut impl FnMut() -> u128) {
    let code = |p: &Project, k: u8| pick(&p.codes, k).map(|c| c.id);
    let edit = match change.clone() {
        Change::AddCoder(n) => Some(Edit::InsertCoder {
            index: p.coders.len(),
            coder: Coder {
                id: CoderId::from_u128(next_id()),
                name: CODER_NAMES[n].into(),
            },
        }),
        Change::RenameCoder(c, n) => {
            // No edit renames a coder; a file edited elsewhere may have.
            if p.coder_by_name(CODER_NAMES[n]).is_none() && !p.coders.is_empty() {
                let i = c as usize % p.coders.len();
                p.coders[i].name = CODER_NAMES[n].into();
            }
            None
        }
        Change::AddCode(parent, n) => {
            let parent = parent.and_then(|k| code(p, k));
            let mut new = Code::new(CODE_NAMES[n], parent, Color::from_palette(n));
            new.id = CodeId::from_u128(next_id());
            Some(Edit::InsertCode {
                index: p.codes.len(),
                code: Box::new(new),
            })
        }
        Change::RenameCode(c, n) => code(p, c).map(|id| Edit::SetCodeField {
            id,
            field: CodeField::Name(CODE_NAMES[n].into()),
        }),
        Change::Recolour(c, x) => code(p, c).map(|id| Edit::SetCodeField {
            id,
            field: CodeField::Color(Color::from_palette(7 + x as usize)),
        }),
        Change::Describe(c, t) => code(p, c).map(|id| Edit::SetCodeField {
            id,
            field: CodeField::Description(FIELD_TEXTS[t].into()),
        }),
        Change::MoveCode(c, parent) => code(p, c).map(|id| Edit::MoveCode {
            id,
            parent: parent.and_then(|k| code(p, k)),
            index: 0,
        }),
        Change::Hotkey(c, h) => code(p, c).map(|id| Edit::SetCodeField {
            id,
            field: CodeField::Hotkey(h),
        }),
        Change::CodeMemo(c, m) => code(p, c).map(|id| Edit::SetMemo {
            target: MemoTarget::Code(id),
            text: MEMOS[m].into(),
        }),
        Change::AddCoding(d, start, len, c, r, m) => {
            match (pick(&p.documents, d), code(p, c), pick(&p.coders, r)) {
                (Some(doc), Some(code), Some(coder)) => {
                    Some(Edit::InsertSegment(Box::new(Segment {
                        id: SegmentId::from_u128(next_id()),
                        document: doc.id,
                        start: start as usize,
                        end: (start + len) as usize,
                        code,
                        coder: coder.id,
                        created: format!("2026-11-2{}T10:00:00Z", len),
                        memo: MEMOS[m].into(),
                    })))
                }
                _ => None,
            }
        }
        Change::RemoveCoding(g) => nth_segment(p, g).map(Edit::RemoveSegment),
        Change::ResizeCoding(g, start, len) => nth_segment(p, g).map(|id| Edit::ResizeSegment {
            id,
            range: coda::model::CharRange::new(start as usize, (start + len) as usize),
        }),
        Change::RecodeCoding(g, c) => match (nth_segment(p, g), code(p, c)) {
            (Some(id), Some(code)) => Some(Edit::SetSegmentCode { id, code }),
            _ => None,
        },
        Change::CodingMemo(g, m) => nth_segment(p, g).map(|id| Edit::SetMemo {
            target: MemoTarget::Segment(id),
            text: MEMOS[m].into(),
        }),
        Change::AddDocument(t, n) => Some(Edit::InsertDocument {
            index: p.documents.len(),
            document: Box::new(document(DOCUMENT_NAMES[n], TEXTS[t], next_id())),
        }),
        Change::DeleteDocument(d) => pick(&p.documents, d).map(|doc| Edit::DeleteDocument(doc.id)),
        Change::DocumentMemo(d, m) => pick(&p.documents, d).map(|doc| Edit::SetMemo {
            target: MemoTarget::Document(doc.id),
            text: MEMOS[m].into(),
        }),
        Change::ProjectMemo(m) => Some(Edit::SetMemo {
            target: MemoTarget::Project,
            text: MEMOS[m].into(),
        }),
    };
    if let Some(edit) = edit {
        let _ = apply(p, edit);
    }
}

fn build(specs: &[(bool, Vec<ChangeBytes>)]) -> Vec<Project> {
    specs
        .iter()
        .enumerate()
        .map(|(i, (independent, changes))| {
            let i = i as u128;
            let mut p = base(if *independent { 1 + i } else { 0 });
            let mut counter = 0u128;
            let mut next_id = || {
                counter += 1;
                ((100 + i) << 64) | counter
            };
            for &bytes in changes {
                change_project(&mut p, &decode(bytes), &mut next_id);
            }
            assert!(
                validate(&p).is_empty(),
                "the generator makes valid projects"
            );
            p
        })
        .collect()
}

fn run(projects: &[&Project]) -> Merged {
    let labels: Vec<String> = (0..projects.len())
        .map(|i| format!("file{i}.ron"))
        .collect();
    let inputs: Vec<MergeInput> = labels
        .iter()
        .zip(projects)
        .map(|(l, p)| MergeInput::new(l, p))
        .collect();
    merge(&inputs, &Resolution::First).expect("valid projects merge")
}

/// A merged code or coder named by the input items it came from: (input, id) pairs, the input
/// counted in the original order.
type Origin<Id> = BTreeSet<(usize, Id)>;

/// A merged coding without ids: (document hash, start, end, code, coder, memo, created).
type CanonicalCoding = (
    String,
    usize,
    usize,
    Origin<CodeId>,
    Origin<CoderId>,
    String,
    String,
);

/// The output without its ids and order: everything identified by the input items it came from.
#[derive(Debug, PartialEq, Eq)]
struct Canonical {
    memo: String,
    documents: Vec<(String, String)>,
    coders: Vec<Origin<CoderId>>,
    codes: Vec<(Origin<CodeId>, String)>,
    segments: Vec<CanonicalCoding>,
    conflicts: Vec<(Origin<CodeId>, String)>,
}

/// `original[k]`: the position in the original order of the k-th input of this run.
fn canonical(out: &Merged, original: &[usize]) -> Canonical {
    let mut code_sets: BTreeMap<CodeId, Origin<CodeId>> = BTreeMap::new();
    let mut coder_sets: BTreeMap<CoderId, Origin<CoderId>> = BTreeMap::new();
    for (k, map) in out.maps.iter().enumerate() {
        for (&from, &to) in &map.codes {
            code_sets.entry(to).or_default().insert((original[k], from));
        }
        for (&from, &to) in &map.coders {
            coder_sets
                .entry(to)
                .or_default()
                .insert((original[k], from));
        }
    }
    let p = &out.project;
    let mut documents: Vec<(String, String)> = p
        .documents
        .iter()
        .map(|d| (d.hash.clone(), d.memo.clone()))
        .collect();
    documents.sort();
    let mut coders: Vec<_> = coder_sets.values().cloned().collect();
    coders.sort();
    let mut codes: Vec<_> = p
        .codes
        .iter()
        .map(|c| (code_sets[&c.id].clone(), c.memo.clone()))
        .collect();
    codes.sort();
    let mut segments: Vec<_> = p
        .segments
        .values()
        .map(|s| {
            (
                p.document(s.document).unwrap().hash.clone(),
                s.start,
                s.end,
                code_sets[&s.code].clone(),
                coder_sets[&s.coder].clone(),
                s.memo.clone(),
                s.created.clone(),
            )
        })
        .collect();
    segments.sort();
    let mut conflicts: Vec<_> = out
        .report
        .conflicts
        .iter()
        .map(|c| {
            (
                code_sets[&c.key.code].clone(),
                c.key.field.label().to_string(),
            )
        })
        .collect();
    conflicts.sort();
    Canonical {
        memo: p.memo.clone(),
        documents,
        coders,
        codes,
        segments,
        conflicts,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn merging_is_lossless(specs in inputs()) {
        let projects = build(&specs);
        let refs: Vec<&Project> = projects.iter().collect();
        let out = run(&refs);
        let problems = validate(&out.project);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let mut keys = HashSet::new();
        for (input, project) in projects.iter().enumerate() {
            let map = &out.maps[input];
            for s in project.segments.values() {
                let merged = &out.project.segments[&map.segments[&s.id]];
                prop_assert_eq!(merged.document, map.documents[&s.document]);
                prop_assert_eq!(
                    &out.project.document(merged.document).unwrap().hash,
                    &project.document(s.document).unwrap().hash
                );
                prop_assert_eq!((merged.start, merged.end), (s.start, s.end));
                prop_assert_eq!(merged.code, map.codes[&s.code]);
                prop_assert_eq!(merged.coder, map.coders[&s.coder]);
                prop_assert!(merged.memo.contains(s.memo.trim()), "memo {:?} lost: {:?}", s.memo, merged.memo);
                keys.insert((merged.document, s.start, s.end, merged.code, merged.coder));
            }
            for d in &project.documents {
                let merged = out.project.document(map.documents[&d.id]).unwrap();
                prop_assert_eq!(&merged.text, &d.text);
                prop_assert!(merged.memo.contains(d.memo.trim()));
            }
            for c in &project.codes {
                prop_assert!(out.project.code(map.codes[&c.id]).unwrap().memo.contains(c.memo.trim()));
            }
            prop_assert!(out.project.memo.contains(project.memo.trim()));
        }
        // Identical codings once: one merged coding per distinct coding of the inputs.
        prop_assert_eq!(keys.len(), out.project.segments.len());
    }

    #[test]
    fn merging_again_changes_nothing(specs in inputs(), which in any::<proptest::sample::Index>()) {
        let projects = build(&specs);
        let refs: Vec<&Project> = projects.iter().collect();
        let merged = run(&refs).project;
        // With one of the inputs (a different one from case to case), and with itself.
        let input = which.get(&projects);
        for other in [input, &merged] {
            let again = run(&[&merged, other]);
            prop_assert_eq!(&again.project, &merged);
            prop_assert_eq!(again.report.inputs[1].added_segments, 0);
            prop_assert!(again.report.inputs[1].added_codes.is_empty());
        }
        // A file merged with itself is itself (identical codings in one file become one).
        let alone = run(&[input]).project;
        prop_assert_eq!(&run(&[input, input]).project, &alone);
        let distinct: HashSet<_> = input.segments.values().map(|s| (s.document, s.start, s.end, s.code, s.coder)).collect();
        if distinct.len() == input.segments.len() {
            prop_assert_eq!(&alone, input);
        }
    }

    #[test]
    fn input_order_changes_only_ids_and_order(specs in inputs(), rotate in 0usize..3, reverse in any::<bool>()) {
        let projects = build(&specs);
        let n = projects.len();
        let mut order: Vec<usize> = (0..n).map(|k| (k + rotate) % n).collect();
        if reverse {
            order.reverse();
        }
        let straight: Vec<usize> = (0..n).collect();
        let first = run(&projects.iter().collect::<Vec<_>>());
        let second = run(&order.iter().map(|&k| &projects[k]).collect::<Vec<_>>());
        prop_assert_eq!(canonical(&first, &straight), canonical(&second, &order));
    }
}
