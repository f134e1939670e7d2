//! `coda merge-driver` under a real git: two coders code on two branches and `git merge` gives
//! the union of their codings without conflict markers; when both renamed one code differently,
//! the merge stops with a readable report and leaves our file as it was.

mod common;

use coda::io::project_file;
use coda::model::{Project, validate};
use coda::ops::{CodeField, Edit, apply};
use common::git::{AIGERIM_CSV, BAKYT_CSV, git, git_ok, import_on_branch, repository_with_study};
use std::fs;
use std::path::{Path, PathBuf};

/// A repository whose `study.ron` (two documents, a codebook, a lead coder) is committed on
/// `main`, with the merge driver configured as the README says.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let (dir, repo) = repository_with_study(&[(".gitattributes", "*.ron merge=coda\n")]);
    let driver = format!("{} merge-driver %O %A %B", env!("CARGO_BIN_EXE_coda"));
    git_ok(&repo, &["config", "merge.coda.name", "Coda project merge"]);
    git_ok(&repo, &["config", "merge.coda.driver", &driver]);
    (dir, repo)
}

/// On a new branch from main: import `csv` into study.ron and commit.
fn code_on_branch(repo: &Path, branch: &str, csv: &str) {
    import_on_branch(repo, branch, csv);
    git_ok(repo, &["commit", "-q", "-am", &format!("{branch} codes")]);
}

/// On a new branch from main: change study.ron in the library (as the window would) and commit.
fn change_on_branch(repo: &Path, branch: &str, edits: impl FnOnce(&Project) -> Vec<Edit>) {
    git_ok(repo, &["checkout", "-q", "main"]);
    git_ok(repo, &["checkout", "-q", "-b", branch]);
    let study = repo.join("study.ron");
    let mut project = project_file::load(&study).unwrap().project;
    let edits = edits(&project);
    apply(&mut project, Edit::Batch(edits)).unwrap();
    fs::write(&study, project_file::to_ron_string(&project)).unwrap();
    git_ok(repo, &["commit", "-q", "-am", branch]);
}

fn rename(project: &Project, path: &str, name: &str) -> Edit {
    Edit::SetCodeField {
        id: project.code_by_path(path).unwrap().id,
        field: CodeField::Name(name.into()),
    }
}

#[test]
fn two_branches_of_codings_merge_into_their_union_without_markers() {
    let (_dir, repo) = repository();
    code_on_branch(&repo, "aigerim", AIGERIM_CSV);
    code_on_branch(&repo, "bakyt", BAKYT_CSV);
    git_ok(&repo, &["checkout", "-q", "aigerim"]);
    // Saves leave a backups folder and a lock file beside the project (untracked); the merge
    // driver adds nothing to them.
    let lying_around = git_ok(&repo, &["status", "--porcelain", "--ignored"]);
    let out = git(&repo, &["merge", "--no-edit", "bakyt"]);
    assert!(
        out.status.success(),
        "git merge failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(
            "coda: merged theirs into ours: added 0 documents, 0 codes, 1 coder, 2 codings"
        ),
        "git called Coda's driver: {said}"
    );
    let text = fs::read_to_string(repo.join("study.ron")).unwrap();
    assert!(
        !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
        "conflict markers:\n{text}"
    );
    let merged = project_file::load(&repo.join("study.ron")).unwrap().project;
    assert!(validate(&merged).is_empty(), "{:?}", validate(&merged));
    let count = |coder: &str| {
        let id = merged.coder_by_name(coder).unwrap().id;
        merged.segments.values().filter(|s| s.coder == id).count()
    };
    assert_eq!(
        (count("Aigerim"), count("Bakyt")),
        (3, 2),
        "the union of both branches' codings"
    );
    assert_eq!(merged.coders.len(), 3, "Lead, Aigerim, Bakyt");
    assert!(merged.segments.values().any(|s| s.memo == "same passage"));
    // A merge commit, and nothing left lying around.
    let log = git_ok(&repo, &["log", "--format=%s", "-1"]);
    assert!(log.starts_with("Merge branch 'bakyt'"), "{log}");
    let status = git_ok(&repo, &["status", "--porcelain", "--ignored"]);
    assert_eq!(status, lying_around, "a clean tree after the merge");
    // The merged file is what Coda writes: merging it again in Coda changes nothing.
    assert_eq!(project_file::to_ron_string(&merged), text);
}

#[test]
fn both_branches_renaming_one_code_differently_stop_the_merge_and_keep_ours() {
    let (_dir, repo) = repository();
    change_on_branch(&repo, "drivers", |p| {
        vec![rename(p, "Push factors", "Drivers")]
    });
    change_on_branch(&repo, "causes", |p| {
        vec![rename(p, "Push factors", "Causes")]
    });
    git_ok(&repo, &["checkout", "-q", "drivers"]);
    let ours = git_ok(&repo, &["show", "HEAD:study.ron"]);
    let out = git(&repo, &["merge", "--no-edit", "causes"]);
    assert!(!out.status.success(), "the merge must stop");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains(r#"code "Drivers": name changed differently on each side: base "Push factors", ours "Drivers", theirs "Causes""#),
        "no readable report in:\n{said}"
    );
    assert!(said.contains("ours is left as it was"), "{said}");
    assert_eq!(
        fs::read_to_string(repo.join("study.ron")).unwrap(),
        ours,
        "ours is byte for byte what it was"
    );
    let status = git_ok(&repo, &["status", "--porcelain"]);
    assert!(
        status.contains("UU study.ron"),
        "git marks the file as conflicted: {status}"
    );
    // The same rename on both sides (with another change, so that git calls the driver) merges.
    git_ok(&repo, &["merge", "--abort"]);
    change_on_branch(&repo, "also-drivers", |p| {
        let channels = p.code_by_path("Recruitment channels").unwrap().id;
        vec![
            rename(p, "Push factors", "Drivers"),
            Edit::SetCodeField {
                id: channels,
                field: CodeField::Description("Online and offline.".into()),
            },
        ]
    });
    git_ok(&repo, &["checkout", "-q", "drivers"]);
    let out = git(&repo, &["merge", "--no-edit", "also-drivers"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merged = project_file::load(&repo.join("study.ron")).unwrap().project;
    assert!(merged.code_by_path("Drivers/Unemployment").is_some());
    assert_eq!(
        merged
            .code_by_path("Recruitment channels")
            .unwrap()
            .description,
        "Online and offline."
    );
}
