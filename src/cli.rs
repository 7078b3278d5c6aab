//! Command-line definitions: every flag, its help text and examples. No logic lives here.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// hoshin (方針): publish a customer-facing policy as a bilingual website.
#[derive(Debug, Parser)]
#[command(name = "hoshin", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Color {
    /// When standard error is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into a folder of static files.
    #[command(
        after_help = "Examples:\n  hoshin build\n  hoshin build --root tests/fixtures/sites/mhlw-groups --out /tmp/site\n  hoshin build --base-url https://example.co.jp/policy/\n  hoshin build --pdf --chromium /usr/bin/chromium"
    )]
    Build {
        /// The site folder (holds hoshin.toml).
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Publish under this URL instead of the configured base_url.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also print every notice and policy page to PDF with a headless Chromium or Chrome.
        #[arg(long)]
        pdf: bool,
        /// The Chromium or Chrome executable for --pdf [default: searched on PATH].
        #[arg(long, value_name = "PATH", requires = "pdf")]
        chromium: Option<PathBuf>,
    },
    /// Check translations: integrity against the source language, and staleness.
    #[command(
        after_help = "Errors exit with 1; warnings (stale or unreviewed translations, unused messages…) exit with 0 unless --strict.\n\nExamples:\n  hoshin check\n  hoshin check --strict --format json\n  hoshin check --mark-reviewed en\n  hoshin check --mark-reviewed en example-violence customer-harassment#introduction"
    )]
    Check {
        /// The site folder (holds hoshin.toml).
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Output format: rustc-style text on stderr, or JSON on stdout.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        strict: bool,
        /// Record that the translation into LANG was reviewed against the current source text:
        /// every unit, or only the unit ids given (an id also selects its attributes; a policy
        /// slug selects its document).
        #[arg(long, value_name = "LANG", num_args = 1.., value_names = ["LANG", "IDS"])]
        mark_reviewed: Option<Vec<String>>,
    },
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics for people.
    Human,
    /// One JSON document (schema: docs/check-json.md).
    Json,
}
