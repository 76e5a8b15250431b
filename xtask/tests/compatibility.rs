//! The change report, checked by the compiler: for each pair of fixture APIs (one change each,
//! every line kind of the report covered), a downstream crate written against the old client is
//! compiled against the new one, and must compile exactly when the report says the change is
//! not major.
//!
//! One Cargo workspace under `target/compatibility/` holds the old client, one new client per
//! change and one downstream crate per client (the same source each time); one `cargo check`
//! builds them all, sharing the dependencies, which are built once.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::changes::{ChangeKind, Severity};
use codegen::{Config, RuntimeSource, SourceFile};
use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

/// The old API: three operations on widgets.
fn base() -> BTreeMap<&'static str, Value> {
    let widget = json!({
        "type": "object",
        "title": "Widget",
        "required": ["name", "count"],
        "properties": {
            "name": {"type": "string"},
            "count": {"type": "integer"},
            "color": {"type": "string", "enum": ["red", "green"]},
            "size": {"type": "integer"}
        }
    });
    let widget_id = json!({
        "in": "path", "name": "widget_id", "required": true,
        "schema": {"type": "string", "title": "Widget ID", "minLength": 20, "maxLength": 20}
    });
    let reply = |schema: Value| json!({"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}});
    BTreeMap::from([
        (
            "GetWidget",
            json!({
                "method": "get", "path": "https://api.example.test/v1/widgets/{widget_id}",
                "operationId": "GetWidget", "parameters": [widget_id.clone(), {
                    "in": "query", "name": "verbose", "schema": {"type": "boolean"}
                }],
                "responses": reply(widget.clone())
            }),
        ),
        (
            "CreateWidget",
            json!({
                "method": "post", "path": "https://api.example.test/v1/widgets",
                "operationId": "CreateWidget",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object",
                    "title": "New widget",
                    "required": ["name", "kind"],
                    "properties": {
                        "name": {"type": "string"},
                        // One value: `new` sets it, so downstream code never names it.
                        "kind": {"type": "string", "enum": ["widget"]},
                        "count": {"type": "integer", "minimum": 0},
                        "shape": {"type": "string", "enum": ["round", "square"]}
                    }
                }}}},
                "responses": reply(widget)
            }),
        ),
        (
            "DeleteWidget",
            json!({
                "method": "delete", "path": "https://api.example.test/v1/widgets/{widget_id}",
                "operationId": "DeleteWidget", "parameters": [widget_id],
                "responses": {"204": {"description": "Deleted"}}
            }),
        ),
    ])
}

/// Code that uses every part of the old API as the crate docs say downstream code should, and
/// in every way the compiler lets it: builds request values with `new`, the `with_…` setters,
/// assignment and `Default`, reads replies by field and by patterns (which `#[non_exhaustive]`
/// makes end in `..`), matches enums (with the `_` arm `#[non_exhaustive]` asks for), names
/// every type.
const DOWNSTREAM: &str = r#"
//! Written against the old client.
use client::types::{Color, GetWidgetParams, NewWidget, Shape, Widget, WidgetId};

/// Calls every operation.
pub async fn use_everything(client: &client::Client) {
    let Ok(id) = WidgetId::new("w".repeat(20)) else { return };
    let params = GetWidgetParams::default().with_verbose(true);
    let mut quiet = GetWidgetParams::new();
    quiet.verbose = Some(false);
    for params in [params, quiet] {
        if let Ok(widget) = client.get_widget(&id, &params).await {
            read(widget);
        }
    }
    let mut body = NewWidget::new("name".to_owned());
    body.count = Some(1);
    body.shape = Some(Shape::Round);
    let built = NewWidget::new("name".to_owned()).with_shape(Shape::Square).with_count(2);
    for body in [body, built] {
        if let Ok(widget) = client.create_widget(&body).await {
            read(widget);
        }
    }
    let deleted: Result<(), _> = client.delete_widget(&id).await;
    drop(deleted);
}

