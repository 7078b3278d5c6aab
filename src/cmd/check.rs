//! `hoshin check`: translation integrity and staleness, or record a review.

use std::process::ExitCode;

use hoshin::check;

use crate::cli::{CheckArgs, Format};
use crate::cmd::Global;

/// Runs `hoshin check`.
pub fn run(args: CheckArgs, g: Global) -> ExitCode {
    let CheckArgs {
        root,
        format,
        strict,
        mark_reviewed,
    } = args;
    let (quiet, color) = (g.quiet, g.color);
    let options = check::CheckOptions {
        mark_reviewed: mark_reviewed.and_then(|mut v| {
            (!v.is_empty()).then(|| {
                let lang = v.remove(0);
                (lang, v)
            })
        }),
    };
    let root = super::site_root(root);
    let (report, marked) = match check::run(&root, &options) {
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
        Format::Json => print!("{}", check::output::json(&report, strict)),
        Format::Human => {
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
