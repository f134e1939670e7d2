//! Finding text: literal or regular-expression search, with or without case, whole words or
//! anywhere, in one document (the find bar) or across the project (the search pane and
//! `coda search`). Hits are char ranges (what the document view highlights and "code all hits"
//! codes).

use crate::analysis::passages::{KwicPart, keyword_in_context};
use crate::model::{CharRange, DocId, Document, Project, Text};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Query {
    pub pattern: String,
    pub regex: bool,
    pub case_sensitive: bool,
    /// Only hits that are not part of a longer word: no letter, digit or `_` touches either end.
    pub whole_word: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid regular expression: {0}")]
pub struct QueryError(pub String);

/// A query made ready to run over many texts.
pub struct Matcher(regex::Regex);

impl Query {
    /// The matcher for this query; `None` for an empty pattern (it finds nothing).
    pub fn compile(&self) -> Result<Option<Matcher>, QueryError> {
        if self.pattern.is_empty() {
            return Ok(None);
        }
        let pattern = if self.regex {
            self.pattern.clone()
        } else {
            regex::escape(&self.pattern)
        };
        // Half word boundaries: a hit may begin or end with a non-word char ("U.S." or "-ism"),
        // it only must not continue a word on either side.
        let pattern = if self.whole_word {
            format!(r"\b{{start-half}}(?:{pattern})\b{{end-half}}")
        } else {
            pattern
        };
        regex::RegexBuilder::new(&pattern)
            .case_insensitive(!self.case_sensitive)
            .multi_line(true)
            .size_limit(50 << 20)
            .build()
            .map(|r| Some(Matcher(r)))
            .map_err(|e| QueryError(e.to_string()))
    }
}

impl Matcher {
    /// Every non-overlapping, non-empty match in the text, in order.
    pub fn find_all(&self, text: &Text) -> Vec<CharRange> {
        let content = text.as_str();
        let mut hits = Vec::new();
        // Convert byte offsets incrementally: matches come in order, so counting the chars
        // between consecutive matches visits the text once.
        let (mut last_byte, mut last_char) = (0usize, 0usize);
        for m in self.0.find_iter(content).filter(|m| !m.is_empty()) {
            let start = last_char + content[last_byte..m.start()].chars().count();
            let end = start + content[m.start()..m.end()].chars().count();
            hits.push(CharRange::new(start, end));
            last_byte = m.end();
            last_char = end;
        }
        hits
    }
}

/// Every non-overlapping, non-empty match in the text, in order.
pub fn find_all(text: &Text, query: &Query) -> Result<Vec<CharRange>, QueryError> {
    Ok(query
        .compile()?
        .map(|m| m.find_all(text))
        .unwrap_or_default())
}

/// A hit somewhere in the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub document: DocId,
    pub range: CharRange,
}

/// Every hit of `query` in the documents `include` keeps, in document order, then in text
/// order.
pub fn search_project(
    project: &Project,
    query: &Query,
    include: impl Fn(&Document) -> bool,
) -> Result<Vec<Hit>, QueryError> {
    let Some(matcher) = query.compile()? else {
        return Ok(Vec::new());
    };
    Ok(project
        .documents
        .iter()
        .filter(|d| include(d))
        .flat_map(|d| {
            matcher.find_all(&d.text).into_iter().map(|range| Hit {
                document: d.id,
                range,
            })
        })
        .collect())
}

/// A hit with the text on each side of it, for a list of hits (keyword in context).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Kwic {
    pub left: String,
    pub hit: String,
    pub right: String,
}

/// The keyword-in-context line of `hit`: up to `reach` chars on each side, whitespace runs shown
/// as one space, "…" where the text goes on (see [`keyword_in_context`]).
pub fn kwic(text: &Text, hit: CharRange, reach: usize) -> Kwic {
    let mut line = Kwic::default();
    let mut seen_hit = false;
    for (part, piece) in keyword_in_context(text, hit, hit, reach) {
        match part {
            KwicPart::Hit => {
                line.hit = piece;
                seen_hit = true;
            }
            _ if seen_hit => line.right.push_str(&piece),
            _ => line.left.push_str(&piece),
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pattern: &str, regex: bool, case_sensitive: bool) -> Query {
        Query {
            pattern: pattern.into(),
            regex,
            case_sensitive,
            whole_word: false,
        }
    }

    fn words(pattern: &str, regex: bool) -> Query {
        Query {
            whole_word: true,
            ..q(pattern, regex, false)
        }
    }

    #[test]
    fn a_hit_in_its_context() {
        let text = Text::from(
            "Labour migrants in Russia are\n recruited online, often by people they trust.",
        );
        let hit = find_all(&text, &q("recruited", false, false)).unwrap()[0];
        let line = kwic(&text, hit, 12);
        assert_eq!(line.hit, "recruited");
        assert!(
            line.left.starts_with('…') && line.left.ends_with("Russia are "),
            "{line:?}"
        );
        assert!(
            line.right.starts_with(" online,") && line.right.ends_with('…'),
            "{line:?}"
        );
    }

    #[test]
    fn whole_words_only() {
        let text = Text::from(
            "Recruit, recruitment; RECRUITED (re.cruit) prerecruit recruit_x Рекрут рекрутер",
        );
        let found: Vec<_> = find_all(&text, &words("recruit", false))
            .unwrap()
            .iter()
            .map(|r| text.slice(*r).unwrap())
            .collect();
        assert_eq!(found, ["Recruit"]);
        // Cyrillic letters are word chars too.
        let found = find_all(&text, &words("рекрут", false)).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(text.slice(found[0]), Some("Рекрут"));
        // A pattern that begins or ends with punctuation still finds its whole-word hits.
        let found = find_all(&text, &words("(re.cruit)", false)).unwrap();
        assert_eq!(found.len(), 1);
        // In a regular expression, the whole match must stand alone.
        let found: Vec<_> = find_all(&text, &words(r"recruit\w*", true))
            .unwrap()
            .iter()
            .map(|r| text.slice(*r).unwrap())
            .collect();
        assert_eq!(found, ["Recruit", "recruitment", "RECRUITED", "recruit_x"]);
    }

    #[test]
    fn across_the_project_in_document_order() {
        let mut project = Project::new("p");
        let source = crate::model::DocumentSource {
            file_name: "a".into(),
            format: crate::model::SourceFormat::PlainText,
            encoding: "UTF-8".into(),
        };
        for (name, text) in [
            ("a", "no hit here"),
            ("b", "jihad, Jihad"),
            ("c", "jihadist"),
        ] {
            project
                .documents
                .push(Document::new(name, source.clone(), text.into()));
        }
        let ids: Vec<_> = project.documents.iter().map(|d| d.id).collect();
        let hits = search_project(&project, &q("jihad", false, false), |_| true).unwrap();
        let got: Vec<_> = hits.iter().map(|h| (h.document, h.range)).collect();
        assert_eq!(
            got,
            [
                (ids[1], CharRange::new(0, 5)),
                (ids[1], CharRange::new(7, 12)),
                (ids[2], CharRange::new(0, 5)),
            ]
        );
        let only_b = search_project(&project, &words("jihad", false), |d| d.name != "b").unwrap();
        assert!(only_b.is_empty(), "{only_b:?}");
        assert!(search_project(&project, &q("(", true, false), |_| true).is_err());
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
