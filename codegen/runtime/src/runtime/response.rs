//! Sorting a reply into success, API error or unexpected reply; the order is documented in the
//! module documentation of `runtime`.

use std::fmt;

use reqwest::StatusCode;
use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::error::{ApiError, Error, UnexpectedKind, UnexpectedResponse};

/// A body field whose value tells success from failure even on HTTP `2xx` (RevCent: `code` is
/// `1` on success).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SuccessMarker {
    /// The top-level field of the reply body.
    pub(crate) field: &'static str,
    /// The integer it holds on success.
    pub(crate) value: i64,
}

/// How an operation's error body is read from a reply.
///
/// Every JSON type reads itself from the body, whatever the status. An operation whose error
/// replies have different bodies for different statuses gets a generated type that reads the
/// body as the reply's status says, so a `5XX` body is never taken for a `4XX` one.
pub(crate) trait ErrorBody: Sized {
    /// Decodes `body`, which came with `status`.
    fn from_reply(status: StatusCode, body: &[u8]) -> serde_json::Result<Self>;
}

impl<T: DeserializeOwned> ErrorBody for T {
    fn from_reply(_status: StatusCode, body: &[u8]) -> serde_json::Result<Self> {
        serde_json::from_slice(body)
    }
}

/// Whether a `Content-Type` names JSON: `application/json` or any `…/…+json`, ignoring
/// parameters and case.
pub(super) fn is_json_content_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    // Compared without lowercasing a copy: this runs on every reply.
    let subtype = subtype.trim().as_bytes();
    (kind.trim().eq_ignore_ascii_case("application") && subtype.eq_ignore_ascii_case(b"json"))
        || subtype
            .len()
            .checked_sub(5)
            .and_then(|start| subtype.get(start..))
            .is_some_and(|suffix| suffix.eq_ignore_ascii_case(b"+json"))
}

/// Classifies a reply for an operation that answers with bytes: a success reply that is not
/// JSON is the result as it is; everything else is sorted as for JSON (so an API error body on
/// HTTP 200 is still an API error).
pub(crate) fn classify_bytes<E: ErrorBody>(
    operation_id: &'static str,
    status: StatusCode,
    content_type: Option<String>,
    body: &[u8],
) -> Result<Vec<u8>, Error<E>> {
    let json = content_type.as_deref().is_some_and(is_json_content_type);
    if status.is_success() && !json {
        return Ok(body.to_vec());
    }
    classify::<serde::de::IgnoredAny, E>(operation_id, status, content_type, body)
        .map(|_| body.to_vec())
}

/// As [`classify_bytes`], for an operation that answers with text, which must be UTF-8.
pub(crate) fn classify_text<E: ErrorBody>(
    operation_id: &'static str,
    status: StatusCode,
    content_type: Option<String>,
    body: &[u8],
) -> Result<String, Error<E>> {
    let bytes = classify_bytes(operation_id, status, content_type.clone(), body)?;
    String::from_utf8(bytes).map_err(|_| {
        Error::UnexpectedResponse(UnexpectedResponse::new(
            operation_id,
            status,
            content_type,
            UnexpectedKind::NotText,
            body,
            None,
        ))
    })
}

