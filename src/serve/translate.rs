//! The translators' side-by-side view at `/_hoshin/translate/<slug>/`.
//!
//! One column per language, source language first. Rows are aligned by what they are, not by
//! position: prose sections by heading id (`## Title {#id}`, else `section-N`, as the renderer
//! numbers them), structured blocks by their key, structured items by Fluent message id. Each
//! cell names the file and line to edit, or says what is missing and where to add it.
//!
//! Staleness comes from `hoshin check` through the [`Staleness`] seam: [`Reviews`] reads it from
//! the latest [`Report`]. A translated cell whose check unit (the Markdown section it lies in,
//! or the Fluent message and its attributes) is stale shows the source text as reviewed and as
//! it is now, and the `hoshin check --mark-reviewed` command that records the new review; a
//! unit never reviewed says so. Below the tables, the check findings that concern the policy
//! (front matter included) are listed; the index lists every finding of the site.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::tools::{findings_list, frame, summary};
use crate::check::review::line_diff;
use crate::check::{Finding, Report};
use crate::diagnostics::SourceFile;
use crate::render::escape::html as escape;
use crate::site::content::{Document, Policy, Segment};
use crate::site::locale::Locale;
use crate::site::messages::needed_texts;
use crate::site::Site;

/// What the review record says about a translated unit that is not current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    /// The source text changed since the translation was last reviewed.
    Stale {
        /// The source text the translation was reviewed against.
        reviewed_source: String,
        /// The source text now.
        source: String,
    },
    /// The translation was never reviewed.
    Unreviewed,
}

/// Tells whether a translated unit is out of date with its source.
pub trait Staleness {
    /// What is wrong with the `lang` translation of check unit `unit` (see
    /// [`crate::check::review`] for unit ids), or `None` when it is current or untracked.
    fn review(&self, lang: &str, unit: &str) -> Option<&Review>;
}

/// No staleness information: every present translation counts as current.
pub struct NeverStale;

impl Staleness for NeverStale {
    fn review(&self, _lang: &str, _unit: &str) -> Option<&Review> {
        None
    }
}

/// Staleness as `hoshin check` reports it: the stale and unreviewed units of its findings.
#[derive(Debug, Default)]
pub struct Reviews(BTreeMap<(String, String), Review>);

impl Reviews {
    /// Collects the units flagged in `report`.
    pub fn from_report(report: &Report) -> Reviews {
        let mut map = BTreeMap::new();
        for f in &report.findings {
            let Some((lang, unit)) = &f.unit else {
                continue;
            };
            let review = match &f.stale {
                Some(s) => Review::Stale {
                    reviewed_source: s.reviewed_source.clone(),
                    source: s.source.clone(),
                },
                None => Review::Unreviewed,
            };
            map.insert((lang.clone(), unit.clone()), review);
        }
        Reviews(map)
    }
}

impl Staleness for Reviews {
    fn review(&self, lang: &str, unit: &str) -> Option<&Review> {
        self.0.get(&(lang.to_string(), unit.to_string()))
    }
}

/// The state of one unit in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitStatus {
    /// Present and (as far as hoshin knows) current.
    Present,
    /// Present, but the review record flags check units it belongs to. `above` is true when a
    /// row higher up already showed the same units (a section split by blocks).
    Flagged {
        /// The flagged check units and what is wrong with each.
        units: Vec<(String, Review)>,
        /// Whether an earlier row of the table already showed them in full.
        above: bool,
    },
    /// Not translated; the text says where to add it.
    Missing(String),
}

/// One aligned piece of a policy in one language.
#[derive(Debug, Clone)]
struct Unit {
    key: String,
    /// The heading id of the section it lies in (`""` before the first heading).
    section: String,
    title: String,
    file: Arc<SourceFile>,
    line: usize,
    text: String,
}

/// `/_hoshin/translate/` (empty `slug`) or `/_hoshin/translate/<slug>/`, with staleness and
/// findings from `report` when there is one; `None` for an unknown policy.
pub fn page(site: &Site, slug: &str, report: Option<&Report>) -> Option<String> {
    match report {
        Some(r) => page_with(site, slug, &Reviews::from_report(r), Some(r)),
        None => page_with(site, slug, &NeverStale, None),
    }
}

