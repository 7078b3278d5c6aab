//! Import: check every unit of an XLIFF file against the site, then write the targets back and
//! record their reviews. Nothing is written unless every check passes.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::export::state_name;
use super::fluent::{escape_text, value_edit, verify};
use super::inline::{number, tokenise, CodeKind, Piece, Syntax};
use super::parse::{parse, XPiece, XTarget};
use super::units::{units, How, TargetFile, XUnit};
use super::{translated, write, XliffError};
use crate::check::review::{self, normalise, MarkError, UnitId};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::site::content::markdown;
use crate::site::Site;

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// The target language.
    pub lang: String,
    /// Units whose translation was written.
    pub written: Vec<String>,
    /// Files written, as shown.
    pub files: Vec<String>,
    /// Units whose review was recorded.
    pub reviewed: usize,
    /// Units left out (source changed since export, with `--force`), as warnings.
    pub skipped: Diagnostics,
}

/// One unit to write: its place, the new text, whether to record its review.
struct Accepted<'a> {
    unit: &'a XUnit,
    text: String,
    write: bool,
    review: bool,
    at: usize,
}

/// The end of the line at `at` in `file`, for a span that shows the line.
fn line_span(file: &SourceFile, at: usize) -> Range<usize> {
    let at = at.min(file.text.len());
    at..file.text[at..]
        .find('\n')
        .map_or(file.text.len(), |n| at + n)
}

