//! The deploy recipes in `docs/deploy/` are files people copy as they are: each must parse and
//! run the commands the README promises (check, then build with the right base URL, publishing
//! `public/`).

use std::fs;

use yaml_rust2::{Yaml, YamlLoader};

fn repo_file(rel: &str) -> String {
    fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_github_pages_workflow_checks_builds_and_publishes_public() {
    let docs = YamlLoader::load_from_str(&repo_file("docs/deploy/github-pages.yml"))
        .expect("the workflow is valid YAML");
    let w = &docs[0];
    assert_eq!(w["on"]["push"]["branches"][0].as_str(), Some("main"));
    assert_eq!(w["permissions"]["pages"].as_str(), Some("write"));
    let steps = w["jobs"]["build"]["steps"].as_vec().expect("build steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    let check = runs
        .iter()
        .position(|r| r.contains("hoshin check --strict"));
    let build = runs
        .iter()
        .position(|r| r.starts_with("hoshin build --base-url \"https://"));
    assert!(check.is_some() && build.is_some(), "{runs:?}");
    assert!(check < build, "check runs before the build: {runs:?}");
    assert!(
        runs.iter().any(|r| r.starts_with("cargo install --locked")),
        "{runs:?}"
    );
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact@"))
        })
        .expect("an upload step");
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    let deploy = &w["jobs"]["deploy"];
    assert_eq!(deploy["needs"].as_str(), Some("build"));
    assert!(deploy["steps"][0]["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("actions/deploy-pages@")));
    assert!(!matches!(w["jobs"]["build"]["runs-on"], Yaml::BadValue));
}

#[test]
fn the_netlify_settings_check_build_and_publish_public() {
    let t: toml::Table = toml::from_str(&repo_file("docs/deploy/netlify.toml")).unwrap();
    let build = t["build"].as_table().unwrap();
    let command = build["command"].as_str().unwrap();
    assert!(
        command.contains("hoshin check --strict && hoshin build --base-url"),
        "{command}"
    );
    assert_eq!(build["publish"].as_str(), Some("public"));
}

#[test]
fn the_readme_points_at_the_recipes() {
    let readme = repo_file("README.md");
    for f in ["docs/deploy/github-pages.yml", "docs/deploy/netlify.toml"] {
        assert!(readme.contains(f), "README does not mention {f}");
    }
}
