//! One writer at a time: an OS advisory lock on a lock file beside the project.
//!
//! Whoever changes a project (each command that writes it, the window for as long as it has the
//! project open) holds an exclusive lock on `.NAME.lock` beside the project's real file (links
//! resolved, so two links to one project share one lock). The lock file also says who holds it,
//! so a second writer is told the program, process, host and time instead of losing an update.
//!
//! The operating system releases the lock when its holder exits or is killed, so a lock left by a
//! killed process is stale by construction: the next writer gets the lock, finds the dead
//! holder's note in the file and reports that it took the lock over. The file itself is never
//! deleted: deleting it would let two processes lock two different files of the same name.

use crate::io::safe_write::resolve_target;
use std::ffi::OsString;
use std::fmt;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Who holds (or held) a project's lock, as written in the lock file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holder {
    /// What holds it: `coda add-document`, `coda window`.
    pub program: String,
    pub pid: u32,
    pub host: String,
    /// RFC 3339 UTC.
    pub since: String,
}

impl Holder {
    /// This process, doing `program`.
    pub fn this_process(program: &str) -> Self {
        Self {
            program: program.to_string(),
            pid: std::process::id(),
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            since: humantime::format_rfc3339_seconds(crate::clock::wall_clock()).to_string(),
        }
    }

    fn to_file_text(&self) -> String {
        format!(
            "program: {}\npid: {}\nhost: {}\nsince: {}\n",
            self.program, self.pid, self.host, self.since
        )
    }

    /// Read what a lock file says; `None` when it is empty (released) or unreadable.
    fn from_file_text(text: &str) -> Option<Self> {
        let mut holder = Holder::default();
        let mut any = false;
        for line in text.lines() {
            let Some((key, value)) = line.split_once(": ") else {
                continue;
            };
            any = true;
            match key {
                "program" => holder.program = value.to_string(),
                "pid" => holder.pid = value.trim().parse().unwrap_or(0),
                "host" => holder.host = value.to_string(),
                "since" => holder.since = value.to_string(),
                _ => {}
            }
        }
        any.then_some(holder)
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.program.is_empty() && self.pid == 0 {
            return f.write_str("another program (its lock file does not say which)");
        }
        let program = if self.program.is_empty() {
            "another program"
        } else {
            &self.program
        };
        write!(f, "{program} (process {}", self.pid)?;
        if !self.host.is_empty() {
            write!(f, " on {}", self.host)?;
        }
        if !self.since.is_empty() {
            write!(f, ", since {}", self.since)?;
        }
        f.write_str(")")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "{path}: is open for writing by {holder}; nothing was changed. Close it there (or wait for that command to finish) and try again"
    )]
    Held { path: PathBuf, holder: Holder },
    #[error("{path}: cannot lock {lock_file}: {source}")]
    Io {
        path: PathBuf,
        lock_file: PathBuf,
        source: io::Error,
    },
}

/// An exclusive lock on a project, released when dropped.
#[derive(Debug)]
pub struct ProjectLock {
    file: File,
    lock_file: PathBuf,
    /// The previous holder, when the lock was taken over from a process that had died.
    pub took_over: Option<Holder>,
}

/// The lock file of the project at `path`: `.NAME.lock` beside its real file.
pub fn lock_file_path(path: &Path) -> io::Result<PathBuf> {
    let target = resolve_target(path)?;
    let mut name = OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(".lock");
    Ok(target.with_file_name(name))
}

impl ProjectLock {
    /// Take the lock of the project at `path` (which need not exist yet) for `holder`, or say
    /// who has it.
    pub fn acquire(path: &Path, holder: &Holder) -> Result<Self, LockError> {
        let io_error = |lock_file: &Path, source| LockError::Io {
            path: path.to_path_buf(),
            lock_file: lock_file.to_path_buf(),
            source,
        };
        let lock_file = lock_file_path(path).map_err(|e| io_error(path, e))?;
        let mut file = open_no_follow(&lock_file).map_err(|e| io_error(&lock_file, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                // The holder writes its note just after taking the lock: give it a moment.
                let mut holder = read_holder(&mut file);
                for _ in 0..20 {
                    if holder.is_some() {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    holder = read_holder(&mut file);
                }
                let holder = holder.unwrap_or_default();
                return Err(LockError::Held {
                    path: path.to_path_buf(),
                    holder,
                });
            }
            // A file system without locks (some network drives): go on without one. The save
            // still refuses to replace a file that changed since it was read.
            Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {}
            Err(TryLockError::Error(e)) => return Err(io_error(&lock_file, e)),
        }
        // A note left in the file by a holder that no longer holds the lock: it died.
        let took_over = read_holder(&mut file);
        let write = |file: &mut File| -> io::Result<()> {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(holder.to_file_text().as_bytes())?;
            file.sync_data()
        };
        write(&mut file).map_err(|e| io_error(&lock_file, e))?;
        Ok(Self {
            file,
            lock_file,
            took_over,
        })
    }

    pub fn lock_file(&self) -> &Path {
        &self.lock_file
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // Empty means released; the OS lock goes with the descriptor.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

fn read_holder(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.take(4096).read_to_string(&mut text).ok()?;
    Holder::from_file_text(&text)
}

/// Open (creating) the lock file without following a link planted at its name.
fn open_no_follow(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_who_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let first = ProjectLock::acquire(&path, &Holder::this_process("coda window")).unwrap();
        assert!(first.took_over.is_none());
        let err = ProjectLock::acquire(&path, &Holder::this_process("coda stats")).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("coda window"), "{message}");
        assert!(
            message.contains(&format!("process {}", std::process::id())),
            "{message}"
        );
        drop(first);
        let again = ProjectLock::acquire(&path, &Holder::this_process("coda stats")).unwrap();
        assert!(again.took_over.is_none(), "a released lock is not stale");
    }

    #[test]
    fn a_lock_left_by_a_dead_holder_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        // What a killed process leaves: its note, and no OS lock.
        let dead = Holder {
            program: "coda import-codings".into(),
            pid: 999_999,
            host: "h".into(),
            since: "2026-01-01T00:00:00Z".into(),
        };
        std::fs::write(lock_file_path(&path).unwrap(), dead.to_file_text()).unwrap();
        let lock = ProjectLock::acquire(&path, &Holder::this_process("coda")).unwrap();
        assert_eq!(lock.took_over, Some(dead));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_lock_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"precious").unwrap();
        let path = dir.path().join("p.ron");
        std::os::unix::fs::symlink(&victim, lock_file_path(&path).unwrap()).unwrap();
        assert!(ProjectLock::acquire(&path, &Holder::this_process("coda")).is_err());
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    }
}
