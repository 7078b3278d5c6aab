//! The new text of every file an import changes: each unit's edit (only its own bytes), the
//! Fluent result checked by parsing it again, the file's BOM and line endings kept. Nothing is
//! written here.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::fluent::{value_edit, verify};
use super::units::{How, TargetFile, XUnit};
use super::{write, XliffError};
use crate::check::review::UnitId;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};

/// One unit to write: its place, the new text, whether to record its review.
pub(super) struct Accepted<'a> {
    /// The unit.
    pub(super) unit: &'a XUnit,
    /// Its new text.
    pub(super) text: String,
    /// Whether the text differs from the translation now.
    pub(super) write: bool,
    /// Whether to record its review.
    pub(super) review: bool,
    /// Byte offset of its `<target>` in the XLIFF file.
    pub(super) at: usize,
}

/// The end of the line at `at` in `file`, for a span that shows the line.
pub(super) fn line_span(file: &SourceFile, at: usize) -> Range<usize> {
    let at = at.min(file.text.len());
    at..file.text[at..]
        .find('\n')
        .map_or(file.text.len(), |n| at + n)
}

/// One edit of a file: the bytes replaced, their new text, and the unit it writes.
type Edit<'a, 'b> = (Range<usize>, String, &'b Accepted<'a>);

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
pub(super) fn edits(
    xliff: &Arc<SourceFile>,
    accepted: &[Accepted<'_>],
) -> Result<Vec<(TargetFile, Vec<u8>)>, XliffError> {
    let mut per_file: BTreeMap<PathBuf, (TargetFile, Vec<Edit<'_, '_>>)> = BTreeMap::new();
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
                        if let UnitId::Message {
                            attribute: None, ..
                        } = &b.unit.id
                        {
                            entry = format!("{id} ={}", continuation(&b.text, 4));
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
        let mut indexed: Vec<(usize, Edit<'_, '_>)> =
            order.into_iter().zip(list.drain(..)).collect();
        indexed.sort_by_key(|(seq, (range, _, _))| std::cmp::Reverse((range.start, *seq)));
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
