//! The preview's own HTML: Tera templates (`templates/`) and asset files (`assets/`), built
//! into the binary and compiled once, on first use.
//!
//! Pages are rendered from typed views (`Serialize` structs made by [`super::tools`],
//! [`super::translate`], [`super::notices`], [`super::overlay`] and [`super::reload`]), never
//! glued together from strings. Autoescape is on for every template (all are `.html`), with
//! the escaping `hoshin build` uses: everything taken from the user's files is HTML-escaped.
//! Only the asset files are inserted as they are (`| safe`), and the already rendered overlay
//! and snippet fragments.

use std::fmt;
use std::sync::LazyLock;

use serde::Serialize;
use tera::{Context, Tera};

/// The page frame and components shared by the pages.
const FRAME: [(&str, &str); 2] = [
    ("frame.html", include_str!("templates/frame.html")),
    ("components.html", include_str!("templates/components.html")),
];

/// The templates, by the name they are rendered with.
const TEMPLATES: [(&str, &str); 9] = [
    ("tools.html", include_str!("templates/tools.html")),
    (
        "translate_index.html",
        include_str!("templates/translate_index.html"),
    ),
    ("translate.html", include_str!("templates/translate.html")),
    ("notices.html", include_str!("templates/notices.html")),
    ("overlay.html", include_str!("templates/overlay.html")),
    ("error.html", include_str!("templates/error.html")),
    ("not_found.html", include_str!("templates/not_found.html")),
    ("snippet.html", include_str!("templates/snippet.html")),
    ("embed.html", include_str!("templates/embed.html")),
];

/// The stylesheet of the preview's own pages.
const TOOLS_CSS: &str = include_str!("assets/tools.css");
/// The reload script added to every served page.
pub(crate) const RELOAD_JS: &str = include_str!("assets/reload.js");
/// The script of embedded notice sheets (print layout on screen).
const EMBED_JS: &str = include_str!("assets/embed.js");

/// The compiled templates; an error here is a bug in hoshin's own templates.
static TERA: LazyLock<Result<Tera, PageError>> = LazyLock::new(compile);

fn compile() -> Result<Tera, PageError> {
    let mut tera = Tera::default();
    tera.set_escape_fn(crate::render::escape::write_html);
    tera.add_raw_templates(FRAME.into_iter().chain(TEMPLATES))
        .map_err(|e| PageError::from_tera("cannot compile", &e))?;
    let assets = tera.global_context();
    assets.insert("tools_css", TOOLS_CSS.trim_end());
    assets.insert("reload_js", RELOAD_JS.trim_end());
    assets.insert("embed_js", EMBED_JS.trim_end());
    Ok(tera)
}

/// Why a page of the preview's own could not be rendered: a bug in hoshin, never in the site.
#[derive(Debug, Clone)]
pub(crate) struct PageError(String);

impl PageError {
    fn from_tera(what: &str, e: &tera::Error) -> PageError {
        use std::error::Error as _;
        let mut msg = format!("{what} the preview's templates: {e}");
        let mut source = e.source();
        while let Some(s) = source {
            msg.push_str(&format!(": {s}"));
            source = s.source();
        }
        PageError(msg)
    }
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "internal error (a bug in hoshin): {}", self.0)
    }
}

/// Renders template `name` (a file of `templates/`) with `view` as its context.
pub(crate) fn render<T: Serialize>(name: &str, view: &T) -> Result<String, PageError> {
    let tera = TERA.as_ref().map_err(Clone::clone)?;
    let context = Context::from_serialize(view)
        .map_err(|e| PageError::from_tera(&format!("cannot pass the view of {name} to"), &e))?;
    tera.render(name, &context)
        .map_err(|e| PageError::from_tera(&format!("cannot render {name} with"), &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_compile_and_all_autoescape() {
        if let Err(e) = &*TERA {
            panic!("{e}");
        }
        // Tera escapes by name: every template must end in `.html`.
        assert!(FRAME
            .iter()
            .chain(&TEMPLATES)
            .all(|(n, _)| n.ends_with(".html")));
    }

    #[test]
    fn fragments_already_rendered_are_inserted_as_they_are() {
        #[derive(Serialize)]
        struct View {
            snippet: &'static str,
        }
        let html = render(
            "not_found.html",
            &View {
                snippet: "<i>ok</i>",
            },
        )
        .unwrap();
        assert!(html.contains("<i>ok</i></body>"), "{html}");
    }

    #[test]
    fn a_missing_template_is_an_error_not_a_panic() {
        #[derive(Serialize)]
        struct View {}
        assert!(render("nope.html", &View {}).is_err());
    }
}
