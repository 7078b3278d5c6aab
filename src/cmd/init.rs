//! `hoshin init`: ask (in a terminal) or read the flags, write a new site, print what to do
//! next.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use hoshin::init::{self, Answers, InitError};

use crate::cli::InitArgs;
use crate::cmd::Global;

/// What each written file is for, for the summary.
fn describe(path: &str, reference: bool) -> &'static str {
    if path == "hoshin.toml" {
        "base URL, languages, printed notices"
    } else if path.ends_with("policy.toml") {
        "which definitions, examples and responses the policy shows, in order"
    } else if path.ends_with(".md") {
        "the policy document: introduction, request, dates (edit first)"
    } else if path.ends_with("site.ftl") {
        "site title and description, the organisation's name"
    } else if path.ends_with(".ftl") && reference {
        "your own wording of any library text, by id (the items are `library = true`)"
    } else if path.ends_with(".ftl") {
        "the text of every definition, example, note and response (edit next)"
    } else if path.starts_with("reviews/") {
        "review record of the translation (hoshin check --mark-reviewed)"
    } else {
        ""
    }
}

/// A path as a shell word: quoted when it holds anything but plain characters.
fn shell_word(path: &Path) -> String {
    let s = path.display().to_string();
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '~' | ':'))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Runs `hoshin init`.
pub fn run(args: InitArgs, g: Global) -> ExitCode {
    let InitArgs {
        dir,
        base_url,
        languages,
        name,
        date,
        definitions,
        examples,
        responses,
        notices,
        contact_email,
        contact_phone,
        contact_url,
        reference,
        yes,
    } = args;
    let answers = Answers {
        languages,
        names: name,
        base_url,
        date,
        definitions,
        examples,
        responses,
        notices,
        contact_email,
        contact_phone,
        contact_url,
        reference,
    };
    let today = init::today();
    let interactive = !yes && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let result = init::check_dir(&dir)
        .and_then(|_| {
            if interactive {
                let stdin = std::io::stdin();
                init::prompt::ask(
                    answers,
                    &dir,
                    today,
                    yes,
                    &mut stdin.lock(),
                    &mut std::io::stdout(),
                )
            } else {
                Ok(answers)
            }
        })
        .and_then(|answers| init::plan(&answers, today))
        .and_then(|plan| {
            let date = plan.date;
            init::init(&dir, &plan).map(|report| (report, date))
        });
    match result {
        Ok((report, date)) => {
            if !g.quiet {
                let width = report.files.iter().map(String::len).max().unwrap_or(0);
                println!(
                    "Created a customer harassment policy site in {}, enacted {}:",
                    report.dir.display(),
                    date.iso()
                );
                for f in &report.files {
                    println!("  {f:<width$}  {}", describe(f, reference));
                }
                println!("\nNext:");
                let root = shell_word(&report.dir);
                for (cmd, what) in [
                    ("serve", "preview at http://127.0.0.1:1111/ while you edit"),
                    ("check", "after editing: translations and their reviews"),
                    ("build", "write the site into DIR/public"),
                ] {
                    println!("  hoshin {cmd} --root {root}     # {what}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(InitError::Usage(msg)) => {
            eprintln!("error: {msg}");
            eprintln!("\nFor more information, try 'hoshin init --help'.");
            ExitCode::from(2)
        }
        Err(InitError::Cancelled) => {
            eprintln!("Cancelled; nothing was written.");
            ExitCode::from(1)
        }
        Err(InitError::Failed(diags)) => {
            super::print_diagnostics(&diags, g.color);
            eprintln!("error: hoshin init failed");
            ExitCode::from(1)
        }
    }
}
