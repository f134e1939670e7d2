//! How a source's positions count, and turning them into offsets of the text Coda stores.
//!
//! Coda stores text with LF line ends. A source file may have CRLF; programs then differ:
//! ATLAS.ti counts each line break as one character, others count CRLF as two. A program built
//! on UTF-16 (.NET, Qt) may count a character outside the Basic Multilingual Plane as two. The
//! scheme is chosen by checking the selections' names (ATLAS.ti and QualCoder write the
//! selected text there) against the text each scheme gives; without usable names, by the
//! program that wrote the file.

/// A source's text as Coda stores it and how to map the file's positions onto it.
pub struct SourceText {
    /// LF line ends, no byte-order mark.
    pub text: String,
    /// The char count of `text`.
    pub len: usize,
    /// Raw char indexes of the carriage returns dropped from CRLF pairs (a lone CR became LF
    /// and keeps its place), sorted.
    dropped_cr: Vec<usize>,
    /// Normalised char indexes of chars outside the BMP (two UTF-16 units each), sorted.
    astral: Vec<usize>,
}

/// How positions count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Code points of the file as it is (CRLF is two).
    Raw,
    /// Code points with each line break one (ATLAS.ti).
    LineBreakOne,
    /// UTF-16 code units of the text with each line break one.
    Utf16,
}

impl Scheme {
    pub fn describe(self) -> &'static str {
        match self {
            Scheme::Raw => "characters of the file, CRLF counted as two",
            Scheme::LineBreakOne => "characters with each line break counted as one",
            Scheme::Utf16 => {
                "UTF-16 units (a character outside the Basic Multilingual Plane counted as two)"
            }
        }
    }
}

impl SourceText {
    /// From a file's decoded text (a leading byte-order mark is dropped).
    pub fn new(raw: &str) -> Self {
        let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        let mut dropped_cr = Vec::new();
        let mut astral = Vec::new();
        let needs_work = raw.contains('\r') || raw.chars().any(|c| c.len_utf16() == 2);
        if !needs_work {
            return Self {
                len: raw.chars().count(),
                text: raw.to_string(),
                dropped_cr,
                astral,
            };
        }
        let mut text = String::with_capacity(raw.len());
        let mut chars = raw.chars().enumerate().peekable();
        let mut out_index = 0;
        while let Some((i, c)) = chars.next() {
            if c == '\r' {
                if chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    dropped_cr.push(i);
                    continue;
                }
                text.push('\n');
            } else {
                if c.len_utf16() == 2 {
                    astral.push(out_index);
                }
                text.push(c);
            }
            out_index += 1;
        }
        Self {
            len: out_index,
            text,
            dropped_cr,
            astral,
        }
    }

    /// The text, leaving the position maps (and `len`) in place.
    pub fn take_text(&mut self) -> String {
        std::mem::take(&mut self.text)
    }

    /// Whether the schemes differ for this text at all.
    pub fn is_ambiguous(&self) -> bool {
        !self.dropped_cr.is_empty() || !self.astral.is_empty()
    }

    /// The schemes worth trying for this text.
    pub fn schemes(&self) -> Vec<Scheme> {
        let mut out = vec![Scheme::LineBreakOne];
        if !self.dropped_cr.is_empty() {
            out.insert(0, Scheme::Raw);
        }
        if !self.astral.is_empty() {
            out.push(Scheme::Utf16);
        }
        out
    }

    /// The stored-text offset of a position counted under `scheme`; `None` when it cannot be
    /// one (negative, or inside a character).
    pub fn offset(&self, position: i64, scheme: Scheme) -> Option<usize> {
        let position = usize::try_from(position).ok()?;
        match scheme {
            Scheme::LineBreakOne => Some(position),
            Scheme::Raw => {
                let dropped = self.dropped_cr.partition_point(|&i| i < position);
                // A position on a dropped CR means the line break itself.
                Some(position - dropped)
            }
            Scheme::Utf16 => {
                // Each astral char before the offset adds one unit: find the char offset c with
                // c + (astral chars before c) == position.
                let mut low = 0usize;
                let mut high = position;
                while low < high {
                    let mid = (low + high) / 2;
                    if mid + self.astral.partition_point(|&a| a < mid) < position {
                        low = mid + 1;
                    } else {
                        high = mid;
                    }
                }
                (low + self.astral.partition_point(|&a| a < low) == position).then_some(low)
            }
        }
    }
}

/// Whether a selection's `name` agrees with the text it selects (the name may be cut with "…"
/// or "..." as ATLAS.ti does; white space is compared loosely).
pub fn name_matches(selected: &str, name: &str) -> bool {
    let name = name.trim_end_matches('…').trim_end_matches("...");
    let squash =
        |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).take(40).collect() };
    let want = squash(name);
    !want.is_empty() && squash(selected).starts_with(&want)
}

/// Whether a name can say anything about the text (not empty, not `qc`'s `line:N`).
pub fn is_informative(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty() && !name.starts_with("line:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_positions_map_under_each_scheme() {
        let source = SourceText::new("\u{feff}ab\r\ncd\re");
        assert_eq!(source.text, "ab\ncd\ne");
        assert_eq!(source.len, 7);
        // "c" is raw char 4 (a b CR LF c), char 3 with one per line break.
        assert_eq!(source.offset(4, Scheme::Raw), Some(3));
        assert_eq!(source.offset(3, Scheme::LineBreakOne), Some(3));
        assert_eq!(source.offset(-1, Scheme::Raw), None);
    }

    #[test]
    fn utf16_positions_map_past_astral_characters() {
        let source = SourceText::new("a📌b");
        assert_eq!(source.offset(3, Scheme::Utf16), Some(2));
        assert_eq!(source.offset(2, Scheme::Utf16), None);
        assert_eq!(source.offset(2, Scheme::LineBreakOne), Some(2));
    }

    #[test]
    fn names_are_compared_loosely() {
        assert!(name_matches("Oh, that was great.", "Oh, that was…"));
        assert!(!name_matches("h, that was great.", "Oh, that was…"));
        // A selection one character short of its name does not match.
        assert!(!name_matches("\nc", "cd"));
        assert!(!is_informative("line:6"));
    }
}
