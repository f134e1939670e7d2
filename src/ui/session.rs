//! One open project and everything derived from it: the workspace (project, history, file and
//! lock), the pane layout, the selection, find, and every panel's state and caches.
//!
//! Opening a project, starting a new one or taking a merge's result replaces the whole
//! [`Session`], so nothing that was derived from one project can outlive it: a panel cache, a
//! selection or a find hit of the previous project simply no longer exists.

use crate::analysis::search;
use crate::model::{CharRange, CodeId, DocId, SegmentId};
use crate::ui::app::FindState;
use crate::ui::document_view::{TextSelection, ViewCaches};
use crate::ui::settings::Pane;
use crate::ui::workspace::Workspace;
use crate::ui::{
    codebook_panel, coding_inspector, compare_panel, documents_panel, quick_pick, retrieval_panel,
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
    pub codebook: codebook_panel::CodebookState,
    pub inspector: coding_inspector::InspectorState,
    pub retrieval: retrieval_panel::RetrievalState,
    pub compare: compare_panel::CompareState,
    /// A passage flashing after a jump: document, range, when the jump happened.
    pub flash: Option<(DocId, CharRange, f64)>,
    /// Where a document pane should scroll to in the next frame.
    pub scroll_to: Option<(DocId, usize)>,
    pub views: ViewCaches,
}

fn empty_tree() -> egui_tiles::Tree<Pane> {
    egui_tiles::Tree::new_horizontal(egui::Id::unique("documents"), Vec::new())
}

impl Session {
    /// A session for `ws`, laid out as `layout` (the one remembered for its file) if given.
    pub fn new(ws: Workspace, layout: Option<egui_tiles::Tree<Pane>>) -> Self {
        let mut session = Self {
            ws,
            tree: empty_tree(),
            selection: None,
            selected_segment: None,
            selected_code: None,
            focused_doc: None,
            find: FindState::default(),
            quick_pick: None,
            documents: Default::default(),
            codebook: Default::default(),
            inspector: Default::default(),
            retrieval: Default::default(),
            compare: Default::default(),
            flash: None,
            scroll_to: None,
            views: ViewCaches::default(),
        };
        session.lay_out(layout);
        session
    }

    /// The remembered layout, without panes of documents no longer in the project; else the
    /// first two documents side by side.
    fn lay_out(&mut self, restored: Option<egui_tiles::Tree<Pane>>) {
        let project = &self.ws.project;
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

    pub(crate) fn update_find_hits(&mut self) {
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
            _ => self.add_document_pane(pane),
        }
        self.focus_document_pane(doc);
    }

    /// Show `doc` in a pane of its own beside the others (or focus the pane it has).
    pub(crate) fn open_document_beside(&mut self, doc: DocId) {
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
}
