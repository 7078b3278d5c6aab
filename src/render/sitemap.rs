//! `sitemap.xml` with `xhtml:link` hreflang alternates for every page.

/// One page of the sitemap: its path and the paths of its language versions.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path below the base URL, e.g. `ja/customer-harassment/`.
    pub path: String,
    /// `(language code, path)` of every language version, this one included.
    pub alternates: Vec<(String, String)>,
}

/// Renders the sitemap; entries keep their given order.
pub fn sitemap(base: &str, entries: &[Entry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for entry in entries {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            super::escape::html(&format!("{base}{}", entry.path))
        ));
        for (code, path) in &entry.alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                super::escape::html(code),
                super::escape::html(&format!("{base}{path}"))
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_alternates_for_each_page() {
        let xml = sitemap(
            "https://e.jp/p/",
            &[Entry {
                path: "ja/x/".into(),
                alternates: vec![("ja".into(), "ja/x/".into()), ("en".into(), "en/x/".into())],
            }],
        );
        assert!(xml.contains("<loc>https://e.jp/p/ja/x/</loc>"));
        assert!(xml.contains("hreflang=\"en\" href=\"https://e.jp/p/en/x/\""));
    }
}
