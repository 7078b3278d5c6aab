//! `hoshin serve`: the editors' live preview.

use std::process::ExitCode;
use std::time::Duration;

use crate::cli::ServeArgs;
use crate::cmd::Global;

/// Runs `hoshin serve` until interrupted.
pub fn run(args: ServeArgs, g: Global) -> ExitCode {
    let options = hoshin::serve::ServeOptions {
        debounce: Duration::from_millis(args.debounce_ms),
        root: super::site_root(args.root),
        base_url: args.base_url,
        bind: args.bind,
        port: args.port,
        open: args.open,
        poll: args.poll,
        quiet: g.quiet,
        color: g.color,
    };
    match hoshin::serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}
