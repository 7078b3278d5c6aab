//! Checks of the parts of `policy.toml` that sign and round off a policy: `[[signatures]]`
//! and `[[glossary]]` (ids, and the language a term keeps), and the language a definition's
//! cited document is in. `[contact]` is checked with the
//! other addresses in [`super::check_links`].

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceFile};
use crate::site::config::{is_slug, Config};
use crate::site::content::data::PolicyData;

/// Signature and glossary ids are slugs, unique within their kind; a term's `lang` is one of
/// the site's languages, written as `hoshin.toml` writes it.
pub(super) fn check(file: &Arc<SourceFile>, data: &PolicyData, config: &Config) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let kinds = [
        ("signature", data.signatures.iter().map(|s| &s.id).collect()),
        ("glossary", data.glossary.iter().map(|t| &t.id).collect()),
    ];
    for (kind, ids) in kinds {
        let ids: Vec<&toml::Spanned<String>> = ids;
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for id in ids {
            let s = id.get_ref().as_str();
            if !is_slug(s) {
                diags.push(
                    Diagnostic::error(format!("invalid {kind} id `{s}`"))
                        .at(file, id.span())
                        .help("ids are lowercase ASCII letters, digits and hyphens; they name Fluent messages"),
                );
            }
            if let Some(first) = seen.insert(s, id.span().start) {
                diags.push(
                    Diagnostic::error(format!("duplicate {kind} id `{s}`"))
                        .at(file, id.span())
                        .label("used again here")
                        .note(format!("first used on line {}", file.line_col(first).0)),
                );
            }
        }
    }
    // A cited document's language needs no page of its own, but must be a language tag.
    for lang in data.definitions.iter().filter_map(|d| d.lang.as_ref()) {
        if lang
            .get_ref()
            .parse::<unic_langid::LanguageIdentifier>()
            .is_err()
        {
            diags.push(
                Diagnostic::error(format!("`{}` is not a language tag", lang.get_ref()))
                    .at(file, lang.span())
                    .label("the cited document's language")
                    .help("write a BCP 47 language tag: `ja`, `en`, `zh-Hant`"),
            );
        }
    }
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    for term in &data.glossary {
        let Some(lang) = &term.lang else { continue };
        if codes.contains(&lang.get_ref().as_str()) {
            continue;
        }
        let mut d = Diagnostic::error(format!(
            "the glossary term `{}` keeps the language `{}`, which the site does not have",
            term.id.get_ref(),
            lang.get_ref()
        ))
        .at(file, lang.span())
        .label("not a language of hoshin.toml")
        .note(format!(
            "the term is written in that language's locale (`term-{}` in locales/{}/); the site's languages: {}",
            term.id.get_ref(),
            lang.get_ref(),
            codes.join(", ")
        ));
        if let Some(s) = did_you_mean(lang.get_ref(), codes.iter().copied()) {
            d = d.help(format!("did you mean `{s}`?"));
        } else {
            d = d.help("add a `[[languages]]` entry to hoshin.toml, or name one of its languages");
        }
        diags.push(d);
    }
    diags
}
