//! How Markdown is read, decided once for every stage: the parser options (tables, heading
//! attributes, strikethrough), how sections are numbered (`## Title {#id}` keeps its id, other
//! headings are `section-N`, N counting the document's headings from 1), and the sections of a
//! document. The renderer ([`crate::render::markdown`]), `check` and the translators' view all
//! read Markdown through this module, so their anchors agree.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::site::content::Segment;

/// The Markdown extensions hoshin reads.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_STRIKETHROUGH);

/// A Markdown parser over `text` with hoshin's options.
pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, OPTIONS)
}

/// The anchor id of the `n`th heading of a document (from 1): its own `{#id}`, else
/// `section-n`.
pub fn section_id(explicit: Option<&str>, n: usize) -> String {
    match explicit {
        Some(id) => id.to_string(),
        None => format!("section-{n}"),
    }
}

/// A section of a document: from a heading to the next heading.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading's anchor id (`{#id}`, else `section-N`), or `""` for text before the first
    /// heading.
    pub id: String,
    /// Byte range of the heading line (empty for the text before the first heading).
    pub heading: Range<usize>,
    /// Byte range of the whole section in the document's file.
    pub range: Range<usize>,
}

/// A link in a document's Markdown, as `check` reads it: where it leads, as written, and the
/// byte range of the whole link in the document's file.
#[derive(Debug, Clone)]
pub struct Link {
    /// The destination, as written (`../other/#intro`).
    pub dest: String,
    /// Byte range of the link (`[text](dest)`) in the file.
    pub span: Range<usize>,
}

/// What one reading of a document body finds: its sections, its links and what is wrong with
/// its headings.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Sections, from one heading to the next.
    pub sections: Vec<Section>,
    /// Links, in document order.
    pub links: Vec<Link>,
    /// Heading errors (attributes, duplicate ids).
    pub diags: Diagnostics,
}

/// Reads the sections of a document body (its Markdown segments), with ids numbered as the
/// renderer numbers them. A heading may carry an id (`## Title {#id}`) and nothing else:
/// classes and `key=value` attributes would reach the page's markup (`onfocus=…`), so each is
/// a located error.
pub(crate) fn scan(file: &Arc<SourceFile>, segments: &[Segment], body_start: usize) -> Scan {
    let text = &file.text;
    let mut diags = Diagnostics::new();
    let mut scanner = Scanner::default();
    let mut count = 0;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for segment in segments {
        let Segment::Markdown(range) = segment else {
            continue;
        };
        for (event, r) in parser(&text[range.clone()]).into_offset_iter() {
            if let Event::Start(Tag::Link { dest_url, .. }) = event {
                scanner.link(&dest_url, range.start + r.start..range.start + r.end);
            } else if let Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) = event
            {
                count += 1;
                let id = section_id(id.as_deref(), count);
                let start = range.start + r.start;
                let line = line_at(text, start);
                diags.extend(heading_attribute_errors(
                    file,
                    line.clone(),
                    &classes,
                    &attrs,
                ));
                match seen.get(&id) {
                    Some(first) => diags.push(duplicate_heading(file, &id, line.clone(), *first)),
                    None => {
                        seen.insert(id.clone(), start);
                    }
                }
                scanner.heading(&id, line);
            }
        }
    }
    let mut scan = scanner.finish(text, body_start);
    scan.diags = diags;
    scan
}

/// What [`scan`] notes while it reads a body, event by event: the renderer keeps one as it
/// renders a document when asked to ([`crate::render::Renderer::with_scans`]), so that a
/// check of a site that renders reads each document's Markdown once.
#[derive(Debug, Default)]
pub(crate) struct Scanner {
    /// Each heading's id and the byte range of its line, in order.
    starts: Vec<(String, Range<usize>)>,
    links: Vec<Link>,
}

impl Scanner {
    /// A link starts (`Tag::Link`, not an image), spanning `span` of the file.
    pub(crate) fn link(&mut self, dest: &str, span: Range<usize>) {
        self.links.push(Link {
            dest: dest.to_string(),
            span,
        });
    }

