//! Fluent checks that need the syntax tree, per locale and against the source locale.
//!
//! The load and validate stages already report syntax errors (a selector without a default
//! variant is one), duplicate ids, missing and obsolete messages and attributes, values present
//! in one language only and `$variables` used differently. This module adds:
//!
//! | code | severity | finding |
//! |---|---|---|
//! | `fluent-missing-term` | warning | a term of the source locale is not in a translation |
//! | `fluent-obsolete-term` | warning | a term of a translation is not in the source locale |
//! | `fluent-unknown-reference` | error | `{ other-message }` or `{ -term }` (or its attribute) does not exist |
//! | `fluent-unreachable-variant` | warning | a plural variant the locale's CLDR rules never select (`[one]` in `ja`) |
//! | `fluent-bidi-mark` | error | an invisible bidi control character (U+2066–U+2069, U+202A–U+202E) |
//! | `fluent-raw-html` | error | an HTML tag or entity, which a page would show as text |
//!
//! Terms are private to a locale in Fluent's design (a translation may not need the source's
//! `-brand` term), so missing and obsolete terms are warnings; a reference to a term that does
//! not exist is an error.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use fluent_syntax::ast;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

mod parsed;
pub(crate) use parsed::Parsed;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::site::locale::Locale;
use crate::site::Site;

/// A term of a locale: where it is defined and its attributes.
#[derive(Debug, Clone)]
struct TermInfo {
    file: Arc<SourceFile>,
    span: Range<usize>,
    attributes: BTreeSet<String>,
}

