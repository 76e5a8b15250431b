//! Unit tests of the parse layer: shapes, refusals and where they are reported.

use super::*;
use crate::spec::Method;

fn problems(text: &str) -> Vec<String> {
    parse_fragment("f.json", text)
        .err()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// A fragment whose JSON request body has `schema` (JSON text).
fn with_body_schema(schema: &str) -> String {
    format!(
        r#"{{"method":"POST","path":"https://x.test/v1/a","operationId":"A","requestBody":{{"content":{{"application/json":{{"schema":{schema}}}}}}},"responses":{{}}}}"#
    )
}

/// The request body schema `schema` (JSON text) parses to.
fn body_schema(schema: &str) -> Schema {
    let fragment = parse_fragment("f.json", &with_body_schema(schema)).expect("parses");
    let mut content = fragment.request_body.expect("body").content;
    content.remove(0).schema.expect("schema")
}

/// The problems of a fragment whose request body has `schema`, as located messages.
fn body_problems(schema: &str) -> Vec<String> {
    problems(&with_body_schema(schema))
}

const BODY: &str = "f.json#/requestBody/content/application~1json/schema";

const MINIMAL: &str =
    r#"{"method":"POST","path":"https://x.test/v1/a","operationId":"A","responses":{}}"#;

#[test]
fn a_minimal_fragment_parses() {
    let fragment = parse_fragment("f.json", MINIMAL).expect("parses");
    assert_eq!(fragment.operation_id, "A");
    assert_eq!(fragment.method, Method::Post);
}

#[test]
fn text_that_is_not_json_is_refused_with_the_position() {
    let problems = problems("{\"method\": ");
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("f.json#: not valid JSON: EOF while parsing"),
        "{problems:?}"
    );
}

