//! One operation's entry in the generated operation table: its plain summary, Markdown
//! description, whether it is read-only, the merged input schema and the success schema, and
//! where a dynamic call finds each argument in its JSON input ([`CallInput`] says the rule).

use serde_json::{Map, Value};

use super::operations::RawSchemas;
use crate::ir::{
    Body, BodyArgument, BodyFormat, BodyInput, BodyKind, CallInput, Param, TableEntry,
};
use crate::parse::Fragment;
use crate::spec::Method;

/// Keywords of a body's schema that constrain its properties together: such a body cannot be
/// spread among the parameters without changing what it means, so it stays one property.
const SPANNING: &[&str] = &[
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "dependentRequired",
    "dependentSchemas",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "unevaluatedProperties",
    "$ref",
];

/// The name the whole body takes when it is not merged.
const BODY_KEY: &str = "body";

/// The schema of the body in the input: the body's own, except for multipart parts that the
/// body's schema does not name, taken as the runtime's `Multipart` reads them from JSON: text
/// parts by name, a list repeating the name.
fn body_input_schema(argument: Option<&BodyArgument>, schemas: &RawSchemas) -> Value {
    if argument.is_none_or(|argument| argument.format != BodyFormat::MultipartParts) {
        return schemas
            .request_body
            .as_ref()
            .map_or(Value::Bool(true), |schema| schema.as_value().clone());
    }
    multipart_parts_schema()
}

/// The input schema of a multipart body whose parts the caller lists: what the runtime's
/// `Multipart` reads from JSON. The schema-fidelity test gives it as the type's schema too.
pub(crate) fn multipart_parts_schema() -> Value {
    serde_json::json!({
        "type": "object",
        "description": "The parts of the multipart body, as text: each property one part, a list of strings one part per item.",
        "additionalProperties": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}}
            ]
        }
    })
}

/// The table entry of the operation lowered from `fragment`, whose description is `description`
/// as Markdown.
pub(super) fn entry(
    fragment: &Fragment,
    description: String,
    params: &[Param],
    body: Option<&Body>,
    schemas: &RawSchemas,
) -> TableEntry {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut param_keys = Vec::with_capacity(params.len());
    for (index, param) in params.iter().enumerate() {
        let mut key = param.wire_name.clone();
        if properties.contains_key(&key) {
            key = format!("{}_{}", param.location.as_str(), param.wire_name);
        }
        let key = free_key(&properties, key);
        // Parameters and their schemas are read from the same list, in the same order.
        let schema = schemas
            .parameters
            .get(index)
            .filter(|(name, _)| *name == param.wire_name)
            .map_or(Value::Bool(true), |(_, schema)| schema.as_value().clone());
        properties.insert(key.clone(), schema);
        if param.required {
            required.push(Value::String(key.clone()));
        }
        param_keys.push(key);
    }

    let mut additional = Some(Value::Bool(false));
    let argument = match body {
        Some(Body {
            kind: BodyKind::Argument(argument),
            ..
        }) => Some(argument),
        _ => None,
    };
    let body_schema = body_input_schema(argument, schemas);
    let body_input = match argument {
        None => BodyInput::None,
        Some(argument) => {
            let mergeable = matches!(
                argument.format,
                BodyFormat::Json(_) | BodyFormat::Form { .. } | BodyFormat::Multipart { .. }
            );
            match body_schema.as_object().filter(|_| mergeable) {
                Some(object) if merges(object, &properties) => {
                    if let Some(Value::Object(body_properties)) = object.get("properties") {
                        for (name, schema) in body_properties {
                            properties.insert(name.clone(), schema.clone());
                        }
                    }
                    // An optional body's required properties are required only when it is
                    // sent, which one flat list cannot say: they are left to the body's type.
                    if argument.required
                        && let Some(Value::Array(names)) = object.get("required")
                    {
                        required.extend(names.iter().cloned());
                    }
                    additional = object.get("additionalProperties").cloned();
                    BodyInput::Merged
                }
                _ => {
                    let key = free_key(&properties, BODY_KEY.to_owned());
                    properties.insert(key.clone(), body_schema);
                    if argument.required {
                        required.push(Value::String(key.clone()));
                    }
                    BodyInput::Whole(key)
                }
            }
        }
    };

    let mut input = Map::new();
    input.insert("type".to_owned(), Value::String("object".to_owned()));
    input.insert("properties".to_owned(), Value::Object(properties));
    if !required.is_empty() {
        input.insert("required".to_owned(), Value::Array(required));
    }
    if let Some(additional) = additional {
        input.insert("additionalProperties".to_owned(), additional);
    }

    TableEntry {
        summary: fragment
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|summary| !summary.is_empty())
            .unwrap_or(&fragment.operation_id)
            .to_owned(),
        description,
        read_only: matches!(
            fragment.method,
            Method::Get | Method::Head | Method::Options
        ),
        input_schema: Value::Object(input).to_string(),
        output_schema: output_schema(schemas),
        input: CallInput {
            params: param_keys,
            body: body_input,
        },
    }
}

/// Whether a body's schema `object` can be spread among the parameters already in `taken`.
fn merges(object: &Map<String, Value>, taken: &Map<String, Value>) -> bool {
    let Some(Value::Object(properties)) = object.get("properties") else {
        return false;
    };
    SPANNING
        .iter()
        .all(|keyword| !object.contains_key(*keyword))
        && properties.keys().all(|name| !taken.contains_key(name))
}

/// `key`, with `_` appended until no property of `taken` has the name.
fn free_key(taken: &Map<String, Value>, mut key: String) -> String {
    while taken.contains_key(&key) {
        key.push('_');
    }
    key
}

/// The schema of the `2XX` JSON replies: the one, or an `anyOf` of the distinct ones.
fn output_schema(schemas: &RawSchemas) -> Option<String> {
    let mut distinct: Vec<Value> = Vec::new();
    for response in &schemas.responses {
        if !response.status.starts_with('2') {
            continue;
        }
        let schema = response.schema.as_value();
        if !distinct.contains(schema) {
            distinct.push(schema.clone());
        }
    }
    match distinct.len() {
        0 => None,
        1 => distinct.pop().map(|schema| schema.to_string()),
        _ => {
            let mut any_of = Map::new();
            any_of.insert("anyOf".to_owned(), Value::Array(distinct));
            Some(Value::Object(any_of).to_string())
        }
    }
}
