//! Declared 3XX replies are outcomes the caller matches on, an operation without a 2XX hands
//! over the raw reply, and a 101 operation returns the switched connection (hand-written; the
//! generator owns only `Cargo.toml` and `src/`).

use snapshot_replies::types::{GetRepoParams, OpenEventsParams, SecWebSocketVersion, Upgrade};
use snapshot_replies::{Client, Error, Outcome, Redirect};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client_for(uri: &str) -> Client {
    Client::builder()
        .api_key("key")
        .base_url(uri)
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_304_is_not_modified_and_the_conditional_header_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/r1"))
        .and(header("If-None-Match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .expect(1)
        .mount(&server)
        .await;
    let params = GetRepoParams::new().with_if_none_match("\"v1\"".to_owned());
    let outcome = client_for(&server.uri())
        .get_repo("r1", &params)
        .await
        .expect("a 304 is no error");
    assert_eq!(outcome, Outcome::NotModified);
}

#[tokio::test]
async fn a_declared_redirect_surfaces_its_location_and_body_and_is_not_followed() {
    let server = MockServer::start().await;
    let moved_to = format!("{}/repos/renamed", server.uri());
    Mock::given(path("/repos/r1"))
        .respond_with(
            ResponseTemplate::new(301)
                .insert_header("Location", moved_to.as_str())
                .set_body_json(
                    serde_json::json!({"message": "Moved Permanently", "url": moved_to}),
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    // Following the redirect would reach this, with the key.
    Mock::given(path("/repos/renamed"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "x"})))
        .expect(0)
        .mount(&server)
        .await;
    let outcome = client_for(&server.uri())
        .get_repo("r1", &GetRepoParams::default())
        .await
        .expect("a declared redirect is no error");
    let Outcome::Redirect(Redirect {
        status,
        location,
        body,
    }) = outcome
    else {
        panic!("a redirect expected: {outcome:?}");
    };
    assert_eq!(status.as_u16(), 301);
    assert_eq!(location.as_deref(), Some(moved_to.as_str()));
    assert_eq!(body.message, "Moved Permanently");
    assert_eq!(body.url.as_deref(), Some(moved_to.as_str()));
}

#[tokio::test]
async fn a_2xx_is_the_result() {
    let server = MockServer::start().await;
    Mock::given(path("/repos/r1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "r1", "stars": 3})),
        )
        .mount(&server)
        .await;
    let outcome = client_for(&server.uri())
        .get_repo("r1", &GetRepoParams::default())
        .await
        .expect("success");
    let repo = outcome.ok().expect("a 2XX is Ok");
    assert_eq!((repo.name.as_str(), repo.stars), ("r1", Some(3)));
}

#[tokio::test]
async fn a_3xx_the_operation_does_not_declare_is_still_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/repos/r1"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/elsewhere"))
        .mount(&server)
        .await;
    let result = client_for(&server.uri())
        .get_repo("r1", &GetRepoParams::default())
        .await;
    assert!(
        matches!(&result, Err(Error::UnexpectedResponse(e)) if e.status().as_u16() == 302),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_3xx_range_beside_a_text_success_reads_no_body_of_the_redirect() {
    let server = MockServer::start().await;
    Mock::given(path("/repos/r1/readme"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("Location", "https://mirror.example.test/readme")
                .set_body_raw("<a href=\"…\">moved</a>", "text/html"),
        )
        .mount(&server)
        .await;
    let client = client_for(&server.uri());
    let outcome = client.get_readme("r1").await.expect("declared by 3XX");
    assert_eq!(
        outcome,
        Outcome::Redirect(Redirect {
            status: reqwest::StatusCode::TEMPORARY_REDIRECT,
            location: Some("https://mirror.example.test/readme".to_owned()),
            body: (),
        })
    );
}

#[tokio::test]
async fn a_304_inside_a_declared_range_is_not_modified_and_text_is_the_result() {
    let server = MockServer::start().await;
    Mock::given(path("/repos/r1/readme"))
        .respond_with(ResponseTemplate::new(304))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/repos/r1/readme"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("# Hello", "text/plain"))
        .mount(&server)
        .await;
    let client = client_for(&server.uri());
    assert_eq!(
        client.get_readme("r1").await.expect("304"),
        Outcome::NotModified
    );
    assert_eq!(
        client.get_readme("r1").await.expect("200"),
        Outcome::Ok("# Hello".to_owned())
    );
}

#[tokio::test]
async fn an_operation_without_a_2xx_hands_over_the_raw_reply() {
    let server = MockServer::start().await;
    Mock::given(path("/repos/r1/tarball"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", "https://codeload.example.test/r1.tar.gz")
                .set_body_raw("see there", "text/plain"),
        )
        .mount(&server)
        .await;
    let reply = client_for(&server.uri())
        .download_archive("r1")
        .await
        .expect("raw reply");
    assert_eq!(reply.status.as_u16(), 302);
    assert_eq!(
        reply.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("https://codeload.example.test/r1.tar.gz")
    );
    assert_eq!(reply.body, b"see there");
}

#[tokio::test]
async fn an_operation_without_a_2xx_still_reads_its_error_replies() {
    let server = MockServer::start().await;
    Mock::given(path("/repos/r1/tarball"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "no"})),
        )
        .mount(&server)
        .await;
    let result = client_for(&server.uri()).download_archive("r1").await;
    let Err(Error::Api(error)) = result else {
        panic!("an API error expected: {result:?}");
    };
    assert_eq!(error.status().as_u16(), 404);
    assert_eq!(error.body().message, "no");
}

/// A server that answers the first request with `101` and then echoes what it reads.
async fn switching_server() -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            socket.read_exact(&mut byte).await.expect("request head");
            head.push(byte[0]);
        }
        socket
            .write_all(
                b"HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: accepted\r\n\r\n",
            )
            .await
            .expect("reply");
        let mut echoed = [0u8; 4];
        socket.read_exact(&mut echoed).await.expect("bytes");
        socket.write_all(&echoed).await.expect("echo");
        String::from_utf8_lossy(&head).into_owned()
    });
    (format!("http://{address}"), task)
}

