//! Where two coders differ on a code in a document, and how a consensus settles it.
//!
//! A passage is a stretch of text that either coder coded with the code (a maximal interval of
//! the union of both coders' codings). It is a disagreement when the two coders' codings inside
//! it differ. Settling it writes the chosen codings for a coder named "consensus": the
//! consensus coder's earlier codings of the code in the passage are replaced, so a decision can
//! be changed, and everything is one `Edit` (one undo step).

use super::intervals::IntervalSet;
use crate::model::{CharRange, CodeId, Coder, CoderId, DocId, Project, Segment, SegmentId};
use crate::ops::Edit;

/// The consensus coder's name.
pub const CONSENSUS: &str = "consensus";

/// A passage coded by either coder: its range and each coder's coded parts inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    pub range: CharRange,
    pub first: Vec<CharRange>,
    pub second: Vec<CharRange>,
}

impl Passage {
    pub fn agrees(&self) -> bool {
        self.first == self.second
    }
}

/// What the consensus takes for a passage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    First,
    Second,
    /// The union of both coders' codings.
    Both,
}

/// How the consensus coder stands on a passage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settlement {
    Open,
    AsFirst,
    AsSecond,
    AsBoth,
    Edited,
}

fn coded_set(project: &Project, doc: DocId, codes: &[CodeId], coder: CoderId) -> IntervalSet {
    IntervalSet::from_unsorted(
        project
            .segments_of_document(doc)
            .filter(|s| s.coder == coder && codes.contains(&s.code))
            .map(|s| (s.start, s.end))
            .collect(),
    )
}

fn parts_within(set: &IntervalSet, range: CharRange) -> Vec<CharRange> {
    set.intervals()
        .iter()
        .filter_map(|&(s, e)| CharRange::new(s, e).intersection(&range))
        .collect()
}

/// Every passage of the two coders for `codes` (a code, or a code with its subcodes, counted
/// as one) in a document, in text order.
pub fn passages(
    project: &Project,
    doc: DocId,
    codes: &[CodeId],
    first: CoderId,
    second: CoderId,
) -> Vec<Passage> {
    let a = coded_set(project, doc, codes, first);
    let b = coded_set(project, doc, codes, second);
    IntervalSet::union_of([&a, &b])
        .intervals()
        .iter()
        .map(|&(s, e)| {
            let range = CharRange::new(s, e);
            Passage {
                range,
                first: parts_within(&a, range),
                second: parts_within(&b, range),
            }
        })
        .collect()
}

/// How the consensus coder's codings of `codes` inside the passage compare with the coders'.
pub fn settlement(
    project: &Project,
    doc: DocId,
    codes: &[CodeId],
    passage: &Passage,
) -> Settlement {
    settlements(project, doc, codes, std::slice::from_ref(passage))[0]
}

/// [`settlement`] for many passages of one document, reading the consensus coder's codings
/// once.
pub fn settlements(
    project: &Project,
    doc: DocId,
    codes: &[CodeId],
    passages: &[Passage],
) -> Vec<Settlement> {
    let Some(consensus) = project.coder_by_name(CONSENSUS) else {
        return vec![Settlement::Open; passages.len()];
    };
    let set = coded_set(project, doc, codes, consensus.id);
    passages
        .iter()
        .map(|passage| {
            let mine = parts_within(&set, passage.range);
            if mine.is_empty() {
                Settlement::Open
            } else if mine == passage.first {
                Settlement::AsFirst
            } else if mine == passage.second {
                Settlement::AsSecond
            } else if mine == [passage.range] {
                Settlement::AsBoth
            } else {
                Settlement::Edited
            }
        })
        .collect()
}

