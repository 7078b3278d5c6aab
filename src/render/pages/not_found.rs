//! The 404 page: every language says the address does not exist and links to its home.

use serde::Serialize;

use super::{routes, LanguageSetup, Templates};
use crate::diagnostics::Diagnostic;
use crate::site::Site;

#[derive(Serialize)]
struct NotFoundLanguage {
    code: String,
    title: String,
    body: String,
    home: String,
    home_label: String,
}

#[derive(Serialize)]
struct NotFoundContext<'a> {
    lang: &'a str,
    title: String,
    root: String,
    languages: Vec<NotFoundLanguage>,
}

/// The page a server shows for an address that does not exist: every language says so and
/// links to its home. It may be served at any depth, so links start at the base URL's path.
pub(super) fn not_found(
    site: &Site,
    templates: &Templates,
    setups: &[LanguageSetup],
) -> Result<Vec<u8>, Diagnostic> {
    let root = base_path(&site.config.base_url);
    let one = setups.len() == 1;
    let languages: Vec<NotFoundLanguage> = setups
        .iter()
        .map(|s| NotFoundLanguage {
            code: s.code().to_string(),
            title: s.string("not-found-title"),
            body: s.string("not-found-body"),
            home: match one {
                true => root.clone(),
                false => format!("{root}{}", routes::language_home(s.code())),
            },
            home_label: s.string("not-found-home"),
        })
        .collect();
    let ctx = NotFoundContext {
        lang: site.source().code(),
        title: languages
            .iter()
            .map(|l| l.title.as_str())
            .collect::<Vec<_>>()
            .join(" / "),
        root,
        languages,
    };
    templates.render_with_ui("not_found.html", &ctx, &setups[0].ui)
}

/// The path of a base URL (`https://e.jp/policy/` → `/policy/`).
fn base_path(base: &str) -> String {
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    }
}

/// True when a base URL has no path (`https://example.com/`).
pub(super) fn is_host_root(base: &str) -> bool {
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    rest.trim_end_matches('/').find('/').is_none()
}
