//! The web pages: a policy page per language, each language's home, the language chooser at
//! the root, the sitemap and robots.txt.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::escape::phrase_html;
use super::routes;
use super::templates::{ui_value, Templates};
use super::{sitemap, Output, PolicyOutput};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::localise::{DateView, Localiser, SignatureView};
use crate::site::content::{DateKind, Document, Policy, Segment};
use crate::site::locale::Locale;
use crate::site::{Site, SiteLanguage};

mod heading_ids;
mod links;
mod not_found;

use heading_ids::block_heading_ids;
use links::{alternate_paths, alternates, concat, language_links, Alternate, LanguageLink};
use not_found::{is_host_root, not_found};

#[derive(Serialize)]
struct PolicyLink<'a> {
    slug: &'a str,
    title: &'a str,
    description: &'a str,
    href: String,
}

#[derive(Serialize)]
struct PolicyView {
    slug: String,
    title: String,
    /// The title as HTML: escaped, with phrase breaks (`<wbr>`) in Japanese.
    title_html: String,
    description: String,
    body: String,
    /// Each a [`DateView`] made a Tera value once: the same date is usually also a heading
    /// date and the signature's, and Tera shares a value's maps instead of making them again.
    dates: Vec<Value>,
    /// The enacted and last revised dates, those that exist, shown under the title.
    heading_dates: Vec<Value>,
    signature_date: Option<Value>,
    /// Who signs the policy under its date (`[[signatures]]`), in order.
    signatures: Vec<SignatureView>,
}

#[derive(Serialize)]
struct ChooserLanguage<'a> {
    code: String,
    href: String,
    ui: BTreeMap<String, String>,
    policies: Vec<PolicyLink<'a>>,
}

#[derive(Serialize)]
struct PageContext<'a> {
    lang: &'a str,
    title: String,
    description: String,
    source_lang: &'a str,
    root: String,
    canonical: String,
    alternates: Vec<Alternate>,
    languages: Vec<LanguageLink>,
    organisation_url: Option<&'a str>,
    /// The link to the notices for store managers, on language homes of a site with notices.
    notices: Option<String>,
    policy: Option<PolicyView>,
    policies: Vec<PolicyLink<'a>>,
    chooser: Vec<ChooserLanguage<'a>>,
}

#[derive(Serialize)]
struct BlockContext<'a, T: Serialize> {
    lang: &'a str,
    block: &'a T,
    /// The level of a heading the block gives itself (`revisions`): that of the section it
    /// stands in (a sibling section), 2 before any heading; `None` when the block stands
    /// right under a heading, which then names it.
    heading_level: Option<u8>,
    /// The id of the heading right above the block, when nothing stands between them.
    under_heading: Option<String>,
}

/// What every page of one language shares, set up once: the site's language (locale, date
/// formatter, display name) and its UI strings, as a map and as a shared Tera value.
pub(crate) struct LanguageSetup {
    pub(crate) language: SiteLanguage,
    /// The source language's locale when `fallback = "source"`.
    pub(crate) fallback: Option<Arc<Locale>>,
    /// Every UI string without `$variables`, by id and `id.attribute`.
    pub(crate) strings: BTreeMap<String, String>,
    /// `strings` as a Tera value, shared by all pages (Tera maps are reference-counted).
    pub(crate) ui: Value,
}

impl LanguageSetup {
    pub(crate) fn new(
        language: SiteLanguage,
        fallback: Option<Arc<Locale>>,
        strings: BTreeMap<String, String>,
    ) -> LanguageSetup {
        let ui = ui_value(&strings);
        LanguageSetup {
            language,
            fallback,
            strings,
            ui,
        }
    }

    pub(crate) fn code(&self) -> &str {
        self.language.code()
    }

    /// A UI string, or `""` (the site messages it reads are checked to exist up front).
    fn string(&self, id: &str) -> String {
        self.strings.get(id).cloned().unwrap_or_default()
    }
}

/// One rendered policy page, before it is merged into the output in a fixed order.
pub(crate) struct PolicyPage {
    pub(crate) meta: PageMeta,
    pub(crate) html: Vec<u8>,
}

/// What the pages listing every policy need to know of one policy page.
#[derive(Debug, Clone)]
pub(crate) struct PageMeta {
    pub(crate) lang: String,
    pub(crate) title: String,
    pub(crate) description: String,
    /// The page's route (a folder).
    pub(crate) path: String,
    pub(crate) alternates: Vec<(String, String)>,
}

