//! The open project with its file, history and revision: everything the window edits, and the
//! only way it edits (through [`Workspace::apply`]).

use crate::io::project_file::{self, ProjectFileError};
use crate::model::Project;
use crate::ops::{Edit, EditError, History};
use std::path::{Path, PathBuf};

pub struct Workspace {
    pub project: Project,
    /// Where the project is saved; `None` for a new project never saved.
    pub path: Option<PathBuf>,
    pub history: History,
    /// Bumped on every change, so views know when to rebuild what they derive from the project.
    pub revision: u64,
}

impl Workspace {
    pub fn new(project: Project, path: Option<PathBuf>) -> Self {
        Self {
            project,
            path,
            history: History::new(),
            revision: 0,
        }
    }

    pub fn open(path: &Path) -> Result<Self, ProjectFileError> {
        let project = project_file::load(path)?;
        Ok(Self::new(project, Some(path.to_path_buf())))
    }

    /// Apply one undoable change.
    pub fn apply(&mut self, edit: Edit, label: impl Into<String>) -> Result<(), EditError> {
        self.history.apply(&mut self.project, edit, label)?;
        self.revision += 1;
        Ok(())
    }

    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.undo(&mut self.project)?;
        self.revision += 1;
        Ok(label)
    }

    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.redo(&mut self.project)?;
        self.revision += 1;
        Ok(label)
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// Save to `path` (atomically) and remember it as the project's file.
    pub fn save_to(&mut self, path: &Path) -> Result<(), ProjectFileError> {
        project_file::save(&self.project, path)?;
        self.path = Some(path.to_path_buf());
        self.history.mark_saved();
        Ok(())
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
