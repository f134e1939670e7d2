//! Three-way merges resolved by side: each kind of conflict, taking ours and taking theirs.

mod fields;
mod invariants;
mod references;

use super::{Side, ThreeWayConflict, ThreeWayMerged, three_way, three_way_resolving};
use crate::merge::MergeError;
use crate::model::{
    Code, CodeId, Coder, CoderId, Color, Document, DocumentSource, Project, Segment, SegmentId,
    SourceFormat, validate,
};
use crate::ops::{CodeField, DeletePolicy, Edit, MemoTarget, apply};

fn edit(p: &mut Project, edit: Edit) {
    apply(p, edit).expect("a valid edit");
}

fn code(p: &Project, path: &str) -> CodeId {
    p.code_by_path(path)
        .unwrap_or_else(|| panic!("no code {path}"))
        .id
}

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

/// Two documents, coders Alice and Bob, codes "Push factors" > "Unemployment" and
/// "Recruitment channels", and one coding of Alice's.
fn base() -> Project {
    let mut p = Project::new("study");
    let push = Code::new("Push factors", None, Color::from_palette(0));
    let unemployment = Code::new("Unemployment", Some(push.id), Color::from_palette(1));
    let channels = Code::new("Recruitment channels", None, Color::from_palette(2));
    let mut edits = vec![
        Edit::InsertDocument {
            index: 0,
            document: Box::new(document("doc0.txt", "There is no work at home.")),
        },
        Edit::InsertDocument {
            index: 1,
            document: Box::new(document("doc1.txt", "Recruited online, on Telegram.")),
        },
    ];
    for (index, name) in ["Alice", "Bob"].into_iter().enumerate() {
        edits.push(Edit::InsertCoder {
            index,
            coder: Coder {
                id: CoderId::new(),
                name: name.into(),
            },
        });
    }
    for (index, code) in [push, unemployment, channels].into_iter().enumerate() {
        edits.push(Edit::InsertCode {
            index,
            code: Box::new(code),
        });
    }
    edit(&mut p, Edit::Batch(edits));
    coding(&mut p, 0, (0, 8), "Push factors", "Alice");
    p
}

fn coding(
    p: &mut Project,
    doc: usize,
    range: (usize, usize),
    path: &str,
    coder: &str,
) -> SegmentId {
    let segment = Segment {
        id: SegmentId::new(),
        document: p.documents[doc].id,
        start: range.0,
        end: range.1,
        code: code(p, path),
        coder: p.coder_by_name(coder).unwrap().id,
        created: "2026-11-22T10:00:00Z".into(),
        memo: String::new(),
    };
    let id = segment.id;
    edit(p, Edit::InsertSegment(Box::new(segment)));
    id
}

fn set(p: &mut Project, path: &str, field: CodeField) {
    let id = code(p, path);
    edit(p, Edit::SetCodeField { id, field });
}

fn add_code(p: &mut Project, parent: Option<&str>, name: &str) -> CodeId {
    let parent = parent.map(|path| code(p, path));
    let new = Code::new(name, parent, Color::from_palette(5));
    let id = new.id;
    let index = p.codes.len();
    edit(
        p,
        Edit::InsertCode {
            index,
            code: Box::new(new),
        },
    );
    id
}

fn delete_code(p: &mut Project, path: &str) {
    let id = code(p, path);
    edit(
        p,
        Edit::DeleteCode {
            id,
            policy: DeletePolicy::DeleteSegments,
        },
    );
}

/// Merge taking `side` for every conflict; the merge, and the conflicts asked about.
fn resolve(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    side: Side,
) -> (ThreeWayMerged, Vec<ThreeWayConflict>) {
    let mut asked = Vec::new();
    let merged = three_way_resolving(base, ours, theirs, &mut |c| {
        asked.push(c.clone());
        side
    })
    .unwrap_or_else(|e| panic!("taking {side}: {e}"));
    assert!(
        validate(&merged.project).is_empty(),
        "taking {side}: {:?}",
        validate(&merged.project)
    );
    assert_eq!(
        merged
            .resolved
            .iter()
            .map(|r| &r.conflict)
            .collect::<Vec<_>>(),
        asked.iter().collect::<Vec<_>>()
    );
    assert!(merged.resolved.iter().all(|r| r.side == side));
    (merged, asked)
}

fn codings_by(p: &Project, coder: &str) -> usize {
    let id = p.coder_by_name(coder).unwrap().id;
    p.segments.values().filter(|s| s.coder == id).count()
}

fn hotkey(p: &Project, path: &str) -> Option<u8> {
    p.code_by_path(path).unwrap().hotkey
}

fn top_level(p: &Project) -> Vec<&str> {
    p.children(None).map(|c| c.name.as_str()).collect()
}

#[test]
fn without_conflicts_nothing_is_asked() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    coding(&mut ours, 1, (0, 9), "Recruitment channels", "Alice");
    coding(&mut theirs, 1, (0, 9), "Recruitment channels", "Bob");
    let (merged, asked) = resolve(&base, &ours, &theirs, Side::Theirs);
    assert!(asked.is_empty());
    assert_eq!(
        merged.project,
        three_way(&base, &ours, &theirs).unwrap().project
    );
}
