//! The one rule for adding documents to a project, shared by `coda add-document` and the window:
//! a text already in the project (or earlier in the same batch) is not added twice; a different
//! text under a name already used keeps both, the new one renamed "name (2)", "name (3)"…

use crate::model::{Document, Project};
use crate::ops::Edit;

/// What adding a batch of documents will do.
#[derive(Debug, Default)]
pub struct AddPlan {
    /// One `InsertDocument` per document added, at the end of the document list, in order.
    pub edits: Vec<Edit>,
    /// Documents added under another name than they came with: (given name, name used).
    pub renamed: Vec<(String, String)>,
    /// Documents left out because their text is already there: (given name, the name it is
    /// already in the project as).
    pub duplicates: Vec<(String, String)>,
}

impl AddPlan {
    pub fn added(&self) -> usize {
        self.edits.len()
    }
}

/// Plan adding `documents` (in order) to `project`.
pub fn plan_adding(project: &Project, documents: Vec<Document>) -> AddPlan {
    let mut plan = AddPlan::default();
    let mut added: Vec<Document> = Vec::new();
    for mut document in documents {
        let same_text = project
            .documents
            .iter()
            .chain(added.iter())
            .find(|d| d.hash == document.hash);
        if let Some(existing) = same_text {
            plan.duplicates
                .push((document.name.clone(), existing.name.clone()));
            continue;
        }
        let given = document.name.clone();
        let mut n = 2;
        while project
            .documents
            .iter()
            .chain(added.iter())
            .any(|d| d.name == document.name)
        {
            document.name = format!("{given} ({n})");
            n += 1;
        }
        if document.name != given {
            plan.renamed.push((given, document.name.clone()));
        }
        added.push(document);
    }
    let first = project.documents.len();
    plan.edits = added
        .into_iter()
        .enumerate()
        .map(|(offset, document)| Edit::InsertDocument {
            index: first + offset,
            document: Box::new(document),
        })
        .collect();
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocumentSource, SourceFormat};

    fn doc(name: &str, text: &str) -> Document {
        Document::new(
            name,
            DocumentSource {
                file_name: name.into(),
                format: SourceFormat::PlainText,
                encoding: "UTF-8".into(),
            },
            text.into(),
        )
    }

    #[test]
    fn same_text_is_left_out_and_same_name_is_renamed() {
        let mut project = Project::new("p");
        project.documents.push(doc("a", "first"));
        let plan = plan_adding(
            &project,
            vec![
                doc("b", "first"),
                doc("a", "second"),
                doc("a", "third"),
                doc("c", "third"),
            ],
        );
        assert_eq!(
            plan.duplicates,
            vec![
                ("b".to_string(), "a".to_string()),
                ("c".to_string(), "a (3)".to_string())
            ]
        );
        assert_eq!(
            plan.renamed,
            vec![
                ("a".to_string(), "a (2)".to_string()),
                ("a".to_string(), "a (3)".to_string())
            ]
        );
        assert_eq!(plan.added(), 2);
        let Edit::InsertDocument { index, .. } = &plan.edits[1] else {
            panic!("an insert")
        };
        assert_eq!(*index, 2);
    }
}
