//! `ClientBuilder::transport`: requests answered in-process, and the success marker read from
//! the bytes without building a JSON value.

use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};

use super::{ApiStandardErrors, KEY, TriggerResponse, success_body, trigger};
use crate::runtime::{Client, Error, RawReply, UnexpectedKind};

/// A JSON reply of `status` with `body`.
fn json_reply(status: u16, body: &str) -> RawReply {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    RawReply {
        status: StatusCode::from_u16(status).unwrap(),
        headers,
        body: body.as_bytes().to_vec(),
    }
}

/// A client whose every request is answered with `status` and `body`.
fn answering(status: u16, body: &'static str) -> Client {
    Client::builder()
        .api_key(KEY)
        .transport(move |_| json_reply(status, body))
        .build()
        .unwrap()
}

async fn outcome(body: &'static str) -> Result<TriggerResponse, Error<ApiStandardErrors>> {
    trigger(&answering(200, body)).await
}

#[tokio::test]
async fn the_transport_sees_the_request_as_it_would_be_sent() {
    let seen = Arc::new(Mutex::new(None));
    let keep = Arc::clone(&seen);
    let client = Client::builder()
        .api_key(KEY)
        .transport(move |request| {
            let body = request
                .body()
                .and_then(|b| b.as_bytes())
                .map(<[u8]>::to_vec);
            *keep.lock().unwrap() = Some((
                request.method().clone(),
                request.url().to_string(),
                request.headers().clone(),
                body,
            ));
            json_reply(200, &success_body().to_string())
        })
        .build()
        .unwrap();

    let reply = trigger(&client).await.unwrap();

    assert_eq!(reply.code, 1);
    let (method, url, headers, body) = seen.lock().unwrap().take().expect("one request");
    assert_eq!(method, reqwest::Method::POST);
    assert_eq!(
        url,
        "https://api.revcent.com/v2/ai_voice_agents/AbCdEfGhIjKlMnOpQrSt/trigger"
    );
    assert_eq!(headers["x-api-key"], KEY);
    assert!(headers["x-api-key"].is_sensitive());
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["accept"], "application/json");
    let body: serde_json::Value = serde_json::from_slice(&body.expect("a body")).unwrap();
    assert_eq!(body["item_type"], "customer");
}

#[tokio::test]
async fn a_transport_reply_is_classified_as_a_server_reply() {
    let error = trigger(&answering(500, r#"{"code": 0, "error_code": "E1"}"#))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    let Error::Api(api) = error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.body().error_code.as_deref(), Some("E1"));
}

#[tokio::test]
async fn a_client_with_a_transport_says_so_and_hides_the_key() {
    let printed = format!("{:?}", answering(200, "{}"));
    assert!(printed.contains("transport: true"), "{printed}");
    super::assert_no_key(&printed);
}

/// The marker as the reply's `code` says it, or the kind of unexpected reply.
async fn marker_outcome(body: &'static str) -> Result<(), Option<UnexpectedKind>> {
    match outcome(body).await {
        Ok(_) => Ok(()),
        Err(Error::Api(_)) => Err(None),
        Err(Error::UnexpectedResponse(u)) => Err(Some(u.kind())),
        Err(other) => panic!("unexpected {other:?}"),
    }
}

const SUCCESS_FIELDS: &str =
    r#""api_call_id": "ApIcAlLiDxXxXxXxXxXx", "api_call_unix": 1, "result": "ok""#;

/// Whether the reply was read as a failure (the error body decoded or not), not as a success.
fn read_as_failure(outcome: Result<(), Option<UnexpectedKind>>) -> bool {
    matches!(outcome, Err(None | Some(UnexpectedKind::ErrorBodyMismatch)))
}

#[tokio::test]
async fn only_an_integer_equal_to_the_success_value_is_success() {
    let success = Box::leak(format!(r#"{{{SUCCESS_FIELDS}, "code": 1}}"#).into_boxed_str());
    assert_eq!(marker_outcome(success).await, Ok(()));
    for code in [
        "0",
        "-1",
        "2",
        "1.0",
        "\"1\"",
        "null",
        "true",
        "[1]",
        "{\"code\": 1}",
        "18446744073709551617",
    ] {
        let body = Box::leak(format!(r#"{{{SUCCESS_FIELDS}, "code": {code}}}"#).into_boxed_str());
        assert!(read_as_failure(marker_outcome(body).await), "{body}");
    }
}

#[tokio::test]
async fn the_last_of_repeated_markers_counts_and_nested_ones_do_not() {
    let last_fails =
        Box::leak(format!(r#"{{{SUCCESS_FIELDS}, "code": 1, "code": 0}}"#).into_boxed_str());
    assert!(read_as_failure(marker_outcome(last_fails).await));
    let last_succeeds = r#"{"code": 0, "code": 1}"#;
    // The marker said success; the success type then refuses the repeated field.
    assert_eq!(
        marker_outcome(last_succeeds).await,
        Err(Some(UnexpectedKind::SuccessBodyMismatch))
    );
    let nested = Box::leak(
        format!(r#"{{"extra": {{"code": 0}}, {SUCCESS_FIELDS}, "code": 1}}"#).into_boxed_str(),
    );
    assert_eq!(
        marker_outcome(nested).await,
        Err(Some(UnexpectedKind::SuccessBodyMismatch))
    );
    // A key is compared as JSON reads it, escapes resolved.
    assert_eq!(marker_outcome(r#"{"c\u006fde": 0}"#).await, Err(None));
}

#[tokio::test]
async fn a_body_that_is_not_one_json_value_is_invalid_json() {
    for body in [
        r#"{"code": 1} x"#,
        r#"{"code": 1"#,
        r#"{"code": 1,}"#,
        "[1, 2",
    ] {
        assert_eq!(
            marker_outcome(body).await,
            Err(Some(UnexpectedKind::InvalidJson)),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_body_that_is_no_object_has_no_marker() {
    // No marker means success; the success type then refuses the value.
    for body in ["[]", "1", "\"code\"", "true"] {
        assert_eq!(
            marker_outcome(body).await,
            Err(Some(UnexpectedKind::SuccessBodyMismatch)),
            "{body}"
        );
    }
}