/// The pages that list every policy: language homes, the chooser, the sitemap and robots.txt.
pub(crate) fn site_pages(
    site: &Site,
    templates: &Templates,
    setups: &[LanguageSetup],
    policies: &BTreeMap<String, PolicyOutput>,
) -> Result<Output, Diagnostics> {
    let mut out = Output::new();
    site_pages_into(site, templates, setups, policies, &mut |path, bytes| {
        out.insert(path, bytes);
    })?;
    Ok(out)
}

/// [`site_pages`], each file handed to `put` as soon as it is made rather than all kept
/// (the homes, chooser and sitemap of a 20,000-page site are 14 MB).
pub(crate) fn site_pages_into(
    site: &Site,
    templates: &Templates,
    setups: &[LanguageSetup],
    policies: &BTreeMap<String, PolicyOutput>,
    put: &mut dyn FnMut(String, Vec<u8>),
) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    let base = &site.config.base_url;
    let source_lang = site.source().code();

    // The policies of one language, linked from a page at `from` (a route).
    let links = |code: &str, from: &str| -> Vec<PolicyLink> {
        site.policies
            .iter()
            .filter_map(|p| {
                let meta = policies
                    .get(&p.slug)?
                    .pages
                    .iter()
                    .find(|m| m.lang == code)?;
                Some(PolicyLink {
                    slug: &p.slug,
                    title: &meta.title,
                    description: &meta.description,
                    href: routes::relative(from, &meta.path),
                })
            })
            .collect()
    };
    let home_paths = alternate_paths(site, routes::language_home, routes::chooser());

    // A language's home page, at its own route or (one-language site) at the root; its
    // canonical URL is always the language home.
    let home = |setup: &LanguageSetup, path: &str| {
        let ctx = PageContext {
            lang: setup.code(),
            title: setup.string("site-title"),
            description: setup.string("site-description"),
            source_lang,
            root: routes::root_of(path),
            canonical: concat(&[base, &routes::language_home(setup.code())]),
            alternates: alternates(base, &home_paths),
            languages: language_links(site, path, routes::language_home, Some(setup.code())),
            organisation_url: site.config.organisation_url.as_deref(),
            notices: site
                .config
                .notices
                .is_some()
                .then(|| routes::relative(path, &routes::notice_index(setup.code()))),
            policy: None,
            policies: links(setup.code(), path),
            chooser: Vec::new(),
        };
        templates.render_with_ui("language_home.html", &ctx, &setup.ui)
    };
    // The root: a language chooser in every language (x-default); a one-language site has
    // nothing to choose, so its root shows that language's home (canonical: the home).
    let path = routes::chooser();
    let source = &setups[0];
    let root_page = || -> Result<Vec<u8>, Diagnostic> {
        if setups.len() == 1 {
            return home(source, &path);
        }
        let ctx = PageContext {
            lang: source_lang,
            title: setups
                .iter()
                .filter_map(|s| s.strings.get("site-title").cloned())
                .collect::<Vec<_>>()
                .join(" / "),
            description: source.string("site-description"),
            source_lang,
            root: routes::root_of(&path),
            canonical: base.clone(),
            alternates: alternates(base, &home_paths),
            languages: language_links(site, &path, routes::language_home, None),
            organisation_url: site.config.organisation_url.as_deref(),
            notices: None,
            policy: None,
            policies: Vec::new(),
            chooser: setups
                .iter()
                .map(|s| ChooserLanguage {
                    code: s.code().to_string(),
                    href: routes::language_home(s.code()),
                    ui: s.strings.clone(),
                    policies: links(s.code(), &path),
                })
                .collect(),
        };
        templates.render_with_ui("chooser.html", &ctx, &source.ui)
    };
    // The sitemap: the policy pages in (policy, language) order, then the homes and the root
    // (unless the root is the one language's home). Only written if they all render.
    let home_routes: Vec<String> = setups
        .iter()
        .map(|s| routes::language_home(s.code()))
        .collect();
    let sitemap = || {
        let policy_pages = site
            .policies
            .iter()
            .filter_map(|p| policies.get(&p.slug))
            .flat_map(|o| o.pages.iter())
            .map(|m| sitemap::Entry {
                path: &m.path,
                alternates: &m.alternates,
            });
        let root = (setups.len() > 1).then_some(&path);
        let homes = home_routes.iter().chain(root).map(|path| sitemap::Entry {
            path,
            alternates: &home_paths,
        });
        sitemap::sitemap(base, policy_pages.chain(homes))
    };
    // The homes and the root each list every policy (20,000 links at 20,000 pages), and the
    // sitemap every page: the three are made side by side, and handed on in the same order as
    // ever.
    let ((homes, root), sitemap) = rayon::join(
        || {
            rayon::join(
                || {
                    setups
                        .par_iter()
                        .zip(&home_routes)
                        .map(|(setup, path)| (path, home(setup, path)))
                        .collect::<Vec<_>>()
                },
                root_page,
            )
        },
        sitemap,
    );
    for (path, html) in homes {
        match html {
            Ok(html) => put(routes::page_file(path), html),
            Err(d) => diags.push(d),
        }
    }
    match root {
        Ok(html) => put(routes::page_file(&path), html),
        Err(d) => diags.push(d),
    }
    if diags.has_errors() {
        return Err(diags);
    }

    put("sitemap.xml".into(), sitemap.into_bytes());
    // 404.html, when the theme has the template (the default theme does).
    if templates.has("not_found.html") {
        match not_found(site, templates, setups) {
            Ok(html) => {
                put(routes::not_found(), html);
            }
            Err(d) => return Err(d.into()),
        }
    }
    // Crawlers read robots.txt only at the root of a host: under a path it would do nothing.
    if is_host_root(base) {
        let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n");
        put("robots.txt".into(), robots.into_bytes());
    }
    Ok(())
}

