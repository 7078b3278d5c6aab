//! The lines of a unit's source text that changed since its review.

use std::fmt;

/// One line that differs between the reviewed and the current source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DiffLine {
    /// A line of the reviewed text that is gone.
    Removed(String),
    /// A line of the current text that is new.
    Added(String),
}

/// The lines that differ between two texts, in order; shown as `- old` / `+ new` lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Diff(pub(crate) Vec<DiffLine>);

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, line) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            match line {
                DiffLine::Removed(text) => write!(f, "- {text}")?,
                DiffLine::Added(text) => write!(f, "+ {text}")?,
            }
        }
        Ok(())
    }
}

/// The lines that differ between `old` and `new`, by longest common subsequence.
pub(crate) fn line_diff(old: &str, new: &str) -> Diff {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(DiffLine::Removed(a[i].to_string()));
            i += 1;
        } else {
            out.push(DiffLine::Added(b[j].to_string()));
            j += 1;
        }
    }
    Diff(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_changed_lines_only() {
        let d = line_diff("a\nb\nc", "a\nB\nc");
        assert_eq!(
            d.0,
            vec![DiffLine::Removed("b".into()), DiffLine::Added("B".into())]
        );
        assert_eq!(d.to_string(), "- b\n+ B");
        assert_eq!(line_diff("x", "x").to_string(), "");
        assert_eq!(line_diff("", "new").to_string(), "+ new");
    }
}
