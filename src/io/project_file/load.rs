//! The one loader: every command and the window read a project through [`load`] or [`parse`],
//! which check everything (format, version, duplicate ids, cycles, offsets, hashes) before a
//! project is shown, exported or computed on, and answer bad input in plain words with the file,
//! line and column. Loading never writes anything.

use super::{FORMAT_VERSION, FileIn, OLDEST_FORMAT_VERSION, ProjectFileError, migrate};
use crate::model::{Problem, Project, content_hash, validate};
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
    if !problems.is_empty() {
        refuse_conflict_markers(text, path)?;
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
        return Err(too_new(digits.to_string(), coda_version(head), path));
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
        .map(|v| v.chars().take(40).collect())
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
    let mut blocks = Vec::new();
    let mut open = None;
    for (i, line) in text.lines().enumerate() {
        if is_marker(line, "<<<<<<<") {
            open = Some(i + 1);
        } else if is_marker(line, ">>>>>>>")
            && let Some(start) = open.take()
        {
            blocks.push(format!("{start}–{}", i + 1));
        }
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

/// A parse error in plain words, at its line and column.
fn syntax_error(error: &ron::error::SpannedError, path: &Path) -> ProjectFileError {
    use ron::error::Error as E;
    let place = |outer: &Option<String>| match outer.as_deref() {
        None | Some("FileIn") => "the project".to_string(),
        Some(name) => format!("a {}", name.to_lowercase()),
    };
    let message = match &error.code {
        E::ExceededRecursionLimit => "nested too deeply: a Coda project file is never nested more \
                                      than a few levels"
            .to_string(),
        E::IntegerOutOfBounds => "this number is too large for its field".to_string(),
        E::Eof => "the file ends too early (is it cut off?)".to_string(),
        E::ExpectedStringEnd => {
            "a text that starts here is never closed (is the file cut off?)".to_string()
        }
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => "expected `(` here".to_string(),
        E::ExpectedStructLikeEnd => "expected `)` here".to_string(),
        E::MissingStructField { field, outer } => {
            format!("{} lacks the field `{field}`", place(outer))
        }
        E::DuplicateStructField { field, outer } => {
            format!("{} has the field `{field}` twice", place(outer))
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
        E::TrailingCharacters => "unexpected text after the end of the project".to_string(),
        other => other.to_string().replace("`FileIn`", "the project"),
    };
    ProjectFileError::Syntax {
        path: path.to_path_buf(),
        line: error.span.start.line,
        column: error.span.start.col,
        message,
    }
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
            let line = (i < PROBLEMS_LOCATED)
                .then(|| first_uuid(&problem.0))
                .flatten()
                .and_then(|id| text.find(id))
                .map(line_of);
            LocatedProblem { line, problem }
        })
        .collect()
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
