//! The panes in egui_tiles: documents and views (codebook, retrieval, compare, memos) side by
//! side, stacked or tabbed, rearranged by dragging tabs.

use crate::model::{CharRange, CodeId, DocId, Project, SegmentId};
use crate::ui::actions::Action;
use crate::ui::app::FindState;
use crate::ui::document_view::{
    self, CompareOverlay, TextSelection, ViewCaches, ViewContext, ViewEvent,
};
use crate::ui::settings::{Pane, ViewKind};
use crate::ui::views::{ViewCx, ViewStates};
use egui::{Ui, WidgetText};
use egui_tiles::{SimplificationOptions, TileId, Tiles, UiResponse};

/// Borrows what the panes need for one frame and collects what happened in them.
pub struct Panes<'a> {
    pub project: &'a Project,
    pub revision: u64,
    pub text_size: f32,
    pub views: &'a mut ViewCaches,
    pub selection: &'a mut Option<TextSelection>,
    pub selected_segment: &'a mut Option<SegmentId>,
    pub find: &'a FindState,
    pub focused_doc: Option<DocId>,
    /// A passage flashing after a jump: document, range, strength.
    pub flash: Option<(DocId, CharRange, f32)>,
    pub scroll_to: Option<(DocId, usize)>,
    /// The comparison overlay, for the document it applies to.
    pub overlay: Option<&'a CompareOverlay>,
    pub overlay_doc: Option<DocId>,
    pub events: Vec<(DocId, ViewEvent)>,
    pub closed: Vec<DocId>,
    /// The views' states, and what they need to know.
    pub view_states: ViewStates<'a>,
    pub selected_code: Option<CodeId>,
    pub actions: &'a mut Vec<Action>,
    /// Views whose tab was closed (hidden) this frame.
    pub closed_views: Vec<ViewKind>,
}

impl egui_tiles::Behavior<Pane> for Panes<'_> {
    fn pane_ui(&mut self, ui: &mut Ui, _tile_id: TileId, pane: &mut Pane) -> UiResponse {
        let doc_id = match *pane {
            Pane::Document(doc) => doc,
            Pane::View(kind) => {
                let mut cx = ViewCx {
                    project: self.project,
                    revision: self.revision,
                    selected_code: self.selected_code,
                    selected_segment: *self.selected_segment,
                    has_selection: self.selection.is_some_and(|s| !s.range().is_empty()),
                    actions: self.actions,
                };
                ui.push_id(("view", kind), |ui| {
                    egui::Frame::new()
                        .inner_margin(egui::Margin::symmetric(8, 4))
                        .show(ui, |ui| self.view_states.get(kind).ui(ui, &mut cx));
                });
                return UiResponse::None;
            }
        };
        let Some(doc) = self.project.document(doc_id) else {
            ui.label("This document is no longer in the project.");
            return UiResponse::None;
        };
        let searching = self.find.open && self.focused_doc == Some(doc_id);
        let cx = ViewContext {
            project: self.project,
            doc,
            revision: self.revision,
            text_size: self.text_size,
            find_hits: if searching { &self.find.hits } else { &[] },
            current_hit: if searching { self.find.current } else { None },
            flash: self
                .flash
                .filter(|(d, _, _)| *d == doc_id)
                .map(|(_, r, s)| (r, s)),
            scroll_to: self.scroll_to.filter(|(d, _)| *d == doc_id).map(|(_, c)| c),
            overlay: self.overlay.filter(|_| self.overlay_doc == Some(doc_id)),
        };
        let cache = self.views.get(doc);
        let events = document_view::show(ui, cache, &cx, self.selection, self.selected_segment);
        self.events.extend(events.into_iter().map(|e| (doc_id, e)));
        UiResponse::None
    }

    fn tab_title_for_pane(&mut self, pane: &Pane) -> WidgetText {
        let doc_id = match pane {
            Pane::Document(doc) => doc,
            Pane::View(kind) => return self.view_states.get(*kind).title(self.project).into(),
        };
        let name = self
            .project
            .document(*doc_id)
            .map_or("(removed)", |d| d.name.as_str());
        if self.focused_doc == Some(*doc_id) {
            egui::RichText::new(name).strong().into()
        } else {
            name.into()
        }
    }

    fn is_tab_closable(&self, _tiles: &Tiles<Pane>, _tile_id: TileId) -> bool {
        true
    }

    fn on_tab_close(&mut self, tiles: &mut Tiles<Pane>, tile_id: TileId) -> bool {
        match tiles.get(tile_id) {
            Some(egui_tiles::Tile::Pane(Pane::Document(doc))) => self.closed.push(*doc),
            Some(egui_tiles::Tile::Pane(Pane::View(kind))) => self.closed_views.push(*kind),
            _ => {}
        }
        true
    }

    fn simplification_options(&self) -> SimplificationOptions {
        SimplificationOptions {
            all_panes_must_have_tabs: true,
            ..Default::default()
        }
    }
}
