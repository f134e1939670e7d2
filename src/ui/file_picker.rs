//! Coda's own file picker, drawn inside Coda's window, for machines without a system file
//! dialog (see [`crate::ui::dialogs::system_dialog`]). It asks the same [`DialogSpec`] as the
//! system dialog would and only answers with paths: saving, overwriting and opening stay with
//! the command that asked (and so with the one safe writer).
//!
//! Written here rather than taken from `egui_file` 0.29 (which does build with egui 0.37):
//! its two text fields (folder and file name) have no accessible name and no way to give them
//! one, so screen readers announce bare text fields and every kittest harness with the picker
//! on screen fails its accessibility check; and it labels folders, files and its buttons with
//! emoji (📂 💾 🗀 🗋 ⬆ ⟲) that egui 0.37's default fonts no longer carry, so they draw as
//! boxes. This one is a folder listing, a folder field, a file name field and the spec's filter.
//!
//! Keyboard: the file name field has the focus when the picker opens; type a name in the folder
//! shown, or a whole path (`~/` is the home folder), and press Enter. Enter in the folder field
//! goes to the folder typed there. Tab reaches the listing: Space on a folder opens it, on a file
//! takes its name (or ticks it, where several files may be chosen). Escape cancels.

use crate::ui::dialogs::{DialogSpec, PickMode};
use crate::wording::one_line;
use egui::{Key, TextEdit, Ui};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What the picker is showing, frame by frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickerState {
    /// Still open: call [`FilePicker::show`] again next frame.
    Open,
    /// The user chose these files (one, unless the spec asked for several). The picker is closed.
    Chosen(Vec<PathBuf>),
    /// The user closed the picker without choosing.
    Cancelled,
}

/// An open picker; the shell keeps it across frames and calls [`FilePicker::show`] each frame
/// until it answers something other than [`PickerState::Open`].
pub struct FilePicker {
    spec: DialogSpec,
    /// The folder listed.
    folder: PathBuf,
    /// The folder field as typed; the folder itself changes on Enter.
    folder_field: String,
    listing: Result<Vec<Entry>, String>,
    /// The file name field: a name in `folder`, or a path.
    name: String,
    /// Files ticked in the listing, where the spec takes several.
    ticked: BTreeSet<PathBuf>,
    /// Why the last Enter or Open did not choose anything.
    problem: Option<String>,
    focus_name: bool,
    /// The answer once there is one, given again by later calls of [`FilePicker::show`].
    answer: Option<PickerState>,
}

/// One line of the listing.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    name: String,
    path: PathBuf,
    is_folder: bool,
}

/// What a typed name or path means.
#[derive(Debug, PartialEq, Eq)]
enum Typed {
    Folder(PathBuf),
    File(PathBuf),
    /// Something that cannot be chosen, and why.
    Refused(String),
}

impl FilePicker {
    /// A picker for `spec`, open on `folder` (the open project's folder) or, without one, on the
    /// home folder.
    pub fn new(spec: DialogSpec, folder: Option<&Path>) -> Self {
        let folder = folder
            .filter(|f| f.is_dir())
            .map(Path::to_path_buf)
            .or_else(|| std::env::home_dir().filter(|h| h.is_dir()))
            .unwrap_or_else(|| PathBuf::from("/"));
        let name = match &spec.mode {
            PickMode::Save { suggested_name } => suggested_name.clone(),
            PickMode::OpenOne | PickMode::OpenMany => String::new(),
        };
        let mut picker = FilePicker {
            spec,
            folder_field: String::new(),
            folder: PathBuf::new(),
            listing: Ok(Vec::new()),
            name,
            ticked: BTreeSet::new(),
            problem: None,
            focus_name: true,
            answer: None,
        };
        picker.go_to(folder);
        picker
    }

    /// The question this picker answers.
    pub fn spec(&self) -> &DialogSpec {
        &self.spec
    }

