//! The real app, headless, through egui_kittest: widgets are found by their accessible names,
//! clicked, dragged and typed into, and the project is checked afterwards. No test opens a file
//! dialog: dialogs are scripted.

mod common;

use coda::model::{CharRange, DocId, Project};
use coda::ui::dialogs::ScriptedDialogs;
use coda::ui::settings::Settings;
use coda::ui::{CodaApp, Workspace};
use egui::{Key, Modifiers, Pos2, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::{Path, PathBuf};

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron")
}

fn app_with(path: &Path, dialogs: ScriptedDialogs) -> CodaApp {
    let ws = Workspace::open(path).expect("sample project opens");
    CodaApp::new(ws, Settings::default(), Box::new(dialogs))
}

fn harness(app: CodaApp) -> Harness<'static, CodaApp> {
    common::app_harness(app)
}

/// A copy of the sample in a folder of its own: an open project is locked (one writer at a time),
/// and a test must never write the repository's sample.
fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("central-asia-cve.ron");
    std::fs::copy(sample_path(), &path).unwrap();
    (dir, path)
}

fn sample_harness() -> (tempfile::TempDir, Harness<'static, CodaApp>) {
    let (dir, path) = sample_copy();
    (dir, harness(app_with(&path, ScriptedDialogs::default())))
}

fn doc_id(project: &Project, prefix: &str) -> DocId {
    project
        .documents
        .iter()
        .find(|d| d.name.starts_with(prefix))
        .unwrap()
        .id
}

fn doc_name(project: &Project, prefix: &str) -> String {
    project
        .documents
        .iter()
        .find(|d| d.name.starts_with(prefix))
        .unwrap()
        .name
        .clone()
}

/// A document's entry in the document list (its pane's tab has the same name, further right).
fn list_entry<'h>(harness: &'h Harness<'_, CodaApp>, name: &'h str) -> egui_kittest::Node<'h> {
    harness
        .get_all_by_role_and_label(egui::accesskit::Role::Button, name)
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap_or_else(|| panic!("no list entry {name}"))
}

/// The screen rect of a document's view.
fn view_rect(harness: &Harness<'_, CodaApp>, name: &str) -> Rect {
    harness
        .get_by_role_and_label(egui::accesskit::Role::Document, name)
        .rect()
}

/// Press and release the primary button at a point, as one click.
fn click_at(harness: &mut Harness<'_, CodaApp>, pos: Pos2) {
    harness.hover_at(pos);
    harness.step();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
}

/// Select the start of 004, code it with hotkey 1, then click the coded text to select the coding.
fn code_then_click_the_coding(
    harness: &mut Harness<'_, CodaApp>,
) -> (DocId, CharRange, coda::model::SegmentId) {
    let (doc, range) = select_in_004(harness);
    harness.key_press(Key::Num1);
    harness.run();
    let rect = view_rect(
        harness,
        &doc_name(&harness.state().session.ws.project, "004"),
    );
    click_at(harness, rect.min + vec2(160.0, 8.0));
    harness.run();
    let id = harness
        .state()
        .session
        .selected_segment
        .expect("a coding is selected");
    (doc, range, id)
}

/// Open a document (by name prefix), open the find bar and type a pattern.
fn open_and_find(harness: &mut Harness<'_, CodaApp>, prefix: &str, pattern: &str) {
    let name = doc_name(&harness.state().session.ws.project, prefix);
    list_entry(harness, &name).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Find").type_text(pattern);
    harness.run();
}

/// Open 004 alone in view and drag across the start of its first paragraph.
fn select_in_004(harness: &mut Harness<'_, CodaApp>) -> (DocId, CharRange) {
    let name = doc_name(&harness.state().session.ws.project, "004");
    list_entry(harness, &name).click();
    harness.run();
    let rect = view_rect(harness, &name);
    // From the very top-left of the text to the middle of the second line.
    let start = rect.min + vec2(18.0, 6.0);
    let end = rect.min + vec2(rect.width() * 0.5, 30.0);
    common::drag(harness, start, end);
    let sel = harness
        .state()
        .session
        .selection
        .expect("the drag selected text");
    (sel.doc, sel.range())
}

