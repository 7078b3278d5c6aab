//! `hoshin serve`: the editors' live preview.
//!
//! ```text
//! watcher (notify, debounced)  →  rebuild thread  →  Shared (Arc swap)  →  server (axum)
//!                                   same pipeline        ↓ status               ↑ GET/HEAD only
//!                                   as `build`         reload channel (SSE) → browser
//! ```
//!
//! The site is built in memory by the very pipeline `hoshin build` uses ([`crate::render()`]);
//! `serve` has no pipeline of its own and never writes to disk, so the user's output folder is
//! left exactly as it was. Each build replaces the served one atomically behind an `Arc`: a
//! request sees either the old build or the new one, never a mix. A failed rebuild keeps the last
//! good build and adds an overlay with the diagnostics to every page.
//!
//! A rebuild after a save goes through [`crate::incremental::Builder`]: an edit inside one
//! policy's folder re-renders that policy into the kept build; a template or locale edit sets
//! up the new renderer on the loaded site, reloads, serves each policy page rendered anew when
//! it is asked for, and renders the whole site behind it (`fill`); anything else runs the whole
//! pipeline. The output is the same either way.
//!
//! Each rebuild also runs `hoshin check` ([`crate::check::check`]) on the loaded site, after the
//! reload has been sent and on a thread of its own (`checker`), so the preview's own pages
//! under `/_hoshin/` show stale and unreviewed translations and the site's check findings as of
//! the latest save.
//!
//! Modules: `server` (HTTP, request checks), `host` (the `Host` check against DNS rebinding),
//! `watcher` (file events), `checker` (the check after each rebuild), `fill` (the render after a
//! template or locale edit), `changes` (what differs between two builds), `reload` (the reload
//! channel and the snippet injected into pages), `overlay` (error overlay and error pages), `tools` (the `/_hoshin/` index), `translate` (the
//! translators' side-by-side view), `notices` (the printed notices at their paper sizes),
//! `pages` (the Tera templates of `templates/` and the files of `assets/` those pages are made
//! of, built into the binary).
//! Only [`run`] and [`ServeOptions`] are public: the rest is the command's own.

mod changes;
mod checker;
mod fill;
mod host;
mod log;
mod notices;
mod overlay;
mod pages;
mod reload;
mod review;
mod server;
mod tools;
mod translate;
mod watcher;

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::check::{RenderedPages, Report};
use crate::diagnostics::{Diagnostics, Severity};
use crate::incremental::{Builder, Outcome, Pending, Rebuilt};
use crate::render::Output;
use crate::site::{LoadOptions, Site};
use changes::changes;
use log::{lan_urls, report, Attempt};
use reload::Status;

/// What `hoshin serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Overrides the configured base URL.
    pub base_url: Option<String>,
    /// Address to listen on (loopback unless the user says otherwise).
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open the preview in the default browser.
    pub open: bool,
    /// Poll for changes instead of relying on native file events.
    pub poll: bool,
    /// Quiet time after a change before rebuilding (`--debounce-ms`, 100 ms by default).
    pub debounce: std::time::Duration,
    /// Print only errors.
    pub quiet: bool,
    /// Colour diagnostics on the terminal.
    pub color: bool,
}

/// One build as served: the last good output plus the state of the latest attempt.
#[derive(Debug, Default)]
struct Snapshot {
    /// Generation numbers the browser compares to decide what to reload.
    status: Status,
    /// The last good build, if any build has succeeded yet.
    output: Option<Arc<Output>>,
    /// The most recently loaded site (may be newer than `output` when validation failed).
    site: Option<Arc<Site>>,
    /// `hoshin check`'s report on `site`.
    report: Option<Arc<Report>>,
    /// How long computing `report` took (part of the rebuild time).
    check_time: Option<Duration>,
    /// The overlay fragment listing the errors of the latest attempt, when it failed; rendered
    /// once per build rather than per request.
    overlay: Option<Arc<str>>,
    /// The errors of the latest attempt, when it failed: the preview's own pages list them
    /// first.
    errors: Option<Arc<Diagnostics>>,
    /// Whether `report` is of the site the latest attempt loaded (else of an earlier one).
    report_current: bool,
    /// After a template or locale edit, until the whole site is rendered again: the pages
    /// rendered anew, as asked for, which take the place of `output`'s (`fill`).
    pending: Option<Arc<Pending>>,
}

/// What one rebuild did, for the log line.
#[derive(Debug)]
struct Rebuild {
    /// Warnings, or the errors of a failed build.
    result: Result<Diagnostics, Diagnostics>,
    /// How much was rebuilt.
    rebuilt: Rebuilt,
    /// When browsers were told to reload (the check report comes after).
    reloaded: Instant,
    /// The site loaded, with the pages built from it, for the check.
    site: Option<(Arc<Site>, Option<Arc<Output>>)>,
}

