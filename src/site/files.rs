//! Reading the site's text files: size limits, encodings, BOM and line endings.
//!
//! Editors on office machines save files in many ways. hoshin accepts UTF-8 with or without a
//! BOM and with LF or CRLF endings; it refuses, with a message saying how to fix it, files in
//! Shift_JIS or EUC-JP, files with NUL bytes, oversized files and paths that leave the site.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{display_path, Diagnostic, SourceFile};

/// Largest text file hoshin reads (a policy is a few kilobytes; this catches mistakes).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a UTF-8 text file of the site at `path` (inside `root`).
///
/// The file is opened once and every check asks the open descriptor: where the path really
/// leads (symlinks resolved) and how large it is. A site has a few files per policy, so the
/// path walks `canonicalize` and a separate `metadata` would repeat add up (about a tenth of
/// a 2,000-page build, measured with perf).
pub fn read_text(root: &Path, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    read(root, path, false, MAX_FILE_BYTES)
}

/// [`read_text`] with a larger limit, for a file whose size grows with the site (a review
/// record holds the source text of every translation unit): `limit` is what a site of its
/// size can need, so memory stays bounded by the site, not by one file.
pub fn read_text_up_to(
    root: &Path,
    path: &Path,
    limit: u64,
) -> Result<Arc<SourceFile>, Diagnostic> {
    read(root, path, false, limit.max(MAX_FILE_BYTES))
}

/// [`read_text`] for a file whose path the caller put together from folder listings below
/// the canonical `root` in which no entry on the way, the file included, was a symbolic link:
/// the path cannot lead outside the site, so it is not resolved again (one `readlink` less
/// per file: 2 % of a 20,000-page build, perf).
pub fn read_resolved_text(root: &Path, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    read(root, path, true, MAX_FILE_BYTES)
}

fn read(
    root: &Path,
    path: &Path,
    resolved: bool,
    limit: u64,
) -> Result<Arc<SourceFile>, Diagnostic> {
    let display = display_path(root, path);
    let mut options = fs::OpenOptions::new();
    options.read(true);
    // A resolved path was listed without links; the file may be read long after (a render
    // job reads its policy's documents): one replaced by a link since is not followed.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if resolved {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    let mut file = options.open(path).map_err(|e| io_error(&display, &e))?;
    if !resolved {
        let real = real_path(&file, path).map_err(|e| io_error(&display, &e))?;
        if !real.starts_with(root) {
            return Err(Diagnostic::error(format!("`{display}` leads outside the site folder"))
                .note(format!("it resolves to {}", real.display()))
                .help("hoshin only reads files inside the site folder; copy the file in instead of linking to it"));
        }
    }
    let meta = file.metadata().map_err(|e| io_error(&display, &e))?;
    if meta.len() > limit {
        return Err(too_large(&display, meta.len(), limit));
    }
    // Read through `take`: `File::read_to_end` would ask the size (statx) and position
    // (lseek) again, two more system calls per file; the limit also holds for a file that
    // grows while it is read.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    (&mut file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(&display, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(&display, bytes.len() as u64, limit));
    }
    decode(&display, path, bytes)
}

/// The canonical path of an open file: on Linux one `readlink` of `/proc/self/fd/N`
/// (the kernel already resolved it when opening), elsewhere `canonicalize`.
fn real_path(file: &fs::File, path: &Path) -> std::io::Result<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if let Ok(p) = fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())) {
            if p.is_absolute() {
                return Ok(p);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
    path.canonicalize()
}

/// Decodes file bytes, strips a UTF-8 BOM and folds CRLF to LF.
pub fn decode(display: &str, path: &Path, bytes: Vec<u8>) -> Result<Arc<SourceFile>, Diagnostic> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    // Validated with SIMD first; only a file that is not UTF-8 pays for std's validation,
    // which says where the first bad byte is.
    // Copying the validated text costs a memcpy, far less than validating it twice.
    let text = match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => return Err(not_utf8(display, e.as_bytes(), e.utf8_error())),
        },
    };
    // NUL, carriage returns and forbidden characters are all suspect bytes: a text without
    // one (nearly every file) is checked in one vectorised pass instead of three scans.
    if first_suspect(text.as_bytes()).is_none() {
        return Ok(SourceFile::new(display, path, text));
    }
    if let Some(pos) = text.find('\0') {
        let file = SourceFile::new(display, path, text.replace('\0', " "));
        return Err(Diagnostic::error(format!("`{display}` contains a NUL byte"))
            .at(&file, pos..pos + 1)
            .label("NUL byte here")
            .help("this looks like a binary file or a file saved as UTF-16; save it as UTF-8 text"));
    }
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    if let Some((pos, c)) = forbidden_char(&text) {
        let file = SourceFile::new(display, path, text);
        return Err(Diagnostic::error(format!(
            "`{display}` contains {}",
            describe_char(c)
        ))
        .at(&file, pos..pos + c.len_utf8())
        .label("invisible character here")
        .help("delete it: control characters and bidi overrides never belong in policy text, and an override makes text read differently from how it is stored"));
    }
    Ok(SourceFile::new(display, path, text))
}

