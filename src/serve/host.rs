//! Which host names the preview answers to: the `Host` check against DNS rebinding.
//!
//! A web page on a name its author controls (`evil.example`) can point that name at 127.0.0.1
//! after the page has loaded; the browser then sends the page's own requests, with
//! `Host: evil.example`, to the preview, and lets the page read the answers: unpublished
//! drafts. Browsers always send the name they looked up, so the preview refuses every request
//! whose `Host` is not one of its own names, whatever address it listens on:
//!
//! - `localhost`, `127.0.0.1` and `[::1]`, with any port (an SSH tunnel or a container's port
//!   mapping changes the port the browser sees; a port proves nothing against rebinding, where
//!   the name is the attacker's);
//! - the address the connection reached, as an IP literal: the `--bind` address, or, bound to
//!   `0.0.0.0` or `::`, whichever of this machine's addresses a colleague typed. An IP literal
//!   cannot be rebound. Other names of this machine (`laptop.local`) are refused: type its
//!   address instead.
//!
//! The check fails closed: a request must carry exactly one `Host`, and it must read as
//! `host[:port]` (a DNS name, a dotted IPv4 address or a bracketed IPv6 address, then an
//! optional port 1–65535), else 400. A request target in absolute form
//! (`GET http://127.0.0.1:1111/ HTTP/1.1`) must be `http://` with no user part, name an
//! allowed host too, and agree with `Host` (same host, same port; no port means 80), else 400
//! or 421.
//!
//! This stops rebinding, not cross-site requests: a page elsewhere can still make the browser
//! send `GET http://127.0.0.1:1111/…` with a genuine `Host` (it cannot read the answer). That
//! is harmless for GET and HEAD. The one request that changes something (`POST
//! /_hoshin/review`, see `super::review`) is also held to [`check_origin`]: a browser names
//! the page that sent it in `Origin` and `Sec-Fetch-Site`, and both must say it is one of the
//! preview's own pages; the form's secret token covers clients that send neither.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use axum::http::{header, HeaderMap, Uri};

/// Why a request's host was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No `Host`, several, or one that does not read as `host[:port]`; or an absolute-form
    /// target that is not `http://host[:port]` or disagrees with `Host` (400).
    Malformed(&'static str),
    /// A well-formed name or address the preview does not answer to (421).
    Foreign,
}

/// A `host[:port]` as a request spelt it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Authority {
    host: Host,
    port: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Host {
    /// A DNS name, lowercased.
    Name(String),
    /// An IP literal, IPv4-mapped IPv6 addresses as IPv4.
    Ip(IpAddr),
}

/// Checks the `Host` header and an absolute-form target of a request that arrived on a
/// connection to `local` (this machine's address the client reached).
pub(crate) fn check(headers: &HeaderMap, uri: &Uri, local: IpAddr) -> Result<(), Refusal> {
    let mut hosts = headers.get_all(header::HOST).iter();
    let (Some(value), None) = (hosts.next(), hosts.next()) else {
        return Err(Refusal::Malformed(
            "a request needs exactly one Host header",
        ));
    };
    let host = value
        .to_str()
        .ok()
        .and_then(parse)
        .ok_or(Refusal::Malformed("the Host header is not host[:port]"))?;
    if !allowed(&host.host, local) {
        return Err(Refusal::Foreign);
    }
    if uri.scheme().is_none() && uri.authority().is_none() {
        return Ok(()); // origin form: `GET /path`
    }
    let target = match (uri.scheme_str(), uri.authority()) {
        (Some("http"), Some(authority)) => parse(authority.as_str()),
        _ => None,
    }
    .ok_or(Refusal::Malformed(
        "an absolute request target must be http://host[:port]/…",
    ))?;
    if !allowed(&target.host, local) {
        return Err(Refusal::Foreign);
    }
    let port = |a: &Authority| a.port.unwrap_or(80);
    if target.host != host.host || port(&target) != port(&host) {
        return Err(Refusal::Malformed(
            "the request target and the Host header name different hosts",
        ));
    }
    Ok(())
}

