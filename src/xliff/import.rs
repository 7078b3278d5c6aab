//! Import: check every unit of an XLIFF file against the site, then write the targets back and
//! record their reviews. Nothing is written unless every check passes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::codes::number;
use super::edit::{edits, line_span, Accepted};
use super::export::state_name;
use super::fluent::escape_text;
use super::inline::{tokenise, CodeKind, Piece, Syntax};
use super::parse::{parse, XPiece, XTarget};
use super::units::{units, XUnit};
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
        if !(differs || done && state_changed) {
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
