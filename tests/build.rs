//! `hoshin build` on good sites: the default site's content, links and metadata, the
//! MHLW-shaped fixture, determinism, and a golden copy of the default site's output.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

fn built_default() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&repo(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

const EXAMPLE_IDS: [&str; 12] = [
    "refund-demands",
    "unfounded-demands",
    "unrelated-products",
    "violence",
    "verbal-abuse",
    "forced-dogeza",
    "sexual-harassment",
    "obstruction",
    "off-hours",
    "online-defamation",
    "damaging-credibility",
    "disturbing-others",
];

#[test]
fn default_site_has_the_whole_policy_in_both_languages() {
    let (_tmp, out) = built_default();
    let ja = read(&out, "ja/customer-harassment/index.html");
    let en = read(&out, "en/customer-harassment/index.html");
    for page in [&ja, &en] {
        for id in EXAMPLE_IDS {
            assert!(
                page.contains(&format!("<li id=\"example-{id}\">")),
                "example {id} missing"
            );
        }
        assert_eq!(page.matches("<li id=\"example-").count(), 12);
        for id in [
            "information",
            "reporting-system",
            "resolute-response",
            "refuse-service",
            "legal-measures",
        ] {
            assert!(
                page.contains(&format!("<li id=\"response-{id}\">")),
                "response {id} missing"
            );
        }
        for id in [
            "introduction",
            "definition",
            "examples",
            "response",
            "request",
        ] {
            assert!(
                page.contains(&format!("<h2 id=\"{id}\">")),
                "section {id} missing"
            );
        }
        assert!(page.contains("id=\"note-catch-all\""));
        assert!(
            !page.contains("{$") && !page.contains("{{"),
            "unresolved placeholder"
        );
        assert!(
            !page.contains('\u{2068}') && !page.contains('\u{2069}'),
            "bidi isolation marks leaked"
        );
    }
    assert!(ja.contains("<html lang=\"ja\">"));
    assert!(en.contains("<html lang=\"en\">"));
    // Japanese citations and list items break between phrases (`<wbr>`).
    assert!(
        ja.contains("厚生労働省<wbr>「カスタマーハラスメント対策企業マニュアル」<wbr>（2022年）")
    );
    assert!(en.contains("Ministry of Health, Labour and Welfare, “Company Manual for Countermeasures for Customer Harassment” (2022)"));
    assert!(ja.contains("<time datetime=\"2025-07-09\">2025年7月9日</time>"));
    assert!(en.contains("<time datetime=\"2025-07-09\">Wednesday, July 9, 2025</time>"));
    assert!(ja.contains("株式会社貴和製作所"));
    assert!(en.contains("Kiwaseisakujo Co., Ltd."));
    assert!(en.contains("stalking") && !en.contains("stumbling"));
    assert!(
        ja.contains("社会通念上")
            && ja.contains("就業環境")
            && ja.contains("土下座")
            && ja.contains("毅然とした<wbr>対応")
    );
    assert!(en.contains("ask for your understanding and cooperation"));
}

#[test]
fn switcher_hreflang_canonical_and_sitemap_agree() {
    let (_tmp, out) = built_default();
    let base = "https://www.kiwaseisakujo.jp/policy/";
    let sitemap = read(&out, "sitemap.xml");
    for (lang, other) in [("ja", "en"), ("en", "ja")] {
        let page = read(&out, &format!("{lang}/customer-harassment/index.html"));
        assert!(page.contains(&format!(
            "<link rel=\"canonical\" href=\"{base}{lang}/customer-harassment/\">"
        )));
        for l in ["ja", "en"] {
            assert!(page.contains(&format!(
                "<link rel=\"alternate\" hreflang=\"{l}\" href=\"{base}{l}/customer-harassment/\">"
            )));
        }
        assert!(page.contains(&format!("<link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}ja/customer-harassment/\">")));
        assert!(page.contains(&format!(
            "<a href=\"../../{other}/customer-harassment/\" hreflang=\"{other}\" lang=\"{other}\">"
        )));
        assert!(sitemap.contains(&format!("<loc>{base}{lang}/customer-harassment/</loc>")));
        assert!(page.contains("<meta name=\"description\" content=\""));
        assert!(page.contains("<meta property=\"og:title\""));
        assert!(page.contains("<a class=\"skip-link\" href=\"#main\">"));
        assert!(!page.contains("<script"));
    }
    assert_eq!(sitemap.matches("<url>").count(), 5);
    assert_eq!(sitemap.matches("hreflang=\"x-default\"").count(), 5);
    assert!(
        !out.join("robots.txt").exists(),
        "robots.txt is useless below the host root"
    );
    let root = read(&out, "index.html");
    assert!(
        root.contains("href=\"ja/customer-harassment/\"")
            && root.contains("href=\"en/customer-harassment/\"")
    );
}

#[test]
fn policy_pages_are_small() {
    let (_tmp, out) = built_default();
    let css = fs::metadata(out.join("style.css")).unwrap().len();
    for lang in ["ja", "en"] {
        let html = fs::metadata(out.join(format!("{lang}/customer-harassment/index.html")))
            .unwrap()
            .len();
        assert!(html + css < 30 * 1024, "{lang}: {} bytes", html + css);
    }
}

#[test]
fn builds_are_byte_identical() {
    let (_a, out_a) = built_default();
    let (_b, out_b) = built_default();
    assert_eq!(snapshot(&out_a), snapshot(&out_b));
}

#[test]
fn rebuild_replaces_the_output_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert!(build(&repo(), &out).status.success());
    fs::write(out.join("stale.html"), "old").unwrap();
    assert!(build(&repo(), &out).status.success());
    assert!(
        !out.join("stale.html").exists(),
        "a rebuild replaces the whole folder"
    );
    // The third build writes over the second one's previous output (the spare).
    fs::write(out.join("stale.html"), "old").unwrap();
    assert!(build(&repo(), &out).status.success());
    assert!(!out.join("stale.html").exists(), "the spare's extra file");
    assert_eq!(
        names_in(tmp.path()),
        [".public.hoshin-spare", "public"],
        "no staging folder left behind"
    );
}

