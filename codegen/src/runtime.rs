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
/// the runtime's dependencies are declared in exactly one place; `extra` features (name, one
/// comment line) are added to the `[features]` table and to its `default`.
pub(crate) fn manifest_tables(extra: &[(&str, &str)]) -> String {
    let mut tables: Vec<Vec<String>> = Vec::new();
    let mut copying = false;
    let mut in_features = false;
    for line in MANIFEST.lines() {
        if line.starts_with('[') {
            copying = matches!(line.trim(), "[dependencies]" | "[features]");
            in_features = line.trim() == "[features]";
            if copying {
                tables.push(Vec::new());
            }
        }
        if copying && let Some(table) = tables.last_mut() {
            let line = match line.strip_prefix("default = [") {
                Some(rest) if in_features && !extra.is_empty() => {
                    let names: Vec<String> = extra
                        .iter()
                        .map(|(name, _)| format!("\"{name}\""))
                        .collect();
                    let listed = rest.trim_end().trim_end_matches(']').trim();
                    let separator = if listed.is_empty() { "" } else { ", " };
                    format!("default = [{listed}{separator}{}]", names.join(", "))
                }
                _ => line.to_owned(),
            };
            table.push(line);
        }
    }
    let mut text = String::new();
    for table in &mut tables {
        while table.last().is_some_and(|line| line.trim().is_empty()) {
            table.pop();
        }
        if table
            .first()
            .is_some_and(|line| line.trim() == "[features]")
        {
            for (name, comment) in extra {
                table.push(format!("# {comment}"));
                table.push(format!("{name} = []"));
            }
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

/// The names of the features the runtime's manifest defines (`default` included), which no
/// generated feature may take.
pub(crate) fn feature_names() -> Vec<String> {
    let mut in_features = false;
    let mut names = Vec::new();
    for line in MANIFEST.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
        } else if in_features
            && !line.starts_with('#')
            && let Some((name, _)) = line.split_once('=')
        {
            names.push(name.trim().to_owned());
        }
    }
    names
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
        let tables = manifest_tables(&[]);
        assert!(tables.starts_with("[dependencies]\n"), "{tables}");
        assert!(tables.contains("\n[features]\n"), "{tables}");
        assert!(tables.contains("reqwest = "), "{tables}");
        assert!(
            !tables.contains("[package]") && !tables.contains("wiremock"),
            "{tables}"
        );
    }

    #[test]
    fn generated_features_join_the_default_ones() {
        let tables = manifest_tables(&[("billing", "The billing operations.")]);
        assert!(
            tables.contains("default = [\"rustls\", \"schemars\", \"billing\"]\n"),
            "{tables}"
        );
        assert!(
            tables.contains("# The billing operations.\nbilling = []\n"),
            "{tables}"
        );
        assert!(feature_names().iter().any(|name| name == "mcp"));
        assert!(feature_names().iter().any(|name| name == "default"));
    }
}
