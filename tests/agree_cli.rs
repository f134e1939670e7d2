//! `coda agree` end to end with the real binary: coders' files built with `coda new`,
//! `add-document` and `import-codings`, values computed by hand, the sample project's two
//! coders checked against a per-character count made here, and the refusals.

mod common;

use coda::io::project_file;
use coda::model::Project;
use common::{coda, stderr, stdout};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = coda(args);
    assert!(
        out.status.success(),
        "coda {args:?} failed: {}",
        stderr(&out)
    );
    stdout(&out)
}

fn fails(args: &[&str]) -> String {
    let out = coda(args);
    assert!(
        !out.status.success(),
        "coda {args:?} should fail: {}",
        stdout(&out)
    );
    stderr(&out)
}

fn json(args: &[&str]) -> Json {
    let mut args = args.to_vec();
    args.push("--json");
    let text = ok(&args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

const CODEBOOK: &str = "- Push: Why people are drawn in.\n- Pull: What draws them.\n";

/// Four sentences of 25 chars ("…." included) separated by single spaces: 103 chars, sentence
/// k at 26k..26k+25.
const FOUR_SENTENCES: &str = "Aaaa bbbb cccc dddd eeee. Ffff gggg hhhh iiii jjjj. \
                              Kkkk llll mmmm nnnn oooo. Pppp qqqq rrrr ssss tttt.";

/// One coder's project file built with the command line: `docs` are (file name, text), each
/// added as a document named after its file; `codings` are (document, start, end, code).
fn coder_file(
    dir: &Path,
    file: &str,
    coder: &str,
    docs: &[(&str, &str)],
    codings: &[(&str, usize, usize, &str)],
) -> PathBuf {
    let folder = dir.join(format!("{file}.inputs"));
    fs::create_dir_all(&folder).unwrap();
    let project = dir.join(file);
    let codebook = folder.join("codebook.md");
    fs::write(&codebook, CODEBOOK).unwrap();
    ok(&[
        "new",
        path_str(&project),
        "--coder",
        coder,
        "--codebook",
        path_str(&codebook),
    ]);
    for (name, text) in docs {
        let doc = folder.join(name);
        fs::write(&doc, text).unwrap();
        ok(&["add-document", path_str(&project), path_str(&doc)]);
    }
    if !codings.is_empty() {
        let mut csv = String::from("document,start,end,code,coder\n");
        for (doc, start, end, code) in codings {
            csv.push_str(&format!("{doc},{start},{end},{code},{coder}\n"));
        }
        let csv_path = folder.join("codings.csv");
        fs::write(&csv_path, csv).unwrap();
        ok(&["import-codings", path_str(&project), path_str(&csv_path)]);
    }
    project
}

/// The one result of a metric for a code (None: all codes), coders and scope.
fn result<'a>(
    report: &'a Json,
    metric: &str,
    code: Option<&str>,
    coders: &[&str],
    scope: &str,
) -> &'a Json {
    let found: Vec<&Json> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["metric"] == metric
                && r["code"].as_str() == code
                && r["scope"] == scope
                && r["coders"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap())
                    .eq(coders.iter().copied())
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{metric} {code:?} {coders:?} {scope}: {found:?}"
    );
    found[0]
}

fn value(report: &Json, metric: &str, code: &str, coders: &[&str], scope: &str) -> f64 {
    let row = result(report, metric, Some(code), coders, scope);
    row["value"]
        .as_f64()
        .unwrap_or_else(|| panic!("{metric} {code} {scope} is undefined: {row}"))
}

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-12,
        "{actual} is not {expected}"
    );
}

/// Ann and Bob on one document, each in a file of their own. Bob added the document under
/// another name, so its id and name differ; only its text is the same.
fn ann_and_bob(dir: &Path) -> (PathBuf, PathBuf) {
    let a = coder_file(
        dir,
        "ann.ron",
        "Ann",
        &[("interview.txt", FOUR_SENTENCES)],
        &[
            ("interview.txt", 0, 40, "Push"),
            ("interview.txt", 80, 90, "Pull"),
        ],
    );
    let b = coder_file(
        dir,
        "bob.ron",
        "Bob",
        &[("copy of interview.txt", FOUR_SENTENCES)],
        &[("copy of interview.txt", 20, 50, "Push")],
    );
    (a, b)
}

