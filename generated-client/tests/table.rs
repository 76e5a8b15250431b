//! The operation table: sorted, found by binary search, and its schemas are JSON.

use revcent::table::{OPERATIONS, operation};

#[test]
fn the_table_is_sorted_and_every_operation_is_found_by_its_id() {
    assert_eq!(OPERATIONS.len(), 3);
    assert!(
        OPERATIONS
            .windows(2)
            .all(|pair| pair[0].operation_id < pair[1].operation_id)
    );
    for entry in OPERATIONS {
        let found = operation(entry.operation_id).expect("found");
        assert!(std::ptr::eq(found, entry));
        let input = entry.input_schema_json().expect("input schema is JSON");
        assert_eq!(input["type"], "object");
        assert!(entry.output_schema_json().expect("JSON").is_some());
    }
    assert!(operation("NoSuchOperation").is_none());
    assert!(operation("").is_none());
}

#[test]
fn trigger_ai_voice_agent_is_a_write_with_its_parameters_beside_its_body() {
    let trigger = operation("TriggerAIVoiceAgent").expect("found");
    assert_eq!(trigger.method, "POST");
    assert_eq!(trigger.path, "/ai_voice_agents/{ai_voice_agent_id}/trigger");
    assert!(!trigger.read_only);
    assert_eq!(trigger.summary, "Trigger An AI Voice Agent");
    let input = trigger.input_schema_json().expect("JSON");
    let names: Vec<&str> = input["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        names,
        ["ai_voice_agent_id", "source_type", "item_type", "item_id"]
    );
    assert_eq!(input["properties"]["item_id"]["minLength"], 20);
}
