//! The `mcp` feature's server, driven by rmcp's own client: in-process over an in-memory pipe,
//! and as the generated `mcp` example run as a child process, against a RevCent stand-in on
//! 127.0.0.1. What is checked of the tools is read from the operation table, so the checks
//! hold whatever operations the spec has.
#![cfg(feature = "mcp")]

use std::process::Stdio;

use revcent::Client;
use revcent::runtime::mcp::{McpServer, Policy};
use revcent::table::OPERATIONS;
use rmcp::model::{CallToolRequestParams, CallToolResult, JsonObject};
use rmcp::service::RunningService;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};
use wiremock::matchers::{any, body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AGENT: &str = "AgEnTiDaBcDeFgHiJkLm";
const ITEM: &str = "CuStOmErIdXxXxXxXxXx";
const KEY: &str = "rc_live_test-key-never-printed";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .build()
        .expect("client")
}

/// An MCP client session with an in-process server over `policy`.
async fn connect(server: &MockServer, policy: &Policy) -> RunningService<RoleClient, ()> {
    let mcp = McpServer::new(client(server), policy).expect("server");
    let (server_end, client_end) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let running = mcp.serve(server_end).await.expect("server starts");
        let _ = running.waiting().await;
    });
    ().serve(client_end).await.expect("client connects")
}

fn trigger_input() -> JsonObject {
    let input = json!({"ai_voice_agent_id": AGENT, "source_type": "item", "item_type": "customer", "item_id": ITEM});
    match input {
        Value::Object(object) => object,
        _ => unreachable!("an object literal"),
    }
}

fn trigger() -> CallToolRequestParams {
    CallToolRequestParams::new("TriggerAIVoiceAgent").with_arguments(trigger_input())
}

fn text_json(result: &CallToolResult) -> Value {
    let text = result
        .content
        .first()
        .and_then(|block| block.as_text())
        .expect("a text block");
    serde_json::from_str(&text.text).expect("JSON text")
}

/// A stand-in that fails the test if anything reaches it.
async fn untouched() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn every_allowed_operation_is_a_tool_with_the_tables_schemas_and_annotations() {
    let server = untouched().await;
    let session = connect(&server, &Policy::read_only().allow_all_writes()).await;
    let tools = session.list_all_tools().await.expect("tools/list");
    assert_eq!(tools.len(), OPERATIONS.len());
    for (tool, operation) in tools.iter().zip(OPERATIONS) {
        assert_eq!(tool.name, operation.operation_id);
        assert_eq!(tool.title.as_deref(), Some(operation.summary));
        let description = if operation.description.is_empty() {
            operation.summary
        } else {
            operation.description
        };
        assert_eq!(tool.description.as_deref(), Some(description));
        assert_eq!(
            Value::Object(tool.input_schema.as_ref().clone()),
            operation.input_schema_json().expect("JSON"),
            "{}",
            operation.operation_id
        );
        // RevCent's success schemas are objects: offered verbatim.
        assert_eq!(
            tool.output_schema.as_deref().cloned().map(Value::Object),
            operation.output_schema_json().expect("JSON"),
            "{}",
            operation.operation_id
        );
        let annotations = tool.annotations.as_ref().expect("annotations");
        assert_eq!(annotations.read_only_hint, Some(operation.read_only));
        assert_eq!(annotations.destructive_hint, Some(!operation.read_only));
        assert_eq!(annotations.idempotent_hint, Some(operation.read_only));
    }
}

#[tokio::test]
async fn only_read_only_and_named_operations_are_listed() {
    let server = untouched().await;
    let session = connect(&server, &Policy::read_only()).await;
    let listed: Vec<String> = session
        .list_all_tools()
        .await
        .expect("tools/list")
        .into_iter()
        .map(|tool| tool.name.into_owned())
        .collect();
    let read_only: Vec<&str> = OPERATIONS
        .iter()
        .filter(|operation| operation.read_only)
        .map(|operation| operation.operation_id)
        .collect();
    assert_eq!(listed, read_only);
    let instructions = session
        .peer_info()
        .and_then(|info| info.instructions.clone())
        .unwrap_or_default();
    assert!(
        instructions.contains("TriggerAIVoiceAgent"),
        "{instructions}"
    );

    let policy = Policy::read_only()
        .allow("TriggerAIVoiceAgent")
        .expect("a RevCent operation");
    let session = connect(&server, &policy).await;
    let listed = session.list_all_tools().await.expect("tools/list");
    assert!(listed.iter().any(|tool| tool.name == "TriggerAIVoiceAgent"));
    assert!(!listed.iter().any(|tool| tool.name == "TriggerAIAssistant"));
}

