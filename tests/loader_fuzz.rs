//! A fuzz test of the one loader and of every read-only command (issue 9).
//!
//! Mutations of the sample projects and of two projects built here (flipped bytes, truncations,
//! duplicated and deleted lines, swapped ids, code cycles, huge numbers, deep nesting, byte-order
//! marks, CRLF, git conflict markers, changed document text, segments past their document, empty
//! files, random bytes, bytes that are not UTF-8, broken invariants, …). Every case must:
//!
//! * go through `project_file::parse` without a panic;
//! * be refused unless the project is sound: an accepted project must pass both
//!   `coda::model::validate` and an independent check written here from docs/FORMAT.md, and a
//!   mutation known to break an invariant must be refused (one known to keep the project sound,
//!   such as CRLF line endings or a byte-order mark, must be accepted);
//! * when refused, be answered with a readable message that starts with the file's path;
//! * when accepted, go through what the read-only commands compute (stats, the codings export,
//!   agreement with the other coder's file) without a panic.
//!
//! Every `PROCESS_EVERY`-th case also runs the real binary's read-only commands on the mutated
//! file (`validate`, `stats`, `export-codings` to standard output and with `-o`, `agree`): each
//! must exit 0 or 1 (never a panic's 101 or a signal) within `COMMAND_TIME_LIMIT`, name the file
//! when it cannot load it, agree with the in-process verdict, leave the project file
//! byte-identical and create no file but the requested output.
//!
//! `cargo test --test loader_fuzz` runs `DEFAULT_CASES` cases. Environment variables:
//! * `CODA_FUZZ_CASES=N`: run N cases (the binary on every `PROCESS_EVERY`-th, so proportionally
//!   more), e.g. `CODA_FUZZ_CASES=100000 cargo test --release --test loader_fuzz -- --nocapture`;
//! * `CODA_FUZZ_PROCESS_EVERY=K`: the binary on every K-th case instead;
//! * `CODA_FUZZ_SEED=S`: another deterministic sequence of cases (decimal or 0x-hex);
//! * `CODA_FUZZ_CASE=I`: only case I (with the binary), to reproduce a failure;
//! * `CODA_FUZZ_VERBOSE=1`: name each case on standard error before running it, to find the case
//!   should the test process itself die.
//!
//! Failing inputs are written to `CARGO_TARGET_TMPDIR/loader_fuzz_failures/`.

use coda::agreement::{self, Options, inputs};
use coda::analysis::stats;
use coda::io::{agreement_report, codings_csv, project_file};
use coda::model::{
    Code, CodeId, Coder, CoderId, Color, DocId, Document, DocumentSource, Project, ProjectId,
    Segment, SegmentId, SourceFormat, Style, StyleSpan, validate,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const DEFAULT_CASES: usize = 300;
const PROCESS_EVERY: usize = 20;
const DEFAULT_SEED: u64 = 0xC0DA_F022_0009;
const COMMAND_TIME_LIMIT: Duration = Duration::from_secs(20);
/// The path the in-process loader is given: only used in its messages.
const MESSAGE_PATH: &str = "fuzzed/project.ron";
/// The longest first line of a refusal that is still one readable sentence.
const LONGEST_MESSAGE_LINE: usize = 400;
/// Words of Rust's and the parser's internals that a person must never see.
const NOT_FOR_PEOPLE: &[&str] = &[
    "FileIn",
    "FileOut",
    "serde_stacker",
    "Integer is out of bounds",
    "Expected opening",
    "Expected closing",
    "RawValue",
    "SpannedError",
    "Position {",
    "Span {",
    "Error {",
    "Some(Error",
    "ron::",
    "serde::",
    "panicked",
    "RUST_BACKTRACE",
    "Utf8Error",
    "ParseIntError",
    "Os {",
];

// ---------------------------------------------------------------------------------------------
// A small deterministic random number generator (SplitMix64).

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        (self.next() % n as u64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

fn case_seed(seed: u64, index: usize) -> u64 {
    Rng::new(seed ^ (index as u64).wrapping_mul(0xD1B5_4A32_D192_ED03)).next()
}

// ---------------------------------------------------------------------------------------------
// The projects mutated: the two sample projects and two built here.

fn fixed_code(n: u128, name: &str, parent: Option<CodeId>, hotkey: Option<u8>) -> Code {
    let mut code = Code::new(name, parent, Color::rgb(0x10 * n as u8, 0x9f, 0x40));
    code.id = CodeId::from_u128(0xC0DE_0000 + n);
    code.hotkey = hotkey;
    code
}

fn fixed_document(n: u128, name: &str, format: SourceFormat, text: &str) -> Document {
    let mut document = Document::new(
        name,
        DocumentSource {
            file_name: name.into(),
            format,
            encoding: "UTF-8".into(),
        },
        text.into(),
    );
    document.id = DocId::from_u128(0xD0C0_0000 + n);
    document
}

/// A small project with what the samples lack: styles, several coders in one file, multi-line
/// memos and descriptions, strings written raw, non-ASCII text, a coding at a document's very end.
fn small_project() -> Project {
    let mut project = Project::new("Small \"fuzz\" project");
    project.id = ProjectId::from_u128(0xF022);
    project.memo = "A project memo\nover two lines.".into();
    let aigerim = Coder {
        id: CoderId::from_u128(0xA1),
        name: "Aigerim".into(),
    };
    let bakyt = Coder {
        id: CoderId::from_u128(0xB2),
        name: "Bakyt \"B.\" Omarov".into(),
    };
    project.current_coder = Some(aigerim.id);
    project.coders = vec![aigerim.clone(), bakyt.clone()];

    let mut push = fixed_code(1, "Push factors", None, Some(1));
    push.description =
        "Why people are *drawn in*.\nA second line with \"quotes\" and r#\"a raw string\"#.".into();
    push.inclusion = "Causes named in the text.".into();
    let mut jobs = fixed_code(2, "Unemployment", Some(push.id), Some(2));
    jobs.memo = "A memo\nover\nfour\nlines.".into();
    let migration = fixed_code(3, "Labour migration", Some(jobs.id), None);
    let channels = fixed_code(4, "Recruitment channels", None, Some(9));
    let online = fixed_code(5, "Online propaganda", Some(channels.id), None);
    let unused = fixed_code(6, "Unused code", Some(channels.id), None);
    project.codes = vec![push, jobs, migration, channels, online, unused];

    let plain = fixed_document(
        1,
        "interview.txt",
        SourceFormat::PlainText,
        "Безработица толкает людей за границу.\nMigrants 🧳 work abroad, far from home.\n\nA third paragraph.\n",
    );
    let mut markdown = fixed_document(
        2,
        "notes.md",
        SourceFormat::Markdown,
        "Heading\nSome emphasis here.\nitem one\nitem two\n",
    );
    markdown.styles = vec![
        StyleSpan {
            start: 0,
            end: 7,
            style: Style::Heading(1),
        },
        StyleSpan {
            start: 13,
            end: 21,
            style: Style::Emphasis,
        },
        StyleSpan {
            start: 28,
            end: 36,
            style: Style::ListItem(1),
        },
    ];
    markdown.memo = "Rendered from Markdown.".into();
    let tiny = fixed_document(3, "x.txt", SourceFormat::ReflowedText, "x");
    let lengths = [
        plain.text.char_len(),
        markdown.text.char_len(),
        tiny.text.char_len(),
    ];
    let documents = [plain.id, markdown.id, tiny.id];
    project.documents = vec![plain, markdown, tiny];

    let codings = [
        // (document, start, end, code, coder, memo)
        (0, 0, 12, 1, &aigerim, ""),
        (0, 0, 12, 1, &bakyt, ""),
        (
            0,
            38,
            64,
            2,
            &aigerim,
            "first line\nsecond line\nthird line\nfourth line",
        ),
        (0, 40, 64, 2, &bakyt, "with \"quotes\""),
        (0, 66, lengths[0], 4, &aigerim, ""),
        (1, 8, 27, 3, &bakyt, ""),
        (1, 0, lengths[1], 0, &aigerim, ""),
        (2, 0, 1, 5, &bakyt, ""),
        (2, 0, 1, 5, &aigerim, ""),
    ];
    for (n, (doc, start, end, code, coder, memo)) in codings.into_iter().enumerate() {
        let segment = Segment {
            id: SegmentId::from_u128(0x5E60_0000 + n as u128),
            document: documents[doc],
            start,
            end,
            code: project.codes[code].id,
            coder: coder.id,
            created: "2026-11-22T10:00:00Z".into(),
            memo: memo.into(),
        };
        project.segments.insert(segment.id, segment);
    }
    assert_eq!(validate(&project), [], "the small project is sound");
    project
}

fn empty_project() -> Project {
    let mut project = Project::new("Empty");
    project.id = ProjectId::from_u128(0xE);
    project
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Coders,
    Codes,
    Documents,
    Segments,
}

/// A string literal of the file: the whole literal and its content.
struct Literal {
    whole: Range<usize>,
    content: Range<usize>,
}

/// A project file to mutate, with where its parts are.
struct Base {
    name: String,
    text: String,
    project: Project,
    /// The other coder's file, for `agree`.
    partner: usize,
    /// Byte ranges of the lines, each with its `\n`.
    lines: Vec<Range<usize>>,
    /// The content ranges of the string literals that are a UUID.
    uuids: Vec<Range<usize>>,
    /// Number tokens outside strings and comments.
    numbers: Vec<Range<usize>>,
    /// Brackets, commas and colons outside strings and comments.
    punctuation: Vec<usize>,
    /// The content of each document's `text` and `hash` literals, in document order.
    doc_texts: Vec<Range<usize>>,
    doc_hashes: Vec<Range<usize>>,
    /// Lines that are one whole element of a list: `(line index, section)`.
    elements: Vec<(usize, Section)>,
}

impl Base {
    fn new(name: &str, text: String, partner: usize) -> Base {
        let project = project_file::parse(text.as_bytes(), Path::new(name))
            .unwrap_or_else(|e| panic!("{name} must load before it is mutated: {e}"))
            .project;
        let mut lines = Vec::new();
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                lines.push(start..i + 1);
                start = i + 1;
            }
        }
        if start < text.len() {
            lines.push(start..text.len());
        }
        let (strings, comments) = lex(&text);
        let uuids = strings
            .iter()
            .filter(|s| is_uuid(&text[s.content.clone()]))
            .map(|s| s.content.clone())
            .collect();
        let (numbers, punctuation) = tokens(&text, &strings, &comments);
        let after = |key: &str| -> Vec<Range<usize>> {
            strings
                .iter()
                .filter(|s| text[..s.whole.start].trim_end().ends_with(key))
                .map(|s| s.content.clone())
                .collect()
        };
        let doc_texts = after("text:");
        let doc_hashes = after("hash:");
        assert_eq!(doc_texts.len(), project.documents.len(), "{name}: text");
        assert_eq!(doc_hashes.len(), project.documents.len(), "{name}: hash");
        let mut elements = Vec::new();
        let mut section = None;
        for (i, range) in lines.iter().enumerate() {
            let line = &text[range.clone()];
            section = match line.trim_end() {
                "    coders: [" => Some(Section::Coders),
                "    codes: [" => Some(Section::Codes),
                "    documents: [" => Some(Section::Documents),
                "    segments: [" => Some(Section::Segments),
                "    ]," => None,
                _ => section,
            };
            if let Some(section) = section
                && line.starts_with("        (id: \"")
                && line.ends_with("),\n")
            {
                elements.push((i, section));
            }
        }
        Base {
            name: name.to_string(),
            text,
            project,
            partner,
            lines,
            uuids,
            numbers,
            punctuation,
            doc_texts,
            doc_hashes,
            elements,
        }
    }

    fn line(&self, i: usize) -> &str {
        &self.text[self.lines[i].clone()]
    }

    /// The line of the element of `section` with this id.
    fn element_line(&self, section: Section, id: &str) -> Option<usize> {
        let needle = format!("(id: \"{id}\"");
        self.elements
            .iter()
            .find(|(i, s)| *s == section && self.line(*i).contains(&needle))
            .map(|(i, _)| *i)
    }

    fn elements_of(&self, section: Section) -> Vec<usize> {
        self.elements
            .iter()
            .filter(|(_, s)| *s == section)
            .map(|(i, _)| *i)
            .collect()
    }

    /// The text with the first `from` of line `line` replaced by `to`; `None` if absent.
    fn edit_line(&self, line: usize, from: &str, to: &str) -> Option<String> {
        let range = self.lines[line].clone();
        let at = self.text[range.clone()].find(from)? + range.start;
        Some(splice(&self.text, at..at + from.len(), to))
    }

    /// The line index holding byte `at`.
    fn line_of(&self, at: usize) -> usize {
        self.lines.partition_point(|r| r.end <= at)
    }
}

