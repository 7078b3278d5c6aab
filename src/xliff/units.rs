//! The units of an exchange: every review unit of a language (`hoshin check`'s units) with its
//! source text, its current translation and where in which file a new translation goes.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::fluent::{message_spans, MessageSpans};
use super::inline::Syntax;
use crate::check::review::{self, normalise, FrontKey, ReviewState, UnitId};
use crate::diagnostics::{Diagnostics, SourceFile};
use crate::site::content::Document;
use crate::site::locale::Origin;
use crate::site::Site;

/// One unit of the exchange.
#[derive(Debug, Clone)]
pub(crate) struct XUnit {
    /// The unit id.
    pub(crate) id: UnitId,
    /// The normalised source text (as the review record keeps it).
    pub(crate) source: String,
    /// Its hash (as the review record keeps it).
    pub(crate) hash: String,
    /// How the text is written.
    pub(crate) syntax: Syntax,
    /// The review state of the translation.
    pub(crate) state: ReviewState,
    /// The source file and the line the unit starts on.
    pub(crate) source_at: (String, usize),
    /// The current translation (normalised like the source), if any.
    pub(crate) current: Option<String>,
    /// Where a translation is written.
    pub(crate) place: Option<Place>,
}

/// A file a translation is written into: one of the site, or a new one.
#[derive(Debug, Clone)]
pub(crate) struct TargetFile {
    /// The path on disk.
    pub(crate) path: PathBuf,
    /// As shown to the user.
    pub(crate) display: String,
    /// Its text now (empty for a new file).
    pub(crate) text: Arc<SourceFile>,
}

/// Where a unit's translation is written.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    /// The file.
    pub(crate) file: TargetFile,
    /// How.
    pub(crate) how: How,
}

/// How a translation is written into its file.
#[derive(Debug, Clone)]
pub(crate) enum How {
    /// Replace a Fluent value or attribute: the bytes after its `=` up to the next attribute
    /// or entry; `indent` is the indentation of its first line.
    FluentValue { span: Range<usize>, indent: usize },
    /// Add a new attribute `.name = …` at `at` (the end of its message).
    FluentAttribute { at: usize, name: String },
    /// Add a new message at the end of the file.
    FluentMessage { id: String },
    /// Replace a Markdown section's text.
    Section { range: Range<usize> },
    /// Add a Markdown section at `at`.
    NewSection { at: usize },
    /// Replace a TOML string (the span of its literal).
    TomlString { span: Range<usize> },
    /// Replace the revision summaries (spans of their literals, with their dates).
    Revisions {
        summaries: Vec<(String, Range<usize>)>,
    },
}

/// Every unit of `lang`, in `hoshin check`'s order.
pub(crate) fn units(site: &Site, lang: &str) -> Result<Vec<XUnit>, Diagnostics> {
    let states = review::unit_states(site, lang)?;
    let source = &*site.source().locale;
    let mut fluent_cache: Vec<(Arc<SourceFile>, Vec<MessageSpans>)> = Vec::new();
    let mut spans_of = |file: &Arc<SourceFile>| -> Vec<MessageSpans> {
        if let Some((_, s)) = fluent_cache.iter().find(|(f, _)| Arc::ptr_eq(f, file)) {
            return s.clone();
        }
        let s = message_spans(file);
        fluent_cache.push((Arc::clone(file), s.clone()));
        s
    };
    let target_locale = site.language(lang).map(|l| &*l.locale);
    let mut out = Vec::new();
    for (unit, state) in states {
        let (syntax, source_at, current, place) = match &unit.id {
            UnitId::Message { id, attribute } => {
                let Some(info) = source.messages.get(id) else {
                    continue;
                };
                let line = info.file.line_col(info.span.start).0;
                let src_file = info.file.display.clone();
                let target = target_locale.and_then(|l| l.messages.get(id));
                let (current, place) = match target {
                    Some(t) if t.origin == Origin::Site => {
                        fluent_place(&t.file, &spans_of(&t.file), id, attribute.as_deref())
                    }
                    Some(_) => (None, None),
                    None => (
                        None,
                        new_fluent_file(site, lang, &info.file).map(|file| Place {
                            file,
                            how: How::FluentMessage { id: id.clone() },
                        }),
                    ),
                };
                (Syntax::Fluent, (src_file, line), current, place)
            }
            UnitId::Section { slug, section } => {
                let Some((src, tr)) = docs(site, slug, lang) else {
                    continue;
                };
                let s = src.sections().iter().find(|s| s.id == *section);
                let line = s.map_or(1, |s| src.file.line_col(s.range.start).0);
                let (current, place) = section_place(src, tr, section);
                (
                    Syntax::Markdown,
                    (src.file.display.clone(), line),
                    current,
                    place,
                )
            }
            UnitId::Front { slug, key } => {
                let Some((src, tr)) = docs(site, slug, lang) else {
                    continue;
                };
                let (current, place) = front_place(tr, *key);
                let syntax = match key {
                    FrontKey::Revisions => Syntax::Revisions,
                    _ => Syntax::Plain,
                };
                (syntax, (src.file.display.clone(), 1), current, place)
            }
        };
        out.push(XUnit {
            hash: review::hash(&unit.source),
            source: unit.source,
            id: unit.id,
            syntax,
            state,
            source_at,
            current,
            place,
        });
    }
    Ok(out)
}

fn docs<'a>(site: &'a Site, slug: &str, lang: &str) -> Option<(&'a Document, &'a Document)> {
    let policy = site.policies.iter().find(|p| p.slug == slug)?;
    let src = policy.documents.get(&site.source().language.code)?;
    Some((src, policy.documents.get(lang)?))
}

