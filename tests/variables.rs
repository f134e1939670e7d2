//! Document variables and groups: the project file (older files unchanged), the loader's
//! refusals with their lines, both merges with their conflicts, and the `coda variables` /
//! `coda groups` commands.

mod common;

use coda::io::project_file::{self, ProjectFileError};
use coda::merge::{
    Choices, MergeError, MergeInput, Resolution, Side, list_variable_conflicts, merge, three_way,
    three_way_resolving,
};
use coda::model::{Group, Project, Variable, VariableType};
use coda::ops::{Edit, apply};
use common::small_project;
use std::fs;
use std::path::Path;

fn project() -> Project {
    small_project(&[
        "First text. It has two sentences.".to_string(),
        "Second text.\nAnother paragraph.".to_string(),
        "Third text.".to_string(),
    ])
}

fn define(p: &mut Project, name: &str, kind: VariableType) {
    let index = p.variables.len();
    apply(
        p,
        Edit::InsertVariable {
            index,
            variable: Variable {
                name: name.into(),
                kind,
            },
        },
    )
    .expect("defines");
}

fn set(p: &mut Project, doc: usize, variable: &str, value: &str) {
    let document = p.documents[doc].id;
    apply(
        p,
        Edit::SetVariableValue {
            document,
            variable: variable.into(),
            value: Some(value.into()),
        },
    )
    .expect("sets");
}

fn group(p: &mut Project, name: &str, docs: &[usize]) {
    let index = p.groups.len();
    let documents = docs.iter().map(|&i| p.documents[i].id).collect();
    apply(
        p,
        Edit::InsertGroup {
            index,
            group: Group {
                name: name.into(),
                documents,
            },
        },
    )
    .expect("adds the group");
}

fn with_attributes() -> Project {
    let mut p = project();
    define(&mut p, "year", VariableType::Number);
    define(&mut p, "outlet", VariableType::Text);
    set(&mut p, 0, "year", "2013");
    set(&mut p, 1, "year", "2018");
    set(&mut p, 0, "outlet", "Kabar");
    group(&mut p, "State media", &[0, 2]);
    p
}

#[test]
fn variables_and_groups_are_saved_and_read_back_and_older_files_are_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let p = project();
    project_file::save(&p, &path).unwrap();
    let without = fs::read_to_string(&path).unwrap();
    for field in ["variables:", "values:", "groups:"] {
        assert!(!without.contains(field), "no {field} when empty");
    }
    assert_eq!(project_file::load(&path).unwrap().project, p);

    let p = with_attributes();
    project_file::save(&p, &path).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("(name: \"year\", type: Number),"), "{text}");
    let doc0 = p.documents[0].id;
    assert!(
        text.contains(&format!(
            "(document: \"{doc0}\", variable: \"year\", value: \"2013\"),"
        )),
        "{text}"
    );
    // Values in document order, then variable order.
    let year0 = text.find("value: \"2013\"").unwrap();
    let outlet0 = text.find("value: \"Kabar\"").unwrap();
    let year1 = text.find("value: \"2018\"").unwrap();
    assert!(year0 < outlet0 && outlet0 < year1);
    assert!(
        text.contains("(name: \"State media\", documents: ["),
        "{text}"
    );
    assert_eq!(project_file::load(&path).unwrap().project, p);
}

/// The loader's message for a saved project whose text `mangle` changed; it must name the line
/// of the first line holding `marker` in the changed text.
fn refusal(p: &Project, dir: &Path, marker: &str, mangle: impl Fn(&str) -> String) -> String {
    let path = dir.join("bad.ron");
    project_file::save_without_backup(p, &path).unwrap();
    let text = mangle(&fs::read_to_string(&path).unwrap());
    fs::write(&path, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains(marker))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{marker} in {text}"));
    match project_file::load(&path) {
        Err(e @ ProjectFileError::Invalid { .. }) => {
            let message = e.to_string();
            assert!(message.contains(&format!("line {line}:")), "{message}");
            message
        }
        other => panic!("refused as invalid, got {other:?}"),
    }
}

