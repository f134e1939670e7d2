//! The shell's side of autosave and crash recovery (the work itself is in
//! [`crate::io::recovery`]): the autosave thread follows the open project through
//! [`Workspace::autosave`](crate::ui::workspace::Workspace::autosave) every frame, and at start
//! the work that a crashed or killed window left is offered back (restore, discard, save
//! elsewhere).

use crate::io::recovery::RecoveryStore;
use crate::io::recovery::autosave::Autosaver;
use crate::model::Project;
use crate::ui::app::CodaApp;
use crate::ui::file_requests::PickPurpose;
use crate::ui::recovery_dialog::{self, RecoveryChoice, RecoveryDialog};
use crate::ui::workspace::Workspace;
use std::path::PathBuf;

impl CodaApp {
    /// Keep unsaved work in `folder` (the real window: Coda's data folder), and offer what an
    /// earlier window left there.
    pub fn start_recovery(&mut self, folder: PathBuf) {
        let autosaver = Autosaver::start(RecoveryStore::new(folder.clone()));
        self.start_recovery_with(folder, autosaver);
    }

    /// As [`CodaApp::start_recovery`], with a given autosaver (tests: a clock they move).
    pub fn start_recovery_with(&mut self, folder: PathBuf, autosaver: Autosaver) {
        self.autosaver = Some(autosaver);
        match RecoveryDialog::find(RecoveryStore::new(folder)) {
            Ok(found) => self.recovery = found,
            Err(e) => self.show_error(format!("Could not look for unsaved work: {e}")),
        }
    }

    /// Hand this frame's changes to the autosave thread (cheap: it mirrors the edits).
    pub(crate) fn autosave(&mut self) {
        if let Some(autosaver) = &mut self.autosaver {
            self.session.ws.autosave(autosaver);
        }
    }

    /// End autosaving normally (the window closes): the recovery copy is removed.
    pub fn finish_autosave(&mut self) {
        if let Some(autosaver) = self.autosaver.take() {
            autosaver.finish();
        }
    }

    /// The autosaver, while the window keeps one.
    pub fn autosaver_mut(&mut self) -> Option<&mut Autosaver> {
        self.autosaver.as_mut()
    }

    /// Why the last autosave failed, if it did (shown in the status bar).
    pub(crate) fn autosave_problem(&self) -> Option<String> {
        self.autosaver.as_ref().and_then(|a| a.error())
    }

    /// Show the offer of unsaved work, while it is open.
    pub(crate) fn show_recovery(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.recovery else {
            return;
        };
        let choice = recovery_dialog::show(ctx, dialog);
        if !dialog.is_open() {
            self.recovery = None;
        }
        if let Some(choice) = choice {
            self.recovery_choice(choice);
        }
    }

    pub(crate) fn recovery_choice(&mut self, choice: RecoveryChoice) {
        match choice {
            RecoveryChoice::Restore(restored) => {
                let restored = *restored;
                // The restored work takes the place of the open project in a new session.
                let mut ws = std::mem::replace(
                    &mut self.session.ws,
                    Workspace::new(Project::default(), None),
                );
                let notes = ws.restore_recovered(restored.project, restored.meta.as_ref());
                if let Some(autosaver) = &mut self.autosaver {
                    autosaver.adopt(restored.lease);
                }
                self.replace_session(ws);
                let mut status = "Restored the unsaved work: save it to keep it".to_string();
                for note in notes {
                    status.push_str("; ");
                    status.push_str(&note);
                }
                self.status = status;
            }
            RecoveryChoice::Discarded { name } => {
                self.status = format!("Deleted the unsaved work of {name}")
            }
            RecoveryChoice::SavedElsewhere { name, path } => {
                self.status = format!("Saved the unsaved work of {name} to {}", path.display())
            }
            RecoveryChoice::Later => {
                self.status = "The unsaved work is offered again at the next start".into()
            }
            RecoveryChoice::WantsPath { label, suggested } => {
                self.ask_file(PickPurpose::RecoveredCopy { label, suggested })
            }
        }
    }

    /// The path chosen for a recovered copy's "Save elsewhere…".
    pub(crate) fn save_recovered_copy(&mut self, label: &str, path: PathBuf) {
        let choice = self
            .recovery
            .as_mut()
            .and_then(|dialog| dialog.save_elsewhere(label, &path));
        if let Some(choice) = choice {
            self.recovery_choice(choice);
        }
    }
}
