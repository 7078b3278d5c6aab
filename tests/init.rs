//! `hoshin init`: the flag form without a terminal writes a site that builds and passes
//! `hoshin check --strict`, carries nothing of the sample company, takes the library's items
//! by id; and every refusal (a non-empty folder, a missing or wrong value, a language the
//! library lacks) is a usage error (exit 2) that changes nothing.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::*;

/// Runs `hoshin init DIR ARGS…` with standard input from /dev/null (never a terminal).
fn init(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .arg("init")
        .arg(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run hoshin")
}

/// The flags of the brief's example.
const FLAGS: &[&str] = &[
    "--base-url",
    "https://www.example.co.jp/policy/",
    "--languages",
    "ja,en",
    "--name",
    "ja=株式会社例示商事",
    "--name",
    "en=Reiji Shoji Co., Ltd.",
    "--yes",
];

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    FLAGS.iter().copied().chain(extra.iter().copied()).collect()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Builds the site and runs `hoshin check --strict` on it; both must pass.
fn builds_and_checks(site: &Path) {
    let out = site.with_file_name(format!(
        "{}-public",
        site.file_name().unwrap().to_string_lossy()
    ));
    let b = build(site, &out);
    assert!(b.status.success(), "build failed:\n{}", stderr(&b));
    let c = hoshin(&["check", "--root", path_str(site), "--strict"]);
    assert!(c.status.success(), "check --strict failed:\n{}", stderr(&c));
    assert!(stderr(&c).contains("check passed"), "{}", stderr(&c));
}

#[test]
fn flag_form_writes_a_site_that_builds_and_passes_check_strict() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("new-site");
    let o = init(&site, FLAGS);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let printed = stdout(&o);
    let root = path_str(&site);
    for cmd in ["serve", "check", "build"] {
        assert!(
            printed.contains(&format!("hoshin {cmd} --root {root}")),
            "`hoshin {cmd} --root DIR` not printed:\n{printed}"
        );
    }
    let files: Vec<String> = snapshot(&site).into_keys().collect();
    assert_eq!(
        files,
        [
            "content/customer-harassment/en.md",
            "content/customer-harassment/ja.md",
            "content/customer-harassment/policy.toml",
            "hoshin.toml",
            "locales/en/customer-harassment.ftl",
            "locales/en/site.ftl",
            "locales/ja/customer-harassment.ftl",
            "locales/ja/site.ftl",
            "reviews/en.toml",
        ]
    );
    let ja = read(&site, "content/customer-harassment/ja.md");
    for section in [
        "{#introduction}",
        "{#definition}",
        "{#examples}",
        "{#response}",
        "{#request}",
    ] {
        assert!(ja.contains(section), "ja.md lacks {section}");
    }
    assert!(
        ja.contains("enacted = "),
        "the enactment date signs the page"
    );
    assert!(ja.contains("株式会社例示商事は、"));
    assert!(
        read(&site, "locales/en/site.ftl").contains("organisation-name = Reiji Shoji Co., Ltd.")
    );
    assert!(read(&site, "hoshin.toml").contains("base_url = \"https://www.example.co.jp/policy/\""));
    // The default choice: the amended Act's definition, no notices.
    let policy = read(&site, "content/customer-harassment/policy.toml");
    assert!(policy.contains("id = \"act-art33\""), "{policy}");
    assert!(!read(&site, "hoshin.toml").contains("[notices]"));
    builds_and_checks(&site);
    let page = read(
        &site.with_file_name("new-site-public"),
        "en/customer-harassment/index.html",
    );
    assert!(
        page.contains("Labor Policy Comprehensive Promotion Act"),
        "cited"
    );
    assert!(page.contains("Reiji Shoji Co., Ltd."), "signed");
}

#[test]
fn nothing_of_the_sample_company_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let o = init(
        &site,
        &with(&[
            "--examples",
            "all",
            "--definitions",
            "all",
            "--responses",
            "all",
            "--notices",
            "a4,a3,a5",
        ]),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    builds_and_checks(&site);
    // The site and what it builds into.
    for dir in [site.clone(), tmp.path().join("site-public")] {
        for (path, bytes) in snapshot(&dir) {
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            for sample in ["kiwaseisakujo", "貴和製作所", "kiwaseisakujo.jp"] {
                assert!(!text.contains(sample), "{path} mentions `{sample}`");
            }
        }
    }
}

