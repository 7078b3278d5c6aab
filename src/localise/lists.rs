//! The list structures of a policy, localised: example groups and their subgroups (with the
//! heading level each shows), examples (nested or run in), response groups, and definitions
//! with their citation shown as a caption, as a note or not at all.
//!
//! The markers a list shows ([`ListView`]) and the language's separators are left to the
//! templates; this module decides only what exists and in what order.

use fluent_bundle::FluentArgs;
use serde::Serialize;

use crate::localise::{
    DefinitionView, ExampleGroupView, ExampleView, Localiser, ResponseGroupView, ResponseView,
};
use crate::site::content::data::{
    numbering, Citation, Definition, Example, ExampleGroup, Numbering, ResponseGroup,
};
use crate::site::content::Document;
use crate::site::messages::ItemKind;

/// The heading level of a top-level example or response group: the section around the block
/// is an `<h2>`.
const FIRST_GROUP_LEVEL: u8 = 3;

/// How a list is marked up: `<ul>` or `<ol>`, and the `numbering` that names its markers
/// (`bullets`, `decimal`, `parenthesised`, `circled`, `none`; the theme's class `list-<name>`).
#[derive(Debug, Clone, Serialize)]
pub struct ListView {
    /// `ul` or `ol`.
    pub tag: &'static str,
    /// The markers' name.
    pub numbering: &'static str,
}

impl From<Numbering> for ListView {
    fn from(n: Numbering) -> ListView {
        ListView {
            tag: if n.ordered() { "ol" } else { "ul" },
            numbering: n.name(),
        }
    }
}

impl Localiser<'_> {
    /// A definition, with its citation formatted unless `citation = "none"`.
    pub(crate) fn definition(&mut self, def: &Definition, doc: &Document) -> DefinitionView {
        let id = def.id.get_ref().clone();
        let (text, lang) = self.text_in(ItemKind::Definition, &def.id, None);
        let style = def.citation();
        let (issuer, issuer_lang, title, title_lang, citation) = match style {
            Citation::None => Default::default(),
            Citation::Caption | Citation::Note => {
                let (issuer, issuer_lang) =
                    self.text_in(ItemKind::Definition, &def.id, Some("issuer"));
                let (title, title_lang) =
                    self.text_in(ItemKind::Definition, &def.id, Some("title"));
                let mut args = FluentArgs::new();
                args.set("issuer", issuer.clone());
                args.set("title", title.clone());
                let citation = match def.year {
                    Some(y) => {
                        args.set("year", y.to_string());
                        self.ui("citation", Some(&args), &doc.file)
                    }
                    None => self.ui("citation-undated", Some(&args), &doc.file),
                };
                (issuer, issuer_lang, title, title_lang, citation)
            }
        };
        let url_lang = (def.lang.as_ref().map(|l| l.get_ref()))
            .filter(|l| def.url.is_some() && !l.eq_ignore_ascii_case(&doc.lang));
        let url_lang_marker = url_lang.map(|l| {
            let mut args = FluentArgs::new();
            args.set("lang", l.clone());
            self.ui("link-language", Some(&args), &doc.file)
        });
        DefinitionView {
            id,
            text,
            lang,
            citation_lang: issuer_lang.or(title_lang),
            issuer,
            title,
            year: def.year,
            url: def.url.as_ref().map(|u| u.get_ref().clone()),
            url_lang: url_lang.cloned(),
            url_lang_marker,
            citation,
            citation_style: match style {
                Citation::Caption => "caption",
                Citation::Note => "note",
                Citation::None => "none",
            },
        }
    }

    /// An example group with its examples and subgroups; `level` is the heading level it
    /// shows, if it shows one. A subgroup's heading is one level below the nearest heading
    /// above it, so a group without a heading never leaves a gap in the outline.
    pub(crate) fn example_group(&mut self, g: &ExampleGroup, level: u8) -> ExampleGroupView {
        let (heading, heading_lang) = match g.heading {
            true => {
                let (h, l) = self.text_in(ItemKind::ExampleGroup, &g.id, None);
                (Some(h), l)
            }
            false => (None, None),
        };
        let next = if g.heading { level + 1 } else { level };
        ExampleGroupView {
            id: g.id.get_ref().clone(),
            heading,
            heading_lang,
            level,
            list: numbering(&g.numbering).into(),
            items: g.items.iter().map(|e| self.example(e)).collect(),
            groups: g
                .groups
                .iter()
                .map(|s| self.example_group(s, next))
                .collect(),
        }
    }

    /// The example groups a block shows: all, or the top-level group `only`.
    pub(crate) fn example_groups(
        &mut self,
        groups: &[ExampleGroup],
        only: Option<&String>,
    ) -> Vec<ExampleGroupView> {
        groups
            .iter()
            .filter(|g| only.is_none_or(|id| g.id.get_ref() == id))
            .map(|g| self.example_group(g, FIRST_GROUP_LEVEL))
            .collect()
    }

    pub(crate) fn example(&mut self, e: &Example) -> ExampleView {
        let (text, lang) = self.text_in(ItemKind::Example, &e.id, None);
        let (notice, notice_lang) = match e.notice {
            true => {
                let (n, l) = self.text_in(ItemKind::Example, &e.id, Some("notice"));
                (Some(n), l)
            }
            false => (None, None),
        };
        ExampleView {
            id: e.id.get_ref().clone(),
            text,
            lang,
            notice,
            notice_lang,
            run_in: e.is_run_in(),
            list: numbering(&e.numbering).into(),
            items: e.items.iter().map(|c| self.example(c)).collect(),
        }
    }

    /// The response groups a block shows: all, or the group `only`.
    pub(crate) fn response_groups(
        &mut self,
        groups: &[ResponseGroup],
        only: Option<&String>,
    ) -> Vec<ResponseGroupView> {
        groups
            .iter()
            .filter(|g| only.is_none_or(|id| g.id.get_ref() == id))
            .map(|g| {
                let (heading, heading_lang) = match g.heading {
                    true => {
                        let (h, l) = self.text_in(ItemKind::ResponseGroup, &g.id, None);
                        (Some(h), l)
                    }
                    false => (None, None),
                };
                ResponseGroupView {
                    id: g.id.get_ref().clone(),
                    heading,
                    heading_lang,
                    level: FIRST_GROUP_LEVEL,
                    list: numbering(&g.numbering).into(),
                    items: g
                        .items
                        .iter()
                        .map(|r| {
                            let (text, lang) = self.text_in(ItemKind::Response, r, None);
                            ResponseView {
                                id: r.get_ref().clone(),
                                text,
                                lang,
                            }
                        })
                        .collect(),
                }
            })
            .collect()
    }
}
