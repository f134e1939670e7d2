//! Importing REFI-QDA files written by other programs: the real exports in
//! `../shared/fixtures/refi/` (NVivo for Mac 15, ATLAS.ti 23 for Windows, `qc` 1.3.2; provenance
//! in their README), and small files built here for the deviations no fixture has (MAXQDA's
//! `internal://GUID.txt` sources with CRLF text, ATLAS.ti's `codebook:0:4` namespace and
//! `guid` on `MemberCode`, braces around GUIDs, memo-only selections, MAXQDA's and NVivo's
//! cases with variables, ATLAS.ti's and Transana's sets). None of the fixtures has variables,
//! cases or sets.

use coda::io::refi::{ImportKind, Imported, import_bytes};
use coda::model::{Project, VariableType};
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

/// MAXQDA keeps document variables on cases without a `name`, each naming one source; Quirkos
/// writes them on the source itself. Both become typed document variables; the types come from
/// `typeOfVariable`, the values are read as those types.
#[test]
fn maxqda_and_quirkos_variables_become_typed_document_variables() {
    let qde = r#"<Project xmlns="urn:QDA-XML:project:1.0" name="cases" origin="MAXQDA 2024">
<Variables><Variable guid="71000000-0000-4000-8000-000000000001" name="Age group" typeOfVariable="Text"/>
<Variable guid="71000000-0000-4000-8000-000000000002" name="region" typeOfVariable="Text"/>
<Variable guid="71000000-0000-4000-8000-000000000003" name="Interviews" typeOfVariable="Integer"/>
<Variable guid="71000000-0000-4000-8000-000000000004" name="Consent" typeOfVariable="Boolean"/>
<Variable guid="71000000-0000-4000-8000-000000000005" name="Date of interview" typeOfVariable="Date"/>
<Variable guid="71000000-0000-4000-8000-000000000006" name="Weight" typeOfVariable="Float"/></Variables>
<Cases><Case guid="72000000-0000-4000-8000-000000000001">
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000001"/><TextValue>18-25</TextValue></VariableValue>
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000003"/><IntegerValue>3</IntegerValue></VariableValue>
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000004"/><BooleanValue>1</BooleanValue></VariableValue>
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000005"/><DateValue>2024-09-15</DateValue></VariableValue>
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000006"/><FloatValue>0.750</FloatValue></VariableValue>
<SourceRef targetGUID="73000000-0000-4000-8000-000000000001"/></Case>
<Case guid="72000000-0000-4000-8000-000000000002">
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000004"/><BooleanValue>false</BooleanValue></VariableValue>
<SourceRef targetGUID="73000000-0000-4000-8000-000000000002"/></Case></Cases>
<Sources><TextSource guid="73000000-0000-4000-8000-000000000001" name="R1"><PlainTextContent>Respondent one.</PlainTextContent>
<VariableValue><VariableRef targetGUID="71000000-0000-4000-8000-000000000002"/><TextValue>Osh</TextValue></VariableValue></TextSource>
<TextSource guid="73000000-0000-4000-8000-000000000002" name="R2"><PlainTextContent>Respondent two.</PlainTextContent></TextSource></Sources>
</Project>"#;
    let imported = import_bytes(qde.as_bytes(), "cases.qde").unwrap();
    let project = &imported.project;
    let variables: Vec<(&str, VariableType)> = project
        .variables
        .iter()
        .map(|v| (v.name.as_str(), v.kind))
        .collect();
    assert_eq!(
        variables,
        [
            ("Age group", VariableType::Text),
            ("region", VariableType::Text),
            ("Interviews", VariableType::Number),
            ("Consent", VariableType::YesNo),
            ("Date of interview", VariableType::Date),
            ("Weight", VariableType::Number),
        ]
    );
    let (r1, r2) = (project.documents[0].id, project.documents[1].id);
    let value = |d, v| project.variable_value(d, v);
    assert_eq!(value(r1, "Age group"), Some("18-25"));
    assert_eq!(value(r1, "region"), Some("Osh"), "on the source itself");
    assert_eq!(value(r1, "Interviews"), Some("3"));
    assert_eq!(value(r1, "Consent"), Some("yes"), "xsd:boolean 1");
    assert_eq!(value(r1, "Date of interview"), Some("2024-09-15"));
    assert_eq!(value(r1, "Weight"), Some("0.75"));
    assert_eq!(value(r2, "Consent"), Some("no"));
    assert_eq!(project.values.len(), 7);
    assert!(project.documents.iter().all(|d| d.properties.is_empty()));
    assert!(
        project.groups.is_empty(),
        "cases without names make no groups"
    );
    assert!(
        imported.report.skipped.is_empty(),
        "{:?}",
        imported.report.skipped
    );
    let report = imported.report.render();
    assert!(
        report.contains("6 variables from MAXQDA 2024"),
        "the summary counts them: {report}"
    );
    assert!(
        report.contains("2 cases without a name, each naming one source"),
        "{report}"
    );
}