fn bases() -> Vec<Base> {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects");
    let read = |name: &str| std::fs::read_to_string(samples.join(name)).unwrap();
    vec![
        Base::new(
            "small.ron",
            project_file::to_ron_string(&small_project()),
            0,
        ),
        Base::new(
            "empty.ron",
            project_file::to_ron_string(&empty_project()),
            0,
        ),
        Base::new("central-asia-cve.ron", read("central-asia-cve.ron"), 3),
        Base::new(
            "central-asia-cve-coder-b.ron",
            read("central-asia-cve-coder-b.ron"),
            2,
        ),
    ]
}

/// The string literals and comments of a RON text (enough of RON for the files Coda writes).
fn lex(text: &str) -> (Vec<Literal>, Vec<Range<usize>>) {
    let b = text.as_bytes();
    let (mut strings, mut comments) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < b.len() {
        let identifier_before = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(b.len(), |n| i + n);
                comments.push(i..end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
                comments.push(i..end);
                i = end;
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(b.len());
                strings.push(Literal {
                    whole: start..end,
                    content: start + 1..end.saturating_sub(1).max(start + 1),
                });
                i = end;
            }
            b'r' if !identifier_before && matches!(b.get(i + 1), Some(b'#' | b'"')) => {
                let start = i;
                let mut j = i + 1;
                while b.get(j) == Some(&b'#') {
                    j += 1;
                }
                let hashes = j - i - 1;
                if b.get(j) != Some(&b'"') {
                    i = j;
                    continue;
                }
                let closing = format!("\"{}", "#".repeat(hashes));
                let content_start = j + 1;
                let content_end = text[content_start..]
                    .find(&closing)
                    .map_or(b.len(), |n| content_start + n);
                let end = (content_end + closing.len()).min(b.len());
                strings.push(Literal {
                    whole: start..end,
                    content: content_start..content_end,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    (strings, comments)
}

/// The numbers, and the places of the punctuation, outside strings and comments.
fn tokens(
    text: &str,
    strings: &[Literal],
    comments: &[Range<usize>],
) -> (Vec<Range<usize>>, Vec<usize>) {
    let mut inside = vec![false; text.len()];
    for range in strings
        .iter()
        .map(|s| s.whole.clone())
        .chain(comments.iter().cloned())
    {
        inside[range].fill(true);
    }
    let b = text.as_bytes();
    let mut numbers = Vec::new();
    let punctuation = (0..b.len())
        .filter(|&i| !inside[i] && b"()[]{},:".contains(&b[i]))
        .collect();
    let mut i = 0;
    while i < b.len() {
        if !inside[i]
            && b[i].is_ascii_digit()
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            numbers.push(start..i);
        } else {
            i += 1;
        }
    }
    (numbers, punctuation)
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..range.start]);
    out.push_str(with);
    out.push_str(&text[range.end..]);
    out
}

fn random_uuid(rng: &mut Rng) -> String {
    let n = (u128::from(rng.next()) << 64) | u128::from(rng.next());
    let hex = format!("{n:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn sha256_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("sha256:{:x}", Sha256::digest(text.as_bytes()))
}

// ---------------------------------------------------------------------------------------------
// Cases: a mutated file and what the loader must make of it.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Refused,
    Accepted,
    Either,
}

struct Case {
    /// The mutation, in words (kind first).
    what: String,
    bytes: Vec<u8>,
    expect: Expect,
    /// A refusal must contain this.
    says: Option<String>,
    /// An accepted project must equal the base project.
    same_project: bool,
    /// An accepted project must have this many segments.
    segments: Option<usize>,
}

impl Case {
    fn new(what: impl Into<String>, bytes: impl Into<Vec<u8>>, expect: Expect) -> Case {
        Case {
            what: what.into(),
            bytes: bytes.into(),
            expect,
            says: None,
            same_project: false,
            segments: None,
        }
    }

    fn says(mut self, text: impl Into<String>) -> Case {
        self.says = Some(text.into());
        self
    }

    fn same_project(mut self) -> Case {
        self.same_project = true;
        self
    }

    fn segments(mut self, n: usize) -> Case {
        self.segments = Some(n);
        self
    }

    fn kind(&self) -> &str {
        self.what.split([':', ' ']).next().unwrap_or_default()
    }
}

type Mutation = fn(&Base, &[Base], &mut Rng) -> Option<Case>;

/// Every mutation, with its weight.
const MUTATIONS: &[(usize, Mutation)] = &[
    (6, flip_bytes),
    (4, truncate),
    (4, duplicate_line),
    (4, delete_line),
    (3, swap_two_ids),
    (2, rename_ids_consistently),
    (3, code_cycle),
    (4, huge_number),
    (3, deep_nesting),
    (2, byte_order_mark),
    (3, line_endings),
    (3, conflict_markers),
    (3, document_text_changed),
    (3, segment_bounds),
    (1, empty_file),
    (2, random_bytes),
    (2, token_soup),
    (3, not_utf8),
    (2, other_encoding),
    (3, wrong_reference),
    (4, broken_invariant),
    (3, field_changes),
    (2, format_version),
    (2, spliced_files),
    (3, brackets),
];

fn mutate(base: &Base, bases: &[Base], rng: &mut Rng) -> Case {
    let total: usize = MUTATIONS.iter().map(|(w, _)| w).sum();
    loop {
        let mut roll = rng.below(total);
        let mutation = MUTATIONS
            .iter()
            .find(|(w, _)| {
                if roll < *w {
                    true
                } else {
                    roll -= w;
                    false
                }
            })
            .expect("a roll below the total weight")
            .1;
        if let Some(case) = mutation(base, bases, rng) {
            return case;
        }
    }
}

/// Further blind damage on top of a mutation: nothing is known of the result.
fn pile_on(mut case: Case, rng: &mut Rng) -> Case {
    for _ in 0..rng.between(1, 3) {
        let bytes = &mut case.bytes;
        let what = match rng.below(5) {
            0 if !bytes.is_empty() => {
                let at = rng.below(bytes.len());
                bytes[at] ^= 1 << rng.below(8);
                format!("flip at {at}")
            }
            1 if !bytes.is_empty() => {
                let at = rng.below(bytes.len());
                bytes.truncate(at);
                format!("cut at {at}")
            }
            2 => {
                let at = rng.below(bytes.len() + 1);
                let junk: Vec<u8> = (0..rng.between(1, 8)).map(|_| rng.byte()).collect();
                bytes.splice(at..at, junk);
                format!("junk at {at}")
            }
            _ => {
                let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
                if lines.is_empty() {
                    continue;
                }
                let i = rng.below(lines.len());
                let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
                let delete = rng.percent(50);
                for (n, line) in lines.iter().enumerate() {
                    if n != i || !delete {
                        out.extend_from_slice(line);
                    }
                    if n == i && !delete {
                        out.extend_from_slice(line);
                    }
                }
                *bytes = out;
                format!(
                    "{} line {}",
                    if delete { "delete" } else { "repeat" },
                    i + 1
                )
            }
        };
        case.what.push_str(" + ");
        case.what.push_str(&what);
    }
    case.expect = Expect::Either;
    case.says = None;
    case.same_project = false;
    case.segments = None;
    case
}

fn flip_bytes(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let mut bytes = base.text.clone().into_bytes();
    let n = rng.between(1, 8);
    let mut places = Vec::new();
    for _ in 0..n {
        let at = rng.below(bytes.len());
        bytes[at] = match rng.below(3) {
            0 => bytes[at] ^ (1 << rng.below(8)),
            1 => rng.byte(),
            _ => *rng.pick(b"()[]{}\":,#r\\/0123456789-_ \nx"),
        };
        places.push(at);
    }
    Some(Case::new(
        format!("flip: {n} bytes at {places:?}"),
        bytes,
        Expect::Either,
    ))
}

fn truncate(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let len = base.text.len();
    let cut = if rng.percent(10) {
        len - 1
    } else {
        rng.below(len)
    };
    let bytes = base.text.as_bytes()[..cut].to_vec();
    let what = format!("truncate: at byte {cut} of {len}");
    Some(if cut == len - 1 {
        // Only the final line break goes.
        Case::new(what, bytes, Expect::Accepted).same_project()
    } else if cut == 0 {
        Case::new(what, bytes, Expect::Refused).says("empty file")
    } else {
        Case::new(what, bytes, Expect::Refused)
    })
}

fn duplicate_line(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let i = rng.below(base.lines.len());
    let line = base.line(i);
    let at = base.lines[i].end;
    let text = splice(&base.text, at..at, line);
    let what = format!("duplicate-line: {}", i + 1);
    let element = base.elements.iter().find(|(n, _)| *n == i);
    Some(match element {
        Some((_, Section::Coders | Section::Codes | Section::Segments)) => {
            Case::new(what, text, Expect::Refused).says("used twice")
        }
        _ if i == 0 => Case::new(what, text, Expect::Accepted).same_project(),
        _ => Case::new(what, text, Expect::Either),
    })
}

fn delete_line(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let i = rng.below(base.lines.len());
    let text = splice(&base.text, base.lines[i].clone(), "");
    let what = format!("delete-line: {}", i + 1);
    let element = base.elements.iter().find(|(n, _)| *n == i);
    Some(match element {
        // Removing a coding leaves a sound project.
        Some((_, Section::Segments)) => {
            Case::new(what, text, Expect::Accepted).segments(base.project.segments.len() - 1)
        }
        _ if i == 0 => Case::new(what, text, Expect::Accepted).same_project(),
        _ => Case::new(what, text, Expect::Either),
    })
}

/// Two id literals exchange places (only those two occurrences).
fn swap_two_ids(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    if base.uuids.len() < 2 {
        return None;
    }
    let a = base.uuids[rng.below(base.uuids.len())].clone();
    let b = base.uuids[rng.below(base.uuids.len())].clone();
    let (first, second) = if a.start < b.start { (a, b) } else { (b, a) };
    let (x, y) = (&base.text[first.clone()], &base.text[second.clone()]);
    if x == y {
        return None;
    }
    let mut text = String::with_capacity(base.text.len());
    text.push_str(&base.text[..first.start]);
    text.push_str(y);
    text.push_str(&base.text[first.end..second.start]);
    text.push_str(x);
    text.push_str(&base.text[second.end..]);
    Some(Case::new(
        format!(
            "swap-ids: lines {} and {}",
            base.line_of(first.start) + 1,
            base.line_of(second.start) + 1
        ),
        text,
        Expect::Either,
    ))
}

/// Two ids exchanged everywhere: a renaming, so the project stays sound.
fn rename_ids_consistently(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    if base.uuids.len() < 2 {
        return None;
    }
    let x = base.text[base.uuids[rng.below(base.uuids.len())].clone()].to_string();
    let y = base.text[base.uuids[rng.below(base.uuids.len())].clone()].to_string();
    if x == y {
        return None;
    }
    let placeholder = "\u{0}placeholder\u{0}";
    let text = base
        .text
        .replace(&x, placeholder)
        .replace(&y, &x)
        .replace(placeholder, &y);
    // Only a renaming when the ids stand nowhere else (in a document's text, say).
    let as_literals = |id: &str| {
        base.uuids
            .iter()
            .filter(|r| &base.text[(*r).clone()] == id)
            .count()
    };
    let only_ids = base.text.matches(&x).count() == as_literals(&x)
        && base.text.matches(&y).count() == as_literals(&y);
    let what = format!("rename-ids: {x} <-> {y}");
    Some(if only_ids {
        Case::new(what, text, Expect::Accepted).segments(base.project.segments.len())
    } else {
        Case::new(what, text, Expect::Either)
    })
}

/// `text` with the first `from` on the line of the element with this id replaced by `to`.
fn edit_element(text: &str, id: &str, from: &str, to: &str) -> Option<String> {
    let line_start = text.find(&format!("(id: \"{id}\""))?;
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |n| line_start + n);
    let at = text[line_start..line_end].find(from)? + line_start;
    Some(splice(text, at..at + from.len(), to))
}

