//! `hoshin build`: run the pipeline into the output folder, then optionally print PDFs.

use std::process::ExitCode;
use std::time::Instant;

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
    };
    match hoshin::build(&options) {
        Ok(report) => {
            if !g.quiet {
                super::print_diagnostics(&report.warnings, g.color);
                eprintln!(
                    "Built {} pages ({}) into {} — {} KB in {} ms",
                    report.pages,
                    report.languages.join(", "),
                    report.out.display(),
                    report.bytes.div_ceil(1024),
                    start.elapsed().as_millis()
                );
            }
            match browser {
                Some(Some(chromium)) => {
                    let start = Instant::now();
                    match hoshin::pdf::print_all(&chromium, &report.out, &report.printable) {
                        Ok(n) => {
                            if !g.quiet {
                                eprintln!(
                                    "Printed {n} PDFs with {} in {} ms",
                                    chromium.display(),
                                    start.elapsed().as_millis()
                                );
                            }
                        }
                        Err(d) => {
                            super::print_diagnostics(&d, g.color);
                            return ExitCode::from(1);
                        }
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
