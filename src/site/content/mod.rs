//! Policies: the language-neutral `policy.toml` plus one Markdown document per language.

pub(crate) mod data;
mod details;
mod documents;
pub mod front_matter;
pub(crate) mod lists;
pub mod markdown;
pub mod shortcode;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::diagnostics::toml_error;
use crate::diagnostics::{display_path, Diagnostic, Diagnostics, SourceFile};
use crate::site::config::Config;
use crate::site::config::{is_slug, RawHtml};
use crate::site::files;
use crate::site::links;
pub use data::PolicyData;
pub use documents::Documents;
pub use front_matter::{Date, DateKind, FrontMatter};
pub use shortcode::{Block, Segment};

/// One policy: structure plus a document per language.
#[derive(Debug, Clone)]
pub struct Policy {
    /// URL slug, the folder name under `content/`.
    pub slug: String,
    /// The parsed `policy.toml`.
    pub data: PolicyData,
    /// The `policy.toml` file, for locating errors.
    pub data_file: Arc<SourceFile>,
    /// Documents by language code.
    pub documents: Documents,
    /// What loading the policy found that does not stop a build (a document in a language
    /// that is not configured). Unread documents' warnings are not here:
    /// [`Policy::read_documents`] returns them.
    pub warnings: Diagnostics,
    /// Where its documents are, while they are not read yet ([`Policy::read_documents`]).
    unread: Option<documents::Unread>,
}

impl Policy {
    /// Lets go of its documents' bodies (the Markdown after the front matter), which are most
    /// of a loaded site's memory: 140 MB of a 20,000-page site's 208 after loading. The front
    /// matter and the data stay. `hoshin build` calls it once the policy's pages are made
    /// ([`crate::render::Renderer::render_policies_releasing`]); the listing pages and notices
    /// read only front matter and data. Whatever still holds a whole file (a warning
    /// pointing into it) keeps it.
    pub fn release_bodies(&mut self) {
        for doc in self.documents.values_mut() {
            doc.release_body();
        }
    }
}

/// One language's document of a policy.
#[derive(Debug, Clone)]
pub struct Document {
    /// Language code.
    pub lang: String,
    /// The Markdown file.
    pub file: Arc<SourceFile>,
    /// Its front matter.
    pub front: FrontMatter,
    /// Body split into Markdown and blocks.
    pub segments: Vec<Segment>,
    /// Its sections, links and the heading errors found reading them, scanned on first use
    /// ([`Document::sections`]): the build reads headings while it renders, so only `check`
    /// and the translators' view pay for a separate scan, one for all their checks.
    scanned: OnceLock<markdown::Scan>,
    /// Its labelled dates: the front matter's `[dates]`, else the source document's (a
    /// translation inherits them), else none.
    pub dates: Vec<(DateKind, Date)>,
    /// How raw HTML in the Markdown is treated (from `hoshin.toml`).
    pub raw_html: RawHtml,
}

impl Document {
    /// Its sections, from one heading to the next ([`markdown::scan`]).
    pub fn sections(&self) -> &[markdown::Section] {
        &self.scan().sections
    }

    /// Its Markdown links, in document order (read with the sections, in one pass).
    pub fn links(&self) -> &[markdown::Link] {
        &self.scan().links
    }

    /// What is wrong with its headings (attributes, duplicate ids); the renderer reports the
    /// same errors when it builds the page.
    pub fn heading_errors(&self) -> &Diagnostics {
        &self.scan().diags
    }

    /// Lets go of the body: the file keeps only its front matter (its dates, title and
    /// description stay, and so do diagnostics pointing at them), and the document has no
    /// segments and no sections. See [`Policy::release_bodies`].
    pub fn release_body(&mut self) {
        self.file = self.file.cut(self.front.body_start);
        self.segments = Vec::new();
        self.scanned = OnceLock::from(markdown::Scan::default());
    }

    /// Keeps `scan` as the document's reading (sections, links, no heading errors), made by
    /// the renderer as it rendered the whole body without an error; a document already
    /// scanned keeps its own (the same).
    pub(crate) fn keep_scan(&self, scan: markdown::Scan) {
        let _ = self.scanned.set(scan);
    }

    /// Whether the document was read for its sections and links yet.
    #[cfg(test)]
    pub(crate) fn is_scanned(&self) -> bool {
        self.scanned.get().is_some()
    }

    fn scan(&self) -> &markdown::Scan {
        self.scanned
            .get_or_init(|| markdown::scan(&self.file, &self.segments, self.front.body_start))
    }

    /// The blocks in order with their spans.
    pub fn blocks(&self) -> impl Iterator<Item = (&Block, &Range<usize>)> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Block(b, r) => Some((b, r)),
            Segment::Markdown(_) => None,
        })
    }
}