fn existing(file: &Arc<SourceFile>) -> TargetFile {
    TargetFile {
        path: file.path.clone(),
        display: file.display.clone(),
        text: Arc::clone(file),
    }
}

/// The translation of a message or attribute in `file`, and where a new one goes.
fn fluent_place(
    file: &Arc<SourceFile>,
    spans: &[MessageSpans],
    id: &str,
    attribute: Option<&str>,
) -> (Option<String>, Option<Place>) {
    let Some(m) = spans.iter().rev().find(|m| m.id == id) else {
        return (None, None);
    };
    let (span, indent, present) = match attribute {
        None => (m.value.clone(), 0, m.has_value),
        Some(a) => match m.attributes.iter().find(|(n, _, _)| n == a) {
            Some((_, span, indent)) => (span.clone(), *indent, true),
            None => {
                let how = How::FluentAttribute {
                    at: m.end,
                    name: a.to_string(),
                };
                return (
                    None,
                    Some(Place {
                        file: existing(file),
                        how,
                    }),
                );
            }
        },
    };
    let current = present.then(|| normalise(&file.text[span.clone()], true));
    let how = How::FluentValue { span, indent };
    (
        current,
        Some(Place {
            file: existing(file),
            how,
        }),
    )
}

/// The file of `lang` that a message missing from it goes into: the one named like the source
/// language's file that defines it (`locales/<lang>/<name>.ftl`), created when missing.
fn new_fluent_file(site: &Site, lang: &str, source_file: &SourceFile) -> Option<TargetFile> {
    let name = source_file.path.file_name()?;
    let dir = site.root.join("locales").join(lang);
    let path = dir.join(name);
    let display = format!("locales/{lang}/{}", name.to_string_lossy());
    let locale = &site.language(lang)?.locale;
    if let Some((_, f)) = locale
        .files
        .iter()
        .find(|(o, f)| *o == Origin::Site && f.path == path)
    {
        return Some(existing(f));
    }
    // Only a file named as the source language's is created, in the language's own folder.
    Some(TargetFile {
        path,
        display: display.clone(),
        text: SourceFile::new(display, dir.join(name), String::new()),
    })
}

/// The translation of a section, and where it goes.
fn section_place(src: &Document, tr: &Document, id: &str) -> (Option<String>, Option<Place>) {
    let tr_sections = tr.sections();
    if let Some(t) = tr_sections.iter().find(|t| t.id == id) {
        let current = normalise(&tr.file.text[t.range.clone()], false);
        let how = How::Section {
            range: t.range.clone(),
        };
        return (
            Some(current),
            Some(Place {
                file: existing(&tr.file),
                how,
            }),
        );
    }
    // After the nearest earlier source section the translation has, else at the body start.
    let src_sections = src.sections();
    let at = src_sections
        .iter()
        .take_while(|s| s.id != id)
        .filter_map(|s| tr_sections.iter().find(|t| t.id == s.id))
        .last()
        .map_or_else(
            || {
                if id.is_empty() {
                    tr.front.body_start
                } else {
                    tr_sections
                        .iter()
                        .find(|t| t.id.is_empty())
                        .map_or(tr.front.body_start, |t| t.range.end)
                }
            },
            |t| t.range.end,
        );
    let at = at.min(tr.file.text.len());
    (
        None,
        Some(Place {
            file: existing(&tr.file),
            how: How::NewSection { at },
        }),
    )
}

#[derive(Deserialize)]
struct Front {
    title: Spanned<String>,
    description: Spanned<String>,
    #[serde(default)]
    revisions: Vec<Revision>,
}

#[derive(Deserialize)]
struct Revision {
    date: Spanned<toml::value::Datetime>,
    summary: Spanned<String>,
}

/// The front matter's TOML text and its offset in the document.
fn front_toml(text: &str) -> Option<(usize, &str)> {
    let after = text.strip_prefix("+++\n")?;
    let mut offset = 0;
    for line in after.split_inclusive('\n') {
        if line.trim_end_matches('\n') == "+++" {
            return Some((4, &after[..offset]));
        }
        offset += line.len();
    }
    None
}

/// The translation of a front-matter unit, and where it goes.
fn front_place(tr: &Document, key: FrontKey) -> (Option<String>, Option<Place>) {
    let Some((offset, toml_text)) = front_toml(&tr.file.text) else {
        return (None, None);
    };
    let Ok(front) = toml::from_str::<Front>(toml_text) else {
        return (None, None);
    };
    let shift = |r: Range<usize>| r.start + offset..r.end + offset;
    let (current, how) = match key {
        FrontKey::Title => (
            front.title.get_ref().trim().to_string(),
            How::TomlString {
                span: shift(front.title.span()),
            },
        ),
        FrontKey::Description => (
            front.description.get_ref().trim().to_string(),
            How::TomlString {
                span: shift(front.description.span()),
            },
        ),
        FrontKey::Revisions => {
            if front.revisions.is_empty() {
                return (None, None);
            }
            let lines: Vec<String> = front
                .revisions
                .iter()
                .map(|r| format!("{}: {}", date_of(r), r.summary.get_ref().trim()))
                .collect();
            let summaries = front
                .revisions
                .iter()
                .map(|r| (date_of(r), shift(r.summary.span())))
                .collect();
            (lines.join("\n"), How::Revisions { summaries })
        }
    };
    (
        Some(current),
        Some(Place {
            file: existing(&tr.file),
            how,
        }),
    )
}

fn date_of(r: &Revision) -> String {
    r.date.get_ref().date.map_or_else(String::new, |d| {
        format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
    })
}
