//! Languages, decided once: the tag is parsed when `hoshin.toml` is read, the first language
//! is the source and the others translate it, and each language's locale, date formatter and
//! display name are set up once when the site loads ([`SiteLanguage`]), then shared by render,
//! notices and `check`.

use std::sync::Arc;

use unic_langid::LanguageIdentifier;

use crate::site::dates::{Calendar, DateFormatter, DateStyle};
use crate::site::locale::Locale;

/// What a language is to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The language the policies are written in (the first in `hoshin.toml`); translations
    /// are checked against it.
    Source,
    /// A translation of the source language.
    Translation,
}

/// One published language, as configured.
#[derive(Debug, Clone)]
pub struct Language {
    /// BCP 47 tag in canonical form (`ja`, `en`, `en-GB`, `zh-Hans`); also the URL folder and
    /// the `locales/` and `<lang>.md` names.
    pub code: String,
    /// The parsed tag.
    pub tag: LanguageIdentifier,
    /// Source or translation.
    pub role: Role,
    /// Calendar for displayed dates.
    pub calendar: Calendar,
    /// Date pattern length.
    pub date_style: DateStyle,
}

impl Language {
    /// Parses a tag as written in `hoshin.toml`: valid BCP 47, in its canonical form.
    pub fn parse_tag(code: &str) -> Result<LanguageIdentifier, String> {
        let id: LanguageIdentifier = code.parse().map_err(|_| {
            format!("`{code}` is not a valid BCP 47 language tag (e.g. `ja`, `en`, `en-GB`)")
        })?;
        if id != code {
            return Err(format!(
                "write the language tag `{code}` in its canonical form `{id}`"
            ));
        }
        Ok(id)
    }

    /// The primary language subtag (`ja` for `ja-JP`).
    pub fn primary(&self) -> &str {
        self.tag.language.as_str()
    }

    /// True for the source language.
    pub fn is_source(&self) -> bool {
        self.role == Role::Source
    }
}

/// A configured language with what all its pages share, set up once when the site loads.
#[derive(Debug, Clone)]
pub struct SiteLanguage {
    /// The language.
    pub language: Language,
    /// Its messages (theme and site).
    pub locale: Arc<Locale>,
    /// Its date formatter (ICU4X data loaded once).
    pub dates: Arc<DateFormatter>,
    /// Its name in itself (`language-name`), else its code: the language switcher's label.
    pub name: String,
}

impl SiteLanguage {
    /// Sets up a language whose locale loaded.
    pub fn new(language: Language, locale: Arc<Locale>) -> Result<SiteLanguage, String> {
        let dates = DateFormatter::new(&language.code, language.date_style, language.calendar)
            .map_err(|msg| format!("cannot format dates for `{}`: {msg}", language.code))?;
        let name = locale
            .text("language-name", None, None)
            .unwrap_or_else(|_| language.code.clone());
        Ok(SiteLanguage {
            language,
            locale,
            dates: Arc::new(dates),
            name,
        })
    }

    /// The language tag (`ja`).
    pub fn code(&self) -> &str {
        &self.language.code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_parsed_once_and_must_be_canonical() {
        assert_eq!(
            Language::parse_tag("zh-Hans").unwrap().to_string(),
            "zh-Hans"
        );
        assert!(Language::parse_tag("ja_JP!").is_err());
        let e = Language::parse_tag("en-gb").unwrap_err();
        assert!(e.contains("canonical form `en-GB`"), "{e}");
    }
}
