//! Coda's agreement statistics against values computed once by independent implementations
//! (scikit-learn, statsmodels, krippendorff, nltk, krippendorff-unitized-alpha): see
//! `tests/agreement_reference/README.md` for the libraries, versions and how to rerun them.
//! Every reference value must be reproduced to 1e-9; a library's NaN must be "undefined".

mod common;

use coda::agreement::{self, Metric, Options, Report, Scope, Unit, Value};
use coda::model::{Code, CodeId, Coder, CoderId, Color, Project, Segment, SegmentId};
use serde_json::Value as Json;
use std::collections::HashMap;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/agreement_reference");

fn load(name: &str) -> Json {
    let text = std::fs::read_to_string(format!("{DIR}/{name}")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A case turned into one project holding every coder's segments.
struct Case {
    project: Project,
    coders: HashMap<String, CoderId>,
    codes: HashMap<String, CodeId>,
    docs: HashMap<String, coda::model::DocId>,
    options: Options,
}

/// A text whose sentences are exactly `units`: each unit is letters ending in a full stop, and
/// everything between units is spaces.
fn text_with_units(length: usize, units: &[(usize, usize)]) -> String {
    let mut chars = vec![' '; length];
    for &(start, end) in units {
        for c in &mut chars[start..end] {
            *c = 'x';
        }
        chars[end - 1] = '.';
    }
    chars.into_iter().collect()
}

fn build(case: &Json) -> Case {
    let mut project = Project::new(case["name"].as_str().unwrap());
    let mut unit = Unit::Char;
    let mut docs = HashMap::new();
    for (i, doc) in case["documents"].as_array().unwrap().iter().enumerate() {
        let name = doc["name"].as_str().unwrap();
        let length = doc["length"].as_u64().unwrap() as usize;
        let text = match case.get("units").and_then(|u| u.get(name)) {
            Some(units) => {
                unit = Unit::Sentence;
                let units: Vec<(usize, usize)> = units
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| {
                        (
                            u[0].as_u64().unwrap() as usize,
                            u[1].as_u64().unwrap() as usize,
                        )
                    })
                    .collect();
                let text = text_with_units(length, &units);
                assert_eq!(agreement::units::sentences(&text), units, "units of {name}");
                text
            }
            None => "a".repeat(length),
        };
        let mut document = common::text_document(name, &text);
        document.id = coda::model::DocId::from_u128(100 + i as u128);
        docs.insert(name.to_string(), document.id);
        project.documents.push(document);
    }
    let mut coders = HashMap::new();
    for (i, name) in case["coders"].as_array().unwrap().iter().enumerate() {
        let coder = Coder {
            id: CoderId::from_u128(200 + i as u128),
            name: name.as_str().unwrap().to_string(),
        };
        coders.insert(coder.name.clone(), coder.id);
        project.coders.push(coder);
    }
    let mut codes = HashMap::new();
    for (i, name) in case["codes"].as_array().unwrap().iter().enumerate() {
        let mut code = Code::new(name.as_str().unwrap(), None, Color::from_palette(i));
        code.id = CodeId::from_u128(300 + i as u128);
        codes.insert(code.name.clone(), code.id);
        project.codes.push(code);
    }
    for (i, s) in case["segments"].as_array().unwrap().iter().enumerate() {
        let id = SegmentId::from_u128(1000 + i as u128);
        project.segments.insert(
            id,
            Segment {
                id,
                document: docs[s[1].as_str().unwrap()],
                start: s[3].as_u64().unwrap() as usize,
                end: s[4].as_u64().unwrap() as usize,
                code: codes[s[2].as_str().unwrap()],
                coder: coders[s[0].as_str().unwrap()],
                created: String::new(),
                memo: String::new(),
            },
        );
    }
    assert!(coda::model::validate(&project).is_empty());
    let has_missing = case
        .get("missing")
        .and_then(Json::as_array)
        .is_some_and(|m| !m.is_empty());
    let ordered_coders = case["coders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| coders[n.as_str().unwrap()])
        .collect();
    let mut options = Options::all_codes(&project, ordered_coders);
    options.unit = unit;
    options.missing = has_missing;
    Case {
        project,
        coders,
        codes,
        docs,
        options,
    }
}

fn metric_named(key: &str) -> Metric {
    Metric::ALL
        .into_iter()
        .find(|m| m.key() == key)
        .unwrap_or_else(|| panic!("unknown metric {key}"))
}

fn check_case(case_json: &Json, references: &[&Json]) -> usize {
    let case = build(case_json);
    let report: Report = agreement::compare(&case.project, &case.options).unwrap();
    let name = case_json["name"].as_str().unwrap();
    if let Some(missing) = case_json.get("missing").and_then(Json::as_array) {
        let expected: Vec<_> = missing
            .iter()
            .map(|m| {
                (
                    case.coders[m[0].as_str().unwrap()],
                    case.docs[m[1].as_str().unwrap()],
                )
            })
            .collect();
        assert_eq!(report.missing, expected, "{name}: missing coders");
    }
    for reference in references {
        let metric = metric_named(reference["metric"].as_str().unwrap());
        let code = reference["code"].as_str().map(|c| case.codes[c]);
        let coders: Vec<CoderId> = reference["coders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| case.coders[c.as_str().unwrap()])
            .collect();
        let scope = match reference["scope"].as_str().unwrap() {
            "all" => Scope::All,
            doc => Scope::Document(case.docs[doc]),
        };
        let row = report
            .value(metric, code, &coders, scope)
            .unwrap_or_else(|| panic!("{name}: no row for {reference}"));
        match (&row.value, reference["value"].as_f64()) {
            (Value::Defined(ours), Some(theirs)) => assert!(
                (ours - theirs).abs() <= 1e-9,
                "{name}: {reference}\n  ours {ours} vs reference {theirs}"
            ),
            (Value::Undefined(_), None) => {}
            (ours, theirs) => {
                panic!("{name}: {reference}\n  ours {ours:?} vs reference {theirs:?}")
            }
        }
    }
    // Where the reference computed no across-codes unitized alpha because a coder put two
    // codes on one character, Coda must say "not applicable" rather than give a number.
    let has_across = references
        .iter()
        .any(|r| r["metric"] == "unitized_alpha" && r["code"].is_null());
    let across = report
        .value(
            Metric::UnitizedAlpha,
            None,
            &case.options.coders,
            Scope::All,
        )
        .unwrap();
    if !has_across && !case.options.missing {
        assert!(
            across
                .value
                .reason()
                .is_some_and(|r| r.starts_with("not applicable")),
            "{name}: across-codes unitized alpha should be not applicable: {:?}",
            across.value
        );
    }
    references.len()
}

#[test]
fn every_reference_value_is_reproduced() {
    let cases = load("cases.json");
    let reference = load("reference.json");
    let values = reference["values"].as_array().unwrap();
    let mut checked = 0;
    for case in cases["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mine: Vec<&Json> = values.iter().filter(|v| v["case"] == name).collect();
        assert!(!mine.is_empty(), "no reference values for {name}");
        checked += check_case(case, &mine);
    }
    assert_eq!(
        checked,
        values.len(),
        "every reference value belongs to a case"
    );
}

#[test]
fn published_unitizing_example_gives_krippendorffs_values() {
    // Krippendorff (2004) example, data from DKPro Statistics' test: uα(c) = 0.5163 (2016
    // definition) and character-level α(c) = 0.4984, as agreement.md quotes.
    let cases = load("cases.json");
    let case_json = cases["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "krippendorff_2004_unitizing")
        .unwrap();
    let case = build(case_json);
    let report = agreement::compare(&case.project, &case.options).unwrap();
    let c = Some(case.codes["c"]);
    let value = |metric| {
        report
            .value(metric, c, &case.options.coders, Scope::All)
            .unwrap()
            .value
            .number()
            .unwrap()
    };
    assert!((value(Metric::UnitizedAlpha) - 0.5163).abs() < 5e-5);
    assert!((value(Metric::KrippendorffAlpha) - 0.4984).abs() < 5e-5);
}
