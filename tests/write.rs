//! The write stage against the file system as it really is: several builds into one `--out` at
//! once, folders left behind by interrupted builds (and folders that only look like them), and
//! a clean-up that fails after the new site is already in place.
//!
//! Refusals with a pinned message (a symlinked `--out`, an `--out` inside a folder hoshin
//! reads) are cases of the broken corpus, `tests/fixtures/broken/output-*`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A short account of how two snapshots differ (the maps themselves are megabytes).
fn compare(got: &BTreeMap<String, Vec<u8>>, want: &BTreeMap<String, Vec<u8>>) -> String {
    let missing: Vec<_> = want.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    let differ: Vec<_> = want
        .iter()
        .filter(|(k, v)| got.get(*k).is_some_and(|g| g != *v))
        .map(|(k, _)| k)
        .collect();
    format!(
        "{} files missing {:?}, {} extra {:?}, {} differ {:?}",
        missing.len(),
        missing.iter().take(5).collect::<Vec<_>>(),
        extra.len(),
        extra.iter().take(5).collect::<Vec<_>>(),
        differ.len(),
        differ.iter().take(5).collect::<Vec<_>>()
    )
}

/// Several `hoshin build` processes into one `--out` at the same time: every run succeeds
/// (a run waits while another one writes), and what is left is exactly one build's output,
/// every round, with no staging, old or lock folder beside it (only the spare: the previous
/// output, kept for the next build to write over).
#[test]
fn concurrent_builds_into_one_out_publish_one_whole_site() {
    const ROUNDS: usize = 12;
    const PROCESSES: usize = 4;
    let tmp = tempfile::tempdir().unwrap();
    let reference = tmp.path().join("reference");
    let o = build(&repo(), &reference);
    assert!(o.status.success(), "{}", stderr(&o));
    let want = snapshot(&reference);
    let out = tmp.path().join("public");
    for round in 1..=ROUNDS {
        let children: Vec<_> = (0..PROCESSES)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_hoshin"))
                    .args(["build", "--root", path_str(&repo()), "--out"])
                    .arg(&out)
                    .args(["--color", "never"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let o = child.wait_with_output().unwrap();
            assert!(
                o.status.success(),
                "round {round}: a concurrent build failed:\n{}",
                stderr(&o)
            );
        }
        let got = snapshot(&out);
        assert!(
            got == want,
            "round {round}: the output is not one build's output: {}",
            compare(&got, &want)
        );
        assert_eq!(
            names(tmp.path()),
            [".public.hoshin-spare", "public", "reference"],
            "round {round}: something was left beside the output"
        );
    }
}

/// Folders named like hoshin's staging or old folders, but without its `.hoshin-output`
/// marker, are someone else's: a build leaves them and their files alone.
#[test]
fn look_alike_folders_without_the_marker_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let look_alikes = [
        ".public.hoshin-staging",
        ".public.hoshin-old",
        ".public.hoshin-staging-00000000000000000001-1",
        ".public.hoshin-old-00000000000000000001-1",
    ];
    for name in look_alikes {
        fs::create_dir_all(tmp.path().join(name)).unwrap();
        fs::write(tmp.path().join(name).join("notes.md"), "my notes").unwrap();
    }
    for _ in 0..2 {
        let o = build(&fixture("minimal"), &out);
        assert!(o.status.success(), "{}", stderr(&o));
        for name in look_alikes {
            assert_eq!(
                fs::read_to_string(tmp.path().join(name).join("notes.md")).ok(),
                Some("my notes".to_string()),
                "`{name}` was deleted or emptied"
            );
        }
    }
}

