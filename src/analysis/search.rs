//! Finding text in a document: literal or regular-expression search, with or without case,
//! returning char ranges (what the document view highlights and "code all hits" codes).

use crate::model::{CharRange, Text};

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Query {
    pub pattern: String,
    pub regex: bool,
    pub case_sensitive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid regular expression: {0}")]
pub struct QueryError(pub String);

/// Every non-overlapping, non-empty match in the text, in order.
pub fn find_all(text: &Text, query: &Query) -> Result<Vec<CharRange>, QueryError> {
    if query.pattern.is_empty() {
        return Ok(Vec::new());
    }
    let pattern = if query.regex {
        query.pattern.clone()
    } else {
        regex::escape(&query.pattern)
    };
    let matcher = regex::RegexBuilder::new(&pattern)
        .case_insensitive(!query.case_sensitive)
        .multi_line(true)
        .size_limit(50 << 20)
        .build()
        .map_err(|e| QueryError(e.to_string()))?;
    let content = text.as_str();
    let mut hits = Vec::new();
    // Convert byte offsets incrementally: matches come in order, so counting the chars between
    // consecutive matches visits the text once.
    let (mut last_byte, mut last_char) = (0usize, 0usize);
    for m in matcher.find_iter(content).filter(|m| !m.is_empty()) {
        let start = last_char + content[last_byte..m.start()].chars().count();
        let end = start + content[m.start()..m.end()].chars().count();
        hits.push(CharRange::new(start, end));
        last_byte = m.end();
        last_char = end;
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pattern: &str, regex: bool, case_sensitive: bool) -> Query {
        Query {
            pattern: pattern.into(),
            regex,
            case_sensitive,
        }
    }

    #[test]
    fn literal_regex_and_case() {
        let text = Text::from("Вербовка online. Recruit, recruitment; RECRUITED (re.cruit)");
        let found = find_all(&text, &q("recruit", false, false)).unwrap();
        assert_eq!(found.len(), 3);
        assert_eq!(text.slice(found[0]), Some("Recruit"));
        assert_eq!(
            find_all(&text, &q("recruit", false, true)).unwrap().len(),
            1
        );
        assert_eq!(
            find_all(&text, &q("re.cruit", false, false)).unwrap().len(),
            1
        );
        let words = find_all(&text, &q(r"\brecruit\w*", true, false)).unwrap();
        let words: Vec<_> = words.iter().map(|r| text.slice(*r).unwrap()).collect();
        assert_eq!(words, ["Recruit", "recruitment", "RECRUITED"]);
        assert_eq!(
            find_all(&text, &q("вербовка", false, false)).unwrap(),
            vec![CharRange::new(0, 8)]
        );
        assert!(find_all(&text, &q("(", true, false)).is_err());
        assert!(find_all(&text, &q("", false, false)).unwrap().is_empty());
    }
}