fn parent_field(parent: Option<CodeId>) -> String {
    match parent {
        None => "parent: None".to_string(),
        Some(p) => format!("parent: Some(\"{p}\")"),
    }
}

fn set_parent(base: &Base, code: CodeId, parent: &str) -> Option<String> {
    let current = parent_field(base.project.code(code)?.parent);
    edit_element(
        &base.text,
        &code.to_string(),
        &current,
        &format!("parent: Some(\"{parent}\")"),
    )
}

fn code_cycle(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let codes = &base.project.codes;
    if codes.is_empty() {
        return None;
    }
    let code = rng.pick(codes);
    let (what, text) = match rng.below(3) {
        0 => (
            format!("cycle: code {:?} is its own parent", code.name),
            set_parent(base, code.id, &code.id.to_string())?,
        ),
        1 => {
            let below = base.project.subtree(code.id);
            if below.len() < 2 {
                return None;
            }
            let descendant = below[rng.between(1, below.len() - 1)];
            (
                format!("cycle: code {:?} under its own descendant", code.name),
                set_parent(base, code.id, &descendant.to_string())?,
            )
        }
        _ => {
            // Two codes, each the other's parent.
            let other = rng.pick(codes);
            if other.id == code.id {
                return None;
            }
            let once = set_parent(base, code.id, &other.id.to_string())?;
            let twice = edit_element(
                &once,
                &other.id.to_string(),
                &parent_field(other.parent),
                &format!("parent: Some(\"{}\")", code.id),
            )?;
            (
                format!(
                    "cycle: {:?} and {:?} each other's parent",
                    code.name, other.name
                ),
                twice,
            )
        }
    };
    Some(Case::new(what, text, Expect::Refused).says("is its own ancestor"))
}

