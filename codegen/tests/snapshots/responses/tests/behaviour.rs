//! Replies beyond one 200 and `default`, and bodies that are not JSON (hand-written; the
//! generator owns only `Cargo.toml` and `src/`).

use serde_json::json;
use snapshot_responses::types::{CreatePetError, CreatePetRequest, CreatePetResponse};
use snapshot_responses::{Client, Error, UnexpectedKind};
use wiremock::matchers::{body_bytes, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serve(reply: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(reply)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client");
    (server, client)
}

fn rex() -> CreatePetRequest {
    CreatePetRequest::new("Rex".to_owned())
}

#[tokio::test]
async fn each_success_status_gives_its_own_form() {
    let (_server, client) =
        serve(ResponseTemplate::new(201).set_body_json(json!({"id": 1, "name": "Rex"}))).await;
    let created = client.create_pet(&rex()).await.expect("created");
    let CreatePetResponse::Pet(pet) = created else {
        panic!("a pet expected: {created:?}");
    };
    assert_eq!((pet.id, pet.name.as_str()), (1, "Rex"));

    let (_server, client) =
        serve(ResponseTemplate::new(200).set_body_json(json!({"existing_id": 9}))).await;
    let existing = client.create_pet(&rex()).await.expect("found");
    let CreatePetResponse::ExistingPet(existing) = existing else {
        panic!("an existing pet expected: {existing:?}");
    };
    assert_eq!(existing.existing_id, 9);
}

#[tokio::test]
async fn typed_error_statuses_keep_their_status_and_body() {
    let (_server, client) =
        serve(ResponseTemplate::new(400).set_body_json(json!({"fields": ["name"]}))).await;
    let Err(Error::Api(error)) = client.create_pet(&rex()).await else {
        panic!("expected an API error");
    };
    assert_eq!(error.status().as_u16(), 400);
    assert!(
        matches!(error.body(), CreatePetError::ValidationProblem(problem) if problem.fields == ["name"])
    );

    let (_server, client) =
        serve(ResponseTemplate::new(503).set_body_json(json!({"message": "down"}))).await;
    let Err(Error::Api(error)) = client.create_pet(&rex()).await else {
        panic!("expected an API error");
    };
    assert!(matches!(error.body(), CreatePetError::Problem(problem) if problem.message == "down"));

    // A declared error without a JSON body is not typed: it is an unexpected reply.
    let (_server, client) =
        serve(ResponseTemplate::new(404).set_body_raw("<h1>Not found</h1>", "text/html")).await;
    let Err(Error::UnexpectedResponse(unexpected)) = client.create_pet(&rex()).await else {
        panic!("expected an unexpected reply");
    };
    assert_eq!(unexpected.kind(), UnexpectedKind::NotJson);
}

#[tokio::test]
async fn no_content_is_unit_and_an_optional_body_is_an_option() {
    let (_server, client) = serve(ResponseTemplate::new(204)).await;
    client.delete_pet("p1").await.expect("deleted");
    assert_eq!(client.find_pet("p1").await.expect("no pet"), None);

    let (_server, client) =
        serve(ResponseTemplate::new(200).set_body_json(json!({"id": 2, "name": "Tom"}))).await;
    let pet = client.find_pet("p2").await.expect("pet").expect("a pet");
    assert_eq!((pet.id, pet.name.as_str()), (2, "Tom"));
}

#[tokio::test]
async fn binary_replies_are_bytes_and_ask_for_their_media_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/p1/photo"))
        .and(header("accept", "image/png"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![137_u8, 80, 78, 71], "image/png"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client");
    assert_eq!(
        client.get_pet_photo("p1").await.expect("photo"),
        [137, 80, 78, 71]
    );
}

#[tokio::test]
async fn text_and_byte_bodies_are_sent_with_their_media_types() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets/p1/notes"))
        .and(header("content-type", "text/plain"))
        .and(body_string("Friendly."))
        .respond_with(ResponseTemplate::new(200).set_body_raw("Friendly.", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/pets/p1/photo"))
        .and(header("content-type", "application/octet-stream"))
        .and(body_bytes(vec![1_u8, 2, 3]))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client");
    assert_eq!(
        client.add_note("p1", "Friendly.").await.expect("echoed"),
        "Friendly."
    );
    client
        .upload_photo("p1", Some(&[1, 2, 3]))
        .await
        .expect("stored");
}

#[tokio::test]
async fn json_is_preferred_when_a_body_may_have_several_media_types() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("content-type", "application/json"))
        .and(wiremock::matchers::body_json(json!({"name": "Rex"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 1, "name": "Rex"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("key")
        .base_url(server.uri())
        .build()
        .expect("client");
    client.create_pet(&rex()).await.expect("created");
}
