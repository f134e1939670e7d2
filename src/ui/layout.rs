//! Where panes go in the tiled area: documents side by side, views (codebook, retrieval, compare,
//! memos) docked around them. The user can rearrange everything by dragging tabs; these rules
//! only decide where a pane appears when it is first shown.
//!
//! egui_tiles wraps every pane in a tab container of its own (`all_panes_must_have_tabs`), so the
//! "place" of a pane is its tab container when it has one.

use crate::model::{DocId, Project};
use crate::ui::settings::{Pane, ViewKind};
use egui_tiles::{Container, LinearDir, Tile, TileId, Tree};

/// Share of the width for the documents (and what is below them) against the codebook.
const DOCUMENTS_SHARE: f32 = 3.0;
/// Share of the height for the documents against the views docked below them.
const DOCUMENTS_HEIGHT_SHARE: f32 = 1.7;

fn new_tree(root: Option<TileId>, tiles: egui_tiles::Tiles<Pane>) -> Tree<Pane> {
    match root {
        Some(root) => Tree::new(egui::Id::unique("coda-panes"), root, tiles),
        None => Tree::empty(egui::Id::unique("coda-panes")),
    }
}

/// The first layout of a project: its first two documents side by side, the codebook to their
/// right and the retrieval below them.
pub fn default_layout(project: &Project) -> Tree<Pane> {
    let mut tree = new_tree(None, egui_tiles::Tiles::default());
    for doc in project.documents.iter().take(2) {
        add_document_pane(&mut tree, doc.id);
    }
    show_view(&mut tree, ViewKind::Codebook);
    show_view(&mut tree, ViewKind::Retrieval);
    tree
}

/// A remembered layout made usable for `project`: panes of documents no longer in it are
/// dropped; a layout saved before views were panes gets the default views.
pub fn restore(mut tree: Tree<Pane>, project: &Project) -> Tree<Pane> {
    let gone: Vec<TileId> = tree
        .tiles
        .iter()
        .filter_map(|(id, tile)| match tile {
            Tile::Pane(Pane::Document(doc)) if project.document(*doc).is_none() => Some(*id),
            _ => None,
        })
        .collect();
    for id in gone {
        tree.remove_recursively(id);
    }
    let has_views = tree
        .tiles
        .tiles()
        .any(|t| matches!(t, Tile::Pane(Pane::View(_))));
    if !has_views {
        show_view(&mut tree, ViewKind::Codebook);
        show_view(&mut tree, ViewKind::Retrieval);
    }
    tree
}

/// Documents shown in panes, in tile order.
pub fn open_documents(tree: &Tree<Pane>) -> Vec<DocId> {
    let mut docs: Vec<(TileId, DocId)> = tree
        .tiles
        .iter()
        .filter_map(|(id, tile)| match tile {
            Tile::Pane(Pane::Document(doc)) => Some((*id, *doc)),
            _ => None,
        })
        .collect();
    docs.sort_by_key(|(id, _)| id.0);
    docs.into_iter().map(|(_, d)| d).collect()
}

pub fn has_view(tree: &Tree<Pane>, kind: ViewKind) -> bool {
    tree.tiles.find_pane(&Pane::View(kind)).is_some()
}

/// The tile that stands for a pane's place: its tab container if it has one, else itself.
fn place_of(tree: &Tree<Pane>, tile: TileId) -> TileId {
    match tree.tiles.parent_of(tile) {
        Some(parent)
            if matches!(
                tree.tiles.get(parent),
                Some(Tile::Container(Container::Tabs(_)))
            ) =>
        {
            parent
        }
        _ => tile,
    }
}

fn is_linear(tree: &Tree<Pane>, tile: TileId, dir: LinearDir) -> bool {
    matches!(tree.tiles.get(tile), Some(Tile::Container(Container::Linear(l))) if l.dir == dir)
}

/// Put `new` next to `anchor` along `dir`: in `anchor`'s parent when that already runs along
/// `dir`, else in a new container that takes `anchor`'s place. `share` is the new tile's share
/// against `anchor`'s 1.0 (ignored when joining an existing row).
fn put_beside(tree: &mut Tree<Pane>, anchor: TileId, new: TileId, dir: LinearDir, share: f32) {
    let parent = tree.tiles.parent_of(anchor);
    if let Some(parent) = parent
        && is_linear(tree, parent, dir)
    {
        if let Some(Tile::Container(container)) = tree.tiles.get_mut(parent) {
            container.add_child(new);
        }
        return;
    }
    let mut linear = egui_tiles::Linear::new(dir, vec![anchor, new]);
    linear.shares.set_share(anchor, 1.0);
    linear.shares.set_share(new, share);
    let pair = tree.tiles.insert_container(linear);
    match parent {
        Some(parent) => {
            if let Some(Tile::Container(container)) = tree.tiles.get_mut(parent) {
                let _ = container.replace_child(anchor, pair);
            }
        }
        None => tree.root = Some(pair),
    }
}

