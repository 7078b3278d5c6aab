//! The links between pages: hreflang alternates and the language switcher.

use serde::Serialize;

use crate::render::routes;
use crate::site::Site;

#[derive(Serialize)]
pub(super) struct Alternate {
    hreflang: String,
    href: String,
}

#[derive(Serialize)]
pub(super) struct LanguageLink {
    code: String,
    name: String,
    href: String,
    current: bool,
}

/// The language switcher on the page at `from`: every language, its name in itself, and the
/// link to the same page in it (`route_in` gives that page's route).
pub(super) fn language_links(
    site: &Site,
    from: &str,
    route_in: impl Fn(&str) -> String,
    current: Option<&str>,
) -> Vec<LanguageLink> {
    let root = routes::root_of(from);
    site.languages()
        .iter()
        .map(|l| LanguageLink {
            code: l.code().to_string(),
            name: l.name.clone(),
            href: concat(&[&root, &route_in(l.code())]),
            current: current == Some(l.code()),
        })
        .collect()
}

/// The strings one after another, in a string allocated once: `format!("{a}{b}")` starts
/// from an empty string and grows it (a reallocation per argument), several times per page.
pub(super) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Absolute hreflang alternates from `(hreflang, path)` pairs.
pub(super) fn alternates(base: &str, paths: &[(String, String)]) -> Vec<Alternate> {
    paths
        .iter()
        .map(|(code, path)| Alternate {
            hreflang: code.clone(),
            href: concat(&[base, path]),
        })
        .collect()
}

/// `(hreflang, route)` for every language plus `x-default`.
pub(super) fn alternate_paths(
    site: &Site,
    route_in: impl Fn(&str) -> String,
    x_default: String,
) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = site
        .languages()
        .iter()
        .map(|l| (l.code().to_string(), route_in(l.code())))
        .collect();
    v.push(("x-default".into(), x_default));
    v
}
