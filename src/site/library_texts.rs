//! Items of `policy.toml` taken from hoshin's standard library ([`crate::library`]) by
//! reference: `library = true` on a definition, an example group (its heading), an example, a
//! note or a response group (its heading and every response in it).
//!
//! Such an item keeps the library's id, and its texts come from the library in every language
//! the library has (ja, en) unless the site's own `locales/<lang>/*.ftl` defines the message or
//! attribute: the site's text wins, per language and per message or attribute. A language the
//! library lacks defines the texts itself, as for any other item. A definition also takes the
//! library's `year` and `url` when `policy.toml` gives none.
//!
//! Loading a policy checks that every reference names an item the library has
//! ([`resolve`]); loading a locale adds the library texts of every referenced item
//! ([`texts_for`]), below the site's own (see `Locale::with_library`).

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::library::{self, Library, Text};
use crate::site::content::data::PolicyData;
use crate::site::messages::{needed_texts, ItemKind};

/// How diagnostics name the library, which has no file to point at.
pub const LIBRARY_NAME: &str = "hoshin's standard library";

/// The library's languages, for help lines: "ja, en".
pub fn library_languages() -> String {
    library::LANGUAGES.join(", ")
}

/// One text of a referenced library item, in one language.
#[derive(Debug, Clone)]
pub struct LibraryText {
    /// The message id (`example-physical-attacks`).
    pub message: String,
    /// The attribute, or `None` for the value.
    pub attribute: Option<String>,
    /// The text in the locale's language.
    pub text: String,
    /// The item's text in every language of the library (its translations say the same).
    pub all: &'static Text,
    /// The `policy.toml` that references the item, and the span of its id there: where a
    /// diagnostic about a library text points.
    pub file: Arc<SourceFile>,
    /// The id's span.
    pub span: Range<usize>,
}

/// The `(kind prefix, id)` of every item of `data` marked `library = true` (a response group's
/// mark covers its responses).
pub fn library_items(data: &PolicyData) -> BTreeSet<(&'static str, &str)> {
    let mut out = BTreeSet::new();
    for d in data.definitions.iter().filter(|d| d.library) {
        out.insert((ItemKind::Definition.prefix(), d.id.get_ref().as_str()));
    }
    for g in &data.examples {
        if g.library {
            out.insert((ItemKind::ExampleGroup.prefix(), g.id.get_ref().as_str()));
        }
    }
    for e in data.all_examples().into_iter().filter(|e| e.library) {
        out.insert((ItemKind::Example.prefix(), e.id.get_ref().as_str()));
    }
    for g in data.responses.iter().filter(|g| g.library) {
        out.insert((ItemKind::ResponseGroup.prefix(), g.id.get_ref().as_str()));
        for r in &g.items {
            out.insert((ItemKind::Response.prefix(), r.get_ref().as_str()));
        }
    }
    for n in data.notes.iter().filter(|n| n.library) {
        out.insert((ItemKind::Note.prefix(), n.id.get_ref().as_str()));
    }
    out
}

/// True when `data` takes any item from the library.
pub fn uses_library(data: &PolicyData) -> bool {
    !library_items(data).is_empty()
}

/// The library's ids of one kind of item.
fn ids_of(lib: &Library, kind: ItemKind) -> Vec<&str> {
    match kind {
        ItemKind::Definition => lib.definitions.iter().map(|d| d.id.as_str()).collect(),
        ItemKind::ExampleGroup => lib.examples.iter().map(|g| g.id.as_str()).collect(),
        ItemKind::Example => lib.all_examples().iter().map(|e| e.id.as_str()).collect(),
        ItemKind::ResponseGroup => lib.responses.iter().map(|g| g.id.as_str()).collect(),
        ItemKind::Response => lib.all_responses().map(|r| r.id.as_str()).collect(),
        ItemKind::Note => lib.notes.iter().map(|n| n.id.as_str()).collect(),
        // The library has no signatures or glossary: they are the organisation's own.
        ItemKind::Signature | ItemKind::Term | ItemKind::Glossary => Vec::new(),
    }
}

