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
fn a_path_that_names_no_server() {
    // Another host is another server (see `servers`); a path that is no absolute URL, or whose
    // host is a template, names none.
    refused(
        &fragment("/v2/x", "", ""),
        "specs/F.json#/path (operation Op): `/v2/x` is neither under the base URL `https://api.revcent.com/v2` nor an absolute http(s) URL with a fixed host; configure the base URL or correct the path",
    );
    refused(
        &fragment("https://{region}.example/x", "", ""),
        "specs/F.json#/path (operation Op): `https://{region}.example/x` is neither under the base URL `https://api.revcent.com/v2` nor an absolute http(s) URL with a fixed host; configure the base URL or correct the path",
    );
}

#[test]
fn a_credential_host_that_no_operation_uses() {
    let mut config = common::example_config();
    config.credential_hosts = vec!["uploads.example".to_owned()];
    let error = codegen::generate(
        &common::source(
            "specs/F.json",
            &fragment("https://api.revcent.com/v2/x", "", ""),
        ),
        &config,
    )
    .expect_err("a stale credential host must be refused");
    assert_eq!(
        error.to_string(),
        "<configuration>#: the credential host `uploads.example` is neither the base URL's host nor the host of any operation"
    );
}

#[test]
fn a_101_beside_a_2xx_or_without_an_upgrade_header() {
    let switching = r#"{"method":"GET","path":"https://api.revcent.com/v2/ws","operationId":"Op","parameters":[PARAMS],"responses":{"101":{"description":"switch"}RESPONSES}}"#;
    let upgrade = r#"{"in":"header","name":"Upgrade","required":true,"schema":{"type":"string"}}"#;
    refused(
        &switching
            .replace("PARAMS", upgrade)
            .replace("RESPONSES", r#","200":{"description":"ok"}"#),
        "specs/F.json#/responses/101 (operation Op): a `101` response beside 2XX or 3XX responses is not supported by this generator: the method returns either the switched connection or a reply, so declare `101` as the only success",
    );
    refused(
        &switching.replace("PARAMS", "").replace("RESPONSES", ""),
        "specs/F.json#/responses/101 (operation Op): a `101 Switching Protocols` operation must declare an `Upgrade` header parameter naming the protocol it asks for (and any header its handshake needs): the client sends only what the fragment declares",
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
            r#","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"a":{"type":"array","items":{"type":"string"},"$ref":"/x"}}}}}}"#,
        ),
        "specs/F.json#/requestBody/content/application~1json/schema/properties/a/$ref (operation Op): `$ref` in an array schema is not supported by this generator",
    );
}

#[test]
fn an_empty_type_array_is_refused() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            "",
            r#","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"a":{"type":[]}}}}}}"#,
        ),
        "specs/F.json#/requestBody/content/application~1json/schema/properties/a/type (operation Op): an empty `type` array allows no value: name at least one type",
    );
}

/// A request body whose schema has `properties.a` = `schema` (JSON text).
fn with_property(schema: &str) -> String {
    fragment(
        "https://api.revcent.com/v2/x",
        "",
        &format!(
            r#","requestBody":{{"content":{{"application/json":{{"schema":{{"type":"object","properties":{{"a":{schema}}}}}}}}}}}"#
        ),
    )
}

const PROPERTY_A: &str = "specs/F.json#/requestBody/content/application~1json/schema/properties/a";

#[test]
fn a_required_property_whose_schema_is_false_is_refused() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            "",
            r#","requestBody":{"content":{"application/json":{"schema":{"type":"object","required":["a"],"properties":{"a":false}}}}}"#,
        ),
        &format!(
            "{PROPERTY_A} (operation Op): `a` is required but its schema is `false`: no value of this object is valid"
        ),
    );
}

