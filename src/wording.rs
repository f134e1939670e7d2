//! Words for people: counts with the right number ("1 problem", "2 problems"), and values
//! from files quoted safely in messages.

/// `n` and the noun in the singular or plural as `n` needs.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `text` as a message may quote it: on one line (control characters escaped, so that a line
/// break in a damaged file cannot split a message) and cut after `max` chars.
pub fn one_line(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// Names joined for a sentence: `A`, `A and B`, `A, B and C`.
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_escapes_and_cuts() {
        assert_eq!(one_line("a\nb", 10), "a\\nb");
        assert_eq!(one_line("abcdef", 3), "abc…");
        assert_eq!(plural(1, "coding", "codings"), "1 coding");
        assert_eq!(plural(0, "coding", "codings"), "0 codings");
    }
}
