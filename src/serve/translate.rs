//! The translators' side-by-side view at `/_hoshin/translate/<slug>/`.
//!
//! One column per language, source language first. Rows are aligned by what they are, not by
//! position: prose sections by heading id (`## Title {#id}`, else `section-N`, as the renderer
//! numbers them), structured blocks by their key, structured items by Fluent message id. Each
//! cell names the file and line to edit, or says what is missing and where to add it.
//!
//! Staleness (a translation older than its source) is not known yet: the [`Staleness`] trait is
//! the seam where `hoshin check` will plug it in; until then [`NeverStale`] is used.

use std::collections::BTreeMap;
use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::overlay::escape;
use crate::content::data::{message_id, Example};
use crate::content::{Document, Policy, Segment};
use crate::diagnostics::SourceFile;
use crate::l10n::Locale;
use crate::site::Site;

/// Tells whether a translated unit is out of date with its source.
pub trait Staleness {
    /// Why the unit `key` of `lang` in policy `slug` is stale, or `None` when it is current.
    fn stale(&self, slug: &str, lang: &str, key: &str) -> Option<String>;
}

/// No staleness information: every present translation counts as current.
pub struct NeverStale;

impl Staleness for NeverStale {
    fn stale(&self, _slug: &str, _lang: &str, _key: &str) -> Option<String> {
        None
    }
}

/// The state of one unit in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitStatus {
    /// Present and (as far as hoshin knows) current.
    Present,
    /// Present but older than the source, with the reason.
    Stale(String),
    /// Not translated; the text says where to add it.
    Missing(String),
}

/// One aligned piece of a policy in one language.
#[derive(Debug, Clone)]
struct Unit {
    key: String,
    title: String,
    file: Arc<SourceFile>,
    line: usize,
    text: String,
}

/// `/_hoshin/translate/` (empty `slug`) or `/_hoshin/translate/<slug>/`; `None` for an unknown
/// policy.
pub fn page(site: &Site, slug: &str) -> Option<String> {
    page_with(site, slug, &NeverStale)
}

/// Like [`page`], with staleness from `staleness`.
pub fn page_with(site: &Site, slug: &str, staleness: &dyn Staleness) -> Option<String> {
    if slug.is_empty() {
        return Some(index(site));
    }
    let policy = site.policies.iter().find(|p| p.slug == slug)?;
    let langs: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    let source = *langs.first()?;

    let mut body = String::new();
    body.push_str(&format!(
        "<h1>Translation of <code>{}</code></h1><p>Source language: <b>{}</b>. Rows are aligned by heading id, block and message id. <a href=\"../\">All policies</a></p>",
        escape(slug),
        escape(source)
    ));
    body.push_str(&legend());

    // Prose sections and blocks, per language.
    let units: BTreeMap<&str, Vec<Unit>> = langs
        .iter()
        .map(|l| {
            (
                *l,
                policy.documents.get(*l).map(units_of).unwrap_or_default(),
            )
        })
        .collect();
    let keys = aligned_keys(&langs, |l| {
        units
            .get(l)
            .map(|u| u.iter().map(|u| u.key.clone()).collect())
            .unwrap_or_default()
    });
    body.push_str("<h2>Document</h2>");
    body.push_str(&table_head(&langs));
    for key in &keys {
        let mut cells = String::new();
        for lang in &langs {
            let unit = units
                .get(lang)
                .and_then(|u| u.iter().find(|u| &u.key == key));
            let status = match unit {
                Some(_) => present(staleness, slug, lang, key),
                None => UnitStatus::Missing(missing_prose(policy, lang, key)),
            };
            cells.push_str(&cell(
                lang,
                unit.map(|u| (u.title.as_str(), &u.file, u.line, u.text.as_str())),
                &status,
            ));
        }
        body.push_str(&format!("<tr>{cells}</tr>"));
    }
    body.push_str("</tbody></table>");

    // Structured items: Fluent messages.
    body.push_str("<h2>Structured items (Fluent messages)</h2>");
    body.push_str(&table_head(&langs));
    let source_locale = site.locale(source);
    for id in message_ids(policy) {
        let mut cells = String::new();
        for lang in &langs {
            let locale = site.locale(lang);
            let found = locale.and_then(|l| message_source(l, &id));
            let status = match &found {
                Some(_) => present(staleness, slug, lang, &id),
                None => UnitStatus::Missing(missing_message(source_locale, source, lang, &id)),
            };
            cells.push_str(&cell(
                lang,
                found
                    .as_ref()
                    .map(|(file, line, text)| (id.as_str(), file, *line, text.as_str())),
                &status,
            ));
        }
        body.push_str(&format!("<tr>{cells}</tr>"));
    }
    body.push_str("</tbody></table>");
    Some(wrap(&format!("Translation: {slug}"), &body))
}

fn present(staleness: &dyn Staleness, slug: &str, lang: &str, key: &str) -> UnitStatus {
    match staleness.stale(slug, lang, key) {
        Some(why) => UnitStatus::Stale(why),
        None => UnitStatus::Present,
    }
}