#[test]
fn false_where_a_value_is_needed_is_refused() {
    refused(
        &with_property(r#"{"type":"array","items":false}"#),
        &format!(
            "{PROPERTY_A}/items (operation Op): an array whose `items` is `false` (always empty) is not supported by this generator: leave the property out"
        ),
    );
    refused(
        &with_property(r#"{"oneOf":[false,false]}"#),
        &format!(
            "{PROPERTY_A} (operation Op): every alternative of this `oneOf`/`anyOf` is `false`: no value is valid"
        ),
    );
    refused(
        &with_property(r#"{"allOf":[{"type":"object"},false]}"#),
        &format!(
            "{PROPERTY_A}/allOf/1 (operation Op): an `allOf` part that is `false` allows no value at all"
        ),
    );
}

#[test]
fn an_all_of_of_several_parts_that_are_not_all_objects_is_refused() {
    refused(
        &with_property(
            r#"{"allOf":[{"type":"string"},{"type":"object","properties":{"b":{"type":"string"}}}]}"#,
        ),
        &format!(
            "{PROPERTY_A}/allOf/0 (operation Op): an `allOf` of several parts that are not all objects is not supported by this generator (one part that is no object, beside parts of annotations only, is: it is that part)"
        ),
    );
}

#[test]
fn a_query_parameter_style_other_than_form_or_deep_object_is_refused() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            r#"{"in":"query","name":"ids","style":"pipeDelimited","schema":{"type":"array","items":{"type":"string"}}}"#,
            "",
        ),
        "specs/F.json#/parameters/0 (operation Op): `style: pipeDelimited` is not supported for query parameters by this generator (only `form` and `deepObject`)",
    );
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            r#"{"in":"query","name":"filter","style":"deepObject","explode":false,"schema":{"type":"object","properties":{"a":{"type":"string"}}}}"#,
            "",
        ),
        "specs/F.json#/parameters/0 (operation Op): `style: deepObject` with `explode: false` has no defined form",
    );
}

/// A form body with `encoding` `ENCODING` and properties `a` (an object) and `b` (a string).
fn form_with_encoding(encoding: &str) -> String {
    let body = format!(
        r#","requestBody":{{"content":{{"application/x-www-form-urlencoded":{{"encoding":{encoding},"schema":{{"type":"object","properties":{{"a":{{"type":"object","properties":{{"x":{{"type":"string"}}}}}},"b":{{"type":"string"}}}}}}}}}}}}"#
    );
    fragment("https://api.revcent.com/v2/x", "", &body)
}

