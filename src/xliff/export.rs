//! Writing an XLIFF 1.2 document: one `<file>` per source file, one `<trans-unit>` per unit.
//!
//! Everything goes through quick-xml's writer, which escapes text and attribute values; no
//! markup is built by joining strings. Output is deterministic (no dates).

use std::io::Cursor;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::codes::number;
use super::inline::{tokenise, Piece};
use super::units::{How, XUnit};
use super::{Only, CONTEXT_HASH, CONTEXT_UNIT};
use crate::check::review::ReviewState;

type W = Writer<Cursor<Vec<u8>>>;
type Res = std::io::Result<()>;

/// The XLIFF `state` of a unit's target.
pub(crate) fn state_name(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Missing => "needs-translation",
        ReviewState::Untracked => "translated",
        ReviewState::Unreviewed | ReviewState::Stale => "needs-review-translation",
        ReviewState::Reviewed => "final",
    }
}

/// Whether `--only` keeps a unit (everything without `--only`).
pub(crate) fn selected(state: ReviewState, only: &[Only]) -> bool {
    only.is_empty()
        || only.iter().any(|o| match o {
            Only::Stale => state == ReviewState::Stale,
            Only::Unreviewed => matches!(state, ReviewState::Unreviewed | ReviewState::Untracked),
            Only::Missing => state == ReviewState::Missing,
        })
}

/// The XLIFF document for `units` of `target` translated from `source`.
pub(crate) fn document(source: &str, target: &str, units: &[&XUnit]) -> String {
    let mut w = Writer::new(Cursor::new(Vec::new()));
    // Writing into memory cannot fail.
    let _ = write_document(&mut w, source, target, units);
    let mut text = String::from_utf8_lossy(&w.into_inner().into_inner()).into_owned();
    text.push('\n');
    text
}

fn write_document(w: &mut W, source: &str, target: &str, units: &[&XUnit]) -> Res {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    nl(w, 0)?;
    w.write_event(Event::Start(BytesStart::new("xliff").with_attributes([
        ("version", "1.2"),
        ("xmlns", "urn:oasis:names:tc:xliff:document:1.2"),
    ])))?;
    // Group by source file, in the order files first appear.
    let mut files: Vec<(&str, Vec<&XUnit>)> = Vec::new();
    for u in units {
        match files.iter_mut().find(|(f, _)| *f == u.source_at.0) {
            Some((_, list)) => list.push(u),
            None => files.push((&u.source_at.0, vec![u])),
        }
    }
    if files.is_empty() {
        files.push(("hoshin.toml", Vec::new()));
    }
    for (original, list) in files {
        nl(w, 1)?;
        let datatype = if original.ends_with(".ftl") {
            "x-fluent"
        } else {
            "x-markdown"
        };
        w.write_event(Event::Start(BytesStart::new("file").with_attributes([
            ("original", original),
            ("source-language", source),
            ("target-language", target),
            ("datatype", datatype),
            ("tool-id", "hoshin"),
        ])))?;
        nl(w, 2)?;
        w.write_event(Event::Start(BytesStart::new("header")))?;
        nl(w, 3)?;
        w.write_event(Event::Empty(BytesStart::new("tool").with_attributes([
            ("tool-id", "hoshin"),
            ("tool-name", "hoshin"),
            ("tool-version", env!("CARGO_PKG_VERSION")),
        ])))?;
        nl(w, 2)?;
        w.write_event(Event::End(BytesEnd::new("header")))?;
        nl(w, 2)?;
        w.write_event(Event::Start(BytesStart::new("body")))?;
        for u in list {
            trans_unit(w, u, target)?;
        }
        nl(w, 2)?;
        w.write_event(Event::End(BytesEnd::new("body")))?;
        nl(w, 1)?;
        w.write_event(Event::End(BytesEnd::new("file")))?;
    }
    nl(w, 0)?;
    w.write_event(Event::End(BytesEnd::new("xliff")))
}

fn nl(w: &mut W, depth: usize) -> Res {
    let s = format!("\n{}", "  ".repeat(depth));
    w.write_event(Event::Text(BytesText::new(&s)))
}

