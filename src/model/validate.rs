//! Every invariant a project must satisfy. Edits keep them; `validate` checks a project that came
//! from elsewhere (a file edited by hand, a merge, an importer) and says what is wrong.

use crate::fast_hash::{FastMap, FastSet};
use crate::model::{PATH_SEPARATOR, Project, content_hash, page_map_problems};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One broken invariant, described for a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem(pub String);

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The deepest a code may sit below a top-level code. No real codebook comes near it; the bound
/// keeps every walk over the code tree short.
pub const MAX_CODE_DEPTH: usize = 100;

/// All problems of a project; empty when it is sound.
pub fn validate(project: &Project) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut report = |msg: String| problems.push(Problem(msg));

    // Coders.
    // Looked up for every coding: a fast hasher.
    let mut coder_ids = FastSet::default();
    let mut coder_names = HashSet::new();
    for coder in &project.coders {
        if !coder_ids.insert(coder.id) {
            report(format!("coder id {} is used twice", coder.id));
        }
        if coder.name.trim().is_empty() {
            report(format!("coder {} has an empty name", coder.id));
        }
        if !coder_names.insert(coder.name.as_str()) {
            report(format!("two coders are named {:?}", coder.name));
        }
    }
    if let Some(current) = project.current_coder
        && !coder_ids.contains(&current)
    {
        report(format!(
            "the current coder {current} is not a coder of the project"
        ));
    }

    // Codes.
    let mut code_ids = FastSet::default();
    for code in &project.codes {
        if !code_ids.insert(code.id) {
            report(format!("code id {} is used twice", code.id));
        }
    }
    let mut sibling_names = HashSet::new();
    let mut hotkeys: HashMap<u8, &str> = HashMap::new();
    for code in &project.codes {
        let label = format!("code {:?} ({})", code.name, code.id);
        if code.name.trim().is_empty() {
            report(format!("{label} has an empty name"));
        }
        if code.name.contains(PATH_SEPARATOR) {
            report(format!(
                "{label} has {PATH_SEPARATOR:?} in its name, which separates code paths"
            ));
        }
        if let Some(parent) = code.parent
            && !code_ids.contains(&parent)
        {
            report(format!("{label} has a parent {parent} that does not exist"));
        }
        if !sibling_names.insert((code.parent, code.name.as_str())) {
            report(format!(
                "two codes under the same parent are named {:?}",
                code.name
            ));
        }
        if let Some(key) = code.hotkey {
            if !(1..=9).contains(&key) {
                report(format!("{label} has hotkey {key}; hotkeys are 1 to 9"));
            } else if let Some(other) = hotkeys.insert(key, &code.name) {
                report(format!(
                    "hotkey {key} belongs to both {other:?} and {:?}",
                    code.name
                ));
            }
        }
    }
    check_code_tree(project, &mut report);

    // Documents.
    let mut doc_ids = FastMap::default();
    let mut doc_names = HashSet::new();
    for doc in &project.documents {
        if doc_ids.insert(doc.id, doc).is_some() {
            report(format!("document id {} is used twice", doc.id));
        }
        if !doc_names.insert(doc.name.as_str()) {
            report(format!("two documents are named {:?}", doc.name));
        }
        let actual = content_hash(doc.text.as_str());
        if actual != doc.hash {
            report(format!(
                "document {:?}: the stored hash {} does not match its text ({actual}); the text was changed outside Coda",
                doc.name,
                as_written(&doc.hash, HASH_SHOWN)
            ));
        }
        let len = doc.text.char_len();
        for span in &doc.styles {
            if span.start >= span.end || span.end > len {
                report(format!(
                    "document {:?}: style {:?} on {}..{} lies outside its {len} chars",
                    doc.name, span.style, span.start, span.end
                ));
            }
        }
        for (name, value) in &doc.properties {
            let is_word = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !is_word {
                report(format!(
                    "document {:?}: property name {:?} is not a lower-case word",
                    doc.name,
                    as_written(name, HASH_SHOWN)
                ));
            }
            if value.chars().any(char::is_control) {
                report(format!(
                    "document {:?}: property {:?} has a line break or control character",
                    doc.name,
                    as_written(name, HASH_SHOWN)
                ));
            }
        }
        for problem in page_map_problems(&doc.pages, len) {
            report(format!("document {:?}: {problem}", doc.name));
        }
    }

    // Segments.
    for (key, seg) in &project.segments {
        // Formatted only for a problem: this loop runs for every coding.
        let label = || format!("segment {}", seg.id);
        if *key != seg.id {
            report(format!("{} is stored under the id {key}", label()));
        }
        match doc_ids.get(&seg.document) {
            None => report(format!(
                "{} refers to a missing document {}",
                label(),
                seg.document
            )),
            Some(doc) => {
                let len = doc.text.char_len();
                if seg.start >= seg.end {
                    report(format!(
                        "{} in {:?} has an empty or reversed range {}..{}",
                        label(),
                        doc.name,
                        seg.start,
                        seg.end
                    ));
                } else if seg.end > len {
                    report(format!(
                        "{} in {:?} ends at {} but the document has {len} chars",
                        label(),
                        doc.name,
                        seg.end
                    ));
                }
            }
        }
        if !code_ids.contains(&seg.code) {
            report(format!("{} refers to a missing code {}", label(), seg.code));
        }
        if !coder_ids.contains(&seg.coder) {
            report(format!(
                "{} refers to a missing coder {}",
                label(),
                seg.coder
            ));
        }
    }

    check_coverage(project, &coder_ids, &doc_ids, &mut report);
    check_variables(project, &doc_ids, &mut report);
    check_groups(project, &doc_ids, &mut report);
    problems
}

