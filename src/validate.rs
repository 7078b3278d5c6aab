//! The validate stage: the checks that need the whole site loaded, before anything is
//! localised. Every locale is compared with the source language's: missing and obsolete
//! messages and attributes, values present in one language only, `$variables` used
//! differently.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::site::library_texts::{library_languages, LIBRARY_NAME};
use crate::site::locale::{Locale, Origin};
use crate::site::messages::{kept_terms, needed_texts, SITE_MESSAGES};
use crate::site::Site;

/// The validate stage: checks that need the whole site loaded, plus the warnings loading
/// found (so build, `check` and `serve` all report them).
///
/// With `[build] fallback = "source"`, a policy text (the message of a `policy.toml` item)
/// missing in a translation is a warning: the page shows the source language's text.
pub fn validate(site: &Site) -> Diagnostics {
    let source = &site.source().locale;
    let others: Vec<&Locale> = site.translations().iter().map(|l| &*l.locale).collect();
    // Policy texts may fall back to the source language when the site allows it.
    let fallback: std::collections::BTreeSet<String> = match site.config.fallback {
        crate::site::config::Fallback::Source => site
            .policies
            .iter()
            .flat_map(|p| needed_texts(&p.data))
            .map(|t| t.message_id())
            .collect(),
        crate::site::config::Fallback::None => Default::default(),
    };
    let mut diags = site.warnings.clone();
    for policy in &site.policies {
        diags.extend(policy.warnings.clone());
    }
    diags.extend(site_messages(site));
    diags.extend(shared_texts(site));
    // Glossary terms that keep their language are written in that language's locale only.
    let own_language: BTreeSet<String> = site
        .policies
        .iter()
        .flat_map(|p| kept_terms(&p.data))
        .map(|t| t.message_id())
        .collect();
    diags.extend(compare_locales(source, &others, &fallback, &own_language));
    diags
}

/// The messages every site defines itself ([`SITE_MESSAGES`]), checked with the rest so one
/// run reports every missing text. A message the source language has is reported for a
/// translation by [`compare_locales`]; here only those the source lacks too.
fn site_messages(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let source = &site.source().locale;
    for lang in site.languages() {
        for id in SITE_MESSAGES {
            let has = |l: &Locale| l.messages.get(id).is_some_and(|m| m.has_value);
            if !has(&lang.locale) && !has(source) {
                diags.push(
                    Diagnostic::error(format!("message `{id}` is missing in `{}`", lang.code()))
                        .help(format!(
                            "add `{id} = …` to locales/{}/site.ftl",
                            lang.code()
                        )),
                );
            }
        }
    }
    diags
}

/// Two policies needing the same message: item texts are looked up by message id across the
/// whole site, so the second policy would silently show the first one's text. Each is an
/// error at the later policy's item, naming the earlier one.
fn shared_texts(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut owners: HashMap<String, (&str, &Arc<SourceFile>, usize)> = HashMap::new();
    for policy in &site.policies {
        let mut reported = BTreeSet::new();
        for text in needed_texts(&policy.data) {
            if text.kind.site_wide() {
                continue;
            }
            let id = text.message_id();
            let span = text.id.span();
            match owners.get(&id) {
                None => {
                    owners.insert(id, (&policy.slug, &policy.data_file, span.start));
                }
                Some((slug, _, _)) if *slug == policy.slug => {}
                Some(_) if !reported.insert(id.clone()) => {}
                Some((slug, file, at)) => {
                    let item = text.id.get_ref();
                    diags.push(
                        Diagnostic::error(format!(
                            "policies `{slug}` and `{}` both need the message `{id}`",
                            policy.slug
                        ))
                        .at(&policy.data_file, span)
                        .label(format!("this {} would show `{slug}`'s text", text.kind.prefix()))
                        .note(format!(
                            "`{slug}` uses the id at {}:{}",
                            file.display,
                            file.line_col(*at).0
                        ))
                        .help(format!(
                            "texts are found by message id across the whole site: give this item an id of its own (e.g. `{}-{item}`) and write its texts",
                            policy.slug
                        )),
                    );
                }
            }
        }
    }
    diags
}

