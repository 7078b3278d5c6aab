//! Structured blocks placed inside Markdown: `{{ name(arg="value") }}` on a line of its own.
//!
//! | block | arguments | renders |
//! |---|---|---|
//! | `definition` | `id` (required) | a definition with its citation |
//! | `examples` | `group` (optional) | example groups and their nested items |
//! | `responses` | `group` (optional) | response groups |
//! | `note` | `id` (required) | a note |
//! | `contact` | none | the contact block |
//! | `dates` | none | the labelled dates (enacted, effective, made known, revised) |
//! | `revisions` | none | the revision history |
//! | `glossary` | none | the glossary's terms and explanations |
//!
//! An unknown block, an unknown or missing argument, or an id that `policy.toml` does not
//! define is an error at the block's position.

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::site::content::data::PolicyData;

/// A structured block, validated against the policy's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `{{ definition(id="…") }}`
    Definition {
        /// Definition id.
        id: String,
    },
    /// `{{ examples() }}` or `{{ examples(group="…") }}`
    Examples {
        /// Only this group, or all groups.
        group: Option<String>,
    },
    /// `{{ responses() }}` or `{{ responses(group="…") }}`
    Responses {
        /// Only this group, or all groups.
        group: Option<String>,
    },
    /// `{{ note(id="…") }}`
    Note {
        /// Note id.
        id: String,
    },
    /// `{{ contact() }}`
    Contact,
    /// `{{ dates() }}`
    Dates,
    /// `{{ revisions() }}`
    Revisions,
    /// `{{ glossary() }}`
    Glossary,
}

impl Block {
    /// A stable key naming the block and its ids, used to compare languages.
    pub fn key(&self) -> String {
        match self {
            Block::Definition { id } => format!("definition(id=\"{id}\")"),
            Block::Examples { group: Some(g) } => format!("examples(group=\"{g}\")"),
            Block::Examples { group: None } => "examples()".into(),
            Block::Responses { group: Some(g) } => format!("responses(group=\"{g}\")"),
            Block::Responses { group: None } => "responses()".into(),
            Block::Note { id } => format!("note(id=\"{id}\")"),
            Block::Contact => "contact()".into(),
            Block::Dates => "dates()".into(),
            Block::Revisions => "revisions()".into(),
            Block::Glossary => "glossary()".into(),
        }
    }
}

/// A piece of a document body: Markdown text or a block.
#[derive(Debug, Clone)]
pub enum Segment {
    /// Markdown source, as a byte range of the file.
    Markdown(Range<usize>),
    /// A structured block and its span in the file.
    Block(Block, Range<usize>),
}

const BLOCKS: [(&str, &[&str]); 8] = [
    ("definition", &["id"]),
    ("examples", &["group"]),
    ("responses", &["group"]),
    ("note", &["id"]),
    ("contact", &[]),
    ("dates", &[]),
    ("revisions", &[]),
    ("glossary", &[]),
];

/// Splits a body (from `start` to the end of `file`) into Markdown and blocks.
pub fn split(
    file: &Arc<SourceFile>,
    start: usize,
    data: &PolicyData,
) -> Result<Vec<Segment>, Diagnostics> {
    let text = &file.text;
    let mut segments = Vec::new();
    let mut diags = Diagnostics::new();
    let mut md_start = start;
    let mut offset = start;
    let mut fence: Option<&str> = None;
    for line in lines_inclusive(&text[start..]) {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        if !(trimmed.starts_with("{{") && trimmed.ends_with("}}")) {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let span = line_start + lead..line_start + lead + trimmed.len();
        if md_start < line_start {
            segments.push(Segment::Markdown(md_start..line_start));
        }
        md_start = offset;
        match parse_block(file, span.clone(), data) {
            Ok(block) => segments.push(Segment::Block(block, span)),
            Err(d) => diags.push(d),
        }
    }
    if md_start < text.len() {
        segments.push(Segment::Markdown(md_start..text.len()));
    }
    diags.into_result(segments)
}

/// The lines of `text`, each with its `\n` (the last one may have none): what
/// `text.split_inclusive('\n')` gives, found with the SIMD `memchr` (core's searcher was 70 %
/// of [`split`]'s instructions, callgrind).
fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
    let mut from = 0;
    ends.chain(Some(text.len())).filter_map(move |end| {
        // A `\n` is a character boundary; the last end repeats when the text ends with one.
        let line = text.get(from..end).filter(|l| !l.is_empty());
        from = end;
        line
    })
}

