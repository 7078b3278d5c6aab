//! `serve`'s incremental rebuilds must equal a full build byte for byte: a sequence of edits is
//! applied through [`hoshin::incremental::Builder::update`], and after each step the result is
//! compared with a fresh full `hoshin::render` of the same files.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{copy_dir, repo};
use hoshin::incremental::{Builder, Outcome, Rebuilt};
use hoshin::render::Output;
use hoshin::site::LoadOptions;

#[path = "../examples/corpus.rs"]
#[allow(dead_code)]
mod corpus;

/// One edit: a file, what to replace in it (or `None` to append), and how it must be rebuilt.
struct Edit<'a> {
    what: &'a str,
    file: &'a str,
    from: Option<&'a str>,
    to: &'a str,
    expect: Rebuilt,
    ok: bool,
}

fn apply(root: &Path, edit: &Edit) -> PathBuf {
    let path = root.join(edit.file);
    let text = fs::read_to_string(&path).unwrap();
    let new = match edit.from {
        Some(from) => {
            assert!(
                text.contains(from),
                "{}: `{from}` not in {}",
                edit.what,
                edit.file
            );
            text.replacen(from, edit.to, 1)
        }
        None => format!("{text}{}", edit.to),
    };
    fs::write(&path, new).unwrap();
    path
}

fn messages(d: &hoshin::diagnostics::Diagnostics) -> Vec<String> {
    let mut v: Vec<String> = d.0.iter().map(|d| d.render(false)).collect();
    v.sort();
    v.dedup();
    v
}

/// Compares an incremental outcome with a fresh full render of the files as they are now.
fn assert_same_as_full(what: &str, root: &Path, outcome: &Outcome) {
    match (&outcome.result, hoshin::render(root, None)) {
        (Ok((output, warnings)), Ok((_, full, full_warnings))) => {
            for (path, bytes) in &full {
                assert!(
                    output.get(path) == Some(bytes),
                    "{what}: `{path}` differs from the full build"
                );
            }
            for path in output.keys() {
                assert!(
                    full.contains_key(path),
                    "{what}: `{path}` is not in the full build"
                );
            }
            assert_eq!(
                messages(warnings),
                messages(&full_warnings),
                "{what}: warnings"
            );
        }
        (Err(errors), Err(full_errors)) => {
            assert_eq!(messages(errors), messages(&full_errors), "{what}: errors")
        }
        (Ok(_), Err(e)) => panic!("{what}: incremental succeeded, full build failed: {e:?}"),
        (Err(e), Ok(_)) => panic!("{what}: incremental failed, full build succeeded: {e:?}"),
    }
}

/// Every file that differs from the last good build is among the paths the outcome says
/// may have changed (`serve` compares only those).
fn assert_changed_covers(what: &str, before: &Output, after: &Output, outcome: &Outcome) {
    let Some(changed) = &outcome.changed else {
        return;
    };
    for path in before.keys().chain(after.keys()) {
        if before.get(path) != after.get(path) {
            assert!(
                changed.contains(path),
                "{what}: `{path}` changed unannounced"
            );
        }
    }
}

fn run(root: &Path, edits: &[Edit]) {
    let root = root.canonicalize().unwrap();
    let mut builder = Builder::new(&root, LoadOptions::default());
    let first = builder.full();
    assert!(first.result.is_ok(), "{:?}", first.result.err());
    assert_same_as_full("first build", &root, &first);
    let mut last_good = first.result.as_ref().ok().map(|(o, _)| Output::clone(o));
    drop(first);
    for edit in edits {
        let path = apply(&root, edit);
        let outcome = builder.update(&[path]);
        if let (Ok((output, _)), Some(before)) = (&outcome.result, &last_good) {
            assert_changed_covers(edit.what, before, output, &outcome);
        }
        if let Ok((output, _)) = &outcome.result {
            last_good = Some(Output::clone(output));
        }
        assert_eq!(
            outcome.result.is_ok(),
            edit.ok,
            "{}: {:?}",
            edit.what,
            outcome.result.as_ref().err()
        );
        assert_eq!(outcome.rebuilt, edit.expect, "{}", edit.what);
        assert_same_as_full(edit.what, &root, &outcome);
    }
}

