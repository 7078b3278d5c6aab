//! The texts of a policy's notices, resolved once per language: the policy's notice message,
//! the labels of the examples marked for the notice, the organisation, the date and the link.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use rayon::prelude::*;

use super::MAX_LABELS;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::localise::{DateView, Localiser};
use crate::render::pages::LanguageSetup;
use crate::render::{qr, routes};
use crate::site::content::data::Example;
use crate::site::content::{DateKind, Policy};
use crate::site::messages::{location_message, notice_message, ItemKind, NOTICE_ATTRIBUTES};
use crate::site::Site;

/// QR codes by URL: a URL's code never changes, and encoding one (all eight masks tried) is
/// most of a small site's notice time, so `serve` keeps them across rebuilds.
#[derive(Debug, Default)]
pub struct QrCache(Mutex<HashMap<String, Result<String, String>>>);

impl QrCache {
    pub(super) fn svg(&self, url: &str) -> Result<String, String> {
        if let Some(svg) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(url) {
            return svg.clone();
        }
        let svg = qr::svg(url);
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(url.to_string(), svg.clone());
        svg
    }
}

/// Everything one language contributes to one policy's notices.
pub(super) struct Texts<'a> {
    pub(super) setup: &'a LanguageSetup,
    pub(super) policy_title: String,
    pub(super) headline: String,
    pub(super) lead: String,
    pub(super) stance: String,
    pub(super) request: String,
    pub(super) labels: Vec<String>,
    pub(super) organisation: String,
    pub(super) date: DateView,
    pub(super) full_policy: String,
    /// The caption of the one QR code of a sheet with 3 or more languages, which leads to the
    /// page that offers the policy in every language.
    pub(super) all_languages: String,
    pub(super) hours: String,
    pub(super) phone: String,
    pub(super) url: String,
    pub(super) qr: String,
}

impl Texts<'_> {
    pub(super) fn code(&self) -> &str {
        self.setup.code()
    }
}

