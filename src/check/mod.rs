//! `hoshin check`: translation integrity and staleness.
//!
//! The build already refuses a site that cannot be published (a missing message, a broken
//! block). `check` looks further, the way Mozilla's compare-locales and gettext's fuzzy flag
//! do, so that the English page keeps saying what the Japanese page says:
//!
//! - `fluent`: terms, references, selectors, plural variants, bidi marks and raw HTML;
//! - `content`: data texts in every locale, sections, internal links and anchors, unused
//!   messages;
//! - [`review`]: staleness: a translation unit whose source text changed since its last
//!   review, recorded in `reviews/<lang>.toml`.
//!
//! It also runs the build's validate stage (`crate::validate`), so every error `build`
//! reports, `check` reports too. The entry point for other commands (the translators' view of
//! `serve`) is [`check`]: a loaded [`Site`] in, a [`Report`] out; nothing is printed or written.
//! Output formats live in [`output`].

pub(crate) mod content;
pub(crate) mod fluent;
pub mod output;
mod rendered;
pub mod review;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::site::{LoadOptions, Site};
pub use rendered::RenderedPages;
pub use review::{Stale, TranslationStatus};

/// One problem found by `check`, with the old and new source text when it is a stale unit.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The problem, located and rendered like every other hoshin diagnostic.
    pub diagnostic: Diagnostic,
    /// For `stale-translation`: the source text reviewed and the source text now.
    pub stale: Option<Stale>,
    /// For `stale-translation` and `unreviewed-translation`: the translated language and the
    /// unit id (as `--mark-reviewed` takes it).
    pub unit: Option<(String, review::UnitId)>,
}

/// Everything `check` found, in a stable order (by file, line, column, message).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Findings, errors and warnings.
    pub findings: Vec<Finding>,
    /// Review state of each translated language.
    pub translations: Vec<TranslationStatus>,
}

impl Report {
    /// A report of problems that stopped the site from loading.
    pub fn from_diagnostics(diags: Diagnostics) -> Report {
        let mut report = Report::default();
        report.add(diags);
        report.sort();
        report
    }

    fn add(&mut self, diags: Diagnostics) {
        self.findings
            .extend(diags.0.into_iter().map(|diagnostic| Finding {
                diagnostic,
                stale: None,
                unit: None,
            }));
    }

    fn sort(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.findings
            .retain(|f| seen.insert((f.diagnostic.message.clone(), f.diagnostic.position())));
        self.findings.sort_by_cached_key(|f| {
            let (file, line, col) = f.diagnostic.position().unwrap_or_default();
            (
                file,
                line,
                col,
                f.diagnostic.severity,
                f.diagnostic.message.clone(),
            )
        });
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings (stale and unreviewed units included).
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.diagnostic.severity == severity)
            .count()
    }

    /// True when the report should fail the command: any error, or any warning under `strict`.
    pub fn fails(&self, strict: bool) -> bool {
        self.errors() > 0 || (strict && self.warnings() > 0)
    }
}

/// Runs every check on a loaded site. Pure: reads the review files, writes nothing.
pub fn check(site: &Site) -> Report {
    check_rendered(site, None)
}

/// [`check`], given the site's pages when they were just rendered (`serve` has them, or
/// renders the ones asked for), so the `#anchor` checks read those instead of rendering the
/// site again.
///
/// Without them, a site that validates is rendered as `hoshin build` renders it (to report
/// what only rendering finds, such as a template that reads a field a block does not have)
/// while the Fluent files are checked; the render keeps what the content and staleness checks
/// read of each document, so each document's Markdown is read once.
pub fn check_rendered(site: &Site, rendered: Option<&dyn RenderedPages>) -> Report {
    let mut report = Report::default();
    // Side by side: the Fluent files are most of the work, and each part is sequential.
    let (validation, (data, parsed)) = rayon::join(
        || crate::validate::validate(site),
        || (content::data_texts(site), fluent::Parsed::new(site)),
    );
    let render = rendered.is_none() && !validation.has_errors() && !data.has_errors();
    let (fluent, index) = rayon::join(
        || fluent::check(site, &parsed),
        || render.then(|| rendered::Index::render(site, None)),
    );
    let renders = !validation.has_errors() && !fluent.has_errors();
    let pages = match (rendered, index) {
        (Some(output), _) => content::SitePages::Output(output),
        (None, Some(index)) => content::SitePages::Rendered(index),
        (None, None) => content::SitePages::Unrendered,
    };
    report.add(validation);
    report.add(fluent);
    let (content, (stale, translations)) = rayon::join(
        || content::check(site, pages, data, renders, &parsed),
        || review::check(site, &parsed),
    );
    report.add(content);
    report.findings.extend(stale);
    report.translations = translations;
    report.sort();
    report
}

