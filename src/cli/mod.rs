//! The `coda` command line: thin commands over the library. Every command that changes a file
//! checks everything first and writes once at the end, so a command that fails writes nothing.

mod agree_command;
mod commands;
mod coverage_command;
mod git_commands;
mod matrix_command;
mod merge_commands;
mod refi_command;
mod report_command;
mod search_command;
mod variables_command;

use crate::agreement::Unit;
use clap::{Args, Subcommand};
use std::path::PathBuf;

pub use commands::{CliError, run};
pub use merge_commands::OnConflict;

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
    /// Import documents into a project: text (.txt in UTF-8, UTF-16 or legacy Cyrillic encodings),
    /// Markdown, PDF (with its page numbers), Word (.docx), OpenDocument (.odt) and web pages.
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
    /// a code id, `start`/`end` char offsets (0-based, end exclusive). Instead of start and end,
    /// a `quote` column may give the passage itself (found whatever its line breaks); a quote
    /// that occurs more than once needs an `occurrence` column saying which (1 for the first),
    /// or start and end for that row. Unknown coders are created. Columns other than document,
    /// start, end, quote, occurrence, code, coder, memo and text are refused unless
    /// --ignore-extra-columns. Every row is checked first: if any is invalid, nothing is
    /// imported. Codings already in the project are skipped.
    ImportCodings {
        /// The project file.
        file: PathBuf,
        /// The CSV file.
        #[arg(value_name = "CODINGS.csv")]
        codings: PathBuf,
        /// Create codes named in the CSV that the codebook lacks (with their parents).
        #[arg(long)]
        create_codes: bool,
        /// Leave out columns that import does not read (and values past the header's columns)
        /// instead of refusing the file.
        #[arg(long)]
        ignore_extra_columns: bool,
    },
    /// Export every coding as CSV: document,start,end,page,code,coder,memo,text (page: the pages
    /// of a PDF the passage lies on, empty for other documents).
    ExportCodings {
        /// The project file.
        file: PathBuf,
        /// Write here instead of to standard output.
        #[arg(short, long, value_name = "OUT.csv")]
        output: Option<PathBuf>,
        #[command(flatten)]
        filter: FilterArgs,
        /// Only codings by this coder; repeat for several.
        #[arg(long = "coder", value_name = "NAME")]
        coders: Vec<String>,
    },
    /// Check every invariant of a project file and list what is wrong.
    Validate {
        /// The project file.
        file: PathBuf,
    },
    /// Copy a project for one coder: the same documents and codebook, that coder current.
    ///
    /// With --blind, the copy leaves out the other coders' codings and every memo (project,
    /// documents, codes), so that the coder codes independently. Ids stay the same, so that
    /// `coda merge` matches everything back. Refuses to overwrite an existing file.
    CopyForCoder {
        /// The master project file.
        #[arg(value_name = "MASTER.ron")]
        master: PathBuf,
        /// The coder's name (added to the project if it has no coder of that name).
        #[arg(long)]
        coder: String,
        /// The copy to create.
        #[arg(short, long, value_name = "COPY.ron")]
        output: PathBuf,
        /// Leave out other coders' codings and all memos.
        #[arg(long)]
        blind: bool,
        /// The coder's assignment: record that they code these documents (whole), so that
        /// agreement compares them on these alone. Other documents stay in the copy.
        #[arg(long, num_args = 1.., value_name = "DOC")]
        documents: Vec<String>,
    },
    /// Merge several project files (e.g. coders' copies) into one, losing no coding.
    ///
    /// Documents are matched by text, codes by id and then by path, coders by id and then by
    /// name; identical codings are kept once (their memos combined). A code whose name, parent,
    /// colour, description or criteria differ between files is a conflict: see --on-conflict.
    /// A different document with a name already used is kept under a new name. The report
    /// lists what each file added, what was matched, and every conflict.
    Merge {
        /// The files to merge, the first being the base (its id, name and order are kept).
        #[arg(required = true, num_args = 2.., value_name = "FILE.ron")]
        files: Vec<PathBuf>,
        /// The merged project to write.
        #[arg(short, long, value_name = "MERGED.ron")]
        output: PathBuf,
        /// Whose value a conflicting code field takes.
        #[arg(long, value_enum, default_value_t = OnConflict::First)]
        on_conflict: OnConflict,
        /// Also write the merge report as Markdown.
        #[arg(long, value_name = "REPORT.md")]
        report: Option<PathBuf>,
    },
    /// Git merge driver for project files: `coda merge-driver %O %A %B`.
    ///
    /// Merges theirs into ours against the common base: a change made on one side is taken, the
    /// same change on both sides too; different changes to the same thing are a conflict, which
    /// makes the driver exit non-zero with a report and leave ours untouched. See README, "Team
    /// projects", for the .gitattributes and git config lines.
    MergeDriver {
        /// The common ancestor (git's %O; empty when both sides added the file).
        base: PathBuf,
        /// Our version (git's %A), replaced by the merge.
        ours: PathBuf,
        /// Their version (git's %B).
        theirs: PathBuf,
    },
    /// Set up a git repository so that git merges project files with Coda.
    ///
    /// Adds `*.ron merge=coda -text` to the repository's top-level .gitattributes (commit it)
    /// and sets merge.coda.name and merge.coda.driver, with the path of this coda, in the
    /// repository's own config, which a clone does not copy: run it in every clone. Running it
    /// again changes nothing.
    GitSetup {
        /// A folder inside the repository.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Finish a conflicted git merge of a project file, keeping both sides' changes.
    ///
    /// Merges git's three versions of the file (base, ours, theirs) as the merge driver does,
    /// whatever the file holds now (git's conflict markers, or ours as the driver left it).
    /// For each real conflict it takes the side given by --ours or --theirs, or, in a terminal,
    /// asks; every change of either side that did not conflict is kept. Then it writes the file
    /// and stages it (git add), ready to commit. Without --ours, --theirs or a terminal it lists
    /// the conflicts and changes nothing. Never use `git checkout --ours/--theirs` on a project
    /// file: that drops every change of the other side.
    Resolve {
        /// The conflicted project file.
        file: PathBuf,
        /// Take ours in every conflict.
        #[arg(long, conflicts_with = "theirs")]
        ours: bool,
        /// Take theirs in every conflict.
        #[arg(long)]
        theirs: bool,
    },
    /// Count documents, characters, codes, and segments per coder and per code.
    Stats {
        /// The project file.
        file: PathBuf,
    },
    /// Inter-coder agreement: how far coders who coded the same documents agree, per code.
    ///
    /// Give each coder's project file (documents are matched by their text, codes by id and
    /// then by path, coders by id and then by name), or one file holding several coders'
    /// codings. Reports percent agreement, Cohen's kappa per pair of coders, Fleiss' kappa,
    /// Krippendorff's alpha, unitized alpha and MAXQDA-style segment agreement, per document
    /// and pooled over all documents. Definitions: docs/AGREEMENT.md.
    Agree(AgreeArgs),
    /// Which text each coder coded: list it, or set or clear it for one coder and document.
    ///
    /// Agreement compares each document over the text every compared coder coded. A coder
    /// with no coverage recorded coded every document whole; once some is recorded, they coded
    /// exactly that. Without --coder, lists every coder's coverage; with --coder alone, that
    /// coder's. With --document: the whole document, or exactly the --range(s) given (they
    /// replace what was recorded for it); --clear removes it (with no --document, all of the
    /// coder's coverage).
    Coverage {
        /// The project file.
        file: PathBuf,
        /// The coder, by name.
        #[arg(long, value_name = "NAME")]
        coder: Option<String>,
        /// The document, by name.
        #[arg(long, value_name = "DOC")]
        document: Option<String>,
        /// A passage the coder coded, in chars (0-based, end exclusive); repeat for several.
        #[arg(long = "range", value_name = "START..END", value_parser = crate::model::parse_range)]
        ranges: Vec<crate::model::CharRange>,
        /// Remove the coverage instead of setting it.
        #[arg(long)]
        clear: bool,
    },
    /// Search every document of a project: each hit with its document, position and the text
    /// around it (keyword in context).
    ///
    /// The pattern is literal text unless --regex is given (Rust regex syntax); case is ignored
    /// unless --case-sensitive. Positions are char offsets, as in `export-codings`.
    Search(SearchArgs),
    /// Document variables (attributes such as the outlet or the year): list them, import them
    /// from CSV, or export them as CSV.
    ///
    /// The CSV has the header `document,VARIABLE,...` and one row per document (by name). A
    /// header may declare a variable's type, `year:number` (text, number, date, yes/no); else a
    /// variable keeps its type in the project, and a new one takes the narrowest type its
    /// column fits (number, date as YYYY-MM-DD, yes/no, else text). An empty cell clears the
    /// value. Every row is checked first: an unknown document or a bad value is an error with
    /// its line, and nothing is changed. --export writes every document and variable, with the
    /// types in the header.
    Variables {
        /// The project file.
        file: PathBuf,
        /// Set values from this CSV.
        #[arg(long, value_name = "VARS.csv", conflicts_with = "export")]
        import: Option<PathBuf>,
        /// Write every document's values as CSV.
        #[arg(long)]
        export: bool,
        /// With --export: write here instead of to standard output.
        #[arg(short, long, value_name = "OUT.csv")]
        output: Option<PathBuf>,
    },
    /// Document groups (named sets of documents; a document may be in any number): list them,
    /// add documents to a group (creating it), or take them out.
    ///
    /// `--remove NAME` with no documents deletes the group (its documents stay in the project).
    Groups {
        /// The project file.
        file: PathBuf,
        /// The group, then the documents to put in it.
        #[arg(long, num_args = 2.., value_names = ["NAME", "DOC"])]
        add: Vec<String>,
        /// The group, then the documents to take out of it (none: delete the group).
        #[arg(long, num_args = 1.., value_names = ["NAME", "DOC"])]
        remove: Vec<String>,
    },
    /// The code × document matrix: per code (rows) and document, group or value of a variable
    /// (columns), the codings, the characters coded, or the percentage of the text coded.
    ///
    /// Definitions: docs/ANALYSIS.md. JSON: {"rows": [code paths], "columns": [...],
    /// "cells": [[number]]}.
    Matrix(MatrixArgs),
    /// Code co-occurrence: per pair of codes, the pairs of their codings in one document that
    /// overlap (or touch one sentence or paragraph, --within); the diagonal counts each code's
    /// codings.
    ///
    /// Definitions: docs/ANALYSIS.md. JSON as for `coda matrix`.
    Cooccurrence(CooccurrenceArgs),
    /// Export a project as REFI-QDA, the exchange format of NVivo, MAXQDA, ATLAS.ti and
    /// QualCoder: a whole project (.qdpx) or its codebook (.qdc).
    ///
    /// Prints what REFI-QDA has no place for and where it went (docs/REFI-QDA.md).
    ExportRefi {
        /// The project file.
        file: PathBuf,
        /// The file to write: OUT.qdpx (the project) or OUT.qdc (the codebook).
        #[arg(short, long, value_name = "OUT.qdpx|OUT.qdc")]
        output: PathBuf,
    },
    /// Import a REFI-QDA project (.qdpx) or codebook (.qdc) as a new project, or add a
    /// codebook's codes to a project.
    ///
    /// Prints every element of the file that was skipped or changed, and why.
    ImportRefi {
        /// The .qdpx or .qdc file.
        #[arg(value_name = "IN.qdpx|IN.qdc")]
        input: PathBuf,
        /// The new project file to create (refuses an existing file).
        #[arg(short, long, value_name = "OUT.ron", conflicts_with = "into")]
        output: Option<PathBuf>,
        /// Add the codebook's codes (a .qdc) to this project: codes it lacks are added, codes
        /// it has are kept as they are.
        #[arg(long, value_name = "FILE.ron")]
        into: Option<PathBuf>,
    },
    /// A report: the codebook (each code's definition, criteria, example and counts) and the
    /// coded passages grouped by code, with document, page, coder and memo.
    ///
    /// The format follows the output's extension: .html (one self-contained page that prints
    /// well), .md (CommonMark) or .docx (Word). Filters as for `coda matrix`.
    Report(ReportArgs),
}

