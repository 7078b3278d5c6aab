//! The syntax of a site's Fluent files, parsed once per `check` and shared by the checks
//! that read it (terms, references, unused messages, the staleness units).

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_syntax::ast;
use rayon::prelude::*;

use super::parse;
use crate::diagnostics::SourceFile;
use crate::site::locale::Locale;
use crate::site::Site;

/// Every Fluent file of a site's locales, parsed once for all the checks that read their
/// syntax (a broken entry is junk, skipped).
pub(crate) struct Parsed<'a> {
    /// By file (the address of its [`SourceFile`]).
    files: HashMap<usize, ast::Resource<&'a str>>,
}

impl<'a> Parsed<'a> {
    /// Parses every file of every language's locale, the files in parallel.
    pub(crate) fn new(site: &'a Site) -> Parsed<'a> {
        Parsed::of(site.languages().iter().map(|l| &*l.locale))
    }

    /// Parses every file of these locales (a site's, held apart from it), in parallel.
    pub(crate) fn of(locales: impl Iterator<Item = &'a Locale>) -> Parsed<'a> {
        let mut files: Vec<&'a SourceFile> = locales
            .flat_map(|l| l.files.iter().map(|(_, f)| &**f))
            .collect();
        files.sort_by_key(|f| key(f));
        files.dedup_by_key(|f| key(f));
        Parsed {
            files: files.into_par_iter().map(|f| (key(f), parse(f))).collect(),
        }
    }

    /// The syntax of `file`, parsed now if it is not one of the site's.
    pub(crate) fn get(&self, file: &'a SourceFile) -> Cow<'_, ast::Resource<&'a str>> {
        match self.files.get(&key(file)) {
            Some(resource) => Cow::Borrowed(resource),
            None => Cow::Owned(parse(file)),
        }
    }
}

fn key(file: &SourceFile) -> usize {
    std::ptr::from_ref(file) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_file_is_parsed_once_and_lent() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/minimal");
        let site = Site::load(&root, &Default::default()).unwrap();
        let parsed = Parsed::new(&site);
        let files: Vec<&SourceFile> = site
            .languages()
            .iter()
            .flat_map(|l| l.locale.files.iter().map(|(_, f)| &**f))
            .collect();
        assert!(files.len() >= 2);
        for file in files {
            let resource = parsed.get(file);
            assert!(matches!(resource, Cow::Borrowed(_)), "{}", file.display);
            assert_eq!(*resource, parse(file));
        }
        // A file that is not the site's is parsed on the spot.
        let other = SourceFile::new("x.ftl", "x.ftl", "a = A\n");
        assert!(matches!(parsed.get(&other), Cow::Owned(_)));
    }
}
