//! What `new` does with the fields the spec fixes to one value (hand-written; the generator
//! owns only `Cargo.toml` and `src/`): it sets them, the value is sent, and a decoded request
//! still refuses any other value.

use serde_json::json;
use snapshot_fixed_values::types::{
    Channel, Format, ItemId, ItemType, SourceType, TriggerWorkflowRequest,
};

fn item() -> ItemId {
    ItemId::new("ItEmIdAbCdEfGhIjKlMn").expect("20 characters")
}

#[test]
fn new_sets_every_fixed_field_and_takes_the_others() {
    let request = TriggerWorkflowRequest::new(ItemType::Sale, item());
    assert_eq!(request.source_type, SourceType::Item);
    assert_eq!(request.api_version, 2);
    assert_eq!(request.format, Format::Json);
    assert_eq!(
        serde_json::to_value(&request).expect("serializes"),
        json!({
            "source_type": "item",
            "api_version": 2,
            "format": "json",
            "item_type": "sale",
            "item_id": "ItEmIdAbCdEfGhIjKlMn",
        })
    );
}

#[test]
fn an_optional_field_of_one_value_stays_optional() {
    let request = TriggerWorkflowRequest::new(ItemType::Customer, item());
    assert_eq!(request.channel, None);
    let request = request.with_channel(Channel::Email);
    assert_eq!(
        serde_json::to_value(&request).expect("serializes")["channel"],
        "email"
    );
}

#[test]
fn a_request_with_another_value_is_still_refused() {
    let mut body = serde_json::to_value(TriggerWorkflowRequest::new(ItemType::Sale, item()))
        .expect("serializes");
    body["api_version"] = json!(3);
    assert!(serde_json::from_value::<TriggerWorkflowRequest>(body.clone()).is_err());
    body["api_version"] = json!(2);
    body["source_type"] = json!("sale");
    assert!(serde_json::from_value::<TriggerWorkflowRequest>(body).is_err());
}

#[test]
fn a_body_whose_required_fields_are_all_fixed_is_its_default() {
    use snapshot_fixed_values::types::PingWorkflowRequest;

    let request = PingWorkflowRequest::default();
    assert_eq!(request, PingWorkflowRequest::new());
    assert_eq!(
        serde_json::to_value(&request).expect("encodes"),
        json!({"kind": "ping"})
    );
}
