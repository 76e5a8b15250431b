//! Operations on another host go there, overridable per server, and the credential goes only to
//! the hosts the configuration names (hand-written; the generator owns only `Cargo.toml` and
//! `src/`).

use snapshot_servers::Client;
use wiremock::matchers::{any, header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Three loopback servers standing in for the base URL, the upload host (credentialed) and the
/// CDN (not credentialed), and a client that sends each operation to its own.
async fn three_servers() -> (MockServer, MockServer, MockServer, Client) {
    let (api, uploads, cdn) = (
        MockServer::start().await,
        MockServer::start().await,
        MockServer::start().await,
    );
    let client = Client::builder()
        .api_key("secret-key")
        .base_url(api.uri())
        .server_url("https://uploads.example.test", uploads.uri())
        .server_url("https://cdn.partner.test/", cdn.uri())
        .build()
        .expect("client");
    (api, uploads, cdn, client)
}

fn carries_no_key(request: &Request) -> bool {
    !request.headers.contains_key("x-api-key")
}

#[tokio::test]
async fn the_key_goes_to_the_credentialed_upload_host() {
    let (api, uploads, _cdn, client) = three_servers().await;
    Mock::given(method("POST"))
        .and(path("/releases/7/assets"))
        .and(query_param("name", "a.zip"))
        .and(header("x-api-key", "secret-key"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 1})))
        .expect(1)
        .mount(&uploads)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&api)
        .await;
    let params = snapshot_servers::types::UploadAssetParams::new("a.zip".to_owned());
    let created = client
        .upload_asset(7, &params, b"zip bytes")
        .await
        .expect("uploaded");
    assert_eq!(created.id, 1);
}

#[tokio::test]
async fn the_key_never_goes_to_a_host_the_configuration_does_not_name() {
    let (api, _uploads, cdn, client) = three_servers().await;
    Mock::given(method("GET"))
        .and(path("/assets/a.zip"))
        .and(carries_no_key)
        .respond_with(ResponseTemplate::new(200).set_body_raw("bytes", "application/octet-stream"))
        .expect(1)
        .mount(&cdn)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&api)
        .await;
    let bytes = client.fetch_asset("a.zip").await.expect("fetched");
    assert_eq!(bytes, b"bytes");
    let received = cdn.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 1);
    assert!(carries_no_key(&received[0]), "{:?}", received[0].headers);
    assert!(!received[0].headers.contains_key("authorization"));
}

#[tokio::test]
async fn a_bearer_token_is_kept_from_an_uncredentialed_host_too() {
    let cdn = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("bytes", "application/octet-stream"))
        .mount(&cdn)
        .await;
    let client = Client::builder()
        .bearer_token("token")
        .server_url("https://cdn.partner.test", cdn.uri())
        .build()
        .expect("client");
    client.fetch_asset("a.zip").await.expect("fetched");
    let received = cdn.received_requests().await.expect("recorded");
    assert!(!received[0].headers.contains_key("authorization"));
}

#[tokio::test]
async fn operations_under_the_base_url_carry_the_key() {
    let (api, _uploads, _cdn, client) = three_servers().await;
    Mock::given(path("/releases"))
        .and(header_exists("x-api-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([{"id": 3}])))
        .expect(1)
        .mount(&api)
        .await;
    let releases = client.list_releases().await.expect("listed");
    assert_eq!(releases.len(), 1);
}

#[test]
fn a_server_the_api_does_not_have_is_refused() {
    let error = Client::builder()
        .api_key("key")
        .server_url("https://elsewhere.example.test", "http://127.0.0.1:1")
        .build()
        .expect_err("unknown server");
    assert!(
        error.to_string().contains("https://elsewhere.example.test"),
        "{error}"
    );
}

#[test]
fn an_invalid_server_url_is_refused() {
    let error = Client::builder()
        .api_key("key")
        .server_url("https://uploads.example.test", "not a url")
        .build()
        .expect_err("invalid URL");
    assert!(error.to_string().contains("base URL"), "{error}");
}