#[test]
fn a_form_field_that_is_an_object_needs_deep_object() {
    refused(
        &form_with_encoding(r#"{"b":{"style":"form"}}"#),
        "specs/F.json#/requestBody/content/application~1x-www-form-urlencoded/schema/properties/a (operation Op): the form field `a` is not supported by this generator: a form (`application/x-www-form-urlencoded`) carries strings, numbers, booleans, enums, choices of those and lists of them, never `null`, unless the body's `encoding` gives the field `style: deepObject`; send JSON or multipart for other shapes",
    );
}

#[test]
fn a_form_encoding_the_generator_cannot_honour_is_refused_where_it_is() {
    let at = "specs/F.json#/requestBody/content/application~1x-www-form-urlencoded/encoding";
    for (encoding, message) in [
        (
            r#"{"a":{"style":"deepObject"},"c":{"style":"deepObject"}}"#,
            format!(
                "{at}/c (operation Op): the `encoding` of `c` names no property of the form body"
            ),
        ),
        (
            r#"{"a":{"style":"deepObject","explode":false}}"#,
            format!(
                "{at}/a/explode (operation Op): `style: deepObject` with `explode: false` has no defined form"
            ),
        ),
        (
            r#"{"a":{"style":"deepObject"},"b":{"style":"spaceDelimited"}}"#,
            format!(
                "{at}/b/style (operation Op): `style: spaceDelimited` in a form body's `encoding` is not supported by this generator (only `form` and `deepObject`)"
            ),
        ),
        (
            r#"{"a":{"style":"deepObject"},"b":{"contentType":"text/plain"}}"#,
            format!(
                "{at}/b/contentType (operation Op): `contentType` in the `encoding` of a form field is not supported by this generator (it applies to multipart parts)"
            ),
        ),
        (
            r#"{"a":{"style":"deepObject","headers":{"X-Rate":{"schema":{"type":"integer"}}}}}"#,
            format!(
                "{at}/a/headers (operation Op): `headers` of a body part are not supported by this generator"
            ),
        ),
    ] {
        refused(&form_with_encoding(encoding), &message);
    }
}

#[test]
fn a_form_whose_object_fields_are_deep_objects_is_accepted() {
    let fragment = form_with_encoding(r#"{"a":{"style":"deepObject","explode":true}}"#);
    codegen::generate(
        &common::source("specs/F.json", &fragment),
        &common::example_config(),
    )
    .expect("accepted");
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
        "specs/F.json#/parameters/0/schema (operation Op): a header parameter of this type is not supported by this generator (path values must be one string, number, boolean or enum, or a `oneOf`/`anyOf` of those; header values may also be lists of them or any JSON value; query values may also be objects, lists of them and any JSON value)",
    );
}

#[test]
fn an_untyped_path_parameter_is_refused() {
    // A path segment is one value; which text a list or object would become is not decided.
    refused(
        &fragment(
            "https://api.revcent.com/v2/x/{id}",
            r#"{"in":"path","name":"id","required":true,"schema":{}}"#,
            "",
        ),
        "specs/F.json#/parameters/0/schema (operation Op): a path parameter of this type is not supported by this generator (path values must be one string, number, boolean or enum, or a `oneOf`/`anyOf` of those; header values may also be lists of them or any JSON value; query values may also be objects, lists of them and any JSON value)",
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
        "specs/F.json#/parameters/0/schema (operation Op): a header parameter of this type is not supported by this generator (path values must be one string, number, boolean or enum, or a `oneOf`/`anyOf` of those; header values may also be lists of them or any JSON value; query values may also be objects, lists of them and any JSON value)",
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
fn a_multipart_type_other_than_form_data_is_refused_where_it_is() {
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            "",
            r#","requestBody":{"content":{"multipart/mixed":{"schema":{"type":"object","properties":{"file":{"type":"string","format":"binary"}}}}}}"#,
        ),
        "specs/F.json#/requestBody/content/multipart~1mixed (operation Op): request bodies of type `multipart/mixed` are not supported by this generator",
    );
}

#[test]
fn a_multipart_encoding_without_a_defined_form_is_refused_where_it_is() {
    let body = |encoding: &str| {
        format!(
            r#","requestBody":{{"content":{{"multipart/form-data":{{"encoding":{encoding},"schema":{{"type":"object","properties":{{"tags":{{"type":"array","items":{{"type":"string"}}}}}}}}}}}}}}"#
        )
    };
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            "",
            &body(r#"{"tags":{"style":"pipeDelimited"}}"#),
        ),
        "specs/F.json#/requestBody/content/multipart~1form-data/encoding/tags/style (operation Op): `style: pipeDelimited` in a multipart body's `encoding` is not supported by this generator (only `form` and `deepObject`)",
    );
    refused(
        &fragment(
            "https://api.revcent.com/v2/x",
            "",
            &body(r#"{"tag":{"contentType":"text/plain"}}"#),
        ),
        "specs/F.json#/requestBody/content/multipart~1form-data/encoding/tag (operation Op): the `encoding` of `tag` names no property of the multipart body",
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

#[test]
fn additional_properties_given_by_two_parts_of_one_all_of_is_refused() {
    refused(
        &with_property(
            r#"{"allOf":[{"type":"object","additionalProperties":{"type":"string"}},{"type":"object","additionalProperties":{"type":"integer"}}]}"#,
        ),
        &format!(
            "{PROPERTY_A}/allOf/1/additionalProperties (operation Op): `additionalProperties` as a schema in two parts of one `allOf` is not supported by this generator (one part may give it, others may say `true`)"
        ),
    );
}
