//! Tests of the runtime against wiremock servers on 127.0.0.1, with RevCent's configuration.

mod builder;
mod formats;
#[cfg(feature = "mcp")]
mod mcp;
mod offline;
mod replies;
mod requests;
mod secrets;
mod transport;
mod validation;

use serde::{Deserialize, Serialize};
use wiremock::MockServer;

use crate::runtime::{Client, Error, Request, encode_path_segment};

/// Looks like a live key; every test that prints something checks it is absent.
pub(crate) const KEY: &str = "rc_live_9f8e7d6c5b4a3210SECRETKEY";
pub(crate) const AGENT_ID: &str = "AbCdEfGhIjKlMnOpQrSt";

/// RevCent's `APIStandardErrors`, as the generator emits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ApiStandardErrors {
    pub api_call_id: Option<String>,
    pub api_call_unix: Option<i64>,
    pub code: Option<i64>,
    pub error_code: Option<String>,
    pub message: Option<String>,
    pub result: Option<String>,
}

/// A success body with `additionalProperties: false`, as RevCent declares them.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TriggerResponse {
    pub api_call_id: String,
    pub api_call_unix: i64,
    pub code: i64,
    pub result: String,
}

pub(crate) fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .build()
        .unwrap()
}

pub(crate) fn trigger_request() -> Request {
    Request::new(
        "TriggerAIVoiceAgent",
        reqwest::Method::POST,
        format!("ai_voice_agents/{}/trigger", encode_path_segment(AGENT_ID)),
    )
    .json_body(&serde_json::json!({"item_type": "customer", "item_id": "CuStOmErIdXxXxXxXxXx"}))
}

pub(crate) async fn trigger(client: &Client) -> Result<TriggerResponse, Error<ApiStandardErrors>> {
    client.execute(trigger_request()).await
}

pub(crate) fn success_body() -> serde_json::Value {
    serde_json::json!({
        "api_call_id": "ApIcAlLiDxXxXxXxXxXx",
        "api_call_unix": 1_700_000_000,
        "code": 1,
        "result": "AI voice agent triggered",
    })
}

pub(crate) fn error_body(code: i64) -> serde_json::Value {
    serde_json::json!({
        "api_call_id": "ApIcAlLiDyYyYyYyYyYy",
        "api_call_unix": 1_700_000_001,
        "code": code,
        "error_code": "ai_voice_agent_not_triggerable",
        "message": "The AI voice agent is not set to trigger on demand.",
        "result": "failed",
    })
}

/// Asserts that a printed value contains neither the key nor a recognisable part of it.
pub(crate) fn assert_no_key(printed: &str) {
    assert!(!printed.contains(KEY), "key leaked: {printed}");
    assert!(
        !printed.contains("SECRETKEY"),
        "part of key leaked: {printed}"
    );
}
