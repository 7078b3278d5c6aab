//! Watching the site's files: which paths matter, debouncing, and the polling fallback.
//!
//! Folders are watched, not files: many editors save by writing a temporary file and renaming it
//! over the original, which replaces the inode a file watch would hold. The site folder itself
//! is watched non-recursively (for `hoshin.toml` and for source folders created later); the
//! source folders recursively. Editor temporary files and everything else in the site folder
//! (the output folder, `target/`, `.git/`) are ignored. `--poll` swaps native events for
//! polling, for network drives, WSL and containers where events go missing.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{MetadataKind, ModifyKind};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::site::is_editor_temp_file;

/// Folders of a site whose files feed the build (and `reviews/`, which feeds the check report).
const SOURCE_DIRS: [&str; 6] = [
    "content",
    "locales",
    "themes",
    "templates",
    "static",
    "reviews",
];
/// Files at the top of a site that feed the build.
const SOURCE_FILES: [&str; 2] = [
    crate::site::config::CONFIG_FILE,
    crate::site::locations::LOCATIONS_FILE,
];
/// Longest a stream of events may delay a rebuild.
const MAX_DELAY: Duration = Duration::from_secs(1);
/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// A set of changed site files, as one debounced batch.
#[derive(Debug)]
pub(crate) struct Batch {
    /// When the debounce ended: the start of the rebuild's time budget.
    pub(crate) received: Instant,
    /// The changed files, sorted and without repeats.
    pub(crate) paths: Vec<PathBuf>,
}

impl Batch {
    /// A short description for log lines: the first changed file and how many more.
    pub(crate) fn describe(&self, root: &Path) -> String {
        match self.paths.as_slice() {
            [] => "a change".into(),
            [one] => super::shown(root, one),
            [first, rest @ ..] => format!("{} and {} more", super::shown(root, first), rest.len()),
        }
    }
}

/// The site's watcher and the receiving end of its events.
pub(crate) struct SiteWatcher {
    root: PathBuf,
    backend: Box<dyn Watcher + Send>,
    events: Receiver<notify::Result<Event>>,
    watched: Vec<PathBuf>,
    debounce: Duration,
}

impl SiteWatcher {
    /// Starts watching the site at `root` (canonical); `poll` selects the polling backend.
    pub(crate) fn start(
        root: &Path,
        poll: bool,
        debounce: Duration,
    ) -> Result<SiteWatcher, String> {
        let (tx, events) = channel();
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        let backend: Box<dyn Watcher + Send> = if poll {
            PollWatcher::new(tx, config).map(|w| Box::new(w) as _)
        } else {
            RecommendedWatcher::new(tx, config).map(|w| Box::new(w) as _)
        }
        .map_err(|e| format!("cannot watch `{}`: {e}", root.display()))?;
        let mut watcher = SiteWatcher {
            root: root.to_path_buf(),
            backend,
            events,
            watched: Vec::new(),
            debounce,
        };
        watcher
            .backend
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch `{}`: {e}", root.display()))?;
        watcher.watch_new_folders();
        Ok(watcher)
    }

    /// Watches source folders that exist now and were not watched yet.
    fn watch_new_folders(&mut self) {
        // A folder that was deleted is no longer watched by the backend; forget it so that
        // it is watched again when it comes back.
        self.watched.retain(|d| d.is_dir());
        for name in SOURCE_DIRS {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
                match self.backend.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => self.watched.push(dir),
                    Err(e) => eprintln!("warning: cannot watch `{name}/`: {e}"),
                }
            }
        }
    }

    /// Blocks until site files change and have been quiet for the debounce time; `None` when the
    /// watcher has stopped. Events that arrive while a rebuild runs start the next batch.
    pub(crate) fn next_batch(&mut self) -> Option<Batch> {
        let mut paths = Vec::new();
        // Wait for the first relevant event.
        let first_event = loop {
            let event = self.events.recv().ok()?;
            self.collect(event, &mut paths);
            if !paths.is_empty() {
                break Instant::now();
            }
        };
        // Then until things are quiet.
        let mut deadline = first_event + self.debounce;
        loop {
            let now = Instant::now();
            if now >= deadline || now >= first_event + MAX_DELAY {
                break;
            }
            match self.events.recv_timeout(deadline - now) {
                Ok(event) => {
                    let before = paths.len();
                    self.collect(event, &mut paths);
                    if paths.len() > before {
                        deadline = Instant::now() + self.debounce;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        self.watch_new_folders();
        paths.sort();
        paths.dedup();
        Some(Batch {
            received: Instant::now(),
            paths,
        })
    }

    fn collect(&self, result: notify::Result<Event>, paths: &mut Vec<PathBuf>) {
        match result {
            Ok(event) if changes_content(&event.kind) => {
                paths.extend(event.paths.into_iter().filter(|p| is_source(&self.root, p)))
            }
            Ok(_) => {}
            Err(e) => eprintln!("warning: file watcher: {e}"),
        }
    }
}

/// Whether an event can change what a file holds: not opening or reading it (the rebuild's
/// own reads would otherwise trigger the next rebuild, forever).
fn changes_content(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// Whether a changed path can affect the build.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if is_editor_temp_file(name) {
        return false;
    }
    let mut parts = rel.components();
    let Some(first) = parts.next().and_then(|c| c.as_os_str().to_str()) else {
        return false;
    };
    let nested = parts.next().is_some();
    if nested {
        SOURCE_DIRS.contains(&first)
    } else {
        SOURCE_FILES.contains(&first) || SOURCE_DIRS.contains(&first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_sources_count() {
        let root = Path::new("/site");
        for (p, yes) in [
            ("/site/hoshin.toml", true),
            ("/site/content/p/en.md", true),
            ("/site/locales/ja/site.ftl", true),
            ("/site/themes/default/static/style.css", true),
            ("/site/content", true),
            ("/site/content/p/.en.md.swp", false),
            ("/site/content/p/en.md~", false),
            ("/site/content/p/4913", false),
            ("/site/reviews/.en.toml.tmp", false),
            ("/site/reviews/en.toml", true),
            ("/site/public/index.html", false),
            ("/site/target/debug/hoshin", false),
            ("/site/README.md", false),
            ("/elsewhere/hoshin.toml", false),
        ] {
            assert_eq!(is_source(root, Path::new(p)), yes, "{p}");
        }
    }
}
