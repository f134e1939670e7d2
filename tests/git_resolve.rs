//! `coda git-setup` and `coda resolve` under a real git: setting up the merge driver in a
//! repository, and finishing a conflicted merge of a project file (a real conflict the driver
//! stopped at, or git's own conflict markers in a clone that lacks the driver) without losing
//! the other branch's codings.

mod common;

use coda::io::project_file;
use coda::model::{Project, validate};
use coda::ops::{CodeField, Edit, apply};
use common::git::{
    AIGERIM_CSV, BAKYT_CSV, coda_fails, coda_ok, git, git_ok, identify, import_on_branch,
    repository_with_study, said,
};
use std::fs;
use std::path::{Path, PathBuf};

const ATTRIBUTE_LINE: &str = "*.ron merge=coda -text";

/// A repository whose `study.ron` (two documents, a codebook, a lead coder) is committed on
/// `main`, with nothing set up for Coda.
fn bare_repository() -> (tempfile::TempDir, PathBuf) {
    repository_with_study(&[])
}

/// The same, with `coda git-setup` run and `.gitattributes` committed.
fn set_up_repository() -> (tempfile::TempDir, PathBuf) {
    let (dir, repo) = bare_repository();
    coda_ok(&repo, &["git-setup"]);
    git_ok(&repo, &["add", ".gitattributes", ".gitignore"]);
    git_ok(&repo, &["commit", "-q", "-m", "Coda merges project files"]);
    (dir, repo)
}

/// On a new branch from main: import `csv` into study.ron, optionally rename "Push factors",
/// and commit.
fn work_on_branch(repo: &Path, branch: &str, csv: &str, rename_push_factors: Option<&str>) {
    import_on_branch(repo, branch, csv);
    let study = repo.join("study.ron");
    if let Some(name) = rename_push_factors {
        let mut project = project_file::load(&study).unwrap().project;
        let id = project.code_by_path("Push factors").unwrap().id;
        apply(
            &mut project,
            Edit::SetCodeField {
                id,
                field: CodeField::Name(name.into()),
            },
        )
        .unwrap();
        fs::write(&study, project_file::to_ron_string(&project)).unwrap();
    }
    git_ok(repo, &["commit", "-q", "-am", &format!("{branch} codes")]);
}

fn load(repo: &Path) -> Project {
    let project = project_file::load(&repo.join("study.ron")).unwrap().project;
    assert!(validate(&project).is_empty(), "{:?}", validate(&project));
    project
}

fn codings_of(project: &Project, coder: &str) -> usize {
    let Some(coder) = project.coder_by_name(coder) else {
        return 0;
    };
    project
        .segments
        .values()
        .filter(|s| s.coder == coder.id)
        .count()
}

fn has_markers(text: &str) -> bool {
    text.contains("<<<<<<<") || text.contains(">>>>>>>")
}

/// Aigerim's and Bakyt's branches in a set-up repository, both coding, and (when `rename`)
/// both renaming "Push factors" differently: a real conflict.
fn two_coders(rename: bool) -> (tempfile::TempDir, PathBuf) {
    let (dir, repo) = set_up_repository();
    work_on_branch(&repo, "aigerim", AIGERIM_CSV, rename.then_some("Drivers"));
    work_on_branch(&repo, "bakyt", BAKYT_CSV, rename.then_some("Causes"));
    git_ok(&repo, &["checkout", "-q", "main"]);
    (dir, repo)
}

