//! REFI-QDA export and round trip through the `coda` binary: every exported `project.qde` and
//! `.qdc` validates against the schemas in `../shared/refi-qda/` (with libxml2's `xmllint`),
//! and Coda → .qdpx → Coda keeps everything (byte-identical `export-codings` and codebook, the
//! same project file), on the sample project and on a generated project with every feature.
//! A second export of the re-imported project equals the first except its time stamps.

mod common;

use coda::io::project_file;
use coda::model::{
    CharRange, Code, Coder, CoderId, Color, Coverage, Document, DocumentSource, Extent, Group,
    PageStart, Project, Segment, SegmentId, SourceFormat, Style, StyleSpan, Variable, VariableType,
};
use coda::ops::{Edit, apply};
use common::{coda, ok, stderr};
use std::io::Read;
use std::path::{Path, PathBuf};

fn schema(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/refi-qda")
        .join(name)
}

/// Validate `xml` against a schema with xmllint; `false` (with a message) when xmllint is not
/// installed, so that the caller can skip.
fn assert_valid(xml: &[u8], xsd: &str, what: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).unwrap();
    let run = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema(xsd))
        .arg(&file)
        .output();
    match run {
        Err(_) => {
            eprintln!(
                "SKIPPED schema validation of {what}: xmllint is not installed (apt-get install libxml2-utils)"
            );
            false
        }
        Ok(out) => {
            assert!(
                out.status.success(),
                "{what} does not validate against {xsd}:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            true
        }
    }
}

fn unzip(path: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut out = Vec::new();
            file.read_to_end(&mut out).unwrap();
            (file.name().unwrap().to_string(), out)
        })
        .collect()
}

fn entry<'a>(entries: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &entries.iter().find(|(n, _)| n == name).unwrap().1
}

