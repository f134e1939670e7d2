//! The Coda window: panels around a tiled area of document panes. Reads the project during the
//! frame, queues [`Action`]s, and applies them at the end of the frame through the workspace's
//! one edit path.

use crate::analysis::passages::Extent;
use crate::analysis::search::Query;
use crate::io::import::Reflow;
use crate::io::project_file::ProjectFileError;
use crate::io::recovery::autosave::Autosaver;
use crate::model::{CharRange, Code, CodeId, Coder, CoderId, DocId, Project, Segment, SegmentId};
use crate::ops::Edit;
use crate::ui::actions::{Action, Export};
use crate::ui::commands::Command;
use crate::ui::dialogs::FileDialogs;
use crate::ui::document_view::{TextSelection, ViewEvent};
use crate::ui::file_requests::{PendingPick, PickPurpose};
use crate::ui::modals::Modal;
use crate::ui::panes::Panes;
use crate::ui::recovery_dialog::RecoveryDialog;
use crate::ui::session::Session;
use crate::ui::settings::{DEFAULT_TEXT_SIZE, Pane, STORAGE_KEY, Settings, ViewKind};
use crate::ui::views::ViewStates;
use crate::ui::workspace::{DiskMerge, Workspace};
use crate::ui::{
    documents_panel, find_bar, fonts, layout, menu, merge_dialog, modals, quick_pick, report_dialog,
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
    /// How far "Code all" extends each hit.
    pub extent: Extent,
    /// The passages "Code all" will code, shown for confirmation.
    pub preview: Option<find_bar::CodeAllPreview>,
    /// The current hit changed: scroll the document to it (at the start of the next frame).
    pub reveal_current: bool,
}

/// The shell around the open project's [`Session`]: menus, input routing, dialogs, the status
/// bar and dispatching what the frame asked for.
pub struct CodaApp {
    pub session: Session,
    pub settings: Settings,
    pub modal: Option<Modal>,
    /// The last message for the status bar.
    pub status: String,
    pub merge_dialog: Option<merge_dialog::MergeDialog>,
    /// File > Export Report…, while its choices are being made.
    pub report_dialog: Option<report_dialog::ReportDialog>,
    actions: Vec<Action>,
    pub(crate) dialogs: Box<dyn FileDialogs>,
    /// Coda's own file picker, while it is open (no system dialog on this machine).
    pub(crate) pending_pick: Option<PendingPick>,
    /// Whether the user was told why Coda's own picker is shown instead of the system's.
    pub(crate) told_no_system_dialog: bool,
    /// Copies unsaved work in the background (the real window; tests without it write none).
    pub(crate) autosaver: Option<Autosaver>,
    /// The offer of unsaved work an earlier window left, while it is open.
    pub(crate) recovery: Option<RecoveryDialog>,
    fonts_installed: bool,
    last_title: String,
    /// A save is being written off the frame: actions wait until it ends.
    pub(crate) saving: bool,
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

impl CodaApp {
    pub fn new(ws: Workspace, settings: Settings, dialogs: Box<dyn FileDialogs>) -> Self {
        let layout = ws
            .path
            .as_deref()
            .and_then(|p| settings.layout_for(p))
            .cloned();
        Self {
            session: Session::new(ws, layout),
            settings,
            modal: None,
            status: String::new(),
            merge_dialog: None,
            report_dialog: None,
            actions: Vec::new(),
            dialogs,
            pending_pick: None,
            told_no_system_dialog: false,
            autosaver: None,
            recovery: None,
            saving: false,
            fonts_installed: false,
            last_title: String::new(),
            close_allowed: false,
            quit_requested: false,
        }
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
        // The window shows at once, with a new project; the project to work on opens as a
        // job and replaces it (a large one takes a moment to read).
        let asked_for = path.is_some();
        let candidates: Vec<PathBuf> = match path {
            // The file asked for, or a clear "no" (locked, damaged…): never another file instead.
            Some(path) => vec![path],
            None => settings
                .most_recent_existing()
                .into_iter()
                .chain(sample)
                .collect(),
        };
        // The theme is set before the first frame: changing it during a frame lays out all
        // text again at the next one.
        cc.egui_ctx.set_theme(if settings.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        crate::ui::dialogs::NativeDialogs::probe_in_background();
        let ws = Workspace::new(new_project(), None);
        let mut app = Self::new(ws, settings, Box::new(crate::ui::dialogs::NativeDialogs));
        app.session.jobs.attach(&cc.egui_ctx);
        app.open_first_of(candidates, asked_for);
        if let Some(folder) = crate::ui::recovery_dialog::default_folder() {
            app.start_recovery(folder);
        }
        app
    }

    pub fn window_title(&self) -> String {
        let coder = self
            .session
            .ws
            .project
            .current_coder
            .and_then(|id| self.session.ws.project.coder(id))
            .map_or("no coder", |c| c.name.as_str());
        let dirty = if self.session.ws.is_dirty() {
            " •"
        } else {
            ""
        };
        format!("{}{dirty} — {coder} — Coda", self.session.ws.display_name())
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
        // Results of work done off the frame, applied before this frame reads the project.
        self.session.jobs.attach(&ctx);
        for finish in self.session.jobs.take_finished() {
            finish(self);
        }
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
                    let open = self.session.open_documents();
                    documents_panel::show(
                        ui,
                        &self.session.ws.project,
                        self.session.ws.revision,
                        &mut self.session.documents,
                        &open,
                        self.session.focused_doc,
                        &mut self.actions,
                    )
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.session.find.open {
                self.session.update_find_hits();
                find_bar::show(
                    ui,
                    &self.session.ws.project,
                    self.session.focused_doc,
                    &mut self.session.find,
                    &mut self.actions,
                );
            }
            self.documents_area(ui);
        });

