//! `hoshin xliff export|import`: XLIFF 1.2 for outside translators, on copies of the fixture
//! sites. Export is well-formed XLIFF 1.2 with the site's languages, states and notes (and, when
//! `xmllint` is installed, passes it); `--only` filters; an unchanged round trip changes no byte;
//! a translated target is written back and reviewed; broken codes, changed sources, unknown
//! units and hostile files are refused, naming the unit and the XLIFF line, writing nothing.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;

/// A copy of a fixture site (or the default site, `""`) in a temporary folder.
fn site(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    if name.is_empty() {
        for part in ["hoshin.toml", "content", "locales", "reviews", "themes"] {
            let from = repo().join(part);
            if from.is_dir() {
                copy_dir(&from, &site.join(part));
            } else if from.is_file() {
                fs::create_dir_all(&site).unwrap();
                fs::copy(&from, site.join(part)).unwrap();
            }
        }
    } else {
        copy_dir(&fixture(name), &site);
    }
    (tmp, site)
}

fn export(site: &Path, lang: &str, extra: &[&str]) -> String {
    let mut args = vec!["xliff", "export", lang, "--root", path_str(site)];
    args.extend_from_slice(extra);
    let o = hoshin(&args);
    assert!(o.status.success(), "export failed: {}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

fn import(site: &Path, xliff: &str, extra: &[&str]) -> Output {
    let file = site.parent().unwrap().join("in.xlf");
    fs::write(&file, xliff).unwrap();
    let mut args = vec!["xliff", "import", path_str(&file), "--root", path_str(site)];
    args.extend_from_slice(extra);
    hoshin(&args)
}

fn check_strict(site: &Path) -> Output {
    hoshin(&["check", "--strict", "--root", path_str(site)])
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not found"));
    text[..at].matches('\n').count() + 1
}

/// The `<trans-unit>` element of `id`, as text.
fn unit<'a>(xliff: &'a str, id: &str) -> &'a str {
    let start = xliff
        .find(&format!("<trans-unit id=\"{id}\""))
        .unwrap_or_else(|| panic!("unit {id} missing"));
    let end = start + xliff[start..].find("</trans-unit>").unwrap();
    &xliff[start..end]
}

/// Replaces the target of unit `id`.
fn set_target(xliff: &str, id: &str, state: &str, target: &str) -> String {
    let u = unit(xliff, id);
    let t0 = u.find("<target").unwrap();
    let t1 = u
        .find("</target>")
        .map(|n| n + "</target>".len())
        .unwrap_or_else(|| t0 + u[t0..].find("/>").unwrap() + 2);
    let new_unit = format!(
        "{}<target state=\"{state}\">{target}</target>{}",
        &u[..t0],
        &u[t1..]
    );
    xliff.replacen(u, &new_unit, 1)
}

/// Well-formed per quick-xml, and per `xmllint` when installed.
fn well_formed(xliff: &str, dir: &Path) {
    let mut reader = quick_xml::Reader::from_str(xliff);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed: {e}"),
        }
    }
    let file = dir.join("wf.xlf");
    fs::write(&file, xliff).unwrap();
    match std::process::Command::new("xmllint")
        .args(["--noout", path_str(&file)])
        .output()
    {
        Ok(o) => assert!(o.status.success(), "xmllint: {}", stderr(&o)),
        Err(_) => eprintln!("xmllint not installed: checked with quick-xml only"),
    }
}

#[test]
fn export_is_xliff_1_2_with_languages_states_and_notes() {
    let (tmp, site) = site("four-languages");
    let x = export(&site, "en", &[]);
    well_formed(&x, tmp.path());
    assert!(x.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">"));
    assert!(x.contains("source-language=\"ja\" target-language=\"en\""));
    assert!(!x.contains("target-language=\"ko\""));
    // Every unit `hoshin check` counts (33 in each language of this site), reviewed: final.
    assert_eq!(x.matches("<trans-unit ").count(), 33);
    assert_eq!(x.matches("<target state=\"final\">").count(), 33);
    let intro = unit(&x, "customer-harassment#introduction");
    assert!(intro.contains("<ph id=\"1\">## </ph>"), "{intro}");
    assert!(
        intro.contains("<ph id=\"2\">{#introduction}</ph>"),
        "{intro}"
    );
    assert!(intro.contains(
        "<context context-type=\"sourcefile\">content/customer-harassment/ja.md</context>"
    ));
    assert!(intro.contains("<context context-type=\"x-hoshin-source-hash\">"));
    assert!(
        intro.contains("The en translation: content/customer-harassment/en.md:"),
        "{intro}"
    );
    let ko = export(&site, "ko", &[]);
    assert!(ko.contains("target-language=\"ko\""));
    // Deterministic.
    assert_eq!(export(&site, "en", &[]), x);
    // The source language and unknown ones are usage errors.
    for lang in ["ja", "fr"] {
        let o = hoshin(&["xliff", "export", lang, "--root", path_str(&site)]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("is not a translated language"));
    }
}

