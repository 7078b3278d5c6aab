//! Staleness: which translations fell behind their source text.
//!
//! A *unit* is a piece of source-language text a translator translates as a whole:
//!
//! | unit id | source text |
//! |---|---|
//! | `example-violence` | the value of a site Fluent message |
//! | `example-violence.notice` | an attribute of it |
//! | `customer-harassment:title`, `:description`, `:revisions` | front matter of a document |
//! | `customer-harassment#introduction` | a Markdown section, from its heading to the next |
//! | `customer-harassment#` | the Markdown before the first heading |
//!
//! `reviews/<lang>.toml` (committed with the site) records, per unit, the source text the
//! `<lang>` translation was last reviewed against and its hash. When the source text's hash
//! differs now, the translation is *stale*; a unit missing from the file is *unreviewed*. Both
//! are warnings. Without a review file a language's staleness is not tracked.
//!
//! The hash is 64-bit FNV-1a of the normalised UTF-8 text (lines trimmed, blank lines at
//! either end dropped), written as 16 hex digits: a few lines of code that give the same
//! value on every platform and Rust version (std's `DefaultHasher` promises neither), and
//! enough to notice an edit; the file keeps the text itself for showing what changed.
//!
//! Unit ids are typed ([`UnitId`]); their string form above is a public format. What changed
//! in a stale unit's source text is a [`Diff`] of phrases (Japanese), characters (Chinese) or
//! words ([`phrase_diff`]), shown inline: `…ものづくりの[+大きな+]喜びを…`.
//!
//! `--mark-reviewed` never writes outside `reviews/` and never loses a review: see `record`
//! for links and concurrent runs; a file of another format version is an error, not replaced.

mod diff;
mod exchange;
mod id;
mod mark;
mod read;
mod record;
pub(crate) mod spans;
mod tally;
mod units;

pub(crate) use diff::phrase_diff;
pub use diff::{Diff, Hunk, Segment, Style};
pub(crate) use exchange::{mark_units_reviewed, unit_states, ReviewState};
pub use id::{FrontKey, UnitId, UnknownFrontKey};
pub(crate) use mark::{mark_reviewed, review_record, unit_exists};
pub use mark::{Approval, Approved, Change};
pub(crate) use units::{normalise, units, Unit};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::fluent::Parsed;
use super::Finding;
use crate::diagnostics::{toml_error, Diagnostic, Diagnostics, SourceFile};
use crate::site::content::Policy;
use crate::site::{files, Site};
use tally::Tally;

/// Version of the review file format.
const REVIEW_FORMAT_VERSION: u32 = 1;

/// Just the `version` of a review file, read before the rest: another version may have other
/// fields.
#[derive(Deserialize)]
struct VersionOnly {
    version: Option<toml::Spanned<i64>>,
}

/// A stale translation unit: its source text when last reviewed and now.
#[derive(Debug, Clone, Serialize)]
pub struct Stale {
    /// The translated language.
    pub lang: String,
    /// The unit id.
    pub unit: UnitId,
    /// The source text the translation was reviewed against.
    pub reviewed_source: String,
    /// The source text now.
    pub source: String,
    /// What changed, as runs of unchanged, removed and added text.
    pub diff: Diff,
}

/// The note of a stale-translation diagnostic that shows what changed in the `source_lang`
/// text; `style` colours it for a terminal.
pub fn diff_note(source_lang: &str, diff: &Diff, style: Style) -> String {
    format!(
        "`{source_lang}` changes since the review:\n{}",
        diff.inline(style)
    )
}

/// The review state of one translated language.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationStatus {
    /// The translated language.
    pub lang: String,
    /// The review file, relative to the site root.
    pub review_file: String,
    /// Whether the review file exists (else staleness is not tracked).
    pub tracked: bool,
    /// Units with a translation.
    pub units: usize,
    /// Units whose translation is stale.
    pub stale: usize,
    /// Units never reviewed.
    pub unreviewed: usize,
}

/// `reviews/<lang>.toml`. Units are keyed by the string form of their [`UnitId`] (the file's
/// format; a `BTreeMap` of strings also keeps the file's order).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewFile {
    version: u32,
    source_language: String,
    #[serde(default)]
    units: BTreeMap<String, Reviewed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reviewed {
    hash: String,
    source: String,
}

/// Why `--mark-reviewed` did nothing.
#[derive(Debug)]
pub(crate) enum MarkError {
    /// The language or a unit id does not exist (a usage error, exit code 2).
    Usage(String),
    /// The review file could not be read or written.
    Files(Diagnostics),
}

/// 64-bit FNV-1a, as 16 lower-case hex digits.
pub(crate) fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The review file of a language.
fn review_path(root: &Path, lang: &str) -> PathBuf {
    root.join(record::REVIEWS_DIR).join(format!("{lang}.toml"))
}

