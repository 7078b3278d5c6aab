//! One module per subcommand; each `run` is a short call into the library.

pub mod build;
pub mod check;
pub mod init;
pub mod serve;

use hoshin::diagnostics::{Diagnostics, Severity};

/// Options every command shares.
#[derive(Debug, Clone, Copy)]
pub struct Global {
    /// Print only errors.
    pub quiet: bool,
    /// Colour diagnostics.
    pub color: bool,
}

/// Prints errors and warnings to standard error in a stable order.
pub fn print_diagnostics(diags: &Diagnostics, color: bool) {
    for d in diags.sorted() {
        if d.severity == Severity::Error || d.severity == Severity::Warning {
            eprintln!("{}\n", d.render(color));
        }
    }
}
