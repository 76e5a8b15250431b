//! Path, query and header parameters that are a choice of scalars are written as the chosen
//! form's text (hand-written; the generator owns only `Cargo.toml` and `src/`): a number as its
//! digits, a string percent-encoded in the path like any other path string.

use snapshot_scalar_choice_parameters::Client;
use snapshot_scalar_choice_parameters::types::{
    Mark, RunWorkflowParams, Since, SinceVariant2, WorkflowId, XRunPriority, XRunPriorityVariant2,
};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_expecting(run_path: &str, since: &str, priority: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(run_path))
        .and(query_param("since", since))
        .and(query_param("marks", "0.5,true"))
        .and(header("X-Run-Priority", priority))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"code": 1, "run_id": 7})),
        )
        .expect(1)
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

#[tokio::test]
async fn an_integer_form_is_written_as_its_digits() {
    let server = server_expecting("/workflows/42/runs", "1700000000", "3").await;
    let params = RunWorkflowParams::new(XRunPriority::Integer(3))
        .with_since(Since::Integer(1_700_000_000))
        .with_marks(vec![Mark::Number(0.5), Mark::Boolean(true)]);

    let reply = client(&server)
        .run_workflow(&WorkflowId::Integer(42), &params)
        .await
        .expect("reply");

    assert_eq!(reply.run_id, Some(7));
}

#[tokio::test]
async fn a_string_form_is_written_as_its_text_and_percent_encoded_in_the_path() {
    // `main.yml` keeps its dot; `/` and the space are encoded, so the file name stays one
    // segment and cannot reach another resource.
    let server = server_expecting(
        "/workflows/ci%2Fmain%20build.yml/runs",
        "last week",
        "urgent",
    )
    .await;
    let params = RunWorkflowParams::new(XRunPriority::XRunPriorityVariant2(
        XRunPriorityVariant2::new("urgent").expect("valid"),
    ))
    .with_since(Since::SinceVariant2(SinceVariant2::LastWeek))
    .with_marks(vec![Mark::Number(0.5), Mark::Boolean(true)]);

    let reply = client(&server)
        .run_workflow(&WorkflowId::String("ci/main build.yml".to_owned()), &params)
        .await
        .expect("reply");

    assert_eq!(reply.run_id, Some(7));
}
