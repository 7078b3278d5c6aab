//! The second half of a rebuild after a template or locale edit.
//!
//! [`crate::incremental::Builder::update_lazily`] sets up the new templates or locales and
//! renders the pages listing every policy; the reload is sent with a [`Pending`] build in the
//! snapshot, which renders each policy page when a browser asks for it (the server looks there
//! first). Then, still on the rebuild thread, [`crate::incremental::Builder::complete`] renders
//! the whole site; its files take the place of the previous build's and the pending one's
//! without a reload (they are the same bytes), and the check runs on them. A render error
//! there is published like any failed build: the last good build with the overlay.

use std::borrow::Cow;
use std::sync::Arc;

use super::{Rebuild, Shared, Snapshot};
use crate::check::RenderedPages;
use crate::incremental::Pending;
use crate::render::Output;

/// The pages of a build whose policy pages are rendered as they are asked for, for the check
/// that runs while the whole site renders: the paths are the previous build's (the same
/// files), each page is `pending`'s (rendered now if no one asked for it yet, and then served
/// from there) or, when it does not render it anew, the previous build's file.
pub(super) struct Filling {
    pending: Arc<Pending>,
    previous: Arc<Output>,
}

impl Filling {
    /// The pages of `pending`, set up after the build whose files are `previous`.
    pub(super) fn new(pending: Arc<Pending>, previous: Arc<Output>) -> Filling {
        Filling { pending, previous }
    }
}

impl RenderedPages for Filling {
    fn paths(&self) -> Vec<String> {
        self.previous.paths()
    }

    /// A page that fails to render has no ids: the whole render fails too, and the site is
    /// then checked again with its errors.
    fn page(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        match self.pending.get(path) {
            None => self.previous.page(path),
            Some(Ok(bytes)) => Some(Cow::Owned(bytes)),
            Some(Err(_)) => None,
        }
    }
}

impl Shared {
    /// Renders the whole site `pending` was set up for, after `done` published it, and swaps
    /// its files in; returns the rebuild as the log and the check see it.
    pub(super) fn fill(&self, done: Rebuild, pending: &Arc<Pending>) -> Rebuild {
        let outcome = self.building(|builder| {
            builder
                .complete()
                .unwrap_or_else(|| super::crashed_with("no site to render after the edit"))
        });
        match outcome.result {
            Ok((output, warnings)) => {
                self.fill_in(pending, Arc::clone(&output));
                Rebuild {
                    result: Ok(warnings),
                    rebuilt: done.rebuilt,
                    reloaded: done.reloaded,
                    site: outcome.site.map(|site| (site, Some(output))),
                }
            }
            Err(errors) => Rebuild {
                result: self.publish(Err(errors), None, None),
                rebuilt: outcome.rebuilt,
                reloaded: done.reloaded,
                site: outcome.site.map(|site| (site, None)),
            },
        }
    }

    /// Serves `output` (the whole site, rendered) instead of the previous build's files and
    /// the pages `pending` rendered, if the snapshot still serves those: the bytes are the same,
    /// so browsers are not told (the generation stays).
    fn fill_in(&self, pending: &Arc<Pending>, output: Arc<Output>) {
        let mut guard = self.current.write().unwrap_or_else(|p| p.into_inner());
        let prev: &Snapshot = &guard;
        if !prev
            .pending
            .as_ref()
            .is_some_and(|p| Arc::ptr_eq(p, pending))
        {
            return;
        }
        let next = Snapshot {
            status: prev.status,
            output: Some(output),
            site: prev.site.clone(),
            report: prev.report.clone(),
            check_time: prev.check_time,
            overlay: prev.overlay.clone(),
            errors: prev.errors.clone(),
            report_current: prev.report_current,
            pending: None,
        };
        *guard = Arc::new(next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check_rendered, Report};
    use crate::incremental::Builder;

    fn anchor_errors(report: &Report) -> Vec<String> {
        let findings = report.findings.iter().map(|f| &f.diagnostic);
        findings
            .filter(|d| d.code == Some("content-broken-anchor"))
            .map(|d| format!("{} {:?}", d.message, d.position()))
            .collect()
    }

    #[test]
    fn the_check_while_the_site_renders_reads_the_pages_of_the_new_template() {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (_tmp, root) = crate::test_sites::copy_fixture("minimal");
        let template = root.join("templates/policy.html");
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::copy(repo.join("themes/default/templates/policy.html"), &template).unwrap();
        let ja = root.join("content/house-rules/ja.md");
        let text = std::fs::read_to_string(&ja).unwrap();
        let link = "\n\n[英語版](../../en/house-rules/#edited)\n";
        std::fs::write(&ja, format!("{text}{link}")).unwrap();

        let mut builder = Builder::new(&root, Default::default());
        let full = builder.full();
        let (output, _) = full.result.unwrap();
        let before = check_rendered(&full.site.unwrap(), Some(&*output));
        assert_eq!(anchor_errors(&before).len(), 1, "{:?}", before.findings);

        // The new template gives the page the id the link names.
        let old = std::fs::read_to_string(&template).unwrap();
        let marker = "<article class=\"policy\"";
        assert!(old.contains(marker));
        let new = old.replacen(marker, "<article id=\"edited\" class=\"policy\"", 1);
        std::fs::write(&template, new).unwrap();
        let lazily = builder.update_lazily(std::slice::from_ref(&template));
        let (pending, site) = (lazily.pending.unwrap(), lazily.site.unwrap());
        let (previous, _) = lazily.result.unwrap();
        let filling = Filling::new(Arc::clone(&pending), previous);
        let early = check_rendered(&site, Some(&filling));
        assert_eq!(anchor_errors(&early), Vec::<String>::new());

        // The same report as a check of the whole site rendered.
        let (output, _) = builder.complete().unwrap().result.unwrap();
        let after = check_rendered(&site, Some(&*output));
        let messages = |r: &Report| -> Vec<String> {
            (r.findings.iter())
                .map(|f| format!("{} {:?}", f.diagnostic.message, f.diagnostic.position()))
                .collect()
        };
        assert_eq!(messages(&early), messages(&after));
    }
}
