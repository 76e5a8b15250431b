//! The `…_stream` methods: the pages of a list operation walked as one stream of items, against a
//! server on 127.0.0.1 (hand-written; the generator owns only `Cargo.toml` and `src/`).

use std::pin::pin;

use futures_util::StreamExt;
use serde_json::{Value, json};
use snapshot_list_operation::types::{GetSalesParams, GetSalesResponseResult};
use snapshot_list_operation::{Client, Error};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A sale whose id ends in `n`.
fn sale(n: usize) -> Value {
    json!({"id": format!("SaLeIdAbCdEfGhIj{n:04}"), "amount": n})
}

/// A page of `count` sales, numbered from `first`.
fn page(first: usize, count: usize) -> ResponseTemplate {
    let results: Vec<Value> = (first..first + count).map(sale).collect();
    ResponseTemplate::new(200).set_body_json(
        json!({"code": 1, "current_count": count, "current_page": 1, "results": results}),
    )
}

/// Answers page `number` (asked for exactly once) with `reply`.
async fn serve(server: &MockServer, number: u32, reply: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/sales"))
        .and(query_param("page", number.to_string()))
        .and(query_param("limit", "3"))
        .respond_with(reply)
        .expect(1)
        .mount(server)
        .await;
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client")
}

/// Three sales a page, from page 1.
fn params() -> GetSalesParams {
    GetSalesParams::new(1_700_000_000, 1_700_086_400, 3, 1)
}

/// Every item of the stream, in order.
async fn walk(
    client: &Client,
    params: &GetSalesParams,
) -> Vec<Result<GetSalesResponseResult, Error<snapshot_list_operation::types::ApiStandardErrors>>> {
    let mut stream = pin!(client.get_sales_stream(params));
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    items
}

fn amounts(
    items: &[Result<
        GetSalesResponseResult,
        Error<snapshot_list_operation::types::ApiStandardErrors>,
    >],
) -> Vec<f64> {
    items
        .iter()
        .filter_map(|item| item.as_ref().ok())
        .map(|sale| sale.amount.expect("an amount"))
        .collect()
}

