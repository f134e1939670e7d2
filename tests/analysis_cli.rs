//! `coda matrix` and `coda cooccurrence` on the sample project, checked against counts made
//! here from `coda export-codings` with plain loops; filters (`--where`, `--group`,
//! `--document`, `--coder`) on every command that takes them.

mod common;

use coda::analysis::filter::{DocumentFilter, FilterSpec};
use coda::io::project_file;
use coda::model::{Group, Project, Variable, VariableType};
use coda::ops::{Edit, apply};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn sample_copy(dir: &Path) -> PathBuf {
    let path = dir.join("sample.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
        &path,
    )
    .unwrap();
    path
}

/// One exported coding: document, start, end, code path, coder.
struct Row {
    document: String,
    start: usize,
    end: usize,
    code: String,
}

fn exported(file: &str, extra: &[&str]) -> Vec<Row> {
    let mut args = vec!["export-codings", file];
    args.extend(extra);
    let csv = common::ok(&args);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Row {
                document: r[0].to_string(),
                start: r[1].parse().unwrap(),
                end: r[2].parse().unwrap(),
                code: r[4].to_string(),
            }
        })
        .collect()
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&common::ok(args)).unwrap()
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn numbers(value: &serde_json::Value) -> Vec<Vec<f64>> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect()
        })
        .collect()
}

/// Whether the coding's code is the row's code (or, with subcodes, one below it).
fn in_row(code: &str, row: &str, include_children: bool) -> bool {
    code == row || (include_children && code.starts_with(&format!("{row}/")))
}

#[test]
fn the_code_document_matrix_matches_a_count_made_from_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let file = path.to_str().unwrap();
    let rows = exported(file, &[]);
    assert!(rows.len() > 100);
    let project = project_file::load(&path).unwrap().project;
    let length: HashMap<&str, usize> = project
        .documents
        .iter()
        .map(|d| (d.name.as_str(), d.text.char_len()))
        .collect();

    for include_children in [false, true] {
        let mut args = vec!["matrix", file, "--json"];
        if include_children {
            args.push("--include-children");
        }
        let count = json(&args);
        let codes = strings(&count["rows"]);
        let columns = strings(&count["columns"]);
        assert_eq!(codes.len(), project.codes.len());
        assert_eq!(columns.len(), project.documents.len());
        let cells = numbers(&count["cells"]);
        let chars = numbers(&json(&[args.as_slice(), &["--measure", "chars"]].concat())["cells"]);
        let coverage =
            numbers(&json(&[args.as_slice(), &["--measure", "coverage"]].concat())["cells"]);
        for (r, code) in codes.iter().enumerate() {
            for (c, document) in columns.iter().enumerate() {
                let mut n = 0;
                let mut coded = vec![false; length[document.as_str()]];
                for row in &rows {
                    if row.document == *document && in_row(&row.code, code, include_children) {
                        n += 1;
                        for flag in &mut coded[row.start..row.end] {
                            *flag = true;
                        }
                    }
                }
                let covered = coded.iter().filter(|&&f| f).count();
                assert_eq!(cells[r][c], n as f64, "count {code} × {document}");
                assert_eq!(chars[r][c], covered as f64, "chars {code} × {document}");
                let percent = covered as f64 * 100.0 / coded.len() as f64;
                assert!(
                    (coverage[r][c] - percent).abs() < 1e-9,
                    "coverage {code} × {document}: {} vs {percent}",
                    coverage[r][c]
                );
            }
        }
        // Something is counted: the check above is not of an empty table.
        assert!(cells.iter().flatten().sum::<f64>() >= rows.len() as f64);
    }
}

#[test]
fn cooccurrence_matches_a_count_of_every_pair_made_from_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let file = path.to_str().unwrap();
    let rows = exported(file, &[]);
    let project = project_file::load(&path).unwrap().project;
    let table = json(&["cooccurrence", file, "--json"]);
    let codes = strings(&table["rows"]);
    assert_eq!(strings(&table["columns"]), codes);
    let cells = numbers(&table["cells"]);
    let index: HashMap<&str, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let mut expected = vec![vec![0.0; codes.len()]; codes.len()];
    for (i, a) in rows.iter().enumerate() {
        let ra = index[a.code.as_str()];
        expected[ra][ra] += 1.0;
        for b in &rows[i + 1..] {
            let rb = index[b.code.as_str()];
            if a.document == b.document && ra != rb && a.start.max(b.start) < a.end.min(b.end) {
                expected[ra][rb] += 1.0;
                expected[rb][ra] += 1.0;
            }
        }
    }
    assert_eq!(cells, expected);
    let off_diagonal: f64 = (0..codes.len())
        .flat_map(|i| {
            (0..codes.len())
                .filter(move |&j| j != i)
                .map(move |j| (i, j))
        })
        .map(|(i, j)| cells[i][j])
        .sum();
    assert!(off_diagonal > 0.0, "the sample has overlapping codings");

    // Within sentences: pairs whose codings touch one sentence, by the same plain loop over
    // the sentences the text index gives.
    let sentences: HashMap<&str, Vec<coda::model::CharRange>> = project
        .documents
        .iter()
        .map(|d| {
            (
                d.name.as_str(),
                coda::analysis::passages::sentences(&d.text),
            )
        })
        .collect();
    let touched = |row: &Row| -> Vec<usize> {
        sentences[row.document.as_str()]
            .iter()
            .enumerate()
            .filter(|(_, s)| s.start < row.end && row.start < s.end)
            .map(|(i, _)| i)
            .collect()
    };
    let mut expected = vec![vec![0.0; codes.len()]; codes.len()];
    for (i, a) in rows.iter().enumerate() {
        let ra = index[a.code.as_str()];
        expected[ra][ra] += 1.0;
        let units_a = touched(a);
        for b in &rows[i + 1..] {
            let rb = index[b.code.as_str()];
            if a.document == b.document
                && ra != rb
                && touched(b).iter().any(|u| units_a.contains(u))
            {
                expected[rb][ra] += 1.0;
                expected[ra][rb] += 1.0;
            }
        }
    }
    let within = numbers(&json(&["cooccurrence", file, "--within", "sentence", "--json"])["cells"]);
    assert_eq!(within, expected);
    let overlap_pairs: f64 = cells.iter().flatten().sum();
    let sentence_pairs: f64 = within.iter().flatten().sum();
    assert!(
        sentence_pairs >= overlap_pairs,
        "touching a sentence includes overlapping"
    );
    let csv = common::ok(&["cooccurrence", file, "--csv"]);
    assert!(csv.starts_with("code,Push factors,"), "{csv}");
}