const HUGE: &[&str] = &[
    "18446744073709551615",
    "18446744073709551616",
    "4294967296",
    "1000000000000000000000000000000",
    "340282366920938463463374607431768211456",
    "-1",
    "-9223372036854775808",
    "-9223372036854775809",
];

fn huge_number(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    if base.numbers.is_empty() {
        return None;
    }
    let at = base.numbers[rng.below(base.numbers.len())].clone();
    let line = base.line_of(at.start) + 1;
    let number = if rng.percent(10) {
        // Far longer than any integer type.
        let digits = rng.between(40, 2000);
        (0..digits)
            .map(|i| char::from(b'1' + ((i * 7) % 9) as u8))
            .collect()
    } else {
        rng.pick(HUGE).to_string()
    };
    let text = splice(&base.text, at.clone(), &number);
    let shown: String = number.chars().take(24).collect();
    Some(Case::new(
        format!("huge-number: {shown} for {} on line {line}", &base.text[at]),
        text,
        Expect::Refused,
    ))
}

fn deep_nesting(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let depth = rng.between(1_000, 60_000);
    let (open, close) = *rng.pick(&[("[", "]"), ("(", ")"), ("{", "}"), ("Some(", ")")]);
    let closed = rng.percent(50);
    let nest = format!(
        "{}{}",
        open.repeat(depth),
        if closed {
            close.repeat(depth)
        } else {
            String::new()
        }
    );
    let where_ = rng.below(4);
    let text = match where_ {
        // An unknown field of the project: skipped, but nested far too deeply. (Before
        // `current_coder`, which is one line; the project memo may be several.)
        0 => {
            let line =
                (0..base.lines.len()).find(|&i| base.line(i).starts_with("    current_coder: "))?;
            let at = base.lines[line].start;
            splice(&base.text, at..at, &format!("    deep: {nest},\n"))
        }
        // An unknown field of a code, coder or segment.
        1 => {
            if base.elements.is_empty() {
                return None;
            }
            let (line, _) = *rng.pick(&base.elements);
            let at = base.lines[line].start + "        (".len();
            splice(&base.text, at..at, &format!("deep: {nest}, "))
        }
        // Instead of a field's value.
        2 => {
            let line =
                (0..base.lines.len()).find(|&i| base.line(i).starts_with("    current_coder: "))?;
            let range = base.lines[line].clone();
            splice(&base.text, range, &format!("    current_coder: {nest},\n"))
        }
        // The whole file.
        _ => nest.clone(),
    };
    let case = Case::new(
        format!(
            "deep-nesting: {depth} × {open}{} at {}",
            if closed { " (closed)" } else { "" },
            [
                "project field",
                "element field",
                "field value",
                "whole file"
            ][where_]
        ),
        text,
        Expect::Refused,
    );
    // Skipped values (unknown fields) are where the parser recurses without limit of its own.
    Some(if where_ < 2 {
        case.says("nested too deeply")
    } else {
        case
    })
}

const BOM: &str = "\u{feff}";

fn byte_order_mark(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    Some(match rng.below(3) {
        0 => Case::new(
            "bom: at the start",
            format!("{BOM}{}", base.text),
            Expect::Accepted,
        )
        .same_project(),
        1 => Case::new(
            "bom: at the start, CRLF line endings",
            format!("{BOM}{}", base.text.replace('\n', "\r\n")),
            Expect::Accepted,
        )
        .same_project(),
        _ => {
            let mut at = rng.below(base.text.len());
            while !base.text.is_char_boundary(at) {
                at -= 1;
            }
            Case::new(
                format!("bom: at byte {at}"),
                splice(&base.text, at..at, BOM),
                Expect::Either,
            )
        }
    })
}

fn line_endings(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    Some(match rng.below(3) {
        0 => Case::new(
            "crlf: every line",
            base.text.replace('\n', "\r\n"),
            Expect::Accepted,
        )
        .same_project(),
        1 => {
            let mut text = String::with_capacity(base.text.len() * 2);
            for i in 0..base.lines.len() {
                let line = base.line(i);
                match line.strip_suffix('\n') {
                    Some(bare) if rng.percent(50) => {
                        text.push_str(bare);
                        text.push_str("\r\n");
                    }
                    _ => text.push_str(line),
                }
            }
            Case::new("crlf: some lines", text, Expect::Either)
        }
        _ => Case::new(
            "crlf: CR alone",
            base.text.replace('\n', "\r"),
            Expect::Either,
        ),
    })
}

fn conflict_markers(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let n = base.lines.len();
    let first = rng.below(n);
    let last = (first + rng.below(4)).min(n - 1);
    let ours = &base.text[base.lines[first].start..base.lines[last].end];
    let ours = if ours.ends_with('\n') {
        ours.to_string()
    } else {
        format!("{ours}\n")
    };
    let theirs = ours.replacen(|c: char| c.is_ascii_alphanumeric(), "Z", 1);
    let range = base.lines[first].start..base.lines[last].end;
    let what = format!("conflict-markers: lines {}–{}", first + 1, last + 1);
    Some(match rng.below(4) {
        0 | 1 => Case::new(
            format!("{what}, a whole block"),
            splice(
                &base.text,
                range,
                &format!("<<<<<<< HEAD\n{ours}=======\n{theirs}>>>>>>> theirs\n"),
            ),
            Expect::Refused,
        )
        .says("has git conflict markers"),
        2 => Case::new(
            format!("{what}, an opening marker alone"),
            splice(&base.text, range.start..range.start, "<<<<<<< HEAD\n"),
            Expect::Either,
        ),
        _ => Case::new(
            format!("{what}, closing before opening"),
            splice(
                &base.text,
                range,
                &format!(">>>>>>> theirs\n{ours}<<<<<<< HEAD\n"),
            ),
            Expect::Either,
        ),
    })
}

fn document_text_changed(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    if base.doc_texts.is_empty() {
        return None;
    }
    let d = rng.below(base.doc_texts.len());
    let content = base.doc_texts[d].clone();
    let name = &base.project.documents[d].name;
    if rng.percent(20) {
        // One hex digit of the hash.
        let hash = base.doc_hashes[d].clone();
        let at = hash.start + rng.between("sha256:".len(), hash.len() - 1);
        let old = base.text.as_bytes()[at];
        let new = if old == b'0' { "1" } else { "0" };
        return Some(
            Case::new(
                format!("text-changed: hash of {name:?}"),
                splice(&base.text, at..at + 1, new),
                Expect::Refused,
            )
            .says("does not match its text"),
        );
    }
    // One letter or digit of the text (never an escape or a quote).
    let b = base.text.as_bytes();
    let candidates: Vec<usize> = content
        .clone()
        .filter(|&i| b[i].is_ascii_alphanumeric() && b[i - 1] != b'\\')
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let at = *rng.pick(&candidates);
    let new = if b[at] == b'q' { "Q" } else { "q" };
    let changed = splice(&base.text, at..at + 1, new);
    let what = format!("text-changed: {name:?} at byte {at}");
    if rng.percent(30) {
        // The hash written for the new text: a sound project.
        let new_text = &changed[content.clone()];
        let fixed = splice(&changed, base.doc_hashes[d].clone(), &sha256_hash(new_text));
        return Some(
            Case::new(format!("{what}, hash updated"), fixed, Expect::Accepted)
                .segments(base.project.segments.len()),
        );
    }
    Some(Case::new(what, changed, Expect::Refused).says("does not match its text"))
}

fn segment_bounds(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let project = &base.project;
    if rng.percent(20) {
        // A style span past the end of its document.
        let (d, doc) = project
            .documents
            .iter()
            .enumerate()
            .find(|(_, doc)| !doc.styles.is_empty())?;
        let span = rng.pick(&doc.styles);
        let styles_at = base.text[..base.doc_texts[d].start].rfind("styles: [")?;
        let old = format!("start: {}, end: {}, style:", span.start, span.end);
        let at = base.text[styles_at..].find(&old)? + styles_at;
        let len = doc.text.char_len();
        let new = format!("start: {}, end: {}, style:", span.start, len + 1);
        return Some(
            Case::new(
                format!("bounds: style ending past {:?}", doc.name),
                splice(&base.text, at..at + old.len(), &new),
                Expect::Refused,
            )
            .says("lies outside"),
        );
    }
    if project.segments.is_empty() {
        return None;
    }
    let segments: Vec<&Segment> = project.segments.values().collect();
    let segment = *rng.pick(&segments);
    let line = base.element_line(Section::Segments, &segment.id.to_string())?;
    let len = project.document(segment.document)?.text.char_len();
    let old = format!("start: {}, end: {}", segment.start, segment.end);
    let (start, end, expect, says) = match rng.below(4) {
        0 => {
            let end = len + rng.between(1, 1000);
            (segment.start, end, Expect::Refused, Some("ends at"))
        }
        1 => (segment.start, len, Expect::Accepted, None),
        2 => (
            segment.end,
            segment.end,
            Expect::Refused,
            Some("empty or reversed"),
        ),
        _ => (
            segment.end + rng.between(1, 50),
            segment.end,
            Expect::Refused,
            Some("empty or reversed"),
        ),
    };
    let text = base.edit_line(line, &old, &format!("start: {start}, end: {end}"))?;
    let mut case = Case::new(
        format!("bounds: segment {start}..{end} in a document of {len} chars"),
        text,
        expect,
    );
    if let Some(says) = says {
        case = case.says(says);
    }
    if expect == Expect::Accepted {
        case = case.segments(project.segments.len());
    }
    Some(case)
}

