//! `hoshin build --pdf`: one browser for the run, a PDF per notice and policy page, print-shop
//! bundles, the slow way for a browser without the DevTools pipe, and errors that name the
//! page. A stand-in browser ([`fake_browser`]) plays Chromium, so these tests need none;
//! `real_chromium_prints_one_page_of_its_paper_each` uses the real one when it is installed
//! (with poppler's `pdfinfo`) and says it skipped otherwise.

mod common;
mod fake_browser;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::*;

/// The stand-in's test: does nothing unless the test binary was started as the browser.
#[test]
fn fake_browser() {
    if let Ok(args) = std::env::var("HOSHIN_FAKE_ARGS") {
        fake_browser::run(&args);
    }
}

const STORES: [&str; 4] = ["", "kyoto-sanjo/", "online/", "osaka-umeda/"];
const VARIANTS: [&str; 3] = ["ja", "en", "bilingual"];

/// Builds the three-store fixture with `--pdf` and the stand-in, with extra environment.
fn build_pdf(tmp: &Path, env: &[(&str, &str)]) -> (PathBuf, Output, String) {
    let fake = fake_browser::install(tmp);
    let out = tmp.join("public");
    let log = tmp.join("browser.log");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hoshin"));
    cmd.args(["build", "--pdf", "--chromium"])
        .arg(&fake)
        .arg("--root")
        .arg(fixture("stores"))
        .arg("--out")
        .arg(&out)
        .env("HOSHIN_FAKE_LOG", &log);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    let log = fs::read_to_string(&log).unwrap_or_default();
    (out, o, log)
}