fn read(widget: Widget) {
    let name: &String = &widget.name;
    let count: i64 = widget.count;
    let size: Option<i64> = widget.size;
    let red = match &widget.color {
        Some(Color::Red) => true,
        Some(Color::Green) | None => false,
        Some(_) => false,
    };
    let Widget { name: _, count: _, color: _, size: _, .. } = widget.clone();
    drop((name, count, size, red));
}
"#;

/// The request body schema of `CreateWidget`.
fn body<'a>(api: &'a mut BTreeMap<&'static str, Value>) -> &'a mut Value {
    &mut api.get_mut("CreateWidget").expect("CreateWidget")["requestBody"]["content"]["application/json"]
        ["schema"]
}

/// The reply schema of `GetWidget` and `CreateWidget`.
fn replies(api: &mut BTreeMap<&'static str, Value>, change: impl Fn(&mut Value)) {
    for id in ["GetWidget", "CreateWidget"] {
        change(
            &mut api.get_mut(id).expect("operation")["responses"]["200"]["content"]["application/json"]
                ["schema"],
        );
    }
}

/// The parameters of `GetWidget`.
fn parameters<'a>(api: &'a mut BTreeMap<&'static str, Value>) -> &'a mut Vec<Value> {
    api.get_mut("GetWidget").expect("GetWidget")["parameters"]
        .as_array_mut()
        .expect("parameters")
}