fn empty_file(_: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let (what, bytes, says): (&str, &[u8], Option<&str>) = *rng.pick(&[
        ("empty: no byte", b"".as_slice(), Some("empty file")),
        (
            "empty: white space",
            b" \n\t\r\n  ".as_slice(),
            Some("empty file"),
        ),
        ("empty: a byte-order mark alone", BOM.as_bytes(), None),
        ("empty: a NUL byte", b"\0".as_slice(), None),
        (
            "empty: the header alone",
            b"// Coda project file.\n".as_slice(),
            Some("only comments"),
        ),
        (
            "empty: an unclosed comment",
            b"/* (format_version: 1".as_slice(),
            None,
        ),
        ("empty: an empty struct", b"()".as_slice(), None),
    ]);
    let case = Case::new(what, bytes, Expect::Refused);
    Some(match says {
        Some(says) => case.says(says),
        None => case,
    })
}

fn random_bytes(_: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let len = rng.between(1, 4096);
    let bytes: Vec<u8> = (0..len).map(|_| rng.byte()).collect();
    Some(Case::new(
        format!("random-bytes: {len}"),
        bytes,
        Expect::Refused,
    ))
}

/// Random RON-like text: brackets, field names, strings, numbers.
fn token_soup(_: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    const TOKENS: &[&str] = &[
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "format_version",
        "format_version: 1,",
        "id",
        "name",
        "\"x\"",
        "r#\"y\"#",
        "\"9f1c2c4e-1111-4222-8333-444455556666\"",
        "Some(",
        "None",
        "0",
        "1",
        "-1",
        "1e9",
        "0x1F",
        "true",
        "segments: [",
        "codes: [",
        "coders: [",
        "documents: [",
        "//c\n",
        "/*",
        "*/",
        "\n",
        " ",
        "'",
        "\\",
        "#",
        "r",
        "b\"z\"",
        "()",
        "#![enable(implicit_some)]",
        "PlainText",
        "Heading(2)",
    ];
    let mut text = String::from("(");
    for _ in 0..rng.between(1, 200) {
        let token = rng.pick(TOKENS);
        text.push_str(token);
    }
    Some(Case::new("token-soup", text, Expect::Either))
}

fn not_utf8(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    const BAD: &[&[u8]] = &[
        &[0xFF],
        &[0xFE],
        &[0x80],
        &[0xC0, 0x80],
        &[0xE2, 0x82],
        &[0xED, 0xA0, 0x80],
        &[0xF4, 0x90, 0x80, 0x80],
        &[0xF8, 0x88, 0x80, 0x80, 0x80],
    ];
    let mut at = rng.below(base.text.len() + 1);
    while !base.text.is_char_boundary(at) {
        at -= 1;
    }
    let bad = *rng.pick(BAD);
    let mut bytes = base.text.as_bytes()[..at].to_vec();
    bytes.extend_from_slice(bad);
    bytes.extend_from_slice(&base.text.as_bytes()[at..]);
    let before = &base.text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    Some(
        Case::new(
            format!("not-utf8: {bad:02x?} at {line}:{column}"),
            bytes,
            Expect::Refused,
        )
        .says(format!(
            "{MESSAGE_PATH}:{line}:{column}: the file is not UTF-8"
        )),
    )
}

fn other_encoding(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    Some(match rng.below(3) {
        0 => {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(base.text.encode_utf16().flat_map(u16::to_le_bytes));
            Case::new("encoding: UTF-16LE with its mark", bytes, Expect::Refused)
                .says(format!("{MESSAGE_PATH}:1:1: the file is not UTF-8"))
        }
        1 => {
            let bytes: Vec<u8> = base
                .text
                .encode_utf16()
                .flat_map(u16::to_be_bytes)
                .collect();
            Case::new("encoding: UTF-16BE without a mark", bytes, Expect::Refused)
        }
        _ => {
            if base.text.is_ascii() {
                return None;
            }
            let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&base.text);
            Case::new(
                "encoding: windows-1251",
                bytes.into_owned(),
                Expect::Refused,
            )
            .says("the file is not UTF-8")
        }
    })
}

/// A reference that points at nothing, or at something of another kind.
fn wrong_reference(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let project = &base.project;
    let other_kind = |rng: &mut Rng, not: &[String]| -> String {
        let mut ids: Vec<String> = project.documents.iter().map(|d| d.id.to_string()).collect();
        ids.extend(project.codes.iter().map(|c| c.id.to_string()));
        ids.extend(project.coders.iter().map(|c| c.id.to_string()));
        ids.extend(project.segments.keys().map(|s| s.to_string()));
        ids.push(project.id.to_string());
        ids.retain(|id| !not.contains(id));
        if ids.is_empty() || rng.percent(40) {
            random_uuid(rng)
        } else {
            rng.pick(&ids).clone()
        }
    };
    match rng.below(3) {
        0 => {
            let segments: Vec<&Segment> = project.segments.values().collect();
            if segments.is_empty() {
                return None;
            }
            let segment = *rng.pick(&segments);
            let line = base.element_line(Section::Segments, &segment.id.to_string())?;
            let (field, own, kind) = match rng.below(3) {
                0 => (
                    "document",
                    segment.document.to_string(),
                    project
                        .documents
                        .iter()
                        .map(|d| d.id.to_string())
                        .collect::<Vec<_>>(),
                ),
                1 => (
                    "code",
                    segment.code.to_string(),
                    project.codes.iter().map(|c| c.id.to_string()).collect(),
                ),
                _ => (
                    "coder",
                    segment.coder.to_string(),
                    project.coders.iter().map(|c| c.id.to_string()).collect(),
                ),
            };
            let new = other_kind(rng, &kind);
            let text = base.edit_line(
                line,
                &format!("{field}: \"{own}\""),
                &format!("{field}: \"{new}\""),
            )?;
            Some(
                Case::new(
                    format!("reference: a segment's {field}"),
                    text,
                    Expect::Refused,
                )
                .says(format!("refers to a missing {field}")),
            )
        }
        1 => {
            let current = project.current_coder?;
            let coders: Vec<String> = project.coders.iter().map(|c| c.id.to_string()).collect();
            let new = other_kind(rng, &coders);
            let text = base.text.replacen(
                &format!("current_coder: Some(\"{current}\")"),
                &format!("current_coder: Some(\"{new}\")"),
                1,
            );
            Some(
                Case::new("reference: the current coder", text, Expect::Refused)
                    .says("is not a coder of the project"),
            )
        }
        _ => {
            if project.codes.is_empty() {
                return None;
            }
            let code = rng.pick(&project.codes);
            let codes: Vec<String> = project.codes.iter().map(|c| c.id.to_string()).collect();
            let text = set_parent(base, code.id, &other_kind(rng, &codes))?;
            Some(
                Case::new("reference: a code's parent", text, Expect::Refused)
                    .says("that does not exist"),
            )
        }
    }
}

/// The `name: "…"` literal of an element line (names written plainly).
fn name_literal(base: &Base, line: usize) -> Option<Range<usize>> {
    let range = base.lines[line].clone();
    let at = base.text[range.clone()].find(", name: \"")? + range.start + ", name: \"".len();
    let end = base.text[at..range.end].find('"')? + at;
    Some(at..end)
}