#[test]
fn the_loader_refuses_bad_values_unknown_documents_and_variables_with_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let p = with_attributes();
    let message = refusal(&p, dir.path(), "\"20x8\"", |t| {
        t.replace("value: \"2018\"", "value: \"20x8\"")
    });
    assert!(
        message.contains("variable \"year\"")
            && message.contains("of type number")
            && message.contains("\"20x8\" is not a number; expected a number such as 2018"),
        "{message}"
    );
    let stranger = "00000000-0000-4000-8000-000000000001";
    let doc1 = p.documents[1].id.to_string();
    let message = refusal(&p, dir.path(), stranger, |t| {
        let i = t.find("    values:").unwrap();
        format!("{}{}", &t[..i], t[i..].replacen(&doc1, stranger, 1))
    });
    assert!(message.contains("there is no such document"), "{message}");
    let message = refusal(&p, dir.path(), "variable: \"yeer\"", |t| {
        t.replacen("variable: \"year\"", "variable: \"yeer\"", 1)
    });
    assert!(message.contains("there is no such variable"), "{message}");
    let doc2 = p.documents[2].id.to_string();
    let message = refusal(&p, dir.path(), "State media", |t| {
        let i = t.find("    groups:").unwrap();
        format!("{}{}", &t[..i], t[i..].replacen(&doc2, stranger, 1))
    });
    assert!(message.contains("not in the project"), "{message}");
    let message = refusal(&p, dir.path(), "(name: \"year\"", |t| {
        t.replace(
            "(name: \"outlet\", type: Text)",
            "(name: \"year\", type: Text)",
        )
    });
    assert!(message.contains("defined twice"), "{message}");
}

#[test]
fn merge_unites_variables_values_and_groups_and_reports_conflicts() {
    let base = with_attributes();
    let mut a = base.clone();
    let mut b = base.clone();
    // Different variables in each file, a value only one has, a conflicting value, a type
    // conflict, and a group each file extends.
    define(&mut a, "state", VariableType::YesNo);
    set(&mut a, 0, "state", "yes");
    define(&mut b, "language", VariableType::Text);
    set(&mut b, 2, "language", "Kyrgyz");
    set(&mut b, 2, "year", "2020");
    set(&mut a, 1, "year", "2019");
    define(&mut a, "issue", VariableType::Number);
    set(&mut a, 1, "issue", "12");
    define(&mut b, "issue", VariableType::Text);
    set(&mut b, 0, "issue", "spring");
    set(&mut b, 1, "issue", "12");
    apply(
        &mut b,
        Edit::SetGroupMember {
            group: "State media".into(),
            document: base.documents[1].id,
            member: true,
        },
    )
    .unwrap();
    group(&mut b, "Independent", &[1]);

    let inputs = [MergeInput::new("a.ron", &a), MergeInput::new("b.ron", &b)];
    let merged = merge(&inputs, &Resolution::First).unwrap();
    let p = &merged.project;
    assert!(coda::model::validate(p).is_empty());
    let names: Vec<&str> = p.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["year", "outlet", "state", "issue", "language"]);
    let doc = |i: usize| p.documents[i].id;
    assert_eq!(p.variable_value(doc(0), "state"), Some("yes"));
    assert_eq!(p.variable_value(doc(2), "language"), Some("Kyrgyz"));
    assert_eq!(
        p.variable_value(doc(2), "year"),
        Some("2020"),
        "one file's value kept"
    );
    assert_eq!(
        p.variable_value(doc(1), "year"),
        Some("2019"),
        "first file wins"
    );
    assert_eq!(p.variable("issue").unwrap().kind, VariableType::Number);
    assert_eq!(p.variable_value(doc(1), "issue"), Some("12"));
    assert_eq!(
        p.variable_value(doc(0), "issue"),
        None,
        "not a number: left out"
    );
    assert_eq!(p.group("State media").unwrap().documents.len(), 3);
    assert!(p.group("Independent").unwrap().contains(doc(1)));

    let conflicts = &merged.report.variable_conflicts;
    assert_eq!(conflicts.len(), 2, "{conflicts:?}");
    let summary = merged.report.summary();
    assert!(
        summary.contains("variable \"issue\" type: a.ron \"number\" (kept) / b.ron \"text\"")
            && summary.contains("left out, not of the kept type: \"doc0.txt\" (b.ron): \"spring\""),
        "{summary}"
    );
    assert!(
        summary.contains(
            "variable \"year\" of document \"doc1.txt\": a.ron \"2019\" (kept) / b.ron \"2018\""
        ),
        "{summary}"
    );
    assert!(
        merged
            .report
            .to_markdown()
            .contains("## Variable conflicts")
    );

    let last = merge(&inputs, &Resolution::Last).unwrap().project;
    assert_eq!(last.variable_value(doc(1), "year"), Some("2018"));
    assert_eq!(last.variable("issue").unwrap().kind, VariableType::Text);
    assert_eq!(last.variable_value(doc(0), "issue"), Some("spring"));
    match merge(&inputs, &Resolution::Fail) {
        Err(e @ MergeError::VariableConflicts(_)) => {
            assert!(e.to_string().contains("2 variable conflicts"), "{e}")
        }
        other => panic!("fails on the conflicts, got {:?}", other.map(|m| m.report)),
    }
    // Idempotent: the merge merged again with an input changes nothing.
    let again = merge(
        &[MergeInput::new("m", p), MergeInput::new("a.ron", &a)],
        &Resolution::First,
    )
    .unwrap()
    .project;
    assert_eq!(again.variables, p.variables);
    assert_eq!(again.values, p.values);
    assert_eq!(again.groups, p.groups);
}

