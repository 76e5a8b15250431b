//! The HTTP runtime: the [`Client`], its [`ClientBuilder`], and the [`Error`] every operation
//! returns.
//!
//! # Requests
//!
//! Every request carries `Accept: application/json`, the user agent, `Content-Type:
//! application/json` when it has a body, and the credential (the API key header, or
//! `Authorization: Bearer …` when the client was built with a bearer token) — unless the
//! operation is called on another server than the base URL whose host the generator's
//! configuration does not name: the crate's documentation lists each server and whether it
//! receives the credential, and [`ClientBuilder::server_url`] moves a server without changing
//! that. The credential header is marked sensitive, and it never appears in the `Debug` or
//! `Display` output of any type here.
//!
//! Redirects are not followed by a client this runtime builds (its redirect policy is
//! `none`): following one would forward the credential to whatever host the redirect names. An
//! operation that declares `3xx` replies returns an `Outcome` the caller matches on
//! (`Outcome::NotModified` for `304`, `Outcome::Redirect` with the `Location` for the others);
//! any other `3xx` is reported like any reply that is not a success (see below). An operation
//! that declares no `2xx` returns the [`RawReply`] of every reply outside `4xx` and `5xx`; one
//! whose only success is `101 Switching Protocols` returns the `Upgrade`d connection. (The
//! crate root exports `Outcome`, `Redirect` and `Upgrade`, like the `Multipart` and `FilePart`
//! of multipart bodies, only when some operation needs them.)
//!
//! # No automatic retries
//!
//! The runtime sends each request exactly once. Many operations (triggers, refunds, voids, sale
//! creation, edits) are not idempotent, and the API documents no idempotency keys, so resending
//! after a timeout or a dropped connection could perform the action twice. When a request fails
//! with [`Error::Transport`] after it was sent, the server may or may not have acted on it;
//! deciding whether to try again is left to the caller, who knows what the call does.
//!
//! # How a reply is classified
//!
//! This is the one place the order is written down. For every reply, the runtime:
//!
//! 1. reads the whole body (a failure while reading is [`Error::Transport`]; a body larger than
//!    64 MiB is [`Error::UnexpectedResponse`] with [`UnexpectedKind::BodyTooLarge`]);
//! 2. if a `Content-Type` header is present and is not JSON (`application/json`, or any
//!    `…/…+json` such as `application/problem+json`, parameters like `charset` ignored), reports
//!    [`UnexpectedKind::NotJson`];
//! 3. if the body is empty: on a `2xx` status, decodes the success type from JSON `null`, which
//!    succeeds only for operations whose success type is `()` or an `Option`; otherwise (and on
//!    any other status) reports [`UnexpectedKind::EmptyBody`];
//! 4. if the body is not valid JSON, reports [`UnexpectedKind::InvalidJson`] (a body cut short
//!    is told apart from one that is not JSON at all);
//! 5. if the status is `2xx` and the API's success marker (RevCent: the body field `code`) is
//!    absent from the body or equal to its success value (RevCent: `1`), decodes the
//!    operation's success type; if that fails, reports [`UnexpectedKind::SuccessBodyMismatch`];
//! 6. otherwise (a status outside `2xx`, or a `2xx` whose marker field holds anything but the
//!    success value, including a non-integer), decodes the operation's error body type: success
//!    is [`Error::Api`], failure is [`UnexpectedKind::ErrorBodyMismatch`].
//!
//! So an HTTP 200 whose body is the API's error body is an [`Error::Api`] with its typed fields,
//! not a decoding failure, and an HTML error page from a proxy is never mistaken for one.
//!
//! # Errors and their messages
//!
//! Each error's `Display` names the API and the operation and describes what went wrong at this
//! layer; a lower-level cause (the `reqwest` or `serde_json` error) is not repeated there but
//! returned by [`std::error::Error::source`], so print errors with a reporter that walks the
//! chain (for example `anyhow`'s `{:#}`) to see it. Nothing in an error echoes the credential.
//!
//! # Logging
//!
//! Each call emits one `tracing` event at `debug` level when it finishes, with the operation id,
//! method, status (when a reply arrived), elapsed time and outcome. Bodies, query strings and
//! credentials are never logged.

mod call;
mod client;
mod error;
#[cfg(feature = "mcp")]
pub mod mcp;
// Not `pub`: the crate root re-exports what these hold only where an operation needs it (a
// multipart body; `3xx` replies or an upgrade), so a client without them does not document
// them. `RawReply` is public always: `ClientBuilder::transport` answers with one.
#[allow(
    dead_code,
    reason = "used only by generated operations with multipart bodies"
)]
pub(crate) mod multipart;
pub(crate) mod nullable;
#[allow(
    dead_code,
    reason = "`Outcome` and `Upgrade` are used only by generated operations that declare 3xx replies or switch protocols"
)]
pub(crate) mod outcome;
mod pages;
mod request;
mod response;
pub(crate) mod strict;
mod table;
// Not `pub`: the crate root re-exports these where its types keep unknown values or forms, so
// a client whose replies have no catch-all does not document them; unused there.
#[allow(
    dead_code,
    reason = "used only by generated enums and choices that occur in replies"
)]
pub(crate) mod unknown;
mod validate;

#[allow(
    unused_imports,
    reason = "used by generated dispatchers, which may not need every helper"
)]
pub(crate) use call::{CallFuture, Input, not_callable, outcome_json, raw_json, reply_json};
#[allow(
    unused_imports,
    reason = "used by generated code, which may not need every helper"
)]
pub(crate) use client::Server;
pub use client::{BuildError, Client, ClientBuilder};
pub use error::{
    ApiError, Error, InvalidRequest, TransportError, TransportErrorKind, UnexpectedKind,
    UnexpectedResponse,
};
#[allow(
    unused_imports,
    reason = "used by generated operations with multipart bodies"
)]
pub(crate) use multipart::FileParts;
#[allow(
    unused_imports,
    reason = "used by generated operations with multipart bodies"
)]
pub(crate) use multipart::{FilePart, Multipart};
pub use outcome::RawReply;
#[allow(
    unused_imports,
    reason = "used by generated operations that declare 3xx replies or switch protocols"
)]
pub(crate) use outcome::{Outcome, Redirect, Upgrade};
#[allow(
    unused_imports,
    reason = "used by generated code, which may not need every helper"
)]
pub(crate) use outcome::{Redirects, StatusRange};
#[allow(
    unused_imports,
    reason = "used by generated list operations; not every API has one"
)]
pub(crate) use pages::walk_pages;
pub use table::{Operation, find_operation};
// The crate-internal API that generated operations and types call; an API may not need all of it.
#[allow(
    unused_imports,
    reason = "used by generated code, which may not need every helper"
)]
pub(crate) use request::{Request, encode_path_segment};
#[allow(
    unused_imports,
    reason = "implemented by generated error types whose bodies differ by status; not every API has them"
)]
pub(crate) use response::ErrorBody;
pub(crate) use response::SuccessMarker;
#[allow(
    unused_imports,
    reason = "passed by generated operations that declare 3xx replies"
)]
pub(crate) use response::{classify, classify_bytes, classify_text};
pub use validate::InvalidValue;
#[allow(
    unused_imports,
    reason = "used by generated code, which may not need every helper"
)]
pub(crate) use validate::{
    check_count, check_length, check_listed, check_number_range, check_range,
};

/// The `reqwest` version the client is built on, for [`ClientBuilder::http_client`].
pub use reqwest;
/// An HTTP status code, as returned by [`Error::status`] and [`ApiError::status`].
pub use reqwest::StatusCode;
