//! Coverage (which text each coder coded): the edit and its undo, the project file, the loader's
//! refusals, both merges, and `coda coverage` / `copy-for-coder --documents`.

mod common;

use coda::io::project_file::{self, ProjectFileError};
use coda::merge::{MergeInput, Resolution, merge, three_way};
use coda::model::{CharRange, Extent, Project};
use coda::ops::{Edit, apply};
use common::{fails, ok, small_project};
use std::fs;
use std::path::Path;

fn project() -> Project {
    small_project(&["0123456789".repeat(10), "abcdefghij".repeat(5)])
}

fn set(p: &mut Project, coder: usize, doc: usize, extent: Option<Extent>) -> Edit {
    let edit = Edit::SetCoverage {
        coder: p.coders[coder].id,
        document: p.documents[doc].id,
        extent,
    };
    apply(p, edit).expect("coverage applies")
}

fn ranges(list: &[(usize, usize)]) -> Extent {
    Extent::Ranges(list.iter().map(|&(s, e)| CharRange::new(s, e)).collect())
}

#[test]
fn setting_coverage_is_one_undoable_edit_and_normalises_ranges() {
    let mut p = project();
    let before = p.clone();
    let (bob, doc0, doc1) = (p.coders[1].id, p.documents[0].id, p.documents[1].id);
    // A coder with nothing recorded covers every document whole.
    assert_eq!(p.covered_ranges(bob, doc0), vec![CharRange::new(0, 100)]);
    let undo = set(&mut p, 1, 0, Some(ranges(&[(30, 40), (10, 20), (15, 25)])));
    assert_eq!(
        p.covered_ranges(bob, doc0),
        vec![CharRange::new(10, 25), CharRange::new(30, 40)]
    );
    // Once something is recorded, a document not listed is not covered.
    assert_eq!(p.covered_ranges(bob, doc1), vec![]);
    apply(&mut p, undo).unwrap();
    assert_eq!(p, before);
    // Ranges outside the text are refused, and nothing changes.
    let bad = Edit::SetCoverage {
        coder: bob,
        document: doc1,
        extent: Some(ranges(&[(10, 51)])),
    };
    assert!(apply(&mut p, bad).is_err());
    assert_eq!(p, before);
    // A document with coverage is deleted with it, and undone with it.
    set(&mut p, 1, 1, Some(Extent::Whole));
    let with_coverage = p.clone();
    let undo = apply(&mut p, Edit::DeleteDocument(doc1)).unwrap();
    assert!(p.coverage.is_empty());
    apply(&mut p, undo).unwrap();
    assert_eq!(p, with_coverage);
}

#[test]
fn coverage_is_saved_and_read_back_and_older_files_are_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let mut p = project();
    project_file::save(&p, &path).unwrap();
    let without = fs::read_to_string(&path).unwrap();
    assert!(!without.contains("coverage"), "no coverage, no field");
    assert_eq!(project_file::load(&path).unwrap().project, p);
    set(&mut p, 1, 1, Some(Extent::Whole));
    set(&mut p, 1, 0, Some(ranges(&[(5, 9), (20, 30)])));
    project_file::save(&p, &path).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("extent: Ranges([(start: 5, end: 9), (start: 20, end: 30)])"),
        "{text}"
    );
    assert_eq!(project_file::load(&path).unwrap().project, p);
}

/// The loader's message for a project file whose coverage line was replaced.
fn refusal(p: &Project, dir: &Path, mangle: impl Fn(&str) -> String) -> String {
    let path = dir.join("bad.ron");
    project_file::save_without_backup(p, &path).unwrap();
    let text = mangle(&fs::read_to_string(&path).unwrap());
    fs::write(&path, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("extent:"))
        .map(|i| i + 1)
        .unwrap();
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
fn the_loader_refuses_coverage_of_unknown_coders_documents_and_ranges_outside_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = project();
    set(&mut p, 1, 1, Some(ranges(&[(0, 10)])));
    let (bob, doc1) = (p.coders[1].id.to_string(), p.documents[1].id.to_string());
    let stranger = "00000000-0000-4000-8000-000000000001";
    let coverage_line = |text: &str, from: &str, to: &str| {
        let i = text.find("    coverage:").unwrap();
        format!("{}{}", &text[..i], text[i..].replacen(from, to, 1))
    };
    let message = refusal(&p, dir.path(), |t| coverage_line(t, &bob, stranger));
    assert!(message.contains("there is no such coder"), "{message}");
    let message = refusal(&p, dir.path(), |t| coverage_line(t, &doc1, stranger));
    assert!(message.contains("there is no such document"), "{message}");
    let message = refusal(&p, dir.path(), |t| t.replace("end: 10)", "end: 51)"));
    assert!(
        message.contains("range 0..51 is not inside \"doc1.txt\"")
            && message.contains("0 ≤ START < END ≤ 50"),
        "{message}"
    );
}

