//! An OpenAPI schema (3.0 or 3.1 flavour) → the JSON Schema (draft 2020-12) it means, as the
//! generator reads it. Both the validator and the instance generator work on the result.
//!
//! - `nullable: true` (3.0) adds `"null"` to `type` (and to `enum`), or a `{"type": "null"}`
//!   alternative to a choice.
//! - `exclusiveMinimum: true` (3.0) makes `minimum` exclusive; `false` is dropped.
//! - Integer formats (`int8` … `uint64`) bound the value: their range becomes `minimum` and
//!   `maximum`.
//! - `allOf` is merged into one schema the way the generator merges it: the union of the parts'
//!   properties (a later declaration of a property replaces an earlier one, the schema's own
//!   keywords coming last), `required` united, and closed (`additionalProperties: false`) only
//!   when every object part is closed. JSON Schema would validate each part on its own, so
//!   that parts that each forbid other properties reject every value; APIs do not mean that.
//!
//! Every schema object of the result carries its place in the original schema under
//! [`ORIGIN`], which the validator ignores (unknown keywords are annotations), so that reports
//! name pointers into the schema as written.

use serde_json::{Map, Value};

use crate::Direction;
use crate::json::child;

/// The annotation keyword that holds a normalised schema's pointer in the original schema.
pub(crate) const ORIGIN: &str = "x-schema-check-origin";

/// The annotation keyword that lists the bounds (`minimum`, `maximum`) that an integer format
/// put there, so that reports name the `format` the schema wrote.
pub(crate) const FROM_FORMAT: &str = "x-schema-check-from-format";

/// The keyword as the schema wrote it: `format` for a bound an integer format gave.
pub(crate) fn as_written<'keyword>(schema: &Value, keyword: &'keyword str) -> &'keyword str {
    let from_format = schema
        .get(FROM_FORMAT)
        .and_then(Value::as_array)
        .is_some_and(|bounds| bounds.iter().any(|bound| bound == keyword));
    if from_format { "format" } else { keyword }
}

/// A keyword this crate cannot honour, or a malformed schema, with its place.
#[derive(Clone, Debug)]
pub(crate) struct Problem {
    /// Pointer in the original schema.
    pub pointer: String,
    pub message: String,
}

/// Keywords whose value is a schema.
const SINGLE_SCHEMA: [&str; 9] = [
    "additionalProperties",
    "items",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "unevaluatedProperties",
];
/// Keywords whose value is a map of schemas.
const SCHEMA_MAPS: [&str; 3] = ["properties", "patternProperties", "dependentSchemas"];
/// Keywords whose value is an array of schemas.
const SCHEMA_ARRAYS: [&str; 4] = ["allOf", "oneOf", "anyOf", "prefixItems"];
/// Keywords that need a document around the schema: refused.
const REFUSED: [&str; 4] = ["$ref", "$dynamicRef", "$recursiveRef", "unevaluatedItems"];

/// The integer formats and the ranges they give the value.
pub(crate) const INTEGER_FORMATS: [(&str, i128, i128); 8] = [
    ("int8", i8::MIN as i128, i8::MAX as i128),
    ("int16", i16::MIN as i128, i16::MAX as i128),
    ("int32", i32::MIN as i128, i32::MAX as i128),
    ("int64", i64::MIN as i128, i64::MAX as i128),
    ("uint8", 0, u8::MAX as i128),
    ("uint16", 0, u16::MAX as i128),
    ("uint32", 0, u32::MAX as i128),
    ("uint64", 0, u64::MAX as i128),
];

/// The range an integer `format` gives, if it names one.
pub(crate) fn integer_format(format: &str) -> Option<(i128, i128)> {
    INTEGER_FORMATS
        .iter()
        .find(|(name, _, _)| *name == format)
        .map(|&(_, low, high)| (low, high))
}

/// The normalised schema, or every problem found.
pub(crate) fn normalise(schema: &Value, direction: Direction) -> Result<Value, Vec<Problem>> {
    let mut problems = Vec::new();
    let normalised = node(schema, "", direction, &mut problems);
    if problems.is_empty() {
        Ok(normalised)
    } else {
        Err(problems)
    }
}

