//! The two sides of the bench do the same work: the same request (method, URL, credential,
//! body) and the same reply read, so their times compare.

use std::sync::{Arc, Mutex};

use call_bench::baseline::{self, Baseline};
use call_bench::{KEY, answer, replies, typed};
use revcent::Client;
use serde_json::Value;

/// A client that keeps the request it is asked to send and answers it with `reply`.
fn recording(reply: &'static str) -> (Client, Arc<Mutex<Vec<revcent::runtime::reqwest::Request>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = Arc::clone(&seen);
    let client = Client::builder()
        .api_key(KEY)
        .transport(move |request| {
            let reply = answer(&request, reply);
            keep.lock().expect("not poisoned").push(request);
            reply
        })
        .build()
        .expect("client");
    (client, seen)
}

/// Checks that the typed call sent what the baseline sends, and read what it reads.
fn check<T: serde::Serialize>(
    reply: &'static str,
    typed_call: impl Fn(&Client) -> Result<T, Box<dyn std::error::Error>>,
    baseline_parts: (String, Value),
    baseline_call: impl Fn(&Baseline, &str) -> Result<Value, String>,
) {
    let (client, seen) = recording(reply);
    let typed_reply = typed_call(&client).expect("the typed call succeeds");
    let requests = seen.lock().expect("not poisoned");
    let [request] = requests.as_slice() else {
        panic!("one request, got {}", requests.len())
    };
    let (url, body) = baseline_parts;
    assert_eq!(request.method(), "POST");
    assert_eq!(request.url().as_str(), url);
    assert_eq!(request.headers()["x-api-key"], KEY);
    let sent: Value = serde_json::from_slice(
        request
            .body()
            .and_then(|body| body.as_bytes())
            .expect("a body in memory"),
    )
    .expect("JSON");
    assert_eq!(sent, body);

    let read = baseline_call(&Baseline::new(), reply).expect("the baseline call succeeds");
    assert_eq!(
        serde_json::to_value(typed_reply).expect("serializes"),
        read,
        "both read every field of the reply"
    );
}

#[test]
fn trigger_ai_voice_agent_does_the_same_work_on_both_sides() {
    check(
        replies::TRIGGER_AI_VOICE_AGENT,
        typed::trigger_ai_voice_agent,
        baseline::trigger_ai_voice_agent(),
        Baseline::trigger_ai_voice_agent,
    );
}

#[test]
fn trigger_ai_assistant_does_the_same_work_on_both_sides() {
    check(
        replies::TRIGGER_AI_ASSISTANT,
        typed::trigger_ai_assistant,
        baseline::trigger_ai_assistant(),
        Baseline::trigger_ai_assistant,
    );
}

#[test]
fn edit_ai_voice_agent_does_the_same_work_on_both_sides() {
    check(
        replies::EDIT_AI_VOICE_AGENT,
        typed::edit_ai_voice_agent,
        baseline::edit_ai_voice_agent(),
        Baseline::edit_ai_voice_agent,
    );
}

#[test]
fn an_api_error_on_http_200_is_an_error_on_both_sides() {
    let error = r#"{"code":0,"error_code":"not_triggerable","message":"no"}"#;
    let (client, _) = recording(error);
    assert!(typed::trigger_ai_voice_agent(&client).is_err());
    assert!(Baseline::new().trigger_ai_voice_agent(error).is_err());
}
