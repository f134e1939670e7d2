//! The compare table on the sample project's two coders (issue 10, defect 11): the code column
//! stays in view while the values scroll sideways, long code paths are elided with the whole
//! path on hover, and the passages of a clicked cell leave room for several columns, behind a
//! split the user can drag.

mod common;

use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{CodaApp, Workspace};
use egui::accesskit::Role;
use egui::{Pos2, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;

/// Paths of codes in the first rows of the table, the second too long for a narrow column.
const FIRST: &str = "Push factors/Socio-economic marginalisation";
const LONG: &str = "Push factors/Unemployment and labour migration";
/// The path of a code further down the table.
const LOWER: &str = "Recruitment channels/Migrant-worker communities abroad";

/// The sample's two coders' files, combined and compared (Coder > Compare Coders' Files…),
/// in a folder of their own so that the repository's samples are never written.
fn sample_compare() -> (tempfile::TempDir, Harness<'static, CodaApp>) {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects");
    let files: Vec<_> = ["central-asia-cve.ron", "central-asia-cve-coder-b.ron"]
        .iter()
        .map(|name| {
            let path = dir.path().join(name);
            std::fs::copy(samples.join(name), &path).unwrap();
            path
        })
        .collect();
    let ws = Workspace::new(coda::model::Project::new("other"), None);
    let dialogs = ScriptedDialogs::default().answer(files);
    let app = CodaApp::new(ws, Settings::default(), Box::new(dialogs));
    let mut harness = common::app_harness(app);
    harness.get_by_label("Coder").click();
    harness.run();
    harness.get_by_label("Compare Coders' Files…").click();
    harness.run();
    harness.get_by_label("Combine and Compare").click();
    harness.run();
    common::close_merge_report(&mut harness);
    harness.run();
    assert!(harness.state().session.compare.open);
    (dir, harness)
}

/// The name of the sample's second document: a column in view before and after scrolling
/// sideways by 100 points.
fn second_document(harness: &Harness<'_, CodaApp>) -> String {
    harness.state().session.ws.project.documents[1].name.clone()
}

/// The rect of the label naming a code in the table's code column.
fn code_label(harness: &Harness<'_, CodaApp>, path: &str) -> Rect {
    harness.get_by_role_and_label(Role::Label, path).rect()
}

/// The rect of the cell of a code in a column.
fn cell(harness: &Harness<'_, CodaApp>, path: &str, column: &str) -> Rect {
    harness
        .get_by_label_contains(&format!("{path} in {column}: "))
        .rect()
}

/// The split between the table and the passages: the rightmost vertical splitter below the
/// compare view's heading.
fn split(harness: &Harness<'_, CodaApp>) -> Rect {
    // The view's heading, below its tab of the same name.
    let heading = harness
        .get_all_by_label("Compare coders")
        .map(|n| n.rect())
        .max_by(|a, b| a.top().total_cmp(&b.top()))
        .expect("the compare view's heading");
    harness
        .get_all_by_role(Role::Splitter)
        .map(|n| n.rect())
        .filter(|r| r.height() > r.width() && r.top() >= heading.top())
        .max_by(|a, b| a.center().x.total_cmp(&b.center().x))
        .expect("a split beside the passages")
}

/// The column titles of values (not "Code") wholly in view left of `right`.
fn columns_in_view(harness: &Harness<'_, CodaApp>, right: f32) -> Vec<String> {
    let code = harness.get_by_label("Sort by Code").rect();
    harness
        .get_all_by_role(Role::Button)
        .filter_map(|n| {
            let label = n.accesskit_node().label()?;
            let title = label.strip_prefix("Sort by ")?.to_string();
            let r = n.rect();
            (title != "Code" && r.left() >= code.right() && r.right() <= right).then_some(title)
        })
        .collect()
}

/// Turn the mouse wheel over `at` to move the content by `delta` (negative: the view moves
/// right or down).
fn wheel(harness: &mut Harness<'_, CodaApp>, at: Pos2, delta: egui::Vec2) {
    harness.hover_at(at);
    harness.step();
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run();
}

fn open_passages(harness: &mut Harness<'_, CodaApp>) {
    harness
        .get_by_label_contains(&format!("{FIRST} in All documents: "))
        .click();
    harness.run();
    assert!(harness.state().session.compare.code.is_some());
}

#[test]
fn the_code_column_stays_in_view_while_the_values_scroll() {
    let (_dir, mut harness) = sample_compare();
    // Beside a cell's passages the table is narrower than its columns.
    open_passages(&mut harness);
    let last = second_document(&harness);
    let label = code_label(&harness, FIRST);
    let before = cell(&harness, FIRST, &last);
    assert!(
        before.y_range().contains(label.center().y),
        "a code and its values share a row: {label:?} {before:?}"
    );

    // The wheel over the first column of values scrolls them sideways.
    let first_column = cell(&harness, FIRST, "All documents");
    wheel(&mut harness, first_column.center(), vec2(-100.0, 0.0));
    let after = cell(&harness, FIRST, &last);
    assert!(
        after.left() < before.left() - 50.0,
        "the values scrolled sideways: {before:?} -> {after:?}"
    );
    assert_eq!(
        code_label(&harness, FIRST),
        label,
        "the code column did not move"
    );

    // Scrolled down, the code column still lines up with its row of values.
    wheel(&mut harness, after.center(), vec2(0.0, -100.0));
    let (label, value) = (code_label(&harness, LOWER), cell(&harness, LOWER, &last));
    assert!(
        value.y_range().contains(label.center().y),
        "{label:?} {value:?}"
    );
    assert!(label.right() <= value.left(), "{label:?} {value:?}");
}

#[test]
fn a_cells_passages_leave_room_for_several_columns() {
    let (_dir, mut harness) = sample_compare();
    open_passages(&mut harness);
    harness.get_by_label_contains("among");
    let split = split(&harness);
    let columns = columns_in_view(&harness, split.left());
    assert!(
        columns.len() >= 3,
        "only {columns:?} fit beside the passages (split at {split:?})"
    );
}

#[test]
fn the_split_between_table_and_passages_follows_a_drag_and_is_remembered() {
    let (_dir, mut harness) = sample_compare();
    open_passages(&mut harness);
    let before = split(&harness);
    let columns = columns_in_view(&harness, before.left()).len();

    // Narrower passages: the table gains a column.
    common::drag(
        &mut harness,
        before.center(),
        before.center() + vec2(100.0, 0.0),
    );
    let after = split(&harness);
    assert!(
        (after.center().x - (before.center().x + 100.0)).abs() < 2.0,
        "the split moved with the pointer: {before:?} -> {after:?}"
    );
    assert!(columns_in_view(&harness, after.left()).len() > columns);
    assert!(harness.get_by_label("Next disagreement").rect().left() > after.right());

    // Wider passages than the content needs: the split goes where it is dragged.
    common::drag(
        &mut harness,
        after.center(),
        before.center() - vec2(100.0, 0.0),
    );
    let wider = split(&harness);
    assert!(
        (wider.center().x - (before.center().x - 100.0)).abs() < 2.0,
        "{before:?} -> {wider:?}"
    );

    // Closing the compare view and opening it again keeps the split where the user put it.
    for _ in 0..2 {
        harness.get_by_label("Coder").click();
        harness.run();
        harness.get_by_label("Compare Coders").click();
        harness.run();
    }
    assert!(harness.state().session.compare.open);
    assert_eq!(split(&harness), wider);
}

#[test]
fn long_code_paths_are_elided_with_the_whole_path_on_hover() {
    let (_dir, mut harness) = sample_compare();
    // With the passages open the code column is narrower than the long path.
    open_passages(&mut harness);
    let table_left = harness.get_by_label("Sort by Code").rect().left();
    // Scrolled sideways.
    let column = second_document(&harness);
    let before = cell(&harness, LONG, &column);
    let first_column = cell(&harness, LONG, "All documents");
    wheel(&mut harness, first_column.center(), vec2(-100.0, 0.0));
    let value = cell(&harness, LONG, &column);
    assert!(
        value.left() < before.left() - 50.0,
        "{before:?} -> {value:?}"
    );
    let label = harness.get_by_role_and_label(Role::Label, LONG);
    let rect = label.rect();
    assert!(
        rect.left() >= table_left && rect.right() <= value.left(),
        "{rect:?} {value:?}"
    );

    // What is painted is the path cut short with an ellipsis, inside the code column.
    let shown = painted_text(&harness, LONG).expect("the path is painted");
    assert!(shown.0.ends_with('…'), "painted as {:?}", shown.0);
    assert!(
        shown.1.left() >= table_left && shown.1.right() <= value.left(),
        "{:?} {value:?}",
        shown.1
    );

    // Hovering shows the whole path (at once: the tooltip delay is not what is tested).
    harness
        .ctx
        .all_styles_mut(|style| style.interaction.tooltip_delay = 0.0);
    label.hover();
    harness.run();
    assert!(
        harness.get_all_by_label(LONG).count() >= 2,
        "a tooltip with the whole path"
    );
}

/// The chars painted for a text laid out from `text` (elided or not), and where.
fn painted_text(harness: &Harness<'_, CodaApp>, text: &str) -> Option<(String, Rect)> {
    fn find(shape: &egui::Shape, text: &str) -> Option<(String, Rect)> {
        match shape {
            egui::Shape::Text(t) if t.galley.job.text == text => {
                let chars = t
                    .galley
                    .rows
                    .iter()
                    .flat_map(|row| row.glyphs.iter().map(|g| g.chr))
                    .collect();
                Some((chars, t.visual_bounding_rect()))
            }
            egui::Shape::Vec(shapes) => shapes.iter().find_map(|s| find(s, text)),
            _ => None,
        }
    }
    harness
        .output()
        .shapes
        .iter()
        .find_map(|clipped| find(&clipped.shape, text))
}

#[test]
fn the_code_column_widens_to_show_a_long_path_and_the_passages_close() {
    let (_dir, mut harness) = sample_compare();
    open_passages(&mut harness);
    let shown = painted_text(&harness, LONG).expect("the path is painted");
    assert!(shown.0.ends_with('…'), "painted as {:?}", shown.0);

    // Dragged wider, the code column shows the whole path.
    let divider = harness.get_by_label("Resize the code column").rect();
    common::drag(
        &mut harness,
        divider.center(),
        divider.center() + vec2(120.0, 0.0),
    );
    let moved = harness.get_by_label("Resize the code column").rect();
    assert!(
        (moved.center().x - (divider.center().x + 120.0)).abs() < 2.0,
        "{divider:?} -> {moved:?}"
    );
    let shown = painted_text(&harness, LONG).expect("the path is painted");
    assert_eq!(shown.0, LONG);

    // Assistive technology moves it by steps.
    harness
        .get_by_label("Resize the code column")
        .decrement_accesskit();
    harness.run();
    let stepped = harness.get_by_label("Resize the code column").rect();
    assert!(
        stepped.center().x < moved.center().x,
        "{moved:?} -> {stepped:?}"
    );

    // Closing the passages gives the table the whole width; the code column keeps its own.
    let split_at = split(&harness);
    harness.get_by_label("Close the passages").click();
    harness.run();
    assert_eq!(harness.state().session.compare.code, None);
    assert!(harness.query_by_label("Next disagreement").is_none());
    assert!(columns_in_view(&harness, split_at.right() + 200.0).len() > 3);
    assert_eq!(
        harness.get_by_label("Resize the code column").rect(),
        stepped
    );
}

/// The compare table's kappa of a code over all documents, as its cell names it.
fn all_documents_value(harness: &Harness<'_, CodaApp>, path: &str) -> String {
    let prefix = format!("{path} in All documents: ");
    let label = harness
        .get_by_label_contains(&prefix)
        .accesskit_node()
        .label()
        .unwrap_or_default();
    label[label.find(&prefix).unwrap() + prefix.len()..].to_string()
}

#[test]
fn marking_coverage_in_the_document_list_changes_the_compare_table() {
    let (_dir, mut harness) = sample_compare();
    common::settle(&mut harness);
    // Bakyt's file records one article of 001: the table compares that article alone.
    assert_eq!(all_documents_value(&harness, FIRST), "0.835");
    // A code Bakyt never used in that text carries a warning mark, explained on hover.
    harness.get_by_label_contains(&format!("Warnings for {LONG}: one-sided"));
    let volume = harness.state().session.ws.project.documents[1].name.clone();
    assert!(volume.starts_with("001"), "{volume}");
    harness
        .get_all_by_role_and_label(Role::Button, &volume)
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap()
        .click_secondary();
    harness.run();
    harness.get_by_label("Mark as coded by coder…").click();
    harness.run();
    harness.get_by_label("Bakyt: whole document").click();
    harness.run();
    common::settle(&mut harness);
    // Marked as coding the whole volume, Bakyt is compared on all of it, as before coverage.
    assert_eq!(all_documents_value(&harness, FIRST), "0.362");
    // One step of undo brings the article back.
    harness.state_mut().session.ws.undo().unwrap();
    common::settle(&mut harness);
    assert_eq!(all_documents_value(&harness, FIRST), "0.835");
}

#[test]
fn marking_a_selected_passage_as_coded_extends_the_compared_text_and_shows_a_band() {
    let (_dir, mut harness) = sample_compare();
    common::settle(&mut harness);
    assert_eq!(all_documents_value(&harness, FIRST), "0.835");
    let project = &harness.state().session.ws.project;
    let volume = project.documents[1].clone();
    let bakyt = project.coder_by_name("Bakyt").unwrap().id;
    let before = project.covered_ranges(bakyt, volume.id);
    assert_eq!(before.len(), 1, "one article of the volume: {before:?}");
    // A passage before the article, from the volume's start.
    let passage = coda::model::CharRange::new(0, before[0].start.min(6000));
    assert!(!passage.is_empty());
    harness
        .get_all_by_role_and_label(Role::Button, &volume.name)
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap()
        .click();
    harness.run();
    harness.state_mut().session.selection = Some(coda::ui::document_view::TextSelection {
        doc: volume.id,
        anchor: passage.start,
        head: passage.end,
    });
    harness
        .get_by_role_and_label(Role::Document, &volume.name)
        .click_secondary();
    harness.run();
    harness.get_by_label("Mark as coded by coder…").click();
    harness.run();
    harness.get_by_label("Bakyt: this passage too").click();
    harness.run();
    common::settle(&mut harness);
    let project = &harness.state().session.ws.project;
    assert_eq!(
        project.covered_ranges(bakyt, volume.id),
        vec![passage, before[0]]
    );
    // The table now compares the article and the passage.
    assert_ne!(all_documents_value(&harness, FIRST), "0.835");
    // The band beside the passage, at the top of the view, names the coder.
    assert!(
        harness
            .query_all_by_label("Coverage: coded by Bakyt")
            .next()
            .is_some()
    );
    // Taking the passage out again restores the article alone.
    harness
        .get_by_role_and_label(Role::Document, &volume.name)
        .click_secondary();
    harness.run();
    harness.get_by_label("Mark as coded by coder…").click();
    harness.run();
    harness.get_by_label("Bakyt: not this passage").click();
    harness.run();
    common::settle(&mut harness);
    assert_eq!(
        harness
            .state()
            .session
            .ws
            .project
            .covered_ranges(bakyt, volume.id),
        before
    );
    assert_eq!(all_documents_value(&harness, FIRST), "0.835");
}

#[test]
fn an_undefined_cell_says_in_plain_words_what_happened_before_the_statistical_reason() {
    let (_dir, mut harness) = sample_compare();
    common::settle(&mut harness);
    let cell = harness
        .query_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.ends_with(": undefined"))
        })
        .expect("an undefined cell in the sample comparison");
    cell.hover();
    // Tooltips wait for the pointer to rest.
    harness.run_steps(60);
    let tip = harness.get_by_label_contains("Why there is no value:");
    let text = tip.accesskit_node().value().unwrap_or_default();
    // "Push factors" in a document neither coder coded with it (both covered it whole).
    assert!(
        text.starts_with("No compared coder used this code in the compared text"),
        "{text}"
    );
    assert!(text.contains("chance agreement is 1 (0/0)"), "{text}");
}

