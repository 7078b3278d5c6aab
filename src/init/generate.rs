//! The files of a new site, in memory, from a [`Plan`] and the library.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{Plan, NOTICE_EXAMPLES, SLUG};
use crate::library::{library, text, Example, Library};

/// Every file of the site but the review records, as (path under the site folder, text), in
/// the order they are written.
pub(super) fn files(plan: &Plan) -> Vec<(String, String)> {
    let mut out = vec![
        ("hoshin.toml".to_string(), hoshin_toml(plan)),
        (format!("content/{SLUG}/policy.toml"), policy_toml(plan)),
    ];
    for (i, lang) in plan.languages.iter().enumerate() {
        out.push((
            format!("content/{SLUG}/{lang}.md"),
            document(plan, lang, i == 0),
        ));
    }
    for (i, lang) in plan.languages.iter().enumerate() {
        out.push((
            format!("locales/{lang}/site.ftl"),
            site_ftl(plan, lang, i == 0),
        ));
        out.push((
            format!("locales/{lang}/{SLUG}.ftl"),
            policy_ftl(plan, lang, i == 0),
        ));
    }
    out
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Text for a Markdown paragraph: ASCII punctuation Markdown could read as syntax is escaped
/// with a backslash (CommonMark allows it before any ASCII punctuation).
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The language's name for comments.
fn language_name(lang: &str) -> &str {
    match lang {
        "ja" => "Japanese",
        "en" => "English",
        other => other,
    }
}

fn source_note(source: bool) -> &'static str {
    if source {
        ", the source language"
    } else {
        ""
    }
}

fn hoshin_toml(plan: &Plan) -> String {
    let mut s = String::from(
        "# Site configuration, written by `hoshin init`. Structure only: every sentence lives in\n\
         # locales/ and content/. Every field: docs/content-format.md in hoshin's repository.\n",
    );
    let _ = writeln!(s, "base_url = {}", toml_str(&plan.base_url));
    s.push_str(
        "\n# Languages in order; the first is the source language, the others are translated from\n\
         # it (reviews/<lang>.toml records what each translation was last checked against).\n",
    );
    for lang in &plan.languages {
        let _ = writeln!(s, "[[languages]]\ncode = {}", toml_str(lang));
        if lang == "ja" {
            s.push_str("# calendar = \"japanese\"   # dates in the Japanese era: 令和8年10月1日\n");
        }
        s.push('\n');
    }
    if !plan.notices.is_empty() {
        let papers: Vec<String> = plan.notices.iter().map(|p| toml_str(p.key())).collect();
        let _ = writeln!(
            s,
            "# Printable store notices (notices/{SLUG}/<language>/<paper>.html);\n\
             # the list of them is notices/{}/. The examples marked `notice = true` in\n\
             # policy.toml are on them.\n\
             [notices]\npaper = [{}]",
            plan.languages[0],
            papers.join(", ")
        );
    }
    s.trim_end().to_string() + "\n"
}

/// True when `e` or an example under it is chosen.
fn shown(e: &Example, chosen: &BTreeSet<String>) -> bool {
    if e.items.is_empty() {
        chosen.contains(&e.id)
    } else {
        e.items.iter().any(|c| shown(c, chosen))
    }
}

