//! The code matrices and filters in the real window, headless (issue 14): Analyse > Code ×
//! Document Matrix and Code Co-occurrence as heat maps computed off the frame; a cell clicked
//! lists exactly its passages in the Retrieval view (checked against plain counts made here
//! from the project and against the core's cell functions); the filter bar limits retrieval and
//! search; Export CSV writes what `coda matrix --csv` / `coda cooccurrence --csv` print.

mod common;

use coda::analysis::cooccurrence::{Within, cooccurrence};
use coda::analysis::filter::DocumentFilter;
use coda::analysis::matrix::{Columns, Measure, cell_codings, code_document_matrix};
use coda::model::{DocId, Group, Project, SegmentId, Variable, VariableType};
use coda::ops::Edit;
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::ViewKind;
use coda::ui::{Action, CodaApp, layout};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::collections::HashSet;

const ALIENATION: &str = "Push factors/Political alienation and repression";

/// Pick `option` in the combo box named `combo`.
fn choose(harness: &mut Harness<'_, CodaApp>, combo: &str, option: &str) {
    harness.get_by_label(combo).click();
    harness.run();
    harness.get_by_label(option).click();
    harness.run();
    common::settle(harness);
}

/// Type `text` into the field named `field` and press Enter.
fn type_into(harness: &mut Harness<'_, CodaApp>, field: &str, text: &str) {
    harness.get_by_label(field).focus();
    harness.run();
    harness.get_by_label(field).type_text(text);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    common::settle(harness);
}

/// Do what a panel would ask for; the frame after applies it, the next one shows it.
fn act(harness: &mut Harness<'_, CodaApp>, action: Action) {
    harness.state_mut().queue(action);
    harness.step();
    harness.run();
    common::settle(harness);
}

fn edit(harness: &mut Harness<'_, CodaApp>, edit: Edit) {
    act(
        harness,
        Action::Edit {
            edit,
            label: "test setup".into(),
        },
    );
}

fn project(harness: &Harness<'_, CodaApp>) -> Project {
    harness.state().session.ws.project.clone()
}

fn retrieval_rows(harness: &Harness<'_, CodaApp>) -> Vec<SegmentId> {
    harness.state().session.retrieval.rows().to_vec()
}

/// Ids in the project's document order, then position.
fn in_document_order(project: &Project, ids: &HashSet<SegmentId>) -> Vec<SegmentId> {
    project
        .segments_sorted()
        .into_iter()
        .map(|s| s.id)
        .filter(|id| ids.contains(id))
        .collect()
}

/// A `year` for the first documents (2013, 2018, 2018, 2020; none for the others) and a group
/// of the second and fourth documents, set through the window's edit path.
fn add_variables_and_group(harness: &mut Harness<'_, CodaApp>) -> (Vec<DocId>, String) {
    let docs: Vec<DocId> = project(harness).documents.iter().map(|d| d.id).collect();
    let mut edits = vec![Edit::InsertVariable {
        index: 0,
        variable: Variable {
            name: "year".into(),
            kind: VariableType::Number,
        },
    }];
    for (doc, year) in docs.iter().zip(["2013", "2018", "2018", "2020"]) {
        edits.push(Edit::SetVariableValue {
            document: *doc,
            variable: "year".into(),
            value: Some(year.into()),
        });
    }
    let mut members = vec![docs[1], docs[3]];
    members.sort();
    edits.push(Edit::InsertGroup {
        index: 0,
        group: Group {
            name: "State media".into(),
            documents: members,
        },
    });
    edit(harness, Edit::Batch(edits));
    (docs, "State media".into())
}