/// Staging and old folders that carry the marker (a build was killed before it tidied up)
/// are removed by the next build.
#[test]
fn leftovers_of_interrupted_builds_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = build(&fixture("minimal"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in [
        ".public.hoshin-staging",
        ".public.hoshin-old",
        ".public.hoshin-staging-00000000000000000001-1",
        ".public.hoshin-old-00000000000000000001-1",
    ] {
        copy_dir(&out, &tmp.path().join(name));
    }
    let o = build(&fixture("minimal"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names(tmp.path()), [".public.hoshin-spare", "public"]);
}

/// Makes files under a folder impossible to delete for this process, and undoes it on drop:
/// a read-only folder for an ordinary user, the immutable attribute (`chattr +i`) for root,
/// who may delete anything else.
struct Undeletable {
    tmp: PathBuf,
    chattr: bool,
}

impl Undeletable {
    /// `file` can no longer be removed; `None` when this machine offers no way to do that.
    fn make(tmp: &Path, file: &Path) -> Option<Undeletable> {
        use std::os::unix::fs::PermissionsExt;
        let dir = file.parent().unwrap();
        fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
        let probe = dir.join("probe");
        if fs::write(&probe, "").is_err() {
            return Some(Undeletable {
                tmp: tmp.to_path_buf(),
                chattr: false,
            });
        }
        // Permissions do not bind this user (root).
        fs::remove_file(&probe).unwrap();
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(file)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        let guard = Undeletable {
            tmp: tmp.to_path_buf(),
            chattr: true,
        };
        let immutable = fs::OpenOptions::new().append(true).open(file).is_err();
        (ok && immutable).then_some(guard)
    }

    fn release(&self) {
        use std::os::unix::fs::PermissionsExt;
        if self.chattr {
            let _ = Command::new("chattr")
                .arg("-R")
                .arg("-i")
                .arg(&self.tmp)
                .stderr(Stdio::null())
                .status();
        }
        for entry in walkdir::WalkDir::new(&self.tmp).into_iter().flatten() {
            if entry.file_type().is_dir() {
                let _ = fs::set_permissions(entry.path(), fs::Permissions::from_mode(0o755));
            }
        }
    }
}

impl Drop for Undeletable {
    fn drop(&mut self) {
        self.release();
    }
}

/// The previous output is kept as the spare; when it holds a file the next build may not
/// write over or remove, that build starts from a fresh folder and succeeds (exit 0), with a
/// warning naming the folder left behind, and a later build removes the leftover once it can.
#[test]
fn an_unusable_spare_is_a_warning_and_later_builds_recover() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let site = fixture("minimal");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let Some(guard) = Undeletable::make(tmp.path(), &out.join("ja/house-rules/index.html")) else {
        eprintln!("skipped: no way to make a file undeletable here (not root, no chattr)");
        return;
    };
    for (n, host) in ["https://two.example/", "https://three.example/"]
        .iter()
        .enumerate()
    {
        let o = hoshin(&[
            "build",
            "--root",
            path_str(&site),
            "--out",
            path_str(&out),
            "--base-url",
            host,
        ]);
        let err = stderr(&o);
        assert!(o.status.success(), "build {}: {err}", n + 2);
        // Build 2 keeps the first output as the spare; build 3 cannot write over it.
        assert_eq!(
            err.contains("warning: cannot remove"),
            n == 1,
            "build {}: the warning about the leftover:\n{err}",
            n + 2
        );
        assert!(!err.contains("nothing was written"), "{err}");
        assert!(
            read(&out, "en/house-rules/index.html").contains(host),
            "build {}: the new site is not in place",
            n + 2
        );
    }
    guard.release();
    let o = build(&site, &out);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(
        names(tmp.path()),
        [".public.hoshin-spare", "public"],
        "the leftovers were not removed"
    );
    drop(guard);
}

/// A build that writes over the spare makes exactly what a build into a fresh folder makes,
/// when the site changed shape in between, when someone added files to the output, and when
/// the spare holds links to files outside it (removed, never followed) or a second name of
/// an outside file (replaced, never written through).
#[cfg(unix)]
#[test]
fn a_build_over_the_spare_equals_a_fresh_build() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside.txt");
    fs::write(&outside, "precious").unwrap();
    let (small, large) = (fixture("minimal"), fixture("four-languages"));
    let fresh = |site: &Path, name: &str| {
        let out = tmp.path().join(name);
        let o = build(site, &out);
        assert!(o.status.success(), "{}", stderr(&o));
        snapshot(&out)
    };
    let (want_small, want_large) = (fresh(&small, "ref-small"), fresh(&large, "ref-large"));
    let out = tmp.path().join("public");
    let spare = tmp.path().join(".public.hoshin-spare");
    for (round, (site, want)) in [
        (&large, &want_large),
        (&small, &want_small),
        (&large, &want_large),
        (&small, &want_small),
        (&small, &want_small),
    ]
    .into_iter()
    .enumerate()
    {
        if out.exists() {
            fs::write(out.join("added-by-hand.html"), "mine").unwrap();
            fs::create_dir_all(out.join("a/b")).unwrap();
        }
        if spare.exists() {
            let _ = fs::remove_file(spare.join("ja/index.html"));
            std::os::unix::fs::symlink(&outside, spare.join("ja/index.html")).unwrap();
            let _ = fs::remove_file(spare.join("robots.txt"));
            fs::hard_link(&outside, spare.join("robots.txt")).unwrap();
        }
        let o = build(site, &out);
        assert!(o.status.success(), "round {round}: {}", stderr(&o));
        let got = snapshot(&out);
        assert!(got == *want, "round {round}: {}", compare(&got, want));
        assert!(
            !out.join("a").exists(),
            "round {round}: an empty folder left"
        );
        assert_eq!(fs::read_to_string(&outside).unwrap(), "precious");
    }
    assert!(
        fs::read(spare.join(".gitignore")).is_ok_and(|g| g.ends_with(b"*\n")),
        "the spare ignores itself"
    );
}

