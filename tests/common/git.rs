//! Coda under a real git: git and `coda` isolated from the machine's and the user's
//! configuration, a repository whose `study.ron` is committed on `main`, and coders coding on
//! branches of it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const CODEBOOK: &str = "- Push factors: Why people are drawn in.\n  - Unemployment: No work at home.\n- Recruitment channels: How people are reached.\n";

/// Aigerim's codings of the two interviews.
pub const AIGERIM_CSV: &str = "document,start,end,code,coder,memo\n\
     interview1.txt,0,8,Push factors,Aigerim,\n\
     interview1.txt,22,38,Recruitment channels,Aigerim,online\n\
     interview2.txt,0,24,Push factors/Unemployment,Aigerim,\n";
/// Bakyt's: two of Aigerim's passages, one with a memo.
pub const BAKYT_CSV: &str = "document,start,end,code,coder,memo\n\
     interview1.txt,22,38,Recruitment channels,Bakyt,\n\
     interview2.txt,0,24,Push factors/Unemployment,Bakyt,same passage\n";

/// Git, isolated from the machine's and the user's configuration.
pub fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs")
}

pub fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `coda` run in `dir` with the same isolated git, and no terminal on standard input.
pub fn coda(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coda"))
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .stdin(Stdio::null())
        .output()
        .expect("coda runs")
}

/// What a command wrote, standard output then standard error.
pub fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub fn coda_ok(dir: &Path, args: &[&str]) -> String {
    let out = coda(dir, args);
    assert!(
        out.status.success(),
        "coda {args:?} failed:\n{}",
        said(&out)
    );
    said(&out)
}

pub fn coda_fails(dir: &Path, args: &[&str]) -> String {
    let out = coda(dir, args);
    assert!(
        !out.status.success(),
        "coda {args:?} should fail:\n{}",
        said(&out)
    );
    said(&out)
}

/// Commit as the lead coder.
pub fn identify(repo: &Path) {
    git_ok(repo, &["config", "user.name", "Lead"]);
    git_ok(repo, &["config", "user.email", "lead@example.org"]);
}

/// A repository whose `study.ron` (two documents, a codebook, a lead coder) is committed on
/// `main`, in one commit with `files` (a name in the repository and its text each). The
/// documents and the codebook come from outside the repository.
pub fn repository_with_study(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    fs::create_dir(&repo).unwrap();
    git_ok(&repo, &["init", "-q", "-b", "main"]);
    identify(&repo);
    for (name, text) in files {
        fs::write(repo.join(name), text).unwrap();
    }
    let codebook = dir.path().join("codebook.md");
    fs::write(&codebook, CODEBOOK).unwrap();
    let doc1 = dir.path().join("interview1.txt");
    fs::write(
        &doc1,
        "Migrants in Russia are recruited online, often through social media.\n",
    )
    .unwrap();
    let doc2 = dir.path().join("interview2.txt");
    fs::write(
        &doc2,
        "There is no work at home, so young men leave for Russia.\n",
    )
    .unwrap();
    let study = repo.join("study.ron");
    let s = study.to_str().unwrap();
    coda_ok(
        &repo,
        &[
            "new",
            s,
            "--coder",
            "Lead",
            "--codebook",
            codebook.to_str().unwrap(),
        ],
    );
    coda_ok(
        &repo,
        &[
            "add-document",
            s,
            doc1.to_str().unwrap(),
            doc2.to_str().unwrap(),
        ],
    );
    let mut add = vec!["add", "study.ron"];
    add.extend(files.iter().map(|(name, _)| *name));
    git_ok(&repo, &add);
    git_ok(&repo, &["commit", "-q", "-m", "Master project"]);
    (dir, repo)
}

/// On a new branch from main: import `csv` into study.ron, not yet committed.
pub fn import_on_branch(repo: &Path, branch: &str, csv: &str) {
    git_ok(repo, &["checkout", "-q", "main"]);
    git_ok(repo, &["checkout", "-q", "-b", branch]);
    let csv_path = repo.parent().unwrap().join(format!("{branch}.csv"));
    fs::write(&csv_path, csv).unwrap();
    let study = repo.join("study.ron");
    coda_ok(
        repo,
        &[
            "import-codings",
            study.to_str().unwrap(),
            csv_path.to_str().unwrap(),
        ],
    );
}
