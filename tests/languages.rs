//! The languages the built-in theme ships UI strings for (ja, en, zh-Hans, zh-Hant, ko): the
//! four-language fixture (ja, en, zh-Hans, ko) builds and passes `check --strict` with content
//! files only, every page carries its `lang`, dates come out in each language's own form, the
//! language switcher names each language in itself, and the notices leave Chinese and Korean
//! line breaking to the stylesheet. Traditional Chinese is added to a copy of the fixture the
//! same way a site would add it: files only.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

/// Per language: code, name in itself, the theme's skip link, the enacted date as written,
/// the date label, the citation of the MHLW manual.
const LANGUAGES: [(&str, &str, &str, &str, &str, &str); 4] = [
    (
        "ja",
        "日本語",
        "本文へ移動",
        "2025年7月9日",
        "制定日",
        "厚生労働省「カスタマーハラスメント対策企業マニュアル」（2022年）",
    ),
    (
        "en",
        "English",
        "Skip to main content",
        "July 9, 2025",
        "Enacted",
        "Ministry of Health, Labour and Welfare, “Company Manual for Countermeasures for Customer Harassment” (2022)",
    ),
    (
        "zh-Hans",
        "简体中文",
        "跳到主要内容",
        "2025年7月9日",
        "制定日期",
        "日本厚生劳动省《顾客骚扰对策企业手册》（2022年）",
    ),
    (
        "ko",
        "한국어",
        "본문 바로가기",
        "2025년 7월 9일",
        "제정일",
        "일본 후생노동성, 『고객 괴롭힘 대책 기업 매뉴얼』(2022년)",
    ),
];

