//! No generated doc says only what its item's name already says. Every committed generated
//! crate (the snapshots and the RevCent client, kept fresh by `cargo xtask codegen --check`) is
//! scanned for the filler sentences the generator once wrote where a spec gave no description.

use std::path::{Path, PathBuf};

/// The filler sentences, each a whole doc line around one code span (a name).
const FILLERS: &[(&str, &str)] = &[
    ("The `", "` property."),
    ("The `", "` object."),
    ("The `", "` form."),
    ("A `", "` value."),
    ("The values of `", "`."),
    ("One of the forms of `", "`."),
    ("Calls `", "`."),
];

/// Whether a doc line's text is a filler sentence, or nothing but one code span (a variant
/// documented with its own spelling and no word to say what that is).
fn is_filler(text: &str) -> bool {
    let text = text.trim();
    let one_span = |inner: &str| !inner.is_empty() && !inner.contains('`');
    FILLERS.iter().any(|(start, end)| {
        text.strip_prefix(start)
            .and_then(|rest| rest.strip_suffix(end))
            .is_some_and(one_span)
    }) || text
        .strip_prefix('`')
        .and_then(|rest| rest.strip_suffix('`'))
        .is_some_and(one_span)
}

fn rust_files(directory: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

fn generated_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut crates = vec![root.join("generated-client/src")];
    let snapshots = root.join("codegen/tests/snapshots");
    for entry in std::fs::read_dir(&snapshots).expect("codegen/tests/snapshots") {
        crates.push(entry.expect("entry").path().join("src"));
    }
    let mut files = Vec::new();
    for source in crates {
        rust_files(&source, &mut files);
    }
    files.sort();
    files
}

#[test]
fn the_filler_patterns_match_what_the_generator_once_wrote() {
    for filler in [
        "The `id` property.",
        "The `message` object.",
        "The `Integer` form.",
        "A `item_id` value.",
        "The values of `item_type`.",
        "One of the forms of `key`.",
        "Calls `GetThing`.",
        "`GetCustomer`",
    ] {
        assert!(is_filler(filler), "{filler}");
    }
    for useful in [
        "Not described by the spec.",
        "`ai_memo.created` on the wire.",
        "Named `itemId` on the wire.",
        "The `id` property, as the server sends it, and `b`.",
        "`GET /things/{id}` (operation `GetThing`).",
    ] {
        assert!(!is_filler(useful), "{useful}");
    }
}

#[test]
fn no_generated_doc_is_filler() {
    let files = generated_sources();
    assert!(
        files.len() > 100,
        "found only {} generated files",
        files.len()
    );
    let mut doc_lines = 0;
    let mut fillers = Vec::new();
    for file in &files {
        let contents = std::fs::read_to_string(file).expect("read");
        for (number, line) in contents.lines().enumerate() {
            let trimmed = line.trim_start();
            let Some(text) = trimmed
                .strip_prefix("///")
                .or_else(|| trimmed.strip_prefix("//!"))
            else {
                continue;
            };
            doc_lines += 1;
            if is_filler(text) {
                fillers.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    text.trim()
                ));
            }
        }
    }
    assert!(doc_lines > 1_000, "found only {doc_lines} doc lines");
    assert!(
        fillers.is_empty(),
        "{} doc lines say only what the item's name says (change codegen/src/lower/describe.rs, \
         then run `cargo xtask codegen`):\n{}",
        fillers.len(),
        fillers.join("\n")
    );
}
