//! Localisation: Fluent messages per language, dates per locale.
//!
//! Each language's messages come from the theme's `locales/<lang>/*.ftl` (UI strings) and then
//! the site's `locales/<lang>/*.ftl` (the site's text, which may override a theme string).
//! Resolution is strict: a missing message, attribute or variable is an error, never a raw id
//! or `{$var}` on a page. Bidi isolation marks are off (they would leak into HTML and titles).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};

mod library;

/// Where a Fluent file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The theme's UI strings.
    Theme,
    /// The site's own locales folder.
    Site,
    /// hoshin's standard library, for an item `policy.toml` marks `library = true` (see
    /// [`crate::site::library_texts`]): the message's `file` and spans are the item's id in
    /// `policy.toml`, since the library has no file.
    Library,
}

/// What hoshin knows about one message of one locale.
#[derive(Debug, Clone)]
pub struct MessageInfo {
    /// The file defining it.
    pub file: Arc<SourceFile>,
    /// Span of the message id.
    pub span: Range<usize>,
    /// Whether the message has a value (not only attributes).
    pub has_value: bool,
    /// Attribute names and the spans of their ids.
    pub attributes: BTreeMap<String, Range<usize>>,
    /// `$variables` used in the value and attributes.
    pub variables: BTreeSet<String>,
    /// Theme, site or library.
    pub origin: Origin,
    /// The parts taken from hoshin's standard library: `None` for the value, or an
    /// attribute's name (all of them for [`Origin::Library`]; those the site's message lacks
    /// for a site message of a library item).
    pub library: BTreeSet<Option<String>>,
}

/// Why a message could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextErrorKind {
    /// The locale has no message with this id.
    NoMessage,
    /// The message has no such attribute.
    NoAttribute,
    /// The message has only attributes, no value.
    NoValue,
    /// The message exists but does not resolve (a bad reference, a missing `$variable`).
    Unresolvable(String),
    /// The message resolves to whitespace or invisible characters only (U+200B…).
    Empty,
    /// The resolved text holds a character no page may show (from an escape such as
    /// `{ "\u202E" }`): a control character or a bidi override.
    Forbidden(char),
}

/// A message that could not be resolved: which, in which locale, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    /// Why.
    pub kind: TextErrorKind,
    /// The message id.
    pub id: String,
    /// The attribute asked for, if any.
    pub attr: Option<String>,
    /// The locale's language tag.
    pub locale: String,
}

impl TextError {
    /// True when the text is absent (no message, attribute or value), rather than present
    /// but unresolvable or empty.
    pub fn is_missing(&self) -> bool {
        matches!(
            self.kind,
            TextErrorKind::NoMessage | TextErrorKind::NoAttribute | TextErrorKind::NoValue
        )
    }
}

impl std::fmt::Display for TextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (id, locale) = (&self.id, &self.locale);
        match (&self.kind, &self.attr) {
            (TextErrorKind::NoMessage, _) => write!(f, "no message `{id}` in locale `{locale}`"),
            (TextErrorKind::NoAttribute, _) => write!(
                f,
                "message `{id}` has no attribute `.{}` in locale `{locale}`",
                self.attr.as_deref().unwrap_or_default()
            ),
            (TextErrorKind::NoValue, _) => write!(
                f,
                "message `{id}` has no value in locale `{locale}` (only attributes)"
            ),
            (TextErrorKind::Unresolvable(e), Some(a)) => {
                write!(f, "cannot resolve `{id}.{a}` in locale `{locale}`: {e}")
            }
            (TextErrorKind::Unresolvable(e), None) => {
                write!(f, "cannot resolve `{id}` in locale `{locale}`: {e}")
            }
            (TextErrorKind::Empty, _) => write!(f, "message `{id}` is empty in locale `{locale}`"),
            (TextErrorKind::Forbidden(c), _) => write!(
                f,
                "message `{id}` resolves to text with {} in locale `{locale}`",
                crate::site::files::describe_char(*c)
            ),
        }
    }
}

/// Characters that take no space: a text of only these (and whitespace) shows nothing.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// The deepest `{ … }` nesting a Fluent file may have. Real messages nest two or three
/// deep; fluent-syntax and fluent-bundle recurse per level and overflow the stack (or hit an
/// `unreachable!`) in the thousands, so deeper files are refused before they are parsed.
const MAX_FLUENT_DEPTH: usize = 16;

/// What a Fluent file must not contain before it is handed to the parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unparseable {
    /// Placeables nested deeper than [`MAX_FLUENT_DEPTH`].
    TooDeep,
    /// A `\\u` (4) or `\\U` (6) escape in a string literal without its hex digits:
    /// fluent-syntax 0.12 slices bytes there and panics when a multi-byte character follows.
    BadEscape,
}

