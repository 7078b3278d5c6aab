//! `hoshin serve` at scale (issue #15, goal 4): on the generated 20,004-page corpus, the reload
//! after a content edit is sent < 50 ms after the debounce, after a locale (.ftl) or template
//! edit < 0.5 s; the check report follows within 3 s; resident memory grows ≤ 10 % between edit
//! 20 and edit 200.
//!
//! Ignored by default (it needs the corpus and minutes); run it on a release build:
//!
//! ```text
//! cargo build --release --example corpus
//! target/release/examples/corpus --policies 10000 --out /dev/shm/hb/xl   # if not there yet
//! cargo test --release --test serve_scale -- --ignored --nocapture
//! ```
//!
//! Environment: `HOSHIN_SERVE_CORPUS` (the corpus site, default `/dev/shm/hb/xl/hoshin`),
//! `HOSHIN_SERVE_DIR` (scratch folder, default `/dev/shm/serve`; its `site/` is replaced),
//! `HOSHIN_SERVE_EDITS` (content edits of the memory run, default 200),
//! `HOSHIN_SERVE_SAMPLES` (locale and template edits each, default 5).
//!
//! The harness subscribes to the reload channel (`/_hoshin/events`, server-sent events) and
//! timestamps each event as it arrives. An edit's latency is measured from just before the
//! write to the reload event (the first whose page generation moved), minus the debounce
//! (`--debounce-ms`, [`DEBOUNCE`]), which starts when the file event arrives: the figure is
//! the time from the end of the debounce to the reload, plus the event's delivery (well under
//! a millisecond on tmpfs). The check report is the next event after the reload (the report
//! bumps the generation, not the page generation). `serve`'s own figure, from its log line
//! ("… in X ms", debounce end → reload sent), is shown beside it.

#![cfg(target_os = "linux")]

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use common::*;

/// The debounce the server runs with.
const DEBOUNCE: Duration = Duration::from_millis(100);
/// Longest wait for any one event.
const TIMEOUT: Duration = Duration::from_secs(120);

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One `build` event as received: `generation page style ok`, and when it arrived.
#[derive(Debug, Clone, Copy)]
struct Event {
    generation: u64,
    page: u64,
    at: Instant,
}

/// The running server, its log and its reload stream.
struct Serve {
    child: Child,
    log: Receiver<String>,
    /// Log lines read while waiting for a rebuild's line, not yet [`Serve::logged`].
    lines: Vec<String>,
    events: BufReader<TcpStream>,
    last: Event,
}

impl Serve {
    fn start(root: &Path) -> (Serve, Duration) {
        let start = Instant::now();
        let (child, log) = spawn_serve(root, DEBOUNCE.as_millis(), &[]);
        let serving = loop {
            let line = log.recv_timeout(TIMEOUT).expect("serve starts");
            if line.starts_with("Serving ") {
                break line;
            }
            eprintln!("  serve: {line}");
        };
        let ready = start.elapsed();
        let addr = serving
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap()
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let mut s = TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(TIMEOUT)).unwrap();
        let req = format!(
            "GET /_hoshin/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        );
        s.write_all(req.as_bytes()).unwrap();
        let mut serve = Serve {
            child,
            log,
            lines: Vec::new(),
            events: BufReader::new(s),
            last: Event {
                generation: 0,
                page: 0,
                at: Instant::now(),
            },
        };
        serve.last = serve.next_event();
        (serve, ready)
    }

