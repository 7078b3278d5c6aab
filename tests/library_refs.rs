//! Library items by reference (`library = true` in policy.toml): the `library-refs` fixture (a
//! bakery chain in ja, en and zh-Hans) builds and passes `check --strict`; its pages show the
//! library's texts, the site's English override (with the library's notice label kept), and
//! zh-Hans's own texts; overriding the Japanese text of a library item makes the library's
//! English translation stale.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use hoshin::library::library;

fn built(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(root, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

fn check(root: &Path, strict: bool) -> std::process::Output {
    let mut args = vec!["check", "--root", path_str(root), "--color", "never"];
    if strict {
        args.push("--strict");
    }
    hoshin(&args)
}

/// The library's text of an example (`notice`: its notice label) in `lang`.
fn example(id: &str, notice: bool, lang: &str) -> String {
    let e = library()
        .all_examples()
        .into_iter()
        .find(|e| e.id == id)
        .unwrap();
    let text = if notice {
        e.notice.as_ref().unwrap()
    } else {
        &e.text
    };
    text[lang].clone()
}

/// HTML-escapes a text as the templates do.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn library_texts_overrides_and_own_languages() {
    let site = fixture("library-refs");
    let o = check(&site, true);
    assert!(o.status.success(), "check --strict failed:\n{}", stderr(&o));
    let (_tmp, out) = built(&site);
    // Japanese line breaks are marked with <wbr>: compare the text without them.
    let text = |rel: String| read(&out, &rel).replace("<wbr>", "");
    let page = |lang: &str| text(format!("{lang}/customer-harassment/index.html"));
    let notice = |lang: &str| text(format!("notices/customer-harassment/{lang}/a4.html"));
    let (ja, en, zh) = (page("ja"), page("en"), page("zh-Hans"));

    // Library texts in ja and en: examples, a definition with the library's citation year and
    // link, a response group's heading and responses.
    for (lang, html) in [("ja", &ja), ("en", &en)] {
        for id in ["physical-attacks", "long-contact"] {
            assert!(
                html.contains(&escaped(&example(id, false, lang))),
                "{lang}: {id}"
            );
        }
        let def = library().definition("act-art33").unwrap();
        assert!(
            html.contains(&escaped(&def.text[lang])),
            "{lang}: definition"
        );
        assert!(
            html.contains(&escaped(&def.title[lang])),
            "{lang}: citation"
        );
        assert!(html.contains(&def.url), "{lang}: the library's URL");
        let responses = &library().responses[0];
        assert!(html.contains(&escaped(&responses.text[lang])), "{lang}");
        assert!(
            html.contains(&escaped(&responses.items[0].text[lang])),
            "{lang}"
        );
    }
    assert!(ja.contains("（2025年）"), "the library's year");
    assert!(en.contains("(2025)"), "the library's year");
    assert!(ja.contains(&escaped(&example("mental-attacks", false, "ja"))));

    // The English override replaces the library's value only; the notice label stays the
    // library's.
    assert!(en.contains("Threats, insults, slander or abusive language, at the counter"));
    assert!(!en.contains(&escaped(&example("mental-attacks", false, "en"))));
    let en_notice = notice("en");
    assert!(en_notice.contains(&escaped(&example("mental-attacks", true, "en"))));
    assert!(en_notice.contains(&escaped(&example("physical-attacks", true, "en"))));
    assert!(notice("ja").contains(&escaped(&example("physical-attacks", true, "ja"))));

    // zh-Hans, which the library lacks, shows its own texts and no library text.
    assert!(zh.contains("身体攻击（暴力、伤害等）"));
    assert!(zh.contains("日本国会《劳动施策综合推进法"));
    assert!(notice("zh-Hans").contains("暴力、身体攻击"));
    for lang in ["ja", "en"] {
        assert!(!zh.contains(&escaped(&example("physical-attacks", false, lang))));
    }

    // No review record holds a text that is the library's in both languages; the English
    // override is a translation of the library's Japanese and is reviewed like any other.
    let en_review = read(&site, "reviews/en.toml");
    assert!(!en_review.contains("example-physical-attacks"));
    assert!(!en_review.contains("definition-act-art33"));
    assert!(en_review.contains("[units.example-mental-attacks]"));
    assert!(read(&site, "reviews/zh-Hans.toml").contains("[units.example-physical-attacks]"));
}

#[test]
fn overriding_the_source_text_makes_the_library_translation_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("library-refs"), &site);
    let ftl = site.join("locales/ja/customer-harassment.ftl");
    let mut text = fs::read_to_string(&ftl).unwrap();
    text.push_str("\nexample-long-contact = 長時間にわたる電話や居座り、閉店後の対応の要求\n");
    fs::write(&ftl, text).unwrap();

    // Without a review record for English: the library's translation is still known to be
    // reviewed against the library's Japanese, so it is stale.
    fs::remove_file(site.join("reviews/en.toml")).unwrap();
    let o = check(&site, false);
    assert!(
        o.status.success(),
        "a stale translation is a warning:\n{}",
        stderr(&o)
    );
    let err = stderr(&o);
    assert!(
        err.contains("warning[stale-translation]: the `en` translation of `example-long-contact` is stale: the `ja` text changed since its last review"),
        "{err}"
    );
    assert!(
        err.contains("--> content/customer-harassment/policy.toml:24:6"),
        "{err}"
    );
    assert!(
        err.contains("長時間にわたる電話や[-面会、営業時間外や業務の場所以外で-][+居座り、閉店後+]の対応の要求"),
        "{err}"
    );
    assert!(err.contains("hoshin's standard library's, translated from its `ja` text"));
    // zh-Hans was reviewed against the library's Japanese too.
    assert!(
        err.contains("the `zh-Hans` translation of `example-long-contact` is stale"),
        "{err}"
    );
    assert!(!check(&site, true).status.success());

    // Reviewing the English (here: accepting the library's text as it is) clears it.
    let o = hoshin(&[
        "check",
        "--root",
        path_str(&site),
        "--mark-reviewed",
        "en",
        "example-long-contact",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&check(&site, false));
    assert!(
        !err.contains("`en` translation of `example-long-contact`"),
        "{err}"
    );

    // The page shows the site's Japanese and the library's English.
    let (_tmp, out) = built(&site);
    // (Japanese list items carry phrase breaks.)
    assert!(read(&out, "ja/customer-harassment/index.html")
        .replace("<wbr>", "")
        .contains("閉店後の対応の要求"));
    assert!(
        read(&out, "en/customer-harassment/index.html").contains(&escaped(&example(
            "long-contact",
            false,
            "en"
        )))
    );
}
