//! The one place Coda reads the wall clock, so that tests and reproducible builds can fix it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The real time now, for what must differ from one run to the next (backup names, lock stamps).
pub fn wall_clock() -> SystemTime {
    SystemTime::now()
}

/// Now as RFC 3339 UTC with seconds. When `SOURCE_DATE_EPOCH` is set (the reproducible-builds
/// convention), that instant is used instead, so rebuilding the sample project gives the same bytes.
pub fn now_rfc3339() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map(|secs| UNIX_EPOCH + Duration::from_secs(secs))
        .unwrap_or_else(SystemTime::now);
    humantime::format_rfc3339_seconds(now).to_string()
}