fn built(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(root, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

fn check_strict(root: &Path) {
    let o = hoshin(&[
        "check",
        "--root",
        path_str(root),
        "--strict",
        "--color",
        "never",
    ]);
    assert!(o.status.success(), "check --strict failed:\n{}", stderr(&o));
}

/// The switcher entry of `code`: the current page's is a span, the others links.
fn switcher_entry(code: &str, name: &str, current: bool) -> String {
    if current {
        format!("<span aria-current=\"true\" lang=\"{code}\">{name}</span>")
    } else {
        format!("hreflang=\"{code}\" lang=\"{code}\">{name}</a>")
    }
}

#[test]
fn four_languages_build_and_pass_check_strict_with_content_files_only() {
    let site = fixture("four-languages");
    assert!(
        !site.join("themes").exists() && !site.join("templates").exists(),
        "the fixture uses the built-in theme as it is"
    );
    check_strict(&site);
    let (_tmp, out) = built(&site);
    for (code, ..) in LANGUAGES {
        for page in ["index.html", "customer-harassment/index.html"] {
            assert!(out.join(code).join(page).is_file(), "{code}/{page}");
        }
        assert!(out.join(format!("notices/{code}/index.html")).is_file());
        assert!(out
            .join(format!("notices/customer-harassment/{code}/a4.html"))
            .is_file());
    }
    // Four languages fit one A4 sheet (type sized to fit; tests/notices.rs checks the sheet).
    assert!(out
        .join("notices/customer-harassment/bilingual/a4.html")
        .is_file());
}

#[test]
fn every_page_has_its_lang_dates_and_theme_strings() {
    let (_tmp, out) = built(&fixture("four-languages"));
    for (code, _, skip, date, label, citation) in LANGUAGES {
        for page in [
            format!("{code}/index.html"),
            format!("{code}/customer-harassment/index.html"),
            format!("notices/{code}/index.html"),
        ] {
            let html = read(&out, &page);
            assert!(
                html.contains(&format!("<html lang=\"{code}\">")),
                "{page}: html lang"
            );
            assert!(html.contains(&format!(">{skip}</a>")), "{page}: skip link");
        }
        let policy = read(&out, &format!("{code}/customer-harassment/index.html"));
        assert!(
            policy.contains(&format!(
                "<dt>{label}</dt><dd><time datetime=\"2025-07-09\">{date}</time></dd>"
            )),
            "{code}: enacted date {date}"
        );
        assert!(
            policy.contains(&format!(
                "<p class=\"signature\"><time datetime=\"2025-07-09\">{date}</time>"
            )),
            "{code}: signature date"
        );
        assert!(
            // Japanese citations carry phrase breaks (`<wbr>`), asserted in tests/lists.rs.
            policy
                .replace("<wbr>", "")
                .contains(&format!("{citation}</a>")),
            "{code}: citation {citation}"
        );
        let notice = read(&out, &format!("notices/customer-harassment/{code}/a4.html"));
        assert!(notice.contains(&format!("<html lang=\"{code}\" data-paper=\"a4\">")));
        assert!(notice.contains(&format!("<time datetime=\"2025-07-09\">{date}</time>")));
    }
    // The chooser is in the source language; each section and title says which it is in.
    let chooser = read(&out, "index.html");
    assert!(chooser.contains("<html lang=\"ja\">"));
    for (code, name, ..) in LANGUAGES {
        assert!(chooser.contains(&format!(
            "<section class=\"chooser\" lang=\"{code}\" aria-labelledby=\"chooser-{code}\">"
        )));
        assert!(chooser.contains(&format!("hreflang=\"{code}\">{name}</a></h2>")));
    }
    assert!(chooser.contains("<span lang=\"zh-Hans\">都屋株式会社的方针</span>"));
    assert!(chooser.contains("<span lang=\"ko\">주식회사 미야코야의 방침</span>"));
}

#[test]
fn the_language_switcher_names_each_language_in_itself() {
    let (_tmp, out) = built(&fixture("four-languages"));
    for (page_code, ..) in LANGUAGES {
        for page in [
            format!("{page_code}/index.html"),
            format!("{page_code}/customer-harassment/index.html"),
            format!("notices/{page_code}/index.html"),
        ] {
            let html = read(&out, &page);
            for (code, name, ..) in LANGUAGES {
                let entry = switcher_entry(code, name, code == page_code);
                assert!(html.contains(&entry), "{page}: {entry}");
            }
        }
        // The notice index names each language's notices in that language.
        let index = read(&out, &format!("notices/{page_code}/index.html"));
        for (code, name, ..) in LANGUAGES {
            let row = if code == page_code {
                format!("<h4 class=\"notice-index-variant\"><span>{name}</span></h4>")
            } else {
                format!(
                    "<h4 class=\"notice-index-variant\"><span lang=\"{code}\">{name}</span></h4>"
                )
            };
            assert!(index.contains(&row), "notices/{page_code}/: {row}");
        }
    }
}

#[test]
fn chinese_and_korean_notices_leave_line_breaking_to_the_stylesheet() {
    let (_tmp, out) = built(&fixture("four-languages"));
    // Chinese breaks between characters and Korean at spaces: no phrase <wbr>, except where
    // the author pinned a break with `|` (the Chinese headline).
    let zh = read(&out, "notices/customer-harassment/zh-Hans/a4.html");
    assert!(zh.contains(
        "<h1 class=\"notice-headline\"><span class=\"t\">我们将坚决应对<wbr>顾客骚扰行为</span></h1>"
    ));
    assert!(zh.contains("<li><span class=\"t\">擅自拍摄员工并发布到网上</span></li>"));
    assert!(zh.contains("<p class=\"notice-lead\"><span class=\"t\">以下行为，恕不接受</span></p>"));
    let ko = read(&out, "notices/customer-harassment/ko/a4.html");
    assert!(ko.contains(
        "<h1 class=\"notice-headline\"><span class=\"t\">고객 괴롭힘에 단호히 대응합니다</span></h1>"
    ));
    assert!(ko.contains("<li><span class=\"t\">직원 무단 촬영·SNS 게시</span></li>"));
    for html in [&zh, &ko] {
        let main =
            &html[html.find("<main").unwrap()..html.find("<div class=\"notice-links\">").unwrap()];
        assert!(!main.contains('|'), "pins never reach the page");
    }
    assert!(read(&out, "notices/customer-harassment/ja/a4.html").contains("<wbr>"));
    // The stylesheets: keep-all for notice text, undone for Chinese unless pinned; Korean keeps
    // words whole on the web pages too; each script has its own fonts.
    let notice_css = read(&out, "notice.css");
    assert!(notice_css.contains(".notice :lang(zh) { word-break: normal; line-break: strict; }"));
    assert!(notice_css.contains(".notice .t:lang(zh):has(wbr) { word-break: keep-all; }"));
    let style = read(&out, "style.css");
    for css in [&style, &notice_css] {
        for font in [
            "Noto Sans CJK JP",
            "Noto Sans CJK SC",
            "Noto Sans CJK TC",
            "Noto Sans CJK KR",
        ] {
            assert!(css.contains(font), "{font}");
        }
    }
    let ko_rule = &style[style.find(":lang(ko) {").unwrap()..];
    assert!(ko_rule[..ko_rule.find('}').unwrap()].contains("word-break: keep-all;"));
}

/// Adds Traditional Chinese to a copy of the fixture as a site would: a `[[languages]]` entry,
/// a document, locale files and a review record (the text is the Simplified one: this test is
/// about what the theme and ICU4X supply).
#[test]
fn traditional_chinese_is_content_files_only_too() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("four-languages"), &site);
    let config = fs::read_to_string(site.join("hoshin.toml")).unwrap();
    let config = config.replace(
        "[notices]",
        "[[languages]]\ncode = \"zh-Hant\"\n\n[notices]",
    );
    fs::write(site.join("hoshin.toml"), config).unwrap();
    let doc = site.join("content/customer-harassment");
    fs::copy(doc.join("zh-Hans.md"), doc.join("zh-Hant.md")).unwrap();
    copy_dir(&site.join("locales/zh-Hans"), &site.join("locales/zh-Hant"));
    fs::copy(
        site.join("reviews/zh-Hans.toml"),
        site.join("reviews/zh-Hant.toml"),
    )
    .unwrap();
    check_strict(&site);
    let out = tmp.path().join("public");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&out, "zh-Hant/customer-harassment/index.html");
    assert!(page.contains("<html lang=\"zh-Hant\">"));
    assert!(page.contains(&switcher_entry("zh-Hant", "繁體中文", true)));
    assert!(page.contains(&switcher_entry("zh-Hans", "简体中文", false)));
    for ui in [
        "<a class=\"skip-link\" href=\"#main\">跳到主要內容</a>",
        "<nav class=\"language-switcher\" aria-label=\"切換語言\">",
        "<dt>制定日期</dt><dd><time datetime=\"2025-07-09\">2025年7月9日</time></dd>",
        "<table class=\"revisions\" aria-labelledby=\"history\">",
        "<th scope=\"col\">修訂內容</th>",
        "<h3 id=\"contact-title\">聯絡我們</h3>",
        ">返回方針列表</a>",
    ] {
        assert!(page.contains(ui), "zh-Hant: {ui}");
    }
    for (code, name, ..) in LANGUAGES {
        assert!(page.contains(&switcher_entry(code, name, false)));
        let other = read(&out, &format!("{code}/customer-harassment/index.html"));
        assert!(other.contains(&switcher_entry("zh-Hant", "繁體中文", false)));
    }
    let index = read(&out, "notices/zh-Hant/index.html");
    assert!(index.contains("<h1>店內張貼告示</h1>"));
    assert!(index.contains("<h3>所有門市</h3>"));
    assert!(index.contains("<dd>放在櫃檯或收銀台旁。</dd>"));
}