#[test]
fn only_selects_stale_unreviewed_and_missing_units() {
    let (_tmp, site) = site("four-languages");
    let ja = site.join("content/customer-harassment/ja.md");
    let text = fs::read_to_string(&ja).unwrap();
    let intro_line = text
        .lines()
        .find(|l| l.starts_with("京都"))
        .map(str::to_string);
    let edited = match intro_line {
        Some(l) => text.replacen(&l, &format!("{l}（改訂）"), 1),
        None => text.replacen("{#introduction}\n\n", "{#introduction}\n\n追記。", 1),
    };
    fs::write(&ja, edited).unwrap();
    let reviews = site.join("reviews/en.toml");
    let r = fs::read_to_string(&reviews).unwrap();
    let start = r.find("[units.\"customer-harassment:title\"]").unwrap();
    let end = start + 1 + r[start + 1..].find("\n[units.").unwrap();
    fs::write(&reviews, format!("{}{}", &r[..start], &r[end + 1..])).unwrap();
    let stale = export(&site, "en", &["--only", "stale"]);
    assert_eq!(stale.matches("<trans-unit ").count(), 1, "{stale}");
    assert!(unit(&stale, "customer-harassment#introduction")
        .contains("<target state=\"needs-review-translation\">"));
    let unreviewed = export(&site, "en", &["--only", "unreviewed"]);
    assert_eq!(unreviewed.matches("<trans-unit ").count(), 1);
    assert!(unreviewed.contains("<trans-unit id=\"customer-harassment:title\""));
    assert!(unreviewed.contains("never been reviewed"));
    let both = export(&site, "en", &["--only", "stale,unreviewed"]);
    assert_eq!(both.matches("<trans-unit ").count(), 2);
    let missing = export(&site, "en", &["--only", "missing"]);
    assert_eq!(missing.matches("<trans-unit ").count(), 0);
    assert!(missing.contains("<file "), "an empty export is still XLIFF");
}

#[test]
fn an_unchanged_round_trip_changes_no_byte() {
    for name in ["", "four-languages", "mhlw-groups"] {
        let (_tmp, site) = site(name);
        let before = snapshot(&site);
        let langs: &[&str] = if name == "four-languages" {
            &["en", "zh-Hans", "ko"]
        } else {
            &["en"]
        };
        for lang in langs {
            let x = export(&site, lang, &[]);
            let o = import(&site, &x, &[]);
            assert!(o.status.success(), "{name} {lang}: {}", stderr(&o));
            assert!(stderr(&o).contains("into 0 files"), "{}", stderr(&o));
        }
        assert!(snapshot(&site) == before, "{name}: the site changed");
    }
}

