//! Markdown to HTML (the render stage), with the rules a customer-facing page needs. How
//! Markdown is parsed and how sections are numbered is decided once, in
//! [`crate::site::content::markdown`].
//!
//! - Raw HTML is shown as text, never passed through — unless the site sets
//!   `[markdown] raw_html = "sanitize"`: then it is kept and the segment is cleaned by ammonia's
//!   allow-list (ids kept for anchors; scripts, styles, event handlers and unsafe URLs removed).
//! - `javascript:`, `data:` and `vbscript:` links are refused either way.
//! - `#` (h1) is reserved for the page title; sections start at `##`. Headings get the id
//!   written as `## Title {#id}`, else `section-N` (N counts headings in the document), so
//!   both languages of a document share anchors when their structure matches.
//! - A line break inside a Japanese paragraph does not become a space.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use unic_langid::LanguageIdentifier;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::render::escape::phrase_html;
use crate::site::config::RawHtml;
use crate::site::content::markdown::{
    duplicate_heading, heading_attribute_errors, is_cjk, line_at, parser, section_id, Scanner,
};
use crate::site::links::unsafe_scheme;

/// A section heading of a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// Level 2–6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// The headings of a document as its Markdown segments are rendered in turn: they are
/// numbered across segments, and an id may be used once per document.
#[derive(Debug, Default)]
pub struct Headings {
    /// The document's language when its headings get phrase breaks (`<wbr>` between BudouX
    /// phrases, as on notices): Japanese, which has no spaces to break at.
    phrase_breaks: Option<LanguageIdentifier>,
    count: usize,
    /// Every heading so far, in order.
    pub list: Vec<Heading>,
    /// Heading ids so far, with where each was first used.
    seen: HashMap<String, usize>,
    /// What `check` reads of the document (headings and links), when it is kept
    /// ([`crate::render::Renderer::with_scans`]).
    pub(crate) scanner: Option<Scanner>,
}

impl Headings {
    /// The headings of a document in `lang`: Japanese headings get phrase breaks.
    pub fn in_language(lang: &LanguageIdentifier) -> Headings {
        Headings {
            phrase_breaks: (lang.language.as_str() == "ja").then(|| lang.clone()),
            ..Headings::default()
        }
    }
}

/// Renders one Markdown segment of `file` to a new string ([`render_into`]).
pub fn render(
    file: &Arc<SourceFile>,
    range: Range<usize>,
    state: &mut Headings,
    raw_html: RawHtml,
) -> Result<String, Diagnostics> {
    let mut html = String::new();
    render_into(file, range, state, raw_html, &mut html).map(|()| html)
}

