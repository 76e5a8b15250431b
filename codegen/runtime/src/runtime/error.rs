//! The error every operation returns, and its parts.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use serde::Serialize;
use serde_json::Value;

use super::validate::InvalidValue;

/// Why an API call failed.
///
/// `E` is the operation's error body type (most operations share the default). Every variant
/// names the operation; see the [module documentation](super) for how replies are sorted into
/// [`Error::Api`] and [`Error::UnexpectedResponse`]. No variant is ever retried automatically.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = crate::config::DefaultErrorBody> {
    /// The server answered with the API's error body: either a status outside `2xx`, or a `2xx`
    /// whose body says the call failed (RevCent: `code` other than `1`).
    Api(ApiError<E>),
    /// The server answered with something that is neither a decodable success nor a decodable
    /// error body: an HTML error page, an empty or truncated body, a body of the wrong shape.
    UnexpectedResponse(UnexpectedResponse),
    /// No complete reply arrived: the connection, TLS handshake or body read failed, or the
    /// request timed out.
    Transport(TransportError),
    /// The request was rejected before anything was sent.
    InvalidRequest(InvalidRequest),
}

impl<E> Error<E> {
    /// The operation that failed; `None` only for an [`InvalidValue`] converted with `?` outside
    /// any call.
    #[must_use]
    pub fn operation_id(&self) -> Option<&'static str> {
        match self {
            Error::Api(e) => Some(e.operation_id),
            Error::UnexpectedResponse(e) => Some(e.operation_id),
            Error::Transport(e) => Some(e.operation_id),
            Error::InvalidRequest(e) => e.operation_id,
        }
    }

    /// The HTTP status of the reply, when one arrived.
    #[must_use]
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse(e) => Some(e.status),
            Error::Transport(_) | Error::InvalidRequest(_) => None,
        }
    }
}

impl<E: Serialize> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::UnexpectedResponse(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::InvalidRequest(e) => e.fmt(f),
        }
    }
}

/// Each variant is a transparent wrapper: the source is that of the wrapped error.
impl<E: Serialize + fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(e) => e.source(),
            Error::UnexpectedResponse(e) => e.source(),
            Error::Transport(e) => e.source(),
            Error::InvalidRequest(e) => e.source(),
        }
    }
}

impl<E> From<InvalidValue> for Error<E> {
    fn from(value: InvalidValue) -> Self {
        Error::InvalidRequest(InvalidRequest {
            operation_id: None,
            reason: InvalidReason::Value(value),
        })
    }
}

/// Writes the prefix every message starts with: the API and, when known, the operation.
fn context(f: &mut fmt::Formatter<'_>, operation_id: Option<&str>) -> fmt::Result {
    f.write_str(crate::config::API_NAME)?;
    match operation_id {
        Some(op) => write!(f, " {op}: "),
        None => f.write_str(": "),
    }
}

/// At most `max` characters of `s`, and whether anything was cut.
fn truncated(s: &str, max: usize) -> (&str, bool) {
    match s.char_indices().nth(max) {
        Some((end, _)) => (s.get(..end).unwrap_or(s), true),
        None => (s, false),
    }
}

// ---------------------------------------------------------------------------------------------

/// The API's own error reply, with its typed body.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    pub(super) operation_id: &'static str,
    pub(super) status: StatusCode,
    pub(super) body: E,
}

impl<E> ApiError<E> {
    /// The operation that failed.
    #[must_use]
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// The HTTP status; RevCent may send its error body with `200 OK`.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The decoded error body.
    #[must_use]
    pub fn body(&self) -> &E {
        &self.body
    }

    /// Takes the decoded error body.
    #[must_use]
    pub fn into_body(self) -> E {
        self.body
    }
}

/// Field names tried, in order, for the human-readable message.
const MESSAGE_FIELDS: [&str; 4] = ["message", "detail", "error_description", "error"];
const MAX_MESSAGE_CHARS: usize = 500;
const MAX_FIELD_CHARS: usize = 120;
const MAX_EXTRA_FIELDS: usize = 6;

