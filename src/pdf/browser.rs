//! One headless Chromium for the whole run, driven over the DevTools protocol (CDP) through a
//! pipe: with `--remote-debugging-pipe` the browser reads commands from its file descriptor 3
//! and writes replies and events to descriptor 4, each a JSON text ended by a NUL byte.
//!
//! A pipe rather than `--remote-debugging-port`: no TCP port is opened, so no other local user
//! or page can drive a browser that reads this user's files, there is no port to discover,
//! and no WebSocket client is needed (the protocol is a handful of JSON messages, written
//! with serde_json). When the browser exits or crashes the pipe closes: every waiting call
//! fails at once instead of hanging, and every step has a timeout besides.
//!
//! The descriptors are set up by `/bin/sh` (`exec chromium … 3<&0 4>&1`), so no unsafe
//! `pre_exec` is needed; on systems without `sh` [`Browser::launch`] fails and the caller
//! prints with a process per page instead.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::base64;

/// How long the browser may take to start and answer its first command.
const START: Duration = Duration::from_secs(30);
/// How long a small command (open a tab, enable a domain) may take.
const STEP: Duration = Duration::from_secs(15);
/// How long closing the browser may take before it is killed.
const CLOSE: Duration = Duration::from_secs(5);
/// How many of the browser's last standard-error lines are kept for error messages.
const STDERR_LINES: usize = 20;

/// What went wrong talking to the browser.
#[derive(Debug)]
pub(super) enum CdpError {
    /// The browser closed the pipe: it exited or crashed.
    Closed,
    /// No answer in time; the step that timed out.
    Timeout(String),
    /// The tab crashed or was closed.
    TabCrashed,
    /// The browser answered with an error, or the page could not be printed.
    Failed(String),
}

impl std::fmt::Display for CdpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CdpError::Closed => write!(f, "the browser exited"),
            CdpError::Timeout(step) => write!(f, "no answer to {step} in time"),
            CdpError::TabCrashed => write!(f, "the tab crashed"),
            CdpError::Failed(why) => f.write_str(why),
        }
    }
}

/// A reply to one command: its result, or the browser's error message.
type Reply = Result<Value, String>;

/// An event the browser sent to one tab's session.
struct Event {
    method: String,
}

