//! The generated types agree with RevCent's fragments: what they serialize is accepted by the
//! request body's JSON Schema, and bodies written to the response schemas deserialize.
//! Checked with a JSON Schema validator against the fragments in `specs/`, not by eye.

use revcent::types::{
    AccountEvent, AccountEventNotation, ActiveWindow, AiThreadId, ApiStandardErrors, CallMethod,
    CampaignId, EditAiVoiceAgentRequest, EditAiVoiceAgentResponse, FilterFunctionId, Filters,
    Instructions, ItemId, ItemType, Message, MetadataFilter, MinTimeUnit, PreAgentFunctionId,
    PreviousAiThread, Role, Settings, SettingsLimits, SourceType, SystemAction,
    ThirdPartyIntegrationAiId, ThirdPartyIntegrationVoiceId, TimeUnit, Trigger,
    TriggerAiAssistantRequest, TriggerAiAssistantResponse, TriggerAiVoiceAgentRequest,
    TriggerAiVoiceAgentResponse, TriggerSettings, TriggerSettingsLimits, Voice,
};
use serde_json::{Value, json};

/// The fragment `name` from `specs/`.
fn fragment(name: &str) -> Value {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../specs/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("fragment")).expect("JSON")
}

fn schema_at<'a>(fragment: &'a Value, pointer: &str) -> &'a Value {
    fragment
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no schema at {pointer}"))
}

/// Fails with every validation error when `instance` does not satisfy `schema`.
fn assert_valid(schema: &Value, instance: &Value) {
    let validator = jsonschema::validator_for(schema).expect("the fragment's schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{instance:#}\nis rejected by its schema:\n{}",
        errors.join("\n")
    );
}

const REQUEST: &str = "/requestBody/content/application~1json/schema";
const SUCCESS: &str = "/responses/200/content/application~1json/schema";
const ERROR: &str = "/responses/default/content/application~1json/schema";

fn id(character: char) -> String {
    std::iter::repeat_n(character, 20).collect()
}

/// Every field of the edit request set, with every notation and every system action used.
fn full_edit(notation: AccountEventNotation) -> EditAiVoiceAgentRequest {
    let filters = Filters::new()
        .with_campaign_filter(vec![CampaignId::new(id('c')).expect("20 characters")])
        .with_status_filter(vec!["declined".to_owned()])
        .with_metadata_filter(vec![MetadataFilter::new(
            "source".to_owned(),
            "web".to_owned(),
        )]);
    let account_event = AccountEvent::new()
        .with_notation(notation)
        .with_delay_enabled(true)
        .with_time_value(30)
        .with_time_unit(TimeUnit::Minutes)
        .with_filters(filters)
        .with_filter_function(FilterFunctionId::new(id('f')).expect("20 characters"));
    let trigger_settings = TriggerSettings::new()
        .with_trigger(Trigger::AccountEvent)
        .with_account_event(account_event)
        .with_limits(
            TriggerSettingsLimits::new()
                .with_max_calls_per_item(2)
                .with_min_time_value(1)
                .with_min_time_unit(MinTimeUnit::Days),
        );
    let settings = Settings::new()
        .with_voice(Voice::Cedar)
        .with_instructions(
            Instructions::new().with_markdown("# Hello {{customer.first_name}}".to_owned()),
        )
        .with_limits(
            SettingsLimits::new()
                .with_max_outbound_calls_per_customer(1)
                .with_max_calls_per_day(0)
                .with_max_duration(15),
        )
        .with_system_actions(SystemAction::ALL.to_vec())
        .with_active_window(
            ActiveWindow::new()
                .with_enabled(true)
                .with_start_hour(9)
                .with_end_hour(17)
                .with_timezone("America/New_York".to_owned())
                .with_inactive_forward_number(String::new()),
        )
        .with_trigger_settings(trigger_settings);
    EditAiVoiceAgentRequest::new()
        .with_name("Recovery agent".to_owned())
        .with_description("Calls customers whose sale failed".to_owned())
        .with_enabled(true)
        .with_call_method(CallMethod::Outbound)
        .with_pre_agent_function(PreAgentFunctionId::new("").expect("empty removes the function"))
        .with_settings(settings)
        .with_third_party_integration_ai(
            ThirdPartyIntegrationAiId::new(id('a')).expect("20 characters"),
        )
        .with_third_party_integration_voice(
            ThirdPartyIntegrationVoiceId::new(id('v')).expect("20 characters"),
        )
}

