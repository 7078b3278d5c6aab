//! What the link checks need of the rendered site: the path of every file it writes, and the
//! ids on the policy pages that `#fragment` links point at.
//!
//! `hoshin check` renders a site that has no errors as `build` would, and a site with errors
//! only when a link needs it (a path that is none of the pages, static files and homes known
//! without rendering, or a fragment on a policy page). It streams the render: each page is
//! looked at as it is rendered ([`render::Sink`]) and dropped, so a check never holds the
//! whole rendered site, only the ids of the policy pages. `serve`, which has the pages
//! rendered already, reads the ones it needs through [`RenderedPages`].

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::{self, routes, Output, Renderer};
use crate::site::Site;

/// A policy page, by `(lang, slug)`.
pub(crate) type PageKey = (String, String);

/// The fragments that links name on each policy page.
pub(crate) type Wanted = BTreeMap<PageKey, BTreeSet<String>>;

/// What the link checks read from the rendered site.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// Every file the render wrote, relative to the output folder, with the ids on it when it
    /// is a wanted policy page.
    files: HashMap<String, Option<PageIds>>,
}

/// A site rendered already, as the link checks read it: `serve` has its pages in memory
/// ([`Output`]), or, after a template or locale edit, has them rendered as they are asked for.
pub trait RenderedPages: Sync {
    /// Every output path, relative to the output folder.
    fn paths(&self) -> Vec<String>;
    /// The file at `path`; `None` when there is none (or it failed to render).
    fn page(&self, path: &str) -> Option<Cow<'_, [u8]>>;
}

impl RenderedPages for Output {
    fn paths(&self) -> Vec<String> {
        self.keys().cloned().collect()
    }

    fn page(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        self.get(path).map(|bytes| Cow::Borrowed(bytes.as_slice()))
    }
}

/// The output file of a policy page.
fn page_file(key: &PageKey) -> String {
    routes::page_file(&routes::policy_page(&key.0, &key.1))
}

impl Index {
    /// From pages rendered already: the wanted ones are read, each once.
    pub(crate) fn of_pages(pages: &dyn RenderedPages, wanted: &Wanted) -> Index {
        let mut files: HashMap<String, Option<PageIds>> =
            pages.paths().into_iter().map(|path| (path, None)).collect();
        for key in wanted.keys() {
            let path = page_file(key);
            if let Some(html) = pages.page(&path) {
                files.insert(path, Some(html_ids(&html)));
            }
        }
        Index { files }
    }

    /// Every file the render wrote, relative to the output folder.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// The ids on a wanted policy page; `None` when it was not rendered.
    pub(crate) fn ids(&self, page: &PageKey) -> Option<&PageIds> {
        self.files.get(&page_file(page))?.as_ref()
    }

    /// Renders the site, keeping only each file's path and the ids of the `wanted` pages, or
    /// of every policy page when `wanted` is `None`; the render's errors when it fails.
    ///
    /// The render keeps what it reads of each document ([`Renderer::with_scans`]), so the
    /// checks that read the documents' sections and links do not read their Markdown again.
    pub(crate) fn render(site: &Site, wanted: Option<&Wanted>) -> Result<Index, Diagnostics> {
        let sink = IndexSink::new(site, wanted);
        Renderer::new(site).and_then(|r| r.with_scans(true).render_into(site, &sink))?;
        Ok(sink.into_index())
    }
}

impl IndexSink {
    /// A sink that keeps the ids of the `wanted` pages, or of every policy page in every
    /// language when `wanted` is `None` (the site's documents need not be read yet).
    pub(crate) fn new(site: &Site, wanted: Option<&Wanted>) -> IndexSink {
        let wanted = match wanted {
            Some(wanted) => wanted.keys().map(page_file).collect(),
            None => site
                .policies
                .iter()
                .flat_map(|p| {
                    site.languages()
                        .iter()
                        .map(|l| (l.code().to_string(), p.slug.clone()))
                })
                .map(|key| page_file(&key))
                .collect(),
        };
        IndexSink {
            wanted,
            files: Mutex::new(HashMap::new()),
        }
    }

    /// What the sink kept: every path, and the ids of the wanted pages that were rendered.
    pub(crate) fn into_index(self) -> Index {
        let files = self.files.into_inner();
        Index {
            files: files.unwrap_or_else(PoisonError::into_inner),
        }
    }
}

/// Takes each rendered file, reads the ids of the wanted pages and drops the bytes.
pub(crate) struct IndexSink {
    /// The output file of each wanted page.
    wanted: HashSet<String>,
    /// Every file so far, with its ids when it is a wanted page. A later file at the same path
    /// replaces the earlier one, as in the output (a theme's static file replaces a page).
    files: Mutex<HashMap<String, Option<PageIds>>>,
}

impl render::Sink for IndexSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let ids = self.wanted.contains(path).then(|| html_ids(&bytes));
        drop(bytes);
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_string(), ids);
        Ok(())
    }
}