const P: &str = "content/customer-harassment/";

#[test]
fn default_site_edits_rebuild_incrementally_and_equal_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    for part in ["hoshin.toml", "content", "locales", "reviews", "themes"] {
        let from = repo().join(part);
        if from.is_dir() {
            copy_dir(&from, &root.join(part));
        } else {
            fs::create_dir_all(&root).unwrap();
            fs::copy(&from, root.join(part)).unwrap();
        }
    }
    let en = &format!("{P}en.md");
    let ja = &format!("{P}ja.md");
    let data = &format!("{P}policy.toml");
    let policy = Rebuilt::Policies(1);
    run(
        &root,
        &[
            Edit {
                what: "text change",
                file: en,
                from: Some("we aim to deliver"),
                to: "we strive to deliver",
                expect: policy,
                ok: true,
            },
            Edit {
                what: "title change (homes, chooser, notices)",
                file: ja,
                from: Some("title = \""),
                to: "title = \"改訂 ",
                expect: policy,
                ok: true,
            },
            Edit {
                what: "broken block",
                file: en,
                from: None,
                to: "\n{{ no_such_block() }}\n",
                expect: Rebuilt::Full,
                ok: false,
            },
            Edit {
                what: "fixed",
                file: en,
                from: Some("\n{{ no_such_block() }}\n"),
                to: "\n",
                expect: policy,
                ok: true,
            },
            Edit {
                what: "notice label removed",
                file: data,
                from: Some("id = \"violence\"\nnotice = true"),
                to: "id = \"violence\"",
                expect: policy,
                ok: true,
            },
            Edit {
                what: "notice label added",
                file: data,
                from: Some("id = \"violence\""),
                to: "id = \"violence\"\nnotice = true",
                expect: policy,
                ok: true,
            },
            Edit {
                what: "review file",
                file: "reviews/en.toml",
                from: None,
                to: "\n# reviewed\n",
                expect: Rebuilt::Nothing,
                ok: true,
            },
            Edit {
                what: "locale (full)",
                file: "locales/en/site.ftl",
                from: None,
                to: "\nextra-message = Extra\n",
                expect: Rebuilt::Full,
                ok: true,
            },
            Edit {
                what: "text after a full build",
                file: ja,
                from: Some("改訂 "),
                to: "",
                expect: policy,
                ok: true,
            },
        ],
    );
}

/// A generated ja/en corpus site in `tmp` (`policies` policies, `stores` stores), by its
/// canonical path.
fn corpus_site(tmp: &tempfile::TempDir, policies: usize, seed: u64, stores: usize) -> PathBuf {
    corpus::generate(&corpus::Args {
        policies,
        languages: vec!["ja".into(), "en".into()],
        seed,
        out: tmp.path().to_path_buf(),
        stores,
    });
    tmp.path().join("hoshin").canonicalize().unwrap()
}

/// [`corpus_site`] without stores, with its own copy of the default theme's policy template
/// (`templates/policy.html`) to edit.
fn corpus_site_with_policy_template(
    tmp: &tempfile::TempDir,
    policies: usize,
    seed: u64,
) -> PathBuf {
    let root = corpus_site(tmp, policies, seed, 0);
    fs::create_dir_all(root.join("templates")).unwrap();
    let template = repo().join("themes/default/templates/policy.html");
    fs::copy(template, root.join("templates/policy.html")).unwrap();
    root
}

