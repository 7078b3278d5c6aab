//! Where each message's value and attributes are in a Fluent file: the one walk shared by the
//! review units (their text) and XLIFF import (the bytes it replaces).

use std::ops::Range;

use fluent_syntax::ast;

use crate::diagnostics::SourceFile;

/// Where a message is in a Fluent file.
#[derive(Debug, Clone)]
pub(crate) struct MessageSpans {
    /// The message id.
    pub(crate) id: String,
    /// Whether it has a value.
    pub(crate) has_value: bool,
    /// The bytes after `id =` up to its first attribute or the next entry.
    pub(crate) value: Range<usize>,
    /// Each attribute: name, the bytes after `.name =` up to the next, and the indentation of
    /// its line.
    pub(crate) attributes: Vec<(String, Range<usize>, usize)>,
    /// The end of the message's last non-blank line.
    pub(crate) end: usize,
}

/// Every message of a Fluent file, in order (a broken entry is skipped).
pub(crate) fn message_spans(file: &SourceFile) -> Vec<MessageSpans> {
    spans_in(&file.text)
}

pub(crate) fn spans_in(text: &str) -> Vec<MessageSpans> {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    spans_of(text, &resource)
}

/// [`spans_in`], from the syntax of `text` parsed already.
pub(crate) fn spans_of(text: &str, resource: &ast::Resource<&str>) -> Vec<MessageSpans> {
    let base = text.as_ptr() as usize;
    let off = |s: &str| {
        let p = s.as_ptr() as usize;
        (p >= base && p + s.len() <= base + text.len()).then(|| p - base)
    };
    let line_start = |o: usize| text[..o].rfind('\n').map_or(0, |i| i + 1);
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
        // The first entry start after the id (`starts` is sorted): a binary search, not a
        // walk from the first entry for each message (quadratic in a file of 10,000 messages).
        let end = starts
            .get(starts.partition_point(|s| *s <= id_at))
            .copied()
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
        let value = after_eq(id_at + m.id.name.len(), value_end)..value_end;
        let attributes = attr_lines
            .iter()
            .enumerate()
            .map(|(i, (name, ls, id_end))| {
                let a_end = attr_lines.get(i + 1).map_or(end, |(_, s, _)| *s);
                let indent = text[*ls..].len() - text[*ls..].trim_start_matches(' ').len();
                (name.clone(), after_eq(*id_end, a_end)..a_end, indent)
            })
            .collect();
        let body_end = id_at + text[id_at..end].trim_end().len();
        out.push(MessageSpans {
            id: m.id.name.to_string(),
            has_value: m.value.is_some(),
            value,
            attributes,
            end: body_end,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_message_ends_where_the_next_entry_starts() {
        let text = "a = A\n    .t = T\n\n# about b\nb = B\n\n## Group\nc =\n    .only = O\n";
        let spans = spans_in(text);
        let found: Vec<(&str, &str, Vec<&str>)> = spans
            .iter()
            .map(|m| {
                let attrs = m.attributes.iter().map(|(_, r, _)| text[r.clone()].trim());
                (m.id.as_str(), text[m.value.clone()].trim(), attrs.collect())
            })
            .collect();
        assert_eq!(
            found,
            [
                ("a", "A", vec!["T"]),
                ("b", "B", vec![]),
                ("c", "", vec!["O"])
            ]
        );
        assert_eq!(&text[..spans[0].end], "a = A\n    .t = T");
        assert_eq!(
            &text[..spans[1].end],
            "a = A\n    .t = T\n\n# about b\nb = B"
        );
    }

    #[test]
    fn many_messages_are_read_in_linear_time() {
        // 200,000 messages: a walk from the first entry for each message took minutes.
        let text: String = (0..200_000).map(|i| format!("m{i} = v{i}\n")).collect();
        let start = std::time::Instant::now();
        let spans = spans_in(&text);
        assert_eq!(spans.len(), 200_000);
        assert_eq!(&text[spans[199_999].value.clone()], " v199999\n");
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }
}