    /// Draw the picker and say whether the user has chosen, cancelled, or is still choosing.
    /// Once it has answered, the picker is closed and every later call gives the same answer.
    pub fn show(&mut self, ctx: &egui::Context) -> PickerState {
        if let Some(answer) = &self.answer {
            return answer.clone();
        }
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("coda-file-picker")).show(ctx, |ui| {
            answer = self.contents(ui);
        });
        if answer.is_none() && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape))
        {
            answer = Some(PickerState::Cancelled);
        }
        match answer {
            Some(answer) => {
                self.answer = Some(answer.clone());
                answer
            }
            None => PickerState::Open,
        }
    }

    fn contents(&mut self, ui: &mut Ui) -> Option<PickerState> {
        let mut answer = None;
        ui.set_width(560.0);
        ui.heading(&self.spec.title);

        ui.horizontal(|ui| {
            let label = ui.label("Folder:");
            let up = self.folder.parent().map(Path::to_path_buf);
            let field = TextEdit::singleline(&mut self.folder_field)
                .desired_width((ui.available_width() - 110.0).max(120.0));
            let field = ui.add(field).labelled_by(label.id);
            if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                match self.typed(&self.folder_field.clone()) {
                    Typed::Folder(folder) => {
                        self.go_to(folder);
                        self.focus_name = true;
                    }
                    _ => {
                        self.problem = Some(format!(
                            "There is no folder “{}”.",
                            one_line(&self.folder_field, 200)
                        ));
                    }
                }
            }
            if ui
                .add_enabled(up.is_some(), egui::Button::new("Up one folder"))
                .clicked()
                && let Some(up) = up
            {
                self.go_to(up);
            }
        });

        ui.separator();
        egui::ScrollArea::vertical()
            .max_height(300.0)
            .auto_shrink([false, true])
            .show(ui, |ui| answer = self.listing_ui(ui));
        ui.weak(self.filter_note());
        ui.separator();

        ui.horizontal(|ui| {
            let label = ui.label("File name:");
            let field = TextEdit::singleline(&mut self.name).desired_width(f32::INFINITY);
            let field = ui.add(field).labelled_by(label.id);
            if std::mem::take(&mut self.focus_name) {
                field.request_focus();
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) && answer.is_none() {
                answer = self.confirm();
            }
        });
        if let Some(problem) = &self.problem {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        ui.horizontal(|ui| {
            let verb = match self.spec.mode {
                PickMode::Save { .. } => "Save",
                PickMode::OpenOne | PickMode::OpenMany => "Open",
            };
            let ready = !self.name.trim().is_empty() || !self.ticked.is_empty();
            if ui.add_enabled(ready, egui::Button::new(verb)).clicked() && answer.is_none() {
                answer = self.confirm();
            }
            if ui.button("Cancel").clicked() {
                answer = Some(PickerState::Cancelled);
            }
        });
        answer
    }

    /// The folders and the files the filter lets through; a click on a folder opens it, on a
    /// file takes its name (or ticks it), a double click on a file chooses it.
    fn listing_ui(&mut self, ui: &mut Ui) -> Option<PickerState> {
        enum Click {
            Folder(PathBuf),
            Name(String),
            Tick(PathBuf, bool),
            Choose(PathBuf),
        }
        let entries = match &self.listing {
            Ok(entries) => entries,
            Err(problem) => {
                ui.colored_label(ui.visuals().error_fg_color, problem);
                return None;
            }
        };
        if entries.is_empty() {
            ui.weak("No folders and no matching files here.");
        }
        let many = self.spec.mode == PickMode::OpenMany;
        let mut click = None;
        for entry in entries {
            if entry.is_folder {
                if ui
                    .selectable_label(false, format!("{}/", entry.name))
                    .clicked()
                {
                    click = Some(Click::Folder(entry.path.clone()));
                }
            } else if many {
                let mut ticked = self.ticked.contains(&entry.path);
                if ui.checkbox(&mut ticked, &entry.name).changed() {
                    click = Some(Click::Tick(entry.path.clone(), ticked));
                }
            } else {
                let row = ui.selectable_label(self.name == entry.name, &entry.name);
                if row.double_clicked() {
                    click = Some(Click::Choose(entry.path.clone()));
                } else if row.clicked() {
                    click = Some(Click::Name(entry.name.clone()));
                }
            }
        }
        match click? {
            Click::Folder(folder) => self.go_to(folder),
            Click::Name(name) => {
                self.name = name;
                self.problem = None;
            }
            Click::Tick(path, true) => {
                self.ticked.insert(path);
            }
            Click::Tick(path, false) => {
                self.ticked.remove(&path);
            }
            Click::Choose(path) => return Some(PickerState::Chosen(vec![path])),
        }
        None
    }

    fn filter_note(&self) -> String {
        let extensions: Vec<String> = self
            .spec
            .extensions
            .iter()
            .map(|e| format!(".{e}"))
            .collect();
        let files = format!(
            "{} files ({})",
            self.spec.filter_name,
            extensions.join(", ")
        );
        match self.spec.mode {
            PickMode::OpenMany => format!("Showing folders and {files}; tick the files to open."),
            _ => format!("Showing folders and {files}."),
        }
    }

    fn go_to(&mut self, folder: PathBuf) {
        self.listing = read_listing(&folder, &self.spec);
        self.folder_field = folder.display().to_string();
        self.folder = folder;
        self.ticked.clear();
        self.problem = None;
        if self.spec.mode == PickMode::OpenOne || self.spec.mode == PickMode::OpenMany {
            self.name.clear();
        }
    }

    /// Open or Enter: the ticked files, or what the file name field names.
    fn confirm(&mut self) -> Option<PickerState> {
        if !self.ticked.is_empty() {
            let ticked = self
                .listing
                .iter()
                .flatten()
                .filter(|e| self.ticked.contains(&e.path));
            return Some(PickerState::Chosen(
                ticked.map(|e| e.path.clone()).collect(),
            ));
        }
        if self.name.trim().is_empty() {
            return None;
        }
        match self.typed(&self.name.clone()) {
            Typed::Folder(folder) => {
                self.go_to(folder);
                if let PickMode::Save { suggested_name } = &self.spec.mode {
                    self.name = suggested_name.clone();
                }
                self.focus_name = true;
                None
            }
            Typed::File(path) => Some(PickerState::Chosen(vec![path])),
            Typed::Refused(why) => {
                self.problem = Some(why);
                None
            }
        }
    }

    /// What `text` (a name in the folder shown, or a path) means for this picker's question.
    fn typed(&self, text: &str) -> Typed {
        let path = self.path_of(text.trim());
        let shown = one_line(&path.display().to_string(), 200);
        if path.is_dir() {
            return Typed::Folder(path);
        }
        match self.spec.mode {
            PickMode::Save { .. } => match path.parent() {
                Some(parent) if parent.is_dir() => Typed::File(path),
                _ => Typed::Refused(format!("There is no folder to save “{shown}” in.")),
            },
            PickMode::OpenOne | PickMode::OpenMany => {
                if !path.is_file() {
                    Typed::Refused(format!("There is no file “{shown}”."))
                } else if !self.spec.accepts(&path) {
                    Typed::Refused(format!(
                        "“{shown}” is not one of the {} files this asks for.",
                        self.spec.filter_name
                    ))
                } else {
                    Typed::File(path)
                }
            }
        }
    }

    /// `text` as a path: absolute, from the home folder (`~/`), or in the folder shown.
    fn path_of(&self, text: &str) -> PathBuf {
        let home = || std::env::home_dir().unwrap_or_default();
        if text == "~" {
            home()
        } else if let Some(rest) = text.strip_prefix("~/") {
            home().join(rest)
        } else {
            self.folder.join(text)
        }
    }
}

