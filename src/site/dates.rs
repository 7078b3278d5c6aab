//! Locale-aware calendar date formatting (Gregorian or Japanese era calendar) built on ICU4X.
//!
//! A [`DateFormatter`] is constructed once per language/style/calendar combination and can then
//! format any number of ISO (proleptic Gregorian) dates. All locale data is compiled into the
//! binary (ICU4X `compiled_data`), so no data files are needed at runtime.
//!
//! Notes:
//! - `DateFormatter` is `Send + Sync` only because `icu_provider`'s `sync` feature is enabled
//!   (without it ICU4X data payloads are `Rc`-based).
//! - With `ja` + [`Calendar::Japanese`], ICU4X already renders an era's first year as 元年
//!   (e.g. "令和元年5月1日"), so no post-processing is done.
//! - Tags with no locale data (e.g. "xx") fall back to root-locale patterns such as "2025 M07 9".

use icu_calendar::Date;
use icu_datetime::fieldsets::enums::DateFieldSet;
use icu_datetime::fieldsets::{YMD, YMDE};
use icu_datetime::preferences::CalendarAlgorithm;
use icu_datetime::{DateTimeFormatter, DateTimeFormatterPreferences};
use icu_locale_core::Locale;

/// Which date pattern length to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateStyle {
    /// Long form with the month spelled out, e.g. "July 9, 2025" / "2025年7月9日".
    Long,
    /// Long form plus the weekday, e.g. "Wednesday, July 9, 2025" / "2025年7月9日水曜日".
    LongWeekday,
    /// Medium form with an abbreviated month, e.g. "Jul 9, 2025".
    Medium,
    /// Short numeric form, e.g. "7/9/25" / "2025/07/09".
    Short,
}

/// Which calendar to display dates in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Calendar {
    /// The proleptic Gregorian calendar.
    Gregorian,
    /// The Japanese imperial era calendar (e.g. 令和 / Reiwa).
    Japanese,
}

/// A locale-aware formatter for one language, built once and reused.
pub struct DateFormatter {
    /// The underlying ICU4X formatter, with the calendar fixed at construction time.
    inner: DateTimeFormatter<DateFieldSet>,
}

impl std::fmt::Debug for DateFormatter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DateFormatter").finish_non_exhaustive()
    }
}

impl DateFormatter {
    /// `lang` is a BCP 47 tag such as "ja", "en", "en-GB", "fr".
    pub fn new(lang: &str, style: DateStyle, calendar: Calendar) -> Result<Self, String> {
        let locale = Locale::try_from_str(lang)
            .map_err(|e| format!("invalid language tag {lang:?}: {e}"))?;
        let mut prefs = DateTimeFormatterPreferences::from(&locale);
        // The explicit calendar argument always wins over the locale default (e.g. "th" would
        // otherwise default to the Buddhist calendar) and over any `-u-ca-` in the tag.
        prefs.calendar_algorithm = Some(match calendar {
            Calendar::Gregorian => CalendarAlgorithm::Gregory,
            Calendar::Japanese => CalendarAlgorithm::Japanese,
        });
        let field_set = match style {
            DateStyle::Long => DateFieldSet::YMD(YMD::long()),
            DateStyle::LongWeekday => DateFieldSet::YMDE(YMDE::long()),
            DateStyle::Medium => DateFieldSet::YMD(YMD::medium()),
            DateStyle::Short => DateFieldSet::YMD(YMD::short()),
        };
        let inner = DateTimeFormatter::try_new(prefs, field_set)
            .map_err(|e| format!("cannot load date format data for {lang:?}: {e}"))?;
        Ok(Self { inner })
    }

