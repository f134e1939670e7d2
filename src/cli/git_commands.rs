//! The git commands: `coda git-setup` makes git merge project files with Coda's merge driver,
//! and `coda resolve` finishes a conflicted merge of one project file from git's three versions
//! of it, keeping every change of both sides that did not conflict.

use super::commands::CliError;
use crate::io::project_file::{self, ProjectFile};
use crate::io::safe_write::{Backups, write_file};
use crate::merge::{
    MergeError, Side, ThreeWayConflict, ThreeWayMerged, three_way, three_way_resolving,
};
use crate::model::Project;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

type Result<T = ()> = std::result::Result<T, CliError>;

/// The `.gitattributes` line: project files merge with the `coda` driver, and git leaves their
/// line endings alone.
pub const ATTRIBUTE_LINE: &str = "*.ron merge=coda -text";
const DRIVER_NAME: &str = "Coda project merge";

/// The `.gitignore` lines: what Coda keeps beside a project (its backups folder and lock file)
/// is the user's machine's, not the repository's.
pub const IGNORE_LINES: [&str; 2] = ["*.ron.backups/", ".*.ron.lock"];

/// Add the `missing` lines to the text file at `path` (created if absent), keeping its other
/// lines; returns the lines added.
fn add_lines(path: &Path, wanted: &[&str]) -> Result<Vec<String>> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(CliError(format!("{}: cannot read: {e}", path.display()))),
    };
    let missing: Vec<String> = wanted
        .iter()
        .filter(|w| !existing.lines().any(|line| words(line) == words(w)))
        .map(|w| w.to_string())
        .collect();
    if missing.is_empty() {
        return Ok(missing);
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for line in &missing {
        text.push_str(line);
        text.push('\n');
    }
    write_file(path, text.as_bytes(), Backups::None)?;
    Ok(missing)
}

/// Run git in `dir`: its standard output, or what it said on failing.
fn git(dir: &Path, args: &[&str]) -> std::result::Result<Vec<u8>, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// The top folder of the work tree `dir` is in.
fn work_tree(dir: &Path) -> Result<PathBuf> {
    if !dir.is_dir() {
        return Err(CliError(format!("{}: no such folder", dir.display())));
    }
    let top = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|said| {
        CliError(format!(
            "{}: not in a git work tree ({said})",
            dir.display()
        ))
    })?;
    Ok(PathBuf::from(String::from_utf8_lossy(&top).trim_end()))
}

