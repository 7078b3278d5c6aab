//! Command-line definitions: every flag, its help text and examples. No logic lives here.

use std::net::IpAddr;
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
        after_help = "Examples:\n  hoshin build\n  hoshin build --root ../our-policy --out /tmp/site\n  hoshin build --base-url https://example.co.jp/policy/\n  hoshin build --pdf --chromium /usr/bin/chromium\n  hoshin build --local            # open public-local/index.html from disk"
    )]
    Build(BuildArgs),
    /// Check translations: integrity against the source language, and staleness.
    #[command(
        after_help = "Errors exit with 1; warnings (stale or unreviewed translations, unused messages…) exit with 0 unless --strict.\n\nExamples:\n  hoshin check\n  hoshin check --strict --format json\n  hoshin check --mark-reviewed en          # lists what needs a review\n  hoshin check --mark-reviewed en example-violence customer-harassment#introduction\n  hoshin check --mark-reviewed en --all --dry-run"
    )]
    Check(CheckArgs),
    /// Preview the site in a browser, rebuilding and reloading as you edit.
    #[command(
        after_help = "Serves from memory: the output folder is never written or deleted.\nPages reload after each successful rebuild; a failed rebuild keeps the last good\nbuild and shows the errors on every page. Translators: /_hoshin/translate/.\n\nExamples:\n  hoshin serve --open\n  hoshin serve --root ../our-policy --port 0\n  hoshin serve --poll            # network drives, WSL, containers"
    )]
    Serve(ServeArgs),
    /// Start a new policy site from hoshin's standard library of texts.
    #[command(
        after_help = "In a terminal, hoshin init asks for what the flags do not give. Otherwise (or with --yes)\nit asks nothing: --base-url and --name (once per language) are then required.\nIt writes only into a new or empty folder. The library's items and ids: docs/library.md.\n\nExamples:\n  hoshin init my-policy\n  hoshin init my-policy --base-url https://www.example.co.jp/policy/ --languages ja,en \\\n    --name \"ja=株式会社例示\" --name \"en=Reiji Co., Ltd.\" --yes\n  hoshin init site --examples all --notices a4,a3 --date 2026-10-01 ..."
    )]
    Init(InitArgs),
    /// Exchange translations with outside translators as XLIFF 1.2 (CAT tools).
    #[command(subcommand)]
    Xliff(XliffCommand),
}

/// Arguments of `hoshin build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site folder (holds hoshin.toml) [default: the current folder or the nearest one
    /// above it with a hoshin.toml].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Where to write the site [default: <root>/public].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Publish under this URL instead of the configured base_url.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Also print every notice and policy page to PDF with a headless Chromium or Chrome.
    #[arg(long)]
    pub pdf: bool,
    /// A copy to open from disk or send as a zip: links name `index.html`; written to
    /// <root>/public-local unless --out says otherwise. Not for publishing.
    #[arg(long)]
    pub local: bool,
    /// The Chromium or Chrome executable for --pdf [default: searched on PATH].
    #[arg(long, value_name = "PATH", requires = "pdf")]
    pub chromium: Option<PathBuf>,
}

/// Arguments of `hoshin check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site folder (holds hoshin.toml) [default: the current folder or the nearest one
    /// above it with a hoshin.toml].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Output format: rustc-style text on stderr, or JSON on stdout.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Record that the translation into LANG was reviewed against the current source text,
    /// for the unit ids given (an id also selects its attributes; a policy slug selects its
    /// document); without ids, list the units that need a review and record nothing.
    #[arg(long, value_name = "LANG", num_args = 1.., value_names = ["LANG", "IDS"])]
    pub mark_reviewed: Option<Vec<String>>,
    /// With --mark-reviewed LANG: record the review of every unit of LANG, and list them.
    #[arg(long, requires = "mark_reviewed")]
    pub all: bool,
    /// With --mark-reviewed: list what would be recorded, and write nothing.
    #[arg(long, requires = "mark_reviewed")]
    pub dry_run: bool,
}

/// Arguments of `hoshin serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site folder (holds hoshin.toml) [default: the current folder or the nearest one
    /// above it with a hoshin.toml].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Port to listen on (0: any free port; the URL is printed).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; anything but loopback makes drafts visible to the network
    /// (reach it by IP address: it answers to no host name but localhost).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll the files instead of using native change events.
    #[arg(long)]
    pub poll: bool,
    /// Preview under this URL instead of the configured base_url.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Quiet time after a change before rebuilding, in milliseconds (tests shorten it).
    #[arg(long, value_name = "MS", default_value_t = 100, hide = true)]
    pub debounce_ms: u64,
}

