//! Every URL and output path of a built site, decided here once.
//!
//! ```text
//! index.html                                          language chooser (x-default)
//! <lang>/index.html                                   a language's home: its policies
//! <lang>/<slug>/index.html                            a policy page
//! <lang>/<slug>.pdf                                   its PDF (`--pdf`)
//! notices/index.html                                notice index in the source language
//! notices/<lang>/index.html                           notice index, per UI language
//! notices/<lang>/<location>/index.html                one store's notices, per UI language
//! notices/<slug>/<variant>/<paper>.html               a notice for the whole organisation
//! notices/<slug>/<variant>/<location>/<paper>.html    a notice for one store
//! notices/….pdf                                       each notice's PDF (`--pdf`)
//! notices/<slug>/printshop/<paper>.pdf                every variant of the organisation's notice,
//!                                                     one page each (`--pdf`)
//! notices/<slug>/printshop/<location>/<paper>.pdf     the same for one store (`--pdf`)
//! sitemap.xml, robots.txt
//! ```
//!
//! Pages are folders (`<lang>/<slug>/`) so URLs stay clean; a page's file is its folder plus
//! `index.html`. Links inside pages are relative ([`root_of`]), so a site works under any
//! base path. The render stage records each page's route as it renders it
//! ([`super::Rendered::print_jobs`]), so `--pdf` and `serve` never parse a path back.

use crate::site::config::Paper;

/// The variant key of the notice that carries every language.
pub const ALL_LANGUAGES: &str = "bilingual";

/// The language chooser at the site root (a folder: the empty path).
pub fn chooser() -> String {
    String::new()
}

/// A language's home page (a folder).
pub fn language_home(lang: &str) -> String {
    format!("{lang}/")
}

/// A policy page in one language (a folder).
pub fn policy_page(lang: &str, slug: &str) -> String {
    format!("{lang}/{slug}/")
}

/// The file of a page whose route is a folder (`ja/x/` → `ja/x/index.html`).
pub fn page_file(folder: &str) -> String {
    format!("{folder}index.html")
}

/// The PDF of a policy page (`ja/x.pdf`).
pub fn policy_pdf(lang: &str, slug: &str) -> String {
    format!("{lang}/{slug}.pdf")
}

/// One printed notice: a policy, a variant (a language or [`ALL_LANGUAGES`]), an optional
/// store and a paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeRoute<'a> {
    /// The policy's slug.
    pub slug: &'a str,
    /// A language code, or [`ALL_LANGUAGES`].
    pub variant: &'a str,
    /// A store's id from `locations.toml`, or `None` for the whole organisation.
    pub location: Option<&'a str>,
    /// The paper size.
    pub paper: Paper,
}

impl NoticeRoute<'_> {
    fn stem(&self) -> String {
        match self.location {
            None => format!(
                "notices/{}/{}/{}",
                self.slug,
                self.variant,
                self.paper.key()
            ),
            Some(l) => format!(
                "notices/{}/{}/{l}/{}",
                self.slug,
                self.variant,
                self.paper.key()
            ),
        }
    }

    /// The notice's HTML file.
    pub fn file(&self) -> String {
        format!("{}.html", self.stem())
    }

    /// The notice's PDF file.
    pub fn pdf(&self) -> String {
        format!("{}.pdf", self.stem())
    }
}

/// The folder of a notice sheet with languages `codes` (in the site's `[notices] sheets`) among
/// the site's languages `all`: one language is its code; every language in config order is
/// [`ALL_LANGUAGES`] (`bilingual`); any other set is its codes joined with `+` (`ja+en`).
pub fn variant_key(codes: &[String], all: &[&str]) -> String {
    match codes {
        [one] => one.clone(),
        _ if codes.len() == all.len() && codes.iter().zip(all).all(|(c, a)| c == a) => {
            ALL_LANGUAGES.to_string()
        }
        _ => codes.join("+"),
    }
}

/// The page servers show for an address that does not exist (GitHub Pages, Netlify,
/// Cloudflare Pages and most configured web servers look for it at the root).
pub fn not_found() -> String {
    "404.html".to_string()
}

/// The folder of the print-shop bundles: a key that no variant folder can have (nine letters,
/// longer than any BCP 47 language subtag, like [`ALL_LANGUAGES`]).
pub const BUNDLES: &str = "printshop";

