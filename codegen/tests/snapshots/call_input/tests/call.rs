//! `Client::call` where names collide: a query and a header parameter both called `id`, a body
//! property named like a path parameter, a query parameter called `body`. Each input reaches
//! the stand-in on 127.0.0.1 where the table's input schema says; refused inputs never do.

use serde_json::{Value, json};
use snapshot_call_input::table::operation;
use snapshot_call_input::{Client, Error};
use wiremock::matchers::{any, body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const WIDGET: &str = "WiDgEtIdXxXxXxXxXxXx";
const OTHER: &str = "OtHeRiDxXxXxXxXxXxXx";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(server.uri())
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_query_and_a_header_of_one_name_are_told_apart() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/widgets/{WIDGET}")))
        .and(query_param("id", "7"))
        .and(header("id", "trace-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"code": 1, "name": "w"})))
        .expect(1)
        .mount(&server)
        .await;
    let reply = client(&server)
        .call(
            "GetWidget",
            json!({"widget_id": WIDGET, "id": 7, "header_id": "trace-1"}),
        )
        .await
        .expect("success");
    assert_eq!(reply, json!({"code": 1, "name": "w"}));
    assert!(operation("GetWidget").expect("listed").read_only);
}

#[tokio::test]
async fn a_body_sharing_a_parameter_name_is_passed_whole() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/widgets/{WIDGET}")))
        .and(body_json(json!({"widget_id": OTHER, "name": "renamed"})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let reply = client(&server)
        .call(
            "RenameWidget",
            json!({"widget_id": WIDGET, "body": {"widget_id": OTHER, "name": "renamed"}}),
        )
        .await
        .expect("success");
    assert_eq!(reply, Value::Null);
}

#[tokio::test]
async fn a_parameter_called_body_moves_the_body_aside() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/widgets/tags"))
        .and(query_param("body", "front"))
        .and(body_json(json!(["a", "b"])))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"code": 1, "tagged": 2})))
        .expect(1)
        .mount(&server)
        .await;
    let reply = client(&server)
        .call("TagWidgets", json!({"body": "front", "body_": ["a", "b"]}))
        .await
        .expect("success");
    assert_eq!(reply["tagged"], 2);
}

#[tokio::test]
async fn a_merged_body_is_sent_as_its_properties() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/widgets"))
        .and(body_json(json!({"name": "lamp", "color": "red"})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": 1, "widget_id": WIDGET})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let reply = client(&server)
        .call("CreateWidget", json!({"name": "lamp", "color": "red"}))
        .await
        .expect("success");
    assert_eq!(reply["widget_id"], WIDGET);
}

#[tokio::test]
async fn inputs_the_operation_refuses_never_reach_the_server() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);
    let cases = [
        ("GetWidget", json!({"widget_id": WIDGET, "id": 0}), "id"),
        (
            "GetWidget",
            json!({"widget_id": WIDGET, "id": "seven"}),
            "id",
        ),
        (
            "GetWidget",
            json!({"widget_id": WIDGET, "stray": true}),
            "stray",
        ),
        (
            "CreateWidget",
            json!({"name": "far too long a name"}),
            "name",
        ),
        (
            "CreateWidget",
            json!({"name": "lamp", "color": "green"}),
            "color",
        ),
        (
            "RenameWidget",
            json!({"widget_id": WIDGET, "body": {"widget_id": OTHER}}),
            "body",
        ),
        ("TagWidgets", json!({"body": "side", "body_": []}), "body"),
        (
            "TagWidgets",
            json!({"body": "front", "body_": [1]}),
            "body_[0]",
        ),
        // A bare list body keeps its `maxItems`, checked by the typed method, whose message
        // names its argument (`body`).
        (
            "TagWidgets",
            json!({"body": "front", "body_": ["a", "b", "c", "d"]}),
            "body",
        ),
    ];
    for (operation_id, input, field) in cases {
        let error = client
            .call(operation_id, input.clone())
            .await
            .expect_err("refused");
        let Error::InvalidRequest(invalid) = &error else {
            panic!("{operation_id} {input}: expected an invalid request, got {error}")
        };
        let message = error.to_string();
        assert!(message.contains("nothing was sent"), "{message}");
        assert!(
            // The typed method's own checks name its argument in the message.
            invalid.input_field() == Some(field) || message.to_lowercase().contains(field),
            "{operation_id} {input}: {message}"
        );
    }
}

/// `Gadget` is met in the request and in the reply: read leniently in the reply, it refuses in
/// a dynamic call's input all that a type met in requests only refuses, naming the place.
#[tokio::test]
async fn a_type_also_met_in_replies_is_strict_in_the_input_and_lenient_in_the_reply() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/gadgets/replace"))
        .and(body_json(json!({"gadget": {"serial": "ABCD1234", "mode": "on", "parts": [{"label": "a"}]}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 1,
            // Replies are read leniently: a short serial, a mode the spec does not list, a
            // property it does not list, a part label longer than it allows.
            "gadget": {"serial": "AB", "mode": "dim", "colour": "red", "parts": [{"label": "longer"}]}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let reply = client
        .call(
            "ReplaceGadget",
            json!({"gadget": {"serial": "ABCD1234", "mode": "on", "parts": [{"label": "a"}]}}),
        )
        .await
        .expect("sent and read");
    assert_eq!(reply["gadget"]["serial"], "AB");
    assert_eq!(reply["gadget"]["mode"], "dim");

    let valid = json!({"serial": "ABCD1234"});
    let with = |key: &str, value: Value| {
        let mut gadget = valid.clone();
        gadget[key] = value;
        json!({ "gadget": gadget })
    };
    let cases = [
        (with("serial", json!("AB")), "gadget.serial", "8"),
        (
            with("mode", json!("dim")),
            "gadget.mode",
            "values the spec lists",
        ),
        (with("colour", json!("red")), "gadget", "colour"),
        (with("note", Value::Null), "gadget", "note"),
        (
            with("slots", json!(["a", "b", "c"])),
            "gadget",
            "at most 2 items",
        ),
        (
            with("parts", json!([{"label": "a"}, {"label": "longer"}])),
            "gadget.parts[1].label",
            "4",
        ),
        (json!({"gadget": {"mode": "on"}}), "gadget", "serial"),
    ];
    for (input, field, rule) in cases {
        let error = client
            .call("ReplaceGadget", input.clone())
            .await
            .expect_err("refused");
        let Error::InvalidRequest(invalid) = &error else {
            panic!("{input}: expected an invalid request, got {error}")
        };
        let message = error.to_string();
        assert_eq!(invalid.input_field(), Some(field), "{input}: {message}");
        assert!(message.contains(rule), "{input}: {message}");
        assert!(message.contains("nothing was sent"), "{message}");
    }
}