/// Arguments of `hoshin init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the site in: a new folder, or an empty one.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The address the site will be published under (required without a terminal).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Languages, the source language first: ja, en [default: ja,en].
    #[arg(long, value_name = "LANGS")]
    pub languages: Option<String>,
    /// The organisation's name in one language, as LANG=NAME; once per language (required
    /// without a terminal).
    #[arg(long, value_name = "LANG=NAME")]
    pub name: Vec<String>,
    /// The enactment date, YYYY-MM-DD [default: today, UTC].
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Definitions to cite: ids (act-art33, mhlw-2022, tokyo-2024), all or default
    /// [default: default, the amended Act's].
    #[arg(long, value_name = "IDS")]
    pub definitions: Option<String>,
    /// Examples to include: ids (an example, a subheading or a group), all or default
    /// [default: default].
    #[arg(long, value_name = "IDS")]
    pub examples: Option<String>,
    /// Responses to include: ids (a response or a group), all or default [default: default].
    #[arg(long, value_name = "IDS")]
    pub responses: Option<String>,
    /// Printed store notices: paper sizes a4, a3, a5, or none [default: none].
    #[arg(long, value_name = "PAPERS")]
    pub notices: Option<String>,
    /// An email address for enquiries about the policy.
    #[arg(long, value_name = "EMAIL")]
    pub contact_email: Option<String>,
    /// A phone number for enquiries about the policy.
    #[arg(long, value_name = "PHONE")]
    pub contact_phone: Option<String>,
    /// A contact form's address.
    #[arg(long, value_name = "URL")]
    pub contact_url: Option<String>,
    /// Mark the items `library = true` in policy.toml instead of copying their texts into
    /// locales/: the texts stay hoshin's standard library's, and any of them can be
    /// overridden in locales/<lang>/ later.
    #[arg(long)]
    pub reference: bool,
    /// Ask nothing: take the defaults and write without confirming.
    #[arg(short, long)]
    pub yes: bool,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics for people.
    Human,
    /// One JSON document (schema: docs/check-json.md).
    Json,
}

/// `hoshin xliff export|import`.
#[derive(Debug, Subcommand)]
pub enum XliffCommand {
    /// Write the units of one language as XLIFF 1.2 for a CAT tool (Trados, memoQ, Phrase…).
    #[command(
        after_help = "One trans-unit per unit hoshin check knows (Fluent message or attribute, Markdown\nsection, front-matter field), with its state: needs-translation, needs-review-translation,\ntranslated or final. Placeables and Markdown markup are inline codes (<ph>, <bpt>/<ept>).\n\nExamples:\n  hoshin xliff export en -o en.xlf\n  hoshin xliff export en --only stale,missing -o en-todo.xlf"
    )]
    Export(XliffExportArgs),
    /// Write the translations of an XLIFF file back into the site and record their reviews.
    #[command(
        after_help = "Checks everything first: unknown units, broken inline codes and units whose source text\nchanged since export are errors (exit 1) and nothing is written; --force imports the other\nunits and leaves the changed ones out. Only files whose text changes are written.\n\nExamples:\n  hoshin xliff import en.xlf\n  hoshin xliff import en.xlf --force"
    )]
    Import(XliffImportArgs),
}

/// Arguments of `hoshin xliff export`.
#[derive(Debug, clap::Args)]
pub struct XliffExportArgs {
    /// The language to translate into (a translated language of the site).
    #[arg(value_name = "LANG")]
    pub lang: String,
    /// The site folder (holds hoshin.toml) [default: the current folder or the nearest one
    /// above it with a hoshin.toml].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Write the XLIFF file here [default: standard output].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only these units (comma-separated): stale, unreviewed, missing.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "WHICH")]
    pub only: Vec<XliffOnly>,
}

/// Arguments of `hoshin xliff import`.
#[derive(Debug, clap::Args)]
pub struct XliffImportArgs {
    /// The XLIFF file to import.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The site folder (holds hoshin.toml) [default: the current folder or the nearest one
    /// above it with a hoshin.toml].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Import the other units when some source texts changed since export (those are left out).
    #[arg(long)]
    pub force: bool,
}

/// Which units `xliff export --only` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum XliffOnly {
    /// Translations whose source text changed since their review.
    Stale,
    /// Translations never reviewed.
    Unreviewed,
    /// Units without a translation.
    Missing,
}