/// The first character no text of a site may contain, with its byte offset: C0 controls
/// other than tab and newline (and a lone carriage return), DEL, C1 controls, and the bidi
/// embeddings and overrides U+202A–U+202E. Files are checked as read; texts that come from
/// escapes (`\u202E` in TOML or Fluent) are checked after unescaping.
pub fn forbidden_char(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let is_forbidden = |i: usize, b: u8| match b {
        0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
        0xE2 => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xAA..=0xAE)),
        _ => true,
    };
    let mut from = 0;
    while let Some(at) = bytes.get(from..).and_then(first_suspect).map(|i| from + i) {
        if bytes.get(at).is_some_and(|&b| is_forbidden(at, b)) {
            return text
                .get(at..)
                .and_then(|t| t.chars().next())
                .map(|c| (at, c));
        }
        from = at + 1;
    }
    None
}

/// A byte that may start a forbidden character ([`forbidden_char`]), a NUL or a carriage
/// return: C0 controls other than tab and newline, DEL, and the lead bytes of C1 controls
/// (0xC2 0x80–0x9F) and of U+202A–U+202E (0xE2 0x80 0xAA–0xAE in UTF-8).
fn is_suspect(b: u8) -> bool {
    (b < 0x20) & (b != b'\t') & (b != b'\n') | (b == 0x7F) | (b == 0xC2) | (b == 0xE2)
}

/// The offset of the first suspect byte ([`is_suspect`]). Every file of a site goes through
/// here.
fn first_suspect(bytes: &[u8]) -> Option<usize> {
    first_byte::<32>(bytes, is_suspect)
}

/// The offset of the first byte for which `hit` holds: `CHUNK`-byte chunks are tested
/// branch-free (the compiler vectorises it, `hit` being a plain byte test) and only a chunk
/// with a hit is looked at byte by byte. Texts that mostly have none (every file read, every
/// string a page escapes) are scanned at SIMD speed.
pub(crate) fn first_byte<const CHUNK: usize>(
    bytes: &[u8],
    hit: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(CHUNK);
    for (n, chunk) in chunks.by_ref().enumerate() {
        if chunk.iter().fold(0u8, |any, &b| any | u8::from(hit(b))) != 0 {
            return chunk.iter().position(|&b| hit(b)).map(|i| n * CHUNK + i);
        }
    }
    let tail = chunks.remainder();
    tail.iter()
        .position(|&b| hit(b))
        .map(|i| bytes.len() - tail.len() + i)
}

/// A forbidden character as a message names it: `U+202E (a bidi override)`.
pub fn describe_char(c: char) -> String {
    let kind = if c.is_control() {
        "a control character"
    } else {
        "a bidi embedding or override"
    };
    format!("U+{:04X} ({kind})", c as u32)
}

fn not_utf8(display: &str, bytes: &[u8], err: std::str::Utf8Error) -> Diagnostic {
    // EUC-JP first: its byte pairs can also decode as half-width katakana in Shift_JIS.
    let guess = [encoding_rs::EUC_JP, encoding_rs::SHIFT_JIS]
        .into_iter()
        .find(|enc| {
            enc.decode_without_bom_handling_and_without_replacement(bytes)
                .is_some()
        });
    let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
    let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
    let d = Diagnostic::error(format!(
        "`{display}` is not valid UTF-8 (first bad byte on line {line})"
    ));
    match guess {
        Some(enc) => {
            // Windows saves "Shift_JIS" as CP932, Microsoft's superset (①, ㈱, NEC and IBM
            // extensions): converting as strict Shift_JIS would fail on those characters.
            let (name, iconv) = if enc == encoding_rs::SHIFT_JIS {
                ("Shift_JIS (on Windows: CP932)", "CP932")
            } else {
                (enc.name(), enc.name())
            };
            let file = shell_quote(display);
            d.note(format!("the file looks like it was saved as {name}"))
                .help(format!(
                    "re-save it as UTF-8 (in most editors: \"Save with encoding\" → UTF-8), or convert it in place: `iconv -f {iconv} -t UTF-8 {file} > {file}.utf8 && mv {file}.utf8 {file}`"
                ))
        }
        None => d.help("re-save the file as UTF-8 text"),
    }
}

/// `text` as one POSIX shell word: as it is when plain, else in single quotes.
fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-'))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