/// The sample with variables `year` (number) and `state` (yes/no) and a group, set through
/// the commands.
fn sample_with_variables(dir: &Path) -> (PathBuf, Vec<String>) {
    let path = sample_copy(dir);
    let file = path.to_str().unwrap();
    let project = project_file::load(&path).unwrap().project;
    let names: Vec<String> = project.documents.iter().map(|d| d.name.clone()).collect();
    let csv = dir.join("vars.csv");
    std::fs::write(
        &csv,
        format!(
            "document,year,state\n{},2013,yes\n{},2016,no\n{},2018,yes\n{},2021,no\n",
            names[0], names[1], names[2], names[3]
        ),
    )
    .unwrap();
    common::ok(&["variables", file, "--import", csv.to_str().unwrap()]);
    common::ok(&["groups", file, "--add", "State media", &names[1], &names[3]]);
    (path, names)
}

#[test]
fn filters_limit_retrieval_search_and_matrices_to_the_documents_and_coders_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let (path, names) = sample_with_variables(dir.path());
    let file = path.to_str().unwrap();

    let recent = json(&["matrix", file, "--where", "year>=2016", "--json"]);
    assert_eq!(strings(&recent["columns"]), names[1..4].to_vec());
    let both = json(&[
        "matrix",
        file,
        "--where",
        "year>=2016",
        "--group",
        "State media",
        "--json",
    ]);
    assert_eq!(
        strings(&both["columns"]),
        vec![names[1].clone(), names[3].clone()]
    );
    let typed = json(&[
        "matrix",
        file,
        "--where",
        "year<2016.5",
        "--where",
        "state=yes",
        "--json",
    ]);
    assert_eq!(strings(&typed["columns"]), vec![names[0].clone()]);
    // A document without a value meets no condition, != included.
    let unequal = json(&["matrix", file, "--where", "year!=2013", "--json"]);
    assert_eq!(strings(&unequal["columns"]), names[1..4].to_vec());
    // By variable: one column per value, then the documents without one.
    let by_state = json(&["matrix", file, "--by", "variable:state", "--json"]);
    assert_eq!(strings(&by_state["columns"]), ["no", "yes", "(no value)"]);
    let by_group = json(&["matrix", file, "--by", "group", "--json"]);
    assert_eq!(strings(&by_group["columns"]), ["State media"]);
    let by_doc = numbers(&json(&["matrix", file, "--json"])["cells"]);
    let group_cells = numbers(&by_group["cells"]);
    for (row, group_row) in by_doc.iter().zip(&group_cells) {
        assert_eq!(group_row[0], row[1] + row[3]);
    }

    // Retrieval (export-codings) keeps the codings of the documents kept, by the coders kept.
    let all = exported(file, &[]);
    let kept = exported(file, &["--group", "State media"]);
    let expected = all
        .iter()
        .filter(|r| r.document == names[1] || r.document == names[3])
        .count();
    assert_eq!(kept.len(), expected);
    assert!(expected > 0);
    assert!(
        exported(file, &["--coder", "Aigerim", "--where", "year=2013"])
            .iter()
            .all(|r| r.document == names[0])
    );
    let error = common::fails(&["export-codings", file, "--coder", "Nobody"]);
    assert!(
        error.contains("no coder named \"Nobody\"; the coders are: Aigerim"),
        "{error}"
    );

    // Search looks in the documents kept only.
    let hits = json(&["search", file, "the", "--where", "state=no", "--json"]);
    let documents: std::collections::BTreeSet<&str> = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["document"].as_str().unwrap())
        .collect();
    assert_eq!(
        documents,
        [names[1].as_str(), names[3].as_str()].into_iter().collect()
    );

    // Refusals in plain words.
    let error = common::fails(&["matrix", file, "--where", "year>=soon"]);
    assert!(
        error.contains("\"year\" is of type number, and \"soon\" is not a number"),
        "{error}"
    );
    let error = common::fails(&["matrix", file, "--where", "state>no"]);
    assert!(error.contains("yes/no values have no order"), "{error}");
    let error = common::fails(&["matrix", file, "--where", "colour=red"]);
    assert!(
        error.contains("no variable named \"colour\"; the variables are: year, state"),
        "{error}"
    );
    let error = common::fails(&["cooccurrence", file, "--group", "Radio"]);
    assert!(
        error.contains("no group named \"Radio\"; the groups are: State media"),
        "{error}"
    );
}