#[test]
fn a_full_edit_request_with_every_notation_is_accepted_by_its_schema() {
    let fragment = fragment("EditAIVoiceAgent");
    let schema = schema_at(&fragment, REQUEST);
    assert_eq!(AccountEventNotation::ALL.len(), 94);
    for notation in AccountEventNotation::ALL {
        assert_valid(
            schema,
            &serde_json::to_value(full_edit(notation)).expect("serializes"),
        );
    }
}

#[test]
fn a_partial_edit_sends_only_the_fields_set() {
    let fragment = fragment("EditAIVoiceAgent");
    let request = EditAiVoiceAgentRequest::new().with_name("New name".to_owned());
    let body = serde_json::to_value(&request).expect("serializes");
    assert_eq!(body, json!({"name": "New name"}));
    assert_valid(schema_at(&fragment, REQUEST), &body);
}

#[test]
fn an_empty_array_is_sent_as_an_empty_array() {
    let fragment = fragment("EditAIVoiceAgent");
    let request = EditAiVoiceAgentRequest::new()
        .with_settings(Settings::new().with_system_actions(Vec::new()));
    let body = serde_json::to_value(&request).expect("serializes");
    assert_eq!(body, json!({"settings": {"system_actions": []}}));
    assert_valid(schema_at(&fragment, REQUEST), &body);
}

#[test]
fn trigger_requests_are_accepted_by_their_schemas() {
    let voice = fragment("TriggerAIVoiceAgent");
    for item_type in ItemType::ALL {
        // `source_type` is fixed by the spec ("Must equal 'item'"): `new` sets it.
        let request = TriggerAiVoiceAgentRequest::new(
            item_type,
            ItemId::new(id('i')).expect("20 characters"),
        );
        assert_valid(
            schema_at(&voice, REQUEST),
            &serde_json::to_value(&request).expect("serializes"),
        );
    }

    let assistant = fragment("TriggerAIAssistant");
    let request = TriggerAiAssistantRequest::new()
        .with_source_type(SourceType::Item)
        .with_item_type(ItemType::SubscriptionRenewal)
        .with_item_id(ItemId::new(id('i')).expect("20 characters"))
        .with_previous_ai_thread(
            PreviousAiThread::new()
                .with_ai_thread_id(AiThreadId::new(id('t')).expect("20 characters"))
                .with_include_messages(false),
        )
        .with_messages(vec![
            Message::new()
                .with_role(Role::System)
                .with_content("You are terse.".to_owned()),
            Message::new()
                .with_role(Role::User)
                .with_content("Summarise this sale.".to_owned()),
        ]);
    assert_valid(
        schema_at(&assistant, REQUEST),
        &serde_json::to_value(&request).expect("serializes"),
    );
    assert_valid(
        schema_at(&assistant, REQUEST),
        &serde_json::to_value(TriggerAiAssistantRequest::default()).expect("serializes"),
    );
}

#[test]
fn values_the_spec_does_not_allow_cannot_be_built() {
    let error = ItemId::new("too short").expect_err("9 characters");
    assert_eq!(
        error.to_string(),
        "invalid ItemId: expected exactly 20 characters, got 9"
    );
    assert!(PreAgentFunctionId::new(id('x') + "y").is_err());
    let error = "ai_memo.deleted"
        .parse::<AccountEventNotation>()
        .expect_err("not listed");
    assert!(
        error.to_string().contains("AccountEventNotation"),
        "{error}"
    );
    assert_eq!(
        "sale.created.success.paid.is_upsell"
            .parse::<AccountEventNotation>()
            .ok(),
        Some(AccountEventNotation::SaleCreatedSuccessPaidIsUpsell)
    );
}

