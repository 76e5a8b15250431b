//! The runtime's holders of what replies carry beyond the spec (`UnknownValue`, `UnknownForm`)
//! are public in a generated crate exactly when one of its types holds one, so a client whose
//! replies have no catch-all neither lists nor documents them. Likewise the types of multipart
//! bodies (`Multipart`, `FilePart`), `3xx` outcomes (`Outcome`, `Redirect`) and upgrades
//! (`Upgrade`): public exactly when an operation's signature names them.

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

/// For the types of multipart bodies, `3xx` outcomes and upgrades, in that order: whether the
/// crate root re-exports them, and whether some generated method names them.
fn operation_exports(sources: &[SourceFile]) -> [(bool, bool); 3] {
    let config = common::example_config();
    let files = codegen::generate(sources, &config).expect("generates");
    let lib = &files["src/lib.rs"];
    let operations: String = files
        .iter()
        .filter(|(path, _)| path.starts_with("src/operations/"))
        .map(|(_, text)| text.as_str())
        .collect();
    [
        (
            lib.contains("pub use runtime::multipart::{FilePart, Multipart};"),
            operations.contains("crate::runtime::Multipart"),
        ),
        (
            lib.contains("pub use runtime::outcome::{Outcome, Redirect};"),
            operations.contains("crate::runtime::Outcome<"),
        ),
        (
            lib.contains("pub use runtime::outcome::Upgrade;"),
            operations.contains("crate::runtime::Upgrade"),
        ),
    ]
}

#[test]
fn a_client_of_json_bodies_and_replies_exports_none_of_the_operation_types() {
    assert_eq!(
        operation_exports(&common::revcent_sources()),
        [(false, false); 3]
    );
}

#[test]
fn multipart_bodies_export_their_parts_only() {
    assert_eq!(
        operation_exports(&fixture("multipart_bodies")),
        [(true, true), (false, false), (false, false)]
    );
}

#[test]
fn redirects_and_upgrades_export_their_outcomes() {
    let [_, outcome, upgrade] = operation_exports(&fixture("replies"));
    assert_eq!((outcome, upgrade), ((true, true), (true, true)));
}
