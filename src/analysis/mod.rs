//! Questions answered about a project: pure functions over `&Project`.

pub mod passages;
pub mod search;
pub mod stats;
