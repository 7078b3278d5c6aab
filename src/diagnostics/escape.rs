//! Keeping a site's names and text from steering the terminal.
//!
//! A file name may hold any byte but `/` and NUL: `content/\x1b[2Jx/` is a valid folder name,
//! and printed as it is, its ESC sequence clears the screen (a C1 CSI, U+009B, starts the same
//! sequences in many terminals). Every name and message hoshin shows goes through here first:
//! control characters (C0, DEL, C1) and the bidi embeddings, overrides and isolates (which make
//! text show in another order than it is stored) are written as Rust-style escapes, `\u{1b}`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

/// Whether `c` must never reach a terminal as it is: a control character (C0, DEL, C1) or a
/// bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `name` (a file name or path) with every unsafe character, newlines and tabs included, written
/// as an escape: `content/\u{1b}[2Jx`. Borrowed when there is nothing to escape.
pub fn escape_name(name: &str) -> Cow<'_, str> {
    escape(name, |_| false)
}

/// Message text: like [`escape_name`], but newlines and tabs stay (notes span lines).
pub fn escape_text(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

/// An owned string through [`escape_text`], without copying when nothing changes.
pub(super) fn escaped_text(text: String) -> String {
    match escape_text(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => escaped,
    }
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let needs = |c: char| is_unsafe_char(c) && !keep(c);
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The lines of a snippet with the characters the snippet renderer would print raw written as
/// escapes, and `span` moved to cover the same text. The renderer already shows C0 controls
/// and DEL as control pictures (`␛`) and bidi controls as `�`; it passes C1 controls through.
pub(super) fn escape_snippet(text: &str, span: Range<usize>) -> (Cow<'_, str>, Range<usize>) {
    let raw = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    if !text.chars().any(raw) {
        return (Cow::Borrowed(text), span);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let (mut start, mut end) = (span.start, span.end);
    for (i, c) in text.char_indices() {
        if !raw(c) {
            out.push(c);
            continue;
        }
        let before = out.len();
        let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        let grown = out.len() - before - c.len_utf8();
        // A span edge after this character moves with the text; one at its start stays.
        if span.start > i {
            start += grown;
        }
        if span.end > i {
            end += grown;
        }
    }
    (Cow::Owned(out), start..end)
}

/// Shows `path` relative to `root` when it is inside it, else as given, with `/` separators
/// and control and bidi characters escaped ([`escape_name`]): for messages, never for
/// naming a file (see [`relative_path`]).
pub fn display_path(root: &Path, path: &Path) -> String {
    escape_name(&relative_path(root, path)).into_owned()
}

/// `path` relative to `root` when it is inside it, else as given, with `/` separators and
/// nothing escaped: the name of a file, such as the output path of a static file.
pub fn relative_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_show_every_control_and_bidi_character_escaped() {
        assert_eq!(escape_name("content/house-rules"), "content/house-rules");
        assert!(matches!(escape_name("plain"), Cow::Borrowed(_)));
        assert_eq!(escape_name("content/\x1b[2Jx"), "content/\\u{1b}[2Jx");
        assert_eq!(
            escape_name("a\u{9b}31m\u{7f}\n\t\u{202e}\u{2066}b"),
            "a\\u{9b}31m\\u{7f}\\u{a}\\u{9}\\u{202e}\\u{2066}b"
        );
        // Escaping is idempotent: an escape holds no unsafe character.
        let once = escape_name("\x1b\u{9b}").into_owned();
        assert_eq!(escape_name(&once), once);
    }

    #[test]
    fn messages_keep_newlines_and_tabs() {
        assert_eq!(escape_text("a\n\tb\x1b[0m"), "a\n\tb\\u{1b}[0m");
    }

    #[test]
    fn snippet_spans_follow_the_escapes() {
        let text = "a\u{9b}b\u{85}c\n";
        let (escaped, span) = escape_snippet(text, 1..3);
        assert_eq!(escaped, "a\\u{9b}b\\u{85}c\n");
        assert_eq!(&escaped[span], "\\u{9b}");
        let (escaped, span) = escape_snippet(text, 3..6);
        assert_eq!(&escaped[span], "b\\u{85}");
        let (same, span) = escape_snippet("x\x1by", 0..2);
        assert!(matches!(same, Cow::Borrowed(_)));
        assert_eq!(span, 0..2);
    }
}
