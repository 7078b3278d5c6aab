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

/// Where a Fluent file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The theme's UI strings.
    Theme,
    /// The site's own locales folder.
    Site,
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
    /// Theme or site.
    pub origin: Origin,
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
    /// The message resolves to whitespace only.
    Empty,
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
        }
    }
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
        let Some(message) = self.bundle.get_message(id) else {
            return Err(what(TextErrorKind::NoMessage));
        };
        let pattern = match attr {
            Some(a) => message
                .get_attribute(a)
                .map(|a| a.value())
                .ok_or_else(|| what(TextErrorKind::NoAttribute))?,
            None => message
                .value()
                .ok_or_else(|| what(TextErrorKind::NoValue))?,
        };
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned();
        if let Some(e) = errors.first() {
            return Err(what(TextErrorKind::Unresolvable(e.to_string())));
        }
        if text.trim().is_empty() {
            return Err(what(TextErrorKind::Empty));
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
}
