//! Where autosave reads the time: the machine's clock, or one that tests move by hand.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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
/// notices a move only with its next job ([`super::Autosaver::wait_idle`] is one), so what it does
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
