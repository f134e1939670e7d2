//! Document variables, values and groups in REFI-QDA: what both directions agree on (the
//! types, the GUIDs Coda derives, the forms of values). What maps to what:
//! `docs/REFI-QDA.md`, "Document variables and groups".
//!
//! | Coda | `typeOfVariable` | value element |
//! |---|---|---|
//! | text | `Text` | `TextValue` |
//! | number, every value whole | `Integer` | `IntegerValue` |
//! | number, some value with a fraction | `Float` | `FloatValue` (`xsd:decimal`) |
//! | date | `Date` | `DateValue` |
//! | yes/no | `Boolean` | `BooleanValue` (`true`, `false`) |
//!
//! Each of Coda's types maps to its own REFI-QDA types, so a variable's type comes back from
//! `typeOfVariable` alone. A value that has no valid form in its element (a number of more
//! than [`MAX_DECIMAL_DIGITS`] digits, the year 0000) is written as a `TextValue` of the same
//! variable, which reads back as the variable's type.

use super::{derived_guid, guid_text};
use crate::model::{DocId, Typed, VariableType};

/// Digits of a decimal every schema processor must accept (XML Schema 1.0 part 2, §3.2.3.1:
/// "a minimum of 18 decimal digits"; libxml2 takes 24).
pub const MAX_DECIMAL_DIGITS: usize = 18;

/// The `typeOfVariable` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefiType {
    Text,
    Boolean,
    Integer,
    Float,
    Date,
    DateTime,
}

impl RefiType {
    pub fn name(self) -> &'static str {
        match self {
            RefiType::Text => "Text",
            RefiType::Boolean => "Boolean",
            RefiType::Integer => "Integer",
            RefiType::Float => "Float",
            RefiType::Date => "Date",
            RefiType::DateTime => "DateTime",
        }
    }

    /// A `typeOfVariable` as written (case and spaces ignored: `Datetime` occurs).
    pub fn parse(text: &str) -> Option<RefiType> {
        [
            RefiType::Text,
            RefiType::Boolean,
            RefiType::Integer,
            RefiType::Float,
            RefiType::Date,
            RefiType::DateTime,
        ]
        .into_iter()
        .find(|t| t.name().eq_ignore_ascii_case(text.trim()))
    }

    /// Coda's type for a variable of this type (a `DateTime` variable is decided by its
    /// values: see the importer).
    pub fn coda_type(self) -> VariableType {
        match self {
            RefiType::Text => VariableType::Text,
            RefiType::Boolean => VariableType::YesNo,
            RefiType::Integer | RefiType::Float => VariableType::Number,
            RefiType::Date | RefiType::DateTime => VariableType::Date,
        }
    }
}

/// The six value elements of a `VariableValue`.
pub const VALUE_ELEMENTS: [&str; 6] = [
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
];

/// The GUID of a document variable: derived from its name (Coda's variables have no ids), so
/// every export of a project gives the same one.
pub fn variable_guid(name: &str) -> String {
    guid_text(derived_guid("document-variable", &[name.as_bytes()]))
}

/// The GUID of the `Variable` that carries a document property (`title`, `author`, …).
pub fn property_guid(name: &str) -> String {
    guid_text(derived_guid("variable", &[name.as_bytes()]))
}

/// The GUID of a group's `Set`.
pub fn group_guid(name: &str) -> String {
    guid_text(derived_guid("group", &[name.as_bytes()]))
}

/// The GUID of the `Case` that holds one document's values.
pub fn case_guid(document: DocId) -> String {
    guid_text(derived_guid("document-case", &[document.0.as_bytes()]))
}

/// How a stored value of a variable of `kind` is written: its element and text. A number is
/// an `IntegerValue` in an `integer` variable, else a `FloatValue`; a value with no valid form
/// in its element (see the module) is a `TextValue`.
pub fn value_element(kind: VariableType, integer: bool, text: &str) -> (&'static str, String) {
    let Ok(typed) = Typed::parse(kind, text) else {
        return ("TextValue", text.to_string());
    };
    match typed {
        Typed::Text(t) => ("TextValue", t),
        Typed::YesNo(b) => ("BooleanValue", b.to_string()),
        Typed::Date(0, _, _) => ("TextValue", typed.canonical()),
        Typed::Date(..) => ("DateValue", typed.canonical()),
        Typed::Number(_) => {
            let canonical = typed.canonical();
            if !fits_decimal(&canonical) {
                ("TextValue", canonical)
            } else if integer {
                ("IntegerValue", canonical)
            } else {
                ("FloatValue", canonical)
            }
        }
    }
}

/// Whether a canonical number has at most [`MAX_DECIMAL_DIGITS`] digits.
pub fn fits_decimal(canonical: &str) -> bool {
    canonical.chars().filter(char::is_ascii_digit).count() <= MAX_DECIMAL_DIGITS
}