/// State shared by the rebuild thread and the server.
struct Shared {
    /// The site folder (canonical).
    root: PathBuf,
    current: RwLock<Arc<Snapshot>>,
    status: tokio::sync::watch::Sender<Status>,
    /// The last good build, kept so that a content edit re-renders only its policy.
    builder: Mutex<Builder>,
    /// This run's secret, carried by the "mark reviewed" forms ([`review`]).
    token: String,
}

impl Shared {
    /// A state holding no build yet.
    fn new(root: PathBuf, base_url: Option<String>) -> Result<Arc<Shared>, String> {
        Ok(Arc::new(Shared {
            current: RwLock::new(Arc::new(Snapshot::default())),
            status: tokio::sync::watch::Sender::new(Status::default()),
            builder: Mutex::new(Builder::new(
                &root,
                LoadOptions {
                    base_url,
                    ..Default::default()
                },
            )),
            root,
            token: review::new_token()?,
        }))
    }

    /// The build being served now.
    fn snapshot(&self) -> Arc<Snapshot> {
        // A poisoned lock only means a panic elsewhere; the Arc inside is still whole.
        let guard = self.current.read().unwrap_or_else(|p| p.into_inner());
        Arc::clone(&guard)
    }

    /// Listens for build status changes (the reload channel).
    fn subscribe(&self) -> tokio::sync::watch::Receiver<Status> {
        self.status.subscribe()
    }

    /// Rebuilds after `paths` changed, re-rendering only what they touch where that is
    /// simple and safe ([`crate::incremental`]), and publishes the result; returns it for
    /// logging with how much was rebuilt and when the reload was sent.
    /// After a template or locale edit, `early` is given the site and its pages (rendered as
    /// they are asked for) once the reload is sent, before the whole site is rendered.
    fn rebuild_after(
        &self,
        paths: &[PathBuf],
        early: impl FnOnce(Arc<Site>, checker::Pages),
    ) -> Rebuild {
        self.build(Some(paths), early)
    }

    /// A panic inside the pipeline (a bug in hoshin) is reported like a failed build, so the
    /// preview keeps running and recovers on the next save (with a full build).
    ///
    /// The reload is sent as soon as the pages are in place; `hoshin check` runs after it, on
    /// the check thread ([`checker`]; on a 20,000-page site it takes several times a content
    /// edit's rebuild), and its report is published with the site it checked, which reloads
    /// the preview's own pages once more. Until then those pages show the previous site with
    /// its report, never a site with another site's report.
    fn build(
        &self,
        paths: Option<&[PathBuf]>,
        early: impl FnOnce(Arc<Site>, checker::Pages),
    ) -> Rebuild {
        let outcome = self.building(|builder| match paths {
            Some(paths) => builder.update_lazily(paths),
            None => builder.full(),
        });
        let rebuilt = outcome.rebuilt;
        let pending = outcome.pending.clone();
        // The pages just built, for the check's anchors (it would render them again).
        let output = outcome.result.as_ref().ok().map(|(o, _)| Arc::clone(o));
        let result = self.publish(outcome.result, outcome.changed.as_ref(), pending.clone());
        let reloaded = Instant::now();
        let done = Rebuild {
            result,
            rebuilt,
            reloaded,
            site: outcome.site.map(|site| (site, output)),
        };
        match pending {
            Some(pending) => {
                // The check need not wait for the whole site: it reads the few pages it needs
                // as this build renders them (and serves them).
                if let Some((site, Some(output))) = &done.site {
                    let pages = fill::Filling::new(Arc::clone(&pending), Arc::clone(output));
                    early(Arc::clone(site), Arc::new(pages));
                }
                self.fill(done, &pending)
            }
            None => done,
        }
    }

