//! The slow way, for a browser that does not answer over the DevTools pipe (or a system
//! without `/bin/sh`): one `chromium --print-to-pdf` process per page, each with a fresh
//! profile, several at a time. Chromium takes the paper from the page's `@page` rule here too.

use std::path::Path;
use std::process::{Command, Stdio};

use super::{browser_flags, fresh_profile, temp_beside, PrintJob};

/// Prints `job` with a process of its own into a temporary file, renamed into place once
/// complete. The error is the reason, for the caller's diagnostic.
pub(super) fn print_one(chromium: &Path, out: &Path, job: &PrintJob) -> Result<(), String> {
    let html = out.join(&job.html);
    let pdf = out.join(&job.pdf);
    let tmp = temp_beside(&pdf);
    let profile = fresh_profile().map_err(|e| format!("cannot create a profile folder: {e}"))?;
    let result = Command::new(chromium)
        .args(browser_flags())
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", tmp.display()))
        .arg(super::file_url(&html))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    let _ = std::fs::remove_dir_all(&profile);
    let output = result.map_err(|e| format!("cannot run `{}`: {e}", chromium.display()))?;
    let printed = std::fs::read(&tmp)
        .map(|bytes| bytes.starts_with(b"%PDF-"))
        .unwrap_or(false);
    if output.status.success() && printed {
        return std::fs::rename(&tmp, &pdf).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write {}: {e}", pdf.display())
        });
    }
    let _ = std::fs::remove_file(&tmp);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no message");
    Err(format!("{} ({last})", output.status))
}