#[test]
fn hand_computed_kappa_and_percent_agreement_from_two_files() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = ann_and_bob(dir.path());
    let (pa, pb) = (
        project_file::load(&a).unwrap().project,
        project_file::load(&b).unwrap().project,
    );
    assert_eq!(pa.documents[0].text.char_len(), 103);
    assert_ne!(pa.documents[0].id, pb.documents[0].id);

    let report = json(&["agree", path_str(&a), path_str(&b)]);
    // The document is matched by its text and named as in the first file.
    assert_eq!(report["documents"], serde_json::json!(["interview.txt"]));
    assert_eq!(report["coders"], serde_json::json!(["Ann", "Bob"]));
    assert_eq!(report["unit"], "char");
    let pair = ["Ann", "Bob"];
    // Push: Ann 0..40, Bob 20..50 of 103 chars: both 20, Ann only 20, Bob only 10, neither 53.
    // p_o = 73/103; p_e = (40·30 + 63·73)/103² = 5799/10609;
    // κ = (103·73 − 5799)/(10609 − 5799) = 1720/4810.
    for scope in ["all", "interview.txt"] {
        close(
            value(&report, "percent_agreement", "Push", &pair, scope),
            73.0 / 103.0,
        );
        close(
            value(&report, "cohen_kappa", "Push", &pair, scope),
            1720.0 / 4810.0,
        );
    }
    let counts = &result(&report, "cohen_kappa", Some("Push"), &pair, "all")["counts"];
    assert_eq!(
        counts,
        &serde_json::json!({"units": 103, "both": 20, "first_only": 20, "second_only": 10, "neither": 53})
    );
    // Pull: only Ann (80..90): κ = 0 exactly, 93 of 103 chars agree.
    close(value(&report, "cohen_kappa", "Pull", &pair, "all"), 0.0);
    close(
        value(&report, "percent_agreement", "Pull", &pair, "all"),
        93.0 / 103.0,
    );
    // Segment agreement on Push: 20/50 = 40 % overlap fails 90 %, passes 0.4.
    close(
        value(&report, "segment_agreement", "Push", &pair, "all"),
        0.0,
    );
    let loose = json(&["agree", path_str(&a), path_str(&b), "--threshold", "0.4"]);
    close(
        value(&loose, "segment_agreement", "Push", &pair, "all"),
        1.0,
    );
    assert_eq!(loose["threshold"], 0.4);

    // The readable table says the same.
    let text = ok(&["agree", path_str(&a), path_str(&b)]);
    assert!(text.starts_with("Agreement of Ann and Bob\n"), "{text}");
    let push_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("Push "))
        .unwrap();
    assert!(
        push_line.contains("70.9 %") && push_line.contains("0.358"),
        "{push_line}"
    );
}

#[test]
fn sentence_units_count_a_touched_sentence_as_coded() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = ann_and_bob(dir.path());
    let report = json(&["agree", path_str(&a), path_str(&b), "--unit", "sentence"]);
    assert_eq!(report["unit"], "sentence");
    let pair = ["Ann", "Bob"];
    // Both coders touch sentences 0 and 1 with Push, nobody 2 and 3: full agreement.
    let row = result(&report, "cohen_kappa", Some("Push"), &pair, "all");
    assert_eq!(row["counts"]["units"], 4);
    close(value(&report, "cohen_kappa", "Push", &pair, "all"), 1.0);
    // Pull: Ann's 80..90 lies in sentence 3 alone.
    close(
        value(&report, "percent_agreement", "Pull", &pair, "all"),
        0.75,
    );
    let refused = fails(&["agree", path_str(&a), path_str(&b), "--unit", "word"]);
    assert!(refused.contains("word"), "{refused}");
}

#[test]
fn missing_marks_a_document_a_coder_never_coded() {
    let dir = tempfile::tempdir().unwrap();
    let second = "Second document. It has two sentences.";
    let a = coder_file(
        dir.path(),
        "ann.ron",
        "Ann",
        &[("one.txt", FOUR_SENTENCES), ("two.txt", second)],
        &[("one.txt", 0, 40, "Push"), ("two.txt", 0, 16, "Push")],
    );
    let b = coder_file(
        dir.path(),
        "bob.ron",
        "Bob",
        &[("one.txt", FOUR_SENTENCES), ("two.txt", second)],
        &[("one.txt", 20, 50, "Push")],
    );
    let pair = ["Ann", "Bob"];

    // By default Bob's uncoded text in two.txt is "not coded": κ there is 0.
    let report = json(&["agree", path_str(&a), path_str(&b)]);
    assert_eq!(report["missing"], serde_json::json!([]));
    close(value(&report, "cohen_kappa", "Push", &pair, "two.txt"), 0.0);
    // Pooled = the counts summed over the two documents (38 chars in two.txt).
    let pooled = &result(&report, "percent_agreement", Some("Push"), &pair, "all")["counts"];
    assert_eq!(pooled["units"], 103 + 38);
    assert_eq!(pooled["first_only"], 20 + 16);

    let report = json(&["agree", path_str(&a), path_str(&b), "--missing"]);
    assert_eq!(
        report["missing"],
        serde_json::json!([{"coder": "Bob", "document": "two.txt"}])
    );
    let row = result(&report, "cohen_kappa", Some("Push"), &pair, "two.txt");
    assert_eq!(row["status"], "undefined");
    assert!(row["value"].is_null());
    assert!(
        row["reason"].as_str().unwrap().contains("Bob did not code"),
        "{row}"
    );
    // Pooled over the documents both coded: one.txt alone.
    close(
        value(&report, "cohen_kappa", "Push", &pair, "all"),
        1720.0 / 4810.0,
    );
    let text = ok(&["agree", path_str(&a), path_str(&b), "--missing"]);
    assert!(text.contains("missing: Bob did not code two.txt"), "{text}");
}

