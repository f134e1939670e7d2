//! Reflowing text extracted from PDFs: lines hard-wrapped at a fixed width become paragraphs,
//! words hyphenated across a line end are rejoined, and page numbers and running heads between
//! pages are dropped. Afterwards a passage that crossed a line break is one run of text.

use std::collections::HashMap;

/// Fewest non-blank lines for the shape to be judged at all.
const MIN_LINES: usize = 30;
/// A line at least this share of the wrap width is taken to have been wrapped.
const FULL_LINE_SHARE: f64 = 0.75;

/// The wrap width (in chars) if `text` looks hard-wrapped like PDF-extracted text: most lines
/// end close to one width between 40 and 110 chars. `None` for text with long paragraph lines.
pub fn detect_wrap_width(text: &str) -> Option<usize> {
    let mut lengths: Vec<usize> = text
        .lines()
        .map(|l| l.trim().chars().count())
        .filter(|&n| n > 0)
        .collect();
    if lengths.len() < MIN_LINES {
        return None;
    }
    lengths.sort_unstable();
    let width = lengths[lengths.len() * 9 / 10];
    if !(40..=110).contains(&width) {
        return None;
    }
    let full_from = (width as f64 * FULL_LINE_SHARE) as usize;
    let full = lengths
        .iter()
        .filter(|&&n| n >= full_from && n <= width + 5)
        .count();
    let longer = lengths.iter().filter(|&&n| n > width + 5).count();
    let looks_wrapped = full * 2 >= lengths.len() && longer * 10 <= lengths.len();
    looks_wrapped.then_some(width)
}

fn is_list_marker(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('•' | '–' | '—' | '-' | '*' | '▪' | '◦' | '·') => chars.next() == Some(' '),
        // One or two digits: "2014. This has become…" is a year that opens a wrapped line.
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            line.len() - rest.len() <= 2 && (rest.starts_with(". ") || rest.starts_with(") "))
        }
        _ => false,
    }
}

/// A footnote as PDF text extraction writes it at the foot of a page: its number, then at
/// least two spaces (`44  “Afghan Taliban delegation…”`).
fn opens_footnote(line: &str) -> bool {
    let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
    (1..=3).contains(&(line.len() - rest.len()))
        && (rest.starts_with("  ") || rest.starts_with('\t'))
        && !rest.trim_start().is_empty()
}

/// Footnotes (and the page break they stand at) moved out of a sentence: a run of footnote
/// blocks after a paragraph that does not end a sentence, followed by a block that starts in
/// lower case, goes after that block, which then continues the paragraph.
fn move_footnotes_out_of_sentences(blocks: Vec<(Vec<&str>, bool)>) -> Vec<(Vec<&str>, bool)> {
    let is_note = |block: &(Vec<&str>, bool)| opens_footnote(block.0[0]);
    let mut out: Vec<(Vec<&str>, bool)> = Vec::with_capacity(blocks.len());
    let mut rest = blocks.into_iter().peekable();
    while let Some(block) = rest.next() {
        let open = out
            .last()
            .is_some_and(|(lines, _)| !ends_sentence(lines[lines.len() - 1]));
        if !(open && is_note(&block)) {
            out.push(block);
            continue;
        }
        let mut notes = vec![block];
        while let Some(next) = rest.next_if(|b| is_note(b)) {
            notes.push(next);
        }
        match rest.next_if(|b| starts_lowercase(b.0[0])) {
            Some((lines, _)) => {
                out.push((lines, true));
                out.extend(notes.into_iter().map(|(lines, _)| (lines, false)));
            }
            None => out.extend(notes),
        }
    }
    out
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '”', '»', ')', ']'])
}

