//! The MCP server's safety policy and tools, over a table of three made-up operations whose
//! dispatchers send real requests to a wiremock server on 127.0.0.1.

use rmcp::model::{CallToolRequestParams, CallToolResult, JsonObject, ProtocolVersion, Tool};
use rmcp::service::RunningService;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::client;
use crate::runtime::mcp::{McpError, McpServer, Policy};
use crate::runtime::{CallFuture, Client, Input, Operation, Request};

fn send(client: &Client, request: Request) -> CallFuture<'_> {
    Box::pin(async move { client.execute::<Value, Value>(request).await })
}

fn get_thing(client: &Client, _input: Value) -> CallFuture<'_> {
    send(
        client,
        Request::new("GetThing", reqwest::Method::GET, "things".to_owned()),
    )
}

fn list_items(client: &Client, _input: Value) -> CallFuture<'_> {
    send(
        client,
        Request::new("ListItems", reqwest::Method::GET, "items".to_owned()),
    )
}

fn refund_sale(client: &Client, input: Value) -> CallFuture<'_> {
    Box::pin(async move {
        let mut input = Input::new("RefundSale", input)?;
        let _sale_id: String = input.required("sale_id")?;
        input.finish()?;
        client
            .execute::<Value, Value>(Request::new(
                "RefundSale",
                reqwest::Method::POST,
                "sales/refund".to_owned(),
            ))
            .await
    })
}

/// Sorted by `operationId`, as the generator writes tables.
static TABLE: &[Operation] = &[
    Operation {
        operation_id: "GetThing",
        method: "GET",
        path: "/things",
        summary: "Get the thing",
        description: "Gets **the** thing.",
        read_only: true,
        input_schema: r#"{"type":"object","properties":{},"additionalProperties":false}"#,
        output_schema: Some(
            r#"{"allOf":[{"type":"object","properties":{"code":{"type":"integer"}}},{"type":"object","properties":{"name":{"type":"string"}}}]}"#,
        ),
        dispatch: get_thing,
    },
    Operation {
        operation_id: "ListItems",
        method: "GET",
        path: "/items",
        summary: "List items",
        description: "",
        read_only: true,
        input_schema: r#"{"type":"object","properties":{}}"#,
        output_schema: Some(r#"{"type":"array","items":{"type":"string"}}"#),
        dispatch: list_items,
    },
    Operation {
        operation_id: "RefundSale",
        method: "POST",
        path: "/sales/refund",
        summary: "Refund a sale",
        description: "Moves money back.",
        read_only: false,
        input_schema: r#"{"type":"object","properties":{"sale_id":{"type":"string"}},"required":["sale_id"]}"#,
        output_schema: Some(r#"{"type":"object","properties":{"code":{"type":"integer"}}}"#),
        dispatch: refund_sale,
    },
    // Ids that are not tool names, or become the same one.
    Operation {
        operation_id: "repos/get",
        method: "GET",
        path: "/repos",
        summary: "Get a repository",
        description: "",
        read_only: true,
        input_schema: r#"{"type":"object","properties":{}}"#,
        output_schema: None,
        dispatch: list_items,
    },
    Operation {
        operation_id: "repos_get",
        method: "GET",
        path: "/repos_",
        summary: "Get a repository too",
        description: "",
        read_only: true,
        input_schema: r#"{"type":"object","properties":{}}"#,
        output_schema: None,
        dispatch: list_items,
    },
];

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|&arg| arg.to_owned()).collect()
}

fn refund() -> &'static Operation {
    &TABLE[2]
}

#[test]
fn read_only_operations_are_served_by_default_and_writes_only_when_named() {
    let policy = Policy::from_args_in(TABLE, args(&[])).unwrap();
    assert!(policy.permits(&TABLE[0]) && policy.permits(&TABLE[1]));
    assert!(!policy.permits(refund()));

    for named in [
        &["--allow", "RefundSale"][..],
        &["--allow=RefundSale"],
        &["--allow-all-writes"],
    ] {
        let policy = Policy::from_args_in(TABLE, args(named)).unwrap();
        assert!(policy.permits(refund()), "{named:?}");
    }
    // Allowing a read-only operation changes nothing, and refuses nothing.
    let policy = Policy::from_args_in(TABLE, args(&["--allow", "GetThing"])).unwrap();
    assert!(!policy.permits(refund()));
}

#[test]
fn unknown_operations_and_arguments_are_refused_at_start_up() {
    let error = Policy::from_args_in(TABLE, args(&["--allow", "refundsale"])).unwrap_err();
    assert!(matches!(&error, McpError::UnknownOperation(id) if id == "refundsale"));
    assert!(
        error.to_string().contains("no operation `refundsale`"),
        "{error}"
    );

    let error = Policy::from_args_in(TABLE, args(&["--allow"])).unwrap_err();
    assert!(matches!(error, McpError::Usage(_)), "{error}");
    let error = Policy::from_args_in(TABLE, args(&["--allow-everything"])).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("unknown argument `--allow-everything`"),
        "{error}"
    );
    assert!(error.to_string().contains("--allow-all-writes"), "{error}");
}

async fn connect(server: &MockServer, policy: &Policy) -> RunningService<RoleClient, ()> {
    let mcp = McpServer::with_table(client(server), policy, TABLE).unwrap();
    let (server_end, client_end) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let running = mcp.serve(server_end).await.expect("server starts");
        let _ = running.waiting().await;
    });
    ().serve(client_end).await.expect("client connects")
}