/// A new pane for `doc` beside the documents already shown (or, with none, beside the views).
pub fn add_document_pane(tree: &mut Tree<Pane>, doc: DocId) -> TileId {
    let tile = tree.tiles.insert_pane(Pane::Document(doc));
    let anchor = tree
        .tiles
        .iter()
        .filter_map(|(id, t)| matches!(t, Tile::Pane(Pane::Document(_))).then_some(*id))
        .filter(|id| *id != tile)
        .min_by_key(|id| id.0)
        .map(|id| place_of(tree, id));
    match (anchor, tree.root()) {
        (Some(anchor), _) => put_beside(tree, anchor, tile, LinearDir::Horizontal, 1.0),
        (None, None) => tree.root = Some(tree.tiles.insert_horizontal_tile(vec![tile])),
        (None, Some(root)) => {
            // Documents go left of everything else, taking most of the room.
            let mut row = egui_tiles::Linear::new(LinearDir::Horizontal, vec![tile, root]);
            row.shares.set_share(tile, DOCUMENTS_SHARE);
            row.shares.set_share(root, 1.0);
            tree.root = Some(tree.tiles.insert_container(row));
        }
    }
    tile
}

/// Show a view: bring its tab to the front if it is docked, else dock it where it belongs (the
/// codebook right of everything, the others below the documents, as tabs together). The compare
/// view's table and passages and the matrices need room: the views below the documents then get
/// half the height.
pub fn show_view(tree: &mut Tree<Pane>, kind: ViewKind) {
    dock_view(tree, kind);
    if matches!(
        kind,
        ViewKind::Compare | ViewKind::Matrix | ViewKind::Cooccurrence | ViewKind::Chart
    ) {
        give_half_the_height(tree, kind);
    }
}

fn give_half_the_height(tree: &mut Tree<Pane>, kind: ViewKind) {
    let Some(tile) = tree.tiles.find_pane(&Pane::View(kind)) else {
        return;
    };
    let place = place_of(tree, tile);
    let Some(column) = tree.tiles.parent_of(place) else {
        return;
    };
    if let Some(Tile::Container(Container::Linear(linear))) = tree.tiles.get_mut(column)
        && linear.dir == LinearDir::Vertical
    {
        for child in linear.children.clone() {
            linear.shares.set_share(child, 1.0);
        }
    }
}

fn dock_view(tree: &mut Tree<Pane>, kind: ViewKind) {
    let pane = Pane::View(kind);
    if tree.tiles.find_pane(&pane).is_some() {
        tree.make_active(|_, tile| matches!(tile, Tile::Pane(p) if *p == pane));
        return;
    }
    let tile = tree.tiles.insert_pane(pane);
    let Some(root) = tree.root() else {
        tree.root = Some(tree.tiles.insert_tab_tile(vec![tile]));
        return;
    };
    if kind == ViewKind::Codebook {
        let mut row = egui_tiles::Linear::new(LinearDir::Horizontal, vec![root, tile]);
        row.shares.set_share(root, DOCUMENTS_SHARE);
        row.shares.set_share(tile, 1.0);
        tree.root = Some(tree.tiles.insert_container(row));
        return;
    }
    // Beside another bottom view, as a tab.
    let sibling = [
        ViewKind::Retrieval,
        ViewKind::Compare,
        ViewKind::Memos,
        ViewKind::Search,
        ViewKind::Variables,
        ViewKind::Matrix,
        ViewKind::Cooccurrence,
        ViewKind::Chart,
    ]
    .into_iter()
    .filter_map(|k| tree.tiles.find_pane(&Pane::View(k)))
    .find(|id| *id != tile);
    if let Some(sibling) = sibling {
        let place = place_of(tree, sibling);
        if let Some(Tile::Container(Container::Tabs(tabs))) = tree.tiles.get_mut(place) {
            tabs.add_child(tile);
            tabs.set_active(tile);
            return;
        }
    }
    // Below the documents (all of them, when they share a row).
    let anchor = tree
        .tiles
        .iter()
        .filter_map(|(id, t)| matches!(t, Tile::Pane(Pane::Document(_))).then_some(*id))
        .min_by_key(|id| id.0)
        .map(|doc| {
            let place = place_of(tree, doc);
            match tree.tiles.parent_of(place) {
                Some(row) if is_linear(tree, row, LinearDir::Horizontal) => row,
                _ => place,
            }
        })
        .unwrap_or(root);
    let tabs = tree.tiles.insert_tab_tile(vec![tile]);
    put_beside(
        tree,
        anchor,
        tabs,
        LinearDir::Vertical,
        1.0 / DOCUMENTS_HEIGHT_SHARE,
    );
}

