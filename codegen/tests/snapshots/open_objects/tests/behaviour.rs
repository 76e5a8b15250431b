//! `additionalProperties: true` keeps the properties an object does not list, both ways
//! (hand-written; the generator owns only `Cargo.toml` and `src/`).

use snapshot_open_objects::types::{TagThingRequest, TagThingResponse};

#[test]
fn unlisted_properties_of_a_request_survive_a_round_trip() {
    let wire = serde_json::json!({"name": "lamp", "colour": "red", "watts": 40});
    let request: TagThingRequest = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(request.name, "lamp");
    assert_eq!(
        request.additional_properties["watts"],
        serde_json::json!(40)
    );
    assert_eq!(serde_json::to_value(&request).expect("encodes"), wire);
}

#[test]
fn unlisted_properties_of_a_reply_are_kept() {
    let reply: TagThingResponse =
        serde_json::from_str(r#"{"code": 1, "tags": {"a": 1}, "next": "x"}"#).expect("decodes");
    assert_eq!(reply.additional_properties["next"], serde_json::json!("x"));
    assert_eq!(
        reply.tags.expect("tags")["a"],
        serde_json::json!(1),
        "a free-form object stays a JSON map"
    );
}