    /// Runs `step` on the builder; a panic inside it (a bug in hoshin) is reported like a
    /// failed build, and the builder starts again from nothing.
    fn building(&self, step: impl FnOnce(&mut Builder) -> Outcome) -> Outcome {
        let run = || {
            let mut builder = self.builder.lock().unwrap_or_else(|p| p.into_inner());
            step(&mut builder)
        };
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|_| {
            // The kept build may be half updated: start again from nothing.
            let mut builder = self.builder.lock().unwrap_or_else(|p| p.into_inner());
            *builder = Builder::new(&self.root, builder.options().clone());
            crashed()
        })
    }

    /// Runs `hoshin check` on `site` (with the pages built from it, if it built) and publishes
    /// the report; returns how long the check took, or `None` when it crashed (a bug in
    /// hoshin: only the report is lost, the pages are already served).
    fn check(&self, site: Arc<Site>, pages: Option<&dyn RenderedPages>) -> Option<Duration> {
        let check = || {
            let start = Instant::now();
            let report = crate::check::check_rendered(&site, pages);
            (Arc::new(report), start.elapsed())
        };
        let (report, time) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(check)).ok()?;
        self.publish_report(Arc::clone(&site), report, time);
        Some(time)
    }

    /// Publishes a check report with the site it checked, the site the latest attempt loaded;
    /// the preview's own pages reload.
    fn publish_report(&self, site: Arc<Site>, report: Arc<Report>, time: Duration) {
        self.replace(|prev| {
            Some(Snapshot {
                status: prev.status,
                output: prev.output.clone(),
                site: Some(site),
                report: Some(report),
                check_time: Some(time),
                overlay: prev.overlay.clone(),
                errors: prev.errors.clone(),
                report_current: true,
                pending: prev.pending.clone(),
            })
        });
    }

    /// Checks the served site again (its review records changed) and publishes the report,
    /// unless a rebuild published another site meanwhile.
    fn recheck(&self) {
        let snapshot = self.snapshot();
        let Some(site) = snapshot.site.clone() else {
            return;
        };
        let start = Instant::now();
        let pages = snapshot.output.as_deref().map(|o| o as &dyn RenderedPages);
        let report = Arc::new(crate::check::check_rendered(&site, pages));
        let time = start.elapsed();
        self.replace(|prev| {
            let same = prev.site.as_ref().is_some_and(|s| Arc::ptr_eq(s, &site));
            same.then(|| Snapshot {
                status: prev.status,
                output: prev.output.clone(),
                site: Some(site),
                report: Some(report),
                check_time: Some(time),
                overlay: prev.overlay.clone(),
                errors: prev.errors.clone(),
                report_current: prev.report_current,
                pending: prev.pending.clone(),
            })
        });
    }

    /// Replaces the served snapshot with `next(current)` (the generation bumped) under the
    /// lock, so that two writers never lose each other's update, then tells the browsers;
    /// `None` leaves it as it is.
    fn replace(&self, next: impl FnOnce(&Snapshot) -> Option<Snapshot>) {
        let status = {
            let mut guard = self.current.write().unwrap_or_else(|p| p.into_inner());
            let Some(mut snapshot) = next(&guard) else {
                return;
            };
            // Only now, with the new snapshot in place, may browsers reload.
            snapshot.status.generation = guard.status.generation + 1;
            let status = snapshot.status;
            *guard = Arc::new(snapshot);
            status
        };
        self.status.send_replace(status);
    }

    /// Swaps in a new build (or records a failed one), then tells the browsers.
    ///
    /// The site and its check report stay the previous ones, together, until
    /// [`Shared::publish_report`] replaces them.
    /// `changed`, when known, lists the only files that may differ from the served build.
    /// `pending`, after a template or locale edit, renders the pages anew as they are asked for.
    fn publish(
        &self,
        result: Result<(Arc<Output>, Diagnostics), Diagnostics>,
        changed: Option<&BTreeSet<String>>,
        pending: Option<Arc<Pending>>,
    ) -> Result<Diagnostics, Diagnostics> {
        let mut reported = None;
        self.replace(|prev| {
            let (next, r) = next_snapshot(prev, result, changed, pending);
            reported = Some(r);
            Some(next)
        });
        // `replace` always runs the closure.
        reported.unwrap_or_else(|| Ok(Diagnostics::default()))
    }
}

/// The snapshot after a build attempt with `result`, and what to log about it.
fn next_snapshot(
    prev: &Snapshot,
    result: Result<(Arc<Output>, Diagnostics), Diagnostics>,
    changed: Option<&BTreeSet<String>>,
    pending: Option<Arc<Pending>>,
) -> (Snapshot, Result<Diagnostics, Diagnostics>) {
    let mut status = prev.status;
    status.generation += 1;
    let (site, report, check_time) = (prev.site.clone(), prev.report.clone(), prev.check_time);
    match result {
        Ok((output, warnings)) => {
            let (mut pages, styles) = changes(prev.output.as_deref(), &output, changed);
            // The pages rendered anew are not compared: they have new templates or locales.
            pages |= pending.is_some();
            if pages {
                status.page_generation = status.generation;
            }
            if styles {
                status.style_generation = status.generation;
            }
            status.ok = true;
            let output = if pages || styles {
                output
            } else {
                // Unchanged: keep the old Arc so memory does not churn on no-op saves.
                prev.output.clone().unwrap_or(output)
            };
            let snapshot = Snapshot {
                status,
                output: Some(output),
                site,
                report,
                check_time,
                overlay: None,
                errors: None,
                report_current: false,
                pending,
            };
            (snapshot, Ok(warnings))
        }
        Err(mut errors) => {
            errors.dedup();
            errors.0.retain(|d| d.severity == Severity::Error);
            status.ok = false;
            let overlay = match overlay::fragment(&errors, prev.output.is_some()) {
                Ok(html) => Some(html.into()),
                // The errors are still printed; only the browser misses them.
                Err(e) => {
                    eprintln!("error: cannot show the errors in the browser: {e}");
                    None
                }
            };
            let snapshot = Snapshot {
                status,
                output: prev.output.clone(),
                site,
                report,
                check_time,
                overlay,
                errors: Some(Arc::new(errors.clone())),
                report_current: false,
                // The last good build is served as it was, with the overlay.
                pending: None,
            };
            (snapshot, Err(errors))
        }
    }
}

