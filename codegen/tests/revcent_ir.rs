//! The IR of RevCent's real fragments: what types exist, what they are called, what they share.
//! Tested on the IR, not on tokens, so a formatting change cannot hide a modelling change.

mod common;

use codegen::ir::{Api, TypeDef, TypeKind, TypeRef};

fn api() -> Api {
    codegen::build_api(&common::revcent_sources(), &common::example_config())
        .expect("RevCent's fragments lower")
}

fn named<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.type_named(name)
        .unwrap_or_else(|| panic!("no type `{name}`; types: {:?}", type_names(api)))
}

fn type_names(api: &Api) -> Vec<&str> {
    api.types
        .iter()
        .map(|definition| definition.name.as_str())
        .collect()
}

fn variants(definition: &TypeDef) -> Vec<(&str, &str)> {
    match &definition.kind {
        TypeKind::Enum(enumeration) => enumeration
            .variants
            .iter()
            .map(|variant| (variant.wire.as_str(), variant.rust_name.as_str()))
            .collect(),
        other => panic!("`{}` is not an enum: {other:?}", definition.name),
    }
}

#[test]
fn operations_are_sorted_and_named_from_their_operation_id() {
    let api = api();
    let names: Vec<(&str, &str)> = api
        .operations
        .iter()
        .map(|operation| (operation.operation_id.as_str(), operation.fn_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("EditAIVoiceAgent", "edit_ai_voice_agent"),
            ("TriggerAIAssistant", "trigger_ai_assistant"),
            ("TriggerAIVoiceAgent", "trigger_ai_voice_agent"),
        ]
    );
    assert_eq!(
        api.operations[2].path_template,
        "/ai_voice_agents/{ai_voice_agent_id}/trigger"
    );
}

#[test]
fn the_account_event_notation_enum_has_all_94_values() {
    let api = api();
    let notation = variants(named(&api, "Notation"));
    assert_eq!(notation.len(), 94);
    assert!(notation.contains(&(
        "sale.created.success.paid.is_upsell",
        "SaleCreatedSuccessPaidIsUpsell"
    )));
    assert!(notation.contains(&("ai_memo.created", "AiMemoCreated")));
}

#[test]
fn the_system_actions_enum_has_all_37_values_with_acronyms_cased() {
    let api = api();
    let actions = variants(named(&api, "SystemAction"));
    assert_eq!(actions.len(), 37);
    assert!(actions.contains(&("SendSMTPMessage", "SendSmtpMessage")));
    assert!(actions.contains(&("GetPayPalTransaction", "GetPayPalTransaction")));
}

#[test]
fn item_type_is_one_type_shared_by_both_trigger_operations() {
    let api = api();
    let item_type = named(&api, "ItemType");
    assert_eq!(variants(item_type).len(), 10);
    let files: Vec<&str> = item_type
        .origins
        .iter()
        .map(|origin| &*origin.file)
        .collect();
    assert_eq!(
        files,
        [
            "specs/TriggerAIAssistant.json",
            "specs/TriggerAIVoiceAgent.json"
        ]
    );
}

#[test]
fn every_distinct_id_is_one_validated_newtype() {
    let api = api();
    for name in [
        "AiVoiceAgentId",
        "AiAssistantId",
        "AiThreadId",
        "AiVoiceCallId",
        "CustomerId",
        "CampaignId",
        "ApiCallId",
        "ItemId",
        "PreAgentFunction",
        "FilterFunction",
    ] {
        assert!(
            matches!(named(&api, name).kind, TypeKind::Newtype(_)),
            "`{name}` should be a newtype"
        );
    }
    let agent_id = named(&api, "AiVoiceAgentId");
    // Path parameter of two operations and a reply field: one type for all three places.
    assert_eq!(agent_id.origins.len(), 4, "{:?}", agent_id.origins);
    assert!(agent_id.usage.request && agent_id.usage.response);
}

#[test]
fn the_error_body_is_one_type_shared_by_all_operations() {
    let api = api();
    let errors = named(&api, "ApiStandardErrors");
    let TypeKind::Struct(structure) = &errors.kind else {
        panic!("struct expected");
    };
    let fields: Vec<&str> = structure
        .fields
        .iter()
        .map(|field| field.wire_name.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "api_call_id",
            "api_call_unix",
            "code",
            "error_code",
            "message",
            "result"
        ]
    );
    for operation in &api.operations {
        assert!(
            matches!(&operation.error, TypeRef::Named(id) if api.get(*id).name == "ApiStandardErrors")
        );
    }
    assert!(errors.docs.starts_with(
        "The error reply of [`EditAIVoiceAgent`](crate::Client::edit_ai_voice_agent), \
         [`TriggerAIAssistant`](crate::Client::trigger_ai_assistant) and \
         [`TriggerAIVoiceAgent`](crate::Client::trigger_ai_voice_agent)."
    ));
}

#[test]
fn two_different_limits_objects_get_two_names() {
    let api = api();
    let settings_limits = named(&api, "SettingsLimits");
    let trigger_limits = named(&api, "TriggerSettingsLimits");
    assert_ne!(settings_limits.origins, trigger_limits.origins);
    assert!(api.type_named("Limits").is_none());
}

#[test]
fn only_enums_that_occur_in_replies_keep_unknown_values() {
    let api = api();
    for definition in &api.types {
        if let TypeKind::Enum(enumeration) = &definition.kind {
            assert_eq!(
                enumeration.catch_all.is_some(),
                definition.usage.response,
                "{}",
                definition.name
            );
        }
    }
}

#[test]
fn one_value_integer_enums_stay_integers_and_keep_their_value() {
    let api = api();
    let errors = named(&api, "ApiStandardErrors");
    let TypeKind::Struct(structure) = &errors.kind else {
        panic!("struct expected");
    };
    let code = structure
        .fields
        .iter()
        .find(|field| field.wire_name == "code")
        .expect("code");
    let TypeRef::Integer(integer) = &code.ty else {
        panic!("integer expected, got {:?}", code.ty);
    };
    let numeric = &integer.constraints;
    assert_eq!(numeric.allowed.as_deref().map(<[_]>::len), Some(1));
    assert_eq!(
        numeric.allowed.as_ref().map(|values| values[0].to_string()),
        Some("0".to_owned())
    );
}

#[test]
fn operation_schemas_are_kept_verbatim() {
    let api = api();
    let trigger = &api.operations[2];
    let body: serde_json::Value = serde_json::from_str(
        trigger
            .schemas
            .request_body
            .as_deref()
            .expect("body schema"),
    )
    .expect("the body schema is JSON text");
    assert_eq!(
        body.get("required"),
        Some(&serde_json::json!(["source_type", "item_type", "item_id"]))
    );
    let statuses: Vec<&str> = trigger
        .schemas
        .responses
        .iter()
        .map(|response| response.status.as_str())
        .collect();
    assert_eq!(statuses, ["200", "default"]);
}