/// `text` as one word for a POSIX shell (git runs the merge driver through one).
fn shell_quote(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@=".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// A `.gitattributes` line as its words, so that spacing does not matter.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// `coda git-setup [DIR]`: the attribute line in the top-level `.gitattributes`, and the driver
/// in the repository's local config. Changes only what is missing or different.
pub(super) fn git_setup(dir: &Path) -> Result {
    let top = work_tree(dir)?;
    let mut changed = false;

    let attributes = top.join(".gitattributes");
    if let Ok(existing) = std::fs::read_to_string(&attributes)
        && !existing
            .lines()
            .any(|line| words(line) == words(ATTRIBUTE_LINE))
    {
        for line in existing.lines() {
            if words(line).first() == Some(&"*.ron") {
                println!(
                    "note: {} already has the line `{}` for *.ron; adding Coda's after it, which \
                     wins where they differ",
                    attributes.display(),
                    line.trim()
                );
            }
        }
    }
    for (file, lines) in [
        (&attributes, &[ATTRIBUTE_LINE][..]),
        (&top.join(".gitignore"), &IGNORE_LINES[..]),
    ] {
        for line in add_lines(file, lines)? {
            println!(
                "added `{line}` to {} (commit it, so that every clone has it)",
                file.display()
            );
            changed = true;
        }
    }

    let exe = std::env::current_exe()
        .map_err(|e| CliError(format!("cannot find the path of this coda: {e}")))?;
    let driver = format!(
        "{} merge-driver %O %A %B",
        shell_quote(&exe.to_string_lossy())
    );
    for (key, value) in [
        ("merge.coda.name", DRIVER_NAME),
        ("merge.coda.driver", driver.as_str()),
    ] {
        let current = git(&top, &["config", "--local", "--get", key])
            .ok()
            .map(|v| String::from_utf8_lossy(&v).trim_end().to_string());
        if current.as_deref() == Some(value) {
            continue;
        }
        git(&top, &["config", "--local", "--replace-all", key, value])
            .map_err(|said| CliError(format!("cannot set {key} in git's config: {said}")))?;
        match current {
            Some(old) => println!("set {key} = {value} (was: {old})"),
            None => println!("set {key} = {value}"),
        }
        changed = true;
    }

    // Another pattern (a later line, a folder's .gitattributes…) may still decide otherwise.
    let seen = git(&top, &["check-attr", "merge", "text", "--", "project.ron"])
        .map(|out| String::from_utf8_lossy(&out).into_owned())
        .unwrap_or_default();
    if !seen.contains("merge: coda") || !seen.contains("text: unset") {
        println!(
            "note: git does not see `{ATTRIBUTE_LINE}` for project.ron at the top level; \
             another attribute line overrides it:\n{}",
            seen.trim_end()
        );
    }
    if changed {
        println!(
            "git now merges project files in {} with Coda; in another clone, run `coda git-setup` there too",
            top.display()
        );
    } else {
        println!(
            "already set up: {} has `{ATTRIBUTE_LINE}`, and git's config has the Coda merge driver",
            attributes.display()
        );
    }
    Ok(())
}

/// `coda resolve FILE [--ours | --theirs]`: merge git's base, ours and theirs of a conflicted
/// project file, taking `side` (or asking, on a terminal) for each real conflict; write the file
/// and stage it. Writes nothing unless every conflict is resolved.
pub(super) fn resolve(file: &Path, side: Option<Side>) -> Result {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = file
        .file_name()
        .ok_or_else(|| CliError(format!("{}: not a file name", file.display())))?
        .to_string_lossy();
    // Relative to `dir`, where git runs.
    let here = format!("./{name}");
    work_tree(dir)?;
    // No other Coda writes the file while it is being resolved.
    let mut project_file = ProjectFile::replace(file, "coda resolve")?;
    let unmerged = git(dir, &["ls-files", "--unmerged", "--", &here])
        .map_err(|said| CliError(format!("{}: {said}", file.display())))?;
    let stages: Vec<u8> = String::from_utf8_lossy(&unmerged)
        .lines()
        .filter_map(|line| line.split_whitespace().nth(2)?.parse().ok())
        .collect();
    if stages.is_empty() {
        return Err(CliError(format!(
            "{}: not in a conflicted merge: git has no conflict to resolve in it. Nothing was \
             changed. (Run `coda resolve` after a `git merge` that stopped at this file.)",
            file.display()
        )));
    }
    for (stage, version) in [(2, "ours"), (3, "theirs")] {
        if !stages.contains(&stage) {
            return Err(CliError(format!(
                "{}: {version} deleted the file, so there is nothing to merge it with: keep the \
                 file with `git add {}` or delete it with `git rm {}`. Nothing was changed.",
                file.display(),
                file.display(),
                file.display()
            )));
        }
    }
    let version = |stage: u8, label: &str| -> Result<Project> {
        let label = PathBuf::from(format!("{} ({label})", file.display()));
        let bytes = git(dir, &["show", &format!(":{stage}:{here}")])
            .map_err(|said| CliError(format!("{}: {said}", label.display())))?;
        Ok(project_file::parse(&bytes, &label)?.project)
    };
    // No base: both sides added the file.
    let base = if stages.contains(&1) {
        version(1, "base")?
    } else {
        Project::default()
    };
    let ours = version(2, "ours")?;
    let theirs = version(3, "theirs")?;

    let cannot = |e: MergeError| {
        CliError(format!(
            "{}: cannot resolve: {e}\nNothing was changed.",
            file.display()
        ))
    };
    let merged = match side {
        Some(side) => three_way_resolving(&base, &ours, &theirs, &mut |_| side).map_err(cannot)?,
        None => match three_way(&base, &ours, &theirs) {
            Ok(merged) => merged,
            Err(MergeError::ThreeWay(conflicts)) if !std::io::stdin().is_terminal() => {
                let lines: Vec<String> = conflicts.iter().map(|c| format!("  {c}")).collect();
                return Err(CliError(format!(
                    "{}: {} between ours and theirs, and no terminal to ask which side to take. \
                     Nothing was changed:\n{}\nRun `coda resolve {} --ours` or `--theirs` to take \
                     that side in every conflict (every other change of both sides is kept), or \
                     run it in a terminal to choose for each.",
                    file.display(),
                    if conflicts.len() == 1 {
                        "1 conflict".to_string()
                    } else {
                        format!("{} conflicts", conflicts.len())
                    },
                    lines.join("\n"),
                    file.display()
                )));
            }
            Err(MergeError::ThreeWay(_)) => {
                ask_each(&base, &ours, &theirs).map_err(|e| match e {
                    Asked::Failed(e) => cannot(e),
                    Asked::Stopped(why) => {
                        CliError(format!("{}: {why}; nothing was changed", file.display()))
                    }
                })?
            }
            Err(e) => return Err(cannot(e)),
        },
    };

    project_file.save_overwriting(&merged.project)?;
    git(dir, &["add", "--", &here]).map_err(|said| {
        CliError(format!(
            "{}: written, but `git add` failed: {said}",
            file.display()
        ))
    })?;
    print!("{}", summary(file, &merged));
    Ok(())
}

/// Why asking at the terminal did not give a merge.
enum Asked {
    Failed(MergeError),
    Stopped(String),
}

/// Merge, asking at the terminal which side to take for each conflict.
fn ask_each(
    base: &Project,
    ours: &Project,
    theirs: &Project,
) -> std::result::Result<ThreeWayMerged, Asked> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut stopped: Option<String> = None;
    let merged = three_way_resolving(base, ours, theirs, &mut |conflict| {
        if stopped.is_some() {
            return Side::Ours;
        }
        match ask(conflict, &mut input, &mut std::io::stderr().lock()) {
            Ok(side) => side,
            Err(why) => {
                stopped = Some(why);
                Side::Ours
            }
        }
    });
    match (stopped, merged) {
        (Some(why), _) => Err(Asked::Stopped(why)),
        (None, Ok(merged)) => Ok(merged),
        (None, Err(e)) => Err(Asked::Failed(e)),
    }
}