/// The first place a Fluent file cannot safely be parsed, with its byte offset: string
/// literals inside placeables and comment lines are read as Fluent reads them.
fn prescan(text: &str) -> Option<(usize, Unparseable)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut line_start = true;
    let mut in_comment = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\n' {
            // String literals end at the line; the parser restarts at the next entry.
            line_start = true;
            in_comment = false;
            in_string = false;
            i += 1;
            continue;
        }
        if line_start && depth == 0 && c == b'#' {
            in_comment = true;
        }
        line_start = false;
        if in_comment {
            i += 1;
            continue;
        }
        if c == b'\\' {
            let digits = match bytes.get(i + 1) {
                Some(b'u') => 4,
                Some(b'U') => 6,
                _ => 0,
            };
            if digits > 0 {
                let window = &bytes[(i + 2).min(bytes.len())..(i + 2 + digits).min(bytes.len())];
                let hex = window.len() == digits && window.iter().all(u8::is_ascii_hexdigit);
                // Inside a placeable an escape must be whole; anywhere, one the parser would
                // cut inside a multi-byte character is refused (the panic it avoids).
                let inside = in_string || depth > 0;
                if (inside && !hex) || !window.is_ascii() {
                    return Some((i, Unparseable::BadEscape));
                }
            }
            if in_string {
                i += 2;
                continue;
            }
        }
        if in_string {
            if c == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match c {
            b'"' if depth > 0 => in_string = true,
            b'{' => {
                depth += 1;
                if depth > MAX_FLUENT_DEPTH {
                    return Some((i, Unparseable::TooDeep));
                }
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// One language's messages.
pub struct Locale {
    /// The language tag, as configured.
    pub code: String,
    /// Messages by id (terms are not listed; they are used through messages).
    pub messages: BTreeMap<String, MessageInfo>,
    /// The Fluent files, theme first, in load order (`hoshin check` re-reads their syntax).
    pub files: Vec<(Origin, Arc<SourceFile>)>,
    bundle: FluentBundle<FluentResource>,
    /// Library texts below the site's, by message and attribute (`Locale::with_library`).
    library: library::Texts,
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locale")
            .field("code", &self.code)
            .field("messages", &self.messages.len())
            .finish()
    }
}

impl Locale {
    /// Parses the given Fluent files (theme files first, then site files) into a locale.
    pub fn load(
        code: &str,
        langid: LanguageIdentifier,
        files: Vec<(Origin, Arc<SourceFile>)>,
    ) -> Result<Locale, Diagnostics> {
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        let mut messages: BTreeMap<String, MessageInfo> = BTreeMap::new();
        let mut terms: BTreeMap<String, (Arc<SourceFile>, Range<usize>, Origin)> = BTreeMap::new();
        let mut diags = Diagnostics::new();
        let all_files = files.clone();
        for (origin, file) in files {
            if let Some((at, problem)) = prescan(&file.text) {
                let d = match problem {
                    Unparseable::TooDeep => Diagnostic::error(format!(
                        "placeables nested more than {MAX_FLUENT_DEPTH} deep"
                    ))
                    .at(&file, at..at + 1)
                    .label("too deep here")
                    .help("a message nests `{ … }` two or three levels at most; split it into messages that reference each other"),
                    Unparseable::BadEscape => Diagnostic::error(
                        "Fluent syntax error: a unicode escape needs its hex digits",
                    )
                    .at(&file, at..at + 2)
                    .label("escape here")
                    .help("write `\\u` and four hex digits (`\\u202F`) or `\\U` and six, or type the character itself"),
                };
                diags.push(d.code("fluent-syntax"));
                continue;
            }
            let resource = match FluentResource::try_new(file.text.clone()) {
                Ok(r) => r,
                Err((r, errors)) => {
                    for e in errors {
                        // Point at the start of the broken entry: the parser's own position
                        // is often where it gave up, on the next line.
                        let span = match &e.slice {
                            Some(s) if s.start <= e.pos.start => {
                                let end = file.text[s.start..]
                                    .find('\n')
                                    .map_or(s.end, |n| s.start + n);
                                s.start..end.max(s.start + 1)
                            }
                            _ => e.pos.clone(),
                        };
                        diags.push(
                            Diagnostic::error(format!("Fluent syntax error: {}", e.kind))
                                .code("fluent-syntax")
                                .at(&file, span)
                                .label("here")
                                .help("see https://projectfluent.org/fluent/guide/ for the syntax"),
                        );
                    }
                    r
                }
            };
            let base = resource.source().as_ptr() as usize;
            let span_of = |s: &str| {
                let start = (s.as_ptr() as usize).saturating_sub(base);
                start..start + s.len()
            };
            for entry in resource.entries() {
                match entry {
                    ast::Entry::Message(m) => {
                        let id = m.id.name.to_string();
                        let span = span_of(m.id.name);
                        if let Some(prev) = messages.get(&id) {
                            if prev.origin == origin {
                                diags.push(
                                    Diagnostic::error(format!("duplicate message id `{id}`"))
                                        .code("fluent-duplicate")
                                        .at(&file, span.clone())
                                        .label("defined again here")
                                        .note(format!(
                                            "first defined at {}:{}",
                                            prev.file.display,
                                            prev.file.line_col(prev.span.start).0
                                        )),
                                );
                                continue;
                            }
                        }
                        let mut variables = BTreeSet::new();
                        if let Some(v) = &m.value {
                            collect_variables(v, &mut variables);
                        }
                        let mut attributes = BTreeMap::new();
                        for a in &m.attributes {
                            collect_variables(&a.value, &mut variables);
                            if attributes
                                .insert(a.id.name.to_string(), span_of(a.id.name))
                                .is_some()
                            {
                                diags.push(
                                    Diagnostic::error(format!(
                                        "duplicate attribute `.{}` in `{id}`",
                                        a.id.name
                                    ))
                                    .code("fluent-duplicate")
                                    .at(&file, span_of(a.id.name)),
                                );
                            }
                        }
                        messages.insert(
                            id,
                            MessageInfo {
                                file: Arc::clone(&file),
                                span,
                                has_value: m.value.is_some(),
                                attributes,
                                variables,
                                origin,
                                library: BTreeSet::new(),
                            },
                        );
                    }
                    ast::Entry::Term(t) => {
                        let id = t.id.name.to_string();
                        let span = span_of(t.id.name);
                        if let Some((_, _, prev_origin)) = terms.get(&id) {
                            if *prev_origin == origin {
                                diags.push(
                                    Diagnostic::error(format!("duplicate term id `-{id}`"))
                                        .code("fluent-duplicate")
                                        .at(&file, span.clone())
                                        .label("defined again here"),
                                );
                                continue;
                            }
                        }
                        terms.insert(id, (Arc::clone(&file), span, origin));
                    }
                    _ => {}
                }
            }
            bundle.add_resource_overriding(resource);
        }
        diags.into_result(Locale {
            code: code.to_string(),
            messages,
            files: all_files,
            bundle,
            library: library::Texts::default(),
        })
    }

    /// Resolves a message value (`attr = None`) or attribute, strictly.
    ///
    /// The error says what is missing or why it cannot be resolved; callers attach the
    /// location.
    pub fn text(
        &self,
        id: &str,
        attr: Option<&str>,
        args: Option<&FluentArgs>,
    ) -> Result<String, TextError> {
        let what = |kind| TextError {
            kind,
            id: id.to_string(),
            attr: attr.map(str::to_string),
            locale: self.code.clone(),
        };
        // The site's text first, else the library's (its texts are plain and checked by
        // hoshin's tests), else the error.
        let library = |kind| match self.library_text(id, attr) {
            Some(t) => Ok(t.text.clone()),
            None => Err(what(kind)),
        };
        let Some(message) = self.bundle.get_message(id) else {
            return library(TextErrorKind::NoMessage);
        };
        let pattern = match attr {
            Some(a) => match message.get_attribute(a) {
                Some(a) => a.value(),
                None => return library(TextErrorKind::NoAttribute),
            },
            None => match message.value() {
                Some(v) => v,
                None => return library(TextErrorKind::NoValue),
            },
        };
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned();
        if let Some(e) = errors.first() {
            return Err(what(TextErrorKind::Unresolvable(e.to_string())));
        }
        if text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
            return Err(what(TextErrorKind::Empty));
        }
        if let Some((_, c)) = crate::site::files::forbidden_char(&text) {
            return Err(what(TextErrorKind::Forbidden(c)));
        }
        Ok(text)
    }

    /// Every message without `$variables` resolved, keyed by id and `id.attribute`.
    ///
    /// Templates read UI strings from this map: `{{ ui["skip-link"] }}`.
    pub fn ui_strings(&self) -> Result<BTreeMap<String, String>, Diagnostics> {
        let mut out = BTreeMap::new();
        let mut diags = Diagnostics::new();
        for (id, info) in &self.messages {
            if !info.variables.is_empty() {
                continue;
            }
            let mut put = |key: String, attr: Option<&str>, span: Range<usize>| match self
                .text(id, attr, None)
            {
                Ok(t) => {
                    out.insert(key, t);
                }
                Err(msg) => diags.push(Diagnostic::error(msg.to_string()).at(&info.file, span)),
            };
            if info.has_value {
                put(id.clone(), None, info.span.clone());
            }
            for (a, span) in &info.attributes {
                put(format!("{id}.{a}"), Some(a), span.clone());
            }
        }
        diags.into_result(out)
    }
}

fn collect_variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            collect_in_expression(expression, out);
        }
    }
}

