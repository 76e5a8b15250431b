//! Form bodies go out as `application/x-www-form-urlencoded` pairs, in the spec's order, and an
//! operation that also offers JSON sends JSON (hand-written; the generator owns only
//! `Cargo.toml` and `src/`).

use snapshot_form_bodies::Client;
use snapshot_form_bodies::types::{ClientId, CreateTokenRequest, GrantType, UpdateNoteRequest};
use wiremock::matchers::{body_json, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_form_body_is_sent_as_one_pair_per_value() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tokens"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "grant_type=client_credentials&client_id=my+app&scope=read&scope=write&remember=true",
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"code": 1, "token": "t"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body = CreateTokenRequest::new(
        GrantType::ClientCredentials,
        ClientId::String("my app".to_owned()),
    )
    .with_scope(vec!["read".to_owned(), "write".to_owned()])
    .with_remember(true);

    let reply = client(&server).create_token(&body).await.expect("reply");

    assert_eq!(reply.token.as_deref(), Some("t"));
}

#[tokio::test]
async fn json_is_chosen_when_a_form_is_also_offered() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes/n1"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({"text": "hi"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"code": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let body = UpdateNoteRequest::new().with_text("hi".to_owned());

    client(&server)
        .update_note("n1", &body)
        .await
        .expect("reply");
}

#[tokio::test]
async fn a_body_offered_as_multipart_and_json_is_sent_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/columns"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!(["summary", "status"])))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .set_columns(&vec!["summary".to_owned(), "status".to_owned()])
        .await
        .expect("reply");
}