/// Show one conflict on `err` (standard error) and read `o` or `t` from `input`.
fn ask(
    conflict: &ThreeWayConflict,
    input: &mut impl BufRead,
    err: &mut impl Write,
) -> std::result::Result<Side, String> {
    let _ = writeln!(err, "\nconflict: {}: {}", conflict.item, conflict.what);
    let values = [
        ("base", &conflict.base, "(not there)"),
        ("ours", &conflict.ours, "(deleted)"),
        ("theirs", &conflict.theirs, "(deleted)"),
    ];
    if values.iter().any(|(_, v, _)| v.is_some()) {
        for (label, value, missing) in values {
            let shown = value
                .as_ref()
                .map_or_else(|| missing.to_string(), |v| format!("{v:?}"));
            let _ = writeln!(err, "  {label:<7} {shown}");
        }
    }
    loop {
        let _ = write!(err, "[o]urs / [t]heirs? ");
        let _ = err.flush();
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) => return Err("standard input ended before every conflict was resolved".into()),
            Ok(_) => {}
            Err(e) => return Err(format!("cannot read the answer: {e}")),
        }
        match line.trim().to_lowercase().as_str() {
            "o" | "ours" => return Ok(Side::Ours),
            "t" | "theirs" => return Ok(Side::Theirs),
            _ => {}
        }
    }
}

/// What `coda resolve` did, for standard output.
fn summary(file: &Path, merged: &ThreeWayMerged) -> String {
    let mut out = format!("resolved {}: {}\n", file.display(), merged.summary());
    if merged.resolved.is_empty() {
        out.push_str("no conflicts between the two sides: every change of both is kept\n");
    } else {
        out.push_str("conflicts (every other change of both sides is kept):\n");
        for resolved in &merged.resolved {
            out.push_str(&format!(
                "  took {}: {}\n",
                resolved.side.name(),
                resolved.conflict
            ));
        }
    }
    for note in &merged.notes {
        out.push_str(&format!("  {note}\n"));
    }
    out.push_str(&format!(
        "staged {} (git add); commit to finish the merge\n",
        file.display()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn conflict() -> ThreeWayConflict {
        ThreeWayConflict {
            item: r#"code "Drivers""#.into(),
            what: "name changed differently on each side".into(),
            base: Some("Push factors".into()),
            ours: Some("Drivers".into()),
            theirs: Some("Causes".into()),
        }
    }

    #[test]
    fn asks_until_the_answer_is_a_side() {
        let mut input = Cursor::new("\nx\nT\no\n");
        let mut shown = Vec::new();
        assert_eq!(ask(&conflict(), &mut input, &mut shown), Ok(Side::Theirs));
        let shown = String::from_utf8(shown).unwrap();
        assert_eq!(
            shown,
            "\nconflict: code \"Drivers\": name changed differently on each side\n  \
             base    \"Push factors\"\n  ours    \"Drivers\"\n  theirs  \"Causes\"\n\
             [o]urs / [t]heirs? [o]urs / [t]heirs? [o]urs / [t]heirs? "
        );
        assert_eq!(
            ask(&conflict(), &mut input, &mut Vec::new()),
            Ok(Side::Ours)
        );
        assert!(
            ask(&conflict(), &mut input, &mut Vec::new())
                .unwrap_err()
                .contains("standard input ended")
        );
    }

    #[test]
    fn quotes_a_path_for_the_shell_only_when_needed() {
        assert_eq!(shell_quote("/usr/local/bin/coda"), "/usr/local/bin/coda");
        assert_eq!(
            shell_quote("/home/ana/my tools/coda"),
            "'/home/ana/my tools/coda'"
        );
        assert_eq!(shell_quote("/opt/o'brien/coda"), r"'/opt/o'\''brien/coda'");
    }
}
