//! One open project and everything derived from it: the workspace (project, history, file and
//! lock), the pane layout, the selection, find, and every panel's state and caches.
//!
//! Opening a project, starting a new one or taking a merge's result replaces the whole
//! [`Session`], so nothing that was derived from one project can outlive it: a panel cache, a
//! selection or a find hit of the previous project simply no longer exists.

use crate::analysis::search;
use crate::model::{CharRange, CodeId, DocId, SegmentId};
use crate::ops::Edit;
use crate::ui::app::FindState;
use crate::ui::document_view::{TextSelection, ViewCaches};
use crate::ui::jobs::Jobs;
use crate::ui::layout;
use crate::ui::matrix_pane::{MatrixKind, MatrixState};
use crate::ui::settings::{Pane, ViewKind};
use crate::ui::views::CodebookView;
use crate::ui::workspace::Workspace;
use crate::ui::{
    compare_panel, documents_panel, memos_panel, quick_pick, retrieval_panel, search_pane,
};

pub struct Session {
    pub ws: Workspace,
    /// Panes: documents side by side, stacked or tabbed.
    pub tree: egui_tiles::Tree<Pane>,
    pub selection: Option<TextSelection>,
    pub selected_segment: Option<SegmentId>,
    pub selected_code: Option<CodeId>,
    /// The document pane last clicked: Find and quick pick act on it.
    pub focused_doc: Option<DocId>,
    pub find: FindState,
    pub quick_pick: Option<quick_pick::QuickPick>,
    pub documents: documents_panel::DocumentsState,
    pub codebook: CodebookView,
    pub retrieval: retrieval_panel::RetrievalState,
    pub compare: compare_panel::CompareState,
    pub memos: memos_panel::MemosState,
    pub search: search_pane::SearchState,
    pub variables: crate::ui::variables_pane::VariablesState,
    /// The code matrices' views.
    pub matrix: crate::ui::matrix_pane::MatrixState,
    pub cooccurrence: crate::ui::matrix_pane::MatrixState,
    pub chart: crate::ui::chart_pane::ChartState,
    /// A passage flashing after a jump: document, range, when the jump happened.
    pub flash: Option<(DocId, CharRange, f64)>,
    /// Where a document pane should scroll to in the next frame.
    pub scroll_to: Option<(DocId, usize)>,
    pub views: ViewCaches,
    /// Work running off the frame for this project.
    pub jobs: Jobs,
}

impl Session {
    /// A session for `ws`, laid out as `layout` (the one remembered for its file) if given.
    pub fn new(ws: Workspace, layout: Option<egui_tiles::Tree<Pane>>) -> Self {
        let mut session = Self {
            ws,
            tree: egui_tiles::Tree::empty(egui::Id::unique("coda-panes")),
            selection: None,
            selected_segment: None,
            selected_code: None,
            focused_doc: None,
            find: FindState::default(),
            quick_pick: None,
            documents: Default::default(),
            codebook: Default::default(),
            retrieval: Default::default(),
            compare: Default::default(),
            memos: Default::default(),
            search: Default::default(),
            variables: Default::default(),
            matrix: MatrixState::new(MatrixKind::CodeDocument),
            cooccurrence: MatrixState::new(MatrixKind::Cooccurrence),
            chart: Default::default(),
            flash: None,
            scroll_to: None,
            views: ViewCaches::default(),
            jobs: Jobs::default(),
        };
        session.lay_out(layout);
        session
    }

    /// The remembered layout (see [`layout::restore`]), else the default one.
    fn lay_out(&mut self, restored: Option<egui_tiles::Tree<Pane>>) {
        let project = &self.ws.project;
        self.tree = match restored {
            Some(tree) => layout::restore(tree, project),
            None => layout::default_layout(project),
        };
        self.compare.open = layout::has_view(&self.tree, ViewKind::Compare);
        self.focused_doc = self.open_documents().first().copied();
    }

    /// Documents shown in panes, in tile order.
    pub fn open_documents(&self) -> Vec<DocId> {
        layout::open_documents(&self.tree)
    }

    /// The first char in view in `doc`'s pane, once it has been shown.
    pub fn first_visible_char(&self, doc: DocId) -> Option<usize> {
        self.views.first_visible_char(doc)
    }

    /// The view of `doc`'s pane (what is in view, how far it is scrolled), once it has been shown.
    pub fn document_view(&self, doc: DocId) -> Option<&crate::ui::document_view::DocViewCache> {
        self.views.view(doc)
    }

    pub(crate) fn update_find_hits(&mut self) {
        let Some(doc_id) = self.focused_doc else {
            self.find.hits.clear();
            return;
        };
        // Next and Previous ask for this each time, so the document follows the current hit.
        if std::mem::take(&mut self.find.reveal_current)
            && let Some(hit) = self.find.current.and_then(|c| self.find.hits.get(c))
        {
            self.scroll_to = Some((doc_id, hit.start));
        }
        let key = (doc_id, self.find.query.clone());
        if self.find.computed_for.as_ref() == Some(&key) {
            return;
        }
        let Some(doc) = self.ws.project.document(doc_id) else {
            return;
        };
        // A new search has no current hit: the first Next (or Enter) goes to hit 1.
        self.find.current = None;
        match search::find_all(&doc.text, &self.find.query) {
            Ok(hits) => {
                self.find.hits = hits;
                self.find.error = None;
            }
            Err(e) => {
                self.find.hits.clear();
                self.find.error = Some(e.to_string());
            }
        }
        self.find.computed_for = Some(key);
    }

    /// Show `doc`: its pane if it has one; else in the focused document pane, which then shows
    /// it instead (as a document browser does); else, with no document pane, in a new one.
    pub(crate) fn open_document(&mut self, doc: DocId) {
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
            _ => {
                layout::add_document_pane(&mut self.tree, doc);
            }
        }
        self.focus_document_pane(doc);
    }

    /// Show `doc` in a pane of its own beside the others (or focus the pane it has).
    pub(crate) fn open_document_beside(&mut self, doc: DocId) {
        if self.ws.project.document(doc).is_none() || self.focus_document_pane(doc) {
            return;
        }
        layout::add_document_pane(&mut self.tree, doc);
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

    /// The edits that commit what is typed in every text field (a coding's memo in the
    /// inspector, a code's fields in the codebook, a memo in the Memos view); the fields then
    /// show the project's values again.
    pub fn take_drafts(&mut self) -> Vec<Edit> {
        let project = &self.ws.project;
        let mut edits: Vec<Edit> = self
            .codebook
            .inspector
            .pending_edit(project)
            .into_iter()
            .collect();
        edits.extend(self.codebook.codes.pending_edits(project));
        edits.extend(self.memos.pending_edit(project));
        edits.extend(self.variables.pending_edit(project));
        self.codebook.inspector.forget();
        self.codebook.codes.forget_drafts();
        self.memos.forget();
        self.variables.forget();
        edits
    }

    /// Whether some field holds typing for a coding, code or memo it no longer shows (the
    /// selection moved on, the memo editor closed): such a field never sees its focus leave.
    pub fn has_orphan_draft(&self) -> bool {
        let inspector = self.codebook.inspector.draft_for();
        let code = self.codebook.codes.draft_code();
        let memo = self.memos.draft_for();
        (inspector.is_some() && inspector != self.selected_segment)
            || (code.is_some() && code != self.selected_code)
            || (memo.is_some() && memo != self.memos.editing)
    }
}
