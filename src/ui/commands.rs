//! The command table: one entry per user command, feeding the menus, the keyboard shortcuts and
//! the tooltips, so the three never disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    NewProject,
    OpenProject,
    Save,
    SaveAs,
    AddDocuments,
    ImportCodings,
    ExportCodings,
    ImportRefi,
    ExportRefi,
    ExportReport,
    Quit,
    Undo,
    Redo,
    Find,
    SearchProject,
    QuickPick,
    DeleteSegment,
    ToggleDocuments,
    ToggleCodebook,
    ToggleRetrieval,
    ToggleMemos,
    ToggleVariables,
    ToggleMatrix,
    ToggleCooccurrence,
    ToggleChart,
    ToggleTheme,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    AddCoder,
    CompareCoders,
    CompareFiles,
    MergeProjects,
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

impl Command {
    /// Every command, in menu order.
    pub const ALL: [Command; 33] = [
        Command::NewProject,
        Command::OpenProject,
        Command::Save,
        Command::SaveAs,
        Command::AddDocuments,
        Command::ImportCodings,
        Command::ExportCodings,
        Command::ImportRefi,
        Command::ExportRefi,
        Command::ExportReport,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::Find,
        Command::SearchProject,
        Command::QuickPick,
        Command::DeleteSegment,
        Command::ToggleDocuments,
        Command::ToggleCodebook,
        Command::ToggleRetrieval,
        Command::ToggleMemos,
        Command::ToggleVariables,
        Command::ToggleMatrix,
        Command::ToggleCooccurrence,
        Command::ToggleChart,
        Command::ToggleTheme,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomReset,
        Command::AddCoder,
        Command::CompareCoders,
        Command::CompareFiles,
        Command::MergeProjects,
    ];

