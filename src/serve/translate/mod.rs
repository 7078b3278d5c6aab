//! The translators' side-by-side view at `/_hoshin/translate/<slug>/`.
//!
//! One column per language, source language first. Rows are aligned by what they are, not by
//! position ([`align`]): prose sections by heading id (`## Title {#id}`, else `section-N`, as
//! the renderer numbers them), structured blocks by their key, structured items by Fluent
//! message id. Each cell names the file and line to edit, or says what is missing and where to
//! add it.
//!
//! Staleness comes from `hoshin check` ([`staleness`]): a translated cell whose check unit (the
//! Markdown section it lies in, or the Fluent message and its attributes) is stale shows the
//! source text as reviewed and as it is now, the changed lines, and the
//! `hoshin check --mark-reviewed` command that records the new review; a unit never reviewed
//! says so. Below the tables, the check findings that concern the policy (front matter
//! included) are listed; the index lists every finding of the site.
//!
//! The HTML is `templates/translate.html` and `templates/translate_index.html`, fed the views
//! below.

mod align;
mod staleness;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use super::pages::{self, PageError};
use super::tools::{BuildErrorsView, PageState, ReportView};
use crate::check::review::{Segment, UnitId};
use crate::check::{Finding, Report};
use crate::diagnostics::SourceFile;
use crate::site::content::Policy;
use crate::site::Site;
use align::{
    aligned_keys, message_ids, message_source, missing_message, missing_prose, units_of, Unit,
};
use staleness::{message_units, present, Review, Reviews, UnitStatus};

#[derive(Serialize)]
struct IndexView<'a> {
    policies: Vec<&'a str>,
    report: Option<ReportView<'a>>,
    build_errors: Option<BuildErrorsView<'a>>,
}

#[derive(Serialize)]
struct PolicyView<'a> {
    slug: &'a str,
    /// The source language.
    source: &'a str,
    /// Every language, source first: the columns.
    langs: &'a [&'a str],
    /// Prose sections and blocks: one cell per language in each row.
    document: Vec<Vec<CellView<'a>>>,
    /// Fluent messages of the policy's structured items.
    messages: Vec<Vec<CellView<'a>>>,
    /// The check summary and the findings about this policy.
    report: Option<ReportView<'a>>,
    /// The secret the "mark reviewed" forms carry (no forms without it).
    token: Option<&'a str>,
    /// This page, where a "mark reviewed" form returns to.
    back: String,
    /// The build's errors while the site does not build.
    build_errors: Option<BuildErrorsView<'a>>,
}

/// A unit in one language.
#[derive(Serialize)]
struct CellView<'a> {
    lang: &'a str,
    /// `ok`, `stale`, `unreviewed` or `missing`: the cell's class.
    class: &'static str,
    /// The state as the cell's tag says it.
    tag: &'static str,
    /// What the review record says about each flagged check unit.
    notes: Vec<NoteView>,
    /// Where to add a missing unit.
    missing: Option<String>,
    /// The unit's text and place, when it is there.
    content: Option<ContentView<'a>>,
}

#[derive(Serialize)]
struct ContentView<'a> {
    /// The heading, block or message id.
    title: &'a str,
    /// The file to edit, as shown in diagnostics.
    file: &'a str,
    line: usize,
    text: &'a str,
}

/// What the review record says about one check unit of a cell.
#[derive(Serialize)]
struct NoteView {
    /// The unit id, as `--mark-reviewed` takes it.
    unit: String,
    /// Stale (else never reviewed).
    stale: bool,
    /// Shown in full in a row above: only named here.
    above: bool,
    /// The command that records the review.
    command: String,
    /// The translated language.
    lang: String,
    /// For a stale unit: the changes with their context (one list of runs per change), and
    /// the whole source text then and now.
    hunks: Vec<Vec<Segment>>,
    reviewed_source: String,
    source: String,
}

