//! When to write a copy of unsaved work: a pure function of the states seen and the time.

use std::time::{Duration, Instant};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::recovery::autosave::INTERVAL;

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