/// Runs the syntax-tree checks on every locale of the site.
pub fn check(site: &Site, parsed: &Parsed) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let source = &*site.source().locale;
    let source_terms = terms(source, parsed);
    for lang in site.languages() {
        let locale = &*lang.locale;
        let locale_terms = if lang.language.is_source() {
            source_terms.clone()
        } else {
            let t = terms(locale, parsed);
            compare_terms(source, &source_terms, locale, &t, &mut diags);
            t
        };
        let plural = PluralSets::new(&lang.language.tag);
        for (_, file) in &locale.files {
            let resource = parsed.get(file);
            let mut walker = Walker {
                file,
                locale,
                terms: &locale_terms,
                plural: &plural,
                diags: &mut diags,
            };
            for entry in &resource.body {
                match entry {
                    ast::Entry::Message(m) => {
                        if let Some(v) = &m.value {
                            walker.pattern(v);
                        }
                        for a in &m.attributes {
                            walker.pattern(&a.value);
                        }
                    }
                    ast::Entry::Term(t) => {
                        walker.pattern(&t.value);
                        for a in &t.attributes {
                            walker.pattern(&a.value);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    diags
}

/// Ids of the messages other messages of `locale` refer to (`{ site-title }`).
pub fn referenced_messages(locale: &Locale, parsed: &Parsed) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, file) in &locale.files {
        let resource = parsed.get(file);
        let mut refs = Vec::new();
        for entry in &resource.body {
            let patterns: Vec<&ast::Pattern<&str>> = match entry {
                ast::Entry::Message(m) => m
                    .value
                    .iter()
                    .chain(m.attributes.iter().map(|a| &a.value))
                    .collect(),
                ast::Entry::Term(t) => std::iter::once(&t.value)
                    .chain(t.attributes.iter().map(|a| &a.value))
                    .collect(),
                _ => Vec::new(),
            };
            for p in patterns {
                collect_message_refs(p, &mut refs);
            }
        }
        out.extend(refs.into_iter().map(str::to_string));
    }
    out
}

/// Parses a file that already loaded once; a broken entry becomes junk and is skipped.
pub(crate) fn parse(file: &SourceFile) -> ast::Resource<&str> {
    match fluent_syntax::parser::parse(file.text.as_str()) {
        Ok(r) => r,
        Err((r, _)) => r,
    }
}

fn span_of(file: &SourceFile, s: &str) -> Range<usize> {
    let start = file.offset_of(s).unwrap_or(0);
    start..start + s.len()
}

fn terms(locale: &Locale, parsed: &Parsed) -> BTreeMap<String, TermInfo> {
    let mut out = BTreeMap::new();
    for (_, file) in &locale.files {
        for entry in &parsed.get(file).body {
            if let ast::Entry::Term(t) = entry {
                out.insert(
                    t.id.name.to_string(),
                    TermInfo {
                        file: Arc::clone(file),
                        span: span_of(file, t.id.name),
                        attributes: t.attributes.iter().map(|a| a.id.name.to_string()).collect(),
                    },
                );
            }
        }
    }
    out
}

fn compare_terms(
    source: &Locale,
    source_terms: &BTreeMap<String, TermInfo>,
    other: &Locale,
    other_terms: &BTreeMap<String, TermInfo>,
    diags: &mut Diagnostics,
) {
    for (id, t) in source_terms {
        if !other_terms.contains_key(id) {
            diags.push(
                Diagnostic::warning(format!("term `-{id}` is missing in `{}`", other.code))
                    .code("fluent-missing-term")
                    .at(&t.file, t.span.clone())
                    .label(format!("defined in `{}` only", source.code))
                    .help(format!(
                        "add `-{id} = …` to locales/{}/ if the translation needs it",
                        other.code
                    )),
            );
        }
    }
    for (id, t) in other_terms {
        if !source_terms.contains_key(id) {
            diags.push(
                Diagnostic::warning(format!(
                    "term `-{id}` is not in the source language `{}`",
                    source.code
                ))
                .code("fluent-obsolete-term")
                .at(&t.file, t.span.clone())
                .label("obsolete or misspelt"),
            );
        }
    }
}

/// The CLDR plural categories a locale can select, cardinal and ordinal.
struct PluralSets {
    cardinal: Option<BTreeSet<&'static str>>,
    ordinal: Option<BTreeSet<&'static str>>,
}

impl PluralSets {
    fn new(tag: &unic_langid::LanguageIdentifier) -> PluralSets {
        PluralSets {
            cardinal: categories(tag, PluralRuleType::CARDINAL),
            ordinal: categories(tag, PluralRuleType::ORDINAL),
        }
    }
}

/// The categories a locale's rules select, found by sampling numbers.
///
/// `intl_pluralrules` has no list of categories; integers 0–1000, millions and a few decimals
/// reach every category CLDR defines (its own rule samples stay inside that range).
fn categories(
    langid: &unic_langid::LanguageIdentifier,
    kind: PluralRuleType,
) -> Option<BTreeSet<&'static str>> {
    let rules = PluralRules::create(langid.clone(), kind).ok()?;
    let mut out = BTreeSet::new();
    let mut add = |c: PluralCategory| {
        out.insert(category_name(c));
    };
    for n in (0u64..=1000).chain([1_000_000, 2_000_000, 1_000_000_000]) {
        if let Ok(c) = rules.select(n) {
            add(c);
        }
    }
    for s in [
        "0.0",
        "0.1",
        "0.5",
        "1.0",
        "1.1",
        "1.5",
        "2.0",
        "2.1",
        "2.5",
        "3.5",
        "5.5",
        "10.0",
        "10.5",
        "100.5",
        "1000000.0",
    ] {
        if let Ok(c) = rules.select(s) {
            add(c);
        }
    }
    Some(out)
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

const CLDR_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

struct Walker<'a> {
    file: &'a Arc<SourceFile>,
    locale: &'a Locale,
    terms: &'a BTreeMap<String, TermInfo>,
    plural: &'a PluralSets,
    diags: &'a mut Diagnostics,
}

impl Walker<'_> {
    fn pattern(&mut self, p: &ast::Pattern<&str>) {
        for element in &p.elements {
            match element {
                ast::PatternElement::TextElement { value } => self.text(value),
                ast::PatternElement::Placeable { expression } => self.expression(expression),
            }
        }
    }

    fn text(&mut self, value: &str) {
        let base = self.file.offset_of(value).unwrap_or(0);
        for (i, c) in value.char_indices() {
            if matches!(c, '\u{2066}'..='\u{2069}' | '\u{202A}'..='\u{202E}') {
                self.diags.push(
                    Diagnostic::error(format!(
                        "invisible bidi control character U+{:04X} in a message",
                        c as u32
                    ))
                    .code("fluent-bidi-mark")
                    .at(self.file, base + i..base + i + c.len_utf8())
                    .label("here")
                    .help("delete it: it was probably copied from formatted output, and it would reach the page unseen"),
                );
            }
        }
        if let Some((i, len)) = find_html(value) {
            self.diags.push(
                Diagnostic::error(format!("raw HTML `{}` in a message", &value[i..i + len]))
                    .code("fluent-raw-html")
                    .at(self.file, base + i..base + i + len)
                    .label("a page shows this as text, not markup")
                    .help("write plain text; emphasis and links belong in the Markdown document or the theme"),
            );
        }
    }

    fn expression(&mut self, e: &ast::Expression<&str>) {
        match e {
            ast::Expression::Inline(i) => self.inline(i),
            ast::Expression::Select { selector, variants } => {
                self.inline(selector);
                self.variants(selector, variants);
                for v in variants {
                    self.pattern(&v.value);
                }
            }
        }
    }

    fn variants(
        &mut self,
        selector: &ast::InlineExpression<&str>,
        variants: &[ast::Variant<&str>],
    ) {
        let (set, kind) = match selector {
            ast::InlineExpression::VariableReference { .. } => (&self.plural.cardinal, "cardinal"),
            ast::InlineExpression::FunctionReference { id, arguments } if id.name == "NUMBER" => {
                let ordinal = arguments.named.iter().any(|a| {
                    a.name.name == "type"
                        && matches!(&a.value, ast::InlineExpression::StringLiteral { value } if *value == "ordinal")
                });
                if ordinal {
                    (&self.plural.ordinal, "ordinal")
                } else {
                    (&self.plural.cardinal, "cardinal")
                }
            }
            _ => return,
        };
        let Some(set) = set else { return };
        for v in variants {
            if let ast::VariantKey::Identifier { name } = &v.key {
                if CLDR_CATEGORIES.contains(name) && !set.contains(name) {
                    let available: Vec<&str> = set.iter().copied().collect();
                    self.diags.push(
                        Diagnostic::warning(format!(
                            "variant `[{name}]` is never selected in `{}`",
                            self.locale.code
                        ))
                        .code("fluent-unreachable-variant")
                        .at(self.file, span_of(self.file, name))
                        .label(format!(
                            "`{}` has no `{name}` {kind} plural category",
                            self.locale.code
                        ))
                        .note(format!(
                            "CLDR {kind} categories of `{}`: {}",
                            self.locale.code,
                            available.join(", ")
                        ))
                        .help("match an exact number such as `[1]` instead, or remove the variant"),
                    );
                }
            }
        }
    }

    fn inline(&mut self, e: &ast::InlineExpression<&str>) {
        match e {
            ast::InlineExpression::MessageReference { id, attribute } => {
                match self.locale.messages.get(id.name) {
                    None => {
                        let mut d = Diagnostic::error(format!(
                            "reference to unknown message `{}` in `{}`",
                            id.name, self.locale.code
                        ))
                        .code("fluent-unknown-reference")
                        .at(self.file, span_of(self.file, id.name))
                        .label("no such message");
                        if let Some(s) =
                            did_you_mean(id.name, self.locale.messages.keys().map(String::as_str))
                        {
                            d = d.help(format!("did you mean `{s}`?"));
                        }
                        self.diags.push(d);
                    }
                    Some(info) => {
                        if let Some(a) = attribute {
                            if !info.attributes.contains_key(a.name) {
                                self.diags.push(
                                    Diagnostic::error(format!(
                                        "reference to unknown attribute `{}.{}` in `{}`",
                                        id.name, a.name, self.locale.code
                                    ))
                                    .code("fluent-unknown-reference")
                                    .at(self.file, span_of(self.file, a.name))
                                    .label("no such attribute"),
                                );
                            }
                        }
                    }
                }
            }
            ast::InlineExpression::TermReference {
                id,
                attribute,
                arguments,
            } => {
                match self.terms.get(id.name) {
                    None => {
                        let mut d = Diagnostic::error(format!(
                            "reference to unknown term `-{}` in `{}`",
                            id.name, self.locale.code
                        ))
                        .code("fluent-unknown-reference")
                        .at(self.file, span_of(self.file, id.name))
                        .label("no such term");
                        if let Some(s) =
                            did_you_mean(id.name, self.terms.keys().map(String::as_str))
                        {
                            d = d.help(format!("did you mean `-{s}`?"));
                        }
                        self.diags.push(d);
                    }
                    Some(t) => {
                        if let Some(a) = attribute {
                            if !t.attributes.contains(a.name) {
                                self.diags.push(
                                    Diagnostic::error(format!(
                                        "reference to unknown attribute `-{}.{}` in `{}`",
                                        id.name, a.name, self.locale.code
                                    ))
                                    .code("fluent-unknown-reference")
                                    .at(self.file, span_of(self.file, a.name))
                                    .label("no such attribute"),
                                );
                            }
                        }
                    }
                }
                if let Some(args) = arguments {
                    self.arguments(args);
                }
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => self.arguments(arguments),
            ast::InlineExpression::Placeable { expression } => self.expression(expression),
            _ => {}
        }
    }

    fn arguments(&mut self, args: &ast::CallArguments<&str>) {
        for a in &args.positional {
            self.inline(a);
        }
        for a in &args.named {
            self.inline(&a.value);
        }
    }
}

fn collect_message_refs<'s>(p: &ast::Pattern<&'s str>, out: &mut Vec<&'s str>) {
    fn inline<'s>(e: &ast::InlineExpression<&'s str>, out: &mut Vec<&'s str>) {
        match e {
            ast::InlineExpression::MessageReference { id, .. } => out.push(id.name),
            ast::InlineExpression::Placeable { expression } => expr(expression, out),
            ast::InlineExpression::FunctionReference { arguments, .. }
            | ast::InlineExpression::TermReference {
                arguments: Some(arguments),
                ..
            } => {
                for a in &arguments.positional {
                    inline(a, out);
                }
                for a in &arguments.named {
                    inline(&a.value, out);
                }
            }
            _ => {}
        }
    }
    fn expr<'s>(e: &ast::Expression<&'s str>, out: &mut Vec<&'s str>) {
        match e {
            ast::Expression::Inline(i) => inline(i, out),
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    collect_message_refs(&v.value, out);
                }
            }
        }
    }
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expr(expression, out);
        }
    }
}

