//! Decisions lower records in the IR, which emit used to make on its own: how path parameters
//! are passed and encoded, how query values are sent, which fields are optional, the default
//! error body. Checked on the IR, so a formatting change cannot hide a modelling change.

mod common;

use codegen::ir::{
    Api, BodyFormat, BodyKind, FixedValue, HeaderEncoding, IntegerKind, Overlap, PathValue,
    Presence, QueryEncoding, QueryValue, Sending, TypeKind, TypeRef, ValueText,
};

fn fixture(name: &str) -> Api {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let sources: Vec<codegen::SourceFile> = std::fs::read_dir(&folder)
        .expect("fixture folder")
        .map(|entry| entry.expect("entry").path())
        .map(|path| codegen::SourceFile {
            name: path.display().to_string(),
            contents: std::fs::read_to_string(&path).expect("read"),
        })
        .collect();
    let config = codegen::Config {
        base_url: Some("https://api.example.test/v1".to_owned()),
        ..common::example_config()
    };
    codegen::build_api(&sources, &config).expect("fixture lowers")
}

fn path_values(api: &Api) -> Vec<(&str, Sending)> {
    api.operations
        .iter()
        .flat_map(|operation| &operation.params)
        .map(|param| (param.wire_name.as_str(), param.sending))
        .collect()
}

#[test]
fn numbers_and_booleans_in_a_path_are_written_as_they_display_and_need_no_encoder() {
    let api = fixture("scalar_path_parameters");
    assert_eq!(
        path_values(&api),
        [
            ("enabled", Sending::Path(PathValue::Display)),
            ("level", Sending::Path(PathValue::Display)),
            ("ratio", Sending::Path(PathValue::Display)),
        ]
    );
    assert!(!api.encodes_path_segments());
    let level = &api.operations[0].params[1];
    assert!(matches!(&level.ty, TypeRef::Integer(integer) if integer.kind == IntegerKind::I32));
}

#[test]
fn strings_and_ids_in_a_path_are_percent_encoded() {
    let api = fixture("path_parameters");
    assert_eq!(
        path_values(&api),
        [
            ("shop_id", Sending::Path(PathValue::StringLike)),
            ("widget_number", Sending::Path(PathValue::Display)),
            ("slug", Sending::Path(PathValue::Text)),
        ]
    );
    assert!(api.encodes_path_segments());
}

#[test]
fn choices_of_scalars_are_parameters_written_as_their_text() {
    let api = fixture("scalar_choice_parameters");
    assert_eq!(
        path_values(&api),
        [
            ("workflow_id", Sending::Path(PathValue::Choice)),
            (
                "since",
                Sending::Query(QueryEncoding::Single(QueryValue::Text(ValueText::Display)))
            ),
            (
                "marks",
                Sending::Query(QueryEncoding::Joined(ValueText::Display))
            ),
            (
                "X-Run-Priority",
                Sending::Header(HeaderEncoding::Single(ValueText::Display))
            ),
        ]
    );
    // A string form may hold anything, so the choice goes through the encoder.
    assert!(api.encodes_path_segments());
    let workflow_id = api.type_named("WorkflowId").expect("the choice");
    let TypeKind::OneOf(choice) = &workflow_id.kind else {
        panic!("WorkflowId is a choice: {:?}", workflow_id.kind);
    };
    assert_eq!(
        choice.text,
        Some(vec![ValueText::Display, ValueText::AsStr]),
        "the integer displays, the string is itself"
    );
}

#[test]
fn query_values_are_sent_as_text_or_json_by_their_type() {
    let api = fixture("list_operation");
    let sending: Vec<(&str, Sending)> = path_values(&api)
        .into_iter()
        .filter(|(_, sending)| matches!(sending, Sending::Query(_)))
        .collect();
    assert!(sending.contains(&(
        "limit",
        Sending::Query(QueryEncoding::Single(QueryValue::Text(ValueText::Display)))
    )));
    assert!(
        sending
            .iter()
            .any(|(_, sending)| *sending
                == Sending::Query(QueryEncoding::EachItem(QueryValue::Json))),
        "{sending:?}"
    );
}