fn node(schema: &Value, origin: &str, direction: Direction, problems: &mut Vec<Problem>) -> Value {
    let object = match schema {
        Value::Bool(_) => return schema.clone(),
        Value::Object(object) => object,
        other => {
            problems.push(Problem {
                pointer: origin.to_owned(),
                message: format!("a schema must be an object or a boolean, found {other}"),
            });
            return Value::Bool(true);
        }
    };
    let mut out = Map::new();
    for (key, value) in object {
        let here = child(origin, key);
        let normalised = if REFUSED.contains(&key.as_str()) {
            problems.push(Problem {
                pointer: here,
                message: format!("`{key}` is not supported by schema-check"),
            });
            continue;
        } else if key.starts_with('$') {
            // `$id`, `$anchor`, `$recursiveAnchor`, `$comment`, …: nothing to validate by, and
            // a validator may read them as directions to a document that is not there.
            continue;
        } else if key == "items" && value.is_array() {
            problems.push(Problem {
                pointer: here,
                message: "`items` as an array (a tuple) is not supported by schema-check".into(),
            });
            continue;
        } else if SINGLE_SCHEMA.contains(&key.as_str()) {
            node(value, &here, direction, problems)
        } else if SCHEMA_MAPS.contains(&key.as_str()) {
            let Value::Object(map) = value else {
                problems.push(Problem {
                    pointer: here,
                    message: format!("`{key}` must be an object of schemas"),
                });
                continue;
            };
            Value::Object(
                map.iter()
                    .map(|(name, schema)| {
                        (
                            name.clone(),
                            node(schema, &child(&here, name), direction, problems),
                        )
                    })
                    .collect(),
            )
        } else if SCHEMA_ARRAYS.contains(&key.as_str()) {
            let Value::Array(items) = value else {
                problems.push(Problem {
                    pointer: here,
                    message: format!("`{key}` must be an array of schemas"),
                });
                continue;
            };
            Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, schema)| node(schema, &child(&here, index), direction, problems))
                    .collect(),
            )
        } else {
            value.clone()
        };
        out.insert(key.clone(), normalised);
    }
    if let Some(Value::Array(parts)) = out.remove("allOf") {
        out = merge_all_of(parts, out);
    }
    // After the merge, so that `required` of one part meets the properties of every other.
    not_required_this_way(&mut out, direction);
    required_but_forbidden(&mut out, origin);
    closed_beside_forms(&mut out);
    exclusive_bounds(&mut out);
    integer_format_bounds(&mut out);
    nullable(&mut out, origin);
    out.insert(ORIGIN.to_owned(), Value::String(origin.to_owned()));
    Value::Object(out)
}

/// The keywords that say a property travels one way only.
const ONE_WAY: [&str; 2] = ["readOnly", "writeOnly"];

/// OpenAPI's `required` of a `readOnly` property applies to replies only, and of a `writeOnly`
/// one to requests only.
fn not_required_this_way(schema: &mut Map<String, Value>, direction: Direction) {
    let skipped = match direction {
        Direction::Request => "readOnly",
        Direction::Reply => "writeOnly",
    };
    let left_out: Vec<String> = schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, property)| property.get(skipped) == Some(&Value::Bool(true)))
        .map(|(name, _)| name.clone())
        .collect();
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        required.retain(|name| {
            !name
                .as_str()
                .is_some_and(|name| left_out.iter().any(|left| left == name))
        });
    }
}

/// A closed object (`additionalProperties: false`) whose `required` names a property that
/// `properties` does not list has no valid value as JSON Schema reads it: the name is required
/// and forbidden at once. The generator reads the `required` as listing the property, of any
/// value (its docs say so), as it does for an open object; so is it read here, as `{}`, and the
/// instances derived are those the type must accept, and an object without it is invalid.
fn required_but_forbidden(schema: &mut Map<String, Value>, origin: &str) {
    if schema.get("additionalProperties") != Some(&Value::Bool(false)) {
        return;
    }
    let missing: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|name| {
            schema
                .get("properties")
                .and_then(|properties| properties.get(*name))
                .is_none()
        })
        .map(str::to_owned)
        .collect();
    if missing.is_empty() {
        return;
    }
    let properties = schema
        .entry("properties")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(properties) = properties {
        for name in missing {
            let mut any = Map::new();
            any.insert(ORIGIN.to_owned(), Value::String(child(origin, "required")));
            properties.insert(name, Value::Object(any));
        }
    }
}

