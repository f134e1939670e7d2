//! What a file looked like, cheaply: enough to tell that it was changed or replaced since.

use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::UNIX_EPOCH;

/// A file's length, modification time and (on Unix) inode. A program that writes the file in
/// place changes its time; one that replaces it (as Coda, git and most editors do) its inode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub len: u64,
    pub modified_secs: u64,
    pub modified_nanos: u32,
    #[serde(default)]
    pub inode: u64,
}

impl FileStamp {
    /// The stamp of the file at `path` (through links) now; `None` when there is no such file or
    /// it cannot be examined.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Self {
            len: meta.len(),
            modified_secs: modified.as_secs(),
            modified_nanos: modified.subsec_nanos(),
            inode,
        })
    }
}
