//! Content checks: the policy documents and data against the locales and each other.
//!
//! Loading already requires every document in every language, the same blocks in the same
//! order, and block ids that `policy.toml` defines. This module adds:
//!
//! | code | severity | finding |
//! |---|---|---|
//! | `content-missing-text` | error | a data id has no text (or an unresolvable one) in a locale |
//! | `content-missing-section` | warning | a section (heading id) of the source document is not in a translation |
//! | `content-broken-link` | error | an internal link leads to no page of the site |
//! | `content-broken-anchor` | error | a `#fragment` names no heading or block on the target page |
//! | `unused-message` | warning | a site message of the source locale that nothing uses |
//!
//! Anchors are the ids on the pages as the site's theme renders them (headings and blocks
//! alike), so a site with its own theme gets the right findings.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::fluent::Parsed;
use super::rendered::{Index, PageKey, RenderedPages, Wanted};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::localise::Localiser;
use crate::render::routes;
use crate::site::content::Policy;
use crate::site::locale::Origin;
use crate::site::messages::{contact_message, kept_terms, DETAIL_MESSAGES};
use crate::site::messages::{
    location_message, needed_texts, notice_message, CODE_MESSAGES, SITE_MESSAGES,
};
use crate::site::Site;

/// What the content checks have of the rendered site.
pub(crate) enum SitePages<'a> {
    /// The pages, rendered already (`serve`).
    Output(&'a dyn RenderedPages),
    /// What the caller's render kept of them ([`Index::render`] with every policy page), or
    /// why it failed.
    Rendered(Result<Index, Diagnostics>),
    /// Not rendered (the site has errors): rendered here when a link needs it.
    Unrendered,
}

/// Runs the content checks on every policy, after `data` (the errors of [`data_texts`]).
///
/// Each document is read once: a site that renders is rendered first ([`SitePages::Rendered`]),
/// and the render keeps what it read of each document (its links and sections) and the ids
/// on every policy page; otherwise each document is scanned, the documents in
/// parallel, and the site is rendered only when a link needs it (see [`super::rendered`]).
/// The errors of a failed render are reported when `renders` (the site has no errors so far:
/// with errors, the render's would repeat them in other words).
///
/// `hoshin check` runs the same checks in two steps instead ([`policy_content`] in each
/// policy's render job, then [`finish`]), so that no document is held after its pages are
/// made.
pub(crate) fn check(
    site: &Site,
    rendered: SitePages,
    data: Diagnostics,
    renders: bool,
    parsed: &Parsed,
) -> Diagnostics {
    // The pages known without rendering and the unused messages are each a sequential walk
    // over every policy: side by side (at 20,000 pages they kept one core idle for 40 ms).
    let (known, unused) = rayon::join(|| KnownPages::of(site), || unused_messages(site, parsed));
    let per_policy: Vec<PolicyContent> = site
        .policies
        .par_iter()
        .map(|policy| policy_content(site, policy, &known))
        .collect();
    let mut diags = data;
    diags.extend(unused);
    diags.extend(finish(site, known, per_policy, rendered, renders));
    diags
}

/// The addresses known without rendering ([`site_pages`]), with the policy page each is.
pub(crate) struct KnownPages(Pages);

impl KnownPages {
    /// The root, sitemap and robots.txt, static files, language homes and policy pages.
    pub(crate) fn of(site: &Site) -> KnownPages {
        KnownPages(site_pages(site))
    }
}

/// What the content checks found in one policy's documents ([`policy_content`]), and the links
/// that only the rendered site can tell about.
pub(crate) struct PolicyContent {
    diags: Diagnostics,
    pending: Vec<PendingLink>,
}

/// An internal link whose target is not known without rendering (a path that is none of the
/// [`KnownPages`]), or that names a fragment of a policy page (whose ids only its render has).
struct PendingLink {
    file: Arc<SourceFile>,
    dest: String,
    span: Range<usize>,
    path: String,
    fragment: Option<String>,
}

