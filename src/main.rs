//! The `hoshin` binary: parse the command line, run one command, map the result to an exit
//! code (0 ok, 1 content errors, 2 usage).

mod cli;
mod cmd;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

/// jemalloc, not the system allocator: see its entry in Cargo.toml.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let global = cmd::Global {
        quiet: cli.quiet,
        color: match cli.color {
            cli::Color::Always => true,
            cli::Color::Never => false,
            cli::Color::Auto => std::io::stderr().is_terminal(),
        },
    };
    match cli.command {
        cli::Command::Build(args) => cmd::build::run(args, global),
        cli::Command::Check(args) => cmd::check::run(args, global),
        cli::Command::Serve(args) => cmd::serve::run(args, global),
        cli::Command::Init(args) => cmd::init::run(args, global),
        cli::Command::Xliff(command) => cmd::xliff::run(command, global),
    }
}
