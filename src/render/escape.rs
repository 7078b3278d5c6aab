//! HTML and XML escaping: one implementation for templates, notices, the sitemap and the
//! preview server's own pages.

use std::io::Write;

use unic_langid::LanguageIdentifier;

use crate::localise::phrases::phrases;

/// Escapes `& < > " '` exactly as Tera's default does, writing the runs between special
/// characters in one call each: Tera's byte-at-a-time loop through `dyn Write` was a tenth of
/// all instructions of a large build (callgrind).
pub fn write_html(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    while let Some(i) = bytes.get(start..).and_then(next_special).map(|i| start + i) {
        out.write_all(bytes.get(start..i).unwrap_or_default())?;
        out.write_all(entity(bytes.get(i).copied()).as_bytes())?;
        start = i + 1;
    }
    out.write_all(bytes.get(start..).unwrap_or_default())
}

/// Escapes text for HTML (and XML) content and attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_html(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as [`html`] does. The special characters are all ASCII, so
/// the text is scanned by byte and copied in runs.
pub fn push_html(out: &mut String, s: &str) {
    let mut start = 0;
    while let Some(i) = s.as_bytes().get(start..).and_then(next_special) {
        let i = start + i;
        out.push_str(s.get(start..i).unwrap_or_default());
        out.push_str(entity(s.as_bytes().get(i).copied()));
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
}

/// The entity written for a special character ([`is_special`]).
fn entity(b: Option<u8>) -> &'static str {
    match b {
        Some(b'&') => "&amp;",
        Some(b'<') => "&lt;",
        Some(b'>') => "&gt;",
        Some(b'"') => "&quot;",
        _ => "&#39;",
    }
}

fn is_special(b: u8) -> bool {
    (b == b'&') | (b == b'<') | (b == b'>') | (b == b'"') | (b == b'\'')
}

/// The offset of the first character that needs escaping. Pages escape long texts (titles,
/// descriptions, URLs) that mostly have none: scanned 16 bytes at a time.
fn next_special(bytes: &[u8]) -> Option<usize> {
    crate::site::files::first_byte::<16>(bytes, is_special)
}

/// The text as HTML (escaped) with `<wbr>` between its phrases
/// ([`crate::localise::phrases`]), escaped straight into one string.
pub fn phrase_html(lang: &LanguageIdentifier, text: &str) -> String {
    let text = text.trim();
    // A phrase is three or four characters (9 to 12 bytes in Japanese), and `<wbr>` 5 bytes.
    let mut out = String::with_capacity(text.len() + text.len() / 2 + 8);
    for (i, phrase) in phrases(lang, text).iter().enumerate() {
        if i > 0 {
            out.push_str("<wbr>");
        }
        push_html(&mut out, phrase);
    }
    out
}

/// A text of a web page as HTML: in Japanese with `<wbr>` between its phrases (the theme
/// keeps words whole between them), at the author's `|` pins if it has any; in every other
/// language escaped as it is. Chinese breaks between any two characters anyway, and languages
/// with spaces break at them.
pub fn web_phrase_html(lang: &str, text: &str) -> String {
    match lang.parse::<LanguageIdentifier>() {
        Ok(tag) if tag.language.as_str() == "ja" => phrase_html(&tag, text),
        _ => html(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> LanguageIdentifier {
        s.parse().unwrap()
    }

    #[test]
    fn escapes_like_tera() {
        for input in [
            "",
            "plain",
            "<a href=\"x\">&'</a>",
            "日本語 & <b>",
            "&&&",
            "a & b < c > d \" e ' f — 方針 &amp;",
            "a long text without anything to escape, then one at the end: &",
            "<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "0123456789abcde\"0123456789abcde'",
        ] {
            let mut ours = Vec::new();
            write_html(input, &mut ours).unwrap();
            let mut teras = Vec::new();
            tera::escape_html(input, &mut teras).unwrap();
            assert_eq!(ours, teras, "{input}");
            assert_eq!(html(input).into_bytes(), teras, "{input}");
        }
    }

    #[test]
    fn phrases_become_wbr_and_text_is_escaped() {
        let breaks = phrases(&tag("ja"), "暴力・器物の損壊").len() - 1;
        assert_eq!(
            phrase_html(&tag("ja"), "暴力・器物の損壊")
                .matches("<wbr>")
                .count(),
            breaks
        );
        assert_eq!(
            phrase_html(&tag("ja"), "対する|基本方針"),
            "対する<wbr>基本方針"
        );
        assert_eq!(phrase_html(&tag("en"), "Q&A <now>"), "Q&amp;A &lt;now&gt;");
        assert_eq!(phrase_html(&tag("en"), "Thank|you"), "Thank<wbr>you");
        assert_eq!(web_phrase_html("ja", "殴る|蹴る"), "殴る<wbr>蹴る");
        assert_eq!(
            web_phrase_html("en", "Thank|you & <b>"),
            "Thank|you &amp; &lt;b&gt;"
        );
        assert_eq!(web_phrase_html("zh-Hans", "顾客|骚扰"), "顾客|骚扰");
    }
}