pub fn hide_view(tree: &mut Tree<Pane>, kind: ViewKind) {
    if let Some(tile) = tree.tiles.find_pane(&Pane::View(kind)) {
        tree.remove_recursively(tile);
    }
}

/// Show the view if hidden, hide it if shown; whether it is shown now.
pub fn toggle_view(tree: &mut Tree<Pane>, kind: ViewKind) -> bool {
    if has_view(tree, kind) {
        hide_view(tree, kind);
        false
    } else {
        show_view(tree, kind);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, DocumentSource, SourceFormat};

    fn project(docs: usize) -> Project {
        let mut p = Project::new("p");
        for i in 0..docs {
            p.documents.push(Document::new(
                format!("d{i}"),
                DocumentSource {
                    file_name: format!("d{i}.txt"),
                    format: SourceFormat::PlainText,
                    encoding: "UTF-8".into(),
                },
                format!("text {i}"),
            ));
        }
        p
    }

    /// The direction of the container holding `a`'s and `b`'s places, if they share one.
    fn common_dir(tree: &Tree<Pane>, a: &Pane, b: &Pane) -> Option<LinearDir> {
        let pa = place_of(tree, tree.tiles.find_pane(a)?);
        let pb = place_of(tree, tree.tiles.find_pane(b)?);
        let parent = tree.tiles.parent_of(pa)?;
        (tree.tiles.parent_of(pb)? == parent).then_some(())?;
        match tree.tiles.get(parent)? {
            Tile::Container(Container::Linear(l)) => Some(l.dir),
            _ => None,
        }
    }

    #[test]
    fn default_layout_has_documents_side_by_side_and_the_views() {
        let p = project(3);
        let tree = default_layout(&p);
        assert_eq!(
            open_documents(&tree),
            vec![p.documents[0].id, p.documents[1].id]
        );
        assert!(has_view(&tree, ViewKind::Codebook));
        assert!(has_view(&tree, ViewKind::Retrieval));
        assert_eq!(
            common_dir(
                &tree,
                &Pane::Document(p.documents[0].id),
                &Pane::Document(p.documents[1].id)
            ),
            Some(LinearDir::Horizontal)
        );
    }

    #[test]
    fn a_new_document_goes_beside_the_documents_not_below_or_into_the_views() {
        let p = project(3);
        let mut tree = default_layout(&p);
        add_document_pane(&mut tree, p.documents[2].id);
        assert_eq!(
            common_dir(
                &tree,
                &Pane::Document(p.documents[0].id),
                &Pane::Document(p.documents[2].id)
            ),
            Some(LinearDir::Horizontal)
        );
    }

    #[test]
    fn bottom_views_share_one_tab_group_and_toggle() {
        let p = project(1);
        let mut tree = default_layout(&p);
        show_view(&mut tree, ViewKind::Compare);
        let retrieval = place_of(
            &tree,
            tree.tiles
                .find_pane(&Pane::View(ViewKind::Retrieval))
                .unwrap(),
        );
        let compare = place_of(
            &tree,
            tree.tiles
                .find_pane(&Pane::View(ViewKind::Compare))
                .unwrap(),
        );
        assert_eq!(retrieval, compare, "compare is a tab beside retrieval");
        assert!(!toggle_view(&mut tree, ViewKind::Compare));
        assert!(!has_view(&tree, ViewKind::Compare));
        assert!(toggle_view(&mut tree, ViewKind::Compare));
        assert!(has_view(&tree, ViewKind::Compare));
    }

    #[test]
    fn an_old_layout_without_views_gets_them_and_loses_removed_documents() {
        let p = project(2);
        let gone = DocId::new();
        let old = Tree::new_horizontal(
            egui::Id::unique("old"),
            vec![Pane::Document(p.documents[0].id), Pane::Document(gone)],
        );
        let tree = restore(old, &p);
        assert_eq!(open_documents(&tree), vec![p.documents[0].id]);
        assert!(has_view(&tree, ViewKind::Codebook));
        assert!(has_view(&tree, ViewKind::Retrieval));
    }

    #[test]
    fn views_dock_even_with_no_document_open() {
        let p = project(0);
        let mut tree = default_layout(&p);
        assert!(has_view(&tree, ViewKind::Codebook));
        let p2 = project(1);
        add_document_pane(&mut tree, p2.documents[0].id);
        assert_eq!(open_documents(&tree), vec![p2.documents[0].id]);
    }
}
