//! The render stage: Tera templates turn localised views into pages, plus the sitemap and
//! robots.txt. Every output path and byte is a pure function of the input (no timestamps;
//! ordered maps), so two builds of the same site are byte-identical.

pub mod escape;
pub mod notice;
pub mod qr;
pub mod sitemap;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::content::{DateKind, Document, Policy, Segment};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::l10n::dates::DateFormatter;
use crate::l10n::localise::{DateView, Localiser};
use crate::l10n::Locale;
use crate::site::{Language, Site, Theme};

/// The files of a built site, by path relative to the output folder.
pub type Output = BTreeMap<String, Vec<u8>>;

/// A compiled theme.
pub struct Templates {
    tera: Tera,
    sources: BTreeMap<String, Arc<SourceFile>>,
}

impl Templates {
    /// Compiles all templates of a theme; syntax errors are located in the template file.
    pub fn new(theme: &Theme) -> Result<Templates, Diagnostics> {
        let mut tera = Tera::default();
        tera.set_escape_fn(escape::write_html);
        let sources = theme.templates.clone();
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, f)| (name.as_str(), f.text.as_str())),
        )
        .map_err(|e| tera_error(&e, &sources))?;
        Ok(Templates { tera, sources })
    }

    /// Renders a template with a serialisable context.
    pub fn render<T: Serialize>(&self, name: &str, ctx: &T) -> Result<String, Diagnostic> {
        let ctx = self.context(name, ctx)?;
        self.tera
            .render(name, &ctx)
            .map_err(|e| tera_error(&e, &self.sources).0.remove(0))
    }

    /// Renders a template with a serialisable context plus the language's UI strings as `ui`.
    ///
    /// `ui` is a Tera value built once per language ([`ui_value`]): Tera maps are
    /// reference-counted, so every page shares one copy instead of re-serialising every
    /// message of the site into each page's context (which made builds quadratic in the
    /// number of policies). Returns bytes: output files are bytes, so no UTF-8 re-check.
    pub fn render_with_ui<T: Serialize>(
        &self,
        name: &str,
        ctx: &T,
        ui: &Value,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = self.context(name, ctx)?;
        ctx.insert_value("ui", ui.clone());
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, &ctx, &mut out)
            .map_err(|e| tera_error(&e, &self.sources).0.remove(0))?;
        Ok(out)
    }

    fn context<T: Serialize>(&self, name: &str, ctx: &T) -> Result<Context, Diagnostic> {
        let ctx = Context::from_serialize(ctx)
            .map_err(|e| Diagnostic::error(format!("internal: context for {name}: {e}")))?;
        if !self.tera.get_template_names().any(|n| n == name) {
            return Err(
                Diagnostic::error(format!("the theme has no template `{name}`"))
                    .help(format!("add templates/{name} to the theme or the site")),
            );
        }
        Ok(ctx)
    }
}

/// A language's UI strings as a Tera value, to be shared by all its pages.
pub fn ui_value(ui: &BTreeMap<String, String>) -> Value {
    Value::from_serializable(ui)
}

/// Turns a Tera error into a located diagnostic.
fn tera_error(e: &tera::Error, sources: &BTreeMap<String, Arc<SourceFile>>) -> Diagnostics {
    use std::error::Error as _;
    let d = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let d = Diagnostic::error(format!("template error: {}", r.message()));
            match sources.get(r.filename()) {
                Some(f) => d.at(f, r.span().range.clone()),
                None => d.note(format!("in template `{}`", r.filename())),
            }
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let d = Diagnostic::error(format!(
                "template `{current}` extends `{parent}`, which does not exist"
            ));
            match sources.get(current) {
                Some(f) => d.in_file(f),
                None => d,
            }
        }
        _ => {
            let mut msg = e.to_string();
            let mut src = e.source();
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            Diagnostic::error(format!("template error: {msg}"))
        }
    };
    d.into()
}

#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

#[derive(Serialize)]
struct LanguageLink {
    code: String,
    name: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct PolicyLink {
    slug: String,
    title: String,
    description: String,
    href: String,
}

#[derive(Serialize)]
struct PolicyView {
    slug: String,
    title: String,
    description: String,
    body: String,
    dates: Vec<DateView>,
    signature_date: Option<DateView>,
}

#[derive(Serialize)]
struct ChooserLanguage {
    code: String,
    href: String,
    ui: BTreeMap<String, String>,
    policies: Vec<PolicyLink>,
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
    policy: Option<PolicyView>,
    policies: Vec<PolicyLink>,
    chooser: Vec<ChooserLanguage>,
}

#[derive(Serialize)]
struct BlockContext<'a, T: Serialize> {
    lang: &'a str,
    block: &'a T,
}

