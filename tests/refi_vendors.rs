//! Importing REFI-QDA files written by other programs: the real exports in
//! `../shared/fixtures/refi/` (NVivo for Mac 15, ATLAS.ti 23 for Windows, `qc` 1.3.2; provenance
//! in their README), and small files built here for the deviations no fixture has (MAXQDA's
//! `internal://GUID.txt` sources with CRLF text, ATLAS.ti's `codebook:0:4` namespace and
//! `guid` on `MemberCode`, braces around GUIDs, memo-only selections).

use coda::io::refi::{ImportKind, Imported, import_bytes};
use coda::model::Project;
use std::io::Write;
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/refi")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(name: &str) -> Imported {
    import_bytes(&fixture(name), name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn code_paths(project: &Project) -> Vec<String> {
    project
        .codes
        .iter()
        .map(|c| project.code_path(c.id))
        .collect()
}

#[test]
fn nvivo_mac_15_keeps_duplicate_names_under_their_parents_and_its_guids() {
    // nvivo-mac-15_project.qdpx: 262 codes (lower-case GUIDs that are ASCII hex, not v4), two
    // users, two text sources whose .txt holds a single line break (and a .docx beside it), no
    // codings.
    let imported = import("nvivo-mac-15_project.qdpx");
    let project = &imported.project;
    assert_eq!(imported.kind, ImportKind::Project);
    assert_eq!(
        imported.report.origin.as_deref(),
        Some("NVivo for Mac 15.0.0")
    );
    assert_eq!(project.codes.len(), 262);
    assert_eq!(project.documents.len(), 2);
    assert_eq!(project.segments.len(), 0);
    let coders: Vec<&str> = project.coders.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(coders, ["chrisp", "cp"]);
    assert_eq!(
        project.coder(project.current_coder.unwrap()).unwrap().name,
        "chrisp"
    );
    let paths = code_paths(project);
    assert!(paths.contains(&"rq1_definition/competencies/programming".to_string()));
    assert!(paths.contains(&"rq1_definition/framings/cs_as_programming/programming".to_string()));
    let root = project.code_by_path("rq1_definition").unwrap();
    assert_eq!(root.id.to_string(), "34653336-3766-3235-6466-363134396437");
    assert!(project.documents.iter().all(|d| d.text.as_str() == "\n"));
    // Nothing was renamed: the hierarchy tells the duplicates apart.
    assert!(
        !imported
            .report
            .changed
            .iter()
            .any(|l| l.contains("another code")),
        "{:?}",
        imported.report.changed
    );
}

#[test]
fn qc_1_3_2_sources_without_internal_and_no_xml_declaration() {
    // qc-1.3.2_demo.qdpx: no XML declaration, plainTextPath="board_2017.txt" (no internal://),
    // sources without names, whole-line selections named "line:N", 205 codings by "cp".
    let imported = import("qc-1.3.2_demo.qdpx");
    let project = &imported.project;
    assert_eq!(project.codes.len(), 262);
    let names: Vec<&str> = project.documents.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["board_2017.txt", "admin-1.txt"]);
    assert_eq!(project.segments.len(), 205);
    assert_eq!(imported.report.codings, 205);
    assert!(
        imported.report.skipped.is_empty(),
        "{:?}",
        imported.report.skipped
    );
    let board = project.document_by_name("board_2017.txt").unwrap();
    let fun = project
        .code_by_path("rq2_curriculum_and_instruction/pedagogy/fun")
        .unwrap();
    let coding = project
        .segments
        .values()
        .find(|s| s.document == board.id && s.start == 320)
        .unwrap();
    assert_eq!((coding.end, coding.code), (400, fun.id));
    assert_eq!(project.coder(coding.coder).unwrap().name, "cp");
    let text = board.text.slice(coding.range()).unwrap();
    assert!(
        text.starts_with(
            "This district goal is engage every student in joyful, purposeful learning"
        ),
        "{text:?}"
    );
    assert!(text.ends_with('\n'), "qc codes whole lines: {text:?}");
}

#[test]
fn atlas_ti_23_projects_read_with_their_users_and_codes() {
    // atlasti-win-23_blank-project.qdpx: two users (one is ATLAS.ti itself), nothing else.
    let blank = import("atlasti-win-23_blank-project.qdpx");
    assert_eq!(blank.project.name, "blank-atlas-project");
    let coders: Vec<&str> = blank
        .project
        .coders
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(coders, ["Enric Llagostera", "ATLAS.ti"]);
    assert!(blank.project.codes.is_empty() && blank.project.documents.is_empty());
    // atlasti-win-23_target-project.qdpx: upper-case GUIDs, one code with two subcodes, no
    // sources (so no coded passage to check).
    let target = import("atlasti-win-23_target-project.qdpx");
    let paths = code_paths(&target.project);
    assert_eq!(
        paths,
        [
            "Commits",
            "Commits/2022-05-10T02:05:59Z 19e4dce",
            "Commits/2022-02-11T10:39:25Z cdbfd92"
        ]
    );
    assert_eq!(
        target.project.codes[0].id.to_string(),
        "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"
    );
    assert!(
        target.report.skipped.is_empty(),
        "{:?}",
        target.report.skipped
    );
}

