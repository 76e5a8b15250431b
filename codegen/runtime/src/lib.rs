//! Test harness for the HTTP runtime that `codegen` copies into every generated client.
//!
//! The files under `src/runtime/` are emitted verbatim into each generated crate as its
//! `runtime` module; this crate compiles them against a hand-written stand-in for the generated
//! `config` module (RevCent's values) and tests them against a local mock server. Nothing else
//! in this crate is copied.
//!
//! The runtime's own item documentation carries no code examples, because a doc-test names the
//! crate and the crate is different in every generated client; the generated crate's root
//! documentation carries the examples. These compile here, against this crate's name:
//!
//! ```no_run
//! use std::time::Duration;
//! use client_runtime::runtime::{Client, Error};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // The key's mode (test or live) decides whether calls have real effects.
//! let client = Client::builder()
//!     .api_key(std::env::var("REVCENT_API_KEY")?)
//!     .timeout(Duration::from_secs(30))
//!     .build()?;
//! assert_eq!(client.base_url(), "https://api.revcent.com/v2");
//! # Ok(())
//! # }
//! ```
//!
//! Telling errors apart:
//!
//! ```
//! use client_runtime::runtime::{Error, TransportErrorKind};
//!
//! fn describe(error: &Error) -> String {
//!     match error {
//!         // RevCent's error body, typed; it may arrive with HTTP 200.
//!         Error::Api(api) => format!("rejected: {api}"),
//!         // Connection never made: the request was not sent.
//!         Error::Transport(t) if t.kind() == TransportErrorKind::Connect => "offline".into(),
//!         // Anything else: the call may or may not have had an effect; it was not retried.
//!         other => other.to_string(),
//!     }
//! }
//! # let _ = describe;
//! ```

mod config;
pub mod runtime;
#[cfg(test)]
mod tests;
