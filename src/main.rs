//! The `hoshin` binary: parse the command line, run one command, map the result to an exit
//! code (0 ok, 1 content errors, 2 usage).

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use hoshin::diagnostics::{Diagnostics, Severity};

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let color = match cli.color {
        cli::Color::Always => true,
        cli::Color::Never => false,
        cli::Color::Auto => std::io::stderr().is_terminal(),
    };
    match cli.command {
        cli::Command::Build {
            root,
            out,
            base_url,
            pdf,
            chromium,
        } => {
            let start = Instant::now();
            // Find the browser first, so a wrong --chromium fails before anything is written.
            let browser = match pdf.then(|| hoshin::pdf::find_chromium(chromium.as_deref())) {
                Some(Err(d)) => {
                    print_diagnostics(&d.into(), color);
                    return ExitCode::from(1);
                }
                Some(Ok(found)) => Some(found),
                None => None,
            };
            let options = hoshin::BuildOptions {
                root,
                out,
                base_url,
            };
            match hoshin::build(&options) {
                Ok(report) => {
                    if !cli.quiet {
                        print_diagnostics(&report.warnings, color);
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
                                    if !cli.quiet {
                                        eprintln!(
                                            "Printed {n} PDFs with {} in {} ms",
                                            chromium.display(),
                                            start.elapsed().as_millis()
                                        );
                                    }
                                }
                                Err(d) => {
                                    print_diagnostics(&d, color);
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
                    print_diagnostics(&diags, color);
                    eprintln!(
                        "error: build failed with {} error{}; nothing was written",
                        diags.error_count(),
                        if diags.error_count() == 1 { "" } else { "s" }
                    );
                    ExitCode::from(1)
                }
            }
        }
        cli::Command::Check {
            root,
            format,
            strict,
            mark_reviewed,
        } => check(&root, format, strict, mark_reviewed, cli.quiet, color),
        cli::Command::Serve {
            root,
            port,
            bind,
            open,
            poll,
            base_url,
            debounce_ms,
        } => {
            let options = hoshin::serve::ServeOptions {
                debounce: std::time::Duration::from_millis(debounce_ms),
                root,
                base_url,
                bind,
                port,
                open,
                poll,
                quiet: cli.quiet,
                color,
            };
            match hoshin::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(msg) => {
                    eprintln!("error: {msg}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

fn check(
    root: &std::path::Path,
    format: cli::Format,
    strict: bool,
    mark_reviewed: Option<Vec<String>>,
    quiet: bool,
    color: bool,
) -> ExitCode {
    use hoshin::check;
    let options = check::CheckOptions {
        mark_reviewed: mark_reviewed.and_then(|mut v| {
            (!v.is_empty()).then(|| {
                let lang = v.remove(0);
                (lang, v)
            })
        }),
    };
    let (report, marked) = match check::run(root, &options) {
        Ok(r) => r,
        Err(check::UsageError::MarkReviewed(msg)) => {
            eprintln!("error: {msg}");
            return ExitCode::from(2);
        }
    };
    if let (Some(n), Some((lang, _))) = (marked, &options.mark_reviewed) {
        if !quiet {
            eprintln!(
                "Recorded the review of {n} `{lang}` unit{} in reviews/{lang}.toml",
                if n == 1 { "" } else { "s" }
            );
        }
    }
    match format {
        cli::Format::Json => print!("{}", check::output::json(&report, strict)),
        cli::Format::Human => {
            if !quiet || report.fails(strict) {
                eprint!("{}", check::output::human(&report, color, strict));
            }
        }
    }
    if report.fails(strict) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(diags: &Diagnostics, color: bool) {
    for d in diags.sorted() {
        if d.severity == Severity::Error || d.severity == Severity::Warning {
            eprintln!("{}\n", d.render(color));
        }
    }
}