/// How a table is written.
#[derive(Clone, Debug, Default, Args)]
pub struct TableFormat {
    /// Write JSON: {"rows": [...], "columns": [...], "cells": [[...]]}.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Write CSV: a header `code,COLUMN,...`, then a line per code.
    #[arg(long)]
    pub csv: bool,
}

/// The options of `coda matrix`.
#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// The project file.
    pub file: PathBuf,
    /// The columns: document, group, coder or variable:NAME (one column per value of the
    /// variable).
    #[arg(long, default_value = "document", value_name = "COLUMNS")]
    pub by: String,
    /// What a cell counts: count (codings), chars (characters coded, each once) or coverage
    /// (characters coded, % of the column's characters).
    #[arg(long, default_value = "count", value_name = "MEASURE")]
    pub measure: String,
    /// A code's row also counts the codings of its subcodes.
    #[arg(long)]
    pub include_children: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only codings by this coder; repeat for several.
    #[arg(long = "coder", value_name = "NAME")]
    pub coders: Vec<String>,
    #[command(flatten)]
    pub format: TableFormat,
    /// Write here instead of to standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// The options of `coda cooccurrence`.
#[derive(Debug, Args)]
pub struct CooccurrenceArgs {
    /// The project file.
    pub file: PathBuf,
    /// Where two codings meet: overlap (share a character), sentence or paragraph (touch the
    /// same one).
    #[arg(long, default_value = "overlap", value_name = "WHERE")]
    pub within: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only codings by this coder; repeat for several.
    #[arg(long = "coder", value_name = "NAME")]
    pub coders: Vec<String>,
    #[command(flatten)]
    pub format: TableFormat,
    /// Write here instead of to standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// The options of `coda report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The project file.
    pub file: PathBuf,
    /// The report to write: REPORT.html, REPORT.md or REPORT.docx.
    #[arg(short, long, value_name = "REPORT")]
    pub output: PathBuf,
    /// Only the codebook, without the passages.
    #[arg(long)]
    pub codebook_only: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only codings by this coder; repeat for several.
    #[arg(long = "coder", value_name = "NAME")]
    pub coders: Vec<String>,
}

