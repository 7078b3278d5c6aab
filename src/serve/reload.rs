//! The reload channel: build status pushed to browsers over Server-Sent Events, and the small
//! script (plus overlay, when a build failed) injected into served HTML.
//!
//! Injection happens in the preview only; `hoshin build` output stays free of JavaScript.
//! The status carries generation numbers rather than "reload now" commands, so a browser that
//! connects late, or misses events, still compares what it shows with what is served.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;

use super::Shared;

/// Where browsers listen for build status.
pub const EVENTS_PATH: &str = "/_hoshin/events";

/// What the browser needs to know about the latest build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Status {
    /// Bumped on every build attempt, good or bad.
    pub generation: u64,
    /// Generation of the last build that changed a page or any non-CSS file: reload.
    pub page_generation: u64,
    /// Generation of the last build that changed a stylesheet: refresh styles only.
    pub style_generation: u64,
    /// Whether the latest attempt succeeded (else the overlay shows).
    pub ok: bool,
}

impl Status {
    /// The SSE `data:` line: `generation page style ok` as numbers.
    pub fn to_data(self) -> String {
        format!(
            "{} {} {} {}",
            self.generation,
            self.page_generation,
            self.style_generation,
            u8::from(self.ok)
        )
    }
}

/// `GET /_hoshin/events`: the current status at once, then every change.
pub async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.subscribe();
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first {
            // The sender lives as long as the server: an error means it is shutting down.
            rx.changed().await.ok()?;
        }
        let status = *rx.borrow_and_update();
        let event = Event::default().event("build").data(status.to_data());
        Some((Ok(event), (rx, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The client side, kept tiny: reload when pages changed, swap stylesheets when only CSS did,
/// show or clear the overlay when a build fails or recovers. The preview's own pages (`t` set)
/// reload after every build attempt, since they show the check report and the loaded site.
const SCRIPT: &str = r#"(function(){var s=window.__hoshin;var es=new EventSource("/_hoshin/events");
function overlay(html){var o=document.getElementById("hoshin-overlay");if(o)o.remove();if(html)document.body.insertAdjacentHTML("beforeend",html);}
es.addEventListener("build",function(e){var d=e.data.split(" ").map(Number);if(d[0]===s.g)return;s.g=d[0];if(s.t){location.reload();return;}
if(!d[3]){fetch("/_hoshin/overlay",{cache:"no-store"}).then(function(r){return r.text();}).then(overlay);return;}
if(d[1]!==s.p){location.reload();return;}overlay("");
if(d[2]!==s.s){s.s=d[2];document.querySelectorAll('link[rel="stylesheet"]').forEach(function(l){var u=new URL(l.href);u.searchParams.set("hoshin",d[2]);l.href=u.href;});}});})();"#;

/// Marks the start of everything `serve` adds to a page.
pub const MARK_START: &str = "<!--hoshin-serve-->";
/// Marks the end of everything `serve` adds to a page.
pub const MARK_END: &str = "<!--/hoshin-serve-->";

/// The snippet added before `</body>`: status, script and (after a failed build) the overlay.
pub fn snippet(status: Status, overlay: Option<&str>) -> String {
    snippet_with(status, overlay, false)
}

/// The snippet for the preview's own pages under `/_hoshin/`: they reload after every build.
pub fn tool_snippet(status: Status, overlay: Option<&str>) -> String {
    snippet_with(status, overlay, true)
}

fn snippet_with(status: Status, overlay: Option<&str>, tool: bool) -> String {
    format!(
        "{MARK_START}<script>window.__hoshin={{g:{},p:{},s:{}{}}};{SCRIPT}</script>{}{MARK_END}",
        status.generation,
        status.page_generation,
        status.style_generation,
        if tool { ",t:1" } else { "" },
        overlay.unwrap_or("")
    )
}

/// Adds `snippet` to an HTML page, before its last `</body>` (or at the end).
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
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
