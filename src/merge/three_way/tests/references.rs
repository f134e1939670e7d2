//! A kept item referring to one the other side deleted: put back, or left out with what refers
//! to it.

use super::*;

#[test]
fn a_deleted_code_the_other_side_changed_and_coded_with() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    delete_code(&mut ours, "Recruitment channels");
    set(
        &mut theirs,
        "Recruitment channels",
        CodeField::Description("how".into()),
    );
    coding(&mut theirs, 1, (0, 9), "Recruitment channels", "Bob");
    coding(&mut theirs, 1, (11, 29), "Recruitment channels", "Bob");
    coding(&mut theirs, 0, (9, 13), "Push factors", "Bob");

    let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
    assert_eq!(asked.len(), 1, "the codings follow the code: {asked:?}");
    let p = &merged.project;
    assert!(p.code_by_path("Recruitment channels").is_none());
    assert_eq!(codings_by(p, "Bob"), 1, "theirs' coding with another code");
    assert_eq!(
        merged.notes,
        [r#"left out 2 codings with code "Recruitment channels", which stays deleted"#]
    );

    let (merged, asked) = resolve(&base, &ours, &theirs, Side::Theirs);
    assert_eq!(asked.len(), 1);
    let p = &merged.project;
    assert_eq!(
        p.code_by_path("Recruitment channels").unwrap().description,
        "how"
    );
    assert_eq!(codings_by(p, "Bob"), 3);
    assert!(merged.notes.is_empty());
}

#[test]
fn codings_of_a_code_the_other_side_deleted() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    delete_code(&mut ours, "Recruitment channels");
    coding(&mut theirs, 1, (0, 9), "Recruitment channels", "Bob");
    coding(&mut theirs, 1, (11, 29), "Recruitment channels", "Bob");
    assert_eq!(
        three_way(&base, &ours, &theirs)
            .unwrap_err()
            .to_string()
            .matches("was deleted by ours")
            .count(),
        2
    );

    let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
    assert_eq!(asked.len(), 1, "asked once for the code: {asked:?}");
    assert!(
        asked[0]
            .what
            .contains(r#"its code "Recruitment channels" was deleted by ours"#)
    );
    let p = &merged.project;
    assert!(p.code_by_path("Recruitment channels").is_none());
    assert_eq!(codings_by(p, "Bob"), 0);
    assert_eq!(merged.notes.len(), 1, "{:?}", merged.notes);

    let (merged, asked) = resolve(&base, &ours, &theirs, Side::Theirs);
    assert_eq!(asked.len(), 1);
    let p = &merged.project;
    assert!(p.code_by_path("Recruitment channels").is_some());
    assert_eq!(codings_by(p, "Bob"), 2);
}

#[test]
fn a_coding_recoded_to_a_code_the_other_side_deleted() {
    let base = base();
    let recoded = *base.segments.keys().next().unwrap();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    delete_code(&mut ours, "Recruitment channels");
    let channels = code(&theirs, "Recruitment channels");
    edit(
        &mut theirs,
        Edit::SetSegmentCode {
            id: recoded,
            code: channels,
        },
    );

    let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
    assert_eq!(asked.len(), 1);
    let p = &merged.project;
    assert_eq!(
        p.segments[&recoded].code,
        code(p, "Push factors"),
        "ours' code of the coding"
    );
    assert!(p.code_by_path("Recruitment channels").is_none());

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
    let p = &merged.project;
    assert_eq!(p.segments[&recoded].code, code(p, "Recruitment channels"));
}

#[test]
fn a_subcode_under_a_code_the_other_side_deleted() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    // Ours deletes "Push factors" with "Unemployment" and Alice's coding.
    delete_code(&mut ours, "Push factors");
    add_code(
        &mut theirs,
        Some("Push factors/Unemployment"),
        "Labour migration",
    );
    coding(
        &mut theirs,
        0,
        (9, 13),
        "Push factors/Unemployment/Labour migration",
        "Bob",
    );

    let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(
        asked[0].what,
        r#"is under "Push factors/Unemployment", which ours deleted"#
    );
    let p = &merged.project;
    assert_eq!(top_level(p), ["Recruitment channels"]);
    assert!(p.segments.is_empty());
    assert_eq!(
        merged.notes,
        [
            r#"left out code "Push factors/Unemployment/Labour migration": it was under "Push factors/Unemployment", which stays deleted"#,
            r#"left out 1 coding with code "Push factors/Unemployment/Labour migration", which stays deleted"#
        ]
    );

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
    let p = &merged.project;
    assert!(
        p.code_by_path("Push factors/Unemployment/Labour migration")
            .is_some()
    );
    assert_eq!(codings_by(p, "Bob"), 1);
    assert_eq!(
        codings_by(p, "Alice"),
        0,
        "Alice's coding, which ours deleted and theirs left alone, stays deleted"
    );
}