/// Localises and renders one policy page in one language.
pub(crate) fn policy_page(
    site: &Site,
    templates: &Templates,
    policy: &Policy,
    setup: &LanguageSetup,
    scans: bool,
) -> Result<PolicyPage, Diagnostics> {
    let lang = setup.code();
    let base = &site.config.base_url;
    let source_lang = site.source().code();
    let Some(doc) = policy.documents.get(lang) else {
        return Err(Diagnostic::error(format!(
            "internal: policy `{}` has no `{lang}` document",
            policy.slug
        ))
        .into());
    };
    let term_locales = site.languages().iter().map(|l| &*l.locale).collect();
    let view = policy_view(templates, setup, policy, doc, term_locales, scans)?;
    let path = routes::policy_page(lang, &policy.slug);
    let alt_paths = alternate_paths(
        site,
        |code| routes::policy_page(code, &policy.slug),
        routes::policy_page(source_lang, &policy.slug),
    );
    let (title, description) = (view.title.clone(), view.description.clone());
    // The page is its body and the theme's few kilobytes around it.
    let capacity = view.body.len() + 8 * 1024;
    let ctx = PageContext {
        lang,
        title: concat(&[&view.title, " | ", site_title(setup)]),
        description: view.description.clone(),
        source_lang,
        root: routes::root_of(&path),
        canonical: concat(&[base, &path]),
        alternates: alternates(base, &alt_paths),
        // The page in each language: the routes just made for the alternates.
        languages: language_links(
            site,
            &path,
            |code| match alt_paths.iter().find(|(c, _)| c == code) {
                Some((_, route)) => route.clone(),
                None => routes::policy_page(code, &policy.slug),
            },
            Some(lang),
        ),
        organisation_url: site.config.organisation_url.as_deref(),
        notices: None,
        policy: Some(view),
        policies: Vec::new(),
        chooser: Vec::new(),
    };
    let html = templates.render_with_ui_sized("policy.html", &ctx, &setup.ui, capacity)?;
    Ok(PolicyPage {
        meta: PageMeta {
            lang: lang.to_string(),
            title,
            description,
            path,
            alternates: alt_paths,
        },
        html,
    })
}

/// The site's title in a language, or `""` (as [`LanguageSetup::string`], not copied).
fn site_title(setup: &LanguageSetup) -> &str {
    setup.strings.get("site-title").map_or("", String::as_str)
}