/// Which documents a command looks at (`analysis::filter`; docs/ANALYSIS.md).
#[derive(Clone, Debug, Default, Args)]
pub struct FilterArgs {
    /// Only documents whose variable meets a condition, compared as the variable's type:
    /// `year>=2018`, `outlet="Radio Azattyk"` (= != < <= > >=). Repeat: every one must hold.
    #[arg(long = "where", value_name = "CONDITION")]
    pub conditions: Vec<String>,
    /// Only documents in this group; repeat for documents in any of them.
    #[arg(long = "group", value_name = "NAME")]
    pub groups: Vec<String>,
    /// Only this document; repeat for several.
    #[arg(long = "document", value_name = "NAME")]
    pub documents: Vec<String>,
}

impl FilterArgs {
    /// The filter these options and `coders` describe.
    pub fn spec(&self, coders: &[String]) -> crate::analysis::filter::FilterSpec {
        crate::analysis::filter::FilterSpec {
            conditions: self.conditions.clone(),
            groups: self.groups.clone(),
            documents: self.documents.clone(),
            coders: coders.to_vec(),
        }
    }
}

/// The options of `coda search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The project file.
    pub file: PathBuf,
    /// What to find.
    pub pattern: String,
    /// The pattern is a regular expression.
    #[arg(long)]
    pub regex: bool,
    /// Upper and lower case differ.
    #[arg(long)]
    pub case_sensitive: bool,
    /// Only hits that are whole words (not part of a longer word).
    #[arg(long)]
    pub whole_word: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Chars of context on each side of a hit.
    #[arg(long, default_value_t = 40, value_name = "CHARS")]
    pub context: usize,
    /// Print JSON instead of one line per hit.
    #[arg(long)]
    pub json: bool,
}

