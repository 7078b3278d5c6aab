//! Themes: Tera templates, static assets and UI strings.
//!
//! A theme is a folder `themes/<name>/` with `templates/`, `static/` and `locales/<lang>/*.ftl`.
//! The `default` theme is built into the binary (from this repository's `themes/default/`), so
//! any site folder works without copying it; a site's own `themes/default/` replaces it. A site
//! may override any single template by putting a file of the same name in its `templates/`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{display_path, relative_path, Diagnostic, Diagnostics, SourceFile};
use crate::site::{files, list_files, Config};

/// A loaded theme.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Theme name.
    pub name: String,
    /// Templates by name (path below `templates/`, e.g. `blocks/examples.html`).
    pub templates: BTreeMap<String, Arc<SourceFile>>,
    /// Static files by output path, copied as they are.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// UI string files per language code.
    pub locales: BTreeMap<String, Vec<Arc<SourceFile>>>,
}

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../themes/default/", $path)))),*]
    };
}

/// The built-in default theme's files.
const DEFAULT_THEME: &[(&str, &str)] = builtin!(
    "templates/base.html",
    "templates/policy.html",
    "templates/language_home.html",
    "templates/chooser.html",
    "templates/blocks/components.html",
    "templates/blocks/definition.html",
    "templates/blocks/examples.html",
    "templates/blocks/responses.html",
    "templates/blocks/note.html",
    "templates/blocks/contact.html",
    "templates/blocks/dates.html",
    "templates/blocks/revisions.html",
    "templates/blocks/glossary.html",
    "templates/notice.html",
    "templates/notice_index.html",
    "templates/not_found.html",
    "static/style.css",
    "static/notice.css",
    "static/favicon.svg",
    "locales/ja/theme.ftl",
    "locales/en/theme.ftl",
    "locales/zh-Hans/theme.ftl",
    "locales/zh-Hant/theme.ftl",
    "locales/ko/theme.ftl",
);

impl Theme {
    /// Loads the configured theme and the site's template overrides.
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Diagnostics> {
        let dir = root.join("themes").join(&config.theme);
        let mut theme = if dir.is_dir() {
            Theme::from_dir(root, &dir, &config.theme)?
        } else if config.theme == "default" {
            Theme::builtin()
        } else {
            return Err(
                Diagnostic::error(format!("theme `{}` not found", config.theme))
                    .in_file(&config.file)
                    .help(format!(
                        "create themes/{}/, or remove `theme` to use the built-in default theme",
                        config.theme
                    ))
                    .into(),
            );
        };
        if dir.is_dir() {
            theme.check_templates(config)?;
        }
        let overrides = root.join("templates");
        if overrides.is_dir() {
            let mut diags = Diagnostics::new();
            for path in list_files(root, &overrides, None)? {
                let name = relative_path(&overrides, &path);
                match files::read_text(root, &path) {
                    Ok(f) => {
                        theme.templates.insert(name, f);
                    }
                    Err(d) => diags.push(d),
                }
            }
            if diags.has_errors() {
                return Err(diags);
            }
        }
        let statics = root.join("static");
        if statics.is_dir() {
            for path in list_files(root, &statics, None)? {
                let bytes = std::fs::read(&path).map_err(|e| {
                    Diagnostic::error(format!("cannot read `{}`: {e}", display_path(root, &path)))
                })?;
                theme
                    .static_files
                    .insert(relative_path(&statics, &path), bytes);
            }
        }
        Ok(theme)
    }

    /// A theme folder must provide every template the built-in theme has (the notice
    /// templates only when the site prints notices; `not_found.html` never: without it no
    /// 404.html is written); all missing ones are listed at once.
    fn check_templates(&self, config: &Config) -> Result<(), Diagnostics> {
        let missing: Vec<&str> = DEFAULT_THEME
            .iter()
            .filter_map(|(path, _)| path.strip_prefix("templates/"))
            .filter(|name| config.notices.is_some() || !name.starts_with("notice"))
            // Optional: without it the build writes no 404.html.
            .filter(|name| *name != "not_found.html")
            .filter(|name| !self.templates.contains_key(*name))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let mut d = Diagnostic::error(format!(
            "theme `{}` is missing {} template{}: {}",
            self.name,
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        ));
        d = match &config.theme_span {
            Some(span) => d.at(&config.file, span.clone()).label("this theme"),
            None => d.in_file(&config.file),
        };
        Err(d
            .note(format!("looked in themes/{}/templates/", self.name))
            .help("copy the missing files from hoshin's themes/default/templates/ and adapt them")
            .into())
    }

    /// The built-in default theme.
    pub fn builtin() -> Theme {
        let mut theme = Theme {
            name: "default".into(),
            templates: BTreeMap::new(),
            static_files: BTreeMap::new(),
            locales: BTreeMap::new(),
        };
        for (path, text) in DEFAULT_THEME {
            let display = format!("(built-in theme)/{path}");
            if let Some(name) = path.strip_prefix("templates/") {
                theme
                    .templates
                    .insert(name.to_string(), SourceFile::new(display, *path, *text));
            } else if let Some(name) = path.strip_prefix("static/") {
                theme
                    .static_files
                    .insert(name.to_string(), text.as_bytes().to_vec());
            } else if let Some(rest) = path.strip_prefix("locales/") {
                let lang = rest.split('/').next().unwrap_or_default().to_string();
                theme
                    .locales
                    .entry(lang)
                    .or_default()
                    .push(SourceFile::new(display, *path, *text));
            }
        }
        theme
    }

    fn from_dir(root: &Path, dir: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let mut theme = Theme {
            name: name.to_string(),
            templates: BTreeMap::new(),
            static_files: BTreeMap::new(),
            locales: BTreeMap::new(),
        };
        let mut diags = Diagnostics::new();
        let templates = dir.join("templates");
        if !templates.is_dir() {
            return Err(
                Diagnostic::error(format!("theme `{name}` has no templates/ folder"))
                    .note(format!("looked in {}", display_path(root, &templates)))
                    .into(),
            );
        }
        for path in list_files(root, &templates, None)? {
            match files::read_text(root, &path) {
                Ok(f) => {
                    theme.templates.insert(relative_path(&templates, &path), f);
                }
                Err(d) => diags.push(d),
            }
        }
        let statics = dir.join("static");
        if statics.is_dir() {
            for path in list_files(root, &statics, None)? {
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        theme
                            .static_files
                            .insert(relative_path(&statics, &path), bytes);
                    }
                    Err(e) => diags.push(Diagnostic::error(format!(
                        "cannot read `{}`: {e}",
                        display_path(root, &path)
                    ))),
                }
            }
        }
        let locales = dir.join("locales");
        if locales.is_dir() {
            for path in list_files(root, &locales, Some("ftl"))? {
                let rel = relative_path(&locales, &path);
                let lang = rel.split('/').next().unwrap_or_default().to_string();
                match files::read_text(root, &path) {
                    Ok(f) => theme.locales.entry(lang).or_default().push(f),
                    Err(d) => diags.push(d),
                }
            }
        }
        diags.into_result(theme)
    }
}
