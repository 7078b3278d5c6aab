//! The notices pages for store managers: `notices/<lang>/` (and `notices/` in the source
//! language) and one page per store, `notices/<lang>/<store>/`.
//!
//! The index shows, per policy, the organisation's own sheets (those without a store): each
//! sheet a thumbnail at its paper's proportions, grouped by variant (a language, or several),
//! with its paper size, what that size is for and how to print it; then the list of stores,
//! each linking to its own page with its sheets. So a chain of 1,000 stores gets an index of
//! one store list plus 1,000 small pages, never a page of 3,000 thumbnails.
//!
//! A thumbnail is a miniature drawn from the sheet's own texts (headline, labels, the
//! organisation, a square where the QR code is), not a frame of the sheet: it costs no request,
//! needs no script, prints and reads the same in every browser, and is hidden from assistive
//! technology (`aria-hidden`), the link beside it naming the sheet. Each PDF and print-shop
//! bundle is linked only when this build prints PDFs (`hoshin build --pdf` with a browser).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::sheet::{Part, Variant};
use super::texts::{location_names, Texts};
use super::PolicyNotices;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::localise::phrases::plain;
use crate::render::escape::{self, phrase_html};
use crate::render::pages::LanguageSetup;
use crate::render::routes::{self, PrintJob};
use crate::render::templates::Templates;
use crate::render::Output;
use crate::site::config::Paper;
use crate::site::{Location, Site};

/// The sheets of one variant for one store, in paper order: each its paper and its files.
pub(super) struct RowLinks {
    pub(super) sheets: Vec<(Paper, PrintJob)>,
}

/// A miniature of a variant's sheet, from the sheet's own texts (escaped HTML).
#[derive(Debug, Clone, Serialize)]
struct Mini {
    /// The sheet's main language, the miniature's `lang`.
    lang: String,
    organisation: String,
    /// The headline in each language of the sheet, the main one first.
    headline: Vec<Part>,
    /// The labels in the main language.
    labels: Vec<String>,
    /// How many QR codes the sheet carries (one per language).
    codes: Vec<()>,
}

/// One store's (or the organisation's) sheets of a policy: the groups of an [`IndexEntry`] are
/// the organisation's, then each store's in `locations.toml` order.
#[derive(Debug)]
struct Group {
    /// Per variant, its sheets in paper order.
    rows: Vec<Vec<(Paper, PrintJob)>>,
    /// The print-shop bundles, per paper.
    bundles: Vec<(Paper, String)>,
}

/// One policy's notices as the index pages show them, in no language in particular.
#[derive(Debug)]
pub(super) struct IndexEntry {
    /// The policy's title in each language (config order), as HTML.
    titles: Vec<String>,
    /// Each variant: its languages and its miniature.
    variants: Vec<(Vec<usize>, Mini)>,
    /// The organisation's sheets, then each store's, in `locations.toml` order.
    groups: Vec<Group>,
}

