//! Operations grouped into resources: each type's module, the features, and that the modules
//! stay put when an unrelated fragment is added (a type moving module is a change to its public
//! path, which the change report calls major).

mod common;

use codegen::changes::{ChangeKind, Severity};
use codegen::ir::{Api, Module};
use codegen::{Config, Grouping, SourceFile};

fn config() -> Config {
    Config {
        base_url: Some("https://api.example.test/v1".to_owned()),
        ..Config::new("shop", "Shop")
    }
}

fn lower(sources: &[SourceFile], config: &Config) -> Api {
    codegen::build_api(sources, config).expect("lowers")
}

/// The module a type is declared in, by name (`common`, `customers`, …).
fn module_of<'a>(api: &'a Api, name: &str) -> &'a str {
    let definition = api
        .type_named(name)
        .unwrap_or_else(|| panic!("no type {name}"));
    api.module_name(definition.module)
}

/// A fragment of a resource of its own, `/invoices`, which shares no type with the others but
/// the error body, or, with `address`, also the customers' `Address`.
fn invoice_fragment(address: bool) -> SourceFile {
    let extra = if address {
        r#","address":{"type":"object","additionalProperties":false,"required":["line1","country"],"properties":{"line1":{"type":"string"},"country":{"type":"string","enum":["US","CA","GB"]}}}"#
    } else {
        ""
    };
    SourceFile {
        name: "resources/GetInvoice.json".to_owned(),
        contents: format!(
            r#"{{"method":"GET","path":"https://api.example.test/v1/invoices/{{invoice_id}}","operationId":"GetInvoice",
            "parameters":[{{"in":"path","name":"invoice_id","required":true,"schema":{{"type":"string"}}}}],
            "responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"type":"object","properties":{{"amount":{{"type":"number"}},"state":{{"type":"string","enum":["draft","paid"]}}{extra}}}}}}}}}}},
            "default":{{"description":"error","content":{{"application/json":{{"schema":{{"title":"APIError","type":"object","additionalProperties":false,"properties":{{"code":{{"type":"integer","enum":[0]}},"message":{{"type":"string"}}}}}}}}}}}}}}}}"#
        ),
    }
}

#[test]
fn types_live_in_the_one_resource_that_uses_them_else_in_the_shared_module() {
    let api = lower(&common::fixture_sources("resources"), &config());
    let resources: Vec<(&str, &str)> = api
        .resources
        .iter()
        .map(|resource| (resource.module.as_str(), resource.feature.as_str()))
        .collect();
    assert_eq!(
        resources,
        [("customers", "customers"), ("orders", "orders")]
    );
    // Only `/customers` operations use these.
    assert_eq!(module_of(&api, "Address"), "customers");
    assert_eq!(module_of(&api, "Country"), "customers");
    assert_eq!(module_of(&api, "Tier"), "customers");
    // Only `/orders` operations.
    assert_eq!(module_of(&api, "Order"), "orders");
    assert_eq!(module_of(&api, "Line"), "orders");
    // Both resources: shared.
    assert_eq!(module_of(&api, "CustomerId"), "common");
    // `/{store_id}` names no resource: always compiled, and so is what it uses.
    assert_eq!(module_of(&api, "GetStoreResponse"), "common");
    let store = api
        .operations
        .iter()
        .find(|operation| operation.operation_id == "GetStore")
        .expect("GetStore");
    assert_eq!(store.resource, None);
    // The default error body is named by `Error` in every build.
    let codegen::ir::TypeRef::Named(error) = api.default_error else {
        panic!("one shared error body");
    };
    assert_eq!(api.get(error).module, Module::Shared);
}

#[test]
fn each_resource_is_a_feature_on_by_default_and_a_file_per_part() {
    let config = config();
    let files = codegen::generate(&common::fixture_sources("resources"), &config).expect("emits");
    let manifest = &files["Cargo.toml"];
    assert!(
        manifest.contains("default = [\"rustls\", \"schemars\", \"customers\", \"orders\"]"),
        "{manifest}"
    );
    assert!(manifest.contains("\ncustomers = []\n"), "{manifest}");
    for part in ["types", "operations", "call"] {
        assert!(
            files.contains_key(&format!("src/{part}/customers.rs")),
            "{part}"
        );
        assert!(
            files.contains_key(&format!("src/{part}/orders.rs")),
            "{part}"
        );
        assert!(
            files.contains_key(&format!("src/{part}/common.rs")),
            "{part}"
        );
        let module = &files[&format!("src/{part}/mod.rs")];
        assert!(
            module.contains("#[cfg(feature = \"orders\")]\n#[rustfmt::skip]\n"),
            "{module}"
        );
    }
    assert!(files["src/types/customers.rs"].contains("pub struct Address {"));
    assert!(files["src/types/orders.rs"].contains("pub struct ListOrdersParams {"));
    assert!(files["src/types/common.rs"].contains("pub struct CustomerId("));
    assert!(files["src/operations/common.rs"].contains("fn get_store("));
    let table = &files["src/table.rs"];
    assert!(
        table.contains(
            "#[cfg(feature = \"orders\")]\n    Operation {\n        operation_id: \"ListOrders\""
        ),
        "{table}"
    );
}