#[test]
fn a_person_chooses_per_variable_conflict_whose_value_is_kept() {
    let base = with_attributes();
    let mut a = base.clone();
    let mut b = base.clone();
    let mut c = base.clone();
    set(&mut a, 1, "year", "2019");
    set(&mut b, 1, "year", "2020");
    set(&mut c, 1, "year", "2021");
    define(&mut a, "issue", VariableType::Number);
    define(&mut b, "issue", VariableType::Text);
    let inputs = [
        MergeInput::new("a.ron", &a),
        MergeInput::new("b.ron", &b),
        MergeInput::new("c.ron", &c),
    ];
    let conflicts = list_variable_conflicts(&inputs).unwrap();
    assert_eq!(conflicts.len(), 2, "{conflicts:?}");
    let type_conflict = conflicts.iter().find(|c| c.document.is_none()).unwrap();
    let value_conflict = conflicts.iter().find(|c| c.document.is_some()).unwrap();
    assert_eq!(type_conflict.variable, "issue");
    assert_eq!(value_conflict.key.variable, "year");
    assert_eq!(
        value_conflict.chosen, 0,
        "listed with the first file's chosen"
    );

    // The middle file's year and the second file's type: neither first nor last.
    let choices = Choices {
        variables: [
            (value_conflict.key.clone(), 1),
            (type_conflict.key.clone(), 1),
        ]
        .into(),
        ..Choices::default()
    };
    let merged = merge(&inputs, &Resolution::Choices(choices)).unwrap();
    let document = merged.project.documents[1].id;
    assert_eq!(
        merged.project.variable_value(document, "year"),
        Some("2020")
    );
    assert_eq!(
        merged.project.variable("issue").unwrap().kind,
        VariableType::Text
    );
    assert!(
        merged
            .report
            .variable_conflicts
            .iter()
            .all(|c| c.chosen == 1)
    );

    // A choice of a file without a value is refused, naming the conflict.
    let choices = Choices {
        variables: [(type_conflict.key.clone(), 2)].into(),
        ..Choices::default()
    };
    let error = merge(&inputs, &Resolution::Choices(choices)).unwrap_err();
    assert!(matches!(error, MergeError::BadVariableChoice { .. }));
    assert_eq!(
        error.to_string(),
        "the type of variable \"issue\" was to be taken from c.ron, which does not have one"
    );
}

#[test]
fn three_way_merges_variables_and_groups_and_reports_conflicting_values() {
    let base = with_attributes();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    set(&mut ours, 2, "year", "2021");
    set(&mut theirs, 0, "outlet", "Azattyk");
    define(&mut theirs, "state", VariableType::YesNo);
    set(&mut theirs, 1, "state", "no");
    apply(
        &mut ours,
        Edit::SetGroupMember {
            group: "State media".into(),
            document: base.documents[2].id,
            member: false,
        },
    )
    .unwrap();
    group(&mut theirs, "Independent", &[1]);
    let merged = three_way(&base, &ours, &theirs).unwrap().project;
    let doc = |i: usize| base.documents[i].id;
    assert_eq!(merged.variable_value(doc(2), "year"), Some("2021"));
    assert_eq!(merged.variable_value(doc(0), "outlet"), Some("Azattyk"));
    assert_eq!(merged.variable_value(doc(1), "state"), Some("no"));
    assert_eq!(merged.group("State media").unwrap().documents, vec![doc(0)]);
    assert!(merged.group("Independent").unwrap().contains(doc(1)));

    // The same value changed differently: a conflict, resolved by the side taken.
    set(&mut theirs, 2, "year", "2022");
    match three_way(&base, &ours, &theirs) {
        Err(MergeError::ThreeWay(conflicts)) => {
            assert_eq!(conflicts.len(), 1, "{conflicts:?}");
            let line = conflicts[0].to_string();
            assert!(
                line.contains("value of variable \"year\" for document \"doc2.txt\"")
                    && line.contains("ours \"2021\", theirs \"2022\""),
                "{line}"
            );
        }
        other => panic!("a conflict, got {:?}", other.map(|m| m.project)),
    }
    let merged = three_way_resolving(&base, &ours, &theirs, &mut |_| Side::Theirs)
        .unwrap()
        .project;
    assert_eq!(merged.variable_value(doc(2), "year"), Some("2022"));
}

