//! Merging projects: matching, every kind of conflict and how it is resolved, the report, and
//! the team journey on the command line (copy for each coder, code, merge, merge again).
//! Three-way rules (git's merge driver) are tested here on projects; `git_merge_driver.rs` runs
//! the driver under a real git.

mod common;

use coda::io::project_file;
use coda::merge::{
    ConflictField, ConflictKey, MergeError, MergeInput, Resolution, ResolvedBy, list_conflicts,
    merge, three_way,
};
use coda::model::{
    CharRange, Code, CodeId, Coder, CoderId, Color, Project, Segment, SegmentId, validate,
};
use coda::ops::{CodeField, DeletePolicy, Edit, MemoTarget, apply};
use common::{fails, ok, small_project, text_document};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn texts() -> Vec<String> {
    vec![
        "Migrants in Russia are recruited online, often through social media.".into(),
        "The state programme funds rehabilitation centres and school outreach.".into(),
    ]
}

fn code_id(p: &Project, path: &str) -> CodeId {
    p.code_by_path(path)
        .unwrap_or_else(|| panic!("no code {path}"))
        .id
}

fn coder_id(p: &Project, name: &str) -> CoderId {
    p.coder_by_name(name)
        .unwrap_or_else(|| panic!("no coder {name}"))
        .id
}

fn edit(p: &mut Project, edit: Edit) {
    apply(p, edit).expect("the edit applies");
}

/// Code `start..end` of document `doc` with the code at `path`, by `coder`, with `memo`.
fn add_coding(
    p: &mut Project,
    doc: usize,
    range: (usize, usize),
    path: &str,
    coder: &str,
    memo: &str,
) -> SegmentId {
    let segment = Segment {
        id: SegmentId::new(),
        document: p.documents[doc].id,
        start: range.0,
        end: range.1,
        code: code_id(p, path),
        coder: coder_id(p, coder),
        created: "2026-11-22T10:00:00Z".into(),
        memo: memo.into(),
    };
    let id = segment.id;
    edit(p, Edit::InsertSegment(Box::new(segment)));
    id
}

fn set_field(p: &mut Project, path: &str, field: CodeField) {
    let id = code_id(p, path);
    edit(p, Edit::SetCodeField { id, field });
}

fn add_code(p: &mut Project, parent: Option<&str>, name: &str) -> CodeId {
    let parent = parent.map(|path| code_id(p, path));
    let code = Code::new(name, parent, Color::from_palette(5));
    let id = code.id;
    let index = p.codes.len();
    edit(
        p,
        Edit::InsertCode {
            index,
            code: Box::new(code),
        },
    );
    id
}

fn merged(projects: &[(&str, &Project)], resolution: &Resolution) -> coda::merge::Merged {
    let inputs: Vec<MergeInput> = projects
        .iter()
        .map(|(l, p)| MergeInput::new(l, p))
        .collect();
    let out = merge(&inputs, resolution).expect("merges");
    assert!(
        validate(&out.project).is_empty(),
        "{:?}",
        validate(&out.project)
    );
    out
}

/// The base and two copies of it, as two coders would get them.
fn base_and_copies() -> (Project, Project, Project) {
    let base = small_project(&texts());
    (base.clone(), base.clone(), base)
}

