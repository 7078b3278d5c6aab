//! Stores and other places where a notice is posted: the optional `locations.toml`.
//!
//! Like `policy.toml`, it is language-neutral: ids, opening hours and phone numbers. Each
//! location's name comes from the Fluent message `location-<id>` in every language. With
//! `[notices]` configured, every location gets its own set of notices.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::toml_error;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::site::config::is_slug;
use crate::site::files;

/// The file's name at the root of a site folder.
pub const LOCATIONS_FILE: &str = "locations.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocations {
    #[serde(default)]
    locations: Vec<Location>,
}

/// One store or office.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Id (a slug, used in notice paths); the name is the message `location-<id>`.
    pub id: Spanned<String>,
    /// Opening hours as written, e.g. `10:00–19:00` (shown as they are in every language).
    #[serde(default)]
    pub hours: Option<String>,
    /// The consultation desk's phone number, as dialled.
    #[serde(default)]
    pub phone: Option<String>,
}

/// The parsed `locations.toml`.
#[derive(Debug, Clone)]
pub struct Locations {
    /// Locations in the order written.
    pub list: Vec<Location>,
    /// The file, for locating errors.
    pub file: Arc<SourceFile>,
}

impl Locations {
    /// Loads `<root>/locations.toml` when it exists.
    pub fn load(root: &Path) -> Result<Option<Locations>, Diagnostics> {
        let path = root.join(LOCATIONS_FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let file = files::read_text(root, &path)?;
        Locations::parse(&file).map(Some)
    }

    /// Parses and checks the text of a locations file.
    pub fn parse(file: &Arc<SourceFile>) -> Result<Locations, Diagnostics> {
        let raw: RawLocations = toml::from_str(&file.text).map_err(|e| toml_error(file, &e))?;
        let mut diags = Diagnostics::new();
        let mut seen = BTreeSet::new();
        for l in &raw.locations {
            let id = l.id.get_ref();
            if !is_slug(id) {
                diags.push(
                    Diagnostic::error(format!("location id `{id}` is not a slug"))
                        .at(file, l.id.span())
                        .label("used in notice paths")
                        .help(
                            "use lowercase ASCII letters, digits and hyphens, e.g. `kyoto-sanjo`",
                        ),
                );
            } else if !seen.insert(id.clone()) {
                diags.push(
                    Diagnostic::error(format!("location `{id}` is listed twice"))
                        .at(file, l.id.span())
                        .label("duplicate"),
                );
            }
            for (field, value) in [("hours", &l.hours), ("phone", &l.phone)] {
                if let Some((_, c)) = value.as_deref().and_then(files::forbidden_char) {
                    diags.push(
                        Diagnostic::error(format!(
                            "the `{field}` of location `{id}` contains {}",
                            files::describe_char(c)
                        ))
                        .at(file, l.id.span())
                        .label("in this location")
                        .help("delete the escape: control characters and bidi overrides never belong on a notice"),
                    );
                }
            }
        }
        diags.into_result(Locations {
            list: raw.locations,
            file: Arc::clone(file),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Locations, Diagnostics> {
        Locations::parse(&SourceFile::new(LOCATIONS_FILE, LOCATIONS_FILE, text))
    }

    #[test]
    fn locations_parse_in_order() {
        let l = parse("[[locations]]\nid = \"b\"\nhours = \"10:00–19:00\"\n[[locations]]\nid = \"a\"\nphone = \"03-0000-0000\"\n").unwrap();
        let ids: Vec<&str> = l.list.iter().map(|l| l.id.get_ref().as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(l.list[0].hours.as_deref(), Some("10:00–19:00"));
    }

    #[test]
    fn unknown_field_and_duplicates_are_located() {
        let e = parse("[[locations]]\nid = \"a\"\nname = \"Kyoto\"\n").unwrap_err();
        let out = e.0[0].render(false);
        assert!(out.contains("unknown field `name`"), "{out}");
        assert_eq!(e.0[0].position().unwrap().1, 3);
        let e = parse("[[locations]]\nid = \"a\"\n[[locations]]\nid = \"a\"\n").unwrap_err();
        assert_eq!(e.0[0].position().unwrap().1, 4);
        let e = parse("[[locations]]\nid = \"Kyoto Sanjo\"\n").unwrap_err();
        assert!(e.0[0].message.contains("not a slug"));
    }
}
