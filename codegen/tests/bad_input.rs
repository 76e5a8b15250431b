//! Bad input is refused with one clear message that names the file, the JSON pointer and what
//! is wrong. One `refused(input, message)` case per rule.

mod common;

/// Generates from one fragment and expects exactly `message`.
fn refused(fragment: &str, message: &str) {
    let error = codegen::generate(
        &common::source("specs/F.json", fragment),
        &common::example_config(),
    )
    .expect_err("the fragment must be refused");
    assert_eq!(error.to_string(), message);
}

/// A valid fragment with `{PATH}`, `{PARAMS}` and `{EXTRA}` to fill in.
fn fragment(path: &str, params: &str, extra: &str) -> String {
    format!(
        r#"{{"method":"POST","path":"{path}","operationId":"Op","parameters":[{params}]{extra},"responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"type":"object","properties":{{"ok":{{"type":"boolean"}}}}}}}}}}}}}}}}"#
    )
}

const ID_PARAM: &str = r#"{"in":"path","name":"id","required":true,"schema":{"type":"string"}}"#;

#[test]
fn a_file_that_is_not_json() {
    refused(
        "{\"method\": \"POST\",",
        "specs/F.json#: not valid JSON: EOF while parsing a value at line 1 column 18",
    );
}

#[test]
fn a_fragment_without_operation_id_method_or_path() {
    refused(
        r#"{"responses":{}}"#,
        "3 problems in the fragments:\n  specs/F.json#: the fragment has no `method`\n  specs/F.json#: the fragment has no `operationId`\n  specs/F.json#: the fragment has no `path`",
    );
}

#[test]
fn a_fragment_that_is_not_an_object() {
    refused(
        "[1, 2]",
        "specs/F.json#: an operation fragment must be a JSON object, found an array",
    );
}

#[test]
fn an_unknown_http_method() {
    refused(
        &fragment("https://api.revcent.com/v2/x", "", "").replace("\"POST\"", "\"FETCH\""),
        "specs/F.json#/method (operation Op): `FETCH` is not an HTTP method this generator supports",
    );
}

#[test]
fn a_path_variable_without_a_parameter() {
    refused(
        &fragment("https://api.revcent.com/v2/x/{id}", "", ""),
        "specs/F.json#/path (operation Op): the path variable `{id}` has no path parameter of that name",
    );
}

#[test]
fn a_path_parameter_missing_from_the_template() {
    refused(
        &fragment("https://api.revcent.com/v2/x", ID_PARAM, ""),
        "specs/F.json#/parameters/0 (operation Op): the path parameter `id` does not appear in the path `/x`",
    );
}

#[test]
fn an_unbalanced_template() {
    refused(
        &fragment("https://api.revcent.com/v2/x/{id", ID_PARAM, ""),
        "specs/F.json#/path (operation Op): unclosed `{` in the path `/x/{id`",
    );
}

#[test]
fn a_path_outside_the_base_url() {
    refused(
        &fragment("https://evil.example/v2/x", "", ""),
        "specs/F.json#/path (operation Op): `https://evil.example/v2/x` is not under the configured base URL `https://api.revcent.com/v2`",
    );
    // A prefix that only looks like the base URL is not under it.
    refused(
        &fragment("https://api.revcent.com/v20/x", "", ""),
        "specs/F.json#/path (operation Op): `https://api.revcent.com/v20/x` is not under the configured base URL `https://api.revcent.com/v2`",
    );
}

#[test]
fn a_path_parameter_that_is_not_required() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x/{id}",
            r#"{"in":"path","name":"id","schema":{"type":"string"}}"#,
            "",
        ),
        "specs/F.json#/parameters/0 (operation Op): a path parameter must say `required: true`",
    );
}

#[test]
fn two_fragments_with_one_operation_id() {
    let text = fragment("https://api.revcent.com/v2/x", "", "");
    let sources = vec![
        codegen::SourceFile {
            name: "specs/A.json".into(),
            contents: text.clone(),
        },
        codegen::SourceFile {
            name: "specs/B.json".into(),
            contents: text,
        },
    ];
    let error = codegen::generate(&sources, &common::example_config()).expect_err("duplicate");
    assert_eq!(
        error.to_string(),
        "specs/B.json#/operationId (operation Op): operationId `Op` is also used by specs/A.json"
    );
}

#[test]
fn two_operation_ids_that_become_one_method_name() {
    let first = fragment("https://api.revcent.com/v2/x", "", "");
    let second = first.replace("\"Op\"", "\"op\"");
    let sources = vec![
        codegen::SourceFile {
            name: "specs/A.json".into(),
            contents: first,
        },
        codegen::SourceFile {
            name: "specs/B.json".into(),
            contents: second,
        },
    ];
    let error = codegen::generate(&sources, &common::example_config()).expect_err("collision");
    assert_eq!(
        error.to_string(),
        "specs/B.json#/operationId (operation op): operationId `op` and `Op` (specs/A.json) both become the method `op`"
    );
}

