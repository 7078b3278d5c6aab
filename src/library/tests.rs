//! The library is complete and consistent: every text in every language, ids unique and
//! well-formed, labels where the notice needs them, and docs/library.md up to date.

use std::collections::BTreeSet;

use super::*;

/// Every text of the library, with a name for failure messages.
fn all_texts(lib: &Library) -> Vec<(String, &Text)> {
    let mut out = Vec::new();
    for d in &lib.definitions {
        out.push((format!("definition {}", d.id), &d.text));
        out.push((format!("definition {} issuer", d.id), &d.issuer));
        out.push((format!("definition {} title", d.id), &d.title));
    }
    for g in &lib.examples {
        out.push((format!("example group {}", g.id), &g.text));
    }
    for e in lib.all_examples() {
        out.push((format!("example {}", e.id), &e.text));
        if let Some(n) = &e.notice {
            out.push((format!("example {} notice", e.id), n));
        }
    }
    for n in &lib.notes {
        out.push((format!("note {}", n.id), &n.text));
    }
    for g in &lib.responses {
        out.push((format!("response group {}", g.id), &g.text));
        for r in &g.items {
            out.push((format!("response {}", r.id), &r.text));
        }
    }
    for (part, t) in [
        ("headline", &lib.notice.headline),
        ("lead", &lib.notice.lead),
        ("stance", &lib.notice.stance),
        ("request", &lib.notice.request),
    ] {
        out.push((format!("notice {part}"), t));
    }
    out
}

#[test]
fn library_is_complete() {
    let lib = library();
    for (name, t) in all_texts(lib) {
        let langs: Vec<&str> = t.keys().map(String::as_str).collect();
        assert_eq!(langs, ["en", "ja"], "{name}: languages");
        for (lang, s) in t {
            assert!(!s.trim().is_empty(), "{name} ({lang}) is empty");
            assert_eq!(s.trim(), s, "{name} ({lang}): surrounding whitespace");
            // Written into Fluent as a single-line value: no placeables, no line breaks.
            assert!(
                !s.contains(['{', '}', '\n', '<', '>']),
                "{name} ({lang}) has a character Fluent or the checks would read: {s}"
            );
        }
    }
    for (key, t) in &lib.prose {
        let langs: Vec<&str> = t.keys().map(String::as_str).collect();
        assert_eq!(langs, ["en", "ja"], "prose {key}: languages");
        for (lang, s) in t {
            let without = s.replace("{organisation}", "");
            assert!(
                !without.contains(['{', '}', '<', '>', '#', '*', '_', '`', '[']),
                "prose {key} ({lang}) has Markdown or placeholder syntax: {s}"
            );
        }
    }
    for key in PROSE_KEYS {
        assert!(lib.prose.contains_key(key), "prose `{key}` is missing");
    }
}

#[test]
fn ids_are_unique_slugs() {
    let lib = library();
    let kinds: Vec<(&str, Vec<&str>)> = vec![
        (
            "definition",
            lib.definitions.iter().map(|d| d.id.as_str()).collect(),
        ),
        (
            "example group",
            lib.examples.iter().map(|g| g.id.as_str()).collect(),
        ),
        (
            "example",
            lib.all_examples().iter().map(|e| e.id.as_str()).collect(),
        ),
        ("note", lib.notes.iter().map(|n| n.id.as_str()).collect()),
        (
            "response group",
            lib.responses.iter().map(|g| g.id.as_str()).collect(),
        ),
        (
            "response",
            lib.all_responses().map(|r| r.id.as_str()).collect(),
        ),
    ];
    for (kind, ids) in kinds {
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "duplicate {kind} ids: {ids:?}");
        for id in ids {
            assert!(
                !id.is_empty()
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !id.starts_with('-')
                    && !id.ends_with('-')
                    && !id.contains("--"),
                "{kind} id `{id}` is not a slug"
            );
            assert!(
                !["all", "default", "none"].contains(&id),
                "`{id}` is a keyword"
            );
        }
    }
}

#[test]
fn every_example_has_a_label_and_a_notice_rank() {
    let lib = library();
    let leaves: BTreeSet<&str> = lib
        .all_examples()
        .into_iter()
        .filter(|e| e.items.is_empty())
        .map(|e| e.id.as_str())
        .collect();
    for e in lib.all_examples() {
        assert_eq!(
            e.notice.is_some(),
            e.items.is_empty(),
            "example {}: a label exactly when it has no nested examples",
            e.id
        );
        assert!(
            e.items.is_empty() || !e.default,
            "subheading {} cannot be a default",
            e.id
        );
    }
    let order: BTreeSet<&str> = lib.notice_order.iter().map(String::as_str).collect();
    assert_eq!(order.len(), lib.notice_order.len(), "notice_order repeats");
    assert_eq!(order, leaves, "notice_order lists every example, once");
}

#[test]
fn choices_resolve() {
    let lib = library();
    assert_eq!(lib.choose_definitions("default").unwrap(), ["act-art33"]);
    assert_eq!(
        lib.choose_definitions("tokyo-2024, mhlw-2022").unwrap(),
        ["mhlw-2022", "tokyo-2024"],
        "library order"
    );
    let all = lib.choose_examples("all").unwrap();
    let default = lib.choose_examples("default").unwrap();
    assert!(default.len() < all.len() && default.is_subset(&all));
    assert!(!all.contains("regardless-of-validity"), "only examples");
    let sub = lib
        .choose_examples("in-light-of-validity,no-defect")
        .unwrap();
    assert_eq!(
        sub.into_iter().collect::<Vec<_>>(),
        [
            "apology-demands",
            "compensation-demands",
            "exchange-demands",
            "no-defect"
        ]
    );
    assert_eq!(
        lib.choose_examples("invalid-demand").unwrap().len(),
        lib.examples[0].items.len()
    );
    let err = lib.choose_examples("violence").unwrap_err();
    assert!(err.contains("`violence` is not an example") || err.contains("`violence`"));
    assert!(lib.choose_examples(" , ").is_err());
    assert_eq!(
        lib.choose_responses("external").unwrap().len(),
        lib.responses[1].items.len()
    );
    let marked = lib.notice_examples(&all, 6);
    assert_eq!(marked.len(), 6);
    assert!(marked.contains("physical-attacks"));
}

#[test]
fn library_doc_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/library.md");
    let want = doc::reference(library());
    if std::env::var_os("HOSHIN_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/library.md is out of date: run `HOSHIN_BLESS=1 cargo test library` and review the diff"
    );
}