/// The first HTML tag (`<b>`, `</p>`, `<br/>`, `<!--`) or entity (`&amp;`, `&#8230;`) in `s`,
/// as (byte offset, length). `a < b` and `AT&T` are not HTML.
fn find_html(s: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => {
                let rest = &s[i + 1..];
                let tag = rest.strip_prefix('/').unwrap_or(rest);
                let starts_tag =
                    tag.starts_with(|c: char| c.is_ascii_alphabetic()) || rest.starts_with("!--");
                if starts_tag {
                    if let Some(end) = rest.find('>') {
                        let inner = &rest[..end];
                        if !inner.contains('<') && !inner.contains('\n') {
                            return Some((i, end + 2));
                        }
                    }
                }
            }
            b'&' => {
                let rest = &s[i + 1..];
                let name_len = rest
                    .strip_prefix('#')
                    .map(|r| 1 + r.chars().take_while(|c| c.is_ascii_alphanumeric()).count())
                    .unwrap_or_else(|| {
                        rest.chars()
                            .take_while(|c| c.is_ascii_alphanumeric())
                            .count()
                    });
                if name_len > 1 && rest[name_len..].starts_with(';') {
                    return Some((i, name_len + 2));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_found_and_plain_text_is_not() {
        assert_eq!(find_html("a <b>bold</b>"), Some((2, 3)));
        assert_eq!(find_html("x &amp; y"), Some((2, 5)));
        assert_eq!(find_html("x &#8230;"), Some((2, 7)));
        assert_eq!(find_html("a < b and b > c"), None);
        assert_eq!(find_html("AT&T; 1 <2"), None);
        assert_eq!(find_html("〈注〉※これらに限りません"), None);
    }

    #[test]
    fn japanese_has_only_other_and_english_has_one() {
        let ja = PluralSets::new(&"ja".parse().unwrap());
        assert_eq!(
            ja.cardinal.unwrap().into_iter().collect::<Vec<_>>(),
            ["other"]
        );
        let en = PluralSets::new(&"en".parse().unwrap());
        assert!(en.cardinal.as_ref().unwrap().contains("one"));
        assert!(en.ordinal.as_ref().unwrap().contains("few"));
    }
}
