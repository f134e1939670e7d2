//! A bar chart ([`ChartData`]) as an SVG image: the title, the value axis with its grid lines and
//! ticks, the category labels, the bars (each with a `<title>`, the tooltip a browser shows) and
//! the legend. Written by hand from the data the window draws, so the file holds exactly the
//! chart's numbers (each bar also carries them as `data-` attributes).
//!
//! Labels are measured with the font the PNG export draws them in (Noto Sans, built in) and
//! shortened with "…" to fit; a viewer without that font substitutes a similar one. Every text
//! from the project is escaped, and characters XML cannot carry are left out.

use crate::analysis::frequencies::ChartData;
use crate::assets::{NOTO_SANS, NOTO_SANS_ARABIC};
use crate::model::Color;
use std::fmt::Write as _;

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

/// Text widths in the built-in fonts.
struct Fonts {
    faces: Vec<ttf_parser::Face<'static>>,
}

impl Fonts {
    fn new() -> Fonts {
        Fonts {
            faces: [NOTO_SANS, NOTO_SANS_ARABIC]
                .into_iter()
                .filter_map(|data| ttf_parser::Face::parse(data, 0).ok())
                .collect(),
        }
    }

    /// The advance of `text` at `size` (no kerning: a little wide, never narrow by much).
    fn width(&self, text: &str, size: f32) -> f32 {
        let ems: f32 = text
            .chars()
            .map(|c| {
                self.faces
                    .iter()
                    .find_map(|face| {
                        let glyph = face.glyph_index(c)?;
                        let advance = face.glyph_hor_advance(glyph)?;
                        Some(f32::from(advance) / f32::from(face.units_per_em()))
                    })
                    .unwrap_or(0.6)
            })
            .sum();
        ems * size
    }

    /// `text`, shortened with "…" if it is wider than `max`.
    fn fit(&self, text: &str, size: f32, max: f32) -> String {
        if self.width(text, size) <= max {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut keep = chars.len();
        while keep > 0 {
            keep -= 1;
            let candidate: String = chars[..keep]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string()
                + "…";
            if self.width(&candidate, size) <= max {
                return candidate;
            }
        }
        "…".to_string()
    }
}

/// `text` for XML content or a double-quoted attribute: markup characters as entities, line
/// breaks and tabs as spaces, other control characters (which XML 1.0 cannot carry) left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::frequencies::{ChartStyle, Series};
    use quick_xml::events::Event;

    /// An element of the SVG as a reader sees it: name, attributes, text (entities resolved).
    #[derive(Debug)]
    struct Element {
        name: String,
        attributes: Vec<(String, String)>,
        text: String,
        parent: Option<usize>,
    }

    impl Element {
        fn get(&self, key: &str) -> Option<&str> {
            self.attributes
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        }

        fn number(&self, key: &str) -> f64 {
            self.get(key).unwrap().parse().unwrap()
        }
    }

