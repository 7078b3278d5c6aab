//! PDF files of the notices and policy pages (`hoshin build --pdf`), printed by a headless
//! Chromium or Chrome after the site is written, plus a print-shop bundle per store and paper.
//!
//! One browser prints the whole run: it is started once and driven over the DevTools protocol
//! through a pipe ([`browser`]), with one tab per core printing pages side by side
//! (`Page.printToPDF`, paper size and margins from the page's `@page` rule, tagged PDF). Each
//! PDF is written beside its HTML (`notices/<slug>/ja/a4.pdf`, `ja/<slug>.pdf`) through a
//! temporary file renamed into place, so a reader never sees half a PDF. Its title is the
//! page's `<title>` and its language the page's `lang` (the catalog's `/Lang`, which the tagged
//! PDF carries).
//!
//! Then the print-shop bundles are joined from the notices' PDFs ([`bundle`]):
//! `notices/<slug>/printshop/<store>/<paper>.pdf` (and `notices/<slug>/printshop/<paper>.pdf`
//! for the whole organisation), every variant's sheet a page.
//!
//! A browser that does not answer over the pipe (an old or wrapped one, or a system without
//! `/bin/sh`) still prints: one `--print-to-pdf` process per page ([`process`]), with a warning.
//! A page that cannot be printed is an error naming it; a browser that crashes or stops
//! answering ends the run with errors instead of hanging it (every step has a timeout).
//! Chromium stamps a creation date into each PDF, so unlike the HTML they are not byte-for-byte
//! reproducible. This module does not render anything itself and is not used by the HTML build.

mod base64;
mod browser;
mod bundle;
mod process;