/// Heading errors, links and missing sections of one policy's documents: everything but what
/// needs the rendered site, which is kept for [`finish`]. Reads the documents' sections and
/// links (kept by the render when there was one), not the rest of the site's policies.
pub(crate) fn policy_content(site: &Site, policy: &Policy, known: &KnownPages) -> PolicyContent {
    let mut found = PolicyContent {
        diags: Diagnostics::new(),
        pending: Vec::new(),
    };
    let diags = &mut found.diags;
    let source = &site.source().language.code;
    let Some(src) = policy.documents.get(source) else {
        return found;
    };
    let src_sections = src.sections();
    for doc in policy.documents.values() {
        diags.extend(doc.heading_errors().clone());
        let page_dir = routes::policy_page(&doc.lang, &policy.slug);
        for link in doc.links() {
            match resolve(&page_dir, &link.dest, &site.config.base_url) {
                Target::External => {}
                Target::OutsideRoot => diags.push(
                    Diagnostic::error(format!("link `{}` leads outside the site", link.dest))
                        .code("content-broken-link")
                        .at(&doc.file, link.span.clone()),
                ),
                Target::Internal(path, fragment) => {
                    let decided = match known.0.get(&path) {
                        None => false,
                        Some(page) => page.is_none() || fragment.is_none(),
                    };
                    if !decided {
                        found.pending.push(PendingLink {
                            file: Arc::clone(&doc.file),
                            dest: link.dest.clone(),
                            span: link.span.clone(),
                            path,
                            fragment,
                        });
                    }
                }
            }
        }
        if doc.lang == *source {
            continue;
        }
        let ids: BTreeSet<&str> = doc.sections().iter().map(|s| s.id.as_str()).collect();
        for s in src_sections {
            if !s.id.is_empty() && !ids.contains(s.id.as_str()) {
                diags.push(
                    Diagnostic::warning(format!(
                        "section `#{}` of `{}` is not in the `{}` document",
                        s.id, source, doc.lang
                    ))
                    .code("content-missing-section")
                    .in_file(&doc.file)
                    .help(format!(
                        "give the matching heading the same id: `## … {{#{}}}` ({} line {})",
                        s.id,
                        src.file.display,
                        src.file.line_col(s.heading.start).0
                    )),
                );
            }
        }
    }
    found
}

/// What [`policy_content`] found of every policy, in policy order, and the links it left
/// checked against the rendered site (`rendered`; see [`check`]).
pub(crate) fn finish(
    site: &Site,
    known: KnownPages,
    per_policy: Vec<PolicyContent>,
    rendered: SitePages,
    renders: bool,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let rendered = match rendered {
        // A failed render is not tried again.
        SitePages::Rendered(Err(mut errors)) => {
            if renders {
                errors.dedup();
                diags.extend(errors);
            }
            None
        }
        pages => Some(pages),
    };
    let mut pending = Vec::new();
    for found in per_policy {
        diags.extend(found.diags);
        pending.extend(found.pending);
    }
    let mut pages = known.0;
    // What the links need of the rendered site: every file's path when a link leads to none
    // of the pages known without rendering, the ids of each policy page a fragment names.
    let mut need_paths = false;
    let mut wanted = Wanted::new();
    for link in &pending {
        match (pages.get(&link.path), &link.fragment) {
            (None, _) => need_paths = true,
            (Some(Some(key)), Some(fragment)) => {
                let fragments = wanted.entry(key.clone()).or_default();
                fragments.insert(fragment.clone());
            }
            (Some(_), _) => {}
        }
    }
    if pending.is_empty() {
        return diags;
    }
    let index = match rendered {
        Some(SitePages::Output(output)) => Some(Index::of_pages(output, &wanted)),
        Some(SitePages::Rendered(Ok(index))) => Some(index),
        // The render may still give the links' targets.
        Some(SitePages::Unrendered) => Index::render(site, Some(&wanted)).ok(),
        _ => None,
    };
    if let Some(index) = index.as_ref().filter(|_| need_paths) {
        for path in index.paths() {
            if let Some(dir) = path.strip_suffix("index.html") {
                pages.entry(dir.to_string()).or_insert(None);
            }
            pages.entry(path.to_string()).or_insert(None);
        }
    }
    for link in &pending {
        check_link(link, (&pages, index.as_ref()), &mut diags);
    }
    diags
}

