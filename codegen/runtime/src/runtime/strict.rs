//! Decoding of request types, which must accept exactly what the spec allows: the values a
//! request carries are checked when they are built, and values decoded into a request type (a
//! request read from JSON, a dynamic call) are checked the same way. Reply types stay lenient.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// A present optional field is `Some` of what it holds; `null` is refused unless the field's
/// type accepts it (any JSON value does). An absent field is `None` through `#[serde(default)]`.
#[allow(
    dead_code,
    reason = "called by generated types; not every API has optional request fields"
)]
#[allow(
    clippy::unnecessary_wraps,
    reason = "serde's `deserialize_with` expects the field's own type"
)]
pub(crate) fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// A required nullable field: `null` is `None`. Given as `deserialize_with`, it makes serde
/// refuse the field's absence, which it otherwise reads as `None` for any `Option`.
#[allow(
    dead_code,
    reason = "called by generated types; not every API has required nullable request fields"
)]
pub(crate) fn nullable<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(deserializer)
}

/// What a request object may hold besides its types' own checks.
#[allow(
    dead_code,
    reason = "used by generated request types; not every API has them"
)]
pub(crate) struct ObjectRules {
    /// The type's name, for messages.
    pub(crate) type_name: &'static str,
    /// The properties it lists, when it allows no others (`additionalProperties: false`).
    pub(crate) only: Option<&'static [&'static str]>,
    /// Sets of properties of which it carries at least one in full; empty for no such rule.
    pub(crate) one_of_sets: &'static [&'static [&'static str]],
    /// Integer properties with bounds: name, least and greatest value allowed.
    pub(crate) ranges: &'static [(&'static str, Option<i128>, Option<i128>)],
    /// Integer properties that may only hold the values listed (`enum` of integers).
    pub(crate) listed: &'static [(&'static str, &'static [i128])],
    /// List properties with bounds on their number of items: name, `minItems`, `maxItems`.
    pub(crate) counts: &'static [(&'static str, Option<u64>, Option<u64>)],
}

/// Reads a request object: a JSON object (an array is refused, though serde would read one
/// positionally), without properties the spec does not allow, carrying one of its required
/// sets. The object is then decoded by the type's derived implementation.
#[allow(
    dead_code,
    reason = "used by generated request types; not every API has them"
)]
pub(crate) fn object<'de, D: Deserializer<'de>>(
    deserializer: D,
    rules: &ObjectRules,
) -> Result<serde_json::Map<String, serde_json::Value>, D::Error> {
    let object = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
    if let Some(only) = rules.only
        && let Some(unknown) = object.keys().find(|key| !only.contains(&key.as_str()))
    {
        return Err(D::Error::custom(format!(
            "{} does not allow the property `{unknown}`",
            rules.type_name
        )));
    }
    if !rules.one_of_sets.is_empty()
        && !rules
            .one_of_sets
            .iter()
            .any(|set| set.iter().all(|name| object.contains_key(*name)))
    {
        return Err(D::Error::custom(missing_sets(rules)));
    }
    for (name, min, max) in rules.ranges {
        let value = object.get(*name).and_then(|value| {
            value
                .as_i64()
                .map(i128::from)
                .or_else(|| value.as_u64().map(i128::from))
        });
        if let Some(value) = value {
            super::check_range(name, value, *min, *max).map_err(D::Error::custom)?;
        }
    }
    for (name, min, max) in rules.counts {
        if let Some(items) = object.get(*name).and_then(serde_json::Value::as_array) {
            super::check_count(name, items.len(), *min, *max).map_err(D::Error::custom)?;
        }
    }
    for (name, listed) in rules.listed {
        if let Some(value) = object.get(*name).filter(|value| !value.is_null()) {
            let listed_value = value
                .as_i64()
                .map(i128::from)
                .or_else(|| value.as_u64().map(i128::from))
                .filter(|value| listed.contains(value));
            if listed_value.is_none() {
                return Err(D::Error::custom(format!(
                    "{value} is not one of the values the spec lists for `{name}`"
                )));
            }
        }
    }
    Ok(object)
}

/// The message for an object that carries none of its required sets.
#[allow(
    dead_code,
    reason = "used by generated request types; not every API has them"
)]
pub(crate) fn missing_sets(rules: &ObjectRules) -> String {
    let sets: Vec<String> = rules
        .one_of_sets
        .iter()
        .map(|set| set.join(" and "))
        .collect();
    format!(
        "{} must carry one of these sets of properties: {}",
        rules.type_name,
        sets.join("; ")
    )
}
