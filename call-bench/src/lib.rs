//! What one call of the generated RevCent client costs, without the network: building the
//! request of each operation up to the `reqwest::Request` it sends, and decoding a realistic
//! reply, against a hand-written baseline that does the same with `serde_json::Value` and
//! `format!` (`benches/calls.rs`, run with `cargo bench -p call-bench`; figures in
//! BENCHMARKS.md).
//!
//! Both sides hand their request to the same in-process [`answer`], which returns the canned
//! reply, so the simulated network costs both the same. The typed side goes through
//! `ClientBuilder::transport`, the runtime's seam for calls without a server; everything else
//! on it is what a call over the network does.

/// The README's "Calling RevCent from another crate" example, compiled by `cargo test -p
/// call-bench --doc` as a crate outside `revcent`, the way a downstream crate meets it.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExample;

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use revcent::runtime::reqwest;
use revcent::runtime::reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use revcent::types::{
    AiAssistantId, AiVoiceAgentId, CallMethod, EditAiVoiceAgentRequest, ItemId, ItemType, Message,
    Role, SourceType, TriggerAiAssistantRequest, TriggerAiVoiceAgentRequest,
};
use revcent::{Client, RawReply, StatusCode};
use serde_json::{Value, json};

/// The key both sides send.
pub const KEY: &str = "rc_test_0123456789abcdefghij";
/// The base URL both sides send to (never reached).
pub const BASE_URL: &str = "https://api.revcent.com/v2";
/// The AI voice agent both voice-agent calls name.
pub const AGENT: &str = "AbCdEfGhIjKlMnOpQrSt";
/// The AI assistant the assistant call names.
pub const ASSISTANT: &str = "AsSiStAnTiDaBcDeFgHi";
/// The customer the triggers name.
pub const CUSTOMER: &str = "CuStOmErIdAbCdEfGhIj";

/// The replies RevCent sends on success, as the fragments describe them.
pub mod replies {
    /// `TriggerAIVoiceAgent`.
    pub const TRIGGER_AI_VOICE_AGENT: &str = r#"{"api_call_id":"ApIcAlLiDxXxXxXxXxXx","api_call_unix":1700000000,"code":1,"ai_voice_call_id":"VoIcEcAlLiDxXxXxXxXx","ai_voice_agent_id":"AbCdEfGhIjKlMnOpQrSt","customer_id":"CuStOmErIdAbCdEfGhIj","result":"AI Voice Agent triggered successfully. An outbound call will be placed to the customer."}"#;
    /// `TriggerAIAssistant`.
    pub const TRIGGER_AI_ASSISTANT: &str = r#"{"api_call_id":"ApIcAlLiDyYyYyYyYyYy","api_call_unix":1700000001,"code":1,"ai_thread_id":"AiThReAdIdXxXxXxXxXx","ai_assistant_id":"AsSiStAnTiDaBcDeFgHi","result":"AI Assistant triggered successfully."}"#;
    /// `EditAIVoiceAgent`.
    pub const EDIT_AI_VOICE_AGENT: &str = r#"{"api_call_id":"ApIcAlLiDzZzZzZzZzZz","api_call_unix":1700000002,"code":1,"ai_voice_agent_id":"AbCdEfGhIjKlMnOpQrSt","result":"AI Voice Agent updated successfully."}"#;
}

/// The stand-in for the network both sides call: a `200` JSON reply with `body`, built anew for
/// every request as a connection would deliver it.
#[must_use]
pub fn answer(_request: &reqwest::Request, body: &str) -> RawReply {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    RawReply {
        status: StatusCode::OK,
        headers,
        body: body.as_bytes().to_vec(),
    }
}

/// A generated client whose every request is answered with `reply`.
///
/// # Panics
///
/// Never with the constants of this crate: the key and base URL are valid.
#[must_use]
pub fn client(reply: &'static str) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(BASE_URL)
        .transport(move |request| answer(&request, reply))
        .build()
        .expect("a valid key and base URL")
}

/// Runs a call of a client built by [`client`] to its end. Such a call never waits (its
/// transport answers at once), so one poll completes it; no async runtime is measured.
///
/// # Panics
///
/// If the future waits, which only a client that goes to the network does.
pub fn complete<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a call answered in-process waited"),
    }
}

/// The typed calls, as a downstream crate writes them: arguments built, the method called.
pub mod typed {
    use super::{
        AGENT, ASSISTANT, AiAssistantId, AiVoiceAgentId, CUSTOMER, CallMethod, Client,
        EditAiVoiceAgentRequest, ItemId, ItemType, Message, Role, SourceType,
        TriggerAiAssistantRequest, TriggerAiVoiceAgentRequest, complete,
    };
    use revcent::Error;
    use revcent::types::{
        ApiStandardErrors, EditAiVoiceAgentResponse, TriggerAiAssistantResponse,
        TriggerAiVoiceAgentResponse,
    };

    /// `TriggerAIVoiceAgent`.
    ///
    /// # Errors
    ///
    /// What the call returns.
    pub fn trigger_ai_voice_agent(
        client: &Client,
    ) -> Result<TriggerAiVoiceAgentResponse, Box<dyn std::error::Error>> {
        let agent = AiVoiceAgentId::new(AGENT)?;
        let body = TriggerAiVoiceAgentRequest::new(ItemType::Customer, ItemId::new(CUSTOMER)?);
        Ok(complete(client.trigger_ai_voice_agent(&agent, &body))?)
    }

