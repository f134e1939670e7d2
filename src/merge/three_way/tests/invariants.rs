//! Names twice, a hotkey twice, codes under each other in a loop.

use super::*;

#[test]
fn two_sibling_codes_with_one_name() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    set(&mut ours, "Push factors", CodeField::Name("Drivers".into()));
    add_code(&mut theirs, None, "Drivers");
    coding(&mut theirs, 1, (0, 9), "Drivers", "Bob");
    assert!(
        three_way(&base, &ours, &theirs)
            .unwrap_err()
            .to_string()
            .contains(r#"would be invalid: 2 codes at the top level are named "Drivers""#)
    );

    let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].ours.as_deref(), Some("Drivers | (not there)"));
    assert_eq!(asked[0].theirs.as_deref(), Some("Push factors | Drivers"));
    let p = &merged.project;
    assert_eq!(
        top_level(p),
        ["Drivers", "Recruitment channels", "Drivers (2)"]
    );
    assert_eq!(codings_by(p, "Bob"), 1);
    assert_eq!(
        merged.notes,
        [
            r#"code "Drivers" of theirs is renamed "Drivers (2)": ours has another code of that name"#
        ]
    );

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
    let p = &merged.project;
    assert_eq!(
        top_level(p),
        ["Push factors", "Recruitment channels", "Drivers"]
    );
    assert!(merged.notes.is_empty());
}

#[test]
fn a_code_moved_onto_a_name_the_other_side_added() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let channels = code(&ours, "Recruitment channels");
    let push = code(&ours, "Push factors");
    edit(
        &mut ours,
        Edit::MoveCode {
            id: channels,
            parent: Some(push),
            index: 2,
        },
    );
    add_code(&mut theirs, Some("Push factors"), "Recruitment channels");

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Ours);
    let p = &merged.project;
    assert!(
        p.code_by_path("Push factors/Recruitment channels")
            .is_some()
    );
    assert!(
        p.code_by_path("Push factors/Recruitment channels (2)")
            .is_some()
    );

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
    let p = &merged.project;
    assert_eq!(top_level(p), ["Push factors", "Recruitment channels"]);
    assert_eq!(
        p.code_by_path("Push factors/Recruitment channels")
            .unwrap()
            .id,
        code(&theirs, "Push factors/Recruitment channels")
    );
}

#[test]
fn one_hotkey_on_two_codes() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    set(&mut ours, "Push factors", CodeField::Hotkey(Some(4)));
    set(
        &mut theirs,
        "Recruitment channels",
        CodeField::Hotkey(Some(4)),
    );

    let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
    assert_eq!(asked.len(), 1);
    assert_eq!(
        asked[0].to_string(),
        r#"the merged project: would be invalid: hotkey 4 belongs to both "Push factors" and "Recruitment channels": base "no code", ours "Push factors", theirs "Recruitment channels""#
    );
    let p = &merged.project;
    assert_eq!(
        (hotkey(p, "Push factors"), hotkey(p, "Recruitment channels")),
        (Some(4), None)
    );
    assert!(
        merged.notes.is_empty(),
        "ours' own value: {:?}",
        merged.notes
    );

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
    let p = &merged.project;
    assert_eq!(
        (hotkey(p, "Push factors"), hotkey(p, "Recruitment channels")),
        (None, Some(4))
    );
}

#[test]
fn a_hotkey_taken_by_a_code_the_other_side_added() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    set(&mut ours, "Push factors", CodeField::Hotkey(Some(4)));
    add_code(&mut theirs, None, "Policy");
    set(&mut theirs, "Policy", CodeField::Hotkey(Some(4)));

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Ours);
    let p = &merged.project;
    assert_eq!(
        (hotkey(p, "Push factors"), hotkey(p, "Policy")),
        (Some(4), None)
    );
    assert_eq!(
        merged.notes,
        [r#"code "Policy" lost its hotkey 4: it went to "Push factors""#]
    );

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
    let p = &merged.project;
    assert_eq!(
        (hotkey(p, "Push factors"), hotkey(p, "Policy")),
        (None, Some(4))
    );
}

#[test]
fn codes_moved_under_each_other() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let push = code(&base, "Push factors");
    let channels = code(&base, "Recruitment channels");
    edit(
        &mut ours,
        Edit::MoveCode {
            id: push,
            parent: Some(channels),
            index: 2,
        },
    );
    edit(
        &mut theirs,
        Edit::MoveCode {
            id: channels,
            parent: Some(push),
            index: 2,
        },
    );
    let err = three_way(&base, &ours, &theirs).unwrap_err().to_string();
    assert!(err.contains("codes under each other in a loop"), "{err}");

    let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
    assert_eq!(asked.len(), 1, "{asked:?}");
    let p = &merged.project;
    assert!(
        p.code_by_path("Recruitment channels/Push factors/Unemployment")
            .is_some()
    );

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
    let p = &merged.project;
    assert!(
        p.code_by_path("Push factors/Recruitment channels")
            .is_some()
    );
    assert!(p.code_by_path("Push factors/Unemployment").is_some());
}

#[test]
fn two_documents_with_one_name() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let first = base.documents[0].id;
    edit(
        &mut ours,
        Edit::RenameDocument {
            id: first,
            name: "a.txt".into(),
        },
    );
    edit(
        &mut theirs,
        Edit::InsertDocument {
            index: 2,
            document: Box::new(document("a.txt", "Another text.")),
        },
    );
    let names = |p: &Project| {
        p.documents
            .iter()
            .map(|d| d.name.clone())
            .collect::<Vec<_>>()
    };

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Ours);
    assert_eq!(names(&merged.project), ["a.txt", "doc1.txt", "a.txt (2)"]);
    let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
    assert_eq!(names(&merged.project), ["doc0.txt", "doc1.txt", "a.txt"]);
}

#[test]
fn two_coders_with_one_name() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.coders[1].name = "Dana".into();
    edit(
        &mut theirs,
        Edit::InsertCoder {
            index: 2,
            coder: Coder {
                id: CoderId::new(),
                name: "Dana".into(),
            },
        },
    );
    coding(&mut theirs, 1, (0, 9), "Recruitment channels", "Dana");
    let names = |p: &Project| p.coders.iter().map(|c| c.name.clone()).collect::<Vec<_>>();

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Ours);
    assert_eq!(names(&merged.project), ["Alice", "Dana", "Dana (2)"]);
    assert_eq!(codings_by(&merged.project, "Dana (2)"), 1);
    let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
    assert_eq!(names(&merged.project), ["Alice", "Bob", "Dana"]);
    assert_eq!(codings_by(&merged.project, "Dana"), 1);
}