#[test]
fn opens_the_sample_project_with_title_panels_and_two_panes() {
    let (_dir, harness) = sample_harness();
    let app = harness.state();
    assert!(
        app.window_title()
            .starts_with("Violent extremism in Central Asia — Aigerim — Coda")
    );
    assert_eq!(
        app.session.open_documents().len(),
        2,
        "the first two documents side by side"
    );
    harness.get_by_label("Push factors [1]");
    harness.get_by_label("Recruitment channels [2]");
    for doc in &app.session.ws.project.documents {
        list_entry(&harness, &doc.name);
    }
    harness.get_by_label("File");
    harness.get_by_label("Coder: Aigerim");
}

#[test]
fn documents_open_side_by_side() {
    let (_dir, mut harness) = sample_harness();
    let project = harness.state().session.ws.project.clone();
    // Ctrl+click for one, middle click for the other: each in a pane of its own.
    list_entry(&harness, &doc_name(&project, "003")).click_modifiers(Modifiers::COMMAND);
    harness.run();
    list_entry(&harness, &doc_name(&project, "004")).click_button(egui::PointerButton::Middle);
    harness.run();
    let open = harness.state().session.open_documents();
    assert_eq!(open.len(), 4, "two more panes beside the first two");
    assert!(open.contains(&doc_id(&project, "003")) && open.contains(&doc_id(&project, "004")));
    let a = view_rect(&harness, &doc_name(&project, "003"));
    let b = view_rect(&harness, &doc_name(&project, "004"));
    assert!(
        (a.top() - b.top()).abs() < 1.0 && a.right() <= b.left() + 1.0,
        "{a:?} {b:?} side by side"
    );
}

#[test]
fn a_plain_click_shows_a_document_in_the_focused_pane_and_an_open_one_is_focused() {
    let (_dir, mut harness) = sample_harness();
    let project = harness.state().session.ws.project.clone();
    let before = harness.state().session.open_documents();
    assert_eq!(before.len(), 2);
    for prefix in ["002", "003", "004"] {
        list_entry(&harness, &doc_name(&project, prefix)).click();
        harness.run();
        let open = harness.state().session.open_documents();
        assert_eq!(open.len(), 2, "no pane is added by a plain click");
        assert!(open.contains(&doc_id(&project, prefix)));
        assert_eq!(
            harness.state().session.focused_doc,
            Some(doc_id(&project, prefix))
        );
    }
    // A document already shown is focused, not opened again.
    let shown = harness.state().session.open_documents();
    list_entry(&harness, &doc_name(&project, "004")).click();
    harness.run();
    assert_eq!(harness.state().session.open_documents(), shown);
}

#[test]
fn drag_select_then_click_a_code_creates_exactly_that_segment() {
    let (_dir, mut harness) = sample_harness();
    let before = harness.state().session.ws.project.segments.len();
    let (doc, range) = select_in_004(&mut harness);
    assert_eq!(range.start, 0, "the drag started before the first char");
    assert!(range.len() > 20, "{range:?}");
    harness.get_by_label("Recruitment channels [2]").click();
    harness.run();
    let app = harness.state();
    let project = &app.session.ws.project;
    assert_eq!(project.segments.len(), before + 1);
    let code = project.code_by_path("Recruitment channels").unwrap().id;
    let segment = project
        .segments
        .values()
        .find(|s| s.document == doc && s.range() == range && s.code == code)
        .expect("a segment with the selected range");
    let text = project
        .document(doc)
        .unwrap()
        .text
        .slice(segment.range())
        .unwrap();
    assert!(
        project
            .document(doc)
            .unwrap()
            .text
            .as_str()
            .starts_with(text)
    );
    assert_eq!(Some(segment.coder), project.current_coder);
    assert_eq!(
        app.session.selection.map(|s| s.range()),
        Some(range),
        "the selection survives the click"
    );
    assert!(app.window_title().contains('•'), "unsaved mark");
}

#[test]
fn hotkeys_code_the_selection_and_two_codes_stay_on_one_passage() {
    let (_dir, mut harness) = sample_harness();
    let (doc, range) = select_in_004(&mut harness);
    harness.key_press(Key::Num1);
    harness.run();
    harness.key_press(Key::Num2);
    harness.run();
    let project = &harness.state().session.ws.project;
    let codes: Vec<String> = project
        .segments
        .values()
        .filter(|s| s.document == doc && s.range() == range)
        .map(|s| project.code_path(s.code))
        .collect();
    assert!(codes.contains(&"Push factors".to_string()), "{codes:?}");
    assert!(
        codes.contains(&"Recruitment channels".to_string()),
        "{codes:?}"
    );
}

