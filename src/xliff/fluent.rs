//! Fluent files as text: where each message's value and attributes are, and how a new value is
//! written so that only its own bytes change and the file keeps its layout.

use std::ops::Range;

use crate::check::review::normalise;
use crate::check::review::spans::spans_in;
pub(crate) use crate::check::review::spans::{message_spans, MessageSpans};

/// The bytes of `span` (after an `=`) that hold the value: from its first non-blank character
/// to the end of its last non-blank one.
fn content(text: &str, span: &Range<usize>) -> Range<usize> {
    let s = &text[span.clone()];
    let lead = s.len() - s.trim_start().len();
    let start = span.start + lead;
    let end = span.start + s.trim_end().len();
    start..end.max(start)
}

/// The edit that makes `span` (a value or attribute of a line indented by `indent`) read
/// `value`: the replaced range and its new text. A one-line value stays on the `=` line (or
/// the next line, where it was), further lines are indented as Fluent requires.
pub(crate) fn value_edit(
    text: &str,
    span: &Range<usize>,
    indent: usize,
    value: &str,
) -> (Range<usize>, String) {
    let c = content(text, span);
    let own_line = c.start > span.start && text[span.start..c.start].contains('\n');
    let old_indent = if own_line {
        let ls = text[..c.start].rfind('\n').map_or(0, |i| i + 1);
        c.start - ls
    } else {
        // The indentation of a continuation line, when there is one.
        text[c.clone()]
            .split('\n')
            .nth(1)
            .map(|l| l.len() - l.trim_start().len())
            .unwrap_or(0)
    };
    let pad = " ".repeat(if old_indent > indent {
        old_indent
    } else {
        indent + 4
    });
    let lines: Vec<&str> = value.split('\n').collect();
    let mut new = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i == 0 && !own_line {
            new.push(' ');
        } else {
            new.push('\n');
            if !line.is_empty() {
                new.push_str(&pad);
            }
        }
        new.push_str(line);
    }
    (span.start..c.end, new)
}

/// Escapes `{` and `}` typed as text, which Fluent would read as a placeable.
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '{' => out.push_str("{ \"{\" }"),
            '}' => out.push_str("{ \"}\" }"),
            _ => out.push(ch),
        }
    }
    out
}

/// Whether `text` (a whole Fluent file) parses without a broken entry and message `id` (or its
/// attribute) reads `value` (normalised). `None` when it does; else what is wrong.
pub(crate) fn verify(text: &str, id: &str, attribute: Option<&str>, value: &str) -> Option<String> {
    if let Err((_, errors)) = fluent_syntax::parser::parse(text) {
        let e = errors
            .first()
            .map(|e| format!("{:?}", e.kind))
            .unwrap_or_default();
        return Some(format!("the file would not parse as Fluent ({e})"));
    }
    let spans = spans_in(text);
    let missing = || Some(format!("Fluent would not read `{id}` from the file"));
    let Some(m) = spans.iter().rev().find(|m| m.id == id) else {
        return missing();
    };
    let span = match attribute {
        None => m.value.clone(),
        Some(a) => match m.attributes.iter().find(|(n, _, _)| n == a) {
            Some(s) => s.1.clone(),
            None => return missing(),
        },
    };
    let got = normalise(&text[span], true);
    (got != value).then(|| {
        "Fluent would read the text differently (a line starting with `[`, `*` or `.`, or leading spaces)".to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(text: &str, id: &str, attr: Option<&str>, value: &str) -> String {
        let m = spans_in(text).into_iter().find(|m| m.id == id).unwrap();
        let (span, indent) = match attr {
            None => (m.value, 0),
            Some(a) => {
                let (_, s, i) = m.attributes.into_iter().find(|(n, _, _)| n == a).unwrap();
                (s, i)
            }
        };
        let (r, new) = value_edit(text, &span, indent, value);
        let mut out = text.to_string();
        out.replace_range(r, &new);
        assert_eq!(verify(&out, id, attr, value), None, "{out}");
        out
    }

    #[test]
    fn only_the_value_changes() {
        let text = "# c\na = A\n    .notice = N\n\n# about b\nb =\n    B1\n    B2\nc = C\n";
        assert_eq!(
            edit(text, "a", None, "X"),
            "# c\na = X\n    .notice = N\n\n# about b\nb =\n    B1\n    B2\nc = C\n"
        );
        assert_eq!(
            edit(text, "a", Some("notice"), "two\nlines"),
            "# c\na = A\n    .notice = two\n        lines\n\n# about b\nb =\n    B1\n    B2\nc = C\n"
        );
        assert_eq!(
            edit(text, "b", None, "Z1\n\nZ2"),
            "# c\na = A\n    .notice = N\n\n# about b\nb =\n    Z1\n\n    Z2\nc = C\n"
        );
    }

    #[test]
    fn text_that_fluent_reads_otherwise_is_found() {
        let text = "a = A\n";
        let (r, new) = value_edit(text, &spans_in(text)[0].value, 0, "x\n[y] z");
        let mut out = text.to_string();
        out.replace_range(r, &new);
        assert!(verify(&out, "a", None, "x\n[y] z").is_some());
        assert_eq!(escape_text("a {b}"), "a { \"{\" }b{ \"}\" }");
    }
}
