//! `hoshin init`: start a new policy site from hoshin's standard library.
//!
//! Three steps, each usable alone:
//!
//! 1. [`Answers`] hold what the user said, as given (flags, or the questions of [`prompt`]);
//!    [`plan`] checks them and fills the defaults into a [`Plan`], or names the flag that is
//!    missing or wrong ([`InitError::Usage`], exit code 2);
//! 2. `generate` writes the plan into the files of a site, in memory: `hoshin.toml`, the
//!    policy's `policy.toml` and one document per language, the site's and the policy's
//!    Fluent messages, taken from [`crate::library`];
//! 3. [`init`] writes them into a new or empty folder (`write`: never an existing file, never
//!    through a symbolic link; on failure it removes what it created), then loads the new site
//!    and records every translation as reviewed with the same code as
//!    `hoshin check --mark-reviewed` (so `hoshin check --strict` passes), and checks it.
//!
//! The library has Japanese and English texts; any other language is a usage error that says
//! how to add it to the site afterwards.

mod generate;
pub mod prompt;
mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::check;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::library::{self, library};
use crate::site::config::{check_base_url, Paper};
use crate::site::content::front_matter::to_date;
use crate::site::content::Date;
use crate::site::files::{describe_char, forbidden_char};
use crate::site::links::{check_email, check_web_url};
use crate::site::{LoadOptions, Site};

pub use write::check_dir;

/// The slug (folder and URL) of the policy `hoshin init` writes.
pub const SLUG: &str = "customer-harassment";

/// The most examples `--notices` marks for the printed notice.
pub const NOTICE_EXAMPLES: usize = 6;

/// What the user asked for, as given: every field is the text of a flag or an answer.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    /// `--languages`: codes separated by commas, the source language first.
    pub languages: Option<String>,
    /// `--name`: `LANG=NAME`, once per language (a bare name when there is one language).
    pub names: Vec<String>,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--date`: the enactment date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `--definitions`: ids, `all` or `default`.
    pub definitions: Option<String>,
    /// `--examples`: ids, `all` or `default`.
    pub examples: Option<String>,
    /// `--responses`: ids, `all` or `default`.
    pub responses: Option<String>,
    /// `--notices`: paper sizes, or `none`.
    pub notices: Option<String>,
    /// `--contact-email`.
    pub contact_email: Option<String>,
    /// `--contact-phone`.
    pub contact_phone: Option<String>,
    /// `--contact-url`.
    pub contact_url: Option<String>,
    /// `--reference`: items by `library = true` instead of copied texts.
    pub reference: bool,
}

/// The contact details of the policy (`[contact]` in `policy.toml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Contact form address.
    pub url: Option<String>,
}

impl Contact {
    /// True when no detail is given (the policy then has no contact block).
    pub fn is_empty(&self) -> bool {
        self.email.is_none() && self.phone.is_none() && self.url.is_none()
    }
}

/// A checked request: everything `init` writes follows from it.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Language codes, the source language first.
    pub languages: Vec<String>,
    /// The organisation's name in each language.
    pub names: BTreeMap<String, String>,
    /// The base URL, ending in `/`.
    pub base_url: String,
    /// The enactment date.
    pub date: Date,
    /// Definition ids, in library order.
    pub definitions: Vec<String>,
    /// Example ids (examples without nested ones).
    pub examples: BTreeSet<String>,
    /// Response ids.
    pub responses: BTreeSet<String>,
    /// Paper sizes of the printed notices; empty: no notices.
    pub notices: Vec<Paper>,
    /// Contact details.
    pub contact: Contact,
    /// Items marked `library = true` instead of their texts copied into locales/.
    pub reference: bool,
}

/// Why `init` wrote nothing.
#[derive(Debug)]
pub enum InitError {
    /// A missing or wrong value, or a folder `init` must not write into (exit code 2).
    Usage(String),
    /// The user answered no.
    Cancelled,
    /// Writing failed, or the written site does not pass `hoshin check --strict` (a bug).
    Failed(Diagnostics),
}