fn too_large(display: &str, len: u64, limit: u64) -> Diagnostic {
    let d = Diagnostic::error(format!(
        "`{display}` is too large ({len} bytes; the limit is {limit})"
    ));
    if limit > MAX_FILE_BYTES {
        d.help("the limit grows with the site, and this file is larger than a site of this size needs: check that it belongs in the site folder")
    } else {
        d.help("a site's text files are small: check that this file belongs in the site folder")
    }
}

fn io_error(display: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot read `{display}`: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path listed without links is read without following one: a document replaced by a
    /// link between the listing and the read is an error, not read through.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn a_resolved_read_does_not_follow_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::write(root.join("target.md"), "text").unwrap();
        std::os::unix::fs::symlink(root.join("target.md"), root.join("en.md")).unwrap();
        assert!(read_resolved_text(&root, &root.join("en.md")).is_err());
        assert_eq!(read_text(&root, &root.join("en.md")).unwrap().text, "text");
        assert_eq!(
            read_resolved_text(&root, &root.join("target.md"))
                .unwrap()
                .text,
            "text"
        );
    }

    #[test]
    fn bom_is_stripped_and_crlf_folded() {
        let f = decode("a", Path::new("a"), b"\xEF\xBB\xBFa\r\nb\r\n".to_vec()).unwrap();
        assert_eq!(f.text, "a\nb\n");
    }

    #[test]
    fn shift_jis_is_named() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("基本方針\n");
        let d = decode("x.md", Path::new("x.md"), bytes.into_owned()).unwrap_err();
        let out = d.render(false);
        assert!(out.contains("Shift_JIS (on Windows: CP932)"), "{out}");
        assert!(
            out.contains("iconv -f CP932 -t UTF-8 x.md > x.md.utf8 && mv x.md.utf8 x.md"),
            "{out}"
        );
    }

    /// The suggested command converts the file in place, ① and ㈱ (CP932 only) included.
    #[test]
    fn the_suggested_conversion_works() {
        if std::process::Command::new("iconv")
            .arg("--version")
            .output()
            .is_err()
        {
            eprintln!("skipped: no iconv");
            return;
        }
        let text = "①お客様へ ㈱例示\n";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let dir = tempfile::tempdir().unwrap();
        let name = "it's ja.md";
        std::fs::write(dir.path().join(name), &bytes).unwrap();
        let d = decode(name, Path::new(name), bytes.into_owned()).unwrap_err();
        let out = d.render(false);
        let command = out.split("convert it in place: `").nth(1).unwrap();
        let command = &command[..command.find('`').unwrap()];
        let status = std::process::Command::new("sh")
            .args(["-c", command])
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success(), "{command}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            text
        );
    }

    #[test]
    fn euc_jp_is_named() {
        let (bytes, _, _) = encoding_rs::EUC_JP.encode("基本方針について\n");
        let d = decode("x.md", Path::new("x.md"), bytes.into_owned()).unwrap_err();
        assert!(d.render(false).contains("EUC-JP"), "{}", d.render(false));
    }

    #[test]
    fn forbidden_characters_are_found_by_byte() {
        for (text, c) in [
            ("ok\u{7}", '\u{7}'),
            ("日本\u{85}", '\u{85}'),
            ("a\u{202E}b", '\u{202E}'),
            ("x\ry", '\r'),
            ("\u{7F}", '\u{7F}'),
        ] {
            let (at, found) = forbidden_char(text).unwrap();
            assert_eq!(
                (found, &text[at..at + c.len_utf8()]),
                (c, c.to_string().as_str())
            );
        }
        assert_eq!(
            forbidden_char("日本語\tEnglish\n\u{2028}\u{202F}\u{2066}"),
            None
        );
    }

    /// Suspect bytes are found in every position of the 32-byte chunks and of the tail, and
    /// a suspect byte that is allowed (the lead byte of `—`) does not hide a later forbidden one.
    #[test]
    fn suspect_bytes_are_found_anywhere() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            for at in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[at] = b'\r';
                assert_eq!(first_suspect(&bytes), Some(at), "{len} {at}");
            }
            assert_eq!(first_suspect(&vec![b'a'; len]), None);
        }
        let text = format!("—{}\u{202E}", "x".repeat(40));
        assert_eq!(forbidden_char(&text), Some((43, '\u{202E}')));
        let f = decode("a", Path::new("a"), text.into_bytes());
        assert!(f.is_err());
    }

    #[test]
    fn nul_bytes_are_refused_with_a_position() {
        let d = decode("x.md", Path::new("x.md"), b"ab\ncd\0".to_vec()).unwrap_err();
        assert_eq!(d.position().unwrap().1, 2);
    }
}
