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

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::localise::{DateView, Localiser};
use crate::site::content::{DateKind, Document, Policy, Segment};
use crate::site::dates::DateFormatter;
use crate::site::locale::Locale;
use crate::site::messages::SITE_MESSAGES;
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
struct LanguageSetup {
    lang: Language,
    locale: Arc<Locale>,
    /// The source language's locale when `fallback = "source"`.
    fallback: Option<Arc<Locale>>,
    formatter: DateFormatter,
    ui: Value,
}

/// One rendered policy page, before it is merged into the output in a fixed order.
struct PolicyPage {
    meta: PageMeta,
    html: Vec<u8>,
}

/// What the pages listing every policy need to know of one policy page.
#[derive(Debug, Clone)]
struct PageMeta {
    lang: String,
    title: String,
    description: String,
    path: String,
    alternates: Vec<(String, String)>,
}

/// What one policy contributed to a rendered site.
#[derive(Debug, Default)]
struct PolicyOutput {
    /// Its pages, one per language in config order.
    pages: Vec<PageMeta>,
    /// Its notices, when it has any.
    notices: Option<notice::PolicyNotices>,
}

impl PolicyOutput {
    /// Every output path this policy owns.
    fn paths(&self) -> impl Iterator<Item = String> + '_ {
        self.pages
            .iter()
            .map(|p| format!("{}index.html", p.path))
            .chain(self.notices.iter().flat_map(|n| n.paths.iter().cloned()))
    }
}

/// A rendered site plus what re-rendering one policy needs to know about the others: each
/// policy's titles, sitemap entries and notice index entries, and the paths it owns.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Every output file, as [`render_site`] returns it.
    pub output: Output,
    policies: BTreeMap<String, PolicyOutput>,
    /// Warnings of the full render: static files that replace a generated file (`serve` keeps
    /// them from the last full render when it re-renders one policy).
    pub warnings: Diagnostics,
}

/// Renders every page of the site.
pub fn render_site(site: &Site) -> Result<Output, Diagnostics> {
    Ok(Renderer::new(site)?.render(site)?.output)
}

/// What all pages share, set up once from the theme, the config and the locales: compiled
/// templates, UI strings, and each language's date formatter.
///
/// A content edit changes none of these, so `serve` keeps one [`Renderer`] and re-renders
/// only the policy that changed ([`Renderer::rerender_policy`]); everything else rebuilds it.
/// Both paths call the same page functions, so their output is the same.
pub struct Renderer {
    templates: Templates,
    ui: notice::UiStrings,
    setups: Vec<LanguageSetup>,
    qr: notice::QrCache,
}

impl Renderer {
    /// Compiles the templates and sets up every language.
    pub fn new(site: &Site) -> Result<Renderer, Diagnostics> {
        let templates = Templates::new(&site.theme)?;
        let mut diags = Diagnostics::new();
        let source_lang = site.config.source_language().code.as_str();
        let mut ui = notice::UiStrings::new();
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
                    ui.insert(locale.code.clone(), map);
                }
                Err(d) => diags.extend(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        // Set up each language once: ICU4X date data and the shared UI value.
        let fallback = (site.config.fallback == crate::site::config::Fallback::Source)
            .then(|| site.locales.iter().find(|l| l.code == source_lang))
            .flatten();
        let empty = BTreeMap::new();
        let mut setups = Vec::new();
        for locale in &site.locales {
            let Some(lang) = site.config.languages.iter().find(|l| l.code == locale.code) else {
                continue;
            };
            match DateFormatter::new(&lang.code, lang.date_style, lang.calendar) {
                Ok(formatter) => setups.push(LanguageSetup {
                    lang: lang.clone(),
                    locale: Arc::clone(locale),
                    fallback: fallback.cloned(),
                    formatter,
                    ui: ui_value(ui.get(&lang.code).unwrap_or(&empty)),
                }),
                Err(msg) => diags.push(Diagnostic::error(format!(
                    "cannot format dates for `{}`: {msg}",
                    lang.code
                ))),
            }
        }
        diags.into_result(Renderer {
            templates,
            ui,
            setups,
            qr: notice::QrCache::default(),
        })
    }

    /// Renders every page of the site.
    pub fn render(&self, site: &Site) -> Result<Rendered, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut rendered = Rendered::default();

