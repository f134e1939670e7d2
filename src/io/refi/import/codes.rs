//! The codebook: nested `Code` elements become codes with parents. Names are kept (a name
//! that repeats under another parent, as NVivo writes, stays as it is: the hierarchy tells
//! them apart); only what Coda cannot hold is changed, and reported.

use super::{Importer, append_memo};
use crate::io::refi::description;
use crate::model::{Code, CodeId, Color, PATH_SEPARATOR};

/// The deepest nesting the project's validation allows.
const MAX_CODE_DEPTH_LIMIT: usize = 100;
use crate::wording::one_line;

impl Importer<'_> {
    /// Read `<Codes>` (`in_project`: notes may be attached; in a `.qdc` the memo is in the
    /// Description).
    pub(super) fn codes_element(&mut self, codes: usize, in_project: bool) {
        let tree = self.tree;
        let mut categories = Vec::new();
        // (element, parent code, depth)
        let mut stack: Vec<(usize, Option<CodeId>, usize)> =
            tree.children(codes).map(|(i, _)| (i, None, 0)).collect();
        stack.reverse();
        while let Some((index, parent, depth)) = stack.pop() {
            let element = tree.get(index);
            if &*element.name != "Code" {
                self.report.skip(format!(
                    "<{}> in the codebook: not a code",
                    one_line(&element.name, 40)
                ));
                continue;
            }
            let raw_name = element.attr("name").unwrap_or_default();
            if depth >= MAX_CODE_DEPTH_LIMIT {
                self.report.skip(format!(
                    "Code {:?} and the codes under it: nested deeper than {MAX_CODE_DEPTH_LIMIT} levels",
                    one_line(raw_name, 60)
                ));
                continue;
            }
            let name = self.code_name(raw_name, parent);
            let what = format!("Code {:?}", one_line(&name, 60));
            let id = CodeId(self.id_for(element.attr("guid"), &what));
            if let Some(guid) = element.attr("guid") {
                self.codes.entry(super::guid_key(guid)).or_insert(id);
            }
            let color = self.code_color(element.attr("color"), &what);
            let texts =
                description::parse(tree.child_text(index, "Description").unwrap_or_default());
            let mut code = Code::new(name, parent, color);
            code.id = id;
            code.description = texts.description;
            code.inclusion = texts.inclusion;
            code.exclusion = texts.exclusion;
            code.example = texts.example;
            code.memo = texts.memo;
            if element
                .attr("isCodable")
                .is_some_and(|v| v == "false" || v == "0")
            {
                categories.push(code.name.clone());
            }
            let mut kids = Vec::new();
            for (child, child_element) in tree.children(index) {
                match &*child_element.name {
                    "Description" => {}
                    "NoteRef" if in_project => {
                        if let Some(text) = self.note_for(child_element.attr("targetGUID"), &what) {
                            code.memo = append_memo(&code.memo, &text);
                        }
                    }
                    "Code" => kids.push(child),
                    other => self
                        .report
                        .skip(format!("<{}> in {what}", one_line(other, 40))),
                }
            }
            self.project.codes.push(code);
            for child in kids.into_iter().rev() {
                stack.push((child, Some(id), depth + 1));
            }
        }
        if !categories.is_empty() {
            self.report.change(format!(
                "{} marked not codable (categories): imported as codes, which Coda lets you apply: {}",
                crate::wording::plural(categories.len(), "code", "codes"),
                crate::wording::join_names(&categories)
            ));
        }
    }

    /// A name Coda can hold: not empty, no `/`, unique among its siblings.
    fn code_name(&mut self, raw: &str, parent: Option<CodeId>) -> String {
        let mut name = raw.replace(PATH_SEPARATOR, "∕");
        if name.trim().is_empty() {
            name = "Unnamed code".into();
        }
        if name != raw {
            self.report.change(format!(
                "Code {:?}: named {name:?} (a code name is not empty and has no \"/\")",
                one_line(raw, 60)
            ));
        }
        let base = name.clone();
        let mut n = 2;
        while self.project.children(parent).any(|c| c.name == name) {
            name = format!("{base} ({n})");
            n += 1;
        }
        if name != base {
            self.report.change(format!(
                "Code {base:?}: another code under the same parent has that name; named {name:?}"
            ));
        }
        name
    }

    /// `#RRGGBB` or `#RGB` in any case; else the next free palette colour.
    fn code_color(&mut self, value: Option<&str>, what: &str) -> Color {
        if let Some(value) = value {
            let hex = value.trim().trim_start_matches('#').to_ascii_lowercase();
            let full = match hex.len() {
                3 => hex.chars().flat_map(|c| [c, c]).collect(),
                _ => hex,
            };
            if let Ok(color) = format!("#{full}").parse::<Color>() {
                return color;
            }
            self.report.change(format!(
                "{what}: its colour {:?} is not #RRGGBB; given a palette colour",
                one_line(value, 20)
            ));
        }
        self.project.next_free_color()
    }
}
