//! `hoshin xliff export|import`: XLIFF exchange with outside translators.

use std::process::ExitCode;

use hoshin::diagnostics::Diagnostics;
use hoshin::xliff::{self, Only, XliffError};

use crate::cli::{XliffCommand, XliffOnly};
use crate::cmd::{print_diagnostics, site_root, Global};

/// Runs `hoshin xliff export` or `hoshin xliff import`.
pub fn run(command: XliffCommand, g: Global) -> ExitCode {
    match command {
        XliffCommand::Export(args) => {
            let only: Vec<Only> = args
                .only
                .iter()
                .map(|o| match o {
                    XliffOnly::Stale => Only::Stale,
                    XliffOnly::Unreviewed => Only::Unreviewed,
                    XliffOnly::Missing => Only::Missing,
                })
                .collect();
            let exported = match xliff::export(&site_root(args.root), &args.lang, &only) {
                Ok(e) => e,
                Err(e) => return failed(e, g),
            };
            match &args.output {
                Some(path) => {
                    if let Err(e) = std::fs::write(path, &exported.xliff) {
                        eprintln!("error: cannot write `{}`: {e}", path.display());
                        return ExitCode::from(2);
                    }
                    if !g.quiet {
                        eprintln!(
                            "Exported {} `{}` unit{} to {}",
                            exported.units,
                            args.lang,
                            if exported.units == 1 { "" } else { "s" },
                            path.display()
                        );
                    }
                }
                None => print!("{}", exported.xliff),
            }
            ExitCode::SUCCESS
        }
        XliffCommand::Import(args) => {
            let report = match xliff::import(&site_root(args.root), &args.file, args.force) {
                Ok(r) => r,
                Err(e) => return failed(e, g),
            };
            print_diagnostics(&report.skipped, g.color);
            if !g.quiet {
                let n = report.written.len();
                eprintln!(
                    "Imported {n} `{}` unit{} into {} file{}; recorded the review of {} unit{} in reviews/{}.toml",
                    report.lang,
                    if n == 1 { "" } else { "s" },
                    report.files.len(),
                    if report.files.len() == 1 { "" } else { "s" },
                    report.reviewed,
                    if report.reviewed == 1 { "" } else { "s" },
                    report.lang,
                );
                for f in &report.files {
                    eprintln!("  wrote {f}");
                }
            }
            ExitCode::SUCCESS
        }
    }
}

fn failed(e: XliffError, g: Global) -> ExitCode {
    match e {
        XliffError::Usage(msg) => {
            eprintln!("error: {}", hoshin::diagnostics::escape_text(&msg));
            ExitCode::from(2)
        }
        XliffError::Content(diags) => {
            report(&diags, g);
            ExitCode::from(1)
        }
    }
}

fn report(diags: &Diagnostics, g: Global) {
    print_diagnostics(diags, g.color);
    let n = diags.error_count();
    eprintln!(
        "hoshin: {n} error{}; nothing was written",
        if n == 1 { "" } else { "s" }
    );
}
