//! The operations guide and the deployment files name only commands and settings the binary
//! really has: a renamed setting or command fails here, not in an operator's rollout.

use std::collections::BTreeSet;
use std::path::Path;

use regex::Regex;

/// Settings read from the environment outside [`lms::Settings`].
const ENVIRONMENT_ONLY: [&str; 2] = ["LMS_CONFIG", "LMS_LOG"];

/// Every `LMS_…` name the server takes: the settings' fields, upper-cased with the prefix.
fn setting_names() -> BTreeSet<String> {
    let defaults = serde_json::to_value(lms::Settings::default()).unwrap();
    defaults
        .as_object()
        .unwrap()
        .keys()
        .map(|k| format!("LMS_{}", k.to_uppercase()))
        .chain(ENVIRONMENT_ONLY.iter().map(ToString::to_string))
        .collect()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_setting_in_the_guide_the_deployment_files_and_the_readme_table_exists() {
    let names = Regex::new(r"LMS_[A-Z0-9_]+").unwrap();
    let readme_table: String = read("README.md")
        .lines()
        .filter(|l| l.starts_with("| `LMS_"))
        .collect::<Vec<_>>()
        .join("\n");
    let known = setting_names();
    let mut checked = 0;
    for (source, text) in [
        ("docs/deploy.md", read("docs/deploy.md")),
        ("deploy/lms.service", read("deploy/lms.service")),
        ("deploy/nginx.conf", read("deploy/nginx.conf")),
        ("README.md's configuration table", readme_table),
    ] {
        for name in names.find_iter(&text).map(|m| m.as_str()) {
            assert!(
                known.contains(name),
                "{source} names {name}, which the server does not read"
            );
            checked += 1;
        }
    }
    assert!(
        checked > 20,
        "only {checked} settings found: the documents moved?"
    );
}

#[test]
fn every_command_in_the_guide_and_the_unit_exists() {
    let commands = Regex::new(r"(?:`|/bin/)lms ([a-z][a-z-]*)").unwrap();
    let mut seen = BTreeSet::new();
    for text in [read("docs/deploy.md"), read("deploy/lms.service")] {
        seen.extend(commands.captures_iter(&text).map(|c| c[1].to_owned()));
    }
    for must in ["serve", "migrate", "rotate-signing-key"] {
        assert!(
            seen.contains(must),
            "the guide no longer mentions `lms {must}`"
        );
    }
    for command in &seen {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_lms"))
            .args([command.as_str(), "--help"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(
            status.success(),
            "`lms {command}` is not a command of the binary"
        );
    }
}

#[test]
fn the_proxy_checks_endpoints_the_server_has() {
    let document: serde_json::Value = serde_json::from_str(&read("openapi/openapi.json")).unwrap();
    let nginx = read("deploy/nginx.conf");
    for path in ["/readyz", "/metrics"] {
        assert!(nginx.contains(path), "nginx.conf no longer mentions {path}");
        assert!(
            document["paths"].get(path).is_some(),
            "{path} is not an endpoint"
        );
    }
}
