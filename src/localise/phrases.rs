//! Line breaking between phrases for printed notices.
//!
//! Japanese has no spaces, so a browser may break a line inside a word (基本方|針). For large
//! notice text hoshin inserts `<wbr>` at phrase boundaries and the stylesheet sets
//! `word-break: keep-all`, so lines break only there. Boundaries come from BudouX's model
//! (the `budoux-phf-rs` crate's, scored by [`budoux`]), unless the author pins them: a text
//! containing `|` is broken only at its `|` marks (`カスタマーハラスメントには|毅然と対応します`),
//! and the marks never reach the page. Texts in other languages keep their spaces as break
//! points; `|` works there too.
//!
//! This module does not decide which texts are broken: the notice renderer calls it (through
//! [`crate::render::escape::phrase_html`]) for the notice's own texts only.

use unic_langid::LanguageIdentifier;

mod budoux;

/// The character an author writes to pin a break point.
pub const PIN: char = '|';

/// Splits `text` into phrases: at the author's `|` marks if there are any, else by BudouX for
/// Japanese (`lang` `ja` or `ja-…`), else not at all.
pub fn phrases<'a>(lang: &LanguageIdentifier, text: &'a str) -> Vec<&'a str> {
    if text.contains(PIN) {
        return text.split(PIN).filter(|p| !p.is_empty()).collect();
    }
    if lang.language.as_str() == "ja" {
        join_lone_kanji(text, budoux::Model::japanese().parse(text))
    } else {
        vec![text]
    }
}

/// Joins a phrase of one kanji to the phrase before it: the model cuts 基本方針 into
/// 基本方 + 針 and 行為の例 into 行為の + 例, and a lone kanji at the start of a line reads
/// as a broken word.
fn join_lone_kanji<'a>(text: &'a str, phrases: Vec<&'a str>) -> Vec<&'a str> {
    let is_kanji =
        |c: char| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF);
    let mut out: Vec<&'a str> = Vec::with_capacity(phrases.len());
    let base = text.as_ptr() as usize;
    for phrase in phrases {
        let mut chars = phrase.chars();
        let lone = matches!((chars.next(), chars.next()), (Some(c), None) if is_kanji(c));
        match out.last_mut() {
            Some(prev) if lone => {
                // Phrases are consecutive slices of `text`: widen the previous one.
                let start = prev.as_ptr() as usize - base;
                let end = phrase.as_ptr() as usize - base + phrase.len();
                *prev = &text[start..end];
            }
            _ => out.push(phrase),
        }
    }
    out
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
        // The current model breaks 基本方針 inside the word (基本方 + 針); hoshin joins a lone
        // kanji to the phrase before it, and an author can pin the breaks anyway.
        let model = phrases(&tag("ja"), "カスタマーハラスメントに対する基本方針");
        assert!(model.iter().all(|p| !p.is_empty()));
        assert_eq!(model.last(), Some(&"基本方針"), "{model:?}");
        assert_eq!(model.concat(), "カスタマーハラスメントに対する基本方針");
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
