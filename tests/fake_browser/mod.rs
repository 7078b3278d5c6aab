//! A stand-in for Chromium, so `--pdf` is tested without a browser: the test binary itself,
//! started again through a small shell script ([`install`]) with the browser's arguments in
//! `HOSHIN_FAKE_ARGS`, runs the test `fake_browser`, which calls [`run`].
//!
//! With `--remote-debugging-pipe` it answers the DevTools protocol on descriptors 3 and 4 like
//! Chromium (the commands hoshin sends); otherwise it writes a PDF where `--print-to-pdf=`
//! says. Each PDF is one A4 page titled with the page's URL, which its content also names.
//! Environment knobs: `HOSHIN_FAKE_LOG` (a file: one line per launch and per command),
//! `HOSHIN_FAKE_NO_PIPE` (exit at once when asked for the pipe, like a browser without it),
//! and `HOSHIN_FAKE_FAIL`, `HOSHIN_FAKE_HANG`, `HOSHIN_FAKE_TAB_CRASH`, `HOSHIN_FAKE_CRASH` (a
//! piece of a URL: printing that page fails, never loads, crashes its tab, or makes the browser
//! exit).

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// Writes the stand-in's script into `dir`; returns its path, for `--chromium`.
#[cfg(unix)]
pub fn install(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let exe = std::env::current_exe().unwrap();
    let script = dir.join("chromium");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nHOSHIN_FAKE_ARGS=\"$(printf '%s\\n' \"$@\")\" exec '{}' fake_browser --exact --nocapture --test-threads=1 -q\n",
            exe.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    script
}

fn log(line: &str) {
    if let Some(path) = std::env::var_os("HOSHIN_FAKE_LOG") {
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        writeln!(f, "{line}").unwrap();
    }
}

fn knob(name: &str, url: &str) -> bool {
    std::env::var(name).is_ok_and(|piece| !piece.is_empty() && url.contains(&piece))
}

/// Plays the browser with the arguments in `args` (one per line); never returns.
pub fn run(args: &str) -> ! {
    let args: Vec<&str> = args.lines().collect();
    log(&format!("launch {}", args.join(" ")));
    if args.contains(&"--remote-debugging-pipe") {
        if std::env::var_os("HOSHIN_FAKE_NO_PIPE").is_some() {
            std::process::exit(0);
        }
        serve_pipe();
    }
    let url = args.last().copied().unwrap_or_default();
    if let Some(path) = args.iter().find_map(|a| a.strip_prefix("--print-to-pdf=")) {
        if knob("HOSHIN_FAKE_FAIL", url) {
            eprintln!("fake failure");
            std::process::exit(1);
        }
        fs::write(path, pdf(url)).unwrap();
    }
    std::process::exit(0)
}

fn serve_pipe() -> ! {
    let input = File::open("/dev/fd/3").unwrap();
    let mut output = OpenOptions::new().write(true).open("/dev/fd/4").unwrap();
    let mut send = |v: Value| {
        let mut bytes = v.to_string().into_bytes();
        bytes.push(0);
        // hoshin may have gone: nothing to do then.
        if output.write_all(&bytes).is_err() {
            std::process::exit(0);
        }
    };
    let mut urls: std::collections::HashMap<String, String> = Default::default();
    let mut targets = 0;
    let mut reader = BufReader::new(input);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if reader.read_until(0, &mut buf).unwrap_or(0) == 0 {
            std::process::exit(0);
        }
        buf.pop();
        let m: Value = serde_json::from_slice(&buf).unwrap();
        let id = m["id"].clone();
        let method = m["method"].as_str().unwrap_or_default().to_string();
        let session = m["sessionId"].as_str().unwrap_or_default().to_string();
        log(&format!("{method} {}", m["params"]));
        let result = match method.as_str() {
            "Browser.getVersion" => json!({ "product": "FakeChromium/1.0" }),
            "Target.createTarget" => {
                targets += 1;
                json!({ "targetId": format!("T{targets}") })
            }
            "Target.attachToTarget" => {
                json!({ "sessionId": format!("S-{}", m["params"]["targetId"].as_str().unwrap()) })
            }
            "Page.navigate" => {
                let url = m["params"]["url"].as_str().unwrap().to_string();
                if knob("HOSHIN_FAKE_CRASH", &url) {
                    std::process::exit(1);
                }
                let hang = knob("HOSHIN_FAKE_HANG", &url);
                let tab_crash = knob("HOSHIN_FAKE_TAB_CRASH", &url);
                urls.insert(session.clone(), url);
                send(json!({ "id": id, "sessionId": session, "result": { "frameId": "F" } }));
                if tab_crash {
                    send(
                        json!({ "method": "Inspector.targetCrashed", "sessionId": session, "params": {} }),
                    );
                } else if !hang {
                    send(
                        json!({ "method": "Page.loadEventFired", "sessionId": session, "params": {} }),
                    );
                }
                continue;
            }
            "Runtime.evaluate" => json!({ "result": { "type": "boolean", "value": true } }),
            "Page.printToPDF" => {
                let url = urls.get(&session).cloned().unwrap_or_default();
                if knob("HOSHIN_FAKE_FAIL", &url) {
                    send(
                        json!({ "id": id, "sessionId": session, "error": { "code": -32000, "message": "Printing failed" } }),
                    );
                    continue;
                }
                json!({ "data": base64(&pdf(&url)) })
            }
            "Browser.close" => {
                send(json!({ "id": id, "result": {} }));
                std::process::exit(0);
            }
            _ => json!({}),
        };
        let mut reply = json!({ "id": id, "result": result });
        if !session.is_empty() {
            reply["sessionId"] = Value::from(session);
        }
        send(reply);
    }
}

/// A one-page A4 PDF titled `url`, whose content names `url` too.
pub fn pdf(url: &str) -> Vec<u8> {
    let content = format!("% {url}\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R /Lang (en) >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
        format!("<< /Title ({url}) >>"),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}
