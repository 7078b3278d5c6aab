//! A policy's documents by language: reading them ([`Policy::read_documents`]), checking each
//! translation against the source, and keeping them in a short vector, not a map.
//!
//! A policy has one document per configured language, usually two to four. A
//! `BTreeMap<String, Document>` allocates a whole B-tree leaf (room for eleven) for them,
//! about 3 KB a policy whatever the number of languages: 33 MB of a 20,000-page build's peak
//! memory (BENCHMARKS.md, issue 15). This keeps exactly the documents there are, in language
//! code order like the map did.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use super::{front_matter, shortcode, Date, Document, FolderListing, Policy, PolicyData, Resolved};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::site::config::{Config, RawHtml};

/// Where a policy's documents are, until they are read: the policy folder and its listing.
/// `hoshin build` keeps only this much of each policy until the render reads it
/// ([`crate::site::LoadOptions::defer_documents`]).
#[derive(Debug, Clone)]
pub(super) struct Unread {
    pub(super) root: PathBuf,
    pub(super) dir: PathBuf,
    /// The folder as messages show it.
    pub(super) shown: String,
    pub(super) resolved: Resolved,
    pub(super) listing: FolderListing,
}

impl Policy {
    /// Reads the policy's documents if they are not read yet, one per configured language, and
    /// checks each translation against the source document; returns what it found (errors and
    /// warnings, which stop a build and which do not). [`crate::site::Site::load`] calls it
    /// for each policy, unless told to defer it: then `hoshin build` calls it in the job that
    /// renders the policy's pages, so a build never holds every document at once (at 20,000
    /// pages the bodies are 144 MB of text). Reading twice reads nothing the second time.
    pub fn read_documents(&mut self, config: &Config) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let Some(Unread {
            root,
            dir,
            shown,
            resolved,
            listing,
        }) = self.unread.take()
        else {
            return diags;
        };
        for lang in &config.languages {
            let name = format!("{}.md", lang.code);
            if !listing.is_file(&dir, &name) {
                diags.push(
                    Diagnostic::error(format!(
                        "policy `{}` has no `{}` document",
                        self.slug, lang.code
                    ))
                    .help(format!(
                        "create {shown}/{}.md (a translation of {shown}/{}.md)",
                        lang.code,
                        config.source_language().code
                    )),
                );
                continue;
            }
            let file = listing.read_text(&root, &dir, resolved, &name);
            match file.map_err(Diagnostics::from).and_then(|file| {
                load_document(file, &lang.code, &self.data, config.markdown.raw_html)
            }) {
                Ok(doc) => {
                    self.documents.insert(doc);
                }
                Err(d) => diags.extend(d),
            }
        }
        {
            let mut extra: Vec<String> = listing
                .names()
                .filter(|n| {
                    n.ends_with(".md")
                        && !config
                            .languages
                            .iter()
                            .any(|l| format!("{}.md", l.code) == *n)
                })
                .map(str::to_string)
                .collect();
            extra.sort();
            for n in extra {
                diags.push(
                    Diagnostic::warning(format!(
                        "`{shown}/{n}` is not published: its language is not configured"
                    ))
                    .in_file(&config.file),
                );
            }
        }
        let source = &config.source_language().code;
        let source_dates = self
            .documents
            .get(source)
            .and_then(|d| d.front.dates.clone());
        for doc in self.documents.values_mut() {
            doc.dates = doc
                .front
                .dates
                .clone()
                .or_else(|| source_dates.clone())
                .unwrap_or_default();
        }
        if let Some(src) = self.documents.get(source) {
            for doc in self.documents.values() {
                if &doc.lang != source {
                    diags.extend(compare_documents(src, doc));
                }
            }
        }
        diags
    }
}

/// A policy's documents, in language code order, at most one per language.
#[derive(Debug, Clone, Default)]
pub struct Documents(Vec<Document>);

impl Documents {
    /// The document in language `code`.
    pub fn get(&self, code: &str) -> Option<&Document> {
        self.position(code).ok().map(|i| &self.0[i])
    }

    /// Whether there is a document in language `code`.
    pub fn contains_key(&self, code: &str) -> bool {
        self.position(code).is_ok()
    }

    /// Adds `doc` in its language (`doc.lang`), replacing a document already there.
    pub fn insert(&mut self, doc: Document) {
        match self.position(&doc.lang) {
            Ok(i) => self.0[i] = doc,
            Err(i) => self.0.insert(i, doc),
        }
    }

