//! Autosave: unsaved work copied to the recovery folder in the background.
//!
//! The autosave thread keeps its own copy of the window's project, a *mirror*, and writes that
//! copy; the window's thread never serialises or writes, and never copies the project while
//! the user works. When the window starts showing a project it hands over one copy
//! ([`Autosaver::attach`]); after that it forwards each change as it makes it (the edit, or
//! "undo", "redo", "saved": [`Mirror`]), and the thread replays the change on its mirror
//! through the same [`History`], so the mirror stays equal to the project. Why not copy the
//! project every 30 s instead: copying 100,000 codings takes tens of milliseconds, far over
//! the 5 ms the window may spend (`docs/PERFORMANCE.md`).
//!
//! When to write is the thread's own business, so it happens on time even while the window is
//! idle: the first unsaved change starts a clock, and when [`INTERVAL`] has passed and the
//! mirror still has unsaved changes, it is written; after a write the clock starts again with
//! the next change. When there are no unsaved changes any more (the project was saved, its
//! changes undone, or a saved project opened) the entry's files are removed. A session that
//! ends normally removes its entry; one that panics or is killed leaves it for the next start
//! to offer. The time comes from a [`Clock`], so tests move it by hand.

use super::{FileStamp, Lease, RecoveryMeta, RecoveryStore};
use crate::model::Project;
use crate::ops::{Edit, History};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long unsaved work may go without a copy on disk.
pub const INTERVAL: Duration = Duration::from_secs(30);

/// Where the autosaver reads the time.
pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;

    /// How long to really wait for `span` of this clock's time to pass; `None` when its time
    /// passes only by hand (the autosave thread then looks at it only when given a job).
    fn real_wait(&self, span: Duration) -> Option<Duration> {
        Some(span)
    }
}

/// The monotonic clock of the machine.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that moves only when told to, for tests. Clones share the time. The autosave thread
/// notices a move only with its next job ([`Autosaver::wait_idle`] is one), so what it does
/// depends on the order of the jobs alone, never on how fast it runs.
#[derive(Clone)]
pub struct ManualClock {
    origin: Instant,
    elapsed: Arc<Mutex<Duration>>,
}

impl Default for ManualClock {
    fn default() -> Self {
        Self {
            origin: Instant::now(),
            elapsed: Arc::default(),
        }
    }
}

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        *self.elapsed.lock().expect("clock lock") += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.origin + *self.elapsed.lock().expect("clock lock")
    }

    fn real_wait(&self, _: Duration) -> Option<Duration> {
        None
    }
}

/// The mirrored project as the policy sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkState {
    /// It has changes not saved to its file.
    pub dirty: bool,
    /// Changes whenever the project does.
    pub revision: u64,
    /// When the project last changed (in the window).
    pub changed_at: Instant,
}

/// What to do now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Nothing,
    /// Write the project.
    Write,
    /// Remove the entry's files: there is no unsaved work any more.
    Clear,
}

/// When to write, as a pure function of the states seen and the time: no threads, no files.
#[derive(Debug)]
pub struct Policy {
    interval: Duration,
    /// When the oldest change not yet written was first seen.
    since: Option<Instant>,
    /// The revision last written.
    written: Option<u64>,
    /// Whether the entry may have files on disk.
    on_disk: bool,
}

impl Policy {
    pub fn new(interval: Duration) -> Self {
        Self {
            interval,
            since: None,
            written: None,
            on_disk: false,
        }
    }

    /// What to do now, the project being in `state`.
    pub fn decide(&mut self, now: Instant, state: WorkState) -> Decision {
        if !state.dirty {
            self.since = None;
            self.written = None;
            if std::mem::take(&mut self.on_disk) {
                return Decision::Clear;
            }
            return Decision::Nothing;
        }
        if self.written == Some(state.revision) {
            // This very state is on disk.
            self.since = None;
            return Decision::Nothing;
        }
        // The clock runs from the first change not yet written, as the window made it.
        let since = *self.since.get_or_insert(state.changed_at);
        if now.duration_since(since) >= self.interval {
            self.since = None;
            self.written = Some(state.revision);
            self.on_disk = true;
            return Decision::Write;
        }
        Decision::Nothing
    }

