//! Reading order on a page set in columns: the left column top to bottom, then the next.
//!
//! The PDF reader gives rows of text across the whole page; `extract` cuts a row where its
//! words stand further apart than any word space (a column's gutter), so each piece lies in
//! one column. Here a gutter is a band of the page that no piece of body text crosses, with a
//! column of text on each side. Lines that cross it (a title, a heading over both columns) and
//! lines in the top and bottom margins (running heads, page numbers) divide the page into
//! sections; each section is read column by column. Pieces of one row that end up in one
//! column (a wide word space in justified text) are joined back into one line.

use super::layout::Line;

/// The top and bottom share of the page whose lines are never part of a column.
const MARGIN_BAND: f32 = 0.08;
/// A line wider than this share of the text's width spans columns.
const NARROW: f32 = 0.6;
/// The least number of lines on each side of a gutter.
const COLUMN_LINES: usize = 3;

/// The page's lines (in rows, top to bottom) in reading order.
pub fn reading_order(lines: Vec<Line>, page_height: f32) -> Vec<Line> {
    let band = page_height * MARGIN_BAND;
    let in_margin = |l: &Line| l.bottom <= band || l.top >= page_height - band;
    let gutters = gutters(&lines, &in_margin);
    // The column a line lies in, or `None` for a line that crosses a gutter or stands in the
    // margin.
    let column = |l: &Line| -> Option<usize> {
        if in_margin(l) {
            return None;
        }
        let mut index = 0;
        for &(from, to) in &gutters {
            if l.left < to && l.right > from {
                return None;
            }
            if l.left >= to {
                index += 1;
            }
        }
        Some(index)
    };
    // Each column's right edge: where its full lines end.
    let mut edges = vec![0.0f32; gutters.len() + 1];
    if !gutters.is_empty() {
        for l in &lines {
            if let Some(c) = column(l) {
                edges[c] = edges[c].max(l.right);
            }
        }
    }
    let lines = lines.into_iter().map(|mut l| {
        if !gutters.is_empty()
            && let Some(c) = column(&l)
        {
            l.column_right = edges[c];
        }
        l
    });
    let mut order: Vec<Line> = Vec::new();
    let mut section: Vec<(usize, Line)> = Vec::new();
    let flush = |section: &mut Vec<(usize, Line)>, order: &mut Vec<Line>| {
        // Stable: within a column the rows keep their order.
        section.sort_by_key(|(c, _)| *c);
        let mut previous: Option<usize> = None;
        for (c, line) in section.drain(..) {
            match order.last_mut() {
                Some(last) if previous == Some(c) && same_row(last, &line) => join(last, line),
                _ => order.push(line),
            }
            previous = Some(c);
        }
    };
    for line in lines {
        match column(&line) {
            Some(c) => section.push((c, line)),
            None => {
                flush(&mut section, &mut order);
                match order.last_mut() {
                    Some(last) if same_row(last, &line) && !in_margin(&line) => join(last, line),
                    _ => order.push(line),
                }
            }
        }
    }
    flush(&mut section, &mut order);
    order
}

fn same_row(a: &Line, b: &Line) -> bool {
    (a.top - b.top).abs() < a.size.min(b.size) * 0.5 && b.left >= a.right
}

fn join(into: &mut Line, next: Line) {
    into.text.push(' ');
    into.text.push_str(&next.text);
    into.right = into.right.max(next.right);
    into.top = into.top.min(next.top);
    into.bottom = into.bottom.max(next.bottom);
}

