//! Incremental rebuilds for `serve`: the same pipeline as [`crate::render()`], run only for what a
//! change touches.
//!
//! Each changed path is sorted into a [`ChangeKind`], as Zola's `serve` does, and the kind picks
//! the rebuild:
//!
//! - `content/<slug>/…` of a policy the site already has → reload that policy alone
//!   ([`crate::site::content::load_policy`]), validate the site, and re-render that policy's pages,
//!   its notices, and the pages that list every policy ([`Renderer::rerender_policy`]);
//! - `reviews/…` → nothing to render (the review files feed only `hoshin check`);
//! - anything else (`hoshin.toml`, `locations.toml`, `locales/`, `themes/`, `templates/`,
//!   `static/`, a policy folder added or removed, a path we do not know) → the full build.
//!
//! Any error on the incremental path also falls back to the full build, so the diagnostics are
//! exactly the full build's. The result always equals a full build byte for byte
//! (`tests/incremental.rs` checks it after every step of a sequence of edits).
//!
//! This module keeps the last good build; it does not write files or watch them ([`crate::serve`]
//! does).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostics, Severity};
use crate::render::{Output, Rendered, Renderer};
use crate::site::{LoadOptions, Site};

/// What a changed path can affect, which decides how much to rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// A file in the folder of a policy the site has: re-render that policy.
    Policy(String),
    /// A review file: only `hoshin check`'s report changes.
    Reviews,
    /// Anything else: rebuild everything.
    Full,
}

/// Sorts a changed path (absolute, inside `site.root`) into what it can affect.
pub fn classify(site: &Site, path: &Path) -> ChangeKind {
    let Ok(rel) = path.strip_prefix(&site.root) else {
        return ChangeKind::Full;
    };
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str().unwrap_or("\0"),
            _ => "\0",
        })
        .collect();
    match parts.as_slice() {
        ["reviews", _, ..] => ChangeKind::Reviews,
        ["content", slug, ..] => {
            let known = site.policies.iter().any(|p| p.slug == *slug);
            // A folder that appeared or disappeared changes the list of policies.
            if known && site.root.join("content").join(slug).is_dir() {
                ChangeKind::Policy((*slug).to_string())
            } else {
                ChangeKind::Full
            }
        }
        _ => ChangeKind::Full,
    }
}

/// How an update was built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuilt {
    /// Everything: load, validate, render.
    Full,
    /// Only the given number of policies, re-rendered into the last good build.
    Policies(usize),
    /// Nothing to render (review files only).
    Nothing,
}

/// The result of a build or an update, for `serve` to publish.
#[derive(Debug)]
pub struct Outcome {
    /// The site as loaded now, when it loaded (also when it then failed to validate or render).
    pub site: Option<Arc<Site>>,
    /// The output and its warnings, or the errors.
    pub result: Result<(Arc<Output>, Diagnostics), Diagnostics>,
    /// How much was rebuilt.
    pub rebuilt: Rebuilt,
}

/// The last good build: the loaded site, the renderer set up for it, and what it rendered.
struct Build {
    site: Arc<Site>,
    renderer: Renderer,
    rendered: Rendered,
    output: Arc<Output>,
    warnings: Diagnostics,
}

/// Builds a site and keeps the last good build, so that later changes rebuild only what they
/// touch.
pub struct Builder {
    root: PathBuf,
    options: LoadOptions,
    last: Option<Build>,
    /// Paths changed since `last` was built and not yet in it (after failed rebuilds).
    pending: BTreeSet<PathBuf>,
}

impl Builder {
    /// A builder for the site at `root`, with no build yet.
    pub fn new(root: &Path, options: LoadOptions) -> Builder {
        Builder {
            root: root.to_path_buf(),
            options,
            last: None,
            pending: BTreeSet::new(),
        }
    }

    /// The load options every build uses.
    pub fn options(&self) -> &LoadOptions {
        &self.options
    }

