//! Loading a site folder: config, theme, content, locales.
//!
//! ```text
//! site/
//!   hoshin.toml                 languages, base URL, theme, date style
//!   content/<slug>/policy.toml  language-neutral structure of one policy
//!   content/<slug>/<lang>.md    one document per language (front matter + Markdown)
//!   locales/<lang>/*.ftl        every sentence of the structured blocks and the site's UI text
//!   themes/<name>/              templates/, static/, locales/ (optional: `default` is built in)
//!   templates/                  optional overrides of single theme templates
//!   static/                     optional files copied as they are
//!   locations.toml              optional stores, each with its own printed notices
//! ```

pub mod config;
pub mod content;
pub(crate) mod dates;
pub mod files;
pub(crate) mod language;
pub mod library_texts;
pub(crate) mod links;
pub mod locale;
pub(crate) mod locations;
pub(crate) mod messages;
mod reload;
pub(crate) mod theme;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{display_path, Diagnostic, Diagnostics, SourceFile};
pub use config::Config;
use content::Policy;
pub use language::{Language, Role, SiteLanguage};
use locale::{Locale, Origin};
pub use locations::{Location, Locations};
pub use theme::Theme;

/// A loaded site: everything the later stages need, parsed and typed.
///
/// Cloning is cheap apart from the policies: locales are shared behind `Arc`s, so `serve` can
/// replace one policy of a loaded site without reloading the rest.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site folder (canonical).
    pub root: PathBuf,
    /// `hoshin.toml`.
    pub config: Config,
    /// Templates, static files and UI strings.
    pub theme: Theme,
    /// Policies in display order.
    pub policies: Vec<Policy>,
    /// The configured languages with their locales, source first, in config order.
    languages: Vec<SiteLanguage>,
    /// Stores from `locations.toml`, if the site has one.
    pub locations: Option<Locations>,
    /// What loading found that does not stop a build (a `locales/` folder of a language that
    /// is not configured); each policy carries its own ([`Policy::warnings`]).
    pub warnings: Diagnostics,
}

/// Options that change how a site is loaded.
#[derive(Debug, Default, Clone)]
pub struct LoadOptions {
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Leaves the policies' documents unread ([`Policy::read_documents`]): `hoshin build`
    /// reads each policy's as it renders its pages, and lets go of their bodies after, so it
    /// never holds every document at once. Problems in the documents are found then, not
    /// by `load` — unless the site does not load: then `load` reads them too and reports
    /// their errors with its own.
    pub defer_documents: bool,
}

impl Site {
    /// Loads and validates the site at `root`, gathering every error it can find.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Site, Diagnostics> {
        let root = root.canonicalize().map_err(|e| {
            Diagnostic::error(format!("cannot open site folder `{}`: {e}", root.display()))
        })?;
        let config_path = root.join(config::CONFIG_FILE);
        if !config_path.is_file() {
            return Err(Diagnostic::error(format!(
                "`{}` is not a hoshin site: it has no {}",
                root.display(),
                config::CONFIG_FILE
            ))
            .help("run hoshin in a site folder, or point at one with `--root DIR`")
            .into());
        }
        let config_file = files::read_text(&root, &config_path)?;
        let config = Config::parse(&config_file, options.base_url.as_deref())?;

        let mut diags = Diagnostics::new();
        let theme = match Theme::load(&root, &config) {
            Ok(t) => Some(t),
            Err(d) => {
                diags.extend(d);
                None
            }
        };
        // The policies (most of the files) and the locales (the largest ones) are read side
        // by side: at 20,000 pages the locales took 40 ms on their own after the policies.
        let (policies, (locations, locales)) = rayon::join(
            || content::load_policies(&root, &config, options.defer_documents),
            || {
                let locales = theme.as_ref().map(|t| read_locales(&root, t, &config));
                (Locations::load(&root), locales)
            },
        );
        let mut policies = policies.unwrap_or_else(|d| {
            diags.extend(d);
            Vec::new()
        });
        let locations = locations.unwrap_or_else(|d| {
            diags.extend(d);
            None
        });
        // Where a policy's document errors stand when documents are read on loading.
        let documents_at = diags.0.len();
        let mut languages = Vec::new();
        if let Some(locales) = locales {
            languages = set_up_languages(&config, locales, &policies, &mut diags);
            diags.extend(unconfigured_locale_folders(&root, &config));
        }
        if options.defer_documents && diags.has_errors() {
            // The site does not load (its data, its theme or its locales): what its documents
            // hold is reported too, in the place loading them would have put it (a policy
            // whose documents have errors brings its warnings).
            let found = failed_documents(&config, &mut policies);
            diags.0.splice(documents_at..documents_at, found.0);
        }
        match theme {
            Some(theme) if !diags.has_errors() => Ok(Site {
                warnings: diags,
                root,
                config,
                theme,
                policies,
                languages,
                locations,
            }),
            _ => Err(diags),
        }
    }

    /// Reads every policy's documents that are still unread ([`Policy::read_documents`]), in
    /// parallel; returns what that found, in policy order.
    pub fn read_documents(&mut self) -> Diagnostics {
        let mut diags = Diagnostics::new();
        for d in read_each(&self.config, &mut self.policies) {
            diags.extend(d);
        }
        diags
    }

    /// Every language, source first, in config order.
    pub fn languages(&self) -> &[SiteLanguage] {
        &self.languages
    }

    /// The source language: the one the policies are written in.
    pub fn source(&self) -> &SiteLanguage {
        // `Site::load` refuses a config without languages and a language that does not set up.
        &self.languages[0]
    }

    /// The translations of the source language, in config order.
    pub fn translations(&self) -> &[SiteLanguage] {
        &self.languages[1..]
    }

    /// A configured language by its tag.
    pub fn language(&self, code: &str) -> Option<&SiteLanguage> {
        self.languages.iter().find(|l| l.code() == code)
    }
}

