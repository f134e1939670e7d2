//! The Search view: one query across every document of the project (Edit > Search Project…,
//! Ctrl+Shift+F). Hits are listed as keyword-in-context lines (document, left context, hit,
//! right context); a click or Enter on a line shows the hit in its document; "Code all" codes
//! every hit, or the word, sentence or paragraph around it, as one step.
//!
//! The filter bar limits the search to documents by name, group or variable condition (as
//! `coda search --document/--group/--where`). The search runs as a job on a snapshot of the
//! project (see `CodaApp::search_project`), so a large project never stalls the frame; the list
//! draws only the lines in sight.

use crate::analysis::filter::FilterSpec;
use crate::analysis::passages::{self, Extent};
use crate::analysis::search::{Hit, Query, kwic};
use crate::model::{CharRange, CodeId, CoderId, DocId, Project};
use crate::ui::actions::Action;
use crate::ui::filter_bar::{self, FilterBar};
use crate::ui::find_bar::{code_for_all_choice, extent_label, extent_tooltip};
use crate::wording::plural;
use egui::Ui;
use egui::text::{LayoutJob, TextFormat};
use std::collections::HashSet;

/// Chars of text shown on each side of a hit.
const CONTEXT: usize = 50;
/// Width of the document column of the list.
const DOCUMENT_WIDTH: f32 = 150.0;

/// What a search found.
pub struct SearchResults {
    pub query: Query,
    /// The documents searched: those this filter kept.
    pub spec: FilterSpec,
    /// The project's documents when it ran: a document added or removed since makes the
    /// results out of date.
    pub documents: Vec<DocId>,
    pub hits: Vec<Hit>,
    /// How many documents have a hit (counted once, not at every frame).
    pub documents_with_hits: usize,
}

/// The passages "Code all" would code, for one code and extent.
struct CodeAllPlan {
    /// Results, extent, code, coder and number of codings it was made for.
    key: (usize, Extent, CodeId, Option<CoderId>, usize),
    passages: Vec<(DocId, CharRange)>,
    documents: usize,
    already_coded: usize,
}

#[derive(Default)]
pub struct SearchState {
    /// What is typed and ticked.
    pub query: Query,
    /// Which documents are searched.
    pub filter: FilterBar,
    pub results: Option<SearchResults>,
    /// Each new result set gets a new number (so plans made for older ones are not reused).
    results_serial: usize,
    /// The search that is running.
    pub searching: Option<(Query, FilterSpec)>,
    pub error: Option<String>,
    /// Put the keyboard focus in the field at the next frame.
    pub focus_field: bool,
    pub code_for_all: Option<CodeId>,
    pub extent: Extent,
    plan: Option<CodeAllPlan>,
}

impl SearchState {
    /// Take the result of a search the window ran.
    pub fn finish(
        &mut self,
        query: Query,
        spec: FilterSpec,
        documents: Vec<DocId>,
        found: Result<Vec<Hit>, String>,
    ) {
        if self
            .searching
            .as_ref()
            .is_some_and(|(q, s)| *q == query && *s == spec)
        {
            self.searching = None;
        }
        match found {
            Ok(hits) => {
                self.error = None;
                self.results_serial += 1;
                // Hits come document by document: each run of one document is one document.
                let documents_with_hits = hits.chunk_by(|a, b| a.document == b.document).count();
                self.results = Some(SearchResults {
                    query,
                    spec,
                    documents,
                    hits,
                    documents_with_hits,
                });
            }
            Err(e) => self.error = Some(e),
        }
    }

    fn plan(&mut self, project: &Project, code: CodeId) -> Option<&CodeAllPlan> {
        let results = self.results.as_ref()?;
        let key = (
            self.results_serial,
            self.extent,
            code,
            project.current_coder,
            project.segments.len(),
        );
        if self.plan.as_ref().is_none_or(|p| p.key != key) {
            self.plan = Some(plan_code_all(project, results, self.extent, code, key));
        }
        self.plan.as_ref()
    }
}