/// Checks a link [`policy_content`] could not decide against every page of the site.
fn check_link(
    link: &PendingLink,
    (pages, index): (&Pages, Option<&Index>),
    diags: &mut Diagnostics,
) {
    let (dest_url, span, path) = (&link.dest, link.span.clone(), &link.path);
    let Some(page) = pages.get(path) else {
        let mut d = Diagnostic::error(format!("link `{dest_url}` leads to no page of the site"))
            .code("content-broken-link")
            .at(&link.file, span)
            .label(format!("resolves to `/{path}`"));
        if let Some(s) = did_you_mean(path, pages.keys().map(String::as_str)) {
            d = d.help(format!("did you mean `/{s}`?"));
        }
        diags.push(d);
        return;
    };
    let (Some(fragment), Some(key), Some(index)) = (&link.fragment, page, index) else {
        return;
    };
    let Some(ids) = index.ids(key) else {
        return;
    };
    if !ids.contains(fragment) {
        let mut d = Diagnostic::error(format!("link `{dest_url}`: no `#{fragment}` on the page"))
            .code("content-broken-anchor")
            .at(&link.file, span)
            .label(format!(
                "`{}/{}/` has no heading or block with this id",
                key.0, key.1
            ));
        if let Some(s) = did_you_mean(fragment, ids.iter()) {
            d = d.help(format!("did you mean `#{s}`?"));
        }
        diags.push(d);
    }
}

/// Every data id needs its text in every locale. A message missing from a translation but
/// present in the source is already reported by `compare_locales`; only the rest is kept.
pub(crate) fn data_texts(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for lang in site.languages() {
        for policy in &site.policies {
            let mut localiser = Localiser::new(&lang.locale, policy, &lang.dates);
            localiser.check_all();
            for d in localiser.finish().0 {
                let already_reported =
                    !lang.language.is_source() && d.code == Some("content-missing-text");
                if !already_reported {
                    diags.push(d);
                }
            }
        }
    }
    diags
}

/// Where an internal link leads: a path relative to the output root and a fragment.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// Not part of this site (another host, `mailto:`, …).
    External,
    /// A path inside the site, with an optional fragment.
    Internal(String, Option<String>),
    /// A relative path that climbs above the site's root.
    OutsideRoot,
}

