//! Reloading only a site's locales, for `serve` after a `.ftl` edit ([`crate::incremental`]):
//! the config, theme and content stay as loaded.

use super::{read_locales, set_up_languages, Site};
use crate::diagnostics::Diagnostics;

impl Site {
    /// This site with every configured language's locale read again from `locales/` (and the
    /// theme's locale files as loaded), as [`Site::load`] sets them up; the errors
    /// [`Site::load`] would report for the locales otherwise.
    pub fn with_reloaded_locales(&self) -> Result<Site, Diagnostics> {
        let mut diags = Diagnostics::new();
        let locales = read_locales(&self.root, &self.theme, &self.config);
        let languages = set_up_languages(&self.config, locales, &self.policies, &mut diags);
        if diags.has_errors() {
            return Err(diags);
        }
        let mut site = self.clone();
        site.languages = languages;
        Ok(site)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reloaded_locales_read_the_edited_file() {
        let (_tmp, root) = crate::test_sites::copy_fixture("minimal");
        let site = Site::load(&root, &Default::default()).unwrap();
        let probe = |site: &Site| {
            let ui = site.source().locale.ui_strings().unwrap();
            ui.get("serve-reload-probe").cloned()
        };
        let dir = root.join("locales").join(site.source().code());
        std::fs::write(dir.join("zz-extra.ftl"), "serve-reload-probe = probe\n").unwrap();
        let reloaded = site.with_reloaded_locales().unwrap();
        assert_eq!(probe(&reloaded).as_deref(), Some("probe"));
        assert_eq!(probe(&site), None);
        assert_eq!(reloaded.policies.len(), site.policies.len());
        std::fs::write(dir.join("zz-extra.ftl"), "serve-reload-probe = {\n").unwrap();
        assert!(site.with_reloaded_locales().is_err());
    }
}