fn parse_block(
    file: &Arc<SourceFile>,
    span: Range<usize>,
    data: &PolicyData,
) -> Result<Block, Diagnostic> {
    let src = &file.text[span.clone()];
    let inner = &src[2..src.len() - 2];
    let inner_start = span.start + 2;
    let err = |msg: String, r: Range<usize>| Diagnostic::error(msg).at(file, r);
    let body = inner.trim();
    let body_start = inner_start + (inner.len() - inner.trim_start().len());
    let Some(open) = body.find('(') else {
        return Err(err(format!("malformed block `{body}`"), span)
            .label("expected `name(…)`")
            .help("write a block as `{{ examples() }}` or `{{ definition(id=\"…\") }}`"));
    };
    if !body.ends_with(')') {
        return Err(
            err(format!("malformed block `{body}`"), span).label("expected `)` before `}}`")
        );
    }
    let name = body[..open].trim();
    let name_span = body_start..body_start + open;
    let Some((_, allowed)) = BLOCKS.iter().find(|(n, _)| *n == name) else {
        let mut d =
            err(format!("unknown block `{name}`"), name_span).label("not a block hoshin knows");
        if let Some(s) = did_you_mean(name, BLOCKS.iter().map(|(n, _)| *n)) {
            d = d.help(format!("did you mean `{s}`?"));
        }
        return Err(d.note(format!(
            "known blocks: {}",
            BLOCKS
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let args_src = &body[open + 1..body.len() - 1];
    let args_start = body_start + open + 1;
    let args = parse_args(args_src, args_start).map_err(|(msg, r)| err(msg, r))?;
    for (key, _, r) in &args {
        if !allowed.contains(&key.as_str()) {
            let mut d = err(
                format!("unknown argument `{key}` for block `{name}`"),
                r.clone(),
            );
            d = match allowed.is_empty() {
                true => d.help(format!("`{name}` takes no arguments")),
                false => d.help(format!("`{name}` takes: {}", allowed.join(", "))),
            };
            return Err(d);
        }
    }
    let arg = |k: &str| {
        args.iter()
            .find(|(key, _, _)| key == k)
            .map(|(_, v, r)| (v.clone(), r.clone()))
    };
    let required = |k: &str| {
        arg(k).ok_or_else(|| {
            err(
                format!("block `{name}` needs the argument `{k}`"),
                span.clone(),
            )
            .help(format!("write `{{{{ {name}({k}=\"…\") }}}}`"))
        })
    };
    let check =
        |kind: &str, value: &str, r: Range<usize>, known: Vec<&str>| -> Result<(), Diagnostic> {
            if known.contains(&value) {
                return Ok(());
            }
            let mut d = err(format!("unknown {kind} id `{value}`"), r)
                .label(format!("no {kind} with this id in policy.toml"));
            if let Some(s) = did_you_mean(value, known.iter().copied()) {
                d = d.help(format!("did you mean `{s}`?"));
            } else if !known.is_empty() {
                d = d.note(format!("known ids: {}", known.join(", ")));
            }
            Err(d)
        };
    Ok(match name {
        "definition" => {
            let (id, r) = required("id")?;
            check(
                "definition",
                &id,
                r,
                data.definitions
                    .iter()
                    .map(|d| d.id.get_ref().as_str())
                    .collect(),
            )?;
            Block::Definition { id }
        }
        "examples" => {
            let group = arg("group");
            if let Some((g, r)) = &group {
                check(
                    "example group",
                    g,
                    r.clone(),
                    data.examples
                        .iter()
                        .map(|g| g.id.get_ref().as_str())
                        .collect(),
                )?;
            } else if data.examples.is_empty() {
                return Err(err(
                    "`examples()` but policy.toml defines no examples".into(),
                    span,
                ));
            }
            Block::Examples {
                group: group.map(|g| g.0),
            }
        }
        "responses" => {
            let group = arg("group");
            if let Some((g, r)) = &group {
                check(
                    "response group",
                    g,
                    r.clone(),
                    data.responses
                        .iter()
                        .map(|g| g.id.get_ref().as_str())
                        .collect(),
                )?;
            } else if data.responses.is_empty() {
                return Err(err(
                    "`responses()` but policy.toml defines no responses".into(),
                    span,
                ));
            }
            Block::Responses {
                group: group.map(|g| g.0),
            }
        }
        "note" => {
            let (id, r) = required("id")?;
            check(
                "note",
                &id,
                r,
                data.notes.iter().map(|n| n.id.get_ref().as_str()).collect(),
            )?;
            Block::Note { id }
        }
        "contact" => {
            if data.contact.is_none() {
                return Err(err(
                    "`contact()` but policy.toml has no `[contact]` table".into(),
                    span,
                ));
            }
            Block::Contact
        }
        "dates" => Block::Dates,
        "glossary" => {
            if data.glossary.is_empty() {
                return Err(err(
                    "`glossary()` but policy.toml defines no `[[glossary]]` terms".into(),
                    span,
                ));
            }
            Block::Glossary
        }
        _ => Block::Revisions,
    })
}

type Arg = (String, String, Range<usize>);

/// Parses `key="value", key2="value2"` (double-quoted values only).
fn parse_args(src: &str, base: usize) -> Result<Vec<Arg>, (String, Range<usize>)> {
    let mut out: Vec<Arg> = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    let skip_ws = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    loop {
        skip_ws(&mut i);
        if i >= bytes.len() {
            break;
        }
        let key_start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        let key = &src[key_start..i];
        if key.is_empty() {
            return Err((
                "expected an argument name".into(),
                base + key_start..base + key_start + 1,
            ));
        }
        skip_ws(&mut i);
        if bytes.get(i) != Some(&b'=') {
            return Err((
                format!("expected `=` after `{key}`"),
                base + key_start..base + i,
            ));
        }
        i += 1;
        skip_ws(&mut i);
        if bytes.get(i) != Some(&b'"') {
            return Err((
                format!("the value of `{key}` must be a \"double-quoted\" string"),
                base + key_start..base + i,
            ));
        }
        let value_start = i + 1;
        let Some(len) = src[value_start..].find('"') else {
            return Err(("unterminated string".into(), base + i..base + src.len()));
        };
        let value = &src[value_start..value_start + len];
        i = value_start + len + 1;
        if out.iter().any(|(k, _, _)| k == key) {
            return Err((
                format!("argument `{key}` is given twice"),
                base + key_start..base + i,
            ));
        }
        out.push((
            key.to_string(),
            value.to_string(),
            base + key_start..base + i,
        ));
        skip_ws(&mut i);
        match bytes.get(i) {
            Some(b',') => i += 1,
            None => break,
            Some(_) => {
                return Err((
                    "expected `,` between arguments".into(),
                    base + i..base + i + 1,
                ))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_those_of_split_inclusive() {
        for text in ["", "\n", "a", "a\n", "a\nb", "一\n\n二\r\n三", "\n\nx\n"] {
            let ours: Vec<&str> = lines_inclusive(text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    fn data() -> PolicyData {
        toml::from_str("[[definitions]]\nid = \"mhlw-2022\"\n[[examples]]\nid = \"all\"\n[[examples.items]]\nid = \"violence\"\n").unwrap()
    }

    fn run(body: &str) -> Result<Vec<Segment>, Diagnostics> {
        split(&SourceFile::new("en.md", "en.md", body), 0, &data())
    }

    #[test]
    fn splits_markdown_and_blocks() {
        let segs =
            run("Intro\n\n{{ definition(id=\"mhlw-2022\") }}\n\nMore\n{{ examples() }}\n").unwrap();
        assert_eq!(segs.len(), 4);
        assert!(
            matches!(&segs[1], Segment::Block(Block::Definition { id }, _) if id == "mhlw-2022")
        );
        assert!(matches!(
            &segs[3],
            Segment::Block(Block::Examples { group: None }, _)
        ));
    }

    #[test]
    fn unknown_block_suggests_a_name() {
        let e = run("x\n{{ exampels() }}\n").unwrap_err();
        let out = e.0[0].render(false);
        assert!(out.contains("unknown block `exampels`"), "{out}");
        assert!(out.contains("did you mean `examples`"), "{out}");
        assert_eq!(e.0[0].position().unwrap().1, 2);
    }

    #[test]
    fn unknown_id_and_argument_are_errors() {
        let e = run("{{ definition(id=\"mhlw-2020\") }}\n").unwrap_err();
        assert!(e.0[0].message.contains("unknown definition id `mhlw-2020`"));
        let e = run("{{ definition(key=\"mhlw-2022\") }}\n").unwrap_err();
        assert!(e.0[0].message.contains("unknown argument `key`"));
        let e = run("{{ definition() }}\n").unwrap_err();
        assert!(e.0[0].message.contains("needs the argument `id`"));
    }

    #[test]
    fn blocks_inside_code_fences_are_text() {
        let segs = run("```\n{{ nope() }}\n```\n").unwrap();
        assert_eq!(segs.len(), 1);
    }
}
