//! hoshin's standard library of policy texts, built into the binary.
//!
//! `library.toml` (next to this file, included with `include_str!`) holds hoshin's own
//! wording, in Japanese and English, of what a basic policy on customer harassment is made
//! of: three definitions with their citations (the amended Labor Policy Comprehensive
//! Promotion Act, Art. 33, in force from 2026-10-01; the MHLW 2022 manual; the Tokyo
//! ordinance), the MHLW manual's catalogue of examples in its two groups plus additions many
//! published policies make, notes, responses, the printed notice's texts and the prose of a
//! policy document. `hoshin init` picks items from it by id; docs/library.md lists them all.
//!
//! Every item has a stable id, used unchanged as the item's id in the `policy.toml` a site
//! gets (so its message is `example-physical-attacks`). Ids are never renamed or reused.
//!
//! This module is data only: it depends on no other stage.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

pub mod doc;

/// The languages every text of the library is written in, the source language first.
pub const LANGUAGES: [&str; 2] = ["ja", "en"];

/// The prose keys `hoshin init` reads (see [`Library::prose`]).
pub const PROSE_KEYS: [&str; 13] = [
    "title",
    "description",
    "site-title",
    "site-description",
    "heading-introduction",
    "introduction",
    "heading-definition",
    "definition-lead-one",
    "definition-lead-many",
    "heading-examples",
    "heading-response",
    "heading-request",
    "request",
];

/// A text in every language of the library, by language code.
pub type Text = BTreeMap<String, String>;

/// The whole library.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Library {
    /// Definitions of customer harassment, each with its citation.
    pub definitions: Vec<Definition>,
    /// Example groups, in order.
    pub examples: Vec<ExampleGroup>,
    /// Notes placed around the examples.
    pub notes: Vec<Item>,
    /// Response groups, in order.
    pub responses: Vec<ResponseGroup>,
    /// The printed store notice's texts.
    pub notice: NoticeTexts,
    /// Which examples are marked for the printed notice, in order of preference.
    pub notice_order: Vec<String>,
    /// The prose of the documents `hoshin init` writes, by key (see [`Library::prose`]).
    pub prose: BTreeMap<String, Text>,
}

/// A definition of customer harassment and the document it comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// Stable id (`act-art33`).
    pub id: String,
    /// Chosen when no definitions are named.
    #[serde(default)]
    pub default: bool,
    /// The cited document's year.
    pub year: i32,
    /// The cited document's address.
    pub url: String,
    /// When the cited rule took effect, if it is a law (YYYY-MM-DD).
    #[serde(default)]
    pub in_force: Option<String>,
    /// The source, in full, for docs/library.md.
    pub source: String,
    /// The definition.
    pub text: Text,
    /// Who issued the cited document (`.issuer`).
    pub issuer: Text,
    /// The cited document's title (`.title`).
    pub title: Text,
}

/// An example group: a heading and its examples.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleGroup {
    /// Stable id (`inappropriate-means`).
    pub id: String,
    /// Where the group comes from.
    pub source: String,
    /// The heading.
    pub text: Text,
    /// The examples.
    pub items: Vec<Example>,
}

/// An example; one with `items` is a subheading over its examples.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Stable id (`physical-attacks`).
    pub id: String,
    /// Chosen when no examples are named.
    #[serde(default)]
    pub default: bool,
    /// Where the example comes from.
    pub source: String,
    /// The full text.
    pub text: Text,
    /// The short label on the printed notice (every example without `items` has one).
    #[serde(default)]
    pub notice: Option<Text>,
    /// Nested examples.
    #[serde(default)]
    pub items: Vec<Example>,
}

/// A note or a response: an id and a text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable id.
    pub id: String,
    /// Chosen when no items of its kind are named.
    #[serde(default)]
    pub default: bool,
    /// Where the item comes from.
    pub source: String,
    /// The text.
    pub text: Text,
}

/// A response group: a heading and its responses.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseGroup {
    /// Stable id (`in-house`).
    pub id: String,
    /// Where the group comes from.
    pub source: String,
    /// The heading.
    pub text: Text,
    /// The responses.
    pub items: Vec<Item>,
}

/// The texts of the printed store notice (`notice-<slug>` and its attributes).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeTexts {
    /// The headline (the message's value).
    pub headline: Text,
    /// `.lead`, above the labels.
    pub lead: Text,
    /// `.stance`, what the organisation will do.
    pub stance: Text,
    /// `.request`, a polite request.
    pub request: Text,
}

/// The library, parsed once.
pub fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        // The file is part of the binary and tested (`library_is_complete`): a parse error is
        // a bug in hoshin, caught by `cargo test`, never something a user's input can cause.
        toml::from_str(include_str!("library.toml"))
            .unwrap_or_else(|e| panic!("src/library/library.toml: {e}"))
    })
}

/// True when the library has texts in `lang`.
pub fn has_language(lang: &str) -> bool {
    LANGUAGES.contains(&lang)
}

/// The text in `lang`, or an empty string for a language the library lacks (callers check
/// [`has_language`] first).
pub fn text<'a>(text: &'a Text, lang: &str) -> &'a str {
    text.get(lang).map_or("", String::as_str)
}

