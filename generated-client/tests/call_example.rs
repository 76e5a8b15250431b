//! Runs the generated `call` example as a person would, against a stand-in on 127.0.0.1.

use std::process::{Command, Output};

use serde_json::{Value, json};
use wiremock::matchers::{any, body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AGENT: &str = "AgEnTiDaBcDeFgHiJkLm";
const ITEM: &str = "CuStOmErIdXxXxXxXxXx";

/// The example binary that `cargo test` built beside this test's own binary.
fn example() -> Command {
    let test_binary = std::env::current_exe().expect("test binary");
    let target = test_binary
        .parent()
        .and_then(std::path::Path::parent)
        .expect("target directory");
    let binary = target
        .join("examples")
        .join(format!("call{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} is missing: run `cargo test -p revcent`, which builds the examples",
        binary.display()
    );
    let mut command = Command::new(binary);
    command
        .env_remove("REVCENT_BASE_URL")
        .env_remove("REVCENT_API_KEY");
    command
}

async fn run(server: &MockServer, arguments: &[&str]) -> Output {
    let mut command = example();
    command
        .args(arguments)
        .env("REVCENT_API_KEY", "test-key")
        .env("REVCENT_BASE_URL", server.uri());
    tokio::task::spawn_blocking(move || command.output().expect("the example runs"))
        .await
        .expect("joined")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn prints_the_reply_as_json_and_exits_0() {
    let server = MockServer::start().await;
    let reply = json!({"code": 1, "ai_voice_call_id": "VoIcEcAlLiDxXxXxXxXx"});
    Mock::given(method("POST"))
        .and(path(format!("/ai_voice_agents/{AGENT}/trigger")))
        .and(header("x-api-key", "test-key"))
        .and(body_json(
            json!({"source_type": "item", "item_type": "customer", "item_id": ITEM}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(reply.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let input = json!({"ai_voice_agent_id": AGENT, "source_type": "item", "item_type": "customer", "item_id": ITEM});
    let output = run(&server, &["TriggerAIVoiceAgent", &input.to_string()]).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let printed: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    assert_eq!(printed, reply);
    assert!(!text(&output.stderr).contains("test-key"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_and_api_errors_go_to_stderr_with_exit_1() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 0, "message": "Item not found"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let refused = run(
        &server,
        &[
            "TriggerAIVoiceAgent",
            &json!({"ai_voice_agent_id": "short"}).to_string(),
        ],
    )
    .await;
    assert_eq!(refused.status.code(), Some(1));
    assert!(refused.stdout.is_empty());
    assert!(
        text(&refused.stderr).contains("ai_voice_agent_id"),
        "{}",
        text(&refused.stderr)
    );

    let not_json = run(&server, &["TriggerAIVoiceAgent", "{"]).await;
    assert_eq!(not_json.status.code(), Some(1));
    assert!(
        text(&not_json.stderr).contains("not JSON"),
        "{}",
        text(&not_json.stderr)
    );

    let input = json!({"ai_voice_agent_id": AGENT, "source_type": "item", "item_type": "customer", "item_id": ITEM});
    let api_error = run(&server, &["TriggerAIVoiceAgent", &input.to_string()]).await;
    assert_eq!(api_error.status.code(), Some(1));
    assert!(api_error.stdout.is_empty());
    assert!(
        text(&api_error.stderr).contains("Item not found"),
        "{}",
        text(&api_error.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn list_prints_every_operation_with_its_method_and_path() {
    let server = MockServer::start().await;
    let output = run(&server, &["--list"]).await;
    assert!(output.status.success());
    let listed = text(&output.stdout);
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), revcent::table::OPERATIONS.len());
    assert!(
        lines.contains(
            &"TriggerAIVoiceAgent\tPOST /ai_voice_agents/{ai_voice_agent_id}/trigger\tside effects"
        ),
        "{listed}"
    );
}