/// What `init` wrote.
#[derive(Debug)]
pub struct InitReport {
    /// The site folder.
    pub dir: PathBuf,
    /// The files written, relative to the folder, in the order written.
    pub files: Vec<String>,
}

/// The defaults of the optional values.
pub mod defaults {
    /// `--languages`.
    pub const LANGUAGES: &str = "ja,en";
    /// `--definitions`, `--examples`, `--responses`.
    pub const CHOICE: &str = "default";
    /// `--notices`.
    pub const NOTICES: &str = "none";
}

/// Parses `--languages`: library languages only, no repeats, at least one.
pub fn parse_languages(s: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for code in s.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        if !library::has_language(code) {
            return Err(format!(
                "hoshin's library has texts in {} only, not `{code}`: start with those, then add `{code}` to the site yourself \
                 (a [[languages]] entry in hoshin.toml, content/{SLUG}/{code}.md and locales/{code}/*.ftl, \
                 translated from the source language; see docs/content-format.md)",
                library::LANGUAGES.join(" and ")
            ));
        }
        if out.iter().any(|c| c == code) {
            return Err(format!("`{code}` is listed twice"));
        }
        out.push(code.to_string());
    }
    if out.is_empty() {
        return Err(format!(
            "give at least one language ({})",
            library::LANGUAGES.join(", ")
        ));
    }
    Ok(out)
}

/// Checks an organisation's name: one line of text a page, a notice and Fluent can carry.
pub fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("the name is empty".into());
    }
    if let Some((_, c)) = forbidden_char(name) {
        return Err(format!("the name contains {}", describe_char(c)));
    }
    if let Some(c) = name
        .chars()
        .find(|c| matches!(c, '{' | '}' | '<' | '>' | '\n'))
    {
        return Err(format!(
            "the name contains `{}`, which hoshin would read as markup",
            c.escape_debug()
        ));
    }
    if name.chars().count() > 200 {
        return Err("the name is longer than 200 characters".into());
    }
    Ok(name.to_string())
}

/// Parses the `--name` values against the languages: `LANG=NAME`, once per language.
pub fn parse_names(
    values: &[String],
    languages: &[String],
) -> Result<BTreeMap<String, String>, String> {
    let mut names = BTreeMap::new();
    for value in values {
        let (lang, name) = match value.split_once('=') {
            Some((l, n)) if languages.iter().any(|c| c == l.trim()) => (l.trim().to_string(), n),
            Some((l, _)) if library::has_language(l.trim()) || languages.len() > 1 => {
                return Err(format!(
                    "`{value}`: `{}` is not one of the languages ({})",
                    l.trim(),
                    languages.join(", ")
                ))
            }
            _ if languages.len() == 1 => (languages[0].clone(), value.as_str()),
            _ => {
                return Err(format!(
                    "`{value}`: write the language first, as LANG=NAME (`ja=株式会社…`)"
                ))
            }
        };
        let name = check_name(name).map_err(|e| format!("`{value}`: {e}"))?;
        if names.insert(lang.clone(), name).is_some() {
            return Err(format!("the name in `{lang}` is given twice"));
        }
    }
    Ok(names)
}

/// Parses a `YYYY-MM-DD` date that exists in the calendar.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let s = s.trim();
    let shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape {
        return Err(format!("`{s}` is not a date: write it as YYYY-MM-DD"));
    }
    let dt: toml::value::Datetime = s
        .parse()
        .map_err(|_| format!("`{s}` is not a date: write it as YYYY-MM-DD"))?;
    to_date(&dt)
}

