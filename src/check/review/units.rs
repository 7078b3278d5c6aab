//! The units of a site: every piece of source-language text a translator translates as a
//! whole (see the [review module](super)), with its normalised source text and where its
//! translation is.

use std::ops::Range;
use std::sync::Arc;

use super::{FrontKey, UnitId};
use crate::check::fluent::Parsed;
use crate::diagnostics::SourceFile;
use crate::site::content::{Document, Policy};
use crate::site::locale::{Locale, Origin};
use crate::site::Site;

/// A unit of source text and where its translation is.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// The unit id (see the module documentation).
    pub(crate) id: UnitId,
    /// The normalised source text.
    pub(crate) source: String,
    /// Where the translation is, when there is one.
    pub(crate) translation: Option<(Arc<SourceFile>, Range<usize>)>,
    /// When the translation is hoshin's standard library's, the library's text in the source
    /// language, normalised: the source it was translated from, reviewed by hoshin (so a unit
    /// without a review record is stale when the site's source text differs from it).
    pub(super) library_source: Option<String>,
}

/// Trims every line's trailing whitespace and drops blank lines at either end.
pub(crate) fn normalise(text: &str, trim_start: bool) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| if trim_start { l.trim() } else { l.trim_end() })
        .collect();
    let first = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(first, |i| i + 1);
    lines[first..last.max(first)].join("\n")
}

/// Every unit of the source language, with its translation's location in `lang`.
pub(crate) fn units(site: &Site, lang: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    for_each_unit(site, lang, |unit| out.push(unit));
    out
}

/// [`units`], one at a time and in the same order, so that a caller that looks at each unit
/// once never holds the source text of the whole site.
pub(crate) fn for_each_unit(site: &Site, lang: &str, mut out: impl FnMut(Unit)) {
    message_units(site, lang, None, &mut out);
    for policy in &site.policies {
        policy_units(site, policy, lang, &mut out);
    }
}

/// The units of the site's Fluent messages, in [`for_each_unit`]'s order; the files' syntax
/// from `parsed` when given.
pub(crate) fn message_units(
    site: &Site,
    lang: &str,
    parsed: Option<&Parsed>,
    mut out: impl FnMut(Unit),
) {
    let source = &*site.source().locale;
    let Some(target) = site.language(lang).map(|l| &*l.locale) else {
        return;
    };
    for (origin, file) in &source.files {
        if *origin != Origin::Site {
            continue;
        }
        let spans = match parsed {
            Some(parsed) => super::spans::spans_of(&file.text, &parsed.get(file)),
            None => super::spans::message_spans(file),
        };
        for (id, attr, text) in fluent_units(file, spans) {
            // Only the definition that wins (a later file overrides an earlier one).
            let Some(info) = source.messages.get(&id) else {
                continue;
            };
            if !Arc::ptr_eq(&info.file, file) || info.origin != Origin::Site {
                continue;
            }
            let translation = translation_of(target, &id, attr.as_deref());
            let library_source = target
                .library_text(&id, attr.as_deref())
                .and_then(|t| t.all.get(&site.source().language.code))
                .map(|s| normalise(s, true));
            out(Unit {
                id: UnitId::Message {
                    id,
                    attribute: attr,
                },
                source: normalise(&text, true),
                translation,
                library_source,
            });
        }
    }
    // Library texts of the source language that the site translates itself (a language the
    // library lacks, or an override): the site's translation is reviewed against them.
    for (id, info) in &source.messages {
        for attr in &info.library {
            let attr = attr.as_deref();
            let Some(text) = source.library_text(id, attr) else {
                continue;
            };
            if target.messages.get(id).is_none_or(|t| t.from_library(attr)) {
                continue;
            }
            out(Unit {
                id: UnitId::Message {
                    id: id.clone(),
                    attribute: attr.map(str::to_string),
                },
                source: normalise(&text.text, true),
                translation: translation_of(target, id, attr),
                library_source: None,
            });
        }
    }
}

/// The units of one policy's documents (front matter and sections), in [`for_each_unit`]'s
/// order.
pub(crate) fn policy_units(site: &Site, policy: &Policy, lang: &str, mut out: impl FnMut(Unit)) {
    let source_lang = &site.config.source_language().code;
    let (Some(src), Some(tr)) = (
        policy.documents.get(source_lang),
        policy.documents.get(lang),
    ) else {
        return;
    };
    let front = |key| UnitId::Front {
        slug: policy.slug.clone(),
        key,
    };
    out(Unit {
        id: front(FrontKey::Title),
        source: src.front.title.trim().to_string(),
        translation: Some(front_key(tr, "title")),
        library_source: None,
    });
    out(Unit {
        id: front(FrontKey::Description),
        source: src.front.description.trim().to_string(),
        translation: Some(front_key(tr, "description")),
        library_source: None,
    });
    if !src.front.revisions.is_empty() {
        let summaries: Vec<String> = src
            .front
            .revisions
            .iter()
            .map(|r| format!("{}: {}", r.date.iso(), r.summary.trim()))
            .collect();
        out(Unit {
            id: front(FrontKey::Revisions),
            source: summaries.join("\n"),
            translation: Some(front_key(tr, "[[revisions]]")),
            library_source: None,
        });
    }
    let tr_sections = tr.sections();
    for s in src.sections() {
        let translation = tr_sections.iter().find(|t| t.id == s.id).map(|t| {
            let span = if t.heading.is_empty() {
                line_at(&tr.file.text, t.range.start)
            } else {
                t.heading.clone()
            };
            (Arc::clone(&tr.file), span)
        });
        out(Unit {
            id: UnitId::Section {
                slug: policy.slug.clone(),
                section: s.id.clone(),
            },
            source: normalise(&src.file.text[s.range.clone()], false),
            translation,
            library_source: None,
        });
    }
}

