//! Quotes located, occurrences chosen, and headers and values refused.

use super::*;
use crate::model::{
    CharRange, Code, Coder, CoderId, Color, Document, DocumentSource, Project, SourceFormat,
};
use crate::ops::apply;

/// A project with one coder (current), the code "Push factors" and one document `doc.txt`.
fn project_with(text: &str) -> Project {
    let mut project = Project::new("test");
    let coder = Coder {
        id: CoderId::new(),
        name: "Aigerim".into(),
    };
    let document = Document::new(
        "doc.txt",
        DocumentSource {
            file_name: "doc.txt".into(),
            format: SourceFormat::PlainText,
            encoding: "UTF-8".into(),
        },
        text.into(),
    );
    let edits = vec![
        Edit::InsertDocument {
            index: 0,
            document: Box::new(document),
        },
        Edit::SetCurrentCoder(None),
        Edit::InsertCode {
            index: 0,
            code: Box::new(Code::new("Push factors", None, Color::from_palette(0))),
        },
        Edit::InsertCoder {
            index: 0,
            coder: coder.clone(),
        },
        Edit::SetCurrentCoder(Some(coder.id)),
    ];
    apply(&mut project, Edit::Batch(edits)).expect("valid fixture");
    project
}

fn plan(project: &Project, csv: &str, ignore_extra_columns: bool) -> Result<ImportPlan, String> {
    let options = ImportOptions {
        create_codes: false,
        ignore_extra_columns,
    };
    plan_import(project, csv.as_bytes(), b',', options).map_err(|p| p.join("\n"))
}

/// The ranges of the segments a plan adds, in file order.
fn ranges(plan: &ImportPlan) -> Vec<CharRange> {
    plan.edits
        .iter()
        .filter_map(|e| match e {
            Edit::InsertSegment(s) => Some(s.range()),
            _ => None,
        })
        .collect()
}

const MIGRANTS: &str =
    "Migrants in Russia are recruited online. Migrants in\nRussia  send money home.";

#[test]
fn an_ambiguous_quote_is_refused_with_its_offsets() {
    let project = project_with(MIGRANTS);
    let err = plan(
        &project,
        "document,code,quote\ndoc.txt,Push factors,are recruited\ndoc.txt,Push factors,Migrants in Russia\n",
        false,
    )
    .unwrap_err();
    assert!(err.starts_with("line 3: "), "{err}");
    assert!(
        err.contains("\"Migrants in Russia\" occurs 2 times"),
        "{err}"
    );
    assert!(err.contains("0..18, 41..59;"), "{err}");
    assert!(err.contains("occurrence column") && err.contains("start and end"));
    assert!(!err.contains("line 2"), "{err}");
}

#[test]
fn only_the_first_ten_occurrences_are_listed() {
    let project = project_with(&"ab ".repeat(12));
    let err = plan(
        &project,
        "document,code,quote\ndoc.txt,Push factors,ab\n",
        false,
    )
    .unwrap_err();
    assert!(err.contains("occurs 12 times"), "{err}");
    assert!(err.contains("24..26, 27..29, …;"), "{err}");
    assert!(!err.contains("30..32"), "{err}");
}

#[test]
fn occurrence_picks_one_and_must_exist() {
    let project = project_with(MIGRANTS);
    let csv = "document,code,occurrence,quote\ndoc.txt,Push factors,2,Migrants in Russia\n";
    let planned = plan(&project, csv, false).unwrap();
    assert_eq!(ranges(&planned), [CharRange::new(41, 59)]);
    for bad in ["3", "0"] {
        let csv = format!(
            "document,code,occurrence,quote\ndoc.txt,Push factors,{bad},Migrants in Russia\n"
        );
        let err = plan(&project, &csv, false).unwrap_err();
        assert!(err.contains(&format!("no occurrence {bad}")), "{err}");
        assert!(err.contains("0..18, 41..59"), "{err}");
    }
    // An empty cell chooses nothing.
    let csv = "document,code,occurrence,quote\ndoc.txt,Push factors,,Migrants in Russia\n";
    assert!(
        plan(&project, csv, false)
            .unwrap_err()
            .contains("occurs 2 times")
    );
    // A quote found once needs no occurrence.
    let csv = "document,code,occurrence,quote\ndoc.txt,Push factors,,send money\n";
    assert_eq!(
        ranges(&plan(&project, csv, false).unwrap()),
        [CharRange::new(61, 71)]
    );
}