/// `additionalProperties: false` beside a `oneOf`/`anyOf` whose alternatives list properties
/// of their own: as JSON Schema reads it, those properties are refused (the keyword sees only the
/// `properties` beside it), so no form but one listing nothing new is possible (Jira's
/// `evaluateJiraExpression`). The generator reads it as closing the object over its own
/// properties and the chosen form's, and a property the object lists as the object's (a form
/// that declares it again is read without it); so is it read here: each object alternative
/// that allows no other properties, or says nothing of them, gets the object's properties and
/// `required` and is closed, and the object itself no longer is. Alternatives that only require (`RequiredSets`)
/// are left as written.
fn closed_beside_forms(schema: &mut Map<String, Value>) {
    if schema.get("additionalProperties") != Some(&Value::Bool(false)) {
        return;
    }
    let Some(keyword) = ["oneOf", "anyOf"]
        .into_iter()
        .find(|keyword| schema.contains_key(*keyword))
    else {
        return;
    };
    let is_form = |alternative: &Value| alternative.get("properties").is_some();
    let forms = schema
        .get(keyword)
        .and_then(Value::as_array)
        .is_some_and(|alternatives| alternatives.iter().any(is_form));
    if !forms {
        return;
    }
    let own_properties = schema.get("properties").cloned().unwrap_or_default();
    let own_required = schema.get("required").cloned().unwrap_or_default();
    let Some(Value::Array(alternatives)) = schema.get_mut(keyword) else {
        return;
    };
    for alternative in alternatives {
        let Value::Object(form) = alternative else {
            continue;
        };
        let open = form
            .get("additionalProperties")
            .is_some_and(|additional| additional != &Value::Bool(false));
        if open || form.contains_key("patternProperties") {
            continue;
        }
        if let Value::Object(own) = &own_properties {
            let properties = form
                .entry("properties")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(properties) = properties {
                for (name, declared) in own {
                    properties.insert(name.clone(), declared.clone());
                }
            }
        }
        if let Value::Array(own) = &own_required {
            let required = form
                .entry("required")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(required) = required {
                for name in own {
                    if !required.contains(name) {
                        required.push(name.clone());
                    }
                }
            }
        }
        form.insert("additionalProperties".to_owned(), Value::Bool(false));
    }
    schema.remove("additionalProperties");
}

/// 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` as 3.1 numbers.
fn exclusive_bounds(schema: &mut Map<String, Value>) {
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match schema.get(exclusive) {
            Some(Value::Bool(true)) => match schema.remove(inclusive) {
                Some(bound) => {
                    schema.insert(exclusive.to_owned(), bound);
                }
                None => {
                    schema.remove(exclusive);
                }
            },
            Some(Value::Bool(false)) => {
                schema.remove(exclusive);
            }
            _ => {}
        }
    }
}

/// An integer format's range as `minimum`/`maximum`, where no tighter bound is written.
fn integer_format_bounds(schema: &mut Map<String, Value>) {
    let Some((low, high)) = schema
        .get("format")
        .and_then(Value::as_str)
        .and_then(integer_format)
    else {
        return;
    };
    let tighter = |existing: Option<&Value>, bound: i128, keep_if_greater: bool| {
        existing.and_then(Value::as_f64).is_some_and(|existing| {
            #[allow(
                clippy::cast_precision_loss,
                reason = "a bound within a rounding of the format's is kept; both apply anyway"
            )]
            let bound = bound as f64;
            if keep_if_greater {
                existing >= bound
            } else {
                existing <= bound
            }
        })
    };
    let mut from_format = Vec::new();
    if !tighter(schema.get("minimum"), low, true)
        && let Some(bound) = crate::json::number_from_i128(low)
    {
        schema.insert("minimum".to_owned(), bound);
        from_format.push(Value::String("minimum".to_owned()));
    }
    if !tighter(schema.get("maximum"), high, false)
        && let Some(bound) = crate::json::number_from_i128(high)
    {
        schema.insert("maximum".to_owned(), bound);
        from_format.push(Value::String("maximum".to_owned()));
    }
    if !from_format.is_empty() {
        schema.insert(FROM_FORMAT.to_owned(), Value::Array(from_format));
    }
}