/// The ids on one page, as a set (sorted, each once), in one string: a policy page has
/// dozens, and a check keeps those of every policy page until the links are checked (one
/// `String` and a B-tree node for each took 3 % of a check's time at 20,000 pages).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct PageIds {
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<usize>,
}

impl PageIds {
    /// The ids in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, b)| &self.text[a..*b])
    }

    /// Whether `id` is one of them.
    pub(crate) fn contains(&self, id: &str) -> bool {
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let mid = low + (high - low) / 2;
            let start = mid.checked_sub(1).map_or(0, |i| self.ends[i]);
            match self.text[start..self.ends[mid]].cmp(id) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

impl<'a> FromIterator<Cow<'a, str>> for PageIds {
    fn from_iter<I: IntoIterator<Item = Cow<'a, str>>>(ids: I) -> PageIds {
        let mut ids: Vec<Cow<'a, str>> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        let mut page = PageIds {
            text: String::with_capacity(ids.iter().map(|id| id.len()).sum()),
            ends: Vec::with_capacity(ids.len()),
        };
        for id in ids {
            page.text.push_str(&id);
            page.ends.push(page.text.len());
        }
        page
    }
}

/// The values of every `id` attribute in an HTML page, unescaped. Read from the bytes (a
/// static file may be any bytes): an id is decoded as `String::from_utf8_lossy` would.
pub(crate) fn html_ids(html: &[u8]) -> PageIds {
    const NEEDLE: &[u8] = b"id=";
    let finder = memchr::memmem::Finder::new(NEEDLE);
    let mut ids: Vec<Cow<'_, str>> = Vec::new();
    // Start of the text still to search: after the last `id=`, or at a value's closing quote.
    let mut rest = 0;
    while let Some(found) = finder.find(&html[rest..]) {
        let i = rest + found;
        let before = last_char_is_whitespace(&html[rest..i]);
        rest = i + NEEDLE.len();
        if !before {
            continue;
        }
        let Some(&quote) = html.get(rest).filter(|q| **q == b'"' || **q == b'\'') else {
            continue;
        };
        let value = &html[rest + 1..];
        let Some(end) = memchr::memchr(quote, value) else {
            break;
        };
        let value = String::from_utf8_lossy(&value[..end]);
        ids.push(if value.contains('&') {
            Cow::Owned(
                value
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            )
        } else {
            value
        });
        rest += 1 + end;
    }
    ids.into_iter().collect()
}