/// The default site in `tmp/site`, built once into `tmp/public`, and a notice template that
/// fails to render (notices render after every policy page, when the staging folder is full).
fn built_site_with_a_failing_notice(tmp: &Path) -> (PathBuf, PathBuf) {
    let site = tmp.join("site");
    for part in ["content", "locales", "reviews", "themes"] {
        copy_dir(&repo().join(part), &site.join(part));
    }
    fs::copy(repo().join("hoshin.toml"), site.join("hoshin.toml")).unwrap();
    let out = tmp.join("public");
    assert!(build(&site, &out).status.success());
    let notice = fs::read_to_string(site.join("themes/default/templates/notice.html")).unwrap();
    fs::create_dir_all(site.join("templates")).unwrap();
    fs::write(
        site.join("templates/notice.html"),
        format!("{{{{ no_such_value.field }}}}\n{notice}"),
    )
    .unwrap();
    (site, out)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn a_build_that_fails_while_writing_pages_leaves_the_previous_output_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let (site, out) = built_site_with_a_failing_notice(tmp.path());
    let before = snapshot(&out);
    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("templates/notice.html:1:4"),
        "{}",
        stderr(&o)
    );
    assert!(before == snapshot(&out), "the previous output is untouched");
    assert_eq!(
        names_in(tmp.path()),
        ["public", "site"],
        "no staging folder or lock left behind"
    );
}

#[test]
fn a_failed_build_still_says_it_put_back_an_interrupted_builds_output() {
    // A build stopped between its two renames left no output and the old one beside it; the
    // next build puts it back first, and says so even when that build then fails.
    let tmp = tempfile::tempdir().unwrap();
    let (site, out) = built_site_with_a_failing_notice(tmp.path());
    let before = snapshot(&out);
    fs::rename(&out, tmp.path().join(".public.hoshin-old")).unwrap();
    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("restored the previous output"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("templates/notice.html:1:4"),
        "{}",
        stderr(&o)
    );
    assert!(
        before == snapshot(&out),
        "the previous output is back, whole"
    );
    assert_eq!(names_in(tmp.path()), ["public", "site"]);
}

