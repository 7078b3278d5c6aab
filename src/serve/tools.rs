//! The preview's own pages under `/_hoshin/`: the index at `/_hoshin/` linking the translators'
//! view of each policy and the notices preview, with a summary of `hoshin check`'s report; and
//! the views those pages share (the check summary, the findings list).
//!
//! These pages are built per request from the loaded site and the check report of the latest
//! rebuild; they are never part of the built site. The HTML is in `templates/tools.html` and
//! `templates/components.html`; everything taken from the user's files is HTML-escaped there.

use std::borrow::Cow;

use serde::Serialize;

use super::pages::{self, PageError};
use crate::check::{Finding, Report, TranslationStatus};
use crate::diagnostics::{Diagnostics, Severity};
use crate::site::Site;

/// What the preview's own pages show besides the site and its check report.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PageState<'a> {
    /// The errors of the latest build attempt, when it failed.
    pub(crate) errors: Option<&'a Diagnostics>,
    /// Whether the check report is of the files the latest attempt loaded (else of an
    /// earlier site: the last good build).
    pub(crate) report_current: bool,
    /// The secret of the "mark reviewed" forms (no forms without it).
    pub(crate) token: Option<&'a str>,
}

/// The build's errors, listed first on the preview's own pages while the site does not build:
/// otherwise a check report of the last good build (or one that cannot see a broken file)
/// would say "no findings" while `hoshin build` and `hoshin check` fail.
#[derive(Serialize)]
pub(crate) struct BuildErrorsView<'a> {
    count: usize,
    errors: Vec<BuildErrorView<'a>>,
    /// What the check report below is of: `old` (an earlier site, the last good build),
    /// `current` (the files as they are now) or `none` (no report yet).
    report: &'static str,
}

#[derive(Serialize)]
struct BuildErrorView<'a> {
    /// `file:line:col`, when the error has a place.
    place: Option<String>,
    message: &'a str,
}

impl<'a> BuildErrorsView<'a> {
    /// The errors of a failed attempt, with what the report shown below them is of.
    pub(crate) fn new(state: &PageState<'a>, report: Option<&Report>) -> Option<Self> {
        let errors = state.errors?;
        Some(BuildErrorsView {
            count: errors.error_count(),
            errors: errors
                .sorted()
                .into_iter()
                .map(|d| BuildErrorView {
                    place: d
                        .position()
                        .map(|(file, line, col)| format!("{file}:{line}:{col}")),
                    message: &d.message,
                })
                .collect(),
            report: match (report, state.report_current) {
                (None, _) => "none",
                (Some(_), true) => "current",
                (Some(_), false) => "old",
            },
        })
    }
}

/// Text in a language of the site (a title, a store's name).
#[derive(Serialize)]
pub(crate) struct InLanguage<'a> {
    /// The language code, for `lang`.
    pub(crate) lang: &'a str,
    /// The text.
    pub(crate) text: Cow<'a, str>,
}

/// `hoshin check`'s report as the preview pages show it: the counts and a list of findings.
#[derive(Serialize)]
pub(crate) struct ReportView<'a> {
    errors: usize,
    warnings: usize,
    translations: &'a [TranslationStatus],
    findings: Vec<FindingView<'a>>,
    /// Findings beyond [`MAX_LISTED`], counted but not listed.
    omitted: usize,
}

/// The most findings a preview page lists: a page of 16,000 rendered diagnostics took seconds
/// to build on every request; `hoshin check` prints them all.
const MAX_LISTED: usize = 500;

impl<'a> ReportView<'a> {
    /// The counts of `report`, with `findings` listed.
    pub(crate) fn new(report: &'a Report, mut findings: impl Iterator<Item = &'a Finding>) -> Self {
        ReportView {
            errors: report.errors(),
            warnings: report.warnings(),
            translations: &report.translations,
            findings: findings
                .by_ref()
                .take(MAX_LISTED)
                .map(FindingView::new)
                .collect(),
            omitted: findings.count(),
        }
    }
}

/// One check finding: severity, code, place and message, and the whole diagnostic as text.
#[derive(Serialize)]
struct FindingView<'a> {
    /// `error` or `warning`.
    severity: &'static str,
    code: Option<&'static str>,
    /// `file:line:col`, when the finding has a place.
    place: Option<String>,
    message: &'a str,
    /// The diagnostic as the terminal shows it (snippet, notes such as the source diff, help).
    details: String,
}