use std::collections::HashSet;
use std::io::Write;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
pub use crate::render::routes::{PrintBundle, PrintJob};
use browser::{Browser, CdpError};
/// Program names looked up on `PATH`, in order.
pub const CANDIDATES: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// Finds the browser: `explicit` if given (made absolute; an error when it is not a file), else the first of
/// [`CANDIDATES`] on `PATH`, else the usual macOS application paths; `None` when none exists.
pub fn find_chromium(explicit: Option<&Path>) -> Result<Option<PathBuf>, Diagnostic> {
    if let Some(p) = explicit {
        return if p.is_file() {
            // Absolute, so that a relative path is not looked up on PATH when it is run.
            Ok(Some(
                std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()),
            ))
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

/// How long one page may take to load and print, unless `HOSHIN_PDF_TIMEOUT` (seconds) says
/// otherwise.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(60);

/// What `--pdf` wrote.
#[derive(Debug, Default)]
pub struct Printed {
    /// PDFs printed, one per page.
    pub pdfs: usize,
    /// Print-shop bundles joined.
    pub bundles: usize,
    /// Pages printed at the same time: tabs of one browser, or browser processes.
    pub parallel: usize,
    /// Whether one browser printed every page (else a process per page, see `warnings`).
    pub one_browser: bool,
    /// Warnings: why the pages were printed the slow way.
    pub warnings: Diagnostics,
}

/// Prints every job with `chromium` into `out`, then joins the `bundles` from the PDFs
/// printed. `progress` is called from the printing threads after each PDF written, with the
/// number written so far and the total (pages and bundles).
///
/// Errors name each page or bundle that could not be written; the PDFs that could are kept.
pub fn print_all(
    chromium: &Path,
    out: &Path,
    jobs: &[PrintJob],
    bundles: &[PrintBundle],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Printed, Diagnostics> {
    if jobs.is_empty() {
        return Ok(Printed::default());
    }
    let total = jobs.len() + bundles.len();
    let done = AtomicUsize::new(0);
    let tick = || progress(done.fetch_add(1, Ordering::SeqCst) + 1, total);
    let parallel = std::thread::available_parallelism()
        .map_or(2, NonZeroUsize::get)
        .min(jobs.len())
        .max(1);
    let timeout = page_timeout();
    let mut printed = Printed {
        parallel,
        ..Printed::default()
    };
    let failed = match Browser::launch(chromium) {
        Ok(browser) => {
            printed.one_browser = true;
            let failed = print_in_tabs(&browser, out, jobs, parallel, timeout, &tick);
            browser.close();
            failed
        }
        Err(why) => {
            printed.warnings.push(
                Diagnostic::warning(format!(
                    "`{}` did not answer over the DevTools pipe ({why}); printing each page with a browser process of its own, which is slower",
                    chromium.display()
                ))
                .help("use a current Chromium or Chrome, or see that a wrapper script keeps file descriptors 3 and 4 open"),
            );
            print_in_processes(chromium, out, jobs, parallel, &tick)
        }
    };
    let mut errors = Diagnostics::new();
    let unprinted: HashSet<&str> = failed
        .pages
        .iter()
        .filter_map(|i| jobs.get(*i).map(|j| j.pdf.as_str()))
        .collect();
    printed.pdfs = jobs.len() - failed.pages.len();
    for (_, d) in failed.errors {
        errors.push(d);
    }
    let joined: Vec<Option<Result<(), Diagnostic>>> = bundles
        .par_iter()
        .map(|b| {
            if b.sheets.iter().any(|s| unprinted.contains(s.as_str())) {
                return None;
            }
            let result = join_bundle(out, b);
            if result.is_ok() {
                tick();
            }
            Some(result)
        })
        .collect();
    for result in joined.into_iter().flatten() {
        match result {
            Ok(()) => printed.bundles += 1,
            Err(d) => errors.push(d),
        }
    }
    errors.into_result(printed)
}

fn page_timeout() -> Duration {
    std::env::var("HOSHIN_PDF_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(PAGE_TIMEOUT, Duration::from_secs_f64)
}

/// The flags every browser run gets: headless, nothing fetched from the network on its own,
/// and no sandbox as root (Chromium refuses to start its sandbox as root: containers, CI).
fn browser_flags() -> Vec<&'static str> {
    let mut flags = vec!["--headless"];
    if running_as_root() {
        flags.push("--no-sandbox");
    }
    flags.extend([
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
    ]);
    flags
}

/// The pages that were not printed, by index among the jobs, and the errors that say why
/// (one per page, or one for the pages a closed browser never started).
#[derive(Default)]
struct Failures {
    pages: Vec<usize>,
    errors: Vec<(usize, Diagnostic)>,
}

impl Failures {
    fn add(&mut self, i: usize, d: Diagnostic) {
        self.pages.push(i);
        self.errors.push((i, d));
    }

    fn sorted(mut self) -> Failures {
        self.pages.sort_unstable();
        self.errors.sort_by_key(|(i, _)| *i);
        self
    }
}

fn page_error(job: &PrintJob, why: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!(
        "could not print {} to {}: {why}",
        job.html, job.pdf
    ))
}

/// Prints the jobs in `parallel` tabs of one browser; returns the pages that failed.
fn print_in_tabs(
    browser: &Browser,
    out: &Path,
    jobs: &[PrintJob],
    parallel: usize,
    timeout: Duration,
    tick: &(dyn Fn() + Sync),
) -> Failures {
    let next = AtomicUsize::new(0);
    let failed = Mutex::new(Failures::default());
    let fail = |i: usize, d: Diagnostic| lock(&failed).add(i, d);
    std::thread::scope(|s| {
        for _ in 0..parallel {
            s.spawn(|| {
                let mut tab = None;
                loop {
                    if !browser.is_alive() {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(i) else { break };
                    let current = match tab.take() {
                        Some(t) => t,
                        None => match browser.open_tab() {
                            Ok(t) => t,
                            Err(e) => {
                                // This worker stops; the others go on, and the pages that
                                // no one started are reported below.
                                fail(i, page_error(job, format!("cannot open a tab: {e}")));
                                break;
                            }
                        },
                    };
                    match current.print(&file_url(&out.join(&job.html)), timeout) {
                        Ok(pdf) => match write_atomic(&out.join(&job.pdf), &pdf) {
                            Ok(()) => tick(),
                            Err(e) => fail(i, page_error(job, e)),
                        },
                        Err(e) => {
                            let mut d = page_error(job, &e);
                            if let CdpError::Timeout(_) = e {
                                d = d.help(format!(
                                    "a page may take {} s to load and print; set HOSHIN_PDF_TIMEOUT (seconds) to wait longer",
                                    timeout.as_secs_f64()
                                ));
                            }
                            if let (CdpError::Closed, Some(line)) = (&e, browser.last_error_line())
                            {
                                d = d.note(format!("the browser said: {line}"));
                            }
                            fail(i, d);
                            // A tab that timed out or crashed is replaced by a new one.
                            if matches!(e, CdpError::Failed(_) | CdpError::Closed)
                                && browser.is_alive()
                            {
                                tab = Some(current);
                            }
                            continue;
                        }
                    }
                    tab = Some(current);
                }
            });
        }
    });
    let mut failed = failed.into_inner().unwrap_or_else(|e| e.into_inner());
    let attempted = next.load(Ordering::SeqCst).min(jobs.len());
    if attempted < jobs.len() {
        let first = &jobs[attempted];
        let why = if browser.is_alive() {
            "the browser could not open a tab".to_string()
        } else {
            "the browser exited".to_string()
        };
        let mut d = Diagnostic::error(format!(
            "{} more page{} not printed, from {} on: {why}",
            jobs.len() - attempted,
            if jobs.len() - attempted == 1 {
                " was"
            } else {
                "s were"
            },
            first.html
        ));
        if let Some(line) = browser.last_error_line() {
            d = d.note(format!("the browser said: {line}"));
        }
        failed.pages.extend(attempted..jobs.len());
        failed.errors.push((attempted, d));
    }
    failed.sorted()
}

/// Prints the jobs with a browser process per page, `parallel` at a time.
fn print_in_processes(
    chromium: &Path,
    out: &Path,
    jobs: &[PrintJob],
    parallel: usize,
    tick: &(dyn Fn() + Sync),
) -> Failures {
    let next = AtomicUsize::new(0);
    let failed = Mutex::new(Failures::default());
    std::thread::scope(|s| {
        for _ in 0..parallel {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(job) = jobs.get(i) else { break };
                match process::print_one(chromium, out, job) {
                    Ok(()) => tick(),
                    Err(why) => lock(&failed).add(i, page_error(job, why)),
                }
            });
        }
    });
    failed
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .sorted()
}

/// Joins one bundle from its sheets' PDFs.
fn join_bundle(out: &Path, b: &PrintBundle) -> Result<(), Diagnostic> {
    let error = |why: String| {
        Diagnostic::error(format!(
            "could not join the print-shop bundle {}: {why}",
            b.pdf
        ))
    };
    let sheets = b
        .sheets
        .iter()
        .map(|s| std::fs::read(out.join(s)).map_err(|e| error(format!("cannot read {s}: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let pdf = bundle::combine(&sheets).map_err(error)?;
    write_atomic(&out.join(&b.pdf), &pdf).map_err(|e| error(e.to_string()))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary name beside `path` that no other write of this run uses:
/// `.<name>.hoshin-<pid>-<n>.tmp`.
fn temp_beside(path: &Path) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.hoshin-{}-{n}.tmp", std::process::id()))
}

/// Writes `bytes` to `path` through a new temporary file beside it (`create_new`: never an
/// existing file or a planted link), renamed into place once complete.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = temp_beside(path);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// A new, empty profile folder for one browser run in the temporary folder.
fn fresh_profile() -> std::io::Result<PathBuf> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let base = std::env::temp_dir();
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = base.join(format!("hoshin-chromium-{}-{n}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100_000 => {}
            other => return other.map(|()| dir),
        }
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
