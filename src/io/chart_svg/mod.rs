//! A bar chart ([`ChartData`]) as an SVG image: the title, the value axis with its grid lines and
//! ticks, the category labels, the bars (each with a `<title>`, the tooltip a browser shows) and
//! the legend. Written by hand from the data the window draws, so the file holds exactly the
//! chart's numbers (each bar also carries them as `data-` attributes).
//!
//! Labels are measured with the font the PNG export draws them in (Noto Sans, built in) and
//! shortened with "…" to fit; a viewer without that font substitutes a similar one. Every text
//! from the project is escaped, and characters XML cannot carry are left out.

use crate::analysis::frequencies::ChartData;
use crate::model::Color;
use std::fmt::Write as _;

#[cfg(test)]
mod tests;
mod text;

use text::Fonts;
pub use text::escape;

/// The font the labels are measured in, and the ones a viewer should use instead.
pub const FONT_FAMILY: &str = "Noto Sans";
const FONT_FALLBACKS: &str = "'Noto Sans', 'DejaVu Sans', Arial, sans-serif";
const TEXT: f32 = 13.0;
const TITLE: f32 = 17.0;
const MARGIN: f32 = 16.0;
/// Between the plot and the legend.
const GAP: f32 = 28.0;
const LEGEND_ROW: f32 = 20.0;
const SWATCH: f32 = 12.0;
/// The thickest a bar is drawn.
const MAX_BAR: f32 = 64.0;
/// The longest a category label may be before it is shortened.
const MAX_LABEL: f32 = 220.0;
const MAX_LEGEND_LABEL: f32 = 220.0;
/// The slant of category labels too wide for their place under a vertical bar.
const LABEL_SLANT_DEGREES: f32 = 40.0;
const INK: &str = "#222222";
const AXIS: &str = "#555555";
const GRID: &str = "#e2e2e2";

/// The ticks of a value axis from 0 past `max`: steps of 1, 2 or 5 × 10ⁿ, about five of them;
/// whole steps for whole numbers.
pub fn nice_ticks(max: f64, whole_numbers: bool) -> Vec<f64> {
    if max <= 0.0 || !max.is_finite() {
        return vec![0.0, 1.0];
    }
    let mut step = round_step(max / 5.0);
    if whole_numbers {
        step = step.max(1.0).round();
    }
    let intervals = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=intervals).map(|i| i as f64 * step).collect()
}

/// The smallest of 1, 2 or 5 × 10ⁿ that is at least `at_least` (1 for nothing sensible).
pub fn round_step(at_least: f64) -> f64 {
    if !(at_least.is_finite() && at_least > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(at_least.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&step| step >= at_least)
        .unwrap_or(10.0 * magnitude)
}

fn tick_text(value: f64, step: f64) -> String {
    if step >= 1.0 || value == 0.0 {
        format!("{value:.0}")
    } else {
        let decimals = (-step.log10()).ceil().max(0.0) as usize;
        format!("{value:.decimals$}")
    }
}

fn hex(color: Color) -> String {
    color.to_string()
}

/// The colour a bar's outline is drawn in: its fill, darker.
fn darker(color: Color) -> Color {
    let d = |v: u8| (f32::from(v) * 0.65) as u8;
    Color::rgb(d(color.r), d(color.g), d(color.b))
}

fn px(value: f32) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    format!("{rounded}")
}

/// Where the plot is and how values and categories map into it.
struct Frame {
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    /// The largest value on the value axis (the last tick).
    top_value: f64,
    /// The room each category takes along the category axis.
    band: f32,
    horizontal: bool,
}

impl Frame {
    /// The rectangle (x, y, width, height) of a bar of category `category` from `from` to `to`,
    /// `offset..offset + thickness` across its band.
    fn bar(&self, category: usize, offset: f32, thickness: f32, from: f64, to: f64) -> [f32; 4] {
        let along = category as f32 * self.band + offset;
        if self.horizontal {
            let x0 = self.left + self.value_length(from);
            let x1 = self.left + self.value_length(to);
            [x0, self.top + along, x1 - x0, thickness]
        } else {
            let bottom = self.top + self.height;
            let y0 = bottom - self.value_length(from);
            let y1 = bottom - self.value_length(to);
            [self.left + along, y1, thickness, y0 - y1]
        }
    }

