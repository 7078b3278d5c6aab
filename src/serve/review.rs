//! `POST /_hoshin/review`: the "mark reviewed" button of the translators' view, the one request
//! of the preview that changes a file of the site.
//!
//! It records the review of one unit in `reviews/<lang>.toml` with the very function
//! `hoshin check --mark-reviewed LANG ID` calls (atomic write, lock, links refused), on the
//! site as it is on disk now, then checks the site again so that the page it returns to shows
//! the unit as reviewed. Only the preview's own pages can send it:
//!
//! - the `Host` check of every request (`super::host`), and `Origin` and `Sec-Fetch-Site`, when
//!   the browser sends them, naming the preview itself ([`super::host::check_origin`], in the
//!   server's guard);
//! - the form's secret token, made afresh by each run of `hoshin serve` from the operating
//!   system's random source and compared in constant time: a page elsewhere cannot read it;
//! - `Content-Type: application/x-www-form-urlencoded`, a body of at most [`MAX_FORM_BYTES`];
//! - `lang` a translated language of the site and `unit` exactly one of its unit ids (not a
//!   selector such as a policy slug, which `--mark-reviewed` accepts).
//!
//! Anything else is refused with a 4xx status, and nothing is written.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::Shared;
use crate::check::review::{self, MarkError};
use crate::site::{LoadOptions, Site};

/// Where the form posts to.
pub(crate) const REVIEW_PATH: &str = "/_hoshin/review";

/// Largest form body accepted: a token, a language and a unit id fit many times over.
pub(crate) const MAX_FORM_BYTES: usize = 4096;

/// Where a review returns to when the form names no page of the translators' view.
const DEFAULT_BACK: &str = "/_hoshin/translate/";

/// A fresh secret for this run: 128 bits from the operating system, as 32 hex digits.
pub(crate) fn new_token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| format!("cannot read the system's random source: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares two byte strings in time that depends on their length only.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The form's fields.
#[derive(Debug, Default, PartialEq, Eq)]
struct Form {
    token: String,
    lang: String,
    unit: String,
    back: String,
}

/// Reads `application/x-www-form-urlencoded`; a field given twice, an unknown field or a bad
/// encoding makes the whole form unreadable.
fn parse_form(body: &[u8]) -> Option<Form> {
    let text = std::str::from_utf8(body).ok()?;
    let mut form = Form::default();
    let mut seen = Vec::new();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=')?;
        let value = decode(value)?;
        let field = match key {
            "token" => &mut form.token,
            "lang" => &mut form.lang,
            "unit" => &mut form.unit,
            "back" => &mut form.back,
            _ => return None,
        };
        if seen.contains(&key) {
            return None;
        }
        seen.push(key);
        *field = value;
    }
    Some(form)
}

/// Percent-decoding with `+` as a space.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The page to return to: a page of the translators' view, else its index.
fn back_to(back: &str) -> &str {
    let ok = back.starts_with(DEFAULT_BACK)
        && back.len() < 512
        && back[DEFAULT_BACK.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_/".contains(&b))
        && !back.contains("//");
    if ok {
        back
    } else {
        DEFAULT_BACK
    }
}

fn refuse(status: StatusCode, why: &str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!("{why}; nothing was recorded\n"),
    )
        .into_response()
}

/// `POST /_hoshin/review` (the server's guard has checked `Host`, `Origin` and the method).
pub(crate) async fn review(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let form_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !form_type {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected a form (application/x-www-form-urlencoded)",
        );
    }
    let body: Body = req.into_body();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "the form is too large");
    };
    let Some(form) = parse_form(&bytes) else {
        return refuse(StatusCode::BAD_REQUEST, "the form cannot be read");
    };
    if !same_secret(form.token.as_bytes(), shared.token.as_bytes()) {
        return refuse(
            StatusCode::FORBIDDEN,
            "the form's token is missing or wrong (reload the page: each run of hoshin serve has its own)",
        );
    }
    let worker = Arc::clone(&shared);
    let (lang, unit) = (form.lang.clone(), form.unit.clone());
    let done = tokio::task::spawn_blocking(move || record(&worker, &lang, &unit)).await;
    match done {
        Ok(Ok(())) => {}
        Ok(Err((status, why))) => return refuse(status, &why),
        Err(_) => {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error while recording the review",
            )
        }
    }
    let location = HeaderValue::from_str(back_to(&form.back))
        .unwrap_or_else(|_| HeaderValue::from_static(DEFAULT_BACK));
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
    )
        .into_response()
}

/// Records the review of `unit` of `lang` on the site as it is on disk, then checks the served
/// site again.
fn record(shared: &Shared, lang: &str, unit: &str) -> Result<(), (StatusCode, String)> {
    let site = Site::load(&shared.root, &LoadOptions::default()).map_err(|_| {
        (
            StatusCode::CONFLICT,
            "the site does not load now: fix its errors first".to_string(),
        )
    })?;
    if !review::unit_exists(&site, lang, unit) {
        return Err((
            StatusCode::NOT_FOUND,
            format!("`{unit}` is not a translated unit of a translated language `{lang}`"),
        ));
    }
    match review::mark_reviewed(&site, lang, &[unit.to_string()], true) {
        Ok(_) => {}
        Err(MarkError::Usage(msg)) => return Err((StatusCode::NOT_FOUND, msg)),
        Err(MarkError::Files(d)) => {
            let msg =
                d.0.iter()
                    .map(|d| d.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
            return Err((StatusCode::CONFLICT, msg));
        }
    }
    shared.recheck();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_fresh_and_compared_whole() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(same_secret(a.as_bytes(), a.clone().as_bytes()));
        assert!(!same_secret(a.as_bytes(), b.as_bytes()));
        assert!(!same_secret(a.as_bytes(), &a.as_bytes()[..31]));
        assert!(!same_secret(b"", a.as_bytes()));
    }

    #[test]
    fn forms_are_read_strictly() {
        let f = parse_form(
            b"token=ab&lang=zh-Hans&unit=policy%23intro&back=%2F_hoshin%2Ftranslate%2Fpolicy%2F",
        )
        .unwrap();
        assert_eq!(f.lang, "zh-Hans");
        assert_eq!(f.unit, "policy#intro");
        assert_eq!(f.back, "/_hoshin/translate/policy/");
        assert!(parse_form(b"token=a&token=b").is_none(), "repeated");
        assert!(parse_form(b"token=a&evil=1").is_none(), "unknown field");
        assert!(parse_form(b"token=%zz").is_none(), "bad encoding");
        assert!(parse_form(b"token").is_none(), "no value");
        assert!(parse_form(b"token=\xff").is_none(), "not UTF-8");
    }

    #[test]
    fn only_pages_of_the_translators_view_are_returned_to() {
        assert_eq!(back_to("/_hoshin/translate/p/"), "/_hoshin/translate/p/");
        for bad in [
            "https://evil.example/",
            "//evil.example/",
            "/_hoshin/translate//evil.example",
            "/_hoshin/translate/../../x",
            "/",
            "",
            "/_hoshin/translate/p/\r\nSet-Cookie: x",
        ] {
            assert_eq!(back_to(bad), DEFAULT_BACK, "{bad}");
        }
    }
}
