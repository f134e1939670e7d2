//! Find in the focused document (Ctrl+F): literal or regular expression, with or without case;
//! hits are highlighted, Next/Previous (Enter, Shift+Enter) walk them from the first, and "Code
//! all" codes every hit, or the word, sentence or paragraph around it, after a preview of the
//! passages, in one step.

use crate::analysis::passages::{self, Extent, KwicPart, Passage, keyword_in_context};
use crate::analysis::search::Query;
use crate::model::{CharRange, CodeId, CoderId, DocId, Project};
use crate::ui::actions::Action;
use crate::ui::app::FindState;
use crate::wording::plural;
use egui::Ui;
use egui::text::{LayoutJob, TextFormat};
use std::collections::HashSet;

/// Chars of text shown on each side of a hit in the preview.
const CONTEXT: usize = 40;
/// Height of the preview's list of passages.
const PREVIEW_HEIGHT: f32 = 180.0;

/// What a preview was computed from: the search (document and query), the extent, the code, the
/// coder and the number of codings (so that coding elsewhere refreshes what is left out).
type PreviewKey = ((DocId, Query), Extent, CodeId, Option<CoderId>, usize);

/// The passages "Code all" will code, shown before anything is coded.
#[derive(Default)]
pub struct CodeAllPreview {
    computed_for: Option<PreviewKey>,
    /// The passages to code: not yet coded identically by the current coder.
    passages: Vec<Passage>,
    /// Passages left out because they are coded so already.
    already_coded: usize,
    focus_confirm: bool,
}

impl CodeAllPreview {
    fn open() -> Self {
        Self {
            focus_confirm: true,
            ..Default::default()
        }
    }

    /// The passages that confirming codes.
    pub fn passages(&self) -> impl Iterator<Item = CharRange> + '_ {
        self.passages.iter().map(|p| p.range)
    }

    fn refresh(&mut self, project: &Project, find: &FindState, code: CodeId) {
        let Some(search) = find.computed_for.clone() else {
            return;
        };
        let coder = project.current_coder;
        let key = (search, find.extent, code, coder, project.segments.len());
        if self.computed_for.as_ref() == Some(&key) {
            return;
        }
        let doc = key.0.0;
        let all = project
            .document(doc)
            .map(|d| passages::passages(&d.text, &find.hits, find.extent))
            .unwrap_or_default();
        let coded: HashSet<CharRange> = project
            .segments_of_document(doc)
            .filter(|s| s.code == code && Some(s.coder) == coder)
            .map(|s| s.range())
            .collect();
        let total = all.len();
        self.passages = all
            .into_iter()
            .filter(|p| !coded.contains(&p.range))
            .collect();
        self.already_coded = total - self.passages.len();
        self.computed_for = Some(key);
    }
}

pub(crate) fn extent_label(extent: Extent) -> &'static str {
    match extent {
        Extent::Hit => "Hit only",
        Extent::Word => "Word",
        Extent::Sentence => "Sentence",
        Extent::Paragraph => "Paragraph",
    }
}

pub(crate) fn extent_tooltip(extent: Extent) -> &'static str {
    match extent {
        Extent::Hit => "Code exactly the text each hit matched",
        Extent::Word => "Code the whole word(s) each hit touches: “recruit” codes “recruitment”",
        Extent::Sentence => "Code the sentence(s) around each hit",
        Extent::Paragraph => "Code the paragraph(s) around each hit",
    }
}

pub fn show(
    ui: &mut Ui,
    project: &Project,
    doc: Option<DocId>,
    find: &mut FindState,
    actions: &mut Vec<Action>,
) {
    search_row(ui, project, doc, find);
    code_all_row(ui, project, find);
    if find.preview.is_some() {
        preview(ui, project, find, actions);
    }
    ui.separator();
}

