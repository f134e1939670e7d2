//! `coda agree`: load every coder's file, combine them into one project, choose the coders and
//! codes, compare, and write the report as text, JSON or CSV.

use super::AgreeArgs;
use super::commands::CliError;
use super::commands::load_checked;
use crate::agreement::inputs::{self, InputCoders};
use crate::agreement::{self, Options};
use crate::analysis::filter::DocumentFilter;
use crate::io::agreement_report;
use crate::io::safe_write::write_output;
use crate::model::{CodeId, Project, validate};
use std::io::Write;

type Result<T = ()> = std::result::Result<T, CliError>;

pub fn agree(args: AgreeArgs) -> Result {
    let mut loaded = Vec::with_capacity(args.files.len());
    for path in &args.files {
        loaded.push((path.display().to_string(), load_checked(path)?));
    }
    let summaries: Vec<InputCoders> = loaded
        .iter()
        .map(|(label, project)| InputCoders::of(label.clone(), project))
        .collect();
    let project = combine(loaded)?;
    // Only the documents the filter keeps are compared (agreement's --coder chooses coders).
    let project = DocumentFilter::new(&project, &args.filter.spec(&[]))
        .map_err(CliError)?
        .restrict(&project);
    let coders = inputs::choose_coders(&project, &summaries, &args.coders)?;
    if coders.len() < 2 {
        return Err(too_few_coders(&project, &summaries, &args, &coders));
    }
    let options = Options {
        coders,
        codes: resolve_codes(&project, &args.codes)?,
        include_children: args.include_children,
        unit: args.unit,
        missing: args.missing,
        threshold: args.threshold,
        bootstrap: args.bootstrap,
        seed: args.seed,
    };
    let report = agreement::compare(&project, &options)?;

    let bytes = if args.json {
        let mut text = serde_json::to_string_pretty(&agreement_report::to_json(&report, &project))?;
        text.push('\n');
        text.into_bytes()
    } else if args.csv {
        let mut bytes = Vec::new();
        agreement_report::write_csv(&report, &project, &mut bytes)?;
        bytes
    } else {
        agreement_report::to_text(&report, &project).into_bytes()
    };
    match &args.output {
        Some(path) => {
            write_output(path, &bytes)?;
            eprintln!(
                "wrote the agreement of {} coders on {} codes in {} documents to {}",
                report.options.coders.len(),
                report.options.codes.len(),
                report.documents.len(),
                path.display()
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|e| CliError(format!("cannot write to standard output: {e}")))?;
        }
    }
    Ok(())
}

/// The inputs as one project holding every coder's codings: documents matched by content hash,
/// codes by id then path, coders by id then name. One input is returned as it is.
fn combine(inputs: Vec<(String, Project)>) -> Result<Project> {
    if inputs.len() == 1 {
        let (_, project) = inputs.into_iter().next().expect("one input");
        return Ok(project);
    }
    let combined = inputs::combine(&inputs)?;
    let problems = validate(&combined);
    if let Some(first) = problems.first() {
        return Err(CliError(format!(
            "the files cannot be combined: {} problems in the result (first: {first})",
            problems.len()
        )));
    }
    Ok(combined)
}

fn too_few_coders(
    project: &Project,
    inputs: &[InputCoders],
    args: &AgreeArgs,
    coders: &[crate::model::CoderId],
) -> CliError {
    let names: Vec<&str> = coders
        .iter()
        .filter_map(|&id| project.coder(id))
        .map(|c| c.name.as_str())
        .collect();
    let found = match names.as_slice() {
        [] => "no coder".to_string(),
        [one] => format!("only {one}"),
        _ => names.join(", "),
    };
    if !args.coders.is_empty() {
        return CliError(format!(
            "agreement needs at least two coders; --coder names {found}"
        ));
    }
    let rule = if inputs.len() == 1 {
        format!(
            "coders with at least one coding in {}",
            inputs.first().map_or("the file", |i| i.label.as_str())
        )
    } else {
        "coders with codings, and the files' current coders".to_string()
    };
    CliError(format!(
        "agreement needs at least two coders; found {found} ({rule}).\n\
         Give each coder's project file (coda agree A.ron B.ron), or name the coders with --coder."
    ))
}

