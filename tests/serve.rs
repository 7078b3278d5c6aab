//! `hoshin serve`: live reload, the error overlay, atomic saves, request refusals, loopback
//! binding, a load test during rebuilds, a run of alternating broken and fixed saves, and the
//! preview's own pages (translators' view with staleness from `hoshin check`, notices preview).
//!
//! Every test starts its own server on 127.0.0.1 with an ephemeral port over a copy of a
//! fixture site, talks to it with a small raw HTTP client, and is bounded in time.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;

const TIMEOUT: Duration = Duration::from_secs(10);
const PAGE: &str = "/en/house-rules/";
const DOC: &str = "content/house-rules/en.md";

/// A running `hoshin serve` over a copy of a site.
struct Server {
    child: Child,
    addr: String,
    log: Receiver<String>,
    root: PathBuf,
    _tmp: tempfile::TempDir,
}

/// A response: status, raw head, body.
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Server {
    fn start(site: &Path) -> Server {
        Server::start_with(site, &[], |_| {})
    }

    /// Copies `site`, lets `prepare` change the copy, then starts serving it.
    fn start_with(site: &Path, args: &[&str], prepare: impl FnOnce(&Path)) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(site, &root);
        prepare(&root);
        let (child, log) = spawn_serve(&root, 20, args);
        let mut server = Server {
            child,
            addr: String::new(),
            log,
            root,
            _tmp: tmp,
        };
        let line = server.wait_log(|l| l.starts_with("Serving "));
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap();
        server.addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        server
    }

    /// Waits for a log line matching `pred` and returns it.
    fn wait_log(&self, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.log.recv_timeout(left) {
                Ok(line) if pred(&line) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!("no such log line; saw:\n{}", seen.join("\n"));
    }

    /// Sends `request` as it is and reads the whole reply.
    fn raw(&self, request: &str) -> Reply {
        http(&self.addr, request)
    }

    fn request(&self, method: &str, path: &str) -> Reply {
        self.raw(&format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        ))
    }

    fn get(&self, path: &str) -> Reply {
        self.request("GET", path)
    }

    /// Subscribes to the reload channel.
    fn events(&self) -> Events {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(TIMEOUT)).unwrap();
        let req = format!(
            "GET /_hoshin/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        );
        s.write_all(req.as_bytes()).unwrap();
        let mut events = Events {
            reader: BufReader::new(s),
        };
        let first = events.next();
        assert!(first.generation >= 1, "no initial status");
        events
    }

    fn write(&self, rel: &str, text: &str) {
        fs::write(self.root.join(rel), text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// Resident memory of the server, in KiB (Linux only).
    fn rss_kib(&self) -> Option<u64> {
        let status = fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `request` to `addr` as it is and reads the whole reply.
fn http(addr: &str, request: &str) -> Reply {
    try_http(addr, request.as_bytes(), TIMEOUT).unwrap()
}

/// Sends `request` to `addr` as it is and reads the whole reply, or fails after `timeout`.
fn try_http(addr: &str, request: &[u8], timeout: Duration) -> std::io::Result<Reply> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(timeout))?;
    s.write_all(request)?;
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes)?;
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let body = bytes.get(split + 4..).unwrap_or_default().to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok(Reply { status, head, body })
}

/// `GET path` from `addr`.
fn get_at(addr: &str, path: &str) -> Reply {
    http(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
}

/// One `build` event: generation, page generation, style generation, ok.
#[derive(Debug, Clone, Copy)]
struct Status {
    generation: u64,
    page: u64,
    style: u64,
    ok: bool,
}

/// The server-sent event stream (chunked transfer; lines are read as they come).
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn next(&mut self) -> Status {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("event before timeout");
            assert!(n > 0, "event stream closed");
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                let n: Vec<u64> = data.split(' ').map(|x| x.parse().unwrap()).collect();
                return Status {
                    generation: n[0],
                    page: n[1],
                    style: n[2],
                    ok: n[3] == 1,
                };
            }
        }
    }

    /// Skips events until one satisfies `pred`.
    fn until(&mut self, pred: impl Fn(&Status) -> bool) -> Status {
        loop {
            let s = self.next();
            if pred(&s) {
                return s;
            }
        }
    }
}

/// The default site (the repository's own content and review records), copied without
/// `target/` and friends.
fn default_site(into: &Path) {
    fs::create_dir_all(into).unwrap();
    for name in ["hoshin.toml", "content", "locales", "themes", "reviews"] {
        let from = repo().join(name);
        if from.is_dir() {
            copy_dir(&from, &into.join(name));
        } else {
            fs::copy(&from, into.join(name)).unwrap();
        }
    }
}

/// Removes what `serve` adds to a page, giving back the built bytes.
fn strip_injection(page: &str) -> String {
    let start = page.find("<!--hoshin-serve-->").expect("injected snippet");
    let end = page.find("<!--/hoshin-serve-->").unwrap() + "<!--/hoshin-serve-->".len();
    format!("{}{}", &page[..start], &page[end..])
}