#[test]
fn missing_required_keys_are_all_reported() {
    assert_eq!(
        problems(r#"{"responses":{}}"#),
        [
            "f.json#: the fragment has no `operationId`",
            "f.json#: the fragment has no `method`",
            "f.json#: the fragment has no `path`",
        ]
    );
}

#[test]
fn unsupported_keywords_are_refused_where_they_are() {
    let text = r#"{"method":"GET","path":"https://x.test/v1/a","operationId":"A","responses":{"200":{"content":{"application/json":{"schema":{"type":"object","properties":{"a":{"type":"object","unevaluatedItems":false,"$dynamicRef":"/x"},"b":{"$ref":"/x"}}}}}}}}"#;
    assert_eq!(
        problems(text),
        [
            "f.json#/responses/200/content/application~1json/schema/properties/a/$dynamicRef (operation A): `$dynamicRef` in an object schema is not supported by this generator",
            "f.json#/responses/200/content/application~1json/schema/properties/b/$ref (operation A): `$ref` in a schema without `type` is not supported by this generator",
        ]
    );
}

#[test]
fn type_is_inferred_from_properties_items_and_enum() {
    let text = r#"{"method":"POST","path":"https://x.test/v1/a","operationId":"A","requestBody":{"content":{"application/json":{"schema":{"properties":{"list":{"items":{"enum":["a","b"]}}}}}}},"responses":{}}"#;
    let fragment = parse_fragment("f.json", text).expect("parses");
    let body = fragment.request_body.expect("body");
    let Some(SchemaKind::Object(object)) = body.content[0].schema.as_ref().map(|s| &s.kind) else {
        panic!("object expected");
    };
    let SchemaKind::Array(items, _) = &object.properties[0].1.kind else {
        panic!("array expected");
    };
    assert!(
        matches!(&items.kind, SchemaKind::String(s) if s.enum_values == Some(vec!["a".into(), "b".into()]))
    );
}

#[test]
fn required_names_may_be_declared_elsewhere() {
    // In an `allOf` part, `required` may name a property another part declares.
    let text = r#"{"method":"POST","path":"https://x.test/v1/a","operationId":"A","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{},"required":["elsewhere"]}}}},"responses":{}}"#;
    let fragment = parse_fragment("f.json", text).expect("parses");
    let body = fragment.request_body.expect("body");
    let Some(SchemaKind::Object(object)) = body.content[0].schema.as_ref().map(|s| &s.kind) else {
        panic!("object expected");
    };
    assert_eq!(object.required, ["elsewhere"]);
}

#[test]
fn enum_values_must_match_the_type() {
    let text = r#"{"method":"POST","path":"https://x.test/v1/a","operationId":"A","parameters":[{"in":"path","name":"p","required":true,"schema":{"type":"string","enum":["a",1]}}],"responses":{}}"#;
    assert_eq!(
        problems(text),
        [
            "f.json#/parameters/0/schema/enum/1 (operation A): this `enum` holds strings, but this value is 1"
        ]
    );
}

#[test]
fn a_type_array_with_null_is_a_nullable_type() {
    let schema = body_schema(r#"{"type":["null","integer"]}"#);
    assert!(schema.nullable);
    assert!(matches!(schema.kind, SchemaKind::Integer(_)));
    let schema = body_schema(r#"{"type":["null"]}"#);
    assert!(schema.nullable);
    assert!(matches!(schema.kind, SchemaKind::Null));
    let schema = body_schema(r#"{"type":"null"}"#);
    assert!(!schema.nullable);
    assert!(matches!(schema.kind, SchemaKind::Null));
}

#[test]
fn a_type_name_json_schema_does_not_define_is_refused() {
    assert_eq!(
        body_problems(r#"{"type":["null","int"]}"#),
        [format!(
            "{BODY}/type (operation A): `type: int` is not supported by this generator"
        )]
    );
    assert_eq!(
        body_problems(r#"{"type":7}"#),
        [format!(
            "{BODY}/type (operation A): `type` must be a type name or an array of them, found a number"
        )]
    );
}

#[test]
fn enum_and_const_imply_integer_only_for_whole_numbers() {
    let schema = body_schema(r#"{"enum":[null,2]}"#);
    assert!(schema.nullable);
    assert!(matches!(schema.kind, SchemaKind::Integer(_)));
    assert!(matches!(
        body_schema(r#"{"const":2.5}"#).kind,
        SchemaKind::Number(_)
    ));
}

#[test]
fn a_choice_is_refused_and_located_under_the_keyword_it_uses() {
    assert_eq!(
        body_problems(r#"{"anyOf":[{"type":"string"}],"pattern":"x"}"#),
        [format!(
            "{BODY}/pattern (operation A): `pattern` in a `anyOf` schema is not supported by this generator"
        )]
    );
    assert_eq!(
        body_problems(r#"{"anyOf":[]}"#),
        [format!(
            "{BODY}/anyOf (operation A): `anyOf` must not be empty"
        )]
    );
    assert_eq!(
        body_problems(r#"{"oneOf":[{}],"anyOf":[{}]}"#),
        [format!(
            "{BODY} (operation A): `oneOf` and `anyOf` together are not supported by this generator"
        )]
    );
}

#[test]
fn every_part_of_an_all_of_is_read_before_giving_up() {
    assert_eq!(
        body_problems(r#"{"allOf":{}}"#),
        [format!(
            "{BODY}/allOf (operation A): `allOf` must be an array of schemas"
        )]
    );
    assert_eq!(
        body_problems(r#"{"allOf":[{"type":1},{},{"type":"bogus"}]}"#),
        [
            format!(
                "{BODY}/allOf/0/type (operation A): `type` must be a type name or an array of them, found a number"
            ),
            format!(
                "{BODY}/allOf/2/type (operation A): `type: bogus` is not supported by this generator"
            ),
        ]
    );
}

#[test]
fn object_keywords_beside_a_combinator_make_an_object() {
    let schema = body_schema(
        r#"{"properties":{"a":{"type":"string"}},"oneOf":[{"required":["a"]},{"type":"null"},{"type":"object"}]}"#,
    );
    let SchemaKind::Object(object) = schema.kind else {
        panic!("object expected, found {:?}", schema.kind);
    };
    assert_eq!(object.properties[0].0, "a");
    assert_eq!(
        object
            .forms
            .map(|forms| (forms.alternatives.len(), forms.exclusive)),
        Some((3, true))
    );

    let schema = body_schema(r#"{"required":["b"],"allOf":[{"properties":{"b":{}}}]}"#);
    let SchemaKind::AllOf(parts) = schema.kind else {
        panic!("allOf expected, found {:?}", schema.kind);
    };
    assert_eq!(parts.len(), 2);
    assert!(matches!(&parts[1].kind, SchemaKind::Object(own) if own.required == ["b"]));
}

#[test]
fn object_keywords_are_read_and_each_problem_reported() {
    let schema =
        body_schema(r#"{"type":"object","required":["a","a"],"additionalProperties":false}"#);
    let SchemaKind::Object(object) = schema.kind else {
        panic!("object expected, found {:?}", schema.kind);
    };
    assert_eq!(object.required, ["a"]);
    assert!(object.closed);
    assert!(object.additional.is_none());

    let schema = body_schema(r#"{"type":"object","additionalProperties":{"type":"integer"}}"#);
    let SchemaKind::Object(object) = schema.kind else {
        panic!("object expected, found {:?}", schema.kind);
    };
    assert!(!object.closed);
    assert!(matches!(
        object.additional.map(|schema| schema.kind),
        Some(SchemaKind::Integer(_))
    ));

    assert_eq!(
        body_problems(
            r#"{"type":"object","properties":{"a":{"type":1},"b":{"type":2}},"required":"a"}"#
        ),
        [
            format!(
                "{BODY}/properties/a/type (operation A): `type` must be a type name or an array of them, found a number"
            ),
            format!(
                "{BODY}/properties/b/type (operation A): `type` must be a type name or an array of them, found a number"
            ),
        ]
    );
    assert_eq!(
        body_problems(
            r#"{"type":"object","required":["a",3],"additionalProperties":{"type":"x"}}"#
        ),
        [
            format!(
                "{BODY}/required/1 (operation A): `required` must hold property names, found 3"
            ),
            format!(
                "{BODY}/additionalProperties/type (operation A): `type: x` is not supported by this generator"
            ),
        ]
    );
}

#[test]
fn raw_schemas_are_kept_exactly_as_written() {
    // Key order, extensions and annotations included: the raw schema is the fragment's JSON.
    let parameter = r#"{"type":"string","x-note":{"b":1,"a":2},"maxLength":3,"example":"ab"}"#;
    let body = r#"{"properties":{"z":{"type":"integer"},"a":{"type":"string"}},"title":"Body","$comment":"kept"}"#;
    let reply = r#"{"type":"object","additionalProperties":false}"#;
    let text = format!(
        r#"{{"method":"POST","path":"https://x.test/v1/a","operationId":"A","parameters":[{{"in":"query","name":"q","schema":{parameter}}}],"requestBody":{{"content":{{"application/json":{{"schema":{body}}},"text/plain":{{}}}}}},"responses":{{"200":{{"content":{{"application/json":{{"schema":{reply}}}}}}}}}}}"#
    );
    let fragment = parse_fragment("f.json", &text).expect("parses");
    let written =
        |schema: &schemars::Schema| serde_json::to_string(schema.as_value()).expect("serialises");
    assert_eq!(written(&fragment.parameters[0].raw_schema), parameter);
    let content = &fragment.request_body.as_ref().expect("body").content;
    assert_eq!(
        content[0].raw_schema.as_deref().map(written).as_deref(),
        Some(body)
    );
    assert!(content[1].raw_schema.is_none());
    assert_eq!(
        fragment.responses[0].content[0]
            .raw_schema
            .as_deref()
            .map(written)
            .as_deref(),
        Some(reply)
    );
}

#[test]
fn a_schema_that_is_not_an_object_is_refused_where_it_is() {
    // The only JSON a raw schema could fail to be kept from; it is refused before that.
    let text = r#"{"method":"POST","path":"https://x.test/v1/a","operationId":"A","parameters":[{"in":"query","name":"q","schema":1}],"responses":{"200":{"content":{"application/json":{"schema":[]}}}}}"#;
    assert_eq!(
        problems(text),
        [
            "f.json#/parameters/0/schema (operation A): a schema must be a JSON object, found a number",
            "f.json#/responses/200/content/application~1json/schema (operation A): a schema must be a JSON object, found an array",
        ]
    );
}

#[test]
fn boolean_schemas_are_any_value_or_none() {
    let schema = body_schema(
        r#"{"type":"object","properties":{"a":true,"b":false},"additionalProperties":false}"#,
    );
    let SchemaKind::Object(object) = schema.kind else {
        panic!("object expected");
    };
    assert!(matches!(object.properties[0].1.kind, SchemaKind::Any));
    assert!(matches!(object.properties[1].1.kind, SchemaKind::Nothing));
    assert!(object.closed);
}

#[test]
fn a_value_listed_twice_in_an_enum_is_one_value() {
    let strings = body_schema(r#"{"type":"string","enum":["b","a","b","a"]}"#);
    assert!(
        matches!(&strings.kind, SchemaKind::String(s) if s.enum_values == Some(vec!["b".into(), "a".into()]))
    );
    let integers = body_schema(r#"{"type":"integer","enum":[2,1,2]}"#);
    assert!(
        matches!(&integers.kind, SchemaKind::Integer(i) if i.enum_values.as_ref().is_some_and(|values| values.len() == 2))
    );
}

#[test]
fn null_listed_beside_a_type_that_refuses_it_allows_nothing() {
    let refused = body_schema(r#"{"type":"string","enum":["a",null]}"#);
    assert!(!refused.nullable);
    let allowed = body_schema(r#"{"type":["string","null"],"enum":["a",null]}"#);
    assert!(allowed.nullable);
    let declared = body_schema(r#"{"type":"string","nullable":true,"enum":["a",null]}"#);
    assert!(declared.nullable);
}

#[test]
fn an_enum_without_type_takes_the_type_its_values_share() {
    let strings = body_schema(r#"{"enum":["a","b",null]}"#);
    assert!(strings.nullable);
    assert!(
        matches!(&strings.kind, SchemaKind::String(s) if s.enum_values == Some(vec!["a".into(), "b".into()]))
    );
    assert!(matches!(
        body_schema(r#"{"enum":[1,2]}"#).kind,
        SchemaKind::Integer(_)
    ));
    assert!(matches!(
        body_schema(r#"{"enum":[1,2.5]}"#).kind,
        SchemaKind::Number(_)
    ));
    // Values of several types: any value, the enum kept as a rule the server checks.
    let mixed = body_schema(r#"{"enum":["a",1]}"#);
    assert!(matches!(mixed.kind, SchemaKind::Any));
    assert_eq!(
        mixed.rules,
        [("enum".to_owned(), serde_json::json!(["a", 1]))]
    );
}

#[test]
fn an_array_without_items_holds_any_values() {
    let schema = body_schema(r#"{"type":"array","minItems":1}"#);
    let SchemaKind::Array(items, bounds) = schema.kind else {
        panic!("array expected");
    };
    assert!(matches!(items.kind, SchemaKind::Any));
    assert_eq!(bounds.min_items, Some(1));
}

#[test]
fn keywords_the_client_does_not_check_are_kept_as_rules() {
    let schema = body_schema(
        r#"{"type":"array","items":{"type":"string"},"contains":{"const":"x"},"not":{"maxItems":0}}"#,
    );
    assert_eq!(
        schema.rules,
        [
            ("contains".to_owned(), serde_json::json!({"const": "x"})),
            ("not".to_owned(), serde_json::json!({"maxItems": 0})),
        ]
    );
    assert!(
        body_problems(r#"{"type":"string","if":{"const":"a"},"then":{"minLength":2}}"#).is_empty()
    );
}

#[test]
fn pattern_properties_are_read_and_kept_as_a_rule() {
    let schema = body_schema(
        r#"{"patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false}"#,
    );
    assert_eq!(schema.rules[0].0, "patternProperties");
    let SchemaKind::Object(object) = schema.kind else {
        panic!("object expected");
    };
    assert_eq!(object.pattern_properties[0].0, "^x-");
    assert!(matches!(
        object.pattern_properties[0].1.kind,
        SchemaKind::String(_)
    ));
    assert_eq!(
        body_problems(r#"{"type":"object","patternProperties":{"^x":3}}"#),
        [format!(
            "{BODY}/patternProperties/^x (operation A): a schema must be a JSON object, found a number"
        )]
    );
}

#[test]
fn prefix_items_make_items_of_any_value_with_the_positions_kept_as_rules() {
    let schema =
        body_schema(r#"{"prefixItems":[{"type":"number"},{"type":"number"}],"items":false}"#);
    assert_eq!(
        schema
            .rules
            .iter()
            .map(|(keyword, _)| keyword.as_str())
            .collect::<Vec<_>>(),
        ["prefixItems", "items"]
    );
    let SchemaKind::Array(items, _) = schema.kind else {
        panic!("array expected");
    };
    assert!(matches!(items.kind, SchemaKind::Any));
}

#[test]
fn keywords_of_another_type_than_the_schema_s_change_nothing_and_are_accepted() {
    // Written by generators that copy an array's keywords to its items, or a string's to a list.
    for schema in [
        r#"{"type":"string","uniqueItems":true,"minimum":1}"#,
        r#"{"type":"integer","uniqueItems":true,"maxLength":3}"#,
        r#"{"type":"boolean","uniqueItems":true,"pattern":"x"}"#,
        r#"{"type":"array","items":{"type":"string"},"maxLength":3,"maximum":2}"#,
        r#"{"type":"object","properties":{"a":{"type":"string"}},"minLength":1,"maxItems":2}"#,
        r#"{"type":"object","format":"date"}"#,
        r#"{"type":"array","items":{"type":"string"},"format":"csv"}"#,
        r#"{"type":"boolean","format":"int32"}"#,
    ] {
        assert!(
            body_problems(schema).is_empty(),
            "{schema}: {:?}",
            body_problems(schema)
        );
    }
    // A type's own keywords are still read, and still checked.
    assert_eq!(
        body_problems(r#"{"type":"array","items":{"type":"string"},"uniqueItems":"yes"}"#),
        [format!(
            "{BODY}/uniqueItems (operation A): `uniqueItems` must be true or false, found a string"
        )]
    );
}

#[test]
fn prefix_items_that_fix_every_position_make_a_tuple() {
    let schema = body_schema(
        r#"{"prefixItems":[{"type":"number"},{"type":"string"}],"items":false,"minItems":2}"#,
    );
    assert!(schema.rules.is_empty(), "{:?}", schema.rules);
    let SchemaKind::Tuple(positions) = schema.kind else {
        panic!("tuple expected, found {:?}", schema.kind);
    };
    assert!(matches!(positions[0].kind, SchemaKind::Number(_)));
    assert!(matches!(positions[1].kind, SchemaKind::String(_)));
    // A position that may be left out, or more items after them: a list, the positions a rule.
    for open in [
        r#"{"prefixItems":[{"type":"number"}],"items":false}"#,
        r#"{"prefixItems":[{"type":"number"}],"minItems":1}"#,
    ] {
        assert!(
            matches!(body_schema(open).kind, SchemaKind::Array(..)),
            "{open}"
        );
    }
}