/// How many units of one policy's documents have a translation in `lang`: what
/// [`policy_units`] gives, counted without making the units (a language whose review state
/// is not tracked only counts them).
pub(crate) fn translated_policy_units(site: &Site, policy: &Policy, lang: &str) -> usize {
    let source_lang = &site.config.source_language().code;
    let (Some(src), Some(tr)) = (
        policy.documents.get(source_lang),
        policy.documents.get(lang),
    ) else {
        return 0;
    };
    // The title, the description and the revisions (when the source has any) always have a
    // place in the translation; a section has one when the translation has its id.
    let front = 2 + usize::from(!src.front.revisions.is_empty());
    let tr_sections = tr.sections();
    let sections = src
        .sections()
        .iter()
        .filter(|s| tr_sections.iter().any(|t| t.id == s.id))
        .count();
    front + sections
}

/// Where the translation of a message's value (`attr = None`) or attribute is in `target`.
fn translation_of(
    target: &Locale,
    id: &str,
    attr: Option<&str>,
) -> Option<(Arc<SourceFile>, Range<usize>)> {
    let t = target.messages.get(id)?;
    match attr {
        None => t.has_value.then(|| (Arc::clone(&t.file), t.span.clone())),
        Some(a) => t
            .attributes
            .get(a)
            .map(|s| (Arc::clone(&t.file), s.clone())),
    }
}

/// The first line of the first non-blank text at or after `start`.
fn line_at(text: &str, start: usize) -> Range<usize> {
    let skip = text[start..].len() - text[start..].trim_start().len();
    let s = start + skip;
    let e = text[s..].find('\n').map_or(text.len(), |n| s + n);
    s..e
}

/// The line of a front-matter key (or table header) in a document, else its first line.
fn front_key(doc: &Document, key: &str) -> (Arc<SourceFile>, Range<usize>) {
    let text = &doc.file.text;
    let front = &text[..doc.front.body_start.min(text.len())];
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let t = line.trim_start();
        let matches = if key.starts_with('[') {
            t.starts_with(key)
        } else {
            t.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        };
        if matches {
            let start = offset + (line.len() - t.len());
            return (Arc::clone(&doc.file), start..offset + line.trim_end().len());
        }
        offset += line.len();
    }
    (Arc::clone(&doc.file), line_at(text, 0))
}

/// `(message id, attribute, raw source text)` of every message in a Fluent file.
fn fluent_units(
    file: &SourceFile,
    spans: Vec<super::spans::MessageSpans>,
) -> Vec<(String, Option<String>, String)> {
    let text = &file.text;
    let mut out = Vec::new();
    for m in spans {
        if m.has_value {
            out.push((m.id.clone(), None, text[m.value.clone()].to_string()));
        }
        for (name, span, _) in &m.attributes {
            out.push((
                m.id.clone(),
                Some(name.clone()),
                text[span.clone()].to_string(),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fluent_units_split_value_and_attributes() {
        let f = SourceFile::new(
            "x.ftl",
            "x.ftl",
            "# intro\n\na = A\n  continued\n    .notice = N\n\n# about b\nb = B\nc =\n    .only = attr\n",
        );
        let units: Vec<(String, Option<String>, String)> =
            fluent_units(&f, super::super::spans::message_spans(&f))
                .into_iter()
                .map(|(id, a, t)| (id, a, normalise(&t, true)))
                .collect();
        assert_eq!(
            units,
            vec![
                ("a".into(), None, "A\ncontinued".into()),
                ("a".into(), Some("notice".into()), "N".into()),
                ("b".into(), None, "B".into()),
                ("c".into(), Some("only".into()), "attr".into()),
            ]
        );
    }

    /// The count without the units agrees with the units, on every fixture site and on a
    /// translation that lacks a section.
    #[test]
    fn translated_units_are_counted_as_the_units_say() {
        let sites = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites");
        let mut names: Vec<String> = std::fs::read_dir(&sites)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let mut looked = 0;
        for name in names {
            let (_tmp, root) = crate::test_sites::copy_fixture(&name);
            let en = root.join("content/house-rules/en.md");
            if let Ok(text) = std::fs::read_to_string(&en) {
                let text = text.replace("{#response}", "{#other}");
                std::fs::write(&en, text).unwrap();
            }
            let Ok(site) = Site::load(&root, &Default::default()) else {
                continue;
            };
            for lang in site.translations() {
                for policy in &site.policies {
                    let lang = &lang.language.code;
                    let mut n = 0;
                    policy_units(&site, policy, lang, |u| {
                        n += usize::from(u.translation.is_some())
                    });
                    assert_eq!(
                        translated_policy_units(&site, policy, lang),
                        n,
                        "{name} {lang}"
                    );
                    looked += 1;
                }
            }
        }
        assert!(looked >= 10, "{looked}");
    }
}
