//! Agreement restricted to the text every compared coder covered, against values computed once
//! by scikit-learn and krippendorff on per-character (or per-unit) vectors of that text only:
//! `tests/agreement_reference/coverage_reference.py` (library versions in the JSON it wrote).
//! Every value must be reproduced to 1e-9, with the same number of units.

mod common;

use coda::agreement::{self, Counts, Metric, Options, Scope, Unit, Value};
use coda::model::{
    CharRange, Code, CodeId, Coder, CoderId, Color, Coverage, DocId, Extent, Project, Segment,
    SegmentId,
};
use serde_json::Value as Json;
use std::collections::HashMap;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/agreement_reference");

fn load(name: &str) -> Json {
    serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/{name}")).unwrap()).unwrap()
}

fn pair(v: &Json) -> (usize, usize) {
    (
        v[0].as_u64().unwrap() as usize,
        v[1].as_u64().unwrap() as usize,
    )
}

/// A text whose sentences are exactly `units` (letters ending in a full stop, spaces between).
fn text_with_units(length: usize, units: &[(usize, usize)]) -> String {
    let mut chars = vec![' '; length];
    for &(start, end) in units {
        chars[start..end].fill('x');
        chars[end - 1] = '.';
    }
    chars.into_iter().collect()
}

struct Case {
    project: Project,
    coders: HashMap<String, CoderId>,
    codes: HashMap<String, CodeId>,
    docs: HashMap<String, DocId>,
    options: Options,
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
                let units: Vec<_> = units.as_array().unwrap().iter().map(pair).collect();
                let text = text_with_units(length, &units);
                assert_eq!(agreement::units::sentences(&text), units);
                text
            }
            None => "a".repeat(length),
        };
        let mut document = common::text_document(name, &text);
        document.id = DocId::from_u128(100 + i as u128);
        docs.insert(name.to_string(), document.id);
        project.documents.push(document);
    }
    let mut coders = HashMap::new();
    for (i, name) in case["coders"].as_array().unwrap().iter().enumerate() {
        let coder = Coder {
            id: CoderId::from_u128(200 + i as u128),
            name: name.as_str().unwrap().into(),
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
        let segment = Segment {
            id,
            document: docs[s[1].as_str().unwrap()],
            start: s[3].as_u64().unwrap() as usize,
            end: s[4].as_u64().unwrap() as usize,
            code: codes[s[2].as_str().unwrap()],
            coder: coders[s[0].as_str().unwrap()],
            created: String::new(),
            memo: String::new(),
        };
        project.segments.insert(id, segment);
    }
    for c in case["coverage"].as_array().unwrap() {
        let extent = match &c[2] {
            Json::String(_) => Extent::Whole,
            ranges => Extent::Ranges(
                ranges
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        let (s, e) = pair(r);
                        CharRange::new(s, e)
                    })
                    .collect(),
            ),
        };
        project.coverage.push(Coverage {
            coder: coders[c[0].as_str().unwrap()],
            document: docs[c[1].as_str().unwrap()],
            extent,
        });
    }
    project.coverage.sort_by_key(|c| (c.coder, c.document));
    assert!(coda::model::validate(&project).is_empty());
    let ordered = case["coders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| coders[n.as_str().unwrap()])
        .collect();
    let mut options = Options::all_codes(&project, ordered);
    options.unit = unit;
    Case {
        project,
        coders,
        codes,
        docs,
        options,
    }
}

#[test]
fn agreement_on_covered_text_matches_scikit_learn_and_krippendorff() {
    let cases = load("coverage_cases.json");
    let reference = load("coverage_reference.json");
    let values = reference["values"].as_array().unwrap();
    let mut checked = 0;
    for case_json in cases["cases"].as_array().unwrap() {
        let name = case_json["name"].as_str().unwrap();
        let case = build(case_json);
        let report = agreement::compare(&case.project, &case.options).unwrap();
        let mine: Vec<&Json> = values.iter().filter(|v| v["case"] == name).collect();
        let not_compared: Vec<DocId> = mine
            .iter()
            .filter_map(|v| v["not_compared"].as_str())
            .map(|d| case.docs[d])
            .collect();
        assert_eq!(
            report.not_compared.iter().map(|n| n.0).collect::<Vec<_>>(),
            not_compared,
            "{name}: documents not compared"
        );
        assert!(
            report
                .not_compared
                .iter()
                .all(|(_, why)| why.starts_with("not coded by")),
            "{name}: {:?}",
            report.not_compared
        );
        for v in mine.iter().filter(|v| v.get("metric").is_some()) {
            let metric = Metric::ALL
                .into_iter()
                .find(|m| m.key() == v["metric"].as_str().unwrap())
                .unwrap();
            let coders: Vec<CoderId> = v["coders"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| case.coders[c.as_str().unwrap()])
                .collect();
            let scope = match v["scope"].as_str().unwrap() {
                "all" => Scope::All,
                doc => Scope::Document(case.docs[doc]),
            };
            let code = Some(case.codes[v["code"].as_str().unwrap()]);
            let row = report
                .value(metric, code, &coders, scope)
                .unwrap_or_else(|| panic!("{name}: no row for {v}"));
            match (&row.value, v["value"].as_f64()) {
                (Value::Defined(ours), Some(theirs)) => assert!(
                    (ours - theirs).abs() <= 1e-9,
                    "{name}: {v}\n  ours {ours} vs {theirs}"
                ),
                (Value::Undefined(_), None) => {}
                (ours, theirs) => panic!("{name}: {v}\n  ours {ours:?} vs {theirs:?}"),
            }
            let units = v["n_units"].as_u64().unwrap();
            match &row.counts {
                Counts::Pair(t) => assert_eq!(t.units, units, "{name}: {v}"),
                Counts::Alpha(t) => {
                    assert_eq!(
                        t.pairable_values,
                        units * coders.len() as u64,
                        "{name}: {v}"
                    )
                }
                other => panic!("{name}: counts {other:?}"),
            }
            checked += 1;
        }
    }
    assert_eq!(
        checked,
        values.iter().filter(|v| v.get("metric").is_some()).count()
    );
}

#[test]
fn without_coverage_every_document_is_compared_whole() {
    let cases = load("coverage_cases.json");
    let mut case = build(&cases["cases"][0]);
    case.project.coverage.clear();
    let report = agreement::compare(&case.project, &case.options).unwrap();
    assert!(report.not_compared.is_empty());
    assert_eq!(report.documents.len(), 3);
    let code = Some(case.codes["X"]);
    let row = report
        .value(
            Metric::CohenKappa,
            code,
            &case.options.coders,
            Scope::Document(case.docs["d1"]),
        )
        .unwrap();
    let Counts::Pair(t) = row.counts else {
        panic!()
    };
    assert_eq!(t.units, 300);
}