#[test]
fn an_edit_is_rebuilt_then_reloaded_and_nothing_is_written() {
    let server = Server::start_with(&fixture("minimal"), &[], |root| {
        fs::create_dir_all(root.join("public")).unwrap();
        fs::write(root.join("public/keep.txt"), "previous output").unwrap();
    });
    let before = snapshot(&server.root);
    let mut events = server.events();
    let original = server.read(DOC);
    assert!(server.get(PAGE).text().contains("House rules"));

    server.write(DOC, &format!("{original}\nEdited by the test.\n"));
    let s = events.until(|s| s.ok && s.page > 1);
    let page = server.get(PAGE);
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("Edited by the test."),
        "{}",
        page.text()
    );
    assert!(
        page.head.contains("cache-control: no-store"),
        "{}",
        page.head
    );
    // The page carries the generation it was served at: this build's, or the check report's
    // that follows it.
    let text = page.text();
    let served: u64 = text
        .split("window.__hoshin={g:")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no generation in the page: {text}"));
    assert!(served >= s.generation, "{served} < {}", s.generation);
    let line = server.wait_log(|l| l.starts_with("rebuilt after"));
    assert!(line.contains("content/house-rules/en.md"), "{line}");

    // serve never writes: the site folder holds exactly what it held, plus the edit.
    let mut after = snapshot(&server.root);
    after.insert(DOC.into(), original.into_bytes());
    assert_eq!(before, after);
}

#[test]
fn a_broken_file_shows_the_overlay_over_the_last_good_page_until_fixed() {
    let server = Server::start(&fixture("minimal"));
    let mut events = server.events();
    let original = server.read(DOC);
    let line = original.lines().count() + 2;

    server.write(DOC, &format!("{original}\n{{{{ nope() }}}}\n"));
    events.until(|s| !s.ok);
    let page = server.get(PAGE);
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("<h1"), "old page still served: {text}");
    assert!(text.contains("id=\"hoshin-overlay\""), "{text}");
    assert!(text.contains(&format!("{DOC}:{line}:")), "{text}");
    let other = server.get("/ja/house-rules/").text();
    assert!(
        other.contains("id=\"hoshin-overlay\""),
        "overlay on every page"
    );
    let fragment = server.get("/_hoshin/overlay").text();
    assert!(fragment.contains(&format!("{DOC}:{line}:")), "{fragment}");
    assert!(fragment.contains("nope"), "{fragment}");

    server.write(DOC, &original);
    let s = events.until(|s| s.ok);
    // The fixed site is the same as before the break: nothing to reload, only clear.
    assert_eq!(s.page, 1);
    assert!(!server.get(PAGE).text().contains("id=\"hoshin-overlay\""));
    assert_eq!(server.get("/_hoshin/overlay").text(), "");
}

#[test]
fn a_site_that_never_built_gets_an_error_page_that_recovers() {
    let server = Server::start_with(&fixture("minimal"), &[], |root| {
        let doc = root.join(DOC);
        let text = fs::read_to_string(&doc).unwrap();
        fs::write(&doc, text.replace("+++\n\n", "+++\n\n{{ nope() }}\n\n")).unwrap();
    });
    let mut events = server.events();
    let page = server.get(PAGE);
    assert_eq!(page.status, 503);
    assert!(
        page.text().contains(&format!("{DOC}:6:")),
        "{}",
        page.text()
    );
    assert!(
        page.text().contains("EventSource"),
        "the error page reloads itself"
    );

    let fixed = server.read(DOC).replace("{{ nope() }}\n\n", "");
    server.write(DOC, &fixed);
    events.until(|s| s.ok);
    assert_eq!(server.get(PAGE).status, 200);
}

#[test]
fn an_atomic_rename_over_save_is_picked_up() {
    let server = Server::start(&fixture("minimal"));
    let mut events = server.events();
    let original = server.read(DOC);
    // What many editors do: write a temporary file, then rename it over the original.
    let tmp = server.root.join("content/house-rules/en.md.tmp-save");
    fs::write(&tmp, format!("{original}\nSaved atomically.\n")).unwrap();
    fs::rename(&tmp, server.root.join(DOC)).unwrap();
    // Page generations count every build attempt and check report, not pages: compare with
    // the last one seen.
    let page = events.until(|s| s.ok && s.page > 1).page;
    assert!(server.get(PAGE).text().contains("Saved atomically."));

    // And again: the folder watch survives the replaced inode.
    let tmp = server.root.join("content/house-rules/.en.md.swp");
    fs::write(&tmp, format!("{original}\nSaved twice.\n")).unwrap();
    fs::rename(&tmp, server.root.join(DOC)).unwrap();
    events.until(|s| s.ok && s.page > page);
    assert!(server.get(PAGE).text().contains("Saved twice."));
}

#[test]
fn a_stylesheet_change_refreshes_styles_without_a_reload() {
    let server = Server::start(&fixture("minimal"));
    let mut events = server.events();
    let css = server.get("/style.css").text();
    fs::create_dir_all(server.root.join("static")).unwrap();
    server.write("static/style.css", &format!("{css}\n/* edited */\n"));
    let s = events.until(|s| s.ok && s.style > 1);
    assert_eq!(s.page, 1, "pages did not change: no full reload");
    assert!(server.get("/style.css").text().ends_with("/* edited */\n"));
}

