//! The parts that sign and round off a policy page, localised: who signs it
//! (`[[signatures]]`), the contact block's lines (`[contact]`) and the glossary
//! (`[[glossary]]`), with every label, separator and term in the page's language, and a term
//! that keeps its own language marked with it.

use std::ops::Range;
use std::sync::Arc;

use fluent_bundle::FluentArgs;
use serde::Serialize;

use super::Localiser;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::site::content::data::Contact;
use crate::site::locale::Locale;
use crate::site::messages::{contact_message, kept_terms, ItemKind};

/// A person who signs the policy, under its date.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureView {
    /// Id.
    pub id: String,
    /// The person's name (`signature-<id>`).
    pub name: String,
    /// Their title or position (`signature-<id>.title`).
    pub title: String,
    /// Title and name in this language's order, by the `signature-line` UI message
    /// (代表取締役社長　山田 太郎; Taro Yamada, President).
    pub text: String,
    /// The language of the texts when one fell back to the source language.
    pub lang: Option<String>,
}

/// One line of the contact block: a label with its separator, and a value.
#[derive(Debug, Clone, Serialize)]
pub struct ContactLine {
    /// `department`, `phone`, `hours`, `email` or `url`.
    pub kind: &'static str,
    /// The label with this language's separator (電話：, Phone: ), by `contact-label`.
    pub label: String,
    /// The value as shown.
    pub text: String,
    /// The link (`tel:…`, `mailto:…`, `https://…`), for phone, email and URL.
    pub href: Option<String>,
    /// The language of `text` when it fell back to the source language.
    pub lang: Option<String>,
}

/// One term of the glossary.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryEntryView {
    /// Id (the HTML id is `term-<id>`).
    pub id: String,
    /// The term.
    pub term: String,
    /// The term's language when it is not the page's (a term that keeps its language, or a
    /// translated term that fell back to the source language).
    pub term_lang: Option<String>,
    /// The reading or romanisation with its brackets, by `glossary-reading`
    /// (（どげざ）, (dogeza)), when the glossary gives readings.
    pub reading: Option<String>,
    /// The explanation.
    pub text: String,
    /// The language of `text` (and `reading`) when it fell back to the source language.
    pub lang: Option<String>,
}

impl<'a> Localiser<'a> {
    /// Lets glossary terms that keep their language be read from that language's locale
    /// (every locale of the site; the page's own one is used for its own language).
    pub fn with_term_locales(mut self, locales: Vec<&'a Locale>) -> Self {
        self.term_locales = locales;
        self
    }

    /// Who signs the policy, in `policy.toml` order.
    pub fn signatures(&mut self) -> Vec<SignatureView> {
        let policy = self.policy;
        let file = Arc::clone(&policy.data_file);
        policy
            .data
            .signatures
            .iter()
            .map(|s| {
                let (name, name_lang) = self.text_in(ItemKind::Signature, &s.id, None);
                let (title, title_lang) = self.text_in(ItemKind::Signature, &s.id, Some("title"));
                // A missing name or title is reported above; the line is not composed then.
                let text = match name.is_empty() || title.is_empty() {
                    true => String::new(),
                    false => {
                        let mut args = FluentArgs::new();
                        args.set("name", name.clone());
                        args.set("title", title.clone());
                        self.ui("signature-line", Some(&args), &file)
                    }
                };
                SignatureView {
                    id: s.id.get_ref().clone(),
                    name,
                    title,
                    text,
                    lang: name_lang.or(title_lang),
                }
            })
            .collect()
    }

    /// The contact block's lines, in a fixed order: department, phone, hours, email, URL.
    pub(super) fn contact_lines(&mut self, contact: &Contact) -> Vec<ContactLine> {
        let file = Arc::clone(&self.policy.data_file);
        let mut lines = Vec::new();
        let mut line = |this: &mut Self,
                        kind: &'static str,
                        label_id: &str,
                        text: String,
                        href: Option<String>,
                        lang: Option<String>| {
            let label = this.ui(label_id, None, &file);
            let mut args = FluentArgs::new();
            args.set("label", label);
            let label = this.ui("contact-label", Some(&args), &file);
            lines.push(ContactLine {
                kind,
                label,
                text,
                href,
                lang,
            });
        };
        if let Some(at) = contact.department.as_ref().filter(|d| *d.get_ref()) {
            let (text, lang) = self.contact_text("department", at.span());
            line(self, "department", "contact-department", text, None, lang);
        }
        if let Some(phone) = &contact.phone {
            let href = format!("tel:{}", phone.replace(['-', ' '], ""));
            line(
                self,
                "phone",
                "contact-phone",
                phone.clone(),
                Some(href),
                None,
            );
        }
        if let Some(at) = contact.hours.as_ref().filter(|h| *h.get_ref()) {
            let (text, lang) = self.contact_text("hours", at.span());
            line(self, "hours", "contact-hours", text, None, lang);
        }
        if let Some(email) = &contact.email {
            let email = email.get_ref().clone();
            let href = format!("mailto:{email}");
            line(self, "email", "contact-email", email, Some(href), None);
        }
        if let Some(url) = &contact.url {
            let url = url.get_ref().clone();
            line(self, "url", "contact-form", url.clone(), Some(url), None);
        }
        lines
    }