    /// Loads, validates and renders the whole site, as `hoshin build` does in memory.
    pub fn full(&mut self) -> Outcome {
        let site = match Site::load(&self.root, &self.options) {
            Ok(site) => Arc::new(site),
            Err(d) => return failed(None, d),
        };
        let (renderer, mut rendered, checks) = match crate::render_keeping(&site) {
            Ok(r) => r,
            Err(d) => return failed(Some(site), d),
        };
        let output = Arc::new(std::mem::take(&mut rendered.output));
        self.pending.clear();
        self.last = Some(Build {
            site: Arc::clone(&site),
            renderer,
            rendered,
            output: Arc::clone(&output),
            warnings: checks.clone(),
        });
        Outcome {
            site: Some(site),
            result: Ok((output, checks)),
            rebuilt: Rebuilt::Full,
        }
    }

    /// Rebuilds after `paths` changed: only what they touch when that is simple and safe,
    /// else everything (see the module comment).
    pub fn update(&mut self, paths: &[PathBuf]) -> Outcome {
        self.pending.extend(paths.iter().cloned());
        let Some(last) = &self.last else {
            return self.full();
        };
        let mut slugs = BTreeSet::new();
        for path in &self.pending {
            match classify(&last.site, path) {
                ChangeKind::Policy(slug) => {
                    slugs.insert(slug);
                }
                ChangeKind::Reviews => {}
                ChangeKind::Full => return self.full(),
            }
        }
        if slugs.is_empty() {
            self.pending.clear();
            return Outcome {
                site: Some(Arc::clone(&last.site)),
                result: Ok((Arc::clone(&last.output), last.warnings.clone())),
                rebuilt: Rebuilt::Nothing,
            };
        }
        match self.rerender(&slugs) {
            Some(outcome) => outcome,
            None => self.full(),
        }
    }

    /// Reloads and re-renders the given policies into the last good build; `None` on any
    /// error (the caller then runs the full build, which reports it).
    fn rerender(&mut self, slugs: &BTreeSet<String>) -> Option<Outcome> {
        let last = self.last.as_mut()?;
        let mut site = Site::clone(&last.site);
        for slug in slugs {
            let dir = site.root.join("content").join(slug);
            let policy = crate::site::content::load_policy(&site.root, &dir, &site.config).ok()?;
            let slot = site.policies.iter_mut().find(|p| p.slug == *slug)?;
            // The locales hold the library texts of the items policies reference, located at
            // their ids: an edit of a policy.toml that uses the library reloads them all.
            let library = |p: &crate::site::content::Policy| {
                crate::site::library_texts::uses_library(&p.data)
            };
            if (library(slot) || library(&policy)) && slot.data_file.text != policy.data_file.text {
                return None;
            }
            *slot = policy;
        }
        crate::site::content::sort_policies(&mut site.policies);
        let mut checks = crate::validate::validate(&site);
        if checks.has_errors() {
            return None;
        }
        checks.0.retain(|d| d.severity == Severity::Warning);
        // The render warnings (static files over generated ones) of the last full render.
        checks.extend(last.rendered.warnings.clone());
        // Re-render into a copy of the files: the served build keeps the old ones until the
        // new build is complete.
        last.rendered.output = Output::clone(&last.output);
        for (i, slug) in slugs.iter().enumerate() {
            if let Err(_errors) = last
                .renderer
                .rerender_policy(&site, &mut last.rendered, slug)
            {
                // The full build reports the errors. A failed policy leaves `rendered` as it
                // was, but earlier ones of this batch are already in it: then start afresh.
                if i > 0 {
                    self.last = None;
                }
                return None;
            }
        }
        let output = Arc::new(std::mem::take(&mut last.rendered.output));
        let site = Arc::new(site);
        last.site = Arc::clone(&site);
        last.output = Arc::clone(&output);
        last.warnings = checks.clone();
        self.pending.clear();
        Some(Outcome {
            site: Some(site),
            result: Ok((output, checks)),
            rebuilt: Rebuilt::Policies(slugs.len()),
        })
    }
}

fn failed(site: Option<Arc<Site>>, errors: Diagnostics) -> Outcome {
    Outcome {
        site,
        result: Err(errors),
        rebuilt: Rebuilt::Full,
    }
}
