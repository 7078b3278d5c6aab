//! How Markdown is read, decided once for every stage: the parser options (tables, heading
//! attributes, strikethrough), how sections are numbered (`## Title {#id}` keeps its id, other
//! headings are `section-N`, N counting the document's headings from 1), and the sections of a
//! document. The renderer ([`crate::render::markdown`]), `check` and the translators' view all
//! read Markdown through this module, so their anchors agree.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::site::content::{Document, Segment};

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

/// The sections of a document, with ids numbered as the renderer numbers them.
pub fn sections(doc: &Document) -> Vec<Section> {
    let text = &doc.file.text;
    let mut starts: Vec<(String, Range<usize>)> = Vec::new();
    let mut count = 0;
    for segment in &doc.segments {
        let Segment::Markdown(range) = segment else {
            continue;
        };
        for (event, r) in parser(&text[range.clone()]).into_offset_iter() {
            if let Event::Start(Tag::Heading { id, .. }) = event {
                count += 1;
                let id = section_id(id.as_deref(), count);
                let start = range.start + r.start;
                let line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
                starts.push((id, start..line_end));
            }
        }
    }
    let body = doc.front.body_start.min(text.len());
    let mut out = Vec::new();
    let first = starts.first().map_or(text.len(), |(_, r)| r.start);
    if !text[body..first].trim().is_empty() {
        out.push(Section {
            id: String::new(),
            heading: body..body,
            range: body..first,
        });
    }
    for (i, (id, heading)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |(_, r)| r.start);
        out.push(Section {
            id: id.clone(),
            heading: heading.clone(),
            range: heading.start..end,
        });
    }
    out
}

/// True for characters of scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}
