//! The render stage: Tera templates turn localised views into pages, plus the sitemap and
//! robots.txt. Every output path and byte is a pure function of the input (no timestamps;
//! ordered maps), so two builds of the same site are byte-identical.

pub mod notice;
pub mod qr;
pub mod sitemap;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Tera};

use crate::content::{DateKind, Document, Policy, Segment};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::l10n::dates::DateFormatter;
use crate::l10n::localise::{DateView, Localiser};
use crate::site::{Site, Theme};

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
        let ctx = Context::from_serialize(ctx)
            .map_err(|e| Diagnostic::error(format!("internal: context for {name}: {e}")))?;
        if !self.tera.get_template_names().any(|n| n == name) {
            return Err(
                Diagnostic::error(format!("the theme has no template `{name}`"))
                    .help(format!("add templates/{name} to the theme or the site")),
            );
        }
        self.tera
            .render(name, &ctx)
            .map_err(|e| tera_error(&e, &self.sources).0.remove(0))
    }
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
    ui: &'a BTreeMap<String, String>,
    organisation_url: Option<&'a str>,
    policy: Option<PolicyView>,
    policies: Vec<PolicyLink>,
    chooser: Vec<ChooserLanguage>,
}

#[derive(Serialize)]
struct BlockContext<'a, T: Serialize> {
    lang: &'a str,
    ui: &'a BTreeMap<String, String>,
    block: &'a T,
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

    // Policy pages.
    for policy in &site.policies {
        for locale in &site.locales {
            let lang = &site.config.languages.iter().find(|l| l.code == locale.code);
            let Some(lang) = lang else { continue };
            let formatter = match DateFormatter::new(&lang.code, lang.date_style, lang.calendar) {
                Ok(f) => f,
                Err(msg) => {
                    diags.push(Diagnostic::error(format!(
                        "cannot format dates for `{}`: {msg}",
                        lang.code
                    )));
                    continue;
                }
            };
            let Some(doc) = policy.documents.get(&lang.code) else {
                continue;
            };
            let source_doc = policy.documents.get(source_lang).unwrap_or(doc);
            let fallback = (site.config.fallback == crate::site::config::Fallback::Source)
                .then(|| site.locale(source_lang))
                .flatten();
            let localiser = Localiser::new(locale, policy, &formatter).with_fallback(fallback);
            match policy_view(
                &templates,
                localiser,
                policy,
                doc,
                source_doc,
                ui_of(&lang.code),
            ) {
                Ok(view) => {
                    titles.insert(
                        (lang.code.clone(), policy.slug.clone()),
                        (view.title.clone(), view.description.clone()),
                    );
                    let path = format!("{}/{}/", lang.code, policy.slug);
                    let alt_paths = alternate_paths(
                        site,
                        |code| format!("{code}/{}/", policy.slug),
                        format!("{source_lang}/{}/", policy.slug),
                    );
                    let site_title = ui_of(&lang.code)
                        .get("site-title")
                        .cloned()
                        .unwrap_or_default();
                    let ctx = PageContext {
                        lang: &lang.code,
                        title: format!("{} | {site_title}", view.title),
                        description: view.description.clone(),
                        source_lang,
                        root: "../../".into(),
                        canonical: format!("{base}{path}"),
                        alternates: alternates(base, &alt_paths),
                        languages: site
                            .config
                            .languages
                            .iter()
                            .map(|l| LanguageLink {
                                code: l.code.clone(),
                                name: name_of(&l.code),
                                href: format!("../../{}/{}/", l.code, policy.slug),
                                current: l.code == lang.code,
                            })
                            .collect(),
                        ui: ui_of(&lang.code),
                        organisation_url: site.config.organisation_url.as_deref(),
                        policy: Some(view),
                        policies: Vec::new(),
                        chooser: Vec::new(),
                    };
                    match templates.render("policy.html", &ctx) {
                        Ok(html) => {
                            out.insert(format!("{path}index.html"), html.into_bytes());
                            pages.push(sitemap::Entry {
                                path,
                                alternates: alt_paths,
                            });
                        }
                        Err(d) => diags.push(d),
                    }
                }
                Err(d) => diags.extend(d),
            }
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
            languages: site
                .config
                .languages
                .iter()
                .map(|l| LanguageLink {
                    code: l.code.clone(),
                    name: name_of(&l.code),
                    href: format!("../{}/", l.code),
                    current: l.code == lang.code,
                })
                .collect(),
            ui: ui_of(&lang.code),
            organisation_url: site.config.organisation_url.as_deref(),
            policy: None,
            policies: links(&lang.code, ""),
            chooser: Vec::new(),
        };
        match templates.render("language_home.html", &ctx) {
            Ok(html) => {
                out.insert(format!("{path}index.html"), html.into_bytes());
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
        languages: site
            .config
            .languages
            .iter()
            .map(|l| LanguageLink {
                code: l.code.clone(),
                name: name_of(&l.code),
                href: format!("{}/", l.code),
                current: false,
            })
            .collect(),
        ui: ui_of(source_lang),
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
    match templates.render("chooser.html", &ctx) {
        Ok(html) => {
            out.insert("index.html".into(), html.into_bytes());
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
    mut localiser: Localiser,
    policy: &Policy,
    doc: &Document,
    source_doc: &Document,
    ui: &BTreeMap<String, String>,
) -> Result<PolicyView, Diagnostics> {
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
                    ui,
                    block: &view,
                };
                match templates.render(view.template(), &ctx) {
                    Ok(html) => body.push_str(&html),
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
