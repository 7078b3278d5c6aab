//! The notices preview at `/_hoshin/notices/`: every printed notice of the latest good build,
//! grouped by policy and store, each shown as a sheet at its paper's proportions (A3, A4 and A5
//! at one common scale, so their relative sizes show) with the link to open and print it.
//!
//! The sheets are scaled `<iframe>`s of the served notice pages, requested with
//! [`EMBED_QUERY`] so that they carry no reload script of their own (browsers allow only a few
//! connections per host, and one event stream per sheet would starve the page; the preview page
//! itself reloads after every build, which reloads the sheets). Instead they get
//! [`embed_snippet`], which lays the page out as printed: the theme's `@media print` rules
//! apply on screen too, and the `@page` margin becomes the body's padding (`assets/embed.js`).
//!
//! Without `[notices]` in `hoshin.toml` the page says how to turn notices on. The HTML is
//! `templates/notices.html`.

use std::borrow::Cow;

use serde::Serialize;

use super::pages::{self, PageError};
use super::tools::InLanguage;
use crate::render::routes::{self, ALL_LANGUAGES};
use crate::render::Output;
use crate::site::config::Paper;
use crate::site::Site;

/// The query that asks for a served page without the reload script (for embedded sheets).
pub(crate) const EMBED_QUERY: &str = "hoshin-embed";

/// What an embedded page gets instead of the reload script: print layout on screen.
pub(crate) fn embed_snippet() -> Result<String, PageError> {
    /// The embed template takes nothing but the script (a global of the templates).
    #[derive(Serialize)]
    struct EmbedView {}
    pages::render("embed.html", &EmbedView {})
}

/// How much smaller than life the sheets are drawn (A4 becomes about 200 px wide).
const SCALE: f64 = 0.25;

#[derive(Serialize)]
struct NoticesView<'a> {
    /// `unloaded`, `unconfigured`, `unbuilt` or `built`.
    state: &'static str,
    /// [`SCALE`] as a percentage, and as CSS takes it.
    percent: String,
    scale: String,
    /// The built notice index pages (`notices/<lang>/`).
    index_pages: Vec<String>,
    /// The policies that have notices.
    policies: Vec<PolicyNotices<'a>>,
}

#[derive(Serialize)]
struct PolicyNotices<'a> {
    slug: &'a str,
    /// The title in the source language.
    title: Option<InLanguage<'a>>,
    /// The notices for the whole organisation, then those of each store.
    groups: Vec<StoreNotices<'a>>,
}

#[derive(Serialize)]
struct StoreNotices<'a> {
    /// `None` for the whole organisation.
    store: Option<StoreView<'a>>,
    variants: Vec<VariantNotices>,
}

#[derive(Serialize)]
struct StoreView<'a> {
    id: &'a str,
    /// The store's name in the source language, when its message exists.
    name: Option<InLanguage<'a>>,
}

#[derive(Serialize)]
struct VariantNotices {
    /// The notice with every language.
    bilingual: bool,
    /// The language, or the languages joined with ` + ` for the bilingual notice.
    code: String,
    sheets: Vec<Sheet>,
}

/// One sheet: the scaled notice, its paper and the link to print it.
#[derive(Serialize)]
struct Sheet {
    /// The notice page, site-absolute.
    href: String,
    /// The notice page without the reload script.
    src: String,
    /// What the notice is, for the frame's title and the link's label.
    what: String,
    /// The paper (`A4`).
    name: String,
    /// The paper's size in millimetres, and the sheet's size as drawn.
    width: u32,
    height: u32,
    scaled_width: String,
    scaled_height: String,
}

impl Sheet {
    fn new(path: &str, paper: Paper, slug: &str, variant: &str, store: Option<&str>) -> Sheet {
        let (width, height) = paper.size_mm();
        let name = paper.key().to_uppercase();
        let href = format!("/{path}");
        let what = match store {
            Some(loc) => format!("{slug}, {variant}, store {loc}, {name}"),
            None => format!("{slug}, {variant}, {name}"),
        };
        Sheet {
            src: format!("{href}?{EMBED_QUERY}"),
            href,
            what,
            name,
            width,
            height,
            scaled_width: format!("{:.2}", f64::from(width) * SCALE),
            scaled_height: format!("{:.2}", f64::from(height) * SCALE),
        }
    }
}

/// The notices preview page, from the loaded site and the last good build.
pub(crate) fn page(site: Option<&Site>, output: Option<&Output>) -> Result<String, PageError> {
    let mut view = NoticesView {
        state: "built",
        percent: (SCALE * 100.0).to_string(),
        scale: SCALE.to_string(),
        index_pages: Vec::new(),
        policies: Vec::new(),
    };
    match (site, output) {
        (None, _) => view.state = "unloaded",
        (Some(site), _) if site.config.notices.is_none() => view.state = "unconfigured",
        (Some(_), None) => view.state = "unbuilt",
        (Some(site), Some(output)) => {
            view.index_pages = index_pages(site, output);
            view.policies = policies(site, output);
        }
    }
    pages::render("notices.html", &view)
}

