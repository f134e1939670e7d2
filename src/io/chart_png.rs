//! A bar chart as a PNG image: its SVG ([`chart_svg::to_svg`]) rasterised with resvg, at twice
//! its size (crisp in print and on high-density screens).
//!
//! Why the SVG is rasterised rather than the window's plot captured (egui's
//! `ViewportCommand::Screenshot`, cropped to the plot's rectangle):
//! - **the same picture**: the PNG is the SVG pixel for pixel (same layout, same labels, same
//!   legend), and neither depends on the window: not on the pane's size (a narrow pane would
//!   give a cramped image), the theme (a dark image in a report), the pointer hovering a bar, the
//!   pane being scrolled or hidden behind another tab, nor the screen's scale;
//! - **off the frame**: it is made in the export job from the chart's data alone, while a
//!   screenshot needs a rendered frame and a round trip through the renderer (and
//!   `ViewportCommand::Screenshot` answers only where the renderer supports it, which headless
//!   tests and some backends do not);
//! - **testable**: the tests decode the PNG and check its size; a screenshot in the headless
//!   test harness needs egui_kittest's wgpu renderer, which the tests do not build.
//!
//! The cost: resvg 0.49 (with usvg, fontdb and tiny-skia; its text shaping, harfrust and
//! skrifa, is the one egui already builds). Text is drawn with the built-in Noto Sans and Noto
//! Sans Arabic only (no system fonts are searched: the image looks the same on every machine);
//! characters neither has (CJK, say) are left out of the image, and stay whole in the SVG.
//! Measured on the sample project's charts in a debug build (dependencies unoptimised, as the
//! tests run): 1–6 ms for the SVG, 0.9–1.3 s for a PNG of about 1700 × 900 pixels. It runs in
//! the export job, so it never holds up a frame.

use crate::analysis::frequencies::ChartData;
use crate::assets::{NOTO_SANS, NOTO_SANS_ARABIC};
use crate::io::chart_svg;
use resvg::{tiny_skia, usvg};

/// How many pixels a point of the SVG becomes.
pub const SCALE: f32 = 2.0;

/// The chart as PNG bytes.
pub fn to_png(chart: &ChartData) -> Result<Vec<u8>, String> {
    svg_to_png(&chart_svg::to_svg(chart), SCALE)
}

/// An SVG document rasterised at `scale` pixels per point, as PNG bytes.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    let mut options = usvg::Options {
        font_family: chart_svg::FONT_FAMILY.to_string(),
        ..Default::default()
    };
    let fonts = options.fontdb_mut();
    fonts.load_font_data(NOTO_SANS.to_vec());
    fonts.load_font_data(NOTO_SANS_ARABIC.to_vec());
    fonts.set_sans_serif_family(chart_svg::FONT_FAMILY);
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("not an image: {e}"))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or("the image would have no pixels")?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| format!("an image of {} × {} pixels", size.width(), size.height()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode the image: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::frequencies::{ChartStyle, Series};
    use crate::model::Color;

    fn chart() -> ChartData {
        ChartData {
            title: "Codings per code by document".into(),
            value_label: "Codings".into(),
            category_label: "Code".into(),
            categories: vec!["Push factors".into(), "Қазақ тілі".into()],
            series: vec![Series {
                name: "interview.txt".into(),
                color: Color::from_palette(4),
                values: vec![12.0, 30.0],
            }],
            style: ChartStyle::default(),
            whole_numbers: true,
            unit: ("coding".into(), "codings".into()),
        }
    }

    /// The SVG's declared size in points.
    fn svg_size(svg: &str) -> (f32, f32) {
        let number = |key: &str| -> f32 {
            let at = svg.find(&format!(" {key}=\"")).unwrap() + key.len() + 3;
            svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
        };
        (number("width"), number("height"))
    }

    #[test]
    fn the_png_is_the_svg_at_twice_its_size_with_bars_and_text_drawn() {
        let data = chart();
        let svg = chart_svg::to_svg(&data);
        let (width, height) = svg_size(&svg);
        let png = to_png(&data).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let image = tiny_skia::Pixmap::decode_png(&png).unwrap();
        assert_eq!(
            (image.width(), image.height()),
            ((width * SCALE) as u32, (height * SCALE) as u32)
        );
        assert!(image.width() > 1000 && image.height() > 700);
        // The bars' colour is there (a large area of it), and so is dark ink (text, axes).
        let bar = data.series[0].color;
        let pixels = image.pixels();
        let of_bar = pixels
            .iter()
            .filter(|p| (p.red(), p.green(), p.blue()) == (bar.r, bar.g, bar.b))
            .count();
        assert!(of_bar > 20_000, "{of_bar} pixels of the bars' colour");
        let ink = pixels
            .iter()
            .filter(|p| p.red() < 80 && p.green() < 80 && p.blue() < 80)
            .count();
        assert!(ink > 2_000, "{ink} dark pixels");
        // White all round: the background is painted.
        assert_eq!(pixels[0].red(), 255);
    }

    #[test]
    fn text_in_the_image_is_drawn_with_the_built_in_font() {
        // Two images differing only in a label differ in pixels: the text is really drawn.
        let mut other = chart();
        other.categories[1] = "Другое".into();
        let a = tiny_skia::Pixmap::decode_png(&to_png(&chart()).unwrap()).unwrap();
        let b = tiny_skia::Pixmap::decode_png(&to_png(&other).unwrap()).unwrap();
        assert_eq!((a.width(), a.height()), (b.width(), b.height()));
        let differing = a
            .pixels()
            .iter()
            .zip(b.pixels())
            .filter(|(p, q)| p != q)
            .count();
        assert!(differing > 100, "{differing} pixels differ");
    }

    #[test]
    fn what_is_not_an_svg_is_an_error() {
        assert!(
            svg_to_png("<svg", 1.0)
                .unwrap_err()
                .starts_with("not an image")
        );
    }
}
