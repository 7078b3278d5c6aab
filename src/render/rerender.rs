//! Re-rendering a few policies into a kept render, for `serve` ([`crate::incremental`]).
//!
//! [`Renderer::rerender_policies`] re-renders a batch of policies (their pages and notices) and
//! skips the pages listing every policy (language homes, chooser, sitemap, notice indexes)
//! when nothing they show of these policies changed, and says which files it touched, so that
//! `serve` compares and copies only those. On a 20,000-page site the listing pages are most of
//! the cost of a content edit (about 150 ms on 2 cores), and a body edit leaves them as they were.
//!
//! After a template or locale edit, `serve` renders page by page instead
//! ([`crate::incremental::Pending`]): [`Renderer::listing_pages`] at once, then
//! [`Renderer::policy_files`] for each policy page a browser asks for, while the whole site
//! renders behind.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::pages::{self, PageMeta, PolicyPage};
use super::{routes, Output, PolicyOutput, Rendered, Renderer};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::content::Policy;
use crate::site::Site;

impl Renderer {
    /// Re-renders the policies `slugs` of `site` into `rendered`, after only those policies'
    /// files changed: their pages in each language and their notices, and the pages that list
    /// every policy when `order_changed` (the display order of the policies moved) or when what
    /// they show of one of these policies changed (title, description, route, alternates) or it
    /// has notices. Returns every output path written or removed.
    ///
    /// The result equals [`Renderer::render`] of `site`, provided `rendered` came from `site` as
    /// it was before these policies changed and this renderer was set up from the same theme,
    /// config and locales. On error `rendered` is left as it was.
    pub fn rerender_policies(
        &self,
        site: &Site,
        rendered: &mut Rendered,
        slugs: &BTreeSet<String>,
        order_changed: bool,
    ) -> Result<BTreeSet<String>, Diagnostics> {
        let mut policies: Vec<&Policy> = Vec::new();
        for slug in slugs {
            match site.policies.iter().find(|p| p.slug == *slug) {
                Some(p) => policies.push(p),
                None => {
                    let message = format!("internal: no policy `{slug}` to re-render");
                    return Err(Diagnostic::error(message).into());
                }
            }
        }
        let jobs = self.page_jobs(policies.iter().copied());
        let results: Vec<Result<PolicyPage, Diagnostics>> = jobs
            .par_iter()
            .map(|(policy, setup)| {
                pages::policy_page(site, &self.templates, policy, setup, self.scans)
            })
            .collect();
        let mut diags = Diagnostics::new();
        let mut entries: Vec<(String, PolicyOutput)> = policies
            .iter()
            .map(|p| (p.slug.clone(), PolicyOutput::default()))
            .collect();
        let mut files = Output::new();
        for ((policy, _), result) in jobs.iter().zip(results) {
            match result {
                Ok(page) => {
                    files.insert(routes::page_file(&page.meta.path), page.html);
                    if let Some((_, entry)) = entries.iter_mut().find(|(s, _)| *s == policy.slug) {
                        entry.pages.push(page.meta);
                    }
                }
                Err(d) => diags.extend(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        if let Some(notices) = self.notices(site)? {
            for (policy, (_, entry)) in policies.iter().zip(entries.iter_mut()) {
                entry.notices = notices.render_one(policy, &mut files)?;
            }
        }

        let listing_changed = order_changed
            || entries.iter().any(|(slug, new)| {
                rendered
                    .policies
                    .get(slug)
                    .is_none_or(|old| !same_listing(old, new))
            });
        // Swap the new entries in (the listing pages need them), keeping the old ones to
        // remove their files, or to swap back on error.
        let olds: Vec<(String, Option<PolicyOutput>)> = entries
            .into_iter()
            .map(|(slug, entry)| {
                let old = rendered.policies.insert(slug.clone(), entry);
                (slug, old)
            })
            .collect();
        if listing_changed {
            let listing =
                pages::site_pages(site, &self.templates, &self.setups, &rendered.policies)
                    .and_then(|mut v| {
                        v.extend(self.notice_index(site, &rendered.policies)?);
                        Ok(v)
                    });
            match listing {
                Ok(v) => files.extend(v),
                Err(d) => {
                    for (slug, old) in olds {
                        match old {
                            Some(old) => rendered.policies.insert(slug, old),
                            None => rendered.policies.remove(&slug),
                        };
                    }
                    return Err(d);
                }
            }
        }

        // Commit. A static file of the theme wins over a page at the same path, as in a full
        // build, where static files are copied last.
        let statics = &site.theme.static_files;
        let out = &mut rendered.output;
        let mut touched = BTreeSet::new();
        for path in olds
            .iter()
            .filter_map(|(_, o)| o.as_ref())
            .flat_map(PolicyOutput::paths)
        {
            if !statics.contains_key(&path) {
                out.remove(&path);
                touched.insert(path);
            }
        }
        for (path, bytes) in files {
            if !statics.contains_key(&path) {
                out.insert(path.clone(), bytes);
                touched.insert(path);
            }
        }
        Ok(touched)
    }
}

/// Whether the pages listing every policy show the same of a policy before and after: the
/// same pages (language, title, description, route, alternates) and no notices either time
/// (a notice index entry is not compared: a policy with notices always re-renders them).
fn same_listing(old: &PolicyOutput, new: &PolicyOutput) -> bool {
    let same_page = |a: &PageMeta, b: &PageMeta| {
        a.lang == b.lang
            && a.title == b.title
            && a.description == b.description
            && a.path == b.path
            && a.alternates == b.alternates
    };
    old.notices.is_none()
        && new.notices.is_none()
        && old.pages.len() == new.pages.len()
        && old
            .pages
            .iter()
            .zip(&new.pages)
            .all(|(a, b)| same_page(a, b))
}

/// Rendering page by page after only the templates or the locales changed, for `serve`'s
/// preview ([`crate::incremental`]): what each policy shows in the listing pages (title,
/// description, routes) comes from its documents and routes alone, so the listing pages can be
/// rendered at once from the kept [`Rendered`], and each policy page when it is asked for.
impl Renderer {
    /// Whether `site` prints notices (their index entries are not kept apart from the
    /// templates and locales: such a site re-renders as a whole).
    pub fn has_notices(&self, site: &Site) -> bool {
        matches!(self.notices(site), Ok(Some(_)))
    }

    /// The pages that list every policy (language homes, chooser, 404 page, sitemap,
    /// robots.txt), rendered from what `rendered` kept of each policy, without the paths a
    /// static file of the theme takes. Equal to a full render's, provided the policies' titles,
    /// descriptions and routes are the ones `rendered` kept and the site prints no notices.
    pub fn listing_pages(&self, site: &Site, rendered: &Rendered) -> Result<Output, Diagnostics> {
        let mut out = pages::site_pages(site, &self.templates, &self.setups, &rendered.policies)?;
        out.retain(|path, _| !site.theme.static_files.contains_key(path));
        Ok(out)
    }

    /// The pages of one policy in every language it has, by output path (without the paths a
    /// static file of the theme takes): the same bytes a full render writes.
    pub fn policy_files(
        &self,
        site: &Site,
        policy: &Policy,
    ) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
        let mut files = Vec::new();
        let mut diags = Diagnostics::new();
        for setup in &self.setups {
            if !policy.documents.contains_key(setup.code()) {
                continue;
            }
            match pages::policy_page(site, &self.templates, policy, setup, self.scans) {
                Ok(page) => {
                    let path = routes::page_file(&page.meta.path);
                    if !site.theme.static_files.contains_key(&path) {
                        files.push((path, page.html));
                    }
                }
                Err(d) => diags.extend(d),
            }
        }
        diags.into_result(files)
    }
}

impl Rendered {
    /// What the listing pages need of each policy (its pages' titles, descriptions and
    /// routes), without the files and without notices, for [`Renderer::listing_pages`].
    pub fn listing_view(&self) -> Rendered {
        let policies = (self.policies.iter())
            .map(|(slug, o)| {
                let entry = PolicyOutput {
                    pages: o.pages.clone(),
                    notices: None,
                };
                (slug.clone(), entry)
            })
            .collect();
        Rendered {
            output: Output::new(),
            policies,
            warnings: Diagnostics::new(),
        }
    }

    /// Every policy page's output path with its policy's slug.
    pub fn page_owners(&self) -> impl Iterator<Item = (String, &str)> + '_ {
        self.policies.iter().flat_map(|(slug, o)| {
            o.pages
                .iter()
                .map(move |p| (routes::page_file(&p.path), slug.as_str()))
        })
    }
}
