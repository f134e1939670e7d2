//! Files that never lose, corrupt or leak data, through the real `coda` binary: each test is one
//! of the ways an earlier build lost or leaked data (issue 9), reproduced as a user or an
//! attacker would. They use only the binary and the bytes of files, so that they can be run
//! against any build: `CODA_BIN=/path/to/coda cargo test --test file_safety`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

fn coda_bin() -> PathBuf {
    std::env::var_os("CODA_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_coda")))
}

fn coda(args: &[&str]) -> Output {
    Command::new(coda_bin()).args(args).output().unwrap()
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn ok(args: &[&str]) -> String {
    let out = coda(args);
    assert!(
        out.status.success(),
        "coda {args:?} failed:\n{}",
        said(&out)
    );
    said(&out)
}

/// The command fails with exit code 1 (not a crash) and says why; returns what it said.
fn refused(args: &[&str]) -> String {
    let out = coda(args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "coda {args:?} should be refused with exit code 1:\n{}",
        said(&out)
    );
    said(&out)
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron")
}

fn seed(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/seeds");
    fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

/// A new interview transcript in `dir`, not yet in any project.
fn transcript(dir: &Path) -> PathBuf {
    let path = dir.join("interview-07.txt");
    fs::write(
        &path,
        "Q: Why did your cousin leave?\nA: There was no work in the village after the factory closed.\n",
    )
    .unwrap();
    path
}

/// A copy of the sample project in `dir`.
fn sample_copy(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    fs::copy(sample(), &path).unwrap();
    path
}

/// Every file below `dir` with its bytes, links listed as links.
fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                out.push((path.clone(), format!("link to {:?}", fs::read_link(&path))));
            } else if meta.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                out.push((path, format!("{} bytes {:x?}", bytes.len(), &sha(&bytes))));
            }
        }
    }
    out.sort();
    out
}

fn sha(bytes: &[u8]) -> u64 {
    // Enough to tell files apart in a test.
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x100000001b3)
    })
}

// 1 ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_old_temporary_name_is_not_followed() {
    let root = tempfile::tempdir().unwrap();
    let d = root.path().join("d");
    fs::create_dir(&d).unwrap();
    let victim = root.path().join("victim.txt");
    fs::write(&victim, "the attacker wants this overwritten").unwrap();
    let project = d.join("p.ron");
    ok(&["new", s(&project), "--coder", "A"]);
    std::os::unix::fs::symlink("../victim.txt", d.join(".p.ron.tmp")).unwrap();
    ok(&["add-document", s(&project), s(&seed("004"))]);
    assert_eq!(
        fs::read_to_string(&victim).unwrap(),
        "the attacker wants this overwritten"
    );
    assert!(
        !fs::symlink_metadata(&project)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(ok(&["validate", s(&project)]).contains("(1 document, "));

    // The same for an export.
    std::os::unix::fs::symlink("../victim.txt", d.join(".out.csv.tmp")).unwrap();
    let out = d.join("out.csv");
    ok(&["export-codings", s(&project), "-o", s(&out)]);
    assert_eq!(
        fs::read_to_string(&victim).unwrap(),
        "the attacker wants this overwritten"
    );
    assert!(!fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
}

// 2 ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_symlinked_project_is_written_through_and_its_backups_are_real_copies() {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir(root.path().join("real")).unwrap();
    let real = sample_copy(&root.path().join("real"), "p.ron");
    let before = fs::read(&real).unwrap();
    let link = root.path().join("p.ron");
    std::os::unix::fs::symlink("real/p.ron", &link).unwrap();
    ok(&["add-document", s(&link), s(&transcript(root.path()))]);

    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let updated = fs::read_to_string(&real).unwrap();
    assert!(
        updated.contains("000_38834240a7655f99.txt"),
        "the target got the update"
    );
    // No file anywhere is a link to the live project: a backup is a copy of the old bytes.
    let files = snapshot(root.path());
    let links: Vec<_> = files
        .iter()
        .filter(|(p, what)| what.starts_with("link") && p != &link)
        .collect();
    assert!(links.is_empty(), "{links:?}");
    let backup_of_before = files
        .iter()
        .any(|(p, what)| p != &real && !what.starts_with("link") && fs::read(p).unwrap() == before);
    assert!(
        backup_of_before,
        "a real copy of the old project: {files:?}"
    );
}