/// Whether the last character of `bytes` (a run that starts at a character boundary) is
/// whitespace; an invalid sequence there is U+FFFD, which is not.
fn last_char_is_whitespace(bytes: &[u8]) -> bool {
    let Some(mut k) = bytes.len().checked_sub(1) else {
        return false;
    };
    while k > 0 && bytes.len() - k < 4 && bytes[k] & 0xC0 == 0x80 {
        k -= 1;
    }
    std::str::from_utf8(&bytes[k..])
        .ok()
        .and_then(|s| s.chars().next_back())
        .is_some_and(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::content::markdown;
    use crate::test_sites::copy_dir;
    use std::path::Path;

    /// The minimal fixture, its `ja` document with text before the first heading, links in
    /// several Markdown segments (one in a heading, one with a fragment), an image (not a
    /// link) and a heading without an id.
    fn site_with_links() -> (tempfile::TempDir, Site) {
        let tmp = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/minimal");
        copy_dir(&root, tmp.path());
        let ja = tmp.path().join("content/house-rules/ja.md");
        let text = std::fs::read_to_string(&ja).unwrap().replace(
            "## 定義 {#definition}",
            "はじめに [英語版](../../en/house-rules/#examples) をご覧ください。\n\n\
             ## 定義 [とは](https://example.org/) {#definition}\n\n![図](figure.png)",
        );
        let text = text.replace(
            "## 対応 {#response}",
            "### 補足\n\n[例](#examples)と[外部](mailto:a@example.org)\n\n## 対応 {#response}",
        );
        std::fs::write(&ja, text).unwrap();
        let site = Site::load(tmp.path(), &Default::default()).unwrap();
        (tmp, site)
    }

    #[test]
    fn the_check_render_reads_each_document_as_the_scan_does() {
        let (_tmp, site) = site_with_links();
        let index = Index::render(&site, None).unwrap();
        let ids = index.ids(&("en".into(), "house-rules".into())).unwrap();
        assert!(ids.contains("examples"));
        for doc in site.policies.iter().flat_map(|p| p.documents.values()) {
            // Read by the render: the checks do not parse the Markdown again.
            assert!(doc.is_scanned(), "{}", doc.lang);
            let scan = markdown::scan(&doc.file, &doc.segments, doc.front.body_start);
            assert!(scan.diags.0.is_empty());
            assert_eq!(
                format!("{:?}", doc.sections()),
                format!("{:?}", scan.sections)
            );
            assert_eq!(format!("{:?}", doc.links()), format!("{:?}", scan.links));
            assert!(doc.heading_errors().0.is_empty());
        }
        let ja = &site.policies[0].documents.get("ja").unwrap();
        let dests: Vec<&str> = ja.links().iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(
            dests,
            [
                "../../en/house-rules/#examples",
                "https://example.org/",
                "#examples",
                "mailto:a@example.org"
            ]
        );
        let ids: Vec<&str> = ja.sections().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["", "definition", "examples", "section-3", "response"]);
    }

    #[test]
    fn the_build_render_keeps_no_reading_of_the_documents() {
        let (_tmp, site) = site_with_links();
        Renderer::new(&site).unwrap().render(&site).unwrap();
        for doc in site.policies.iter().flat_map(|p| p.documents.values()) {
            assert!(!doc.is_scanned(), "{}", doc.lang);
        }
    }

    #[test]
    fn a_document_whose_headings_fail_is_scanned_with_its_errors() {
        let (tmp, _) = site_with_links();
        let ja = tmp.path().join("content/house-rules/ja.md");
        let text = std::fs::read_to_string(&ja).unwrap();
        std::fs::write(
            &ja,
            text.replace("## 対応 {#response}", "## 対応 {#definition}"),
        )
        .unwrap();
        let site = Site::load(tmp.path(), &Default::default()).unwrap();
        assert!(Index::render(&site, None).is_err());
        let ja = site.policies[0].documents.get("ja").unwrap();
        assert!(!ja.is_scanned());
        let errors = ja.heading_errors();
        assert_eq!(errors.0.len(), 1, "{errors:?}");
        assert!(errors.0[0]
            .message
            .contains("duplicate heading id `definition`"));
    }

    fn ids(html: &[u8]) -> Vec<String> {
        html_ids(html).iter().map(String::from).collect()
    }

    #[test]
    fn ids_are_read_from_the_rendered_page() {
        assert_eq!(
            ids(b"<main id=\"main\"><h2 id=\"a&amp;b\">x</h2><li data-id=\"no\" id='ex-1'>grid=\"x\""),
            ["a&b", "ex-1", "main"]
        );
    }

    #[test]
    fn only_an_attribute_after_whitespace_counts() {
        // An ideographic space is whitespace; `id=` right after a value's quote is not an
        // attribute; a value without its closing quote ends the search.
        assert_eq!(
            ids("<p\u{3000}id=\"a\"id=\"b\" x=id=\"c\" id=\"d".as_bytes()),
            ["a"]
        );
        assert_eq!(ids(b"id=\"first\" <p id=\"x\">"), ["x"]);
    }

    #[test]
    fn page_ids_are_a_sorted_set() {
        let ids = html_ids(b"<a id=\"b\"> <a id=\"a\"> <a id=\"b\"> <a id=\"\"> <a id='&amp;'>");
        assert_eq!(ids.iter().collect::<Vec<_>>(), ["", "&", "a", "b"]);
        for id in ["", "&", "a", "b"] {
            assert!(ids.contains(id), "{id}");
        }
        for id in ["c", "ab", " ", "&amp;"] {
            assert!(!ids.contains(id), "{id}");
        }
        assert!(!PageIds::default().contains(""));
    }

    #[test]
    fn bytes_that_are_not_utf8_read_as_lossy_text() {
        assert_eq!(
            ids(b"<p id=\"a\xff\"><p \xa0id=\"no\"><p \xc2\xa0id=\"nbsp\">"),
            ["a\u{fffd}", "nbsp"]
        );
    }

    /// The old reading, from the lossy text: the byte reading must agree with it.
    fn ids_from_text(html: &str) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        let mut rest = html;
        while let Some(i) = rest.find("id=") {
            let before = rest[..i].chars().last();
            rest = &rest[i + 3..];
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let value = &rest[1..];
            let Some(end) = value.find(quote) else {
                break;
            };
            ids.insert(
                value[..end]
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            );
            rest = &value[end..];
        }
        ids
    }

    #[test]
    fn byte_reading_agrees_with_the_text_reading() {
        let pieces: [&[u8]; 12] = [
            b" ",
            b"id=",
            b"\"",
            b"'",
            b"a",
            b"\xe3\x80\x80",
            b"\xff",
            b"\xc2\xa0",
            b"\xe3",
            b"&amp;",
            b"<p",
            b"\n",
        ];
        // Every string of up to five pieces (12^5 ≈ 250,000 inputs).
        let mut n = [0usize; 5];
        loop {
            let html: Vec<u8> = n.iter().flat_map(|&k| pieces[k].iter().copied()).collect();
            let expected = ids_from_text(&String::from_utf8_lossy(&html));
            assert_eq!(
                html_ids(&html)
                    .iter()
                    .map(String::from)
                    .collect::<BTreeSet<_>>(),
                expected,
                "{:?}",
                String::from_utf8_lossy(&html)
            );
            let mut d = 0;
            while d < n.len() {
                n[d] += 1;
                if n[d] < pieces.len() {
                    break;
                }
                n[d] = 0;
                d += 1;
            }
            if d == n.len() {
                break;
            }
        }
    }
}
