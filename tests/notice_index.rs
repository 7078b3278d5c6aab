//! The notices pages for store managers (`notices/<lang>/`, `notices/`, and a page per store at
//! `notices/<lang>/<store>/`): a miniature per sheet at its paper's proportions, grouped by
//! policy, store and variant; what each size is for and how to print, in each language; every
//! link leads to a page of the build; PDFs and print-shop bundles linked only when `--pdf`
//! prints them (with the stand-in browser of `tests/fake_browser`).

mod common;
mod fake_browser;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// The stand-in browser's test: does nothing unless the test binary was started as the browser.
#[test]
fn fake_browser() {
    if let Ok(args) = std::env::var("HOSHIN_FAKE_ARGS") {
        fake_browser::run(&args);
    }
}

fn built(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(root, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

/// A sheet on a notices page: its paper size as drawn (`--w`, `--h` in mm), the sheet page it
/// links to, the miniature's `lang`, and its PDF link if any.
#[derive(Debug)]
struct Thumb {
    w: u32,
    h: u32,
    href: String,
    lang: String,
    pdf: Option<String>,
}

/// The value of attribute `name` in the first tag of `html`.
fn attr<'a>(html: &'a str, name: &str) -> &'a str {
    let tag_end = html.find('>').unwrap();
    let at = html[..tag_end]
        .find(&format!(" {name}=\""))
        .unwrap_or_else(|| panic!("no {name} in {}", &html[..tag_end]));
    let rest = &html[at + name.len() + 3..];
    &rest[..rest.find('"').unwrap()]
}

fn thumbs(page: &str) -> Vec<Thumb> {
    page.split("<li class=\"notice-sheet\"")
        .skip(1)
        .map(|li| {
            let li = &li[..li.find("</li>").unwrap()];
            let style = attr(&format!("<li{li}"), "style").to_string();
            let (w, h) = style
                .strip_prefix("--w:")
                .and_then(|s| s.split_once(";--h:"))
                .unwrap_or_else(|| panic!("style {style}"));
            let link = &li[li.find("<a class=\"notice-sheet-link\"").unwrap()..];
            let mini = &li[li.find("<span class=\"notice-mini\"").unwrap()..];
            assert!(mini.starts_with("<span class=\"notice-mini\" aria-hidden=\"true\""));
            let pdf = li
                .find("<a class=\"notice-sheet-pdf\"")
                .map(|i| attr(&li[i..], "href").to_string());
            Thumb {
                w: w.parse().unwrap(),
                h: h.parse().unwrap(),
                href: attr(link, "href").to_string(),
                lang: attr(mini, "lang").to_string(),
                pdf,
            }
        })
        .collect()
}

/// Resolves a relative link from the page at `page` (a path in `out`) to a file of `out`.
fn target(out: &Path, page: &str, href: &str) -> PathBuf {
    let mut path = out.join(page);
    path.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                path.pop();
            }
            "" | "." => {}
            p => path.push(p),
        }
    }
    if href.ends_with('/') {
        path.push("index.html");
    }
    path
}

/// Every `href` of a page resolves to a file of the build (fragments and absolute URLs aside).
fn assert_links_resolve(out: &Path, page: &str) {
    let html = read(out, page);
    for piece in html.split(" href=\"").skip(1) {
        let href = &piece[..piece.find('"').unwrap()];
        if href.starts_with('#') || href.contains("://") {
            continue;
        }
        let file = target(out, page, href);
        assert!(file.is_file(), "{page}: {href} → {}", file.display());
    }
}

const SIZES: [(&str, u32, u32); 3] = [("a4", 210, 297), ("a3", 297, 420), ("a5", 148, 210)];