fn starts_lowercase(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

/// Word counts of the whole text, to decide whether a hyphen at a line end belongs to the word.
pub(crate) struct Vocabulary {
    words: HashMap<String, usize>,
    compounds: HashMap<String, usize>,
}

impl Vocabulary {
    pub(crate) fn new(text: &str) -> Self {
        let mut words = HashMap::new();
        let mut compounds = HashMap::new();
        for token in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
            let token = token.trim_matches('-').to_lowercase();
            if token.is_empty() {
                continue;
            }
            if token.contains('-') {
                for part in token.split('-').filter(|p| !p.is_empty()) {
                    *words.entry(part.to_string()).or_insert(0) += 1;
                }
                *compounds.entry(token).or_insert(0) += 1;
            } else {
                *words.entry(token).or_insert(0) += 1;
            }
        }
        Self { words, compounds }
    }

    /// Join `before` (ending in a hyphen) with `after`: drop the hyphen only when the joined
    /// word is known and the hyphenated one is not. Most hyphens at line ends in reports are
    /// real (co-operation, decision-making), so the hyphen stays when in doubt.
    fn join_hyphenated(&self, before: &str, after: &str) -> String {
        let stem = &before[..before.len() - 1];
        let left: String = stem
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let right: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
        let joined = format!("{left}{right}").to_lowercase();
        let hyphenated = format!("{left}-{right}").to_lowercase();
        let keep_hyphen = self.compounds.contains_key(&hyphenated)
            || !self.words.contains_key(&joined)
            || left.is_empty();
        if keep_hyphen {
            format!("{before}{after}")
        } else {
            format!("{stem}{after}")
        }
    }
}

impl Vocabulary {
    /// Join `before` (ending in a hyphen) with `after` for typeset text (a PDF's own lines),
    /// where a hyphen at a line end is most often the typesetter's: the hyphen stays only when
    /// the document writes the hyphenated word elsewhere, or the joined word is unknown while
    /// both halves are words of the document (socio-economic).
    pub(crate) fn join_typeset_hyphen(&self, before: &str, after: &str) -> String {
        let stem = &before[..before.len() - 1];
        let left: String = stem
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let right: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
        let joined = format!("{left}{right}").to_lowercase();
        let hyphenated = format!("{left}-{right}").to_lowercase();
        let halves_are_words = self.words.contains_key(&left.to_lowercase())
            && self.words.contains_key(&right.to_lowercase());
        let keep_hyphen = left.is_empty()
            || self.compounds.contains_key(&hyphenated)
            || !self.words.contains_key(&joined) && halves_are_words;
        if keep_hyphen {
            format!("{before}{after}")
        } else {
            format!("{stem}{after}")
        }
    }
}

/// A word broken at the line end: a letter and then a hyphen.
fn ends_with_word_hyphen(text: &str) -> bool {
    let mut rev = text.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic)
}

/// Join `next` onto the end of `out`, dehyphenating or adding one space.
fn join_line(out: &mut String, next: &str, vocab: &Vocabulary) {
    if ends_with_word_hyphen(out) && starts_lowercase(next) {
        let cut = out.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
        let before = out[cut..].to_string();
        out.truncate(cut);
        out.push_str(&vocab.join_hyphenated(&before, next));
    } else {
        out.push(' ');
        out.push_str(next);
    }
}

/// Whether reflowing text wrapped at `width` joins `line` onto `previous` (both trimmed and not
/// blank) as one paragraph: the previous line was wrapped (it is nearly full and the next line
/// is no list item), or it ends in a word broken by a hyphen.
pub fn joins_lines(previous: &str, line: &str, width: usize) -> bool {
    let full_from = (width as f64 * FULL_LINE_SHARE) as usize;
    let wrapped = previous.chars().count() >= full_from && !is_list_marker(line);
    wrapped || ends_with_word_hyphen(previous) && starts_lowercase(line)
}

