//! Micro-benchmarks of the build stages: load, Markdown, Fluent, render, write, and the whole
//! build, on a generated corpus (examples/corpus.rs, seed 1) and on the default site.
//!
//! ```text
//! cargo bench --bench stages                  # all stages, 200-page corpus
//! HOSHIN_BENCH_POLICIES=1000 cargo bench --bench stages -- render
//! ```
//!
//! divan, not criterion: it compiles in a few seconds with no plotting stack, and benches are
//! built only by `cargo bench`, never by `cargo test`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::Bencher;
use hoshin::render::{render_site, Output};
use hoshin::site::content::Segment;
use hoshin::site::{LoadOptions, Site};

#[path = "../examples/corpus.rs"]
#[allow(dead_code)]
mod corpus;

/// The corpus folder; a static is never dropped, so `main` removes it after the run.
static CORPUS: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();

fn main() {
    divan::main();
    if let Some((tmp, _)) = CORPUS.get() {
        let _ = std::fs::remove_dir_all(tmp.path());
    }
}

/// The corpus, generated once per bench process in a temporary folder.
fn corpus_root() -> &'static Path {
    let (_, root) = CORPUS.get_or_init(|| {
        let tmp = ram_tempdir();
        let policies = std::env::var("HOSHIN_BENCH_POLICIES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100);
        corpus::generate(&corpus::Args {
            policies,
            languages: vec!["ja".into(), "en".into()],
            seed: 1,
            out: tmp.path().to_path_buf(),
            stores: 0,
        });
        let root = tmp.path().join("hoshin");
        (tmp, root)
    });
    root
}

/// A temporary folder in RAM when there is one (`/dev/shm`), so disk noise stays out.
fn ram_tempdir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(t) = tempfile::tempdir_in(shm) {
            return t;
        }
    }
    tempfile::tempdir().expect("temporary folder")
}

fn default_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(root: &Path) -> Site {
    Site::load(root, &LoadOptions::default()).unwrap_or_else(|d| panic!("{d:?}"))
}

fn corpus_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| load(corpus_root()))
}

/// Load: read, decode and parse config, theme, policies and locales.
#[divan::bench(args = ["default", "corpus"], sample_count = 20)]
fn stage_load(which: &str) -> Site {
    load(if which == "default" {
        default_root()
    } else {
        corpus_root()
    })
}

/// Markdown: every Markdown segment of one ~600-word corpus page (English, then Japanese).
#[divan::bench(args = ["en", "ja"])]
fn stage_markdown(bencher: Bencher, lang: &str) {
    let doc = corpus_site().policies[0]
        .documents
        .get(lang)
        .expect("the corpus has every language");
    bencher.bench(|| {
        let (mut headings, mut html) =
            (hoshin::render::markdown::Headings::default(), String::new());
        for segment in &doc.segments {
            if let Segment::Markdown(range) = segment {
                html.push_str(
                    &hoshin::render::markdown::render(
                        &doc.file,
                        range.clone(),
                        &mut headings,
                        doc.raw_html,
                    )
                    .unwrap(),
                );
            }
        }
        html
    });
}

/// Fluent: resolving one message, and every UI string of a locale (done once per language).
#[divan::bench(args = ["message", "ui_strings"])]
fn stage_fluent(bencher: Bencher, what: &str) {
    let locale = &corpus_site().language("ja").unwrap().locale;
    match what {
        "message" => bencher.bench(|| locale.text("note-policy-00001", None, None).unwrap()),
        _ => bencher.bench(|| locale.ui_strings().unwrap().len()),
    }
}

/// Render: every page, the sitemap and static files, in memory (parallel over pages).
#[divan::bench(args = ["default", "corpus"], sample_count = 20)]
fn stage_render(bencher: Bencher, which: &str) {
    let site = if which == "default" {
        Box::leak(Box::new(load(default_root())))
    } else {
        corpus_site()
    };
    bencher.bench(|| render_site(site).unwrap());
}

/// Write: the rendered corpus to a staging folder, swapped in atomically.
#[divan::bench(sample_count = 20)]
fn stage_write(bencher: Bencher) {
    let files: Output = render_site(corpus_site()).unwrap();
    let tmp = ram_tempdir();
    let out = tmp.path().join("public");
    bencher.bench(|| hoshin::write::write_site(&out, &files).unwrap());
}

/// The whole build of the corpus, as `hoshin build` does it (in-process, so no exec cost).
#[divan::bench(sample_count = 10)]
fn whole_build(bencher: Bencher) {
    let tmp = ram_tempdir();
    let options = hoshin::BuildOptions {
        root: corpus_root().to_path_buf(),
        out: Some(tmp.path().join("public")),
        base_url: None,
        pdf: false,
        local: false,
    };
    bencher.bench(|| hoshin::build(&options).unwrap().pages);
}

/// What `hoshin serve` does after an edit outside the policy folders: load the site and render
/// it in memory (no write).
#[divan::bench(sample_count = 10)]
fn serve_rebuild() -> usize {
    let site = load(corpus_root());
    hoshin::render_loaded(&site).unwrap().0.len()
}

/// What `hoshin serve` does after an edit of one policy's `ja.md`: reload and re-render that
/// policy into the kept build (`hoshin::incremental`). The issue's target is < 50 ms on 2,000
/// pages, event to reload; `scripts/serve-bench.sh` measures that end to end.
#[divan::bench(sample_count = 20)]
fn serve_rebuild_policy(bencher: Bencher) {
    let root = corpus_root().canonicalize().unwrap();
    let mut builder = hoshin::incremental::Builder::new(&root, LoadOptions::default());
    assert!(builder.full().result.is_ok());
    let file = root.join("content/policy-00001/ja.md");
    let original = std::fs::read_to_string(&file).unwrap();
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        std::fs::write(&file, format!("{original}\n編集 {n}\n")).unwrap();
        builder.update(std::slice::from_ref(&file)).result.is_ok()
    });
    std::fs::write(&file, original).unwrap();
}
