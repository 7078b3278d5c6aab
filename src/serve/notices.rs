//! The notices preview at `/_hoshin/notices/`: every printed notice of the latest good build,
//! grouped by policy and store, each shown as a sheet at its paper's proportions (A3, A4 and A5
//! at one common scale, so their relative sizes show) with the link to open and print it.
//!
//! The sheets are scaled `<iframe>`s of the served notice pages, requested with
//! [`EMBED_QUERY`] so that they carry no reload script of their own (browsers allow only a few
//! connections per host, and one event stream per sheet would starve the page; the preview page
//! itself reloads after every build, which reloads the sheets). Instead they get
//! [`embed_snippet`], which lays the page out as printed: the theme's `@media print` rules
//! apply on screen too, and the `@page` margin becomes the body's padding.
//!
//! Without `[notices]` in `hoshin.toml` the page says how to turn notices on.

use crate::render::routes::ALL_LANGUAGES;
use crate::render::Output;
use crate::site::config::Paper;
use crate::site::Site;

use super::tools::frame;
use crate::render::escape::html as escape;

/// The query that asks for a served page without the reload script (for embedded sheets).
pub const EMBED_QUERY: &str = "hoshin-embed";

/// What an embedded page gets instead of the reload script: print layout on screen.
pub fn embed_snippet() -> String {
    format!("<script>{EMBED_SCRIPT}</script>")
}

/// Adds `screen` to every `@media print` rule of the page's (same-origin) stylesheets and pads
/// the body by the `@page` margin, once the stylesheets have loaded.
const EMBED_SCRIPT: &str = r#"(function(){function go(){for(var i=0;i<document.styleSheets.length;i++){var r;try{r=document.styleSheets[i].cssRules;}catch(e){continue;}
for(var j=0;j<r.length;j++){var x=r[j];if(x.type===4&&/\bprint\b/.test(x.media.mediaText)){try{x.media.appendMedium("screen");}catch(e){}}
if(x.type===6&&x.style.margin){document.body.style.padding=x.style.margin;}}}}
if(document.readyState==="complete")go();else addEventListener("load",go);})();"#;

/// How much smaller than life the sheets are drawn (A4 becomes about 200 px wide).
const SCALE: f64 = 0.25;

/// The notices preview page, from the loaded site and the last good build.
pub fn page(site: Option<&Site>, output: Option<&Output>) -> String {
    let mut body = String::from("<h1>Printed notices</h1>");
    let Some(site) = site else {
        body.push_str("<p>The site has not loaded yet: fix the errors shown, and this page updates by itself.</p>");
        return frame("Notices preview", &body);
    };
    let Some(settings) = &site.config.notices else {
        body.push_str(&not_configured());
        return frame("Notices preview", &body);
    };
    let Some(output) = output else {
        body.push_str("<p>The site has not built yet: fix the errors shown, and this page updates by itself.</p>");
        return frame("Notices preview", &body);
    };
    body.push_str(&format!(
        "<p>Every notice of the latest good build, drawn at one scale ({}% of life size) so the paper sizes compare. Open a notice to print it: set the printer to the paper named, scale 100%, no headers or footers. Index pages: {}.</p>",
        SCALE * 100.0,
        index_links(site, output)
    ));

    let langs: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    let mut variants: Vec<&str> = langs.clone();
    variants.push(ALL_LANGUAGES);
    let mut stores: Vec<Option<&str>> = vec![None];
    if let Some(locations) = &site.locations {
        stores.extend(locations.list.iter().map(|l| Some(l.id.get_ref().as_str())));
    }

    let mut any = false;
    for policy in &site.policies {
        let mut section = String::new();
        for store in &stores {
            let mut rows = String::new();
            for variant in &variants {
                let mut sheets = String::new();
                for paper in &settings.paper {
                    let path = match store {
                        None => format!("notices/{}/{variant}/{}.html", policy.slug, paper.key()),
                        Some(loc) => format!(
                            "notices/{}/{variant}/{loc}/{}.html",
                            policy.slug,
                            paper.key()
                        ),
                    };
                    if output.contains_key(&path) {
                        sheets.push_str(&sheet(&path, *paper, &policy.slug, variant, *store));
                    }
                }
                if !sheets.is_empty() {
                    rows.push_str(&format!(
                        "<h4>{}</h4><div class=\"sheets\">{sheets}</div>",
                        variant_label(variant, &langs)
                    ));
                }
            }
            if !rows.is_empty() {
                let heading = match store {
                    None => "For the whole organisation".to_string(),
                    Some(loc) => format!(
                        "Store <code>{}</code>{}",
                        escape(loc),
                        store_name(site, loc)
                            .map(|(lang, n)| format!(
                                " — <span lang=\"{}\">{}</span>",
                                escape(&lang),
                                escape(&n)
                            ))
                            .unwrap_or_default()
                    ),
                };
                section.push_str(&format!("<h3>{heading}</h3>{rows}"));
            }
        }
        if !section.is_empty() {
            any = true;
            let title = langs
                .first()
                .and_then(|l| policy.documents.get(*l))
                .map(|d| {
                    format!(
                        " — <span lang=\"{}\">{}</span>",
                        escape(&d.lang),
                        escape(&d.front.title)
                    )
                })
                .unwrap_or_default();
            body.push_str(&format!(
                "<section><h2><code>{}</code>{title}</h2>{section}</section>",
                escape(&policy.slug)
            ));
        }
    }
    if !any {
        body.push_str("<p><code>[notices]</code> is set, but the build has no notice: no policy marks an example with <code>notice = true</code>. Mark the examples for the notice in <code>content/&lt;slug&gt;/policy.toml</code> (at most 8); see <code>docs/content-format.md</code>, section “Printed notices”.</p>");
    }
    frame("Notices preview", &body)
}

