//! Reading an XLIFF 1.2 file, which is untrusted input: no DTD (a `<!DOCTYPE>` is refused, so
//! no entity is ever defined or expanded), only the five predefined entities and character
//! references, a bounded size, depth and number of units. Only what import needs is kept:
//! each `<trans-unit>` (its id, the source hash hoshin recorded, its target's state and
//! pieces) with the byte offset it starts at, for located errors.

use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{CONTEXT_HASH, CONTEXT_UNIT};
use crate::diagnostics::{Diagnostic, SourceFile};

/// Deepest element nesting read (XLIFF needs about 8).
const MAX_DEPTH: usize = 64;
/// Most `<trans-unit>`s read.
pub(crate) const MAX_UNITS: usize = 100_000;

/// An inline element of a target, as written in the file.
#[derive(Debug, Clone)]
pub(crate) enum XPiece {
    /// Text.
    Text(String),
    /// `<ph>`, `<bpt>`, `<ept>` or `<x/>` with its id, content and offset.
    Code {
        /// The element's local name.
        element: String,
        /// Its `id`.
        id: String,
        /// The text inside it (`None` for an empty element).
        content: Option<String>,
        /// Byte offset of the element.
        at: usize,
    },
}

/// One `<trans-unit>`.
#[derive(Debug, Clone)]
pub(crate) struct XTransUnit {
    /// Its `id` attribute.
    pub(crate) id: String,
    /// Byte offset of its start tag.
    pub(crate) at: usize,
    /// The source hash hoshin wrote at export, if present.
    pub(crate) hash: Option<String>,
    /// The target: its `state`, its pieces and offset; `None` without a `<target>`.
    pub(crate) target: Option<XTarget>,
}

/// The `<target>` of a unit.
#[derive(Debug, Clone)]
pub(crate) struct XTarget {
    /// `state`, if given.
    pub(crate) state: Option<String>,
    /// Its content.
    pub(crate) pieces: Vec<XPiece>,
    /// Byte offset of its start tag.
    pub(crate) at: usize,
}

/// A `<file>` element's languages.
#[derive(Debug, Clone)]
pub(crate) struct XFile {
    /// `source-language`.
    pub(crate) source: String,
    /// `target-language`.
    pub(crate) target: Option<String>,
    /// Byte offset of its start tag.
    pub(crate) at: usize,
}

