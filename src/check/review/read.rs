//! Parsing a review record. It holds the source text of every unit of its language, so it
//! grows with the site (97 MB at 20,004 pages), and parsing it whole took one core 600 ms
//! before a page could be checked. A large record in the shape hoshin writes it is parsed in
//! pieces on the thread pool, each piece starting at a `[units.…]` table; anything else (a
//! small record, a hand-edited one with other tables, a piece that does not parse, a unit
//! in two pieces) is parsed whole, so errors and results are always those of the whole file.
//!
//! Why the pieces mean what the whole file means: a cut is made only at a line that begins
//! with `[units.`. Outside a string that line is a table header, which starts a table of its
//! own whatever came before it. Inside a multi-line string, array or inline table (the only
//! values that span lines), the piece before the cut ends in the middle of that value and
//! does not parse, so the whole file is parsed instead. Each piece must hold nothing but
//! `units` tables of a hash and a source text (`deny_unknown_fields`), the head before the
//! first cut nothing but the version and the source language; no unit may appear in two
//! pieces, and no line may look like a `[units]` header (see [`cuts`]).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Deserialize;

use super::{ReviewFile, Reviewed};

/// Bytes a piece holds at least; a record under two pieces' worth is parsed whole.
const PIECE_BYTES: usize = 1 << 20;

/// What comes before the first unit.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Head {
    version: u32,
    source_language: String,
}

/// A run of units.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Piece {
    units: BTreeMap<String, Reviewed>,
}

/// Parses a review file's text: the result (or the error) of parsing it whole.
pub(super) fn parse(text: &str) -> Result<ReviewFile, toml::de::Error> {
    match in_pieces(text, PIECE_BYTES) {
        Some(review) => Ok(review),
        None => toml::from_str(text),
    }
}

/// The record parsed in pieces of at least `piece_bytes`, or `None` when it must be parsed
/// whole (see the module's documentation).
fn in_pieces(text: &str, piece_bytes: usize) -> Option<ReviewFile> {
    // Lines are told apart by `\n` alone: a text with carriage returns (the site's files
    // have them folded away) is parsed whole.
    if text.len() < 2 * piece_bytes || memchr::memchr(b'\r', text.as_bytes()).is_some() {
        return None;
    }
    let cuts = cuts(text, piece_bytes)?;
    let head: Head = toml::from_str(&text[..cuts[0]]).ok()?;
    let ends = cuts.iter().skip(1).copied().chain([text.len()]);
    let ranges: Vec<(usize, usize)> = cuts.iter().copied().zip(ends).collect();
    let pieces: Vec<BTreeMap<String, Reviewed>> = ranges
        .par_iter()
        .map(|&(start, end)| {
            toml::from_str::<Piece>(&text[start..end])
                .ok()
                .map(|p| p.units)
        })
        .collect::<Option<_>>()?;
    let mut units: Vec<(String, Reviewed)> = pieces.into_iter().flatten().collect();
    // In file order, which hoshin writes sorted: the sort only checks.
    units.sort_by(|a, b| a.0.cmp(&b.0));
    if units.windows(2).any(|pair| pair[0].0 == pair[1].0) {
        return None;
    }
    Some(ReviewFile {
        version: head.version,
        source_language: head.source_language,
        units: units.into_iter().collect(),
    })
}

/// Where the pieces start: the first line that begins with `[units.`, then such lines at
/// least `piece_bytes` apart. `None` when there is no unit, or when a line looks like the
/// header of any other table or array of tables: a record hoshin did not write.
///
/// (Any other table would fail a piece's parse, but a `[units]` header would not: two of
/// them in different pieces would be accepted, where the whole file is an error.)
fn cuts(text: &str, piece_bytes: usize) -> Option<Vec<usize>> {
    let mut cuts: Vec<usize> = Vec::new();
    let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
    for start in std::iter::once(0).chain(newlines) {
        let line = &text[start..];
        let header = line.trim_start_matches([' ', '\t']);
        if !header.starts_with('[') {
            continue;
        }
        if !header.starts_with("[units.") {
            if looks_like_a_header(header) {
                return None;
            }
            // A line of a source text, such as a Markdown link at the start of a line.
            continue;
        }
        let far_enough = cuts.last().is_none_or(|&last| start - last >= piece_bytes);
        if line.starts_with("[units.") && far_enough {
            cuts.push(start);
        }
    }
    (!cuts.is_empty()).then_some(cuts)
}

