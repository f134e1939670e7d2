use super::*;
use crate::io::project_file::to_ron_string;
use crate::model::{Code, Coder, CoderId, Color, Document, DocumentSource, Segment, SourceFormat};

fn project() -> Project {
    let mut project = Project::new("Migration interviews");
    let coder = Coder {
        id: CoderId::new(),
        name: "Aigerim".into(),
    };
    let code = Code::new("Push factors", None, Color::from_palette(0));
    let document = Document::new(
        "interview1.txt",
        DocumentSource {
            file_name: "interview1.txt".into(),
            format: SourceFormat::PlainText,
            encoding: "UTF-8".into(),
        },
        "Работы нет — no work at home.\nSo we left.\n".into(),
    );
    let segment = Segment {
        id: crate::model::SegmentId::new(),
        document: document.id,
        start: 0,
        end: 10,
        code: code.id,
        coder: coder.id,
        created: "2026-12-01T10:00:00Z".into(),
        memo: "“quoted” memo".into(),
    };
    project.current_coder = Some(coder.id);
    project.coders.push(coder);
    project.codes.push(code);
    project.documents.push(document);
    project.segments.insert(segment.id, segment);
    project
}

fn meta() -> RecoveryMeta {
    RecoveryMeta::new(
        "Migration interviews",
        Some(PathBuf::from("/home/a/study.ron")),
        None,
    )
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

#[test]
fn a_live_sessions_entry_is_not_an_orphan_and_a_dead_ones_is_restored_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path().join("recovery"));
    let lease = store.claim().unwrap();
    let project = project();
    store.write(&lease, &meta(), &project).unwrap();
    assert!(
        store.orphans().unwrap().is_empty(),
        "the session still holds its entry"
    );

    // What a crash leaves: the files, and no lock.
    drop(lease);
    let orphans = store.orphans().unwrap();
    assert_eq!(orphans.len(), 1);
    let entry = &orphans[0];
    let found = entry.meta.as_ref().unwrap();
    assert_eq!(found.project_name, "Migration interviews");
    assert_eq!(
        found.original_path,
        Some(PathBuf::from("/home/a/study.ron"))
    );
    assert_eq!(found.pid, std::process::id());
    assert!(found.written.ends_with('Z'), "{}", found.written);
    let restored = store.restore(entry).unwrap();
    assert_eq!(restored, project);
    assert_eq!(to_ron_string(&restored), to_ron_string(&project));
    assert_eq!(
        std::fs::read_to_string(entry.snapshot_path()).unwrap(),
        to_ron_string(&project),
        "the copy is an ordinary project file"
    );
}

#[test]
fn an_orphan_is_offered_by_one_starting_window_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path());
    let lease = store.claim().unwrap();
    store.write(&lease, &meta(), &project()).unwrap();
    drop(lease);
    let first = store.orphans().unwrap();
    assert_eq!(first.len(), 1);
    assert!(
        store.orphans().unwrap().is_empty(),
        "the first window has it"
    );
    drop(first);
    assert_eq!(store.orphans().unwrap().len(), 1, "offered again next time");
}

#[test]
fn removing_an_entry_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path());
    let lease = store.claim().unwrap();
    store.write(&lease, &meta(), &project()).unwrap();
    store.write(&lease, &meta(), &project()).unwrap();
    store.clear(&lease).unwrap();
    assert_eq!(
        names(dir.path()).len(),
        1,
        "only the lock: {:?}",
        names(dir.path())
    );
    store.write(&lease, &meta(), &project()).unwrap();
    store.remove(lease).unwrap();
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));

    let lease = store.claim().unwrap();
    store.write(&lease, &meta(), &project()).unwrap();
    drop(lease);
    let orphan = store.orphans().unwrap().pop().unwrap();
    store.discard(orphan).unwrap();
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    assert!(store.orphans().unwrap().is_empty());
}