/// The passages around `results`' hits, document by document, without those the current coder
/// already coded identically with `code`.
fn plan_code_all(
    project: &Project,
    results: &SearchResults,
    extent: Extent,
    code: CodeId,
    key: (usize, Extent, CodeId, Option<CoderId>, usize),
) -> CodeAllPlan {
    let coder = project.current_coder;
    let mut plan = CodeAllPlan {
        key,
        passages: Vec::new(),
        documents: 0,
        already_coded: 0,
    };
    for hits in results.hits.chunk_by(|a, b| a.document == b.document) {
        let doc = hits[0].document;
        let Some(document) = project.document(doc) else {
            continue;
        };
        let ranges: Vec<CharRange> = hits.iter().map(|h| h.range).collect();
        let coded: HashSet<CharRange> = project
            .segments_of_document(doc)
            .filter(|s| s.code == code && Some(s.coder) == coder)
            .map(|s| s.range())
            .collect();
        let before = plan.passages.len();
        for passage in passages::passages(&document.text, &ranges, extent) {
            if coded.contains(&passage.range) {
                plan.already_coded += 1;
            } else {
                plan.passages.push((doc, passage.range));
            }
        }
        if plan.passages.len() > before {
            plan.documents += 1;
        }
    }
    plan
}

pub fn show(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    state: &mut SearchState,
    actions: &mut Vec<Action>,
) {
    query_row(ui, project, revision, state, actions);
    if let Some(error) = &state.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    let Some(results) = &state.results else {
        if state.searching.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Searching…");
            });
        } else {
            ui.weak("Type what to find and press Enter: every document is searched.");
        }
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} for “{}” in {}",
            plural(results.hits.len(), "hit", "hits"),
            results.query.pattern,
            plural(results.documents_with_hits, "document", "documents")
        ));
        if let Some(filter) = filter_bar::describe(&results.spec) {
            ui.weak(format!("(only {filter})"));
        }
        if state.searching.is_some() {
            ui.spinner();
        } else if !results
            .documents
            .iter()
            .copied()
            .eq(project.documents.iter().map(|d| d.id))
        {
            ui.weak("Documents were added or removed since:");
            if ui
                .button("Search again")
                .on_hover_text("Run this search over the documents as they are now")
                .clicked()
            {
                let (query, spec) = (results.query.clone(), results.spec.clone());
                actions.push(Action::SearchProject(query, spec));
            }
        }
    });
    code_all_row(ui, project, state, actions);
    ui.separator();
    hit_list(ui, project, state, actions);
}

/// The query and the filter; a search when asked for, or when an option or the filter changed
/// after a search.
fn query_row(
    ui: &mut Ui,
    project: &Project,
    revision: u64,
    state: &mut SearchState,
    actions: &mut Vec<Action>,
) {
    let mut asked = false;
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Search the project");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.query.pattern)
                    .desired_width(240.0)
                    .hint_text("text or pattern"),
            )
            .labelled_by(label.id)
            .on_hover_text("Enter: search every document the filter keeps");
        if std::mem::take(&mut state.focus_field) {
            field.request_focus();
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        changed |= ui.checkbox(&mut state.query.regex, "Regex").changed();
        changed |= ui
            .checkbox(&mut state.query.case_sensitive, "Match case")
            .changed();
        changed |= ui
            .checkbox(&mut state.query.whole_word, "Whole word")
            .on_hover_text("Only hits that are not part of a longer word")
            .changed();
        let search = ui
            .add_enabled(!state.query.pattern.is_empty(), egui::Button::new("Search"))
            .on_hover_text("Search every document the filter keeps (Enter in the field)")
            .clicked();
        asked = enter || search;
        if enter {
            field.request_focus();
        }
    });
    let filter_changed = filter_bar::show(
        ui,
        project,
        revision,
        &mut state.filter,
        "search-filter",
        false,
    );
    // A changed option or filter searches again what was searched.
    let rerun = (changed || filter_changed) && state.results.is_some();
    let filter_applies = state.filter.filter(project, revision).is_ok();
    if (asked || rerun) && !state.query.pattern.is_empty() && filter_applies {
        let spec = state.filter.spec.clone();
        state.searching = Some((state.query.clone(), spec.clone()));
        actions.push(Action::SearchProject(state.query.clone(), spec));
    }
}

