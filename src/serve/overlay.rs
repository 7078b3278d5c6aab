//! The error overlay shown on every page while the latest rebuild fails, and the error page
//! served when no build has succeeded yet.
//!
//! Everything from the user's files is HTML-escaped: a diagnostic quoting `<script>` shows it as
//! text. Styles are inline and reset with `all: initial` so the site's CSS cannot hide the panel.

use crate::diagnostics::Diagnostics;
use crate::render::escape::html as escape;

/// Where the browser fetches the overlay fragment after a failed build.
pub const OVERLAY_PATH: &str = "/_hoshin/overlay";

/// The overlay: a fixed panel listing each error with `file:line:col`, message and snippet.
pub fn fragment(errors: &Diagnostics, serving_old: bool) -> String {
    let mut items = String::new();
    for d in errors.sorted() {
        let place = match d.position() {
            Some((file, line, col)) => format!("{file}:{line}:{col}: "),
            None => String::new(),
        };
        items.push_str(&format!(
            "<li style=\"margin:0 0 1em\"><p style=\"margin:0 0 .3em;font-weight:bold\">{}{}</p><pre style=\"margin:0;padding:.6em;background:#111;color:#eee;white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace\">{}</pre></li>",
            escape(&place),
            escape(&d.message),
            escape(&d.render(false)),
        ));
    }
    let count = errors.error_count();
    let lead = if serving_old {
        "The last change did not build. This page shows the last good build; fix the file below and save: the preview updates by itself."
    } else {
        "The site does not build yet. Fix the file below and save: this page updates by itself."
    };
    format!(
        "<div id=\"hoshin-overlay\" role=\"alert\" lang=\"en\" style=\"all:initial;position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;background:#fff8f6;color:#1a1a1a;border-top:4px solid #b00020;box-shadow:0 -4px 16px rgba(0,0,0,.25);padding:1em 1.25em;font:15px/1.5 system-ui,sans-serif\">\
<button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right;font:inherit;padding:.2em .7em\">Hide</button>\
<h2 style=\"margin:0 0 .4em;border:0;padding:0;font:bold 17px/1.3 system-ui,sans-serif;color:#b00020\">hoshin: {count} error{} in the site</h2>\
<p style=\"margin:0 0 1em\">{lead}</p><ol style=\"margin:0;padding:0 0 0 1.2em\">{items}</ol></div>",
        if count == 1 { "" } else { "s" }
    )
}

/// A whole page for when there is no good build to show: the overlay and the reload script.
pub fn error_page(snippet: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>hoshin: the site does not build</title>\n</head>\n<body>\n<p>hoshin could not build the site yet. The errors are listed below.</p>\n{snippet}</body>\n</html>\n"
    )
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
        let html = fragment(&d.into(), true);
        assert!(
            html.contains("content/p/en.md:2:9: unknown block `nope`"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
    }
}