    /// How long until [`Self::decide`] may write, if a change is waiting.
    pub fn wake_in(&self, now: Instant) -> Option<Duration> {
        self.since
            .map(|since| (since + self.interval).saturating_duration_since(now))
    }

    /// Whether the state of `revision` is on disk.
    pub fn has_written(&self, revision: u64) -> bool {
        self.written == Some(revision)
    }

    /// The write at `now` failed: write the same state again an interval later.
    pub fn write_failed(&mut self, now: Instant) {
        self.written = None;
        self.since = Some(now);
    }

    /// The entry now has files on disk that the session did not write (an adopted orphan).
    pub fn adopted(&mut self) {
        self.on_disk = true;
        self.written = None;
    }
}

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
        let mut worker = Worker {
            store,
            clock: Arc::clone(&clock),
            changed_at: clock.now(),
            now: clock.now(),
            policy: Policy::new(interval),
            shared: Arc::clone(&shared),
            generation: 0,
            mirror: None,
            revision: 0,
            lease: None,
        };
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

/// The mirror: the project as the window has it, replayed through a history of its own.
struct MirrorState {
    project: Project,
    history: History,
    facts: FileFacts,
}

/// The autosave thread.
struct Worker {
    store: RecoveryStore,
    clock: Arc<dyn Clock>,
    /// When the window made the last change the mirror has taken.
    changed_at: Instant,
    /// The time as of the job at hand: when the window sent it (a job waits in the queue while
    /// a copy is written), or the clock's time when the thread woke by itself.
    now: Instant,
    policy: Policy,
    shared: Arc<Mutex<Shared>>,
    generation: u64,
    /// `None` before the first attach, and after a change it could not replay.
    mirror: Option<MirrorState>,
    /// Counts the mirror's changes, for the policy.
    revision: u64,
    /// The session's entry, claimed at the first write (a session that never changes anything
    /// leaves nothing in the folder) or adopted.
    lease: Option<Lease>,
}

impl Worker {
    fn run(&mut self, jobs: &Receiver<Job>) {
        loop {
            let wait = self
                .policy
                .wake_in(self.clock.now())
                .and_then(|span| self.clock.real_wait(span));
            let job = match wait {
                Some(wait) => match jobs.recv_timeout(wait) {
                    Ok(job) => Some(job),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                },
                None => match jobs.recv() {
                    Ok(job) => Some(job),
                    Err(_) => return,
                },
            };
            match job {
                Some(Job::Finish(done)) => {
                    if let Some(lease) = self.lease.take() {
                        self.report(self.store.remove(lease).map(|_| false));
                    }
                    let _ = done.send(());
                    return;
                }
                Some(Job::Abandon(done)) => {
                    if let Some(mirror) = &self.mirror
                        && mirror.history.is_dirty()
                        && !self.policy.has_written(self.revision)
                    {
                        let result = self.write();
                        self.report(result.map(|()| true));
                    }
                    // The lease goes with the thread: the entry is an orphan from now on.
                    let _ = done.send(());
                    return;
                }
                Some(Job::Sync { at, done }) => {
                    self.now = at;
                    self.step();
                    let _ = done.send(());
                }
                Some(job) => {
                    self.take(job);
                    self.step();
                }
                None => {
                    self.now = self.clock.now();
                    self.step();
                }
            }
        }
    }

