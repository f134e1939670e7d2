//! Cases: MAXQDA keeps document variables on cases that name their sources (`SourceRef`).
//! Coda has no cases; a case's variables become properties of the documents it names, as
//! variables on a source itself do. What a case holds besides (codes, selections, its
//! description) is reported.

use super::{Importer, guid_key};
use crate::wording::{one_line, plural};

impl Importer<'_> {
    pub(super) fn cases(&mut self, cases: usize) {
        let tree = self.tree;
        for (index, case) in tree.children(cases) {
            let label = match case.attr("name").filter(|n| !n.trim().is_empty()) {
                Some(name) => format!("Case {:?}", one_line(name, 60)),
                None => format!("Case {}", case.attr("guid").unwrap_or("without guid")),
            };
            if &*case.name != "Case" {
                self.report
                    .skip(format!("<{}> in <Cases>", one_line(&case.name, 40)));
                continue;
            }
            let mut values = Vec::new();
            let mut documents = Vec::new();
            let mut other = 0;
            for (child, element) in tree.children(index) {
                match &*element.name {
                    "VariableValue" => {
                        if let Some(value) = self.variable_property(child, &label) {
                            values.push(value);
                        }
                    }
                    "SourceRef" => {
                        let target = element.attr("targetGUID").unwrap_or_default();
                        match self.source_ids.get(&guid_key(target)) {
                            Some(id) => documents.push(*id),
                            None => self.report.skip(format!(
                                "SourceRef {:?} of {label}: no source of that GUID was read",
                                one_line(target, 60)
                            )),
                        }
                    }
                    _ => other += 1,
                }
            }
            if other > 0 {
                self.report.skip(format!(
                    "{label}: {} (descriptions, codes, selections) not read; Coda has no cases",
                    plural(other, "element", "elements")
                ));
            }
            if values.is_empty() {
                continue;
            }
            if documents.is_empty() {
                self.report.skip(format!(
                    "{label}: {} but no source to keep them on",
                    plural(values.len(), "variable", "variables")
                ));
                continue;
            }
            for id in &documents {
                let Some(index) = self.project.document_index(*id) else {
                    continue;
                };
                let document = &mut self.project.documents[index];
                for (key, value) in &values {
                    match document.properties.get(key) {
                        Some(existing) if existing != value => {
                            self.report.skipped.push(one_line(
                                &format!(
                                    "{label}: variable {key:?} = {:?} on {:?}, which already has {:?}",
                                    one_line(value, 60),
                                    document.name,
                                    one_line(existing, 60)
                                ),
                                1000,
                            ));
                        }
                        _ => {
                            document.properties.insert(key.clone(), value.clone());
                        }
                    }
                }
            }
            self.report.change(format!(
                "{label}: {} kept as properties of its {}",
                plural(values.len(), "variable", "variables"),
                plural(documents.len(), "document", "documents")
            ));
        }
    }
}
