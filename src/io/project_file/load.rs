//! The one loader: every command and the window read a project through [`load`] or [`parse`],
//! which check everything (format, version, duplicate ids, cycles, offsets, hashes) before a
//! project is shown, exported or computed on, and answer bad input in plain words with the file,
//! line and column. Loading never writes anything.

use super::{FORMAT_VERSION, FileIn, OLDEST_FORMAT_VERSION, ProjectFileError, migrate};
use crate::model::{
    COVERAGE_PROBLEM, GROUP_PROBLEM, Problem, Project, VALUE_PROBLEM, VARIABLE_PROBLEM,
    content_hash, validate,
};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// The byte-order mark some editors put at the start of UTF-8 files.
const BOM: &str = "\u{feff}";

/// How far into a file the version is looked for before parsing the whole of it.
const PROBE_WINDOW: usize = 64 * 1024;

/// A project as loaded, with what was repaired on the way (to tell the user).
#[derive(Debug)]
pub struct Loaded {
    pub project: Project,
    /// Repairs made in memory, in plain words: the file on disk is unchanged until saved.
    pub repairs: Vec<String>,
    /// SHA-256 of the bytes read: whoever saves later checks the file has not changed since.
    pub(super) digest: [u8; 32],
}

/// One broken invariant, with the file line it concerns when one could be found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocatedProblem {
    pub line: Option<usize>,
    pub problem: Problem,
}

/// The most problems a message lists; `coda validate` lists them all.
const PROBLEMS_SHOWN: usize = 20;

pub(super) fn list_problems(problems: &[LocatedProblem]) -> String {
    let mut out = String::new();
    for located in problems.iter().take(PROBLEMS_SHOWN) {
        match located.line {
            Some(line) => write!(out, "\n  line {line}: {}", located.problem),
            None => write!(out, "\n  {}", located.problem),
        }
        .expect("writing to a String");
    }
    if problems.len() > PROBLEMS_SHOWN {
        write!(
            out,
            "\n  … and {} more (`coda validate` lists every one)",
            problems.len() - PROBLEMS_SHOWN
        )
        .expect("writing to a String");
    }
    out
}

pub(super) fn digest(bytes: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).into()
}

/// Read and check the project file at `path`. Never writes anything.
pub fn load(path: &Path) -> Result<Loaded, ProjectFileError> {
    let bytes = std::fs::read(path).map_err(|source| ProjectFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&bytes, path)
}

/// Check a project file's bytes and build the project. `path` is only used in messages.
pub fn parse(bytes: &[u8], path: &Path) -> Result<Loaded, ProjectFileError> {
    let path_buf = || path.to_path_buf();
    let digest = digest(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ProjectFileError::Empty { path: path_buf() });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let (line, column) = line_and_column(valid);
        ProjectFileError::NotUtf8 {
            path: path_buf(),
            line,
            column,
        }
    })?;
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ProjectFileError::Empty { path: path_buf() });
    }
    let mut repairs = Vec::new();
    // git's core.autocrlf turns every line ending into CRLF, inside document text too. Coda
    // writes LF only, so a file whose every line ends in CRLF is read back as written.
    let crlf_repaired;
    let text = if text.contains("\r\n") && !text.replace("\r\n", "").contains('\n') {
        crlf_repaired = text.replace("\r\n", "\n");
        repairs.push(
            "every line ending had been changed to CRLF (git's core.autocrlf does this): read \
             with LF line endings as Coda wrote them. Run `coda git-setup` so that git leaves \
             project files alone"
                .to_string(),
        );
        crlf_repaired.as_str()
    } else {
        text
    };
    check_looks_like_project(text, path)?;
    check_version(text, path)?;
    let file: FileIn = match ron::Options::default().from_str(text) {
        Ok(file) => file,
        Err(error) => {
            refuse_conflict_markers(text, path)?;
            return Err(syntax_error(&error, path));
        }
    };
    let (version, found) = (file.format_version, file.format_version.to_string());
    if version > FORMAT_VERSION {
        return Err(too_new(found, String::new(), path));
    }
    if version < OLDEST_FORMAT_VERSION {
        return Err(ProjectFileError::TooOld {
            path: path_buf(),
            found: version,
        });
    }
    let mut problems = duplicate_segment_ids(&file);
    let mut project = migrate(file);
    repairs.extend(repair_line_endings(&mut project));
    problems.extend(validate(&project));
    // Markers can stand inside a text of several lines (a memo) and leave a file that loads:
    // the merge git left unfinished is still refused.
    refuse_conflict_markers(text, path)?;
    if !problems.is_empty() {
        return Err(ProjectFileError::Invalid {
            path: path_buf(),
            problems: locate(problems, text),
        });
    }
    Ok(Loaded {
        project,
        repairs,
        digest,
    })
}