    /// A heading with the anchor `id` starts on `line` (its byte range in the file).
    pub(crate) fn heading(&mut self, id: &str, line: Range<usize>) {
        self.starts.push((id.to_string(), line));
    }

    /// The sections and links of the document whose file text is `text`, its body starting at
    /// `body_start`; no heading errors (the caller has them).
    pub(crate) fn finish(self, text: &str, body_start: usize) -> Scan {
        let Scanner { starts, links } = self;
        let body = body_start.min(text.len());
        let mut sections = Vec::with_capacity(starts.len() + 1);
        let first = starts.first().map_or(text.len(), |(_, r)| r.start);
        if !text[body..first].trim().is_empty() {
            sections.push(Section {
                id: String::new(),
                heading: body..body,
                range: body..first,
            });
        }
        let mut starts = starts.into_iter().peekable();
        while let Some((id, heading)) = starts.next() {
            let end = starts.peek().map_or(text.len(), |(_, r)| r.start);
            let range = heading.start..end;
            sections.push(Section { id, heading, range });
        }
        Scan {
            sections,
            links,
            diags: Diagnostics::new(),
        }
    }
}

/// The errors for a heading's classes and `key=value` attributes: a heading may carry
/// `{#id}` and nothing else.
pub(crate) fn heading_attribute_errors(
    file: &Arc<SourceFile>,
    line: Range<usize>,
    classes: &[CowStr<'_>],
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let extra = classes
        .iter()
        .map(|c| format!(".{c}"))
        .chain(attrs.iter().map(|(k, v)| match v {
            Some(v) => format!("{k}={v}"),
            None => k.to_string(),
        }));
    for attribute in extra {
        diags.push(
            Diagnostic::error(format!("heading attribute `{attribute}` is not allowed"))
                .code("content-heading-attribute")
                .at(file, line.clone())
                .label("a heading may carry `{#id}` and nothing else")
                .help("write `## Title {#id}`; the theme styles headings, and attributes could run script in the page"),
        );
    }
    diags
}

/// The error for a heading id used twice in one document; `first` is where it was first used.
pub(crate) fn duplicate_heading(
    file: &Arc<SourceFile>,
    id: &str,
    line: Range<usize>,
    first: usize,
) -> Diagnostic {
    Diagnostic::error(format!("duplicate heading id `{id}`"))
        .at(file, line)
        .note(format!("first used on line {}", file.line_col(first).0))
}

/// The byte range of the line a heading starts at `start` of `text`.
pub(crate) fn line_at(text: &str, start: usize) -> Range<usize> {
    let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    start..end
}

/// True for characters of scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_text(text: &str) -> Result<Vec<Section>, Diagnostics> {
        let f = SourceFile::new("x.md", "x.md", text);
        let scan = scan(&f, &[Segment::Markdown(0..text.len())], 0);
        scan.diags.into_result(scan.sections)
    }

    #[test]
    fn headings_keep_their_id_and_nothing_else() {
        let s = scan_text("## A {#a}\n\ntext\n\n## B\n").unwrap();
        let ids: Vec<&str> = s.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a", "section-2"]);
        let e = scan_text("## Hi {#hi tabindex=0 onfocus=alert(document.domain)}\n").unwrap_err();
        assert_eq!(e.0.len(), 2, "{e:?}");
        assert!(e.0.iter().any(|d| d.message.contains("onfocus")));
        assert!(scan_text("## Hi {.red}\n").is_err());
        assert!(scan_text("## A {#x}\n\n## B {#x}\n").is_err());
    }

    #[test]
    fn many_headings_scan_in_linear_time() {
        let text: String = (0..50_000).map(|i| format!("## H{i}\n\nt\n\n")).collect();
        let start = std::time::Instant::now();
        assert_eq!(scan_text(&text).unwrap().len(), 50_000);
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}