#[test]
fn agreement_compares_only_the_documents_the_filter_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.ron");
    let mut project = common::small_project(&[
        "Alpha beta gamma delta.".to_string(),
        "Epsilon zeta eta theta.".to_string(),
    ]);
    let code = project.codes[0].id;
    let coders: Vec<_> = project.coders.iter().map(|c| c.id).collect();
    let docs: Vec<_> = project.documents.iter().map(|d| d.id).collect();
    let mut edits = Vec::new();
    for &doc in &docs {
        for (k, &coder) in coders.iter().enumerate() {
            edits.push(Edit::InsertSegment(Box::new(coda::model::Segment {
                id: coda::model::SegmentId::new(),
                document: doc,
                start: 0,
                end: 5 + k,
                code,
                coder,
                created: "2026-01-01T00:00:00Z".into(),
                memo: String::new(),
            })));
        }
    }
    edits.push(Edit::InsertGroup {
        index: 0,
        group: Group {
            name: "First".into(),
            documents: vec![docs[0]],
        },
    });
    apply(&mut project, Edit::Batch(edits)).unwrap();
    project_file::save(&project, &path).unwrap();
    let file = path.to_str().unwrap();
    let all = json(&["agree", file, "--json"]);
    let kept = json(&["agree", file, "--group", "First", "--json"]);
    let names = |v: &serde_json::Value| -> Vec<String> {
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&all), ["doc0.txt", "doc1.txt"]);
    assert_eq!(names(&kept), ["doc0.txt"]);
}

#[test]
fn the_filter_keeps_documents_by_name_group_and_every_condition() {
    let mut project =
        common::small_project(&["one".to_string(), "two".to_string(), "three".to_string()]);
    let docs: Vec<_> = project.documents.iter().map(|d| d.id).collect();
    let mut edits = vec![Edit::InsertVariable {
        index: 0,
        variable: Variable {
            name: "published".into(),
            kind: VariableType::Date,
        },
    }];
    for (doc, date) in docs.iter().zip(["2013-05-01", "2018-01-01"]) {
        edits.push(Edit::SetVariableValue {
            document: *doc,
            variable: "published".into(),
            value: Some(date.into()),
        });
    }
    edits.push(Edit::InsertGroup {
        index: 0,
        group: Group {
            name: "G".into(),
            documents: vec![docs[1], docs[2]],
        },
    });
    apply(&mut project, Edit::Batch(edits)).unwrap();
    let kept = |spec: FilterSpec| -> Vec<String> {
        let filter = DocumentFilter::new(&project, &spec).unwrap();
        filter.documents(&project).map(|d| d.name.clone()).collect()
    };
    let spec = |conditions: &[&str], groups: &[&str], documents: &[&str]| FilterSpec {
        conditions: conditions.iter().map(|s| s.to_string()).collect(),
        groups: groups.iter().map(|s| s.to_string()).collect(),
        documents: documents.iter().map(|s| s.to_string()).collect(),
        coders: Vec::new(),
    };
    assert_eq!(
        kept(spec(&[], &[], &[])),
        ["doc0.txt", "doc1.txt", "doc2.txt"]
    );
    assert_eq!(
        kept(spec(&["published>2014-12-31"], &[], &[])),
        ["doc1.txt"]
    );
    assert_eq!(
        kept(spec(&["published<=2018-01-01"], &[], &[])),
        ["doc0.txt", "doc1.txt"]
    );
    assert_eq!(
        kept(spec(&[], &["G"], &["doc0.txt", "doc2.txt"])),
        ["doc2.txt"]
    );
    assert_eq!(
        kept(spec(&["published!=2013-05-01"], &["G"], &[])),
        ["doc1.txt"]
    );
    let bad = DocumentFilter::new(&project, &spec(&["published>2018-02-30"], &[], &[]));
    assert!(
        bad.unwrap_err()
            .contains("expected a date written YYYY-MM-DD")
    );
    // The filter's restricted project keeps the kept documents' codings and values only.
    let filter = DocumentFilter::new(&project, &spec(&["published>2014-12-31"], &[], &[])).unwrap();
    let restricted: Project = filter.restrict(&project);
    assert_eq!(restricted.documents.len(), 1);
    assert_eq!(restricted.values.len(), 1);
    assert_eq!(restricted.groups[0].documents, vec![docs[1]]);
    assert!(coda::model::validate(&restricted).is_empty());
}
