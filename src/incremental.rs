//! Incremental rebuilds for `serve`: the same pipeline as [`crate::render()`], run only for what a
//! change touches.
//!
//! Each changed path is sorted into a [`ChangeKind`], as Zola's `serve` does, and the kind picks
//! the rebuild:
//!
//! - `content/<slug>/…` of a policy the site already has → reload that policy alone
//!   ([`crate::site::content::load_policy`]), validate the site, and re-render that policy's pages,
//!   its notices, and the pages that list every policy when what they show of it changed
//!   ([`Renderer::rerender_policies`]);
//! - `reviews/…` → nothing to render (the review files feed only `hoshin check`);
//! - `templates/…`, `themes/<theme>/templates/…` (the theme's static files and locales as they
//!   were) and `locales/<lang>/…` of a configured language, on a site without printed notices
//!   → reload the theme or the locales alone, set up a new renderer, and leave the pages to be
//!   rendered when asked for ([`Pending`],
//!   [`Builder::update_lazily`]) while [`Builder::complete`] renders the whole site;
//! - anything else (`hoshin.toml`, `locations.toml`, `themes/`, `static/`, a policy folder
//!   added or removed, a path we do not know) → the full build.
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
use crate::site::{LoadOptions, Site, Theme};

mod lazy;
pub use lazy::Pending;

/// What a changed path can affect, which decides how much to rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// A file in the folder of a policy the site has: re-render that policy.
    Policy(String),
    /// A review file: only `hoshin check`'s report changes.
    Reviews,
    /// A template of the site or of its theme.
    Templates,
    /// A Fluent file of a configured language in the site's `locales/`.
    Locales,
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
        ["templates", _, ..] => ChangeKind::Templates,
        ["themes", theme, "templates", _, ..] if *theme == site.config.theme => {
            ChangeKind::Templates
        }
        ["locales", lang, .., file]
            if file.ends_with(".ftl") && site.config.languages.iter().any(|l| l.code == *lang) =>
        {
            ChangeKind::Locales
        }
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
    /// The templates or the locales changed: the pages as asked for, then everything
    /// ([`Builder::complete`]).
    Lazily,
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
    /// After an update of the previous good build: every output path that may differ from
    /// that build's (paths outside it are the same file, or absent from both); `None` when
    /// unknown (a full build), and then every file may differ.
    pub changed: Option<BTreeSet<String>>,
    /// After [`Builder::update_lazily`] set up new templates or locales: the pages they render,
    /// as asked for; `result` then holds the previous build's files, which are the same except
    /// for the ones this renders, and [`Builder::complete`] must follow.
    pub pending: Option<Arc<Pending>>,
}

/// The last good build: the loaded site, the renderer set up for it, and what it rendered.
struct Build {
    site: Arc<Site>,
    renderer: Arc<Renderer>,
    /// What each policy rendered (its `output` is empty: the files are in `output`).
    rendered: Rendered,
    output: Arc<Output>,
    warnings: Diagnostics,
    /// The build before this one, kept to be brought up to date and re-used by the next
    /// update instead of copying this one.
    spare: Option<Spare>,
}

/// The previous build's site and files, with what differs from the last build's: re-rendering
/// one policy into a copy of a 20,000-page site's files (half a gigabyte) and its loaded
/// content took hundreds of milliseconds, while bringing the previous ones up to date touches
/// only what the last update changed. Memory stays at two builds either way: the served one
/// and the one being made.
struct Spare {
    site: Arc<Site>,
    output: Arc<Output>,
    /// The policies that differ from the last build's.
    slugs: BTreeSet<String>,
    /// The output paths that differ from the last build's.
    paths: BTreeSet<String>,
}

/// Builds a site and keeps the last good build, so that later changes rebuild only what they
/// touch.
pub struct Builder {
    root: PathBuf,
    options: LoadOptions,
    last: Option<Build>,
    /// Paths changed since `last` was built and not yet in it (after failed rebuilds).
    pending: BTreeSet<PathBuf>,
    /// The build set up by [`Builder::update_lazily`], with its warnings, for
    /// [`Builder::complete`] to render.
    filling: Option<(Arc<Pending>, Diagnostics)>,
}

impl Builder {
    /// A builder for the site at `root`, with no build yet.
    pub fn new(root: &Path, options: LoadOptions) -> Builder {
        Builder {
            root: root.to_path_buf(),
            options,
            last: None,
            pending: BTreeSet::new(),
            filling: None,
        }
    }

    /// The load options every build uses.
    pub fn options(&self) -> &LoadOptions {
        &self.options
    }

