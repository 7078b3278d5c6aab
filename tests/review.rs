//! `hoshin check --mark-reviewed` writes only inside the site's `reviews/` folder and never
//! loses a review: links planted in `reviews/` (or `reviews/` itself a link) are not
//! followed, concurrent runs keep every review, and a review file of another format version
//! is an error, not replaced.

#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use common::*;

/// A copy of the minimal site in `<tmp>/site`, and `<tmp>/outside/bashrc`, a file outside it.
fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    let outside = tmp.path().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("bashrc"), "export PATH=/usr/bin\n").unwrap();
    (tmp, site, outside)
}

fn mark(site: &Path, args: &[&str]) -> Output {
    let mut all = vec!["check", "--root", path_str(site), "--mark-reviewed"];
    all.extend_from_slice(args);
    hoshin(&all)
}

/// The unit ids recorded in a review file.
fn recorded(site: &Path) -> Vec<String> {
    let text = fs::read_to_string(site.join("reviews/en.toml")).unwrap();
    let value: toml::Table = toml::from_str(&text).unwrap();
    value["units"]
        .as_table()
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default()
}

/// Every file under `dir`, links included, as relative paths.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// The temporary file name `--mark-reviewed` used to write through: a link planted there
/// leads nowhere now. The review is recorded in `reviews/en.toml`, the file outside is unchanged,
/// and no temporary file is left.
#[test]
fn a_link_planted_at_the_old_temporary_name_is_not_followed() {
    let (_tmp, site, outside) = site();
    let bashrc = outside.join("bashrc");
    symlink(&bashrc, site.join("reviews/.en.toml.tmp")).unwrap();
    symlink(outside.join("created"), site.join("reviews/.en.toml.tmp2")).unwrap();
    fs::remove_file(site.join("reviews/en.toml")).unwrap();
    let o = mark(&site, &["en", "--all"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(&bashrc).unwrap(),
        "export PATH=/usr/bin\n"
    );
    assert_eq!(listing(&outside), ["bashrc"]);
    assert_eq!(recorded(&site).len(), 17);
    assert_eq!(
        listing(&site.join("reviews")),
        [".en.toml.tmp", ".en.toml.tmp2", "en.toml"]
    );
}

/// A review file that is a link is refused with exit code 1, whatever it leads to.
#[test]
fn a_symlinked_review_file_is_refused() {
    let (_tmp, site, outside) = site();
    let bashrc = outside.join("bashrc");
    let review = site.join("reviews/en.toml");
    fs::remove_file(&review).unwrap();
    symlink(&bashrc, &review).unwrap();
    let o = mark(&site, &["en", "--all"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: `reviews/en.toml` is a symbolic link; hoshin does not record reviews through links"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(&bashrc).unwrap(),
        "export PATH=/usr/bin\n"
    );
    assert!(fs::symlink_metadata(&review)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(listing(&site.join("reviews")), ["en.toml"]);
}

/// `reviews/` itself a link out of the site (or a link at all) is refused with exit code 1:
/// nothing is written where it leads.
#[test]
fn a_symlinked_reviews_folder_is_refused() {
    let (_tmp, site, outside) = site();
    fs::remove_dir_all(site.join("reviews")).unwrap();
    let elsewhere = outside.join("reviews");
    fs::create_dir(&elsewhere).unwrap();
    symlink(&elsewhere, site.join("reviews")).unwrap();
    let o = mark(&site, &["en", "--all"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: `reviews` is a symbolic link; hoshin writes review files only into a real folder inside the site"),
        "{err}"
    );
    assert_eq!(listing(&outside), ["bashrc", "reviews"]);

    // A link to a folder inside the site is refused too: reviews live in `reviews/` itself.
    fs::remove_file(site.join("reviews")).unwrap();
    fs::create_dir(site.join("other")).unwrap();
    symlink("other", site.join("reviews")).unwrap();
    let o = mark(&site, &["en", "--all"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(listing(&site.join("other")), Vec::<String>::new());
}

/// A missing `reviews/` folder is created.
#[test]
fn a_missing_reviews_folder_is_created() {
    let (_tmp, site, _outside) = site();
    fs::remove_dir_all(site.join("reviews")).unwrap();
    let o = mark(&site, &["en", "site-title"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(recorded(&site), ["site-title"]);
    assert_eq!(listing(&site.join("reviews")), ["en.toml"]);
}

fn spawn_mark(site: &Path, unit: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["check", "--root", path_str(site), "--quiet"])
        .args(["--mark-reviewed", "en", unit])
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs started together, each marking another unit, all keep their review: the
/// read-modify-write of the file is locked (without the lock, most rounds lost reviews).
#[test]
fn concurrent_runs_marking_different_units_keep_every_review() {
    let (_tmp, site, _outside) = site();
    let units = [
        "site-title",
        "site-description",
        "organisation-name",
        "example-threats",
        "note-not-exhaustive",
        "response-refuse",
        "house-rules:title",
        "house-rules#definition",
    ];
    for round in 0..5 {
        // Round 0 starts without a file (and without `reviews/`); the others from an empty record.
        if round == 0 {
            fs::remove_dir_all(site.join("reviews")).unwrap();
        } else {
            fs::write(
                site.join("reviews/en.toml"),
                "version = 1\nsource_language = \"ja\"\n",
            )
            .unwrap();
        }
        let children: Vec<Child> = units.iter().map(|u| spawn_mark(&site, u)).collect();
        for child in children {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}: {}", stderr(&o));
        }
        let mut got = recorded(&site);
        got.sort();
        let mut want: Vec<String> = units.iter().map(|u| u.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "round {round}: reviews lost");
        assert_eq!(
            listing(&site.join("reviews")),
            ["en.toml"],
            "round {round}: a temporary or lock file was left"
        );
    }
}

/// A hand-edited `version` is a located error for `check` and for `--mark-reviewed`, which
/// leaves the file as it is: no review is dropped.
#[test]
fn a_review_file_of_another_version_is_an_error_and_kept() {
    let (_tmp, site, _outside) = site();
    let review = site.join("reviews/en.toml");
    let o = mark(&site, &["en", "--all"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&review).unwrap();
    assert!(text.contains("\nversion = 1\n"), "{text}");
    let edited = text.replace("\nversion = 1\n", "\nversion = 2\n");
    fs::write(&review, &edited).unwrap();
    let line = edited[..edited.find("version = 2").unwrap()]
        .lines()
        .count()
        + 1;

    let expected = [
        "error[review-file]: review file version 2 is not supported: this hoshin reads version 1 only".to_string(),
        format!(" --> reviews/en.toml:{line}:11"),
        "= help: if the version was edited by hand, set it back to `version = 1`".to_string(),
    ];
    let o = hoshin(&["check", "--root", path_str(&site), "--color", "never"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for part in &expected {
        assert!(err.contains(part.as_str()), "`{part}` in:\n{err}");
    }

    for args in [&["en", "site-title"][..], &["en", "--all"][..]] {
        let o = mark(&site, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        for part in &expected {
            assert!(err.contains(part.as_str()), "`{part}` in:\n{err}");
        }
        assert!(!err.contains("Recorded"), "{err}");
        assert_eq!(fs::read_to_string(&review).unwrap(), edited);
    }
}

/// A review record holds the source text of every unit, so it grows with the site: on a site
/// of two long policies it is larger than the 4 MiB any one document may be, and `check` still
/// reads it (it refused it before, after `--mark-reviewed` had written it). A record far
/// larger than its site could need is still refused.
#[test]
fn a_review_record_as_large_as_the_site_is_read() {
    let (_tmp, site, _outside) = site();
    let second = site.join("content/visits");
    fs::create_dir(&second).unwrap();
    fs::write(second.join("policy.toml"), "").unwrap();
    let page = |title: &str, heading: &str| {
        format!("+++\ntitle = \"{title}\"\ndescription = \"{title}\"\n\n[dates]\nenacted = 2025-07-09\n+++\n\n## {heading} {{#visits}}\n")
    };
    fs::write(second.join("ja.md"), page("ご来店の方へ", "ご来店")).unwrap();
    fs::write(
        second.join("en.md"),
        page("Visiting us", "Visits") + "\nWelcome.\n",
    )
    .unwrap();
    // About 2.3 MB of Japanese text in the last section of each policy.
    let long = "お客様の声を大切にし、従業員の安全を守ります。\n".repeat(33_000);
    for policy in ["house-rules", "visits"] {
        let ja = site.join("content").join(policy).join("ja.md");
        let text = fs::read_to_string(&ja).unwrap();
        fs::write(&ja, format!("{text}\n{long}")).unwrap();
    }
    let o = mark(&site, &["en", "--all"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let review = site.join("reviews/en.toml");
    let size = fs::metadata(&review).unwrap().len();
    assert!(size > 4 * 1024 * 1024, "{size}");

    let o = hoshin(&["check", "--root", path_str(&site), "--color", "never"]);
    let err = stderr(&o);
    assert!(!err.contains("too large"), "{err}");
    assert!(o.status.success(), "{err}");
    // The English sections were marked reviewed against the long Japanese text.
    assert!(err.contains("0 stale, 0 never reviewed"), "{err}");

    // Three documents' worth (the limit for two policies) and more.
    let padding = format!("# {}\n", "x".repeat(13 * 1024 * 1024));
    let text = fs::read_to_string(&review).unwrap();
    fs::write(&review, format!("{text}{padding}")).unwrap();
    let o = hoshin(&["check", "--root", path_str(&site), "--color", "never"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("`reviews/en.toml` is too large"), "{err}");
}
