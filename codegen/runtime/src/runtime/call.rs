//! Calling an operation chosen at run time, with one JSON object as its input (the shape the
//! operation table's input schema describes), and getting its reply as JSON.
//!
//! The input is split back into the operation's typed arguments by deserialising each part into
//! its Rust type, then the operation's typed method is called: the same checks apply as to any
//! typed call (unknown properties refused where the spec closes an object, lengths, enums,
//! integer bounds), and a refused input is an [`Error::InvalidRequest`] naming the field and
//! the rule, before anything is sent. The input is decoded as a request's value
//! ([`strict::decode_request`]), so types also met in replies, read leniently there, refuse
//! here what the spec refuses.

use std::future::Future;
use std::pin::Pin;

use reqwest::StatusCode;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::client::Client;
use super::error::{Error, InvalidReason, InvalidRequest, UnexpectedKind, UnexpectedResponse};
use super::outcome::{Outcome, RawReply};
use super::strict;
use super::table::find_operation;
use super::validate::InvalidValue;

/// The future a dynamic call returns.
pub(crate) type CallFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Value, Error<Value>>> + Send + 'a>>;

/// The generated function that calls one operation from its JSON input.
pub(crate) type Dispatch = for<'a> fn(&'a Client, Value) -> CallFuture<'a>;

impl Client {
    /// Calls the operation `operation_id` with `input`, one JSON object holding its path, query
    /// and header parameters and its body's properties, as the operation table's
    /// [`input_schema`](super::Operation::input_schema) describes; returns the successful reply
    /// as JSON.
    ///
    /// The reply is the typed reply written back as JSON; a text reply is a JSON string, bytes
    /// an array of numbers, no body `null`. A declared `3xx` is `{"status": …, "location": …,
    /// "body": …}` (`304`: `{"status": 304}`), and the reply of an operation that declares no
    /// `2xx` is `{"status": …, "headers": {…}, "body": "…"}`.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when no operation has this id, or the input is not what the
    /// operation takes (naming the field and the rule; nothing is sent), or the operation
    /// switches protocols and cannot answer in JSON; otherwise the errors of the typed method,
    /// with the API's error body written as JSON.
    pub async fn call(&self, operation_id: &str, input: Value) -> Result<Value, Error<Value>> {
        let Some(operation) = find_operation(crate::config::OPERATIONS, operation_id) else {
            return Err(Error::InvalidRequest(InvalidRequest {
                operation_id: None,
                reason: InvalidReason::UnknownOperation(operation_id.to_owned()),
            }));
        };
        (operation.dispatch)(self, input).await
    }
}

impl<E: Serialize> Error<E> {
    /// The same error with the API's error body written as JSON, as [`Client::call`] returns it.
    #[must_use]
    pub fn into_json(self) -> Error<Value> {
        match self {
            Error::Api(error) => Error::Api(super::error::ApiError {
                operation_id: error.operation_id,
                status: error.status,
                body: serde_json::to_value(&error.body).unwrap_or_else(|problem| {
                    Value::String(format!(
                        "the error body cannot be written as JSON: {problem}"
                    ))
                }),
            }),
            Error::UnexpectedResponse(error) => Error::UnexpectedResponse(error),
            Error::Transport(error) => Error::Transport(error),
            Error::InvalidRequest(error) => Error::InvalidRequest(error),
        }
    }
}

/// The input of one dynamic call, taken apart field by field.
pub(crate) struct Input {
    operation_id: &'static str,
    fields: Map<String, Value>,
}

#[allow(
    dead_code,
    reason = "called by generated dispatchers; an API may not need every helper"
)]
impl Input {
    /// `input`, which must be a JSON object (`null` reads as `{}`).
    pub(crate) fn new(operation_id: &'static str, input: Value) -> Result<Self, Error<Value>> {
        let fields = match input {
            Value::Object(fields) => fields,
            Value::Null => Map::new(),
            other => {
                return Err(invalid(
                    operation_id,
                    String::new(),
                    format!(
                        "the input must be a JSON object of the operation's parameters and body properties, got {}",
                        kind(&other)
                    ),
                ));
            }
        };
        Ok(Self {
            operation_id,
            fields,
        })
    }

    /// The value of `key`, which must be present.
    pub(crate) fn required<T: DeserializeOwned>(&mut self, key: &str) -> Result<T, Error<Value>> {
        let value = self.take_required(key)?;
        self.decode(key, value)
    }