/// The sub-folders of `folder`, then the files `spec` accepts, each sorted by name; hidden
/// (dot) entries left out, as file dialogs do.
fn read_listing(folder: &Path, spec: &DialogSpec) -> Result<Vec<Entry>, String> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        format!(
            "Cannot read the folder “{}”: {e}",
            one_line(&folder.display().to_string(), 200)
        )
    })?;
    let mut listing: Vec<Entry> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            // Follows links, so a link to a folder lists as a folder.
            let is_folder = path.is_dir();
            let shown = !name.starts_with('.') && (is_folder || spec.accepts(&path));
            shown.then_some(Entry {
                name,
                path,
                is_folder,
            })
        })
        .collect();
    listing.sort_by(|a, b| {
        (!a.is_folder, a.name.to_lowercase()).cmp(&(!b.is_folder, b.name.to_lowercase()))
    });
    Ok(listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(files: &[&str], folders: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        for f in folders {
            std::fs::create_dir(dir.path().join(f)).unwrap();
        }
        dir
    }

    #[test]
    fn the_listing_has_folders_first_then_matching_files() {
        let dir = folder_with(
            &["b.ron", "A.RON", "notes.txt", ".hidden.ron"],
            &["zeta", ".git"],
        );
        let listing = read_listing(dir.path(), &DialogSpec::open_project()).unwrap();
        let names: Vec<&str> = listing.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["zeta", "A.RON", "b.ron"]);
        assert!(listing[0].is_folder);
        assert!(read_listing(&dir.path().join("missing"), &DialogSpec::open_project()).is_err());
    }

    #[test]
    fn typed_names_are_files_folders_or_refused_with_a_reason() {
        let dir = folder_with(&["a.ron", "notes.txt"], &["sub"]);
        let picker = FilePicker::new(DialogSpec::open_project(), Some(dir.path()));
        assert_eq!(picker.typed("a.ron"), Typed::File(dir.path().join("a.ron")));
        assert_eq!(picker.typed("sub"), Typed::Folder(dir.path().join("sub")));
        let absolute = dir.path().join("a.ron").display().to_string();
        assert_eq!(
            picker.typed(&absolute),
            Typed::File(dir.path().join("a.ron"))
        );
        let Typed::Refused(why) = picker.typed("notes.txt") else {
            panic!()
        };
        assert!(why.contains("not one of the Coda project files"), "{why}");
        let Typed::Refused(why) = picker.typed("missing.ron") else {
            panic!()
        };
        assert!(why.starts_with("There is no file"), "{why}");

        let save = FilePicker::new(DialogSpec::save_csv("codings.csv"), Some(dir.path()));
        assert_eq!(
            save.typed("new.csv"),
            Typed::File(dir.path().join("new.csv"))
        );
        let Typed::Refused(why) = save.typed("nowhere/new.csv") else {
            panic!()
        };
        assert!(why.starts_with("There is no folder"), "{why}");
    }
}