    /// The documents in language code order.
    pub fn values(&self) -> std::slice::Iter<'_, Document> {
        self.0.iter()
    }

    /// The documents in language code order, to change.
    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, Document> {
        self.0.iter_mut()
    }

    /// How many languages the policy has a document in.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the policy has no document at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn position(&self, code: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|d| d.lang.as_str().cmp(code))
    }
}

fn load_document(
    file: Arc<SourceFile>,
    lang: &str,
    data: &PolicyData,
    raw_html: RawHtml,
) -> Result<Document, Diagnostics> {
    let front = front_matter::parse(&file)?;
    let segments = shortcode::split(&file, front.body_start, data)?;
    Ok(Document {
        lang: lang.to_string(),
        file,
        front,
        segments,
        scanned: OnceLock::new(),
        dates: Vec::new(),
        raw_html,
    })
}

/// A translation must place the same blocks in the same order and carry the same dates.
fn compare_documents(source: &Document, tr: &Document) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let src_blocks: Vec<String> = source.blocks().map(|(b, _)| b.key()).collect();
    let tr_blocks: Vec<(String, Range<usize>)> =
        tr.blocks().map(|(b, r)| (b.key(), r.clone())).collect();
    for (i, (key, span)) in tr_blocks.iter().enumerate() {
        if src_blocks.get(i) != Some(key) {
            let expected = src_blocks
                .get(i)
                .map(|k| format!("`{{{{ {k} }}}}`"))
                .unwrap_or_else(|| "no more blocks".into());
            diags.push(
                Diagnostic::error(format!(
                    "block {} differs from the source language `{}`",
                    i + 1,
                    source.lang
                ))
                .at(&tr.file, span.clone())
                .label(format!("expected {expected} here"))
                .note(format!(
                    "{} has blocks: {}",
                    source.file.display,
                    src_blocks.join(", ")
                )),
            );
            return diags;
        }
    }
    if tr_blocks.len() < src_blocks.len() {
        let missing = &src_blocks[tr_blocks.len()..];
        diags.push(
            Diagnostic::error(format!(
                "`{}` is missing blocks that `{}` has",
                tr.lang, source.lang
            ))
            .in_file(&tr.file)
            .help(format!(
                "add {}",
                missing
                    .iter()
                    .map(|k| format!("`{{{{ {k} }}}}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
    if let (Some(src_dates), Some(tr_dates), Some(span)) =
        (&source.front.dates, &tr.front.dates, &tr.front.dates_span)
    {
        if src_dates != tr_dates {
            diags.push(
                Diagnostic::error(format!(
                    "dates differ from the source language `{}`",
                    source.lang
                ))
                .at(&tr.file, span.clone())
                .label("must match the source document's [dates]")
                .help(format!(
                    "copy [dates] from {}, or remove it here to inherit it",
                    source.file.display
                )),
            );
        }
    }
    let src_rev: Vec<Date> = source.front.revisions.iter().map(|r| r.date).collect();
    let tr_rev: Vec<Date> = tr.front.revisions.iter().map(|r| r.date).collect();
    if src_rev != tr_rev {
        diags.push(
            Diagnostic::error(format!("revision history differs from the source language `{}`", source.lang))
                .in_file(&tr.file)
                .help("each language lists the same revisions (same dates, in the same order) with a translated summary"),
        );
    }
    diags
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::diagnostics::Diagnostic;
    use crate::site::{LoadOptions, Site};

    #[test]
    fn released_bodies_keep_the_front_matter_and_diagnostics_still_render() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut site = Site::load(root, &LoadOptions::default()).expect("the default site loads");
        let before: Vec<(String, usize, String)> = site
            .policies
            .iter()
            .flat_map(|p| p.documents.values())
            .map(|d| {
                (
                    d.front.title.clone(),
                    d.front.body_start,
                    d.file.text.clone(),
                )
            })
            .collect();
        assert!(before.iter().any(|(_, start, text)| text.len() > *start));
        for policy in &mut site.policies {
            policy.release_bodies();
        }
        let docs: Vec<_> = site
            .policies
            .iter()
            .flat_map(|p| p.documents.values())
            .collect();
        assert_eq!(docs.len(), before.len());
        for (doc, (title, start, text)) in docs.into_iter().zip(before) {
            assert_eq!(doc.front.title, title);
            assert_eq!(
                doc.file.text,
                text[..start],
                "the front matter stays, whole"
            );
            assert!(doc.segments.is_empty() && doc.sections().is_empty());
            // A span that pointed into the body is clamped to what is left, not a panic.
            let d = Diagnostic::error("late").at(&doc.file, start + 10..start + 20);
            assert!(d.render(false).contains("late"));
        }
    }
}