#[test]
fn merges_unite_coverage() {
    let mut base = project();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    set(&mut ours, 1, 0, Some(ranges(&[(0, 10)])));
    set(&mut theirs, 1, 0, Some(ranges(&[(5, 20)])));
    set(&mut theirs, 0, 1, Some(Extent::Whole));
    let merged = merge(
        &[MergeInput::new("a", &ours), MergeInput::new("b", &theirs)],
        &Resolution::First,
    )
    .unwrap()
    .project;
    let (alice, bob) = (base.coders[0].id, base.coders[1].id);
    let (doc0, doc1) = (base.documents[0].id, base.documents[1].id);
    assert_eq!(
        merged.covered_ranges(bob, doc0),
        vec![CharRange::new(0, 20)]
    );
    assert_eq!(
        merged.covered_ranges(alice, doc1),
        vec![CharRange::new(0, 50)]
    );
    assert_eq!(merged.covered_ranges(alice, doc0), vec![]);
    let merged = three_way(&base, &ours, &theirs).unwrap().project;
    assert_eq!(
        merged.covered_ranges(bob, doc0),
        vec![CharRange::new(0, 20)]
    );
    assert_eq!(
        merged.covered_ranges(alice, doc1),
        vec![CharRange::new(0, 50)]
    );
    // Nothing recorded anywhere: nothing recorded after.
    base.name = "renamed".into();
    assert!(three_way(&base, &base.clone(), &project()).is_ok());
}

#[test]
fn coverage_command_sets_lists_and_clears_and_copy_for_coder_records_the_assignment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    project_file::save(&project(), &path).unwrap();
    let file = path.to_str().unwrap();
    assert!(ok(&["coverage", file]).contains("Bob: every document, whole (no coverage recorded)"));
    let out = ok(&[
        "coverage",
        file,
        "--coder",
        "Bob",
        "--document",
        "doc0.txt",
        "--range",
        "10..20",
        "--range",
        "15..30",
    ]);
    assert!(out.contains("doc0.txt: 10..30 (20 of 100 chars)"), "{out}");
    let out = ok(&["coverage", file, "--coder", "Bob", "--document", "doc1.txt"]);
    assert!(out.contains("doc1.txt: whole (50 chars)"), "{out}");
    let loaded = project_file::load(&path).unwrap().project;
    assert_eq!(loaded.coverage.len(), 2);
    let before = fs::read(&path).unwrap();
    let err = fails(&[
        "coverage",
        file,
        "--coder",
        "Bob",
        "--document",
        "doc1.txt",
        "--range",
        "40..60",
    ]);
    assert!(err.contains("has 50 chars"), "{err}");
    let err = fails(&["coverage", file, "--coder", "Zoe", "--document", "doc1.txt"]);
    assert!(
        err.contains("no coder named \"Zoe\"; the coders are: Alice, Bob"),
        "{err}"
    );
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "a refused command writes nothing"
    );
    ok(&[
        "coverage",
        file,
        "--coder",
        "Bob",
        "--document",
        "doc0.txt",
        "--clear",
    ]);
    let out = ok(&["coverage", file, "--coder", "Bob"]);
    assert!(
        out.contains("Bob: 1 document") && !out.contains("doc0.txt"),
        "{out}"
    );
    ok(&["coverage", file, "--coder", "Bob", "--clear"]);
    assert!(
        project_file::load(&path)
            .unwrap()
            .project
            .coverage
            .is_empty()
    );

    let copy = dir.path().join("copy.ron");
    ok(&[
        "copy-for-coder",
        file,
        "--coder",
        "Cem",
        "-o",
        copy.to_str().unwrap(),
        "--documents",
        "doc1.txt",
    ]);
    let copied = project_file::load(&copy).unwrap().project;
    let cem = copied.coder_by_name("Cem").unwrap().id;
    assert_eq!(copied.documents.len(), 2, "the other documents stay");
    assert_eq!(copied.covered_ranges(cem, copied.documents[0].id), vec![]);
    assert_eq!(
        copied.covered_ranges(cem, copied.documents[1].id),
        vec![CharRange::new(0, 50)]
    );
}

#[test]
fn agree_compares_the_covered_text_and_lists_documents_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let mut p = project();
    let (alice, bob) = (p.coders[0].id, p.coders[1].id);
    let code = p.codes[0].id;
    for (coder, doc, start, end) in [(alice, 0, 0, 40), (bob, 0, 10, 40), (alice, 1, 0, 10)] {
        let segment = coda::model::Segment {
            id: coda::model::SegmentId::new(),
            document: p.documents[doc].id,
            start,
            end,
            code,
            coder,
            created: "2026-01-01T00:00:00Z".into(),
            memo: String::new(),
        };
        apply(&mut p, Edit::InsertSegment(Box::new(segment))).unwrap();
    }
    set(&mut p, 1, 0, Some(ranges(&[(20, 60)])));
    project_file::save(&p, &path).unwrap();
    let file = path.to_str().unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["agree", file, "--json", "--code", "Push factors"])).unwrap();
    assert_eq!(json["documents"], serde_json::json!(["doc0.txt"]));
    assert_eq!(
        json["not_compared"],
        serde_json::json!([{"document": "doc1.txt", "reason": "not coded by Bob (coverage recorded elsewhere)"}])
    );
    assert_eq!(
        json["compared_text"],
        serde_json::json!([{"document": "doc0.txt", "chars": 40, "of": 100}])
    );
    let kappa = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["metric"] == "cohen_kappa" && r["scope"] == "all")
        .unwrap();
    // On 20..60 both coded 20..40: perfect agreement on 40 chars.
    assert_eq!(
        kappa["counts"],
        serde_json::json!({"units": 40, "both": 20, "first_only": 0, "second_only": 0, "neither": 20})
    );
    let text = ok(&["agree", file, "--code", "Push factors"]);
    assert!(
        text.contains(
            "compared on the text every coder coded (their recorded coverage): 40 of 100 chars"
        ) && text.contains("not compared: doc1.txt: not coded by Bob"),
        "{text}"
    );
}