fn collect_in_expression(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            collect_in_inline(selector, out);
            for v in variants {
                collect_variables(&v.value, out);
            }
        }
        ast::Expression::Inline(e) => collect_in_inline(e, out),
    }
}

fn collect_in_inline(e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                collect_in_inline(a, out);
            }
            for a in &arguments.named {
                collect_in_inline(&a.value, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => collect_in_expression(expression, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(code: &str, text: &str) -> Result<Locale, Diagnostics> {
        let f = SourceFile::new(format!("locales/{code}/x.ftl"), "x.ftl", text);
        Locale::load(code, code.parse().unwrap(), vec![(Origin::Site, f)])
    }

    #[test]
    fn resolves_without_isolation_marks() {
        let l = locale("en", "hello = Hello { $name }!\n").unwrap();
        let mut args = FluentArgs::new();
        args.set("name", "Kiwa");
        assert_eq!(l.text("hello", None, Some(&args)).unwrap(), "Hello Kiwa!");
    }

    #[test]
    fn missing_variable_is_an_error_not_a_placeholder() {
        let l = locale("en", "hello = Hello { $name }!\n").unwrap();
        assert!(l.text("hello", None, None).is_err());
        assert!(l.text("nope", None, None).is_err());
    }

    #[test]
    fn syntax_errors_and_duplicates_are_located() {
        let e = locale("en", "ok = fine\nbad = { \n").unwrap_err();
        assert_eq!(e.0[0].position().unwrap().1, 2, "{}", e.0[0]);
        let e = locale("en", "a = 1\nb = 2\na = 3\n").unwrap_err();
        assert!(e.0[0].message.contains("duplicate message id `a`"));
        assert_eq!(e.0[0].position().unwrap().1, 3);
    }

    #[test]
    fn deep_nesting_is_a_located_error_not_a_crash() {
        let deep = format!(
            "ok = fine\nx = {}1{}\n",
            "{ ".repeat(3000),
            " }".repeat(3000)
        );
        let e = locale("en", &deep).unwrap_err();
        assert!(e.0[0].message.contains("nested more than"), "{}", e.0[0]);
        assert_eq!(e.0[0].position().unwrap().1, 2);
        let mut selects = String::from("x = ");
        for _ in 0..101 {
            selects.push_str("{ $n ->\n *[other] ");
        }
        selects.push('x');
        for _ in 0..101 {
            selects.push_str("\n}");
        }
        assert!(locale("en", &format!("{selects}\n")).is_err());
        // Braces in string literals and comments do not count.
        let fine = format!("# {}\nx = {{ \"{}\" }}\n", "{".repeat(40), "{".repeat(40));
        assert!(locale("en", &fine).is_ok());
        // A truncated escape before a multi-byte character made fluent-syntax panic.
        let e = locale("en", "rlo = Pay { \"\\u2é\" }\n").unwrap_err();
        assert!(e.0[0].message.contains("unicode escape"), "{}", e.0[0]);
        assert!(locale("en", "ok = { \"\\u00e9\\U01F600\" }\n").is_ok());
        let e = locale("en", "a = {c\\u202E\" }x\nb = { \"\\u2é00B\" }\n").unwrap_err();
        assert!(
            e.0.iter().any(|d| d.message.contains("unicode escape")),
            "{e:?}"
        );
        assert!(locale("en", "path = C:\\users\\unknown\n").is_ok());
    }

    #[test]
    fn escaped_controls_overrides_and_invisible_texts_are_refused() {
        let l = locale(
            "en",
            "rlo = Pay { \"\\u202E\" }here\nnul = a{ \"\\u0000\" }b\nzw = { \"\\u200B\" }\nok = fine\n",
        )
        .unwrap();
        let kind = |id: &str| l.text(id, None, None).unwrap_err().kind;
        assert_eq!(kind("rlo"), TextErrorKind::Forbidden('\u{202E}'));
        assert_eq!(kind("nul"), TextErrorKind::Forbidden('\0'));
        assert_eq!(kind("zw"), TextErrorKind::Empty);
        assert_eq!(l.text("ok", None, None).unwrap(), "fine");
    }
}
