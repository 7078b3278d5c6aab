//! The site configuration file, `hoshin.toml`.
//!
//! It says what exists (languages in order, theme, date style, base URL); it holds no text a
//! reader sees — that lives in `locales/` and `content/`.

use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::toml_error;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::site::dates::{Calendar, DateStyle};
use crate::site::language::{Language, Role};
use crate::site::links;

/// The config file's name at the root of a site folder.
pub const CONFIG_FILE: &str = "hoshin.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: Spanned<String>,
    languages: Vec<RawLanguage>,
    #[serde(default)]
    theme: Option<Spanned<String>>,
    #[serde(default)]
    date_style: Option<DateStyle>,
    #[serde(default)]
    organisation: Option<RawOrganisation>,
    #[serde(default)]
    markdown: Option<MarkdownConfig>,
    #[serde(default)]
    build: Option<BuildConfig>,
    #[serde(default)]
    notices: Option<RawNotices>,
}

/// `[build]`: how pages are published.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    /// What to publish when a translation lacks a policy text.
    #[serde(default)]
    pub fallback: Fallback,
}

/// What a page shows when its language lacks a policy text (a `policy.toml` item's message).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fallback {
    /// Refuse to build (the default): no page is published with a missing translation.
    #[default]
    None,
    /// Publish the source language's text, marked with its `lang`, and warn.
    Source,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotices {
    #[serde(default)]
    paper: Option<Vec<Paper>>,
    #[serde(default)]
    bilingual: Option<Spanned<bool>>,
    #[serde(default)]
    sheets: Option<Vec<Spanned<Vec<Spanned<String>>>>>,
}

/// A paper size for printed notices (always portrait).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// A3, 297 × 420 mm: a poster for the back office or the entrance.
    A3,
    /// A4, 210 × 297 mm: the default counter notice.
    A4,
    /// A5, 148 × 210 mm: a small counter card.
    A5,
}

impl Paper {
    /// The name used in file names and CSS (`a4`).
    pub fn key(self) -> &'static str {
        match self {
            Paper::A3 => "a3",
            Paper::A4 => "a4",
            Paper::A5 => "a5",
        }
    }

    /// The `@page` margin: at least 10 mm, so home printers do not clip, scaled with the paper.
    pub fn margin_mm(self) -> u32 {
        match self {
            Paper::A3 => 17,
            Paper::A4 => 12,
            Paper::A5 => 10,
        }
    }

    /// The smallest text a notice on this paper may print, in pt: 9 on A3 and A4, 8 on A5
    /// (legible at arm's length at a counter).
    pub fn min_text_pt(self) -> f32 {
        match self {
            Paper::A3 | Paper::A4 => 9.0,
            Paper::A5 => 8.0,
        }
    }

    /// The smallest QR code a notice on this paper prints, in mm (quiet zone included): 21,
    /// so phones read it from arm's length and rounding never takes it below 20.
    pub fn min_qr_mm(self) -> f32 {
        21.0
    }

    /// The name printed for people (`A4`).
    pub fn name(self) -> &'static str {
        match self {
            Paper::A3 => "A3",
            Paper::A4 => "A4",
            Paper::A5 => "A5",
        }
    }

    /// Width and height in millimetres, portrait.
    pub fn size_mm(self) -> (u32, u32) {
        match self {
            Paper::A3 => (297, 420),
            Paper::A4 => (210, 297),
            Paper::A5 => (148, 210),
        }
    }
}

/// Printed store notices (`[notices]` in `hoshin.toml`); absent means no notices are built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeSettings {
    /// Paper sizes, in the order written (duplicates removed); default `["a4"]`.
    pub paper: Vec<Paper>,
    /// The languages of each notice sheet, in the order written; a sheet's first language is
    /// its main one. Default: every language alone, plus one sheet with every language
    /// (`bilingual`, on by default with 2+ languages).
    pub sheets: Vec<Vec<String>>,
    /// Where each sheet is written in `hoshin.toml` (`None` for the default sheets).
    pub sheet_spans: Vec<Option<std::ops::Range<usize>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: Spanned<String>,
    #[serde(default)]
    calendar: Option<Calendar>,
    #[serde(default)]
    date_style: Option<DateStyle>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganisation {
    #[serde(default)]
    url: Option<Spanned<String>>,
}