/// Whether a line that begins with `[` could be a table header: its first `]` (or `]]`) is
/// followed by nothing but blanks and perhaps a comment. `[ units ]`, `["units"] # x` and
/// `[[units.x]]` could; a Markdown link (`[text](url)`) could not.
fn looks_like_a_header(line: &str) -> bool {
    let line = line.split('\n').next().unwrap_or_default();
    let Some(close) = line.find(']') else {
        return false;
    };
    let rest = line[close + 1..].trim_start_matches(']');
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record as `--mark-reviewed` writes it, with `n` units of multi-line source text.
    fn record(n: usize, source: impl Fn(usize) -> String) -> String {
        let units = (0..n)
            .map(|i| {
                let source = source(i);
                let hash = super::super::hash(&source);
                (format!("policy-{i:05}#s1"), Reviewed { hash, source })
            })
            .collect();
        let review = ReviewFile {
            version: 1,
            source_language: "ja".into(),
            units,
        };
        format!("# comment\n\n{}", toml::to_string(&review).unwrap())
    }

    fn same(a: &ReviewFile, b: &ReviewFile) -> bool {
        toml::to_string(a).unwrap() == toml::to_string(b).unwrap()
    }

    #[test]
    fn a_record_in_pieces_is_the_record_parsed_whole() {
        let text = record(200, |i| {
            format!("第{i}条\n\n「お客様」の声を大切にします。\\ \"\"\n")
        });
        let cuts = cuts(&text, 256).unwrap();
        assert!(cuts.len() > 10, "{}", cuts.len());
        let whole: ReviewFile = toml::from_str(&text).unwrap();
        let pieces = in_pieces(&text, 256).unwrap();
        assert_eq!(pieces.units.len(), 200);
        assert!(same(&whole, &pieces));
        // Small records are parsed whole, with the same result.
        assert!(in_pieces(&text, text.len()).is_none());
        assert!(same(&whole, &parse(&text).unwrap()));
    }

    #[test]
    fn a_table_header_inside_a_source_text_is_not_cut_at() {
        // A source text whose lines look like the next unit: cutting there would leave the
        // piece before it with an open string, so the record is parsed whole.
        let text = record(60, |i| {
            format!("本文 {i}\n[units.fake]\nhash = \"0\"\nsource = \"\"\"x\n")
        });
        assert!(in_pieces(&text, 64).is_none());
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.units.len(), 60);
        assert!(!parsed.units.contains_key("fake"));
    }

    #[test]
    fn a_source_text_with_lines_that_begin_with_a_bracket_is_still_cut() {
        let text = record(100, |i| {
            format!("本文 {i}\n[お問い合わせ](/contact/)から。\n[1]: https://example.com/\n")
        });
        let whole: ReviewFile = toml::from_str(&text).unwrap();
        let pieces = in_pieces(&text, 64).unwrap();
        assert!(same(&whole, &pieces));
        // A line that could be a header is not told apart from one: parsed whole.
        let text = record(100, |i| format!("本文 {i}\n[注意]\n"));
        assert!(in_pieces(&text, 64).is_none());
        assert_eq!(parse(&text).unwrap().units.len(), 100);
    }

    #[test]
    fn a_record_hoshin_did_not_write_is_parsed_whole() {
        let text = record(60, |i| format!("本文 {i}\n"));
        let at = text.len() / 2 + text[text.len() / 2..].find("\n[units.").unwrap() + 1;
        // A unit twice, in different pieces: the whole file's error.
        let twice = format!("{text}[units.\"policy-00001#s1\"]\nhash = \"0\"\nsource = \"x\"\n");
        assert!(in_pieces(&twice, 64).is_none());
        assert!(parse(&twice).is_err());
        // Another table, and a `[units]` table, among the units.
        for other in [
            "[other]\n",
            "  [units]\n",
            "[ \"units\" ] # a comment\n",
            "[[units.x]]\n",
        ] {
            let edited = format!("{}{other}{}", &text[..at], &text[at..]);
            assert!(in_pieces(&edited, 64).is_none(), "{other}");
            let whole = toml::from_str::<ReviewFile>(&edited).map(|r| r.units.len());
            let parsed = parse(&edited).map(|r| r.units.len());
            assert_eq!(whole.is_ok(), parsed.is_ok(), "{other}");
        }
        // A `[units]` table twice, hidden from the header test by a carriage return (found
        // by review; the site's files never keep one).
        let crlf = format!("{}[units]\r\n{}[units]\r\n", &text[..at], &text[at..]);
        assert!(in_pieces(&crlf, 64).is_none());
        assert!(parse(&crlf).is_err());
        // Anything else before the first unit.
        let extra = text.replacen("source_language", "extra = 1\nsource_language", 1);
        assert!(in_pieces(&extra, 64).is_none());
        assert!(parse(&extra).is_err());
    }
}