#[test]
fn an_empty_file_is_a_coder_who_coded_nothing_and_three_coders_get_pair_tables() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = ann_and_bob(dir.path());
    let c = coder_file(
        dir.path(),
        "cem.ron",
        "Cem",
        &[("interview.txt", FOUR_SENTENCES)],
        &[],
    );
    let report = json(&["agree", path_str(&a), path_str(&b), path_str(&c)]);
    assert_eq!(report["coders"], serde_json::json!(["Ann", "Bob", "Cem"]));
    close(
        value(&report, "cohen_kappa", "Push", &["Ann", "Cem"], "all"),
        0.0,
    );
    let fleiss = result(
        &report,
        "fleiss_kappa",
        Some("Push"),
        &["Ann", "Bob", "Cem"],
        "all",
    );
    assert_eq!(fleiss["status"], "ok");
    let text = ok(&["agree", path_str(&a), path_str(&b), path_str(&c)]);
    assert!(text.contains("pairs, all documents"), "{text}");
    assert!(text.contains("Bob & Cem"), "{text}");

    // --coder picks two of the three.
    let report = json(&[
        "agree",
        path_str(&a),
        path_str(&b),
        path_str(&c),
        "--coder",
        "Cem",
        "--coder",
        "Bob",
    ]);
    assert_eq!(report["coders"], serde_json::json!(["Cem", "Bob"]));
}

#[test]
fn refusals_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = ann_and_bob(dir.path());
    let (a, b) = (path_str(&a), path_str(&b));

    let message = fails(&["agree", a, b, "--coder", "Ann", "--coder", "Zoe"]);
    assert!(
        message.contains("\"Zoe\"") && message.contains("Ann, Bob"),
        "{message}"
    );
    // One file, one coder.
    let message = fails(&["agree", a]);
    assert!(
        message.contains("at least two coders") && message.contains("only Ann"),
        "{message}"
    );
    let message = fails(&["agree", a, b, "--code", "Psuh"]);
    assert!(message.contains("did you mean \"Push\""), "{message}");
    let message = fails(&["agree", a, b, "--code", "Policy"]);
    assert!(message.contains("\"Push\", \"Pull\""), "{message}");
    for threshold in ["0", "1.5", "-0.2", "ninety"] {
        let message = fails(&["agree", a, b, "--threshold", threshold]);
        assert!(message.contains("threshold"), "{message}");
    }
    let message = fails(&["agree", a, b, "--json", "--csv"]);
    assert!(message.contains("cannot be used with"), "{message}");
    let message = fails(&["agree", a, path_str(&dir.path().join("absent.ron"))]);
    assert!(message.contains("absent.ron"), "{message}");
}

#[test]
fn csv_output_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = ann_and_bob(dir.path());
    let (a, b) = (path_str(&a), path_str(&b));
    let csv = ok(&["agree", a, b, "--csv", "--code", "Push"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "metric,code,coders,scope,value,status,reason,counts,ci95_low,ci95_high,unit,warnings"
        )
    );
    let kappa = lines
        .find(|l| l.starts_with("cohen_kappa,Push,Ann;Bob,all,"))
        .unwrap();
    assert!(kappa.contains(&(1720.0f64 / 4810.0).to_string()), "{kappa}");
    // --code Push: no Pull rows.
    assert!(!csv.contains(",Pull,"));

    let out = dir.path().join("report.json");
    let printed = ok(&["agree", a, b, "--json", "-o", path_str(&out)]);
    assert!(printed.is_empty());
    let written: Json = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["coders"], serde_json::json!(["Ann", "Bob"]));
}

const METRICS: [&str; 9] = [
    "percent_agreement",
    "cohen_kappa",
    "mean_pairwise_percent_agreement",
    "mean_pairwise_cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "unitized_alpha",
    "segment_agreement",
    "brennan_prediger_kappa",
];

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_projects")
        .join(name)
}