/// Parses `--notices`: paper sizes separated by commas, or `none`.
pub fn parse_notices(s: &str) -> Result<Vec<Paper>, String> {
    if s.trim() == "none" {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for p in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let paper = match p.to_ascii_lowercase().as_str() {
            "a3" => Paper::A3,
            "a4" => Paper::A4,
            "a5" => Paper::A5,
            _ => return Err(format!("`{p}` is not a paper size (a3, a4, a5, or none)")),
        };
        if !out.contains(&paper) {
            out.push(paper);
        }
    }
    if out.is_empty() {
        return Err("give paper sizes (a4, a3, a5) or `none`".into());
    }
    Ok(out)
}

/// Checks a phone number: digits with spaces, hyphens, `+` and brackets.
pub fn check_phone(s: &str) -> Result<String, String> {
    let s = s.trim();
    let ok = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'))
        && s.chars().filter(char::is_ascii_digit).count() >= 3;
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "`{}` is not a phone number (digits, spaces, hyphens, + and brackets)",
            s.escape_debug()
        ))
    }
}

fn usage(flag: &str, message: impl std::fmt::Display) -> InitError {
    InitError::Usage(format!("{flag}: {message}"))
}

fn missing(flag: &str, what: &str, example: &str) -> InitError {
    InitError::Usage(format!(
        "{flag} is required: {what} (e.g. {flag} {example}); hoshin init asks for it only in a terminal"
    ))
}

fn optional<T>(
    value: &Option<String>,
    flag: &str,
    check: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, InitError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => check(v).map(Some).map_err(|e| usage(flag, e)),
    }
}

/// Checks the answers and fills in the defaults. `today` is the default enactment date.
pub fn plan(answers: &Answers, today: Date) -> Result<Plan, InitError> {
    let lib = library();
    let languages = parse_languages(answers.languages.as_deref().unwrap_or(defaults::LANGUAGES))
        .map_err(|e| usage("--languages", e))?;
    let names = parse_names(&answers.names, &languages).map_err(|e| usage("--name", e))?;
    if let Some(lang) = languages.iter().find(|l| !names.contains_key(*l)) {
        return Err(missing(
            "--name",
            &format!("the organisation's name in `{lang}`, once per language"),
            &format!(
                "\"{lang}={}\"",
                if lang == "ja" {
                    "株式会社…"
                } else {
                    "… Co., Ltd."
                }
            ),
        ));
    }
    let base_url = match answers.base_url.as_deref().map(str::trim) {
        None | Some("") => {
            return Err(missing(
                "--base-url",
                "the address the site will be published under",
                "https://www.example.co.jp/policy/",
            ))
        }
        Some(url) => check_base_url(url).map_err(|e| usage("--base-url", e))?,
    };
    let date = optional(&answers.date, "--date", parse_date)?.unwrap_or(today);
    let choice = |v: &Option<String>| v.clone().unwrap_or_else(|| defaults::CHOICE.into());
    let definitions = lib
        .choose_definitions(&choice(&answers.definitions))
        .map_err(|e| usage("--definitions", e))?;
    let examples = lib
        .choose_examples(&choice(&answers.examples))
        .map_err(|e| usage("--examples", e))?;
    let responses = lib
        .choose_responses(&choice(&answers.responses))
        .map_err(|e| usage("--responses", e))?;
    let notices = parse_notices(answers.notices.as_deref().unwrap_or(defaults::NOTICES))
        .map_err(|e| usage("--notices", e))?;
    let contact = Contact {
        email: optional(&answers.contact_email, "--contact-email", |s| {
            check_email(s).map(|()| s.to_string())
        })?,
        phone: optional(&answers.contact_phone, "--contact-phone", check_phone)?,
        url: optional(&answers.contact_url, "--contact-url", |s| {
            check_web_url(s).map(|()| s.to_string())
        })?,
    };
    Ok(Plan {
        languages,
        names,
        base_url,
        date,
        definitions,
        examples,
        responses,
        notices,
        contact,
        reference: answers.reference,
    })
}

/// Today's date in UTC (the default enactment date; `--date` gives another).
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// The Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: i32::try_from(year).unwrap_or(1970),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

