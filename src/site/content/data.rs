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
    /// Who signs the policy, under the date that signs the page, in order.
    #[serde(default)]
    pub signatures: Vec<Signature>,
    /// Terms explained by `{{ glossary() }}`, in order.
    #[serde(default)]
    pub glossary: Vec<Term>,
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
}

/// A free-standing note.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Id; text is `note-<id>`.
    pub id: Spanned<String>,
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
    /// Whether the block names the department: attribute `.department` of `contact-details-<slug>`.
    #[serde(default)]
    pub department: Option<Spanned<bool>>,
    /// Whether the block gives opening hours: attribute `.hours` of `contact-details-<slug>`.
    #[serde(default)]
    pub hours: Option<Spanned<bool>>,
}

/// A person who signs the policy: name `signature-<id>`, title `.title`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Id; the name is `signature-<id>`, the title (position) its `.title` attribute.
    pub id: Spanned<String>,
}

/// A term of the glossary: the term is `term-<id>`, its explanation `glossary-<id>`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Id; the term is `term-<id>`, the explanation `glossary-<id>`.
    pub id: Spanned<String>,
    /// The language the term keeps on every page (a configured language): its text
    /// `term-<id>` is then written in that language's locale only. Without it the term is
    /// translated like any text.
    #[serde(default)]
    pub lang: Option<Spanned<String>>,
    /// Whether each language gives a reading or romanisation: `.reading` of `glossary-<id>`.
    #[serde(default)]
    pub reading: bool,
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