#[test]
fn a_matrix_cell_lists_exactly_its_passages_in_retrieval() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut harness = common::harness_with(&path, ScriptedDialogs::default());
    common::menu(&mut harness, "Analyse", "Code × Document Matrix");
    assert!(layout::has_view(
        &harness.state().session.tree,
        ViewKind::Matrix
    ));
    let project = project(&harness);
    let code = project.code_by_path(ALIENATION).unwrap().id;
    // The document with most codings of the code, counted here by a plain loop.
    let (doc, expected) = project
        .documents
        .iter()
        .map(|d| {
            let ids: HashSet<SegmentId> = project
                .segments
                .values()
                .filter(|s| s.code == code && s.document == d.id)
                .map(|s| s.id)
                .collect();
            (d, ids)
        })
        .max_by_key(|(_, ids)| ids.len())
        .unwrap();
    assert!(expected.len() > 1, "the sample codes it more than once");
    let table = harness.state().session.matrix.table().unwrap().clone();
    let row = table.rows.iter().position(|r| r == ALIENATION).unwrap();
    let column = table.columns.iter().position(|c| *c == doc.name).unwrap();
    assert_eq!(table.cells[row][column], expected.len() as f64);

    harness
        .get_by_label(&format!(
            "{ALIENATION} × {}: {} codings",
            doc.name,
            expected.len()
        ))
        .click();
    harness.run();

    let state = harness.state();
    assert!(layout::has_view(&state.session.tree, ViewKind::Retrieval));
    let rows = retrieval_rows(&harness);
    assert_eq!(rows, in_document_order(&project, &expected));
    let core = cell_codings(
        &project,
        &DocumentFilter::everything(),
        &Columns::Documents,
        false,
        row,
        column,
    )
    .unwrap();
    assert_eq!(rows, core);
    harness.get_by_label(&format!(
        "Political alienation and repression × {}",
        doc.name
    ));
    harness.get_by_label(&format!("({} passages)", expected.len()));

    // A passage of the list jumps to its document as before.
    harness
        .get_all_by_label(&doc.name)
        .find(|n| n.accesskit_node().role() == Role::Link)
        .unwrap()
        .click();
    harness.run();
    assert_eq!(
        harness.state().session.selected_segment,
        Some(rows[0]),
        "the first passage is selected"
    );

    // Back: the selected code's passages again.
    harness.get_by_label("Back to the code's passages").click();
    harness.run();
    assert!(harness.state().session.retrieval.set.is_none());

    // Selecting a code in the codebook after a cell shows that code's passages.
    harness
        .get_all_by_label("Code × document")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("the matrix's tab")
        .click();
    harness.run();
    harness
        .get_by_label(&format!(
            "{ALIENATION} × {}: {} codings",
            doc.name,
            expected.len()
        ))
        .click();
    harness.run();
    assert!(harness.state().session.retrieval.set.is_some());
    harness.get_by_label("Prisons").click();
    harness.run();
    let prisons = project
        .code_by_path("Recruitment channels/Prisons")
        .unwrap()
        .id;
    let listed = retrieval_rows(&harness);
    assert!(!listed.is_empty());
    assert!(listed.iter().all(|id| project.segments[id].code == prisons));
    assert!(harness.state().session.retrieval.set.is_none());
}

#[test]
fn with_subcodes_a_parents_cell_lists_its_subcodes_passages_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut harness = common::harness_with(&path, ScriptedDialogs::default());
    common::menu(&mut harness, "Analyse", "Code × Document Matrix");
    harness
        .get_by_label("Count subcodes in their parent")
        .click();
    harness.run();
    common::settle(&mut harness);
    let project = project(&harness);
    let parent = project.code_by_path("Push factors").unwrap().id;
    let subtree = project.subtree(parent);
    let of = |doc: DocId| -> HashSet<SegmentId> {
        project
            .segments
            .values()
            .filter(|s| subtree.contains(&s.code) && s.document == doc)
            .map(|s| s.id)
            .collect()
    };
    let doc = project
        .documents
        .iter()
        .max_by_key(|d| of(d.id).len())
        .unwrap();
    let expected = of(doc.id);
    let own = expected
        .iter()
        .filter(|id| project.segments[id].code == parent)
        .count();
    assert!(own < expected.len(), "subcodes' codings are counted too");
    harness
        .get_by_label(&format!(
            "Push factors × {}: {} codings",
            doc.name,
            expected.len()
        ))
        .click();
    harness.run();
    assert_eq!(
        retrieval_rows(&harness),
        in_document_order(&project, &expected)
    );
    harness.get_by_label(&format!("Push factors (with subcodes) × {}", doc.name));
}

