//! Several `coda` processes writing one project at once, some killed midway, with readers
//! alongside: afterwards the project always loads, every command that said it succeeded has its
//! change in the file, every command that was turned away says who held the project, and no
//! reader ever saw a broken file. (An earlier build lost one of two concurrent updates in every
//! round while both exited 0.)
//!
//! `CODA_CONCURRENCY_ROUNDS=N` runs more rounds (default 8). `CODA_BIN` tests another build.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const WRITERS: usize = 6;
const READERS: usize = 2;

fn coda_bin() -> PathBuf {
    std::env::var_os("CODA_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_coda")))
}

fn spawn(args: &[&str]) -> Child {
    Command::new(coda_bin())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The coder a writer adds: one coding of its own, so its change is easy to find.
fn coder_name(round: usize, writer: usize) -> String {
    format!("Writer {round}-{writer}")
}

fn csv_for(dir: &Path, round: usize, writer: usize) -> PathBuf {
    let path = dir.join(format!("w{round}-{writer}.csv"));
    let start = 10 + writer * 7;
    fs::write(
        &path,
        format!(
            "document,start,end,code,coder\n004_6008982b3c3d21b7.txt,{start},{},Push factors,{}\n",
            start + 5,
            coder_name(round, writer)
        ),
    )
    .unwrap();
    path
}

#[test]
fn concurrent_writers_never_lose_an_update_and_readers_never_see_a_broken_file() {
    let rounds: usize = std::env::var("CODA_CONCURRENCY_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("study.ron");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
        &project,
    )
    .unwrap();

    let (mut succeeded, mut turned_away, mut killed) = (0, 0, 0);
    for round in 0..rounds {
        let csvs: Vec<PathBuf> = (0..WRITERS)
            .map(|w| csv_for(dir.path(), round, w))
            .collect();
        let mut writers: Vec<Child> = csvs
            .iter()
            .map(|csv| spawn(&["import-codings", s(&project), s(csv)]))
            .collect();
        let readers: Vec<Child> = (0..READERS)
            .map(|_| spawn(&["validate", s(&project)]))
            .collect();
        // Kill two writers of each round, at different moments.
        for (n, w) in [(round % WRITERS), ((round + 3) % WRITERS)]
            .into_iter()
            .enumerate()
        {
            std::thread::sleep(Duration::from_millis(((round * 17 + n * 31) % 60) as u64));
            let _ = writers[w].kill();
        }
        let mut exited_ok = Vec::new();
        for (w, child) in writers.into_iter().enumerate() {
            let out = child.wait_with_output().unwrap();
            let said = String::from_utf8_lossy(&out.stderr).into_owned();
            match out.status.code() {
                Some(0) => {
                    succeeded += 1;
                    exited_ok.push(w);
                }
                Some(_) => {
                    turned_away += 1;
                    assert!(
                        said.contains("is open for writing by coda import-codings"),
                        "round {round}, writer {w} failed for another reason: {said}"
                    );
                }
                None => killed += 1,
            }
        }
        for reader in readers {
            let out = reader.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: a reader saw a broken file: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let loaded = coda::io::project_file::load(&project)
            .unwrap_or_else(|e| panic!("round {round}: the project no longer loads: {e}"));
        for w in exited_ok {
            let name = coder_name(round, w);
            let coder = loaded
                .project
                .coder_by_name(&name)
                .unwrap_or_else(|| panic!("round {round}: {name} exited 0 but its update is lost"));
            assert_eq!(
                loaded
                    .project
                    .segments
                    .values()
                    .filter(|s| s.coder == coder.id)
                    .count(),
                1,
                "round {round}: {name}"
            );
        }
    }
    println!(
        "{rounds} rounds: {succeeded} updates made, {turned_away} writers turned away, {killed} killed"
    );
    assert!(succeeded > 0, "no writer ever succeeded");
    assert!(
        turned_away > 0,
        "the writers never overlapped: the test proved nothing"
    );
}
