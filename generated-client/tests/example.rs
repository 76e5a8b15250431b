//! Runs the `trigger_ai_voice_agent` example as a person would, against a mock on 127.0.0.1.

use std::process::{Command, Output};

use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AGENT: &str = "AgEnTiDaBcDeFgHiJkLm";
const ITEM: &str = "CuStOmErIdXxXxXxXxXx";

/// The example binary that `cargo test` built beside this test's own binary. (`cargo test`
/// builds examples; `cargo test --test example` alone does not.)
fn example() -> Command {
    let test_binary = std::env::current_exe().expect("test binary");
    let target = test_binary
        .parent()
        .and_then(std::path::Path::parent)
        .expect("target directory");
    let binary = target.join("examples").join(format!(
        "trigger_ai_voice_agent{}",
        std::env::consts::EXE_SUFFIX
    ));
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

/// The example with `arguments`, calling `server` with a test key.
fn example_against(server: &MockServer, arguments: [&str; 3]) -> Command {
    let mut command = example();
    command
        .args(arguments)
        .env("REVCENT_API_KEY", "test-key")
        .env("REVCENT_BASE_URL", server.uri());
    command
}

async fn run(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output().expect("the example runs"))
        .await
        .expect("joined")
}

#[tokio::test(flavor = "multi_thread")]
async fn prints_the_call_id_on_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/ai_voice_agents/{AGENT}/trigger")))
        .and(header("x-api-key", "test-key"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 1, "ai_voice_call_id": "VoIcEcAlLiDxXxXxXxXx"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let output = run(example_against(&server, [AGENT, "customer", ITEM])).await;

    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "VoIcEcAlLiDxXxXxXxXx\n"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn prints_the_api_error_and_exits_1() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"code": 0, "error_code": "not_on_demand", "message": "The AI voice agent is not set to trigger on demand."})))
        .expect(1)
        .mount(&server)
        .await;
    let output = run(example_against(&server, [AGENT, "customer", ITEM])).await;

    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("The AI voice agent is not set to trigger on demand."),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn refuses_an_invalid_id_without_calling() {
    let mut command = example();
    command
        .args(["short", "customer", ITEM])
        .env("REVCENT_API_KEY", "test-key")
        // Nothing listens here: a request would fail differently.
        .env("REVCENT_BASE_URL", "http://127.0.0.1:9");

    let output = run(command).await;

    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid AiVoiceAgentId: expected exactly 20 characters, got 5"),
        "{stderr}"
    );
}
