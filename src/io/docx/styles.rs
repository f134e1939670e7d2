//! What a Word paragraph's style and list numbering mean: which styles are headings (by name,
//! or by outline level, through `basedOn`), and the markers of numbered and bulleted lists.

use crate::io::office_package::{Node, PackageError, attr, local, walk};
use crate::io::rich_text::Numbering;
use std::collections::HashMap;

use super::is_w;

/// A list reference: the numbering instance (`w:numId`) and the level (`w:ilvl`, 0-based).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NumRef {
    pub num_id: Option<String>,
    pub level: Option<u8>,
}

impl NumRef {
    fn is_set(&self) -> bool {
        self.num_id.is_some() || self.level.is_some()
    }
}

#[derive(Debug, Default)]
struct StyleInfo {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: NumRef,
}

/// Paragraph styles by id (`word/styles.xml`).
#[derive(Debug, Default)]
pub struct Styles {
    by_id: HashMap<String, StyleInfo>,
}

/// How far `basedOn` chains are followed (they can be cyclic in a damaged file).
const MAX_CHAIN: usize = 32;

impl Styles {
    pub fn parse(xml: &[u8], part: &str) -> Result<Self, PackageError> {
        let mut styles = Styles::default();
        let mut current: Option<(String, StyleInfo)> = None;
        let mut in_ppr = false;
        walk(xml, part, |node| match node {
            Node::Start { ns, element } if is_w(ns) => match local(element) {
                b"style" => {
                    let paragraph = attr(element, b"type").is_none_or(|t| t == "paragraph");
                    current = attr(element, b"styleId")
                        .filter(|_| paragraph)
                        .map(|id| (id, StyleInfo::default()));
                }
                b"pPr" => in_ppr = true,
                name => {
                    if let Some((_, info)) = current.as_mut() {
                        let val = || attr(element, b"val");
                        match name {
                            b"name" => info.name = val().unwrap_or_default(),
                            b"basedOn" => info.based_on = val(),
                            b"outlineLvl" if in_ppr => {
                                info.outline = val().and_then(|v| v.parse().ok())
                            }
                            b"numId" if in_ppr => info.num.num_id = val(),
                            b"ilvl" if in_ppr => {
                                info.num.level = val().and_then(|v| v.parse().ok())
                            }
                            _ => {}
                        }
                    }
                }
            },
            Node::End { ns, local } if is_w(ns) => match local {
                b"style" => {
                    if let Some((id, info)) = current.take() {
                        styles.by_id.insert(id, info);
                    }
                }
                b"pPr" => in_ppr = false,
                _ => {}
            },
            _ => {}
        })?;
        Ok(styles)
    }

    /// The styles from `id` up its `basedOn` chain.
    fn chain<'a>(&'a self, id: &'a str) -> impl Iterator<Item = (&'a str, Option<&'a StyleInfo>)> {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let id = next.take()?;
            let info = self.by_id.get(id);
            next = info.and_then(|i| i.based_on.as_deref());
            Some((id, info))
        })
        .take(MAX_CHAIN)
    }

    /// The heading level (1 = top) of the paragraph style `id`, if it is a heading.
    pub fn heading_level(&self, id: &str) -> Option<u8> {
        for (id, info) in self.chain(id) {
            let name = info.map_or(id.to_ascii_lowercase(), |i| i.name.to_ascii_lowercase());
            if name == "title" {
                return Some(1);
            }
            // "heading 1" in styles.xml; "Heading1" as an id when the file has no styles part.
            if let Some(n) = name.strip_prefix("heading")
                && let Ok(level) = n.trim().parse::<u8>()
                && (1..=9).contains(&level)
            {
                return Some(level);
            }
            if let Some(outline) = info.and_then(|i| i.outline)
                && outline < 9
            {
                return Some(outline + 1);
            }
        }
        None
    }

    /// The list a paragraph style puts its paragraphs in (e.g. "List Bullet").
    pub fn numbering(&self, id: &str) -> NumRef {
        self.chain(id)
            .filter_map(|(_, info)| info)
            .map(|i| i.num.clone())
            .find(NumRef::is_set)
            .unwrap_or_default()
    }
}

#[derive(Clone, Debug)]
struct Level {
    format: Numbering,
    /// Word's pattern for the marker, e.g. `%1.` or `%1.%2)`.
    text: String,
    start: u32,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            format: Numbering::Decimal,
            text: String::new(),
            start: 1,
        }
    }
}

/// List definitions (`word/numbering.xml`) and the counters of the lists met so far.
///
/// As in Word, list instances (`w:num`) of one definition (`w:abstractNum`) count on from each
/// other, unless an instance restarts a level (`w:startOverride`) where it is first used.
#[derive(Debug, Default)]
pub struct Lists {
    abstract_levels: HashMap<String, Vec<Level>>,
    num_to_abstract: HashMap<String, String>,
    /// Restarts by instance: level → number.
    overrides: HashMap<String, Vec<(usize, u32)>>,
    /// The last number given at each level, by definition.
    counters: HashMap<String, [Option<u32>; 9]>,
    used: std::collections::HashSet<String>,
}

