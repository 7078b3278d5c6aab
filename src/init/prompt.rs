//! The questions `hoshin init` asks in a terminal: one line each, with the default in
//! brackets (Enter takes it), asked again until the answer is valid. Only the values no flag
//! gave are asked. Plain lines on standard input and output, so it works in any terminal and
//! is tested with a byte string (no terminal library needed for a dozen questions).

use std::io::{BufRead, Write};
use std::path::Path;

use super::{
    check_name, check_phone, defaults, parse_date, parse_languages, parse_notices, Answers,
    InitError,
};
use crate::library::{library, text, Example};
use crate::site::config::check_base_url;
use crate::site::content::Date;
use crate::site::links::{check_email, check_web_url};

/// A terminal conversation.
struct Talk<'a> {
    input: &'a mut dyn BufRead,
    output: &'a mut dyn Write,
}

impl Talk<'_> {
    fn say(&mut self, text: &str) -> Result<(), InitError> {
        writeln!(self.output, "{text}").map_err(io)
    }

    /// Asks until `check` accepts the answer (or the default, on an empty line). `None` as the
    /// default makes the answer required; `Some("")` makes it optional (Enter skips it).
    fn ask(
        &mut self,
        question: &str,
        default: Option<&str>,
        check: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String, InitError> {
        loop {
            match default {
                Some(d) if !d.is_empty() => write!(self.output, "{question} [{d}]: "),
                _ => write!(self.output, "{question}: "),
            }
            .and_then(|()| self.output.flush())
            .map_err(io)?;
            let mut line = String::new();
            if self.input.read_line(&mut line).map_err(io)? == 0 {
                return Err(InitError::Usage(format!(
                    "no answer to \"{question}\" (input ended); nothing was written"
                )));
            }
            let answer = line.trim();
            let answer = match (answer.is_empty(), default) {
                (true, Some(d)) => d.to_string(),
                (true, None) => {
                    self.say("  an answer is needed")?;
                    continue;
                }
                (false, _) => answer.to_string(),
            };
            if answer.is_empty() {
                return Ok(answer);
            }
            match check(&answer) {
                Ok(()) => return Ok(answer),
                Err(e) => self.say(&format!("  {e}"))?,
            }
        }
    }
}

fn io(e: std::io::Error) -> InitError {
    InitError::Usage(format!("cannot talk to the terminal: {e}"))
}

fn language_name(lang: &str) -> &str {
    match lang {
        "ja" => "Japanese (日本語)",
        "en" => "English",
        other => other,
    }
}