    /// Every element of `svg`, read with quick-xml; panics on XML that is not well-formed.
    fn parse(svg: &str) -> Vec<Element> {
        let mut reader = quick_xml::Reader::from_str(svg);
        reader.config_mut().expand_empty_elements = true;
        let mut elements: Vec<Element> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(start) => {
                    let attributes = start
                        .attributes()
                        .map(|a| {
                            let a = a.expect("a well-formed attribute");
                            let value = a
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned();
                            (String::from_utf8(a.key.as_ref().to_vec()).unwrap(), value)
                        })
                        .collect();
                    elements.push(Element {
                        name: String::from_utf8(start.name().as_ref().to_vec()).unwrap(),
                        attributes,
                        text: String::new(),
                        parent: open.last().copied(),
                    });
                    open.push(elements.len() - 1);
                }
                Event::End(_) => {
                    open.pop();
                }
                Event::Text(text) => {
                    if let Some(&at) = open.last() {
                        elements[at].text.push_str(&text.xml10_content().unwrap());
                    }
                }
                Event::GeneralRef(reference) => {
                    let c = match reference.resolve_char_ref().unwrap() {
                        Some(c) => c,
                        None => match reference.decode().unwrap().as_ref() {
                            "lt" => '<',
                            "gt" => '>',
                            "amp" => '&',
                            "quot" => '"',
                            "apos" => '\'',
                            other => panic!("unknown entity {other}"),
                        },
                    };
                    if let Some(&at) = open.last() {
                        elements[at].text.push(c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(open.is_empty(), "unclosed elements");
        elements
    }

    fn chart(style: ChartStyle) -> ChartData {
        ChartData {
            title: "Codings per code by coder".into(),
            value_label: "Codings".into(),
            category_label: "Code".into(),
            categories: vec![
                "Push factors".into(),
                "<Fear> & \"loathing\" 'quoted'".into(),
                "Recruitment channels and networks of people abroad, online and in prisons".into(),
            ],
            series: vec![
                Series {
                    name: "Aigerim".into(),
                    color: Color::from_palette(0),
                    values: vec![12.0, 0.0, 7.0],
                },
                Series {
                    name: "Bob & Co".into(),
                    color: Color::from_palette(1),
                    values: vec![3.0, 5.0, 21.0],
                },
            ],
            style,
            whole_numbers: true,
            unit: ("coding".into(), "codings".into()),
        }
    }

    fn bars(elements: &[Element]) -> Vec<&Element> {
        elements
            .iter()
            .filter(|e| e.name == "rect" && e.get("class") == Some("bar"))
            .collect()
    }

    /// The tooltip of the element at `index`.
    fn title_of(elements: &[Element], index: usize) -> &str {
        elements
            .iter()
            .find(|e| e.name == "title" && e.parent == Some(index))
            .map(|e| e.text.as_str())
            .unwrap()
    }

    #[test]
    fn grouped_vertical_bars_have_the_values_heights_and_escaped_names() {
        let data = chart(ChartStyle::default());
        let svg = to_svg(&data);
        let elements = parse(&svg);
        let root = &elements[0];
        assert_eq!(root.name, "svg");
        let bars = bars(&elements);
        // One bar per non-zero value.
        assert_eq!(bars.len(), 5);
        // Heights are proportional to the values: one scale for every bar.
        let scale = bars[0].number("height") / bars[0].number("data-value");
        for bar in &bars {
            let value = bar.number("data-value");
            let (s, c): (usize, usize) = (
                bar.get("data-series").unwrap().parse().unwrap(),
                bar.get("data-category").unwrap().parse().unwrap(),
            );
            assert_eq!(value, data.series[s].values[c]);
            assert!(
                (bar.number("height") / value - scale).abs() < 0.01,
                "{bar:?}"
            );
            assert_eq!(
                bar.get("fill"),
                Some(data.series[s].color.to_string().as_str())
            );
            // Every bar stands on the axis.
            let bottom = bar.number("y") + bar.number("height");
            let first = bars[0].number("y") + bars[0].number("height");
            assert!((bottom - first).abs() < 0.02);
        }
        // The axis reaches past the largest value: 21 on ticks 0, 5, …, 25.
        let axis_texts: Vec<&str> = elements
            .iter()
            .filter(|e| {
                e.name == "text"
                    && e.parent
                        .is_some_and(|p| elements[p].get("class") == Some("value-axis"))
            })
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(axis_texts, ["0", "5", "10", "15", "20", "25", "Codings"]);
        // Names come back exactly as they were, markup characters and all.
        let index = elements
            .iter()
            .position(|e| e.get("data-series") == Some("1") && e.get("data-category") == Some("1"))
            .unwrap();
        assert_eq!(
            title_of(&elements, index),
            "<Fear> & \"loathing\" 'quoted', Bob & Co: 5 codings"
        );
        let in_group = |group: &str| -> Vec<usize> {
            (0..elements.len())
                .filter(|&i| {
                    elements[i].name == "text"
                        && elements[i]
                            .parent
                            .is_some_and(|p| elements[p].get("class") == Some(group))
                })
                .collect()
        };
        let labels = in_group("category-axis");
        let texts: Vec<&str> = labels.iter().map(|&i| elements[i].text.as_str()).collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert!(texts[1].starts_with("<Fear> & \"loathing\""), "{texts:?}");
        assert_eq!(texts[3], "Code");
        // The long name is shortened to fit, and kept whole in its tooltip.
        assert!(texts[2].ends_with('…') && texts[2].len() < data.categories[2].len());
        assert_eq!(title_of(&elements, labels[2]), data.categories[2]);
        let legend: Vec<&str> = in_group("legend")
            .iter()
            .map(|&i| elements[i].text.as_str())
            .collect();
        assert_eq!(legend, ["Aigerim", "Bob & Co"]);
        assert!(svg.contains("Bob &amp; Co"));
    }

    #[test]
    fn stacked_horizontal_bars_follow_each_other_along_the_value_axis() {
        let data = chart(ChartStyle {
            stacked: true,
            horizontal: true,
            ..Default::default()
        });
        let elements = parse(&to_svg(&data));
        let bars = bars(&elements);
        assert_eq!(bars.len(), 5);
        let scale = bars[0].number("width") / bars[0].number("data-value");
        for category in ["0", "2"] {
            let stack: Vec<&&Element> = bars
                .iter()
                .filter(|b| b.get("data-category") == Some(category))
                .collect();
            assert_eq!(stack.len(), 2);
            // The second series starts where the first ends, on one row.
            let end = stack[0].number("x") + stack[0].number("width");
            assert!((stack[1].number("x") - end).abs() < 0.02);
            assert_eq!(stack[0].number("y"), stack[1].number("y"));
            for bar in stack {
                assert!((bar.number("width") / bar.number("data-value") - scale).abs() < 0.01);
            }
        }
        // Stacked, the axis goes past the largest sum (7 + 21 = 28): to 30.
        let top_tick = elements
            .iter()
            .filter(|e| {
                e.name == "text"
                    && e.parent
                        .is_some_and(|p| elements[p].get("class") == Some("value-axis"))
            })
            .filter_map(|e| e.text.parse::<f64>().ok())
            .fold(0.0, f64::max);
        assert_eq!(top_tick, 30.0);
    }

    #[test]
    fn an_empty_chart_is_a_valid_image_that_says_so() {
        let mut data = chart(ChartStyle::default());
        data.categories.clear();
        data.series.clear();
        let elements = parse(&to_svg(&data));
        assert!(bars(&elements).is_empty());
        assert!(elements.iter().any(|e| e.text == "Nothing to chart."));
    }

    #[test]
    fn ticks_are_round_and_reach_past_the_largest_value() {
        assert_eq!(nice_ticks(21.0, true), [0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
        assert_eq!(nice_ticks(3.0, true), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(nice_ticks(1.0, true), [0.0, 1.0]);
        assert_eq!(nice_ticks(0.0, true), [0.0, 1.0]);
        assert_eq!(nice_ticks(1234.0, true), [0.0, 500.0, 1000.0, 1500.0]);
        assert_eq!(
            nice_ticks(0.8, false),
            [0.0, 0.2, 0.4, 0.6000000000000001, 0.8]
        );
        assert_eq!(tick_text(0.6000000000000001, 0.2), "0.6");
    }

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(round_step(0.3), 0.5);
        assert_eq!(round_step(1.0), 1.0);
        assert_eq!(round_step(1.2), 2.0);
        assert_eq!(round_step(34.0), 50.0);
        assert_eq!(round_step(0.0), 1.0);
    }

    #[test]
    fn escaping_leaves_out_what_xml_cannot_carry() {
        assert_eq!(escape("a<b>&\"c'\u{1}\td"), "a&lt;b&gt;&amp;&quot;c&#39; d");
    }
}