pub(super) fn import(
    site: &Site,
    file: &Arc<SourceFile>,
    force: bool,
) -> Result<ImportReport, XliffError> {
    let doc = parse(file).map_err(|d| XliffError::Content(d.into()))?;
    let at = |offset: usize| line_span(file, offset);
    let source_lang = site.source().language.code.clone();
    let mut errors = Diagnostics::new();
    let mut lang: Option<String> = None;
    for f in &doc.files {
        if f.source != source_lang {
            errors.push(
                Diagnostic::error(format!(
                    "the XLIFF file translates from `{}`, but the site's source language is `{source_lang}`",
                    f.source
                ))
                .code("xliff")
                .at(file, at(f.at)),
            );
        }
        match (&f.target, &lang) {
            (None, _) => errors.push(
                Diagnostic::error("a `<file>` without `target-language`")
                    .code("xliff")
                    .at(file, at(f.at)),
            ),
            (Some(t), Some(l)) if t != l => errors.push(
                Diagnostic::error(format!("a `<file>` into `{t}` in an XLIFF file into `{l}`: import one language at a time"))
                    .code("xliff")
                    .at(file, at(f.at)),
            ),
            (Some(t), _) => lang = Some(t.clone()),
        }
    }
    if errors.has_errors() {
        return Err(errors.into());
    }
    let Some(lang) = lang else {
        return Err(XliffError::Usage(
            "the XLIFF file names no target language".into(),
        ));
    };
    translated(site, &lang)?;
    let all = units(site, &lang)?;
    let by_id: BTreeMap<String, &XUnit> = all.iter().map(|u| (u.id.to_string(), u)).collect();
    let mut seen = BTreeSet::new();
    let mut changed = Diagnostics::new();
    let mut accepted = Vec::new();
    for xu in &doc.units {
        let span = at(xu.at);
        if !seen.insert(xu.id.clone()) {
            errors.push(
                Diagnostic::error(format!("unit `{}` appears twice", xu.id))
                    .code("xliff")
                    .at(file, span),
            );
            continue;
        }
        let Some(unit) = by_id
            .get(&xu.id)
            .copied()
            .filter(|_| xu.id.parse::<UnitId>().is_ok())
        else {
            let mut d = Diagnostic::error(format!(
                "unit `{}` does not exist in the `{lang}` translation of this site",
                xu.id
            ))
            .code("xliff-unknown-unit")
            .at(file, span)
            .label("no such unit");
            if let Some(s) = did_you_mean(&xu.id, by_id.keys().map(String::as_str)) {
                d = d.help(format!("did you mean `{s}`? The XLIFF file may be from another site or an older version of it"));
            }
            errors.push(d);
            continue;
        };
        match &xu.hash {
            None => {
                errors.push(
                    Diagnostic::error(format!("unit `{}` has no source hash: hoshin cannot tell whether its source text changed", xu.id))
                        .code("xliff")
                        .at(file, span)
                        .help("import only XLIFF files exported by `hoshin xliff export` (the hash is a `<context context-type=\"x-hoshin-source-hash\">`)"),
                );
                continue;
            }
            Some(h) if *h != unit.hash => {
                changed.push(
                    Diagnostic::error(format!(
                        "the source text of unit `{}` changed since the XLIFF file was exported",
                        xu.id
                    ))
                    .code("xliff-source-changed")
                    .at(file, span)
                    .label("translated from an older source text")
                    .note(format!(
                        "the source text now ({}:{}):\n{}",
                        unit.source_at.0, unit.source_at.1, unit.source
                    )),
                );
                continue;
            }
            Some(_) => {}
        }
        let Some(target) = &xu.target else {
            continue;
        };
        let text = match rebuild(unit, target, file) {
            Ok(Some(t)) => t,
            Ok(None) => continue,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        let differs = unit.current.as_deref() != Some(text.as_str());
        let done = matches!(
            target.state.as_deref(),
            None | Some("translated" | "final" | "signed-off")
        );
        let state_changed = target.state.as_deref() != Some(state_name(unit.state));
        if !differs && !(done && state_changed) {
            continue;
        }
        if unit.place.is_none() {
            errors.push(
                Diagnostic::error(format!(
                    "hoshin cannot write the translation of unit `{}`",
                    xu.id
                ))
                .code("xliff")
                .at(file, span)
                .help("add it to the translation by hand"),
            );
            continue;
        }
        accepted.push(Accepted {
            unit,
            text,
            write: differs,
            review: done,
            at: target.at,
        });
    }
    if !changed.0.is_empty() {
        if force {
            for d in changed.0 {
                let mut w = Diagnostic::warning(format!("{}; left out", d.message))
                    .code("xliff-source-changed");
                w.location = d.location;
                w.notes = d.notes;
                w.label = d.label;
                errors.push(w);
            }
        } else {
            for d in changed.0 {
                errors.push(d.help("export the unit again and have it translated from the current source text, or import the other units with `--force`"));
            }
        }
    }
    if errors.has_errors() {
        return Err(errors.into());
    }
    let writes = edits(file, &accepted)?;
    let mut report = ImportReport {
        lang: lang.clone(),
        skipped: errors,
        ..ImportReport::default()
    };
    for (target, bytes) in &writes {
        write::replace(&site.root, &target.path, bytes, &target.display)
            .map_err(|d| XliffError::Content(d.into()))?;
        report.files.push(target.display.clone());
    }
    report.written = accepted
        .iter()
        .filter(|a| a.write)
        .map(|a| a.unit.id.to_string())
        .collect();
    let ids: Vec<UnitId> = accepted
        .iter()
        .filter(|a| a.review)
        .map(|a| a.unit.id.clone())
        .collect();
    report.reviewed = match review::mark_units_reviewed(site, &lang, &ids) {
        Ok(_) => ids.len(),
        Err(MarkError::Usage(m)) => return Err(XliffError::Usage(m)),
        Err(MarkError::Files(d)) => return Err(XliffError::Content(d)),
    };
    Ok(report)
}

/// The target's text with its codes checked and put back; `None` for an empty target.
fn rebuild(
    unit: &XUnit,
    target: &XTarget,
    file: &Arc<SourceFile>,
) -> Result<Option<String>, Diagnostic> {
    let has_text = target.pieces.iter().any(|p| match p {
        XPiece::Text(t) => !t.trim().is_empty(),
        XPiece::Code { .. } => true,
    });
    if !has_text {
        return Ok(None);
    }
    let src = tokenise(&unit.source, unit.syntax);
    let cur = unit
        .current
        .as_deref()
        .map(|t| tokenise(t, unit.syntax))
        .unwrap_or_default();
    let (src_ids, cur_ids) = number(&src, &cur);
    let codes = |pieces: &[Piece]| -> Vec<(CodeKind, String)> {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Code(c) => Some((c.kind, c.text.clone())),
                Piece::Text(_) => None,
            })
            .collect()
    };
    // (id, kind) → the markup it may hold: the current translation's first, then the source's.
    let mut allowed: BTreeMap<(String, &'static str), Vec<String>> = BTreeMap::new();
    for ((kind, text), id) in codes(&cur)
        .into_iter()
        .zip(&cur_ids)
        .chain(codes(&src).into_iter().zip(&src_ids))
    {
        allowed
            .entry((id.clone(), kind.element()))
            .or_default()
            .push(text);
    }
    let required: BTreeSet<(String, &'static str)> = if unit.current.is_some() {
        codes(&cur)
            .into_iter()
            .zip(&cur_ids)
            .filter(|(_, id)| !id.starts_with('t'))
            .map(|((k, _), id)| (id.clone(), k.element()))
            .collect()
    } else {
        codes(&src)
            .into_iter()
            .zip(&src_ids)
            .map(|((k, _), id)| (id.clone(), k.element()))
            .collect()
    };
    let fail = |offset: usize, msg: String| {
        Diagnostic::error(format!("unit `{}`: {msg}", unit.id))
            .code("xliff-broken-code")
            .at(file, line_span(file, offset))
    };
    let mut seen: BTreeSet<(String, &'static str)> = BTreeSet::new();
    let mut out = String::new();
    for p in &target.pieces {
        match p {
            XPiece::Text(t) => {
                if unit.syntax == Syntax::Fluent {
                    out.push_str(&escape_text(t));
                } else {
                    out.push_str(t);
                }
            }
            XPiece::Code {
                element,
                id,
                content,
                at,
            } => {
                let kind = match element.as_str() {
                    "ph" | "x" => "ph",
                    "bpt" => "bpt",
                    "ept" => "ept",
                    other => {
                        return Err(fail(*at, format!("`<{other}>` is not an inline element hoshin reads (`<ph>`, `<x/>`, `<bpt>`, `<ept>`)")))
                    }
                };
                let key = (id.clone(), kind);
                let Some(options) = allowed.get(&key) else {
                    return Err(fail(*at, format!("`<{element} id=\"{id}\">` is not a code of this unit"))
                        .help("keep the tags as exported; a CAT tool's tag check shows which one is wrong"));
                };
                if !seen.insert(key.clone()) {
                    return Err(fail(
                        *at,
                        format!("`<{element} id=\"{id}\">` appears twice"),
                    ));
                }
                if kind == "ept" && !seen.contains(&(id.clone(), "bpt")) {
                    return Err(fail(
                        *at,
                        format!("`<ept id=\"{id}\">` closes before its `<bpt>` opens"),
                    ));
                }
                let markup = match content.as_deref() {
                    Some(c) if !c.is_empty() => {
                        if !options.iter().any(|o| o == c) {
                            return Err(fail(*at, format!("the code `<{element} id=\"{id}\">` was changed: `{c}` is not `{}`", options[0]))
                                .help("inline codes are markup: move them, do not edit them"));
                        }
                        c.to_string()
                    }
                    _ => options[0].clone(),
                };
                out.push_str(&markup);
            }
        }
    }
    if let Some((id, kind)) = required.iter().find(|k| !seen.contains(*k)) {
        let markup = allowed
            .get(&(id.clone(), *kind))
            .and_then(|o| o.first())
            .cloned()
            .unwrap_or_default();
        return Err(fail(
            target.at,
            format!(
                "the target breaks a placeable: `<{kind} id=\"{id}\">` (`{markup}`) is missing"
            ),
        )
        .help("put the tag back where the translation needs it"));
    }
    let text = match unit.syntax {
        Syntax::Fluent => normalise(&out, true),
        Syntax::Markdown => normalise(&out, false),
        Syntax::Plain => out.trim().to_string(),
        Syntax::Revisions => out.lines().map(str::trim).collect::<Vec<_>>().join("\n"),
    };
    if unit.syntax == Syntax::Markdown {
        let headings = |t: &str| {
            markdown::parser(t)
                .filter(|e| {
                    matches!(
                        e,
                        pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { .. })
                    )
                })
                .count()
        };
        if headings(&text) != headings(&unit.source) {
            return Err(fail(target.at, format!(
                "the translation has {} headings where the source has {}: a heading starts a new section",
                headings(&text),
                headings(&unit.source)
            )));
        }
    }
    Ok(Some(text))
}