fn broken_invariant(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let project = &base.project;
    let code_line = |rng: &mut Rng| -> Option<(usize, &Code)> {
        if project.codes.is_empty() {
            return None;
        }
        let code = rng.pick(&project.codes);
        Some((
            base.element_line(Section::Codes, &code.id.to_string())?,
            code,
        ))
    };
    match rng.below(6) {
        0 => {
            let (line, code) = code_line(rng)?;
            let name = name_literal(base, line)?;
            let at = name.start + rng.below(name.len() + 1);
            if !base.text.is_char_boundary(at) {
                return None;
            }
            Some(
                Case::new(
                    format!("invariant: '/' in the name of {:?}", code.name),
                    splice(&base.text, at..at, "/"),
                    Expect::Refused,
                )
                .says("which separates code paths"),
            )
        }
        1 => {
            // Two siblings of one name.
            let (line, code) = code_line(rng)?;
            let sibling = project.children(code.parent).find(|c| c.id != code.id)?;
            let name = name_literal(base, line)?;
            if sibling.name.contains(['"', '\\']) {
                return None;
            }
            Some(
                Case::new(
                    format!("invariant: {:?} renamed as its sibling", code.name),
                    splice(&base.text, name, &sibling.name),
                    Expect::Refused,
                )
                .says("under the same parent are named"),
            )
        }
        2 => {
            let (line, code) = code_line(rng)?;
            let current = match code.hotkey {
                None => "hotkey: None".to_string(),
                Some(k) => format!("hotkey: Some({k})"),
            };
            let taken: Vec<u8> = project
                .codes
                .iter()
                .filter(|c| c.id != code.id)
                .filter_map(|c| c.hotkey)
                .collect();
            let (key, says) = if !taken.is_empty() && rng.percent(50) {
                (*rng.pick(&taken), "belongs to both")
            } else {
                (*rng.pick(&[0, 10, 42, 255]), "hotkeys are 1 to 9")
            };
            let text = base.edit_line(line, &current, &format!("hotkey: Some({key})"))?;
            Some(
                Case::new(
                    format!("invariant: hotkey {key} for {:?}", code.name),
                    text,
                    Expect::Refused,
                )
                .says(says),
            )
        }
        3 => {
            // A coder named as another, or with no name.
            let lines = base.elements_of(Section::Coders);
            if lines.is_empty() {
                return None;
            }
            let line = *rng.pick(&lines);
            let name = name_literal(base, line)?;
            let others: Vec<&Coder> = project
                .coders
                .iter()
                .filter(|c| c.name != base.text[name.clone()] && !c.name.contains(['"', '\\']))
                .collect();
            let (new, says) = if !others.is_empty() && rng.percent(50) {
                (rng.pick(&others).name.clone(), "two coders are named")
            } else {
                (" ".to_string(), "has an empty name")
            };
            Some(
                Case::new(
                    format!("invariant: coder renamed {new:?}"),
                    splice(&base.text, name, &new),
                    Expect::Refused,
                )
                .says(says),
            )
        }
        4 => {
            // A document named as another.
            if project.documents.len() < 2 {
                return None;
            }
            let d = rng.below(project.documents.len());
            let other = &project.documents[(d + 1) % project.documents.len()];
            let line = base.line_of(base.doc_hashes[d].start);
            let name = name_literal(base, line)?;
            Some(
                Case::new(
                    format!("invariant: document {d} named {:?}", other.name),
                    splice(&base.text, name, &other.name),
                    Expect::Refused,
                )
                .says("two documents are named"),
            )
        }
        _ => {
            // A code with no name.
            let (line, code) = code_line(rng)?;
            let name = name_literal(base, line)?;
            Some(
                Case::new(
                    format!("invariant: {:?} without a name", code.name),
                    splice(&base.text, name, ""),
                    Expect::Refused,
                )
                .says("has an empty name"),
            )
        }
    }
}

/// Fields left out, repeated, renamed or given a value of the wrong form.
fn field_changes(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    if base.elements.is_empty() {
        return None;
    }
    let (line, section) = *rng.pick(&base.elements);
    let text = base.line(line);
    let what = |w: &str| format!("field: {w} ({section:?}, line {})", line + 1);
    match rng.below(6) {
        0 => {
            // Fields with a default, left out: the same project.
            let field = *rng.pick(&[", memo: \"\"", "hotkey: None, ", "description: \"\", "]);
            let edited = base.edit_line(line, field, "")?;
            Some(
                Case::new(
                    what(&format!("{} left out", field.trim_matches([',', ' ']))),
                    edited,
                    Expect::Accepted,
                )
                .same_project(),
            )
        }
        1 => {
            let id_end = text.find("\", ")? + 3;
            let edited = splice(
                &base.text,
                base.lines[line].start + "        (".len()..base.lines[line].start + id_end,
                "",
            );
            Some(
                Case::new(what("id left out"), edited, Expect::Refused)
                    .says("lacks the field `id`"),
            )
        }
        2 => {
            let name = name_literal(base, line)?;
            let field = &base.text[name.start - "name: \"".len()..name.end + 1];
            let at = name.start - "name: \"".len();
            let edited = splice(&base.text, at..at, &format!("{field}, "));
            Some(
                Case::new(what("name twice"), edited, Expect::Refused)
                    .says("has the field `name` twice"),
            )
        }
        3 => {
            let edited = base.edit_line(line, "name: ", "nmae: ")?;
            Some(
                Case::new(what("name misspelt"), edited, Expect::Refused)
                    .says("lacks the field `name`"),
            )
        }
        4 => {
            let (from, to) = *rng.pick(&[
                ("color: \"#", "color: \"#zz"),
                ("color: \"", "color: 7, x: \""),
                ("parent: None", "parent: \"None\""),
                ("hotkey: None", "hotkey: 3"),
                ("created: \"", "created: 2026, x: \""),
                ("start: ", "start: \"0\", x: "),
                ("(id: \"", "(id: 5, x: \""),
                ("(id: \"", "(id: \"z"),
                ("format: PlainText", "format: Pdf"),
                ("format: PlainText", "format: \"PlainText\""),
            ]);
            let edited = base.edit_line(line, from, to)?;
            Some(Case::new(
                what(&format!("{from} → {to}")),
                edited,
                Expect::Refused,
            ))
        }
        _ => {
            let edited = base.edit_line(
                line,
                "),\n",
                ", unknown: [1, (2, \"3\"), {4: 5}], more: Some(None)),\n",
            )?;
            Some(Case::new(what("unknown fields"), edited, Expect::Accepted).same_project())
        }
    }
}

fn format_version(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    let old = "format_version: 1,";
    let (new, says) = *rng.pick(&[
        ("format_version: 0,", "is not one Coda ever wrote"),
        ("format_version: 2,", "written by a newer Coda"),
        ("format_version: 4294967295,", "written by a newer Coda"),
        ("format_version: 1_000,", "written by a newer Coda"),
        ("format_version: 0x2,", ""),
        ("format_version: 1.5,", ""),
        ("format_version: \"1\",", ""),
        ("", ""),
    ]);
    let text = base.text.replacen(old, new, 1);
    let case = Case::new(format!("version: {new:?}"), text, Expect::Refused);
    Some(if says.is_empty() {
        case
    } else {
        case.says(says)
    })
}

/// The start of one file and the end of another (or of itself), cut at line starts.
fn spliced_files(base: &Base, bases: &[Base], rng: &mut Rng) -> Option<Case> {
    let other = &bases[if rng.percent(50) {
        base.partner
    } else {
        rng.below(bases.len())
    }];
    let i = rng.below(base.lines.len());
    let j = rng.below(other.lines.len());
    let text = format!(
        "{}{}",
        &base.text[..base.lines[i].start],
        &other.text[other.lines[j].start..]
    );
    Some(Case::new(
        format!("splice: lines 1–{i} + {} from line {}", other.name, j + 1),
        text,
        Expect::Either,
    ))
}

/// A bracket, comma or colon of the structure replaced, removed or doubled.
fn brackets(base: &Base, _: &[Base], rng: &mut Rng) -> Option<Case> {
    if base.punctuation.is_empty() {
        return None;
    }
    let at = *rng.pick(&base.punctuation);
    let old = &base.text[at..at + 1];
    let new = match rng.below(3) {
        0 => String::new(),
        1 => format!("{old}{old}"),
        _ => rng
            .pick(&["(", ")", "[", "]", "{", "}", ",", ":", "#"])
            .to_string(),
    };
    if new == old {
        return None;
    }
    let line = base.line_of(at) + 1;
    // A comma doubled or dropped may still be RON; anything else breaks the structure.
    let expect = if old == "," {
        Expect::Either
    } else {
        Expect::Refused
    };
    Some(Case::new(
        format!("brackets: {old:?} → {new:?} on line {line}"),
        splice(&base.text, at..at + 1, &new),
        expect,
    ))
}

// ---------------------------------------------------------------------------------------------
// What an accepted project must be, checked independently of `coda::model::validate`, from the
// invariants in docs/FORMAT.md.