/// Writes the site of `plan` into `dir`, a new or empty folder, records its translations as
/// reviewed and checks it with `hoshin check --strict`'s rules.
///
/// Nothing is written into a folder that is not empty, or that is a symbolic link; a failure
/// while writing removes what was written.
pub fn init(dir: &Path, plan: &Plan) -> Result<InitReport, InitError> {
    let files = generate::files(plan);
    let mut writer = write::Writer::create(dir)?;
    let result = (|| {
        for (path, text) in &files {
            writer.file(path, text)?;
        }
        let site = Site::load(dir, &LoadOptions::default()).map_err(InitError::Failed)?;
        for lang in site.translations() {
            let lang = lang.code();
            let (text, _) = check::review::review_record(&site, lang, &[]).map_err(|e| {
                InitError::Failed(match e {
                    check::review::MarkError::Usage(m) => Diagnostic::error(m).into(),
                    check::review::MarkError::Files(d) => d,
                })
            })?;
            writer.file(&format!("reviews/{lang}.toml"), &text)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        writer.remove_created();
        return Err(e);
    }
    verify(dir)?;
    Ok(InitReport {
        dir: dir.to_path_buf(),
        files: writer.written(),
    })
}

/// Loads the written site and checks it as `hoshin check --strict` would; the files stay so
/// that the findings can be looked at (a finding here is a bug in hoshin).
fn verify(dir: &Path) -> Result<(), InitError> {
    let site = Site::load(dir, &LoadOptions::default()).map_err(InitError::Failed)?;
    let report = check::check(&site);
    let rendered = crate::render::Renderer::new(&site).and_then(|r| r.render(&site));
    let mut diags = Diagnostics(report.findings.into_iter().map(|f| f.diagnostic).collect());
    if let Err(d) = rendered {
        diags.extend(d);
    }
    if diags.0.is_empty() {
        Ok(())
    } else {
        diags.push(Diagnostic::error(
            "internal: the site hoshin init wrote does not pass `hoshin check --strict`; please report this",
        ));
        Err(InitError::Failed(diags))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_to_dates() {
        let d = |days| {
            let d = civil_from_days(days);
            (d.year, d.month, d.day)
        };
        assert_eq!(d(0), (1970, 1, 1));
        assert_eq!(d(11_016), (2000, 2, 29));
        assert_eq!(d(20_727), (2026, 10, 1));
    }

    #[test]
    fn dates_are_checked() {
        assert!(parse_date("2026-10-01").is_ok());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2026-1-1").is_err());
        assert!(parse_date("2026-10-01T00:00:00").is_err());
        assert!(parse_date("tomorrow").is_err());
    }

    #[test]
    fn names_need_their_language() {
        let langs = vec!["ja".to_string(), "en".to_string()];
        let ok = parse_names(&["ja=株式会社例".into(), "en=Rei Co., Ltd.".into()], &langs).unwrap();
        assert_eq!(ok["en"], "Rei Co., Ltd.");
        assert!(parse_names(&["Rei".into()], &langs).is_err());
        assert!(parse_names(&["fr=Rei".into()], &langs).is_err());
        assert!(parse_names(&["ja=a".into(), "ja=b".into()], &langs).is_err());
        assert!(parse_names(&["ja=<b>".into()], &langs).is_err());
        let one = vec!["en".to_string()];
        assert_eq!(
            parse_names(&["A=B Ltd.".into()], &one).unwrap()["en"],
            "A=B Ltd."
        );
    }

    #[test]
    fn other_languages_are_refused_with_directions() {
        let e = parse_languages("ja,fr").unwrap_err();
        assert!(e.contains("ja and en") && e.contains("locales/fr/"), "{e}");
        assert!(parse_languages("ja,ja").is_err());
        assert_eq!(parse_languages("en, ja").unwrap(), ["en", "ja"]);
    }
}