    /// An attribute of the policy's contact message (`contact-details-<slug>`), reported at
    /// the `policy.toml` key that asks for it when missing.
    fn contact_text(&mut self, attr: &str, at: Range<usize>) -> (String, Option<String>) {
        let mid = contact_message(&self.policy.slug);
        let err = match self.locale.text(&mid, Some(attr), None) {
            Ok(t) => return (t, None),
            Err(e) => e,
        };
        if let Some(Ok(t)) = self.fallback.map(|s| s.text(&mid, Some(attr), None)) {
            return (t, self.fallback.map(|s| s.code.clone()));
        }
        let file: &Arc<SourceFile> = &self.policy.data_file;
        self.diags.push(
            Diagnostic::error(err.to_string())
                .code(match err.is_missing() {
                    true => "content-missing-text",
                    false => "content-unresolved-text",
                })
                .at(file, at)
                .label(format!(
                    "the contact block needs the message `{mid}` with attribute `.{attr}`"
                ))
                .help(format!(
                    "add it to a file in locales/{}/:\n{mid} =\n    .{attr} = …",
                    self.locale.code
                )),
        );
        (String::new(), None)
    }

    /// The glossary, in `policy.toml` order.
    pub(super) fn glossary(&mut self) -> Vec<GlossaryEntryView> {
        let policy = self.policy;
        let file = Arc::clone(&policy.data_file);
        let page = self.locale.code.clone();
        policy
            .data
            .glossary
            .iter()
            .map(|t| {
                let (term, term_lang) = match &t.lang {
                    Some(lang) if *lang.get_ref() == page => self.kept_term(&t.id, None),
                    Some(lang) => {
                        let term_locale = self
                            .term_locales
                            .iter()
                            .copied()
                            .find(|l| l.code == *lang.get_ref());
                        self.kept_term(&t.id, term_locale)
                    }
                    None => self.text_in(ItemKind::Term, &t.id, None),
                };
                let (text, lang) = self.text_in(ItemKind::Glossary, &t.id, None);
                let reading = match t.reading {
                    true => {
                        let (r, _) = self.text_in(ItemKind::Glossary, &t.id, Some("reading"));
                        let mut args = FluentArgs::new();
                        args.set("reading", r);
                        Some(self.ui("glossary-reading", Some(&args), &file))
                    }
                    false => None,
                };
                GlossaryEntryView {
                    id: t.id.get_ref().clone(),
                    term,
                    term_lang,
                    reading,
                    text,
                    lang,
                }
            })
            .collect()
    }

    /// A term that keeps its language, from that language's locale (`None`: this page's);
    /// with the term's language when it is not the page's.
    fn kept_term(
        &self,
        id: &toml::Spanned<String>,
        locale: Option<&'a Locale>,
    ) -> (String, Option<String>) {
        let locale = locale.unwrap_or(self.locale);
        let mid = ItemKind::Term.message_id(id.get_ref());
        let lang = (locale.code != self.locale.code).then(|| locale.code.clone());
        // A missing term is reported by the page in the term's own language (`check_terms`).
        (locale.text(&mid, None, None).unwrap_or_default(), lang)
    }

    fn term_error(&mut self, id: &toml::Spanned<String>, err: &crate::site::locale::TextError) {
        let mid = ItemKind::Term.message_id(id.get_ref());
        self.diags.push(
            Diagnostic::error(err.to_string())
                .code(match err.is_missing() {
                    true => "content-missing-text",
                    false => "content-unresolved-text",
                })
                .at(&self.policy.data_file, id.span())
                .label(format!(
                    "this glossary term keeps the language `{}` and needs the message `{mid}` there",
                    self.locale.code
                ))
                .help(format!(
                    "add `{mid} = …` to a file in locales/{}/ (the other languages need no copy)",
                    self.locale.code
                )),
        );
    }

    /// Checks the terms that keep this locale's language (the other languages do not have
    /// them), so a missing one is reported even when no block shows the glossary.
    pub(super) fn check_terms(&mut self) {
        let policy = self.policy;
        for t in kept_terms(&policy.data) {
            if *t.lang.get_ref() == self.locale.code {
                if let Err(e) = self.locale.text(&t.message_id(), None, None) {
                    self.term_error(t.id, &e);
                }
            }
        }
    }

    /// Checks the contact texts `policy.toml` asks for, even when no block shows them.
    pub(super) fn check_contact(&mut self) {
        if let Some(contact) = &self.policy.data.contact {
            for (attr, at) in [
                ("department", &contact.department),
                ("hours", &contact.hours),
            ] {
                if let Some(at) = at.as_ref().filter(|a| *a.get_ref()) {
                    self.contact_text(attr, at.span());
                }
            }
        }
    }
}
