//! `Client::call`: every operation called by its id with one JSON object, against a RevCent
//! stand-in on 127.0.0.1; inputs the operation refuses never reach the server.

use revcent::{Client, Error};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AGENT: &str = "AgEnTiDaBcDeFgHiJkLm";
const ASSISTANT: &str = "AsSiStAnTiDxXxXxXxXx";
const ITEM: &str = "CuStOmErIdXxXxXxXxXx";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(server.uri())
        .build()
        .expect("client")
}

async fn answering(method_name: &str, route: String, sent: Value, reply: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(method_name))
        .and(path(route))
        .and(header("x-api-key", "test-key"))
        .and(body_json(sent))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply))
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// A stand-in that must never be called.
async fn untouched() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn trigger_ai_voice_agent_splits_its_input_into_path_and_body() {
    let reply = json!({"code": 1, "ai_voice_call_id": "VoIcEcAlLiDxXxXxXxXx", "result": "ok"});
    let server = answering(
        "POST",
        format!("/ai_voice_agents/{AGENT}/trigger"),
        json!({"source_type": "item", "item_type": "customer", "item_id": ITEM}),
        reply.clone(),
    )
    .await;
    let got = client(&server)
        .call(
            "TriggerAIVoiceAgent",
            json!({"ai_voice_agent_id": AGENT, "source_type": "item", "item_type": "customer", "item_id": ITEM}),
        )
        .await
        .expect("success");
    assert_eq!(got, reply);
}

#[tokio::test]
async fn edit_ai_voice_agent_sends_only_the_properties_given() {
    let server = answering(
        "POST",
        format!("/ai_voice_agents/{AGENT}"),
        json!({"name": "Front desk", "enabled": false}),
        json!({"code": 1, "ai_voice_agent_id": AGENT}),
    )
    .await;
    let got = client(&server)
        .call(
            "EditAIVoiceAgent",
            json!({"ai_voice_agent_id": AGENT, "name": "Front desk", "enabled": false}),
        )
        .await
        .expect("success");
    assert_eq!(got["ai_voice_agent_id"], AGENT);
}

#[tokio::test]
async fn trigger_ai_assistant_is_called_through_the_table_too() {
    let server = answering(
        "POST",
        format!("/ai_assistants/{ASSISTANT}/trigger"),
        json!({"source_type": "item", "item_type": "sale", "item_id": ITEM}),
        json!({"code": 1}),
    )
    .await;
    let got = client(&server)
        .call(
            "TriggerAIAssistant",
            json!({"ai_assistant_id": ASSISTANT, "source_type": "item", "item_type": "sale", "item_id": ITEM}),
        )
        .await
        .expect("success");
    assert_eq!(got["code"], 1);
}

#[tokio::test]
async fn an_api_error_comes_back_with_its_body_as_json() {
    let server = answering(
        "POST",
        format!("/ai_voice_agents/{AGENT}"),
        json!({"name": "x"}),
        json!({"code": 0, "message": "AI Voice Agent not found"}),
    )
    .await;
    let error = client(&server)
        .call(
            "EditAIVoiceAgent",
            json!({"ai_voice_agent_id": AGENT, "name": "x"}),
        )
        .await
        .expect_err("code 0 is an error");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error}")
    };
    assert_eq!(api.body()["message"], "AI Voice Agent not found");
    assert_eq!(error.operation_id(), Some("EditAIVoiceAgent"));
}

/// The refusal of `input` by `operation_id`: its field and message.
async fn refused(operation_id: &str, input: Value) -> (String, String) {
    let server = untouched().await;
    let error = client(&server)
        .call(operation_id, input)
        .await
        .expect_err("refused");
    let Error::InvalidRequest(invalid) = &error else {
        panic!("expected an invalid request, got {error}")
    };
    let message = error.to_string();
    assert!(message.contains("nothing was sent"), "{message}");
    (
        invalid.input_field().unwrap_or("<none>").to_owned(),
        message,
    )
}

#[tokio::test]
async fn refused_inputs_name_the_field_and_the_rule_and_never_reach_the_server() {
    let valid = json!({"ai_voice_agent_id": AGENT, "source_type": "item", "item_type": "customer", "item_id": ITEM});
    let with = |key: &str, value: Value| {
        let mut input = valid.clone();
        input[key] = value;
        input
    };
    let without = |key: &str| {
        let mut input = valid.clone();
        input.as_object_mut().expect("object").remove(key);
        input
    };

    let (field, message) = refused("TriggerAIVoiceAgent", without("item_id")).await;
    assert_eq!(field, "", "{message}");
    assert!(message.contains("missing field `item_id`"), "{message}");

    let (field, message) = refused("TriggerAIVoiceAgent", without("ai_voice_agent_id")).await;
    assert_eq!(field, "ai_voice_agent_id", "{message}");
    assert!(message.contains("missing required field"), "{message}");

    let (field, message) = refused(
        "TriggerAIVoiceAgent",
        with("ai_voice_agent_id", json!("short")),
    )
    .await;
    assert_eq!(field, "ai_voice_agent_id", "{message}");
    assert!(message.contains("20"), "{message}");

    // A strictly decoded body checks its fields in its own decoder, which says where.
    let (field, message) = refused("TriggerAIVoiceAgent", with("item_id", json!("short"))).await;
    assert_eq!(field, "item_id", "{message}");
    assert!(message.contains("ItemId"), "{message}");
    assert!(message.contains("20"), "{message}");

    let (field, message) = refused("TriggerAIVoiceAgent", with("item_type", json!("planet"))).await;
    assert_eq!(field, "item_type", "{message}");
    assert!(message.contains("ItemType"), "{message}");

    let (field, message) = refused("TriggerAIVoiceAgent", with("unexpected", json!(1))).await;
    assert!(message.contains("unexpected"), "{field}: {message}");

    let (field, message) = refused("TriggerAIVoiceAgent", json!([AGENT])).await;
    assert_eq!(field, "", "{message}");
    assert!(message.contains("JSON object"), "{message}");

    let (field, message) = refused(
        "EditAIVoiceAgent",
        json!({"ai_voice_agent_id": AGENT, "pre_agent_function": "far too long for an id"}),
    )
    .await;
    assert_eq!(field, "pre_agent_function", "{message}");
    assert!(message.contains("PreAgentFunctionId"), "{message}");
}

#[tokio::test]
async fn an_unknown_operation_is_refused_before_anything_is_sent() {
    let server = untouched().await;
    let error = client(&server)
        .call("DeleteEverything", json!({}))
        .await
        .expect_err("refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error}");
    assert!(error.to_string().contains("DeleteEverything"), "{error}");
}
