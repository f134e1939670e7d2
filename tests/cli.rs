//! The `coda` binary end to end: projects from the seed documents, encodings, codings CSV round
//! trips, and bad input that must be refused without touching any file.

mod common;

use coda::io::project_file;
use coda::model::{CharRange, validate};
use common::{coda, fails, ok, seed, stderr};
use std::fs;
use std::path::{Path, PathBuf};

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

const CODEBOOK: &str = "- Push factors: Why people are drawn in.\n  - Hotkey: 1\n  - Unemployment and labour migration: No work at home.\n- Recruitment channels: How people are reached.\n  - Hotkey: 2\n  - Online propaganda: Internet and social media.\n- Policy responses: What states do.\n";

/// A project with all five seeds (001 reflowed) and a small codebook.
fn seeded_project(dir: &Path) -> PathBuf {
    let project = dir.join("p.ron");
    let codebook = dir.join("codebook.md");
    fs::write(&codebook, CODEBOOK).unwrap();
    ok(&[
        "new",
        path_str(&project),
        "--coder",
        "Aigerim",
        "--codebook",
        path_str(&codebook),
    ]);
    let plain: Vec<PathBuf> = ["000", "002", "003", "004"]
        .iter()
        .map(|p| seed(p))
        .collect();
    let mut args = vec!["add-document", path_str(&project)];
    args.extend(plain.iter().map(|p| path_str(p)));
    ok(&args);
    ok(&[
        "add-document",
        path_str(&project),
        "--reflow",
        path_str(&seed("001")),
    ]);
    project
}

fn char_range_of(
    project: &coda::model::Project,
    doc_prefix: &str,
    needle: &str,
) -> (String, CharRange) {
    let doc = project
        .documents
        .iter()
        .find(|d| d.name.starts_with(doc_prefix))
        .unwrap();
    let found = doc.text.find_ignoring_whitespace(needle);
    assert!(!found.is_empty(), "{needle:?} not in {}", doc.name);
    (doc.name.clone(), found[0])
}

#[test]
fn five_seeds_non_ascii_codings_import_export_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let project_path = seeded_project(dir.path());
    let project = project_file::load(&project_path).unwrap().project;
    assert_eq!(project.documents.len(), 5);
    assert!(validate(&project).is_empty());

    let passages = [
        ("001", "György Szabó", "Push factors"),
        (
            "001",
            "Kazakhstan’s Council on International Relations",
            "Policy responses",
        ),
        (
            "001",
            "Белокреницкий, В.Я., Сикоев, Р.Р.",
            "Recruitment channels/Online propaganda",
        ),
        (
            "004",
            "Kazakhstan",
            "Push factors/Unemployment and labour migration",
        ),
    ];
    let mut csv = String::from("document,start,end,code,coder,memo\n");
    let mut expected = Vec::new();
    for (doc, needle, code) in passages {
        let (name, range) = char_range_of(&project, doc, needle);
        csv.push_str(&format!(
            "{name},{},{},{code},Aigerim,\"memo, with comma\"\n",
            range.start, range.end
        ));
        expected.push((name, range, needle));
    }
    // A second coder on the same passage as the first row.
    let (name, range, _) = &expected[0];
    csv.push_str(&format!(
        "{name},{},{},Push factors,Bakyt,\n",
        range.start, range.end
    ));
    let csv_path = dir.path().join("codings.csv");
    fs::write(&csv_path, csv).unwrap();
    ok(&[
        "import-codings",
        path_str(&project_path),
        path_str(&csv_path),
    ]);

    let export_path = dir.path().join("export.csv");
    ok(&[
        "export-codings",
        path_str(&project_path),
        "-o",
        path_str(&export_path),
    ]);
    let mut reader = csv::Reader::from_path(&export_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "document", "start", "end", "page", "code", "coder", "memo", "text"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    for (name, range, needle) in &expected {
        let row = rows
            .iter()
            .find(|r| &r[0] == name && r[1] == range.start.to_string() && &r[5] == "Aigerim")
            .unwrap_or_else(|| panic!("no row for {needle}"));
        assert_eq!(&row[2], range.end.to_string());
        assert_eq!(&row[7], *needle, "the text column is the coded passage");
        assert_eq!(&row[6], "memo, with comma");
    }
    assert!(
        rows.iter()
            .any(|r| &r[5] == "Bakyt" && &r[7] == "György Szabó")
    );

    // Importing the export into a project without codings gives the same export back.
    let copy = dir.path().join("copy.ron");
    let fresh = seeded_project(&dir.path().join("fresh").tap_mkdir());
    fs::copy(&fresh, &copy).unwrap();
    ok(&["import-codings", path_str(&copy), path_str(&export_path)]);
    let again = dir.path().join("again.csv");
    ok(&["export-codings", path_str(&copy), "-o", path_str(&again)]);
    assert_eq!(fs::read(&export_path).unwrap(), fs::read(&again).unwrap());
    // Importing it once more adds nothing.
    let out = ok(&["import-codings", path_str(&copy), path_str(&export_path)]);
    assert!(out.contains("imported 0 codings"), "{out}");
    assert!(out.contains("5 already present"), "{out}");
}

