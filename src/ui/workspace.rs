//! The open project with its file, history and revision: everything the window edits, and the
//! only way it edits (through [`Workspace::apply`]).
//!
//! A project opened from a file keeps that file locked ([`ProjectFile`]) for as long as it is
//! open, so no command can change it underneath the window; a save refuses to replace a file
//! that another program changed anyway, and [`Workspace::merge_disk_changes`] brings those
//! changes in.
//!
//! Unsaved work is copied to the recovery folder by an [`Autosaver`] that the window keeps for
//! its whole session: each workspace in turn attaches to it ([`Workspace::autosave`]) and from
//! then on forwards every change it makes, so that the autosave thread's mirror of the project
//! stays equal to it. Work restored from such a copy replaces a workspace through
//! [`Workspace::restore_recovered`].

use crate::io::project_file::{ProjectFile, ProjectFileError};
use crate::io::recovery::autosave::{Autosaver, Mirror};
use crate::io::recovery::{FileStamp, RecoveryMeta};
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
    /// The file as this workspace last read or wrote it, for a copy of unsaved work to tell
    /// later whether the file changed since.
    disk_stamp: Option<FileStamp>,
    /// Restored unsaved work whose file was changed after the work was copied: a plain save
    /// refuses ([`ProjectFileError::ChangedOnDisk`]) until those changes are merged in or
    /// overwritten.
    changed_before_restore: bool,
    /// Forwards each change to the autosave thread's copy, once attached.
    mirror: Option<Mirror>,
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
            disk_stamp: None,
            changed_before_restore: false,
            mirror: None,
        }
    }

    /// Lock and load the project at `path` through the one loader.
    pub fn open(path: &Path) -> Result<Self, ProjectFileError> {
        let (file, loaded) = ProjectFile::open(path, WINDOW_PROGRAM)?;
        let mut ws = Self::new(loaded.project, Some(path.to_path_buf()));
        ws.on_disk = Some(ws.project.clone());
        ws.file = Some(file);
        ws.repairs = loaded.repairs;
        ws.disk_stamp = FileStamp::of(path);
        Ok(ws)
    }

    /// Replace this workspace with unsaved work restored from a recovery copy described by
    /// `meta` (`None` when its details were lost). The work opens unsaved, with its original
    /// file when that can be used, so that Save writes there after the usual checks. This
    /// workspace's file is let go first: it may well be the same file. Returns what the user
    /// should be told.
    pub fn restore_recovered(
        &mut self,
        project: Project,
        meta: Option<&RecoveryMeta>,
    ) -> Vec<String> {
        *self = Self::new(Project::default(), None);
        let (ws, notes) = Self::from_recovery(project, meta);
        *self = ws;
        notes
    }

    fn from_recovery(project: Project, meta: Option<&RecoveryMeta>) -> (Self, Vec<String>) {
        let mut notes = Vec::new();
        let original = meta.and_then(|m| m.original_path.as_deref());
        let mut ws = match original {
            None => Self::new(project, None),
            Some(path) => match ProjectFile::open(path, WINDOW_PROGRAM) {
                Ok((file, loaded)) => {
                    let stamp = FileStamp::of(path);
                    let unchanged = stamp.is_some() && stamp == meta.and_then(|m| m.original_stamp);
                    let mut ws = Self::new(project, Some(path.to_path_buf()));
                    ws.file = Some(file);
                    ws.disk_stamp = stamp;
                    if unchanged {
                        // The file is the version the work started from.
                        ws.on_disk = Some(loaded.project);
                    } else {
                        // The version the work started from is unknown: no base for a
                        // three-way merge, so a merge keeps everything from both sides.
                        ws.changed_before_restore = true;
                        notes.push(format!(
                            "{} was changed after the unsaved work was copied. Saving will ask \
                             whether to merge those changes in, save under another name, or \
                             overwrite them.",
                            path.display()
                        ));
                    }
                    ws
                }
                Err(ProjectFileError::Read { source, .. })
                    if source.kind() == std::io::ErrorKind::NotFound =>
                {
                    notes.push(format!(
                        "{} no longer exists; saving creates it again.",
                        path.display()
                    ));
                    Self::new(project, Some(path.to_path_buf()))
                }
                Err(error) => {
                    notes.push(format!(
                        "The restored work is not tied to its file, so saving asks where to \
                         save it: {error}"
                    ));
                    Self::new(project, None)
                }
            },
        };
        ws.history.mark_unsaved();
        (ws, notes)
    }

    /// Apply one undoable change.
    pub fn apply(&mut self, edit: Edit, label: impl Into<String>) -> Result<(), EditError> {
        let forward = self.mirror.as_ref().map(|_| edit.clone());
        self.history.apply(&mut self.project, edit, label)?;
        self.revision = next_revision();
        if let (Some(mirror), Some(edit)) = (self.mirror.as_mut(), forward) {
            mirror.applied(edit);
        }
        Ok(())
    }

    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.undo(&mut self.project)?;
        self.revision = next_revision();
        if let (Some(mirror), Some(_)) = (self.mirror.as_mut(), &label) {
            mirror.undone();
        }
        Ok(label)
    }

    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let label = self.history.redo(&mut self.project)?;
        self.revision = next_revision();
        if let (Some(mirror), Some(_)) = (self.mirror.as_mut(), &label) {
            mirror.redone();
        }
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
        let ticket = self.begin_save(path, overwrite)?;
        let done = ticket.write();
        self.finish_save(done)
    }

    /// Start saving to `path`: the file is locked (taken from this workspace while the save
    /// runs) and the project copied as it is now. [`SaveTicket::write`] then does the slow part
    /// anywhere (a worker thread) and [`Workspace::finish_save`] takes the result back. The
    /// project must not change in between (the window holds its actions meanwhile), so that
    /// what is marked saved is what was written.
    pub fn begin_save(
        &mut self,
        path: &Path,
        overwrite: bool,
    ) -> Result<SaveTicket, ProjectFileError> {
        let same_file = self.path.as_deref() == Some(path) && self.file.is_some();
        if same_file && self.changed_before_restore && !overwrite {
            return Err(ProjectFileError::ChangedOnDisk {
                path: path.to_path_buf(),
            });
        }
        let file = if same_file {
            self.file.take().expect("checked above")
        } else {
            ProjectFile::replace(path, WINDOW_PROGRAM)?
        };
        Ok(SaveTicket {
            file,
            state: self.history.state_token(),
            project: self.project.clone(),
            path: path.to_path_buf(),
            // A file that is new to this workspace is replaced whatever it holds (it goes to
            // its backups); the open file only if the user chose to overwrite.
            overwrite: overwrite || !same_file,
            same_file,
        })
    }

    /// Take back a save started with [`Workspace::begin_save`].
    pub fn finish_save(&mut self, done: SaveDone) -> Result<(), ProjectFileError> {
        let SaveDone {
            file,
            state,
            project,
            path,
            same_file,
            result,
        } = done;
        match result {
            Ok(()) => {
                // The old file's lock goes when its handle is dropped here.
                self.file = Some(file);
                self.path = Some(path.clone());
                self.on_disk = Some(project);
                // Changes made while the file was written stay unsaved (and the autosave copy
                // keeps them).
                let unchanged = self.history.state_token() == state;
                self.history.mark_saved_as(state);
                self.revision = next_revision();
                self.disk_stamp = FileStamp::of(&path);
                self.changed_before_restore = false;
                if unchanged && let Some(mirror) = self.mirror.as_mut() {
                    mirror.saved(path, self.disk_stamp);
                }
                Ok(())
            }
            Err(e) => {
                // The open file stays this workspace's; a new one is let go.
                if same_file {
                    self.file = Some(file);
                }
                Err(e)
            }
        }
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
        self.disk_stamp = FileStamp::of(file.path());
        if let Some(mirror) = self.mirror.as_mut() {
            mirror.file_taken_in(file.path().to_path_buf(), self.disk_stamp);
        }
        self.on_disk = Some(theirs.project);
        self.changed_before_restore = false;
        let (project, how) = outcome;
        self.apply(
            Edit::ReplaceProject(Box::new(project)),
            "Merge changes from disk",
        )
        .map_err(|e| e.to_string())?;
        Ok(how)
    }

    /// Keep the session's autosaver following this project; call once per frame, after the
    /// frame's changes are applied. The first call for a workspace hands the autosaver a copy
    /// of the project (as does a call after the copy fell out of step); later calls cost
    /// nothing, the changes having been forwarded as they were made.
    pub fn autosave(&mut self, autosaver: &mut Autosaver) {
        if self
            .mirror
            .as_ref()
            .is_some_and(|mirror| autosaver.follows(mirror))
        {
            return;
        }
        let dirty = self.is_dirty();
        let stamp = self.path.as_ref().and(self.disk_stamp);
        self.mirror = Some(autosaver.attach(&self.project, dirty, self.path.clone(), stamp));
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

/// A save under way (see [`Workspace::begin_save`]): the locked file and the project to write.
pub struct SaveTicket {
    file: ProjectFile,
    /// The history's state when the project was copied.
    state: u64,
    project: Project,
    path: PathBuf,
    overwrite: bool,
    same_file: bool,
}

/// What [`SaveTicket::write`] did, for [`Workspace::finish_save`].
pub struct SaveDone {
    file: ProjectFile,
    state: u64,
    project: Project,
    path: PathBuf,
    same_file: bool,
    pub result: Result<(), ProjectFileError>,
}

impl SaveTicket {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Serialise and write the project through the one safe writer (slow for a big project:
    /// run it off the frame).
    pub fn write(mut self) -> SaveDone {
        let result = if self.overwrite {
            self.file.save_overwriting(&self.project)
        } else {
            self.file.save(&self.project)
        };
        SaveDone {
            file: self.file,
            state: self.state,
            project: self.project,
            path: self.path,
            same_file: self.same_file,
            result,
        }
    }
}