fn numbering_format(value: &str) -> Numbering {
    match value {
        "bullet" => Numbering::Bullet,
        "lowerLetter" => Numbering::LowerLetter,
        "upperLetter" => Numbering::UpperLetter,
        "lowerRoman" => Numbering::LowerRoman,
        "upperRoman" => Numbering::UpperRoman,
        "none" => Numbering::None,
        _ => Numbering::Decimal,
    }
}

impl Lists {
    pub fn parse(xml: &[u8], part: &str) -> Result<Self, PackageError> {
        let mut lists = Lists::default();
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<usize> = None;
        let mut override_level: Option<usize> = None;
        walk(xml, part, |node| match node {
            Node::Start { ns, element } if is_w(ns) => {
                let val = || attr(element, b"val");
                match local(element) {
                    b"abstractNum" => abstract_id = attr(element, b"abstractNumId"),
                    b"num" => num_id = attr(element, b"numId"),
                    b"abstractNumId" => {
                        if let (Some(num), Some(target)) = (&num_id, val()) {
                            lists.num_to_abstract.insert(num.clone(), target);
                        }
                    }
                    b"lvlOverride" => {
                        override_level = attr(element, b"ilvl")
                            .and_then(|v| v.parse::<usize>().ok())
                            .filter(|l| *l < 9);
                    }
                    b"startOverride" => {
                        if let (Some(num), Some(l), Some(start)) = (
                            &num_id,
                            override_level,
                            val().and_then(|v| v.parse::<u32>().ok()),
                        ) {
                            lists
                                .overrides
                                .entry(num.clone())
                                .or_default()
                                .push((l, start));
                        }
                    }
                    b"lvl" if num_id.is_none() => {
                        level = attr(element, b"ilvl")
                            .and_then(|v| v.parse::<usize>().ok())
                            .filter(|l| *l < 9);
                    }
                    name => {
                        let (Some(id), Some(l)) = (&abstract_id, level) else {
                            return;
                        };
                        let levels = lists.abstract_levels.entry(id.clone()).or_default();
                        if levels.len() <= l {
                            levels.resize(l + 1, Level::default());
                        }
                        let lvl = &mut levels[l];
                        match name {
                            b"numFmt" => lvl.format = numbering_format(&val().unwrap_or_default()),
                            b"lvlText" => lvl.text = val().unwrap_or_default(),
                            b"start" => lvl.start = val().and_then(|v| v.parse().ok()).unwrap_or(1),
                            _ => {}
                        }
                    }
                }
            }
            Node::End { ns, local } if is_w(ns) => match local {
                b"abstractNum" => abstract_id = None,
                b"num" => num_id = None,
                b"lvl" => level = None,
                b"lvlOverride" => override_level = None,
                _ => {}
            },
            _ => {}
        })?;
        Ok(lists)
    }

    fn level(&self, num_id: &str, level: usize) -> Option<&Level> {
        let abstract_id = self.num_to_abstract.get(num_id)?;
        self.abstract_levels.get(abstract_id)?.get(level)
    }

    /// The marker of the next item of list `num_id` at `level` (0-based), counting it: `"2."`,
    /// `"1.3)"`, or `""` for a bullet. `None` when `num_id` is not a list (Word's `0`).
    pub fn next_marker(&mut self, num_id: &str, level: u8) -> Option<String> {
        if num_id == "0" {
            return None;
        }
        let level = usize::from(level.min(8));
        let starts: Vec<u32> = (0..9)
            .map(|l| self.level(num_id, l).map_or(1, |lvl| lvl.start))
            .collect();
        let key = self
            .num_to_abstract
            .get(num_id)
            .cloned()
            .unwrap_or_else(|| format!("num {num_id}"));
        let counters = self.counters.entry(key).or_insert([None; 9]);
        if self.used.insert(num_id.to_string()) {
            for &(l, start) in self.overrides.get(num_id).into_iter().flatten() {
                counters[l] = Some(start.saturating_sub(1));
                for deeper in &mut counters[l + 1..] {
                    *deeper = None;
                }
            }
        }
        counters[level] = Some(counters[level].map_or(starts[level], |n| n + 1));
        // A deeper level starts again after an item above it.
        for deeper in &mut counters[level + 1..] {
            *deeper = None;
        }
        let counters = *counters;
        let Some(lvl) = self.level(num_id, level) else {
            return Some(String::new());
        };
        if matches!(lvl.format, Numbering::Bullet) {
            return Some(String::new());
        }
        let mut marker = lvl.text.clone();
        for l in (0..9).rev() {
            let placeholder = format!("%{}", l + 1);
            if marker.contains(&placeholder) {
                let format = self
                    .level(num_id, l)
                    .map_or(Numbering::Decimal, |x| x.format);
                let n = counters[l].unwrap_or(starts[l]);
                marker = marker.replace(&placeholder, &format.format(n));
            }
        }
        Some(marker.trim().to_string())
    }
}
