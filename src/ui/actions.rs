//! What UI code asks for during a frame. Panels read the project immutably and queue actions;
//! the app applies them once, at the end of the frame.

use crate::agreement::Report;
use crate::analysis::frequencies::ChartData;
use crate::analysis::matrix::Table;
use crate::model::{CharRange, CodeId, CoderId, DocId, SegmentId};
use crate::ops::Edit;
use crate::ui::commands::Command;
use crate::ui::settings::ViewKind;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub enum Action {
    Run(Command),
    /// Any change to the project, as one undoable step with a label for the Edit menu.
    Edit {
        edit: Edit,
        label: String,
    },
    /// Code the current selection with this code (current coder).
    ApplyCode(CodeId),
    /// Create a top-level code with this name and apply it to the selection.
    CreateCodeAndApply(String),
    /// Code these passages with a code (current coder), as one step: "Code all" of the find
    /// bar (after its preview) and of the search pane. Passages already coded so are left out.
    CodeAllHits {
        code: CodeId,
        passages: Vec<(DocId, CharRange)>,
    },
    /// Search the documents of the project the filter keeps (as a job); the search pane shows
    /// the hits.
    SearchProject(
        crate::analysis::search::Query,
        crate::analysis::filter::FilterSpec,
    ),
    /// Show a document: focus its pane if it has one, else show it in the focused document pane.
    OpenDocument(DocId),
    /// Show a document in a new pane beside the others (Ctrl+click, middle click).
    OpenDocumentBeside(DocId),
    CloseDocument(DocId),
    JumpToSegment(SegmentId),
    SelectCode(Option<CodeId>),
    SelectSegment(SegmentId),
    SetCurrentCoder(CoderId),
    AddCoder(String),
    OpenProject(PathBuf),
    AddDocumentsFrom(Vec<PathBuf>),
    /// Resize a coding (from dragging its boundary or Alt+Shift+arrows).
    ResizeSegment(SegmentId, CharRange),
    /// Add a new code (under `parent`) named uniquely and select it.
    AddCode {
        parent: Option<CodeId>,
    },
    /// Ask how to delete a code (its codings: delete, or move to the parent).
    ConfirmDeleteCode(CodeId),
    /// Open a document at a passage and flash it (comparing coders).
    ShowPassage(DocId, CharRange),
    /// Select a passage and make the consensus coder current, so the user can code it by hand.
    CodeAsConsensus(DocId, CharRange),
    /// Show a message in the status bar.
    Status(String),
    /// Ask where, then write a file in the background.
    Export(Export),
    /// Bring a view's pane to the front, docking it if it is hidden.
    ShowView(ViewKind),
    /// Compute an agreement report off the frame, for the compare view.
    CompareCoders(Box<crate::ui::compare_panel::ComparisonRequest>),
    /// Compute a code matrix off the frame, for its view.
    ComputeMatrix(Box<crate::ui::matrix_pane::MatrixRequest>),
    /// List a matrix cell's passages in the Retrieval view (and bring it to the front).
    ShowPassages(Box<crate::ui::retrieval_panel::PassageSet>),
    /// Count codings off the frame, for the chart view.
    ChartFrequencies(Box<crate::ui::chart_pane::ChartRequest>),
}

/// What can be exported from the window; every export asks for a path, then renders and writes
/// the file as a job through the one safe writer.
#[derive(Debug, Clone)]
pub enum Export {
    /// Every coding of the project, with its text (CSV).
    Codings,
    /// Some codings (a retrieval), with their text (CSV).
    Passages(Vec<SegmentId>),
    /// Every statistic of a comparison (CSV).
    AgreementCsv(Arc<Report>),
    /// The agreement report as a self-contained web page.
    AgreementHtml(Arc<Report>),
    /// A merge report, already written as Markdown.
    MergeReport(String),
    /// Every document's variable values, as `coda variables --export` writes them (CSV).
    Variables,
    /// The codebook, with or without the coded passages (File > Export Report…).
    Report(crate::ui::report_dialog::ReportRequest),
    /// A code matrix as shown, as `coda matrix --csv` writes it (CSV); the name suggested.
    Table {
        file_name: &'static str,
        table: Arc<crate::analysis::matrix::Table>,
    },
    /// A chart as a PNG image.
    ChartPng(Arc<ChartData>),
    /// A chart as an SVG drawing.
    ChartSvg(Arc<ChartData>),
    /// A chart's numbers (a line per code, a column per series) as CSV; `stem` names the file.
    ChartCsv { table: Arc<Table>, stem: String },
}