/// What every page of one language shares, set up once: the date formatter (ICU4X data
/// loading) and the UI strings as a Tera value.
struct LanguageSetup<'a> {
    lang: &'a Language,
    locale: &'a Locale,
    /// The source language's locale when `fallback = "source"`.
    fallback: Option<&'a Locale>,
    formatter: DateFormatter,
    ui: Value,
}

/// One rendered policy page, before it is merged into the output in a fixed order.
struct PolicyPage {
    lang: String,
    slug: String,
    title: String,
    description: String,
    path: String,
    html: Vec<u8>,
    alternates: Vec<(String, String)>,
}

/// Messages a site must define (in `locales/<lang>/`), beyond the theme's.
pub const SITE_MESSAGES: [&str; 3] = ["site-title", "site-description", "organisation-name"];

/// Renders every page of the site.
pub fn render_site(site: &Site) -> Result<Output, Diagnostics> {
    let templates = Templates::new(&site.theme)?;
    let mut diags = Diagnostics::new();
    let base = &site.config.base_url;
    let source_lang = site.config.source_language().code.as_str();

    let mut ui: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
    for locale in &site.locales {
        match locale.ui_strings() {
            Ok(map) => {
                for id in SITE_MESSAGES {
                    if !map.contains_key(id) {
                        diags.push(
                            Diagnostic::error(format!(
                                "message `{id}` is missing in `{}`",
                                locale.code
                            ))
                            .help(format!(
                                "add `{id} = …` to locales/{}/site.ftl",
                                locale.code
                            )),
                        );
                    }
                }
                ui.insert(locale.code.as_str(), map);
            }
            Err(d) => diags.extend(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let empty = BTreeMap::new();
    let ui_of = |code: &str| ui.get(code).unwrap_or(&empty);
    let name_of = |code: &str| {
        ui_of(code)
            .get("language-name")
            .cloned()
            .unwrap_or_else(|| code.to_string())
    };

    let mut out = Output::new();
    let mut pages: Vec<sitemap::Entry> = Vec::new();
    let mut titles: BTreeMap<(String, String), (String, String)> = BTreeMap::new();

    // Set up each language once: ICU4X date data and the shared UI value.
    let fallback = (site.config.fallback == crate::site::config::Fallback::Source)
        .then(|| site.locale(source_lang))
        .flatten();
    let mut setups: Vec<LanguageSetup> = Vec::new();
    for locale in &site.locales {
        let Some(lang) = site.config.languages.iter().find(|l| l.code == locale.code) else {
            continue;
        };
        match DateFormatter::new(&lang.code, lang.date_style, lang.calendar) {
            Ok(formatter) => setups.push(LanguageSetup {
                lang,
                locale,
                fallback,
                formatter,
                ui: ui_value(ui_of(&lang.code)),
            }),
            Err(msg) => diags.push(Diagnostic::error(format!(
                "cannot format dates for `{}`: {msg}",
                lang.code
            ))),
        }
    }

    // Policy pages, in parallel. Each page is a pure function of the loaded site; results
    // come back in (policy, language) order and are merged sequentially below, so the
    // output, the sitemap order and the order of diagnostics do not depend on scheduling.
    let jobs: Vec<(&Policy, &LanguageSetup)> = site
        .policies
        .iter()
        .flat_map(|p| setups.iter().map(move |s| (p, s)))
        .filter(|(p, s)| p.documents.contains_key(&s.lang.code))
        .collect();
    let rendered: Vec<Result<PolicyPage, Diagnostics>> = jobs
        .par_iter()
        .map(|(policy, setup)| policy_page(site, &templates, policy, setup, &name_of))
        .collect();
    for page in rendered {
        match page {
            Ok(page) => {
                titles.insert((page.lang, page.slug), (page.title, page.description));
                out.insert(format!("{}index.html", page.path), page.html);
                pages.push(sitemap::Entry {
                    path: page.path,
                    alternates: page.alternates,
                });
            }
            Err(d) => diags.extend(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }

    // Language home pages.
    let links = |code: &str, prefix: &str| -> Vec<PolicyLink> {
        site.policies
            .iter()
            .filter_map(|p| {
                let (title, description) = titles.get(&(code.to_string(), p.slug.clone()))?.clone();
                Some(PolicyLink {
                    slug: p.slug.clone(),
                    title,
                    description,
                    href: format!("{prefix}{}/", p.slug),
                })
            })
            .collect()
    };
    let home_paths = alternate_paths(site, |code| format!("{code}/"), String::new());
    for lang in &site.config.languages {
        let path = format!("{}/", lang.code);
        let ctx = PageContext {
            lang: &lang.code,
            title: ui_of(&lang.code)
                .get("site-title")
                .cloned()
                .unwrap_or_default(),
            description: ui_of(&lang.code)
                .get("site-description")
                .cloned()
                .unwrap_or_default(),
            source_lang,
            root: "../".into(),
            canonical: format!("{base}{path}"),
            alternates: alternates(base, &home_paths),
            languages: language_links(
                site,
                &name_of,
                |code| format!("../{code}/"),
                Some(&lang.code),
            ),
            organisation_url: site.config.organisation_url.as_deref(),
            policy: None,
            policies: links(&lang.code, ""),
            chooser: Vec::new(),
        };
        match templates.render_with_ui("language_home.html", &ctx, &ui_value(ui_of(&lang.code))) {
            Ok(html) => {
                out.insert(format!("{path}index.html"), html);
                pages.push(sitemap::Entry {
                    path,
                    alternates: home_paths.clone(),
                });
            }
            Err(d) => diags.push(d),
        }
    }

    // The root: a language chooser in every language (x-default).
    let ctx = PageContext {
        lang: source_lang,
        title: site
            .config
            .languages
            .iter()
            .filter_map(|l| ui_of(&l.code).get("site-title").cloned())
            .collect::<Vec<_>>()
            .join(" / "),
        description: ui_of(source_lang)
            .get("site-description")
            .cloned()
            .unwrap_or_default(),
        source_lang,
        root: String::new(),
        canonical: base.clone(),
        alternates: alternates(base, &home_paths),
        languages: language_links(site, &name_of, |code| format!("{code}/"), None),
        organisation_url: site.config.organisation_url.as_deref(),
        policy: None,
        policies: Vec::new(),
        chooser: site
            .config
            .languages
            .iter()
            .map(|l| ChooserLanguage {
                code: l.code.clone(),
                href: format!("{}/", l.code),
                ui: ui_of(&l.code).clone(),
                policies: links(&l.code, &format!("{}/", l.code)),
            })
            .collect(),
    };
    match templates.render_with_ui("chooser.html", &ctx, &ui_value(ui_of(source_lang))) {
        Ok(html) => {
            out.insert("index.html".into(), html);
            pages.push(sitemap::Entry {
                path: String::new(),
                alternates: home_paths.clone(),
            });
        }
        Err(d) => diags.push(d),
    }
    if diags.has_errors() {
        return Err(diags);
    }

    out.insert(
        "sitemap.xml".into(),
        sitemap::sitemap(base, &pages).into_bytes(),
    );
    // Crawlers read robots.txt only at the root of a host: under a path it would do nothing.
    if is_host_root(base) {
        let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n");
        out.insert("robots.txt".into(), robots.into_bytes());
    }
    notice::render_notices(site, &templates, &ui, &mut out)?;
    for (path, bytes) in &site.theme.static_files {
        out.insert(path.clone(), bytes.clone());
    }
    Ok(out)
}

/// True when a base URL has no path (`https://example.com/`).
fn is_host_root(base: &str) -> bool {
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    rest.trim_end_matches('/').find('/').is_none()
}

/// The language switcher: every language, its name in itself, and the link to this page in it.
fn language_links(
    site: &Site,
    name_of: &impl Fn(&str) -> String,
    href_of: impl Fn(&str) -> String,
    current: Option<&str>,
) -> Vec<LanguageLink> {
    site.config
        .languages
        .iter()
        .map(|l| LanguageLink {
            code: l.code.clone(),
            name: name_of(&l.code),
            href: href_of(&l.code),
            current: current == Some(l.code.as_str()),
        })
        .collect()
}

/// Absolute hreflang alternates from `(hreflang, path)` pairs.
fn alternates(base: &str, paths: &[(String, String)]) -> Vec<Alternate> {
    paths
        .iter()
        .map(|(code, path)| Alternate {
            hreflang: code.clone(),
            href: format!("{base}{path}"),
        })
        .collect()
}

/// `(hreflang, path)` for every language plus `x-default`.
fn alternate_paths(
    site: &Site,
    path_of: impl Fn(&str) -> String,
    x_default: String,
) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = site
        .config
        .languages
        .iter()
        .map(|l| (l.code.clone(), path_of(&l.code)))
        .collect();
    v.push(("x-default".into(), x_default));
    v
}

/// Localises and renders one policy page in one language.
fn policy_page(
    site: &Site,
    templates: &Templates,
    policy: &Policy,
    setup: &LanguageSetup,
    name_of: &(impl Fn(&str) -> String + Sync),
) -> Result<PolicyPage, Diagnostics> {
    let lang = setup.lang;
    let base = &site.config.base_url;
    let source_lang = site.config.source_language().code.as_str();
    let doc = &policy.documents[&lang.code];
    let source_doc = policy.documents.get(source_lang).unwrap_or(doc);
    let view = policy_view(templates, setup, policy, doc, source_doc)?;
    let path = format!("{}/{}/", lang.code, policy.slug);
    let alt_paths = alternate_paths(
        site,
        |code| format!("{code}/{}/", policy.slug),
        format!("{source_lang}/{}/", policy.slug),
    );
    let site_title = setup
        .ui
        .as_map()
        .and_then(|m| m.get(&"site-title".into()))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let (title, description) = (view.title.clone(), view.description.clone());
    let ctx = PageContext {
        lang: &lang.code,
        title: format!("{} | {site_title}", view.title),
        description: view.description.clone(),
        source_lang,
        root: "../../".into(),
        canonical: format!("{base}{path}"),
        alternates: alternates(base, &alt_paths),
        languages: language_links(
            site,
            name_of,
            |code| format!("../../{code}/{}/", policy.slug),
            Some(&lang.code),
        ),
        organisation_url: site.config.organisation_url.as_deref(),
        policy: Some(view),
        policies: Vec::new(),
        chooser: Vec::new(),
    };
    let html = templates.render_with_ui("policy.html", &ctx, &setup.ui)?;
    Ok(PolicyPage {
        lang: lang.code.clone(),
        slug: policy.slug.clone(),
        title,
        description,
        path,
        html,
        alternates: alt_paths,
    })
}

fn policy_view(
    templates: &Templates,
    setup: &LanguageSetup,
    policy: &Policy,
    doc: &Document,
    source_doc: &Document,
) -> Result<PolicyView, Diagnostics> {
    let (locale, formatter) = (setup.locale, &setup.formatter);
    let mut localiser = Localiser::new(locale, policy, formatter).with_fallback(setup.fallback);
    localiser.check_all();
    let dates: Vec<(DateKind, crate::content::Date)> = doc
        .front
        .dates
        .clone()
        .or_else(|| source_doc.front.dates.clone())
        .unwrap_or_default();
    let mut body = String::new();
    let mut heading_count = 0;
    let mut headings = Vec::new();
    let mut diags = Diagnostics::new();
    for segment in &doc.segments {
        match segment {
            Segment::Markdown(range) => {
                match crate::content::markdown::render(
                    &doc.file,
                    range.clone(),
                    &mut heading_count,
                    &mut headings,
                    doc.raw_html,
                ) {
                    Ok(html) => body.push_str(&html),
                    Err(d) => diags.extend(d),
                }
            }
            Segment::Block(block, _) => {
                let view = localiser.block(block, doc, &dates);
                let ctx = BlockContext {
                    lang: &doc.lang,
                    block: &view,
                };
                match templates.render_with_ui(view.template(), &ctx, &setup.ui) {
                    // Tera writes only what it was given as `str`, so this never fails.
                    Ok(html) => body.push_str(&String::from_utf8_lossy(&html)),
                    Err(d) => diags.push(d),
                }
            }
        }
    }
    let date_views: Vec<DateView> = dates
        .iter()
        .map(|(k, d)| localiser.date(*k, *d, doc))
        .collect();
    let signature_date = date_views
        .iter()
        .find(|d| d.kind == DateKind::Enacted.key())
        .or_else(|| date_views.first())
        .cloned();
    let mut errors = localiser.finish();
    errors.dedup();
    diags.extend(errors);
    diags.into_result(PolicyView {
        slug: policy.slug.clone(),
        title: doc.front.title.clone(),
        description: doc.front.description.clone(),
        body,
        dates: date_views,
        signature_date,
    })
}