#[test]
fn mhlw_fixture_builds_groups_nesting_two_definitions_and_era_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = build(&fixture("mhlw-groups"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let ja = read(&out, "ja/customer-harassment/index.html");
    let en = read(&out, "en/customer-harassment/index.html");
    assert!(ja.contains(
        "<h3 id=\"examples-unreasonable-demand\">要求内容が<wbr>妥当性を<wbr>欠く<wbr>場合</h3>"
    ));
    assert!(en.contains("<h3 id=\"examples-inappropriate-means\">The means or manner is inappropriate under social norms</h3>"));
    assert!(
        ja.contains("<li id=\"example-hitting\">"),
        "third level rendered"
    );
    assert!(
        ja.contains("id=\"definition-mhlw-2022\"")
            && ja.contains("id=\"definition-tokyo-ordinance\"")
    );
    assert!(ja.contains("<dt>制定日</dt><dd><time datetime=\"2024-12-01\">令和6年12月1日</time>"));
    assert!(ja.contains("<dt>周知日</dt><dd><time datetime=\"2025-04-01\">令和7年4月1日</time>"));
    assert!(
        en.contains("<dt>Made known</dt><dd><time datetime=\"2025-04-01\">April 1, 2025</time>")
    );
    assert!(en.contains("Example Corp."), "terms resolve");
    let last = ja.rfind("<li id=\"example-").unwrap();
    assert!(
        ja[last..].starts_with("<li id=\"example-other-inappropriate\">"),
        "catch-all is last"
    );
    // A base URL with a path: absolute URLs use it, internal links are relative.
    assert!(ja.contains("<link rel=\"canonical\" href=\"https://example.co.jp/company/policy/ja/customer-harassment/\">"));
    assert!(ja.contains("href=\"../../style.css\""));
    assert!(
        !ja.contains("href=\"/"),
        "no root-relative links that would ignore the base path"
    );
}

#[test]
fn base_url_flag_overrides_config() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = hoshin(&[
        "build",
        "--root",
        path_str(&repo()),
        "--out",
        path_str(&out),
        "--base-url",
        "https://staging.example.jp/p",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out, "en/index.html").contains("href=\"https://staging.example.jp/p/en/\""));
    let o = hoshin(&[
        "build",
        "--root",
        path_str(&repo()),
        "--out",
        path_str(&out),
        "--base-url",
        "https://example.jp",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out, "robots.txt").contains("Sitemap: https://example.jp/sitemap.xml"));
}

#[test]
fn usage_errors_exit_2() {
    let o = hoshin(&["build", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let o = hoshin(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

/// The default site's output, committed under tests/golden/default. To accept a deliberate
/// change: `HOSHIN_BLESS=1 cargo test --test build golden` (the variable that refreshes every
/// pinned expectation, see `common::BLESS`), then review the diff with git.
#[test]
fn golden_default_site() {
    let (_tmp, out) = built_default();
    let golden = repo().join("tests/golden/default");
    let got = snapshot(&out);
    if blessing() {
        let _ = fs::remove_dir_all(&golden);
        for (rel, bytes) in &got {
            let p = golden.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, bytes).unwrap();
        }
    }
    let want = snapshot(&golden);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "file list differs from tests/golden/default"
    );
    for (rel, bytes) in &got {
        assert!(
            want.get(rel) == Some(bytes),
            "{rel} differs from tests/golden/default/{rel}; if intended, run HOSHIN_BLESS=1 cargo test --test build golden"
        );
    }
}

#[test]
fn bom_and_crlf_files_build_the_same_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = fs::read_to_string(entry.path()).unwrap();
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend(text.replace('\n', "\r\n").into_bytes());
            fs::write(entry.path(), bytes).unwrap();
        }
    }
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let o = build(&site, &a);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(build(&fixture("minimal"), &b).status.success());
    assert_eq!(snapshot(&a), snapshot(&b));
}

#[test]
fn text_from_translators_and_writers_cannot_inject_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    let ftl = site.join("locales/en/house-rules.ftl");
    let text = fs::read_to_string(&ftl)
        .unwrap()
        .replace("Threats", "<script>alert(1)</script> & <b>bold</b>");
    fs::write(&ftl, text).unwrap();
    let md = site.join("content/house-rules/en.md");
    let text = fs::read_to_string(&md).unwrap() + "\n<img src=x onerror=alert(1)>\n";
    fs::write(&md, text).unwrap();
    let out = tmp.path().join("out");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&out, "en/house-rules/index.html");
    assert!(
        page.contains(
            "&lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; &lt;b&gt;bold&lt;&#x2F;b&gt;"
        ) || page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"),
        "{page}"
    );
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{page}"
    );
    assert!(!page.contains("<script") && !page.contains("<img"));
}

