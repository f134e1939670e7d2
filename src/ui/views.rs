//! Views: the panels that dock as panes beside documents (codebook, retrieval, compare, memos,
//! search, variables, chart).
//!
//! A view owns its state (kept in the [`Session`](crate::ui::session::Session), so it lives and
//! dies with the project), reads the project during the frame through a [`ViewCx`] and asks for
//! every change by queueing an [`Action`]; it never writes a file or the project itself.

use crate::model::{CodeId, Project, SegmentId};
use crate::ui::actions::Action;
use crate::ui::settings::ViewKind;
use crate::ui::{
    chart_pane, codebook_panel, coding_inspector, compare_panel, matrix_pane, memos_panel,
    retrieval_panel, search_pane, variables_pane,
};
use egui::Ui;

/// What a view may read during a frame, and where it puts what it asks for.
pub struct ViewCx<'a> {
    pub project: &'a Project,
    /// Changes whenever the project does (process-wide, never reused).
    pub revision: u64,
    pub selected_code: Option<CodeId>,
    pub selected_segment: Option<SegmentId>,
    /// Whether a passage is selected in a document (so a code click codes it).
    pub has_selection: bool,
    pub actions: &'a mut Vec<Action>,
}

pub trait View {
    fn kind(&self) -> ViewKind;
    /// The pane's tab title.
    fn title(&self, project: &Project) -> String;
    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewCx<'_>);
}

/// The tab title of a view that is not drawn this frame (the same as [`View::title`] for views
/// whose title does not depend on their state).
pub fn plain_title(kind: ViewKind) -> &'static str {
    match kind {
        ViewKind::Codebook => "Codebook",
        ViewKind::Retrieval => "Retrieval",
        ViewKind::Compare => "Compare coders",
        ViewKind::Memos => "Memos",
        ViewKind::Search => "Search",
        ViewKind::Variables => "Variables",
        ViewKind::Matrix => "Code × document",
        ViewKind::Cooccurrence => "Co-occurrence",
        ViewKind::Chart => "Chart",
    }
}

/// The codebook, with the selected coding's inspector above it.
#[derive(Default)]
pub struct CodebookView {
    pub codes: codebook_panel::CodebookState,
    pub inspector: coding_inspector::InspectorState,
}

impl View for CodebookView {
    fn kind(&self) -> ViewKind {
        ViewKind::Codebook
    }

    fn title(&self, _project: &Project) -> String {
        plain_title(ViewKind::Codebook).into()
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewCx<'_>) {
        if let Some(id) = cx.selected_segment {
            coding_inspector::show(ui, cx.project, id, &mut self.inspector, cx.actions);
        }
        codebook_panel::show(
            ui,
            cx.project,
            &mut self.codes,
            cx.selected_code,
            cx.has_selection,
            cx.revision,
            cx.actions,
        );
    }
}

impl View for retrieval_panel::RetrievalState {
    fn kind(&self) -> ViewKind {
        ViewKind::Retrieval
    }

    fn title(&self, _project: &Project) -> String {
        plain_title(ViewKind::Retrieval).into()
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewCx<'_>) {
        retrieval_panel::show(
            ui,
            cx.project,
            cx.revision,
            cx.selected_code,
            self,
            cx.actions,
        );
    }
}

impl View for compare_panel::CompareState {
    fn kind(&self) -> ViewKind {
        ViewKind::Compare
    }

    fn title(&self, _project: &Project) -> String {
        plain_title(ViewKind::Compare).into()
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewCx<'_>) {
        compare_panel::show(ui, cx.project, cx.revision, self, cx.actions);
    }
}

impl View for memos_panel::MemosState {
    fn kind(&self) -> ViewKind {
        ViewKind::Memos
    }

    fn title(&self, _project: &Project) -> String {
        plain_title(ViewKind::Memos).into()
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewCx<'_>) {
        memos_panel::show(ui, cx.project, cx.revision, self, cx.actions);
    }
}

impl View for search_pane::SearchState {
    fn kind(&self) -> ViewKind {
        ViewKind::Search
    }

    fn title(&self, _project: &Project) -> String {
        plain_title(ViewKind::Search).into()
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewCx<'_>) {
        search_pane::show(ui, cx.project, cx.revision, self, cx.actions);
    }
}

impl View for variables_pane::VariablesState {
    fn kind(&self) -> ViewKind {
        ViewKind::Variables
    }

    fn title(&self, _project: &Project) -> String {
        plain_title(ViewKind::Variables).into()
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewCx<'_>) {
        variables_pane::show(ui, cx.project, self, cx.actions);
    }
}

impl View for matrix_pane::MatrixState {
    fn kind(&self) -> ViewKind {
        match self.kind {
            matrix_pane::MatrixKind::CodeDocument => ViewKind::Matrix,
            matrix_pane::MatrixKind::Cooccurrence => ViewKind::Cooccurrence,
        }
    }

    fn title(&self, _project: &Project) -> String {
        plain_title(self.kind()).into()
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewCx<'_>) {
        matrix_pane::show(ui, cx.project, cx.revision, self, cx.actions);
    }
}

impl View for chart_pane::ChartState {
    fn kind(&self) -> ViewKind {
        ViewKind::Chart
    }

    fn title(&self, _project: &Project) -> String {
        plain_title(ViewKind::Chart).into()
    }

    fn ui(&mut self, ui: &mut Ui, cx: &mut ViewCx<'_>) {
        chart_pane::show(
            ui,
            cx.project,
            cx.revision,
            cx.selected_code,
            self,
            cx.actions,
        );
    }
}

/// Every view's state, borrowed for one frame of the panes.
pub struct ViewStates<'a> {
    pub codebook: &'a mut CodebookView,
    pub retrieval: &'a mut retrieval_panel::RetrievalState,
    pub compare: &'a mut compare_panel::CompareState,
    pub memos: &'a mut memos_panel::MemosState,
    pub search: &'a mut search_pane::SearchState,
    pub variables: &'a mut variables_pane::VariablesState,
    pub matrix: &'a mut matrix_pane::MatrixState,
    pub cooccurrence: &'a mut matrix_pane::MatrixState,
    pub chart: &'a mut chart_pane::ChartState,
}

impl ViewStates<'_> {
    pub fn get(&mut self, kind: ViewKind) -> &mut dyn View {
        match kind {
            ViewKind::Codebook => self.codebook,
            ViewKind::Retrieval => self.retrieval,
            ViewKind::Compare => self.compare,
            ViewKind::Memos => self.memos,
            ViewKind::Search => self.search,
            ViewKind::Variables => self.variables,
            ViewKind::Matrix => self.matrix,
            ViewKind::Cooccurrence => self.cooccurrence,
            ViewKind::Chart => self.chart,
        }
    }
}