#[test]
fn undo_and_redo_a_coding_with_the_keyboard() {
    let (_dir, mut harness) = sample_harness();
    let before = harness.state().session.ws.project.clone();
    select_in_004(&mut harness);
    harness.key_press(Key::Num3);
    harness.run();
    let after = harness.state().session.ws.project.clone();
    assert_eq!(after.segments.len(), before.segments.len() + 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().session.ws.project, before);
    assert!(
        !harness.state().window_title().contains('•'),
        "back to the saved state"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(harness.state().session.ws.project, after);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().session.ws.project,
        after,
        "nothing more to redo"
    );
}

#[test]
fn renaming_a_code_keeps_its_codings() {
    let (_dir, mut harness) = sample_harness();
    let project = harness.state().session.ws.project.clone();
    let code = project
        .code_by_path("Recruitment channels/Prisons")
        .unwrap()
        .id;
    let codings = project.segments.values().filter(|s| s.code == code).count();
    harness.get_by_label("Prisons").click();
    harness.run();
    assert_eq!(harness.state().session.selected_code, Some(code));
    let field = harness.get_by_label("Name");
    field.focus();
    field.type_text(" and detention");
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
    let project = &harness.state().session.ws.project;
    assert_eq!(project.code(code).unwrap().name, "Prisons and detention");
    assert_eq!(
        project.segments.values().filter(|s| s.code == code).count(),
        codings
    );
}

#[test]
fn deleting_a_code_can_move_its_codings_to_the_parent() {
    let (_dir, mut harness) = sample_harness();
    let project = harness.state().session.ws.project.clone();
    let code = project
        .code_by_path("Push factors/Lack of religious education")
        .unwrap()
        .id;
    let parent = project.code_by_path("Push factors").unwrap().id;
    let moved = project.segments.values().filter(|s| s.code == code).count();
    let on_parent = project
        .segments
        .values()
        .filter(|s| s.code == parent)
        .count();
    assert!(moved > 0);
    harness.get_by_label("Lack of religious education").click();
    harness.run();
    harness.get_by_label("Delete code…").click();
    harness.run();
    harness
        .get_by_label("Move its codings to “Push factors”")
        .click();
    harness.run();
    let project = &harness.state().session.ws.project;
    assert!(project.code(code).is_none());
    assert_eq!(
        project
            .segments
            .values()
            .filter(|s| s.code == parent)
            .count(),
        on_parent + moved
    );
    assert!(coda::model::validate(project).is_empty());
}

#[test]
fn quick_pick_creates_a_code_and_applies_it() {
    let (_dir, mut harness) = sample_harness();
    let (doc, range) = select_in_004(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness
        .get_by_label("Apply code")
        .type_text("Media literacy");
    harness.run();
    harness.get_by_label("New code “Media literacy”");
    harness.key_press(Key::Enter);
    harness.run();
    let project = &harness.state().session.ws.project;
    let code = project.code_by_path("Media literacy").expect("created").id;
    assert!(
        project
            .segments
            .values()
            .any(|s| s.document == doc && s.range() == range && s.code == code)
    );
    assert!(harness.state().session.quick_pick.is_none());
}

#[test]
fn retrieval_lists_a_codes_passages_and_jumps_to_one() {
    let (_dir, mut harness) = sample_harness();
    let project = harness.state().session.ws.project.clone();
    let code = project
        .code_by_path("Recruitment channels/Prisons")
        .unwrap()
        .id;
    let segment = project
        .segments
        .values()
        .find(|s| s.code == code)
        .unwrap()
        .clone();
    harness.get_by_label("Prisons").click();
    harness.run();
    assert_eq!(harness.state().session.retrieval.rows(), &[segment.id]);
    let doc = project.document(segment.document).unwrap();
    harness
        .get_all_by_label(&doc.name)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Link)
        .unwrap()
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.session.selected_segment, Some(segment.id));
    assert_eq!(app.session.focused_doc, Some(segment.document));
    assert!(app.session.open_documents().contains(&segment.document));
}

