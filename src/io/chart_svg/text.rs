//! Text in the chart's SVG: widths measured in the built-in fonts, labels shortened to fit, and
//! escaping for XML.

use crate::assets::{NOTO_SANS, NOTO_SANS_ARABIC};

/// Text widths in the built-in fonts.
pub(super) struct Fonts {
    faces: Vec<ttf_parser::Face<'static>>,
}

impl Fonts {
    pub(super) fn new() -> Fonts {
        Fonts {
            faces: [NOTO_SANS, NOTO_SANS_ARABIC]
                .into_iter()
                .filter_map(|data| ttf_parser::Face::parse(data, 0).ok())
                .collect(),
        }
    }

    /// The advance of `text` at `size` (no kerning: a little wide, never narrow by much).
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
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
    pub(super) fn fit(&self, text: &str, size: f32, max: f32) -> String {
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

/// `text` for XML content or a double-quoted attribute: markup characters as entities (as in
/// the HTML reports), line breaks and tabs as spaces, other control characters (which XML 1.0
/// cannot carry) left out.
pub fn escape(text: &str) -> String {
    let flat: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect();
    crate::io::agreement_report::escape_html(&flat)
}
