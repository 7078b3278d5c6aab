//! How a [`Report`] is shown: rustc-style text grouped by file, or JSON for tools.
//!
//! The JSON schema is documented in `docs/check-json.md`; bump [`JSON_SCHEMA_VERSION`] on any
//! change that could break a reader (new fields are not such a change).

use serde::Serialize;

use super::review::Style;
use super::{Finding, Report, Stale, TranslationStatus};
use crate::diagnostics::{Diagnostic, Severity};

/// Version of the JSON output schema.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// Human-readable output: diagnostics grouped by file, then one line per translated language
/// and a summary line. `strict` only changes the wording of the summary.
pub fn human(report: &Report, color: bool, strict: bool) -> String {
    let mut out = String::new();
    let mut current: Option<String> = None;
    for f in &report.findings {
        let file = f
            .diagnostic
            .position()
            .map(|p| p.0)
            .unwrap_or_else(|| "(site)".into());
        if current.as_ref() != Some(&file) {
            let (e, w) = report
                .findings
                .iter()
                .filter(|g| {
                    g.diagnostic
                        .position()
                        .map(|p| p.0)
                        .unwrap_or_else(|| "(site)".into())
                        == file
                })
                .fold((0, 0), |(e, w), g| match g.diagnostic.severity {
                    Severity::Error => (e + 1, w),
                    Severity::Warning => (e, w + 1),
                });
            out.push_str(&format!("━━ {file}: {}\n\n", counts(e, w)));
            current = Some(file);
        }
        out.push_str(&coloured_diff(f, color).render(color));
        out.push_str("\n\n");
    }
    for t in &report.translations {
        if t.tracked {
            out.push_str(&format!(
                "{}: {} units, {} stale, {} never reviewed ({})\n",
                t.lang, t.units, t.stale, t.unreviewed, t.review_file
            ));
        } else {
            out.push_str(&format!(
                "{}: review state not tracked (no {}; once the translation is reviewed, record it with `hoshin check --mark-reviewed {} --all`)\n",
                t.lang, t.review_file, t.lang
            ));
        }
    }
    let files: std::collections::BTreeSet<String> = report
        .findings
        .iter()
        .filter_map(|f| f.diagnostic.position().map(|p| p.0))
        .collect();
    let (e, w) = (report.errors(), report.warnings());
    if e + w == 0 {
        out.push_str("check passed: no problems found\n");
    } else {
        let verdict = if report.fails(strict) {
            "check failed"
        } else {
            "check passed"
        };
        let strict_note = if strict && e == 0 {
            " (--strict: warnings fail)"
        } else {
            ""
        };
        out.push_str(&format!(
            "{verdict}: {} in {} file{}{strict_note}\n",
            counts(e, w),
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        ));
    }
    out
}

/// The finding's diagnostic, with the changes in a stale unit's diff coloured when `color`.
fn coloured_diff(f: &Finding, color: bool) -> std::borrow::Cow<'_, Diagnostic> {
    let Some(stale) = f.stale.as_ref().filter(|_| color) else {
        return std::borrow::Cow::Borrowed(&f.diagnostic);
    };
    let plain = stale.diff.inline(Style::Plain);
    let mut d = f.diagnostic.clone();
    for note in &mut d.notes {
        if let Some(head) = note.strip_suffix(&plain) {
            *note = format!("{head}{}", stale.diff.inline(Style::Ansi));
        }
    }
    std::borrow::Cow::Owned(d)
}

fn counts(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    ok: bool,
    strict: bool,
    summary: JsonSummary,
    translations: &'a [TranslationStatus],
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    stale: usize,
    unreviewed: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    code: Option<&'static str>,
    message: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    label: Option<&'a str>,
    notes: &'a [String],
    help: &'a [String],
    stale: Option<&'a Stale>,
}

/// JSON output (schema version [`JSON_SCHEMA_VERSION`]), one document, pretty-printed.
pub fn json(report: &Report, strict: bool) -> String {
    let diagnostics = report
        .findings
        .iter()
        .map(|f| {
            let d = &f.diagnostic;
            let (file, start, end) = match &d.location {
                Some(loc) => (
                    Some(loc.file.display.clone()),
                    Some(loc.file.line_col(loc.span.start)),
                    Some(loc.file.line_col(loc.span.end)),
                ),
                None => (None, None, None),
            };
            JsonDiagnostic {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                code: d.code,
                message: &d.message,
                file,
                line: start.map(|p| p.0),
                column: start.map(|p| p.1),
                end_line: end.map(|p| p.0),
                end_column: end.map(|p| p.1),
                label: d.label.as_deref(),
                notes: &d.notes,
                help: &d.help,
                stale: f.stale.as_ref(),
            }
        })
        .collect();
    let doc = JsonReport {
        version: JSON_SCHEMA_VERSION,
        ok: !report.fails(strict),
        strict,
        summary: JsonSummary {
            errors: report.errors(),
            warnings: report.warnings(),
            stale: report.translations.iter().map(|t| t.stale).sum(),
            unreviewed: report.translations.iter().map(|t| t.unreviewed).sum(),
        },
        translations: &report.translations,
        diagnostics,
    };
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