/// Renders one Markdown segment of `file`, appending its HTML to `out`; `state` carries the
/// headings across segments. On error, `out` holds the segment rendered all the same (the
/// errors are collected as the render goes on).
pub fn render_into(
    file: &Arc<SourceFile>,
    range: Range<usize>,
    state: &mut Headings,
    raw_html: RawHtml,
    out: &mut String,
) -> Result<(), Diagnostics> {
    let Headings {
        phrase_breaks,
        count: heading_count,
        list: headings,
        seen,
        scanner,
    } = state;
    let base = range.start;
    let src = &file.text[range];
    let mut diags = Diagnostics::new();
    let mut open_heading: Option<String> = None;
    let mut parsed = parser(src).into_offset_iter();
    // Events stream from the parser through these checks and the CJK line joining into the
    // HTML writer: nothing holds every event of a segment (a 4 MiB table is millions).
    let checked = std::iter::from_fn(|| {
        let (event, r) = parsed.next()?;
        let span = base + r.start..base + r.end;
        let event = match event {
            Event::Html(s) | Event::InlineHtml(s) => match raw_html {
                RawHtml::Escape => Event::Text(s),
                RawHtml::Sanitize => {
                    check_raw_html_urls(file, &s, span.clone(), &mut diags);
                    Event::Html(s)
                }
            },
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                if level == HeadingLevel::H1 {
                    diags.push(
                        Diagnostic::error("a `#` heading in the body")
                            .at(
                                file,
                                span.start
                                    ..span.start + src[r.clone()].find('\n').unwrap_or(r.len()),
                            )
                            .label("the page title is the only level-1 heading")
                            .help("start sections at `##`"),
                    );
                }
                *heading_count += 1;
                let id = section_id(id.as_deref(), *heading_count);
                let line = line_at(&file.text, span.start);
                if let Some(scanner) = scanner {
                    scanner.heading(&id, line.clone());
                }
                diags.extend(heading_attribute_errors(
                    file,
                    line.clone(),
                    &classes,
                    &attrs,
                ));
                if let Some(first) = seen.get(&id) {
                    diags.push(duplicate_heading(file, &id, line, *first));
                } else {
                    seen.insert(id.clone(), span.start);
                }
                open_heading = Some(String::new());
                headings.push(Heading {
                    level: heading_level(level),
                    id: id.clone(),
                    text: String::new(),
                });
                // Classes and attributes are refused above; never pass any on.
                Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                })
            }
            Event::End(TagEnd::Heading(l)) => {
                if let (Some(text), Some(h)) = (open_heading.take(), headings.last_mut()) {
                    h.text = text;
                }
                Event::End(TagEnd::Heading(l))
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                check_url(file, dest_url, span.clone(), &mut diags);
                if let Some(scanner) = scanner {
                    scanner.link(dest_url, span.clone());
                }
                event
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                check_url(file, dest_url, span.clone(), &mut diags);
                event
            }
            other => other,
        };
        if let Some(text) = &mut open_heading {
            if let Event::Text(t) | Event::Code(t) = &event {
                text.push_str(t);
            }
            // A heading's text, phrase by phrase: lines break between phrases, never inside
            // a word (the stylesheet keeps words whole in headings).
            if let (Some(lang), Event::Text(t)) = (phrase_breaks.as_ref(), &event) {
                return Some(Event::InlineHtml(phrase_html(lang, t).into()));
            }
        }
        Some(event)
    });
    if raw_html == RawHtml::Sanitize {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, JoinCjkLines::new(checked));
        out.push_str(&sanitize(&html));
    } else {
        pulldown_cmark::html::push_html(out, JoinCjkLines::new(checked));
    }
    diags.into_result(())
}

/// Cleans HTML with an allow-list, keeping the ids and language marks pages rely on.
fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "lang", "class"])
        .url_schemes(["https", "http", "mailto", "tel"].into_iter().collect())
        .clean(html)
        .to_string()
}

