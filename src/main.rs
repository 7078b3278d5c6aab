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
        } => {
            let start = Instant::now();
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

fn print_diagnostics(diags: &Diagnostics, color: bool) {
    for d in diags.sorted() {
        if d.severity == Severity::Error || d.severity == Severity::Warning {
            eprintln!("{}\n", d.render(color));
        }
    }
}