/// One sheet: the scaled notice, its paper and the link to print it.
fn sheet(path: &str, paper: Paper, slug: &str, variant: &str, store: Option<&str>) -> String {
    let (w, h) = paper.size_mm();
    let name = paper.key().to_uppercase();
    let href = format!("/{path}");
    let what = match store {
        Some(loc) => format!("{slug}, {variant}, store {loc}, {name}"),
        None => format!("{slug}, {variant}, {name}"),
    };
    format!(
        "<figure><div class=\"sheet\" style=\"width:{sw:.2}mm;height:{sh:.2}mm\"><iframe src=\"{src}\" title=\"Notice preview: {what}\" loading=\"lazy\" tabindex=\"-1\" style=\"width:{w}mm;height:{h}mm;transform:scale({SCALE})\"></iframe></div><figcaption><a href=\"{href}\" aria-label=\"Open to print: {what}\">{name}</a> ({w} × {h} mm)</figcaption></figure>",
        sw = f64::from(w) * SCALE,
        sh = f64::from(h) * SCALE,
        src = escape(&format!("{href}?{EMBED_QUERY}")),
        what = escape(&what),
        href = escape(&href),
    )
}

fn variant_label(variant: &str, langs: &[&str]) -> String {
    if variant == ALL_LANGUAGES {
        format!("Bilingual (<code>{}</code>)", escape(&langs.join(" + ")))
    } else {
        format!("Language <code>{}</code>", escape(variant))
    }
}

/// The store's name in the source language, when its message exists.
fn store_name(site: &Site, id: &str) -> Option<(String, String)> {
    let locale = &site.source().locale;
    let name = locale
        .text(&crate::site::messages::location_message(id), None, None)
        .ok()?;
    Some((locale.code.clone(), name))
}

/// Links to the built notice index pages (`notices/<lang>.html`).
fn index_links(site: &Site, output: &Output) -> String {
    let links: Vec<String> = site
        .config
        .languages
        .iter()
        .map(|l| format!("notices/{}.html", l.code))
        .filter(|p| output.contains_key(p))
        .map(|p| format!("<a href=\"/{0}\"><code>{0}</code></a>", escape(&p)))
        .collect();
    if links.is_empty() {
        "none".into()
    } else {
        links.join(", ")
    }
}

/// What to do when the site builds no notices.
fn not_configured() -> String {
    "<p>This site builds no printed notices: <code>hoshin.toml</code> has no <code>[notices]</code> table.</p>\
<p>To build them, add to <code>hoshin.toml</code>:</p><pre>[notices]\npaper = [\"a4\", \"a3\", \"a5\"]   # any of a3, a4, a5\nbilingual = true               # also one notice with every language</pre>\
<p>and mark the examples the notice lists with <code>notice = true</code> in <code>content/&lt;slug&gt;/policy.toml</code> (at most 8). Stores listed in <code>locations.toml</code> each get their own set. Save, and this page shows every notice at its paper size.</p>\
<p>Details: <code>docs/content-format.md</code>, section “Printed notices” (<code>#printed-notices</code>) in the hoshin repository, and the README's “Printed store notices”.</p>".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_keep_the_paper_proportions_and_escape_names() {
        let html = sheet("notices/p/ja/a3.html", Paper::A3, "p", "ja", Some("<x>"));
        assert!(html.contains("width:74.25mm;height:105.00mm"), "{html}");
        assert!(html.contains("width:297mm;height:420mm"), "{html}");
        assert!(
            html.contains("src=\"/notices/p/ja/a3.html?hoshin-embed\""),
            "{html}"
        );
        assert!(html.contains("store &lt;x&gt;"), "{html}");
        assert!(!html.contains("<x>"), "{html}");
    }
}