/// The notices of every policy, in the order of policies, stores, variants and papers.
fn policies<'a>(site: &'a Site, output: &Output) -> Vec<PolicyNotices<'a>> {
    let Some(settings) = &site.config.notices else {
        return Vec::new();
    };
    let langs: Vec<&str> = site.languages().iter().map(|l| l.code()).collect();
    let variants: Vec<String> = settings
        .sheets
        .iter()
        .map(|codes| routes::variant_key(codes, &langs))
        .collect();
    let mut stores: Vec<Option<&str>> = vec![None];
    if let Some(locations) = &site.locations {
        stores.extend(locations.list.iter().map(|l| Some(l.id.get_ref().as_str())));
    }

    let mut out = Vec::new();
    for policy in &site.policies {
        let mut groups = Vec::new();
        for store in &stores {
            let mut rows = Vec::new();
            for variant in &variants {
                let mut sheets = Vec::new();
                for paper in &settings.paper {
                    let path = routes::NoticeRoute {
                        slug: &policy.slug,
                        variant,
                        location: *store,
                        paper: *paper,
                    }
                    .file();
                    if output.contains_key(&path) {
                        sheets.push(Sheet::new(&path, *paper, &policy.slug, variant, *store));
                    }
                }
                if !sheets.is_empty() {
                    let bilingual = *variant == ALL_LANGUAGES;
                    rows.push(VariantNotices {
                        bilingual,
                        code: if bilingual {
                            langs.join(" + ")
                        } else {
                            variant.to_string()
                        },
                        sheets,
                    });
                }
            }
            if !rows.is_empty() {
                groups.push(StoreNotices {
                    store: store.map(|id| StoreView {
                        id,
                        name: store_name(site, id),
                    }),
                    variants: rows,
                });
            }
        }
        if !groups.is_empty() {
            out.push(PolicyNotices {
                slug: &policy.slug,
                title: langs
                    .first()
                    .and_then(|l| policy.documents.get(l))
                    .map(|d| InLanguage {
                        lang: &d.lang,
                        text: Cow::Borrowed(&d.front.title),
                    }),
                groups,
            });
        }
    }
    out
}

/// The store's name in the source language, when its message exists.
fn store_name<'a>(site: &'a Site, id: &str) -> Option<InLanguage<'a>> {
    let locale = &site.source().locale;
    let name = locale
        .text(&crate::site::messages::location_message(id), None, None)
        .ok()?;
    Some(InLanguage {
        lang: &locale.code,
        text: Cow::Owned(name),
    })
}

/// The built notice index pages (`notices/<lang>/`).
fn index_pages(site: &Site, output: &Output) -> Vec<String> {
    site.languages()
        .iter()
        .map(|l| routes::notice_index(l.code()))
        .filter(|p| output.contains_key(&routes::page_file(p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_keep_the_paper_proportions_and_escape_names() {
        let sheet = Sheet::new("notices/p/ja/a3.html", Paper::A3, "p", "ja", Some("<x>"));
        let view = NoticesView {
            state: "built",
            percent: "25".into(),
            scale: SCALE.to_string(),
            index_pages: vec!["notices/ja/".into()],
            policies: vec![PolicyNotices {
                slug: "p",
                title: Some(InLanguage {
                    lang: "ja",
                    text: "方針 <b>".into(),
                }),
                groups: vec![StoreNotices {
                    store: Some(StoreView {
                        id: "<x>",
                        name: None,
                    }),
                    variants: vec![VariantNotices {
                        bilingual: false,
                        code: "ja".into(),
                        sheets: vec![sheet],
                    }],
                }],
            }],
        };
        let html = pages::render("notices.html", &view).unwrap();
        assert!(
            html.contains("style=\"width:74.25mm;height:105.00mm\""),
            "{html}"
        );
        assert!(
            html.contains("width:297mm;height:420mm;transform:scale(0.25)"),
            "{html}"
        );
        assert!(
            html.contains("src=\"/notices/p/ja/a3.html?hoshin-embed\""),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"/notices/p/ja/a3.html\" aria-label=\"Open to print: p, ja, store &lt;x&gt;, A3\">A3</a> (297 × 420 mm)"),
            "{html}"
        );
        assert!(html.contains("Store <code>&lt;x&gt;</code>"), "{html}");
        assert!(html.contains("方針 &lt;b&gt;"), "{html}");
        assert!(html.contains("(25% of life size)"), "{html}");
        assert!(
            html.contains("Index pages: <a href=\"/notices/ja/\"><code>notices/ja/</code></a>."),
            "{html}"
        );
        assert!(!html.contains("<x>") && !html.contains("<b>"), "{html}");
    }

    #[test]
    fn without_a_site_or_notices_the_page_says_why() {
        let html = page(None, None).unwrap();
        assert!(html.contains("The site has not loaded yet"), "{html}");
        let empty = NoticesView {
            state: "built",
            percent: "25".into(),
            scale: "0.25".into(),
            index_pages: Vec::new(),
            policies: Vec::new(),
        };
        let html = pages::render("notices.html", &empty).unwrap();
        assert!(html.contains("Index pages: none."), "{html}");
        assert!(html.contains("the build has no notice"), "{html}");
    }

    #[test]
    fn embedded_sheets_get_the_print_layout_script() {
        let html = embed_snippet().unwrap();
        assert!(html.starts_with("<script>") && html.ends_with("</script>"));
        assert!(html.contains("appendMedium"), "{html}");
    }
}
