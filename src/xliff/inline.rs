//! Inline codes: the parts of a unit's text a translator must carry over unchanged.
//!
//! A unit's text is split into [`Piece`]s: text to translate, and codes written into the XLIFF
//! file as `<ph>` (a placeable: `{ $name }`, `{{ examples() }}`, `` `code` ``, `{#id}`, a
//! heading's `## `) or as a `<bpt>`/`<ept>` pair around text (`**…**`, `[…](url)`), each with
//! the original markup inside. CAT tools show codes as tags the translator moves but cannot
//! edit, so a placeable cannot be broken by accident; import checks the codes anyway.
//!
//! Codes are numbered per unit (`super::codes`), so a CAT tool sees the same tag in source and
//! target.

/// How a unit's text is written, which decides what is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// A Fluent message value or attribute: placeables `{ … }` (variables, terms, selects).
    Fluent,
    /// A Markdown section: block markers, shortcodes, heading ids, code, links, emphasis.
    Markdown,
    /// A front-matter string: nothing to protect.
    Plain,
    /// The revision summaries, one `YYYY-MM-DD: summary` a line: the dates are protected.
    Revisions,
}

/// What kind of inline code a piece is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeKind {
    /// A standalone code (`<ph>`).
    Ph,
    /// The opening half of a pair (`<bpt>`).
    Bpt,
    /// The closing half of a pair (`<ept>`).
    Ept,
}

impl CodeKind {
    /// The XLIFF element name.
    pub(crate) fn element(self) -> &'static str {
        match self {
            CodeKind::Ph => "ph",
            CodeKind::Bpt => "bpt",
            CodeKind::Ept => "ept",
        }
    }
}

/// A piece of a unit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Text to translate.
    Text(String),
    /// Markup to keep.
    Code(Code),
}

/// An inline code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Code {
    /// Standalone, opening or closing.
    pub(crate) kind: CodeKind,
    /// What it is (`placeable`, `shortcode`, `link`, `strong`…), to pair codes whose text
    /// differs (a link to another page in each language).
    pub(crate) class: &'static str,
    /// The original markup.
    pub(crate) text: String,
    /// For a pair, the index of its opening half among this unit's codes; for `Ph`, its own.
    pub(crate) pair: usize,
}

/// Splits `text` into pieces.
pub(crate) fn tokenise(text: &str, syntax: Syntax) -> Vec<Piece> {
    let mut out = Pieces::default();
    match syntax {
        Syntax::Plain => out.text(text),
        Syntax::Fluent => fluent(text, &mut out),
        Syntax::Markdown => markdown(text, &mut out),
        Syntax::Revisions => {
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    out.text("\n");
                }
                match date_prefix(line) {
                    Some(n) => {
                        out.ph("date", &line[..n]);
                        out.text(&line[n..]);
                    }
                    None => out.text(line),
                }
            }
        }
    }
    out.finish()
}

/// The length of a `YYYY-MM-DD: ` prefix.
fn date_prefix(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    (b.len() >= 12
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b':'
        && b[11] == b' ')
        .then_some(12)
}

/// Pieces being collected: adjacent text is merged; pairs are numbered.
#[derive(Default)]
struct Pieces {
    pieces: Vec<Piece>,
    codes: usize,
}

impl Pieces {
    fn text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Piece::Text(t)) = self.pieces.last_mut() {
            t.push_str(s);
        } else {
            self.pieces.push(Piece::Text(s.to_string()));
        }
    }

    fn code(&mut self, kind: CodeKind, class: &'static str, text: &str, pair: usize) {
        self.pieces.push(Piece::Code(Code {
            kind,
            class,
            text: text.to_string(),
            pair,
        }));
    }

    fn ph(&mut self, class: &'static str, text: &str) {
        let n = self.codes;
        self.codes += 1;
        self.code(CodeKind::Ph, class, text, n);
    }

    /// Opens a pair; returns its number for the closing half.
    fn bpt(&mut self, class: &'static str, text: &str) -> usize {
        let n = self.codes;
        self.codes += 1;
        self.code(CodeKind::Bpt, class, text, n);
        n
    }

    /// Turns opening halves that never closed back into text, then returns the pieces.
    fn finish(self) -> Vec<Piece> {
        let closed: std::collections::BTreeSet<usize> = self
            .pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Code(c) if c.kind == CodeKind::Ept => Some(c.pair),
                _ => None,
            })
            .collect();
        let mut out = Pieces::default();
        for p in self.pieces {
            match p {
                Piece::Code(c) if c.kind == CodeKind::Bpt && !closed.contains(&c.pair) => {
                    out.text(&c.text)
                }
                Piece::Text(t) => out.text(&t),
                other => out.pieces.push(other),
            }
        }
        out.pieces
    }
}