fn resolve(page_dir: &str, href: &str, base_url: &str) -> Target {
    let href = href.trim();
    let (rest, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (href, None),
    };
    let path = rest.split('?').next().unwrap_or(rest);
    let has_scheme = path
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/'));
    let base_path = base_url
        .split_once("://")
        .and_then(|(_, r)| r.find('/').map(|i| &r[i..]))
        .unwrap_or("/");
    let joined = if has_scheme || path.starts_with("//") {
        match href.strip_prefix(base_url) {
            Some(_) => path[base_url.len().min(path.len())..].to_string(),
            None => return Target::External,
        }
    } else if let Some(abs) = path.strip_prefix('/') {
        match format!("/{abs}").strip_prefix(base_path) {
            Some(r) => r.to_string(),
            None => return Target::External,
        }
    } else if path.is_empty() {
        page_dir.to_string()
    } else {
        format!("{page_dir}{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::OutsideRoot;
                }
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if joined.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    if let Some(p) = out.strip_suffix("index.html") {
        out = p.to_string();
    }
    // A folder link without its slash (`../en/house-rules`) still reaches the page.
    if !out.is_empty() && !out.ends_with('/') && !out.contains('.') {
        out.push('/');
    }
    Target::Internal(out, fragment.filter(|f| !f.is_empty()))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(Ok(b)) = s.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16)) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Every address a link inside the site may lead to, with the policy page it is (for
/// `#anchor` checks): the site's pages, static files and, when the site was rendered, every
/// file it wrote (`x/index.html` also as `x/`). Built once per check, not per document.
type Pages = HashMap<String, Option<PageKey>>;

/// The addresses known without rendering: the root, sitemap and robots.txt, static files,
/// language homes and policy pages.
fn site_pages(site: &Site) -> Pages {
    let mut pages = Pages::new();
    pages.insert(String::new(), None);
    pages.insert("sitemap.xml".into(), None);
    pages.insert("robots.txt".into(), None);
    for path in site.theme.static_files.keys() {
        pages.insert(path.clone(), None);
    }
    for lang in site.languages() {
        pages.insert(routes::language_home(lang.code()), None);
        for p in &site.policies {
            pages.insert(
                routes::policy_page(lang.code(), &p.slug),
                Some((lang.code().to_string(), p.slug.clone())),
            );
        }
    }
    pages
}

/// Site messages of the source locale that no data id, template, message or code uses.
///
/// Messages the theme defines count as used (a site may override them); so do quoted strings
/// in templates (`ui["skip-link"]`) and references from other messages.
pub(crate) fn unused_messages(site: &Site, parsed: &Parsed) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let source = &*site.source().locale;
    let mut used: BTreeSet<String> = CODE_MESSAGES.iter().map(|s| s.to_string()).collect();
    used.extend(SITE_MESSAGES.iter().map(|s| s.to_string()));
    used.extend(DETAIL_MESSAGES.iter().map(|s| s.to_string()));
    used.extend(super::fluent::referenced_messages(source, parsed));
    for (origin, file) in &source.files {
        if *origin == Origin::Theme {
            for entry in &parsed.get(file).body {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    used.insert(m.id.name.to_string());
                }
            }
        }
    }
    for template in site.theme.templates.values() {
        used.extend(quoted_strings(&template.text));
    }
    for policy in &site.policies {
        used.extend(needed_texts(&policy.data).iter().map(|t| t.message_id()));
        used.extend(kept_terms(&policy.data).iter().map(|t| t.message_id()));
        if policy.data.contact.is_some() {
            used.insert(contact_message(&policy.slug));
        }
        if site.config.notices.is_some() {
            used.insert(notice_message(&policy.slug));
        }
    }
    if let Some(locations) = &site.locations {
        used.extend(
            locations
                .list
                .iter()
                .map(|l| location_message(l.id.get_ref())),
        );
    }
    for (id, info) in &source.messages {
        if info.origin == Origin::Site && !used.contains(id) {
            diags.push(
                Diagnostic::warning(format!("message `{id}` is never used"))
                    .code("unused-message")
                    .at(&info.file, info.span.clone())
                    .label("no data id, template or message refers to it")
                    .help("remove it from every locale, or use it in policy.toml or a template"),
            );
        }
    }
    diags
}

fn quoted_strings(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let mut parts = text.split(quote);
        parts.next();
        while let Some(inside) = parts.next() {
            out.push(inside.to_string());
            parts.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.com/policy/";

    fn internal(p: &str, f: Option<&str>) -> Target {
        Target::Internal(p.into(), f.map(str::to_string))
    }

    #[test]
    fn links_resolve_like_a_browser() {
        let dir = "en/rules/";
        assert_eq!(
            resolve(dir, "#intro", BASE),
            internal("en/rules/", Some("intro"))
        );
        assert_eq!(
            resolve(dir, "../../ja/rules/#x", BASE),
            internal("ja/rules/", Some("x"))
        );
        assert_eq!(resolve(dir, "../other", BASE), internal("en/other/", None));
        assert_eq!(resolve(dir, "/policy/en/", BASE), internal("en/", None));
        assert_eq!(
            resolve(dir, "https://example.com/policy/ja/rules/", BASE),
            internal("ja/rules/", None)
        );
        assert_eq!(
            resolve(dir, "https://other.example/", BASE),
            Target::External
        );
        assert_eq!(resolve(dir, "mailto:a@b.c", BASE), Target::External);
        assert_eq!(resolve(dir, "/elsewhere/", BASE), Target::External);
        assert_eq!(resolve(dir, "../../../x/", BASE), Target::OutsideRoot);
        assert_eq!(
            resolve(dir, "../../style.css", BASE),
            internal("style.css", None)
        );
        assert_eq!(
            resolve(dir, "#%E5%AE%9A", BASE),
            internal("en/rules/", Some("定"))
        );
    }
}
