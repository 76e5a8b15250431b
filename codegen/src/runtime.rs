//! The runtime every generated client contains, embedded from `codegen/runtime/`, where it is
//! compiled and tested as the `client-runtime` crate. Nothing here is generated: the files are
//! emitted verbatim, so the runtime is written, reviewed and tested once.

/// The files of `codegen/runtime/src/runtime/`, emitted as `src/runtime/` of a generated crate.
pub(crate) const FILES: &[(&str, &str)] = &[
    ("call.rs", include_str!("../runtime/src/runtime/call.rs")),
    (
        "client.rs",
        include_str!("../runtime/src/runtime/client.rs"),
    ),
    ("error.rs", include_str!("../runtime/src/runtime/error.rs")),
    ("mcp.rs", include_str!("../runtime/src/runtime/mcp.rs")),
    ("mod.rs", include_str!("../runtime/src/runtime/mod.rs")),
    (
        "multipart.rs",
        include_str!("../runtime/src/runtime/multipart.rs"),
    ),
    (
        "nullable.rs",
        include_str!("../runtime/src/runtime/nullable.rs"),
    ),
    (
        "outcome.rs",
        include_str!("../runtime/src/runtime/outcome.rs"),
    ),
    ("pages.rs", include_str!("../runtime/src/runtime/pages.rs")),
    (
        "request.rs",
        include_str!("../runtime/src/runtime/request.rs"),
    ),
    (
        "response.rs",
        include_str!("../runtime/src/runtime/response.rs"),
    ),
    (
        "strict.rs",
        include_str!("../runtime/src/runtime/strict.rs"),
    ),
    ("table.rs", include_str!("../runtime/src/runtime/table.rs")),
    (
        "unknown.rs",
        include_str!("../runtime/src/runtime/unknown.rs"),
    ),
    (
        "validate.rs",
        include_str!("../runtime/src/runtime/validate.rs"),
    ),
];

/// The runtime crate's manifest, whose dependencies are the generated crate's dependencies.
const MANIFEST: &str = include_str!("../runtime/Cargo.toml");

/// The `[dependencies]` and `[features]` tables of the runtime's manifest, verbatim, so that
/// the runtime's dependencies are declared in exactly one place.
pub(crate) fn manifest_tables() -> String {
    let mut tables: Vec<Vec<&str>> = Vec::new();
    let mut copying = false;
    for line in MANIFEST.lines() {
        if line.starts_with('[') {
            copying = matches!(line.trim(), "[dependencies]" | "[features]");
            if copying {
                tables.push(Vec::new());
            }
        }
        if copying && let Some(table) = tables.last_mut() {
            table.push(line);
        }
    }
    let mut text = String::new();
    for table in &mut tables {
        while table.last().is_some_and(|line| line.trim().is_empty()) {
            table.pop();
        }
        if !text.is_empty() {
            text.push('\n');
        }
        for line in table.iter() {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_runtime_file_is_embedded() {
        let directory =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(&directory)
            .expect("runtime directory")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            on_disk,
            embedded,
            "update runtime::FILES to match {}",
            directory.display()
        );
    }

    #[test]
    fn manifest_tables_hold_dependencies_and_features_only() {
        let tables = manifest_tables();
        assert!(tables.starts_with("[dependencies]\n"), "{tables}");
        assert!(tables.contains("\n[features]\n"), "{tables}");
        assert!(tables.contains("reqwest = "), "{tables}");
        assert!(
            !tables.contains("[package]") && !tables.contains("wiremock"),
            "{tables}"
        );
    }
}