fn index(site: &Site) -> String {
    let mut body = String::from(
        "<h1>Translators' view</h1><p>Pick a policy to see its languages side by side.</p><ul>",
    );
    for p in &site.policies {
        body.push_str(&format!(
            "<li><a href=\"{0}/\"><code>{0}</code></a></li>",
            escape(&p.slug)
        ));
    }
    body.push_str("</ul><p><a href=\"/\">Back to the site</a></p>");
    wrap("Translators' view", &body)
}

/// Keys in source order, then keys only other languages have, in their order.
fn aligned_keys(langs: &[&str], keys_of: impl Fn(&str) -> Vec<String>) -> Vec<String> {
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
fn units_of(doc: &Document) -> Vec<Unit> {
    let text = &doc.file.text;
    let mut units = Vec::new();
    let mut heading_count = 0;
    let unit = |key: String, title: String, range: std::ops::Range<usize>| -> Option<Unit> {
        let body = text.get(range.clone())?.trim();
        (!body.is_empty()).then(|| Unit {
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
                let parser = Parser::new_ext(src, Options::ENABLE_HEADING_ATTRIBUTES);
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
                            let id = id
                                .map(|s| s.to_string())
                                .unwrap_or_else(|| format!("section-{heading_count}"));
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
                if let Some(u) = unit(
                    format!("{{{{ {} }}}}", block.key()),
                    "block".into(),
                    span.clone(),
                ) {
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

fn leading_ws(text: &str, at: usize) -> usize {
    text.get(at..)
        .map(|s| s.len() - s.trim_start().len())
        .unwrap_or(0)
}

/// Every Fluent message a policy's structure needs, in document order.
fn message_ids(policy: &Policy) -> Vec<String> {
    let data = &policy.data;
    let mut ids = Vec::new();
    for d in &data.definitions {
        ids.push(message_id("definition", d.id.get_ref()));
    }
    for g in &data.examples {
        if g.heading {
            ids.push(message_id("example-group", g.id.get_ref()));
        }
        for e in g.items.iter().flat_map(Example::walk) {
            ids.push(message_id("example", e.id.get_ref()));
        }
    }
    for g in &data.responses {
        ids.push(message_id("response-group", g.id.get_ref()));
        for r in &g.items {
            ids.push(message_id("response", r.get_ref()));
        }
    }
    for n in &data.notes {
        ids.push(message_id("note", n.id.get_ref()));
    }
    if data.contact.is_some() {
        ids.push("contact-title".into());
        ids.push("contact-body".into());
    }
    ids
}

/// The Fluent source of a message (its id line and indented continuation lines).
fn message_source(locale: &Locale, id: &str) -> Option<(Arc<SourceFile>, usize, String)> {
    let info = locale.messages.get(id)?;
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
    let source = text.get(start..end)?.trim_end().to_string();
    Some((Arc::clone(&info.file), info.file.line_col(start).0, source))
}

fn missing_prose(policy: &Policy, lang: &str, key: &str) -> String {
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

fn missing_message(source: Option<&Locale>, source_lang: &str, lang: &str, id: &str) -> String {
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

fn legend() -> String {
    "<p class=\"legend\"><span class=\"tag ok\">present</span> <span class=\"tag stale\">stale</span> <span class=\"tag missing\">missing</span></p>".into()
}

fn table_head(langs: &[&str]) -> String {
    let cols: String = langs
        .iter()
        .map(|l| format!("<th scope=\"col\">{}</th>", escape(l)))
        .collect();
    format!("<table><thead><tr>{cols}</tr></thead><tbody>")
}

fn cell(
    lang: &str,
    unit: Option<(&str, &Arc<SourceFile>, usize, &str)>,
    status: &UnitStatus,
) -> String {
    let (class, tag, note) = match status {
        UnitStatus::Present => ("ok", "present", String::new()),
        UnitStatus::Stale(why) => (
            "stale",
            "stale",
            format!("<p class=\"why\">{}</p>", escape(why)),
        ),
        UnitStatus::Missing(what) => (
            "missing",
            "missing",
            format!("<p class=\"why\">{}</p>", escape(what)),
        ),
    };
    let content = match unit {
        Some((title, file, line, text)) => format!(
            "<p class=\"where\"><b>{}</b> — <code>{}:{line}</code></p><pre lang=\"{}\">{}</pre>",
            escape(title),
            escape(&file.display),
            escape(lang),
            escape(text)
        ),
        None => String::new(),
    };
    format!("<td class=\"{class}\"><span class=\"tag {class}\">{tag}</span>{note}{content}</td>")
}

fn wrap(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — hoshin</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        escape(title)
    )
}

const STYLE: &str = "body{font:15px/1.6 system-ui,sans-serif;margin:1.5em;color:#1a1a1a}table{border-collapse:collapse;width:100%;table-layout:fixed;margin-bottom:2em}th,td{border:1px solid #ccc;padding:.5em;vertical-align:top;text-align:left}pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3em 0 0;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace}.where{margin:.2em 0;font-size:13px}.why{margin:.2em 0;font-weight:bold}.tag{display:inline-block;font-size:12px;padding:0 .5em;border-radius:3px;color:#fff}.tag.ok{background:#2e7d32}.tag.stale{background:#b26a00}.tag.missing{background:#b00020}td.missing{background:#fff3f3}td.stale{background:#fff8e6}";