    /// `TriggerAIAssistant`, with two messages.
    ///
    /// # Errors
    ///
    /// What the call returns.
    pub fn trigger_ai_assistant(
        client: &Client,
    ) -> Result<TriggerAiAssistantResponse, Box<dyn std::error::Error>> {
        let assistant = AiAssistantId::new(ASSISTANT)?;
        let body = TriggerAiAssistantRequest::new()
            .with_source_type(SourceType::Item)
            .with_item_type(ItemType::Customer)
            .with_item_id(ItemId::new(CUSTOMER)?)
            .with_messages(vec![
                Message::new()
                    .with_role(Role::System)
                    .with_content("Answer in one sentence.".to_owned()),
                Message::new()
                    .with_role(Role::User)
                    .with_content("Summarise this customer's last order.".to_owned()),
            ]);
        let reply: Result<_, Error<ApiStandardErrors>> =
            complete(client.trigger_ai_assistant(&assistant, &body));
        Ok(reply?)
    }

    /// `EditAIVoiceAgent`, a partial update of four fields.
    ///
    /// # Errors
    ///
    /// What the call returns.
    pub fn edit_ai_voice_agent(
        client: &Client,
    ) -> Result<EditAiVoiceAgentResponse, Box<dyn std::error::Error>> {
        let agent = AiVoiceAgentId::new(AGENT)?;
        let body = EditAiVoiceAgentRequest::new()
            .with_name("Order follow-up".to_owned())
            .with_description("Calls customers the day after their order ships.".to_owned())
            .with_enabled(true)
            .with_call_method(CallMethod::Outbound);
        Ok(complete(client.edit_ai_voice_agent(&agent, &body))?)
    }
}

/// The same calls written by hand: the URL with `format!`, the body as a `serde_json::Value`,
/// the request with reqwest's builder, the reply read into a `Value` and its `code` checked.
pub mod baseline {
    use super::{
        ACCEPT, AGENT, ASSISTANT, BASE_URL, CONTENT_TYPE, CUSTOMER, HeaderValue, KEY, USER_AGENT,
        Value, answer, json, reqwest,
    };

    /// What a hand-written client keeps between calls.
    #[derive(Debug)]
    pub struct Baseline {
        http: reqwest::Client,
        key: HeaderValue,
    }

    impl Baseline {
        /// A hand-written client with the same key.
        ///
        /// # Panics
        ///
        /// Never: the key is a valid header value, and reqwest builds a client.
        #[must_use]
        pub fn new() -> Self {
            let mut key = HeaderValue::from_static(KEY);
            key.set_sensitive(true);
            Self {
                http: reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .expect("a reqwest client"),
                key,
            }
        }

        /// Builds the request, hands it to [`answer`] with `reply`, and reads the reply.
        fn call(&self, url: String, body: &Value, reply: &str) -> Result<Value, String> {
            let request = self
                .http
                .post(url)
                .header("x-api-key", self.key.clone())
                .header(ACCEPT, "application/json")
                .header(USER_AGENT, "baseline/0.1")
                .header(CONTENT_TYPE, "application/json")
                .body(serde_json::to_vec(body).map_err(|e| e.to_string())?)
                .build()
                .map_err(|e| e.to_string())?;
            let reply = answer(&request, reply);
            let value: Value = serde_json::from_slice(&reply.body).map_err(|e| e.to_string())?;
            if !reply.status.is_success() || value["code"] != 1 {
                return Err(format!("API error: {}", value["message"]));
            }
            Ok(value)
        }

        /// `TriggerAIVoiceAgent`.
        ///
        /// # Errors
        ///
        /// The call's error, as text.
        pub fn trigger_ai_voice_agent(&self, reply: &str) -> Result<Value, String> {
            let (url, body) = trigger_ai_voice_agent();
            self.call(url, &body, reply)
        }

        /// `TriggerAIAssistant`, with two messages.
        ///
        /// # Errors
        ///
        /// The call's error, as text.
        pub fn trigger_ai_assistant(&self, reply: &str) -> Result<Value, String> {
            let (url, body) = trigger_ai_assistant();
            self.call(url, &body, reply)
        }

        /// `EditAIVoiceAgent`, a partial update of four fields.
        ///
        /// # Errors
        ///
        /// The call's error, as text.
        pub fn edit_ai_voice_agent(&self, reply: &str) -> Result<Value, String> {
            let (url, body) = edit_ai_voice_agent();
            self.call(url, &body, reply)
        }
    }

    /// The URL and body of the `TriggerAIVoiceAgent` call.
    #[must_use]
    pub fn trigger_ai_voice_agent() -> (String, Value) {
        (
            format!("{BASE_URL}/ai_voice_agents/{AGENT}/trigger"),
            json!({"source_type": "item", "item_type": "customer", "item_id": CUSTOMER}),
        )
    }

    /// The URL and body of the `TriggerAIAssistant` call.
    #[must_use]
    pub fn trigger_ai_assistant() -> (String, Value) {
        (
            format!("{BASE_URL}/ai_assistants/{ASSISTANT}/trigger"),
            json!({
                "source_type": "item",
                "item_type": "customer",
                "item_id": CUSTOMER,
                "messages": [
                    {"role": "system", "content": "Answer in one sentence."},
                    {"role": "user", "content": "Summarise this customer's last order."},
                ],
            }),
        )
    }

    /// The URL and body of the `EditAIVoiceAgent` call.
    #[must_use]
    pub fn edit_ai_voice_agent() -> (String, Value) {
        (
            format!("{BASE_URL}/ai_voice_agents/{AGENT}"),
            json!({
                "name": "Order follow-up",
                "description": "Calls customers the day after their order ships.",
                "enabled": true,
                "call_method": "outbound",
            }),
        )
    }

    impl Default for Baseline {
        fn default() -> Self {
            Self::new()
        }
    }
}