/// Loads every `content/<slug>/` folder, sorted by `order` then slug.
///
/// With `defer`, each policy's documents are left unread ([`Policy::read_documents`]).
pub fn load_policies(
    root: &Path,
    config: &Config,
    defer: bool,
) -> Result<Vec<Policy>, Diagnostics> {
    let content = root.join("content");
    let mut diags = Diagnostics::new();
    let entries = match std::fs::read_dir(&content) {
        Ok(e) => e,
        Err(_) => {
            return Err(Diagnostic::error("the site has no content/ folder")
                .help("create content/<slug>/policy.toml and one <lang>.md per language")
                .into())
        }
    };
    // Whether `content/` is a real folder, not a link: then so far the path has no link in
    // it (`root` is canonical).
    let content_real = std::fs::symlink_metadata(&content).is_ok_and(|m| m.is_dir());
    // The entry's own type (from the folder listing, no `stat` per entry); a link is
    // followed, and reading through it is refused later if it leads outside the site.
    let mut dirs: Vec<(PathBuf, Resolved)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let real = |t: std::fs::FileType| Resolved(content_real && !t.is_symlink());
            match e.file_type() {
                Ok(t) if t.is_symlink() => e.path().is_dir().then(|| (e.path(), real(t))),
                Ok(t) => t.is_dir().then(|| (e.path(), real(t))),
                Err(_) => e.path().is_dir().then(|| (e.path(), Resolved(false))),
            }
        })
        .collect();
    dirs.sort();
    // Policies load independently, so in parallel; results keep the folder order, and so
    // do the diagnostics.
    let loaded: Vec<Result<Policy, Diagnostics>> = dirs
        .par_iter()
        .map(|(dir, resolved)| load_policy_in(root, dir, *resolved, config, defer))
        .collect();
    let mut policies = Vec::new();
    for result in loaded {
        match result {
            Ok(p) => policies.push(p),
            Err(d) => diags.extend(d),
        }
    }
    if policies.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error("content/ holds no policy").help("create content/<slug>/policy.toml"),
        );
    }
    sort_policies(&mut policies);
    diags.into_result(policies)
}

/// Whether a path below the (canonical) site root is known to contain no symbolic link: it
/// was put together from folder listings whose entries were not links. Such a path cannot
/// lead outside the site, so its files are read without resolving it again
/// ([`files::read_resolved_text`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Resolved(bool);

/// The entries of a policy folder, read once: which files exist is asked of the listing
/// (its entry types come with it), not of the file system once per file.
#[derive(Debug, Clone)]
struct FolderListing(Option<Vec<(String, std::fs::FileType)>>);

impl FolderListing {
    fn read(dir: &Path) -> FolderListing {
        FolderListing(std::fs::read_dir(dir).ok().map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| {
                    Some((
                        e.file_name().to_string_lossy().into_owned(),
                        e.file_type().ok()?,
                    ))
                })
                .collect()
        }))
    }

    /// Whether `dir/name` is a file (following a link, as `Path::is_file` does).
    fn is_file(&self, dir: &Path, name: &str) -> bool {
        match &self.0 {
            Some(entries) => entries.iter().any(|(n, t)| {
                n == name && (t.is_file() || (t.is_symlink() && dir.join(name).is_file()))
            }),
            None => dir.join(name).is_file(),
        }
    }

    /// Reads the text file `dir/name`, without resolving its path again when neither `dir`
    /// (as `resolved` says) nor the file is a link.
    fn read_text(
        &self,
        root: &Path,
        dir: &Path,
        resolved: Resolved,
        name: &str,
    ) -> Result<Arc<SourceFile>, Diagnostic> {
        let path = dir.join(name);
        let plain_file = || {
            self.0
                .iter()
                .flatten()
                .any(|(n, t)| n == name && t.is_file())
        };
        if resolved.0 && plain_file() {
            files::read_resolved_text(root, &path)
        } else {
            files::read_text(root, &path)
        }
    }

    /// The names in the folder (lossily decoded, as messages show them).
    fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().flatten().map(|(n, _)| n.as_str())
    }
}

/// Puts policies in display order: by `order`, then slug.
pub fn sort_policies(policies: &mut [Policy]) {
    policies.sort_by(|a, b| (a.data.order, &a.slug).cmp(&(b.data.order, &b.slug)));
}

/// Loads one `content/<slug>/` folder: its `policy.toml`, one document per configured
/// language, and the checks between them. `serve` calls it alone when only that folder changed.
pub fn load_policy(root: &Path, dir: &Path, config: &Config) -> Result<Policy, Diagnostics> {
    load_policy_in(root, dir, Resolved(false), config, false)
}