#[test]
fn reports_say_what_figures_rest_on_with_intervals_and_binary_brennan_prediger() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let mut p = project();
    let (alice, bob) = (p.coders[0].id, p.coders[1].id);
    let (push, channel) = (p.codes[0].id, p.codes[2].id);
    for (coder, code, start, end) in [
        (alice, push, 0, 40),
        (bob, push, 2, 40),
        (alice, push, 60, 70),
        (alice, channel, 80, 84),
    ] {
        let segment = coda::model::Segment {
            id: coda::model::SegmentId::new(),
            document: p.documents[0].id,
            start,
            end,
            code,
            coder,
            created: "2026-01-01T00:00:00Z".into(),
            memo: String::new(),
        };
        apply(&mut p, Edit::InsertSegment(Box::new(segment))).unwrap();
    }
    project_file::save(&p, &path).unwrap();
    let file = path.to_str().unwrap();
    let report = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["agree", file, "--json"];
        args.extend_from_slice(extra);
        serde_json::from_str(&ok(&args)).unwrap()
    };
    let json = report(&[]);
    let usage = &json["usage"][0];
    assert_eq!(usage["code"], "Push factors");
    assert_eq!(usage["units"], 150);
    assert_eq!(usage["coded_units"], 50);
    assert_eq!(
        usage["coders"],
        serde_json::json!([
            {"coder": "Alice", "segments": 2, "coded_chars": 50, "coded_units": 50},
            {"coder": "Bob", "segments": 1, "coded_chars": 38, "coded_units": 38}
        ])
    );
    let warnings: Vec<(String, String)> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["code"].as_str().unwrap().into(),
                w["warning"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        warnings.contains(&("Recruitment channels".into(), "few_units".into())),
        "{warnings:?}"
    );
    assert!(
        warnings.contains(&("Recruitment channels".into(), "not_used_by".into())),
        "{warnings:?}"
    );
    let find = |json: &serde_json::Value, metric: &str, code: &str| {
        json["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["metric"] == metric && r["code"] == code && r["scope"] == "all")
            .unwrap()
            .clone()
    };
    // Brennan–Prediger per code is binary: 2·SA − 1, whatever the number of codes.
    let sa = find(&json, "segment_agreement", "Push factors")["value"]
        .as_f64()
        .unwrap();
    let bp = find(&json, "brennan_prediger_kappa", "Push factors")["value"]
        .as_f64()
        .unwrap();
    assert!((bp - (2.0 * sa - 1.0)).abs() < 1e-12, "{sa} {bp}");
    // Intervals: around the estimate, the same with the same seed, none with --bootstrap 0.
    let kappa = find(&json, "cohen_kappa", "Push factors");
    let ci = kappa["ci95"].as_array().unwrap();
    let (low, high, value) = (
        ci[0].as_f64().unwrap(),
        ci[1].as_f64().unwrap(),
        kappa["value"].as_f64().unwrap(),
    );
    assert!(low <= value && value <= high && low < high, "{kappa}");
    assert_eq!(
        find(&report(&[]), "cohen_kappa", "Push factors")["ci95"],
        kappa["ci95"]
    );
    assert_ne!(
        find(&report(&["--seed", "7"]), "cohen_kappa", "Push factors")["ci95"],
        kappa["ci95"]
    );
    assert!(
        find(
            &report(&["--bootstrap", "0"]),
            "cohen_kappa",
            "Push factors"
        )["ci95"]
            .is_null()
    );
    let alpha = find(&json, "krippendorff_alpha", "Push factors");
    assert!(alpha["ci95"].is_array(), "{alpha}");
    // Sentence units: the columns on characters say so.
    let json = report(&["--unit", "sentence"]);
    assert_eq!(
        find(&json, "unitized_alpha", "Push factors")["unit"],
        "char"
    );
    assert_eq!(
        find(&json, "cohen_kappa", "Push factors")["unit"],
        "sentence"
    );
    let text = ok(&["agree", file, "--unit", "sentence"]);
    assert!(
        text.contains("u-alpha*") && text.contains("computed on characters"),
        "{text}"
    );
    assert!(
        text.contains("What each figure rests on") && text.contains("one-sided"),
        "{text}"
    );
}
