//! `hoshin build`: run the pipeline into the output folder, then optionally print PDFs.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::cli::BuildArgs;
use crate::cmd::Global;

/// Runs `hoshin build`.
pub fn run(args: BuildArgs, g: Global) -> ExitCode {
    let BuildArgs {
        root,
        out,
        base_url,
        pdf,
        chromium,
        local,
    } = args;
    let start = Instant::now();
    // Find the browser first, so a wrong --chromium fails before anything is written.
    let browser = match pdf.then(|| hoshin::pdf::find_chromium(chromium.as_deref())) {
        Some(Err(d)) => {
            super::print_diagnostics(&d.into(), g.color);
            return ExitCode::from(1);
        }
        Some(Ok(found)) => Some(found),
        None => None,
    };
    let options = hoshin::BuildOptions {
        root: super::site_root(root),
        out,
        base_url,
        // The notice indexes link PDFs only when they will be printed. A page that then
        // fails to print ends the run with exit 1 (see `print_pdfs`).
        pdf: matches!(browser, Some(Some(_))),
        local,
    };
    match hoshin::build(&options) {
        Ok(report) => {
            if !g.quiet {
                super::print_diagnostics(&report.warnings, g.color);
                let notices = match report.notices {
                    0 => String::new(),
                    1 => " and 1 notice".to_string(),
                    n => format!(" and {n} notices"),
                };
                eprintln!(
                    "Built {} page{}{notices} ({}) into {} — {} KB in {} ms",
                    report.pages,
                    if report.pages == 1 { "" } else { "s" },
                    report.languages.join(", "),
                    hoshin::diagnostics::escape_name(&report.out.display().to_string()),
                    report.bytes.div_ceil(1024),
                    start.elapsed().as_millis()
                );
                if local {
                    eprintln!("note: --local: links name index.html, for opening the pages from disk; publish the output of `hoshin build` without --local");
                }
            }
            match browser {
                Some(Some(chromium)) => {
                    if let Err(code) = print_pdfs(&chromium, &report, g) {
                        return code;
                    }
                }
                Some(None) => eprintln!(
                    "note: --pdf: no Chromium or Chrome found (looked on PATH for {}); wrote the HTML only. Install Chromium or pass --chromium PATH.",
                    hoshin::pdf::CANDIDATES.join(", ")
                ),
                None => {}
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            super::print_diagnostics(&diags, g.color);
            eprintln!(
                "error: build failed with {} error{}; nothing was written",
                diags.error_count(),
                if diags.error_count() == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
    }
}

/// `--pdf`: prints the pages and joins the print-shop bundles, with a progress line on a
/// terminal (`Printing PDFs 37/120`) and a summary line unless `--quiet`.
fn print_pdfs(chromium: &Path, report: &hoshin::BuildReport, g: Global) -> Result<(), ExitCode> {
    let start = Instant::now();
    let live = !g.quiet && std::io::stderr().is_terminal();
    let last_drawn: Mutex<Option<Instant>> = Mutex::new(None);
    let progress = |done: usize, total: usize| {
        if !live {
            return;
        }
        let mut last = last_drawn.lock().unwrap_or_else(|e| e.into_inner());
        // At most ten redraws a second, and always the last one.
        if done < total && last.is_some_and(|t| t.elapsed() < Duration::from_millis(100)) {
            return;
        }
        *last = Some(Instant::now());
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\rPrinting PDFs {done}/{total}");
        let _ = err.flush();
    };
    let result = hoshin::pdf::print_all(
        chromium,
        &report.out,
        &report.printable,
        &report.bundles,
        &progress,
    );
    if live && last_drawn.lock().is_ok_and(|l| l.is_some()) {
        // Clear the progress line.
        eprint!("\r\x1b[2K");
    }
    match result {
        Ok(printed) => {
            if !g.quiet {
                super::print_diagnostics(&printed.warnings, g.color);
                let ms = start.elapsed().as_millis();
                let how = if printed.one_browser {
                    format!("{} tabs of one browser", printed.parallel)
                } else {
                    format!("{} browser processes at a time", printed.parallel)
                };
                eprintln!(
                    "Printed {} PDFs and {} print-shop bundles with {} ({how}) in {ms} ms",
                    printed.pdfs,
                    printed.bundles,
                    chromium.display(),
                );
            }
            Ok(())
        }
        Err(d) => {
            super::print_diagnostics(&d, g.color);
            Err(ExitCode::from(1))
        }
    }
}
