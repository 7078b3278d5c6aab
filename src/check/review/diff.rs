//! What changed in a unit's source text since its review, phrase by phrase.
//!
//! A Japanese paragraph is one line, so a line diff shows the whole paragraph twice with
//! nothing marked. The texts are cut into tokens first ([`tokens`]): Japanese into BudouX
//! phrases (`ものづくりの|喜びを`), Chinese into characters (BudouX's Chinese models are not
//! built into hoshin, and a Chinese word is one or two characters), every other language into
//! words and the spaces and punctuation between them; line breaks are tokens of their own. The
//! diff is the longest common subsequence of tokens ([`Diff`]), shown inline with the
//! unchanged text around each change shortened ([`Diff::inline`]):
//! `…ものづくりの[+大きな+]喜びを…`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::localise::phrases;

/// Characters of unchanged text kept on either side of a change in [`Diff::inline`].
const CONTEXT_CHARS: usize = 16;

/// Most cells of the LCS table between the changed middles of two texts; beyond it (two
/// rewritten texts of thousands of tokens) the middles are shown as one removal and one
/// addition rather than spending seconds and hundreds of megabytes.
const MAX_CELLS: usize = 4_000_000;

/// A run of text in a diff: unchanged, only in the reviewed text, or only in the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum Segment {
    /// In both texts.
    Same(String),
    /// In the reviewed text only.
    Removed(String),
    /// In the current text only.
    Added(String),
}

impl Segment {
    /// The text of the run.
    pub fn text(&self) -> &str {
        match self {
            Segment::Same(t) | Segment::Removed(t) | Segment::Added(t) => t,
        }
    }
}

/// The whole of two texts as runs: the unchanged and removed runs spell the reviewed text, the
/// unchanged and added runs the current one. Within a change the removal comes first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diff(pub Vec<Segment>);

/// How [`Diff::inline`] marks changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `[-removed-]` and `[+added+]`.
    Plain,
    /// The same markers, coloured red and green with ANSI escapes (terminals).
    Ansi,
}

/// One change with its shortened context, as [`Diff::hunks`] gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hunk {
    /// Runs of the hunk; the first and last unchanged runs are shortened, with `…` where text
    /// was left out.
    pub segments: Vec<Segment>,
}

impl Diff {
    /// Whether the texts differ.
    pub fn changed(&self) -> bool {
        self.0.iter().any(|s| !matches!(s, Segment::Same(_)))
    }

    /// The changes with at most [`CONTEXT_CHARS`] unchanged characters around each; two
    /// changes closer than twice that share a hunk.
    pub fn hunks(&self) -> Vec<Hunk> {
        let mut hunks: Vec<Hunk> = Vec::new();
        let mut current: Vec<Segment> = Vec::new();
        let n = self.0.len();
        for (i, seg) in self.0.iter().enumerate() {
            let Segment::Same(text) = seg else {
                current.push(seg.clone());
                continue;
            };
            let (first, last) = (i == 0, i + 1 == n);
            let chars = text.chars().count();
            if first && last {
                continue;
            }
            if first {
                current.push(Segment::Same(tail(text, CONTEXT_CHARS)));
            } else if last {
                current.push(Segment::Same(head(text, CONTEXT_CHARS)));
            } else if chars <= 2 * CONTEXT_CHARS + 1 {
                current.push(seg.clone());
            } else {
                current.push(Segment::Same(head(text, CONTEXT_CHARS)));
                hunks.push(Hunk {
                    segments: std::mem::take(&mut current),
                });
                current.push(Segment::Same(tail(text, CONTEXT_CHARS)));
            }
        }
        if current.iter().any(|s| !matches!(s, Segment::Same(_))) {
            hunks.push(Hunk { segments: current });
        }
        hunks
    }

