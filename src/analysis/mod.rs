//! Questions answered about a project: pure functions over `&Project`.

pub mod search;
pub mod stats;
