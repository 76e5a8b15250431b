//! The runtime's holders of what replies carry beyond the spec (`UnknownValue`, `UnknownForm`)
//! are public in a generated crate exactly when one of its types holds one, so a client whose
//! replies have no catch-all neither lists nor documents them.

mod common;

use codegen::SourceFile;

fn fixture(name: &str) -> Vec<SourceFile> {
    let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let mut sources: Vec<SourceFile> = std::fs::read_dir(&directory)
        .expect("fixture directory")
        .map(|entry| {
            let path = entry.expect("entry").path();
            SourceFile {
                name: format!(
                    "{name}/{}",
                    path.file_name().expect("name").to_string_lossy()
                ),
                contents: std::fs::read_to_string(&path).expect("read"),
            }
        })
        .collect();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    sources
}

/// Whether the crate root re-exports each holder, and whether the IR says a type holds it.
fn exports(sources: &[SourceFile]) -> [(bool, bool); 2] {
    let config = common::example_config();
    let api = codegen::build_api(sources, &config).expect("lowers");
    let files = codegen::emit_api(&api, &config).expect("emits");
    let lib = &files["src/lib.rs"];
    // Every module of `src/types/`.
    let types: String = files
        .iter()
        .filter(|(path, _)| path.starts_with("src/types/"))
        .map(|(_, text)| text.as_str())
        .collect();
    [
        (
            lib.contains("pub use runtime::unknown::UnknownValue;"),
            api.keeps_unknown_values() && types.contains("runtime::unknown::UnknownValue"),
        ),
        (
            lib.contains("pub use runtime::unknown::UnknownForm;"),
            api.keeps_unknown_forms() && types.contains("runtime::unknown::UnknownForm"),
        ),
    ]
}

#[test]
fn a_client_without_catch_alls_exports_neither_holder() {
    assert_eq!(
        exports(&common::revcent_sources()),
        [(false, false), (false, false)]
    );
}

#[test]
fn an_enum_kept_open_in_replies_exports_unknown_value_only() {
    assert_eq!(exports(&fixture("enums")), [(true, true), (false, false)]);
}

#[test]
fn a_choice_kept_open_in_replies_exports_unknown_form() {
    let [_, form] = exports(&fixture("type_unions"));
    assert_eq!(form, (true, true));
}