/// The options of `coda agree`.
#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// The project files: one per coder, or one holding several coders' codings.
    #[arg(required = true, value_name = "FILE.ron")]
    pub files: Vec<PathBuf>,
    /// Compare these coders (repeat for each; at least two). Default: from several files,
    /// every coder with a coding in any file plus each file's current coder; from one file,
    /// the coders with at least one coding.
    #[arg(long = "coder", value_name = "NAME")]
    pub coders: Vec<String>,
    /// The unit of comparison: char, sentence or paragraph (a sentence or paragraph counts as
    /// coded when any of its characters is).
    #[arg(long, default_value = "char", value_name = "UNIT")]
    pub unit: Unit,
    /// Compare only the documents these options keep.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Compare only this code (a path such as "Push factors/Unemployment", or a code id);
    /// repeat for several. Default: every code.
    #[arg(long = "code", value_name = "PATH")]
    pub codes: Vec<String>,
    /// A code's coded text includes the text coded with any of its subcodes.
    #[arg(long)]
    pub include_children: bool,
    /// A coder with no coding at all in a document did not code it: their values there are
    /// missing instead of "not coded".
    #[arg(long)]
    pub missing: bool,
    /// Segment agreement: the least overlap (intersection over union, from 0 exclusive to 1)
    /// for two coders' segments of a code to agree.
    #[arg(
        long,
        default_value_t = 0.9,
        value_name = "FRACTION",
        value_parser = parse_threshold,
        allow_negative_numbers = true
    )]
    pub threshold: f64,
    /// Bootstrap resamples for the 95 % confidence intervals of pooled Cohen's kappa and
    /// Krippendorff's alpha (0: no intervals).
    #[arg(long, default_value_t = crate::agreement::DEFAULT_BOOTSTRAP, value_name = "N")]
    pub bootstrap: usize,
    /// The bootstrap's seed: the same seed gives the same intervals.
    #[arg(long, default_value_t = crate::agreement::DEFAULT_SEED, value_name = "N")]
    pub seed: u64,
    /// Write the report as one JSON object (schema: docs/AGREEMENT.md).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Write the report as CSV, one line per value.
    #[arg(long)]
    pub csv: bool,
    /// Write here instead of to standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

fn parse_threshold(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if value > 0.0 && value <= 1.0 {
        Ok(value)
    } else {
        Err(format!(
            "{value} is out of range: the threshold is a fraction greater than 0 and at most 1 \
             (0.9 for 90 %)"
        ))
    }
}
