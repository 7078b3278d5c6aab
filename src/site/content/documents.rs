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
