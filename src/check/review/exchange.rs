//! What the XLIFF exchange (`crate::xliff`) needs from the review record: the units of a
//! language with their review state, and recording the review of exactly the units imported
//! (unlike `--mark-reviewed`, an id here never selects its attributes or a whole policy).

use std::collections::BTreeMap;

use super::mark::update_locked;
use super::{hash, load_review, Loaded, ReviewFile};
use super::{MarkError, Reviewed, Unit, UnitId, REVIEW_FORMAT_VERSION};
use crate::diagnostics::Diagnostics;
use crate::site::Site;

/// Where a unit's translation stands against the review record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReviewState {
    /// No translation.
    Missing,
    /// Translated; the language has no review file, so nothing says whether it was reviewed.
    Untracked,
    /// Translated, and not in the review record.
    Unreviewed,
    /// Translated, reviewed against a source text that has changed since.
    Stale,
    /// Translated and reviewed against the current source text.
    Reviewed,
}

/// Every unit of `lang` (see the review module) with its review state, in the order
/// `hoshin check` knows them. A review file that cannot be read is an error.
pub(crate) fn unit_states(
    site: &Site,
    lang: &str,
) -> Result<Vec<(Unit, ReviewState)>, Diagnostics> {
    let record: Option<BTreeMap<String, Reviewed>> = match load_review(site, lang)? {
        Loaded::Missing => None,
        Loaded::Current(r) => Some(r.units),
        // Reviews against another source language say nothing about this one.
        Loaded::OtherSource(_) => Some(BTreeMap::new()),
    };
    Ok(super::units(site, lang)
        .into_iter()
        .map(|u| {
            let state = match (&u.translation, &record) {
                (None, _) => ReviewState::Missing,
                (Some(_), None) => ReviewState::Untracked,
                (Some(_), Some(rec)) => match rec.get(&u.id.to_string()) {
                    None => ReviewState::Unreviewed,
                    Some(r) if r.hash != hash(&u.source) => ReviewState::Stale,
                    Some(_) => ReviewState::Reviewed,
                },
            };
            (u, state)
        })
        .collect())
}

/// Records that the `lang` translation of exactly `ids` was reviewed against the current
/// source text, as `--mark-reviewed` writes it (atomically, under its lock, never through a
/// link). The file is not rewritten when nothing in it changes. Returns the number of units
/// whose record changed.
pub(crate) fn mark_units_reviewed(
    site: &Site,
    lang: &str,
    ids: &[UnitId],
) -> Result<usize, MarkError> {
    if ids.is_empty() {
        return Ok(0);
    }
    update_locked(site, lang, |existing| {
        let existed = existing.is_some();
        let mut review = existing.unwrap_or_else(|| ReviewFile {
            version: REVIEW_FORMAT_VERSION,
            source_language: site.source().language.code.clone(),
            units: BTreeMap::new(),
        });
        let all: BTreeMap<String, Unit> = super::units(site, lang)
            .into_iter()
            .map(|u| (u.id.to_string(), u))
            .collect();
        let mut changed = 0;
        for id in ids {
            let key = id.to_string();
            let Some(u) = all.get(&key) else {
                return Err(MarkError::Usage(format!(
                    "`{key}` is not a unit of `{lang}`"
                )));
            };
            let entry = Reviewed {
                hash: hash(&u.source),
                source: u.source.clone(),
            };
            let same = review
                .units
                .get(&key)
                .is_some_and(|r| r.hash == entry.hash && r.source == entry.source);
            if !same {
                review.units.insert(key, entry);
                changed += 1;
            }
        }
        // An unchanged record is not rewritten.
        let write = changed > 0 || !existed;
        Ok((write.then_some(review), changed))
    })
}
