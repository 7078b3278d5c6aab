//! `hoshin check`: one fixture per check, the default site under `--strict`, the staleness
//! round trip (edit the Japanese text → the English translation is stale → `--mark-reviewed`),
//! and the JSON output.
//!
//! Each folder under `tests/fixtures/check/<case>/` holds a `case.toml` and the files that
//! differ from a good base site (the same overlay style as `tests/broken.rs`):
//! ```toml
//! base = "minimal"              # a folder under tests/fixtures/sites/
//! args = ["--strict"]           # extra arguments to `hoshin check` (optional)
//! delete = ["content/x/en.md"]  # files to remove from the copy (optional)
//! [expect]
//! exit = 1
//! file = "locales/en/house-rules.ftl"   # omit for problems without a file
//! line = 3
//! message = "reference to unknown message"
//! code = "fluent-unknown-reference"     # omit for load-stage errors without a code
//! ```
//! The harness checks the human output (exit code, message, `--> file:line:`) and the JSON
//! output (the exit code, and a diagnostic with that code, file, line and message), and pins
//! both in full: `expected.stderr` holds the human report (every diagnostic with its labels,
//! notes and help, and the summary), `expected.json` the JSON report; standard output of the
//! human run and standard error of the JSON run are pinned in `expected.stdout` and
//! `expected.json.stderr` when they are not empty. The temporary site folder is written `$SITE`
//! and its parent `$TMP`. No control character but a newline may reach standard error.
//!
//! Each case is its own test, named by its folder, beside the named tests below (a custom
//! harness, `libtest-mimic`; trials run in parallel):
//! ```sh
//! cargo test fluent-bidi-mark                # one case (a filter equal to a case name is exact)
//! cargo test --test check fluent-            # every case whose name contains `fluent-`
//! cargo test --test check -- --list          # the test names
//! HOSHIN_BLESS=1 cargo test --test check     # rewrite the expected files; review with git diff
//! ```

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::*;
use libtest_mimic::Trial;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    base: String,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    delete: Vec<String>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    exit: i32,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    line: Option<u64>,
    message: String,
    #[serde(default)]
    code: Option<String>,
}

fn check(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--root", path_str(root), "--color", "never"];
    args.extend_from_slice(extra);
    hoshin(&args)
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", String::from_utf8_lossy(&o.stdout)))
}

fn run_case(dir: &Path) -> Result<(), String> {
    let case: Case =
        toml::from_str(&fs::read_to_string(dir.join("case.toml")).map_err(|e| e.to_string())?)
            .map_err(|e| format!("case.toml: {e}"))?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let site = tmp.path().join("site");
    copy_dir(&fixture(&case.base), &site);
    let clean = check(&site, &["--strict"]);
    if !clean.status.success() {
        return Err(format!(
            "base site `{}` fails check: {}",
            case.base,
            stderr(&clean)
        ));
    }
    if dir.join("files").is_dir() {
        copy_dir(&dir.join("files"), &site);
    }
    for rel in &case.delete {
        fs::remove_file(site.join(rel)).map_err(|e| format!("delete {rel}: {e}"))?;
    }
    let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
    let o = check(&site, &args);
    let err = stderr(&o);
    if let Some(c) = err.chars().find(|&c| c.is_control() && c != '\n') {
        return Err(format!(
            "a raw {c:?} reached standard error:\n{}",
            err.escape_debug()
        ));
    }
    let e = &case.expect;
    if o.status.code() != Some(e.exit) {
        return Err(format!(
            "expected exit code {}, got {:?}\n{err}",
            e.exit,
            o.status.code()
        ));
    }
    if !err.contains(&e.message) {
        return Err(format!("expected message `{}` in:\n{err}", e.message));
    }
    if let Some(file) = &e.file {
        let needle = match e.line {
            Some(line) => format!("--> {file}:{line}:"),
            None => file.clone(),
        };
        if !err.contains(&needle) {
            return Err(format!("expected `{needle}` in:\n{err}"));
        }
    }
    let mut json_args = args.clone();
    json_args.extend(["--format", "json"]);
    let j = check(&site, &json_args);
    if j.status.code() != Some(e.exit) {
        return Err(format!("JSON run: exit code {:?}", j.status.code()));
    }
    let report = json(&j);
    let found = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains(&e.message))
                && e.code.as_deref().is_none_or(|c| d["code"] == c)
                && e.file.as_deref().is_none_or(|f| d["file"] == f)
                && e.line.is_none_or(|l| d["line"] == l)
        });
    if !found {
        return Err(format!(
            "no matching diagnostic in the JSON output:\n{report:#}"
        ));
    }
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    let rerun = format!("cargo test --test check {name}");
    let paths = [(site.as_path(), "$SITE"), (tmp.path(), "$TMP")];
    let text = |bytes: &[u8]| normalise(&String::from_utf8_lossy(bytes), &paths);
    expect_file(&dir.join("expected.stderr"), &text(&o.stderr), &rerun)?;
    expect_file_or_empty(&dir.join("expected.stdout"), &text(&o.stdout), &rerun)?;
    expect_file(&dir.join("expected.json"), &text(&j.stdout), &rerun)?;
    expect_file_or_empty(&dir.join("expected.json.stderr"), &text(&j.stderr), &rerun)?;
    Ok(())
}

