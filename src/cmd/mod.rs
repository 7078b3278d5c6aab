//! One module per subcommand; each `run` is a short call into the library.

pub mod build;
pub mod check;
pub mod init;
pub mod serve;
pub mod xliff;

use std::path::PathBuf;

use hoshin::diagnostics::{Diagnostics, Severity};

/// Options every command shares.
#[derive(Debug, Clone, Copy)]
pub struct Global {
    /// Print only errors.
    pub quiet: bool,
    /// Colour diagnostics.
    pub color: bool,
}

/// The site folder: `--root` as given, else the current folder or the nearest folder above
/// it that holds a `hoshin.toml` (as git and cargo find theirs), else the current folder (whose
/// missing `hoshin.toml` the load stage then reports).
pub fn site_root(root: Option<PathBuf>) -> PathBuf {
    root.unwrap_or_else(|| {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| hoshin::site::find_root(&cwd))
            .unwrap_or_else(|| PathBuf::from("."))
    })
}

/// Prints errors and warnings to standard error in a stable order.
pub fn print_diagnostics(diags: &Diagnostics, color: bool) {
    for d in diags.sorted() {
        if d.severity == Severity::Error || d.severity == Severity::Warning {
            eprintln!("{}\n", d.render(color));
        }
    }
}