#[test]
fn an_unsupported_schema_keyword_is_named_where_it_is() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            "",
            r#","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"a":{"type":"array","items":{"type":"string"},"contains":{"type":"string"}}}}}}}"#,
        ),
        "specs/F.json#/requestBody/content/application~1json/schema/properties/a/contains (operation Op): `contains` in an array schema is not supported by this generator",
    );
}

#[test]
fn a_type_array_of_several_types_is_refused() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            "",
            r#","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"a":{"type":["string","integer"]}}}}}}"#,
        ),
        "specs/F.json#/requestBody/content/application~1json/schema/properties/a/type (operation Op): a `type` array allowing several non-null types is not supported by this generator (use `oneOf`)",
    );
}

#[test]
fn a_const_on_a_boolean_is_refused_rather_than_dropped() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            "",
            r#","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"a":{"type":"boolean","const":true}}}}}}"#,
        ),
        "specs/F.json#/requestBody/content/application~1json/schema/properties/a/const (operation Op): `const` in a boolean schema is not supported by this generator",
    );
}

#[test]
fn a_query_parameter_style_other_than_form_is_refused() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            r#"{"in":"query","name":"filter","style":"deepObject","schema":{"type":"object","properties":{"a":{"type":"string"}}}}"#,
            "",
        ),
        "specs/F.json#/parameters/0 (operation Op): `style: deepObject` is not supported for query parameters by this generator (only `form`)",
    );
}

#[test]
fn a_cookie_parameter_is_refused() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            r#"{"in":"cookie","name":"session","schema":{"type":"string"}}"#,
            "",
        ),
        "specs/F.json#/parameters/0 (operation Op): cookie parameters are not supported by this generator",
    );
}

#[test]
fn a_header_parameter_that_is_an_object_is_refused() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            r#"{"in":"header","name":"X-Filter","schema":{"type":"object","properties":{"a":{"type":"string"}}}}"#,
            "",
        ),
        "specs/F.json#/parameters/0/schema (operation Op): a header parameter of this type is not supported by this generator (path and header values must be one string, number, boolean or enum, or a `oneOf`/`anyOf` of those; query values may also be objects and lists of them)",
    );
}

#[test]
fn a_header_parameter_that_may_be_an_object_is_refused() {
    // A choice is text only when every form is one scalar.
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            r#"{"in":"header","name":"X-Filter","schema":{"oneOf":[{"type":"integer"},{"type":"object","properties":{"a":{"type":"string"}}}]}}"#,
            "",
        ),
        "specs/F.json#/parameters/0/schema (operation Op): a header parameter of this type is not supported by this generator (path and header values must be one string, number, boolean or enum, or a `oneOf`/`anyOf` of those; query values may also be objects and lists of them)",
    );
}

#[test]
fn a_wrongly_typed_keyword() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x/{id}",
            r#"{"in":"path","name":"id","required":true,"schema":{"type":"string","minLength":-1}}"#,
            "",
        ),
        "specs/F.json#/parameters/0/schema/minLength (operation Op): `minLength` must be a non-negative integer, found -1",
    );
}

#[test]
fn a_stale_name_override_is_reported() {
    let mut config = common::example_config();
    config
        .name_overrides
        .push(codegen::NameOverride::new("no.such.property", "Nothing"));
    let error = codegen::generate(&common::revcent_sources(), &config).expect_err("stale override");
    assert_eq!(
        error.to_string(),
        "<configuration>#: the name override `no.such.property` → `Nothing` matches no schema"
    );
}

#[test]
fn an_override_that_names_two_schemas_alike_is_reported() {
    let mut config = common::example_config();
    config
        .name_overrides
        .push(codegen::NameOverride::new("limits", "Limits"));
    let error =
        codegen::generate(&common::revcent_sources(), &config).expect_err("ambiguous override");
    assert!(
        error.to_string().starts_with("<configuration>#: the name override `Limits` applies to different schemas: specs/EditAIVoiceAgent.json#/requestBody/"),
        "{error}"
    );
}

#[test]
fn a_multipart_body_is_refused_where_it_is() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            "",
            r#","requestBody":{"content":{"multipart/form-data":{"schema":{"type":"object","properties":{"file":{"type":"string","format":"binary"}}}}}}"#,
        ),
        "specs/F.json#/requestBody/content/multipart~1form-data (operation Op): request bodies of type `multipart/form-data` are not supported by this generator",
    );
}

#[test]
fn a_form_beside_properties_that_serde_cannot_flatten() {
    let body = r#","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"name":{"type":"string"}},"oneOf":[{"type":"object","properties":{"id":{"type":"string"}}},{"type":"array","items":{"type":"string"}}]}}}}"#;
    refused(
        &fragment("https://api.revcent.com/v2/x", "", body),
        "specs/F.json#/requestBody/content/application~1json/schema/oneOf/1 (operation Op): a `oneOf`/`anyOf` form that is an array, beside an object's own properties, is not supported by this generator (only object forms can sit beside properties)",
    );
}
