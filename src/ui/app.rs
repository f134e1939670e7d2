//! The Coda window: panels around a tiled area of document panes. Reads the project during the
//! frame, queues [`Action`]s, and applies them at the end of the frame through the workspace's
//! one edit path.

use crate::analysis::search::{self, Query};
use crate::io::codings_csv;
use crate::io::import::{ImportOptions, Reflow, import_document};
use crate::io::project_file::ProjectFileError;
use crate::io::reflow::detect_wrap_width;
use crate::io::safe_write::write_output;
use crate::model::{CharRange, Code, CodeId, Coder, CoderId, DocId, Project, Segment, SegmentId};
use crate::ops::Edit;
use crate::ui::actions::Action;
use crate::ui::commands::Command;
use crate::ui::dialogs::FileDialogs;
use crate::ui::document_view::{TextSelection, ViewCaches, ViewEvent};
use crate::ui::modals::Modal;
use crate::ui::panes::Panes;
use crate::ui::settings::{DEFAULT_TEXT_SIZE, Pane, STORAGE_KEY, Settings};
use crate::ui::workspace::{DiskMerge, Workspace};
use crate::ui::{
    codebook_panel, coding_inspector, compare_panel, documents_panel, find_bar, fonts, menu,
    merge_dialog, modals, quick_pick, retrieval_panel,
};
use crate::wording::plural;
use egui::Ui;
use std::path::{Path, PathBuf};

/// How long a jumped-to passage flashes, in seconds.
const FLASH_SECONDS: f64 = 1.5;

/// The find bar's state: the query, its hits in the focused document, the current hit.
#[derive(Default)]
pub struct FindState {
    pub open: bool,
    pub query: Query,
    pub hits: Vec<CharRange>,
    pub current: Option<usize>,
    pub error: Option<String>,
    /// What the hits were computed for: (document, revision, query).
    pub computed_for: Option<(DocId, Query)>,
    pub focus_field: bool,
    pub code_for_all: Option<CodeId>,
}

pub struct CodaApp {
    pub ws: Workspace,
    pub settings: Settings,
    pub tree: egui_tiles::Tree<Pane>,
    pub selection: Option<TextSelection>,
    pub selected_segment: Option<SegmentId>,
    pub selected_code: Option<CodeId>,
    /// The document pane last clicked: Find and quick pick act on it.
    pub focused_doc: Option<DocId>,
    pub find: FindState,
    pub quick_pick: Option<quick_pick::QuickPick>,
    pub modal: Option<Modal>,
    /// The last message for the status bar.
    pub status: String,
    documents: documents_panel::DocumentsState,
    pub codebook: codebook_panel::CodebookState,
    inspector: coding_inspector::InspectorState,
    pub retrieval: retrieval_panel::RetrievalState,
    pub compare: compare_panel::CompareState,
    pub merge_dialog: Option<merge_dialog::MergeDialog>,
    flash: Option<(DocId, CharRange, f64)>,
    scroll_to: Option<(DocId, usize)>,
    views: ViewCaches,
    actions: Vec<Action>,
    dialogs: Box<dyn FileDialogs>,
    fonts_installed: bool,
    last_title: String,
    /// Set once the user has chosen to close despite unsaved changes (or saved them).
    close_allowed: bool,
    quit_requested: bool,
}

/// A new, empty project with one coder (named after the user account), who is current.
fn new_project() -> Project {
    let mut project = Project::new("Untitled project");
    let name = std::env::var("USER")
        .ok()
        .filter(|n| !n.trim().is_empty() && n != "root")
        .unwrap_or_else(|| "Coder 1".into());
    let coder = Coder {
        id: CoderId::new(),
        name,
    };
    project.current_coder = Some(coder.id);
    project.coders.push(coder);
    project
}

fn empty_tree() -> egui_tiles::Tree<Pane> {
    egui_tiles::Tree::new_horizontal(egui::Id::unique("documents"), Vec::new())
}

impl CodaApp {
    pub fn new(ws: Workspace, settings: Settings, dialogs: Box<dyn FileDialogs>) -> Self {
        let mut app = Self {
            ws,
            settings,
            tree: empty_tree(),
            selection: None,
            selected_segment: None,
            selected_code: None,
            focused_doc: None,
            find: FindState::default(),
            quick_pick: None,
            modal: None,
            status: String::new(),
            documents: Default::default(),
            codebook: Default::default(),
            inspector: Default::default(),
            retrieval: Default::default(),
            compare: Default::default(),
            merge_dialog: None,
            flash: None,
            scroll_to: None,
            views: ViewCaches::default(),
            actions: Vec::new(),
            dialogs,
            fonts_installed: false,
            last_title: String::new(),
            close_allowed: false,
            quit_requested: false,
        };
        app.restore_layout();
        app
    }

