//! Helpers shared by the generator's integration tests.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use codegen::{Config, SourceFile};

/// RevCent's fragments from the workspace's `specs/`, named as the xtask names them.
pub fn revcent_sources() -> Vec<SourceFile> {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut sources: Vec<SourceFile> = std::fs::read_dir(&specs)
        .expect("specs/")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .map(|path| SourceFile {
            name: format!(
                "specs/{}",
                path.file_name().expect("name").to_string_lossy()
            ),
            contents: std::fs::read_to_string(&path).expect("read"),
        })
        .collect();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    sources
}

/// The fragments of the snapshot fixture `name` (`codegen/tests/fixtures/<name>/`), sorted.
pub fn fixture_sources(name: &str) -> Vec<SourceFile> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let mut sources: Vec<SourceFile> = std::fs::read_dir(&folder)
        .expect("fixture folder")
        .map(|entry| entry.expect("entry").path())
        .map(|path| SourceFile {
            name: format!(
                "{name}/{}",
                path.file_name().expect("name").to_string_lossy()
            ),
            contents: std::fs::read_to_string(&path).expect("read"),
        })
        .collect();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    sources
}

/// A configuration for RevCent's base URL without any name overrides, so tests see what the
/// naming rules alone produce.
pub fn example_config() -> Config {
    Config {
        crate_version: "0.0.0".to_owned(),
        base_url: Some("https://api.revcent.com/v2".to_owned()),
        standalone: false,
        ..Config::new("example", "Example")
    }
}

/// A one-file fragment set.
pub fn source(name: &str, contents: &str) -> Vec<SourceFile> {
    vec![SourceFile {
        name: name.to_owned(),
        contents: contents.to_owned(),
    }]
}
