//! One printed sheet: the template context of a notice variant for one store and paper.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use serde::Serialize;

use super::fit::{self, Overflow, SheetText, Text};
use super::texts::Texts;
use crate::localise::phrases::plain;
use crate::render::escape::{self, phrase_html};
use crate::site::config::Paper;
use crate::site::{Language, Location};

/// A piece of text in one language; `lang` is set when it differs from the page's language.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Part {
    pub(super) lang: Option<String>,
    pub(super) html: String,
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
    captions: Vec<Part>,
    qr: String,
    url: String,
    short_url: String,
}

#[derive(Debug, Clone, Serialize)]
struct Detail {
    label: Vec<Part>,
    value: String,
}

#[derive(Debug, Serialize)]
pub(super) struct NoticeContext {
    lang: String,
    title: String,
    root: String,
    paper: &'static str,
    page_size: String,
    page_margin: String,
    /// The sheet's own CSS: the layout model's sizes ([`fit::css`]), its unit in container
    /// units, and its proportions and size on a screen.
    style: String,
    /// The link back to the notices page of the sheet's main language, and its text.
    back: String,
    back_label: String,
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

/// One notice variant: its key (a language code or `bilingual`) and its languages' texts.
pub(super) struct Variant<'a> {
    pub(super) key: String,
    pub(super) langs: Vec<&'a Texts<'a>>,
}

/// The URL as printed: without the scheme.
fn short_url(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest)
}

/// The URL as printed: without the scheme, with break points after each `/`.
fn short_url_html(url: &str) -> String {
    escape::html(short_url(url)).replace('/', "/<wbr>")
}

/// [`phrase_html`], memoised across threads: a notice's texts repeat on every store's and
/// paper's copy, and segmenting them again with BudouX was 64% of the instructions of a
/// 1,000-store build (callgrind).
#[derive(Default)]
pub(super) struct PhraseCache(Mutex<HashMap<(String, String), String>>);

impl PhraseCache {
    pub(super) fn html(&self, lang: &Language, text: &str) -> String {
        let key = (lang.code.clone(), text.to_string());
        if let Some(html) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return html.clone();
        }
        // Segment outside the lock; two threads may both compute a text, with the same result.
        let html = phrase_html(&lang.tag, text);
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, html.clone());
        html
    }
}

/// What one sheet shows besides the variant's texts.
pub(super) struct Sheet<'a> {
    pub(super) store: Option<&'a Location>,
    /// The store's own desk, else the policy's contact number.
    pub(super) phone: Option<String>,
    pub(super) paper: Paper,
    /// The relative link to the site root from the sheet's route.
    pub(super) root: String,
    /// The site root (the language chooser) and its QR code: the one code of a sheet with 3 or
    /// more languages.
    pub(super) chooser: (&'a str, &'a str),
}

/// A sheet with more languages than this carries one QR code, to the page with every
/// language, instead of one per language.
const QR_PER_LANGUAGE: usize = 2;