/// `/_hoshin/translate/` (empty `slug`) or `/_hoshin/translate/<slug>/`, with staleness and
/// findings from `report` when there is one; `Ok(None)` for an unknown policy.
pub(crate) fn page(
    site: &Site,
    slug: &str,
    report: Option<&Report>,
    state: &PageState<'_>,
) -> Result<Option<String>, PageError> {
    if slug.is_empty() {
        return index(site, report, state).map(Some);
    }
    let Some(policy) = site.policies.iter().find(|p| p.slug == slug) else {
        return Ok(None);
    };
    let langs: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    let Some(&source) = langs.first() else {
        return Ok(None);
    };
    let reviews = report.map(Reviews::from_report).unwrap_or_default();
    // Check units shown in full in a row above (a section split by blocks).
    let mut shown: BTreeSet<(String, UnitId)> = BTreeSet::new();

    // Prose sections and blocks, per language.
    let units: BTreeMap<&str, Vec<Unit>> = langs
        .iter()
        .map(|l| {
            (
                *l,
                policy.documents.get(l).map(units_of).unwrap_or_default(),
            )
        })
        .collect();
    let document = document_rows(policy, &langs, &units, &reviews, &mut shown);

    // Structured items: Fluent messages, with their source in each language.
    let ids = message_ids(policy);
    let found: Vec<Vec<Option<MessageSource>>> = ids
        .iter()
        .map(|id| {
            langs
                .iter()
                .map(|l| {
                    site.language(l)
                        .map(|l| &*l.locale)
                        .and_then(|l| message_source(l, id))
                })
                .collect()
        })
        .collect();
    let messages = message_rows(site, &langs, &ids, &found, &reviews, &mut shown);

    let build_errors = BuildErrorsView::new(state, report);
    let report = report.map(|r| {
        let ids: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        ReportView::new(r, r.findings.iter().filter(|f| concerns(f, slug, &ids)))
    });
    let view = PolicyView {
        slug,
        source,
        langs: &langs,
        document,
        messages,
        report,
        token: state.token,
        back: format!("/_hoshin/translate/{slug}/"),
        build_errors,
    };
    pages::render("translate.html", &view).map(Some)
}

/// The Fluent source of a message in one language: file, line, text.
type MessageSource = (Arc<SourceFile>, usize, String);

/// The prose and block rows: one per aligned key, one cell per language.
fn document_rows<'a>(
    policy: &Policy,
    langs: &[&'a str],
    units: &'a BTreeMap<&str, Vec<Unit>>,
    reviews: &Reviews,
    shown: &mut BTreeSet<(String, UnitId)>,
) -> Vec<Vec<CellView<'a>>> {
    let keys = aligned_keys(langs, |l| {
        units
            .get(l)
            .map(|u| u.iter().map(|u| u.key.clone()).collect())
            .unwrap_or_default()
    });
    let mut rows = Vec::new();
    for key in &keys {
        let mut row = Vec::new();
        for &lang in langs {
            let unit = units
                .get(lang)
                .and_then(|u| u.iter().find(|u| &u.key == key));
            let status = match unit {
                Some(u) => {
                    let section = UnitId::Section {
                        slug: policy.slug.clone(),
                        section: u.section.clone(),
                    };
                    present(reviews, lang, &[section], shown)
                }
                None => UnitStatus::Missing(missing_prose(policy, lang, key)),
            };
            let content = unit.map(|u| ContentView {
                title: &u.title,
                file: &u.file.display,
                line: u.line,
                text: &u.text,
            });
            row.push(cell(lang, status, content));
        }
        rows.push(row);
    }
    rows
}

/// The Fluent message rows: one per message id, one cell per language (`found` holds each
/// message's source per language, in the same order).
fn message_rows<'a>(
    site: &Site,
    langs: &[&'a str],
    ids: &'a [String],
    found: &'a [Vec<Option<MessageSource>>],
    reviews: &Reviews,
    shown: &mut BTreeSet<(String, UnitId)>,
) -> Vec<Vec<CellView<'a>>> {
    let Some(&source) = langs.first() else {
        return Vec::new();
    };
    let source_locale = site.language(source).map(|l| &*l.locale);
    let mut rows = Vec::new();
    for (id, found) in ids.iter().zip(found) {
        let mut row = Vec::new();
        for (&lang, found) in langs.iter().zip(found) {
            let status = match found {
                Some(_) => present(reviews, lang, &message_units(source_locale, id), shown),
                None => UnitStatus::Missing(missing_message(source_locale, source, lang, id)),
            };
            let content = found.as_ref().map(|(file, line, text)| ContentView {
                title: id,
                file: &file.display,
                line: *line,
                text,
            });
            row.push(cell(lang, status, content));
        }
        rows.push(row);
    }
    rows
}

