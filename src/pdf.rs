//! PDF files of the notices and policy pages (`hoshin build --pdf`), printed by a headless
//! Chromium or Chrome after the site is written.
//!
//! Each page is printed by its own `--print-to-pdf` run with a fresh profile, two at a time;
//! `@page` rules in the HTML set the paper size and margins. PDFs are written beside the HTML
//! (`notices/<slug>/ja/a4.pdf`, `ja/<slug>.pdf`). Chromium stamps a creation date into each PDF,
//! so unlike the HTML they are not byte-for-byte reproducible. This module does not render
//! anything itself and is not used by the HTML build.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Diagnostics};
pub use crate::render::routes::PrintJob;

/// Program names looked up on `PATH`, in order.
pub const CANDIDATES: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// Finds the browser: `explicit` if given (an error when it is not a file), else the first of
/// [`CANDIDATES`] on `PATH`, else the usual macOS application paths; `None` when none exists.
pub fn find_chromium(explicit: Option<&Path>) -> Result<Option<PathBuf>, Diagnostic> {
    if let Some(p) = explicit {
        return if p.is_file() {
            Ok(Some(p.to_path_buf()))
        } else {
            Err(
                Diagnostic::error(format!("--chromium `{}` is not a file", p.display()))
                    .help("pass the path of a Chromium or Chrome executable, or leave out --chromium to search PATH"),
            )
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in CANDIDATES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(Some(candidate));
            }
        }
    }
    for app in [
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    ] {
        if Path::new(app).is_file() {
            return Ok(Some(PathBuf::from(app)));
        }
    }
    Ok(None)
}

/// Prints every job with `chromium` into `out`; returns how many PDFs were written.
pub fn print_all(chromium: &Path, out: &Path, jobs: &[PrintJob]) -> Result<usize, Diagnostics> {
    let next = AtomicUsize::new(0);
    let errors = Mutex::new(Diagnostics::new());
    let workers = jobs.len().clamp(1, 2);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(job) = jobs.get(i) else { break };
                if let Err(d) = print_one(chromium, out, job, i) {
                    if let Ok(mut e) = errors.lock() {
                        e.push(d);
                    }
                }
            });
        }
    });
    let errors = errors.into_inner().unwrap_or_default();
    let written = jobs.len() - errors.0.len();
    errors.into_result(written)
}

fn print_one(chromium: &Path, out: &Path, job: &PrintJob, n: usize) -> Result<(), Diagnostic> {
    let html = out.join(&job.html);
    let pdf = out.join(&job.pdf);
    let profile = std::env::temp_dir().join(format!("hoshin-chromium-{}-{n}", std::process::id()));
    let mut cmd = Command::new(chromium);
    cmd.arg("--headless");
    if running_as_root() {
        // Chromium refuses to start its sandbox as root (containers, CI).
        cmd.arg("--no-sandbox");
    }
    cmd.args([
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--print-to-pdf={}", pdf.display()))
    .arg(file_url(&html))
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    let result = cmd.output();
    let _ = std::fs::remove_dir_all(&profile);
    let output = result
        .map_err(|e| Diagnostic::error(format!("cannot run `{}`: {e}", chromium.display())))?;
    let ok = output.status.success()
        && std::fs::metadata(&pdf)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        Err(Diagnostic::error(format!(
            "Chromium could not print {} to {} ({})",
            job.html, job.pdf, output.status
        ))
        .note(last.to_string()))
    }
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// A `file://` URL for an absolute path, percent-encoding what a URL cannot hold.
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_percent_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/my site/notices/a4.html")),
            "file:///tmp/my%20site/notices/a4.html"
        );
        assert_eq!(
            file_url(Path::new("/t/方針")),
            "file:///t/%E6%96%B9%E9%87%9D"
        );
    }

    #[test]
    fn an_explicit_browser_must_exist() {
        let e = find_chromium(Some(Path::new("/no/such/chromium"))).unwrap_err();
        assert!(e.message.contains("is not a file"));
    }
}