fn title(pdf: &Path) -> String {
    let doc = lopdf::Document::load(pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let title = doc.get_dictionary(info).unwrap().get(b"Title").unwrap();
    String::from_utf8(title.as_str().unwrap().to_vec()).unwrap()
}

/// The URL each page of a stand-in PDF names, in page order.
fn page_urls(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.page_iter()
        .map(|p| {
            let content = String::from_utf8(doc.get_page_content(p)).unwrap();
            content.trim().trim_start_matches("% ").to_string()
        })
        .collect()
}

fn leftovers(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[cfg(unix)]
#[test]
fn one_browser_prints_every_notice_and_policy_page_and_the_bundles() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, o, log) = build_pdf(tmp.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Printed 14 PDFs and 4 print-shop bundles"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("tabs of one browser"), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("Printing PDFs"),
        "no progress line when not a terminal"
    );
    assert_eq!(log.matches("launch ").count(), 1, "one browser: {log}");
    assert!(log.contains("--remote-debugging-pipe") && log.contains("--headless"));
    let tabs = log.matches("Target.createTarget").count();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert!((1..=cores).contains(&tabs), "{tabs} tabs for {cores} cores");
    let prints: Vec<&str> = log
        .lines()
        .filter(|l| l.starts_with("Page.printToPDF"))
        .collect();
    assert_eq!(prints.len(), 14);
    assert!(prints
        .iter()
        .all(|p| p.contains("\"preferCSSPageSize\":true")
            && p.contains("\"generateTaggedPDF\":true")));
    for store in STORES {
        for variant in VARIANTS {
            let rel = format!("notices/shop-rules/{variant}/{store}a4");
            let t = title(&out.join(format!("{rel}.pdf")));
            assert!(
                t.starts_with("file://") && t.ends_with(&format!("/{rel}.html")),
                "{t}"
            );
        }
        // Every variant's sheet, one a page, in the index's order.
        let bundle = out.join(format!("notices/shop-rules/printshop/{store}a4.pdf"));
        let urls = page_urls(&bundle);
        let expected: Vec<String> = VARIANTS
            .iter()
            .map(|v| format!("/notices/shop-rules/{v}/{store}a4.html"))
            .collect();
        assert_eq!(urls.len(), 3, "{}", bundle.display());
        for (url, end) in urls.iter().zip(&expected) {
            assert!(url.ends_with(end.as_str()), "{url} should end with {end}");
        }
        assert!(
            title(&bundle).ends_with(&expected[0]),
            "the first sheet's title"
        );
    }
    for lang in ["ja", "en"] {
        let t = title(&out.join(format!("{lang}/shop-rules.pdf")));
        assert!(
            t.ends_with(&format!("/{lang}/shop-rules/index.html")),
            "{t}"
        );
    }
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[cfg(unix)]
#[test]
fn a_browser_without_the_pipe_prints_a_process_per_page() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, o, log) = build_pdf(tmp.path(), &[("HOSHIN_FAKE_NO_PIPE", "1")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("did not answer over the DevTools pipe"),
        "{err}"
    );
    assert!(
        err.contains("Printed 14 PDFs and 4 print-shop bundles"),
        "{err}"
    );
    assert!(err.contains("browser processes at a time"), "{err}");
    assert_eq!(
        log.matches("launch ").count(),
        15,
        "one try, then a process per page"
    );
    let per_page: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("--print-to-pdf="))
        .collect();
    assert!(per_page
        .iter()
        .all(|l| l.contains("--headless") && l.contains("--no-pdf-header-footer")));
    let t = title(&out.join("notices/shop-rules/bilingual/kyoto-sanjo/a4.pdf"));
    assert!(
        t.ends_with("/notices/shop-rules/bilingual/kyoto-sanjo/a4.html"),
        "{t}"
    );
    assert_eq!(
        page_urls(&out.join("notices/shop-rules/printshop/online/a4.pdf")).len(),
        3
    );
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[cfg(unix)]
#[test]
fn a_page_that_fails_is_named_and_the_rest_are_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, o, _) = build_pdf(tmp.path(), &[("HOSHIN_FAKE_FAIL", "en/kyoto-sanjo/")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("could not print notices/shop-rules/en/kyoto-sanjo/a4.html to notices/shop-rules/en/kyoto-sanjo/a4.pdf")
            && err.contains("Printing failed"),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(!out
        .join("notices/shop-rules/en/kyoto-sanjo/a4.pdf")
        .exists());
    assert!(out
        .join("notices/shop-rules/ja/kyoto-sanjo/a4.pdf")
        .is_file());
    // Its store's bundle would miss a sheet: not joined. The others are.
    assert!(!out
        .join("notices/shop-rules/printshop/kyoto-sanjo/a4.pdf")
        .exists());
    assert!(out
        .join("notices/shop-rules/printshop/online/a4.pdf")
        .is_file());
    assert!(out.join("ja/shop-rules.pdf").is_file());
}

#[cfg(unix)]
#[test]
fn a_page_that_never_loads_times_out() {
    let tmp = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let (out, o, _) = build_pdf(
        tmp.path(),
        &[
            ("HOSHIN_FAKE_HANG", "ja/online/"),
            ("HOSHIN_PDF_TIMEOUT", "1"),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("could not print notices/shop-rules/ja/online/a4.html")
            && err.contains("in time"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(out.join("notices/shop-rules/en/online/a4.pdf").is_file());
    assert!(
        out.join("en/shop-rules.pdf").is_file(),
        "the tab is replaced and goes on"
    );
}

#[cfg(unix)]
#[test]
fn a_tab_that_crashes_is_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, o, log) = build_pdf(tmp.path(), &[("HOSHIN_FAKE_TAB_CRASH", "en/osaka-umeda/")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("could not print notices/shop-rules/en/osaka-umeda/a4.html")
            && err.contains("the tab crashed"),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(
        log.matches("Target.createTarget").count(),
        cores.min(14) + 1,
        "{log}"
    );
    assert!(out
        .join("notices/shop-rules/bilingual/osaka-umeda/a4.pdf")
        .is_file());
    assert!(out.join("en/shop-rules.pdf").is_file());
}

#[cfg(unix)]
#[test]
fn a_browser_that_crashes_ends_the_run_with_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let (_, o, _) = build_pdf(tmp.path(), &[("HOSHIN_FAKE_CRASH", "bilingual/online/")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(started.elapsed() < Duration::from_secs(60), "no hang");
    let err = stderr(&o);
    assert!(
        err.contains("could not print notices/shop-rules/bilingual/online/a4.html")
            && err.contains("the browser exited"),
        "{err}"
    );
    // Pages no tab had started are summed up ("… not printed, from … on"); when the tabs had
    // already taken every page when the browser died, each is named on its own instead.
    let named = err.matches("could not print ").count();
    assert!(err.contains("not printed") || named >= 2, "{err}");
}

/// The `key: value` lines of `pdfinfo`.
fn pdfinfo(pdf: &Path) -> std::collections::BTreeMap<String, String> {
    let o = Command::new("pdfinfo").arg(pdf).output().unwrap();
    assert!(o.status.success(), "pdfinfo {}", pdf.display());
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn html_title(html: &str) -> String {
    let start = html.find("<title>").unwrap() + "<title>".len();
    let end = html[start..].find("</title>").unwrap();
    html[start..start + end]
        .replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
}

fn lang_of(pdf: &Path) -> String {
    let doc = lopdf::Document::load(pdf).unwrap();
    let lang = doc.catalog().unwrap().get(b"Lang").unwrap();
    String::from_utf8(lang.as_str().unwrap().to_vec()).unwrap()
}

#[test]
fn real_chromium_prints_one_page_of_its_paper_each() {
    let Ok(Some(chromium)) = hoshin::pdf::find_chromium(None) else {
        eprintln!("skipped: no Chromium or Chrome on PATH");
        return;
    };
    if Command::new("pdfinfo").arg("-v").output().is_err() {
        eprintln!("skipped: no pdfinfo (poppler-utils)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = hoshin(&[
        "build",
        "--pdf",
        "--chromium",
        path_str(&chromium),
        "--root",
        path_str(&repo()),
        "--out",
        path_str(&out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("tabs of one browser"), "{}", stderr(&o));
    let slug = "customer-harassment";
    // Points, as pdfinfo prints them (Chromium rounds to 0.04 pt).
    for (paper, (w, h)) in [
        ("a4", (595.0, 842.0)),
        ("a3", (842.0, 1191.0)),
        ("a5", (420.0, 595.0)),
    ] {
        for variant in VARIANTS {
            let rel = format!("notices/{slug}/{variant}/{paper}");
            let pdf = out.join(format!("{rel}.pdf"));
            let info = pdfinfo(&pdf);
            assert_eq!(info["Pages"], "1", "{rel}: one sheet");
            let size: Vec<f64> = info["Page size"]
                .split_whitespace()
                .filter_map(|t| t.parse().ok())
                .collect();
            assert!(
                (size[0] - w).abs() < 1.5 && (size[1] - h).abs() < 1.5,
                "{rel}: {:?}",
                info["Page size"]
            );
            assert_eq!(info["Tagged"], "yes", "{rel}");
            let html = fs::read_to_string(out.join(format!("{rel}.html"))).unwrap();
            assert_eq!(info["Title"], html_title(&html), "{rel}");
            let lang = if variant == "en" { "en" } else { "ja" };
            assert_eq!(lang_of(&pdf), lang, "{rel}");
        }
        let bundle = out.join(format!("notices/{slug}/printshop/{paper}.pdf"));
        let info = pdfinfo(&bundle);
        assert_eq!(info["Pages"], "3", "{paper} bundle: a page per variant");
        assert_eq!(info["Tagged"], "yes");
        let first =
            fs::read_to_string(out.join(format!("notices/{slug}/ja/{paper}.html"))).unwrap();
        assert_eq!(info["Title"], html_title(&first));
        assert_eq!(lang_of(&bundle), "ja");
    }
    for lang in ["ja", "en"] {
        let pdf = out.join(format!("{lang}/{slug}.pdf"));
        let html = fs::read_to_string(out.join(format!("{lang}/{slug}/index.html"))).unwrap();
        assert_eq!(pdfinfo(&pdf)["Title"], html_title(&html));
        assert_eq!(lang_of(&pdf), lang);
    }
}