#[test]
fn requests_that_try_to_escape_are_refused() {
    let server = Server::start(&fixture("minimal"));
    for path in [
        "/../hoshin.toml",
        "/../../../../etc/passwd",
        "/en/../../hoshin.toml",
        "/%2e%2e/hoshin.toml",
        "/%2E%2E%2Fhoshin.toml",
        "/%252e%252e/hoshin.toml",
        "/..%5choshin.toml",
        "/..\\hoshin.toml",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/C:/Windows/win.ini",
        "/./index.html",
        "/%00",
    ] {
        let r = server.get(path);
        assert!(r.status == 400, "{path}: {} {}", r.status, r.text());
        assert!(!r.text().contains("base_url"), "{path} leaked a file");
    }
    // The site's own sources are not part of the build, so they are not served either.
    assert_eq!(server.get("/hoshin.toml").status, 404);
    assert_eq!(server.get("/content/house-rules/en.md").status, 404);
    // An absolute-form request target is held to the same rules.
    let r = server.raw(&format!(
        "GET http://{0}/../hoshin.toml HTTP/1.1\r\nHost: {0}\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert_ne!(r.status, 200);
}

#[test]
fn only_get_and_head_are_answered_and_requests_are_bounded() {
    let server = Server::start(&fixture("minimal"));
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"] {
        let r = server.request(method, PAGE);
        assert_eq!(r.status, 405, "{method}");
        assert!(r.head.contains("allow: GET, HEAD"), "{}", r.head);
    }
    let head = server.request("HEAD", PAGE);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    let body = server.raw(&format!(
        "GET {PAGE} HTTP/1.1\r\nHost: {}\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
        server.addr
    ));
    assert_eq!(body.status, 413);
    let long = format!("/{}", "a".repeat(3000));
    assert_eq!(server.get(&long).status, 414);
    let huge_header = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        server.addr,
        "b".repeat(64 * 1024)
    ));
    assert_ne!(huge_header.status, 200);
}

#[test]
fn binds_to_loopback_by_default_and_answers_only_to_local_names() {
    let server = Server::start(&fixture("minimal"));
    assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);
    let rebinding = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: attacker.example:{}\r\nConnection: close\r\n\r\n",
        server.addr.rsplit(':').next().unwrap()
    ));
    assert_eq!(rebinding.status, 421);
    let localhost = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        server.addr.rsplit(':').next().unwrap()
    ));
    assert_eq!(localhost.status, 200);
}