/// Reads the unread documents of each policy, in parallel: what each found, in policy order.
fn read_each(config: &Config, policies: &mut [Policy]) -> Vec<Diagnostics> {
    policies
        .par_iter_mut()
        .map(|p| p.read_documents(config))
        .collect()
}

/// Reads the unread documents of `policies`; returns what the policies whose documents have
/// errors hold (their own warnings, then what reading found), in policy order: what loading
/// them with their documents would have reported.
fn failed_documents(config: &Config, policies: &mut [Policy]) -> Diagnostics {
    let found = read_each(config, policies);
    let mut diags = Diagnostics::new();
    for (p, f) in policies.iter().zip(found) {
        if f.has_errors() {
            diags.extend(p.warnings.clone());
            diags.extend(f);
        }
    }
    diags
}

fn load_locale(root: &Path, theme: &Theme, lang: &Language) -> Result<Locale, Diagnostics> {
    let mut sources: Vec<(Origin, Arc<SourceFile>)> = theme
        .locales
        .get(&lang.code)
        .into_iter()
        .flatten()
        .map(|f| (Origin::Theme, Arc::clone(f)))
        .collect();
    let dir = root.join("locales").join(&lang.code);
    if dir.is_dir() {
        let mut diags = Diagnostics::new();
        for path in list_files(root, &dir, Some("ftl"))? {
            match files::read_text(root, &path) {
                Ok(f) => sources.push((Origin::Site, f)),
                Err(d) => diags.push(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
    }
    if sources.is_empty() {
        return Err(
            Diagnostic::error(format!("no Fluent files for language `{}`", lang.code))
                .help(format!("create locales/{}/site.ftl", lang.code))
                .into(),
        );
    }
    Locale::load(&lang.code, lang.tag.clone(), sources)
}

/// Every configured language's locale (the site's `locales/<lang>/` over the theme's), read
/// and parsed in parallel, in the configured order.
fn read_locales(root: &Path, theme: &Theme, config: &Config) -> Vec<Result<Locale, Diagnostics>> {
    config
        .languages
        .par_iter()
        .map(|lang| load_locale(root, theme, lang))
        .collect()
}

/// Every configured language with its locale from [`read_locales`], in the configured order;
/// what fails goes to `diags`. [`Site::load`] and [`Site::with_reloaded_locales`] share it.
fn set_up_languages(
    config: &Config,
    locales: Vec<Result<Locale, Diagnostics>>,
    policies: &[Policy],
    diags: &mut Diagnostics,
) -> Vec<SiteLanguage> {
    let mut languages = Vec::new();
    for (lang, locale) in config.languages.iter().zip(locales) {
        let locale = match locale {
            Ok(l) => Arc::new(l.with_library(policies)),
            Err(d) => {
                diags.extend(d);
                continue;
            }
        };
        match SiteLanguage::new(lang.clone(), locale) {
            Ok(l) => languages.push(l),
            Err(msg) => diags.push(Diagnostic::error(msg)),
        }
    }
    languages
}

fn unconfigured_locale_folders(root: &Path, config: &Config) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let Ok(entries) = std::fs::read_dir(root.join("locales")) else {
        return diags;
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        if !config.languages.iter().any(|l| l.code == name) {
            diags.push(
                Diagnostic::warning(format!("locales/{name}/ is not a configured language"))
                    .in_file(&config.file)
                    .help(format!(
                        "add `[[languages]]\\ncode = \"{name}\"` to hoshin.toml to publish it"
                    )),
            );
        }
    }
    diags
}

/// The nearest folder from `start` upwards that holds a `hoshin.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(config::CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

/// Lists the files below `dir` (sorted, optionally by extension), refusing symlinks that
/// lead outside the site folder and reporting symlink loops.
pub fn list_files(root: &Path, dir: &Path, ext: Option<&str>) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut out = Vec::new();
    let mut diags = Diagnostics::new();
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| display_path(root, p)).unwrap_or_default();
                let msg = if e.loop_ancestor().is_some() {
                    format!("symlink loop at `{path}`")
                } else {
                    format!("cannot read `{path}`: {e}")
                };
                diags.push(
                    Diagnostic::error(msg)
                        .help("remove the link or point it at a real folder inside the site"),
                );
                continue;
            }
        };
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(root) => {}
                _ => {
                    diags.push(
                        Diagnostic::error(format!(
                            "`{}` is a symlink leading outside the site folder",
                            display_path(root, entry.path())
                        ))
                        .help("hoshin only reads files inside the site folder; copy the file in instead"),
                    );
                    continue;
                }
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if is_editor_temp_file(&name) {
            continue;
        }
        if ext.is_none_or(|x| entry.path().extension().is_some_and(|e| e == x)) {
            out.push(entry.into_path());
        }
    }
    diags.into_result(out)
}

/// Files editors leave behind while saving, which are never site content; also the `*.tmp`
/// files hoshin itself writes and renames into place (`hoshin check --mark-reviewed` writes
/// `reviews/.en.toml.<pid>-<nanos>-<n>.tmp`).
pub fn is_editor_temp_file(name: &str) -> bool {
    name.starts_with(".#")
        || name.ends_with(".tmp")
        || name.starts_with('.') && name.ends_with(".swp")
        || name.ends_with('~')
        || name == "4913"
        || name.contains("___jb_")
        || name == ".DS_Store"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_ignored() {
        assert!(is_editor_temp_file(".en.md.swp"));
        assert!(is_editor_temp_file("en.md~"));
        assert!(is_editor_temp_file("4913"));
        assert!(is_editor_temp_file(".en.toml.tmp"));
        assert!(!is_editor_temp_file("en.md"));
    }
}
