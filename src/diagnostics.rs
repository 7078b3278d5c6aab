//! Diagnostics: the one way hoshin reports a problem with a user's files.
//!
//! Every stage (load, validate, localise, render, write) reports problems as [`Diagnostic`]s
//! that carry the file, the byte span and the source text from the moment they are created,
//! and are rendered rustc-style (`error: …` / `--> file:line:col` / snippet) by
//! [annotate-snippets](https://docs.rs/annotate-snippets), the renderer cargo uses.
//!
//! Names and text from a site never reach the terminal raw: paths, messages, labels, notes and
//! help lines are escaped as they are made ([`escape`]), so a file named `\x1b[2J…` shows as
//! `\u{1b}[2J…` instead of clearing the screen.

mod escape;

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

pub use escape::{display_path, escape_name, escape_text, is_unsafe_char, relative_path};
use escape::{escape_snippet, escaped_text};

/// A text file of the site, decoded to UTF-8 with a BOM removed and CRLF folded to LF.
///
/// Folding CRLF keeps every line and column number identical to what an editor shows.
/// The byte offset of every line start is computed once, on first use, so that locating and
/// rendering a diagnostic costs a binary search and the lines it shows, not a scan of the file
/// (a file with 16,000 diagnostics took minutes to report).
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to the user (relative to the site root where possible; control and bidi
    /// characters escaped).
    pub display: String,
    /// Absolute or root-joined path on disk.
    pub path: PathBuf,
    /// The decoded text.
    pub text: String,
    /// Byte offsets where lines start: 0, then after every `\n` that is not the last byte.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Creates a source file from already-decoded text. `display` is escaped like every
    /// displayed path ([`escape_name`]).
    pub fn new(
        display: impl Into<String>,
        path: impl Into<PathBuf>,
        text: impl Into<String>,
    ) -> Arc<Self> {
        let display: String = display.into();
        Arc::new(SourceFile {
            display: escape_name(&display).into_owned(),
            path: path.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        })
    }

    /// The file cut to its first `len` bytes, at a character boundary ([`crate::site::content::Policy::release_bodies`]).
    pub fn cut(&self, len: usize) -> Arc<Self> {
        let len = (0..=len.min(self.text.len()))
            .rev()
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(0);
        Arc::new(SourceFile {
            display: self.display.clone(),
            path: self.path.clone(),
            text: self.text[..len].to_string(),
            line_starts: OnceLock::new(),
        })
    }

    /// Byte offsets of the line starts, as the snippet renderer counts lines: a final `\n`
    /// ends the last line and does not start an empty one.
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let len = self.text.len();
            std::iter::once(0)
                .chain(
                    self.text
                        .match_indices('\n')
                        .map(|(i, _)| i + 1)
                        .filter(|&start| start < len),
                )
                .collect()
        })
    }

    /// 0-based index of the line that holds byte `offset` (a line start belongs to the line
    /// it starts; the end of the file to the last line).
    fn line_index(&self, offset: usize) -> usize {
        self.line_starts()
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        // A span at the very end of a file that ends in a newline belongs to the last line,
        // as the snippet renderer shows it.
        if offset == self.text.len() && self.text.ends_with('\n') {
            offset -= 1;
        }
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_index(offset);
        let line_start = self.line_starts()[line];
        let col = self.text[line_start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// The whole lines that `span` touches, as a byte range of `text`, and the 1-based number
    /// of the first: the part of the file a snippet of `span` shows.
    fn lines_of(&self, span: &Range<usize>) -> (Range<usize>, usize) {
        let len = self.text.len();
        let start = span.start.min(len);
        let end = span.end.clamp(start, len);
        let (first, last) = (self.line_index(start), self.line_index(end));
        let starts = self.line_starts();
        let window = starts[first]..starts.get(last + 1).copied().unwrap_or(len);
        (window, first + 1)
    }

    /// Byte offset of `needle` inside this file's text if it is a sub-slice of it.
    pub fn offset_of(&self, needle: &str) -> Option<usize> {
        let start = self.text.as_ptr() as usize;
        let p = needle.as_ptr() as usize;
        (p >= start && p + needle.len() <= start + self.text.len()).then(|| p - start)
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot publish: exit code 1.
    Error,
    /// Worth fixing, but the output is still correct.
    Warning,
}

/// One problem, located in a file where possible.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// One-line summary, lower case, no trailing period (rustc style).
    pub message: String,
    /// The file and span the problem is in, if it is in a file.
    pub location: Option<Location>,
    /// Label under the highlighted span.
    pub label: Option<String>,
    /// `help:` lines: what to do next.
    pub help: Vec<String>,
    /// `note:` lines: context.
    pub notes: Vec<String>,
    /// A stable kebab-case name of the check that found it (`stale-translation`), if any.
    pub code: Option<&'static str>,
}

/// A span inside a source file.
#[derive(Debug, Clone)]
pub struct Location {
    /// The file.
    pub file: Arc<SourceFile>,
    /// Byte range within `file.text`.
    pub span: Range<usize>,
}

impl Diagnostic {
    /// A new error without a location. Control and bidi characters in `message` are escaped,
    /// as in the label, notes and help ([`escape_text`]).
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: escaped_text(message.into()),
            location: None,
            label: None,
            help: Vec::new(),
            notes: Vec::new(),
            code: None,
        }
    }

    /// A new warning without a location.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Points the diagnostic at `span` in `file`.
    pub fn at(mut self, file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        let len = file.text.len();
        let start = span.start.min(len);
        let end = span.end.clamp(start, len);
        self.location = Some(Location {
            file: Arc::clone(file),
            span: start..end,
        });
        self
    }

    /// Points the diagnostic at a whole file (its first line).
    pub fn in_file(self, file: &Arc<SourceFile>) -> Self {
        let end = file.text.find('\n').unwrap_or(file.text.len());
        self.at(file, 0..end)
    }

    /// Adds the label shown under the span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(escaped_text(label.into()));
        self
    }

    /// Adds a `help:` line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help.push(escaped_text(help.into()));
        self
    }

    /// Adds a `note:` line.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(escaped_text(note.into()));
        self
    }

    /// Names the check that found the problem (shown as `error[code]`, and in JSON output).
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// `file:line:col` of the primary span, if any.
    pub fn position(&self) -> Option<(String, usize, usize)> {
        self.location.as_ref().map(|loc| {
            let (line, col) = loc.file.line_col(loc.span.start);
            (loc.file.display.clone(), line, col)
        })
    }

    /// Renders the diagnostic rustc-style; `color` adds ANSI styles.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut title = level.primary_title(self.message.as_str());
        if let Some(code) = self.code {
            title = title.id(code);
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut main = match &self.location {
            Some(loc) => {
                // Only the lines the span touches, numbered from their place in the file: the
                // renderer would otherwise index the whole file for every diagnostic.
                let (window, first_line) = loc.file.lines_of(&loc.span);
                let span = loc.span.start.clamp(window.start, window.end) - window.start
                    ..loc.span.end.clamp(window.start, window.end) - window.start;
                let (source, span) = escape_snippet(&loc.file.text[window], span);
                let mut annotation = AnnotationKind::Primary.span(span);
                if let Some(label) = &self.label {
                    annotation = annotation.label(label.as_str());
                }
                let snippet = Snippet::source(source)
                    .line_start(first_line)
                    .path(loc.file.display.as_str())
                    .annotation(annotation);
                Group::with_title(title).element(snippet)
            }
            None => Group::with_title(title),
        };
        for note in &self.notes {
            main = main.element(Level::NOTE.message(note.as_str()));
        }
        for help in &self.help {
            main = main.element(Level::HELP.message(help.as_str()));
        }
        groups.push(main);
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&groups)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// A set of diagnostics gathered by a stage; a stage fails when it holds any error.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// An empty set.
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds all of another set.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Removes repeated diagnostics (same message at the same place).
    pub fn dedup(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.0
            .retain(|d| seen.insert((d.message.clone(), d.position())));
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Turns the set into `Err(self)` when it holds an error, else `Ok(value)`.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok(value)
        }
    }

    /// Iterates over the diagnostics in a stable order: by file, position, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        // Each key is computed once (a position is a binary search, not free), then sorted.
        let mut keyed: Vec<_> = self
            .0
            .iter()
            .map(|d| {
                let (line, col) = d
                    .location
                    .as_ref()
                    .map_or((0, 0), |loc| loc.file.line_col(loc.span.start));
                let file = d
                    .location
                    .as_ref()
                    .map_or("", |loc| loc.file.display.as_str());
                ((d.severity, file, line, col, d.message.as_str()), d)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        keyed.into_iter().map(|(_, d)| d).collect()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// The closest candidate to `word` by edit distance, for "did you mean" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Turns a TOML parse error into a diagnostic located in `file`.
pub fn toml_error(file: &Arc<SourceFile>, e: &toml::de::Error) -> Diagnostics {
    toml_error_at(file, 0, e)
}

/// Like [`toml_error`], for TOML embedded at byte `offset` of `file` (front matter).
pub fn toml_error_at(file: &Arc<SourceFile>, offset: usize, e: &toml::de::Error) -> Diagnostics {
    let message = e.message().trim().to_string();
    let mut d = Diagnostic::error(format!("invalid TOML: {}", first_line(&message)));
    if let Some(span) = e.span() {
        d = d.at(file, span.start + offset..span.end + offset);
    } else {
        d = d.in_file(file);
    }
    if let Some(field) = unknown_field(&message) {
        let expected = expected_fields(&message);
        if let Some(s) = did_you_mean(&field, expected.iter().map(String::as_str)) {
            d = d.help(format!("did you mean `{s}`?"));
        }
    }
    for line in message.lines().skip(1) {
        d = d.note(line.trim().to_string());
    }
    d.into()
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

fn unknown_field(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

fn expected_fields(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(3)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("a.md", "a.md", "一行目\n二行目 x");
        let off = f.text.find('x').unwrap();
        assert_eq!(f.line_col(off), (2, 5));
    }

    #[test]
    fn rendered_diagnostic_names_file_line_and_column() {
        let f = SourceFile::new("content/p/en.md", "x", "line one\nline {{ two }}\n");
        let start = f.text.find("{{").unwrap();
        let d = Diagnostic::error("unknown block `two`")
            .at(&f, start..start + 9)
            .label("not a block")
            .help("known blocks: examples");
        let out = d.render(false);
        assert!(out.contains("error: unknown block `two`"), "{out}");
        assert!(out.contains("content/p/en.md:2:6"), "{out}");
        assert!(out.contains("help: known blocks: examples"), "{out}");
    }

    /// The renderer as it was: the whole file as the snippet source.
    fn render_whole_file(d: &Diagnostic) -> String {
        let loc = d.location.as_ref().unwrap();
        let mut annotation = AnnotationKind::Primary.span(loc.span.clone());
        if let Some(label) = &d.label {
            annotation = annotation.label(label.as_str());
        }
        let snippet = Snippet::source(loc.file.text.as_str())
            .path(loc.file.display.as_str())
            .annotation(annotation);
        let title = Level::ERROR.primary_title(d.message.as_str());
        Renderer::plain().render(&[Group::with_title(title).element(snippet)])
    }

    /// Line and column as they were computed: by scanning the text before the offset.
    fn line_col_by_scanning(text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        if offset == text.len() && text.ends_with('\n') {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        (
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }

    /// Rendering from the lines a span touches gives the same text as rendering from the
    /// whole file, for every span of files with the awkward cases: empty lines, a missing or
    /// doubled final newline, multi-byte characters, tabs, spans over many lines.
    #[test]
    fn snippets_from_their_lines_equal_snippets_from_the_whole_file() {
        let texts = [
            "",
            "a",
            "a\n",
            "\n\n",
            "line one\nline {{ two }}\n",
            "一行目\n\n二行目 x\n\tタブ\nend",
            "a\nb\nc\nd\ne\nf\ng\nh\n\n",
            "x = 1\n  {\n  }\n// c\ny = 2",
        ];
        for text in texts {
            let f = SourceFile::new("f.md", "f.md", text);
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &offset in &bounds {
                assert_eq!(
                    f.line_col(offset),
                    line_col_by_scanning(text, offset),
                    "{text:?} at {offset}"
                );
            }
            for (i, &start) in bounds.iter().enumerate() {
                for &end in &bounds[i..] {
                    for label in [None, Some("here")] {
                        let mut d = Diagnostic::error("m").at(&f, start..end);
                        d.label = label.map(String::from);
                        assert_eq!(
                            d.render(false),
                            render_whole_file(&d),
                            "{text:?} span {start}..{end}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn sorting_many_diagnostics_in_one_big_file_is_fast() {
        let text: String = (0..16_000)
            .map(|i| format!("message-{i} = text {i}\n"))
            .collect();
        let f = SourceFile::new("big.ftl", "big.ftl", text);
        let mut diags = Diagnostics::new();
        for (start, _) in f
            .text
            .match_indices("message-")
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            diags.push(Diagnostic::warning("never used").at(&f, start..start + 8));
        }
        let t = std::time::Instant::now();
        let sorted = diags.sorted();
        let rendered: usize = sorted.iter().map(|d| d.render(false).len()).sum();
        assert!(rendered > 0);
        assert_eq!(sorted[0].position(), Some(("big.ftl".into(), 1, 1)));
        assert!(t.elapsed().as_secs() < 5, "took {:?}", t.elapsed());
    }

    #[test]
    fn did_you_mean_suggests_close_names_only() {
        assert_eq!(
            did_you_mean("titel", ["title", "description"]),
            Some("title")
        );
        assert_eq!(did_you_mean("zzzzzz", ["title", "description"]), None);
    }

    #[test]
    fn unknown_fields_get_a_suggestion() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            title: String,
            description: String,
        }
        let f = SourceFile::new("x.toml", "x.toml", "titel = \"a\"\n");
        let e = toml::from_str::<T>(&f.text).unwrap_err();
        let d = toml_error(&f, &e);
        let out = d.0[0].render(false);
        assert!(out.contains("did you mean `title`?"), "{out}");
        assert!(out.contains("x.toml:1:1"), "{out}");
    }
}