#[test]
fn an_unrelated_fragment_moves_no_type() {
    let config = config();
    let sources = common::fixture_sources("resources");
    let old = lower(&sources, &config);
    let mut grown = sources.clone();
    grown.push(invoice_fragment(false));
    let new = lower(&grown, &config);
    for before in &old.types {
        assert_eq!(
            old.module_name(before.module),
            module_of(&new, &before.name),
            "{} moved",
            before.name
        );
    }
    let report = codegen::changes(&old, &new);
    assert!(
        report
            .changes
            .iter()
            .all(|change| change.severity == Severity::Minor),
        "{report:?}"
    );
    assert_eq!(module_of(&new, "State"), "invoices");
}

#[test]
fn a_type_another_resource_starts_using_moves_to_the_shared_module_and_is_major() {
    let config = config();
    let sources = common::fixture_sources("resources");
    let old = lower(&sources, &config);
    let mut grown = sources.clone();
    grown.push(invoice_fragment(true));
    let new = lower(&grown, &config);
    assert_eq!(module_of(&new, "Address"), "common");
    let report = codegen::changes(&old, &new);
    let moved: Vec<&str> = report
        .changes
        .iter()
        .filter(|change| change.kind == ChangeKind::TypeMoved)
        .map(|change| change.subject.as_str())
        .collect();
    assert_eq!(moved, ["`Address`", "`Country`"]);
    assert!(
        report
            .changes
            .iter()
            .filter(|change| change.kind == ChangeKind::TypeMoved)
            .all(|change| change.severity == Severity::Major
                && change.why.contains("now `types::common::")),
        "{report:?}"
    );
}

#[test]
fn grouping_is_configuration() {
    let sources = common::fixture_sources("resources");
    let mut config = config();
    config.grouping = Grouping::None;
    let api = lower(&sources, &config);
    assert!(api.resources.is_empty());
    assert!(
        api.types
            .iter()
            .all(|definition| definition.module == Module::Shared)
    );
    let files = codegen::emit_api(&api, &config).expect("emits");
    assert!(
        files["Cargo.toml"].contains("default = [\"rustls\", \"schemars\"]\n"),
        "{}",
        files["Cargo.toml"]
    );

    // By first tag: one operation tagged, the rest in no resource.
    config.grouping = Grouping::FirstTag;
    let tagged: Vec<SourceFile> = sources
        .into_iter()
        .map(|mut source| {
            if source.name.ends_with("ListOrders.json") {
                source.contents =
                    source
                        .contents
                        .replacen('{', r#"{"tags": ["Order History", "Orders"], "#, 1);
            }
            source
        })
        .collect();
    let api = lower(&tagged, &config);
    let resources: Vec<(&str, &str)> = api
        .resources
        .iter()
        .map(|resource| (resource.module.as_str(), resource.feature.as_str()))
        .collect();
    assert_eq!(resources, [("order_history", "order-history")]);
    assert_eq!(module_of(&api, "ListOrdersResponse"), "order_history");
    assert_eq!(module_of(&api, "Status"), "order_history");
    // `CreateOrder`, untagged, returns an `Order` too.
    assert_eq!(module_of(&api, "Order"), "common");
    assert_eq!(module_of(&api, "Address"), "common");
    assert!(api.resources[0].docs.contains("tagged `Order History`"));
}

#[test]
fn a_resource_never_takes_a_runtime_feature_or_the_shared_module_name() {
    let fragment = |id: &str, segment: &str| SourceFile {
        name: format!("{id}.json"),
        contents: format!(
            r#"{{"method":"GET","path":"https://api.example.test/v1/{segment}/x","operationId":"{id}","responses":{{}}}}"#
        ),
    };
    let api = lower(
        &[
            fragment("A", "mcp"),
            fragment("B", "common"),
            fragment("C", "default"),
        ],
        &config(),
    );
    let resources: Vec<(&str, &str)> = api
        .resources
        .iter()
        .map(|resource| (resource.module.as_str(), resource.feature.as_str()))
        .collect();
    assert_eq!(
        resources,
        [
            ("common_resource", "common-resource"),
            ("default", "api-default"),
            ("mcp", "api-mcp"),
        ]
    );
}

#[test]
fn revcent_has_a_resource_per_first_segment_and_shares_its_error_body() {
    let api = lower(&common::revcent_sources(), &common::example_config());
    let resources: Vec<(&str, &str)> = api
        .resources
        .iter()
        .map(|resource| (resource.module.as_str(), resource.feature.as_str()))
        .collect();
    assert_eq!(
        resources,
        [
            ("ai_assistants", "ai-assistants"),
            ("ai_voice_agents", "ai-voice-agents")
        ]
    );
    assert_eq!(module_of(&api, "ApiStandardErrors"), "common");
    assert_eq!(
        module_of(&api, "EditAiVoiceAgentRequest"),
        "ai_voice_agents"
    );
    assert_eq!(
        module_of(&api, "TriggerAiAssistantRequest"),
        "ai_assistants"
    );
}
