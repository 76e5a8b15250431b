//! Replies beside the plain success: declared `3xx` outcomes, the raw reply of operations that
//! declare no `2xx`, and upgraded connections (`101 Switching Protocols`).

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, IgnoredAny};

use super::error::{ApiError, Error, UnexpectedKind, UnexpectedResponse};
use super::response::{ErrorBody, classify, is_json_content_type};

/// The result of an operation that declares `3xx` replies beside its success: the caller
/// matches on it instead of decoding a redirect or a `304` as an error.
///
/// Only the `3xx` statuses the operation declares (listed in its documentation) become
/// [`Outcome::NotModified`] or [`Outcome::Redirect`]; any other `3xx` is reported as an error,
/// as before. Redirects are never followed: following one would send the credential to
/// whatever host the `Location` names.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Outcome<T, R = ()> {
    /// A `2xx` reply: the operation's result.
    Ok(T),
    /// `304 Not Modified`: the resource has not changed since the version the request's
    /// conditional headers (`If-None-Match`, `If-Modified-Since`) name; there is no body.
    NotModified,
    /// A declared redirect (`301`, `302`, `303`, `307`, `308`, or a `3XX` range), not followed.
    Redirect(Redirect<R>),
}

impl<T, R> Outcome<T, R> {
    /// The result of a `2xx` reply, if this is one.
    pub fn ok(self) -> Option<T> {
        match self {
            Self::Ok(value) => Some(value),
            Self::NotModified | Self::Redirect(_) => None,
        }
    }
}

/// A redirect the operation declares, as it arrived.
#[derive(Clone, Debug, PartialEq)]
pub struct Redirect<R = ()> {
    /// The reply's status (`301`, `302`, `303`, `307`, `308`, …).
    pub status: StatusCode,
    /// The `Location` header exactly as sent (it may be relative to the request's URL), or
    /// `None` when the reply has none or it is not text.
    pub location: Option<String>,
    /// The body, decoded as the operation's `3xx` schema says; `()` when it declares none.
    pub body: R,
}

/// The reply of an operation that declares no `2xx` reply, as it arrived: every reply that is
/// not an error (`1xx`, `2xx`, `3xx`) is handed over unread, since the spec says nothing about
/// it.
#[derive(Clone, Debug)]
pub struct RawReply {
    /// The status.
    pub status: StatusCode,
    /// Every header.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Vec<u8>,
}

/// The connection of an operation whose success is `101 Switching Protocols`, switched to the
/// protocol its request asked for in its `Upgrade` header. Read and write it with
/// `tokio::io::{AsyncReadExt, AsyncWriteExt}`.
pub struct Upgrade {
    /// `101 Switching Protocols`.
    pub status: StatusCode,
    /// The headers of the `101` reply (`Upgrade`, `Sec-WebSocket-Accept`, …).
    pub headers: HeaderMap,
    /// The connection, now speaking the new protocol.
    pub connection: reqwest::Upgraded,
}

impl fmt::Debug for Upgrade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upgrade")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// Statuses from `first` to `last`, inclusive: one declared `3xx` key (`304` is `304..=304`,
/// `3XX` is `300..=399`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StatusRange {
    /// The first status.
    pub(crate) first: u16,
    /// The last status.
    pub(crate) last: u16,
}

/// The `3xx` replies an operation declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Redirects {
    /// The declared statuses.
    pub(crate) statuses: &'static [StatusRange],
    /// Whether some declared `3xx` reply has a JSON body, read into [`Redirect::body`]; else it
    /// is not read.
    pub(crate) body: bool,
}

impl Redirects {
    fn declares(&self, status: StatusCode) -> bool {
        let status = status.as_u16();
        self.statuses
            .iter()
            .any(|range| (range.first..=range.last).contains(&status))
    }
}

/// What the runtime read of a reply.
pub(super) struct Head<'r> {
    pub(super) operation_id: &'static str,
    pub(super) status: StatusCode,
    pub(super) headers: &'r HeaderMap,
}

impl Head<'_> {
    pub(super) fn content_type(&self) -> Option<String> {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
    }
}

/// A declared `3xx` reply as its outcome; `None` when the status is not one the operation
/// declares, so the reply is read as any other.
pub(super) fn redirect_outcome<T, R: DeserializeOwned, E>(
    head: &Head<'_>,
    redirects: &Redirects,
    body: &[u8],
) -> Option<Result<Outcome<T, R>, Error<E>>> {
    if !head.status.is_redirection() || !redirects.declares(head.status) {
        return None;
    }
    if head.status == StatusCode::NOT_MODIFIED {
        return Some(Ok(Outcome::NotModified));
    }
    let content_type = head.content_type();
    let json = content_type.as_deref().is_none_or(is_json_content_type);
    // An empty body, or one that is not JSON (servers often add a short HTML note to a
    // redirect), reads as `null`: `()` or `None` for the operations that declare no body or an
    // optional one; a declared body that did not come is reported.
    let text: &[u8] = if !redirects.body || !json || body.trim_ascii().is_empty() {
        b"null"
    } else {
        body
    };
    let decoded = serde_json::from_slice::<R>(text).map_err(|e| {
        let kind = if text == b"null" {
            UnexpectedKind::EmptyBody
        } else {
            UnexpectedKind::SuccessBodyMismatch
        };
        Error::UnexpectedResponse(UnexpectedResponse::new(
            head.operation_id,
            head.status,
            content_type,
            kind,
            body,
            Some(e),
        ))
    });
    let location = head
        .headers
        .get(reqwest::header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    Some(decoded.map(|body| {
        Outcome::Redirect(Redirect {
            status: head.status,
            location,
            body,
        })
    }))
}

/// A reply of an operation without a declared `2xx`: an error status (`4xx`, `5xx`) is read as
/// the operation's error body; any other reply is handed over whole.
pub(super) fn raw_reply<E: ErrorBody>(head: &Head<'_>, body: &[u8]) -> Result<RawReply, Error<E>> {
    if head.status.is_client_error() || head.status.is_server_error() {
        return Err(error_reply(head, body));
    }
    Ok(RawReply {
        status: head.status,
        headers: head.headers.clone(),
        body: body.to_vec(),
    })
}

/// A reply that the operation's success does not cover, sorted as any reply outside `2xx` is
/// (see the module documentation): the operation's error body, or unexpected.
pub(super) fn error_reply<E: ErrorBody>(head: &Head<'_>, body: &[u8]) -> Error<E> {
    // `classify` reads no success outside `2xx`; should that change, the body is still read as
    // an error below rather than taken for a success.
    if !head.status.is_success()
        && let Err(error) =
            classify::<IgnoredAny, E>(head.operation_id, head.status, head.content_type(), body)
    {
        return error;
    }
    match E::from_reply(head.status, body) {
        Ok(error_body) => Error::Api(ApiError {
            operation_id: head.operation_id,
            status: head.status,
            body: error_body,
        }),
        Err(e) => Error::UnexpectedResponse(UnexpectedResponse::new(
            head.operation_id,
            head.status,
            head.content_type(),
            UnexpectedKind::ErrorBodyMismatch,
            body,
            Some(e),
        )),
    }
}
