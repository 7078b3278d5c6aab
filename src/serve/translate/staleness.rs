//! Staleness in the translators' view: which translated units `hoshin check` flags as stale or
//! never reviewed ([`Reviews`], read from the latest [`Report`]), and the state of each cell.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::review::{Diff, UnitId};
use crate::check::Report;
use crate::site::locale::Locale;

/// What the review record says about a translated unit that is not current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Review {
    /// The source text changed since the translation was last reviewed.
    Stale {
        /// The source text the translation was reviewed against.
        reviewed_source: String,
        /// The source text now.
        source: String,
        /// What changed.
        diff: Diff,
    },
    /// The translation was never reviewed.
    Unreviewed,
}

/// Staleness as `hoshin check` reports it: the stale and unreviewed units of its findings, by
/// language. Without a report, nothing is flagged.
#[derive(Debug, Default)]
pub(super) struct Reviews(BTreeMap<String, BTreeMap<UnitId, Review>>);

impl Reviews {
    /// Collects the units flagged in `report`.
    pub(super) fn from_report(report: &Report) -> Reviews {
        let mut map: BTreeMap<String, BTreeMap<UnitId, Review>> = BTreeMap::new();
        for f in &report.findings {
            let Some((lang, unit)) = &f.unit else {
                continue;
            };
            let review = match &f.stale {
                Some(s) => Review::Stale {
                    reviewed_source: s.reviewed_source.clone(),
                    source: s.source.clone(),
                    diff: s.diff.clone(),
                },
                None => Review::Unreviewed,
            };
            map.entry(lang.clone())
                .or_default()
                .insert(unit.clone(), review);
        }
        Reviews(map)
    }

    /// What is wrong with the `lang` translation of check unit `unit`, or `None` when it is
    /// current or untracked.
    fn review(&self, lang: &str, unit: &UnitId) -> Option<&Review> {
        self.0.get(lang)?.get(unit)
    }
}

/// The state of one unit in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum UnitStatus {
    /// Present and (as far as hoshin knows) current.
    Present,
    /// Present, but the review record flags check units it belongs to. `above` is true when a
    /// row higher up already showed the same units (a section split by blocks).
    Flagged {
        /// The flagged check units and what is wrong with each.
        units: Vec<(UnitId, Review)>,
        /// Whether an earlier row of the table already showed them in full.
        above: bool,
    },
    /// Not translated; the text says where to add it.
    Missing(String),
}

/// The status of a present unit belonging to check units `units`; units already shown in full
/// (tracked in `shown`) are marked as shown above.
pub(super) fn present(
    reviews: &Reviews,
    lang: &str,
    units: &[UnitId],
    shown: &mut BTreeSet<(String, UnitId)>,
) -> UnitStatus {
    let flagged: Vec<(UnitId, Review)> = units
        .iter()
        .filter_map(|u| reviews.review(lang, u).map(|r| (u.clone(), r.clone())))
        .collect();
    if flagged.is_empty() {
        return UnitStatus::Present;
    }
    let mut above = true;
    for (u, _) in &flagged {
        above &= !shown.insert((lang.to_string(), u.clone()));
    }
    UnitStatus::Flagged {
        units: flagged,
        above,
    }
}

/// The check units of a Fluent message: its value and each attribute of the source message.
pub(super) fn message_units(source: Option<&Locale>, id: &str) -> Vec<UnitId> {
    let mut out = vec![UnitId::Message {
        id: id.to_string(),
        attribute: None,
    }];
    if let Some(info) = source.and_then(|l| l.messages.get(id)) {
        out.extend(info.attributes.keys().map(|a| UnitId::Message {
            id: id.to_string(),
            attribute: Some(a.clone()),
        }));
    }
    out
}