/// Renders the body generically, since the runtime does not know `E`'s fields: the body is
/// serialized to JSON, and shown as
/// `RevCent <operation>: API error (HTTP <status>, <marker field> <value>): <message> (<field>: "<value>", …)`,
/// where the message is the first non-empty string among `message`, `detail`,
/// `error_description` and `error`, and the parenthesised list holds the body's other top-level
/// string fields (such as `error_code`, `result`, `api_call_id`) in name order. Long strings are
/// shortened and control characters replaced, so a hostile body cannot forge log lines.
impl<E: Serialize> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        context(f, Some(self.operation_id))?;
        write!(f, "API error (HTTP {}", self.status)?;
        let body = serde_json::to_value(&self.body).ok();
        let marker = crate::config::SUCCESS_MARKER.map(|m| m.field);
        if let (Some(Value::Object(map)), Some(field)) = (&body, marker)
            && let Some(value) = map.get(field).filter(|v| {
                // A scalar, and short: the value is there to explain a failing 2xx, not to dump.
                !v.is_object() && !v.is_array() && v.as_str().is_none_or(|s| s.len() <= 40)
            })
        {
            write!(f, ", {field} {value}")?;
        }
        f.write_str(")")?;
        match &body {
            Some(Value::String(message)) if !message.is_empty() => {
                f.write_str(": ")?;
                write_clean(f, message, MAX_MESSAGE_CHARS)?;
            }
            Some(Value::Object(map)) => {
                let message = MESSAGE_FIELDS.iter().find_map(|name| match map.get(*name) {
                    Some(Value::String(s)) if !s.trim().is_empty() => Some((*name, s)),
                    _ => None,
                });
                if let Some((_, message)) = message {
                    f.write_str(": ")?;
                    write_clean(f, message, MAX_MESSAGE_CHARS)?;
                }
                let message_field = message.map(|(name, _)| name);
                let extras: Vec<(&String, &String)> = map
                    .iter()
                    .filter(|(name, _)| {
                        Some(name.as_str()) != message_field && Some(name.as_str()) != marker
                    })
                    .filter_map(|(name, value)| match value {
                        Value::String(s) if !s.is_empty() => Some((name, s)),
                        _ => None,
                    })
                    .take(MAX_EXTRA_FIELDS)
                    .collect();
                for (i, (name, value)) in extras.iter().enumerate() {
                    f.write_str(if i == 0 { " (" } else { ", " })?;
                    let (shown, cut) = truncated(value, MAX_FIELD_CHARS);
                    write!(f, "{name}: {shown:?}{}", if cut { "…" } else { "" })?;
                }
                if !extras.is_empty() {
                    f.write_str(")")?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Writes at most `max` characters of `s`, with control characters (line breaks included)
/// replaced by spaces.
fn write_clean(f: &mut fmt::Formatter<'_>, s: &str, max: usize) -> fmt::Result {
    let (shown, cut) = truncated(s.trim(), max);
    for c in shown.chars() {
        fmt::Write::write_char(f, if c.is_control() { ' ' } else { c })?;
    }
    if cut {
        f.write_str("…")?;
    }
    Ok(())
}

impl<E: Serialize + fmt::Debug> std::error::Error for ApiError<E> {}

// ---------------------------------------------------------------------------------------------

/// What was wrong with an [`UnexpectedResponse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnexpectedKind {
    /// The `Content-Type` is not JSON (an HTML error page, `text/plain`, …).
    NotJson,
    /// The body is empty where a JSON body was expected.
    EmptyBody,
    /// The body is not valid JSON, or is cut short.
    InvalidJson,
    /// A success reply whose JSON does not match the operation's response type.
    SuccessBodyMismatch,
    /// A failure reply whose JSON does not match the API's error body type.
    ErrorBodyMismatch,
    /// The body is larger than the runtime accepts (64 MiB).
    BodyTooLarge,
    /// A success reply expected as text is not valid UTF-8.
    NotText,
}

/// A reply that is neither a decodable success nor a decodable error body.
#[derive(Debug)]
pub struct UnexpectedResponse {
    pub(super) operation_id: &'static str,
    pub(super) status: StatusCode,
    pub(super) content_type: Option<String>,
    pub(super) kind: UnexpectedKind,
    pub(super) body_len: usize,
    pub(super) body_prefix: String,
    pub(super) source: Option<serde_json::Error>,
}

/// How many bytes of the body an [`UnexpectedResponse`] keeps.
pub(super) const BODY_PREFIX_BYTES: usize = 512;
/// How much of that prefix its `Display` shows.
const BODY_PREFIX_DISPLAY_CHARS: usize = 100;

impl UnexpectedResponse {
    pub(super) fn new(
        operation_id: &'static str,
        status: StatusCode,
        content_type: Option<String>,
        kind: UnexpectedKind,
        body: &[u8],
        source: Option<serde_json::Error>,
    ) -> Self {
        Self {
            operation_id,
            status,
            content_type,
            kind,
            body_len: body.len(),
            body_prefix: body_prefix(body),
            source,
        }
    }

    /// The operation that received the reply.
    #[must_use]
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// The HTTP status of the reply.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The reply's `Content-Type` header, if it had one.
    #[must_use]
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// What was wrong with the reply.
    #[must_use]
    pub fn kind(&self) -> UnexpectedKind {
        self.kind
    }

    /// The length of the body in bytes (as far as it was read, for [`UnexpectedKind::BodyTooLarge`]).
    #[must_use]
    pub fn body_len(&self) -> usize {
        self.body_len
    }

    /// The first 512 bytes of the body, decoded lossily as UTF-8 and cut on a character
    /// boundary.
    #[must_use]
    pub fn body_prefix(&self) -> &str {
        &self.body_prefix
    }
}

/// The first [`BODY_PREFIX_BYTES`] of `body` as text. A multi-byte character split by the cut is
/// dropped whole rather than turned into a replacement character.
pub(super) fn body_prefix(body: &[u8]) -> String {
    let mut end = body.len().min(BODY_PREFIX_BYTES);
    if end < body.len() {
        // Step back over at most three UTF-8 continuation bytes (0b10xx_xxxx) to the lead byte
        // of the character that straddles the cut.
        for _ in 0..3 {
            match body.get(end) {
                Some(byte) if byte & 0xC0 == 0x80 && end > 0 => end -= 1,
                _ => break,
            }
        }
    }
    String::from_utf8_lossy(body.get(..end).unwrap_or_default()).into_owned()
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        context(f, Some(self.operation_id))?;
        write!(f, "unexpected reply (HTTP {}, ", self.status)?;
        match &self.content_type {
            Some(ct) => write!(f, "content type {:?}, ", truncated(ct, 100).0)?,
            None => f.write_str("no content type, ")?,
        }
        write!(f, "{} bytes): ", self.body_len)?;
        let eof = self
            .source
            .as_ref()
            .is_some_and(|e| e.classify() == serde_json::error::Category::Eof);
        f.write_str(match self.kind {
            UnexpectedKind::NotJson => "expected a JSON body, got another content type",
            UnexpectedKind::EmptyBody => "expected a JSON body, got an empty body",
            UnexpectedKind::InvalidJson if eof => {
                "expected a JSON body, got JSON that ends too early (a truncated reply?)"
            }
            UnexpectedKind::InvalidJson => "expected a JSON body, got a body that is not JSON",
            UnexpectedKind::SuccessBodyMismatch => {
                "the success body does not match this operation's response type \
                 (has the API changed? the source error names the field)"
            }
            UnexpectedKind::ErrorBodyMismatch => {
                "expected the API's error body, got JSON of another shape"
            }
            UnexpectedKind::BodyTooLarge => "the body is larger than the 64 MiB the client accepts",
            UnexpectedKind::NotText => "expected UTF-8 text, got bytes that are not",
        })?;
        if !self.body_prefix.is_empty() {
            let (shown, cut) = truncated(&self.body_prefix, BODY_PREFIX_DISPLAY_CHARS);
            write!(
                f,
                "; body starts with {shown:?}{}",
                if cut { "…" } else { "" }
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for UnexpectedResponse {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

// ---------------------------------------------------------------------------------------------

/// Where a [`TransportError`] happened, which tells whether the server may have acted on the
/// request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (DNS, refused, TLS handshake, connect timeout): the request
    /// was not sent.
    Connect,
    /// The overall timeout elapsed before the whole reply arrived: the server may have acted on
    /// the request.
    Timeout,
    /// The connection failed while the reply was being read: the server has probably acted on
    /// the request.
    Body,
    /// Sending failed in another way: the server may have acted on the request.
    Other,
}

/// No complete reply arrived.
#[derive(Debug)]
pub struct TransportError {
    pub(super) operation_id: &'static str,
    pub(super) kind: TransportErrorKind,
    /// The limit that elapsed, when the failure is a timeout and the limit is known.
    pub(super) timeout: Option<Duration>,
    pub(super) is_timeout: bool,
    pub(super) source: reqwest::Error,
}

impl TransportError {
    /// The operation that failed.
    #[must_use]
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Where the failure happened.
    #[must_use]
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether a timeout (overall or connect) elapsed.
    #[must_use]
    pub fn is_timeout(&self) -> bool {
        self.is_timeout
    }

    /// The timeout that elapsed, when [`is_timeout`](Self::is_timeout) and the limit is known
    /// (not for a connect timeout of a client given to [`super::ClientBuilder::http_client`]).
    #[must_use]
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        context(f, Some(self.operation_id))?;
        let not_retried = "the server may have acted on it, and it was not retried";
        match self.kind {
            TransportErrorKind::Connect => {
                f.write_str("could not connect to ")?;
                match self
                    .source
                    .url()
                    .and_then(|u| Some((u.host_str()?, u.port_or_known_default()?)))
                {
                    Some((host, port)) => write!(f, "{host}:{port}")?,
                    None => f.write_str("the server")?,
                }
                match (self.is_timeout, self.timeout) {
                    (true, Some(limit)) => write!(f, " within {limit:?}")?,
                    (true, None) => f.write_str(" before the connect timeout")?,
                    (false, _) => {}
                }
                f.write_str("; the request was not sent")
            }
            TransportErrorKind::Timeout => {
                f.write_str("timed out")?;
                if let Some(limit) = self.timeout {
                    write!(f, " after {limit:?}")?;
                }
                write!(f, " without a complete reply; {not_retried}")
            }
            TransportErrorKind::Body => {
                write!(
                    f,
                    "the connection failed while reading the reply; {not_retried}"
                )
            }
            TransportErrorKind::Other => {
                write!(f, "sending the request failed; {not_retried}")
            }
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

// ---------------------------------------------------------------------------------------------

/// A request rejected before anything was sent.
#[derive(Debug)]
pub struct InvalidRequest {
    pub(super) operation_id: Option<&'static str>,
    pub(super) reason: InvalidReason,
}

#[derive(Debug)]
pub(super) enum InvalidReason {
    Value(InvalidValue),
    Body(serde_json::Error),
    /// A form body's value is not a form (see `Request::form_body`), or a part of a multipart
    /// body cannot be written.
    Form(serde_json::Error),
    Query(&'static str, serde_json::Error),
    /// A header value has no `style: simple` form (see `Request::header_value`).
    Header(&'static str, serde_json::Error),
    HeaderName(&'static str),
    HeaderValue(&'static str),
    /// The URL would not name the resource the path describes.
    Path,
    /// A dynamic call's input ([`super::Client::call`]) does not fit the operation: `field`
    /// (a JSON path; empty for the input as a whole) breaks the rule `problem` states.
    Input {
        field: String,
        problem: String,
    },
    /// A dynamic call named no operation of the API.
    UnknownOperation(String),
    /// The operation switches protocols, which a dynamic call cannot return as JSON.
    #[allow(
        dead_code,
        reason = "built only for APIs with an operation that switches protocols"
    )]
    NotCallable,
}

impl InvalidRequest {
    /// The operation, when the problem was found while preparing a call.
    #[must_use]
    pub fn operation_id(&self) -> Option<&'static str> {
        self.operation_id
    }

    /// The field of a dynamic call's input that was refused (a JSON path such as
    /// `messages[0].role`; empty for the input as a whole), when that was the problem.
    #[must_use]
    pub fn input_field(&self) -> Option<&str> {
        match &self.reason {
            InvalidReason::Input { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The rejected value, when a type's constraint was the problem.
    #[must_use]
    pub fn invalid_value(&self) -> Option<&InvalidValue> {
        match &self.reason {
            InvalidReason::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        context(f, self.operation_id)?;
        f.write_str("invalid request, nothing was sent: ")?;
        match &self.reason {
            InvalidReason::Value(value) => value.fmt(f),
            InvalidReason::Body(_) => {
                f.write_str("the request body could not be serialized to JSON")
            }
            InvalidReason::Form(_) => {
                f.write_str("the request body could not be encoded as a form or its parts")
            }
            InvalidReason::Query(name, _) => {
                write!(
                    f,
                    "the query parameter {name:?} could not be encoded (as JSON or `deepObject` pairs)"
                )
            }
            InvalidReason::Header(name, _) => write!(
                f,
                "the header {name:?} could not be encoded (`style: simple` writes scalars, lists of scalars and objects of scalars)"
            ),
            InvalidReason::HeaderName(name) => write!(f, "{name:?} is not a valid header name"),
            InvalidReason::HeaderValue(name) => {
                write!(
                    f,
                    "the value of header {name:?} is not a valid header value"
                )
            }
            InvalidReason::Path => f.write_str(
                "a path parameter is empty, `.` or `..`, which would change the URL's path",
            ),
            InvalidReason::Input { field, problem } if field.is_empty() => f.write_str(problem),
            InvalidReason::Input { field, problem } => write!(f, "field `{field}`: {problem}"),
            InvalidReason::UnknownOperation(id) => {
                let (shown, cut) = truncated(id, MAX_FIELD_CHARS);
                write!(
                    f,
                    "the API has no operation {shown:?}{}",
                    if cut { "…" } else { "" }
                )
            }
            InvalidReason::NotCallable => f.write_str(
                "the operation switches protocols, so it cannot be called with JSON input; call its method instead",
            ),
        }
    }
}

impl std::error::Error for InvalidRequest {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.reason {
            InvalidReason::Body(e)
            | InvalidReason::Form(e)
            | InvalidReason::Query(_, e)
            | InvalidReason::Header(_, e) => Some(e),
            _ => None,
        }
    }
}