/// How raw HTML written inside Markdown is treated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawHtml {
    /// Shown as text (the default): nothing a writer types becomes markup.
    #[default]
    Escape,
    /// Kept, then cleaned by an allow-list sanitiser (ammonia): safe tags and attributes only,
    /// `id`s kept for anchors, scripts, styles and event handlers removed.
    Sanitize,
}

/// Markdown options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// What to do with raw HTML in Markdown.
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// Languages in order; the first is the source language.
    pub languages: Vec<Language>,
    /// Theme name (a folder under `themes/`, or the built-in `default`).
    pub theme: String,
    /// Where `theme` is set in the file, for errors about the theme.
    pub theme_span: Option<std::ops::Range<usize>>,
    /// The organisation's own web site, linked from the footer.
    pub organisation_url: Option<String>,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// What to publish for a policy text missing in a translation (`[build] fallback`).
    pub fallback: Fallback,
    /// Printed store notices, when the site asks for them.
    pub notices: Option<NoticeSettings>,
    /// The file the config came from.
    pub file: Arc<SourceFile>,
}

impl Config {
    /// The source language (the first in the list, [`Role::Source`]).
    pub fn source_language(&self) -> &Language {
        &self.languages[0]
    }

    /// Parses and validates `hoshin.toml`; `base_url_override` comes from `--base-url`.
    pub fn parse(
        file: &Arc<SourceFile>,
        base_url_override: Option<&str>,
    ) -> Result<Config, Diagnostics> {
        let raw: RawConfig = toml::from_str(&file.text).map_err(|e| toml_error(file, &e))?;
        let mut diags = Diagnostics::new();

        let base_url = match base_url_override {
            Some(url) => check_base_url(url).map_err(Diagnostic::error),
            None => check_base_url(raw.base_url.get_ref()).map_err(|msg| {
                Diagnostic::error(msg)
                    .at(file, raw.base_url.span())
                    .label("not an absolute http(s) URL")
            }),
        };
        let base_url = match base_url {
            Ok(u) => u,
            Err(d) => {
                diags.push(d);
                String::new()
            }
        };

        let default_style = raw.date_style.unwrap_or(DateStyle::Long);
        let mut languages: Vec<Language> = Vec::new();
        for lang in &raw.languages {
            let code = lang.code.get_ref();
            let tag = match Language::parse_tag(code) {
                Ok(tag) => tag,
                Err(msg) => {
                    diags.push(
                        Diagnostic::error(msg)
                            .at(file, lang.code.span())
                            .label("invalid language tag"),
                    );
                    continue;
                }
            };
            if languages.iter().any(|l| &l.code == code) {
                diags.push(
                    Diagnostic::error(format!("language `{code}` is listed twice"))
                        .at(file, lang.code.span())
                        .label("duplicate"),
                );
                continue;
            }
            languages.push(Language {
                code: code.clone(),
                tag,
                role: if languages.is_empty() {
                    Role::Source
                } else {
                    Role::Translation
                },
                calendar: lang.calendar.unwrap_or(Calendar::Gregorian),
                date_style: lang.date_style.unwrap_or(default_style),
            });
        }
        if raw.languages.is_empty() {
            diags.push(
                Diagnostic::error("no languages configured")
                    .in_file(file)
                    .help("add at least one `[[languages]]` table with `code = \"ja\"`"),
            );
        }

        let theme = raw
            .theme
            .as_ref()
            .map(|t| t.get_ref().clone())
            .unwrap_or_else(|| "default".into());
        if let Some(t) = &raw.theme {
            if !is_slug(t.get_ref()) {
                diags.push(
                    Diagnostic::error(format!("invalid theme name `{}`", t.get_ref()))
                        .at(file, t.span())
                        .help("a theme name is a folder name under `themes/`: lowercase letters, digits and `-`"),
                );
            }
        }
        let organisation_url = raw.organisation.and_then(|o| o.url);
        if let Some(Err(msg)) = organisation_url
            .as_ref()
            .map(|u| links::check_web_url(u.get_ref()))
        {
            diags.push(
                Diagnostic::error(msg)
                    .at(file, organisation_url.as_ref().map_or(0..0, |u| u.span()))
                    .label("the footer of every page links here")
                    .help("write the organisation's web site as `https://…`"),
            );
        }
        let organisation_url = organisation_url.map(|u| u.into_inner());

        let notices = raw
            .notices
            .map(|n| notice_settings(n, &languages, file, &mut diags));
        if notices.as_ref().is_some_and(|n| n.paper.is_empty()) {
            diags.push(
                Diagnostic::error("`[notices] paper` lists no paper size")
                    .in_file(file)
                    .help(
                        "write e.g. `paper = [\"a4\"]`, or remove `[notices]` to build no notices",
                    ),
            );
        }

        diags.into_result(Config {
            base_url,
            languages,
            theme,
            theme_span: raw.theme.as_ref().map(|t| t.span()),
            organisation_url,
            markdown: raw.markdown.unwrap_or_default(),
            fallback: raw.build.unwrap_or_default().fallback,
            notices,
            file: Arc::clone(file),
        })
    }
}

