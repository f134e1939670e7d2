//! Words for people: counts with the right number ("1 problem", "2 problems").

/// `n` and the noun in the singular or plural as `n` needs.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
