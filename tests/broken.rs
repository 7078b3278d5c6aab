//! The broken-input corpus: each folder under `tests/fixtures/broken/<case>/` holds a
//! `case.toml` and the files that differ from a good base site. The harness builds the base
//! site, applies the case, builds again and checks: exit code 1, a diagnostic naming the file
//! and line with the expected message, the whole standard error equal to the case's
//! `expected.stderr` (every diagnostic with its labels, notes and help), and the previous output
//! byte-for-byte unchanged.
//!
//! Each case is its own test, named by its folder (a custom harness, `libtest-mimic`; trials run
//! in parallel):
//! ```sh
//! cargo test shortcode-unknown               # one case (a filter equal to a case name is exact)
//! cargo test --test broken shortcode         # every case whose name contains `shortcode`
//! cargo test --test broken -- --list         # the case names
//! HOSHIN_BLESS=1 cargo test --test broken    # rewrite every expected.stderr; review with git diff
//! ```
//! No control character but a newline may reach standard error, whatever the site's file names
//! hold. In `expected.stderr` the temporary folders are written `$SITE` (the site), `$OUT` (the
//! first build's output) and `$TMP` (their parent). Standard output is pinned in
//! `expected.stdout` when it is not empty.
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
//! Files under `files/` are copied over the base site. Other optional keys change bytes or the
//! file system in ways plain files cannot:
//! ```toml
//! bom = ["content/house-rules/en.md"]       # prefix a UTF-8 BOM
//! crlf = ["content/house-rules/en.md"]      # convert line endings to CRLF
//! nul = { path = "…", line = 3 }            # put a NUL byte at the start of a line
//! big = { path = "…", bytes = 52428800 }    # pad a file to this size
//! symlinks = [{ link = "locales/en/x", target = "." }]   # target "$OUTSIDE[/file]" = a folder outside the site
//! rename = [{ from = "content/x", to = "content/\u001B[2Jx" }]  # after `files/`: names plain files cannot have
//! out = "site"                              # second build writes to: "site", "parent" (of the site), "under-file",
//!                                           # "symlink" (a link to the first build's output),
//!                                           # or "site/<path>" (a folder inside the site)
//! ```

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
    #[serde(default)]
    bom: Vec<String>,
    #[serde(default)]
    crlf: Vec<String>,
    #[serde(default)]
    nul: Option<Nul>,
    #[serde(default)]
    big: Option<Big>,
    #[serde(default)]
    symlinks: Vec<Symlink>,
    #[serde(default)]
    rename: Vec<Rename>,
    #[serde(default)]
    out: Option<String>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rename {
    from: String,
    to: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Nul {
    path: String,
    line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Big {
    path: String,
    bytes: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Symlink {
    link: String,
    target: String,
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
    for r in &case.rename {
        fs::rename(site.join(&r.from), site.join(&r.to))
            .map_err(|e| format!("rename {}: {e}", r.from))?;
    }
    if let Some(enc) = &case.encode {
        let text = fs::read_to_string(site.join(&enc.path)).map_err(|e| e.to_string())?;
        let encoding =
            encoding_rs::Encoding::for_label(enc.encoding.as_bytes()).ok_or("unknown encoding")?;
        let (bytes, _, _) = encoding.encode(&text);
        fs::write(site.join(&enc.path), bytes).map_err(|e| e.to_string())?;
    }
    for rel in &case.crlf {
        let text = fs::read_to_string(site.join(rel)).map_err(|e| e.to_string())?;
        fs::write(site.join(rel), text.replace('\n', "\r\n")).map_err(|e| e.to_string())?;
    }
    for rel in &case.bom {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(fs::read(site.join(rel)).map_err(|e| e.to_string())?);
        fs::write(site.join(rel), bytes).map_err(|e| e.to_string())?;
    }
    if let Some(nul) = &case.nul {
        let text = fs::read_to_string(site.join(&nul.path)).map_err(|e| e.to_string())?;
        let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        lines[nul.line - 1].insert(0, '\0');
        fs::write(site.join(&nul.path), lines.join("\n")).map_err(|e| e.to_string())?;
    }
    if let Some(big) = &case.big {
        let mut bytes = fs::read(site.join(&big.path)).map_err(|e| e.to_string())?;
        bytes.resize(big.bytes, b' ');
        fs::write(site.join(&big.path), bytes).map_err(|e| e.to_string())?;
    }
    let outside = tmp.path().join("outside");
    fs::create_dir_all(&outside).map_err(|e| e.to_string())?;
    fs::write(outside.join("secret.ftl"), "secret = leaked\n").map_err(|e| e.to_string())?;
    for link in &case.symlinks {
        let target = if let Some(rest) = link.target.strip_prefix("$OUTSIDE") {
            outside.join(rest.trim_start_matches('/'))
        } else {
            link.target.clone().into()
        };
        std::os::unix::fs::symlink(&target, site.join(&link.link)).map_err(|e| e.to_string())?;
    }
    // Where the failing build writes, and which folder must stay byte-for-byte unchanged.
    let (target, guarded) = match case.out.as_deref() {
        None => (out.clone(), out.clone()),
        Some("site") => (site.clone(), site.clone()),
        Some("parent") => (tmp.path().to_path_buf(), site.clone()),
        Some("under-file") => {
            let blocker = tmp.path().join("blocker");
            fs::write(&blocker, "a file, not a folder").map_err(|e| e.to_string())?;
            (blocker.join("public"), out.clone())
        }
        Some("symlink") => {
            let link = tmp.path().join("current");
            std::os::unix::fs::symlink(&out, &link).map_err(|e| e.to_string())?;
            (link, out.clone())
        }
        Some(inside) if inside.starts_with("site/") => {
            (site.join(&inside["site/".len()..]), site.clone())
        }
        Some(other) => return Err(format!("unknown `out = {other:?}`")),
    };
    let before = if guarded == out {
        before
    } else {
        snapshot(&guarded)
    };
    let o = build(&site, &target);
    let err = stderr(&o);
    if let Some(c) = err.chars().find(|&c| c.is_control() && c != '\n') {
        return Err(format!(
            "a raw {c:?} reached standard error:\n{}",
            err.escape_debug()
        ));
    }
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
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    let rerun = format!("cargo test --test broken {name}");
    let paths = [
        (site.as_path(), "$SITE"),
        (out.as_path(), "$OUT"),
        (tmp.path(), "$TMP"),
    ];
    expect_file(
        &dir.join("expected.stderr"),
        &normalise(&err, &paths),
        &rerun,
    )?;
    expect_file_or_empty(
        &dir.join("expected.stdout"),
        &normalise(&String::from_utf8_lossy(&o.stdout), &paths),
        &rerun,
    )?;
    if snapshot(&guarded) != before {
        return Err("the previous output was changed by a failed build".into());
    }
    if case.out.as_deref() == Some("symlink") {
        let link = fs::read_link(&target).map_err(|e| format!("the link is gone: {e}"))?;
        if link != out {
            return Err(format!("the link now points to `{}`", link.display()));
        }
    }
    Ok(())
}

fn main() {
    run_trials(corpus_trials("broken", 10, run_case));
}