/// What the reader thread shares with the callers.
#[derive(Default)]
struct Routes {
    /// Calls waiting for their reply, by command id.
    pending: HashMap<u64, SyncSender<Reply>>,
    /// Each open tab's event channel, by session id.
    sessions: HashMap<String, Sender<Event>>,
    /// Set once the pipe has closed: no reply will come any more.
    closed: bool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running headless Chromium.
pub(super) struct Browser {
    child: Mutex<Child>,
    writer: Mutex<ChildStdin>,
    routes: Arc<Mutex<Routes>>,
    next_id: AtomicU64,
    profile: PathBuf,
    stderr: Arc<Mutex<Vec<String>>>,
}

impl Browser {
    /// Starts `chromium` headless with a fresh profile and waits until it answers.
    pub(super) fn launch(chromium: &Path) -> Result<Browser, String> {
        let profile =
            super::fresh_profile().map_err(|e| format!("cannot create a profile folder: {e}"))?;
        let mut cmd = Command::new("/bin/sh");
        // `$0` is the browser, `$@` its arguments; the pipe's two ends become descriptors 3
        // and 4, and the browser's own standard input and output are closed off.
        cmd.arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
            .arg(chromium)
            .args(super::browser_flags())
            .arg("--remote-debugging-pipe")
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&profile);
                return Err(format!("cannot run /bin/sh to start the browser: {e}"));
            }
        };
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            let _ = std::fs::remove_dir_all(&profile);
            return Err("cannot connect to the browser's pipes".into());
        };
        let routes = Arc::new(Mutex::new(Routes::default()));
        let lines = Arc::new(Mutex::new(Vec::new()));
        // Neither thread is joined: the browser's helper processes may hold standard error
        // open for a moment after it exits, and the reader ends when the pipe closes.
        {
            let routes = Arc::clone(&routes);
            std::thread::spawn(move || read_replies(stdout, &routes));
        }
        {
            let lines = Arc::clone(&lines);
            std::thread::spawn(move || keep_last_lines(stderr, &lines));
        }
        let browser = Browser {
            child: Mutex::new(child),
            writer: Mutex::new(stdin),
            routes,
            next_id: AtomicU64::new(1),
            profile,
            stderr: lines,
        };
        match browser.call(None, "Browser.getVersion", json!({}), START) {
            Ok(_) => Ok(browser),
            Err(e) => {
                let last = browser.last_error_line();
                Err(match last {
                    Some(line) => format!("{e}: {line}"),
                    None => e.to_string(),
                })
            }
        }
    }

    /// The browser's last non-empty line on standard error, for error messages.
    pub(super) fn last_error_line(&self) -> Option<String> {
        lock(&self.stderr)
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .cloned()
    }

    /// Sends one command and waits up to `timeout` for its reply.
    fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value, CdpError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::sync_channel(1);
        {
            let mut routes = lock(&self.routes);
            if routes.closed {
                return Err(CdpError::Closed);
            }
            routes.pending.insert(id, tx);
        }
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = Value::from(s);
        }
        let mut bytes = message.to_string().into_bytes();
        bytes.push(0);
        let written = {
            let mut w = lock(&self.writer);
            w.write_all(&bytes).and_then(|()| w.flush())
        };
        if written.is_err() {
            lock(&self.routes).pending.remove(&id);
            return Err(CdpError::Closed);
        }
        match rx.recv_timeout(timeout) {
            Ok(Ok(result)) => Ok(result),
            Ok(Err(message)) => Err(CdpError::Failed(format!("{method}: {message}"))),
            Err(RecvTimeoutError::Timeout) => {
                lock(&self.routes).pending.remove(&id);
                Err(CdpError::Timeout(method.to_string()))
            }
            Err(RecvTimeoutError::Disconnected) => Err(CdpError::Closed),
        }
    }

    /// Opens a new tab (a target with its own session).
    pub(super) fn open_tab(&self) -> Result<Tab<'_>, CdpError> {
        let created = self.call(
            None,
            "Target.createTarget",
            json!({ "url": "about:blank" }),
            STEP,
        )?;
        let target = string_field(&created, "targetId")?;
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
            STEP,
        )?;
        let session = string_field(&attached, "sessionId")?;
        let (tx, events) = mpsc::channel();
        lock(&self.routes).sessions.insert(session.clone(), tx);
        let tab = Tab {
            browser: self,
            target,
            session,
            events,
        };
        // Page events (the load event); Inspector events (a crashed renderer).
        self.call(Some(&tab.session), "Page.enable", json!({}), STEP)?;
        self.call(Some(&tab.session), "Inspector.enable", json!({}), STEP)?;
        Ok(tab)
    }

    /// Whether the browser still runs and its pipe is open. A browser found to have exited
    /// counts as closed even if a helper process still holds the pipe, so that no call waits
    /// for its timeout.
    pub(super) fn is_alive(&self) -> bool {
        if lock(&self.routes).closed {
            return false;
        }
        if let Ok(Some(_)) = lock(&self.child).try_wait() {
            let mut routes = lock(&self.routes);
            routes.closed = true;
            routes.pending.clear();
            routes.sessions.clear();
            return false;
        }
        true
    }

    /// Asks the browser to close, waits a little, then kills it if it is still running.
    pub(super) fn close(self) {
        let _ = self.call(None, "Browser.close", json!({}), CLOSE);
        let deadline = Instant::now() + CLOSE;
        while Instant::now() < deadline {
            match lock(&self.child).try_wait() {
                Ok(Some(_)) | Err(_) => return,
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        // Still running: dropping `self` kills it.
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner());
        if let Ok(None) = child.try_wait() {
            let _ = child.kill();
        }
        let _ = child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn string_field(v: &Value, key: &str) -> Result<String, CdpError> {
    v.get(key)
        .and_then(Value::as_str)
        .map(String::from)
        .ok_or_else(|| CdpError::Failed(format!("the browser's reply has no `{key}`")))
}

/// One tab, printing one page after another.
pub(super) struct Tab<'b> {
    browser: &'b Browser,
    target: String,
    session: String,
    events: Receiver<Event>,
}

/// The `Page.printToPDF` parameters: the page's own `@page` size and margins, backgrounds,
/// no header or footer, and a tagged (accessible) PDF, which also carries the page's language.
fn print_params() -> Value {
    json!({
        "preferCSSPageSize": true,
        "printBackground": true,
        "displayHeaderFooter": false,
        "generateTaggedPDF": true,
        "transferMode": "ReturnAsBase64",
    })
}

impl Tab<'_> {
    /// Loads `url`, waits for its load event and its fonts, and prints it to PDF; the whole
    /// page may take up to `timeout`.
    pub(super) fn print(&self, url: &str, timeout: Duration) -> Result<Vec<u8>, CdpError> {
        let deadline = Instant::now() + timeout;
        let left = || deadline.saturating_duration_since(Instant::now());
        let session = Some(self.session.as_str());
        while self.events.try_recv().is_ok() {}
        let navigated =
            self.browser
                .call(session, "Page.navigate", json!({ "url": url }), left())?;
        if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
            return Err(CdpError::Failed(format!("cannot open the page: {error}")));
        }
        self.wait_for("Page.loadEventFired", deadline)?;
        // Web fonts may still be loading after the load event.
        self.browser.call(
            session,
            "Runtime.evaluate",
            json!({ "expression": "document.fonts.ready.then(() => true)", "awaitPromise": true }),
            left(),
        )?;
        let printed = self
            .browser
            .call(session, "Page.printToPDF", print_params(), left())?;
        let data = printed
            .get("data")
            .and_then(Value::as_str)
            .ok_or_else(|| CdpError::Failed("the browser returned no PDF".into()))?;
        base64::decode(data)
            .filter(|pdf| pdf.starts_with(b"%PDF-"))
            .ok_or_else(|| {
                CdpError::Failed("the browser returned something other than a PDF".into())
            })
    }

    fn wait_for(&self, method: &str, deadline: Instant) -> Result<(), CdpError> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(e) if e.method == method => return Ok(()),
                Ok(e)
                    if e.method == "Target.detachedFromTarget"
                        || e.method == "Inspector.targetCrashed" =>
                {
                    return Err(CdpError::TabCrashed)
                }
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    return Err(CdpError::Timeout("the page's load event".into()))
                }
                Err(RecvTimeoutError::Disconnected) => return Err(CdpError::Closed),
            }
        }
    }
}