#[test]
fn find_and_code_all_hits_is_one_undoable_step() {
    let (_dir, mut harness) = sample_harness();
    let project = harness.state().session.ws.project.clone();
    open_and_find(&mut harness, "004", "recruit");
    let hits = harness.state().session.find.hits.clone();
    let text = &project.document(doc_id(&project, "004")).unwrap().text;
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|r| text.slice(*r).unwrap().eq_ignore_ascii_case("recruit"))
    );
    harness.get_by_label("Code all hits with").click();
    harness.run();
    // The list scrolls: bring the entry into view as a person would, then click it.
    harness
        .get_by_label("Recruitment channels/Online propaganda and social media")
        .scroll_to_me();
    harness.run();
    harness
        .get_by_label("Recruitment channels/Online propaganda and social media")
        .click();
    harness.run();
    harness.get_by_label("Code all…").click();
    harness.run();
    harness
        .get_by_label(&format!("Code {} passages", hits.len()))
        .click();
    harness.run();
    let after = &harness.state().session.ws.project;
    let code = after
        .code_by_path("Recruitment channels/Online propaganda and social media")
        .unwrap()
        .id;
    for hit in &hits {
        assert!(
            after
                .segments
                .values()
                .any(|s| s.range() == *hit && s.code == code)
        );
    }
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().session.ws.project,
        project,
        "one undo removes every hit's coding"
    );
}

#[test]
fn double_click_selects_a_word_and_delete_removes_a_clicked_coding() {
    let (_dir, mut harness) = sample_harness();
    let (doc, _) = select_in_004(&mut harness);
    harness.key_press(Key::Num1);
    harness.run();
    let rect = view_rect(
        &harness,
        &doc_name(&harness.state().session.ws.project, "004"),
    );
    let point = rect.min + vec2(160.0, 8.0);
    // A click on the coded passage selects the coding; Delete removes it.
    click_at(&mut harness, point);
    harness.run();
    let selected = harness
        .state()
        .session
        .selected_segment
        .expect("the click selected a coding");
    harness.key_press(Key::Delete);
    harness.run();
    // Let the double-click time pass, so the next two clicks are not read as a triple click.
    harness.run_steps(30);
    assert!(
        !harness
            .state()
            .session
            .ws
            .project
            .segments
            .contains_key(&selected)
    );
    // Double-click: a whole word.
    click_at(&mut harness, point);
    click_at(&mut harness, point);
    harness.run();
    let sel = harness.state().session.selection.unwrap();
    let text = harness
        .state()
        .session
        .ws
        .project
        .document(doc)
        .unwrap()
        .text
        .clone();
    let word = text.slice(sel.range()).unwrap();
    let is_word = |c: char| c.is_alphanumeric() || "-’'_".contains(c);
    assert!(!word.is_empty() && word.chars().all(is_word), "{word:?}");
    // The whole word: the chars on either side are not part of it.
    let r = sel.range();
    let before = r
        .start
        .checked_sub(1)
        .and_then(|s| text.slice(CharRange::new(s, r.start)));
    let after = text.slice(CharRange::new(r.end, r.end + 1));
    assert!(
        before.is_none_or(|c| !c.chars().all(is_word))
            && after.is_none_or(|c| !c.chars().all(is_word))
    );
}

#[test]
fn save_writes_the_file_and_clears_the_unsaved_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.ron");
    std::fs::copy(sample_path(), &path).unwrap();
    let mut harness = harness(app_with(&path, ScriptedDialogs::default()));
    select_in_004(&mut harness);
    harness.key_press(Key::Num2);
    harness.run();
    assert!(harness.state().window_title().contains('•'));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!harness.state().window_title().contains('•'));
    let saved = coda::io::project_file::load(&path).unwrap().project;
    assert_eq!(saved, harness.state().session.ws.project);
    assert_eq!(coda::io::safe_write::list_backups(&path).unwrap().len(), 1);
}

#[test]
fn add_documents_through_the_dialog_seam() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("interview-07.txt");
    std::fs::write(
        &doc,
        "Он уехал в Россию на заработки.\nТам его и завербовали.\n",
    )
    .unwrap();
    let dialogs = ScriptedDialogs::default().answer(vec![doc]);
    let (_dir, path) = sample_copy();
    let mut harness = harness(app_with(&path, dialogs));
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Add Documents…").click();
    harness.run();
    let project = &harness.state().session.ws.project;
    let added = project.document_by_name("interview-07.txt").expect("added");
    assert!(added.text.as_str().starts_with("Он уехал"));
    harness.get_by_label("interview-07.txt");
}

