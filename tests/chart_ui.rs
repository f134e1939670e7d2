//! The Chart view, in the real app headless: opened from the View menu, its bar chart shows the
//! core's numbers (checked against a count made here from the codings), switched to coders and
//! to subcodes, and exported as PNG, SVG and CSV through the file dialog.

mod common;

use coda::analysis::filter::DocumentFilter;
use coda::analysis::frequencies::{ChartData, CodeScope, FrequencyQuery, code_frequencies};
use coda::model::{CodeId, Project, Segment, SegmentId};
use coda::ops::Edit;
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::layout;
use coda::ui::settings::ViewKind;
use coda::ui::{Action, CodaApp};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// Pick `option` in the chart's drop-down labelled `label`, and wait for the new numbers.
fn choose(harness: &mut Harness<'_, CodaApp>, label: &str, option: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.get_by_label(option).click();
    harness.run();
    common::settle(harness);
}

fn shown(harness: &Harness<'_, CodaApp>) -> ChartData {
    (*harness
        .state()
        .session
        .chart
        .shown
        .clone()
        .expect("a chart is shown"))
    .clone()
}

/// The codes charted for `scope`, with every code each one counts (itself, and its subcodes
/// when `with_subcodes`), read from the codebook here.
fn charted_codes(
    project: &Project,
    scope: CodeScope,
    with_subcodes: bool,
) -> Vec<(String, Vec<CodeId>)> {
    let parent_wanted = match scope {
        CodeScope::TopLevel => None,
        CodeScope::ChildrenOf(id) => Some(id),
    };
    let mut out = Vec::new();
    // Codebook order: walk the tree from the top.
    fn walk(project: &Project, parent: Option<CodeId>, order: &mut Vec<CodeId>) {
        for code in project.codes.iter().filter(|c| c.parent == parent) {
            order.push(code.id);
            walk(project, Some(code.id), order);
        }
    }
    let mut order = Vec::new();
    walk(project, None, &mut order);
    for &id in &order {
        let code = project.code(id).unwrap();
        if code.parent != parent_wanted {
            continue;
        }
        let path = project.code_path(id);
        let counted = order
            .iter()
            .copied()
            .filter(|&other| {
                other == id
                    || (with_subcodes && project.code_path(other).starts_with(&format!("{path}/")))
            })
            .collect();
        out.push((code.name.clone(), counted));
    }
    out
}

/// Whether a coding is in a series (a document's, a coder's).
type InSeries = Box<dyn Fn(&Segment) -> bool>;

/// Per charted code (in order) and document or coder, the codings counted by a plain loop.
fn count(
    project: &Project,
    codes: &[(String, Vec<CodeId>)],
    in_series: &[InSeries],
) -> Vec<Vec<f64>> {
    codes
        .iter()
        .map(|(_, counted)| {
            in_series
                .iter()
                .map(|holds| {
                    project
                        .segments
                        .values()
                        .filter(|s| counted.contains(&s.code) && holds(s))
                        .count() as f64
                })
                .collect()
        })
        .collect()
}

/// The chart's values as `values[category][series]`.
fn values(chart: &ChartData) -> Vec<Vec<f64>> {
    (0..chart.categories.len())
        .map(|c| chart.series.iter().map(|s| s.values[c]).collect())
        .collect()
}

