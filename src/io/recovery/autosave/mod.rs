//! Autosave: unsaved work copied to the recovery folder in the background.
//!
//! The autosave thread keeps its own copy of the window's project, a *mirror*, and writes that
//! copy; the window's thread never serialises or writes, and never copies the project while
//! the user works. When the window starts showing a project it hands over one copy
//! ([`Autosaver::attach`]); after that it forwards each change as it makes it (the edit, or
//! "undo", "redo", "saved": [`Mirror`]), and the thread replays the change on its mirror
//! through the same [`History`](crate::ops::History), so the mirror stays equal to the
//! project. Why not copy the project every 30 s instead: copying 100,000 codings takes tens of
//! milliseconds, far over the 5 ms the window may spend (`docs/PERFORMANCE.md`).
//!
//! When to write is the thread's own business, so it happens on time even while the window is
//! idle: the first unsaved change starts a clock, and when [`INTERVAL`] has passed and the
//! mirror still has unsaved changes, it is written; after a write the clock starts again with
//! the next change. When there are no unsaved changes any more (the project was saved, its
//! changes undone, or a saved project opened) the entry's files are removed. A session that
//! ends normally removes its entry; one that panics or is killed leaves it for the next start
//! to offer. The time comes from a [`Clock`], so tests move it by hand.

mod clock;
mod policy;
mod worker;

pub use clock::{Clock, ManualClock, SystemClock};
pub use policy::{Decision, Policy, WorkState};

use super::{FileStamp, Lease, RecoveryStore};
use crate::model::Project;
use crate::ops::Edit;
use std::path::PathBuf;
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use worker::Worker;

/// How long unsaved work may go without a copy on disk.
pub const INTERVAL: Duration = Duration::from_secs(30);

/// The project's file, as a copy records it.
#[derive(Clone, Debug, Default)]
struct FileFacts {
    path: Option<PathBuf>,
    stamp: Option<FileStamp>,
}

/// A change to the mirror.
enum Change {
    Edit(Edit),
    Undo,
    Redo,
    /// The project was saved (`saved`) or its file replaced its base (a merge of the file's
    /// new content): now it has this file.
    File {
        facts: FileFacts,
        saved: bool,
    },
}

enum Job {
    /// A new mirror: the window shows another project, or lost track of the old mirror.
    Attach {
        at: Instant,
        generation: u64,
        project: Box<Project>,
        dirty: bool,
        facts: FileFacts,
    },
    Change {
        at: Instant,
        generation: u64,
        change: Change,
    },
    Adopt(Lease),
    /// Answered once every job before it is done (and a copy due at `at` written).
    Sync {
        at: Instant,
        done: Sender<()>,
    },
    /// Remove the entry and end; answered when done.
    Finish(Sender<()>),
    /// The window is crashing: write any work not yet on disk, keep the entry, end.
    Abandon(Sender<()>),
}

/// What the thread tells the window.
#[derive(Default)]
struct Shared {
    writes: u64,
    error: Option<String>,
    /// The mirror could not replay a change: it needs a fresh copy.
    lost: bool,
}

/// Gives each autosaver its own number, so a mirror knows whose it is.
fn next_autosaver() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The window's autosave: owns the autosave thread for the window's whole session.
pub struct Autosaver {
    id: u64,
    clock: Arc<dyn Clock>,
    jobs: Sender<Job>,
    shared: Arc<Mutex<Shared>>,
    /// Bumped at each attach: changes forwarded by an older mirror are ignored.
    generation: u64,
    worker: Option<JoinHandle<()>>,
}

/// The window's side of a mirror: forwards each change of the project it was attached for.
pub struct Mirror {
    jobs: Sender<Job>,
    clock: Arc<dyn Clock>,
    autosaver: u64,
    generation: u64,
    /// Steps the mirror can undo and redo: the window may have steps from before the attach.
    undo: usize,
    redo: usize,
    /// The window did something the mirror cannot follow: attach again.
    lost: bool,
}

impl Autosaver {
    /// Autosave into `store` every [`INTERVAL`] of unsaved changes, by the system clock.
    pub fn start(store: RecoveryStore) -> Self {
        Self::with_clock(store, Box::new(SystemClock), INTERVAL)
    }

    pub fn with_clock(store: RecoveryStore, clock: Box<dyn Clock>, interval: Duration) -> Self {
        let (jobs, queue) = channel();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let clock: Arc<dyn Clock> = Arc::from(clock);
        let mut worker = Worker::new(store, Arc::clone(&clock), interval, Arc::clone(&shared));
        let handle = std::thread::Builder::new()
            .name("coda autosave".into())
            .spawn(move || worker.run(&queue))
            .expect("a thread can be started");
        Self {
            id: next_autosaver(),
            clock,
            jobs,
            shared,
            generation: 0,
            worker: Some(handle),
        }
    }