/// Per-character Cohen's kappa of two coders' union of spans of one code, pooled over the
/// documents both files have (matched by hash), counted here without the agreement engine.
fn naive_kappa(a: &Project, b: &Project, code_path: &str) -> Option<f64> {
    let coded = |p: &Project, hash: &str, len: usize| {
        let doc = p.documents.iter().find(|d| d.hash == hash).unwrap();
        let code = p.code_by_path(code_path).unwrap().id;
        let mut marks = vec![false; len];
        for s in p.segments_of_document(doc.id).filter(|s| s.code == code) {
            for m in &mut marks[s.start..s.end] {
                *m = true;
            }
        }
        marks
    };
    // The characters each file's coder covered (their recorded coverage, else everything).
    let covered = |p: &Project, hash: &str, len: usize| {
        let doc = p.documents.iter().find(|d| d.hash == hash).unwrap();
        let coder = p.current_coder.unwrap();
        let mut marks = vec![false; len];
        for range in p.covered_ranges(coder, doc.id) {
            for m in &mut marks[range.start..range.end] {
                *m = true;
            }
        }
        marks
    };
    let (mut n, mut both, mut first, mut second) = (0f64, 0f64, 0f64, 0f64);
    for doc in &a.documents {
        let len = doc.text.char_len();
        let (x, y) = (coded(a, &doc.hash, len), coded(b, &doc.hash, len));
        let (in_a, in_b) = (covered(a, &doc.hash, len), covered(b, &doc.hash, len));
        for (i, (x, y)) in x.into_iter().zip(y).enumerate() {
            if !(in_a[i] && in_b[i]) {
                continue;
            }
            n += 1.0;
            both += f64::from(u8::from(x && y));
            first += f64::from(u8::from(x));
            second += f64::from(u8::from(y));
        }
    }
    let neither = n - first - second + both;
    let observed = (both + neither) / n;
    let expected = (first * second + (n - first) * (n - second)) / (n * n);
    (expected < 1.0).then(|| (observed - expected) / (1.0 - expected))
}

#[test]
fn sample_project_two_coders() {
    let (a, b) = (
        sample("central-asia-cve.ron"),
        sample("central-asia-cve-coder-b.ron"),
    );
    let report = json(&["agree", path_str(&a), path_str(&b)]);
    let (pa, pb) = (
        project_file::load(&a).unwrap().project,
        project_file::load(&b).unwrap().project,
    );

    // The schema's fields.
    assert_eq!(report["unit"], "char");
    assert_eq!(report["coders"], serde_json::json!(["Aigerim", "Bakyt"]));
    let documents: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    let names: Vec<&str> = pa.documents.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(documents, names);
    assert_eq!(report["codes"].as_array().unwrap().len(), pa.codes.len());
    assert_eq!(report["include_children"], false);
    assert_eq!(report["threshold"], 0.9);
    assert_eq!(report["missing"], serde_json::json!([]));
    let results = report["results"].as_array().unwrap();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for row in results {
        let fields: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = fields.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            [
                "ci95", "code", "coders", "counts", "metric", "reason", "scope", "status", "unit",
                "value"
            ]
        );
        let metric = row["metric"].as_str().unwrap();
        assert!(METRICS.contains(&metric), "{metric}");
        *seen.entry(metric).or_default() += 1;
        assert!(row["code"].is_null() || row["code"].is_string());
        let scope = row["scope"].as_str().unwrap();
        assert!(scope == "all" || documents.contains(&scope), "{scope}");
        assert!(row["counts"].is_object());
        match row["status"].as_str().unwrap() {
            "ok" => {
                assert!(row["value"].is_f64(), "{row}");
                assert!(row["reason"].is_null(), "{row}");
            }
            "undefined" => {
                assert!(row["value"].is_null(), "{row}");
                assert!(row["reason"].is_string(), "{row}");
            }
            other => panic!("status {other}"),
        }
    }
    assert_eq!(seen.len(), METRICS.len(), "{seen:?}");

    // Every code's pooled kappa equals a per-character count over the two files.
    let pair = ["Aigerim", "Bakyt"];
    let mut kappas = Vec::new();
    for code in &pa.codes {
        let path = pa.code_path(code.id);
        let row = result(&report, "cohen_kappa", Some(&path), &pair, "all");
        let expected = naive_kappa(&pa, &pb, &path);
        match expected {
            Some(k) => {
                let actual = row["value"].as_f64().unwrap();
                assert!((actual - k).abs() < 1e-9, "{path}: {actual} vs {k}");
                kappas.push(actual);
            }
            None => assert_eq!(row["status"], "undefined"),
        }
    }
    // Agreement on the sample is neither nil nor perfect.
    assert!(kappas.iter().any(|&k| k > 0.6), "{kappas:?}");
    assert!(kappas.iter().any(|&k| k < 0.3), "{kappas:?}");

    // docs/AGREEMENT.md shows this comparison's report as it is now.
    let text = ok(&["agree", path_str(&a), path_str(&b)]);
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/AGREEMENT.md"))
        .unwrap();
    assert!(
        doc.contains(&format!("```text\n{text}```")),
        "docs/AGREEMENT.md does not hold the current report:\n{text}"
    );
}