trait TapMkdir {
    fn tap_mkdir(self) -> Self;
}

impl TapMkdir for PathBuf {
    fn tap_mkdir(self) -> Self {
        fs::create_dir_all(&self).unwrap();
        self
    }
}

#[test]
fn legacy_and_utf16_encodings_import_with_correct_text() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.ron");
    ok(&["new", path_str(&project)]);
    let text = "Экстремизм в Центральной Азии: вербовка трудовых мигрантов.\nҚазақстан және Орталық Азия.\n";
    let russian = "Экстремизм в Центральной Азии: вербовка трудовых мигрантов и молодежи через социальные сети.\n";
    let (cp1251, _, bad) = encoding_rs::WINDOWS_1251.encode(russian);
    assert!(!bad);
    fs::write(dir.path().join("cp1251.txt"), &cp1251).unwrap();
    let russian_koi8 =
        "Радикализация молодежи: причины, каналы вербовки и ответные меры государства.\n";
    let (koi8, _, _) = encoding_rs::KOI8_R.encode(russian_koi8);
    fs::write(dir.path().join("koi8.txt"), &koi8).unwrap();
    let mut le = vec![0xFF, 0xFE];
    le.extend(
        text.replace('\n', "\r\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    fs::write(dir.path().join("utf16le.txt"), &le).unwrap();
    let text_be = format!("{text}Big-endian copy.\n");
    let mut be = vec![0xFE, 0xFF];
    be.extend(text_be.encode_utf16().flat_map(u16::to_be_bytes));
    fs::write(dir.path().join("utf16be.txt"), &be).unwrap();
    for name in ["cp1251.txt", "koi8.txt", "utf16le.txt", "utf16be.txt"] {
        ok(&[
            "add-document",
            path_str(&project),
            path_str(&dir.path().join(name)),
        ]);
    }
    let loaded = project_file::load(&project).unwrap().project;
    let doc = |name: &str| loaded.document_by_name(name).unwrap();
    assert_eq!(doc("cp1251.txt").text.as_str(), russian);
    assert_eq!(doc("cp1251.txt").source.encoding, "windows-1251");
    assert_eq!(doc("koi8.txt").text.as_str(), russian_koi8);
    assert_eq!(doc("koi8.txt").source.encoding, "KOI8-R");
    assert_eq!(doc("utf16le.txt").text.as_str(), text, "CRLF became LF");
    assert_eq!(doc("utf16le.txt").source.encoding, "UTF-16LE");
    assert_eq!(doc("utf16be.txt").text.as_str(), text_be);
    assert_eq!(doc("utf16be.txt").source.encoding, "UTF-16BE");

    // The encoding can be overridden.
    let forced = dir.path().join("forced.txt");
    let (other, _, _) = encoding_rs::WINDOWS_1251.encode("Другой текст о Ташкенте.\n");
    fs::write(&forced, &other).unwrap();
    ok(&[
        "add-document",
        path_str(&project),
        "--encoding",
        "IBM866",
        path_str(&forced),
    ]);
    let loaded = project_file::load(&project).unwrap().project;
    assert_eq!(
        loaded
            .document_by_name("forced.txt")
            .unwrap()
            .source
            .encoding,
        "IBM866"
    );
}

#[test]
fn short_windows_1251_file_is_read_as_cyrillic_and_the_note_says_how_to_override() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.ron");
    ok(&["new", path_str(&project)]);
    // Too short for chardetng alone, which takes it for windows-1252: "ÔÈÎ: Èâàíîâ È.È.".
    let text = "ФИО: Иванов И.И.\nДата: 12.03.2019\n";
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let file = dir.path().join("header.txt");
    fs::write(&file, &cp1251).unwrap();
    let out = coda(&["add-document", path_str(&project), path_str(&file)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let note = stderr(&out);
    assert!(
        note.contains(
            "note: header.txt: decoded as windows-1251 (detected: Cyrillic reading more plausible than windows-1252, with 5 of 5 words well-formed against 2 of 5); if the text looks wrong, add it again with --encoding NAME (e.g. windows-1252)"
        ),
        "{note}"
    );
    let loaded = project_file::load(&project).unwrap().project;
    let doc = loaded.document_by_name("header.txt").unwrap();
    assert_eq!(doc.text.as_str(), text);
    assert_eq!(doc.source.encoding, "windows-1251");

    // The override the note names is taken.
    let forced = dir.path().join("forced.ron");
    ok(&["new", path_str(&forced)]);
    let out = coda(&[
        "add-document",
        path_str(&forced),
        "--encoding",
        "windows-1252",
        path_str(&file),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("decoded as windows-1252, as named with --encoding"),
        "{}",
        stderr(&out)
    );
    let loaded = project_file::load(&forced).unwrap().project;
    let doc = loaded.document_by_name("header.txt").unwrap();
    assert_eq!(doc.text.as_str(), "ÔÈÎ: Èâàíîâ È.È.\nÄàòà: 12.03.2019\n");
}

#[test]
fn binary_files_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.ron");
    ok(&["new", path_str(&project)]);
    let before = fs::read(&project).unwrap();
    let pdf = dir.path().join("report.pdf");
    fs::write(&pdf, b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj").unwrap();
    let good = seed("000");
    let err = fails(&[
        "add-document",
        path_str(&project),
        path_str(&good),
        path_str(&pdf),
    ]);
    assert!(err.contains("report.pdf") && err.contains("PDF"), "{err}");
    assert_eq!(
        fs::read(&project).unwrap(),
        before,
        "the good document was not added either"
    );
    let nul = dir.path().join("image.txt");
    fs::write(&nul, b"abc\0\0\x01\x02").unwrap();
    let err = fails(&["add-document", path_str(&project), path_str(&nul)]);
    assert!(err.contains("NUL"), "{err}");
    assert_eq!(fs::read(&project).unwrap(), before);
}

/// Damaged project files are refused with a location or a version, and never modified.
#[test]
fn corrupted_truncated_and_future_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let project = seeded_project(dir.path());
    let good = fs::read_to_string(&project).unwrap();
    let corrupted = dir.path().join("corrupted.ron");
    let cut = good.find("documents: [").unwrap();
    fs::write(
        &corrupted,
        format!(
            "{}documents: [ (id: 12 }}{}",
            &good[..cut],
            &good[cut + 12..]
        ),
    )
    .unwrap();
    let truncated = dir.path().join("truncated.ron");
    fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    let future = dir.path().join("future.ron");
    fs::write(
        &future,
        good.replacen("format_version: 1,", "format_version: 99,", 1)
            .replacen("coda_version: \"0.1.0\"", "coda_version: \"7.2.0\"", 1),
    )
    .unwrap();

    for (file, expect) in [
        (&corrupted, vec![":".to_string()]),
        (&truncated, vec![":".to_string()]),
        (
            &future,
            vec!["format 99".to_string(), "Coda 7.2.0".to_string()],
        ),
    ] {
        let before = fs::read(file).unwrap();
        for args in [
            vec!["stats", path_str(file)],
            vec!["validate", path_str(file)],
            vec!["add-document", path_str(file), path_str(&seed("000"))],
            vec!["export-codings", path_str(file)],
        ] {
            let err = fails(&args);
            let first_line = err.lines().next().unwrap();
            assert!(first_line.contains(path_str(file)), "{first_line}");
            for e in &expect {
                assert!(first_line.contains(e.as_str()), "{first_line}");
            }
            assert_eq!(fs::read(file).unwrap(), before, "{args:?} changed the file");
        }
    }
    // Syntax errors carry path:line:column.
    let err = fails(&["stats", path_str(&corrupted)]);
    let location = regex_like_location(&err, path_str(&corrupted));
    assert!(location.is_some(), "no line:column in {err}");
    let err = fails(&["stats", path_str(&truncated)]);
    assert!(
        regex_like_location(&err, path_str(&truncated)).is_some(),
        "{err}"
    );
    assert!(!dir.path().join("corrupted.ron.bak").exists());
}

/// `PATH:LINE:COL:` at the start of a message.
fn regex_like_location(message: &str, path: &str) -> Option<(usize, usize)> {
    let rest = message
        .strip_prefix("coda: ")?
        .strip_prefix(path)?
        .strip_prefix(':')?;
    let mut parts = rest.splitn(3, ':');
    let line = parts.next()?.parse().ok()?;
    let column = parts.next()?.parse().ok()?;
    Some((line, column))
}

#[test]
fn invalid_codings_are_reported_by_line_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let project = seeded_project(dir.path());
    let before = fs::read(&project).unwrap();
    let csv = dir.path().join("bad.csv");
    fs::write(
        &csv,
        "document,start,end,code,coder\n\
         004_6008982b3c3d21b7.txt,0,10,Push factors,Aigerim\n\
         004_6008982b3c3d21b7.txt,20,10,Push factors,Aigerim\n\
         004_6008982b3c3d21b7.txt,0,999999,Push factors,Aigerim\n\
         004_6008982b3c3d21b7.txt,x,10,Push factors,Aigerim\n\
         missing.txt,0,10,Push factors,Aigerim\n\
         004_6008982b3c3d21b7.txt,0,10,Push factors/Nonexistent,Aigerim\n",
    )
    .unwrap();
    let err = fails(&["import-codings", path_str(&project), path_str(&csv)]);
    for expected in [
        "line 3:",
        "line 4:",
        "line 5:",
        "line 6:",
        "nothing imported",
        "Push factors/Nonexistent",
        "--create-codes",
    ] {
        assert!(err.contains(expected), "{expected:?} missing from {err}");
    }
    assert!(!err.contains("line 2:"), "{err}");
    assert_eq!(fs::read(&project).unwrap(), before);

    let good = dir.path().join("good.csv");
    fs::write(&good, "document,start,end,code,coder\n004_6008982b3c3d21b7.txt,0,10,Push factors/New code/Deeper,Dana\n").unwrap();
    fails(&["import-codings", path_str(&project), path_str(&good)]);
    ok(&[
        "import-codings",
        path_str(&project),
        path_str(&good),
        "--create-codes",
    ]);
    let loaded = project_file::load(&project).unwrap().project;
    assert!(
        loaded
            .code_by_path("Push factors/New code/Deeper")
            .is_some()
    );
    assert!(loaded.coder_by_name("Dana").is_some());
    assert!(validate(&loaded).is_empty());
}

#[test]
fn validate_reports_broken_invariants() {
    let dir = tempfile::tempdir().unwrap();
    let project = seeded_project(dir.path());
    let csv = dir.path().join("c.csv");
    fs::write(
        &csv,
        "document,start,end,code,coder\n000_38834240a7655f99.txt,0,10,Push factors,Aigerim\n",
    )
    .unwrap();
    ok(&["import-codings", path_str(&project), path_str(&csv)]);
    assert!(ok(&["validate", path_str(&project)]).contains("valid"));
    let text = fs::read_to_string(&project).unwrap();
    // Edit by hand: the segment now runs past its document, and a document's text changed.
    let broken = text
        .replacen("start: 0, end: 10,", "start: 0, end: 100000,", 1)
        .replacen(
            "Kazakhstan Institute for Strategic Studies",
            "Kazakhstan Institute for Strategic Study",
            1,
        );
    assert_ne!(broken, text);
    fs::write(&project, &broken).unwrap();
    let err = fails(&["validate", path_str(&project)]);
    assert!(err.contains("2 problems"), "{err}");
    assert!(err.contains("ends at 100000"), "{err}");
    assert!(err.contains("hash"), "{err}");
    // A project with problems is not changed by other commands either.
    fails(&["add-document", path_str(&project), path_str(&seed("000"))]);
    assert_eq!(fs::read_to_string(&project).unwrap(), broken);
}

#[test]
fn new_refuses_to_overwrite_and_reports_codebook_lines() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.ron");
    ok(&["new", path_str(&project), "--name", "Mine"]);
    let before = fs::read(&project).unwrap();
    let err = fails(&["new", path_str(&project)]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(fs::read(&project).unwrap(), before);
    let codebook = dir.path().join("cb.md");
    fs::write(&codebook, "- Fine\n  - Hotkey: 42\n").unwrap();
    let other = dir.path().join("q.ron");
    let err = fails(&["new", path_str(&other), "--codebook", path_str(&codebook)]);
    assert!(err.contains("cb.md:line 2"), "{err}");
    assert!(!other.exists());
}

#[test]
fn sample_project_is_sound() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/central-asia-cve.ron");
    let project = project_file::load(&sample).unwrap().project;
    assert!(validate(&project).is_empty(), "{:?}", validate(&project));
    assert_eq!(project.documents.len(), 5);
    assert!(project.segments.len() >= 60);
    assert_eq!(project.children(None).count(), 3);
    assert!(
        project.codes.iter().all(|c| !c.description.is_empty()
            && !c.inclusion.is_empty()
            && !c.exclusion.is_empty())
    );
    let doc001 = project
        .documents
        .iter()
        .find(|d| d.name.starts_with("001"))
        .unwrap();
    assert_eq!(
        doc001.source.format,
        coda::model::SourceFormat::ReflowedText
    );
    // The saved bytes are the canonical serialisation.
    assert_eq!(
        project_file::to_ron_string(&project),
        fs::read_to_string(&sample).unwrap()
    );
    let stats = ok(&["stats", path_str(&sample)]);
    assert!(
        stats.contains(&format!("Segments: {}", project.segments.len())),
        "{stats}"
    );
}