/// Checks that a request which changes something comes from the preview's own pages: an
/// `Origin`, when there is one (exactly one), must be `http://` and an allowed host with the
/// same host and port as `Host` (which [`check`] accepted before); a `Sec-Fetch-Site`, when
/// there is one, must be `same-origin`. `Origin: null` (sandboxed frames, some redirects) is
/// refused.
pub(crate) fn check_origin(headers: &HeaderMap, local: IpAddr) -> Result<(), &'static str> {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .and_then(parse)
        .ok_or("the Host header is not host[:port]")?;
    let mut origins = headers.get_all(header::ORIGIN).iter();
    match (origins.next(), origins.next()) {
        (None, _) => {}
        (Some(origin), None) => {
            let origin = origin
                .to_str()
                .ok()
                .and_then(|o| o.strip_prefix("http://"))
                .and_then(parse)
                .ok_or("the request comes from another site (Origin)")?;
            let port = |a: &Authority| a.port.unwrap_or(80);
            if !allowed(&origin.host, local)
                || origin.host != host.host
                || port(&origin) != port(&host)
            {
                return Err("the request comes from another site (Origin)");
            }
        }
        (Some(_), Some(_)) => return Err("a request may carry one Origin header"),
    }
    let mut sites = headers.get_all("sec-fetch-site").iter();
    match (sites.next(), sites.next()) {
        (None, _) => Ok(()),
        (Some(site), None) if site.as_bytes() == b"same-origin" => Ok(()),
        _ => Err("the request comes from another site (Sec-Fetch-Site)"),
    }
}

/// Whether the preview answers to `host` on a connection to `local`.
fn allowed(host: &Host, local: IpAddr) -> bool {
    match host {
        Host::Name(name) => name == "localhost",
        Host::Ip(ip) => {
            *ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
                || *ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
                || *ip == local.to_canonical()
        }
    }
}

/// Reads `host[:port]`: a DNS name (letters, digits, hyphens, dots; no empty label), a dotted
/// IPv4 address or a bracketed IPv6 address, then nothing or `:` and a port 1–65535.
fn parse(s: &str) -> Option<Authority> {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        let ip: Ipv6Addr = ip.parse().ok()?;
        let port = match after {
            "" => None,
            after => Some(parse_port(after.strip_prefix(':')?)?),
        };
        (Host::Ip(IpAddr::V6(ip).to_canonical()), port)
    } else {
        let (name, port) = match s.split_once(':') {
            Some((name, port)) => (name, Some(parse_port(port)?)),
            None => (s, None),
        };
        let host = match name.parse::<Ipv4Addr>() {
            Ok(ip) => Host::Ip(IpAddr::V4(ip)),
            Err(_) if is_dns_name(name) => Host::Name(name.to_ascii_lowercase()),
            Err(_) => return None,
        };
        (host, port)
    };
    Some(Authority { host, port })
}

fn parse_port(s: &str) -> Option<u16> {
    if s.is_empty() || s.len() > 5 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|&p| p != 0)
}

