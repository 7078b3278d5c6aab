//! `hoshin check`: translation integrity and staleness, or record a review.

use std::process::ExitCode;

use hoshin::check;
use hoshin::check::review::Approval;

use crate::cli::{CheckArgs, Format};
use crate::cmd::Global;

/// Runs `hoshin check`.
pub fn run(args: CheckArgs, g: Global) -> ExitCode {
    let CheckArgs {
        root,
        format,
        strict,
        mark_reviewed,
        all,
        dry_run,
    } = args;
    let (quiet, color) = (g.quiet, g.color);
    let options = check::CheckOptions {
        mark_reviewed: mark_reviewed.and_then(|mut v| {
            (!v.is_empty()).then(|| check::MarkReviewed {
                lang: v.remove(0),
                ids: v,
                all,
                dry_run,
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
        Err(check::UsageError::NoUnits(approval)) => {
            eprint!("{}", refusal(&approval));
            return ExitCode::from(2);
        }
    };
    if let Some(approval) = &marked {
        // The list is what the user asked for: printed even with --quiet.
        eprint!("{}", recorded(approval));
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

fn units(n: usize) -> String {
    format!("{n} unit{}", if n == 1 { "" } else { "s" })
}

/// `--mark-reviewed LANG` without ids or `--all`: what `--all` would record, and how to say so.
fn refusal(a: &Approval) -> String {
    let lang = &a.lang;
    let changed = a.changed().count();
    let mut out = format!(
        "error: `--mark-reviewed {lang}` names no unit: nothing was recorded\n\
         With `--all` it would record the review of every `{lang}` unit, {} of them stale or never reviewed:\n",
        changed
    );
    if changed == 0 {
        out = format!(
            "error: `--mark-reviewed {lang}` names no unit: nothing was recorded\n\
             Every `{lang}` unit is already reviewed against the current text ({}).\n",
            units(a.units.len())
        );
    } else {
        out.push_str(&a.list());
    }
    out.push_str(&format!(
        "help: check each translation, then record it: `hoshin check --mark-reviewed {lang} ID…`;\n      \
         or approve them all at once: `hoshin check --mark-reviewed {lang} --all` (`--dry-run` writes nothing)\n"
    ));
    out
}

/// What `--mark-reviewed` recorded (or, in a dry run, would record).
fn recorded(a: &Approval) -> String {
    let lang = &a.lang;
    let changed = a.changed().count();
    let head = if a.written {
        format!(
            "Recorded the review of {} in reviews/{lang}.toml",
            units(a.units.len())
        )
    } else {
        format!(
            "Dry run: would record the review of {} in reviews/{lang}.toml (nothing written)",
            units(a.units.len())
        )
    };
    if changed == 0 {
        return format!("{head}; none was stale or unreviewed\n");
    }
    format!(
        "{head}; {} stale or never reviewed before:\n{}",
        changed,
        a.list()
    )
}