/// The previous output is kept as the spare with a `.gitignore` of hoshin's: one the site
/// put in the output (here a link to a file outside, as a deploy tool might leave) is
/// replaced, never written through.
#[cfg(unix)]
#[test]
fn keeping_the_spare_does_not_write_through_a_planted_gitignore() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside.txt");
    fs::write(&outside, "precious").unwrap();
    let out = tmp.path().join("public");
    let o = build(&fixture("minimal"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    std::os::unix::fs::symlink(&outside, out.join(".gitignore")).unwrap();
    let o = build(&fixture("minimal"), &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&outside).unwrap(), "precious");
    let gitignore = tmp.path().join(".public.hoshin-spare/.gitignore");
    assert!(fs::symlink_metadata(&gitignore).unwrap().is_file());
    assert!(fs::read(&gitignore).unwrap().ends_with(b"*\n"));
}

/// A static file with the path of a page's folder fails the build whether or not there is a
/// spare to write over (over a spare it once replaced the pages, silently), and the previous
/// output stays as it was.
#[test]
fn a_path_written_as_file_and_folder_is_an_error_with_or_without_a_spare() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    let out = tmp.path().join("public");
    for _ in 0..2 {
        let o = build(&site, &out);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(tmp.path().join(".public.hoshin-spare").is_dir());
    let before = snapshot(&out);
    fs::create_dir_all(site.join("static")).unwrap();
    fs::write(site.join("static/en"), "not a folder").unwrap();
    for target in [&out, &tmp.path().join("fresh")] {
        let o = build(&site, target);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("`en`") || err.contains("/en"), "{err}");
    }
    assert!(snapshot(&out) == before, "the previous output changed");
    assert!(!tmp.path().join("fresh").exists());
}

/// A folder of the previous output that is a file now (`static/docs/`, then `static/docs`)
/// is replaced: the build over the spare equals a fresh one (it failed on the folder's files).
#[test]
fn a_folder_that_became_a_file_is_replaced_over_the_spare() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    fs::create_dir_all(site.join("static/docs")).unwrap();
    fs::write(site.join("static/docs/x.txt"), "x").unwrap();
    let out = tmp.path().join("public");
    for _ in 0..2 {
        let o = build(&site, &out);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    fs::remove_dir_all(site.join("static/docs")).unwrap();
    fs::write(site.join("static/docs"), "a file now").unwrap();
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let fresh = tmp.path().join("fresh");
    let o = build(&site, &fresh);
    assert!(o.status.success(), "{}", stderr(&o));
    let (got, want) = (snapshot(&out), snapshot(&fresh));
    assert!(got == want, "{}", compare(&got, &want));
}
