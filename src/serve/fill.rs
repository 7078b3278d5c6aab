//! The second half of a rebuild after a template or locale edit.
//!
//! [`crate::incremental::Builder::update_lazily`] sets up the new templates or locales and
//! renders the pages listing every policy; the reload is sent with a [`Pending`] build in the
//! snapshot, which renders each policy page when a browser asks for it (the server looks there
//! first). Then, still on the rebuild thread, [`crate::incremental::Builder::complete`] renders
//! the whole site; its files take the place of the previous build's and the pending one's
//! without a reload (they are the same bytes), and the check runs on them. A render error
//! there is published like any failed build: the last good build with the overlay.

use std::sync::Arc;

use super::{Rebuild, Shared, Snapshot};
use crate::incremental::Pending;
use crate::render::Output;

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
