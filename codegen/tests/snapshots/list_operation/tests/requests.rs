//! What a list operation sends (hand-written; the generator owns only `Cargo.toml` and `src/`).

use snapshot_list_operation::types::{
    CampaignId, GetSalesParams, MetadataFilter, SearchCustomersParams, Status,
};
use snapshot_list_operation::{Client, Error};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"code": 1, "current_count": 0, "results": []})),
        )
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client")
}

fn params() -> GetSalesParams {
    GetSalesParams::new(1_700_000_000, 4_102_444_800, 25, 1)
}

async fn sent_query(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1);
    assert!(
        requests[0].body.is_empty(),
        "a GET sends no body, not even the declared empty form"
    );
    requests[0]
        .url
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

#[tokio::test]
async fn required_parameters_are_sent_and_unset_optional_ones_are_not() {
    let server = server().await;
    let reply = client(&server).get_sales(&params()).await.expect("success");
    assert_eq!(reply.current_count, Some(0));
    assert_eq!(
        sent_query(&server).await,
        pairs(&[
            ("date_start", "1700000000"),
            ("date_end", "4102444800"),
            ("limit", "25"),
            ("page", "1")
        ])
    );
}

#[tokio::test]
async fn lists_repeat_their_key_and_objects_are_sent_as_json() {
    let server = server().await;
    let params = params()
        .with_sale_status(vec![Status::Paid, Status::Failed])
        .with_campaign_filter(vec![
            CampaignId::new("CaMpAiGnIdXxXxXxXxXx").expect("20 characters"),
        ])
        .with_metadata_filter(vec![MetadataFilter::new(
            "source".to_owned(),
            "web".to_owned(),
        )])
        .with_amount_min(9.5);
    client(&server).get_sales(&params).await.expect("success");
    let sent = sent_query(&server).await;
    assert_eq!(
        sent[4..],
        pairs(&[
            ("sale_status", "paid"),
            ("sale_status", "failed"),
            ("campaign_filter", "CaMpAiGnIdXxXxXxXxXx"),
            ("metadata_filter", r#"{"name":"source","value":"web"}"#),
            ("amount_min", "9.5"),
        ])
    );
}

#[tokio::test]
async fn an_empty_list_sends_no_pair() {
    let server = server().await;
    let params = params().with_sale_status(Vec::new());
    client(&server).get_sales(&params).await.expect("success");
    assert_eq!(sent_query(&server).await.len(), 4);
}

#[tokio::test]
async fn a_limit_out_of_bounds_is_refused_before_anything_is_sent() {
    let server = server().await;
    let mut params = params();
    params.limit = 26;
    let error = client(&server)
        .get_sales(&params)
        .await
        .expect_err("limit is at most 25");
    assert!(
        matches!(&error, Error::InvalidRequest(invalid) if invalid.invalid_value().is_some()),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("invalid limit: expected an integer from 1 to 25, got 26"),
        "{error}"
    );
    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}

#[tokio::test]
async fn a_search_term_is_percent_encoded() {
    let server = server().await;
    let params = SearchCustomersParams::new("a&b=c d".to_owned());
    client(&server)
        .search_customers(&params)
        .await
        .expect("success");
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests[0].url.path(), "/customers/search");
    assert_eq!(requests[0].url.query(), Some("search_term=a%26b%3Dc%20d"));
}