/// A TOML basic string holding `s`.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Continuation of a new Fluent value: ` first` then each further line on its own, indented.
fn continuation(value: &str, pad: usize) -> String {
    let mut out = String::new();
    for (i, line) in value.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&" ".repeat(pad));
            }
        } else {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Where `block` goes at `at` in `text`, separated by blank lines.
fn block_insert(text: &str, at: usize, block: &str) -> String {
    let before = &text[..at];
    let lead = if before.is_empty() || before.ends_with("\n\n") {
        ""
    } else if before.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let tail = if at == text.len() { "\n" } else { "\n\n" };
    format!("{lead}{block}{tail}")
}

/// The new bytes of every file that changes, checked; nothing is written here.
fn edits(
    xliff: &Arc<SourceFile>,
    accepted: &[Accepted<'_>],
) -> Result<Vec<(TargetFile, Vec<u8>)>, XliffError> {
    let mut per_file: BTreeMap<PathBuf, (TargetFile, Vec<(Range<usize>, String, &Accepted<'_>)>)> =
        BTreeMap::new();
    let mut errors = Diagnostics::new();
    for a in accepted.iter().filter(|a| a.write) {
        let Some(place) = &a.unit.place else { continue };
        let text = &place.file.text.text;
        let value = a.text.clone();
        let edit: Vec<(Range<usize>, String)> = match &place.how {
            How::FluentValue { span, indent } => vec![value_edit(text, span, *indent, &value)],
            How::FluentAttribute { at, name } => {
                vec![(
                    *at..*at,
                    format!("\n    .{name} ={}", continuation(&value, 8)),
                )]
            }
            How::FluentMessage { id } => {
                // A new message is written once, by its first unit delivered, with its value
                // and every attribute delivered for it; the others only check the result.
                let of_message: Vec<&Accepted<'_>> = accepted
                    .iter()
                    .filter(|b| b.write && b.unit.id.message() == Some(id.as_str()))
                    .filter(|b| {
                        matches!(
                            b.unit.place.as_ref().map(|p| &p.how),
                            Some(How::FluentMessage { .. })
                        )
                    })
                    .collect();
                if !of_message.first().is_some_and(|b| std::ptr::eq(*b, a)) {
                    vec![(text.len()..text.len(), String::new())]
                } else {
                    let mut entry = format!("{id} =");
                    for b in &of_message {
                        match &b.unit.id {
                            UnitId::Message {
                                attribute: None, ..
                            } => {
                                entry = format!("{id} ={}", continuation(&b.text, 4));
                            }
                            _ => {}
                        }
                    }
                    for b in &of_message {
                        if let UnitId::Message {
                            attribute: Some(attr),
                            ..
                        } = &b.unit.id
                        {
                            entry.push_str(&format!("\n    .{attr} ={}", continuation(&b.text, 8)));
                        }
                    }
                    let lead = if text.is_empty() || text.ends_with('\n') {
                        ""
                    } else {
                        "\n"
                    };
                    vec![(text.len()..text.len(), format!("{lead}{entry}\n"))]
                }
            }
            How::Section { range } => {
                let s = &text[range.clone()];
                let first = s.len() - s.trim_start_matches(['\n', ' ', '\t']).len();
                let first = s[..first].rfind('\n').map_or(0, |i| i + 1);
                let end = s.trim_end().len();
                vec![(
                    range.start + first..range.start + end.max(first),
                    value.clone(),
                )]
            }
            How::NewSection { at } => vec![(*at..*at, block_insert(text, *at, &value))],
            How::TomlString { span } => vec![(span.clone(), toml_string(&value))],
            How::Revisions { summaries } => {
                let lines: Vec<&str> = value.split('\n').collect();
                if lines.len() != summaries.len() {
                    errors.push(
                        Diagnostic::error(format!(
                            "unit `{}`: {} revision lines for {} `[[revisions]]` entries",
                            a.unit.id,
                            lines.len(),
                            summaries.len()
                        ))
                        .code("xliff")
                        .at(xliff, line_span(xliff, a.at)),
                    );
                    continue;
                }
                let mut out = Vec::new();
                for (line, (date, span)) in lines.iter().zip(summaries) {
                    match line.strip_prefix(&format!("{date}: ")) {
                        Some(summary) => out.push((span.clone(), toml_string(summary.trim()))),
                        None => errors.push(
                            Diagnostic::error(format!(
                                "unit `{}`: a revision line does not start with `{date}: `",
                                a.unit.id
                            ))
                            .code("xliff-broken-code")
                            .at(xliff, line_span(xliff, a.at)),
                        ),
                    }
                }
                out
            }
        };
        let entry = per_file
            .entry(place.file.path.clone())
            .or_insert_with(|| (place.file.clone(), Vec::new()));
        entry.1.extend(edit.into_iter().map(|(r, s)| (r, s, a)));
    }
    let mut out = Vec::new();
    for (_, (target, mut list)) in per_file {
        let mut text = target.text.text.clone();
        // From the end, so earlier offsets stay valid; insertions at one place keep their order.
        let order: Vec<usize> = (0..list.len()).collect();
        let mut indexed: Vec<(usize, (Range<usize>, String, &Accepted<'_>))> =
            order.into_iter().zip(list.drain(..)).collect();
        indexed.sort_by(|a, b| (b.1 .0.start, b.0).cmp(&(a.1 .0.start, a.0)));
        for (_, (range, new, _)) in &indexed {
            text.replace_range(range.clone(), new);
        }
        if text == target.text.text {
            continue;
        }
        for (_, (_, _, a)) in &indexed {
            if let UnitId::Message { id, attribute } = &a.unit.id {
                if let Some(why) = verify(&text, id, attribute.as_deref(), &a.text) {
                    errors.push(
                        Diagnostic::error(format!(
                            "unit `{}`: the translation cannot be written into `{}`: {why}",
                            a.unit.id, target.display
                        ))
                        .code("xliff-broken-code")
                        .at(xliff, line_span(xliff, a.at)),
                    );
                }
            }
        }
        let old = std::fs::read(&target.path).ok();
        if let Some(old_bytes) = &old {
            let now = String::from_utf8_lossy(
                old_bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(old_bytes),
            )
            .replace("\r\n", "\n");
            if now != target.text.text {
                errors.push(Diagnostic::error(format!(
                    "`{}` changed while hoshin was importing; run the import again",
                    target.display
                )));
            }
        }
        let bytes = write::encode_like(old.as_deref(), &text);
        out.push((target, bytes));
    }
    if errors.has_errors() {
        return Err(errors.into());
    }
    Ok(out)
}
