//! The list structures of `policy.toml`, built from `tests/fixtures/sites/lists/` (a municipal
//! library in Japanese, English and Korean): numbering per list, example subgroups and their
//! heading levels, run-in examples with each language's separators, headless groups, and
//! definitions cited as a note or not at all. Assertions are on the HTML the build writes.

mod common;

use std::path::Path;

use common::*;

struct Built {
    _tmp: tempfile::TempDir,
    out: std::path::PathBuf,
}

impl Built {
    fn page(&self, lang: &str, slug: &str) -> String {
        read(&self.out, &format!("{lang}/{slug}/index.html"))
    }
}

fn built() -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&fixture("lists"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    Built { _tmp: tmp, out }
}

/// The opening tag of the list that directly follows `after` in `page`.
fn list_after<'a>(page: &'a str, after: &str) -> &'a str {
    let at = page
        .find(after)
        .unwrap_or_else(|| panic!("{after} not in page"))
        + after.len();
    let rest = &page[at..];
    let start = ["<ol", "<ul"]
        .iter()
        .filter_map(|t| rest.find(t))
        .min()
        .unwrap();
    let end = rest[start..].find('>').unwrap() + start + 1;
    &rest[start..end]
}

/// `page` without the `<wbr>` phrase breaks.
fn plain(page: &str) -> String {
    page.replace("<wbr>", "")
}