/// The compare table's value of a code in a column, as its cell names it.
fn value_in(harness: &Harness<'_, CodaApp>, path: &str, column: &str) -> Option<String> {
    let prefix = format!("{path} in {column}: ");
    let label = harness
        .query_by_label_contains(&prefix)?
        .accesskit_node()
        .label()
        .unwrap_or_default();
    Some(label[label.find(&prefix).unwrap() + prefix.len()..].to_string())
}

#[test]
fn a_document_filter_limits_the_comparison_to_the_documents_it_keeps() {
    let (_dir, mut harness) = sample_compare();
    common::settle(&mut harness);
    let volume = second_document(&harness);
    let alone = value_in(&harness, FIRST, &volume).expect("a cell for 001");
    let others: Vec<String> = harness
        .state()
        .session
        .ws
        .project
        .documents
        .iter()
        .map(|d| d.name.clone())
        .filter(|name| *name != volume)
        .collect();
    assert_ne!(
        all_documents_value(&harness, FIRST),
        alone,
        "pooled differs"
    );

    harness.get_by_label("Filter by document").click();
    harness.run();
    harness
        .get_all_by_role_and_label(Role::CheckBox, &volume)
        .next()
        .unwrap()
        .click();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    common::settle(&mut harness);
    // Compared over 001 alone, the pooled value is 001's own, and no other document has a
    // column.
    assert_eq!(all_documents_value(&harness, FIRST), alone);
    for other in &others {
        assert_eq!(value_in(&harness, FIRST, other), None, "{other}");
    }
    harness.get_by_label("Clear filter").click();
    harness.run();
    common::settle(&mut harness);
    assert_ne!(all_documents_value(&harness, FIRST), alone);
}