/// How problems with a variable's definition, a value and a group begin, so that the loader can
/// find the line they concern.
pub const VARIABLE_PROBLEM: &str = "variable ";
pub const VALUE_PROBLEM: &str = "value of variable ";
pub const GROUP_PROBLEM: &str = "group ";

/// Variables have sound, unique names; every value names a variable and a document of the
/// project, once per pair, and is valid for the variable's type.
fn check_variables(
    project: &Project,
    doc_ids: &FastMap<crate::model::DocId, &crate::model::Document>,
    report: &mut impl FnMut(String),
) {
    let mut kinds = HashMap::new();
    for variable in &project.variables {
        if let Some(problem) = crate::model::variable_name_problem(&variable.name) {
            report(format!("{VARIABLE_PROBLEM}{:?}: {problem}", variable.name));
        }
        if kinds
            .insert(variable.name.as_str(), variable.kind)
            .is_some()
        {
            report(format!(
                "{VARIABLE_PROBLEM}{:?} is defined twice; each variable is defined once",
                variable.name
            ));
        }
    }
    let mut seen = HashSet::new();
    for value in &project.values {
        let label = format!(
            "{VALUE_PROBLEM}{:?} for document {}",
            value.variable, value.document
        );
        let Some(doc) = doc_ids.get(&value.document) else {
            report(format!(
                "{label}: there is no such document; a value must be of one of the project's documents"
            ));
            continue;
        };
        if !seen.insert((value.document, value.variable.as_str())) {
            report(format!(
                "{label} ({:?}) is given twice; a document has one value per variable",
                doc.name
            ));
        }
        match kinds.get(value.variable.as_str()) {
            None => report(format!(
                "{label} ({:?}): there is no such variable; define it under `variables`",
                doc.name
            )),
            Some(&kind) => {
                if let Err(expected) = crate::model::Typed::parse(kind, &value.value) {
                    report(format!(
                        "{label} ({:?}): the variable is of type {kind}, and {expected}",
                        doc.name
                    ));
                }
            }
        }
    }
}

/// Groups have sound, unique names, and their members are documents of the project, each once.
fn check_groups(
    project: &Project,
    doc_ids: &FastMap<crate::model::DocId, &crate::model::Document>,
    report: &mut impl FnMut(String),
) {
    let mut names = HashSet::new();
    for group in &project.groups {
        let label = format!("{GROUP_PROBLEM}{:?}", group.name);
        if let Some(problem) = crate::model::group_name_problem(&group.name) {
            report(format!("{label}: {problem}"));
        }
        if !names.insert(group.name.as_str()) {
            report(format!("{label} is defined twice; group names are unique"));
        }
        let mut members = HashSet::new();
        for &document in &group.documents {
            if !doc_ids.contains_key(&document) {
                report(format!(
                    "{label} lists document {document}, which is not in the project"
                ));
            }
            if !members.insert(document) {
                report(format!("{label} lists document {document} twice"));
            }
        }
    }
}

/// How every coverage problem begins, so that the loader can find the entry's line.
pub const COVERAGE_PROBLEM: &str = "coverage of coder ";

