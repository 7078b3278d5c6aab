//! Shared helpers for the integration tests: run the binary, copy fixture sites, snapshot
//! output folders.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use libtest_mimic::{Arguments, Failed, Trial};

/// The repository root (the default site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site folder by name.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/sites").join(name)
}

/// Runs `hoshin` with `args`.
pub fn hoshin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run hoshin")
}

/// Runs `hoshin build --root ROOT --out OUT`.
pub fn build(root: &Path, out: &Path) -> Output {
    hoshin(&[
        "build",
        "--root",
        path_str(root),
        "--out",
        path_str(out),
        "--color",
        "never",
    ])
}

/// A path as &str (test paths are UTF-8).
pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies a folder recursively (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir`, by relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Reads a built file as text.
pub fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The one environment variable that refreshes every pinned expectation in the test suite (the
/// corpus cases' `expected.*` files, `tests/golden/`): `HOSHIN_BLESS=1 cargo test`.
pub const BLESS: &str = "HOSHIN_BLESS";

/// Whether this run rewrites expected output instead of comparing with it (`HOSHIN_BLESS` set
/// to anything but empty or `0`).
pub fn blessing() -> bool {
    std::env::var_os(BLESS).is_some_and(|v| !v.is_empty() && v != "0")
}

/// One trial per case folder under `tests/fixtures/<corpus>/`, named exactly by the folder name
/// (so `cargo test <case>` runs it), plus a guard trial that fails when the corpus has fewer than
/// `min` cases (an accidentally empty or moved corpus must not pass).
pub fn corpus_trials(
    corpus: &'static str,
    min: usize,
    run_case: fn(&Path) -> Result<(), String>,
) -> Vec<Trial> {
    let root = repo().join("tests/fixtures").join(corpus);
    let mut cases: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let count = cases.len();
    let mut trials = vec![Trial::test(
        format!("{corpus}_corpus_has_at_least_{min}_cases"),
        move || {
            if count >= min {
                Ok(())
            } else {
                Err(
                    format!("the {corpus} corpus has {count} cases, expected at least {min}")
                        .into(),
                )
            }
        },
    )];
    trials.extend(cases.into_iter().map(|dir| {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        Trial::test(name, move || run_case(&dir).map_err(Failed::from))
    }));
    trials
}

/// Runs `trials` with the usual test arguments (`--list`, `--exact`, `--test-threads`, …).
/// A filter that is exactly a trial's name runs that trial only, so `cargo test
/// shortcode-unknown` does not also run `shortcode-unknown-argument`.
pub fn run_trials(trials: Vec<Trial>) -> ! {
    let mut args = Arguments::from_args();
    if let Some(filter) = &args.filter {
        if trials.iter().any(|t| t.name() == filter) {
            args.exact = true;
        }
    }
    libtest_mimic::run(&args, trials).exit()
}

/// Replaces machine-specific paths in `text` with placeholders, in the order given (put a path
/// before the folders that contain it): each path as passed and as canonicalised.
pub fn normalise(text: &str, paths: &[(&Path, &str)]) -> String {
    let mut text = text.to_string();
    for (path, placeholder) in paths {
        let mut forms = vec![path.to_path_buf()];
        if let Ok(canonical) = path.canonicalize() {
            if canonical != *path {
                forms.insert(0, canonical);
            }
        }
        for form in forms {
            text = text.replace(path_str(&form), placeholder);
        }
    }
    text
}

/// Compares `actual` with the expected-output file `path`; under `HOSHIN_BLESS=1` writes it
/// instead (only when it differs). `rerun` is the command that runs this one case, for the hint.
pub fn expect_file(path: &Path, actual: &str, rerun: &str) -> Result<(), String> {
    let shown = path.strip_prefix(repo()).unwrap_or(path).display();
    let expected = fs::read_to_string(path).ok();
    if blessing() {
        if expected.as_deref() != Some(actual) {
            fs::write(path, actual).map_err(|e| format!("{shown}: {e}"))?;
        }
        return Ok(());
    }
    match expected {
        None => Err(format!(
            "{shown} is missing; to create it: {BLESS}=1 {rerun}, then review it"
        )),
        Some(expected) if expected == actual => Ok(()),
        Some(expected) => Err(format!(
            "the output differs from {shown} (- expected, + actual):\n{}\n\
             If the change is intended: {BLESS}=1 {rerun}, then review the diff with git.",
            diff(&expected, actual)
        )),
    }
}

/// Like [`expect_file`] for output that is usually empty: no file stands for empty output, and
/// blessing empty output removes the file.
pub fn expect_file_or_empty(path: &Path, actual: &str, rerun: &str) -> Result<(), String> {
    if actual.is_empty() && !path.exists() {
        return Ok(());
    }
    if actual.is_empty() && blessing() {
        return fs::remove_file(path).map_err(|e| format!("{}: {e}", path.display()));
    }
    expect_file(path, actual, rerun)
}

/// A line diff of two texts (`-` only in `expected`, `+` only in `actual`), with three lines of
/// context around each change; control characters such as `\r` are shown escaped.
pub fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.split('\n').collect();
    let b: Vec<&str> = actual.split('\n').collect();
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut lines: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            lines.push((' ', a[i]));
            (i, j) = (i + 1, j + 1);
        } else if j == b.len() || (i < a.len() && lcs[i + 1][j] >= lcs[i][j + 1]) {
            lines.push(('-', a[i]));
            i += 1;
        } else {
            lines.push(('+', b[j]));
            j += 1;
        }
    }
    const CONTEXT: usize = 3;
    let changed: Vec<usize> = (0..lines.len()).filter(|&k| lines[k].0 != ' ').collect();
    let near = |k: usize| changed.iter().any(|&c| c.abs_diff(k) <= CONTEXT);
    let mut out = String::new();
    let mut elided = false;
    for (k, (mark, line)) in lines.iter().enumerate() {
        if !near(k) {
            if !elided {
                out.push_str("  …\n");
                elided = true;
            }
            continue;
        }
        elided = false;
        let shown: String = line
            .chars()
            .map(|c| {
                if c.is_control() && c != '\t' {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect();
        out.push_str(&format!("{mark} {shown}\n"));
    }
    out
}

/// Starts `hoshin serve` on `root` (any free port, no colour, the given debounce and extra
/// arguments) with its standard error read line by line into the returned channel.
pub fn spawn_serve(
    root: &Path,
    debounce_ms: u128,
    args: &[&str],
) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_hoshin"))
        .args(["serve", "--root", path_str(root), "--port", "0"])
        .args(["--color", "never", "--debounce-ms"])
        .arg(debounce_ms.to_string())
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start hoshin serve");
    let stderr = child.stderr.take().unwrap();
    let (tx, log) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, log)
}