/// [`check`] for a site loaded without its documents, as `hoshin build` renders it: the job
/// that renders a policy's pages reads its documents, runs the content and staleness checks
/// that read them ([`content::policy_content`], [`review::Reviews::policy`]) and lets go of
/// their bodies, so the check holds a few documents at a time, not all of them (at 20,000
/// pages it held 350 MB instead of 180, and page faults were an eighth of its time).
///
/// Only for a site that validates and whose documents read: `None` otherwise, and the caller
/// checks the site loaded whole, so that a site with errors is reported exactly as before.
/// The report is the one [`check`] gives on the site loaded whole.
fn check_streaming(mut site: Site) -> Option<Report> {
    // The locales are held apart from the site, so that their syntax can be read while the
    // render jobs change the policies.
    let locales: Vec<_> = site.languages().iter().map(|l| l.locale.clone()).collect();
    // What the render needs and what only the checks do, side by side: at 20,000 pages the
    // renderer's set-up alone took 19 ms.
    let ((validation, renderer, known, sink), (data, parsed, unused, reviews)) = rayon::join(
        || {
            let (validation, renderer) = rayon::join(
                || crate::validate::validate(&site),
                || crate::render::Renderer::new(&site),
            );
            let (known, sink) = rayon::join(
                || content::KnownPages::of(&site),
                || rendered::IndexSink::new(&site, None),
            );
            (validation, renderer, known, sink)
        },
        || {
            let parsed = fluent::Parsed::of(locales.iter().map(|l| &**l));
            let data = content::data_texts(&site);
            let (unused, reviews) = rayon::join(
                || content::unused_messages(&site, &parsed),
                || review::Reviews::read(&site, &parsed),
            );
            (data, parsed, unused, reviews)
        },
    );
    if validation.has_errors() || data.has_errors() {
        return None;
    }
    // A renderer that does not set up (a template that does not compile) is reported by
    // the check of the whole site.
    let renderer = renderer.ok()?.with_scans(true);
    // The policies are taken out of the site: each render job changes its own (reads its
    // documents and lets go of them) while the Fluent check reads the rest of the site.
    let mut policies = std::mem::take(&mut site.policies);
    let (fluent, streamed) = rayon::join(
        || fluent::check(&site, &parsed),
        || {
            renderer.render_policies_streaming(&site, &mut policies, &sink, |site, policy| {
                let content = content::policy_content(site, policy, &known);
                (content, reviews.policy(site, policy))
            })
        },
    );
    site.policies = policies;
    if streamed.read.has_errors() {
        return None;
    }
    let index = streamed.rendered.and_then(|mut rendered| {
        renderer.render_listings(&site, &mut rendered, &sink)?;
        Ok(sink.into_index())
    });
    let (contents, tallies) = streamed.looked.into_iter().unzip();
    let renders = !fluent.has_errors();
    let mut report = Report::default();
    report.add(validation);
    report.add(streamed.read);
    report.add(fluent);
    report.add(data);
    report.add(unused);
    let pages = content::SitePages::Rendered(index);
    report.add(content::finish(&site, known, contents, pages, renders));
    let (stale, translations) = reviews.finish(tallies);
    report.findings.extend(stale);
    report.translations = translations;
    report.sort();
    // Freed on a thread while the caller prints the report (see `run`).
    std::thread::spawn(move || drop(site));
    Some(report)
}

/// What `hoshin check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Record a review before checking.
    pub mark_reviewed: Option<MarkReviewed>,
}

/// `--mark-reviewed LANG [IDS…] [--all] [--dry-run]`.
#[derive(Debug, Clone, Default)]
pub struct MarkReviewed {
    /// The translated language.
    pub lang: String,
    /// The units (an id also selects its attributes, a policy slug its document).
    pub ids: Vec<String>,
    /// Every unit, deliberately (without ids and without `all`, nothing is recorded).
    pub all: bool,
    /// Say what would be recorded, write nothing.
    pub dry_run: bool,
}