fn code_all_row(
    ui: &mut Ui,
    project: &Project,
    state: &mut SearchState,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        code_for_all_choice(ui, project, "search-code-all", &mut state.code_for_all);
        let extent_label_id = ui.label("extended to").id;
        egui::ComboBox::from_id_salt("search-extent")
            .selected_text(extent_label(state.extent))
            .show_ui(ui, |ui| {
                for extent in Extent::ALL {
                    ui.selectable_value(&mut state.extent, extent, extent_label(extent))
                        .on_hover_text(extent_tooltip(extent));
                }
            })
            .response
            .labelled_by(extent_label_id)
            .on_hover_text(extent_tooltip(state.extent));
        let Some(code) = state.code_for_all else {
            return;
        };
        let no_coder = project.current_coder.is_none();
        let extent = state.extent;
        let Some(plan) = state.plan(project, code) else {
            return;
        };
        let n = plan.passages.len();
        let button = egui::Button::new(if n == 0 && plan.already_coded > 0 {
            "Every hit is coded so already".to_string()
        } else {
            format!(
                "Code {} in {}",
                plural(n, "passage", "passages"),
                plural(plan.documents, "document", "documents")
            )
        });
        let mut tip = format!(
            "Code every listed hit{} with “{}” as one step you can undo",
            match extent {
                Extent::Hit => String::new(),
                other => format!(" ({})", extent_label(other).to_lowercase()),
            },
            project.code_path(code)
        );
        if plan.already_coded > 0 {
            tip.push_str(&format!(
                "; {} already coded so by you {} left out",
                plural(plan.already_coded, "passage", "passages"),
                if plan.already_coded == 1 { "is" } else { "are" }
            ));
        }
        if no_coder {
            tip = "Add a coder first (Coder > Add Coder…)".into();
        }
        if ui
            .add_enabled(n > 0 && !no_coder, button)
            .on_hover_text(tip)
            .on_disabled_hover_text("Nothing left to code with this code")
            .clicked()
        {
            actions.push(Action::CodeAllHits {
                code,
                passages: plan.passages.clone(),
            });
        }
    });
}

/// The hits as keyword-in-context lines, only those in sight laid out.
fn hit_list(ui: &mut Ui, project: &Project, state: &SearchState, actions: &mut Vec<Action>) {
    let Some(results) = &state.results else {
        return;
    };
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("search-hits")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, results.hits.len(), |ui, rows| {
            for hit in &results.hits[rows] {
                let Some(doc) = project.document(hit.document) else {
                    continue;
                };
                let line = kwic(&doc.text, hit.range, CONTEXT);
                ui.horizontal(|ui| {
                    ui.add_sized(
                        [DOCUMENT_WIDTH, row_height],
                        egui::Label::new(egui::RichText::new(&doc.name).weak()).truncate(),
                    )
                    .on_hover_text(format!("{} at {}", doc.name, hit.range.start));
                    let job = kwic_job(ui, &line);
                    let line = ui
                        .add(egui::Button::new(job).frame(false).truncate())
                        .on_hover_text("Show this hit in its document");
                    if line.has_focus() {
                        // A frameless button shows no focus of its own: the keyboard user
                        // must see which line Enter will show.
                        ui.painter().rect_stroke(
                            line.rect.expand(1.0),
                            2.0,
                            ui.visuals().selection.stroke,
                            egui::StrokeKind::Outside,
                        );
                    }
                    if line.clicked() {
                        actions.push(Action::ShowPassage(hit.document, hit.range));
                    }
                });
            }
        });
}

fn kwic_job(ui: &Ui, line: &crate::analysis::search::Kwic) -> LayoutJob {
    let body = egui::TextStyle::Body.resolve(ui.style());
    let plain = TextFormat {
        font_id: body.clone(),
        color: ui.visuals().weak_text_color(),
        ..Default::default()
    };
    let hit = TextFormat {
        font_id: body,
        color: ui.visuals().strong_text_color(),
        background: ui.visuals().selection.bg_fill.gamma_multiply(0.5),
        ..Default::default()
    };
    let mut job = LayoutJob::default();
    job.append(&line.left, 0.0, plain.clone());
    job.append(&line.hit, 0.0, hit);
    job.append(&line.right, 0.0, plain);
    job
}
