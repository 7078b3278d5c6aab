//! Pages rendered when asked for, after a template or locale edit: the new templates and
//! locales are set up, the preview reloads, and each page is rendered from the new renderer
//! when a browser asks for it (a policy's pages in about a millisecond; the pages listing
//! every policy, together, in about 150 ms at 20,000 pages) while
//! [`super::Builder::complete`] renders the whole site behind it. No page rendered from the
//! old templates or locales is served after the reload: the files this build renders anew are
//! either taken from it or rendered on the spot; the others (static files) are the same in
//! both builds.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::{Output, Rendered, Renderer};
use crate::site::Site;

/// A build whose policy pages are rendered as they are asked for.
pub struct Pending {
    site: Arc<Site>,
    renderer: Arc<Renderer>,
    /// What the listing pages show of each policy (the same as in the previous build).
    view: Rendered,
    /// The paths of the pages listing every policy (language homes, chooser, sitemap…).
    listing_paths: HashSet<String>,
    /// Those pages, rendered when the first of them is asked for.
    listing: OnceLock<Result<Output, Diagnostics>>,
    /// Each policy page's output path, with the index of its policy in `site.policies`.
    owners: HashMap<String, usize>,
    /// The policy pages rendered so far, by output path.
    done: Mutex<HashMap<String, Vec<u8>>>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("listing", &self.listing_paths.len())
            .field("pages", &self.owners.len())
            .finish_non_exhaustive()
    }
}

impl Pending {
    /// The build of `site` with `renderer`, whose pages are the ones `previous` (the last
    /// build, of the same content, with its files `files`) has: the policy pages of each
    /// policy, and the pages listing them (every other file but the static ones).
    pub(super) fn new(
        site: Arc<Site>,
        renderer: Arc<Renderer>,
        previous: &Rendered,
        files: &Output,
    ) -> Pending {
        let index: HashMap<&str, usize> = site
            .policies
            .iter()
            .enumerate()
            .map(|(i, p)| (p.slug.as_str(), i))
            .collect();
        let owners: HashMap<String, usize> = previous
            .page_owners()
            .filter(|(path, _)| !site.theme.static_files.contains_key(path))
            .filter_map(|(path, slug)| Some((path, *index.get(slug)?)))
            .collect();
        let listing_paths = (files.keys())
            .filter(|p| !owners.contains_key(*p) && !site.theme.static_files.contains_key(*p))
            .cloned()
            .collect();
        Pending {
            view: previous.listing_view(),
            site,
            renderer,
            listing_paths,
            listing: OnceLock::new(),
            owners,
            done: Mutex::new(HashMap::new()),
        }
    }

    /// The site this build renders.
    pub fn site(&self) -> &Arc<Site> {
        &self.site
    }

    /// The renderer set up with the new templates and locales.
    pub(super) fn renderer(&self) -> &Arc<Renderer> {
        &self.renderer
    }

    /// The file at `path` (a key of [`Output`]) as this build renders it: `None` when this
    /// build does not render it anew (the previous build's file, if any, is the same), else
    /// the bytes, rendering its policy's pages now if no one asked for them yet, or the errors
    /// of that render.
    pub fn get(&self, path: &str) -> Option<Result<Vec<u8>, Diagnostics>> {
        if self.listing_paths.contains(path) {
            let listing = self
                .listing
                .get_or_init(|| self.renderer.listing_pages(&self.site, &self.view));
            return Some(match listing {
                Ok(files) => files.get(path).cloned().ok_or_else(|| {
                    Diagnostic::error(format!("internal: `{path}` was not rendered again")).into()
                }),
                Err(d) => Err(d.clone()),
            });
        }
        let &index = self.owners.get(path)?;
        if let Some(bytes) = self.lock().get(path) {
            return Some(Ok(bytes.clone()));
        }
        let policy = self.site.policies.get(index)?;
        // Two requests of the same policy at once may both render it: the bytes are the same.
        let files = match self.renderer.policy_files(&self.site, policy) {
            Ok(files) => files,
            Err(d) => return Some(Err(d)),
        };
        let mut done = self.lock();
        let mut found = None;
        for (p, bytes) in files {
            if p == path {
                found = Some(bytes.clone());
            }
            done.insert(p, bytes);
        }
        Some(found.ok_or_else(|| {
            Diagnostic::error(format!("internal: `{path}` was not rendered again")).into()
        }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<u8>>> {
        self.done.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
