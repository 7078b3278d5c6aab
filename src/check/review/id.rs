//! Unit ids: what a translation unit is, typed, with the string form that review files, the
//! command line, JSON output and messages use.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// The front-matter fields of a policy document that are units of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FrontKey {
    /// `title`.
    Title,
    /// `description`.
    Description,
    /// The summaries of `[[revisions]]`, as one unit.
    Revisions,
}

impl FrontKey {
    /// The key as written after `slug:`.
    pub fn as_str(self) -> &'static str {
        match self {
            FrontKey::Title => "title",
            FrontKey::Description => "description",
            FrontKey::Revisions => "revisions",
        }
    }
}

/// The id of a translation unit (see the [module documentation](super)).
///
/// The string form ([`fmt::Display`], [`FromStr`]) is a public format: it is the key in
/// `reviews/<lang>.toml`, the argument of `--mark-reviewed`, the `unit` of stale findings in
/// the JSON output, and part of messages.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitId {
    /// A Markdown section of a policy document, from its heading to the next: `slug#section`,
    /// or `slug#` for the text before the first heading (`section` empty).
    Section {
        /// The policy.
        slug: String,
        /// The section's heading id.
        section: String,
    },
    /// A front-matter field of a policy document: `slug:title`, `slug:description`,
    /// `slug:revisions`.
    Front {
        /// The policy.
        slug: String,
        /// The field.
        key: FrontKey,
    },
    /// The value of a site Fluent message (`id`) or one of its attributes (`id.attribute`).
    Message {
        /// The message id.
        id: String,
        /// The attribute, for an attribute's unit.
        attribute: Option<String>,
    },
}

impl UnitId {
    /// The policy a document unit belongs to; `None` for Fluent messages.
    pub(crate) fn policy(&self) -> Option<&str> {
        match self {
            UnitId::Section { slug, .. } | UnitId::Front { slug, .. } => Some(slug),
            UnitId::Message { .. } => None,
        }
    }

    /// The Fluent message a message or attribute unit belongs to.
    pub(crate) fn message(&self) -> Option<&str> {
        match self {
            UnitId::Message { id, .. } => Some(id),
            _ => None,
        }
    }

    /// Whether a `--mark-reviewed` argument selects this unit: its own id, the id of the
    /// message it is an attribute of (`example-x` selects `example-x.notice`), or the slug of
    /// the policy it belongs to (`customer-harassment` selects `customer-harassment:title` and
    /// `customer-harassment#introduction`).
    pub(crate) fn is_selected_by(&self, selector: &UnitId) -> bool {
        if self == selector {
            return true;
        }
        // A bare name parses as a message id; it also names a policy.
        let UnitId::Message {
            id: name,
            attribute: None,
        } = selector
        else {
            return false;
        };
        match self {
            UnitId::Section { slug, .. } | UnitId::Front { slug, .. } => slug == name,
            UnitId::Message {
                id,
                attribute: Some(_),
            } => id == name,
            UnitId::Message {
                attribute: None, ..
            } => false,
        }
    }
}

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitId::Section { slug, section } => write!(f, "{slug}#{section}"),
            UnitId::Front { slug, key } => write!(f, "{slug}:{}", key.as_str()),
            UnitId::Message {
                id,
                attribute: None,
            } => f.write_str(id),
            UnitId::Message {
                id,
                attribute: Some(a),
            } => write!(f, "{id}.{a}"),
        }
    }
}

/// A string that is not a unit id: `slug:` followed by something other than `title`,
/// `description` or `revisions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFrontKey(pub String);

impl fmt::Display for UnknownFrontKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a front-matter unit", self.0)
    }
}

impl std::error::Error for UnknownFrontKey {}

impl FromStr for UnitId {
    type Err = UnknownFrontKey;

    /// Reads the string form back. Slugs are `[a-z0-9-]` and Fluent ids have no `#` or `:`,
    /// so the first `#` ends the slug of a section (whose heading id may hold anything), else
    /// the first `:` that of a front-matter field, else the first `.` ends a message id.
    fn from_str(s: &str) -> Result<UnitId, UnknownFrontKey> {
        if let Some((slug, section)) = s.split_once('#') {
            return Ok(UnitId::Section {
                slug: slug.to_string(),
                section: section.to_string(),
            });
        }
        if let Some((slug, key)) = s.split_once(':') {
            let key = match key {
                "title" => FrontKey::Title,
                "description" => FrontKey::Description,
                "revisions" => FrontKey::Revisions,
                _ => return Err(UnknownFrontKey(s.to_string())),
            };
            return Ok(UnitId::Front {
                slug: slug.to_string(),
                key,
            });
        }
        Ok(match s.split_once('.') {
            Some((id, attribute)) => UnitId::Message {
                id: id.to_string(),
                attribute: Some(attribute.to_string()),
            },
            None => UnitId::Message {
                id: s.to_string(),
                attribute: None,
            },
        })
    }
}

/// Serialised as its string form (the JSON output's `unit`).
impl Serialize for UnitId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> UnitId {
        s.parse().unwrap()
    }

    #[test]
    fn the_string_form_round_trips() {
        for s in [
            "example-violence",
            "example-violence.notice",
            "customer-harassment:title",
            "customer-harassment:description",
            "customer-harassment:revisions",
            "customer-harassment#introduction",
            "customer-harassment#",
            "p#odd.id:with#marks",
        ] {
            assert_eq!(id(s).to_string(), s);
        }
        assert_eq!(
            id("p#a.b"),
            UnitId::Section {
                slug: "p".into(),
                section: "a.b".into()
            }
        );
        assert_eq!(
            id("m.attr"),
            UnitId::Message {
                id: "m".into(),
                attribute: Some("attr".into())
            }
        );
        assert!("p:colour".parse::<UnitId>().is_err());
    }

    #[test]
    fn a_name_selects_its_attributes_and_its_policy() {
        let p = id("customer-harassment");
        assert!(id("customer-harassment#introduction").is_selected_by(&p));
        assert!(id("customer-harassment:title").is_selected_by(&p));
        assert!(!id("customer-harassment-2:title").is_selected_by(&p));
        let m = id("example-x");
        assert!(id("example-x").is_selected_by(&m));
        assert!(id("example-x.notice").is_selected_by(&m));
        assert!(!id("example-xy.notice").is_selected_by(&m));
        assert!(!id("example-x").is_selected_by(&id("example-x.notice")));
        assert!(id("p#s").is_selected_by(&id("p#s")));
        assert!(!id("p#s").is_selected_by(&id("p#")));
    }
}
