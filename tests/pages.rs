//! The policy page's furniture (`hoshin build`): the dates under the title, links to pages in
//! another language, the colour schemes and the icon.

mod common;

use common::*;

fn built(site: &std::path::Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

/// The `<dl class="page-dates">` right after the `<h1>`, if any.
fn page_dates(page: &str) -> Option<&str> {
    let after_h1 = &page[page.find("</h1>\n")? + "</h1>\n".len()..];
    let rest = after_h1.strip_prefix("<dl class=\"page-dates\">")?;
    Some(&rest[..rest.find("</dl>")?])
}

#[test]
fn enacted_and_revised_dates_stand_labelled_under_the_title() {
    let (_tmp, out) = built(&fixture("mhlw-groups"));
    let ja = read(&out, "ja/customer-harassment/index.html");
    let dates = page_dates(&ja).expect("dates right under the title");
    assert_eq!(
        dates.trim(),
        "<div><dt>制定日</dt><dd><time datetime=\"2024-12-01\">令和6年12月1日</time></dd></div>\n\
         <div><dt>改定日</dt><dd><time datetime=\"2025-10-01\">令和7年10月1日</time></dd></div>",
    );
    // The made-known date is not a "last updated" date; the signature stays.
    assert!(!dates.contains("周知日"));
    assert!(ja.contains("<p class=\"signature\"><time datetime=\"2024-12-01\">"));
}

#[test]
fn only_the_dates_that_exist_are_shown() {
    let (_tmp, out) = built(&repo());
    let en = read(&out, "en/customer-harassment/index.html");
    let dates = page_dates(&en).expect("dates right under the title");
    assert_eq!(
        dates.trim(),
        "<div><dt>Enacted</dt><dd><time datetime=\"2025-07-09\">Wednesday, July 9, 2025</time></dd></div>",
    );
    // Enacted and made known, never revised: the enacted date alone.
    let (_tmp, out) = built(&fixture("stores"));
    let ja = read(&out, "ja/shop-rules/index.html");
    let dates = page_dates(&ja).expect("dates right under the title");
    assert_eq!(dates.matches("<dt>").count(), 1, "{dates}");
    assert!(dates.contains("<dt>制定日</dt>"), "{dates}");
    let css = read(&out, "style.css");
    assert!(
        css.contains("time { white-space: nowrap; }"),
        "a date never splits"
    );
}

/// The `<cite>…</cite>` of a page's (first) definition.
fn cite(page: &str) -> &str {
    let start = page.find("<cite").expect("a citation");
    &page[start..start + page[start..].find("</cite>").unwrap()]
}

#[test]
fn citation_links_to_another_language_say_which() {
    let (_tmp, out) = built(&repo());
    let en = read(&out, "en/customer-harassment/index.html");
    let ja = read(&out, "ja/customer-harassment/index.html");
    let c = cite(&en);
    assert!(c.contains(" hreflang=\"ja\">"), "{c}");
    assert!(
        c.ends_with("</a><span class=\"link-language\"> (Japanese)</span>"),
        "{c}"
    );
    // The Japanese page links to a Japanese document: nothing to say.
    assert!(!cite(&ja).contains("hreflang"), "{}", cite(&ja));
    assert!(!ja.contains("link-language"));
}

#[test]
fn library_definitions_cite_japanese_documents() {
    let (_tmp, out) = built(&fixture("library-refs"));
    let zh = read(&out, "zh-Hans/customer-harassment/index.html");
    let c = cite(&zh);
    assert!(c.contains(" hreflang=\"ja\">"), "{c}");
    assert!(
        c.ends_with("</a><span class=\"link-language\">（日语）</span>"),
        "{c}"
    );
    let ja = read(&out, "ja/customer-harassment/index.html");
    assert!(!cite(&ja).contains("hreflang"));
}

#[test]
fn pages_declare_both_colour_schemes_and_print_light() {
    let (_tmp, out) = built(&repo());
    for page in [
        "index.html",
        "404.html",
        "ja/index.html",
        "ja/customer-harassment/index.html",
    ] {
        let html = read(&out, page);
        assert!(
            html.contains("<meta name=\"color-scheme\" content=\"light dark\">"),
            "{page}"
        );
    }
    let css = read(&out, "style.css");
    assert!(css.contains("color-scheme: light dark;"));
    // The dark palette is for screens only: paper keeps the light one.
    let dark = css
        .find("@media screen and (prefers-color-scheme: dark) {")
        .expect("a dark palette for screens");
    assert!(css[dark..].contains("--bg: #16181b;"));
    assert!(css.contains("@media print { :root { color-scheme: light; } }"));
    assert!(!css.contains("@media (prefers-color-scheme: dark)"));
}

#[test]
fn every_page_links_the_default_icon_which_a_site_may_replace() {
    let (_tmp, out) = built(&repo());
    let icon = read(&out, "favicon.svg");
    assert!(icon.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    for (page, root) in [
        ("index.html", ""),
        ("404.html", "/policy/"),
        ("ja/customer-harassment/index.html", "../../"),
        ("notices/ja/index.html", "../../"),
    ] {
        let html = read(&out, page);
        let link = format!("<link rel=\"icon\" href=\"{root}favicon.svg\" type=\"image/svg+xml\">");
        assert!(html.contains(&link), "{page}: no {link}");
    }
    // A site's own static/favicon.svg wins.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    std::fs::create_dir_all(site.join("static")).unwrap();
    let own = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>\n";
    std::fs::write(site.join("static/favicon.svg"), own).unwrap();
    let (_tmp2, out) = built(&site);
    assert_eq!(read(&out, "favicon.svg"), own);
}