/// `project.qde` without the export's time stamps.
fn without_times(qde: &[u8]) -> String {
    let text = String::from_utf8(qde.to_vec()).unwrap();
    let times = regex::Regex::new(r#"(creation|modified)DateTime="[^"]*""#).unwrap();
    // Only the Project element carries the export's time; codings keep their own.
    let (head, rest) = text.split_once("<Users>").unwrap_or((&text, ""));
    format!("{}<Users>{rest}", times.replace_all(head, ""))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Export `project_path` as .qdpx and .qdc, validate both, import the .qdpx, and check that
/// nothing changed; then export again and compare. Returns the re-imported project.
fn round_trip(dir: &Path, project_path: &Path) -> Project {
    let qdpx = dir.join("out.qdpx");
    let qdc = dir.join("out.qdc");
    ok(&["export-refi", s(project_path), "-o", s(&qdpx)]);
    ok(&["export-refi", s(project_path), "-o", s(&qdc)]);
    let entries = unzip(&qdpx);
    let qde = entry(&entries, "project.qde");
    assert!(qde.starts_with(b"<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert_valid(qde, "Project-mrt2019.xsd", "project.qde");
    assert_valid(
        &std::fs::read(&qdc).unwrap(),
        "Codebook-mrt2019.xsd",
        "the .qdc",
    );

    let original = project_file::load(project_path).unwrap().project;
    // Each document's text is written exactly as stored (UTF-8, no BOM).
    for document in &original.documents {
        let name = format!("sources/{}.txt", document.id);
        assert_eq!(entry(&entries, &name), document.text.as_str().as_bytes());
    }

    let back = dir.join("back.ron");
    ok(&["import-refi", s(&qdpx), "-o", s(&back)]);
    let reread = project_file::load(&back).unwrap().project;
    let csv = |p: &Path| ok(&["export-codings", s(p)]);
    assert_eq!(csv(project_path), csv(&back), "export-codings changed");
    assert_eq!(original.codes, reread.codes, "the codebook changed");
    assert_eq!(
        original.variables, reread.variables,
        "the variables changed"
    );
    assert_eq!(original.values, reread.values, "the values changed");
    assert_eq!(original.groups, reread.groups, "the groups changed");
    assert_eq!(original, reread, "the project changed");

    let again = dir.join("again.qdpx");
    ok(&["export-refi", s(&back), "-o", s(&again)]);
    let second = unzip(&again);
    assert_eq!(
        without_times(qde),
        without_times(entry(&second, "project.qde")),
        "the second export differs"
    );
    assert_eq!(entries.len(), second.len());
    reread
}

/// Document variables of every type and groups, through the edit path (which keeps values
/// canonical and sorted): a number variable whose values are all whole (an `Integer` in
/// REFI-QDA) and one with a fraction (`Float`), a number too long for `xsd:decimal` as
/// libxml2 reads it, a date, yes/no, a variable without values, a variable named like a
/// document property (`date`); a document in two groups, a group of several, an empty group.
fn add_variables_and_groups(project: &mut Project) {
    let docs: Vec<_> = project.documents.iter().map(|d| d.id).collect();
    let mut edits = Vec::new();
    for (index, (name, kind)) in [
        ("outlet", VariableType::Text),
        ("year", VariableType::Number),
        ("share", VariableType::Number),
        ("date", VariableType::Date),
        ("state media", VariableType::YesNo),
        ("population", VariableType::Number),
        ("not yet coded", VariableType::Text),
    ]
    .into_iter()
    .enumerate()
    {
        edits.push(Edit::InsertVariable {
            index,
            variable: Variable {
                name: name.into(),
                kind,
            },
        });
    }
    let values: [&[(&str, &str)]; 3] = [
        &[
            ("outlet", "Радио Азаттык & <co> \"quoted\""),
            ("year", "2018"),
            ("share", "0.35"),
            ("date", "2013-05-01"),
            ("state media", "yes"),
            ("population", "1e30"),
        ],
        &[
            ("outlet", "Kun.uz"),
            ("year", "2021.0"),
            ("share", "-2"),
            ("date", "2016-02-29"),
            ("state media", "no"),
            ("population", "5"),
        ],
        &[("year", "1999"), ("state media", "false")],
    ];
    for (document, values) in docs.iter().zip(values) {
        for (variable, value) in values {
            edits.push(Edit::SetVariableValue {
                document: *document,
                variable: (*variable).into(),
                value: Some((*value).into()),
            });
        }
    }
    for (index, (name, members)) in [
        ("State media", docs.clone()),
        ("Reports & <memos>", docs[1..2].to_vec()),
        ("Empty", Vec::new()),
    ]
    .into_iter()
    .enumerate()
    {
        edits.push(Edit::InsertGroup {
            index,
            group: Group {
                name: name.into(),
                documents: members,
            },
        });
    }
    apply(project, Edit::Batch(edits)).expect("variables and groups apply");
}

#[test]
fn the_sample_project_round_trips_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("sample.ron");
    let mut sample = project_file::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
    )
    .unwrap()
    .project;
    add_variables_and_groups(&mut sample);
    project_file::save(&sample, &project).unwrap();
    let reread = round_trip(dir.path(), &project);
    assert!(!reread.segments.is_empty());
    assert_eq!(reread.variables.len(), 7);
    assert_eq!(reread.values.len(), 14);
    assert_eq!(reread.groups[0].documents.len(), sample.documents.len());
}

/// A project using every feature: nested codes listed out of tree order with every field,
/// hotkeys, several coders coding the same span, memos with line breaks and markup
/// characters, non-ASCII and astral text, a PDF-like document with styles, pages and
/// properties, coverage, and document variables and groups.
fn every_feature_project() -> Project {
    let mut project = Project::new("Every feature & <markup> \"quoted\"");
    project.memo = "Project memo\nwith two lines & <tags>".into();
    let aigerim = Coder {
        id: CoderId::new(),
        name: "Aigerim".into(),
    };
    let daniyar = Coder {
        id: CoderId::new(),
        name: "Даниияр".into(),
    };
    project.current_coder = Some(daniyar.id);
    project.coders = vec![aigerim.clone(), daniyar.clone()];

    let mut top = Code::new("Push factors", None, Color::from_palette(0));
    top.description = "Why people *join*.\n\nTwo paragraphs.".into();
    top.inclusion = "Causes named.".into();
    top.exclusion = "Channels.".into();
    top.example = "\"no work here\"".into();
    top.hotkey = Some(3);
    top.memo = "A code memo\n\nwith a gap.".into();
    let mut child = Code::new(
        "Unemployment & migration",
        Some(top.id),
        Color::rgb(1, 2, 3),
    );
    child.inclusion = "Only inclusion.".into();
    let other = Code::new("Recruitment", None, Color::from_palette(2));
    // Listed out of tree order: the child after another top-level code.
    project.codes = vec![top.clone(), other.clone(), child.clone()];

    let text = "Первая строка 📌 with & and <tag>.\n\nSecond paragraph\twith a tab.\nLast line.";
    let plain = Document::new(
        "interview 1.txt",
        DocumentSource {
            file_name: "interview 1.txt".into(),
            format: SourceFormat::PlainText,
            encoding: "windows-1251".into(),
        },
        text.into(),
    );
    let mut paged = Document::new(
        "report.pdf",
        DocumentSource {
            file_name: "report.pdf".into(),
            format: SourceFormat::Pdf,
            encoding: String::new(),
        },
        "Title\nPage one text.\nPage two text.".into(),
    );
    paged.memo = "Document memo\r\nwith a carriage return".into();
    paged.styles = vec![StyleSpan {
        start: 0,
        end: 5,
        style: Style::Heading(1),
    }];
    paged.pages = vec![
        PageStart {
            start: 0,
            label: "i".into(),
        },
        PageStart {
            start: 21,
            label: "2".into(),
        },
    ];
    paged.properties = [
        ("author".to_string(), "Field team".to_string()),
        ("date".into(), "2026-03-14".into()),
    ]
    .into_iter()
    .collect();
    let (plain_id, paged_id) = (plain.id, paged.id);
    project.documents = vec![plain, paged];

    let mut add = |document, range: CharRange, code, coder, memo: &str, created: &str| {
        let id = SegmentId::new();
        project.segments.insert(
            id,
            Segment {
                id,
                document,
                start: range.start,
                end: range.end,
                code,
                coder,
                created: created.into(),
                memo: memo.into(),
            },
        );
    };
    let t = "2026-11-22T10:00:00Z";
    add(
        plain_id,
        CharRange::new(0, 16),
        top.id,
        aigerim.id,
        "memo\nline two",
        t,
    );
    add(
        plain_id,
        CharRange::new(0, 16),
        child.id,
        aigerim.id,
        "",
        "2026-11-22T10:05:00Z",
    );
    add(plain_id, CharRange::new(0, 16), top.id, daniyar.id, "", t);
    add(
        plain_id,
        CharRange::new(14, 40),
        other.id,
        daniyar.id,
        "& <overlap>",
        t,
    );
    add(
        plain_id,
        CharRange::new(0, text.chars().count()),
        other.id,
        aigerim.id,
        "",
        t,
    );
    add(paged_id, CharRange::new(6, 20), child.id, daniyar.id, "", t);
    project.coverage = vec![
        Coverage {
            coder: aigerim.id,
            document: plain_id,
            extent: Extent::Whole,
        },
        Coverage {
            coder: daniyar.id,
            document: paged_id,
            extent: Extent::Ranges(vec![CharRange::new(0, 10), CharRange::new(15, 20)]),
        },
    ];
    project.coverage.sort_by_key(|c| (c.coder, c.document));
    add_variables_and_groups(&mut project);
    assert!(
        coda::model::validate(&project).is_empty(),
        "{:?}",
        coda::model::validate(&project)
    );
    project
}

#[test]
fn a_project_with_every_feature_round_trips_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("every.ron");
    project_file::save(&every_feature_project(), &path).unwrap();
    let reread = round_trip(dir.path(), &path);
    assert_eq!(reread.coverage.len(), 2);
    assert_eq!(reread.documents[1].pages.len(), 2);
    assert_eq!(reread.codes[0].hotkey, Some(3));
    let kinds: Vec<VariableType> = reread.variables.iter().map(|v| v.kind).collect();
    assert_eq!(
        kinds,
        [
            VariableType::Text,
            VariableType::Number,
            VariableType::Number,
            VariableType::Date,
            VariableType::YesNo,
            VariableType::Number,
            VariableType::Text
        ]
    );
    let paged = reread.documents[1].id;
    assert_eq!(reread.variable_value(paged, "date"), Some("2016-02-29"));
    assert_eq!(reread.variable_value(paged, "year"), Some("2021"));
    assert_eq!(
        reread.documents[1]
            .properties
            .get("date")
            .map(String::as_str),
        Some("2026-03-14"),
        "the property and the variable of one name stay apart"
    );
    let groups: Vec<(&str, usize)> = reread
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.documents.len()))
        .collect();
    assert_eq!(
        groups,
        [("State media", 2), ("Reports & <memos>", 1), ("Empty", 0)]
    );
}

