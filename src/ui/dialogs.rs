//! File dialogs behind a seam: the app asks a [`FileDialogs`], which is rfd in the real window
//! and a scripted stand-in in tests (no test may open a portal dialog).
//!
//! On Linux rfd shows xdg-desktop-portal's dialog, or zenity's when the portal fails; with
//! neither it answers "nothing chosen", exactly as if the user had cancelled. So before asking,
//! the shell calls [`FileDialogs::native_available`]; when that says no, it shows
//! [`NO_SYSTEM_DIALOG_NOTICE`] once and asks Coda's own picker
//! ([`crate::ui::file_picker::FilePicker`]) the same question, described by the same
//! [`DialogSpec`].

mod availability;

pub use availability::system_dialog;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

/// What the shell tells the user, once, when it shows Coda's own picker instead of the system's.
pub const NO_SYSTEM_DIALOG_NOTICE: &str = "No system file dialog is available (no \
    xdg-desktop-portal and no zenity): using Coda's own file picker. Install \
    xdg-desktop-portal-gtk or zenity for the system dialog.";

pub trait FileDialogs {
    /// `Ok` when [`FileDialogs::ask`] can show a dialog; otherwise why not. When it is an `Err`,
    /// `ask` answers "nothing chosen" without asking anyone, so the caller must use Coda's own
    /// picker instead.
    fn native_available(&self) -> Result<(), String>;
    /// Ask the user `spec`'s question; the files chosen (none when cancelled).
    fn ask(&mut self, spec: &DialogSpec) -> Vec<PathBuf>;
}

/// How many files a dialog returns, and whether they must exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickMode {
    OpenOne,
    OpenMany,
    /// A file to write, which may not exist yet; the name is offered as the default.
    Save {
        suggested_name: String,
    },
}

/// One question to ask of a file dialog: the system's ([`NativeDialogs`]) and Coda's own
/// picker show the same title and filter, so each [`FileDialogs`] method has a constructor here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialogSpec {
    pub title: String,
    pub mode: PickMode,
    /// What the filter is called ("Coda project").
    pub filter_name: String,
    /// Extensions without the dot, lower case ("ron").
    pub extensions: Vec<String>,
}

impl DialogSpec {
    fn new(title: &str, mode: PickMode, filter_name: &str, extensions: &[&str]) -> Self {
        DialogSpec {
            title: title.to_owned(),
            mode,
            filter_name: filter_name.to_owned(),
            extensions: extensions.iter().map(|e| e.to_ascii_lowercase()).collect(),
        }
    }

    fn save(suggested_name: &str) -> PickMode {
        PickMode::Save {
            suggested_name: suggested_name.to_owned(),
        }
    }

    pub fn open_project() -> Self {
        Self::new(
            "Open a Coda project",
            PickMode::OpenOne,
            "Coda project",
            &["ron"],
        )
    }

    pub fn save_project(suggested_name: &str) -> Self {
        let mode = Self::save(suggested_name);
        Self::new("Save the Coda project", mode, "Coda project", &["ron"])
    }

    pub fn pick_documents() -> Self {
        Self::new(
            "Add documents",
            PickMode::OpenMany,
            "Text, Markdown, PDF, Word, OpenDocument and web pages",
            &crate::io::import::DOCUMENT_EXTENSIONS,
        )
    }

    pub fn open_csv() -> Self {
        Self::new(
            "Import codings",
            PickMode::OpenOne,
            "CSV or TSV",
            &["csv", "tsv"],
        )
    }

    pub fn save_csv(suggested_name: &str) -> Self {
        Self::new(
            "Export codings",
            Self::save(suggested_name),
            "CSV",
            &["csv"],
        )
    }

    /// Where to save an export: `title` says what (`Export the chart as PNG`).
    pub fn save_export(title: &str, suggested_name: &str, kind: &str, extension: &str) -> Self {
        Self::new(title, Self::save(suggested_name), kind, &[extension])
    }

    pub fn save_report(suggested_name: &str, kind: &str, extension: &str) -> Self {
        let title = format!("Save the {kind} report");
        Self::new(&title, Self::save(suggested_name), kind, &[extension])
    }

    pub fn open_refi() -> Self {
        Self::new(
            "Import a REFI-QDA project or codebook",
            PickMode::OpenOne,
            "REFI-QDA project or codebook",
            &["qdpx", "qdc"],
        )
    }

    /// The extension chosen says which: .qdpx (the project) or .qdc (the codebook).
    pub fn save_refi(suggested_name: &str) -> Self {
        Self::new(
            "Export as REFI-QDA",
            Self::save(suggested_name),
            "REFI-QDA project (.qdpx) or codebook (.qdc)",
            &["qdpx", "qdc"],
        )
    }

    pub fn pick_projects(title: &str) -> Self {
        Self::new(title, PickMode::OpenMany, "Coda project", &["ron"])
    }