impl IndexEntry {
    /// The entry of policy `slug`, from its texts, its variants and the sheets rendered for
    /// each store (`None` first).
    pub(super) fn new(
        slug: &str,
        setups: &[LanguageSetup],
        texts: &[Texts<'_>],
        variants: &[(Vec<usize>, Variant<'_>)],
        groups: Vec<(Option<&Location>, Vec<RowLinks>)>,
    ) -> IndexEntry {
        let titles = setups
            .iter()
            .map(|setup| {
                let language = &setup.language.language;
                texts
                    .iter()
                    .find(|t| t.code() == setup.code())
                    .map(|t| match language.primary() {
                        "ja" => phrase_html(&language.tag, &t.policy_title),
                        _ => escape::html(&t.policy_title),
                    })
                    .unwrap_or_default()
            })
            .collect();
        let variants = variants
            .iter()
            .map(|(langs, variant)| (langs.clone(), mini(variant)))
            .collect();
        let groups = groups
            .into_iter()
            .map(|(store, rows)| {
                let location = store.map(|l| l.id.get_ref().clone());
                let papers: Vec<Paper> = rows
                    .first()
                    .map(|r| r.sheets.iter().map(|(p, _)| *p).collect())
                    .unwrap_or_default();
                let bundles = papers
                    .iter()
                    .map(|&p| (p, routes::notice_bundle(slug, location.as_deref(), p)))
                    .collect();
                Group {
                    rows: rows.into_iter().map(|r| r.sheets).collect(),
                    bundles,
                }
            })
            .collect();
        IndexEntry {
            titles,
            variants,
            groups,
        }
    }
}

fn mini(variant: &Variant<'_>) -> Mini {
    let main = variant.langs.first();
    let lang = main.map_or_else(|| "und".to_string(), |t| t.code().to_string());
    Mini {
        organisation: main.map_or_else(String::new, |t| escape::html(&plain(&t.organisation))),
        headline: variant
            .langs
            .iter()
            .map(|t| Part {
                lang: (t.code() != lang).then(|| t.code().to_string()),
                html: phrase_html(&t.setup.language.language.tag, &t.headline),
            })
            .collect(),
        labels: main.map_or_else(Vec::new, |t| {
            let tag = &t.setup.language.language.tag;
            t.labels.iter().map(|l| phrase_html(tag, l)).collect()
        }),
        codes: vec![(); variant.langs.len()],
        lang,
    }
}

/// A paper size as the pages name it: `A4`, its size, and its key for the use string.
#[derive(Debug, Serialize)]
struct PaperView {
    key: &'static str,
    name: String,
    width: u32,
    height: u32,
}

impl PaperView {
    fn new(paper: Paper) -> PaperView {
        let (width, height) = paper.size_mm();
        PaperView {
            key: paper.key(),
            name: paper.key().to_uppercase(),
            width,
            height,
        }
    }
}

#[derive(Debug, Serialize)]
struct SheetView {
    paper: PaperView,
    /// The sheet's page and, when this build prints PDFs, its PDF (routes from the root).
    href: String,
    pdf: Option<String>,
}

#[derive(Debug, Serialize)]
struct VariantView<'a> {
    /// The variant's languages, each named in itself (with its `lang` when it is not the
    /// page's).
    name: Vec<Part>,
    mini: &'a Mini,
    /// The store's name in the sheet's main language, on a store's sheets.
    location: Option<String>,
    sheets: Vec<SheetView>,
}

#[derive(Debug, Serialize)]
struct PolicyView<'a> {
    title: &'a str,
    variants: Vec<VariantView<'a>>,
    /// The print-shop bundles, when this build prints PDFs.
    bundles: Vec<SheetView>,
}

#[derive(Debug, Serialize)]
struct IndexLanguage {
    code: String,
    name: String,
    href: String,
    current: bool,
}

#[derive(Debug, Serialize)]
struct StoreLink {
    /// The store's name in the page's language, as HTML.
    name: String,
    href: String,
}

#[derive(Debug, Serialize)]
struct IndexContext<'a> {
    lang: &'a str,
    /// The relative link to the site root (links below are routes from the root).
    root: String,
    title: String,
    languages: Vec<IndexLanguage>,
    /// On a store's page: the store's name (HTML), and the index it belongs to.
    store: Option<String>,
    index: String,
    papers: Vec<PaperView>,
    /// The papers' widths added up, in mm: a variant's row of sheets is drawn at one scale.
    papers_width: u32,
    /// Whether this build prints PDFs.
    pdf: bool,
    policies: Vec<PolicyView<'a>>,
    /// On the index: the stores, each linking to its page.
    stores: Vec<StoreLink>,
}

/// What one page shows: the index of a language (`None`) or one store's page.
struct Page<'a> {
    /// The page's language, by index among the site's languages.
    setup: usize,
    /// The store and its index in `locations.toml`, on a store's page.
    store: Option<(usize, &'a Location)>,
    route: String,
}

/// What every index page of one build shares.
struct Pages<'a> {
    site: &'a Site,
    templates: &'a Templates,
    setups: &'a [LanguageSetup],
    notices: &'a [&'a PolicyNotices],
    names: BTreeMap<(String, String), String>,
    papers: &'a [Paper],
    pdf: bool,
}