/// `/_hoshin/translate/`: the policies, and every finding of the site.
fn index(site: &Site, report: Option<&Report>, state: &PageState<'_>) -> Result<String, PageError> {
    let view = IndexView {
        policies: site.policies.iter().map(|p| p.slug.as_str()).collect(),
        report: report.map(|r| ReportView::new(r, r.findings.iter())),
        build_errors: BuildErrorsView::new(state, report),
    };
    pages::render("translate_index.html", &view)
}

/// Whether a finding is about policy `slug`: in its content folder or its Fluent file, or
/// about one of its units or messages.
fn concerns(f: &Finding, slug: &str, messages: &BTreeSet<&str>) -> bool {
    if let Some((_, unit)) = &f.unit {
        if unit.policy() == Some(slug) || unit.message().is_some_and(|m| messages.contains(m)) {
            return true;
        }
    }
    f.diagnostic.position().is_some_and(|(file, _, _)| {
        file.starts_with(&format!("content/{slug}/")) || file.ends_with(&format!("/{slug}.ftl"))
    })
}

/// The view of a unit in `lang`.
fn cell<'a>(lang: &'a str, status: UnitStatus, content: Option<ContentView<'a>>) -> CellView<'a> {
    let (class, tag, notes, missing) = match status {
        UnitStatus::Present => ("ok", "present", Vec::new(), None),
        UnitStatus::Flagged { units, above } => {
            let stale = units.iter().any(|(_, r)| matches!(r, Review::Stale { .. }));
            let notes = units
                .into_iter()
                .map(|(unit, review)| note(lang, &unit, review, above))
                .collect();
            let class = if stale { "stale" } else { "unreviewed" };
            (class, class, notes, None)
        }
        UnitStatus::Missing(what) => ("missing", "missing", Vec::new(), Some(what)),
    };
    CellView {
        lang,
        class,
        tag,
        notes,
        missing,
        content,
    }
}