#[path = "../examples/corpus.rs"]
#[allow(dead_code)]
mod corpus;

/// Pages and notices render in parallel (rayon); the output must not depend on the number
/// of threads.
#[test]
fn parallel_render_equals_single_threaded() {
    let tmp = tempfile::tempdir().unwrap();
    corpus::generate(&corpus::Args {
        policies: 40,
        languages: vec!["ja".into(), "en".into()],
        seed: 7,
        out: tmp.path().to_path_buf(),
        stores: 6,
    });
    let root = tmp.path().join("hoshin");
    let render_with = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| hoshin::render(&root, None).unwrap().1)
    };
    let one = render_with(1);
    let pages = |prefix: &str| {
        one.keys()
            .filter(|k| k.starts_with(prefix) && k.ends_with(".html"))
            .count()
    };
    // (1 + 6 stores) × (ja, en, bilingual) × A4, plus a notice index per language and
    // `notices/` itself, and each store's page in each language.
    assert_eq!(pages("notices/"), 7 * 3 + 3 + 6 * 2);
    // 40 policies × 2 languages, 2 homes, the chooser and 404.html, plus the notices.
    assert_eq!(pages(""), 40 * 2 + 4 + pages("notices/"));
    for threads in [2, 3, 8] {
        assert!(
            render_with(threads) == one,
            "{threads} threads differ from 1"
        );
    }
}

/// A file in `static/` at the path of a generated page still replaces it (static files are
/// copied last), but no longer silently: the build warns and names it.
#[test]
fn a_static_file_that_replaces_a_page_is_named_in_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    fs::create_dir_all(site.join("static/ja")).unwrap();
    fs::write(site.join("static/ja/index.html"), "<p>mine</p>").unwrap();
    fs::write(site.join("static/extra.txt"), "no page here").unwrap();
    let out = tmp.path().join("out");
    let o = build(&site, &out);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(read(&out, "ja/index.html"), "<p>mine</p>");
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(
        err.contains(
            "warning: the static file `ja/index.html` replaces the file hoshin generates there"
        ),
        "{err}"
    );
}

/// Warnings found while loading (a language folder or document that is not configured) and
/// while rendering (`[notices]` with nothing to put on one) are printed; the build succeeds.
#[test]
fn load_and_render_warnings_are_reported_not_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    fs::create_dir_all(site.join("locales/fr")).unwrap();
    fs::copy(
        site.join("content/house-rules/en.md"),
        site.join("content/house-rules/fr.md"),
    )
    .unwrap();
    let toml = fs::read_to_string(site.join("hoshin.toml")).unwrap();
    fs::write(site.join("hoshin.toml"), format!("{toml}\n[notices]\n")).unwrap();
    let policy = site.join("content/house-rules/policy.toml");
    let data = fs::read_to_string(&policy).unwrap();
    fs::write(&policy, data.replace("notice = true", "notice = false")).unwrap();
    let o = build(&site, &tmp.path().join("out"));
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning: locales/fr/ is not a configured language"),
        "{err}"
    );
    assert!(
        err.contains("`content/house-rules/fr.md` is not published"),
        "{err}"
    );
    assert!(
        err.contains("no policy marks an example with `notice = true`"),
        "{err}"
    );
}

