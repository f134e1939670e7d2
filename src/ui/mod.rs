//! The desktop window (egui/eframe). Nothing outside this module names an egui type.

mod actions;
pub mod app;
mod background;
pub mod chart_pane;
mod codebook_panel;
mod coding_inspector;
pub mod commands;
pub mod compare_panel;
mod context_menu;
mod coverage_menu;
pub mod dialogs;
pub mod document_view;
mod documents_panel;
pub mod file_picker;
mod file_requests;
mod filter_bar;
mod find_bar;
mod fonts;
mod frozen_grid;
pub mod jobs;
pub mod layout;
pub mod matrix_pane;
mod memos_panel;
mod menu;
pub mod merge_dialog;
mod modals;
mod panes;
mod quick_pick;
mod recovery;
pub mod recovery_dialog;
mod refi_jobs;
pub mod report_dialog;
pub mod retrieval_panel;
pub mod search_pane;
pub mod session;
pub mod settings;
pub mod variables_pane;
pub mod views;
pub mod workspace;

pub use actions::Action;
pub use app::CodaApp;
pub use workspace::Workspace;

use std::path::{Path, PathBuf};

impl eframe::App for CodaApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.persist_settings();
        eframe::set_value(storage, settings::STORAGE_KEY, &self.settings);
    }

    fn on_exit(&mut self) {
        // A normal close: the copy of unsaved work is not needed (the user saved or chose to
        // discard); only a crash or a kill leaves one.
        self.finish_autosave();
    }
}

/// The bundled sample as the user's own project: the first start copies it into Coda's data
/// folder and later starts find that copy, so that saving never writes into the installation or
/// the source tree, and the user's work in the sample is never replaced.
pub fn user_copy_of_sample(sample: &Path, data_dir: &Path) -> Result<PathBuf, String> {
    use crate::io::project_file::{self, ProjectFile};
    let name = sample
        .file_name()
        .ok_or_else(|| format!("{}: not a file", sample.display()))?;
    let copy = data_dir.join(name);
    if copy.exists() {
        return Ok(copy);
    }
    std::fs::create_dir_all(data_dir)
        .map_err(|e| format!("{}: cannot create: {e}", data_dir.display()))?;
    let loaded = project_file::load(sample).map_err(|e| e.to_string())?;
    let mut file = ProjectFile::create(&copy, "coda window").map_err(|e| e.to_string())?;
    file.save(&loaded.project).map_err(|e| e.to_string())?;
    Ok(copy)
}

/// Open the window on `path`, or on the most recent project, or on `sample` (the user's copy
/// of it, see [`user_copy_of_sample`]).
pub fn run(path: Option<PathBuf>, sample: Option<PathBuf>) -> Result<(), String> {
    let sample = sample.and_then(|sample| {
        let data_dir = eframe::storage_dir("coda")?.join("Sample project");
        user_copy_of_sample(&sample, &data_dir)
            .map_err(|e| eprintln!("coda: cannot copy the sample project: {e}"))
            .ok()
    });
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Coda")
            .with_inner_size([1400.0, 880.0])
            .with_min_inner_size([700.0, 450.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "coda",
        options,
        Box::new(move |cc| Ok(Box::new(CodaApp::from_creation_context(cc, path, sample)))),
    )
    .map_err(|e| e.to_string())
}
