//! `style: deepObject` values go out as bracketed pairs, in the query and in form bodies, byte for
//! byte as Stripe-style APIs read them (hand-written; the generator owns only `Cargo.toml` and
//! `src/`).

use std::collections::BTreeMap;

use snapshot_deep_objects::Client;
use snapshot_deep_objects::types::{
    Address, CreateCustomerRequest, Created, Email, Expand, InvoiceItemParams, ListChargesParams,
    Metadata, OptionalFieldsAddress, RangeQuerySpecs, TaxId, TaxParam, Type, Variant2,
};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client")
}

async fn listed(server: &MockServer, params: &ListChargesParams) -> String {
    Mock::given(method("GET"))
        .and(path("/charges"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"object": "list"})),
        )
        .mount(server)
        .await;
    client(server).list_charges(params).await.expect("reply");
    let requests = server.received_requests().await.expect("recorded");
    requests
        .last()
        .expect("a request")
        .url
        .query()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn deep_object_query_parameters_are_bracketed_pairs() {
    let server = MockServer::start().await;
    let params = ListChargesParams::new()
        .with_created(Created::RangeQuerySpecs(
            RangeQuerySpecs::new()
                .with_gte(1_700_000_000)
                .with_lt(1_800_000_000),
        ))
        .with_expand(vec![
            Expand::new("data.customer").expect("short"),
            Expand::new("data.invoice").expect("short"),
        ])
        .with_metadata(BTreeMap::from([("order id".to_owned(), "7&8".to_owned())]))
        .with_limit(3);

    assert_eq!(
        listed(&server, &params).await,
        concat!(
            "created%5Bgte%5D=1700000000&created%5Blt%5D=1800000000",
            "&expand%5B0%5D=data.customer&expand%5B1%5D=data.invoice",
            "&metadata%5Border%20id%5D=7%268&limit=3"
        )
    );
}

#[tokio::test]
async fn a_scalar_form_of_a_deep_object_parameter_is_one_plain_pair() {
    let server = MockServer::start().await;
    let params = ListChargesParams::new().with_created(Created::Integer(1_700_000_000));

    assert_eq!(listed(&server, &params).await, "created=1700000000");
}

#[tokio::test]
async fn deep_object_form_fields_are_bracketed_pairs_beside_plain_ones() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/customers"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(concat!(
            "email=a%40b.test&preferred_locales=fr&preferred_locales=en",
            "&address%5Bcity%5D=Paris&address%5Bline1%5D=1+rue+de+Rivoli",
            "&expand%5B0%5D=tax",
            "&invoice_items%5B0%5D%5Bprice%5D=price_1&invoice_items%5B0%5D%5Bquantity%5D=2",
            "&invoice_items%5B1%5D%5Bprice%5D=price_2",
            "&metadata=",
            "&tax%5Bexempt%5D=false&tax%5Bids%5D%5B0%5D%5Btype%5D=eu_vat&tax%5Bids%5D%5B0%5D%5Bvalue%5D=FR1",
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "cus_1"})))
        .expect(1)
        .mount(&server)
        .await;
    let body = CreateCustomerRequest::new(Email::new("a@b.test").expect("short"))
        .with_preferred_locales(vec!["fr".to_owned(), "en".to_owned()])
        .with_address(Address::OptionalFieldsAddress(
            OptionalFieldsAddress::new()
                .with_city("Paris".to_owned())
                .with_line1("1 rue de Rivoli".to_owned()),
        ))
        .with_expand(vec!["tax".to_owned()])
        .with_invoice_items(vec![
            InvoiceItemParams::new("price_1".to_owned()).with_quantity(2),
            InvoiceItemParams::new("price_2".to_owned()),
        ])
        // The empty string unsets the map, as Stripe documents.
        .with_metadata(Metadata::Variant2(Variant2::Empty))
        .with_tax(TaxParam::new().with_exempt(false).with_ids(vec![
                TaxId::new()
                    .with_type_(Type::EuVat)
                    .with_value("FR1".to_owned()),
            ]));

    let reply = client(&server).create_customer(&body).await.expect("reply");

    assert_eq!(reply.id.as_deref(), Some("cus_1"));
}