#[test]
fn a_clicked_coding_can_be_recoded_and_given_a_memo() {
    let (_dir, mut harness) = sample_harness();
    let (doc, range, id) = code_then_click_the_coding(&mut harness);
    harness.get_by_label("Coding memo").focus();
    harness
        .get_by_label("Coding memo")
        .type_text("cites the 2018 programme, compare 002");
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
    harness.get_by_label("Coded as").click();
    harness.run();
    harness
        .get_by_label("Recruitment channels/Prisons")
        .scroll_to_me();
    harness.run();
    harness.get_by_label("Recruitment channels/Prisons").click();
    harness.run();
    let project = &harness.state().session.ws.project;
    let segment = &project.segments[&id];
    assert_eq!((segment.document, segment.range()), (doc, range));
    assert_eq!(segment.memo, "cites the 2018 programme, compare 002");
    assert_eq!(
        project.code_path(segment.code),
        "Recruitment channels/Prisons"
    );
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let (_dir, mut harness) = sample_harness();
    select_in_004(&mut harness);
    harness.key_press(Key::Num2);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    harness.run();
    harness.get_by_label("Unsaved changes");
    // Cancel keeps everything as it was.
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Unsaved changes").is_none());
    assert!(harness.state().session.ws.is_dirty());
    // Asked again, "Discard changes" lets the window close.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    harness.run();
    harness.get_by_label("Discard changes").click();
    harness.run();
    assert!(harness.query_by_label("Unsaved changes").is_none());
    assert!(harness.state().close_allowed(), "the window may close now");
}

#[test]
fn alt_shift_arrows_resize_the_selected_coding() {
    let (_dir, mut harness) = sample_harness();
    let (_, range, id) = code_then_click_the_coding(&mut harness);
    assert_eq!(
        harness.state().session.ws.project.segments[&id].range(),
        range
    );
    let alt_shift = Modifiers::ALT | Modifiers::SHIFT;
    harness.key_press_modifiers(alt_shift, Key::ArrowRight);
    harness.run();
    harness.key_press_modifiers(alt_shift, Key::ArrowRight);
    harness.run();
    assert_eq!(
        harness.state().session.ws.project.segments[&id].range(),
        CharRange::new(range.start, range.end + 2)
    );
    harness.key_press_modifiers(alt_shift | Modifiers::COMMAND, Key::ArrowRight);
    harness.run();
    assert_eq!(
        harness.state().session.ws.project.segments[&id].range(),
        CharRange::new(range.start + 1, range.end + 2)
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().session.ws.project.segments[&id].range(),
        CharRange::new(range.start, range.end + 2)
    );
}

/// The conference volume cites sources in Arabic script and Russian: showing them must find a
/// glyph for every char (egui_kittest fails the test on a missing glyph).
#[test]
fn arabic_and_cyrillic_passages_render() {
    let (_dir, mut harness) = sample_harness();
    let project = harness.state().session.ws.project.clone();
    open_and_find(&mut harness, "001", "\\p{Arabic}+");
    harness.get_by_label("Regex").click();
    harness.run();
    harness.get_by_label("Next ›").click();
    harness.run();
    let hits = harness.state().session.find.hits.clone();
    assert!(!hits.is_empty(), "001 contains Arabic script");
    let doc = project.document(doc_id(&project, "001")).unwrap();
    let first = doc.text.slice(hits[0]).unwrap();
    assert!(first.chars().all(|c| ('\u{600}'..='\u{6FF}').contains(&c)));
    // The view scrolled to the first hit and drew it.
    let view = harness.state().session.focused_doc.unwrap();
    assert_eq!(view, doc.id);
}

/// Code a passage of 004, click the coding and type `memo` into its memo field, leaving the
/// field focused (nothing committed by focus loss yet).
fn type_a_coding_memo(harness: &mut Harness<'_, CodaApp>, memo: &str) -> coda::model::SegmentId {
    let (_, _, id) = code_then_click_the_coding(harness);
    harness.get_by_label("Coding memo").focus();
    harness.get_by_label("Coding memo").type_text(memo);
    harness.run();
    assert_eq!(
        harness.state().session.ws.project.segments[&id].memo,
        "",
        "not committed yet"
    );
    id
}