    fn next_event(&mut self) -> Event {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.events.read_line(&mut line).expect("event in time");
            assert!(n > 0, "event stream closed");
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                let at = Instant::now();
                let n: Vec<u64> = data.split(' ').map(|x| x.parse().unwrap()).collect();
                assert_eq!(n[3], 1, "a build failed: {data}");
                return Event {
                    generation: n[0],
                    page: n[1],
                    at,
                };
            }
        }
    }

    /// Runs `edit`, then waits for the reload and the check report after it, and for the
    /// rebuild's log line (printed once the rebuild is over: after a template or locale edit
    /// the whole site renders behind the reload, and the report may come before it ends; an
    /// edit made meanwhile waits for it, so the next sample starts after it); returns
    /// (debounce end → reload, debounce end → report, debounce end → log line).
    fn measure(&mut self, edit: impl FnOnce()) -> (Duration, Duration, Duration) {
        let t0 = Instant::now();
        edit();
        let reload = loop {
            let e = self.next_event();
            if e.page > self.last.page {
                break e;
            }
        };
        let report = self.next_event();
        assert!(report.generation > reload.generation);
        self.last = report;
        loop {
            let line = self
                .log
                .recv_timeout(TIMEOUT)
                .expect("the rebuild's log line");
            let done = line.starts_with("rebuilt after") || line.starts_with("rebuild after");
            self.lines.push(line);
            if done {
                break;
            }
        }
        let logged = t0.elapsed().saturating_sub(DEBOUNCE);
        let since = |e: Event| (e.at - t0).saturating_sub(DEBOUNCE);
        (since(reload), since(report), logged)
    }

    /// serve's own figures from the log lines printed so far: "… in X ms".
    fn logged(&mut self) -> Vec<String> {
        let mut lines = std::mem::take(&mut self.lines);
        lines.extend(self.log.try_iter());
        lines
    }

    fn rss_kib(&self) -> u64 {
        let status = fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Median, 90th percentile and maximum, in milliseconds.
fn stats(times: &[Duration]) -> (f64, f64, f64) {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.9), at(1.0))
}

fn show(what: &str, (reloads, reports, logged): &(Vec<Duration>, Vec<Duration>, Vec<Duration>)) {
    let (m, p, x) = stats(reloads);
    let (rm, _, rx) = stats(reports);
    let (lm, _, lx) = stats(logged);
    eprintln!(
        "{what:<9} n={:<4} reload after debounce: median {m:7.1} ms  p90 {p:7.1}  max {x:7.1}   \
         check report: median {rm:7.1} ms  max {rx:7.1}   rebuild over: median {lm:7.1} ms  max {lx:7.1}",
        reloads.len()
    );
}

/// The times serve logged for its rebuilds ("in X ms"), in order.
fn logged_ms(lines: &[String]) -> Vec<f64> {
    lines
        .iter()
        .filter(|l| l.starts_with("rebuilt after"))
        .filter_map(|l| {
            let (_, rest) = l.rsplit_once(" in ")?;
            rest.split(' ').next()?.parse().ok()
        })
        .collect()
}

/// Replaces the line of message `id` in a Fluent file's text.
fn set_message(ftl: &mut String, id: &str, value: &str) {
    let start = ftl
        .find(&format!("\n{id} = "))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no message {id}"));
    let end = ftl[start..].find('\n').map_or(ftl.len(), |i| start + i);
    ftl.replace_range(start..end, &format!("{id} = {value}"));
}

