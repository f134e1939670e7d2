//! A project file open for writing: locked for as long as the handle lives, and saved only over
//! the bytes it was loaded from.
//!
//! Every writer (a command that changes a project, the window while a project is open) goes
//! through a [`ProjectFile`]: it takes the project's lock before reading, so what it changes is
//! the current file, and a save refuses to replace a file that some program not using the lock
//! (an editor, `git checkout`) changed since it was read. Saves keep rotating backups.

use super::load::{Loaded, digest, load};
use super::{ProjectFileError, to_ron_string};
use crate::io::lock::{Holder, ProjectLock};
use crate::io::safe_write::{Backups, resolve_target, write_file};
use crate::model::Project;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct ProjectFile {
    path: PathBuf,
    lock: ProjectLock,
    /// Digest of the bytes on disk as last read or written; `None` while the file does not exist.
    on_disk: Option<[u8; 32]>,
}

impl ProjectFile {
    /// Lock the project at `path` for `program` (`"coda add-document"`), then load it.
    pub fn open(path: &Path, program: &str) -> Result<(Self, Loaded), ProjectFileError> {
        let lock = ProjectLock::acquire(path, &Holder::this_process(program))?;
        let loaded = load(path)?;
        let file = Self {
            path: path.to_path_buf(),
            lock,
            on_disk: Some(loaded.digest),
        };
        Ok((file, loaded))
    }

    /// Lock a project file that must not exist yet (`coda new`, a copy for a coder).
    pub fn create(path: &Path, program: &str) -> Result<Self, ProjectFileError> {
        let lock = ProjectLock::acquire(path, &Holder::this_process(program))?;
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(ProjectFileError::Exists {
                path: path.to_path_buf(),
            });
        }
        Ok(Self {
            path: path.to_path_buf(),
            lock,
            on_disk: None,
        })
    }

    /// Lock a file that is to be replaced whatever it holds now (the output of `coda merge`, a
    /// "Save As" over an existing file): its current bytes go to the backups.
    pub fn replace(path: &Path, program: &str) -> Result<Self, ProjectFileError> {
        let lock = ProjectLock::acquire(path, &Holder::this_process(program))?;
        let on_disk = current_digest(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            lock,
            on_disk,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The holder whose lock was taken over because it had died, if any.
    pub fn took_over_from(&self) -> Option<&Holder> {
        self.lock.took_over.as_ref()
    }

    /// Whether the file on disk is no longer what this handle last read or wrote.
    pub fn changed_on_disk(&self) -> Result<bool, ProjectFileError> {
        Ok(current_digest(&self.path)? != self.on_disk)
    }

    /// What is on disk now, checked by the one loader (to merge it with unsaved changes).
    pub fn load_current(&self) -> Result<Loaded, ProjectFileError> {
        load(&self.path)
    }

    /// Save, keeping the previous file as a backup. Refuses when the file changed on disk since
    /// it was read or last saved ([`ProjectFileError::ChangedOnDisk`]).
    pub fn save(&mut self, project: &Project) -> Result<(), ProjectFileError> {
        if self.changed_on_disk()? {
            return Err(ProjectFileError::ChangedOnDisk {
                path: self.path.clone(),
            });
        }
        self.write(project)
    }

    /// Save over whatever is on disk now (the user chose to overwrite; the old file is kept in
    /// the backups).
    pub fn save_overwriting(&mut self, project: &Project) -> Result<(), ProjectFileError> {
        self.write(project)
    }

    /// The file is now `loaded` as read from disk by [`Self::load_current`] (after merging it
    /// in): a later save checks against those bytes.
    pub fn accept_disk_version(&mut self, loaded: &Loaded) {
        self.on_disk = Some(loaded.digest);
    }

    fn write(&mut self, project: &Project) -> Result<(), ProjectFileError> {
        let bytes = to_ron_string(project).into_bytes();
        write_file(&self.path, &bytes, Backups::Rotate)?;
        self.on_disk = Some(digest(&bytes));
        Ok(())
    }
}

/// Digest of the file at `path` (through links) now; `None` when there is none.
fn current_digest(path: &Path) -> Result<Option<[u8; 32]>, ProjectFileError> {
    let read_error = |source| ProjectFileError::Read {
        path: path.to_path_buf(),
        source,
    };
    let target = resolve_target(path).map_err(read_error)?;
    match std::fs::read(&target) {
        Ok(bytes) => Ok(Some(digest(&bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(read_error(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> Project {
        Project::new("P")
    }

    #[test]
    fn a_save_refuses_a_file_changed_on_disk_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let mut created = ProjectFile::create(&path, "test").unwrap();
        created.save(&project()).unwrap();
        drop(created);
        let (mut file, loaded) = ProjectFile::open(&path, "test").unwrap();
        // Someone not using the lock (an editor, git) writes the file.
        let mut other = loaded.project.clone();
        other.name = "Changed elsewhere".into();
        std::fs::write(&path, to_ron_string(&other)).unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = file.save(&loaded.project).unwrap_err();
        assert!(
            matches!(err, ProjectFileError::ChangedOnDisk { .. }),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before, "untouched");
        file.save_overwriting(&loaded.project).unwrap();
        assert_eq!(load(&path).unwrap().project.name, "P");
        file.save(&loaded.project).unwrap();
    }

    #[test]
    fn two_handles_on_one_project_exclude_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let mut first = ProjectFile::create(&path, "coda window").unwrap();
        first.save(&project()).unwrap();
        let err = ProjectFile::open(&path, "coda import-codings").unwrap_err();
        assert!(err.to_string().contains("coda window"), "{err}");
        drop(first);
        ProjectFile::open(&path, "coda import-codings").unwrap();
    }

    #[test]
    fn create_refuses_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        std::fs::write(&path, "x").unwrap();
        let err = ProjectFile::create(&path, "coda new").unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"x");
    }
}
