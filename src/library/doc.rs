//! docs/library.md, written from the library itself so that the list never drifts from what
//! the binary holds (`HOSHIN_BLESS=1 cargo test library` rewrites it; a unit test compares).

use std::fmt::Write as _;

use super::{text, Example, Library, Text};

/// A Markdown table cell: pipes escaped, no line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn source_name(source: &str) -> &str {
    match source {
        "mhlw-2022" => "MHLW 2022",
        "common" => "common",
        other => other,
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        ""
    }
}

/// The section on `library = true`, with a complete example.
const USING_IN_AN_EXISTING_SITE: &str = r#"## Using library items in an existing site

A site need not copy a library text to use it: mark the item `library = true` in
`policy.toml`, with the library's id, and its texts come from the library in Japanese and
English. On a definition, a group heading (`[[examples]]`), an example, a note, or a response
group, where it covers the group's heading and every response listed in it. A definition so
marked takes the library's `year` and `url` too, unless it gives its own. Nothing is taken
from the library without the mark: an item without it needs its texts in `locales/`.

```toml
# content/customer-harassment/policy.toml
[[definitions]]
id = "act-art33"
library = true             # text, citation, year 2025 and URL from the library

[[examples]]
id = "inappropriate-means"
library = true             # the heading; each example says for itself

[[examples.items]]
id = "mental-attacks"
library = true
notice = true              # its `.notice` label comes from the library too

[[examples.items]]
id = "food-safety-threats" # an example of the site's own: texts in locales/<lang>/

[[notes]]
id = "not-exhaustive"
library = true

[[responses]]
id = "external"
library = true             # the heading and both responses
items = ["stop-and-refuse", "police-lawyers"]
```

**Overriding a text.** A message or attribute the site defines in its own
`locales/<lang>/*.ftl` wins over the library's, per language and per message or attribute:
here the English value of one example is the site's, while its `.notice` label and the
Japanese stay the library's.

```ftl
# locales/en/customer-harassment.ftl
example-mental-attacks = Threats, insults, slander or abusive language, at the counter, on the phone or online
```

**Other languages.** The library has Japanese and English only. A site language it lacks
(`zh-Hans`, `ko`…) writes every text of the library items itself, with the same message ids
(`example-mental-attacks`, `definition-act-art33` with `.issuer` and `.title`…); one missing
is an error at the item's id in `policy.toml`, saying the library has the text only in ja, en.
A `library = true` on an id the library does not have is an error at that id, with the
nearest id when there is one.

