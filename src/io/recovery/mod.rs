//! Crash recovery: copies of unsaved work kept in a per-user folder, and found again after a
//! crash. See `docs/FORMAT.md` (*Recovery files*).
//!
//! Each window session that has unsaved work owns one entry in the folder: the project as a
//! normal project file (`ID.project.ron`, written by the one writer and read back by the one
//! loader) and a few facts about it (`ID.meta.ron`: the project's name and file, when it was
//! written, by which process). The session holds an OS lock on the entry for as long as it
//! lives ([`crate::io::lock`]), so an entry whose lock can be taken is an orphan: the session
//! that wrote it has ended without removing it, which means it crashed or was killed (a
//! session that ends normally removes its entry). No process ids are compared: the OS drops
//! the lock of a dead process, and a reused process id cannot make a dead session look alive.
//!
//! [`autosave`] decides when to write and does the writing on a thread of its own.

pub mod autosave;
mod stamp;

pub use stamp::FileStamp;

use crate::io::lock::{Holder, LockError, ProjectLock};
use crate::io::project_file::{self, ProjectFileError};
use crate::io::safe_write::{Backups, WriteError, write_file};
use crate::model::Project;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// What holds a session's entry, as its lock file says.
const PROGRAM: &str = "coda window (unsaved work)";
/// What holds an orphan while a starting window offers it.
const FINDER: &str = "coda window (offering to restore)";

const SNAPSHOT_SUFFIX: &str = ".project.ron";
const META_SUFFIX: &str = ".meta.ron";

/// Identifies one window session's recovery entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SessionId(Uuid);

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// What an entry says about the work it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryMeta {
    /// The project's name (may be empty: [`RecoveryEntry::name`] then names it by its file).
    pub project_name: String,
    /// The file the project was opened from or last saved to; `None` for a new project never
    /// saved (and for a file whose path is not UTF-8, which the entry cannot record).
    pub original_path: Option<PathBuf>,
    /// The original file as the session last read or wrote it: a restore compares it with the
    /// file now, to refuse a plain save over changes made since.
    pub original_stamp: Option<FileStamp>,
    /// When the copy was written, RFC 3339 UTC (set by [`RecoveryStore::write`]).
    pub written: String,
    /// The process that wrote it, and its host.
    pub pid: u32,
    pub host: String,
    /// The Coda that wrote it.
    pub coda_version: String,
}

