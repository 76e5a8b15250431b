//! Bodies and replies that are not JSON: text and bytes, with the API's error body still
//! recognised on any status.

use reqwest::Method;
use wiremock::matchers::{body_bytes, header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{ApiStandardErrors, client, error_body};
use crate::runtime::{Error, Request, UnexpectedKind};

fn request() -> Request {
    Request::new("GetReceipt", Method::POST, "receipts/1".into())
}

#[tokio::test]
async fn a_raw_body_is_sent_with_its_media_type_and_accept_follows_the_operation() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("content-type", "application/octet-stream"))
        .and(header("accept", "text/plain"))
        .and(body_bytes(vec![0_u8, 159, 146, 150]))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("receipt #1", "text/plain; charset=utf-8"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let text: Result<String, Error<ApiStandardErrors>> = client(&server)
        .execute_text(
            request()
                .raw_body("application/octet-stream", vec![0_u8, 159, 146, 150])
                .accept("text/plain"),
        )
        .await;

    assert_eq!(text.unwrap(), "receipt #1");
}

#[tokio::test]
async fn bytes_come_back_as_they_are() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![0_u8, 255, 1], "application/pdf"),
        )
        .mount(&server)
        .await;

    let bytes: Result<Vec<u8>, Error<ApiStandardErrors>> =
        client(&server).execute_bytes(request()).await;

    assert_eq!(bytes.unwrap(), [0, 255, 1]);
}

#[tokio::test]
async fn the_api_error_body_is_recognised_on_an_operation_that_answers_with_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(error_body(0)))
        .mount(&server)
        .await;

    let error = client(&server)
        .execute_bytes::<ApiStandardErrors>(request())
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Api(_)), "{error:?}");
}

#[tokio::test]
async fn text_that_is_not_utf8_is_unexpected() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![0xff_u8, 0xfe], "text/plain"))
        .mount(&server)
        .await;

    let error = client(&server)
        .execute_text::<ApiStandardErrors>(request())
        .await
        .unwrap_err();

    let Error::UnexpectedResponse(unexpected) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(unexpected.kind(), UnexpectedKind::NotText);
    assert!(error.to_string().contains("expected UTF-8 text"), "{error}");
}

#[tokio::test]
async fn an_empty_success_reply_is_unit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let reply: Result<(), Error<ApiStandardErrors>> = client(&server).execute(request()).await;

    reply.unwrap();
}