#[test]
fn the_chart_opens_from_the_menu_shows_the_core_counts_and_switches_to_coders_and_subcodes() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut harness = common::harness_with(&path, ScriptedDialogs::default());
    // A second coder with three codings of the first top-level code, so that "by coder" has
    // two series.
    let project = harness.state().session.ws.project.clone();
    let first_code = project
        .codes
        .iter()
        .find(|c| c.parent.is_none())
        .unwrap()
        .id;
    harness.state_mut().queue(Action::AddCoder("Bea".into()));
    harness.run();
    let bea = harness
        .state()
        .session
        .ws
        .project
        .coder_by_name("Bea")
        .unwrap()
        .id;
    let doc = project.documents[1].id;
    let edits = (0..3)
        .map(|i| {
            Edit::InsertSegment(Box::new(Segment {
                id: SegmentId::new(),
                document: doc,
                start: 100 * i,
                end: 100 * i + 40,
                code: first_code,
                coder: bea,
                created: String::new(),
                memo: String::new(),
            }))
        })
        .collect();
    harness.state_mut().queue(Action::Edit {
        edit: Edit::Batch(edits),
        label: "Bea codes".into(),
    });
    harness.run();

    common::menu(&mut harness, "Analyse", "Code Frequency Chart");
    assert!(layout::has_view(
        &harness.state().session.tree,
        ViewKind::Chart
    ));
    common::settle(&mut harness);

    // By document, each top-level code with its subcodes: the plot is there, named for screen
    // readers, with every value described.
    let project = harness.state().session.ws.project.clone();
    let plot =
        harness.get_by_label("Bar chart: codings per code (with their subcodes) by document");
    assert!(
        plot.rect().width() > 300.0 && plot.rect().height() > 150.0,
        "{:?}",
        plot.rect()
    );
    let chart = shown(&harness);
    assert_eq!(plot.accesskit_node().description(), Some(chart.summary()));
    let with_subcodes = charted_codes(&project, CodeScope::TopLevel, true);
    let names: Vec<&str> = with_subcodes.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(chart.categories, names);
    let docs: Vec<InSeries> = project
        .documents
        .iter()
        .map(|d| {
            let id = d.id;
            Box::new(move |s: &Segment| s.document == id) as InSeries
        })
        .collect();
    assert_eq!(values(&chart), count(&project, &with_subcodes, &docs));
    assert!(
        values(&chart).iter().flatten().sum::<f64>() > 100.0,
        "the sample's codings are counted"
    );
    // The same numbers as the core's.
    let core = code_frequencies(
        &project,
        &DocumentFilter::everything(),
        &FrequencyQuery {
            include_subcodes: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(values(&chart), core.values);
    // Each document is in the legend, in its colour, as a check box that hides its bars.
    for document in &project.documents {
        harness.get_by_role_and_label(Role::CheckBox, &document.name);
    }

    // Without subcodes: a top-level code's bar counts its own codings only.
    harness.get_by_label("With subcodes").click();
    harness.run();
    common::settle(&mut harness);
    harness.get_by_label("Bar chart: codings per code by document");
    let exact = charted_codes(&project, CodeScope::TopLevel, false);
    assert_eq!(values(&shown(&harness)), count(&project, &exact, &docs));
    assert_ne!(exact, with_subcodes);
    harness.get_by_label("With subcodes").click();
    harness.run();
    common::settle(&mut harness);

    // By coder: one series per coder, and the title says so.
    choose(&mut harness, "Compare", "coders");
    harness.get_by_label("Bar chart: codings per code (with their subcodes) by coder");
    let chart = shown(&harness);
    let coder_names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    let expected: Vec<&str> = project.coders.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(coder_names, expected);
    assert_eq!(coder_names.len(), 2);
    let coders: Vec<InSeries> = project
        .coders
        .iter()
        .map(|c| {
            let id = c.id;
            Box::new(move |s: &Segment| s.coder == id) as InSeries
        })
        .collect();
    let by_coder = count(&project, &with_subcodes, &coders);
    assert_eq!(values(&chart), by_coder);
    assert_eq!(by_coder[0][1], 3.0, "Bea's three codings of the first code");
    harness.get_by_role_and_label(Role::CheckBox, "Bea");

    // Stacked and lying down, the numbers stay; the style changes.
    choose(&mut harness, "Bars", "stacked");
    choose(&mut harness, "Orientation", "lying bars");
    let chart = shown(&harness);
    assert!(chart.style.stacked && chart.style.horizontal);
    assert_eq!(values(&chart), by_coder);

    // The subcodes of the code selected in the codebook.
    choose(&mut harness, "Codes", "subcodes of the selected code");
    assert!(harness.state().session.chart.shown.is_none());
    harness.get_by_label("Select a code in the codebook to chart its subcodes.");
    harness
        .state_mut()
        .queue(Action::SelectCode(Some(first_code)));
    harness.run();
    common::settle(&mut harness);
    let chart = shown(&harness);
    let subcodes = charted_codes(&project, CodeScope::ChildrenOf(first_code), true);
    assert!(subcodes.len() > 2);
    let names: Vec<&str> = subcodes.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(chart.categories, names);
    assert_eq!(values(&chart), count(&project, &subcodes, &coders));

    // A chart of the new numbers after an edit: remove Bea's codings.
    let bea_codings: Vec<SegmentId> = project
        .segments
        .values()
        .filter(|s| s.coder == bea)
        .map(|s| s.id)
        .collect();
    choose(&mut harness, "Codes", "top-level codes");

    // A filter keeping Bea's codings only: one series, her numbers.
    harness.get_by_label("Filter by coder").click();
    harness.run();
    // "Bea" is also the legend's entry; the filter's list comes first in the tree.
    harness
        .get_all_by_role_and_label(Role::CheckBox, "Bea")
        .next()
        .unwrap()
        .click();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    common::settle(&mut harness);
    harness.get_by_label("Codings per code (with their subcodes) by coder (only coder Bea)");
    let chart = shown(&harness);
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Bea"]);
    assert_eq!(
        values(&chart),
        count(&project, &with_subcodes, &coders[1..])
    );
    harness.get_by_label("Clear filter").click();
    harness.run();
    common::settle(&mut harness);

    harness.state_mut().queue(Action::Edit {
        edit: Edit::Batch(bea_codings.into_iter().map(Edit::RemoveSegment).collect()),
        label: "Remove Bea's codings".into(),
    });
    harness.run();
    common::settle(&mut harness);
    assert!(
        !harness
            .state()
            .session
            .ws
            .project
            .segments
            .values()
            .any(|s| s.coder == bea),
        "status: {}",
        harness.state().status
    );
    let chart = shown(&harness);
    assert_eq!(chart.series[1].values[0], 0.0);
}

#[test]
fn the_chart_is_exported_as_png_svg_and_csv_through_the_file_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let (png, svg, csv) = (
        dir.path().join("chart.png"),
        dir.path().join("chart.svg"),
        dir.path().join("chart.csv"),
    );
    let dialogs = ScriptedDialogs::default()
        .answer(vec![png.clone()])
        .answer(vec![svg.clone()])
        .answer(vec![csv.clone()]);
    let mut harness = common::harness_with(&path, dialogs);
    common::menu(&mut harness, "Analyse", "Code Frequency Chart");
    common::settle(&mut harness);
    let chart = shown(&harness);
    assert!(!chart.is_empty());

    for button in ["Export PNG…", "Export SVG…", "Export CSV…"] {
        harness.get_by_label(button).click();
        harness.run();
        common::settle(&mut harness);
    }

    // The SVG is the chart shown, and the PNG is that SVG at twice its size.
    let written = std::fs::read_to_string(&svg).unwrap();
    assert_eq!(written, coda::io::chart_svg::to_svg(&chart));
    let attribute = |name: &str| -> f32 {
        let at = written.find("<svg ").unwrap();
        let tag = &written[at..at + written[at..].find('>').unwrap()];
        let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[start..start + tag[start..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.len() > 20_000, "a PNG of {} bytes", bytes.len());
    let image = resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap();
    assert_eq!(
        (image.width(), image.height()),
        (
            (attribute("width") * coda::io::chart_png::SCALE) as u32,
            (attribute("height") * coda::io::chart_png::SCALE) as u32
        )
    );

    // The CSV holds the numbers: a line per code, a column per document.
    let project = &harness.state().session.ws.project;
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let documents: Vec<String> = project.documents.iter().map(|d| d.name.clone()).collect();
    assert_eq!(header[0], "code");
    assert_eq!(header[1..], documents[..]);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), chart.categories.len());
    for (c, row) in rows.iter().enumerate() {
        assert_eq!(row[0], chart.categories[c], "top-level codes: path = name");
        for (s, series) in chart.series.iter().enumerate() {
            assert_eq!(row[s + 1], format!("{}", series.values[c]));
        }
    }
}
