//! The naming conventions between the language-neutral data and the per-language Fluent
//! messages, decided here once: which message holds the text of a `policy.toml` item, which
//! texts a policy needs, and which UI messages the code itself reads.
//!
//! | item | message |
//! |---|---|
//! | definition `mhlw-2022` | `definition-mhlw-2022` (+ `.issuer`, `.title`) |
//! | example group `all` (with `heading = true`) | `example-group-all` |
//! | example `violence` | `example-violence` (+ `.notice` when on the notice) |
//! | response group `external` | `response-group-external` |
//! | response `refuse-service` | `response-refuse-service` |
//! | note `catch-all` | `note-catch-all` |
//! | a policy with notices, `customer-harassment` | `notice-customer-harassment` (+ `.lead`, `.stance`, `.request`) |
//! | store `shibuya` in `locations.toml` | `location-shibuya` |
//! | signature `director` | `signature-director` (the name, + `.title`) |
//! | contact of `customer-harassment` | `contact-details-customer-harassment` (`.department`, `.hours`) |
//! | glossary term `dogeza` | `term-dogeza` (the term), `glossary-dogeza` (+ `.reading`) |

use toml::Spanned;

use crate::site::content::data::{Citation, Example, PolicyData};

/// Messages every site must define in each language (`locales/<lang>/`), beyond the theme's.
pub(crate) const SITE_MESSAGES: [&str; 3] = ["site-title", "site-description", "organisation-name"];

/// UI messages the code (not a template) reads from a locale; the theme provides them.
pub(crate) const CODE_MESSAGES: [&str; 17] = [
    "language-name",
    "date-enacted",
    "date-effective",
    "date-made-known",
    "date-revised",
    "citation",
    "citation-undated",
    "contact-title",
    "contact-body",
    "notice-full-policy",
    "notice-all-languages",
    "notice-hours",
    "notice-phone",
    "notice-index-title",
    "notice-index-all-locations",
    "site-title",
    "link-language",
];

/// UI messages the code reads for signatures, contact details and the glossary; the theme
/// provides them.
pub(crate) const DETAIL_MESSAGES: [&str; 5] = [
    "signature-line",
    "contact-label",
    "contact-department",
    "contact-hours",
    "glossary-reading",
];

/// The attributes of a policy's notice message ([`notice_message`]), besides its value (the
/// headline).
pub(crate) const NOTICE_ATTRIBUTES: [&str; 3] = ["lead", "stance", "request"];

/// The kind of a `policy.toml` item that has a text; it names the item's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// `[[definitions]]`.
    Definition,
    /// `[[examples]]`, the group heading.
    ExampleGroup,
    /// An example, at any depth.
    Example,
    /// `[[responses]]`, the group heading.
    ResponseGroup,
    /// A response.
    Response,
    /// `[[notes]]`.
    Note,
    /// `[[signatures]]`: the signer's name, `.title` their position.
    Signature,
    /// `[[glossary]]`: the term itself.
    Term,
    /// `[[glossary]]`: the term's explanation (and `.reading`).
    Glossary,
}

impl ItemKind {
    /// The message id prefix, also the word diagnostics use for the item.
    pub fn prefix(self) -> &'static str {
        match self {
            ItemKind::Definition => "definition",
            ItemKind::ExampleGroup => "example-group",
            ItemKind::Example => "example",
            ItemKind::ResponseGroup => "response-group",
            ItemKind::Response => "response",
            ItemKind::Note => "note",
            ItemKind::Signature => "signature",
            ItemKind::Term => "term",
            ItemKind::Glossary => "glossary",
        }
    }

    /// Whether two policies may list the same item and mean the same text: a person signing
    /// both, a term in both glossaries.
    pub fn site_wide(self) -> bool {
        matches!(
            self,
            ItemKind::Signature | ItemKind::Term | ItemKind::Glossary
        )
    }

    /// The Fluent message id that holds the text of the item `id` of this kind.
    pub fn message_id(self, id: &str) -> String {
        format!("{}-{id}", self.prefix())
    }
}

/// One text a policy's data needs in every language: a message's value, or one attribute.
#[derive(Debug, Clone, Copy)]
pub struct NeededText<'a> {
    /// What kind of item needs it.
    pub kind: ItemKind,
    /// The item's id in `policy.toml`, with its span (where a missing text is reported).
    pub id: &'a Spanned<String>,
    /// The attribute, or `None` for the message's value.
    pub attribute: Option<&'static str>,
}

impl NeededText<'_> {
    /// The Fluent message id.
    pub fn message_id(&self) -> String {
        self.kind.message_id(self.id.get_ref())
    }
}