/// What import reads from an XLIFF file.
#[derive(Debug, Default)]
pub(crate) struct XDocument {
    /// Every `<file>`.
    pub(crate) files: Vec<XFile>,
    /// Every `<trans-unit>`, in order.
    pub(crate) units: Vec<XTransUnit>,
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// Reads `file` (an XLIFF document already checked for size and encoding).
pub(crate) fn parse(file: &Arc<SourceFile>) -> Result<XDocument, Diagnostic> {
    let text = file.text.as_str();
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut doc = XDocument::default();
    let mut stack: Vec<String> = Vec::new();
    let mut unit: Option<XTransUnit> = None;
    let mut target: Option<XTarget> = None;
    // Inside a code element of the target: its element, id, content and offset.
    let mut code: Option<(String, String, String, usize)> = None;
    let mut context: Option<(String, String)> = None;
    let mut saw_root = false;
    let err = |at: usize, msg: String| {
        let end = text[at.min(text.len())..]
            .find('\n')
            .map_or(text.len(), |n| at + n);
        Diagnostic::error(msg).code("xliff").at(file, at..end)
    };
    loop {
        let at = usize::try_from(reader.buffer_position())
            .unwrap_or(usize::MAX)
            .min(text.len());
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let pos = usize::try_from(reader.error_position()).unwrap_or(0);
                return Err(err(
                    pos,
                    format!("the XLIFF file is not well-formed XML: {e}"),
                ));
            }
        };
        // The text a piece of character data stands for, if it is inside something kept.
        let mut chars: Option<String> = None;
        match event {
            Event::DocType(_) => return Err(err(
                at,
                "the XLIFF file has a `<!DOCTYPE>`: hoshin reads no DTDs and expands no entities"
                    .into(),
            )),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = local(e);
                if stack.len() >= MAX_DEPTH {
                    return Err(err(
                        at,
                        format!("elements are nested more than {MAX_DEPTH} deep"),
                    ));
                }
                let attr = |key: &str| -> Result<Option<String>, Diagnostic> {
                    for a in e.attributes() {
                        let a = a.map_err(|x| err(at, format!("a malformed attribute: {x}")))?;
                        if a.key.local_name().as_ref() == key && a.key.prefix().is_none() {
                            let v = a
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map_err(|x| err(at, format!("attribute `{key}`: {x}")))?;
                            return Ok(Some(v.into_owned()));
                        }
                    }
                    Ok(None)
                };
                let parent = stack.last().map(String::as_str);
                match (parent, name.as_str()) {
                    (None, "xliff") => {
                        saw_root = true;
                        if attr("version")?.as_deref() != Some("1.2") {
                            return Err(err(
                                at,
                                "not an XLIFF 1.2 file: hoshin reads `<xliff version=\"1.2\">`"
                                    .into(),
                            ));
                        }
                    }
                    (None, other) => {
                        return Err(err(
                            at,
                            format!(
                                "not an XLIFF file: the root element is `<{other}>`, not `<xliff>`"
                            ),
                        ))
                    }
                    (Some("xliff"), "file") => doc.files.push(XFile {
                        source: attr("source-language")?.unwrap_or_default(),
                        target: attr("target-language")?,
                        at,
                    }),
                    (_, "trans-unit") => {
                        if unit.is_some() {
                            return Err(err(at, "a `<trans-unit>` inside another".into()));
                        }
                        if doc.units.len() >= MAX_UNITS {
                            return Err(err(at, format!("more than {MAX_UNITS} units")));
                        }
                        let id = attr("id")?
                            .ok_or_else(|| err(at, "a `<trans-unit>` without an `id`".into()))?;
                        unit = Some(XTransUnit {
                            id,
                            at,
                            hash: None,
                            target: None,
                        });
                    }
                    (Some("trans-unit"), "target") => {
                        let t = XTarget {
                            state: attr("state")?,
                            pieces: Vec::new(),
                            at,
                        };
                        if let Some(u) = unit.as_mut().filter(|_| empty) {
                            u.target = Some(t);
                        } else {
                            target = Some(t);
                        }
                    }
                    (Some("target"), _) if target.is_some() => {
                        let id = attr("id")?.unwrap_or_default();
                        if empty {
                            if let Some(t) = target.as_mut() {
                                t.pieces.push(XPiece::Code {
                                    element: name.clone(),
                                    id,
                                    content: None,
                                    at,
                                });
                            }
                        } else {
                            code = Some((name.clone(), id, String::new(), at));
                        }
                    }
                    (Some("context-group"), "context") if unit.is_some() => {
                        context = Some((attr("context-type")?.unwrap_or_default(), String::new()));
                    }
                    _ => {}
                }
                if !empty {
                    stack.push(name);
                }
            }
            Event::End(ref e) => {
                let name = e.local_name().as_ref().to_string();
                stack.pop();
                match name.as_str() {
                    "trans-unit" => {
                        if let Some(u) = unit.take() {
                            doc.units.push(u);
                        }
                    }
                    "target"
                        if code.is_none() && stack.last().is_some_and(|p| p == "trans-unit") =>
                    {
                        if let (Some(u), Some(t)) = (unit.as_mut(), target.take()) {
                            u.target = Some(t);
                        }
                    }
                    "context" => {
                        if let (Some(u), Some((kind, value))) = (unit.as_mut(), context.take()) {
                            if kind == CONTEXT_HASH {
                                u.hash = Some(value.trim().to_string());
                            } else if kind == CONTEXT_UNIT && value.trim() != u.id {
                                return Err(err(u.at, format!("unit `{}` is recorded as `{}` in its context: the file was edited by hand", u.id, value.trim())));
                            }
                        }
                    }
                    _ => {
                        if code.as_ref().is_some_and(|(n, ..)| *n == name)
                            && stack.last().is_some_and(|p| p == "target")
                        {
                            if let (Some(t), Some((element, id, content, at))) =
                                (target.as_mut(), code.take())
                            {
                                t.pieces.push(XPiece::Code {
                                    element,
                                    id,
                                    content: Some(content),
                                    at,
                                });
                            }
                        }
                    }
                }
            }
            Event::Text(ref t) => chars = Some(t.xml10_content().into_owned()),
            Event::CData(ref t) => chars = Some(t.as_ref().to_string()),
            Event::GeneralRef(ref r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(r) {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(err(at, format!("the entity `&{};` is not defined: hoshin reads only XML's five predefined entities and character references", &**r)))
                        }
                    },
                    Err(e) => return Err(err(at, format!("a bad character reference: {e}"))),
                };
                chars = Some(c);
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(err(
                        at,
                        format!(
                            "the XLIFF file is not well-formed XML: it ends before `</{open}>`"
                        ),
                    ));
                }
                break;
            }
        }
        if let Some(s) = chars {
            if let Some((_, _, content, _)) = code.as_mut() {
                content.push_str(&s);
            } else if let Some(t) = target
                .as_mut()
                .filter(|_| stack.last().is_some_and(|p| p == "target"))
            {
                match t.pieces.last_mut() {
                    Some(XPiece::Text(prev)) => prev.push_str(&s),
                    _ => t.pieces.push(XPiece::Text(s)),
                }
            } else if let Some((_, value)) = context.as_mut() {
                value.push_str(&s);
            }
        }
    }
    if !saw_root {
        return Err(
            Diagnostic::error("not an XLIFF file: it has no `<xliff>` element")
                .code("xliff")
                .in_file(file),
        );
    }
    if doc.files.is_empty() {
        return Err(Diagnostic::error("the XLIFF file has no `<file>` element")
            .code("xliff")
            .in_file(file));
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<XDocument, Diagnostic> {
        parse(&SourceFile::new("t.xlf", "t.xlf", s))
    }

    #[test]
    fn targets_codes_and_hashes_are_read() {
        let doc = parse_str(
            r#"<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="ja" target-language="en" original="x"><body>
<trans-unit id="a"><source>S</source><target state="translated">Hi <ph id="1">{ $n }</ph> &amp; &#x41;<bpt id="2">**</bpt>b<ept id="2">**</ept><x id="3"/></target>
<context-group><context context-type="x-hoshin-source-hash">abc</context></context-group>
<alt-trans><target>ignored</target></alt-trans></trans-unit></body></file></xliff>"#,
        )
        .unwrap();
        assert_eq!(doc.files[0].target.as_deref(), Some("en"));
        let u = &doc.units[0];
        assert_eq!(u.hash.as_deref(), Some("abc"));
        let t = u.target.as_ref().unwrap();
        assert_eq!(t.state.as_deref(), Some("translated"));
        let shown: Vec<String> = t
            .pieces
            .iter()
            .map(|p| match p {
                XPiece::Text(s) => s.clone(),
                XPiece::Code {
                    element,
                    id,
                    content,
                    ..
                } => format!("<{element}#{id}:{content:?}>"),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "Hi ",
                "<ph#1:Some(\"{ $n }\")>",
                " & A",
                "<bpt#2:Some(\"**\")>",
                "b",
                "<ept#2:Some(\"**\")>",
                "<x#3:None>"
            ]
        );
    }

    #[test]
    fn doctypes_and_entities_are_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><xliff version="1.2"><file source-language="ja"><body/></file></xliff>"#;
        assert!(parse_str(bomb).unwrap_err().message.contains("DOCTYPE"));
        let undefined = r#"<xliff version="1.2"><file source-language="ja"><body><trans-unit id="a"><target>&ext;</target></trans-unit></body></file></xliff>"#;
        assert!(parse_str(undefined)
            .unwrap_err()
            .message
            .contains("`&ext;`"));
        assert!(parse_str("<html/>")
            .unwrap_err()
            .message
            .contains("root element"));
        assert!(parse_str("<xliff version=\"1.2\"><file>")
            .unwrap_err()
            .message
            .contains("well-formed"));
    }
}
