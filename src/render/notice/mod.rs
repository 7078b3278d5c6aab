//! Printable store-counter notices, rendered from the same source as the policy pages.
//!
//! With `[notices]` in `hoshin.toml`, every policy that marks examples `notice = true` gets a
//! notice per language, one with every language (`bilingual`, source language first), in each
//! configured paper size, and the same again for every store in `locations.toml`, at the
//! routes [`crate::render::routes`] gives; plus an index page per language. Notices are
//! `noindex` and not in the sitemap. Every text comes from Fluent: the policy's
//! `notice-<slug>` message (headline, `.lead`, `.stance`, `.request`), the examples' `.notice`
//! labels, `location-<id>` names and the theme's `notice-*` strings. Japanese texts get `<wbr>`
//! at phrase boundaries ([`crate::localise::phrases`]).
//!
//! The full build and `serve`'s re-rendering of one policy go through the same two steps:
//! [`Notices::texts`] (every language's texts of a policy) and [`Notices::render`] (every
//! sheet of it).

mod fit;
mod index;
mod sheet;
mod texts;

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::pages::LanguageSetup;
use super::routes::{self, NoticeRoute, PrintBundle, PrintJob};
use super::templates::Templates;
use super::Output;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::config::{NoticeSettings, Paper};
use crate::site::content::Policy;
use crate::site::{Location, Site};
pub(crate) use index::pages as index_pages;
use index::{IndexEntry, RowLinks};
use sheet::{notice_context, PhraseCache, Sheet, Variant};
pub use texts::QrCache;
use texts::{location_names, policy_texts, Texts};

/// The most labels a notice holds: more would not stay legible on one A5 card.
pub const MAX_LABELS: usize = 8;

/// One policy's notices: the sheets written and its entry in each language's notice index.
#[derive(Debug)]
pub(crate) struct PolicyNotices {
    /// Every sheet, with its HTML file and its PDF.
    pub(crate) sheets: Vec<PrintJob>,
    /// The print-shop bundles: per store (and the whole organisation) and paper, every
    /// variant's sheet.
    pub(crate) bundles: Vec<PrintBundle>,
    /// Its sheets as the notice index pages show them.
    index: IndexEntry,
}

/// What every policy's notices share: the settings, store names and caches.
pub(crate) struct Notices<'a> {
    site: &'a Site,
    settings: &'a NoticeSettings,
    templates: &'a Templates,
    setups: &'a [LanguageSetup],
    qr: &'a QrCache,
    names: BTreeMap<(String, String), String>,
    phrases: PhraseCache,
    /// The layout model's CSS, the same on every sheet.
    geometry: String,
}