/// [`load_policy`], told whether the path of `dir` is known to have no link in it, and
/// whether to leave the documents unread.
fn load_policy_in(
    root: &Path,
    dir: &Path,
    resolved: Resolved,
    config: &Config,
    defer: bool,
) -> Result<Policy, Diagnostics> {
    let slug = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shown = display_path(root, dir);
    if !is_slug(&slug) {
        return Err(Diagnostic::error(format!("`{shown}`: `{slug}` cannot be a URL slug"))
            .help("name policy folders with lowercase ASCII letters, digits and hyphens, e.g. `customer-harassment`")
            .into());
    }
    let listing = FolderListing::read(dir);
    if !listing.is_file(dir, "policy.toml") {
        return Err(Diagnostic::error(format!("`{shown}/` has no policy.toml"))
            .help("every policy folder needs a policy.toml, even an empty one")
            .into());
    }
    let data_file = listing.read_text(root, dir, resolved, "policy.toml")?;
    let mut data: PolicyData =
        toml::from_str(&data_file.text).map_err(|e| toml_error(&data_file, &e))?;
    let mut diags = check_ids(&data_file, &data);
    diags.extend(crate::site::library_texts::resolve(&data_file, &mut data));
    diags.extend(check_links(&data_file, &data));
    diags.extend(lists::check_lists(&data_file, &data));
    diags.extend(details::check(&data_file, &data, config));

    let mut policy = Policy {
        slug,
        data,
        data_file,
        documents: Documents::default(),
        warnings: Diagnostics::new(),
        unread: Some(documents::Unread {
            root: root.to_path_buf(),
            dir: dir.to_path_buf(),
            shown,
            resolved,
            listing,
        }),
    };
    // A policy that does not load is read whole, so one run reports all of it.
    if !defer || diags.has_errors() {
        diags.extend(policy.read_documents(config));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    policy.warnings = diags;
    Ok(policy)
}

/// Ids must be slugs and unique within their kind (examples across all levels).
fn check_ids(file: &Arc<SourceFile>, data: &PolicyData) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut check = |kind: &str, ids: Vec<&toml::Spanned<String>>| {
        let mut seen: HashMap<&str, Range<usize>> = HashMap::new();
        for id in ids {
            let s = id.get_ref().as_str();
            if !is_slug(s) {
                diags.push(
                    Diagnostic::error(format!("invalid {kind} id `{s}`"))
                        .at(file, id.span())
                        .help("ids are lowercase ASCII letters, digits and hyphens; they name Fluent messages"),
                );
            }
            if let Some(first) = seen.insert(s, id.span()) {
                diags.push(
                    Diagnostic::error(format!("duplicate {kind} id `{s}`"))
                        .at(file, id.span())
                        .label("used again here")
                        .note(format!(
                            "first used on line {}",
                            file.line_col(first.start).0
                        )),
                );
            }
        }
    };
    check(
        "definition",
        data.definitions.iter().map(|d| &d.id).collect(),
    );
    check(
        "example group",
        data.all_groups().into_iter().map(|g| &g.id).collect(),
    );
    check(
        "example",
        data.all_examples().into_iter().map(|e| &e.id).collect(),
    );
    check(
        "response group",
        data.responses.iter().map(|g| &g.id).collect(),
    );
    check(
        "response",
        data.responses.iter().flat_map(|g| g.items.iter()).collect(),
    );
    check("note", data.notes.iter().map(|n| &n.id).collect());
    diags
}

/// Every URL and address `policy.toml` gives is one a page may link to
/// ([`crate::site::links`]).
fn check_links(file: &Arc<SourceFile>, data: &PolicyData) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let contact = data.contact.as_ref();
    let urls = data
        .definitions
        .iter()
        .filter_map(|d| d.url.as_ref())
        .chain(contact.and_then(|c| c.url.as_ref()));
    for url in urls {
        if let Err(msg) = links::check_web_url(url.get_ref()) {
            diags.push(
                Diagnostic::error(msg)
                    .at(file, url.span())
                    .label("pages link to this address")
                    .help("write a web address as `https://…`"),
            );
        }
    }
    if let Some((_, c)) = contact
        .and_then(|c| c.phone.as_deref())
        .and_then(files::forbidden_char)
    {
        diags.push(
            Diagnostic::error(format!(
                "the contact `phone` contains {}",
                files::describe_char(c)
            ))
            .in_file(file),
        );
    }
    if let Some(email) = contact.and_then(|c| c.email.as_ref()) {
        if let Err(msg) = links::check_email(email.get_ref()) {
            diags.push(
                Diagnostic::error(msg)
                    .at(file, email.span())
                    .label("pages link to this address with `mailto:`"),
            );
        }
    }
    diags
}