/// The largest review file `check` reads of a site. A review file holds, per translation
/// unit, the source text it was reviewed against: at most about one full-size file's text per
/// policy, plus the locale messages. (The 2,004-page benchmark corpus's is 9.7 MB, 20,004
/// pages' 97 MB, both read; a file far beyond its site's size is refused.)
fn review_file_limit(site: &Site) -> u64 {
    let files = 1 + site.policies.len() as u64;
    files.saturating_mul(files::MAX_FILE_BYTES)
}

/// A review file as read.
enum Loaded {
    /// There is none: the language's staleness is not tracked.
    Missing,
    /// A review file of this format and source language.
    Current(ReviewFile),
    /// A review file recorded against another source language (the error that says so): its
    /// reviews mean nothing now, and `--mark-reviewed` starts a new record.
    OtherSource(Diagnostic),
}

fn load_review(site: &Site, lang: &str) -> Result<Loaded, Diagnostics> {
    let path = review_path(&site.root, lang);
    if !path.is_file() {
        return Ok(Loaded::Missing);
    }
    let file = files::read_text_up_to(&site.root, &path, review_file_limit(site))?;
    // Parsed once; a file that is not this format is parsed again for its version alone, so
    // that a file of another version is refused as such, not for a field it lacks.
    let review = match read::parse(&file.text) {
        Ok(review) if review.version == REVIEW_FORMAT_VERSION => review,
        parsed => {
            check_version(&file)?;
            parsed.map_err(|e| toml_error(&file, &e))?
        }
    };
    let source = &site.source().language.code;
    if review.source_language != *source {
        return Ok(Loaded::OtherSource(
            Diagnostic::error(format!(
                "review file records reviews against `{}`, but the source language is `{source}`",
                review.source_language
            ))
            .code("review-file")
            .in_file(&file)
            .help(format!(
                "record new reviews: hoshin check --mark-reviewed {lang}"
            )),
        ));
    }
    Ok(Loaded::Current(review))
}

/// Refuses a review file of a format version this hoshin does not read, at its `version`
/// line. (A missing or mistyped `version` is left to the full parse, which says so.) Reading
/// the reviews of another format as this one, or replacing the file, would lose them.
fn check_version(file: &Arc<SourceFile>) -> Result<(), Diagnostics> {
    let Ok(VersionOnly {
        version: Some(version),
    }) = toml::from_str::<VersionOnly>(&file.text)
    else {
        return Ok(());
    };
    if *version.get_ref() == i64::from(REVIEW_FORMAT_VERSION) {
        return Ok(());
    }
    Err(Diagnostic::error(format!(
        "review file version {} is not supported: this hoshin reads version {REVIEW_FORMAT_VERSION} only",
        version.get_ref()
    ))
    .code("review-file")
    .at(file, version.span())
    .label(format!("hoshin reads `version = {REVIEW_FORMAT_VERSION}`"))
    .note("hoshin neither reads nor replaces the file, so none of its reviews are lost")
    .help(format!(
        "if the version was edited by hand, set it back to `version = {REVIEW_FORMAT_VERSION}`; a file written by a newer hoshin needs that hoshin"
    ))
    .into())
}

/// Finds stale and unreviewed units of every translated language.
///
/// The units are looked at one at a time ([`units::for_each_unit`]), each policy's on a
/// thread of the pool: the normalised source text of the whole site is never held at once.
/// A language without a review file has only its library texts checked, so the text of its
/// sections is not read.
pub(crate) fn check(site: &Site, parsed: &Parsed) -> (Vec<Finding>, Vec<TranslationStatus>) {
    let reviews = Reviews::read(site, parsed);
    let per_policy: Vec<PolicyReview> = site
        .policies
        .par_iter()
        .map(|policy| reviews.policy(site, policy))
        .collect();
    reviews.finish(per_policy)
}

/// The staleness check in three steps, so that `hoshin check` can look at each policy's
/// documents in the job that renders them (and then let go of their bodies):
/// [`Reviews::read`] reads every review file and looks at the messages, [`Reviews::policy`]
/// looks at one policy's documents, [`Reviews::finish`] adds it all up in policy order.
pub(crate) struct Reviews {
    source_lang: String,
    langs: Vec<LanguageReview>,
}

/// What [`Reviews::read`] found of one translated language.
struct LanguageReview {
    status: TranslationStatus,
    /// The review record (`None`: no review file, or one that cannot be used).
    review: Option<BTreeMap<String, Reviewed>>,
    /// The review file cannot be used (its error is among the findings): units are only
    /// counted.
    count_only: bool,
    /// What the messages' units gave, or the review file's errors.
    tally: Tally,
}