pub(super) fn notice_context(
    variant: &Variant<'_>,
    sheet: Sheet<'_>,
    names: &BTreeMap<(String, String), String>,
    phrases: &PhraseCache,
    geometry: &str,
) -> Result<NoticeContext, Overflow> {
    let Sheet {
        store,
        phone,
        paper,
        root,
        chooser,
    } = sheet;
    let page_lang = variant
        .langs
        .first()
        .map_or_else(|| "und".to_string(), |t| t.code().to_string());
    let other = |code: &str| (code != page_lang).then(|| code.to_string());
    let parts = |f: &dyn for<'t> Fn(&'t Texts<'t>) -> &'t str| -> Vec<Part> {
        variant
            .langs
            .iter()
            .map(|t| Part {
                lang: other(t.code()),
                html: phrases.html(&t.setup.language.language, f(t)),
            })
            .collect()
    };
    let detail = |value: &Option<String>, label: &dyn for<'t> Fn(&'t Texts<'t>) -> &'t str| {
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
    let links = if variant.langs.len() > QR_PER_LANGUAGE {
        let (url, qr) = chooser;
        vec![LinkPart {
            lang: None,
            captions: parts(&|t| &t.all_languages),
            qr: qr.to_string(),
            url: url.to_string(),
            short_url: short_url_html(url),
        }]
    } else {
        variant
            .langs
            .iter()
            .map(|t| LinkPart {
                lang: other(t.code()),
                captions: vec![Part {
                    lang: None,
                    html: escape::html(&t.full_policy),
                }],
                qr: t.qr.clone(),
                url: t.url.clone(),
                short_url: short_url_html(&t.url),
            })
            .collect()
    };
    let back_label = first
        .and_then(|t| t.setup.strings.get("notice-index-title"))
        .cloned()
        .unwrap_or_default();
    let mut ctx = NoticeContext {
        lang: page_lang.clone(),
        title,
        back: format!("{root}{}", crate::render::routes::notice_index(&page_lang)),
        back_label,
        root,
        paper: paper.key(),
        page_size: format!("{w}mm {h}mm"),
        page_margin: format!("{}mm", paper.margin_mm()),
        style: String::new(),
        multi: variant.langs.len() > 1,
        organisation: parts(&|t| &t.organisation),
        location: store.map(|l| {
            variant
                .langs
                .iter()
                .map(|t| Part {
                    lang: other(t.code()),
                    html: names
                        .get(&(l.id.get_ref().clone(), t.code().to_string()))
                        .map(|n| phrases.html(&t.setup.language.language, n))
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
                lang: other(t.code()),
                label: t.date.label.clone(),
                iso: t.date.iso.clone(),
                text: t.date.text.clone(),
            })
            .collect(),
        links,
        hours: store.and_then(|l| detail(&l.hours, &|t| &t.hours)),
        phone: detail(&phone, &|t| &t.phone),
    };
    let fit = ctx.model().fit(paper)?;
    let m = paper.margin_mm();
    let cq = |pt: f32| fit::cqi(paper, pt);
    ctx.style = format!(
        "{geometry}.sheet{{aspect-ratio:{cw} / {chh}}}.sheet-body{{--u:{u};--min:{min};--qr:{qr};--fig:{fig};--cols:{cols};gap:calc({gap}*var(--unit))}}\
         @media screen{{.paper{{width:min(100vw - 1rem,(100vh - 3.5rem) * {w} / {h},{w}mm)}}.sheet{{margin:calc({m} / {w} * 100%)}}}}",
        cw = w - 2 * m,
        chh = h - 2 * m - 1,
        u = cq(fit.unit),
        min = cq(fit.min),
        qr = cq(fit.qr),
        fig = cq(fit.figure),
        cols = fit.columns,
        gap = fit.gap,
    );
    Ok(ctx)
}

impl NoticeContext {
    /// The sheet's texts as the layout model sees them.
    fn model(&self) -> SheetText {
        let main = self.lang.as_str();
        let texts = |parts: &[Part]| -> Vec<Text> {
            parts
                .iter()
                .map(|p| Text::new(p.lang.as_deref().unwrap_or(main), &p.html))
                .collect()
        };
        let mut top = vec![Text::joined(&texts(&self.organisation), "/")];
        if let Some(l) = &self.location {
            top.push(Text::joined(&texts(l), "/"));
        }
        let mut details = vec![
            self.dates
                .iter()
                .map(|d| {
                    Text::new(
                        d.lang.as_deref().unwrap_or(main),
                        &format!("{} {}", escape::html(&d.label), escape::html(&d.text)),
                    )
                })
                .collect(),
            texts(&self.organisation),
        ];
        details.extend(self.location.as_deref().map(texts));
        for d in [&self.hours, &self.phone].into_iter().flatten() {
            let label = Text::joined(&texts(&d.label), "/");
            let value = Text::new("und", &escape::html(&d.value));
            details.push(vec![Text::joined(&[label, value], "")]);
        }
        SheetText {
            top,
            headline: texts(&self.headline),
            lead: texts(&self.lead),
            labels: self.labels.iter().map(|l| texts(l)).collect(),
            stance: texts(&self.stance),
            request: texts(&self.request),
            details,
            links: self
                .links
                .iter()
                .map(|l| {
                    let mut lines = texts(&l.captions);
                    lines.push(Text::new("und", &l.short_url));
                    lines
                })
                .collect(),
            multi: self.multi,
        }
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
