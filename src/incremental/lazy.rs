//! Pages rendered when asked for, after a template or locale edit: the new templates and
//! locales are set up and the pages listing every policy rendered at once, the preview reloads,
//! and each policy page is rendered from the new renderer when a browser asks for it (about a
//! millisecond) while [`super::Builder::complete`] renders the whole site behind it. No page
//! rendered from the old templates or locales is served after the reload: the files this
//! build renders anew are either taken from it or rendered on the spot; the others (static
//! files) are the same in both builds.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::{Output, Rendered, Renderer};
use crate::site::Site;

/// A build whose policy pages are rendered as they are asked for.
pub struct Pending {
    site: Arc<Site>,
    renderer: Arc<Renderer>,
    /// The pages listing every policy, rendered already.
    listing: Output,
    /// Each policy page's output path, with the index of its policy in `site.policies`.
    owners: HashMap<String, usize>,
    /// The policy pages rendered so far, by output path.
    done: Mutex<HashMap<String, Vec<u8>>>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("listing", &self.listing.len())
            .field("pages", &self.owners.len())
            .finish_non_exhaustive()
    }
}

impl Pending {
    /// The build of `site` with `renderer`, whose policy pages are the ones `previous` (the
    /// last build, of the same content) has.
    pub(super) fn new(
        site: Arc<Site>,
        renderer: Arc<Renderer>,
        listing: Output,
        previous: &Rendered,
    ) -> Pending {
        let index: HashMap<&str, usize> = site
            .policies
            .iter()
            .enumerate()
            .map(|(i, p)| (p.slug.as_str(), i))
            .collect();
        let owners = previous
            .page_owners()
            .filter(|(path, _)| !site.theme.static_files.contains_key(path))
            .filter_map(|(path, slug)| Some((path, *index.get(slug)?)))
            .collect();
        Pending {
            site,
            renderer,
            listing,
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
        if let Some(bytes) = self.listing.get(path) {
            return Some(Ok(bytes.clone()));
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
