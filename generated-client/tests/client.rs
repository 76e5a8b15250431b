//! The generated client against a mock RevCent on 127.0.0.1: what each operation sends, and
//! what each kind of reply becomes.

use revcent::types::{
    AiAssistantId, AiVoiceAgentId, ApiStandardErrors, EditAiVoiceAgentRequest, ItemId, ItemType,
    Message, Role, Settings, TriggerAiAssistantRequest, TriggerAiVoiceAgentRequest,
};
use revcent::{Client, Error, StatusCode, UnexpectedKind};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "live_SECRET-api-key-0123456789";
const AGENT: &str = "AgEnTiDaBcDeFgHiJkLm";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .build()
        .expect("client")
}

fn agent() -> AiVoiceAgentId {
    AiVoiceAgentId::new(AGENT).expect("20 characters")
}

fn trigger_body() -> TriggerAiVoiceAgentRequest {
    TriggerAiVoiceAgentRequest::new(
        ItemType::Customer,
        ItemId::new("CuStOmErIdXxXxXxXxXx").expect("20 characters"),
    )
}

fn success(extra: serde_json::Value) -> serde_json::Value {
    let mut body =
        json!({"api_call_id": "ApIcAlLiDxXxXxXxXxXx", "api_call_unix": 1_700_000_000, "code": 1});
    body.as_object_mut()
        .expect("object")
        .extend(extra.as_object().expect("object").clone());
    body
}

fn api_error_body(code: i64) -> serde_json::Value {
    json!({
        "api_call_id": "ApIcAlLiDxXxXxXxXxXx",
        "api_call_unix": 1_700_000_000,
        "code": code,
        "error_code": "ai_voice_agent_not_triggerable",
        "message": "The AI voice agent is not set to trigger on demand.",
        "result": "failed"
    })
}

/// Mounts one expected call that answers `reply`, and checks it arrived exactly once.
async fn serve(server: &MockServer, route: &str, reply: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(reply)
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn trigger_ai_voice_agent_sends_the_exact_request_and_reads_the_reply() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/ai_voice_agents/{AGENT}/trigger")))
        .and(header("x-api-key", KEY))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"source_type": "item", "item_type": "customer", "item_id": "CuStOmErIdXxXxXxXxXx"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(success(json!({
            "ai_voice_call_id": "VoIcEcAlLiDxXxXxXxXx",
            "ai_voice_agent_id": AGENT,
            "customer_id": "CuStOmErIdXxXxXxXxXx",
            "result": "Call queued"
        }))))
        .expect(1)
        .mount(&server)
        .await;

    let reply = client(&server)
        .trigger_ai_voice_agent(&agent(), &trigger_body())
        .await
        .expect("success");

    assert_eq!(
        reply.ai_voice_call_id.expect("call id").as_str(),
        "VoIcEcAlLiDxXxXxXxXx"
    );
    assert_eq!(reply.code, Some(1));
}

