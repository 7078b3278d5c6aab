//! Recording reviews (`hoshin check --mark-reviewed`, and the "mark reviewed" button of
//! `serve`'s translators' view, which calls the same [`mark_reviewed`]): which units a request
//! selects, what the record says about each before ([`Change`]), and the new record, written
//! atomically by `record`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::units::{units, Unit};
use super::{
    hash, load_review, record, review_path, Loaded, MarkError, ReviewFile, Reviewed, UnitId,
    REVIEW_FORMAT_VERSION,
};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::site::Site;

/// What the review record said about a unit before it was approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Its source text changed since the last review.
    Stale,
    /// It was never reviewed.
    Unreviewed,
    /// It was already reviewed against the current source text: nothing changes.
    Current,
}

impl Change {
    /// How lists name the change.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Stale => "stale",
            Change::Unreviewed => "unreviewed",
            Change::Current => "current",
        }
    }
}

/// One unit an approval records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Approved {
    /// The unit id.
    pub unit: UnitId,
    /// What its record said before.
    pub change: Change,
}

/// What an approval recorded, or (dry run) would record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Approval {
    /// The translated language.
    pub lang: String,
    /// Every unit selected, in the site's order.
    pub units: Vec<Approved>,
    /// Whether `reviews/<lang>.toml` was written (else a dry run).
    pub written: bool,
}

impl Approval {
    /// The units whose record changes (stale or never reviewed before).
    pub fn changed(&self) -> impl Iterator<Item = &Approved> {
        self.units.iter().filter(|u| u.change != Change::Current)
    }

    /// The list of changed units, one per line (`  stale       customer-harassment#intro`),
    /// then how many others were already current.
    pub fn list(&self) -> String {
        let mut out = String::new();
        for u in self.changed() {
            out.push_str(&format!("  {:<11} {}\n", u.change.as_str(), u.unit));
        }
        let current = self.units.len() - self.changed().count();
        if current > 0 {
            out.push_str(&format!(
                "  ({current} other unit{} already reviewed against the current text)\n",
                if current == 1 { " was" } else { "s were" }
            ));
        }
        out
    }
}

/// Records that the `lang` translation of `ids` (every unit when empty) was reviewed against
/// the current source text, or with `write` false only says what it would record. An id also
/// selects its attributes (`example-x` → `example-x.notice`) and a policy slug selects its
/// document's units.
pub(crate) fn mark_reviewed(
    site: &Site,
    lang: &str,
    ids: &[String],
    write: bool,
) -> Result<Approval, MarkError> {
    // Usage errors first, before anything is created.
    build_review(site, lang, ids, None)?;
    if !write {
        let existing = existing(site, lang)?;
        let (_, units) = build_review(site, lang, ids, existing)?;
        return Ok(approval(lang, units, false));
    }
    let units = update_locked(site, lang, |existing| {
        let (review, units) = build_review(site, lang, ids, existing)?;
        Ok((Some(review), units))
    })?;
    Ok(approval(lang, units, true))
}

/// Updates the review record of `lang` under its lock: reads it again once the lock is held
/// (so two runs marking different units keep both; a record against another source language
/// reads as none), never through a link, and writes what `update` returns atomically — or
/// nothing, when it returns no record. Shared by `--mark-reviewed`, `serve`'s button and XLIFF
/// import.
pub(super) fn update_locked<T>(
    site: &Site,
    lang: &str,
    update: impl FnOnce(Option<ReviewFile>) -> Result<(Option<ReviewFile>, T), MarkError>,
) -> Result<T, MarkError> {
    let files_error = |d: Diagnostic| MarkError::Files(d.into());
    let dir = record::reviews_dir(&site.root).map_err(files_error)?;
    let _lock = record::lock(&dir, lang).map_err(files_error)?;
    let shown = format!("{}/{lang}.toml", record::REVIEWS_DIR);
    record::refuse_link(&review_path(&site.root, lang), &shown).map_err(files_error)?;
    let (review, out) = update(existing(site, lang)?)?;
    if let Some(review) = review {
        let text = review_text(lang, &review).map_err(files_error)?;
        record::write(&dir, &format!("{lang}.toml"), &text, &shown).map_err(files_error)?;
    }
    Ok(out)
}

fn approval(lang: &str, units: Vec<Approved>, written: bool) -> Approval {
    Approval {
        lang: lang.to_string(),
        units,
        written,
    }
}