/// NVivo and QualCoder write cases with names (a person interviewed twice), their variables
/// named after the classification (`Person:Age`). A named case becomes a group of the
/// documents it names, with its values on each; what else it holds is reported.
#[test]
fn named_cases_become_groups_with_their_values_on_each_document() {
    let qde = r#"<Project xmlns="urn:QDA-XML:project:1.0" name="cases" origin="NVivo 14">
<CodeBook><Codes><Code guid="4a463c0d-9263-494a-81d6-e9d5a229f227" name="Anna" isCodable="true"/></Codes></CodeBook>
<Variables><Variable guid="51dc3bcd-5454-47ff-a4d6-ea699144410d" name="Person:Age group" typeOfVariable="Text"><Description>Age at the first interview</Description></Variable>
<Variable guid="51dc3bcd-5454-47ff-a4d6-ea699144410e" name="Person:Born" typeOfVariable="DateTime"/></Variables>
<Cases><Case guid="4a463c0d-9263-494a-81d6-e9d5a229f227" name="Anna"><Description>Teacher in Osh</Description>
<CodeRef targetGUID="4a463c0d-9263-494a-81d6-e9d5a229f227"/>
<VariableValue><VariableRef targetGUID="51dc3bcd-5454-47ff-a4d6-ea699144410d"/><TextValue>20-29</TextValue></VariableValue>
<VariableValue><VariableRef targetGUID="51dc3bcd-5454-47ff-a4d6-ea699144410e"/><DateTimeValue>1999-04-01T00:00:00Z</DateTimeValue></VariableValue>
<SourceRef targetGUID="a2b94468-80a5-412f-92d6-e900d97b55a6"/><SourceRef targetGUID="a2b94468-80a5-412f-92d6-e900d97b55a7"/></Case></Cases>
<Sources><TextSource guid="a2b94468-80a5-412f-92d6-e900d97b55a6" name="Anna 1"><PlainTextContent>First.</PlainTextContent></TextSource>
<TextSource guid="a2b94468-80a5-412f-92d6-e900d97b55a7" name="Anna 2"><PlainTextContent>Second.</PlainTextContent></TextSource></Sources>
</Project>"#;
    let imported = import_bytes(qde.as_bytes(), "nvivo.qde").unwrap();
    let project = &imported.project;
    // Coda's variable names cannot hold ':' (it separates a name from its type in CSV
    // headers): the full-width colon stands for it.
    let names: Vec<&str> = project.variables.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Person：Age group", "Person：Born"]);
    assert_eq!(
        project.variables[1].kind,
        VariableType::Date,
        "all midnight"
    );
    for document in &project.documents {
        assert_eq!(
            project.variable_value(document.id, "Person：Age group"),
            Some("20-29")
        );
        assert_eq!(
            project.variable_value(document.id, "Person：Born"),
            Some("1999-04-01")
        );
    }
    assert_eq!(project.groups.len(), 1);
    assert_eq!(project.groups[0].name, "Anna");
    assert_eq!(project.groups[0].documents.len(), 2);
    assert!(project.memo.contains("Case \"Anna\": Teacher in Osh"));
    assert!(project.memo.contains("Age at the first interview"));
    let report = imported.report.render();
    for line in [
        "Case \"Anna\": Coda has no cases; kept as the group \"Anna\" of its 2 documents, its 2 variable values put on each",
        "Case \"Anna\": its 1 CodeRef not read",
        "Variable \"Person:Born\": a DateTime variable whose values are all at midnight; read as a date",
        "named \"Person：Age group\"",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
}

/// ATLAS.ti writes document groups and code groups as sets (the spec's Annex A.2, an ATLAS.ti
/// 8.4 export, has both, and an empty one); Transana (Annex A.3, before 1.0) names members by
/// `guid` and writes `<MemberNote>` with the GUID as text.
#[test]
fn document_sets_become_groups_and_code_sets_are_reported() {
    let qde = r#"<Project xmlns="urn:QDA-XML:project:1.0" name="sets" origin="ATLAS.ti 8.4">
<CodeBook><Codes><Code guid="3DD1A2A6-3AEF-4A4C-9138-718E9CE2386D" name="happy" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="17FB9CB8-7858-4291-A162-65424B9942EC" name="Mabel 1"><PlainTextContent>One.</PlainTextContent></TextSource>
<TextSource guid="EC0A7242-65E1-457C-B7D1-310DAE603FAB" name="Mabel 2"><PlainTextContent>Two.</PlainTextContent></TextSource>
<PictureSource guid="02255470-09E6-400B-9E20-97D71FBEC65D" name="photo" path="internal://02255470-09E6-400B-9E20-97D71FBEC65D.png"/></Sources>
<Sets><Set guid="C29B5DB8-2ED6-406B-BFD2-68E8E273C1E9" name="Mabel"><Description>Both interviews</Description>
<MemberSource targetGUID="17FB9CB8-7858-4291-A162-65424B9942EC"/><MemberSource targetGUID="EC0A7242-65E1-457C-B7D1-310DAE603FAB"/></Set>
<Set guid="02B010C9-3990-4065-B09C-2D228030B01C" name="gender: female"><MemberSource targetGUID="17FB9CB8-7858-4291-A162-65424B9942EC"/></Set>
<Set guid="A8D77DB6-32D5-4AC3-82E2-900FC49A9329" name="Images"><MemberSource targetGUID="02255470-09E6-400B-9E20-97D71FBEC65D"/></Set>
<Set guid="2324B638-D629-4970-B2E8-8B5BFD0A8D6B" name="Feelings"><MemberCode targetGUID="3DD1A2A6-3AEF-4A4C-9138-718E9CE2386D"/></Set>
<Set guid="322EDFE7-C248-49CE-A094-477E02CB7177" name="&lt;3"/>
<Set guid="d238e5bc-2ea3-46ee-9e62-56c148870bff" name="Library"><MemberSource guid="ec0a7242-65e1-457c-b7d1-310dae603fab"/><MemberNote>07569629-7c9b-4417-aa62-988d78e9a0bc</MemberNote></Set></Sets>
</Project>"#;
    let imported = import_bytes(qde.as_bytes(), "atlas.qde").unwrap();
    let project = &imported.project;
    let groups: Vec<(&str, usize)> = project
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.documents.len()))
        .collect();
    assert_eq!(
        groups,
        [
            ("Mabel", 2),
            ("gender: female", 1),
            ("Images", 0),
            ("<3", 0),
            ("Library", 1)
        ]
    );
    let mabel_2 = project.document_by_name("Mabel 2").unwrap().id;
    assert_eq!(project.group("Library").unwrap().documents, [mabel_2]);
    assert!(project.memo.contains("Group \"Mabel\": Both interviews"));
    let report = imported.report.render();
    for line in [
        "Set \"Feelings\" (1 MemberCode): Coda's groups hold documents, not codes or notes",
        "Set \"Library\": its 1 MemberNote not read; Coda's groups hold documents only (its 1 document is kept)",
        "MemberSource \"02255470-09E6-400B-9E20-97D71FBEC65D\" of Set \"Images\": no text source of that GUID was read",
        "PictureSource \"photo\": Coda holds text documents only",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
}
