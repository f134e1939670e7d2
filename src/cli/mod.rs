//! The `coda` command line: thin commands over the library. Every command that changes a file
//! checks everything first and writes once at the end, so a command that fails writes nothing.

mod commands;

use clap::Subcommand;
use std::path::PathBuf;

pub use commands::{CliError, run};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty project file (refuses to overwrite an existing file).
    New {
        /// The project file to create.
        file: PathBuf,
        /// The project's name (default: the file name without .ron).
        #[arg(long)]
        name: Option<String>,
        /// The first coder, who becomes the current coder.
        #[arg(long)]
        coder: Option<String>,
        /// A codebook written as a Markdown outline: nested bullets, "Code: description";
        /// nested "Include:", "Exclude:", "Example:", "Hotkey:", "Colour:" bullets set fields.
        #[arg(long, value_name = "CODEBOOK.md")]
        codebook: Option<PathBuf>,
    },
    /// Import documents (.txt in UTF-8, UTF-16 or legacy Cyrillic encodings; .md) into a project.
    AddDocument {
        /// The project file.
        file: PathBuf,
        /// The documents to add; each is named after its file name.
        #[arg(required = true, value_name = "DOC")]
        documents: Vec<PathBuf>,
        /// Decode with this encoding instead of detecting it (e.g. UTF-8, UTF-16LE, windows-1251, KOI8-R).
        #[arg(long, value_name = "E")]
        encoding: Option<String>,
        /// Join hard-wrapped lines of PDF-extracted text into paragraphs (dehyphenating and
        /// dropping page numbers). Without it, Coda only suggests it when the shape is detected.
        #[arg(long, conflicts_with = "no_reflow")]
        reflow: bool,
        /// Keep the lines as they are and do not suggest reflowing.
        #[arg(long)]
        no_reflow: bool,
    },
    /// Import codings from CSV with the header document,start,end,code,coder[,memo].
    ///
    /// `document` is a document name, `code` a code path such as "Push factors/Unemployment" or
    /// a code id, `start`/`end` char offsets (0-based, end exclusive). Unknown coders are
    /// created. Every row is checked first: if any is invalid, nothing is imported. Codings
    /// already in the project are skipped.
    ImportCodings {
        /// The project file.
        file: PathBuf,
        /// The CSV file.
        #[arg(value_name = "CODINGS.csv")]
        codings: PathBuf,
        /// Create codes named in the CSV that the codebook lacks (with their parents).
        #[arg(long)]
        create_codes: bool,
    },
    /// Export every coding as CSV: document,start,end,code,coder,memo,text.
    ExportCodings {
        /// The project file.
        file: PathBuf,
        /// Write here instead of to standard output.
        #[arg(short, long, value_name = "OUT.csv")]
        output: Option<PathBuf>,
    },
    /// Check every invariant of a project file and list what is wrong.
    Validate {
        /// The project file.
        file: PathBuf,
    },
    /// Count documents, characters, codes, and segments per coder and per code.
    Stats {
        /// The project file.
        file: PathBuf,
    },
}
