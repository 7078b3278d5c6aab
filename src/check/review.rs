//! Staleness: which translations fell behind their source text.
//!
//! A *unit* is a piece of source-language text a translator translates as a whole:
//!
//! | unit id | source text |
//! |---|---|
//! | `example-violence` | the value of a site Fluent message |
//! | `example-violence.notice` | an attribute of it |
//! | `customer-harassment:title`, `:description`, `:revisions` | front matter of a document |
//! | `customer-harassment#introduction` | a Markdown section, from its heading to the next |
//! | `customer-harassment#` | the Markdown before the first heading |
//!
//! `reviews/<lang>.toml` (committed with the site) records, per unit, the source text the
//! `<lang>` translation was last reviewed against and its hash. When the source text's hash
//! differs now, the translation is *stale*; a unit missing from the file is *unreviewed*. Both
//! are warnings. Without a review file a language's staleness is not tracked.
//!
//! The hash is 64-bit FNV-1a of the normalised UTF-8 text (lines trimmed, blank lines at
//! either end dropped), written as 16 hex digits: a few lines of code that give the same
//! value on every platform and Rust version (std's `DefaultHasher` promises neither), and
//! enough to notice an edit; the file keeps the text itself for showing what changed.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use fluent_syntax::ast;
use serde::{Deserialize, Serialize};

use super::Finding;
use crate::diagnostics::toml_error;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::site::content::Document;
use crate::site::locale::Origin;
use crate::site::{files, Site};

/// Version of the review file format.
pub const REVIEW_FORMAT_VERSION: u32 = 1;

/// A stale translation unit: its source text when last reviewed and now.
#[derive(Debug, Clone, Serialize)]
pub struct Stale {
    /// The translated language.
    pub lang: String,
    /// The unit id.
    pub unit: String,
    /// The source text the translation was reviewed against.
    pub reviewed_source: String,
    /// The source text now.
    pub source: String,
}

/// The review state of one translated language.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationStatus {
    /// The translated language.
    pub lang: String,
    /// The review file, relative to the site root.
    pub review_file: String,
    /// Whether the review file exists (else staleness is not tracked).
    pub tracked: bool,
    /// Units with a translation.
    pub units: usize,
    /// Units whose translation is stale.
    pub stale: usize,
    /// Units never reviewed.
    pub unreviewed: usize,
}

/// A unit of source text and where its translation is.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The unit id (see the module documentation).
    pub id: String,
    /// The normalised source text.
    pub source: String,
    /// Where the translation is, when there is one.
    pub translation: Option<(Arc<SourceFile>, Range<usize>)>,
}

/// `reviews/<lang>.toml`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewFile {
    version: u32,
    source_language: String,
    #[serde(default)]
    units: BTreeMap<String, Reviewed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reviewed {
    hash: String,
    source: String,
}

/// Why `--mark-reviewed` did nothing.
#[derive(Debug)]
pub enum MarkError {
    /// The language or a unit id does not exist (a usage error, exit code 2).
    Usage(String),
    /// The review file could not be read or written.
    Files(Diagnostics),
}