/// The edit that settles a passage: creates the consensus coder if needed, removes the
/// consensus coder's codings of `codes` overlapping the passage, and codes the chosen coders'
/// codings (each segment keeps its own code, so subcodes stay subcodes). `None` when nothing
/// would change.
pub fn settle(
    project: &Project,
    doc: DocId,
    codes: &[CodeId],
    passage: &Passage,
    sources: (CoderId, CoderId),
    choice: Choice,
    created: &str,
) -> Option<Edit> {
    let mut edits = Vec::new();
    let consensus = match project.coder_by_name(CONSENSUS) {
        Some(c) => c.id,
        None => {
            let coder = Coder {
                id: CoderId::new(),
                name: CONSENSUS.to_string(),
            };
            let id = coder.id;
            edits.push(Edit::InsertCoder {
                index: project.coders.len(),
                coder,
            });
            id
        }
    };
    let chosen: Vec<CoderId> = match choice {
        Choice::First => vec![sources.0],
        Choice::Second => vec![sources.1],
        Choice::Both => vec![sources.0, sources.1],
    };
    let mut existing: Vec<&Segment> = project
        .segments_of_document(doc)
        .filter(|s| s.coder == consensus && codes.contains(&s.code))
        .filter(|s| s.range().overlaps(&passage.range))
        .collect();
    existing.sort_by_key(|s| (s.start, s.end, s.code, s.id));
    let mut wanted = Vec::new();
    for &code in codes {
        let spans: Vec<(usize, usize)> = project
            .segments_of_document(doc)
            .filter(|s| s.code == code && chosen.contains(&s.coder))
            .filter_map(|s| s.range().intersection(&passage.range))
            .map(|r| (r.start, r.end))
            .collect();
        for &(start, end) in IntervalSet::from_unsorted(spans).intervals() {
            wanted.push((code, CharRange::new(start, end)));
        }
    }
    // Keep consensus codings that are already as wanted; replace the rest.
    let unchanged = |s: &&Segment| wanted.contains(&(s.code, s.range()));
    for segment in existing.iter().filter(|s| !unchanged(s)) {
        edits.push(Edit::RemoveSegment(segment.id));
    }
    for (code, range) in wanted {
        if existing
            .iter()
            .any(|s| s.code == code && s.range() == range)
        {
            continue;
        }
        edits.push(Edit::InsertSegment(Box::new(Segment {
            id: SegmentId::new(),
            document: doc,
            start: range.start,
            end: range.end,
            code,
            coder: consensus,
            created: created.to_string(),
            memo: String::new(),
        })));
    }
    let changes_coding = edits
        .iter()
        .any(|e| matches!(e, Edit::RemoveSegment(_) | Edit::InsertSegment(_)));
    // Choosing the side that coded nothing, with no earlier decision to undo, changes nothing.
    changes_coding.then_some(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Code, Color, Document, DocumentSource, SourceFormat};
    use crate::ops::apply;

    fn project() -> (Project, DocId, CodeId, CoderId, CoderId) {
        let mut p = Project::new("t");
        let doc = Document::new(
            "d",
            DocumentSource {
                file_name: "d".into(),
                format: SourceFormat::PlainText,
                encoding: "UTF-8".into(),
            },
            "x".repeat(100),
        );
        let doc_id = doc.id;
        p.documents.push(doc);
        let code = Code::new("X", None, Color::from_palette(0));
        let code_id = code.id;
        p.codes.push(code);
        let a = Coder {
            id: CoderId::new(),
            name: "A".into(),
        };
        let b = Coder {
            id: CoderId::new(),
            name: "B".into(),
        };
        let (a_id, b_id) = (a.id, b.id);
        p.coders.extend([a, b]);
        for (coder, start, end) in [
            (a_id, 10, 20),
            (b_id, 12, 20),
            (a_id, 40, 50),
            (b_id, 40, 50),
        ] {
            let id = SegmentId::new();
            p.segments.insert(
                id,
                Segment {
                    id,
                    document: doc_id,
                    start,
                    end,
                    code: code_id,
                    coder,
                    created: String::new(),
                    memo: String::new(),
                },
            );
        }
        (p, doc_id, code_id, a_id, b_id)
    }

    #[test]
    fn passages_group_both_coders_and_mark_disagreements() {
        let (p, doc, code, a, b) = project();
        let found = passages(&p, doc, &[code], a, b);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].range, CharRange::new(10, 20));
        assert_eq!(found[0].second, vec![CharRange::new(12, 20)]);
        assert!(!found[0].agrees());
        assert!(found[1].agrees());
    }

    #[test]
    fn settling_writes_the_consensus_and_can_be_changed_and_undone() {
        let (mut p, doc, code, a, b) = project();
        let before = p.clone();
        let passage = passages(&p, doc, &[code], a, b)[0].clone();
        let edit = settle(&p, doc, &[code], &passage, (a, b), Choice::Second, "t").unwrap();
        let undo_first = apply(&mut p, edit).unwrap();
        assert_eq!(settlement(&p, doc, &[code], &passage), Settlement::AsSecond);
        // Changing the decision replaces the consensus coding.
        let edit = settle(&p, doc, &[code], &passage, (a, b), Choice::First, "t").unwrap();
        let undo_second = apply(&mut p, edit).unwrap();
        assert_eq!(settlement(&p, doc, &[code], &passage), Settlement::AsFirst);
        let consensus = p.coder_by_name(CONSENSUS).unwrap().id;
        let mine: Vec<CharRange> = p
            .segments
            .values()
            .filter(|s| s.coder == consensus)
            .map(|s| s.range())
            .collect();
        assert_eq!(mine, vec![CharRange::new(10, 20)]);
        // The same decision again changes nothing.
        assert!(settle(&p, doc, &[code], &passage, (a, b), Choice::First, "t").is_none());
        apply(&mut p, undo_second).unwrap();
        apply(&mut p, undo_first).unwrap();
        assert_eq!(p, before);
    }
}
