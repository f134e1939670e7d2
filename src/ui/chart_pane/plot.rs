//! A [`ChartData`] drawn with egui_plot: one `BarChart` per series in its colour (side by side
//! within a category, or stacked), the categories' names on their axis, a legend (click a name
//! to hide its bars), and hovering a bar names it with its exact value. The plot does not pan
//! or zoom: it always shows the whole chart.

use crate::analysis::frequencies::ChartData;
use crate::io::chart_svg::round_step;
use crate::model::Color;
use egui::{Color32, Stroke, Ui};
use egui_plot::{Axis, AxisHints, Bar, BarChart, Corner, GridInput, GridMark, Legend, Plot};
use std::ops::RangeInclusive;
use std::sync::Arc;

/// The most characters of a category's name shown on the axis (all of it shows on hover).
const MAX_NAME_CHARS: usize = 32;
/// Room around a name under an upright bar.
const NAME_PADDING: f32 = 10.0;
/// The legend's width beyond its longest name: the colour box, margins and frame.
const LEGEND_EXTRA: f32 = 40.0;

fn color32(color: Color) -> Color32 {
    Color32::from_rgb(color.r, color.g, color.b)
}

/// A bar's outline: its fill, darker.
fn outline(color: Color) -> Color32 {
    let d = |v: u8| (f32::from(v) * 0.65) as u8;
    Color32::from_rgb(d(color.r), d(color.g), d(color.b))
}

fn text_width(ui: &Ui, text: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    ui.ctx()
        .fonts_mut(|f| f.layout_no_wrap(text.to_owned(), font, Color32::WHITE))
        .size()
        .x
}

/// A category's name shortened to `MAX_NAME_CHARS` characters.
fn short_name(name: &str) -> String {
    crate::wording::one_line(name, MAX_NAME_CHARS)
}

/// Whether the categories' names are too wide to stand under upright bars in the width left.
pub(super) fn names_too_wide_for_columns(ui: &Ui, chart: &ChartData) -> bool {
    let categories = chart.categories.len().max(1) as f32;
    // The value axis's labels take some of the width.
    let column = (ui.available_width() - 80.0) / categories;
    chart
        .categories
        .iter()
        .any(|name| text_width(ui, &short_name(name)) + NAME_PADDING > column)
}

/// Where category `index` of `count` sits on its axis: left to right, or top to bottom.
fn position(index: usize, count: usize, horizontal: bool) -> f64 {
    if horizontal {
        (count - 1 - index) as f64
    } else {
        index as f64
    }
}

/// The category at `at` on its axis (within a band of ±0.5 of its position).
fn category_at(at: f64, count: usize, horizontal: bool) -> Option<usize> {
    let k = at.round();
    if k < 0.0 || k >= count as f64 {
        return None;
    }
    let k = k as usize;
    Some(if horizontal { count - 1 - k } else { k })
}

/// The bars of each series, in order.
fn bar_charts(chart: &Arc<ChartData>) -> Vec<BarChart> {
    let count = chart.categories.len();
    let series = chart.series.len();
    let horizontal = chart.style.horizontal;
    let mut stacked_to = vec![0.0; count];
    let mut charts = Vec::with_capacity(series);
    for (s, one) in chart.series.iter().enumerate() {
        let mut bars = Vec::new();
        for (c, &value) in one.values.iter().enumerate() {
            let at = position(c, count, horizontal);
            let mut bar = if chart.style.stacked {
                let bar = Bar::new(at, value).width(0.6).base_offset(stacked_to[c]);
                stacked_to[c] += value;
                bar
            } else {
                let width = 0.85 / series as f64;
                Bar::new(at - 0.425 + width * (s as f64 + 0.5), value).width(width * 0.9)
            };
            bar = bar.name(&chart.categories[c]);
            // A zero is drawn as nothing, but kept: hovering there says 0, and a series with
            // no bar at all still has its place in the legend (egui_plot leaves out a chart
            // without bars).
            bar = if value > 0.0 {
                bar.fill(color32(one.color))
                    .stroke(Stroke::new(1.0, outline(one.color)))
            } else {
                bar.fill(Color32::TRANSPARENT)
                    .stroke(Stroke::new(0.0, outline(one.color)))
            };
            bars.push(bar);
        }
        let data = Arc::clone(chart);
        let mut bars = BarChart::new(one.name.clone(), bars)
            .id(("chart-series", s))
            .color(color32(one.color))
            .element_formatter(Box::new(move |bar: &Bar, _: &BarChart| {
                match category_at(bar.argument, data.categories.len(), data.style.horizontal) {
                    Some(c) => data.bar_text(s, c),
                    None => String::new(),
                }
            }));
        if horizontal {
            bars = bars.horizontal();
        }
        charts.push(bars);
    }
    charts
}

/// The category axis: a mark and a name at each category.
fn category_axis<'a>(chart: &ChartData, axis: Axis) -> AxisHints<'a> {
    let count = chart.categories.len();
    let horizontal = chart.style.horizontal;
    let names: Vec<String> = chart.categories.iter().map(|n| short_name(n)).collect();
    AxisHints::new(axis)
        .label(chart.category_label.clone())
        .formatter(move |mark: GridMark, _range: &RangeInclusive<f64>| {
            if (mark.value - mark.value.round()).abs() > 1e-6 {
                return String::new();
            }
            category_at(mark.value, count, horizontal)
                .map(|c| names[c].clone())
                .unwrap_or_default()
        })
        // Names show as long as they fit, however close the categories are.
        .label_spacing(8.0..=10.0)
}