/// 3.0's `nullable: true` as JSON Schema says it.
fn nullable(schema: &mut Map<String, Value>, origin: &str) {
    if schema.remove("nullable") != Some(Value::Bool(true)) {
        return;
    }
    let null = Value::String("null".to_owned());
    match schema.get_mut("type") {
        Some(Value::String(name)) => {
            if name != "null" {
                let name = Value::String(std::mem::take(name));
                schema.insert("type".to_owned(), Value::Array(vec![name, null]));
            }
        }
        Some(Value::Array(names)) => {
            if !names.contains(&null) {
                names.push(null);
            }
        }
        _ => {
            if let Some(implied) = implied_type(schema) {
                schema.insert(
                    "type".to_owned(),
                    Value::Array(vec![Value::String(implied.to_owned()), null]),
                );
            } else if let Some(keyword) = ["oneOf", "anyOf"]
                .into_iter()
                .find(|keyword| schema.contains_key(*keyword))
                && let Some(Value::Array(alternatives)) = schema.get_mut(keyword)
            {
                let mut alternative = Map::new();
                alternative.insert("type".to_owned(), Value::String("null".to_owned()));
                alternative.insert(ORIGIN.to_owned(), Value::String(child(origin, "nullable")));
                alternatives.push(Value::Object(alternative));
            } else if !schema.contains_key("enum") && !schema.contains_key("const") {
                // Nothing to add `null` to: every value is allowed already. Kept as an
                // annotation, for an `allOf` around this schema to see.
                schema.insert("nullable".to_owned(), Value::Bool(true));
                return;
            }
        }
    }
    if let Some(constant) = schema.remove("const") {
        schema.insert("enum".to_owned(), Value::Array(vec![constant]));
    }
    if let Some(Value::Array(values)) = schema.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
}

/// The type a schema without `type` implies by its keywords, as the generator reads it.
pub(crate) fn implied_type(schema: &Map<String, Value>) -> Option<&'static str> {
    let has = |keys: &[&str]| keys.iter().any(|key| schema.contains_key(*key));
    if has(&["oneOf", "anyOf"]) && !has(&["properties", "required", "additionalProperties"]) {
        None
    } else if has(&[
        "properties",
        "required",
        "additionalProperties",
        "minProperties",
        "maxProperties",
        "propertyNames",
    ]) {
        Some("object")
    } else if has(&["items", "minItems", "maxItems", "uniqueItems"]) {
        Some("array")
    } else if has(&["minLength", "maxLength", "pattern"]) {
        Some("string")
    } else if let Some(format) = schema.get("format").and_then(Value::as_str) {
        Some(if integer_format(format).is_some() {
            "integer"
        } else {
            "string"
        })
    } else if has(&[
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ]) {
        Some("number")
    } else {
        None
    }
}