impl RecoveryMeta {
    /// Facts about a project of this process; [`RecoveryStore::write`] adds the time.
    pub fn new(
        project_name: impl Into<String>,
        original_path: Option<PathBuf>,
        original_stamp: Option<FileStamp>,
    ) -> Self {
        let holder = Holder::this_process(PROGRAM);
        Self {
            project_name: project_name.into(),
            original_path,
            original_stamp,
            written: String::new(),
            pid: holder.pid,
            host: holder.host,
            coda_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// The metadata file as written: paths as text.
#[derive(Serialize, Deserialize)]
struct MetaFile {
    project_name: String,
    original_path: Option<String>,
    #[serde(default)]
    original_stamp: Option<FileStamp>,
    written: String,
    pid: u32,
    host: String,
    coda_version: String,
}

impl MetaFile {
    fn from_meta(meta: &RecoveryMeta) -> Self {
        Self {
            project_name: meta.project_name.clone(),
            // A path that is not UTF-8 cannot be written as text; the entry then has no
            // original file, and a restored project asks where to save.
            original_path: meta
                .original_path
                .as_deref()
                .and_then(Path::to_str)
                .map(str::to_string),
            original_stamp: meta.original_stamp,
            written: meta.written.clone(),
            pid: meta.pid,
            host: meta.host.clone(),
            coda_version: meta.coda_version.clone(),
        }
    }

    fn into_meta(self) -> RecoveryMeta {
        RecoveryMeta {
            project_name: self.project_name,
            original_path: self.original_path.map(PathBuf::from),
            original_stamp: self.original_stamp,
            written: self.written,
            pid: self.pid,
            host: self.host,
            coda_version: self.coda_version,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("{dir}: cannot use the folder for unsaved work: {source}")]
    Folder { dir: PathBuf, source: io::Error },
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("{path}: cannot remove: {source}")]
    Remove { path: PathBuf, source: io::Error },
    #[error(
        "the unsaved work of “{name}” cannot be read, so it cannot be restored (discard it to stop being asked): {source}"
    )]
    Unreadable {
        name: String,
        source: Box<ProjectFileError>,
    },
    #[error(transparent)]
    Save(#[from] ProjectFileError),
}

/// A session's hold on its entry: the entry's id and its lock. Dropping it releases the lock and
/// leaves the files (an orphan); [`RecoveryStore::remove`] removes them.
#[derive(Debug)]
pub struct Lease {
    id: SessionId,
    _lock: ProjectLock,
}

impl Lease {
    pub fn id(&self) -> SessionId {
        self.id
    }
}

/// An entry left by a session that ended without removing it, held (locked) by whoever found
/// it until it is restored, discarded, or dropped (then the next start offers it again).
#[derive(Debug)]
pub struct RecoveryEntry {
    lease: Lease,
    snapshot: PathBuf,
    /// What the entry says about itself, or why that cannot be read.
    pub meta: Result<RecoveryMeta, String>,
}

impl RecoveryEntry {
    pub fn id(&self) -> SessionId {
        self.lease.id
    }

    /// The project file holding the work.
    pub fn snapshot_path(&self) -> &Path {
        &self.snapshot
    }

    /// The project's name, for people: its own, else its file's, else "an unnamed project".
    pub fn name(&self) -> String {
        let Ok(meta) = &self.meta else {
            return "an unnamed project".to_string();
        };
        if !meta.project_name.trim().is_empty() {
            return meta.project_name.clone();
        }
        meta.original_path
            .as_deref()
            .and_then(Path::file_stem)
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_else(|| "an unnamed project".to_string())
    }

    pub fn original_path(&self) -> Option<&Path> {
        self.meta.as_ref().ok()?.original_path.as_deref()
    }

    /// The entry's hold, for the session that restores it to keep writing there.
    pub fn into_lease(self) -> Lease {
        self.lease
    }
}

/// An orphan's work, read back, for a window to open.
#[derive(Debug)]
pub struct Restored {
    pub project: Project,
    /// What the entry said about the work, unless that could not be read.
    pub meta: Option<RecoveryMeta>,
    /// The entry, still locked: give it to the window's autosaver ([`autosave::Autosaver::adopt`]),
    /// which keeps the copy until the work is saved or copied anew.
    pub lease: Lease,
}

/// An orphan whose project could not be read, and why.
#[derive(Debug)]
pub struct NotRestored {
    pub entry: RecoveryEntry,
    pub error: RecoveryError,
}

/// The folder of recovery entries.
#[derive(Clone, Debug)]
pub struct RecoveryStore {
    dir: PathBuf,
}

impl RecoveryStore {
    /// The entries in `dir` (created when first written to).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn snapshot_path(&self, id: SessionId) -> PathBuf {
        self.dir.join(format!("{id}{SNAPSHOT_SUFFIX}"))
    }

    fn meta_path(&self, id: SessionId) -> PathBuf {
        self.dir.join(format!("{id}{META_SUFFIX}"))
    }

    /// A new entry for this process's session, locked (no files are written yet).
    pub fn claim(&self) -> Result<Lease, RecoveryError> {
        self.create_folder()?;
        let holder = Holder::this_process(PROGRAM);
        let mut tries = 0;
        loop {
            let id = SessionId(Uuid::new_v4());
            match ProjectLock::acquire(&self.snapshot_path(id), &holder) {
                Ok(lock) => return Ok(Lease { id, _lock: lock }),
                // A starting window that lists the folder can take a new entry's lock file for
                // a stale one in the instant before its session locks it: use another id.
                Err(LockError::Held { .. }) if tries < 3 => tries += 1,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// The folder, private to the user: it holds copies of their projects.
    fn create_folder(&self) -> Result<(), RecoveryError> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(&self.dir)
            .map_err(|source| RecoveryError::Folder {
                dir: self.dir.clone(),
                source,
            })
    }

    /// Write `project` as the entry's work, with `meta` stamped with the time now. The project
    /// first, so that an entry's facts never describe work that is not there.
    pub fn write(
        &self,
        lease: &Lease,
        meta: &RecoveryMeta,
        project: &Project,
    ) -> Result<(), RecoveryError> {
        self.create_folder()?;
        let bytes = project_file::to_ron_string(project);
        write_file(
            &self.snapshot_path(lease.id),
            bytes.as_bytes(),
            Backups::None,
        )?;
        let mut file = MetaFile::from_meta(meta);
        file.written = humantime::format_rfc3339_seconds(crate::clock::wall_clock()).to_string();
        let text = ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::new())
            .expect("recovery facts are strings and numbers");
        write_file(
            &self.meta_path(lease.id),
            format!("{text}\n").as_bytes(),
            Backups::None,
        )?;
        Ok(())
    }

    /// Remove the entry's files but keep the lease (the project was saved, or its changes
    /// undone: there is nothing to recover until the next change).
    pub fn clear(&self, lease: &Lease) -> Result<(), RecoveryError> {
        let snapshot = self.snapshot_path(lease.id);
        // The work first: without it the entry is not offered.
        for path in [snapshot.clone(), self.meta_path(lease.id)] {
            remove_if_present(&path)?;
        }
        // What a write killed half-way left (the one writer's temporary files).
        for name in [
            format!(".{}{SNAPSHOT_SUFFIX}.", lease.id),
            format!(".{}{META_SUFFIX}.", lease.id),
        ] {
            for leftover in self.names_starting_with(&name) {
                if leftover.ends_with(".tmp") {
                    remove_if_present(&self.dir.join(leftover))?;
                }
            }
        }
        Ok(())
    }

    /// Remove the entry altogether: the session ended normally, or its work was discarded.
    pub fn remove(&self, lease: Lease) -> Result<(), RecoveryError> {
        self.clear(&lease)?;
        let lock_file =
            crate::io::lock::lock_file_path(&self.snapshot_path(lease.id)).map_err(|source| {
                RecoveryError::Folder {
                    dir: self.dir.clone(),
                    source,
                }
            })?;
        // Deleting a lock file while holding it is safe here: no session id is used twice.
        remove_if_present(&lock_file)?;
        drop(lease);
        Ok(())
    }

    /// Discard an orphan's work.
    pub fn discard(&self, entry: RecoveryEntry) -> Result<(), RecoveryError> {
        self.remove(entry.lease)
    }

    /// The orphans: entries whose session has ended without removing them, newest first. Each
    /// is locked by the caller until dropped, so two windows starting together do not both
    /// offer it. Entries of live sessions are left alone.
    pub fn orphans(&self) -> Result<Vec<RecoveryEntry>, RecoveryError> {
        let names = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect::<Vec<_>>(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(RecoveryError::Folder {
                    dir: self.dir.clone(),
                    source,
                });
            }
        };
        let finder = Holder::this_process(FINDER);
        let mut found = Vec::new();
        for name in &names {
            let Some(id) = session_of(name, "", SNAPSHOT_SUFFIX) else {
                continue;
            };
            let snapshot = self.snapshot_path(id);
            let lock = match ProjectLock::acquire(&snapshot, &finder) {
                Ok(lock) => lock,
                // A live session's, or one another starting window is offering.
                Err(LockError::Held { .. }) => continue,
                // Not ours to take (its lock file cannot be opened): it must not keep the
                // others from being offered.
                Err(LockError::Io { .. }) => continue,
            };
            // Removed by its session between the listing and the lock.
            if !snapshot.exists() {
                continue;
            }
            let meta = self.read_meta(id);
            found.push(RecoveryEntry {
                lease: Lease { id, _lock: lock },
                snapshot,
                meta,
            });
        }
        // Lock files of sessions that ended before writing anything, or were killed while
        // removing their entry.
        for name in &names {
            let Some(id) = session_of(name, ".", &format!("{SNAPSHOT_SUFFIX}.lock")) else {
                continue;
            };
            if self.snapshot_path(id).exists() {
                continue;
            }
            if let Ok(lock) = ProjectLock::acquire(&self.snapshot_path(id), &finder) {
                self.remove(Lease { id, _lock: lock })?;
            }
        }
        found.sort_by(|a, b| {
            let written = |e: &RecoveryEntry| e.meta.as_ref().ok().map(|m| m.written.clone());
            written(b).cmp(&written(a))
        });
        Ok(found)
    }

    fn read_meta(&self, id: SessionId) -> Result<RecoveryMeta, String> {
        let path = self.meta_path(id);
        let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => {
                "its details were never written (the session ended while writing)".to_string()
            }
            _ => format!("{}: cannot read: {e}", path.display()),
        })?;
        ron::from_str::<MetaFile>(&text)
            .map(MetaFile::into_meta)
            .map_err(|e| format!("{}: its details are damaged: {e}", path.display()))
    }

    /// The orphan's project, read and checked by the one loader.
    pub fn restore(&self, entry: &RecoveryEntry) -> Result<Project, RecoveryError> {
        project_file::load(&entry.snapshot)
            .map(|loaded| loaded.project)
            .map_err(|source| RecoveryError::Unreadable {
                name: entry.name(),
                source: Box::new(source),
            })
    }

    /// The orphan's project with what it says about itself and its lease, for a window to
    /// carry on with; the entry comes back with the error when its project cannot be read.
    pub fn take(&self, entry: RecoveryEntry) -> Result<Restored, Box<NotRestored>> {
        match self.restore(&entry) {
            Ok(project) => Ok(Restored {
                project,
                meta: entry.meta.ok(),
                lease: entry.lease,
            }),
            Err(error) => Err(Box::new(NotRestored { entry, error })),
        }
    }

    /// Write the orphan's project to `path`, locked, the file there kept in its backups (the
    /// orphan itself stays: discard it once this succeeds).
    pub fn save_elsewhere(&self, entry: &RecoveryEntry, path: &Path) -> Result<(), RecoveryError> {
        let project = self.restore(entry)?;
        project_file::save(&project, path)?;
        Ok(())
    }

    fn names_starting_with(&self, prefix: &str) -> Vec<String> {
        std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| n.starts_with(prefix))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The session id in `PREFIX ID SUFFIX`, if `name` is such a name.
fn session_of(name: &str, prefix: &str, suffix: &str) -> Option<SessionId> {
    let id = name.strip_prefix(prefix)?.strip_suffix(suffix)?;
    Uuid::parse_str(id).ok().map(SessionId)
}

fn remove_if_present(path: &Path) -> Result<(), RecoveryError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(RecoveryError::Remove {
            path: path.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests;
