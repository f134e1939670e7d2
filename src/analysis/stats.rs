//! Counts: documents, characters, codes, segments per coder and per code.

use crate::model::{CodeId, CoderId, Project};
use std::collections::HashMap;
use std::fmt::Write;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCount {
    pub path: String,
    pub depth: usize,
    /// Segments with exactly this code, per coder in project coder order.
    pub per_coder: Vec<usize>,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub project_name: String,
    pub documents: usize,
    pub characters: usize,
    pub codes: usize,
    pub segments: usize,
    pub coders: Vec<(String, usize)>,
    pub current_coder: Option<String>,
    /// In codebook order, parents before their children.
    pub per_code: Vec<CodeCount>,
}

pub fn compute(project: &Project) -> Stats {
    let coder_index: HashMap<CoderId, usize> = project
        .coders
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let mut counts: HashMap<CodeId, Vec<usize>> = HashMap::new();
    let mut per_coder = vec![0; project.coders.len()];
    for segment in project.segments.values() {
        if let Some(&i) = coder_index.get(&segment.coder) {
            per_coder[i] += 1;
            counts
                .entry(segment.code)
                .or_insert_with(|| vec![0; project.coders.len()])[i] += 1;
        }
    }
    let mut per_code = Vec::new();
    let visit = |id: CodeId, depth: usize, per_code: &mut Vec<CodeCount>| {
        let row = counts
            .get(&id)
            .cloned()
            .unwrap_or_else(|| vec![0; project.coders.len()]);
        per_code.push(CodeCount {
            path: project.code_path(id),
            depth,
            total: row.iter().sum(),
            per_coder: row,
        });
    };
    fn walk(
        project: &Project,
        parent: Option<CodeId>,
        depth: usize,
        visit: &mut dyn FnMut(CodeId, usize),
    ) {
        for code in project.children(parent) {
            visit(code.id, depth);
            walk(project, Some(code.id), depth + 1, visit);
        }
    }
    walk(project, None, 0, &mut |id, depth| {
        visit(id, depth, &mut per_code)
    });
    Stats {
        project_name: project.name.clone(),
        documents: project.documents.len(),
        characters: project.documents.iter().map(|d| d.text.char_len()).sum(),
        codes: project.codes.len(),
        segments: project.segments.len(),
        coders: project
            .coders
            .iter()
            .zip(per_coder)
            .map(|(c, n)| (c.name.clone(), n))
            .collect(),
        current_coder: project
            .current_coder
            .and_then(|id| project.coder(id))
            .map(|c| c.name.clone()),
        per_code,
    }
}

impl Stats {
    /// A plain-text report for the terminal.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Project: {}", self.project_name);
        let _ = writeln!(
            out,
            "Documents: {} ({} characters)",
            self.documents, self.characters
        );
        let _ = writeln!(out, "Codes: {}", self.codes);
        let _ = writeln!(out, "Segments: {}", self.segments);
        let current = self.current_coder.as_deref().unwrap_or("(none)");
        let _ = writeln!(out, "Coders: {} (current: {current})", self.coders.len());
        for (name, n) in &self.coders {
            let _ = writeln!(
                out,
                "  {name}: {}",
                crate::wording::plural(*n, "segment", "segments")
            );
        }
        if self.per_code.is_empty() {
            return out;
        }
        let _ = writeln!(out, "Segments per code:");
        let label_width = self
            .per_code
            .iter()
            .map(|c| c.depth * 2 + c.path.rsplit('/').next().unwrap_or("").chars().count())
            .max()
            .unwrap_or(0)
            .max(4);
        let mut header = format!("  {:<label_width$}  {:>6}", "code", "total");
        for (name, _) in &self.coders {
            let _ = write!(header, "  {name:>8}");
        }
        let _ = writeln!(out, "{header}");
        for code in &self.per_code {
            let name = code.path.rsplit('/').next().unwrap_or("");
            let label = format!("{}{}", "  ".repeat(code.depth), name);
            let pad = label_width.saturating_sub(label.chars().count());
            let mut line = format!("  {label}{}  {:>6}", " ".repeat(pad), code.total);
            for n in &code.per_coder {
                let _ = write!(line, "  {n:>8}");
            }
            let _ = writeln!(out, "{line}");
        }
        out
    }
}
