//! The instances derived from schemas: valid, and covering what the schema allows.

use std::cell::RefCell;

use schema_check::{Case, Config, FailureKind, Report, run};
use serde_json::{Value, json};

thread_local! {
    /// The instances the round trip was called with, on this test's thread.
    static SEEN: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

/// A type that holds any value: records it and gives it back.
#[allow(clippy::unnecessary_wraps, reason = "the signature of a round trip")]
fn record(value: Value) -> Result<Value, String> {
    SEEN.with(|seen| seen.borrow_mut().push(value.clone()));
    Ok(value)
}

/// The report of checking `schema` as a request type that holds any value, and the valid
/// instances it was given (invalid ones are not tried).
fn instances(schema: &Value, random_instances: u32) -> (Report, Vec<Value>) {
    SEEN.with(|seen| seen.borrow_mut().clear());
    let config = Config {
        random_instances,
        ..Config::default()
    };
    let report = run(
        &config,
        &[Case::request("Any value", schema.clone(), record).accepting_invalid()],
    );
    (report, SEEN.with(RefCell::take))
}

fn at<'value>(instance: &'value Value, key: &str) -> Option<&'value Value> {
    instance.get(key)
}

fn lengths(seen: &[Value], key: &str) -> Vec<usize> {
    let mut found: Vec<usize> = seen
        .iter()
        .filter_map(|instance| match at(instance, key) {
            Some(Value::String(text)) => Some(text.chars().count()),
            Some(Value::Array(items)) => Some(items.len()),
            _ => None,
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

fn values(seen: &[Value], key: &str) -> Vec<Value> {
    let mut found: Vec<Value> = seen
        .iter()
        .filter_map(|instance| at(instance, key).cloned())
        .collect();
    found.sort_by_key(ToString::to_string);
    found.dedup();
    found
}

fn wide_schema() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["id"],
        "properties": {
            "id": {"type": "string", "minLength": 2, "maxLength": 6},
            "color": {"type": "string", "enum": ["red", "green", "blue"]},
            "low": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
            "high": {"type": "integer", "exclusiveMaximum": 10, "minimum": 8},
            "big": {"type": "integer", "format": "uint64"},
            "small": {"type": "integer", "format": "int8"},
            "ratio": {"type": "number", "minimum": 0, "maximum": 1},
            "note": {"type": "string", "nullable": true},
            "list": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3},
            "shape": {"oneOf": [
                {"type": "object", "required": ["r"], "additionalProperties": false,
                 "properties": {"r": {"type": "number"}}},
                {"type": "object", "required": ["w", "h"], "additionalProperties": false,
                 "properties": {"w": {"type": "number"}, "h": {"type": "number"}}}
            ]},
            "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 2}},
            "when": {"type": "string", "format": "date-time"},
            "mail": {"type": "string", "format": "email"},
            "site": {"type": "string", "format": "uri"},
            "uid": {"type": "string", "format": "uuid"},
            "day": {"type": "string", "format": "date"},
            "anything": {},
            "x-extension": {"type": "boolean", "x-internal": true, "example": true}
        }
    })
}

#[test]
fn edges_cover_every_value_bound_choice_and_optional_property() {
    let (report, seen) = instances(&wide_schema(), 0);
    assert!(report.failures.is_empty(), "{report}");
    assert_eq!(report.summary.random_instances, 0);

    assert_eq!(
        values(&seen, "color"),
        [json!("blue"), json!("green"), json!("red")]
    );
    assert!(
        seen.iter().any(|instance| at(instance, "color").is_none()),
        "color absent"
    );
    assert!(
        seen.iter()
            .any(|instance| { instance.as_object().is_some_and(|map| map.len() == 19) }),
        "every property present"
    );
    let ids = lengths(&seen, "id");
    assert_eq!((ids.first(), ids.last()), (Some(&2), Some(&6)), "{ids:?}");

    let lows = values(&seen, "low");
    assert!(
        lows.contains(&json!(1)) && !lows.contains(&json!(0)),
        "{lows:?}"
    );
    assert_eq!(values(&seen, "high"), [json!(8), json!(9)]);
    let bigs = values(&seen, "big");
    assert!(
        bigs.contains(&json!(u64::MAX)) && bigs.contains(&json!(0)),
        "{bigs:?}"
    );
    let smalls = values(&seen, "small");
    assert!(
        smalls.contains(&json!(-128)) && smalls.contains(&json!(127)),
        "{smalls:?}"
    );
    let ratios = values(&seen, "ratio");
    assert!(
        ratios.contains(&json!(0.0)) && ratios.contains(&json!(1.0)),
        "{ratios:?}"
    );
    let notes = values(&seen, "note");
    assert!(
        notes.contains(&Value::Null) && notes.iter().any(Value::is_string),
        "{notes:?}"
    );
    assert_eq!(lengths(&seen, "list"), [1, 3]);

    let shapes = values(&seen, "shape");
    assert!(
        shapes.iter().any(|shape| shape.get("r").is_some()),
        "{shapes:?}"
    );
    assert!(
        shapes.iter().any(|shape| shape.get("w").is_some()),
        "{shapes:?}"
    );
    let either = values(&seen, "either");
    assert!(
        either.iter().any(Value::is_string) && either.iter().any(Value::is_i64),
        "{either:?}"
    );

    let labels = values(&seen, "labels");
    assert!(
        labels
            .iter()
            .any(|map| map.as_object().is_some_and(|map| map
                .values()
                .any(|value| value.as_str().is_some_and(|text| text.chars().count() == 2)))),
        "{labels:?}"
    );
    for format in ["when", "mail", "site", "uid", "day"] {
        assert!(
            values(&seen, format).iter().all(Value::is_string),
            "{format}"
        );
        assert!(!values(&seen, format).is_empty(), "{format}");
    }
    let anything = values(&seen, "anything");
    for kind in [
        Value::is_null,
        Value::is_object,
        Value::is_array,
        Value::is_string,
    ] {
        assert!(anything.iter().any(kind), "{anything:?}");
    }
}