    /// Start mirroring `project` (copied here, once). `dirty`: it has unsaved changes; `path`
    /// and `stamp`: its file, as last read or written.
    pub fn attach(
        &mut self,
        project: &Project,
        dirty: bool,
        path: Option<PathBuf>,
        stamp: Option<FileStamp>,
    ) -> Mirror {
        self.generation += 1;
        self.shared().lost = false;
        let _ = self.jobs.send(Job::Attach {
            at: self.clock.now(),
            generation: self.generation,
            project: Box::new(project.clone()),
            dirty,
            facts: FileFacts { path, stamp },
        });
        Mirror {
            jobs: self.jobs.clone(),
            clock: Arc::clone(&self.clock),
            autosaver: self.id,
            generation: self.generation,
            undo: 0,
            redo: 0,
            lost: false,
        }
    }

    /// Whether `mirror` is this autosaver's current one and still in step with the project
    /// (or whether there is nothing more to do: the autosave thread has stopped).
    pub fn follows(&self, mirror: &Mirror) -> bool {
        if self.stopped() {
            return true;
        }
        mirror.autosaver == self.id
            && mirror.generation == self.generation
            && !mirror.lost
            && !self.shared().lost
    }

    /// Keep writing to an orphan's entry (its work was restored into this session), so that
    /// its copy stays until this session writes a newer one or saves. This session's own entry,
    /// if it has one, is removed.
    pub fn adopt(&mut self, lease: Lease) {
        // The project shown until now is being replaced: its mirror no longer counts.
        self.generation += 1;
        let _ = self.jobs.send(Job::Adopt(lease));
    }

    /// Why the last write failed, until one succeeds.
    pub fn error(&self) -> Option<String> {
        if self.stopped() {
            return Some("Autosave has stopped: unsaved work is no longer copied".into());
        }
        self.shared().error.clone()
    }

    /// How many copies have been written.
    pub fn writes(&self) -> u64 {
        self.shared().writes
    }

    /// Wait until the thread has done every job handed over, and written the mirror if a copy
    /// is due by its clock (tests; a [`ManualClock`] that was moved is noticed here).
    pub fn wait_idle(&mut self) {
        let (done, wait) = channel();
        let sync = Job::Sync {
            at: self.clock.now(),
            done,
        };
        if self.jobs.send(sync).is_ok() {
            let _ = wait.recv();
        }
    }

    /// End the session normally: the entry is removed and the thread ends.
    pub fn finish(mut self) {
        self.shut_down();
    }

    /// The thread has ended (it never does before [`Self::finish`], unless it panicked).
    fn stopped(&self) -> bool {
        self.worker.as_ref().is_none_or(JoinHandle::is_finished)
    }

    fn shared(&self) -> std::sync::MutexGuard<'_, Shared> {
        // A panic on the thread leaves the numbers as they were, which is fine to read.
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn shut_down(&mut self) {
        if let Some(worker) = self.worker.take() {
            let (done, wait) = channel();
            if self.jobs.send(Job::Finish(done)).is_ok() {
                let _ = wait.recv();
            }
            let _ = worker.join();
        }
    }
}

impl Drop for Autosaver {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.shut_down();
            return;
        }
        // Unwinding from a panic is a crash: the latest work is written at once and the entry
        // stays, unlocked, for the next start to offer.
        if let Some(worker) = self.worker.take() {
            let (done, wait) = channel();
            if self.jobs.send(Job::Abandon(done)).is_ok() {
                let _ = wait.recv();
            }
            let _ = worker.join();
        }
    }
}

impl Mirror {
    /// `edit` was applied to the project.
    pub fn applied(&mut self, edit: Edit) {
        self.undo += 1;
        self.redo = 0;
        self.send(Change::Edit(edit));
    }

    /// The last step was undone.
    pub fn undone(&mut self) {
        if self.undo == 0 {
            // A step made before the mirror was attached.
            self.lost = true;
            return;
        }
        self.undo -= 1;
        self.redo += 1;
        self.send(Change::Undo);
    }

    /// The last undone step was redone.
    pub fn redone(&mut self) {
        if self.redo == 0 {
            self.lost = true;
            return;
        }
        self.redo -= 1;
        self.undo += 1;
        self.send(Change::Redo);
    }

    /// The project was saved to `path`, which now looks like `stamp`.
    pub fn saved(&mut self, path: PathBuf, stamp: Option<FileStamp>) {
        let facts = FileFacts {
            path: Some(path),
            stamp,
        };
        self.send(Change::File { facts, saved: true });
    }

    /// The project's file changed under it and the change was taken in (merged): its base is
    /// now the file as it looks like `stamp`.
    pub fn file_taken_in(&mut self, path: PathBuf, stamp: Option<FileStamp>) {
        let facts = FileFacts {
            path: Some(path),
            stamp,
        };
        self.send(Change::File {
            facts,
            saved: false,
        });
    }

    fn send(&mut self, change: Change) {
        let job = Job::Change {
            at: self.clock.now(),
            generation: self.generation,
            change,
        };
        if self.jobs.send(job).is_err() {
            self.lost = true;
        }
    }
}
