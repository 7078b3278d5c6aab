//! The rows of the translators' view: a policy split into aligned pieces per language (prose
//! sections by heading id, blocks by key, structured items by Fluent message id), each with
//! the file and line to edit, and what to say when a piece is missing.

use std::collections::BTreeMap;
use std::sync::Arc;

use pulldown_cmark::{Event, Tag};

use crate::diagnostics::SourceFile;
use crate::site::content::markdown::{parser, section_id};
use crate::site::content::{Document, Policy, Segment};
use crate::site::library_texts::LIBRARY_NAME;
use crate::site::locale::Locale;
use crate::site::messages::needed_texts;

/// One aligned piece of a policy in one language.
#[derive(Debug, Clone)]
pub(super) struct Unit {
    /// The row key: `#id` for a section (`#id+`, `#id+ (2)` for its prose after blocks),
    /// `{{ key }}` for a block, `intro` before the first heading.
    pub(super) key: String,
    /// The heading id of the section it lies in (`""` before the first heading).
    pub(super) section: String,
    /// The heading, `block`, or what precedes the first heading.
    pub(super) title: String,
    /// The file to edit.
    pub(super) file: Arc<SourceFile>,
    /// The line it starts at.
    pub(super) line: usize,
    /// Its source text.
    pub(super) text: String,
}