/// A reply body, first checked against its schema so the test cannot drift from the spec.
fn reply<T: serde::de::DeserializeOwned>(fragment: &Value, pointer: &str, body: &Value) -> T {
    assert_valid(schema_at(fragment, pointer), body);
    serde_json::from_value(body.clone()).expect("a body valid for its schema deserializes")
}

#[test]
fn success_and_error_bodies_of_every_operation_deserialize() {
    let call = json!({"api_call_id": id('k'), "api_call_unix": 4_102_444_800_i64, "code": 1});
    let with = |extra: Value| {
        let mut body = call.clone();
        body.as_object_mut()
            .expect("object")
            .extend(extra.as_object().expect("object").clone());
        body
    };

    let voice = fragment("TriggerAIVoiceAgent");
    let triggered: TriggerAiVoiceAgentResponse = reply(
        &voice,
        SUCCESS,
        &with(
            json!({"ai_voice_call_id": id('c'), "ai_voice_agent_id": id('a'), "customer_id": id('u'), "result": "Call queued"}),
        ),
    );
    assert_eq!(
        triggered
            .ai_voice_call_id
            .as_ref()
            .map(|id| id.as_str().len()),
        Some(20)
    );
    // A unix time after 2038 fits.
    assert_eq!(triggered.api_call_unix, Some(4_102_444_800));

    let assistant = fragment("TriggerAIAssistant");
    let started: TriggerAiAssistantResponse = reply(
        &assistant,
        SUCCESS,
        &with(json!({"ai_thread_id": id('t'), "ai_assistant_id": id('s'), "result": "ok"})),
    );
    assert_eq!(started.code, Some(1));

    let edit = fragment("EditAIVoiceAgent");
    let edited: EditAiVoiceAgentResponse = reply(
        &edit,
        SUCCESS,
        &with(json!({"ai_voice_agent_id": id('a'), "result": "ok"})),
    );
    assert_eq!(edited.result.as_deref(), Some("ok"));

    for fragment in [&voice, &assistant, &edit] {
        let error: ApiStandardErrors = reply(
            fragment,
            ERROR,
            &json!({"api_call_id": id('k'), "api_call_unix": 1_700_000_000, "code": 0, "error_code": "invalid_id", "message": "The AI Voice Agent ID is invalid.", "result": "error"}),
        );
        assert_eq!(error.error_code.as_deref(), Some("invalid_id"));
        assert_eq!(error.code, Some(0));
    }
}

#[test]
fn replies_are_read_leniently() {
    // An unlisted field, an ID of the wrong length and a missing optional field are all fine.
    let reply: TriggerAiVoiceAgentResponse = serde_json::from_value(json!({
        "ai_voice_call_id": "short",
        "brand_new_field": {"nested": true},
        "code": 1
    }))
    .expect("lenient");
    assert_eq!(
        reply
            .ai_voice_call_id
            .map(revcent::types::AiVoiceCallId::into_inner),
        Some("short".to_owned())
    );
    assert_eq!(reply.result, None);
}

#[test]
fn a_reply_is_an_object_never_an_array_read_field_by_field() {
    // serde's derived code would read `[id, time, code, …]` into the struct's fields in order.
    let error = serde_json::from_value::<TriggerAiVoiceAgentResponse>(json!([
        "ApiCallIdXxXxXxXxXxX",
        1_700_000_000,
        1
    ]))
    .expect_err("an array is not the object the spec describes");
    assert!(
        error.to_string().contains("invalid type: sequence"),
        "{error}"
    );
    let error = serde_json::from_value::<ApiStandardErrors>(json!([]))
        .expect_err("an array is not an error body either");
    assert!(
        error.to_string().contains("invalid type: sequence"),
        "{error}"
    );
}