/// Run inside a subfolder of a site, hoshin finds the site as git and cargo find theirs.
#[test]
fn commands_find_the_site_from_a_subfolder() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_hoshin"))
            .args(args)
            .current_dir(site.join("content/house-rules"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let o = run(&["build", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("public/ja/house-rules/index.html").is_file());
    let o = run(&["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Outside any site, the error still names the missing hoshin.toml.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["build"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("it has no hoshin.toml"),
        "{}",
        stderr(&o)
    );
}

/// A one-language site has nothing to choose: no language switcher, and its root shows the
/// language's home (canonical: the home) instead of a chooser.
#[test]
fn a_one_language_site_has_no_switcher_and_no_chooser() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    let toml = fs::read_to_string(site.join("hoshin.toml")).unwrap();
    let ja_only = toml.replace("[[languages]]\ncode = \"en\"\n", "");
    assert_ne!(toml, ja_only, "the fixture lists en");
    fs::write(site.join("hoshin.toml"), ja_only).unwrap();
    fs::remove_dir_all(site.join("locales/en")).unwrap();
    fs::remove_file(site.join("content/house-rules/en.md")).unwrap();
    fs::remove_dir_all(site.join("reviews")).unwrap();
    let out = tmp.path().join("out");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let root = read(&out, "index.html");
    assert!(!root.contains("language-switcher"), "{root}");
    assert!(!root.contains("class=\"chooser\""), "{root}");
    assert!(root.contains("href=\"ja/house-rules/\""), "{root}");
    assert!(
        root.contains("<link rel=\"canonical\" href=\"https://example.com/ja/\">"),
        "{root}"
    );
    assert!(!read(&out, "ja/house-rules/index.html").contains("language-switcher"));
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        !sitemap.contains("<loc>https://example.com/</loc>"),
        "{sitemap}"
    );
}

/// `404.html` at the root, in every language, linking to each language's home from the base
/// URL's path (a server shows it at any depth); noindex and not in the sitemap.
#[test]
fn a_not_found_page_in_every_language() {
    let (_tmp, out) = built_default();
    let page = read(&out, "404.html");
    assert!(
        page.contains("<meta name=\"robots\" content=\"noindex\">"),
        "{page}"
    );
    assert!(
        page.contains("<section class=\"not-found\" lang=\"ja\">"),
        "{page}"
    );
    assert!(
        page.contains("<section class=\"not-found\" lang=\"en\">"),
        "{page}"
    );
    assert!(page.contains("href=\"/policy/en/\""), "{page}");
    assert!(page.contains("href=\"/policy/style.css\""), "{page}");
    assert!(!read(&out, "sitemap.xml").contains("404"));
}

#[test]
fn the_summary_counts_pages_and_notices_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&repo(), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    // A notice sheet is an HTML file under notices/<slug>/ (the notice indexes are pages).
    let files = snapshot(&out);
    let html = files.keys().filter(|k| k.ends_with(".html"));
    let (notices, pages): (Vec<_>, Vec<_>) =
        html.partition(|k| k.starts_with("notices/customer-harassment/"));
    assert!(!notices.is_empty() && !pages.is_empty());
    let expected = format!(
        "Built {} pages and {} notices (ja, en) into",
        pages.len(),
        notices.len()
    );
    assert!(stderr(&o).contains(&expected), "{expected}\n{}", stderr(&o));

    let o = build(&fixture("minimal"), &tmp.path().join("minimal"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("notice"), "{}", stderr(&o));
}

#[test]
fn help_examples_work_outside_the_source_tree() {
    for command in ["build", "serve", "check", "init"] {
        let o = hoshin(&[command, "--help"]);
        assert!(o.status.success());
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(
            !help.contains("tests/"),
            "`hoshin {command} --help` names a path of hoshin's source tree:\n{help}"
        );
    }
}

#[test]
fn an_output_folder_named_with_escape_sequences_is_printed_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out\x1b[2J");
    let o = build(&fixture("minimal"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains('\x1b'), "{err:?}");
    assert!(err.contains("out\\u{1b}[2J"), "{err}");
}

/// `--local`: every relative link of every page leads to a file on disk (a browser opening
/// the copy with `file://` never lands on a folder listing), and the copy goes to its own
/// folder so it is not published by accident.
#[test]
fn a_local_build_links_files_that_exist_on_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("stores"), &site);
    let o = hoshin(&["build", "--local", "--root", path_str(&site)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("--local"), "{}", stderr(&o));
    let out = site.join("public-local");
    assert!(!site.join("public").exists());
    let mut links = 0;
    for (page, bytes) in snapshot(&out) {
        if !page.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let dir = out.join(&page).parent().unwrap().to_path_buf();
        for attr in [" href=\"", " src=\""] {
            for part in html.split(attr).skip(1) {
                let value = &part[..part.find('"').unwrap()];
                let path = value.split(['#', '?']).next().unwrap();
                if path.is_empty() || path.contains(':') || path.starts_with('/') {
                    continue;
                }
                links += 1;
                let target = dir.join(path);
                assert!(target.is_file(), "{page}: `{value}` is not a file on disk");
            }
        }
    }
    assert!(links > 100, "{links}");
}