/// Reflow hard-wrapped text. `width` is the wrap width; `None` detects it (and falls back to the
/// 90th percentile of line lengths when the text does not look wrapped).
pub fn reflow(text: &str, width: Option<usize>) -> String {
    let raw: Vec<&str> = text.split('\n').collect();
    let lines: Vec<&str> = raw.iter().map(|l| l.trim()).collect();
    let width = width
        .or_else(|| detect_wrap_width(text))
        .unwrap_or_else(|| {
            let mut lengths: Vec<usize> = lines
                .iter()
                .map(|l| l.chars().count())
                .filter(|&n| n > 0)
                .collect();
            lengths.sort_unstable();
            lengths.get(lengths.len() * 9 / 10).copied().unwrap_or(70)
        });
    let vocab = Vocabulary::new(text);

    // A line alone between blank lines is a page artefact when it is a page number or a running
    // head (the same lone line at least three times).
    let blank = |i: usize| lines.get(i).is_none_or(|l| l.is_empty());
    let standalone = |i: usize| !lines[i].is_empty() && (i == 0 || blank(i - 1)) && blank(i + 1);
    let mut lone_counts: HashMap<&str, usize> = HashMap::new();
    for i in (0..lines.len()).filter(|&i| standalone(i)) {
        *lone_counts.entry(lines[i]).or_insert(0) += 1;
    }
    let is_artefact = |i: usize| {
        standalone(i)
            && (lines[i].len() <= 4 && lines[i].chars().all(|c| c.is_ascii_digit())
                || lone_counts[lines[i]] >= 3 && lines[i].chars().count() <= width + 5)
    };

    // Blocks of consecutive lines; `after_page_break` marks a block that follows dropped
    // page artefacts, where a paragraph may continue from the previous page.
    let mut blocks: Vec<(Vec<&str>, bool)> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut page_break = false;
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() || is_artefact(i) {
            if !current.is_empty() {
                blocks.push((std::mem::take(&mut current), page_break));
                page_break = false;
            }
            if !line.is_empty() {
                page_break = true;
            }
        } else {
            // Extracted text starts a page's first line with a space; after footnotes that is
            // where the page's text, perhaps a sentence running on, begins.
            let page_starts = raw[i].starts_with(' ')
                && current.first().is_some_and(|first| opens_footnote(first));
            if page_starts {
                blocks.push((std::mem::take(&mut current), page_break));
                page_break = true;
            }
            current.push(line);
        }
    }
    if !current.is_empty() {
        blocks.push((current, page_break));
    }

    let blocks = move_footnotes_out_of_sentences(blocks);

    let mut out = String::with_capacity(text.len());
    for (block_lines, after_page_break) in blocks {
        let first = block_lines[0];
        if !out.is_empty() {
            if after_page_break && !ends_sentence(&out) && starts_lowercase(first) {
                join_line(&mut out, first, &vocab);
            } else {
                out.push_str("\n\n");
                out.push_str(first);
            }
        } else {
            out.push_str(first);
        }
        for pair in block_lines.windows(2) {
            let (previous, line) = (pair[0], pair[1]);
            if joins_lines(previous, line, width) {
                join_line(&mut out, line, &vocab);
            } else {
                out.push('\n');
                out.push_str(line);
            }
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped_fixture() -> String {
        let mut text = String::new();
        for page in 1..=3 {
            text.push_str(&format!(
                "In the OSCE we recognize that these conditions include a wide \n\
                 range of political and socio-economic factors. Some of these \n\
                 factors are directly relevant: violations of human rights and co-\n\
                 operation with partners, and radical-\nisation among the young.\n\n\
                 Short heading {page}\n\n\
                 The second paragraph is also wrapped at the usual width of the \n\
                 page so that it takes more than a single line of the printed \n\
                 volume, and it continues on the next page after the page \n",
            ));
            text.push_str(&format!("\n{page}\n\nRunning head of the volume\n\n"));
            text.push_str(
                " number and the running head with a lowercase word, as PDF \n\
                 text does when radicalisation and co-operation are discussed.\n\n",
            );
        }
        text
    }

    #[test]
    fn footnotes_leave_the_sentence_they_cut_and_a_year_after_a_break_joins() {
        let line = "The delegation visited the capital a few days before the office made its \n";
        let mut text = line.repeat(40);
        text.push_str(
            "Significantly, on 3 August 2018 the office announced the defeat of ISIL in \n\
             northern Afghanistan.46 On 6 August it announced an operation to oust ISIL \n\
             from the eastern provinces.47 On the one \n\n\
             46  “Taliban Announces the Defeat of ISIL in Northern Afghanistan”, Islam Today, \n\
             03 August 2018.\n\n\
             47  “Taliban prepare operation in eastern Afghanistan”, The National, 6 August.\n\
             \x20hand, the elimination of ISIL clearly elevates the status of the Taliban in any \n\
             negotiations.\n\n\
             The Syrian Civil War (2011–present) and the emergence of ISIL in \n\
             2014. This has become the basis for propaganda among young people who leave.\n",
        );
        let out = reflow(&text, None);
        let tail = &out[out.find("Significantly").unwrap()..];
        assert_eq!(
            tail,
            "Significantly, on 3 August 2018 the office announced the defeat of ISIL in northern \
             Afghanistan.46 On 6 August it announced an operation to oust ISIL from the eastern \
             provinces.47 On the one hand, the elimination of ISIL clearly elevates the status of \
             the Taliban in any negotiations.\n\n\
             46  “Taliban Announces the Defeat of ISIL in Northern Afghanistan”, Islam Today, 03 \
             August 2018.\n\n\
             47  “Taliban prepare operation in eastern Afghanistan”, The National, 6 August.\n\n\
             The Syrian Civil War (2011–present) and the emergence of ISIL in 2014. This has \
             become the basis for propaganda among young people who leave.\n"
        );
    }

    /// Seed 001, a 477 KB report as PDF text extraction wrote it: footnotes stood in the middle
    /// of "On the one … hand" and a year opening a line stayed on a line of its own.
    #[test]
    fn the_seed_report_keeps_its_sentences_whole() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample_projects/seeds/001_8acdebc4dfc70d30.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let out = reflow(&text, None);
        assert!(out.contains(
            "On 6 August, the Taliban announced a new operation to oust ISIL from the eastern \
             provinces.47 On the one hand, the elimination of ISIL in Afghanistan clearly elevates \
             the status of the Taliban in any negotiations on its participation in a political \
             settlement."
        ));
        assert!(out.contains(
            "The Syrian Civil War (2011–present) and the emergence of ISIL in 2014. This has \
             become the basis for propaganda"
        ));
        // The footnotes that cut the sentence follow its paragraph, whole.
        let paragraph_end = out
            .find("in any negotiations on its participation")
            .unwrap();
        let note = out
            .find("47  “Taliban prepare ‘decisive’ anti-ISIS operation")
            .unwrap();
        assert!(note > paragraph_end);
    }

    #[test]
    fn detects_wrapped_text_only() {
        let wrapped = wrapped_fixture();
        assert!(detect_wrap_width(&wrapped).is_some());
        let long_paragraphs = "A paragraph that was never wrapped, as on a web page, runs on and on for several hundred characters without a single line break in it, which is how articles are usually stored.\n\n".repeat(40);
        assert_eq!(detect_wrap_width(&long_paragraphs), None);
    }

    #[test]
    fn joins_lines_dehyphenates_and_drops_page_artefacts() {
        let out = reflow(&wrapped_fixture(), None);
        let first = out.split("\n\n").next().unwrap();
        assert_eq!(
            first,
            "In the OSCE we recognize that these conditions include a wide range of political and \
             socio-economic factors. Some of these factors are directly relevant: violations of \
             human rights and co-operation with partners, and radicalisation among the young."
        );
        assert!(out.contains("\n\nShort heading 2\n\n"));
        assert!(
            out.contains("continues on the next page after the page number and the running head")
        );
        assert!(!out.contains("Running head"));
        assert!(!out.contains("\n2\n"));
    }
}