/// Every text a policy's data needs, in `policy.toml` order: definitions (value, and `.issuer`,
/// `.title` unless `citation = "none"`), each example group's heading (when it shows one), its
/// examples depth-first (value, `.notice` when on the notice) and then its subgroups, response
/// groups (heading when shown) and their responses, notes.
///
/// Build, `check` and the translators' view all list a policy's texts with this function.
pub fn needed_texts(data: &PolicyData) -> Vec<NeededText<'_>> {
    let mut out = Vec::new();
    let mut push = |kind, id, attribute| {
        out.push(NeededText {
            kind,
            id,
            attribute,
        })
    };
    for d in &data.definitions {
        push(ItemKind::Definition, &d.id, None);
        if d.citation() != Citation::None {
            push(ItemKind::Definition, &d.id, Some("issuer"));
            push(ItemKind::Definition, &d.id, Some("title"));
        }
    }
    for g in data.all_groups() {
        if g.heading {
            push(ItemKind::ExampleGroup, &g.id, None);
        }
        for e in g.items.iter().flat_map(Example::walk) {
            push(ItemKind::Example, &e.id, None);
            if e.notice {
                push(ItemKind::Example, &e.id, Some("notice"));
            }
        }
    }
    for g in &data.responses {
        if g.heading {
            push(ItemKind::ResponseGroup, &g.id, None);
        }
        for r in &g.items {
            push(ItemKind::Response, r, None);
        }
    }
    for n in &data.notes {
        push(ItemKind::Note, &n.id, None);
    }
    for s in &data.signatures {
        push(ItemKind::Signature, &s.id, None);
        push(ItemKind::Signature, &s.id, Some("title"));
    }
    for t in &data.glossary {
        if t.lang.is_none() {
            push(ItemKind::Term, &t.id, None);
        }
        push(ItemKind::Glossary, &t.id, None);
        if t.reading {
            push(ItemKind::Glossary, &t.id, Some("reading"));
        }
    }
    out
}

/// A glossary term that keeps its language: its text `term-<id>` is needed in `lang`'s
/// locale only, and no other language compares it ([`crate::validate`]).
#[derive(Debug, Clone, Copy)]
pub struct KeptTerm<'a> {
    /// The term's id in `policy.toml`.
    pub id: &'a Spanned<String>,
    /// Its language, as written in `policy.toml` (with its span).
    pub lang: &'a Spanned<String>,
}

impl KeptTerm<'_> {
    /// The Fluent message id, `term-<id>`.
    pub fn message_id(&self) -> String {
        ItemKind::Term.message_id(self.id.get_ref())
    }
}

/// The glossary terms of a policy that keep their language, in `policy.toml` order.
pub fn kept_terms(data: &PolicyData) -> Vec<KeptTerm<'_>> {
    data.glossary
        .iter()
        .filter_map(|t| t.lang.as_ref().map(|lang| KeptTerm { id: &t.id, lang }))
        .collect()
}

/// The message holding a policy's contact texts: attributes `.department` and `.hours`.
pub fn contact_message(slug: &str) -> String {
    format!("contact-details-{slug}")
}

/// The message holding a policy's notice texts: the headline, with [`NOTICE_ATTRIBUTES`].
pub fn notice_message(slug: &str) -> String {
    format!("notice-{slug}")
}

/// The message holding a store's name.
pub fn location_message(id: &str) -> String {
    format!("location-{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_follow_the_data_and_skip_what_is_not_shown() {
        let data: PolicyData = toml::from_str(
            r#"
            [[definitions]]
            id = "mhlw"
            [[definitions]]
            id = "own"
            citation = "none"
            [[examples]]
            id = "all"
            heading = false
            items = [{ id = "violence", notice = true, items = [{ id = "hitting" }] }]
            groups = [{ id = "sub", items = [{ id = "shouting" }] }]
            [[responses]]
            id = "in-house"
            items = ["record"]
            [[responses]]
            id = "bare"
            heading = false
            items = ["call-police"]
            [[notes]]
            id = "catch-all"
            "#,
        )
        .unwrap();
        let ids: Vec<String> = needed_texts(&data)
            .iter()
            .map(|t| match t.attribute {
                Some(a) => format!("{}.{a}", t.message_id()),
                None => t.message_id(),
            })
            .collect();
        assert_eq!(
            ids,
            [
                "definition-mhlw",
                "definition-mhlw.issuer",
                "definition-mhlw.title",
                "definition-own",
                "example-violence",
                "example-violence.notice",
                "example-hitting",
                "example-group-sub",
                "example-shouting",
                "response-group-in-house",
                "response-record",
                "response-call-police",
                "note-catch-all"
            ]
        );
    }

    #[test]
    fn kept_terms_are_needed_in_their_language_only() {
        let data: PolicyData = toml::from_str(
            r#"
            [[signatures]]
            id = "president"
            [[glossary]]
            id = "dogeza"
            lang = "ja"
            reading = true
            [[glossary]]
            id = "ticket"
            "#,
        )
        .unwrap();
        let ids: Vec<String> = needed_texts(&data)
            .iter()
            .map(|t| match t.attribute {
                Some(a) => format!("{}.{a}", t.message_id()),
                None => t.message_id(),
            })
            .collect();
        assert_eq!(
            ids,
            [
                "signature-president",
                "signature-president.title",
                "glossary-dogeza",
                "glossary-dogeza.reading",
                "term-ticket",
                "glossary-ticket"
            ]
        );
        let kept: Vec<(String, &str)> = kept_terms(&data)
            .iter()
            .map(|t| (t.message_id(), t.lang.get_ref().as_str()))
            .collect();
        assert_eq!(kept, [("term-dogeza".to_string(), "ja")]);
        assert!(ItemKind::Signature.site_wide() && !ItemKind::Example.site_wide());
    }
}
