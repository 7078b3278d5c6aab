//! Printable store-counter notices, rendered from the same source as the policy pages.
//!
//! With `[notices]` in `hoshin.toml`, every policy that marks examples `notice = true` gets a
//! notice per language, one with every language (`bilingual`, source language first), in each
//! configured paper size, and the same again for every store in `locations.toml`:
//!
//! ```text
//! notices/<slug>/<variant>/<paper>.html              for the whole organisation
//! notices/<slug>/<variant>/<location>/<paper>.html   for one store
//! notices/<lang>.html                                index of every notice, per UI language
//! ```
//!
//! `<variant>` is a language code or `bilingual`, `<paper>` is `a3`, `a4` or `a5`. Notices are
//! `noindex` and not in the sitemap. Every text comes from Fluent: the policy's
//! `notice-<slug>` message (headline, `.lead`, `.stance`, `.request`), the examples' `.notice`
//! labels, `location-<id>` names and the theme's `notice-*` strings. Japanese texts get `<wbr>`
//! at phrase boundaries ([`crate::localise::phrases`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use rayon::prelude::*;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::localise::phrases::plain;
use crate::localise::{DateView, Localiser};
use crate::render::escape::phrase_html;
use crate::render::{qr, Output, Templates};
use crate::site::config::Paper;
use crate::site::content::data::Example;
use crate::site::content::{DateKind, Policy};
use crate::site::dates::DateFormatter;
use crate::site::locale::Locale;
use crate::site::messages::{location_message, notice_message, ItemKind, NOTICE_ATTRIBUTES};
use crate::site::{Location, Site};

/// The most labels a notice holds: more would not stay legible on one A5 card.
pub const MAX_LABELS: usize = 8;

/// The variant key of the notice that carries every language.
pub const ALL_LANGUAGES: &str = "bilingual";

/// UI strings (by language) as resolved by the render stage.
pub type UiStrings = BTreeMap<String, BTreeMap<String, String>>;

/// One policy's notices: the paths written and its entry in each language's notice index.
#[derive(Debug)]
pub struct PolicyNotices {
    /// Output paths of its notices.
    pub paths: Vec<String>,
    /// Its entry in each language's index, in locale order.
    index: Vec<(String, IndexPolicy)>,
}

/// QR codes by URL: a URL's code never changes, and encoding one (all eight masks tried) is
/// most of a small site's notice time, so `serve` keeps them across rebuilds.
#[derive(Debug, Default)]
pub struct QrCache(Mutex<HashMap<String, Result<String, String>>>);

impl QrCache {
    fn svg(&self, url: &str) -> Result<String, String> {
        if let Some(svg) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(url) {
            return svg.clone();
        }
        let svg = qr::svg(url);
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(url.to_string(), svg.clone());
        svg
    }
}

/// A piece of text in one language; `lang` is set when it differs from the page's language.
#[derive(Debug, Clone, Serialize)]
struct Part {
    lang: Option<String>,
    html: String,
}

#[derive(Debug, Clone, Serialize)]
struct DatePart {
    lang: Option<String>,
    label: String,
    iso: String,
    text: String,
}

#[derive(Debug, Clone, Serialize)]
struct LinkPart {
    lang: Option<String>,
    caption: String,
    qr: String,
    url: String,
    short_url: String,
}

/// The URL as printed: without the scheme, with break points after each `/`.
fn short_url_html(url: &str) -> String {
    super::escape::html(short_url(url)).replace('/', "/<wbr>")
}

#[derive(Debug, Clone, Serialize)]
struct Detail {
    label: Vec<Part>,
    value: String,
}

#[derive(Debug, Serialize)]
struct NoticeContext<'a> {
    lang: String,
    title: String,
    root: &'a str,
    paper: &'static str,
    page_size: String,
    page_margin: String,
    content_height: String,
    multi: bool,
    organisation: Vec<Part>,
    location: Option<Vec<Part>>,
    headline: Vec<Part>,
    lead: Vec<Part>,
    labels: Vec<Vec<Part>>,
    stance: Vec<Part>,
    request: Vec<Part>,
    dates: Vec<DatePart>,
    links: Vec<LinkPart>,
    hours: Option<Detail>,
    phone: Option<Detail>,
}

/// Everything one language contributes to one policy's notices.
struct Texts {
    lang: String,
    policy_title: String,
    headline: String,
    lead: String,
    stance: String,
    request: String,
    labels: Vec<String>,
    organisation: String,
    date: DateView,
    full_policy: String,
    hours: String,
    phone: String,
    url: String,
    qr: String,
}

