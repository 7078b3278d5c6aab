//! The preview's own pages under `/_hoshin/`: the index at `/_hoshin/` linking the translators'
//! view of each policy and the notices preview, with a summary of `hoshin check`'s report; and
//! what those pages share (the page frame, the findings list).
//!
//! These pages are built per request from the loaded site and the check report of the latest
//! rebuild; they are never part of the built site. Everything taken from the user's files is
//! HTML-escaped.

use crate::check::{Finding, Report, TranslationStatus};
use crate::diagnostics::Severity;
use crate::site::Site;

use crate::render::escape::html as escape;

/// Where the preview's pages live.
pub const TOOLS_PATH: &str = "/_hoshin/";

/// `/_hoshin/`: links to the translators' view and the notices preview, and the check summary.
pub fn index(site: Option<&Site>, report: Option<&Report>) -> String {
    let mut body = String::from(
        "<header><h1>hoshin preview tools</h1><p>Pages of <code>hoshin serve</code> only; they are not part of the built site. <a href=\"/\">Back to the site</a></p></header><main>",
    );
    body.push_str(
        "<section aria-labelledby=\"t-translate\"><h2 id=\"t-translate\">Translators' view</h2>",
    );
    match site {
        Some(site) if !site.policies.is_empty() => {
            body.push_str("<p>Each policy in every language side by side, with missing, stale and unreviewed translations marked.</p><ul>");
            for p in &site.policies {
                let title = site
                    .config
                    .languages
                    .first()
                    .and_then(|l| p.documents.get(&l.code).map(|d| (l, d)))
                    .map(|(l, d)| {
                        format!(
                            " <span lang=\"{}\">{}</span>",
                            escape(&l.code),
                            escape(&d.front.title)
                        )
                    })
                    .unwrap_or_default();
                body.push_str(&format!(
                    "<li><a href=\"translate/{0}/\"><code>{0}</code></a>{title}</li>",
                    escape(&p.slug),
                ));
            }
            body.push_str("</ul><p><a href=\"translate/\">All policies</a></p>");
        }
        Some(_) => body.push_str("<p>The site has no policy yet.</p>"),
        None => body.push_str("<p>The site has not loaded yet; see the errors below.</p>"),
    }
    body.push_str("</section>");
    body.push_str(
        "<section aria-labelledby=\"t-notices\"><h2 id=\"t-notices\">Printed notices</h2><p><a href=\"notices/\">Notices preview</a>: every notice variant at its paper size, with the link to print it.</p></section>",
    );
    body.push_str("<section aria-labelledby=\"t-check\"><h2 id=\"t-check\">Check</h2>");
    match report {
        Some(report) => {
            body.push_str(&summary(report));
            body.push_str(&translation_table(&report.translations));
            let all: Vec<&Finding> = report.findings.iter().collect();
            body.push_str(&findings_list(&all));
        }
        None => body.push_str("<p>No check report yet: the site has not loaded.</p>"),
    }
    body.push_str("</section></main>");
    frame("Preview tools", &body)
}

/// One sentence: how many errors and warnings `hoshin check` reports.
pub fn summary(report: &Report) -> String {
    let (e, w) = (report.errors(), report.warnings());
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    format!(
        "<p class=\"summary\"><code>hoshin check</code> finds <strong>{}</strong> and <strong>{}</strong> (stale and unreviewed translations included).</p>",
        plural(e, "error"),
        plural(w, "warning")
    )
}

/// The review state of each translated language.
fn translation_table(translations: &[TranslationStatus]) -> String {
    if translations.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<table class=\"summary\"><caption>Review state of each translation</caption><thead><tr><th scope=\"col\">Language</th><th scope=\"col\">Units</th><th scope=\"col\">Stale</th><th scope=\"col\">Never reviewed</th><th scope=\"col\">Review record</th></tr></thead><tbody>",
    );
    for t in translations {
        let record = if t.tracked {
            format!("<code>{}</code>", escape(&t.review_file))
        } else {
            format!(
                "none: staleness is not tracked; start with <code>hoshin check --mark-reviewed {}</code>",
                escape(&t.lang)
            )
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{record}</td></tr>",
            escape(&t.lang),
            t.units,
            t.stale,
            t.unreviewed
        ));
    }
    out.push_str("</tbody></table>");
    out
}

