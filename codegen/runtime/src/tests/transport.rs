//! Failures before a complete reply, and the absence of retries.

use std::time::Duration;

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{KEY, success_body, trigger};
use crate::runtime::{Client, Error, TransportErrorKind};

#[tokio::test]
async fn slow_reply_is_a_timeout_naming_the_limit_and_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(success_body())
                .set_delay(Duration::from_secs(5)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let error = trigger(&client).await.unwrap_err();

    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout);
    assert!(transport.is_timeout());
    assert_eq!(transport.timeout(), Some(Duration::from_millis(200)));
    assert_eq!(
        error.to_string(),
        "RevCent TriggerAIVoiceAgent: timed out after 200ms without a complete reply; \
         the server may have acted on it, and it was not retried"
    );
    let source = std::error::Error::source(&error).unwrap();
    assert!(source.downcast_ref::<reqwest::Error>().is_some());
    // `expect(1)` is verified when `server` drops: one request, no retry.
}

#[tokio::test]
async fn timeout_applies_to_a_supplied_http_client_too() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let error = trigger(&client).await.unwrap_err();

    assert!(
        matches!(&error, Error::Transport(t) if t.kind() == TransportErrorKind::Timeout),
        "{error:?}"
    );
}

#[tokio::test]
async fn connection_refused_is_a_connect_error_saying_nothing_was_sent() {
    // Bind then drop, so the port is very likely closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}/v2"))
        .build()
        .unwrap();

    let error = trigger(&client).await.unwrap_err();

    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    assert!(!transport.is_timeout());
    assert_eq!(error.status(), None);
    assert_eq!(
        error.to_string(),
        format!(
            "RevCent TriggerAIVoiceAgent: could not connect to 127.0.0.1:{port}; \
             the request was not sent"
        )
    );
}

#[tokio::test]
async fn server_errors_are_returned_after_exactly_one_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;

    let error = trigger(&super::client(&server)).await.unwrap_err();

    assert!(matches!(error, Error::UnexpectedResponse(_)));
    server.verify().await;
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