/// Whether the file at `path` is (or starts like) a Coda project file: to refuse overwriting
/// one with an export.
pub fn looks_like_project_file(path: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    let head = head.trim_start_matches(BOM);
    head.starts_with(super::HEADER.trim_end())
        || (skip_trivia(head).starts_with('(') && head.contains("format_version"))
}

fn line_and_column(before: &str) -> (usize, usize) {
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The text after leading white space and `//` or `/* */` comments.
fn skip_trivia(mut text: &str) -> &str {
    loop {
        let trimmed = text.trim_start();
        if let Some(rest) = trimmed.strip_prefix("//") {
            text = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(rest) = trimmed.strip_prefix("/*") {
            text = rest.split_once("*/").map_or("", |(_, after)| after);
        } else {
            return trimmed;
        }
    }
}

/// A project file is one RON struct with a `format_version`: anything else (JSON, CSV, a
/// document) is answered as "not a project" rather than with a parser's complaint.
fn check_looks_like_project(text: &str, path: &Path) -> Result<(), ProjectFileError> {
    let start = skip_trivia(text);
    let reason = if start.is_empty() {
        Some("it holds only comments".to_string())
    } else if !start.starts_with('(') {
        let found: String = start.chars().take(20).collect();
        let found = found.lines().next().unwrap_or_default();
        Some(format!(
            "a project file starts with `(` after its header comment; this one starts with {found:?}"
        ))
    } else if !text.contains("format_version") {
        Some("it has no `format_version`".to_string())
    } else {
        None
    };
    match reason {
        Some(_) if has_conflict_markers(text) => refuse_conflict_markers(text, path),
        Some(reason) => Err(ProjectFileError::NotProject {
            path: path.to_path_buf(),
            reason,
        }),
        None => Ok(()),
    }
}

/// The version decides how to read the rest, so a newer file is refused with its version rather
/// than with whatever it added. Coda writes `format_version` first; it is looked for near the
/// top, as digits of any length (a version too large for a number is still "newer").
fn check_version(text: &str, path: &Path) -> Result<(), ProjectFileError> {
    let head = match text.char_indices().nth(PROBE_WINDOW) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let Some(at) = head.find("format_version") else {
        return Ok(()); // the full parse reports it
    };
    let after = head[at + "format_version".len()..].trim_start();
    let Some(after) = after.strip_prefix(':') else {
        return Ok(());
    };
    let digits: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '_')
        .filter(|c| *c != '_')
        .collect();
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok(());
    }
    let newer = match digits.parse::<u32>() {
        Ok(v) => v > FORMAT_VERSION,
        Err(_) => true, // longer than any u32
    };
    if newer {
        // A number of any length is "newer"; a very long one is shown by its length.
        let found = if digits.len() > 40 {
            format!("{}… ({} digits)", &digits[..12], digits.len())
        } else {
            digits.to_string()
        };
        return Err(too_new(found, coda_version(head), path));
    }
    Ok(())
}

fn too_new(found: String, written_by: String, path: &Path) -> ProjectFileError {
    ProjectFileError::TooNew {
        path: path.to_path_buf(),
        found,
        written_by: if written_by.is_empty() {
            "version unknown".into()
        } else {
            format!("Coda {written_by}")
        },
        ours: env!("CARGO_PKG_VERSION"),
    }
}