/// Refuses unsafe URL schemes written in raw HTML attributes (the sanitiser would drop them
/// silently; a writer should know).
fn check_raw_html_urls(
    file: &Arc<SourceFile>,
    html: &str,
    span: Range<usize>,
    diags: &mut Diagnostics,
) {
    let folded: String = html
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    for scheme in ["javascript:", "vbscript:", "data:"] {
        if ["=", "=\"", "='"]
            .iter()
            .any(|q| folded.contains(&format!("{q}{scheme}")))
        {
            diags.push(
                Diagnostic::error(format!("`{scheme}` URLs are not allowed"))
                    .at(file, span.clone())
                    .label("refused: an attribute must not run code or embed data")
                    .help("link to an https:// page or to a page of this site"),
            );
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn check_url(file: &Arc<SourceFile>, url: &str, span: Range<usize>, diags: &mut Diagnostics) {
    if let Some(scheme) = unsafe_scheme(url) {
        diags.push(
            Diagnostic::error(format!("`{scheme}:` links are not allowed"))
                .at(file, span)
                .label("refused: a link must not run code or embed data")
                .help("link to an https:// page or to a page of this site"),
        );
    }
}

/// Drops soft line breaks next to a CJK character, which browsers would show as a space:
/// after a text ending in one, or before a text starting with one.
struct JoinCjkLines<'a, I: Iterator<Item = Event<'a>>> {
    events: std::iter::Peekable<I>,
    /// The last character of the last event passed on, when it was text.
    last: Option<char>,
}

impl<'a, I: Iterator<Item = Event<'a>>> JoinCjkLines<'a, I> {
    fn new(events: I) -> Self {
        JoinCjkLines {
            events: events.peekable(),
            last: None,
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for JoinCjkLines<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.events.next()?;
            if matches!(event, Event::SoftBreak) {
                let after = match self.events.peek() {
                    Some(Event::Text(t)) => t.chars().next(),
                    _ => None,
                };
                if joins(self.last, after) {
                    continue;
                }
            }
            self.last = match &event {
                Event::Text(t) => t.chars().last(),
                _ => None,
            };
            return Some(event);
        }
    }
}

/// Whether a soft break between these characters is dropped: one of them is CJK. Kept out
/// of line: soft breaks are few, and inlined the test was hoisted to run for every event.
#[inline(never)]
fn joins(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(is_cjk) || after.is_some_and(is_cjk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(src: &str) -> Result<(String, Vec<Heading>), Diagnostics> {
        let f = SourceFile::new("x.md", "x.md", src);
        let mut hs = Headings::default();
        render(&f, 0..src.len(), &mut hs, RawHtml::Escape).map(|h| (h, hs.list))
    }

    fn sanitized(src: &str) -> Result<String, Diagnostics> {
        let f = SourceFile::new("x.md", "x.md", src);
        render(
            &f,
            0..src.len(),
            &mut Headings::default(),
            RawHtml::Sanitize,
        )
    }

    #[test]
    fn segments_are_appended() {
        let f = SourceFile::new("x.md", "x.md", "## A\n\ntext\n");
        let mut hs = Headings::default();
        let mut out = String::from("<p>before</p>\n");
        render_into(&f, 0..f.text.len(), &mut hs, RawHtml::Escape, &mut out).unwrap();
        assert_eq!(
            out,
            "<p>before</p>\n<h2 id=\"section-1\">A</h2>\n<p>text</p>\n"
        );
    }

    #[test]
    fn sanitize_keeps_safe_markup_and_ids_and_drops_scripts() {
        let html = sanitized("## T {#t}\n\n<p>Hi <b>there</b><span id=\"keep\">x</span><script>alert(1)</script></p>\n\n<div onclick=\"x()\">y</div>\n").unwrap();
        assert!(html.contains("<h2 id=\"t\">"), "{html}");
        assert!(
            html.contains("<b>there</b>") && html.contains("id=\"keep\""),
            "{html}"
        );
        assert!(
            !html.contains("script") && !html.contains("onclick"),
            "{html}"
        );
    }

    #[test]
    fn sanitize_mode_refuses_unsafe_urls_in_raw_html() {
        assert!(sanitized("<a href=\"javascript:alert(1)\">x</a>\n").is_err());
        assert!(sanitized("<img src='data:image/png;base64,xx'>\n").is_err());
        assert!(sanitized("[x](javascript:alert(1))\n").is_err());
        assert!(sanitized("<a href=\"https://example.com/\">ok</a>\n").is_ok());
    }

    #[test]
    fn raw_html_is_escaped() {
        let (html, _) = md("Hello <script>alert(1)</script>\n\n<div onclick=x>hi</div>\n").unwrap();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn javascript_links_are_refused() {
        let e = md("[x](javascript:alert(1))\n").unwrap_err();
        assert!(e.0[0].message.contains("javascript:"));
        assert!(md("[x](JaVaScRiPt:alert(1))\n").is_err());
        assert!(md("[x](data:text/html,hi)\n").is_err());
        assert!(md("[x](https://example.com/a:b)\n").is_ok());
    }

    #[test]
    fn headings_get_ids_and_h1_is_refused() {
        let (html, hs) = md("## はじめに {#introduction}\n\n## 定義\n").unwrap();
        assert!(
            html.contains("<h2 id=\"introduction\">はじめに</h2>"),
            "{html}"
        );
        assert_eq!(hs[1].id, "section-2");
        assert!(md("# Title\n").is_err());
    }

    #[test]
    fn japanese_soft_breaks_do_not_become_spaces() {
        let (html, _) = md("日本語の\n文章です。\nEnglish\ntext\n").unwrap();
        assert!(html.contains("日本語の文章です。English\ntext"), "{html}");
    }
}
