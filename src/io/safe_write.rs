//! The one way Coda writes a file: crash-safe, never following a planted link, never clobbering
//! a project with something else.
//!
//! The new content goes to a temporary file with a random name, created exclusively (it cannot
//! already exist, so no link planted in the folder is followed) in the target's own folder. It is
//! flushed and synced, then renamed over the target, and the folder is synced so the rename is
//! durable. A rename within one file system is atomic: at every instant the path holds either the
//! complete old file or the complete new one, and two writers never share a temporary file.
//!
//! A target that is a symbolic link is written through: the link's final target is replaced and
//! the link stays a link. Project saves also keep the previous file as a real copy in a rotating
//! backups folder beside the project (see [`backups_folder`]).

use std::ffi::OsString;
use std::fs::{self, File, Permissions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How many earlier versions a project keeps in its backups folder.
pub const BACKUPS_KEPT: usize = 5;

/// Links followed before a chain of symbolic links is taken for a loop.
const MAX_LINKS: usize = 40;

/// What to keep of the file being replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backups {
    /// Nothing (exports, a merge driver's temporary files).
    None,
    /// The previous content as a copy in the backups folder, the last [`BACKUPS_KEPT`] kept.
    Rotate,
}

/// Why a write was refused or failed. Nothing at the target was changed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: cannot write: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: cannot keep a backup in {folder}: {source}; nothing was changed")]
    Backup {
        path: PathBuf,
        folder: PathBuf,
        source: io::Error,
    },
    #[error(
        "{path}: is a Coda project file; not overwriting it with an export (choose another output file)"
    )]
    WouldOverwriteProject { path: PathBuf },
}

/// The file a write to `path` really replaces: `path` itself, or the end of its chain of
/// symbolic links (relative links are resolved against the link's folder).
pub fn resolve_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(folder) if link.is_relative() => folder.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a chain (a loop?)"
    )))
}

/// The folder that holds a project's backups: `NAME.backups` beside the (link-resolved) file.
pub fn backups_folder(target: &Path) -> PathBuf {
    let mut name = OsString::from(target.file_name().unwrap_or_default());
    name.push(".backups");
    target.with_file_name(name)
}

/// The backups of the project at `path`, oldest first.
pub fn list_backups(path: &Path) -> io::Result<Vec<PathBuf>> {
    let target = resolve_target(path)?;
    let folder = backups_folder(&target);
    let stem = backup_stem(&target);
    let mut found: Vec<PathBuf> = match fs::read_dir(&folder) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&stem) && n.ends_with(".ron"))
            })
            .collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    // Names carry a sortable time stamp.
    found.sort();
    Ok(found)
}

fn backup_stem(target: &Path) -> String {
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project".into());
    format!("{stem} ")
}

/// Replace the file at `path` (through any symbolic link) with `bytes`, crash-safely.
pub fn write_file(path: &Path, bytes: &[u8], backups: Backups) -> Result<(), WriteError> {
    let io_error = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let target = resolve_target(path).map_err(io_error)?;
    let previous = match fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => {
            return Err(io_error(io::Error::other("it is a folder")));
        }
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_error(e)),
    };
    if backups == Backups::Rotate && previous.is_some() {
        keep_backup(&target).map_err(|source| WriteError::Backup {
            path: path.to_path_buf(),
            folder: backups_folder(&target),
            source,
        })?;
    }
    let permissions = previous.map(|m| m.permissions());
    replace_with_temp(&target, bytes, permissions).map_err(io_error)
}