/// The `coda_version: "…"` near the top, if any.
fn coda_version(head: &str) -> String {
    head.find("coda_version")
        .and_then(|at| head[at..].split('"').nth(1))
        .map(|v| v.chars().filter(|c| !c.is_control()).take(40).collect())
        .unwrap_or_default()
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

fn has_conflict_markers(text: &str) -> bool {
    let lines = || text.lines();
    lines().any(|l| is_marker(l, "<<<<<<<")) && lines().any(|l| is_marker(l, ">>>>>>>"))
}

/// Git wrote `<<<<<<<`/`>>>>>>>` blocks into the file: say so, with where, and what to run.
fn refuse_conflict_markers(text: &str, path: &Path) -> Result<(), ProjectFileError> {
    if !has_conflict_markers(text) {
        return Ok(());
    }
    // Each block as `first–last`; a marker without its other half (a block half deleted by
    // hand, markers in the wrong order) as its own line, so that every marker is named.
    let mut blocks = Vec::new();
    let mut open = None;
    for (i, line) in text.lines().enumerate() {
        if is_marker(line, "<<<<<<<") {
            if let Some(unclosed) = open.replace(i + 1) {
                blocks.push(unclosed.to_string());
            }
        } else if is_marker(line, ">>>>>>>") {
            match open.take() {
                Some(start) => blocks.push(format!("{start}–{}", i + 1)),
                None => blocks.push((i + 1).to_string()),
            }
        }
    }
    if let Some(unclosed) = open {
        blocks.push(unclosed.to_string());
    }
    let shown = blocks.len().min(10);
    let mut lines = blocks[..shown].join(", ");
    if blocks.len() > shown {
        lines.push_str(&format!(" and {} more blocks", blocks.len() - shown));
    }
    Err(ProjectFileError::ConflictMarkers {
        path: path.to_path_buf(),
        lines,
    })
}

/// The longest message a parse error gives (a value quoted in it is cut short).
const LONGEST_SYNTAX_MESSAGE: usize = 200;

/// What a type of the file is called in messages.
fn thing(type_name: Option<&str>) -> String {
    match type_name {
        None | Some("FileIn") => "the project".to_string(),
        Some("DocumentSource") => "a document's source".to_string(),
        Some("StyleSpan" | "Style") => "a style".to_string(),
        Some("SourceFormat") => "a document's format".to_string(),
        Some(name) => format!("a {}", name.to_lowercase()),
    }
}

/// What serde says a field expects, in words.
fn expected_words(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number".to_string(),
        _ => match expected.strip_prefix("struct ") {
            Some(name) => thing(Some(name)),
            None => expected.to_string(),
        },
    }
}

