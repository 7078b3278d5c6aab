//! Many diagnostics at once: reporting costs time in proportion to the diagnostics, not to
//! the diagnostics times the size of the file they are in.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::time::{Duration, Instant};

use common::*;

/// 16,000 messages in the English locale that Japanese (the source language) does not have:
/// one warning each, all in one 1.2 MB file. Printing them took minutes (every position and
/// every snippet scanned the whole file: 116 s in release); the bound (30 s; about 2 s on an
/// idle machine) is generous for a debug build on a busy one, and the last warning is pinned
/// to show the text is unchanged.
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
        elapsed < Duration::from_secs(30),
        "{N} warnings took {elapsed:?}"
    );
}

/// A 4 MiB Markdown table (the largest file hoshin reads) is millions of parser events; the
/// renderer streams them to the HTML writer instead of holding two copies (peak memory was
/// 523 MB in a release build, 123 MB after). Peak resident memory is read from
/// `/proc/<pid>/status` while the build runs.
#[cfg(target_os = "linux")]
#[test]
fn a_four_mebibyte_table_renders_in_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    let en = site.join("content/house-rules/en.md");
    let mut text = fs::read_to_string(&en).unwrap();
    text.push_str("\n| a | b | c | d |\n|---|---|---|---|\n");
    while text.len() < 4 * 1024 * 1024 - 64 {
        text.push_str("| x | y | z | w |\n");
    }
    fs::write(&en, text).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["build", "--quiet", "--root"])
        .arg(&site)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Ok(status) = fs::read_to_string(&status_file) {
            if let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    assert!(status.success());
    assert!(peak_kb > 0, "no reading of the build's memory");
    assert!(
        peak_kb < 300 * 1024,
        "peak resident memory {} MB for a 4 MiB table",
        peak_kb / 1024
    );
}
