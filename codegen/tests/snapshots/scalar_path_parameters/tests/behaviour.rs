//! Boolean and number path parameters are written as they display (hand-written; the generator
//! owns only `Cargo.toml` and `src/`). This crate has no string path parameter, so it must not
//! import the percent-encoder: the crate's clippy run with `-D warnings` is the other half of
//! this regression test.

use snapshot_scalar_path_parameters::Client;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn booleans_and_numbers_are_written_into_the_path_as_they_display() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/switches/true/levels/-3/ratios/0.25"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"code": 1, "enabled": true})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client");

    let reply = client.set_switch(true, -3, 0.25).await.expect("reply");

    assert_eq!(reply.enabled, Some(true));
}
