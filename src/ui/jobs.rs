//! Long work off the frame: loading, importing, exporting and comparing run as jobs on a worker
//! thread, shown with a progress bar in the status bar; the frame never waits for them.
//!
//! A job is a closure run on its own thread. It reports progress through [`Progress`], may
//! check [`Progress::is_cancelled`], and ends by returning a [`Finish`]: what to do with its
//! result, which the window runs on the UI thread at the start of a frame. Jobs belong to the
//! session that started them: replacing the session drops them, cancelling them, and a result
//! that arrives after that is never applied to another project.

use crate::ui::app::CodaApp;
use egui::Ui;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// What to do with a job's result, run on the UI thread.
pub type Finish = Box<dyn FnOnce(&mut CodaApp) + Send>;

/// A job's progress, written by the worker and read by the frame.
#[derive(Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    cancelled: AtomicBool,
}

impl Progress {
    /// How many steps the job has (0: unknown, the bar just shows it is working).
    pub fn set_total(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    pub fn advance(&self, steps: usize) {
        self.done.fetch_add(steps, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Done as a fraction, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total.load(Ordering::Relaxed);
        (total > 0).then(|| (self.done.load(Ordering::Relaxed) as f32 / total as f32).min(1.0))
    }

    fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
}

struct Job {
    label: String,
    cancellable: bool,
    progress: Arc<Progress>,
    result: mpsc::Receiver<Finish>,
}

impl Drop for Job {
    fn drop(&mut self) {
        self.progress.cancel();
    }
}

#[derive(Default)]
pub struct Jobs {
    running: Vec<Job>,
    /// To wake the window when a job ends (none in tests without a window: they poll).
    ctx: Option<egui::Context>,
}

impl Jobs {
    /// The window to wake when a job ends.
    pub fn attach(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
    }

    /// Run `work` on a worker thread. `label` is shown beside its progress bar; a cancellable
    /// job gets a Cancel button (the work should then check [`Progress::is_cancelled`]).
    pub fn spawn(
        &mut self,
        label: impl Into<String>,
        cancellable: bool,
        work: impl FnOnce(&Progress) -> Finish + Send + 'static,
    ) {
        let progress = Arc::new(Progress::default());
        let (send, result) = mpsc::channel();
        let worker_progress = progress.clone();
        let ctx = self.ctx.clone();
        let label = label.into();
        let spawned = std::thread::Builder::new()
            .name(format!("coda job: {label}"))
            .spawn(move || {
                let finish = work(&worker_progress);
                // The session may be gone (the receiver with it): then the result is dropped.
                let _ = send.send(finish);
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        if let Err(e) = spawned {
            // No thread: say so rather than do the work on the frame.
            let message = format!("Could not start “{label}”: {e}");
            let (send, result) = mpsc::channel::<Finish>();
            let _ = send.send(Box::new(move |app: &mut CodaApp| app.show_error(message)));
            self.running.push(Job {
                label,
                cancellable: false,
                progress,
                result,
            });
            return;
        }
        self.running.push(Job {
            label,
            cancellable,
            progress,
            result,
        });
    }

    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Whether a job with this label is running (so the same work is not started twice).
    pub fn is_running(&self, label: &str) -> bool {
        self.running.iter().any(|j| j.label == label)
    }

    /// The results of the jobs that ended since the last call, in the order they were started.
    pub fn take_finished(&mut self) -> Vec<Finish> {
        let mut finished = Vec::new();
        self.running.retain(|job| match job.result.try_recv() {
            Ok(finish) => {
                finished.push(finish);
                false
            }
            Err(mpsc::TryRecvError::Empty) => true,
            // The worker panicked: nothing will come; the job is over.
            Err(mpsc::TryRecvError::Disconnected) => {
                let label = job.label.clone();
                finished.push(Box::new(move |app: &mut CodaApp| {
                    app.show_error(format!(
                        "“{label}” failed unexpectedly; nothing was changed"
                    ))
                }));
                false
            }
        });
        finished
    }

    /// Progress bars (and Cancel buttons) of the running jobs, for the status bar.
    pub fn show(&mut self, ui: &mut Ui) {
        let mut cancel = None;
        for (i, job) in self.running.iter().enumerate() {
            let bar = egui::ProgressBar::new(job.progress.fraction().unwrap_or(0.0))
                .desired_width(160.0)
                .text(job.label.as_str())
                .animate(job.progress.fraction().is_none());
            ui.add(bar);
            if job.cancellable
                && ui
                    .button("Cancel")
                    .on_hover_text(format!("Stop “{}”", job.label))
                    .clicked()
            {
                cancel = Some(i);
            }
            ui.separator();
        }
        if let Some(i) = cancel {
            // Dropping the job cancels it; its result, if it still comes, is not applied.
            self.running.remove(i);
        }
        if self.is_busy() {
            // Redraw the bars while work goes on.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
}
