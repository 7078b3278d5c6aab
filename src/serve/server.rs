//! The preview's HTTP server: serves the in-memory build, the reload channel, the overlay and
//! the preview's own pages under `/_hoshin/` (index, translators' view, notices preview), and
//! refuses everything else.
//!
//! Files come from the build's path → bytes map, never from the disk, so no request can reach a
//! file outside the site whatever it spells. Requests are still checked up front and refused
//! with a clear status: methods other than GET and HEAD (405; POST only to the review form's
//! address, [`REVIEW_PATH`], and only from the preview's own pages), request bodies (413), long URLs
//! (414), a missing, repeated or malformed `Host` (400) or one that names another host (DNS
//! rebinding, 421; whatever the bind address, see [`super::host`]), and paths with `..`, `.`,
//! empty segments, backslashes, NUL, drive letters or a `%` left after decoding (double
//! encoding) (400). hyper bounds the header size and the time to send them (also the time a
//! kept-alive connection may sit idle); the connections served at once and the reload streams
//! among them are capped, so open reload streams never keep pages from being served.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use super::host::{self, Refusal};
use super::overlay::{self, OVERLAY_PATH};
use super::pages::PageError;
use super::reload::{self, EventStreams, EVENTS_PATH};
use super::review::{self as review_form, REVIEW_PATH};
use super::{notices, tools, translate, Shared, Snapshot};

/// Longest request target accepted, in bytes.
const MAX_URI_BYTES: usize = 2048;
/// Largest buffer hyper may use for a request head.
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Most headers accepted in one request.
const MAX_HEADERS: usize = 64;
/// Most connections served at once; more wait in the kernel's backlog. Reload streams hold
/// theirs for as long as a page is open, so they have a smaller cap of their own
/// ([`reload::MAX_EVENT_STREAMS`]): the rest are always left for pages.
const MAX_CONNECTIONS: usize = 256;
const _: () = assert!(reload::MAX_EVENT_STREAMS * 2 <= MAX_CONNECTIONS);

/// The address of this machine a connection reached, put in each of its requests for the
/// `Host` check.
#[derive(Debug, Clone, Copy)]
struct LocalAddr(IpAddr);

/// The router: reload events, overlay, and everything else from the build.
fn router(shared: Arc<Shared>) -> Router {
    let events = get(reload::events).with_state(EventStreams::new(Arc::clone(&shared)));
    Router::new()
        .route(EVENTS_PATH, events)
        .route(OVERLAY_PATH, get(overlay_fragment))
        .route(overlay::PRINT_CSS_PATH, get(print_css))
        .route(REVIEW_PATH, post(review_form::review))
        .fallback(site)
        .with_state(shared)
        .layer(middleware::from_fn(guard))
}

/// Accepts connections until the listener fails; each connection runs on its own task.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) -> Result<(), String> {
    let app = router(shared);
    let permits = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
            return Ok(());
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait a little rather than spin.
                eprintln!("warning: cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // Cannot fail on an accepted socket; if it did, the request could not be checked.
        let Ok(local) = stream.local_addr() else {
            continue;
        };
        let local = LocalAddr(local.ip());
        let app = TowerToHyperService::new(app.clone());
        let service = hyper::service::service_fn(move |mut req| {
            req.extensions_mut().insert(local);
            hyper::service::Service::call(&app, req)
        });
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .max_buf_size(MAX_HEAD_BYTES)
                .max_headers(MAX_HEADERS);
            // A client hanging up mid-request is its own business.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
            drop(permit);
        });
    }
}