#[test]
fn corpus_edits_rebuild_incrementally_and_equal_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = corpus_site(&tmp, 12, 3, 2);
    let policy = Rebuilt::Policies(1);
    let title_of = |file: &str| {
        let text = fs::read_to_string(root.join(file)).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("title = "))
            .unwrap()
            .to_string();
        line
    };
    let en3 = "content/policy-00003/en.md";
    let ja3 = "content/policy-00003/ja.md";
    let (en_title, ja_title) = (title_of(en3), title_of(ja3));
    let notices = "content/policy-00001/policy.toml";
    run(
        &root,
        &[
            Edit {
                what: "text change",
                file: en3,
                from: Some("\n\n## "),
                to: "\n\nAn added sentence.\n\n## ",
                expect: policy,
                ok: true,
            },
            Edit {
                what: "title change",
                file: ja3,
                from: Some(&ja_title),
                to: "title = \"新しい題名\"",
                expect: policy,
                ok: true,
            },
            Edit {
                what: "title change (en)",
                file: en3,
                from: Some(&en_title),
                to: "title = \"A new title\"",
                expect: policy,
                ok: true,
            },
            Edit {
                what: "broken front matter",
                file: en3,
                from: Some("+++\n"),
                to: "+++\ntitel = 1\n",
                expect: Rebuilt::Full,
                ok: false,
            },
            Edit {
                what: "fixed",
                file: en3,
                from: Some("titel = 1\n"),
                to: "",
                expect: policy,
                ok: true,
            },
            Edit {
                what: "notice label removed",
                file: notices,
                from: Some("id = \"store-rule-2\"\nnotice = true"),
                to: "id = \"store-rule-2\"",
                expect: policy,
                ok: true,
            },
            Edit {
                what: "notice label added",
                file: notices,
                from: Some("id = \"store-rule-2\""),
                to: "id = \"store-rule-2\"\nnotice = true",
                expect: policy,
                ok: true,
            },
            Edit {
                what: "order change moves a policy last",
                file: "content/policy-00005/policy.toml",
                from: Some("order = 5\n"),
                to: "order = 500\n",
                expect: policy,
                ok: true,
            },
            Edit {
                what: "locale (full)",
                file: "locales/en/site.ftl",
                from: None,
                to: "\nextra-message = Extra\n",
                expect: Rebuilt::Full,
                ok: true,
            },
        ],
    );
}

#[test]
fn new_and_removed_policy_folders_rebuild_everything() {
    let tmp = tempfile::tempdir().unwrap();
    let root = corpus_site(&tmp, 3, 1, 0);
    let mut builder = Builder::new(&root, LoadOptions::default());
    assert!(builder.full().result.is_ok());
    let from = root.join("content/policy-00002");
    let copy = root.join("content/policy-00009");
    copy_dir(&from, &copy);
    let outcome = builder.update(&[copy.join("en.md")]);
    assert_eq!(outcome.rebuilt, Rebuilt::Full);
    assert_same_as_full("new folder", &root, &outcome);
    fs::remove_dir_all(&copy).unwrap();
    let outcome = builder.update(&[copy.join("en.md")]);
    assert_eq!(outcome.rebuilt, Rebuilt::Full);
    assert_same_as_full("removed folder", &root, &outcome);
}

/// A body edit leaves what the language homes, the chooser and the sitemap show of a policy as
/// it was: only the policy's own pages are re-rendered (on 20,000 pages the listing pages were
/// most of a content edit's time). A title edit re-renders them too. Each update starts from
/// the build before the last one, brought up to date, and still equals a full build.
#[test]
fn a_body_edit_touches_only_its_policys_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let root = corpus_site(&tmp, 4, 1, 0);
    let mut builder = Builder::new(&root, LoadOptions::default());
    assert!(builder.full().result.is_ok());
    let own = |slug: &str| -> Vec<String> {
        vec![
            format!("en/{slug}/index.html"),
            format!("ja/{slug}/index.html"),
        ]
    };
    for (i, slug) in ["policy-00002", "policy-00003", "policy-00002"]
        .iter()
        .enumerate()
    {
        let doc = root.join("content").join(slug).join("ja.md");
        let text = fs::read_to_string(&doc).unwrap();
        fs::write(&doc, format!("{text}\n本文の追記 {i}。\n")).unwrap();
        let outcome = builder.update(&[doc]);
        assert_eq!(outcome.rebuilt, Rebuilt::Policies(1));
        let changed: Vec<String> = outcome.changed.clone().unwrap().into_iter().collect();
        let mut expected = own(slug);
        expected.sort();
        assert_eq!(changed, expected, "edit {i}");
        assert_same_as_full(&format!("body edit {i}"), &root, &outcome);
    }
    let doc = root.join("content/policy-00003/ja.md");
    let text = fs::read_to_string(&doc).unwrap();
    let title = text.lines().find(|l| l.starts_with("title = ")).unwrap();
    fs::write(&doc, text.replacen(title, "title = \"新しい題名\"", 1)).unwrap();
    let outcome = builder.update(&[doc]);
    let changed = outcome.changed.clone().unwrap();
    assert!(
        changed.contains("index.html") || changed.contains("ja/index.html"),
        "{changed:?}"
    );
    assert!(changed.contains("sitemap.xml"), "{changed:?}");
    assert_same_as_full("title edit", &root, &outcome);
}

