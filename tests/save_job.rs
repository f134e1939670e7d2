//! Saving off the frame: the project is copied when the save starts and written on another
//! thread; a change made meanwhile is not marked saved.

mod common;

use coda::ops::{Edit, MemoTarget};
use coda::ui::Workspace;

#[test]
fn a_change_made_while_the_file_is_written_stays_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.ron");
    let project = common::small_project(&["Unemployment pushes young men abroad. ".repeat(5)]);
    coda::io::project_file::save(&project, &path).unwrap();
    let mut ws = Workspace::open(&path).unwrap();
    let memo = |text: &str| Edit::SetMemo {
        target: MemoTarget::Project,
        text: text.into(),
    };
    ws.apply(memo("written"), "memo").unwrap();
    let ticket = ws.begin_save(&path, false).unwrap();
    let writer = std::thread::spawn(move || ticket.write());
    // The window goes on meanwhile.
    ws.apply(memo("typed during the save"), "memo").unwrap();
    let done = writer.join().unwrap();
    ws.finish_save(done).unwrap();

    assert_eq!(
        coda::io::project_file::load(&path).unwrap().project.memo,
        "written"
    );
    assert!(ws.is_dirty(), "the later change is not in the file");
    ws.undo().unwrap();
    assert!(!ws.is_dirty(), "undoing it gets back to what was saved");
    // The file stays this window's: the next save writes it.
    ws.redo().unwrap();
    ws.save_to(&path).unwrap();
    assert_eq!(
        coda::io::project_file::load(&path).unwrap().project.memo,
        "typed during the save"
    );
}

#[test]
fn a_failed_save_keeps_the_open_file_and_the_unsaved_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("study.ron");
    let project = common::small_project(&["Recruiters find them in markets. ".repeat(5)]);
    coda::io::project_file::save(&project, &path).unwrap();
    let mut ws = Workspace::open(&path).unwrap();
    ws.apply(
        Edit::SetMemo {
            target: MemoTarget::Project,
            text: "kept".into(),
        },
        "memo",
    )
    .unwrap();
    // Another program changes the file: the save is refused, nothing is lost.
    let mut theirs = project.clone();
    theirs.name = "changed elsewhere".into();
    std::fs::write(&path, coda::io::project_file::to_ron_string(&theirs)).unwrap();
    let done = ws.begin_save(&path, false).unwrap().write();
    assert!(ws.finish_save(done).is_err());
    assert!(ws.is_dirty());
    assert_eq!(ws.path.as_deref(), Some(path.as_path()));
    ws.save_overwriting().unwrap();
    assert_eq!(
        coda::io::project_file::load(&path).unwrap().project.memo,
        "kept"
    );
}
