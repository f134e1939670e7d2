//! The agreement table: codes down, scopes across ("All documents" first). A cell shows the
//! chosen statistic for the pair A–B and opens that document's passages when clicked.
//!
//! The header row and the code column stay in view while the values scroll under them, and
//! only the visible cells are built (`ui::frozen_grid`).

use super::CompareState;
use super::divider::Divider;
use crate::agreement::adjudication;
use crate::agreement::{Grade, Metric, Report, Row, Scope, Value};
use crate::io::agreement_report::{self, format_value};
use crate::model::{CodeId, DocId, Project};
use crate::ui::actions::Action;
use crate::ui::frozen_grid::{CELL_PADDING, Grid, GridSizes, cell_ui};
use egui::{Color32, Label, Rect, RichText, TextStyle, Ui};
use std::collections::HashMap;

/// A row: a button's height and the space between rows.
const ROW_HEIGHT: f32 = 25.0;
const HEADER_HEIGHT: f32 = 24.0;
/// The width of a value column (a value, or a document name elided to it).
const VALUE_WIDTH: f32 = 100.0;
const SIZES: GridSizes = GridSizes {
    row_height: ROW_HEIGHT,
    header_height: HEADER_HEIGHT,
    value_width: VALUE_WIDTH,
};
/// The code column is at least this wide. Until the user drags it, it is wide enough for the
/// longest path up to this share of the whole compare view (not of the table, so that it keeps
/// its width when the passages beside the table are resized).
const MIN_CODE_WIDTH: f32 = 80.0;
const DEFAULT_CODE_SHARE: f32 = 0.25;

/// Shows the table in the whole of `ui`, in a compare view `view_width` wide.
pub(super) fn show(
    ui: &mut Ui,
    project: &Project,
    report: &Report,
    state: &mut CompareState,
    actions: &mut Vec<Action>,
    view_width: f32,
) {
    let table = Table::new(project, report, state);
    let codes = table.sorted_codes(state.sort);
    let paths: Vec<String> = codes.iter().map(|&c| project.code_path(c)).collect();
    let id = ui.scope_id().with("compare-table-cells");
    egui::ScrollArea::both()
        .id_salt("compare-table")
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, _| {
            let visible = ui.clip_rect();
            let divider = Divider {
                id: id.with("code-column"),
                name: "Resize the code column",
            };
            // Whole points, so that the cells' edges fall on pixels.
            let widest = (visible.width() - VALUE_WIDTH).max(MIN_CODE_WIDTH);
            let fit = |width: f32| width.clamp(MIN_CODE_WIDTH, widest).round();
            let mut code_width = state
                .code_width
                .unwrap_or_else(|| default_code_width(ui, &paths, view_width));
            if let Some(x) = divider.moved_to(ui, visible.left() + code_width) {
                code_width = fit(x - visible.left());
                state.code_width = Some(code_width);
            }
            let grid = Grid {
                origin: ui.max_rect().min,
                visible,
                code_width: fit(code_width),
                sizes: SIZES,
            };
            ui.expand_to_include_rect(Rect::from_min_size(
                grid.origin,
                grid.size(codes.len(), table.scopes.len()),
            ));
            let rows = grid.visible_rows(codes.len());
            let columns = grid.visible_columns(table.scopes.len());

            // Stripes first, under everything.
            let body = Rect::from_x_y_ranges(visible.x_range(), grid.body_y());
            let painter = ui.painter().with_clip_rect(body);
            for row in rows.clone().filter(|row| row % 2 == 1) {
                painter.rect_filled(
                    Rect::from_x_y_ranges(visible.x_range(), grid.row_y(row)),
                    0.0,
                    ui.visuals().faint_bg_color,
                );
            }
            for row in rows {
                let (code, path) = (codes[row], &paths[row]);
                for column in columns.clone() {
                    let rect = Rect::from_x_y_ranges(grid.column_x(column), grid.row_y(row));
                    let mut cell = cell_ui(ui, id.with((code, column)), rect, grid.body_clip());
                    table.value_cell(&mut cell, state, actions, code, path, column);
                }
                let rect = Rect::from_x_y_ranges(grid.frozen_x(), grid.row_y(row));
                let mut cell = cell_ui(ui, id.with(code), rect, grid.frozen_clip());
                // Elided to the column; the label shows the whole path on hover and gives it
                // as its accessible name. A code whose figures need care has a mark before it.
                match table.warnings(code) {
                    Some(warnings) => {
                        cell.horizontal(|ui| {
                            warning_mark(ui, path, &warnings);
                            ui.add(Label::new(path).truncate());
                        });
                    }
                    None => {
                        cell.add(Label::new(path).truncate());
                    }
                }
            }
            for column in columns {
                let rect = Rect::from_x_y_ranges(grid.column_x(column), grid.header_y());
                let mut cell = cell_ui(ui, id.with(("header", column)), rect, grid.header_clip());
                sort_button(&mut cell, state, column + 1, &table.titles[column]);
            }
            let rect = Rect::from_x_y_ranges(grid.frozen_x(), grid.header_y());
            let mut cell = cell_ui(ui, id.with("code-header"), rect, grid.corner_clip());
            sort_button(&mut cell, state, 0, "Code");

            ui.painter().hline(
                visible.x_range(),
                grid.header_y().max,
                ui.visuals().widgets.noninteractive.bg_stroke,
            );
            divider.show(
                ui,
                grid.frozen_x().max,
                visible.y_range(),
                visible.x_range(),
            );
        });
}

