//! The project file format, pinned: any change to what Coda writes shows up here as a snapshot
//! diff, to be reviewed together with docs/FORMAT.md (and a format_version bump if old files
//! would no longer read the same).

use coda::io::project_file::{from_ron_str, to_ron_string};
use coda::model::{
    Code, CodeId, Coder, CoderId, Color, DocId, Document, DocumentSource, Project, ProjectId,
    Segment, SegmentId, SourceFormat, Style, StyleSpan,
};
use std::path::Path;

fn fixture() -> Project {
    let alice = Coder {
        id: CoderId::from_u128(0xA),
        name: "Aigerim".into(),
    };
    let mut push = Code::new("Push factors", None, Color::rgb(0xe6, 0x9f, 0x00));
    push.id = CodeId::from_u128(0x100);
    push.description = "Why people are *drawn* in.".into();
    push.inclusion = "Causes named by the author.".into();
    push.exclusion = "How people are reached.".into();
    push.hotkey = Some(1);
    let mut migration = Code::new(
        "Labour migration",
        Some(push.id),
        Color::rgb(0x56, 0xb4, 0xe9),
    );
    migration.id = CodeId::from_u128(0x101);
    migration.example = "“no jobs at home”".into();
    let mut doc = Document::new(
        "interview.md",
        DocumentSource { file_name: "interview.md".into(), format: SourceFormat::Markdown, encoding: "UTF-8".into() },
        "Interview\n\nHe left for Russia: \"there was no work\" — György said.\nA path C:\\temp and r#\"raw\"#.".into(),
    );
    doc.id = DocId::from_u128(0xD);
    doc.styles = vec![StyleSpan {
        start: 0,
        end: 9,
        style: Style::Heading(1),
    }];
    doc.memo = "Second interview.".into();
    let segment = |n: u128, start, end, code: CodeId| Segment {
        id: SegmentId::from_u128(n),
        document: doc.id,
        start,
        end,
        code,
        coder: alice.id,
        created: "2026-11-22T10:00:00Z".into(),
        memo: String::new(),
    };
    let mut project = Project::new("Format fixture");
    project.id = ProjectId::from_u128(0x1);
    project.segments = [
        segment(0x51, 11, 30, push.id),
        segment(0x52, 11, 30, migration.id),
        segment(0x50, 31, 49, migration.id),
    ]
    .into_iter()
    .map(|s| (s.id, s))
    .collect();
    project
        .segments
        .get_mut(&SegmentId::from_u128(0x50))
        .unwrap()
        .memo = "quote, with \"marks\"\nand a line break".into();
    project.current_coder = Some(alice.id);
    project.coders = vec![alice];
    project.codes = vec![push, migration];
    project.documents = vec![doc];
    project
}

#[test]
fn project_file_format_is_stable() {
    let project = fixture();
    let text = to_ron_string(&project);
    insta::assert_snapshot!("project_file_v1", text);
    assert_eq!(
        from_ron_str(&text, Path::new("fixture.ron")).unwrap(),
        project
    );
}

/// Variables, values and groups as the file writes them. The project without them (above) is
/// written byte for byte as before they existed.
#[test]
fn variables_values_and_groups_format_is_stable() {
    use coda::model::{Group, Variable, VariableType, VariableValue};
    let mut project = fixture();
    let doc = project.documents[0].id;
    project.variables = vec![
        Variable {
            name: "year".into(),
            kind: VariableType::Number,
        },
        Variable {
            name: "state media".into(),
            kind: VariableType::YesNo,
        },
    ];
    project.values = vec![
        VariableValue {
            document: doc,
            variable: "state media".into(),
            value: "yes".into(),
        },
        VariableValue {
            document: doc,
            variable: "year".into(),
            value: "2018".into(),
        },
    ];
    project.groups = vec![Group {
        name: "Interviews".into(),
        documents: vec![doc],
    }];
    let text = to_ron_string(&project);
    insta::assert_snapshot!("project_file_v1_variables", text);
    assert_eq!(
        from_ron_str(&text, Path::new("fixture.ron")).unwrap(),
        project
    );
}