/// The print-shop bundle of a policy's notices for one store (or the whole organisation,
/// `None`) and paper size: one PDF holding every variant's sheet
/// (`notices/<slug>/printshop/<location>/a4.pdf`).
pub fn notice_bundle(slug: &str, location: Option<&str>, paper: Paper) -> String {
    NoticeRoute {
        slug,
        variant: BUNDLES,
        location,
        paper,
    }
    .pdf()
}

/// The notice index of one UI language (a folder), for store managers.
pub fn notice_index(lang: &str) -> String {
    format!("notices/{lang}/")
}

/// One store's notice page in one UI language (a folder), linked from [`notice_index`]: a
/// chain's index lists its stores instead of showing every store's sheets.
pub fn notice_store_index(lang: &str, location: &str) -> String {
    format!("notices/{lang}/{location}/")
}

/// The notices' own home (a folder): the index in the source language, so `notices/` is never
/// a missing page.
pub fn notices_home() -> String {
    "notices/".to_string()
}

/// The relative link from the page at `route` (a folder `ja/x/` or a file
/// `notices/x/ja/a4.html`) to the site root: `../../`, `../../../`, or `` at the root.
pub fn root_of(route: &str) -> String {
    "../".repeat(route.matches('/').count())
}

/// The relative link from the page at folder route `from` to the folder route `to`
/// (`ja/` → `ja/x/` is `x/`; the chooser `` → `ja/x/` is `ja/x/`).
pub fn relative(from: &str, to: &str) -> String {
    let from_parts: Vec<&str> = from.split_terminator('/').collect();
    let to_parts: Vec<&str> = to.split_terminator('/').collect();
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_parts.len() - common);
    for part in &to_parts[common..] {
        out.push_str(part);
        out.push('/');
    }
    out
}

/// A page to print to PDF: the HTML file and the PDF to write, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJob {
    /// The HTML page.
    pub html: String,
    /// The PDF file.
    pub pdf: String,
}

/// A PDF made of other PDFs, one page after another: a print-shop bundle of every variant of
/// one store's notice in one paper size. Paths are relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintBundle {
    /// The combined PDF.
    pub pdf: String,
    /// The PDFs it is made of, in page order (the [`PrintJob::pdf`]s of the sheets).
    pub sheets: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_and_their_depths() {
        assert_eq!(page_file(&policy_page("ja", "x")), "ja/x/index.html");
        assert_eq!(root_of(&policy_page("ja", "x")), "../../");
        assert_eq!(root_of(&language_home("en")), "../");
        assert_eq!(root_of(&chooser()), "");
        assert_eq!(relative("ja/", "ja/x/"), "x/");
        assert_eq!(relative("", "ja/x/"), "ja/x/");
        assert_eq!(relative("ja/x/", "en/x/"), "../../en/x/");
        let n = NoticeRoute {
            slug: "x",
            variant: ALL_LANGUAGES,
            location: None,
            paper: Paper::A4,
        };
        assert_eq!(n.file(), "notices/x/bilingual/a4.html");
        assert_eq!(n.pdf(), "notices/x/bilingual/a4.pdf");
        assert_eq!(root_of(&n.file()), "../../../");
        let s = NoticeRoute {
            location: Some("shibuya"),
            ..n
        };
        assert_eq!(root_of(&s.file()), "../../../../");
        assert_eq!(notice_index("ja"), "notices/ja/");
        assert_eq!(notice_store_index("en", "shibuya"), "notices/en/shibuya/");
        let s = |v: &[&str]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let all = ["ja", "en", "zh-Hans"];
        assert_eq!(variant_key(&s(&["en"]), &all), "en");
        assert_eq!(variant_key(&s(&all), &all), "bilingual");
        assert_eq!(variant_key(&s(&["ja", "en"]), &all), "ja+en");
        assert_eq!(
            variant_key(&s(&["en", "ja", "zh-Hans"]), &all),
            "en+ja+zh-Hans"
        );
        assert_eq!(relative("ja/", &notice_index("ja")), "../notices/ja/");
        assert_eq!(
            notice_bundle("x", Some("shibuya"), Paper::A5),
            "notices/x/printshop/shibuya/a5.pdf"
        );
        assert_eq!(
            notice_bundle("x", None, Paper::A4),
            "notices/x/printshop/a4.pdf"
        );
    }

    #[test]
    fn no_language_can_take_the_bilingual_or_bundle_folder() {
        for key in [ALL_LANGUAGES, BUNDLES] {
            assert!(
                crate::site::language::Language::parse_tag(key).is_err(),
                "{key}"
            );
        }
    }
}
