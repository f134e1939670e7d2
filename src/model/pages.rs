//! The page map of a document from a paged original (PDF): where each page's text begins, and
//! the page's own label, so that a passage can be cited by page.

use crate::model::CharRange;
use serde::{Deserialize, Serialize};

/// Where a page of the original begins in a document's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageStart {
    /// Char offset of the first char of this page's text; the page runs to the next start.
    pub start: usize,
    /// The page as the original numbers it ("iv", "12", "A-3"): the PDF's page label, else its
    /// number counted from 1.
    pub label: String,
}

/// The index in `pages` of the page that holds char `offset` (`None` before the first start or
/// with no page map).
pub fn page_index_at(pages: &[PageStart], offset: usize) -> Option<usize> {
    pages.partition_point(|p| p.start <= offset).checked_sub(1)
}

/// The label of the page that holds char `offset`.
pub fn page_at(pages: &[PageStart], offset: usize) -> Option<&str> {
    page_index_at(pages, offset).map(|i| pages[i].label.as_str())
}

/// How many pages have text: the labels of the map, each counted once (a page's notes may
/// bring its label back after the next page's start).
pub fn page_count(pages: &[PageStart]) -> usize {
    let mut labels: Vec<&str> = pages.iter().map(|p| p.label.as_str()).collect();
    labels.sort_unstable();
    labels.dedup();
    labels.len()
}

/// The pages a passage lies on, as cited: `"12"`, or `"12–13"` when it crosses a page break.
/// Empty for a document without a page map.
pub fn page_span(pages: &[PageStart], range: CharRange) -> String {
    let Some(first) = page_index_at(pages, range.start) else {
        return String::new();
    };
    let last = page_index_at(pages, range.end.saturating_sub(1).max(range.start)).unwrap_or(first);
    if first == last || pages[first].label == pages[last].label {
        pages[first].label.clone()
    } else {
        format!("{}–{}", pages[first].label, pages[last].label)
    }
}

/// What is wrong with a page map for a text of `len` chars, in plain words: it must start at 0,
/// its starts must increase and lie inside the text, and its labels be one non-empty line.
pub fn page_map_problems(pages: &[PageStart], len: usize) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(first) = pages.first()
        && first.start != 0
    {
        problems.push(format!(
            "its page map starts at char {}, not at 0",
            first.start
        ));
    }
    for pair in pages.windows(2) {
        if pair[1].start <= pair[0].start {
            problems.push(format!(
                "its page map goes back: page {:?} starts at char {}, after page {:?} at char {}",
                pair[1].label, pair[1].start, pair[0].label, pair[0].start
            ));
        }
    }
    for page in pages {
        if page.start >= len.max(1) {
            problems.push(format!(
                "page {:?} starts at char {}, outside its {len} chars",
                page.label, page.start
            ));
        }
        if page.label.trim().is_empty() || page.label.contains(['\n', '\r']) {
            problems.push(format!(
                "page at char {} has the label {:?}: a label is one line of text",
                page.start, page.label
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(starts: &[(usize, &str)]) -> Vec<PageStart> {
        starts
            .iter()
            .map(|&(start, label)| PageStart {
                start,
                label: label.into(),
            })
            .collect()
    }

    #[test]
    fn a_passage_is_cited_by_its_first_and_last_page() {
        let pages = map(&[(0, "iv"), (10, "1"), (25, "2")]);
        assert_eq!(page_span(&pages, CharRange::new(0, 10)), "iv");
        assert_eq!(page_span(&pages, CharRange::new(9, 11)), "iv–1");
        assert_eq!(page_span(&pages, CharRange::new(12, 40)), "1–2");
        assert_eq!(page_span(&pages, CharRange::new(25, 26)), "2");
        assert_eq!(page_span(&[], CharRange::new(0, 5)), "");
        assert_eq!(page_at(&pages, 24), Some("1"));
    }

    #[test]
    fn a_page_map_must_start_at_zero_increase_and_stay_inside_the_text() {
        assert!(page_map_problems(&map(&[(0, "1"), (5, "2")]), 10).is_empty());
        assert!(page_map_problems(&[], 0).is_empty());
        let problems = page_map_problems(&map(&[(3, "1"), (3, "2"), (12, ""), (20, "4")]), 10);
        assert_eq!(
            problems,
            [
                "its page map starts at char 3, not at 0",
                "its page map goes back: page \"2\" starts at char 3, after page \"1\" at char 3",
                "page \"\" starts at char 12, outside its 10 chars",
                "page at char 12 has the label \"\": a label is one line of text",
                "page \"4\" starts at char 20, outside its 10 chars",
            ]
        );
    }
}
