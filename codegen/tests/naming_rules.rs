//! How names are chosen when rules compete, on the `naming` fixture: two different schemas never
//! share a name, the same schema in two operations is one type, and reserved names are avoided.

mod common;

use codegen::ir::{Api, TypeKind};

fn naming_fixture() -> Api {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/naming");
    let mut sources: Vec<codegen::SourceFile> = std::fs::read_dir(&folder)
        .expect("fixture")
        .map(|entry| entry.expect("entry").path())
        .map(|path| codegen::SourceFile {
            name: path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned(),
            contents: std::fs::read_to_string(&path).expect("read"),
        })
        .collect();
    sources.sort_by(|a, b| a.name.cmp(&b.name));
    let mut config = common::example_config();
    config.base_url = Some("https://api.example.test/v1".to_owned());
    codegen::build_api(&sources, &config).expect("lowers")
}

fn field_names(api: &Api, type_name: &str) -> Vec<String> {
    let definition = api
        .type_named(type_name)
        .unwrap_or_else(|| panic!("no `{type_name}`"));
    let TypeKind::Struct(structure) = &definition.kind else {
        panic!("`{type_name}` is not a struct");
    };
    structure
        .fields
        .iter()
        .map(|field| field.wire_name.clone())
        .collect()
}

#[test]
fn two_untitled_objects_at_the_same_property_name_are_qualified_by_their_parents() {
    let api = naming_fixture();
    assert_eq!(field_names(&api, "SettingsLimits"), ["max_calls"]);
    assert_eq!(field_names(&api, "TriggerLimits"), ["max_runs"]);
    assert!(
        api.type_named("Limits").is_none(),
        "no type keeps the contested name"
    );
}

#[test]
fn two_different_schemas_with_one_title_get_two_names() {
    let api = naming_fixture();
    assert_eq!(field_names(&api, "First"), ["x"]);
    assert_eq!(field_names(&api, "Second"), ["y"]);
}

#[test]
fn the_same_schema_in_two_operations_is_one_type() {
    let api = naming_fixture();
    let shared = api.type_named("Shared").expect("Shared");
    let files: Vec<&str> = shared.origins.iter().map(|origin| &*origin.file).collect();
    assert_eq!(files, ["ConfigureA.json", "ConfigureB.json"]);
}

#[test]
fn a_name_the_client_reserves_is_never_given_to_a_type() {
    let api = naming_fixture();
    assert!(api.type_named("Client").is_none());
    assert_eq!(field_names(&api, "ConfigureARequestClient"), ["z"]);
}

#[test]
fn untitled_replies_of_the_same_shape_stay_with_their_operations() {
    let api = naming_fixture();
    assert_eq!(field_names(&api, "ConfigureAResponse"), ["ok"]);
    assert_eq!(field_names(&api, "ConfigureBResponse"), ["ok"]);
}

#[test]
fn every_name_is_unique() {
    let api = naming_fixture();
    let mut names: Vec<&str> = api
        .types
        .iter()
        .map(|definition| definition.name.as_str())
        .collect();
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), count);
}