    /// For eframe: restore settings, then open `path`, else the most recent project, else the
    /// bundled sample project.
    pub fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        path: Option<PathBuf>,
        sample: Option<PathBuf>,
    ) -> Self {
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, STORAGE_KEY))
            .unwrap_or_default();
        let mut status = String::new();
        let mut refused = None;
        let mut workspace = None;
        if let Some(path) = path {
            // The file asked for, or a clear "no" (locked, damaged…): never another file instead.
            match Workspace::open(&path) {
                Ok(ws) => workspace = Some(ws),
                Err(e) => refused = Some(e.to_string()),
            }
        } else {
            for candidate in settings.most_recent_existing().into_iter().chain(sample) {
                match Workspace::open(&candidate) {
                    Ok(ws) => {
                        workspace = Some(ws);
                        break;
                    }
                    Err(e) => status = e.to_string(),
                }
            }
        }
        let ws = workspace.unwrap_or_else(|| Workspace::new(new_project(), None));
        let mut app = Self::new(ws, settings, Box::new(crate::ui::dialogs::NativeDialogs));
        if let Some(path) = app.ws.path.clone() {
            app.settings.remember_recent(&path);
        }
        if !app.ws.repairs.is_empty() {
            status = format!(
                "Repaired (saved at the next save): {}",
                app.ws.repairs.join("; ")
            );
        }
        app.status = status;
        app.modal = refused.map(Modal::Error);
        app
    }

    fn restore_layout(&mut self) {
        let project = &self.ws.project;
        let restored = self
            .ws
            .path
            .as_deref()
            .and_then(|p| self.settings.layout_for(p))
            .cloned();
        self.tree = match restored {
            Some(mut tree) => {
                // Drop panes of documents that are no longer in the project.
                let gone: Vec<_> = tree
                    .tiles
                    .iter()
                    .filter_map(|(id, tile)| match tile {
                        egui_tiles::Tile::Pane(Pane::Document(doc))
                            if project.document(*doc).is_none() =>
                        {
                            Some(*id)
                        }
                        _ => None,
                    })
                    .collect();
                for id in gone {
                    tree.remove_recursively(id);
                }
                tree
            }
            None => {
                // First time: the first two documents side by side.
                let panes = project
                    .documents
                    .iter()
                    .take(2)
                    .map(|d| Pane::Document(d.id))
                    .collect();
                egui_tiles::Tree::new_horizontal(egui::Id::unique("documents"), panes)
            }
        };
        if self.tree.root().is_none() {
            self.tree = empty_tree();
        }
        self.focused_doc = self.open_documents().first().copied();
    }

    /// Documents shown in panes, in tile order.
    pub fn open_documents(&self) -> Vec<DocId> {
        let mut docs: Vec<(egui_tiles::TileId, DocId)> = self
            .tree
            .tiles
            .iter()
            .filter_map(|(id, tile)| match tile {
                egui_tiles::Tile::Pane(Pane::Document(doc)) => Some((*id, *doc)),
                _ => None,
            })
            .collect();
        docs.sort_by_key(|(id, _)| id.0);
        docs.into_iter().map(|(_, d)| d).collect()
    }

    /// The first char in view in `doc`'s pane, once it has been shown.
    pub fn first_visible_char(&self, doc: DocId) -> Option<usize> {
        self.views.first_visible_char(doc)
    }

    /// The view of `doc`'s pane (what is in view, how far it is scrolled), once it has been shown.
    pub fn document_view(&self, doc: DocId) -> Option<&crate::ui::document_view::DocViewCache> {
        self.views.view(doc)
    }

    pub fn window_title(&self) -> String {
        let coder = self
            .ws
            .project
            .current_coder
            .and_then(|id| self.ws.project.coder(id))
            .map_or("no coder", |c| c.name.as_str());
        let dirty = if self.ws.is_dirty() { " •" } else { "" };
        format!("{}{dirty} — {coder} — Coda", self.ws.display_name())
    }

    /// Whether the user has agreed to close the window despite unsaved changes.
    pub fn close_allowed(&self) -> bool {
        self.close_allowed
    }

    pub fn queue(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// One frame of the whole window.
    pub fn frame(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            fonts::install(&ctx);
            self.fonts_installed = true;
        }
        ctx.set_theme(if self.settings.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        self.handle_window_input(&ctx);

        let title = self.window_title();
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }

        egui::Panel::top("menu-bar").show(ui, |ui| menu::menu_bar(ui, self));
        egui::Panel::bottom("status-bar").show(ui, |ui| self.status_bar(ui));
        if self.settings.show_documents {
            egui::Panel::left("documents-panel")
                .resizable(true)
                .default_size(220.0)
                .show(ui, |ui| {
                    let open = self.open_documents();
                    documents_panel::show(
                        ui,
                        &self.ws.project,
                        self.ws.revision,
                        &mut self.documents,
                        &open,
                        self.focused_doc,
                        &mut self.actions,
                    )
                });
        }
        if self.settings.show_codebook {
            egui::Panel::right("codebook-panel")
                .resizable(true)
                .default_size(320.0)
                .show(ui, |ui| {
                    if let Some(id) = self.selected_segment {
                        coding_inspector::show(
                            ui,
                            &self.ws.project,
                            id,
                            &mut self.inspector,
                            &mut self.actions,
                        );
                    }
                    codebook_panel::show(
                        ui,
                        &self.ws.project,
                        &mut self.codebook,
                        self.selected_code,
                        self.selection.is_some_and(|s| !s.range().is_empty()),
                        self.ws.revision,
                        &mut self.actions,
                    )
                });
        }
        if self.settings.show_retrieval {
            egui::Panel::bottom("retrieval-panel")
                .resizable(true)
                .default_size(200.0)
                .show(ui, |ui| {
                    retrieval_panel::show(
                        ui,
                        &self.ws.project,
                        self.ws.revision,
                        self.selected_code,
                        &mut self.retrieval,
                        self.dialogs.as_mut(),
                        &mut self.actions,
                        &mut self.status,
                    )
                });
        }
        if self.compare.open {
            egui::Panel::bottom("compare-panel")
                .resizable(true)
                .default_size(380.0)
                .show(ui, |ui| {
                    compare_panel::show(
                        ui,
                        &self.ws.project,
                        self.ws.revision,
                        &mut self.compare,
                        self.dialogs.as_mut(),
                        &mut self.actions,
                        &mut self.status,
                    )
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.find.open {
                self.update_find_hits();
                find_bar::show(
                    ui,
                    &self.ws.project,
                    self.focused_doc,
                    &mut self.find,
                    &mut self.actions,
                );
            }
            self.documents_area(ui);
        });

        if let Some(pick) = &mut self.quick_pick
            && quick_pick::show(&ctx, pick, &self.ws.project, &mut self.actions)
        {
            self.quick_pick = None;
        }
        if let Some(dialog) = &mut self.merge_dialog {
            match merge_dialog::show(&ctx, dialog, self.dialogs.as_mut()) {
                merge_dialog::Outcome::Keep => {}
                merge_dialog::Outcome::Close => self.merge_dialog = None,
                merge_dialog::Outcome::Merged(project, purpose) => {
                    self.open_merged(*project, purpose)
                }
            }
        }
        if let Some(modal) = self.modal.take() {
            let (still_open, outcome) = modals::show(&ctx, modal, &self.ws.project);
            self.modal = still_open;
            if let Some(outcome) = outcome {
                self.modal_outcome(outcome);
            }
        }
        self.apply_actions(&ctx);
        if self.quit_requested {
            self.quit_requested = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if self
            .flash
            .is_some_and(|(_, _, t)| ctx.input(|i| i.time) - t < FLASH_SECONDS)
        {
            ctx.request_repaint();
        }
    }

    fn status_bar(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let project = &self.ws.project;
            let coder = project.current_coder.and_then(|id| project.coder(id));
            ui.label(format!(
                "Coder: {}",
                coder.map_or("none", |c| c.name.as_str())
            ));
            ui.separator();
            if let Some(sel) = self.selection.filter(|s| !s.range().is_empty())
                && let Some(doc) = project.document(sel.doc)
            {
                let r = sel.range();
                ui.label(format!(
                    "Selected {}–{} ({} chars) in {}",
                    r.start,
                    r.end,
                    r.len(),
                    doc.name
                ));
                ui.separator();
            }
            if let Some(seg) = self
                .selected_segment
                .and_then(|id| project.segments.get(&id))
            {
                ui.label(format!(
                    "Coding: {} {}–{}",
                    project.code_path(seg.code),
                    seg.start,
                    seg.end
                ));
                ui.separator();
            }
            ui.label(&self.status);
        });
    }

    fn documents_area(&mut self, ui: &mut Ui) {
        let now = ui.input(|i| i.time);
        let flash = self.flash.and_then(|(doc, range, t)| {
            let age = now - t;
            (age < FLASH_SECONDS).then_some((doc, range, (1.0 - age / FLASH_SECONDS) as f32))
        });
        if self.tree.tiles.is_empty() || self.open_documents().is_empty() {
            ui.centered_and_justified(|ui| {
                ui.label("Open a document from the list on the left, or add documents with File > Add Documents… (or drop files here).");
            });
            return;
        }
        let overlay = self.compare.overlay(&self.ws.project);
        let mut behavior = Panes {
            overlay: overlay.as_ref().map(|(_, o)| o),
            overlay_doc: overlay.as_ref().map(|(d, _)| *d),
            project: &self.ws.project,
            revision: self.ws.revision,
            text_size: self.settings.text_size,
            views: &mut self.views,
            selection: &mut self.selection,
            selected_segment: &mut self.selected_segment,
            find: &self.find,
            focused_doc: self.focused_doc,
            flash,
            scroll_to: self.scroll_to.take(),
            events: Vec::new(),
            closed: Vec::new(),
        };
        self.tree.ui(&mut behavior, ui);
        let Panes { events, closed, .. } = behavior;
        for (doc, event) in events {
            match event {
                ViewEvent::Focused => self.focused_doc = Some(doc),
                ViewEvent::Resize(id, range) => self.actions.push(Action::ResizeSegment(id, range)),
            }
        }
        if !closed.is_empty() && self.focused_doc.is_some_and(|d| closed.contains(&d)) {
            self.focused_doc = self.open_documents().first().copied();
        }
    }

    fn update_find_hits(&mut self) {
        let Some(doc_id) = self.focused_doc else {
            self.find.hits.clear();
            return;
        };
        let key = (doc_id, self.find.query.clone());
        if self.find.computed_for.as_ref() == Some(&key) {
            return;
        }
        let Some(doc) = self.ws.project.document(doc_id) else {
            return;
        };
        match search::find_all(&doc.text, &self.find.query) {
            Ok(hits) => {
                self.find.current = (!hits.is_empty()).then_some(0);
                if let Some(first) = hits.first() {
                    self.scroll_to = Some((doc_id, first.start));
                }
                self.find.hits = hits;
                self.find.error = None;
            }
            Err(e) => {
                self.find.hits.clear();
                self.find.current = None;
                self.find.error = Some(e.to_string());
            }
        }
        self.find.computed_for = Some(key);
    }

    fn handle_window_input(&mut self, ctx: &egui::Context) {
        // Files dropped on the window are added as documents.
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            self.actions.push(Action::AddDocumentsFrom(dropped));
        }
        let typing = ctx.text_edit_focused() || self.modal.is_some() || self.quick_pick.is_some();
        // More specific shortcuts first: egui matches Ctrl+Z inside Ctrl+Shift+Z.
        let mut shortcuts: Vec<(Command, egui::KeyboardShortcut)> = Command::ALL
            .iter()
            .flat_map(|c| c.shortcuts().into_iter().map(move |s| (*c, s)))
            .collect();
        shortcuts.sort_by_key(|(_, s)| {
            std::cmp::Reverse(
                s.modifiers.shift as u8 + s.modifiers.alt as u8 + s.modifiers.command as u8,
            )
        });
        for (command, shortcut) in shortcuts {
            let text_edit_owns_it = typing
                && (matches!(
                    command,
                    Command::Undo | Command::Redo | Command::DeleteSegment
                ) || shortcut.modifiers.is_none());
            if !text_edit_owns_it && ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.actions.push(Action::Run(command));
            }
        }
        if !typing {
            // Hotkeys 1–9 apply their code to the selection; Escape clears it.
            let pressed: Option<u8> = ctx.input(|i| {
                let keys = [
                    egui::Key::Num1,
                    egui::Key::Num2,
                    egui::Key::Num3,
                    egui::Key::Num4,
                    egui::Key::Num5,
                    egui::Key::Num6,
                    egui::Key::Num7,
                    egui::Key::Num8,
                    egui::Key::Num9,
                ];
                if i.modifiers.any() {
                    return None;
                }
                keys.iter()
                    .position(|k| i.key_pressed(*k))
                    .map(|p| p as u8 + 1)
            });
            if let Some(key) = pressed {
                match self.ws.project.code_with_hotkey(key) {
                    Some(code) => self.actions.push(Action::ApplyCode(code.id)),
                    None => self.status = format!("No code has hotkey {key}"),
                }
            }
            if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
                self.selection = None;
                self.selected_segment = None;
                self.find.open = false;
            }
        }
        if ctx.input(|i| i.viewport().close_requested()) {
            self.commit_drafts();
        }
        if ctx.input(|i| i.viewport().close_requested())
            && self.ws.is_dirty()
            && !self.close_allowed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::UnsavedChanges(modals::AfterSave::Quit));
        }
    }

    fn apply_actions(&mut self, ctx: &egui::Context) {
        let actions = std::mem::take(&mut self.actions);
        for action in actions {
            self.apply_action(ctx, action);
        }
        // A field whose coding or code is no longer the one shown will never see its focus
        // leave: what was typed in it is committed now, not lost.
        if self.inspector.draft_for().is_some()
            && self.inspector.draft_for() != self.selected_segment
        {
            self.commit_drafts();
        }
        if self.codebook.draft_code().is_some() && self.codebook.draft_code() != self.selected_code
        {
            self.commit_drafts();
        }
        let project = &self.ws.project;
        if self
            .selected_segment
            .is_some_and(|id| !project.segments.contains_key(&id))
        {
            self.selected_segment = None;
        }
        if self
            .selected_code
            .is_some_and(|id| project.code(id).is_none())
        {
            self.selected_code = None;
        }
        if self
            .selection
            .is_some_and(|s| project.document(s.doc).is_none())
        {
            self.selection = None;
        }
    }

    /// Commit what is typed in any text field (a coding's memo, a code's name, description,
    /// criteria or memo) as one undo step. Runs before every command (save, close, open…) and
    /// when the field's coding or code stops being the one shown, so no keystroke is lost.
    fn commit_drafts(&mut self) {
        let mut edits: Vec<Edit> = self
            .inspector
            .pending_edit(&self.ws.project)
            .into_iter()
            .collect();
        edits.extend(self.codebook.pending_edits(&self.ws.project));
        self.inspector.forget();
        self.codebook.forget_drafts();
        match edits.len() {
            0 => {}
            1 => {
                let edit = edits.pop().expect("one edit");
                self.edit(edit, "Edit text");
            }
            _ => {
                self.edit(Edit::Batch(edits), "Edit text");
            }
        }
    }

    fn edit(&mut self, edit: Edit, label: impl Into<String>) -> bool {
        let label = label.into();
        match self.ws.apply(edit, label.clone()) {
            Ok(()) => {
                self.status = format!("{label} (Ctrl+Z undoes it)");
                true
            }
            Err(e) => {
                self.status = format!("Could not {}: {e}", label.to_lowercase());
                false
            }
        }
    }

    fn new_segment(&self, doc: DocId, range: CharRange, code: CodeId, coder: CoderId) -> Segment {
        Segment {
            id: SegmentId::new(),
            document: doc,
            start: range.start,
            end: range.end,
            code,
            coder,
            created: crate::clock::now_rfc3339(),
            memo: String::new(),
        }
    }

    /// The non-empty selection and the current coder, or a status message saying what is missing.
    fn coding_target(&mut self) -> Option<(DocId, CharRange, CoderId)> {
        let Some(sel) = self.selection.filter(|s| !s.range().is_empty()) else {
            self.status = "Select a passage first (drag across the text)".into();
            return None;
        };
        let Some(coder) = self.ws.project.current_coder else {
            self.status = "Add a coder first (Coder > Add Coder…)".into();
            return None;
        };
        Some((sel.doc, sel.range(), coder))
    }

    fn apply_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Run(command) => self.run_command(ctx, command),
            Action::Edit { edit, label } => {
                self.edit(edit, label);
            }
            Action::ApplyCode(code) => {
                let Some((doc, range, coder)) = self.coding_target() else {
                    return;
                };
                let name = self.ws.project.code_path(code);
                if self
                    .ws
                    .project
                    .find_identical_segment(doc, range, code, coder)
                    .is_some()
                {
                    self.status = format!("This passage is already coded “{name}”");
                    return;
                }
                let segment = self.new_segment(doc, range, code, coder);
                self.edit(
                    Edit::InsertSegment(Box::new(segment)),
                    format!("Code with “{name}”"),
                );
                self.selected_code = Some(code);
            }
            Action::CreateCodeAndApply(name) => {
                let Some((doc, range, coder)) = self.coding_target() else {
                    return;
                };
                let code = Code::new(name.trim(), None, self.ws.project.next_free_color());
                let code_id = code.id;
                let segment = self.new_segment(doc, range, code_id, coder);
                let batch = Edit::Batch(vec![
                    Edit::InsertCode {
                        index: self.ws.project.codes.len(),
                        code: Box::new(code),
                    },
                    Edit::InsertSegment(Box::new(segment)),
                ]);
                if self.edit(batch, format!("New code “{}”", name.trim())) {
                    self.selected_code = Some(code_id);
                }
            }
            Action::CodeAllHits(code) => {
                let (Some(doc), Some(coder)) = (self.focused_doc, self.ws.project.current_coder)
                else {
                    self.status = "Add a coder first (Coder > Add Coder…)".into();
                    return;
                };
                let segments: Vec<Edit> = self
                    .find
                    .hits
                    .iter()
                    .filter(|r| {
                        self.ws
                            .project
                            .find_identical_segment(doc, **r, code, coder)
                            .is_none()
                    })
                    .map(|r| Edit::InsertSegment(Box::new(self.new_segment(doc, *r, code, coder))))
                    .collect();
                let n = segments.len();
                if n == 0 {
                    self.status = "Every hit is already coded with that code".into();
                    return;
                }
                let name = self.ws.project.code_path(code);
                self.edit(
                    Edit::Batch(segments),
                    format!("Code {} with “{name}”", plural(n, "hit", "hits")),
                );
                self.selected_code = Some(code);
            }
            Action::OpenDocument(doc) => self.open_document(doc),
            Action::OpenDocumentBeside(doc) => self.open_document_beside(doc),
            Action::CloseDocument(doc) => {
                if let Some(tile) = self.tree.tiles.find_pane(&Pane::Document(doc)) {
                    self.tree.remove_recursively(tile);
                }
            }
            Action::JumpToSegment(id) => {
                let Some(segment) = self.ws.project.segments.get(&id).cloned() else {
                    return;
                };
                self.open_document(segment.document);
                self.selected_segment = Some(id);
                self.selection = Some(TextSelection {
                    doc: segment.document,
                    anchor: segment.start,
                    head: segment.start,
                });
                self.scroll_to = Some((segment.document, segment.start));
                self.flash = Some((segment.document, segment.range(), ctx.input(|i| i.time)));
            }
            Action::ShowPassage(doc, range) => {
                self.open_document(doc);
                self.focused_doc = Some(doc);
                self.scroll_to = Some((doc, range.start));
                self.flash = Some((doc, range, ctx.input(|i| i.time)));
            }
            Action::CodeAsConsensus(doc, range) => self.code_as_consensus(doc, range),
            Action::Status(message) => self.status = message,
            Action::SelectCode(code) => self.selected_code = code,
            Action::SelectSegment(id) => self.selected_segment = Some(id),
            Action::SetCurrentCoder(id) => {
                let name = self
                    .ws
                    .project
                    .coder(id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                self.edit(
                    Edit::SetCurrentCoder(Some(id)),
                    format!("Switch to coder {name}"),
                );
            }
            Action::AddCoder(name) => {
                let coder = Coder {
                    id: CoderId::new(),
                    name: name.trim().to_string(),
                };
                let id = coder.id;
                let edit = Edit::Batch(vec![
                    Edit::InsertCoder {
                        index: self.ws.project.coders.len(),
                        coder,
                    },
                    Edit::SetCurrentCoder(Some(id)),
                ]);
                self.edit(edit, format!("Add coder {}", name.trim()));
            }
            Action::OpenProject(path) => self.open_project(&path),
            Action::AddDocumentsFrom(paths) => self.add_documents(paths, Reflow::Suggest),
            Action::ResizeSegment(id, range) => {
                self.edit(Edit::ResizeSegment { id, range }, "Resize coding");
            }
            Action::AddCode { parent } => {
                let siblings: Vec<&str> = self
                    .ws
                    .project
                    .children(parent)
                    .map(|c| c.name.as_str())
                    .collect();
                let name = (1..)
                    .map(|n| {
                        if n == 1 {
                            "New code".to_string()
                        } else {
                            format!("New code {n}")
                        }
                    })
                    .find(|n| !siblings.contains(&n.as_str()))
                    .expect("some name is free");
                let code = Code::new(name.clone(), parent, self.ws.project.next_free_color());
                let id = code.id;
                // A subcode goes right after its parent's last descendant, a top-level code last.
                let index = parent
                    .map(|p| {
                        let subtree = self.ws.project.subtree(p);
                        subtree
                            .iter()
                            .filter_map(|c| self.ws.project.code_index(*c))
                            .max()
                            .unwrap_or(0)
                            + 1
                    })
                    .unwrap_or(self.ws.project.codes.len());
                if self.edit(
                    Edit::InsertCode {
                        index,
                        code: Box::new(code),
                    },
                    format!("Add code “{name}”"),
                ) {
                    self.selected_code = Some(id);
                    self.codebook.rename_focus = Some(id);
                }
            }
            Action::ConfirmDeleteCode(id) => self.modal = Some(Modal::DeleteCode(id)),
        }
    }

    /// Show `doc`: its pane if it has one; else in the focused document pane, which then shows
    /// it instead (as a document browser does); else, with no document pane, in a new one.
    fn open_document(&mut self, doc: DocId) {
        if self.ws.project.document(doc).is_none() || self.focus_document_pane(doc) {
            return;
        }
        let pane = Pane::Document(doc);
        let shown_tile = self
            .focused_doc
            .or_else(|| self.open_documents().first().copied())
            .and_then(|shown| self.tree.tiles.find_pane(&Pane::Document(shown)));
        match shown_tile.and_then(|tile| self.tree.tiles.get_mut(tile)) {
            Some(egui_tiles::Tile::Pane(shown)) => *shown = pane,
            _ => self.add_document_pane(pane),
        }
        self.focus_document_pane(doc);
    }

    /// Show `doc` in a pane of its own beside the others (or focus the pane it has).
    fn open_document_beside(&mut self, doc: DocId) {
        if self.ws.project.document(doc).is_none() || self.focus_document_pane(doc) {
            return;
        }
        self.add_document_pane(Pane::Document(doc));
        self.focus_document_pane(doc);
    }

    /// Make `doc`'s pane the active one, if it has a pane; whether it has.
    fn focus_document_pane(&mut self, doc: DocId) -> bool {
        let pane = Pane::Document(doc);
        if self.tree.tiles.find_pane(&pane).is_none() {
            return false;
        }
        self.tree
            .make_active(|_, tile| matches!(tile, egui_tiles::Tile::Pane(p) if *p == pane));
        self.focused_doc = Some(doc);
        true
    }

    /// A new pane in the horizontal row of panes, or in a new row around whatever layout the
    /// user made.
    fn add_document_pane(&mut self, pane: Pane) {
        let tile = self.tree.tiles.insert_pane(pane);
        let root = self.tree.root();
        let root_is_row = root.and_then(|r| self.tree.tiles.get(r)).is_some_and(|t| {
            matches!(t, egui_tiles::Tile::Container(egui_tiles::Container::Linear(l)) if l.dir == egui_tiles::LinearDir::Horizontal)
        });
        match root {
            Some(root) if root_is_row => {
                if let Some(egui_tiles::Tile::Container(row)) = self.tree.tiles.get_mut(root) {
                    row.add_child(tile);
                }
            }
            Some(root) => {
                self.tree.root = Some(self.tree.tiles.insert_horizontal_tile(vec![root, tile]))
            }
            None => self.tree.root = Some(self.tree.tiles.insert_horizontal_tile(vec![tile])),
        }
    }

    /// Store what should survive this session (the layout of this project's panes).
    pub fn persist_settings(&mut self) {
        self.remember_layout();
    }

    fn remember_layout(&mut self) {
        if let Some(path) = self.ws.path.clone() {
            self.settings.store_layout(&path, &self.tree);
        }
    }

    pub fn open_project(&mut self, path: &Path) {
        match Workspace::open(path) {
            Ok(ws) => {
                let repairs = ws.repairs.clone();
                self.remember_layout();
                self.ws = ws;
                self.settings.remember_recent(path);
                self.selection = None;
                self.selected_segment = None;
                self.selected_code = None;
                self.find = FindState::default();
                self.views = ViewCaches::default();
                self.restore_layout();
                self.status = if repairs.is_empty() {
                    format!("Opened {}", path.display())
                } else {
                    format!(
                        "Opened {}; repaired (saved at the next save): {}",
                        path.display(),
                        repairs.join("; ")
                    )
                };
            }
            Err(e) => self.modal = Some(Modal::Error(e.to_string())),
        }
    }

    fn save(&mut self, path: Option<PathBuf>) -> bool {
        self.save_then(path, None)
    }

    /// Save; when the file changed on disk meanwhile, ask what to do and carry `next` along.
    fn save_then(&mut self, path: Option<PathBuf>, next: Option<modals::AfterSave>) -> bool {
        let path = match path.or_else(|| self.ws.path.clone()) {
            Some(p) => p,
            None => match self
                .dialogs
                .save_project(&format!("{}.ron", self.ws.display_name()))
            {
                Some(p) => p,
                None => return false,
            },
        };
        let result = self.ws.save_to(&path);
        self.after_save_attempt(result, &path, next)
    }

    fn after_save_attempt(
        &mut self,
        result: Result<(), ProjectFileError>,
        path: &Path,
        next: Option<modals::AfterSave>,
    ) -> bool {
        match result {
            Ok(()) => {
                self.settings.remember_recent(path);
                self.remember_layout();
                self.status = format!("Saved {}", path.display());
                true
            }
            Err(ProjectFileError::ChangedOnDisk { .. }) => {
                self.modal = Some(Modal::ChangedOnDisk(next));
                false
            }
            Err(e) => {
                self.modal = Some(Modal::Error(e.to_string()));
                false
            }
        }
    }

    /// The user's answer to a file changed on disk.
    fn resolve_changed_on_disk(&mut self, outcome: modals::Outcome) {
        let (saved, next) = match outcome {
            modals::Outcome::MergeDiskThen(next) => match self.ws.merge_disk_changes() {
                Ok(how) => {
                    let saved = self.save(None);
                    if saved {
                        self.status = match how {
                            DiskMerge::ThreeWay(summary) => {
                                format!("Merged the changes on disk and saved: {summary}")
                            }
                            DiskMerge::Union(summary) => format!(
                                "Merged the changes on disk (both versions changed the same \
                                 things; this window's values were kept) and saved: {summary}"
                            ),
                        };
                    }
                    (saved, next)
                }
                Err(e) => {
                    self.modal = Some(Modal::Error(format!(
                        "Could not merge the changes on disk: {e}"
                    )));
                    (false, next)
                }
            },
            modals::Outcome::SaveAsThen(next) => {
                let suggested = format!("{}.ron", self.ws.display_name());
                match self.dialogs.save_project(&suggested) {
                    Some(path) => (self.save_then(Some(path), next), next),
                    None => (false, next),
                }
            }
            modals::Outcome::OverwriteThen(next) => {
                let result = self.ws.save_overwriting();
                let path = self.ws.path.clone().unwrap_or_default();
                (self.after_save_attempt(result, &path, next), next)
            }
            _ => unreachable!("only the answers to a changed file come here"),
        };
        if saved && let Some(next) = next {
            self.after_save(next);
        }
    }

    fn add_documents(&mut self, paths: Vec<PathBuf>, reflow: Reflow) {
        let mut edits = Vec::new();
        let mut errors = Vec::new();
        let mut notes = Vec::new();
        let mut wrapped = Vec::new();
        let mut names: Vec<String> = self
            .ws
            .project
            .documents
            .iter()
            .map(|d| d.name.clone())
            .collect();
        let mut hashes: Vec<String> = self
            .ws
            .project
            .documents
            .iter()
            .map(|d| d.hash.clone())
            .collect();
        for path in &paths {
            let options = ImportOptions {
                encoding: None,
                reflow,
            };
            match import_document(path, &options) {
                Ok(imported) => {
                    notes.extend(imported.notes);
                    let mut document = imported.document;
                    if reflow == Reflow::Suggest
                        && detect_wrap_width(document.text.as_str()).is_some()
                    {
                        wrapped.push(path.clone());
                        continue;
                    }
                    if let Some(i) = hashes.iter().position(|h| *h == document.hash) {
                        errors.push(format!(
                            "{}: the same text is already in the project as “{}”",
                            path.display(),
                            names[i]
                        ));
                        continue;
                    }
                    let base = document.name.clone();
                    let mut n = 2;
                    while names.contains(&document.name) {
                        document.name = format!("{base} ({n})");
                        n += 1;
                    }
                    names.push(document.name.clone());
                    hashes.push(document.hash.clone());
                    edits.push(Edit::InsertDocument {
                        index: self.ws.project.documents.len() + edits.len(),
                        document: Box::new(document),
                    });
                }
                Err(e) => errors.push(e.to_string()),
            }
        }
        let added = edits.len();
        if added > 0 {
            self.edit(
                Edit::Batch(edits),
                format!("Add {added} document{}", if added == 1 { "" } else { "s" }),
            );
            // What the import chose (an encoding, say) is told after the edit's own status.
            if !notes.is_empty() {
                self.status = notes.join("; ");
            }
        }
        if !wrapped.is_empty() {
            self.modal = Some(Modal::Reflow(wrapped));
        } else if !errors.is_empty() {
            self.modal = Some(Modal::Error(errors.join("\n")));
        }
    }

    /// Selects a passage and makes the consensus coder (created if needed) the current coder, so
    /// the user can adjust the selection and code it by hand: one undo step.
    fn code_as_consensus(&mut self, doc: DocId, range: CharRange) {
        use crate::agreement::adjudication::CONSENSUS;
        let project = &self.ws.project;
        let edit = match project.coder_by_name(CONSENSUS) {
            Some(c) if project.current_coder == Some(c.id) => None,
            Some(c) => Some(Edit::SetCurrentCoder(Some(c.id))),
            None => {
                let coder = Coder {
                    id: CoderId::new(),
                    name: CONSENSUS.to_string(),
                };
                let id = coder.id;
                Some(Edit::Batch(vec![
                    Edit::InsertCoder {
                        index: project.coders.len(),
                        coder,
                    },
                    Edit::SetCurrentCoder(Some(id)),
                ]))
            }
        };
        if let Some(edit) = edit {
            self.edit(edit, "Code as the consensus");
        }
        self.open_document(doc);
        self.focused_doc = Some(doc);
        self.selected_segment = None;
        self.selection = Some(TextSelection {
            doc,
            anchor: range.start,
            head: range.end,
        });
        self.selected_code = self.compare.code;
        self.scroll_to = Some((doc, range.start));
        self.status = "Coding as the consensus: adjust the selection, then apply the code".into();
    }

    /// The result of a merge replaces the open project, unsaved and without a file, so that
    /// saving asks where (the merged files stay as they were).
    fn open_merged(&mut self, project: Project, purpose: merge_dialog::Purpose) {
        self.remember_layout();
        let mut ws = Workspace::new(project, None);
        ws.history.mark_unsaved();
        self.ws = ws;
        self.selection = None;
        self.selected_segment = None;
        self.selected_code = None;
        self.find = FindState::default();
        self.views = ViewCaches::default();
        self.tree = empty_tree();
        self.compare = Default::default();
        if purpose == merge_dialog::Purpose::Compare {
            self.compare.open_with_defaults(&self.ws.project);
        }
        self.status = "Merged: the result is not saved yet (File > Save As…)".into();
    }

    fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        // What is typed in a field belongs to the project before anything else happens.
        self.commit_drafts();
        match command {
            Command::MergeProjects => {
                let paths = self
                    .dialogs
                    .pick_projects("Merge project files into this project");
                if !paths.is_empty() {
                    let label = self
                        .ws
                        .path
                        .as_deref()
                        .map_or_else(|| "this project".to_string(), merge_dialog::label_of);
                    let mut dialog = merge_dialog::MergeDialog::new(
                        merge_dialog::Purpose::Merge,
                        vec![(label, self.ws.project.clone())],
                    );
                    dialog.add_files(&paths);
                    self.merge_dialog = Some(dialog);
                }
            }
            Command::CompareFiles => {
                let paths = self
                    .dialogs
                    .pick_projects("Coders' project files to compare");
                if !paths.is_empty() {
                    let mut dialog =
                        merge_dialog::MergeDialog::new(merge_dialog::Purpose::Compare, Vec::new());
                    dialog.add_files(&paths);
                    self.merge_dialog = Some(dialog);
                }
            }
            Command::CompareCoders => {
                if self.compare.open {
                    self.compare.open = false;
                } else {
                    self.compare.open_with_defaults(&self.ws.project);
                }
            }
            Command::NewProject => self.guard_unsaved(modals::AfterSave::New),
            Command::OpenProject => self.guard_unsaved(modals::AfterSave::Open),
            Command::Save => {
                self.save(None);
            }
            Command::SaveAs => {
                let suggested = format!("{}.ron", self.ws.display_name());
                if let Some(path) = self.dialogs.save_project(&suggested) {
                    self.save(Some(path));
                }
            }
            Command::AddDocuments => {
                let paths = self.dialogs.pick_documents();
                if !paths.is_empty() {
                    self.add_documents(paths, Reflow::Suggest);
                }
            }
            Command::ImportCodings => {
                let Some(path) = self.dialogs.open_csv() else {
                    return;
                };
                match codings_csv::plan_import_file(&self.ws.project, &path, false) {
                    Ok(plan) => {
                        let n = plan.segments_added;
                        let skipped = plan.duplicates_skipped;
                        if !plan.edits.is_empty() {
                            self.edit(
                                Edit::Batch(plan.edits),
                                format!("Import {}", plural(n, "coding", "codings")),
                            );
                        }
                        self.status = format!(
                            "Imported {} ({skipped} already present)",
                            plural(n, "coding", "codings")
                        );
                    }
                    Err(e) => self.modal = Some(Modal::Error(e.to_string())),
                }
            }
            Command::ExportCodings => {
                let suggested = format!("{}-codings.csv", self.ws.display_name());
                let Some(path) = self.dialogs.save_csv(&suggested) else {
                    return;
                };
                let mut bytes = Vec::new();
                let result = codings_csv::export(&self.ws.project, &mut bytes)
                    .map_err(|e| e.to_string())
                    .and_then(|()| write_output(&path, &bytes).map_err(|e| e.to_string()));
                match result {
                    Ok(()) => {
                        self.status = format!(
                            "Exported {} codings to {}",
                            self.ws.project.segments.len(),
                            path.display()
                        )
                    }
                    Err(e) => self.modal = Some(Modal::Error(format!("{}: {e}", path.display()))),
                }
            }
            Command::Quit => self.guard_unsaved(modals::AfterSave::Quit),
            Command::Undo => match self.ws.undo() {
                Ok(Some(label)) => self.status = format!("Undid: {label}"),
                Ok(None) => self.status = "Nothing to undo".into(),
                Err(e) => self.status = format!("Could not undo: {e}"),
            },
            Command::Redo => match self.ws.redo() {
                Ok(Some(label)) => self.status = format!("Redid: {label}"),
                Ok(None) => self.status = "Nothing to redo".into(),
                Err(e) => self.status = format!("Could not redo: {e}"),
            },
            Command::Find => {
                self.find.open = true;
                self.find.focus_field = true;
            }
            Command::QuickPick => {
                if self.selection.is_some_and(|s| !s.range().is_empty()) {
                    self.quick_pick = Some(quick_pick::QuickPick::default());
                } else {
                    self.status = "Select a passage first, then pick a code".into();
                }
            }
            Command::DeleteSegment => {
                if let Some(id) = self.selected_segment {
                    let name = self
                        .ws
                        .project
                        .segments
                        .get(&id)
                        .map(|s| self.ws.project.code_path(s.code))
                        .unwrap_or_default();
                    self.edit(Edit::RemoveSegment(id), format!("Remove coding “{name}”"));
                }
            }
            Command::ToggleDocuments => self.settings.show_documents ^= true,
            Command::ToggleCodebook => self.settings.show_codebook ^= true,
            Command::ToggleRetrieval => self.settings.show_retrieval ^= true,
            Command::ToggleTheme => self.settings.dark ^= true,
            Command::ZoomIn => self.settings.text_size = (self.settings.text_size + 1.0).min(40.0),
            Command::ZoomOut => self.settings.text_size = (self.settings.text_size - 1.0).max(8.0),
            Command::ZoomReset => self.settings.text_size = DEFAULT_TEXT_SIZE,
            Command::AddCoder => self.modal = Some(Modal::AddCoder(String::new())),
        }
        let _ = ctx;
    }

    fn modal_outcome(&mut self, outcome: modals::Outcome) {
        match outcome {
            modals::Outcome::SaveThen(next) => {
                if self.save_then(None, Some(next)) {
                    self.after_save(next);
                }
            }
            outcome @ (modals::Outcome::MergeDiskThen(_)
            | modals::Outcome::SaveAsThen(_)
            | modals::Outcome::OverwriteThen(_)) => self.resolve_changed_on_disk(outcome),
            modals::Outcome::DiscardThen(next) => self.after_save(next),
            modals::Outcome::DeleteCode(id, policy) => {
                let name = self.ws.project.code_path(id);
                self.edit(
                    Edit::DeleteCode { id, policy },
                    format!("Delete code “{name}”"),
                );
            }
            modals::Outcome::AddCoder(name) => self.apply_action_now(Action::AddCoder(name)),
            modals::Outcome::Reflow(paths, reflow) => self.add_documents(
                paths,
                if reflow {
                    Reflow::Always
                } else {
                    Reflow::Never
                },
            ),
        }
    }

    fn apply_action_now(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// Run `next` now if nothing is unsaved, else ask first.
    fn guard_unsaved(&mut self, next: modals::AfterSave) {
        if self.ws.is_dirty() {
            self.modal = Some(Modal::UnsavedChanges(next));
        } else {
            self.after_save(next);
        }
    }

    pub(crate) fn after_save(&mut self, next: modals::AfterSave) {
        match next {
            modals::AfterSave::Quit => {
                self.close_allowed = true;
                self.actions.clear();
                self.quit_requested = true;
            }
            modals::AfterSave::New => {
                self.remember_layout();
                self.ws = Workspace::new(new_project(), None);
                self.views = ViewCaches::default();
                self.selection = None;
                self.selected_segment = None;
                self.selected_code = None;
                self.restore_layout();
                self.status = "New project: add documents with File > Add Documents…".into();
            }
            modals::AfterSave::Open => {
                if let Some(path) = self.dialogs.open_project() {
                    self.open_project(&path);
                }
            }
        }
    }
}
