//! Error replies are typed by the status the reply came with, and identical error bodies are one
//! type (hand-written; the generator owns only `Cargo.toml` and `src/`).

use snapshot_error_statuses::types::{GetBoxError4xx, MoveBoxError, OpenBoxError};
use snapshot_error_statuses::{Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn replying(status: u16, body: serde_json::Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client");
    (server, client)
}

#[tokio::test]
async fn a_5xx_body_is_read_as_the_5xx_body_even_when_the_404_body_would_fit() {
    let (_server, client) = replying(503, serde_json::json!({"message": "down"})).await;
    let Err(Error::Api(error)) = client.move_box("b1").await else {
        panic!("an API error expected");
    };
    assert_eq!(error.status().as_u16(), 503);
    let MoveBoxError::Outage(outage) = error.body() else {
        panic!("a 503 is an outage, not a missing box: {:?}", error.body());
    };
    assert_eq!(outage.message.as_deref(), Some("down"));
}

#[tokio::test]
async fn a_404_body_is_read_as_the_404_body() {
    let (_server, client) = replying(404, serde_json::json!({"message": "no box"})).await;
    let Err(Error::Api(error)) = client.move_box("b1").await else {
        panic!("an API error expected");
    };
    assert!(
        matches!(error.body(), MoveBoxError::NotFound(_)),
        "{:?}",
        error.body()
    );
}

#[tokio::test]
async fn a_status_no_key_names_tries_each_body_in_turn() {
    let (_server, client) = replying(409, serde_json::json!({"message": "busy"})).await;
    let Err(Error::Api(error)) = client.move_box("b1").await else {
        panic!("an API error expected");
    };
    assert_eq!(error.status().as_u16(), 409);
    assert!(
        matches!(error.body(), MoveBoxError::NotFound(_)),
        "{:?}",
        error.body()
    );
}

/// One body for 4XX and 5XX, shared with another operation: one type, the status on the error.
fn message_of(error: &Error<GetBoxError4xx>) -> Option<(u16, &str)> {
    match error {
        Error::Api(api) => Some((api.status().as_u16(), api.body().message.as_str())),
        _ => None,
    }
}

#[tokio::test]
async fn identical_error_bodies_are_one_type_and_the_status_tells_them_apart() {
    let (_server, client) = replying(502, serde_json::json!({"message": "gateway"})).await;
    let get = client.get_box("b1").await.expect_err("error");
    let list = client.list_boxes().await.expect_err("error");
    assert_eq!(message_of(&get), Some((502, "gateway")));
    assert_eq!(message_of(&list), Some((502, "gateway")));
}

/// A status declared exactly and also covered by a declared class is read with its own body;
/// the other statuses of the class with the class's.
#[tokio::test]
async fn an_exact_status_wins_over_its_class() {
    let (_server, client) = replying(404, serde_json::json!({"box_id": "b1"})).await;
    let Err(Error::Api(error)) = client.open_box("b1").await else {
        panic!("an API error expected");
    };
    let OpenBoxError::MissingBox(missing) = error.body() else {
        panic!("a 404 is a missing box: {:?}", error.body());
    };
    assert_eq!(missing.box_id, "b1");

    let (_server, client) = replying(403, serde_json::json!({"reason": "locked"})).await;
    let Err(Error::Api(error)) = client.open_box("b1").await else {
        panic!("an API error expected");
    };
    let OpenBoxError::Refusal(refusal) = error.body() else {
        panic!("a 403 is a refusal: {:?}", error.body());
    };
    assert_eq!(refusal.reason, "locked");
}