/// What the review record says about check unit `unit` of the `lang` translation.
fn note(lang: &str, unit: &UnitId, review: Review, above: bool) -> NoteView {
    let command = format!("hoshin check --mark-reviewed {lang} {unit}");
    let (stale, hunks, reviewed_source, source) = match review {
        Review::Stale {
            reviewed_source,
            source,
            diff,
        } => {
            let hunks = diff.hunks().into_iter().map(|h| h.segments).collect();
            (true, hunks, reviewed_source, source)
        }
        Review::Unreviewed => (false, Vec::new(), String::new(), String::new()),
    };
    NoteView {
        unit: unit.to_string(),
        stale,
        above,
        command,
        lang: lang.to_string(),
        hunks,
        reviewed_source,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Stale;
    use crate::diagnostics::Diagnostic;
    use crate::site::LoadOptions;

    /// The repository's default site.
    fn site() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        Site::load(root, &LoadOptions::default()).unwrap()
    }

    fn finding(unit: &str, stale: Option<(&str, &str)>) -> Finding {
        let unit: UnitId = unit.parse().unwrap();
        Finding {
            diagnostic: Diagnostic::warning(format!("about {unit}")).code("stale-translation"),
            stale: stale.map(|(old, new)| Stale {
                lang: "en".into(),
                unit: unit.clone(),
                reviewed_source: old.into(),
                source: new.into(),
                diff: crate::check::review::phrase_diff("ja", old, new),
            }),
            unit: Some(("en".into(), unit)),
        }
    }

    #[test]
    fn a_stale_message_shows_its_changed_lines_escaped_and_the_command() {
        let site = site();
        let report = Report {
            findings: vec![
                finding(
                    "example-violence",
                    Some((
                        "暴力、傷害、器物損壊等 <x-old>\nsame",
                        "暴力、傷害、器物損壊等（物を投げる） <x-new>\nsame",
                    )),
                ),
                finding("customer-harassment#definition", None),
                finding("other-policy#x", None),
            ],
            translations: Vec::new(),
        };
        let state = PageState {
            token: Some("0123abcd"),
            ..PageState::default()
        };
        let html = page(&site, "customer-harassment", Some(&report), &state)
            .unwrap()
            .unwrap();
        assert_eq!(html.matches("<td class=\"stale\">").count(), 1, "{html}");
        // The change marked inline, in colour and in text; escaped.
        assert!(
            html.contains("<div class=\"diff\" lang=\"ja\"><p>暴力、傷害、器物損壊等<del><span class=\"visually-hidden\">removed: </span><span class=\"mark\" aria-hidden=\"true\">[-</span> &lt;x-old<span class=\"mark\" aria-hidden=\"true\">-]</span></del><ins><span class=\"visually-hidden\">added: </span><span class=\"mark\" aria-hidden=\"true\">[+</span>（物を投げる） &lt;x-new<span class=\"mark\" aria-hidden=\"true\">+]</span></ins>&gt;"),
            "{html}"
        );
        // One "mark reviewed" form per flagged unit shown in full, carrying the token.
        assert_eq!(
            html.matches("<form class=\"mark-reviewed\" method=\"post\" action=\"/_hoshin/review\"><input type=\"hidden\" name=\"token\" value=\"0123abcd\">").count(),
            2,
            "{html}"
        );
        assert!(
            html.contains("<input type=\"hidden\" name=\"unit\" value=\"example-violence\"><input type=\"hidden\" name=\"back\" value=\"/_hoshin/translate/customer-harassment/\">"),
            "{html}"
        );
        assert!(
            html.contains("<code>hoshin check --mark-reviewed en example-violence</code>"),
            "{html}"
        );
        // A section split by a block: shown in full once, then named.
        assert!(
            html.contains("Never reviewed: <code>customer-harassment#definition</code> is not in <code>reviews/en.toml</code>."),
            "{html}"
        );
        assert!(
            html.contains("Part of unit <code>customer-harassment#definition</code>, never reviewed: see its first row above."),
            "{html}"
        );
        // Findings about this policy only.
        assert!(
            html.contains("about customer-harassment#definition"),
            "{html}"
        );
        assert!(!html.contains("about other-policy#x"), "{html}");
        assert!(
            !html.contains("<x-") && html.contains("&lt;x-old&gt;"),
            "{html}"
        );
        assert!(
            html.contains("<title>Translation: customer-harassment — hoshin</title>"),
            "{html}"
        );
    }

    #[test]
    fn while_the_site_does_not_build_its_errors_come_first() {
        let site = site();
        let f = SourceFile::new("locales/en/site.ftl", "x", "a = {\n");
        let errors: crate::diagnostics::Diagnostics = Diagnostic::error("expected a message value")
            .at(&f, 4..5)
            .into();
        let report = Report::default();
        for (current, says) in [
            (false, "The check below is of the last good build"),
            (true, "The check below is of the files as they are now"),
        ] {
            let state = PageState {
                errors: Some(&errors),
                report_current: current,
                token: None,
            };
            for slug in ["customer-harassment", ""] {
                let html = page(&site, slug, Some(&report), &state).unwrap().unwrap();
                let errors_at = html.find("The site does not build: 1 error").expect(&html);
                let report_at = html.find("hoshin check</code> finds").expect(&html);
                assert!(errors_at < report_at, "{html}");
                assert!(
                    html.contains(
                        "<li><code>locales/en/site.ftl:1:5</code> expected a message value</li>"
                    ),
                    "{html}"
                );
                assert!(html.contains(says), "{html}");
            }
        }
    }

    #[test]
    fn without_a_report_every_translation_is_present() {
        let site = site();
        let none = PageState::default();
        let html = page(&site, "customer-harassment", None, &none)
            .unwrap()
            .unwrap();
        assert!(!html.contains("<td class=\"stale\""), "{html}");
        assert!(!html.contains("<form"), "no token, no form: {html}");
        assert!(!html.contains("<td class=\"missing\""), "{html}");
        assert!(!html.contains("Check findings"), "{html}");
        assert!(page(&site, "no-such-policy", None, &none)
            .unwrap()
            .is_none());
        let index = page(&site, "", None, &none).unwrap().unwrap();
        assert!(
            index.contains(
                "<li><a href=\"customer-harassment/\"><code>customer-harassment</code></a></li>"
            ),
            "{index}"
        );
    }
}