#[test]
fn variables_import_sets_values_and_a_bad_row_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let file = path.to_str().unwrap();
    project_file::save(&project(), &path).unwrap();
    let csv = dir.path().join("vars.csv");
    fs::write(
        &csv,
        "document,year,outlet,state:yes/no,published\n\
         doc0.txt,2013,Kabar,yes,2013-05-01\n\
         doc1.txt,2018.0,Azattyk,no,2018-11-30\n",
    )
    .unwrap();
    let said = common::ok(&["variables", file, "--import", csv.to_str().unwrap()]);
    assert!(
        said.contains("set 8 values for 2 documents")
            && said.contains(
                "new variables: year (number), outlet (text), state (yes/no), published (date)"
            ),
        "{said}"
    );
    let p = project_file::load(&path).unwrap().project;
    assert_eq!(p.variable_value(p.documents[1].id, "year"), Some("2018"));
    let listing = common::ok(&["variables", file]);
    assert!(
        listing.contains("year (number): 2 values of 3 documents")
            && listing
                .contains("doc0.txt: year=2013, outlet=Kabar, state=yes, published=2013-05-01"),
        "{listing}"
    );

    // Errors: every one with its line; the file is byte for byte as it was.
    let before = fs::read(&path).unwrap();
    fs::write(
        &csv,
        "document,year,state\n\
         doc0.txt,2014,yes\n\
         nowhere.txt,2015,no\n\
         doc1.txt,20x8,maybe\n",
    )
    .unwrap();
    let error = common::fails(&["variables", file, "--import", csv.to_str().unwrap()]);
    let csv_name = csv.display().to_string();
    assert!(
        error.contains("3 problems; nothing was changed")
            && error.contains(&format!(
                "{csv_name}:3: no document named \"nowhere.txt\" in the project"
            ))
            && error.contains(&format!(
                "{csv_name}:4: variable \"year\" (number): \"20x8\" is not a number; expected a number such as 2018 or 3.5"
            ))
            && error.contains(&format!(
                "{csv_name}:4: variable \"state\" (yes/no): \"maybe\" is not yes or no"
            )),
        "{error}"
    );
    assert_eq!(fs::read(&path).unwrap(), before, "unchanged");
    fs::write(&csv, "document,year:text\ndoc0.txt,2014\n").unwrap();
    let error = common::fails(&["variables", file, "--import", csv.to_str().unwrap()]);
    assert!(
        error.contains(
            ":1: variable \"year\" is of type number in the project, but the header declares text"
        ),
        "{error}"
    );
    assert_eq!(fs::read(&path).unwrap(), before, "unchanged");

    // Export, then import of the export: nothing changes.
    let out = dir.path().join("out.csv");
    common::ok(&["variables", file, "--export", "-o", out.to_str().unwrap()]);
    let exported = fs::read_to_string(&out).unwrap();
    assert_eq!(
        exported,
        "document,year:number,outlet:text,state:yes/no,published:date\n\
         doc0.txt,2013,Kabar,yes,2013-05-01\n\
         doc1.txt,2018,Azattyk,no,2018-11-30\n\
         doc2.txt,,,,\n"
    );
    common::ok(&["variables", file, "--import", out.to_str().unwrap()]);
    assert_eq!(project_file::load(&path).unwrap().project, p);
    // An empty cell clears a value.
    fs::write(&csv, "document,outlet\ndoc0.txt,\n").unwrap();
    let said = common::ok(&["variables", file, "--import", csv.to_str().unwrap()]);
    assert!(said.contains("cleared 1 value"), "{said}");
    let p = project_file::load(&path).unwrap().project;
    assert_eq!(p.variable_value(p.documents[0].id, "outlet"), None);
}