/// A DNS name, possibly absolute (`localhost.`, which is not `localhost` here: fail closed).
fn is_dns_name(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    fn headers(hosts: &[&[u8]]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for host in hosts {
            h.append(header::HOST, HeaderValue::from_bytes(host).unwrap());
        }
        h
    }

    fn host_check(host: &str, local: IpAddr) -> Result<(), Refusal> {
        check(&headers(&[host.as_bytes()]), &Uri::from_static("/"), local)
    }

    #[test]
    fn local_names_with_any_port_are_answered() {
        for host in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:1111",
            "[::1]",
            "[::ffff:127.0.0.1]:1111",
            "localhost:65535",
        ] {
            assert_eq!(host_check(host, LOOPBACK), Ok(()), "{host}");
        }
    }

    #[test]
    fn foreign_names_are_refused_whatever_the_bind_address() {
        let lan = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 5));
        for local in [LOOPBACK, lan, IpAddr::V6(Ipv6Addr::LOCALHOST)] {
            for host in [
                "evil.example:1111",
                "evil.example",
                "127.0.0.1.evil.example",
                "localhost.evil.example",
                "localhost.",
                "laptop.local:1111",
                "10.0.0.1:1111",
                "0.0.0.0:1111",
                "[::]:1111",
                "127.0.0.2:1111",
            ] {
                assert_eq!(host_check(host, local), Err(Refusal::Foreign), "{host}");
            }
        }
    }

    #[test]
    fn the_address_the_connection_reached_is_answered() {
        let lan = IpAddr::V4(Ipv4Addr::new(192, 168, 1, 5));
        assert_eq!(host_check("192.168.1.5:1111", lan), Ok(()));
        assert_eq!(host_check("localhost:1111", lan), Ok(()));
        assert_eq!(
            host_check("192.168.1.6:1111", lan),
            Err(Refusal::Foreign),
            "another machine's address"
        );
        // Bound to `::`, an IPv4 client arrives on an IPv4-mapped address.
        let mapped = IpAddr::V6(Ipv4Addr::new(192, 168, 1, 5).to_ipv6_mapped());
        assert_eq!(host_check("192.168.1.5:1111", mapped), Ok(()));
        let v6 = IpAddr::V6("fd00::5".parse().unwrap());
        assert_eq!(host_check("[fd00::5]:1111", v6), Ok(()));
        assert_eq!(host_check("[FD00:0::5]", v6), Ok(()));
        assert_eq!(host_check("[fd00::6]:1111", v6), Err(Refusal::Foreign));
    }

    #[test]
    fn anything_but_one_host_port_is_malformed() {
        let malformed = |h: &HeaderMap| {
            matches!(
                check(h, &Uri::from_static("/"), LOOPBACK),
                Err(Refusal::Malformed(_))
            )
        };
        assert!(malformed(&headers(&[])), "no Host");
        assert!(
            malformed(&headers(&[b"127.0.0.1:1111", b"evil.example"])),
            "two"
        );
        assert!(
            malformed(&headers(&[b"127.0.0.1:1111", b"127.0.0.1:1111"])),
            "two, even equal"
        );
        for host in [
            &b""[..],
            b"127.0.0.1:1111, evil.example",
            b"127.0.0.1:1111,evil.example",
            b"127.0.0.1 evil.example",
            b"127.0.0.1:1111/evil",
            b"localhost:1111@evil.example",
            b"user@localhost:1111",
            b"localhost:",
            b"localhost:0",
            b"localhost:65536",
            b"localhost:001111",
            b"localhost:+80",
            b"localhost:1111:1111",
            b"[::1",
            b"[::1]x",
            b"[::1]:",
            b"[127.0.0.1]",
            b"[fe80::1%25eth0]:1111",
            b"::1",
            b"local_host",
            b"local..host",
            b"localhost..",
            b".localhost",
            b"127.0.0.1\xff",
            "ｌｏｃａｌｈｏｓｔ".as_bytes(),
        ] {
            assert!(
                malformed(&headers(&[host])),
                "{}",
                String::from_utf8_lossy(host)
            );
        }
    }

    #[test]
    fn a_change_must_come_from_the_previews_own_origin() {
        let origin = |host: &str, extra: &[(&str, &str)]| {
            let mut h = headers(&[host.as_bytes()]);
            for (k, v) in extra {
                h.append(
                    axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                    HeaderValue::from_str(v).unwrap(),
                );
            }
            check_origin(&h, LOOPBACK)
        };
        assert_eq!(origin("127.0.0.1:1111", &[]), Ok(()));
        assert_eq!(
            origin(
                "127.0.0.1:1111",
                &[
                    ("origin", "http://127.0.0.1:1111"),
                    ("sec-fetch-site", "same-origin")
                ]
            ),
            Ok(())
        );
        assert_eq!(
            origin("localhost", &[("origin", "http://LOCALHOST:80")]),
            Ok(())
        );
        for extra in [
            vec![("origin", "http://evil.example")],
            vec![("origin", "https://127.0.0.1:1111")],
            vec![("origin", "http://127.0.0.1:1112")],
            vec![("origin", "http://localhost:1111")],
            vec![("origin", "null")],
            vec![("origin", "http://127.0.0.1:1111/x")],
            vec![
                ("origin", "http://127.0.0.1:1111"),
                ("origin", "http://127.0.0.1:1111"),
            ],
            vec![("sec-fetch-site", "cross-site")],
            vec![("sec-fetch-site", "same-site")],
            vec![("sec-fetch-site", "none")],
        ] {
            assert!(origin("127.0.0.1:1111", &extra).is_err(), "{extra:?}");
        }
    }

    #[test]
    fn an_absolute_target_must_be_allowed_and_agree_with_host() {
        let target = |uri: &'static str, host: &str| {
            check(
                &headers(&[host.as_bytes()]),
                &Uri::from_static(uri),
                LOOPBACK,
            )
        };
        assert_eq!(target("http://127.0.0.1:1111/x", "127.0.0.1:1111"), Ok(()));
        assert_eq!(target("http://LOCALHOST/", "localhost:80"), Ok(()));
        assert_eq!(
            target("http://evil.example/", "127.0.0.1:1111"),
            Err(Refusal::Foreign)
        );
        assert_eq!(
            target("http://evil.example:1111/", "evil.example:1111"),
            Err(Refusal::Foreign)
        );
        for (uri, host) in [
            ("http://localhost:1111/", "127.0.0.1:1111"),
            ("http://127.0.0.1/", "127.0.0.1:1111"),
            ("http://127.0.0.1:1112/", "127.0.0.1:1111"),
            ("https://127.0.0.1:1111/", "127.0.0.1:1111"),
            ("ftp://127.0.0.1:1111/", "127.0.0.1:1111"),
            ("http://user@127.0.0.1:1111/", "127.0.0.1:1111"),
            ("http://user:pw@127.0.0.1:1111/", "127.0.0.1:1111"),
        ] {
            assert!(
                matches!(target(uri, host), Err(Refusal::Malformed(_))),
                "{uri} with Host {host}"
            );
        }
    }
}
