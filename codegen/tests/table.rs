//! The operation table's entries: the merged input schema (parameters and body properties in
//! one object, each schema copied verbatim), what happens when a name occurs twice, the
//! success schema, and which operations are read-only.

mod common;

use codegen::ir::{Api, BodyInput, Operation};
use serde_json::{Value, json};

fn fixture(name: &str) -> (Api, Vec<Value>) {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let sources: Vec<codegen::SourceFile> = std::fs::read_dir(&folder)
        .expect("fixture folder")
        .map(|entry| entry.expect("entry").path())
        .map(|path| codegen::SourceFile {
            name: path.display().to_string(),
            contents: std::fs::read_to_string(&path).expect("read"),
        })
        .collect();
    let fragments = sources
        .iter()
        .map(|source| serde_json::from_str(&source.contents).expect("JSON"))
        .collect();
    let config = codegen::Config {
        base_url: Some("https://api.example.test/v1".to_owned()),
        ..common::example_config()
    };
    (
        codegen::build_api(&sources, &config).expect("fixture lowers"),
        fragments,
    )
}

fn operation<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|operation| operation.operation_id == id)
        .expect("operation")
}

fn fragment<'a>(fragments: &'a [Value], id: &str) -> &'a Value {
    fragments
        .iter()
        .find(|fragment| fragment["operationId"] == id)
        .expect("fragment")
}

fn input(operation: &Operation) -> Value {
    serde_json::from_str(&operation.table.input_schema).expect("input schema is JSON")
}

#[test]
fn parameters_and_body_properties_merge_into_one_object_of_verbatim_schemas() {
    let (api, fragments) = fixture("call_input");
    let create = operation(&api, "CreateWidget");
    let body = &fragment(&fragments, "CreateWidget")["requestBody"]["content"]["application/json"]
        ["schema"];
    assert_eq!(create.table.input.body, BodyInput::Merged);
    assert_eq!(
        input(create),
        json!({
            "type": "object",
            "properties": body["properties"],
            "required": ["name"],
            "additionalProperties": false,
        })
    );
    assert!(!create.table.read_only);
    assert_eq!(create.table.summary, "Create A Widget");
}

#[test]
fn a_body_property_named_like_a_parameter_puts_the_whole_body_under_body() {
    let (api, fragments) = fixture("call_input");
    let rename = operation(&api, "RenameWidget");
    let raw = fragment(&fragments, "RenameWidget");
    assert_eq!(rename.table.input.params, ["widget_id"]);
    assert_eq!(rename.table.input.body, BodyInput::Whole("body".to_owned()));
    assert_eq!(
        input(rename),
        json!({
            "type": "object",
            "properties": {
                "widget_id": raw["parameters"][0]["schema"],
                "body": raw["requestBody"]["content"]["application/json"]["schema"],
            },
            "required": ["widget_id", "body"],
            "additionalProperties": false,
        })
    );
    // `204` without a body: no output schema.
    assert_eq!(rename.table.output_schema, None);
}

#[test]
fn a_taken_name_gets_its_location_or_an_underscore() {
    let (api, fragments) = fixture("call_input");
    let get = operation(&api, "GetWidget");
    assert_eq!(get.table.input.params, ["widget_id", "id", "header_id"]);
    assert_eq!(get.table.input.body, BodyInput::None);
    assert!(get.table.read_only);
    assert_eq!(get.table.description, "Reads one widget.");
    let raw = fragment(&fragments, "GetWidget");
    assert_eq!(
        serde_json::from_str::<Value>(get.table.output_schema.as_deref().expect("output"))
            .expect("JSON"),
        raw["responses"]["200"]["content"]["application/json"]["schema"]
    );

    let tag = operation(&api, "TagWidgets");
    assert_eq!(tag.table.input.params, ["body"]);
    assert_eq!(tag.table.input.body, BodyInput::Whole("body_".to_owned()));
    assert_eq!(input(&tag.clone())["required"], json!(["body", "body_"]));
}

#[test]
fn revcent_tools_take_parameters_and_body_properties_side_by_side() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let path = root.join("TriggerAIVoiceAgent.json");
    let contents = std::fs::read_to_string(&path).expect("spec");
    let raw: Value = serde_json::from_str(&contents).expect("JSON");
    let sources = vec![codegen::SourceFile {
        name: path.display().to_string(),
        contents,
    }];
    let api = codegen::build_api(&sources, &common::example_config()).expect("lowers");
    let trigger = &api.operations[0];
    let body = &raw["requestBody"]["content"]["application/json"]["schema"];
    let mut properties = serde_json::Map::new();
    properties.insert(
        "ai_voice_agent_id".to_owned(),
        raw["parameters"][0]["schema"].clone(),
    );
    properties.extend(body["properties"].as_object().expect("properties").clone());
    assert_eq!(
        input(trigger),
        json!({
            "type": "object",
            "properties": properties,
            "required": ["ai_voice_agent_id", "source_type", "item_type", "item_id"],
            "additionalProperties": false,
        })
    );
    assert_eq!(
        serde_json::from_str::<Value>(trigger.table.output_schema.as_deref().expect("output"))
            .expect("JSON"),
        raw["responses"]["200"]["content"]["application/json"]["schema"]
    );
}
