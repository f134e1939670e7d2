//! Questions answered about a project: pure functions over `&Project`.

pub mod cooccurrence;
pub mod filter;
pub mod frequencies;
pub mod matrix;
pub mod passages;
pub mod report;
pub mod search;
pub mod stats;
#[cfg(test)]
mod test_sample;