    /// Whether the filter lets `path` through (by extension, ignoring case).
    pub fn accepts(&self, path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }
}

/// Native dialogs through rfd (xdg-desktop-portal on Linux, zenity as its fallback).
pub struct NativeDialogs;

impl NativeDialogs {
    /// Find out now, on a thread of its own, whether a system dialog exists, so that the first
    /// file command does not wait for the answer. Optional: the first question asks otherwise.
    pub fn probe_in_background() {
        std::thread::spawn(|| {
            let _ = system_dialog();
        });
    }

    fn ask(spec: DialogSpec) -> Vec<PathBuf> {
        if system_dialog().is_err() {
            return Vec::new();
        }
        let extensions: Vec<&str> = spec.extensions.iter().map(String::as_str).collect();
        let dialog = rfd::FileDialog::new()
            .set_title(&spec.title)
            .add_filter(&spec.filter_name, &extensions);
        match spec.mode {
            PickMode::OpenOne => dialog.pick_file().into_iter().collect(),
            PickMode::OpenMany => dialog.pick_files().unwrap_or_default(),
            PickMode::Save { suggested_name } => dialog
                .set_file_name(suggested_name)
                .save_file()
                .into_iter()
                .collect(),
        }
    }
}

impl FileDialogs for NativeDialogs {
    fn native_available(&self) -> Result<(), String> {
        system_dialog()
    }

    fn ask(&mut self, spec: &DialogSpec) -> Vec<PathBuf> {
        Self::ask(spec.clone())
    }
}

/// Answers queued in advance, for tests. An empty queue answers "cancelled".
#[derive(Default)]
pub struct ScriptedDialogs {
    pub answers: VecDeque<Vec<PathBuf>>,
    /// Set by [`ScriptedDialogs::unavailable`]: no system dialog exists, and every question
    /// answers "nothing chosen" without taking a queued answer.
    pub unavailable: Option<String>,
}

impl ScriptedDialogs {
    pub fn answer(mut self, paths: Vec<PathBuf>) -> Self {
        self.answers.push_back(paths);
        self
    }

    /// Behave like a machine without xdg-desktop-portal and zenity, for `reason`.
    pub fn unavailable(mut self, reason: &str) -> Self {
        self.unavailable = Some(reason.to_owned());
        self
    }

    fn next(&mut self) -> Vec<PathBuf> {
        if self.unavailable.is_some() {
            return Vec::new();
        }
        self.answers.pop_front().unwrap_or_default()
    }
}

impl FileDialogs for ScriptedDialogs {
    fn native_available(&self) -> Result<(), String> {
        match &self.unavailable {
            Some(reason) => Err(reason.clone()),
            None => Ok(()),
        }
    }

    fn ask(&mut self, _spec: &DialogSpec) -> Vec<PathBuf> {
        self.next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_keep_the_titles_and_filters_of_each_question() {
        let open = DialogSpec::open_project();
        assert_eq!(open.title, "Open a Coda project");
        assert_eq!(open.mode, PickMode::OpenOne);
        assert_eq!(open.extensions, ["ron"]);
        let report = DialogSpec::save_report("agreement.html", "HTML", "HTML");
        assert_eq!(report.title, "Save the HTML report");
        assert_eq!(
            report.mode,
            PickMode::Save {
                suggested_name: "agreement.html".into()
            }
        );
        assert_eq!(report.extensions, ["html"]);
        let documents = DialogSpec::pick_documents();
        assert_eq!(documents.mode, PickMode::OpenMany);
        for name in [
            "interview.docx",
            "notes.ODT",
            "article.html",
            "saved.htm",
            "a.md",
        ] {
            assert!(documents.accepts(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn a_spec_accepts_its_extensions_in_any_case() {
        let csv = DialogSpec::open_csv();
        assert!(csv.accepts(Path::new("/tmp/codings.csv")));
        assert!(csv.accepts(Path::new("codings.TSV")));
        assert!(!csv.accepts(Path::new("codings.csv.bak")));
        assert!(!csv.accepts(Path::new("csv")));
    }

    #[test]
    fn scripted_dialogs_can_be_unavailable_and_then_choose_nothing() {
        let mut dialogs = ScriptedDialogs::default()
            .answer(vec![PathBuf::from("a.ron")])
            .unavailable("no portal");
        assert_eq!(dialogs.native_available(), Err("no portal".into()));
        let spec = DialogSpec::open_project();
        assert_eq!(dialogs.ask(&spec), Vec::<PathBuf>::new());
        let mut dialogs = ScriptedDialogs::default().answer(vec![PathBuf::from("a.ron")]);
        assert_eq!(dialogs.native_available(), Ok(()));
        assert_eq!(dialogs.ask(&spec), vec![PathBuf::from("a.ron")]);
    }
}
