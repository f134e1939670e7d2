//! Reading a PDF with `pdf_oxide`: each page's lines in reading order, with their boxes and
//! font sizes, and the page's label. Every failure of the library (and any panic in it) becomes
//! a [`PdfError`]: a damaged file is refused, never a crash.

use super::PdfError;
use super::layout::{Line, Page};
use pdf_oxide::PdfDocument;
use pdf_oxide::extractors::page_labels::PageLabelExtractor;
use pdf_oxide::layout::Word;

/// The pages of the PDF in `bytes`.
pub fn pages(bytes: &[u8]) -> Result<Vec<Page>, PdfError> {
    if !bytes.starts_with(b"%PDF")
        && !bytes[..bytes.len().min(1024)]
            .windows(4)
            .any(|w| w == b"%PDF")
    {
        return Err(PdfError::Damaged("it does not start as a PDF does".into()));
    }
    let bytes = bytes.to_vec();
    // pdf_oxide is written not to panic on bad input; this keeps a panic it missed from taking
    // down a window with unsaved work.
    std::panic::catch_unwind(move || read(bytes)).unwrap_or_else(|_| {
        Err(PdfError::Damaged(
            "the PDF reader failed on it (the file is probably damaged)".into(),
        ))
    })
}

fn damaged(error: pdf_oxide::Error) -> PdfError {
    match error {
        pdf_oxide::Error::EncryptedPdf => PdfError::Encrypted,
        other => PdfError::Damaged(one_line(&other.to_string())),
    }
}

/// A library message as one short line.
fn one_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or("").trim();
    let mut short: String = line.chars().take(160).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

fn read(bytes: Vec<u8>) -> Result<Vec<Page>, PdfError> {
    let doc = PdfDocument::from_bytes(bytes).map_err(damaged)?;
    // `from_bytes` has tried the empty user password; a PDF that still needs one is refused.
    if doc.is_encrypted() && !doc.authenticate(b"").map_err(damaged)? {
        return Err(PdfError::Encrypted);
    }
    let count = doc.page_count().map_err(damaged)?;
    if count == 0 {
        return Err(PdfError::Damaged("it has no pages".into()));
    }
    let labels = PageLabelExtractor::extract(&doc)
        .ok()
        .filter(|ranges| !ranges.is_empty())
        .map(|ranges| PageLabelExtractor::get_all_labels(&ranges, count));
    let mut pages = Vec::with_capacity(count);
    for index in 0..count {
        let (_, y0, _, y1) = doc
            .get_page_media_box(index)
            .unwrap_or((0.0, 0.0, 612.0, 792.0));
        let height = (y1 - y0).abs().max(1.0);
        let lines = doc.extract_text_lines(index).map_err(damaged)?;
        let label = labels
            .as_ref()
            .and_then(|l| l.get(index))
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty() && !l.contains(['\n', '\r']))
            .unwrap_or_else(|| (index + 1).to_string());
        let lines = lines
            .into_iter()
            .flat_map(|line| pieces(line.words, y1))
            .collect();
        pages.push(Page {
            label,
            height,
            lines: super::columns::reading_order(lines, height),
        });
    }
    Ok(pages)
}

/// A row of words as lines: cut where two words stand further apart than a word space can (a
/// column's gutter), so that each line lies in one column. `top` is the page's top edge in PDF
/// space (y grows upwards from the bottom).
fn pieces(words: Vec<Word>, top: f32) -> Vec<Line> {
    let mut out: Vec<Vec<Word>> = Vec::new();
    for word in words {
        let cut = out
            .last()
            .and_then(|piece| piece.last())
            .is_some_and(|last| {
                let gap = word.bbox.x - (last.bbox.x + last.bbox.width);
                gap > 1.5 * last.avg_font_size.max(word.avg_font_size).max(1.0)
            });
        match out.last_mut() {
            Some(piece) if !cut => piece.push(word),
            _ => out.push(vec![word]),
        }
    }
    out.into_iter().map(|words| line_of(&words, top)).collect()
}

fn line_of(words: &[Word], top: f32) -> Line {
    let chars: usize = words.iter().map(|w| w.text.chars().count()).sum();
    let (mut left, mut right) = (f32::MAX, f32::MIN);
    let (mut low, mut high) = (f32::MAX, f32::MIN);
    for w in words {
        left = left.min(w.bbox.x);
        right = right.max(w.bbox.x + w.bbox.width);
        low = low.min(w.bbox.y);
        high = high.max(w.bbox.y + w.bbox.height);
    }
    let size = if chars == 0 {
        high - low
    } else {
        words
            .iter()
            .map(|w| w.avg_font_size * w.text.chars().count() as f32)
            .sum::<f32>()
            / chars as f32
    };
    let text = words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Line {
        text,
        left,
        right,
        top: top - high,
        bottom: top - low,
        size,
        column_right: 0.0,
    }
}