/// Keys in source order, then keys only other languages have, in their order.
pub(super) fn aligned_keys(langs: &[&str], keys_of: impl Fn(&str) -> Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for lang in langs {
        for k in keys_of(lang) {
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// Splits a document into prose sections (at headings) and blocks.
pub(super) fn units_of(doc: &Document) -> Vec<Unit> {
    let text = &doc.file.text;
    let mut units = Vec::new();
    let mut heading_count = 0;
    let unit = |key: String, title: String, range: std::ops::Range<usize>| -> Option<Unit> {
        let body = text.get(range.clone())?.trim();
        (!body.is_empty()).then(|| Unit {
            section: section_of(&key),
            key,
            title,
            file: Arc::clone(&doc.file),
            line: doc
                .file
                .line_col(range.start + leading_ws(text, range.start))
                .0,
            text: body.to_string(),
        })
    };
    let mut current: Option<(String, String, usize)> = None;
    for segment in &doc.segments {
        match segment {
            Segment::Markdown(range) => {
                let Some(src) = text.get(range.clone()) else {
                    continue;
                };
                let parser = parser(src);
                let mut in_heading = false;
                for (event, r) in parser.into_offset_iter() {
                    match event {
                        Event::Start(Tag::Heading { id, .. }) => {
                            let start = range.start + r.start;
                            if let Some((key, title, from)) = current.take() {
                                units.extend(unit(key, title, from..start));
                            } else if start > range.start {
                                units.extend(unit(
                                    "intro".into(),
                                    "(before the first heading)".into(),
                                    range.start..start,
                                ));
                            }
                            heading_count += 1;
                            let id = section_id(id.as_deref(), heading_count);
                            current = Some((format!("#{id}"), String::new(), start));
                            in_heading = true;
                        }
                        Event::End(pulldown_cmark::TagEnd::Heading(_)) => in_heading = false,
                        Event::Text(t) | Event::Code(t) if in_heading => {
                            if let Some((_, title, _)) = current.as_mut() {
                                title.push_str(&t);
                            }
                        }
                        _ => {}
                    }
                }
                match current.take() {
                    Some((key, title, from)) => {
                        units.extend(unit(key.clone(), title.clone(), from..range.end));
                        // A block may follow inside the same section: later prose of this
                        // section continues under the same key with a suffix.
                        let key = if key.ends_with('+') {
                            key
                        } else {
                            format!("{key}+")
                        };
                        current = Some((key, title, range.end));
                    }
                    None => units.extend(unit(
                        "intro".into(),
                        "(before the first heading)".into(),
                        range.clone(),
                    )),
                }
            }
            Segment::Block(block, span) => {
                if let Some(mut u) = unit(
                    format!("{{{{ {} }}}}", block.key()),
                    "block".into(),
                    span.clone(),
                ) {
                    u.section = current
                        .as_ref()
                        .map(|(key, _, _)| section_of(key))
                        .unwrap_or_default();
                    units.push(u);
                }
                if let Some((key, title, _)) = current.take() {
                    current = Some((key, title, span.end));
                }
            }
        }
    }
    // Repeated keys (prose continuing after several blocks) get numbered so rows stay unique.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for u in &mut units {
        let n = seen.entry(u.key.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            u.key = format!("{} ({n})", u.key);
        }
    }
    units
}

/// The heading id a prose key belongs to (`#id`, `#id+` → `id`); `""` for the text before the
/// first heading and for blocks (set by the caller).
fn section_of(key: &str) -> String {
    key.strip_prefix('#')
        .map(|k| k.trim_end_matches('+').to_string())
        .unwrap_or_default()
}

fn leading_ws(text: &str, at: usize) -> usize {
    text.get(at..)
        .map(|s| s.len() - s.trim_start().len())
        .unwrap_or(0)
}

/// Every Fluent message a policy's structure needs, in document order.
pub(super) fn message_ids(policy: &Policy) -> Vec<String> {
    let data = &policy.data;
    let mut ids: Vec<String> = Vec::new();
    for t in needed_texts(data) {
        let id = t.message_id();
        if ids.last() != Some(&id) {
            ids.push(id);
        }
    }
    if data.contact.is_some() {
        ids.push("contact-title".into());
        ids.push("contact-body".into());
    }
    ids
}

/// The Fluent source of a message (its id line and indented continuation lines).
pub(super) fn message_source(
    locale: &Locale,
    id: &str,
) -> Option<(Arc<SourceFile>, usize, String)> {
    let info = locale.messages.get(id)?;
    // Parts taken from hoshin's standard library have no file: shown as Fluent would read
    // them, after a comment saying where they come from (the file and line are the item's id
    // in policy.toml).
    let library = |mut out: String| {
        for part in &info.library {
            let Some(t) = locale.library_text(id, part.as_deref()) else {
                continue;
            };
            match part {
                None => out.push_str(&format!("\n{id} = {}", t.text)),
                Some(a) => out.push_str(&format!("\n    .{a} = {}", t.text)),
            }
        }
        out
    };
    if info.origin == crate::site::locale::Origin::Library {
        let text = library(format!("# {LIBRARY_NAME}"));
        return Some((
            Arc::clone(&info.file),
            info.file.line_col(info.span.start).0,
            text,
        ));
    }
    let text = &info.file.text;
    let start = text
        .get(..info.span.start)?
        .rfind('\n')
        .map_or(0, |n| n + 1);
    let mut end = text.len();
    let mut offset = start;
    for (i, line) in text.get(start..)?.split_inclusive('\n').enumerate() {
        if i > 0 && !line.starts_with([' ', '\t']) {
            end = offset;
            break;
        }
        offset += line.len();
    }
    let mut source = text.get(start..end)?.trim_end().to_string();
    if !info.library.is_empty() {
        source = library(format!("{source}\n# {LIBRARY_NAME}:"));
    }
    Some((Arc::clone(&info.file), info.file.line_col(start).0, source))
}

/// Where to add a prose row missing in `lang`.
pub(super) fn missing_prose(policy: &Policy, lang: &str, key: &str) -> String {
    let file = format!("content/{}/{lang}.md", policy.slug);
    if !policy.documents.contains_key(lang) {
        return format!("the whole document is missing: create {file}");
    }
    match key.strip_prefix('#') {
        Some(id) => format!(
            "add this section to {file} with the heading id {{#{}}}",
            id.split(['+', ' ']).next().unwrap_or(id)
        ),
        None => format!("add {key} to {file} at the same place"),
    }
}

/// Where to add a Fluent message missing in `lang`.
pub(super) fn missing_message(
    source: Option<&Locale>,
    source_lang: &str,
    lang: &str,
    id: &str,
) -> String {
    let file = source
        .and_then(|l| l.messages.get(id))
        .map(|m| {
            m.file
                .display
                .replace(&format!("/{source_lang}/"), &format!("/{lang}/"))
        })
        .unwrap_or_else(|| format!("locales/{lang}/"));
    format!("add `{id} = …` to {file}")
}