    fn value_length(&self, value: f64) -> f32 {
        let extent = if self.horizontal {
            self.width
        } else {
            self.height
        };
        (value / self.top_value) as f32 * extent
    }
}

/// The chart as an SVG document (UTF-8 text).
pub fn to_svg(chart: &ChartData) -> String {
    let fonts = Fonts::new();
    if chart.categories.is_empty() || chart.series.is_empty() {
        return empty_chart(chart, &fonts);
    }
    let horizontal = chart.style.horizontal;
    let ticks = nice_ticks(chart.max_bar(), chart.whole_numbers);
    let step = ticks[1] - ticks[0];
    let tick_texts: Vec<String> = ticks.iter().map(|&t| tick_text(t, step)).collect();
    let tick_width = tick_texts
        .iter()
        .map(|t| fonts.width(t, TEXT))
        .fold(0.0, f32::max);
    let legend: Vec<String> = chart
        .series
        .iter()
        .map(|s| fonts.fit(&s.name, TEXT, MAX_LEGEND_LABEL))
        .collect();
    let legend_width = SWATCH
        + 6.0
        + legend
            .iter()
            .map(|l| fonts.width(l, TEXT))
            .fold(0.0, f32::max);
    let labels: Vec<String> = chart
        .categories
        .iter()
        .map(|c| fonts.fit(c, TEXT, MAX_LABEL))
        .collect();
    let label_width = labels
        .iter()
        .map(|l| fonts.width(l, TEXT))
        .fold(0.0, f32::max);
    let categories = chart.categories.len();
    let series = chart.series.len();
    let plot_top = MARGIN + TITLE + 28.0;
    let slant = LABEL_SLANT_DEGREES.to_radians();

    // The plot's frame, the labels' slant (vertical bars only) and the image's size.
    let (frame, slanted, width, height) = if horizontal {
        let band = if chart.style.stacked {
            28.0
        } else {
            (series as f32 * 14.0 + 10.0).max(28.0)
        };
        let left = MARGIN + label_width + 10.0;
        let plot_width = 560.0;
        let plot_height = band * categories as f32;
        let frame = Frame {
            left,
            top: plot_top,
            width: plot_width,
            height: plot_height,
            top_value: *ticks.last().expect("two ticks or more"),
            band,
            horizontal,
        };
        let width = left + plot_width + GAP + legend_width + MARGIN;
        let height = (plot_top + plot_height + 2.0 * TEXT + 18.0 + MARGIN)
            .max(plot_top + series as f32 * LEGEND_ROW + MARGIN);
        (frame, false, width, height)
    } else {
        let min_band = if chart.style.stacked {
            40.0
        } else {
            (series as f32 * 10.0 + 14.0).max(40.0)
        };
        let plot_width = (categories as f32 * min_band).max(560.0);
        let band = plot_width / categories as f32;
        let slanted = label_width > band - 6.0;
        let mut left = MARGIN + TEXT * 1.6 + tick_width + 8.0;
        if slanted {
            // The first label runs left of its bar.
            left = left.max(MARGIN + label_width * slant.cos() - band / 2.0);
        }
        let label_depth = if slanted {
            label_width * slant.sin() + TEXT
        } else {
            TEXT + 2.0
        } + 10.0;
        let plot_height = 340.0;
        let frame = Frame {
            left,
            top: plot_top,
            width: plot_width,
            height: plot_height,
            top_value: *ticks.last().expect("two ticks or more"),
            band,
            horizontal,
        };
        let width = left + plot_width + GAP + legend_width + MARGIN;
        let height = (plot_top + plot_height + label_depth + TEXT + 12.0 + MARGIN)
            .max(plot_top + series as f32 * LEGEND_ROW + MARGIN);
        (frame, slanted, width, height)
    };
    let (width, height) = (width.ceil(), height.ceil());

    let mut svg = String::new();
    let _ = writeln!(svg, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT_FALLBACKS}" font-size="{TEXT}">"#,
        w = px(width),
        h = px(height),
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(&chart.title));
    let _ = writeln!(svg, "<desc>{}</desc>", escape(&chart.summary()));
    let _ = writeln!(
        svg,
        r##"<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
        px(width),
        px(height)
    );
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="{}" font-size="{TITLE}" fill="{INK}">{}</text>"#,
        px(MARGIN),
        px(MARGIN + TITLE),
        escape(&fonts.fit(&chart.title, TITLE, width - 2.0 * MARGIN))
    );

    // Grid lines and tick labels along the value axis.
    let _ = writeln!(svg, r#"<g class="value-axis">"#);
    for (tick, text) in ticks.iter().zip(&tick_texts) {
        let length = frame.value_length(*tick);
        if horizontal {
            let x = px(frame.left + length);
            let _ = writeln!(
                svg,
                r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{GRID}"/>"#,
                px(frame.top),
                px(frame.top + frame.height),
            );
            let _ = writeln!(
                svg,
                r#"<text x="{x}" y="{}" text-anchor="middle" fill="{AXIS}">{}</text>"#,
                px(frame.top + frame.height + TEXT + 4.0),
                escape(text)
            );
        } else {
            let y = px(frame.top + frame.height - length);
            let _ = writeln!(
                svg,
                r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{GRID}"/>"#,
                px(frame.left),
                px(frame.left + frame.width),
            );
            let _ = writeln!(
                svg,
                r#"<text x="{}" y="{y}" dy="0.35em" text-anchor="end" fill="{AXIS}">{}</text>"#,
                px(frame.left - 6.0),
                escape(text)
            );
        }
    }
    // The value axis's name.
    if horizontal {
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="middle" fill="{INK}">{}</text>"#,
            px(frame.left + frame.width / 2.0),
            px(frame.top + frame.height + 2.0 * TEXT + 12.0),
            escape(&chart.value_label)
        );
    } else {
        // Beside the tick labels, however far the plot is pushed right.
        let x = px(frame.left - tick_width - 10.0 - TEXT * 0.4);
        let y = px(frame.top + frame.height / 2.0);
        let _ = writeln!(
            svg,
            r#"<text x="{x}" y="{y}" transform="rotate(-90 {x} {y})" text-anchor="middle" fill="{INK}">{}</text>"#,
            escape(&chart.value_label)
        );
    }
    let _ = writeln!(svg, "</g>");

    // The bars.
    let _ = writeln!(svg, r#"<g class="bars">"#);
    for category in 0..categories {
        let mut stacked_to = 0.0;
        for (s, one) in chart.series.iter().enumerate() {
            let value = one.values[category];
            // Centred in the band, and no fatter than a bar needs to be.
            let (offset, thickness, from) = if chart.style.stacked {
                let thickness = (frame.band * 0.6).min(MAX_BAR);
                ((frame.band - thickness) / 2.0, thickness, stacked_to)
            } else {
                let group = (frame.band * 0.8).min(MAX_BAR * series as f32);
                let thickness = group / series as f32;
                (
                    (frame.band - group) / 2.0 + s as f32 * thickness,
                    (thickness - 1.0).max(1.0),
                    0.0,
                )
            };
            let to = from + value;
            stacked_to = to;
            if value <= 0.0 {
                continue;
            }
            let [x, y, w, h] = frame.bar(category, offset, thickness, from, to);
            let _ = writeln!(
                svg,
                r#"<rect class="bar" data-series="{s}" data-category="{category}" data-value="{value}" x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="0.75"><title>{}</title></rect>"#,
                px(x),
                px(y),
                px(w),
                px(h),
                hex(one.color),
                hex(darker(one.color)),
                escape(&chart.bar_text(s, category))
            );
        }
    }
    let _ = writeln!(svg, "</g>");

    // The axes' lines, over the bars' ends.
    let (left, top) = (frame.left, frame.top);
    let (right, bottom) = (left + frame.width, top + frame.height);
    let _ = writeln!(
        svg,
        r#"<path class="axes" d="M{} {}V{}H{}" fill="none" stroke="{AXIS}"/>"#,
        px(left),
        px(top),
        px(bottom),
        px(right)
    );

    // Category labels and the category axis's name.
    let _ = writeln!(svg, r#"<g class="category-axis">"#);
    for (category, label) in labels.iter().enumerate() {
        let centre = (category as f32 + 0.5) * frame.band;
        let title = escape(&chart.categories[category]);
        if horizontal {
            let _ = writeln!(
                svg,
                r#"<text x="{}" y="{}" dy="0.35em" text-anchor="end" fill="{INK}"><title>{title}</title>{}</text>"#,
                px(left - 8.0),
                px(top + centre),
                escape(label)
            );
        } else if slanted {
            let x = px(left + centre);
            let y = px(bottom + TEXT);
            let _ = writeln!(
                svg,
                r#"<text x="{x}" y="{y}" transform="rotate(-{LABEL_SLANT_DEGREES} {x} {y})" text-anchor="end" fill="{INK}"><title>{title}</title>{}</text>"#,
                escape(label)
            );
        } else {
            let _ = writeln!(
                svg,
                r#"<text x="{}" y="{}" text-anchor="middle" fill="{INK}"><title>{title}</title>{}</text>"#,
                px(left + centre),
                px(bottom + TEXT + 4.0),
                escape(label)
            );
        }
    }
    if horizontal {
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{}" fill="{INK}">{}</text>"#,
            px(MARGIN),
            px(top - 10.0),
            escape(&chart.category_label)
        );
    } else {
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="middle" fill="{INK}">{}</text>"#,
            px(left + frame.width / 2.0),
            px(height - MARGIN),
            escape(&chart.category_label)
        );
    }
    let _ = writeln!(svg, "</g>");

    // The legend, right of the plot.
    let _ = writeln!(svg, r#"<g class="legend">"#);
    let legend_left = right + GAP;
    for (s, (one, label)) in chart.series.iter().zip(&legend).enumerate() {
        let y = top + s as f32 * LEGEND_ROW;
        let _ = writeln!(
            svg,
            r#"<rect x="{}" y="{}" width="{SWATCH}" height="{SWATCH}" fill="{}" stroke="{}" stroke-width="0.75"/>"#,
            px(legend_left),
            px(y),
            hex(one.color),
            hex(darker(one.color))
        );
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{}" dy="0.35em" fill="{INK}"><title>{}</title>{}</text>"#,
            px(legend_left + SWATCH + 6.0),
            px(y + SWATCH / 2.0),
            escape(&one.name),
            escape(label)
        );
    }
    let _ = writeln!(svg, "</g>");
    let _ = writeln!(svg, "</svg>");
    svg
}

/// A chart with nothing to draw: its title and a line saying so.
fn empty_chart(chart: &ChartData, fonts: &Fonts) -> String {
    let (width, height) = (640.0, 120.0);
    let mut svg = String::new();
    let _ = writeln!(svg, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT_FALLBACKS}" font-size="{TEXT}">"#
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(&chart.title));
    let _ = writeln!(
        svg,
        r##"<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        svg,
        r#"<text x="{MARGIN}" y="{}" font-size="{TITLE}" fill="{INK}">{}</text>"#,
        MARGIN + TITLE,
        escape(&fonts.fit(&chart.title, TITLE, width - 2.0 * MARGIN))
    );
    let _ = writeln!(
        svg,
        r#"<text x="{MARGIN}" y="{}" fill="{AXIS}">Nothing to chart.</text>"#,
        MARGIN + TITLE + 40.0
    );
    let _ = writeln!(svg, "</svg>");
    svg
}
