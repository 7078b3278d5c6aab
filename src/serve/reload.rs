//! The reload channel: build status pushed to browsers over Server-Sent Events, and the small
//! script (plus overlay, when a build failed) injected into served HTML.
//!
//! Injection happens in the preview only; `hoshin build` output stays free of JavaScript.
//! The status carries generation numbers rather than "reload now" commands, so a browser that
//! connects late, or misses events, still compares what it shows with what is served.
//!
//! Each open page holds one event stream, and with it one of the server's connections, for as
//! long as it stays open; at most [`MAX_EVENT_STREAMS`] are open at once, so that however many
//! pages (or a runaway script) subscribe, pages themselves are still served.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tokio::sync::Semaphore;

use super::pages::{self, PageError};
use super::Shared;

/// Where browsers listen for build status.
pub(crate) const EVENTS_PATH: &str = "/_hoshin/events";

/// What the browser needs to know about the latest build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Status {
    /// Bumped on every build attempt, good or bad.
    pub(crate) generation: u64,
    /// Generation of the last build that changed a page or any non-CSS file: reload.
    pub(crate) page_generation: u64,
    /// Generation of the last build that changed a stylesheet: refresh styles only.
    pub(crate) style_generation: u64,
    /// Whether the latest attempt succeeded (else the overlay shows).
    pub(crate) ok: bool,
}

impl Status {
    /// The SSE `data:` line: `generation page style ok` as numbers.
    pub(crate) fn to_data(self) -> String {
        format!(
            "{} {} {} {}",
            self.generation,
            self.page_generation,
            self.style_generation,
            u8::from(self.ok)
        )
    }
}

/// Most event streams open at once. A browser opens one per preview tab (and at most six per
/// host name over HTTP/1.1), so this leaves room for many people's tabs.
pub(crate) const MAX_EVENT_STREAMS: usize = 64;

/// Seconds a refused subscriber is told to wait before trying again.
const RETRY_AFTER_SECS: &str = "10";

/// The state of the events route: the build status to follow and the open streams' permits.
#[derive(Clone)]
pub(crate) struct EventStreams {
    shared: Arc<Shared>,
    open: Arc<Semaphore>,
}

impl EventStreams {
    /// No stream open yet.
    pub(crate) fn new(shared: Arc<Shared>) -> EventStreams {
        EventStreams {
            shared,
            open: Arc::new(Semaphore::new(MAX_EVENT_STREAMS)),
        }
    }
}

/// `GET /_hoshin/events`: the current status at once, then every change; or, when
/// [`MAX_EVENT_STREAMS`] are open already, 503 with `Retry-After` and the connection closed.
pub(crate) async fn events(State(streams): State<EventStreams>) -> Response {
    let Ok(permit) = Arc::clone(&streams.open).try_acquire_owned() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                (header::RETRY_AFTER, RETRY_AFTER_SECS),
                (header::CONNECTION, "close"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            "too many open reload streams; close some preview tabs\n",
        )
            .into_response();
    };
    let rx = streams.shared.subscribe();
    // The permit lives in the stream: it is returned when the stream is dropped, that is when
    // the browser goes away (noticed at the latest by the next keep-alive comment).
    let state = (rx, true, permit);
    let stream = futures_util::stream::unfold(state, |(mut rx, first, permit)| async move {
        if !first {
            // The sender lives as long as the server: an error means it is shutting down.
            rx.changed().await.ok()?;
        }
        let status = *rx.borrow_and_update();
        let event = Event::default().event("build").data(status.to_data());
        Some((Ok::<_, Infallible>(event), (rx, false, permit)))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// What the snippet template gets: the generations the page is served at, whether it is one of
/// the preview's own pages, and the overlay.
#[derive(Serialize)]
struct SnippetView<'a> {
    generation: u64,
    page_generation: u64,
    style_generation: u64,
    /// The preview's own pages (`/_hoshin/`) reload after every build attempt, since they show
    /// the check report and the loaded site.
    tool: bool,
    /// The overlay fragment (already HTML), after a failed build.
    overlay: &'a str,
}

/// The snippet added before `</body>`, between `<!--hoshin-serve-->` and
/// `<!--/hoshin-serve-->`: status, the reload script (`assets/reload.js`: reload when pages
/// changed, swap stylesheets when only CSS did, show or clear the overlay when a build fails
/// or recovers) and, after a failed build, the overlay.
pub(crate) fn snippet(status: Status, overlay: Option<&str>) -> Result<String, PageError> {
    snippet_with(status, overlay, false)
}

/// The snippet for the preview's own pages under `/_hoshin/`: they reload after every build.
pub(crate) fn tool_snippet(status: Status, overlay: Option<&str>) -> Result<String, PageError> {
    snippet_with(status, overlay, true)
}

fn snippet_with(status: Status, overlay: Option<&str>, tool: bool) -> Result<String, PageError> {
    let view = SnippetView {
        generation: status.generation,
        page_generation: status.page_generation,
        style_generation: status.style_generation,
        tool,
        overlay: overlay.unwrap_or(""),
    };
    pages::render("snippet.html", &view)
}

/// Adds `snippet` to an HTML page, before its last `</body>` (or at the end).
pub(crate) fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_goes_before_the_closing_body_tag() {
        let page = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(page, "<i></i>")).unwrap();
        assert_eq!(out, "<html><body><p>x</p><i></i></body></html>");
        let out = String::from_utf8(inject(b"<p>no body", "<i></i>")).unwrap();
        assert_eq!(out, "<p>no body<i></i>");
    }

    #[test]
    fn the_snippet_carries_the_generations_between_its_markers() {
        let s = Status {
            generation: 7,
            page_generation: 5,
            style_generation: 6,
            ok: false,
        };
        let html = snippet(s, Some("<div id=\"hoshin-overlay\"></div>")).unwrap();
        assert!(html.starts_with("<!--hoshin-serve--><script>window.__hoshin={g:7,p:5,s:6};"));
        assert!(html.ends_with("</script><div id=\"hoshin-overlay\"></div><!--/hoshin-serve-->"));
        assert!(html.contains("EventSource"), "{html}");
        let html = tool_snippet(s, None).unwrap();
        assert!(
            html.contains("window.__hoshin={g:7,p:5,s:6,t:1};"),
            "{html}"
        );
        assert!(html.ends_with("</script><!--/hoshin-serve-->"), "{html}");
    }

    #[test]
    fn the_script_uses_the_servers_paths() {
        let js = super::super::pages::RELOAD_JS;
        assert!(js.contains(&format!("\"{EVENTS_PATH}\"")));
        assert!(js.contains(&format!("\"{}\"", super::super::overlay::OVERLAY_PATH)));
    }

    #[test]
    fn status_is_four_numbers() {
        let s = Status {
            generation: 7,
            page_generation: 5,
            style_generation: 6,
            ok: true,
        };
        assert_eq!(s.to_data(), "7 5 6 1");
    }
}