/// Refuses what the preview never needs before any handler runs.
async fn guard(req: Request, next: Next) -> Response {
    let form = req.method() == Method::POST && req.uri().path() == REVIEW_PATH;
    if req.method() != Method::GET && req.method() != Method::HEAD && !form {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "hoshin serve only answers GET and HEAD\n",
        )
            .into_response();
    }
    if has_body(req.headers()) && !form {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "hoshin serve accepts no request body\n",
        )
            .into_response();
    }
    if req.uri().to_string().len() > MAX_URI_BYTES {
        return (StatusCode::URI_TOO_LONG, "request target too long\n").into_response();
    }
    // Without the connection's address (never the case), only the loopback names pass.
    let local = req
        .extensions()
        .get::<LocalAddr>()
        .map_or(IpAddr::from([127, 0, 0, 1]), |l| l.0);
    match host::check(req.headers(), req.uri(), local) {
        Ok(()) => {}
        Err(Refusal::Malformed(why)) => {
            return (StatusCode::BAD_REQUEST, format!("{why}\n")).into_response();
        }
        Err(Refusal::Foreign) => {
            return (
                StatusCode::MISDIRECTED_REQUEST,
                "this preview answers only to localhost, 127.0.0.1, [::1] and the address it was reached at\n",
            )
                .into_response();
        }
    }
    if form {
        if let Err(why) = host::check_origin(req.headers(), local) {
            return (
                StatusCode::FORBIDDEN,
                format!("{why}; nothing was recorded\n"),
            )
                .into_response();
        }
    }
    if let Err(why) = site_path(req.uri().path()) {
        return (StatusCode::BAD_REQUEST, format!("refused path: {why}\n")).into_response();
    }
    next.run(req).await
}

fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0")
}

/// Turns a request path into a key of the build (`""` is the root), refusing every spelling of
/// an escape: `..` or `.` segments, empty segments (`//abs`), backslashes, NUL and control
/// characters, `:` (drive letters), and `%` after one round of decoding (double encoding).
fn site_path(raw: &str) -> Result<String, &'static str> {
    let Some(rest) = raw.strip_prefix('/') else {
        return Err("not an absolute path");
    };
    let decoded = percent_decode(rest).ok_or("bad percent-encoding")?;
    if decoded.contains('%') {
        return Err("encoded twice");
    }
    if decoded.contains('\\') {
        return Err("backslash");
    }
    if decoded.contains(':') {
        return Err("drive letter or scheme");
    }
    if decoded.chars().any(char::is_control) {
        return Err("control character");
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            ".." | "." => return Err("dot segment"),
            "" if i != last => return Err("empty segment"),
            _ => {}
        }
    }
    Ok(decoded)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `GET /_hoshin/overlay`: the overlay fragment for the latest failure (empty when none).
async fn overlay_fragment(State(shared): State<Arc<Shared>>) -> Response {
    let snapshot = shared.snapshot();
    let body = snapshot.overlay.as_deref().unwrap_or_default();
    html_response(StatusCode::OK, body.as_bytes().to_vec())
}

/// `GET /_hoshin/print.css`: hides the error overlay on paper.
async fn print_css() -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        overlay::PRINT_CSS,
    )
        .into_response()
}

/// Everything else: a file of the build, the translators' view, a redirect or a 404.
async fn site(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let Ok(key) = site_path(uri.path()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let snapshot = shared.snapshot();
    if key == "_hoshin" || key.starts_with("_hoshin/") {
        return tool_page(&snapshot, &key, &shared.token);
    }
    let embedded = uri
        .query()
        .is_some_and(|q| q.split('&').any(|p| p == notices::EMBED_QUERY));
    let snippet = if embedded {
        notices::embed_snippet()
    } else {
        reload::snippet(snapshot.status, snapshot.overlay.as_deref())
    };
    let snippet = match snippet {
        Ok(s) => s,
        Err(e) => return internal_error(&e),
    };
    let Some(output) = snapshot.output.as_deref() else {
        return match overlay::error_page(&snippet) {
            Ok(page) => html_response(StatusCode::SERVICE_UNAVAILABLE, page.into_bytes()),
            Err(e) => internal_error(&e),
        };
    };
    let file = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.clone()
    };
    // After a template or locale edit, the pages rendered anew come from the new renderer,
    // rendered now if no one asked for them yet; never the previous build's.
    let fresh = match snapshot.pending.as_ref().and_then(|p| p.get(&file)) {
        Some(Ok(bytes)) => Some(bytes),
        Some(Err(errors)) => return render_error(&snapshot, &errors),
        None => None,
    };
    match fresh.as_deref().or(output.get(&file).map(Vec::as_slice)) {
        Some(bytes) if file.ends_with(".html") => {
            html_response(StatusCode::OK, reload::inject(bytes, &snippet))
        }
        Some(bytes) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, content_type(&file)),
                (header::CACHE_CONTROL, "no-store"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            bytes.to_vec(),
        )
            .into_response(),
        None if output.contains_key(&format!("{key}/index.html")) => redirect(&format!("/{key}/")),
        None => not_found(&snippet),
    }
}

