//! Bad REFI-QDA input through the `coda` binary: a damaged zip, an archive without
//! `project.qde`, XML that is not QDA-XML are refused with a message naming the file; a
//! selection outside its source and a coding of an unknown code are skipped with a report line
//! naming the element. A refusal leaves every file byte-identical and creates none.
//! Also `import-refi --into`: a codebook's codes added to a project through its lock.

mod common;

use common::{coda, ok, stderr, stdout};
use std::io::Write;
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn qdpx(qde: &str, sources: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    if !qde.is_empty() {
        zip.start_file("project.qde", options).unwrap();
        zip.write_all(qde.as_bytes()).unwrap();
    }
    for (name, bytes) in sources {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A sample project copy, the files of the folder and their bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn sample(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("study.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
        &path,
    )
    .unwrap();
    path
}

#[test]
fn unreadable_files_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let real = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/refi/qc-1.3.2_demo.qdpx"),
    )
    .unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.qdpx", real[..real.len() / 2].to_vec(), "damaged"),
        (
            "empty-archive.qdpx",
            qdpx("", &[("sources/a.txt", b"text")]),
            "no project.qde",
        ),
        (
            "html.qdpx",
            qdpx("<html><body>not QDA</body></html>", &[]),
            "its root element is <html>",
        ),
        (
            "other-namespace.qdc",
            br#"<CodeBook xmlns="urn:example:other"><Codes/></CodeBook>"#.to_vec(),
            "not QDA-XML",
        ),
        (
            "broken.qdc",
            b"<CodeBook><Codes><Code".to_vec(),
            "not well-formed",
        ),
        (
            "csv.qdc",
            b"document,start,end\n".to_vec(),
            "not a REFI-QDA file",
        ),
    ];
    for (name, bytes, expected) in cases {
        let input = dir.path().join(name);
        std::fs::write(&input, &bytes).unwrap();
        let before = snapshot(dir.path());
        let out_ron = dir.path().join("new.ron");
        let out = coda(&["import-refi", s(&input), "-o", s(&out_ron)]);
        assert!(!out.status.success(), "{name} was read");
        let message = stderr(&out);
        assert!(message.contains(name), "{name}: {message}");
        assert!(message.contains(expected), "{name}: {message}");
        let out = coda(&["import-refi", s(&input), "--into", s(&project)]);
        assert!(!out.status.success(), "{name} was merged");
        assert_eq!(snapshot(dir.path()), before, "{name} changed a file");
        std::fs::remove_file(&input).unwrap();
    }
}

const QDE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="bad refs" origin="Test">
<CodeBook><Codes><Code guid="10000000-0000-4000-8000-000000000001" name="Known" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="20000000-0000-4000-8000-000000000001" name="Doc"><PlainTextContent>Twelve chars</PlainTextContent>
<PlainTextSelection guid="30000000-0000-4000-8000-000000000001" name="outside" startPosition="5" endPosition="999"><Coding guid="40000000-0000-4000-8000-000000000001"><CodeRef targetGUID="10000000-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>
<PlainTextSelection guid="30000000-0000-4000-8000-000000000002" startPosition="0" endPosition="6"><Coding guid="40000000-0000-4000-8000-000000000002"><CodeRef targetGUID="99999999-0000-4000-8000-000000000009"/></Coding><Coding guid="40000000-0000-4000-8000-000000000003"><CodeRef targetGUID="10000000-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>
</TextSource><PictureSource guid="50000000-0000-4000-8000-000000000001" name="photo"/></Sources>
<OtherData>vendor extension</OtherData>
</Project>"#;