#[test]
fn a_cooccurrence_cell_lists_the_codings_of_both_sides_of_its_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut harness = common::harness_with(&path, ScriptedDialogs::default());
    common::menu(&mut harness, "Analyse", "Code Co-occurrence");
    let project = project(&harness);
    let table = harness
        .state()
        .session
        .cooccurrence
        .table()
        .unwrap()
        .clone();
    assert_eq!(
        *table,
        cooccurrence(&project, &DocumentFilter::everything(), Within::Overlap)
    );
    // The pair of different codes with most pairs among the codes in view.
    let visible = 8.min(table.rows.len());
    let (a, b) = (0..visible)
        .flat_map(|a| (0..visible).map(move |b| (a, b)))
        .filter(|(a, b)| a != b)
        .max_by(|x, y| table.cells[x.0][x.1].total_cmp(&table.cells[y.0][y.1]))
        .unwrap();
    let count = table.cells[a][b] as usize;
    assert!(count > 0, "codes in view co-occur");
    let code = |path: &str| project.code_by_path(path).unwrap().id;
    let (code_a, code_b) = (code(&table.rows[a]), code(&table.rows[b]));
    // Every pair, by a plain loop over all codings.
    let mut pairs = 0;
    let mut expected = HashSet::new();
    for x in project.segments.values().filter(|s| s.code == code_a) {
        for y in project.segments.values().filter(|s| s.code == code_b) {
            if x.document == y.document && x.start.max(y.start) < x.end.min(y.end) {
                pairs += 1;
                expected.insert(x.id);
                expected.insert(y.id);
            }
        }
    }
    assert_eq!(pairs, count);

    harness
        .get_by_label(&format!(
            "{} × {}: {}",
            table.rows[a],
            table.columns[b],
            if count == 1 {
                "1 pair".to_string()
            } else {
                format!("{count} pairs")
            }
        ))
        .click();
    harness.run();
    let rows = retrieval_rows(&harness);
    assert_eq!(rows, in_document_order(&project, &expected));
    let codes: HashSet<_> = rows.iter().map(|id| project.segments[id].code).collect();
    assert_eq!(
        codes,
        HashSet::from([code_a, code_b]),
        "both sides are listed"
    );
    harness.get_by_label_contains(&format!(
        "{count} pair{}, {} passages",
        if count == 1 { "" } else { "s" },
        expected.len()
    ));
}

#[test]
fn the_filter_bar_limits_retrieval_by_group_and_by_condition() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut harness = common::harness_with(&path, ScriptedDialogs::default());
    let (docs, group) = add_variables_and_group(&mut harness);
    let project = project(&harness);
    let code = project.code_by_path("Push factors").unwrap().id;
    act(&mut harness, Action::SelectCode(Some(code)));
    harness.get_by_label("With subcodes").click();
    harness.run();
    let subtree = project.subtree(code);
    let of_code = |keep: &dyn Fn(DocId) -> bool| -> Vec<SegmentId> {
        project
            .segments_sorted()
            .into_iter()
            .filter(|s| subtree.contains(&s.code) && keep(s.document))
            .map(|s| s.id)
            .collect()
    };
    let all = of_code(&|_| true);
    assert_eq!(retrieval_rows(&harness), all);

    choose(&mut harness, "Filter by group", &group);
    harness.key_press(Key::Escape);
    harness.run();
    let in_group = of_code(&|d| d == docs[1] || d == docs[3]);
    assert!(!in_group.is_empty() && in_group.len() < all.len());
    assert_eq!(retrieval_rows(&harness), in_group);

    harness.get_by_label("Clear filter").click();
    harness.run();
    assert_eq!(retrieval_rows(&harness), all);

    type_into(&mut harness, "Filter condition", "year>=2018");
    let recent = of_code(&|d| docs[1..4].contains(&d));
    assert!(recent.len() < all.len());
    assert_eq!(retrieval_rows(&harness), recent);
    harness.get_by_label("Keeps 3 of 5 documents");

    // A mistake is told beside the field, and nothing is listed rather than everything.
    harness.get_by_label("Clear filter").click();
    harness.run();
    type_into(&mut harness, "Filter condition", "year 2018");
    harness.get_by_label_contains("is not a condition");
    assert!(retrieval_rows(&harness).is_empty());
}

