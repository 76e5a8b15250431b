//! (De)serialization of fields that are both optional and nullable, as `Option<Option<T>>`:
//! `None` leaves the field out, `Some(None)` sends `null`, `Some(Some(value))` sends the value.
//! Plain `Option<T>` cannot tell "leave unchanged" from "set to null" in a partial update.
//!
//! Generated structs use it as `#[serde(default, skip_serializing_if = "Option::is_none",
//! with = "crate::runtime::nullable")]`.

// "Absent" and "null" are two different requests; the nested `Option` is the point.
#![allow(clippy::option_option)]

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `null` for `Some(None)`; `None` is never reached, since the field is skipped.
#[allow(
    dead_code,
    reason = "called by generated structs; not every API has nullable optional fields"
)]
#[allow(
    clippy::ref_option,
    reason = "serde's `with` passes a reference to the field's own type"
)]
pub(crate) fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}

/// A present field is `Some`, whether it holds a value or `null`; an absent one is `None`
/// through `#[serde(default)]`.
#[allow(
    dead_code,
    reason = "called by generated structs; not every API has nullable optional fields"
)]
pub(crate) fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}
