//! The desktop window (egui/eframe). Nothing outside this module names an egui type.

mod actions;
pub mod app;
mod codebook_panel;
mod coding_inspector;
pub mod commands;
pub mod compare_panel;
pub mod dialogs;
pub mod document_view;
mod documents_panel;
mod find_bar;
mod fonts;
mod menu;
pub mod merge_dialog;
mod modals;
mod panes;
mod quick_pick;
mod retrieval_panel;
pub mod settings;
pub mod workspace;

pub use actions::Action;
pub use app::CodaApp;
pub use workspace::Workspace;

use std::path::PathBuf;

impl eframe::App for CodaApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.persist_settings();
        eframe::set_value(storage, settings::STORAGE_KEY, &self.settings);
    }
}

/// Open the window on `path`, or on the most recent project, or on `sample`.
pub fn run(path: Option<PathBuf>, sample: Option<PathBuf>) -> Result<(), String> {
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
