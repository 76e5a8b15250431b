//! Triggers an outbound AI voice call for one item, and prints the call's ID.
//!
//! ```text
//! REVCENT_API_KEY=… [REVCENT_BASE_URL=http://127.0.0.1:PORT] \
//!     cargo run -p revcent --example trigger_ai_voice_agent -- <ai_voice_agent_id> <item_type> <item_id>
//! ```
//!
//! With a live key this dials a real phone number and costs money: try it with a test-mode key,
//! or against a local mock server through `REVCENT_BASE_URL`. On any error it prints the error
//! (and its causes) to stderr and exits with status 1.

use std::process::ExitCode;

use revcent::Client;
use revcent::types::{AiVoiceAgentId, ItemId, ItemType, TriggerAiVoiceAgentRequest};

const USAGE: &str = "usage: trigger_ai_voice_agent <ai_voice_agent_id> <item_type> <item_id>\n\
    environment: REVCENT_API_KEY (required), REVCENT_BASE_URL (optional)";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(call_id) => {
            println!("{call_id}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            let mut source = error.source();
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<String, Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [agent, item_type, item] = arguments.as_slice() else {
        return Err(USAGE.into());
    };
    // Every argument is checked before anything is sent.
    let agent = AiVoiceAgentId::new(agent.as_str())?;
    let item_type: ItemType = item_type.parse()?;
    let item_id = ItemId::new(item.as_str())?;

    let api_key = std::env::var("REVCENT_API_KEY")
        .map_err(|_| format!("REVCENT_API_KEY is not set\n{USAGE}"))?;
    let mut builder = Client::builder().api_key(api_key);
    if let Ok(base_url) = std::env::var("REVCENT_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    let body = TriggerAiVoiceAgentRequest::new(item_type, item_id);
    let reply = client.trigger_ai_voice_agent(&agent, &body).await?;
    let call_id = reply
        .ai_voice_call_id
        .ok_or("RevCent reported success but sent no ai_voice_call_id")?;
    Ok(call_id.into_inner())
}