    /// Loads, validates and renders the whole site, as `hoshin build` does in memory.
    pub fn full(&mut self) -> Outcome {
        // The spare build is dropped first: a full build then holds at most the served one
        // besides its own.
        if let Some(last) = &mut self.last {
            last.spare = None;
        }
        self.filling = None;
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
            renderer: Arc::new(renderer),
            rendered,
            output: Arc::clone(&output),
            warnings: checks.clone(),
            spare: None,
        });
        Outcome {
            site: Some(site),
            result: Ok((output, checks)),
            rebuilt: Rebuilt::Full,
            changed: None,
            pending: None,
        }
    }

    /// Rebuilds after `paths` changed: only what they touch when that is simple and safe,
    /// else everything (see the module comment). The result is complete: after a template or
    /// locale edit it is [`Builder::complete`]'s.
    pub fn update(&mut self, paths: &[PathBuf]) -> Outcome {
        let outcome = self.update_lazily(paths);
        match outcome.pending {
            Some(_) => self.complete().unwrap_or(outcome),
            None => outcome,
        }
    }

    /// [`Builder::update`], except that after a template or locale edit the outcome holds a
    /// [`Pending`] build (its policy pages rendered as asked for) and the previous build's
    /// files; [`Builder::complete`] must then be called to render the whole site.
    pub fn update_lazily(&mut self, paths: &[PathBuf]) -> Outcome {
        // Not completed: its paths are still pending, and set up again below.
        self.filling = None;
        self.pending.extend(paths.iter().cloned());
        let Some(last) = &self.last else {
            return self.full();
        };
        let mut slugs = BTreeSet::new();
        let (mut templates, mut locales) = (false, false);
        for path in &self.pending {
            match classify(&last.site, path) {
                ChangeKind::Policy(slug) => {
                    slugs.insert(slug);
                }
                ChangeKind::Reviews => {}
                ChangeKind::Templates => templates = true,
                ChangeKind::Locales => locales = true,
                ChangeKind::Full => return self.full(),
            }
        }
        if templates || locales {
            if !slugs.is_empty() {
                return self.full();
            }
            return match self.set_up(templates, locales) {
                Some(outcome) => outcome,
                None => self.full(),
            };
        }
        if slugs.is_empty() {
            self.pending.clear();
            return Outcome {
                site: Some(Arc::clone(&last.site)),
                result: Ok((Arc::clone(&last.output), last.warnings.clone())),
                rebuilt: Rebuilt::Nothing,
                changed: Some(BTreeSet::new()),
                pending: None,
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
        let spare = last.spare.take();
        let (mut site, mut output) = match spare {
            Some(spare) => caught_up(spare, &last.site, &last.output),
            None => (Site::clone(&last.site), Output::clone(&last.output)),
        };
        let order =
            |site: &Site| -> Vec<String> { site.policies.iter().map(|p| p.slug.clone()).collect() };
        let order_before = order(&site);
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
        let order_changed = order(&site) != order_before;
        let mut checks = crate::validate::validate(&site);
        if checks.has_errors() {
            return None;
        }
        checks.0.retain(|d| d.severity == Severity::Warning);
        // The render warnings (static files over generated ones) of the last full render.
        checks.extend(last.rendered.warnings.clone());
        // Re-render into the previous build's files brought up to date (or a copy of the
        // last): the served build keeps its files until the new build is complete.
        last.rendered.output = output;
        let changed =
            match last
                .renderer
                .rerender_policies(&site, &mut last.rendered, slugs, order_changed)
            {
                Ok(changed) => changed,
                // The full build reports the errors; `rendered` is left as it was.
                Err(_errors) => return None,
            };
        output = std::mem::take(&mut last.rendered.output);
        let output = Arc::new(output);
        let site = Arc::new(site);
        last.spare = Some(Spare {
            site: std::mem::replace(&mut last.site, Arc::clone(&site)),
            output: std::mem::replace(&mut last.output, Arc::clone(&output)),
            slugs: slugs.clone(),
            paths: changed.clone(),
        });
        last.warnings = checks.clone();
        self.pending.clear();
        Some(Outcome {
            site: Some(site),
            result: Ok((output, checks)),
            rebuilt: Rebuilt::Policies(slugs.len()),
            changed: Some(changed),
            pending: None,
        })
    }

    /// Reloads the theme (`templates`) and the locales (`locales`) and sets up a renderer;
    /// `None` when anything else changed with them or
    /// on any error (the caller then runs the full build, which reports it).
    fn set_up(&mut self, templates: bool, locales: bool) -> Option<Outcome> {
        let last = self.last.as_ref()?;
        let mut site = Site::clone(&last.site);
        if templates {
            let theme = Theme::load(&site.root, &site.config).ok()?;
            if !same_but_templates(&site.theme, &theme) {
                return None;
            }
            site.theme = theme;
        }
        let mut warnings = last.warnings.clone();
        if locales {
            site = site.with_reloaded_locales().ok()?;
            let mut checks = crate::validate::validate(&site);
            if checks.has_errors() {
                return None;
            }
            checks.0.retain(|d| d.severity == Severity::Warning);
            checks.extend(last.rendered.warnings.clone());
            warnings = checks;
        }
        let renderer = Renderer::new(&site).ok()?;
        if renderer.has_notices(&site) {
            return None;
        }
        let site = Arc::new(site);
        let pending = Arc::new(Pending::new(
            Arc::clone(&site),
            Arc::new(renderer),
            &last.rendered,
            &last.output,
        ));
        self.filling = Some((Arc::clone(&pending), warnings.clone()));
        Some(Outcome {
            site: Some(site),
            result: Ok((Arc::clone(&last.output), warnings)),
            rebuilt: Rebuilt::Lazily,
            changed: None,
            pending: Some(pending),
        })
    }

    /// Renders the whole site set up by the last [`Builder::update_lazily`] and keeps it as
    /// the last good build; `None` when there is no such site. On error the last good build
    /// stays, and the next update tries the same paths again.
    pub fn complete(&mut self) -> Option<Outcome> {
        let (pending, warnings) = self.filling.take()?;
        let site = Arc::clone(pending.site());
        let renderer = Arc::clone(pending.renderer());
        drop(pending);
        // The spare build is dropped first, as in a full build.
        if let Some(last) = &mut self.last {
            last.spare = None;
        }
        let mut rendered = match renderer.render(&site) {
            Ok(r) => r,
            Err(d) => return Some(failed(Some(site), d)),
        };
        let output = Arc::new(std::mem::take(&mut rendered.output));
        self.pending.clear();
        self.last = Some(Build {
            site: Arc::clone(&site),
            renderer,
            rendered,
            output: Arc::clone(&output),
            warnings: warnings.clone(),
            spare: None,
        });
        Some(Outcome {
            site: Some(site),
            result: Ok((output, warnings)),
            rebuilt: Rebuilt::Lazily,
            changed: None,
            pending: None,
        })
    }
}

/// Whether two loads of a theme differ in their templates' text only: the same template
/// names (a missing `not_found.html` means no 404 page), static files and locale files.
fn same_but_templates(old: &Theme, new: &Theme) -> bool {
    let texts = |t: &Theme| -> Vec<(String, Vec<String>)> {
        (t.locales.iter())
            .map(|(k, v)| (k.clone(), v.iter().map(|f| f.text.clone()).collect()))
            .collect()
    };
    old.name == new.name
        && old.templates.keys().eq(new.templates.keys())
        && old.static_files == new.static_files
        && texts(old) == texts(new)
}

/// The spare build's site and files made equal to `site` and `output` (the last build) by
/// copying what differs; a copy of the last build when something else still holds the spare
/// (a check still running on it, a request being answered from it).
fn caught_up(spare: Spare, site: &Arc<Site>, output: &Arc<Output>) -> (Site, Output) {
    let new_site = match Arc::try_unwrap(spare.site) {
        Ok(mut old) => {
            let mut ok = true;
            for slug in &spare.slugs {
                let from = site.policies.iter().find(|p| p.slug == *slug);
                let to = old.policies.iter_mut().find(|p| p.slug == *slug);
                match (from, to) {
                    (Some(from), Some(to)) => *to = from.clone(),
                    _ => ok = false,
                }
            }
            crate::site::content::sort_policies(&mut old.policies);
            if ok {
                old
            } else {
                Site::clone(site)
            }
        }
        Err(_) => Site::clone(site),
    };
    let new_output = match Arc::try_unwrap(spare.output) {
        Ok(mut old) => {
            for path in &spare.paths {
                match output.get(path) {
                    Some(bytes) => old.insert(path.clone(), bytes.clone()),
                    None => old.remove(path),
                };
            }
            old
        }
        Err(_) => Output::clone(output),
    };
    (new_site, new_output)
}

fn failed(site: Option<Arc<Site>>, errors: Diagnostics) -> Outcome {
    Outcome {
        site,
        result: Err(errors),
        rebuilt: Rebuilt::Full,
        changed: None,
        pending: None,
    }
}