impl Drop for Tab<'_> {
    fn drop(&mut self) {
        lock(&self.browser.routes).sessions.remove(&self.session);
        if self.browser.is_alive() {
            let _ = self.browser.call(
                None,
                "Target.closeTarget",
                json!({ "targetId": self.target }),
                CLOSE,
            );
        }
    }
}

/// Reads NUL-ended messages from the browser and hands each to whoever waits for it, until
/// the pipe closes; then every waiting call learns that no reply will come.
fn read_replies(stdout: impl Read, routes: &Mutex<Routes>) {
    let mut reader = BufReader::new(stdout);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(0, &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if buf.last() == Some(&0) {
            buf.pop();
        }
        let Ok(message) = serde_json::from_slice::<Value>(&buf) else {
            continue;
        };
        route(&message, routes);
    }
    let mut routes = lock(routes);
    routes.closed = true;
    routes.pending.clear();
    routes.sessions.clear();
}

fn route(message: &Value, routes: &Mutex<Routes>) {
    let mut routes = lock(routes);
    if let Some(id) = message.get("id").and_then(Value::as_u64) {
        if let Some(tx) = routes.pending.remove(&id) {
            let reply = match message.get("error") {
                Some(e) => Err(e
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown error")
                    .to_string()),
                None => Ok(message.get("result").cloned().unwrap_or(Value::Null)),
            };
            let _ = tx.send(reply);
        }
        return;
    }
    let Some(method) = message.get("method").and_then(Value::as_str) else {
        return;
    };
    // A tab's events carry its session; a detached (closed or crashed) tab is announced to
    // the browser with the session in the parameters.
    let session = message
        .get("sessionId")
        .and_then(Value::as_str)
        .or_else(|| {
            (method == "Target.detachedFromTarget")
                .then(|| message.pointer("/params/sessionId").and_then(Value::as_str))
                .flatten()
        });
    if let Some(tx) = session.and_then(|s| routes.sessions.get(s)) {
        let _ = tx.send(Event {
            method: method.to_string(),
        });
    }
}

fn keep_last_lines(stderr: impl Read, lines: &Mutex<Vec<String>>) {
    for line in BufReader::new(stderr).lines() {
        let Ok(line) = line else { break };
        let mut lines = lock(lines);
        if lines.len() == STDERR_LINES {
            lines.remove(0);
        }
        lines.push(line);
    }
}