/// Trials named after test functions that fail by panicking (the harness catches and reports
/// the panic, as `#[test]` would).
macro_rules! named_trials {
    ($($test:ident),* $(,)?) => {
        [$(Trial::test(stringify!($test), || {
            $test();
            Ok(())
        })),*]
    };
}

fn main() {
    let mut trials = corpus_trials("check", 20, run_case);
    trials.extend(named_trials![
        the_default_and_fixture_sites_pass_strict,
        editing_a_japanese_example_makes_its_english_translation_stale_until_reviewed,
        mark_reviewed_refuses_unknown_languages_and_units_with_exit_code_2,
        mark_reviewed_without_a_review_file_starts_tracking,
        approving_every_unit_is_deliberate_and_listed,
        json_output_follows_the_documented_schema,
        a_site_that_does_not_load_reports_its_load_errors,
        build_refuses_a_missing_translation_unless_the_source_fallback_is_configured,
        anchors_come_from_the_sites_own_templates,
        links_to_any_page_the_build_writes_are_valid,
        anchors_come_from_a_static_file_that_replaces_a_page,
    ]);
    run_trials(trials);
}

fn the_default_and_fixture_sites_pass_strict() {
    for root in [repo(), fixture("minimal"), fixture("mhlw-groups")] {
        let o = check(&root, &["--strict"]);
        assert!(o.status.success(), "{}: {}", root.display(), stderr(&o));
        assert!(
            stderr(&o).contains("check passed: no problems found"),
            "{}",
            stderr(&o)
        );
    }
}

/// Copies the default site (without build output or tests) to a temporary folder.
fn default_site_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    for part in ["hoshin.toml", "content", "locales", "reviews", "themes"] {
        let from = repo().join(part);
        if from.is_dir() {
            copy_dir(&from, &site.join(part));
        } else {
            fs::create_dir_all(&site).unwrap();
            fs::copy(&from, site.join(part)).unwrap();
        }
    }
    (tmp, site)
}