/// A clone of `repo` (which has no local Coda config), on Aigerim's branch, merging Bakyt's:
/// git merges the text itself and writes its conflict markers into study.ron.
fn conflicted_clone(dir: &Path, repo: &Path) -> PathBuf {
    let clone = dir.join("clone");
    git_ok(
        dir,
        &[
            "clone",
            "-q",
            repo.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    );
    identify(&clone);
    assert!(
        !git(&clone, &["config", "--get", "merge.coda.driver"])
            .status
            .success(),
        "a clone has no merge driver"
    );
    git_ok(&clone, &["checkout", "-q", "aigerim"]);
    let out = git(&clone, &["merge", "--no-edit", "origin/bakyt"]);
    assert!(!out.status.success(), "git's text merge conflicts");
    let text = fs::read_to_string(clone.join("study.ron")).unwrap();
    assert!(has_markers(&text), "conflict markers in the project file");
    assert!(git_ok(&clone, &["status", "--porcelain"]).contains("UU study.ron"));
    clone
}

// ---------------------------------------------------------------- git-setup

#[test]
fn git_setup_writes_the_attribute_and_the_config_once() {
    let (_dir, repo) = bare_repository();
    let sub = repo.join("coders");
    fs::create_dir(&sub).unwrap();
    // An earlier setup, as the README used to give it, and an unrelated line.
    fs::write(repo.join(".gitattributes"), "*.txt text\n*.ron merge=coda").unwrap();

    let first = coda_ok(&sub, &["git-setup"]);
    let attributes = fs::read_to_string(repo.join(".gitattributes")).unwrap();
    assert_eq!(
        attributes,
        format!("*.txt text\n*.ron merge=coda\n{ATTRIBUTE_LINE}\n"),
        "ours added after the other lines, which are kept"
    );
    assert!(
        first.contains("*.ron merge=coda") && first.contains("already has"),
        "says that another *.ron line is there: {first}"
    );
    let exe = env!("CARGO_BIN_EXE_coda");
    assert_eq!(
        git_ok(&repo, &["config", "--local", "merge.coda.driver"]).trim(),
        format!("{exe} merge-driver %O %A %B")
    );
    assert_eq!(
        git_ok(&repo, &["config", "--local", "merge.coda.name"]).trim(),
        "Coda project merge"
    );
    assert!(
        git_ok(&repo, &["check-attr", "merge", "text", "--", "study.ron"])
            .contains("study.ron: merge: coda\nstudy.ron: text: unset"),
        "git sees the attributes"
    );

    let second = coda_ok(&repo, &["git-setup", repo.to_str().unwrap()]);
    assert!(second.contains("already set up"), "{second}");
    assert_eq!(
        fs::read_to_string(repo.join(".gitattributes")).unwrap(),
        attributes,
        "nothing changed"
    );
    let config = git_ok(
        &repo,
        &["config", "--local", "--get-all", "merge.coda.driver"],
    );
    assert_eq!(config.lines().count(), 1, "{config}");
}

#[test]
fn git_setup_creates_gitattributes() {
    let (_dir, repo) = bare_repository();
    let said = coda_ok(&repo, &["git-setup", "."]);
    assert_eq!(
        fs::read_to_string(repo.join(".gitattributes")).unwrap(),
        format!("{ATTRIBUTE_LINE}\n")
    );
    assert!(said.contains(".gitattributes"), "{said}");
    assert!(said.contains("merge.coda.driver"), "{said}");
    // What Coda keeps beside a project stays out of the repository.
    assert_eq!(
        fs::read_to_string(repo.join(".gitignore")).unwrap(),
        "*.ron.backups/\n.*.ron.lock\n"
    );
    assert!(said.contains("*.ron.backups/"), "{said}");
}

#[test]
fn git_setup_outside_a_repository_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let said = coda_fails(dir.path(), &["git-setup"]);
    assert!(said.contains("not in a git work tree"), "{said}");
    assert!(!dir.path().join(".gitattributes").exists());
}

#[test]
fn after_git_setup_two_branches_of_codings_merge_without_markers() {
    let (_dir, repo) = two_coders(false);
    git_ok(&repo, &["checkout", "-q", "aigerim"]);
    let out = git(&repo, &["merge", "--no-edit", "bakyt"]);
    assert!(out.status.success(), "git merge failed:\n{}", said(&out));
    assert!(said(&out).contains("coda: merged theirs into ours"));
    let merged = load(&repo);
    assert_eq!(
        (codings_of(&merged, "Aigerim"), codings_of(&merged, "Bakyt")),
        (3, 2)
    );
    assert_eq!(git_ok(&repo, &["status", "--porcelain"]), "");
}

// ---------------------------------------------------------------- the old advice

/// The README used to say: after a conflict, `git checkout --ours study.ron` (or `--theirs`).
/// That takes one side's whole file, so the other branch's codings, which did not conflict at
/// all, are lost from the merge commit.
#[test]
fn the_old_advice_git_checkout_ours_loses_the_other_branchs_codings() {
    let (_dir, repo) = two_coders(true);
    git_ok(&repo, &["checkout", "-q", "aigerim"]);
    let out = git(&repo, &["merge", "--no-edit", "bakyt"]);
    assert!(!out.status.success(), "the driver stops at the rename");
    git_ok(&repo, &["checkout", "--ours", "study.ron"]);
    git_ok(&repo, &["add", "study.ron"]);
    git_ok(&repo, &["commit", "-q", "--no-edit"]);
    let merged = load(&repo);
    assert_eq!(codings_of(&merged, "Aigerim"), 3);
    assert_eq!(
        codings_of(&merged, "Bakyt"),
        0,
        "Bakyt's two codings are not in the merge commit"
    );
}

// ---------------------------------------------------------------- resolve