/// The end (exclusive) of the Fluent placeable opening at `start` (a `{`), string literals
/// and nested placeables included; `None` when it never closes.
pub(crate) fn placeable_end(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    let mut in_string = false;
    while i < b.len() {
        match (in_string, b[i]) {
            (true, b'\\') => i += 1,
            (true, b'"') => in_string = false,
            (true, b'\n') => return None,
            (false, b'"') => in_string = true,
            (false, b'{') => depth += 1,
            (false, b'}') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn fluent(text: &str, out: &mut Pieces) {
    let mut i = 0;
    let mut from = 0;
    while let Some(rel) = text[i..].find('{') {
        let start = i + rel;
        match placeable_end(text, start) {
            Some(end) => {
                out.text(&text[from..start]);
                out.ph("placeable", &text[start..end]);
                i = end;
                from = end;
            }
            None => i = start + 1,
        }
    }
    out.text(&text[from..]);
}

/// The length of the block markers at the start of a Markdown line (`## `, `- `, `1. `,
/// `> `, with their indentation), 0 when there are none.
fn block_marker(line: &str) -> usize {
    let b = line.as_bytes();
    let mut i = 0;
    loop {
        let start = i;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        let rest = &b[i..];
        let len = if rest.first() == Some(&b'#') {
            let n = rest.iter().take_while(|c| **c == b'#').count();
            (n <= 6 && rest.get(n) == Some(&b' ')).then_some(n + 1)
        } else if matches!(rest.first(), Some(b'-' | b'*' | b'+')) && rest.get(1) == Some(&b' ') {
            Some(2)
        } else if rest.first() == Some(&b'>') {
            Some(if rest.get(1) == Some(&b' ') { 2 } else { 1 })
        } else {
            let n = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            (n > 0
                && n < 10
                && matches!(rest.get(n), Some(b'.' | b')'))
                && rest.get(n + 1) == Some(&b' '))
            .then_some(n + 2)
        };
        match len {
            Some(n) => i += n,
            None => return start,
        }
    }
}

/// Where the emphasis opened by `delim` at `at` closes, within its paragraph.
fn closer(text: &str, at: usize, delim: &str) -> Option<usize> {
    let after = at + delim.len();
    let next = text[after..].chars().next()?;
    if next.is_whitespace() || text[after..].starts_with(delim) {
        return None;
    }
    let para_end = text[after..].find("\n\n").map_or(text.len(), |n| after + n);
    let mut from = after;
    while let Some(rel) = text[from..para_end].find(delim) {
        let c = from + rel;
        let before = text[..c].chars().next_back();
        let following = text[c + delim.len()..].chars().next();
        let word = |ch: Option<char>| ch.is_some_and(char::is_alphanumeric);
        let ok = before.is_some_and(|ch| !ch.is_whitespace())
            && c > after
            && (!delim.starts_with('_') || !word(following));
        if ok {
            return Some(c);
        }
        from = c + delim.len();
    }
    None
}

/// The end of a link's `](…)` (or `][…]`) after the `]` at `close`.
fn link_tail(text: &str, close: usize) -> Option<usize> {
    let rest = &text[close + 1..];
    let (open, shut) = match rest.chars().next()? {
        '(' => ('(', ')'),
        '[' => ('[', ']'),
        _ => return None,
    };
    let mut depth = 0;
    for (i, ch) in rest.char_indices() {
        if ch == '\n' {
            return None;
        }
        if ch == open {
            depth += 1;
        } else if ch == shut {
            depth -= 1;
            if depth == 0 {
                return Some(close + 1 + i + 1);
            }
        }
    }
    None
}

/// The `]` closing a link text opened at `open` (a `[`), in the same paragraph.
fn link_close(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, ch) in text[open..].char_indices() {
        match ch {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            '\n' if text[open + i + 1..].starts_with('\n') => return None,
            _ => {}
        }
    }
    None
}

fn markdown(text: &str, out: &mut Pieces) {
    // Closing halves waiting at a byte offset: (offset, end, class, pair).
    let mut pending: Vec<(usize, usize, &'static str, usize)> = Vec::new();
    let mut i = 0;
    let mut from = 0;
    let mut line_start = true;
    let b = text.as_bytes();
    while i < text.len() {
        if let Some(pos) = pending.iter().position(|p| p.0 == i) {
            let (_, end, class, pair) = pending.remove(pos);
            out.text(&text[from..i]);
            out.code(CodeKind::Ept, class, &text[i..end], pair);
            i = end;
            from = end;
            continue;
        }
        if line_start {
            line_start = false;
            let n = block_marker(&text[i..]);
            if n > 0 {
                out.text(&text[from..i]);
                out.ph("block", &text[i..i + n]);
                i += n;
                from = i;
                continue;
            }
        }
        let rest = &text[i..];
        let mut ph_end = None;
        if rest.starts_with("{{") {
            ph_end = rest.find("}}").map(|n| i + n + 2);
        } else if rest.starts_with("{%") {
            ph_end = rest.find("%}").map(|n| i + n + 2);
        } else if rest.starts_with("{#") {
            ph_end = rest
                .find('}')
                .filter(|n| !rest[..*n].contains('\n'))
                .map(|n| i + n + 1);
        } else if rest.starts_with('`') {
            let n = rest.bytes().take_while(|c| *c == b'`').count();
            let fence = &rest[..n];
            ph_end = rest[n..].find(fence).map(|m| i + n + m + n).or(Some(i + n));
        } else if rest.starts_with('\\')
            && rest[1..].starts_with(|c: char| c.is_ascii_punctuation())
        {
            ph_end = Some(i + 2);
        } else if rest.starts_with('<') {
            ph_end = rest
                .find('>')
                .filter(|n| {
                    *n > 1
                        && !rest[..*n].contains('\n')
                        && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
                })
                .map(|n| i + n + 1);
        }
        if let Some(end) = ph_end {
            let class = match b[i] {
                b'{' => "shortcode",
                b'`' => "code",
                b'\\' => "escape",
                _ => "html",
            };
            let class = if rest.starts_with("{#") {
                "heading-id"
            } else {
                class
            };
            out.text(&text[from..i]);
            out.ph(class, &text[i..end]);
            i = end;
            from = end;
            continue;
        }
        let link_open = if rest.starts_with("![") {
            2
        } else {
            usize::from(rest.starts_with('['))
        };
        if link_open > 0 {
            let open = i + link_open - 1;
            if let Some((close, end)) =
                link_close(text, open).and_then(|c| link_tail(text, c).map(|e| (c, e)))
            {
                out.text(&text[from..i]);
                let pair = out.bpt("link", &text[i..i + link_open]);
                pending.push((close, end, "link", pair));
                i += link_open;
                from = i;
                continue;
            }
        }
        let delim = ["**", "__", "~~", "*", "_"]
            .into_iter()
            .find(|d| rest.starts_with(d));
        if let Some(d) = delim {
            let word_before = text[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if !(d.starts_with('_') && word_before) {
                if let Some(c) = closer(text, i, d) {
                    let class = match d {
                        "**" | "__" => "strong",
                        "~~" => "strike",
                        _ => "emphasis",
                    };
                    out.text(&text[from..i]);
                    let pair = out.bpt(class, d);
                    pending.push((c, c + d.len(), class, pair));
                    i += d.len();
                    from = i;
                    continue;
                }
            }
            i += d.len();
            continue;
        }
        let ch = rest.chars().next().map_or(1, char::len_utf8);
        if b[i] == b'\n' {
            line_start = true;
        }
        i += ch;
    }
    out.text(&text[from..]);
}

/// Joins pieces back into text.
#[cfg(test)]
pub(crate) fn join(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.as_str(),
            Piece::Code(c) => c.text.as_str(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str, syntax: Syntax) -> Vec<String> {
        tokenise(text, syntax)
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.clone(),
                Piece::Code(c) => format!("<{}:{}>", c.kind.element(), c.text),
            })
            .collect()
    }

    #[test]
    fn fluent_placeables_are_codes() {
        assert_eq!(
            shape("Hello { $name }, see { -brand } {\"{\"}", Syntax::Fluent),
            [
                "Hello ",
                "<ph:{ $name }>",
                ", see ",
                "<ph:{ -brand }>",
                " ",
                "<ph:{\"{\"}>"
            ]
        );
        let select = "{ $n ->\n[one] one\n*[other] { $n } items\n}";
        assert_eq!(shape(select, Syntax::Fluent), [format!("<ph:{select}>")]);
        assert_eq!(shape("a { b", Syntax::Fluent), ["a { b"]);
    }

    #[test]
    fn markdown_markup_is_codes_and_joins_back() {
        let text = "## Title {#intro}\n\nSee **the [manual](https://x.jp/a_b) now** and `x`.\n\n{{ examples() }}\n\n- item _one_\n1. snake_case *x\n> q";
        let pieces = tokenise(text, Syntax::Markdown);
        assert_eq!(join(&pieces), text);
        let s = shape(text, Syntax::Markdown);
        for code in [
            "<ph:## >",
            "<ph:{#intro}>",
            "<bpt:**>",
            "<bpt:[>",
            "<ept:](https://x.jp/a_b)>",
            "<ept:**>",
            "<ph:`x`>",
            "<ph:{{ examples() }}>",
            "<ph:- >",
            "<bpt:_>",
            "<ph:1. >",
            "<ph:> >",
        ] {
            assert!(s.contains(&code.to_string()), "{code} in {s:?}");
        }
        assert!(s.iter().any(|p| p.contains("snake_case *x")), "{s:?}");
    }

    #[test]
    fn revision_dates_are_codes() {
        assert_eq!(
            shape(
                "2025-07-09: Enacted\n2026-01-01: Revised",
                Syntax::Revisions
            ),
            [
                "<ph:2025-07-09: >",
                "Enacted\n",
                "<ph:2026-01-01: >",
                "Revised"
            ]
        );
    }
}
