//! Checks of the list structures of `policy.toml` that its types alone cannot express: how
//! deep example groups nest, which examples can be run in or numbered, and a definition
//! without a citation that still gives a year or address. Each error is located at the field
//! that needs changing.
//!
//! Unknown values (`numbering = "roman"`) are refused earlier, when the TOML is parsed.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::site::content::data::{Citation, Example, ExampleGroup, PolicyData};

/// How many levels of example groups a policy may nest (headings h3, h4, h5).
pub const MAX_GROUP_DEPTH: usize = 3;

/// Every list structure error of `data`, in file order.
pub fn check_lists(file: &Arc<SourceFile>, data: &PolicyData) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for d in &data.definitions {
        let Some(c) = &d.citation else { continue };
        if *c.get_ref() != Citation::None {
            continue;
        }
        if d.year.is_some() || d.url.is_some() {
            diags.push(
                Diagnostic::error(format!(
                    "definition `{}` has no citation but gives a year or url",
                    d.id.get_ref()
                ))
                .at(file, c.span())
                .label("`citation = \"none\"` shows no source")
                .help("remove `year` and `url`, or show the citation with `citation = \"caption\"` or `\"note\"`"),
            );
        }
    }
    for g in &data.examples {
        group(file, g, 1, &mut diags);
    }
    diags
}

fn group(file: &Arc<SourceFile>, g: &ExampleGroup, depth: usize, diags: &mut Diagnostics) {
    if depth > MAX_GROUP_DEPTH {
        diags.push(
            Diagnostic::error(format!(
                "example group `{}` is nested {depth} levels deep; at most {MAX_GROUP_DEPTH} are allowed",
                g.id.get_ref()
            ))
            .at(file, g.id.span())
            .label("a group inside a subgroup's subgroup")
            .help("move its examples up a level, or make them nested examples (`items`)"),
        );
    }
    for e in &g.items {
        example(file, e, diags);
    }
    for sub in &g.groups {
        group(file, sub, depth + 1, diags);
    }
}

fn example(file: &Arc<SourceFile>, e: &Example, diags: &mut Diagnostics) {
    let id = e.id.get_ref();
    if let Some(r) = e.run_in.as_ref().filter(|r| *r.get_ref()) {
        if e.items.is_empty() {
            diags.push(
                Diagnostic::error(format!(
                    "example `{id}` is run in but has no nested examples"
                ))
                .at(file, r.span())
                .label("`run_in` shows the nested examples after this one's text")
                .help(format!(
                    "give `{id}` nested examples (`[[…items.items]]`), or remove `run_in`"
                )),
            );
        }
        if let Some(n) = &e.numbering {
            diags.push(
                Diagnostic::error(format!("example `{id}` is run in and numbered"))
                    .at(file, n.span())
                    .label("a run-in list has no markers")
                    .help("remove `numbering`, or `run_in` to show a numbered list"),
            );
        }
        for child in e.items.iter().filter(|c| !c.items.is_empty()) {
            diags.push(
                Diagnostic::error(format!(
                    "example `{}` has nested examples inside the run-in example `{id}`",
                    child.id.get_ref()
                ))
                .at(file, child.id.span())
                .label("a run-in item is a word or phrase, not a list")
                .help(format!(
                    "remove `run_in` from `{id}` to show its examples as a list"
                )),
            );
        }
    } else if let (Some(n), true) = (&e.numbering, e.items.is_empty()) {
        diags.push(
            Diagnostic::error(format!(
                "example `{id}` is numbered but has no nested examples"
            ))
            .at(file, n.span())
            .label("`numbering` chooses the markers of this example's nested list")
            .help("put `numbering` on the example group to number its examples"),
        );
    }
    for child in &e.items {
        example(file, child, diags);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(toml: &str) -> Vec<String> {
        let file = SourceFile::new("policy.toml", "policy.toml", toml);
        let data: PolicyData = toml::from_str(toml).unwrap();
        check_lists(&file, &data)
            .sorted()
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn a_well_formed_policy_passes() {
        let ok = r#"
            [[definitions]]
            id = "own"
            citation = "none"
            [[examples]]
            id = "a"
            numbering = "circled"
            items = [{ id = "x", run_in = true, items = [{ id = "y" }] }]
            [[examples.groups]]
            id = "b"
            [[examples.groups.groups]]
            id = "c"
            items = [{ id = "z", numbering = "decimal", items = [{ id = "w" }] }]
        "#;
        assert_eq!(errors(ok), Vec::<String>::new());
    }

    #[test]
    fn misuses_are_each_reported() {
        let bad = r#"
            [[definitions]]
            id = "own"
            year = 2020
            citation = "none"
            [[examples]]
            id = "a"
            items = [
                { id = "x", run_in = true },
                { id = "y", numbering = "decimal" },
                { id = "v", run_in = true, numbering = "none", items = [{ id = "u", items = [{ id = "t" }] }] },
            ]
            [[examples.groups]]
            id = "b"
            [[examples.groups.groups]]
            id = "c"
            [[examples.groups.groups.groups]]
            id = "d"
        "#;
        let e = errors(bad).join("\n");
        for want in [
            "definition `own` has no citation but gives a year or url",
            "example `x` is run in but has no nested examples",
            "example `y` is numbered but has no nested examples",
            "example `v` is run in and numbered",
            "example `u` has nested examples inside the run-in example `v`",
            "example group `d` is nested 4 levels deep",
        ] {
            assert!(e.contains(want), "{want}\n{e}");
        }
    }

    #[test]
    fn unknown_values_are_refused_when_parsed() {
        let e = toml::from_str::<PolicyData>("[[examples]]\nid = \"a\"\nnumbering = \"roman\"\n")
            .unwrap_err();
        assert!(e.to_string().contains("unknown variant `roman`"), "{e}");
        assert_eq!(e.span(), Some(34..41));
    }
}
