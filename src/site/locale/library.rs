//! The texts a locale takes from hoshin's standard library, below the site's own: see
//! [`crate::site::library_texts`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::{Locale, MessageInfo, Origin};
use crate::site::content::Policy;
use crate::site::library_texts::{referenced_messages, texts_for, LibraryText, PolicyRef};

/// A locale's library texts by message id and attribute, and the message ids of every
/// referenced library item (also those the locale's language has no library text for).
#[derive(Debug, Default)]
pub(super) struct Texts {
    by_id: BTreeMap<(String, Option<String>), LibraryText>,
    referenced: BTreeSet<String>,
}

impl MessageInfo {
    /// True when the value (`attr = None`) or attribute comes from hoshin's standard library.
    pub fn from_library(&self, attr: Option<&str>) -> bool {
        self.library.contains(&attr.map(str::to_string))
    }
}

impl Locale {
    /// Adds the library texts of every item the policies take from the library (in this
    /// locale's language, if the library has it) below the site's own: a message or attribute
    /// the site defines keeps the site's text; the others are added, listed in
    /// [`Locale::messages`] as parts taken from the library.
    pub fn with_library(mut self, policies: &[Policy]) -> Locale {
        let policies: Vec<PolicyRef> = policies.iter().map(|p| (&p.data, &p.data_file)).collect();
        self.library.referenced = referenced_messages(&policies);
        for t in texts_for(&policies, &self.code) {
            let attr = t.attribute.clone();
            let info = self
                .messages
                .entry(t.message.clone())
                .or_insert_with(|| MessageInfo {
                    file: Arc::clone(&t.file),
                    span: t.span.clone(),
                    has_value: false,
                    attributes: BTreeMap::new(),
                    variables: BTreeSet::new(),
                    origin: Origin::Library,
                    library: BTreeSet::new(),
                });
            let has = match &attr {
                None => info.has_value,
                Some(a) => info.attributes.contains_key(a),
            };
            if has {
                // The site's own text wins.
                continue;
            }
            match &attr {
                None => info.has_value = true,
                // For a message of the site, the attribute points at the site's message id.
                Some(a) => {
                    info.attributes.insert(a.clone(), info.span.clone());
                }
            }
            info.library.insert(attr.clone());
            self.library.by_id.insert((t.message.clone(), attr), t);
        }
        self
    }

    /// The library text of a message's value (`attr = None`) or attribute, if this locale
    /// takes it from the library.
    pub fn library_text(&self, id: &str, attr: Option<&str>) -> Option<&LibraryText> {
        let part = self.messages.get(id)?;
        if !part.from_library(attr) {
            return None;
        }
        self.library
            .by_id
            .get(&(id.to_string(), attr.map(str::to_string)))
    }

    /// True when `id` is the message of an item `policy.toml` takes from the library.
    pub fn is_library_message(&self, id: &str) -> bool {
        self.library.referenced.contains(id)
    }
}