#[test]
fn bad_references_are_skipped_with_a_line_naming_the_element() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("refs.qdpx");
    std::fs::write(&input, qdpx(QDE, &[])).unwrap();
    let output = dir.path().join("refs.ron");
    let said = ok(&["import-refi", s(&input), "-o", s(&output)]);
    assert!(
        said.contains(
            "PlainTextSelection 30000000-0000-4000-8000-000000000001 \"outside\" in TextSource \"Doc\": 5–999 lies outside the source's 12 characters (1 coding not read)"
        ),
        "{said}"
    );
    assert!(
        said.contains("Coding 40000000-0000-4000-8000-000000000002 in PlainTextSelection 30000000-0000-4000-8000-000000000002 in TextSource \"Doc\": its CodeRef \"99999999-0000-4000-8000-000000000009\" names no code"),
        "{said}"
    );
    assert!(
        said.contains("PictureSource \"photo\": Coda holds text documents only"),
        "{said}"
    );
    assert!(
        said.contains("<OtherData>: not an element of a QDA-XML project"),
        "{said}"
    );
    let project = coda::io::project_file::load(&output).unwrap().project;
    assert_eq!(project.segments.len(), 1, "the good coding is kept");
    // A coding naming no user gets a coder of its own, said so.
    assert!(
        said.contains("codings that name no user: the coder \"Imported\""),
        "{said}"
    );
}

#[test]
fn import_into_adds_a_codebooks_missing_codes_and_refuses_a_whole_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let qdc = dir.path().join("book.qdc");
    std::fs::write(
        &qdc,
        r#"<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="60000000-0000-4000-8000-000000000001" name="Push factors" isCodable="true"><Description>Theirs</Description>
<Code guid="60000000-0000-4000-8000-000000000002" name="Climate" isCodable="true"><Description>New code.

## Example
"the river dried"</Description></Code></Code></Codes></CodeBook>"#,
    )
    .unwrap();
    let before = coda::io::project_file::load(&project).unwrap().project;
    let out = coda(&["import-refi", s(&qdc), "--into", s(&project)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains("added 1 code to"), "{said}");
    assert!(said.contains("added Push factors/Climate"), "{said}");
    assert!(said.contains("kept the project's description"), "{said}");
    let after = coda::io::project_file::load(&project).unwrap().project;
    assert_eq!(after.codes.len(), before.codes.len() + 1);
    let climate = after.code_by_path("Push factors/Climate").unwrap();
    assert_eq!(
        (climate.description.as_str(), climate.example.as_str()),
        ("New code.", "\"the river dried\"")
    );
    assert_eq!(
        after.code_by_path("Push factors").unwrap().description,
        before.code_by_path("Push factors").unwrap().description
    );
    // The save kept a backup, as every project save does.
    assert!(dir.path().join("study.ron.backups").is_dir());

    // A whole project cannot be merged with --into.
    let qdpx_path = dir.path().join("p.qdpx");
    ok(&["export-refi", s(&project), "-o", s(&qdpx_path)]);
    let bytes = std::fs::read(&project).unwrap();
    let out = coda(&["import-refi", s(&qdpx_path), "--into", s(&project)]);
    assert!(
        stderr(&out).contains("--into adds a codebook"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&project).unwrap(), bytes);
    // -o never overwrites.
    let out = coda(&["import-refi", s(&qdpx_path), "-o", s(&project)]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read(&project).unwrap(), bytes);
}

#[test]
fn import_into_waits_for_no_one_and_refuses_a_locked_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = sample(dir.path());
    let qdc = dir.path().join("book.qdc");
    ok(&["export-refi", s(&project), "-o", s(&qdc)]);
    let bytes = std::fs::read(&project).unwrap();
    let (_held, _) = coda::io::project_file::ProjectFile::open(&project, "a test").unwrap();
    let out = coda(&["import-refi", s(&qdc), "--into", s(&project)]);
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(stderr(&out).contains("a test"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&project).unwrap(), bytes);
}

#[test]
fn a_codebook_without_codes_is_refused_not_written_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("empty.ron");
    ok(&["new", s(&project)]);
    let qdc = dir.path().join("empty.qdc");
    let out = coda(&["export-refi", s(&project), "-o", s(&qdc)]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("needs at least one"),
        "{}",
        stderr(&out)
    );
    assert!(!qdc.exists());
    // The project itself exports (and validates: tests/refi_roundtrip.rs) without codes.
    ok(&[
        "export-refi",
        s(&project),
        "-o",
        s(&dir.path().join("empty.qdpx")),
    ]);
}
