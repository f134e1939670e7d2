//! A fuzz test of the Word, OpenDocument and web-page importers (issue 12) and of the REFI-QDA
//! importer (issue 13, below: the real vendor exports and Coda's own, with references damaged
//! too). For the documents: real files
//! (`tests/fixtures/documents/`, from pandoc and LibreOffice) damaged at the byte level (flipped
//! bytes, truncations, deleted and repeated ranges) and inside their packages (an XML part
//! mutated the same ways, cut short, nested very deeply, or given stray elements, then zipped
//! again). Every case must come back without a panic, either refused with a message that starts
//! with the file's path, or read as a document whose styles lie inside its text and whose
//! properties are one line each.
//!
//! `cargo test --test import_fuzz` runs `DEFAULT_CASES` cases; `CODA_FUZZ_CASES=N` runs N,
//! `CODA_FUZZ_SEED=S` another sequence, `CODA_FUZZ_CASE=I` only case I.

use coda::io::import::{ImportOptions, import_document};
use std::io::{Cursor, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

const DEFAULT_CASES: usize = 300;
const DEFAULT_SEED: u64 = 0xC0DA_0012_D0C5;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => value.parse().ok(),
    }
}

/// Damage `bytes` the way a disk, a transfer or an editor might.
fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) {
    if bytes.is_empty() {
        return;
    }
    match rng.below(6) {
        0 => {
            for _ in 0..=rng.below(8) {
                let at = rng.below(bytes.len());
                bytes[at] ^= 1 << rng.below(8);
            }
        }
        1 => bytes.truncate(rng.below(bytes.len())),
        2 => {
            let start = rng.below(bytes.len());
            let end = (start + rng.below(200)).min(bytes.len());
            bytes.drain(start..end);
        }
        3 => {
            let start = rng.below(bytes.len());
            let end = (start + rng.below(400)).min(bytes.len());
            let copy = bytes[start..end].to_vec();
            let at = rng.below(bytes.len());
            bytes.splice(at..at, copy);
        }
        _ => {
            let at = rng.below(bytes.len());
            bytes[at] = [b'<', b'>', b'&', b'"', 0, 0xFF, b'/'][rng.below(7)];
        }
    }
}

/// Markup that breaks a walker if anything does: deep nesting, stray and unclosed elements.
fn insert_markup(rng: &mut Rng, text: &mut Vec<u8>, tags: &[&str]) -> String {
    let tag = tags[rng.below(tags.len())];
    let piece = match rng.below(4) {
        0 => {
            // Deeper than any real page; much deeper only costs time (html5ever's scope checks
            // grow with the square of the depth: docs/IMPORT.md).
            let depth = 300 + rng.below(2_000);
            format!(
                "{}x{}",
                format!("<{tag}>").repeat(depth),
                format!("</{tag}>").repeat(depth)
            )
        }
        1 => format!("<{tag}>"),
        2 => format!("</{tag}>"),
        _ => format!("<{tag} val=\"{}\"/>", rng.next()),
    };
    let at = rng.below(text.len() + 1);
    let what = format!("{} bytes of {tag} markup", piece.len());
    text.splice(at..at, piece.into_bytes());
    what
}