/// `[notices]`: paper sizes without duplicates, and the sheets (`sheets`, else every language
/// alone plus all of them when `bilingual`), each language a configured one, once per sheet.
fn notice_settings(
    n: RawNotices,
    languages: &[Language],
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> NoticeSettings {
    let mut paper: Vec<Paper> = Vec::new();
    for p in n.paper.unwrap_or_else(|| vec![Paper::A4]) {
        if !paper.contains(&p) {
            paper.push(p);
        }
    }
    let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
    let mut sheet_spans = Vec::new();
    let sheets = match (n.sheets, &n.bilingual) {
        (Some(_), Some(b)) => {
            diags.push(
                Diagnostic::error("`[notices]` sets both `sheets` and `bilingual`")
                    .at(file, b.span())
                    .label("remove this line")
                    .help("`sheets` lists every sheet, the all-languages one included"),
            );
            Vec::new()
        }
        (Some(sheets), None) => {
            let mut out: Vec<Vec<String>> = Vec::new();
            for sheet in sheets {
                let mut langs: Vec<String> = Vec::new();
                for code in sheet.get_ref() {
                    let c = code.get_ref();
                    if !codes.contains(&c.as_str()) {
                        let mut d =
                            Diagnostic::error(format!("`{c}` is not a language of this site"))
                                .at(file, code.span())
                                .label("not in `[[languages]]`");
                        if let Some(s) = crate::diagnostics::did_you_mean(c, codes.iter().copied())
                        {
                            d = d.help(format!("did you mean `{s}`?"));
                        }
                        diags.push(d);
                    } else if langs.contains(c) {
                        diags.push(
                            Diagnostic::error(format!("`{c}` is twice on one sheet"))
                                .at(file, code.span())
                                .label("again here"),
                        );
                    } else {
                        langs.push(c.clone());
                    }
                }
                if sheet.get_ref().is_empty() {
                    diags.push(
                        Diagnostic::error("a notice sheet lists no language")
                            .at(file, sheet.span())
                            .help("write the languages of the sheet, e.g. `[\"ja\", \"en\"]`"),
                    );
                } else if out.contains(&langs) {
                    diags.push(
                        Diagnostic::error("the same sheet is listed twice")
                            .at(file, sheet.span())
                            .label("again here"),
                    );
                } else if !langs.is_empty() {
                    out.push(langs);
                    sheet_spans.push(Some(sheet.span()));
                }
            }
            out
        }
        (None, bilingual) => {
            let mut out: Vec<Vec<String>> = codes.iter().map(|c| vec![c.to_string()]).collect();
            let all = bilingual.as_ref().map_or(codes.len() > 1, |b| *b.get_ref());
            if all && codes.len() > 1 {
                out.push(codes.iter().map(|c| c.to_string()).collect());
            }
            // The sheets follow from the `[notices]` table itself (and `bilingual`): a problem
            // with one of them is located there, not at line 1.
            let table = notices_table(&file.text);
            sheet_spans = vec![table.clone(); codes.len().min(out.len())];
            if out.len() > codes.len() {
                sheet_spans.push(bilingual.as_ref().map(|b| b.span()).or(table));
            }
            out
        }
    };
    NoticeSettings {
        paper,
        sheets,
        sheet_spans,
    }
}

/// The span of the `[notices]` header line, when the file has one.
fn notices_table(text: &str) -> Option<std::ops::Range<usize>> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end();
        if content.trim_start().starts_with("[notices]") {
            let start = at + (content.len() - content.trim_start().len());
            return Some(start..at + content.len());
        }
        at += line.len();
    }
    None
}