#[test]
fn markdown_renders_and_pdf_text_reflows() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.ron");
    ok(&["new", path_str(&project)]);
    let md = dir.path().join("notes.md");
    fs::write(&md, "# Field notes\n\nMigrants told us *why* they left.\n\n- no **jobs**\n- [debts](http://example.org)\n").unwrap();
    ok(&["add-document", path_str(&project), path_str(&md)]);
    let out = coda(&["add-document", path_str(&project), path_str(&seed("001"))]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("--reflow"),
        "the shape of PDF text is detected and reflow suggested"
    );
    let loaded = project_file::load(&project).unwrap().project;
    let notes = loaded.document_by_name("notes.md").unwrap();
    assert_eq!(
        notes.text.as_str(),
        "Field notes\n\nMigrants told us why they left.\n\n• no jobs\n• debts"
    );
    assert!(
        notes
            .styles
            .iter()
            .any(|s| s.style == coda::model::Style::Heading(1) && (s.start, s.end) == (0, 11))
    );
    let raw = loaded
        .documents
        .iter()
        .find(|d| d.name.starts_with("001"))
        .unwrap();
    assert_eq!(raw.source.format, coda::model::SourceFormat::PlainText);

    let reflowed = dir.path().join("r.ron");
    ok(&["new", path_str(&reflowed)]);
    ok(&[
        "add-document",
        path_str(&reflowed),
        "--reflow",
        path_str(&seed("001")),
    ]);
    let loaded = project_file::load(&reflowed).unwrap().project;
    let text = loaded.documents[0].text.as_str();
    // Four lines of the PDF are one run of text now, so one drag selects the quote.
    assert!(text.contains(
        "It is my great pleasure to welcome such a respected audience and address the International Security Conference focused on “New Challenges and Approaches to Regional and Global Security in Central Asia”."
    ));
    // Real hyphens at line ends are kept, page numbers are gone.
    assert!(text.contains("co-operative platform"));
    assert!(!text.contains("\n96\n"));
}

