//! What goes on the wire.

use reqwest::Method;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{AGENT_ID, KEY, TriggerResponse, client, success_body, trigger};
use crate::runtime::{Client, Error, Request, encode_path_segment};

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap()
}

async fn respond_ok(server: &MockServer) {
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"code": 1})))
        .mount(server)
        .await;
}

async fn get(client: &Client, request: Request) -> Result<serde_json::Value, Error> {
    client.execute(request).await
}

#[tokio::test]
async fn post_sends_exact_method_path_headers_and_json_body_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/ai_voice_agents/{AGENT_ID}/trigger")))
        .and(header("x-api-key", KEY))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(header(
            "user-agent",
            concat!("client-runtime/", env!("CARGO_PKG_VERSION")),
        ))
        .and(body_json(
            serde_json::json!({"item_type": "customer", "item_id": "CuStOmErIdXxXxXxXxXx"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(success_body()))
        .expect(1)
        .mount(&server)
        .await;

    let reply = trigger(&client(&server)).await.unwrap();

    assert_eq!(
        reply,
        TriggerResponse {
            api_call_id: "ApIcAlLiDxXxXxXxXxXx".into(),
            api_call_unix: 1_700_000_000,
            code: 1,
            result: "AI voice agent triggered".into(),
        }
    );
    let requests = received(&server).await;
    assert_eq!(requests[0].headers.get_all("x-api-key").iter().count(), 1);
    assert!(requests[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn path_segment_with_slash_space_query_hash_percent_and_unicode_stays_one_segment() {
    let server = MockServer::start().await;
    respond_ok(&server).await;
    let id = "a/b c?d#e%f€ü";

    let path = format!("customers/{}", encode_path_segment(id));
    get(
        &client(&server),
        Request::new("GetCustomer", Method::GET, path),
    )
    .await
    .unwrap();

    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.path(),
        "/customers/a%2Fb%20c%3Fd%23e%25f%E2%82%AC%C3%BC"
    );
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn query_repeats_the_key_for_each_array_value_and_encodes_values() {
    let server = MockServer::start().await;
    respond_ok(&server).await;

    let request = Request::new("GetSales", Method::GET, "sales".into())
        .query("date_start", "1700000000")
        .query("status", "paid")
        .query("status", "partially refunded")
        .query("search_term", "a&b=c/€");
    get(&client(&server), request).await.unwrap();

    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.query(),
        Some(
            "date_start=1700000000&status=paid&status=partially%20refunded\
             &search_term=a%26b%3Dc%2F%E2%82%AC"
        )
    );
}

#[tokio::test]
async fn object_query_values_are_sent_as_compact_json_once_each() {
    let server = MockServer::start().await;
    respond_ok(&server).await;

    let request = Request::new("GetSales", Method::GET, "sales".into())
        .query_json(
            "metadata_filter",
            &serde_json::json!({"name": "source", "value": "web"}),
        )
        .query_json(
            "metadata_filter",
            &serde_json::json!({"name": "tier", "value": "gold"}),
        );
    get(&client(&server), request).await.unwrap();

    let requests = received(&server).await;
    let pairs: Vec<(String, String)> = requests[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert_eq!(
        pairs,
        [
            (
                "metadata_filter".to_owned(),
                r#"{"name":"source","value":"web"}"#.to_owned()
            ),
            (
                "metadata_filter".to_owned(),
                r#"{"name":"tier","value":"gold"}"#.to_owned()
            ),
        ]
    );
}

#[tokio::test]
async fn get_without_body_sends_accept_but_no_content_type_and_no_body() {
    let server = MockServer::start().await;
    respond_ok(&server).await;

    get(
        &client(&server),
        Request::new("GetSales", Method::GET, "sales".into()),
    )
    .await
    .unwrap();

    let request = &received(&server).await[0];
    assert_eq!(request.method, Method::GET);
    assert!(request.headers.get("content-type").is_none());
    assert_eq!(request.headers["accept"], "application/json");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn bearer_token_is_sent_as_authorization_instead_of_the_key_header() {
    let server = MockServer::start().await;
    respond_ok(&server).await;
    let client = Client::builder()
        .bearer_token("oauth-token-123")
        .base_url(server.uri())
        .build()
        .unwrap();

    get(
        &client,
        Request::new("GetSales", Method::GET, "sales".into()),
    )
    .await
    .unwrap();

    let request = &received(&server).await[0];
    assert_eq!(request.headers["authorization"], "Bearer oauth-token-123");
    assert!(request.headers.get("x-api-key").is_none());
}

#[tokio::test]
async fn custom_user_agent_is_sent() {
    let server = MockServer::start().await;
    respond_ok(&server).await;
    let client = Client::builder()
        .api_key(KEY)
        .user_agent("my-shop/2.0")
        .base_url(server.uri())
        .build()
        .unwrap();

    get(
        &client,
        Request::new("GetSales", Method::GET, "sales".into()),
    )
    .await
    .unwrap();

    assert_eq!(
        received(&server).await[0].headers["user-agent"],
        "my-shop/2.0"
    );
}

#[tokio::test]
async fn base_url_path_prefix_is_kept_with_or_without_trailing_slash() {
    let server = MockServer::start().await;
    respond_ok(&server).await;

    for base in [
        server.uri(),
        format!("{}/", server.uri()),
        format!("{}/v2", server.uri()),
        format!("{}/v2/", server.uri()),
        format!("{}/proxy/v2//", server.uri()),
    ] {
        let client = Client::builder()
            .api_key(KEY)
            .base_url(&base)
            .build()
            .unwrap();
        assert!(!client.base_url().ends_with('/'), "{}", client.base_url());
        get(
            &client,
            Request::new("GetSales", Method::GET, "sales".into()),
        )
        .await
        .unwrap();
    }

    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/sales",
            "/sales",
            "/v2/sales",
            "/v2/sales",
            "/proxy/v2/sales"
        ]
    );
}

#[tokio::test]
async fn operation_headers_are_sent_but_cannot_replace_the_credential() {
    let server = MockServer::start().await;
    respond_ok(&server).await;

    let request = Request::new("GetSales", Method::GET, "sales".into())
        .header("x-trace-id", "abc123")
        .header("x-api-key", "someone-elses-key");
    get(&client(&server), request).await.unwrap();

    let request = &received(&server).await[0];
    assert_eq!(request.headers["x-trace-id"], "abc123");
    assert_eq!(request.headers.get_all("x-api-key").iter().count(), 1);
    assert_eq!(request.headers["x-api-key"], KEY);
}

#[tokio::test]
async fn dot_dot_dot_and_empty_path_segments_are_refused_before_sending() {
    let server = MockServer::start().await;
    respond_ok(&server).await;
    let client = client(&server);

    for id in ["..", ".", ""] {
        let path = format!("ai_voice_agents/{}", encode_path_segment(id));
        let error = get(
            &client,
            Request::new("EditAIVoiceAgent", Method::POST, path),
        )
        .await
        .unwrap_err();
        let Error::InvalidRequest(invalid) = &error else {
            panic!("{error:?}");
        };
        assert_eq!(invalid.operation_id(), Some("EditAIVoiceAgent"));
        assert!(error.to_string().contains("nothing was sent"), "{error}");
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn body_that_fails_to_serialize_is_an_invalid_request_and_nothing_is_sent() {
    struct Unserializable;
    impl serde::Serialize for Unserializable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("cannot serialize this"))
        }
    }
    let server = MockServer::start().await;
    respond_ok(&server).await;

    let request = Request::new("EditAIVoiceAgent", Method::POST, "ai_voice_agents/x".into())
        .json_body(&Unserializable);
    let error = get(&client(&server), request).await.unwrap_err();

    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "RevCent EditAIVoiceAgent: invalid request, nothing was sent: \
         the request body could not be serialized to JSON"
    );
    let source = std::error::Error::source(&error).unwrap();
    assert!(source.to_string().contains("cannot serialize this"));
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn header_value_with_line_break_is_an_invalid_request_without_echoing_it() {
    let server = MockServer::start().await;
    respond_ok(&server).await;

    let request = Request::new("GetSales", Method::GET, "sales".into())
        .header("x-trace-id", "abc\r\nx-injected: 1");
    let error = get(&client(&server), request).await.unwrap_err();

    assert!(matches!(error, Error::InvalidRequest(_)));
    assert!(!error.to_string().contains("injected"), "{error}");
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn supplied_http_client_still_gets_credential_user_agent_and_accept() {
    let server = MockServer::start().await;
    respond_ok(&server).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();

    get(
        &client,
        Request::new("GetSales", Method::GET, "sales".into()),
    )
    .await
    .unwrap();

    let request = &received(&server).await[0];
    assert_eq!(request.headers["x-api-key"], KEY);
    assert_eq!(request.headers["accept"], "application/json");
    assert_eq!(
        request.headers["user-agent"],
        concat!("client-runtime/", env!("CARGO_PKG_VERSION"))
    );
}

#[tokio::test]
async fn redirects_are_not_followed_so_the_key_never_leaves_the_base_url() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"code": 1})))
        .expect(0)
        .mount(&elsewhere)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/steal", elsewhere.uri())),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = get(
        &client(&server),
        Request::new("GetSales", Method::GET, "sales".into()),
    )
    .await
    .unwrap_err();

    assert_eq!(error.status(), Some(reqwest::StatusCode::FOUND));
    assert!(matches!(error, Error::UnexpectedResponse(_)), "{error:?}");
}