/// The review record of `lang` as it is, to be updated; a file recorded against another
/// source language is replaced, not merged.
fn existing(site: &Site, lang: &str) -> Result<Option<ReviewFile>, MarkError> {
    match load_review(site, lang) {
        Ok(Loaded::Current(r)) => Ok(Some(r)),
        Ok(Loaded::Missing | Loaded::OtherSource(_)) => Ok(None),
        Err(d) => Err(MarkError::Files(d)),
    }
}

/// Whether `id` is, exactly (not as a selector), a unit of `lang` with a translation, and
/// `lang` a translated language of the site.
pub(crate) fn unit_exists(site: &Site, lang: &str, id: &str) -> bool {
    site.translations().iter().any(|l| l.code() == lang)
        && units(site, lang)
            .iter()
            .any(|u| u.translation.is_some() && u.id.to_string() == id)
}

/// What [`mark_reviewed`] would write into a site without a review file, without writing it:
/// the text of `reviews/<lang>.toml` with the units `ids` (every unit when empty) recorded as
/// reviewed against the current source text, and the number of units recorded. `hoshin init`
/// writes this file itself.
pub(crate) fn review_record(
    site: &Site,
    lang: &str,
    ids: &[String],
) -> Result<(String, usize), MarkError> {
    let (review, units) = build_review(site, lang, ids, None)?;
    let text = review_text(lang, &review).map_err(|d| MarkError::Files(d.into()))?;
    Ok((text, units.len()))
}

/// `existing` (or a new record) with the units `ids` of `lang` recorded as reviewed now, and
/// the units recorded with what their record said before; unknown languages and ids are usage
/// errors.
fn build_review(
    site: &Site,
    lang: &str,
    ids: &[String],
    existing: Option<ReviewFile>,
) -> Result<(ReviewFile, Vec<Approved>), MarkError> {
    let translated: Vec<&str> = site.translations().iter().map(|l| l.code()).collect();
    if !translated.contains(&lang) {
        return Err(MarkError::Usage(format!(
            "`{lang}` is not a translated language of this site (translated: {})",
            translated.join(", ")
        )));
    }
    let all = units(site, lang);
    let selectable: Vec<&Unit> = all.iter().filter(|u| u.translation.is_some()).collect();
    let mut selected: Vec<&Unit> = Vec::new();
    if ids.is_empty() {
        selected = selectable.clone();
    } else {
        for id in ids {
            let matching: Vec<&Unit> = match id.parse::<UnitId>() {
                Ok(selector) => selectable
                    .iter()
                    .copied()
                    .filter(|u| u.id.is_selected_by(&selector))
                    .collect(),
                Err(_) => Vec::new(),
            };
            if matching.is_empty() {
                let mut msg = format!("`{id}` is not a translated unit of `{lang}`");
                let names: Vec<String> = selectable.iter().map(|u| u.id.to_string()).collect();
                if let Some(s) = did_you_mean(id, names.iter().map(String::as_str)) {
                    msg.push_str(&format!("; did you mean `{s}`?"));
                }
                return Err(MarkError::Usage(msg));
            }
            selected.extend(matching);
        }
    }
    let mut seen = BTreeSet::new();
    selected.retain(|u| seen.insert(u.id.to_string()));
    let mut review = existing.unwrap_or_else(|| ReviewFile {
        version: REVIEW_FORMAT_VERSION,
        source_language: site.source().language.code.clone(),
        units: BTreeMap::new(),
    });
    let known: BTreeSet<String> = all.iter().map(|u| u.id.to_string()).collect();
    review.units.retain(|id, _| known.contains(id));
    let mut approved = Vec::with_capacity(selected.len());
    for u in &selected {
        let hash = hash(&u.source);
        let change = match review.units.get(&u.id.to_string()) {
            None => Change::Unreviewed,
            Some(r) if r.hash != hash => Change::Stale,
            Some(_) => Change::Current,
        };
        approved.push(Approved {
            unit: u.id.clone(),
            change,
        });
        review.units.insert(
            u.id.to_string(),
            Reviewed {
                hash,
                source: u.source.clone(),
            },
        );
    }
    Ok((review, approved))
}

/// The text of a review file.
fn review_text(lang: &str, review: &ReviewFile) -> Result<String, Diagnostic> {
    let body = toml::to_string(review)
        .map_err(|e| Diagnostic::error(format!("internal: cannot write the review file: {e}")))?;
    Ok(format!(
        "# Review record of the `{lang}` translation, written by `hoshin check --mark-reviewed {lang}`.\n\
         # Per unit: the `{}` source text the translation was last reviewed against, and its hash.\n\
         # Commit this file with the site.\n\n{body}",
        review.source_language
    ))
}
