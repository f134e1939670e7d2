//! Text layout: display styles as egui layout jobs, char ranges as screen rects, words.

use super::cache::Paragraph;
use crate::model::{CharRange, Document, Style};
use egui::text::{LayoutJob, TextFormat};
use egui::{FontFamily, FontId, Galley, Pos2, Rect, Stroke, Ui, vec2};
use std::sync::Arc;

/// Line height as a multiple of the text size.
pub const LINE_SPACING: f32 = 1.7;

/// The rects (screen space) covering chars `range` of a paragraph galley at `origin`.
pub(super) fn range_rects(
    galley: &egui::Galley,
    origin: Pos2,
    para_start: usize,
    range: CharRange,
) -> Vec<Rect> {
    let mut rects = Vec::new();
    let mut row_start = para_start;
    for row in &galley.rows {
        let count = row.char_count_including_newline().0;
        let row_end = row_start + row.glyphs.len();
        let a = range.start.max(row_start);
        let b = range.end.min(row_end);
        if a < b || (a == b && range.start < row_start && range.end > row_end) {
            let x0 = row.pos.x + row.x_offset(egui::text::CharIndex(a - row_start));
            let x1 = row.pos.x + row.x_offset(egui::text::CharIndex(b - row_start));
            rects.push(Rect::from_min_max(
                origin + vec2(x0, row.min_y()),
                origin + vec2(x1.max(x0 + 2.0), row.max_y()),
            ));
        }
        row_start += count.max(row.glyphs.len());
    }
    rects
}

/// A layout job for `text` with display styles, whose offsets count chars from `base` (the
/// char offset of `text` within its document).
pub fn styled_job(
    ui: &Ui,
    text: &str,
    base: usize,
    styles: &[crate::model::StyleSpan],
    text_size: f32,
    wrap: f32,
) -> LayoutJob {
    let visuals = ui.visuals();
    let plain = TextFormat {
        font_id: FontId::new(text_size, FontFamily::Proportional),
        color: visuals.text_color(),
        // Generous leading: easier to read long reports, and room below the descenders for the
        // underlines of overlapping codes.
        line_height: Some((text_size * LINE_SPACING).round()),
        ..Default::default()
    };
    let mut job = LayoutJob {
        wrap: egui::text::TextWrapping::wrap_at_width(wrap),
        ..Default::default()
    };
    let len = text.chars().count();
    let styles: Vec<_> = styles
        .iter()
        .filter(|s| s.start < base + len && s.end > base)
        .collect();
    if styles.is_empty() {
        job.append(text, 0.0, plain);
        return job;
    }
    // Cut the text at every style boundary and format each piece by the styles over it.
    let mut cuts = vec![0, len];
    for s in &styles {
        cuts.push(s.start.saturating_sub(base).min(len));
        cuts.push(s.end.saturating_sub(base).min(len));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let byte_at: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let piece = &text[byte_at[a]..byte_at[b]];
        let mut format = plain.clone();
        for s in styles
            .iter()
            .filter(|s| s.start <= base + a && s.end >= base + b)
        {
            match s.style {
                Style::Heading(level) => {
                    let scale = [1.6, 1.4, 1.25, 1.15, 1.1, 1.05][(level.clamp(1, 6) - 1) as usize];
                    format.font_id.size = text_size * scale;
                    format.line_height = Some((text_size * scale * LINE_SPACING).round());
                    format.color = visuals.strong_text_color();
                }
                Style::Emphasis => format.italics = true,
                Style::Strong => format.color = visuals.strong_text_color(),
                Style::Strikethrough => {
                    format.strikethrough = Stroke::new(1.0, visuals.text_color())
                }
                Style::InlineCode | Style::CodeBlock => {
                    format.font_id.family = FontFamily::Monospace
                }
                Style::BlockQuote => {
                    format.italics = true;
                    format.color = visuals.weak_text_color();
                }
                Style::Link => {
                    format.color = visuals.hyperlink_color;
                    format.underline = Stroke::new(1.0, visuals.hyperlink_color);
                }
                Style::ListItem(_) => {}
            }
        }
        job.append(piece, 0.0, format);
    }
    job
}

/// The word around a char: letters, digits and joiners; a lone other char selects itself.
pub(super) fn word_at(text: &str, t: &crate::model::Text, offset: usize) -> (usize, usize) {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '\'' || c == '’' || c == '-';
    let Some(byte) = t.byte_of_char(offset) else {
        return (offset, offset);
    };
    let after = text[byte..].chars().take_while(|&c| is_word(c)).count();
    let before = text[..byte]
        .chars()
        .rev()
        .take_while(|&c| is_word(c))
        .count();
    if after + before == 0 {
        return (offset, (offset + 1).min(t.char_len()));
    }
    (offset - before, offset + after)
}

/// A paragraph of a document laid out for the view (egui keeps the galley between frames).
pub(super) fn paragraph_galley(
    ui: &Ui,
    doc: &Document,
    para: Paragraph,
    text_size: f32,
    wrap: f32,
) -> Arc<Galley> {
    let text = &doc.text.as_str()[para.bytes.0..para.bytes.1];
    let job = styled_job(ui, text, para.chars.0, &doc.styles, text_size, wrap);
    ui.fonts_mut(|f| f.layout_job(job))
}