fn independent_problems(project: &Project) -> Vec<String> {
    let mut problems = Vec::new();
    let mut unique = |kind: &str, ids: Vec<String>| {
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id.clone()) {
                problems.push(format!("{kind} id {id} twice"));
            }
        }
    };
    unique(
        "coder",
        project.coders.iter().map(|c| c.id.to_string()).collect(),
    );
    unique(
        "code",
        project.codes.iter().map(|c| c.id.to_string()).collect(),
    );
    unique(
        "document",
        project.documents.iter().map(|d| d.id.to_string()).collect(),
    );
    let coder_names: HashSet<&str> = project.coders.iter().map(|c| c.name.as_str()).collect();
    if coder_names.len() != project.coders.len() {
        problems.push("two coders share a name".into());
    }
    let doc_names: HashSet<&str> = project.documents.iter().map(|d| d.name.as_str()).collect();
    if doc_names.len() != project.documents.len() {
        problems.push("two documents share a name".into());
    }
    if let Some(current) = project.current_coder
        && !project.coders.iter().any(|c| c.id == current)
    {
        problems.push("the current coder is not a coder".into());
    }

    let parents: HashMap<CodeId, Option<CodeId>> =
        project.codes.iter().map(|c| (c.id, c.parent)).collect();
    let mut siblings = HashSet::new();
    let mut hotkeys = HashSet::new();
    for code in &project.codes {
        if code.name.trim().is_empty() || code.name.contains('/') {
            problems.push(format!("code name {:?}", code.name));
        }
        if !siblings.insert((code.parent, code.name.as_str())) {
            problems.push(format!("two siblings named {:?}", code.name));
        }
        if let Some(key) = code.hotkey
            && (!(1..=9).contains(&key) || !hotkeys.insert(key))
        {
            problems.push(format!("hotkey {key}"));
        }
        // Walk up: a sound tree reaches the top in fewer steps than there are codes.
        let mut at = code.parent;
        let mut steps = 0;
        while let Some(parent) = at {
            match parents.get(&parent) {
                None => {
                    problems.push(format!("code {:?} has a missing parent", code.name));
                    break;
                }
                Some(&up) => at = up,
            }
            steps += 1;
            if steps > project.codes.len() {
                problems.push(format!("code {:?} is in a cycle", code.name));
                break;
            }
        }
    }

    let mut lengths = HashMap::new();
    for doc in &project.documents {
        let len = doc.text.as_str().chars().count();
        lengths.insert(doc.id, len);
        if doc.hash != sha256_hash(doc.text.as_str()) {
            problems.push(format!("document {:?}: hash", doc.name));
        }
        for span in &doc.styles {
            if span.start >= span.end || span.end > len {
                problems.push(format!("document {:?}: style outside", doc.name));
            }
        }
    }
    for (key, segment) in &project.segments {
        if *key != segment.id {
            problems.push("segment stored under another id".into());
        }
        match lengths.get(&segment.document) {
            None => problems.push("segment of a missing document".into()),
            Some(&len) if segment.start >= segment.end || segment.end > len => problems.push(
                format!("segment {}..{} of {len}", segment.start, segment.end),
            ),
            Some(_) => {}
        }
        if !parents.contains_key(&segment.code) {
            problems.push("segment of a missing code".into());
        }
        if !project.coders.iter().any(|c| c.id == segment.coder) {
            problems.push("segment of a missing coder".into());
        }
    }
    problems
}