type Mutation = fn(&mut BTreeMap<&'static str, Value>);

/// Each change: its name, what it does to the old API, and the line kind it must be reported as.
#[allow(
    clippy::too_many_lines,
    reason = "one short entry per line kind; split up, the list would be harder to check"
)]
fn pairs() -> Vec<(&'static str, Mutation, ChangeKind)> {
    vec![
        (
            "operation_added",
            |api| {
                api.insert("ListWidgets", json!({
                "method": "get", "path": "https://api.example.test/v1/widgets",
                "operationId": "ListWidgets",
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                    "type": "object", "title": "Widget page",
                    "properties": {"total": {"type": "integer"}}
                }}}}}
            }));
            },
            ChangeKind::OperationAdded,
        ),
        (
            "type_added",
            |api| {
                api.insert("CountWidgets", json!({
                "method": "get", "path": "https://api.example.test/v1/widgets/count",
                "operationId": "CountWidgets",
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                    "type": "object", "title": "Widget count",
                    "properties": {"total": {"type": "integer"}}
                }}}}}
            }));
            },
            ChangeKind::TypeAdded,
        ),
        (
            "operation_removed",
            |api| {
                api.remove("DeleteWidget");
            },
            ChangeKind::OperationRemoved,
        ),
        (
            "type_removed",
            |api| {
                let properties = body(api)["properties"].as_object_mut().expect("properties");
                properties.shift_remove("shape");
            },
            ChangeKind::TypeRemoved,
        ),
        (
            "type_renamed",
            |api| {
                replies(api, |schema| schema["title"] = json!("Gadget"));
            },
            ChangeKind::TypeRenamed,
        ),
        (
            "request_field_added",
            |api| {
                body(api)["properties"]["label"] = json!({"type": "string"});
            },
            ChangeKind::FieldAdded,
        ),
        (
            "required_request_field_added",
            |api| {
                body(api)["properties"]["label"] = json!({"type": "string"});
                body(api)["required"] = json!(["name", "kind", "label"]);
            },
            ChangeKind::FieldAdded,
        ),
        (
            "reply_field_added",
            |api| {
                replies(api, |schema| {
                    schema["properties"]["weight"] = json!({"type": "number"});
                });
            },
            ChangeKind::FieldAdded,
        ),
        (
            "required_reply_field_added",
            |api| {
                replies(api, |schema| {
                    schema["properties"]["weight"] = json!({"type": "number"});
                    schema["required"] = json!(["name", "count", "weight"]);
                });
            },
            ChangeKind::FieldAdded,
        ),
        (
            "parameter_added",
            |api| {
                parameters(api).push(json!({
                    "in": "query", "name": "fields", "schema": {"type": "string"}
                }));
            },
            ChangeKind::FieldAdded,
        ),
        (
            "required_parameter_added",
            |api| {
                parameters(api).push(json!({
                    "in": "header", "name": "X-Tenant", "required": true,
                    "schema": {"type": "string"}
                }));
            },
            ChangeKind::FieldAdded,
        ),
        (
            "field_removed",
            |api| {
                replies(api, |schema| {
                    schema["properties"]
                        .as_object_mut()
                        .expect("properties")
                        .shift_remove("size");
                });
            },
            ChangeKind::FieldRemoved,
        ),
        (
            "field_type_changed",
            |api| {
                replies(api, |schema| {
                    schema["properties"]["count"] = json!({"type": "string"});
                });
            },
            ChangeKind::FieldTypeChanged,
        ),
        (
            "field_required",
            |api| {
                body(api)["required"] = json!(["name", "kind", "count"]);
            },
            ChangeKind::FieldRequired,
        ),
        (
            "fixed_field_gains_a_value",
            |api| {
                body(api)["properties"]["kind"]["enum"] = json!(["widget", "gadget"]);
            },
            ChangeKind::FieldNoLongerFixed,
        ),
        (
            "field_optional",
            |api| {
                replies(api, |schema| schema["required"] = json!(["name"]));
            },
            ChangeKind::FieldOptional,
        ),
        (
            "enum_value_added",
            |api| {
                replies(api, |schema| {
                    schema["properties"]["color"]["enum"] = json!(["red", "green", "blue"]);
                });
            },
            ChangeKind::EnumValueAdded,
        ),
        (
            "enum_value_removed",
            |api| {
                replies(api, |schema| {
                    schema["properties"]["color"]["enum"] = json!(["red"]);
                });
            },
            ChangeKind::EnumValueRemoved,
        ),
        (
            "constraint_tightened",
            |api| {
                body(api)["properties"]["count"]["maximum"] = json!(100);
            },
            ChangeKind::ConstraintTightened,
        ),
        (
            "constraint_loosened",
            |api| {
                let count = body(api)["properties"]["count"]
                    .as_object_mut()
                    .expect("count");
                count.shift_remove("minimum");
            },
            ChangeKind::ConstraintLoosened,
        ),
        (
            "route_changed",
            |api| {
                api.get_mut("DeleteWidget").expect("DeleteWidget")["path"] =
                    json!("https://api.example.test/v1/widgets/{widget_id}/delete");
            },
            ChangeKind::RouteChanged,
        ),
        (
            "reply_shape_changed",
            |api| {
                let get = api.get_mut("GetWidget").expect("GetWidget");
                let schema = &mut get["responses"]["200"]["content"]["application/json"]["schema"];
                *schema = json!({"type": "array", "items": schema.clone()});
            },
            ChangeKind::ReplyShapeChanged,
        ),
        (
            "request_shape_changed",
            |api| {
                api.get_mut("CreateWidget").expect("CreateWidget")["requestBody"]["required"] =
                    json!(false);
            },
            ChangeKind::RequestShapeChanged,
        ),
    ]
}

/// The changes the generated types are designed to make additive (issue 14): the report must
/// call exactly these not major, and the compiler must agree.
const NOT_MAJOR: &[&str] = &[
    "operation_added",
    "type_added",
    "request_field_added",
    "reply_field_added",
    "required_reply_field_added",
    "parameter_added",
    "enum_value_added",
    "constraint_tightened",
    "constraint_loosened",
    "route_changed",
];

fn config(crate_name: &str) -> Config {
    Config {
        standalone: false,
        runtime: RuntimeSource::Shared {
            module_path: root()
                .join("codegen/runtime/src/runtime/mod.rs")
                .display()
                .to_string(),
        },
        ..Config::new(crate_name, "Example")
    }
}

fn sources(api: &BTreeMap<&'static str, Value>) -> Vec<SourceFile> {
    api.iter()
        .map(|(id, fragment)| SourceFile {
            name: format!("{id}.json"),
            contents: serde_json::to_string_pretty(fragment).expect("JSON"),
        })
        .collect()
}