#[test]
fn a_translated_target_is_written_back_and_reviewed() {
    let (_tmp, site) = site("");
    let en_md = site.join("content/customer-harassment/en.md");
    let en_ftl = site.join("locales/en/customer-harassment.ftl");
    let (md0, ftl0) = (
        fs::read_to_string(&en_md).unwrap(),
        fs::read_to_string(&en_ftl).unwrap(),
    );
    // Edit the Japanese source of one example so its translation is stale, then deliver it.
    let ja_ftl = site.join("locales/ja/customer-harassment.ftl");
    let ja = fs::read_to_string(&ja_ftl).unwrap();
    fs::write(
        &ja_ftl,
        ja.replacen(
            "example-violence = 暴力、",
            "example-violence = 暴力や脅迫、",
            1,
        ),
    )
    .unwrap();
    let stale = export(&site, "en", &["--only", "stale"]);
    assert!(unit(&stale, "example-violence").contains("needs-review-translation"));
    let x = export(&site, "en", &[]);
    let x = set_target(
        &x,
        "example-violence",
        "translated",
        "Violence, threats &amp; damage",
    );
    let x = set_target(
        &x,
        "customer-harassment:title",
        "translated",
        "Basic Policy on \"Customer\" Harassment",
    );
    let o = import(&site, &x, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ftl = fs::read_to_string(&en_ftl).unwrap();
    assert!(
        ftl.contains("example-violence = Violence, threats & damage\n    .notice = "),
        "{ftl}"
    );
    // Only that line changed.
    let diff: Vec<(&str, &str)> = ftl0
        .lines()
        .zip(ftl.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert_eq!(ftl0.lines().count(), ftl.lines().count());
    let md = fs::read_to_string(&en_md).unwrap();
    assert_eq!(
        md,
        md0.replacen(
            "title = \"Basic Policy on Customer Harassment\"",
            "title = \"Basic Policy on \\\"Customer\\\" Harassment\"",
            1
        )
    );
    let o = check_strict(&site);
    assert!(o.status.success(), "check --strict: {}", stderr(&o));
    let reviews = fs::read_to_string(site.join("reviews/en.toml")).unwrap();
    assert!(reviews.contains("暴力や脅迫、"));
}

#[test]
fn a_markdown_section_is_written_back_with_its_codes() {
    let (_tmp, site) = site("four-languages");
    let x = export(&site, "en", &[]);
    let def = unit(&x, "customer-harassment#definition");
    let target =
        &def[def.find("<target state=\"final\">").unwrap() + 22..def.find("</target>").unwrap()];
    let new = target.replace(
        "Definition of customer harassment",
        "What **customer harassment** means",
    );
    assert_ne!(new, target);
    let x = set_target(&x, "customer-harassment#definition", "final", &new);
    let o = import(&site, &x, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = fs::read_to_string(site.join("content/customer-harassment/en.md")).unwrap();
    assert!(md.contains("## What **customer harassment** means {#definition}\n\n{{ definition(id=\"mhlw-2022\") }}\n\n## "), "{md}");
    assert!(check_strict(&site).status.success());
}

#[test]
fn a_broken_placeable_is_refused_naming_the_unit_and_line() {
    let (_tmp, site) = site("four-languages");
    let before = snapshot(&site);
    let x = export(&site, "en", &[]);
    let id = "customer-harassment#definition";
    let def = unit(&x, id);
    let target =
        &def[def.find("<target state=\"final\">").unwrap() + 22..def.find("</target>").unwrap()];
    let code = "<ph id=\"3\">{{ definition(id=&quot;mhlw-2022&quot;) }}</ph>";
    assert!(
        target.contains(code)
            || target.contains("<ph id=\"3\">{{ definition(id=\"mhlw-2022\") }}</ph>"),
        "{target}"
    );
    let shortcode = if target.contains(code) {
        code.to_string()
    } else {
        "<ph id=\"3\">{{ definition(id=\"mhlw-2022\") }}</ph>".to_string()
    };
    // (the target, what the error says, the markup on the line it points at)
    let cases = [
        (
            target.replace(&shortcode, ""),
            "is missing",
            "<target".to_string(),
        ),
        (
            target.replace(&shortcode, "<ph id=\"3\">{{ definition(id=\"x\") }}</ph>"),
            "was changed",
            "definition(id=\"x\")".to_string(),
        ),
        (
            target.replace(&shortcode, "<ph id=\"9\">{{ x }}</ph>"),
            "is not a code of this unit",
            "<ph id=\"9\">".to_string(),
        ),
        (
            format!("{target}{shortcode}"),
            "appears twice",
            format!("{shortcode}</target>"),
        ),
    ];
    for (broken, says, at) in cases {
        let bad = set_target(&x, id, "translated", &broken);
        let u = unit(&bad, id);
        let line = line_of(&bad, u) + u[..u.find(&at).unwrap()].matches('\n').count();
        let o = import(&site, &bad, &[]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!("unit `{id}`")) && err.contains(says),
            "{err}"
        );
        assert!(
            err.contains(&format!("in.xlf:{line}:")),
            "line {line}: {err}"
        );
        assert!(err.contains("nothing was written"));
    }
    assert!(snapshot(&site) == before);
}

#[test]
fn a_source_changed_since_export_is_refused_without_force() {
    let (_tmp, site) = site("");
    let x = export(&site, "en", &[]);
    let x = set_target(&x, "example-violence", "translated", "Violence");
    let x = set_target(&x, "example-off-hours", "translated", "Off-hours demands");
    let ja_ftl = site.join("locales/ja/customer-harassment.ftl");
    let ja = fs::read_to_string(&ja_ftl).unwrap();
    fs::write(
        &ja_ftl,
        ja.replacen(
            "example-violence = 暴力、",
            "example-violence = 暴力や脅迫、",
            1,
        ),
    )
    .unwrap();
    let before = snapshot(&site);
    let o = import(&site, &x, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "the source text of unit `example-violence` changed since the XLIFF file was exported"
        ),
        "{err}"
    );
    let line = line_of(&x, "<trans-unit id=\"example-violence\"");
    assert!(err.contains(&format!("in.xlf:{line}:")), "{err}");
    assert!(err.contains("--force"));
    assert!(snapshot(&site) == before, "nothing is written");
    let o = import(&site, &x, &["--force"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning[xliff-source-changed]") && err.contains("left out"),
        "{err}"
    );
    let en = fs::read_to_string(site.join("locales/en/customer-harassment.ftl")).unwrap();
    assert!(en.contains("example-off-hours = Off-hours demands\n"));
    assert!(
        en.contains("example-violence = Violence, injury"),
        "the changed unit is left out"
    );
}

#[test]
fn unknown_and_repeated_units_are_refused() {
    let (_tmp, site) = site("four-languages");
    let before = snapshot(&site);
    let x = export(&site, "en", &[]);
    let u = unit(&x, "example-violence");
    let renamed = x.replacen(
        "<trans-unit id=\"example-violence\"",
        "<trans-unit id=\"example-violense\"",
        1,
    );
    let fake = renamed.replace(
        "<context context-type=\"x-hoshin-unit\">example-violence</context>",
        "<context context-type=\"x-hoshin-unit\">example-violense</context>",
    );
    let o = import(&site, &fake, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("unit `example-violense` does not exist"),
        "{err}"
    );
    assert!(err.contains("did you mean `example-violence`?"), "{err}");
    let line = line_of(&fake, "example-violense");
    assert!(err.contains(&format!("in.xlf:{line}:")), "{err}");
    let twice = x.replacen("</body>", &format!("{u}</trans-unit></body>"), 1);
    let o = import(&site, &twice, &[]);
    assert!(stderr(&o).contains("appears twice"), "{}", stderr(&o));
    // Ids that try to name files or other languages are only unknown units.
    for id in [
        "../../etc/passwd",
        "customer-harassment#../../x",
        "customer-harassment:colour",
    ] {
        let evil = x
            .replacen("id=\"example-violence\"", &format!("id=\"{id}\""), 1)
            .replacen(
                ">example-violence</context>",
                &format!(">{id}</context>"),
                1,
            );
        let o = import(&site, &evil, &[]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    }
    assert!(snapshot(&site) == before);
}

#[test]
fn hostile_xliff_files_are_refused_cleanly() {
    let (tmp, site) = site("minimal");
    let before = snapshot(&site);
    let x = export(&site, "en", &[]);
    let bomb = x.replacen(
        "<xliff ",
        "<!DOCTYPE xliff [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n<xliff ",
        1,
    );
    let external = x.replacen(
        "<xliff ",
        "<!DOCTYPE xliff [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<xliff ",
        1,
    );
    let undefined = x.replacen("</source>", "&e;</source>", 1);
    let huge = tmp.path().join("huge.xlf");
    {
        let f = fs::File::create(&huge).unwrap();
        f.set_len(33 * 1024 * 1024).unwrap();
    }
    let cases: Vec<(String, &str)> = vec![
        (bomb, "DOCTYPE"),
        (external, "DOCTYPE"),
        (undefined, "`&e;` is not defined"),
        ("<xliff version=\"1.2\"><file".into(), "not well-formed"),
        ("<html></html>".into(), "not an XLIFF file"),
        (
            x.replacen("version=\"1.2\"", "version=\"2.0\"", 1),
            "not an XLIFF 1.2 file",
        ),
        ("\u{fffe}\u{0}".into(), "not an XLIFF file"),
    ];
    for (text, says) in cases {
        let o = import(&site, &text, &[]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{says}: {err}");
        assert!(err.contains(says), "{says}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let o = hoshin(&[
        "xliff",
        "import",
        path_str(&huge),
        "--root",
        path_str(&site),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("larger than"), "{}", stderr(&o));
    let o = hoshin(&[
        "xliff",
        "import",
        "/nonexistent.xlf",
        "--root",
        path_str(&site),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(snapshot(&site) == before);
}
