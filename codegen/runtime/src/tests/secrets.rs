//! The credential never appears in anything printed, and is marked sensitive on the wire.

use std::time::Duration;

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{KEY, assert_no_key, error_body, trigger};
use crate::runtime::{Client, Error, InvalidValue, check_length};

/// Every way an error is commonly printed: Display, Debug, pretty Debug and the source chain.
fn printed_forms(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut forms = vec![
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    let mut source = error.source();
    while let Some(cause) = source {
        forms.push(cause.to_string());
        forms.push(format!("{cause:?}"));
        source = cause.source();
    }
    forms
}

#[tokio::test]
async fn key_is_absent_from_client_builder_and_every_error_variant() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(error_body(0)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_raw("<html>bad</html>", "text/html"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let builder = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200));
    let client = builder.clone().build().unwrap();

    for printed in [
        format!("{builder:?}"),
        format!("{builder:#?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", super::trigger_request()),
    ] {
        assert_no_key(&printed);
    }
    assert!(format!("{client:?}").contains("x-api-key: [redacted]"));
    assert!(format!("{builder:?}").contains("[redacted]"));

    let api = trigger(&client).await.unwrap_err();
    let unexpected = trigger(&client).await.unwrap_err();
    let transport = trigger(&client).await.unwrap_err();
    let invalid: Error<super::ApiStandardErrors> =
        check_length("AiVoiceAgentId", KEY, Some(20), Some(20))
            .unwrap_err()
            .into();
    assert!(matches!(api, Error::Api(_)));
    assert!(matches!(unexpected, Error::UnexpectedResponse(_)));
    assert!(matches!(transport, Error::Transport(_)));
    for error in [&api, &unexpected, &transport, &invalid] {
        for printed in printed_forms(error) {
            assert_no_key(&printed);
        }
    }
}

#[test]
fn bearer_token_is_absent_from_client_and_builder_debug() {
    let token = "oauth-SECRETKEY-token";
    let builder = Client::builder().bearer_token(token);
    let client = builder.clone().build().unwrap();

    for printed in [format!("{builder:?}"), format!("{client:?}")] {
        assert!(!printed.contains(token), "{printed}");
        assert!(printed.contains("[redacted]"), "{printed}");
    }
}

#[test]
fn build_errors_never_echo_the_key_or_the_base_url_given() {
    let with_line_break = format!("{KEY}\n");
    let with_space = format!(" {KEY}");
    let errors = [
        Client::new(with_line_break.as_str()).unwrap_err(),
        Client::new(with_space.as_str()).unwrap_err(),
        Client::new(format!("{KEY}\u{e9}")).unwrap_err(),
        // The key pasted where the base URL goes.
        Client::builder()
            .api_key("ok")
            .base_url(KEY)
            .build()
            .unwrap_err(),
        Client::builder()
            .api_key("ok")
            .base_url(format!("https://user:{KEY}@api.example.test/v2"))
            .build()
            .unwrap_err(),
    ];
    for error in &errors {
        for printed in printed_forms(error) {
            assert_no_key(&printed);
        }
    }
}

#[test]
fn invalid_value_never_echoes_the_value() {
    let error: InvalidValue = check_length("AiVoiceAgentId", KEY, Some(20), Some(20)).unwrap_err();

    assert_no_key(&error.to_string());
    assert_no_key(&format!("{error:?}"));
}

#[test]
fn credential_header_value_is_marked_sensitive() {
    let api_key_client = Client::new(KEY).unwrap();
    let bearer_client = Client::builder().bearer_token("t0ken").build().unwrap();

    let (name, value) = api_key_client.credential_header();
    assert_eq!(name, "x-api-key");
    assert!(value.is_sensitive());
    let (name, value) = bearer_client.credential_header();
    assert_eq!(name, "authorization");
    assert!(value.is_sensitive());
}

#[tokio::test]
async fn tracing_event_has_operation_method_status_and_elapsed_but_no_key_or_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(error_body(0)))
        .mount(&server)
        .await;
    let recorder = capture::record_this_thread();

    let _ = trigger(&super::client(&server)).await;

    let events = recorder.events();
    assert_eq!(events.len(), 1, "{events:?}");
    let event = &events[0];
    for field in [
        "operation_id=\"TriggerAIVoiceAgent\"",
        "method=POST",
        "status=200",
        "outcome=\"api_error\"",
        "elapsed=",
    ] {
        assert!(event.contains(field), "{field} missing from {event}");
    }
    assert_no_key(event);
    assert!(
        !event.contains("not set to trigger"),
        "body logged: {event}"
    );
    assert!(
        !event.contains("CuStOmErId"),
        "request body logged: {event}"
    );
}

/// A minimal `tracing` subscriber that records events as text (no `tracing-subscriber` needed).
mod capture {
    use std::cell::RefCell;
    use std::fmt::Write as _;
    use std::sync::{Arc, Mutex, OnceLock};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::subscriber::Interest;
    use tracing::{Event, Metadata, Subscriber};

    /// The events recorded on one test's thread, until it is dropped.
    pub(super) struct Recorder(Arc<Mutex<Vec<String>>>);

    impl Recorder {
        pub(super) fn events(&self) -> Vec<String> {
            self.0.lock().unwrap().clone()
        }
    }

    impl Drop for Recorder {
        fn drop(&mut self) {
            ACTIVE.with(|active| active.borrow_mut().take());
        }
    }

    thread_local! {
        static ACTIVE: RefCell<Option<Arc<Mutex<Vec<String>>>>> = const { RefCell::new(None) };
    }

    /// Records the runtime's events emitted on this thread.
    ///
    /// One global subscriber routes to the recording thread, rather than a thread-scoped
    /// `set_default`: tracing caches each callsite's interest process-wide, and with scoped
    /// subscribers a test on another thread could leave the runtime's event cached as disabled.
    pub(super) fn record_this_thread() -> Recorder {
        static INSTALLED: OnceLock<()> = OnceLock::new();
        INSTALLED.get_or_init(|| {
            let _ = tracing::subscriber::set_global_default(Router);
        });
        let events = Arc::new(Mutex::new(Vec::new()));
        ACTIVE.with(|active| *active.borrow_mut() = Some(Arc::clone(&events)));
        Recorder(events)
    }

    struct Router;

    struct Text(String);

    impl Visit for Text {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, "{}={value:?} ", field.name());
        }
        fn record_str(&mut self, field: &Field, value: &str) {
            let _ = write!(self.0, "{}={value:?} ", field.name());
        }
    }

    impl Subscriber for Router {
        // `sometimes`, so `enabled` is asked on every call and can look at the thread.
        fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
            Interest::sometimes()
        }
        fn enabled(&self, metadata: &Metadata<'_>) -> bool {
            // Only the runtime's own events (reqwest and hyper log too), on a recording thread.
            metadata.target().starts_with("client_runtime")
                && ACTIVE.with(|active| active.borrow().is_some())
        }
        fn new_span(&self, _: &Attributes<'_>) -> Id {
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut text = Text(format!("{} ", event.metadata().level()));
            event.record(&mut text);
            ACTIVE.with(|active| {
                if let Some(events) = &*active.borrow() {
                    events.lock().unwrap().push(text.0);
                }
            });
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}