#[test]
fn groups_command_adds_removes_and_lists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let file = path.to_str().unwrap();
    project_file::save(&project(), &path).unwrap();
    assert_eq!(common::ok(&["groups", file]), "no groups\n");
    let listing = common::ok(&[
        "groups",
        file,
        "--add",
        "State media",
        "doc2.txt",
        "doc0.txt",
    ]);
    assert_eq!(listing, "State media (2 documents): doc0.txt, doc2.txt\n");
    common::ok(&["groups", file, "--add", "Independent", "doc1.txt"]);
    let listing = common::ok(&["groups", file, "--remove", "State media", "doc2.txt"]);
    assert_eq!(
        listing,
        "State media (1 document): doc0.txt\nIndependent (1 document): doc1.txt\n"
    );
    let before = fs::read(&path).unwrap();
    let error = common::fails(&["groups", file, "--add", "State media", "nowhere.txt"]);
    assert!(
        error.contains("no document named \"nowhere.txt\""),
        "{error}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    let listing = common::ok(&["groups", file, "--remove", "Independent"]);
    assert_eq!(listing, "State media (1 document): doc0.txt\n");
}

#[test]
fn coda_merge_reports_variable_conflicts_and_fail_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = with_attributes();
    let mut b = a.clone();
    set(&mut a, 2, "year", "2020");
    set(&mut b, 2, "year", "2021");
    define(&mut b, "language", VariableType::Text);
    set(&mut b, 1, "language", "Russian");
    let (pa, pb, out) = (
        dir.path().join("a.ron"),
        dir.path().join("b.ron"),
        dir.path().join("m.ron"),
    );
    project_file::save(&a, &pa).unwrap();
    project_file::save(&b, &pb).unwrap();
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = ["merge", pa.to_str().unwrap(), pb.to_str().unwrap(), "-o"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        v.push(out.to_str().unwrap().to_string());
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let fail = args(&["--on-conflict", "fail"]);
    let error = common::fails(&fail.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        error.contains("1 variable conflict between the files; nothing was merged")
            && error.contains("variable \"year\" of document \"doc2.txt\""),
        "{error}"
    );
    assert!(!out.exists(), "nothing written");
    let said = common::ok(&args(&[]).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        said.contains("1 variable conflict, each kept from the first file"),
        "{said}"
    );
    let merged = project_file::load(&out).unwrap().project;
    let doc = |i: usize| merged.documents[i].id;
    assert_eq!(merged.variable_value(doc(2), "year"), Some("2020"));
    assert_eq!(merged.variable_value(doc(1), "language"), Some("Russian"));
}

#[test]
fn three_way_a_variable_deleted_on_one_side_and_changed_on_the_other_is_a_conflict() {
    let base = with_attributes();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    apply(&mut ours, Edit::DeleteVariable("year".into())).unwrap();
    // Deleted on one side, unchanged on the other: deleted with its values.
    let merged = three_way(&base, &ours, &theirs).unwrap().project;
    assert!(merged.variable("year").is_none());
    assert!(merged.values.iter().all(|v| v.variable != "year"));
    // Changed on the other side: a conflict; taking theirs keeps theirs' values.
    set(&mut theirs, 2, "year", "2022");
    match three_way(&base, &ours, &theirs) {
        Err(MergeError::ThreeWay(conflicts)) => {
            assert_eq!(conflicts.len(), 1, "{conflicts:?}");
            assert!(
                conflicts[0].to_string().contains(
                    "variable \"year\": deleted in ours, but its type or values changed in theirs"
                ),
                "{}",
                conflicts[0]
            );
        }
        other => panic!("a conflict, got {:?}", other.map(|m| m.project)),
    }
    let kept = three_way_resolving(&base, &ours, &theirs, &mut |_| Side::Theirs)
        .unwrap()
        .project;
    assert_eq!(
        kept.variable_value(base.documents[2].id, "year"),
        Some("2022")
    );
    assert_eq!(
        kept.variable_value(base.documents[0].id, "year"),
        Some("2013")
    );
    let dropped = three_way_resolving(&base, &ours, &theirs, &mut |_| Side::Ours)
        .unwrap()
        .project;
    assert!(dropped.variable("year").is_none());
    assert!(coda::model::validate(&dropped).is_empty());
}