#[test]
fn examples_all_and_a_subset_with_notices() {
    let tmp = tempfile::tempdir().unwrap();
    let all = tmp.path().join("all");
    let o = init(&all, &with(&["--examples", "all", "--notices", "a4,a3,a5"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let policy = read(&all, "content/customer-harassment/policy.toml");
    for id in [
        "no-defect",
        "preferential-treatment",
        "regardless-of-validity",
        "physical-attacks",
        "stalking",
        "in-light-of-validity",
        "apology-demands",
    ] {
        assert!(policy.contains(&format!("id = \"{id}\"")), "all lacks {id}");
    }
    assert_eq!(policy.matches("\nnotice = true").count(), 6, "{policy}");
    assert!(read(&all, "hoshin.toml").contains("paper = [\"a4\", \"a3\", \"a5\"]"));
    assert!(
        read(&all, "locales/ja/customer-harassment.ftl").contains("notice-customer-harassment = ")
    );
    builds_and_checks(&all);
    let public = tmp.path().join("all-public");
    for f in [
        "notices/customer-harassment/ja/a4.html",
        "notices/customer-harassment/en/a3.html",
        "notices/customer-harassment/bilingual/a5.html",
    ] {
        assert!(public.join(f).is_file(), "{f} not built");
    }

    let sub = tmp.path().join("subset");
    let o = init(
        &sub,
        &with(&[
            "--examples",
            "no-defect,in-light-of-validity",
            "--definitions",
            "mhlw-2022,tokyo-2024",
            "--responses",
            "external",
            "--contact-email",
            "policy@example.co.jp",
            "--date",
            "2026-10-01",
        ]),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let policy = read(&sub, "content/customer-harassment/policy.toml");
    for id in [
        "no-defect",
        "compensation-demands",
        "mhlw-2022",
        "tokyo-2024",
        "external",
    ] {
        assert!(
            policy.contains(&format!("\"{id}\"")),
            "subset lacks {id}:\n{policy}"
        );
    }
    for id in [
        "physical-attacks",
        "regardless-of-validity",
        "act-art33",
        "in-house",
        "unrelated-demand",
    ] {
        assert!(
            !policy.contains(&format!("\"{id}\"")),
            "subset has {id}:\n{policy}"
        );
    }
    assert!(policy.contains("[contact]"));
    let ja = read(&sub, "content/customer-harassment/ja.md");
    assert!(ja.contains("enacted = 2026-10-01"));
    assert!(ja.contains("{{ contact() }}"));
    assert!(!read(&sub, "locales/en/customer-harassment.ftl").contains("example-physical-attacks"));
    builds_and_checks(&sub);
}

#[test]
fn english_first_and_single_language_sites() {
    let tmp = tempfile::tempdir().unwrap();
    let en_ja = tmp.path().join("en-ja");
    let o = init(
        &en_ja,
        &[
            "--base-url",
            "https://example.com/",
            "--languages",
            "en,ja",
            "--name",
            "en=Example Ltd.",
            "--name",
            "ja=例示株式会社",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(en_ja.join("reviews/ja.toml").is_file());
    builds_and_checks(&en_ja);

    let en = tmp.path().join("en");
    let o = init(
        &en,
        &[
            "--base-url",
            "https://example.com/",
            "--languages",
            "en",
            "--name",
            "Example Ltd.",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !en.join("reviews").exists(),
        "no translation, no review record"
    );
    builds_and_checks(&en);
}

/// Runs init on `dir` and asserts a usage error (exit 2) whose message names `needle`, with
/// nothing written.
fn refused(dir: &Path, args: &[&str], needle: &str) {
    let before = snapshot(dir);
    let existed = dir.exists();
    let o = init(dir, args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(needle),
        "the error does not name `{needle}`:\n{err}"
    );
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert_eq!(snapshot(dir), before, "files changed");
    assert_eq!(dir.exists(), existed, "the folder was created or removed");
}

#[test]
fn refuses_a_folder_that_is_not_empty_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("existing");
    fs::create_dir_all(dir.join("content")).unwrap();
    fs::write(
        dir.join("hoshin.toml"),
        "base_url = \"https://mine.example/\"\n",
    )
    .unwrap();
    fs::write(dir.join("content/notes.md"), "mine").unwrap();
    refused(&dir, FLAGS, "is not empty");
    // A file, not a folder.
    refused(&dir.join("hoshin.toml"), FLAGS, "not a folder");
    // An empty folder is fine.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    assert_eq!(init(&empty, FLAGS).status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn refuses_a_symbolic_link() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("elsewhere");
    fs::create_dir(&target).unwrap();
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    refused(&link, FLAGS, "symbolic link");
    assert!(snapshot(&target).is_empty());
}

#[test]
fn missing_or_wrong_values_are_usage_errors_naming_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let without = |flag: &str| -> Vec<&'static str> {
        let mut v = Vec::new();
        let mut skip = false;
        for a in FLAGS {
            if skip {
                skip = false;
                continue;
            }
            if *a == flag {
                skip = true;
                continue;
            }
            v.push(*a);
        }
        v
    };
    refused(&dir, &without("--base-url"), "--base-url");
    refused(&dir, &without("--name"), "--name");
    refused(&dir, &with(&["--date", "2026-02-30"]), "--date");
    refused(&dir, &with(&["--date", "1/10/2026"]), "--date");
    refused(&dir, &with(&["--examples", "violence"]), "--examples");
    refused(&dir, &with(&["--notices", "b5"]), "--notices");
    refused(
        &dir,
        &with(&["--contact-email", "not an address"]),
        "--contact-email",
    );
    let mut bad_url = with(&[]);
    bad_url[1] = "javascript:alert(1)";
    refused(&dir, &bad_url, "--base-url");
    let mut fr = with(&[]);
    fr[3] = "ja,fr";
    refused(&dir, &fr, "ja and en only");
}

#[test]
fn reference_writes_library_references_instead_of_copies() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let o = init(&site, &with(&["--reference", "--notices", "a4"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let policy = read(&site, "content/customer-harassment/policy.toml");
    assert!(
        policy.contains("id = \"act-art33\"\nlibrary = true"),
        "{policy}"
    );
    assert!(
        policy.contains("id = \"physical-attacks\"\nlibrary = true"),
        "{policy}"
    );
    assert!(
        !policy.contains("year = "),
        "the library's year is used: {policy}"
    );
    for lang in ["ja", "en"] {
        let ftl = read(&site, &format!("locales/{lang}/customer-harassment.ftl"));
        assert!(
            !ftl.contains("\nexample-"),
            "{lang}: no copied texts: {ftl}"
        );
        assert!(!ftl.contains("\ndefinition-"), "{lang}: {ftl}");
        assert!(ftl.contains("notice-customer-harassment = "), "{lang}");
    }
    // No review record for texts that are the library's in both languages.
    assert!(!read(&site, "reviews/en.toml").contains("example-physical-attacks"));
    builds_and_checks(&site);
    let page = read(
        &tmp.path().join("site-public"),
        "en/customer-harassment/index.html",
    );
    assert!(page.contains("Physical attacks (assault, injury and the like)"));
}
