//! The notice index pages (`notices/<lang>/`, and `notices/` in the source language): every
//! notice of every policy, grouped by
//! store, with a link per paper size.

use std::collections::BTreeMap;

use serde::Serialize;

use super::sheet::Part;
use super::PolicyNotices;
use crate::diagnostics::Diagnostics;
use crate::render::escape::phrase_html;
use crate::render::pages::LanguageSetup;
use crate::render::routes;
use crate::render::templates::Templates;
use crate::render::Output;
use crate::site::config::{NoticeSettings, Paper};
use crate::site::{Location, Site};

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

/// One policy's entry in one language's notice index.
#[derive(Debug, Clone, Serialize)]
pub(super) struct IndexPolicy {
    /// The policy's title as HTML, with phrase breaks in Japanese.
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
    /// The relative link to the site root (links below are routes from the root).
    root: String,
    title: String,
    ui: &'a BTreeMap<String, String>,
    languages: Vec<IndexLanguage>,
    papers: Vec<String>,
    policies: Vec<&'a IndexPolicy>,
}

/// The notices of one variant for one store: its languages and a route per paper size.
pub(super) struct RowLinks {
    pub(super) langs: Vec<usize>,
    pub(super) hrefs: Vec<String>,
}

/// A policy's entry in each language's index, in config order.
pub(super) fn entries(
    setups: &[LanguageSetup],
    settings: &NoticeSettings,
    titles: &BTreeMap<String, String>,
    groups: &[(Option<&Location>, Vec<RowLinks>)],
    names: &BTreeMap<(String, String), String>,
) -> Vec<IndexPolicy> {
    setups
        .iter()
        .map(|setup| {
            let lang = setup.code();
            let language = &setup.language.language;
            let groups = groups
                .iter()
                .map(|(store, rows)| IndexGroup {
                    name: match store {
                        None => vec![Part {
                            lang: None,
                            html: phrase_html(
                                &language.tag,
                                setup
                                    .strings
                                    .get("notice-index-all-locations")
                                    .map_or("", String::as_str),
                            ),
                        }],
                        Some(l) => vec![Part {
                            lang: None,
                            html: names
                                .get(&(l.id.get_ref().clone(), lang.to_string()))
                                .map(|n| phrase_html(&language.tag, n))
                                .unwrap_or_default(),
                        }],
                    },
                    rows: rows
                        .iter()
                        .map(|RowLinks { langs, hrefs }| IndexRow {
                            label: langs
                                .iter()
                                .map(|&i| {
                                    let other = &setups[i].language;
                                    Part {
                                        lang: (other.code() != lang)
                                            .then(|| other.code().to_string()),
                                        html: phrase_html(&other.language.tag, &other.name),
                                    }
                                })
                                .collect(),
                            links: settings
                                .paper
                                .iter()
                                .zip(hrefs)
                                .map(|(p, href)| IndexLink {
                                    paper: paper_label(*p),
                                    href: href.clone(),
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect();
            IndexPolicy {
                title: titles
                    .get(lang)
                    .map(|t| match language.primary() {
                        "ja" => phrase_html(&language.tag, t),
                        _ => crate::render::escape::html(t),
                    })
                    .unwrap_or_default(),
                groups,
            }
        })
        .collect()
}

fn paper_label(p: Paper) -> String {
    p.key().to_uppercase()
}

/// The notice index pages, one per language, listing `notices` in the given order.
pub(crate) fn pages(
    site: &Site,
    templates: &Templates,
    setups: &[LanguageSetup],
    notices: &[&PolicyNotices],
) -> Result<Output, Diagnostics> {
    let Some(settings) = &site.config.notices else {
        return Ok(Output::new());
    };
    let mut diags = Diagnostics::new();
    let mut out = Output::new();
    // Each language's index, and the source language's again at `notices/`.
    let routes_of = |i: usize, lang: &str| {
        let mut r = vec![routes::notice_index(lang)];
        if i == 0 {
            r.push(routes::notices_home());
        }
        r
    };
    for (i, setup) in setups.iter().enumerate() {
        let lang = setup.code();
        let string = |id: &str| setup.strings.get(id).cloned().unwrap_or_default();
        for route in routes_of(i, lang) {
            let ctx = IndexContext {
                lang,
                root: routes::root_of(&route),
                title: format!(
                    "{} | {}",
                    string("notice-index-title"),
                    string("site-title")
                ),
                ui: &setup.strings,
                languages: setups
                    .iter()
                    .map(|l| IndexLanguage {
                        code: l.code().to_string(),
                        name: l.language.name.clone(),
                        href: routes::notice_index(l.code()),
                        current: l.code() == lang,
                    })
                    .collect(),
                papers: settings.paper.iter().map(|p| paper_label(*p)).collect(),
                policies: notices.iter().filter_map(|n| n.index.get(i)).collect(),
            };
            match templates.render("notice_index.html", &ctx) {
                Ok(html) => {
                    out.insert(routes::page_file(&route), html.into_bytes());
                }
                Err(d) => diags.push(d),
            }
        }
    }
    diags.into_result(out)
}
