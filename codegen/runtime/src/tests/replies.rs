//! How each kind of reply is classified.

use reqwest::{Method, StatusCode};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{ApiStandardErrors, TriggerResponse, client, error_body, success_body, trigger};
use crate::runtime::{Error, Request, UnexpectedKind, UnexpectedResponse};

/// A server that answers every request once with `template`, and checks it was asked once.
async fn replying(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(template)
        .expect(1)
        .mount(&server)
        .await;
    server
}

async fn trigger_error(template: ResponseTemplate) -> Error<ApiStandardErrors> {
    let server = replying(template).await;
    trigger(&client(&server)).await.unwrap_err()
}

fn unexpected(error: &Error<ApiStandardErrors>) -> &UnexpectedResponse {
    match error {
        Error::UnexpectedResponse(u) => u,
        other => panic!("expected an unexpected-response error, got {other:?}"),
    }
}

#[tokio::test]
async fn http_200_with_code_1_decodes_the_success_type() {
    let server = replying(ResponseTemplate::new(200).set_body_json(success_body())).await;

    let reply = trigger(&client(&server)).await.unwrap();

    assert_eq!(reply.code, 1);
    assert_eq!(reply.api_call_id, "ApIcAlLiDxXxXxXxXxXx");
}

#[tokio::test]
async fn http_200_with_code_0_is_an_api_error_with_the_typed_fields() {
    let error = trigger_error(ResponseTemplate::new(200).set_body_json(error_body(0))).await;

    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status(), StatusCode::OK);
    assert_eq!(api.operation_id(), "TriggerAIVoiceAgent");
    assert_eq!(
        api.body(),
        &ApiStandardErrors {
            api_call_id: Some("ApIcAlLiDyYyYyYyYyYy".into()),
            api_call_unix: Some(1_700_000_001),
            code: Some(0),
            error_code: Some("ai_voice_agent_not_triggerable".into()),
            message: Some("The AI voice agent is not set to trigger on demand.".into()),
            result: Some("failed".into()),
        }
    );
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert_eq!(error.operation_id(), Some("TriggerAIVoiceAgent"));
}

#[tokio::test]
async fn api_error_display_shows_the_message_then_the_other_string_fields() {
    let error = trigger_error(ResponseTemplate::new(200).set_body_json(error_body(0))).await;

    assert_eq!(
        error.to_string(),
        "RevCent TriggerAIVoiceAgent: API error (HTTP 200 OK, code 0): \
         The AI voice agent is not set to trigger on demand. \
         (api_call_id: \"ApIcAlLiDyYyYyYyYyYy\", error_code: \"ai_voice_agent_not_triggerable\", \
         result: \"failed\")"
    );
    assert!(std::error::Error::source(&error).is_none());
}

#[tokio::test]
async fn http_200_with_any_code_other_than_1_is_an_api_error() {
    let error = trigger_error(ResponseTemplate::new(200).set_body_json(error_body(7))).await;

    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.body().code, Some(7));
    assert!(error.to_string().contains("code 7"), "{error}");
}

#[tokio::test]
async fn http_200_with_a_non_integer_code_is_treated_as_failure() {
    let mut body = error_body(0);
    body["code"] = serde_json::json!("1");
    let error = trigger_error(ResponseTemplate::new(200).set_body_json(body)).await;

    // The typed error body declares `code` as an integer, so it does not decode either.
    assert_eq!(unexpected(&error).kind(), UnexpectedKind::ErrorBodyMismatch);
}

#[tokio::test]
async fn http_4xx_and_5xx_with_the_error_body_are_api_errors() {
    for status in [400, 401, 404, 422, 500, 503] {
        let error = trigger_error(ResponseTemplate::new(status).set_body_json(error_body(0))).await;

        let Error::Api(api) = &error else {
            panic!("{status}: {error:?}")
        };
        assert_eq!(api.status().as_u16(), status);
        assert_eq!(
            api.body().error_code.as_deref(),
            Some("ai_voice_agent_not_triggerable")
        );
    }
}

