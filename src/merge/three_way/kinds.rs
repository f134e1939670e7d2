//! Every item of one kind as it is merged (a class of matched items each): what the fields of
//! coders, documents and codes are, each item's result, putting an item back as a side has it,
//! and what changed against ours.

use super::chooser::Chooser;
use super::fields::{Merger, Outcome, Sides, V};
use super::matched::Matched;
use super::{BASE, OURS, THEIRS};
use crate::merge::Counts;
use std::borrow::Cow;

pub(super) const CODER_FIELDS: &[&str] = &["name"];
pub(super) const DOCUMENT_FIELDS: &[&str] = &["name", "memo"];
pub(super) const CODE_FIELDS: &[&str] = &[
    "name",
    "parent",
    "colour",
    "description",
    "inclusion criteria",
    "exclusion criteria",
    "example",
    "hotkey",
    "memo",
];

// Positions of the fields that matter beyond their values.
pub(super) const NAME: usize = 0;
pub(super) const PARENT: usize = 1;
pub(super) const HOTKEY: usize = 7;

/// Every item of one kind (a class of matched items each) as it is merged.
pub(super) struct Kind<'a> {
    /// Per class: its values in the result; `None` when it is not in the result.
    pub(super) result: Vec<Option<Vec<V<'a>>>>,
    /// Per class: its values on each side.
    pub(super) sides: Vec<Sides<'a>>,
    /// Per class: left out by a side taken for a conflict (deleted there), so that whatever
    /// refers to it goes too, or takes that side's reference.
    pub(super) dropped: Vec<bool>,
}

impl<'a> Kind<'a> {
    pub(super) fn kept(&self, class: usize) -> bool {
        self.result[class].is_some()
    }

    pub(super) fn len(&self) -> usize {
        self.result.len()
    }

    /// A kept class's field.
    pub(super) fn value(&self, class: usize, field: usize) -> &V<'a> {
        &self.result[class].as_ref().expect("a kept item")[field]
    }

    /// The side's value of a class's field, if the side has the class.
    pub(super) fn side_value(&self, class: usize, side: usize, field: usize) -> Option<&V<'a>> {
        self.sides[class][side].as_ref().map(|v| &v[field])
    }

    /// A kept code's path in the result (`Parent/Child`), up to a parent not kept or a loop.
    pub(super) fn path(&self, class: usize) -> String {
        let mut names = Vec::new();
        let mut next = Some(class);
        while let Some(c) = next {
            let Some(values) = &self.result[c] else {
                break;
            };
            if names.len() > self.len() {
                break;
            }
            names.push(values[NAME].text());
            next = values[PARENT].reference();
        }
        names.reverse();
        names.join("/")
    }

    /// What changed between ours and the result, counted: added, changed, removed.
    pub(super) fn tally(&self) -> (usize, usize, usize) {
        let (mut added, mut changed, mut removed) = (0, 0, 0);
        for (result, sides) in self.result.iter().zip(&self.sides) {
            match (result, &sides[OURS]) {
                (Some(_), None) => added += 1,
                (None, Some(_)) => removed += 1,
                (Some(result), Some(ours)) if result != ours => changed += 1,
                _ => {}
            }
        }
        (added, changed, removed)
    }

    /// `class` and the ancestors it needs (through the reference field `parent`, for codes)
    /// that are not in the result, as `side` has them: what putting it back takes. `None` when
    /// one of them was left out by a side taken earlier, or `side` does not have it.
    pub(super) fn restorable(
        &self,
        class: usize,
        side: usize,
        parent: Option<usize>,
    ) -> Option<Vec<usize>> {
        let mut chain = Vec::new();
        let mut next = Some(class);
        while let Some(c) = next {
            if self.kept(c) || chain.contains(&c) {
                break;
            }
            let values = self.sides[c][side].as_ref()?;
            if self.dropped[c] {
                return None;
            }
            chain.push(c);
            next = parent.and_then(|f| values[f].reference());
        }
        Some(chain)
    }

    /// Put `class` back into the result as `side` has it, with the ancestors it needs there.
    /// Changes nothing when [`Kind::restorable`] refuses: the reference then stays dangling, and
    /// the final validation reports the project as one no side's choice makes valid.
    pub(super) fn restore(&mut self, class: usize, side: usize, parent: Option<usize>) {
        for c in self.restorable(class, side, parent).unwrap_or_default() {
            self.result[c] = self.sides[c][side].clone();
        }
    }
}

/// The four kinds of item, each as it is merged.
pub(super) struct Kinds<'a> {
    pub(super) coders: Kind<'a>,
    pub(super) docs: Kind<'a>,
    pub(super) codes: Kind<'a>,
    pub(super) codings: Kind<'a>,
}