/// Why `check` could not run at all (as opposed to finding problems).
#[derive(Debug)]
pub enum UsageError {
    /// `--mark-reviewed` named something that is not a translated language or unit.
    MarkReviewed(String),
    /// `--mark-reviewed LANG` with neither unit ids nor `--all`: nothing was recorded. Holds
    /// what `--all` would record.
    NoUnits(review::Approval),
}

/// Loads the site at `root`, records a review when asked, and checks it.
///
/// Returns what `--mark-reviewed` recorded (or, with `dry_run`, would record) with the report.
/// A site that does not load gives a report of its load errors; marking is then refused with
/// those errors.
pub fn run(
    root: &Path,
    options: &CheckOptions,
) -> Result<(Report, Option<review::Approval>), UsageError> {
    if options.mark_reviewed.is_none() {
        let deferred = LoadOptions {
            defer_documents: true,
            ..Default::default()
        };
        if let Some(report) = Site::load(root, &deferred).ok().and_then(check_streaming) {
            return Ok((report, None));
        }
        // The site has errors: it is loaded again with its documents and checked as it is.
    }
    let site = match Site::load(root, &LoadOptions::default()) {
        Ok(site) => site,
        Err(diags) => return Ok((Report::from_diagnostics(diags), None)),
    };
    let mut marked = None;
    if let Some(m) = &options.mark_reviewed {
        if m.all && !m.ids.is_empty() {
            return Err(UsageError::MarkReviewed(
                "give unit ids or `--all`, not both".into(),
            ));
        }
        // Without ids, every unit is selected: only `--all` (or a dry run) says that is meant.
        let write = !m.dry_run && (m.all || !m.ids.is_empty());
        match review::mark_reviewed(&site, &m.lang, &m.ids, write) {
            Ok(approval) if !write && !m.dry_run => return Err(UsageError::NoUnits(approval)),
            Ok(approval) => marked = Some(approval),
            Err(review::MarkError::Usage(msg)) => return Err(UsageError::MarkReviewed(msg)),
            Err(review::MarkError::Files(diags)) => {
                return Ok((Report::from_diagnostics(diags), None))
            }
        }
    }
    let report = check(&site);
    // Freeing a large site's many small allocations takes milliseconds (1 % of a 2,000-page
    // check's instructions, all on this thread): a thread does it while the caller prints
    // the report, as `build` does.
    std::thread::spawn(move || drop(site));
    Ok((report, marked))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_sites::{copy_dir, copy_fixture};

    /// The check fixtures (and the good sites) that validate are checked one policy at a time
    /// ([`check_streaming`]) and loaded whole ([`check`]): the same report, to the byte.
    #[test]
    fn a_streamed_check_reports_what_the_check_of_the_whole_site_does() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut cases: Vec<(String, std::path::PathBuf)> = Vec::new();
        for group in ["check", "sites"] {
            for entry in std::fs::read_dir(fixtures.join(group)).unwrap() {
                let path = entry.unwrap().path();
                cases.push((group.to_string(), path));
            }
        }
        cases.sort();
        let mut streamed = 0;
        for (group, case) in cases {
            let (_tmp, root) = match group.as_str() {
                "sites" => copy_fixture(case.file_name().unwrap().to_str().unwrap()),
                _ => {
                    let spec = std::fs::read_to_string(case.join("case.toml")).unwrap();
                    let spec: toml::Table = toml::from_str(&spec).unwrap();
                    let (tmp, root) = copy_fixture(spec["base"].as_str().unwrap());
                    if case.join("files").is_dir() {
                        copy_dir(&case.join("files"), &root);
                    }
                    (tmp, root)
                }
            };
            let text = |report: &Report| -> String {
                let mut out = format!("{:?}\n", report.translations);
                for finding in &report.findings {
                    out.push_str(&finding.diagnostic.render(false));
                    out.push_str(&format!("{:?} {:?}\n", finding.stale, finding.unit));
                }
                out
            };
            let deferred = LoadOptions {
                defer_documents: true,
                ..Default::default()
            };
            let Some(report) = Site::load(&root, &deferred).ok().and_then(check_streaming) else {
                continue;
            };
            streamed += 1;
            let whole = check(&Site::load(&root, &LoadOptions::default()).unwrap());
            assert_eq!(text(&report), text(&whole), "{}", case.display());
        }
        // Most fixtures validate: their findings are the content, render and staleness ones.
        assert!(
            streamed >= 20,
            "only {streamed} fixtures were checked streaming"
        );
    }
}