/// Like [`page`], with staleness from `staleness`.
pub fn page_with(
    site: &Site,
    slug: &str,
    staleness: &dyn Staleness,
    report: Option<&Report>,
) -> Option<String> {
    if slug.is_empty() {
        return Some(index(site, report));
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
    if let Some(r) = report {
        body.push_str(&summary(r));
    }
    body.push_str(&legend());
    let mut shown: BTreeSet<(String, String)> = BTreeSet::new();

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
                Some(u) => present(
                    staleness,
                    lang,
                    &[format!("{slug}#{}", u.section)],
                    &mut shown,
                ),
                None => UnitStatus::Missing(missing_prose(policy, lang, key)),
            };
            cells.push_str(&cell(
                lang,
                source,
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
    let source_locale = site.language(source).map(|l| &*l.locale);
    for id in message_ids(policy) {
        let mut cells = String::new();
        for lang in &langs {
            let locale = site.language(lang).map(|l| &*l.locale);
            let found = locale.and_then(|l| message_source(l, &id));
            let status = match &found {
                Some(_) => present(
                    staleness,
                    lang,
                    &message_units(source_locale, &id),
                    &mut shown,
                ),
                None => UnitStatus::Missing(missing_message(source_locale, source, lang, &id)),
            };
            cells.push_str(&cell(
                lang,
                source,
                found
                    .as_ref()
                    .map(|(file, line, text)| (id.as_str(), file, *line, text.as_str())),
                &status,
            ));
        }
        body.push_str(&format!("<tr>{cells}</tr>"));
    }
    body.push_str("</tbody></table>");

    if let Some(r) = report {
        let ids: BTreeSet<String> = message_ids(policy).into_iter().collect();
        let mine: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| concerns(f, slug, &ids))
            .collect();
        body.push_str("<h2>Check findings for this policy</h2><p>Errors and warnings of <code>hoshin check</code> in this policy's files and units; front matter (title, description, revisions) appears only here.</p>");
        body.push_str(&findings_list(&mine));
    }
    Some(frame(&format!("Translation: {slug}"), &body))
}

/// The status of a present unit belonging to check units `units`; units already shown in full
/// (tracked in `shown`) are marked as shown above.
fn present(
    staleness: &dyn Staleness,
    lang: &str,
    units: &[String],
    shown: &mut BTreeSet<(String, String)>,
) -> UnitStatus {
    let flagged: Vec<(String, Review)> = units
        .iter()
        .filter_map(|u| staleness.review(lang, u).map(|r| (u.clone(), r.clone())))
        .collect();
    if flagged.is_empty() {
        return UnitStatus::Present;
    }
    let mut above = true;
    for (u, _) in &flagged {
        above &= !shown.insert((lang.to_string(), u.clone()));
    }
    UnitStatus::Flagged {
        units: flagged,
        above,
    }
}

/// The check units of a Fluent message: its value and each attribute of the source message.
fn message_units(source: Option<&Locale>, id: &str) -> Vec<String> {
    let mut out = vec![id.to_string()];
    if let Some(info) = source.and_then(|l| l.messages.get(id)) {
        out.extend(info.attributes.keys().map(|a| format!("{id}.{a}")));
    }
    out
}

/// Whether a finding is about policy `slug`: in its content folder or its Fluent file, or
/// about one of its units or messages.
fn concerns(f: &Finding, slug: &str, messages: &BTreeSet<String>) -> bool {
    if let Some((_, unit)) = &f.unit {
        let message = unit.split('.').next().unwrap_or(unit);
        if unit.starts_with(&format!("{slug}#"))
            || unit.starts_with(&format!("{slug}:"))
            || messages.contains(message)
        {
            return true;
        }
    }
    f.diagnostic.position().is_some_and(|(file, _, _)| {
        file.starts_with(&format!("content/{slug}/")) || file.ends_with(&format!("/{slug}.ftl"))
    })
}

fn index(site: &Site, report: Option<&Report>) -> String {
    let mut body = String::from(
        "<h1>Translators' view</h1><p>Pick a policy to see its languages side by side.</p><ul>",
    );
    for p in &site.policies {
        body.push_str(&format!(
            "<li><a href=\"{0}/\"><code>{0}</code></a></li>",
            escape(&p.slug)
        ));
    }
    body.push_str("</ul>");
    if let Some(r) = report {
        body.push_str("<h2>Check findings</h2>");
        body.push_str(&summary(r));
        let all: Vec<&Finding> = r.findings.iter().collect();
        body.push_str(&findings_list(&all));
    }
    frame("Translators' view", &body)
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
fn message_ids(policy: &Policy) -> Vec<String> {
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
    "<p class=\"legend\"><span class=\"tag ok\">present</span> <span class=\"tag stale\">stale</span> <span class=\"tag unreviewed\">unreviewed</span> <span class=\"tag missing\">missing</span> — stale and unreviewed come from <code>reviews/&lt;lang&gt;.toml</code>, as <code>hoshin check</code> reports them.</p>".into()
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
    source_lang: &str,
    unit: Option<(&str, &Arc<SourceFile>, usize, &str)>,
    status: &UnitStatus,
) -> String {
    let (class, tag, note) = match status {
        UnitStatus::Present => ("ok", "present", String::new()),
        UnitStatus::Flagged { units, above } => {
            let stale = units.iter().any(|(_, r)| matches!(r, Review::Stale { .. }));
            let note: String = units
                .iter()
                .map(|(id, r)| review_note(lang, source_lang, id, r, *above))
                .collect();
            if stale {
                ("stale", "stale", note)
            } else {
                ("unreviewed", "unreviewed", note)
            }
        }
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

/// What the review record says about check unit `id`: for a stale unit the source text as
/// reviewed and as it is now; then the command that records the review.
fn review_note(lang: &str, source_lang: &str, id: &str, review: &Review, above: bool) -> String {
    let command = format!("hoshin check --mark-reviewed {lang} {id}");
    let (l, s) = (escape(lang), escape(source_lang));
    let unit = format!("<code>{}</code>", escape(id));
    if above {
        let what = match review {
            Review::Stale { .. } => "stale",
            Review::Unreviewed => "never reviewed",
        };
        return format!(
            "<p class=\"why\">Part of unit {unit}, {what}: see its first row above.</p>"
        );
    }
    match review {
        Review::Stale {
            reviewed_source,
            source,
        } => {
            let diff: String = line_diff(reviewed_source, source)
                .lines()
                .map(|line| match line.strip_prefix("- ") {
                    Some(old) => format!("<del><span class=\"visually-hidden\">removed: </span>{}</del>", escape(old)),
                    None => format!(
                        "<ins><span class=\"visually-hidden\">added: </span>{}</ins>",
                        escape(line.strip_prefix("+ ").unwrap_or(line))
                    ),
                })
                .collect();
            format!(
                "<div class=\"review\"><p class=\"why\">Stale: the <code>{s}</code> text of {unit} changed since the <code>{l}</code> translation was last reviewed.</p>\
<p>Changed <code>{s}</code> lines:</p><pre class=\"diff\" lang=\"{s}\">{diff}</pre>\
<details><summary>Whole <code>{s}</code> text, as reviewed and now</summary><div class=\"oldnew\"><div><h4>As reviewed</h4><pre lang=\"{s}\">{}</pre></div><div><h4>Now</h4><pre lang=\"{s}\">{}</pre></div></div></details>\
<p class=\"cmd\">Update the translation, then record the review: <code>{}</code></p></div>",
                escape(reviewed_source),
                escape(source),
                escape(&command)
            )
        }
        Review::Unreviewed => format!(
            "<div class=\"review\"><p class=\"why\">Never reviewed: {unit} is not in <code>reviews/{l}.toml</code>.</p>\
<p class=\"cmd\">Check it against the <code>{s}</code> text, then record the review: <code>{}</code></p></div>",
            escape(&command)
        ),
    }
}
