//! Cases. Coda has no cases; what a case says about its sources is kept on them:
//! - its variable values go on every document it names by `SourceRef` (MAXQDA keeps document
//!   variables this way: a case without a name for each document);
//! - a case with a name (NVivo's and QualCoder's cases: a person interviewed several times)
//!   becomes a group of the documents it names, so the grouping and the name stay;
//! - its description joins the project memo.
//!
//! What else it holds (codes, selections) is reported.

use super::{Importer, guid_key};
use crate::model::DocId;
use crate::wording::{one_line, plural};

impl Importer<'_> {
    pub(super) fn cases(&mut self, cases: usize) {
        let tree = self.tree;
        let mut single_source = 0;
        for (index, case) in tree.children(cases) {
            if &*case.name != "Case" {
                self.report
                    .skip(format!("<{}> in <Cases>", one_line(&case.name, 40)));
                continue;
            }
            let name = case.attr("name").map(str::trim).filter(|n| !n.is_empty());
            let label = match name {
                Some(name) => format!("Case {:?}", one_line(name, 60)),
                None => format!("Case {}", case.attr("guid").unwrap_or("without guid")),
            };
            let mut values = Vec::new();
            let mut documents: Vec<DocId> = Vec::new();
            let (mut codes, mut selections) = (0, 0);
            for (child, element) in tree.children(index) {
                match &*element.name {
                    "VariableValue" => values.push(child),
                    "SourceRef" => {
                        let target = element.attr("targetGUID").unwrap_or_default();
                        match self.source_ids.get(&guid_key(target)) {
                            Some(id) if !documents.contains(id) => documents.push(*id),
                            Some(_) => {}
                            None => self.report.skip(format!(
                                "SourceRef {:?} of {label}: no text source of that GUID was read",
                                one_line(target, 60)
                            )),
                        }
                    }
                    "CodeRef" => codes += 1,
                    "SelectionRef" => selections += 1,
                    "Description" => {
                        if !element.text.is_empty() {
                            self.memo_additions
                                .push(format!("{label}: {}", element.text));
                            self.report.change(format!(
                                "{label}: its description added to the project memo"
                            ));
                        }
                    }
                    other => self
                        .report
                        .skip(format!("<{}> in {label}", one_line(other, 40))),
                }
            }
            if codes + selections > 0 {
                let mut parts = Vec::new();
                if codes > 0 {
                    parts.push(plural(codes, "CodeRef", "CodeRefs"));
                }
                if selections > 0 {
                    parts.push(plural(selections, "SelectionRef", "SelectionRefs"));
                }
                self.report.skip(format!(
                    "{label}: its {} not read; Coda has no cases (their documents' values and \
                     groups are read from SourceRefs)",
                    parts.join(" and ")
                ));
            }
            if documents.is_empty() {
                if !values.is_empty() || name.is_some() {
                    self.report.skip(format!(
                        "{label}: {}names no source Coda read, so there is no document to keep \
                         it on",
                        if values.is_empty() {
                            String::new()
                        } else {
                            format!(
                                "{}, but ",
                                plural(values.len(), "variable value", "variable values")
                            )
                        }
                    ));
                }
                continue;
            }
            for &value in &values {
                self.variable_value(value, &documents, &label);
            }
            let values_text = plural(values.len(), "variable value", "variable values");
            match name {
                Some(name) => {
                    let group = self.add_group(name, documents.clone(), &label);
                    self.report.change(format!(
                        "{label}: Coda has no cases; kept as the group {group:?} of its {}{}",
                        plural(documents.len(), "document", "documents"),
                        match (values.is_empty(), documents.len()) {
                            (true, _) => String::new(),
                            (false, 1) => format!(", its {values_text} put on it"),
                            (false, _) => format!(", its {values_text} put on each"),
                        }
                    ));
                }
                None if values.is_empty() => self.report.skip(format!(
                    "{label}: names {} and holds no values; Coda has no cases",
                    plural(documents.len(), "document", "documents")
                )),
                None if documents.len() == 1 => single_source += 1,
                None => self.report.change(format!(
                    "{label}: Coda has no cases; its {values_text} put on each of its {} documents",
                    documents.len()
                )),
            }
        }
        if single_source > 0 {
            self.report.change(if single_source == 1 {
                "1 case without a name, naming one source (as MAXQDA writes document \
                 variables): its values put on that document"
                    .to_string()
            } else {
                format!(
                    "{single_source} cases without a name, each naming one source (as MAXQDA \
                     writes document variables): their values put on that document"
                )
            });
        }
    }
}
