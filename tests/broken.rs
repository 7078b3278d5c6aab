//! The broken-input corpus: each folder under `tests/fixtures/broken/<case>/` holds a
//! `case.toml` and the files that differ from a good base site. The harness builds the base
//! site, applies the case, builds again and checks: exit code 1, a diagnostic naming the file
//! and line with the expected message, and the previous output byte-for-byte unchanged.
//!
//! `case.toml`:
//! ```toml
//! base = "minimal"                 # a folder under tests/fixtures/sites/
//! delete = ["content/x/en.md"]     # files to remove from the copy (optional)
//! encode = { path = "…", encoding = "Shift_JIS" }  # re-encode a file (optional)
//! [expect]
//! file = "content/house-rules/en.md"   # omit for errors without a file
//! line = 3                             # omit to check the file only
//! message = "unknown block"
//! ```
//! Files under `files/` are copied over the base site.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    base: String,
    #[serde(default)]
    delete: Vec<String>,
    #[serde(default)]
    encode: Option<Encode>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Encode {
    path: String,
    encoding: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    line: Option<usize>,
    message: String,
}

fn run_case(dir: &Path) -> Result<(), String> {
    let case: Case =
        toml::from_str(&fs::read_to_string(dir.join("case.toml")).map_err(|e| e.to_string())?)
            .map_err(|e| format!("case.toml: {e}"))?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let site = tmp.path().join("site");
    let out = tmp.path().join("out");
    copy_dir(&fixture(&case.base), &site);
    let first = build(&site, &out);
    if !first.status.success() {
        return Err(format!(
            "base site `{}` does not build: {}",
            case.base,
            stderr(&first)
        ));
    }
    let before = snapshot(&out);
    if dir.join("files").is_dir() {
        copy_dir(&dir.join("files"), &site);
    }
    for rel in &case.delete {
        fs::remove_file(site.join(rel)).map_err(|e| format!("delete {rel}: {e}"))?;
    }
    if let Some(enc) = &case.encode {
        let text = fs::read_to_string(site.join(&enc.path)).map_err(|e| e.to_string())?;
        let encoding =
            encoding_rs::Encoding::for_label(enc.encoding.as_bytes()).ok_or("unknown encoding")?;
        let (bytes, _, _) = encoding.encode(&text);
        fs::write(site.join(&enc.path), bytes).map_err(|e| e.to_string())?;
    }
    let o = build(&site, &out);
    let err = stderr(&o);
    if o.status.code() != Some(1) {
        return Err(format!(
            "expected exit code 1, got {:?}\n{err}",
            o.status.code()
        ));
    }
    if !err.contains(&case.expect.message) {
        return Err(format!(
            "expected message `{}` in:\n{err}",
            case.expect.message
        ));
    }
    if let Some(file) = &case.expect.file {
        let needle = match case.expect.line {
            Some(line) => format!("--> {file}:{line}:"),
            None => file.clone(),
        };
        if !err.contains(&needle) {
            return Err(format!("expected `{needle}` in:\n{err}"));
        }
    }
    if snapshot(&out) != before {
        return Err("the previous output was changed by a failed build".into());
    }
    Ok(())
}

#[test]
fn every_broken_fixture_fails_with_its_diagnostic_and_keeps_the_previous_output() {
    let root = repo().join("tests/fixtures/broken");
    let mut cases: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "the corpus has {} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            run_case(dir).err().map(|e| format!("── {name}: {e}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