        // Policy pages, in parallel. Each page is a pure function of the loaded site; results
        // come back in (policy, language) order and are merged sequentially below, so the
        // output, the sitemap order and the order of diagnostics do not depend on scheduling.
        let jobs: Vec<(&Policy, &LanguageSetup)> = site
            .policies
            .iter()
            .flat_map(|p| self.setups.iter().map(move |s| (p, s)))
            .filter(|(p, s)| p.documents.contains_key(&s.lang.code))
            .collect();
        let pages: Vec<Result<PolicyPage, Diagnostics>> = jobs
            .par_iter()
            .map(|(policy, setup)| self.policy_page(site, policy, setup))
            .collect();
        for ((policy, _), page) in jobs.iter().zip(pages) {
            match page {
                Ok(page) => {
                    rendered
                        .output
                        .insert(format!("{}index.html", page.meta.path), page.html);
                    let entry = rendered.policies.entry(policy.slug.clone()).or_default();
                    entry.pages.push(page.meta);
                }
                Err(d) => diags.extend(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        for (path, bytes) in self.site_pages(site, &rendered.policies)? {
            rendered.output.insert(path, bytes);
        }
        let notices = notice::render_notices(
            site,
            &self.templates,
            &self.ui,
            &self.qr,
            &mut rendered.output,
        )?;
        for (slug, n) in notices {
            rendered.policies.entry(slug).or_default().notices = Some(n);
        }
        for (path, bytes) in self.notice_index(site, &rendered.policies)? {
            rendered.output.insert(path, bytes);
        }
        for (path, bytes) in &site.theme.static_files {
            if let Some(_generated) = rendered.output.insert(path.clone(), bytes.clone()) {
                let message =
                    format!("the static file `{path}` replaces the file hoshin generates there");
                let help = format!(
                    "rename or remove `static/{path}` (or the theme's), unless it should replace it"
                );
                rendered
                    .warnings
                    .push(Diagnostic::warning(message).help(help));
            }
        }
        Ok(rendered)
    }

    /// Re-renders one policy of `site` into `rendered`, after only that policy's files changed:
    /// its pages in each language, its notices, and the pages that list every policy (language
    /// homes, chooser, sitemap, notice indexes). The result equals [`Renderer::render`] of
    /// `site`, provided `rendered` came from `site` as it was before that policy changed and
    /// this renderer was set up from the same theme, config and locales.
    ///
    /// On error `rendered` is left as it was.
    pub fn rerender_policy(
        &self,
        site: &Site,
        rendered: &mut Rendered,
        slug: &str,
    ) -> Result<(), Diagnostics> {
        let Some(policy) = site.policies.iter().find(|p| p.slug == slug) else {
            return Err(
                Diagnostic::error(format!("internal: no policy `{slug}` to re-render")).into(),
            );
        };
        let setups: Vec<&LanguageSetup> = self
            .setups
            .iter()
            .filter(|s| policy.documents.contains_key(&s.lang.code))
            .collect();
        let results: Vec<Result<PolicyPage, Diagnostics>> = setups
            .par_iter()
            .map(|setup| self.policy_page(site, policy, setup))
            .collect();
        let mut diags = Diagnostics::new();
        let mut pages = Vec::new();
        for result in results {
            match result {
                Ok(page) => pages.push(page),
                Err(d) => diags.extend(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let mut notice_pages = Output::new();
        let notices = notice::policy_notices(
            site,
            &self.templates,
            &self.ui,
            &self.qr,
            policy,
            &mut notice_pages,
        )?;
        let entry = PolicyOutput {
            pages: pages.iter().map(|p| p.meta.clone()).collect(),
            notices,
        };
        // The listing pages need the new titles: swap the entry in, and back on error.
        let old = rendered.policies.insert(slug.to_string(), entry);
        let listing = self.site_pages(site, &rendered.policies).and_then(|mut v| {
            v.extend(self.notice_index(site, &rendered.policies)?);
            Ok(v)
        });
        let listing = match listing {
            Ok(v) => v,
            Err(d) => {
                match old {
                    Some(old) => rendered.policies.insert(slug.to_string(), old),
                    None => rendered.policies.remove(slug),
                };
                return Err(d);
            }
        };
        // Commit. A static file of the theme wins over a page at the same path, as in a full
        // build, where static files are copied last.
        let statics = &site.theme.static_files;
        let out = &mut rendered.output;
        for path in old.iter().flat_map(PolicyOutput::paths) {
            if !statics.contains_key(&path) {
                out.remove(&path);
            }
        }
        let new_files = pages
            .into_iter()
            .map(|p| (format!("{}index.html", p.meta.path), p.html))
            .chain(notice_pages)
            .chain(listing);
        for (path, bytes) in new_files {
            if !statics.contains_key(&path) {
                out.insert(path, bytes);
            }
        }
        Ok(())
    }

    /// The pages that list every policy: language homes, the chooser, the sitemap and robots.txt.
    fn site_pages(
        &self,
        site: &Site,
        policies: &BTreeMap<String, PolicyOutput>,
    ) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut out = Vec::new();
        let base = &site.config.base_url;
        let source_lang = site.config.source_language().code.as_str();
        let templates = &self.templates;
        let empty = BTreeMap::new();
        let ui_of = |code: &str| self.ui.get(code).unwrap_or(&empty);
        let name_of = |code: &str| self.language_name(code);

        // Sitemap entries of the policy pages, in (policy, language) order.
        let mut pages: Vec<sitemap::Entry> = site
            .policies
            .iter()
            .filter_map(|p| policies.get(&p.slug))
            .flat_map(|o| o.pages.iter())
            .map(|m| sitemap::Entry {
                path: m.path.clone(),
                alternates: m.alternates.clone(),
            })
            .collect();

        // Language home pages.
        let links = |code: &str, prefix: &str| -> Vec<PolicyLink> {
            site.policies
                .iter()
                .filter_map(|p| {
                    let meta = policies
                        .get(&p.slug)?
                        .pages
                        .iter()
                        .find(|m| m.lang == code)?;
                    Some(PolicyLink {
                        slug: p.slug.clone(),
                        title: meta.title.clone(),
                        description: meta.description.clone(),
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
            match templates.render_with_ui("language_home.html", &ctx, &ui_value(ui_of(&lang.code)))
            {
                Ok(html) => {
                    out.push((format!("{path}index.html"), html));
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
                out.push(("index.html".into(), html));
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

        out.push((
            "sitemap.xml".into(),
            sitemap::sitemap(base, &pages).into_bytes(),
        ));
        // Crawlers read robots.txt only at the root of a host: under a path it would do nothing.
        if is_host_root(base) {
            let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n");
            out.push(("robots.txt".into(), robots.into_bytes()));
        }
        Ok(out)
    }

    /// The notice index pages, from every policy's notices in display order.
    fn notice_index(
        &self,
        site: &Site,
        policies: &BTreeMap<String, PolicyOutput>,
    ) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
        let notices: Vec<&notice::PolicyNotices> = site
            .policies
            .iter()
            .filter_map(|p| policies.get(&p.slug)?.notices.as_ref())
            .collect();
        notice::index_pages(site, &self.templates, &self.ui, &notices)
    }

    /// A language's name in itself (`language-name`), else its code.
    fn language_name(&self, code: &str) -> String {
        self.ui
            .get(code)
            .and_then(|m| m.get("language-name"))
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// Localises and renders one policy page in one language.
    fn policy_page(
        &self,
        site: &Site,
        policy: &Policy,
        setup: &LanguageSetup,
    ) -> Result<PolicyPage, Diagnostics> {
        let templates = &self.templates;
        let name_of = |code: &str| self.language_name(code);
        let lang = &setup.lang;
        let base = &site.config.base_url;
        let source_lang = site.config.source_language().code.as_str();
        let Some(doc) = policy.documents.get(&lang.code) else {
            return Err(Diagnostic::error(format!(
                "internal: policy `{}` has no `{}` document",
                policy.slug, lang.code
            ))
            .into());
        };
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
                &name_of,
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
            meta: PageMeta {
                lang: lang.code.clone(),
                title,
                description,
                path,
                alternates: alt_paths,
            },
            html,
        })
    }
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

fn policy_view(
    templates: &Templates,
    setup: &LanguageSetup,
    policy: &Policy,
    doc: &Document,
    source_doc: &Document,
) -> Result<PolicyView, Diagnostics> {
    let (locale, formatter) = (&*setup.locale, &setup.formatter);
    let mut localiser =
        Localiser::new(locale, policy, formatter).with_fallback(setup.fallback.as_deref());
    localiser.check_all();
    let dates: Vec<(DateKind, crate::site::content::Date)> = doc
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
                match crate::site::content::markdown::render(
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