/// Checks every locale against the source locale: missing and obsolete messages and
/// attributes, values present in one language only, and `$variables` used differently.
///
/// A message (or attribute of a message) whose id is in `fallback` may be missing in a
/// translation: that is a warning, because the page shows the source text instead
/// (`[build] fallback = "source"`). A message whose id is in `own_language` lives in one
/// language only (a glossary term that keeps its language) and is not compared.
pub fn compare_locales(
    source: &Locale,
    others: &[&Locale],
    fallback: &BTreeSet<String>,
    own_language: &BTreeSet<String>,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let missing = |id: &str, message: String| {
        if fallback.contains(id) {
            Diagnostic::warning(message).note(format!(
                "build.fallback = \"source\": pages show the `{}` text, marked with its language",
                source.code
            ))
        } else {
            Diagnostic::error(message)
        }
    };
    for other in others {
        for (id, src) in &source.messages {
            if own_language.contains(id) {
                continue;
            }
            let Some(tr) = other.messages.get(id) else {
                let d = missing(id, format!("message `{id}` is missing in `{}`", other.code))
                    .code("fluent-missing")
                    .at(&src.file, src.span.clone());
                diags.push(if src.origin == Origin::Library {
                    library_missing(d, id, &other.code)
                } else {
                    d.label(format!("defined in `{}` only", source.code))
                        .help(format!(
                            "add `{id} = …` to a file in locales/{}/",
                            other.code
                        ))
                });
                continue;
            };
            if src.has_value != tr.has_value {
                let (which, info) = if src.has_value {
                    (&other.code, tr)
                } else {
                    (&source.code, src)
                };
                diags.push(
                    Diagnostic::error(format!("message `{id}` has no value in `{which}` but has one in the other language"))
                        .code("fluent-value-mismatch")
                        .at(&info.file, info.span.clone()),
                );
            }
            for (attr, span) in &src.attributes {
                if tr.attributes.contains_key(attr) {
                    continue;
                }
                let d = missing(
                    id,
                    format!("attribute `{id}.{attr}` is missing in `{}`", other.code),
                )
                .code("fluent-missing")
                .at(&tr.file, tr.span.clone())
                .label(format!("needs `.{attr} = …`"));
                diags.push(if src.from_library(Some(attr)) {
                    d.help(format!(
                        "`{}` takes it from {LIBRARY_NAME}, which has this text only in {}: add `.{attr} = …` here",
                        source.code,
                        library_languages()
                    ))
                } else {
                    d.note(format!(
                        "`{}` defines it at {}:{}",
                        source.code,
                        src.file.display,
                        src.file.line_col(span.start).0
                    ))
                });
            }
            for (attr, span) in &tr.attributes {
                if !src.attributes.contains_key(attr) && !tr.from_library(Some(attr)) {
                    diags.push(
                        Diagnostic::warning(format!(
                            "attribute `{id}.{attr}` is not in the source language `{}`",
                            source.code
                        ))
                        .code("fluent-obsolete")
                        .at(&tr.file, span.clone())
                        .label("obsolete or misspelt"),
                    );
                }
            }
            if src.variables != tr.variables {
                let list = |s: &BTreeSet<String>| {
                    s.iter()
                        .map(|v| format!("${v}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                diags.push(
                    Diagnostic::error(format!(
                        "message `{id}` uses different variables in `{}`",
                        other.code
                    ))
                    .code("fluent-variables")
                    .at(&tr.file, tr.span.clone())
                    .label(format!("uses [{}]", list(&tr.variables)))
                    .note(format!(
                        "`{}` uses [{}]",
                        source.code,
                        list(&src.variables)
                    )),
                );
            }
        }
        for (id, tr) in &other.messages {
            // A library text the source language lacks is reported where the source's text
            // is needed (localise), at the item's id.
            if !source.messages.contains_key(id)
                && tr.origin != Origin::Library
                && !own_language.contains(id)
            {
                diags.push(
                    Diagnostic::warning(format!(
                        "message `{id}` is not in the source language `{}`",
                        source.code
                    ))
                    .code("fluent-obsolete")
                    .at(&tr.file, tr.span.clone())
                    .label("obsolete or misspelt")
                    .help(format!(
                        "remove it, or add it to locales/{}/ first",
                        source.code
                    )),
                );
            }
        }
    }
    diags
}

/// The error for a library item's text missing in a language the library lacks, at the
/// item's id in `policy.toml` (the library has no file to point at).
fn library_missing(d: Diagnostic, id: &str, lang: &str) -> Diagnostic {
    d.label(format!("taken from {LIBRARY_NAME} (`library = true`)"))
        .help(format!(
            "{LIBRARY_NAME} has this text only in {}: add `{id} = …` to a file in locales/{lang}/",
            library_languages()
        ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;
    use crate::site::locale::Origin;

    fn locale(code: &str, text: &str) -> Result<Locale, Diagnostics> {
        let f = SourceFile::new(format!("locales/{code}/x.ftl"), "x.ftl", text);
        Locale::load(code, code.parse().unwrap(), vec![(Origin::Site, f)])
    }

    #[test]
    fn compare_finds_missing_obsolete_and_variable_mismatch() {
        let ja = locale("ja", "a = あ\nb = { $x }\nc = う\n    .notice = え\n").unwrap();
        let en = locale("en", "b = { $y }\nc = u\nz = obsolete\n").unwrap();
        let d = compare_locales(&ja, &[&en], &BTreeSet::new(), &BTreeSet::new());
        let msgs: Vec<String> = d.0.iter().map(|d| d.message.clone()).collect();
        assert!(
            msgs.iter().any(|m| m == "message `a` is missing in `en`"),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m == "attribute `c.notice` is missing in `en`"),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("different variables")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("`z` is not in the source")),
            "{msgs:?}"
        );
    }

    #[test]
    fn a_term_kept_in_one_language_is_not_compared() {
        let ja = locale("ja", "term-dogeza = 土下座\nglossary-dogeza = 謝罪\n").unwrap();
        let en = locale("en", "glossary-dogeza = apology\nterm-brand = Brand\n").unwrap();
        let own: BTreeSet<String> = ["term-dogeza", "term-brand"].map(String::from).into();
        let d = compare_locales(&ja, &[&en], &BTreeSet::new(), &own);
        assert!(d.0.is_empty(), "{:?}", d.0);
        let d = compare_locales(&ja, &[&en], &BTreeSet::new(), &BTreeSet::new());
        assert_eq!(d.0.len(), 2, "{:?}", d.0);
    }
}