/// The codes named by `--code` (paths or ids), in the order given; every code when none is.
fn resolve_codes(project: &Project, references: &[String]) -> Result<Vec<CodeId>> {
    if references.is_empty() {
        return Ok(project.codes.iter().map(|c| c.id).collect());
    }
    let mut codes = Vec::with_capacity(references.len());
    for reference in references {
        let Some(code) = project.resolve_code(reference) else {
            return Err(unknown_code(project, reference));
        };
        if !codes.contains(&code.id) {
            codes.push(code.id);
        }
    }
    Ok(codes)
}

fn unknown_code(project: &Project, reference: &str) -> CliError {
    let close = close_code_paths(project, reference);
    if close.is_empty() {
        let top: Vec<String> = project
            .children(None)
            .map(|c| format!("{:?}", c.name))
            .collect();
        let listing = if top.is_empty() {
            "the project has no codes".to_string()
        } else {
            format!("the top-level codes are {}", top.join(", "))
        };
        CliError(format!(
            "no code {reference:?}; {listing} (a subcode is written \"Parent/Child\")"
        ))
    } else {
        let close: Vec<String> = close.iter().map(|p| format!("{p:?}")).collect();
        CliError(format!(
            "no code {reference:?}; did you mean {}?",
            close.join(" or ")
        ))
    }
}

/// Up to five code paths that look like `reference`: the same up to case, containing it, or a
/// few letters away from it (whole path or last name).
fn close_code_paths(project: &Project, reference: &str) -> Vec<String> {
    let wanted = reference.trim().to_lowercase();
    let wanted_last = wanted
        .rsplit('/')
        .next()
        .unwrap_or(&wanted)
        .trim()
        .to_string();
    let mut scored: Vec<(usize, String)> = project
        .codes
        .iter()
        .filter_map(|code| {
            let path = project.code_path(code.id);
            let lower = path.to_lowercase();
            let name = code.name.to_lowercase();
            let distance = edit_distance(&wanted, &lower).min(edit_distance(&wanted_last, &name));
            let allowed = 2.max(wanted_last.chars().count() / 5);
            let contains = !wanted_last.is_empty() && lower.contains(&wanted_last);
            (distance <= allowed || contains).then_some((distance, path))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, path)| path).collect()
}

/// Levenshtein distance in chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Code, Color};

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("Ωμέγα", "Ωμεγα"), 1);
    }

    #[test]
    fn unknown_codes_suggest_close_paths_or_list_the_top_level() {
        let mut project = Project::new("p");
        let push = Code::new("Push factors", None, Color::from_palette(0));
        let jobs = Code::new("Unemployment", Some(push.id), Color::from_palette(1));
        let channels = Code::new("Recruitment channels", None, Color::from_palette(2));
        project.codes.extend([push, jobs, channels]);
        assert_eq!(
            close_code_paths(&project, "Push factors/Unemploymnet"),
            ["Push factors/Unemployment"]
        );
        assert_eq!(
            close_code_paths(&project, "unemployment"),
            ["Push factors/Unemployment"]
        );
        assert_eq!(
            close_code_paths(&project, "push factor"),
            ["Push factors", "Push factors/Unemployment"]
        );
        let message = unknown_code(&project, "Policy").0;
        assert!(
            message.contains("\"Push factors\", \"Recruitment channels\""),
            "{message}"
        );
        assert_eq!(resolve_codes(&project, &[]).unwrap().len(), 3);
        assert!(resolve_codes(&project, &["Push factors/Unemployment".into()]).is_ok());
    }
}
