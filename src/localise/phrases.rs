//! Line breaking between phrases for printed notices.
//!
//! Japanese has no spaces, so a browser may break a line inside a word (基本方|針). For large
//! notice text hoshin inserts `<wbr>` at phrase boundaries and the stylesheet sets
//! `word-break: keep-all`, so lines break only there. Boundaries come from BudouX's model
//! (the `budoux-phf-rs` crate), unless the author pins them: a text containing `|` is broken
//! only at its `|` marks (`カスタマーハラスメントには|毅然と対応します`), and the marks never
//! reach the page. Texts in other languages keep their spaces as break points; `|` works there
//! too.
//!
//! This module does not decide which texts are broken: the notice renderer calls it (through
//! [`crate::render::escape::phrase_html`]) for the notice's own texts only.

use std::sync::OnceLock;

use budoux_phf_rs::Parser;
use unic_langid::LanguageIdentifier;

/// The character an author writes to pin a break point.
pub const PIN: char = '|';

fn japanese() -> &'static Parser {
    static PARSER: OnceLock<Parser> = OnceLock::new();
    PARSER.get_or_init(Parser::japanese_parser)
}

/// Splits `text` into phrases: at the author's `|` marks if there are any, else by BudouX for
/// Japanese (`lang` `ja` or `ja-…`), else not at all.
pub fn phrases<'a>(lang: &LanguageIdentifier, text: &'a str) -> Vec<&'a str> {
    if text.contains(PIN) {
        return text.split(PIN).filter(|p| !p.is_empty()).collect();
    }
    if lang.language.as_str() == "ja" {
        japanese().parse(text)
    } else {
        vec![text]
    }
}

/// The text without pin marks, for titles and plain-text uses.
pub fn plain(text: &str) -> String {
    text.replace(PIN, "").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> LanguageIdentifier {
        s.parse().unwrap()
    }

    #[test]
    fn japanese_breaks_between_phrases() {
        let p = phrases(&tag("ja"), "次のような行為はお断りします");
        assert!(p.len() > 1, "{p:?}");
        assert_eq!(p.concat(), "次のような行為はお断りします");
    }

    #[test]
    fn the_model_splits_a_word_and_a_pin_fixes_it() {
        // The current model breaks 基本方針 inside the word; the author pins the break instead.
        let model = phrases(&tag("ja"), "カスタマーハラスメントに対する基本方針");
        assert!(model.iter().all(|p| !p.is_empty()));
        let pinned = phrases(&tag("ja"), "カスタマーハラスメントに|対する|基本方針");
        assert_eq!(pinned, ["カスタマーハラスメントに", "対する", "基本方針"]);
    }

    #[test]
    fn other_languages_are_left_alone_and_escaped() {
        assert_eq!(
            phrases(&tag("en"), "We do not tolerate harassment"),
            ["We do not tolerate harassment"]
        );
        assert_eq!(plain("対する|基本方針"), "対する基本方針");
    }
}