#[test]
fn deep_object_parameters_and_form_fields_are_spread_whatever_their_type() {
    let api = fixture("deep_objects");
    let sending = path_values(&api);
    for name in ["created", "expand", "metadata"] {
        assert!(
            sending.contains(&(name, Sending::Query(QueryEncoding::Deep))),
            "{name}: {sending:?}"
        );
    }
    let create = api
        .operations
        .iter()
        .find(|operation| operation.operation_id == "CreateCustomer")
        .expect("CreateCustomer");
    let Some(BodyKind::Argument(argument)) = create.body.as_ref().map(|body| &body.kind) else {
        panic!("CreateCustomer takes its body");
    };
    let BodyFormat::Form { deep_object, .. } = &argument.format else {
        panic!("CreateCustomer sends a form: {:?}", argument.format);
    };
    // `email` says `style: form`, which changes nothing; `preferred_locales` has no encoding.
    assert_eq!(
        deep_object,
        &["address", "expand", "invoice_items", "metadata", "tax"]
    );
}

#[test]
fn revcent_operations_share_one_default_error_body_and_keep_required_fields_plain() {
    let api = codegen::build_api(&common::revcent_sources(), &common::example_config())
        .expect("RevCent's fragments lower");
    assert!(
        matches!(&api.default_error, TypeRef::Named(id) if api.get(*id).name == "ApiStandardErrors")
    );
    let request = api
        .type_named("TriggerAiVoiceAgentRequest")
        .expect("request body type");
    let TypeKind::Struct(structure) = &request.kind else {
        panic!("struct expected");
    };
    assert!(
        structure
            .fields
            .iter()
            .all(|field| field.presence == Presence::Required)
    );
    assert!(!structure.derives_default);
}

/// A fragment on another host keeps its own server, recorded in the IR; the inferred base URL
/// is the main host's, and the credential goes only to hosts the configuration names.
#[test]
fn an_operation_on_another_host_keeps_its_server_and_the_key_stays_home() {
    let fragment = |id: &str, url: &str| {
        format!(
            r#"{{"method":"GET","path":"{url}","operationId":"{id}","responses":{{"200":{{"description":"ok"}}}}}}"#
        )
    };
    let sources = vec![
        codegen::SourceFile {
            name: "specs/A.json".to_owned(),
            contents: fragment("A", "https://api.example.test/v1/a"),
        },
        codegen::SourceFile {
            name: "specs/B.json".to_owned(),
            contents: fragment("B", "https://api.example.test/v1/b"),
        },
        codegen::SourceFile {
            name: "specs/Up.json".to_owned(),
            contents: fragment("Up", "https://uploads.example.test/files"),
        },
        codegen::SourceFile {
            name: "specs/Cdn.json".to_owned(),
            contents: fragment("Cdn", "https://cdn.example.test/x"),
        },
    ];
    let mut config = common::example_config();
    config.base_url = None;
    config.credential_hosts = vec!["uploads.example.test".to_owned()];
    let api = codegen::build_api(&sources, &config).expect("lowers");
    assert_eq!(api.base_url, "https://api.example.test/v1");
    let servers: Vec<(&str, bool)> = api
        .servers
        .iter()
        .map(|server| (server.url.as_str(), server.credentialed))
        .collect();
    assert_eq!(
        servers,
        [
            ("https://cdn.example.test", false),
            ("https://uploads.example.test", true)
        ]
    );
    let on = |id: &str| {
        let operation = api
            .operations
            .iter()
            .find(|operation| operation.operation_id == id)
            .expect("operation");
        (operation.server, operation.path_template.as_str())
    };
    assert_eq!(on("A"), (None, "/a"));
    assert_eq!(on("Cdn"), (Some(0), "/x"));
    assert_eq!(on("Up"), (Some(1), "/files"));
    assert!(
        api.crate_docs
            .contains("`https://cdn.example.test`: receives **no** credential.")
    );
}

/// The overlap rule of the choice each property of a request body has, with `echoed` also
/// sent back in the reply.
fn overlaps(properties: &serde_json::Value) -> Vec<(String, Overlap)> {
    let fragment = serde_json::json!({
        "method": "POST",
        "path": "https://api.revcent.com/v2/things",
        "operationId": "MakeThing",
        "requestBody": {"content": {"application/json": {"schema": {
            "type": "object", "properties": properties
        }}}},
        "responses": {"200": {"description": "made", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"echoed": properties["echoed"]}
        }}}}}
    });
    let api = codegen::build_api(
        &common::source("MakeThing.json", &fragment.to_string()),
        &common::example_config(),
    )
    .expect("lowers");
    let body = api
        .types
        .iter()
        .find_map(|definition| match &definition.kind {
            TypeKind::Struct(structure) if definition.name == "MakeThingRequest" => Some(structure),
            _ => None,
        })
        .expect("the request body");
    body.fields
        .iter()
        .map(|field| {
            let TypeRef::Named(id) = &field.ty else {
                panic!("`{}` is no choice", field.wire_name)
            };
            let TypeKind::OneOf(choice) = &api.get(*id).kind else {
                panic!("`{}` is no choice", field.wire_name)
            };
            (field.wire_name.clone(), choice.overlap)
        })
        .collect()
}