/// Write an export (CSV, HTML, a report): like [`write_file`] without backups, but refuses to
/// replace a Coda project file, so that `-o study.ron` by mistake cannot destroy a project.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if let Ok(target) = resolve_target(path)
        && crate::io::project_file::looks_like_project_file(&target)
    {
        return Err(WriteError::WouldOverwriteProject {
            path: path.to_path_buf(),
        });
    }
    write_file(path, bytes, Backups::None)
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Write a random, exclusively created sibling of `target`, sync it, rename it over `target`,
/// sync the folder. On any failure the temporary file is removed and `target` is untouched.
fn replace_with_temp(
    target: &Path,
    bytes: &[u8],
    permissions: Option<Permissions>,
) -> io::Result<()> {
    let folder = folder_of(target);
    let mut prefix = OsString::from(".");
    prefix.push(target.file_name().unwrap_or_default());
    prefix.push(".");
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temp.as_file_mut().write_all(bytes)?;
    // The new file gets the old one's permissions; a new file the usual ones for a document
    // (the temporary file is created private).
    let permissions = permissions.unwrap_or_else(default_permissions);
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(target).map_err(|e| e.error)?;
    sync_folder(folder);
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Permissions {
    use std::os::unix::fs::PermissionsExt;
    Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn default_permissions() -> Permissions {
    // Elsewhere a fresh file's permissions only carry the read-only flag.
    let file = tempfile::tempfile().expect("a temporary file can be created");
    file.metadata()
        .expect("metadata of an open file")
        .permissions()
}

/// Copy the current `target` into its backups folder under a time-stamped name, then remove the
/// oldest backups beyond [`BACKUPS_KEPT`].
fn keep_backup(target: &Path) -> io::Result<()> {
    let folder = backups_folder(target);
    match fs::symlink_metadata(&folder) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(io::Error::other(
                "it exists and is not a folder (a link or a file); move it away",
            ));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir(&folder)?,
        Err(e) => return Err(e),
    }
    let bytes = fs::read(target)?;
    // The real time, even where SOURCE_DATE_EPOCH fixes the time written into files: backups
    // are told apart and ordered by it. A name taken within the same millisecond gets `~NN`,
    // which sorts after the plain name.
    let stamp = humantime::format_rfc3339_millis(crate::clock::wall_clock())
        .to_string()
        .replace(':', "-");
    let stem = backup_stem(target);
    let mut name = folder.join(format!("{stem}{stamp}.ron"));
    let mut n = 2;
    while fs::symlink_metadata(&name).is_ok() {
        name = folder.join(format!("{stem}{stamp}~{n:04}.ron"));
        n += 1;
    }
    replace_with_temp(&name, &bytes, None)?;
    let backups = list_backups(target)?;
    if backups.len() > BACKUPS_KEPT {
        for old in &backups[..backups.len() - BACKUPS_KEPT] {
            fs::remove_file(old)?;
        }
    }
    Ok(())
}

/// Make the rename itself durable. Not every platform can open a folder; there the rename is
/// still atomic, only its durability is left to the OS.
fn sync_folder(folder: &Path) {
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_and_keeps_rotating_backups() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_file(&path, b"v0", Backups::Rotate).unwrap();
        assert!(
            list_backups(&path).unwrap().is_empty(),
            "nothing to back up"
        );
        for i in 1..=BACKUPS_KEPT + 3 {
            write_file(&path, format!("v{i}").as_bytes(), Backups::Rotate).unwrap();
        }
        assert_eq!(
            fs::read(&path).unwrap(),
            format!("v{}", BACKUPS_KEPT + 3).as_bytes()
        );
        let backups = list_backups(&path).unwrap();
        assert_eq!(backups.len(), BACKUPS_KEPT);
        let contents: Vec<String> = backups
            .iter()
            .map(|b| fs::read_to_string(b).unwrap())
            .collect();
        let expected: Vec<String> = (3..BACKUPS_KEPT + 3).map(|i| format!("v{i}")).collect();
        assert_eq!(contents, expected, "the newest, oldest first");
        assert_eq!(
            names(dir.path()),
            ["p.ron", "p.ron.backups"],
            "no temporary file left"
        );
    }

    #[test]
    fn export_without_backup_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        fs::write(&path, b"one").unwrap();
        write_output(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_at_the_old_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"precious").unwrap();
        let project = dir.path().join("p.ron");
        std::os::unix::fs::symlink(&victim, dir.path().join(".p.ron.tmp")).unwrap();
        write_file(&project, b"saved", Backups::Rotate).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert!(
            !fs::symlink_metadata(&project)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&project).unwrap(), b"saved");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_project_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("real")).unwrap();
        let real = dir.path().join("real/p.ron");
        fs::write(&real, b"old").unwrap();
        let link = dir.path().join("p.ron");
        std::os::unix::fs::symlink("real/p.ron", &link).unwrap();
        write_file(&link, b"new", Backups::Rotate).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        let backups = list_backups(&link).unwrap();
        assert_eq!(backups.len(), 1);
        assert!(backups[0].starts_with(dir.path().join("real/p.ron.backups")));
        let meta = fs::symlink_metadata(&backups[0]).unwrap();
        assert!(meta.is_file(), "a backup is a real copy, not a link");
        assert_eq!(fs::read(&backups[0]).unwrap(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_permissions_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        fs::write(&path, b"old").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
        write_file(&path, b"new", Backups::None).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_folder_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_file(dir.path(), b"x", Backups::None).unwrap_err();
        assert!(err.to_string().contains("folder"), "{err}");
    }
}
