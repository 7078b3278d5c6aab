//! `hoshin check` after each rebuild, on a thread of its own.
//!
//! On a 20,000-page site the check takes about a second, several times a content edit's
//! rebuild: run on the rebuild thread, it delayed the next save's reload by up to that much.
//! Here the rebuild thread queues a [`Job`] once the reload is sent and goes back to the
//! watcher; this thread checks the latest loaded site only (a job with a newer one behind it is
//! not checked: its report would be replaced at once) and publishes each report with the site it
//! checked. The rebuilds' log lines come out of this queue in order, each after its report, so
//! a line shows the check time and says the preview's own pages are up to date.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use super::Shared;
use crate::check::RenderedPages;
use crate::render::Output;
use crate::site::Site;

/// Prints a rebuild's log line, given how long its check took (`None`: not checked).
pub(super) type LogLine = Box<dyn FnOnce(Option<Duration>) + Send>;

/// The pages a check reads its anchors from.
pub(super) type Pages = Arc<dyn RenderedPages + Send>;

/// What one rebuild leaves to the check thread.
pub(super) struct Job {
    /// The site the rebuild loaded, with the pages it made (if it made any): what to check.
    /// `None` when the site did not load, or when a newer job came (then the site and its
    /// pages are let go at once, and the job only prints its line).
    pub(super) site: Option<(Arc<Site>, Option<Pages>)>,
    /// The rebuild's log line.
    pub(super) log: LogLine,
}

/// A check queued as soon as the reload after a template or locale edit was sent, on the
/// pages as that build renders them ([`super::fill::Filling`]), while the whole site renders
/// behind it; holds its time once it ran.
pub(super) struct Early(Arc<Mutex<Option<Option<Duration>>>>);

/// The queue between the rebuild thread and the check thread.
#[derive(Default)]
pub(super) struct Checks {
    queue: Mutex<VecDeque<Job>>,
    wake: Condvar,
}

impl Checks {
    /// Queues a job; the jobs queued before it are not checked any more.
    pub(super) fn push(&self, job: Job) {
        let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        if job.site.is_some() {
            for old in queue.iter_mut() {
                old.site = None;
            }
        }
        queue.push_back(job);
        self.wake.notify_one();
    }

    /// Queues the check of `site` on `pages` before its rebuild is over; its log line comes
    /// with [`Checks::push_rebuilt`].
    pub(super) fn push_early(&self, site: Arc<Site>, pages: Pages) -> Early {
        let time = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&time);
        self.push(Job {
            site: Some((site, Some(pages))),
            log: Box::new(move |t| *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(t)),
        });
        Early(time)
    }

    /// Queues what a rebuild leaves to the check thread: its site with the pages it made,
    /// and its log line. When an `early` check read the pages this rebuild made in the end
    /// (the whole site rendered), its report stands, and the line shows its time; otherwise
    /// (the render failed: its errors are part of the report) the site is checked again.
    pub(super) fn push_rebuilt(
        &self,
        early: Option<Early>,
        site: Option<(Arc<Site>, Option<Arc<Output>>)>,
        log: LogLine,
    ) {
        let site = site.map(|(site, output)| (site, output.map(|o| o as Pages)));
        match early {
            Some(Early(time)) if matches!(site, Some((_, Some(_)))) => self.push(Job {
                site: None,
                log: Box::new(move |_| {
                    let time = time.lock().unwrap_or_else(PoisonError::into_inner).take();
                    log(time.flatten())
                }),
            }),
            _ => self.push(Job { site, log }),
        }
    }

    /// Takes the next job, waiting for one.
    fn pop(&self) -> Job {
        let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(job) = queue.pop_front() {
                return job;
            }
            queue = self
                .wake
                .wait(queue)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Runs the jobs as they come, for as long as the server runs.
    ///
    /// The checks run on a thread pool of their own: in the global one, a check's parallel
    /// work would wait behind the whole render of a template or locale edit (the pool's
    /// workers finish their own queues first), and a rebuild's behind a check. With two pools
    /// the system shares the cores between them.
    pub(super) fn run(&self, shared: &Shared) -> ! {
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("hoshin check {i}"))
            .build()
            .ok();
        loop {
            let job = self.pop();
            let check = || {
                job.site
                    .and_then(|(site, pages)| shared.check(site, pages.as_deref().map(|p| p as _)))
            };
            let time = match &pool {
                Some(pool) => pool.install(check),
                None => check(),
            };
            (job.log)(time);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(site: bool, log: &Arc<Mutex<Vec<(usize, bool)>>>, n: usize) -> Job {
        let log = Arc::clone(log);
        let site = site.then(|| {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/sites/minimal");
            let site = Site::load(&root, &Default::default()).unwrap();
            (Arc::new(site), None)
        });
        Job {
            site,
            log: Box::new(move |time| log.lock().unwrap().push((n, time.is_some()))),
        }
    }

    fn minimal() -> Arc<Site> {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/minimal");
        Arc::new(Site::load(&root, &Default::default()).unwrap())
    }

    #[test]
    fn an_early_check_stands_for_its_rebuild_once_the_whole_site_rendered() {
        let checks = Checks::default();
        let site = minimal();
        let output: Arc<Output> = Arc::new(Output::new());
        let lines = Arc::new(Mutex::new(Vec::new()));
        let line = |lines: &Arc<Mutex<Vec<Option<Duration>>>>| -> LogLine {
            let lines = Arc::clone(lines);
            Box::new(move |time| lines.lock().unwrap().push(time))
        };
        // The whole site rendered: one check (the early one), its time on the line.
        let early = checks.push_early(Arc::clone(&site), Arc::clone(&output) as Pages);
        let rebuilt = Some((Arc::clone(&site), Some(Arc::clone(&output))));
        checks.push_rebuilt(Some(early), rebuilt, line(&lines));
        let first = checks.pop();
        assert!(first.site.is_some());
        (first.log)(Some(Duration::from_millis(7)));
        let second = checks.pop();
        assert!(second.site.is_none(), "checked twice");
        (second.log)(None);
        assert_eq!(*lines.lock().unwrap(), [Some(Duration::from_millis(7))]);

        // The render failed: the early check (not run yet) gives way to a check of the site
        // without pages, which reports the render's errors.
        let early = checks.push_early(Arc::clone(&site), output as Pages);
        checks.push_rebuilt(Some(early), Some((site, None)), line(&lines));
        let first = checks.pop();
        assert!(first.site.is_none());
        (first.log)(None);
        let second = checks.pop();
        assert!(matches!(second.site, Some((_, None))));
        (second.log)(Some(Duration::from_millis(9)));
        assert_eq!(lines.lock().unwrap()[1], Some(Duration::from_millis(9)));
    }

    #[test]
    fn only_the_latest_queued_site_is_checked_and_every_line_is_printed_in_order() {
        let checks = Checks::default();
        let log = Arc::new(Mutex::new(Vec::new()));
        checks.push(job(true, &log, 1));
        checks.push(job(false, &log, 2));
        checks.push(job(true, &log, 3));
        checks.push(job(false, &log, 4));
        let queued: Vec<bool> = checks
            .queue
            .lock()
            .unwrap()
            .iter()
            .map(|j| j.site.is_some())
            .collect();
        assert_eq!(queued, [false, false, true, false]);
        for _ in 0..4 {
            let job = checks.pop();
            let checked = job.site.is_some();
            (job.log)(checked.then_some(Duration::ZERO));
        }
        assert_eq!(
            *log.lock().unwrap(),
            [(1, false), (2, false), (3, true), (4, false)]
        );
    }
}