/// Checks a base URL and normalises it to end in `/`.
pub fn check_base_url(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base URL `{url}` must start with https:// or http://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || url.contains(['?', '#']) || links::check_web_url(url).is_err() {
        return Err(format!(
            "base URL `{}` is not a valid absolute URL",
            url.escape_debug()
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// True for a lowercase ASCII slug: letters, digits and single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostics> {
        Config::parse(&SourceFile::new("hoshin.toml", "hoshin.toml", text), None)
    }

    #[test]
    fn base_url_gets_a_trailing_slash() {
        let c =
            parse("base_url = \"https://example.co.jp/policy\"\n[[languages]]\ncode = \"ja\"\n")
                .unwrap();
        assert_eq!(c.base_url, "https://example.co.jp/policy/");
        assert_eq!(c.source_language().code, "ja");
    }

    #[test]
    fn bad_language_tag_is_located() {
        let e =
            parse("base_url = \"https://e.jp/\"\n[[languages]]\ncode = \"ja_JP!\"\n").unwrap_err();
        assert_eq!(e.0[0].position().unwrap().1, 3);
    }

    #[test]
    fn notices_are_off_unless_configured_and_default_to_a4() {
        let base = "base_url = \"https://e.jp/\"\n[[languages]]\ncode = \"ja\"\n[[languages]]\ncode = \"en\"\n";
        assert_eq!(parse(base).unwrap().notices, None);
        let n = parse(&format!("{base}[notices]\n"))
            .unwrap()
            .notices
            .unwrap();
        assert_eq!(n.paper, vec![Paper::A4]);
        assert_eq!(n.sheets, [vec!["ja"], vec!["en"], vec!["ja", "en"]]);
        let n = parse(&format!(
            "{base}[notices]\npaper = [\"a5\", \"a3\", \"a5\"]\nbilingual = false\n"
        ))
        .unwrap()
        .notices
        .unwrap();
        assert_eq!(n.paper, vec![Paper::A5, Paper::A3]);
        assert_eq!(n.sheets, [vec!["ja"], vec!["en"]]);
    }

    #[test]
    fn unknown_paper_is_located() {
        let e = parse("base_url = \"https://e.jp/\"\n[[languages]]\ncode = \"ja\"\n[notices]\npaper = [\"letter\"]\n")
            .unwrap_err();
        assert_eq!(e.0[0].position().unwrap().1, 5, "{}", e.0[0].render(false));
    }

    #[test]
    fn slugs() {
        assert!(is_slug("customer-harassment"));
        assert!(!is_slug("../x"));
        assert!(!is_slug("a/b"));
        assert!(!is_slug("Policy"));
    }
}