    /// Formats an ISO (proleptic Gregorian) date. Error string if the date is invalid.
    pub fn format(&self, year: i32, month: u8, day: u8) -> Result<String, String> {
        let date = Date::try_new_iso(year, month, day)
            .map_err(|e| format!("invalid date {year:04}-{month:02}-{day:02}: {e}"))?;
        Ok(self.inner.format(&date).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(lang: &str, style: DateStyle, cal: Calendar, y: i32, m: u8, d: u8) -> String {
        DateFormatter::new(lang, style, cal)
            .unwrap()
            .format(y, m, d)
            .unwrap()
    }

    #[test]
    fn formatter_is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<DateFormatter>();
    }

    #[test]
    fn en_long() {
        let s = fmt("en", DateStyle::Long, Calendar::Gregorian, 2025, 7, 9);
        assert_eq!(s, "July 9, 2025");
    }

    #[test]
    fn en_long_weekday() {
        let s = fmt(
            "en",
            DateStyle::LongWeekday,
            Calendar::Gregorian,
            2025,
            7,
            9,
        );
        assert_eq!(s, "Wednesday, July 9, 2025");
    }

    #[test]
    fn ja_long() {
        let s = fmt("ja", DateStyle::Long, Calendar::Gregorian, 2025, 7, 9);
        assert_eq!(s, "2025年7月9日");
    }

    #[test]
    fn ja_long_weekday() {
        // ICU4X appends the weekday with no separator.
        let s = fmt(
            "ja",
            DateStyle::LongWeekday,
            Calendar::Gregorian,
            2025,
            7,
            9,
        );
        assert_eq!(s, "2025年7月9日水曜日");
    }

    #[test]
    fn ja_japanese_calendar() {
        let s = fmt("ja", DateStyle::Long, Calendar::Japanese, 2025, 7, 9);
        assert_eq!(s, "令和7年7月9日");
    }

    #[test]
    fn ja_japanese_calendar_gannen() {
        // ICU4X 2.x (CLDR data) already renders an era's first year as 元年 in `ja` with the
        // Japanese calendar, so no post-processing is needed.
        let s = fmt("ja", DateStyle::Long, Calendar::Japanese, 2019, 5, 1);
        assert_eq!(s, "令和元年5月1日");
        let s = fmt("ja", DateStyle::Long, Calendar::Japanese, 2019, 11, 1);
        assert_eq!(s, "令和元年11月1日");
        // Last day of Heisei 31 is not a first year.
        let s = fmt("ja", DateStyle::Long, Calendar::Japanese, 2019, 4, 30);
        assert_eq!(s, "平成31年4月30日");
    }

    #[test]
    fn en_japanese_calendar_untouched() {
        let s = fmt("en", DateStyle::Long, Calendar::Japanese, 2025, 7, 9);
        assert!(s.contains("Reiwa"), "{s}");
        let s = fmt("en", DateStyle::Long, Calendar::Japanese, 2019, 5, 1);
        assert!(s.contains("Reiwa") && !s.contains('元'), "{s}");
    }

    #[test]
    fn gregorian_overrides_locale_calendar() {
        let s = fmt(
            "ja-u-ca-japanese",
            DateStyle::Long,
            Calendar::Gregorian,
            2025,
            7,
            9,
        );
        assert_eq!(s, "2025年7月9日");
    }

    #[test]
    fn other_styles_and_locales() {
        for (lang, style) in [
            ("en-GB", DateStyle::Long),
            ("fr", DateStyle::LongWeekday),
            ("en", DateStyle::Medium),
            ("en", DateStyle::Short),
            ("ja", DateStyle::Short),
            ("ja", DateStyle::Medium),
        ] {
            let s = fmt(lang, style, Calendar::Gregorian, 2025, 7, 9);
            assert!(s.contains("25"), "{lang} {style:?}: {s}");
        }
        assert_eq!(
            fmt("en-GB", DateStyle::Long, Calendar::Gregorian, 2025, 7, 9),
            "9 July 2025"
        );
        assert_eq!(
            fmt("fr", DateStyle::Long, Calendar::Gregorian, 2025, 7, 9),
            "9 juillet 2025"
        );
        assert_eq!(
            fmt("en", DateStyle::Medium, Calendar::Gregorian, 2025, 7, 9),
            "Jul 9, 2025"
        );
        assert_eq!(
            fmt("en", DateStyle::Short, Calendar::Gregorian, 2025, 7, 9),
            "7/9/25"
        );
        assert_eq!(
            fmt("ja", DateStyle::Short, Calendar::Gregorian, 2025, 7, 9),
            "2025/07/09"
        );
    }

    #[test]
    fn invalid_date_is_err() {
        let f = DateFormatter::new("en", DateStyle::Long, Calendar::Gregorian).unwrap();
        assert!(f.format(2025, 2, 30).is_err());
        assert!(f.format(2025, 13, 1).is_err());
        assert!(f.format(2025, 0, 1).is_err());
    }

    #[test]
    fn unknown_language_does_not_panic() {
        let f = DateFormatter::new("xx", DateStyle::Long, Calendar::Gregorian).unwrap();
        let s = f.format(2025, 7, 9).unwrap();
        assert!(s.contains("2025"), "{s}");
        let f = DateFormatter::new("xx", DateStyle::Long, Calendar::Japanese).unwrap();
        assert!(f.format(2025, 7, 9).is_ok());
    }

    #[test]
    fn invalid_tag_is_err() {
        assert!(DateFormatter::new("not a tag!", DateStyle::Long, Calendar::Gregorian).is_err());
        assert!(DateFormatter::new("", DateStyle::Long, Calendar::Gregorian).is_err());
    }

    #[test]
    fn serde_names_are_kebab_case() {
        use serde::de::value::{Error, StrDeserializer};
        use serde::Deserialize;
        let de = |s| StrDeserializer::<Error>::new(s);
        assert_eq!(
            DateStyle::deserialize(de("long-weekday")).unwrap(),
            DateStyle::LongWeekday
        );
        assert_eq!(
            DateStyle::deserialize(de("short")).unwrap(),
            DateStyle::Short
        );
        assert_eq!(
            Calendar::deserialize(de("japanese")).unwrap(),
            Calendar::Japanese
        );
        assert!(Calendar::deserialize(de("Japanese")).is_err());
    }
}