/// The outcome of a build that panicked (a bug in hoshin).
fn crashed() -> Outcome {
    crashed_with("hoshin crashed while building this site")
}

/// The outcome of a build that went wrong for want of `what` (a bug in hoshin).
fn crashed_with(what: &str) -> Outcome {
    let d = crate::diagnostics::Diagnostic::error(format!("internal error: {what}"))
        .help("this is a bug in hoshin: please report it with the file you just saved");
    Outcome {
        site: None,
        result: Err(d.into()),
        rebuilt: Rebuilt::Full,
        changed: None,
        pending: None,
    }
}

/// Runs `hoshin serve` until Ctrl-C. An error means the server could not start.
pub fn run(options: ServeOptions) -> Result<(), String> {
    let root = options
        .root
        .canonicalize()
        .map_err(|e| format!("cannot open site folder `{}`: {e}", options.root.display()))?;
    let shared = Shared::new(root.clone(), options.base_url.clone())?;

    let start = Instant::now();
    let first = shared.build(None, |_, _| {});
    let time = first.reloaded - start;
    let check = first
        .site
        .and_then(|(site, output)| shared.check(site, output.as_deref().map(|o| o as _)));
    report(
        &options,
        &first.result,
        time,
        check,
        "the build",
        Attempt::First,
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    runtime.block_on(async {
        let addr = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| bind_error(addr, &e))?;
        let local = listener
            .local_addr()
            .map_err(|e| format!("cannot read the listening address: {e}"))?;
        let url = format!("http://{}/", display_addr(local));
        if !options.bind.is_loopback() {
            eprintln!(
                "warning: listening on {local}, which other machines can reach; the preview shows unpublished drafts"
            );
        }
        // Tests parse this line: keep its shape.
        eprintln!(
            "Serving {} at {url} (translations, checks and notices: {url}_hoshin/) — Ctrl-C to stop",
            crate::diagnostics::escape_name(&root.display().to_string())
        );

        if options.bind.is_unspecified() {
            for lan in lan_urls(options.bind, local.port()) {
                eprintln!("  also at {lan} (from other machines on this network)");
            }
        }
        let mut watcher = watcher::SiteWatcher::start(&root, options.poll, options.debounce)?;
        let checks = Arc::new(checker::Checks::default());
        let checking = Arc::clone(&checks);
        let checked = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("hoshin check".into())
            .spawn(move || checking.run(&checked))
            .map_err(|e| format!("cannot start the check thread: {e}"))?;
        let rebuilds = Arc::clone(&shared);
        let opts = options.clone();
        std::thread::Builder::new()
            .name("hoshin rebuild".into())
            .spawn(move || {
                while let Some(batch) = watcher.next_batch() {
                    let mut early = None;
                    let done = rebuilds.rebuild_after(&batch.paths, |site, pages| {
                        early = Some(checks.push_early(site, pages));
                    });
                    let log = log::rebuild_line(&opts, &rebuilds, &batch, &done);
                    checks.push_rebuilt(early, done.site, log);
                }
            })
            .map_err(|e| format!("cannot start the rebuild thread: {e}"))?;

        if options.open {
            open_browser(&url);
        }
        let server = server::serve(listener, Arc::clone(&shared));
        tokio::select! {
            r = server => r,
            _ = tokio::signal::ctrl_c() => {
                if !options.quiet {
                    eprintln!("Stopped; no file was written.");
                }
                Ok(())
            }
        }
    })
}

fn bind_error(addr: SocketAddr, e: &std::io::Error) -> String {
    let mut msg = format!("cannot listen on {addr}: {e}");
    if e.kind() == std::io::ErrorKind::AddrInUse {
        msg.push_str("\nhelp: another program uses this port; pick another with `--port N` (or `--port 0` for any free port)");
    }
    msg
}

fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[::1]:{}", addr.port()),
        _ => addr.to_string(),
    }
}

/// Opens `url` in the default browser; a failure is only a warning.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(e) = cmd.spawn() {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}

/// The site folder relative path of a changed file, for log lines.
fn shown(root: &Path, path: &Path) -> String {
    crate::diagnostics::display_path(root, path)
}