/// A parse error in plain words, at its line and column: never the parser's own wording, which
/// names Rust types and parser internals.
fn syntax_error(error: &ron::error::SpannedError, path: &Path) -> ProjectFileError {
    use ron::error::Error as E;
    let message = match &error.code {
        E::ExceededRecursionLimit => "nested too deeply: a Coda project file is never nested more \
                                      than a few levels"
            .to_string(),
        E::IntegerOutOfBounds => "this number is too large for its field".to_string(),
        E::InvalidIntegerDigit { digit, .. } => format!("{digit:?} cannot be part of this number"),
        E::UnderscoreAtBeginning | E::FloatUnderscore => {
            "a number cannot have `_` here".to_string()
        }
        E::ExpectedInteger => "expected a whole number here".to_string(),
        E::ExpectedFloat => "expected a number here".to_string(),
        E::ExpectedBoolean => "expected `true` or `false` here".to_string(),
        E::Eof => "the file ends too early (is it cut off?)".to_string(),
        E::ExpectedStringEnd => {
            "a text that starts here is never closed (is the file cut off?)".to_string()
        }
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => "expected `(` here".to_string(),
        E::ExpectedStructLikeEnd | E::ExpectedOptionEnd => "expected `)` here".to_string(),
        E::ExpectedArray => "expected `[` here".to_string(),
        E::ExpectedArrayEnd => "expected `]` here".to_string(),
        E::ExpectedMap => "expected `{` here".to_string(),
        E::ExpectedMapEnd => "expected `}` here".to_string(),
        E::ExpectedMapColon => "expected `:` here".to_string(),
        E::ExpectedComma => "expected `,` here".to_string(),
        E::ExpectedOption => "expected `Some(…)` or `None` here".to_string(),
        E::ExpectedString => "expected text in double quotes here".to_string(),
        E::InvalidEscape(what) => format!("a text in double quotes has a bad escape: {what}"),
        E::ExpectedIdentifier => "expected a field name here".to_string(),
        E::InvalidIdentifier(name) | E::SuggestRawIdentifier(name) => {
            format!("{name:?} cannot be a field name")
        }
        E::ExpectedDifferentStructName { found, .. } => {
            format!("unexpected `{found}` before `(` here")
        }
        E::UnexpectedChar(c) => format!("unexpected {c:?} here"),
        E::UnclosedBlockComment => "a `/*` comment is never closed".to_string(),
        E::UnclosedLineComment => "the file ends inside a `//` comment".to_string(),
        E::ExpectedAttribute | E::ExpectedAttributeEnd | E::NoSuchExtension(_) => {
            "a `#![enable(…)]` line that Coda does not write".to_string()
        }
        E::MissingStructField { field, outer } => {
            format!("{} lacks the field `{field}`", thing(outer.as_deref()))
        }
        E::DuplicateStructField { field, outer } => {
            format!("{} has the field `{field}` twice", thing(outer.as_deref()))
        }
        E::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "`{found}` is not one of: {}",
            expected
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        E::InvalidValueForType { expected, found } => {
            format!("expected {} here, found {found}", expected_words(expected))
        }
        E::TrailingCharacters => "unexpected text after the end of the project".to_string(),
        E::Message(text) => match text.strip_prefix("UUID parsing failed: ") {
            Some(why) => {
                format!("not a valid id (ids are UUIDs: 32 hex digits grouped 8-4-4-4-12): {why}")
            }
            None => text.clone(),
        },
        _ => "this is not what a Coda project file has here".to_string(),
    };
    ProjectFileError::Syntax {
        path: path.to_path_buf(),
        line: error.span.start.line,
        column: error.span.start.col,
        message: one_short_line(&message),
    }
}

fn one_short_line(text: &str) -> String {
    crate::wording::one_line(text, LONGEST_SYNTAX_MESSAGE)
}

/// Segments are kept by id, so a duplicate id would silently drop a coding at the next save.
fn duplicate_segment_ids(file: &FileIn) -> Vec<Problem> {
    let mut seen = HashMap::with_capacity(file.segments.len());
    let mut problems = Vec::new();
    for segment in &file.segments {
        if seen.insert(segment.id, ()).is_some() {
            problems.push(Problem(format!(
                "segment id {} is used twice (two codings cannot share an id)",
                segment.id
            )));
        }
    }
    problems
}

/// A document whose text differs from its hash only because its line endings became CRLF is
/// restored; a real difference is left for validation to report.
fn repair_line_endings(project: &mut Project) -> Vec<String> {
    let mut repairs = Vec::new();
    for doc in &mut project.documents {
        if !doc.text.as_str().contains('\r') || content_hash(doc.text.as_str()) == doc.hash {
            continue;
        }
        let restored = doc.text.as_str().replace("\r\n", "\n");
        if content_hash(&restored) == doc.hash {
            doc.text = restored.into();
            repairs.push(format!(
                "document {:?}: its line endings had been changed to CRLF; restored to LF as \
                 imported (its hash matches again)",
                doc.name
            ));
        }
    }
    repairs
}

/// The most problems looked up in the file (each look-up scans it).
const PROBLEMS_LOCATED: usize = 50;

/// Give each problem the line of the first id it names, where that id stands in the file.
fn locate(problems: Vec<Problem>, text: &str) -> Vec<LocatedProblem> {
    let line_of = |byte: usize| text[..byte].matches('\n').count() + 1;
    problems
        .into_iter()
        .enumerate()
        .map(|(i, problem)| {
            let line = if i >= PROBLEMS_LOCATED {
                None
            } else if problem.0.starts_with(COVERAGE_PROBLEM) {
                coverage_line(&problem.0, text).map(line_of)
            } else if let Some(name) = quoted_after(&problem.0, VALUE_PROBLEM) {
                let document = first_uuid(&problem.0[VALUE_PROBLEM.len() + name.len()..]);
                list_line(text, "values", &[Some(name), document]).map(line_of)
            } else if let Some(name) = quoted_after(&problem.0, VARIABLE_PROBLEM) {
                list_line(text, "variables", &[Some(name)]).map(line_of)
            } else if let Some(name) = quoted_after(&problem.0, GROUP_PROBLEM) {
                list_line(text, "groups", &[Some(name)]).map(line_of)
            } else {
                first_uuid(&problem.0)
                    .and_then(|id| text.find(id))
                    .map(line_of)
            };
            LocatedProblem { line, problem }
        })
        .collect()
}