/// 64-bit FNV-1a, as 16 lower-case hex digits.
pub fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Trims every line's trailing whitespace and drops blank lines at either end.
fn normalise(text: &str, trim_start: bool) -> String {
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

/// The review file of a language.
pub fn review_path(site: &Site, lang: &str) -> PathBuf {
    site.root.join("reviews").join(format!("{lang}.toml"))
}

/// Every unit of the source language, with its translation's location in `lang`.
pub fn units(site: &Site, lang: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let source = &*site.source().locale;
    let Some(target) = site.language(lang).map(|l| &*l.locale) else {
        return out;
    };
    for (origin, file) in &source.files {
        if *origin != Origin::Site {
            continue;
        }
        for (id, attr, text) in fluent_units(file) {
            // Only the definition that wins (a later file overrides an earlier one).
            let Some(info) = source.messages.get(&id) else {
                continue;
            };
            if !Arc::ptr_eq(&info.file, file) || info.origin != Origin::Site {
                continue;
            }
            let translation = target.messages.get(&id).and_then(|t| match &attr {
                None => t.has_value.then(|| (Arc::clone(&t.file), t.span.clone())),
                Some(a) => t
                    .attributes
                    .get(a)
                    .map(|s| (Arc::clone(&t.file), s.clone())),
            });
            out.push(Unit {
                id: match &attr {
                    Some(a) => format!("{id}.{a}"),
                    None => id,
                },
                source: normalise(&text, true),
                translation,
            });
        }
    }
    let source_lang = &site.source().language.code;
    for policy in &site.policies {
        let (Some(src), Some(tr)) = (
            policy.documents.get(source_lang),
            policy.documents.get(lang),
        ) else {
            continue;
        };
        let slug = &policy.slug;
        out.push(Unit {
            id: format!("{slug}:title"),
            source: src.front.title.trim().to_string(),
            translation: Some(front_key(tr, "title")),
        });
        out.push(Unit {
            id: format!("{slug}:description"),
            source: src.front.description.trim().to_string(),
            translation: Some(front_key(tr, "description")),
        });
        if !src.front.revisions.is_empty() {
            let summaries: Vec<String> = src
                .front
                .revisions
                .iter()
                .map(|r| format!("{}: {}", r.date.iso(), r.summary.trim()))
                .collect();
            out.push(Unit {
                id: format!("{slug}:revisions"),
                source: summaries.join("\n"),
                translation: Some(front_key(tr, "[[revisions]]")),
            });
        }
        let tr_sections = &tr.sections;
        for s in &src.sections {
            let translation = tr_sections.iter().find(|t| t.id == s.id).map(|t| {
                let span = if t.heading.is_empty() {
                    line_at(&tr.file.text, t.range.start)
                } else {
                    t.heading.clone()
                };
                (Arc::clone(&tr.file), span)
            });
            out.push(Unit {
                id: format!("{slug}#{}", s.id),
                source: normalise(&src.file.text[s.range.clone()], false),
                translation,
            });
        }
    }
    out
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
fn fluent_units(file: &SourceFile) -> Vec<(String, Option<String>, String)> {
    let text = &file.text;
    let resource = super::fluent::parse(file);
    let line_start = |off: usize| text[..off].rfind('\n').map_or(0, |i| i + 1);
    let off = |s: &str| file.offset_of(s);
    // Where each entry starts, comments included: a message's text ends at the next one.
    let mut starts: Vec<usize> = Vec::new();
    for entry in &resource.body {
        let start = match entry {
            ast::Entry::Message(ast::Message { id, comment, .. })
            | ast::Entry::Term(ast::Term { id, comment, .. }) => comment
                .as_ref()
                .and_then(|c| c.content.first())
                .and_then(|l| off(l))
                .or_else(|| off(id.name)),
            ast::Entry::Comment(c)
            | ast::Entry::GroupComment(c)
            | ast::Entry::ResourceComment(c) => c.content.first().and_then(|l| off(l)),
            ast::Entry::Junk { content } => off(content),
        };
        if let Some(s) = start {
            starts.push(line_start(s));
        }
    }
    starts.sort_unstable();
    let after_eq =
        |from: usize, end: usize| text[from..end].find('=').map_or(end, |i| from + i + 1);
    let mut out = Vec::new();
    for entry in &resource.body {
        let ast::Entry::Message(m) = entry else {
            continue;
        };
        let Some(id_at) = off(m.id.name) else {
            continue;
        };
        let end = starts
            .iter()
            .copied()
            .find(|s| *s > id_at)
            .unwrap_or(text.len());
        let attr_lines: Vec<(String, usize, usize)> = m
            .attributes
            .iter()
            .filter_map(|a| {
                let at = off(a.id.name)?;
                Some((a.id.name.to_string(), line_start(at), at + a.id.name.len()))
            })
            .collect();
        let value_end = attr_lines.first().map_or(end, |(_, s, _)| *s);
        if m.value.is_some() {
            let from = after_eq(id_at + m.id.name.len(), value_end);
            out.push((
                m.id.name.to_string(),
                None,
                text[from..value_end].to_string(),
            ));
        }
        for (i, (name, _, id_end)) in attr_lines.iter().enumerate() {
            let a_end = attr_lines.get(i + 1).map_or(end, |(_, s, _)| *s);
            let from = after_eq(*id_end, a_end);
            out.push((
                m.id.name.to_string(),
                Some(name.clone()),
                text[from..a_end].to_string(),
            ));
        }
    }
    out
}

fn load_review(
    site: &Site,
    lang: &str,
) -> Result<Option<(Arc<SourceFile>, ReviewFile)>, Diagnostics> {
    let path = review_path(site, lang);
    if !path.is_file() {
        return Ok(None);
    }
    let file = files::read_text(&site.root, &path)?;
    let review: ReviewFile = toml::from_str(&file.text).map_err(|e| toml_error(&file, &e))?;
    if review.version != REVIEW_FORMAT_VERSION {
        return Err(Diagnostic::error(format!(
            "review file version {} is not supported (this hoshin reads version {REVIEW_FORMAT_VERSION})",
            review.version
        ))
        .code("review-file")
        .in_file(&file)
        .into());
    }
    let source = &site.source().language.code;
    if review.source_language != *source {
        return Err(Diagnostic::error(format!(
            "review file records reviews against `{}`, but the source language is `{source}`",
            review.source_language
        ))
        .code("review-file")
        .in_file(&file)
        .help(format!(
            "record new reviews: hoshin check --mark-reviewed {lang}"
        ))
        .into());
    }
    Ok(Some((file, review)))
}

/// Finds stale and unreviewed units of every translated language.
pub fn check(site: &Site) -> (Vec<Finding>, Vec<TranslationStatus>) {
    let mut findings = Vec::new();
    let mut statuses = Vec::new();
    let source_lang = &site.source().language.code;
    for lang in site.translations() {
        let lang = &lang.language.code;
        let units = units(site, lang);
        let mut status = TranslationStatus {
            lang: lang.clone(),
            review_file: format!("reviews/{lang}.toml"),
            tracked: false,
            units: units.iter().filter(|u| u.translation.is_some()).count(),
            stale: 0,
            unreviewed: 0,
        };
        let review = match load_review(site, lang) {
            Ok(Some((_, r))) => r,
            Ok(None) => {
                statuses.push(status);
                continue;
            }
            Err(d) => {
                findings.extend(d.0.into_iter().map(|diagnostic| Finding {
                    diagnostic,
                    stale: None,
                    unit: None,
                }));
                statuses.push(status);
                continue;
            }
        };
        status.tracked = true;
        for unit in &units {
            let Some((file, span)) = &unit.translation else {
                continue;
            };
            let what = describe(&unit.id);
            match review.units.get(&unit.id) {
                None => {
                    status.unreviewed += 1;
                    findings.push(Finding {
                        diagnostic: Diagnostic::warning(format!(
                            "the `{lang}` translation of {what} has never been reviewed"
                        ))
                        .code("unreviewed-translation")
                        .at(file, span.clone())
                        .label("not in the review record")
                        .help(format!(
                            "check it against the `{source_lang}` text, then run `hoshin check --mark-reviewed {lang} {}`",
                            unit.id
                        )),
                        stale: None,
                        unit: Some((lang.clone(), unit.id.clone())),
                    });
                }
                Some(r) if r.hash != hash(&unit.source) => {
                    status.stale += 1;
                    findings.push(Finding {
                        diagnostic: Diagnostic::warning(format!(
                            "the `{lang}` translation of {what} is stale: the `{source_lang}` text changed since its last review"
                        ))
                        .code("stale-translation")
                        .at(file, span.clone())
                        .label("translated from the old text")
                        .note(format!("`{source_lang}` changes since the review:\n{}", line_diff(&r.source, &unit.source)))
                        .help(format!(
                            "update the translation, then run `hoshin check --mark-reviewed {lang} {}`",
                            unit.id
                        )),
                        stale: Some(Stale {
                            lang: lang.clone(),
                            unit: unit.id.clone(),
                            reviewed_source: r.source.clone(),
                            source: unit.source.clone(),
                        }),
                        unit: Some((lang.clone(), unit.id.clone())),
                    });
                }
                Some(_) => {}
            }
        }
        statuses.push(status);
    }
    (findings, statuses)
}

fn describe(unit: &str) -> String {
    if let Some((slug, section)) = unit.split_once('#') {
        if section.is_empty() {
            format!("the opening text of `{slug}`")
        } else {
            format!("section `#{section}` of `{slug}`")
        }
    } else if let Some((slug, key)) = unit.split_once(':') {
        format!("the {key} of `{slug}`")
    } else {
        format!("`{unit}`")
    }
}

/// A line diff (`- old` / `+ new`) of the lines that differ, by longest common subsequence.
pub fn line_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(format!("- {}", a[i]));
            i += 1;
        } else {
            out.push(format!("+ {}", b[j]));
            j += 1;
        }
    }
    out.join("\n")
}