impl<'a> Notices<'a> {
    /// Set up when the site asks for notices (`None` without `[notices]`); a store without
    /// its name in every language is an error.
    pub(crate) fn new(
        site: &'a Site,
        templates: &'a Templates,
        setups: &'a [LanguageSetup],
        qr: &'a QrCache,
    ) -> Result<Option<Notices<'a>>, Diagnostics> {
        let Some(settings) = &site.config.notices else {
            return Ok(None);
        };
        let mut diags = Diagnostics::new();
        let names = location_names(site, &mut diags);
        diags.into_result(Some(Notices {
            site,
            settings,
            templates,
            setups,
            qr,
            names,
            phrases: PhraseCache::default(),
            geometry: fit::css(),
        }))
    }

    /// Every language's texts of one policy's notice; `None` when it marks no example.
    fn texts(&self, policy: &Policy) -> Result<Option<Vec<Texts<'a>>>, Diagnostics> {
        policy_texts(self.site, self.setups, policy, self.qr)
    }

    /// Every notice of every policy, into `out`, by slug in display order. Texts are resolved
    /// for every policy first, so one run reports every missing text. A site that asks for
    /// notices while no policy has one gets a warning.
    pub(crate) fn render_all(
        &self,
        out: &mut Output,
        warnings: &mut Diagnostics,
    ) -> Result<Vec<(String, PolicyNotices)>, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut sets = Vec::new();
        for policy in &self.site.policies {
            match self.texts(policy) {
                Ok(Some(texts)) => sets.push((policy, texts)),
                Ok(None) => {}
                Err(d) => diags.extend(d),
            }
        }
        if sets.is_empty() && !diags.has_errors() {
            warnings.push(
                Diagnostic::warning(
                    "`[notices]` is set, but no policy marks an example with `notice = true`",
                )
                .in_file(&self.site.config.file)
                .help("mark the examples for the notice in content/<slug>/policy.toml"),
            );
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let mut rendered = Vec::new();
        for (policy, texts) in &sets {
            match self.render(policy, texts, out) {
                Ok(n) => rendered.push((policy.slug.clone(), n)),
                Err(d) => diags.extend(d),
            }
        }
        diags.into_result(rendered)
    }

    /// One policy's notices, into `out`, when it marks examples for them.
    pub(crate) fn render_one(
        &self,
        policy: &Policy,
        out: &mut Output,
    ) -> Result<Option<PolicyNotices>, Diagnostics> {
        match self.texts(policy)? {
            Some(texts) => self.render(policy, &texts, out).map(Some),
            None => Ok(None),
        }
    }

    /// Renders one policy's notices (every variant, store and paper) into `out`.
    fn render(
        &self,
        policy: &Policy,
        texts: &[Texts<'_>],
        out: &mut Output,
    ) -> Result<PolicyNotices, Diagnostics> {
        let settings = self.settings;
        let mut diags = Diagnostics::new();
        let locations: &[Location] = self.site.locations.as_ref().map_or(&[], |l| &l.list);
        // The sheets the site asks for; texts come in config order, one per language.
        let all: Vec<&str> = texts.iter().map(|t| t.code()).collect();
        let variants: Vec<(Vec<usize>, Variant)> = settings
            .sheets
            .iter()
            .map(|codes| {
                let langs: Vec<usize> = codes
                    .iter()
                    .filter_map(|c| all.iter().position(|a| a == c))
                    .collect();
                let variant = Variant {
                    key: routes::variant_key(codes, &all),
                    langs: langs.iter().map(|&i| &texts[i]).collect(),
                };
                (langs, variant)
            })
            .collect();
        let mut stores: Vec<Option<&Location>> = vec![None];
        stores.extend(locations.iter().map(Some));
        let base_url = self.site.config.base_url.as_str();
        let chooser_qr = self.qr.svg(base_url).unwrap_or_else(|msg| {
            diags.push(Diagnostic::error(msg).in_file(&self.site.config.file));
            String::new()
        });
        // Stores render in parallel: a notice is a pure function of its inputs, and the
        // results are merged in store order, so output and diagnostics do not depend on
        // scheduling.
        type Rendered = (
            Vec<RowLinks>,
            Vec<(PrintJob, Result<String, Diagnostic>)>,
            Vec<Overflowed>,
        );
        let rendered: Vec<Rendered> = stores
            .par_iter()
            .map(|&store| {
                let (mut rows, mut pages, mut overflows) = (Vec::new(), Vec::new(), Vec::new());
                for (v, (_, variant)) in variants.iter().enumerate() {
                    let mut sheets = Vec::new();
                    for &paper in &settings.paper {
                        let route = NoticeRoute {
                            slug: &policy.slug,
                            variant: &variant.key,
                            location: store.map(|l| l.id.get_ref().as_str()),
                            paper,
                        };
                        let file = route.file();
                        let phone = store
                            .and_then(|l| l.phone.clone())
                            .or_else(|| policy.data.contact.as_ref().and_then(|c| c.phone.clone()));
                        let sheet = Sheet {
                            store,
                            phone,
                            paper,
                            root: routes::root_of(&file),
                            chooser: (base_url, &chooser_qr),
                        };
                        let job = PrintJob {
                            html: file,
                            pdf: route.pdf(),
                        };
                        match notice_context(
                            variant,
                            sheet,
                            &self.names,
                            &self.phrases,
                            &self.geometry,
                        ) {
                            Ok(ctx) => {
                                sheets.push((paper, job.clone()));
                                pages.push((job, self.templates.render("notice.html", &ctx)))
                            }
                            Err(overflow) => overflows.push(Overflowed {
                                variant: v,
                                paper,
                                store: store.map(|l| l.id.get_ref().clone()),
                                overflow,
                            }),
                        }
                    }
                    rows.push(RowLinks { sheets });
                }
                (rows, pages, overflows)
            })
            .collect();
        let mut overflows: Vec<Overflowed> = Vec::new();
        let mut sheets = Vec::new();
        let mut bundles = Vec::new();
        let mut groups: Vec<(Option<&Location>, Vec<RowLinks>)> = Vec::new();
        for (store, (rows, pages, over)) in stores.iter().zip(rendered) {
            overflows.extend(over);
            for (job, html) in pages {
                match html {
                    Ok(html) => {
                        out.insert(job.html.clone(), html.into_bytes());
                        sheets.push(job);
                    }
                    Err(d) => diags.push(d),
                }
            }
            let location = store.map(|l| l.id.get_ref().as_str());
            for &paper in &settings.paper {
                let sheets = variants.iter().map(|(_, variant)| {
                    NoticeRoute {
                        slug: &policy.slug,
                        variant: &variant.key,
                        location,
                        paper,
                    }
                    .pdf()
                });
                bundles.push(PrintBundle {
                    pdf: routes::notice_bundle(&policy.slug, location, paper),
                    sheets: sheets.collect(),
                });
            }
            groups.push((*store, rows));
        }
        for d in overflow_errors(self.site, policy, &variants, &overflows) {
            diags.push(d);
        }
        let index = index::IndexEntry::new(&policy.slug, self.setups, texts, &variants, groups);
        diags.into_result(PolicyNotices {
            sheets,
            bundles,
            index,
        })
    }
}