#[tokio::test]
async fn a_101_operation_returns_the_switched_connection() {
    let (uri, server) = switching_server().await;
    let params = OpenEventsParams::new(
        Upgrade::Websocket,
        "dGhlIHNhbXBsZSBub25jZQ==".to_owned(),
        SecWebSocketVersion::V13,
    );
    let mut upgrade = client_for(&uri)
        .open_events(&params)
        .await
        .expect("switched");
    assert_eq!(upgrade.status.as_u16(), 101);
    assert_eq!(
        upgrade
            .headers
            .get("sec-websocket-accept")
            .and_then(|v| v.to_str().ok()),
        Some("accepted")
    );
    upgrade.connection.write_all(b"ping").await.expect("write");
    let mut echoed = [0u8; 4];
    upgrade
        .connection
        .read_exact(&mut echoed)
        .await
        .expect("read");
    assert_eq!(&echoed, b"ping");
    let head = server.await.expect("server").to_ascii_lowercase();
    assert!(head.contains("connection: upgrade\r\n"), "{head}");
    assert!(head.contains("upgrade: websocket\r\n"), "{head}");
    assert!(head.contains("sec-websocket-version: 13\r\n"), "{head}");
}

#[tokio::test]
async fn a_101_operation_answered_without_switching_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/events"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(serde_json::json!({"message": "no upgrade"})),
        )
        .mount(&server)
        .await;
    let params =
        OpenEventsParams::new(Upgrade::Websocket, "k".to_owned(), SecWebSocketVersion::V13);
    let result = client_for(&server.uri()).open_events(&params).await;
    let Err(Error::Api(error)) = result else {
        panic!("an API error expected: {result:?}");
    };
    assert_eq!(error.body().message, "no upgrade");
}
