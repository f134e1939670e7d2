//! The offer, when the window starts, to restore work that a session which crashed or was
//! killed left unsaved (`io::recovery`): for each copy, Restore, Discard or Save elsewhere….
//!
//! The app finds the copies with [`RecoveryDialog::find`] when it starts, before any change is
//! made, calls [`show`] every frame while [`RecoveryDialog::is_open`], and acts on a
//! [`RecoveryChoice::Restore`]: the work replaces the workspace's
//! (`Workspace::restore_recovered`) and the entry's lease goes to the autosaver
//! (`Autosaver::adopt`). Discarding and saving elsewhere are done here.

use crate::io::recovery::{RecoveryEntry, RecoveryError, RecoveryStore, Restored};
use crate::wording::plural;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Where the window keeps copies of unsaved work: `recovery/` in Coda's data folder (on Linux
/// `$XDG_DATA_HOME/coda/recovery/`), beside what eframe stores for the window.
pub fn default_folder() -> Option<PathBuf> {
    eframe::storage_dir("coda").map(|dir| dir.join("recovery"))
}

/// What the user did in the dialog.
#[derive(Debug)]
pub enum RecoveryChoice {
    /// Open this work in the window. The dialog has closed; any other copies are offered again
    /// at the next start.
    Restore(Box<Restored>),
    /// The copy of `name`'s work was deleted.
    Discarded { name: String },
    /// `name`'s work was saved to `path` (and its copy deleted); the window is unchanged.
    SavedElsewhere { name: String, path: PathBuf },
    /// The dialog was closed with copies left; they are offered again at the next start.
    Later,
    /// "Save elsewhere…" was pressed for the copy labelled `label`: ask for a path (offering
    /// `suggested`), then hand it to [`RecoveryDialog::save_elsewhere`].
    WantsPath { label: String, suggested: String },
}

/// The copies on offer, each held (locked) by this window while the dialog is open.
pub struct RecoveryDialog {
    store: RecoveryStore,
    rows: Vec<Row>,
    /// What went wrong with a copy no longer listed.
    notice: Option<String>,
    open: bool,
}

struct Row {
    entry: RecoveryEntry,
    /// The name the row's buttons carry, told apart when two copies share a project name.
    label: String,
    /// Why the last thing tried with this copy failed.
    problem: Option<String>,
    /// Discard was pressed: asking to confirm.
    confirming: bool,
}

impl RecoveryDialog {
    /// The copies that sessions which ended abnormally left in `store`, or `None` when there
    /// are none.
    pub fn find(store: RecoveryStore) -> Result<Option<Self>, RecoveryError> {
        let entries = store.orphans()?;
        if entries.is_empty() {
            return Ok(None);
        }
        let names: Vec<String> = entries.iter().map(RecoveryEntry::name).collect();
        let rows = entries
            .into_iter()
            .enumerate()
            .map(|(i, entry)| {
                let same = names.iter().filter(|n| **n == names[i]).count();
                let label = if same > 1 {
                    let nth = names[..=i].iter().filter(|n| **n == names[i]).count();
                    format!("{} ({nth})", names[i])
                } else {
                    names[i].clone()
                };
                Row {
                    entry,
                    label,
                    problem: None,
                    confirming: false,
                }
            })
            .collect();
        Ok(Some(Self {
            store,
            rows,
            notice: None,
            open: true,
        }))
    }