impl Reviews {
    /// Reads each translated language's review file and looks at its message units.
    pub(crate) fn read(site: &Site, parsed: &Parsed) -> Reviews {
        let source_lang = site.source().language.code.clone();
        let mut langs = Vec::new();
        for lang in site.translations() {
            let lang = &lang.language.code;
            let status = TranslationStatus {
                lang: lang.clone(),
                review_file: format!("reviews/{lang}.toml"),
                tracked: false,
                units: 0,
                stale: 0,
                unreviewed: 0,
            };
            // Without a review file only the library's translations are checked: hoshin
            // reviewed them against the library's source text. A review file that cannot be
            // used is reported, and the language's units are only counted.
            let unusable = |diags: Vec<Diagnostic>| {
                let mut tally = Tally::default();
                tally
                    .findings
                    .extend(diags.into_iter().map(|diagnostic| Finding {
                        diagnostic,
                        stale: None,
                        unit: None,
                    }));
                units::message_units(site, lang, None, |u| {
                    tally.units += usize::from(u.translation.is_some())
                });
                tally
            };
            let (review, count_only, tally) = match load_review(site, lang) {
                Ok(Loaded::Current(r)) => (Some(r.units), false, Tally::default()),
                Ok(Loaded::Missing) => (None, false, Tally::default()),
                Ok(Loaded::OtherSource(d)) => (None, true, unusable(vec![d])),
                Err(d) => (None, true, unusable(d.0)),
            };
            let mut language = LanguageReview {
                status,
                review,
                count_only,
                tally,
            };
            language.status.tracked = language.review.is_some();
            if !count_only {
                let tally = {
                    let looking = language.looking(&source_lang);
                    let mut tally = Tally::default();
                    units::message_units(site, lang, Some(parsed), |unit| {
                        tally.look_at(unit, &looking)
                    });
                    tally
                };
                language.tally = tally;
            }
            langs.push(language);
        }
        Reviews { source_lang, langs }
    }

    /// Looks at the units of one policy's documents, one tally per translated language.
    pub(crate) fn policy(&self, site: &Site, policy: &Policy) -> PolicyReview {
        let tallies = self
            .langs
            .iter()
            .map(|language| {
                let lang = &language.status.lang;
                let mut tally = Tally::default();
                // A policy's units have no library text: without a review record they are
                // only counted.
                if language.review.is_none() {
                    tally.units = units::translated_policy_units(site, policy, lang);
                } else {
                    let looking = language.looking(&self.source_lang);
                    units::policy_units(site, policy, lang, |unit| tally.look_at(unit, &looking));
                }
                tally
            })
            .collect();
        PolicyReview(tallies)
    }

    /// Adds up what [`Reviews::policy`] found of each policy, in policy order.
    pub(crate) fn finish(
        self,
        per_policy: Vec<PolicyReview>,
    ) -> (Vec<Finding>, Vec<TranslationStatus>) {
        let mut langs = self.langs;
        for PolicyReview(tallies) in per_policy {
            for (language, tally) in langs.iter_mut().zip(tallies) {
                language.tally.add(tally);
            }
        }
        let mut findings = Vec::new();
        let mut statuses = Vec::new();
        for LanguageReview {
            mut status,
            count_only,
            tally,
            ..
        } in langs
        {
            status.units = tally.units;
            if !count_only {
                status.stale = tally.stale;
                status.unreviewed = tally.unreviewed;
            }
            findings.extend(tally.findings);
            statuses.push(status);
        }
        (findings, statuses)
    }
}

/// What [`Reviews::policy`] found of one policy: a tally per translated language.
pub(crate) struct PolicyReview(Vec<Tally>);

impl LanguageReview {
    fn looking<'a>(&'a self, source_lang: &'a str) -> tally::Looking<'a> {
        tally::Looking {
            lang: &self.status.lang,
            source_lang,
            review: self.review.as_ref(),
        }
    }
}

/// How messages name a unit.
fn describe(unit: &UnitId) -> String {
    match unit {
        UnitId::Section { slug, section } if section.is_empty() => {
            format!("the opening text of `{slug}`")
        }
        UnitId::Section { slug, section } => format!("section `#{section}` of `{slug}`"),
        UnitId::Front { slug, key } => format!("the {} of `{slug}`", key.as_str()),
        UnitId::Message { .. } => format!("`{unit}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_fnv1a_64() {
        // Reference values of the FNV-1a 64-bit test suite.
        assert_eq!(hash(""), "cbf29ce484222325");
        assert_eq!(hash("a"), "af63dc4c8601ec8c");
        assert_eq!(hash("foobar"), "85944171f73967e8");
    }
}