    fn take(&mut self, job: Job) {
        match job {
            Job::Attach {
                at,
                generation,
                project,
                dirty,
                facts,
            } => {
                self.changed_at = at;
                self.now = at;
                let mut history = History::new();
                if dirty {
                    history.mark_unsaved();
                }
                self.generation = generation;
                self.revision += 1;
                // The old mirror is dropped here, off the window's thread.
                self.mirror = Some(MirrorState {
                    project: *project,
                    history,
                    facts,
                });
            }
            Job::Change {
                at,
                generation,
                change,
            } if generation == self.generation => {
                self.revision += 1;
                self.changed_at = at;
                self.now = at;
                if let Some(mirror) = self.mirror.as_mut()
                    && !replay(mirror, change)
                {
                    // Out of step: write nothing until the window attaches a fresh copy.
                    self.mirror = None;
                    self.lock_shared().lost = true;
                }
            }
            // From a mirror the window has since replaced.
            Job::Change { .. } => {}
            Job::Adopt(adopted) => {
                if let Some(own) = self.lease.replace(adopted) {
                    self.report(self.store.remove(own).map(|_| false));
                }
                self.policy.adopted();
                // The project shown so far is being replaced by the restored one: until that
                // is attached, the adopted copy is the work.
                self.mirror = None;
            }
            Job::Sync { .. } | Job::Finish(_) | Job::Abandon(_) => {
                unreachable!("handled by run")
            }
        }
    }

    /// Write or clear as the policy says.
    fn step(&mut self) {
        // No mirror: none attached yet, one out of step, or an adopted entry whose project is
        // about to be attached. Nothing to decide until there is one.
        let Some(mirror) = &self.mirror else {
            return;
        };
        let state = WorkState {
            dirty: mirror.history.is_dirty(),
            revision: self.revision,
            changed_at: self.changed_at,
        };
        match self.policy.decide(self.now, state) {
            Decision::Write => {
                let result = self.write();
                if result.is_err() {
                    self.policy.write_failed(self.now);
                }
                self.report(result.map(|()| true));
            }
            Decision::Clear => {
                if let Some(lease) = &self.lease {
                    self.report(self.store.clear(lease).map(|()| false));
                }
            }
            Decision::Nothing => {}
        }
    }

    fn write(&mut self) -> Result<(), super::RecoveryError> {
        let mirror = self.mirror.as_ref().expect("step checked");
        if self.lease.is_none() {
            self.lease = Some(self.store.claim()?);
        }
        let lease = self.lease.as_ref().expect("claimed above");
        let meta = RecoveryMeta::new(
            mirror.project.name.clone(),
            mirror.facts.path.clone(),
            mirror.facts.stamp,
        );
        self.store.write(lease, &meta, &mirror.project)
    }

    /// Record the outcome of a write (`Ok(true)`) or a removal (`Ok(false)`).
    fn report(&self, result: Result<bool, super::RecoveryError>) {
        let mut shared = self.lock_shared();
        match result {
            Ok(wrote) => {
                shared.writes += u64::from(wrote);
                shared.error = None;
            }
            Err(e) => shared.error = Some(format!("Autosave failed: {e}")),
        }
    }