#[tokio::test]
async fn an_allowed_call_reaches_the_stand_in_and_returns_the_reply_as_structured_content() {
    let server = MockServer::start().await;
    let reply = json!({"code": 1, "ai_voice_call_id": "VoIcEcAlLiDxXxXxXxXx", "result": "ok"});
    Mock::given(method("POST"))
        .and(path(format!("/ai_voice_agents/{AGENT}/trigger")))
        .and(header("x-api-key", KEY))
        .and(body_json(
            json!({"source_type": "item", "item_type": "customer", "item_id": ITEM}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let policy = Policy::from_args(["--allow".to_owned(), "TriggerAIVoiceAgent".to_owned()])
        .expect("policy");
    let session = connect(&server, &policy).await;
    let result = session.call_tool(trigger()).await.expect("tools/call");
    assert_eq!(result.is_error, Some(false));
    assert_eq!(result.structured_content, Some(reply.clone()));
    assert_eq!(text_json(&result), reply);
}

#[tokio::test]
async fn revcents_code_0_error_is_a_tool_error_with_its_json() {
    let server = MockServer::start().await;
    let error = json!({"code": 0, "error_code": "not_found", "message": "AI Voice Agent not found", "result": "error"});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(error.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let session = connect(&server, &Policy::read_only().allow_all_writes()).await;
    let result = session.call_tool(trigger()).await.expect("tools/call");
    assert_eq!(result.is_error, Some(true));
    let got = text_json(&result);
    assert_eq!(got["error"], "api");
    assert_eq!(got["status"], 200);
    assert_eq!(got["body"], error);
    let message = got["message"].as_str().expect("message");
    assert!(message.contains("AI Voice Agent not found"), "{message}");
    assert!(!message.contains(KEY));
}

#[tokio::test]
async fn a_refused_call_never_reaches_the_stand_in_and_says_how_to_enable_it() {
    let server = untouched().await;
    let session = connect(&server, &Policy::read_only()).await;
    let result = session.call_tool(trigger()).await.expect("tools/call");
    assert_eq!(result.is_error, Some(true));
    let got = text_json(&result);
    assert_eq!(got["error"], "refused");
    let message = got["message"].as_str().expect("message");
    assert!(message.contains("--allow TriggerAIVoiceAgent"), "{message}");
}

#[test]
fn an_unknown_operation_to_allow_is_an_error() {
    let error = Policy::read_only()
        .allow("TriggerAiVoiceAgent")
        .expect_err("operationIds are case-sensitive");
    assert!(error.to_string().contains("TriggerAiVoiceAgent"), "{error}");
}

/// The example binary that `cargo test --features mcp` built beside this test's own binary.
fn example() -> std::path::PathBuf {
    let test_binary = std::env::current_exe().expect("test binary");
    let binary = test_binary
        .parent()
        .and_then(std::path::Path::parent)
        .expect("target directory")
        .join("examples")
        .join(format!("mcp{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} is missing: run `cargo test -p revcent --features mcp` (all targets), which builds the examples",
        binary.display()
    );
    binary
}

#[tokio::test]
async fn the_example_refuses_an_unknown_allow_at_start_up() {
    let output = tokio::process::Command::new(example())
        .args(["--allow", "NoSuchOperation"])
        .env("REVCENT_API_KEY", KEY)
        .env_remove("REVCENT_BASE_URL")
        .stdin(Stdio::null())
        .output()
        .await
        .expect("the example runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no operation `NoSuchOperation`"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[tokio::test]
async fn the_example_serves_over_stdio_with_the_key_and_base_url_from_the_environment() {
    let server = MockServer::start().await;
    let reply = json!({"code": 1, "ai_voice_call_id": "VoIcEcAlLiDxXxXxXxXx"});
    Mock::given(method("POST"))
        .and(path(format!("/ai_voice_agents/{AGENT}/trigger")))
        .and(header("x-api-key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let mut child = tokio::process::Command::new(example())
        .args(["--allow", "TriggerAIVoiceAgent"])
        .env("REVCENT_API_KEY", KEY)
        .env("REVCENT_BASE_URL", server.uri())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the example starts");
    let (Some(stdout), Some(stdin)) = (child.stdout.take(), child.stdin.take()) else {
        panic!("piped stdio");
    };
    let session = ().serve((stdout, stdin)).await.expect("client connects");
    let tools = session.list_all_tools().await.expect("tools/list");
    let names: Vec<&str> = tools.iter().map(|tool| tool.name.as_ref()).collect();
    assert_eq!(names, ["TriggerAIVoiceAgent"]);
    let result = session.call_tool(trigger()).await.expect("tools/call");
    assert_eq!(result.structured_content, Some(reply));
    session.cancel().await.expect("closed");

    let output = child.wait_with_output().await.expect("the example exits");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains(KEY), "{stderr}");
    assert!(output.status.success(), "{stderr}");
}