impl Pages<'_> {
    fn name(&self, location: &Location, lang: &str) -> Option<&String> {
        self.names
            .get(&(location.id.get_ref().clone(), lang.to_string()))
    }

    fn render(&self, page: &Page<'_>) -> Result<Vec<u8>, Diagnostic> {
        let setup = &self.setups[page.setup];
        let lang = setup.code();
        let language = &setup.language.language;
        let string = |id: &str| setup.strings.get(id).cloned().unwrap_or_default();
        let store_name = page
            .store
            .map(|(_, l)| self.name(l, lang).map(|n| plain(n)).unwrap_or_default());
        let mut title = format!(
            "{} | {}",
            string("notice-index-title"),
            string("site-title")
        );
        if let Some(name) = &store_name {
            title = format!("{name} | {title}");
        }
        // The organisation's sheets on the index, the store's on its page.
        let group = page.store.map_or(0, |(i, _)| i + 1);
        let sheet = |paper: Paper, job: &PrintJob| SheetView {
            paper: PaperView::new(paper),
            href: job.html.clone(),
            pdf: self.pdf.then(|| job.pdf.clone()),
        };
        let policies = self
            .notices
            .iter()
            .filter_map(|n| {
                let entry = &n.index;
                let g = entry.groups.get(group)?;
                let variants = entry
                    .variants
                    .iter()
                    .zip(&g.rows)
                    .map(|((langs, mini), row)| VariantView {
                        name: langs
                            .iter()
                            .filter_map(|&i| self.setups.get(i))
                            .map(|other| Part {
                                lang: (other.code() != lang).then(|| other.code().to_string()),
                                html: phrase_html(
                                    &other.language.language.tag,
                                    &other.language.name,
                                ),
                            })
                            .collect(),
                        mini,
                        location: page.store.map(|(_, l)| {
                            self.name(l, &mini.lang)
                                .map(|n| escape::html(&plain(n)))
                                .unwrap_or_default()
                        }),
                        sheets: row.iter().map(|(p, job)| sheet(*p, job)).collect(),
                    })
                    .collect();
                let bundles = if self.pdf {
                    g.bundles
                        .iter()
                        .map(|(p, pdf)| SheetView {
                            paper: PaperView::new(*p),
                            href: pdf.clone(),
                            pdf: Some(pdf.clone()),
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                Some(PolicyView {
                    title: entry.titles.get(page.setup).map_or("", String::as_str),
                    variants,
                    bundles,
                })
            })
            .collect();
        let locations: &[Location] = self.site.locations.as_ref().map_or(&[], |l| &l.list);
        let stores = match page.store {
            Some(_) => Vec::new(),
            None => locations
                .iter()
                .map(|l| StoreLink {
                    name: self
                        .name(l, lang)
                        .map(|n| phrase_html(&language.tag, n))
                        .unwrap_or_default(),
                    href: routes::notice_store_index(lang, l.id.get_ref()),
                })
                .collect(),
        };
        let ctx = IndexContext {
            lang,
            root: routes::root_of(&page.route),
            title,
            languages: self
                .setups
                .iter()
                .map(|l| IndexLanguage {
                    code: l.code().to_string(),
                    name: l.language.name.clone(),
                    href: match page.store {
                        Some((_, s)) => routes::notice_store_index(l.code(), s.id.get_ref()),
                        None => routes::notice_index(l.code()),
                    },
                    current: l.code() == lang,
                })
                .collect(),
            store: page.store.map(|(_, l)| {
                self.name(l, lang)
                    .map(|n| phrase_html(&language.tag, n))
                    .unwrap_or_default()
            }),
            index: routes::notice_index(lang),
            papers: self.papers.iter().map(|p| PaperView::new(*p)).collect(),
            papers_width: self.papers.iter().map(|p| p.size_mm().0).sum(),
            pdf: self.pdf,
            policies,
            stores,
        };
        // The UI strings as `ui`, shared by every page of the language.
        self.templates
            .render_with_ui("notice_index.html", &ctx, &setup.ui)
    }
}

/// The notices pages: per language its index (and the source language's again at
/// `notices/`) and a page per store, listing `notices` in the given order. `pdf`: whether this
/// build prints PDFs, so that they are linked.
pub(crate) fn pages(
    site: &Site,
    templates: &Templates,
    setups: &[LanguageSetup],
    notices: &[&PolicyNotices],
    pdf: bool,
) -> Result<Output, Diagnostics> {
    let Some(settings) = &site.config.notices else {
        return Ok(Output::new());
    };
    let mut diags = Diagnostics::new();
    let names = location_names(site, &mut diags);
    let locations: &[Location] = site.locations.as_ref().map_or(&[], |l| &l.list);
    let mut list: Vec<Page> = Vec::new();
    for (i, setup) in setups.iter().enumerate() {
        let lang = setup.code();
        let index = |route| Page {
            setup: i,
            store: None,
            route,
        };
        list.push(index(routes::notice_index(lang)));
        if i == 0 {
            list.push(index(routes::notices_home()));
        }
        for (s, l) in locations.iter().enumerate() {
            list.push(Page {
                setup: i,
                store: Some((s, l)),
                route: routes::notice_store_index(lang, l.id.get_ref()),
            });
        }
    }
    let shared = Pages {
        site,
        templates,
        setups,
        notices,
        names,
        papers: &settings.paper,
        pdf,
    };
    // Pages in parallel, merged in route order: the output does not depend on scheduling.
    let rendered: Vec<Result<Vec<u8>, Diagnostic>> =
        list.par_iter().map(|page| shared.render(page)).collect();
    let mut out = Output::new();
    for (page, html) in list.iter().zip(rendered) {
        match html {
            Ok(html) => {
                out.insert(routes::page_file(&page.route), html);
            }
            Err(d) => diags.push(d),
        }
    }
    diags.into_result(out)
}