fn parts(package: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(package)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn zip_again(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const WORD_TAGS: &[&str] = &[
    "w:p",
    "w:r",
    "w:t",
    "w:tbl",
    "w:tr",
    "w:tc",
    "w:ins",
    "w:del",
    "w:hyperlink",
    "w:footnoteReference",
    "w:numPr",
    "w:pPr",
    "w:style",
    "w:lvl",
    "mc:Fallback",
];
const ODF_TAGS: &[&str] = &[
    "text:p",
    "text:h",
    "text:list",
    "text:list-item",
    "text:note",
    "text:note-body",
    "table:table",
    "table:table-row",
    "table:table-cell",
    "text:s",
    "office:annotation",
    "text:tracked-changes",
    "text:a",
];
const HTML_TAGS: &[&str] = &[
    "div", "p", "ul", "ol", "li", "table", "tr", "td", "a", "h2", "script", "nav", "pre", "b",
];

/// One damaged file: its name (the extension chooses the importer) and bytes.
fn case(rng: &mut Rng, originals: &[(&str, Vec<u8>)]) -> (String, Vec<u8>, String) {
    let (name, original) = &originals[rng.below(originals.len())];
    let mut bytes = original.clone();
    let is_package = !name.ends_with(".html");
    if is_package && rng.below(3) > 0 {
        let mut parts = parts(&bytes);
        let xml: Vec<usize> = (0..parts.len())
            .filter(|&i| parts[i].0.ends_with(".xml"))
            .collect();
        let which = xml[rng.below(xml.len())];
        let tags = if name.ends_with(".odt") {
            ODF_TAGS
        } else {
            WORD_TAGS
        };
        let how = if rng.below(2) == 0 {
            mutate_bytes(rng, &mut parts[which].1);
            "bytes damaged".to_string()
        } else {
            insert_markup(rng, &mut parts[which].1, tags)
        };
        let what = format!("{name}: part {}, {how}", parts[which].0);
        return (name.to_string(), zip_again(&parts), what);
    }
    if name.ends_with(".html") && rng.below(2) == 0 {
        let how = insert_markup(rng, &mut bytes, HTML_TAGS);
        return (name.to_string(), bytes, format!("{name}: {how}"));
    }
    mutate_bytes(rng, &mut bytes);
    (name.to_string(), bytes, format!("{name}: bytes damaged"))
}

#[test]
fn damaged_documents_are_refused_or_read_soundly_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents");
    let originals: Vec<(&str, Vec<u8>)> = [
        "interview-pandoc.docx",
        "interview-libreoffice.docx",
        "interview-libreoffice.odt",
        "interview-libreoffice.html",
        "interview-pandoc.html",
    ]
    .into_iter()
    .map(|n| (n, std::fs::read(fixtures.join(n)).unwrap()))
    .collect();
    let cases = env_number("CODA_FUZZ_CASES").map_or(DEFAULT_CASES, |n| n as usize);
    let seed = env_number("CODA_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let only = env_number("CODA_FUZZ_CASE").map(|n| n as usize);
    let (mut read, mut refused) = (0, 0);
    for index in 0..cases {
        if only.is_some_and(|o| o != index) {
            continue;
        }
        let mut rng = Rng(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (name, bytes, what) = case(&mut rng, &originals);
        let path = dir.path().join(format!("{index}-{name}"));
        std::fs::write(&path, &bytes).unwrap();
        let started = std::time::Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| {
            import_document(&path, &ImportOptions::default())
        }));
        if std::env::var("CODA_FUZZ_VERBOSE").is_ok() {
            eprintln!("case {index} ({what}): {:?}", started.elapsed());
        }
        let Ok(result) = result else {
            panic!(
                "case {index} ({what}) panicked; its file is {}",
                path.display()
            );
        };
        match result {
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.starts_with(&path.display().to_string()),
                    "case {index} ({what}): {message}"
                );
                assert!(!message.contains('\n'), "case {index} ({what}): {message}");
                refused += 1;
            }
            Ok(imported) => {
                let doc = &imported.document;
                let len = doc.text.char_len();
                assert!(len > 0, "case {index} ({what}): an empty document was read");
                for span in &doc.styles {
                    assert!(
                        span.start < span.end && span.end <= len,
                        "case {index} ({what}): {span:?} outside {len} chars"
                    );
                }
                for (key, value) in &doc.properties {
                    assert!(
                        !key.is_empty() && !value.chars().any(char::is_control),
                        "case {index} ({what}): property {key:?} = {value:?}"
                    );
                }
                read += 1;
            }
        }
        std::fs::remove_file(&path).unwrap();
    }
    eprintln!("{read} damaged files read soundly, {refused} refused");
    if only.is_none() && cases >= 100 {
        assert!(read > 0 && refused > 0, "the cases test both outcomes");
    }
}

const REFI_TAGS: &[&str] = &[
    "Project",
    "Code",
    "Codes",
    "CodeBook",
    "TextSource",
    "PlainTextSelection",
    "Coding",
    "CodeRef",
    "Note",
    "NoteRef",
    "Sources",
    "Users",
    "Description",
    "Variables",
    "Variable",
    "VariableValue",
    "VariableRef",
    "IntegerValue",
    "DateValue",
    "Cases",
    "Case",
    "SourceRef",
    "Sets",
    "Set",
    "MemberSource",
];

