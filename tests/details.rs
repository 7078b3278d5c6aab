//! The structures real policies use, on the `details` fixture (a ward office in Japanese,
//! English and Traditional Chinese, two policies): who signs the page, the contact block with
//! each language's label separator, the glossary with terms that keep their language, the
//! revision history under its own heading, and the four labelled dates in every theme
//! language. Errors in these structures are the broken fixtures `glossary-term-*`,
//! `signature-message-missing`, `contact-hours-missing` and `revisions-heading-id-taken`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

fn built() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&fixture("details"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

fn page(out: &Path, lang: &str, slug: &str) -> String {
    read(out, &format!("{lang}/{slug}/index.html"))
}

/// The text between `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in {html}"));
    let rest = &html[from..];
    &rest[..rest.find(end).map_or(rest.len(), |i| i + end.len())]
}

#[test]
fn the_fixture_passes_check_strict() {
    let o = hoshin(&["check", "--root", path_str(&fixture("details")), "--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn signatures_stand_under_the_date_in_each_languages_order() {
    let (_tmp, out) = built();
    let cases = [
        (
            "ja",
            "<p class=\"signature\"><time datetime=\"2026-04-01\">令和8年4月1日</time><br>桜ヶ丘区役所<br><span class=\"signer\" id=\"signature-ward-mayor\">桜ヶ丘区長　桜井 一郎</span><br><span class=\"signer\" id=\"signature-counter-chief\">区民課長　山田 花子</span></p>",
        ),
        (
            "en",
            "<p class=\"signature\"><time datetime=\"2026-04-01\">April 1, 2026</time><br>Sakuragaoka Ward Office<br><span class=\"signer\" id=\"signature-ward-mayor\">Ichiro Sakurai, Mayor of Sakuragaoka Ward</span><br><span class=\"signer\" id=\"signature-counter-chief\">Hanako Yamada, Director, Residents&#39; Division</span></p>",
        ),
        (
            "zh-Hant",
            "<p class=\"signature\"><time datetime=\"2026-04-01\">2026年4月1日</time><br>櫻丘區公所<br><span class=\"signer\" id=\"signature-ward-mayor\">櫻丘區長　櫻井一郎</span><br><span class=\"signer\" id=\"signature-counter-chief\">區民課長　山田花子</span></p>",
        ),
    ];
    for (lang, signature) in cases {
        let html = page(&out, lang, "counter-manners");
        assert!(html.contains(signature), "{lang}: {html}");
        // The signature closes the article.
        assert!(html.contains(&format!("{signature}\n</article>")), "{lang}");
    }
    // The other policy is signed by the mayor alone, with the same message.
    let html = page(&out, "en", "customer-harassment");
    assert!(html.contains("<br>Sakuragaoka Ward Office<br><span class=\"signer\" id=\"signature-ward-mayor\">Ichiro Sakurai, Mayor of Sakuragaoka Ward</span></p>"));
    assert!(!html.contains("signature-counter-chief"));
}

#[test]
fn a_policy_without_signatures_is_signed_as_before() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&fixture("minimal"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(&out, "ja/house-rules/index.html");
    assert!(
        html.contains("<p class=\"signature\"><time datetime=\"2025-07-09\">2025年7月9日</time><br>例の店</p>"),
        "{html}"
    );
    assert!(!html.contains("signer"));
}

#[test]
fn contact_lines_use_each_languages_separator() {
    let (_tmp, out) = built();
    let cases = [
        (
            "ja",
            [
                "<dt>担当部署：</dt><dd>総務課 職員相談窓口</dd>",
                "<dt>電話：</dt><dd><a href=\"tel:0312345678\">03-1234-5678</a></dd>",
                "<dt>受付時間：</dt><dd>平日 9:00〜17:00（祝日を除く）</dd>",
                "<dt>メール：</dt><dd><a href=\"mailto:kasuhara@sakuragaoka-ward.example.jp\">kasuhara@sakuragaoka-ward.example.jp</a></dd>",
            ],
        ),
        (
            "en",
            [
                "<dt>Department: </dt><dd>General Affairs Division, Staff Consultation Desk</dd>",
                "<dt>Phone: </dt><dd><a href=\"tel:0312345678\">03-1234-5678</a></dd>",
                "<dt>Hours: </dt><dd>Weekdays 9:00–17:00 (except public holidays)</dd>",
                "<dt>Email: </dt><dd><a href=\"mailto:kasuhara@sakuragaoka-ward.example.jp\">kasuhara@sakuragaoka-ward.example.jp</a></dd>",
            ],
        ),
        (
            "zh-Hant",
            [
                "<dt>負責部門：</dt><dd>總務課 職員諮詢窗口</dd>",
                "<dt>電話：</dt><dd><a href=\"tel:0312345678\">03-1234-5678</a></dd>",
                "<dt>受理時間：</dt><dd>平日 9:00～17:00（國定假日除外）</dd>",
                "<dt>電子郵件：</dt><dd><a href=\"mailto:kasuhara@sakuragaoka-ward.example.jp\">kasuhara@sakuragaoka-ward.example.jp</a></dd>",
            ],
        ),
    ];
    for (lang, lines) in cases {
        let html = page(&out, lang, "customer-harassment");
        let block = between(&html, "<dl class=\"contact-details\">", "</dl>");
        // In this order: department, phone, hours, email, then the form's address.
        let mut at = 0;
        for line in lines {
            let i = block[at..]
                .find(line)
                .unwrap_or_else(|| panic!("{lang}: no `{line}` after byte {at} in {block}"));
            at += i + line.len();
        }
        assert!(
            block[at..].contains("<a href=\"https://www.sakuragaoka-ward.example.jp/contact/\">"),
            "{lang}: {block}"
        );
        assert!(!block.contains(": <a") || lang == "en", "{lang}: {block}");
    }
    // A contact without department or hours shows only what it has.
    let html = page(&out, "ja", "counter-manners");
    let block = between(&html, "<dl class=\"contact-details\">", "</dl>");
    assert_eq!(block.matches("<dt>").count(), 1, "{block}");
    assert!(block.contains("<dt>電話：</dt><dd><a href=\"tel:0312345600\">03-1234-5600</a></dd>"));
}

#[test]
fn glossary_terms_keep_their_language() {
    let (_tmp, out) = built();
    // 土下座 keeps its Japanese, marked on every page but the Japanese one; the reading comes
    // from each language's file, in that language's brackets.
    let dogeza = [
        (
            "ja",
            "<dt>土下座<span class=\"reading\">（どげざ）</span></dt>",
        ),
        (
            "en",
            "<dt><span lang=\"ja\">土下座</span><span class=\"reading\"> (dogeza)</span></dt>",
        ),
        (
            "zh-Hant",
            "<dt><span lang=\"ja\">土下座</span><span class=\"reading\">（dogeza）</span></dt>",
        ),
    ];
    for slug in ["customer-harassment", "counter-manners"] {
        for (lang, dt) in dogeza {
            let html = page(&out, lang, slug);
            let glossary = between(&html, "<dl class=\"glossary\">", "</dl>");
            assert!(glossary.contains(dt), "{lang} {slug}: {glossary}");
        }
    }
    let html = page(&out, "en", "customer-harassment");
    assert!(html.contains("<div id=\"term-kasuhara\"><dt><span lang=\"ja\">カスハラ</span></dt><dd>Short for “customer harassment” in Japanese.</dd></div>"), "{html}");
    // Terms in policy.toml order; a translated term has no mark; a term kept in English is
    // marked on the Japanese and Chinese pages.
    for (lang, terms) in [
        (
            "ja",
            [
                "土下座",
                "<dt>整理券</dt>",
                "<dt><span lang=\"en\">Smart Counter</span></dt>",
            ],
        ),
        (
            "en",
            [
                "土下座",
                "<dt>Numbered ticket</dt>",
                "<dt>Smart Counter</dt>",
            ],
        ),
        (
            "zh-Hant",
            [
                "土下座",
                "<dt>號碼牌</dt>",
                "<dt><span lang=\"en\">Smart Counter</span></dt>",
            ],
        ),
    ] {
        let html = page(&out, lang, "counter-manners");
        let glossary = between(&html, "<dl class=\"glossary\">", "</dl>");
        let positions: Vec<usize> = terms
            .iter()
            .map(|t| {
                glossary
                    .find(t)
                    .unwrap_or_else(|| panic!("{lang}: no {t} in {glossary}"))
            })
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{lang}: {glossary}"
        );
    }
}

#[test]
fn content_files_hold_no_html() {
    let site = fixture("details");
    let mut files = Vec::new();
    for dir in ["content", "locales"] {
        for entry in walk(&site.join(dir)) {
            files.push(entry);
        }
    }
    assert!(files.len() >= 12, "{files:?}");
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        for html in ["<span", "</", "lang=\""] {
            assert!(!text.contains(html), "{}: {html}", f.display());
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn revision_history_has_its_own_heading() {
    let (_tmp, out) = built();
    // After the last h2 section, the history is a section of its own (h2); inside an h3
    // subsection, an h3.
    for (lang, slug, heading, first) in [
        (
            "ja",
            "customer-harassment",
            "<h2 id=\"revisions\">改定履歴</h2>",
            "令和8年4月1日",
        ),
        (
            "en",
            "customer-harassment",
            "<h2 id=\"revisions\">Revision history</h2>",
            "April 1, 2026",
        ),
        (
            "zh-Hant",
            "customer-harassment",
            "<h2 id=\"revisions\">修訂紀錄</h2>",
            "2026年4月1日",
        ),
        (
            "ja",
            "counter-manners",
            "<h3 id=\"revisions\">改定履歴</h3>",
            "令和8年4月1日",
        ),
        (
            "en",
            "counter-manners",
            "<h3 id=\"revisions\">Revision history</h3>",
            "April 1, 2026",
        ),
    ] {
        let html = page(&out, lang, slug);
        let section = between(&html, heading, "</table>");
        assert!(
            section.contains("<table class=\"revisions\" aria-labelledby=\"revisions\">"),
            "{lang} {slug}: {section}"
        );
        assert!(section.contains("<th scope=\"col\">"), "{section}");
        // Every date is one <time>, which the stylesheet keeps on one line.
        assert!(
            section.contains(&format!(
                "<tr><td><time datetime=\"2026-04-01\">{first}</time></td>"
            )),
            "{lang} {slug}: {section}"
        );
        assert!(!section.contains("<caption>"), "{section}");
        assert_eq!(html.matches("id=\"revisions\"").count(), 1, "{lang} {slug}");
    }
    // Right under a heading of the document, the block gives itself none: that heading names
    // the table (the four-languages fixture writes `## 改定履歴 {#history}` above it).
    let tmp = tempfile::tempdir().unwrap();
    let o = build(&fixture("four-languages"), &tmp.path().join("public"));
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(
        &tmp.path().join("public"),
        "ja/customer-harassment/index.html",
    );
    assert!(
        html.contains("<h2 id=\"history\">改定履歴</h2>\n<table class=\"revisions\" aria-labelledby=\"history\">"),
        "{html}"
    );
    assert!(!html.contains("id=\"revisions\""));
    let css = read(&out, "style.css");
    assert!(
        css.contains("time { white-space: nowrap; }"),
        "dates never split"
    );
}

#[test]
fn four_date_labels_in_every_theme_language() {
    let (_tmp, out) = built();
    for (lang, labels) in [
        ("ja", ["制定日", "施行日", "周知日", "改定日"]),
        ("en", ["Enacted", "Effective", "Made known", "Revised"]),
        ("zh-Hant", ["制定日期", "生效日期", "公告日期", "修訂日期"]),
    ] {
        let html = page(&out, lang, "customer-harassment");
        let dates = between(&html, "<dl class=\"dates\">", "</dl>");
        let dts: Vec<&str> = dates
            .split("<dt>")
            .skip(1)
            .map(|s| &s[..s.find("</dt>").unwrap()])
            .collect();
        assert_eq!(dts, labels, "{lang}");
    }
    // Every theme language defines the four labels and the new strings, each once.
    for lang in ["ja", "en", "zh-Hans", "zh-Hant", "ko"] {
        let ftl = read(&repo(), &format!("themes/default/locales/{lang}/theme.ftl"));
        for id in [
            "date-enacted",
            "date-effective",
            "date-made-known",
            "date-revised",
            "revisions-heading",
            "signature-line",
            "contact-label",
            "contact-department",
            "contact-hours",
            "glossary-reading",
        ] {
            let n = ftl
                .lines()
                .filter(|l| l.starts_with(&format!("{id} =")))
                .count();
            assert_eq!(n, 1, "{lang}: {id}");
        }
    }
}