/// Writes the client generated from `api` and a downstream crate depending on it.
fn write_pair(workspace: &Path, name: &str, api: &BTreeMap<&'static str, Value>) -> Vec<String> {
    let client = format!("client-{name}");
    let config = config(&client);
    let files = codegen::generate(&sources(api), &config).expect("the fixture generates");
    for (path, contents) in files {
        let path = workspace.join(&client).join(path);
        fs::create_dir_all(path.parent().expect("a folder")).expect("create");
        fs::write(path, contents).expect("write");
    }
    let downstream = format!("downstream-{name}");
    fs::create_dir_all(workspace.join(&downstream).join("src")).expect("create");
    fs::write(
        workspace.join(&downstream).join("Cargo.toml"),
        format!(
            "[package]\nname = \"{downstream}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nclient = {{ package = \"{client}\", path = \"../{client}\" }}\n"
        ),
    )
    .expect("write");
    fs::write(workspace.join(&downstream).join("src/lib.rs"), DOWNSTREAM).expect("write");
    vec![client, downstream]
}

#[test]
fn the_report_says_major_exactly_when_downstream_code_stops_compiling() {
    let workspace = root().join("target/compatibility/workspace");
    let _ = fs::remove_dir_all(&workspace);
    fs::create_dir_all(&workspace).expect("create the workspace");
    let old_api = base();
    let old = codegen::build_api(&sources(&old_api), &config("client-old")).expect("old API");
    let mut members = write_pair(&workspace, "old", &old_api);
    let mut expected = BTreeMap::new();
    for (name, mutation, kind) in pairs() {
        let mut new_api = base();
        mutation(&mut new_api);
        let new = codegen::build_api(&sources(&new_api), &config(&format!("client-{name}")))
            .unwrap_or_else(|error| panic!("{name}: {error:?}"));
        let report = codegen::changes(&old, &new);
        assert!(
            report.changes.iter().any(|change| change.kind == kind),
            "{name}: no `{}` line in\n{}",
            kind.label(),
            report.to_text("0.1.0")
        );
        let major = report.severity() == Some(Severity::Major);
        assert_eq!(
            major,
            !NOT_MAJOR.contains(&name),
            "{name}: the report's bump is not the one the types are designed for:\n{}",
            report.to_text("0.1.0")
        );
        expected.insert(
            format!("downstream-{name}"),
            (!major, report.to_text("0.1.0")),
        );
        members.extend(write_pair(&workspace, name, &new_api));
    }
    let list: Vec<String> = members.iter().map(|member| format!("{member:?}")).collect();
    fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .expect("write");
    // The workspace's own lock file: the same dependency versions, found offline.
    fs::copy(root().join("Cargo.lock"), workspace.join("Cargo.lock")).expect("copy Cargo.lock");
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .current_dir(&workspace)
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/compatibility/target"),
        )
        .args([
            "check",
            "--offline",
            "--keep-going",
            "--quiet",
            "--workspace",
        ]);
    let output = command.output().expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let failed = |package: &str| stderr.contains(&format!("could not compile `{package}`"));
    // Cargo that stops before compiling (a dependency not yet downloaded, which `--offline`
    // cannot fetch) would otherwise read as every downstream crate compiling.
    assert!(
        output.status.success() || stderr.contains("could not compile `"),
        "cargo check did not compile the workspace (run `cargo fetch` first if a download \
         failed):\n{stderr}"
    );
    for member in members
        .iter()
        .filter(|member| member.starts_with("client-"))
    {
        assert!(!failed(member), "{member} does not compile:\n{stderr}");
    }
    assert!(
        !failed("downstream-old"),
        "the downstream code does not compile against the old client:\n{stderr}"
    );
    let mut wrong = Vec::new();
    for (package, (should_compile, report)) in &expected {
        if failed(package) == *should_compile {
            wrong.push(format!(
                "{package}: the report says {}, but it {}:\n{report}",
                if *should_compile {
                    "not major"
                } else {
                    "major"
                },
                if *should_compile {
                    "does not compile"
                } else {
                    "compiles"
                }
            ));
        }
    }
    assert!(wrong.is_empty(), "{}\n\n{stderr}", wrong.join("\n"));
}
