//! What the window remembers between sessions (in eframe's storage, not in the project file):
//! recent projects, the pane layout of each project, theme, text size and panel visibility.

use crate::model::DocId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A pane holds only an id: the document lives in the project, a view's state in the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pane {
    Document(DocId),
    View(ViewKind),
}

/// The panels that dock as panes beside documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ViewKind {
    Codebook,
    Retrieval,
    Compare,
    Memos,
    Search,
    Variables,
    Matrix,
    Cooccurrence,
    Chart,
}

pub const DEFAULT_TEXT_SIZE: f32 = 15.0;
const MAX_RECENT: usize = 10;

#[derive(Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub recent: Vec<PathBuf>,
    /// Pane layout per project file (absolute path).
    pub layouts: BTreeMap<String, egui_tiles::Tree<Pane>>,
    pub dark: bool,
    pub text_size: f32,
    pub show_documents: bool,
    pub show_codebook: bool,
    pub show_retrieval: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            layouts: BTreeMap::new(),
            dark: false,
            text_size: DEFAULT_TEXT_SIZE,
            show_documents: true,
            show_codebook: true,
            show_retrieval: true,
        }
    }
}

pub const STORAGE_KEY: &str = "coda-settings";

fn key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

impl Settings {
    pub fn remember_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    pub fn most_recent_existing(&self) -> Option<PathBuf> {
        self.recent.iter().find(|p| p.exists()).cloned()
    }

    pub fn layout_for(&self, path: &Path) -> Option<&egui_tiles::Tree<Pane>> {
        self.layouts.get(&key(path))
    }

    pub fn store_layout(&mut self, path: &Path, tree: &egui_tiles::Tree<Pane>) {
        self.layouts.insert(key(path), tree.clone());
    }
}
