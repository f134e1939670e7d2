//! Crash-safe file replacement.
//!
//! The new content goes to a temporary file in the same folder, is flushed to disk, and is then
//! renamed over the old file: a rename within one file system is atomic, so at every instant the
//! path holds either the complete old file or the complete new one. Before that, the old file is
//! kept as `NAME.bak` (by a hard link where the file system allows, else a copy), also moved into
//! place by an atomic rename.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// `NAME` + `suffix`, in the same folder.
fn sibling(path: &Path, prefix: &str, suffix: &str) -> PathBuf {
    let mut name = OsString::from(prefix);
    name.push(path.file_name().unwrap_or_default());
    name.push(suffix);
    path.with_file_name(name)
}

/// The backup kept of `path` by [`write_atomically`].
pub fn backup_path(path: &Path) -> PathBuf {
    sibling(path, "", ".bak")
}

/// Replace the file at `path` with `bytes` so that a crash at any point leaves either the old or
/// the new file, never a partial one. The previous file, if any, is kept as `NAME.bak`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with_temp(path, bytes, true)
}

/// Like [`write_atomically`], but keeps no `.bak`: for files that are not the user's own, such
/// as the temporary files git hands a merge driver, where a backup would be left lying around.
pub fn replace_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with_temp(path, bytes, false)
}

fn write_with_temp(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    let temp = sibling(path, ".", ".tmp");
    let result = write_then_rename(path, &temp, bytes, keep_backup);
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn write_then_rename(path: &Path, temp: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    {
        let mut file = File::create(temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    if keep_backup && path.exists() {
        let backup_temp = sibling(path, ".", ".bak.tmp");
        let _ = fs::remove_file(&backup_temp);
        if fs::hard_link(path, &backup_temp).is_err() {
            fs::copy(path, &backup_temp)?;
            File::open(&backup_temp)?.sync_all()?;
        }
        fs::rename(&backup_temp, backup_path(path))?;
    }
    fs::rename(temp, path)?;
    sync_folder(path);
    Ok(())
}

/// Make the renames themselves durable. Not every platform can open a folder; there the rename
/// is still atomic, only its durability is left to the OS.
fn sync_folder(path: &Path) {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_keeps_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_atomically(&path, b"one").unwrap();
        assert!(!backup_path(&path).exists());
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"one");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn replaces_without_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".merge_file_x");
        fs::write(&path, b"one").unwrap();
        replace_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [".merge_file_x"], "no backup, no temporary file");
    }
}