/// Classifies a completely read reply.
pub(crate) fn classify<T: DeserializeOwned, E: ErrorBody>(
    operation_id: &'static str,
    status: StatusCode,
    content_type: Option<String>,
    body: &[u8],
) -> Result<T, Error<E>> {
    let unexpected = |content_type, kind, source| {
        Error::UnexpectedResponse(UnexpectedResponse::new(
            operation_id,
            status,
            content_type,
            kind,
            body,
            source,
        ))
    };

    if content_type
        .as_deref()
        .is_some_and(|ct| !is_json_content_type(ct))
    {
        return Err(unexpected(content_type, UnexpectedKind::NotJson, None));
    }

    if body.trim_ascii().is_empty() {
        // A `2xx` with no body (`204 No Content`) is a success for an operation that expects
        // nothing; every other type rejects `null`, which is the error we report.
        if status.is_success()
            && let Ok(value) = serde_json::from_slice::<T>(b"null")
        {
            return Ok(value);
        }
        return Err(unexpected(content_type, UnexpectedKind::EmptyBody, None));
    }

    // One pass over the body that checks it is JSON and reads the marker alone, building
    // nothing: the reply is decoded into its type below, and a `serde_json::Value` of it first
    // would be a second full parse with an allocation per key, string and object.
    let marker = crate::config::SUCCESS_MARKER;
    let found = match read_marker(body, marker.map(|marker| marker.field)) {
        Ok(found) => found,
        Err(e) => {
            return Err(unexpected(
                content_type,
                UnexpectedKind::InvalidJson,
                Some(e),
            ));
        }
    };
    let marker_says_success = marker.is_none_or(|marker| match found {
        Marker::Absent => true,
        Marker::Integer(value) => value == marker.value,
        Marker::Other => false,
    });

    // `T` and `E` are decoded from the bytes, not from `json`, so that decode errors carry a
    // line and column and numbers keep their exact textual form.
    if status.is_success() && marker_says_success {
        return serde_json::from_slice::<T>(body)
            .map_err(|e| unexpected(content_type, UnexpectedKind::SuccessBodyMismatch, Some(e)));
    }
    match E::from_reply(status, body) {
        Ok(error_body) => Err(Error::Api(ApiError {
            operation_id,
            status,
            body: error_body,
        })),
        Err(e) => Err(unexpected(
            content_type,
            UnexpectedKind::ErrorBodyMismatch,
            Some(e),
        )),
    }
}

/// What the body's top-level marker field holds, as far as telling success from failure goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// The body is not an object, or has no such field.
    Absent,
    /// An integer that fits an `i64`.
    Integer(i64),
    /// Anything else: a string, a fraction, `null`, a larger integer, a list, an object.
    Other,
}

/// Reads the top-level `field` of `body` (the last one, where a name repeats), checking that
/// the whole body is JSON; with no field, only checks. Nothing is built from the other values.
fn read_marker(body: &[u8], field: Option<&'static str>) -> serde_json::Result<Marker> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let marker = TopLevel(field).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(marker)
}

/// The body: an object whose field of this name is read, or any other value, skipped.
struct TopLevel(Option<&'static str>);

impl<'de> DeserializeSeed<'de> for TopLevel {
    type Value = Marker;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Marker, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopLevel {
    type Value = Marker;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Marker, A::Error> {
        let mut found = Marker::Absent;
        while let Some(is_marker) = map.next_key_seed(KeyIs(self.0))? {
            if is_marker {
                found = map.next_value_seed(MarkerValue)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Marker, A::Error> {
        IgnoredAny.visit_seq(seq).map(|_| Marker::Absent)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Marker, E> {
        Ok(Marker::Absent)
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Marker, E> {
        Ok(Marker::Absent)
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Marker, E> {
        Ok(Marker::Absent)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Marker, E> {
        Ok(Marker::Absent)
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Marker, E> {
        Ok(Marker::Absent)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Marker, E> {
        Ok(Marker::Absent)
    }
}

/// A key of the body's object: whether it is the marker's name, read without copying it.
struct KeyIs(Option<&'static str>);

impl<'de> DeserializeSeed<'de> for KeyIs {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyIs {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(self.0 == Some(key))
    }
}

/// The marker field's value.
struct MarkerValue;

impl<'de> DeserializeSeed<'de> for MarkerValue {
    type Value = Marker;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Marker, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MarkerValue {
    type Value = Marker;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Marker, E> {
        Ok(Marker::Integer(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Marker, E> {
        Ok(i64::try_from(value).map_or(Marker::Other, Marker::Integer))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Marker, A::Error> {
        IgnoredAny.visit_map(map).map(|_| Marker::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Marker, A::Error> {
        IgnoredAny.visit_seq(seq).map(|_| Marker::Other)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Marker, E> {
        Ok(Marker::Other)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Marker, E> {
        Ok(Marker::Other)
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Marker, E> {
        Ok(Marker::Other)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Marker, E> {
        Ok(Marker::Other)
    }
}
