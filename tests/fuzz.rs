//! Mutation fuzzing under `cargo test`: the parsers a user's files reach must never panic.
//!
//! Each target starts from the seed corpus in `tests/fuzz/corpus/<target>/`, applies random
//! mutations (deterministic: a fixed seed per target) and feeds the result to the same entry
//! points the build uses. A panic fails the test and the input is saved under
//! `target/fuzz-crashes/`. Budget per target: `HOSHIN_FUZZ_SECONDS` (default 2; CI sets more).
//!
//! cargo-fuzz needs a nightly toolchain, which this project's machines do not have; this
//! harness runs on stable with no extra crates.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use hoshin::diagnostics::SourceFile;
use hoshin::render::markdown;
use hoshin::site::config::{Config, RawHtml};
use hoshin::site::content::{front_matter, shortcode, PolicyData, Segment};
use hoshin::site::locale::{Locale, Origin};

/// A small xorshift generator: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "+++",
    "+++\n",
    "{{",
    "}}",
    "{{ examples() }}",
    "{{ definition(id=\"",
    "(",
    ")",
    "=",
    "\"",
    "'",
    "\n",
    "\r\n",
    "\0",
    "#",
    "## ",
    "{#",
    "}",
    "[",
    "]",
    "[[",
    "]]",
    "{ $",
    "{ -",
    "->",
    "*[",
    ".",
    ".notice = ",
    "-",
    "  ",
    "\t",
    "<script>",
    "javascript:",
    "](",
    "```",
    "~~~",
    "\u{2068}",
    "\u{feff}",
    "令和",
    "🙂",
    "é",
    "\\",
    "\\u",
    "%",
    "=2025-13-40",
    "2025-07-09",
    "id = ",
    "items = [",
    "[[examples.items]]",
    "[dates]",
    "calendar = \"japanese\"",
    "true",
    "-1",
    "1e999",
];

fn char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(rng: &mut Rng, input: &str) -> String {
    let mut s = input.to_string();
    for _ in 0..=rng.below(4) {
        let a = char_boundary(&s, rng.below(s.len() + 1));
        let b = char_boundary(&s, a + rng.below(64));
        match rng.below(6) {
            0 => s.insert_str(a, TOKENS[rng.below(TOKENS.len())]),
            1 => s.replace_range(a..b, ""),
            2 => {
                let chunk = s[a..b].to_string();
                let at = char_boundary(&s, rng.below(s.len() + 1));
                s.insert_str(at, &chunk);
            }
            3 => s.replace_range(a..b, TOKENS[rng.below(TOKENS.len())]),
            4 => s.truncate(a),
            _ => {
                let c = char::from(32 + rng.below(95) as u8);
                s.insert(a, c);
            }
        }
    }
    s
}

fn seeds(target: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn budget() -> Duration {
    let secs = std::env::var("HOSHIN_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    Duration::from_secs_f64(secs)
}

/// Runs `check` on mutated seeds until the budget is spent; returns the number of inputs.
fn fuzz(target: &str, seed: u64, check: impl Fn(&str)) -> usize {
    let corpus = seeds(target);
    assert!(!corpus.is_empty(), "no seeds for {target}");
    let mut rng = Rng(seed);
    let start = Instant::now();
    let mut runs = 0;
    for s in &corpus {
        check(s);
    }
    while start.elapsed() < budget() {
        let pick = rng.below(corpus.len());
        let input = mutate(&mut rng, &corpus[pick]);
        if catch_unwind(AssertUnwindSafe(|| check(&input))).is_err() {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/fuzz-crashes")
                .join(target);
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("crash-{runs}.txt"));
            std::fs::write(&path, &input).unwrap();
            panic!("{target}: panic on input saved to {}", path.display());
        }
        runs += 1;
    }
    eprintln!(
        "fuzz {target}: {runs} inputs in {:?}, no panic",
        start.elapsed()
    );
    runs
}

fn policy_data() -> PolicyData {
    toml::from_str(&seeds("data")[0]).unwrap()
}

#[test]
fn fuzz_document_front_matter_blocks_and_markdown() {
    let data = policy_data();
    let runs = fuzz("document", 0x9E37_79B9_7F4A_7C15, |text| {
        let file = SourceFile::new("doc.md", "doc.md", text);
        let Ok(front) = front_matter::parse(&file) else {
            return;
        };
        let Ok(segments) = shortcode::split(&file, front.body_start, &data) else {
            return;
        };
        let mut headings = markdown::Headings::default();
        for seg in segments {
            if let Segment::Markdown(range) = seg {
                let _ = markdown::render(&file, range.clone(), &mut headings, RawHtml::Escape);
                let _ = markdown::render(&file, range, &mut headings, RawHtml::Sanitize);
            }
        }
        let _ =
            hoshin::site::files::decode("doc.md", Path::new("doc.md"), text.as_bytes().to_vec());
    });
    assert!(runs > 0);
}

#[test]
fn fuzz_data_and_config_loading() {
    let runs = fuzz("data", 0xD1B5_4A32_D192_ED03, |text| {
        let _ = toml::from_str::<PolicyData>(text);
    });
    let runs2 = fuzz("config", 0x94D0_49BB_1331_11EB, |text| {
        let _ = Config::parse(&SourceFile::new("hoshin.toml", "hoshin.toml", text), None);
    });
    assert!(runs > 0 && runs2 > 0);
}

#[test]
fn fuzz_fluent_loading_and_resolution() {
    let runs = fuzz("fluent", 0xBF58_476D_1CE4_E5B9, |text| {
        let file = SourceFile::new("locales/ja/x.ftl", "x.ftl", text);
        if let Ok(locale) = Locale::load("ja", "ja".parse().unwrap(), vec![(Origin::Site, file)]) {
            let _ = locale.ui_strings();
            for (id, info) in &locale.messages {
                let _ = locale.text(id, None, None);
                for attr in info.attributes.keys() {
                    let _ = locale.text(id, Some(attr), None);
                }
            }
        }
    });
    assert!(runs > 0);
}
