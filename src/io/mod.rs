//! Files in and out: the project file, document importers, codebook outlines, codings CSV,
//! REFI-QDA exchange, and copies of unsaved work for crash recovery.

pub mod agreement_report;
pub mod chart_png;
pub mod chart_svg;
pub mod codebook_outline;
pub mod codings_csv;
pub mod decode;
pub mod docx;
pub mod html;
pub mod import;
pub mod lock;
pub mod markdown;
pub mod odt;
pub mod office_package;
pub mod pdf;
pub mod project_file;
pub mod quote_index;
pub mod recovery;
pub mod refi;
pub mod reflow;
pub mod report;
pub mod rich_text;
pub mod safe_write;
pub mod table_output;
pub mod variables_csv;
