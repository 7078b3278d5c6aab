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

use toml::Spanned;

use crate::site::content::data::{Example, PolicyData};

/// Messages every site must define in each language (`locales/<lang>/`), beyond the theme's.
pub(crate) const SITE_MESSAGES: [&str; 3] = ["site-title", "site-description", "organisation-name"];

/// UI messages the code (not a template) reads from a locale; the theme provides them.
pub(crate) const CODE_MESSAGES: [&str; 16] = [
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
        }
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

/// Every text a policy's data needs, in `policy.toml` order: definitions (value, `.issuer`,
/// `.title`), each example group's heading (when it shows one) and its examples depth-first
/// (value, `.notice` when on the notice), response groups and their responses, notes.
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
        push(ItemKind::Definition, &d.id, Some("issuer"));
        push(ItemKind::Definition, &d.id, Some("title"));
    }
    for g in &data.examples {
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
        push(ItemKind::ResponseGroup, &g.id, None);
        for r in &g.items {
            push(ItemKind::Response, r, None);
        }
    }
    for n in &data.notes {
        push(ItemKind::Note, &n.id, None);
    }
    out
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
            [[examples]]
            id = "all"
            heading = false
            items = [{ id = "violence", notice = true, items = [{ id = "hitting" }] }]
            [[responses]]
            id = "in-house"
            items = ["record"]
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
                "example-violence",
                "example-violence.notice",
                "example-hitting",
                "response-group-in-house",
                "response-record",
                "note-catch-all"
            ]
        );
    }
}
