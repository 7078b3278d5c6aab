//! The URLs a site gives, checked one way wherever they come from: Markdown links and images,
//! `[organisation] url` and `base_url` in `hoshin.toml`, a definition's `url` and
//! `[contact] url` / `email` in `policy.toml`. A URL that could run code or embed data
//! (`javascript:`, `data:`, `vbscript:`, in any case and with any whitespace or control
//! characters inside) is refused everywhere; a field that must be a web address must parse
//! as an absolute `http(s)` URL.

/// The scheme of `url` when it is one that runs code or embeds data (`javascript`, `data`,
/// `vbscript`), as browsers read it: case-folded, with whitespace and control characters
/// ignored.
pub fn unsafe_scheme(url: &str) -> Option<String> {
    const SCHEMES: [&str; 3] = ["javascript", "data", "vbscript"];
    // Read the scheme without allocating: every link of every page passes through here.
    let mut scheme = [0u8; 10];
    let mut len = 0;
    for c in url.chars() {
        match c {
            ':' => break,
            '/' | '#' | '?' => return None,
            c if c.is_whitespace() || c.is_control() => {}
            c if c.is_ascii_alphabetic() && len < scheme.len() => {
                scheme[len] = c.to_ascii_lowercase() as u8;
                len += 1;
            }
            _ => return None,
        }
    }
    let scheme = std::str::from_utf8(&scheme[..len]).ok()?;
    (url.contains(':') && SCHEMES.contains(&scheme)).then(|| scheme.to_string())
}

/// Checks a field that must be a web page: an absolute `http://` or `https://` URL with a
/// host, without whitespace, control characters or quotes.
pub fn check_web_url(url: &str) -> Result<(), String> {
    if let Some(scheme) = unsafe_scheme(url) {
        return Err(format!("`{scheme}:` URLs are not allowed"));
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`'))
    {
        return Err(format!(
            "URL `{}` contains spaces, control characters or quotes",
            url.escape_debug()
        ));
    }
    let parsed = url::Url::parse(url).map_err(|e| format!("`{url}` is not a valid URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "`{url}` must be an absolute https:// (or http://) address"
        ));
    }
    Ok(())
}

/// Checks an email address as a `mailto:` link uses it: one `@` with text on both sides and
/// nothing a link could misread (spaces, controls, quotes, `?`, `&`, `:`, `/`).
pub fn check_email(email: &str) -> Result<(), String> {
    let bad = email.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '"' | '<' | '>' | '\\' | '?' | '&' | ':' | '/' | '#')
    });
    match email.split_once('@') {
        Some((user, host))
            if !bad && !user.is_empty() && host.contains('.') && !host.contains('@') =>
        {
            Ok(())
        }
        _ => Err(format!(
            "`{}` is not an email address",
            email.escape_debug()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_schemes_in_any_spelling() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " java\tscript:alert(1)",
            "java\u{0}script:x",
            "data:text/html,hi",
            "VBSCRIPT:x",
        ] {
            assert!(unsafe_scheme(url).is_some(), "{url:?}");
            assert!(check_web_url(url).is_err(), "{url:?}");
        }
        assert_eq!(unsafe_scheme("https://e.jp/a:b"), None);
        assert_eq!(unsafe_scheme("../x#data:y"), None);
    }

    #[test]
    fn web_urls_are_absolute_http() {
        assert!(check_web_url("https://www.mhlw.go.jp/content/11900000/000915233.pdf").is_ok());
        assert!(check_web_url("http://example.com").is_ok());
        assert!(check_web_url("ftp://example.com/").is_err());
        assert!(check_web_url("/relative/").is_err());
        assert!(check_web_url("https://e.jp/\nUser-agent: evil").is_err());
        assert!(check_web_url("https://e.jp/\u{0}").is_err());
        assert!(check_web_url("https://").is_err());
    }

    #[test]
    fn emails() {
        assert!(check_email("info@example.co.jp").is_ok());
        assert!(check_email("a@b.jp?subject=x").is_err());
        assert!(check_email("no-at.jp").is_err());
        assert!(check_email("a b@c.jp").is_err());
    }
}
