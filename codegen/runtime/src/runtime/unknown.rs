//! What a reply carries that the spec does not list, kept rather than refused: the holders of
//! the catch-all variants of generated enums and choices. The generated crate root re-exports
//! each only when one of its types has such a variant, so a client whose replies have none shows
//! neither.

use std::fmt;

/// An enum value received from the API that the spec does not list.
///
/// APIs add values before their specs do, so a reply carrying one is read, not refused: the
/// generated enum keeps it in its catch-all variant. It can only be received, never built, so a
/// request can only carry values the spec lists.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    pub(crate) fn new(value: String) -> Self {
        Self(value)
    }

    /// The value exactly as the API sent it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A reply in none of the forms a choice lists, kept whole.
///
/// APIs add forms before their specs do, so such a reply is read, not refused: the generated
/// choice keeps it in its unknown variant. Nothing builds one but decoding, and decoding a
/// request's value refuses it, so a request can only carry forms the spec lists.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct UnknownForm(serde_json::Value);

impl<'de> serde::Deserialize<'de> for UnknownForm {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if super::strict::as_request() {
            return Err(serde::de::Error::custom(
                "the value is in none of the forms the spec lists",
            ));
        }
        serde_json::Value::deserialize(deserializer).map(Self)
    }
}

impl UnknownForm {
    /// The value exactly as the API sent it.
    #[must_use]
    pub fn as_value(&self) -> &serde_json::Value {
        &self.0
    }

    /// The value, owned.
    #[must_use]
    pub fn into_value(self) -> serde_json::Value {
        self.0
    }
}

/// A string as itself, anything else as compact JSON: how a form of a choice of scalars that
/// the spec does not list is written back into a path, query, header or form value.
impl std::fmt::Display for UnknownForm {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            serde_json::Value::String(text) => formatter.write_str(text),
            other => std::fmt::Display::fmt(other, formatter),
        }
    }
}