// 4 ---------------------------------------------------------------------------------------------

/// The sample with its first coding's line written twice.
fn with_a_duplicate_coding(dir: &Path) -> PathBuf {
    let text = fs::read_to_string(sample()).unwrap();
    let at = text.find("    segments: [\n").unwrap() + "    segments: [\n".len();
    let line_end = at + text[at..].find('\n').unwrap() + 1;
    let doubled = format!(
        "{}{}{}",
        &text[..line_end],
        &text[at..line_end],
        &text[line_end..]
    );
    let path = dir.join("dup.ron");
    fs::write(&path, doubled).unwrap();
    path
}

#[test]
fn duplicate_coding_ids_are_refused_not_silently_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = with_a_duplicate_coding(dir.path());
    let before = fs::read(&path).unwrap();
    let message = refused(&["validate", s(&path)]);
    assert!(message.contains("is used twice"), "{message}");
    assert!(message.contains(s(&path)), "{message}");
    let message = refused(&["add-document", s(&path), s(&seed("000"))]);
    assert!(message.contains("is used twice"), "{message}");
    refused(&["export-codings", s(&path)]);
    assert_eq!(fs::read(&path).unwrap(), before, "untouched");
}

// 5 ---------------------------------------------------------------------------------------------

#[test]
fn a_cycle_in_the_code_tree_is_refused_without_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(sample()).unwrap();
    // "Push factors" (top level) becomes a child of its own first subcode.
    let cyclic = common::with_code_cycle(&text);
    let path = dir.path().join("cycle.ron");
    fs::write(&path, &cyclic).unwrap();
    for command in ["stats", "validate", "export-codings"] {
        let message = refused(&[command, s(&path)]);
        assert!(
            message.contains("is its own ancestor"),
            "{command}: {message}"
        );
        assert!(message.contains(s(&path)), "{command}: {message}");
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), cyclic);
}

// 6 ---------------------------------------------------------------------------------------------

#[test]
fn a_checkout_with_crlf_line_endings_exports_the_right_passages() {
    let dir = tempfile::tempdir().unwrap();
    let lf = sample_copy(dir.path(), "lf.ron");
    let crlf = dir.path().join("crlf.ron");
    // What git's core.autocrlf=true does on checkout.
    let text = fs::read_to_string(&lf).unwrap().replace('\n', "\r\n");
    fs::write(&crlf, &text).unwrap();

    let expected = coda(&["export-codings", s(&lf)]);
    assert!(expected.status.success());
    let out = coda(&["export-codings", s(&crlf)]);
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&expected.stdout),
        "every coding exports the passage it was made on"
    );
    let notes = String::from_utf8_lossy(&out.stderr);
    assert!(notes.contains("CRLF"), "the repair is reported: {notes}");
    assert!(notes.contains("git-setup"), "with the remedy: {notes}");
    assert_eq!(
        fs::read_to_string(&crlf).unwrap(),
        text,
        "a reader repairs nothing on disk"
    );
}

// 7 ---------------------------------------------------------------------------------------------

/// No message shows the program's insides.
fn assert_plain(message: &str) {
    for leak in [
        "FileIn",
        "serde_stacker",
        "Integer is out of bounds",
        "Expected opening",
        "recursion_limit",
    ] {
        assert!(!message.contains(leak), "{leak:?} in: {message}");
    }
}

