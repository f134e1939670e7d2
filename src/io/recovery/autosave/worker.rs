//! The autosave thread: keeps the mirror, replays the window's changes on it, and writes it
//! or removes the entry as the [`Policy`] says.

use super::{Change, Clock, Decision, FileFacts, Job, Policy, Shared, WorkState};
use crate::io::recovery::{Lease, RecoveryError, RecoveryMeta, RecoveryStore};
use crate::model::Project;
use crate::ops::History;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The mirror: the project as the window has it, replayed through a history of its own.
struct MirrorState {
    project: Project,
    history: History,
    facts: FileFacts,
}

/// The autosave thread.
pub(super) struct Worker {
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
    pub(super) fn new(
        store: RecoveryStore,
        clock: Arc<dyn Clock>,
        interval: Duration,
        shared: Arc<Mutex<Shared>>,
    ) -> Self {
        Self {
            store,
            changed_at: clock.now(),
            now: clock.now(),
            clock,
            policy: Policy::new(interval),
            shared,
            generation: 0,
            mirror: None,
            revision: 0,
            lease: None,
        }
    }

    pub(super) fn run(&mut self, jobs: &Receiver<Job>) {
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

    fn write(&mut self) -> Result<(), RecoveryError> {
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
    fn report(&self, result: Result<bool, RecoveryError>) {
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
