//! TOML front matter at the top of each policy document, between `+++` lines.
//!
//! ```text
//! +++
//! title = "カスタマーハラスメントに対する基本方針"
//! description = "…"
//!
//! [dates]
//! enacted = 2025-07-09
//!
//! [[revisions]]
//! date = 2025-07-09
//! summary = "制定"
//! +++
//! ```

use std::sync::Arc;

use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

use crate::diagnostics::toml_error_at;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::site::files::{describe_char, forbidden_char};

/// A calendar date (ISO, proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Date {
    /// Year, e.g. 2025.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD`, for `<time datetime>`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Which date of a policy a label refers to; the label text is `date-<kind>` in the UI strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateKind {
    /// 制定日: the policy was adopted.
    Enacted,
    /// 施行日: the policy takes effect.
    Effective,
    /// 周知日: the policy was made known to staff and customers.
    MadeKnown,
    /// 改定日: last revised.
    Revised,
}

impl DateKind {
    /// The key used in front matter and in the `date-<key>` UI message.
    pub fn key(self) -> &'static str {
        match self {
            DateKind::Enacted => "enacted",
            DateKind::Effective => "effective",
            DateKind::MadeKnown => "made-known",
            DateKind::Revised => "revised",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Spanned<String>,
    description: Spanned<String>,
    #[serde(default)]
    dates: Option<Spanned<RawDates>>,
    #[serde(default)]
    revisions: Vec<RawRevision>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDates {
    #[serde(default, alias = "made_known")]
    made_known: Option<Spanned<Datetime>>,
    #[serde(default)]
    enacted: Option<Spanned<Datetime>>,
    #[serde(default)]
    effective: Option<Spanned<Datetime>>,
    #[serde(default)]
    revised: Option<Spanned<Datetime>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRevision {
    date: Spanned<Datetime>,
    summary: Spanned<String>,
}

/// A revision history entry.
#[derive(Debug, Clone)]
pub struct Revision {
    /// When.
    pub date: Date,
    /// What changed, in this document's language.
    pub summary: String,
}

/// The validated front matter of one document.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// Page title (the `<h1>`).
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Labelled dates, in display order (enacted, effective, made known, revised); `None` when the document sets no `[dates]`.
    pub dates: Option<Vec<(DateKind, Date)>>,
    /// Span of the `[dates]` table, for "differs from the source" errors.
    pub dates_span: Option<std::ops::Range<usize>>,
    /// Revision history, oldest first as written.
    pub revisions: Vec<Revision>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Splits and parses the front matter of a document.
pub fn parse(file: &Arc<SourceFile>) -> Result<FrontMatter, Diagnostics> {
    let text = &file.text;
    let Some(after_open) = text.strip_prefix("+++\n") else {
        return Err(Diagnostic::error("missing front matter")
            .at(file, 0..text.find('\n').unwrap_or(text.len()))
            .label("expected `+++` on the first line")
            .help("a policy document starts with TOML front matter between two `+++` lines, with at least `title` and `description`")
            .into());
    };
    let open_len = 4;
    let close = after_open
        .match_indices("+++")
        .find(|(i, _)| {
            (*i == 0 || after_open.as_bytes()[i - 1] == b'\n')
                && after_open[i + 3..].starts_with(['\n'])
                || after_open[i + 3..].is_empty()
                    && (*i == 0 || after_open.as_bytes()[i - 1] == b'\n')
        })
        .map(|(i, _)| i);
    let Some(close) = close else {
        return Err(Diagnostic::error("unterminated front matter")
            .at(file, 0..3)
            .label("front matter opened here is never closed")
            .help("add a line with `+++` after the last TOML line")
            .into());
    };
    let toml_text = &after_open[..close];
    let body_start = (open_len + close + 4).min(text.len());
    let raw: RawFrontMatter =
        toml::from_str(toml_text).map_err(|e| toml_error_at(file, open_len, &e))?;

    let mut diags = Diagnostics::new();
    let shift = |r: std::ops::Range<usize>| r.start + open_len..r.end + open_len;
    let mut date = |v: &Spanned<Datetime>| -> Option<Date> {
        match to_date(v.get_ref()) {
            Ok(d) => Some(d),
            Err(msg) => {
                diags.push(
                    Diagnostic::error(msg)
                        .at(file, shift(v.span()))
                        .label("expected a date like 2025-07-09"),
                );
                None
            }
        }
    };
    let (dates, dates_span) = match &raw.dates {
        Some(d) => {
            let span = shift(d.span());
            let d = d.get_ref();
            let mut list = Vec::new();
            for (kind, v) in [
                (DateKind::Enacted, &d.enacted),
                (DateKind::Effective, &d.effective),
                (DateKind::MadeKnown, &d.made_known),
                (DateKind::Revised, &d.revised),
            ] {
                if let Some(v) = v {
                    if let Some(parsed) = date(v) {
                        list.push((kind, parsed));
                    }
                }
            }
            (Some(list), Some(span))
        }
        None => (None, None),
    };
    let mut revisions = Vec::new();
    for r in &raw.revisions {
        if let Some(d) = date(&r.date) {
            revisions.push(Revision {
                date: d,
                summary: r.summary.get_ref().clone(),
            });
        }
    }
    for (field, value) in [("title", &raw.title), ("description", &raw.description)] {
        if value.get_ref().trim().is_empty() {
            diags.push(
                Diagnostic::error(format!("`{field}` is empty"))
                    .at(file, shift(value.span()))
                    .label("write the text readers will see"),
            );
        }
    }
    // Escapes (`"\u202E"`) unescape after the file was checked as read.
    let texts = [&raw.title, &raw.description]
        .into_iter()
        .chain(raw.revisions.iter().map(|r| &r.summary));
    for value in texts {
        if let Some((_, c)) = forbidden_char(value.get_ref()) {
            diags.push(
                Diagnostic::error(format!("the text contains {}", describe_char(c)))
                    .at(file, shift(value.span()))
                    .label("written as an escape here")
                    .help("delete the escape: control characters and bidi overrides never belong in policy text"),
            );
        }
    }
    diags.into_result(FrontMatter {
        title: raw.title.into_inner(),
        description: raw.description.into_inner(),
        dates,
        dates_span,
        revisions,
        body_start,
    })
}

/// Converts a TOML date to a [`Date`], checking it is a real calendar date without a time.
pub fn to_date(dt: &Datetime) -> Result<Date, String> {
    let (Some(d), None, None) = (dt.date, dt.time, dt.offset) else {
        return Err(format!(
            "`{dt}` is not a plain date: write it as YYYY-MM-DD"
        ));
    };
    let leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    let days = match d.month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if d.day == 0 || d.day > days {
        return Err(format!("`{dt}` is not a date in the calendar"));
    }
    Ok(Date {
        year: i32::from(d.year),
        month: d.month,
        day: d.day,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> Result<FrontMatter, Diagnostics> {
        parse(&SourceFile::new("p.md", "p.md", text))
    }

    #[test]
    fn parses_dates_and_body_offset() {
        let f = fm("+++\ntitle = \"T\"\ndescription = \"D\"\n[dates]\nenacted = 2025-07-09\nmade-known = 2025-07-10\n+++\nBody\n").unwrap();
        let dates = f.dates.unwrap();
        assert_eq!(
            dates[0],
            (
                DateKind::Enacted,
                Date {
                    year: 2025,
                    month: 7,
                    day: 9
                }
            )
        );
        assert_eq!(dates[1].0, DateKind::MadeKnown);
        assert_eq!(&"+++\ntitle = \"T\"\ndescription = \"D\"\n[dates]\nenacted = 2025-07-09\nmade-known = 2025-07-10\n+++\nBody\n"[f.body_start..], "Body\n");
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let e = fm("+++\ntitle = \"T\"\n").unwrap_err();
        assert!(e.0[0].message.contains("unterminated"));
    }

    #[test]
    fn toml_errors_point_into_the_file() {
        let e = fm("+++\ntitle = \"T\"\ndescription = \n+++\n").unwrap_err();
        assert_eq!(e.0[0].position().unwrap().1, 3, "{}", e.0[0]);
    }

    #[test]
    fn impossible_dates_are_refused() {
        let e = fm("+++\ntitle = \"T\"\ndescription = \"D\"\n[dates]\nenacted = 2025-02-29\n+++\n")
            .unwrap_err();
        assert_eq!(e.0[0].position().unwrap().1, 5);
    }
}