/// The seed document whose name starts with `prefix`, and where `quote` occurs in it.
fn occurrences(project: &Path, prefix: &str, quote: &str) -> (String, Vec<CharRange>) {
    let project = project_file::load(project).unwrap().project;
    let doc = project
        .documents
        .iter()
        .find(|d| d.name.starts_with(prefix))
        .unwrap();
    (doc.name.clone(), doc.text.find_ignoring_whitespace(quote))
}

fn segment_ranges(project: &Path) -> Vec<CharRange> {
    project_file::load(project)
        .unwrap()
        .project
        .segments
        .values()
        .map(|s| s.range())
        .collect()
}

#[test]
fn ambiguous_quote_is_refused_with_its_offsets_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let project = seeded_project(dir.path());
    let (doc, found) = occurrences(&project, "004", "Kazakhstan");
    assert!(found.len() > 10, "the seed names Kazakhstan often");
    let (_, unique) = occurrences(&project, "004", "Features of Countering Violent Extremism");
    assert_eq!(unique.len(), 1);
    let before = fs::read(&project).unwrap();
    let csv = dir.path().join("quotes.csv");
    fs::write(
        &csv,
        format!(
            "document,code,quote\n\
             {doc},Push factors,Features of Countering Violent Extremism\n\
             {doc},Policy responses,Kazakhstan\n"
        ),
    )
    .unwrap();
    let err = fails(&["import-codings", path_str(&project), path_str(&csv)]);
    let listed: Vec<String> = found[..10].iter().map(|r| r.to_string()).collect();
    for expected in [
        path_str(&csv).to_string(),
        "line 3:".into(),
        "\"Kazakhstan\"".into(),
        format!("{} times", found.len()),
        listed.join(", ") + ", …",
        "occurrence".into(),
        "start and end".into(),
        "nothing imported".into(),
    ] {
        assert!(err.contains(&expected), "{expected:?} missing from {err}");
    }
    assert!(
        !err.contains(&found[10].to_string()),
        "only the first ten: {err}"
    );
    assert!(!err.contains("line 2:"), "{err}");
    assert_eq!(
        fs::read(&project).unwrap(),
        before,
        "the project is untouched"
    );
}

