//! File dialogs behind a seam: the app asks a [`FileDialogs`], which is rfd in the real window
//! and a scripted stand-in in tests (no test may open a portal dialog).

use std::collections::VecDeque;
use std::path::PathBuf;

pub trait FileDialogs {
    fn open_project(&mut self) -> Option<PathBuf>;
    fn save_project(&mut self, suggested_name: &str) -> Option<PathBuf>;
    fn pick_documents(&mut self) -> Vec<PathBuf>;
    fn open_csv(&mut self) -> Option<PathBuf>;
    fn save_csv(&mut self, suggested_name: &str) -> Option<PathBuf>;
    /// Where to save a report; `kind` names the format ("CSV", "HTML", "Markdown") and
    /// `extension` its file extension.
    fn save_report(&mut self, suggested_name: &str, kind: &str, extension: &str)
    -> Option<PathBuf>;
    /// Several project files, e.g. coders' files to compare or merge.
    fn pick_projects(&mut self, title: &str) -> Vec<PathBuf>;
}

/// Native dialogs through rfd (xdg-desktop-portal on Linux, zenity as its fallback).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open_project(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open a Coda project")
            .add_filter("Coda project", &["ron"])
            .pick_file()
    }

    fn save_project(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Save the Coda project")
            .add_filter("Coda project", &["ron"])
            .set_file_name(suggested_name)
            .save_file()
    }

    fn pick_documents(&mut self) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Add documents")
            .add_filter("Text and Markdown", &["txt", "md", "markdown"])
            .pick_files()
            .unwrap_or_default()
    }

    fn open_csv(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Import codings")
            .add_filter("CSV or TSV", &["csv", "tsv"])
            .pick_file()
    }

    fn save_csv(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Export codings")
            .add_filter("CSV", &["csv"])
            .set_file_name(suggested_name)
            .save_file()
    }

    fn save_report(
        &mut self,
        suggested_name: &str,
        kind: &str,
        extension: &str,
    ) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(format!("Save the {kind} report"))
            .add_filter(kind, &[extension])
            .set_file_name(suggested_name)
            .save_file()
    }

    fn pick_projects(&mut self, title: &str) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter("Coda project", &["ron"])
            .pick_files()
            .unwrap_or_default()
    }
}

/// Answers queued in advance, for tests. An empty queue answers "cancelled".
#[derive(Default)]
pub struct ScriptedDialogs {
    pub answers: VecDeque<Vec<PathBuf>>,
}

impl ScriptedDialogs {
    pub fn answer(mut self, paths: Vec<PathBuf>) -> Self {
        self.answers.push_back(paths);
        self
    }

    fn next_one(&mut self) -> Option<PathBuf> {
        self.answers.pop_front().and_then(|v| v.into_iter().next())
    }
}

impl FileDialogs for ScriptedDialogs {
    fn open_project(&mut self) -> Option<PathBuf> {
        self.next_one()
    }

    fn save_project(&mut self, _: &str) -> Option<PathBuf> {
        self.next_one()
    }

    fn pick_documents(&mut self) -> Vec<PathBuf> {
        self.answers.pop_front().unwrap_or_default()
    }

    fn open_csv(&mut self) -> Option<PathBuf> {
        self.next_one()
    }

    fn save_csv(&mut self, _: &str) -> Option<PathBuf> {
        self.next_one()
    }

    fn save_report(&mut self, _: &str, _: &str, _: &str) -> Option<PathBuf> {
        self.next_one()
    }

    fn pick_projects(&mut self, _: &str) -> Vec<PathBuf> {
        self.answers.pop_front().unwrap_or_default()
    }
}
