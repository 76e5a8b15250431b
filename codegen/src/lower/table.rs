//! One operation's entry in the generated operation table: its plain summary, Markdown
//! description, whether it is read-only, the merged input schema and the success schema, and
//! where a dynamic call finds each argument in its JSON input ([`CallInput`] says the rule).

use std::borrow::Cow;
use std::ops::Range;

use serde_json::{Map, Value};

use super::operations::RawSchemas;
use crate::ir::{
    Body, BodyArgument, BodyFormat, BodyInput, BodyKind, CallInput, OperationSchemas, Param,
    TableEntry,
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

/// `value` as compact JSON text, as its `Display` (`to_string`) writes it.
///
/// serde_json's writer into bytes: `Display` passes every token through a `fmt::Formatter`
/// into a growing `String`, at twice the instructions (callgrind, synthetic-100).
pub(super) fn json_text(value: &Value) -> String {
    // Never `Err`: a `Value` written into memory cannot fail.
    serde_json::to_string(value).unwrap_or_else(|_| value.to_string())
}

/// `value` as [`json_text`] writes it, in an allocation of its own length, and, for an object,
/// where in that text the value of each of its `properties` is, in order: a body whose
/// properties are merged into the input schema lends them from its text (a third of the
/// lowering thread's JSON writing was writing them again).
///
/// Written as serde_json's compact writer writes an object ([`write_object`]), with serde_json
/// writing each key and value, so the text is the same.
pub(super) fn json_text_and_properties(value: &Value) -> (String, Vec<Range<usize>>) {
    let whole = || (super::kept(json_text(value)), Vec::new());
    let Value::Object(object) = value else {
        return whole();
    };
    let mut out = Vec::new();
    let mut spans = Vec::new();
    let written = write_object(&mut out, object, &mut |out, key, value| match value {
        Value::Object(properties) if key == "properties" => {
            write_object(out, properties, &mut |out, _, schema| {
                let start = out.len();
                serde_json::to_writer(&mut *out, schema)?;
                spans.push(start..out.len());
                Ok(())
            })
        }
        _ => serde_json::to_writer(out, value),
    });
    // Neither fails: values are written into memory, and serde_json writes UTF-8.
    if written.is_err() {
        return whole();
    }
    match std::str::from_utf8(&out) {
        Ok(text) => (text.to_owned(), spans),
        Err(_) => whole(),
    }
}

/// How [`write_object`] writes an entry's value, given its key.
type WriteValue<'a> = dyn FnMut(&mut Vec<u8>, &str, &Value) -> serde_json::Result<()> + 'a;

/// Writes `object` as serde_json's compact writer does (`{`, each `"key":value` apart by `,`,
/// `}`), each value by `value`.
fn write_object(
    out: &mut Vec<u8>,
    object: &Map<String, Value>,
    value: &mut WriteValue<'_>,
) -> serde_json::Result<()> {
    out.push(b'{');
    for (index, (key, entry)) in object.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, key)?;
        out.push(b':');
        value(out, key, entry)?;
    }
    out.push(b'}');
    Ok(())
}

/// `text` as a JSON string, as [`json_text`] writes a `Value::String`, without cloning it into
/// one.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| Value::String(text.to_owned()).to_string())
}

