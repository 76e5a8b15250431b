//! The real public API description `cargo xtask bench --public` measures: GitHub's REST API, from
//! the npm package `@octokit/openapi`, fetched only when asked for and cached under
//! `target/bench/`. Nothing else (CI, tests) touches the network.

use std::path::{Path, PathBuf};

use anyhow::Result;

/// The package and the file in it.
const PACKAGE: &str = "@octokit/openapi@23.0.2";
const DOCUMENT: &str = "package/generated/api.github.com.json";

/// The OpenAPI document, downloaded into `cache` on first use.
pub fn document(cache: &Path) -> Result<PathBuf> {
    crate::openapi::npm_file(cache, PACKAGE, DOCUMENT)
}