/// The day of an `xsd:date` or `xsd:dateTime` value, and whether anything besides the day
/// was written: a time of day other than midnight (`time`) or a time zone (`zone`).
#[derive(Debug, PartialEq, Eq)]
pub struct Day<'a> {
    pub date: &'a str,
    pub time: bool,
    pub zone: bool,
}

/// `2019-03-01`, `2019-03-01Z`, `2019-03-01T00:00:00.000+02:00`, …: the day and what else
/// the value says. `None` when it does not start with `YYYY-MM-DD` followed by nothing, a zone
/// or `T` and a time.
pub fn day_of(text: &str) -> Option<Day<'_>> {
    let text = text.trim();
    let date = text.get(..10)?;
    Typed::parse(VariableType::Date, date).ok()?;
    let mut rest = &text[10..];
    let mut time = false;
    if let Some(clock) = rest.strip_prefix('T') {
        let end = clock
            .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
            .unwrap_or(clock.len());
        let (hms, after) = clock.split_at(end);
        let mut parts = hms.split(':');
        let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
        let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
        if parts.next().is_some()
            || [h, m, whole].iter().any(|p| p.len() != 2)
            || !fraction.chars().all(|c| c.is_ascii_digit())
        {
            return None;
        }
        time = [h, m, whole].iter().any(|p| *p != "00") || fraction.chars().any(|c| c != '0');
        rest = after;
    }
    let zone = match rest {
        "" => false,
        "Z" => true,
        offset => {
            let (sign, hm) = offset.split_at(1);
            let well_formed = matches!(sign, "+" | "-")
                && hm.len() == 5
                && hm.as_bytes()[2] == b':'
                && hm.chars().filter(|c| *c != ':').all(|c| c.is_ascii_digit());
            if !well_formed {
                return None;
            }
            true
        }
    };
    Some(Day { date, time, zone })
}

/// `written` and Coda's canonical number are the same decimal (a leading `+`, leading zeros
/// and trailing zeros of a fraction aside): when they differ, the value was read with a change
/// (an exponent written out, digits beyond a double's precision).
pub fn same_decimal(written: &str, canonical: &str) -> bool {
    let mut text = written.trim().trim_start_matches('+').to_string();
    let negative = text.starts_with('-');
    if negative {
        text.remove(0);
    }
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let trimmed = text.trim_start_matches('0');
    let mut text = if trimmed.is_empty() || trimmed.starts_with('.') {
        format!("0{trimmed}")
    } else {
        trimmed.to_string()
    };
    if negative && text != "0" {
        text.insert(0, '-');
    }
    text == canonical
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_in_their_elements_or_as_text_when_they_have_no_form() {
        let n = VariableType::Number;
        assert_eq!(
            value_element(n, true, "2018"),
            ("IntegerValue", "2018".into())
        );
        assert_eq!(
            value_element(n, false, "1e3"),
            ("FloatValue", "1000".into())
        );
        assert_eq!(
            value_element(n, false, "0.0000001"),
            ("FloatValue", "0.0000001".into())
        );
        // 1e30 written out has 31 digits: more than every validator must accept.
        assert_eq!(value_element(n, true, "1e30").0, "TextValue");
        assert_eq!(
            value_element(VariableType::YesNo, false, "yes"),
            ("BooleanValue", "true".into())
        );
        assert_eq!(
            value_element(VariableType::Date, false, "2016-02-29"),
            ("DateValue", "2016-02-29".into())
        );
        assert_eq!(
            value_element(VariableType::Date, false, "0000-12-31"),
            ("TextValue", "0000-12-31".into())
        );
    }

    #[test]
    fn days_are_read_from_dates_and_date_times() {
        let day = |date, time, zone| Some(Day { date, time, zone });
        assert_eq!(day_of("2019-03-01"), day("2019-03-01", false, false));
        assert_eq!(day_of(" 2019-03-01Z "), day("2019-03-01", false, true));
        assert_eq!(
            day_of("2019-03-01T00:00:00.000+02:00"),
            day("2019-03-01", false, true)
        );
        assert_eq!(
            day_of("2019-03-01T12:30:00"),
            day("2019-03-01", true, false)
        );
        assert_eq!(day_of("2019-02-30"), None);
        assert_eq!(day_of("2019-03-01T12"), None);
        assert_eq!(day_of("2019-03-01 noon"), None);
        assert_eq!(day_of("01.03.2019"), None);
    }

    #[test]
    fn decimals_compare_as_written() {
        assert!(same_decimal("2.50", "2.5"));
        assert!(same_decimal("+007", "7"));
        assert!(same_decimal("-0.0", "0"));
        assert!(same_decimal(".5", "0.5"));
        assert!(!same_decimal("1E3", "1000"));
        assert!(!same_decimal(
            "0.12345678901234567891",
            "0.12345678901234568"
        ));
        assert_eq!(RefiType::parse(" datetime"), Some(RefiType::DateTime));
        assert_eq!(RefiType::parse("Ordinal"), None);
    }
}