/// The schema of the body in the input, as JSON text: the body's own (`texts` holds it), except
/// for multipart parts that the body's schema does not name, taken as the runtime's
/// `Multipart` reads them from JSON: text parts by name, a list repeating the name.
fn body_input_text<'t>(
    argument: Option<&BodyArgument>,
    texts: &'t OperationSchemas,
) -> Cow<'t, str> {
    if argument.is_none_or(|argument| argument.format != BodyFormat::MultipartParts) {
        return texts
            .request_body
            .as_deref()
            .map_or(Cow::Borrowed("true"), Cow::Borrowed);
    }
    Cow::Owned(json_text(&multipart_parts_schema()))
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
/// as Markdown. `schemas` are its schemas, `texts` the same as the IR keeps them, and
/// `body_properties` where each of the request body's `properties` is in its text
/// ([`json_text_and_properties`]): the input and output schemas are written from those texts,
/// as `serde_json` writes the same values compactly, rather than cloned into a value and
/// written again.
pub(super) fn entry(
    fragment: &Fragment,
    description: String,
    params: &[Param],
    body: Option<&Body>,
    schemas: &RawSchemas,
    texts: &OperationSchemas,
    body_properties: &[Range<usize>],
) -> TableEntry {
    // The properties in order, each with its schema's text; a handful of parameters, so a list.
    let mut properties: Vec<(String, Cow<'_, str>)> = Vec::new();
    let mut required: Vec<Cow<'_, str>> = Vec::new();
    let mut param_keys = Vec::with_capacity(params.len());
    for (index, param) in params.iter().enumerate() {
        let mut key = param.wire_name.clone();
        if taken(&properties, &key) {
            key = format!("{}_{}", param.location.as_str(), param.wire_name);
        }
        let key = free_key(&properties, key);
        // Parameters and their schemas are read from the same list, in the same order.
        let schema = texts
            .parameters
            .get(index)
            .filter(|(name, _)| *name == param.wire_name)
            .map_or(Cow::Borrowed("true"), |(_, schema)| {
                Cow::Borrowed(schema.as_str())
            });
        properties.push((key.clone(), schema));
        if param.required {
            required.push(Cow::Owned(json_string(&key)));
        }
        param_keys.push(key);
    }

    let mut additional = Some(Cow::Borrowed("false"));
    let argument = match body {
        Some(Body {
            kind: BodyKind::Argument(argument),
            ..
        }) => Some(argument),
        _ => None,
    };
    let body_input = match argument {
        None => BodyInput::None,
        Some(argument) => {
            let mergeable = matches!(
                argument.format,
                BodyFormat::Json(_) | BodyFormat::Form { .. } | BodyFormat::Multipart { .. }
            );
            let object = schemas
                .request_body
                .as_ref()
                .and_then(|schema| schema.as_value().as_object())
                .filter(|_| mergeable);
            match object {
                Some(object) if merges(object, &properties) => {
                    if let Some(Value::Object(names)) = object.get("properties") {
                        let body_text = texts.request_body.as_deref().unwrap_or_default();
                        for (name, span) in names.keys().zip(body_properties) {
                            let schema = body_text.get(span.clone()).unwrap_or("true");
                            properties.push((name.clone(), Cow::Borrowed(schema)));
                        }
                    }
                    // An optional body's required properties are required only when it is
                    // sent, which one flat list cannot say: they are left to the body's type.
                    if argument.required
                        && let Some(Value::Array(names)) = object.get("required")
                    {
                        required.extend(names.iter().map(|name| Cow::Owned(json_text(name))));
                    }
                    additional = object
                        .get("additionalProperties")
                        .map(|value| Cow::Owned(json_text(value)));
                    BodyInput::Merged
                }
                _ => {
                    let key = free_key(&properties, BODY_KEY.to_owned());
                    properties.push((key.clone(), body_input_text(Some(argument), texts)));
                    if argument.required {
                        required.push(Cow::Owned(json_string(&key)));
                    }
                    BodyInput::Whole(key)
                }
            }
        }
    };

    let input = object_text(&properties, &required, additional.as_deref());
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
        input_schema: input,
        output_schema: output_schema(schemas, texts),
        input: CallInput {
            params: param_keys,
            body: body_input,
        },
    }
}

