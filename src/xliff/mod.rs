//! XLIFF exchange for outside translators: `hoshin xliff export` and `hoshin xliff import`.
//!
//! Translation companies work in CAT tools (Trados, memoQ, Phrase, Weblate) that read XLIFF
//! 1.2. Export writes one `<trans-unit>` per review unit of a language (the units `hoshin
//! check` tracks: a Fluent message or attribute, a Markdown section, a front-matter field),
//! with the source text, the current translation as `<target>` and its `state`
//! (`needs-translation`, `needs-review-translation`, `translated`, `final`), notes naming the
//! unit and its files, and the hash of the source text it was exported against in a
//! `<context context-type="x-hoshin-source-hash">`. Placeables and Markdown markup are inline
//! codes ([`inline`]).
//!
//! Import writes each target back into its `.ftl` or `.md` file, replacing only that unit's
//! bytes, and records the review of each unit the translator delivered (a changed text or a
//! new state of `translated`, `final` or `signed-off`) as `--mark-reviewed` does. It checks
//! everything before writing anything: an unknown unit, a broken or missing code, a unit whose
//! source text changed since export (skipped only with `--force`) are located errors, and a
//! file is written only when its text changes, atomically (see `write`). Exporting and
//! importing an unchanged file changes nothing.
//!
//! This module is not the review record (`crate::check::review` is) and does not decide what a
//! unit is; it reads both.

mod codes;
mod edit;
mod export;
mod fluent;
mod import;
mod inline;
mod parse;
mod units;
mod write;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::site::{LoadOptions, Site};

pub use import::ImportReport;

/// `context-type` of the source hash recorded per unit.
pub(crate) const CONTEXT_HASH: &str = "x-hoshin-source-hash";
/// `context-type` of the unit id recorded per unit.
pub(crate) const CONTEXT_UNIT: &str = "x-hoshin-unit";

/// Largest XLIFF file import reads.
pub const MAX_XLIFF_BYTES: u64 = 32 * 1024 * 1024;

/// Which units `export --only` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// Translations whose source text changed since their review.
    Stale,
    /// Translations never reviewed (every translation when the language has no review file).
    Unreviewed,
    /// Units without a translation.
    Missing,
}

/// Why an exchange did not happen.
#[derive(Debug)]
pub enum XliffError {
    /// A wrong argument: an unknown language, an unreadable file (exit code 2).
    Usage(String),
    /// Problems in the site or the XLIFF file, located (exit code 1).
    Content(Diagnostics),
}

impl From<Diagnostics> for XliffError {
    fn from(d: Diagnostics) -> Self {
        XliffError::Content(d)
    }
}

/// What export produced.
#[derive(Debug)]
pub struct Exported {
    /// The XLIFF document.
    pub xliff: String,
    /// Number of units in it.
    pub units: usize,
}

fn load(root: &Path) -> Result<Site, XliffError> {
    Site::load(root, &LoadOptions::default()).map_err(XliffError::Content)
}

/// Checks that `lang` is a translated language of the site.
fn translated<'a>(site: &'a Site, lang: &str) -> Result<&'a str, XliffError> {
    let list: Vec<&str> = site.translations().iter().map(|l| l.code()).collect();
    if list.contains(&lang) {
        return Ok(&site.source().language.code);
    }
    Err(XliffError::Usage(format!(
        "`{lang}` is not a translated language of this site (source: {}; translated: {})",
        site.source().language.code,
        list.join(", ")
    )))
}

/// Exports the units of `lang` (all, or those `only` selects) of the site at `root`.
pub fn export(root: &Path, lang: &str, only: &[Only]) -> Result<Exported, XliffError> {
    let site = load(root)?;
    let source = translated(&site, lang)?;
    let all = units::units(&site, lang)?;
    let kept: Vec<&units::XUnit> = all
        .iter()
        .filter(|u| export::selected(u.state, only))
        .collect();
    Ok(Exported {
        xliff: export::document(source, lang, &kept),
        units: kept.len(),
    })
}

/// Imports the XLIFF file at `xliff` into the site at `root`.
pub fn import(root: &Path, xliff: &Path, force: bool) -> Result<ImportReport, XliffError> {
    let file = read_xliff(xliff)?;
    let site = load(root)?;
    import::import(&site, &file, force)
}

/// Reads an XLIFF file: at most [`MAX_XLIFF_BYTES`], UTF-8 (a BOM is dropped).
fn read_xliff(path: &Path) -> Result<Arc<SourceFile>, XliffError> {
    let shown = path.display().to_string();
    let usage = |e: std::io::Error| XliffError::Usage(format!("cannot read `{shown}`: {e}"));
    let file = std::fs::File::open(path).map_err(usage)?;
    if !file.metadata().map_err(usage)?.is_file() {
        return Err(XliffError::Usage(format!("`{shown}` is not a file")));
    }
    let mut bytes = Vec::new();
    file.take(MAX_XLIFF_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(usage)?;
    let content = |msg: String| XliffError::Content(Diagnostic::error(msg).code("xliff").into());
    if bytes.len() as u64 > MAX_XLIFF_BYTES {
        return Err(content(format!(
            "`{shown}` is larger than {MAX_XLIFF_BYTES} bytes: hoshin does not read XLIFF files that large"
        )));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
        content(format!(
            "`{shown}` is not UTF-8: save the XLIFF file as UTF-8"
        ))
    })?;
    let text = text.replace("\r\n", "\n");
    Ok(SourceFile::new(path.to_string_lossy(), path, text))
}
