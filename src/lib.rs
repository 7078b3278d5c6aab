//! hoshin (方針): publish an organisation's customer-facing policy as a bilingual website.
//!
//! The build is a pipeline, one module per stage:
//!
//! 1. **load** ([`site`]): config, languages, theme, policies ([`site::content`]) and locales,
//!    parsed into types; cross-document checks of one policy;
//! 2. **validate** (`validate`): every locale against the source language;
//! 3. **localise** (`localise`): every reader-visible string resolved per language;
//! 4. **render** ([`render`](mod@render)): routes, Tera templates, notices, sitemap, robots.txt;
//! 5. **write** ([`write`](mod@write)): a staging folder swapped in atomically.
//!
//! A module imports only from its own stage and the stages before it (`tests/architecture.rs`).
//!
//! [`build`] streams: it loads each policy's data but leaves its Markdown documents unread
//! ([`site::LoadOptions::defer_documents`]); the render job of each policy reads them, makes
//! its pages, hands them to the write stage and lets go of the bodies. So a build holds the
//! site's structure and a few documents at a time, not every page or every document.
//!
//! Every stage reports problems as [`diagnostics::Diagnostic`]s with file, line and column.
//! [`check`] runs validate plus the translation checks (integrity and staleness) on a loaded site.
//! [`init`] starts a new site from [`library`], hoshin's built-in standard texts.

pub mod check;
pub mod diagnostics;
pub mod incremental;
pub mod init;
pub mod library;
pub(crate) mod localise;
pub mod pdf;
pub mod render;
pub mod serve;
pub mod site;
#[cfg(test)]
pub(crate) mod test_sites;
pub(crate) mod validate;
pub mod write;
pub mod xliff;

use std::path::PathBuf;

use diagnostics::{Diagnostics, Severity};
use site::{LoadOptions, Site};

/// What `hoshin build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The output folder (default: `<root>/public`).
    pub out: Option<PathBuf>,
    /// Overrides the configured base URL.
    pub base_url: Option<String>,
    /// Whether PDFs will be printed after the build (`--pdf` with a browser found): the
    /// notice indexes then link each notice's PDF and the print-shop bundles.
    pub pdf: bool,
    /// A copy to open from disk (`file://`): links to folders name their `index.html`
    /// ([`render::local`]); written to `<root>/public-local` unless `out` says otherwise, so
    /// it is never the published folder by accident.
    pub local: bool,
}

/// What a successful build produced.
#[derive(Debug)]
pub struct BuildReport {
    /// Where the site was written.
    pub out: PathBuf,
    /// Number of HTML pages for reading: homes, policies, indexes, the 404 page.
    pub pages: usize,
    /// Number of printable notice sheets (HTML; their PDFs come later, with `--pdf`).
    pub notices: usize,
    /// Total bytes written.
    pub bytes: usize,
    /// Languages built, in order.
    pub languages: Vec<String>,
    /// Warnings (the build still succeeded).
    pub warnings: Diagnostics,
    /// The pages `--pdf` prints: every notice and every policy page.
    pub printable: Vec<render::routes::PrintJob>,
    /// The print-shop bundles `--pdf` combines from the notices' PDFs.
    pub bundles: Vec<render::routes::PrintBundle>,
}

/// Loads, validates and renders a site without writing anything.
pub fn render(
    root: &std::path::Path,
    base_url: Option<String>,
) -> Result<(Site, render::Output, Diagnostics), Diagnostics> {
    let site = Site::load(
        root,
        &LoadOptions {
            base_url,
            ..Default::default()
        },
    )?;
    let (files, warnings) = render_loaded(&site)?;
    Ok((site, files, warnings))
}

/// The stages after load (validate → localise → render) on an already loaded site.
///
/// `serve` calls this itself so that it keeps the loaded [`Site`] for the translators' view
/// even when validation fails.
pub fn render_loaded(site: &Site) -> Result<(render::Output, Diagnostics), Diagnostics> {
    let (_, rendered, warnings) = render_keeping(site)?;
    Ok((rendered.output, warnings))
}

/// [`render_loaded`], also returning the renderer and what each policy rendered, which
/// [`incremental`] keeps to re-render single policies later.
fn render_keeping(
    site: &Site,
) -> Result<(render::Renderer, render::Rendered, Diagnostics), Diagnostics> {
    let (renderer, checks) = prepare(site, false)?;
    let rendered = renderer.render(site)?;
    let warnings = warnings_of(checks, &rendered);
    Ok((renderer, rendered, warnings))
}

