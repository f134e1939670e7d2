//! A report of a project, computed once and written by each format (`io::report`): the
//! codebook (each code's definition and counts) and the coded passages grouped by code, limited
//! to the codings a filter keeps.

use crate::analysis::filter::DocumentFilter;
use crate::analysis::matrix::codes_in_tree_order;
use crate::fast_hash::FastSet;
use crate::model::{CodeId, Project, Segment, page_span};
use std::collections::HashMap;

/// The whole report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The project's name.
    pub project: String,
    /// What the filter kept, one plain line each (`where year>=2018`); empty: everything.
    pub scope: Vec<String>,
    /// Every code of the codebook, in codebook order (parents before their subcodes).
    pub codes: Vec<CodeEntry>,
    /// Whether the passages were left out (a codebook-only report).
    pub codebook_only: bool,
}

/// One code: its definition, its counts among the codings kept, and their passages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeEntry {
    pub id: CodeId,
    /// `Push factors/Unemployment`.
    pub path: String,
    /// The code's own name.
    pub name: String,
    /// 0 for a top-level code.
    pub depth: usize,
    pub description: String,
    pub inclusion: String,
    pub exclusion: String,
    pub example: String,
    pub codings: usize,
    pub documents: usize,
    pub coders: usize,
    /// In document name, start, end and coder order (as `export-codings` lists them); empty in
    /// a codebook-only report.
    pub passages: Vec<ReportPassage>,
}

/// One coded passage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportPassage {
    pub document: String,
    pub start: usize,
    pub end: usize,
    /// The PDF page or pages (`3`, `3–4`); empty for a document without pages.
    pub page: String,
    pub coder: String,
    pub memo: String,
    pub text: String,
}

/// The report of the codings `filter` keeps. `scope` describes the filter for the reader.
pub fn build(
    project: &Project,
    filter: &DocumentFilter,
    scope: Vec<String>,
    codebook_only: bool,
) -> Report {
    let mut by_code: HashMap<CodeId, Vec<&Segment>> = HashMap::new();
    for segment in project.segments.values().filter(|s| filter.includes(s)) {
        by_code.entry(segment.code).or_default().push(segment);
    }
    let codes = codes_in_tree_order(project)
        .into_iter()
        .filter_map(|id| project.code(id))
        .map(|code| {
            let segments = by_code.remove(&code.id).unwrap_or_default();
            let documents: FastSet<_> = segments.iter().map(|s| s.document).collect();
            let coders: FastSet<_> = segments.iter().map(|s| s.coder).collect();
            let passages = if codebook_only {
                Vec::new()
            } else {
                passages_of(project, &segments)
            };
            CodeEntry {
                id: code.id,
                path: project.code_path(code.id),
                name: code.name.clone(),
                depth: project.code_path_names(code.id).len().saturating_sub(1),
                description: code.description.clone(),
                inclusion: code.inclusion.clone(),
                exclusion: code.exclusion.clone(),
                example: code.example.clone(),
                codings: segments.len(),
                documents: documents.len(),
                coders: coders.len(),
                passages,
            }
        })
        .collect();
    Report {
        project: project.name.clone(),
        scope,
        codes,
        codebook_only,
    }
}

fn passages_of(project: &Project, segments: &[&Segment]) -> Vec<ReportPassage> {
    let mut passages: Vec<(ReportPassage, crate::model::SegmentId)> = segments
        .iter()
        .map(|segment| {
            let document = project.document(segment.document);
            let passage = ReportPassage {
                document: document.map_or_else(String::new, |d| d.name.clone()),
                start: segment.start,
                end: segment.end,
                page: document.map_or_else(String::new, |d| page_span(&d.pages, segment.range())),
                coder: project
                    .coder(segment.coder)
                    .map_or_else(String::new, |c| c.name.clone()),
                memo: segment.memo.clone(),
                text: document
                    .and_then(|d| d.text.slice(segment.range()))
                    .unwrap_or("")
                    .to_string(),
            };
            (passage, segment.id)
        })
        .collect();
    passages.sort_by(|(a, a_id), (b, b_id)| {
        (&a.document, a.start, a.end, &a.coder, a_id).cmp(&(
            &b.document,
            b.start,
            b.end,
            &b.coder,
            b_id,
        ))
    });
    passages.into_iter().map(|(p, _)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Code, Coder, CoderId, Color, Document, DocumentSource, PageStart, SourceFormat,
    };

    fn project() -> (Project, CodeId, CodeId) {
        let mut project = Project::new("Study");
        let coder = Coder {
            id: CoderId::new(),
            name: "Ana".into(),
        };
        let parent = Code::new("Causes", None, Color::from_palette(0));
        let child = Code::new("Poverty", Some(parent.id), Color::from_palette(0));
        let mut document = Document::new(
            "a.pdf",
            DocumentSource {
                file_name: "a.pdf".into(),
                format: SourceFormat::PlainText,
                encoding: "UTF-8".into(),
            },
            "first page. second page.".to_string(),
        );
        document.pages = vec![
            PageStart {
                start: 0,
                label: "1".into(),
            },
            PageStart {
                start: 12,
                label: "2".into(),
            },
        ];
        for (start, end, code) in [(12, 24, child.id), (0, 11, child.id)] {
            let segment = Segment {
                id: crate::model::SegmentId::new(),
                document: document.id,
                start,
                end,
                code,
                coder: coder.id,
                created: String::new(),
                memo: String::new(),
            };
            project.segments.insert(segment.id, segment);
        }
        let ids = (parent.id, child.id);
        project.codes = vec![child, parent];
        project.coders.push(coder);
        project.documents.push(document);
        (project, ids.0, ids.1)
    }

    #[test]
    fn codes_in_codebook_order_with_counts_and_sorted_passages_with_pages() {
        let (project, parent, child) = project();
        let report = build(&project, &DocumentFilter::everything(), vec![], false);
        let ids: Vec<CodeId> = report.codes.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![parent, child]);
        assert_eq!(report.codes[1].path, "Causes/Poverty");
        assert_eq!(report.codes[1].depth, 1);
        assert_eq!(
            (
                report.codes[1].codings,
                report.codes[1].documents,
                report.codes[1].coders
            ),
            (2, 1, 1)
        );
        assert_eq!(report.codes[0].codings, 0);
        let passages = &report.codes[1].passages;
        assert_eq!(
            passages
                .iter()
                .map(|p| (p.text.as_str(), p.page.as_str()))
                .collect::<Vec<_>>(),
            vec![("first page.", "1"), ("second page.", "2")]
        );
        let codebook = build(&project, &DocumentFilter::everything(), vec![], true);
        assert!(codebook.codes[1].passages.is_empty());
        assert_eq!(codebook.codes[1].codings, 2);
    }
}