fn search_row(ui: &mut Ui, project: &Project, doc: Option<DocId>, find: &mut FindState) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Find");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut find.query.pattern)
                    .desired_width(220.0)
                    .hint_text("text or pattern"),
            )
            .labelled_by(label.id)
            .on_hover_text("Enter: next hit, Shift+Enter: previous hit");
        if find.focus_field {
            field.request_focus();
            find.focus_field = false;
            // Ctrl+F starts over: a preview from before is not what the user looks at now.
            find.preview = None;
        }
        let (enter, shift) = ui.input(|i| (i.key_pressed(egui::Key::Enter), i.modifiers.shift));
        let enter = enter && field.lost_focus();
        ui.checkbox(&mut find.query.regex, "Regex");
        ui.checkbox(&mut find.query.case_sensitive, "Match case");
        ui.checkbox(&mut find.query.whole_word, "Whole word");
        let n = find.hits.len();
        let previous = ui
            .add_enabled(n > 0, egui::Button::new("‹ Previous"))
            .on_hover_text("The previous hit (Shift+Enter in the field)")
            .clicked();
        let next = ui
            .add_enabled(n > 0, egui::Button::new("Next ›"))
            .on_hover_text("The next hit (Enter in the field)")
            .clicked();
        if previous || enter && shift {
            step(ui, find, false);
        } else if next || enter {
            step(ui, find, true);
        }
        if enter {
            field.request_focus();
        }
        match (&find.error, doc.and_then(|d| project.document(d))) {
            (Some(error), _) => {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            (None, None) => {
                ui.label("Click in a document to search it");
            }
            (None, Some(d)) => {
                let found = match find.current {
                    Some(c) => format!("{} of {n} in {}", c + 1, d.name),
                    None => format!("{} in {}", plural(n, "hit", "hits"), d.name),
                };
                ui.label(found);
            }
        }
    });
}

/// Make the next (or previous) hit current, wrapping around; with no current hit, Next goes to
/// the first and Previous to the last.
fn step(ui: &Ui, find: &mut FindState, forward: bool) {
    let n = find.hits.len();
    if n == 0 {
        return;
    }
    find.current = Some(match (find.current, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(c), true) => (c + 1) % n,
        (Some(c), false) => (c + n - 1) % n,
    });
    // The app scrolls to the current hit at the start of the next frame: make sure it comes.
    find.reveal_current = true;
    ui.ctx().request_repaint();
}

/// "Code all hits with" and the list of codes to choose from (the find bar's and the search
/// pane's).
pub(crate) fn code_for_all_choice(
    ui: &mut Ui,
    project: &Project,
    id_salt: &str,
    choice: &mut Option<CodeId>,
) {
    let code_label = ui.label("Code all hits with");
    let name = choice
        .and_then(|c| project.code(c))
        .map_or("(choose a code)".to_string(), |c| project.code_path(c.id));
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(name)
        .width(200.0)
        .height(420.0)
        .show_ui(ui, |ui| {
            for code in &project.codes {
                ui.selectable_value(choice, Some(code.id), project.code_path(code.id));
            }
        })
        .response
        .labelled_by(code_label.id);
}

fn code_all_row(ui: &mut Ui, project: &Project, find: &mut FindState) {
    ui.horizontal_wrapped(|ui| {
        code_for_all_choice(ui, project, "find-code-all", &mut find.code_for_all);
        let can_code = !find.hits.is_empty() && find.code_for_all.is_some();
        if ui
            .add_enabled(can_code, egui::Button::new("Code all…"))
            .on_hover_text(
                "See the passages first, then code them all with the chosen code, as one step \
                 you can undo",
            )
            .clicked()
        {
            find.preview = Some(CodeAllPreview::open());
        }
        if ui
            .button("Close")
            .on_hover_text("Close the find bar (Esc)")
            .clicked()
        {
            find.open = false;
            find.preview = None;
        }
    });
}

