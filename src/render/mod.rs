//! The render stage: Tera templates turn localised views into pages, plus the notices, the
//! sitemap and robots.txt. Every output path and byte is a pure function of the input (no
//! timestamps; ordered maps), so two builds of the same site are byte-identical.
//!
//! - `templates`: the theme compiled once; Tera errors as located diagnostics;
//! - [`routes`]: every URL and output path;
//! - `pages`: policy pages, language homes, the chooser, sitemap and robots.txt;
//! - `notice`: printed notices and their index pages;
//! - [`markdown`]: Markdown sections to HTML;
//! - `escape`, `qr`, `sitemap`: the small formats pages are made of.

pub(crate) mod escape;
pub(crate) mod local;
pub mod markdown;
pub(crate) mod notice;
pub(crate) mod pages;
pub(crate) mod qr;
mod rerender;
pub mod routes;
pub(crate) mod sitemap;
pub(crate) mod templates;

use std::collections::{BTreeMap, HashSet};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::config::Fallback;
use crate::site::content::Policy;
use crate::site::Site;
use notice::{Notices, PolicyNotices, QrCache};
use pages::{LanguageSetup, PageMeta};
use routes::{PrintBundle, PrintJob};
pub use templates::Templates;

/// The files of a built site, by path relative to the output folder.
pub type Output = BTreeMap<String, Vec<u8>>;

/// Where rendered files go as they are made: a map in memory ([`Renderer::render`], for
/// `serve` and `check`), or `hoshin build`'s staging folder, so that a build never holds the
/// whole site. Called from several threads, in no particular order; a later file at the same
/// path replaces the earlier one (a theme's static file replaces a generated page).
pub trait Sink: Sync {
    /// Takes one file, by path relative to the output folder.
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic>;
}

impl Sink for Mutex<Output> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// What one policy contributed to a rendered site.
#[derive(Debug, Default)]
pub(crate) struct PolicyOutput {
    /// Its pages, one per language in config order.
    pub(crate) pages: Vec<PageMeta>,
    /// Its notices, when it has any.
    notices: Option<PolicyNotices>,
}

impl PolicyOutput {
    /// Every output path this policy owns.
    fn paths(&self) -> impl Iterator<Item = String> + '_ {
        self.pages.iter().map(|p| routes::page_file(&p.path)).chain(
            self.notices
                .iter()
                .flat_map(|n| n.sheets.iter().map(|s| s.html.clone())),
        )
    }
}

/// A rendered site plus what re-rendering one policy needs to know about the others: each
/// policy's titles, sitemap entries and notice index entries, and the routes it owns.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Every output file.
    pub output: Output,
    policies: BTreeMap<String, PolicyOutput>,
    /// Warnings of the full render: static files that replace a generated file (`serve` keeps
    /// them from the last full render when it re-renders one policy).
    pub warnings: Diagnostics,
}

impl Rendered {
    /// The pages `--pdf` prints, as they were rendered: every notice sheet, then every policy
    /// page, in display order.
    pub fn print_jobs(&self, site: &Site) -> Vec<PrintJob> {
        let policies = || {
            site.policies
                .iter()
                .filter_map(|p| Some((p, self.policies.get(&p.slug)?)))
        };
        let notices = policies()
            .filter_map(|(_, o)| o.notices.as_ref())
            .flat_map(|n| n.sheets.iter().cloned());
        let pages = policies().flat_map(|(p, o)| {
            o.pages.iter().map(|m| PrintJob {
                html: routes::page_file(&m.path),
                pdf: routes::policy_pdf(&m.lang, &p.slug),
            })
        });
        notices.chain(pages).collect()
    }

    /// The notice sheets, as [`Rendered::print_jobs`] lists them first; counting them does
    /// not list every policy page.
    pub fn notice_sheets(&self) -> impl Iterator<Item = &PrintJob> {
        self.policies
            .values()
            .filter_map(|o| o.notices.as_ref())
            .flat_map(|n| n.sheets.iter())
    }

