//! The localise stage: turns a policy's structure and a language's messages into views that
//! hold every reader-visible string, ready for templates.
//!
//! A missing message is reported at the id in `policy.toml` that needs it, naming the message
//! and the locale folder where it belongs. With `[build] fallback = "source"` a missing policy
//! text is taken from the source language instead, and its view carries that language (`lang`)
//! so the template can mark it.

use std::sync::Arc;

use fluent_bundle::FluentArgs;
use serde::Serialize;

mod details;
pub(crate) mod lists;
pub(crate) mod phrases;

pub use details::{ContactLine, GlossaryEntryView, SignatureView};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::site::content::{Block, Date, DateKind, Document, Policy};
use crate::site::dates::DateFormatter;
use crate::site::library_texts::{library_languages, LIBRARY_NAME};
use crate::site::locale::Locale;
use crate::site::messages::{needed_texts, ItemKind};
pub use lists::ListView;

/// A date as shown: machine-readable and formatted for the locale.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `date-<kind>` key: `enacted`, `effective`, `made-known`, `revised`.
    pub kind: String,
    /// The label in this language (from the `date-<kind>` UI message).
    pub label: String,
    /// `YYYY-MM-DD`.
    pub iso: String,
    /// Formatted per locale, e.g. 令和7年7月9日 or July 9, 2025.
    pub text: String,
}

/// A definition and its citation.
#[derive(Debug, Clone, Serialize)]
pub struct DefinitionView {
    /// Id (used as the HTML id `definition-<id>`).
    pub id: String,
    /// The definition's text.
    pub text: String,
    /// The language of `text` when it fell back to the source language.
    pub lang: Option<String>,
    /// The language of the citation when its issuer or title fell back.
    pub citation_lang: Option<String>,
    /// Issuer of the cited document.
    pub issuer: String,
    /// Title of the cited document.
    pub title: String,
    /// Year, if given.
    pub year: Option<i32>,
    /// URL of the cited document, if given.
    pub url: Option<String>,
    /// The cited document's language when it has a URL and is not the page's language:
    /// the link's `hreflang`.
    pub url_lang: Option<String>,
    /// The marker saying so after the link (`link-language`, e.g. "(Japanese)").
    pub url_lang_marker: Option<String>,
    /// The whole citation line, formatted by the `citation` UI message (empty without one).
    pub citation: String,
    /// How the citation is shown: `caption`, `note` (after the definition, with the
    /// language's note mark) or `none`.
    pub citation_style: &'static str,
}

/// One example with its nested examples.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleView {
    /// Id.
    pub id: String,
    /// Full text.
    pub text: String,
    /// The language of `text` when it fell back to the source language.
    pub lang: Option<String>,
    /// Short label for the notice, when the example is on it.
    pub notice: Option<String>,
    /// The language of `notice` when it fell back to the source language.
    pub notice_lang: Option<String>,
    /// Whether the nested examples are run in after the text instead of a list.
    pub run_in: bool,
    /// The nested examples' list.
    pub list: ListView,
    /// Nested examples.
    pub items: Vec<ExampleView>,
}

/// A group of examples.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleGroupView {
    /// Id.
    pub id: String,
    /// Heading, unless the group is configured without one.
    pub heading: Option<String>,
    /// The language of `heading` when it fell back to the source language.
    pub heading_lang: Option<String>,
    /// The heading's level (3 for a top-level group, one more per heading above it).
    pub level: u8,
    /// The examples' list.
    pub list: ListView,
    /// Examples.
    pub items: Vec<ExampleView>,
    /// Subgroups, after the examples.
    pub groups: Vec<ExampleGroupView>,
}

/// A response item.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseView {
    /// Id.
    pub id: String,
    /// Text.
    pub text: String,
    /// The language of `text` when it fell back to the source language.
    pub lang: Option<String>,
}

/// A group of responses.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseGroupView {
    /// Id.
    pub id: String,
    /// Heading, unless the group is configured without one.
    pub heading: Option<String>,
    /// The language of `heading` when it fell back to the source language.
    pub heading_lang: Option<String>,
    /// The heading's level.
    pub level: u8,
    /// The responses' list.
    pub list: ListView,
    /// Responses.
    pub items: Vec<ResponseView>,
}

/// The contact block.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// Heading.
    pub title: String,
    /// Body text.
    pub body: String,
    /// Phone number.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Contact form URL.
    pub url: Option<String>,
    /// Every line (department, phone, hours, email, URL) with its label and separator.
    pub lines: Vec<ContactLine>,
}