/// The input schema's JSON text, as `serde_json` writes the same object compactly: an object
/// of `properties` (each with its schema's text), `required` (the names' texts) when any, and
/// `additionalProperties` when given.
fn object_text(
    properties: &[(String, Cow<'_, str>)],
    required: &[Cow<'_, str>],
    additional: Option<&str>,
) -> String {
    const HEAD: &str = r#"{"type":"object","properties":{"#;
    const REQUIRED: &str = r#","required":["#;
    const ADDITIONAL: &str = r#","additionalProperties":"#;
    // Sized for the whole text (each key's quotes, colon and comma; each name's comma; the
    // closing brackets), unless a key needs escapes: a buffer that has to grow ends up to twice
    // the text's length, and the IR keeps it.
    let mut input = String::with_capacity(
        HEAD.len()
            + properties
                .iter()
                .map(|(key, schema)| key.len() + schema.len() + 4)
                .sum::<usize>()
            + REQUIRED.len()
            + required.iter().map(|name| name.len() + 1).sum::<usize>()
            + ADDITIONAL.len()
            + additional.map_or(0, str::len)
            + 3,
    );
    input.push_str(HEAD);
    for (index, (key, schema)) in properties.iter().enumerate() {
        if index > 0 {
            input.push(',');
        }
        input.push_str(&json_string(key));
        input.push(':');
        input.push_str(schema);
    }
    input.push('}');
    if !required.is_empty() {
        input.push_str(REQUIRED);
        input.push_str(&required.join(","));
        input.push(']');
    }
    if let Some(additional) = additional {
        input.push_str(ADDITIONAL);
        input.push_str(additional);
    }
    input.push('}');
    input
}

/// Whether a property of `properties` has the name `key`.
fn taken(properties: &[(String, Cow<'_, str>)], key: &str) -> bool {
    properties.iter().any(|(name, _)| name == key)
}

/// Whether a body's schema `object` can be spread among the parameters already in `taken`.
fn merges(object: &Map<String, Value>, properties_taken: &[(String, Cow<'_, str>)]) -> bool {
    let Some(Value::Object(properties)) = object.get("properties") else {
        return false;
    };
    SPANNING
        .iter()
        .all(|keyword| !object.contains_key(*keyword))
        && properties.keys().all(|name| !taken(properties_taken, name))
}

/// `key`, with `_` appended until no property of `taken` has the name.
fn free_key(properties: &[(String, Cow<'_, str>)], mut key: String) -> String {
    while taken(properties, &key) {
        key.push('_');
    }
    key
}

/// The schema of the `2XX` JSON replies: the one, or an `anyOf` of the distinct ones, as JSON
/// text made of the responses' texts (`texts`, in the same order as `schemas`).
fn output_schema(schemas: &RawSchemas, texts: &OperationSchemas) -> Option<String> {
    let mut distinct: Vec<(&Value, &str)> = Vec::new();
    for (response, text) in schemas.responses.iter().zip(&texts.responses) {
        if !response.status.starts_with('2') {
            continue;
        }
        let schema = response.schema.as_value();
        if !distinct.iter().any(|(seen, _)| *seen == schema) {
            distinct.push((schema, &text.schema));
        }
    }
    match distinct.as_slice() {
        [] => None,
        [(_, text)] => Some((*text).to_owned()),
        _ => {
            let texts: Vec<&str> = distinct.iter().map(|(_, text)| *text).collect();
            Some(format!(r#"{{"anyOf":[{}]}}"#, texts.join(",")))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use serde_json::{Value, json};

    use super::{json_string, json_text, json_text_and_properties, object_text};

    /// The texts written with serde_json's writer are the ones `Display` writes.
    #[test]
    fn json_texts_are_what_display_writes() {
        let value = json!({
            "type": "object",
            "properties": {"é \"q\" \\": {"enum": [1.5, -2, null, true, "\u{1}\u{7f}\n"]}},
            "additionalProperties": false,
        });
        assert_eq!(json_text(&value), value.to_string());
        for text in ["", "plain", "with \"quote\" and \\", "ünï\u{1}\r\n\t"] {
            assert_eq!(
                json_string(text),
                Value::String(text.to_owned()).to_string()
            );
        }
    }

    /// An object's text is serde_json's, and each property's span in it is that property's text.
    #[test]
    fn property_spans_are_each_propertys_text() {
        for value in [
            json!({
                "type": "object",
                "description": "a \"quoted\" é\n\u{1}",
                "properties": {
                    "é \"q\" \\": {"enum": [1.5, -2, null, true, "\u{1}\u{7f}\n"]},
                    "nested": {"type": "object", "properties": {"inner": {"type": "string"}}},
                    "flag": true,
                    "empty": {},
                },
                "required": ["flag"],
            }),
            json!({"properties": {}}),
            json!({"properties": "not an object"}),
            json!({}),
            json!([1, {"properties": {"a": 1}}]),
            json!("text"),
        ] {
            let (text, spans) = json_text_and_properties(&value);
            assert_eq!(text, value.to_string());
            assert_eq!(text.capacity(), text.len(), "kept in its own length");
            let properties: Vec<String> = match value.get("properties") {
                Some(Value::Object(properties)) => {
                    properties.values().map(Value::to_string).collect()
                }
                _ => Vec::new(),
            };
            let spanned: Vec<&str> = spans.iter().map(|span| &text[span.clone()]).collect();
            assert_eq!(spanned, properties);
        }
    }

    /// The input schema written from texts reads as `serde_json` writes the same object.
    #[test]
    fn object_text_is_serde_jsons() {
        let schemas = [
            json!({"type": "string", "description": "a \"quoted\" é\n"}),
            json!(true),
            json!({"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        ];
        let keys = ["plain", "with \"quote\" and \\", "ünï\u{1}"];
        let properties: Vec<(String, Cow<'_, str>)> = keys
            .iter()
            .zip(&schemas)
            .map(|(key, schema)| ((*key).to_owned(), Cow::Owned(schema.to_string())))
            .collect();
        let required: Vec<Cow<'_, str>> = keys[1..]
            .iter()
            .map(|key| Cow::Owned(Value::String((*key).to_owned()).to_string()))
            .collect();
        let mut object = serde_json::Map::new();
        for (key, schema) in keys.iter().zip(&schemas) {
            object.insert((*key).to_owned(), schema.clone());
        }
        let expected = json!({
            "type": "object",
            "properties": object,
            "required": keys[1..],
            "additionalProperties": {"type": "string"},
        });
        assert_eq!(
            object_text(&properties, &required, Some(r#"{"type":"string"}"#)),
            expected.to_string()
        );
        let bare = json!({"type": "object", "properties": {}});
        assert_eq!(object_text(&[], &[], None), bare.to_string());
    }
}
