//! The error overlay shown on every page while the latest rebuild fails, and the error page
//! served when no build has succeeded yet (`templates/overlay.html`, `templates/error.html`).
//!
//! Everything from the user's files is HTML-escaped: a diagnostic quoting `<script>` shows it as
//! text. Styles are inline and reset with `all: initial` so the site's CSS cannot hide the panel.

use serde::Serialize;

use super::pages::{self, PageError};
use crate::diagnostics::Diagnostics;

/// Where the browser fetches the overlay fragment after a failed build.
pub(crate) const OVERLAY_PATH: &str = "/_hoshin/overlay";

/// The print stylesheet the overlay links to (`media="print"`): the overlay is about the
/// preview, never part of a printed page or notice. The overlay's inline styles are not
/// `!important`, so this wins.
pub(crate) const PRINT_CSS_PATH: &str = "/_hoshin/print.css";

/// What [`PRINT_CSS_PATH`] serves.
pub(crate) const PRINT_CSS: &str = "#hoshin-overlay{display:none!important}\n";

#[derive(Serialize)]
struct OverlayView<'a> {
    /// How many errors.
    count: usize,
    /// Whether the last good build is still served (else none ever built).
    serving_old: bool,
    errors: Vec<ErrorView<'a>>,
    /// [`PRINT_CSS_PATH`].
    print_css: &'static str,
}

#[derive(Serialize)]
struct ErrorView<'a> {
    /// `file:line:col`, when the error has a place.
    place: Option<String>,
    message: &'a str,
    /// The diagnostic as the terminal shows it.
    snippet: String,
}

/// The overlay: a fixed panel listing each error with `file:line:col`, message and snippet.
pub(crate) fn fragment(errors: &Diagnostics, serving_old: bool) -> Result<String, PageError> {
    let view = OverlayView {
        count: errors.error_count(),
        serving_old,
        errors: errors
            .sorted()
            .into_iter()
            .map(|d| ErrorView {
                place: d
                    .position()
                    .map(|(file, line, col)| format!("{file}:{line}:{col}")),
                message: &d.message,
                snippet: d.render(false),
            })
            .collect(),
        print_css: PRINT_CSS_PATH,
    };
    pages::render("overlay.html", &view)
}

#[derive(Serialize)]
struct WithSnippet<'a> {
    /// The reload snippet (already HTML).
    snippet: &'a str,
}

/// A whole page for when there is no good build to show: the overlay and the reload script.
pub(crate) fn error_page(snippet: &str) -> Result<String, PageError> {
    pages::render("error.html", &WithSnippet { snippet })
}

/// The page for a path the build has no file for.
pub(crate) fn not_found_page(snippet: &str) -> Result<String, PageError> {
    pages::render("not_found.html", &WithSnippet { snippet })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, SourceFile};

    #[test]
    fn overlay_names_the_place_and_escapes_the_source() {
        let f = SourceFile::new("content/p/en.md", "x", "a\n<script>{{ nope() }}\n");
        let start = f.text.find("{{").unwrap();
        let d = Diagnostic::error("unknown block `nope`").at(&f, start..start + 11);
        let html = fragment(&d.into(), true).unwrap();
        assert!(
            html.contains("content/p/en.md:2:9: unknown block `nope`"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("hoshin: 1 error in the site"), "{html}");
        // On a phone the snippet scrolls sideways: a wrapped caret line points at nothing.
        assert!(
            html.contains("<pre tabindex=\"0\" style=\"")
                && html.contains("white-space:pre;overflow-x:auto"),
            "{html}"
        );
        assert!(html.contains("shows the last good build"), "{html}");
        assert!(html.starts_with("<div id=\"hoshin-overlay\""), "{html}");
        // Never on paper: printing a notice from a broken preview prints the notice only.
        assert!(
            html.contains("<link rel=\"stylesheet\" media=\"print\" href=\"/_hoshin/print.css\">"),
            "{html}"
        );
        assert!(PRINT_CSS.contains("#hoshin-overlay{display:none!important}"));
        assert!(html.ends_with("</ol></div>"), "{html}");
    }
}