#[test]
fn bad_files_get_messages_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let good = fs::read_to_string(sample()).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.ron", Vec::new(), "empty file"),
        ("blank.ron", b"\n\n  \n".to_vec(), "empty file"),
        (
            "notes.ron",
            b"Interview notes, 12 May\n".to_vec(),
            "not a Coda project",
        ),
        (
            "data.ron",
            b"{\"format_version\": 1}".to_vec(),
            "not a Coda project",
        ),
        (
            "deep.ron",
            good.replacen(
                "    memo: \"\",",
                &format!("    memo: \"\", x: {},", "[".repeat(50_000)),
                1,
            )
            .into_bytes(),
            "nested too deeply",
        ),
        (
            "huge-version.ron",
            good.replacen("format_version: 1,", "format_version: 4294967296,", 1)
                .into_bytes(),
            "written by a newer Coda",
        ),
        (
            "v2.ron",
            good.replacen("format_version: 1,", "format_version: 2,", 1)
                .into_bytes(),
            "project format 2)",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        fs::write(&path, &bytes).unwrap();
        for command in ["validate", "stats"] {
            let message = refused(&[command, s(&path)]);
            assert!(message.contains(expected), "{name}, {command}: {message}");
            assert!(message.contains(s(&path)), "{name}: {message}");
            assert_plain(&message);
        }
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }
    #[cfg(unix)]
    {
        let message = refused(&["stats", "/dev/null"]);
        assert!(message.contains("/dev/null: empty file"), "{message}");
    }
}

#[test]
fn a_file_starting_with_a_byte_order_mark_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.ron");
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(fs::read(sample()).unwrap());
    fs::write(&path, &bytes).unwrap();
    assert!(ok(&["validate", s(&path)]).contains("valid"));
    ok(&["stats", s(&path)]);
}

#[test]
fn git_conflict_markers_are_named_with_the_remedy() {
    let dir = tempfile::tempdir().unwrap();
    let good = fs::read_to_string(sample()).unwrap();
    let conflicted = good.replacen(
        "    name: \"Violent extremism in Central Asia\",\n",
        "<<<<<<< HEAD\n    name: \"Violent extremism in Central Asia\",\n=======\n    name: \"VE in Central Asia\",\n>>>>>>> bakyt\n",
        1,
    );
    let path = dir.path().join("study.ron");
    fs::write(&path, &conflicted).unwrap();
    let message = refused(&["stats", s(&path)]);
    assert!(
        message.contains("git conflict markers (lines 6–10)"),
        "{message}"
    );
    assert!(
        message.contains(&format!("coda resolve {}", s(&path))),
        "{message}"
    );
}

// 9 ---------------------------------------------------------------------------------------------

#[test]
fn an_export_never_overwrites_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_copy(dir.path(), "p.ron");
    let other = sample_copy(dir.path(), "other.ron");
    let before = snapshot(dir.path());
    for target in [&project, &other] {
        let message = refused(&["export-codings", s(&project), "-o", s(target)]);
        assert!(message.contains("is a Coda project file"), "{message}");
    }
    assert_eq!(snapshot(dir.path()), before, "nothing changed");
    let coder_b = dir.path().join("b.ron");
    fs::copy(
        sample().with_file_name("central-asia-cve-coder-b.ron"),
        &coder_b,
    )
    .unwrap();
    let before = snapshot(dir.path());
    let message = refused(&["agree", s(&project), s(&coder_b), "-o", s(&project)]);
    assert!(message.contains("is a Coda project file"), "{message}");
    assert_eq!(snapshot(dir.path()), before, "nothing changed");
}

// Locking ---------------------------------------------------------------------------------------

#[test]
fn a_second_writer_is_told_who_holds_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample_copy(dir.path(), "p.ron");
    let before = fs::read(&project).unwrap();
    // The window, say, has it open.
    let holder = coda::io::lock::Holder::this_process("coda window");
    let lock = coda::io::lock::ProjectLock::acquire(&project, &holder).unwrap();
    let doc = transcript(dir.path());
    let message = refused(&["add-document", s(&project), s(&doc)]);
    assert!(
        message.contains("is open for writing by coda window"),
        "{message}"
    );
    assert!(
        message.contains(&format!("process {}", std::process::id())),
        "{message}"
    );
    assert!(message.contains("nothing was changed"), "{message}");
    assert_eq!(fs::read(&project).unwrap(), before);
    // Readers are not blocked.
    ok(&["stats", s(&project)]);
    drop(lock);
    ok(&["add-document", s(&project), s(&doc)]);
}