/// The mark before a code whose figures need care: the warnings' marks on hover, each with
/// what happened and why it matters.
fn warning_mark(ui: &mut egui::Ui, path: &str, warnings: &[crate::agreement::usage::Warning]) {
    let marks: Vec<&str> = warnings.iter().map(|w| w.mark()).collect();
    let explanation: Vec<String> = warnings
        .iter()
        .map(|w| format!("{}: {}", w.mark(), w.explanation()))
        .collect();
    let name = format!("Warnings for {path}: {}", marks.join(", "));
    let response = ui
        .add(
            Label::new(
                RichText::new("!")
                    .strong()
                    .color(ui.visuals().warn_fg_color),
            )
            .sense(egui::Sense::hover()),
        )
        .on_hover_text(explanation.join("\n\n"));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
}

/// The values of the chosen statistic for the pair, by code and scope.
struct Table<'a> {
    project: &'a Project,
    report: &'a Report,
    metric: Metric,
    scopes: Vec<Scope>,
    /// The column titles, one per scope.
    titles: Vec<String>,
    rows: HashMap<(CodeId, Scope), &'a Row>,
}

impl<'a> Table<'a> {
    fn new(project: &'a Project, report: &'a Report, state: &CompareState) -> Self {
        let pair = [
            state.first.unwrap_or_default(),
            state.second.unwrap_or_default(),
        ];
        let mut scopes = vec![Scope::All];
        scopes.extend(report.documents.iter().map(|&d| Scope::Document(d)));
        let titles = scopes
            .iter()
            .map(|&scope| match scope {
                Scope::All => "All documents".to_string(),
                _ => agreement_report::scope_name(project, scope),
            })
            .collect();
        let metric = state.metric;
        // One pass over the report's rows, rather than a search per cell and per sort
        // comparison. The report is computed for the pair, so a row is either the pair's or
        // all coders'.
        let rows = report
            .rows
            .iter()
            .filter(|r| {
                r.metric == metric && (r.coders == pair || r.coders == report.options.coders)
            })
            .filter_map(|r| Some(((r.code?, r.scope), r)))
            .collect();
        Table {
            project,
            report,
            metric,
            scopes,
            titles,
            rows,
        }
    }

    /// The code's warnings (`agreement::usage`), if it has any.
    fn warnings(&self, code: CodeId) -> Option<Vec<crate::agreement::usage::Warning>> {
        self.report
            .usage_of(code)
            .filter(|u| !u.warnings.is_empty())
            .map(|u| u.warnings.clone())
    }