#[test]
fn each_list_shows_the_markers_its_policy_chose() {
    let b = built();
    for lang in ["ja", "en", "ko"] {
        let p = b.page(lang, "user-harassment");
        // Example group lists, an example's nested list, response group lists.
        assert_eq!(
            list_after(&p, "id=\"examples-lib-invalid-demands\""),
            "<ol class=\"list-decimal\">"
        );
        assert_eq!(
            list_after(&p, "id=\"examples-lib-regardless\""),
            "<ol class=\"list-circled\">"
        );
        assert_eq!(
            list_after(&p, "id=\"examples-lib-online\""),
            "<ul class=\"list-none\">"
        );
        assert_eq!(
            list_after(&p, "id=\"example-lib-excessive\""),
            "<ol class=\"list-parenthesised\">"
        );
        assert_eq!(
            list_after(&p, "id=\"examples-lib-in-light\""),
            "<ul>",
            "bullets by default, as before"
        );
        assert_eq!(
            list_after(&p, "id=\"responses-lib-in-house\""),
            "<ol class=\"list-decimal\">"
        );
        assert_eq!(
            list_after(&p, "id=\"response-lib-records\""),
            "<ol class=\"list-circled\">"
        );
        let r = b.page(lang, "reading-room");
        assert_eq!(
            list_after(&r, "id=\"responses-rr-steps\""),
            "<ul class=\"list-none\">"
        );
    }
    // The markers are the stylesheet's counter styles, full-width parentheses in CJK.
    let css = read(&b.out, "style.css");
    for rule in [
        "@counter-style hoshin-parenthesised { system: extends decimal; prefix: \"(\"; suffix: \") \"; }",
        "@counter-style hoshin-parenthesised-cjk { system: extends decimal; prefix: \"（\"; suffix: \"）\"; }",
        "ol.list-parenthesised:is(:lang(ja), :lang(zh)) { list-style-type: hoshin-parenthesised-cjk;",
        "ol.list-circled { list-style-type: hoshin-circled;",
        "\"①\" \"②\" \"③\"",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
}

#[test]
fn subgroups_nest_three_levels_with_headings_following_depth() {
    let b = built();
    let ja = plain(&b.page("ja", "user-harassment"));
    assert!(ja.contains("<h3 id=\"examples-lib-inappropriate-means\">要求を実現するための手段や態様が相当とはいえないもの</h3>\n<h4 id=\"examples-lib-regardless\">"));
    assert!(ja.contains(
        "<h4 id=\"examples-lib-in-light\">要求の内容の妥当性に照らして相当とはいえないもの</h4>"
    ));
    assert!(ja.contains("<h5 id=\"examples-lib-online\">インターネット上での行為</h5>"));
    // The group without a heading shows its list and nothing else: no empty heading.
    assert!(ja.contains("</ul>\n<ul>\n<li id=\"example-lib-disturbing-others\">"));
    assert!(!ja.contains("examples-lib-other"));
    for p in [
        &ja,
        &b.page("en", "reading-room"),
        &b.page("ko", "reading-room"),
    ] {
        assert!(
            !p.contains("></h3>") && !p.contains("></h4>"),
            "empty heading"
        );
    }
    // A subgroup under a group without a heading is one level below the nearest heading.
    let en = b.page("en", "reading-room");
    assert!(en.contains("<h3 id=\"examples-rr-prohibited\">"));
    assert!(!en.contains("examples-rr-more"));
    assert!(en.contains("<h4 id=\"examples-rr-materials\">Handling materials</h4>"));
    // The headless response group shows no heading; its items keep their ids.
    let ko = b.page("ko", "user-harassment");
    assert!(!ko.contains("responses-lib-external"));
    assert!(ko.contains("<li id=\"response-lib-stop\">"));
}

#[test]
fn run_in_examples_use_each_languages_separators() {
    let b = built();
    let ja = b.page("ja", "user-harassment");
    assert!(ja.contains(
        "<li id=\"example-lib-physical\"><span class=\"run-in-label\">身体的な<wbr>攻撃</span>：<wbr><span id=\"example-lib-hitting\">殴る</span>、<wbr><span id=\"example-lib-kicking\">蹴る</span>、<wbr><span id=\"example-lib-throwing\">物を<wbr>投げる</span></li>"
    ));
    let en = b.page("en", "user-harassment");
    assert!(en.contains(
        "<li id=\"example-lib-physical\"><span class=\"run-in-label\">Physical attacks</span>: <wbr><span id=\"example-lib-hitting\">hitting</span>; <wbr><span id=\"example-lib-kicking\">kicking</span>; <wbr><span id=\"example-lib-throwing\">throwing objects</span></li>"
    ));
    let ko = b.page("ko", "reading-room");
    assert!(ko.contains(
        "<span class=\"run-in-label\">소리를 내는 행위</span>: <wbr><span id=\"example-rr-phone-calls\">통화</span>, <wbr><span id=\"example-rr-loud-talk\">큰 소리로 대화하기</span></li>"
    ));
    // A run-in example's items are not a list.
    assert!(!en.contains("<li id=\"example-lib-hitting\">"));
}

#[test]
fn definitions_are_cited_as_a_note_as_a_caption_or_not_at_all() {
    let b = built();
    let ja = b.page("ja", "user-harassment");
    assert!(ja.contains("<figcaption class=\"citation-note\"><span class=\"note-mark\">※</span><cite><a href=\"https://www.mhlw.go.jp/stf/newpage_24067.html\">厚生労働省<wbr>「カスタマーハラスメント対策企業マニュアル」<wbr>（2022年）</a></cite></figcaption>"));
    let en = b.page("en", "user-harassment");
    assert!(en.contains("<span class=\"note-mark\">Source: </span><cite><a href=\"https://www.mhlw.go.jp/stf/newpage_24067.html\">Ministry of Health, Labour and Welfare, “Company Manual for Countermeasures for Customer Harassment” (2022)</a></cite>"));
    let ko = b.page("ko", "user-harassment");
    assert!(ko.contains("<span class=\"note-mark\">출처: </span><cite>"));
    // The library's own words: no quotation, no citation.
    for p in [&ja, &en, &ko] {
        let own = &p[p.find("id=\"definition-lib-own\"").unwrap() - 24..];
        let own = &own[..own.find("</div>").unwrap()];
        assert!(
            own.starts_with("<div class=\"definition\" id=\"definition-lib-own\">\n<p>"),
            "{own}"
        );
        assert!(
            !own.contains("blockquote") && !own.contains("cite"),
            "{own}"
        );
    }
    // A caption, as before.
    let r = b.page("ja", "reading-room");
    assert!(r.contains("<figcaption><cite>桜川市<wbr>「桜川市立図書館条例」</cite></figcaption>"));
}

#[test]
fn only_japanese_texts_get_phrase_breaks() {
    let b = built();
    let ja = b.page("ja", "user-harassment");
    assert!(ja.contains("<html lang=\"ja\">"));
    assert!(ja.contains("<li id=\"response-lib-training\">職員に<wbr>研修を<wbr>行い、<wbr>対応の<wbr>手順を<wbr>共有します。</li>"));
    assert!(ja.contains("<li id=\"example-lib-no-grounds\">当館の<wbr>対応に<wbr>誤りが<wbr>ないのに<wbr>行われる<wbr>要求</li>"));
    for (lang, page) in [("en", "user-harassment"), ("ko", "user-harassment")] {
        let p = b.page(lang, page);
        assert!(p.contains(&format!("<html lang=\"{lang}\">")));
        let body = &p[p.find("<main").unwrap()..];
        // Only the run-in separators carry a break in these languages.
        assert_eq!(
            body.matches("<wbr>").count(),
            body.matches("</span>: <wbr>").count()
                + body.matches("; <wbr>").count()
                + body.matches(", <wbr>").count(),
            "{lang}"
        );
    }
    let ko = b.page("ko", "user-harassment");
    assert!(ko.contains(
        "<li id=\"response-lib-training\">직원에게 연수를 실시하고 대응 절차를 공유합니다.</li>"
    ));
}

#[test]
fn the_fixture_passes_check_strict() {
    let o = hoshin(&[
        "check",
        "--root",
        path_str(Path::new(&fixture("lists"))),
        "--strict",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}
