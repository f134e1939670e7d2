//! `coda search` on the sample project: every hit with its document and context, the same hits
//! as a plain scan finds, and clear refusals of a bad pattern or an unknown document.

mod common;

use std::path::Path;

fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_projects/central-asia-cve.ron")
        .display()
        .to_string()
}

#[test]
fn json_lists_every_hit_with_its_context() {
    let out = common::ok(&["search", &sample(), "Kazakhstan", "--whole-word", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits = json["hits"].as_array().unwrap();

    // A plain scan of the loaded project: "Kazakhstan" not inside a longer word.
    let project = coda::io::project_file::load(Path::new(&sample()))
        .unwrap()
        .project;
    let mut expected = Vec::new();
    for doc in &project.documents {
        let chars: Vec<char> = doc.text.as_str().chars().collect();
        let needle: Vec<char> = "kazakhstan".chars().collect();
        for i in 0..chars.len().saturating_sub(needle.len() - 1) {
            let same = chars[i..i + needle.len()]
                .iter()
                .zip(&needle)
                .all(|(a, b)| a.to_lowercase().eq(b.to_lowercase()));
            let word = |c: char| c.is_alphanumeric() || c == '_';
            let alone = (i == 0 || !word(chars[i - 1]))
                && chars.get(i + needle.len()).is_none_or(|c| !word(*c));
            if same && alone {
                expected.push((doc.name.clone(), i, i + needle.len()));
            }
        }
    }
    let got: Vec<(String, usize, usize)> = hits
        .iter()
        .map(|h| {
            (
                h["document"].as_str().unwrap().to_string(),
                h["start"].as_u64().unwrap() as usize,
                h["end"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert!(expected.len() > 5, "{}", expected.len());
    assert_eq!(got, expected);
    for hit in hits {
        assert_eq!(hit["hit"].as_str().unwrap().to_lowercase(), "kazakhstan");
        assert!(!hit["left"].as_str().unwrap().is_empty() || hit["start"] == 0);
    }
}

#[test]
fn text_output_and_refusals() {
    let out = common::coda(&[
        "search",
        &sample(),
        r"recruit\w*",
        "--regex",
        "--document",
        "002_a53f905ed1d174a2.docx",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let lines: Vec<String> = common::stdout(&out).lines().map(String::from).collect();
    assert!(!lines.is_empty());
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("002_a53f905ed1d174a2.docx\t"))
    );
    assert!(common::stderr(&out).contains(&format!("{} hits in 1 document", lines.len())));

    let bad = common::fails(&["search", &sample(), "(", "--regex"]);
    assert!(bad.contains("not a valid regular expression"), "{bad}");
    let unknown = common::fails(&["search", &sample(), "x", "--document", "nope.txt"]);
    assert!(
        unknown.contains("no document named \"nope.txt\""),
        "{unknown}"
    );
}

#[test]
fn output_piped_into_a_reader_that_stops_early_ends_quietly() {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_coda"))
        .args(["search", &sample(), "the"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line of far more than a pipe holds, then stop reading, as `head -1` does.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains('\t'));
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