    /// The menu text (also the accessible name of its menu button).
    pub fn label(self) -> &'static str {
        match self {
            Command::NewProject => "New Project…",
            Command::OpenProject => "Open…",
            Command::Save => "Save",
            Command::SaveAs => "Save As…",
            Command::AddDocuments => "Add Documents…",
            Command::ImportCodings => "Import Codings CSV…",
            Command::ExportCodings => "Export Codings CSV…",
            Command::ImportRefi => "Import REFI-QDA…",
            Command::ExportRefi => "Export REFI-QDA…",
            Command::ExportReport => "Export Report…",
            Command::Quit => "Quit",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::Find => "Find…",
            Command::SearchProject => "Search Project…",
            Command::QuickPick => "Apply Code…",
            Command::DeleteSegment => "Delete Coding",
            Command::ToggleDocuments => "Documents Panel",
            Command::ToggleCodebook => "Codebook Panel",
            Command::ToggleRetrieval => "Retrieval Panel",
            Command::ToggleMemos => "Memos Panel",
            Command::ToggleVariables => "Variables Panel",
            Command::ToggleMatrix => "Code × Document Matrix",
            Command::ToggleCooccurrence => "Code Co-occurrence",
            Command::ToggleChart => "Code Frequency Chart",
            Command::ToggleTheme => "Dark Theme",
            Command::ZoomIn => "Larger Text",
            Command::ZoomOut => "Smaller Text",
            Command::ZoomReset => "Default Text Size",
            Command::AddCoder => "Add Coder…",
            Command::CompareCoders => "Compare Coders",
            Command::CompareFiles => "Compare Coders' Files…",
            Command::MergeProjects => "Merge Projects…",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            Command::NewProject => "Start an empty project",
            Command::OpenProject => "Open a project file (.ron)",
            Command::Save => {
                "Save the project (atomically, keeping the previous versions in NAME.ron.backups)"
            }
            Command::SaveAs => "Save the project under a new name",
            Command::AddDocuments => {
                "Import .txt or .md documents (you can also drop files on the window)"
            }
            Command::ImportCodings => "Import codings from CSV: document,start,end,code,coder,memo",
            Command::ExportCodings => "Export every coding as CSV, with the coded text",
            Command::ImportRefi => {
                "Open a REFI-QDA project (.qdpx, from NVivo, MAXQDA, ATLAS.ti, QualCoder…) as a new \
                 project, or add a codebook's (.qdc) codes to this one"
            }
            Command::ExportRefi => {
                "Save the project as REFI-QDA (.qdpx) or its codebook (.qdc), for NVivo, MAXQDA, \
                 ATLAS.ti, QualCoder…"
            }
            Command::ExportReport => {
                "Write the codebook and the coded passages (with document, page, coder and memo) as \
                 a web page, a Word document or Markdown, for some documents and coders or all"
            }
            Command::Quit => "Close Coda (asks to save unsaved changes)",
            Command::Undo => "Undo the last change",
            Command::Redo => "Redo the last undone change",
            Command::Find => "Search the focused document; code all hits at once",
            Command::SearchProject => {
                "Search every document: hits in context, click one to see it, code them all at once"
            }
            Command::QuickPick => "Type to filter codes and apply one to the selection",
            Command::DeleteSegment => "Remove the selected coding",
            Command::ToggleDocuments => "Show or hide the document list",
            Command::ToggleCodebook => "Show or hide the codebook",
            Command::ToggleRetrieval => "Show or hide the coded segments of the selected code",
            Command::ToggleMemos => {
                "Show or hide every memo of the project (write the project's and documents' memos there)"
            }
            Command::ToggleVariables => {
                "Show or hide the table of document variables (year, outlet…): edit a document's values in place"
            }
            Command::ToggleMatrix => {
                "Show or hide the codings of each code per document, group or variable value, as a heat map; click a cell for its passages"
            }
            Command::ToggleCooccurrence => {
                "Show or hide how often the codings of two codes overlap (or meet in a sentence or paragraph), as a heat map; click a cell for its passages"
            }
            Command::ToggleChart => {
                "Show or hide a bar chart of how often each code is used, by document, group or coder (export it as PNG, SVG or CSV)"
            }
            Command::ToggleTheme => "Switch between dark and light colours",
            Command::ZoomIn => "Make document text larger",
            Command::ZoomOut => "Make document text smaller",
            Command::ZoomReset => "Return to the default text size",
            Command::AddCoder => "Add a coder and make them the current coder",
            Command::CompareFiles => {
                "Combine coders' separate project files (matched by document text and code path) and compare them"
            }
            Command::MergeProjects => {
                "Merge other project files into this one: nothing is lost, conflicts are shown side by side"
            }
            Command::CompareCoders => {
                "Show inter-coder agreement per code and document, where two coders differ, and settle it as the consensus"
            }
        }
    }

    /// Shortcuts; the first is shown in menus.
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        let sc = KeyboardShortcut::new;
        match self {
            Command::NewProject => vec![sc(CTRL, Key::N)],
            Command::OpenProject => vec![sc(CTRL, Key::O)],
            Command::Save => vec![sc(CTRL, Key::S)],
            Command::SaveAs => vec![sc(CTRL_SHIFT, Key::S)],
            Command::Quit => vec![sc(CTRL, Key::Q)],
            Command::Undo => vec![sc(CTRL, Key::Z)],
            Command::Redo => vec![sc(CTRL, Key::Y), sc(CTRL_SHIFT, Key::Z)],
            Command::Find => vec![sc(CTRL, Key::F)],
            Command::SearchProject => vec![sc(CTRL_SHIFT, Key::F)],
            Command::QuickPick => vec![sc(CTRL, Key::K)],
            Command::DeleteSegment => vec![sc(Modifiers::NONE, Key::Delete)],
            Command::ZoomIn => vec![sc(CTRL, Key::Plus), sc(CTRL, Key::Equals)],
            Command::ZoomOut => vec![sc(CTRL, Key::Minus)],
            Command::ZoomReset => vec![sc(CTRL, Key::Num0)],
            _ => Vec::new(),
        }
    }

    /// Commands that act on the document text and should not fire while a text field has focus.
    pub fn needs_document_focus(self) -> bool {
        matches!(self, Command::DeleteSegment)
    }
}
