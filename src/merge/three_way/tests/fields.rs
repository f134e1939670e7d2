//! A field changed both ways; an item deleted on one side and changed on the other.

use super::*;

#[test]
fn a_field_changed_both_ways_takes_the_chosen_value_and_keeps_the_rest() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    set(&mut ours, "Push factors", CodeField::Name("Drivers".into()));
    set(
        &mut theirs,
        "Push factors",
        CodeField::Name("Causes".into()),
    );
    coding(&mut ours, 1, (0, 9), "Recruitment channels", "Alice");
    coding(&mut theirs, 1, (0, 9), "Recruitment channels", "Bob");
    set(
        &mut theirs,
        "Recruitment channels",
        CodeField::Description("how".into()),
    );
    assert!(matches!(
        three_way(&base, &ours, &theirs),
        Err(MergeError::ThreeWay(c)) if c.len() == 1
    ));

    let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].what, "name changed differently on each side");
    assert_eq!(
        (
            asked[0].base.as_deref(),
            asked[0].ours.as_deref(),
            asked[0].theirs.as_deref()
        ),
        (Some("Push factors"), Some("Drivers"), Some("Causes"))
    );
    let p = &merged.project;
    assert!(p.code_by_path("Drivers/Unemployment").is_some());
    assert_eq!((codings_by(p, "Alice"), codings_by(p, "Bob")), (2, 1));
    assert_eq!(
        p.code_by_path("Recruitment channels").unwrap().description,
        "how"
    );

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
    let p = &merged.project;
    assert!(p.code_by_path("Causes/Unemployment").is_some());
    assert_eq!((codings_by(p, "Alice"), codings_by(p, "Bob")), (2, 1));
}

#[test]
fn the_project_name_changed_both_ways() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    edit(&mut ours, Edit::RenameProject("Ours".into()));
    edit(&mut theirs, Edit::RenameProject("Theirs".into()));
    assert_eq!(
        resolve(&base, &ours, &theirs, Side::Ours).0.project.name,
        "Ours"
    );
    assert_eq!(
        resolve(&base, &ours, &theirs, Side::Theirs).0.project.name,
        "Theirs"
    );
}

#[test]
fn deleted_on_one_side_and_changed_on_the_other() {
    let mut base = base();
    let doomed = coding(&mut base, 0, (9, 13), "Push factors", "Bob");
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    edit(&mut ours, Edit::RemoveSegment(doomed));
    edit(
        &mut theirs,
        Edit::SetMemo {
            target: MemoTarget::Segment(doomed),
            text: "keep this".into(),
        },
    );
    // A change on each side that does not conflict.
    coding(&mut ours, 1, (0, 9), "Recruitment channels", "Alice");
    coding(&mut theirs, 1, (0, 9), "Recruitment channels", "Bob");

    let (merged, asked) = resolve(&base, &ours, &theirs, Side::Ours);
    assert_eq!(asked.len(), 1);
    assert_eq!(
        asked[0].what,
        "deleted in ours, but its memo changed in theirs"
    );
    let p = &merged.project;
    assert!(!p.segments.contains_key(&doomed));
    assert_eq!((codings_by(p, "Alice"), codings_by(p, "Bob")), (2, 1));

    let (merged, _) = resolve(&base, &ours, &theirs, Side::Theirs);
    let p = &merged.project;
    assert_eq!(p.segments[&doomed].memo, "keep this");
    assert_eq!((codings_by(p, "Alice"), codings_by(p, "Bob")), (2, 2));
}