/// A `.qdpx` of the given `project.qde` and source files.
pub fn qdpx(qde: &str, sources: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("project.qde", options).unwrap();
    zip.write_all(qde.as_bytes()).unwrap();
    for (name, bytes) in sources {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const CODE: &str = "A1B2C3D4-0000-4000-8000-000000000001";

fn crlf_project(origin: &str, start: usize, end: usize, name: &str) -> String {
    format!(
        r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="crlf" origin="{origin}">
<Users><User guid="{{B0000000-0000-4000-8000-00000000000A}}" name="Ana"/></Users>
<CodeBook><Codes><Code guid="{CODE}" name="Topic" isCodable="true" color="#ef8256"/></Codes></CodeBook>
<Sources><TextSource guid="D0000000-0000-4000-8000-000000000001" name="Interview" plainTextPath="internal://D0000000-0000-4000-8000-000000000001.txt">
<PlainTextSelection guid="E0000000-0000-4000-8000-000000000001" name="{name}" startPosition="{start}" endPosition="{end}" creatingUser="B0000000-0000-4000-8000-00000000000A">
<Coding guid="F0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="{{{code}}}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="E0000000-0000-4000-8000-000000000002" startPosition="0" endPosition="2"><Description>Only a memo</Description></PlainTextSelection>
</TextSource></Sources></Project>"##,
        code = CODE.to_lowercase()
    )
}

/// MAXQDA and NVivo on Windows count CRLF as two characters, ATLAS.ti as one: the source text
/// "ab\r\ncd\r\nef" with the passage "cd" is 4..6 for the first, 3..5 for ATLAS.ti.
#[test]
fn crlf_sources_map_positions_by_program_and_by_selection_names() {
    let text: &[u8] = b"\xEF\xBB\xBFab\r\ncd\r\nef";
    let source = ("Sources/D0000000-0000-4000-8000-000000000001.txt", text);
    for (origin, start, end, name) in [
        ("MAXQDA 24", 4, 6, ""),
        ("ATLAS.ti 23", 3, 5, ""),
        // A name that agrees with one counting wins over the program's usual one.
        ("MAXQDA 24", 3, 5, "cd"),
    ] {
        let imported = import_bytes(
            &qdpx(&crlf_project(origin, start, end, name), &[source]),
            "x.qdpx",
        )
        .unwrap();
        let project = &imported.project;
        let document = &project.documents[0];
        assert_eq!(
            document.text.as_str(),
            "ab\ncd\nef",
            "BOM dropped, LF stored"
        );
        let segment = project.segments.values().next().unwrap();
        assert_eq!(
            document.text.slice(segment.range()),
            Some("cd"),
            "{origin} {start}..{end} {:?}",
            imported.report
        );
        assert_eq!(project.coder(segment.coder).unwrap().name, "Ana");
        assert_eq!(project.codes[0].color.to_string(), "#ef8256");
        // The memo-only selection is kept in the document memo, and said so.
        assert!(document.memo.contains("Only a memo"), "{:?}", document.memo);
        assert!(
            imported
                .report
                .changed
                .iter()
                .any(|l| l.contains("a memo without a coding"))
        );
        assert!(
            imported
                .report
                .changed
                .iter()
                .any(|l| l.contains("positions read as"))
        );
    }
}

#[test]
fn atlas_ti_codebook_with_its_own_namespace_and_guid_on_member_code() {
    let qdc = r##"<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:0:4" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:codebook:0:4 Codebook.xsd" origin="ATLAS.ti for Windows 23.4">
  <Codes>
    <Code guid="5215CC69-B628-4E02-AFB9-9BEEAEE55808" name="Topics" isCodable="false">
      <Description>Folder only</Description>
      <Code guid="D7AA29DA-519B-4946-9B90-253B6DB8FD0A" name="Economy" isCodable="true" color="#FF0"/>
    </Code>
  </Codes>
  <Sets><Set guid="ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F0" name="group 1"><MemberCode guid="D7AA29DA-519B-4946-9B90-253B6DB8FD0A"/></Set></Sets>
</CodeBook>"##;
    let imported = import_bytes(qdc.as_bytes(), "atlas.qdc").unwrap();
    assert_eq!(imported.kind, ImportKind::Codebook);
    let project = &imported.project;
    assert_eq!(code_paths(project), ["Topics", "Topics/Economy"]);
    assert_eq!(project.codes[0].description, "Folder only");
    assert_eq!(project.codes[1].color.to_string(), "#ffff00");
    let report = imported.report.render();
    assert!(report.contains("Set \"group 1\" (1 member)"), "{report}");
    assert!(report.contains("not codable"), "{report}");
}

/// MAXQDA keeps document variables on cases (with no `name`) that name their sources; Quirkos
/// and Coda on the source itself. Both become document properties.
#[test]
fn case_variables_become_properties_of_the_documents_they_name() {
    let qde = r#"<Project xmlns="urn:QDA-XML:project:1.0" name="cases" origin="MAXQDA 2024">
<Variables><Variable guid="71000000-0000-4000-8000-000000000001" name="Age group" typeOfVariable="Text"/>
<Variable guid="71000000-0000-4000-8000-000000000002" name="region" typeOfVariable="Text"/></Variables>
<Cases><Case guid="72000000-0000-4000-8000-000000000001">
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000001"/><TextValue>18-25</TextValue></VariableValue>
<SourceRef targetGUID="73000000-0000-4000-8000-000000000001"/></Case></Cases>
<Sources><TextSource guid="73000000-0000-4000-8000-000000000001" name="R1"><PlainTextContent>Respondent one.</PlainTextContent>
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000002"/><TextValue>Osh</TextValue></VariableValue></TextSource></Sources>
</Project>"#;
    let imported = import_bytes(qde.as_bytes(), "cases.qde").unwrap();
    let document = &imported.project.documents[0];
    assert_eq!(
        document.properties.get("age_group").map(String::as_str),
        Some("18-25")
    );
    assert_eq!(
        document.properties.get("region").map(String::as_str),
        Some("Osh")
    );
    let report = imported.report.render();
    assert!(
        report.contains("kept as properties of its 1 document"),
        "{report}"
    );
    assert!(
        report.contains("kept as the property \"age_group\""),
        "{report}"
    );
}
