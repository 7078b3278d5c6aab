//! `hoshin build --local`: pages that work opened from disk (`file://`).
//!
//! A browser opening `ja/policy/` from disk shows a folder listing, not `index.html`; web
//! servers add the `index.html`, a file system does not. A local build writes every link that
//! leads to a folder of the site as a link to that folder's `index.html`. Only relative links in
//! `href` and `src` attributes change (absolute URLs, such as the canonical and hreflang links,
//! still name the published site); the HTML is hoshin's own output, where every attribute value
//! is quoted and escaped, so the attributes are found exactly.

/// `html` with every relative link to a folder (`../ja/`, `./`, `../ja/#intro`) ending in
/// `index.html`.
pub fn link_files(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(at) = next_attribute(rest) {
        let (before, tail) = rest.split_at(at.value_start);
        out.push_str(before);
        let end = tail.find('"').unwrap_or(tail.len());
        out.push_str(&local_target(&tail[..end]));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

struct Attribute {
    /// Where the value starts (after the opening quote).
    value_start: usize,
}

fn next_attribute(text: &str) -> Option<Attribute> {
    ["href=\"", "src=\""]
        .iter()
        .filter_map(|name| {
            text.match_indices(name)
                .find(|(i, _)| {
                    // An attribute, not the end of another name (`data-href="`).
                    text[..*i].ends_with([' ', '\n', '\t'])
                })
                .map(|(i, n)| i + n.len())
        })
        .min()
        .map(|value_start| Attribute { value_start })
}

/// One link: unchanged unless it is relative and its path ends at a folder.
fn local_target(value: &str) -> String {
    let split = value.find(['#', '?']).unwrap_or(value.len());
    let (path, suffix) = value.split_at(split);
    // Absolute paths, URLs with a scheme and same-page `#fragment` links stay as they are.
    let absolute = path.starts_with('/') || path.contains(':');
    let same_page = path.is_empty() && suffix.starts_with('#');
    if !absolute && !same_page && (path.is_empty() || path.ends_with('/')) {
        format!("{path}index.html{suffix}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_folders_name_their_index_file() {
        let html = concat!(
            "<a href=\"../ja/\">a</a><a href=\"./\">b</a><a href=\"../ja/#intro\">c</a>",
            "<a href=\"#top\">d</a><a href=\"https://example.jp/ja/\">e</a>",
            "<link rel=\"canonical\" href=\"https://example.jp/policy/\">",
            "<a href=\"/abs/\">f</a><a href=\"style.css\">g</a><img src=\"../img/\">",
            "<p data-href=\"../x/\">href=&quot;../y/&quot;</p><a href=\"mailto:a@b.c\">h</a>",
        );
        assert_eq!(
            link_files(html),
            concat!(
                "<a href=\"../ja/index.html\">a</a><a href=\"./index.html\">b</a>",
                "<a href=\"../ja/index.html#intro\">c</a>",
                "<a href=\"#top\">d</a><a href=\"https://example.jp/ja/\">e</a>",
                "<link rel=\"canonical\" href=\"https://example.jp/policy/\">",
                "<a href=\"/abs/\">f</a><a href=\"style.css\">g</a><img src=\"../img/index.html\">",
                "<p data-href=\"../x/\">href=&quot;../y/&quot;</p><a href=\"mailto:a@b.c\">h</a>",
            )
        );
    }
}