/// The parts of an `allOf` and the schema's own keywords (a last part) merged as the generator
/// merges them (see the module documentation).
fn merge_all_of(parts: Vec<Value>, own: Map<String, Value>) -> Map<String, Value> {
    let origin = own.get(ORIGIN).cloned();
    let mut merged = Map::new();
    let mut object_parts = 0;
    let mut closed_parts = 0;
    let mut nullable = false;
    let own_index = parts.len();
    for (index, part) in parts.into_iter().chain([Value::Object(own)]).enumerate() {
        let is_own = index == own_index;
        let Value::Object(mut part) = part else {
            if part == Value::Bool(false) {
                return Map::from_iter([("not".to_owned(), Value::Object(Map::new()))]);
            }
            continue;
        };
        // `{"nullable": true}` beside the parts makes the merged schema nullable.
        if part.remove("nullable") == Some(Value::Bool(true)) {
            nullable = true;
        }
        let is_object = part.get("type") == Some(&Value::String("object".to_owned()))
            || ["properties", "required", "additionalProperties"]
                .iter()
                .any(|key| part.contains_key(*key));
        if is_object {
            object_parts += 1;
            if part.get("additionalProperties") == Some(&Value::Bool(false)) {
                closed_parts += 1;
            }
        }
        part.remove(ORIGIN);
        if !is_own {
            // Which side sends a property is said by the property's own `readOnly`/`writeOnly`;
            // a part's describe the part wherever else it is used (the generator's reading,
            // ARCHITECTURE.md, "`readOnly` and `writeOnly`"). Jira's `addGadget` reply marks
            // `position` `readOnly` beside a part that says `writeOnly`.
            for keyword in ONE_WAY {
                part.remove(keyword);
            }
        }
        for (key, value) in part {
            match key.as_str() {
                "properties" => {
                    let Value::Object(properties) = value else {
                        continue;
                    };
                    let target = merged
                        .entry("properties")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(target) = target {
                        for (name, schema) in properties {
                            // A later declaration replaces an earlier one.
                            target.insert(name, schema);
                        }
                    }
                }
                "required" => {
                    let target = merged
                        .entry("required")
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let (Value::Array(target), Value::Array(names)) = (target, value) {
                        for name in names {
                            if !target.contains(&name) {
                                target.push(name);
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    // Decided below from all the object parts.
                    if value != Value::Bool(false) {
                        merged.insert(key, value);
                    }
                }
                "type" => match merged.get("type") {
                    Some(existing) => {
                        let both = intersect_types(existing, &value);
                        merged.insert(key, both);
                    }
                    None => {
                        merged.insert(key, value);
                    }
                },
                _ => match merged.get(&key) {
                    Some(existing) => {
                        let both = crate::model::conjoin_keyword(&key, existing, &value);
                        merged.insert(key, both);
                    }
                    None => {
                        merged.insert(key, value);
                    }
                },
            }
        }
    }
    if object_parts > 0 && closed_parts == object_parts {
        merged.insert("additionalProperties".to_owned(), Value::Bool(false));
    }
    if nullable {
        merged.insert("nullable".to_owned(), Value::Bool(true));
    }
    if let Some(origin) = origin {
        merged.insert(ORIGIN.to_owned(), origin);
    }
    merged
}

/// The type names of a `type` keyword's value.
pub(crate) fn type_names(value: &Value) -> Vec<String> {
    match value {
        Value::String(name) => vec![name.clone()],
        Value::Array(names) => names
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Two `type` keywords together: the types both allow (`integer` is a `number`).
pub(crate) fn intersect_types(left: &Value, right: &Value) -> Value {
    let left = type_names(left);
    let right = type_names(right);
    let allows = |names: &[String], name: &str| {
        names.iter().any(|candidate| candidate == name)
            || (name == "integer" && names.iter().any(|candidate| candidate == "number"))
    };
    let both: Vec<Value> = left
        .iter()
        .filter(|name| allows(&right, name))
        .chain(
            right
                .iter()
                .filter(|name| *name == "integer" && allows(&left, name) && !left.contains(name)),
        )
        .map(|name| Value::String(name.clone()))
        .collect();
    if both.len() == 1 {
        both.into_iter().next().unwrap_or(Value::Null)
    } else {
        Value::Array(both)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The normalised schema without its origin annotations.
    fn plain(schema: &Value) -> Value {
        fn strip(value: &mut Value) {
            match value {
                Value::Object(map) => {
                    map.remove(ORIGIN);
                    map.remove(FROM_FORMAT);
                    map.values_mut().for_each(strip);
                }
                Value::Array(items) => items.iter_mut().for_each(strip),
                _ => {}
            }
        }
        let mut value = normalise(schema, Direction::Request).expect("normalises");
        strip(&mut value);
        value
    }

    #[test]
    fn nullable_becomes_a_type_array_and_a_null_enum_value() {
        assert_eq!(
            plain(&json!({"type": "string", "nullable": true, "enum": ["a"]})),
            json!({"type": ["string", "null"], "enum": ["a", null]})
        );
        assert_eq!(
            plain(&json!({"nullable": true, "oneOf": [{"type": "string"}]})),
            json!({"oneOf": [{"type": "string"}, {"type": "null"}]})
        );
        assert_eq!(
            plain(&json!({"nullable": true, "properties": {}})),
            json!({"type": ["object", "null"], "properties": {}})
        );
        assert_eq!(
            plain(&json!({"type": "string", "nullable": false})),
            json!({"type": "string"})
        );
    }

    #[test]
    fn boolean_exclusive_bounds_become_numbers() {
        assert_eq!(
            plain(
                &json!({"type": "number", "minimum": 0, "exclusiveMinimum": true,
                          "maximum": 9, "exclusiveMaximum": false})
            ),
            json!({"type": "number", "exclusiveMinimum": 0, "maximum": 9})
        );
    }

    #[test]
    fn integer_formats_bound_the_value() {
        assert_eq!(
            plain(&json!({"type": "integer", "format": "uint64"})),
            json!({"type": "integer", "format": "uint64", "minimum": 0, "maximum": u64::MAX})
        );
        assert_eq!(
            plain(&json!({"type": "integer", "format": "int8", "minimum": 1})),
            json!({"type": "integer", "format": "int8", "minimum": 1, "maximum": 127})
        );
    }

    #[test]
    fn all_of_is_merged_as_the_generator_merges_it() {
        let schema = json!({
            "required": ["own"],
            "properties": {"own": {"type": "string"}},
            "additionalProperties": false,
            "allOf": [
                {"type": "object", "additionalProperties": false, "required": ["a"],
                 "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}},
                {"type": "object", "additionalProperties": false,
                 "properties": {"b": {"type": "boolean"}}},
                {"nullable": true}
            ]
        });
        assert_eq!(
            plain(&schema),
            json!({
                "type": ["object", "null"],
                "additionalProperties": false,
                "required": ["a", "own"],
                "properties": {
                    "a": {"type": "integer"}, "b": {"type": "boolean"}, "own": {"type": "string"}
                }
            })
        );
        let open = json!({"allOf": [
            {"type": "object", "additionalProperties": false, "properties": {"a": {}}},
            {"type": "object", "properties": {"b": {}}}
        ]});
        assert_eq!(plain(&open).get("additionalProperties"), None);
    }

    #[test]
    fn a_property_s_own_read_only_wins_over_its_all_of_part() {
        let schema = json!({
            "type": "object",
            "required": ["position", "secret"],
            "properties": {
                "position": {"readOnly": true, "allOf": [{"type": "object", "writeOnly": true}]},
                "secret": {"allOf": [{"type": "string", "writeOnly": true}]}
            }
        });
        let reply = normalise(&schema, Direction::Reply).expect("normalises");
        // The part's `writeOnly` is not read: both stay required in replies.
        assert_eq!(reply.get("required"), Some(&json!(["position", "secret"])));
        assert_eq!(reply.pointer("/properties/position/writeOnly"), None);
        assert_eq!(
            reply.pointer("/properties/position/readOnly"),
            Some(&json!(true))
        );
        let request = normalise(&schema, Direction::Request).expect("normalises");
        assert_eq!(request.get("required"), Some(&json!(["secret"])));
    }

    #[test]
    fn a_required_name_a_closed_object_does_not_list_is_a_property_of_any_value() {
        let schema = json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["missing"],
            "properties": {"listed": {"type": "string"}}
        });
        assert_eq!(
            plain(&schema),
            json!({
                "type": "object",
                "additionalProperties": false,
                "required": ["missing"],
                "properties": {"listed": {"type": "string"}, "missing": {}}
            })
        );
        let normalised = normalise(&schema, Direction::Request).expect("normalises");
        assert_eq!(
            normalised.pointer("/properties/missing/x-schema-check-origin"),
            Some(&json!("/required"))
        );
        // An open object already allows it: nothing is added.
        let open = json!({"type": "object", "required": ["missing"]});
        assert_eq!(plain(&open), open);
    }

    #[test]
    fn a_closed_object_beside_forms_is_closed_over_its_own_and_the_chosen_form_s_properties() {
        let schema = json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["type"],
            "properties": {"type": {"type": "string"}},
            "oneOf": [
                {"type": "object", "required": ["accountId"],
                 "properties": {"accountId": {"type": "string"}, "type": {"type": "integer"}}},
                {"type": "object", "additionalProperties": true,
                 "properties": {"value": {"type": "object"}}}
            ]
        });
        assert_eq!(
            plain(&schema),
            json!({
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"type": "string"}},
                "oneOf": [
                    {"type": "object", "required": ["accountId", "type"],
                     "additionalProperties": false,
                     "properties": {"accountId": {"type": "string"}, "type": {"type": "string"}}},
                    {"type": "object", "additionalProperties": true,
                     "properties": {"value": {"type": "object"}}}
                ]
            })
        );
        // Alternatives that only require are the object's required sets: left as written.
        let sets = json!({
            "type": "object", "additionalProperties": false,
            "properties": {"a": {}, "b": {}},
            "oneOf": [{"required": ["a"]}, {"required": ["b"]}]
        });
        assert_eq!(plain(&sets), sets);
    }

    #[test]
    fn origins_point_into_the_schema_as_written() {
        let normalised = normalise(
            &json!({"allOf": [{"properties": {"a/b": {"type": "string"}}}]}),
            Direction::Request,
        )
        .expect("normalises");
        assert_eq!(
            normalised.pointer("/properties/a~1b/x-schema-check-origin"),
            Some(&json!("/allOf/0/properties/a~1b"))
        );
    }

    #[test]
    fn references_and_tuples_are_refused_with_their_place() {
        let problems = normalise(
            &json!({"properties": {"a": {"$ref": "#/x"}, "b": {"items": [{}]}}}),
            Direction::Request,
        )
        .expect_err("refused");
        let pointers: Vec<&str> = problems
            .iter()
            .map(|problem| problem.pointer.as_str())
            .collect();
        assert_eq!(pointers, ["/properties/a/$ref", "/properties/b/items"]);
    }
}
