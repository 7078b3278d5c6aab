//! Printable store notices: the default site's notices in every language and paper size, the
//! three-store fixture's per-store notices, the index pages, and `--pdf` without a browser
//! (`tests/pdf.rs` has the rest of `--pdf`).

mod common;

use std::fs;

use common::*;

fn built(root: &std::path::Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(root, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

/// The text of an element's contents with tags removed (enough for these simple pages).
fn text_of(html: &str, class: &str) -> String {
    let start = html
        .find(&format!("class=\"{class}\""))
        .unwrap_or_else(|| panic!("no .{class}"));
    let rest = &html[start..];
    let body = &rest[rest.find('>').unwrap() + 1..];
    let end = body.find("</h1>").or_else(|| body.find("</p>")).unwrap();
    let mut out = String::new();
    let mut in_tag = false;
    for c in body[..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn default_site_has_notices_in_every_language_and_paper_size() {
    let (_tmp, out) = built(&repo());
    for variant in ["ja", "en", "bilingual"] {
        for paper in ["a4", "a3", "a5"] {
            let page = read(
                &out,
                &format!("notices/customer-harassment/{variant}/{paper}.html"),
            );
            assert!(page.contains(&format!("data-paper=\"{paper}\"")));
            assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
            assert!(page.contains("@page { size: "), "no @page size");
            assert_eq!(
                page.matches("<li>").count(),
                8,
                "{variant}/{paper}: 8 labels"
            );
            assert!(page.contains("<svg class=\"qr\""));
            assert!(!page.contains("<?xml"));
            assert!(
                !page.replace(" | ", "").contains('|'),
                "a pin mark reached {variant}/{paper}"
            );
            assert!(!page.contains("{$") && !page.contains("\u{2068}"));
        }
    }
    let ja = read(&out, "notices/customer-harassment/ja/a4.html");
    assert!(ja.contains("<html lang=\"ja\""));
    // The author pinned one break: カスタマーハラスメントには|毅然と対応します.
    assert!(ja.contains("カスタマーハラスメントには<wbr>毅然と対応します"));
    // BudouX breaks the labels between phrases.
    assert!(
        ja.contains("規約を<wbr>超える<wbr>返金・補償の<wbr>執拗な<wbr>要求"),
        "{ja}"
    );
    assert!(ja.contains("暴力・器物の<wbr>損壊"), "{ja}");
    assert!(ja.contains("<time datetime=\"2025-07-09\">2025年7月9日</time>"));
    assert!(ja.contains("www.kiwaseisakujo.jp/<wbr>policy/<wbr>ja/<wbr>customer-harassment/"));
    assert!(ja.contains("href=\"https://www.kiwaseisakujo.jp/policy/ja/customer-harassment/\""));
    assert!(ja.contains("href=\"../../../notice.css\""));

    let bi = read(&out, "notices/customer-harassment/bilingual/a4.html");
    assert!(bi.contains("<html lang=\"ja\""));
    assert!(bi.contains("class=\"notice notice-multi\""));
    // Every English line is marked, every Japanese line is not.
    assert_eq!(
        text_of(&bi, "notice-headline"),
        "カスタマーハラスメントには毅然と対応しますWe do not tolerate customer harassment"
    );
    assert!(bi.contains(
        "<span class=\"t t2\" lang=\"en\">We do not tolerate customer harassment</span>"
    ));
    // The same count, besides the two QR codes' captions, whose figures carry their language.
    assert_eq!(
        bi.matches("<span class=\"t t2\" lang=\"en\">").count() + 2,
        bi.matches("<span class=\"t\">").count()
    );
    assert_eq!(
        bi.matches("<svg class=\"qr\"").count(),
        2,
        "one QR per language"
    );
    assert!(bi.contains("<figure class=\"notice-link\" lang=\"en\">"));

    let en = read(&out, "notices/customer-harassment/en/a4.html");
    assert!(en.contains("<html lang=\"en\""));
    assert!(!en.contains(" lang=\"ja\""));
    assert!(en.contains("<time datetime=\"2025-07-09\">Wednesday, July 9, 2025</time>"));

    // Index pages: every notice linked; none of it in the sitemap.
    for lang in ["ja", "en"] {
        let index = read(&out, &format!("notices/{lang}/index.html"));
        assert!(index.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert_eq!(
            index
                .matches("<a class=\"notice-sheet-link\" href=\"../../notices/customer-harassment/")
                .count(),
            9
        );
    }
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        !sitemap.contains("notices"),
        "notices are not in the sitemap"
    );
}

#[test]
fn three_stores_get_their_own_notices() {
    let (_tmp, out) = built(&fixture("stores"));
    let notices: Vec<String> = snapshot(&out.join("notices"))
        .into_keys()
        .filter(|k| k.ends_with("a4.html"))
        .collect();
    assert_eq!(notices.len(), 12, "{notices:?}");
    for store in ["kyoto-sanjo", "osaka-umeda", "online"] {
        for variant in ["ja", "en", "bilingual"] {
            assert!(notices.contains(&format!("shop-rules/{variant}/{store}/a4.html")));
        }
    }
    let kyoto = read(&out, "notices/shop-rules/ja/kyoto-sanjo/a4.html");
    assert!(kyoto.contains("京都<wbr>三条店"));
    assert!(kyoto.contains("10:00–19:00") && kyoto.contains("075-000-0001"));
    assert!(kyoto.contains("周知日 <time datetime=\"2025-05-01\">令和7年5月1日</time>"));
    assert!(kyoto.contains("href=\"../../../../notice.css\""));
    // The online shop has no hours; the company-wide notice shows the policy's contact phone.
    let online = read(&out, "notices/shop-rules/en/online/a4.html");
    assert!(!online.contains("Opening hours") && online.contains("0120-000-003"));
    let all = read(&out, "notices/shop-rules/en/a4.html");
    assert!(all.contains("0120-000-000") && !all.contains("Kyoto"));
    // The index lists the stores, each with a page of its own (tests/notice_index.rs).
    let index = read(&out, "notices/ja/index.html").replace("<wbr>", "");
    assert!(index.contains("<h3>全店共通</h3>"));
    for name in ["京都三条店", "大阪梅田店", "オンラインショップ"] {
        assert!(index.contains(&format!("/\">{name}</a></li>")), "{name}");
    }
    assert!(read(&out, "notices/ja/osaka-umeda/index.html")
        .contains("<a class=\"notice-sheet-link\" href=\"../../../notices/shop-rules/bilingual/osaka-umeda/a4.html\">"));
}

#[test]
fn sites_without_notices_config_build_none() {
    let (_tmp, out) = built(&fixture("minimal"));
    assert!(!out.join("notices").exists());
}

#[test]
fn pdf_without_a_browser_says_so_and_keeps_the_html() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["build", "--pdf", "--root"])
        .arg(fixture("stores"))
        .arg("--out")
        .arg(&out)
        .env("PATH", tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no Chromium or Chrome found"),
        "{}",
        stderr(&o)
    );
    assert!(out.join("notices/shop-rules/ja/a4.html").is_file());
    assert!(!out.join("notices/shop-rules/ja/a4.pdf").exists());

    let o = hoshin(&[
        "build",
        "--pdf",
        "--chromium",
        "/no/such/browser",
        "--root",
        path_str(&fixture("stores")),
        "--out",
        path_str(&tmp.path().join("other")),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is not a file"));
    assert!(
        !tmp.path().join("other").exists(),
        "nothing is built when --chromium is wrong"
    );
}

/// `[notices] sheets` chooses which languages go on which sheet: only those sheets are built,
/// a sheet's first language is its main one, and a set other than one language or all of
/// them gets a folder named by its languages.
#[test]
fn the_site_chooses_its_sheets() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("four-languages"), &site);
    let config = fs::read_to_string(site.join("hoshin.toml")).unwrap();
    fs::write(
        site.join("hoshin.toml"),
        format!("{config}sheets = [[\"en\", \"ja\"], [\"ko\"]]\n"),
    )
    .unwrap();
    let (_out_tmp, out) = built(&site);
    let en_ja = read(&out, "notices/customer-harassment/en+ja/a4.html");
    assert!(en_ja.contains("<html lang=\"en\""), "{}", &en_ja[..200]);
    assert!(en_ja.contains("lang=\"ja\""));
    assert!(out.join("notices/customer-harassment/ko/a4.html").is_file());
    for absent in ["ja", "en", "zh-Hans", "bilingual"] {
        assert!(
            !out.join(format!("notices/customer-harassment/{absent}"))
                .exists(),
            "{absent}"
        );
    }

    // A language the site does not have, and both ways of saying it, are located errors.
    fs::write(
        site.join("hoshin.toml"),
        format!("{config}bilingual = true\nsheets = [[\"ja\", \"fr\"]]\n"),
    )
    .unwrap();
    let o = build(&site, &tmp.path().join("out2"));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`[notices]` sets both `sheets` and `bilingual`"),
        "{err}"
    );
    fs::write(
        site.join("hoshin.toml"),
        format!("{config}sheets = [[\"ja\", \"fr\"]]\n"),
    )
    .unwrap();
    let err = stderr(&build(&site, &tmp.path().join("out3")));
    assert!(err.contains("`fr` is not a language of this site"), "{err}");
    assert!(err.contains("--> hoshin.toml:"), "{err}");
}

/// A length of a sheet's style, in pt when printed: `--<name>` in container units of the
/// content box's width (`width_pt`).
fn style_pt(html: &str, name: &str, width_pt: f32) -> f32 {
    let key = format!("--{name}:");
    let at = html.find(&key).expect("a sheet has its unit") + key.len();
    let cqi: f32 = html[at..html[at..].find(';').unwrap() + at]
        .parse()
        .unwrap();
    cqi * width_pt / 100.0
}

fn unit_pt(html: &str, width_pt: f32) -> f32 {
    style_pt(html, "u", width_pt)
}

/// A4's content box is 186 mm wide; A5's 128 mm.
const A4_PT: f32 = 186.0 * 72.0 / 25.4;
const A5_PT: f32 = 128.0 * 72.0 / 25.4;

/// Type scales with the amount of text: the three-label stores notice prints larger than the
/// default site's eight-label one, and every sheet stays within its paper's limits.
#[test]
fn fewer_labels_get_larger_type() {
    let (_a, stores) = built(&fixture("stores"));
    let (_b, default) = built(&repo());
    let three = unit_pt(&read(&stores, "notices/shop-rules/ja/a4.html"), A4_PT);
    let eight = unit_pt(
        &read(&default, "notices/customer-harassment/ja/a4.html"),
        A4_PT,
    );
    assert!(
        three > eight + 1.0,
        "3 labels {three} pt, 8 labels {eight} pt"
    );
    assert!(three <= 17.5 && eight >= 9.0 * 0.75);
    // Two languages on A5: smaller, but the minimum (8 pt, as CSS `--min`) holds every text.
    let card = read(&default, "notices/customer-harassment/bilingual/a5.html");
    let card_u = unit_pt(&card, A5_PT);
    assert!(card_u < eight && card_u >= 6.0, "{card_u}");
    let min = style_pt(&card, "min", A5_PT);
    assert!((min - 8.0).abs() < 0.01, "{min}");
    assert!(style_pt(&card, "qr", A5_PT) >= 21.0 * 72.0 / 25.4 - 0.01);
    // On a screen the sheet is the printed sheet, scaled; it links back to the notices page.
    assert!(card.contains("<nav class=\"notice-back\"><a href=\"../../../notices/ja/\">"));
    assert!(card.contains(".sheet{aspect-ratio:128 / 189}"));
}

/// Sheets with 3 to 5 languages: the main language first, the others marked and smaller, and
/// one QR code, to the page that offers every language, captioned in each.
#[test]
fn sheets_with_every_language_carry_one_qr_code() {
    for (fixture_name, langs) in [("four-languages", 4), ("five-languages", 5)] {
        let (_tmp, out) = built(&fixture(fixture_name));
        let all = read(&out, "notices/customer-harassment/bilingual/a4.html");
        assert!(all.contains("<html lang=\"ja\""));
        assert_eq!(
            all.matches("<svg class=\"qr\"").count(),
            1,
            "{fixture_name}"
        );
        assert!(all.contains("<a href=\"https://example.jp/policy/\">"));
        assert!(all.contains("<span class=\"notice-url\">example.jp/<wbr>policy/<wbr></span>"));
        let figure = &all
            [all.find("<span class=\"notice-caption\">").unwrap()..all.find("</figure>").unwrap()];
        assert_eq!(figure.matches("<span class=\"t").count(), langs, "{figure}");
        assert!(figure.contains("Full policy in your language"));
        assert_eq!(
            all.matches("<span class=\"t t2\" lang=\"ko\">").count(),
            all.matches("<span class=\"t t2\" lang=\"en\">").count()
        );
    }
}
