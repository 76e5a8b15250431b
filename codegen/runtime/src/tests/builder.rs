//! Building a client: defaults, validation, and the auto traits the API promises.

use std::time::Duration;

use super::KEY;
use crate::runtime::{Client, Error};

fn build_error(builder: crate::runtime::ClientBuilder) -> String {
    builder.build().unwrap_err().to_string()
}

#[test]
fn new_uses_the_default_base_url_and_default_timeouts() {
    let client = Client::new(KEY).unwrap();

    assert_eq!(client.base_url(), "https://api.revcent.com/v2");
    let debug = format!("{client:?}");
    assert!(debug.contains("timeout: 60s"), "{debug}");
    assert!(debug.contains("connect_timeout: Some(10s)"), "{debug}");
}

#[test]
fn configured_timeouts_replace_the_defaults() {
    let client = Client::builder()
        .api_key(KEY)
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
        .build()
        .unwrap();

    let debug = format!("{client:?}");
    assert!(debug.contains("timeout: 5s"), "{debug}");
    assert!(debug.contains("connect_timeout: Some(2s)"), "{debug}");
}

#[test]
fn building_without_a_credential_says_how_to_provide_one() {
    assert_eq!(
        build_error(Client::builder()),
        "cannot build the RevCent client: no credential; call api_key or bearer_token on the builder"
    );
}

#[test]
fn empty_whitespace_padded_or_non_header_keys_are_rejected() {
    assert_eq!(
        build_error(Client::builder().api_key("")),
        "cannot build the RevCent client: the API key is empty"
    );
    assert_eq!(
        build_error(Client::builder().api_key("abc\n")),
        "cannot build the RevCent client: the API key has leading or trailing whitespace"
    );
    assert!(
        build_error(Client::builder().api_key("a\u{0}b")).contains("not allowed in an HTTP header")
    );
    assert!(build_error(Client::builder().bearer_token("")).contains("the bearer token is empty"));
}

#[test]
fn the_last_credential_given_wins() {
    let client = Client::builder()
        .bearer_token("t")
        .api_key(KEY)
        .build()
        .unwrap();

    assert_eq!(client.credential_header().0, "x-api-key");
}

#[test]
fn base_urls_that_are_not_plain_http_or_https_are_rejected_with_the_reason() {
    for (base_url, reason) in [
        ("api.revcent.com/v2", "it is not an absolute URL"),
        (
            "ftp://api.revcent.com/v2",
            "its scheme is not http or https",
        ),
        ("https://u:p@api.revcent.com/v2", "it contains credentials"),
        (
            "https://api.revcent.com/v2?x=1",
            "it has a query string or fragment",
        ),
        (
            "https://api.revcent.com/v2#top",
            "it has a query string or fragment",
        ),
    ] {
        let message = build_error(Client::builder().api_key(KEY).base_url(base_url));
        assert!(
            message.starts_with("cannot build the RevCent client: invalid base URL: ")
                && message.contains(reason),
            "{base_url}: {message}"
        );
    }
}

#[test]
fn base_url_is_normalised_without_a_trailing_slash() {
    for (given, normalised) in [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("HTTPS://API.RevCent.com/v2/", "https://api.revcent.com/v2"),
    ] {
        let client = Client::builder()
            .api_key(KEY)
            .base_url(given)
            .build()
            .unwrap();
        assert_eq!(client.base_url(), normalised);
    }
}

#[test]
fn invalid_user_agent_is_a_build_error() {
    assert_eq!(
        build_error(Client::builder().api_key(KEY).user_agent("bad\nagent")),
        "cannot build the RevCent client: the user agent is not a valid HTTP header value"
    );
}

#[test]
fn client_and_errors_have_the_promised_auto_traits() {
    fn send_sync_static<T: Send + Sync + 'static>() {}
    fn clone<T: Clone>() {}
    send_sync_static::<Client>();
    send_sync_static::<crate::runtime::ClientBuilder>();
    send_sync_static::<Error>();
    send_sync_static::<Error<super::ApiStandardErrors>>();
    send_sync_static::<crate::runtime::BuildError>();
    send_sync_static::<crate::runtime::InvalidValue>();
    clone::<Client>();
    // Usable with `?` into `Box<dyn Error + Send + Sync>` and `anyhow`.
    let _: Box<dyn std::error::Error + Send + Sync> =
        Box::new(Client::builder().build().unwrap_err());
    let error: Error = crate::runtime::check_range("limit", 0, Some(1), Some(25))
        .unwrap_err()
        .into();
    let _: Box<dyn std::error::Error + Send + Sync> = Box::new(error);
}

#[test]
fn execute_future_is_send_so_calls_can_be_spawned() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::new(KEY).unwrap();
    let future = client.execute::<serde_json::Value, serde_json::Value>(super::trigger_request());
    assert_send(&future);
}
