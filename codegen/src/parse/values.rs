//! Reading one value of a JSON object as the type a keyword requires, and reporting it where it
//! is when it is not.

use serde_json::{Map, Number, Value};

use super::Parser;
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
        for key in object.keys() {
            if !known.contains(&key.as_str())
                && !ANNOTATIONS.contains(&key.as_str())
                && !key.starts_with("x-")
            {
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
        match object.get(key) {
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
        if !object.contains_key(key) {
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
        match object.get(key) {
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
        let value = object.get(key)?;
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
        match object.get(key)? {
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