        if let Some(pick) = &mut self.session.quick_pick
            && quick_pick::show(&ctx, pick, &self.session.ws.project, &mut self.actions)
        {
            self.session.quick_pick = None;
        }
        if let Some(dialog) = &mut self.merge_dialog {
            match merge_dialog::show(&ctx, dialog) {
                merge_dialog::Outcome::Keep => {}
                merge_dialog::Outcome::Close => self.merge_dialog = None,
                merge_dialog::Outcome::AddFiles => self.ask_file(PickPurpose::MoreMergeFiles),
                merge_dialog::Outcome::MergeRequested => self.merge_in_background(),
                merge_dialog::Outcome::SaveReport(markdown) => {
                    self.export(Export::MergeReport(markdown))
                }
                merge_dialog::Outcome::Merged(project, purpose) => {
                    self.open_merged(*project, purpose)
                }
            }
        }
        if let Some(dialog) = &mut self.report_dialog {
            match report_dialog::show(
                &ctx,
                dialog,
                &self.session.ws.project,
                self.session.ws.revision,
            ) {
                report_dialog::Outcome::Keep => {}
                report_dialog::Outcome::Close => self.report_dialog = None,
                report_dialog::Outcome::Export(request) => {
                    self.report_dialog = None;
                    self.export(Export::Report(request));
                }
            }
        }
        if self.modal.is_none() {
            self.show_picker(&ctx);
        }
        if self.modal.is_none() && self.pending_pick.is_none() {
            self.show_recovery(&ctx);
        }
        if let Some(modal) = self.modal.take() {
            let (still_open, outcome) = modals::show(&ctx, modal, &self.session.ws.project);
            self.modal = still_open;
            if let Some(outcome) = outcome {
                self.modal_outcome(outcome);
            }
        }
        self.apply_actions(&ctx);
        self.autosave();
        if self.quit_requested {
            self.quit_requested = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if self
            .session
            .flash
            .is_some_and(|(_, _, t)| ctx.input(|i| i.time) - t < FLASH_SECONDS)
        {
            ctx.request_repaint();
        }
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            self.session.jobs.show(ui);
            let project = &self.session.ws.project;
            let coder = project.current_coder.and_then(|id| project.coder(id));
            ui.label(format!(
                "Coder: {}",
                coder.map_or("none", |c| c.name.as_str())
            ));
            ui.separator();
            if let Some(sel) = self.session.selection.filter(|s| !s.range().is_empty())
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
                .session
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
            if let Some(problem) = self.autosave_problem() {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("Autosave failed: {problem}"),
                );
                ui.separator();
            }
            ui.label(&self.status);
        });
    }

    fn documents_area(&mut self, ui: &mut Ui) {
        let now = ui.input(|i| i.time);
        let flash = self.session.flash.and_then(|(doc, range, t)| {
            let age = now - t;
            (age < FLASH_SECONDS).then_some((doc, range, (1.0 - age / FLASH_SECONDS) as f32))
        });
        if self.session.open_documents().is_empty() {
            ui.label(
                egui::RichText::new(
                    "Open a document from the list on the left, or add documents with \
                     File > Add Documents… (or drop files here).",
                )
                .weak(),
            );
        }
        // The compare overlay is shown while the compare view is docked.
        self.session.compare.open = layout::has_view(&self.session.tree, ViewKind::Compare);
        let overlay = self.session.compare.overlay(&self.session.ws.project);
        let mut behavior = Panes {
            overlay: overlay.as_ref().map(|(_, o)| o),
            overlay_doc: overlay.as_ref().map(|(d, _)| *d),
            project: &self.session.ws.project,
            revision: self.session.ws.revision,
            text_size: self.settings.text_size,
            views: &mut self.session.views,
            selection: &mut self.session.selection,
            selected_segment: &mut self.session.selected_segment,
            find: &self.session.find,
            focused_doc: self.session.focused_doc,
            flash,
            scroll_to: self.session.scroll_to.take(),
            events: Vec::new(),
            closed: Vec::new(),
            view_states: ViewStates {
                codebook: &mut self.session.codebook,
                retrieval: &mut self.session.retrieval,
                compare: &mut self.session.compare,
                memos: &mut self.session.memos,
                search: &mut self.session.search,
                variables: &mut self.session.variables,
                matrix: &mut self.session.matrix,
                cooccurrence: &mut self.session.cooccurrence,
                chart: &mut self.session.chart,
            },
            selected_code: self.session.selected_code,
            actions: &mut self.actions,
            closed_views: Vec::new(),
        };
        self.session.tree.ui(&mut behavior, ui);
        let Panes {
            events,
            closed,
            closed_views,
            ..
        } = behavior;
        if closed_views.contains(&ViewKind::Compare) {
            self.session.compare.open = false;
        }
        for (doc, event) in events {
            match event {
                ViewEvent::Focused => self.session.focused_doc = Some(doc),
                ViewEvent::Resize(id, range) => self.actions.push(Action::ResizeSegment(id, range)),
                ViewEvent::Chosen(action) => self.actions.push(action),
            }
        }
        if !closed.is_empty()
            && self
                .session
                .focused_doc
                .is_some_and(|d| closed.contains(&d))
        {
            self.session.focused_doc = self.session.open_documents().first().copied();
        }
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
        let typing =
            ctx.text_edit_focused() || self.modal.is_some() || self.session.quick_pick.is_some();
        // The file picker is a dialog of its own: no command runs behind it.
        let picking = self.pending_pick.is_some();
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
            if !text_edit_owns_it && !picking && ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.actions.push(Action::Run(command));
            }
        }
        if !typing && !picking {
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
                match self.session.ws.project.code_with_hotkey(key) {
                    Some(code) => self.actions.push(Action::ApplyCode(code.id)),
                    None => self.status = format!("No code has hotkey {key}"),
                }
            }
            if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
                self.session.selection = None;
                self.session.selected_segment = None;
                // Escape closes the Code-all preview first, then the find bar.
                if self.session.find.preview.take().is_none() {
                    self.session.find.open = false;
                }
            }
        }
        if ctx.input(|i| i.viewport().close_requested()) {
            self.commit_drafts();
        }
        if ctx.input(|i| i.viewport().close_requested())
            && self.session.ws.is_dirty()
            && !self.close_allowed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.modal = Some(Modal::UnsavedChanges(modals::AfterSave::Quit));
        }
    }

    fn apply_actions(&mut self, ctx: &egui::Context) {
        if self.saving {
            // The project must stay as it is being written: what was asked for waits (a few
            // frames) until the save has ended.
            return;
        }
        let actions = std::mem::take(&mut self.actions);
        let revision = self.session.ws.revision;
        for action in actions {
            self.apply_action(ctx, action);
        }
        // Views show what they derive from the project (a chart, a table) in the next frame:
        // ask for it now rather than wait for the next input.
        if self.session.ws.revision != revision {
            ctx.request_repaint();
        }
        // A field whose coding, code or memo is no longer the one shown will never see its
        // focus leave: what was typed in it is committed now, not lost.
        if self.session.has_orphan_draft() {
            self.commit_drafts();
        }
        let project = &self.session.ws.project;
        if self
            .session
            .selected_segment
            .is_some_and(|id| !project.segments.contains_key(&id))
        {
            self.session.selected_segment = None;
        }
        if self
            .session
            .selected_code
            .is_some_and(|id| project.code(id).is_none())
        {
            self.session.selected_code = None;
        }
        if self
            .session
            .selection
            .is_some_and(|s| project.document(s.doc).is_none())
        {
            self.session.selection = None;
        }
    }

    /// Commit what is typed in any text field (a memo, a code's name, description or criteria)
    /// as one undo step. Runs before every command (save, close, open…) and
    /// when the field's coding or code stops being the one shown, so no keystroke is lost.
    fn commit_drafts(&mut self) {
        let mut edits = self.session.take_drafts();
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

    pub(crate) fn edit(&mut self, edit: Edit, label: impl Into<String>) -> bool {
        let label = label.into();
        match self.session.ws.apply(edit, label.clone()) {
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
        let Some(sel) = self.session.selection.filter(|s| !s.range().is_empty()) else {
            self.status = "Select a passage first (drag across the text)".into();
            return None;
        };
        let Some(coder) = self.session.ws.project.current_coder else {
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
                let name = self.session.ws.project.code_path(code);
                if self
                    .session
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
                self.session.selected_code = Some(code);
            }
            Action::CreateCodeAndApply(name) => {
                let Some((doc, range, coder)) = self.coding_target() else {
                    return;
                };
                let code = Code::new(name.trim(), None, self.session.ws.project.next_free_color());
                let code_id = code.id;
                let segment = self.new_segment(doc, range, code_id, coder);
                let batch = Edit::Batch(vec![
                    Edit::InsertCode {
                        index: self.session.ws.project.codes.len(),
                        code: Box::new(code),
                    },
                    Edit::InsertSegment(Box::new(segment)),
                ]);
                if self.edit(batch, format!("New code “{}”", name.trim())) {
                    self.session.selected_code = Some(code_id);
                }
            }
            Action::CodeAllHits { code, passages } => {
                let Some(coder) = self.session.ws.project.current_coder else {
                    self.status = "Add a coder first (Coder > Add Coder…)".into();
                    return;
                };
                let segments: Vec<Edit> = passages
                    .iter()
                    .filter(|(doc, r)| {
                        self.session
                            .ws
                            .project
                            .find_identical_segment(*doc, *r, code, coder)
                            .is_none()
                    })
                    .map(|(doc, r)| {
                        Edit::InsertSegment(Box::new(self.new_segment(*doc, *r, code, coder)))
                    })
                    .collect();
                let n = segments.len();
                if n == 0 {
                    self.status = "Every passage is already coded with that code".into();
                    return;
                }
                let name = self.session.ws.project.code_path(code);
                self.edit(
                    Edit::Batch(segments),
                    format!("Code {} with “{name}”", plural(n, "passage", "passages")),
                );
                self.session.selected_code = Some(code);
            }
            Action::OpenDocument(doc) => self.session.open_document(doc),
            Action::OpenDocumentBeside(doc) => self.session.open_document_beside(doc),
            Action::CloseDocument(doc) => {
                if let Some(tile) = self.session.tree.tiles.find_pane(&Pane::Document(doc)) {
                    self.session.tree.remove_recursively(tile);
                }
            }
            Action::JumpToSegment(id) => {
                let Some(segment) = self.session.ws.project.segments.get(&id).cloned() else {
                    return;
                };
                self.session.open_document(segment.document);
                self.session.selected_segment = Some(id);
                self.session.selection = Some(TextSelection {
                    doc: segment.document,
                    anchor: segment.start,
                    head: segment.start,
                });
                self.session.scroll_to = Some((segment.document, segment.start));
                self.session.flash =
                    Some((segment.document, segment.range(), ctx.input(|i| i.time)));
            }
            Action::ShowPassage(doc, range) => {
                self.session.open_document(doc);
                self.session.focused_doc = Some(doc);
                self.session.scroll_to = Some((doc, range.start));
                self.session.flash = Some((doc, range, ctx.input(|i| i.time)));
            }
            Action::CodeAsConsensus(doc, range) => self.code_as_consensus(doc, range),
            Action::Status(message) => self.status = message,
            Action::SelectCode(code) => self.session.selected_code = code,
            Action::SelectSegment(id) => self.session.selected_segment = Some(id),
            Action::SetCurrentCoder(id) => {
                let name = self
                    .session
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
                        index: self.session.ws.project.coders.len(),
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
                    .session
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
                let code = Code::new(
                    name.clone(),
                    parent,
                    self.session.ws.project.next_free_color(),
                );
                let id = code.id;
                // A subcode goes right after its parent's last descendant, a top-level code last.
                let index = parent
                    .map(|p| {
                        let subtree = self.session.ws.project.subtree(p);
                        subtree
                            .iter()
                            .filter_map(|c| self.session.ws.project.code_index(*c))
                            .max()
                            .unwrap_or(0)
                            + 1
                    })
                    .unwrap_or(self.session.ws.project.codes.len());
                if self.edit(
                    Edit::InsertCode {
                        index,
                        code: Box::new(code),
                    },
                    format!("Add code “{name}”"),
                ) {
                    self.session.selected_code = Some(id);
                    self.session.codebook.codes.rename_focus = Some(id);
                }
            }
            Action::ConfirmDeleteCode(id) => self.modal = Some(Modal::DeleteCode(id)),
            Action::Export(what) => self.export(what),
            Action::ShowView(kind) => layout::show_view(&mut self.session.tree, kind),
            Action::CompareCoders(request) => self.compare_coders(*request),
            Action::SearchProject(query, spec) => self.search_project(query, spec),
            Action::ComputeMatrix(request) => self.compute_matrix(*request),
            Action::ShowPassages(set) => {
                self.session.retrieval.show_set(*set);
                layout::show_view(&mut self.session.tree, ViewKind::Retrieval);
            }
            Action::ChartFrequencies(request) => self.count_for_chart(*request),
        }
    }

    /// Store what should survive this session (the layout of this project's panes).
    pub fn persist_settings(&mut self) {
        self.remember_layout();
    }

    fn remember_layout(&mut self) {
        if let Some(path) = self.session.ws.path.clone() {
            self.settings.store_layout(&path, &self.session.tree);
        }
    }

    /// Dock the compare view (with the two coders who coded most) and bring it to the front.
    fn show_compare(&mut self) {
        self.session
            .compare
            .open_with_defaults(&self.session.ws.project);
        layout::show_view(&mut self.session.tree, ViewKind::Compare);
    }

    /// Close the open project (remembering its layout) and open `ws` in a new session: nothing
    /// derived from the old project survives.
    pub(crate) fn replace_session(&mut self, ws: Workspace) {
        self.remember_layout();
        let layout = ws
            .path
            .as_deref()
            .and_then(|p| self.settings.layout_for(p))
            .cloned();
        self.session = Session::new(ws, layout);
        // A save of the old project, if one was running, went with its session.
        self.saving = false;
    }

    /// A project just opened (see [`CodaApp::open_project`]) becomes the open one.
    pub(crate) fn install_opened(&mut self, ws: Workspace, path: &Path) {
        let repairs = ws.repairs.clone();
        self.replace_session(ws);
        self.settings.remember_recent(path);
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

    fn save(&mut self, path: Option<PathBuf>) {
        self.save_then(path, None)
    }

    /// Save (to `path`, else the project's file, else ask where), then carry on with `next`;
    /// when the file changed on disk meanwhile, ask what to do and carry `next` along.
    pub(crate) fn save_then(&mut self, path: Option<PathBuf>, next: Option<modals::AfterSave>) {
        self.start_save(path, next, false, None);
    }

    /// Saving runs as a job: the project is copied and the file taken at once, written on a
    /// worker thread, and taken back when done. Meanwhile the frame goes on and the actions of
    /// later frames wait (see [`CodaApp::apply_actions`]), so what is marked saved is exactly
    /// what was written. `saved_message` replaces the status once saved.
    fn start_save(
        &mut self,
        path: Option<PathBuf>,
        next: Option<modals::AfterSave>,
        overwrite: bool,
        saved_message: Option<String>,
    ) {
        let Some(path) = path.or_else(|| self.session.ws.path.clone()) else {
            // A project never saved: ask where; saving carries on once a path is chosen.
            self.ask_file(PickPurpose::SaveProject(next));
            return;
        };
        if self.saving {
            self.status = "Already saving".into();
            return;
        }
        match self.session.ws.begin_save(&path, overwrite) {
            Err(e) => {
                self.after_save_attempt(Err(e), &path, next);
            }
            Ok(ticket) => {
                self.saving = true;
                let label = format!(
                    "Saving {}",
                    path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned()
                    )
                );
                self.session.jobs.spawn(label, false, move |_| {
                    let done = ticket.write();
                    Box::new(move |app: &mut CodaApp| {
                        app.saving = false;
                        let result = app.session.ws.finish_save(done);
                        if app.after_save_attempt(result, &path, next) {
                            if let Some(message) = saved_message {
                                app.status = message;
                            }
                            if let Some(next) = next {
                                app.after_save(next);
                            }
                        }
                    })
                });
            }
        }
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
        match outcome {
            modals::Outcome::MergeDiskThen(next) => match self.session.ws.merge_disk_changes() {
                Ok(how) => {
                    let message = match how {
                        DiskMerge::ThreeWay(summary) => {
                            format!("Merged the changes on disk and saved: {summary}")
                        }
                        DiskMerge::Union(summary) => format!(
                            "Merged the changes on disk (both versions changed the same \
                             things; this window's values were kept) and saved: {summary}"
                        ),
                    };
                    self.start_save(None, next, false, Some(message));
                }
                Err(e) => {
                    self.modal = Some(Modal::Error(format!(
                        "Could not merge the changes on disk: {e}"
                    )));
                }
            },
            // Saving and what comes next carry on once a path is chosen.
            modals::Outcome::SaveAsThen(next) => self.ask_file(PickPurpose::SaveProject(next)),
            modals::Outcome::OverwriteThen(next) => self.start_save(None, next, true, None),
            _ => unreachable!("only the answers to a changed file come here"),
        }
    }

    /// Selects a passage and makes the consensus coder (created if needed) the current coder, so
    /// the user can adjust the selection and code it by hand: one undo step.
    fn code_as_consensus(&mut self, doc: DocId, range: CharRange) {
        use crate::agreement::adjudication::CONSENSUS;
        let project = &self.session.ws.project;
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
        self.session.open_document(doc);
        self.session.focused_doc = Some(doc);
        self.session.selected_segment = None;
        self.session.selection = Some(TextSelection {
            doc,
            anchor: range.start,
            head: range.end,
        });
        self.session.selected_code = self.session.compare.code;
        self.session.scroll_to = Some((doc, range.start));
        self.status = "Coding as the consensus: adjust the selection, then apply the code".into();
    }

    /// A merge into this project replaces its content as one undoable step (its file stays its
    /// file); combining coders' separate files opens the result as a new project, unsaved and
    /// without a file, so saving asks where (the combined files stay as they were).
    pub(crate) fn open_merged(&mut self, project: Project, purpose: merge_dialog::Purpose) {
        match purpose {
            merge_dialog::Purpose::Merge => {
                if self.edit(Edit::ReplaceProject(Box::new(project)), "Merge projects") {
                    self.status =
                        "Merged into this project (Ctrl+Z undoes it; not saved yet)".into();
                }
            }
            merge_dialog::Purpose::Compare => {
                let mut ws = Workspace::new(project, None);
                ws.history.mark_unsaved();
                self.replace_session(ws);
                self.show_compare();
                self.status = "Combined: the result is not saved yet (File > Save As…)".into();
            }
        }
    }

    fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        // What is typed in a field belongs to the project before anything else happens.
        self.commit_drafts();
        match command {
            Command::MergeProjects => self.ask_file(PickPurpose::MergeProjects),
            Command::CompareFiles => self.ask_file(PickPurpose::CompareFiles),
            Command::CompareCoders => {
                if layout::has_view(&self.session.tree, ViewKind::Compare) {
                    layout::hide_view(&mut self.session.tree, ViewKind::Compare);
                    self.session.compare.open = false;
                } else {
                    self.show_compare();
                }
            }
            Command::NewProject => self.guard_unsaved(modals::AfterSave::New),
            Command::OpenProject => self.guard_unsaved(modals::AfterSave::Open),
            Command::Save => self.save(None),
            Command::SaveAs => self.ask_file(PickPurpose::SaveProject(None)),
            Command::AddDocuments => self.ask_file(PickPurpose::AddDocuments),
            Command::ImportCodings => self.ask_file(PickPurpose::ImportCodings),
            Command::ExportCodings => self.export(Export::Codings),
            Command::ImportRefi => self.ask_file(PickPurpose::ImportRefi),
            Command::ExportRefi => self.ask_file(PickPurpose::ExportRefi),
            Command::ExportReport => {
                self.report_dialog = Some(report_dialog::ReportDialog::default())
            }
            Command::Quit => self.guard_unsaved(modals::AfterSave::Quit),
            Command::Undo => match self.session.ws.undo() {
                Ok(Some(label)) => self.status = format!("Undid: {label}"),
                Ok(None) => self.status = "Nothing to undo".into(),
                Err(e) => self.status = format!("Could not undo: {e}"),
            },
            Command::Redo => match self.session.ws.redo() {
                Ok(Some(label)) => self.status = format!("Redid: {label}"),
                Ok(None) => self.status = "Nothing to redo".into(),
                Err(e) => self.status = format!("Could not redo: {e}"),
            },
            Command::Find => {
                self.session.find.open = true;
                self.session.find.focus_field = true;
            }
            Command::QuickPick => {
                if self
                    .session
                    .selection
                    .is_some_and(|s| !s.range().is_empty())
                {
                    self.session.quick_pick = Some(quick_pick::QuickPick::default());
                } else {
                    self.status = "Select a passage first, then pick a code".into();
                }
            }
            Command::DeleteSegment => {
                if let Some(id) = self.session.selected_segment {
                    let name = self
                        .session
                        .ws
                        .project
                        .segments
                        .get(&id)
                        .map(|s| self.session.ws.project.code_path(s.code))
                        .unwrap_or_default();
                    self.edit(Edit::RemoveSegment(id), format!("Remove coding “{name}”"));
                }
            }
            Command::ToggleDocuments => self.settings.show_documents ^= true,
            Command::ToggleCodebook => {
                layout::toggle_view(&mut self.session.tree, ViewKind::Codebook);
            }
            Command::ToggleRetrieval => {
                layout::toggle_view(&mut self.session.tree, ViewKind::Retrieval);
            }
            Command::ToggleMemos => {
                layout::toggle_view(&mut self.session.tree, ViewKind::Memos);
            }
            Command::ToggleVariables => {
                layout::toggle_view(&mut self.session.tree, ViewKind::Variables);
            }
            Command::ToggleMatrix => {
                layout::toggle_view(&mut self.session.tree, ViewKind::Matrix);
            }
            Command::ToggleCooccurrence => {
                layout::toggle_view(&mut self.session.tree, ViewKind::Cooccurrence);
            }
            Command::ToggleChart => {
                layout::toggle_view(&mut self.session.tree, ViewKind::Chart);
            }
            Command::SearchProject => {
                layout::show_view(&mut self.session.tree, ViewKind::Search);
                self.session.search.focus_field = true;
            }
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
            modals::Outcome::SaveThen(next) => self.save_then(None, Some(next)),
            outcome @ (modals::Outcome::MergeDiskThen(_)
            | modals::Outcome::SaveAsThen(_)
            | modals::Outcome::OverwriteThen(_)) => self.resolve_changed_on_disk(outcome),
            modals::Outcome::DiscardThen(next) => self.after_save(next),
            modals::Outcome::DeleteCode(id, policy) => {
                let name = self.session.ws.project.code_path(id);
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
        if self.session.ws.is_dirty() {
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
                self.replace_session(Workspace::new(new_project(), None));
                self.status = "New project: add documents with File > Add Documents…".into();
            }
            modals::AfterSave::Open => self.ask_file(PickPurpose::OpenProject),
        }
    }
}