impl Kinds<'_> {
    /// How many rounds settling references or invariants may take before the sides taken are
    /// known to keep undoing each other.
    pub(super) fn round_limit(&self) -> usize {
        self.codes.len() + self.docs.len() + self.coders.len() + self.codings.len() + 2
    }

    /// What changed between ours and the result, counted per kind: added, changed, removed.
    pub(super) fn tally(&self) -> [Counts; 3] {
        let (coders_added, coders_changed, coders_removed) = self.coders.tally();
        let (codes_added, codes_changed, codes_removed) = self.codes.tally();
        let (docs_added, docs_changed, docs_removed) = self.docs.tally();
        let (segs_added, segs_changed, segs_removed) = self.codings.tally();
        let counts = |documents, codes, coders, segments| Counts {
            documents,
            codes,
            coders,
            segments,
        };
        [
            counts(docs_added, codes_added, coders_added, segs_added),
            counts(docs_changed, codes_changed, coders_changed, segs_changed),
            counts(docs_removed, codes_removed, coders_removed, segs_removed),
        ]
    }
}

/// Merge every item of one kind.
pub(super) fn merge_kind<'a>(
    count: usize,
    fields: &'static [&'static str],
    sides_of: impl Fn(usize) -> Sides<'a>,
    label: impl Fn(usize) -> String,
    show: &dyn Fn(usize, &V<'a>) -> String,
    chooser: &mut Chooser,
) -> Kind<'a> {
    let mut kind = Kind {
        result: Vec::with_capacity(count),
        sides: Vec::with_capacity(count),
        dropped: Vec::with_capacity(count),
    };
    for class in 0..count {
        let sides = sides_of(class);
        let mut merger = Merger {
            fields,
            item: label(class),
            show,
            chooser,
        };
        let outcome = merger.merge(sides.clone());
        kind.dropped.push(matches!(outcome, Outcome::Deleted));
        kind.result.push(outcome.into_values());
        kind.sides.push(sides);
    }
    kind
}

/// Merge the coders.
pub(super) fn merge_coders<'p>(m: &Matched<'p>, chooser: &mut Chooser) -> Kind<'p> {
    let (sides, coders) = (m.sides, &m.coders);
    let text = |v: &V| v.owned_text();
    merge_kind(
        coders.members.len(),
        CODER_FIELDS,
        |class| {
            [BASE, OURS, THEIRS].map(|s| {
                coders
                    .member(class, s)
                    .map(|pos| vec![V::Text(Cow::Borrowed(sides[s].coders[pos].name.as_str()))])
            })
        },
        |class| format!("coder {:?}", m.coder_name(class)),
        &|_, v| text(v),
        chooser,
    )
}

/// Merge the documents.
pub(super) fn merge_documents<'p>(m: &Matched<'p>, chooser: &mut Chooser) -> Kind<'p> {
    let (sides, docs) = (m.sides, &m.docs);
    let text = |v: &V| v.owned_text();
    merge_kind(
        docs.members.len(),
        DOCUMENT_FIELDS,
        |class| {
            [BASE, OURS, THEIRS].map(|s| {
                docs.member(class, s).map(|pos| {
                    let d = &sides[s].documents[pos];
                    vec![
                        V::Text(Cow::Borrowed(d.name.as_str())),
                        V::Text(Cow::Borrowed(d.memo.as_str())),
                    ]
                })
            })
        },
        |class| format!("document {:?}", m.doc_name(class)),
        &|_, v| text(v),
        chooser,
    )
}

/// Merge the codes (a code's parent compared as a class).
pub(super) fn merge_codes<'p>(m: &Matched<'p>, chooser: &mut Chooser) -> Kind<'p> {
    let (sides, codes, code_class) = (m.sides, &m.codes, &m.code_class);
    merge_kind(
        codes.members.len(),
        CODE_FIELDS,
        |class| {
            [BASE, OURS, THEIRS].map(|s| {
                codes.member(class, s).map(|pos| {
                    let c = &sides[s].codes[pos];
                    vec![
                        V::Text(Cow::Borrowed(c.name.as_str())),
                        V::Ref(c.parent.map(|p| code_class[s][&p])),
                        V::Color(c.color),
                        V::Text(Cow::Borrowed(c.description.as_str())),
                        V::Text(Cow::Borrowed(c.inclusion.as_str())),
                        V::Text(Cow::Borrowed(c.exclusion.as_str())),
                        V::Text(Cow::Borrowed(c.example.as_str())),
                        V::Hotkey(c.hotkey),
                        V::Text(Cow::Borrowed(c.memo.as_str())),
                    ]
                })
            })
        },
        |class| format!("code {:?}", m.code_path(class)),
        &|field, v| match v {
            V::Ref(None) => "(top level)".into(),
            V::Ref(Some(parent)) => m.code_path(*parent),
            V::Color(c) => c.to_string(),
            V::Hotkey(None) => "none".into(),
            V::Hotkey(Some(k)) => k.to_string(),
            V::Text(t) => t.to_string(),
            V::Range(..) => unreachable!("codes have no range; field {field}"),
        },
        chooser,
    )
}