    /// The value of `key`, `None` when it is absent or `null`.
    pub(crate) fn optional<T: DeserializeOwned>(
        &mut self,
        key: &str,
    ) -> Result<Option<T>, Error<Value>> {
        match self.fields.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => self.decode(key, value).map(Some),
        }
    }

    /// The value of `key`, a string that `T` checks as it is built (constrained strings, whose
    /// decoding is lenient where replies carry them too).
    pub(crate) fn checked<T: TryFrom<String, Error = InvalidValue>>(
        &mut self,
        key: &str,
    ) -> Result<T, Error<Value>> {
        let value = self.take_required(key)?;
        let text: String = self.decode(key, value)?;
        T::try_from(text)
            .map_err(|problem| invalid(self.operation_id, key.to_owned(), problem.to_string()))
    }

    /// Every field not taken yet, as one object: a body whose properties sit beside the
    /// parameters.
    pub(crate) fn rest<T: DeserializeOwned>(self) -> Result<T, Error<Value>> {
        self.decode("", Value::Object(self.fields.clone()))
    }

    /// [`Input::rest`] for an optional body: `None` when no field is left.
    pub(crate) fn rest_optional<T: DeserializeOwned>(self) -> Result<Option<T>, Error<Value>> {
        if self.fields.is_empty() {
            Ok(None)
        } else {
            self.rest().map(Some)
        }
    }

    /// Refuses every field not taken: the operation has no such parameter or body property.
    pub(crate) fn finish(self) -> Result<(), Error<Value>> {
        match self.fields.keys().next() {
            None => Ok(()),
            Some(key) => Err(invalid(
                self.operation_id,
                key.clone(),
                "unknown field: the operation has no parameter or body property of this name"
                    .to_owned(),
            )),
        }
    }

    fn take_required(&mut self, key: &str) -> Result<Value, Error<Value>> {
        self.fields.remove(key).ok_or_else(|| {
            invalid(
                self.operation_id,
                key.to_owned(),
                "missing required field".to_owned(),
            )
        })
    }

    /// `value` as a `T`, decoded as a request's value; a failure names the field: `key`, and
    /// the path below it.
    fn decode<T: DeserializeOwned>(&self, key: &str, value: Value) -> Result<T, Error<Value>> {
        strict::decode_request(value).map_err(|error| {
            let field = strict::join(key, &error.path().to_string());
            let message = error.into_inner().to_string();
            // A strictly decoded object says where below itself its problem is.
            let (field, problem) = match strict::located(&message) {
                Some((below, problem)) => (strict::join(&field, below), problem.to_owned()),
                None => (field, message),
            };
            invalid(self.operation_id, field, problem)
        })
    }
}

fn invalid(operation_id: &'static str, field: String, problem: String) -> Error<Value> {
    Error::InvalidRequest(InvalidRequest {
        operation_id: Some(operation_id),
        reason: InvalidReason::Input { field, problem },
    })
}

/// What kind of JSON value `value` is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The error of an operation that cannot be called with JSON (it switches protocols).
#[allow(
    dead_code,
    reason = "called by generated dispatchers; an API may not need every helper"
)]
pub(crate) fn not_callable(operation_id: &'static str) -> Error<Value> {
    Error::InvalidRequest(InvalidRequest {
        operation_id: Some(operation_id),
        reason: InvalidReason::NotCallable,
    })
}

/// A typed successful reply written as JSON.
#[allow(
    dead_code,
    reason = "called by generated dispatchers; an API may not need every helper"
)]
pub(crate) fn reply_json<T: Serialize>(
    operation_id: &'static str,
    reply: &T,
) -> Result<Value, Error<Value>> {
    serde_json::to_value(reply).map_err(|problem| {
        // Only a type whose encoding checks rules can refuse; the reply was a success.
        Error::UnexpectedResponse(UnexpectedResponse::new(
            operation_id,
            StatusCode::OK,
            None,
            UnexpectedKind::SuccessBodyMismatch,
            &[],
            Some(problem),
        ))
    })
}

/// An [`Outcome`] written as JSON: the success as [`reply_json`] writes it, a redirect as its
/// status, location and body, `304` as its status.
#[allow(
    dead_code,
    reason = "called by generated dispatchers; an API may not need every helper"
)]
pub(crate) fn outcome_json<T: Serialize, R: Serialize>(
    operation_id: &'static str,
    outcome: &Outcome<T, R>,
) -> Result<Value, Error<Value>> {
    match outcome {
        Outcome::Ok(reply) => reply_json(operation_id, reply),
        Outcome::NotModified => Ok(serde_json::json!({ "status": 304 })),
        Outcome::Redirect(redirect) => Ok(serde_json::json!({
            "status": redirect.status.as_u16(),
            "location": redirect.location,
            "body": reply_json(operation_id, &redirect.body)?,
        })),
    }
}

/// A [`RawReply`] written as JSON: its status, headers (values that are not text left out)
/// and body as text (invalid UTF-8 replaced).
#[allow(
    dead_code,
    reason = "called by generated dispatchers; an API may not need every helper"
)]
pub(crate) fn raw_json(reply: &RawReply) -> Value {
    let headers: Map<String, Value> = reply
        .headers
        .iter()
        .filter_map(|(name, value)| {
            Some((
                name.as_str().to_owned(),
                Value::String(value.to_str().ok()?.to_owned()),
            ))
        })
        .collect();
    serde_json::json!({
        "status": reply.status.as_u16(),
        "headers": headers,
        "body": String::from_utf8_lossy(&reply.body),
    })
}