#[test]
fn random_instances_of_many_kinds_of_schema_are_valid() {
    let schemas = [
        wide_schema(),
        json!({"type": "string", "pattern": "^[A-Z]{3}-\\d{2,4}$"}),
        json!({"type": "string", "pattern": "\\w+@\\w+", "maxLength": 12}),
        json!({"type": "string", "format": "email", "maxLength": 20}),
        json!({"type": "object", "propertyNames": {"pattern": "^[a-z]+$"},
               "additionalProperties": {"type": "integer"}, "minProperties": 1, "maxProperties": 3}),
        json!({"type": "array", "uniqueItems": true, "minItems": 2,
               "items": {"type": "string", "enum": ["a", "b", "c"]}}),
        json!({"type": "array", "uniqueItems": true, "maxItems": 5, "items": {"type": "integer", "minimum": 0, "maximum": 3}}),
        json!({"type": "number", "multipleOf": 0.25, "exclusiveMinimum": -1, "exclusiveMaximum": 1}),
        json!({"type": "integer", "multipleOf": 7, "minimum": -20, "maximum": 20}),
        json!({"type": "number", "minimum": 1.5, "maximum": 1.5}),
        json!({"allOf": [
            {"type": "object", "additionalProperties": false, "required": ["a"],
             "properties": {"a": {"type": "string"}}},
            {"type": "object", "additionalProperties": false,
             "properties": {"b": {"type": "integer", "format": "int32"}}},
            {"nullable": true}
        ]}),
        json!({"type": "object", "properties": {"reviewers": {"type": "array", "items": {"type": "string"}},
                                                "teams": {"type": "array", "items": {"type": "string"}}},
               "additionalProperties": false,
               "anyOf": [{"required": ["reviewers"]}, {"required": ["teams"]}]}),
        json!({"type": ["string", "integer", "null"], "minLength": 1, "maximum": 5}),
        json!({"const": "fixed"}),
        json!({"enum": ["a", 1, null, true]}),
        json!({"type": "object", "required": ["job", "sample"], "properties": {
            "job": {"oneOf": [
                {"type": "object", "required": ["state"], "properties": {
                    "state": {"type": "string", "enum": ["running"]}, "progress": {"type": "number"}}},
                {"type": "object", "required": ["state", "error_info"], "properties": {
                    "state": {"type": "string", "enum": ["failed"]},
                    "error_info": {"type": "object", "required": ["message"],
                                   "properties": {"message": {"type": "string"}}}}}]},
            "sample": {"oneOf": [
                {"type": "object", "required": ["datum", "type"],
                 "properties": {"datum": {"type": "integer"}, "type": {"const": "i64"}}},
                {"type": "object", "required": ["datum", "type"],
                 "properties": {"datum": {"type": "number"}, "type": {"const": "f64"}}}]}}}),
        json!({"type": "object", "additionalProperties": true, "properties": {"name": {"type": "string"}}}),
        json!({"type": "array", "items": {"type": "array", "items": {"type": "boolean"}, "maxItems": 2}}),
        json!({"not": {"type": "string"}}),
        json!(true),
    ];
    for schema in &schemas {
        let (report, seen) = instances(schema, 200);
        assert!(report.failures.is_empty(), "{schema}:\n{report}");
        assert_eq!(report.summary.random_instances, 200, "{schema}");
        assert_eq!(
            seen.len(),
            report.summary.edge_instances + report.summary.random_instances,
            "{schema}"
        );
    }
}

#[test]
fn each_form_of_an_at_least_one_of_object_is_tried() {
    let schema = json!({
        "type": "object", "additionalProperties": false,
        "properties": {"reviewers": {"type": "array", "items": {"type": "string"}},
                       "teams": {"type": "array", "items": {"type": "string"}}},
        "anyOf": [{"required": ["reviewers"]}, {"required": ["teams"]}]
    });
    let (report, seen) = instances(&schema, 0);
    assert!(report.failures.is_empty(), "{report}");
    let keys = |instance: &Value| -> Vec<String> {
        instance
            .as_object()
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default()
    };
    assert!(
        seen.iter().any(|instance| keys(instance) == ["reviewers"]),
        "{seen:?}"
    );
    assert!(
        seen.iter().any(|instance| keys(instance) == ["teams"]),
        "{seen:?}"
    );
    assert!(
        !seen.iter().any(|instance| keys(instance).is_empty()),
        "{seen:?}"
    );
}