fn policy_toml(plan: &Plan) -> String {
    let lib = library();
    let mut s = format!(
        "# Structure of the customer harassment policy: which items it shows, in order. Written by\n\
         # `hoshin init` from hoshin's standard library (docs/library.md); the texts are in\n\
         # locales/<lang>/{SLUG}.ftl, by id. Remove an item here and its messages there.\n\
         order = 1\n"
    );
    // With `--reference`, every item is the library's by `library = true`.
    let library = if plan.reference {
        "library = true\n"
    } else {
        ""
    };
    if plan.reference {
        s.push_str(
            "# `library = true`: the item's texts are hoshin's standard library's (ja, en); define\n\
             # its message in locales/<lang>/ to word it yourself.\n",
        );
    }
    for id in &plan.definitions {
        if let Some(d) = lib.definition(id) {
            let _ = write!(s, "\n[[definitions]]\nid = {}\n", toml_str(&d.id));
            if plan.reference {
                s.push_str("library = true             # with the library's year and url\n");
            } else {
                let _ = write!(s, "year = {}\nurl = {}\n", d.year, toml_str(&d.url));
            }
        }
    }
    let marked = if plan.notices.is_empty() {
        BTreeSet::new()
    } else {
        lib.notice_examples(&plan.examples, NOTICE_EXAMPLES)
    };
    fn examples(
        s: &mut String,
        items: &[Example],
        depth: usize,
        chosen: &BTreeSet<String>,
        marked: &BTreeSet<String>,
        library: &str,
    ) {
        for e in items.iter().filter(|e| shown(e, chosen)) {
            let _ = write!(
                s,
                "\n[[examples{}]]\nid = {}\n{library}",
                ".items".repeat(depth),
                toml_str(&e.id)
            );
            if marked.contains(&e.id) {
                s.push_str("notice = true\n");
            }
            examples(s, &e.items, depth + 1, chosen, marked, library);
        }
    }
    if !marked.is_empty() {
        s.push_str("\n# `notice = true`: on the printed store notice (at most 8 examples).\n");
    }
    for g in &lib.examples {
        if g.items.iter().any(|e| shown(e, &plan.examples)) {
            let _ = write!(s, "\n[[examples]]\nid = {}\n{library}", toml_str(&g.id));
            examples(&mut s, &g.items, 1, &plan.examples, &marked, library);
        }
    }
    for n in &lib.notes {
        let _ = write!(s, "\n[[notes]]\nid = {}\n{library}", toml_str(&n.id));
    }
    for g in &lib.responses {
        let items: Vec<String> = g
            .items
            .iter()
            .filter(|r| plan.responses.contains(&r.id))
            .map(|r| toml_str(&r.id))
            .collect();
        if !items.is_empty() {
            let _ = write!(
                s,
                "\n[[responses]]\nid = {}\n{library}items = [{}]\n",
                toml_str(&g.id),
                items.join(", ")
            );
        }
    }
    let c = &plan.contact;
    if !c.is_empty() {
        s.push_str("\n# Shown by {{ contact() }}, with the theme's `contact-title` and `contact-body`.\n[contact]\n");
        for (key, value) in [("phone", &c.phone), ("email", &c.email), ("url", &c.url)] {
            if let Some(v) = value {
                let _ = writeln!(s, "{key} = {}", toml_str(v));
            }
        }
    }
    s
}

fn document(plan: &Plan, lang: &str, source: bool) -> String {
    let lib = library();
    let name = plan.names.get(lang).map_or("", String::as_str);
    let md_name = md_text(name);
    let prose = |key: &str| lib.prose(key, lang, &md_name);
    let mut s = String::from("+++\n");
    let _ = writeln!(s, "title = {}", toml_str(&lib.prose("title", lang, name)));
    let _ = writeln!(
        s,
        "description = {}",
        toml_str(&lib.prose("description", lang, name))
    );
    if source {
        let _ = write!(
            s,
            "\n# The enactment date signs the page; add effective, made-known (周知日) or revised dates,\n\
             # shown with {{{{ dates() }}}}. Translations inherit them.\n\
             [dates]\nenacted = {}\n",
            plan.date.iso()
        );
    }
    s.push_str("+++\n");
    let section = |s: &mut String, key: &str, id: &str| {
        let _ = write!(s, "\n## {} {{#{id}}}\n\n", prose(&format!("heading-{key}")));
    };
    section(&mut s, "introduction", "introduction");
    let _ = writeln!(s, "{}", prose("introduction"));
    section(&mut s, "definition", "definition");
    let lead = if plan.definitions.len() == 1 {
        "definition-lead-one"
    } else {
        "definition-lead-many"
    };
    let _ = writeln!(s, "{}", prose(lead));
    for id in &plan.definitions {
        let _ = write!(s, "\n{{{{ definition(id=\"{id}\") }}}}\n");
    }
    section(&mut s, "examples", "examples");
    s.push_str(
        "{{ note(id=\"not-exhaustive\") }}\n\n{{ examples() }}\n\n{{ note(id=\"catch-all\") }}\n",
    );
    section(&mut s, "response", "response");
    s.push_str("{{ responses() }}\n");
    section(&mut s, "request", "request");
    let _ = writeln!(s, "{}", prose("request"));
    if !plan.contact.is_empty() {
        s.push_str("\n{{ contact() }}\n");
    }
    s
}

/// A Fluent message line: `id = value`.
fn message(s: &mut String, id: &str, value: &str) {
    let _ = writeln!(s, "{id} = {value}");
}