#[test]
fn every_sheet_is_a_thumbnail_at_its_papers_proportions_in_every_language() {
    let (_tmp, out) = built(&repo());
    for (page, lang) in [
        ("notices/ja/index.html", "ja"),
        ("notices/en/index.html", "en"),
        ("notices/index.html", "ja"),
    ] {
        let html = read(&out, page);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{page}");
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
        let sheets = thumbs(&html);
        // Three variants (ja, en, both) × three papers, in the configured order.
        assert_eq!(sheets.len(), 9, "{page}: {sheets:?}");
        for (i, t) in sheets.iter().enumerate() {
            let variant = ["ja", "en", "bilingual"][i / 3];
            let (paper, w, h) = SIZES[i % 3];
            assert_eq!((t.w, t.h), (w, h), "{page}: {paper}");
            // A-series paper is 1:√2.
            let ratio = f64::from(t.h) / f64::from(t.w);
            assert!(
                (ratio - 2f64.sqrt()).abs() < 0.01,
                "{page}: {paper} {ratio}"
            );
            assert!(
                t.href.ends_with(&format!(
                    "notices/customer-harassment/{variant}/{paper}.html"
                )),
                "{page}: {}",
                t.href
            );
            assert!(target(&out, page, &t.href).is_file(), "{}", t.href);
            // The miniature is in the sheet's main language.
            assert_eq!(t.lang, if variant == "en" { "en" } else { "ja" });
            assert!(t.pdf.is_none(), "no PDF without --pdf");
        }
        assert!(!html.contains(".pdf"), "{page}: no PDF without --pdf");
        assert_links_resolve(&out, page);
    }
    let en = read(&out, "notices/en/index.html");
    // The miniature shows the sheet's own texts; the bilingual one the English headline too,
    // with its lang.
    assert!(en.contains(
        "<span class=\"mini-headline\"><span>We do not tolerate customer harassment</span></span>"
    ));
    assert!(en.contains("<span lang=\"en\">We do not tolerate customer harassment</span></span>"));
    assert!(en.contains("<span>Violence or damage to property</span>"));
    // Variants named in their own language, with their lang when it is not the page's.
    assert!(en.contains(
        "<h4 class=\"notice-index-variant\"><span lang=\"ja\">日本語</span> / <span>English</span></h4>"
    ));
    // What each size is for, and how to print, from the theme's strings.
    assert!(en.contains(
        "<dt>A3 <span class=\"notice-index-mm\">(297 × 420 mm)</span></dt><dd>A poster at the entrance or on a wall.</dd>"
    ));
    assert!(en.contains("<dd>At the counter or by the register.</dd>"));
    assert!(en.contains("<dd>A card on a table or by the register.</dd>"));
    assert!(en.contains("<li>Scale: 100% (“Actual size”), not “Fit to page”.</li>"));
    assert!(en.contains("Open the notice and print it from your browser"));
    let ja = read(&out, "notices/ja/index.html");
    assert!(ja.contains("<dd>入口や壁に貼るポスターとして。</dd>"));
    assert!(ja.contains("<h4 class=\"notice-index-variant\"><span>日本語</span> / <span lang=\"en\">English</span></h4>"));
    assert!(ja.contains(
        "<li>倍率は100％（実際のサイズ）にし、「用紙に合わせる」は使わないでください。</li>"
    ));
    // No stores: no store list, no store pages.
    assert!(!ja.contains("id=\"stores\""));
    // Each language home links its notices page.
    for lang in ["ja", "en"] {
        let home = read(&out, &format!("{lang}/index.html"));
        assert!(
            home.contains(&format!("<a href=\"../notices/{lang}/\">")),
            "{lang} home"
        );
    }
}

#[test]
fn a_chain_gets_one_page_per_store_listed_from_the_index() {
    let (_tmp, out) = built(&fixture("stores"));
    let stores = [
        ("kyoto-sanjo", "京都三条店", "Kyoto Sanjo"),
        ("osaka-umeda", "大阪梅田店", "Osaka Umeda"),
        ("online", "オンラインショップ", "Online shop"),
    ];
    for lang in ["ja", "en"] {
        let page = format!("notices/{lang}/index.html");
        let index = read(&out, &page).replace("<wbr>", "");
        // The index shows the organisation's own sheets only: one A4 per variant.
        let org = thumbs(&index);
        assert_eq!(org.len(), 3, "{page}");
        for (t, variant) in org.iter().zip(["ja", "en", "bilingual"]) {
            assert!(
                t.href.ends_with(&format!("shop-rules/{variant}/a4.html")),
                "{}",
                t.href
            );
        }
        // …and links every store's page, in locations.toml order.
        let list = &index[index
            .find("<section class=\"notice-index-stores\"")
            .unwrap()..];
        let mut at = 0;
        for (id, ja, en) in stores {
            let name = if lang == "ja" { ja } else { en };
            let link = format!("<li><a href=\"../../notices/{lang}/{id}/\">{name}</a></li>");
            let found = list[at..]
                .find(&link)
                .unwrap_or_else(|| panic!("{page}: {link}"));
            at += found;
        }
        assert!(index.contains("<a href=\"#stores\">"));
        assert_links_resolve(&out, &page);

        for (id, ja, en) in stores {
            let page = format!("notices/{lang}/{id}/index.html");
            let html = read(&out, &page).replace("<wbr>", "");
            let name = if lang == "ja" { ja } else { en };
            assert!(html.contains(&format!("<html lang=\"{lang}\">")));
            assert!(html.contains(&format!("<h1>{name}</h1>")), "{page}");
            assert!(html.contains(&format!("<title>{name} | ")), "{page}");
            let own = thumbs(&html);
            assert_eq!(own.len(), 3, "{page}");
            for (t, variant) in own.iter().zip(["ja", "en", "bilingual"]) {
                assert!(
                    t.href
                        .ends_with(&format!("notices/shop-rules/{variant}/{id}/a4.html")),
                    "{page}: {}",
                    t.href
                );
                assert_eq!((t.w, t.h), (210, 297));
            }
            // The miniatures carry the store's name in the sheet's main language.
            assert!(html.contains(&format!("<span class=\"mini-location\">{ja}</span>")));
            assert!(html.contains(&format!("<span class=\"mini-location\">{en}</span>")));
            // Back to the index; the language switcher leads to the same store's page.
            assert!(html.contains(&format!(
                "<p class=\"notice-index-back\"><a href=\"../../../notices/{lang}/\">"
            )));
            let other = if lang == "ja" { "en" } else { "ja" };
            assert!(html.contains(&format!(
                "<a href=\"../../../notices/{other}/{id}/\" hreflang=\"{other}\""
            )));
            assert!(
                !html.contains("id=\"stores\""),
                "no store list on a store's page"
            );
            assert_links_resolve(&out, &page);
        }
    }
    // `notices/` is the source language's index; store pages live under a language only.
    assert!(read(&out, "notices/index.html").contains("<a href=\"../notices/ja/kyoto-sanjo/\">"));
    assert!(!out.join("notices/kyoto-sanjo").exists());
}

