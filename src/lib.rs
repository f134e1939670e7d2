//! Coda: qualitative coding, inter-coder agreement and merging.
//!
//! Rooms (see `docs/ARCHITECTURE.md`): `model` is pure data; `ops` is the one edit path;
//! `io` reads and writes files; `analysis` answers questions about a project; `cli` is the
//! command line over all of them.

pub mod agreement;
pub mod analysis;
pub mod assets;
pub mod cli;
pub mod clock;
mod fast_hash;
pub mod io;
pub mod merge;
pub mod model;
pub mod ops;
pub mod ui;
pub mod wording;