/// The library's text of one item's value (`attr = None`) or attribute, if it has one.
fn library_text<'a>(
    lib: &'a Library,
    kind: ItemKind,
    id: &str,
    attr: Option<&str>,
) -> Option<&'a Text> {
    match (kind, attr) {
        (ItemKind::Definition, _) => {
            let d = lib.definition(id)?;
            match attr {
                None => Some(&d.text),
                Some("issuer") => Some(&d.issuer),
                Some("title") => Some(&d.title),
                Some(_) => None,
            }
        }
        (ItemKind::ExampleGroup, None) => lib.examples.iter().find(|g| g.id == id).map(|g| &g.text),
        (ItemKind::Example, None) => lib
            .all_examples()
            .into_iter()
            .find(|e| e.id == id)
            .map(|e| &e.text),
        (ItemKind::Example, Some("notice")) => lib
            .all_examples()
            .into_iter()
            .find(|e| e.id == id)
            .and_then(|e| e.notice.as_ref()),
        (ItemKind::ResponseGroup, None) => {
            lib.responses.iter().find(|g| g.id == id).map(|g| &g.text)
        }
        (ItemKind::Response, None) => lib.all_responses().find(|r| r.id == id).map(|r| &r.text),
        (ItemKind::Note, None) => lib.notes.iter().find(|n| n.id == id).map(|n| &n.text),
        _ => None,
    }
}

/// Checks the library references of a policy (each names an item of its kind the library has;
/// an unknown one is an error at its id, with a "did you mean") and fills in the library's
/// `year` and `url` of a referenced definition that gives none.
pub fn resolve(file: &Arc<SourceFile>, data: &mut PolicyData) -> Diagnostics {
    let lib = library::library();
    let mut diags = Diagnostics::new();
    let mut check = |kind: ItemKind, id: &Spanned<String>, via_group: bool| {
        let known = ids_of(lib, kind);
        if known.contains(&id.get_ref().as_str()) {
            return;
        }
        let what = kind.prefix().replace('-', " ");
        let article = if what.starts_with('e') { "an" } else { "a" };
        let mut d = Diagnostic::error(format!(
            "`{}` is not {article} {what} of {LIBRARY_NAME}",
            id.get_ref()
        ))
        .code("library-unknown-id")
        .at(file, id.span())
        .label(if via_group {
            "in a response group marked `library = true`".to_string()
        } else {
            format!("marked `library = true`, but the library has no such {what}")
        });
        if let Some(s) = did_you_mean(id.get_ref(), known.iter().copied()) {
            d = d.help(format!("did you mean `{s}`?"));
        }
        diags.push(d.note(if via_group {
            "docs/library.md lists every item; a group marked `library = true` takes every response from the library: put a response of your own in a group of your own".to_string()
        } else {
            format!(
                "docs/library.md lists every item; for a text of your own, remove `library = true` and write `{}` in locales/<lang>/",
                kind.message_id(id.get_ref())
            )
        }));
    };
    for d in data.definitions.iter().filter(|d| d.library) {
        check(ItemKind::Definition, &d.id, false);
    }
    for g in data.examples.iter().filter(|g| g.library) {
        check(ItemKind::ExampleGroup, &g.id, false);
    }
    for e in data.all_examples().into_iter().filter(|e| e.library) {
        check(ItemKind::Example, &e.id, false);
    }
    for g in data.responses.iter().filter(|g| g.library) {
        check(ItemKind::ResponseGroup, &g.id, false);
        for r in &g.items {
            check(ItemKind::Response, r, true);
        }
    }
    for n in data.notes.iter().filter(|n| n.library) {
        check(ItemKind::Note, &n.id, false);
    }
    for d in data.definitions.iter_mut().filter(|d| d.library) {
        let Some(found) = lib.definition(d.id.get_ref()) else {
            continue;
        };
        d.year = d.year.or(Some(found.year));
        if d.url.is_none() {
            d.url = Some(Spanned::new(d.id.span(), found.url.clone()));
        }
        // The library cites Japanese laws and guidance only.
        if d.lang.is_none() {
            d.lang = Some(Spanned::new(d.id.span(), "ja".to_string()));
        }
    }
    diags
}

/// A policy's structure and its `policy.toml`.
pub type PolicyRef<'a> = (&'a PolicyData, &'a Arc<SourceFile>);

