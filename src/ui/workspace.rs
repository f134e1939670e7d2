//! The open project with its file, history and revision: everything the window edits, and the
//! only way it edits (through [`Workspace::apply`]).
//!
//! A project opened from a file keeps that file locked ([`ProjectFile`]) for as long as it is
//! open, so no command can change it underneath the window; a save refuses to replace a file
//! that another program changed anyway, and [`Workspace::merge_disk_changes`] brings those
//! changes in.

use crate::io::project_file::{ProjectFile, ProjectFileError};
use crate::merge::{MergeInput, Resolution, merge, three_way};
use crate::model::Project;
use crate::ops::{Edit, EditError, History};
use std::path::{Path, PathBuf};

/// What the window's lock file says is holding a project.
pub const WINDOW_PROGRAM: &str = "coda window";

/// A revision number never handed out before in this process. Views cache what they derive from
/// the project per revision; numbers shared by no two projects mean that a cache built for one
/// project can never be taken for another's after opening, merging or starting a new project.
fn next_revision() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

pub struct Workspace {
    pub project: Project,
    /// Where the project is saved; `None` for a new project never saved.
    pub path: Option<PathBuf>,
    /// The locked file, when the project has one.
    file: Option<ProjectFile>,
    /// The project as last read from or written to its file: the common base when merging
    /// changes another program made to the file.
    on_disk: Option<Project>,
    pub history: History,
    /// New on every change (process-wide, see [`next_revision`]), so views know when to rebuild
    /// what they derive from the project.
    pub revision: u64,
    /// What the loader repaired when opening (told to the user once).
    pub repairs: Vec<String>,
}

/// How [`Workspace::merge_disk_changes`] combined the two versions.
#[derive(Debug, PartialEq, Eq)]
pub enum DiskMerge {
    /// Three-way against the version last read: deletions on either side are kept.
    ThreeWay(String),
    /// The versions disagreed on something; every coding of both was kept, this window's value
    /// of each conflicting field won.
    Union(String),
}

impl Workspace {
    pub fn new(project: Project, path: Option<PathBuf>) -> Self {
        Self {
            project,
            path,
            file: None,
            on_disk: None,
            history: History::new(),
            revision: next_revision(),
            repairs: Vec::new(),
        }
    }

    /// Lock and load the project at `path` through the one loader.
    pub fn open(path: &Path) -> Result<Self, ProjectFileError> {
        let (file, loaded) = ProjectFile::open(path, WINDOW_PROGRAM)?;
        let mut ws = Self::new(loaded.project, Some(path.to_path_buf()));
        ws.on_disk = Some(ws.project.clone());
        ws.file = Some(file);
        ws.repairs = loaded.repairs;
        Ok(ws)
    }

    /// Apply one undoable change.
    pub fn apply(&mut self, edit: Edit, label: impl Into<String>) -> Result<(), EditError> {
        self.history.apply(&mut self.project, edit, label)?;
        self.revision = next_revision();
        Ok(())
    }

    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.undo(&mut self.project)?;
        self.revision = next_revision();
        Ok(label)
    }

    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.redo(&mut self.project)?;
        self.revision = next_revision();
        Ok(label)
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// Save to `path` and remember it as the project's file. Saving to the open file refuses
    /// when another program changed it ([`ProjectFileError::ChangedOnDisk`]); saving to another
    /// path locks that file first (replacing what it holds, which goes to its backups).
    pub fn save_to(&mut self, path: &Path) -> Result<(), ProjectFileError> {
        self.save_with(path, false)
    }

    /// Save to the open file even though another program changed it (its version is kept in
    /// the backups folder).
    pub fn save_overwriting(&mut self) -> Result<(), ProjectFileError> {
        let path = self.path.clone().ok_or_else(|| ProjectFileError::Read {
            path: PathBuf::new(),
            source: std::io::Error::other("the project has no file yet"),
        })?;
        self.save_with(&path, true)
    }

    fn save_with(&mut self, path: &Path, overwrite: bool) -> Result<(), ProjectFileError> {
        let same_file = self.path.as_deref() == Some(path) && self.file.is_some();
        if !same_file {
            let mut file = ProjectFile::replace(path, WINDOW_PROGRAM)?;
            file.save_overwriting(&self.project)?;
            // The old file's lock goes when its handle is dropped here.
            self.file = Some(file);
        } else {
            let file = self.file.as_mut().expect("checked above");
            if overwrite {
                file.save_overwriting(&self.project)?;
            } else {
                file.save(&self.project)?;
            }
        }
        self.path = Some(path.to_path_buf());
        self.on_disk = Some(self.project.clone());
        self.history.mark_saved();
        Ok(())
    }

    /// Bring in what another program wrote to the open file since it was read, as one undoable
    /// step; the next save then replaces the file with the merge.
    pub fn merge_disk_changes(&mut self) -> Result<DiskMerge, String> {
        let file = self
            .file
            .as_mut()
            .ok_or("the project has no file to merge from")?;
        let theirs = file.load_current().map_err(|e| e.to_string())?;
        let base = self.on_disk.clone().unwrap_or_default();
        let outcome = match three_way(&base, &self.project, &theirs.project) {
            Ok(merged) => {
                let summary = merged.summary();
                (merged.project, DiskMerge::ThreeWay(summary))
            }
            Err(_) => {
                let inputs = [
                    MergeInput::new("this window", &self.project),
                    MergeInput::new("the file on disk", &theirs.project),
                ];
                let merged = merge(&inputs, &Resolution::First).map_err(|e| e.to_string())?;
                (merged.project, DiskMerge::Union(merged.report.summary()))
            }
        };
        file.accept_disk_version(&theirs);
        self.on_disk = Some(theirs.project);
        let (project, how) = outcome;
        self.apply(
            Edit::ReplaceProject(Box::new(project)),
            "Merge changes from disk",
        )
        .map_err(|e| e.to_string())?;
        Ok(how)
    }

    pub fn display_name(&self) -> String {
        if !self.project.name.trim().is_empty() {
            return self.project.name.clone();
        }
        self.path
            .as_deref()
            .and_then(Path::file_stem)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled project".into())
    }
}