fn policy_view(
    templates: &Templates,
    setup: &LanguageSetup,
    policy: &Policy,
    doc: &Document,
    term_locales: Vec<&Locale>,
    scans: bool,
) -> Result<PolicyView, Diagnostics> {
    let language = &setup.language;
    let mut localiser = Localiser::new(&language.locale, policy, &language.dates)
        .with_fallback(setup.fallback.as_deref())
        .with_term_locales(term_locales);
    localiser.check_all();
    let dates = &doc.dates;
    // The body's HTML is about as long as the document's Markdown: reserved once, so that
    // every segment is rendered straight into it without growing it step by step.
    let mut body = String::with_capacity(doc.file.text.len() + doc.file.text.len() / 2);
    let mut headings = crate::render::markdown::Headings::in_language(&language.language.tag);
    if scans {
        headings.scanner = Some(Default::default());
    }
    let mut markdown_ok = true;
    let mut diags = Diagnostics::new();
    // Whether the last thing rendered is a heading (the next block stands right under it).
    let mut after_heading = false;
    let mut own_headings = Vec::new();
    for segment in &doc.segments {
        match segment {
            Segment::Markdown(range) => {
                let start = body.len();
                match crate::render::markdown::render_into(
                    &doc.file,
                    range.clone(),
                    &mut headings,
                    doc.raw_html,
                    &mut body,
                ) {
                    Ok(()) => {
                        let end = body.get(start..).unwrap_or_default().trim_end();
                        after_heading = ends_with_heading(end);
                    }
                    Err(d) => {
                        markdown_ok = false;
                        diags.extend(d);
                    }
                }
            }
            Segment::Block(block, span) => {
                let under_heading = headings
                    .list
                    .last()
                    .filter(|_| after_heading)
                    .map(|h| h.id.clone());
                let heading_level = match under_heading {
                    Some(_) => None,
                    None => Some(headings.list.last().map_or(2, |h| h.level)),
                };
                after_heading = false;
                if heading_level.is_some() {
                    own_headings.push((block, span));
                }
                let view = localiser.block(block, doc, dates);
                let ctx = BlockContext {
                    lang: &doc.lang,
                    block: &view,
                    heading_level,
                    under_heading,
                };
                // A block is a few hundred bytes to a few kilobytes: not a page's 16 KiB.
                match templates.render_with_ui_sized(view.template(), &ctx, &setup.ui, 2048) {
                    // Tera writes only what it was given as `str`, so this is always UTF-8
                    // (checked with SIMD; the lossy conversion is never taken).
                    Ok(html) => match simdutf8::basic::from_utf8(&html) {
                        Ok(html) => body.push_str(html),
                        Err(_) => body.push_str(&String::from_utf8_lossy(&html)),
                    },
                    Err(d) => diags.push(d),
                }
            }
        }
    }
    let date_views: Vec<DateView> = dates
        .iter()
        .map(|(k, d)| localiser.date(*k, *d, doc))
        .collect();
    let values: Vec<Value> = date_views.iter().map(date_value).collect();
    let signature_date = date_views
        .iter()
        .position(|d| d.kind == DateKind::Enacted.key())
        .or((!date_views.is_empty()).then_some(0))
        .and_then(|i| values.get(i))
        .cloned();
    let heading_dates = (date_views.iter().zip(&values))
        .filter(|(d, _)| {
            [DateKind::Enacted, DateKind::Revised]
                .map(|k| k.key())
                .contains(&&*d.kind)
        })
        .map(|(_, v)| v.clone())
        .collect();
    diags.extend(block_heading_ids(doc, &own_headings, &headings));
    // Every Markdown segment rendered: no heading errors, so this is the document's scan.
    if let (true, Some(scanner)) = (markdown_ok, headings.scanner.take()) {
        doc.keep_scan(scanner.finish(&doc.file.text, doc.front.body_start));
    }
    let signatures = localiser.signatures();
    let mut errors = localiser.finish();
    errors.dedup();
    diags.extend(errors);
    diags.into_result(PolicyView {
        slug: policy.slug.clone(),
        title: doc.front.title.clone(),
        title_html: match language.language.primary() {
            "ja" => phrase_html(&language.language.tag, &doc.front.title),
            _ => crate::render::escape::html(&doc.front.title),
        },
        description: doc.front.description.clone(),
        body,
        dates: values,
        heading_dates,
        signature_date,
        signatures,
    })
}

/// A date as the Tera value its serialisation makes (strings only: it cannot fail).
fn date_value(date: &DateView) -> Value {
    Value::try_from_serializable(date).unwrap_or_else(|_| Value::none())
}

/// Whether rendered HTML ends with a closing section heading (`</h2>` to `</h6>`).
fn ends_with_heading(html: &str) -> bool {
    matches!(html.as_bytes(), [.., b'<', b'/', b'h', b'2'..=b'6', b'>'])
}