    fn value(&self, code: CodeId, scope: Scope) -> Option<&'a Value> {
        self.rows.get(&(code, scope)).map(|r| &r.value)
    }

    /// The report's codes in the order of the sort column (0: the code, then one per scope)
    /// and direction.
    fn sorted_codes(&self, (column, descending): (usize, bool)) -> Vec<CodeId> {
        let mut codes: Vec<CodeId> = self.report.options.codes.clone();
        if column > 0 {
            let scope = self.scopes[column - 1];
            codes.sort_by(|&a, &b| {
                let key = |c| self.value(c, scope).and_then(|v| v.number());
                match (key(a), key(b)) {
                    (Some(x), Some(y)) => {
                        let o = x.total_cmp(&y);
                        if descending { o.reverse() } else { o }
                    }
                    // Undefined values sort last either way.
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
            });
        } else if descending {
            codes.reverse();
        }
        codes
    }

    /// The cell of `code` in the value column `column`: clicking it opens that document's
    /// passages (for "All documents", the first document where the coders differ).
    fn value_cell(
        &self,
        ui: &mut Ui,
        state: &mut CompareState,
        actions: &mut Vec<Action>,
        code: CodeId,
        path: &str,
        column: usize,
    ) {
        let scope = self.scopes[column];
        let value = self.value(code, scope);
        let text = value.map_or_else(|| "-".to_string(), |v| format_value(self.metric, v));
        let fill = value.map_or(Color32::TRANSPARENT, |v| {
            grade_color(ui, Grade::of(self.metric, v))
        });
        let doc = match scope {
            Scope::Document(d) => Some(d),
            Scope::All => None,
        };
        let selected = state.code == Some(code) && (doc.is_none() || state.doc == doc);
        let response = ui.add(
            egui::Button::selectable(selected, text.clone())
                .fill(fill)
                .truncate()
                .min_size(egui::vec2(ui.available_width(), 0.0)),
        );
        let name = format!("{path} in {}: {text}", self.titles[column]);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        let explanation = self
            .rows
            .get(&(code, scope))
            .and_then(|r| crate::agreement::explain::undefined_in_plain_words(r));
        let response = match explanation {
            Some(text) => response.on_hover_text(text),
            None => response.on_hover_text("Show this code's passages in the document"),
        };
        if response.clicked() {
            state.code = Some(code);
            state.doc = doc
                .or_else(|| first_disagreeing_document(self.project, state, code))
                .or(self.report.documents.first().copied());
            state.current = None;
            if let Some(doc) = state.doc {
                actions.push(Action::OpenDocument(doc));
            }
        }
    }
}

/// A column title that sorts by the column when clicked (again: the other way).
fn sort_button(ui: &mut Ui, state: &mut CompareState, column: usize, title: &str) {
    let arrow = match state.sort {
        (c, false) if c == column => " ^",
        (c, true) if c == column => " v",
        _ => "",
    };
    let name = format!("Sort by {title}");
    let response = ui
        .add(
            egui::Button::new(RichText::new(format!("{title}{arrow}")).strong())
                .frame(false)
                .truncate(),
        )
        .on_hover_text(&name);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    if response.clicked() {
        state.sort = (column, state.sort.0 == column && !state.sort.1);
    }
}

/// Wide enough for the longest path, but not more than a share of the view.
fn default_code_width(ui: &Ui, paths: &[String], view_width: f32) -> f32 {
    let font = TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let longest = paths
        .iter()
        .map(|p| ui.fonts_mut(|f| f.layout_no_wrap(p.clone(), font.clone(), color).size().x))
        .fold(0.0, f32::max);
    (longest + 2.0 * CELL_PADDING.x + 2.0).clamp(
        MIN_CODE_WIDTH,
        (view_width * DEFAULT_CODE_SHARE).max(MIN_CODE_WIDTH),
    )
}

fn grade_color(ui: &Ui, grade: Grade) -> Color32 {
    let dark = ui.visuals().dark_mode;
    let (r, g, b) = match grade {
        Grade::Undefined => return Color32::TRANSPARENT,
        Grade::Poor => (230, 120, 120),
        Grade::Fair => (235, 170, 110),
        Grade::Moderate => (230, 210, 110),
        Grade::Substantial => (170, 215, 120),
        Grade::AlmostPerfect => (110, 195, 110),
    };
    Color32::from_rgba_unmultiplied(r, g, b, if dark { 90 } else { 150 })
}

/// The first document (in project order) where the two coders differ on the code.
fn first_disagreeing_document(
    project: &Project,
    state: &CompareState,
    code: CodeId,
) -> Option<DocId> {
    let (first, second) = (state.first?, state.second?);
    let codes = state.codes_of(project, code);
    project.documents.iter().map(|d| d.id).find(|&doc| {
        adjudication::passages(project, doc, &codes, first, second)
            .iter()
            .any(|p| !p.agrees())
    })
}