#[test]
fn name_conflict_keeps_the_first_files_name_by_default_and_lists_both() {
    let (_, mut a, mut b) = base_and_copies();
    set_field(&mut a, "Push factors", CodeField::Name("Drivers".into()));
    set_field(&mut b, "Push factors", CodeField::Name("Push".into()));
    let out = merged(&[("a.ron", &a), ("b.ron", &b)], &Resolution::First);
    assert!(out.project.code_by_path("Drivers/Unemployment").is_some());
    assert!(out.project.code_by_path("Push").is_none());
    assert_eq!(out.report.conflicts.len(), 1);
    let conflict = &out.report.conflicts[0];
    assert_eq!(conflict.key.field, ConflictField::Name);
    assert_eq!(conflict.path, "Drivers");
    let values: Vec<(&str, &str)> = conflict
        .values
        .iter()
        .map(|v| (v.label.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(values, [("a.ron", "Drivers"), ("b.ron", "Push")]);
    assert_eq!(conflict.chosen, 0);
    assert_eq!(out.report.resolved_by, ResolvedBy::First);
    let summary = out.report.summary();
    assert!(
        summary.contains(r#""Drivers" name: a.ron "Drivers" (kept) / b.ron "Push""#),
        "{summary}"
    );
    let markdown = out.report.to_markdown();
    assert!(markdown.contains("### `Drivers`: name"), "{markdown}");
    assert!(
        markdown.contains("- a.ron **(kept)**: \"Drivers\""),
        "{markdown}"
    );
}

#[test]
fn colour_conflict_with_last_keeps_the_last_files_colour() {
    let (_, mut a, mut b) = base_and_copies();
    let c = base_and_copies().0;
    set_field(
        &mut a,
        "Recruitment channels",
        CodeField::Color(Color::rgb(1, 2, 3)),
    );
    set_field(
        &mut b,
        "Recruitment channels",
        CodeField::Color(Color::rgb(4, 5, 6)),
    );
    // c has the code under another id (made independently): matched by path, and it takes part.
    let mut c = c;
    c.codes.iter_mut().for_each(|code| code.id = CodeId::new());
    let parent = c.codes[0].id;
    c.codes[1].parent = Some(parent);
    let out = merged(&[("a", &a), ("b", &b), ("c", &c)], &Resolution::Last);
    let code = out.project.code_by_path("Recruitment channels").unwrap();
    assert_eq!(
        code.color,
        c.code_by_path("Recruitment channels").unwrap().color
    );
    assert_eq!(out.project.codes.len(), 3, "c's codes matched by path");
    let conflict = &out.report.conflicts[0];
    assert_eq!(conflict.key.field, ConflictField::Color);
    assert_eq!(conflict.values.len(), 3);
    assert_eq!(conflict.values[0].value, "#010203");
    assert_eq!(conflict.chosen, 2);
    assert_eq!(out.report.inputs[2].codes_matched_by_path, 3);
}

#[test]
fn description_and_criteria_conflicts_are_one_per_field() {
    let (_, mut a, mut b) = base_and_copies();
    for (p, text) in [(&mut a, "from a"), (&mut b, "from b")] {
        set_field(
            p,
            "Push factors/Unemployment",
            CodeField::Description(text.into()),
        );
        set_field(
            p,
            "Push factors/Unemployment",
            CodeField::Inclusion(text.into()),
        );
        set_field(
            p,
            "Push factors/Unemployment",
            CodeField::Exclusion(text.into()),
        );
        set_field(
            p,
            "Push factors/Unemployment",
            CodeField::Example(text.into()),
        );
    }
    // The same change on both sides is no conflict.
    set_field(
        &mut a,
        "Recruitment channels",
        CodeField::Description("same".into()),
    );
    set_field(
        &mut b,
        "Recruitment channels",
        CodeField::Description("same".into()),
    );
    let out = merged(&[("a", &a), ("b", &b)], &Resolution::First);
    let fields: Vec<ConflictField> = out.report.conflicts.iter().map(|c| c.key.field).collect();
    assert_eq!(
        fields,
        [
            ConflictField::Description,
            ConflictField::Inclusion,
            ConflictField::Exclusion,
            ConflictField::Example
        ]
    );
    assert!(
        out.report
            .conflicts
            .iter()
            .all(|c| c.path == "Push factors/Unemployment")
    );
    let code = out
        .project
        .code_by_path("Push factors/Unemployment")
        .unwrap();
    assert_eq!(
        (code.description.as_str(), code.example.as_str()),
        ("from a", "from a")
    );
    assert_eq!(
        out.project
            .code_by_path("Recruitment channels")
            .unwrap()
            .description,
        "same"
    );
}

#[test]
fn parent_conflict_is_resolved_per_conflict_by_choices() {
    let (_, mut a, mut b) = base_and_copies();
    // a moves Unemployment to the top level; b renames it.
    let unemployment = code_id(&a, "Push factors/Unemployment");
    edit(
        &mut a,
        Edit::MoveCode {
            id: unemployment,
            parent: None,
            index: 0,
        },
    );
    set_field(
        &mut b,
        "Push factors/Unemployment",
        CodeField::Name("Joblessness".into()),
    );
    let inputs = [MergeInput::new("a", &a), MergeInput::new("b", &b)];
    let conflicts = list_conflicts(&inputs).unwrap();
    let keys: Vec<ConflictKey> = conflicts.iter().map(|c| c.key).collect();
    assert_eq!(
        keys,
        [
            ConflictKey {
                code: unemployment,
                field: ConflictField::Name
            },
            ConflictKey {
                code: unemployment,
                field: ConflictField::Parent
            },
        ]
    );
    let parent = &conflicts[1];
    assert_eq!(parent.values[0].value, "(top level)");
    assert_eq!(parent.values[1].value, "Push factors");
    // Choose b's name and a's parent.
    let choices = BTreeMap::from([(keys[0], 1), (keys[1], 0)]);
    let out = merged(
        &[("a", &a), ("b", &b)],
        &Resolution::Choices(choices.into()),
    );
    let code = out.project.code(unemployment).unwrap();
    assert_eq!(code.name, "Joblessness");
    assert_eq!(code.parent, None);
    assert_eq!(out.report.resolved_by, ResolvedBy::Choice);
    assert_eq!(out.report.conflicts[0].chosen, 1);
    assert_eq!(out.report.conflicts[0].path, "Joblessness");
    // Without a choice for a conflict, the first file's value is kept.
    let only_name = BTreeMap::from([(keys[0], 1)]);
    let out = merged(
        &[("a", &a), ("b", &b)],
        &Resolution::Choices(only_name.into()),
    );
    assert_eq!(out.project.code_path(unemployment), "Joblessness");
}

#[test]
fn choices_that_put_codes_in_a_loop_are_refused() {
    let (_, mut a, mut b) = base_and_copies();
    let push = code_id(&a, "Push factors");
    let channels = code_id(&a, "Recruitment channels");
    edit(
        &mut a,
        Edit::MoveCode {
            id: push,
            parent: Some(channels),
            index: 0,
        },
    );
    edit(
        &mut b,
        Edit::MoveCode {
            id: channels,
            parent: Some(push),
            index: 0,
        },
    );
    // First (and last) take every parent from one file: no loop.
    merged(&[("a", &a), ("b", &b)], &Resolution::First);
    merged(&[("a", &a), ("b", &b)], &Resolution::Last);
    let choices = BTreeMap::from([
        (
            ConflictKey {
                code: push,
                field: ConflictField::Parent,
            },
            0,
        ),
        (
            ConflictKey {
                code: channels,
                field: ConflictField::Parent,
            },
            1,
        ),
    ]);
    let inputs = [MergeInput::new("a", &a), MergeInput::new("b", &b)];
    let err = merge(&inputs, &Resolution::Choices(choices.into())).unwrap_err();
    assert!(matches!(err, MergeError::ParentCycle { .. }), "{err:?}");
    assert!(
        err.to_string().contains("Push factors")
            && err.to_string().contains("Recruitment channels"),
        "{err}"
    );
}

#[test]
fn a_choice_of_a_file_without_the_code_is_refused() {
    let (_, mut a, b) = base_and_copies();
    let mut c = small_project(&texts());
    set_field(
        &mut a,
        "Recruitment channels",
        CodeField::Name("Channels".into()),
    );
    c.codes.retain(|code| code.name == "Push factors");
    let channels = code_id(&a, "Channels");
    let key = ConflictKey {
        code: channels,
        field: ConflictField::Name,
    };
    let inputs = [
        MergeInput::new("a", &a),
        MergeInput::new("b", &b),
        MergeInput::new("c", &c),
    ];
    let err = merge(
        &inputs,
        &Resolution::Choices(BTreeMap::from([(key, 2)]).into()),
    )
    .unwrap_err();
    assert!(matches!(err, MergeError::BadChoice { .. }), "{err:?}");
    assert!(
        err.to_string().contains("c, which does not have that code"),
        "{err}"
    );
}

#[test]
fn fail_returns_every_conflict_and_merges_nothing() {
    let (_, mut a, mut b) = base_and_copies();
    set_field(&mut a, "Push factors", CodeField::Name("Drivers".into()));
    set_field(&mut b, "Push factors", CodeField::Name("Push".into()));
    set_field(
        &mut b,
        "Recruitment channels",
        CodeField::Color(Color::rgb(9, 9, 9)),
    );
    let inputs = [MergeInput::new("a.ron", &a), MergeInput::new("b.ron", &b)];
    match merge(&inputs, &Resolution::Fail) {
        Err(MergeError::Conflicts(conflicts)) => {
            assert_eq!(conflicts.len(), 2);
            let message = MergeError::Conflicts(conflicts).to_string();
            assert!(
                message.starts_with("2 conflicts between the files; nothing was merged"),
                "{message}"
            );
            assert!(
                message.contains(r#""Recruitment channels" colour: a.ron "#),
                "{message}"
            );
        }
        other => panic!("expected conflicts, got {other:?}"),
    }
    // Without conflicts, fail merges.
    merged(&[("a", &a), ("a again", &a)], &Resolution::Fail);
}

#[test]
fn codes_created_independently_at_one_path_are_one_code_with_their_subcodes() {
    let (_, mut a, mut b) = base_and_copies();
    // Both coders create "Online/Telegram"; a also renamed "Push factors" and both added a subcode
    // "Debt" under it: matched under the renamed parent.
    for p in [&mut a, &mut b] {
        add_code(p, None, "Online");
        add_code(p, Some("Online"), "Telegram");
        add_code(p, Some("Push factors"), "Debt");
        add_coding(p, 0, (0, 8), "Online/Telegram", "Alice", "");
    }
    set_field(&mut a, "Push factors", CodeField::Name("Drivers".into()));
    let out = merged(&[("a", &a), ("b", &b)], &Resolution::First);
    assert_eq!(out.project.codes.len(), 6, "{:?}", out.project.codes);
    assert!(out.project.code_by_path("Drivers/Debt").is_some());
    assert_eq!(
        out.project.segments.len(),
        1,
        "the same coding of the same code, once"
    );
    assert_eq!(out.report.inputs[1].codes_matched_by_id, 3);
    assert_eq!(out.report.inputs[1].codes_matched_by_path, 3);
    assert_eq!(out.report.inputs[1].identical_segments, 1);
}

#[test]
fn documents_with_one_name_and_different_texts_are_both_kept() {
    let mut a = small_project(&texts());
    let mut b = small_project(&texts());
    let other = text_document("doc0.txt", "A different text under the same name.");
    let other_id = other.id;
    let first = b.documents[0].id;
    edit(&mut b, Edit::DeleteDocument(first));
    edit(
        &mut b,
        Edit::InsertDocument {
            index: 0,
            document: Box::new(other),
        },
    );
    add_coding(&mut a, 0, (0, 8), "Push factors", "Alice", "");
    add_coding(&mut b, 0, (0, 11), "Push factors", "Alice", "");
    let out = merged(&[("a.ron", &a), ("b.ron", &b)], &Resolution::First);
    let names: Vec<&str> = out
        .project
        .documents
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(names, ["doc0.txt", "doc1.txt", "doc0.txt (2)"]);
    let renamed = out
        .project
        .document(out.maps[1].documents[&other_id])
        .unwrap();
    assert_eq!(
        renamed.text.as_str(),
        "A different text under the same name."
    );
    assert_eq!(out.report.renamed.len(), 1);
    let summary = out.report.summary();
    assert!(
        summary.contains(r#"renamed: document "doc0.txt" from b.ron is now "doc0.txt (2)": a different document of a.ron has that name"#),
        "{summary}"
    );
    // Each coding stays on its own text.
    assert_eq!(out.project.segments_of_document(renamed.id).count(), 1);
    // Same text under another name: matched, the first file's name kept, a note says so.
    let mut c = a.clone();
    let second = c.documents[1].id;
    edit(
        &mut c,
        Edit::RenameDocument {
            id: second,
            name: "programme.txt".into(),
        },
    );
    let out = merged(&[("a.ron", &a), ("c.ron", &c)], &Resolution::First);
    assert_eq!(out.project.documents.len(), 2);
    assert_eq!(out.project.documents[1].name, "doc1.txt");
    assert!(
        out.report
            .notes
            .iter()
            .any(|n| n.contains(r#"is named "programme.txt" in c.ron"#)),
        "{:?}",
        out.report.notes
    );
}

#[test]
fn identical_codings_are_merged_once_with_memos_combined_in_any_order() {
    let (_, mut a, mut b) = base_and_copies();
    let mut c = a.clone();
    add_coding(&mut a, 0, (0, 8), "Push factors", "Alice", "first thought");
    add_coding(&mut b, 0, (0, 8), "Push factors", "Alice", "second thought");
    add_coding(&mut c, 0, (0, 8), "Push factors", "Alice", "first thought");
    // Different coder, range or code: different codings.
    add_coding(&mut b, 0, (0, 8), "Push factors", "Bob", "");
    add_coding(&mut b, 0, (0, 9), "Push factors", "Alice", "");
    add_coding(&mut b, 0, (0, 8), "Recruitment channels", "Alice", "");
    let orders = [
        merged(&[("a", &a), ("b", &b), ("c", &c)], &Resolution::First),
        merged(&[("c", &c), ("b", &b), ("a", &a)], &Resolution::First),
        merged(&[("b", &b), ("a", &a), ("c", &c)], &Resolution::First),
    ];
    for out in &orders {
        assert_eq!(out.project.segments.len(), 4);
        let memos: Vec<&str> = out
            .project
            .segments
            .values()
            .map(|s| s.memo.as_str())
            .filter(|m| !m.is_empty())
            .collect();
        assert_eq!(memos, ["first thought\n\nsecond thought"]);
        assert_eq!(out.report.memos_combined, 1);
    }
}

#[test]
fn a_segment_id_used_for_two_different_codings_gets_a_derived_id_again_on_remerge() {
    let (_, mut a, mut b) = base_and_copies();
    let id = add_coding(&mut a, 0, (0, 8), "Push factors", "Alice", "");
    // b has a coding with the same id but another range (a copy whose coding was resized).
    let mut segment = a.segments[&id].clone();
    segment.end = 12;
    edit(&mut b, Edit::InsertSegment(Box::new(segment)));
    let out = merged(&[("a", &a), ("b", &b)], &Resolution::First);
    assert_eq!(out.project.segments.len(), 2);
    assert_eq!(out.maps[0].segments[&id], id, "the first keeps its id");
    let derived = out.maps[1].segments[&id];
    assert_ne!(derived, id);
    assert_eq!(
        out.project.segments[&derived].range(),
        CharRange::new(0, 12)
    );
    let again = merged(&[("a", &a), ("b", &b)], &Resolution::First);
    assert_eq!(again.project, out.project, "deterministic");
    let remerged = merged(&[("merged", &out.project), ("b", &b)], &Resolution::First);
    assert_eq!(remerged.project, out.project, "re-merging adds nothing");
}

#[test]
fn coders_are_matched_by_id_then_by_name() {
    let (_, a, mut b) = base_and_copies();
    let mut c = small_project(&texts());
    // b renamed Bob (same id): matched by id, a's name kept, noted.
    let bob = coder_id(&b, "Bob");
    b.coders.iter_mut().find(|c| c.id == bob).unwrap().name = "Robert".into();
    // c's Alice has another id but the same name: matched by name. Dana is new.
    c.coders.retain(|c| c.name != "Bob");
    edit(
        &mut c,
        Edit::InsertCoder {
            index: 1,
            coder: Coder {
                id: CoderId::new(),
                name: "Dana".into(),
            },
        },
    );
    let out = merged(&[("a", &a), ("b", &b), ("c", &c)], &Resolution::First);
    let names: Vec<&str> = out.project.coders.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Alice", "Bob", "Dana"]);
    assert_eq!(out.report.inputs[1].coders_matched_by_id, 2);
    assert_eq!(out.report.inputs[2].coders_matched_by_name, 1);
    assert_eq!(out.report.inputs[2].added_coders, ["Dana"]);
    assert!(
        out.report
            .notes
            .iter()
            .any(|n| n.contains(r#"coder "Bob" is named "Robert" in b"#))
    );
    assert_eq!(out.project.current_coder, a.current_coder);

    // A coder the files disagree on (Bob/Robert) is not matched by name as well: an independent
    // "Robert" stays another coder, and as b comes first, the two names clash. The coder whose
    // files agree on the name keeps it.
    let mut d = small_project(&texts());
    d.coders.retain(|c| c.name != "Bob");
    edit(
        &mut d,
        Edit::InsertCoder {
            index: 1,
            coder: Coder {
                id: CoderId::new(),
                name: "Robert".into(),
            },
        },
    );
    let out = merged(&[("b", &b), ("a", &a), ("d", &d)], &Resolution::First);
    let names: Vec<&str> = out.project.coders.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Alice", "Robert (2)", "Robert"]);
    assert_eq!(out.report.renamed[0].kind, coda::merge::RenamedKind::Coder);
    for file in [&a, &b, &d] {
        let again = merged(
            &[("merged", &out.project), ("file", file)],
            &Resolution::First,
        );
        assert_eq!(again.project, out.project, "no coder is added twice");
    }
}

#[test]
fn codes_that_would_share_a_name_are_renamed_and_reported() {
    let (_, mut a, mut b) = base_and_copies();
    // b renamed "Recruitment channels" to "Online"; a created a new top-level "Online".
    set_field(
        &mut b,
        "Recruitment channels",
        CodeField::Name("Online".into()),
    );
    add_code(&mut a, None, "Online");
    // With b first, b's name wins for the renamed code, which clashes with a's new "Online".
    // The new code keeps the name (every file that has it agrees on it); the renamed one gives way.
    let out = merged(&[("b", &b), ("a", &a)], &Resolution::First);
    let top: Vec<&str> = out
        .project
        .children(None)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(top, ["Push factors", "Online (2)", "Online"]);
    assert_eq!(out.report.renamed.len(), 1);
    assert_eq!(out.report.renamed[0].from, "b");
    assert_eq!(out.report.renamed[0].taken_by, "a");
    assert_eq!(out.report.conflicts.len(), 1, "the name conflict itself");
    // Merging the result with either file again changes nothing.
    for file in [&a, &b] {
        let again = merged(
            &[("merged", &out.project), ("file", file)],
            &Resolution::First,
        );
        assert_eq!(again.project, out.project);
    }
}

#[test]
fn a_hotkey_two_codes_have_stays_with_the_earlier_code() {
    let (_, mut a, mut b) = base_and_copies();
    set_field(&mut a, "Push factors", CodeField::Hotkey(Some(3)));
    // b gives the same key to a code of its own; a matched code takes the first file's hotkey.
    set_field(&mut b, "Recruitment channels", CodeField::Hotkey(Some(4)));
    add_code(&mut b, None, "Policy");
    set_field(&mut b, "Policy", CodeField::Hotkey(Some(3)));
    let out = merged(&[("a", &a), ("b", &b)], &Resolution::First);
    assert_eq!(
        out.project.code_by_path("Push factors").unwrap().hotkey,
        Some(3)
    );
    assert_eq!(
        out.project
            .code_by_path("Recruitment channels")
            .unwrap()
            .hotkey,
        None
    );
    assert_eq!(out.project.code_by_path("Policy").unwrap().hotkey, None);
    assert!(
        out.report
            .notes
            .iter()
            .any(|n| n
                == r#"code "Policy" lost its hotkey 3: an earlier code in the codebook has it"#),
        "{:?}",
        out.report.notes
    );
}

#[test]
fn invalid_inputs_are_refused() {
    let (_, a, mut b) = base_and_copies();
    b.codes[0].name = "a/b".into();
    let inputs = [MergeInput::new("a", &a), MergeInput::new("b.ron", &b)];
    let err = merge(&inputs, &Resolution::First).unwrap_err();
    assert!(err.to_string().starts_with("b.ron: 1 problem"), "{err}");
    assert!(matches!(
        merge(&[], &Resolution::First),
        Err(MergeError::NoInputs)
    ));
}

// ---------------------------------------------------------------- three-way (git) rules

#[test]
fn three_way_takes_changes_made_on_one_side_and_the_same_change_on_both() {
    let base = small_project(&texts());
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    add_coding(&mut ours, 0, (0, 8), "Push factors", "Alice", "");
    add_coding(&mut theirs, 1, (4, 9), "Recruitment channels", "Bob", "");
    set_field(
        &mut theirs,
        "Push factors",
        CodeField::Description("why".into()),
    );
    set_field(
        &mut ours,
        "Recruitment channels",
        CodeField::Color(Color::rgb(1, 1, 1)),
    );
    set_field(
        &mut ours,
        "Push factors/Unemployment",
        CodeField::Name("Jobs".into()),
    );
    set_field(
        &mut theirs,
        "Push factors/Unemployment",
        CodeField::Name("Jobs".into()),
    );
    edit(
        &mut theirs,
        Edit::SetMemo {
            target: MemoTarget::Project,
            text: "theirs' memo".into(),
        },
    );
    let out = three_way(&base, &ours, &theirs).unwrap();
    let p = &out.project;
    assert!(validate(p).is_empty());
    assert_eq!(p.segments.len(), 2);
    assert_eq!(p.code_by_path("Push factors").unwrap().description, "why");
    assert_eq!(
        p.code_by_path("Recruitment channels").unwrap().color,
        Color::rgb(1, 1, 1)
    );
    assert!(p.code_by_path("Push factors/Jobs").is_some());
    assert_eq!(p.memo, "theirs' memo");
    assert_eq!(p.id, ours.id);
    assert_eq!(
        (out.added.segments, out.changed.codes, out.removed.segments),
        (1, 1, 0)
    );
    assert!(
        out.summary()
            .contains("added 0 documents, 0 codes, 0 coders, 1 coding"),
        "{}",
        out.summary()
    );
}

#[test]
fn three_way_different_changes_to_one_field_are_a_conflict() {
    let base = small_project(&texts());
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    set_field(&mut ours, "Push factors", CodeField::Name("Drivers".into()));
    set_field(
        &mut theirs,
        "Push factors",
        CodeField::Name("Causes".into()),
    );
    let err = three_way(&base, &ours, &theirs).unwrap_err();
    let MergeError::ThreeWay(conflicts) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        conflicts[0].to_string(),
        r#"code "Drivers": name changed differently on each side: base "Push factors", ours "Drivers", theirs "Causes""#
    );
    assert!(err.to_string().contains("ours is left as it was"), "{err}");
}

#[test]
fn three_way_deletion_of_an_unchanged_item_is_taken_and_of_a_changed_one_is_a_conflict() {
    let mut base = small_project(&texts());
    let kept = add_coding(&mut base, 0, (0, 8), "Push factors", "Alice", "");
    let doomed = add_coding(&mut base, 0, (2, 8), "Push factors", "Bob", "");
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    edit(&mut theirs, Edit::RemoveSegment(doomed));
    edit(
        &mut theirs,
        Edit::DeleteCode {
            id: code_id(&base, "Recruitment channels"),
            policy: DeletePolicy::DeleteSegments,
        },
    );
    let out = three_way(&base, &ours, &theirs).unwrap();
    assert_eq!(
        out.project.segments.keys().copied().collect::<Vec<_>>(),
        [kept]
    );
    assert!(out.project.code_by_path("Recruitment channels").is_none());
    assert_eq!(out.removed.segments, 1);
    // Ours changed the memo of the coding theirs deleted.
    edit(
        &mut ours,
        Edit::SetMemo {
            target: MemoTarget::Segment(doomed),
            text: "keep this".into(),
        },
    );
    let err = three_way(&base, &ours, &theirs).unwrap_err().to_string();
    assert!(
        err.contains("deleted in theirs, but its memo changed in ours"),
        "{err}"
    );
    assert!(
        err.contains(r#"ours "keep this", theirs (deleted)"#),
        "{err}"
    );
}

#[test]
fn three_way_codings_added_on_both_sides_are_united_identical_ones_once() {
    let base = small_project(&texts());
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    add_coding(&mut ours, 0, (0, 8), "Push factors", "Alice", "ours");
    add_coding(&mut theirs, 0, (0, 8), "Push factors", "Alice", "theirs");
    add_coding(&mut theirs, 0, (3, 8), "Push factors", "Alice", "");
    // Both sides added a coder "Dana" (different ids) and a code at the same path.
    for p in [&mut ours, &mut theirs] {
        edit(
            p,
            Edit::InsertCoder {
                index: 2,
                coder: Coder {
                    id: CoderId::new(),
                    name: "Dana".into(),
                },
            },
        );
        add_code(p, Some("Recruitment channels"), "Telegram");
        add_coding(p, 1, (0, 3), "Recruitment channels/Telegram", "Dana", "");
    }
    let out = three_way(&base, &ours, &theirs).unwrap();
    let p = &out.project;
    assert!(validate(p).is_empty(), "{:?}", validate(p));
    assert_eq!(p.coders.len(), 3);
    assert_eq!(p.codes.len(), 4);
    assert_eq!(p.segments.len(), 3);
    let memos: Vec<&str> = p
        .segments
        .values()
        .map(|s| s.memo.as_str())
        .filter(|m| !m.is_empty())
        .collect();
    assert_eq!(memos, ["ours\n\ntheirs"]);
}

#[test]
fn three_way_a_deleted_code_that_the_other_side_codes_with_is_a_conflict() {
    let base = small_project(&texts());
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    edit(
        &mut ours,
        Edit::DeleteCode {
            id: code_id(&base, "Recruitment channels"),
            policy: DeletePolicy::DeleteSegments,
        },
    );
    add_coding(&mut theirs, 0, (0, 8), "Recruitment channels", "Bob", "");
    let err = three_way(&base, &ours, &theirs).unwrap_err().to_string();
    assert!(
        err.contains(r#"coding of "doc0.txt" 0..8 with "Recruitment channels" by "Bob": its code "Recruitment channels" was deleted by ours"#),
        "{err}"
    );
}

#[test]
fn three_way_keeps_the_order_one_side_changed() {
    let base = small_project(&texts());
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let channels = code_id(&base, "Recruitment channels");
    edit(
        &mut theirs,
        Edit::MoveCode {
            id: channels,
            parent: None,
            index: 0,
        },
    );
    add_code(&mut ours, None, "Policy");
    let out = three_way(&base, &ours, &theirs).unwrap();
    let top: Vec<&str> = out
        .project
        .children(None)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(top, ["Recruitment channels", "Push factors", "Policy"]);
}

#[test]
fn three_way_invalid_results_are_conflicts() {
    let base = small_project(&texts());
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    set_field(&mut ours, "Push factors", CodeField::Hotkey(Some(4)));
    set_field(
        &mut theirs,
        "Recruitment channels",
        CodeField::Hotkey(Some(4)),
    );
    let err = three_way(&base, &ours, &theirs).unwrap_err().to_string();
    assert!(
        err.contains("would be invalid: hotkey 4 belongs to both"),
        "{err}"
    );
}

// ---------------------------------------------------------------- the command line

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A master project with two documents, a codebook, a lead coder's codings and memos.
fn master(dir: &Path) -> std::path::PathBuf {
    let mut project = small_project(&texts());
    project.name = "Study".into();
    add_coding(
        &mut project,
        0,
        (0, 8),
        "Push factors",
        "Alice",
        "lead's memo",
    );
    edit(
        &mut project,
        Edit::SetMemo {
            target: MemoTarget::Project,
            text: "project notes".into(),
        },
    );
    let doc = project.documents[0].id;
    edit(
        &mut project,
        Edit::SetMemo {
            target: MemoTarget::Document(doc),
            text: "doc notes".into(),
        },
    );
    let code = code_id(&project, "Push factors");
    edit(
        &mut project,
        Edit::SetMemo {
            target: MemoTarget::Code(code),
            text: "code notes".into(),
        },
    );
    let path = dir.join("master.ron");
    project_file::save(&project, &path).unwrap();
    path
}

#[test]
fn copy_for_coder_blind_leaves_out_other_coders_and_memos() {
    let dir = tempfile::tempdir().unwrap();
    let master = master(dir.path());
    let copy = dir.path().join("dana.ron");
    let out = ok(&[
        "copy-for-coder",
        p(&master),
        "--coder",
        "Dana",
        "-o",
        p(&copy),
        "--blind",
    ]);
    assert!(
        out.contains("blind: left out 1 codings of other coders and 3 memos"),
        "{out}"
    );
    let original = project_file::load(&master).unwrap().project;
    let blind = project_file::load(&copy).unwrap().project;
    assert!(validate(&blind).is_empty());
    assert_eq!(blind.documents.len(), 2);
    assert_eq!(blind.codes.len(), original.codes.len());
    assert!(blind.segments.is_empty());
    assert_eq!(blind.current_coder, Some(coder_id(&blind, "Dana")));
    assert!(blind.memo.is_empty() && blind.documents.iter().all(|d| d.memo.is_empty()));
    assert!(blind.codes.iter().all(|c| c.memo.is_empty()));
    assert_eq!(blind.id, original.id, "the same project");
    // An existing coder keeps their own codings in a blind copy, and becomes current.
    let alice = dir.path().join("alice.ron");
    ok(&[
        "copy-for-coder",
        p(&master),
        "--coder",
        "Alice",
        "-o",
        p(&alice),
        "--blind",
    ]);
    let copy_a = project_file::load(&alice).unwrap().project;
    assert_eq!(copy_a.segments.len(), 1);
    assert_eq!(copy_a.current_coder, Some(coder_id(&original, "Alice")));
    // Without --blind, everything is kept.
    let open = dir.path().join("open.ron");
    ok(&[
        "copy-for-coder",
        p(&master),
        "--coder",
        "Bob",
        "-o",
        p(&open),
    ]);
    let copy_b = project_file::load(&open).unwrap().project;
    assert_eq!(
        (copy_b.segments.len(), copy_b.memo.as_str()),
        (1, "project notes")
    );
    assert_eq!(copy_b.current_coder, Some(coder_id(&original, "Bob")));
    // An existing file is never overwritten.
    let before = fs::read(&copy).unwrap();
    let err = fails(&[
        "copy-for-coder",
        p(&master),
        "--coder",
        "Eve",
        "-o",
        p(&copy),
    ]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(fs::read(&copy).unwrap(), before);
}

#[test]
fn two_coders_copies_coded_then_merged_give_the_union_and_remerging_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let master = master(dir.path());
    let (a, b) = (dir.path().join("aigerim.ron"), dir.path().join("bakyt.ron"));
    ok(&[
        "copy-for-coder",
        p(&master),
        "--coder",
        "Aigerim",
        "-o",
        p(&a),
        "--blind",
    ]);
    ok(&[
        "copy-for-coder",
        p(&master),
        "--coder",
        "Bakyt",
        "-o",
        p(&b),
        "--blind",
    ]);
    // Each codes their copy (coder column left out: the copy's current coder is used). Both
    // code the same passage with the same code once.
    let csv_a = dir.path().join("a.csv");
    fs::write(&csv_a, "document,start,end,code\ndoc0.txt,0,8,Push factors\ndoc0.txt,11,17,Push factors/Unemployment\ndoc1.txt,4,9,Recruitment channels\n").unwrap();
    let csv_b = dir.path().join("b.csv");
    fs::write(&csv_b, "document,start,end,code,memo\ndoc0.txt,0,8,Push factors,agree?\ndoc1.txt,0,9,Recruitment channels,\n").unwrap();
    ok(&["import-codings", p(&a), p(&csv_a)]);
    ok(&["import-codings", p(&b), p(&csv_b)]);

    let merged_path = dir.path().join("merged.ron");
    let report = dir.path().join("report.md");
    let out = ok(&[
        "merge",
        p(&master),
        p(&a),
        p(&b),
        "-o",
        p(&merged_path),
        "--report",
        p(&report),
    ]);
    assert!(
        out.contains("merged 3 files into 2 documents, 3 codes, 4 coders, 6 codings"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{}: added 1 coder (\"Aigerim\"), 3 codings",
            p(&a)
        )),
        "{out}"
    );
    let merged = project_file::load(&merged_path).unwrap().project;
    assert!(validate(&merged).is_empty());
    let by = |name: &str| {
        merged
            .segments
            .values()
            .filter(|s| s.coder == coder_id(&merged, name))
            .count()
    };
    assert_eq!(
        (by("Alice"), by("Aigerim"), by("Bakyt")),
        (1, 3, 2),
        "every coding under its coder"
    );
    let original = project_file::load(&master).unwrap().project;
    assert_eq!(
        merged.memo, "project notes",
        "the master's memos survive blind copies"
    );
    assert_eq!(merged.id, original.id);
    assert_eq!(merged.current_coder, original.current_coder);
    assert!(merged.segments.values().any(|s| s.memo == "agree?"));
    let markdown = fs::read_to_string(&report).unwrap();
    assert!(markdown.starts_with("# Merge report\n"), "{markdown}");
    assert!(markdown.contains("## Conflicts\n\nNone"), "{markdown}");

    // The merged file holds both coders: `coda agree` compares them. Both coded doc0 0..8 with
    // "Push factors" and nobody else used that code, so their kappa on it is exactly 1.
    let json = ok(&[
        "agree",
        p(&merged_path),
        "--coder",
        "Aigerim",
        "--coder",
        "Bakyt",
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["coders"], serde_json::json!(["Aigerim", "Bakyt"]));
    let kappa = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["metric"] == "cohen_kappa" && r["code"] == "Push factors" && r["scope"] == "all"
        })
        .unwrap();
    assert_eq!(kappa["value"], 1.0);

    // Merging again, with itself or with any input, changes nothing.
    for other in [&merged_path, &master, &a, &b] {
        let again = dir.path().join("again.ron");
        let out = ok(&["merge", p(&merged_path), p(other), "-o", p(&again)]);
        assert!(out.contains("added 0 codings"), "{out}");
        assert_eq!(
            fs::read(&again).unwrap(),
            fs::read(&merged_path).unwrap(),
            "merging with {other:?}"
        );
    }
    // The input order changes ids and order only: the same codings.
    let reversed = dir.path().join("reversed.ron");
    ok(&["merge", p(&b), p(&a), p(&master), "-o", p(&reversed)]);
    let export = |file: &Path| {
        let out = dir.path().join("export.csv");
        ok(&["export-codings", p(file), "-o", p(&out)]);
        fs::read_to_string(out).unwrap()
    };
    assert_eq!(export(&reversed), export(&merged_path));
}

#[test]
fn merge_with_fail_writes_nothing_and_lists_each_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let master = master(dir.path());
    let mut a = project_file::load(&master).unwrap().project;
    let mut b = a.clone();
    set_field(&mut a, "Push factors", CodeField::Name("Drivers".into()));
    set_field(&mut b, "Push factors", CodeField::Name("Causes".into()));
    set_field(
        &mut b,
        "Recruitment channels",
        CodeField::Description("How.".into()),
    );
    let (pa, pb) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
    project_file::save(&a, &pa).unwrap();
    project_file::save(&b, &pb).unwrap();
    let output = dir.path().join("merged.ron");
    let report = dir.path().join("report.md");
    let err = fails(&[
        "merge",
        p(&pa),
        p(&pb),
        "-o",
        p(&output),
        "--report",
        p(&report),
        "--on-conflict",
        "fail",
    ]);
    assert!(
        err.contains("2 conflicts between the files; nothing was merged"),
        "{err}"
    );
    assert!(
        err.contains(r#""Drivers" name:"#)
            && err.contains(r#""Recruitment channels" description:"#),
        "{err}"
    );
    assert!(err.contains("--on-conflict first or last"), "{err}");
    assert!(!output.exists() && !report.exists());
    // --on-conflict last takes b's values and reports them.
    let out = ok(&[
        "merge",
        p(&pa),
        p(&pb),
        "-o",
        p(&output),
        "--on-conflict",
        "last",
    ]);
    assert!(
        out.contains("2 conflicts, each kept from the last file that has the code"),
        "{out}"
    );
    let merged = project_file::load(&output).unwrap().project;
    assert!(merged.code_by_path("Causes").is_some());
}

#[test]
fn merge_refuses_an_invalid_or_unreadable_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let master = master(dir.path());
    let broken = dir.path().join("broken.ron");
    let text = fs::read_to_string(&master).unwrap();
    fs::write(
        &broken,
        text.replacen("start: 0, end: 8,", "start: 0, end: 800,", 1),
    )
    .unwrap();
    let output = dir.path().join("merged.ron");
    let err = fails(&["merge", p(&master), p(&broken), "-o", p(&output)]);
    assert!(
        err.contains("broken.ron: 1 problem;") && err.contains("ends at 800"),
        "{err}"
    );
    let truncated = dir.path().join("truncated.ron");
    fs::write(&truncated, &text[..text.len() / 2]).unwrap();
    let err = fails(&["merge", p(&master), p(&truncated), "-o", p(&output)]);
    assert!(err.contains(&format!("{}:", p(&truncated))), "{err}");
    assert!(!output.exists());
    let err = fails(&["merge", p(&master), "-o", p(&output)]);
    assert!(err.contains("FILE.ron"), "{err}");
}

#[test]
fn merge_driver_with_an_empty_base_unites_two_files_added_on_both_sides() {
    // Git gives an empty base when both branches added the file.
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    fs::write(&base, "").unwrap();
    let mut ours = small_project(&texts());
    ours.name = "Study".into();
    let mut theirs = small_project(&texts());
    theirs.name = "Study".into();
    add_coding(&mut ours, 0, (0, 8), "Push factors", "Alice", "");
    add_coding(&mut theirs, 1, (0, 3), "Recruitment channels", "Bob", "");
    let (po, pt) = (dir.path().join("ours"), dir.path().join("theirs"));
    fs::write(&po, project_file::to_ron_string(&ours)).unwrap();
    fs::write(&pt, project_file::to_ron_string(&theirs)).unwrap();
    ok(&["merge-driver", p(&base), p(&po), p(&pt)]);
    let merged = project_file::load(&po).unwrap().project;
    assert!(validate(&merged).is_empty());
    assert_eq!(merged.id, ours.id);
    assert_eq!(
        (
            merged.documents.len(),
            merged.codes.len(),
            merged.coders.len()
        ),
        (2, 3, 2)
    );
    assert_eq!(merged.segments.len(), 2);
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        3,
        "no backup or temporary file left: {names:?}"
    );
    // A base that is not a project is refused, and ours is left alone.
    let before = fs::read(&po).unwrap();
    fs::write(&base, "not a project").unwrap();
    let err = fails(&["merge-driver", p(&base), p(&po), p(&pt)]);
    assert!(err.contains(p(&base)), "{err}");
    assert_eq!(fs::read(&po).unwrap(), before);
}

#[test]
fn large_merges_split_over_cores_lose_nothing() {
    // Above 20,000 codings the merge validates and builds on several threads.
    let text = "Migrants in Russia are recruited online, often through social media. ".repeat(40);
    let base = small_project(&[text]);
    let code = code_id(&base, "Push factors");
    let coding = |p: &Project, start: usize, len: usize, coder: &str, memo: &str| Segment {
        id: SegmentId::new(),
        document: p.documents[0].id,
        start,
        end: start + len,
        code,
        coder: coder_id(p, coder),
        created: "2026-11-22T10:00:00Z".into(),
        memo: memo.into(),
    };
    let (mut a, mut b) = (base.clone(), base.clone());
    for start in 0..1_000 {
        for (p, memo) in [(&mut a, "a"), (&mut b, "b")] {
            let s = coding(p, start, 7, "Alice", memo);
            p.segments.insert(s.id, s);
        }
    }
    for (p, coder) in [(&mut a, "Alice"), (&mut b, "Bob")] {
        for start in 0..1_000 {
            for len in 10..25 {
                let s = coding(p, start, len, coder, "");
                p.segments.insert(s.id, s);
            }
        }
    }
    assert!(validate(&a).is_empty() && validate(&b).is_empty());
    let out = merged(&[("a", &a), ("b", &b)], &Resolution::First);
    assert_eq!(out.project.segments.len(), 1_000 + 2 * 15_000);
    assert_eq!(out.report.memos_combined, 1_000);
    for (input, project) in [&a, &b].into_iter().enumerate() {
        for s in project.segments.values() {
            let m = &out.project.segments[&out.maps[input].segments[&s.id]];
            assert_eq!((m.start, m.end, m.code), (s.start, s.end, s.code));
            assert!(m.memo.contains(&s.memo));
        }
    }
    let again = merged(&[("merged", &out.project), ("b", &b)], &Resolution::First);
    assert_eq!(again.project, out.project);
}