/// A revision history entry.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    /// When.
    pub date: DateView,
    /// What changed.
    pub summary: String,
}

/// A block ready for its template `blocks/<name>.html`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum BlockView {
    /// `definition`
    Definition {
        /// The definition.
        definition: DefinitionView,
    },
    /// `examples`
    Examples {
        /// Groups shown.
        groups: Vec<ExampleGroupView>,
    },
    /// `responses`
    Responses {
        /// Groups shown.
        groups: Vec<ResponseGroupView>,
    },
    /// `note`
    Note {
        /// Id.
        id: String,
        /// Text.
        text: String,
        /// The language of `text` when it fell back to the source language.
        lang: Option<String>,
    },
    /// `contact`
    Contact {
        /// The contact block.
        contact: ContactView,
    },
    /// `dates`
    Dates {
        /// Labelled dates.
        dates: Vec<DateView>,
    },
    /// `revisions`
    Revisions {
        /// Revision history.
        revisions: Vec<RevisionView>,
    },
    /// `glossary`
    Glossary {
        /// The terms, in `policy.toml` order.
        entries: Vec<GlossaryEntryView>,
    },
}

impl BlockView {
    /// The template that renders this block.
    pub fn template(&self) -> &'static str {
        match self {
            BlockView::Definition { .. } => "blocks/definition.html",
            BlockView::Examples { .. } => "blocks/examples.html",
            BlockView::Responses { .. } => "blocks/responses.html",
            BlockView::Note { .. } => "blocks/note.html",
            BlockView::Contact { .. } => "blocks/contact.html",
            BlockView::Dates { .. } => "blocks/dates.html",
            BlockView::Revisions { .. } => "blocks/revisions.html",
            BlockView::Glossary { .. } => "blocks/glossary.html",
        }
    }
}

/// Resolves messages for one policy in one language, collecting every missing one.
pub struct Localiser<'a> {
    locale: &'a Locale,
    policy: &'a Policy,
    dates: &'a DateFormatter,
    fallback: Option<&'a Locale>,
    /// The site's locales, for glossary terms that keep their language.
    term_locales: Vec<&'a Locale>,
    diags: Diagnostics,
}

impl<'a> Localiser<'a> {
    /// A localiser for `policy` in `locale`.
    pub fn new(locale: &'a Locale, policy: &'a Policy, dates: &'a DateFormatter) -> Self {
        Localiser {
            locale,
            policy,
            dates,
            fallback: None,
            term_locales: Vec::new(),
            diags: Diagnostics::new(),
        }
    }

    /// Takes a policy text missing in this locale from `source` (`[build] fallback = "source"`).
    pub fn with_fallback(mut self, source: Option<&'a Locale>) -> Self {
        self.fallback = source.filter(|s| s.code != self.locale.code);
        self
    }

    /// Errors gathered so far.
    pub fn finish(self) -> Diagnostics {
        self.diags
    }

    /// A policy text and, when it fell back to the source language, that language.
    fn text_in(
        &mut self,
        kind: ItemKind,
        id: &toml::Spanned<String>,
        attr: Option<&str>,
    ) -> (String, Option<String>) {
        let mid = kind.message_id(id.get_ref());
        let file: &Arc<SourceFile> = &self.policy.data_file;
        let err = match self.locale.text(&mid, attr, None) {
            Ok(t) => return (t, None),
            Err(e) => e,
        };
        if let Some(Ok(t)) = self.fallback.map(|s| s.text(&mid, attr, None)) {
            return (t, self.fallback.map(|s| s.code.clone()));
        }
        // Missing (no message, attribute or value) versus present but unresolvable: `check`
        // leaves the first to `compare_locales` when the source language has the text.
        let present = !err.is_missing();
        let what = attr
            .map(|a| format!("`{mid}` with attribute `.{a}`"))
            .unwrap_or_else(|| format!("`{mid}`"));
        self.diags.push(
            Diagnostic::error(err.to_string())
                .code(if present {
                    "content-unresolved-text"
                } else {
                    "content-missing-text"
                })
                .at(file, id.span())
                .label(format!("this {} needs the message {what}", kind.prefix()))
                .help(if !present && self.locale.is_library_message(&mid) {
                    format!(
                        "{LIBRARY_NAME} has this text only in {}: add it to a file in locales/{}/",
                        library_languages(),
                        self.locale.code
                    )
                } else {
                    format!("add it to a file in locales/{}/", self.locale.code)
                }),
        );
        (String::new(), None)
    }