/// Asks for every value `answers` lacks, then for confirmation unless `yes`; returns the
/// completed answers. `today` is the default date.
pub fn ask(
    mut answers: Answers,
    dir: &Path,
    today: Date,
    yes: bool,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> Result<Answers, InitError> {
    let lib = library();
    let mut t = Talk { input, output };
    t.say(&format!(
        "hoshin init: a new customer harassment policy site in `{}`.\n\
         Press Enter to take the answer in [brackets]; every answer can be changed in the files later.\n",
        dir.display()
    ))?;
    if answers.languages.is_none() {
        let a = t.ask(
            "Languages, the source language first (ja, en)",
            Some(defaults::LANGUAGES),
            &|s| parse_languages(s).map(|_| ()),
        )?;
        answers.languages = Some(a);
    }
    let languages = parse_languages(answers.languages.as_deref().unwrap_or(defaults::LANGUAGES))
        .map_err(|e| InitError::Usage(format!("--languages: {e}")))?;
    for lang in &languages {
        let given = answers.names.iter().any(|n| {
            n.split_once('=')
                .is_some_and(|(l, _)| l.trim() == lang.as_str())
                || languages.len() == 1
        });
        if !given {
            let example = if lang == "ja" {
                "株式会社〇〇"
            } else {
                "… Co., Ltd."
            };
            let a = t.ask(
                &format!(
                    "Organisation name in {} (e.g. {example})",
                    language_name(lang)
                ),
                None,
                &|s| check_name(s).map(|_| ()),
            )?;
            answers.names.push(format!("{lang}={a}"));
        }
    }
    if answers.base_url.is_none() {
        let a = t.ask(
            "Address the site will be published under (e.g. https://www.example.co.jp/policy/)",
            None,
            &|s| check_base_url(s).map(|_| ()),
        )?;
        answers.base_url = Some(a);
    }
    if answers.date.is_none() {
        let a = t.ask("Enactment date, YYYY-MM-DD", Some(&today.iso()), &|s| {
            parse_date(s).map(|_| ())
        })?;
        answers.date = Some(a);
    }
    let source = languages.first().map_or("ja", String::as_str);
    if answers.definitions.is_none() {
        t.say("\nDefinitions hoshin can cite (* = default):")?;
        for d in &lib.definitions {
            let mark = if d.default { "*" } else { " " };
            t.say(&format!(
                "  {mark} {:<12} {}「{}」",
                d.id,
                text(&d.issuer, source),
                text(&d.title, source)
            ))?;
        }
        let a = t.ask(
            "Definitions to cite (ids separated by commas, all, default)",
            Some(defaults::CHOICE),
            &|s| lib.choose_definitions(s).map(|_| ()),
        )?;
        answers.definitions = Some(a);
    }
    if answers.examples.is_none() {
        t.say("\nExamples of customer harassment (* = default; a group or subheading selects all under it):")?;
        fn list(
            t: &mut Talk<'_>,
            items: &[Example],
            depth: usize,
            lang: &str,
        ) -> Result<(), InitError> {
            for e in items {
                let mark = if e.default { "*" } else { " " };
                t.say(&format!(
                    "  {mark} {}{:<24} {}",
                    "  ".repeat(depth),
                    e.id,
                    text(&e.text, lang)
                ))?;
                list(t, &e.items, depth + 1, lang)?;
            }
            Ok(())
        }
        for g in &lib.examples {
            t.say(&format!("    {:<26} {}", g.id, text(&g.text, source)))?;
            list(&mut t, &g.items, 1, source)?;
        }
        let a = t.ask(
            "Examples to include (ids separated by commas, all, default)",
            Some(defaults::CHOICE),
            &|s| lib.choose_examples(s).map(|_| ()),
        )?;
        answers.examples = Some(a);
    }
    if answers.responses.is_none() {
        t.say("\nResponses (* = default; a group selects its responses):")?;
        for g in &lib.responses {
            t.say(&format!("    {:<26} {}", g.id, text(&g.text, source)))?;
            for r in &g.items {
                let mark = if r.default { "*" } else { " " };
                t.say(&format!(
                    "  {mark}   {:<24} {}",
                    r.id,
                    text(&r.text, source)
                ))?;
            }
        }
        let a = t.ask(
            "Responses to include (ids separated by commas, all, default)",
            Some(defaults::CHOICE),
            &|s| lib.choose_responses(s).map(|_| ()),
        )?;
        answers.responses = Some(a);
    }
    if answers.notices.is_none() {
        t.say("")?;
        let a = t.ask(
            "Printed store notices: paper sizes (a4, a3, a5) or none",
            Some(defaults::NOTICES),
            &|s| parse_notices(s).map(|_| ()),
        )?;
        answers.notices = Some(a);
    }
    let contact_given = answers.contact_email.is_some()
        || answers.contact_phone.is_some()
        || answers.contact_url.is_some();
    if !contact_given {
        t.say("\nContact details shown on the policy (Enter to leave one out):")?;
        answers.contact_email = Some(t.ask("  Email", Some(""), &|s| check_email(s))?);
        answers.contact_phone = Some(t.ask("  Phone", Some(""), &|s| check_phone(s).map(|_| ()))?);
        answers.contact_url = Some(t.ask("  Contact form URL", Some(""), &|s| check_web_url(s))?);
    }
    if !yes {
        let a = t.ask(
            &format!("\nWrite the site into `{}`? (y/n)", dir.display()),
            Some("y"),
            &|s| match s.to_ascii_lowercase().as_str() {
                "y" | "yes" | "n" | "no" => Ok(()),
                _ => Err("answer y or n".into()),
            },
        )?;
        if a.to_ascii_lowercase().starts_with('n') {
            return Err(InitError::Cancelled);
        }
    }
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str, answers: Answers) -> (Result<Answers, InitError>, String) {
        let mut out = Vec::new();
        let today = Date {
            year: 2026,
            month: 10,
            day: 1,
        };
        let r = ask(
            answers,
            Path::new("site"),
            today,
            false,
            &mut input.as_bytes(),
            &mut out,
        );
        (r, String::from_utf8(out).unwrap())
    }

    #[test]
    fn asks_for_what_is_missing_and_takes_defaults() {
        let input =
            "\n株式会社例\nRei Co., Ltd.\nnot a url\nhttps://rei.example/\n\n\n\n\na4\n\n\n\n\n";
        let (r, out) = run(input, Answers::default());
        let a = r.unwrap();
        assert_eq!(a.languages.as_deref(), Some("ja,en"));
        assert_eq!(a.names, ["ja=株式会社例", "en=Rei Co., Ltd."]);
        assert_eq!(a.base_url.as_deref(), Some("https://rei.example/"));
        assert_eq!(a.date.as_deref(), Some("2026-10-01"));
        assert_eq!(a.examples.as_deref(), Some("default"));
        assert_eq!(a.notices.as_deref(), Some("a4"));
        assert_eq!(a.contact_email.as_deref(), Some(""));
        assert!(out.contains("must start with https://"), "{out}");
        let plan = super::super::plan(
            &a,
            Date {
                year: 2026,
                month: 10,
                day: 1,
            },
        )
        .unwrap();
        assert!(plan.contact.is_empty());
    }

    #[test]
    fn flags_are_not_asked_again_and_no_cancels() {
        let answers = Answers {
            languages: Some("en".into()),
            names: vec!["Rei Ltd.".into()],
            base_url: Some("https://rei.example/".into()),
            date: Some("2026-10-01".into()),
            definitions: Some("all".into()),
            examples: Some("all".into()),
            responses: Some("all".into()),
            notices: Some("none".into()),
            contact_email: Some("policy@rei.example".into()),
            ..Answers::default()
        };
        let (r, out) = run("n\n", answers);
        assert!(matches!(r, Err(InitError::Cancelled)));
        assert!(!out.contains("Organisation"), "{out}");
    }

    #[test]
    fn input_ending_is_a_usage_error() {
        let (r, _) = run("ja\n", Answers::default());
        assert!(matches!(r, Err(InitError::Usage(m)) if m.contains("input ended")));
    }
}
