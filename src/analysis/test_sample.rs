//! The sample project made richer for the analysis tests.

use crate::model::{
    Coder, CoderId, DocId, Group, Project, Segment, SegmentId, Variable, VariableType,
};
use crate::ops::{Edit, apply};

/// The sample project with a variable (`year`, none for the last document), two groups
/// (overlapping, one document in neither) and a second coder who coded every third passage
/// again, so that every kind of column and the coder filter are exercised.
pub fn sample_with_variables() -> Project {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_projects/central-asia-cve.ron");
    let mut project = crate::io::project_file::load(&path)
        .expect("the sample loads")
        .project;
    let docs: Vec<DocId> = project.documents.iter().map(|d| d.id).collect();
    let mut edits = vec![Edit::InsertVariable {
        index: 0,
        variable: Variable {
            name: "year".into(),
            kind: VariableType::Number,
        },
    }];
    for (i, doc) in docs.iter().enumerate().take(docs.len() - 1) {
        edits.push(Edit::SetVariableValue {
            document: *doc,
            variable: "year".into(),
            value: Some(["2013", "2018", "2016"][i % 3].into()),
        });
    }
    for (index, (name, members)) in [("Early", &docs[..3]), ("Late", &docs[2..4])]
        .into_iter()
        .enumerate()
    {
        let mut documents = members.to_vec();
        documents.sort();
        edits.push(Edit::InsertGroup {
            index,
            group: Group {
                name: name.into(),
                documents,
            },
        });
    }
    let second = Coder {
        id: CoderId::new(),
        name: "Second".into(),
    };
    let again: Vec<Segment> = project
        .segments_sorted()
        .into_iter()
        .step_by(3)
        .map(|s| Segment {
            id: SegmentId::new(),
            coder: second.id,
            ..s.clone()
        })
        .collect();
    edits.push(Edit::InsertCoder {
        index: project.coders.len(),
        coder: second,
    });
    edits.extend(again.into_iter().map(|s| Edit::InsertSegment(Box::new(s))));
    apply(&mut project, Edit::Batch(edits)).expect("valid edits");
    project
}