#[derive(Debug, Clone, Serialize)]
struct IndexLink {
    paper: String,
    href: String,
}

#[derive(Debug, Clone, Serialize)]
struct IndexRow {
    label: Vec<Part>,
    links: Vec<IndexLink>,
}

#[derive(Debug, Clone, Serialize)]
struct IndexGroup {
    name: Vec<Part>,
    rows: Vec<IndexRow>,
}

#[derive(Debug, Clone, Serialize)]
struct IndexPolicy {
    title: String,
    groups: Vec<IndexGroup>,
}

#[derive(Debug, Serialize)]
struct IndexLanguage {
    code: String,
    name: String,
    href: String,
    current: bool,
}

#[derive(Debug, Serialize)]
struct IndexContext<'a> {
    lang: &'a str,
    title: String,
    ui: &'a BTreeMap<String, String>,
    languages: Vec<IndexLanguage>,
    papers: Vec<String>,
    policies: Vec<&'a IndexPolicy>,
}

/// The notices of one variant for one store: its languages and a path per paper size.
struct RowLinks {
    langs: Vec<String>,
    hrefs: Vec<String>,
}

/// One notice variant: its key (a language code or `bilingual`) and its languages' texts.
struct Variant<'a> {
    key: String,
    langs: Vec<&'a Texts>,
}