#[tokio::test]
async fn non_2xx_with_the_success_marker_is_still_an_api_error() {
    let error = trigger_error(ResponseTemplate::new(403).set_body_json(error_body(1))).await;

    assert!(matches!(&error, Error::Api(api) if api.status() == StatusCode::FORBIDDEN));
}

#[tokio::test]
async fn http_500_with_an_empty_body_is_unexpected_empty_body() {
    let error = trigger_error(ResponseTemplate::new(500)).await;

    let u = unexpected(&error);
    assert_eq!(u.kind(), UnexpectedKind::EmptyBody);
    assert_eq!(u.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(u.content_type(), None);
    assert_eq!(u.body_len(), 0);
    assert_eq!(
        error.to_string(),
        "RevCent TriggerAIVoiceAgent: unexpected reply (HTTP 500 Internal Server Error, \
         no content type, 0 bytes): expected a JSON body, got an empty body"
    );
}

#[tokio::test]
async fn http_502_html_page_is_unexpected_not_json_with_the_start_of_the_page() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let error =
        trigger_error(ResponseTemplate::new(502).set_body_raw(page, "text/html; charset=utf-8"))
            .await;

    let u = unexpected(&error);
    assert_eq!(u.kind(), UnexpectedKind::NotJson);
    assert_eq!(u.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(u.content_type(), Some("text/html; charset=utf-8"));
    assert_eq!(u.body_prefix(), page);
    assert_eq!(u.body_len(), page.len());
    let message = error.to_string();
    assert!(
        message.starts_with(
            "RevCent TriggerAIVoiceAgent: unexpected reply (HTTP 502 Bad Gateway, \
         content type \"text/html; charset=utf-8\", 74 bytes): \
         expected a JSON body, got another content type; body starts with \"<html><head>"
        ),
        "{message}"
    );
}

#[tokio::test]
async fn text_plain_reply_with_status_200_is_unexpected_not_json() {
    let error =
        trigger_error(ResponseTemplate::new(200).set_body_string("Service temporarily down")).await;

    let u = unexpected(&error);
    assert_eq!(u.kind(), UnexpectedKind::NotJson);
    assert_eq!(u.status(), StatusCode::OK);
    assert_eq!(u.content_type(), Some("text/plain"));
}

#[tokio::test]
async fn truncated_json_is_unexpected_invalid_json_with_the_decode_error_as_source() {
    let error = trigger_error(
        ResponseTemplate::new(200).set_body_raw(r#"{"api_call_id":"ApIcAlL"#, "application/json"),
    )
    .await;

    let u = unexpected(&error);
    assert_eq!(u.kind(), UnexpectedKind::InvalidJson);
    assert!(error.to_string().contains("ends too early"), "{error}");
    let source = std::error::Error::source(&error).unwrap();
    assert!(source.downcast_ref::<serde_json::Error>().unwrap().is_eof());
}

#[tokio::test]
async fn json_content_type_with_a_body_that_is_not_json_is_unexpected_invalid_json() {
    let error =
        trigger_error(ResponseTemplate::new(200).set_body_raw("OK", "application/json")).await;

    assert_eq!(unexpected(&error).kind(), UnexpectedKind::InvalidJson);
    assert!(
        error.to_string().contains("got a body that is not JSON"),
        "{error}"
    );
}

#[tokio::test]
async fn success_body_of_the_wrong_shape_is_unexpected_with_context_not_just_serde() {
    let mut body = success_body();
    body["unexpected_field"] = serde_json::json!(true);
    let error = trigger_error(ResponseTemplate::new(200).set_body_json(body)).await;

    let u = unexpected(&error);
    assert_eq!(u.kind(), UnexpectedKind::SuccessBodyMismatch);
    let message = error.to_string();
    assert!(
        message.contains("does not match this operation's response type"),
        "{message}"
    );
    assert!(
        !message.contains("unknown field"),
        "serde's text belongs in source: {message}"
    );
    let source = std::error::Error::source(&error).unwrap().to_string();
    assert!(
        source.contains("unknown field `unexpected_field`"),
        "{source}"
    );
}

#[tokio::test]
async fn error_status_with_json_that_is_not_the_error_body_is_unexpected() {
    let error = trigger_error(
        ResponseTemplate::new(404).set_body_raw(r#""no such route""#, "application/json"),
    )
    .await;

    let u = unexpected(&error);
    assert_eq!(u.kind(), UnexpectedKind::ErrorBodyMismatch);
    assert_eq!(u.status(), StatusCode::NOT_FOUND);
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn json_with_charset_problem_json_and_missing_content_type_are_all_accepted() {
    for template in [
        ResponseTemplate::new(200).set_body_raw(
            success_body().to_string(),
            "application/json; charset=UTF-8",
        ),
        ResponseTemplate::new(200).set_body_raw(success_body().to_string(), "Application/JSON"),
        ResponseTemplate::new(200).set_body_bytes(success_body().to_string()),
    ] {
        let server = replying(template).await;
        trigger(&client(&server)).await.unwrap();
    }
    let error = trigger_error(
        ResponseTemplate::new(400)
            .set_body_raw(error_body(0).to_string(), "application/problem+json"),
    )
    .await;
    assert!(matches!(error, Error::Api(_)), "{error:?}");
}

#[tokio::test]
async fn empty_2xx_reply_is_a_success_only_for_a_unit_success_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let request = || Request::new("DeleteThing", Method::POST, "things/x/delete".into());

    let unit: Result<(), Error> = client.execute(request()).await;
    unit.unwrap();

    let typed: Result<TriggerResponse, Error> = client.execute(request()).await;
    let Err(Error::UnexpectedResponse(u)) = typed else {
        panic!("{typed:?}")
    };
    assert_eq!(u.kind(), UnexpectedKind::EmptyBody);
}

#[tokio::test]
async fn default_error_type_is_a_json_value_and_its_message_is_displayed() {
    let server = replying(ResponseTemplate::new(200).set_body_json(error_body(0))).await;

    let result: Result<TriggerResponse, Error> =
        client(&server).execute(super::trigger_request()).await;

    let Err(error @ Error::Api(_)) = result else {
        panic!("{result:?}")
    };
    let Error::Api(api) = &error else {
        unreachable!()
    };
    assert_eq!(api.body()["error_code"], "ai_voice_agent_not_triggerable");
    assert!(
        error
            .to_string()
            .contains(": The AI voice agent is not set"),
        "{error}"
    );
}

#[tokio::test]
async fn body_prefix_keeps_512_bytes_cut_on_a_character_boundary() {
    // 511 ASCII bytes, then a 3-byte character straddling byte 512.
    let page = format!("{}€ and more text after the cut", "x".repeat(511));
    let error =
        trigger_error(ResponseTemplate::new(502).set_body_raw(page.clone(), "text/html")).await;

    let u = unexpected(&error);
    assert_eq!(u.body_prefix(), "x".repeat(511));
    assert_eq!(u.body_len(), page.len());
    assert!(
        error.to_string().contains('…'),
        "the Display shows a shorter excerpt"
    );
}

#[tokio::test]
async fn api_error_display_is_bounded_and_strips_control_characters() {
    let body = serde_json::json!({
        "code": 0,
        "message": format!("line one\nline two {}", "y".repeat(2000)),
        "error_code": "E1",
    });
    let error = trigger_error(ResponseTemplate::new(200).set_body_json(body)).await;

    let message = error.to_string();
    assert!(!message.contains('\n'), "{message}");
    assert!(message.contains("line one line two"), "{message}");
    assert!(message.chars().count() < 700, "{}", message.chars().count());
    assert!(message.ends_with("… (error_code: \"E1\")"), "{message}");
}
