//! The language-neutral structure of a policy: `content/<slug>/policy.toml`.
//!
//! It says which definitions, examples, responses, notes and contact details exist and in what
//! order. It holds ids, numbers and URLs only; every sentence comes from
//! `locales/<lang>/*.ftl`, by the naming conventions in [`crate::site::messages`].

use serde::Deserialize;
use toml::Spanned;

/// The whole `policy.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyData {
    /// Position in lists of policies (ascending; ties broken by slug).
    #[serde(default)]
    pub order: i64,
    /// Definitions, each with a citation.
    #[serde(default)]
    pub definitions: Vec<Definition>,
    /// Groups of examples of unacceptable conduct.
    #[serde(default)]
    pub examples: Vec<ExampleGroup>,
    /// Groups of responses (e.g. in-house, external).
    #[serde(default)]
    pub responses: Vec<ResponseGroup>,
    /// Free-standing notes (scope notes, "not limited to these", catch-alls).
    #[serde(default)]
    pub notes: Vec<Note>,
    /// An optional contact block.
    #[serde(default)]
    pub contact: Option<Contact>,
}

/// A definition quoted from an authority, with its citation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// Id; text is `definition-<id>` with attributes `.issuer` and `.title`.
    pub id: Spanned<String>,
    /// Year the cited document was published.
    #[serde(default)]
    pub year: Option<i32>,
    /// URL of the cited document.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    /// Taken from hoshin's standard library (`library = true`): its texts, year and URL are
    /// the library's unless the site gives its own.
    #[serde(default)]
    pub library: bool,
}

/// A group of examples, e.g. "the demand itself is unreasonable".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleGroup {
    /// Id; the heading text is `example-group-<id>`.
    pub id: Spanned<String>,
    /// Whether the group shows a heading (then `example-group-<id>` is required).
    #[serde(default = "yes")]
    pub heading: bool,
    /// Whether the heading is taken from hoshin's standard library (not its examples: each
    /// says so itself).
    #[serde(default)]
    pub library: bool,
    /// The examples, in order.
    #[serde(default)]
    pub items: Vec<Example>,
}

/// One example of conduct; may have nested examples.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Id; text is `example-<id>`, the notice label is its `.notice` attribute.
    pub id: Spanned<String>,
    /// Whether this example appears on the printed store notice.
    #[serde(default)]
    pub notice: bool,
    /// Whether its texts are taken from hoshin's standard library.
    #[serde(default)]
    pub library: bool,
    /// Nested examples (any depth).
    #[serde(default)]
    pub items: Vec<Example>,
}

/// A group of responses, e.g. in-house or external.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseGroup {
    /// Id; the heading text is `response-group-<id>`.
    pub id: Spanned<String>,
    /// Response ids, in order; each text is `response-<id>`.
    pub items: Vec<Spanned<String>>,
    /// Whether the heading and every response of the group are taken from hoshin's standard
    /// library.
    #[serde(default)]
    pub library: bool,
}

/// A free-standing note.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Id; text is `note-<id>`.
    pub id: Spanned<String>,
    /// Whether its text is taken from hoshin's standard library.
    #[serde(default)]
    pub library: bool,
}

/// How customers reach the organisation; the texts are `contact-title` and `contact-body`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Phone number as dialled.
    #[serde(default)]
    pub phone: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    /// Contact form URL.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

fn yes() -> bool {
    true
}

impl Example {
    /// This example and all nested ones, depth-first.
    pub fn walk(&self) -> Vec<&Example> {
        let mut out = vec![self];
        for child in &self.items {
            out.extend(child.walk());
        }
        out
    }
}

impl PolicyData {
    /// Every example of every group, depth-first in document order.
    pub fn all_examples(&self) -> Vec<&Example> {
        self.examples
            .iter()
            .flat_map(|g| g.items.iter().flat_map(Example::walk))
            .collect()
    }
}