/// Records that the `lang` translation of `ids` (every unit when empty) was reviewed against
/// the current source text. An id also selects its attributes (`example-x` → `example-x.notice`)
/// and a policy slug selects its document's units. Returns the number of units recorded.
pub fn mark_reviewed(site: &Site, lang: &str, ids: &[String]) -> Result<usize, MarkError> {
    let translated: Vec<&str> = site.translations().iter().map(|l| l.code()).collect();
    if !translated.contains(&lang) {
        return Err(MarkError::Usage(format!(
            "`{lang}` is not a translated language of this site (translated: {})",
            translated.join(", ")
        )));
    }
    let all = units(site, lang);
    let selectable: Vec<&Unit> = all.iter().filter(|u| u.translation.is_some()).collect();
    let mut selected: Vec<&Unit> = Vec::new();
    if ids.is_empty() {
        selected = selectable.clone();
    } else {
        for id in ids {
            let matching: Vec<&Unit> = selectable
                .iter()
                .copied()
                .filter(|u| {
                    u.id == *id
                        || [".", "#", ":"]
                            .iter()
                            .any(|sep| u.id.starts_with(&format!("{id}{sep}")))
                })
                .collect();
            if matching.is_empty() {
                let mut msg = format!("`{id}` is not a translated unit of `{lang}`");
                if let Some(s) = did_you_mean(id, selectable.iter().map(|u| u.id.as_str())) {
                    msg.push_str(&format!("; did you mean `{s}`?"));
                }
                return Err(MarkError::Usage(msg));
            }
            selected.extend(matching);
        }
    }
    let mut review = match load_review(site, lang) {
        Ok(Some((_, r))) => r,
        Ok(None) => ReviewFile {
            version: REVIEW_FORMAT_VERSION,
            source_language: site.source().language.code.clone(),
            units: BTreeMap::new(),
        },
        // A file from an older source language or format is replaced, not merged.
        Err(d) if d.0.iter().all(|d| d.code == Some("review-file")) => ReviewFile {
            version: REVIEW_FORMAT_VERSION,
            source_language: site.source().language.code.clone(),
            units: BTreeMap::new(),
        },
        Err(d) => return Err(MarkError::Files(d)),
    };
    review.units.retain(|id, _| all.iter().any(|u| u.id == *id));
    for u in &selected {
        review.units.insert(
            u.id.clone(),
            Reviewed {
                hash: hash(&u.source),
                source: u.source.clone(),
            },
        );
    }
    write_review(site, lang, &review).map_err(MarkError::Files)?;
    selected.dedup_by(|a, b| a.id == b.id);
    Ok(selected.len())
}