/// What each request gets; every mismatch is listed, not only the first.
fn expect_statuses(addr: &str, cases: &[(Vec<u8>, u16)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(request, want)| {
            let got = try_http(addr, request, TIMEOUT).unwrap();
            (got.status != *want).then(|| {
                format!(
                    "{:?}: {} instead of {want} ({})",
                    String::from_utf8_lossy(request),
                    got.status,
                    got.text().lines().next().unwrap_or_default()
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// `GET target` with these header lines (each ending in CRLF), then `Connection: close`.
fn request_with(target: &str, headers: &str) -> Vec<u8> {
    format!("GET {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n").into_bytes()
}

#[test]
fn the_host_check_fails_closed() {
    let server = Server::start(&fixture("minimal"));
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let host = |h: &str| format!("Host: {h}\r\n");
    let local = host(&format!("127.0.0.1:{port}"));
    let mut junk_byte = request_with("/", &host(&format!("127.0.0.1:{port}")));
    let at = junk_byte.windows(2).position(|w| w == b"\r\n").unwrap();
    let at = at
        + 2
        + junk_byte[at + 2..]
            .windows(2)
            .position(|w| w == b"\r\n")
            .unwrap();
    junk_byte.insert(at, 0xff);
    expect_statuses(
        &server.addr,
        &[
            // The names and addresses the preview answers to.
            (request_with("/", &local), 200),
            (request_with("/", &host(&format!("localhost:{port}"))), 200),
            (request_with("/", &host(&format!("LocalHost:{port}"))), 200),
            (request_with("/", &host(&format!("[::1]:{port}"))), 200),
            // No Host, two, a list, or one that is not host[:port].
            (request_with("/", ""), 400),
            (b"GET / HTTP/1.0\r\n\r\n".to_vec(), 400),
            (
                request_with("/", &format!("{local}{}", host("evil.example"))),
                400,
            ),
            (
                request_with("/", &host(&format!("127.0.0.1:{port}, evil.example"))),
                400,
            ),
            (
                request_with("/", &host(&format!("127.0.0.1:{port}/evil"))),
                400,
            ),
            (
                request_with("/", &host(&format!("localhost:{port}@evil.example"))),
                400,
            ),
            (request_with("/", &host("localhost:")), 400),
            (request_with("/", &host("localhost:99999")), 400),
            (request_with("/", &host("")), 400),
            (junk_byte, 400),
            // Foreign names, however close to a local one: DNS rebinding.
            (
                request_with("/", &host(&format!("evil.example:{port}"))),
                421,
            ),
            (request_with("/", &host("localhost.evil.example")), 421),
            (
                request_with("/", &host(&format!("127.0.0.1.nip.io:{port}"))),
                421,
            ),
            (request_with("/", &host("10.1.2.3")), 421),
            // An absolute-form target's authority is checked too, and must agree with Host.
            (
                request_with(&format!("http://127.0.0.1:{port}/"), &local),
                200,
            ),
            (request_with("http://evil.example/", &local), 421),
            (
                request_with(
                    &format!("http://evil.example:{port}/"),
                    &host(&format!("evil.example:{port}")),
                ),
                421,
            ),
            (
                request_with(&format!("http://localhost:{port}/"), &local),
                400,
            ),
            (request_with("http://127.0.0.1/", &local), 400),
            (
                request_with(&format!("https://127.0.0.1:{port}/"), &local),
                400,
            ),
            (
                request_with(&format!("http://user@127.0.0.1:{port}/"), &local),
                400,
            ),
        ],
    );
    let foreign = request_with("/", &host(&format!("evil.example:{port}")));
    let refused = try_http(&server.addr, &foreign, TIMEOUT).unwrap();
    assert!(
        refused.head.contains("text/plain"),
        "a short text body: {}",
        refused.head
    );
    assert!(refused.text().len() < 200, "{}", refused.text());
}

#[test]
fn binding_every_address_keeps_the_host_check() {
    let server = Server::start_with(&fixture("minimal"), &["--bind", "0.0.0.0"], |_| {});
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let host = |h: &str| format!("Host: {h}\r\n");
    expect_statuses(
        &server.addr,
        &[
            (request_with("/", &host(&format!("127.0.0.1:{port}"))), 200),
            (request_with("/", &host(&format!("localhost:{port}"))), 200),
            (
                request_with("/", &host(&format!("attacker.example:{port}"))),
                421,
            ),
            (
                request_with("http://attacker.example/", &host("127.0.0.1")),
                421,
            ),
            (request_with("/", ""), 400),
        ],
    );
    // The address a request reached is one of this machine's: allowed, but no other.
    // (Linux routes all of 127.0.0.0/8 to loopback.)
    if cfg!(target_os = "linux") {
        let other = format!("127.0.0.2:{port}");
        expect_statuses(
            &other,
            &[
                (request_with("/", &host(&other)), 200),
                (request_with("/", &host(&format!("127.0.0.3:{port}"))), 421),
                (
                    request_with("/", &host(&format!("attacker.example:{port}"))),
                    421,
                ),
            ],
        );
    }
}

#[test]
fn many_open_reload_streams_do_not_starve_page_requests() {
    let server = Server::start(&fixture("minimal"));
    let events = format!(
        "GET /_hoshin/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.addr
    );
    let mut streams: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut s = TcpStream::connect(&server.addr).unwrap();
            s.write_all(events.as_bytes()).unwrap();
            s
        })
        .collect();
    let start = Instant::now();
    let page = try_http(
        &server.addr,
        &request_with(PAGE, &format!("Host: {}\r\n", server.addr)),
        Duration::from_secs(5),
    );
    let took = start.elapsed();
    let page = page.unwrap_or_else(|e| panic!("the page request starved: {e}"));
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page.text().contains("House rules"));

    // Every stream was answered: opened, or refused with 503 and a time to retry.
    let (mut open, mut refused) = (0, 0);
    for s in &mut streams {
        s.set_read_timeout(Some(TIMEOUT)).unwrap();
        let mut reader = BufReader::new(s);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        match head.split_whitespace().nth(1) {
            Some("200") => open += 1,
            Some("503") => {
                assert!(head.to_ascii_lowercase().contains("retry-after:"), "{head}");
                refused += 1;
            }
            _ => panic!("unexpected reply: {head}"),
        }
    }
    eprintln!("300 reload streams: {open} open, {refused} refused; a page in {took:?}");
    assert!(open > 0 && refused > 0, "{open} open, {refused} refused");
    assert!(took < Duration::from_secs(2), "page took {took:?}");
    // With the streams still open, pages are still served.
    assert_eq!(server.get(PAGE).status, 200);
    // Closed streams give their place back.
    drop(streams);
    let deadline = Instant::now() + TIMEOUT;
    let mut opened = Vec::new();
    while opened.len() < open {
        assert!(Instant::now() < deadline, "only {} reopened", opened.len());
        let mut s = TcpStream::connect(&server.addr).unwrap();
        s.set_read_timeout(Some(TIMEOUT)).unwrap();
        s.write_all(events.as_bytes()).unwrap();
        let mut status = [0; 12];
        s.read_exact(&mut status).unwrap();
        if status.ends_with(b"200") {
            opened.push(s);
        } else {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn served_files_equal_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    default_site(&site);
    let out = tmp.path().join("out");
    let o = build(&site, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let server = Server::start(&site);
    for (path, bytes) in snapshot(&out) {
        if path.starts_with('.') {
            continue; // the build's own marker file, not part of the site
        }
        let url = format!("/{}", path.trim_end_matches("index.html"));
        let r = server.get(&url);
        assert_eq!(r.status, 200, "{url}");
        if path.ends_with(".html") {
            assert_eq!(
                strip_injection(&r.text()),
                String::from_utf8(bytes).unwrap(),
                "{url}"
            );
        } else {
            assert_eq!(r.body, bytes, "{url}");
        }
    }
}

#[test]
fn the_translators_view_aligns_languages_and_marks_what_is_missing() {
    let server = Server::start_with(&fixture("minimal"), &[], |root| {
        // A prose section only the Japanese document has yet.
        let ja = root.join("content/house-rules/ja.md");
        let text = fs::read_to_string(&ja).unwrap();
        fs::write(&ja, format!("{text}\n## 追加 {{#extra}}\n\n追加の段落。\n")).unwrap();
        // A message only the Japanese locale has (the build fails; the view still works).
        let ftl = root.join("locales/en/house-rules.ftl");
        let text = fs::read_to_string(&ftl).unwrap();
        fs::write(&ftl, text.replace("example-threats = Threats\n", "")).unwrap();
    });
    let index = server.get("/_hoshin/translate/");
    assert_eq!(index.status, 200);
    assert!(index.text().contains("house-rules/"));
    let page = server.get("/_hoshin/translate/house-rules/").text();
    assert!(page.contains("content/house-rules/ja.md:"), "{page}");
    assert!(
        page.contains("add this section to content/house-rules/en.md with the heading id {#extra}"),
        "{page}"
    );
    assert!(page.contains("追加の段落。"), "{page}");
    assert!(
        page.contains("add `example-threats = …` to locales/en/house-rules.ftl"),
        "{page}"
    );
    assert!(page.contains("locales/ja/house-rules.ftl:"), "{page}");
    assert_eq!(server.get("/_hoshin/translate/no-such-policy/").status, 404);
}

#[test]
fn concurrent_readers_never_see_a_failed_request_or_half_a_page_during_rebuilds() {
    let server = Server::start(&fixture("minimal"));
    let original = server.read(DOC);
    let stop = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(AtomicUsize::new(0));
    let mut readers = Vec::new();
    for i in 0..4 {
        let (addr, stop, requests) = (server.addr.clone(), stop.clone(), requests.clone());
        readers.push(std::thread::spawn(move || {
            let paths = [PAGE, "/ja/house-rules/", "/style.css", "/"];
            while !stop.load(Ordering::Relaxed) {
                let path = paths[i % paths.len()];
                let r = get_at(&addr, path);
                assert_eq!(r.status, 200, "{path}");
                if path != "/style.css" {
                    let text = r.text();
                    assert!(text.trim_end().ends_with("</html>"), "half a page: {text}");
                    assert_eq!(text.matches("<!--hoshin-serve-->").count(), 1);
                    if path == PAGE {
                        let a = text.contains("Version A.");
                        let b = text.contains("Version B.");
                        assert!(!(a && b), "two builds mixed");
                    }
                }
                requests.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    let start = Instant::now();
    let mut saves = 0;
    while start.elapsed() < Duration::from_secs(2) {
        let v = if saves % 2 == 0 { "A" } else { "B" };
        server.write(DOC, &format!("{original}\nVersion {v}.\n"));
        saves += 1;
        std::thread::sleep(Duration::from_millis(40));
    }
    stop.store(true, Ordering::Relaxed);
    for r in readers {
        r.join().expect("a reader failed");
    }
    let n = requests.load(Ordering::Relaxed);
    eprintln!("load test: {n} requests in 2 s during {saves} saves");
    assert!(n > 100, "only {n} requests");
}

#[test]
fn two_hundred_alternating_broken_and_fixed_saves_keep_the_server_up() {
    let mut server = Server::start(&fixture("minimal"));
    let mut events = server.events();
    let original = server.read(DOC);
    let broken = format!("{original}\n{{{{ nope() }}}}\n");
    let start = Instant::now();
    let mut rss = Vec::new();
    for i in 0..200 {
        let ok = i % 2 == 1;
        server.write(DOC, if ok { &original } else { &broken });
        events.until(|s| s.ok == ok);
        if i == 20 || i == 199 {
            rss.extend(server.rss_kib());
        }
    }
    assert!(server.is_running());
    assert_eq!(server.get(PAGE).status, 200);
    eprintln!(
        "200 broken/fixed saves in {:.1} s; server RSS at save 20 and 200: {rss:?} KiB",
        start.elapsed().as_secs_f64()
    );
    if let [early, late] = rss[..] {
        assert!(
            late < early + 20 * 1024,
            "memory grew from {early} to {late} KiB"
        );
    }
}

#[test]
fn the_polling_watcher_sees_edits_too() {
    let server = Server::start_with(&fixture("minimal"), &["--poll"], |_| {});
    let mut events = server.events();
    let original = server.read(DOC);
    server.write(DOC, &format!("{original}\nSeen by polling.\n"));
    events.until(|s| s.ok && s.page > 1);
    assert!(server.get(PAGE).text().contains("Seen by polling."));
}

/// Serves a copy of the default site.
fn default_server() -> Server {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("default");
    default_site(&site);
    Server::start(&site)
}

const POLICY_VIEW: &str = "/_hoshin/translate/customer-harassment/";

#[test]
fn the_translators_view_marks_a_stale_unit_until_its_review_is_recorded() {
    let server = default_server();
    let mut events = server.events();
    let view = server.get(POLICY_VIEW);
    assert_eq!(view.status, 200);
    let text = view.text();
    assert!(!text.contains("td class=\"stale\""), "{text}");
    assert!(!text.contains("td class=\"unreviewed\""), "{text}");
    assert!(
        text.contains("0 errors</strong> and <strong>0 warnings"),
        "{text}"
    );

    // An editor changes a Japanese (source) message the English page translates.
    let ftl = "locales/ja/customer-harassment.ftl";
    let old = "暴力、傷害、器物損壊等（殴る、蹴る、備品を壊す等）";
    let new = "暴力、傷害、器物損壊等（殴る、蹴る、物を投げる、備品を壊す等）";
    let source = server.read(ftl);
    assert!(
        source.contains(old),
        "the default site changed: update this test"
    );
    server.write(ftl, &source.replace(old, new));
    events.until(|s| s.ok && s.page > 1);
    // The check report follows the reload; the log line follows the report.
    server.wait_log(|l| l.starts_with("rebuilt after locales/ja/"));

    let text = server.get(POLICY_VIEW).text();
    assert_eq!(text.matches("td class=\"stale\"").count(), 1, "{text}");
    assert!(
        text.contains("hoshin check --mark-reviewed en example-violence"),
        "{text}"
    );
    // The change itself marked (the added phrase), with its context.
    assert!(
        text.contains("蹴る、<ins><span class=\"visually-hidden\">added: </span><span class=\"mark\" aria-hidden=\"true\">[+</span>物を投げる、<span class=\"mark\" aria-hidden=\"true\">+]</span></ins>備品を壊す等"),
        "{text}"
    );
    assert!(text.contains("stale-translation"), "{text}");
    let index = server.get("/_hoshin/");
    assert_eq!(index.status, 200);
    assert!(
        index.text().contains("<strong>1 warning</strong>"),
        "{}",
        index.text()
    );
    assert!(
        index.text().contains("locales/en/customer-harassment.ftl:"),
        "{}",
        index.text()
    );

    // The translator checks the English text and records the review.
    let out = hoshin(&[
        "check",
        "--root",
        path_str(&server.root),
        "--mark-reviewed",
        "en",
        "--all",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Only the report changes (`--mark-reviewed`'s temporary file is ignored).
    server.wait_log(|l| l.starts_with("rebuilt after reviews/en.toml (nothing to render)"));
    let text = server.get(POLICY_VIEW).text();
    assert!(!text.contains("td class=\"stale\""), "{text}");
    assert!(!text.contains("td class=\"unreviewed\""), "{text}");
    assert!(text.contains(new), "{text}");
    // The preview's own pages reload after every build; site pages keep their script.
    assert!(text.contains(",t:1}"), "{text}");
}

#[test]
fn the_notices_preview_shows_every_notice_at_its_paper_size() {
    let server = default_server();
    let index = server.get("/_hoshin/");
    assert!(
        index.text().contains("href=\"notices/\""),
        "{}",
        index.text()
    );
    assert!(
        index
            .text()
            .contains("href=\"translate/customer-harassment/\""),
        "{}",
        index.text()
    );
    assert_eq!(server.get("/_hoshin").status, 308);

    let page = server.get("/_hoshin/notices/");
    assert_eq!(page.status, 200);
    let text = page.text();
    for variant in ["ja", "en", "bilingual"] {
        for (paper, w, h) in [("a4", 210, 297), ("a3", 297, 420), ("a5", 148, 210)] {
            let href = format!("/notices/customer-harassment/{variant}/{paper}.html");
            assert!(
                text.contains(&format!("<a href=\"{href}\"")),
                "{href}\n{text}"
            );
            let frame = format!("src=\"{href}?hoshin-embed\"");
            assert!(text.contains(&frame), "{frame}\n{text}");
            assert!(
                text.contains(&format!("width:{w}mm;height:{h}mm")),
                "{text}"
            );
            // The sheet is served, laid out as printed, without a reload script of its own.
            let sheet = server.get(&format!("{href}?hoshin-embed"));
            assert_eq!(sheet.status, 200, "{href}");
            assert!(!sheet.text().contains("/_hoshin/events"), "{href}");
            assert!(sheet.text().contains("appendMedium"), "{href}");
        }
    }
    assert!(text.contains("href=\"/notices/ja/\""), "{text}");
}

#[test]
fn the_notices_preview_explains_how_to_turn_notices_on() {
    let server = Server::start(&fixture("minimal"));
    let page = server.get("/_hoshin/notices/");
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("no <code>[notices]</code> table"), "{text}");
    assert!(text.contains("docs/content-format.md"), "{text}");
    assert!(server.get("/_hoshin/").text().contains("house-rules"));
    assert_eq!(server.get("/_hoshin/translate/a/b/").status, 404);
}

/// The `token` of the first "mark reviewed" form of a page.
fn form_token(page: &str) -> String {
    let at = page
        .find("name=\"token\" value=\"")
        .unwrap_or_else(|| panic!("no form: {page}"));
    page[at + 20..].chars().take_while(|c| *c != '"').collect()
}

/// `POST /_hoshin/review` with `headers` (besides Host, Content-Length, Connection) and `body`.
fn post_review(server: &Server, host: &str, headers: &str, body: &str) -> Reply {
    server.raw(&format!(
        "POST /_hoshin/review HTTP/1.1\r\nHost: {host}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ))
}

#[test]
fn the_mark_reviewed_button_records_exactly_what_the_command_does_and_nothing_else() {
    let server = default_server();
    let mut events = server.events();
    let ftl = "locales/ja/customer-harassment.ftl";
    let old = "暴力、傷害、器物損壊等（殴る、蹴る、備品を壊す等）";
    let new = "暴力、傷害、器物損壊等（殴る、蹴る、物を投げる、備品を壊す等）";
    server.write(ftl, &server.read(ftl).replace(old, new));
    events.until(|s| s.ok && s.page > 1);
    server.wait_log(|l| l.starts_with("rebuilt after locales/ja/"));
    let page = server.get(POLICY_VIEW).text();
    assert_eq!(page.matches("td class=\"stale\"").count(), 1, "{page}");
    let token = form_token(&page);
    assert_eq!(token.len(), 32, "{token}");
    assert!(
        page.contains("<input type=\"hidden\" name=\"unit\" value=\"example-violence\">"),
        "{page}"
    );

    let review = server.root.join("reviews/en.toml");
    let before = fs::read(&review).unwrap();
    let form = |lang: &str, unit: &str, token: &str| {
        format!("token={token}&lang={lang}&unit={unit}&back=%2F_hoshin%2Ftranslate%2Fcustomer-harassment%2F")
    };
    let good = form("en", "example-violence", &token);
    let typed = "Content-Type: application/x-www-form-urlencoded\r\n";
    let same_origin = format!(
        "Origin: http://{}\r\nSec-Fetch-Site: same-origin\r\n",
        server.addr
    );
    let host = server.addr.clone();
    let wrong = "0".repeat(32);
    let big = format!("{good}&back={}", "a".repeat(5000));
    let cases: Vec<(&str, String, String, String, u16)> = vec![
        (
            "no token",
            host.clone(),
            format!("{typed}{same_origin}"),
            good.replace(&format!("token={token}&"), ""),
            403,
        ),
        (
            "wrong token",
            host.clone(),
            format!("{typed}{same_origin}"),
            form("en", "example-violence", &wrong),
            403,
        ),
        (
            "another site's page",
            host.clone(),
            format!("{typed}Origin: http://evil.example\r\n"),
            good.clone(),
            403,
        ),
        (
            "a cross-site fetch",
            host.clone(),
            format!("{typed}Sec-Fetch-Site: cross-site\r\n"),
            good.clone(),
            403,
        ),
        (
            "an opaque origin",
            host.clone(),
            format!("{typed}Origin: null\r\n"),
            good.clone(),
            403,
        ),
        (
            "a rebound name",
            format!("evil.example:{}", host.rsplit(':').next().unwrap()),
            typed.to_string(),
            good.clone(),
            421,
        ),
        (
            "not a form",
            host.clone(),
            "Content-Type: application/json\r\n".into(),
            good.clone(),
            415,
        ),
        ("a huge form", host.clone(), typed.to_string(), big, 413),
        (
            "an unknown language",
            host.clone(),
            typed.to_string(),
            form("fr", "example-violence", &token),
            404,
        ),
        (
            "the source language",
            host.clone(),
            typed.to_string(),
            form("ja", "example-violence", &token),
            404,
        ),
        (
            "a guessed id",
            host.clone(),
            typed.to_string(),
            form("en", "example-violense", &token),
            404,
        ),
        (
            "a selector, not a unit",
            host.clone(),
            typed.to_string(),
            form("en", "customer-harassment", &token),
            404,
        ),
        (
            "an unreadable form",
            host.clone(),
            typed.to_string(),
            format!("{good}&evil=1"),
            400,
        ),
    ];
    for (what, host, headers, body, status) in &cases {
        let r = post_review(&server, host, headers, body);
        assert_eq!(r.status, *status, "{what}: {}", r.text());
        assert_eq!(
            fs::read(&review).unwrap(),
            before,
            "{what} changed the record"
        );
    }
    // POST anywhere else is still refused.
    let r = server.raw(&format!(
        "POST {POLICY_VIEW} HTTP/1.1\r\nHost: {host}\r\n{typed}Content-Length: {}\r\nConnection: close\r\n\r\n{good}",
        good.len()
    ));
    assert_eq!(r.status, 405);

    // What the command would write, on a copy of the site as it is now.
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("site");
    copy_dir(&server.root, &copy);
    let out = hoshin(&[
        "check",
        "--root",
        path_str(&copy),
        "--mark-reviewed",
        "en",
        "example-violence",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    let r = post_review(&server, &host, &format!("{typed}{same_origin}"), &good);
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(
        r.head.contains(&format!("location: {POLICY_VIEW}")),
        "{}",
        r.head
    );
    assert_eq!(
        fs::read_to_string(&review).unwrap(),
        fs::read_to_string(copy.join("reviews/en.toml")).unwrap()
    );
    // The page it returns to shows the unit reviewed at once.
    let page = server.get(POLICY_VIEW).text();
    assert!(!page.contains("td class=\"stale\""), "{page}");
    assert!(!page.contains("class=\"mark-reviewed\""), "{page}");
    // Nothing else in the site was written: no temporary file left either.
    let mut after = snapshot(&server.root);
    let mut expected = snapshot(&copy);
    after.remove("reviews/en.toml");
    expected.remove("reviews/en.toml");
    assert_eq!(after, expected);
}

#[test]
fn while_the_site_does_not_build_the_previews_pages_say_so_first() {
    let server = default_server();
    let mut events = server.events();
    let index = server.get("/_hoshin/").text();
    assert!(!index.contains("The site does not build"), "{index}");

    let ftl = "locales/en/customer-harassment.ftl";
    let original = server.read(ftl);
    server.write(ftl, &format!("{original}\nbroken = {{\n"));
    events.until(|s| !s.ok);
    let line = original.lines().count() + 2;
    for path in ["/_hoshin/", "/_hoshin/translate/", POLICY_VIEW] {
        let page = server.get(path).text();
        let errors = page
            .find("The site does not build: 1 error")
            .unwrap_or_else(|| panic!("{path}: {page}"));
        let check = page.find("hoshin check</code> finds").unwrap_or(page.len());
        assert!(errors < check, "{path}: the errors come first: {page}");
        assert!(
            page.contains(&format!("<code>{ftl}:{line}:")),
            "{path}: {page}"
        );
        assert!(
            page.contains("The check below is of the last good build"),
            "{path}: {page}"
        );
        // Neither the panel nor the overlay reaches paper.
        assert!(
            page.contains("@media print {\n  .build-errors,\n  #hoshin-overlay"),
            "{path}"
        );
    }
    // On the site's own pages (a notice printed from the preview), the overlay links a print
    // stylesheet that hides it.
    let notice = server.get("/ja/").text();
    assert!(
        notice.contains("<link rel=\"stylesheet\" media=\"print\" href=\"/_hoshin/print.css\">"),
        "{notice}"
    );
    let css = server.get("/_hoshin/print.css");
    assert_eq!(css.status, 200);
    assert!(css.head.contains("text/css"), "{}", css.head);
    assert_eq!(css.text(), "#hoshin-overlay{display:none!important}\n");

    server.write(ftl, &original);
    events.until(|s| s.ok);
    server.wait_log(|l| l.starts_with("rebuilt after"));
    let index = server.get("/_hoshin/").text();
    assert!(!index.contains("The site does not build"), "{index}");
}

#[test]
fn after_a_template_edit_every_page_comes_from_the_new_template_at_once() {
    let server = Server::start_with(&fixture("minimal"), &[], |root| {
        fs::create_dir_all(root.join("templates")).unwrap();
        let template = repo().join("themes/default/templates/policy.html");
        fs::copy(template, root.join("templates/policy.html")).unwrap();
    });
    let mut events = server.events();
    let template = server.read("templates/policy.html");
    let marker = "<article class=\"policy\"";
    assert!(template.contains(marker));
    let edited = template.replacen(marker, "<article data-edit=\"1\" class=\"policy\"", 1);
    server.write("templates/policy.html", &edited);
    events.until(|s| s.ok && s.page > 1);
    // The first request of each page, right after the reload: the new template's output.
    let home = server.get("/en/").text();
    assert!(home.contains("House rules"), "{home}");
    for page in [PAGE, "/ja/house-rules/"] {
        let text = server.get(page).text();
        assert!(text.contains("data-edit=\"1\""), "{page}: {text}");
    }
    let line = server.wait_log(|l| l.starts_with("rebuilt after templates/policy.html"));
    assert!(line.contains("the first ones as asked for"), "{line}");
    // Once the whole site is rendered again, the same bytes.
    assert!(server.get(PAGE).text().contains("data-edit=\"1\""));

    // A template that compiles but cannot render: the overlay, located in the template.
    let broken = edited.replacen(
        "<article data-edit",
        "{{ no_such_variable }}<article data-edit",
        1,
    );
    assert_ne!(broken, edited);
    server.write("templates/policy.html", &broken);
    events.until(|s| !s.ok);
    let text = server.get(PAGE).text();
    assert!(text.contains("id=\"hoshin-overlay\""), "{text}");
    assert!(text.contains("templates/policy.html:"), "{text}");
    // Under it, the last good page, as after any failed build.
    assert!(text.contains("data-edit=\"1\""), "{text}");

    server.write("templates/policy.html", &edited);
    events.until(|s| s.ok);
    let text = server.get(PAGE).text();
    assert!(text.contains("data-edit=\"1\""), "{text}");
    assert!(!text.contains("id=\"hoshin-overlay\""), "{text}");
}

#[test]
fn after_a_locale_edit_every_page_comes_from_the_new_messages_at_once() {
    let server = Server::start(&fixture("minimal"));
    let mut events = server.events();
    let ftl = "locales/en/house-rules.ftl";
    let original = server.read(ftl);
    let (id, rest) = original
        .lines()
        .find_map(|l| {
            l.split_once(" = ")
                .filter(|(id, _)| !id.starts_with(['#', ' ']))
        })
        .expect("a message");
    let line = format!("{id} = {rest}");
    let edited = original.replacen(&line, &format!("{id} = Edited by the test {rest}"), 1);
    server.write(ftl, &edited);
    events.until(|s| s.ok && s.page > 1);
    let text = server.get(PAGE).text();
    assert!(text.contains("Edited by the test"), "{text}");
    let line = server.wait_log(|l| l.starts_with("rebuilt after locales/en/"));
    assert!(line.contains("the first ones as asked for"), "{line}");
}