/// The library texts, in `lang`, of every text the policies need from a library item; empty
/// for a language the library lacks (the site writes those texts itself).
pub fn texts_for(policies: &[PolicyRef], lang: &str) -> Vec<LibraryText> {
    let lib: &'static Library = library::library();
    let mut out = Vec::new();
    if !library::has_language(lang) {
        return out;
    }
    for (data, file) in policies {
        let items = library_items(data);
        for t in needed_texts(data) {
            if !items.contains(&(t.kind.prefix(), t.id.get_ref().as_str())) {
                continue;
            }
            let Some(text) = library_text(lib, t.kind, t.id.get_ref(), t.attribute) else {
                continue;
            };
            out.push(LibraryText {
                message: t.message_id(),
                attribute: t.attribute.map(str::to_string),
                text: library::text(text, lang).to_string(),
                all: text,
                file: Arc::clone(file),
                span: t.id.span(),
            });
        }
    }
    out
}

/// The message ids of every library item the policies reference, whatever the language.
pub fn referenced_messages(policies: &[PolicyRef]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (data, _) in policies {
        let items = library_items(data);
        for t in needed_texts(data) {
            if items.contains(&(t.kind.prefix(), t.id.get_ref().as_str())) {
                out.insert(t.message_id());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(text: &str) -> (Arc<SourceFile>, PolicyData, Diagnostics) {
        let file = SourceFile::new("content/p/policy.toml", "policy.toml", text);
        let mut data: PolicyData = toml::from_str(text).unwrap();
        let diags = resolve(&file, &mut data);
        (file, data, diags)
    }

    #[test]
    fn unknown_ids_are_located_with_a_suggestion() {
        let (_, _, diags) = data(
            "[[definitions]]\nid = \"act-art3\"\nlibrary = true\n\n[[responses]]\nid = \"in-house\"\nlibrary = true\nitems = [\"record-facts\", \"no-such-thing\"]\n",
        );
        let messages: Vec<String> = diags.0.iter().map(|d| d.message.clone()).collect();
        assert!(
            messages[0].contains("`act-art3` is not a definition"),
            "{messages:?}"
        );
        let (_, _, group) = data("[[examples]]\nid = \"x\"\nlibrary = true\n");
        assert!(group.0[0].message.contains("is not an example group"));
        assert_eq!(diags.0[0].position().unwrap().1, 2);
        assert!(
            diags.0[0].help.iter().any(|h| h.contains("`act-art33`")),
            "{:?}",
            diags.0[0]
        );
        assert!(messages
            .iter()
            .any(|m| m.contains("`no-such-thing` is not a response")));
    }

    #[test]
    fn definitions_take_the_library_year_and_url_unless_given() {
        let (_, data, diags) = data(
            "[[definitions]]\nid = \"act-art33\"\nlibrary = true\n\n[[definitions]]\nid = \"mhlw-2022\"\nlibrary = true\nyear = 2023\n",
        );
        assert!(diags.0.is_empty(), "{diags:?}");
        assert_eq!(data.definitions[0].year, Some(2025));
        assert!(data.definitions[0]
            .url
            .as_ref()
            .unwrap()
            .get_ref()
            .starts_with("https://laws.e-gov.go.jp/"));
        assert_eq!(data.definitions[1].year, Some(2023));
    }

    #[test]
    fn only_marked_items_and_needed_attributes_get_texts() {
        let lib = library::library();
        let example = &lib.all_examples()[0].id;
        let text = format!(
            "[[examples]]\nid = \"mine\"\nitems = [{{ id = \"{example}\", library = true, notice = true }}, {{ id = \"own\" }}]\n[[notes]]\nid = \"{}\"\nlibrary = true\n",
            lib.notes[0].id
        );
        let file = SourceFile::new("content/p/policy.toml", "policy.toml", text.as_str());
        let data: PolicyData = toml::from_str(&text).unwrap();
        let texts = texts_for(&[(&data, &file)], "en");
        let ids: Vec<String> = texts
            .iter()
            .map(|t| {
                format!(
                    "{}{}",
                    t.message,
                    t.attribute
                        .as_ref()
                        .map(|a| format!(".{a}"))
                        .unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(
            ids,
            [
                format!("example-{example}"),
                format!("example-{example}.notice"),
                format!("note-{}", lib.notes[0].id)
            ]
        );
        assert!(texts.iter().all(|t| !t.text.is_empty() && t.all.len() == 2));
        assert!(texts_for(&[(&data, &file)], "zh-Hans").is_empty());
    }
}