/// What is wrong with a refusal's message, if anything.
fn message_problem(message: &str, bytes: &[u8]) -> Option<String> {
    let prefix = format!("{MESSAGE_PATH}:");
    if !message.starts_with(&prefix) {
        return Some("does not start with the file's path".into());
    }
    if let Some(word) = NOT_FOR_PEOPLE.iter().find(|w| message.contains(*w)) {
        return Some(format!("shows {word:?}"));
    }
    let mut lines = message.lines();
    let first = lines.next().unwrap_or_default();
    let said = first[prefix.len()..].trim_start_matches(|c: char| c.is_ascii_digit() || c == ':');
    if said.trim().len() < 10 {
        return Some("says next to nothing".into());
    }
    if first.chars().count() > LONGEST_MESSAGE_LINE {
        return Some(format!("a first line of {} chars", first.chars().count()));
    }
    let rest: Vec<&str> = lines.collect();
    if !rest.is_empty() {
        let listing = first.contains(" problem") && first.ends_with("nothing was changed:");
        if !listing {
            return Some("several lines that are not a list of problems".into());
        }
        if let Some(line) = rest
            .iter()
            .find(|l| !l.starts_with("  ") || l.trim().is_empty())
        {
            return Some(format!("a problem line {line:?}"));
        }
    }
    // `PATH:LINE:COLUMN:` must point into the file.
    let mut place = first[prefix.len()..].split(':');
    if let (Some(line), Some(column)) = (place.next(), place.next())
        && let (Ok(line), Ok(column)) = (line.parse::<usize>(), column.parse::<usize>())
    {
        let lines = bytes.split(|&b| b == b'\n').count();
        if line == 0 || line > lines || column == 0 {
            return Some(format!(
                "points at {line}:{column} in a file of {lines} lines"
            ));
        }
    }
    if let Some(at) = first.find("conflict markers (lines ") {
        let after = &first[at + "conflict markers (lines ".len()..];
        if !after.starts_with(|c: char| c.is_ascii_digit()) {
            return Some("names no line of the conflict".into());
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Running the cases.

#[derive(Default)]
struct Tally {
    cases: usize,
    accepted: usize,
    refused: usize,
    process_cases: usize,
    command_runs: usize,
    /// Per mutation kind: (accepted, refused).
    kinds: BTreeMap<String, (usize, usize)>,
    /// How refusals begin (after the path, numbers and quoted text left out), with a count.
    messages: BTreeMap<String, (usize, String)>,
    failures: Vec<String>,
}

/// The shape of a refusal: its first words, numbers and quotes blanked, for the summary.
fn message_shape(message: &str) -> String {
    let first = message.lines().next().unwrap_or_default();
    let after = first[MESSAGE_PATH.len()..]
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == ':')
        .trim_start();
    let mut shape = String::new();
    let mut quoted = false;
    for c in after.chars() {
        match c {
            '"' | '`' => {
                quoted = !quoted;
                if quoted {
                    shape.push('…');
                }
            }
            _ if quoted => {}
            c if c.is_ascii_digit() => {
                if !shape.ends_with('N') {
                    shape.push('N');
                }
            }
            c => shape.push(c),
        }
    }
    shape.chars().take(72).collect()
}

/// What the read-only commands compute from a loaded project, in process: they must not panic.
fn read_only_work(project: &Project, partner: &Project) {
    let _ = stats::compute(project).render();
    let mut csv = Vec::new();
    codings_csv::export(project, &mut csv).expect("exporting to memory");
    let files = vec![
        ("fuzzed.ron".to_string(), project.clone()),
        ("partner.ron".to_string(), partner.clone()),
    ];
    let summaries: Vec<inputs::InputCoders> = files
        .iter()
        .map(|(label, p)| inputs::InputCoders::of(label.clone(), p))
        .collect();
    let Ok(combined) = inputs::combine(&files) else {
        return;
    };
    if !validate(&combined).is_empty() {
        return;
    }
    let coders = inputs::choose_coders(&combined, &summaries, &[]).expect("no names given");
    if coders.len() < 2 {
        return;
    }
    let options = Options::all_codes(&combined, coders);
    if let Ok(report) = agreement::compare(&combined, &options) {
        let _ = agreement_report::to_text(&report, &combined);
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(not a string)".into())
}

/// The loader's verdict on a case that passed every check.
enum Verdict {
    Accepted,
    Refused(String),
}

/// The loader's verdict on one case, or what is wrong with it.
fn check_in_process(case: &Case, base: &Base, bases: &[Base]) -> Result<Verdict, String> {
    let loaded = catch_unwind(AssertUnwindSafe(|| {
        project_file::parse(&case.bytes, Path::new(MESSAGE_PATH))
    }))
    .map_err(|panic| format!("the loader panicked: {}", panic_text(&*panic)))?;
    match loaded {
        Ok(loaded) => {
            let project = loaded.project;
            let mut wrong = validate(&project)
                .into_iter()
                .map(|p| p.0)
                .collect::<Vec<_>>();
            wrong.extend(independent_problems(&project));
            if !wrong.is_empty() {
                return Err(format!("accepted an unsound project: {wrong:?}"));
            }
            if case.expect == Expect::Refused {
                return Err("accepted a file that must be refused".into());
            }
            if case.same_project && project != base.project {
                return Err("accepted, but not as the project it is".into());
            }
            if let Some(n) = case.segments
                && project.segments.len() != n
            {
                return Err(format!(
                    "accepted with {} segments instead of {n}",
                    project.segments.len()
                ));
            }
            let partner = &bases[base.partner].project;
            catch_unwind(AssertUnwindSafe(|| read_only_work(&project, partner))).map_err(
                |panic| {
                    format!(
                        "the read-only work panicked on an accepted project: {}",
                        panic_text(&*panic)
                    )
                },
            )?;
            Ok(Verdict::Accepted)
        }
        Err(error) => {
            let message = error.to_string();
            if case.expect == Expect::Accepted {
                return Err(format!("refused a sound file: {message}"));
            }
            if let Some(problem) = message_problem(&message, &case.bytes) {
                return Err(format!(
                    "unreadable refusal ({problem}): {}",
                    clip(&message)
                ));
            }
            if let Some(says) = &case.says
                && !message.contains(says.as_str())
            {
                return Err(format!(
                    "the refusal does not say {says:?}: {}",
                    clip(&message)
                ));
            }
            Ok(Verdict::Refused(message))
        }
    }
}

fn clip(text: &str) -> String {
    if text.chars().count() <= 600 {
        text.to_string()
    } else {
        let head: String = text.chars().take(600).collect();
        format!("{head}… ({} chars)", text.chars().count())
    }
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    files
}

struct Run {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: String,
}

/// Run the binary in `dir` with a time limit; its output goes to files in `logs`.
fn run_coda(args: &[&str], dir: &Path, logs: &Path) -> Result<Run, String> {
    let out_path = logs.join("stdout");
    let err_path = logs.join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_coda"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .map_err(|e| format!("cannot start coda: {e}"))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > COMMAND_TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "still running after {COMMAND_TIME_LIMIT:?}: killed (a hang)"
            ));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Ok(Run {
        status,
        stdout: std::fs::read(&out_path).unwrap(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned(),
    })
}

/// The real binary's read-only commands on the mutated file. Returns the number of runs.
fn check_process(
    case: &Case,
    base: &Base,
    bases: &[Base],
    accepted: bool,
) -> Result<usize, String> {
    let dir = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let project = dir.path().join("fuzzed.ron");
    std::fs::write(&project, &case.bytes).unwrap();
    // A file that is its own partner is compared with itself: `coda agree FILE FILE`.
    let partner = if std::ptr::eq(base, &bases[base.partner]) {
        project.clone()
    } else {
        let path = dir.path().join("partner.ron");
        std::fs::write(&path, &bases[base.partner].text).unwrap();
        path
    };
    let out = dir.path().join("out.csv");
    let (p, q, o) = (
        project.to_str().unwrap(),
        partner.to_str().unwrap(),
        out.to_str().unwrap(),
    );
    let commands: [&[&str]; 5] = [
        &["validate", p],
        &["stats", p],
        &["export-codings", p],
        &["export-codings", p, "-o", o],
        &["agree", p, q],
    ];
    let before = snapshot(dir.path());
    let mut exported = None;
    for args in commands {
        let shown = args.join(" ");
        let run =
            run_coda(args, dir.path(), logs.path()).map_err(|e| format!("`coda {shown}`: {e}"))?;
        let fail = |what: String| format!("`coda {shown}`: {what}; stderr: {}", clip(&run.stderr));
        match run.status.code() {
            Some(0) | Some(1) => {}
            Some(code) => return Err(fail(format!("exit code {code}"))),
            None => return Err(fail(format!("killed by a signal ({:?})", run.status))),
        }
        let ok = run.status.success();
        if !ok && !run.stderr.starts_with("coda: ") {
            return Err(fail("failed without a `coda: ` message".into()));
        }
        if !accepted {
            if ok {
                return Err(fail("succeeded on a file the loader refuses".into()));
            }
            if !run.stderr.contains(p) {
                return Err(fail("does not name the file it refuses".into()));
            }
        } else if !ok && args[0] != "agree" {
            return Err(fail("failed on a file the loader accepts".into()));
        }
        let mut expected = before.clone();
        let writes_output = args.contains(&"-o");
        if writes_output && ok {
            let written = std::fs::read(&out).map_err(|e| fail(format!("no output: {e}")))?;
            if exported.as_ref().is_some_and(|e| *e != written) {
                return Err(fail("wrote another CSV than to standard output".into()));
            }
            expected.insert(PathBuf::from("out.csv"), written);
        }
        if args[0] == "export-codings" && !writes_output && ok {
            exported = Some(run.stdout.clone());
        }
        let after = snapshot(dir.path());
        if after != expected {
            let changed: Vec<String> = after
                .keys()
                .chain(expected.keys())
                .filter(|k| after.get(*k) != expected.get(*k))
                .map(|k| k.display().to_string())
                .collect();
            return Err(fail(format!("files changed or created: {changed:?}")));
        }
        if writes_output {
            let _ = std::fs::remove_file(&out);
        }
    }
    Ok(commands.len())
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let value = value.trim().replace('_', "");
    let parsed = match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => value.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={value} is not a number")))
}

#[test]
fn the_loader_and_read_only_commands_survive_mutated_project_files() {
    let seed = env_number("CODA_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let cases = env_number("CODA_FUZZ_CASES").map_or(DEFAULT_CASES, |n| n as usize);
    let every = env_number("CODA_FUZZ_PROCESS_EVERY").map_or(PROCESS_EVERY, |n| n.max(1) as usize);
    let only = env_number("CODA_FUZZ_CASE").map(|n| n as usize);
    let verbose = std::env::var_os("CODA_FUZZ_VERBOSE").is_some();
    let bases = bases();
    let failures_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("loader_fuzz_failures");
    let started = Instant::now();
    let mut tally = Tally::default();
    let indices: Vec<usize> = match only {
        Some(i) => vec![i],
        None => (0..cases).collect(),
    };
    for index in indices {
        let case_seed = case_seed(seed, index);
        let mut rng = Rng::new(case_seed);
        // Mostly the small projects: they are fast; the samples are real.
        let b = *rng.pick(&[0, 0, 0, 0, 1, 2, 2, 3, 3, 0]);
        let base = &bases[b];
        let mut case = mutate(base, &bases, &mut rng);
        if rng.percent(15) {
            case = pile_on(case, &mut rng);
        }
        let label = format!(
            "case {index} (CODA_FUZZ_SEED={seed:#x} CODA_FUZZ_CASE={index}) on {}: {}",
            base.name,
            clip(&case.what)
        );
        if verbose {
            let _ = writeln!(std::io::stderr(), "{label}");
        }
        tally.cases += 1;
        let mut failed = None;
        match check_in_process(&case, base, &bases) {
            Ok(verdict) => {
                let kind = tally.kinds.entry(case.kind().to_string()).or_default();
                let accepted = match verdict {
                    Verdict::Accepted => {
                        tally.accepted += 1;
                        kind.0 += 1;
                        true
                    }
                    Verdict::Refused(message) => {
                        tally.refused += 1;
                        kind.1 += 1;
                        let first = message.lines().next().unwrap_or_default().to_string();
                        tally
                            .messages
                            .entry(message_shape(&message))
                            .or_insert((0, first))
                            .0 += 1;
                        false
                    }
                };
                if only.is_some() || index % every == 0 {
                    tally.process_cases += 1;
                    match check_process(&case, base, &bases, accepted) {
                        Ok(runs) => tally.command_runs += runs,
                        Err(e) => failed = Some(e),
                    }
                }
            }
            Err(e) => failed = Some(e),
        }
        if cases >= 10_000 && index > 0 && index % 5_000 == 0 {
            println!(
                "… {index} cases in {:.0} s: {} accepted, {} failures",
                started.elapsed().as_secs_f64(),
                tally.accepted,
                tally.failures.len()
            );
        }
        if let Some(problem) = failed {
            std::fs::create_dir_all(&failures_dir).unwrap();
            let file = failures_dir.join(format!("case-{index}.ron"));
            std::fs::write(&file, &case.bytes).unwrap();
            tally.failures.push(format!(
                "{label}\n    {problem}\n    input: {}",
                file.display()
            ));
        }
    }
    let elapsed = started.elapsed();

    let mut summary = format!(
        "loader fuzz: {} cases (seed {seed:#x}) in {:.1} s: {} accepted, {} refused; \
         {} cases through the binary ({} command runs); {} failures\n",
        tally.cases,
        elapsed.as_secs_f64(),
        tally.accepted,
        tally.refused,
        tally.process_cases,
        tally.command_runs,
        tally.failures.len()
    );
    for (kind, (accepted, refused)) in &tally.kinds {
        let _ = writeln!(
            summary,
            "  {kind:<18} {accepted:>6} accepted {refused:>6} refused"
        );
    }
    let _ = writeln!(summary, "refusals by how they begin:");
    let mut shapes: Vec<(&String, &(usize, String))> = tally.messages.iter().collect();
    shapes.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    for (_, (n, example)) in shapes {
        let example: String = example.chars().take(160).collect();
        let _ = writeln!(summary, "  {n:>6}  {example}");
    }
    println!("{summary}");
    assert!(
        tally.failures.is_empty(),
        "{} of {} cases failed:\n{}",
        tally.failures.len(),
        tally.cases,
        tally
            .failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