fn schema(tool: &Tool) -> Option<Value> {
    tool.output_schema
        .as_deref()
        .map(|schema| Value::Object(schema.clone()))
}

#[tokio::test]
async fn lists_served_tools_with_schemas_and_annotations() {
    let server = MockServer::start().await;
    let session = connect(&server, &Policy::read_only()).await;
    let info = session.peer_info().expect("initialised");
    let instructions = info.instructions.clone().unwrap_or_default();
    assert!(instructions.contains("Not served"), "{instructions}");
    assert!(instructions.contains("RefundSale"), "{instructions}");

    let tools = session.list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|tool| tool.name.as_ref()).collect();
    assert_eq!(names, ["GetThing", "ListItems", "repos_get", "repos_get_2"]);

    let get = &tools[0];
    assert_eq!(get.description.as_deref(), Some("Gets **the** thing."));
    assert_eq!(get.title.as_deref(), Some("Get the thing"));
    let annotations = get.annotations.as_ref().unwrap();
    assert_eq!(annotations.read_only_hint, Some(true));
    assert_eq!(annotations.idempotent_hint, Some(true));
    assert_eq!(annotations.destructive_hint, Some(false));
    assert_eq!(
        Value::Object(get.input_schema.as_ref().clone()),
        json!({"type": "object", "properties": {}, "additionalProperties": false})
    );
    // An `allOf` of objects is marked an object, for clients on older protocol versions.
    let output = schema(get).unwrap();
    assert_eq!(output["type"], "object");
    assert_eq!(output["allOf"].as_array().map(Vec::len), Some(2));
    // No description: the summary stands in.
    assert_eq!(tools[1].description.as_deref(), Some("List items"));
    // A session opened with `initialize` speaks a protocol version before 2026-07-28, where an
    // output schema must be an object: rmcp leaves the array's out.
    assert!(info.protocol_version < ProtocolVersion::V_2026_07_28);
    assert_eq!(schema(&tools[1]), None);

    let session = connect(&server, &Policy::read_only().allow_all_writes()).await;
    let tools = session.list_all_tools().await.unwrap();
    let refund = tools.iter().find(|tool| tool.name == "RefundSale").unwrap();
    let annotations = refund.annotations.as_ref().unwrap();
    assert_eq!(annotations.read_only_hint, Some(false));
    assert_eq!(annotations.destructive_hint, Some(true));
    assert_eq!(annotations.idempotent_hint, Some(false));
    assert_eq!(annotations.open_world_hint, Some(true));
}

fn arguments(value: Value) -> Option<JsonObject> {
    match value {
        Value::Object(object) => Some(object),
        _ => None,
    }
}

fn text_json(result: &CallToolResult) -> Value {
    let text = result
        .content
        .first()
        .and_then(|block| block.as_text())
        .expect("a text block");
    serde_json::from_str(&text.text).expect("JSON text")
}

#[tokio::test]
async fn a_refused_call_never_reaches_the_server_and_says_how_to_enable_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"code": 1})))
        .expect(0)
        .mount(&server)
        .await;
    let session = connect(&server, &Policy::read_only()).await;
    let result = session
        .call_tool(
            CallToolRequestParams::new("RefundSale")
                .with_arguments(arguments(json!({"sale_id": "x"})).unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(result.is_error, Some(true));
    let error = text_json(&result);
    assert_eq!(error["error"], "refused");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("--allow RefundSale"), "{message}");
    assert!(message.contains("--allow-all-writes"), "{message}");

    // A name no operation has is the protocol's error, not a tool's.
    let unknown = session
        .call_tool(CallToolRequestParams::new("DropTables"))
        .await;
    assert!(unknown.is_err(), "{unknown:?}");
}

#[tokio::test]
async fn allowed_calls_return_the_reply_and_errors_as_tool_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sales/refund"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": 0, "message": "no such sale"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"code": 1, "name": "n"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(["a", "b"])))
        .expect(1)
        .mount(&server)
        .await;
    let policy = Policy::from_args_in(TABLE, args(&["--allow", "RefundSale"])).unwrap();
    let session = connect(&server, &policy).await;

    let result = session
        .call_tool(CallToolRequestParams::new("GetThing"))
        .await
        .unwrap();
    assert_eq!(result.is_error, Some(false));
    assert_eq!(
        result.structured_content,
        Some(json!({"code": 1, "name": "n"}))
    );

    // A reply that is not an object is text for a client on a protocol before 2026-07-28.
    let result = session
        .call_tool(CallToolRequestParams::new("ListItems"))
        .await
        .unwrap();
    assert_eq!(result.is_error, Some(false));
    assert_eq!(result.structured_content, None);
    assert_eq!(text_json(&result), json!(["a", "b"]));

    let result = session
        .call_tool(
            CallToolRequestParams::new("RefundSale")
                .with_arguments(arguments(json!({"sale_id": "x"})).unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(result.is_error, Some(true));
    assert_eq!(result.structured_content, None);
    let error = text_json(&result);
    assert_eq!(error["error"], "api");
    assert_eq!(error["status"], 200);
    assert_eq!(error["body"], json!({"code": 0, "message": "no such sale"}));

    // Bad input is the tool's error too, naming the field, and is not sent.
    let result = session
        .call_tool(CallToolRequestParams::new("RefundSale"))
        .await
        .unwrap();
    assert_eq!(result.is_error, Some(true));
    let error = text_json(&result);
    assert_eq!(error["error"], "invalid_request");
    assert_eq!(error["field"], "sale_id");
}