#[test]
fn resolve_after_the_driver_stopped_keeps_both_branches_and_the_chosen_side() {
    let (_dir, repo) = two_coders(true);
    git_ok(&repo, &["checkout", "-q", "aigerim"]);
    assert!(
        !git(&repo, &["merge", "--no-edit", "bakyt"])
            .status
            .success()
    );
    let said = coda_ok(&repo, &["resolve", "study.ron", "--ours"]);
    assert!(said.contains("name changed differently"), "{said}");
    assert!(said.contains("ours"), "{said}");
    let merged = load(&repo);
    assert_eq!(
        (codings_of(&merged, "Aigerim"), codings_of(&merged, "Bakyt")),
        (3, 2)
    );
    assert!(merged.code_by_path("Drivers/Unemployment").is_some());
    assert!(merged.code_by_path("Causes").is_none());
    assert_eq!(git_ok(&repo, &["status", "--porcelain"]), "M  study.ron\n");
    git_ok(&repo, &["commit", "-q", "--no-edit"]);
}

#[test]
fn a_clone_without_the_driver_gets_markers_and_resolve_theirs_repairs_the_file() {
    let (dir, repo) = two_coders(true);
    let clone = conflicted_clone(dir.path(), &repo);
    let said = coda_ok(&clone, &["resolve", "study.ron", "--theirs"]);
    assert!(
        said.contains(r#"name changed differently on each side: base "Push factors", ours "Drivers", theirs "Causes""#),
        "{said}"
    );
    assert!(said.contains("theirs"), "{said}");
    let text = fs::read_to_string(clone.join("study.ron")).unwrap();
    assert!(!has_markers(&text), "{text}");
    let merged = load(&clone);
    assert_eq!(
        (codings_of(&merged, "Aigerim"), codings_of(&merged, "Bakyt")),
        (3, 2),
        "every coding of both branches"
    );
    assert!(merged.segments.values().any(|s| s.memo == "same passage"));
    assert!(merged.segments.values().any(|s| s.memo == "online"));
    assert!(merged.code_by_path("Causes/Unemployment").is_some());
    assert!(merged.code_by_path("Drivers").is_none());
    assert_eq!(
        text,
        project_file::to_ron_string(&merged),
        "Coda's own format"
    );
    assert_eq!(git_ok(&clone, &["status", "--porcelain"]), "M  study.ron\n");
    git_ok(&clone, &["commit", "-q", "--no-edit"]);
    assert_eq!(
        git_ok(&clone, &["log", "-1", "--format=%p"])
            .split_whitespace()
            .count(),
        2,
        "a merge commit"
    );
}

#[test]
fn a_clone_without_the_driver_resolve_ours_keeps_ours_of_the_conflict_only() {
    let (dir, repo) = two_coders(true);
    let clone = conflicted_clone(dir.path(), &repo);
    coda_ok(&clone, &["resolve", "study.ron", "--ours"]);
    let merged = load(&clone);
    assert_eq!(
        (codings_of(&merged, "Aigerim"), codings_of(&merged, "Bakyt")),
        (3, 2)
    );
    assert!(merged.code_by_path("Drivers/Unemployment").is_some());
    git_ok(&clone, &["commit", "-q", "--no-edit"]);
}

#[test]
fn markers_without_a_real_conflict_need_no_choice() {
    let (dir, repo) = two_coders(false);
    let clone = conflicted_clone(dir.path(), &repo);
    let said = coda_ok(&clone, &["resolve", "study.ron"]);
    assert!(said.contains("no conflict"), "{said}");
    let merged = load(&clone);
    assert_eq!(
        (codings_of(&merged, "Aigerim"), codings_of(&merged, "Bakyt")),
        (3, 2)
    );
    git_ok(&clone, &["commit", "-q", "--no-edit"]);
}

#[test]
fn resolve_without_a_terminal_or_a_side_refuses_and_writes_nothing() {
    let (dir, repo) = two_coders(true);
    let clone = conflicted_clone(dir.path(), &repo);
    let before = fs::read(clone.join("study.ron")).unwrap();
    let said = coda_fails(&clone, &["resolve", "study.ron"]);
    assert!(
        said.contains(r#"code "Drivers": name changed differently on each side"#),
        "lists the conflict: {said}"
    );
    assert!(
        said.contains("--ours") && said.contains("--theirs"),
        "{said}"
    );
    assert_eq!(fs::read(clone.join("study.ron")).unwrap(), before);
    assert!(git_ok(&clone, &["status", "--porcelain"]).contains("UU study.ron"));
}

#[test]
fn resolve_on_a_file_without_a_conflict_refuses() {
    let (_dir, repo) = set_up_repository();
    let before = fs::read(repo.join("study.ron")).unwrap();
    let said = coda_fails(&repo, &["resolve", "study.ron", "--theirs"]);
    assert!(said.contains("not in a conflicted merge"), "{said}");
    assert_eq!(fs::read(repo.join("study.ron")).unwrap(), before);
    assert_eq!(git_ok(&repo, &["status", "--porcelain"]), "");
}