/// A list of check findings: severity, code, place and message, with the full diagnostic
/// (snippet, notes such as the source diff, and help) behind a disclosure.
pub fn findings_list(findings: &[&Finding]) -> String {
    if findings.is_empty() {
        return "<p class=\"clean\">No findings.</p>".into();
    }
    let mut out = String::from("<ol class=\"findings\">");
    for f in findings {
        let d = &f.diagnostic;
        let (class, level) = match d.severity {
            Severity::Error => ("error", "error"),
            Severity::Warning => ("warning", "warning"),
        };
        let code = d.code.map(|c| format!("[{c}]")).unwrap_or_default();
        let place = d
            .position()
            .map(|(file, line, col)| format!("<code>{}:{line}:{col}</code> ", escape(&file)))
            .unwrap_or_default();
        out.push_str(&format!(
            "<li class=\"{class}\"><span class=\"tag {class}\">{level}{}</span> {place}{}<details><summary>Details</summary><pre>{}</pre></details></li>",
            escape(&code),
            escape(&d.message),
            escape(&d.render(false))
        ));
    }
    out.push_str("</ol>");
    out
}

/// A whole page of the preview's own: title, shared styles, body.
pub fn frame(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{} — hoshin</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<nav aria-label=\"Preview tools\"><a href=\"/_hoshin/\">Preview tools</a> · <a href=\"/_hoshin/translate/\">Translators' view</a> · <a href=\"/_hoshin/notices/\">Notices preview</a> · <a href=\"/\">Site</a></nav>\n{body}\n</body>\n</html>\n",
        escape(title)
    )
}

const STYLE: &str = "body{font:15px/1.6 system-ui,sans-serif;margin:1.5em;color:#1a1a1a}nav{margin-bottom:1em;font-size:14px}a{color:#0b57d0}table{border-collapse:collapse;width:100%;table-layout:fixed;margin-bottom:2em}table.summary{width:auto;table-layout:auto}caption{text-align:left;font-weight:bold;margin-bottom:.3em}th,td{border:1px solid #ccc;padding:.5em;vertical-align:top;text-align:left}pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3em 0 0;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace}code{font:13px ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}.where{margin:.2em 0;font-size:13px}.why{margin:.2em 0;font-weight:bold}.tag{display:inline-block;font-size:12px;padding:0 .5em;border-radius:3px;color:#fff}.tag.ok{background:#2e7d32}.tag.stale,.tag.warning{background:#8a5300}.tag.unreviewed{background:#44546a}.tag.missing,.tag.error{background:#b00020}td.missing{background:#fff3f3}td.stale{background:#fff8e6}td.unreviewed{background:#f3f6fa}.review{margin:.4em 0;padding:.4em .6em;border-left:3px solid #8a5300;background:#fffdf6}.diff del{display:block;text-decoration:none;background:#fde7e9}.diff ins{display:block;text-decoration:none;background:#e6f4ea}.cmd{font-size:13px}ol.findings{padding-left:1.5em}ol.findings li{margin:.4em 0}ol.findings details pre{background:#f6f6f6;padding:.5em}.oldnew{display:grid;grid-template-columns:1fr 1fr;gap:.5em}.oldnew h4{margin:.3em 0 0;font-size:13px}.clean{color:#2e7d32}.sheets{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-end;margin:.5em 0 1.5em}.sheets figure{margin:0}.sheet{overflow:hidden;border:1px solid #999;box-shadow:0 1px 4px rgba(0,0,0,.25);background:#fff}.sheet iframe{border:0;transform-origin:0 0;background:#fff}figcaption{font-size:13px;margin-top:.3em}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}";