/// Marks at the categories' positions.
fn category_marks(count: usize) -> impl Fn(GridInput) -> Vec<GridMark> {
    move |input: GridInput| {
        let (low, high) = input.bounds;
        (0..count)
            .map(|k| k as f64)
            .filter(|&v| v >= low && v <= high)
            .map(|value| GridMark {
                value,
                step_size: 1.0,
            })
            .collect()
    }
}

/// Grid lines along the value axis at round steps some 64 points apart or more (one kind of
/// line, not egui_plot's three: a chart of counts needs no tenths).
fn value_marks(whole_numbers: bool) -> impl Fn(GridInput) -> Vec<GridMark> {
    move |input: GridInput| {
        // `base_step_size` is the value of 8 points.
        let mut step = round_step(input.base_step_size * 8.0);
        if whole_numbers {
            step = step.max(1.0);
        }
        let (low, high) = input.bounds;
        let first = (low / step).ceil() as i64;
        let last = (high / step).floor() as i64;
        (first..=last.min(first + 1000))
            .map(|k| GridMark {
                value: k as f64 * step,
                step_size: step,
            })
            .collect()
    }
}

/// The value axis: numbers (whole ones only, for counts).
fn value_axis<'a>(chart: &ChartData, axis: Axis) -> AxisHints<'a> {
    let whole = chart.whole_numbers;
    AxisHints::new(axis)
        .label(chart.value_label.clone())
        .formatter(move |mark: GridMark, _range: &RangeInclusive<f64>| {
            if whole {
                if mark.value.fract().abs() > 1e-9 || mark.value < 0.0 {
                    String::new()
                } else {
                    format!("{:.0}", mark.value)
                }
            } else {
                let decimals = (-mark.step_size.log10()).ceil().max(0.0) as usize;
                format!("{:.*}", decimals, mark.value)
            }
        })
        .label_spacing(40.0..=50.0)
}

/// `Bar chart: codings per code by coder`.
pub(super) fn accessible_name(chart: &ChartData) -> String {
    let mut title = chart.title.chars();
    let first = title.next().map(|c| c.to_lowercase().collect::<String>());
    format!("Bar chart: {}{}", first.unwrap_or_default(), title.as_str())
}

/// Draw `chart`; `fresh`: it differs from the chart drawn before, so the plot starts afresh.
pub(super) fn show(ui: &mut Ui, chart: &Arc<ChartData>, fresh: bool) {
    let count = chart.categories.len();
    let horizontal = chart.style.horizontal;
    // The legend sits in the plot's top right corner: the bars end left of it.
    let legend = chart
        .series
        .iter()
        .map(|s| text_width(ui, &s.name))
        .fold(0.0, f32::max)
        + LEGEND_EXTRA;
    // The plot's width: the pane's, less the axis on the left (numbers, or lying bars' names).
    let left_axis = if horizontal {
        chart
            .categories
            .iter()
            .map(|name| text_width(ui, &short_name(name)))
            .fold(0.0, f32::max)
            + 30.0
    } else {
        60.0
    };
    let plot_width = (ui.available_width() - left_axis).max(1.0);
    let room = f64::from((legend / plot_width).clamp(0.0, 0.5));
    let mut top = (chart.max_bar() * 1.08).max(1.0);
    let (first, mut last) = (-0.6, count as f64 - 0.4);
    if horizontal {
        top /= 1.0 - room;
    } else {
        last += (last - first) * room / (1.0 - room);
    }
    let (category, value) = if horizontal {
        (Axis::Y, Axis::X)
    } else {
        (Axis::X, Axis::Y)
    };
    let mut plot = Plot::new("code-frequency-chart")
        .legend(
            Legend::default()
                .position(Corner::RightTop)
                .follow_insertion_order(true),
        )
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_crosshair(false)
        .min_size(egui::vec2(240.0, 180.0));
    plot = if horizontal {
        plot.default_x_bounds(0.0, top)
            .default_y_bounds(first, last)
            .custom_x_axes(vec![value_axis(chart, value)])
            .custom_y_axes(vec![category_axis(chart, category)])
            .x_grid_spacer(value_marks(chart.whole_numbers))
            .y_grid_spacer(category_marks(count))
            .show_grid([true, false])
    } else {
        plot.default_x_bounds(first, last)
            .default_y_bounds(0.0, top)
            .custom_x_axes(vec![category_axis(chart, category)])
            .custom_y_axes(vec![value_axis(chart, value)])
            .x_grid_spacer(category_marks(count))
            .y_grid_spacer(value_marks(chart.whole_numbers))
            .show_grid([false, true])
    };
    if fresh {
        plot = plot.reset();
    }
    let bars = bar_charts(chart);
    let response = plot
        .show(ui, move |plot_ui| {
            for series in bars {
                plot_ui.bar_chart(series);
            }
        })
        .response;
    let name = accessible_name(chart);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &name));
    let summary = chart.summary();
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_description(summary));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_marks_are_round_and_whole_for_counts() {
        let marks = value_marks(true)(GridInput {
            bounds: (-0.5, 13.0),
            base_step_size: 0.3,
        });
        let values: Vec<f64> = marks.iter().map(|m| m.value).collect();
        assert_eq!(values, [0.0, 5.0, 10.0]);
    }

    #[test]
    fn categories_run_top_to_bottom_when_lying() {
        assert_eq!(position(0, 3, true), 2.0);
        assert_eq!(category_at(2.0, 3, true), Some(0));
        assert_eq!(category_at(0.3, 3, false), Some(0));
        assert_eq!(category_at(-0.7, 3, false), None);
        assert_eq!(category_at(3.0, 3, false), None);
    }
}