/// Renders every notice into `out` when the site asks for notices; returns each policy's
/// notices by slug, in display order, for [`index_pages`].
pub fn render_notices(
    site: &Site,
    templates: &Templates,
    ui: &UiStrings,
    qr: &QrCache,
    out: &mut Output,
) -> Result<Vec<(String, PolicyNotices)>, Diagnostics> {
    let Some(settings) = &site.config.notices else {
        return Ok(Vec::new());
    };
    let mut diags = Diagnostics::new();
    let names = location_names(site, &mut diags);
    // Per policy: the texts of every language, in config order.
    let mut sets: Vec<(&Policy, Vec<Texts>)> = Vec::new();
    for policy in &site.policies {
        match policy_texts(site, policy, ui, qr) {
            Ok(Some(texts)) => sets.push((policy, texts)),
            Ok(None) => {}
            Err(d) => diags.extend(d),
        }
    }
    if sets.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::warning(
                "`[notices]` is set, but no policy marks an example with `notice = true`",
            )
            .in_file(&site.config.file)
            .help("mark the examples for the notice in content/<slug>/policy.toml"),
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }

    // The notices.
    let phrases = PhraseCache::default();
    let mut rendered = Vec::new();
    for (policy, texts) in &sets {
        let inputs = NoticeInputs {
            site,
            settings,
            templates,
            ui,
            names: &names,
            phrases: &phrases,
        };
        match render_policy(&inputs, policy, texts, out) {
            Ok(n) => rendered.push((policy.slug.clone(), n)),
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result(rendered)
}

/// One policy's notices, rendered into `out`, when the site asks for notices and the policy
/// marks examples for them. The same steps as [`render_notices`], for one policy.
pub fn policy_notices(
    site: &Site,
    templates: &Templates,
    ui: &UiStrings,
    qr: &QrCache,
    policy: &Policy,
    out: &mut Output,
) -> Result<Option<PolicyNotices>, Diagnostics> {
    let Some(settings) = &site.config.notices else {
        return Ok(None);
    };
    let mut diags = Diagnostics::new();
    let names = location_names(site, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let Some(texts) = policy_texts(site, policy, ui, qr)? else {
        return Ok(None);
    };
    let inputs = NoticeInputs {
        site,
        settings,
        templates,
        ui,
        names: &names,
        phrases: &PhraseCache::default(),
    };
    render_policy(&inputs, policy, &texts, out).map(Some)
}

/// The texts of one policy's notices in every language; `None` when it marks no example.
fn policy_texts(
    site: &Site,
    policy: &Policy,
    ui: &UiStrings,
    qr: &QrCache,
) -> Result<Option<Vec<Texts>>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let marked: Vec<&Example> = policy
        .data
        .all_examples()
        .into_iter()
        .filter(|e| e.notice)
        .collect();
    if marked.is_empty() {
        return Ok(None);
    }
    if let Some(extra) = marked.get(MAX_LABELS) {
        diags.push(
                Diagnostic::error(format!(
                    "policy `{}` puts {} examples on its notice; at most {MAX_LABELS} fit",
                    policy.slug,
                    marked.len()
                ))
                .at(&policy.data_file, extra.id.span())
                .label(format!("example {} with `notice = true`", MAX_LABELS + 1))
                .help("keep the notice short: remove `notice = true` from the examples a passer-by needs least"),
            );
        return Err(diags);
    }
    // Languages in parallel: each makes its own QR code, which is most of a small
    // site's notice time (the encoder tries all eight masks). Merged in config order.
    let results: Vec<Result<Texts, Diagnostics>> = site
        .locales
        .par_iter()
        .map(|locale| language_texts(site, policy, &marked, locale, ui, qr))
        .collect();
    let mut texts = Vec::new();
    for result in results {
        match result {
            Ok(t) => texts.push(t),
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result(Some(texts))
}

/// What every policy's notices share.
struct NoticeInputs<'a> {
    site: &'a Site,
    settings: &'a crate::site::config::NoticeSettings,
    templates: &'a Templates,
    ui: &'a UiStrings,
    names: &'a BTreeMap<(String, String), String>,
    phrases: &'a PhraseCache,
}

/// Renders one policy's notices (every variant, store and paper) into `out`.
fn render_policy(
    inputs: &NoticeInputs<'_>,
    policy: &Policy,
    texts: &[Texts],
    out: &mut Output,
) -> Result<PolicyNotices, Diagnostics> {
    let NoticeInputs {
        site,
        settings,
        templates,
        ui,
        names,
        phrases,
    } = *inputs;
    let mut diags = Diagnostics::new();
    let locations: &[Location] = site.locations.as_ref().map_or(&[], |l| &l.list);
    let mut paths = Vec::new();
    let mut index = Vec::new();
    let mut variants: Vec<Variant> = texts
        .iter()
        .map(|t| Variant {
            key: t.lang.clone(),
            langs: vec![t],
        })
        .collect();
    if settings.bilingual && texts.len() > 1 {
        variants.push(Variant {
            key: ALL_LANGUAGES.into(),
            langs: texts.iter().collect(),
        });
    }
    let mut stores: Vec<Option<&Location>> = vec![None];
    stores.extend(locations.iter().map(Some));
    // Stores render in parallel: a notice is a pure function of its inputs, and the
    // results are merged in store order, so output and diagnostics do not depend on
    // scheduling.
    type Rendered = (Vec<RowLinks>, Vec<(String, Result<String, Diagnostic>)>);
    let rendered: Vec<Rendered> = stores
        .par_iter()
        .map(|&store| {
            let (mut rows, mut pages) = (Vec::new(), Vec::new());
            for variant in &variants {
                let mut hrefs = Vec::new();
                for paper in &settings.paper {
                    let path = match store {
                        None => format!(
                            "notices/{}/{}/{}.html",
                            policy.slug,
                            variant.key,
                            paper.key()
                        ),
                        Some(l) => format!(
                            "notices/{}/{}/{}/{}.html",
                            policy.slug,
                            variant.key,
                            l.id.get_ref(),
                            paper.key()
                        ),
                    };
                    let root = if store.is_some() {
                        "../../../../"
                    } else {
                        "../../../"
                    };
                    // A store's own desk, else the policy's contact number.
                    let phone = store
                        .and_then(|l| l.phone.clone())
                        .or_else(|| policy.data.contact.as_ref().and_then(|c| c.phone.clone()));
                    let ctx = notice_context(variant, store, phone, names, *paper, root, phrases);
                    pages.push((path.clone(), templates.render("notice.html", &ctx)));
                    hrefs.push(path);
                }
                rows.push(RowLinks {
                    langs: variant.langs.iter().map(|t| t.lang.clone()).collect(),
                    hrefs,
                });
            }
            (rows, pages)
        })
        .collect();
    let mut groups: Vec<(Option<&Location>, Vec<RowLinks>)> = Vec::new();
    for (store, (rows, pages)) in stores.iter().zip(rendered) {
        for (path, html) in pages {
            match html {
                Ok(html) => {
                    paths.push(path.clone());
                    out.insert(path, html.into_bytes());
                }
                Err(d) => diags.push(d),
            }
        }
        groups.push((*store, rows));
    }
    for locale in &site.locales {
        let lang = locale.code.as_str();
        let ui_lang = ui.get(lang);
        let text = |id: &str| ui_lang.and_then(|m| m.get(id)).cloned().unwrap_or_default();
        let name_of = |code: &str| {
            ui.get(code)
                .and_then(|m| m.get("language-name"))
                .cloned()
                .unwrap_or_else(|| code.to_string())
        };
        let title = texts
            .iter()
            .find(|t| t.lang == lang)
            .map(|t| t.policy_title.clone())
            .unwrap_or_default();
        let groups = groups
            .iter()
            .map(|(store, rows)| IndexGroup {
                name: match store {
                    None => vec![Part {
                        lang: None,
                        html: phrase_html(lang, &text("notice-index-all-locations")),
                    }],
                    Some(l) => vec![Part {
                        lang: None,
                        html: names
                            .get(&(l.id.get_ref().clone(), lang.to_string()))
                            .map(|n| phrase_html(lang, n))
                            .unwrap_or_default(),
                    }],
                },
                rows: rows
                    .iter()
                    .map(|RowLinks { langs, hrefs }| IndexRow {
                        label: langs
                            .iter()
                            .map(|code| Part {
                                lang: (code != lang).then(|| code.clone()),
                                html: phrase_html(code, &name_of(code)),
                            })
                            .collect(),
                        links: settings
                            .paper
                            .iter()
                            .zip(hrefs)
                            .map(|(p, href)| IndexLink {
                                paper: p.key().to_uppercase(),
                                href: href.strip_prefix("notices/").unwrap_or(href).to_string(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        index.push((lang.to_string(), IndexPolicy { title, groups }));
    }
    diags.into_result(PolicyNotices { paths, index })
}

/// The notice index pages, one per language, listing `notices` in the given order.
pub fn index_pages(
    site: &Site,
    templates: &Templates,
    ui: &UiStrings,
    notices: &[&PolicyNotices],
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let Some(settings) = &site.config.notices else {
        return Ok(Vec::new());
    };
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    // The index pages, one per language.
    let empty = BTreeMap::new();
    for locale in &site.locales {
        let lang = locale.code.as_str();
        let ui_lang = ui.get(lang).unwrap_or(&empty);
        let ctx = IndexContext {
            lang,
            title: format!(
                "{} | {}",
                ui_lang
                    .get("notice-index-title")
                    .cloned()
                    .unwrap_or_default(),
                ui_lang.get("site-title").cloned().unwrap_or_default()
            ),
            ui: ui_lang,
            languages: site
                .locales
                .iter()
                .map(|l| IndexLanguage {
                    code: l.code.clone(),
                    name: ui
                        .get(l.code.as_str())
                        .and_then(|m| m.get("language-name"))
                        .cloned()
                        .unwrap_or_else(|| l.code.clone()),
                    href: format!("{}.html", l.code),
                    current: l.code == lang,
                })
                .collect(),
            papers: settings
                .paper
                .iter()
                .map(|p| p.key().to_uppercase())
                .collect(),
            policies: notices
                .iter()
                .filter_map(|n| n.index.iter().find(|(l, _)| l == lang))
                .map(|(_, p)| p)
                .collect(),
        };
        match templates.render("notice_index.html", &ctx) {
            Ok(html) => {
                out.push((format!("notices/{lang}.html"), html.into_bytes()));
            }
            Err(d) => diags.push(d),
        }
    }
    diags.into_result(out)
}

/// The paths of every notice of a site, for `--pdf` (relative to the output folder).
pub fn notice_paths(files: &Output) -> Vec<String> {
    files
        .keys()
        .filter(|k| k.starts_with("notices/") && k.matches('/').count() >= 3)
        .cloned()
        .collect()
}

/// Store names by `(location id, language)`, each a located error when missing.
fn location_names(site: &Site, diags: &mut Diagnostics) -> BTreeMap<(String, String), String> {
    let mut names = BTreeMap::new();
    let Some(locations) = &site.locations else {
        return names;
    };
    for l in &locations.list {
        let id = location_message(l.id.get_ref());
        for locale in &site.locales {
            match locale.text(&id, None, None) {
                Ok(t) => {
                    names.insert((l.id.get_ref().clone(), locale.code.clone()), t);
                }
                Err(msg) => diags.push(
                    Diagnostic::error(msg)
                        .at(&locations.file, l.id.span())
                        .label(format!("this location needs the message `{id}`"))
                        .help(format!(
                            "add `{id} = <the store's name>` to a file in locales/{}/",
                            locale.code
                        )),
                ),
            }
        }
    }
    names
}

/// Resolves one language's texts of one policy's notice.
fn language_texts(
    site: &Site,
    policy: &Policy,
    marked: &[&Example],
    locale: &Locale,
    ui: &UiStrings,
    qr: &QrCache,
) -> Result<Texts, Diagnostics> {
    let mut diags = Diagnostics::new();
    let lang = &locale.code;
    let id = notice_message(&policy.slug);
    let first = marked[0];
    let mut policy_text = |attr: Option<&str>| match locale.text(&id, attr, None) {
        Ok(t) => t,
        Err(msg) => {
            let what = attr.map_or_else(|| format!("`{id}`"), |a| format!("`{id}.{a}`"));
            diags.push(
                Diagnostic::error(msg)
                    .at(&policy.data_file, first.id.span())
                    .label(format!("this policy has a notice, so it needs {what}"))
                    .help(format!(
                        "add `{id} = <headline>` with `.lead`, `.stance` and `.request` to a file in locales/{lang}/"
                    )),
            );
            String::new()
        }
    };
    let headline = policy_text(None);
    let [lead, stance, request] = NOTICE_ATTRIBUTES.map(|a| policy_text(Some(a)));
    let mut labels = Vec::new();
    for e in marked {
        let mid = ItemKind::Example.message_id(e.id.get_ref());
        match locale.text(&mid, Some("notice"), None) {
            Ok(t) => labels.push(t),
            Err(msg) => diags.push(
                Diagnostic::error(msg)
                    .at(&policy.data_file, e.id.span())
                    .label(format!("`notice = true` needs the label `{mid}.notice`"))
                    .help(format!(
                        "add `    .notice = <short label>` under `{mid}` in locales/{lang}/"
                    )),
            ),
        }
    }
    let ui_text =
        |key: &str, diags: &mut Diagnostics| match ui.get(lang.as_str()).and_then(|m| m.get(key)) {
            Some(t) => t.clone(),
            None => {
                diags.push(
                    Diagnostic::error(format!("message `{key}` is missing in `{lang}`")).help(
                        format!("the theme needs `{key}` in locales/{lang}/ for notices"),
                    ),
                );
                String::new()
            }
        };
    let organisation = ui_text("organisation-name", &mut diags);
    let full_policy = ui_text("notice-full-policy", &mut diags);
    let hours = ui_text("notice-hours", &mut diags);
    let phone = ui_text("notice-phone", &mut diags);

    let Some(doc) = policy.documents.get(lang) else {
        diags.push(Diagnostic::error(format!(
            "policy `{}` has no `{lang}` document",
            policy.slug
        )));
        return Err(diags);
    };
    let source_lang = &site.config.source_language().code;
    let dates = doc
        .front
        .dates
        .clone()
        .or_else(|| {
            policy
                .documents
                .get(source_lang)
                .and_then(|d| d.front.dates.clone())
        })
        .unwrap_or_default();
    let pick = |kind: DateKind| dates.iter().find(|(k, _)| *k == kind).copied();
    let Some((kind, date)) = pick(DateKind::MadeKnown).or_else(|| pick(DateKind::Enacted)) else {
        diags.push(
            Diagnostic::error("a notice shows the date the policy was made known or enacted, and this document has neither")
                .in_file(&doc.file)
                .help("add `[dates]` with `made-known = 2025-07-09` (周知日) or `enacted = …` to the front matter"),
        );
        return Err(diags);
    };
    let Some(language) = site.config.languages.iter().find(|l| &l.code == lang) else {
        return Err(diags);
    };
    let formatter = match DateFormatter::new(lang, language.date_style, language.calendar) {
        Ok(f) => f,
        Err(msg) => {
            diags.push(Diagnostic::error(format!(
                "cannot format dates for `{lang}`: {msg}"
            )));
            return Err(diags);
        }
    };
    let mut localiser = Localiser::new(locale, policy, &formatter);
    let date = localiser.date(kind, date, doc);
    diags.extend(localiser.finish());

    let url = format!("{}{lang}/{}/", site.config.base_url, policy.slug);
    let qr = match qr.svg(&url) {
        Ok(s) => s,
        Err(msg) => {
            diags.push(Diagnostic::error(msg).in_file(&policy.data_file));
            String::new()
        }
    };
    diags.into_result(Texts {
        lang: lang.clone(),
        policy_title: doc.front.title.clone(),
        headline,
        lead,
        stance,
        request,
        labels,
        organisation,
        date,
        full_policy,
        hours,
        phone,
        url,
        qr,
    })
}

/// The URL as printed: without the scheme.
fn short_url(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest)
}

/// [`phrase_html`], memoised across threads: a notice's texts repeat on every store's and paper's copy, and
/// segmenting them again with BudouX was 64% of the instructions of a 1,000-store build
/// (callgrind).
#[derive(Default)]
struct PhraseCache(Mutex<HashMap<(String, String), String>>);

impl PhraseCache {
    fn html(&self, lang: &str, text: &str) -> String {
        let key = (lang.to_string(), text.to_string());
        if let Some(html) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return html.clone();
        }
        // Segment outside the lock; two threads may both compute a text, with the same result.
        let html = phrase_html(lang, text);
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, html.clone());
        html
    }
}

fn notice_context<'a>(
    variant: &Variant<'_>,
    store: Option<&Location>,
    phone: Option<String>,
    names: &BTreeMap<(String, String), String>,
    paper: Paper,
    root: &'a str,
    phrases: &PhraseCache,
) -> NoticeContext<'a> {
    let page_lang = variant
        .langs
        .first()
        .map_or_else(|| "und".to_string(), |t| t.lang.clone());
    let other = |code: &str| (code != page_lang).then(|| code.to_string());
    let parts = |f: &dyn Fn(&Texts) -> &str| -> Vec<Part> {
        variant
            .langs
            .iter()
            .map(|t| Part {
                lang: other(&t.lang),
                html: phrases.html(&t.lang, f(t)),
            })
            .collect()
    };
    let detail = |value: &Option<String>, label: &dyn Fn(&Texts) -> &str| {
        value.as_ref().map(|v| Detail {
            label: parts(label),
            value: v.clone(),
        })
    };
    let count = variant.langs.first().map_or(0, |t| t.labels.len());
    let first = variant.langs.first();
    let title = match first {
        Some(t) => format!("{} | {}", plain(&t.headline), t.organisation),
        None => String::new(),
    };
    let (w, h) = paper.size_mm();
    NoticeContext {
        lang: page_lang.clone(),
        title,
        root,
        paper: paper.key(),
        page_size: format!("{w}mm {h}mm"),
        page_margin: format!("{}mm", paper.margin_mm()),
        // 1 mm short of the printable height, so rounding never spills onto a second sheet.
        content_height: format!("{}mm", h - 2 * paper.margin_mm() - 1),
        multi: variant.langs.len() > 1,
        organisation: parts(&|t| &t.organisation),
        location: store.map(|l| {
            variant
                .langs
                .iter()
                .map(|t| Part {
                    lang: other(&t.lang),
                    html: names
                        .get(&(l.id.get_ref().clone(), t.lang.clone()))
                        .map(|n| phrases.html(&t.lang, n))
                        .unwrap_or_default(),
                })
                .collect()
        }),
        headline: parts(&|t| &t.headline),
        lead: parts(&|t| &t.lead),
        labels: (0..count)
            .map(|i| parts(&|t| t.labels.get(i).map_or("", String::as_str)))
            .collect(),
        stance: parts(&|t| &t.stance),
        request: parts(&|t| &t.request),
        dates: variant
            .langs
            .iter()
            .map(|t| DatePart {
                lang: other(&t.lang),
                label: t.date.label.clone(),
                iso: t.date.iso.clone(),
                text: t.date.text.clone(),
            })
            .collect(),
        links: variant
            .langs
            .iter()
            .map(|t| LinkPart {
                lang: other(&t.lang),
                caption: t.full_policy.clone(),
                qr: t.qr.clone(),
                url: t.url.clone(),
                short_url: short_url_html(&t.url),
            })
            .collect(),
        hours: store.and_then(|l| detail(&l.hours, &|t| &t.hours)),
        phone: detail(&phone, &|t| &t.phone),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_urls_drop_the_scheme() {
        assert_eq!(
            short_url("https://www.kiwaseisakujo.jp/policy/ja/customer-harassment/"),
            "www.kiwaseisakujo.jp/policy/ja/customer-harassment/"
        );
        assert_eq!(short_url_html("https://e.jp/a/"), "e.jp/<wbr>a/<wbr>");
    }
}