fn element(w: &mut W, start: BytesStart<'_>, text: &str) -> Res {
    let name = start.name().as_ref().to_string();
    w.write_event(Event::Start(start))?;
    w.write_event(Event::Text(BytesText::new(text)))?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn trans_unit(w: &mut W, u: &XUnit, lang: &str) -> Res {
    let id = u.id.to_string();
    let mut start = BytesStart::new("trans-unit").with_attributes([
        ("id", id.as_str()),
        ("resname", id.as_str()),
        ("xml:space", "preserve"),
    ]);
    if u.state == ReviewState::Reviewed {
        start.push_attribute(("approved", "yes"));
    }
    nl(w, 3)?;
    w.write_event(Event::Start(start))?;
    let src = tokenise(&u.source, u.syntax);
    let tgt = u
        .current
        .as_deref()
        .map(|t| tokenise(t, u.syntax))
        .unwrap_or_default();
    let (src_ids, tgt_ids) = number(&src, &tgt);
    nl(w, 4)?;
    w.write_event(Event::Start(BytesStart::new("source")))?;
    pieces(w, &src, &src_ids)?;
    w.write_event(Event::End(BytesEnd::new("source")))?;
    nl(w, 4)?;
    let target = BytesStart::new("target").with_attributes([("state", state_name(u.state))]);
    if u.current.is_some() {
        w.write_event(Event::Start(target))?;
        pieces(w, &tgt, &tgt_ids)?;
        w.write_event(Event::End(BytesEnd::new("target")))?;
    } else {
        w.write_event(Event::Empty(target))?;
    }
    nl(w, 4)?;
    w.write_event(Event::Start(
        BytesStart::new("context-group")
            .with_attributes([("purpose", "information"), ("name", "hoshin")]),
    ))?;
    let line = u.source_at.1.to_string();
    for (kind, value) in [
        ("sourcefile", u.source_at.0.as_str()),
        ("linenumber", line.as_str()),
        (CONTEXT_UNIT, id.as_str()),
        (CONTEXT_HASH, u.hash.as_str()),
    ] {
        nl(w, 5)?;
        element(
            w,
            BytesStart::new("context").with_attributes([("context-type", kind)]),
            value,
        )?;
    }
    nl(w, 4)?;
    w.write_event(Event::End(BytesEnd::new("context-group")))?;
    for note in notes(u, lang) {
        nl(w, 4)?;
        element(
            w,
            BytesStart::new("note").with_attributes([("from", "hoshin")]),
            &note,
        )?;
    }
    nl(w, 3)?;
    w.write_event(Event::End(BytesEnd::new("trans-unit")))
}

fn pieces(w: &mut W, list: &[Piece], ids: &[String]) -> Res {
    let mut ids = ids.iter();
    for p in list {
        match p {
            Piece::Text(t) => w.write_event(Event::Text(BytesText::new(t)))?,
            Piece::Code(c) => {
                let id = ids.next().map_or("", String::as_str);
                element(
                    w,
                    BytesStart::new(c.kind.element()).with_attributes([("id", id)]),
                    &c.text,
                )?;
            }
        }
    }
    Ok(())
}

/// The notes a translator reads: the unit, the file its translation is in, its state.
fn notes(u: &XUnit, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let place = u.place.as_ref().map(|p| {
        let line = match &p.how {
            How::FluentValue { span, .. } | How::TomlString { span } => {
                Some(p.file.text.line_col(span.start).0)
            }
            How::Section { range } => Some(p.file.text.line_col(range.start).0),
            How::Revisions { summaries } => summaries
                .first()
                .map(|(_, s)| p.file.text.line_col(s.start).0),
            _ => None,
        };
        match line {
            Some(l) => format!("{}:{l}", p.file.display),
            None => format!("{} (new)", p.file.display),
        }
    });
    out.push(format!(
        "Unit {} of {}, line {}. The {lang} translation: {}.",
        u.id,
        u.source_at.0,
        u.source_at.1,
        place.unwrap_or_else(|| "none".into())
    ));
    match u.state {
        ReviewState::Stale => out.push(
            "The source text changed since this translation was last reviewed: update it to say what the source says now.".into(),
        ),
        ReviewState::Unreviewed => out.push("This translation has never been reviewed.".into()),
        ReviewState::Missing => out.push("Not translated yet.".into()),
        ReviewState::Untracked | ReviewState::Reviewed => {}
    }
    let has_codes = tokenise(&u.source, u.syntax)
        .iter()
        .any(|p| matches!(p, Piece::Code(_)));
    if has_codes {
        out.push(
            "Tags are markup (Fluent placeables, Markdown links, emphasis, blocks, heading ids): keep each one, moving it where the translation needs it.".into(),
        );
    }
    out
}