impl Library {
    /// A prose text by key, in `lang`, with `{organisation}` replaced by `organisation`.
    pub fn prose(&self, key: &str, lang: &str, organisation: &str) -> String {
        self.prose
            .get(key)
            .map(|t| text(t, lang).replace("{organisation}", organisation))
            .unwrap_or_default()
    }

    /// A definition by id.
    pub fn definition(&self, id: &str) -> Option<&Definition> {
        self.definitions.iter().find(|d| d.id == id)
    }

    /// Every example, depth first.
    pub fn all_examples(&self) -> Vec<&Example> {
        fn walk<'a>(items: &'a [Example], out: &mut Vec<&'a Example>) {
            for e in items {
                out.push(e);
                walk(&e.items, out);
            }
        }
        let mut out = Vec::new();
        for g in &self.examples {
            walk(&g.items, &mut out);
        }
        out
    }

    /// Every response, in order.
    pub fn all_responses(&self) -> impl Iterator<Item = &Item> {
        self.responses.iter().flat_map(|g| &g.items)
    }

    /// Resolves a choice of definitions: a comma-separated list of ids, `all` or `default`.
    pub fn choose_definitions(&self, spec: &str) -> Result<Vec<String>, String> {
        let ids: Vec<&str> = self.definitions.iter().map(|d| d.id.as_str()).collect();
        let mut chosen = BTreeSet::new();
        for token in tokens(spec)? {
            match token {
                "all" => chosen.extend(ids.iter().copied()),
                "default" => chosen.extend(
                    self.definitions
                        .iter()
                        .filter(|d| d.default)
                        .map(|d| d.id.as_str()),
                ),
                id if ids.contains(&id) => {
                    chosen.insert(id);
                }
                id => return Err(unknown("a definition", id, &ids)),
            }
        }
        // In library order.
        Ok(ids
            .into_iter()
            .filter(|id| chosen.contains(id))
            .map(String::from)
            .collect())
    }

    /// Resolves a choice of examples: a comma-separated list of ids (an example, a
    /// subheading or a group, which selects everything under it), `all` or `default`.
    /// Returns the chosen examples without `items` (a subheading or group is shown when any
    /// example under it is chosen).
    pub fn choose_examples(&self, spec: &str) -> Result<BTreeSet<String>, String> {
        fn leaves(items: &[Example], only_default: bool, out: &mut BTreeSet<String>) {
            for e in items {
                if e.items.is_empty() {
                    if !only_default || e.default {
                        out.insert(e.id.clone());
                    }
                } else {
                    leaves(&e.items, only_default, out);
                }
            }
        }
        let mut chosen = BTreeSet::new();
        for token in tokens(spec)? {
            match token {
                "all" | "default" => {
                    for g in &self.examples {
                        leaves(&g.items, token == "default", &mut chosen);
                    }
                }
                id => {
                    if let Some(g) = self.examples.iter().find(|g| g.id == id) {
                        leaves(&g.items, false, &mut chosen);
                    } else if let Some(e) = self.all_examples().into_iter().find(|e| e.id == id) {
                        leaves(std::slice::from_ref(e), false, &mut chosen);
                    } else {
                        let mut ids: Vec<&str> =
                            self.examples.iter().map(|g| g.id.as_str()).collect();
                        ids.extend(self.all_examples().iter().map(|e| e.id.as_str()));
                        return Err(unknown("an example", id, &ids));
                    }
                }
            }
        }
        Ok(chosen)
    }

    /// Resolves a choice of responses: a comma-separated list of ids (a response, or a group,
    /// which selects its responses), `all` or `default`.
    pub fn choose_responses(&self, spec: &str) -> Result<BTreeSet<String>, String> {
        let mut chosen = BTreeSet::new();
        for token in tokens(spec)? {
            match token {
                "all" | "default" => chosen.extend(
                    self.all_responses()
                        .filter(|r| token == "all" || r.default)
                        .map(|r| r.id.clone()),
                ),
                id => {
                    if let Some(g) = self.responses.iter().find(|g| g.id == id) {
                        chosen.extend(g.items.iter().map(|r| r.id.clone()));
                    } else if self.all_responses().any(|r| r.id == id) {
                        chosen.insert(id.to_string());
                    } else {
                        let mut ids: Vec<&str> =
                            self.responses.iter().map(|g| g.id.as_str()).collect();
                        ids.extend(self.all_responses().map(|r| r.id.as_str()));
                        return Err(unknown("a response", id, &ids));
                    }
                }
            }
        }
        Ok(chosen)
    }

    /// The examples to mark for the printed notice among `chosen`: at most `max`, in the
    /// library's order of preference.
    pub fn notice_examples(&self, chosen: &BTreeSet<String>, max: usize) -> BTreeSet<String> {
        self.notice_order
            .iter()
            .filter(|id| chosen.contains(*id))
            .take(max)
            .cloned()
            .collect()
    }
}

/// The comma-separated tokens of a choice; at least one.
fn tokens(spec: &str) -> Result<Vec<&str>, String> {
    let tokens: Vec<&str> = spec
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() {
        return Err(
            "choose at least one item (ids separated by commas, `all` or `default`)".into(),
        );
    }
    Ok(tokens)
}

fn unknown(kind: &str, id: &str, ids: &[&str]) -> String {
    format!(
        "`{id}` is not {kind} of hoshin's library (known: {}, or `all` / `default`; see docs/library.md)",
        ids.join(", ")
    )
}

#[cfg(test)]
mod tests;
