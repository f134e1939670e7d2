//! `coda export-refi` and `coda import-refi`: REFI-QDA projects (.qdpx) and codebooks (.qdc).

use super::commands::{CliError, apply_all, create_for_writing, load_checked, open_for_change};
use crate::io::refi::{self, ImportKind};
use crate::io::safe_write::write_output;
use crate::wording::plural;
use std::path::Path;

type Result<T = ()> = std::result::Result<T, CliError>;

/// What an output path asks for, by its extension.
fn wants_codebook(output: &Path) -> Result<bool> {
    match output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("qdpx") => Ok(false),
        Some("qdc") => Ok(true),
        _ => Err(CliError(format!(
            "{}: the output must end in .qdpx (a project) or .qdc (a codebook)",
            output.display()
        ))),
    }
}

pub fn export_refi(file: &Path, output: &Path) -> Result {
    let codebook = wants_codebook(output)?;
    let project = load_checked(file)?;
    let (bytes, report) = if codebook {
        refi::export_codebook(&project).map_err(CliError::from)?
    } else {
        refi::export_project(&project).map_err(CliError::from)?
    };
    write_output(output, &bytes)?;
    println!("wrote {}", output.display());
    print!("{}", report.render());
    Ok(())
}

pub fn import_refi(input: &Path, output: Option<&Path>, into: Option<&Path>) -> Result {
    let (output, into) = match (output, into) {
        (Some(o), None) => (Some(o), None),
        (None, Some(i)) => (None, Some(i)),
        _ => {
            return Err(CliError(
                "give either -o NEW.ron (a new project) or --into FILE.ron (add a codebook's \
                 codes to a project)"
                    .into(),
            ));
        }
    };
    let bytes = refi::read_file_bytes(input)?;
    let imported = refi::import_bytes(&bytes, &input.display().to_string())?;
    drop(bytes);
    if let Some(output) = output {
        let mut file = create_for_writing(output, "coda import-refi")?;
        file.save(&imported.project)?;
        println!("wrote {}", output.display());
        print!("{}", imported.report.render());
        return Ok(());
    }
    let into = into.expect("one of the two");
    if imported.kind != ImportKind::Codebook {
        return Err(CliError(format!(
            "{}: --into adds a codebook (.qdc) to a project; to read a whole project use -o NEW.ron",
            input.display()
        )));
    }
    let (mut file, mut project) = open_for_change(into, "coda import-refi")?;
    let merge = refi::merge_codebook(&project, &imported.project);
    let added = merge.added.len();
    if added > 0 {
        apply_all(&mut project, merge.edits)?;
        file.save(&project)?;
    }
    println!(
        "added {} to {} ({} already there)",
        plural(added, "code", "codes"),
        into.display(),
        merge.matched
    );
    for path in &merge.added {
        println!("  added {path}");
    }
    if !merge.differing.is_empty() {
        println!(
            "kept the project's description, criteria, memo and colour of {} that the file describes differently: {}",
            plural(merge.differing.len(), "code", "codes"),
            crate::wording::join_names(&merge.differing)
        );
    }
    print!("{}", imported.report.render());
    Ok(())
}
