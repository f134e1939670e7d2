//! The pure data model: a project and everything in it. No egui, no I/O.

mod color;
mod coverage;
pub(crate) mod ids;
mod pages;
mod project;
mod range;
mod text;
mod validate;
mod variables;

pub use color::{Color, ColorParseError};
pub use coverage::{Coverage, Extent, parse_range};
pub use ids::{CodeId, CoderId, DocId, ProjectId, SegmentId};
pub use pages::{PageStart, page_at, page_count, page_index_at, page_map_problems, page_span};
pub use project::{
    Code, Coder, Document, DocumentSource, PATH_SEPARATOR, Project, Segment, Segments,
    SourceFormat, Style, StyleSpan, content_hash,
};
pub use range::CharRange;
pub use text::Text;
pub use validate::{
    COVERAGE_PROBLEM, GROUP_PROBLEM, Problem, VALUE_PROBLEM, VARIABLE_PROBLEM, validate,
};
pub use variables::{
    Group, Typed, VARIABLE_NAME_FORBIDDEN, Variable, VariableType, VariableValue, canonical_value,
    group_name_problem, variable_name_problem,
};
