//! A kill at any instant of a save leaves a project that loads: the real binary is killed at
//! spread-out moments while it rewrites a ~1 MB project, and after every kill the file must load,
//! pass validation, and be either the old or the new project.

mod common;

use coda::io::project_file;
use coda::model::validate;
use common::{coda, seed};
use std::process::Command;
use std::time::Instant;

const ROUNDS: u64 = 60;

#[test]
fn killing_coda_during_saves_never_leaves_an_unreadable_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("big.ron");
    let p = project.to_str().unwrap();
    assert!(coda(&["new", p]).status.success());
    for prefix in ["001", "004", "003"] {
        assert!(
            coda(&[
                "add-document",
                p,
                seed(prefix).to_str().unwrap(),
                "--no-reflow"
            ])
            .status
            .success()
        );
    }

    // How long one add-document takes here, to spread the kills over a whole run.
    let extra = |i: u64| {
        let path = dir.path().join(format!("extra{i}.txt"));
        std::fs::write(&path, format!("Extra document number {i}.\n")).unwrap();
        path
    };
    let started = Instant::now();
    assert!(
        coda(&["add-document", p, extra(1000).to_str().unwrap()])
            .status
            .success()
    );
    let full_run = started.elapsed();

    let mut documents = project_file::load(&project)
        .unwrap()
        .project
        .documents
        .len();
    let mut killed_while_running = 0;
    let mut killed_mid_write = 0;
    let temp = dir.path().join(".big.ron.tmp");
    for round in 0..ROUNDS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_coda"))
            .args(["add-document", p, extra(round).to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill moments spread evenly over 0..90 % of a run.
        let delay = full_run.mul_f64(0.9 * round as f64 / ROUNDS as f64);
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            killed_while_running += 1;
        }
        child.kill().ok();
        child.wait().unwrap();
        if temp.exists() {
            killed_mid_write += 1;
        }

        let loaded = project_file::load(&project)
            .unwrap_or_else(|e| panic!("round {round} (kill after {delay:?}): {e}"))
            .project;
        assert!(validate(&loaded).is_empty(), "round {round}");
        let now = loaded.documents.len();
        assert!(
            now == documents || now == documents + 1,
            "round {round}: {documents} → {now}"
        );
        documents = now;
    }
    eprintln!(
        "one run took {full_run:?}; {killed_while_running} of {ROUNDS} kills hit a running coda, {killed_mid_write} between writing the temporary file and renaming it"
    );
    assert!(
        killed_while_running >= ROUNDS / 3,
        "the kills came too late to test anything"
    );
    // A project left by a killed save is still saved over normally afterwards.
    assert!(
        coda(&["add-document", p, extra(5000).to_str().unwrap()])
            .status
            .success()
    );
    assert!(!temp.exists());
}