#[test]
fn start_and_end_pick_one_and_must_hold_the_quote() {
    let project = project_with(MIGRANTS);
    let csv = "document,code,start,end,quote\n\
               doc.txt,Push factors,41,59,Migrants in Russia\n\
               doc.txt,Push factors,,,are recruited\n";
    let planned = plan(&project, csv, false).unwrap();
    assert_eq!(
        ranges(&planned),
        [CharRange::new(41, 59), CharRange::new(19, 32)]
    );
    let csv = "document,code,start,end,quote\ndoc.txt,Push factors,0,8,Russia\n";
    let err = plan(&project, csv, false).unwrap_err();
    assert!(
        err.contains("differs from the document's text at 0..8"),
        "{err}"
    );
    let csv = "document,code,start\ndoc.txt,Push factors,0\n";
    assert!(
        plan(&project, csv, false)
            .unwrap_err()
            .contains("only one of start and end")
    );
}

#[test]
fn unknown_columns_are_refused_unless_ignored() {
    let project = project_with(MIGRANTS);
    let csv = "document,start,end,code,Colour,note\ndoc.txt,0,8,Push factors,red,x\n";
    let err = plan(&project, csv, false).unwrap_err();
    assert!(
        err.starts_with("line 1: unknown columns \"Colour\", \"note\";"),
        "{err}"
    );
    assert!(err.contains(&KNOWN_COLUMNS.join(", ")), "{err}");
    assert!(err.contains("--ignore-extra-columns"), "{err}");
    let planned = plan(&project, csv, true).unwrap();
    assert_eq!(planned.ignored_columns, ["Colour", "note"]);
    assert_eq!(planned.segments_added, 1);
}

#[test]
fn a_column_given_twice_is_refused() {
    let project = project_with(MIGRANTS);
    let csv = "document,start,end,code,memo,Memo\ndoc.txt,0,8,Push factors,one,two\n";
    for ignore in [false, true] {
        let err = plan(&project, csv, ignore).unwrap_err();
        assert!(
            err.contains("\"Memo\" appears more than once (columns 5 and 6)"),
            "{err}"
        );
    }
}

#[test]
fn values_outside_the_named_columns_are_refused_unless_ignored() {
    let project = project_with(MIGRANTS);
    // More values than the header has columns: a memo with an unquoted comma.
    let csv = "document,start,end,code,memo\ndoc.txt,0,8,Push factors,one, two\n";
    let err = plan(&project, csv, false).unwrap_err();
    assert!(err.starts_with("line 2: a value in column 6"), "{err}");
    assert!(err.contains("\"two\""), "{err}");
    assert_eq!(plan(&project, csv, true).unwrap().segments_added, 1);
    // A column without a name (a spreadsheet's trailing comma) that holds nothing is fine.
    let csv = "document,start,end,code,\ndoc.txt,0,8,Push factors,\ndoc.txt,0,9,Push factors\n";
    assert_eq!(plan(&project, csv, false).unwrap().segments_added, 2);
    let csv = "document,start,end,code,\ndoc.txt,0,8,Push factors,lost?\n";
    assert!(plan(&project, csv, false).unwrap_err().contains("column 5"));
}

#[test]
fn many_quoted_rows_are_located_as_few_are() {
    // Enough rows for the document to get a suffix array.
    let project = project_with(MIGRANTS);
    let rows = crate::io::quote_index::SUFFIX_ARRAY_FROM + 1;
    let mut csv = String::from("document,code,coder,occurrence,quote\n");
    for n in 0..rows {
        csv.push_str(&format!(
            "doc.txt,Push factors,Coder {n},{},Migrants in Russia\n",
            n % 2 + 1
        ));
    }
    let planned = plan(&project, &csv, false).unwrap();
    let expected: Vec<CharRange> = (0..rows)
        .map(|n| [CharRange::new(0, 18), CharRange::new(41, 59)][n % 2])
        .collect();
    assert_eq!(ranges(&planned), expected);
    csv.push_str("doc.txt,Push factors,Coder 0,,Migrants in Russia\n");
    let err = plan(&project, &csv, false).unwrap_err();
    assert!(err.starts_with(&format!("line {}: ", rows + 2)), "{err}");
    assert!(err.contains("occurs 2 times"), "{err}");
}
