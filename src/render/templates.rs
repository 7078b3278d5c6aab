//! The theme's templates, compiled once, and Tera errors turned into located diagnostics.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::render::escape;
use crate::site::Theme;

mod context;

/// A compiled theme.
pub struct Templates {
    tera: Tera,
    sources: BTreeMap<String, Arc<SourceFile>>,
}

impl Templates {
    /// Compiles all templates of a theme; syntax errors are located in the template file.
    pub fn new(theme: &Theme) -> Result<Templates, Diagnostics> {
        let mut tera = Tera::default();
        tera.set_escape_fn(escape::write_html);
        tera.register_filter("phrases", phrases);
        tera.register_filter("safe", safe);
        let sources = theme.templates.clone();
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, f)| (name.as_str(), f.text.as_str())),
        )
        .map_err(|e| tera_error(&e, &sources))?;
        Ok(Templates { tera, sources })
    }

    /// Renders a template with a serialisable context.
    pub fn render<T: Serialize>(&self, name: &str, ctx: &T) -> Result<String, Diagnostic> {
        let ctx = self.context(name, ctx)?;
        self.tera
            .render(name, &ctx)
            .map_err(|e| tera_error(&e, &self.sources).0.remove(0))
    }

    /// True when the theme (or the site) has the template.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders a template with a serialisable context plus the language's UI strings as `ui`.
    ///
    /// `ui` is a Tera value built once per language (`ui_value`): Tera maps are
    /// reference-counted, so every page shares one copy instead of re-serialising every
    /// message of the site into each page's context (which made builds quadratic in the
    /// number of policies). Returns bytes: output files are bytes, so no UTF-8 re-check.
    pub fn render_with_ui<T: Serialize>(
        &self,
        name: &str,
        ctx: &T,
        ui: &Value,
    ) -> Result<Vec<u8>, Diagnostic> {
        self.render_with_ui_sized(name, ctx, ui, 16 * 1024)
    }

    /// [`Self::render_with_ui`] into a buffer of `capacity` bytes: a page whose size is
    /// about known (a policy page is its body and a few kilobytes) is written without the
    /// buffer growing (reallocating and copying) on the way.
    pub fn render_with_ui_sized<T: Serialize>(
        &self,
        name: &str,
        ctx: &T,
        ui: &Value,
        capacity: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = self.context(name, ctx)?;
        ctx.insert_value("ui", ui.clone());
        let mut out = Vec::with_capacity(capacity);
        self.tera
            .render_to(name, &ctx, &mut out)
            .map_err(|e| tera_error(&e, &self.sources).0.remove(0))?;
        Ok(out)
    }

    fn context<T: Serialize>(&self, name: &str, ctx: &T) -> Result<Context, Diagnostic> {
        let ctx = context::context_of(ctx)
            .map_err(|e| Diagnostic::error(format!("internal: context for {name}: {e}")))?;
        if !self.tera.get_template_names().any(|n| n == name) {
            return Err(
                Diagnostic::error(format!("the theme has no template `{name}`"))
                    .help(format!("add templates/{name} to the theme or the site")),
            );
        }
        Ok(ctx)
    }
}

/// The `phrases` filter: `{{ item.text | phrases(lang=item.lang) }}` is the text as HTML with
/// phrase breaks in Japanese ([`escape::web_phrase_html`]). `lang` is the text's language when
/// it differs from the page's (a fallback); without it, the template's `lang` is used.
fn phrases(text: &str, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
    let given: Option<Value> = kwargs.get("lang")?;
    let lang = match given.as_ref().and_then(Value::as_str) {
        Some(l) => l.to_string(),
        None => state.get::<String>("lang")?.unwrap_or_default(),
    };
    Ok(Value::safe_string(&escape::web_phrase_html(&lang, text)))
}

/// The `safe` filter, as Tera's own but without copying a string: Tera's takes the text as
/// `&str` and makes a new string of it, which for `{{ policy.body | safe }}` is a copy of
/// every page's body. A string value is marked safe as it is (its text is shared); any
/// other value is written out as Tera's filter writes it.
fn safe(value: Value, _: Kwargs, _: &State) -> Value {
    if value.is_string() {
        value.mark_safe()
    } else {
        Value::safe_string(&value.to_string())
    }
}

/// A language's UI strings as a Tera value, to be shared by all its pages.
pub fn ui_value(ui: &BTreeMap<String, String>) -> Value {
    Value::from_serializable(ui)
}

/// Turns a Tera error into a located diagnostic.
fn tera_error(e: &tera::Error, sources: &BTreeMap<String, Arc<SourceFile>>) -> Diagnostics {
    use std::error::Error as _;
    let d = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let d = Diagnostic::error(format!("template error: {}", r.message()));
            match sources.get(r.filename()) {
                Some(f) => d.at(f, r.span().range.clone()),
                None => d.note(format!("in template `{}`", r.filename())),
            }
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let d = Diagnostic::error(format!(
                "template `{current}` extends `{parent}`, which does not exist"
            ));
            match sources.get(current) {
                Some(f) => d.in_file(f),
                None => d,
            }
        }
        _ => {
            let mut msg = e.to_string();
            let mut src = e.source();
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            Diagnostic::error(format!("template error: {msg}"))
        }
    };
    d.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `safe` filter writes what Tera's own writes, for every kind of value, and the
    /// value stays safe through filters that keep it a string.
    #[test]
    fn safe_is_teras_safe() {
        let template = "{{ s | safe }}|{{ n | safe }}|{{ f | safe }}|{{ a | safe }}|{{ m | safe }}|{{ \"<i>\" | safe }}|{{ s | safe | upper }}|{{ s }}";
        let mut ctx = Context::new();
        ctx.insert("s", "<b>a & 'b'</b> and a string longer than inline");
        ctx.insert("n", &42);
        ctx.insert("f", &1.5);
        ctx.insert("a", &["<x>", "y"]);
        ctx.insert("m", &BTreeMap::from([("k", "<v>")]));
        let render = |tera: &mut Tera| {
            tera.add_raw_template("t.html", template).unwrap();
            tera.render("t.html", &ctx).unwrap()
        };
        let teras = render(&mut Tera::default());
        let mut ours = Tera::default();
        ours.register_filter("safe", safe);
        assert_eq!(render(&mut ours), teras);
        assert!(teras.starts_with("<b>a & 'b'</b>"), "{teras}");
    }
}