**Reviews.** The library's English is hoshin's own translation of its Japanese, so texts taken
from the library in both languages need no review record and pass `hoshin check --strict`. When
the site overrides the Japanese of a library item but keeps the library's English, `hoshin
check` reports the English as stale against the new Japanese (with and without
`reviews/en.toml`), until the English is overridden too or the review is recorded with
`hoshin check --mark-reviewed en <message-id>`. A site's own translation of a library text
(an English override, or a language the library lacks) is reviewed like any other text.
`tests/fixtures/sites/library-refs/` is a complete site built this way.

"#;

/// The text of docs/library.md.
pub fn reference(lib: &Library) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# hoshin's standard library\n\n\
         <!-- Written by `HOSHIN_BLESS=1 cargo test library` from src/library/library.toml; do not edit. -->\n\n\
         `hoshin init` builds a new site from these texts, hoshin's own wording in Japanese and\n\
         English, built into the binary. Pick items by id: `--definitions`, `--examples`,\n\
         `--responses` take ids separated by commas, `all` or `default` (the items marked\n\
         *default* below). A group or subheading id selects every example under it.\n\n\
         The ids are stable: the site keeps them in `policy.toml` and as message ids\n\
         (`example-physical-attacks` in `locales/<lang>/customer-harassment.ftl`), where the\n\
         texts are yours to edit. *Source* says where an item comes from: a cited document, the\n\
         MHLW 2022 manual's catalogue of examples, or *common*: found in many published policies.\n\n\
         Languages: the library ships Japanese and English. `hoshin init --languages` takes `ja`,\n\
         `en` or both, in either order (the first is the source language); any other language\n\
         is refused with a usage error, and is added to the site afterwards: a `[[languages]]`\n\
         entry in `hoshin.toml`, `content/customer-harassment/<lang>.md` and\n\
         `locales/<lang>/*.ftl` translated from the source language (`hoshin check` names every\n\
         text still missing), then `hoshin check --mark-reviewed <lang>`.\n"
    );

    w.push_str(USING_IN_AN_EXISTING_SITE);

    let _ = writeln!(w, "## Definitions\n");
    let _ = writeln!(
        w,
        "Each is shown with its citation (issuer, title, year, linked to the source).\n"
    );
    for d in &lib.definitions {
        let _ = writeln!(
            w,
            "### `{}`{}\n",
            d.id,
            if d.default { " (default)" } else { "" }
        );
        let _ = writeln!(w, "- Source: {}", d.source);
        let _ = writeln!(w, "- Year: {}; URL: <{}>", d.year, d.url);
        if let Some(f) = &d.in_force {
            let _ = writeln!(w, "- In force: {f}");
        }
        for lang in super::LANGUAGES {
            let _ = writeln!(
                w,
                "- {lang}: {} — {}, {}",
                text(&d.text, lang),
                text(&d.issuer, lang),
                text(&d.title, lang)
            );
        }
        let _ = writeln!(w);
    }

    let _ = writeln!(w, "## Examples\n");
    let _ = writeln!(
        w,
        "In the MHLW manual's two groups; the second has two subheadings. Every example has a\n\
         short label (`.notice`) for the printed store notice; `hoshin init --notices` marks up to\n\
         six of the chosen examples, in this order of preference: {}.\n",
        lib.notice_order
            .iter()
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for g in &lib.examples {
        let _ = writeln!(
            w,
            "### `{}` (group, source: {})\n\n{} / {}\n",
            g.id,
            source_name(&g.source),
            text(&g.text, "ja"),
            text(&g.text, "en")
        );
        let _ = writeln!(
            w,
            "| id | ja | en | notice label (ja / en) | source | default |\n|---|---|---|---|---|---|"
        );
        examples(w, &g.items, 0);
        let _ = writeln!(w);
    }

    let _ = writeln!(w, "## Notes\n");
    items_table(
        w,
        lib.notes
            .iter()
            .map(|n| (&n.id, &n.text, &n.source, n.default)),
    );
    let _ = writeln!(
        w,
        "`not-exhaustive` is placed before the examples and `catch-all` after them.\n"
    );

    let _ = writeln!(w, "## Responses\n");
    for g in &lib.responses {
        let _ = writeln!(
            w,
            "### `{}` (group)\n\n{} / {}\n",
            g.id,
            text(&g.text, "ja"),
            text(&g.text, "en")
        );
        items_table(
            w,
            g.items
                .iter()
                .map(|r| (&r.id, &r.text, &r.source, r.default)),
        );
    }

    let _ = writeln!(w, "## The printed notice\n");
    let _ = writeln!(
        w,
        "With `--notices`, `notice-customer-harassment` (`|` marks where a line may break):\n"
    );
    let _ = writeln!(w, "| part | ja | en |\n|---|---|---|");
    for (part, t) in [
        ("headline", &lib.notice.headline),
        ("`.lead`", &lib.notice.lead),
        ("`.stance`", &lib.notice.stance),
        ("`.request`", &lib.notice.request),
    ] {
        let _ = writeln!(
            w,
            "| {part} | {} | {} |",
            cell(text(t, "ja")),
            cell(text(t, "en"))
        );
    }
    let _ = writeln!(w);

    let _ = writeln!(w, "## Prose of the documents\n");
    let _ = writeln!(
        w,
        "The sections `hoshin init` writes in `content/customer-harassment/<lang>.md`, the\n\
         front matter and the site's own messages; `{{organisation}}` is the name given with\n\
         `--name`.\n"
    );
    let _ = writeln!(w, "| key | ja | en |\n|---|---|---|");
    for (key, t) in &lib.prose {
        let _ = writeln!(
            w,
            "| `{key}` | {} | {} |",
            cell(text(t, "ja")),
            cell(text(t, "en"))
        );
    }
    out
}

fn examples(w: &mut String, items: &[Example], depth: usize) {
    for e in items {
        let indent = "↳ ".repeat(depth);
        let notice = e.notice.as_ref().map_or(String::new(), |n| {
            format!("{} / {}", cell(text(n, "ja")), cell(text(n, "en")))
        });
        let _ = writeln!(
            w,
            "| {indent}`{}`{} | {} | {} | {notice} | {} | {} |",
            e.id,
            if e.items.is_empty() {
                ""
            } else {
                " (subheading)"
            },
            cell(text(&e.text, "ja")),
            cell(text(&e.text, "en")),
            source_name(&e.source),
            yes(e.default)
        );
        examples(w, &e.items, depth + 1);
    }
}

fn items_table<'a>(
    w: &mut String,
    items: impl Iterator<Item = (&'a String, &'a Text, &'a String, bool)>,
) {
    let _ = writeln!(
        w,
        "| id | ja | en | source | default |\n|---|---|---|---|---|"
    );
    for (id, t, source, default) in items {
        let _ = writeln!(
            w,
            "| `{id}` | {} | {} | {} | {} |",
            cell(text(t, "ja")),
            cell(text(t, "en")),
            source_name(source),
            yes(default)
        );
    }
    let _ = writeln!(w);
}
