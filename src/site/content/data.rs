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
    /// The cited document's language (a BCP 47 tag, `ja`): a link to it from a page in
    /// another language says so (`hreflang` and the theme's `link-language` marker).
    #[serde(default)]
    pub lang: Option<Spanned<String>>,
    /// How the citation is shown: a caption (default), a ※ note, or none at all (a
    /// definition in the organisation's own words, without `.issuer` and `.title`).
    #[serde(default)]
    pub citation: Option<Spanned<Citation>>,
    /// Taken from hoshin's standard library (`library = true`): its texts, year and URL are
    /// the library's unless the site gives its own.
    #[serde(default)]
    pub library: bool,
}

/// How a definition's citation is shown (`citation = "…"` in `[[definitions]]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Citation {
    /// Under the definition, as its caption (`<figcaption>`).
    #[default]
    Caption,
    /// After the definition, as a note with the language's note mark (※ in Japanese).
    Note,
    /// No citation: the organisation's own words.
    None,
}

/// The markers of a list (`numbering = "…"` on an example group, an example with nested
/// examples, or a response group).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Numbering {
    /// Bullets (`<ul>`), the default.
    #[default]
    Bullets,
    /// `1.`, `2.`… (`<ol>`).
    Decimal,
    /// `(1)`, `(2)`… (`<ol>`; full-width parentheses in Chinese and Japanese).
    Parenthesised,
    /// `①`, `②`… (`<ol>`; past 50, `(51)`…).
    Circled,
    /// No markers (`<ul>`).
    None,
}

impl Numbering {
    /// The name used in `policy.toml` and in the theme's class names (`list-<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Numbering::Bullets => "bullets",
            Numbering::Decimal => "decimal",
            Numbering::Parenthesised => "parenthesised",
            Numbering::Circled => "circled",
            Numbering::None => "none",
        }
    }

    /// Whether the list is numbered (an `<ol>`).
    pub fn ordered(self) -> bool {
        matches!(
            self,
            Numbering::Decimal | Numbering::Parenthesised | Numbering::Circled
        )
    }
}

/// The numbering of a list whose `numbering` field may be absent.
pub fn numbering(field: &Option<Spanned<Numbering>>) -> Numbering {
    field.as_ref().map(|n| *n.get_ref()).unwrap_or_default()
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
    /// The markers of the group's list.
    #[serde(default)]
    pub numbering: Option<Spanned<Numbering>>,
    /// Whether the heading is taken from hoshin's standard library (not its examples: each
    /// says so itself).
    #[serde(default)]
    pub library: bool,
    /// The examples, in order.
    #[serde(default)]
    pub items: Vec<Example>,
    /// Subgroups, after the examples (at most three levels of groups in all).
    #[serde(default)]
    pub groups: Vec<ExampleGroup>,
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
    /// The markers of the nested examples' list.
    #[serde(default)]
    pub numbering: Option<Spanned<Numbering>>,
    /// Show the nested examples run in after this one as a label
    /// ("Physical attacks: hitting; kicking"), not as a list.
    #[serde(default)]
    pub run_in: Option<Spanned<bool>>,
}

/// A group of responses, e.g. in-house or external.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseGroup {
    /// Id; the heading text is `response-group-<id>`.
    pub id: Spanned<String>,
    /// Whether the group shows a heading (then `response-group-<id>` is required).
    #[serde(default = "yes")]
    pub heading: bool,
    /// The markers of the group's list.
    #[serde(default)]
    pub numbering: Option<Spanned<Numbering>>,
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

impl Example {
    /// Whether the nested examples are shown run in after this one.
    pub fn is_run_in(&self) -> bool {
        self.run_in.as_ref().is_some_and(|r| *r.get_ref())
    }
}

impl ExampleGroup {
    /// This group and all its subgroups, depth-first.
    pub fn walk(&self) -> Vec<&ExampleGroup> {
        let mut out = vec![self];
        for child in &self.groups {
            out.extend(child.walk());
        }
        out
    }
}

impl Definition {
    /// How the citation is shown.
    pub fn citation(&self) -> Citation {
        self.citation
            .as_ref()
            .map(|c| *c.get_ref())
            .unwrap_or_default()
    }
}

impl PolicyData {
    /// Every example group and subgroup, depth-first in document order.
    pub fn all_groups(&self) -> Vec<&ExampleGroup> {
        self.examples.iter().flat_map(ExampleGroup::walk).collect()
    }

    /// Every example of every group and subgroup, depth-first in document order.
    pub fn all_examples(&self) -> Vec<&Example> {
        self.all_groups()
            .into_iter()
            .flat_map(|g| g.items.iter().flat_map(Example::walk))
            .collect()
    }
}