/// A page the new templates or locales could not render: the error page with the overlay
/// listing why (the whole site's render reports the errors of every page soon after).
fn render_error(snapshot: &Snapshot, errors: &crate::diagnostics::Diagnostics) -> Response {
    let page = || -> Result<String, PageError> {
        let fragment = overlay::fragment(errors, false)?;
        let mut status = snapshot.status;
        status.ok = false;
        overlay::error_page(&reload::snippet(status, Some(&fragment))?)
    };
    match page() {
        Ok(page) => html_response(StatusCode::INTERNAL_SERVER_ERROR, page.into_bytes()),
        Err(e) => internal_error(&e),
    }
}

/// The preview's own pages: `/_hoshin/`, `/_hoshin/translate/[<slug>/]`, `/_hoshin/notices/`.
fn tool_page(snapshot: &Snapshot, key: &str, token: &str) -> Response {
    if matches!(key, "_hoshin" | "_hoshin/translate" | "_hoshin/notices") {
        return redirect(&format!("/{key}/"));
    }
    let page = || -> Result<Response, PageError> {
        let snippet = reload::tool_snippet(snapshot.status, snapshot.overlay.as_deref())?;
        let site = snapshot.site.as_deref();
        let report = snapshot.report.as_deref();
        let state = tools::PageState {
            errors: snapshot.errors.as_deref(),
            report_current: snapshot.report_current,
            token: Some(token),
        };
        let page = match key {
            "_hoshin/" => Some(tools::index(site, report, &state)?),
            "_hoshin/notices/" => Some(notices::page(site, snapshot.output.as_deref())?),
            _ => match (key.strip_prefix("_hoshin/translate/"), site) {
                (Some(rest), Some(site)) => {
                    // `<slug>` and `<slug>/` only: deeper paths are not pages.
                    let slug = rest.strip_suffix('/').unwrap_or(rest);
                    if slug.contains('/') {
                        None
                    } else {
                        translate::page(site, slug, report, &state)?
                    }
                }
                _ => None,
            },
        };
        Ok(match page {
            Some(html) => html_response(StatusCode::OK, reload::inject(html.as_bytes(), &snippet)),
            None => not_found(&snippet),
        })
    };
    page().unwrap_or_else(|e| internal_error(&e))
}

fn redirect(to: &str) -> Response {
    let location = HeaderValue::from_str(to).unwrap_or_else(|_| HeaderValue::from_static("/"));
    (
        StatusCode::PERMANENT_REDIRECT,
        [(header::LOCATION, location)],
    )
        .into_response()
}

fn not_found(snippet: &str) -> Response {
    match overlay::not_found_page(snippet) {
        Ok(page) => html_response(StatusCode::NOT_FOUND, page.into_bytes()),
        Err(e) => internal_error(&e),
    }
}

/// A page of the preview's own could not be rendered: a bug in hoshin, said in plain text.
fn internal_error(e: &PageError) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!("hoshin serve: {e}\n"),
    )
        .into_response()
}

fn html_response(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        Body::from(body),
    )
        .into_response()
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_paths_map_to_keys() {
        assert_eq!(site_path("/").unwrap(), "");
        assert_eq!(
            site_path("/ja/customer-harassment/").unwrap(),
            "ja/customer-harassment/"
        );
        assert_eq!(site_path("/style.css").unwrap(), "style.css");
        assert_eq!(site_path("/%E6%96%B9%E9%87%9D/").unwrap(), "方針/");
    }

    #[test]
    fn every_spelling_of_an_escape_is_refused() {
        for p in [
            "/../etc/passwd",
            "/ja/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/%252e%252e/etc/passwd",
            "/..%5cetc%5cpasswd",
            "/..\\etc\\passwd",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/Windows/win.ini",
            "/c%3a/windows",
            "/./index.html",
            "/ja/%00",
            "/%zz",
            "/%c0%ae%c0%ae/",
            "relative",
        ] {
            assert!(site_path(p).is_err(), "{p} was accepted");
        }
    }
}