/// The texts of one policy's notices in every language, in config order; `None` when the
/// policy marks no example for its notice.
pub(super) fn policy_texts<'a>(
    site: &Site,
    setups: &'a [LanguageSetup],
    policy: &Policy,
    qr: &QrCache,
) -> Result<Option<Vec<Texts<'a>>>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let marked: Vec<&Example> = policy
        .data
        .all_examples()
        .into_iter()
        .filter(|e| e.notice)
        .collect();
    if marked.is_empty() {
        return Ok(None);
    }
    if let Some(extra) = marked.get(MAX_LABELS) {
        diags.push(
                Diagnostic::error(format!(
                    "policy `{}` puts {} examples on its notice; at most {MAX_LABELS} fit",
                    policy.slug,
                    marked.len()
                ))
                .at(&policy.data_file, extra.id.span())
                .label(format!("example {} with `notice = true`", MAX_LABELS + 1))
                .help("keep the notice short: remove `notice = true` from the examples a passer-by needs least"),
            );
        return Err(diags);
    }
    // Languages in parallel: each makes its own QR code, which is most of a small
    // site's notice time (the encoder tries all eight masks). Merged in config order.
    let results: Vec<Result<Texts, Diagnostics>> = setups
        .par_iter()
        .map(|setup| language_texts(site, policy, &marked, setup, qr))
        .collect();
    let mut texts = Vec::new();
    for result in results {
        match result {
            Ok(t) => texts.push(t),
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result(Some(texts))
}

/// Store names by `(location id, language)`, each a located error when missing.
pub(super) fn location_names(
    site: &Site,
    diags: &mut Diagnostics,
) -> BTreeMap<(String, String), String> {
    let mut names = BTreeMap::new();
    let Some(locations) = &site.locations else {
        return names;
    };
    for l in &locations.list {
        let id = location_message(l.id.get_ref());
        for lang in site.languages() {
            match lang.locale.text(&id, None, None) {
                Ok(t) => {
                    names.insert((l.id.get_ref().clone(), lang.code().to_string()), t);
                }
                Err(msg) => diags.push(
                    Diagnostic::error(msg.to_string())
                        .at(&locations.file, l.id.span())
                        .label(format!("this location needs the message `{id}`"))
                        .help(format!(
                            "add `{id} = <the store's name>` to a file in locales/{}/",
                            lang.code()
                        )),
                ),
            }
        }
    }
    names
}

/// Resolves one language's texts of one policy's notice.
fn language_texts<'a>(
    site: &Site,
    policy: &Policy,
    marked: &[&Example],
    setup: &'a LanguageSetup,
    qr: &QrCache,
) -> Result<Texts<'a>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let language = &setup.language;
    let locale = &language.locale;
    let lang = language.code();
    let id = notice_message(&policy.slug);
    let first = marked[0];
    let mut policy_text = |attr: Option<&str>| match locale.text(&id, attr, None) {
        Ok(t) => t,
        Err(msg) => {
            let what = attr.map_or_else(|| format!("`{id}`"), |a| format!("`{id}.{a}`"));
            diags.push(
                Diagnostic::error(msg.to_string())
                    .at(&policy.data_file, first.id.span())
                    .label(format!("this policy has a notice, so it needs {what}"))
                    .help(format!(
                        "add `{id} = <headline>` with `.lead`, `.stance` and `.request` to a file in locales/{lang}/"
                    )),
            );
            String::new()
        }
    };
    let headline = policy_text(None);
    let [lead, stance, request] = NOTICE_ATTRIBUTES.map(|a| policy_text(Some(a)));
    let mut labels = Vec::new();
    for e in marked {
        let mid = ItemKind::Example.message_id(e.id.get_ref());
        match locale.text(&mid, Some("notice"), None) {
            Ok(t) => labels.push(t),
            Err(msg) => diags.push(
                Diagnostic::error(msg.to_string())
                    .at(&policy.data_file, e.id.span())
                    .label(format!("`notice = true` needs the label `{mid}.notice`"))
                    .help(format!(
                        "add `    .notice = <short label>` under `{mid}` in locales/{lang}/"
                    )),
            ),
        }
    }
    let ui_text = |key: &str, diags: &mut Diagnostics| match setup.strings.get(key) {
        Some(t) => t.clone(),
        None => {
            diags.push(
                Diagnostic::error(format!("message `{key}` is missing in `{lang}`")).help(format!(
                    "the theme needs `{key}` in locales/{lang}/ for notices"
                )),
            );
            String::new()
        }
    };
    let organisation = ui_text("organisation-name", &mut diags);
    let full_policy = ui_text("notice-full-policy", &mut diags);
    let all_languages = ui_text("notice-all-languages", &mut diags);
    let hours = ui_text("notice-hours", &mut diags);
    let phone = ui_text("notice-phone", &mut diags);

    let Some(doc) = policy.documents.get(lang) else {
        diags.push(Diagnostic::error(format!(
            "policy `{}` has no `{lang}` document",
            policy.slug
        )));
        return Err(diags);
    };
    let pick = |kind: DateKind| doc.dates.iter().find(|(k, _)| *k == kind).copied();
    let Some((kind, date)) = pick(DateKind::MadeKnown).or_else(|| pick(DateKind::Enacted)) else {
        diags.push(
            Diagnostic::error("a notice shows the date the policy was made known or enacted, and this document has neither")
                .in_file(&doc.file)
                .help("add `[dates]` with `made-known = 2025-07-09` (周知日) or `enacted = …` to the front matter"),
        );
        return Err(diags);
    };
    let mut localiser = Localiser::new(locale, policy, &language.dates);
    let date = localiser.date(kind, date, doc);
    diags.extend(localiser.finish());

    let url = format!(
        "{}{}",
        site.config.base_url,
        routes::policy_page(lang, &policy.slug)
    );
    let qr = match qr.svg(&url) {
        Ok(s) => s,
        Err(msg) => {
            diags.push(Diagnostic::error(msg.to_string()).in_file(&policy.data_file));
            String::new()
        }
    };
    diags.into_result(Texts {
        setup,
        policy_title: doc.front.title.clone(),
        headline,
        lead,
        stance,
        request,
        labels,
        organisation,
        date,
        full_policy,
        all_languages,
        hours,
        phone,
        url,
        qr,
    })
}