#[test]
fn openapi_30_and_31_spellings_give_the_same_instances() {
    let open_api_30 = json!({"type": "object", "properties": {
        "a": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 5, "exclusiveMaximum": false},
        "b": {"type": "string", "nullable": true, "enum": ["x", "y"]}
    }});
    let open_api_31 = json!({"type": "object", "properties": {
        "a": {"type": "integer", "exclusiveMinimum": 0, "maximum": 5},
        "b": {"type": ["string", "null"], "enum": ["x", "y", null]}
    }});
    let (first, mut seen_30) = instances(&open_api_30, 50);
    let (second, mut seen_31) = instances(&open_api_31, 50);
    assert!(
        first.failures.is_empty() && second.failures.is_empty(),
        "{first}\n{second}"
    );
    for seen in [&mut seen_30, &mut seen_31] {
        seen.sort_by_key(ToString::to_string);
    }
    assert!(!seen_30.is_empty());
    assert_eq!(seen_30, seen_31);
    assert_eq!(values(&seen_30, "b"), [json!("x"), json!("y"), Value::Null]);
    assert_eq!(values(&seen_30, "a").first(), Some(&json!(1)));
}

#[test]
fn read_only_properties_are_left_out_of_requests_and_write_only_out_of_replies() {
    let schema = json!({"type": "object", "required": ["id", "password"], "properties": {
        "id": {"type": "integer", "readOnly": true},
        "password": {"type": "string", "writeOnly": true},
        "name": {"type": "string"}
    }});
    let (report, requests) = instances(&schema, 20);
    assert!(report.failures.is_empty(), "{report}");
    assert!(requests.iter().all(|instance| instance.get("id").is_none()));
    assert!(
        requests
            .iter()
            .all(|instance| instance.get("password").is_some())
    );

    SEEN.with(|seen| seen.borrow_mut().clear());
    let config = Config {
        random_instances: 20,
        ..Config::default()
    };
    let report = run(&config, &[Case::reply("Reply", schema, record)]);
    assert!(report.failures.is_empty(), "{report}");
    let replies = SEEN.with(RefCell::take);
    assert!(
        replies
            .iter()
            .all(|instance| instance.get("password").is_none())
    );
    assert!(replies.iter().any(|instance| instance.get("id").is_some()));
}

#[test]
fn random_instances_are_the_same_on_every_run_unless_the_seed_changes() {
    let (_, first) = instances(&wide_schema(), 20);
    let (_, second) = instances(&wide_schema(), 20);
    assert_eq!(first, second);
    SEEN.with(|seen| seen.borrow_mut().clear());
    let config = Config {
        random_instances: 20,
        seed: 1,
        ..Config::default()
    };
    let _ = run(
        &config,
        &[Case::request("Any value", wide_schema(), record).accepting_invalid()],
    );
    let third = SEEN.with(RefCell::take);
    assert_eq!(first.len(), third.len());
    assert_ne!(first, third);
}

#[test]
fn what_this_crate_cannot_check_is_reported_not_skipped() {
    let (report, seen) = instances(
        &json!({"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"},
                                                 "b": {"type": "array", "items": [{}]}}}),
        10,
    );
    assert!(seen.is_empty());
    let places: Vec<(&str, FailureKind)> = report
        .failures
        .iter()
        .map(|failure| (failure.schema_pointer.as_str(), failure.kind))
        .collect();
    assert_eq!(
        places,
        [
            ("/properties/a/$ref", FailureKind::Schema),
            ("/properties/b/items", FailureKind::Schema)
        ]
    );

    // Two alternatives of a `oneOf` that accept the same values: neither can be chosen alone.
    let (report, _) = instances(
        &json!({"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 100}]}),
        10,
    );
    assert!(
        report.has("Any value", FailureKind::Schema, "/oneOf/1"),
        "{report}"
    );
}

#[test]
fn tuples_and_contains_are_generated() {
    let schema = json!({
        "type": "object",
        "required": ["point", "tags"],
        "properties": {
            "point": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "items": false},
            "tags": {"type": "array", "items": {"type": "string"}, "contains": {"const": "main"}},
            "gone": false
        }
    });
    let (report, seen) = instances(&schema, 30);
    assert!(report.failures.is_empty(), "{report}");
    assert_eq!(lengths(&seen, "point"), [2]);
    assert!(seen.iter().all(|instance| {
        instance["point"][0].is_i64()
            && instance["point"][1].is_string()
            && instance["tags"]
                .as_array()
                .is_some_and(|tags| tags.contains(&json!("main")))
            && instance.get("gone").is_none()
    }));
    assert!(seen.len() > 10, "{seen:?}");
}