#[tokio::test]
async fn three_pages_the_last_short_are_one_stream_and_nothing_more_is_asked() {
    let server = MockServer::start().await;
    serve(&server, 1, page(1, 3)).await;
    serve(&server, 2, page(4, 3)).await;
    serve(&server, 3, page(7, 2)).await;

    let items = walk(&client(&server), &params()).await;

    assert_eq!(amounts(&items), [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
    assert!(items.iter().all(Result::is_ok));
    // `expect(1)` on each page: page 4 was never asked for (an unmatched request would be a 404
    // and an error item).
    server.verify().await;
    let pages: Vec<String> = server
        .received_requests()
        .await
        .expect("recording")
        .iter()
        .map(|request| {
            request
                .url
                .query_pairs()
                .find(|(name, _)| name == "page")
                .map(|(_, value)| value.into_owned())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(pages, ["1", "2", "3"]);
}

#[tokio::test]
async fn an_error_on_page_two_is_the_last_item_and_is_not_retried() {
    let server = MockServer::start().await;
    serve(&server, 1, page(1, 3)).await;
    serve(
        &server,
        2,
        ResponseTemplate::new(200).set_body_json(json!({"code": 0, "message": "Slow down."})),
    )
    .await;

    let items = walk(&client(&server), &params()).await;

    assert_eq!(items.len(), 4, "three sales, then the error");
    assert_eq!(amounts(&items[..3]), [1.0, 2.0, 3.0]);
    match &items[3] {
        Err(Error::Api(error)) => {
            assert_eq!(error.body().message.as_deref(), Some("Slow down."));
        }
        other => panic!("expected the API error, got {other:?}"),
    }
    // Page 2 was asked for once: no retry, and no page 3.
    server.verify().await;
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        2
    );
}

#[tokio::test]
async fn an_empty_first_page_is_an_empty_stream() {
    let server = MockServer::start().await;
    serve(&server, 1, page(1, 0)).await;

    let items = walk(&client(&server), &params()).await;

    assert!(items.is_empty());
    server.verify().await;
}

#[tokio::test]
async fn a_walk_starts_at_the_page_the_parameters_name() {
    let server = MockServer::start().await;
    serve(&server, 5, page(13, 1)).await;

    let mut params = params();
    params.page = 5;
    let items = walk(&client(&server), &params).await;

    assert_eq!(amounts(&items), [13.0]);
    server.verify().await;
}

#[tokio::test]
async fn nothing_is_asked_before_the_stream_is_read() {
    let server = MockServer::start().await;
    let stream = client(&server).get_sales_stream(&params());
    drop(stream);
    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}

/// `GetArchivedSales` leaves `page` and `limit` optional (and deprecated): unset, the first
/// call leaves the page to the server, the next asks for page 2, and only an empty page ends
/// the walk, since the page size is unknown.
#[tokio::test]
#[allow(
    deprecated,
    reason = "the fixture's operation is deprecated on purpose"
)]
async fn without_page_or_limit_the_walk_starts_at_the_first_and_ends_at_an_empty_page() {
    use snapshot_list_operation::types::GetArchivedSalesParams;
    use wiremock::matchers::query_param_is_missing;

    let server = MockServer::start().await;
    for (page_query, reply) in [
        (None, page(1, 2)),
        (Some("2"), page(3, 1)),
        (Some("3"), page(4, 0)),
    ] {
        let mock = Mock::given(method("GET"))
            .and(path("/archived_sales"))
            .and(query_param_is_missing("limit"));
        let mock = match page_query {
            None => mock.and(query_param_is_missing("page")),
            Some(number) => mock.and(query_param("page", number)),
        };
        mock.respond_with(reply).expect(1).mount(&server).await;
    }

    let params = GetArchivedSalesParams::new(1_700_000_000, 1_700_086_400);
    let mut stream = pin!(client(&server).get_archived_sales_stream(&params));
    let mut amounts = Vec::new();
    while let Some(sale) = stream.next().await {
        amounts.push(sale.expect("a sale").amount.expect("an amount"));
    }

    assert_eq!(amounts, [1.0, 2.0, 3.0]);
    server.verify().await;
}

/// Every `amount` a stream of the sales shape yields, and whether any item was an error.
async fn collect_amounts<E>(
    stream: impl futures_core::Stream<
        Item = Result<snapshot_list_operation::types::GetCustomerSalesResponseResult, E>,
    >,
) -> (Vec<f64>, bool) {
    let mut stream = pin!(stream);
    let (mut amounts, mut failed) = (Vec::new(), false);
    while let Some(item) = stream.next().await {
        match item {
            Ok(sale) => amounts.push(sale.amount.expect("an amount")),
            Err(_) => failed = true,
        }
    }
    (amounts, failed)
}

#[tokio::test]
async fn a_list_under_a_path_argument_keeps_it_for_every_page() {
    use snapshot_list_operation::types::{CustomerId, GetCustomerSalesParams};

    let server = MockServer::start().await;
    for (number, reply) in [(1, page(1, 2)), (2, page(3, 1))] {
        Mock::given(method("GET"))
            .and(path("/customers/CuStOmErIdAbCdEfGhIj/sales"))
            .and(query_param("page", number.to_string()))
            .and(query_param("limit", "2"))
            .respond_with(reply)
            .expect(1)
            .mount(&server)
            .await;
    }
    // The ID and the parameters are gone before the stream is read: it keeps its own copies.
    let stream = {
        let customer_id = CustomerId::new("CuStOmErIdAbCdEfGhIj").expect("20 characters");
        let params = GetCustomerSalesParams::new().with_limit(2).with_page(1);
        client(&server).get_customer_sales_stream(&customer_id, &params)
    };
    assert_eq!(collect_amounts(stream).await, (vec![1.0, 2.0, 3.0], false));
}

#[tokio::test]
async fn a_list_with_a_body_sends_it_with_every_page() {
    use snapshot_list_operation::types::SearchTerm;
    use snapshot_list_operation::types::{SearchStoreSalesParams, SearchStoreSalesRequest};
    use wiremock::matchers::body_json;

    let server = MockServer::start().await;
    for (number, reply) in [(1, page(1, 2)), (2, page(3, 2)), (3, page(5, 0))] {
        Mock::given(method("POST"))
            .and(path("/stores/7/sales/search"))
            .and(query_param("page", number.to_string()))
            .and(body_json(json!({"search_term": "blue"})))
            .respond_with(reply)
            .expect(1)
            .mount(&server)
            .await;
    }
    let stream = {
        let body = SearchStoreSalesRequest::new(SearchTerm::new("blue").expect("1 to 100"));
        let params = SearchStoreSalesParams::new().with_limit(2).with_page(1);
        client(&server).search_store_sales_stream(7, &params, &body)
    };
    // The third page is empty: the stream ends there, its items those of the first two.
    assert_eq!(
        collect_amounts(stream).await,
        (vec![1.0, 2.0, 3.0, 4.0], false)
    );
}
