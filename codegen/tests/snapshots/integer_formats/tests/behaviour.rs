//! Every integer format maps to the Rust integer it names, so every value the format allows
//! round-trips and none outside it can be built (hand-written; the generator owns only
//! `Cargo.toml` and `src/`).

use snapshot_integer_formats::types::{PutCountersParams, PutCountersRequest, PutCountersResponse};
use snapshot_integer_formats::{Client, Error};
use wiremock::matchers::{method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn the_extremes_of_every_format_round_trip() {
    let wire = serde_json::json!({
        "tiny": -128, "small": -32768, "medium": -2_147_483_648_i64,
        "large": i64::MIN, "byte": 255, "word": 65535, "double_word": 4_294_967_295_u64,
        "quad_word": u64::MAX, "when": 4_102_444_800_i64
    });
    let request: PutCountersRequest = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(request.quad_word, u64::MAX);
    assert_eq!(serde_json::to_value(&request).expect("encodes"), wire);
}

#[test]
fn values_outside_a_format_are_rejected() {
    for (field, value) in [("tiny", 128), ("byte", -1), ("word", 65536)] {
        let mut wire = serde_json::json!({
            "tiny": 0, "small": 0, "medium": 0, "large": 0, "byte": 0, "word": 0,
            "double_word": 0, "quad_word": 0
        });
        wire[field] = serde_json::json!(value);
        assert!(
            serde_json::from_value::<PutCountersRequest>(wire).is_err(),
            "{field} = {value} must not decode"
        );
    }
}

#[test]
fn a_reply_total_above_i64_decodes() {
    let reply: PutCountersResponse =
        serde_json::from_str(r#"{"code": 1, "total": 18446744073709551615}"#).expect("decodes");
    assert_eq!(reply.total, Some(u64::MAX));
}

#[tokio::test]
async fn unsigned_query_bounds_are_checked_beyond_i32() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(query_param("shard", "4000000000"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"code": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client");
    let body: PutCountersRequest = serde_json::from_value(serde_json::json!({
        "tiny": 0, "small": 0, "medium": 0, "large": 0, "byte": 0, "word": 0,
        "double_word": 0, "quad_word": 0
    }))
    .expect("body");

    let at_maximum = PutCountersParams::new(4_000_000_000);
    client
        .put_counters(&at_maximum, &body)
        .await
        .expect("the maximum is allowed");

    let above = PutCountersParams::new(4_000_000_001);
    let error = client
        .put_counters(&above, &body)
        .await
        .expect_err("above the maximum");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

    let below = PutCountersParams::new(1).with_offset(-100);
    assert!(client.put_counters(&below, &body).await.is_err());
}

#[test]
fn an_integer_enum_in_a_request_decodes_only_its_values() {
    let mut wire = serde_json::json!({
        "tiny": 0, "small": 0, "medium": 0, "large": 0, "byte": 0, "word": 0,
        "double_word": 0, "quad_word": 0, "priority": 5
    });
    let request: PutCountersRequest = serde_json::from_value(wire.clone()).expect("5 is listed");
    assert_eq!(request.priority, Some(5));
    wire["priority"] = serde_json::json!(4);
    let error = serde_json::from_value::<PutCountersRequest>(wire).expect_err("4 is not listed");
    assert!(error.to_string().contains("priority"), "{error}");
}

#[tokio::test]
async fn an_integer_enum_outside_its_values_is_never_sent() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"code": 1})))
        .expect(0)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client");
    let mut body: PutCountersRequest = serde_json::from_value(serde_json::json!({
        "tiny": 0, "small": 0, "medium": 0, "large": 0, "byte": 0, "word": 0,
        "double_word": 0, "quad_word": 0
    }))
    .expect("body");
    body.priority = Some(4);
    let params = PutCountersParams::new(1);
    let error = client
        .put_counters(&params, &body)
        .await
        .expect_err("a body with an unlisted priority");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

    body.priority = Some(7);
    let params = params.with_level(4);
    let error = client
        .put_counters(&params, &body)
        .await
        .expect_err("an unlisted level");
    assert!(error.to_string().contains("level"), "{error}");
}