/// Builds the three-store fixture with `--pdf` and the stand-in browser.
#[cfg(unix)]
fn build_pdf(tmp: &Path) -> (PathBuf, std::process::Output) {
    let fake = fake_browser::install(tmp);
    let out = tmp.join("public");
    let o = Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["build", "--pdf", "--chromium"])
        .arg(&fake)
        .arg("--root")
        .arg(fixture("stores"))
        .arg("--out")
        .arg(&out)
        .env("HOSHIN_FAKE_LOG", tmp.join("browser.log"))
        .output()
        .unwrap();
    (out, o)
}

#[cfg(unix)]
#[test]
fn pdfs_and_print_shop_bundles_are_linked_when_they_are_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, o) = build_pdf(tmp.path());
    assert!(o.status.success(), "{}", stderr(&o));
    for lang in ["ja", "en"] {
        let page = format!("notices/{lang}/index.html");
        let index = read(&out, &page);
        for t in thumbs(&index) {
            let pdf = t
                .pdf
                .unwrap_or_else(|| panic!("{page}: no PDF for {}", t.href));
            assert_eq!(pdf, t.href.replace(".html", ".pdf"));
            assert!(target(&out, &page, &pdf).is_file(), "{pdf}");
        }
        assert!(
            index.contains("<a href=\"../../notices/shop-rules/printshop/a4.pdf\">A4 (PDF)</a>")
        );
        assert_links_resolve(&out, &page);
        let page = format!("notices/{lang}/kyoto-sanjo/index.html");
        let store = read(&out, &page);
        assert_eq!(thumbs(&store).iter().filter(|t| t.pdf.is_some()).count(), 3);
        assert!(store.contains(
            "<a href=\"../../../notices/shop-rules/printshop/kyoto-sanjo/a4.pdf\">A4 (PDF)</a>"
        ));
        assert_links_resolve(&out, &page);
    }
}

#[test]
fn without_a_browser_no_pdf_is_linked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["build", "--pdf", "--root"])
        .arg(fixture("stores"))
        .arg("--out")
        .arg(&out)
        .env("PATH", tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for page in ["notices/ja/index.html", "notices/en/kyoto-sanjo/index.html"] {
        let html = read(&out, page);
        assert!(
            !html.contains(".pdf"),
            "{page} links a PDF that was not printed"
        );
        assert!(
            html.contains("Open the notice and print it") || html.contains("ブラウザーの印刷機能")
        );
    }
}

#[test]
fn four_languages_each_get_the_page_in_their_own_language() {
    let (_tmp, out) = built(&fixture("four-languages"));
    for (lang, use_a4) in [
        ("ja", "カウンターやレジ周りに。"),
        ("en", "At the counter or by the register."),
        ("zh-Hans", "放在柜台或收银台旁。"),
        ("ko", "카운터나 계산대 주변에."),
    ] {
        let page = format!("notices/{lang}/index.html");
        let html = read(&out, &page);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        assert!(html.contains(&format!("<dd>{use_a4}</dd>")), "{page}");
        // One sheet per language, each miniature in its own language, then the sheet with
        // every language, whose main language is the source language.
        let langs: Vec<String> = thumbs(&html).into_iter().map(|t| t.lang).collect();
        assert_eq!(langs, ["ja", "en", "zh-Hans", "ko", "ja"], "{page}");
        assert!(!html.contains("{$"), "{page}: raw placeable");
    }
}