impl<'a> FindingView<'a> {
    fn new(f: &'a Finding) -> Self {
        let d = &f.diagnostic;
        FindingView {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            code: d.code,
            place: d
                .position()
                .map(|(file, line, col)| format!("{file}:{line}:{col}")),
            message: &d.message,
            details: d.render(false),
        }
    }
}

#[derive(Serialize)]
struct IndexView<'a> {
    /// Whether a site has loaded (else there is nothing to list).
    loaded: bool,
    policies: Vec<PolicyLink<'a>>,
    report: Option<ReportView<'a>>,
    build_errors: Option<BuildErrorsView<'a>>,
}

#[derive(Serialize)]
struct PolicyLink<'a> {
    slug: &'a str,
    /// The title in the source language.
    title: Option<InLanguage<'a>>,
}

/// `/_hoshin/`: links to the translators' view and the notices preview, and the check report.
pub(crate) fn index(
    site: Option<&Site>,
    report: Option<&Report>,
    state: &PageState<'_>,
) -> Result<String, PageError> {
    let source = site.and_then(|s| s.config.languages.first());
    let policies = site
        .map(|s| &s.policies[..])
        .unwrap_or_default()
        .iter()
        .map(|p| PolicyLink {
            slug: &p.slug,
            title: source.and_then(|l| {
                p.documents.get(&l.code).map(|d| InLanguage {
                    lang: &l.code,
                    text: Cow::Borrowed(&d.front.title),
                })
            }),
        })
        .collect();
    let view = IndexView {
        loaded: site.is_some(),
        policies,
        report: report.map(|r| ReportView::new(r, r.findings.iter())),
        build_errors: BuildErrorsView::new(state, report),
    };
    pages::render("tools.html", &view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Finding;
    use crate::diagnostics::{Diagnostic, SourceFile};

    #[test]
    fn the_index_lists_at_most_max_listed_findings_and_counts_the_rest() {
        let f = SourceFile::new("locales/en/x.ftl", "x", "a\n");
        let findings = (0..MAX_LISTED + 1234)
            .map(|i| Finding {
                diagnostic: Diagnostic::warning(format!("finding {i}")).at(&f, 0..1),
                stale: None,
                unit: None,
            })
            .collect();
        let report = Report {
            findings,
            translations: Vec::new(),
        };
        let html = index(None, Some(&report), &PageState::default()).unwrap();
        assert_eq!(html.matches("<li").count(), MAX_LISTED, "listed findings");
        assert!(
            html.contains("… and 1234 more"),
            "{}",
            &html[html.len() - 500..]
        );
    }

    #[test]
    fn the_index_lists_findings_escaped_with_their_place() {
        let f = SourceFile::new("content/p/en.md", "x", "a\n<b>bold</b>\n");
        let d = Diagnostic::warning("odd <tag>")
            .code("raw-html")
            .at(&f, 2..5);
        let report = Report {
            findings: vec![Finding {
                diagnostic: d,
                stale: None,
                unit: None,
            }],
            translations: Vec::new(),
        };
        let html = index(None, Some(&report), &PageState::default()).unwrap();
        assert!(html.contains("The site has not loaded yet"), "{html}");
        assert!(
            html.contains("<strong>0 errors</strong> and <strong>1 warning</strong>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"tag warning\">warning[raw-html]</span> <code>content/p/en.md:2:1</code> odd &lt;tag&gt;<details>"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;bold"), "{html}");
        assert!(
            !html.contains("<tag>") && !html.contains("<b>bold"),
            "{html}"
        );
        assert!(html.starts_with("<!DOCTYPE html>\n") && html.ends_with("</html>\n"));
        assert!(
            html.contains("<title>Preview tools — hoshin</title>"),
            "{html}"
        );
    }

    #[test]
    fn no_findings_says_so() {
        let html = index(None, Some(&Report::default()), &PageState::default()).unwrap();
        assert!(
            html.contains("<p class=\"clean\">No findings.</p>"),
            "{html}"
        );
        let html = index(None, None, &PageState::default()).unwrap();
        assert!(html.contains("No check report yet"), "{html}");
    }
}