/// A sheet that does not fit on its paper at the smallest type.
struct Overflowed {
    variant: usize,
    paper: Paper,
    store: Option<String>,
    overflow: fit::Overflow,
}

/// One error per sheet and paper that does not fit, naming the notice, the paper, the first
/// store it fails for and what to drop; at the sheet's line in `hoshin.toml` when `sheets`
/// lists it.
fn overflow_errors(
    site: &Site,
    policy: &Policy,
    variants: &[(Vec<usize>, Variant)],
    overflows: &[Overflowed],
) -> Vec<Diagnostic> {
    let Some(settings) = &site.config.notices else {
        return Vec::new();
    };
    let mut seen: BTreeMap<(usize, Paper), (&Overflowed, usize)> = BTreeMap::new();
    for o in overflows {
        seen.entry((o.variant, o.paper)).or_insert((o, 0)).1 += 1;
    }
    let labels = variants
        .first()
        .and_then(|(_, v)| v.langs.first())
        .map_or(0, |t| t.labels.len());
    seen.into_values()
        .map(|(o, count)| {
            let (_, variant) = &variants[o.variant];
            let codes: Vec<&str> = variant.langs.iter().map(|t| t.code()).collect();
            let paper = o.paper;
            let which = match &o.store {
                None => "the whole organisation's sheet".to_string(),
                Some(s) if count > 1 => format!("the sheet of store `{s}` and {} more", count - 1),
                Some(s) => format!("the sheet of store `{s}`"),
            };
            let larger = match paper {
                Paper::A5 => "A4 or A3 (`paper = [\"a4\"]`)",
                Paper::A4 => "A3 (`paper = [\"a3\"]`)",
                Paper::A3 => "a sheet with fewer languages",
            };
            let mut d = Diagnostic::error(format!(
                "the `{}` notice of `{}` ({}) does not fit on one {} sheet",
                variant.key,
                policy.slug,
                codes.join(", "),
                paper.name()
            ));
            d = match settings.sheet_spans.get(o.variant).cloned().flatten() {
                Some(span) => d.at(&site.config.file, span).label(format!("too much text for {}", paper.name())),
                None => d.in_file(&site.config.file),
            };
            d.note(format!(
                "{which} needs about {:.0} mm at the smallest type allowed on {} ({} pt), and the sheet has {:.0} mm",
                o.overflow.needed_mm,
                paper.name(),
                paper.min_text_pt(),
                o.overflow.height_mm
            ))
            .help(format!(
                "drop something: mark fewer examples `notice = true` in content/{}/policy.toml ({labels} now), put fewer languages on this sheet (`[notices] sheets`), or print it on {larger}",
                policy.slug
            ))
        })
        .collect()
}
