//! The bounds of integers and numbers are checked wherever the scalar sits: list items, a
//! nullable field, tuple positions, map values, lists of lists, query list items, a path
//! argument and a bare body. A refusal names the property and the place below it
//! (hand-written; the generator owns only `Cargo.toml` and `src/`).

use snapshot_scalar_bounds::types::{PutScoresParams, PutScoresRequest};
use snapshot_scalar_bounds::{Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The message of `error` and of every error below it, so a test sees what a caller logging the
/// chain would.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(below) = source {
        text.push_str(" / ");
        text.push_str(&below.to_string());
        source = below.source();
    }
    text
}

/// Decodes `wire` as a request body and returns why it was refused.
fn refusal(wire: serde_json::Value) -> String {
    match serde_json::from_value::<PutScoresRequest>(wire.clone()) {
        Ok(value) => panic!("{wire} must not decode, got {value:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn values_within_every_bound_decode_and_encode_unchanged() {
    let wire = serde_json::json!({
        "scores": [0, 100], "weights": [0.5, 1.0], "limit": null, "threshold": 9.5,
        "position": [-180.0, 90.0], "levels": {"ann": 1, "bob": 3}, "grid": [[0, 9], []]
    });
    let request: PutScoresRequest = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&request).expect("encodes"), wire);
}

#[test]
fn an_item_out_of_range_is_refused_when_decoded_naming_its_index() {
    let message = refusal(serde_json::json!({"scores": [5, 101], "limit": 1}));
    assert!(message.contains("invalid scores[1]"), "{message}");
    assert!(message.contains("from 0 to 100, got 101"), "{message}");

    let message = refusal(serde_json::json!({"scores": [], "limit": 1, "weights": [0.5, 0.0]}));
    assert!(message.contains("invalid weights[1]"), "{message}");
    assert!(message.contains("above 0"), "{message}");

    let message = refusal(serde_json::json!({"scores": [], "limit": 1, "grid": [[1], [2, 10]]}));
    assert!(message.contains("invalid grid[1][1]"), "{message}");
}

#[test]
fn nullable_tuple_and_map_values_are_refused_where_they_break_a_bound() {
    let message = refusal(serde_json::json!({"scores": [], "limit": 51}));
    assert!(
        message.contains("invalid limit: expected an integer from 1 to 50, got 51"),
        "{message}"
    );

    let message = refusal(serde_json::json!({"scores": [], "limit": 1, "threshold": 10}));
    assert!(message.contains("invalid threshold"), "{message}");
    assert!(message.contains("below 10"), "{message}");

    let message = refusal(serde_json::json!({"scores": [], "limit": 1, "position": [0, 91]}));
    assert!(message.contains("invalid position[1]"), "{message}");

    let message = refusal(serde_json::json!({"scores": [], "limit": 1, "levels": {"ann": 4}}));
    assert!(message.contains("levels.ann"), "{message}");
}

#[test]
fn a_value_built_in_rust_is_checked_when_encoded() {
    let request = PutScoresRequest::new(vec![5, -1], Some(3));
    let error = serde_json::to_value(&request).expect_err("-1 is below the minimum");
    assert!(error.to_string().contains("invalid scores[1]"), "{error}");

    let request = PutScoresRequest::new(Vec::new(), Some(0));
    assert!(
        serde_json::to_value(&request).is_err(),
        "a limit of 0 is below 1"
    );
    let request = PutScoresRequest::new(Vec::new(), None);
    assert!(
        serde_json::to_value(&request).is_ok(),
        "a null limit is allowed"
    );

    let request = PutScoresRequest::new(Vec::new(), None).with_position((181.0, 0.0));
    let error = serde_json::to_value(&request).expect_err("181 is east of 180");
    assert!(error.to_string().contains("invalid position[0]"), "{error}");

    let request = PutScoresRequest::new(Vec::new(), None).with_threshold(Some(-1.0));
    assert!(
        serde_json::to_value(&request).is_err(),
        "a threshold below 0"
    );
    let request = PutScoresRequest::new(Vec::new(), None).with_threshold(None);
    assert!(
        serde_json::to_value(&request).is_ok(),
        "a null threshold is allowed"
    );
}

async fn client_expecting(calls: u64) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"code": 1})))
        .expect(calls)
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
async fn out_of_range_values_are_never_sent() {
    let (_server, client) = client_expecting(0).await;
    let body = PutScoresRequest::new(vec![1, 2], None);

    let error = client
        .put_scores(0, &PutScoresParams::new(), &body)
        .await
        .expect_err("board 0 is below 1");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(chain(&error).contains("invalid board"), "{}", chain(&error));

    let params = PutScoresParams::new().with_pages(vec![1, 0]);
    let error = client
        .put_scores(1, &params, &body)
        .await
        .expect_err("page 0 is below 1");
    assert!(
        chain(&error).contains("invalid pages[1]"),
        "{}",
        chain(&error)
    );

    let out_of_range = PutScoresRequest::new(vec![1, 200], None);
    let error = client
        .put_scores(1, &PutScoresParams::new(), &out_of_range)
        .await
        .expect_err("a score of 200");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(
        chain(&error).contains("invalid scores[1]"),
        "{}",
        chain(&error)
    );

    let error = client.set_ratio(&1.5).await.expect_err("a ratio above 1");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    let text = chain(&error);
    assert!(
        text.contains("invalid body: expected a number of at least 0 and of at most 1, got 1.5"),
        "{text}"
    );
}

#[tokio::test]
async fn values_within_their_bounds_are_sent() {
    let (_server, client) = client_expecting(2).await;
    let params = PutScoresParams::new().with_pages(vec![1, 2]);
    let body = PutScoresRequest::new(vec![0, 100], Some(50));
    client
        .put_scores(999, &params, &body)
        .await
        .expect("every value is within its bounds");
    client.set_ratio(&1.0).await.expect("1 is the maximum");
}
