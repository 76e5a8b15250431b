//! How constructs from other APIs' fragments behave (hand-written; the generator owns only
//! `Cargo.toml` and `src/`).

use std::collections::BTreeMap;

use serde_json::json;
use snapshot_other_apis::Client;
use snapshot_other_apis::types::{
    Company, Extra, Field, Owner, Person, Size, Tag, UpdatePetParams, UpdatePetRequest,
    UpdatePetResponse,
};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn an_optional_nullable_field_tells_absent_from_null() {
    let absent = UpdatePetRequest::default();
    assert_eq!(
        serde_json::to_value(&absent).expect("serializes"),
        json!({})
    );
    let null = UpdatePetRequest::default().with_name(None);
    assert_eq!(
        serde_json::to_value(&null).expect("serializes"),
        json!({"name": null})
    );
    let set = UpdatePetRequest::default()
        .with_name(Some("Rex".to_owned()))
        .with_tag(Tag::Dog);
    assert_eq!(
        serde_json::to_value(&set).expect("serializes"),
        json!({"name": "Rex", "tag": "dog"})
    );

    let read: UpdatePetRequest = serde_json::from_value(json!({"nickname": null})).expect("reads");
    assert_eq!(read.nickname, Some(None));
    assert_eq!(read.name, None);
}

#[test]
fn a_read_only_field_is_read_but_never_sent() {
    let read: UpdatePetRequest = serde_json::from_value(json!({"id": 7})).expect("reads");
    assert_eq!(read.id, Some(7));
    assert_eq!(serde_json::to_value(&read).expect("serializes"), json!({}));
}

#[test]
fn one_of_picks_the_form_whose_discriminating_property_matches() {
    let reply: UpdatePetResponse =
        serde_json::from_value(json!({"owner": {"kind": "company", "registration": "HRB 1"}}))
            .expect("reads");
    assert_eq!(
        reply.owner,
        Some(Owner::Company(Company::new("HRB 1".to_owned())))
    );
    // The tag allows one value, so `new` sets it.
    let person = Owner::Person(Person::new("Ada".to_owned()));
    assert_eq!(
        serde_json::to_value(&person).expect("serializes"),
        json!({"kind": "person", "name": "Ada"})
    );
}

#[test]
fn any_of_with_null_is_an_optional_choice() {
    let request = UpdatePetRequest::default().with_size(Some(Size::Integer(3)));
    assert_eq!(
        serde_json::to_value(&request).expect("serializes"),
        json!({"size": 3})
    );
    let read: UpdatePetRequest = serde_json::from_value(json!({"size": "large"})).expect("reads");
    assert_eq!(read.size, Some(Some(Size::String("large".to_owned()))));
}

#[test]
fn additional_properties_are_maps_and_flattened_beside_listed_ones() {
    let mut extra = Extra::new().with_known(true);
    extra.additional_properties.insert("legs".to_owned(), 4);
    let request = UpdatePetRequest::default()
        .with_labels(BTreeMap::from([("colour".to_owned(), "brown".to_owned())]))
        .with_extra(extra.clone());
    assert_eq!(
        serde_json::to_value(&request).expect("serializes"),
        json!({"labels": {"colour": "brown"}, "extra": {"known": true, "legs": 4}})
    );
    let read: Extra = serde_json::from_value(json!({"known": true, "legs": 4})).expect("reads");
    assert_eq!(read, extra);
}

#[tokio::test]
async fn headers_comma_joined_lists_and_integer_path_ids_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/pets/42"))
        .and(header("X-Request-Id", "req-1"))
        .and(query_param("fields", "name,tag"))
        .and(body_json(json!({"name": null})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 42, "tag": "cat"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client");
    let params = UpdatePetParams::default()
        .with_x_request_id("req-1".to_owned())
        .with_fields(vec![Field::Name, Field::Tag]);
    let body = UpdatePetRequest::default().with_name(None);
    #[allow(
        deprecated,
        reason = "the fixture's operation is deprecated on purpose"
    )]
    let reply = client
        .update_pet(42, &params, &body)
        .await
        .expect("success");
    assert_eq!(reply.tag, Some(Tag::Cat));
}

#[test]
fn a_one_of_beside_properties_is_flattened_into_the_object() {
    use snapshot_other_apis::types::{ByName, ByTag, Form, SearchPetsRequest};
    let request = SearchPetsRequest::new(
        "rex".to_owned(),
        Form::ByName(ByName::new("Rex".to_owned())),
    );
    assert_eq!(
        serde_json::to_value(&request).expect("serializes"),
        json!({"query": "rex", "name": "Rex"})
    );
    let read: SearchPetsRequest =
        serde_json::from_value(json!({"query": "dogs", "tag": "dog"})).expect("reads");
    assert_eq!(read.form, Form::ByTag(ByTag::new("dog".to_owned())));
}

#[tokio::test]
async fn a_value_that_fits_two_forms_of_a_one_of_is_refused() {
    use snapshot_other_apis::types::SearchPetsRequest;
    // `oneOf: [{required: [name]}, {required: [tag]}]`, neither closed: both forms accept a
    // value with both properties, which `oneOf` therefore refuses.
    let both = json!({"query": "dogs", "name": "Rex", "tag": "dog"});
    let error = serde_json::from_value::<SearchPetsRequest>(both.clone()).expect_err("refused");
    let message = error.to_string();
    assert!(
        message.contains("more than one form") && message.contains("`ByName` and `ByTag`"),
        "{message}"
    );
    // A dynamic call refuses it before sending: the stand-in expects no call.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client");
    let error = client
        .call("searchPets", json!({"body": both}))
        .await
        .expect_err("refused before sending");
    assert!(error.to_string().contains("more than one form"), "{error}");
}

#[tokio::test]
async fn a_query_written_into_the_path_template_is_always_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/p%201/beta"))
        .and(query_param("beta", "true"))
        .and(query_param("v", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p 1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client");
    let reply = client.get_pet_beta("p 1").await.expect("success");
    assert_eq!(reply.id, "p 1");
}

#[tokio::test]
async fn a_list_parameter_outside_its_item_bounds_is_refused_before_sending() {
    use snapshot_other_apis::Error;
    use snapshot_other_apis::types::ListPetsParams;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"pets": [], "total": 0})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client");
    let tags = |count: usize| (0..count).map(|tag| format!("t{tag}")).collect::<Vec<_>>();
    for (count, why) in [(0, "at least 1 item"), (6, "at most 5 items")] {
        let params = ListPetsParams::default().with_tags(tags(count));
        let error = client.list_pets(&params).await.expect_err("refused");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error}");
        let message = error.to_string();
        assert!(message.contains("tags"), "{message}");
        assert!(
            message.contains(why) || message.contains("1 to 5 items"),
            "{message}"
        );
    }
    // Within the bounds it is sent: the mock expects exactly this one call.
    let params = ListPetsParams::default().with_tags(tags(5));
    client.list_pets(&params).await.expect("sent");
}