/// Where the coverage entry a problem names (its coder and document ids, the first two UUIDs
/// of the message) stands: the first line after `coverage:` holding both ids.
fn coverage_line(message: &str, text: &str) -> Option<usize> {
    let coder = first_uuid(message)?;
    let after_coder = &message[message.find(coder)? + coder.len()..];
    let document = first_uuid(after_coder)?;
    let list = text.find("\n    coverage:")?;
    let mut offset = list + 1;
    for line in text[list + 1..].split_inclusive('\n') {
        if line.contains(coder) && line.contains(document) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// The quoted name (with its quotes, as the file writes a plain name) right after `prefix` at
/// the start of a message.
fn quoted_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let rest = message.strip_prefix(prefix)?;
    if !rest.starts_with('"') {
        return None;
    }
    let mut escaped = false;
    for (i, c) in rest.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(&rest[..=i]),
            _ => escaped = false,
        }
    }
    None
}

/// Where the first line of the top-level list `list` holding every one of `needles` starts.
fn list_line(text: &str, list: &str, needles: &[Option<&str>]) -> Option<usize> {
    let needles: Vec<&str> = needles.iter().copied().collect::<Option<_>>()?;
    let start = text.find(&format!("\n    {list}:"))? + 1;
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if needles.iter().all(|n| line.contains(n)) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// The first UUID (8-4-4-4-12 hex digits) in a message.
fn first_uuid(message: &str) -> Option<&str> {
    let bytes = message.as_bytes();
    (0..bytes.len().saturating_sub(35)).find_map(|start| {
        let candidate = message.get(start..start + 36)?;
        let shape_ok = candidate.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        });
        shape_ok.then_some(candidate)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::project_file::to_ron_string;
    use crate::model::{Coder, CoderId, Document, DocumentSource};

    fn small_project() -> Project {
        let mut project = Project::new("P");
        let coder = Coder {
            id: CoderId::new(),
            name: "A".into(),
        };
        project.current_coder = Some(coder.id);
        project.coders.push(coder);
        project.documents.push(Document::new(
            "d.txt",
            DocumentSource {
                file_name: "d.txt".into(),
                format: crate::model::SourceFormat::PlainText,
                encoding: "UTF-8".into(),
            },
            "line one\nline two\n".into(),
        ));
        project
    }

    fn message(bytes: &[u8]) -> String {
        parse(bytes, Path::new("p.ron")).unwrap_err().to_string()
    }

    #[test]
    fn empty_and_foreign_files_are_named_as_such() {
        assert_eq!(
            message(b""),
            "p.ron: empty file: a Coda project file is never empty"
        );
        assert!(message(b"  \n").contains("empty file"));
        assert!(message("\u{feff}\n".as_bytes()).contains("empty file"));
        assert!(message(b"{\"a\": 1}").contains("this is not a Coda project file"));
        assert!(message(b"document,start,end\n").contains("not a Coda project"));
        assert!(message(b"// just a comment\n").contains("only comments"));
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let text = to_ron_string(&small_project());
        let with_bom = format!("{BOM}{text}");
        let loaded = parse(with_bom.as_bytes(), Path::new("p.ron")).unwrap();
        assert_eq!(loaded.project, small_project_like(&loaded.project));
    }

    fn small_project_like(p: &Project) -> Project {
        p.clone()
    }

    #[test]
    fn versions_too_new_are_refused_with_their_number() {
        let text = to_ron_string(&small_project());
        for version in ["2", "4294967296", "99999999999999999999999"] {
            let newer = text.replacen(
                "format_version: 1",
                &format!("format_version: {version}"),
                1,
            );
            let m = message(newer.as_bytes());
            assert!(m.contains("written by a newer Coda"), "{m}");
            assert!(m.contains(&format!("format {version}")), "{m}");
        }
    }

    #[test]
    fn deep_nesting_is_answered_in_plain_words() {
        let deep = format!("(format_version: 1, extra: {}", "[".repeat(100_000));
        let m = message(deep.as_bytes());
        assert!(m.contains("nested too deeply"), "{m}");
        assert!(!m.contains("serde_stacker"), "{m}");
    }

    #[test]
    fn git_conflict_markers_are_named_with_lines_and_the_remedy() {
        let text = to_ron_string(&small_project());
        let conflicted = text.replacen(
            "    coders: [",
            "<<<<<<< HEAD\n    coders: [\n=======\n    coders: [\n>>>>>>> theirs\n",
            1,
        );
        let m = message(conflicted.as_bytes());
        assert!(m.contains("has git conflict markers (lines"), "{m}");
        assert!(m.contains("coda resolve p.ron"), "{m}");
    }

    #[test]
    fn conflict_markers_inside_a_memo_are_refused_though_the_file_parses() {
        // Found by tests/loader_fuzz.rs: git's block inside a memo of several lines left a file
        // that loaded, with both sides' lines and the markers as the memo.
        let mut project = small_project();
        project.memo = "one\ntwo\nthree".into();
        let text = to_ron_string(&project);
        let conflicted = text.replacen(
            "\ntwo\n",
            "\n<<<<<<< HEAD\ntwo\n=======\nTWO\n>>>>>>> theirs\n",
            1,
        );
        let m = message(conflicted.as_bytes());
        assert!(m.contains("has git conflict markers (lines 8–12)"), "{m}");
    }

    #[test]
    fn parse_errors_are_one_short_line_in_plain_words() {
        let project = small_project();
        let text = to_ron_string(&project);
        let coder = project.coders[0].id.to_string();
        let cases = [
            // (from, to, the message says)
            ("    coders: [", "    coders: (", "expected `[` here"),
            (
                &format!("current_coder: Some(\"{coder}\"),"),
                &format!("current_coder: Some(\"{coder}\","),
                "expected `)` here",
            ),
            (
                "encoding: \"UTF-8\"",
                "encodinq: \"UTF-8\"",
                "a document's source lacks the field `encoding`",
            ),
            (
                "    coders: [\n        (",
                "    coders: [\n        Some(",
                "unexpected `Some` before `(` here",
            ),
            (
                &coder[..],
                &format!("{}\n{}", &coder[..8], &coder[9..]),
                "not a valid id",
            ),
            (
                "format_version: 1,",
                "format_version: 1, 0x1F: 2,",
                "cannot be a field name",
            ),
        ];
        for (from, to, says) in cases {
            let broken = text.replacen(from, to, 1);
            assert_ne!(broken, text, "{from}");
            let m = message(broken.as_bytes());
            assert!(m.contains(says), "{to}: {m}");
            assert!(!m.contains('\n'), "{to}: {m}");
            assert!(!m.contains("Expected"), "{to}: {m}");
        }
        // A version longer than any number is shown by its length.
        let long = "7".repeat(1540);
        let newer = text.replacen("format_version: 1", &format!("format_version: {long}"), 1);
        let m = message(newer.as_bytes());
        assert!(m.contains("format 777777777777… (1540 digits)"), "{m}");
        assert!(m.len() < 300, "{m}");
        // The writer's version is quoted without its line breaks.
        let newer = text
            .replacen("format_version: 1", "format_version: 2", 1)
            .replacen("coda_version: \"0.1.0\"", "coda_version: \"9.0\n.0\"", 1);
        let m = message(newer.as_bytes());
        assert!(m.contains("(Coda 9.0.0, project format 2)"), "{m}");
    }

    #[test]
    fn conflict_markers_out_of_order_are_each_named() {
        // Found by tests/loader_fuzz.rs: a closing marker above the opening one gave
        // "(lines )", naming no line at all.
        let text = to_ron_string(&small_project());
        let reversed = text.replacen(
            "    coders: [",
            ">>>>>>> theirs\n    coders: [\n<<<<<<< HEAD",
            1,
        );
        let closing = reversed
            .lines()
            .position(|l| l.starts_with(">>>>>>>"))
            .unwrap()
            + 1;
        let m = message(reversed.as_bytes());
        assert!(
            m.contains(&format!("(lines {closing}, {})", closing + 2)),
            "{m}"
        );
        // A whole block before an opening marker left alone.
        let mixed = text.replacen(
            "    coders: [",
            "<<<<<<< HEAD\n=======\n>>>>>>> theirs\n<<<<<<< HEAD\n    coders: [",
            1,
        );
        let first = mixed.lines().position(|l| l == "<<<<<<< HEAD").unwrap() + 1;
        let m = message(mixed.as_bytes());
        assert!(
            m.contains(&format!("(lines {first}–{}, {})", first + 2, first + 3)),
            "{m}"
        );
    }

    #[test]
    fn crlf_line_endings_from_git_are_repaired_and_reported() {
        let project = small_project();
        let crlf = to_ron_string(&project).replace('\n', "\r\n");
        let loaded = parse(crlf.as_bytes(), Path::new("p.ron")).unwrap();
        assert_eq!(loaded.project, project);
        assert_eq!(loaded.repairs.len(), 1, "{:?}", loaded.repairs);
        assert!(loaded.repairs[0].contains("CRLF"));
    }

    #[test]
    fn a_document_whose_text_alone_became_crlf_is_repaired() {
        let project = small_project();
        let text =
            to_ron_string(&project).replace("line one\nline two\n", "line one\r\nline two\r\n");
        let loaded = parse(text.as_bytes(), Path::new("p.ron")).unwrap();
        assert_eq!(loaded.project, project);
        assert!(
            loaded.repairs[0].contains("\"d.txt\""),
            "{:?}",
            loaded.repairs
        );
    }

    #[test]
    fn a_page_map_is_saved_read_back_and_checked() {
        let mut project = small_project();
        let pages = vec![
            crate::model::PageStart {
                start: 0,
                label: "ix".into(),
            },
            crate::model::PageStart {
                start: 9,
                label: "1".into(),
            },
        ];
        project.documents[0].pages = pages.clone();
        let text = to_ron_string(&project);
        assert!(text.contains(r#"pages: [(start: 0, label: "ix"), (start: 9, label: "1")]"#));
        let loaded = parse(text.as_bytes(), Path::new("p.ron")).unwrap();
        assert_eq!(loaded.project.documents[0].pages, pages);
        // A document without pages writes none: files of other documents stay as they were.
        assert!(!to_ron_string(&small_project()).contains("pages"));

        let broken = text.replace("(start: 9, label", "(start: 90, label");
        let m = message(broken.as_bytes());
        assert!(
            m.contains("document \"d.txt\": page \"1\" starts at char 90, outside its 18 chars"),
            "{m}"
        );
    }

    #[test]
    fn invalid_projects_are_refused_with_located_problems() {
        let mut project = small_project();
        let coder = project.coders[0].id;
        let doc = project.documents[0].id;
        let code = crate::model::Code::new("C", None, crate::model::Color::rgb(1, 2, 3));
        let code_id = code.id;
        project.codes.push(code);
        let segment = crate::model::Segment {
            id: crate::model::SegmentId::new(),
            document: doc,
            start: 0,
            end: 4,
            code: code_id,
            coder,
            created: "2026-01-01T00:00:00Z".into(),
            memo: String::new(),
        };
        project.segments.insert(segment.id, segment.clone());
        let text = to_ron_string(&project);
        let segment_line = text
            .lines()
            .find(|l| l.contains(&segment.id.to_string()))
            .unwrap();
        let doubled = text.replacen(
            "    segments: [\n",
            &format!("    segments: [\n{segment_line}\n"),
            1,
        );
        // The first mention of the id is now the copy, just below `segments: [`.
        let copy_line = doubled
            .lines()
            .position(|l| l == "    segments: [")
            .unwrap()
            + 2;
        let err = parse(doubled.as_bytes(), Path::new("p.ron")).unwrap_err();
        let m = err.to_string();
        let expected = format!("line {copy_line}: segment id {} is used twice", segment.id);
        assert!(m.contains(&expected), "{m}");
        assert!(m.starts_with("p.ron: 1 problem;"), "{m}");
    }
}