#[test]
#[ignore = "needs the 20,004-page corpus and minutes; see the module comment"]
fn serve_meets_the_scale_goals_on_the_20k_corpus() {
    let corpus = PathBuf::from(env_or("HOSHIN_SERVE_CORPUS", "/dev/shm/hb/xl/hoshin"));
    let scratch = PathBuf::from(env_or("HOSHIN_SERVE_DIR", "/dev/shm/serve"));
    let edits = env_usize("HOSHIN_SERVE_EDITS", 200).max(21);
    let samples = env_usize("HOSHIN_SERVE_SAMPLES", 5).max(1);
    assert!(
        corpus.join("hoshin.toml").is_file(),
        "no corpus at {corpus:?}"
    );

    let root = scratch.join("site");
    if root.exists() {
        fs::remove_dir_all(&root).unwrap();
    }
    fs::create_dir_all(&scratch).unwrap();
    let cp = Command::new("cp")
        .arg("-a")
        .arg(&corpus)
        .arg(&root)
        .status()
        .unwrap();
    assert!(cp.success());
    // A template override identical to the built-in one, to edit.
    fs::create_dir_all(root.join("templates")).unwrap();
    let template_path = root.join("templates/policy.html");
    let template = fs::read_to_string(repo().join("themes/default/templates/policy.html")).unwrap();
    fs::write(&template_path, &template).unwrap();
    let ftl_path = root.join("locales/ja/notes.ftl");
    let mut ftl = fs::read_to_string(&ftl_path).unwrap();
    let mut slugs: Vec<String> = fs::read_dir(root.join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    slugs.sort();
    let slug = |i: usize| &slugs[(i * 37) % slugs.len()];

    let (mut serve, ready) = Serve::start(&root);
    let start_rss = serve.rss_kib();
    eprintln!(
        "serve ready in {:.2} s, {} MiB resident; {} policies",
        ready.as_secs_f64(),
        start_rss / 1024,
        slugs.len()
    );
    for l in serve.logged() {
        eprintln!("  serve: {l}");
    }

    let mut locale = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..samples {
        let id = format!("note-{}", slug(1000 + i));
        set_message(&mut ftl, &id, &format!("serve-bench が変えた注記 {i}。"));
        let (r, c, l) = serve.measure(|| fs::write(&ftl_path, &ftl).unwrap());
        locale.0.push(r);
        locale.1.push(c);
        locale.2.push(l);
    }
    let locale_log = serve.logged();

    let mut templates = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..samples {
        let edited = template.replacen(
            "<article class=\"policy\">",
            &format!("<article class=\"policy\" data-edit=\"{i}\">"),
            1,
        );
        assert_ne!(edited, template);
        let (r, c, l) = serve.measure(|| fs::write(&template_path, &edited).unwrap());
        templates.0.push(r);
        templates.1.push(c);
        templates.2.push(l);
    }
    let template_log = serve.logged();

    let mut content = (Vec::new(), Vec::new(), Vec::new());
    let (mut rss20, mut rss_end) = (0, 0);
    for i in 1..=edits {
        let doc = root.join("content").join(slug(i)).join("ja.md");
        let (r, c, l) = serve.measure(|| {
            let mut f = fs::OpenOptions::new().append(true).open(&doc).unwrap();
            writeln!(f, "\nserve-bench が足した文 {i}。").unwrap();
        });
        content.0.push(r);
        content.1.push(c);
        content.2.push(l);
        if i % 20 == 0 {
            eprintln!("  content edit {i}: reload {r:?}, report {c:?}");
        }
        if i == 20 {
            rss20 = serve.rss_kib();
        }
        if i == edits {
            rss_end = serve.rss_kib();
        }
    }
    let content_log = serve.logged();

    eprintln!();
    show("content", &content);
    show("locale", &locale);
    show("template", &templates);
    for (what, log) in [
        ("content", &content_log),
        ("locale", &locale_log),
        ("template", &template_log),
    ] {
        let ms = logged_ms(log);
        if !ms.is_empty() {
            let times: Vec<Duration> = ms
                .iter()
                .map(|m| Duration::from_secs_f64(m / 1000.0))
                .collect();
            let (m, p, x) = stats(&times);
            eprintln!("{what:<9} serve's log: median {m:7.1} ms  p90 {p:7.1}  max {x:7.1}");
        }
        if let Some(last) = log.iter().rev().find(|l| l.starts_with("rebuilt")) {
            eprintln!("          last line: {last}");
        }
    }
    let growth = rss_end as f64 / rss20 as f64 - 1.0;
    eprintln!(
        "RSS: start {} MiB, after edit 20 {} MiB, after edit {edits} {} MiB ({:+.1} %)",
        start_rss / 1024,
        rss20 / 1024,
        rss_end / 1024,
        growth * 100.0
    );

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (content_med, _, _) = stats(&content.0);
    let worst = |v: &[Duration]| v.iter().copied().max().unwrap();
    let mut misses = Vec::new();
    if content_med >= 50.0 {
        misses.push(format!("content reload median {content_med:.1} ms ≥ 50 ms"));
    }
    for (what, v) in [("locale", &locale.0), ("template", &templates.0)] {
        if worst(v) >= Duration::from_millis(500) {
            misses.push(format!("{what} reload {:.1} ms ≥ 500 ms", ms(worst(v))));
        }
    }
    let report = worst(&[content.1, locale.1, templates.1].concat());
    if report >= Duration::from_secs(3) {
        misses.push(format!("check report after {:.1} ms ≥ 3 s", ms(report)));
    }
    if growth > 0.10 {
        misses.push(format!(
            "RSS grew {:.1} % between edit 20 and {edits}",
            growth * 100.0
        ));
    }
    assert!(misses.is_empty(), "goal 4 missed: {}", misses.join("; "));
}