#[test]
fn a_one_of_counts_its_forms_only_where_a_value_can_fit_two_and_the_types_can_tell() {
    let object = |required: &str| {
        serde_json::json!({"type": "object", "required": [required],
            "properties": {required: {"type": "string"}}})
    };
    let tagged = |tag: &str| {
        serde_json::json!({"type": "object", "required": ["kind"],
            "properties": {"kind": {"type": "string", "enum": [tag]}}})
    };
    let found = overlaps(&serde_json::json!({
        "scalars": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
        "numbers": {"oneOf": [{"type": "integer"}, {"type": "number"}]},
        "tagged": {"oneOf": [tagged("a"), tagged("b")]},
        "objects": {"oneOf": [object("name"), object("tag")]},
        "patterns": {"oneOf": [
            {"type": "string", "pattern": "^a"}, {"type": "string", "pattern": "^b"}
        ]},
        "any": {"anyOf": [object("name"), object("tag")]},
        "typed": {"type": ["integer", "number"]},
        "echoed": {"oneOf": [object("left"), object("right")]}
    }));
    let found: Vec<(&str, Overlap)> = found
        .iter()
        .map(|(name, overlap)| (name.as_str(), *overlap))
        .collect();
    assert_eq!(
        found,
        [
            ("scalars", Overlap::Impossible),
            ("numbers", Overlap::Refused),
            ("tagged", Overlap::Impossible),
            ("objects", Overlap::Refused),
            // Both forms are `String`s: which pattern a value fits is the server's to say.
            ("patterns", Overlap::Unchecked),
            ("any", Overlap::Allowed),
            ("typed", Overlap::Allowed),
            ("echoed", Overlap::RefusedAsRequest),
        ]
    );
}

#[test]
fn required_request_fields_of_one_value_are_fixed_and_others_are_not() {
    let api = fixture("fixed_values");
    let request = api
        .types
        .iter()
        .find(|definition| definition.name == "TriggerWorkflowRequest")
        .expect("the request type");
    let TypeKind::Struct(structure) = &request.kind else {
        panic!("a struct")
    };
    let fixed: Vec<(&str, Option<&FixedValue>)> = structure
        .fields
        .iter()
        .map(|field| (field.wire_name.as_str(), field.fixed.as_ref()))
        .collect();
    assert_eq!(
        fixed,
        [
            ("source_type", Some(&FixedValue::Variant("Item".to_owned()))),
            ("api_version", Some(&FixedValue::Integer(2))),
            ("format", Some(&FixedValue::Variant("Json".to_owned()))),
            // Two values: an argument of `new`.
            ("item_type", None),
            ("item_id", None),
            // One value, but optional: left to the caller.
            ("channel", None),
        ]
    );
    // A reply's one-value `code` is read, never built: not fixed.
    let reply_fixed = api
        .types
        .iter()
        .filter(|definition| !definition.usage.request)
        .filter_map(|definition| match &definition.kind {
            TypeKind::Struct(structure) => Some(structure),
            _ => None,
        })
        .flat_map(|structure| &structure.fields)
        .any(|field| field.fixed.is_some());
    assert!(!reply_fixed);
}

#[test]
fn list_operations_of_the_page_shape_get_pages_and_others_do_not() {
    let api = fixture("list_operation");
    let pages: Vec<(&str, Option<&str>)> = api
        .operations
        .iter()
        .map(|operation| {
            (
                operation.operation_id.as_str(),
                operation.pages.as_ref().map(|pages| pages.fn_name.as_str()),
            )
        })
        .collect();
    assert_eq!(
        pages,
        [
            ("GetArchivedSales", Some("get_archived_sales_stream")),
            // A path argument: the stream takes it as the list method does.
            ("GetCustomerSales", Some("get_customer_sales_stream")),
            ("GetSales", Some("get_sales_stream")),
            // No page or limit: one call answers it.
            ("SearchCustomers", None),
            // A path argument and a JSON body.
            ("SearchStoreSales", Some("search_store_sales_stream")),
        ]
    );
    let sales = api.operations[2].pages.as_ref().expect("pages");
    assert!(sales.page_required && sales.limit_required && !sales.results_required);
    let archived = api.operations[0].pages.as_ref().expect("pages");
    assert!(!archived.page_required && !archived.limit_required);
}