    /// The hunks, one per line: `…ものづくりの[+大きな+]喜びを…`. Line breaks inside a hunk
    /// are shown as `⏎`.
    pub fn inline(&self, style: Style) -> String {
        let (red, green, reset) = match style {
            Style::Plain => ("", "", ""),
            Style::Ansi => ("\x1b[1;31m", "\x1b[1;32m", "\x1b[0m"),
        };
        let mut out = String::new();
        for (i, hunk) in self.hunks().iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for seg in &hunk.segments {
                let text = seg.text().replace('\n', "⏎");
                let _ = match seg {
                    Segment::Same(_) => write!(out, "{text}"),
                    Segment::Removed(_) => write!(out, "{red}[-{text}-]{reset}"),
                    Segment::Added(_) => write!(out, "{green}[+{text}+]{reset}"),
                };
            }
        }
        out
    }
}

/// The first `n` characters of `text`, with `…` after when there is more; cut at a space
/// within the last few characters when there is one, so words stay whole.
fn head(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let cut: String = text.chars().take(n).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > 0 && cut[i..].chars().count() <= n / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{cut}…")
}

/// The last `n` characters of `text`, with `…` before when there is more (see [`head`]).
fn tail(text: &str, n: usize) -> String {
    let count = text.chars().count();
    if count <= n {
        return text.to_string();
    }
    let cut: String = text.chars().skip(count - n).collect();
    let cut = match cut.find(' ') {
        Some(i) if i + 1 < cut.len() && cut[..i].chars().count() < n / 2 => {
            cut[i + 1..].to_string()
        }
        _ => cut,
    };
    format!("…{cut}")
}

/// How a language's text is cut into tokens.
fn is_japanese(lang: &str) -> bool {
    primary(lang) == "ja"
}

fn is_chinese(lang: &str) -> bool {
    primary(lang) == "zh"
}

fn primary(lang: &str) -> String {
    lang.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// `text` cut into tokens for a diff in language `lang` (see the module documentation); the
/// tokens spell `text` exactly.
pub(crate) fn tokens<'a>(lang: &str, text: &'a str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let ja: unic_langid::LanguageIdentifier = "ja".parse().unwrap_or_default();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            // The line break, as a slice of `text` itself.
            let at = line.as_ptr() as usize - text.as_ptr() as usize - 1;
            out.push(&text[at..at + 1]);
        }
        if line.is_empty() {
            continue;
        }
        if is_japanese(lang) {
            // Author's `|` pins are part of the source text here: cut by the model only.
            if line.contains(phrases::PIN) {
                out.extend(words(line));
            } else {
                out.extend(phrases::phrases(&ja, line));
            }
        } else if is_chinese(lang) {
            out.extend(line.char_indices().map(|(i, c)| &line[i..i + c.len_utf8()]));
        } else {
            out.extend(words(line));
        }
    }
    out
}