#[test]
fn the_search_view_searches_only_the_documents_the_filter_keeps() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut harness = common::harness_with(&path, ScriptedDialogs::default());
    let (docs, _) = add_variables_and_group(&mut harness);
    harness.key_press_modifiers(
        egui::Modifiers {
            shift: true,
            ..egui::Modifiers::COMMAND
        },
        Key::F,
    );
    harness.run();
    type_into(&mut harness, "Filter condition", "year>=2018");
    type_into(&mut harness, "Search the project", "recruit");
    let project = project(&harness);
    let kept: HashSet<DocId> = docs[1..4].iter().copied().collect();
    let results = harness.state().session.search.results.as_ref().unwrap();
    assert!(!results.hits.is_empty());
    let searched: HashSet<DocId> = results.hits.iter().map(|h| h.document).collect();
    assert!(searched.is_subset(&kept), "only the documents kept");
    // Every hit in those documents, by a plain scan.
    let expected: usize = project
        .documents
        .iter()
        .filter(|d| kept.contains(&d.id))
        .map(|d| d.text.as_str().to_lowercase().matches("recruit").count())
        .sum();
    assert_eq!(results.hits.len(), expected);
    let everywhere: usize = project
        .documents
        .iter()
        .map(|d| d.text.as_str().to_lowercase().matches("recruit").count())
        .sum();
    assert!(expected < everywhere, "the filter left hits out");
    harness.get_by_label("(only year>=2018)");

    // Changing the filter searches again.
    harness.get_by_label("Clear filter").click();
    harness.run();
    common::settle(&mut harness);
    let results = harness.state().session.search.results.as_ref().unwrap();
    assert_eq!(results.hits.len(), everywhere);
}

/// `coda ARGS…` on the project file.
fn cli(args: &[&str]) -> String {
    common::ok(args)
}

#[test]
fn a_matrix_exported_as_csv_is_what_the_command_line_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let matrix_csv = dir.path().join("matrix.csv");
    let cooccurrence_csv = dir.path().join("cooccurrence.csv");
    let mut harness = common::harness_with(
        &path,
        ScriptedDialogs::default()
            .answer(vec![matrix_csv.clone()])
            .answer(vec![cooccurrence_csv.clone()]),
    );
    let coder = project(&harness).coders[0].name.clone();
    common::menu(&mut harness, "Analyse", "Code × Document Matrix");
    choose(&mut harness, "Measure", "characters coded");
    harness
        .get_by_label("Count subcodes in their parent")
        .click();
    harness.run();
    choose(&mut harness, "Filter by coder", &coder);
    harness.key_press(Key::Escape);
    harness.run();
    common::settle(&mut harness);
    harness.get_by_label("Export CSV…").click();
    harness.run();
    common::settle(&mut harness);
    let file = path.to_str().unwrap();
    let expected = cli(&[
        "matrix",
        file,
        "--measure",
        "chars",
        "--include-children",
        "--coder",
        &coder,
        "--csv",
    ]);
    assert_eq!(std::fs::read_to_string(&matrix_csv).unwrap(), expected);
    // Not a table of zeros: the coder coded.
    let project = project(&harness);
    let filter = DocumentFilter::new(
        &project,
        &coda::analysis::filter::FilterSpec {
            coders: vec![coder.clone()],
            ..Default::default()
        },
    )
    .unwrap();
    let table =
        code_document_matrix(&project, &filter, &Columns::Documents, Measure::Chars, true).unwrap();
    assert!(table.cells.iter().flatten().sum::<f64>() > 0.0);

    common::menu(&mut harness, "Analyse", "Code Co-occurrence");
    choose(&mut harness, "Codings meet", "in one sentence");
    harness.get_by_label("Export CSV…").click();
    harness.run();
    common::settle(&mut harness);
    let expected = cli(&["cooccurrence", file, "--within", "sentence", "--csv"]);
    assert_eq!(
        std::fs::read_to_string(&cooccurrence_csv).unwrap(),
        expected
    );
}

#[test]
fn a_matrix_cell_opens_its_passages_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut harness = common::harness_with(&path, ScriptedDialogs::default());
    common::menu(&mut harness, "Analyse", "Code × Document Matrix");
    let project = project(&harness);
    let table = harness.state().session.matrix.table().unwrap().clone();
    let row = table.rows.iter().position(|r| r == ALIENATION).unwrap();
    let (column, &count) = table.cells[row]
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap();
    let name = format!("{ALIENATION} × {}: {count} codings", table.columns[column]);
    // A cell with codings is a button: with the keyboard focus on it, Enter opens it.
    harness.get_by_label(&name).focus();
    harness.run();
    assert!(harness.get_by_label(&name).is_focused());
    harness.key_press(Key::Enter);
    harness.run();
    common::settle(&mut harness);
    let expected = cell_codings(
        &project,
        &DocumentFilter::everything(),
        &Columns::Documents,
        false,
        row,
        column,
    )
    .unwrap();
    assert_eq!(retrieval_rows(&harness), expected);
    assert_eq!(expected.len() as f64, count);
}