    /// Save the copy labelled `label` to `path` (then delete the copy); what happened, if the
    /// copy is still on offer.
    pub fn save_elsewhere(&mut self, label: &str, path: &Path) -> Option<RecoveryChoice> {
        let i = self.rows.iter().position(|r| r.label == label)?;
        let choice = match self.store.save_elsewhere(&self.rows[i].entry, path) {
            Ok(()) => {
                let row = self.rows.remove(i);
                let name = row.entry.name();
                if let Err(e) = self.store.discard(row.entry) {
                    self.notice = Some(format!(
                        "{name} was saved to {}, but its copy could not be deleted ({e}); it is \
                         offered again at the next start.",
                        path.display()
                    ));
                }
                Some(RecoveryChoice::SavedElsewhere {
                    name,
                    path: path.to_path_buf(),
                })
            }
            Err(e) => {
                self.rows[i].problem = Some(format!("Not saved: {e}"));
                None
            }
        };
        if self.rows.is_empty() && self.notice.is_none() {
            self.open = false;
        }
        choice
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// How many copies are still on offer.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

enum Act {
    Restore,
    Discard,
    ConfirmDiscard,
    KeepIt,
    SaveElsewhere,
}

/// Show the dialog (a modal) while it is open; returns what the user did, once per action.
pub fn show(ctx: &egui::Context, state: &mut RecoveryDialog) -> Option<RecoveryChoice> {
    if !state.open {
        return None;
    }
    let now = crate::clock::wall_clock();
    let mut act = None;
    let mut later = false;
    egui::Modal::new(egui::Id::unique("coda-recovery")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Unsaved work was found");
        ui.label(format!(
            "Coda did not close normally, and kept a copy of work that was not saved: {}.",
            plural(state.rows.len(), "project", "projects")
        ));
        if state.rows.len() > 1 {
            ui.label(
                "Restoring one opens it in this window; the others are kept and offered again \
                 at the next start (or save them elsewhere first).",
            );
        }
        if let Some(notice) = &state.notice {
            ui.colored_label(ui.visuals().error_fg_color, notice);
        }
        // Each copy takes about five lines: many of them scroll.
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                for (i, row) in state.rows.iter().enumerate() {
                    ui.separator();
                    ui.strong(&row.label);
                    match &row.entry.meta {
                        Ok(meta) => {
                            ui.label(match &meta.original_path {
                                Some(path) => format!("File: {}", path.display()),
                                None => "A new project, never saved".to_string(),
                            });
                            ui.label(format!("Copied {}", when(&meta.written, now)));
                        }
                        Err(why) => {
                            ui.label(
                                egui::RichText::new(format!("Its details are lost: {why}")).weak(),
                            );
                        }
                    }
                    if let Some(problem) = &row.problem {
                        ui.colored_label(ui.visuals().error_fg_color, problem);
                    }
                    ui.horizontal(|ui| {
                        let button = |ui: &mut egui::Ui, text: &str, name: String, hover: &str| {
                            let response = ui.button(text).on_hover_text(hover);
                            response.widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                            });
                            response.clicked()
                        };
                        if row.confirming {
                            ui.label("Delete this unsaved work for good?");
                            if button(
                                ui,
                                "Delete it",
                                format!("Delete {}", row.label),
                                "The work is lost",
                            ) {
                                act = Some((i, Act::ConfirmDiscard));
                            }
                            if button(
                                ui,
                                "Keep it",
                                format!("Keep {}", row.label),
                                "Do not delete",
                            ) {
                                act = Some((i, Act::KeepIt));
                            }
                            return;
                        }
                        if button(
                            ui,
                            "Restore",
                            format!("Restore {}", row.label),
                            "Open this work in the window, unsaved",
                        ) {
                            act = Some((i, Act::Restore));
                        }
                        if button(
                            ui,
                            "Discard",
                            format!("Discard {}", row.label),
                            "Delete this copy of the unsaved work",
                        ) {
                            act = Some((i, Act::Discard));
                        }
                        if button(
                            ui,
                            "Save elsewhere…",
                            format!("Save {} elsewhere", row.label),
                            "Save this work to a file of its own, without opening it",
                        ) {
                            act = Some((i, Act::SaveElsewhere));
                        }
                    });
                }
            });
        ui.separator();
        let close = if state.rows.is_empty() {
            ui.button("Close")
        } else {
            ui.button("Decide later")
                .on_hover_text("Close this; the copies are offered again at the next start")
        };
        if close.clicked() {
            later = true;
        }
    });
    if later {
        state.open = false;
        state.rows.clear();
        return Some(RecoveryChoice::Later);
    }
    let (i, act) = act?;
    let choice = match act {
        Act::Discard => {
            state.rows[i].confirming = true;
            None
        }
        Act::KeepIt => {
            state.rows[i].confirming = false;
            None
        }
        Act::ConfirmDiscard => {
            let row = state.rows.remove(i);
            let name = row.entry.name();
            match state.store.discard(row.entry) {
                Ok(()) => Some(RecoveryChoice::Discarded { name }),
                Err(e) => {
                    state.notice = Some(format!(
                        "The copy of {name} could not be deleted ({e}); it is offered again at \
                         the next start."
                    ));
                    None
                }
            }
        }
        Act::Restore => {
            let row = state.rows.remove(i);
            match state.store.take(row.entry) {
                Ok(restored) => {
                    state.rows.clear();
                    state.open = false;
                    return Some(RecoveryChoice::Restore(Box::new(restored)));
                }
                Err(failed) => {
                    let failed = *failed;
                    state.rows.insert(
                        i,
                        Row {
                            entry: failed.entry,
                            label: row.label,
                            problem: Some(failed.error.to_string()),
                            confirming: false,
                        },
                    );
                    None
                }
            }
        }
        Act::SaveElsewhere => {
            let row = &state.rows[i];
            Some(RecoveryChoice::WantsPath {
                label: row.label.clone(),
                suggested: format!("{} (recovered).ron", row.entry.name()),
            })
        }
    };
    if state.rows.is_empty() && state.notice.is_none() {
        state.open = false;
    }
    choice
}

/// When a copy was written, for people: `2026-12-01 10:15 UTC (5 minutes ago)`.
fn when(written: &str, now: SystemTime) -> String {
    let Ok(at) = humantime::parse_rfc3339(written) else {
        return format!("at {}", crate::wording::one_line(written, 40));
    };
    let stamp = format!(
        "{} UTC",
        written.get(..16).unwrap_or(written).replace('T', " ")
    );
    let ago = match now.duration_since(at) {
        Ok(age) => age,
        Err(_) => Duration::ZERO,
    };
    let minutes = (ago.as_secs() / 60) as usize;
    let hours = minutes / 60;
    let days = hours / 24;
    let relative = if minutes < 1 {
        "just now".to_string()
    } else if hours < 1 {
        format!("{} ago", plural(minutes, "minute", "minutes"))
    } else if days < 2 {
        format!("{} ago", plural(hours, "hour", "hours"))
    } else {
        format!("{} ago", plural(days, "day", "days"))
    };
    format!("{stamp} ({relative})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_a_copy_was_written_reads_naturally() {
        let now = humantime::parse_rfc3339("2026-12-01T12:00:00Z").unwrap();
        assert_eq!(
            when("2026-12-01T11:59:30Z", now),
            "2026-12-01 11:59 UTC (just now)"
        );
        assert_eq!(
            when("2026-12-01T11:59:00Z", now),
            "2026-12-01 11:59 UTC (1 minute ago)"
        );
        assert_eq!(
            when("2026-12-01T09:30:00Z", now),
            "2026-12-01 09:30 UTC (2 hours ago)"
        );
        assert_eq!(
            when("2026-11-28T12:00:00Z", now),
            "2026-11-28 12:00 UTC (3 days ago)"
        );
        assert_eq!(when("yesterday\n", now), "at yesterday\\n");
    }
}