fn editing_a_japanese_example_makes_its_english_translation_stale_until_reviewed() {
    let (_tmp, site) = default_site_copy();
    let ftl = site.join("locales/ja/customer-harassment.ftl");
    let text = fs::read_to_string(&ftl).unwrap();
    let old = "example-violence = 暴力、傷害、器物損壊等（殴る、蹴る、備品を壊す等）";
    assert!(text.contains(old));
    let new = "example-violence = 暴力、脅迫、傷害、器物損壊等（殴る、蹴る、備品を壊す等）";
    fs::write(&ftl, text.replace(old, new)).unwrap();

    // Stale is a warning: exit 0, but 1 under --strict.
    let o = check(&site, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "warning[stale-translation]: the `en` translation of `example-violence` is stale"
        ),
        "{err}"
    );
    assert!(
        err.contains("--> locales/en/customer-harassment.ftl:"),
        "{err}"
    );
    // The change itself, phrase by phrase, not the whole message twice.
    assert!(
        err.contains("`ja` changes since the review:\n           暴力、[+脅迫、+]傷害、器物損壊等"),
        "phrase diff shown: {err}"
    );
    assert!(!err.contains('\x1b'), "no colour off a terminal: {err}");
    let coloured = hoshin(&["check", "--root", path_str(&site), "--color", "always"]);
    assert!(
        stderr(&coloured).contains("暴力、\x1b[1;32m[+脅迫、+]\x1b[0m傷害、"),
        "{}",
        stderr(&coloured)
    );
    assert_eq!(check(&site, &["--strict"]).status.code(), Some(1));

    let j = json(&check(&site, &["--format", "json"]));
    assert_eq!(j["summary"]["stale"], 1);
    let stale = j["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "stale-translation")
        .unwrap();
    assert_eq!(stale["stale"]["unit"], "example-violence");
    assert_eq!(stale["stale"]["lang"], "en");
    assert_eq!(
        stale["stale"]["reviewed_source"],
        "暴力、傷害、器物損壊等（殴る、蹴る、備品を壊す等）"
    );
    assert_eq!(
        stale["stale"]["source"],
        "暴力、脅迫、傷害、器物損壊等（殴る、蹴る、備品を壊す等）"
    );
    assert_eq!(
        stale["stale"]["diff"],
        serde_json::json!([
            {"op": "same", "text": "暴力、"},
            {"op": "added", "text": "脅迫、"},
            {"op": "same", "text": "傷害、器物損壊等（殴る、蹴る、備品を壊す等）"},
        ])
    );

    let o = check(&site, &["--mark-reviewed", "en", "example-violence"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "Recorded the review of 2 units in reviews/en.toml; 1 stale or never reviewed before:\n  stale       example-violence\n  (1 other unit was already reviewed against the current text)\n"
        ),
        "{}",
        stderr(&o)
    );
    let o = check(&site, &["--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn mark_reviewed_refuses_unknown_languages_and_units_with_exit_code_2() {
    let (_tmp, site) = default_site_copy();
    let o = check(&site, &["--mark-reviewed", "en", "example-violense"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `example-violence`?"),
        "{}",
        stderr(&o)
    );
    let o = check(&site, &["--mark-reviewed", "ja"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a translated language"),
        "{}",
        stderr(&o)
    );
    let o = check(
        &site,
        &["--all", "--mark-reviewed", "en", "example-violence"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("give unit ids or `--all`, not both"),
        "{}",
        stderr(&o)
    );
    let o = check(&site, &["--dry-run"]);
    assert_eq!(o.status.code(), Some(2), "--dry-run needs --mark-reviewed");
}

/// `--mark-reviewed LANG` alone approves nothing and lists what `--all` would approve;
/// `--dry-run` lists without writing; `--all` approves every unit and lists the ones that
/// were stale or never reviewed.
fn approving_every_unit_is_deliberate_and_listed() {
    let (_tmp, site) = default_site_copy();
    let ftl = site.join("locales/ja/customer-harassment.ftl");
    let text = fs::read_to_string(&ftl).unwrap();
    let old = "example-violence = 暴力、傷害、器物損壊等";
    assert!(text.contains(old));
    fs::write(
        &ftl,
        text.replace(old, "example-violence = 暴力、脅迫、傷害、器物損壊等"),
    )
    .unwrap();
    let review = site.join("reviews/en.toml");
    let before = fs::read_to_string(&review).unwrap();
    let list = "  stale       example-violence\n";

    let o = check(&site, &["--mark-reviewed", "en"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("error: `--mark-reviewed en` names no unit: nothing was recorded\n"),
        "{err}"
    );
    assert!(
        err.contains("1 of them stale or never reviewed:\n"),
        "{err}"
    );
    assert!(err.contains(list), "{err}");
    assert!(err.contains("--mark-reviewed en --all"), "{err}");
    assert_eq!(fs::read_to_string(&review).unwrap(), before);

    let o = check(&site, &["--mark-reviewed", "en", "--all", "--dry-run"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.starts_with("Dry run: would record the review of "),
        "{err}"
    );
    assert!(err.contains(list), "{err}");
    assert!(err.contains("stale-translation"), "still stale: {err}");
    assert_eq!(fs::read_to_string(&review).unwrap(), before);

    let o = check(&site, &["--mark-reviewed", "en", "--all", "--quiet"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.starts_with("Recorded the review of "), "{err}");
    assert!(
        err.contains("; 1 stale or never reviewed before:\n"),
        "{err}"
    );
    assert!(err.contains(list), "listed even with --quiet: {err}");
    assert_ne!(fs::read_to_string(&review).unwrap(), before);
    assert!(check(&site, &["--strict"]).status.success());

    // Nothing left to approve: still refused without ids, and says so.
    let o = check(&site, &["--mark-reviewed", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is already reviewed against the current text"),
        "{}",
        stderr(&o)
    );
}

fn mark_reviewed_without_a_review_file_starts_tracking() {
    let (_tmp, site) = default_site_copy();
    fs::remove_file(site.join("reviews/en.toml")).unwrap();
    let o = check(&site, &[]);
    assert!(
        stderr(&o).contains("en: review state not tracked"),
        "{}",
        stderr(&o)
    );
    let o = check(&site, &["--mark-reviewed", "en", "--all"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = fs::read_to_string(site.join("reviews/en.toml")).unwrap();
    // Recording again changes nothing: the file is deterministic.
    check(&site, &["--mark-reviewed", "en", "--all"]);
    assert_eq!(
        fs::read_to_string(site.join("reviews/en.toml")).unwrap(),
        first
    );
    assert_eq!(
        first,
        fs::read_to_string(repo().join("reviews/en.toml")).unwrap()
    );
}

fn json_output_follows_the_documented_schema() {
    let o = check(&repo(), &["--format", "json", "--strict"]);
    assert!(o.status.success());
    let j = json(&o);
    assert_eq!(j["version"], 1);
    assert_eq!(j["ok"], true);
    assert_eq!(j["strict"], true);
    assert_eq!(j["summary"]["errors"], 0);
    assert_eq!(j["summary"]["warnings"], 0);
    assert_eq!(j["diagnostics"].as_array().map(Vec::len), Some(0));
    let t = &j["translations"][0];
    assert_eq!(t["lang"], "en");
    assert_eq!(t["tracked"], true);
    assert_eq!(t["review_file"], "reviews/en.toml");
    assert!(t["units"].as_u64().unwrap() > 30);
}

fn a_site_that_does_not_load_reports_its_load_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let o = check(tmp.path(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let j = json(&o);
    assert_eq!(j["ok"], false);
    assert!(j["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("is not a hoshin site"));
}

fn build_refuses_a_missing_translation_unless_the_source_fallback_is_configured() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = tmp.path().join("out");
    copy_dir(&fixture("minimal"), &site);
    let en = site.join("locales/en/house-rules.ftl");
    let text = fs::read_to_string(&en).unwrap();
    fs::write(&en, text.replace("example-threats = Threats\n", "")).unwrap();

    let o = build(&site, &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("message `example-threats` is missing in `en`"));
    assert!(!out.exists(), "nothing is published");

    let config = site.join("hoshin.toml");
    let mut toml = fs::read_to_string(&config).unwrap();
    toml.push_str("\n[build]\nfallback = \"source\"\n");
    fs::write(&config, toml).unwrap();
    let o = build(&site, &out);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning[fluent-missing]: message `example-threats` is missing in `en`"),
        "{err}"
    );
    assert!(err.contains("build.fallback = \"source\""), "{err}");
    let page = read(&out, "en/house-rules/index.html");
    assert!(
        page.contains(r#"<li id="example-threats"><span lang="ja">脅迫</span></li>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<li id="example-shouting">Shouting</li>"#),
        "{page}"
    );
    // `check` reports the same warning, so --strict still catches the gap.
    assert_eq!(check(&site, &[]).status.code(), Some(0));
    assert_eq!(check(&site, &["--strict"]).status.code(), Some(1));
}

/// A site whose template names its note blocks `remark-<id>` (not the default theme's
/// `note-<id>`): `check` follows what the site renders, not the default theme.
fn anchors_come_from_the_sites_own_templates() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    fs::create_dir_all(site.join("templates/blocks")).unwrap();
    fs::write(
        site.join("templates/blocks/note.html"),
        "<p class=\"note\" id=\"remark-{{ block.id }}\">{{ block.text }}</p>",
    )
    .unwrap();
    let en = site.join("content/house-rules/en.md");
    let text = fs::read_to_string(&en).unwrap();
    fs::write(
        &en,
        format!("{text}\nSee [the note](#remark-not-exhaustive).\n"),
    )
    .unwrap();
    let o = check(&site, &["--strict"]);
    assert!(o.status.success(), "{}", stderr(&o));

    fs::write(
        &en,
        format!("{text}\nSee [the note](#note-not-exhaustive).\n"),
    )
    .unwrap();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("no `#note-not-exhaustive` on the page"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `#remark-not-exhaustive`?"),
        "{err}"
    );
}

/// The notices index and the 404 page are pages of the site too: a link to them is not broken
/// (the page set once held only homes and policy pages).
fn links_to_any_page_the_build_writes_are_valid() {
    let (_tmp, site) = default_site_copy();
    let ja = site.join("content/customer-harassment/ja.md");
    let text = fs::read_to_string(&ja).unwrap();
    fs::write(
        &ja,
        format!("{text}\n[掲示物](../../notices/ja/)・[404](../../404.html)\n"),
    )
    .unwrap();
    let o = check(&site, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("content-broken-link"),
        "{}",
        stderr(&o)
    );

    fs::write(&ja, format!("{text}\n[掲示物](../../notices/xx/)\n")).unwrap();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("leads to no page of the site"),
        "{}",
        stderr(&o)
    );
}

/// A theme's static file at a policy page's path replaces the page in the output, so its ids
/// are the page's: `check` reads the last file written at a path (it looks at each file as it
/// is rendered, and the static files come last).
fn anchors_come_from_a_static_file_that_replaces_a_page() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    fs::create_dir_all(site.join("static/en/house-rules")).unwrap();
    fs::write(
        site.join("static/en/house-rules/index.html"),
        "<!doctype html><title>Rules</title><h2 id=\"from-static\">Rules</h2>",
    )
    .unwrap();
    let en = site.join("content/house-rules/en.md");
    let text = fs::read_to_string(&en).unwrap();
    fs::write(&en, format!("{text}\nSee [the rules](#from-static).\n")).unwrap();
    let o = check(&site, &[]);
    assert!(o.status.success(), "{}", stderr(&o));

    // `#examples` is a heading of the generated page, which the static file replaced.
    fs::write(&en, format!("{text}\nSee [the examples](#examples).\n")).unwrap();
    let o = check(&site, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("link `#examples`: no `#examples` on the page"),
        "{}",
        stderr(&o)
    );
}