/// A Fluent attribute line: `    .name = value`.
fn attribute(s: &mut String, name: &str, value: &str) {
    let _ = writeln!(s, "    .{name} = {value}");
}

fn site_ftl(plan: &Plan, lang: &str, source: bool) -> String {
    let lib = library();
    let name = plan.names.get(lang).map_or("", String::as_str);
    let mut s = format!(
        "# The site's own text: {}{}.\n\
         # Its title and description on the language's home page, and the organisation's name,\n\
         # which signs the policy and its printed notices.\n",
        language_name(lang),
        source_note(source)
    );
    message(&mut s, "site-title", &lib.prose("site-title", lang, name));
    message(
        &mut s,
        "site-description",
        &lib.prose("site-description", lang, name),
    );
    message(&mut s, "organisation-name", name);
    s
}

fn policy_ftl(plan: &Plan, lang: &str, source: bool) -> String {
    let lib = library();
    if plan.reference {
        let mut s = format!(
            "# Texts of content/{SLUG}/policy.toml: {}{}.\n\
             # Its items are hoshin's standard library's (`library = true`; docs/library.md has\n\
             # every text). To word one yourself, define its message here, e.g.\n\
             # example-physical-attacks = … (.notice: the label on the printed store notice);\n\
             # yours replaces the library's in this language.\n",
            language_name(lang),
            source_note(source)
        );
        notice_ftl(&mut s, plan, lib, lang);
        return s;
    }
    let mut s = format!(
        "# Texts of content/{SLUG}/policy.toml: {}{}.\n\
         # From hoshin's standard library (docs/library.md): make them your own. Naming:\n\
         # definition-<id> (.issuer and .title: the citation), note-<id>, example-group-<id>,\n\
         # example-<id> (.notice: the short label on the printed store notice),\n\
         # response-group-<id>, response-<id>.\n",
        language_name(lang),
        source_note(source)
    );
    for id in &plan.definitions {
        if let Some(d) = lib.definition(id) {
            s.push('\n');
            message(&mut s, &format!("definition-{id}"), text(&d.text, lang));
            attribute(&mut s, "issuer", text(&d.issuer, lang));
            attribute(&mut s, "title", text(&d.title, lang));
        }
    }
    s.push('\n');
    for n in &lib.notes {
        message(&mut s, &format!("note-{}", n.id), text(&n.text, lang));
    }
    examples_ftl(&mut s, lib, &plan.examples, lang);
    for g in &lib.responses {
        let items: Vec<_> = g
            .items
            .iter()
            .filter(|r| plan.responses.contains(&r.id))
            .collect();
        if items.is_empty() {
            continue;
        }
        s.push('\n');
        message(
            &mut s,
            &format!("response-group-{}", g.id),
            text(&g.text, lang),
        );
        for r in items {
            message(&mut s, &format!("response-{}", r.id), text(&r.text, lang));
        }
    }
    notice_ftl(&mut s, plan, lib, lang);
    s
}

/// The printed notice's texts, when the site has notices.
fn notice_ftl(s: &mut String, plan: &Plan, lib: &Library, lang: &str) {
    if !plan.notices.is_empty() {
        let n = &lib.notice;
        s.push_str(
            "\n# The printed store notice: headline, then .lead above the labels (each marked\n\
             # example's .notice), .stance and .request. `|` marks where a line may break.\n",
        );
        message(s, &format!("notice-{SLUG}"), text(&n.headline, lang));
        attribute(s, "lead", text(&n.lead, lang));
        attribute(s, "stance", text(&n.stance, lang));
        attribute(s, "request", text(&n.request, lang));
    }
}

fn examples_ftl(s: &mut String, lib: &Library, chosen: &BTreeSet<String>, lang: &str) {
    fn walk(s: &mut String, items: &[Example], chosen: &BTreeSet<String>, lang: &str) {
        for e in items.iter().filter(|e| shown(e, chosen)) {
            message(s, &format!("example-{}", e.id), text(&e.text, lang));
            if let Some(n) = &e.notice {
                attribute(s, "notice", text(n, lang));
            }
            walk(s, &e.items, chosen, lang);
        }
    }
    for g in &lib.examples {
        if g.items.iter().any(|e| shown(e, chosen)) {
            s.push('\n');
            message(s, &format!("example-group-{}", g.id), text(&g.text, lang));
            walk(s, &g.items, chosen, lang);
        }
    }
}
