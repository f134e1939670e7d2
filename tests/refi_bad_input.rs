//! Bad REFI-QDA input through the `coda` binary: a damaged zip, an archive without
//! `project.qde`, XML that is not QDA-XML are refused with a message naming the file; a
//! selection outside its source and a coding of an unknown code are skipped with a report line
//! naming the element, and so are bad variables, values, cases and sets. A refusal leaves every
//! file byte-identical and creates none.
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

const VARIABLES_QDE: &str = r#"<Project xmlns="urn:QDA-XML:project:1.0" name="bad variables" origin="Test">
<Variables><Variable guid="71000000-0000-4000-8000-000000000001" name="age" typeOfVariable="Integer"/>
<Variable guid="71000000-0000-4000-8000-000000000002" name="" typeOfVariable="Text"/>
<Variable guid="71000000-0000-4000-8000-000000000003" name="mood" typeOfVariable="Ordinal"/>
<Variable guid="71000000-0000-4000-8000-000000000001" name="age again" typeOfVariable="Text"/>
<Variable guid="71000000-0000-4000-8000-000000000005" name="a=b" typeOfVariable="Boolean"/>
<Variable guid="71000000-0000-4000-8000-000000000006" name="when" typeOfVariable="Date"/>
<Variable name="no guid" typeOfVariable="Text"/></Variables>
<Cases><Case guid="72000000-0000-4000-8000-000000000001">
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000001"/><IntegerValue>41</IntegerValue></VariableValue>
<SourceRef targetGUID="73000000-0000-4000-8000-000000000002"/></Case>
<Case guid="72000000-0000-4000-8000-000000000002" name="Ghost">
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000001"/><IntegerValue>50</IntegerValue></VariableValue>
<SourceRef targetGUID="79999999-0000-4000-8000-000000000009"/></Case></Cases>
<Sources><TextSource guid="73000000-0000-4000-8000-000000000001" name="Doc1"><PlainTextContent>One.</PlainTextContent>
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000001"/><FloatValue>abc</FloatValue></VariableValue>
<VariableValue><VariableRef targetGUID="79999999-0000-4000-8000-000000000001"/><TextValue>lost</TextValue></VariableValue>
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000005"/><BooleanValue>maybe</BooleanValue></VariableValue>
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000006"/><DateValue>2019-02-30</DateValue></VariableValue>
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000003"/><TextValue/></VariableValue>
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000003"/><StringValue>x</StringValue></VariableValue>
<VariableValue><TextValue>no reference</TextValue></VariableValue></TextSource>
<TextSource guid="73000000-0000-4000-8000-000000000002" name="Doc2"><PlainTextContent>Two.</PlainTextContent>
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000001"/><IntegerValue>40</IntegerValue></VariableValue></TextSource></Sources>
<Sets><Set guid="74000000-0000-4000-8000-000000000001"><MemberSource targetGUID="73000000-0000-4000-8000-000000000001"/><Junk/></Set>
<Set guid="74000000-0000-4000-8000-000000000002" name="S"><MemberSource targetGUID="79999999-0000-4000-8000-000000000003"/></Set></Sets>
</Project>"#;

#[test]
fn bad_variables_values_and_sets_are_skipped_with_a_line_naming_the_element() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("vars.qde");
    std::fs::write(&input, VARIABLES_QDE).unwrap();
    let output = dir.path().join("vars.ron");
    let said = ok(&["import-refi", s(&input), "-o", s(&output)]);
    for line in [
        // Values that are not of their variable's type, or name no variable.
        "FloatValue of variable \"age\" in TextSource \"Doc1\": \"abc\" is not a number; expected a number such as 2018 or 3.5; skipped",
        "VariableValue in TextSource \"Doc1\": no variable has the GUID \"79999999-0000-4000-8000-000000000001\"",
        "VariableValue in TextSource \"Doc1\": no variable has the GUID \"\"",
        "BooleanValue of variable \"a＝b\" in TextSource \"Doc1\": \"maybe\" is not yes or no",
        "DateValue of variable \"when\" in TextSource \"Doc1\": \"2019-02-30\" is not a date",
        "<StringValue> in a VariableValue of TextSource \"Doc1\": not a value Coda reads",
        "1 VariableValue without a value: nothing to keep",
        // Two values for one document: the first read is kept.
        "IntegerValue of variable \"age\" in Case 72000000-0000-4000-8000-000000000001: \"41\" for \"Doc2\", which already has \"40\" from TextSource \"Doc2\"; not taken",
        // Variables that cannot be taken as they are.
        "Variable \"age again\": its GUID 71000000-0000-4000-8000-000000000001 names an earlier variable",
        "Variable \"mood\": typeOfVariable \"Ordinal\" is not one of Text, Boolean, Integer, Float, Date, DateTime; read as text",
        "Variable \"\": Coda's variable names hold no line breaks, none of : = ! < > and are unique; named \"Variable 2\"",
        "named \"a＝b\"",
        "Variable \"no guid\": no guid, so no value can name it",
        // Cases and sets naming what is not there.
        "SourceRef \"79999999-0000-4000-8000-000000000009\" of Case \"Ghost\": no text source of that GUID was read",
        "Case \"Ghost\": 1 variable value, but names no source Coda read",
        "MemberSource \"79999999-0000-4000-8000-000000000003\" of Set \"S\": no text source of that GUID was read",
        "<Junk> in Set \"\"",
        "Set \"\": a group's name is one line, not empty, and unique; named \"Group 1\"",
    ] {
        assert!(said.contains(line), "{line}\n{said}");
    }
    let project = coda::io::project_file::load(&output).unwrap().project;
    let names: Vec<&str> = project.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        ["age", "Variable 2", "mood", "a＝b", "when", "no guid"]
    );
    let value = |doc: &str, variable| {
        project.variable_value(project.document_by_name(doc).unwrap().id, variable)
    };
    assert_eq!(value("Doc2", "age"), Some("40"));
    assert_eq!(value("Doc1", "age"), None);
    assert_eq!(project.values.len(), 1);
    let groups: Vec<(&str, usize)> = project
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.documents.len()))
        .collect();
    assert_eq!(groups, [("Group 1", 1), ("S", 0)]);
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