#[test]
fn positions_count_chars_of_the_written_text_and_memos_are_notes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("every.ron");
    let project = every_feature_project();
    project_file::save(&project, &path).unwrap();
    let qdpx = dir.path().join("out.qdpx");
    let report = ok(&["export-refi", s(&path), "-o", s(&qdpx)]);
    assert!(report.contains("coverage (2 entries"), "{report}");
    let entries = unzip(&qdpx);
    let qde = String::from_utf8(entry(&entries, "project.qde").to_vec()).unwrap();
    // The span 14..40 starts after the astral 📌 (one char, two UTF-16 units).
    assert!(
        qde.contains(r#"startPosition="14" endPosition="40""#),
        "{qde}"
    );
    // One selection for the span coded twice by Aigerim, one for Daniyar's coding of it.
    assert_eq!(
        qde.matches(r#"startPosition="0" endPosition="16""#).count(),
        2
    );
    // Coding memos and code memos are notes referenced by NoteRef.
    assert!(qde.contains("<PlainTextContent>memo\nline two</PlainTextContent>"));
    assert!(qde.contains("<PlainTextContent>A code memo\n\nwith a gap.</PlainTextContent>"));
    // The carriage return survives XML's line-end normalisation.
    assert!(qde.contains("Document memo&#13;\nwith a carriage return"));
    assert!(qde.contains("## Inclusion criteria\nCauses named."));
}

#[test]
fn variables_are_typed_values_sit_in_a_case_per_document_and_groups_are_sets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("every.ron");
    let project = every_feature_project();
    project_file::save(&project, &path).unwrap();
    let qdpx = dir.path().join("out.qdpx");
    let report = ok(&["export-refi", s(&path), "-o", s(&qdpx)]);
    let qde = String::from_utf8(entry(&unzip(&qdpx), "project.qde").to_vec()).unwrap();
    for variable in [
        r#"name="outlet" typeOfVariable="Text""#,
        r#"name="year" typeOfVariable="Integer""#,
        r#"name="share" typeOfVariable="Float""#,
        r#"name="date" typeOfVariable="Date""#,
        r#"name="state media" typeOfVariable="Boolean""#,
        r#"name="population" typeOfVariable="Integer""#,
        r#"name="not yet coded" typeOfVariable="Text""#,
        // The property of the same name as a variable, apart from it.
        r#"name="date (document property)" typeOfVariable="Text""#,
        r#"name="author" typeOfVariable="Text""#,
    ] {
        assert!(qde.contains(variable), "{variable}");
    }
    for value in [
        "<TextValue>Радио Азаттык &amp; &lt;co&gt; \"quoted\"</TextValue>",
        "<IntegerValue>2021</IntegerValue>",
        "<FloatValue>0.35</FloatValue>",
        "<FloatValue>-2</FloatValue>",
        "<DateValue>2016-02-29</DateValue>",
        "<BooleanValue>true</BooleanValue>",
        "<BooleanValue>false</BooleanValue>",
        // 31 digits: more than xsd:decimal must take, so text (read back as a number).
        "<TextValue>1000000000000000000000000000000</TextValue>",
        "<TextValue>Field team</TextValue>",
    ] {
        assert!(qde.contains(value), "{value}");
    }
    // One unnamed case per document with values, naming it once; no values on the sources.
    let cases = qde.split("<Case ").skip(1).collect::<Vec<_>>();
    assert_eq!(cases.len(), 2);
    for (case, document) in cases.iter().zip(&project.documents) {
        let case = &case[..case.find("</Case>").unwrap()];
        assert!(!case.contains("name="), "{case}");
        assert_eq!(case.matches("<SourceRef ").count(), 1);
        assert!(case.contains(&format!(r#"<SourceRef targetGUID="{}"/>"#, document.id)));
    }
    let sources = &qde[qde.find("<Sources>").unwrap()..qde.find("</Sources>").unwrap()];
    assert!(!sources.contains("<VariableValue>"));
    let paged = project.documents[1].id;
    assert!(qde.contains(&format!(
        "name=\"Reports &amp; &lt;memos&gt;\">\n      <MemberSource targetGUID=\"{paged}\"/>\n    </Set>"
    )));
    assert_eq!(qde.matches("<MemberSource ").count(), 3);
    assert!(
        qde.contains(r#"name="Empty"/>"#),
        "an empty group is an empty set"
    );
    for line in [
        "7 variables and 12 values: <Variable>s",
        "3 groups: <Set>s with a <MemberSource> for each document",
        "\"date\" as \"date (document property)\"",
        "1 value has no form in its element: written as <TextValue>s, which Coda reads back as the variable's type (a number of more than 18 digits, the year 0000): \"population\" of \"interview 1.txt\"",
        "exported 2 documents, 3 codes, 2 coders, 6 codings, 4 notes, 7 variables and 3 groups",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
}

/// A `.qdpx` of the given entries.
fn zip_entries(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Coda's exports from before document variables wrote only properties as variables, and a
/// "Coda details" note without the list of them: every variable of such a file is a property.
#[test]
fn an_export_from_before_document_variables_reads_its_variables_as_properties() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("every.ron");
    let mut project = every_feature_project();
    project.variables.clear();
    project.values.clear();
    project_file::save(&project, &path).unwrap();
    let qdpx = dir.path().join("out.qdpx");
    ok(&["export-refi", s(&path), "-o", s(&qdpx)]);
    let mut entries = unzip(&qdpx);
    let qde = String::from_utf8(entry(&entries, "project.qde").to_vec()).unwrap();
    let list = regex::Regex::new(r",property_variables:Some\(\[[^\]]*\]\)").unwrap();
    assert!(list.is_match(&qde), "the note lists the properties");
    let old = list.replace(&qde, "").into_owned();
    entries
        .iter_mut()
        .find(|(n, _)| n == "project.qde")
        .unwrap()
        .1 = old.into_bytes();
    let old_qdpx = dir.path().join("old.qdpx");
    std::fs::write(&old_qdpx, zip_entries(&entries)).unwrap();
    let back = dir.path().join("back.ron");
    ok(&["import-refi", s(&old_qdpx), "-o", s(&back)]);
    let reread = project_file::load(&back).unwrap().project;
    assert!(reread.variables.is_empty());
    assert_eq!(
        reread.documents[1].properties,
        project.documents[1].properties
    );
    assert_eq!(reread, project);
}

#[test]
fn exporting_refuses_an_unknown_extension_and_never_overwrites_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("every.ron");
    project_file::save(&every_feature_project(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let other = dir.path().join("other.ron");
    std::fs::copy(&path, &other).unwrap();
    let renamed = dir.path().join("other.qdpx");
    std::fs::rename(&other, &renamed).unwrap();
    let out = coda(&["export-refi", s(&path), "-o", s(&renamed)]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is a Coda project file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&renamed).unwrap(), before);
    let out = coda(&["export-refi", s(&path), "-o", s(&dir.path().join("x.zip"))]);
    assert!(
        stderr(&out).contains("must end in .qdpx"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
