//! Reading one value of a JSON object as the type a keyword requires, and reporting it where it
//! is when it is not.

use serde_json::{Map, Number, Value};

use super::Parser;
use super::keywords::Honoured;
use crate::error::{Diagnostic, Location};

/// Annotation keywords that never change which values are valid; accepted and dropped.
const ANNOTATIONS: &[&str] = &[
    "example",
    "examples",
    "externalDocs",
    "xml",
    "$comment",
    // A hint for choosing among `oneOf` forms, which the generated code does by shape.
    "discriminator",
    // Left behind by inlining `$ref`s; nothing refers to them any more.
    "$id",
    "$schema",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$defs",
    "definitions",
];

/// Looking up a keyword of a schema object. A schema has a handful of keywords, and the parser
/// asks each for a dozen by name; comparing the names one by one costs a tenth of hashing each
/// name with the map's SipHash (which `serde_json`'s ordered map fixes), and lookups were a fifth
/// of reading a fragment's schemas after parsing its JSON.
pub(super) trait Keywords {
    /// The value of `key`, if the object has it.
    fn keyword(&self, key: &str) -> Option<&Value>;

    /// Whether the object has `key`.
    fn has(&self, key: &str) -> bool {
        self.keyword(key).is_some()
    }
}

/// Beyond this many keys, a lookup hashes: comparing every name would cost more.
const SCANNED_KEYS: usize = 16;

impl Keywords for Map<String, Value> {
    fn keyword(&self, key: &str) -> Option<&Value> {
        if self.len() > SCANNED_KEYS {
            return self.get(key);
        }
        self.iter()
            .find_map(|(name, value)| (name == key).then_some(value))
    }
}

impl Parser {
    pub(super) fn report(&mut self, location: &Location, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            location: location.clone(),
            operation_id: self.operation_id.clone(),
            message: message.into(),
            help: None,
        });
    }

    pub(super) fn object<'v>(
        &mut self,
        value: &'v Value,
        location: &Location,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        let object = value.as_object();
        if object.is_none() {
            self.not_an_object(value, location, what);
        }
        object
    }

    /// As [`Parser::object`], for a value the parser owns: its entries can then be moved out
    /// rather than copied.
    pub(super) fn owned_object(
        &mut self,
        value: Value,
        location: &Location,
        what: &str,
    ) -> Option<Map<String, Value>> {
        match value {
            Value::Object(object) => Some(object),
            other => {
                self.not_an_object(&other, location, what);
                None
            }
        }
    }

    fn not_an_object(&mut self, value: &Value, location: &Location, what: &str) {
        self.report(
            location,
            format!("{what} must be a JSON object, found {}", kind_of(value)),
        );
    }

    /// Reports every key of `object` that is not in `known`, an annotation or an extension.
    pub(super) fn refuse_unknown_keys(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        what: &str,
        known: &[&str],
    ) {
        self.refuse_keys_but(object, location, what, |key| known.contains(&key));
    }

    /// [`Parser::refuse_unknown_keys`] for a schema, which knows the keywords it honours.
    pub(super) fn refuse_unhonoured_keys(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        what: &str,
        honoured: &Honoured<'_>,
    ) {
        self.refuse_keys_but(object, location, what, |key| honoured.honours(key));
    }

    fn refuse_keys_but(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
        what: &str,
        known: impl Fn(&str) -> bool,
    ) {
        for key in object.keys() {
            if !known(key) && !ANNOTATIONS.contains(&key.as_str()) && !key.starts_with("x-") {
                self.report(
                    &location.child(key),
                    format!("`{key}` in {what} is not supported by this generator"),
                );
            }
        }
    }

    pub(super) fn string(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        location: &Location,
    ) -> Option<String> {
        match object.keyword(key) {
            None => None,
            Some(Value::String(text)) => Some(text.clone()),
            Some(other) => {
                self.report(
                    &location.child(key),
                    format!("`{key}` must be a string, found {}", kind_of(other)),
                );
                None
            }
        }
    }

    pub(super) fn required_string(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        location: &Location,
        what: &str,
    ) -> Option<String> {
        if !object.has(key) {
            self.report(location, format!("{what} has no `{key}`"));
            return None;
        }
        self.string(object, key, location)
    }

    pub(super) fn boolean(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        location: &Location,
    ) -> Option<bool> {
        match object.keyword(key) {
            None => None,
            Some(Value::Bool(flag)) => Some(*flag),
            Some(other) => {
                self.report(
                    &location.child(key),
                    format!("`{key}` must be true or false, found {}", kind_of(other)),
                );
                None
            }
        }
    }

    pub(super) fn length(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        location: &Location,
    ) -> Option<u64> {
        let value = object.keyword(key)?;
        let length = value.as_u64();
        if length.is_none() {
            self.report(
                &location.child(key),
                format!("`{key}` must be a non-negative integer, found {value}"),
            );
        }
        length
    }

    pub(super) fn number(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        location: &Location,
    ) -> Option<Number> {
        match object.keyword(key)? {
            Value::Number(number) => Some(number.clone()),
            other => {
                self.report(
                    &location.child(key),
                    format!("`{key}` must be a number, found {}", kind_of(other)),
                );
                None
            }
        }
    }
}

/// A value's JSON type as a message names what it found (`a number`, whole or not).
pub(super) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::{Keywords, SCANNED_KEYS};

    /// Scanned or hashed, a lookup finds what the map holds, and nothing else.
    #[test]
    fn a_keyword_is_found_whatever_the_size_of_the_object() {
        for size in [0, 1, 3, SCANNED_KEYS, SCANNED_KEYS + 1, 40] {
            let object: Map<String, Value> = (0..size)
                .map(|index| (format!("key{index}"), json!(index)))
                .collect();
            for index in 0..size {
                let key = format!("key{index}");
                assert_eq!(object.keyword(&key), object.get(&key), "{key} of {size}");
                assert!(object.has(&key));
            }
            assert_eq!(object.keyword("key"), None);
            assert!(!object.has(&format!("key{size}")));
        }
    }
}