/// Coverage names a coder and a document of the project, once per pair, with non-empty ranges
/// inside the text.
fn check_coverage(
    project: &Project,
    coder_ids: &FastSet<crate::model::CoderId>,
    doc_ids: &FastMap<crate::model::DocId, &crate::model::Document>,
    report: &mut impl FnMut(String),
) {
    let mut seen = HashSet::new();
    for entry in &project.coverage {
        let label = format!(
            "{COVERAGE_PROBLEM}{} in document {}",
            entry.coder, entry.document
        );
        if !coder_ids.contains(&entry.coder) {
            report(format!(
                "{label}: there is no such coder; coverage must name one of the project's coders"
            ));
        }
        if !seen.insert((entry.coder, entry.document)) {
            report(format!(
                "{label} is given twice; each coder has one coverage entry per document"
            ));
        }
        let Some(doc) = doc_ids.get(&entry.document) else {
            report(format!(
                "{label}: there is no such document; coverage must name one of the project's documents"
            ));
            continue;
        };
        let len = doc.text.char_len();
        if let crate::model::Extent::Ranges(ranges) = &entry.extent {
            if ranges.is_empty() {
                report(format!(
                    "{label} has no ranges; expected `Whole` or at least one range"
                ));
            }
            for range in ranges {
                if range.start >= range.end || range.end > len {
                    report(format!(
                        "{label}: range {range} is not inside {:?}; expected START..END with 0 ≤ START < END ≤ {len} (its length in chars)",
                        doc.name
                    ));
                }
            }
        }
    }
}

/// The most chars of a stored hash a problem quotes (a real one has 71).
const HASH_SHOWN: usize = 80;

/// A value from the file as a problem quotes it (see [`crate::wording::one_line`]).
fn as_written(value: &str, max: usize) -> String {
    crate::wording::one_line(value, max)
}

/// Cycles and depth of the code tree, in one pass over the codes: each code's depth is worked
/// out once (walking up until a code whose depth is known), so a long chain costs linear time.
fn check_code_tree(project: &Project, report: &mut impl FnMut(String)) {
    const IN_CYCLE: usize = usize::MAX;
    let index: FastMap<_, usize> = project
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    // 0: not yet known; n: depth n - 1; IN_CYCLE: on or below a cycle.
    let mut depth = vec![0usize; project.codes.len()];
    let mut chain = Vec::new();
    for start in 0..project.codes.len() {
        chain.clear();
        let mut current = Some(start);
        let mut on_chain = FastSet::default();
        // Walk up to a code of known depth, the top, a missing parent, or back onto the chain.
        let base = loop {
            let Some(i) = current else { break 0 };
            if depth[i] != 0 {
                break depth[i];
            }
            if !on_chain.insert(i) {
                let code = &project.codes[i];
                report(format!(
                    "code {:?} ({}) is its own ancestor",
                    code.name, code.id
                ));
                break IN_CYCLE;
            }
            chain.push(i);
            current = project.codes[i]
                .parent
                .and_then(|parent| index.get(&parent).copied());
        };
        let mut level = base;
        for &i in chain.iter().rev() {
            if level != IN_CYCLE {
                level += 1;
            }
            depth[i] = level;
        }
    }
    for (code, &d) in project.codes.iter().zip(&depth) {
        if d != IN_CYCLE && d > MAX_CODE_DEPTH + 1 {
            report(format!(
                "code {:?} ({}) is {} levels deep; Coda allows at most {MAX_CODE_DEPTH}",
                code.name,
                code.id,
                d - 1
            ));
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, DocumentSource, SourceFormat};

    #[test]
    fn a_mangled_stored_hash_is_quoted_on_one_short_line() {
        // Found by tests/loader_fuzz.rs: a line break flipped into a hash split the problem
        // over two lines of the message.
        let mut project = Project::new("P");
        let mut doc = Document::new(
            "d.txt",
            DocumentSource {
                file_name: "d.txt".into(),
                format: SourceFormat::PlainText,
                encoding: "UTF-8".into(),
            },
            "text".into(),
        );
        doc.hash = format!("{}\n{}", &doc.hash[..20], "f".repeat(500));
        project.documents.push(doc);
        let problems = validate(&project);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let problem = &problems[0].0;
        assert!(!problem.contains('\n'), "{problem}");
        assert!(problem.contains("\\nffff"), "{problem}");
        assert!(problem.contains("fff… does not match"), "{problem}");
        assert!(problem.len() < 300, "{problem}");
    }
}