    /// The print-shop bundles `--pdf` combines from the notices' PDFs, in display order.
    pub fn print_bundles(&self, site: &Site) -> Vec<PrintBundle> {
        site.policies
            .iter()
            .filter_map(|p| self.policies.get(&p.slug)?.notices.as_ref())
            .flat_map(|n| n.bundles.iter().cloned())
            .collect()
    }
}

/// The policy pages' results in (policy, language) order, merged: what the listing pages need
/// of each, or every error.
fn merge_pages<S: Into<String>>(
    pages: impl IntoIterator<Item = (S, Result<PageMeta, Diagnostics>)>,
) -> Result<Rendered, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut rendered = Rendered::default();
    for (slug, page) in pages {
        match page {
            Ok(meta) => {
                let entry = rendered.policies.entry(slug.into()).or_default();
                entry.pages.push(meta);
            }
            Err(d) => diags.extend(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(rendered)
}

/// What [`Renderer::render_policies_streaming`] did: what reading the documents found (in
/// policy order), the pages made, and what `look` returned for each policy read.
pub struct Streamed<T> {
    /// Errors and warnings from reading the documents.
    pub read: Diagnostics,
    /// What the listing pages need of each policy page, or the render's errors.
    pub rendered: Result<Rendered, Diagnostics>,
    /// `look`'s answer for each policy whose documents read, in policy order.
    pub looked: Vec<T>,
}

/// Renders every page of the site.
pub fn render_site(site: &Site) -> Result<Output, Diagnostics> {
    Ok(Renderer::new(site)?.render(site)?.output)
}

/// What all pages share, set up once from the theme, the config and the languages: compiled
/// templates and each language's UI strings.
///
/// A content edit changes none of these, so `serve` keeps one [`Renderer`] and re-renders
/// only the policies that changed ([`Renderer::rerender_policies`]); everything else rebuilds
/// it.
/// Both paths call the same page functions, so their output is the same.
pub struct Renderer {
    templates: Templates,
    setups: Vec<LanguageSetup>,
    qr: QrCache,
    /// Whether this build prints PDFs (`hoshin build --pdf` with a browser found): only then
    /// do the notice indexes link the notices' PDFs and the print-shop bundles.
    pdfs: bool,
    /// Whether each policy page keeps what `check` reads of its document as it renders it
    /// ([`Renderer::with_scans`]).
    scans: bool,
}

impl Renderer {
    /// Compiles the templates and sets up every language.
    pub fn new(site: &Site) -> Result<Renderer, Diagnostics> {
        let templates = Templates::new(&site.theme)?;
        let mut diags = Diagnostics::new();
        let fallback = (site.config.fallback == Fallback::Source).then(|| &site.source().locale);
        let mut setups = Vec::new();
        for language in site.languages() {
            match language.locale.ui_strings() {
                Ok(strings) => {
                    setups.push(LanguageSetup::new(
                        language.clone(),
                        fallback.cloned(),
                        strings,
                    ));
                }
                Err(d) => diags.extend(d),
            }
        }
        diags.into_result(Renderer {
            templates,
            setups,
            qr: QrCache::default(),
            pdfs: false,
            scans: false,
        })
    }

    /// Says whether PDFs will be printed from this render (`hoshin build --pdf` with a browser
    /// found), so that the notice indexes link them; off by default, and in `serve`.
    pub fn with_pdfs(mut self, pdfs: bool) -> Renderer {
        self.pdfs = pdfs;
        self
    }

    /// Says whether rendering a policy page also keeps its document's sections and links
    /// ([`crate::site::content::Document::sections`]) when the document has not been read for
    /// them yet, so that `check` and `serve` read each document's Markdown once. Off by
    /// default: `hoshin build` does not need them.
    pub fn with_scans(mut self, scans: bool) -> Renderer {
        self.scans = scans;
        self
    }

    /// Renders every page of the site into memory.
    pub fn render(&self, site: &Site) -> Result<Rendered, Diagnostics> {
        let sink = Mutex::new(Output::new());
        let mut rendered = self.render_into(site, &sink)?;
        rendered.output = sink.into_inner().unwrap_or_else(PoisonError::into_inner);
        Ok(rendered)
    }

    /// Renders every page of the site into `sink`, each policy page as soon as it is made;
    /// the returned [`Rendered`] has what the pages listing every policy need, and an empty
    /// `output`. The files are the same whatever the sink and the number of threads.
    pub fn render_into(&self, site: &Site, sink: &dyn Sink) -> Result<Rendered, Diagnostics> {
        let mut rendered = self.render_policies(site, sink)?;
        self.render_listings(site, &mut rendered, sink)?;
        Ok(rendered)
    }

    /// The first half of [`Renderer::render_into`]: every policy page, into `sink`. The
    /// pages that show a policy's body are all made here; `hoshin build` uses
    /// [`Renderer::render_policies_releasing`] instead, which lets go of each body once its
    /// pages are made.
    pub fn render_policies(&self, site: &Site, sink: &dyn Sink) -> Result<Rendered, Diagnostics> {
        // Policy pages, in parallel. Each page is a pure function of the loaded site; each goes
        // to the sink as soon as it is rendered, and what the listing pages need of it comes
        // back in (policy, language) order and is merged sequentially below, so the sitemap
        // order and the order of diagnostics do not depend on scheduling.
        let jobs = self.page_jobs(&site.policies);
        let pages: Vec<(&str, Result<PageMeta, Diagnostics>)> = jobs
            .par_iter()
            .map(|(policy, setup)| {
                (
                    policy.slug.as_str(),
                    self.page_into(site, policy, setup, sink),
                )
            })
            .collect();
        merge_pages(pages)
    }

    /// [`Renderer::render_policies`] for a site whose bodies are not needed afterwards: each
    /// policy's job reads its documents if they are unread ([`Policy::read_documents`]), makes
    /// its pages, and lets go of their bodies ([`Policy::release_bodies`]), so the memory
    /// they free is used by the pages still to come. At 20,000 pages the bodies are 144 MB
    /// of text, more than half of what the build held when they were all read first. The
    /// site's policies keep their front matter and data, which is all
    /// [`Renderer::render_listings`] reads. What reading the documents found comes first in
    /// the errors, or in the [`Rendered::warnings`], in policy order.
    pub fn render_policies_releasing(
        &self,
        site: &mut Site,
        sink: &dyn Sink,
    ) -> Result<Rendered, Diagnostics> {
        // Each policy is changed by its own job, while every job reads the rest of the site
        // (config and languages: a policy page reads no other policy).
        let mut policies = std::mem::take(&mut site.policies);
        let Streamed {
            mut read, rendered, ..
        } = self.render_policies_streaming(site, &mut policies, sink, |_, _| ());
        site.policies = policies;
        match rendered {
            Ok(mut rendered) if !read.has_errors() => {
                read.extend(std::mem::take(&mut rendered.warnings));
                rendered.warnings = read;
                Ok(rendered)
            }
            Ok(_) => Err(read),
            Err(errors) => {
                read.extend(errors);
                Err(read)
            }
        }
    }

    /// The streaming render under [`Renderer::render_policies_releasing`], for `policies`
    /// taken out of `site` (so that other work can read the rest of the site meanwhile): each
    /// policy's job reads its documents, makes its pages, hands the policy to `look` (`hoshin
    /// check` looks at its documents there) and lets go of the bodies. A policy whose
    /// documents do not read is neither rendered nor looked at.
    pub fn render_policies_streaming<T: Send>(
        &self,
        site: &Site,
        policies: &mut [Policy],
        sink: &dyn Sink,
        look: impl Fn(&Site, &Policy) -> T + Sync,
    ) -> Streamed<T> {
        type PolicyPages<T> = (
            Diagnostics,
            Vec<(String, Result<PageMeta, Diagnostics>)>,
            Option<T>,
        );
        let done: Vec<PolicyPages<T>> = policies
            .par_iter_mut()
            .map(|policy| {
                let found = policy.read_documents(&site.config);
                if found.has_errors() {
                    return (found, Vec::new(), None);
                }
                let pages = self
                    .page_jobs(std::iter::once(&*policy))
                    .into_iter()
                    .map(|(p, setup)| (p.slug.clone(), self.page_into(site, p, setup, sink)))
                    .collect();
                let looked = look(site, policy);
                policy.release_bodies();
                (found, pages, Some(looked))
            })
            .collect();
        let mut read = Diagnostics::new();
        let mut pages = Vec::new();
        let mut looked = Vec::new();
        for (f, p, l) in done {
            read.extend(f);
            pages.extend(p);
            looked.extend(l);
        }
        Streamed {
            read,
            rendered: merge_pages(pages),
            looked,
        }
    }

    /// One policy page, into `sink`; what the listing pages need of it comes back.
    fn page_into(
        &self,
        site: &Site,
        policy: &Policy,
        setup: &LanguageSetup,
        sink: &dyn Sink,
    ) -> Result<PageMeta, Diagnostics> {
        let page = pages::policy_page(site, &self.templates, policy, setup, self.scans)?;
        sink.put(&routes::page_file(&page.meta.path), page.html)?;
        Ok(page.meta)
    }

    /// The second half of [`Renderer::render_into`]: the pages listing every policy (homes,
    /// chooser, sitemap, 404), the notices and their indexes, and the static files, into
    /// `sink`, from what [`Renderer::render_policies`] returned. Reads no policy's body.
    pub fn render_listings(
        &self,
        site: &Site,
        rendered: &mut Rendered,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostics> {
        // The generated paths a static file replaces, for a warning. The static files are a
        // few; the policy paths are 20,000 at 20,000 pages, so they are looked up in the
        // static files rather than gathered.
        let statics: HashSet<&str> = site.theme.static_files.keys().map(String::as_str).collect();
        let mut generated: HashSet<String> = rendered
            .policies
            .values()
            .flat_map(PolicyOutput::paths)
            .filter(|path| statics.contains(path.as_str()))
            .collect();
        let mut failed = Diagnostics::new();
        pages::site_pages_into(
            site,
            &self.templates,
            &self.setups,
            &rendered.policies,
            &mut |path, bytes| match sink.put(&path, bytes) {
                Ok(()) => {
                    if statics.contains(path.as_str()) {
                        generated.insert(path);
                    }
                }
                Err(d) => failed.push(d),
            },
        )?;
        if failed.has_errors() {
            return Err(failed);
        }
        let mut rest = Output::new();
        if let Some(notices) = self.notices(site)? {
            for (slug, n) in notices.render_all(&mut rest, &mut rendered.warnings)? {
                rendered.policies.entry(slug).or_default().notices = Some(n);
            }
        }
        rest.extend(self.notice_index(site, &rendered.policies)?);
        for (path, bytes) in rest {
            sink.put(&path, bytes)?;
            if statics.contains(path.as_str()) {
                generated.insert(path);
            }
        }
        for (path, bytes) in &site.theme.static_files {
            if generated.contains(path) {
                let message =
                    format!("the static file `{path}` replaces the file hoshin generates there");
                let help = format!(
                    "rename or remove `static/{path}` (or the theme's), unless it should replace it"
                );
                rendered
                    .warnings
                    .push(Diagnostic::warning(message).help(help));
            }
            sink.put(path, bytes.clone())?;
        }
        Ok(())
    }

    /// Every page of `policies`: each policy in each configured language it has a document
    /// in, in (policy, language) order.
    fn page_jobs<'a>(
        &'a self,
        policies: impl IntoIterator<Item = &'a Policy>,
    ) -> Vec<(&'a Policy, &'a LanguageSetup)> {
        policies
            .into_iter()
            .flat_map(|p| self.setups.iter().map(move |s| (p, s)))
            .filter(|(p, s)| p.documents.contains_key(s.code()))
            .collect()
    }

    fn notices<'a>(&'a self, site: &'a Site) -> Result<Option<Notices<'a>>, Diagnostics> {
        Notices::new(site, &self.templates, &self.setups, &self.qr)
    }

    /// The notice index pages, from every policy's notices in display order.
    fn notice_index(
        &self,
        site: &Site,
        policies: &BTreeMap<String, PolicyOutput>,
    ) -> Result<Output, Diagnostics> {
        let notices: Vec<&PolicyNotices> = site
            .policies
            .iter()
            .filter_map(|p| policies.get(&p.slug)?.notices.as_ref())
            .collect();
        notice::index_pages(site, &self.templates, &self.setups, &notices, self.pdfs)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::site::LoadOptions;

    #[test]
    fn releasing_render_makes_the_same_pages_and_lets_go_of_every_body() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = Site::load(root, &LoadOptions::default()).expect("the default site loads");
        let renderer = Renderer::new(&site).expect("the default theme compiles");
        let kept = Mutex::new(Output::new());
        let expected = renderer.render_policies(&site, &kept).unwrap();

        let mut released_site = site.clone();
        let released = Mutex::new(Output::new());
        let got = renderer
            .render_policies_releasing(&mut released_site, &released)
            .unwrap();
        assert_eq!(
            kept.into_inner().unwrap(),
            released.into_inner().unwrap(),
            "the same files"
        );
        assert_eq!(
            format!("{:?}", expected.policies),
            format!("{:?}", got.policies),
            "the same listing data, in the same order"
        );
        let slugs = |s: &Site| {
            s.policies
                .iter()
                .map(|p| p.slug.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            slugs(&site),
            slugs(&released_site),
            "policies put back in order"
        );
        for (before, after) in site.policies.iter().zip(&released_site.policies) {
            for (b, a) in before.documents.values().zip(after.documents.values()) {
                assert!(!b.segments.is_empty(), "the original keeps its body");
                assert!(
                    a.segments.is_empty(),
                    "{} {}: body let go",
                    after.slug,
                    a.lang
                );
                assert_eq!(a.file.text, b.file.text[..b.front.body_start]);
                assert_eq!(a.front.title, b.front.title);
            }
        }
    }

    #[test]
    fn a_deferred_site_is_read_by_the_render_jobs_with_the_same_pages_and_warnings() {
        let (_tmp, root) = crate::test_sites::copy_fixture("minimal");
        // A document in a language the site does not have: a warning of reading the documents.
        std::fs::write(root.join("content/house-rules/fr.md"), "+++\n+++\n").unwrap();
        let root = root.as_path();
        let eager = Site::load(root, &LoadOptions::default()).expect("the site loads");
        let renderer = Renderer::new(&eager).expect("the default theme compiles");
        let kept = Mutex::new(Output::new());
        let expected = renderer.render_policies(&eager, &kept).unwrap();

        let options = LoadOptions {
            defer_documents: true,
            ..Default::default()
        };
        let mut deferred = Site::load(root, &options).expect("the site loads");
        assert!(
            deferred.policies.iter().all(|p| p.documents.is_empty()),
            "nothing read yet"
        );
        let streamed = Mutex::new(Output::new());
        let got = renderer
            .render_policies_releasing(&mut deferred, &streamed)
            .unwrap();
        assert_eq!(kept.into_inner().unwrap(), streamed.into_inner().unwrap());
        assert_eq!(
            format!("{:?}", expected.policies),
            format!("{:?}", got.policies)
        );
        // The load's warnings about documents come back from the render, in policy order.
        let load_warnings: Vec<String> = eager
            .policies
            .iter()
            .flat_map(|p| p.warnings.0.iter().map(|d| d.message.clone()))
            .collect();
        assert!(!load_warnings.is_empty(), "the case has a warning");
        let render_warnings: Vec<String> =
            got.warnings.0.iter().map(|d| d.message.clone()).collect();
        assert_eq!(load_warnings, render_warnings);
        for (e, d) in eager.policies.iter().zip(&deferred.policies) {
            assert_eq!(e.documents.len(), d.documents.len(), "{}", d.slug);
            for (b, a) in e.documents.values().zip(d.documents.values()) {
                assert!(a.segments.is_empty(), "{} {}: body let go", d.slug, a.lang);
                assert_eq!(a.file.text, b.file.text[..b.front.body_start]);
                assert_eq!(a.dates, b.dates, "dates inherited as on load");
            }
        }
    }
}
