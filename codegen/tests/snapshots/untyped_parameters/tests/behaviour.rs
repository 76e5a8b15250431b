//! Query and header parameters whose schemas say nothing of their values are JSON values,
//! written as each parameter's style says (hand-written; the generator owns only `Cargo.toml`
//! and `src/`).

use serde_json::json;
use snapshot_untyped_parameters::types::SearchRecordsParams;
use snapshot_untyped_parameters::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client")
}

async fn respond(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/records"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": 1})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn json_values_are_written_as_their_styles_say() {
    let server = MockServer::start().await;
    respond(&server).await;
    let mut params = SearchRecordsParams::new();
    params.filter = Some(json!({"status": "open"}));
    params.ids = Some(vec![json!(1), json!("b"), json!(true)]);
    params.tag = Some(vec![json!("x"), json!({"k": 1})]);
    params.extra = Some(json!("plain text"));
    params.x_trace = Some(json!(["a", 2]));
    let labels = json!({"team": "core", "tier": 1});
    params.x_labels = labels.as_object().cloned();

    let reply = client(&server)
        .search_records(&params)
        .await
        .expect("reply");

    assert_eq!(reply.count, Some(1));
    let requests = server.received_requests().await.expect("recording");
    let request = &requests[0];
    assert_eq!(
        request.url.query(),
        Some(
            "filter=%7B%22status%22%3A%22open%22%7D&ids=1%2Cb%2Ctrue&tag=x&tag=%7B%22k%22%3A1%7D&extra=plain%20text"
        )
    );
    assert_eq!(request.headers.get("x-trace").expect("x-trace"), "a,2");
    assert_eq!(
        request.headers.get("x-labels").expect("x-labels"),
        "team=core,tier=1"
    );
}

#[tokio::test]
async fn a_scalar_is_its_text_and_null_sends_nothing() {
    let server = MockServer::start().await;
    respond(&server).await;
    let mut params = SearchRecordsParams::new();
    params.filter = Some(json!(2.5));
    params.extra = Some(serde_json::Value::Null);
    params.x_trace = Some(serde_json::Value::Null);

    client(&server)
        .search_records(&params)
        .await
        .expect("reply");

    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests[0].url.query(), Some("filter=2.5"));
    assert!(requests[0].headers.get("x-trace").is_none());
}

#[tokio::test]
async fn values_without_a_defined_form_are_refused_before_sending() {
    let server = MockServer::start().await;
    respond(&server).await;
    let mut joined = SearchRecordsParams::new();
    joined.ids = Some(vec![json!({"nested": true})]);
    let mut header = SearchRecordsParams::new();
    header.x_trace = Some(json!({"deep": {"er": 1}}));

    for (params, needle) in [(joined, "\"ids\""), (header, "\"X-Trace\"")] {
        let error = client(&server)
            .search_records(&params)
            .await
            .expect_err("refused");
        let Error::InvalidRequest(invalid) = &error else {
            panic!("{error:?}");
        };
        assert!(invalid.to_string().contains(needle), "{invalid}");
    }
    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}
