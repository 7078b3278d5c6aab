//! Many diagnostics at once: reporting costs time in proportion to the diagnostics, not to
//! the diagnostics times the size of the file they are in.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::time::{Duration, Instant};

use common::*;

/// 16,000 messages in the English locale that Japanese (the source language) does not have:
/// one warning each, all in one 1.2 MB file. Printing them took minutes (every position and
/// every snippet scanned the whole file); the bound is generous for a debug build on a busy
/// machine, and the last warning is pinned to show the text is unchanged.
#[test]
fn sixteen_thousand_warnings_in_one_file_print_in_seconds() {
    const N: usize = 16_000;
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    let mut ftl = String::new();
    for i in 0..N {
        writeln!(
            ftl,
            "obsolete-message-{i} = A message the source language does not have, number {i}."
        )
        .unwrap();
    }
    fs::write(site.join("locales/en/obsolete.ftl"), ftl).unwrap();
    let start = Instant::now();
    let o = build(&site, &tmp.path().join("out"));
    let elapsed = start.elapsed();
    let err = stderr(&o);
    assert!(o.status.success(), "{}", &err[..err.len().min(2000)]);
    assert_eq!(err.matches("warning[fluent-obsolete]").count(), N);
    let last = N - 1;
    let expected = format!(
        "warning[fluent-obsolete]: message `obsolete-message-{last}` is not in the source language `ja`
     --> locales/en/obsolete.ftl:{N}:1
      |
{N} | obsolete-message-{last} = A message the source language does not have, number {last}.
      | ^^^^^^^^^^^^^^^^^^^^^^ obsolete or misspelt
      |
      = help: remove it, or add it to locales/ja/ first
"
    );
    assert!(err.contains(&expected), "expected:\n{expected}");
    assert!(
        elapsed < Duration::from_secs(8),
        "{N} warnings took {elapsed:?}"
    );
}