#[test]
fn a_damaged_copy_is_reported_in_plain_words_and_can_be_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path());
    let lease = store.claim().unwrap();
    store.write(&lease, &meta(), &project()).unwrap();
    let snapshot = store.snapshot_path(lease.id());
    // Cut in the middle, as a full disk or another program might leave it.
    let bytes = std::fs::read(&snapshot).unwrap();
    std::fs::write(&snapshot, &bytes[..bytes.len() / 2]).unwrap();
    drop(lease);
    let mut orphans = store.orphans().unwrap();
    let entry = orphans.pop().unwrap();
    let message = store.restore(&entry).unwrap_err().to_string();
    assert!(
        message.starts_with("the unsaved work of “Migration interviews” cannot be read"),
        "{message}"
    );
    assert!(
        message.contains(&snapshot.display().to_string()),
        "{message}"
    );
    store.discard(entry).unwrap();
    assert!(names(dir.path()).is_empty());
}

#[test]
fn an_entry_whose_details_are_missing_or_damaged_is_still_offered() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path());
    let project = project();
    for damage in ["missing", "garbage"] {
        let lease = store.claim().unwrap();
        store.write(&lease, &meta(), &project).unwrap();
        let meta_path = store.meta_path(lease.id());
        match damage {
            "missing" => std::fs::remove_file(&meta_path).unwrap(),
            _ => std::fs::write(&meta_path, "(project_name: 12").unwrap(),
        }
        drop(lease);
        let mut orphans = store.orphans().unwrap();
        assert_eq!(orphans.len(), 1);
        let entry = orphans.pop().unwrap();
        let why = entry.meta.as_ref().unwrap_err();
        match damage {
            "missing" => assert!(why.contains("never written"), "{why}"),
            _ => assert!(why.contains("damaged"), "{why}"),
        }
        assert_eq!(entry.name(), "an unnamed project");
        assert_eq!(entry.original_path(), None);
        assert_eq!(store.restore(&entry).unwrap(), project);
        store.discard(entry).unwrap();
    }
}

#[test]
fn a_dead_sessions_note_and_leftovers_do_not_hide_or_block_anything() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path());
    let lease = store.claim().unwrap();
    let mut dead = meta();
    dead.pid = 999_999;
    store.write(&lease, &dead, &project()).unwrap();
    // A lock file of a session that died before writing, and a write killed half-way.
    let id = lease.id();
    drop(lease);
    let empty = store.claim().unwrap();
    let stale_lock = crate::io::lock::lock_file_path(&store.snapshot_path(empty.id())).unwrap();
    drop(empty);
    assert!(stale_lock.exists());
    let temp = dir
        .path()
        .join(format!(".{id}{SNAPSHOT_SUFFIX}.a1b2c3.tmp"));
    std::fs::write(&temp, "half").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not ours").unwrap();

    let orphans = store.orphans().unwrap();
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0].meta.as_ref().unwrap().pid, 999_999);
    assert!(!stale_lock.exists(), "the stale lock file is removed");
    for entry in orphans {
        store.discard(entry).unwrap();
    }
    assert_eq!(names(dir.path()), ["notes.txt"]);
}

#[test]
fn newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path());
    for (name, written) in [
        ("old", "2026-01-01T00:00:00Z"),
        ("new", "2026-03-01T00:00:00Z"),
    ] {
        let lease = store.claim().unwrap();
        store.write(&lease, &meta(), &project()).unwrap();
        let mut file = MetaFile::from_meta(&meta());
        file.project_name = name.into();
        file.written = written.into();
        let text = ron::ser::to_string(&file).unwrap();
        std::fs::write(store.meta_path(lease.id()), text).unwrap();
    }
    let names: Vec<String> = store.orphans().unwrap().iter().map(|e| e.name()).collect();
    assert_eq!(names, ["new", "old"]);
}

#[cfg(unix)]
#[test]
fn the_folder_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path().join("recovery"));
    let lease = store.claim().unwrap();
    let mode = std::fs::metadata(store.dir()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    store.remove(lease).unwrap();
}

#[test]
fn no_folder_means_no_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::new(dir.path().join("never created"));
    assert!(store.orphans().unwrap().is_empty());
}