#[test]
fn occurrence_or_start_and_end_pick_one_of_several() {
    let dir = tempfile::tempdir().unwrap();
    let project = seeded_project(dir.path());
    let (doc, found) = occurrences(&project, "004", "violent extremism");
    assert!(found.len() >= 3);
    let before = fs::read(&project).unwrap();
    // An empty occurrence cell is no choice: the ambiguous row is refused.
    let csv = dir.path().join("quotes.csv");
    fs::write(
        &csv,
        format!(
            "document,code,occurrence,quote\n\
             {doc},Push factors,3,violent extremism\n\
             {doc},Policy responses,,violent extremism\n"
        ),
    )
    .unwrap();
    let err = fails(&["import-codings", path_str(&project), path_str(&csv)]);
    assert!(err.contains("line 3:"), "{err}");
    assert!(!err.contains("line 2:"), "{err}");
    assert_eq!(fs::read(&project).unwrap(), before);

    // The third occurrence by number; the second by its offsets, with the quote checked
    // against them (rows without offsets still give their quote).
    fs::write(
        &csv,
        format!(
            "document,code,occurrence,quote,start,end\n\
             {doc},Push factors,3,violent extremism,,\n\
             {doc},Policy responses,,violent extremism,{},{}\n",
            found[1].start, found[1].end
        ),
    )
    .unwrap();
    let out = ok(&["import-codings", path_str(&project), path_str(&csv)]);
    assert!(out.contains("imported 2 codings"), "{out}");
    let mut ranges = segment_ranges(&project);
    ranges.sort();
    assert_eq!(ranges, vec![found[1], found[2]]);

    // Offsets that do not hold the quote are refused.
    let wrong = dir.path().join("wrong.csv");
    fs::write(
        &wrong,
        format!("document,code,quote,start,end\n{doc},Push factors,violent extremism,0,17\n"),
    )
    .unwrap();
    let after_import = fs::read(&project).unwrap();
    let err = fails(&["import-codings", path_str(&project), path_str(&wrong)]);
    assert!(err.contains("line 2:") && err.contains("0..17"), "{err}");
    assert_eq!(fs::read(&project).unwrap(), after_import);
}