/// How far to extend each hit, the passages "Code all" will code then (each clickable to show it
/// in the document), and the buttons that code them or cancel.
fn preview(ui: &mut Ui, project: &Project, find: &mut FindState, actions: &mut Vec<Action>) {
    let (Some(code), Some((doc, _))) = (find.code_for_all, find.computed_for.clone()) else {
        find.preview = None;
        return;
    };
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        find.preview = None;
        return;
    }
    let mut preview = find.preview.take().unwrap_or_default();
    let mut keep_open = true;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        preview.refresh(project, find, code);
        let code_name = project.code_path(code);
        let n = preview.passages.len();
        let mut summary = if find.hits.is_empty() {
            "No hits to code.".to_string()
        } else if n == 0 {
            format!("Every passage is already coded “{code_name}”.")
        } else {
            format!(
                "{} will be coded “{code_name}”.",
                plural(n, "passage", "passages")
            )
        };
        if preview.already_coded > 0 && n > 0 {
            summary.push_str(&format!(
                " {} already coded so {} left out.",
                plural(preview.already_coded, "passage", "passages"),
                if preview.already_coded == 1 {
                    "is"
                } else {
                    "are"
                }
            ));
        }
        if project.current_coder.is_none() {
            summary = "Add a coder first (Coder > Add Coder…)".into();
        }
        ui.label(summary);
        let text = project.document(doc).map(|d| &d.text);
        let row_height = ui.spacing().interact_size.y;
        egui::ScrollArea::vertical()
            .id_salt("code-all-preview")
            .max_height(PREVIEW_HEIGHT)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, n, |ui, rows| {
                let Some(text) = text else {
                    return;
                };
                for i in rows {
                    let passage = &preview.passages[i];
                    let Some(hit) = find.hits.get(passage.hits.start) else {
                        continue;
                    };
                    let job = preview_line(ui, text, i, passage, *hit);
                    if ui
                        .add(egui::Button::new(job).frame(false).truncate())
                        .on_hover_text("Show this passage in the document")
                        .clicked()
                    {
                        actions.push(Action::ShowPassage(doc, passage.range));
                    }
                }
            });
        ui.horizontal_wrapped(|ui| {
            // The choice sits just before the buttons, so Shift+Tab from "Code" reaches it.
            ui.label("Extend each hit to");
            for extent in Extent::ALL {
                let radio = ui
                    .radio_value(&mut find.extent, extent, extent_label(extent))
                    .on_hover_text(extent_tooltip(extent));
                if radio.changed() {
                    // The list above was drawn for the old choice: show the new one at once.
                    ui.ctx().request_repaint();
                }
            }
            ui.separator();
            let confirm = ui.add_enabled(
                n > 0 && project.current_coder.is_some(),
                egui::Button::new(format!("Code {}", plural(n, "passage", "passages"))),
            );
            if std::mem::take(&mut preview.focus_confirm) {
                confirm.request_focus();
            }
            if confirm.clicked() {
                actions.push(Action::CodeAllHits {
                    code,
                    passages: preview.passages().map(|r| (doc, r)).collect(),
                });
                keep_open = false;
            }
            if ui
                .button("Cancel")
                .on_hover_text("Code nothing (Esc)")
                .clicked()
            {
                keep_open = false;
            }
        });
    });
    if keep_open {
        find.preview = Some(preview);
    }
}

/// One passage of the preview: its number, the hit emphasised in its context, what extending
/// added in normal text, the rest dimmed, and how many hits it holds if more than one.
fn preview_line(
    ui: &Ui,
    text: &crate::model::Text,
    index: usize,
    passage: &Passage,
    hit: CharRange,
) -> LayoutJob {
    let visuals = ui.visuals();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let format = |color| TextFormat {
        font_id: font.clone(),
        color,
        ..Default::default()
    };
    let mut job = LayoutJob::default();
    job.append(
        &format!("{}. ", index + 1),
        0.0,
        format(visuals.weak_text_color()),
    );
    for (part, piece) in keyword_in_context(text, passage.range, hit, CONTEXT) {
        let piece_format = match part {
            KwicPart::Context => format(visuals.weak_text_color()),
            KwicPart::Passage => format(visuals.text_color()),
            KwicPart::Hit => TextFormat {
                background: visuals.selection.bg_fill,
                ..format(visuals.strong_text_color())
            },
        };
        job.append(&piece, 0.0, piece_format);
    }
    if passage.hits.len() > 1 {
        job.append(
            &format!("  ({})", plural(passage.hits.len(), "hit", "hits")),
            0.0,
            format(visuals.weak_text_color()),
        );
    }
    job
}