/// Damage a REFI-QDA archive inside: references that point nowhere (selections outside their
/// source, unknown codes, users, notes, variables and sources of cases and sets), positions
/// that are not numbers, values and types of variables that are not what they say, a missing
/// project.qde, a source that is not UTF-8.
fn damage_refi_references(rng: &mut Rng, parts: &mut Vec<(String, Vec<u8>)>) -> String {
    let Some(qde) = parts.iter().position(|(n, _)| n.ends_with(".qde")) else {
        return "no project.qde to damage".into();
    };
    match rng.below(6) {
        0 => {
            parts.remove(qde);
            "project.qde removed".into()
        }
        1 => {
            let xml = String::from_utf8_lossy(&parts[qde].1).into_owned();
            let value = ["-1", "99999999", "x", "", "3.5", "18446744073709551616"][rng.below(6)];
            let attribute = ["startPosition", "endPosition"][rng.below(2)];
            let re = regex::Regex::new(&format!(r#"{attribute}="[^"]*""#)).unwrap();
            let mut n = 0;
            let xml = re.replace_all(&xml, |_: &regex::Captures| {
                n += 1;
                if n % 3 == 0 {
                    format!(r#"{attribute}="{value}""#)
                } else {
                    format!("{attribute}=\"{}\"", n)
                }
            });
            parts[qde].1 = xml.into_owned().into_bytes();
            format!("{attribute} values replaced with {value:?} and small numbers")
        }
        2 => {
            let xml = String::from_utf8_lossy(&parts[qde].1).into_owned();
            let attribute = ["targetGUID", "creatingUser", "guid"][rng.below(3)];
            // targetGUID: also the variables of values, the sources of cases and sets.
            let re = regex::Regex::new(&format!(r#"{attribute}="[^"]*""#)).unwrap();
            let xml = re.replace_all(&xml, |_: &regex::Captures| {
                format!(
                    "{attribute}=\"{:08X}-0000-4000-8000-{:012X}\"",
                    rng.below(4),
                    rng.below(4)
                )
            });
            parts[qde].1 = xml.into_owned().into_bytes();
            format!("{attribute} values pointed at a few made-up GUIDs")
        }
        3 => {
            for (name, bytes) in parts.iter_mut() {
                if name.ends_with(".txt") {
                    bytes.extend_from_slice(&[0xFF, 0xFE, 0xC3]);
                    bytes.insert(0, 0x80);
                }
            }
            "sources made invalid UTF-8".into()
        }
        4 => {
            let xml = String::from_utf8_lossy(&parts[qde].1).into_owned();
            let values = regex::Regex::new(r"<(\w+Value)>[^<]*</").unwrap();
            let types = regex::Regex::new(r#"typeOfVariable="[^"]*""#).unwrap();
            let garbage = [
                "x",
                " ",
                "1e400",
                "2019-02-30",
                "maybe",
                "-0",
                "1.5E3",
                "0000-01-01",
            ];
            let xml = values.replace_all(&xml, |c: &regex::Captures| {
                format!("<{0}>{1}</", &c[1], garbage[rng.below(garbage.len())])
            });
            let kinds = [
                "Text", "Boolean", "Integer", "Float", "Date", "DateTime", "Ordinal", "",
            ];
            let xml = types.replace_all(&xml, |_: &regex::Captures| {
                format!("typeOfVariable=\"{}\"", kinds[rng.below(kinds.len())])
            });
            parts[qde].1 = xml.into_owned().into_bytes();
            "variable values and types replaced with others".into()
        }
        _ => {
            parts[qde].1 = b"<?xml version=\"1.0\"?><html><body>hello</body></html>".to_vec();
            "project.qde replaced with HTML".into()
        }
    }
}

/// Variables of every type with values, and groups, so that Coda's own export has
/// `<Variables>`, `<Cases>` and `<Sets>` to damage.
fn add_variables_and_groups(project: &mut coda::model::Project) {
    use coda::model::{Group, Variable, VariableType};
    use coda::ops::{Edit, apply};
    let docs: Vec<_> = project.documents.iter().map(|d| d.id).collect();
    let mut edits = Vec::new();
    let variables = [
        ("outlet", VariableType::Text, "Kun.uz"),
        ("year", VariableType::Number, "2018"),
        ("share", VariableType::Number, "0.35"),
        ("published", VariableType::Date, "2013-05-01"),
        ("state media", VariableType::YesNo, "yes"),
    ];
    for (index, (name, kind, value)) in variables.into_iter().enumerate() {
        edits.push(Edit::InsertVariable {
            index,
            variable: Variable {
                name: name.into(),
                kind,
            },
        });
        for document in &docs[..index.min(docs.len())] {
            edits.push(Edit::SetVariableValue {
                document: *document,
                variable: name.into(),
                value: Some(value.into()),
            });
        }
    }
    edits.push(Edit::InsertGroup {
        index: 0,
        group: Group {
            name: "Some".into(),
            documents: docs[..docs.len() / 2].to_vec(),
        },
    });
    apply(project, Edit::Batch(edits)).unwrap();
}

#[test]
fn damaged_refi_files_are_refused_or_read_soundly_never_a_panic() {
    use coda::io::refi;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/refi");
    let mut originals: Vec<(String, Vec<u8>)> = [
        "nvivo-mac-15_project.qdpx",
        "qc-1.3.2_demo.qdpx",
        "atlasti-win-23_target-project.qdpx",
    ]
    .into_iter()
    .map(|n| (n.to_string(), std::fs::read(fixtures.join(n)).unwrap()))
    .collect();
    let mut sample = coda::io::project_file::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron"),
    )
    .unwrap()
    .project;
    add_variables_and_groups(&mut sample);
    originals.push(("coda.qdpx".into(), refi::export_project(&sample).unwrap().0));
    originals.push(("coda.qdc".into(), refi::export_codebook(&sample).unwrap().0));
    let cases = env_number("CODA_FUZZ_CASES").map_or(DEFAULT_CASES, |n| n as usize);
    let seed = env_number("CODA_FUZZ_SEED").unwrap_or(DEFAULT_SEED ^ 0x13);
    let only = env_number("CODA_FUZZ_CASE").map(|n| n as usize);
    let (mut read, mut refused) = (0, 0);
    for index in 0..cases {
        if only.is_some_and(|o| o != index) {
            continue;
        }
        let mut rng = Rng(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (name, original) = &originals[rng.below(originals.len())];
        let mut bytes = original.clone();
        let what = if name.ends_with(".qdpx") && rng.below(3) > 0 {
            let mut parts = parts(&bytes);
            let how = match rng.below(3) {
                0 => damage_refi_references(&mut rng, &mut parts),
                1 => {
                    let qde = parts.iter().position(|(n, _)| n.ends_with(".qde")).unwrap();
                    insert_markup(&mut rng, &mut parts[qde].1, REFI_TAGS)
                }
                _ => {
                    let which = rng.below(parts.len());
                    mutate_bytes(&mut rng, &mut parts[which].1);
                    format!("part {} damaged", parts[which].0)
                }
            };
            bytes = zip_again(&parts);
            format!("{name}: {how}")
        } else if rng.below(2) == 0 && name.ends_with(".qdc") {
            let how = insert_markup(&mut rng, &mut bytes, REFI_TAGS);
            format!("{name}: {how}")
        } else {
            mutate_bytes(&mut rng, &mut bytes);
            format!("{name}: bytes damaged")
        };
        let file = format!("case-{index}-{name}");
        let result = catch_unwind(AssertUnwindSafe(|| refi::import_bytes(&bytes, &file)));
        let Ok(result) = result else {
            panic!("case {index} ({what}) panicked");
        };
        match result {
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.starts_with(&file),
                    "case {index} ({what}): {message}"
                );
                assert!(!message.contains('\n'), "case {index} ({what}): {message}");
                refused += 1;
            }
            Ok(imported) => {
                let problems = coda::model::validate(&imported.project);
                assert!(problems.is_empty(), "case {index} ({what}): {problems:?}");
                for line in imported
                    .report
                    .skipped
                    .iter()
                    .chain(&imported.report.changed)
                {
                    assert!(!line.contains('\n'), "case {index} ({what}): {line}");
                }
                read += 1;
            }
        }
    }
    eprintln!("{read} damaged REFI-QDA files read soundly, {refused} refused");
    if only.is_none() && cases >= 100 {
        assert!(read > 0 && refused > 0, "the cases test both outcomes");
    }
}