#[tokio::test]
async fn a_form_body_is_one_pair_per_scalar_and_per_list_item() {
    let server = MockServer::start().await;
    respond_ok(&server).await;
    let request = Request::new("Form", Method::GET, "forms".to_owned()).form_body(
        &serde_json::json!({"name": "a b&c=d", "count": 3, "ratio": 0.5, "on": true, "tag": ["x", "y"], "none": []}),
        &[],
    );

    get(&client(&server), request).await.unwrap();

    let requests = received(&server).await;
    assert_eq!(
        requests[0].headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8(requests[0].body.clone()).unwrap(),
        "name=a+b%26c%3Dd&count=3&ratio=0.5&on=true&tag=x&tag=y"
    );
}

#[tokio::test]
async fn a_form_body_that_is_no_form_is_refused_before_sending() {
    let server = MockServer::start().await;
    respond_ok(&server).await;
    for value in [
        serde_json::json!(["not", "an", "object"]),
        serde_json::json!({"nested": {"a": 1}}),
        serde_json::json!({"missing": null}),
        serde_json::json!({"lists": [[1]]}),
    ] {
        let request = Request::new("Form", Method::GET, "forms".to_owned()).form_body(&value, &[]);

        let error = get(&client(&server), request).await.unwrap_err();

        let Error::InvalidRequest(invalid) = error else {
            panic!("{value}: {error:?}");
        };
        assert!(
            invalid
                .to_string()
                .contains("could not be encoded as a form"),
            "{invalid}"
        );
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn deep_object_form_properties_are_bracketed_pairs_at_any_depth() {
    let server = MockServer::start().await;
    respond_ok(&server).await;
    let body = serde_json::json!({
        "email": "a@b.test",
        "address": {"line1": "1 Main St", "city": "Paris"},
        "items": [{"price": "p_1", "quantity": 2}, {"price": "p_2"}],
        "metadata": {"order id": "7&8"},
        "expand": ["customer", "invoice.lines"],
        "tax": {"exempt": true, "ids": [{"type": "eu_vat", "value": "FR1"}]},
        "unset": "",
        "empty": {},
        "tags": ["x", "y"],
    });
    let request = Request::new("Form", Method::GET, "forms".to_owned()).form_body(
        &body,
        &[
            "address", "items", "metadata", "expand", "tax", "unset", "empty",
        ],
    );

    get(&client(&server), request).await.unwrap();

    let requests = received(&server).await;
    assert_eq!(
        String::from_utf8(requests[0].body.clone()).unwrap(),
        concat!(
            "email=a%40b.test",
            "&address%5Bline1%5D=1+Main+St&address%5Bcity%5D=Paris",
            "&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2&items%5B1%5D%5Bprice%5D=p_2",
            "&metadata%5Border+id%5D=7%268",
            "&expand%5B0%5D=customer&expand%5B1%5D=invoice.lines",
            "&tax%5Bexempt%5D=true&tax%5Bids%5D%5B0%5D%5Btype%5D=eu_vat&tax%5Bids%5D%5B0%5D%5Bvalue%5D=FR1",
            "&unset=",
            "&tags=x&tags=y",
        )
    );
}

#[tokio::test]
async fn deep_object_query_values_are_bracketed_pairs_and_scalars_plain() {
    let server = MockServer::start().await;
    respond_ok(&server).await;
    let request = Request::new("Deep", Method::GET, "deep".to_owned())
        .query_deep("created", &serde_json::json!({"gte": 5, "lt": 9}))
        .query_deep("since", &serde_json::json!(1_700_000_000))
        .query_deep("expand", &serde_json::json!(["data.customer"]))
        .query_deep("filter", &serde_json::json!({"a b": {"c": [true]}}));

    get(&client(&server), request).await.unwrap();

    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.query(),
        Some(concat!(
            "created%5Bgte%5D=5&created%5Blt%5D=9&since=1700000000",
            "&expand%5B0%5D=data.customer&filter%5Ba%20b%5D%5Bc%5D%5B0%5D=true"
        ))
    );
}

#[tokio::test]
async fn null_in_a_deep_object_is_refused_before_sending() {
    let server = MockServer::start().await;
    respond_ok(&server).await;
    let query = Request::new("Deep", Method::GET, "deep".to_owned())
        .query_deep("filter", &serde_json::json!({"status": null}));
    let form = Request::new("Deep", Method::GET, "deep".to_owned()).form_body(
        &serde_json::json!({"filter": {"status": [null]}}),
        &["filter"],
    );

    for (request, key) in [(query, "filter[status]"), (form, "filter[status][0]")] {
        let error = get(&client(&server), request).await.unwrap_err();

        let Error::InvalidRequest(invalid) = error else {
            panic!("{error:?}");
        };
        let cause = std::error::Error::source(&invalid).map(ToString::to_string);
        assert!(
            cause
                .as_deref()
                .is_some_and(|cause| cause.contains(&format!("`{key}` is null"))),
            "{invalid}: {cause:?}"
        );
    }
    assert!(received(&server).await.is_empty());
}
