//! The lines `hoshin serve` prints: the outcome of each build and the addresses it answers on.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use super::ServeOptions;
use crate::diagnostics::Diagnostics;

/// Which build a log line is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Attempt {
    /// The build `serve` starts with: there is no reload and no earlier build.
    First,
    /// A rebuild after a change; `good` says whether some build has ever succeeded.
    Rebuild { good: bool },
}

/// Prints the outcome of a build: one timing line, or the diagnostics.
pub(super) fn report(
    options: &ServeOptions,
    result: &Result<Diagnostics, Diagnostics>,
    time: Duration,
    check: Option<Duration>,
    what: &str,
    attempt: Attempt,
) {
    eprint!(
        "{}",
        report_text(
            options.quiet,
            options.color,
            result,
            time,
            check,
            what,
            attempt
        )
    );
}

/// The text [`report`] prints.
fn report_text(
    quiet: bool,
    color: bool,
    result: &Result<Diagnostics, Diagnostics>,
    time: Duration,
    check: Option<Duration>,
    what: &str,
    attempt: Attempt,
) -> String {
    let ms = time.as_secs_f64() * 1000.0;
    let check = check
        .map(|c| {
            let c = c.as_secs_f64() * 1000.0;
            match attempt {
                Attempt::First => format!(" (check {c:.1} ms)"),
                Attempt::Rebuild { .. } => format!(" (check {c:.1} ms, after the reload)"),
            }
        })
        .unwrap_or_default();
    let mut out = String::new();
    match result {
        Ok(warnings) => {
            if !quiet {
                for d in warnings.sorted() {
                    out.push_str(&format!("{}\n\n", d.render(color)));
                }
                let done = match attempt {
                    Attempt::First => "Built".to_string(),
                    Attempt::Rebuild { .. } => what.to_string(),
                };
                out.push_str(&format!("{done} in {ms:.1} ms{check}\n"));
            }
        }
        Err(errors) => {
            for d in errors.sorted() {
                out.push_str(&format!("{}\n\n", d.render(color)));
            }
            let n = errors.error_count();
            let s = if n == 1 { "" } else { "s" };
            let serving = match attempt {
                Attempt::Rebuild { good: true } => "still serving the last good build",
                _ => "serving a page that lists the errors until the site builds",
            };
            out.push_str(&format!(
                "error: {what} failed with {n} error{s} in {ms:.1} ms; {serving}\n"
            ));
        }
    }
    out
}

/// The log line of a rebuild, printed once its check is done: what changed, how much was
/// rebuilt, and the time from the end of the debounce to the reload.
pub(super) fn rebuild_line(
    options: &ServeOptions,
    shared: &super::Shared,
    batch: &super::watcher::Batch,
    done: &super::Rebuild,
) -> super::checker::LogLine {
    let time = done.reloaded - batch.received;
    let what = batch.describe(&shared.root);
    let how = match done.rebuilt {
        crate::incremental::Rebuilt::Full => "everything".to_string(),
        crate::incremental::Rebuilt::Policies(1) => "1 policy".to_string(),
        crate::incremental::Rebuilt::Policies(n) => format!("{n} policies"),
        crate::incremental::Rebuilt::Nothing => "nothing to render".to_string(),
        crate::incremental::Rebuilt::Lazily => {
            "every page, the first ones as asked for".to_string()
        }
    };
    let good = shared.snapshot().output.is_some();
    let (verb, what) = match done.result {
        Ok(_) => ("rebuilt", format!("after {what} ({how})")),
        Err(_) => ("rebuild", format!("after {what}")),
    };
    let what = format!("{verb} {what}");
    let (options, result) = (options.clone(), done.result.clone());
    Box::new(move |check| {
        report(
            &options,
            &result,
            time,
            check,
            &what,
            Attempt::Rebuild { good },
        );
    })
}

/// The preview's URLs on this machine's other addresses, when it listens on all of them
/// (`--bind 0.0.0.0` or `::`): what a colleague types. IPv6 addresses only when bound to `::`,
/// and never link-local ones (they need a zone the URL cannot carry portably).
pub(super) fn lan_urls(bind: IpAddr, port: u16) -> Vec<String> {
    let Ok(interfaces) = if_addrs::get_if_addrs() else {
        return Vec::new();
    };
    let mut ips: Vec<IpAddr> = interfaces
        .iter()
        .map(|i| i.ip())
        .filter(|ip| !ip.is_loopback())
        .filter(|ip| match ip {
            IpAddr::V4(_) => true,
            IpAddr::V6(v6) => bind.is_ipv6() && (v6.segments()[0] & 0xffc0) != 0xfe80,
        })
        .collect();
    ips.sort();
    ips.dedup();
    ips.into_iter()
        .map(|ip| format!("http://{}/", SocketAddr::new(ip, port)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    fn failed() -> Result<Diagnostics, Diagnostics> {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error("broken"));
        Err(d)
    }

    const MS: Duration = Duration::from_millis(12);

    #[test]
    fn a_first_build_that_fails_promises_no_last_good_build() {
        let text = report_text(
            false,
            false,
            &failed(),
            MS,
            None,
            "the build",
            Attempt::First,
        );
        assert!(
            text.contains("error: the build failed with 1 error in 12.0 ms"),
            "{text}"
        );
        assert!(!text.contains("last good build"), "{text}");
        let text = report_text(
            false,
            false,
            &failed(),
            MS,
            None,
            "rebuild after x",
            Attempt::Rebuild { good: false },
        );
        assert!(!text.contains("last good build"), "{text}");
        let text = report_text(
            false,
            false,
            &failed(),
            MS,
            None,
            "rebuild after x",
            Attempt::Rebuild { good: true },
        );
        assert!(
            text.contains(
                "rebuild after x failed with 1 error in 12.0 ms; still serving the last good build"
            ),
            "{text}"
        );
    }

    #[test]
    fn only_a_rebuild_mentions_a_reload() {
        let ok = Ok(Diagnostics::new());
        let check = Some(Duration::from_micros(700));
        let text = report_text(false, false, &ok, MS, check, "the build", Attempt::First);
        assert_eq!(text, "Built in 12.0 ms (check 0.7 ms)\n");
        let text = report_text(
            false,
            false,
            &ok,
            MS,
            check,
            "rebuilt after a.md (1 policy)",
            Attempt::Rebuild { good: true },
        );
        assert_eq!(
            text,
            "rebuilt after a.md (1 policy) in 12.0 ms (check 0.7 ms, after the reload)\n"
        );
    }

    #[test]
    fn lan_addresses_are_neither_loopback_nor_link_local() {
        for url in lan_urls("0.0.0.0".parse().unwrap(), 1111) {
            assert!(
                url.starts_with("http://") && url.ends_with(":1111/"),
                "{url}"
            );
            assert!(
                !url.contains("127.0.0.1") && !url.contains("[::1]") && !url.contains("[fe80"),
                "{url}"
            );
            assert!(!url.contains('['), "IPv6 only when bound to `::`: {url}");
        }
    }
}