#[test]
fn template_and_locale_edits_render_lazily_and_equal_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = corpus_site_with_policy_template(&tmp, 6, 5);
    let marker = "<article class=\"policy\"";
    let lazily = Rebuilt::Lazily;
    run(
        &root,
        &[
            Edit {
                what: "template edit",
                file: "templates/policy.html",
                from: Some(marker),
                to: "<article data-edit=\"1\" class=\"policy\"",
                expect: lazily,
                ok: true,
            },
            Edit {
                what: "template that cannot render",
                file: "templates/policy.html",
                from: Some("<article data-edit=\"1\""),
                to: "{{ no_such_variable }}<article data-edit=\"1\"",
                expect: Rebuilt::Full,
                ok: false,
            },
            Edit {
                what: "template fixed",
                file: "templates/policy.html",
                from: Some("{{ no_such_variable }}"),
                to: "",
                expect: lazily,
                ok: true,
            },
            Edit {
                what: "template that does not compile",
                file: "templates/policy.html",
                from: Some("<article data-edit=\"1\""),
                to: "{% if %}<article data-edit=\"1\"",
                expect: Rebuilt::Full,
                ok: false,
            },
            Edit {
                what: "template fixed again",
                file: "templates/policy.html",
                from: Some("{% if %}"),
                to: "",
                expect: lazily,
                ok: true,
            },
            Edit {
                what: "locale edit",
                file: "locales/en/notes.ftl",
                from: None,
                to: "\nextra-message = Extra\n",
                expect: lazily,
                ok: true,
            },
            Edit {
                what: "UI string edit",
                file: "locales/en/site.ftl",
                from: Some("site-title = Benchmark Policies"),
                to: "site-title = Benchmark Policies (edited)",
                expect: lazily,
                ok: true,
            },
            Edit {
                what: "text after a lazy build",
                file: "content/policy-00002/en.md",
                from: None,
                to: "\nAn added sentence.\n",
                expect: Rebuilt::Policies(1),
                ok: true,
            },
        ],
    );
}

/// What `serve` shows after a template or locale edit before the whole site is rendered
/// again (each file from the pending build, or else the previous build's) is a full build.
#[test]
fn pages_rendered_as_asked_for_equal_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = corpus_site_with_policy_template(&tmp, 4, 7);
    let mut builder = Builder::new(&root, LoadOptions::default());
    assert!(builder.full().result.is_ok());
    let edits = [
        (
            "templates/policy.html",
            "<article class=\"policy\"",
            "<article data-x class=\"policy\"",
        ),
        (
            "locales/en/site.ftl",
            "site-title = Benchmark Policies",
            "site-title = Edited",
        ),
    ];
    for (file, from, to) in edits {
        let path = root.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let outcome = builder.update_lazily(&[path]);
        assert_eq!(outcome.rebuilt, Rebuilt::Lazily, "{file}");
        let pending = outcome.pending.clone().expect("a pending build");
        let (previous, _) = outcome.result.as_ref().unwrap();
        let (_, full, _) = hoshin::render(&root, None).unwrap();
        let mut anew = 0;
        for (key, bytes) in &full {
            let served = match pending.get(key) {
                Some(r) => {
                    anew += 1;
                    r.unwrap()
                }
                None => previous.get(key).cloned().unwrap(),
            };
            assert!(
                &served == bytes,
                "{file}: `{key}` differs from the full build"
            );
        }
        assert!(anew > 8, "{file}: {anew} pages rendered anew");
        assert_eq!(previous.len(), full.len(), "{file}");
        let done = builder.complete().unwrap();
        assert_eq!(&*done.result.unwrap().0, &full, "{file}");
    }
}