    fn lock_shared(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Apply one change to the mirror; false when it cannot be (the mirror is out of step).
fn replay(mirror: &mut MirrorState, change: Change) -> bool {
    match change {
        Change::Edit(edit) => mirror
            .history
            .apply(&mut mirror.project, edit, String::new())
            .is_ok(),
        Change::Undo => matches!(mirror.history.undo(&mut mirror.project), Ok(Some(_))),
        Change::Redo => matches!(mirror.history.redo(&mut mirror.project), Ok(Some(_))),
        Change::File { facts, saved } => {
            if saved {
                mirror.history.mark_saved();
            }
            mirror.facts = facts;
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    /// A policy, and a way to show it the project at a time: `changed` says whether the
    /// project changed at that moment (a new revision) or is as it was.
    struct Run {
        policy: Policy,
        t0: Instant,
        state: WorkState,
    }

    impl Run {
        fn new() -> Self {
            let t0 = Instant::now();
            Self {
                policy: Policy::new(INTERVAL),
                t0,
                state: WorkState {
                    dirty: false,
                    revision: 0,
                    changed_at: t0,
                },
            }
        }

        fn at(&self, secs: u64) -> Instant {
            self.t0 + Duration::from_secs(secs)
        }

        /// A change at `secs` leaving the project `dirty`, and the decision then.
        fn change(&mut self, secs: u64, dirty: bool) -> Decision {
            self.state = WorkState {
                dirty,
                revision: self.state.revision + 1,
                changed_at: self.at(secs),
            };
            self.policy.decide(self.at(secs), self.state)
        }

        /// The decision at `secs`, nothing having changed.
        fn later(&mut self, secs: u64) -> Decision {
            self.policy.decide(self.at(secs), self.state)
        }

        fn wake_in(&self, secs: u64) -> Option<Duration> {
            self.policy.wake_in(self.at(secs))
        }
    }

    #[test]
    fn the_first_change_starts_the_clock_and_a_copy_follows_thirty_seconds_later() {
        let mut run = Run::new();
        assert_eq!(run.later(0), Decision::Nothing);
        assert_eq!(run.wake_in(0), None, "nothing to wait for");
        assert_eq!(run.change(1, true), Decision::Nothing);
        assert_eq!(run.wake_in(1), Some(INTERVAL));
        // More changes do not restart the clock.
        assert_eq!(run.change(20, true), Decision::Nothing);
        assert_eq!(run.wake_in(20), Some(11 * SECOND));
        assert_eq!(run.later(30), Decision::Nothing);
        assert_eq!(run.later(31), Decision::Write);
        // Written: nothing more until the next change, which starts the clock again.
        assert_eq!(run.wake_in(31), None);
        assert_eq!(run.later(100), Decision::Nothing);
        assert_eq!(run.change(101, true), Decision::Nothing);
        assert_eq!(run.later(130), Decision::Nothing);
        assert_eq!(run.later(131), Decision::Write);
    }

    #[test]
    fn the_clock_runs_from_when_the_change_was_made_not_when_it_was_seen() {
        let mut run = Run::new();
        run.state = WorkState {
            dirty: true,
            revision: 1,
            changed_at: run.at(0),
        };
        // The autosave thread took the change in late (it was busy writing).
        assert_eq!(run.later(30), Decision::Write);
    }

    #[test]
    fn saving_or_undoing_every_change_removes_the_copy_once() {
        let mut run = Run::new();
        run.change(0, true);
        assert_eq!(
            run.change(10, false),
            Decision::Nothing,
            "nothing was written, so nothing to remove"
        );
        assert_eq!(run.wake_in(10), None, "the clock stopped");
        run.change(11, true);
        assert_eq!(run.later(41), Decision::Write);
        assert_eq!(run.change(42, false), Decision::Clear);
        assert_eq!(run.later(43), Decision::Nothing);
        // Changing again after the save starts from scratch.
        run.change(50, true);
        assert_eq!(run.later(79), Decision::Nothing);
        assert_eq!(run.later(80), Decision::Write);
    }

    #[test]
    fn a_failed_write_is_tried_again_after_the_interval() {
        let mut run = Run::new();
        run.change(0, true);
        assert_eq!(run.later(30), Decision::Write);
        run.policy.write_failed(run.at(30));
        assert!(!run.policy.has_written(run.state.revision));
        assert_eq!(run.later(31), Decision::Nothing);
        assert_eq!(run.later(59), Decision::Nothing);
        assert_eq!(run.later(60), Decision::Write);
    }

    #[test]
    fn an_adopted_copy_is_kept_until_the_work_is_saved() {
        let mut run = Run::new();
        run.policy.adopted();
        assert_eq!(run.change(0, true), Decision::Nothing);
        assert_eq!(
            run.later(30),
            Decision::Write,
            "the restored work is written again as this session's"
        );
        assert_eq!(run.change(31, false), Decision::Clear);
    }
}
