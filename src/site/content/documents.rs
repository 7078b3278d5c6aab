//! A policy's documents by language: a short vector, not a map.
//!
//! A policy has one document per configured language, usually two to four. A
//! `BTreeMap<String, Document>` allocates a whole B-tree leaf (room for eleven) for them,
//! about 3 KB a policy whatever the number of languages: 33 MB of a 20,000-page build's peak
//! memory (BENCHMARKS.md, issue 15). This keeps exactly the documents there are, in language
//! code order like the map did.

use super::Document;

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