#[test]
fn out_of_range_occurrence_is_refused_with_the_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let project = seeded_project(dir.path());
    let (doc, found) = occurrences(&project, "004", "violent extremism");
    let n = found.len();
    let before = fs::read(&project).unwrap();
    let csv = dir.path().join("quotes.csv");
    fs::write(
        &csv,
        format!(
            "document,code,occurrence,quote\n\
             {doc},Push factors,{},violent extremism\n\
             {doc},Push factors,0,violent extremism\n\
             {doc},Push factors,1,no such passage anywhere\n",
            n + 1
        ),
    )
    .unwrap();
    let err = fails(&["import-codings", path_str(&project), path_str(&csv)]);
    let listed: Vec<String> = found.iter().take(10).map(|r| r.to_string()).collect();
    for expected in [
        "line 2:".to_string(),
        format!("occurrence {}", n + 1),
        format!("{n} times"),
        listed.join(", "),
        "line 3:".into(),
        "occurrence 0".into(),
        "line 4:".into(),
        "does not occur".into(),
    ] {
        assert!(err.contains(&expected), "{expected:?} missing from {err}");
    }
    assert_eq!(fs::read(&project).unwrap(), before);
}

#[test]
fn extra_columns_are_refused_unless_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let project = seeded_project(dir.path());
    let before = fs::read(&project).unwrap();
    let csv = dir.path().join("extra.csv");
    fs::write(
        &csv,
        "document,start,end,code,coder,Colour,notes\n\
         004_6008982b3c3d21b7.txt,0,10,Push factors,Aigerim,red,check this\n",
    )
    .unwrap();
    let err = fails(&["import-codings", path_str(&project), path_str(&csv)]);
    for expected in [
        path_str(&csv),
        "\"Colour\"",
        "\"notes\"",
        "document, start, end, page, quote, occurrence, code, coder, memo, text",
        "--ignore-extra-columns",
    ] {
        assert!(err.contains(expected), "{expected:?} missing from {err}");
    }
    assert_eq!(fs::read(&project).unwrap(), before);
    let out = ok(&[
        "import-codings",
        path_str(&project),
        path_str(&csv),
        "--ignore-extra-columns",
    ]);
    assert!(out.contains("imported 1 coding into"), "{out}");
    assert_eq!(segment_ranges(&project), vec![CharRange::new(0, 10)]);

    // A row with more values than the header names (a memo with an unquoted comma) loses
    // nothing silently either.
    let project = seeded_project(&dir.path().join("second").tap_mkdir());
    let before = fs::read(&project).unwrap();
    let wide = dir.path().join("wide.csv");
    fs::write(
        &wide,
        "document,start,end,code,coder,memo\n\
         004_6008982b3c3d21b7.txt,0,10,Push factors,Aigerim,first point, second point\n",
    )
    .unwrap();
    let err = fails(&["import-codings", path_str(&project), path_str(&wide)]);
    assert!(err.contains("line 2:"), "{err}");
    assert!(err.contains("\"second point\""), "{err}");
    assert_eq!(fs::read(&project).unwrap(), before);
    ok(&[
        "import-codings",
        path_str(&project),
        path_str(&wide),
        "--ignore-extra-columns",
    ]);
    let loaded = project_file::load(&project).unwrap().project;
    assert_eq!(loaded.segments.values().next().unwrap().memo, "first point");
}
