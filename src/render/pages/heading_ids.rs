//! Checks on the headings of a policy page.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::content::{Block, Document};

/// The ids of headings blocks give themselves (`revisions`) cannot be a Markdown heading's
/// too: two elements would share the id, and links to it would go to the first. (A block
/// right under a heading gives itself none.)
pub(super) fn block_heading_ids(
    doc: &Document,
    blocks: &[(&Block, &std::ops::Range<usize>)],
    headings: &crate::render::markdown::Headings,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for &(block, span) in blocks {
        let id = match block {
            Block::Revisions => "revisions",
            _ => continue,
        };
        if headings.list.iter().any(|h| h.id == id) {
            diags.push(
                Diagnostic::error(format!("a heading of the document has the id `{id}`"))
                    .at(&doc.file, span.clone())
                    .label(format!("this block's own heading has the id `{id}`"))
                    .help(format!(
                        "the block brings its heading: remove the heading above it, or give that heading another id than `{{#{id}}}`"
                    )),
            );
        }
    }
    diags
}
