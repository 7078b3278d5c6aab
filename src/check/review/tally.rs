//! What the staleness check finds unit by unit: the counts of a language's review state and
//! its findings, kept per policy so that policies can be looked at in parallel and the results
//! added up in order.

use std::collections::BTreeMap;

use super::{describe, diff_note, hash, phrase_diff, Reviewed, Stale, Style, Unit};
use crate::check::Finding;
use crate::diagnostics::Diagnostic;
use crate::site::library_texts::LIBRARY_NAME;

/// What every unit of one translated language is looked at against.
pub(super) struct Looking<'a> {
    /// The translated language.
    pub(super) lang: &'a str,
    /// The source language.
    pub(super) source_lang: &'a str,
    /// The language's review record by unit id (`None`: no review file).
    pub(super) review: Option<&'a BTreeMap<String, Reviewed>>,
}

/// Units with a translation, stale and unreviewed ones, and their findings.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub(super) units: usize,
    pub(super) stale: usize,
    pub(super) unreviewed: usize,
    pub(super) findings: Vec<Finding>,
}

impl Tally {
    /// Adds what `other` found after what this one found.
    pub(super) fn add(&mut self, other: Tally) {
        self.units += other.units;
        self.stale += other.stale;
        self.unreviewed += other.unreviewed;
        self.findings.extend(other.findings);
    }

    /// Looks at one unit: counted when it has a translation; a finding when that translation
    /// was never reviewed or its source text changed since the review.
    pub(super) fn look_at(&mut self, unit: Unit, looking: &Looking) {
        let Looking {
            lang,
            source_lang,
            review,
        } = *looking;
        let Some((file, span)) = &unit.translation else {
            return;
        };
        self.units += 1;
        let library = unit.library_source.as_ref().map(|s| Reviewed {
            hash: hash(s),
            source: s.clone(),
        });
        let recorded = match review {
            Some(r) => r.get(&unit.id.to_string()).or(library.as_ref()),
            None if library.is_some() => library.as_ref(),
            None => return,
        };
        let what = describe(&unit.id);
        match recorded {
            None => {
                self.unreviewed += 1;
                self.findings.push(Finding {
                    diagnostic: Diagnostic::warning(format!(
                        "the `{lang}` translation of {what} has never been reviewed"
                    ))
                    .code("unreviewed-translation")
                    .at(file, span.clone())
                    .label("not in the review record")
                    .help(format!(
                        "check it against the `{source_lang}` text, then run `hoshin check --mark-reviewed {lang} {}`",
                        unit.id
                    )),
                    stale: None,
                    unit: Some((lang.to_string(), unit.id.clone())),
                });
            }
            Some(r) if r.hash != hash(&unit.source) => {
                self.stale += 1;
                let diff = phrase_diff(source_lang, &r.source, &unit.source);
                let mut diagnostic = Diagnostic::warning(format!(
                    "the `{lang}` translation of {what} is stale: the `{source_lang}` text changed since its last review"
                ))
                .code("stale-translation")
                .at(file, span.clone())
                .label("translated from the old text");
                let from_library = library.as_ref().is_some_and(|l| std::ptr::eq(l, r));
                if from_library {
                    diagnostic = diagnostic.note(format!(
                        "the `{lang}` text is {LIBRARY_NAME}'s, translated from its `{source_lang}` text; the site's `{source_lang}` text differs"
                    ));
                }
                let update = if from_library {
                    format!(
                        "write the `{lang}` text in locales/{lang}/ (it replaces the library's)"
                    )
                } else {
                    "update the translation".to_string()
                };
                self.findings.push(Finding {
                    diagnostic: diagnostic
                        .note(diff_note(source_lang, &diff, Style::Plain))
                        .help(format!(
                            "{update}, then run `hoshin check --mark-reviewed {lang} {}`",
                            unit.id
                        )),
                    stale: Some(Stale {
                        lang: lang.to_string(),
                        unit: unit.id.clone(),
                        reviewed_source: r.source.clone(),
                        source: unit.source.clone(),
                        diff,
                    }),
                    unit: Some((lang.to_string(), unit.id.clone())),
                });
            }
            Some(_) => {}
        }
    }
}
