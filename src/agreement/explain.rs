//! Undefined figures explained in plain words: first what happened in the compared text, then
//! the statistician's reason (a tooltip in the compare table and the HTML report). "Undefined"
//! alone reads like an error; a researcher needs to know it means, say, that nobody used the
//! code in the text that was double-coded.

use super::{Counts, Row};

const NO_TEXT: &str = "No text was compared here: the compared coders have no coded text in \
                       common (see Mark as coded by coder… in a document's context menu).";
const NOBODY: &str = "No compared coder used this code in the compared text, so there is \
                      nothing to agree or disagree on.";
const EVERYONE: &str = "Every compared coder coded all of the compared text with this code, so \
                        agreement cannot be told apart from chance.";
const NOTHING_DOUBLE_CODED: &str =
    "No text was covered by two or more of the compared coders: nothing was double-coded.";
const NO_SEGMENTS: &str = "Neither coder has a coding of this code in the compared text, so \
                           there are no segments to match.";
const ONE_CODE: &str = "Only one code is in the comparison, so chance agreement between codes \
                        cannot be estimated.";
const ONE_CODER: &str = "Fewer than two coders are compared.";

/// For an undefined figure: what happened, then why the statistic has no value. `None` for a
/// defined one.
pub fn undefined_in_plain_words(row: &Row) -> Option<String> {
    let reason = row.value.reason()?;
    Some(match what_happened(&row.counts) {
        Some(what) => format!("{what}\n\nWhy there is no value: {reason}."),
        None => format!("There is no value: {reason}."),
    })
}

/// The situation in the data behind an undefined figure, when its counts tell it.
fn what_happened(counts: &Counts) -> Option<&'static str> {
    Some(match counts {
        Counts::Pair(t) if t.units == 0 => NO_TEXT,
        Counts::Pair(t) if t.both + t.first_only + t.second_only == 0 => NOBODY,
        Counts::Pair(t) if t.neither + t.first_only + t.second_only == 0 => EVERYONE,
        Counts::Coverage { units: 0, .. } => NO_TEXT,
        Counts::Coverage { units, histogram } if histogram.first() == Some(units) => NOBODY,
        Counts::Coverage { units, histogram } if histogram.last() == Some(units) => EVERYONE,
        Counts::Alpha(a) if a.pairable_values == 0 => NOTHING_DOUBLE_CODED,
        Counts::Alpha(a) if a.coded_values == 0 => NOBODY,
        Counts::Alpha(a) if a.coded_values == a.pairable_values => EVERYONE,
        Counts::Unitized { length: 0, .. } => NO_TEXT,
        Counts::Segments { total: 0, .. } => NO_SEGMENTS,
        Counts::Segments { codes, .. } if *codes < 2 => ONE_CODE,
        Counts::Pairs { pairs: 0 } => ONE_CODER,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::coefficients::{PairCounts, Value, cohen_kappa};
    use crate::agreement::{Metric, Scope};

    fn row(counts: PairCounts) -> Row {
        Row {
            metric: Metric::CohenKappa,
            code: None,
            coders: Vec::new(),
            scope: Scope::All,
            value: cohen_kappa(&counts),
            counts: Counts::Pair(counts),
            ci95: None,
        }
    }

    #[test]
    fn a_code_nobody_used_is_said_to_be_unused_before_the_statisticians_reason() {
        let text = undefined_in_plain_words(&row(PairCounts::from_sizes(500, 0, 0, 0))).unwrap();
        assert!(text.starts_with(NOBODY), "{text}");
        assert!(text.contains("chance agreement is 1 (0/0)"), "{text}");
    }

    #[test]
    fn no_compared_text_and_everything_coded_are_told_apart() {
        let none = undefined_in_plain_words(&row(PairCounts::from_sizes(0, 0, 0, 0))).unwrap();
        assert!(none.starts_with(NO_TEXT), "{none}");
        let all = undefined_in_plain_words(&row(PairCounts::from_sizes(40, 40, 40, 40))).unwrap();
        assert!(all.starts_with(EVERYONE), "{all}");
    }

    #[test]
    fn a_defined_figure_needs_no_explanation() {
        let counts = PairCounts::from_sizes(100, 20, 30, 15);
        assert!(matches!(cohen_kappa(&counts), Value::Defined(_)));
        assert_eq!(undefined_in_plain_words(&row(counts)), None);
    }
}