/// Validates a loaded site and sets up its renderer; the validation's warnings come back
/// with it.
fn prepare(site: &Site, pdfs: bool) -> Result<(render::Renderer, Diagnostics), Diagnostics> {
    let mut checks = validate::validate(site);
    if checks.has_errors() {
        return Err(checks);
    }
    let renderer = render::Renderer::new(site)?.with_pdfs(pdfs);
    checks.0.retain(|d| d.severity == Severity::Warning);
    Ok((renderer, checks))
}

/// The validation's warnings followed by the render's.
fn warnings_of(mut checks: Diagnostics, rendered: &render::Rendered) -> Diagnostics {
    checks.extend(rendered.warnings.clone());
    checks
}

/// `hoshin build --local`: every page goes through [`render::local::link_files`] on its way
/// to the staging folder.
struct LocalLinks<'a>(&'a write::Staging);

impl render::Sink for LocalLinks<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), diagnostics::Diagnostic> {
        match (path.ends_with(".html"), std::str::from_utf8(&bytes)) {
            (true, Ok(html)) => self
                .0
                .write(path, render::local::link_files(html).as_bytes()),
            _ => self.0.write(path, &bytes),
        }
    }
}

/// Builds the site: load → validate → localise → render → write.
///
/// On any error nothing is written and the previous output is left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let out = options.out.clone().unwrap_or_else(|| {
        options.root.join(if options.local {
            "public-local"
        } else {
            "public"
        })
    });
    let out = write::check_target(&options.root, &out)?;
    // Pages are written to the staging folder as they are rendered; on any error the
    // staging folder is removed and the previous output was never touched.
    let built = Site::load(
        &options.root,
        &LoadOptions {
            base_url: options.base_url.clone(),
            // Each policy's documents are read by the job that renders its pages.
            defer_documents: true,
        },
    )
    .and_then(|mut site| {
        let (renderer, checks) = match prepare(&site, options.pdf) {
            Ok(prepared) => prepared,
            // What the documents hold is reported with the validation's errors, as if they
            // had been read first.
            Err(errors) => {
                let mut found = site.read_documents();
                found.extend(errors);
                return Err(found);
            }
        };
        let staging = write::Staging::begin(&out)?;
        let streamed = {
            let local = LocalLinks(&staging);
            let sink: &dyn render::Sink = if options.local { &local } else { &staging };
            renderer
                .render_policies_releasing(&mut site, sink)
                .and_then(|mut rendered| {
                    // On a worker thread, whose allocator cache holds the memory just freed (the
                    // workers read the bodies): from the main thread the listings would take new
                    // memory (measured with glibc's malloc, before hoshin used jemalloc).
                    rayon::scope(|_| renderer.render_listings(&site, &mut rendered, sink))?;
                    Ok(rendered)
                })
        };
        // A failed render keeps what `begin` found (a previous output put back, say).
        let rendered = match streamed {
            Ok(rendered) => rendered,
            Err(errors) => return Err(staging.abandon(errors)),
        };
        let files = staging.written();
        let mut warnings = warnings_of(checks, &rendered);
        warnings.extend(staging.commit()?);
        Ok((site, rendered, files, warnings))
    });
    let (site, rendered, files, warnings) = built.map_err(|mut d| {
        // The same template, message or write error shows up once per page; report it once.
        d.dedup();
        d
    })?;
    let notices_home = render::routes::notices_home();
    let notices = rendered
        .notice_sheets()
        .filter(|job| files.contains_key(&job.html) && job.html.starts_with(&notices_home))
        .count();
    // Only `--pdf` prints: listing every page to print took 25 ms at 20,000 pages.
    let (printable, bundles) = match options.pdf {
        true => (rendered.print_jobs(&site), rendered.print_bundles(&site)),
        false => (Vec::new(), Vec::new()),
    };
    let report = BuildReport {
        out,
        pages: files.keys().filter(|k| k.ends_with(".html")).count() - notices,
        notices,
        bytes: files.values().sum(),
        languages: site
            .languages()
            .iter()
            .map(|l| l.code().to_string())
            .collect(),
        warnings,
        printable,
        bundles,
    };
    // Freeing a large site's millions of small allocations takes 50 ms at 20,000
    // pages: a thread does it while the caller goes on (the CLI may exit before it is
    // done, which is the same as freeing).
    std::thread::spawn(move || drop((site, rendered, files)));
    Ok(report)
}