/// Words (letters and digits), runs of spaces, and each other character alone.
fn words(line: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Kind {
        Word,
        Space,
        Other,
    }
    let kind = |c: char| {
        if c.is_alphanumeric() || c == '\'' || c == '’' {
            Kind::Word
        } else if c.is_whitespace() {
            Kind::Space
        } else {
            Kind::Other
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<Kind> = None;
    for (i, c) in line.char_indices() {
        let k = kind(c);
        if let Some(p) = prev {
            if p != k || k == Kind::Other {
                out.push(&line[start..i]);
                start = i;
            }
        }
        prev = Some(k);
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// What changed between `old` and `new`, texts in language `lang`.
pub(crate) fn phrase_diff(lang: &str, old: &str, new: &str) -> Diff {
    let a = tokens(lang, old);
    let b = tokens(lang, new);
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<(u8, &str)> = a[..prefix].iter().map(|t| (b'=', *t)).collect();
    ops.extend(lcs_ops(mid_a, mid_b));
    ops.extend(a[a.len() - suffix..].iter().map(|t| (b'=', *t)));
    let segments = merge(absorb_spaces(ops));
    Diff(if is_japanese(lang) {
        narrow(segments)
    } else {
        segments
    })
}

/// Within each replaced phrase, the characters the old and new phrase begin or end with alike
/// are unchanged text: `喜び[-を-][+も+]`, not `[-喜びを-][+喜びも+]`.
fn narrow(segments: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut iter = segments.into_iter().peekable();
    while let Some(seg) = iter.next() {
        let Segment::Removed(old) = seg else {
            out.push(seg);
            continue;
        };
        let Some(Segment::Added(new)) = iter.next_if(|s| matches!(s, Segment::Added(_))) else {
            out.push(Segment::Removed(old));
            continue;
        };
        let prefix: usize = old
            .chars()
            .zip(new.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum();
        let suffix: usize = old[prefix..]
            .chars()
            .rev()
            .zip(new[prefix..].chars().rev())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum();
        let push_same = |out: &mut Vec<Segment>, text: &str| {
            if text.is_empty() {
                return;
            }
            match out.last_mut() {
                Some(Segment::Same(prev)) => prev.push_str(text),
                _ => out.push(Segment::Same(text.to_string())),
            }
        };
        push_same(&mut out, &old[..prefix]);
        let (o, n) = (
            &old[prefix..old.len() - suffix],
            &new[prefix..new.len() - suffix],
        );
        if !o.is_empty() {
            out.push(Segment::Removed(o.to_string()));
        }
        if !n.is_empty() {
            out.push(Segment::Added(n.to_string()));
        }
        if suffix > 0 {
            // Joined with the unchanged text that follows, if any.
            let rest = old[old.len() - suffix..].to_string();
            match iter.next_if(|s| matches!(s, Segment::Same(_))) {
                Some(Segment::Same(next)) => out.push(Segment::Same(rest + &next)),
                _ => out.push(Segment::Same(rest)),
            }
        }
    }
    out
}

/// The LCS edit script of two token lists: `=`, `-` and `+` with their token.
fn lcs_ops<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(u8, &'a str)> {
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        let mut ops: Vec<(u8, &str)> = a.iter().map(|t| (b'-', *t)).collect();
        ops.extend(b.iter().map(|t| (b'+', *t)));
        return ops;
    }
    let w = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * w + j] = if a[i] == b[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len() + b.len());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push((b'=', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
            out.push((b'-', a[i]));
            i += 1;
        } else {
            out.push((b'+', b[j]));
            j += 1;
        }
    }
    out
}

/// A lone unchanged space between two changes becomes part of both (`[-a b-][+c d+]`, not
/// `[-a-][+c+] [-b-][+d+]`).
fn absorb_spaces(ops: Vec<(u8, &str)>) -> Vec<(u8, &str)> {
    let mut out: Vec<(u8, &str)> = Vec::with_capacity(ops.len());
    for (i, &(op, t)) in ops.iter().enumerate() {
        let changed = |k: Option<&(u8, &str)>| k.is_some_and(|(o, _)| *o != b'=');
        if op == b'='
            && t.chars().all(|c| c == ' ')
            && changed(i.checked_sub(1).and_then(|p| ops.get(p)))
            && changed(ops.get(i + 1))
        {
            out.push((b'-', t));
            out.push((b'+', t));
        } else {
            out.push((op, t));
        }
    }
    out
}

/// Runs of the same kind joined, removals before additions within each change.
fn merge(ops: Vec<(u8, &str)>) -> Vec<Segment> {
    let mut out = Vec::new();
    let (mut same, mut removed, mut added) = (String::new(), String::new(), String::new());
    let flush_change = |out: &mut Vec<Segment>, removed: &mut String, added: &mut String| {
        if !removed.is_empty() {
            out.push(Segment::Removed(std::mem::take(removed)));
        }
        if !added.is_empty() {
            out.push(Segment::Added(std::mem::take(added)));
        }
    };
    for (op, t) in ops {
        if op == b'=' {
            flush_change(&mut out, &mut removed, &mut added);
            same.push_str(t);
            continue;
        }
        if !same.is_empty() {
            out.push(Segment::Same(std::mem::take(&mut same)));
        }
        if op == b'-' {
            removed.push_str(t);
        } else {
            added.push_str(t);
        }
    }
    flush_change(&mut out, &mut removed, &mut added);
    if !same.is_empty() {
        out.push(Segment::Same(same));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spell(d: &Diff, keep: fn(&Segment) -> bool) -> String {
        d.0.iter().filter(|s| keep(s)).map(Segment::text).collect()
    }

    #[test]
    fn a_japanese_insertion_is_one_phrase_with_short_context() {
        let old = "私たちはお客様とともに、ものづくりの喜びを分かち合い、地域の暮らしを支えることを目指しています。";
        let new = "私たちはお客様とともに、ものづくりの大きな喜びを分かち合い、地域の暮らしを支えることを目指しています。";
        let d = phrase_diff("ja", old, new);
        assert!(d.0.contains(&Segment::Added("大きな".into())), "{d:?}");
        assert!(
            !d.0.iter().any(|s| matches!(s, Segment::Removed(_))),
            "{d:?}"
        );
        let inline = d.inline(Style::Plain);
        assert!(inline.starts_with('…') && inline.ends_with('…'), "{inline}");
        assert!(inline.contains("ものづくりの[+大きな+]喜びを"), "{inline}");
        assert!(inline.chars().count() < 50, "{inline}");
    }

    #[test]
    fn the_runs_spell_both_texts() {
        for (lang, old, new) in [
            (
                "ja",
                "第一段落。\n\n二つ目の段落です。",
                "第一段落。\n\n三つ目の段落です。\n追加",
            ),
            (
                "en",
                "We act firmly, and calmly.",
                "We act calmly and firmly!",
            ),
            (
                "zh-Hans",
                "我们坚决应对骚扰。",
                "我们冷静而坚决地应对骚扰。",
            ),
            ("en", "", "new"),
            ("ko", "같은 문장", "같은 문장"),
        ] {
            let d = phrase_diff(lang, old, new);
            assert_eq!(spell(&d, |s| !matches!(s, Segment::Added(_))), old);
            assert_eq!(spell(&d, |s| !matches!(s, Segment::Removed(_))), new);
            assert_eq!(d.changed(), old != new);
        }
    }

    #[test]
    fn a_replaced_japanese_phrase_keeps_what_it_shares() {
        let d = phrase_diff(
            "ja",
            "ものづくりの喜びを分かち合う",
            "ものづくりの喜びも分かち合う",
        );
        assert_eq!(
            d.inline(Style::Plain),
            "ものづくりの喜び[-を-][+も+]分かち合う"
        );
    }

    #[test]
    fn other_languages_are_diffed_by_word() {
        let d = phrase_diff("en", "We will stop the call.", "We will end the call.");
        assert_eq!(d.inline(Style::Plain), "We will [-stop-][+end+] the call.");
        let d = phrase_diff("en", "one two three", "uno dos three");
        assert_eq!(d.inline(Style::Plain), "[-one two-][+uno dos+] three");
    }

    #[test]
    fn chinese_is_diffed_by_character() {
        let d = phrase_diff("zh-Hant", "我們堅決應對", "我們冷靜應對");
        assert_eq!(d.inline(Style::Plain), "我們[-堅決-][+冷靜+]應對");
    }

    #[test]
    fn far_apart_changes_get_a_line_each_and_colour_is_optional() {
        let words: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        let old = words.join(" ");
        let new = old.replace("w2 ", "x2 ").replace("w37", "x37");
        let d = phrase_diff("en", &old, &new);
        let inline = d.inline(Style::Plain);
        assert_eq!(inline.lines().count(), 2, "{inline}");
        assert!(inline.contains("[-w2-][+x2+]"), "{inline}");
        assert!(inline.lines().nth(1).unwrap().starts_with('…'), "{inline}");
        let ansi = d.inline(Style::Ansi);
        assert!(ansi.contains("\x1b[1;31m[-w2-]\x1b[0m"), "{ansi}");
        assert!(!inline.contains('\x1b'));
    }

    #[test]
    fn line_breaks_are_shown_and_huge_rewrites_stay_cheap() {
        let d = phrase_diff("en", "a\nb", "a\nc");
        assert_eq!(d.inline(Style::Plain), "a⏎[-b-][+c+]");
        let old = "x ".repeat(5000);
        let new = "y ".repeat(5000);
        let d = phrase_diff("en", &old, &new);
        assert_eq!(spell(&d, |s| !matches!(s, Segment::Added(_))), old);
    }
}
