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
use crate::render::Output;
use crate::site::Site;

/// Prints a rebuild's log line, given how long its check took (`None`: not checked).
pub(super) type LogLine = Box<dyn FnOnce(Option<Duration>) + Send>;

/// What one rebuild leaves to the check thread.
pub(super) struct Job {
    /// The site the rebuild loaded, with the pages it made (if it made any): what to check.
    /// `None` when the site did not load, or when a newer job came (then the site and its
    /// pages are let go at once, and the job only prints its line).
    pub(super) site: Option<(Arc<Site>, Option<Arc<Output>>)>,
    /// The rebuild's log line.
    pub(super) log: LogLine,
}

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
    pub(super) fn run(&self, shared: &Shared) -> ! {
        loop {
            let job = self.pop();
            let time = job
                .site
                .and_then(|(site, output)| shared.check(site, output.as_deref()));
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