/// The gutters between columns of body text (x from, x to), left to right.
fn gutters(lines: &[Line], in_margin: &dyn Fn(&Line) -> bool) -> Vec<(f32, f32)> {
    let body: Vec<&Line> = lines.iter().filter(|l| !in_margin(l)).collect();
    let (Some(left), Some(right)) = (
        body.iter().map(|l| l.left).min_by(f32::total_cmp),
        body.iter().map(|l| l.right).max_by(f32::total_cmp),
    ) else {
        return Vec::new();
    };
    let width = right - left;
    let mut narrow: Vec<(f32, f32)> = body
        .iter()
        .filter(|l| l.right - l.left < width * NARROW)
        .map(|l| (l.left, l.right))
        .collect();
    if narrow.len() < 2 * COLUMN_LINES {
        return Vec::new();
    }
    let mut sizes: Vec<f32> = body.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    let size = sizes[sizes.len() / 2];
    // The stretches of x the narrow lines cover, and the gaps between them.
    narrow.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut covered: Vec<(f32, f32)> = Vec::new();
    for (from, to) in narrow {
        match covered.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => covered.push((from, to)),
        }
    }
    covered
        .windows(2)
        .map(|w| (w[0].1, w[1].0))
        .filter(|&(from, to)| to - from >= size * 0.8)
        .filter(|&(from, to)| {
            // A column of text on each side: wide enough for a line of words, with enough
            // lines that fill it (a table's short cells are not columns).
            let fills = |a: f32, b: f32| {
                let rows = rows_within(&body, a, b, size);
                b - a >= size * 12.0
                    && rows.len() >= COLUMN_LINES
                    && rows.iter().filter(|r| r.1 - r.0 >= (b - a) * 0.7).count() * 2 >= rows.len()
            };
            let before = covered
                .iter()
                .filter(|c| c.1 <= from)
                .map(|c| c.0)
                .fold(from, f32::min);
            let after = covered
                .iter()
                .filter(|c| c.0 >= to)
                .map(|c| c.1)
                .fold(to, f32::max);
            fills(before.max(left), from) && fills(to, after.min(right))
        })
        .collect()
}

/// The rows of the lines that lie between `a` and `b`, each as the stretch of x its pieces
/// cover there (pieces of one row, cut at wide word spaces, count as one row).
fn rows_within(body: &[&Line], a: f32, b: f32, size: f32) -> Vec<(f32, f32)> {
    let mut inside: Vec<&&Line> = body
        .iter()
        .filter(|l| l.left >= a && l.right <= b)
        .collect();
    inside.sort_by(|x, y| x.top.total_cmp(&y.top));
    let mut rows: Vec<(f32, f32, f32)> = Vec::new();
    for l in inside {
        match rows.last_mut() {
            Some(row) if (l.top - row.2).abs() < size * 0.5 => {
                row.0 = row.0.min(l.left);
                row.1 = row.1.max(l.right);
            }
            _ => rows.push((l.left, l.right, l.top)),
        }
    }
    rows.into_iter().map(|(l, r, _)| (l, r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, left: f32, right: f32, top: f32) -> Line {
        Line {
            text: text.into(),
            left,
            right,
            top,
            bottom: top + 10.0,
            size: 10.0,
            column_right: 0.0,
        }
    }

    #[test]
    fn two_columns_are_read_one_after_the_other_under_a_title_across_both() {
        let mut lines = vec![line(
            "A title over both columns of the page",
            72.0,
            520.0,
            100.0,
        )];
        for row in 0..5 {
            let top = 130.0 + row as f32 * 12.0;
            lines.push(line(&format!("left {row}"), 72.0, 290.0, top));
            lines.push(line(&format!("right {row}"), 305.0, 520.0, top));
        }
        lines.push(line("7", 290.0, 300.0, 800.0));
        let text: Vec<String> = reading_order(lines, 842.0)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(
            text,
            [
                "A title over both columns of the page",
                "left 0",
                "left 1",
                "left 2",
                "left 3",
                "left 4",
                "right 0",
                "right 1",
                "right 2",
                "right 3",
                "right 4",
                "7"
            ]
        );
    }

    #[test]
    fn a_row_cut_at_a_wide_word_space_in_one_column_is_joined_again() {
        let mut lines = Vec::new();
        for row in 0..8 {
            let top = 100.0 + row as f32 * 12.0;
            if row == 3 {
                lines.push(line("justified with", 72.0, 200.0, top));
                lines.push(line("a wide space", 220.0, 520.0, top));
            } else {
                lines.push(line(
                    &format!("row {row} of a single column"),
                    72.0,
                    520.0,
                    top,
                ));
            }
        }
        let order = reading_order(lines, 842.0);
        assert_eq!(order.len(), 8);
        assert_eq!(order[3].text, "justified with a wide space");
        assert_eq!((order[3].left, order[3].right), (72.0, 520.0));
    }

    #[test]
    fn a_table_of_short_cells_keeps_its_rows() {
        let mut lines = Vec::new();
        for row in 0..5 {
            let top = 100.0 + row as f32 * 12.0;
            lines.push(line(&format!("name {row}"), 72.0, 110.0, top));
            lines.push(line(&format!("{row}"), 300.0, 306.0, top));
        }
        let text: Vec<String> = reading_order(lines, 842.0)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(text[..2], ["name 0 0", "name 1 1"]);
    }
}