#[tokio::test]
async fn trigger_ai_assistant_sends_only_the_fields_set() {
    let server = MockServer::start().await;
    let assistant = AiAssistantId::new("AsSiStAnTiDxXxXxXxXx").expect("20 characters");
    Mock::given(method("POST"))
        .and(path("/ai_assistants/AsSiStAnTiDxXxXxXxXx/trigger"))
        .and(header("x-api-key", KEY))
        .and(body_json(
            json!({"messages": [{"role": "user", "content": "Summarise the last sale."}]}),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(success(json!({"ai_thread_id": "ThReAdIdXxXxXxXxXxXx"}))),
        )
        .expect(1)
        .mount(&server)
        .await;

    let body = TriggerAiAssistantRequest::default().with_messages(vec![
        Message::default()
            .with_role(Role::User)
            .with_content("Summarise the last sale.".to_owned()),
    ]);
    let reply = client(&server)
        .trigger_ai_assistant(&assistant, &body)
        .await
        .expect("success");
    assert_eq!(
        reply.ai_thread_id.expect("thread").as_str(),
        "ThReAdIdXxXxXxXxXxXx"
    );
}

#[tokio::test]
async fn edit_ai_voice_agent_is_a_partial_update_and_sends_empty_arrays() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/ai_voice_agents/{AGENT}")))
        .and(body_json(
            json!({"name": "Renamed", "settings": {"system_actions": []}}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(success(json!({"ai_voice_agent_id": AGENT}))),
        )
        .expect(1)
        .mount(&server)
        .await;

    let body = EditAiVoiceAgentRequest::default()
        .with_name("Renamed".to_owned())
        .with_settings(Settings::default().with_system_actions(Vec::new()));
    let reply = client(&server)
        .edit_ai_voice_agent(&agent(), &body)
        .await
        .expect("success");
    assert_eq!(reply.ai_voice_agent_id.expect("id").as_str(), AGENT);
}

#[tokio::test]
async fn an_http_200_with_code_0_is_the_typed_api_error() {
    let server = MockServer::start().await;
    serve(
        &server,
        &format!("/ai_voice_agents/{AGENT}/trigger"),
        ResponseTemplate::new(200).set_body_json(api_error_body(0)),
    )
    .await;

    let error = client(&server)
        .trigger_ai_voice_agent(&agent(), &trigger_body())
        .await
        .expect_err("code 0 is an error");

    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.status(), StatusCode::OK);
    assert_eq!(api.operation_id(), "TriggerAIVoiceAgent");
    let body: &ApiStandardErrors = api.body();
    assert_eq!(
        body.error_code.as_deref(),
        Some("ai_voice_agent_not_triggerable")
    );
    assert_eq!(body.result.as_deref(), Some("failed"));
    assert_eq!(
        body.api_call_id.as_ref().map(|id| id.as_str()),
        Some("ApIcAlLiDxXxXxXxXxXx")
    );
    assert_eq!(body.api_call_unix, Some(1_700_000_000));
    let message = error.to_string();
    assert!(message.contains("TriggerAIVoiceAgent"), "{message}");
    assert!(
        message.contains("The AI voice agent is not set to trigger on demand."),
        "{message}"
    );
}

#[tokio::test]
async fn any_code_other_than_1_and_any_error_status_is_the_api_error() {
    for (status, code) in [(200, 7), (400, 0), (404, 0), (500, 0)] {
        let server = MockServer::start().await;
        serve(
            &server,
            &format!("/ai_voice_agents/{AGENT}/trigger"),
            ResponseTemplate::new(status).set_body_json(api_error_body(code)),
        )
        .await;
        let error = client(&server)
            .trigger_ai_voice_agent(&agent(), &trigger_body())
            .await
            .expect_err("an error");
        match &error {
            Error::Api(api) => {
                assert_eq!(api.status().as_u16(), status);
                assert_eq!(api.body().code, Some(code));
            }
            other => panic!("HTTP {status} code {code}: expected an API error, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn replies_that_are_not_what_the_spec_describes_are_unexpected_with_status_type_and_body() {
    let route = format!("/ai_voice_agents/{AGENT}/trigger");
    let cases = [
        (
            ResponseTemplate::new(502)
                .set_body_raw("<html><body>Bad gateway</body></html>", "text/html"),
            UnexpectedKind::NotJson,
            Some("Bad gateway"),
        ),
        (ResponseTemplate::new(503), UnexpectedKind::EmptyBody, None),
        (
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"code": 1, "api_call_id": "#, "application/json"),
            UnexpectedKind::InvalidJson,
            Some("api_call_id"),
        ),
        (
            ResponseTemplate::new(200).set_body_raw("ok", "text/plain"),
            UnexpectedKind::NotJson,
            Some("ok"),
        ),
        (
            ResponseTemplate::new(200).set_body_json(json!({"code": 1, "ai_voice_call_id": 42})),
            UnexpectedKind::SuccessBodyMismatch,
            Some("42"),
        ),
        (
            ResponseTemplate::new(500).set_body_json(json!(["not", "an", "error", "body"])),
            UnexpectedKind::ErrorBodyMismatch,
            Some("error"),
        ),
    ];
    for (reply, kind, body_excerpt) in cases {
        let server = MockServer::start().await;
        serve(&server, &route, reply).await;
        let error = client(&server)
            .trigger_ai_voice_agent(&agent(), &trigger_body())
            .await
            .expect_err("unexpected reply");
        let Error::UnexpectedResponse(unexpected) = &error else {
            panic!("expected an unexpected-reply error for {kind:?}, got {error:?}");
        };
        assert_eq!(unexpected.kind(), kind);
        if let Some(excerpt) = body_excerpt {
            assert!(
                unexpected.body_prefix().contains(excerpt),
                "{kind:?}: {:?}",
                unexpected.body_prefix()
            );
        }
        let message = error.to_string();
        assert!(message.contains("TriggerAIVoiceAgent"), "{message}");
        assert!(
            !message.contains("invalid type"),
            "serde's bare message leaked: {message}"
        );
    }
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_with_its_source() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://{address}"))
        .build()
        .expect("client");

    let error = client
        .trigger_ai_voice_agent(&agent(), &trigger_body())
        .await
        .expect_err("nothing listens");

    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn unknown_reply_fields_and_ids_of_any_length_are_accepted() {
    let server = MockServer::start().await;
    serve(
        &server,
        &format!("/ai_voice_agents/{AGENT}/trigger"),
        ResponseTemplate::new(200).set_body_json(
            json!({"code": 1, "ai_voice_call_id": "short", "added_later": {"x": 1}}),
        ),
    )
    .await;
    let reply = client(&server)
        .trigger_ai_voice_agent(&agent(), &trigger_body())
        .await
        .expect("lenient");
    assert_eq!(reply.ai_voice_call_id.expect("id").as_str(), "short");
}

#[tokio::test]
async fn path_ids_are_percent_encoded() {
    let server = MockServer::start().await;
    // 20 characters, with ones that would change the URL's structure if sent raw.
    let awkward = AiVoiceAgentId::new("a/b?c#d e%f..ghijklm").expect("20 characters");
    serve(
        &server,
        "/ai_voice_agents/a%2Fb%3Fc%23d%20e%25f..ghijklm/trigger",
        ResponseTemplate::new(200).set_body_json(success(json!({}))),
    )
    .await;
    client(&server)
        .trigger_ai_voice_agent(&awkward, &trigger_body())
        .await
        .expect("the encoded path was matched");
}

#[tokio::test]
async fn the_api_key_appears_in_no_debug_or_display_output() {
    let server = MockServer::start().await;
    serve(
        &server,
        &format!("/ai_voice_agents/{AGENT}/trigger"),
        ResponseTemplate::new(401).set_body_json(api_error_body(0)),
    )
    .await;
    let client = client(&server);
    let error = client
        .trigger_ai_voice_agent(&agent(), &trigger_body())
        .await
        .expect_err("401");

    let mut printed = vec![
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
    ];
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        printed.push(cause.to_string());
        printed.push(format!("{cause:?}"));
        source = cause.source();
    }
    printed.push(format!("{:?}", Client::builder().api_key(KEY)));
    for text in printed {
        assert!(!text.contains(KEY), "the key leaked: {text}");
    }
}

#[test]
fn an_invalid_id_is_refused_before_anything_is_sent() {
    let error = AiVoiceAgentId::new("too-short").expect_err("9 characters");
    assert_eq!(
        error.to_string(),
        "invalid AiVoiceAgentId: expected exactly 20 characters, got 9"
    );
    let as_call_error: Error = error.into();
    assert!(matches!(as_call_error, Error::InvalidRequest(_)));
}

#[test]
fn errors_are_send_sync_and_static() {
    fn assert_bounds<T: Send + Sync + 'static + std::error::Error>() {}
    assert_bounds::<Error>();
    assert_bounds::<revcent::InvalidValue>();
}