    fn ui(&mut self, id: &str, args: Option<&FluentArgs>, at: &Arc<SourceFile>) -> String {
        match self.locale.text(id, None, args) {
            Ok(t) => t,
            Err(msg) => {
                self.diags
                    .push(Diagnostic::error(msg.to_string()).in_file(at).help(format!(
                        "the theme needs `{id}` in locales/{}/",
                        self.locale.code
                    )));
                String::new()
            }
        }
    }

    /// Formats one labelled date.
    pub fn date(&mut self, kind: DateKind, date: Date, doc: &Document) -> DateView {
        let label = self.ui(&format!("date-{}", kind.key()), None, &doc.file);
        self.plain_date(kind.key(), label, date, &doc.file)
    }

    fn plain_date(
        &mut self,
        kind: &str,
        label: String,
        date: Date,
        at: &Arc<SourceFile>,
    ) -> DateView {
        let text = match self.dates.format(date.year, date.month, date.day) {
            Ok(t) => t,
            Err(msg) => {
                self.diags.push(
                    Diagnostic::error(format!("cannot format date {}: {msg}", date.iso()))
                        .in_file(at),
                );
                String::new()
            }
        };
        DateView {
            kind: kind.to_string(),
            label,
            iso: date.iso(),
            text,
        }
    }

    /// Localises one block of `doc`, whose labelled dates are `dates`.
    pub fn block(
        &mut self,
        block: &Block,
        doc: &Document,
        dates: &[(DateKind, Date)],
    ) -> BlockView {
        let data = &self.policy.data;
        match block {
            Block::Definition { id } => {
                let Some(def) = data.definitions.iter().find(|d| d.id.get_ref() == id) else {
                    return BlockView::Note {
                        id: id.clone(),
                        text: String::new(),
                        lang: None,
                    };
                };
                BlockView::Definition {
                    definition: self.definition(def, doc),
                }
            }
            Block::Examples { group } => BlockView::Examples {
                groups: self.example_groups(&data.examples, group.as_ref()),
            },
            Block::Responses { group } => BlockView::Responses {
                groups: self.response_groups(&data.responses, group.as_ref()),
            },
            Block::Note { id } => {
                let (text, lang) = match data.notes.iter().find(|n| n.id.get_ref() == id) {
                    Some(n) => self.text_in(ItemKind::Note, &n.id, None),
                    None => (String::new(), None),
                };
                BlockView::Note {
                    id: id.clone(),
                    text,
                    lang,
                }
            }
            Block::Contact => {
                let contact = data
                    .contact
                    .clone()
                    .unwrap_or(crate::site::content::data::Contact {
                        phone: None,
                        email: None,
                        url: None,
                        department: None,
                        hours: None,
                    });
                let file = Arc::clone(&self.policy.data_file);
                let title = self.ui("contact-title", None, &file);
                let body = self.ui("contact-body", None, &file);
                let lines = self.contact_lines(&contact);
                BlockView::Contact {
                    contact: ContactView {
                        title,
                        body,
                        phone: contact.phone,
                        email: contact.email.map(|e| e.into_inner()),
                        url: contact.url.map(|u| u.into_inner()),
                        lines,
                    },
                }
            }
            Block::Dates => BlockView::Dates {
                dates: dates.iter().map(|(k, d)| self.date(*k, *d, doc)).collect(),
            },
            Block::Revisions => {
                let label = self.ui("date-revised", None, &doc.file);
                let revisions = doc
                    .front
                    .revisions
                    .iter()
                    .map(|r| RevisionView {
                        date: self.plain_date("revised", label.clone(), r.date, &doc.file),
                        summary: r.summary.clone(),
                    })
                    .collect();
                BlockView::Revisions { revisions }
            }
            Block::Glossary => BlockView::Glossary {
                entries: self.glossary(),
            },
        }
    }

    /// Localises every text the policy's data needs ([`needed_texts`]), so that a missing
    /// message is reported even when no block shows it (e.g. a notice label).
    pub fn check_all(&mut self) {
        let policy = self.policy;
        for t in needed_texts(&policy.data) {
            self.text_in(t.kind, t.id, t.attribute);
        }
        self.check_terms();
        self.check_contact();
    }
}