#[test]
fn a_memo_being_typed_survives_a_new_selection() {
    let (_dir, mut harness) = sample_harness();
    let id = type_a_coding_memo(&mut harness, "recruiter named");
    // The selection moves on without the field seeing its focus leave (in the real window, a
    // drag elsewhere did this): the coding's inspector is simply no longer drawn.
    harness.state_mut().session.selected_segment = None;
    harness.run();
    select_in_004(&mut harness);
    assert_eq!(
        harness.state().session.ws.project.segments[&id].memo,
        "recruiter named"
    );
    // One undo step takes the memo back, not the coding.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().session.ws.project.segments[&id].memo, "");
}

#[test]
fn ctrl_s_while_typing_saves_the_memo_being_typed() {
    let (dir, mut harness) = sample_harness();
    let path = dir.path().join("central-asia-cve.ron");
    let id = type_a_coding_memo(&mut harness, "check against interview 3");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = coda::io::project_file::load(&path).unwrap().project;
    assert_eq!(saved.segments[&id].memo, "check against interview 3");
    assert!(!harness.state().window_title().contains('•'));
}

#[test]
fn ctrl_s_while_typing_a_code_name_saves_the_new_name() {
    let (dir, mut harness) = sample_harness();
    let path = dir.path().join("central-asia-cve.ron");
    harness.get_by_label("Prisons").click();
    harness.run();
    let prisons = harness.state().session.selected_code.expect("selected");
    harness.get_by_label("Name").focus();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Name")
        .type_text("Prisons and detention");
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = coda::io::project_file::load(&path).unwrap().project;
    assert_eq!(saved.code(prisons).unwrap().name, "Prisons and detention");
    assert!(!harness.state().window_title().contains('•'));
}

#[test]
fn the_keyboard_scrolls_a_document() {
    let (_dir, mut harness) = sample_harness();
    let project = harness.state().session.ws.project.clone();
    let doc = doc_id(&project, "001");
    let name = doc_name(&project, "001");
    // Give the view the keyboard (a click in it, as a person would).
    let rect = view_rect(&harness, &name);
    harness
        .get_by_role_and_label(egui::accesskit::Role::Document, &name)
        .click();
    harness.run();
    let _ = rect;
    let at = |h: &Harness<'_, CodaApp>| h.state().session.first_visible_char(doc).unwrap();
    assert_eq!(at(&harness), 0);
    let mut last = 0;
    for _ in 0..3 {
        harness.key_press(Key::PageDown);
        harness.run();
        assert!(
            at(&harness) > last,
            "Page Down moves on: {} after {last}",
            at(&harness)
        );
        last = at(&harness);
    }
    harness.key_press(Key::PageUp);
    harness.run();
    assert!(at(&harness) < last, "Page Up moves back");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::End);
    harness.run();
    let len = project.document(doc).unwrap().text.char_len();
    assert!(
        at(&harness) > len * 9 / 10,
        "Ctrl+End reaches the end: {} of {len}",
        at(&harness)
    );
    harness.key_press(Key::Home);
    harness.run();
    assert_eq!(at(&harness), 0, "Home goes back to the top");
    for _ in 0..10 {
        harness.key_press(Key::ArrowDown);
        harness.run();
    }
    let after_arrows = at(&harness);
    assert!(after_arrows > 0, "arrows move on");
    assert!(after_arrows < last, "ten lines are less than three pages");
}

#[test]
fn the_selection_lets_a_codes_colour_show_through() {
    // Drawn over a code's tint, the selection must stay translucent, in both themes.
    for visuals in [egui::Visuals::light(), egui::Visuals::dark()] {
        let (fill, stroke) = coda::ui::document_view::selection_paint(&visuals);
        assert!(
            fill.a() <= 96,
            "the selection covers the code's colour: alpha {}",
            fill.a()
        );
        assert!(stroke.width > 0.0, "the selection is still outlined");
    }
}

#[test]
fn shift_arrows_pressed_and_released_within_one_frame_still_extend_the_selection() {
    let (_dir, mut harness) = sample_harness();
    let (_, range) = select_in_004(&mut harness);
    // Shift+Right three times in one frame, Shift already up when the frame runs (a fast
    // typist, or a screen reader's or a script's key events).
    for _ in 0..3 {
        harness.event(egui::Event::Key {
            key: Key::ArrowRight,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::SHIFT,
        });
    }
    harness.run();
    let sel = harness.state().session.selection.unwrap();
    assert_eq!(sel.range(), CharRange::new(range.start, range.end + 3));
}