fn write_review(site: &Site, lang: &str, review: &ReviewFile) -> Result<(), Diagnostics> {
    let path = review_path(site, lang);
    let body = toml::to_string(review)
        .map_err(|e| Diagnostic::error(format!("internal: cannot write the review file: {e}")))?;
    let text = format!(
        "# Review record of the `{lang}` translation, written by `hoshin check --mark-reviewed {lang}`.\n\
         # Per unit: the `{}` source text the translation was last reviewed against, and its hash.\n\
         # Commit this file with the site.\n\n{body}",
        review.source_language
    );
    let io = |e: std::io::Error| -> Diagnostics {
        Diagnostic::error(format!("cannot write `reviews/{lang}.toml`: {e}")).into()
    };
    let dir = site.root.join("reviews");
    std::fs::create_dir_all(&dir).map_err(io)?;
    let tmp = dir.join(format!(".{lang}.toml.tmp"));
    std::fs::write(&tmp, text).map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_fnv1a_64() {
        // Reference values of the FNV-1a 64-bit test suite.
        assert_eq!(hash(""), "cbf29ce484222325");
        assert_eq!(hash("a"), "af63dc4c8601ec8c");
        assert_eq!(hash("foobar"), "85944171f73967e8");
    }

    #[test]
    fn fluent_units_split_value_and_attributes() {
        let f = SourceFile::new(
            "x.ftl",
            "x.ftl",
            "# intro\n\na = A\n  continued\n    .notice = N\n\n# about b\nb = B\nc =\n    .only = attr\n",
        );
        let units: Vec<(String, Option<String>, String)> = fluent_units(&f)
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

    #[test]
    fn diff_shows_changed_lines_only() {
        assert_eq!(line_diff("a\nb\nc", "a\nB\nc"), "- b\n+ B");
    }
}
